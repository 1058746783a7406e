/*
 * demo.c — the review's part of `wushe demo`: the expert accounts
 * (expert1–expert3 and a few more by name, password Demo@2026), and, over
 * the programme area's demo programmes, the reviews:
 *  - zcgs-2021 (a past year): its experts with their declarations, the
 *    published rubric, past stage windows, and for a sample of its decided
 *    applications the stage records and three experts' scores consistent
 *    with their outcomes (funded ones scored higher); the award batch as
 *    approved and published with one objection answered. Outcomes are the
 *    programme's and stay as they are: the batch lines restate them.
 *  - zcgs-2022 (under review): experts assigned for the material review
 *    with its window open now (the applications stay submitted, awaiting
 *    the staff's qualification check); expert3 declared a tie with the
 *    provider account's organisation and is replaced on its application.
 * A programme the programme area did not load is skipped.
 */
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "modules/region/region.h"
#include "modules/review/review.h"
#include "modules/review/review_internal.h"
#include "store/store.h"

#define DAY_US (86400LL * 1000000LL)

static const struct {
	const char *user, *name, *field;
} experts[] = {
	{"expert1", "何志明（社会工作专家）", "社会工作"},
	{"expert2", "陈慧玲（公益项目评估专家）", "项目评估"},
	{"expert3", "梁国华（财务审计专家）", "财务审计"},
	{"expert_zhou", "周立新（社区营造专家）", "社区营造"},
	{"expert_lin", "林晓燕（养老服务专家）", "社区养老"},
};
#define NEXPERTS (int)(sizeof experts / sizeof experts[0])

static const struct rv_criterion_in criteria[] = {
	{"需求分析与目标", "服务对象需求是否清晰、目标是否可衡量", 25},
	{"项目设计与可行性", "活动安排、进度与方法是否可行", 30},
	{"执行团队能力", "团队资质、过往项目成效", 20},
	{"预算合理性", "预算科目与金额是否合理", 15},
	{"可持续性与创新", "项目结束后的延续与创新之处", 10},
};
#define NCRIT (int)(sizeof criteria / sizeof criteria[0])

static int programme_experts(struct ctx *c, const struct rv_prog *p, int64_t *xid)
{
	int rc;
	for (int i = 0; i < NEXPERTS; i++) {
		struct rv_expert_in in = {.username = experts[i].user, .name = experts[i].name, .field = experts[i].field};
		if ((rc = rv_expert_add(c, p, &in, &xid[i])))
			return rc;
	}
	return rv_rubric_set(c, p, 10, criteria, NCRIT);
}

static int declare_none(struct ctx *c, int64_t xid)
{
	struct rv_conflict_in none = {.none = true};
	int recused = 0;
	return rv_conflict_declare(c, xid, &none, &recused);
}

/* Score an assignment with values around `level` (0–10), varied per expert. */
static int demo_score(struct ctx *c, int64_t pid, int64_t assignment, int level, int salt, const char *rec,
		      const char *reason)
{
	struct rv_item_in items[NCRIT];
	struct stmt *st = db_q(c->db, c->e, "SELECT id FROM review_criteria WHERE programme_id=? ORDER BY seq", "i", pid);
	if (!st)
		return c->e->code;
	int n = 0, rc;
	while (n < NCRIT && (rc = stmt_step(st, c->e)) == 1) {
		int v = level + ((salt + n) % 3) - 1;
		items[n].criterion_id = col_int(st, 0);
		items[n].value = v < 0 ? 0 : v > 10 ? 10 : v;
		n++;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	int64_t sid = 0;
	return rv_score(c, assignment, items, n, rec, reason, &sid);
}

static int demo_2021(struct ctx *c, const struct rv_prog *p)
{
	int64_t xid[NEXPERTS];
	int rc;
	if ((rc = programme_experts(c, p, xid)))
		return rc;
	for (int i = 0; i < NEXPERTS; i++)
		if ((rc = declare_none(c, xid[i])))
			return rc;
	/* the 2021 windows (past) */
	int64_t t = 1617235200LL * 1000000LL; /* 2021-04-01 */
	for (int i = 0; prog_stages[i]; i++)
		if ((rc = rv_window_set(c, p, prog_stages[i], t + i * 20 * DAY_US, t + (i + 1) * 20 * DAY_US)))
			return rc;
	/* a sample of decided applications: 8 funded, 6 not */
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT id, outcome, awarded, pfund_id, outcome_reason FROM prog_applications WHERE programme_id=?"
			       " AND outcome IS NOT NULL AND pfund_id IS NOT NULL ORDER BY outcome, id",
			       "i", p->id);
	if (!st)
		return c->e->code;
	struct pick {
		int64_t id, awarded, fund;
		bool funded;
		const char *reason;
	} pk[14];
	int nf = 0, nn = 0, k = 0;
	while (k < 14 && (rc = stmt_step(st, c->e)) == 1) {
		bool funded = !strcmp(col_text(st, 1), "funded");
		if (funded ? nf >= 8 : nn >= 6)
			continue;
		funded ? nf++ : nn++;
		pk[k++] = (struct pick){col_int(st, 0), col_int(st, 2), col_int(st, 3), funded,
					arena_strdup(c->a, col_text(st, 4))};
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (!k)
		return 0;
	int64_t decided = t + 6 * 20 * DAY_US;
	for (int i = 0; i < k; i++) {
		/* qualification … defence, each passed (the not funded failed nothing: they ranked lower) */
		for (int s = 0; s < 6; s++)
			if ((rc = db_exec(c->db, c->e,
					  "INSERT INTO review_stage_results (application_id, stage, result, notes, decided_at)"
					  " VALUES (?,?,'pass',?,?)",
					  "issi", pk[i].id, prog_stages[s], s == 2 ? "实地走访：场地与团队情况属实" : "",
					  t + (s + 1) * 20 * DAY_US - DAY_US)))
				return rc;
		for (int x = 0; x < 3; x++) {
			int64_t aid = 0;
			if ((rc = db_int(c->db, c->e, &aid,
					 "INSERT INTO prog_assignments (application_id, expert_id, stage, status, assigned_at)"
					 " VALUES (?,?,'material','assigned',?) RETURNING id",
					 "iii", pk[i].id, xid[x], t + 20 * DAY_US)) < 0)
				return rc;
			int level = pk[i].funded ? 8 + (int)(i % 2) : 5 + (int)(i % 2);
			bool no = !pk[i].funded && x == 2;
			if ((rc = demo_score(c, p->id, aid, level - x, (int)i + x, no ? "no" : pk[i].funded ? "yes" : "unsure",
					     no ? "项目设计与社区需求衔接不足，预算偏高" : NULL)))
				return rc;
		}
		if ((rc = db_exec(c->db, c->e,
				  "INSERT INTO review_award_lines (application_id, programme_id, pfund_id, rank, score, amount, proposed,"
				  " marked, reason, updated_at) VALUES (?,?,?,?,NULL,?,?,?,?,?)",
				  "iiiiiiisi", pk[i].id, p->id, pk[i].fund, (int64_t)(i + 1), pk[i].awarded, (int64_t)pk[i].funded,
				  (int64_t)pk[i].funded, pk[i].funded ? "" : *pk[i].reason ? pk[i].reason : "insufficient_funds",
				  decided)))
			return rc;
	}
	for (int x = 0; x < 3; x++)
		if ((rc = rv_certify(c, xid[x])))
			return rc;
	/* the lines' scores are the normalised aggregate of the sample's scores */
	struct rv_agg *g;
	int ng = 0;
	if ((rc = rv_rank_compute(c, p->id, &g, &ng)))
		return rc;
	for (int i = 0; i < ng; i++)
		if ((rc = db_exec(c->db, c->e, "UPDATE review_award_lines SET score=? WHERE application_id=?", "di",
				  (double)(int64_t)(g[i].mean * 100 + 0.5) / 100, g[i].app)))
			return rc;
	if ((rc = db_exec(c->db, c->e,
			  "INSERT INTO review_batches (programme_id, status, computed_at, approved_at, published_at,"
			  " objections_close_at) VALUES (?,'closed',?,?,?,?)",
			  "iiiii", p->id, decided, decided + DAY_US, decided + 2 * DAY_US,
			  decided + 2 * DAY_US + p->objection_days * DAY_US)))
		return rc;
	int64_t oid = 0;
	if ((rc = db_int(c->db, c->e, &oid,
			 "INSERT INTO review_objections (programme_id, application_id, name, contact, body, answer, answered_at,"
			 " created_at) VALUES (?,?,'区女士','138****2468',?,?,?,?) RETURNING id",
			 "iissii", p->id, pk[0].id, "该项目申报单位去年的项目尚未结项，为何还能获得资助？",
			 "经核查，该单位2020年项目已于2021年3月通过结项评估（优秀），符合申报条件；评审委员会维持原结果。",
			 decided + 5 * DAY_US, decided + 3 * DAY_US)) < 0)
		return rc;
	return rv_audit(c, "demo", "programme", p->id, p->region_id, "{\"review\":\"2021 sample\"}");
}

static int demo_2022(struct ctx *c, const struct rv_prog *p, struct db *db, struct err *e)
{
	int64_t xid[NEXPERTS];
	int rc;
	if ((rc = programme_experts(c, p, xid)))
		return rc;
	/* the material review is open now, for a month */
	if ((rc = rv_window_set(c, p, "qualification", c->now - 30 * DAY_US, c->now - 7 * DAY_US)) ||
	    (rc = rv_window_set(c, p, "material", c->now - 7 * DAY_US, c->now + 30 * DAY_US)))
		return rc;
	for (int i = 0; i < NEXPERTS; i++)
		if (i != 2 && (rc = declare_none(c, xid[i])))
			return rc;
	/* expert3 sits on the board of the provider's organisation */
	int64_t org = 0;
	if ((rc = db_int(db, e, &org,
			 "SELECT a.org_id FROM prog_applications a JOIN users u ON u.id=a.created_by WHERE a.programme_id=?"
			 " AND u.username='provider' AND a.org_id IS NOT NULL ORDER BY a.id LIMIT 1",
			 "i", p->id)) < 0)
		return rc;
	if (org) {
		struct rv_conflict_in tie = {.org_id = org, .tie = "board", .since_year = p->year - 1,
					     .reason = "担任该机构理事（2021年起）"};
		int recused = 0;
		if ((rc = rv_conflict_declare(c, xid[2], &tie, &recused)))
			return rc;
	} else if ((rc = declare_none(c, xid[2])))
		return rc;
	struct stmt *st = db_q(db, e,
			       "SELECT id FROM prog_applications WHERE programme_id=? AND status IN ('submitted','in_review')"
			       " ORDER BY id LIMIT 40",
			       "i", p->id);
	if (!st)
		return e->code;
	int64_t apps[40];
	int n = 0;
	while (n < 40 && (rc = stmt_step(st, e)) == 1)
		apps[n++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < n; i++) {
		/* assigned ahead for the material review; the qualification check
		 * is left to staff (the application stays as the programme area's
		 * demo submitted it) */
		for (int x = 0; x < 3; x++) {
			bool conflicted = false;
			if ((rc = prog_expert_conflicted(c, xid[x], apps[i], &conflicted)))
				return rc;
			int64_t aid;
			int who = conflicted ? 3 + (i % 2) : x; /* a conflicted expert is replaced */
			if ((rc = rv_assign(c, p, apps[i], xid[who], "material", &aid)))
				return rc;
		}
	}
	return 0;
}

int rv_demo(struct db *db, int64_t now, struct err *e)
{
	int64_t district = region_find(db, "顺德区", e);
	if (district <= 0)
		return district < 0 ? (int)district : err_set(e, ERR_INTERNAL, NULL, "缺少区级区域", "no district region");
	for (int i = 0; i < NEXPERTS; i++) {
		int rc = auth_user_create_cli(db, experts[i].user, experts[i].name, "Demo@2026", ROLE_EXPERT, district, now, e);
		if (rc)
			return rc;
	}
	struct arena a;
	arena_init(&a, 0);
	struct ctx c = ctx_system(db, now, &a, e);
	struct rv_prog p;
	int rc = 0;
	if (rv_prog_by_code(&c, "zcgs-2021", &p) == 0)
		rc = demo_2021(&c, &p);
	else
		err_clear(e);
	if (!rc) {
		if (rv_prog_by_code(&c, "zcgs-2022", &p) == 0)
			rc = demo_2022(&c, &p, db, e);
		else
			err_clear(e);
	}
	arena_free(&a);
	return rc;
}
