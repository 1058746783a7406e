/*
 * ctx.h — what a piece of logic is handed for one request (or one CLI
 * command, or the demo): the store, the caller, the time, the request's
 * arena and where an error goes.
 *
 *     int registry_facility_update(struct ctx *c, int64_t id, const struct registry_facility_in *in);
 *
 * `who` is NULL for the system (the command line, the demo, background
 * jobs), which every scope check admits. Whatever logic allocates for the
 * caller comes from `a` and lives until the response is sent; there is no
 * free. The router fills one per request (struct req's `cx`); the CLI and
 * the demo make theirs with ctx_system().
 */
#ifndef WUSHE_CORE_CTX_H
#define WUSHE_CORE_CTX_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct jw;
struct db;
struct principal;

struct ctx {
	struct db *db;
	const struct principal *who; /* NULL: the system */
	int64_t now;                 /* µs UTC, one value for the whole request */
	struct arena *a;
	struct err *e;
	struct jw *w;                /* the response body (NULL outside a request) */
};

/* A system context (no caller) over db, at now, allocating from a. */
static inline struct ctx ctx_system(struct db *db, int64_t now, struct arena *a, struct err *e)
{
	struct ctx c = {db, NULL, now, a, e, NULL};
	return c;
}

#endif
