/*
 * reg_gov_internal.h — helpers shared by the reg_*.c files only (not part of
 * the module's interface): role masks, subtree tests, audit snapshots.
 */
#ifndef WUSHE_MODULES_REGISTRY_REG_GOV_INTERNAL_H
#define WUSHE_MODULES_REGISTRY_REG_GOV_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "core/err.h"
#include "core/jw.h"
#include "modules/registry/reg_gov.h"

struct db;

#define REG_READ ROLES_FIELD   /* staff, grid and social workers read governance records */
#define REG_EDIT ROLES_STAFF   /* community staff and admins keep them */
#define REG_ADMIN ROLES_ADMIN  /* targets: town and district admins */

bool reg_in_subtree(const struct rgov_region *root, const char *path);
/* One row of sql (a SELECT with one ? for id) as a JSON object; free(*out). */
int rgov_snapshot(struct db *db, const char *sql, int64_t id, char **out, struct err *e);
int rgov_audit(struct db *db, const struct principal *p, int64_t now, const char *action,
	      const char *entity, int64_t id, int64_t region_id, const char *before,
	      const char *after, struct err *e);
int rgov_stale(struct err *e, int64_t current);
void reg_write_person(struct jw *w, const char *key, int64_t id, const char *name);

/* Per-community leader figures over compounds with a round (reg_leader.c). */
int reg_leader_community_stats(struct db *db, int64_t community_id, int64_t *needed,
			       int64_t *have, int64_t *shortfall, int64_t *compounds,
			       struct err *e);

/* The roll-up of a region for a month (reg_target.c): writes the keys
 * "communities", "towns" and "total" into the object being written. */
int reg_rollup_write(struct db *db, struct jw *w, const struct rgov_region *root,
		     const struct reg_month *m, struct err *e);

#endif
