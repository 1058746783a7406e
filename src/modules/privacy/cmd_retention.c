/*
 * cmd_retention.c — `wushe retention --db PATH [--dry-run]`: run the
 * retention job (privacy_retention_run) in one write transaction and print
 * what each kind expired. Meant for a daily timer (docs/privacy.md).
 */
#include <stdio.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/jw.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "modules/privacy/privacy.h"
#include "store/store.h"

static int retention_run(struct cli_run *r)
{
	struct arena arena;
	arena_init(&arena, 0);
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	struct db *db = store_db(r->s, &r->e);
	int rc = db ? db_begin_write(db, &r->e) : ERR_STORE;
	if (!rc) {
		struct ctx cx = ctx_system(db, wtime_now(), &arena, &r->e);
		rc = privacy_retention_run(&cx, cli_flag(&r->a, "dry-run"), &w);
		if (!rc)
			rc = db_commit(db, &r->e);
		else
			db_rollback(db);
	}
	if (!rc)
		printf("%s\n", sb_str(&out));
	sb_free(&out);
	arena_free(&arena);
	return rc;
}

int cmd_retention(int argc, char **argv)
{
	static const char *const opts[] = {"db", "config", "dry-run!", "log-level", NULL};
	static const struct cli_cmd cmd = {.name = "retention", .opts = opts, .npos = 0,
					   .usage = "usage: wushe retention --db PATH [--dry-run]",
					   .run = retention_run};
	return cli_main(argc, argv, &cmd);
}
