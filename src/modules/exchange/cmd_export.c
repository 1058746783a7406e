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
#include "modules/exchange/exchange_dir.h"
#include "store/store.h"

static int export_run(struct cli_run *r)
{
	int64_t n[3] = {0, 0, 0};
	struct db *db = store_db(r->s, &r->e);
	int rc = db ? db_begin(db, &r->e) : ERR_STORE;
	if (!rc) {
		rc = exchange_hsds_export_dir(db, r->a.pos[1], n, &r->e);
		db_rollback(db); /* read-only snapshot */
	}
	if (rc)
		return rc;
	printf("HSDS 3.0 已导出 / exported to %s: %lld organizations, %lld services, %lld service_at_locations\n",
	       r->a.pos[1], (long long)n[0], (long long)n[1], (long long)n[2]);
	return 0;
}

int cmd_export(int argc, char **argv)
{
	static const struct cli_cmd cmd = {.name = "export", .npos = 2, .sub = "hsds",
					   .usage = "usage: wushe export hsds DIR --db PATH", .run = export_run};
	return cli_main(argc, argv, &cmd);
}
