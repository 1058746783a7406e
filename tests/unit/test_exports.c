/*
 * test_exports.c — lists as spreadsheets people can hand on (core/export.h,
 * issue 10 item 5): 需求台账 exported through the exchange's logic
 * (exchange_demands_export) and read back with core/xlsx.c shows its coded
 * values as Chinese labels ("待匹配", "已撤销", never "open") and its times as
 * `YYYY-MM-DD HH:mm` in Asia/Shanghai; in English ("Open", "Status"); with
 * the list's filter (status) and the caller's scope (a town admin of 大良
 * never gets 容桂's rows); across more than one page of the list's walk.
 * And the writer's own rules: labels, times, booleans, money, missing keys.
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

#include "auth/auth.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/export.h"
#include "core/tabular.h"
#include "modules/exchange/exchange.h"
#include "modules/exchange/exchange_export.h"
#include "modules/region/region.h"
#include "store/store.h"
#include "testutil.h"

/* T0 is 2026-11-25 09:30 in Shanghai. */
#define T0_TEXT "2026-11-25 09:30"

struct fx {
	struct tstore *t;
	struct db *db;
	struct arena a;
	struct err e;
	struct ctx c;
	struct principal daliang;
	int64_t beiqu, zhenhua, visit, open_id, cancelled_id;
};

/* A spreadsheet read back: rows of cells (row 0 the header). */
struct sheet {
	int nrows, ncols[400];
	char *cell[400][32];
};

static void sheet_free(struct sheet *s)
{
	for (int r = 0; r < s->nrows; r++)
		for (int c = 0; c < s->ncols[r]; c++)
			free(s->cell[r][c]);
	free(s);
}

static struct sheet *read_sheet(const char *buf, size_t len)
{
	struct err e = {0};
	struct sheet *s = calloc(1, sizeof *s);
	struct tab_reader *rd = tab_reader_open(buf, len, TAB_AUTO, &e);
	assert_non_null(rd);
	struct tab_record rec;
	int rc;
	while ((rc = tab_reader_next(rd, &rec, &e)) != 0) {
		assert_true(rc > 0);
		assert_true(s->nrows < 400);
		int r = s->nrows++;
		s->ncols[r] = rec.nfields < 32 ? rec.nfields : 32;
		for (int c = 0; c < s->ncols[r]; c++)
			s->cell[r][c] = strdup(rec.fields[c].s);
	}
	assert_false(tab_reader_fatal(rd));
	tab_reader_close(rd);
	return s;
}

static const char *at(const struct sheet *s, int row, int col)
{
	return row < s->nrows && col >= 0 && col < s->ncols[row] ? s->cell[row][col] : "";
}

static int column(const struct sheet *s, const char *header)
{
	for (int c = 0; c < s->ncols[0]; c++)
		if (!strcmp(s->cell[0][c], header))
			return c;
	fail_msg("no column %s", header);
	return -1;
}

/* The row whose column col reads v, or -1. */
static int row_with(const struct sheet *s, int col, const char *v)
{
	for (int r = 1; r < s->nrows; r++)
		if (!strcmp(at(s, r, col), v))
			return r;
	return -1;
}

#define WRITE(f, call)                                                 \
	({                                                             \
		struct err ce_ = {0};                                  \
		assert_int_equal(db_begin_write((f)->db, &ce_), 0);    \
		int rc_ = (call);                                      \
		if (rc_ == 0)                                          \
			assert_int_equal(db_commit((f)->db, &ce_), 0); \
		else                                                   \
			db_rollback((f)->db);                          \
		rc_;                                                   \
	})

static struct ctx *cx(struct fx *f, const struct principal *who)
{
	f->c = ctx_system(f->db, T0, &f->a, &f->e);
	f->c.who = who;
	return &f->c;
}

static int64_t mkregion(struct fx *f, int64_t parent, const char *level, const char *name)
{
	struct region_in in = {.parent_id = parent, .level = level, .name = name};
	struct err e = {0};
	int64_t id = 0;
	assert_int_equal(WRITE(f, region_create(f->db, NULL, &in, T0, &id, &e)), 0);
	return id;
}

static int64_t mkdemand(struct fx *f, const char *title, int64_t region)
{
	struct exchange_demand_in in = {.region_id = region, .title = title, .people_needed = 1,
					.urgency = "high", .consent = true, .terms = {{f->visit}, 1, true},
					.beneficiary_name = "陈伯", .beneficiary_phone = "13812345678"};
	int64_t id = 0;
	int rc = WRITE(f, exchange_demand_create(cx(f, NULL), &in, &id));
	if (rc)
		fprintf(stderr, "demand: %s\n", f->e.message_en);
	assert_int_equal(rc, 0);
	return id;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e = {0};
	f->t = tstore_new();
	f->db = f->t->db;
	arena_init(&f->a, 4096);
	int64_t district = mkregion(f, 0, "district", "顺德区");
	int64_t daliang = mkregion(f, district, "town", "大良街道");
	int64_t ronggui = mkregion(f, district, "town", "容桂街道");
	f->beiqu = mkregion(f, daliang, "community", "北区社区");
	f->zhenhua = mkregion(f, ronggui, "community", "振华社区");
	assert_int_equal(WRITE(f, auth_user_create_cli(f->db, "daliang", "大良", "Demo@2026", ROLE_TOWN_ADMIN,
						       daliang, T0, &e)), 0);
	int64_t uid = query_int(f->db, "SELECT id FROM users WHERE username='daliang' AND id>=?", 1);
	assert_int_equal(auth_load_principal(f->db, &f->a, uid, &f->daliang, &e), 0);
	f->visit = query_int(f->db, "SELECT id FROM xchg_terms WHERE code='elderly.visit' AND id>=?", 1);
	f->open_id = mkdemand(f, "每周探访陈伯", f->beiqu);
	f->cancelled_id = mkdemand(f, "已撤销的探访", f->beiqu);
	assert_int_equal(WRITE(f, exchange_demand_cancel(cx(f, NULL), f->cancelled_id, NULL)), 0);
	mkdemand(f, "容桂的探访", f->zhenhua);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	tstore_free(f->t);
	arena_free(&f->a);
	free(f);
	return 0;
}

/* 需求台账 as the town admin of 大良 sees it, in fmt and lang, read back. */
static struct sheet *export_demands(struct fx *f, enum tab_format fmt, enum export_lang lang,
				    const char *status)
{
	struct export *x = export_new(fmt, lang, exchange_demand_export_cols, &f->e);
	assert_non_null(x);
	struct exchange_posting_filter flt = {.status = status};
	int rc = exchange_demands_export(cx(f, &f->daliang), &flt, x);
	if (rc)
		fprintf(stderr, "export: %s\n", f->e.message_en);
	assert_int_equal(rc, 0);
	char *buf = NULL;
	size_t len = 0;
	assert_int_equal(export_finish(x, &buf, &len, &f->e), 0);
	export_free(x);
	if (fmt == TAB_XLSX)
		assert_memory_equal(buf, "PK\3\4", 4);
	struct sheet *s = read_sheet(buf, len);
	free(buf);
	return s;
}

static void demands_xlsx_reads_in_chinese(void **state)
{
	struct fx *f = *state;
	struct sheet *s = export_demands(f, TAB_XLSX, EXPORT_ZH, NULL);
	int title = column(s, "需求"), status = column(s, "状态"), created = column(s, "登记时间");
	int open = row_with(s, title, "每周探访陈伯"), gone = row_with(s, title, "已撤销的探访");
	assert_true(open > 0 && gone > 0);
	assert_string_equal(at(s, open, status), "待匹配");
	assert_string_equal(at(s, gone, status), "已撤销");
	assert_string_equal(at(s, open, column(s, "紧急程度")), "较急");
	assert_string_equal(at(s, open, column(s, "服务分类")), "探访关怀");
	assert_string_equal(at(s, open, column(s, "已同意")), "是");
	assert_string_equal(at(s, open, created), T0_TEXT);
	/* the list's masks hold in the file */
	assert_string_equal(at(s, open, column(s, "联系电话（脱敏）")), "138****5678");
	/* no code of any coded column, no ISO time, nothing outside the scope */
	for (int r = 0; r < s->nrows; r++)
		for (int c = 0; c < s->ncols[r]; c++) {
			const char *v = s->cell[r][c];
			assert_true(strcmp(v, "open") && strcmp(v, "cancelled") && strcmp(v, "high") &&
				    strcmp(v, "need") && strcmp(v, "private"));
			assert_null(strstr(v, "+08:00"));
			assert_null(strstr(v, "容桂"));
		}
	assert_int_equal(s->nrows, 3); /* header and 北区's two */
	sheet_free(s);
}

static void demands_csv_reads_in_english(void **state)
{
	struct fx *f = *state;
	struct sheet *s = export_demands(f, TAB_CSV, EXPORT_EN, NULL);
	int open = row_with(s, column(s, "Demand"), "每周探访陈伯");
	assert_true(open > 0);
	assert_string_equal(at(s, open, column(s, "Status")), "Open");
	assert_string_equal(at(s, open, column(s, "Urgency")), "High");
	assert_string_equal(at(s, open, column(s, "Consent given")), "Yes");
	assert_string_equal(at(s, open, column(s, "Created")), T0_TEXT);
	sheet_free(s);
}

static void demands_export_keeps_the_filter(void **state)
{
	struct fx *f = *state;
	struct sheet *s = export_demands(f, TAB_XLSX, EXPORT_ZH, "cancelled");
	assert_int_equal(s->nrows, 2);
	assert_string_equal(at(s, 1, column(s, "需求")), "已撤销的探访");
	sheet_free(s);
}

/* More rows than a page of the list: every one, once. */
static void demands_export_walks_every_page(void **state)
{
	struct fx *f = *state;
	char title[32];
	for (int i = 0; i < 130; i++) {
		snprintf(title, sizeof title, "批量需求 %03d", i);
		mkdemand(f, title, f->beiqu);
	}
	struct sheet *s = export_demands(f, TAB_CSV, EXPORT_ZH, "open");
	assert_int_equal(s->nrows, 1 + 131);
	int col = column(s, "需求");
	for (int i = 0; i < 130; i++) {
		snprintf(title, sizeof title, "批量需求 %03d", i);
		assert_true(row_with(s, col, title) > 0);
	}
	sheet_free(s);
}

static void writer_labels_times_and_blanks(void **state)
{
	(void)state;
	char t[17];
	assert_int_equal(export_time_text("2026-11-25T01:30:00Z", t), 0);
	assert_string_equal(t, T0_TEXT);
	assert_int_equal(export_time_text("2026-11-25T09:30:00+08:00", t), 0);
	assert_string_equal(t, T0_TEXT);
	assert_int_equal(export_time_text("yesterday", t), -1);
	assert_string_equal(export_enum_label(EXPORT_ZH, "demand_status", "fulfilled"), "已解决");
	assert_string_equal(export_enum_label(EXPORT_EN, "gender", "male"), "Male");
	assert_string_equal(export_enum_label(EXPORT_ZH, "domain", "culture"), "文体");
	assert_string_equal(export_enum_label(EXPORT_ZH, "demand_status", "no_such"), "no_such");

	static const struct export_col cols[] = {
		{"n", "名", "Name", EXPORT_TEXT},     {"ok", "是否", "OK", EXPORT_BOOL},
		{"fen", "元", "Yuan", EXPORT_FEN},     {"r.name", "区域", "Region", EXPORT_TEXT},
		{"at", "时间", "At", EXPORT_TIME},     {"missing", "缺", "Missing", EXPORT_INT},
		EXPORT_END,
	};
	struct err e = {0};
	struct export *x = export_new(TAB_CSV, EXPORT_ZH, cols, &e);
	assert_non_null(x);
	const char *items = "{\"n\":\"甲\",\"ok\":true,\"fen\":1250,\"r\":{\"name\":\"北区\"},\"at\":\"2026-11-25T01:30:00Z\"},"
			    "{\"n\":\"乙\",\"ok\":null,\"fen\":null,\"at\":null}";
	assert_int_equal(export_items_json(x, items, strlen(items), &e), 0);
	assert_int_equal(export_rows(x), 2);
	char *buf = NULL;
	size_t len = 0;
	assert_int_equal(export_finish(x, &buf, &len, &e), 0);
	export_free(x);
	struct sheet *s = read_sheet(buf, len);
	free(buf);
	assert_int_equal(s->nrows, 3);
	const char *want[3][6] = {
		{"名", "是否", "元", "区域", "时间", "缺"},
		{"甲", "是", "12.5", "北区", T0_TEXT, ""},
		{"乙", "否", "", "", "", ""},
	};
	for (int r = 0; r < 3; r++)
		for (int c = 0; c < 6; c++)
			assert_string_equal(at(s, r, c), want[r][c]);
	sheet_free(s);

	/* A list without rows is still a file with its header. */
	x = export_new(TAB_CSV, EXPORT_EN, cols, &e);
	assert_int_equal(export_items_json(x, "", 0, &e), 0);
	assert_int_equal(export_finish(x, &buf, &len, &e), 0);
	export_free(x);
	s = read_sheet(buf, len);
	free(buf);
	assert_int_equal(s->nrows, 1);
	assert_string_equal(at(s, 0, 3), "Region");
	sheet_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writer_labels_times_and_blanks),
		cmocka_unit_test_setup_teardown(demands_xlsx_reads_in_chinese, setup, teardown),
		cmocka_unit_test_setup_teardown(demands_csv_reads_in_english, setup, teardown),
		cmocka_unit_test_setup_teardown(demands_export_keeps_the_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(demands_export_walks_every_page, setup, teardown),
	};
	return RUN_SUITE(tests);
}
