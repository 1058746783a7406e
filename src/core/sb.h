/*
 * sb.h — the length-tracked string builder used for all text assembly
 * (Redis' sds / git's strbuf in spirit). The buffer is always
 * NUL-terminated; growth aborts on out-of-memory like the arena.
 */
#ifndef WUSHE_CORE_SB_H
#define WUSHE_CORE_SB_H

#include <stddef.h>
#include <stdint.h>

struct sb {
	char *buf;
	size_t len, cap;
};

#define SB_INIT {NULL, 0, 0}

void sb_grow(struct sb *s, size_t extra);
void sb_add(struct sb *s, const void *p, size_t n);
void sb_adds(struct sb *s, const char *str);
void sb_addc(struct sb *s, char c);
void sb_addf(struct sb *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_add_i64(struct sb *s, int64_t v);
void sb_reset(struct sb *s);
void sb_free(struct sb *s);
/* Hand the buffer to the caller (free()), leaving s empty. */
char *sb_detach(struct sb *s, size_t *len);
static inline const char *sb_str(const struct sb *s) { return s->buf ? s->buf : ""; }

/* The value of a hexadecimal digit, or -1. */
static inline int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
