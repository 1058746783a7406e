/*
 * tabular.h — one reader and one writer for spreadsheet-shaped data, over
 * CSV (core/csv.h) and XLSX (core/xlsx.h).
 *
 * The record types below are shared by both readers, so an importer walks a
 * CSV file and an XLSX workbook with the same loop:
 *
 *     struct tab_reader *r = tab_reader_open(data, len, TAB_AUTO, &e);
 *     struct tab_record rec;
 *     int rc;
 *     while ((rc = tab_reader_next(r, &rec, &e)) != 0) {
 *             if (rc < 0) { report(rec.row, rec.err_col, &e); continue; }
 *             ... rec.fields[0 .. rec.nfields-1] ...
 *     }
 *     if (tab_reader_fatal(r)) ... the file ended in a way that lost rows ...
 *     tab_reader_close(r);
 *
 * Promises of a record: fields[i] is column i+1; every field's text is valid
 * UTF-8 without NUL bytes and is NUL-terminated (s[len] == '\0'); the text
 * and the array stay valid until the next call on the same reader. `row` is
 * the row a person sees when opening the file in a spreadsheet program: for
 * CSV the 1-based record number (a blank line counts, a newline inside a
 * quoted field does not start a new row), for XLSX the sheet's row number.
 * Blank rows (an empty CSV line; an XLSX row without any value) are skipped
 * but still counted. Trailing empty XLSX cells are not reported, so rows may
 * be shorter than the header: treat missing fields as empty.
 *
 * Errors: a negative return from next describes one bad row (its row and, if
 * known, err_col are set; err->field holds the cell reference such as "C5");
 * the reader has already moved past it, so keep calling next. A fault that
 * ends the file early (truncated archive, broken XML, an unterminated quote)
 * is reported once, after which next returns 0 and tab_reader_fatal() is
 * true. The reader does not copy the input: `data` must outlive it.
 *
 * The writer builds a whole file in memory (CSV into a buffer; XLSX through
 * libxlsxwriter's constant-memory mode and a temporary file under $TMPDIR,
 * because libxlsxwriter 1.1.4 on Debian 12 has no output_buffer option). The
 * first row is a header (bold, frozen in XLSX) unless turned off; XLSX column
 * widths follow the widest cell, counting CJK characters as two columns.
 */
#ifndef WUSHE_CORE_TABULAR_H
#define WUSHE_CORE_TABULAR_H

#include <stddef.h>
#include <stdint.h>

struct err;

enum tab_format {
	TAB_AUTO = 0, /* reader only: XLSX if the data starts with "PK\3\4", else CSV */
	TAB_CSV = 1,
	TAB_XLSX = 2,
};

struct tab_field {
	const char *s; /* NUL-terminated, valid UTF-8 */
	size_t len;
};

struct tab_record {
	long row;      /* 1-based row as a spreadsheet shows it (see above) */
	long line;     /* CSV: 1-based physical line the record starts on; XLSX: = row */
	int nfields;
	const struct tab_field *fields;
	int err_col;   /* after a negative return: 1-based column at fault, 0 = whole row */
};

/* Excel's own bounds; both readers refuse rows wider than this. */
#define TAB_MAX_COLS 16384
#define TAB_MAX_ROWS 1048576L

/* True if every field is empty (or there are none). */
int tab_record_is_blank(const struct tab_record *rec);

/* Spreadsheet cell reference for (row, col), both 1-based: (5, 28) -> "AB5".
 * Writes at most size bytes including the NUL; returns the length, or -1 if
 * it does not fit. Used for err->field and for messages. */
int tab_cell_ref(long row, int col, char *out, size_t size);

/* ---- reader ---- */

struct tab_reader;

/* Open data (not copied; must outlive the reader). Returns NULL and fills e
 * when the input cannot be read at all: not UTF-8 (likely GBK), a legacy
 * .xls, a broken or oversized archive, an archive that is not a workbook. */
struct tab_reader *tab_reader_open(const char *data, size_t len, enum tab_format fmt,
				   struct err *e);
/* 1: a record; 0: end of input; < 0: this row is bad (see above). */
int tab_reader_next(struct tab_reader *r, struct tab_record *rec, struct err *e);
/* True once a fault ended the input early. */
int tab_reader_fatal(const struct tab_reader *r);
/* The format actually being read (never TAB_AUTO). */
enum tab_format tab_reader_format(const struct tab_reader *r);
void tab_reader_close(struct tab_reader *r);

/* ---- writer ---- */

enum tab_cell_kind {
	TAB_CELL_EMPTY = 0,
	TAB_CELL_TEXT,    /* text: NUL-terminated UTF-8 */
	TAB_CELL_NUMBER,  /* number: a double (XLSX numeric cell) */
	TAB_CELL_INT,     /* integer: exact in CSV; a numeric cell in XLSX (exact to 2^53) */
};

struct tab_cell {
	enum tab_cell_kind kind;
	const char *text;
	double number;
	int64_t integer;
};

struct tab_writer;

/* fmt is TAB_CSV or TAB_XLSX. NULL and e filled on failure. Defaults: the
 * first row is a bold header; CSV gets a UTF-8 BOM (so Excel on Windows
 * does not read it as GBK), CRLF line ends and the formula guard (see
 * core/csv.h); the XLSX sheet is named "Sheet1". */
struct tab_writer *tab_writer_new(enum tab_format fmt, struct err *e);
/* Before the first row. Excel's rules: 1-31 characters, none of []:*?/\,
 * not starting or ending with an apostrophe. */
int tab_writer_set_sheet_name(struct tab_writer *w, const char *name, struct err *e);
/* Before the first row: whether row 1 is a header (default 1). */
void tab_writer_set_header(struct tab_writer *w, int on);
/* Before the first row: CSV_WRITE_* flags from core/csv.h (CSV only). */
void tab_writer_set_csv_flags(struct tab_writer *w, unsigned flags);
/* A row of text cells; a NULL cell is empty. */
int tab_writer_row(struct tab_writer *w, const char *const *cells, int n, struct err *e);
/* A row of typed cells, so numbers reach XLSX as numbers. */
int tab_writer_row_cells(struct tab_writer *w, const struct tab_cell *cells, int n,
			 struct err *e);
/* Produce the file: *out is malloc'd (caller frees), *len its size. Call at
 * most once; tab_writer_free is still needed afterwards. */
int tab_writer_finish(struct tab_writer *w, char **out, size_t *len, struct err *e);
void tab_writer_free(struct tab_writer *w);

#endif
