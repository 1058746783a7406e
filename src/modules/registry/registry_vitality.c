/*
 * registry_vitality.c — the registry's components of the vitality index
 * (modules/vitality/vitality.h, docs/vitality-index.md): organisations
 * against target, volunteers and new-resident participation from people,
 * and registry governance's part-time member attendance. module.c lists
 * them in the registry's descriptor (`.vitality`).
 *
 * Volunteers and new residents read one shared aggregate, built once per
 * recompute (vitality_once) so the people table is scanned once:
 *   vitality_people(community_id, people, volunteers, newres)
 */
#include <stdlib.h>

#include "core/xmem.h"
#include "modules/vitality/vitality.h"
#include "store/store.h"

/* ---------- people ---------- */

static const char *const people_cols[] = {"region_id", "is_volunteer", "household", "verified_at",
					  "created_at", "status", NULL};
static const struct vitality_table people_reads[] = {{"people", people_cols}, {NULL, NULL}};

/* One pass over people: who counts as of the month's end. SQLite has no
 * hash aggregate: GROUP BY over a million rows sorts them all (about a
 * second), so the scan's rows are summed here into an array indexed by
 * region id (region ids are small and dense), which is the same result at
 * the cost of the scan alone. */
static int vitality_people(struct vitality_ctx *v, struct err *e)
{
	int rc = db_exec(v->db, e,
			 "CREATE TEMP TABLE IF NOT EXISTS vi_people(community_id INTEGER PRIMARY KEY,"
			 " people INTEGER, volunteers INTEGER, newres INTEGER)",
			 "");
	if (rc || (rc = db_exec(v->db, e, "DELETE FROM vi_people", "")))
		return rc;
	int64_t maxid = 0;
	if ((rc = db_int(v->db, e, &maxid, "SELECT coalesce(max(region_id), 0) FROM vi_map", "")) < 0)
		return rc;
	size_t n = (size_t)maxid + 1;
	int64_t *comm = xcalloc(n, sizeof *comm);
	int64_t(*sum)[3] = xcalloc(n, sizeof *sum); /* per community: people, volunteers, newres */
	struct stmt *st = db_q(v->db, e, "SELECT region_id, community_id FROM vi_map", "");
	if (!st) {
		rc = e->code;
		goto done;
	}
	while ((rc = stmt_step(st, e)) == 1)
		comm[col_int(st, 0)] = col_int(st, 1);
	stmt_done(st);
	if (rc < 0)
		goto done;
	st = db_q(v->db, e,
		  "SELECT region_id, is_volunteer, household = 'nonregistered' AND (is_volunteer = 1 OR"
		  " (verified_at IS NOT NULL AND verified_at < ?)) FROM people"
		  " WHERE created_at < ? AND status = 'active'",
		  "ii", v->m.end, v->m.end);
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
			rc = db_exec(v->db, e,
				     "INSERT INTO vi_people(community_id, people, volunteers, newres) VALUES(?, ?, ?, ?)",
				     "iiii", (int64_t)i, sum[i][0], sum[i][1], sum[i][2]);
done:
	free(comm);
	free(sum);
	return rc < 0 ? rc : 0;
}

/* Volunteers per 1,000 residents: active people flagged volunteer, created
 * by the month's end, per 1,000 of the community's population. Data: the
 * community has people in the registry and a population. */
const struct vitality_provider registry_vi_volunteers = {
	.key = "volunteers", .order = 2, .module = "registry",
	.name = "每千人志愿者数", .name_en = "Volunteers per 1,000 residents",
	VITALITY_PER_1000,
	.rule = "在册志愿者 ÷ 常住人口 × 1000", .rule_en = "registered volunteers ÷ residents × 1,000",
	VITALITY_FROM_AGG(people_reads, vitality_people,
			  VITALITY_AGG_PER_POP("vi_people", "x.volunteers", "r.pop / 1000.0", "pop")),
	.says = "志愿者 {num} 人，常住人口 {kden} 人，每千人 {raw:.1f} 人（目标 {target:.0f} 人）",
	.says_en = "{num} volunteers for {kden} residents: {raw:.1f} per 1,000 (target {target:.0f})",
};

/* New-resident participation: non-registered (新市民) people who volunteer
 * or are verified to take part in decisions, per 1,000 non-registered
 * residents. Data: people in the registry and a non-registered population. */
const struct vitality_provider registry_vi_new_residents = {
	.key = "new_residents", .order = 11, .module = "registry",
	.name = "新市民参与", .name_en = "New-resident participation",
	VITALITY_PER_1000,
	.rule = "参与志愿服务或经核验参与议事的新市民 ÷ 非户籍人口 × 1000",
	.rule_en = "new residents who volunteer or are verified to take part ÷ non-registered residents × 1,000",
	VITALITY_FROM_AGG(people_reads, vitality_people,
			  VITALITY_AGG_PER_POP("vi_people", "x.newres", "r.nonreg / 1000.0", "nonreg")),
	.says = "参与的新市民 {num} 人，非户籍人口 {kden} 人，每千人 {raw:.1f} 人（目标 {target:.0f} 人）",
	.says_en = "{num} new residents taking part of {kden} non-registered: {raw:.1f} per 1,000 (target {target:.0f})",
};

/* ---------- organisations ---------- */

/* Organisations against target: active community social organisations
 * whose ledger (台账) the community keeps, created by the month's end,
 * against the community's target (registry_org_targets, else 10 urban / 3
 * rural). Data: once the registry holds any organisation. */
static int c_org_target(struct vitality_ctx *v, const struct vitality_provider *self, struct err *e)
{
	static const char *const tcols[] = {"community_id", "target", NULL};
	int64_t any = 0;
	int rc = db_int(v->db, e, &any,
			"SELECT count(*) FROM (SELECT 1 FROM organisations WHERE created_at < ? LIMIT 1)", "i",
			v->m.end);
	if (rc < 0 || !any)
		return rc < 0 ? rc : 0;
	/* Count per ledger community once (the index organisations_ledger);
	 * the target is the community's own when the registry keeps them. */
#define ORG_SQL(den)                                                                                    \
	VITALITY_RAW_INSERT " SELECT r.region_id, ?, coalesce(k.n, 0), " den " FROM vi_regions r LEFT JOIN"  \
		      " (SELECT o.ledger_community_id AS cid, count(*) AS n FROM organisations o"       \
		      "  WHERE o.org_type='community_social_org' AND o.status='active'"                  \
		      "  AND o.created_at < ? AND o.ledger_community_id IS NOT NULL"                    \
		      "  GROUP BY o.ledger_community_id) k ON k.cid = r.region_id WHERE r.level='community'"
#define ORG_DEFAULT "CASE r.kind WHEN 'rural' THEN 3 ELSE 10 END"
	const char *sql = db_table_has(v->db, "reg_org_targets", tcols)
				  ? ORG_SQL("coalesce((SELECT t.target FROM reg_org_targets t"
					    " WHERE t.community_id = r.region_id), " ORG_DEFAULT ")")
				  : ORG_SQL(ORG_DEFAULT);
	return db_exec(v->db, e, sql, "si", self->key, v->m.end);
#undef ORG_SQL
#undef ORG_DEFAULT
}

static const char *const org_cols[] = {"ledger_community_id", "org_type", "status", "created_at", NULL};
const struct vitality_provider registry_vi_org_target = {
	.key = "org_target", .order = 1, .module = "registry",
	.name = "社区社会组织达标", .name_en = "Organisations against target",
	VITALITY_PERCENT,
	.rule = "在册活跃社区社会组织数 ÷ 目标数（城市社区 10、农村 3，可按社区设定）",
	.rule_en = "active community social organisations in the ledger ÷ target (10 urban, 3 rural, or per community)",
	.reads = (const struct vitality_table[]){{"organisations", org_cols}, {NULL, NULL}},
	.compute = c_org_target,
	.says = "社区社会组织 {num} 个，目标 {den} 个",
	.says_en = "{num} community social organisations, target {den}",
};

/* ---------- governance: part-time committee members ----------
 * (src/modules/registry/schema/017_reg_committee.sql)
 *   registry_committee_members(id, community_id, term_start, term_end)  civil dates
 *   registry_meetings(id, community_id, held_at)                         µs UTC
 *   registry_meeting_attendance(meeting_id, member_id, present)          0/1
 * As of the month (not of today): the members are those whose term covers
 * part of the month, as in reg-gov's own attendance report, so a member who
 * has left since still counts for the months served. Within the month:
 * present attendances at the community's meetings / (members × meetings
 * held, at least one — a month without a meeting scores 0: members must
 * attend monthly). Data: the community has a member in the month. */
static const char *const member_cols[] = {"id", "community_id", "term_start", "term_end", NULL};
static const char *const meeting_cols[] = {"id", "community_id", "held_at", NULL};
static const char *const attend_cols[] = {"meeting_id", "member_id", "present", NULL};
const struct vitality_provider registry_vi_attendance = {
	.key = "attendance", .order = 12, .module = "registry_gov",
	.name = "兼职委员出席率", .name_en = "Part-time member attendance",
	VITALITY_PERCENT,
	.rule = "本月兼职委员出席人次 ÷ (本月在任委员数 × 本月会议数，至少 1)",
	.rule_en = "attendances this month ÷ (members in term that month × meetings held, at least 1)",
	.reads = (const struct vitality_table[]){{"reg_committee_members", member_cols},
					   {"reg_meetings", meeting_cols},
					   {"reg_meeting_attendance", attend_cols},
					   {NULL, NULL}},
	.sql = VITALITY_RAW_INSERT " SELECT r.region_id, ?,"
	       " (SELECT count(*) FROM reg_meeting_attendance a JOIN reg_meetings g ON g.id = a.meeting_id"
	       "   WHERE g.community_id = r.region_id AND g.held_at >= ? AND g.held_at < ? AND a.present = 1),"
	       " mm.n * (SELECT CASE WHEN count(*) > 1 THEN count(*) ELSE 1 END FROM reg_meetings g"
	       "   WHERE g.community_id = r.region_id AND g.held_at >= ? AND g.held_at < ?)"
	       " FROM vi_regions r JOIN (SELECT community_id, count(*) AS n FROM reg_committee_members"
	       "   WHERE term_start < ? AND (term_end IS NULL OR term_end >= ?) GROUP BY community_id) mm"
	       "   ON mm.community_id = r.region_id"
	       " WHERE r.level='community'",
	.params = "kSESENF",
	.says = "本月兼职委员出席 {num:.0f} 人次，应出席 {den:.0f} 人次（{raw:.1f}%）",
	.says_en = "part-time members attended {num:.0f} of {den:.0f} expected seats this month ({raw:.1f}%)",
};
