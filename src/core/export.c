/*
 * export.c — see export.h. Each item becomes one row of typed cells by the
 * column table; the header row is written before the first item (or by
 * export_finish when there was none), in the export's language.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/enum_labels.h"
#include "core/err.h"
#include "core/export.h"
#include "core/jw.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "core/xmem.h"

struct export {
	struct tab_writer *w;
	enum export_lang lang;
	const struct export_col *cols;
	int ncols;
	int64_t rows;
	bool header_done;
};

struct export *export_new(enum tab_format fmt, enum export_lang lang, const struct export_col *cols,
			  struct err *e)
{
	struct tab_writer *w = tab_writer_new(fmt, e);
	if (!w)
		return NULL;
	struct export *x = xcalloc(1, sizeof *x);
	x->w = w;
	x->lang = lang;
	export_set_cols(x, cols);
	return x;
}

void export_set_cols(struct export *x, const struct export_col *cols)
{
	x->cols = cols;
	x->ncols = 0;
	while (cols && cols[x->ncols].key)
		x->ncols++;
}

enum export_lang export_lang(const struct export *x) { return x->lang; }
int64_t export_rows(const struct export *x) { return x->rows; }

const char *export_enum_label(enum export_lang lang, const char *name, const char *value)
{
	const char *zh = NULL, *en = NULL;
	if (!enum_label(name, value, &zh, &en))
		return value;
	return lang == EXPORT_EN ? en : zh;
}

int export_time_text(const char *iso, char out[17])
{
	int64_t us;
	char full[40];
	out[0] = '\0';
	if (!iso || wtime_parse(iso, &us))
		return -1;
	wtime_format(us, full, sizeof full); /* "2026-11-25T09:30:00+08:00" */
	memcpy(out, full, 16);
	out[10] = ' ';
	out[16] = '\0';
	return 0;
}

static int header(struct export *x, struct err *e)
{
	const char **hdr = xcalloc((size_t)(x->ncols ? x->ncols : 1), sizeof *hdr);
	for (int i = 0; i < x->ncols; i++)
		hdr[i] = x->lang == EXPORT_EN ? x->cols[i].en : x->cols[i].zh;
	int rc = tab_writer_row(x->w, hdr, x->ncols, e);
	free(hdr);
	x->header_done = true;
	return rc;
}

/* The value at key, "a.b" walking into member a. */
static json_t *member(json_t *item, const char *key)
{
	const char *dot;
	while ((dot = strchr(key, '.')) && item) {
		char part[64];
		size_t n = (size_t)(dot - key);
		if (n >= sizeof part)
			return NULL;
		memcpy(part, key, n);
		part[n] = '\0';
		item = json_object_get(item, part);
		key = dot + 1;
	}
	return item ? json_object_get(item, key) : NULL;
}

/* "a、b" (zh) or "a, b" (en) of an array of {name, name_en}. */
static void names(struct sb *b, json_t *arr, enum export_lang lang)
{
	size_t i;
	json_t *it;
	json_array_foreach(arr, i, it) {
		json_t *n = json_object_get(it, lang == EXPORT_EN ? "name_en" : "name");
		if (!json_is_string(n) || !*json_string_value(n))
			n = json_object_get(it, "name");
		if (!json_is_string(n))
			continue;
		if (b->len)
			sb_adds(b, lang == EXPORT_EN ? ", " : "、");
		sb_adds(b, json_string_value(n));
	}
}

/* One cell of column c from value v; text lands in b when it is made here. */
static void cell(struct tab_cell *out, const struct export_col *c, json_t *v, enum export_lang lang,
		 struct sb *b)
{
	memset(out, 0, sizeof *out);
	if (c->kind == EXPORT_BOOL) {
		bool yes = json_is_true(v) || (json_is_integer(v) && json_integer_value(v));
		out->kind = TAB_CELL_TEXT;
		out->text = lang == EXPORT_EN ? (yes ? "Yes" : "No") : (yes ? "是" : "否");
		return;
	}
	if (!v || json_is_null(v))
		return;
	switch (c->kind) {
	case EXPORT_INT:
		if (json_is_integer(v)) {
			out->kind = TAB_CELL_INT;
			out->integer = json_integer_value(v);
			return;
		}
		break;
	case EXPORT_FEN:
		if (json_is_integer(v)) {
			out->kind = TAB_CELL_NUMBER;
			out->number = (double)json_integer_value(v) / 100.0;
			return;
		}
		break;
	case EXPORT_NUMBER:
		if (json_is_number(v)) {
			out->kind = TAB_CELL_NUMBER;
			out->number = json_number_value(v);
			return;
		}
		break;
	case EXPORT_TIME: {
		char t[17];
		if (json_is_string(v) && !export_time_text(json_string_value(v), t)) {
			sb_adds(b, t);
			out->kind = TAB_CELL_TEXT;
			out->text = sb_str(b);
			return;
		}
		break;
	}
	case EXPORT_ENUM:
		if (json_is_string(v)) {
			out->kind = TAB_CELL_TEXT;
			out->text = export_enum_label(lang, c->enum_name, json_string_value(v));
			return;
		}
		break;
	case EXPORT_NAMES:
		if (json_is_array(v)) {
			names(b, v, lang);
			out->kind = TAB_CELL_TEXT;
			out->text = sb_str(b);
			return;
		}
		break;
	default:
		break;
	}
	/* Text, or a value of another shape than declared: as it reads. */
	if (json_is_string(v)) {
		out->kind = TAB_CELL_TEXT;
		out->text = json_string_value(v);
	} else if (json_is_integer(v)) {
		out->kind = TAB_CELL_INT;
		out->integer = json_integer_value(v);
	} else if (json_is_number(v)) {
		out->kind = TAB_CELL_NUMBER;
		out->number = json_number_value(v);
	} else if (json_is_boolean(v)) {
		out->kind = TAB_CELL_TEXT;
		out->text = json_is_true(v) ? (lang == EXPORT_EN ? "Yes" : "是") : (lang == EXPORT_EN ? "No" : "否");
	}
}

int export_item(struct export *x, json_t *item, struct err *e)
{
	int rc;
	if (!json_is_object(item))
		return err_set(e, ERR_INTERNAL, "", "导出的行不是对象", "an exported item is not an object");
	if (!x->header_done && (rc = header(x, e)))
		return rc;
	if (++x->rows > EXPORT_MAX_ROWS)
		return err_setf(e, ERR_RULE, "", "导出行数超过 %d，请缩小筛选范围",
				"more than %d rows to export; narrow the filters", EXPORT_MAX_ROWS);
	int n = x->ncols ? x->ncols : 1;
	struct tab_cell *cells = xcalloc((size_t)n, sizeof *cells);
	struct sb *bufs = xcalloc((size_t)n, sizeof *bufs);
	for (int i = 0; i < x->ncols; i++) {
		bufs[i] = (struct sb)SB_INIT;
		cell(&cells[i], &x->cols[i], member(item, x->cols[i].key), x->lang, &bufs[i]);
	}
	rc = tab_writer_row_cells(x->w, cells, x->ncols, e);
	for (int i = 0; i < x->ncols; i++)
		sb_free(&bufs[i]);
	free(bufs);
	free(cells);
	return rc;
}

int export_items_json(struct export *x, const char *json, size_t len, struct err *e)
{
	while (len && (*json == ' ' || *json == '\n'))
		json++, len--;
	if (!len)
		return 0;
	json_error_t je;
	/* One object or an array; else the members of an array, bracketed. */
	json_t *j = json_loadb(json, len, 0, &je);
	if (!j && *json == '{') {
		struct sb b = SB_INIT;
		sb_addc(&b, '[');
		sb_add(&b, json, len);
		sb_addc(&b, ']');
		j = json_loadb(b.buf, b.len, 0, &je);
		sb_free(&b);
	}
	if (!j)
		return err_setf(e, ERR_INTERNAL, "", "导出时读不懂列表：%s", "cannot read the list to export: %s",
				je.text);
	int rc = 0;
	if (json_is_array(j)) {
		size_t i;
		json_t *it;
		json_array_foreach(j, i, it) {
			if ((rc = export_item(x, it, e)))
				break;
		}
	} else {
		rc = export_item(x, j, e);
	}
	json_decref(j);
	return rc;
}

int export_pages(struct export *x, export_page_fn page, void *ctx, struct err *e)
{
	struct sb b = SB_INIT;
	char *cursor = NULL;
	int rc;
	do {
		char *next = NULL;
		struct jw w;
		sb_reset(&b);
		jw_init(&w, &b);
		jw_arr(&w);
		rc = page(ctx, &w, cursor, &next, e);
		jw_arr_end(&w);
		free(cursor);
		cursor = next;
		if (!rc)
			rc = export_items_json(x, b.buf, b.len, e);
	} while (!rc && cursor);
	free(cursor);
	sb_free(&b);
	return rc;
}

int export_finish(struct export *x, char **out, size_t *len, struct err *e)
{
	int rc = 0;
	if (!x->header_done && (rc = header(x, e)))
		return rc;
	return tab_writer_finish(x->w, out, len, e);
}

void export_free(struct export *x)
{
	if (!x)
		return;
	tab_writer_free(x->w);
	free(x);
}
