/* row.c — see row.h. */
#include <string.h>

#include "core/jw.h"
#include "core/pii.h"
#include "core/sb.h"
#include "store/row.h"
#include "store/store.h"

void row_cell_json(struct jw *w, const struct col *c, struct stmt *st, int i)
{
	if (col_null(st, i)) {
		if (c->kind == COL_BOOL)
			jw_bool(w, false);
		else
			jw_null(w);
		return;
	}
	switch (c->kind) {
	case COL_INT: jw_int(w, col_int(st, i)); break;
	case COL_BOOL: jw_bool(w, col_int(st, i) != 0); break;
	case COL_TIME: jw_time(w, col_int(st, i)); break;
	case COL_DOUBLE: jw_double(w, col_double(st, i)); break;
	case COL_ID_MASK:
	case COL_MOBILE_MASK: {
		const char *s = col_text(st, i);
		struct sb m = SB_INIT;
		if (c->kind == COL_ID_MASK)
			pii_mask_id(&m, s, strlen(s));
		else
			pii_mask_mobile(&m, s, strlen(s));
		jw_str(w, sb_str(&m));
		sb_free(&m);
		break;
	}
	default: jw_str(w, col_text(st, i)); break;
	}
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
