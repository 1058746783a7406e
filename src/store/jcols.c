/* jcols.c — see jcols.h. */
#include "core/jw.h"
#include "store/jcols.h"
#include "store/store.h"

void jw_cols(struct jw *w, struct stmt *st, const struct jcol *cols, int n)
{
	for (int i = 0; i < n; i++) {
		int c = cols[i].col;
		jw_key(w, cols[i].key);
		switch (cols[i].kind) {
		case JC_INT: jw_int(w, col_int(st, c)); break;
		case JC_TEXT: jw_str(w, col_text(st, c)); break;
		case JC_TIME: jw_time(w, col_int(st, c)); break;
		case JC_BOOL: jw_bool(w, col_int(st, c) != 0); break;
		case JC_INT_OR_NULL:
			if (col_int(st, c))
				jw_int(w, col_int(st, c));
			else
				jw_null(w);
			break;
		case JC_DOUBLE: jw_double(w, col_double(st, c)); break;
		case JC_DOUBLE_OR_NULL:
			if (col_null(st, c))
				jw_null(w);
			else
				jw_double(w, col_double(st, c));
			break;
		case JC_RAW: jw_raw(w, col_text(st, c)); break;
		}
	}
}

int jw_rows(struct jw *w, struct stmt *st, const struct jcol *cols, int n, struct err *e)
{
	int rc, rows = 0;
	while ((rc = stmt_step(st, e)) == 1) {
		jw_obj(w);
		jw_cols(w, st, cols, n);
		jw_obj_end(w);
		rows++;
	}
	stmt_done(st);
	return rc < 0 ? rc : rows;
}

int jw_krows(struct jw *w, const char *key, struct stmt *st, const struct jcol *cols, int n, struct err *e)
{
	if (!st)
		return e->code ? e->code : ERR_STORE;
	jw_key(w, key);
	jw_arr(w);
	int rc = jw_rows(w, st, cols, n, e);
	jw_arr_end(w);
	return rc < 0 ? rc : 0;
}
