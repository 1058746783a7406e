/*
 * row.h — how a record's columns become JSON (and spreadsheet cells).
 *
 * A resource lists the columns its SELECT returns, in order, each with its
 * JSON key, its spreadsheet header and its kind; row_json() writes a row by
 * that list. Personal data is masked here (COL_ID_MASK, COL_MOBILE_MASK),
 * so no list, export or snapshot written through it can leak a number.
 */
#ifndef WUSHE_STORE_ROW_H
#define WUSHE_STORE_ROW_H

struct jw;
struct stmt;

enum col_kind {
	COL_INT,         /* integer; NULL writes null */
	COL_TEXT,
	COL_BOOL,        /* 0/1 → true/false (NULL → false), 是/否 */
	COL_TIME,        /* µs UTC → ISO 8601 +08:00 */
	COL_DOUBLE,
	COL_ID_MASK,     /* resident ID, masked */
	COL_MOBILE_MASK, /* mobile number, masked */
	COL_HIDDEN,      /* selected for logic, never written */
};

struct col {
	const char *key;     /* JSON key */
	const char *header;  /* spreadsheet header (Chinese) */
	enum col_kind kind;
};

/* The columns of the current row of st (in order) as members of the open object. */
void row_json(struct jw *w, const struct col *cols, int ncols, struct stmt *st);
/* One column's cell as a JSON value. */
void row_cell_json(struct jw *w, const struct col *c, struct stmt *st, int i);

#endif
