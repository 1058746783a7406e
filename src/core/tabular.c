/*
 * tabular.c — the format-neutral reader and writer of core/tabular.h.
 *
 * The reader is a thin switch over core/csv.c and core/xlsx.c; choosing the
 * format is the only thing it adds (by the ZIP signature when asked for
 * TAB_AUTO, with clear refusals for a legacy .xls and for a workbook sent as
 * CSV). The writer streams CSV into a struct csv_writer, and XLSX through
 * libxlsxwriter in constant-memory mode (rows are flushed to its temporary
 * file as they are written, so exports of any length stay small in memory)
 * into a file made with mkstemp under $TMPDIR, which finish reads back and
 * unlinks. libxlsxwriter never interprets a string as a formula, so XLSX
 * needs no formula guard; CSV gets one by default (see core/csv.h).
 */
#include "core/tabular.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/csv.h"
#include "core/err.h"
#include "core/sb.h"
#include "core/xlsx.h"
#include "core/xmem.h"


/* ---- records ---- */

int tab_record_is_blank(const struct tab_record *rec)
{
	for (int i = 0; i < rec->nfields; i++)
		if (rec->fields[i].len)
			return 0;
	return 1;
}

int tab_cell_ref(long row, int col, char *out, size_t size)
{
	char letters[8];
	int n = 0;
	if (col < 1 || col > TAB_MAX_COLS || row < 0)
		return -1;
	for (int c = col; c > 0; c = (c - 1) / 26)
		letters[n++] = (char)('A' + (c - 1) % 26);
	if ((size_t)n >= size)
		return -1;
	for (int i = 0; i < n; i++)
		out[i] = letters[n - 1 - i];
	int k = snprintf(out + n, size - (size_t)n, "%ld", row);
	if (k < 0 || (size_t)k >= size - (size_t)n)
		return -1;
	return n + k;
}

/* ---- reader ---- */

struct tab_reader {
	enum tab_format fmt;
	struct csv_reader *csv;
	struct xlsx_reader *xlsx;
};

static int is_zip(const char *data, size_t len)
{
	return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

static int is_ole(const char *data, size_t len)
{
	return len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
}

struct tab_reader *tab_reader_open(const char *data, size_t len, enum tab_format fmt,
				   struct err *e)
{
	if (fmt == TAB_AUTO)
		fmt = is_zip(data, len) || is_ole(data, len) ? TAB_XLSX : TAB_CSV;
	if (fmt == TAB_CSV && (is_zip(data, len) || is_ole(data, len))) {
		err_set(e, ERR_INVALID, "file", "这是 Excel 文件而不是 CSV，请按 XLSX 导入",
			"this is an Excel file, not CSV; import it as XLSX");
		return NULL;
	}
	struct tab_reader *r = calloc(1, sizeof *r);
	if (!r)
		abort();
	r->fmt = fmt;
	if (fmt == TAB_CSV)
		r->csv = csv_reader_open(data, len, e);
	else
		r->xlsx = xlsx_reader_open(data, len, NULL, e);
	if (!r->csv && !r->xlsx) {
		free(r);
		return NULL;
	}
	return r;
}

int tab_reader_next(struct tab_reader *r, struct tab_record *rec, struct err *e)
{
	return r->csv ? csv_reader_next(r->csv, rec, e) : xlsx_reader_next(r->xlsx, rec, e);
}

int tab_reader_fatal(const struct tab_reader *r)
{
	return r->csv ? csv_reader_fatal(r->csv) : xlsx_reader_fatal(r->xlsx);
}

enum tab_format tab_reader_format(const struct tab_reader *r)
{
	return r->fmt;
}

void tab_reader_close(struct tab_reader *r)
{
	if (!r)
		return;
	csv_reader_free(r->csv);
	xlsx_reader_free(r->xlsx);
	free(r);
}

/* ---- writer ---- */

struct tab_writer {
	enum tab_format fmt;
	int header;
	long rows;
	int finished;
	struct csv_writer csv;

	struct sb path;        /* the XLSX temporary file */
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
	struct sb sheet_name;
	int *widths;           /* widest cell per column, in display columns */
	int nwidths;
	struct sb scratch;     /* escaped text */
};

#define CSV_DEFAULT_FLAGS (CSV_WRITE_BOM | CSV_WRITE_FORMULA_GUARD)

struct tab_writer *tab_writer_new(enum tab_format fmt, struct err *e)
{
	if (fmt != TAB_CSV && fmt != TAB_XLSX) {
		err_set(e, ERR_INTERNAL, NULL, "导出格式无效", "invalid export format");
		return NULL;
	}
	struct tab_writer *w = calloc(1, sizeof *w);
	if (!w)
		abort();
	w->fmt = fmt;
	w->header = 1;
	csv_writer_init(&w->csv, CSV_DEFAULT_FLAGS);
	sb_adds(&w->sheet_name, "Sheet1");
	if (fmt == TAB_CSV)
		return w;

	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = "/tmp";
	sb_addf(&w->path, "%s/wushe-export-XXXXXX", tmp);
	int fd = mkstemp(w->path.buf);
	if (fd < 0) {
		err_setf(e, ERR_IO, NULL, "无法创建临时文件（%s）", "cannot create a temporary file (%s)",
			 strerror(errno));
		sb_reset(&w->path); /* nothing to unlink */
		tab_writer_free(w);
		return NULL;
	}
	close(fd);
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = (char *)tmp};
	w->wb = workbook_new_opt(w->path.buf, &opt);
	if (!w->wb) {
		err_set(e, ERR_IO, NULL, "无法创建 XLSX 工作簿", "cannot create the XLSX workbook");
		tab_writer_free(w);
		return NULL;
	}
	w->bold = workbook_add_format(w->wb);
	format_set_bold(w->bold);
	return w;
}

void tab_writer_free(struct tab_writer *w)
{
	if (!w)
		return;
	if (w->wb)
		lxw_workbook_free(w->wb);
	if (w->path.len)
		unlink(w->path.buf);
	sb_free(&w->path);
	sb_free(&w->sheet_name);
	sb_free(&w->scratch);
	csv_writer_release(&w->csv);
	free(w->widths);
	free(w);
}

int tab_writer_set_sheet_name(struct tab_writer *w, const char *name, struct err *e)
{
	size_t len = strlen(name), chars = 0;
	if (csv_utf8_valid_prefix(name, len) != len)
		goto bad;
	for (size_t i = 0; i < len; i++) {
		if (((unsigned char)name[i] & 0xC0) != 0x80)
			chars++;
		if (strchr("[]:*?/\\", name[i]))
			goto bad;
	}
	if (chars == 0 || chars > 31 || name[0] == '\'' || name[len - 1] == '\'')
		goto bad;
	sb_reset(&w->sheet_name);
	sb_adds(&w->sheet_name, name);
	return 0;
bad:
	return err_set(e, ERR_INVALID, "sheet_name",
		       "工作表名称须为 1 到 31 个字符，不含 [ ] : * ? / \\，且不以单引号开头或结尾",
		       "a sheet name has 1 to 31 characters, none of [ ] : * ? / \\, "
		       "and does not start or end with an apostrophe");
}

void tab_writer_set_header(struct tab_writer *w, int on)
{
	w->header = on;
}

void tab_writer_set_csv_flags(struct tab_writer *w, unsigned flags)
{
	w->csv.flags = flags;
}

/* Columns the text takes on screen: East Asian wide characters take two. */
static int display_width(const char *s, size_t len)
{
	int n = 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			n++;
			i++;
		} else if (c < 0xE0) {
			n++;
			i += 2;
		} else {
			/* U+2E80 and up (CJK, kana, Hangul, full-width forms): wide */
			unsigned cp = c < 0xF0 ? (c & 0x0Fu) << 12 | ((unsigned char)s[i + 1] & 0x3Fu) << 6
					       : 0x10000;
			n += cp >= 0x2E80 ? 2 : 1;
			i += c < 0xF0 ? 3 : 4;
		}
	}
	return n;
}

static void note_width(struct tab_writer *w, int col, int width)
{
	if (col >= w->nwidths) {
		int n = w->nwidths ? w->nwidths : 16;
		while (n <= col)
			n *= 2;
		w->widths = xrealloc(w->widths, (size_t)n * sizeof *w->widths);
		memset(w->widths + w->nwidths, 0, (size_t)(n - w->nwidths) * sizeof *w->widths);
		w->nwidths = n;
	}
	if (width > w->widths[col])
		w->widths[col] = width;
}

static int ensure_sheet(struct tab_writer *w, struct err *e)
{
	if (w->ws)
		return 0;
	w->ws = workbook_add_worksheet(w->wb, w->sheet_name.buf);
	if (!w->ws)
		return err_set(e, ERR_INTERNAL, "sheet_name", "无法创建工作表",
			       "cannot add the worksheet");
	return 0;
}

static int cell_fault(struct err *e, long row, int col, const char *zh, const char *en)
{
	char ref[24], zm[256], em[256];
	if (tab_cell_ref(row, col, ref, sizeof ref) < 0)
		ref[0] = '\0';
	int a = snprintf(zm, sizeof zm, "导出第 %ld 行第 %d 列：%s", row, col, zh);
	int b = snprintf(em, sizeof em, "export row %ld, column %d: %s", row, col, en);
	assert(a > 0 && (size_t)a < sizeof zm && b > 0 && (size_t)b < sizeof em);
	return err_set(e, ERR_INVALID, ref, zm, em);
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Text that holds "_xHHHH_" would be decoded by Excel (and by core/xlsx.c)
 * as an escaped character, and libxlsxwriter 1.1 writes it as it is: escape
 * its underscore as _x005F_ so the text reads back unchanged. */
static const char *escape_ooxml(const char *s, struct sb *tmp)
{
	if (!strstr(s, "_x"))
		return s;
	sb_reset(tmp);
	for (const char *p = s; *p; p++) {
		if (p[0] == '_' && p[1] == 'x' && is_hex(p[2]) && is_hex(p[3]) && is_hex(p[4]) &&
		    is_hex(p[5]) && p[6] == '_')
			sb_adds(tmp, "_x005F_");
		else
			sb_addc(tmp, *p);
	}
	return tmp->buf;
}

static int xlsx_cell(struct tab_writer *w, int col, const struct tab_cell *c, struct err *e)
{
	lxw_row_t row = (lxw_row_t)w->rows;
	lxw_format *fmt = w->header && w->rows == 0 ? w->bold : NULL;
	lxw_error le = LXW_NO_ERROR;
	char tmp[32];
	int n;

	switch (c->kind) {
	case TAB_CELL_EMPTY:
		return 0;
	case TAB_CELL_TEXT: {
		const char *s = c->text ? c->text : "";
		size_t len = strlen(s);
		if (len == 0)
			return 0;
		if (csv_utf8_valid_prefix(s, len) != len)
			return cell_fault(e, w->rows + 1, col + 1, "不是有效的 UTF-8 文本",
					  "not valid UTF-8 text");
		le = worksheet_write_string(w->ws, row, (lxw_col_t)col,
					    escape_ooxml(s, &w->scratch), fmt);
		note_width(w, col, display_width(s, len));
		break;
	}
	case TAB_CELL_NUMBER:
		le = worksheet_write_number(w->ws, row, (lxw_col_t)col, c->number, fmt);
		n = snprintf(tmp, sizeof tmp, "%.15g", c->number);
		note_width(w, col, n > 0 ? n : 8);
		break;
	case TAB_CELL_INT:
		le = worksheet_write_number(w->ws, row, (lxw_col_t)col, (double)c->integer, fmt);
		n = snprintf(tmp, sizeof tmp, "%lld", (long long)c->integer);
		note_width(w, col, n > 0 ? n : 8);
		break;
	}
	if (le == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
		return cell_fault(e, w->rows + 1, col + 1, "文本超过 Excel 单元格上限（32767 字符）",
				  "text longer than an Excel cell holds (32767 characters)");
	if (le != LXW_NO_ERROR)
		return err_setf(e, ERR_INTERNAL, NULL, "写入 XLSX 失败：%s", "writing XLSX failed: %s",
				lxw_strerror(le));
	return 0;
}

/* Checks before an XLSX row: width, Excel's row limit, the sheet exists. */
static int xlsx_row_begin(struct tab_writer *w, int n, struct err *e)
{
	if (n > TAB_MAX_COLS)
		return err_setf(e, ERR_TOO_LARGE, NULL, "导出超过 %d 列", "export wider than %d columns",
				TAB_MAX_COLS);
	if (w->rows >= TAB_MAX_ROWS)
		return err_setf(e, ERR_TOO_LARGE, NULL,
				"导出超过 Excel 的 %ld 行上限，请改用 CSV 或缩小范围",
				"export longer than Excel's %ld rows; use CSV or narrow it down",
				TAB_MAX_ROWS);
	return ensure_sheet(w, e);
}

int tab_writer_row_cells(struct tab_writer *w, const struct tab_cell *cells, int n,
			 struct err *e)
{
	assert(!w->finished);
	if (w->fmt == TAB_CSV) {
		for (int i = 0; i < n; i++) {
			const struct tab_cell *c = &cells[i];
			switch (c->kind) {
			case TAB_CELL_EMPTY:
				csv_write_field(&w->csv, "", 0);
				break;
			case TAB_CELL_TEXT:
				csv_write_field(&w->csv, c->text ? c->text : "",
						c->text ? strlen(c->text) : 0);
				break;
			case TAB_CELL_NUMBER:
				csv_write_number(&w->csv, c->number);
				break;
			case TAB_CELL_INT:
				csv_write_int(&w->csv, c->integer);
				break;
			}
		}
		csv_write_end_row(&w->csv);
		w->rows++;
		return 0;
	}
	int rc = xlsx_row_begin(w, n, e);
	if (rc < 0)
		return rc;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = xlsx_cell(w, i, &cells[i], e);
	w->rows++; /* a failed row keeps its place: part of it may be written */
	return rc;
}

int tab_writer_row(struct tab_writer *w, const char *const *cells, int n, struct err *e)
{
	assert(!w->finished);
	if (w->fmt == TAB_CSV) {
		csv_write_row(&w->csv, cells, n);
		w->rows++;
		return 0;
	}
	int rc = xlsx_row_begin(w, n, e);
	if (rc < 0)
		return rc;
	for (int i = 0; rc == 0 && i < n; i++) {
		struct tab_cell c = {.kind = cells[i] ? TAB_CELL_TEXT : TAB_CELL_EMPTY,
				     .text = cells[i]};
		rc = xlsx_cell(w, i, &c, e);
	}
	w->rows++;
	return rc;
}

static int read_file(const char *path, char **out, size_t *len, struct err *e)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	int rc = 0;
	if (!f || fstat(fileno(f), &st) < 0) {
		rc = err_setf(e, ERR_IO, NULL, "读取导出文件失败（%s）",
			      "cannot read the export file back (%s)", strerror(errno));
		goto done;
	}
	*len = (size_t)st.st_size;
	*out = malloc(*len ? *len : 1);
	if (!*out)
		abort();
	if (fread(*out, 1, *len, f) != *len) {
		free(*out);
		*out = NULL;
		*len = 0;
		rc = err_set(e, ERR_IO, NULL, "读取导出文件失败", "cannot read the export file back");
	}
done:
	if (f)
		fclose(f);
	return rc;
}

int tab_writer_finish(struct tab_writer *w, char **out, size_t *len, struct err *e)
{
	assert(!w->finished);
	w->finished = 1;
	*out = NULL;
	*len = 0;
	if (w->fmt == TAB_CSV) {
		*out = csv_writer_take(&w->csv, len);
		return 0;
	}
	int rc = ensure_sheet(w, e);
	if (rc < 0)
		return rc;
	for (int i = 0; i < w->nwidths; i++) {
		if (!w->widths[i])
			continue;
		/* Excel's unit is the width of a '0'; a CJK glyph is two of them. A
		 * little air, a floor so short columns stay clickable, a ceiling
		 * so a long remark does not push everything off screen. */
		double width = w->widths[i] + 2;
		if (w->header)
			width += 1; /* bold is wider */
		width = width < 8 ? 8 : width > 60 ? 60 : width;
		worksheet_set_column(w->ws, (lxw_col_t)i, (lxw_col_t)i, width, NULL);
	}
	if (w->header && w->rows > 0)
		worksheet_freeze_panes(w->ws, 1, 0);
	lxw_error le = workbook_close(w->wb);
	w->wb = NULL; /* workbook_close frees it whatever happened */
	if (le != LXW_NO_ERROR)
		return err_setf(e, ERR_IO, NULL, "生成 XLSX 失败：%s", "creating the XLSX failed: %s",
				lxw_strerror(le));
	return read_file(w->path.buf, out, len, e);
}
