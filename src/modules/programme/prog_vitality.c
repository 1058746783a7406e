/*
 * prog_vitality.c — the programme's component of the vitality index
 * (issue 13 item 8, docs/vitality-index.md): funded projects per
 * community, from prog_funded_by_region (programme.h) — a funded
 * application counts for each community that signed its letter of intent
 * (a community partner); one served by a town without a community partner
 * counts for the town, which the per-community index leaves out.
 *
 * Which year: the latest programme year up to the computed month's year
 * that has funded projects (a year's results come out once, so the
 * latest results stand until the next year's). No programme with results
 * yet: "no data"; once there is one, a community without a project is a
 * real 0. module.c lists it.
 */
#include "core/arena.h"
#include "modules/programme/prog_internal.h"
#include "modules/vitality/vitality.h"
#include "store/store.h"

struct vi_arg {
	struct db *db;
	struct err *e;
};

static int add_region(void *varg, int64_t region_id, int n)
{
	struct vi_arg *a = varg;
	return db_exec(a->db, a->e, "UPDATE vi_raw SET num = num + ? WHERE component='funded_projects' AND community_id=?",
		       "ii", (int64_t)n, region_id);
}

static int c_funded(struct vitality_ctx *v, const struct vitality_provider *self, struct err *e)
{
	int64_t year = 0;
	int rc = db_int(v->db, e, &year,
			"SELECT max(p.year) FROM programmes p WHERE p.year<=? AND EXISTS (SELECT 1 FROM prog_applications a"
			" WHERE a.programme_id=p.id AND a.outcome='funded')",
			"i", (int64_t)v->m.year);
	if (rc < 0)
		return rc;
	if (!year)
		return 0; /* no results yet: no data */
	if ((rc = db_exec(v->db, e,
			  VITALITY_RAW_INSERT " SELECT r.region_id, ?, 0, 1 FROM vi_regions r WHERE r.level='community'", "s",
			  self->key)))
		return rc;
	struct arena ar;
	arena_init(&ar, 0);
	struct ctx c = ctx_system(v->db, v->m.end, &ar, e);
	struct vi_arg a = {v->db, e};
	rc = prog_funded_by_region(&c, (int)year, add_region, &a);
	arena_free(&ar);
	return rc;
}

static const char *const app_cols[] = {"programme_id", "outcome", "region_scope", "region_id", NULL};
static const char *const partner_cols[] = {"application_id", "role", "region_id", NULL};
static const char *const programme_cols[] = {"year", NULL};
const struct vitality_provider prog_vi_funded = {
	.key = "funded_projects", .order = 10, .module = "programme",
	.name = "获资助项目", .name_en = "Funded projects",
	.unit = "个/社区", .unit_en = "per community", .mult = 1, .dir = VITALITY_UP,
	.rule = "最近一个有结果的年度中，社区作为合作方（合作意向函）的众创共善获资助项目数",
	.rule_en = "funded programme projects the community partners in (letter of intent), latest year with results",
	.reads = (const struct vitality_table[]){{"programmes", programme_cols},
						 {"prog_applications", app_cols},
						 {"prog_partners", partner_cols},
						 {NULL, NULL}},
	.compute = c_funded,
	.says = "获资助项目 {num:.0f} 个（目标 {target:.0f} 个）",
	.says_en = "{num:.0f} funded projects (target {target:.0f})",
};
