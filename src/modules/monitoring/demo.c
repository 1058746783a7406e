/*
 * demo.c — the monitoring in `wushe demo` (after the programme, 66, and
 * the review, 67): for the funded applications of zcgs-2021 that the
 * programme demo links to organisations, and one hardware project, the
 * agreements of July 2021 with three milestones and a 40/30/30 tranche
 * plan paid through the special funds' ledger accounts, quarterly reports,
 * visits, tiers, final evaluations (one 优秀 with its extension
 * eligibility), a risk project with its supervisor and the funders'
 * alert, and fixed assets. The first funded application of the provider's
 * organisation (北区社区长者关爱协会) is left without an agreement, for the
 * browser test to sign. Everything goes through the logic with the clock
 * set to when it happened.
 */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/wtime.h"
#include "modules/monitoring/monitoring.h"
#include "modules/programme/programme.h"
#include "store/store.h"

/* 10:00 in Shanghai on y-m-d. */
static int64_t at(int y, int m, int d)
{
	return (wtime_days_from_civil(y, (unsigned)m, (unsigned)d) * 86400LL + 2 * 3600) * WTIME_US;
}

struct plan {
	const char *final_result; /* NULL: still running */
	int accepted;             /* milestones accepted (each pays its tranche) */
	int quarters;             /* quarterly reports filed on time */
	bool close, supervisor;
	const char *maturity;
	int years_run;
	int tier_y, tier_m, tier_d; /* when the tier was last recomputed (0: now) */
};

static int sign(struct ctx *c, int64_t app, int64_t awarded, const char *org, const struct plan *p, int64_t *pid)
{
	struct mon_agreement_in in = {
		.application_id = app, .executing_org = org, .starts_on = "2021-07-01", .ends_on = "2022-06-30",
		.maturity = p->maturity, .years_run = p->years_run, .n_milestones = 3, .n_tranches = 3,
	};
	in.milestones[0] = (struct mon_milestone_in){"项目启动与需求调研", "2021-09-30", "需求调研报告、服务方案", true};
	in.milestones[1] = (struct mon_milestone_in){"服务全面开展（中期）", "2021-12-31", "中期报告、服务台账", true};
	in.milestones[2] = (struct mon_milestone_in){"服务完成与成效评估", "2022-06-15", "结项报告、成效评估", true};
	in.tranches[0] = awarded * 4 / 10;
	in.tranches[1] = awarded * 3 / 10;
	in.tranches[2] = awarded - in.tranches[0] - in.tranches[1];
	c->now = at(2021, 6, 28);
	return mon_agreement_sign(c, &in, pid);
}

static int run(struct ctx *c, int64_t pid, int64_t app, const struct plan *p, int64_t now)
{
	static const char *const periods[] = {"2021Q3", "2021Q4", "2022Q1", "2022Q2"};
	static const int filed[][3] = {{2021, 10, 8}, {2022, 1, 10}, {2022, 4, 8}, {2022, 7, 7}};
	static const char *const notes[] = {
		"完成需求调研，走访服务对象 60 户，召开居民议事会 2 场。",
		"服务全面开展，组建志愿者队伍 1 支，开展活动 12 场。",
		"持续开展服务，形成社区互助小组 3 个。",
		"服务收尾，整理成效评估材料。",
	};
	int rc;
	int64_t ms[3] = {0, 0, 0};
	struct stmt *st = db_q(c->db, c->e, "SELECT id FROM mon_milestones WHERE project_id=? ORDER BY seq", "i", pid);
	if (!st)
		return c->e->code;
	for (int k = 0; k < 3 && (rc = stmt_step(st, c->e)) == 1; k++)
		ms[k] = col_int(st, 0);
	stmt_done(st);
	bool has_indicator = false;
	int64_t n = 0;
	if ((rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM prog_indicators WHERE application_id=? AND seq=1", "i", app)) < 0)
		return rc;
	has_indicator = n > 0;
	for (int q = 0; q < p->quarters; q++) {
		struct mon_report_in r = {.kind = "quarterly", .period = periods[q], .narrative = notes[q]};
		if (has_indicator) {
			r.n_values = 1;
			r.values[0] = (struct mon_value_in){1, 80.0 * (q + 1)};
		}
		int64_t rid;
		c->now = at(filed[q][0], filed[q][1], filed[q][2]);
		if ((rc = mon_report_file(c, pid, &r, &rid)))
			return rc;
		struct mon_review_in rv = {.decision = "accept", .comment = "材料齐全", .version = -1};
		c->now += 2 * 86400LL * WTIME_US;
		if ((rc = mon_report_review(c, rid, &rv)))
			return rc;
		/* the milestone of the quarter, when the plan accepts it */
		if (q < 3 && q < p->accepted && (rc = mon_milestone_accept(c, ms[q == 2 ? 2 : q], -1)))
			return rc;
	}
	for (int k = p->quarters; k < p->accepted && k < 3; k++) {
		c->now = at(2022, 6, 20);
		if ((rc = mon_milestone_accept(c, ms[k], -1)))
			return rc;
	}
	int64_t vid;
	c->now = at(2021, 11, 16);
	if ((rc = mon_visit_add(c, pid, "2021-11-16", "现场走访：服务场地整洁，台账与活动照片齐全，服务对象反馈良好。", &vid)))
		return rc;
	if (p->final_result) {
		struct mon_report_in r = {.kind = "final", .narrative = "项目按协议完成，服务成效达到预期，详见结项评估报告。"};
		if (has_indicator) {
			r.n_values = 1;
			r.values[0] = (struct mon_value_in){1, 360};
		}
		int64_t rid;
		c->now = at(2022, 7, 12);
		if ((rc = mon_report_file(c, pid, &r, &rid)))
			return rc;
		struct mon_review_in rv = {.decision = "accept", .result = p->final_result, .comment = "结项评估通过", .version = -1};
		c->now = at(2022, 8, 5);
		if ((rc = mon_report_review(c, rid, &rv)))
			return rc;
	}
	bool changed;
	c->now = p->tier_y ? at(p->tier_y, p->tier_m, p->tier_d) : now;
	if ((rc = mon_tier_recompute(c, pid, &changed)))
		return rc;
	if (p->final_result && p->close) {
		c->now = at(2022, 8, 20);
		if ((rc = mon_project_close(c, pid, -1)))
			return rc;
	}
	return 0;
}

static int demo(struct ctx *c, int64_t now)
{
	int64_t prog = 0;
	int rc;
	if ((rc = db_int(c->db, c->e, &prog, "SELECT id FROM programmes WHERE code='zcgs-2021'", "")) <= 0)
		return rc; /* no programme demo */
	int64_t provider_org = 0;
	if ((rc = db_int(c->db, c->e, &provider_org, "SELECT id FROM organisations WHERE name='北区社区长者关爱协会'", "")) < 0)
		return rc;
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT a.id, a.org_id, a.awarded, o.name FROM prog_applications a JOIN organisations o ON o.id=a.org_id"
			       " WHERE a.programme_id=? AND a.outcome='funded' AND a.awarded>0 ORDER BY a.id LIMIT 12",
			       "i", prog);
	if (!st)
		return c->e->code;
	struct {
		int64_t id, org, awarded;
		char name[200];
	} apps[12];
	int k = 0;
	while (k < 12 && (rc = stmt_step(st, c->e)) == 1) {
		apps[k].id = col_int(st, 0);
		apps[k].org = col_int(st, 1);
		apps[k].awarded = col_int(st, 2);
		snprintf(apps[k].name, sizeof apps[k].name, "%s", col_text(st, 3));
		k++;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	static const struct plan plans[] = {
		/* 优秀, a continued project on time: quality, closed, one extension next year */
		{"excellent", 3, 4, true, false, "continued", 2, 2022, 7, 20},
		/* behind: risk, a supervisor, the funders alerted */
		{NULL, 1, 1, false, true, "new", 0, 0, 0, 0},
		{"good", 3, 4, true, false, "continued", 1, 2022, 7, 20},
		/* evaluated 合格, not yet closed */
		{"pass", 3, 4, false, false, "new", 0, 2022, 7, 20},
		/* its tier as of May 2022: observation */
		{NULL, 2, 3, false, false, "new", 0, 2022, 5, 1},
	};
	bool left_one = false;
	int used = 0;
	for (int i = 0; i < k; i++) {
		if (!left_one && apps[i].org == provider_org) {
			left_one = true; /* for the browser test to sign */
			continue;
		}
		if (used >= (int)(sizeof plans / sizeof plans[0]))
			break;
		const struct plan *p = &plans[used++];
		int64_t pid;
		c->now = now;
		if ((rc = sign(c, apps[i].id, apps[i].awarded, apps[i].name, p, &pid)) || (rc = run(c, pid, apps[i].id, p, now)))
			return rc;
		if (p->supervisor) {
			int64_t user = 0, version = 0;
			if ((rc = db_int(c->db, c->e, &user, "SELECT id FROM users WHERE username='ronggui'", "")) < 0 ||
			    (rc = db_int(c->db, c->e, &version, "SELECT version FROM mon_projects WHERE id=?", "i", pid)) < 0)
				return rc;
			c->now = now;
			if (user && (rc = mon_supervisor_set(c, pid, user, version)))
				return rc;
			int64_t vid;
			if ((rc = mon_visit_add(c, pid, "2022-03-02", "督导走访：第二批节点滞后，已约谈执行团队并制定整改计划。", &vid)))
				return rc;
		}
	}
	/* a hardware project (imported by name) with its fixed assets */
	int64_t hw = 0, hw_awarded = 0;
	char *hw_name = NULL;
	if ((rc = db_int(c->db, c->e, &hw,
			 "SELECT id FROM prog_applications WHERE programme_id=? AND outcome='funded' AND awarded>0 AND kind='hardware'"
			 " ORDER BY id LIMIT 1",
			 "i", prog)) < 0)
		return rc;
	if (hw) {
		if ((rc = db_int(c->db, c->e, &hw_awarded, "SELECT awarded FROM prog_applications WHERE id=?", "i", hw)) < 0 ||
		    (rc = db_text(c->db, c->e, c->a, &hw_name, "SELECT applicant_name FROM prog_applications WHERE id=?", "i", hw)) < 0)
			return rc;
		int64_t pid;
		static const struct plan hp = {"good", 3, 4, false, false, "new", 0, 2022, 7, 20};
		if ((rc = sign(c, hw, hw_awarded, hw_name, &hp, &pid)) || (rc = run(c, pid, hw, &hp, now)))
			return rc;
		static const struct {
			const char *name, *category, *day, *invoice, *location, *custodian;
			int64_t value, qty;
		} assets[] = {
			{"适老化护理床", "furniture", "2021-08-16", "44062021081601", "社区长者日间照料中心", "梁淑芬", 320000, 4},
			{"智能血压监测仪", "electronics", "2021-08-20", "44062021082003", "社区长者日间照料中心", "梁淑芬", 128000, 2},
			{"无障碍坡道改造", "facility", "2021-09-10", "44062021091012", "社区党群服务中心入口", "何志强", 2650000, 1},
			{"厨房消毒柜", "equipment", "2021-08-16", "44062021081602", "长者饭堂", "陈玉兰", 230000, 1},
		};
		for (size_t i = 0; i < sizeof assets / sizeof assets[0]; i++) {
			struct mon_asset_in in = {.name = assets[i].name, .category = assets[i].category,
						  .purchased_on = assets[i].day, .invoice_no = assets[i].invoice,
						  .location = assets[i].location, .custodian = assets[i].custodian,
						  .value = assets[i].value, .quantity = assets[i].qty};
			int64_t aid;
			c->now = at(2021, 9, 20);
			if ((rc = mon_asset_add(c, pid, &in, &aid)))
				return rc;
			if (i == 3) {
				c->now = at(2022, 5, 10);
				if ((rc = mon_asset_dispose(c, aid, "内胆损坏，维修费用超过原值一半", "区社会工作部（经项目管理办公室审批）",
							    "2022-05-10", -1)))
					return rc;
			}
		}
	}
	return 0;
}

int mon_demo(struct db *db, int64_t now, struct err *e);
int mon_demo(struct db *db, int64_t now, struct err *e)
{
	if (!db_table_has(db, "prog_applications", NULL))
		return 0;
	struct arena a;
	arena_init(&a, 1 << 16);
	struct ctx c = ctx_system(db, now, &a, e);
	int rc = demo(&c, now);
	arena_free(&a);
	return rc < 0 ? rc : 0;
}
