/*
 * xmem.h — heap allocation with one out-of-memory policy.
 *
 * Code that needs the heap (rather than the request's arena, core/arena.h)
 * calls these: they never return NULL. On exhaustion the process logs one
 * line and aborts, as the arena does — a server that cannot allocate a few
 * kilobytes cannot answer, and a NULL check at every call site hides more
 * bugs than it prevents. The store's transactions make the abort safe:
 * nothing uncommitted survives it, and nothing committed is lost.
 */
#ifndef WUSHE_CORE_XMEM_H
#define WUSHE_CORE_XMEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);               /* NULL stays NULL */
char *xstrndup(const char *s, size_t n);
/* Room for one more element in the heap array p that holds n of cap
 * elements: when it is full the capacity doubles (the first time it
 * becomes `first`) and p moves (git's ALLOC_GROW). */
#define XGROW(p, n, cap, first)                                                  \
	do {                                                                     \
		if ((n) >= (cap)) {                                              \
			(cap) = (cap) ? (cap) * 2 : (first);                     \
			(p) = xrealloc((p), (size_t)(cap) * sizeof *(p));        \
		}                                                                \
	} while (0)
/* Called on exhaustion: logs and aborts. */
_Noreturn void xmem_fail(size_t n);

#endif
