/* sb.c — see sb.h. */
#include "core/sb.h"

#include "core/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_grow(struct sb *s, size_t extra)
{
	if (s->len + extra + 1 <= s->cap)
		return;
	size_t cap = s->cap ? s->cap : 64;
	while (cap < s->len + extra + 1)
		cap *= 2;
	char *nb = realloc(s->buf, cap);
	if (!nb)
		abort();
	s->buf = nb;
	s->cap = cap;
}

void sb_add(struct sb *s, const void *p, size_t n)
{
	sb_grow(s, n);
	if (n)
		memcpy(s->buf + s->len, p, n);
	s->len += n;
	s->buf[s->len] = 0;
}

void sb_adds(struct sb *s, const char *str)
{
	sb_add(s, str, strlen(str));
}

void sb_addc(struct sb *s, char c)
{
	sb_grow(s, 1);
	s->buf[s->len++] = c;
	s->buf[s->len] = 0;
}

void sb_addf(struct sb *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t n = fmt_len(fmt, ap);
	sb_grow(s, n);
	vsnprintf(s->buf + s->len, n + 1, fmt, ap);
	va_end(ap);
	s->len += n;
}

void sb_add_i64(struct sb *s, int64_t v)
{
	char tmp[24];
	int i = 23;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	tmp[i] = 0;
	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[--i] = '-';
	sb_add(s, tmp + i, (size_t)(23 - i));
}

void sb_reset(struct sb *s)
{
	s->len = 0;
	if (s->buf)
		s->buf[0] = 0;
}

void sb_free(struct sb *s)
{
	free(s->buf);
	s->buf = NULL;
	s->len = s->cap = 0;
}

char *sb_detach(struct sb *s, size_t *len)
{
	if (!s->buf)
		sb_grow(s, 0), s->buf[0] = 0;
	char *b = s->buf;
	if (len)
		*len = s->len;
	s->buf = NULL;
	s->len = s->cap = 0;
	return b;
}
