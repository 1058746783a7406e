/*
 * test_helpers.c — the small shared helpers the modules lean on instead
 * of writing the same lines again: store/jcols (a query's columns as JSON
 * by a table), db_row (one-row reads), XGROW, hex_digit and the
 * "YYYY-MM" / "YYYY-MM-DD" texts of core/wtime.
 *
 * Prints "N passed, N failed" last; cmocka's own report goes to stderr.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/jw.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "core/xmem.h"
#include "store/jcols.h"
#include "store/store.h"
#include "testutil.h"

static void jcols_keep_what_the_hand_written_lines_wrote(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	struct stmt *st = db_q(t->db, &e,
			       "SELECT 7, 'a\"b', NULL, 0, NULL, 3, NULL, 1.5, NULL, '[1,2]', NULL"
			       " UNION ALL SELECT 8, NULL, 1795570200000000, 5, 9, 0, NULL, 2.0, 0.25, NULL, 4",
			       "");
	assert_non_null(st);
	static const struct jcol cols[] = {
		{"id", 0, JC_INT},         {"name", 1, JC_TEXT},        {"at", 2, JC_TIME},
		{"ref", 3, JC_INT_OR_NULL}, {"null_ref", 4, JC_INT_OR_NULL}, {"on", 5, JC_BOOL},
		{"n", 6, JC_INT},           {"d", 7, JC_DOUBLE},         {"dn", 8, JC_DOUBLE_OR_NULL},
		{"raw", 9, JC_RAW},         {"last", 10, JC_INT},
	};
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	jw_arr(&w);
	assert_int_equal(jw_rows(&w, st, JCOLS(cols), &e), 2);
	jw_arr_end(&w);
	assert_string_equal(
		sb_str(&out),
		"[{\"id\":7,\"name\":\"a\\\"b\",\"at\":null,\"ref\":null,\"null_ref\":null,\"on\":true,\"n\":0,"
		"\"d\":1.5,\"dn\":null,\"raw\":[1,2],\"last\":0},"
		"{\"id\":8,\"name\":null,\"at\":\"2026-11-25T09:30:00+08:00\",\"ref\":5,\"null_ref\":9,"
		"\"on\":false,\"n\":0,\"d\":2,\"dn\":0.25,\"raw\":null,\"last\":4}]");
	sb_free(&out);
}

static void db_row_one_none_error(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	struct stmt *st = NULL;
	assert_int_equal(db_row(t->db, &e, &st, "SELECT ? + 1", "i", (int64_t)41), 1);
	assert_non_null(st);
	assert_int_equal(col_int(st, 0), 42);
	stmt_done(st);
	assert_int_equal(db_row(t->db, &e, &st, "SELECT 1 WHERE ? = 0", "i", (int64_t)1), 0);
	assert_null(st);
	assert_true(db_row(t->db, &e, &st, "SELECT nope FROM nowhere", "") < 0);
	assert_null(st);
	assert_int_equal(e.code, ERR_STORE);
}

static void xgrow_doubles_from_first(void **state)
{
	(void)state;
	int *v = NULL, n = 0, cap = 0;
	for (int i = 0; i < 100; i++) {
		XGROW(v, n, cap, 4);
		v[n++] = i;
	}
	assert_int_equal(cap, 128);
	assert_int_equal(v[99], 99);
	free(v);
}

static void hex_and_month_texts(void **state)
{
	(void)state;
	assert_int_equal(hex_digit('0'), 0);
	assert_int_equal(hex_digit('a'), 10);
	assert_int_equal(hex_digit('F'), 15);
	assert_int_equal(hex_digit('g'), -1);
	char ym[8], ymd[11];
	wtime_ym_text(2026, 3, ym);
	assert_string_equal(ym, "2026-03");
	wtime_ymd_text(2026, 12, 6, ymd);
	assert_string_equal(ymd, "2026-12-06");
	int y = 0, m = 0;
	assert_int_equal(wtime_parse_ym("2026-11", &y, &m), 0);
	assert_int_equal(y, 2026);
	assert_int_equal(m, 11);
	assert_int_equal(wtime_parse_ym("2026-13", &y, &m), -1);
	assert_int_equal(wtime_parse_ym("2026-1", &y, &m), -1);
	assert_int_equal(wtime_parse_ym("2026/11", &y, &m), -1);
	assert_int_equal(wtime_parse_ym("20x6-11", &y, &m), -1);
	assert_int_equal(wtime_parse_ym(NULL, &y, &m), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(jcols_keep_what_the_hand_written_lines_wrote, setup_store,
						teardown_store),
		cmocka_unit_test_setup_teardown(db_row_one_none_error, setup_store, teardown_store),
		cmocka_unit_test(xgrow_doubles_from_first),
		cmocka_unit_test(hex_and_month_texts),
	};
	return RUN_SUITE(tests);
}
