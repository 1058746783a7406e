/*
 * test_csv.c — the CSV reader and writer (core/csv.h) and the CSV side of
 * core/tabular.h: RFC 4180 quoting, line ends, BOM, row numbers in errors,
 * UTF-8 and GBK, the formula guard, a round trip and a million rows.
 * (How fast the reader is, is bench/formats.sh's to say: no clock here.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/err.h"
#include "core/sb.h"
#include "core/tabular.h"

/* Read every record of data into a flat description:
 * "row:line|f1|f2\n" per good record, "row:line!col\n" per bad one. */
static char *dump(const char *data, size_t len)
{
	struct err e = {0};
	struct sb out = SB_INIT;
	struct csv_reader *r = csv_reader_open(data, len, &e);
	struct tab_record rec;
	int rc;
	assert_non_null(r);
	while ((rc = csv_reader_next(r, &rec, &e)) != 0) {
		if (rc < 0) {
			sb_addf(&out, "%ld:%ld!%d\n", rec.row, rec.line, rec.err_col);
			continue;
		}
		sb_addf(&out, "%ld:%ld", rec.row, rec.line);
		for (int i = 0; i < rec.nfields; i++) {
			assert_int_equal(rec.fields[i].s[rec.fields[i].len], '\0');
			sb_addc(&out, '|');
			sb_add(&out, rec.fields[i].s, rec.fields[i].len);
		}
		sb_addc(&out, '\n');
	}
	csv_reader_free(r);
	return sb_detach(&out, NULL);
}

#define CHECK_DUMP(input, expected)                                  \
	do {                                                         \
		char *got_ = dump(input, sizeof(input) - 1);         \
		assert_string_equal(got_, expected);                 \
		free(got_);                                          \
	} while (0)

static void simple_records(void **state)
{
	(void)state;
	CHECK_DUMP("a,b,c\r\n1,2,3\n", "1:1|a|b|c\n2:2|1|2|3\n");
	CHECK_DUMP("no,newline", "1:1|no|newline\n");
	CHECK_DUMP("", "");
	CHECK_DUMP("a,,c,\n,\n", "1:1|a||c|\n2:2||\n");
	CHECK_DUMP("x\ry\r", "1:1|x\n2:2|y\n"); /* lone CR ends lines too */
}

static void quoted_fields(void **state)
{
	(void)state;
	CHECK_DUMP("\"a,b\",\"he said \"\"hi\"\"\",\"l1\nl2\"\nx,y\n",
		   "1:1|a,b|he said \"hi\"|l1\nl2\n2:3|x|y\n");
	CHECK_DUMP("\"\",\"\"\"\"\n", "1:1||\"\n");
	CHECK_DUMP("\"crlf\r\ninside\"\r\nnext\r\n", "1:1|crlf\r\ninside\n2:3|next\n");
	CHECK_DUMP("\"last\"", "1:1|last\n");
}

static void bom_and_blank_lines(void **state)
{
	(void)state;
	/* Blank lines are skipped but keep the row numbers a spreadsheet shows. */
	CHECK_DUMP("\xEF\xBB\xBF姓名,电话\n\n张三,13800138000\n\r\n",
		   "1:1|姓名|电话\n3:3|张三|13800138000\n");
	CHECK_DUMP("\n\n", "");
}

static void unterminated_quote_is_fatal(void **state)
{
	(void)state;
	const char in[] = "a,b\n1,\"abc\n2,3\n";
	struct err e = {0};
	struct tab_record rec;
	struct csv_reader *r = csv_reader_open(in, sizeof in - 1, &e);
	assert_non_null(r);
	assert_int_equal(csv_reader_next(r, &rec, &e), 1);
	assert_int_equal(csv_reader_next(r, &rec, &e), ERR_INVALID);
	assert_int_equal(rec.row, 2);
	assert_int_equal(rec.err_col, 2);
	assert_string_equal(e.field, "B2");
	assert_non_null(strstr(e.message, "引号没有闭合"));
	assert_non_null(strstr(e.message_en, "unterminated quote"));
	assert_true(csv_reader_fatal(r));
	assert_int_equal(csv_reader_next(r, &rec, &e), 0);
	csv_reader_free(r);
}

static void stray_quotes_skip_one_record(void **state)
{
	(void)state;
	CHECK_DUMP("a,b\"c,d\nx,y\n", "1:1!2\n2:2|x|y\n");
	CHECK_DUMP("\"ab\"c,d\n1,2", "1:1!1\n2:2|1|2\n");

	struct err e = {0};
	struct tab_record rec;
	const char in[] = "ok\n1,2,3\"\n";
	struct csv_reader *r = csv_reader_open(in, sizeof in - 1, &e);
	assert_int_equal(csv_reader_next(r, &rec, &e), 1);
	assert_int_equal(csv_reader_next(r, &rec, &e), ERR_INVALID);
	assert_string_equal(e.field, "C2");
	assert_non_null(strstr(e.message, "第 2 行第 3 列"));
	assert_non_null(strstr(e.message_en, "row 2, column 3"));
	assert_false(csv_reader_fatal(r));
	csv_reader_free(r);
}

static void invalid_utf8_rows(void **state)
{
	(void)state;
	CHECK_DUMP("name,x\n张三,\xff\nok,1\n", "1:1|name|x\n2:2!2\n3:3|ok|1\n");
	CHECK_DUMP("a,\xc3\x28\n", "1:1!2\n");             /* bad continuation */
	CHECK_DUMP("\xe0\x80\x80\n", "1:1!1\n");           /* overlong NUL */
	CHECK_DUMP("\"q\xed\xa0\x80\"\n", "1:1!1\n");      /* surrogate, quoted */
	CHECK_DUMP("a,b\0c\n", "1:1!2\n");                 /* NUL byte */
	CHECK_DUMP("\xf0\x9f\x98\x80,\xe4\xb8\xad\n", "1:1|\xf0\x9f\x98\x80|\xe4\xb8\xad\n");
}

static void utf8_validator(void **state)
{
	(void)state;
	assert_int_equal(csv_utf8_valid_prefix("abc", 3), 3);
	assert_int_equal(csv_utf8_valid_prefix("ab\xc0\x80", 4), 2);
	assert_int_equal(csv_utf8_valid_prefix("\xf4\x90\x80\x80", 4), 0); /* > U+10FFFF */
	assert_int_equal(csv_utf8_valid_prefix("\xf4\x8f\xbf\xbf", 4), 4); /* U+10FFFF */
	assert_int_equal(csv_utf8_valid_prefix("\xe0\x9f\xbf", 3), 0);     /* overlong */
	assert_int_equal(csv_utf8_valid_prefix("12345678\xe4\xb8", 10), 8); /* cut off */
	assert_int_equal(csv_utf8_valid_prefix("\x80", 1), 0);
}

/* "姓名,电话\n张三,13800138000\n" as Excel saves it on Chinese Windows. */
static const char gbk_csv[] = "\xd0\xd5\xc3\xfb,\xb5\xe7\xbb\xb0\n"
			      "\xd5\xc5\xc8\xfd,13800138000\n";

static void gbk_file_is_refused_with_advice(void **state)
{
	(void)state;
	struct err e = {0};
	assert_true(csv_looks_like_gbk(gbk_csv, sizeof gbk_csv - 1));
	assert_false(csv_looks_like_gbk("张三,李四", strlen("张三,李四")));
	assert_false(csv_looks_like_gbk("plain", 5));
	assert_null(csv_reader_open(gbk_csv, sizeof gbk_csv - 1, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.message, "GBK"));
	assert_non_null(strstr(e.message, "CSV UTF-8"));
	assert_non_null(strstr(e.message_en, "CSV UTF-8"));

	/* The same through the format-neutral reader, with TAB_AUTO. */
	memset(&e, 0, sizeof e);
	assert_null(tab_reader_open(gbk_csv, sizeof gbk_csv - 1, TAB_AUTO, &e));
	assert_non_null(strstr(e.message_en, "GBK"));

	/* GB18030 four-byte form (U+20AC as 0x81 0x30 0x81 0x30 style bytes). */
	assert_true(csv_looks_like_gbk("a\x81\x30\x81\x30,b", 6));
	/* A GBK character cut at the end of the sample still counts as GBK. */
	assert_true(csv_looks_like_gbk("\xd5\xc5\xc8", 3));
}

static void gbk_past_the_sniff_window_is_a_row_error(void **state)
{
	(void)state;
	struct sb in = SB_INIT;
	for (int i = 0; i < 8000; i++)
		sb_adds(&in, "12345,abcdef\n");
	sb_adds(&in, "\xd5\xc5\xc8\xfd,1\n"); /* row 8001 */
	struct err e = {0};
	struct tab_record rec;
	struct csv_reader *r = csv_reader_open(in.buf, in.len, &e);
	int rc, bad = 0;
	assert_non_null(r);
	while ((rc = csv_reader_next(r, &rec, &e)) != 0) {
		if (rc < 0) {
			bad++;
			assert_int_equal(rec.row, 8001);
			assert_int_equal(rec.err_col, 1);
			assert_non_null(strstr(e.message, "UTF-8"));
		}
	}
	assert_int_equal(bad, 1);
	csv_reader_free(r);
	sb_free(&in);
}

static void too_many_columns(void **state)
{
	(void)state;
	struct sb in = SB_INIT;
	for (int i = 0; i < TAB_MAX_COLS; i++)
		sb_adds(&in, "x,");
	sb_adds(&in, "y\nok\n");
	struct err e = {0};
	struct tab_record rec;
	struct csv_reader *r = csv_reader_open(in.buf, in.len, &e);
	assert_int_equal(csv_reader_next(r, &rec, &e), ERR_INVALID);
	assert_int_equal(rec.err_col, TAB_MAX_COLS + 1);
	assert_int_equal(csv_reader_next(r, &rec, &e), 1);
	assert_int_equal(rec.row, 2);
	csv_reader_free(r);
	sb_free(&in);
}

static char *write_rows(unsigned flags, const char *const *cells, int n)
{
	struct csv_writer w;
	size_t len;
	csv_writer_init(&w, flags);
	csv_write_row(&w, cells, n);
	char *s = csv_writer_take(&w, &len);
	assert_int_equal(strlen(s), len);
	return s;
}

static void writer_quotes_only_when_needed(void **state)
{
	(void)state;
	const char *cells[] = {"plain", "a,b", "say \"hi\"", "two\nlines", " pad", NULL, "张三"};
	char *s = write_rows(0, cells, 7);
	assert_string_equal(s, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" pad\",,张三\r\n");
	free(s);
	s = write_rows(CSV_WRITE_LF | CSV_WRITE_BOM, cells, 1);
	assert_string_equal(s, "\xEF\xBB\xBFplain\n");
	free(s);
}

static void writer_formula_guard(void **state)
{
	(void)state;
	const char *cells[] = {"=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "-12.5",
			       "+86", "a=b", "=x,y"};
	char *s = write_rows(CSV_WRITE_FORMULA_GUARD | CSV_WRITE_LF, cells, 8);
	assert_string_equal(s, "'=1+1,'+cmd|' /C calc'!A0,'-2+3,'@SUM(A1),-12.5,+86,a=b,\"'=x,y\"\n");
	free(s);
	s = write_rows(CSV_WRITE_LF, cells, 1); /* off: left alone */
	assert_string_equal(s, "=1+1\n");
	free(s);
	assert_true(csv_needs_formula_guard("\tx", 2));
	assert_false(csv_needs_formula_guard("", 0));
	assert_false(csv_needs_formula_guard("-", 0));
	assert_true(csv_needs_formula_guard("-", 1));
}

static void writer_numbers(void **state)
{
	(void)state;
	struct csv_writer w;
	size_t len;
	csv_writer_init(&w, CSV_WRITE_LF | CSV_WRITE_FORMULA_GUARD);
	csv_write_number(&w, 0.1);
	csv_write_number(&w, 42);
	csv_write_number(&w, -3.5);
	csv_write_number(&w, 0.1 + 0.2);
	csv_write_int(&w, INT64_MAX);
	csv_write_int(&w, -7);
	csv_write_number(&w, 1.0 / 0.0);
	csv_write_end_row(&w);
	char *s = csv_writer_take(&w, &len);
	assert_string_equal(s, "0.1,42,-3.5,0.30000000000000004,9223372036854775807,-7,\n");
	free(s);
}

static void round_trip(void **state)
{
	(void)state;
	const char *rows[][4] = {
		{"姓名", "备注", "电话", ""},
		{"张三", "说：\"你好\"，再见", "138 0013 8000", "x"},
		{"李四", "第一行\r\n第二行", "", " lead"},
		{"", "", "", ""},
		{"王五", ",", "\"", "trail "},
	};
	struct csv_writer w;
	size_t len;
	csv_writer_init(&w, CSV_WRITE_BOM);
	for (int i = 0; i < 5; i++)
		csv_write_row(&w, rows[i], 4);
	char *s = csv_writer_take(&w, &len);

	struct err e = {0};
	struct tab_reader *r = tab_reader_open(s, len, TAB_AUTO, &e);
	struct tab_record rec;
	assert_non_null(r);
	assert_int_equal(tab_reader_format(r), TAB_CSV);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(tab_reader_next(r, &rec, &e), 1);
		assert_int_equal(rec.row, i + 1);
		assert_int_equal(rec.nfields, 4);
		for (int j = 0; j < 4; j++)
			assert_string_equal(rec.fields[j].s, rows[i][j]);
		assert_int_equal(tab_record_is_blank(&rec), i == 3);
	}
	assert_int_equal(tab_reader_next(r, &rec, &e), 0);
	tab_reader_close(r);
	free(s);
}

static void cell_refs(void **state)
{
	(void)state;
	char b[16];
	assert_int_equal(tab_cell_ref(5, 28, b, sizeof b), 3);
	assert_string_equal(b, "AB5");
	tab_cell_ref(1, 1, b, sizeof b);
	assert_string_equal(b, "A1");
	tab_cell_ref(1048576, 16384, b, sizeof b);
	assert_string_equal(b, "XFD1048576");
	tab_cell_ref(3, 26, b, sizeof b);
	assert_string_equal(b, "Z3");
	tab_cell_ref(3, 27, b, sizeof b);
	assert_string_equal(b, "AA3");
	assert_int_equal(tab_cell_ref(1, 0, b, sizeof b), -1);
	assert_int_equal(tab_cell_ref(100, 1, b, 3), -1);
}

static void csv_declared_but_zip_given(void **state)
{
	(void)state;
	struct err e = {0};
	assert_null(tab_reader_open("PK\x03\x04rest", 8, TAB_CSV, &e));
	assert_non_null(strstr(e.message_en, "Excel"));
}

/* A whole file, NUL-terminated; the tests run from the repository root. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (run the tests from the repository root)", path);
	struct sb s = SB_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_add(&s, buf, n);
	fclose(f);
	return sb_detach(&s, len);
}

static void fixture_files(void **state)
{
	(void)state;
	size_t len;
	char *data = slurp("tests/data/people.csv", &len);
	char *got = dump(data, len);
	assert_string_equal(got,
		"1:1|姓名|身份证号|手机号|住址|备注\n"
		"2:2|张三|11010519491231002X|13800138000|北京市东城区|\n"
		"3:3|李四|440306198512313215|+86 139-1234-5678|深圳市福田区，华强北街道|说：\"你好\"\n"
		"5:5|王五|110105194912310021|13912345678|广州市天河区|身份证校验位错误\n"
		"6:6|赵六|320102202402290038|12345678901|南京市玄武区|手机号无效\n"
		"7:7|钱七|320102202302290030|15012345678|南京市鼓楼区|2023 年没有 2 月 29 日\n"
		"8:8|孙八|110101200002290026|150 1234 5678|上海市\n浦东新区|住址含换行\n");
	free(got);
	free(data);

	struct err e = {0};
	data = slurp("tests/data/people_gbk.csv", &len);
	assert_null(tab_reader_open(data, len, TAB_AUTO, &e));
	assert_non_null(strstr(e.message, "CSV UTF-8"));
	free(data);
}

/* A million simple rows, every one read whole: the row count, the field
 * count and the last row's fields. (The speed of this loop is measured by
 * bench/formats.sh against wc -l and Python's csv on the same file.) */
static void million_rows(void **state)
{
	(void)state;
	const long rows = 1000000;
	struct sb in = SB_INIT;
	for (long i = 0; i < rows; i++)
		sb_addf(&in, "%ld,张三,13800138000,\"北京市, 朝阳区\"\n", i);
	struct err e = {0};
	struct tab_record rec;
	struct csv_reader *r = csv_reader_open(in.buf, in.len, &e);
	assert_non_null(r);
	long n = 0, fields = 0;
	while (csv_reader_next(r, &rec, &e) == 1) {
		n++, fields += rec.nfields;
		if (n == rows) {
			assert_int_equal(rec.row, rows);
			assert_string_equal(rec.fields[0].s, "999999");
			assert_string_equal(rec.fields[3].s, "北京市, 朝阳区");
		}
	}
	csv_reader_free(r);
	sb_free(&in);
	assert_int_equal(n, rows);
	assert_int_equal(fields, 4 * rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(simple_records),
		cmocka_unit_test(quoted_fields),
		cmocka_unit_test(bom_and_blank_lines),
		cmocka_unit_test(unterminated_quote_is_fatal),
		cmocka_unit_test(stray_quotes_skip_one_record),
		cmocka_unit_test(invalid_utf8_rows),
		cmocka_unit_test(utf8_validator),
		cmocka_unit_test(gbk_file_is_refused_with_advice),
		cmocka_unit_test(gbk_past_the_sniff_window_is_a_row_error),
		cmocka_unit_test(too_many_columns),
		cmocka_unit_test(writer_quotes_only_when_needed),
		cmocka_unit_test(writer_formula_guard),
		cmocka_unit_test(writer_numbers),
		cmocka_unit_test(round_trip),
		cmocka_unit_test(cell_refs),
		cmocka_unit_test(csv_declared_but_zip_given),
		cmocka_unit_test(fixture_files),
		cmocka_unit_test(million_rows),
	};
	int n = (int)(sizeof tests / sizeof tests[0]);
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	printf("%d passed, %d failed\n", n - failed, failed);
	return failed != 0;
}
