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
/* Called on exhaustion: logs and aborts. */
_Noreturn void xmem_fail(size_t n);

#endif
