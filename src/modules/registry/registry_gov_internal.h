/*
 * registry_gov_internal.h — what the registry_*.c governance files share and nobody
 * else needs: role masks, the record kinds (audit/record.h), subtree tests,
 * the region column of list specs, and small writers.
 */
#ifndef WUSHE_MODULES_REGISTRY_REG_GOV_INTERNAL_H
#define WUSHE_MODULES_REGISTRY_REG_GOV_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/ctx.h"
#include "core/jw.h"
#include "modules/registry/registry_gov.h"
#include "store/list.h"

#define REGISTRY_READ ROLES_FIELD   /* staff, grid and social workers read governance records */
#define REGISTRY_EDIT ROLES_STAFF   /* community staff and admins keep them */
#define REGISTRY_ADMIN ROLES_ADMIN  /* targets: town and district admins */

/* The record kinds, one per table (registry_committee.c, registry_brand.c, …). */
extern const struct record_kind registry_member_kind, registry_meeting_kind, registry_brand_kind,
	registry_progress_kind, registry_round_kind, registry_candidate_kind, registry_incubation_kind, registry_target_kind;

/* Each row of st (just made by db_q; NULL when that failed, whose error is
 * returned) given to fn, at most max rows (-1: all), stopping at fn's first
 * error; st is done here. Returns the number of rows seen, or the error. */
typedef int (*registry_each_fn)(struct ctx *c, struct stmt *st, void *arg);
int registry_each(struct ctx *c, struct stmt *st, int max, registry_each_fn fn, void *arg);
/* The same as an array under key (none when NULL); the store's error when
 * st is NULL, else registry_each's answer. */
int registry_array(struct ctx *c, struct jw *w, const char *key, struct stmt *st, registry_each_fn fn,
		   void *arg);
/* A registry_each_fn writing the row's columns (cols, n) into the open object of w. */
struct registry_cols {
	struct jw *w;
	const struct col *cols;
	int n;
};
int registry_cols_row(struct ctx *c, struct stmt *st, void *arg);
/* A record of kind k loaded for editing by staff and begun at version. */
int registry_edit(struct ctx *c, const struct record_kind *k, int64_t id, int64_t version, struct record *rec);
/* rc, a store error, as it is; else the object being written is closed and 0. */
int registry_obj_end(struct jw *w, int rc);
/* rc and *n: a db_int's answer and what it counted. The store's error, else
 * code naming field (zh, en) when *n is not 0, else 0. */
int registry_refuse(struct ctx *c, int rc, const int64_t *n, int code, const char *field, const char *zh,
		    const char *en);
/* registry_scope, then registry_need_community (zh/en as there). */
int registry_community(struct ctx *c, unsigned mask, int64_t id, const char *field, const char *zh,
		       const char *en, struct registry_gov_region *out);
/* record_created for a new row of kind k, then *id_out = id (when asked). */
int registry_created(struct ctx *c, const struct record_kind *k, int64_t id, int64_t region_id,
		     int64_t *id_out);
/* A report over a region: the root (region_id, or the caller's own root
 * when 0) in the caller's read scope; opens the report's object with its
 * "month" (when m) and "region". */
int registry_report_begin(struct ctx *c, struct jw *w, int64_t region_id, const struct registry_month *m,
			  struct registry_gov_region *root);
bool registry_in_subtree(const struct registry_gov_region *root, const char *path);
/* Load a record of kind k in the caller's scope (mask over its region) and
 * the region itself (for its name, level, path). */
int registry_record_load(struct ctx *c, const struct record_kind *k, int64_t id, unsigned mask,
		    struct record *rec, struct registry_gov_region *region);
/* The region must be a community or village: ERR_RULE naming field with
 * the messages given, or the usual ones when zh is NULL. */
int registry_need_community(const struct registry_gov_region *r, const char *field, const char *zh,
		       const char *en, struct err *e);
/* The person must live in the subtree of r and be active: ERR_NOT_FOUND /
 * ERR_RULE naming person_id; `who` is "居民"-style text for the message. */
int registry_person_inside(struct ctx *c, int64_t person_id, const struct registry_gov_region *r,
		      const char *zh_fmt, const char *en_fmt);
/* How a governance row is written: its flat columns (store/row.h), then
 * nested references {id, name} (with "level" when asked), each read from
 * the next two (three) columns of the SELECT. */
struct registry_nested {
	const char *key;
	bool level;
};
struct registry_rows {
	const struct col *cols;
	int ncols;
	const struct registry_nested *refs;
	int nrefs;
};
/* The members of the current row into the open object. */
void registry_row_members(struct jw *w, const struct registry_rows *rows, struct stmt *st);
/* One record: sql (a SELECT with one ? for id) written as an object by rows. */
int registry_write_one(struct ctx *c, struct jw *w, const char *sql, int64_t id,
		  const struct registry_rows *rows);
/* The rows of sql (bound to args) as an array of objects written by rows,
 * under key when key is not NULL. */
int registry_write_array(struct ctx *c, struct jw *w, const char *key, const struct registry_rows *rows,
		    const char *sql, const struct db_arg *args, int nargs);
/* {"items": [...]} of the same. */
int registry_write_items(struct ctx *c, struct jw *w, const struct registry_rows *rows, const char *sql,
		    const struct db_arg *args, int nargs);
/* A governance list: the subtree of q->region_id (400 when no such region,
 * 403 outside the caller's scope) or the caller's root, narrowed by the
 * enum filters (column = value, value one of allowed, 400 naming field
 * otherwise; a NULL value is no filter) and by where (may be NULL), run with
 * the request's paging and sort, each row an object written by rows
 * (spec->select in that order). */
struct registry_filter {
	const char *column, *field, *value;
	const char *const *allowed;
};
struct registry_list_def {
	const struct list_spec *spec;
	const struct registry_rows *rows;
	int (*where)(struct ctx *c, struct list_q *lq, const struct registry_list_q *q);
};
int registry_list(struct ctx *c, struct jw *w, const struct registry_list_q *q, struct list_result *res,
		  const struct registry_list_def *d, const struct registry_filter *f, int nf);
/* A registry_list_def declared at once (at file scope): the filter query
 * over table (its id and region columns), each row spec'd as select over
 * from (row_id), written by rows, narrowed by where (or NULL), in the sort
 * def_sort unless asked; then the sorts the API takes, GOV_SORT_*. */
#define GOV_LIST(table_, id_, region_, select_, from_, row_id_, rows_, where_, def_sort, ...)           \
	{                                                                                                \
		.spec = &(const struct list_spec){.table = table_, .id = id_, .region = region_,           \
						  .select = select_, .from = from_, .row_id = row_id_,      \
						  .default_sort = def_sort,                                  \
						  .sorts = (const struct list_sort[]){__VA_ARGS__, {NULL}}}, \
		.rows = rows_, .where = where_,                                                          \
	}
#define GOV_SORT_ID(expr) {"id", expr, false, true} /* the id: unique, indexed */
#define GOV_SORT_TEXT(name, expr) {name, expr, true, false}
#define GOV_SORT_INT(name, expr) {name, expr, false, false}
/* The first column of sql's row for id, copied into the arena ("" for no
 * row or NULL); a store error is returned. registry_texts: the first n. */
int registry_text(struct ctx *c, const char *sql, int64_t id, const char **out);
int registry_texts(struct ctx *c, const char *sql, int64_t id, const char **out, int n);
/* {"id": id, "name": name} under key (none: an array's element); _open
 * leaves the object open for more. */
void registry_ref_open(struct jw *w, const char *key, int64_t id, const char *name);
void registry_write_ref(struct jw *w, const char *key, int64_t id, const char *name);
/* {"id","name","level"} of a report's region under "region". */
void registry_write_region(struct jw *w, const struct registry_gov_region *r);

/* Per-community leader figures (registry_leader.c): over the compounds
 * with a round, plus the households in none (*uncovered, may be NULL),
 * which need leaders too (counted in *needed and *shortfall). */
int registry_leader_community_stats(struct ctx *c, int64_t community_id, int64_t *needed,
			       int64_t *have, int64_t *shortfall, int64_t *compounds, int64_t *uncovered);

/* A monthly report (registry_target.c): opened by registry_report_begin,
 * body's members, then the roll-up's. */
int registry_month_report(struct ctx *c, struct jw *w, int64_t region_id, const struct registry_month *m,
			  int (*body)(struct ctx *c, struct jw *w, const struct registry_gov_region *root,
				      const struct registry_month *m));
/* The roll-up of a region for a month (registry_target.c): writes the keys
 * "communities", "towns" and "total" into the object being written. */
int registry_rollup_write(struct ctx *c, struct jw *w, const struct registry_gov_region *root,
		     const struct registry_month *m);

#endif
