/*
 * region.h — the region tree (DOMAIN.md §3): district → town →
 * community/village → grid → building, with registered (户籍) and
 * non-registered (非户籍) population and households. Every record in
 * wushe belongs to a region; scope checks are done here against the
 * caller's grants before anything is read or written.
 */
#ifndef WUSHE_MODULES_REGION_REGION_H
#define WUSHE_MODULES_REGION_REGION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "core/jw.h"

struct db;
struct principal;

enum region_level { LVL_DISTRICT = 0, LVL_TOWN, LVL_COMMUNITY, LVL_GRID, LVL_BUILDING, LVL__COUNT };
extern const char *const region_level_ids[LVL__COUNT + 1];
int region_level_from_id(const char *s);

struct region_in {
	int64_t parent_id;            /* create only */
	const char *level;            /* create only */
	const char *name;
	const char *code;
	const char *kind;             /* urban | rural | NULL */
	bool has_code, has_kind;
	int64_t registered_pop, nonregistered_pop, households;
	bool has_registered, has_nonregistered, has_households;
	int64_t version;              /* update: required */
};

/* Writes (scope-checked; audited in the caller's transaction). actor NULL = system. */
int region_create(struct db *db, const struct principal *actor, const struct region_in *in,
		  int64_t now, int64_t *id_out, struct err *e);
int region_update(struct db *db, const struct principal *actor, int64_t id,
		  const struct region_in *in, int64_t now, struct err *e);
int region_move(struct db *db, const struct principal *actor, int64_t id, int64_t new_parent,
		int64_t now, struct err *e);
int region_delete(struct db *db, const struct principal *actor, int64_t id, int64_t now,
		  struct err *e);

/* Reads (scope-checked). */
int region_write_json(struct db *db, const struct principal *p, struct jw *w, int64_t id,
		      bool with_ancestors, struct err *e);
int region_write_tree(struct db *db, const struct principal *p, struct jw *w, int64_t root,
		      int depth, struct err *e);
/* The default root for the caller (their broadest grant). */
int64_t region_default_root(const struct principal *p);
/* Find a region id by name (CLI, demo); 0 if none. */
int64_t region_find(struct db *db, const char *name, struct err *e);

#endif
