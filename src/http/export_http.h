/*
 * export_http.h — GET …/export of a list: the list's rows as CSV or XLSX
 * (core/export.h) for the request's filters, in the reader's language.
 *
 *     static const struct export_spec demand_export = {"demands", demand_cols};
 *     static int demands_fill(struct req *r, struct export *x)
 *     {
 *             ... read the filters as the JSON list reads them ...
 *             return exchange_demands_export(&r->cx, &f, x);
 *     }
 *     static int h_demands_export(struct req *r) { return export_run(r, &demand_export, demands_fill); }
 *
 * The fill runs the same logic as the JSON list with the same filters, so
 * the file holds exactly the rows (and the masks) the caller's list shows:
 * the logic's scope check is the export's. Query parameters of its own:
 *   format  csv (default) or xlsx; anything else is 400 naming `format`;
 *   lang    zh or en (a region suffix such as zh-CN is allowed); without it
 *           the first language of Accept-Language, English only when that
 *           is English, else Chinese; anything else is 400 naming `lang`.
 * The answer is the file with its Content-Type and the download name
 * `<basename>-YYYY-MM-DD.csv|xlsx` (the day in Asia/Shanghai).
 */
#ifndef WUSHE_HTTP_EXPORT_HTTP_H
#define WUSHE_HTTP_EXPORT_HTTP_H

#include "core/export.h"

struct req;

struct export_spec {
	const char *basename;          /* "demands" → demands-2026-12-07.xlsx */
	const struct export_col *cols; /* NULL: the fill sets them (export_set_cols) */
};

typedef int (*export_fill_fn)(struct req *r, struct export *x);

int export_run(struct req *r, const struct export_spec *spec, export_fill_fn fill);
/* The reader's language as export_run reads it (400 naming `lang`). */
int req_export_lang(struct req *r, enum export_lang *out);

#endif
