/*
 * test_xlsx.c — the XLSX reader (core/xlsx.h) and the tab_writer of
 * core/tabular.h. Workbooks are made inside the test: by hand with libzip
 * from XML strings (shared and inline strings, rich text, skipped cells and
 * rows, dates, formulas, a non-default sheet path), and by tab_writer
 * through libxlsxwriter, then read back. Malformed inputs: truncated
 * archives, wrong signatures, a legacy .xls, zip bombs, DTDs, broken XML.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/csv.h"
#include "core/err.h"
#include "core/sb.h"
#include "core/tabular.h"
#include "core/xlsx.h"

/* ---- building workbooks by hand ---- */

struct part {
	const char *name;
	const char *xml;
};

static char *make_zip(const struct part *parts, int n, size_t *len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	zip_source_keep(src);
	zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(z);
	for (int i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(z, parts[i].xml, strlen(parts[i].xml), 0);
		assert_non_null(s);
		assert_true(zip_file_add(z, parts[i].name, s, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	zip_stat_t st;
	assert_int_equal(zip_source_open(src), 0);
	assert_int_equal(zip_source_stat(src, &st), 0);
	char *buf = malloc(st.size);
	assert_int_equal(zip_source_read(src, buf, st.size), (zip_int64_t)st.size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*len = st.size;
	return buf;
}

/* One entry of an archive in memory, NUL-terminated. */
static char *unzip_entry(const char *data, size_t len, const char *name)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(z);
	zip_stat_t st;
	assert_int_equal(zip_stat(z, name, 0, &st), 0);
	zip_file_t *f = zip_fopen(z, name, 0);
	char *buf = malloc(st.size + 1);
	assert_int_equal(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
	buf[st.size] = '\0';
	zip_fclose(f);
	zip_discard(z);
	zip_error_fini(&ze);
	return buf;
}

/* Every record as "row|f1|f2\n", bad rows as "row!col\n", a fatal end as
 * "FATAL\n". */
static char *dump_reader(struct tab_reader *r, struct err *last)
{
	struct sb out = SB_INIT;
	struct tab_record rec;
	int rc;
	while ((rc = tab_reader_next(r, &rec, last)) != 0) {
		if (rc < 0) {
			sb_addf(&out, "%ld!%d\n", rec.row, rec.err_col);
			continue;
		}
		sb_addf(&out, "%ld", rec.row);
		for (int i = 0; i < rec.nfields; i++) {
			assert_int_equal(strlen(rec.fields[i].s), rec.fields[i].len);
			sb_addc(&out, '|');
			sb_add(&out, rec.fields[i].s, rec.fields[i].len);
		}
		sb_addc(&out, '\n');
	}
	if (tab_reader_fatal(r))
		sb_adds(&out, "FATAL\n");
	return sb_detach(&out, NULL);
}

static char *dump_bytes(const char *data, size_t len, struct err *e)
{
	struct tab_reader *r = tab_reader_open(data, len, TAB_AUTO, e);
	if (!r)
		return NULL;
	assert_int_equal(tab_reader_format(r), TAB_XLSX);
	char *s = dump_reader(r, e);
	tab_reader_close(r);
	return s;
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
	   "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define RELNS "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static const char workbook_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<workbook " NS "><workbookPr/><sheets>"
	"<sheet name=\"人员\" sheetId=\"1\" r:id=\"rId3\"/>"
	"<sheet name=\"Other\" sheetId=\"2\" r:id=\"rId1\"/>"
	"</sheets></workbook>";

static const char rels_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" RELNS "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" RELNS "sharedStrings\" Target=\"strings.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"" RELNS "worksheet\" Target=\"/xl/worksheets/people.xml\"/>"
	"<Relationship Id=\"rId4\" Type=\"" RELNS "styles\" Target=\"styles.xml\"/>"
	"</Relationships>";

static const char sst_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<sst " NS " count=\"5\" uniqueCount=\"5\">"
	"<si><t>姓名</t></si>"
	"<si><t>电话</t></si>"
	"<si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space=\"preserve\">三 </t></r>"
	"<rPh sb=\"0\" eb=\"1\"><t>zhang</t></rPh></si>"
	"<si><t>a_x000D_b &amp; &lt;c&gt;</t></si>"
	"<si><t/></si>"
	"</sst>";

static const char styles_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<styleSheet " NS ">"
	"<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
	"<numFmt numFmtId=\"165\" formatCode=\"0.00&quot;元&quot;\"/></numFmts>"
	"<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
	"<cellXfs count=\"6\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
	"<xf numFmtId=\"20\"/><xf numFmtId=\"22\"/><xf numFmtId=\"165\"/></cellXfs>"
	"</styleSheet>";

/* Row 2 and row 4 are absent, C1 is skipped, row 8 has only empty cells. */
static const char people_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<worksheet " NS "><dimension ref=\"A1:E9\"/><sheetData>"
	"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
	"<c r=\"D1\" t=\"inlineStr\"><is><t>备注</t></is></c></row>"
	"<row r=\"3\" spans=\"1:5\"><c r=\"A3\" t=\"s\"><v>2</v></c><c r=\"B3\"><v>1.3800138E10</v></c>"
	"<c r=\"C3\" t=\"b\"><v>1</v></c>"
	"<c r=\"D3\" t=\"inlineStr\"><is><r><t>内联</t></r><r><t>文本</t></r></is></c></row>"
	"<row r=\"5\"><c r=\"A5\" t=\"str\"><f>CONCAT(\"x\",\"y\")</f><v>xy</v></c>"
	"<c r=\"B5\"><v>3.0</v></c><c r=\"C5\"><v>0.1</v></c><c r=\"E5\" t=\"e\"><v>#N/A</v></c></row>"
	"<row r=\"6\"><c r=\"A6\" s=\"1\"><v>45000</v></c><c r=\"B6\" s=\"2\"><v>32874</v></c>"
	"<c r=\"C6\" s=\"3\"><v>0.5</v></c><c r=\"D6\" s=\"4\"><v>45000.75</v></c>"
	"<c r=\"E6\" s=\"5\"><v>12.5</v></c></row>"
	"<row r=\"7\"><c t=\"s\"><v>3</v></c><c><v>-0.25</v></c><c t=\"s\"><v>4</v></c><c><v>7</v></c></row>"
	"<row r=\"8\"><c r=\"A8\" s=\"1\"/><c r=\"B8\" t=\"s\"><v>4</v></c></row>"
	"<row r=\"9\"><c r=\"B9\"><f>1+1</f><v>2</v></c></row>"
	"</sheetData><pageMargins left=\"0.7\"/></worksheet>";

static const char *const full_book_expected =
	"1|姓名|电话||备注\n"
	"3|张三 |13800138000|TRUE|内联文本\n"
	"5|xy|3|0.1||#N/A\n"
	"6|2023-03-15|1990-01-01|12:00:00|2023-03-15 18:00:00|12.5\n"
	"7|a\rb & <c>|-0.25||7\n"
	"9||2\n";

static char *full_book(size_t *len)
{
	const struct part parts[] = {
		{"[Content_Types].xml", "<Types/>"},
		{"xl/workbook.xml", workbook_xml},
		{"xl/_rels/workbook.xml.rels", rels_xml},
		{"xl/strings.xml", sst_xml},
		{"xl/styles.xml", styles_xml},
		{"xl/worksheets/people.xml", people_xml},
		{"xl/worksheets/sheet1.xml", "<worksheet><sheetData><row r=\"1\"><c><v>9</v></c>"
					     "</row></sheetData></worksheet>"},
	};
	return make_zip(parts, 7, len);
}

static void hand_built_workbook(void **state)
{
	(void)state;
	size_t len;
	char *zip = full_book(&len);
	struct err e = {0};
	char *got = dump_bytes(zip, len, &e);
	assert_non_null(got);
	assert_string_equal(got, full_book_expected);
	free(got);

	struct xlsx_reader *x = xlsx_reader_open(zip, len, NULL, &e);
	assert_non_null(x);
	assert_string_equal(xlsx_reader_sheet_name(x), "人员");
	xlsx_reader_free(x);
	free(zip);
}

static void sheet1_fallback_and_1904_dates(void **state)
{
	(void)state;
	const struct part parts[] = {
		{"xl/workbook.xml", "<workbook><workbookPr date1904=\"1\"/></workbook>"},
		{"xl/styles.xml", "<styleSheet><numFmts>"
				  "<numFmt numFmtId=\"166\" formatCode=\"0.00E+00\"/>"
				  "<numFmt numFmtId=\"167\" formatCode=\"[Red]General\"/>"
				  "<numFmt numFmtId=\"168\" formatCode=\"[$-804]e&quot;年&quot;\"/>"
				  "</numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
				  "<xf numFmtId=\"166\"/><xf numFmtId=\"167\"/><xf numFmtId=\"168\"/>"
				  "</cellXfs></styleSheet>"},
		{"xl/sharedStrings.xml", "<sst><si><t>only</t></si></sst>"},
		{"xl/worksheets/sheet1.xml",
		 "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		 "<x:sheetData><x:row><x:c t=\"s\"><x:v>0</x:v></x:c><x:c s=\"1\"><x:v>0</x:v></x:c>"
		 "</x:row><x:row><x:c r=\"C2\"><x:v>1</x:v></x:c></x:row>"
		 "<x:row><x:c s=\"2\"><x:v>12345</x:v></x:c><x:c s=\"3\"><x:v>7.5</x:v></x:c>"
		 "<x:c s=\"4\"><x:v>366</x:v></x:c></x:row></x:sheetData></x:worksheet>"},
	};
	size_t len;
	char *zip = make_zip(parts, 4, &len);
	struct err e = {0};
	char *got = dump_bytes(zip, len, &e);
	assert_non_null(got);
	assert_string_equal(got, "1|only|1904-01-01\n2|||1\n3|12345|7.5|1905-01-01\n");
	free(got);
	free(zip);
}

static void bad_cells_are_row_errors(void **state)
{
	(void)state;
	const struct part parts[] = {
		{"xl/sharedStrings.xml", "<sst><si><t>s0</t></si></sst>"},
		{"xl/worksheets/sheet1.xml",
		 "<worksheet><sheetData>"
		 "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
		 "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>7</v></c><c r=\"B2\" t=\"s\"><v>0</v></c></row>"
		 "<row r=\"3\"><c r=\"B3\"><v>1</v></c><c r=\"A3\"><v>2</v></c></row>"
		 "<row r=\"4\"><c r=\"ZZZZ4\"><v>1</v></c></row>"
		 "<row r=\"4\"><c><v>1</v></c></row>"
		 "<row r=\"6\"><c r=\"C6\"><v>ok</v></c></row>"
		 "</sheetData></worksheet>"},
	};
	size_t len;
	char *zip = make_zip(parts, 2, &len);
	struct err e = {0};
	char *got = dump_bytes(zip, len, &e);
	assert_non_null(got);
	assert_string_equal(got, "1|s0\n2!1\n3!1\n4!1\n5!0\n6|||ok\n");
	free(got);

	/* The message names the cell in both languages. */
	struct tab_reader *r = tab_reader_open(zip, len, TAB_XLSX, &e);
	struct tab_record rec;
	assert_int_equal(tab_reader_next(r, &rec, &e), 1);
	assert_int_equal(tab_reader_next(r, &rec, &e), ERR_INVALID);
	assert_string_equal(e.field, "A2");
	assert_non_null(strstr(e.message, "第 2 行第 1 列"));
	assert_non_null(strstr(e.message_en, "shared string"));
	tab_reader_close(r);
	free(zip);
}

static void refs(void **state)
{
	(void)state;
	int c;
	long r;
	assert_int_equal(xlsx_parse_ref("AB12", &c, &r), 0);
	assert_int_equal(c, 28);
	assert_int_equal(r, 12);
	assert_int_equal(xlsx_parse_ref("XFD1048576", &c, &r), 0);
	assert_int_equal(c, 16384);
	assert_int_equal(xlsx_parse_ref("a1", &c, &r), 0);
	assert_int_equal(c, 1);
	assert_int_equal(xlsx_parse_ref("C", &c, &r), 0);
	assert_int_equal(r, 0);
	assert_int_equal(xlsx_parse_ref("XFE1", &c, &r), -1);
	assert_int_equal(xlsx_parse_ref("A0", &c, &r), -1);
	assert_int_equal(xlsx_parse_ref("A1048577", &c, &r), -1);
	assert_int_equal(xlsx_parse_ref("1A", &c, &r), -1);
	assert_int_equal(xlsx_parse_ref("$A$1", &c, &r), -1);
	assert_int_equal(xlsx_parse_ref("", &c, &r), -1);
}

/* ---- malformed archives ---- */

static void truncated_zip(void **state)
{
	(void)state;
	size_t len;
	char *zip = full_book(&len);
	struct err e = {0};
	size_t cuts[] = {len / 2, len - 10, 30, 4};
	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		memset(&e, 0, sizeof e);
		assert_null(tab_reader_open(zip, cuts[i], TAB_AUTO, &e));
		assert_int_equal(e.code, ERR_INVALID);
		assert_non_null(strstr(e.message, "损坏"));
		assert_non_null(strstr(e.message_en, "damaged"));
	}
	free(zip);
}

static void damaged_entry_data(void **state)
{
	(void)state;
	size_t len;
	char *zip = full_book(&len);
	/* Flip bytes inside the compressed sheet data: the directory still
	 * reads, but inflating or the CRC check fails. */
	char *p = memmem(zip, len, "xl/worksheets/people.xml", 24);
	assert_non_null(p);
	for (int i = 0; i < 40; i++)
		p[24 + 10 + i] ^= 0x5A;
	struct err e = {0};
	struct tab_reader *r = tab_reader_open(zip, len, TAB_AUTO, &e);
	if (r) {
		char *got = dump_reader(r, &e);
		assert_non_null(strstr(got, "FATAL"));
		assert_non_null(strstr(e.message_en, "damaged"));
		free(got);
		tab_reader_close(r);
	} else {
		assert_non_null(strstr(e.message_en, "damaged"));
	}
	free(zip);
}

static void wrong_signatures(void **state)
{
	(void)state;
	struct err e = {0};
	assert_null(tab_reader_open("hello,world\n", 12, TAB_XLSX, &e));
	assert_non_null(strstr(e.message_en, "not an XLSX"));
	memset(&e, 0, sizeof e);
	const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest of an old file";
	assert_null(tab_reader_open(ole, sizeof ole - 1, TAB_AUTO, &e));
	assert_non_null(strstr(e.message, ".xls"));
	assert_non_null(strstr(e.message_en, ".xls"));

	/* A ZIP that is not a workbook (say, a .docx or a photo archive). */
	const struct part parts[] = {{"word/document.xml", "<w/>"}, {"a.txt", "x"}};
	size_t len;
	char *zip = make_zip(parts, 2, &len);
	memset(&e, 0, sizeof e);
	assert_null(tab_reader_open(zip, len, TAB_AUTO, &e));
	assert_non_null(strstr(e.message_en, "no worksheet"));
	free(zip);
}

static void zip_bomb_limits(void **state)
{
	(void)state;
	/* 2 MiB of XML that deflates to a few KiB. */
	struct sb big = SB_INIT;
	long written = 0;
	sb_adds(&big, "<worksheet><sheetData>");
	while (big.len < 2 * 1024 * 1024)
		sb_adds(&big, "<row><c><v>1</v></c></row>"), written++;
	sb_adds(&big, "</sheetData></worksheet>");
	const struct part parts[] = {{"xl/worksheets/sheet1.xml", big.buf}};
	size_t len;
	char *zip = make_zip(parts, 1, &len);
	assert_true(len < 100 * 1024);

	struct xlsx_limits lim = {.max_uncompressed = 1024 * 1024, .max_entries = 0};
	struct err e = {0};
	assert_null(xlsx_reader_open(zip, len, &lim, &e));
	assert_int_equal(e.code, ERR_TOO_LARGE);
	assert_non_null(strstr(e.message_en, "inflates to more than 1 MB"));

	/* Within the default limit it reads, row after row. */
	struct xlsx_reader *x = xlsx_reader_open(zip, len, NULL, &e);
	struct tab_record rec;
	long rows = 0;
	assert_non_null(x);
	while (xlsx_reader_next(x, &rec, &e) == 1)
		rows++;
	assert_int_equal(rows, written);
	assert_false(xlsx_reader_fatal(x));
	xlsx_reader_free(x);
	free(zip);
	sb_free(&big);

	/* Too many entries. */
	struct part many[12];
	char names[12][32];
	for (int i = 0; i < 12; i++) {
		snprintf(names[i], sizeof names[i], "f%d.xml", i);
		many[i] = (struct part){names[i], "<a/>"};
	}
	zip = make_zip(many, 12, &len);
	lim = (struct xlsx_limits){.max_uncompressed = 0, .max_entries = 10};
	assert_null(xlsx_reader_open(zip, len, &lim, &e));
	assert_non_null(strstr(e.message_en, "too many entries"));
	free(zip);
}

static void doctype_refused(void **state)
{
	(void)state;
	static const char laughs[] =
		"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
		"<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
		"<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
		"<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&lol3;</t></is></c></row>"
		"</sheetData></worksheet>";
	const struct part in_sheet[] = {{"xl/worksheets/sheet1.xml", laughs}};
	size_t len;
	char *zip = make_zip(in_sheet, 1, &len);
	struct err e = {0};
	char *got = dump_bytes(zip, len, &e);
	assert_non_null(got);
	assert_string_equal(got, "1!0\nFATAL\n");
	assert_non_null(strstr(e.message_en, "DTD"));
	assert_non_null(strstr(e.message, "DTD"));
	free(got);
	free(zip);

	const struct part in_sst[] = {
		{"xl/sharedStrings.xml", "<!DOCTYPE x SYSTEM \"file:///etc/passwd\"><sst/>"},
		{"xl/worksheets/sheet1.xml", "<worksheet/>"},
	};
	zip = make_zip(in_sst, 2, &len);
	assert_null(tab_reader_open(zip, len, TAB_AUTO, &e));
	assert_non_null(strstr(e.message_en, "DTD"));
	free(zip);
}

static void broken_xml_midway(void **state)
{
	(void)state;
	const struct part parts[] = {
		{"xl/worksheets/sheet1.xml",
		 "<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row>"
		 "<row r=\"2\"><c><v>2</v></c></row><row r=\"3\"><c><v>3</c></row>"},
	};
	size_t len;
	char *zip = make_zip(parts, 1, &len);
	struct err e = {0};
	char *got = dump_bytes(zip, len, &e);
	assert_string_equal(got, "1|1\n2|2\n3!0\nFATAL\n");
	assert_non_null(strstr(e.message_en, "not well-formed"));
	free(got);
	free(zip);
}

/* ---- the writer ---- */

static void writer_round_trip_xlsx(void **state)
{
	(void)state;
	struct err e = {0};
	struct tab_writer *w = tab_writer_new(TAB_XLSX, &e);
	assert_non_null(w);
	assert_int_equal(tab_writer_set_sheet_name(w, "人员名单", &e), 0);
	const char *header[] = {"姓名", "身份证号", "金额（元）", "备注"};
	assert_int_equal(tab_writer_row(w, header, 4, &e), 0);
	const struct tab_cell r1[] = {
		{.kind = TAB_CELL_TEXT, .text = "张三"},
		{.kind = TAB_CELL_TEXT, .text = "440101199001011234"},
		{.kind = TAB_CELL_NUMBER, .number = 12.5},
		{.kind = TAB_CELL_TEXT, .text = "=1+1 不是公式"},
	};
	assert_int_equal(tab_writer_row_cells(w, r1, 4, &e), 0);
	const struct tab_cell r2[] = {
		{.kind = TAB_CELL_TEXT, .text = "欧阳娜娜"},
		{.kind = TAB_CELL_EMPTY},
		{.kind = TAB_CELL_INT, .integer = 13800138000},
		{.kind = TAB_CELL_TEXT, .text = "第一行\n第二行"},
	};
	assert_int_equal(tab_writer_row_cells(w, r2, 4, &e), 0);
	const char *r3[] = {NULL, "", "x", "ctl\x01 _x0041_ _x12_"};
	assert_int_equal(tab_writer_row(w, r3, 4, &e), 0);
	char *out;
	size_t len;
	assert_int_equal(tab_writer_finish(w, &out, &len, &e), 0);
	tab_writer_free(w);
	assert_true(len > 1000);
	assert_memory_equal(out, "PK\x03\x04", 4);

	char *got = dump_bytes(out, len, &e);
	assert_non_null(got);
	assert_string_equal(got, "1|姓名|身份证号|金额（元）|备注\n"
				 "2|张三|440101199001011234|12.5|=1+1 不是公式\n"
				 "3|欧阳娜娜||13800138000|第一行\n第二行\n"
				 "4|||x|ctl\x01 _x0041_ _x12_\n");
	free(got);

	struct xlsx_reader *x = xlsx_reader_open(out, len, NULL, &e);
	assert_string_equal(xlsx_reader_sheet_name(x), "人员名单");
	xlsx_reader_free(x);

	/* Header bold and frozen; widths follow the widest cell, CJK counted
	 * double: "440101199001011234" is 18 wide, "第一行\n第二行" 13. */
	char *sheet = unzip_entry(out, len, "xl/worksheets/sheet1.xml");
	assert_non_null(strstr(sheet, "<pane ySplit=\"1\""));
	assert_non_null(strstr(sheet, "<col min=\"2\" max=\"2\" width=\"21.7"));
	assert_non_null(strstr(sheet, "<col min=\"1\" max=\"1\" width=\"11.7"));
	free(sheet);
	char *styles = unzip_entry(out, len, "xl/styles.xml");
	assert_non_null(strstr(styles, "<b/>"));
	free(styles);
	free(out);
}

static void writer_csv_matches_xlsx(void **state)
{
	(void)state;
	const struct tab_cell row[] = {
		{.kind = TAB_CELL_TEXT, .text = "李四"},
		{.kind = TAB_CELL_NUMBER, .number = 0.1},
		{.kind = TAB_CELL_INT, .integer = -42},
		{.kind = TAB_CELL_EMPTY},
		{.kind = TAB_CELL_TEXT, .text = "a,\"b\""},
	};
	char *text[2];
	for (int f = 0; f < 2; f++) {
		struct err e = {0};
		struct tab_writer *w = tab_writer_new(f ? TAB_XLSX : TAB_CSV, &e);
		const char *head[] = {"a", "b", "c", "d", "e"};
		assert_int_equal(tab_writer_row(w, head, 5, &e), 0);
		assert_int_equal(tab_writer_row_cells(w, row, 5, &e), 0);
		char *out;
		size_t len;
		assert_int_equal(tab_writer_finish(w, &out, &len, &e), 0);
		tab_writer_free(w);
		if (!f)
			assert_memory_equal(out, "\xEF\xBB\xBF" "a,b,c,d,e\r\n", 14);
		struct tab_reader *r = tab_reader_open(out, len, TAB_AUTO, &e);
		assert_non_null(r);
		text[f] = dump_reader(r, &e);
		tab_reader_close(r);
		free(out);
	}
	/* CSV keeps the empty fourth field, XLSX drops nothing but the empty
	 * cell itself: both read the same values in the same columns. */
	assert_string_equal(text[0], "1|a|b|c|d|e\n2|李四|0.1|-42||a,\"b\"\n");
	assert_string_equal(text[1], text[0]);
	free(text[0]);
	free(text[1]);
}

static void writer_rejects(void **state)
{
	(void)state;
	struct err e = {0};
	struct tab_writer *w = tab_writer_new(TAB_XLSX, &e);
	assert_int_equal(tab_writer_set_sheet_name(w, "a/b", &e), ERR_INVALID);
	assert_int_equal(tab_writer_set_sheet_name(w, "", &e), ERR_INVALID);
	assert_int_equal(tab_writer_set_sheet_name(w, "'x'", &e), ERR_INVALID);
	assert_int_equal(tab_writer_set_sheet_name(w, "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一",
						   &e), 0);                 /* 31 characters */
	assert_int_equal(tab_writer_set_sheet_name(w, "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二",
						   &e), ERR_INVALID);       /* 32 */
	const char *bad[] = {"ok", "\xff\xfe"};
	assert_int_equal(tab_writer_row(w, bad, 2, &e), ERR_INVALID);
	assert_string_equal(e.field, "B1");
	char *out;
	size_t len;
	assert_int_equal(tab_writer_finish(w, &out, &len, &e), 0); /* still a valid file */
	tab_writer_free(w);
	free(out);

	/* Abandoned without finish: nothing leaks, the temp file goes. */
	w = tab_writer_new(TAB_XLSX, &e);
	const char *one[] = {"x"};
	tab_writer_row(w, one, 1, &e);
	tab_writer_free(w);
	assert_null(tab_writer_new(TAB_AUTO, &e));
}

static void fixture_file(void **state)
{
	(void)state;
	FILE *f = fopen("tests/data/people.xlsx", "rb");
	if (!f)
		fail_msg("cannot open tests/data/people.xlsx (run from the repository root)");
	struct sb s = SB_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_add(&s, buf, n);
	fclose(f);
	struct err e = {0};
	char *got = dump_bytes(s.buf, s.len, &e);
	assert_non_null(got);
	/* The same rows as tests/data/people.csv; XLSX drops empty trailing cells. */
	assert_string_equal(got,
		"1|姓名|身份证号|手机号|住址|备注\n"
		"2|张三|11010519491231002X|13800138000|北京市东城区\n"
		"3|李四|440306198512313215|+86 139-1234-5678|深圳市福田区，华强北街道|说：\"你好\"\n"
		"5|王五|110105194912310021|13912345678|广州市天河区|身份证校验位错误\n"
		"6|赵六|320102202402290038|12345678901|南京市玄武区|手机号无效\n"
		"7|钱七|320102202302290030|15012345678|南京市鼓楼区|2023 年没有 2 月 29 日\n"
		"8|孙八|110101200002290026|150 1234 5678|上海市\n浦东新区|住址含换行\n");
	free(got);
	sb_free(&s);
}

/* Many rows: the suspended parser crosses many 64 KiB chunks, and every
 * row comes back whole and in order. (How fast: bench/formats.sh, against
 * Python's zipfile and XML parser on the same workbook; no clock here.) */
static void many_rows(void **state)
{
	(void)state;
	const long rows = 100000;
	struct err e = {0};
	struct tab_writer *w = tab_writer_new(TAB_XLSX, &e);
	char id[32];
	for (long i = 0; i < rows; i++) {
		snprintf(id, sizeof id, "P%06ld", i);
		const struct tab_cell c[] = {
			{.kind = TAB_CELL_TEXT, .text = id},
			{.kind = TAB_CELL_TEXT, .text = "张三"},
			{.kind = TAB_CELL_INT, .integer = 13800000000 + i},
			{.kind = TAB_CELL_TEXT, .text = "北京市朝阳区"},
		};
		assert_int_equal(tab_writer_row_cells(w, c, 4, &e), 0);
	}
	char *out;
	size_t len;
	assert_int_equal(tab_writer_finish(w, &out, &len, &e), 0);
	tab_writer_free(w);

	struct tab_reader *r = tab_reader_open(out, len, TAB_AUTO, &e);
	struct tab_record rec;
	long n = 0;
	while (tab_reader_next(r, &rec, &e) == 1) {
		assert_int_equal(rec.row, n + 1);
		assert_int_equal(rec.nfields, 4);
		if (n == rows - 1) {
			assert_string_equal(rec.fields[0].s, "P099999");
			assert_string_equal(rec.fields[1].s, "张三");
			assert_string_equal(rec.fields[2].s, "13800099999");
			assert_string_equal(rec.fields[3].s, "北京市朝阳区");
		}
		n++;
	}
	assert_int_equal(n, rows);
	assert_false(tab_reader_fatal(r));
	tab_reader_close(r);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hand_built_workbook),
		cmocka_unit_test(sheet1_fallback_and_1904_dates),
		cmocka_unit_test(bad_cells_are_row_errors),
		cmocka_unit_test(refs),
		cmocka_unit_test(truncated_zip),
		cmocka_unit_test(damaged_entry_data),
		cmocka_unit_test(wrong_signatures),
		cmocka_unit_test(zip_bomb_limits),
		cmocka_unit_test(doctype_refused),
		cmocka_unit_test(broken_xml_midway),
		cmocka_unit_test(writer_round_trip_xlsx),
		cmocka_unit_test(writer_csv_matches_xlsx),
		cmocka_unit_test(writer_rejects),
		cmocka_unit_test(fixture_file),
		cmocka_unit_test(many_rows),
	};
	int n = (int)(sizeof tests / sizeof tests[0]);
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	printf("%d passed, %d failed\n", n - failed, failed);
	return failed != 0;
}
