/*
 * demo.c — participatory budgets in `wushe demo`:
 *  - 文华社区's finished budget of last spring (2026年文华社区微更新参与式
 *    预算, 20 万元, knapsack rule, the remainder part-funding the next
 *    project): nine proposals, two found unfeasible with their reasons,
 *    supports and ballots from the community's verified residents (a few
 *    blank, a few changed), the results, one override with its reason, and
 *    the winners' execution with milestones part done;
 *  - 北区社区's budget now in its voting phase (approval of up to three),
 *    with some ballots in, so the resident account (a verified resident of
 *    北区社区) can vote.
 * Everything goes through the area's logic with the clock set to when it
 * happened, so the audit log reads as it would have.
 */
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/wtime.h"
#include "modules/budget/budget.h"
#include "modules/budget/pb_internal.h"
#include "modules/grants/grants.h"
#include "modules/region/region.h"
#include "store/store.h"
#include "store/list.h"

#define DAY (86400LL * 1000000)

static unsigned seed = 20260412;
static unsigned rnd(unsigned n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 16) % n;
}

struct demo_project {
	const char *title, *description, *location;
	int64_t yuan;
	const char *unfeasible; /* the review's reason, or NULL */
	int weight;             /* how often voters pick it (of 100) */
};

static const struct demo_project wenhua_projects[] = {
	{"文华公园长者休闲座椅更新", "公园内 24 张木座椅破损开裂，更换为带扶手的防腐木座椅，方便长者起身。", "文华公园", 38000, NULL, 78},
	{"新市民之家儿童阅读角", "在新市民之家开辟儿童阅读角，添置书架、绘本和软垫，周末由志愿者带读。", "文华社区新市民之家", 26000, NULL, 64},
	{"东区巷道路灯补光", "东区三条巷道夜间照明不足，增设 18 盏太阳能路灯。", "文华东区巷道", 52000, NULL, 71},
	{"垃圾分类投放点雨棚改造", "6 个投放点加装雨棚和洗手池，雨天投放不再淋雨。", "各住宅小区投放点", 45000, NULL, 47},
	{"小区电动车集中充电棚", "建设带消防喷淋的集中充电棚，减少楼道充电隐患。", "文华花园北门", 98000, NULL, 55},
	{"社区篮球场围网维修", "篮球场围网锈蚀破洞，更换围网并重新划线。", "文华社区篮球场", 31000, NULL, 33},
	{"长者饭堂厨具更新", "长者饭堂的蒸柜和消毒柜老化，更换节能设备。", "文华社区长者饭堂", 24000, NULL, 40},
	{"楼顶共享菜园", "在 3 栋楼顶建设共享菜园，居民认领种植。", "文华花园 3 栋楼顶", 18000,
	 "楼顶属业主共有部分，须经业主大会表决同意，且需结构荷载评估，本期无法实施，建议业主委员会另行发起。", 0},
	{"老旧楼栋加装电梯", "为 7 栋老楼加装电梯。", "文华新村", 150000,
	 "加装电梯由住建部门专项补贴和业主出资，不在社区发展基金资助范围内；已转介街道加装电梯办公室。", 0},
};

static const struct demo_project beiqu_projects[] = {
	{"长者助餐点增设送餐保温箱", "为行动不便的长者送餐，添置 20 个保温送餐箱。", "北区社区长者饭堂", 9000, NULL, 0},
	{"中心公园健身器材维护", "更换 6 件老化健身器材的轴承和扶手，加装防滑垫。", "北区社区中心公园", 21000, NULL, 0},
	{"儿童安全出行标识", "在两所小学周边路口增设彩色标线和提示牌。", "北区小学周边", 16000, NULL, 0},
	{"楼道声控灯更换", "12 栋老楼楼道声控灯更换为感应 LED 灯。", "北区老旧小区", 14000, NULL, 0},
	{"社区议事厅投影设备", "议事厅添置投影仪和幕布，方便居民议事会展示资料。", "北区社区党群服务中心", 12000, NULL, 0},
};

/* The fund a community's budget draws on: its own active fund, the
 * community development fund first (0 when the funds demo made none). */
static int64_t community_fund(struct ctx *c, int64_t region)
{
	int64_t id = 0;
	if (db_int(c->db, c->e, &id,
		   "SELECT id FROM funds WHERE region_id=? AND status='active' AND kind <> 'property_trust'"
		   " ORDER BY CASE kind WHEN 'community_development' THEN 0 WHEN 'happiness' THEN 1 ELSE 2 END, id LIMIT 1",
		   "i", region) != 1)
		id = 0;
	err_clear(c->e);
	return id;
}

/* The verified residents of a community, up to max. */
static int voters(struct ctx *c, int64_t region, int64_t *out, int max, int *n)
{
	char *path = NULL;
	int rc = list_region_path_in(c->db, c->a, region, &path, c->e);
	if (rc <= 0)
		return rc;
	char *up = arena_strdup(c->a, path);
	up[strlen(up) - 1] = '0';
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT p.id FROM people p JOIN regions g ON g.id=p.region_id WHERE p.verified_at IS NOT NULL"
			       " AND p.status='active' AND g.path >= ? AND g.path < ? AND p.user_id IS NULL ORDER BY p.id",
			       "ss", path, up);
	if (!st)
		return c->e->code;
	*n = 0;
	while (*n < max && (rc = stmt_step(st, c->e)) == 1)
		out[(*n)++] = col_int(st, 0);
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

static int phase_at(struct ctx *c, int64_t id, const char *phase, int64_t at)
{
	int64_t v = 0;
	int rc = db_int(c->db, c->e, &v, "SELECT version FROM pb_budgets WHERE id=?", "i", id);
	if (rc < 0)
		return rc;
	c->now = at;
	return pb_budget_phase(c, id, phase, v);
}

static int review_all(struct ctx *c, const int64_t *ids, const struct demo_project *p, int n)
{
	int rc;
	for (int i = 0; i < n; i++) {
		c->now += 3600LL * 1000000;
		if ((rc = pb_project_review(c, ids[i], p[i].unfeasible == NULL, p[i].unfeasible, 0, -1)))
			return rc;
	}
	return 0;
}

static int propose_all(struct ctx *c, int64_t budget, const struct demo_project *p, int n, const int64_t *people,
		       int npeople, int64_t *ids)
{
	struct pb_head h;
	int rc;
	if ((rc = pb_head_load(c, budget, &h)))
		return rc;
	for (int i = 0; i < n; i++) {
		struct pb_project_in in = {p[i].title, p[i].description, p[i].location, p[i].yuan * 100};
		c->now += DAY / 3;
		if ((rc = pb_project_record(c, &h, &in, npeople ? people[(i * 7) % npeople] : 0, &ids[i])))
			return rc;
	}
	return 0;
}

/* A ballot of voter v: each project by its weight, then cut to fit. */
static int vote(struct ctx *c, int64_t budget, int64_t person, const int64_t *ids, const struct demo_project *p, int n,
		int64_t total_fen, int max, bool blank)
{
	struct pb_head h;
	int rc;
	if ((rc = pb_head_load(c, budget, &h)))
		return rc;
	int64_t pick[16], cost = 0;
	int k = 0;
	for (int i = 0; !blank && i < n; i++) {
		if (p[i].unfeasible || (int)rnd(100) >= p[i].weight)
			continue;
		if (cost + p[i].yuan * 100 > total_fen || (max && k >= max))
			continue;
		pick[k++] = ids[i];
		cost += p[i].yuan * 100;
	}
	int64_t bid;
	return pb_ballot_record(c, &h, person, pick, k, &bid);
}

static int wenhua_budget(struct ctx *c, int64_t now, int64_t region)
{
	int64_t people[400];
	int np = 0, rc;
	if ((rc = voters(c, region, people, 400, &np)))
		return rc;
	int64_t t0 = now - 300 * DAY;
	struct pb_budget_in in = {
		.region_id = region,
		.fund_id = community_fund(c, region),
		.title = "2026年文华社区微更新参与式预算",
		.description = "社区发展基金安排 20 万元，由居民提出、评审、支持并投票决定社区微更新项目。"
			       "投票规则：所选项目合计不超过预算总额；按得票多少依次资助，放不下的跳过，结余补助下一个项目。",
		.total_fen = 20000000,
		.rule = "knapsack",
		.part_fund = true,
		.min_supports = 3,
		.proposals_from = t0, .proposals_to = t0 + 30 * DAY,
		.review_from = t0 + 30 * DAY, .review_to = t0 + 45 * DAY,
		.support_from = t0 + 45 * DAY, .support_to = t0 + 60 * DAY,
		.voting_from = t0 + 60 * DAY, .voting_to = t0 + 75 * DAY,
		.results_at = t0 + 77 * DAY, .execution_from = t0 + 90 * DAY,
	};
	int64_t id, ids[16];
	const int n = (int)(sizeof wenhua_projects / sizeof wenhua_projects[0]);
	c->now = t0 - 5 * DAY;
	if ((rc = pb_budget_create(c, &in, &id)) || (rc = phase_at(c, id, "proposals", t0)) ||
	    (rc = propose_all(c, id, wenhua_projects, n, people, np, ids)) ||
	    (rc = phase_at(c, id, "review", t0 + 30 * DAY)) || (rc = review_all(c, ids, wenhua_projects, n)) ||
	    (rc = phase_at(c, id, "support", t0 + 45 * DAY)))
		return rc;
	for (int v = 0; v < np; v++)
		for (int i = 0; i < n; i++) {
			if (wenhua_projects[i].unfeasible || (int)rnd(100) >= wenhua_projects[i].weight / 2)
				continue;
			c->now = t0 + 45 * DAY + (int64_t)rnd(14) * DAY + v * 1000000LL;
			if ((rc = pb_support_record(c, ids[i], people[v])))
				return rc;
		}
	if ((rc = phase_at(c, id, "voting", t0 + 60 * DAY)))
		return rc;
	for (int v = 0; v < np; v++) {
		c->now = t0 + 60 * DAY + (int64_t)rnd(13) * DAY + v * 1000000LL;
		if ((rc = vote(c, id, people[v], ids, wenhua_projects, n, in.total_fen, 0, v % 23 == 5)))
			return rc;
		if (v % 17 == 3) { /* a voter changes her mind a day later */
			c->now += DAY;
			if ((rc = vote(c, id, people[v], ids, wenhua_projects, n, in.total_fen, 0, false)))
				return rc;
		}
	}
	if ((rc = phase_at(c, id, "results", t0 + 77 * DAY)))
		return rc;
	/* the organisers' one override: the basketball court's fence, skipped
	 * by the count, is included because the fence fell in a storm */
	int64_t oid, staff = 0;
	c->now = t0 + 80 * DAY;
	/* made by 文华社区's staff account, whose name the results page shows */
	struct principal who;
	if (db_int(c->db, c->e, &staff, "SELECT id FROM users WHERE username='wenhua'", "") == 1 &&
	    auth_load_principal(c->db, c->a, staff, &who, c->e) == 0)
		c->who = &who;
	err_clear(c->e);
	rc = pb_override_add(c, id, ids[5], "include",
				  "7月台风吹倒篮球场围网，存在安全隐患，经居民议事会讨论同意优先实施（见议事会第 12 次会议纪要）。",
				  &oid);
	c->who = NULL;
	if (rc)
		return rc;
	if (!in.fund_id)
		return 0; /* no fund to pay the winners: the budget stays at its results */
	if ((rc = phase_at(c, id, "execution", t0 + 90 * DAY)))
		return rc;
	/* milestones of each funded project */
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT project_id FROM pb_results WHERE budget_id=? AND funded_fen > 0 ORDER BY rank", "i", id);
	if (!st)
		return c->e->code;
	int64_t won[16];
	int nw = 0;
	while (nw < 16 && (rc = stmt_step(st, c->e)) == 1)
		won[nw++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	static const char *const steps[] = {"方案设计与居民意见征询", "采购与施工", "验收与公示"};
	for (int w = 0; w < nw; w++)
		for (int s = 0; s < 3; s++) {
			char due[11];
			int64_t at = t0 + (100 + 40 * s + 10 * w) * DAY;
			wtime_format_date(at, due, sizeof due);
			int progress = s == 0 ? 100 : s == 1 ? (w < 2 ? 100 : w < 4 ? 60 : 20) : (w == 0 ? 100 : 0);
			struct pb_milestone_in m = {.title = steps[s], .due_date = due, .progress = progress,
						    .note = progress == 100 ? "已完成" : ""};
			c->now = t0 + (92 + 40 * s) * DAY;
			int64_t mid;
			if ((rc = pb_milestone_add(c, won[w], &m, &mid)))
				return rc;
		}
	/* the fund pays the first tranche once works start (the projects past
	 * design), the second when they are done and accepted */
	for (int w = 0; w < nw; w++) {
		int64_t gid = 0, tid = 0;
		if ((rc = grant_find_by_source(c, "pb", won[w], &gid)))
			return rc;
		if (w < 4) {
			c->now = t0 + (105 + 5 * w) * DAY;
			if ((rc = grant_pay_next_tranche(c, gid, &tid)))
				return rc;
		}
		if (w == 0) {
			c->now = t0 + 185 * DAY;
			if ((rc = grant_pay_next_tranche(c, gid, &tid)))
				return rc;
		}
	}
	/* 文华社区's staff publish each winner's progress (公示) every quarter,
	 * the last three weeks ago, so none is overdue on the calendar */
	for (int w = 0; w < nw; w++) {
		int64_t gid = 0, did = 0;
		if ((rc = grant_find_by_source(c, "pb", won[w], &gid)))
			return rc;
		for (int64_t at = t0 + 120 * DAY; at < now - 14 * DAY; at += 90 * DAY) {
			c->now = at < now - 90 * DAY ? at : now - 21 * DAY;
			if ((rc = grant_disclose_progress(c, gid, "参与式预算项目实施进展",
							  "项目按居民投票结果实施，进度与里程碑见参与式预算页面；资金按拨付节点使用，票据可查。",
							  &did)))
				return rc;
			if (c->now == now - 21 * DAY)
				break;
		}
	}
	c->now = now;
	return 0;
}

static int beiqu_budget(struct ctx *c, int64_t now, int64_t region)
{
	int64_t people[200];
	int np = 0, rc;
	if ((rc = voters(c, region, people, 40, &np)))
		return rc;
	int64_t t0 = now - 40 * DAY;
	struct pb_budget_in in = {
		.region_id = region,
		.fund_id = community_fund(c, region),
		.title = "2027年北区社区冠名基金微项目参与式预算",
		.description = "社区冠名基金安排 8 万元用于居民身边的小项目。每位已核实身份的居民最多可选 3 个项目，"
			       "按得票多少依次资助，直到预算用完。",
		.total_fen = 8000000,
		.rule = "approval",
		.max_projects = 3,
		.proposals_from = t0, .proposals_to = t0 + 14 * DAY,
		.review_from = t0 + 14 * DAY, .review_to = t0 + 21 * DAY,
		.support_from = t0 + 21 * DAY, .support_to = t0 + 35 * DAY,
		.voting_from = t0 + 35 * DAY, .voting_to = now + 10 * DAY,
		.results_at = now + 12 * DAY, .execution_from = now + 30 * DAY,
	};
	int64_t id, ids[8];
	const int n = (int)(sizeof beiqu_projects / sizeof beiqu_projects[0]);
	c->now = t0 - 3 * DAY;
	if ((rc = pb_budget_create(c, &in, &id)) || (rc = phase_at(c, id, "proposals", t0)) ||
	    (rc = propose_all(c, id, beiqu_projects, n, people, np, ids)) ||
	    (rc = phase_at(c, id, "review", t0 + 14 * DAY)) || (rc = review_all(c, ids, beiqu_projects, n)) ||
	    (rc = phase_at(c, id, "support", t0 + 21 * DAY)) || (rc = phase_at(c, id, "voting", t0 + 35 * DAY)))
		return rc;
	static const struct demo_project weights[] = {
		{NULL, NULL, NULL, 9000, NULL, 70}, {NULL, NULL, NULL, 21000, NULL, 45}, {NULL, NULL, NULL, 16000, NULL, 60},
		{NULL, NULL, NULL, 14000, NULL, 50}, {NULL, NULL, NULL, 12000, NULL, 25},
	};
	for (int v = 0; v < np; v++) {
		c->now = t0 + 35 * DAY + (int64_t)rnd(4) * DAY + v * 1000000LL;
		if ((rc = vote(c, id, people[v], ids, weights, n, in.total_fen, 3, false)))
			return rc;
	}
	return 0;
}

int pb_demo(struct db *db, int64_t now, struct err *e)
{
	int64_t wenhua = region_find(db, "文华社区", e), beiqu = region_find(db, "北区社区", e);
	if (wenhua <= 0 || beiqu <= 0)
		return 0; /* no regions demo */
	struct arena a;
	arena_init(&a, 1 << 16);
	struct ctx c = ctx_system(db, now, &a, e);
	int rc = wenhua_budget(&c, now, wenhua);
	if (!rc)
		rc = beiqu_budget(&c, now, beiqu);
	arena_free(&a);
	return rc;
}
