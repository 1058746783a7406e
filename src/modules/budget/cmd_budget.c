/*
 * cmd_budget.c — `wushe budget tally ID --db PATH`: count a participatory
 * budget's ballots again by its rule (budget.h pb_budget_tally, as the
 * organisers' 重新计票 does) in one write transaction, and print what it
 * counted and how long the count took (bench/budget.sh measures it with
 * 200 projects and 100,000 ballots).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/wtime.h"
#include "modules/budget/budget.h"
#include "store/store.h"

static int budget_run(struct cli_run *r)
{
	if (strcmp(r->a.pos[0], "tally")) {
		fprintf(stderr, "usage: wushe budget tally ID --db PATH\n");
		return 2;
	}
	char *end = NULL;
	long long id = strtoll(r->a.pos[1], &end, 10);
	if (!end || *end || id <= 0) {
		fprintf(stderr, "wushe budget: 预算编号应为正整数 / the budget id must be a positive integer\n");
		return 2;
	}
	struct db *db = store_db(r->s, &r->e);
	if (!db)
		return r->e.code;
	struct arena a;
	arena_init(&a, 1 << 16);
	struct ctx c = ctx_system(db, wtime_now(), &a, &r->e);
	int64_t t0 = wtime_mono();
	int rc = db_begin_write(db, &r->e);
	if (!rc)
		rc = pb_budget_tally(&c, id);
	int64_t t1 = wtime_mono();
	if (!rc)
		rc = db_commit(db, &r->e);
	else if (db_in_tx(db))
		db_rollback(db);
	int64_t t2 = wtime_mono();
	int64_t ballots = 0, projects = 0, funded = 0, remainder = 0;
	struct stmt *st;
	if (!rc && db_row(db, &r->e, &st, "SELECT ballots, funded_fen, remainder_fen FROM pb_budgets WHERE id=?", "i",
			  (int64_t)id) == 1) {
		ballots = col_int(st, 0);
		funded = col_int(st, 1);
		remainder = col_int(st, 2);
		stmt_done(st);
		db_int(db, &r->e, &projects, "SELECT count(*) FROM pb_results WHERE budget_id=?", "i", (int64_t)id);
	}
	arena_free(&a);
	if (rc)
		return rc;
	printf("{\"budget\":%lld,\"ballots\":%lld,\"projects\":%lld,\"funded_fen\":%lld,\"remainder_fen\":%lld,"
	       "\"tally_ms\":%.1f,\"with_commit_ms\":%.1f}\n",
	       id, (long long)ballots, (long long)projects, (long long)funded, (long long)remainder,
	       (double)(t1 - t0) / 1000.0, (double)(t2 - t0) / 1000.0);
	return 0;
}

int cmd_budget(int argc, char **argv)
{
	static const struct cli_cmd cmd = {.name = "budget", .npos = 2,
					   .usage = "usage: wushe budget tally ID --db PATH",
					   .run = budget_run};
	return cli_main(argc, argv, &cmd);
}
