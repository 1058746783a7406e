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
	static const char *const opts[] = {"db", "config", NULL};
	struct cli_args a;
	struct config c;
	if (cli_parse(argc, argv, opts, &a) || cli_config(&a, &c))
		return 2;
	if (a.npos != 2 || strcmp(a.pos[0], "hsds") != 0) {
		fprintf(stderr, "usage: wushe export hsds DIR --db PATH\n");
		return 2;
	}
	struct store *s;
	if (cli_open_store(&c, &s, 0))
		return 1;
	struct err e = {0};
	int64_t n[3] = {0, 0, 0};
	struct db *db = store_db(s, &e);
	int rc = db ? db_begin(db, &e) : ERR_STORE;
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
