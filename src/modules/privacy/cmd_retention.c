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

int cmd_retention(int argc, char **argv)
{
	static const char *const opts[] = {"db", "config", "dry-run!", "log-level", NULL};
	struct cli_args a;
	struct config c;
	if (cli_parse(argc, argv, opts, &a) || cli_config(&a, &c))
		return 2;
	if (a.npos) {
		fprintf(stderr, "usage: wushe retention --db PATH [--dry-run]\n");
		return 2;
	}
	struct store *s;
	if (cli_open_store(&c, &s, 0))
		return 1;
	struct err e = {0};
	struct arena arena;
	arena_init(&arena, 0);
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	struct db *db = store_db(s, &e);
	int rc = db ? db_begin_write(db, &e) : ERR_STORE;
	if (!rc) {
		struct ctx cx = ctx_system(db, wtime_now(), &arena, &e);
		rc = privacy_retention_run(&cx, cli_flag(&a, "dry-run"), &w);
		if (!rc)
			rc = db_commit(db, &e);
		else
			db_rollback(db);
	}
	if (!rc)
		printf("%s\n", sb_str(&out));
	sb_free(&out);
	arena_free(&arena);
	store_close(s);
	return rc ? cli_fail("retention", &e) : 0;
}
