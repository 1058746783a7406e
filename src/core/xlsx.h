/*
 * xlsx.h — a streaming reader for the first worksheet of an .xlsx workbook
 * held in memory (Debian has no C XLSX reader; this is libzip + expat).
 *
 * It finds the first sheet through xl/workbook.xml and its relationships
 * (falling back to xl/worksheets/sheet1.xml), loads the shared strings, and
 * then parses the sheet XML incrementally, suspending expat at the end of
 * each <row>, so memory stays at one row plus the shared strings however
 * long the sheet is. Records have the shape of core/tabular.h, with `row`
 * the sheet's own row number and fields placed by their cell references
 * ("AB12"), so skipped cells come back as empty fields and skipped rows
 * simply do not appear.
 *
 * Cell text: shared strings (rich-text runs joined, phonetic runs left out),
 * inline strings, booleans as TRUE/FALSE, errors as their code (#N/A),
 * formulas as their cached value, numbers as the shortest text that Excel
 * would show (integers without ".0", at most 15 significant digits), and
 * numbers in a date or time format as "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS"
 * or "HH:MM:SS" (both the 1900 and 1904 date systems). OOXML's _xHHHH_
 * escapes are decoded.
 *
 * Defences: the archive may hold at most max_entries entries and
 * max_uncompressed bytes in all, checked against the directory before
 * reading and against the bytes actually inflated while reading (zip
 * bombs); any DOCTYPE in any part is refused, so no entity can be declared
 * (billion laughs, external entities), on top of expat's own amplification
 * limit.
 */
#ifndef WUSHE_CORE_XLSX_H
#define WUSHE_CORE_XLSX_H

#include <stddef.h>

#include "core/tabular.h"

struct err;

struct xlsx_limits {
	size_t max_uncompressed; /* all parts read, in bytes; default 200 MiB */
	long max_entries;        /* entries in the archive; default 10000 */
};

#define XLSX_DEFAULT_MAX_UNCOMPRESSED ((size_t)200 * 1024 * 1024)
#define XLSX_DEFAULT_MAX_ENTRIES 10000L

struct xlsx_reader;

/* Open data (not copied; must outlive the reader). limits may be NULL for
 * the defaults. NULL and e filled if the data is not a readable workbook. */
struct xlsx_reader *xlsx_reader_open(const char *data, size_t len,
				     const struct xlsx_limits *limits, struct err *e);
/* 1: a record; 0: end of the sheet; < 0: this row is bad, or (once) a fatal
 * fault — see core/tabular.h. */
int xlsx_reader_next(struct xlsx_reader *r, struct tab_record *rec, struct err *e);
int xlsx_reader_fatal(const struct xlsx_reader *r);
/* Name of the sheet being read, as the workbook lists it ("" if unknown). */
const char *xlsx_reader_sheet_name(const struct xlsx_reader *r);
void xlsx_reader_free(struct xlsx_reader *r);

/* "AB12" -> col 28, row 12. Returns 0, or -1 if ref is not a cell
 * reference within Excel's bounds. A reference without digits ("AB") sets
 * *row to 0. */
int xlsx_parse_ref(const char *ref, int *col, long *row);

#endif
