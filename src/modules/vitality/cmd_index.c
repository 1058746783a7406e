/*
 * cmd_index.c — `wushe index recompute --db PATH [--month YYYY-MM]
 * [--months N]`: rebuild the vitality index snapshots of one month (default
 * the current one), or of the N months ending with it, each in its own
 * write transaction, and print per month the elapsed milliseconds and the
 * number of regions scored (communities + towns + district).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/wtime.h"
#include "modules/vitality/vitality.h"
#include "store/store.h"

static int usage(void)
{
	fprintf(stderr, "usage: wushe index recompute --db PATH [--month YYYY-MM] [--months N]\n");
	return 2;
}

int cmd_index(int argc, char **argv)
{
	static const char *const opts[] = {"db", "config", "month", "months", "log-level", NULL};
	struct cli_args a;
	struct config c;
	if (argc < 2 || strcmp(argv[1], "recompute") != 0)
		return usage();
	if (cli_parse(argc - 1, argv + 1, opts, &a) || cli_config(&a, &c))
		return 2;
	if (a.npos)
		return usage();
	struct vitality_period last;
	const char *month = cli_opt(&a, "month");
	if (month && vitality_month_parse(month, &last)) {
		fprintf(stderr, "wushe index: 月份格式应为 YYYY-MM / month must be YYYY-MM: %s\n", month);
		return 2;
	}
	if (!month)
		vitality_month_of(wtime_now(), &last);
	int months = 1;
	const char *ms = cli_opt(&a, "months");
	if (ms) {
		char *end;
		long v = strtol(ms, &end, 10);
		if (*end || v < 1 || v > 120) {
			fprintf(stderr, "wushe index: --months 应为 1 到 120 / --months must be 1 to 120\n");
			return 2;
		}
		months = (int)v;
	}
	struct store *s;
	if (cli_open_store(&c, &s, 0))
		return 1;
	struct err e = {0};
	struct arena arena;
	arena_init(&arena, 0);
	struct db *db = store_db(s, &e);
	int rc = db ? 0 : ERR_STORE;
	for (int k = months - 1; !rc && k >= 0; k--) {
		struct vitality_period m;
		vitality_month_add(&last, -k, &m);
		struct vitality_run run;
		int64_t t0 = wtime_mono();
		rc = db_begin_write(db, &e);
		struct ctx cx = ctx_system(db, wtime_now(), &arena, &e);
		if (!rc)
			rc = vitality_recompute(&cx, m.text, "cli", &run);
		if (!rc)
			rc = db_commit(db, &e);
		else
			db_rollback(db);
		if (!rc)
			printf("%s: %lld ms, %lld regions scored (%lld communities), %d components without a module\n",
			       run.month, (long long)((wtime_mono() - t0) / 1000), (long long)run.regions,
			       (long long)run.communities, run.absent);
	}
	arena_free(&arena);
	store_close(s);
	return rc ? cli_fail("index", &e) : 0;
}
