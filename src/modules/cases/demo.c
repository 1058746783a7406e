/*
 * demo.c — the cases area's part of `wushe demo` (order 72): the 容桂
 * social-work station run by 鹏星社工 (顺德区鹏星社会工作服务中心; the
 * organisation is made here when the registry's demo lacks it), three
 * accounts — sw1 and sw2 (workers), swsup (督导, their supervisor), all
 * social_worker on 容桂街道, password Demo@2026 — and twelve cases of every
 * type in 容桂's communities at every status, taken through the same
 * logic a worker uses (assessments, the 心扶心安 screening scales — one
 * PHQ-9 raises flags — plans, approvals; one assessment waits for swsup).
 */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "modules/cases/case_internal.h"
#include "modules/region/region.h"
#include "store/store.h"

struct demo_case {
	const char *type, *source, *source_note, *community, *name, *gender, *birth, *phone, *address, *guardian;
	const char *target; /* the status it reaches */
	int worker;         /* 0 sw1, 1 sw2 */
	int visit_in_days;  /* next visit from now (negative: overdue) */
};

static const struct demo_case cases[] = {
	{"elderly_alone", "grid_finding", "网格员巡查发现：独居，近一周未下楼", "振华社区", "梁桂英", "female", "1941-03-12",
	 "13726001101", "振华社区南区 3 座 502", NULL, "active", 0, 3},
	{"elderly_alone", "referral", "社区居委会转介", "上佳市社区", "何永康", "male", "1938-11-02", "13726001102",
	 "上佳市社区东街 18 号", NULL, "active", 0, -4},
	{"left_behind_child", "screening", "学校心理筛查转介", "细滘社区", "陈子豪", "male", "2014-06-20", NULL,
	 "细滘社区新村 7 巷 2 号", "陈伯（祖父）", "planning", 0, 5},
	{"child_in_difficulty", "referral", "镇未成年人保护工作站转介", "华口社区", "黄雨欣", "female", "2012-09-08", NULL,
	 "华口社区大道 66 号", "黄女士（母亲）", "assessing", 1, 0},
	{"disabled", "walk_in", "家属来访求助", "马冈村", "李振华", "male", "1975-01-30", "13726001105", "马冈村北约 12 号",
	 "李太（妻子）", "active", 1, 8},
	{"psych_screening", "screening", "心扶心安心理健康筛查（社区场）", "振华社区", "吴嘉敏", "female", "1990-04-16",
	 "13726001106", "振华社区北区 9 座 1203", NULL, "planning", 1, 2},
	{"family_hardship", "grid_finding", "网格员走访：失业、租金拖欠", "上佳市社区", "周国强", "male", "1982-07-25",
	 "13726001107", "上佳市社区西街 5 号 301", NULL, "active", 0, -2},
	{"family_hardship", "referral", "社区居委会转介", "细滘社区", "冯丽珍", "female", "1979-12-03", "13726001108",
	 "细滘社区旧村 22 号", NULL, "closing", 1, 10},
	{"elderly_alone", "grid_finding", "网格员巡查发现", "华口社区", "罗德明", "male", "1936-05-19", "13726001109",
	 "华口社区南街 3 号", NULL, "closed", 0, 0},
	{"left_behind_child", "referral", "学校转介", "马冈村", "邓晓彤", "female", "2016-02-14", NULL, "马冈村南约 8 号",
	 "邓婆婆（祖母）", "intake", 0, 0},
	{"disabled", "grid_finding", "网格员走访发现", "振华社区", "潘志伟", "male", "1968-10-10", "13726001111",
	 "振华社区中区 2 座 201", "潘女士（姐姐）", "assessing_pending", 0, 0},
	{"psych_screening", "screening", "心扶心安心理健康筛查（企业场）", "上佳市社区", "谭晓玲", "female", "1995-08-21",
	 "13726001112", "上佳市社区北街 30 号", NULL, "intake", 1, 0},
};

static const char *form_for(const char *type)
{
	if (!strcmp(type, "elderly_alone"))
		return "{\"living_situation\":\"alone\",\"adl\":\"partly_dependent\",\"health\":\"fair\","
		       "\"income\":\"养老金每月约 1800 元\",\"social_contact\":\"poor\"}";
	if (!strcmp(type, "left_behind_child") || !strcmp(type, "child_in_difficulty"))
		return "{\"guardian_situation\":\"grandparents\",\"school\":\"attending\",\"safety\":\"some_concern\","
		       "\"health\":\"good\"}";
	if (!strcmp(type, "disabled"))
		return "{\"disability_type\":\"physical\",\"disability_grade\":\"2\",\"care\":\"妻子照顾，白天独处\","
		       "\"income\":\"残疾人两项补贴\"}";
	if (!strcmp(type, "psych_screening"))
		return "{\"presenting_issue\":\"失眠、情绪低落两月\",\"support_network\":\"fair\",\"health\":\"good\"}";
	return "{\"income\":\"家庭月收入约 2500 元\",\"housing\":\"rented\",\"debts\":\"拖欠房租三个月\","
	       "\"members\":\"夫妻与两个孩子\"}";
}

static int rank(const char *t)
{
	static const char *const order[] = {"intake", "assessing", "assessing_pending", "planning", "active", "closing",
					    "closed", NULL};
	for (int i = 0; order[i]; i++)
		if (!strcmp(order[i], t))
			return i;
	return 0;
}

static int64_t user_id(struct db *db, const char *name, struct err *e)
{
	int64_t id = 0;
	int rc = db_int(db, e, &id, "SELECT id FROM users WHERE username=?", "s", name);
	return rc < 0 ? rc : id;
}

static int one_case(struct ctx *c, const struct demo_case *d, int64_t org, int64_t worker, int64_t sup, int seq)
{
	int rc;
	int64_t region = region_find(c->db, d->community, c->e);
	if (region <= 0)
		return region < 0 ? (int)region : 0;
	int64_t opened = c->now - (int64_t)(60 - seq * 4) * 86400 * 1000000;
	int64_t id = 0;
	char code[32];
	snprintf(code, sizeof code, "GA2026-%06d", seq);
	if ((rc = db_int(c->db, c->e, &id,
			 "INSERT INTO cases (code, type, source, source_note, region_id, org_id, worker_id, supervisor_id,"
			 " subject_name, subject_gender, subject_birth_date, subject_phone, subject_address, guardian_name,"
			 " status, opened_at, created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,'intake',?,?,?,?)"
			 " RETURNING id",
			 "ssssiiii" "ssssss" "iiii", code, d->type, d->source, d->source_note, region, org, worker, sup,
			 d->name, d->gender, d->birth, d->phone, d->address, d->guardian, opened, worker, opened, opened)) < 0 ||
	    (rc = case_audit(c, "create", "case", id, id)))
		return rc;
	int r = rank(d->target);
	if (r < 1)
		return 0;
	int64_t ass = 0, appr = 0, plan = 0;
	if ((rc = case_assessment_create(c, id, form_for(d->type), "需要定期探访与情绪支持，链接社区资源。", &ass)))
		return rc;
	if (!strcmp(d->type, "psych_screening")) {
		/* 心扶心安: PHQ-9 with item 9 > 0 (self-harm flag) and GAD-7 */
		static const int64_t phq[] = {2, 2, 2, 1, 2, 1, 2, 1, 1}, gad[] = {2, 1, 2, 1, 1, 2, 1};
		int64_t sid;
		if ((rc = case_scale_add(c, id, ass, "phq9", phq, 9, &sid)) || (rc = case_scale_add(c, id, ass, "gad7", gad, 7, &sid)))
			return rc;
	} else if (!strcmp(d->type, "elderly_alone")) {
		static const int64_t ucla[] = {2, 2, 3}, bar[] = {10, 5, 5, 5, 10, 5, 5, 10, 10, 5};
		int64_t sid;
		if ((rc = case_scale_add(c, id, ass, "ucla3", ucla, 3, &sid)) || (rc = case_scale_add(c, id, ass, "barthel", bar, 10, &sid)))
			return rc;
	}
	if (r < 2)
		return 0;
	if ((rc = case_submit(c, "assessment", ass, "评估完成，请督导审阅", &appr)))
		return rc;
	if (r < 3)
		return 0;
	if ((rc = case_decide(c, appr, true, "同意，请尽快制定服务计划")))
		return rc;
	if (r < 4)
		return 0;
	struct case_goal_in goals[] = {
		{"每两周入户探访一次，了解生活与情绪状况", "探访记录", NULL, "open"},
		{"链接社区长者饭堂或志愿者支持", "服务到位", NULL, "open"},
	};
	if ((rc = case_plan_create(c, id, "以定期探访和资源链接为主的服务计划", goals, 2, &plan)) ||
	    (rc = case_submit(c, "plan", plan, NULL, &appr)) || (rc = case_decide(c, appr, true, "同意")))
		return rc;
	if ((rc = db_exec(c->db, c->e, "UPDATE cases SET next_visit_at=?, last_visit_at=? WHERE id=?", "iii",
			  c->now + (int64_t)d->visit_in_days * 86400 * 1000000, c->now - 10LL * 86400 * 1000000, id)))
		return rc;
	if (r < 5)
		return 0;
	if ((rc = case_close_request(c, id, "goals_met", "服务目标已达成，经济状况好转", &appr)))
		return rc;
	if (r < 6)
		return 0;
	return case_decide(c, appr, true, "同意结案");
}

int cases_demo(struct db *db, int64_t now, struct err *e)
{
	int64_t ronggui = region_find(db, "容桂街道", e);
	if (ronggui <= 0)
		return ronggui < 0 ? (int)ronggui : 0;
	struct arena a;
	arena_init(&a, 0);
	struct ctx c = ctx_system(db, now, &a, e);
	int rc = 0;
	int64_t org = 0;
	const char *org_name = "顺德区鹏星社会工作服务中心";
	if ((rc = db_int(db, e, &org, "SELECT id FROM organisations WHERE name=?", "s", org_name)) < 0)
		goto done;
	if (!rc && (rc = db_int(db, e, &org,
				"INSERT INTO organisations (region_id, name, org_type, domain, created_at, updated_at)"
				" VALUES (?,?,'social_work_agency','elderly',?,?) RETURNING id",
				"isii", ronggui, org_name, now, now)) < 0)
		goto done;
	static const struct {
		const char *user, *name;
	} people[] = {{"swsup", "督导 麦淑贤"}, {"sw1", "社工 何敏仪"}, {"sw2", "社工 陈志文"}};
	int64_t ids[3];
	for (int i = 0; i < 3; i++) {
		if ((rc = auth_user_create_cli(db, people[i].user, people[i].name, "Demo@2026", ROLE_SOCIAL_WORKER, ronggui,
					       now, e)) ||
		    (ids[i] = user_id(db, people[i].user, e)) <= 0) {
			rc = rc ? rc : (int)ids[i];
			goto done;
		}
		if ((rc = db_exec(db, e,
				  "INSERT INTO case_staff (user_id, org_id, region_id, supervisor_id, is_supervisor, created_at,"
				  " updated_at) VALUES (?,?,?,nullif(?,0),?,?,?)",
				  "iiiiiii", ids[i], org, ronggui, i ? ids[0] : 0, (int64_t)(i == 0), now, now)))
			goto done;
	}
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if ((rc = one_case(&c, &cases[i], org, ids[1 + cases[i].worker], ids[0], (int)i + 1)))
			goto done;
done:
	arena_free(&a);
	return rc;
}
