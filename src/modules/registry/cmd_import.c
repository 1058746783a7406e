/*
 * cmd_import.c — `wushe import people|organisations|teams FILE --db PATH
 * --region NAME|ID [--dry-run] [--as USERNAME] [--report ERRORS.csv]
 * [--json]`: the registry bulk import (modules/registry/registry_import.h) from
 * the command line, for first loads and benchmarks.
 *
 * Without --as the operator of the machine imports (audited as "system")
 * into --region; with --as the named user's grants limit the scope exactly
 * as in the web UI. The whole file is one transaction: any bad row and
 * nothing is written. Prints the report (or --json: the API's JSON) and
 * the speed in rows per second. Exit status: 0 imported (or, with
 * --dry-run, no errors), 1 bad rows or failure, 2 usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "core/jw.h"
#include "core/log.h"
#include "core/module.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "modules/region/region.h"
#include "modules/registry/registry_import.h"
#include "store/store.h"

static const char usage_line[] =
	"usage: wushe import people|organisations|teams FILE --db PATH --region NAME|ID"
	" [--dry-run] [--as USERNAME] [--report ERRORS.csv] [--json]\n";

static char *slurp(const char *path, size_t *len, struct err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		err_setf(e, ERR_IO, "file", "无法打开文件 %s", "cannot open the file %s", path);
		return NULL;
	}
	struct sb b = SB_INIT;
	char buf[1 << 16];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_add(&b, buf, n);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		sb_free(&b);
		err_setf(e, ERR_IO, "file", "读取文件 %s 失败", "cannot read the file %s", path);
		return NULL;
	}
	return sb_detach(&b, len);
}

static int write_file(const char *path, const char *data, size_t len, struct err *e)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		if (f)
			fclose(f);
		return err_setf(e, ERR_IO, "report", "无法写入 %s", "cannot write %s", path);
	}
	return 0;
}

int cmd_import(int argc, char **argv)
{
	static const char *const opts[] = {"db", "config", "region", "as", "report", "dry-run!",
					   "json!", "log-level", NULL};
	struct cli_args a;
	struct config c;
	/* Another area's kind (`wushe import applications …`): its command
	 * "import-KIND", handed the arguments from KIND on. */
	if (argc > 1 && registry_import_kind_from_id(argv[1]) < 0) {
		char name[64];
		int n = snprintf(name, sizeof name, "import-%s", argv[1]);
		const struct module_cmd *mc = n > 0 && (size_t)n < sizeof name ? modules_command(name) : NULL;
		if (mc)
			return mc->fn(argc - 1, argv + 1);
	}
	if (cli_parse(argc, argv, opts, &a) || cli_config(&a, &c)) {
		fputs(usage_line, stderr);
		return 2;
	}
	int kind = a.npos == 2 ? registry_import_kind_from_id(a.pos[0]) : -1;
	if (kind < 0) {
		fputs(usage_line, stderr);
		return 2;
	}
	struct err e = {0};
	size_t len = 0;
	char *data = slurp(a.pos[1], &len, &e);
	if (!data)
		return cli_fail("import", &e);
	/* A large page cache: the unique indexes of a million-row load stay in memory. */
	struct store_opts so = {.cache_kib = 512 * 1024};
	struct store *s = NULL;
	if (store_open(c.db, &so, &s, &e)) {
		free(data);
		return cli_fail("import", &e);
	}
	struct arena ar;
	arena_init(&ar, 0);
	struct principal who, *actor = NULL;
	struct registry_import_result res;
	registry_import_result_init(&res);
	struct db *db = store_db(s, &e);
	int rc = db ? 0 : ERR_STORE, status = 1;
	const char *as = cli_opt(&a, "as"), *region = cli_opt(&a, "region");
	int64_t region_id = 0;
	if (!rc)
		rc = db_begin_write(db, &e);
	if (!rc && as) {
		int64_t uid = 0;
		rc = db_int(db, &e, &uid, "SELECT id FROM users WHERE username=?", "s", as);
		if (rc == 0)
			rc = err_setf(&e, ERR_NOT_FOUND, "as", "没有用户 %s", "no user %s", as);
		else if (rc == 1)
			rc = auth_load_principal(db, &ar, uid, &who, &e);
		if (rc == 1)
			rc = err_setf(&e, ERR_FORBIDDEN, "as", "用户 %s 已停用", "the user %s is disabled", as);
		actor = &who;
	}
	if (!rc && region) {
		region_id = region_find(db, region, &e);
		if (!region_id)
			rc = err_setf(&e, ERR_NOT_FOUND, "region", "没有区域 %s", "no region %s", region);
	} else if (!rc && !as) {
		rc = err_set(&e, ERR_INVALID, "region", "请用 --region 指定导入的区域",
			     "give the region to import into with --region");
	}
	const char *slash = strrchr(a.pos[1], '/');
	struct registry_import_opts o = {.kind = kind, .dry_run = cli_flag(&a, "dry-run"),
				    .scope_region_id = region_id,
				    .file_name = slash ? slash + 1 : a.pos[1], .now = wtime_now()};
	int64_t t0 = wtime_mono();
	if (!rc)
		rc = registry_import_run(db, actor, data, len, &o, &res, &e);
	if (!rc && !o.dry_run && registry_import_ok(&res))
		rc = db_commit(db, &e);
	else if (db)
		db_rollback(db);
	double secs = (double)(wtime_mono() - t0) / 1e6;
	if (rc) {
		cli_fail("import", &e);
		goto done;
	}
	const char *report = cli_opt(&a, "report");
	if (report && res.nerrors) {
		size_t rlen;
		char *csv = registry_import_result_csv(&res, &rlen);
		int wrc = write_file(report, csv, rlen, &e);
		free(csv);
		if (wrc) {
			cli_fail("import", &e);
			goto done;
		}
	}
	if (cli_flag(&a, "json")) {
		struct sb out = SB_INIT;
		struct jw w;
		jw_init(&w, &out);
		registry_import_result_json(&res, &w);
		puts(sb_str(&out));
		sb_free(&out);
	} else {
		for (long i = 0; i < res.nerrors; i++) {
			const struct registry_import_error *x = &res.errors[i];
			printf("第 %ld 行 row %ld [%s] %s / %s\n", x->row, x->row, x->column, x->message,
			       x->message_en);
		}
		printf("%s %s: %ld 行 rows, %ld 行有误 with errors, %s %ld, %s %ld%s\n",
		       o.dry_run ? "检查 dry run" : "导入 import", registry_import_kind_ids[kind], res.rows,
		       res.error_rows, o.dry_run ? "将新建 would create" : "新建 created", res.created,
		       o.dry_run ? "将合并 would merge" : "合并 merged", res.merged,
		       !o.dry_run && res.nerrors ? "；未写入任何数据 / nothing written" : "");
		if (res.job_id)
			printf("导入记录 import job %lld, 文件 file sha256 %s\n", (long long)res.job_id, res.sha256);
		printf("用时 time %.2f s, %.0f 行/秒 rows/s%s\n", secs, secs > 0 ? (double)res.rows / secs : 0.0,
		       res.bulk_load ? "（批量载入：索引在末尾重建 bulk load: indexes rebuilt at the end）" : "");
	}
	status = res.nerrors ? 1 : 0;
done:
	registry_import_result_free(&res);
	arena_free(&ar);
	store_close(s);
	free(data);
	return status;
}
