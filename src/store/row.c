/* row.c — see row.h. */
#include <string.h>

#include "core/jw.h"
#include "core/pii.h"
#include "core/sb.h"
#include "store/row.h"
#include "store/store.h"

struct row_value row_cell_value(struct stmt *st, int i, enum col_kind kind)
{
	struct row_value v = {.null = col_null(st, i)};
	if (v.null)
		return v;
	switch (kind) {
	case COL_INT:
	case COL_BOOL:
	case COL_TIME: v.i = col_int(st, i); break;
	case COL_DOUBLE: v.d = col_double(st, i); break;
	default: v.s = col_text(st, i); break;
	}
	return v;
}

void row_value_json(struct jw *w, enum col_kind kind, const struct row_value *v)
{
	if (v->null) {
		if (kind == COL_BOOL)
			jw_bool(w, false);
		else
			jw_null(w);
		return;
	}
	switch (kind) {
	case COL_INT: jw_int(w, v->i); break;
	case COL_BOOL: jw_bool(w, v->i != 0); break;
	case COL_TIME: jw_time(w, v->i); break;
	case COL_DOUBLE: jw_double(w, v->d); break;
	default: jw_str(w, v->s); break;
	}
}

void row_cell_json(struct jw *w, const struct col *c, struct stmt *st, int i)
{
	struct row_value v = row_cell_value(st, i, c->kind);
	if (v.null || (c->kind != COL_ID_MASK && c->kind != COL_MOBILE_MASK)) {
		row_value_json(w, c->kind, &v);
		return;
	}
	struct sb m = SB_INIT;
	if (c->kind == COL_ID_MASK)
		pii_mask_id(&m, v.s, strlen(v.s));
	else
		pii_mask_mobile(&m, v.s, strlen(v.s));
	jw_str(w, sb_str(&m));
	sb_free(&m);
}

void row_json(struct jw *w, const struct col *cols, int ncols, struct stmt *st)
{
	for (int i = 0; i < ncols; i++) {
		if (cols[i].kind == COL_HIDDEN)
			continue;
		jw_key(w, cols[i].key);
		row_cell_json(w, &cols[i], st, i);
	}
}
