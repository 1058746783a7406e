/*
 * registry_target.c — targets and their roll-up per community, town and district.
 *
 * Organisations: the Dalian plan asks for at least 10 community social
 * organisations per urban community and 3 per rural one; a community's
 * count is its active organisations of type community_social_org whose
 * ledger (台账) it keeps, and its target is its registry_org_targets row or that
 * default. Part-time members: the shortfalls of the month (members active
 * in the month with no attended meeting). Building leaders: the compounds
 * with a selection round, needed = ceil(households / 200) against the
 * chosen leaders of the latest published round. Towns and the district sum
 * their communities' figures; a shortfall is summed per community, so a
 * community over its target never hides another one under it.
 */
#include <string.h>

#include "core/arena.h"
#include "modules/registry/registry_gov.h"
#include "modules/registry/registry_gov_internal.h"
#include "store/store.h"

int64_t registry_default_target(const char *kind)
{
	return kind && strcmp(kind, "urban") == 0 ? 10 : 3;
}

int registry_target_set(struct ctx *c, int64_t community_id, const void *vin)
{
	const struct registry_target_in *in = vin;
	struct registry_gov_region cm;
	int64_t exists = 0;
	int rc;
	if ((rc = registry_community(c, REGISTRY_ADMIN, community_id, "community_id", "目标只能设在村（社区）",
				     "targets are set per community or village", &cm)))
		return rc;
	if (in->target < 0 || in->target > 1000)
		return err_set(c->e, ERR_INVALID, "target", "目标应为 0 到 1000 之间的整数",
			       "target must be an integer from 0 to 1000");
	if ((rc = db_int(c->db, c->e, &exists, "SELECT count(*) FROM reg_org_targets WHERE community_id=?",
			 "i", cm.id)) < 0)
		return rc;
	struct record rec;
	if (exists && ((rc = record_head(c, &registry_target_kind, cm.id, &rec)) || (rc = record_begin(c, &rec, -1))))
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "INSERT INTO reg_org_targets(community_id, target, updated_at, updated_by)"
			  " VALUES(?,?,?,NULLIF(?,0)) ON CONFLICT(community_id) DO UPDATE SET"
			  " target=excluded.target, updated_at=excluded.updated_at,"
			  " updated_by=excluded.updated_by",
			  "iiii", cm.id, in->target, c->now, c->who ? c->who->user_id : 0)))
		return rc;
	return exists ? record_commit(c, &rec, "update") : record_created(c, &registry_target_kind, cm.id, cm.id, NULL);
}

int registry_target_write(struct ctx *c, struct jw *w, int64_t community_id)
{
	struct registry_gov_region cm;
	int64_t target = 0;
	int rc;
	if ((rc = registry_scope(c, REGISTRY_READ, community_id, "community_id", &cm)) ||
	    (rc = db_int(c->db, c->e, &target, "SELECT target FROM reg_org_targets WHERE community_id=?",
			 "i", cm.id)) < 0)
		return rc;
	jw_obj(w);
	jw_kint(w, "community_id", cm.id);
	jw_kint(w, "target", rc ? target : registry_default_target(cm.kind));
	jw_obj_end(w);
	return 0;
}

struct sums {
	int64_t id;
	const char *name;
	int64_t communities, below_target, failing, org_target, org_count, org_shortfall;
	int64_t members, member_shortfalls, meetings, compounds, needed, have, leader_shortfall;
};

/* The one rule behind a community row's "ok" and its town's and the
 * district's count of failing communities: no shortfall of organisations,
 * of part-time members' attendance or of building leaders. */
static bool community_ok(const struct sums *c)
{
	return !c->org_shortfall && !c->member_shortfalls && !c->leader_shortfall;
}

static void add(struct sums *s, const struct sums *c)
{
	s->communities++;
	s->below_target += c->org_shortfall > 0;
	s->failing += !community_ok(c);
	s->org_target += c->org_target;
	s->org_count += c->org_count;
	s->org_shortfall += c->org_shortfall;
	s->members += c->members;
	s->member_shortfalls += c->member_shortfalls;
	s->meetings += c->meetings;
	s->compounds += c->compounds;
	s->needed += c->needed;
	s->have += c->have;
	s->leader_shortfall += c->leader_shortfall;
}

static void write_sums(struct jw *w, const struct sums *s, bool community)
{
	if (!community) {
		jw_kint(w, "communities", s->communities);
		jw_kint(w, "communities_below_target", s->below_target);
		jw_kint(w, "communities_failing", s->failing);
	}
	jw_kint(w, "org_target", s->org_target);
	jw_kint(w, "org_count", s->org_count);
	jw_kint(w, "org_shortfall", s->org_shortfall);
	jw_kint(w, "members", s->members);
	jw_kint(w, "member_shortfalls", s->member_shortfalls);
	jw_kint(w, "meetings_held", s->meetings);
	jw_kint(w, "leader_compounds", s->compounds);
	jw_kint(w, "leaders_needed", s->needed);
	jw_kint(w, "leaders_have", s->have);
	jw_kint(w, "leader_shortfall", s->leader_shortfall);
}

struct community_row {
	struct sums s;
	int64_t town_id;
	const char *town_name, *kind;
	bool default_target;
};

/* The rows of the roll-up, read into the arena before anything is written. */
struct community_rows {
	struct community_row *v;
	size_t n;
};

static int community_read(struct ctx *c, struct stmt *st, void *arg)
{
	struct community_rows *rows = arg;
	struct community_row *r = &rows->v[rows->n++];
	r->s.id = col_int(st, 0);
	r->s.name = arena_strdup(c->a, col_text(st, 1));
	r->town_id = col_int(st, 2);
	r->town_name = arena_strdup(c->a, col_text(st, 3));
	r->kind = arena_strdup(c->a, col_text(st, 4));
	r->default_target = col_null(st, 5);
	r->s.org_target = r->default_target ? registry_default_target(r->kind) : col_int(st, 5);
	r->s.org_count = col_int(st, 6);
	r->s.org_shortfall = r->s.org_count < r->s.org_target ? r->s.org_target - r->s.org_count : 0;
	r->s.members = col_int(st, 7);
	r->s.member_shortfalls = col_int(st, 8);
	r->s.meetings = col_int(st, 9);
	return 0;
}

int registry_rollup_write(struct ctx *c, struct jw *w, const struct registry_gov_region *root,
		     const struct registry_month *m)
{
	int64_t count = 0;
	int rc = db_int(c->db, c->e, &count,
			"SELECT count(*) FROM regions c WHERE c.level='community' AND c.path >= ? AND c.path < ?",
			"ss", root->path, root->hi);
	if (rc < 0)
		return rc;
	/* Read the rows first: the leader figures need queries of their own. */
	struct community_rows all = {arena_alloc(c->a, (size_t)(count ? count : 1) * sizeof *all.v), 0};
	rc = registry_each(c, db_q(
		c->db, c->e,
		"SELECT c.id, c.name, t.id, t.name, coalesce(c.kind,''),"
		" (SELECT o.target FROM reg_org_targets o WHERE o.community_id=c.id),"
		" (SELECT count(*) FROM organisations g WHERE g.ledger_community_id=c.id"
		"   AND g.org_type='community_social_org' AND g.status='active'),"
		" (SELECT count(*) FROM reg_committee_members mm WHERE mm.community_id=c.id"
		"   AND mm.term_start < ? AND (mm.term_end IS NULL OR mm.term_end >= ?)),"
		" (SELECT count(*) FROM reg_committee_members mm WHERE mm.community_id=c.id"
		"   AND mm.term_start < ? AND (mm.term_end IS NULL OR mm.term_end >= ?)"
		"   AND NOT EXISTS (SELECT 1 FROM reg_meeting_attendance a JOIN reg_meetings g"
		"     ON g.id=a.meeting_id WHERE a.member_id=mm.id AND a.present=1"
		"     AND g.held_at >= ? AND g.held_at < ?)),"
		" (SELECT count(*) FROM reg_meetings g WHERE g.community_id=c.id AND g.held_at >= ?"
		"   AND g.held_at < ?)"
		" FROM regions c JOIN regions t ON t.id=c.parent_id"
		" WHERE c.level='community' AND c.path >= ? AND c.path < ? ORDER BY t.id, c.id",
		"ssssiiiiss", m->next_first, m->first, m->next_first, m->first, m->from_us, m->to_us,
		m->from_us, m->to_us, root->path, root->hi), (int)count, community_read, &all);
	struct community_row *rows = all.v;
	size_t n = all.n;
	for (size_t i = 0; rc >= 0 && i < n; i++)
		rc = registry_leader_community_stats(c, rows[i].s.id, &rows[i].s.needed, &rows[i].s.have,
						&rows[i].s.leader_shortfall, &rows[i].s.compounds, NULL);
	if (rc < 0)
		return rc;
	/* Rows come in town order: each town is one run of them. */
	struct sums *towns = arena_alloc(c->a, (n ? n : 1) * sizeof *towns), total = {0};
	size_t ntowns = 0;
	jw_key(w, "communities");
	jw_arr(w);
	for (size_t i = 0; i < n; i++) {
		struct community_row *r = &rows[i];
		registry_ref_open(w, NULL, r->s.id, r->s.name);
		jw_kstr(w, "kind", r->kind);
		registry_write_ref(w, "town", r->town_id, r->town_name);
		jw_kbool(w, "target_is_default", r->default_target);
		write_sums(w, &r->s, true);
		jw_kbool(w, "ok", community_ok(&r->s));
		jw_obj_end(w);
		if (!ntowns || towns[ntowns - 1].id != r->town_id) {
			towns[ntowns].id = r->town_id;
			towns[ntowns].name = r->town_name;
			ntowns++;
		}
		add(&towns[ntowns - 1], &r->s);
		add(&total, &r->s);
	}
	jw_arr_end(w);
	jw_key(w, "towns");
	jw_arr(w);
	for (size_t i = 0; i < ntowns; i++) {
		registry_ref_open(w, NULL, towns[i].id, towns[i].name);
		write_sums(w, &towns[i], false);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	registry_ref_open(w, "total", root->id, root->name);
	jw_kstr(w, "level", root->level);
	write_sums(w, &total, false);
	jw_obj_end(w);
	return 0;
}

int registry_month_report(struct ctx *c, struct jw *w, int64_t region_id, const struct registry_month *m,
			  int (*body)(struct ctx *c, struct jw *w, const struct registry_gov_region *root,
				      const struct registry_month *m))
{
	struct registry_gov_region root;
	int rc = registry_report_begin(c, w, region_id, m, &root);
	if (rc || (rc = body(c, w, &root, m)) < 0 || (rc = registry_rollup_write(c, w, &root, m)))
		return rc;
	jw_obj_end(w);
	return 0;
}

/* The rules the figures are measured against. */
static int rules_write(struct ctx *c, struct jw *w, const struct registry_gov_region *root,
		       const struct registry_month *m)
{
	(void)c, (void)root, (void)m;
	jw_key(w, "rules");
	jw_obj(w);
	jw_kint(w, "urban_org_target", registry_default_target("urban"));
	jw_kint(w, "rural_org_target", registry_default_target("rural"));
	jw_kint(w, "households_per_leader", 200);
	jw_kint(w, "meetings_per_month", 1);
	jw_obj_end(w);
	return 0;
}

int registry_targets_report(struct ctx *c, struct jw *w, int64_t region_id, const struct registry_month *m)
{
	return registry_month_report(c, w, region_id, m, rules_write);
}
