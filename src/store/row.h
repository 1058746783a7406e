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

#include <stdbool.h>
#include <stdint.h>

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

/* One cell read by its kind: i (COL_INT, COL_BOOL, COL_TIME), d
 * (COL_DOUBLE) or s (the others; valid until the next step). */
struct row_value {
	bool null;
	int64_t i;
	double d;
	const char *s;
};
struct row_value row_cell_value(struct stmt *st, int i, enum col_kind kind);
/* A value of that kind as JSON, unmasked: null (false for COL_BOOL) when
 * null; a text kind as a string. */
void row_value_json(struct jw *w, enum col_kind kind, const struct row_value *v);

/* The columns of the current row of st (in order) as members of the open object. */
void row_json(struct jw *w, const struct col *cols, int ncols, struct stmt *st);
/* One column's cell as a JSON value. */
void row_cell_json(struct jw *w, const struct col *c, struct stmt *st, int i);

#endif
