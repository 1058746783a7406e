/*
 * cmd_funds.c — `wushe funds check --db URL`: recompute every account of
 * the funds' ledger from its transfers and check its rules (funds.h);
 * prints a summary, each mismatch on stderr, and exits 1 on any.
 * `wushe funds expire --db URL`: one expiry pass of the pending transfers
 * whose time ran out (the server's job funds.expire does the same).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/wtime.h"
#include "modules/funds/funds.h"
#include "store/store.h"

static int funds_run(struct cli_run *r)
{
	struct db *db = store_db(r->s, &r->e);
	if (!db)
		return r->e.code;
	const char *what = r->a.pos[0];
	if (!strcmp(what, "check")) {
		int64_t bad = 0, transfers = 0, accounts = 0;
		int rc;
		if ((rc = db_begin(db, &r->e)))
			return rc;
		if ((rc = db_int(db, &r->e, &transfers, "SELECT count(*) FROM fund_transfers", "")) >= 0 &&
		    (rc = db_int(db, &r->e, &accounts, "SELECT count(*) FROM fund_accounts", "")) >= 0)
			rc = funds_check(db, &bad, &r->e);
		db_rollback(db);
		if (rc)
			return rc;
		printf("{\"transfers\":%lld,\"accounts\":%lld,\"mismatches\":%lld,\"ok\":%s}\n", (long long)transfers,
		       (long long)accounts, (long long)bad, bad ? "false" : "true");
		if (bad) {
			fprintf(stderr, "wushe funds check: 基金账目不一致，%lld 处 / the funds' ledger does not add up: %lld mismatches\n",
				(long long)bad, (long long)bad);
			return 1;
		}
		return 0;
	}
	if (!strcmp(what, "expire")) {
		int64_t n = 0;
		int rc = funds_expire_pass(db, wtime_now(), &n, &r->e);
		if (rc)
			return rc;
		printf("{\"expired\":%lld}\n", (long long)n);
		return 0;
	}
	fprintf(stderr, "usage: wushe funds check|expire --db URL\n");
	return 2;
}

int cmd_funds(int argc, char **argv)
{
	static const struct cli_cmd cmd = {.name = "funds", .npos = 1, .usage = "usage: wushe funds check|expire --db URL",
					   .run = funds_run};
	return cli_main(argc, argv, &cmd);
}
