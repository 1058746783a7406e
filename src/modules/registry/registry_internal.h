/*
 * registry_internal.h — helpers shared by the registry's logic files (not for
 * other modules): region lookups and scope checks, audit entries with
 * masked snapshots, the history block of a detail answer, list plumbing
 * (scope bounds, capped totals, LIKE patterns) and enum checks.
 *
 * Lists run on store/list.h: only the filters given become SQL.
 */
#ifndef WUSHE_MODULES_REGISTRY_REG_INTERNAL_H
#define WUSHE_MODULES_REGISTRY_REG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/sb.h"
#include "modules/registry/registry.h"
#include "store/list.h"

struct db;
struct principal;

struct registry_region {
	int64_t id;
	int level;          /* enum region_level */
	char path[512];
	char name[256];
};

/* Load a region; ERR_NOT_FOUND with field on a miss. */
int registry_region_load(struct db *db, int64_t id, const char *field, struct registry_region *out,
		    struct err *e);
/* Does the actor (NULL = system) have a role of mask covering path? */
bool registry_covers(const struct principal *actor, unsigned mask, const char *path);
/* Load a region for a record being written: it must exist (422 on field
 * otherwise), be covered by the actor's editing grants (403) and be at one
 * of the levels in level_mask (1 << LVL_*; 422 otherwise). */
int registry_region_for_write(struct db *db, const struct principal *actor, int64_t id,
			 const char *field, unsigned level_mask, struct registry_region *out,
			 struct err *e);

/* The subtree [lo, hi) a list covers: the given region (checked against
 * the read roles) or the caller's broadest read grant. */
int registry_list_scope(struct db *db, const struct principal *p, unsigned mask, int64_t region_id,
		   char lo[512], char hi[512], struct err *e);
void registry_path_hi(const char *path, char hi[512]);

/* Audit one registry change. */
int registry_audit(struct db *db, const struct principal *actor, int64_t now, const char *action,
	      const char *entity, int64_t id, int64_t region_id, const char *before,
	      const char *after, struct err *e);

/* Escape a user's substring for LIKE … ESCAPE '\' and wrap it in %…%. */
char *registry_like_pattern(const char *q);

/* Is s one of choices? */
bool registry_in(const char *s, const char *const *choices);

/* A registry list on store/list.h (docs/lists.md). registry_list_new starts a
 * query on spec limited to the caller's scope: region_id (checked against
 * the roles in mask) or, when 0, the caller's broadest grant.
 * registry_list_run runs it, handing each row to fn with the list's columns,
 * and frees q. */
int registry_list_new(struct db *db, const struct principal *p, unsigned mask, int64_t region_id,
		 const struct list_spec *spec, struct list_q **out, struct err *e);
int registry_list_run(struct db *db, struct list_q *q, const struct list_req *lr,
		 const struct registry_col *cols, int ncols, registry_row_fn fn, void *ctx,
		 struct list_result *res, struct err *e);
/* The sorts every registry list offers (id, name, created_at, updated_at),
 * over the unqualified columns of the list's table. */
extern const struct list_sort registry_sorts[];

#endif
