/*
 * export.h — a list as a spreadsheet people can hand on: CSV or XLSX
 * (core/tabular.h) with the column headers in the reader's language, every
 * coded value as its label in that language (core/enum_labels.h: "待匹配"
 * or "Open", never "open") and every time as `YYYY-MM-DD HH:mm` in
 * Asia/Shanghai.
 *
 * The rows are the list's own JSON items, as the list's endpoint writes
 * them: whatever the list masks or leaves out for the caller is masked or
 * left out of the file too, and a column is named by the item's key. A
 * module declares the columns of each export once:
 *
 *     static const struct export_col demand_cols[] = {
 *             {"id", "编号", "ID", EXPORT_INT},
 *             {"title", "标题", "Title", EXPORT_TEXT},
 *             {"status", "状态", "Status", EXPORT_ENUM, "demand_status"},
 *             {"created_at", "登记时间", "Created", EXPORT_TIME},
 *             EXPORT_END,
 *     };
 *
 * and hands items to export_items_json() as its list writes them (http/
 * export_http.h runs it for a request: format, language, file name).
 * A value an enum has no label for is written as it is (a code is better
 * than an empty cell); a key the item lacks, or null, is an empty cell.
 * The writer stops with 422 past EXPORT_MAX_ROWS rows (narrow the filters).
 */
#ifndef WUSHE_CORE_EXPORT_H
#define WUSHE_CORE_EXPORT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/tabular.h"

struct err;
struct jw;

#define EXPORT_MAX_ROWS 200000

enum export_lang { EXPORT_ZH = 0, EXPORT_EN = 1 };

enum export_kind {
	EXPORT_TEXT = 0, /* a string as it is */
	EXPORT_INT,      /* an integer: a numeric cell */
	EXPORT_NUMBER,   /* a number: a numeric cell */
	EXPORT_BOOL,     /* true/false → 是/否, Yes/No (null: 否) */
	EXPORT_TIME,     /* ISO 8601 text → "YYYY-MM-DD HH:mm" in Asia/Shanghai */
	EXPORT_ENUM,     /* a code → its label in enum `enum_name` */
	EXPORT_NAMES,    /* an array of {name, name_en} → "a、b" / "a, b" */
	EXPORT_FEN,      /* an integer in fen → a number in yuan */
};

struct export_col {
	const char *key;       /* the item's key; "a.b" reads a member of member a */
	const char *zh, *en;   /* the header in each language */
	enum export_kind kind;
	const char *enum_name; /* EXPORT_ENUM: the enum whose labels the cell shows */
};
#define EXPORT_END {NULL, NULL, NULL, EXPORT_TEXT, NULL}

struct export;

/* A writer for fmt (TAB_CSV or TAB_XLSX) in lang; cols (ended by
 * EXPORT_END) must outlive it and may be NULL to be set later by
 * export_set_cols (columns known only from the data). NULL and e filled
 * on failure. */
struct export *export_new(enum tab_format fmt, enum export_lang lang, const struct export_col *cols,
			  struct err *e);
/* Before the first item: the columns (when export_new had none). */
void export_set_cols(struct export *x, const struct export_col *cols);
enum export_lang export_lang(const struct export *x);
/* One item (a JSON object) as one row. */
int export_item(struct export *x, json_t *item, struct err *e);
/* Items as JSON text: one object, an array of objects, or the members of
 * an array without its brackets ("{…},{…}", what a list writes between
 * "[" and "]"; "" is none). */
int export_items_json(struct export *x, const char *json, size_t len, struct err *e);
/* A paged list's every page, in order: page(ctx, w, cursor, &next, e)
 * writes one page's items into w (as a list writes them into its "items"
 * array) starting after cursor (NULL: the first page) and sets *next to
 * the next page's cursor (malloc'd; NULL on the last page). Each page is
 * handed to x before the next is read, so memory stays one page. */
typedef int (*export_page_fn)(void *ctx, struct jw *w, const char *cursor, char **next,
			      struct err *e);
int export_pages(struct export *x, export_page_fn page, void *ctx, struct err *e);
/* Rows written so far (the header not counted). */
int64_t export_rows(const struct export *x);
/* The file: *out malloc'd (caller frees), *len its size; a list without
 * rows is its header alone. Call at most once; export_free afterwards. */
int export_finish(struct export *x, char **out, size_t *len, struct err *e);
void export_free(struct export *x);

/* The label of value in enum name in lang, or value itself when it has none. */
const char *export_enum_label(enum export_lang lang, const char *name, const char *value);
/* An ISO 8601 time as "YYYY-MM-DD HH:mm" in Asia/Shanghai into out; -1
 * (out empty) when iso is not a time. */
int export_time_text(const char *iso, char out[17]);

#endif
