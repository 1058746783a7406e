/*
 * arena.h — a request-lifetime bump allocator.
 *
 * Everything a request needs is taken from its arena and released at once
 * when the response has been sent. Allocation never fails silently: on
 * exhaustion of memory the process aborts (a server that cannot allocate
 * a few kilobytes cannot answer anyway, and a NULL check at every call
 * site would hide more bugs than it prevents).
 */
#ifndef WUSHE_CORE_ARENA_H
#define WUSHE_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;
struct arena {
	struct arena_block *head;
	size_t block_size;
};

void arena_init(struct arena *a, size_t block_size);
void *arena_alloc(struct arena *a, size_t n);          /* 16-byte aligned, zeroed */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The length printf would write for fmt and ap (ap is left unread). */
size_t fmt_len(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
void arena_reset(struct arena *a);                     /* keeps the first block */
void arena_free(struct arena *a);

#endif
