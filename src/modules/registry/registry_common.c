/*
 * registry_common.c — see registry_internal.h: region and scope helpers, audit
 * entries, history, list plumbing shared by people, organisations, teams
 * and facilities.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/record.h"
#include "auth/auth.h"
#include "core/sb.h"
#include "modules/region/region.h"
#include "modules/registry/registry_internal.h"
#include "store/store.h"

const char *const registry_households[] = {"registered", "nonregistered", NULL};
const char *const registry_sw_levels[] = {"assistant", "intermediate", "senior", NULL};
const char *const registry_person_statuses[] = {"active", "moved_out", "deceased", NULL};
const char *const registry_verify_methods[] = {"household_roll", "residence_permit", "in_person", NULL};
const char *const registry_org_types[] = {"social_work_agency", "community_social_org", "foundation",
				     "association", "enterprise", "social_enterprise",
				     "public_institution", "other", NULL};
const char *const registry_domains[] = {"elderly", "children", "youth", "women", "disability",
				   "new_residents", "poverty", "health", "culture", "education",
				   "environment", "legal", "safety", "community_building",
				   "volunteer", "charity", "other", NULL};
const char *const registry_registrations[] = {"registered", "filed", "unregistered", NULL};
const char *const registry_incubation_stages[] = {"incubating", "filed", "registered", NULL};
const char *const registry_org_statuses[] = {"active", "suspended", "dissolved", NULL};
const char *const registry_team_statuses[] = {"active", "dissolved", NULL};
const char *const registry_facility_kinds[] = {"party_service_center", "social_work_station",
					  "v_station", "elderly_center", "children_center",
					  "other", NULL};
const char *const registry_facility_statuses[] = {"open", "closed", NULL};
const char *const registry_team_roles[] = {"leader", "member", NULL};

bool registry_in(const char *s, const char *const *choices)
{
	for (; s && *choices; choices++)
		if (strcmp(s, *choices) == 0)
			return true;
	return false;
}

int registry_region_load(struct db *db, int64_t id, const char *field, struct registry_region *out,
		    struct err *e)
{
	struct stmt *st;
	int rc = db_row(db, e, &st, "SELECT id, level, path, name FROM regions WHERE id=?", "i", id);
	if (rc <= 0)
		return rc < 0 ? rc : err_set(e, ERR_NOT_FOUND, field, "区域不存在", "no such region");
	out->id = col_int(st, 0);
	out->level = region_level_from_id(col_text(st, 1));
	snprintf(out->path, sizeof out->path, "%s", col_text(st, 2));
	snprintf(out->name, sizeof out->name, "%s", col_text(st, 3));
	stmt_done(st);
	return 0;
}

bool registry_covers(const struct principal *actor, unsigned mask, const char *path)
{
	return !actor || auth_covers_path(actor, mask, path);
}

int registry_region_for_write(struct db *db, const struct principal *actor, int64_t id,
			 const char *field, unsigned level_mask, struct registry_region *out,
			 struct err *e)
{
	int rc = registry_region_load(db, id, field, out, e);
	if (rc == ERR_NOT_FOUND)
		return err_set(e, ERR_RULE, field, "所选区域不存在", "the chosen region does not exist");
	if (rc)
		return rc;
	if (!registry_covers(actor, REGISTRY_EDIT_ROLES, out->path))
		return auth_forbidden(e);
	if (out->level < 0 || !(level_mask & (1u << out->level))) {
		struct sb names = SB_INIT;
		for (int l = 0; l < LVL__COUNT; l++)
			if (level_mask & (1u << l)) {
				if (names.len)
					sb_addc(&names, '/');
				sb_adds(&names, region_level_ids[l]);
			}
		err_setf(e, ERR_RULE, field, "区域层级不符：应为 %s", "wrong region level: must be %s",
			 sb_str(&names));
		sb_free(&names);
		return ERR_RULE;
	}
	return 0;
}

void registry_path_hi(const char *path, char hi[512])
{
	size_t n = strlen(path);
	/* "/1/3/" → "/1/30": every descendant path sorts inside [path, hi). */
	snprintf(hi, 512, "%.*s0", n ? (int)n - 1 : 0, path);
}

int registry_list_scope(struct db *db, const struct principal *p, unsigned mask, int64_t region_id,
		   char lo[512], char hi[512], struct err *e)
{
	if (region_id) {
		struct registry_region rg;
		int rc = registry_region_load(db, region_id, "region_id", &rg, e);
		if (rc)
			return rc;
		if (!registry_covers(p, mask, rg.path))
			return auth_forbidden(e);
		snprintf(lo, 512, "%s", rg.path);
	} else if (p) {
		const struct grant *g = auth_primary_grant(p, mask);
		if (!g)
			return auth_forbidden(e);
		snprintf(lo, 512, "%s", g->region_path);
	} else {
		snprintf(lo, 512, "/");
	}
	registry_path_hi(lo, hi);
	return 0;
}

int registry_audit(struct db *db, const struct principal *actor, int64_t now, const char *action,
	      const char *entity, int64_t id, int64_t region_id, const char *before,
	      const char *after, struct err *e)
{
	struct ctx c = {db, actor, now, NULL, e, NULL};
	return audit_record(&c, action, entity, id, region_id, before, after);
}

void registry_row_json(struct jw *w, const struct registry_col *cols, int ncols, struct stmt *st)
{
	row_json(w, cols, ncols, st);
}

char *registry_like_pattern(const char *q)
{
	struct sb b = SB_INIT;
	sb_addc(&b, '%');
	for (const char *s = q; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			sb_addc(&b, '\\');
		sb_addc(&b, *s);
	}
	sb_addc(&b, '%');
	return sb_detach(&b, NULL);
}

const struct list_sort registry_sorts[] = {
	{"id", "id", false, true},
	{"name", "name", true, false},
	{"created_at", "created_at", false, false},
	{"updated_at", "updated_at", false, false},
	{NULL, NULL, false, false},
};

int registry_list_new(struct db *db, const struct principal *p, unsigned mask, int64_t region_id,
		 const struct list_spec *spec, struct list_q **out, struct err *e)
{
	char lo[512], hi[512];
	int rc = registry_list_scope(db, p, mask, region_id, lo, hi, e);
	*out = NULL;
	if (rc)
		return rc;
	*out = list_new(spec);
	if ((rc = list_subtree(*out, db, lo, e))) {
		list_free(*out);
		*out = NULL;
	}
	return rc;
}

struct sink {
	const struct registry_col *cols;
	int ncols;
	registry_row_fn fn;
	void *ctx;
};

static int sink_row(struct stmt *st, void *ctx, struct err *e)
{
	struct sink *s = ctx;
	return s->fn(s->ctx, s->cols, s->ncols, st, e);
}

int registry_list_run(struct db *db, struct list_q *q, const struct list_req *lr,
		 const struct registry_col *cols, int ncols, registry_row_fn fn, void *ctx,
		 struct list_result *res, struct err *e)
{
	struct sink s = {cols, ncols, fn, ctx};
	int rc = list_run(db, q, lr, sink_row, &s, res, e);
	list_free(q);
	return rc;
}
