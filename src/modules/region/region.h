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

#include "core/ctx.h"
#include "core/err.h"
#include "core/jw.h"

struct db;
struct principal;

enum region_level { LVL_DISTRICT = 0, LVL_TOWN, LVL_COMMUNITY, LVL_GRID, LVL_BUILDING, LVL__COUNT };
extern const char *const region_level_ids[LVL__COUNT + 1];
extern const char *const region_kinds[];         /* urban, rural */
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

struct region_move_in {
	int64_t parent_id;
};

/* Writes, scope-checked and audited in the caller's transaction (c->who
 * NULL = system). The bodies are struct region_in (add, change) and
 * struct region_move_in (move_to), as the generic handlers pass them
 * (http/resource.h). */
int region_add(struct ctx *c, const void *in, int64_t *id_out);
int region_change(struct ctx *c, int64_t id, const void *in);
int region_move_to(struct ctx *c, int64_t id, const void *in);
int region_remove(struct ctx *c, int64_t id);
/* region_add for system callers that hold no context (command line, tests). */
int region_create(struct db *db, const struct principal *actor, const struct region_in *in,
		  int64_t now, int64_t *id_out, struct err *e);

/* Reads (scope-checked): one region with its ancestors; a subtree. */
int region_write(struct ctx *c, struct jw *w, int64_t id);
int region_write_tree(struct ctx *c, struct jw *w, int64_t root, int depth);
/* The regions list (store/list.h): under the caller's broadest grant,
 * filtered by parent, level and a name fragment. region_list_row writes
 * one row to c->w (its ctx is the struct ctx). */
struct region_filter {
	int64_t parent_id;   /* 0: any */
	const char *level;   /* NULL: any */
	const char *q;       /* NULL: any name */
};
struct list_q;
struct stmt;
int region_list_query(struct ctx *c, const struct region_filter *f, struct list_q **out);
int region_list_row(struct stmt *st, void *ctx, struct err *e);

/* The default root for the caller (their broadest grant). */
int64_t region_default_root(const struct principal *p);
/* Find a region id by name (CLI, demo); 0 if none. */
int64_t region_find(struct db *db, const char *name, struct err *e);

#endif
