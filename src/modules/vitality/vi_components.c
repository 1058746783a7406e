/*
 * vi_components.c — the components of the vitality index, one provider
 * each (see vitality.h). A compute function runs set-based SQL (GROUP BY
 * community) and inserts into temp.vi_raw(community_id, component, num,
 * den) only the communities that have data under its rule; vitality.c turns
 * the rest into "no data" rows.
 *
 * The temp tables it reads are built by vitality.c before any provider runs:
 *   vi_regions(region_id, level, parent_id, district_id, kind, pop, nonreg)
 *   vi_map(region_id → community_id) for every region at or below a community
 * and, lazily here, two shared aggregates so the big tables are scanned once:
 *   vi_people(community_id, people, volunteers, newres)       from people
 *   vi_xchg(community_id, demands, win_demands, win_fulfilled,
 *           fulfil_days, fulfilled_in_win, minutes)          from the exchange
 *
 * Modules that are not built yet (deliberation, funds, the funding
 * programme) are detected by their tables, as are the built ones (the
 * registry, its governance, the exchange) when a store lacks them: a provider
 * whose tables or columns are missing answers VI_ABSENT. The table shapes
 * they expect are written beside each provider (the contract with those
 * modules; docs/vitality-index.md lists them).
 *
 * Bound parameters: E = month end (exclusive), S = month start,
 * W = window start (twelve months ending with the month).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules/vitality/vitality.h"
#include "store/store.h"

bool vi_table_has(struct db *db, const char *table, const char *const *cols)
{
	return db_table_has(db, table, cols); /* the catalogue is the store's (store.h) */
}

/* ---------- shared aggregates ---------- */

/* One pass over people: who counts as of the month's end. SQLite has no
 * hash aggregate: GROUP BY over a million rows sorts them all (about a
 * second), so the scan's rows are summed here into an array indexed by
 * region id (region ids are small and dense), which is the same result at
 * the cost of the scan alone. */
static int need_people(struct vi_ctx *c, struct err *e)
{
	if (c->people_ready)
		return 0;
	int64_t maxid = 0;
	int rc = db_int(c->db, e, &maxid, "SELECT coalesce(max(region_id), 0) FROM vi_map", "");
	if (rc < 0)
		return rc;
	size_t n = (size_t)maxid + 1;
	int64_t *comm = calloc(n, sizeof *comm);
	int64_t(*sum)[3] = calloc(n, sizeof *sum); /* per community: people, volunteers, newres */
	if (!comm || !sum) {
		free(comm);
		free(sum);
		return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
	}
	struct stmt *st = db_q(c->db, e, "SELECT region_id, community_id FROM vi_map", "");
	if (!st) {
		rc = e->code;
		goto done;
	}
	while ((rc = stmt_step(st, e)) == 1)
		comm[col_int(st, 0)] = col_int(st, 1);
	stmt_done(st);
	if (rc < 0)
		goto done;
	st = db_q(c->db, e,
		  "SELECT region_id, is_volunteer, household = 'nonregistered' AND (is_volunteer = 1 OR"
		  " (verified_at IS NOT NULL AND verified_at < ?)) FROM people"
		  " WHERE created_at < ? AND status = 'active'",
		  "ii", c->m.end, c->m.end);
	if (!st) {
		rc = e->code;
		goto done;
	}
	while ((rc = stmt_step(st, e)) == 1) {
		int64_t r = col_int(st, 0);
		if (r < 0 || (size_t)r >= n || !comm[r])
			continue; /* above the communities (a town or the district) */
		int64_t *a = sum[comm[r]];
		a[0]++;
		a[1] += col_int(st, 1);
		a[2] += col_int(st, 2);
	}
	stmt_done(st);
	if (rc < 0)
		goto done;
	rc = 0;
	for (size_t i = 0; !rc && i < n; i++)
		if (sum[i][0])
			rc = db_exec(c->db, e,
				     "INSERT INTO vi_people(community_id, people, volunteers, newres) VALUES(?, ?, ?, ?)",
				     "iiii", (int64_t)i, sum[i][0], sum[i][1], sum[i][2]);
	if (!rc)
		c->people_ready = true;
done:
	free(comm);
	free(sum);
	return rc < 0 ? rc : 0;
}

/* One pass over demands (and their matches' delivered minutes). */
static int need_xchg(struct vi_ctx *c, struct err *e)
{
	static const char *const dcols[] = {"id", "region_id", "status", "created_at", "fulfilled_at", NULL};
	static const char *const mcols[] = {"demand_id", "status", "delivered_at", "hours_delivered", NULL};
	if (c->xchg_ready)
		return c->xchg_present ? 0 : VI_ABSENT;
	c->xchg_ready = true;
	c->xchg_present = vi_table_has(c->db, "xchg_demands", dcols) &&
			  vi_table_has(c->db, "xchg_matches", mcols);
	if (!c->xchg_present)
		return VI_ABSENT;
	int rc = db_exec(
		c->db, e,
		"INSERT INTO vi_xchg(community_id, demands, win_demands, win_fulfilled, fulfil_days,"
		" fulfilled_in_win, minutes)"
		" SELECT m.community_id, count(*),"
		" sum(CASE WHEN d.created_at >= ? AND d.status <> 'cancelled' THEN 1 ELSE 0 END),"
		" sum(CASE WHEN d.created_at >= ? AND d.status <> 'cancelled' AND d.fulfilled_at < ?"
		"      THEN 1 ELSE 0 END),"
		" sum(CASE WHEN d.fulfilled_at >= ? AND d.fulfilled_at < ?"
		"      THEN (d.fulfilled_at - d.created_at) / 86400000000.0 ELSE 0 END),"
		" sum(CASE WHEN d.fulfilled_at >= ? AND d.fulfilled_at < ? THEN 1 ELSE 0 END), 0"
		" FROM xchg_demands d JOIN vi_map m ON m.region_id = d.region_id"
		" WHERE d.created_at < ? GROUP BY m.community_id",
		"iiiiiiii", c->m.window_start, c->m.window_start, c->m.end, c->m.window_start, c->m.end,
		c->m.window_start, c->m.end, c->m.end);
	/* minutes delivered in the window, by the demand's community */
	if (!rc)
		rc = db_exec(c->db, e,
			     "UPDATE vi_xchg SET minutes = coalesce((SELECT t.minutes FROM"
			     " (SELECT m.community_id AS cid, sum(x.hours_delivered) AS minutes FROM xchg_matches x"
			     "  JOIN xchg_demands d ON d.id = x.demand_id JOIN vi_map m ON m.region_id = d.region_id"
			     "  WHERE x.status IN ('delivered','confirmed','rated') AND x.hours_delivered > 0"
			     "  AND x.delivered_at >= ? AND x.delivered_at < ? GROUP BY m.community_id) t"
			     " WHERE t.cid = vi_xchg.community_id), 0)",
			     "ii", c->m.window_start, c->m.end);
	return rc;
}

/* ---------- registry ---------- */

/* Organisations against target: active community social organisations
 * whose ledger (台账) the community keeps, created by the month's end,
 * against the community's target (reg_org_targets, else 10 urban / 3
 * rural). Data: once the registry holds any organisation. */
static int c_org_target(struct vi_ctx *c, const struct vi_provider *self, struct err *e)
{
	static const char *const ocols[] = {"ledger_community_id", "org_type", "status", "created_at", NULL};
	static const char *const tcols[] = {"community_id", "target", NULL};
	if (!vi_table_has(c->db, "organisations", ocols))
		return VI_ABSENT;
	int64_t any = 0;
	int rc = db_int(c->db, e, &any, "SELECT count(*) FROM (SELECT 1 FROM organisations WHERE created_at < ? LIMIT 1)",
			"i", c->m.end);
	if (rc < 0)
		return rc;
	if (!any)
		return 0;
	/* Count per ledger community once (the index organisations_ledger). */
	static const char *counted =
		" (SELECT o.ledger_community_id AS cid, count(*) AS n FROM organisations o"
		"  WHERE o.org_type='community_social_org' AND o.status='active' AND o.created_at < ?"
		"  AND o.ledger_community_id IS NOT NULL GROUP BY o.ledger_community_id) k";
	if (vi_table_has(c->db, "reg_org_targets", tcols)) {
		char sql[1024];
		snprintf(sql, sizeof sql,
			 "INSERT INTO vi_raw(community_id, component, num, den)"
			 " SELECT r.region_id, ?, coalesce(k.n, 0),"
			 " coalesce((SELECT t.target FROM reg_org_targets t WHERE t.community_id = r.region_id),"
			 "  CASE r.kind WHEN 'rural' THEN 3 ELSE 10 END)"
			 " FROM vi_regions r LEFT JOIN%s ON k.cid = r.region_id WHERE r.level='community'",
			 counted);
		return db_exec(c->db, e, sql, "si", self->key, c->m.end);
	}
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "INSERT INTO vi_raw(community_id, component, num, den)"
		 " SELECT r.region_id, ?, coalesce(k.n, 0), CASE r.kind WHEN 'rural' THEN 3 ELSE 10 END"
		 " FROM vi_regions r LEFT JOIN%s ON k.cid = r.region_id WHERE r.level='community'",
		 counted);
	return db_exec(c->db, e, sql, "si", self->key, c->m.end);
}

/* Volunteers per 1,000 residents: active people flagged volunteer, created
 * by the month's end, per 1,000 of the community's population. Data: the
 * community has people in the registry and a population. */
static int c_volunteers(struct vi_ctx *c, const struct vi_provider *self, struct err *e)
{
	int rc = need_people(c, e);
	if (rc)
		return rc;
	return db_exec(c->db, e,
		       "INSERT INTO vi_raw(community_id, component, num, den)"
		       " SELECT r.region_id, ?, v.volunteers, r.pop / 1000.0 FROM vi_regions r"
		       " JOIN vi_people v ON v.community_id = r.region_id"
		       " WHERE r.level='community' AND r.pop > 0",
		       "s", self->key);
}

/* New-resident participation: non-registered (新市民) people who volunteer
 * or are verified to take part in decisions, per 1,000 non-registered
 * residents. Data: people in the registry and a non-registered population. */
static int c_new_residents(struct vi_ctx *c, const struct vi_provider *self, struct err *e)
{
	int rc = need_people(c, e);
	if (rc)
		return rc;
	return db_exec(c->db, e,
		       "INSERT INTO vi_raw(community_id, component, num, den)"
		       " SELECT r.region_id, ?, v.newres, r.nonreg / 1000.0 FROM vi_regions r"
		       " JOIN vi_people v ON v.community_id = r.region_id"
		       " WHERE r.level='community' AND r.nonreg > 0",
		       "s", self->key);
}

/* Part-time committee member attendance (registry governance, reg-gov,
 * src/modules/registry/schema/017_reg_committee.sql):
 *   reg_committee_members(id, community_id, term_start, term_end)  civil dates
 *   reg_meetings(id, community_id, held_at)                         µs UTC
 *   reg_meeting_attendance(meeting_id, member_id, present)          0/1
 * As of the month (not of today): the members are those whose term covers
 * part of the month, as in reg-gov's own attendance report, so a member who
 * has left since still counts for the months served. Within the month:
 * present attendances at the community's meetings / (members × meetings
 * held, at least one — a month without a meeting scores 0: members must
 * attend monthly). Data: the community has a member in the month. */
static int c_attendance(struct vi_ctx *c, const struct vi_provider *self, struct err *e)
{
	static const char *const mc[] = {"id", "community_id", "term_start", "term_end", NULL};
	static const char *const gc[] = {"id", "community_id", "held_at", NULL};
	static const char *const ac[] = {"meeting_id", "member_id", "present", NULL};
	if (!vi_table_has(c->db, "reg_committee_members", mc) || !vi_table_has(c->db, "reg_meetings", gc) ||
	    !vi_table_has(c->db, "reg_meeting_attendance", ac))
		return VI_ABSENT;
	struct vi_month next;
	vi_month_add(&c->m, 1, &next);
	char first[16], after[16]; /* YYYY-MM-01 of the month and of the next */
	snprintf(first, sizeof first, "%s-01", c->m.text);
	snprintf(after, sizeof after, "%s-01", next.text);
	return db_exec(c->db, e,
		       "INSERT INTO vi_raw(community_id, component, num, den)"
		       " SELECT r.region_id, ?,"
		       " (SELECT count(*) FROM reg_meeting_attendance a JOIN reg_meetings g ON g.id = a.meeting_id"
		       "   WHERE g.community_id = r.region_id AND g.held_at >= ? AND g.held_at < ? AND a.present = 1),"
		       " mm.n * (SELECT CASE WHEN count(*) > 1 THEN count(*) ELSE 1 END FROM reg_meetings g"
		       "   WHERE g.community_id = r.region_id AND g.held_at >= ? AND g.held_at < ?)"
		       " FROM vi_regions r JOIN (SELECT community_id, count(*) AS n FROM reg_committee_members"
		       "   WHERE term_start < ? AND (term_end IS NULL OR term_end >= ?) GROUP BY community_id) mm"
		       "   ON mm.community_id = r.region_id"
		       " WHERE r.level='community'",
		       "siiiiss", self->key, c->m.start, c->m.end, c->m.start, c->m.end, after, first);
}

/* ---------- exchange ---------- */

/* Service hours per capita: minutes delivered through exchange matches in
 * the twelve-month window (the volunteer module will add its own confirmed
 * hours here), per resident. Data: the community uses the exchange (has a
 * demand by the month's end). */
static int c_service_hours(struct vi_ctx *c, const struct vi_provider *self, struct err *e)
{
	int rc = need_xchg(c, e);
	if (rc)
		return rc;
	return db_exec(c->db, e,
		       "INSERT INTO vi_raw(community_id, component, num, den)"
		       " SELECT r.region_id, ?, x.minutes / 60.0, r.pop FROM vi_regions r"
		       " JOIN vi_xchg x ON x.community_id = r.region_id WHERE r.level='community' AND r.pop > 0",
		       "s", self->key);
}

/* Demand fulfilment rate: demands posted in the window (not cancelled)
 * that were fulfilled by the month's end. Data: a demand in the window. */
static int c_fulfilment(struct vi_ctx *c, const struct vi_provider *self, struct err *e)
{
	int rc = need_xchg(c, e);
	if (rc)
		return rc;
	return db_exec(c->db, e,
		       "INSERT INTO vi_raw(community_id, component, num, den)"
		       " SELECT x.community_id, ?, x.win_fulfilled, x.win_demands FROM vi_xchg x"
		       " WHERE x.win_demands > 0",
		       "s", self->key);
}

/* Time to fulfil: mean days from posting to fulfilment of the demands
 * fulfilled in the window. Data: one fulfilled in the window. */
static int c_fulfil_days(struct vi_ctx *c, const struct vi_provider *self, struct err *e)
{
	int rc = need_xchg(c, e);
	if (rc)
		return rc;
	return db_exec(c->db, e,
		       "INSERT INTO vi_raw(community_id, component, num, den)"
		       " SELECT x.community_id, ?, x.fulfil_days, x.fulfilled_in_win FROM vi_xchg x"
		       " WHERE x.fulfilled_in_win > 0",
		       "s", self->key);
}

/* ---------- deliberation (not built yet) ----------
 *   delib_topics(region_id, created_at, resolved_at)
 * Resolved share of the window's topics; mean days to resolve those
 * resolved in the window. */
static const char *const topic_cols[] = {"region_id", "created_at", "resolved_at", NULL};

static int c_topics_resolved(struct vi_ctx *c, const struct vi_provider *self, struct err *e)
{
	if (!vi_table_has(c->db, "delib_topics", topic_cols))
		return VI_ABSENT;
	return db_exec(c->db, e,
		       "INSERT INTO vi_raw(community_id, component, num, den)"
		       " SELECT m.community_id, ?, sum(CASE WHEN t.resolved_at < ? THEN 1 ELSE 0 END), count(*)"
		       " FROM delib_topics t JOIN vi_map m ON m.region_id = t.region_id"
		       " WHERE t.created_at >= ? AND t.created_at < ? GROUP BY m.community_id",
		       "siii", self->key, c->m.end, c->m.window_start, c->m.end);
}

static int c_resolve_days(struct vi_ctx *c, const struct vi_provider *self, struct err *e)
{
	if (!vi_table_has(c->db, "delib_topics", topic_cols))
		return VI_ABSENT;
	return db_exec(c->db, e,
		       "INSERT INTO vi_raw(community_id, component, num, den)"
		       " SELECT m.community_id, ?, sum((t.resolved_at - t.created_at) / 86400000000.0), count(*)"
		       " FROM delib_topics t JOIN vi_map m ON m.region_id = t.region_id"
		       " WHERE t.resolved_at >= ? AND t.resolved_at < ? GROUP BY m.community_id",
		       "sii", self->key, c->m.window_start, c->m.end);
}

/* ---------- funds (not built yet) ----------
 *   fund_donations(region_id, amount_fen, created_at)
 *   funds(region_id, kind, created_at)       kind 'named' = 冠名基金 */
static int c_funds_per_capita(struct vi_ctx *c, const struct vi_provider *self, struct err *e)
{
	static const char *const cols[] = {"region_id", "amount_fen", "created_at", NULL};
	if (!vi_table_has(c->db, "fund_donations", cols))
		return VI_ABSENT;
	return db_exec(c->db, e,
		       "INSERT INTO vi_raw(community_id, component, num, den)"
		       " SELECT r.region_id, ?, coalesce((SELECT sum(d.amount_fen) FROM fund_donations d"
		       "   JOIN vi_map m ON m.region_id = d.region_id WHERE m.community_id = r.region_id"
		       "   AND d.created_at >= ? AND d.created_at < ?), 0) / 100.0, r.pop"
		       " FROM vi_regions r WHERE r.level='community' AND r.pop > 0",
		       "sii", self->key, c->m.window_start, c->m.end);
}

static int c_named_fund(struct vi_ctx *c, const struct vi_provider *self, struct err *e)
{
	static const char *const cols[] = {"region_id", "kind", "created_at", NULL};
	if (!vi_table_has(c->db, "funds", cols))
		return VI_ABSENT;
	return db_exec(c->db, e,
		       "INSERT INTO vi_raw(community_id, component, num, den)"
		       " SELECT r.region_id, ?, CASE WHEN EXISTS (SELECT 1 FROM funds f JOIN vi_map m"
		       "   ON m.region_id = f.region_id WHERE m.community_id = r.region_id AND f.kind='named'"
		       "   AND f.created_at < ?) THEN 1 ELSE 0 END, 1"
		       " FROM vi_regions r WHERE r.level='community'",
		       "si", self->key, c->m.end);
}

/* ---------- funding programme (not built yet) ----------
 *   prog_projects(region_id, created_at)      funded projects */
static int c_funded_projects(struct vi_ctx *c, const struct vi_provider *self, struct err *e)
{
	static const char *const cols[] = {"region_id", "created_at", NULL};
	if (!vi_table_has(c->db, "prog_projects", cols))
		return VI_ABSENT;
	return db_exec(c->db, e,
		       "INSERT INTO vi_raw(community_id, component, num, den)"
		       " SELECT r.region_id, ?, (SELECT count(*) FROM prog_projects p JOIN vi_map m"
		       "   ON m.region_id = p.region_id WHERE m.community_id = r.region_id"
		       "   AND p.created_at >= ? AND p.created_at < ?), 1"
		       " FROM vi_regions r WHERE r.level='community'",
		       "sii", self->key, c->m.window_start, c->m.end);
}

/* ---------- the numbers behind a score ---------- */

/* A whole number with thousands separators ("504,649"), as the UI shows
 * counts; b is the caller's buffer. */
static const char *grp(char b[32], double v)
{
	char raw[32];
	long long n = llround(v);
	snprintf(raw, sizeof raw, "%lld", n < 0 ? -n : n);
	size_t len = strlen(raw), o = 0;
	if (n < 0)
		b[o++] = '-';
	for (size_t i = 0; i < len && o < 30; i++) {
		if (i && (len - i) % 3 == 0)
			b[o++] = ',';
		b[o++] = raw[i];
	}
	b[o] = 0;
	return b;
}

static void d_org(const struct vi_fig *f, struct sb *zh, struct sb *en)
{
	char a[32], b[32];
	sb_addf(zh, "社区社会组织 %s 个，目标 %s 个", grp(a, f->num), grp(b, f->den));
	sb_addf(en, "%s community social organisations, target %s", a, b);
}
static void d_volunteers(const struct vi_fig *f, struct sb *zh, struct sb *en)
{
	char a[32], b[32];
	grp(a, f->num);
	grp(b, f->den * 1000);
	sb_addf(zh, "志愿者 %s 人，常住人口 %s 人，每千人 %.1f 人（目标 %.0f 人）", a, b, f->raw, f->target);
	sb_addf(en, "%s volunteers for %s residents: %.1f per 1,000 (target %.0f)", a, b, f->raw, f->target);
}
static void d_new_residents(const struct vi_fig *f, struct sb *zh, struct sb *en)
{
	char a[32], b[32];
	grp(a, f->num);
	grp(b, f->den * 1000);
	sb_addf(zh, "参与的新市民 %s 人，非户籍人口 %s 人，每千人 %.1f 人（目标 %.0f 人）", a, b, f->raw, f->target);
	sb_addf(en, "%s new residents taking part of %s non-registered: %.1f per 1,000 (target %.0f)", a, b,
		f->raw, f->target);
}
static void d_hours(const struct vi_fig *f, struct sb *zh, struct sb *en)
{
	char a[32], b[32];
	grp(a, f->num);
	grp(b, f->den);
	sb_addf(zh, "近 12 个月服务 %s 小时，常住人口 %s 人，人均 %.2f 小时（目标 %.2g 小时）", a, b, f->raw,
		f->target);
	sb_addf(en, "%s service hours in 12 months for %s residents: %.2f per capita (target %.2g)", a, b,
		f->raw, f->target);
}
static void d_rate(const struct vi_fig *f, struct sb *zh, struct sb *en, const char *what,
		   const char *what_en, const char *done, const char *done_en)
{
	char a[32], b[32];
	grp(a, f->den);
	grp(b, f->num);
	sb_addf(zh, "近 12 个月%s %s 件，%s %s 件（%.1f%%，目标 %.0f%%）", what, a, done, b, f->raw, f->target);
	sb_addf(en, "%s %s in 12 months, %s %s (%.1f%%, target %.0f%%)", a, what_en, b, done_en, f->raw,
		f->target);
}
static void d_fulfilment(const struct vi_fig *f, struct sb *zh, struct sb *en)
{
	d_rate(f, zh, en, "需求", "demands", "已满足", "fulfilled");
}
static void d_topics(const struct vi_fig *f, struct sb *zh, struct sb *en)
{
	d_rate(f, zh, en, "议题", "topics", "已办结", "resolved");
}
static void d_days(const struct vi_fig *f, struct sb *zh, struct sb *en, const char *what,
		   const char *what_en)
{
	char a[32];
	grp(a, f->den);
	sb_addf(zh, "%s %s 件，平均 %.1f 天（%.0f 天内满分，%.0f 天及以上 0 分）", what, a, f->raw, f->target,
		f->floor);
	sb_addf(en, "%s %s, %.1f days on average (full marks within %.0f days, 0 at %.0f)", a, what_en, f->raw,
		f->target, f->floor);
}
static void d_fulfil_days(const struct vi_fig *f, struct sb *zh, struct sb *en)
{
	d_days(f, zh, en, "近 12 个月满足需求", "demands fulfilled in 12 months");
}
static void d_resolve_days(const struct vi_fig *f, struct sb *zh, struct sb *en)
{
	d_days(f, zh, en, "近 12 个月办结议题", "topics resolved in 12 months");
}
static void d_funds(const struct vi_fig *f, struct sb *zh, struct sb *en)
{
	char a[32], b[32];
	grp(a, f->num);
	grp(b, f->den);
	sb_addf(zh, "近 12 个月筹集 %s 元，常住人口 %s 人，人均 %.2f 元（目标 %.0f 元）", a, b, f->raw, f->target);
	sb_addf(en, "¥%s raised in 12 months for %s residents: ¥%.2f per capita (target ¥%.0f)", a, b, f->raw,
		f->target);
}
static void d_named(const struct vi_fig *f, struct sb *zh, struct sb *en)
{
	sb_addf(zh, "设有冠名基金的社区 %.0f 个，共 %.0f 个（%.0f%%）", f->num, f->den, f->raw);
	sb_addf(en, "%.0f of %.0f communities have a named fund (%.0f%%)", f->num, f->den, f->raw);
}
static void d_projects(const struct vi_fig *f, struct sb *zh, struct sb *en)
{
	sb_addf(zh, "近 12 个月获资助项目 %.0f 个，社区 %.0f 个，平均每社区 %.1f 个（目标 %.0f 个）", f->num,
		f->den, f->raw, f->target);
	sb_addf(en, "%.0f funded projects in 12 months over %.0f communities: %.1f each (target %.0f)",
		f->num, f->den, f->raw, f->target);
}
static void d_attendance(const struct vi_fig *f, struct sb *zh, struct sb *en)
{
	sb_addf(zh, "本月兼职委员出席 %.0f 人次，应出席 %.0f 人次（%.1f%%）", f->num, f->den, f->raw);
	sb_addf(en, "part-time members attended %.0f of %.0f expected seats this month (%.1f%%)", f->num,
		f->den, f->raw);
}

const struct vi_provider vi_providers[] = {
	{"org_target", "社区社会组织达标", "Organisations against target", "registry", "%", "%", 100,
	 VI_UP, "在册活跃社区社会组织数 ÷ 目标数（城市社区 10、农村 3，可按社区设定）",
	 "active community social organisations in the ledger ÷ target (10 urban, 3 rural, or per community)",
	 c_org_target, d_org},
	{"volunteers", "每千人志愿者数", "Volunteers per 1,000 residents", "registry", "人/千人",
	 "per 1,000", 1, VI_UP, "在册志愿者 ÷ 常住人口 × 1000", "registered volunteers ÷ residents × 1,000",
	 c_volunteers, d_volunteers},
	{"service_hours", "人均服务时长", "Service hours per capita", "exchange", "小时/人", "hours",
	 1, VI_UP, "近 12 个月交易所交付的服务小时 ÷ 常住人口（志愿服务模块上线后计入其确认时长）",
	 "hours delivered through the exchange in 12 months ÷ residents (the volunteer module's hours join later)",
	 c_service_hours, d_hours},
	{"demand_fulfilment", "需求满足率", "Demand fulfilment rate", "exchange", "%", "%", 100, VI_UP,
	 "近 12 个月发布的需求中已满足的比例（不含已取消）",
	 "share of the demands posted in 12 months that were fulfilled (cancelled ones excluded)",
	 c_fulfilment, d_fulfilment},
	{"fulfil_days", "需求满足用时", "Time to fulfil", "exchange", "天", "days", 1, VI_DOWN,
	 "近 12 个月满足的需求从发布到满足的平均天数", "mean days from posting to fulfilment, 12 months",
	 c_fulfil_days, d_fulfil_days},
	{"topics_resolved", "议题办结率", "Topics resolved", "deliberation", "%", "%", 100, VI_UP,
	 "近 12 个月议题中已办结的比例", "share of the topics raised in 12 months that were resolved",
	 c_topics_resolved, d_topics},
	{"resolve_days", "议题办结用时", "Time to resolve", "deliberation", "天", "days", 1, VI_DOWN,
	 "近 12 个月办结议题的平均天数", "mean days to resolve, topics resolved in 12 months",
	 c_resolve_days, d_resolve_days},
	{"funds_per_capita", "人均筹集资金", "Funds raised per capita", "fund", "元/人", "yuan", 1,
	 VI_UP, "近 12 个月社区基金所获捐赠 ÷ 常住人口", "donations to community funds in 12 months ÷ residents",
	 c_funds_per_capita, d_funds},
	{"named_fund", "冠名基金覆盖", "Named-fund coverage", "fund", "%", "%", 100, VI_UP,
	 "设有冠名基金的社区比例", "share of communities with a named fund", c_named_fund, d_named},
	{"funded_projects", "获资助项目", "Funded projects", "programme", "个/社区", "per community", 1,
	 VI_UP, "近 12 个月获众创共善等资助的项目数（每社区）",
	 "projects funded in 12 months, per community", c_funded_projects, d_projects},
	{"new_residents", "新市民参与", "New-resident participation", "registry", "人/千人",
	 "per 1,000", 1, VI_UP, "参与志愿服务或经核验参与议事的新市民 ÷ 非户籍人口 × 1000",
	 "new residents who volunteer or are verified to take part ÷ non-registered residents × 1,000",
	 c_new_residents, d_new_residents},
	{"attendance", "兼职委员出席率", "Part-time member attendance", "registry_gov", "%", "%", 100,
	 VI_UP, "本月兼职委员出席人次 ÷ (本月在任委员数 × 本月会议数，至少 1)",
	 "attendances this month ÷ (members in term that month × meetings held, at least 1)", c_attendance,
	 d_attendance},
};
const int vi_provider_count = (int)(sizeof vi_providers / sizeof vi_providers[0]);

const struct vi_provider *vi_provider_find(const char *key)
{
	for (int i = 0; key && i < vi_provider_count; i++)
		if (strcmp(vi_providers[i].key, key) == 0)
			return &vi_providers[i];
	return NULL;
}
