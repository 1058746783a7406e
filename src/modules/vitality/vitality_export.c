/*
 * vitality_export.c — 社区对比 (the side-by-side comparison) as a
 * spreadsheet (core/export.h), laid out as the page's table: a row for the
 * index and one per component, a column per region with its score, "无数据"
 * / "No data" where a region has none. The rows come from
 * vitality_write_compare, so the scope checks and the month are the
 * comparison's own; the columns are known only from its regions, so they
 * are made here (in the caller's arena).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/jw.h"
#include "core/sb.h"
#include "modules/vitality/vitality.h"
#include "modules/vitality/vitality_export.h"

static const char *no_data(enum export_lang lang) { return lang == EXPORT_EN ? "No data" : "无数据"; }

/* The score (or total) v of region i as the row's member "r<i>", to one
 * decimal as the page shows it. */
static void set_score(json_t *row, int i, json_t *v, enum export_lang lang)
{
	char key[16], one[32];
	snprintf(key, sizeof key, "r%d", i);
	if (!json_is_number(v)) {
		json_object_set_new(row, key, json_string(no_data(lang)));
		return;
	}
	/* printf rounds the binary value as the page's toFixed(1) does */
	snprintf(one, sizeof one, "%.1f", json_number_value(v));
	json_object_set_new(row, key, json_real(strtod(one, NULL)));
}

static struct export_col *columns(struct ctx *c, json_t *items)
{
	size_t n = json_array_size(items), i;
	struct export_col *cols = arena_alloc(c->a, (n + 4) * sizeof *cols);
	cols[0] = (struct export_col){"month", "月份", "Month", EXPORT_TEXT};
	cols[1] = (struct export_col){"name", "指标", "Component", EXPORT_TEXT};
	cols[2] = (struct export_col){"weight", "权重", "Weight", EXPORT_INT};
	json_t *it;
	json_array_foreach(items, i, it) {
		const char *name = json_string_value(json_object_get(json_object_get(it, "region"), "name"));
		cols[3 + i] = (struct export_col){arena_printf(c->a, "r%zu", i), name ? name : "", name ? name : "",
						  EXPORT_NUMBER};
	}
	return cols; /* cols[3 + n] is zeroed: EXPORT_END */
}

int vitality_compare_export(struct ctx *c, const int64_t *ids, int n, const char *month, struct export *x)
{
	enum export_lang lang = export_lang(x);
	struct sb b = SB_INIT;
	struct jw w;
	jw_init(&w, &b);
	int rc = vitality_write_compare(c, &w, ids, n, month);
	json_t *j = NULL;
	if (!rc) {
		json_error_t je;
		if (!(j = json_loadb(b.buf, b.len, 0, &je)))
			rc = err_set(c->e, ERR_INTERNAL, "", "无法读取对比结果", "cannot read the comparison");
	}
	sb_free(&b);
	if (rc)
		return rc;
	json_t *items = json_object_get(j, "items");
	json_t *m = json_object_get(j, "month");
	export_set_cols(x, columns(c, items));
	size_t i, k;
	json_t *it, *comp;
	/* The index first, then each component in the first region's order
	 * (every region is scored on the same components). */
	json_t *row = json_object();
	json_object_set(row, "month", m);
	json_object_set_new(row, "name", json_string(lang == EXPORT_EN ? "Vitality index" : "活力指数"));
	json_array_foreach(items, i, it)
		set_score(row, (int)i, json_object_get(it, "total"), lang);
	rc = export_item(x, row, c->e);
	json_decref(row);
	json_t *first = json_object_get(json_array_get(items, 0), "components");
	json_array_foreach(first, k, comp) {
		if (rc)
			break;
		const char *key = json_string_value(json_object_get(comp, "key"));
		row = json_object();
		json_object_set(row, "month", m);
		json_object_set(row, "name", json_object_get(comp, lang == EXPORT_EN ? "name_en" : "name"));
		json_object_set(row, "weight", json_object_get(comp, "weight"));
		json_array_foreach(items, i, it) {
			size_t q;
			json_t *other, *score = NULL;
			json_array_foreach(json_object_get(it, "components"), q, other)
				if (key && json_equal(json_object_get(other, "key"), json_object_get(comp, "key")) &&
				    json_is_true(json_object_get(other, "has_data")))
					score = json_object_get(other, "score");
			set_score(row, (int)i, score, lang);
		}
		rc = export_item(x, row, c->e);
		json_decref(row);
	}
	json_decref(j);
	return rc;
}
