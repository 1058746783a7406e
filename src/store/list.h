/*
 * list.h — one helper for every list endpoint: filters, region subtree,
 * whitelisted sorts, page/per_page and a keyset cursor, capped counts.
 *
 * A module describes its list once (struct list_spec: the table the
 * filters run on, its id and region columns, the sorts it allows, the
 * columns of a row) and, per request, adds only the filters the caller
 * gave (list_eq_*, list_subtree, list_where): no `(? IS NULL OR …)`
 * catch-alls, which keep SQLite off its indexes. list_run() then runs
 *
 *   1. a count, stopped at spec->count_cap + 1 rows: past the cap the
 *      answer says `total_is_estimate` instead of counting a district;
 *   2. one page query: the ids and sort keys of the page, ordered by the
 *      sort and the id (a stable tie-break), joined back to the row's
 *      columns — one query for the page, no reload of each row.
 *
 * The region subtree predicate is written here only: a region's subtree is
 * `path >= '/1/3/' AND path < '/1/30'` (docs/ARCHITECTURE.md), turned into
 * `region_id IN (SELECT id FROM regions WHERE path >= ? AND path < ?)` and
 * dropped when the subtree holds every region. Which side drives the query
 * is chosen here too (docs/lists.md): a small subtree drives (its rows are
 * read through the region index and sorted), a large one lets the sort's
 * index drive and checks the region of each row from the index.
 *
 * Bad query parameters are 400 with the field: an unknown sort, a cursor
 * that is not one of ours or belongs to another sort, an enum value out of
 * its list. Strings given to the helper are copied; the helper owns them.
 * SQL of the module's spec is portable; what is dialect (the plan hint
 * spelling, EXPLAIN) lives in list.c.
 */
#ifndef WUSHE_STORE_LIST_H
#define WUSHE_STORE_LIST_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

#define LIST_COUNT_CAP 10000
#define LIST_MAX_PER_PAGE 100

/* A sort the API accepts as `sort=name` (ascending) or `sort=-name`. */
struct list_sort {
	const char *name;
	const char *expr;   /* SQL expression over spec->table's aliases */
	bool text;          /* the key is text (else an integer) */
	bool indexed;       /* an index delivers rows in this order (with the filters' equalities) */
};

struct list_spec {
	const char *table;            /* FROM of the filter query, e.g. "exchange_demands d" */
	const char *id;               /* its id column, "d.id" */
	const char *region;           /* region column for list_subtree, "d.region_id", or NULL */
	const struct list_sort *sorts; /* whitelist, ended by {NULL} */
	const char *default_sort;     /* e.g. "-created_at" */
	const char *select;           /* columns of a row over `from` */
	const char *from;             /* FROM of the row query, e.g. "exchange_demands d JOIN regions r ON …" */
	const char *row_id;           /* the id column in `from`, "d.id" */
	int64_t count_cap;            /* 0: LIST_COUNT_CAP */
};

struct list_req {
	int64_t page, per_page;       /* page >= 1; per_page 1..100 */
	const char *sort;             /* NULL or "": spec->default_sort */
	const char *cursor;           /* NULL or "": page paging */
	int64_t count_cap;            /* 0: spec->count_cap; > 0: counting stops
	                               * past this (total_is_estimate); LIST_NO_COUNT:
	                               * not counted, the caller sets total */
};
#define LIST_NO_COUNT (-1)
/* per_page = LIST_ALL: every row in the sort's order (an export): no count
 * (total is the rows handed to fn), no page, no next cursor. A cursor
 * still starts the walk after its row. */
#define LIST_ALL (-1)

struct list_result {
	int64_t total;
	bool total_is_estimate;
	char *next_cursor;            /* malloc'd, NULL on the last page; list_result_free */
};

struct list_q;

/* Never NULL (core/xmem.h: the heap's one out-of-memory policy). */
struct list_q *list_new(const struct list_spec *spec);
void list_free(struct list_q *q);
void list_result_free(struct list_result *r);

/* `col = v`. */
void list_eq_int(struct list_q *q, const char *col, int64_t v);
void list_eq_str(struct list_q *q, const char *col, const char *v);
/* The same for an optional filter: nothing when v is 0 / NULL. */
void list_eq_int_if(struct list_q *q, const char *col, int64_t v);
void list_eq_str_if(struct list_q *q, const char *col, const char *v);
/* `col = v` for v one of allowed[] (NULL-ended); otherwise 400 naming field. */
int list_eq_enum(struct list_q *q, const char *col, const char *field, const char *v,
		 const char *const *allowed, struct err *e);
/* Rows whose region (spec->region) lies in the subtree at path ("/1/3/"). */
int list_subtree(struct list_q *q, struct db *db, const char *path, struct err *e);
/* Any other predicate: SQL with `?` parameters, types as for db_q ('i', 's'). */
void list_where(struct list_q *q, const char *sql, const char *types, ...);
/* list_where for a filter that names a bounded set of ids already within
 * the scope (`d.id IN (SELECT doc_id FROM postings …)`):
 *  - LIST_IDS_COUNT: the count reads through it, the other filters checked
 *    on each row; the page is planned as usual;
 *  - LIST_IDS_FEW: the set is small: the page reads through it too and
 *    sorts those rows rather than walk an index in the sort's order past
 *    every row that is not one of them. */
enum list_ids { LIST_IDS_COUNT = 1, LIST_IDS_FEW = 2 };
void list_where_ids(struct list_q *q, enum list_ids how, const char *sql, const char *types, ...);

/* A parameter of spec->select (bound before the filters'), e.g. the time. */
void list_select_int(struct list_q *q, int64_t v);

/* Called once per row of the page, the columns of spec->select first. */
typedef int (*list_row_fn)(struct stmt *st, void *ctx, struct err *e);

int list_run(struct db *db, struct list_q *q, const struct list_req *req, list_row_fn fn,
	     void *ctx, struct list_result *out, struct err *e);

/* The region path of region_id into *path (malloc'd): 400 naming field when
 * there is no such region. */
int list_region_path(struct db *db, int64_t region_id, const char *field, char **path,
		     struct err *e);

/* The subtree at path ("/1/3/") is every region whose path sorts in
 * [path, hi): hi is path with its last '/' turned into '0' ("/1/30"), in a.
 * Every subtree predicate outside list_subtree takes its bound from here. */
const char *list_path_hi(struct arena *a, const char *path);
/* region_id's path copied into a: 1 found, 0 no such region (*path NULL),
 * < 0 a store error (as db_text). */
int list_region_path_in(struct db *db, struct arena *a, int64_t region_id, char **path,
			struct err *e);

/* Log each query's plan (EXPLAIN QUERY PLAN) at info level: bench/lists.sh
 * turns it on with WUSHE_LIST_EXPLAIN=1 in the server's environment. */
extern bool list_explain;
/* When list_explain is on (or WUSHE_LIST_EXPLAIN is set), log the plan of
 * sql with its arguments as "list plan <what>: <sql> :: <plan>". */
void list_explain_plan(struct db *db, const char *what, const char *sql, const struct db_arg *args,
		       int n);

#endif
