/*
 * csv.h — RFC 4180 CSV: a streaming reader over a memory buffer and a writer
 * into a growable buffer.
 *
 * Reader: yields one record at a time as struct tab_record (core/tabular.h);
 * fields are unescaped into one reusable buffer, so reading allocates nothing
 * per field once the buffers have grown to the widest record. Accepts quoted
 * fields holding commas, doubled quotes and newlines; CRLF, LF or lone CR
 * line ends; a UTF-8 byte order mark; a last line without a line end. Input
 * must be UTF-8: at open the first 64 KiB are checked, and a file that reads
 * as GBK/GB18030 (what Excel's plain "CSV" saves on Chinese Windows) is
 * refused with a message telling the user to save as "CSV UTF-8". Later
 * invalid UTF-8, a NUL byte, a stray quote inside an unquoted field or text
 * after a closing quote make that one record bad (row and column reported)
 * and reading goes on with the next line; an unterminated quote is fatal.
 *
 * Writer: quotes a field only when it must (comma, quote, CR, LF, or leading
 * or trailing space, which some programs would trim). With
 * CSV_WRITE_FORMULA_GUARD, a text cell starting with = + - @ TAB or CR gets a
 * leading apostrophe so that a spreadsheet does not run it as a formula
 * (OWASP "CSV injection"). The choice: the guard is on for every export a
 * person will open (tab_writer's default); it leaves alone text that is a
 * plain decimal number ("-12.5", "+86"), which no spreadsheet evaluates as a
 * formula and which would otherwise be corrupted; numeric cells written with
 * csv_write_number/csv_write_int are never prefixed. The price is that a
 * guarded cell reads back with its apostrophe — the export is for people,
 * not for a lossless round trip.
 */
#ifndef WUSHE_CORE_CSV_H
#define WUSHE_CORE_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "core/sb.h"
#include "core/tabular.h"

struct err;

/* ---- reader ---- */

struct csv_reader;

/* Open data (not copied; must outlive the reader). NULL and e filled if the
 * data is not UTF-8 (likely GBK) or memory runs out. */
struct csv_reader *csv_reader_open(const char *data, size_t len, struct err *e);
/* 1: a record in *rec; 0: end of input; < 0: this record is bad — rec->row,
 * rec->line and rec->err_col tell where, and the next call goes on. */
int csv_reader_next(struct csv_reader *r, struct tab_record *rec, struct err *e);
/* True once an unterminated quote ended the input. */
int csv_reader_fatal(const struct csv_reader *r);
void csv_reader_free(struct csv_reader *r);

/* ---- UTF-8 helpers (also used by the XLSX writer and pii) ---- */

/* Length of the valid UTF-8 prefix of s (== len when all of s is valid).
 * Rejects overlong forms, surrogates and code points above U+10FFFF. */
size_t csv_utf8_valid_prefix(const char *s, size_t len);
/* True if the bytes look like GBK/GB18030 text rather than UTF-8: at least
 * one sequence that is invalid as UTF-8 and all such sequences well-formed
 * GBK/GB18030. A truncated sequence at the very end is ignored, so a prefix
 * of a larger file can be passed. */
int csv_looks_like_gbk(const char *s, size_t len);

/* ---- writer ---- */

enum csv_write_flags {
	CSV_WRITE_FORMULA_GUARD = 1u << 0, /* prefix ' before = + - @ TAB CR (see above) */
	CSV_WRITE_BOM = 1u << 1,           /* start with EF BB BF */
	CSV_WRITE_LF = 1u << 2,            /* end rows with LF instead of RFC 4180's CRLF */
};

struct csv_writer {
	struct sb out;
	unsigned flags;
	int ncols;   /* fields written in the current row */
	int begun;   /* the BOM (if asked for) has been written */
};

/* The writer grows a struct sb, which aborts when memory runs out (the
 * project's rule for allocation), so the writes cannot fail. */
void csv_writer_init(struct csv_writer *w, unsigned flags);
void csv_write_field(struct csv_writer *w, const char *s, size_t len);
void csv_write_number(struct csv_writer *w, double v); /* non-finite: empty */
void csv_write_int(struct csv_writer *w, int64_t v);
void csv_write_end_row(struct csv_writer *w);
/* A whole row of NUL-terminated text cells (NULL = empty). */
void csv_write_row(struct csv_writer *w, const char *const *cells, int n);
/* Hand the bytes to the caller (malloc'd, free() them) and reset w. */
char *csv_writer_take(struct csv_writer *w, size_t *len);
void csv_writer_release(struct csv_writer *w);

/* Whether the text would get the formula-guard apostrophe. */
int csv_needs_formula_guard(const char *s, size_t len);

#endif
