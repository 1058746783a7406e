/*
 * jcols.h — a query's columns written as JSON members by a table.
 *
 * Where a handler or a logic function writes a row it selected, it lists
 * the members once — JSON key, the column it reads, how — instead of a run
 * of jw_kint(w, "…", col_int(st, n)) lines:
 *
 *     static const struct jcol overdue_cols[] = {
 *         {"region_id", 0, JC_INT}, {"name", 1, JC_TEXT}, {"overdue", 2, JC_INT},
 *     };
 *     jw_arr(w);
 *     n = jw_rows(w, st, JCOLS(overdue_cols), e);   (every row, then stmt_done)
 *     jw_arr_end(w);
 *
 * The kinds keep what the hand-written lines wrote: an integer column that
 * is NULL writes 0 (col_int), a NULL text writes null, a time of 0 or NULL
 * writes null. store/row.h is the same idea for a resource's whole row in
 * SELECT order, with headers for spreadsheets and personal-data masks; this
 * one picks columns by number, for answers that are not a resource's row.
 */
#ifndef WUSHE_STORE_JCOLS_H
#define WUSHE_STORE_JCOLS_H

struct err;
struct jw;
struct stmt;

enum jcol_kind {
	JC_INT,         /* col_int: NULL writes 0 */
	JC_TEXT,        /* NULL writes null */
	JC_TIME,        /* µs UTC → ISO 8601; 0 or NULL writes null */
	JC_BOOL,        /* non-zero → true */
	JC_INT_OR_NULL, /* 0 or NULL writes null (an optional reference) */
	JC_DOUBLE,      /* col_double: NULL writes 0 */
	JC_DOUBLE_OR_NULL, /* NULL writes null */
	JC_RAW,         /* stored JSON text, written as it is; NULL writes null */
};

struct jcol {
	const char *key;
	int col;         /* the column's number in the SELECT */
	enum jcol_kind kind;
};

#define JCOLS(a) (a), (int)(sizeof(a) / sizeof((a)[0]))

/* The members of cols for the current row of st, into the open object w. */
void jw_cols(struct jw *w, struct stmt *st, const struct jcol *cols, int n);
/* Every remaining row of st as one object of those members, into the open
 * array w; then stmt_done(st). The number of rows, or the step's error
 * (negative, e filled). */
int jw_rows(struct jw *w, struct stmt *st, const struct jcol *cols, int n, struct err *e);
/* The member key: [rows…] of the open object w — every row of st as
 * jw_rows writes it — for the usual "db_q, then an array of its rows".
 * st NULL (the query failed to prepare, e filled) returns e's code; 0 or
 * the step's error otherwise. */
int jw_krows(struct jw *w, const char *key, struct stmt *st, const struct jcol *cols, int n, struct err *e);

#endif
