/*
 * pb_budget.c — participatory budgets' logic (budget.h): budgets and their
 * phases, proposals and review, support, ballots, the tally with its
 * overrides, and the execution's milestones. The counting rules are
 * pb_tally.c's; the winners' grants pb_award.c's.
 *
 * Scope: a budget belongs to a community. Its organisers are the staff
 * covering it (community staff, town and district admins); anyone whose
 * grants cover it reads it (a resident's grant is her community); a voter
 * is a verified resident living in it whose account is linked to her
 * person (people.user_id).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/fields.h"
#include "modules/budget/budget.h"
#include "modules/budget/pb_internal.h"
#include "store/store.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct col budget_cols[] = {
	{"id", "编号", COL_INT},
	{"region_id", "社区", COL_INT},
	{"region_name", "社区名称", COL_TEXT},
	{"fund_id", "基金", COL_INT},
	{"title", "名称", COL_TEXT},
	{"description", "说明", COL_TEXT},
	{"total_fen", "预算（分）", COL_INT},
	{"rule", "投票规则", COL_TEXT},
	{"max_projects", "最多项目数", COL_INT},
	{"min_projects", "最少项目数", COL_INT},
	{"min_share_pct", "最低预算比例", COL_INT},
	{"part_fund", "余额补助下一项目", COL_BOOL},
	{"min_supports", "入围所需支持数", COL_INT},
	{"phase", "阶段", COL_TEXT},
	{"proposals_from", "征集开始", COL_TIME},
	{"proposals_to", "征集结束", COL_TIME},
	{"review_from", "评审开始", COL_TIME},
	{"review_to", "评审结束", COL_TIME},
	{"support_from", "支持开始", COL_TIME},
	{"support_to", "支持结束", COL_TIME},
	{"voting_from", "投票开始", COL_TIME},
	{"voting_to", "投票结束", COL_TIME},
	{"results_at", "公布结果", COL_TIME},
	{"execution_from", "实施开始", COL_TIME},
	{"tallied_at", "计票时间", COL_TIME},
	{"ballots", "选票数", COL_INT},
	{"blank_ballots", "空白票数", COL_INT},
	{"funded_fen", "资助合计（分）", COL_INT},
	{"remainder_fen", "结余（分）", COL_INT},
	{"version", "版本", COL_INT},
	{"created_at", "创建时间", COL_TIME},
	{"updated_at", "更新时间", COL_TIME},
};
const struct record_kind pb_budget_kind = {
	.entity = "pb_budget", .what_zh = "参与式预算", .what_en = "participatory budget",
	.head_sql = "SELECT b.id, b.region_id, b.version, g.path FROM pb_budgets b JOIN regions g ON g.id=b.region_id"
		    " WHERE b.id=?",
	.row_sql = "SELECT b.id, b.region_id, g.name, b.fund_id, b.title, b.description, b.total_fen, b.rule,"
		   " b.max_projects, b.min_projects, b.min_share_pct, b.part_fund, b.min_supports, b.phase,"
		   " b.proposals_from, b.proposals_to, b.review_from, b.review_to, b.support_from, b.support_to,"
		   " b.voting_from, b.voting_to, b.results_at, b.execution_from, b.tallied_at, b.ballots,"
		   " b.blank_ballots, b.funded_fen, b.remainder_fen, b.version, b.created_at, b.updated_at"
		   " FROM pb_budgets b JOIN regions g ON g.id=b.region_id WHERE b.id=?",
	.cols = budget_cols, .ncols = N(budget_cols), .read_roles = ROLES_ANY,
};

static const struct col project_cols[] = {
	{"id", "编号", COL_INT},
	{"budget_id", "预算", COL_INT},
	{"region_id", "社区", COL_INT},
	{"title", "项目名称", COL_TEXT},
	{"description", "说明", COL_TEXT},
	{"location", "地点", COL_TEXT},
	{"cost_fen", "预算金额（分）", COL_INT},
	{"proposer_name", "提议人", COL_TEXT},
	{"status", "状态", COL_TEXT},
	{"review_reason", "评审意见", COL_TEXT},
	{"reviewed_at", "评审时间", COL_TIME},
	{"supports", "支持数", COL_INT},
	{"grant_id", "资助", COL_INT},
	{"transfer_id", "账目", COL_INT},
	{"version", "版本", COL_INT},
	{"created_at", "提出时间", COL_TIME},
	{"updated_at", "更新时间", COL_TIME},
};
const struct record_kind pb_project_kind = {
	.entity = "pb_project", .what_zh = "预算项目", .what_en = "budget project",
	.head_sql = "SELECT p.id, p.region_id, p.version, g.path FROM pb_projects p JOIN regions g ON g.id=p.region_id"
		    " WHERE p.id=?",
	.row_sql = "SELECT id, budget_id, region_id, title, description, location, cost_fen, proposer_name, status,"
		   " review_reason, reviewed_at, supports, grant_id, transfer_id, version, created_at, updated_at"
		   " FROM pb_projects WHERE id=?",
	.cols = project_cols, .ncols = N(project_cols), .read_roles = ROLES_ANY,
};

/* A ballot's snapshot holds no choice: the audit log shows that a person
 * voted or changed the ballot, how many projects and what they cost, never
 * which (the vote is secret from the staff reading the log). */
static const struct col ballot_cols[] = {
	{"id", "编号", COL_INT},          {"budget_id", "预算", COL_INT},  {"blank", "空白票", COL_BOOL},
	{"projects", "所选项目数", COL_INT}, {"cost_fen", "所选合计（分）", COL_INT}, {"version", "版本", COL_INT},
	{"created_at", "投票时间", COL_TIME}, {"updated_at", "更新时间", COL_TIME},
};
const struct record_kind pb_ballot_kind = {
	.entity = "pb_ballot", .what_zh = "选票", .what_en = "ballot",
	.head_sql = "SELECT t.id, b.region_id, t.version, g.path FROM pb_ballots t JOIN pb_budgets b ON b.id=t.budget_id"
		    " JOIN regions g ON g.id=b.region_id WHERE t.id=?",
	.row_sql = "SELECT id, budget_id, blank, projects, cost_fen, version, created_at, updated_at FROM pb_ballots"
		   " WHERE id=?",
	.cols = ballot_cols, .ncols = N(ballot_cols), .read_roles = ROLES_ANY,
};

static const struct col override_cols[] = {
	{"id", "编号", COL_INT},      {"budget_id", "预算", COL_INT},         {"project_id", "项目", COL_INT},
	{"action", "调整", COL_TEXT}, {"reason", "理由", COL_TEXT},           {"created_by_name", "调整人", COL_TEXT},
	{"version", "版本", COL_INT}, {"created_at", "调整时间", COL_TIME},
};
const struct record_kind pb_override_kind = {
	.entity = "pb_override", .what_zh = "结果调整", .what_en = "override",
	.head_sql = "SELECT o.id, o.region_id, o.version, g.path FROM pb_overrides o JOIN regions g ON g.id=o.region_id"
		    " WHERE o.id=?",
	.row_sql = "SELECT id, budget_id, project_id, action, reason, created_by_name, version, created_at"
		   " FROM pb_overrides WHERE id=?",
	.cols = override_cols, .ncols = N(override_cols), .read_roles = ROLES_ANY,
};

static const struct col milestone_cols[] = {
	{"id", "编号", COL_INT},          {"project_id", "项目", COL_INT},    {"budget_id", "预算", COL_INT},
	{"title", "节点", COL_TEXT},       {"due_date", "计划日期", COL_TEXT}, {"progress", "进度", COL_INT},
	{"note", "说明", COL_TEXT},        {"done_at", "完成时间", COL_TIME},  {"version", "版本", COL_INT},
	{"created_at", "创建时间", COL_TIME}, {"updated_at", "更新时间", COL_TIME},
};
const struct record_kind pb_milestone_kind = {
	.entity = "pb_milestone", .what_zh = "实施节点", .what_en = "milestone",
	.head_sql = "SELECT m.id, m.region_id, m.version, g.path FROM pb_milestones m JOIN regions g ON g.id=m.region_id"
		    " WHERE m.id=?",
	.row_sql = "SELECT id, project_id, budget_id, title, due_date, progress, note, done_at, version, created_at,"
		   " updated_at FROM pb_milestones WHERE id=?",
	.cols = milestone_cols, .ncols = N(milestone_cols), .read_roles = ROLES_ANY,
};

/* ---------- helpers ---------- */

int pb_phase_index(const char *phase)
{
	for (int i = 0; pb_phases[i]; i++)
		if (!strcmp(pb_phases[i], phase))
			return i;
	return -1;
}

int pb_head_load(struct ctx *c, int64_t id, struct pb_head *h)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT b.id, b.region_id, b.fund_id, b.total_fen, b.rule, b.max_projects, b.min_projects,"
			" b.min_share_pct, b.part_fund, b.min_supports, b.phase, b.voting_from, b.voting_to, g.path,"
			" b.version, b.title"
			" FROM pb_budgets b JOIN regions g ON g.id=b.region_id WHERE b.id=?",
			"i", id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这个参与式预算", "no such participatory budget");
	*h = (struct pb_head){
		.id = col_int(st, 0), .region_id = col_int(st, 1), .fund_id = col_null(st, 2) ? 0 : col_int(st, 2),
		.total_fen = col_int(st, 3), .max_projects = col_int(st, 5), .min_projects = col_int(st, 6),
		.min_share_pct = col_int(st, 7), .part_fund = col_int(st, 8) != 0, .min_supports = col_int(st, 9),
		.voting_from = col_null(st, 11) ? 0 : col_int(st, 11), .voting_to = col_null(st, 12) ? 0 : col_int(st, 12),
		.version = col_int(st, 14),
	};
	for (int i = 0; pb_rules[i]; i++)
		if (!strcmp(pb_rules[i], col_text(st, 4)))
			h->rule = pb_rules[i];
	h->phase_i = pb_phase_index(col_text(st, 10));
	h->phase = pb_phases[h->phase_i];
	h->path = arena_strdup(c->a, col_text(st, 13));
	h->title = arena_strdup(c->a, col_text(st, 15));
	stmt_done(st);
	return 0;
}

/* Load the budget for the caller: anyone who may read it (mask 0) or its
 * organisers (ROLES_STAFF). */
static int budget_for(struct ctx *c, int64_t id, unsigned mask, struct pb_head *h)
{
	struct record r;
	int rc = record_load(c, &pb_budget_kind, id, mask, &r);
	return rc ? rc : pb_head_load(c, id, h);
}

int pb_budget_visible(struct ctx *c, int64_t id, bool *staff)
{
	struct pb_head h;
	int rc = budget_for(c, id, 0, &h);
	if (rc)
		return rc;
	*staff = !c->who || auth_covers_path(c->who, ROLES_STAFF, h.path);
	return 0;
}

static int phase_refused(struct ctx *c, const struct pb_head *h, const char *zh, const char *en)
{
	static const char *const zh_phase[] = {"筹备", "征集", "评审", "支持", "投票", "结果", "实施", "结束"};
	err_set(c->e, ERR_RULE, "phase", zh, en);
	size_t nz = strlen(c->e->message), ne = strlen(c->e->message_en);
	snprintf(c->e->message + nz, sizeof c->e->message - nz, "（当前阶段：%s）", zh_phase[h->phase_i]);
	snprintf(c->e->message_en + ne, sizeof c->e->message_en - ne, " (the budget is in its %s phase)", h->phase);
	return ERR_RULE;
}

/* The subtree bounds of a path: [path, upper). */
static char *path_upper(struct ctx *c, const char *path)
{
	char *u = arena_strdup(c->a, path);
	size_t n = strlen(u);
	if (n)
		u[n - 1] = '0'; /* '/' + 1 */
	return u;
}

int pb_voter(struct ctx *c, int64_t budget_id, int64_t *person_id)
{
	*person_id = 0;
	if (!c->who)
		return 0;
	struct pb_head h;
	int rc = pb_head_load(c, budget_id, &h);
	if (rc)
		return rc;
	rc = db_int(c->db, c->e, person_id,
		    "SELECT p.id FROM people p JOIN regions g ON g.id=p.region_id WHERE p.user_id=?"
		    " AND p.verified_at IS NOT NULL AND p.status='active' AND g.path >= ? AND g.path < ?",
		    "iss", c->who->user_id, h.path, path_upper(c, h.path));
	if (rc == 0)
		*person_id = 0;
	return rc < 0 ? rc : 0;
}

static int need_voter(struct ctx *c, int64_t budget_id, int64_t *person_id)
{
	int rc = pb_voter(c, budget_id, person_id);
	if (rc)
		return rc;
	if (!*person_id)
		return err_set(c->e, ERR_FORBIDDEN, "person",
			       "只有本社区已核实身份的居民（账号已关联居民档案）才能参与",
			       "only verified residents of the community (whose account is linked to their record) take part");
	return 0;
}

static const char *caller_name(struct ctx *c)
{
	if (!c->who)
		return "系统";
	return c->who->display_name && *c->who->display_name ? c->who->display_name : c->who->username;
}

static int tally_run(struct ctx *c, struct record *rp, const struct pb_head *hp);

/* ---------- budgets ---------- */

static int check_settings(struct ctx *c, const struct pb_budget_in *in)
{
	if (!strcmp(in->rule, "approval") && in->max_projects < 1)
		return err_set(c->e, ERR_RULE, "max_projects", "赞成投票制须规定最多可选项目数",
			       "an approval vote needs the most projects a voter may choose");
	if (!strcmp(in->rule, "range") && (in->max_projects < 1 || in->min_projects > in->max_projects))
		return err_set(c->e, ERR_RULE, "max_projects", "须规定最少与最多项目数（最少不大于最多）",
			       "a range vote needs a minimum and a maximum number of projects (minimum ≤ maximum)");
	if (!strcmp(in->rule, "min_share") && in->min_share_pct < 1)
		return err_set(c->e, ERR_RULE, "min_share_pct", "须规定最低使用预算的比例",
			       "a minimum-share vote needs the share of the budget a ballot must use");
	/* the dates, in order where given */
	const int64_t d[] = {in->proposals_from, in->proposals_to, in->review_from, in->review_to,
			     in->support_from,   in->support_to,   in->voting_from, in->voting_to,
			     in->results_at,     in->execution_from};
	static const char *const names[] = {"proposals_from", "proposals_to", "review_from", "review_to",
					    "support_from",   "support_to",   "voting_from", "voting_to",
					    "results_at",     "execution_from"};
	int64_t last = 0;
	for (int i = 0; i < N(d); i++) {
		if (!d[i])
			continue;
		if (d[i] < last)
			return err_setf(c->e, ERR_RULE, names[i], "%s 早于前一阶段的日期", "%s comes before the phase before it",
					names[i]);
		last = d[i];
	}
	return 0;
}

int pb_budget_create(struct ctx *c, const struct pb_budget_in *in, int64_t *id)
{
	int rc;
	if (c->who && (rc = auth_scope_region(c->db, c->who, ROLES_STAFF, in->region_id, c->e)))
		return rc;
	char *level = NULL;
	if ((rc = db_text(c->db, c->e, c->a, &level, "SELECT level FROM regions WHERE id=?", "i", in->region_id)) < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "region_id", "没有这个区域", "no such region");
	if (strcmp(level, "community"))
		return err_set(c->e, ERR_RULE, "region_id", "参与式预算属于一个社区", "a participatory budget belongs to a community");
	if ((rc = check_settings(c, in)) || (rc = pb_fund_check(c, in->fund_id, in->region_id)))
		return rc;
	struct db_arg a[] = {
		{'i', in->region_id, 0, NULL},
		{in->fund_id ? 'i' : 'n', in->fund_id, 0, NULL},
		{'s', 0, 0, in->title},
		{'s', 0, 0, in->description ? in->description : ""},
		{'i', in->total_fen, 0, NULL},
		{'s', 0, 0, in->rule},
		{'i', in->max_projects, 0, NULL},
		{'i', in->min_projects, 0, NULL},
		{'i', in->min_share_pct, 0, NULL},
		{'i', in->part_fund ? 1 : 0, 0, NULL},
		{'i', in->min_supports, 0, NULL},
		{in->proposals_from ? 'i' : 'n', in->proposals_from, 0, NULL},
		{in->proposals_to ? 'i' : 'n', in->proposals_to, 0, NULL},
		{in->review_from ? 'i' : 'n', in->review_from, 0, NULL},
		{in->review_to ? 'i' : 'n', in->review_to, 0, NULL},
		{in->support_from ? 'i' : 'n', in->support_from, 0, NULL},
		{in->support_to ? 'i' : 'n', in->support_to, 0, NULL},
		{in->voting_from ? 'i' : 'n', in->voting_from, 0, NULL},
		{in->voting_to ? 'i' : 'n', in->voting_to, 0, NULL},
		{in->results_at ? 'i' : 'n', in->results_at, 0, NULL},
		{in->execution_from ? 'i' : 'n', in->execution_from, 0, NULL},
		{c->who ? 'i' : 'n', c->who ? c->who->user_id : 0, 0, NULL},
		{'i', c->now, 0, NULL},
		{'i', c->now, 0, NULL},
	};
	rc = db_int_a(c->db, c->e, id,
			"INSERT INTO pb_budgets (region_id, fund_id, title, description, total_fen, rule, max_projects,"
			" min_projects, min_share_pct, part_fund, min_supports, proposals_from, proposals_to,"
			" review_from, review_to, support_from, support_to, voting_from, voting_to, results_at,"
			" execution_from, created_by, created_at, updated_at)"
			" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
			DB_ARGS(a));
	if (rc < 0)
		return rc;
	return record_created(c, &pb_budget_kind, *id, in->region_id, NULL);
}

int pb_budget_update(struct ctx *c, int64_t id, const struct pb_budget_in *in)
{
	struct record r;
	struct pb_head h;
	int rc;
	if ((rc = record_load(c, &pb_budget_kind, id, ROLES_STAFF, &r)) || (rc = pb_head_load(c, id, &h)))
		return rc;
	if (h.phase_i >= pb_phase_index("voting"))
		return phase_refused(c, &h, "投票开始后不能再改预算的设置", "the settings cannot change once voting has begun");
	if ((rc = check_settings(c, in)) || (rc = pb_fund_check(c, in->fund_id, h.region_id)) ||
	    (rc = record_begin(c, &r, in->version)))
		return rc;
	struct db_arg a[] = {
		{in->fund_id ? 'i' : 'n', in->fund_id, 0, NULL},
		{'s', 0, 0, in->title},
		{'s', 0, 0, in->description ? in->description : ""},
		{'i', in->total_fen, 0, NULL},
		{'s', 0, 0, in->rule},
		{'i', in->max_projects, 0, NULL},
		{'i', in->min_projects, 0, NULL},
		{'i', in->min_share_pct, 0, NULL},
		{'i', in->part_fund ? 1 : 0, 0, NULL},
		{'i', in->min_supports, 0, NULL},
		{in->proposals_from ? 'i' : 'n', in->proposals_from, 0, NULL},
		{in->proposals_to ? 'i' : 'n', in->proposals_to, 0, NULL},
		{in->review_from ? 'i' : 'n', in->review_from, 0, NULL},
		{in->review_to ? 'i' : 'n', in->review_to, 0, NULL},
		{in->support_from ? 'i' : 'n', in->support_from, 0, NULL},
		{in->support_to ? 'i' : 'n', in->support_to, 0, NULL},
		{in->voting_from ? 'i' : 'n', in->voting_from, 0, NULL},
		{in->voting_to ? 'i' : 'n', in->voting_to, 0, NULL},
		{in->results_at ? 'i' : 'n', in->results_at, 0, NULL},
		{in->execution_from ? 'i' : 'n', in->execution_from, 0, NULL},
		{'i', c->now, 0, NULL},
		{'i', id, 0, NULL},
	};
	rc = db_exec_a(c->db, c->e,
			"UPDATE pb_budgets SET fund_id=?, title=?, description=?, total_fen=?, rule=?, max_projects=?,"
			" min_projects=?, min_share_pct=?, part_fund=?, min_supports=?, proposals_from=?,"
			" proposals_to=?, review_from=?, review_to=?, support_from=?, support_to=?, voting_from=?,"
			" voting_to=?, results_at=?, execution_from=?, version=version+1, updated_at=? WHERE id=?",
			DB_ARGS(a));
	if (rc < 0)
		return rc;
	return record_commit(c, &r, "update");
}

int pb_budget_phase(struct ctx *c, int64_t id, const char *phase, int64_t version)
{
	struct record r;
	struct pb_head h;
	int rc;
	if ((rc = record_load(c, &pb_budget_kind, id, ROLES_STAFF, &r)) || (rc = pb_head_load(c, id, &h)))
		return rc;
	int to = pb_phase_index(phase);
	if (to <= h.phase_i)
		return err_setf(c->e, ERR_RULE, "phase", "阶段只能向前推进（当前：%s）", "phases only move forward (now: %s)",
				h.phase);
	int voting = pb_phase_index("voting"), results = pb_phase_index("results"),
	    execution = pb_phase_index("execution");
	if (to > voting && h.phase_i < voting)
		return err_set(c->e, ERR_RULE, "phase", "须先经过投票阶段", "the budget must go through voting first");
	if (to >= voting && h.phase_i < voting) {
		int64_t on = 0;
		if ((rc = db_int(c->db, c->e, &on,
				 "SELECT count(*) FROM pb_projects WHERE budget_id=? AND status='feasible' AND supports >= ?",
				 "ii", id, h.min_supports)) < 0)
			return rc;
		if (on == 0)
			return err_set(c->e, ERR_RULE, "phase", "没有可投票的项目（须有评审可行且支持数达标的项目）",
				       "no project can be voted on (a feasible project with enough supports is needed)");
	}
	if ((rc = record_begin(c, &r, version)))
		return rc;
	if ((rc = db_exec(c->db, c->e, "UPDATE pb_budgets SET phase=?, version=version+1, updated_at=? WHERE id=?", "sii",
			  pb_phases[to], c->now, id)) ||
	    (rc = record_commit(c, &r, "phase")))
		return rc;
	/* the residents are told what the new phase asks of them */
	struct pb_head moved;
	if ((rc = pb_head_load(c, id, &moved)) || (rc = pb_notify_phase(c, &moved)))
		return rc;
	/* leaving voting counts the ballots; entering execution pays the winners */
	if (h.phase_i <= voting && to >= results) {
		struct pb_head now;
		if ((rc = record_head(c, &pb_budget_kind, id, &r)) || (rc = pb_head_load(c, id, &now)) ||
		    (rc = tally_run(c, &r, &now)))
			return rc;
	}
	if (h.phase_i < execution && to >= execution && (rc = pb_budget_award(c, id)))
		return rc;
	return 0;
}

/* ---------- projects ---------- */

int pb_project_propose(struct ctx *c, int64_t budget_id, const struct pb_project_in *in, int64_t *id)
{
	struct pb_head h;
	int rc;
	if ((rc = budget_for(c, budget_id, 0, &h)))
		return rc;
	bool staff = !c->who || auth_covers_path(c->who, ROLES_STAFF, h.path);
	int64_t person = 0;
	if (!staff && (rc = need_voter(c, budget_id, &person)))
		return rc;
	return pb_project_record(c, &h, in, person, id);
}

int pb_project_record(struct ctx *c, const struct pb_head *hp, const struct pb_project_in *in, int64_t person,
		      int64_t *id)
{
	const struct pb_head h = *hp;
	int64_t budget_id = h.id;
	int rc;
	if (strcmp(h.phase, "proposals"))
		return phase_refused(c, &h, "只在征集阶段提出项目", "projects are proposed in the proposals phase");
	if (in->cost_fen > h.total_fen)
		return err_set(c->e, ERR_RULE, "cost_fen", "项目金额超过本次预算总额", "the project costs more than the whole budget");
	/* a resident is shown by surname and title; staff by their name */
	const char *shown = caller_name(c);
	if (person) {
		char *name = NULL, *gender = NULL;
		if ((rc = db_text(c->db, c->e, c->a, &name, "SELECT name FROM people WHERE id=?", "i", person)) < 0 ||
		    (rc = db_text(c->db, c->e, c->a, &gender, "SELECT gender FROM people WHERE id=?", "i", person)) < 0)
			return rc;
		shown = pb_display_name(c, name, gender);
	}
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO pb_projects (budget_id, region_id, title, description, location, cost_fen,"
			 " proposer_user_id, proposer_person_id, proposer_name, created_at, updated_at)"
			 " VALUES (?,?,?,?,?,?,nullif(?, 0),nullif(?, 0),?,?,?) RETURNING id",
			 "iisssiiisii", budget_id, h.region_id, in->title, in->description ? in->description : "",
			 in->location ? in->location : "", in->cost_fen, c->who ? c->who->user_id : 0, person, shown,
			 c->now, c->now)) < 0)
		return rc;
	return record_created(c, &pb_project_kind, *id, h.region_id, NULL);
}

static int project_budget(struct ctx *c, int64_t project_id, int64_t *budget_id)
{
	int rc = db_int(c->db, c->e, budget_id, "SELECT budget_id FROM pb_projects WHERE id=?", "i", project_id);
	if (rc < 0)
		return rc;
	return rc ? 0 : err_set(c->e, ERR_NOT_FOUND, "id", "没有这个预算项目", "no such budget project");
}

int pb_project_review(struct ctx *c, int64_t id, bool feasible, const char *reason, int64_t cost_fen,
		      int64_t version)
{
	struct record r;
	struct pb_head h;
	int64_t bid;
	int rc;
	if ((rc = record_load(c, &pb_project_kind, id, ROLES_STAFF, &r)) || (rc = project_budget(c, id, &bid)) ||
	    (rc = pb_head_load(c, bid, &h)))
		return rc;
	if (strcmp(h.phase, "proposals") && strcmp(h.phase, "review"))
		return phase_refused(c, &h, "只在征集和评审阶段评审项目", "projects are reviewed in the proposals and review phases");
	char *status = NULL;
	if ((rc = db_text(c->db, c->e, c->a, &status, "SELECT status FROM pb_projects WHERE id=?", "i", id)) < 0)
		return rc;
	if (!strcmp(status, "withdrawn"))
		return err_set(c->e, ERR_RULE, "status", "项目已撤回", "the project was withdrawn");
	if (!feasible && (!reason || strlen(reason) < 2))
		return err_set(c->e, ERR_RULE, "reason", "评为不可行须写明理由", "a project found unfeasible needs the reason");
	if (cost_fen > h.total_fen)
		return err_set(c->e, ERR_RULE, "cost_fen", "项目金额超过本次预算总额", "the project costs more than the whole budget");
	if ((rc = record_begin(c, &r, version)))
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE pb_projects SET status=?, review_reason=?, reviewed_by=nullif(?, 0), reviewed_at=?,"
			  " cost_fen=CASE WHEN ? > 0 THEN ? ELSE cost_fen END, version=version+1, updated_at=? WHERE id=?",
			  "ssiiiiii", feasible ? "feasible" : "unfeasible", reason && *reason ? reason : NULL,
			  c->who ? c->who->user_id : 0, c->now, cost_fen, cost_fen, c->now, id)))
		return rc;
	return record_commit(c, &r, "review");
}

int pb_project_withdraw(struct ctx *c, int64_t id, int64_t version)
{
	struct record r;
	struct pb_head h;
	int64_t bid, proposer = 0;
	int rc;
	if ((rc = record_load(c, &pb_project_kind, id, 0, &r)) || (rc = project_budget(c, id, &bid)) ||
	    (rc = pb_head_load(c, bid, &h)))
		return rc;
	if ((rc = db_int(c->db, c->e, &proposer, "SELECT coalesce(proposer_user_id, 0) FROM pb_projects WHERE id=?", "i",
			 id)) < 0)
		return rc;
	bool staff = !c->who || auth_covers_path(c->who, ROLES_STAFF, h.path);
	if (!staff && (!proposer || proposer != c->who->user_id))
		return err_set(c->e, ERR_FORBIDDEN, "id", "只有提议人可以撤回自己的项目", "only the proposer may withdraw a project");
	if (strcmp(h.phase, "proposals") && strcmp(h.phase, "review"))
		return phase_refused(c, &h, "只在征集和评审阶段可以撤回项目", "projects are withdrawn in the proposals and review phases");
	char *status = NULL;
	if ((rc = db_text(c->db, c->e, c->a, &status, "SELECT status FROM pb_projects WHERE id=?", "i", id)) < 0)
		return rc;
	if (!strcmp(status, "withdrawn"))
		return err_set(c->e, ERR_CONFLICT, "status", "项目已撤回", "the project was already withdrawn");
	if ((rc = record_begin(c, &r, version)) ||
	    (rc = db_exec(c->db, c->e, "UPDATE pb_projects SET status='withdrawn', version=version+1, updated_at=? WHERE id=?",
			  "ii", c->now, id)))
		return rc;
	return record_commit(c, &r, "withdraw");
}

int pb_project_support(struct ctx *c, int64_t id)
{
	struct record r;
	struct pb_head h;
	int64_t bid, person;
	int rc;
	if ((rc = record_load(c, &pb_project_kind, id, 0, &r)) || (rc = project_budget(c, id, &bid)) ||
	    (rc = pb_head_load(c, bid, &h)) || (rc = need_voter(c, bid, &person)))
		return rc;
	return pb_support_record(c, id, person);
}

int pb_support_record(struct ctx *c, int64_t id, int64_t person)
{
	struct record r;
	struct pb_head h;
	int64_t bid;
	int rc;
	if ((rc = record_head(c, &pb_project_kind, id, &r)) || (rc = project_budget(c, id, &bid)) ||
	    (rc = pb_head_load(c, bid, &h)))
		return rc;
	if (strcmp(h.phase, "support"))
		return phase_refused(c, &h, "只在支持阶段支持项目", "projects are supported in the support phase");
	char *status = NULL;
	if ((rc = db_text(c->db, c->e, c->a, &status, "SELECT status FROM pb_projects WHERE id=?", "i", id)) < 0)
		return rc;
	if (strcmp(status, "feasible"))
		return err_set(c->e, ERR_RULE, "id", "只能支持评审可行的项目", "only feasible projects can be supported");
	if ((rc = db_exec(c->db, c->e,
			  "INSERT INTO pb_supports (project_id, person_id, budget_id, created_at) VALUES (?,?,?,?)"
			  " ON CONFLICT (project_id, person_id) DO NOTHING",
			  "iiii", id, person, bid, c->now)))
		return rc;
	if (db_changes(c->db) == 0)
		return err_set(c->e, ERR_CONFLICT, "id", "您已支持过这个项目", "you already support this project");
	if ((rc = record_begin(c, &r, -1)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE pb_projects SET supports=supports+1, version=version+1, updated_at=? WHERE id=?", "ii",
			  c->now, id)))
		return rc;
	return record_commit(c, &r, "support");
}

/* ---------- ballots ---------- */

int pb_ballot_cast(struct ctx *c, int64_t budget_id, const int64_t *ids, int n, int64_t *ballot_id)
{
	struct pb_head h;
	int64_t person;
	int rc;
	if ((rc = budget_for(c, budget_id, 0, &h)) || (rc = need_voter(c, budget_id, &person)))
		return rc;
	return pb_ballot_record(c, &h, person, ids, n, ballot_id);
}

int pb_ballot_record(struct ctx *c, const struct pb_head *hp, int64_t person, const int64_t *ids, int n,
		     int64_t *ballot_id)
{
	const struct pb_head h = *hp;
	int64_t budget_id = h.id;
	int rc;
	if (strcmp(h.phase, "voting") || (h.voting_to && c->now >= h.voting_to) ||
	    (h.voting_from && c->now < h.voting_from))
		return phase_refused(c, &h, "现在不在投票时间内", "voting is not open now");
	/* every project once, each on the ballot; their cost */
	int64_t cost = 0;
	for (int i = 0; i < n; i++) {
		for (int j = 0; j < i; j++)
			if (ids[j] == ids[i])
				return err_set(c->e, ERR_INVALID, "project_ids", "同一项目选了两次",
					       "a project is chosen twice");
		int64_t one = 0;
		if ((rc = db_int(c->db, c->e, &one,
				 "SELECT cost_fen FROM pb_projects WHERE id=? AND budget_id=? AND status='feasible'"
				 " AND supports >= ?",
				 "iii", ids[i], budget_id, h.min_supports)) < 0)
			return rc;
		if (rc == 0)
			return err_setf(c->e, ERR_RULE, "project_ids", "项目 %lld 不在本次选票上",
					"project %lld is not on this ballot", (long long)ids[i]);
		cost += one;
	}
	struct pb_rule rule = {h.rule, h.total_fen, h.max_projects, h.min_projects, h.min_share_pct};
	if ((rc = pb_ballot_check(&rule, n, cost, c->e)))
		return rc;
	struct record r;
	rc = db_int(c->db, c->e, ballot_id, "SELECT id FROM pb_ballots WHERE budget_id=? AND person_id=?", "ii",
		    budget_id, person);
	if (rc < 0)
		return rc;
	bool changed = rc == 1;
	if (changed) {
		if ((rc = record_load(c, &pb_ballot_kind, *ballot_id, 0, &r)) || (rc = record_begin(c, &r, -1)) ||
		    (rc = db_exec(c->db, c->e,
				  "UPDATE pb_ballots SET blank=?, projects=?, cost_fen=?, user_id=nullif(?, 0), version=version+1,"
				  " updated_at=? WHERE id=?",
				  "iiiiii", (int64_t)(n == 0), (int64_t)n, cost, c->who ? c->who->user_id : 0, c->now, *ballot_id)) ||
		    (rc = db_exec(c->db, c->e, "DELETE FROM pb_ballot_items WHERE ballot_id=?", "i", *ballot_id)))
			return rc;
	} else {
		/* the UNIQUE (budget_id, person_id) refuses a second row, whatever
		 * the code above saw: a concurrent first ballot becomes 409 */
		if ((rc = db_int(c->db, c->e, ballot_id,
				 "INSERT INTO pb_ballots (budget_id, person_id, user_id, blank, projects, cost_fen,"
				 " created_at, updated_at) VALUES (?,?,nullif(?, 0),?,?,?,?,?) RETURNING id",
				 "iiiiiiii", budget_id, person, c->who ? c->who->user_id : 0, (int64_t)(n == 0), (int64_t)n, cost,
				 c->now, c->now)) < 0)
			return rc;
	}
	for (int i = 0; i < n; i++)
		if ((rc = db_exec(c->db, c->e,
				  "INSERT INTO pb_ballot_items (ballot_id, project_id, budget_id) VALUES (?,?,?)", "iii",
				  *ballot_id, ids[i], budget_id)))
			return rc;
	return changed ? record_commit(c, &r, "update") : record_created(c, &pb_ballot_kind, *ballot_id, h.region_id, NULL);
}

/* ---------- the tally ---------- */

int pb_budget_tally(struct ctx *c, int64_t id)
{
	struct record r;
	struct pb_head h;
	int rc;
	if ((rc = record_load(c, &pb_budget_kind, id, ROLES_STAFF, &r)) || (rc = pb_head_load(c, id, &h)))
		return rc;
	if (h.phase_i < pb_phase_index("results"))
		return phase_refused(c, &h, "投票结束后才能计票", "the ballots are counted once voting has closed");
	if (h.phase_i >= pb_phase_index("execution"))
		return phase_refused(c, &h, "结果已确定，进入实施后不再计票", "the results are final once execution has begun");
	return tally_run(c, &r, &h);
}

/* Count and write the results (the caller checked the phase). */
static int tally_run(struct ctx *c, struct record *rp, const struct pb_head *hp)
{
	struct record r = *rp;
	const struct pb_head h = *hp;
	int64_t id = h.id;
	int rc;
	struct pb_count cnt;
	if ((rc = pb_count(c, &h, &cnt)))
		return rc;
	struct pb_tally_out *out = arena_alloc(c->a, sizeof *out * (size_t)(cnt.n ? cnt.n : 1));
	int64_t remainder;
	pb_tally(cnt.p, cnt.n, h.total_fen, h.part_fund, out, &remainder);
	int64_t funded = h.total_fen - remainder;
	if ((rc = db_exec(c->db, c->e, "DELETE FROM pb_results WHERE budget_id=?", "i", id)))
		return rc;
	for (int i = 0; i < cnt.n; i++)
		if ((rc = db_exec(c->db, c->e,
				  "INSERT INTO pb_results (budget_id, project_id, rank, votes, outcome, funded_fen,"
				  " remaining_fen) VALUES (?,?,?,?,?,?,?)",
				  "iiiisii", id, out[i].id, (int64_t)out[i].rank, out[i].votes, out[i].outcome,
				  out[i].funded_fen, out[i].remaining_fen)))
			return rc;
	if ((rc = record_begin(c, &r, -1)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE pb_budgets SET tallied_at=?, ballots=?, blank_ballots=?, funded_fen=?, remainder_fen=?,"
			  " version=version+1, updated_at=? WHERE id=?",
			  "iiiiiii", c->now, cnt.ballots, cnt.blank, funded, remainder, c->now, id)))
		return rc;
	return record_commit(c, &r, "tally");
}

int pb_count(struct ctx *c, const struct pb_head *h, struct pb_count *out)
{
	int rc;
	*out = (struct pb_count){0};
	if ((rc = db_int(c->db, c->e, &out->n64,
			 "SELECT count(*) FROM pb_projects WHERE budget_id=? AND status='feasible' AND supports >= ?", "ii",
			 h->id, h->min_supports)) < 0)
		return rc;
	out->n = (int)out->n64;
	out->p = arena_alloc(c->a, sizeof *out->p * (size_t)(out->n ? out->n : 1));
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT id, cost_fen FROM pb_projects WHERE budget_id=? AND status='feasible' AND supports >= ?"
			       " ORDER BY id",
			       "ii", h->id, h->min_supports);
	if (!st)
		return c->e->code;
	int k = 0;
	while (k < out->n && (rc = stmt_step(st, c->e)) == 1) {
		out->p[k] = (struct pb_tally_in){.id = col_int(st, 0), .cost_fen = col_int(st, 1)};
		k++;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	out->n = k;
	/* votes by project from the index (budget_id, project_id) */
	st = db_q(c->db, c->e,
		  "SELECT project_id, count(*) FROM pb_ballot_items WHERE budget_id=? GROUP BY project_id ORDER BY project_id",
		  "i", h->id);
	if (!st)
		return c->e->code;
	int j = 0;
	while ((rc = stmt_step(st, c->e)) == 1) {
		int64_t pid = col_int(st, 0);
		while (j < out->n && out->p[j].id < pid)
			j++;
		if (j < out->n && out->p[j].id == pid)
			out->p[j].votes = col_int(st, 1);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	/* the overrides in force: each project's last, unless withdrawn */
	st = db_q(c->db, c->e, "SELECT project_id, action FROM pb_overrides WHERE budget_id=? ORDER BY id", "i", h->id);
	if (!st)
		return c->e->code;
	while ((rc = stmt_step(st, c->e)) == 1) {
		int64_t pid = col_int(st, 0);
		const char *act = col_text(st, 1);
		for (int i = 0; i < out->n; i++)
			if (out->p[i].id == pid)
				out->p[i].forced = !strcmp(act, "include") ? 1 : !strcmp(act, "exclude") ? -1 : 0;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if ((rc = db_int(c->db, c->e, &out->ballots, "SELECT count(*) FROM pb_ballots WHERE budget_id=?", "i", h->id)) < 0 ||
	    (rc = db_int(c->db, c->e, &out->blank, "SELECT count(*) FROM pb_ballots WHERE budget_id=? AND blank=1", "i",
			 h->id)) < 0)
		return rc;
	return 0;
}

int pb_override_add(struct ctx *c, int64_t budget_id, int64_t project_id, const char *action, const char *reason,
		    int64_t *id)
{
	struct pb_head h;
	int rc;
	if ((rc = budget_for(c, budget_id, ROLES_STAFF, &h)))
		return rc;
	if (strcmp(h.phase, "results"))
		return phase_refused(c, &h, "只在结果阶段调整结果", "results are overridden in the results phase");
	if (!reason || strlen(reason) < 2)
		return err_set(c->e, ERR_RULE, "reason", "调整结果须写明理由", "an override needs its reason");
	int64_t one;
	if ((rc = db_int(c->db, c->e, &one, "SELECT 1 FROM pb_results WHERE budget_id=? AND project_id=?", "ii", budget_id,
			 project_id)) < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_RULE, "project_id", "该项目不在本次选票上", "the project was not on this ballot");
	char *last = NULL;
	if ((rc = db_text(c->db, c->e, c->a, &last,
			  "SELECT action FROM pb_overrides WHERE budget_id=? AND project_id=? ORDER BY id DESC LIMIT 1", "ii",
			  budget_id, project_id)) < 0)
		return rc;
	bool active = last && strcmp(last, "withdraw");
	if (!strcmp(action, "withdraw") && !active)
		return err_set(c->e, ERR_RULE, "action", "该项目没有可撤销的调整", "the project has no override to withdraw");
	if (strcmp(action, "withdraw") && active && !strcmp(last, action))
		return err_set(c->e, ERR_CONFLICT, "action", "该项目已有同样的调整", "the project already has this override");
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO pb_overrides (budget_id, project_id, region_id, action, reason, created_by,"
			 " created_by_name, created_at) VALUES (?,?,?,?,?,nullif(?, 0),?,?) RETURNING id",
			 "iiissisi", budget_id, project_id, h.region_id, action, reason, c->who ? c->who->user_id : 0,
			 caller_name(c), c->now)) < 0)
		return rc;
	/* the included projects must fit together */
	struct pb_count cnt;
	if ((rc = pb_count(c, &h, &cnt)))
		return rc;
	int64_t inc = 0;
	for (int i = 0; i < cnt.n; i++)
		if (cnt.p[i].forced > 0)
			inc += cnt.p[i].cost_fen;
	if (inc > h.total_fen)
		return err_set(c->e, ERR_RULE, "project_id", "指定入选的项目合计超出预算",
			       "the projects included by override cost more than the budget");
	if ((rc = record_created(c, &pb_override_kind, *id, h.region_id, NULL)))
		return rc;
	return pb_budget_tally(c, budget_id);
}

/* ---------- execution ---------- */

static int milestone_check(struct ctx *c, const struct pb_milestone_in *in)
{
	if (in->due_date && *in->due_date && !fields_is_date(in->due_date))
		return err_set(c->e, ERR_INVALID, "due_date", "日期格式应为 YYYY-MM-DD", "a date is written YYYY-MM-DD");
	return 0;
}

int pb_milestone_add(struct ctx *c, int64_t project_id, const struct pb_milestone_in *in, int64_t *id)
{
	struct record r;
	struct pb_head h;
	int64_t bid, funded = 0;
	int rc;
	if ((rc = record_load(c, &pb_project_kind, project_id, ROLES_STAFF, &r)) ||
	    (rc = project_budget(c, project_id, &bid)) || (rc = pb_head_load(c, bid, &h)) ||
	    (rc = milestone_check(c, in)))
		return rc;
	if (strcmp(h.phase, "execution"))
		return phase_refused(c, &h, "实施阶段才记录实施节点", "milestones are kept in the execution phase");
	if ((rc = db_int(c->db, c->e, &funded, "SELECT funded_fen FROM pb_results WHERE budget_id=? AND project_id=?", "ii",
			 bid, project_id)) < 0)
		return rc;
	if (funded <= 0)
		return err_set(c->e, ERR_RULE, "id", "只有获得资助的项目才有实施节点", "only funded projects have milestones");
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO pb_milestones (project_id, budget_id, region_id, title, due_date, progress, note,"
			 " done_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id",
			 "iiissisiii", project_id, bid, h.region_id, in->title,
			 in->due_date && *in->due_date ? in->due_date : NULL, in->progress, in->note ? in->note : "",
			 (int64_t)0, c->now, c->now)) < 0)
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE pb_milestones SET done_at=CASE WHEN progress=100 THEN ? ELSE NULL END WHERE id=?", "ii",
			  c->now, *id)))
		return rc;
	return record_created(c, &pb_milestone_kind, *id, h.region_id, NULL);
}

int pb_milestone_update(struct ctx *c, int64_t id, const struct pb_milestone_in *in)
{
	struct record r;
	int rc;
	if ((rc = record_load(c, &pb_milestone_kind, id, ROLES_STAFF, &r)) || (rc = milestone_check(c, in)) ||
	    (rc = record_begin(c, &r, in->version)))
		return rc;
	int64_t progress = in->has_done && in->done ? 100 : in->progress;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE pb_milestones SET title=coalesce(?, title), due_date=CASE WHEN ? THEN ? ELSE due_date END,"
			  " note=CASE WHEN ? THEN ? ELSE note END,"
			  " progress=CASE WHEN ? THEN ? ELSE progress END, version=version+1, updated_at=? WHERE id=?",
			  "sisisiiii", in->title, (int64_t)in->has_due_date,
			  in->due_date && *in->due_date ? in->due_date : NULL, (int64_t)in->has_note,
			  in->note ? in->note : "", (int64_t)(in->has_progress || (in->has_done && in->done)), progress,
			  c->now, id)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE pb_milestones SET done_at=CASE WHEN progress=100 THEN coalesce(done_at, ?) ELSE NULL END"
			  " WHERE id=?",
			  "ii", c->now, id)))
		return rc;
	return record_commit(c, &r, "update");
}
