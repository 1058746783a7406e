/*
 * reg_gov_internal.h — what the reg_*.c governance files share and nobody
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
#include "modules/registry/reg_gov.h"
#include "store/list.h"

#define REG_READ ROLES_FIELD   /* staff, grid and social workers read governance records */
#define REG_EDIT ROLES_STAFF   /* community staff and admins keep them */
#define REG_ADMIN ROLES_ADMIN  /* targets: town and district admins */

/* The record kinds, one per table (reg_committee.c, reg_brand.c, …). */
extern const struct record_kind reg_member_kind, reg_meeting_kind, reg_brand_kind,
	reg_progress_kind, reg_round_kind, reg_candidate_kind, reg_incubation_kind, reg_target_kind;

bool reg_in_subtree(const struct rgov_region *root, const char *path);
/* Load a record of kind k in the caller's scope (mask over its region) and
 * the region itself (for its name, level, path). */
int reg_record_load(struct ctx *c, const struct record_kind *k, int64_t id, unsigned mask,
		    struct record *rec, struct rgov_region *region);
/* The region must be a community or village: ERR_RULE naming field with
 * the messages given, or the usual ones when zh is NULL. */
int reg_need_community(const struct rgov_region *r, const char *field, const char *zh,
		       const char *en, struct err *e);
/* The person must live in the subtree of r and be active: ERR_NOT_FOUND /
 * ERR_RULE naming person_id; `who` is "居民"-style text for the message. */
int reg_person_inside(struct ctx *c, int64_t person_id, const struct rgov_region *r,
		      const char *zh_fmt, const char *en_fmt);
/* How a governance row is written: its flat columns (store/row.h), then
 * nested references {id, name} (with "level" when asked), each read from
 * the next two (three) columns of the SELECT. */
struct reg_ref {
	const char *key;
	bool level;
};
struct reg_rows {
	const struct col *cols;
	int ncols;
	const struct reg_ref *refs;
	int nrefs;
};
/* The members of the current row into the open object. */
void reg_row_members(struct jw *w, const struct reg_rows *rows, struct stmt *st);
/* One record: sql (a SELECT with one ? for id) written as an object by rows. */
int reg_write_one(struct ctx *c, struct jw *w, const char *sql, int64_t id,
		  const struct reg_rows *rows);
/* The rows of sql (bound to args) as an array of objects written by rows,
 * under key when key is not NULL. */
int reg_write_array(struct ctx *c, struct jw *w, const char *key, const struct reg_rows *rows,
		    const char *sql, const struct db_arg *args, int nargs);
/* {"items": [...]} of the same. */
int reg_write_items(struct ctx *c, struct jw *w, const struct reg_rows *rows, const char *sql,
		    const struct db_arg *args, int nargs);
/* A governance list over spec: the subtree of q->region_id (400 when no
 * such region, 403 outside the caller's scope) or the caller's root. */
int reg_list_begin(struct ctx *c, const struct list_spec *spec, const struct reg_list_q *q,
		   struct list_q **out);
/* Run it with the request's paging and sort, each row an object written
 * by rows (spec->select in that order); frees lq. */
int reg_list_finish(struct ctx *c, struct list_q *lq, const struct reg_list_q *q, struct jw *w,
		    const struct reg_rows *rows, struct list_result *res);
/* The first column of sql's row for id, copied into the arena ("" for no
 * row or NULL); a store error is returned. */
int reg_text(struct ctx *c, const char *sql, int64_t id, const char **out);
/* {"id": id, "name": name} under key. */
void reg_write_ref(struct jw *w, const char *key, int64_t id, const char *name);
/* {"id","name","level"} of a report's region under "region". */
void reg_write_region(struct jw *w, const struct rgov_region *r);

/* Per-community leader figures over compounds with a round (reg_leader.c). */
int reg_leader_community_stats(struct ctx *c, int64_t community_id, int64_t *needed,
			       int64_t *have, int64_t *shortfall, int64_t *compounds);

/* The roll-up of a region for a month (reg_target.c): writes the keys
 * "communities", "towns" and "total" into the object being written. */
int reg_rollup_write(struct ctx *c, struct jw *w, const struct rgov_region *root,
		     const struct reg_month *m);

#endif
