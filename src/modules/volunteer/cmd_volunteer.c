/*
 * cmd_volunteer.c — `wushe volunteer close --db PATH`: close the check-outs
 * volunteers missed on activity days that have ended (vol_close_missed),
 * in one write transaction (vol_close_pass, which a server's timer can call
 * on its own connection); confirming an activity's hours closes that
 * activity's first. Prints how many it closed.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/wtime.h"
#include "modules/volunteer/volunteer.h"
#include "store/store.h"

static int close_all(struct ctx *c, int64_t *n)
{
	return vol_close_missed(c, 0, n);
}

int vol_close_pass(struct db *db, int64_t now, int64_t *n, struct err *e)
{
	return db_run_pass(db, now, close_all, n, e);
}

static int close_run(struct cli_run *r)
{
	struct db *db = store_db(r->s, &r->e);
	if (!db)
		return r->e.code;
	int64_t n = 0;
	int rc = vol_close_pass(db, wtime_now(), &n, &r->e);
	if (!rc)
		printf("{\"closed\":%lld}\n", (long long)n);
	return rc;
}

int cmd_volunteer(int argc, char **argv)
{
	static const struct cli_cmd cmd = {.name = "volunteer", .npos = 1, .sub = "close",
					   .usage = "usage: wushe volunteer close --db PATH", .run = close_run};
	return cli_main(argc, argv, &cmd);
}
