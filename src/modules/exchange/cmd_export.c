/*
 * cmd_export.c — `wushe export hsds DIR --db PATH`: write the service
 * directory as Open Referral HSDS 3.0 JSON (organizations.json,
 * services.json, service_at_locations.json; each a JSON array) into DIR,
 * created if missing. The export reads one consistent snapshot and holds
 * what the public API under /api/v1/hsds/ serves (docs/hsds.md).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "modules/exchange/xchg_dir.h"
#include "store/store.h"

int cmd_export(int argc, char **argv)
{
	static const struct cli_cmd cmd = {
		.npos = 2, .sub = "hsds", .usage = "usage: wushe export hsds DIR --db PATH"};
	struct cli_args a;
	struct config c;
	struct store *s;
	int rc = cli_start(argc, argv, &cmd, &a, &c, &s);
	if (rc)
		return rc;
	struct err e = {0};
	int64_t n[3] = {0, 0, 0};
	struct db *db = store_db(s, &e);
	rc = db ? db_begin(db, &e) : ERR_STORE;
	if (!rc) {
		rc = xchg_hsds_export_dir(db, a.pos[1], n, &e);
		db_rollback(db); /* read-only snapshot */
	}
	store_close(s);
	if (rc)
		return cli_fail("export", &e);
	printf("HSDS 3.0 已导出 / exported to %s: %lld organizations, %lld services, %lld service_at_locations\n",
	       a.pos[1], (long long)n[0], (long long)n[1], (long long)n[2]);
	return 0;
}
