/*
 * reg_internal.h — helpers shared by the registry's logic files (not for
 * other modules): region lookups and scope checks, audit entries with
 * masked snapshots, the history block of a detail answer, list plumbing
 * (scope bounds, capped totals, LIKE patterns) and enum checks.
 *
 * Filters are written into SQL as fixed "slots": each slot holds exactly
 * one parameter, either "AND col = ?" when the filter is given or
 * "AND (? IS NULL OR 1)" when it is not. The parameter list is therefore
 * the same for every combination (one db_q call), while the SQL text —
 * and so the query plan, cached per text — names only the columns that
 * are really filtered, which lets the planner pick an index for them.
 */
#ifndef WUSHE_MODULES_REGISTRY_REG_INTERNAL_H
#define WUSHE_MODULES_REGISTRY_REG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/sb.h"
#include "modules/registry/registry.h"

struct db;
struct principal;

#define REG_SLOT_OFF " AND (? IS NULL OR 1)"

struct reg_region {
	int64_t id;
	int level;          /* enum region_level */
	char path[512];
	char name[256];
};

/* Load a region; ERR_NOT_FOUND with field on a miss. */
int reg_region_load(struct db *db, int64_t id, const char *field, struct reg_region *out,
		    struct err *e);
/* Does the actor (NULL = system) have a role of mask covering path? */
bool reg_covers(const struct principal *actor, unsigned mask, const char *path);
/* Load a region for a record being written: it must exist (422 on field
 * otherwise), be covered by the actor's editing grants (403) and be at one
 * of the levels in level_mask (1 << LVL_*; 422 otherwise). */
int reg_region_for_write(struct db *db, const struct principal *actor, int64_t id,
			 const char *field, unsigned level_mask, struct reg_region *out,
			 struct err *e);

/* The subtree [lo, hi) a list covers: the given region (checked against
 * the read roles) or the caller's broadest read grant. */
int reg_list_scope(struct db *db, const struct principal *p, unsigned mask, int64_t region_id,
		   char lo[512], char hi[512], struct err *e);
void reg_path_hi(const char *path, char hi[512]);

/* Audit one registry change. */
int reg_audit(struct db *db, const struct principal *actor, int64_t now, const char *action,
	      const char *entity, int64_t id, int64_t region_id, const char *before,
	      const char *after, struct err *e);
/* The row of sql (one "i" parameter, the id) as a JSON object string
 * (malloc'd) written with cols; ERR_NOT_FOUND if absent. */
int reg_snapshot(struct db *db, const char *sql, const struct reg_col *cols, int ncols,
		 int64_t id, char **out, struct err *e);
/* "history": the audit entries of (entity, id), newest first (at most 100). */
int reg_write_history(struct db *db, struct jw *w, const char *entity, int64_t id,
		      struct err *e);

/* Escape a user's substring for LIKE … ESCAPE '\' and wrap it in %…%. */
char *reg_like_pattern(const char *q);

/* The ORDER BY clause for sort (id, -id, name, created_at, updated_at, …)
 * over table alias a; ERR_INVALID with field "sort" otherwise. */
int reg_order_by(const char *sort, const char *alias, const char **extra, char *out,
		 size_t cap, struct err *e);

/* Is s one of choices? */
bool reg_in(const char *s, const char *const *choices);
/* A stale version → 409 naming the current one. */
int reg_stale(struct err *e, int64_t current);

/* Run a list: count (capped), the page's ids from "SELECT id_expr
 * from_where ORDER BY order_by LIMIT ? OFFSET ?", then each row with
 * one_sql (one "i" parameter: the id) handed to fn. Parameters come as a bind list built
 * by the caller; every value is bound as text, so integer slots are written
 * CAST(? AS INTEGER) in the SQL (one call shape for any set of filters). */
#define REG_MAX_BINDS 40
struct reg_binds {
	int n;
	char types[REG_MAX_BINDS + 1];   /* all 's': integers are bound as text */
	const char *strs[REG_MAX_BINDS];
	char ibuf[REG_MAX_BINDS][24];
};
/* All REG_MAX_BINDS values of b as db_q arguments (db_q reads only as
 * many as b->types names). */
#define B40P(b)                                                                               \
	(b)->strs[0], (b)->strs[1], (b)->strs[2], (b)->strs[3], (b)->strs[4], (b)->strs[5],      \
	(b)->strs[6], (b)->strs[7], (b)->strs[8], (b)->strs[9], (b)->strs[10], (b)->strs[11],    \
	(b)->strs[12], (b)->strs[13], (b)->strs[14], (b)->strs[15], (b)->strs[16],              \
	(b)->strs[17], (b)->strs[18], (b)->strs[19], (b)->strs[20], (b)->strs[21],              \
	(b)->strs[22], (b)->strs[23], (b)->strs[24], (b)->strs[25], (b)->strs[26],              \
	(b)->strs[27], (b)->strs[28], (b)->strs[29], (b)->strs[30], (b)->strs[31],              \
	(b)->strs[32], (b)->strs[33], (b)->strs[34], (b)->strs[35], (b)->strs[36],              \
	(b)->strs[37], (b)->strs[38], (b)->strs[39]
void reg_bind_i(struct reg_binds *b, int64_t v);
void reg_bind_s(struct reg_binds *b, const char *v);
/* Hand the rows of ids (read one by one with one_sql) to fn. */
int reg_emit_ids(struct db *db, const char *one_sql, const int64_t *ids, size_t n,
		 const struct reg_col *cols, int ncols, reg_row_fn fn, void *ctx, struct err *e);
int reg_run_list(struct db *db, const char *from_where, const char *id_expr,
		 const char *one_sql, const char *order_by, struct reg_binds *b, struct reg_page *pg,
		 const struct reg_col *cols, int ncols, reg_row_fn fn, void *ctx, struct err *e);

#endif
