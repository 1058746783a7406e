/*
 * run.c — db_run_write (store.h): one piece of logic, as the system, in
 * its own write transaction — what a background job's pass and a command
 * line's write share.
 */
#include "core/arena.h"
#include "core/ctx.h"
#include "store/store.h"

int db_run_pass(struct db *db, int64_t now, int (*fn)(struct ctx *c, int64_t *n), int64_t *n, struct err *e)
{
	struct arena a;
	arena_init(&a, 1 << 16);
	struct ctx c = ctx_system(db, now, &a, e);
	*n = 0;
	int rc = db_begin_write(db, e);
	if (!rc && !(rc = fn(&c, n)))
		rc = db_commit(db, e);
	else if (db_in_tx(db))
		db_rollback(db);
	arena_free(&a);
	return rc;
}
