/* jw.c — see jw.h. */
#include "core/jw.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/wtime.h"

void jw_init(struct jw *w, struct sb *out)
{
	w->out = out;
	w->depth = 0;
	w->comma[0] = false;
	w->after_key = false;
}

static void sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->comma[w->depth])
		sb_addc(w->out, ',');
	w->comma[w->depth] = true;
}

static void open(struct jw *w, char c)
{
	sep(w);
	sb_addc(w->out, c);
	assert(w->depth + 1 < JW_MAX_DEPTH);
	w->depth++;
	w->comma[w->depth] = false;
}

static void close_(struct jw *w, char c)
{
	assert(w->depth > 0);
	w->depth--;
	sb_addc(w->out, c);
}

void jw_obj(struct jw *w) { open(w, '{'); }
void jw_obj_end(struct jw *w) { close_(w, '}'); }
void jw_arr(struct jw *w) { open(w, '['); }
void jw_arr_end(struct jw *w) { close_(w, ']'); }

void json_escape(struct sb *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	sb_grow(out, n + 2);
	sb_addc(out, '"');
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		sb_add(out, s + start, i - start);
		start = i + 1;
		switch (c) {
		case '"': sb_add(out, "\\\"", 2); break;
		case '\\': sb_add(out, "\\\\", 2); break;
		case '\n': sb_add(out, "\\n", 2); break;
		case '\r': sb_add(out, "\\r", 2); break;
		case '\t': sb_add(out, "\\t", 2); break;
		default: {
			char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			sb_add(out, u, 6);
		}
		}
	}
	sb_add(out, s + start, n - start);
	sb_addc(out, '"');
}

void jw_key(struct jw *w, const char *k)
{
	sep(w);
	json_escape(w->out, k, strlen(k));
	sb_addc(w->out, ':');
	w->after_key = true;
}

void jw_strn(struct jw *w, const char *s, size_t n)
{
	sep(w);
	json_escape(w->out, s, n);
}

void jw_str(struct jw *w, const char *s)
{
	if (!s) {
		jw_null(w);
		return;
	}
	jw_strn(w, s, strlen(s));
}

void jw_int(struct jw *w, int64_t v)
{
	sep(w);
	sb_add_i64(w->out, v);
}

void jw_double(struct jw *w, double v)
{
	sep(w);
	if (!isfinite(v)) {
		sb_adds(w->out, "null");
		return;
	}
	sb_addf(w->out, "%.10g", v);
}

void jw_bool(struct jw *w, bool v)
{
	sep(w);
	sb_adds(w->out, v ? "true" : "false");
}

void jw_null(struct jw *w)
{
	sep(w);
	sb_adds(w->out, "null");
}

void jw_raw(struct jw *w, const char *json)
{
	sep(w);
	sb_adds(w->out, json && *json ? json : "null");
}

void jw_time(struct jw *w, int64_t us)
{
	if (!us) {
		jw_null(w);
		return;
	}
	char buf[40];
	wtime_format(us, buf, sizeof buf);
	jw_str(w, buf);
}

void jw_kstrs(struct jw *w, const char *k, ...)
{
	va_list ap;
	va_start(ap, k);
	for (; k; k = va_arg(ap, const char *))
		jw_kstr(w, k, va_arg(ap, const char *));
	va_end(ap);
}
