/*
 * cmd_demo.c — `wushe demo`: a living 顺德区 for `make run`, the tests and
 * the benchmarks. The towns and communities are those the seed documents
 * name (DOMAIN.md §3); 文华社区's figures are the journal's (66,949
 * residents, 56,506 of them new residents); the other figures are
 * plausible stand-ins, marked as demo data in docs. Every area adds its
 * part through its descriptor's demo loader (src/modules/<area>/demo.c,
 * core/module.h), so the UI never opens on empty tables.
 * Runs in one transaction: a demo database is complete or absent.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/module.h"
#include "core/wtime.h"
#include "store/store.h"

int cmd_demo(int argc, char **argv)
{
	static const struct cli_cmd cmd = {.npos = -1};
	struct cli_args a;
	struct config c;
	struct store *s;
	int rc = cli_start(argc, argv, &cmd, &a, &c, &s);
	if (rc)
		return rc;
	struct err e = {0};
	struct db *db = store_db(s, &e);
	int64_t n = 0;
	rc = db ? db_int(db, &e, &n, "SELECT count(*) FROM regions", "") : ERR_STORE;
	if (rc < 0) {
		store_close(s);
		return cli_fail("demo", &e);
	}
	if (n > 0) {
		printf("数据库已有数据，未写入演示数据 / database already has data; demo not loaded: %s\n", c.db);
		store_close(s);
		return 0;
	}
	int64_t now = wtime_now();
	rc = db_begin_write(db, &e);
	/* Every area's part, in the areas' order (core/module.h): regions,
	 * accounts, registry, …, the vitality index last (it scores the rest). */
	int nmod;
	const struct module *const *mods = modules_all(&nmod);
	for (int i = 0; !rc && i < nmod; i++)
		if (mods[i]->demo)
			rc = mods[i]->demo(db, now, &e);
	if (!rc)
		rc = db_commit(db, &e);
	else
		db_rollback(db);
	store_close(s);
	if (rc)
		return cli_fail("demo", &e);
	printf("演示数据已写入 / demo district loaded: %s\n"
	       "  账号 / accounts (密码 / password Demo@2026): admin (区), daliang (大良), ronggui (容桂),"
	       " beiqu (北区社区), wenhua (文华社区), resident (居民 黄婉仪), provider (北区社区助老服务队)\n",
	       c.db);
	return 0;
}
