/*
 * programme.c — the contract of programme.h: the enumerations, who may
 * read an application (prog_app_access, and the same rule as a list
 * predicate, prog_app_list_scope), the application as the review and the
 * monitoring see it, and the moves they make on it (stage, score,
 * outcome, close), each one record lifecycle with one audit entry.
 *
 * The access rule is written twice — once for one application (C over a
 * few indexed reads), once as SQL for lists — and tests/unit/test_programme.c
 * checks that both agree on every case of the rule.
 */
#include <stdio.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "modules/programme/prog_internal.h"
#include "store/list.h"
#include "store/store.h"

const char *const prog_statuses[] = {"draft", "open", "reviewing", "awarding", "monitoring", "closed", NULL};
const char *const prog_award_rules[] = {"ranked_full", "threshold_percent", NULL};
const char *const prog_applicant_types[] = {"social_org", "party_org", "gov_unit", "enterprise", "self_governing",
					    NULL};
const char *const prog_domains[] = {"community_building", "professional_governance", "rural_revival",
				    "community_elderly",  "sector_support",          "disability",
				    "women_children",     "targeted_aid",            "rural_culture",
				    "sustainable",        NULL};
const char *const prog_region_scopes[] = {"town", "district", "multi", NULL};
const char *const prog_kinds[] = {"service", "hardware", NULL};
const char *const prog_app_statuses[] = {"draft",   "submitted",   "withdrawn", "in_review",
					 "rejected", "awarded", "not_awarded", "closed", NULL};
const char *const prog_stages[] = {"qualification", "material",    "site_visit", "optimisation",
				   "due_diligence", "defence", "publication", "award", NULL};
const char *const prog_outcomes[] = {"funded", "not_funded", NULL};
const char *const prog_partner_roles[] = {"partner", "community", NULL};

static const struct col app_cols[] = {
	{"id", "编号", COL_INT},
	{"programme_id", "项目年度", COL_INT},
	{"code", "申报编号", COL_TEXT},
	{"title", "项目名称", COL_TEXT},
	{"org_id", "申报组织", COL_INT},
	{"applicant_name", "申报主体", COL_TEXT},
	{"applicant_type", "主体类型", COL_TEXT},
	{"joint", "联合申报", COL_BOOL},
	{"domain", "领域", COL_TEXT},
	{"plate_id", "板块", COL_INT},
	{"pfund_id", "专项资金", COL_INT},
	{"region_scope", "服务范围", COL_TEXT},
	{"region_id", "区域", COL_INT},
	{"kind", "类别", COL_TEXT},
	{"requested", "申请金额（分）", COL_INT},
	{"summary", "项目简介", COL_TEXT},
	{"outcomes", "预期成效", COL_TEXT},
	{"status", "状态", COL_TEXT},
	{"stage", "评审阶段", COL_TEXT},
	{"score", "得分", COL_DOUBLE},
	{"awarded", "资助金额（分）", COL_INT},
	{"outcome", "结果", COL_TEXT},
	{"outcome_reason", "原因", COL_TEXT},
	{"imported", "历史导入", COL_BOOL},
	{"created_by", "申报账号", COL_INT},
	{"submitted_at", "提交时间", COL_TIME},
	{"withdrawn_at", "撤回时间", COL_TIME},
	{"version", "版本", COL_INT},
	{"created_at", "创建时间", COL_TIME},
	{"updated_at", "更新时间", COL_TIME},
};
const struct record_kind prog_app_kind = {
	.entity = "prog_application", .what_zh = "申报项目", .what_en = "application",
	.head_sql = "SELECT a.id, a.region_id, a.version, g.path FROM prog_applications a JOIN regions g ON g.id=a.region_id"
		    " WHERE a.id=?",
	.row_sql = "SELECT id, programme_id, code, title, org_id, applicant_name, applicant_type, joint, domain, plate_id,"
		   " pfund_id, region_scope, region_id, kind, requested, summary, outcomes, status, stage, score, awarded,"
		   " outcome, outcome_reason, imported, created_by, submitted_at, withdrawn_at, version, created_at,"
		   " updated_at FROM prog_applications WHERE id=?",
	.cols = app_cols, .ncols = (int)(sizeof app_cols / sizeof app_cols[0]),
	.read_roles = ROLES_ANY,
};

bool prog_in(const char *const *list, const char *v)
{
	for (int i = 0; v && list[i]; i++)
		if (strcmp(list[i], v) == 0)
			return true;
	return false;
}

int prog_not_found(struct err *e)
{
	return err_set(e, ERR_NOT_FOUND, "id", "没有这个申报项目", "no such application");
}

/* ---------- who may read an application ---------- */

int prog_expert_conflicted(struct ctx *c, int64_t expert_id, int64_t app_id, bool *out)
{
	int64_t n = 0;
	int rc = db_int(c->db, c->e, &n,
			"SELECT count(*) FROM prog_conflicts k, prog_applications a WHERE k.expert_id=? AND a.id=?"
			" AND (k.application_id=a.id OR k.org_id=a.org_id OR k.org_id IN"
			" (SELECT p.org_id FROM prog_partners p WHERE p.application_id=a.id AND p.org_id IS NOT NULL))",
			"ii", expert_id, app_id);
	if (rc < 0)
		return rc;
	*out = n > 0;
	return 0;
}

int prog_app_access(struct ctx *c, int64_t app_id, enum prog_access *out)
{
	*out = PROG_NONE;
	struct stmt *st = NULL;
	int rc = db_row(c->db, c->e, &st,
			"SELECT a.programme_id, coalesce(a.created_by, 0), pr.path, ar.path, coalesce(orr.path, '')"
			" FROM prog_applications a JOIN programmes p ON p.id=a.programme_id"
			" JOIN regions pr ON pr.id=p.region_id JOIN regions ar ON ar.id=a.region_id"
			" LEFT JOIN organisations o ON o.id=a.org_id LEFT JOIN regions orr ON orr.id=o.region_id"
			" WHERE a.id=?",
			"i", app_id);
	if (rc <= 0)
		return rc;
	int64_t programme_id = col_int(st, 0), created_by = col_int(st, 1);
	const char *ppath = arena_strdup(c->a, col_text(st, 2));
	const char *apath = arena_strdup(c->a, col_text(st, 3));
	const char *opath = arena_strdup(c->a, col_text(st, 4));
	stmt_done(st);
	if (!c->who) {
		*out = PROG_STAFF_WRITE;
		return 0;
	}
	/* Is the caller an expert of this programme? A conflicted one sees
	 * nothing of the application, whatever else they are. */
	int64_t expert_id = 0;
	if ((rc = db_int(c->db, c->e, &expert_id, "SELECT id FROM prog_experts WHERE programme_id=? AND user_id=?", "ii",
			 programme_id, c->who->user_id)) < 0)
		return rc;
	if (rc) {
		bool conflicted = false;
		if ((rc = prog_expert_conflicted(c, expert_id, app_id, &conflicted)) < 0)
			return rc;
		if (conflicted)
			return 0;
	}
	if (auth_covers_path(c->who, R(ROLE_DISTRICT_ADMIN), ppath)) {
		*out = PROG_STAFF_WRITE;
		return 0;
	}
	if (auth_covers_path(c->who, R(ROLE_TOWN_ADMIN) | R(ROLE_COMMUNITY_STAFF), apath)) {
		*out = PROG_STAFF_READ;
		return 0;
	}
	if ((created_by && created_by == c->who->user_id) ||
	    (*opath && auth_covers_path(c->who, R(ROLE_ORG_ADMIN), opath))) {
		*out = PROG_APPLICANT;
		return 0;
	}
	if (expert_id) {
		int64_t n = 0;
		if ((rc = db_int(c->db, c->e, &n,
				 "SELECT count(*) FROM prog_assignments s JOIN prog_stages w ON w.programme_id=? AND"
				 " w.stage=s.stage WHERE s.application_id=? AND s.expert_id=? AND s.status<>'recused'"
				 " AND w.opens_at<=? AND w.closes_at>?",
				 "iiiii", programme_id, app_id, expert_id, c->now, c->now)) < 0)
			return rc;
		if (n > 0)
			*out = PROG_EXPERT;
	}
	return 0;
}

/* The same rule over a list of applications aliased `a`. */
int prog_app_list_scope(struct ctx *c, int64_t programme_id, struct list_q *q)
{
	if (!c->who)
		return 0;
	int64_t expert_id = 0;
	int rc;
	if (programme_id &&
	    (rc = db_int(c->db, c->e, &expert_id, "SELECT id FROM prog_experts WHERE programme_id=? AND user_id=?",
			 "ii", programme_id, c->who->user_id)) < 0)
		return rc;
	bool any_expert = expert_id != 0;
	if (!programme_id) {
		int64_t n = 0;
		if ((rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM prog_experts WHERE user_id=?", "i",
				 c->who->user_id)) < 0)
			return rc;
		any_expert = n > 0;
	}
	if (any_expert)
		list_where(q,
			   "NOT EXISTS (SELECT 1 FROM prog_experts x JOIN prog_conflicts k ON k.expert_id=x.id"
			   " WHERE x.programme_id=a.programme_id AND x.user_id=? AND (k.application_id=a.id OR"
			   " k.org_id=a.org_id OR k.org_id IN (SELECT pp.org_id FROM prog_partners pp"
			   " WHERE pp.application_id=a.id AND pp.org_id IS NOT NULL)))",
			   "i", c->who->user_id);
	if (programme_id) {
		char *ppath = NULL;
		if ((rc = db_text(c->db, c->e, c->a, &ppath,
				  "SELECT r.path FROM programmes p JOIN regions r ON r.id=p.region_id WHERE p.id=?", "i",
				  programme_id)) < 0)
			return rc;
		if (ppath && auth_covers_path(c->who, R(ROLE_DISTRICT_ADMIN), ppath))
			return 0;
	}
	/* A district admin over no programme filter: their programmes. */
	list_where(q,
		   "(EXISTS (SELECT 1 FROM programmes p0 JOIN regions pr ON pr.id=p0.region_id JOIN user_grants g"
		   " ON g.user_id=? AND g.role='district_admin' JOIN regions gr ON gr.id=g.region_id WHERE p0.id=a.programme_id"
		   " AND pr.path>=gr.path AND pr.path<substr(gr.path, 1, length(gr.path)-1) || '0')"
		   " OR a.created_by=?"
		   " OR EXISTS (SELECT 1 FROM regions ar JOIN user_grants g ON g.user_id=? AND g.role IN"
		   " ('town_admin','community_staff') JOIN regions gr ON gr.id=g.region_id WHERE ar.id=a.region_id"
		   " AND ar.path>=gr.path AND ar.path<substr(gr.path, 1, length(gr.path)-1) || '0')"
		   " OR EXISTS (SELECT 1 FROM organisations o JOIN regions orr ON orr.id=o.region_id JOIN user_grants g"
		   " ON g.user_id=? AND g.role='org_admin' JOIN regions gr ON gr.id=g.region_id WHERE o.id=a.org_id"
		   " AND orr.path>=gr.path AND orr.path<substr(gr.path, 1, length(gr.path)-1) || '0')"
		   " OR EXISTS (SELECT 1 FROM prog_assignments s JOIN prog_experts x ON x.id=s.expert_id"
		   " JOIN prog_stages w ON w.programme_id=a.programme_id AND w.stage=s.stage"
		   " WHERE s.application_id=a.id AND x.user_id=? AND s.status<>'recused' AND w.opens_at<=? AND w.closes_at>?))",
		   "iiiiiii", c->who->user_id, c->who->user_id, c->who->user_id, c->who->user_id, c->who->user_id,
		   c->now, c->now);
	return 0;
}

int prog_programme_admin(struct ctx *c, int64_t programme_id)
{
	char *path = NULL;
	int rc = db_text(c->db, c->e, c->a, &path,
			 "SELECT r.path FROM programmes p JOIN regions r ON r.id=p.region_id WHERE p.id=?", "i",
			 programme_id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_NOT_FOUND, "programme_id", "没有这个项目年度", "no such programme");
	if (!c->who || auth_covers_path(c->who, R(ROLE_DISTRICT_ADMIN), path))
		return 0;
	return err_set(c->e, ERR_FORBIDDEN, "programme_id", "只有区级管理员可以管理项目年度",
		       "only a district admin over the programme may administer it");
}

/* ---------- the application as the review and monitoring see it ---------- */

int prog_app_read(struct ctx *c, int64_t app_id, struct prog_app *o)
{
	struct stmt *st = NULL;
	int rc = db_row(c->db, c->e, &st,
			"SELECT id, programme_id, coalesce(org_id,0), coalesce(plate_id,0), coalesce(pfund_id,0), region_id,"
			" coalesce(created_by,0), code, title, applicant_name, applicant_type, domain, region_scope, kind,"
			" status, stage, outcome, joint, score, requested, awarded, version FROM prog_applications WHERE id=?",
			"i", app_id);
	if (rc < 0)
		return rc;
	if (!rc)
		return prog_not_found(c->e);
	memset(o, 0, sizeof *o);
	o->id = col_int(st, 0);
	o->programme_id = col_int(st, 1);
	o->org_id = col_int(st, 2);
	o->plate_id = col_int(st, 3);
	o->pfund_id = col_int(st, 4);
	o->region_id = col_int(st, 5);
	o->created_by = col_int(st, 6);
	o->code = arena_strdup(c->a, col_text(st, 7));
	o->title = arena_strdup(c->a, col_text(st, 8));
	o->applicant_name = arena_strdup(c->a, col_text(st, 9));
	o->applicant_type = arena_strdup(c->a, col_text(st, 10));
	o->domain = arena_strdup(c->a, col_text(st, 11));
	o->region_scope = arena_strdup(c->a, col_text(st, 12));
	o->kind = arena_strdup(c->a, col_text(st, 13));
	o->status = arena_strdup(c->a, col_text(st, 14));
	o->stage = col_null(st, 15) ? NULL : arena_strdup(c->a, col_text(st, 15));
	o->outcome = col_null(st, 16) ? NULL : arena_strdup(c->a, col_text(st, 16));
	o->joint = col_int(st, 17) != 0;
	o->has_score = !col_null(st, 18);
	o->score = o->has_score ? col_double(st, 18) : 0;
	o->requested = col_int(st, 19);
	o->awarded = col_int(st, 20);
	o->version = col_int(st, 21);
	stmt_done(st);
	return 0;
}

int prog_app_get(struct ctx *c, int64_t app_id, struct prog_app *out)
{
	enum prog_access acc = PROG_NONE;
	int rc = prog_app_access(c, app_id, &acc);
	if (rc < 0)
		return rc;
	if (acc == PROG_NONE)
		return prog_not_found(c->e);
	return prog_app_read(c, app_id, out);
}

/* Load for a move by another area: the caller must be able to read it
 * (404 otherwise); which moves it may make is that area's rule. */
static int load_for_move(struct ctx *c, int64_t app_id, int64_t version, struct record *r)
{
	enum prog_access acc = PROG_NONE;
	int rc = prog_app_access(c, app_id, &acc);
	if (rc < 0)
		return rc;
	if (acc == PROG_NONE)
		return prog_not_found(c->e);
	if ((rc = record_head(c, &prog_app_kind, app_id, r)))
		return rc;
	return record_begin(c, r, version > 0 ? version : -1);
}

int prog_app_set_stage(struct ctx *c, int64_t app_id, const char *stage, const char *status, int64_t version)
{
	if (stage && !prog_in(prog_stages, stage))
		return err_set(c->e, ERR_INVALID, "stage", "评审阶段不在列表中", "unknown stage");
	if (status && !prog_in((const char *const[]){"in_review", "rejected", "awarded", "not_awarded", NULL}, status))
		return err_set(c->e, ERR_INVALID, "status", "状态只能是评审中、未通过、获资助或未获资助",
			       "status: in_review, rejected, awarded or not_awarded");
	struct record r;
	int rc = load_for_move(c, app_id, version, &r);
	if (rc)
		return rc;
	char *cur = NULL;
	if ((rc = db_text(c->db, c->e, c->a, &cur, "SELECT status FROM prog_applications WHERE id=?", "i", app_id)) < 0)
		return rc;
	if (cur && (!strcmp(cur, "draft") || !strcmp(cur, "withdrawn")))
		return err_set(c->e, ERR_RULE, "status", "草稿或已撤回的申报不能进入评审",
			       "a draft or withdrawn application is not in the review");
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE prog_applications SET stage=coalesce(?, stage), status=coalesce(?, status),"
			  " version=version+1, updated_at=? WHERE id=?",
			  "ssii", stage, status, c->now, app_id)))
		return rc;
	return record_commit(c, &r, "stage");
}

int prog_app_set_score(struct ctx *c, int64_t app_id, bool has_score, double score)
{
	if (has_score && !(score >= 0 && score <= 100))
		return err_set(c->e, ERR_INVALID, "score", "得分须在 0 至 100 之间", "score: 0 to 100");
	struct record r;
	int rc = load_for_move(c, app_id, 0, &r);
	if (rc)
		return rc;
	if (has_score)
		rc = db_exec(c->db, c->e, "UPDATE prog_applications SET score=?, version=version+1, updated_at=? WHERE id=?",
			     "dii", score, c->now, app_id);
	else
		rc = db_exec(c->db, c->e,
			     "UPDATE prog_applications SET score=NULL, version=version+1, updated_at=? WHERE id=?", "ii",
			     c->now, app_id);
	if (rc)
		return rc;
	return record_commit(c, &r, "score");
}

int prog_app_set_outcome(struct ctx *c, int64_t app_id, const char *outcome, int64_t awarded, const char *reason)
{
	if (!prog_in(prog_outcomes, outcome))
		return err_set(c->e, ERR_INVALID, "outcome", "结果只能是获资助或未获资助", "outcome: funded or not_funded");
	bool funded = !strcmp(outcome, "funded");
	if (funded ? awarded <= 0 : awarded != 0)
		return err_set(c->e, ERR_INVALID, "awarded", "获资助须有资助金额，未获资助金额为零",
			       "funded needs an amount above zero, not funded none");
	struct record r;
	int rc = load_for_move(c, app_id, 0, &r);
	if (rc)
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE prog_applications SET outcome=?, awarded=?, outcome_reason=?, status=?,"
			  " version=version+1, updated_at=? WHERE id=?",
			  "sissii", outcome, awarded, reason ? reason : "", funded ? "awarded" : "not_awarded", c->now,
			  app_id)))
		return rc;
	return record_commit(c, &r, "outcome");
}

int prog_app_close(struct ctx *c, int64_t app_id)
{
	struct record r;
	int rc = load_for_move(c, app_id, 0, &r);
	if (rc)
		return rc;
	int64_t ok = 0;
	if ((rc = db_int(c->db, c->e, &ok, "SELECT count(*) FROM prog_applications WHERE id=? AND outcome='funded'", "i",
			 app_id)) < 0)
		return rc;
	if (!ok)
		return err_set(c->e, ERR_RULE, "status", "只有获资助的项目可以结项", "only a funded project can be closed");
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE prog_applications SET status='closed', version=version+1, updated_at=? WHERE id=?", "ii",
			  c->now, app_id)))
		return rc;
	return record_commit(c, &r, "close");
}

/* ---------- funds, history, the vitality index ---------- */

int prog_fund_get(struct ctx *c, int64_t pfund_id, struct prog_fund *o)
{
	struct stmt *st = NULL;
	int rc = db_row(c->db, c->e, &st,
			"SELECT f.id, f.programme_id, coalesce(f.plate_id,0), coalesce(f.fund_id,0), f.name, f.funder, f.budget,"
			" (SELECT coalesce(sum(a.awarded),0) FROM prog_applications a WHERE a.pfund_id=f.id AND"
			" a.outcome='funded') FROM prog_funds f WHERE f.id=?",
			"i", pfund_id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_NOT_FOUND, "pfund_id", "没有这个专项资金", "no such special fund");
	o->id = col_int(st, 0);
	o->programme_id = col_int(st, 1);
	o->plate_id = col_int(st, 2);
	o->fund_id = col_int(st, 3);
	o->name = arena_strdup(c->a, col_text(st, 4));
	o->funder = arena_strdup(c->a, col_text(st, 5));
	o->budget = col_int(st, 6);
	o->awarded = col_int(st, 7);
	stmt_done(st);
	return 0;
}

int prog_org_history(struct ctx *c, int64_t org_id, int before_year, int *applied, int *funded)
{
	struct stmt *st = NULL;
	int rc = db_row(c->db, c->e, &st,
			"SELECT count(*), coalesce(sum(CASE WHEN a.outcome='funded' THEN 1 ELSE 0 END),0)"
			" FROM prog_applications a JOIN programmes p ON p.id=a.programme_id"
			" WHERE a.org_id=? AND p.year<? AND a.status NOT IN ('draft','withdrawn')",
			"ii", org_id, (int64_t)before_year);
	if (rc < 0)
		return rc;
	*applied = rc ? (int)col_int(st, 0) : 0;
	*funded = rc ? (int)col_int(st, 1) : 0;
	stmt_done(st);
	return 0;
}

int prog_funded_by_region(struct ctx *c, int year, int (*fn)(void *arg, int64_t region_id, int n), void *arg)
{
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT rid, count(*) FROM ("
			       " SELECT p.region_id AS rid, a.id AS aid FROM prog_applications a"
			       " JOIN programmes g ON g.id=a.programme_id JOIN prog_partners p ON p.application_id=a.id"
			       " WHERE g.year=? AND a.outcome='funded' AND p.role='community' AND p.region_id IS NOT NULL"
			       " UNION"
			       " SELECT a.region_id AS rid, a.id AS aid FROM prog_applications a"
			       " JOIN programmes g ON g.id=a.programme_id"
			       " WHERE g.year=? AND a.outcome='funded' AND a.region_scope='town' AND NOT EXISTS"
			       " (SELECT 1 FROM prog_partners p WHERE p.application_id=a.id AND p.role='community'"
			       " AND p.region_id IS NOT NULL)"
			       ") t GROUP BY rid ORDER BY rid",
			       "ii", (int64_t)year, (int64_t)year);
	if (!st)
		return c->e->code ? c->e->code : ERR_STORE;
	int rc;
	while ((rc = stmt_step(st, c->e)) == 1)
		if ((rc = fn(arg, col_int(st, 0), (int)col_int(st, 1))))
			break;
	stmt_done(st);
	return rc < 0 ? rc : 0;
}
