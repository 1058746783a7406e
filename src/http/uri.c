/*
 * uri.c — the one check every request target passes before any handler
 * sees it (hole 10 of issue 15).
 *
 * libmicrohttpd percent-decodes the path and the query arguments in place
 * and hands them on as C strings, so "1%00" reaches a handler as "1" and
 * "%FF" as a lone byte that is not UTF-8. The server therefore checks the
 * raw target once, as the client sent it: every escape well formed, no
 * decoded NUL or other control character, every decoded path segment,
 * argument name and value valid UTF-8, and no encoded '/' inside a path
 * segment. What passes can be read by handlers as plain text.
 */
#include <stdio.h>
#include <string.h>

#include "http/http.h"

bool http_utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		size_t len;
		unsigned min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			len = 2, min = 0x80, c &= 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3, min = 0x800, c &= 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4, min = 0x10000, c &= 0x07;
		} else {
			return false;
		}
		if (i + len > n)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			c = (c << 6) | (s[i + k] & 0x3F);
		}
		/* Overlong forms, UTF-16 surrogates and code points past U+10FFFF. */
		if (c < min || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
			return false;
		i += len;
	}
	return true;
}

enum part { PART_PATH, PART_NAME, PART_VALUE };

/* Decode [s, s+n) into out (at most n bytes); false on a broken escape, a
 * decoded control character, an encoded '/' in a path segment or invalid
 * UTF-8. */
static bool decode_ok(const char *s, size_t n, enum part part, unsigned char *out, size_t *outlen)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '%') {
			if (i + 2 >= n)
				return false;
			int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
			if (hi < 0 || lo < 0)
				return false;
			ch = (unsigned char)(hi * 16 + lo);
			if (part == PART_PATH && ch == '/')
				return false;
			i += 2;
		} else if (ch == '+' && part != PART_PATH) {
			ch = ' ';
		}
		if (ch < 0x20 || ch == 0x7F)
			return false;
		out[o++] = ch;
	}
	*outlen = o;
	return http_utf8_valid(out, o);
}

int http_uri_check(const char *raw, struct arena *a, struct err *e)
{
	size_t n = strlen(raw);
	unsigned char *buf = arena_alloc(a, n + 1);
	size_t len;
	const char *q = strchr(raw, '?');
	size_t plen = q ? (size_t)(q - raw) : n;
	if (!decode_ok(raw, plen, PART_PATH, buf, &len))
		return err_set(e, ERR_INVALID, "path", "请求路径含有无效字符或编码（须为合法的 UTF-8）",
			       "the request path holds an invalid character or escape (it must be valid UTF-8)");
	if (!q)
		return 0;
	const char *p = q + 1;
	while (*p) {
		const char *amp = strchr(p, '&');
		size_t alen = amp ? (size_t)(amp - p) : strlen(p);
		const char *eq = memchr(p, '=', alen);
		size_t nlen = eq ? (size_t)(eq - p) : alen;
		size_t dlen;
		if (!decode_ok(p, nlen, PART_NAME, buf, &dlen))
			return err_set(e, ERR_INVALID, "query", "查询参数名含有无效字符或编码（须为合法的 UTF-8）",
				       "a query parameter name holds an invalid character or escape (it must be valid UTF-8)");
		buf[dlen] = 0;
		if (eq && !decode_ok(eq + 1, alen - nlen - 1, PART_VALUE, buf + dlen + 1, &len))
			return err_setf(e, ERR_INVALID, (const char *)buf,
					"参数 %.64s 含有无效字符或编码（须为合法的 UTF-8）",
					"parameter %.64s holds an invalid character or escape (it must be valid UTF-8)",
					(const char *)buf);
		p += alen;
		if (*p == '&')
			p++;
	}
	return 0;
}

/* The path as the access log shows it: a secret a URL carries (a calendar
 * subscription's wcf_… token) is cut to its prefix, so the log never holds
 * what would let its reader poll someone's calendar. */
const char *http_log_path(const char *path, char *buf, size_t cap)
{
	if (!path || !strstr(path, "/wcf_"))
		return path ? path : "-";
	size_t o = 0;
	for (const char *p = path; *p && o + 8 < cap;) {
		if (p[0] == '/' && strncmp(p + 1, "wcf_", 4) == 0) {
			memcpy(buf + o, "/wcf_***", 8);
			o += 8;
			p++;
			while (*p && *p != '/')
				p++;
			continue;
		}
		buf[o++] = *p++;
	}
	buf[o] = 0;
	return buf;
}
