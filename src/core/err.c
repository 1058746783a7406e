/*
 * err.c — filling and naming struct err. Messages are truncated only at
 * 255 bytes, which every message in the code base stays well under; a
 * truncated message is still valid UTF-8 because we cut at a boundary.
 */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void copy_utf8(char *dst, size_t cap, const char *src)
{
	size_t n = src ? strlen(src) : 0;
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(dst, src, n);
	dst[n] = 0;
}

int err_set(struct err *e, int code, const char *field, const char *zh, const char *en)
{
	if (!e)
		return code;
	e->code = code;
	copy_utf8(e->field, sizeof e->field, field ? field : "");
	copy_utf8(e->message, sizeof e->message, zh ? zh : "");
	copy_utf8(e->message_en, sizeof e->message_en, en ? en : "");
	e->codename[0] = 0;
	e->retry_after = 0;
	return code;
}

int err_setf(struct err *e, int code, const char *field, const char *zh_fmt,
	     const char *en_fmt, ...)
{
	const char *fmt[2] = {zh_fmt, en_fmt};
	char msg[2][512];
	if (!e)
		return code;
	for (int i = 0; i < 2; i++) {  /* the same arguments for either language */
		va_list ap;
		va_start(ap, en_fmt);
		vsnprintf(msg[i], sizeof msg[i], fmt[i], ap);
		va_end(ap);
	}
	return err_set(e, code, field, msg[0], msg[1]);
}

void err_clear(struct err *e)
{
	if (e)
		memset(e, 0, sizeof *e);
}

const char *err_codename(const struct err *e)
{
	if (e->codename[0])
		return e->codename;
	switch (e->code) {
	case ERR_INVALID: return "validation";
	case ERR_UNAUTH: return "unauthenticated";
	case ERR_FORBIDDEN: return "forbidden";
	case ERR_NOT_FOUND: return "not_found";
	case ERR_CONFLICT: return "conflict";
	case ERR_RULE: return "rule";
	case ERR_LIMIT: return "throttled";
	case ERR_LOCKED: return "locked";
	case ERR_TOO_LARGE: return "too_large";
	case ERR_STORE: return "store";
	case ERR_IO: return "io";
	default: return "internal";
	}
}

int err_http_status(int code)
{
	switch (code) {
	case ERR_OK: return 200;
	case ERR_INVALID: return 400;
	case ERR_UNAUTH: return 401;
	case ERR_FORBIDDEN: return 403;
	case ERR_NOT_FOUND: return 404;
	case ERR_CONFLICT: return 409;
	case ERR_RULE: return 422;
	case ERR_LIMIT:
	case ERR_LOCKED: return 429;
	case ERR_TOO_LARGE: return 413;
	default: return 500;
	}
}
