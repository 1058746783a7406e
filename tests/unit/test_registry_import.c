/*
 * test_registry_import.c — the registry bulk import (modules/registry/registry_import.h).
 *
 * Each test builds a small district on a fresh store:
 *
 *   顺德区
 *   ├── 大良街道 ── 北区社区 (第一网格), 升平社区
 *   └── 容桂街道 ── 振华社区
 *
 * with a town admin of 大良 (daliang) and the staff of 北区社区 (beiqu),
 * and imports CSV and XLSX files built in memory. It checks the report
 * (row as a spreadsheet shows it, column as the file names it, field,
 * bilingual reason), that a dry run and a refused import write nothing,
 * that a clean import writes every row with one job and one audit entry,
 * the merge rules (same ID / credit code / team name), the scope rules,
 * the progress table, templates, and a >64 KiB UTF-8 CSV that must not be
 * taken for GBK.
 *
 * Prints "N passed, N failed" last; cmocka's own report goes to stderr.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/jw.h"
#include "core/pii.h"
#include "core/sb.h"
#include "core/tabular.h"
#include "modules/region/region.h"
#include "modules/registry/registry_import.h"
#include "store/store.h"
#include "testutil.h"

/* Chunked mode: run() calls registry_import_run with no transaction open, as
 * the server does, and a chunk commits after every row (chunk_us 1). */
static bool g_chunked;

struct fx {
	struct tstore *t;
	struct db *db;
	struct arena a;
	int64_t d, ta, tb, a1, a2, b1, g1;
	struct principal daliang, beiqu, ronggui;
};

static int64_t mk(struct fx *f, int64_t parent, const char *level, const char *name)
{
	struct region_in in = {.parent_id = parent, .level = level, .name = name};
	struct err e = {0};
	int64_t id = 0;
	assert_int_equal(db_begin_write(f->db, &e), 0);
	int rc = region_create(f->db, NULL, &in, T0, &id, &e);
	if (rc)
		fprintf(stderr, "create %s: %s\n", name, e.message_en);
	assert_int_equal(rc, 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	return id;
}

static void user(struct fx *f, const char *name, int role, int64_t region, struct principal *p)
{
	test_user(f->db, &f->a, name, role, region, p);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->t = tstore_new();
	f->db = f->t->db;
	arena_init(&f->a, 0);
	f->d = mk(f, 0, "district", "顺德区");
	f->ta = mk(f, f->d, "town", "大良街道");
	f->tb = mk(f, f->d, "town", "容桂街道");
	f->a1 = mk(f, f->ta, "community", "北区社区");
	f->a2 = mk(f, f->ta, "community", "升平社区");
	f->b1 = mk(f, f->tb, "community", "振华社区");
	f->g1 = mk(f, f->a1, "grid", "第一网格");
	user(f, "daliang", ROLE_TOWN_ADMIN, f->ta, &f->daliang);
	user(f, "beiqu", ROLE_COMMUNITY_STAFF, f->a1, &f->beiqu);
	user(f, "ronggui", ROLE_TOWN_ADMIN, f->tb, &f->ronggui);
	g_chunked = false;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	arena_free(&f->a);
	tstore_free(f->t);
	free(f);
	return 0;
}

/* A valid resident ID from 17 digits (written into out[19]). */
static const char *rid(const char *d17, char out[19])
{
	memcpy(out, d17, 17);
	out[17] = pii_id_check_char(d17);
	out[18] = 0;
	return out;
}

/* Run one import in its own write transaction, like the command line:
 * commit when the call succeeds (a refused import wrote nothing). With
 * g_chunked, the import takes the write lock itself. */
static int run(struct fx *f, const struct principal *p, int kind, bool dry, const char *data,
	       size_t len, struct registry_import_result *res, struct err *e)
{
	struct registry_import_opts o = {.kind = kind, .dry_run = dry, .now = T0, .file_name = "t.csv"};
	if (!p)
		o.scope_region_id = f->ta;
	registry_import_result_init(res);
	memset(e, 0, sizeof *e);
	if (g_chunked) {
		o.chunk_us = 1;
		int rc = registry_import_run(f->db, p, data, len, &o, res, e);
		assert_false(db_in_tx(f->db));
		return rc;
	}
	assert_int_equal(db_begin_write(f->db, e), 0);
	int rc = registry_import_run(f->db, p, data, len, &o, res, e);
	if (rc) {
		db_rollback(f->db);
		return rc;
	}
	struct err ce = {0};
	assert_int_equal(db_commit(f->db, &ce), 0);
	return 0;
}

static const struct registry_import_error *err_at(const struct registry_import_result *r, long row,
					     const char *field)
{
	for (long i = 0; i < r->nerrors; i++)
		if (r->errors[i].row == row && strcmp(r->errors[i].field, field) == 0)
			return &r->errors[i];
	return NULL;
}

static void people_csv(struct sb *b)
{
	char id1[19], id2[19], id3[19];
	sb_adds(b, "姓名,身份证号,手机号,性别,社区,网格,党员,志愿者,户籍类型\n");
	sb_addf(b, "张三,%s,138 0013 8000,男,北区社区,第一网格,是,否,户籍\n", rid("44060619800101001", id1));
	sb_addf(b, "李四,%s,13912345678,女,升平社区,,否,是,非户籍\n", rid("44060619900215002", id2));
	sb_addf(b, "王五,%s,,,北区社区,,,,\n", rid("44060620000229003", id3));
}

/* ------------------------------------------------------------- tests */

static void dry_run_reports_every_bad_row_and_writes_nothing(void **state)
{
	struct fx *f = *state;
	char good[19], dup[19];
	rid("44060619800101001", good);
	rid("44060619800101001", dup);
	struct sb b = SB_INIT;
	sb_adds(&b, "姓名,身份证号,手机号,社区,网格,党员\n");
	sb_addf(&b, "张三,%s,13800138000,北区社区,,是\n", good);      /* row 2 ok */
	sb_adds(&b, "李四,440606198001010010,13800138000,北区社区,,\n");  /* 3: checksum */
	sb_adds(&b, ",,1380013800,北区社区,,\n");                        /* 4: name, mobile */
	sb_addf(&b, "王五,%s,,北区社区,,\n", dup);                       /* 5: duplicate */
	sb_adds(&b, "赵六,,,振华社区,,\n");                               /* 6: out of scope */
	sb_adds(&b, "钱七,,,幸福社区,,\n");                               /* 7: unknown */
	sb_adds(&b, "孙八,,,北区社区,第九网格,\n");                       /* 8: grid */
	sb_adds(&b, "周九,,,北区社区,,也许\n");                           /* 9: flag */
	int64_t audits = count_rows(f->db, "audit_log");
	struct registry_import_result r;
	struct err e;
	assert_int_equal(run(f, &f->daliang, RIK_PEOPLE, true, b.buf, b.len, &r, &e), 0);
	assert_int_equal(r.rows, 8);
	assert_int_equal(r.error_rows, 7);
	assert_int_equal(r.nerrors, 8);
	assert_int_equal(r.created, 1);
	const struct registry_import_error *x = err_at(&r, 3, "id_number");
	assert_non_null(x);
	assert_string_equal(x->column, "身份证号");
	assert_non_null(strstr(x->message_en, "check character"));
	assert_non_null(err_at(&r, 4, "name"));
	assert_non_null(err_at(&r, 4, "mobile"));
	x = err_at(&r, 5, "id_number");
	assert_non_null(x);
	assert_string_equal(x->message, "身份证号与第 2 行重复");
	x = err_at(&r, 6, "community");
	assert_non_null(x);
	assert_non_null(strstr(x->message, "不在您的管辖范围内"));
	assert_non_null(strstr(x->message_en, "outside your area"));
	x = err_at(&r, 7, "community");
	assert_non_null(x);
	assert_non_null(strstr(x->message, "找不到"));
	assert_non_null(err_at(&r, 8, "grid"));
	assert_non_null(err_at(&r, 9, "is_party_member"));
	assert_int_equal(count_rows(f->db, "people"), 0);
	assert_int_equal(count_rows(f->db, "import_jobs"), 0);
	assert_int_equal(count_rows(f->db, "audit_log"), audits);
	/* The CSV report holds the same rows. */
	size_t len;
	char *csv = registry_import_result_csv(&r, &len);
	assert_non_null(strstr(csv, "6,社区,community,「振华社区」不在您的管辖范围内"));
	free(csv);
	registry_import_result_free(&r);

	/* The real import of the same file: same report, nothing written. */
	assert_int_equal(run(f, &f->daliang, RIK_PEOPLE, false, b.buf, b.len, &r, &e), 0);
	assert_int_equal(r.error_rows, 7);
	assert_int_equal(r.created, 0);
	assert_int_equal(r.job_id, 0);
	assert_int_equal(count_rows(f->db, "people"), 0);
	assert_int_equal(count_rows(f->db, "import_jobs"), 0);
	assert_int_equal(count_rows(f->db, "audit_log"), audits);
	registry_import_result_free(&r);
	sb_free(&b);
}

static void import_writes_all_rows_with_one_job_and_one_audit_entry(void **state)
{
	struct fx *f = *state;
	struct sb b = SB_INIT;
	people_csv(&b);
	int64_t audits = count_rows(f->db, "audit_log");
	struct registry_import_result r;
	struct err e;
	assert_int_equal(run(f, &f->daliang, RIK_PEOPLE, false, b.buf, b.len, &r, &e), 0);
	assert_true(registry_import_ok(&r));
	assert_int_equal(r.created, 3);
	assert_true(r.job_id > 0);
	assert_int_equal(r.last_created_id - r.first_created_id, 2);
	assert_int_equal(count_rows(f->db, "people"), 3);
	char where[128];
	snprintf(where, sizeof where, "people WHERE import_job_id=%lld", (long long)r.job_id);
	assert_int_equal(count_rows(f->db, where), 3);
	assert_int_equal(count_rows(f->db, "audit_log"), audits + 1);
	assert_int_equal(count_rows(f->db, "audit_log WHERE action='import' AND entity='import_job'"), 1);
	char *after = query_text(f->db, "SELECT after_json FROM audit_log WHERE entity_id=? AND action='import'",
				 r.job_id);
	assert_non_null(strstr(after, r.sha256));
	assert_non_null(strstr(after, "\"created\":3"));
	free(after);
	struct audit_verify_result v;
	assert_int_equal(audit_verify(f->db, &v, &e), 0);
	assert_true(v.ok);
	/* Normalised values and what the ID says. */
	char *s = query_text(f->db, "SELECT mobile || ' ' || gender || ' ' || birth_date || ' ' || household"
				    " FROM people WHERE name='张三' AND region_id=?", f->g1);
	assert_string_equal(s, "13800138000 male 1980-01-01 registered");
	free(s);
	s = query_text(f->db, "SELECT gender || ' ' || birth_date || ' ' || household || ' ' || is_volunteer"
			      " FROM people WHERE name='李四' AND region_id=?", f->a2);
	assert_string_equal(s, "female 1990-02-15 nonregistered 1");
	free(s);
	assert_int_equal(query_int(f->db, "SELECT is_party_member FROM people WHERE region_id=? AND name='张三'",
				   f->g1), 1);
	registry_import_result_free(&r);
	sb_free(&b);
}

static void same_id_merges_flags_combine_empty_cells_keep(void **state)
{
	struct fx *f = *state;
	struct sb b = SB_INIT;
	people_csv(&b);
	struct registry_import_result r;
	struct err e;
	assert_int_equal(run(f, &f->daliang, RIK_PEOPLE, false, b.buf, b.len, &r, &e), 0);
	int64_t id = query_int(f->db, "SELECT id FROM people WHERE name='张三' AND region_id=?", f->g1);
	registry_import_result_free(&r);
	/* 张三 again: volunteer now, party flag empty (kept), mobile empty (kept),
	 * no grid given (the grid inside 北区社区 is kept), a new address. */
	char id1[19];
	struct sb m = SB_INIT;
	sb_adds(&m, "name,id_number,mobile,community,is_volunteer,is_party_member,address\n");
	sb_addf(&m, "张三丰,%s,,北区社区,yes,,新桂路1号\n", rid("44060619800101001", id1));
	assert_int_equal(run(f, &f->beiqu, RIK_PEOPLE, false, m.buf, m.len, &r, &e), 0);
	assert_true(registry_import_ok(&r));
	assert_int_equal(r.created, 0);
	assert_int_equal(r.merged, 1);
	assert_int_equal(count_rows(f->db, "people"), 3);
	char *s = query_text(f->db, "SELECT name || ' ' || mobile || ' ' || address || ' ' || is_volunteer"
				    " || is_party_member || ' ' || version FROM people WHERE id=?", id);
	assert_string_equal(s, "张三丰 13800138000 新桂路1号 11 2");
	free(s);
	assert_int_equal(query_int(f->db, "SELECT region_id FROM people WHERE id=?", id), f->g1);
	assert_int_equal(query_int(f->db, "SELECT import_job_id FROM people WHERE id=?", id), r.job_id);
	registry_import_result_free(&r);
	/* A person registered outside the importer's area cannot be merged. */
	struct sb o = SB_INIT;
	sb_addf(&o, "姓名,身份证号,社区\n张三,%s,振华社区\n", id1);
	assert_int_equal(run(f, &f->ronggui, RIK_PEOPLE, true, o.buf, o.len, &r, &e), 0);
	assert_non_null(err_at(&r, 2, "id_number"));
	registry_import_result_free(&r);
	sb_free(&b);
	sb_free(&m);
	sb_free(&o);
}

static void scope_is_checked(void **state)
{
	struct fx *f = *state;
	const char *csv = "姓名,社区\n甲,升平社区\n";
	struct registry_import_result r;
	struct err e;
	/* Community staff of 北区社区 cannot write into 升平社区. */
	assert_int_equal(run(f, &f->beiqu, RIK_PEOPLE, false, csv, strlen(csv), &r, &e), 0);
	assert_non_null(err_at(&r, 2, "community"));
	assert_int_equal(count_rows(f->db, "people"), 0);
	registry_import_result_free(&r);
	/* A scope outside the grants is refused outright. */
	struct registry_import_opts o = {.kind = RIK_PEOPLE, .dry_run = true, .scope_region_id = f->tb, .now = T0};
	registry_import_result_init(&r);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(registry_import_run(f->db, &f->daliang, csv, strlen(csv), &o, &r, &e), ERR_FORBIDDEN);
	db_rollback(f->db);
	registry_import_result_free(&r);
	/* The command line (no actor) imports into the region it names. */
	assert_int_equal(run(f, NULL, RIK_PEOPLE, false, csv, strlen(csv), &r, &e), 0);
	assert_true(registry_import_ok(&r));
	assert_int_equal(count_rows(f->db, "people"), 1);
	registry_import_result_free(&r);
}

static void headers_english_marked_and_missing(void **state)
{
	struct fx *f = *state;
	struct registry_import_result r;
	struct err e;
	const char *csv = "Name,姓名（必填）,*社区,Unknown\n";
	assert_int_equal(run(f, &f->daliang, RIK_PEOPLE, true, csv, strlen(csv), &r, &e), 0);
	/* Name and 姓名（必填） are the same field: reported as a repeat on row 1. */
	assert_non_null(err_at(&r, 1, "name"));
	registry_import_result_free(&r);
	csv = "姓名,手机号\n张三,13800138000\n";
	assert_int_equal(run(f, &f->daliang, RIK_PEOPLE, true, csv, strlen(csv), &r, &e), 0);
	const struct registry_import_error *x = err_at(&r, 1, "community");
	assert_non_null(x);
	assert_string_equal(x->column, "社区");
	assert_int_equal(r.created, 0);
	registry_import_result_free(&r);
	csv = "NAME, Community ,Remarks\n张三,北区社区,x\n";
	assert_int_equal(run(f, &f->daliang, RIK_PEOPLE, true, csv, strlen(csv), &r, &e), 0);
	assert_true(registry_import_ok(&r));
	assert_int_equal(r.nignored, 1);
	assert_string_equal(r.ignored_columns[0], "Remarks");
	registry_import_result_free(&r);
	/* A row the reader cannot read is reported with its column; an
	 * unreadable header stops at row 1 (no row is taken for a header). */
	csv = "姓名,社区\n张三,北区社区\n李四,\"北区\"社区\n王五,升平社区\n";
	assert_int_equal(run(f, &f->daliang, RIK_PEOPLE, true, csv, strlen(csv), &r, &e), 0);
	assert_int_equal(r.rows, 3);
	assert_int_equal(r.error_rows, 1);
	assert_non_null(err_at(&r, 3, "community"));
	assert_int_equal(r.created, 2);
	registry_import_result_free(&r);
	csv = "姓名,\"社区\n张三,北区社区\n";
	assert_int_equal(run(f, &f->daliang, RIK_PEOPLE, true, csv, strlen(csv), &r, &e), 0);
	assert_int_equal(r.nerrors, 1);
	assert_int_equal(r.errors[0].row, 1);
	assert_int_equal(r.rows, 0);
	registry_import_result_free(&r);
	/* Unreadable input is an error of the call, not a report. */
	const char gbk[] = "\xd0\xd5\xc3\xfb,\xc9\xe7\xc7\xf8\n\xd5\xc5\xc8\xfd,\xb1\xb1\xc7\xf8\n";
	assert_int_equal(run(f, &f->daliang, RIK_PEOPLE, true, gbk, sizeof gbk - 1, &r, &e), ERR_INVALID);
	assert_string_equal(e.field, "file");
	registry_import_result_free(&r);
}

static void xlsx_and_long_utf8_csv(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	struct tab_writer *w = tab_writer_new(TAB_XLSX, &e);
	assert_non_null(w);
	const char *head[] = {"姓名", "身份证号", "社区", "出生日期"};
	assert_int_equal(tab_writer_row(w, head, 4, &e), 0);
	char id1[19];
	const char *row1[] = {"陈一", rid("44060619750505004", id1), "北区社区", "1975-05-05"};
	const char *row2[] = {"陈二", NULL, "升平社区", "1975年5月6日"};
	const char *row3[] = {"陈三", NULL, "升平社区", "1975-02-30"};
	assert_int_equal(tab_writer_row(w, row1, 4, &e), 0);
	assert_int_equal(tab_writer_row(w, row2, 4, &e), 0);
	assert_int_equal(tab_writer_row(w, row3, 4, &e), 0);
	char *x;
	size_t xl;
	assert_int_equal(tab_writer_finish(w, &x, &xl, &e), 0);
	tab_writer_free(w);
	struct registry_import_result r;
	assert_int_equal(run(f, &f->daliang, RIK_PEOPLE, true, x, xl, &r, &e), 0);
	assert_string_equal(r.format, "xlsx");
	assert_int_equal(r.rows, 3);
	assert_int_equal(r.error_rows, 1);
	assert_non_null(err_at(&r, 4, "birth_date"));
	registry_import_result_free(&r);
	free(x);

	/* >64 KiB of UTF-8 without a BOM: the sniffer's 64 KiB sample may end
	 * inside a Chinese character, which must not make it look like GBK.
	 * Shift the text byte by byte so that every cut position occurs. */
	int cuts = 0;
	for (int k = 0; k < 6; k++) {
		struct sb b = SB_INIT;
		sb_adds(&b, "姓名,社区,地址\n");
		sb_add(&b, "xxxxxx", (size_t)k);
		sb_adds(&b, "居民,北区社区,新桂路\n");
		int n = 1;
		while (b.len < 70000) {
			sb_addf(&b, "居民%d,北区社区,大良街道新桂路某某小区%d号\n", n, n);
			n++;
		}
		if (((unsigned char)b.buf[65536] & 0xC0) == 0x80)
			cuts++;
		assert_int_equal(run(f, &f->daliang, RIK_PEOPLE, true, b.buf, b.len, &r, &e), 0);
		assert_true(registry_import_ok(&r));
		assert_int_equal(r.rows, n);
		registry_import_result_free(&r);
		sb_free(&b);
	}
	assert_true(cuts > 0);
}

static void organisations_merge_by_credit_code(void **state)
{
	struct fx *f = *state;
	struct registry_import_result r;
	struct err e;
	const char *csv =
		"名称,统一社会信用代码,类型,领域,登记状态,台账社区,联系电话\n"
		"北区社区长者关爱协会,5244060600010Y6G9F,社区社会组织,养老服务,登记,北区社区,13800138000\n"
		"升平社区亲子阅读会,,社区社会组织,儿童青少年,备案,升平社区,\n"
		"无码协会,,社会团体,,登记,升平社区,\n";
	assert_int_equal(run(f, &f->daliang, RIK_ORGS, false, csv, strlen(csv), &r, &e), 0);
	assert_int_equal(r.error_rows, 1);
	assert_non_null(err_at(&r, 4, "credit_code"));
	assert_int_equal(count_rows(f->db, "organisations"), 0);
	registry_import_result_free(&r);
	const char *ok =
		"名称,统一社会信用代码,类型,领域,登记状态,台账社区,联系电话\n"
		"北区社区长者关爱协会,5244060600010Y6G9F,社区社会组织,养老服务,登记,北区社区,13800138000\n"
		"升平社区亲子阅读会,,社区社会组织,儿童青少年,备案,升平社区,\n";
	assert_int_equal(run(f, &f->daliang, RIK_ORGS, false, ok, strlen(ok), &r, &e), 0);
	assert_true(registry_import_ok(&r));
	assert_int_equal(r.created, 2);
	registry_import_result_free(&r);
	const char *merge = "名称,统一社会信用代码,类型,联系电话\n北区社区长者协会,5244060600010y6g9f,社区社会组织,13900139000\n";
	assert_int_equal(run(f, &f->daliang, RIK_ORGS, false, merge, strlen(merge), &r, &e), 0);
	assert_true(registry_import_ok(&r));
	assert_int_equal(r.merged, 1);
	assert_int_equal(count_rows(f->db, "organisations"), 2);
	char *s = query_text(f->db, "SELECT name || ' ' || contact_mobile || ' ' || domain || ' ' ||"
				    " registration FROM organisations WHERE ledger_community_id=?", f->a1);
	assert_string_equal(s, "北区社区长者协会 13900139000 elderly registered");
	free(s);
	registry_import_result_free(&r);
}

static void teams_general_team_and_leader(void **state)
{
	struct fx *f = *state;
	struct sb b = SB_INIT;
	people_csv(&b);
	struct registry_import_result r;
	struct err e;
	assert_int_equal(run(f, &f->daliang, RIK_PEOPLE, false, b.buf, b.len, &r, &e), 0);
	registry_import_result_free(&r);
	char id1[19];
	rid("44060619800101001", id1);
	struct sb t = SB_INIT;
	sb_adds(&t, "名称,所属总队,社区,队长身份证号,是否总队\n");
	sb_addf(&t, "北区社区助老服务队,北区社区志愿服务总队,北区社区,%s,否\n", id1); /* before its general team */
	sb_adds(&t, "北区社区志愿服务总队,,北区社区,,是\n");
	assert_int_equal(run(f, &f->daliang, RIK_TEAMS, true, t.buf, t.len, &r, &e), 0);
	assert_non_null(err_at(&r, 2, "general_team"));
	registry_import_result_free(&r);
	sb_reset(&t);
	sb_adds(&t, "名称,所属总队,社区,队长身份证号,是否总队\n");
	sb_adds(&t, "北区社区志愿服务总队,,北区社区,,是\n");
	sb_addf(&t, "北区社区助老服务队,北区社区志愿服务总队,北区社区,%s,否\n", id1);
	assert_int_equal(run(f, &f->daliang, RIK_TEAMS, false, t.buf, t.len, &r, &e), 0);
	assert_true(registry_import_ok(&r));
	assert_int_equal(r.created, 2);
	registry_import_result_free(&r);
	assert_int_equal(count_rows(f->db, "teams t JOIN teams p ON p.id=t.parent_id WHERE p.is_general=1"), 1);
	assert_int_equal(count_rows(f->db, "team_members WHERE role='leader'"), 1);
	/* Same (region, name) again: merged, not duplicated. */
	assert_int_equal(run(f, &f->daliang, RIK_TEAMS, false, t.buf, t.len, &r, &e), 0);
	assert_int_equal(r.merged, 2);
	assert_int_equal(count_rows(f->db, "teams"), 2);
	registry_import_result_free(&r);
	sb_free(&b);
	sb_free(&t);
}

static void progress_table_and_templates(void **state)
{
	struct fx *f = *state;
	struct sb b = SB_INIT;
	people_csv(&b);
	struct registry_import_opts o = {.kind = RIK_PEOPLE, .dry_run = true, .now = T0,
				    .upload_id = "u-1", .progress_user_id = f->daliang.user_id};
	struct registry_import_result r;
	struct err e = {0};
	registry_import_result_init(&r);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(registry_import_run(f->db, &f->daliang, b.buf, b.len, &o, &r, &e), 0);
	db_rollback(f->db);
	registry_import_result_free(&r);
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	assert_int_equal(registry_import_progress_json(f->daliang.user_id, "u-1", &w, &e), 0);
	json_t *j = parse_json(out.buf);
	assert_int_equal(json_int_at(j, "processed"), 3);
	assert_int_equal(json_int_at(j, "total"), 3);
	assert_string_equal(json_string_value(json_object_get(j, "state")), "done");
	json_decref(j);
	/* Someone else's upload id is not found. */
	assert_int_equal(registry_import_progress_json(f->beiqu.user_id, "u-1", &w, &e), ERR_NOT_FOUND);
	assert_false(registry_import_upload_id_valid("a b"));
	assert_false(registry_import_upload_id_valid(""));
	sb_free(&out);
	/* Templates: the Chinese header row, CSV and XLSX. */
	char *t;
	size_t tl;
	assert_int_equal(registry_import_template(RIK_ORGS, TAB_CSV, &t, &tl, &e), 0);
	assert_non_null(strstr(t, "名称,统一社会信用代码,类型,领域,登记状态,备案街道,台账社区"));
	free(t);
	assert_int_equal(registry_import_template(RIK_TEAMS, TAB_XLSX, &t, &tl, &e), 0);
	assert_true(tl > 4 && memcmp(t, "PK", 2) == 0);
	/* …and the template reads back as an empty import: header only. */
	assert_int_equal(run(f, &f->daliang, RIK_TEAMS, true, t, tl, &r, &e), 0);
	assert_int_equal(r.rows, 0);
	assert_int_equal(r.nerrors, 1); /* "no rows after the header" */
	registry_import_result_free(&r);
	free(t);
	sb_free(&b);
}

/* The people table's indexes, name and definition, in one string. */
static char *people_indexes(struct fx *f)
{
	return query_text(f->db,
			  "SELECT group_concat(name || ':' || coalesce(sql,'auto'), ';') FROM"
			  " (SELECT name, sql FROM sqlite_schema WHERE type='index' AND tbl_name='people'"
			  " AND ?>0 ORDER BY name)",
			  1);
}

static int run_bulk(struct fx *f, long bulk_min, const char *data, size_t len,
		    struct registry_import_result *res, struct err *e)
{
	struct registry_import_opts o = {.kind = RIK_PEOPLE, .now = T0, .file_name = "t.csv",
				    .bulk_min_rows = bulk_min};
	registry_import_result_init(res);
	memset(e, 0, sizeof *e);
	assert_int_equal(db_begin_write(f->db, e), 0);
	int rc = registry_import_run(f->db, &f->daliang, data, len, &o, res, e);
	struct err ce = {0};
	if (rc)
		db_rollback(f->db);
	else
		assert_int_equal(db_commit(f->db, &ce), 0);
	return rc;
}

/* A load as large as the table drops the secondary indexes and builds them
 * again at the end: same definitions after, the rows findable through them,
 * merges still caught by the unique ID index; a refused bulk load rolls the
 * indexes back with the rows. */
static void bulk_load_rebuilds_indexes_and_rolls_back(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	struct db_bulk *bk = NULL;
	/* Outside a transaction the store refuses. */
	assert_int_not_equal(db_bulk_begin(f->db, "people", &bk, &e), 0);
	assert_null(bk);
	char *before = people_indexes(f);
	assert_non_null(strstr(before, "people_region_name:CREATE INDEX people_region_name ON people(region_id, name)"));
	struct sb b = SB_INIT;
	people_csv(&b);
	struct registry_import_result r;
	assert_int_equal(run_bulk(f, 1, b.buf, b.len, &r, &e), 0);
	assert_true(registry_import_ok(&r));
	assert_true(r.bulk_load);
	assert_int_equal(r.created, 3);
	registry_import_result_free(&r);
	char *after = people_indexes(f);
	assert_string_equal(after, before);
	free(after);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM people INDEXED BY people_region_name"
					  " WHERE region_id=? AND name='李四'", f->a2), 1);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM people INDEXED BY people_mobile"
					  " WHERE mobile='13912345678' AND ?>0", 1), 1);
	/* 4 rows into a table of 3: bulk again; 张三 merges by ID. */
	char id1[19], id4[19], id5[19], id6[19];
	struct sb m = SB_INIT;
	sb_adds(&m, "姓名,身份证号,社区,志愿者\n");
	sb_addf(&m, "张三,%s,北区社区,是\n", rid("44060619800101001", id1));
	sb_addf(&m, "赵六,%s,北区社区,是\n", rid("44060619700303004", id4));
	sb_addf(&m, "钱七,%s,升平社区,否\n", rid("44060619700404005", id5));
	sb_addf(&m, "孙八,%s,升平社区,是\n", rid("44060619700505006", id6));
	assert_int_equal(run_bulk(f, 1, m.buf, m.len, &r, &e), 0);
	assert_true(r.bulk_load);
	assert_int_equal(r.created, 3);
	assert_int_equal(r.merged, 1);
	registry_import_result_free(&r);
	assert_int_equal(count_rows(f->db, "people"), 6);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM people INDEXED BY people_region"
					  " WHERE region_id=? AND is_volunteer=1", f->g1), 1);
	after = people_indexes(f);
	assert_string_equal(after, before);
	free(after);
	/* A bad last row: refused, nothing written, the indexes all there. */
	struct sb x = SB_INIT;
	char id7[19], id8[19], id9[19], id10[19], id11[19], id12[19];
	sb_adds(&x, "姓名,身份证号,社区\n");
	sb_addf(&x, "甲,%s,北区社区\n", rid("44060619710101007", id7));
	sb_addf(&x, "乙,%s,北区社区\n", rid("44060619710101008", id8));
	sb_addf(&x, "丙,%s,北区社区\n", rid("44060619710101009", id9));
	sb_addf(&x, "丁,%s,北区社区\n", rid("44060619710101010", id10));
	sb_addf(&x, "戊,%s,北区社区\n", rid("44060619710101011", id11));
	sb_addf(&x, "己,%s,北区社区\n", rid("44060619710101012", id12));
	sb_adds(&x, "庚,,幸福社区\n");
	assert_int_equal(run_bulk(f, 1, x.buf, x.len, &r, &e), 0);
	assert_false(registry_import_ok(&r));
	assert_false(r.bulk_load);
	assert_int_equal(r.created, 0);
	registry_import_result_free(&r);
	assert_int_equal(count_rows(f->db, "people"), 6);
	after = people_indexes(f);
	assert_string_equal(after, before);
	free(after);
	/* Smaller than the table, or below the minimum: the ordinary path. */
	struct sb one = SB_INIT;
	sb_addf(&one, "姓名,身份证号,社区\n甲,%s,北区社区\n", id7);
	assert_int_equal(run_bulk(f, 1, one.buf, one.len, &r, &e), 0);
	assert_true(registry_import_ok(&r));
	assert_false(r.bulk_load);
	registry_import_result_free(&r);
	x.len = 0;
	sb_adds(&x, "姓名,身份证号,社区\n");
	for (int i = 0; i < 8; i++) {
		char d[32], id[19];
		snprintf(d, sizeof d, "440606196001010%02d", (20 + i) % 100);
		sb_addf(&x, "某%d,%s,升平社区\n", i, rid(d, id));
	}
	assert_int_equal(run_bulk(f, 0, x.buf, x.len, &r, &e), 0); /* default minimum */
	assert_false(r.bulk_load);
	assert_int_equal(r.created, 8);
	registry_import_result_free(&r);
	assert_int_equal(run_bulk(f, -1, x.buf, x.len, &r, &e), 0);
	assert_false(r.bulk_load);
	registry_import_result_free(&r);
	char *ok = query_text(f->db, "SELECT integrity_check FROM pragma_integrity_check WHERE ?>=0", 0);
	assert_string_equal(ok, "ok");
	free(ok);
	free(before);
	sb_free(&b);
	sb_free(&m);
	sb_free(&x);
	sb_free(&one);
}

/* An ID that repeats inside the file is reported on the later row with the
 * earlier row's number, the same way by a dry run (in-file set) and by a
 * real import (the table finds what this import created; the set holds
 * the merged IDs and everything after the first bad row). */
static void in_file_duplicates_same_in_dry_run_and_real_import(void **state)
{
	struct fx *f = *state;
	char a[19], b[19], c[19];
	rid("44060619800101001", a);
	rid("44060619900215002", b);
	rid("44060620000229003", c);
	struct sb pre = SB_INIT;
	sb_addf(&pre, "姓名,身份证号,社区\n乙,%s,北区社区\n", b);
	struct registry_import_result r;
	struct err e;
	assert_int_equal(run(f, &f->daliang, RIK_PEOPLE, false, pre.buf, pre.len, &r, &e), 0);
	assert_int_equal(r.created, 1);
	registry_import_result_free(&r);
	struct sb x = SB_INIT;
	sb_adds(&x, "姓名,身份证号,手机号,社区\n");
	sb_addf(&x, "甲,%s,,北区社区\n", a);              /* 2: new */
	sb_addf(&x, "乙,%s,,北区社区\n", b);              /* 3: merges the stored 乙 */
	sb_addf(&x, "甲二,%s,,北区社区\n", a);            /* 4: repeats 2 */
	sb_addf(&x, "乙二,%s,,北区社区\n", b);            /* 5: repeats 3 */
	sb_addf(&x, "甲三,%s,12345,北区社区\n", a);       /* 6: bad mobile, repeats 2 */
	sb_addf(&x, "丙,%s,,北区社区\n", c);              /* 7: new */
	sb_addf(&x, "丙二,%s,,北区社区\n", c);            /* 8: repeats 7 */
	sb_addf(&x, "甲四,%s,,北区社区\n", a);            /* 9: repeats 2 */
	sb_addf(&x, "乙三,%s,,北区社区\n", b);            /* 10: repeats 3 */
	static const struct {
		long row, of;
	} want[] = {{4, 2}, {5, 3}, {6, 2}, {8, 7}, {9, 2}, {10, 3}};
	for (int dry = 1; dry >= 0; dry--) {
		assert_int_equal(run(f, &f->daliang, RIK_PEOPLE, dry, x.buf, x.len, &r, &e), 0);
		assert_int_equal(r.error_rows, 6);
		assert_int_equal(r.nerrors, 7);
		assert_non_null(err_at(&r, 6, "mobile"));
		for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
			const struct registry_import_error *er = err_at(&r, want[i].row, "id_number");
			assert_non_null(er);
			char msg[64];
			snprintf(msg, sizeof msg, "the ID number repeats row %ld", want[i].of);
			assert_string_equal(er->message_en, msg);
		}
		registry_import_result_free(&r);
	}
	assert_int_equal(count_rows(f->db, "people"), 1);
	assert_int_equal(count_rows(f->db, "import_jobs"), 1);
	sb_free(&pre);
	sb_free(&x);
}


/* ---- chunked writes (the server: imports that share the machine) ---- */

/* The same tests with the import taking the write lock itself and
 * committing after every row: the same rows, merges and report. */
static void chunked_import_writes_all_rows(void **state)
{
	g_chunked = true;
	import_writes_all_rows_with_one_job_and_one_audit_entry(state);
}

static void chunked_merges_same_as_one_transaction(void **state)
{
	g_chunked = true;
	same_id_merges_flags_combine_empty_cells_keep(state);
}

static void chunked_in_file_duplicates(void **state)
{
	g_chunked = true;
	in_file_duplicates_same_in_dry_run_and_real_import(state);
}

static void chunked_organisations_and_teams(void **state)
{
	g_chunked = true;
	organisations_merge_by_credit_code(state);
}

/* Everything about people, import jobs, undo rows and the audit log that
 * an import could change, as one string. */
static char *registry_state(struct fx *f)
{
	return query_text(f->db,
			  "SELECT (SELECT group_concat(x, ';') FROM (SELECT id || ',' || name || ',' ||"
			  " coalesce(mobile,'') || ',' || coalesce(address,'') || ',' || is_volunteer ||"
			  " is_party_member || ',' || region_id || ',' || version || ',' ||"
			  " coalesce(import_job_id,'') || ',' || updated_at AS x FROM people ORDER BY id))"
			  " || '|' || (SELECT count(*) FROM import_jobs) || '|' ||"
			  " (SELECT count(*) FROM import_undo_people) || '|' || (SELECT count(*) FROM audit_log)"
			  " || '|' || ?",
			  0);
}

/* 张三 (stored) merges, then 60 new people; the write pass fails at row
 * `fail` after several chunks were committed. */
static int failing_import(struct fx *f, long fail, struct registry_import_result *r, struct err *e)
{
	char id[19], d17[32]; /* 17 digits; room for what -Wformat-truncation fears */
	struct sb m = SB_INIT;
	sb_adds(&m, "姓名,身份证号,社区,志愿者,地址\n");
	sb_addf(&m, "张三丰,%s,北区社区,是,新桂路1号\n", rid("44060619800101001", id));
	for (int i = 0; i < 60; i++) {
		snprintf(d17, sizeof d17, "440681197003%02d%03d", 1 + i % 28, 100 + i);
		sb_addf(&m, "新人%d,%s,升平社区,,\n", i, rid(d17, id));
	}
	struct registry_import_opts o = {.kind = RIK_PEOPLE, .now = T0 + 1000, .file_name = "t.csv",
				    .chunk_us = 1, .test_fail_at_row = fail};
	registry_import_result_init(r);
	memset(e, 0, sizeof *e);
	int rc = registry_import_run(f->db, &f->daliang, m.buf, m.len, &o, r, e);
	assert_false(db_in_tx(f->db));
	sb_free(&m);
	return rc;
}

/* A write pass that fails after committing chunks takes back every row it
 * wrote — merged people get their columns back, created people go — and
 * leaves no job, no undo row and no audit entry: all or nothing. */
static void chunked_import_failing_midway_takes_everything_back(void **state)
{
	struct fx *f = *state;
	struct sb b = SB_INIT;
	people_csv(&b);
	struct registry_import_result r;
	struct err e;
	assert_int_equal(run(f, &f->daliang, RIK_PEOPLE, false, b.buf, b.len, &r, &e), 0);
	registry_import_result_free(&r);
	char *before = registry_state(f);
	assert_int_equal(failing_import(f, 40, &r, &e), ERR_INTERNAL);
	assert_true(r.chunks > 10); /* rows were committed before the failure */
	assert_int_equal(r.job_id, 0);
	registry_import_result_free(&r);
	char *after = registry_state(f);
	assert_string_equal(after, before);
	free(after);
	/* The same file without the failure imports. */
	assert_int_equal(failing_import(f, 0, &r, &e), 0);
	assert_true(registry_import_ok(&r));
	assert_int_equal(r.created, 60);
	assert_int_equal(r.merged, 1);
	assert_int_equal(count_rows(f->db, "import_undo_people"), 0);
	assert_int_equal(count_rows(f->db, "import_jobs WHERE state='done'"), 2);
	assert_int_equal(query_int(f->db, "SELECT version FROM people WHERE name='张三丰' AND ?=0", 0), 2);
	registry_import_result_free(&r);
	free(before);
	sb_free(&b);
}

/* A write pass cut off as by a crash (nothing taken back) leaves a job in
 * state 'writing'; registry_import_recover — run by `wushe serve` before it
 * listens — takes it back. */
static void interrupted_chunked_import_is_recovered(void **state)
{
	struct fx *f = *state;
	struct sb b = SB_INIT;
	people_csv(&b);
	struct registry_import_result r;
	struct err e;
	assert_int_equal(run(f, &f->daliang, RIK_PEOPLE, false, b.buf, b.len, &r, &e), 0);
	registry_import_result_free(&r);
	char *before = registry_state(f);
	assert_int_equal(failing_import(f, -40, &r, &e), ERR_INTERNAL);
	registry_import_result_free(&r);
	assert_int_equal(count_rows(f->db, "import_jobs WHERE state='writing'"), 1);
	assert_true(count_rows(f->db, "people") > 3);
	assert_int_equal(count_rows(f->db, "import_undo_people"), 1);
	int undone = 0;
	assert_int_equal(registry_import_recover(f->db, &undone, &e), 0);
	assert_int_equal(undone, 1);
	char *after = registry_state(f);
	assert_string_equal(after, before);
	free(after);
	free(before);
	sb_free(&b);
}

/* N people with valid, distinct IDs in 北区社区. */
static void many_people(struct sb *b, int n)
{
	char id[19], d17[32]; /* 17 digits; room for what -Wformat-truncation fears */
	sb_adds(b, "姓名,身份证号,社区,志愿者\n");
	for (int i = 0; i < n; i++) {
		snprintf(d17, sizeof d17, "440681%04d%02d%02d%03d", 1950 + i / 336000, 1 + (i / 28000) % 12,
			 1 + (i / 1000) % 28, i % 1000);
		sb_addf(b, "人%d,%s,北区社区,%s\n", i, rid(d17, id), i % 2 ? "是" : "");
	}
}

/* A re-import of 16,000 people where every row merges: every row is
 * merged, none created, and the table still holds each person once (in one
 * transaction, as the command line runs it). Whether the cost per merged
 * row stays flat from 2,000 to 16,000 rows (it was quadratic: the import's
 * SAVEPOINT made SQLite walk its whole in-memory sub-journal at the end of
 * every statement) is measured by bench/formats.sh, not timed here. */
static void re_import_of_16000_rows_merges_every_row(void **state)
{
	struct fx *f = *state;
	const int n = 16000;
	struct sb b = SB_INIT;
	many_people(&b, n);
	struct registry_import_result r;
	struct err e;
	assert_int_equal(run(f, NULL, RIK_PEOPLE, false, b.buf, b.len, &r, &e), 0);
	assert_int_equal(r.created, n);
	assert_int_equal(r.merged, 0);
	registry_import_result_free(&r);
	assert_int_equal(run(f, NULL, RIK_PEOPLE, false, b.buf, b.len, &r, &e), 0);
	assert_true(registry_import_ok(&r));
	assert_int_equal(r.created, 0);
	assert_int_equal(r.merged, n);
	registry_import_result_free(&r);
	assert_int_equal(count_rows(f->db, "people"), n);
	assert_int_equal(count_rows(f->db, "people WHERE is_volunteer=1"), n / 2);
	sb_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(dry_run_reports_every_bad_row_and_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(import_writes_all_rows_with_one_job_and_one_audit_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(same_id_merges_flags_combine_empty_cells_keep, setup, teardown),
		cmocka_unit_test_setup_teardown(scope_is_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(headers_english_marked_and_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(xlsx_and_long_utf8_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(organisations_merge_by_credit_code, setup, teardown),
		cmocka_unit_test_setup_teardown(teams_general_team_and_leader, setup, teardown),
		cmocka_unit_test_setup_teardown(progress_table_and_templates, setup, teardown),
		cmocka_unit_test_setup_teardown(bulk_load_rebuilds_indexes_and_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(in_file_duplicates_same_in_dry_run_and_real_import, setup, teardown),
		cmocka_unit_test_setup_teardown(chunked_import_writes_all_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(chunked_merges_same_as_one_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(chunked_in_file_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(chunked_organisations_and_teams, setup, teardown),
		cmocka_unit_test_setup_teardown(chunked_import_failing_midway_takes_everything_back, setup, teardown),
		cmocka_unit_test_setup_teardown(interrupted_chunked_import_is_recovered, setup, teardown),
		cmocka_unit_test_setup_teardown(re_import_of_16000_rows_merges_every_row, setup, teardown),
	};
	return RUN_SUITE(tests);
}
