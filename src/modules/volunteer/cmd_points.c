/*
 * cmd_points.c — `wushe points check --db PATH`: recompute every points
 * balance from the ledger's entries, check every transaction sums to zero
 * and no volunteer is below zero (points.h); prints a summary and exits 1
 * on any mismatch. `wushe points expire --db PATH`: one expiry pass (the
 * lots past their community's expiry_days go back to it).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/wtime.h"
#include "modules/volunteer/points.h"
#include "store/store.h"

/* The points an expiry pass took back (one pass at a time: the CLI). */
static int64_t expired_points;

static int expire_lots(struct ctx *c, int64_t *lots)
{
	return vol_points_expire(c, lots, &expired_points);
}

/* One expiry pass in its own write transaction: the server's job
 * (volunteer.points_expire) and `wushe points expire`. */
int vol_points_expire_pass(struct db *db, int64_t now, int64_t *n, struct err *e)
{
	return db_run_pass(db, now, expire_lots, n, e);
}

static int points_run(struct cli_run *r)
{
	struct db *db = store_db(r->s, &r->e);
	if (!db)
		return r->e.code;
	const char *what = r->a.pos[0];
	if (!strcmp(what, "check")) {
		struct vol_points_report rep;
		int rc;
		if ((rc = db_begin(db, &r->e)))
			return rc;
		rc = vol_points_check(db, &rep, &r->e);
		db_rollback(db);
		if (rc)
			return rc;
		printf("{\"txns\":%lld,\"accounts\":%lld,\"entries\":%lld,\"unbalanced_txns\":%lld,"
		       "\"balance_mismatches\":%lld,\"negative_balances\":%lld,\"lot_mismatches\":%lld,"
		       "\"first_bad_account\":%lld,\"first_bad_txn\":%lld,\"ok\":%s}\n",
		       (long long)rep.txns, (long long)rep.accounts, (long long)rep.entries,
		       (long long)rep.unbalanced_txns, (long long)rep.balance_mismatches,
		       (long long)rep.negative_balances, (long long)rep.lot_mismatches,
		       (long long)rep.first_bad_account, (long long)rep.first_bad_txn,
		       vol_points_report_ok(&rep) ? "true" : "false");
		if (!vol_points_report_ok(&rep)) {
			fprintf(stderr, "wushe points check: 积分账目不一致 / the points ledger does not add up\n");
			return 1;
		}
		return 0;
	}
	if (!strcmp(what, "expire") || !strcmp(what, "earn")) {
		bool expire = !strcmp(what, "expire");
		int64_t lots = 0;
		int rc = db_run_pass(db, wtime_now(), expire ? expire_lots : vol_points_earn_all, &lots, &r->e);
		if (rc)
			return rc;
		if (expire)
			printf("{\"lots\":%lld,\"points\":%lld}\n", (long long)lots, (long long)expired_points);
		else
			printf("{\"earned\":%lld}\n", (long long)lots);
		return 0;
	}
	fprintf(stderr, "usage: wushe points check|expire|earn --db PATH\n");
	return 2;
}

int cmd_points(int argc, char **argv)
{
	static const struct cli_cmd cmd = {.name = "points", .npos = 1,
					   .usage = "usage: wushe points check|expire|earn --db PATH",
					   .run = points_run};
	return cli_main(argc, argv, &cmd);
}
