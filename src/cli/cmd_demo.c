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

static int demo_run(struct cli_run *r)
{
	struct err *e = &r->e;
	struct db *db = store_db(r->s, e);
	int64_t n = 0;
	int rc = db ? db_int(db, e, &n, "SELECT count(*) FROM regions", "") : ERR_STORE;
	if (rc < 0)
		return rc;
	if (n > 0) {
		printf("数据库已有数据，未写入演示数据 / database already has data; demo not loaded: %s\n", r->c.db);
		return 0;
	}
	int64_t now = wtime_now();
	rc = db_begin_write(db, e);
	/* Every area's part, in the areas' order (core/module.h): regions,
	 * accounts, registry, …, the vitality index last (it scores the rest). */
	int nmod;
	const struct module *const *mods = modules_all(&nmod);
	for (int i = 0; !rc && i < nmod; i++)
		if (mods[i]->demo)
			rc = mods[i]->demo(db, now, e);
	if (!rc)
		rc = db_commit(db, e);
	else
		db_rollback(db);
	if (rc)
		return rc;
	printf("演示数据已写入 / demo district loaded: %s\n"
	       "  账号 / accounts (密码 / password Demo@2026): admin (区), daliang (大良), ronggui (容桂),"
	       " beiqu (北区社区), wenhua (文华社区), resident (居民 黄婉仪), provider (北区社区助老服务队),"
	       " sw1 sw2 (容桂社工站 社工), swsup (督导), swref (和悦社工, 转介接收)\n",
	       r->c.db);
	return 0;
}

int cmd_demo(int argc, char **argv)
{
	static const struct cli_cmd cmd = {.name = "demo", .npos = -1, .run = demo_run};
	return cli_main(argc, argv, &cmd);
}
