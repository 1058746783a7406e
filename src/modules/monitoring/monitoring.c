/*
 * monitoring.c — the funded projects' life (monitoring.h): the agreement
 * and its grant, milestones and their tranches, reports and their review,
 * visits, the supervisor, the tier and its alerts, closing and the
 * extension. Every read of an application goes through programme.h
 * (prog_app_get / prog_app_access); the money only through grants.h.
 * Every write runs in the caller's transaction with its audit entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "modules/calendar/calendar.h"
#include "modules/grants/grants.h"
#include "modules/monitoring/mon_internal.h"
#include "modules/monitoring/monitoring.h"
#include "modules/programme/programme.h"
#include "notify/notify.h"
#include "store/row.h"
#include "store/store.h"

const char *const mon_tiers[] = {"risk", "observation", "quality", NULL};
const char *const mon_maturities[] = {"new", "continued", "extended", NULL};
const char *const mon_results[] = {"excellent", "good", "pass", "fail", NULL};
const char *const mon_report_kinds[] = {"quarterly", "final", NULL};
const char *const mon_report_statuses[] = {"submitted", "accepted", "returned", NULL};
const char *const mon_milestone_statuses[] = {"open", "done", "accepted", NULL};
const char *const mon_progress[] = {"on_track", "behind", "done", NULL};
const char *const mon_asset_categories[] = {"equipment", "furniture", "electronics", "vehicle", "facility", "other", NULL};
const char *const mon_asset_statuses[] = {"in_use", "disposed", NULL};

#define N(a) (int)(sizeof a / sizeof a[0])

static const struct col project_cols[] = {
	{"id", "编号", COL_INT},
	{"application_id", "申请", COL_INT},
	{"programme_id", "项目年度", COL_INT},
	{"executing_org", "执行单位", COL_TEXT},
	{"starts_on", "开始日期", COL_TEXT},
	{"ends_on", "结束日期", COL_TEXT},
	{"awarded", "资助金额（分）", COL_INT},
	{"grant_id", "资助记录", COL_INT},
	{"maturity", "项目成熟度", COL_TEXT},
	{"years_run", "已执行年数", COL_INT},
	{"tier", "分级", COL_TEXT},
	{"tier_at", "分级时间", COL_TIME},
	{"supervisor_user_id", "督导", COL_INT},
	{"evaluation", "评估结果", COL_TEXT},
	{"evaluated_at", "评估时间", COL_TIME},
	{"extension_year", "可延续年度", COL_INT},
	{"extension_used_at", "延续使用时间", COL_TIME},
	{"extension_note", "延续说明", COL_TEXT},
	{"status", "状态", COL_TEXT},
	{"signed_at", "签约时间", COL_TIME},
	{"closed_at", "结项时间", COL_TIME},
	{"version", "版本", COL_INT},
};
const struct record_kind mon_project_kind = {
	.entity = "mon_project", .what_zh = "资助项目", .what_en = "funded project",
	.head_sql = "SELECT p.id, p.region_id, p.version, g.path FROM mon_projects p JOIN regions g ON g.id=p.region_id"
		    " WHERE p.id=?",
	.row_sql = "SELECT id, application_id, programme_id, executing_org, starts_on, ends_on, awarded, grant_id, maturity,"
		   " years_run, tier, tier_at, supervisor_user_id, evaluation, evaluated_at, extension_year,"
		   " extension_used_at, extension_note, status, signed_at, closed_at, version FROM mon_projects WHERE id=?",
	.cols = project_cols, .ncols = N(project_cols), .read_roles = ROLES_ANY,
};

static const struct col milestone_cols[] = {
	{"id", "编号", COL_INT},           {"project_id", "项目", COL_INT},     {"seq", "序号", COL_INT},
	{"title", "节点", COL_TEXT},        {"due_on", "计划日期", COL_TEXT},    {"deliverable", "交付成果", COL_TEXT},
	{"pays_tranche", "对应拨付", COL_BOOL}, {"status", "状态", COL_TEXT},    {"tranche_id", "拨付批次", COL_INT},
	{"accepted_at", "验收时间", COL_TIME}, {"version", "版本", COL_INT},
};
const struct record_kind mon_milestone_kind = {
	.entity = "mon_milestone", .what_zh = "项目节点", .what_en = "milestone",
	.head_sql = "SELECT m.id, p.region_id, m.version, g.path FROM mon_milestones m JOIN mon_projects p ON p.id=m.project_id"
		    " JOIN regions g ON g.id=p.region_id WHERE m.id=?",
	.row_sql = "SELECT id, project_id, seq, title, due_on, deliverable, pays_tranche, status, tranche_id, accepted_at,"
		   " version FROM mon_milestones WHERE id=?",
	.cols = milestone_cols, .ncols = N(milestone_cols), .read_roles = ROLES_ANY,
};

static const struct col report_cols[] = {
	{"id", "编号", COL_INT},           {"project_id", "项目", COL_INT},       {"kind", "类型", COL_TEXT},
	{"period", "期间", COL_TEXT},       {"narrative", "进展说明", COL_TEXT},   {"status", "状态", COL_TEXT},
	{"late", "逾期提交", COL_BOOL},      {"submitted_at", "提交时间", COL_TIME}, {"reviewed_at", "审核时间", COL_TIME},
	{"comment", "审核意见", COL_TEXT},   {"result", "评估结果", COL_TEXT},      {"version", "版本", COL_INT},
};
const struct record_kind mon_report_kind = {
	.entity = "mon_report", .what_zh = "项目报告", .what_en = "report",
	.head_sql = "SELECT r.id, p.region_id, r.version, g.path FROM mon_reports r JOIN mon_projects p ON p.id=r.project_id"
		    " JOIN regions g ON g.id=p.region_id WHERE r.id=?",
	.row_sql = "SELECT id, project_id, kind, period, narrative, status, late, submitted_at, reviewed_at, comment, result,"
		   " version FROM mon_reports WHERE id=?",
	.cols = report_cols, .ncols = N(report_cols), .read_roles = ROLES_ANY,
};

/* ---------- small helpers ---------- */

const char *mon_today(struct ctx *c)
{
	char *d = arena_alloc(c->a, 11);
	wtime_format_date(c->now, d, 11);
	return d;
}

int mon_day(struct ctx *c, const char *s, const char *field)
{
	int64_t days;
	if (!s)
		return err_set(c->e, ERR_INVALID, field, "请填写日期", "the date is required");
	return cal_parse_day(s, field, &days, c->e);
}

/* The first µs of day y-m-d in Shanghai. */
static int64_t day_start(int y, int m, int d)
{
	return wtime_days_from_civil(y, (unsigned)m, (unsigned)d) * 86400LL * WTIME_US - 8LL * 3600 * WTIME_US;
}

int mon_quarter_due(struct ctx *c, int y, int q, int64_t *due)
{
	int ny = q == 4 ? y + 1 : y, nm = q == 4 ? 1 : q * 3 + 1;
	return cal_add_working_days(c->db, day_start(ny, nm, 1), MON_REPORT_DUE_WORKING_DAYS, due, c->e);
}

static int parse_period(const char *s, int *y, int *q)
{
	if (!s || strlen(s) != 6 || s[4] != 'Q' || s[5] < '1' || s[5] > '4')
		return -1;
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	*y = atoi(s);
	*q = s[5] - '0';
	return 0;
}
static int day_quarter(const char *day, int *y, int *q)
{
	*y = atoi(day);
	*q = (atoi(day + 5) - 1) / 3 + 1;
	return 0;
}

/* A UTF-8 string cut to at most n characters (arena). */
static const char *utf8_cut(struct ctx *c, const char *s, int n)
{
	size_t i = 0;
	int k = 0;
	while (s[i] && k < n) {
		unsigned char b = (unsigned char)s[i];
		i += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
		k++;
	}
	return arena_strndup(c->a, s, i);
}

/* ---------- loading, access ---------- */

int mon_project_load(struct ctx *c, int64_t id, struct mon_project *p)
{
	struct stmt *st = NULL;
	int rc = db_row(c->db, c->e, &st,
			"SELECT p.id, p.application_id, p.programme_id, coalesce(p.org_id,0), p.region_id,"
			" coalesce(p.grant_id,0), coalesce(p.supervisor_user_id,0), p.awarded, p.version, g.year, p.status,"
			" p.tier, a.kind, p.evaluation, p.maturity, coalesce(p.extension_year,0),"
			" coalesce(p.extension_used_at,0)"
			" FROM mon_projects p JOIN programmes g ON g.id=p.programme_id"
			" JOIN prog_applications a ON a.id=p.application_id WHERE p.id=?",
			"i", id);
	if (rc < 0)
		return rc;
	if (!st)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这个资助项目", "no such funded project");
	memset(p, 0, sizeof *p);
	p->id = col_int(st, 0);
	p->application_id = col_int(st, 1);
	p->programme_id = col_int(st, 2);
	p->org_id = col_int(st, 3);
	p->region_id = col_int(st, 4);
	p->grant_id = col_int(st, 5);
	p->supervisor_user_id = col_int(st, 6);
	p->awarded = col_int(st, 7);
	p->version = col_int(st, 8);
	p->year = (int)col_int(st, 9);
	p->status = arena_strdup(c->a, col_text(st, 10));
	p->tier = arena_strdup(c->a, col_text(st, 11));
	p->kind = arena_strdup(c->a, col_text(st, 12));
	p->evaluation = col_null(st, 13) ? NULL : arena_strdup(c->a, col_text(st, 13));
	p->maturity = arena_strdup(c->a, col_text(st, 14));
	p->extension_year = col_int(st, 15);
	p->extension_used_at = col_int(st, 16);
	stmt_done(st);
	if (!c->who) {
		p->role = MON_STAFF;
		return 0;
	}
	enum prog_access acc = PROG_NONE;
	if ((rc = prog_app_access(c, p->application_id, &acc)) < 0)
		return rc;
	err_clear(c->e);
	switch (acc) {
	case PROG_STAFF_WRITE: p->role = MON_STAFF; break;
	case PROG_STAFF_READ: p->role = MON_STAFF_READ; break;
	case PROG_APPLICANT: p->role = MON_APPLICANT; break;
	default:
		/* an expert reads applications, never projects */
		p->role = p->supervisor_user_id && p->supervisor_user_id == c->who->user_id ? MON_SUPERVISOR : MON_NONE;
	}
	if (p->role != MON_STAFF && p->supervisor_user_id && p->supervisor_user_id == c->who->user_id)
		p->role = MON_SUPERVISOR; /* staff who read it and supervise it act as its supervisor */
	if (p->role == MON_NONE)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这个资助项目", "no such funded project");
	return 0;
}

int mon_project_staff(struct ctx *c, int64_t id, struct mon_project *p)
{
	int rc = mon_project_load(c, id, p);
	if (rc)
		return rc;
	if (p->role != MON_STAFF)
		return err_set(c->e, ERR_FORBIDDEN, "id", "只有项目管理人员可以操作", "only the programme's staff may do this");
	return 0;
}

static int project_running(struct ctx *c, const struct mon_project *p)
{
	if (strcmp(p->status, "running"))
		return err_set(c->e, ERR_RULE, "status", "项目已结项", "the project is closed");
	return 0;
}

/* ---------- the agreement ---------- */

int mon_agreement_sign(struct ctx *c, const struct mon_agreement_in *in, int64_t *project_id)
{
	struct prog_app a;
	int rc;
	if (in->application_id <= 0)
		return err_set(c->e, ERR_INVALID, "application_id", "请选择获资助的申请", "choose a funded application");
	if ((rc = prog_app_get(c, in->application_id, &a)))
		return rc;
	if ((rc = prog_programme_admin(c, a.programme_id)))
		return rc;
	if (!a.outcome || strcmp(a.outcome, "funded") || a.awarded <= 0)
		return err_set(c->e, ERR_RULE, "application_id", "该申请未获资助", "the application was not funded");
	int64_t have = 0;
	if ((rc = db_int(c->db, c->e, &have, "SELECT count(*) FROM mon_projects WHERE application_id=?", "i",
			 in->application_id)) < 0)
		return rc;
	if (have)
		return err_set(c->e, ERR_CONFLICT, "application_id", "该申请已签订协议", "the application has its agreement already");
	size_t el = in->executing_org ? strlen(in->executing_org) : 0;
	if (!el || el > 600)
		return err_set(c->e, ERR_INVALID, "executing_org", "请填写执行单位", "name the executing organisation");
	if ((rc = mon_day(c, in->starts_on, "starts_on")) || (rc = mon_day(c, in->ends_on, "ends_on")))
		return rc;
	if (strcmp(in->ends_on, in->starts_on) <= 0)
		return err_set(c->e, ERR_RULE, "ends_on", "结束日期须晚于开始日期", "the end must come after the start");
	int mi = -1;
	for (int i = 0; in->maturity && mon_maturities[i]; i++)
		if (!strcmp(mon_maturities[i], in->maturity))
			mi = i;
	if (mi < 0)
		return err_set(c->e, ERR_INVALID, "maturity", "项目成熟度须为新项目、持续项目或延续项目",
			       "maturity: new, continued or extended");
	if (in->years_run < 0 || in->years_run > 50)
		return err_set(c->e, ERR_INVALID, "years_run", "已执行年数须在 0 至 50 之间", "years run: 0 to 50");
	if (in->n_milestones < 1 || in->n_milestones > MON_MAX_MILESTONES)
		return err_set(c->e, ERR_INVALID, "milestones", "请列出 1 至 20 个项目节点", "list 1 to 20 milestones");
	if (in->n_tranches < 1 || in->n_tranches > MON_MAX_TRANCHES)
		return err_set(c->e, ERR_INVALID, "tranches", "拨付计划须为 1 至 12 期", "the tranche plan: 1 to 12 tranches");
	int pays = 0;
	for (int i = 0; i < in->n_milestones; i++) {
		const struct mon_milestone_in *m = &in->milestones[i];
		size_t tl = m->title ? strlen(m->title) : 0;
		if (!tl || tl > 600)
			return err_setf(c->e, ERR_INVALID, "milestones", "第 %d 个节点缺少名称", "milestone %d needs a title", i + 1);
		if ((rc = mon_day(c, m->due_on, "milestones")))
			return rc;
		if (strcmp(m->due_on, in->starts_on) < 0 || strcmp(m->due_on, in->ends_on) > 0)
			return err_setf(c->e, ERR_RULE, "milestones", "第 %d 个节点的日期不在协议期内",
					"milestone %d falls outside the agreement's dates", i + 1);
		if (m->deliverable && strlen(m->deliverable) > 3000)
			return err_set(c->e, ERR_INVALID, "milestones", "交付成果过长", "a deliverable is too long");
		pays += m->pays_tranche;
	}
	int64_t sum = 0;
	for (int i = 0; i < in->n_tranches; i++) {
		if (in->tranches[i] <= 0)
			return err_set(c->e, ERR_INVALID, "tranches", "每期金额须大于零", "each tranche must be more than zero");
		sum += in->tranches[i];
	}
	if (sum != a.awarded)
		return err_setf(c->e, ERR_RULE, "tranches", "拨付计划合计 %lld 分，须等于资助金额 %lld 分",
				"the tranches sum to %lld fen; they must sum to the award, %lld fen", (long long)sum,
				(long long)a.awarded);
	if (pays != in->n_tranches)
		return err_setf(c->e, ERR_RULE, "milestones", "须有 %d 个节点对应拨付（现有 %d 个）",
				"%d milestones must pay a tranche (%d do)", in->n_tranches, pays);
	struct prog_fund f;
	if (!a.pfund_id || (rc = prog_fund_get(c, a.pfund_id, &f)))
		return err_set(c->e, ERR_RULE, "application_id", "该申请没有专项资金", "the application has no special fund");
	if (!f.fund_id)
		return err_set(c->e, ERR_RULE, "application_id", "该专项资金没有资金账户", "the special fund has no ledger account");
	/* the grant: its tranches reserved in the ledger at once */
	int64_t grant_id = 0;
	struct grant_decided_in g = {
		.fund_id = f.fund_id,
		.title = utf8_cut(c, a.title, 100),
		.purpose = arena_printf(c->a, "%s · %s", a.code, in->executing_org),
		.kind = "grant",
		.org_id = a.org_id,
		.recipient_name = in->executing_org,
		.amount = a.awarded,
		.n_tranches = in->n_tranches,
		.tranche_amounts = in->tranches,
		.source = "programme",
		.source_id = a.id,
		.decision = arena_printf(c->a, "项目资助立项（%s），资助协议签订", a.code),
	};
	rc = grant_create_decided(c, &g, &grant_id);
	if (rc < 0)
		return rc;
	if ((rc = db_int(c->db, c->e, project_id,
			 "INSERT INTO mon_projects (application_id, programme_id, org_id, region_id, executing_org, starts_on,"
			 " ends_on, awarded, grant_id, maturity, years_run, tier, tier_inputs, tier_at, status, signed_by,"
			 " signed_at, created_at, updated_at)"
			 " VALUES (?,?,nullif(?,0),?,?,?,?,?,?,?,?,'observation','{}',?,'running',nullif(?,0),?,?,?) RETURNING id",
			 "iiiisssiisiiiiii", a.id, a.programme_id, a.org_id, a.region_id, in->executing_org, in->starts_on,
			 in->ends_on, a.awarded, grant_id, in->maturity, in->years_run, c->now,
			 c->who ? c->who->user_id : (int64_t)0, c->now, c->now, c->now)) < 0)
		return rc;
	for (int i = 0; i < in->n_milestones; i++) {
		const struct mon_milestone_in *m = &in->milestones[i];
		if ((rc = db_exec(c->db, c->e,
				  "INSERT INTO mon_milestones (project_id, seq, title, due_on, deliverable, pays_tranche, status)"
				  " VALUES (?,?,?,?,?,?,'open')",
				  "iisssi", *project_id, (int64_t)(i + 1), m->title, m->due_on,
				  m->deliverable ? m->deliverable : "", (int64_t)m->pays_tranche)))
			return rc;
	}
	if ((rc = record_created(c, &mon_project_kind, *project_id, a.region_id, "sign")))
		return rc;
	bool changed;
	return mon_tier_recompute(c, *project_id, &changed);
}

/* ---------- milestones ---------- */

int mon_milestone_accept(struct ctx *c, int64_t milestone_id, int64_t version)
{
	int64_t pid = 0;
	int rc;
	if ((rc = db_int(c->db, c->e, &pid, "SELECT project_id FROM mon_milestones WHERE id=?", "i", milestone_id)) < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这个项目节点", "no such milestone");
	struct mon_project p;
	if ((rc = mon_project_staff(c, pid, &p)) || (rc = project_running(c, &p)))
		return rc;
	struct record r;
	if ((rc = record_head(c, &mon_milestone_kind, milestone_id, &r)) || (rc = record_begin(c, &r, version)))
		return rc;
	char *status = NULL;
	int64_t pays = 0;
	if ((rc = db_text(c->db, c->e, c->a, &status, "SELECT status FROM mon_milestones WHERE id=?", "i", milestone_id)) < 0 ||
	    (rc = db_int(c->db, c->e, &pays, "SELECT pays_tranche FROM mon_milestones WHERE id=?", "i", milestone_id)) < 0)
		return rc;
	if (!strcmp(status, "accepted"))
		return err_set(c->e, ERR_CONFLICT, "id", "该节点已验收", "the milestone was accepted already");
	int64_t tranche = 0;
	if (pays && p.grant_id && (rc = grant_pay_next_tranche(c, p.grant_id, &tranche)))
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE mon_milestones SET status='accepted', tranche_id=nullif(?,0), accepted_at=?,"
			  " accepted_by=nullif(?,0), version=version+1 WHERE id=?",
			  "iiii", tranche, c->now, c->who ? c->who->user_id : (int64_t)0, milestone_id)))
		return rc;
	return record_commit(c, &r, "accept");
}

/* ---------- reports ---------- */

int mon_report_file(struct ctx *c, int64_t project_id, const struct mon_report_in *in, int64_t *report_id)
{
	struct mon_project p;
	int rc;
	if ((rc = mon_project_load(c, project_id, &p)))
		return rc;
	if (p.role != MON_APPLICANT && p.role != MON_STAFF)
		return err_set(c->e, ERR_FORBIDDEN, "id", "只有申请方可以提交报告", "only the applicant files reports");
	if ((rc = project_running(c, &p)))
		return rc;
	bool final = in->kind && !strcmp(in->kind, "final");
	if (!in->kind || (!final && strcmp(in->kind, "quarterly")))
		return err_set(c->e, ERR_INVALID, "kind", "报告类型须为季度报告或结项报告", "kind: quarterly or final");
	size_t nl = in->narrative ? strlen(in->narrative) : 0;
	if (!nl || nl > 6000)
		return err_set(c->e, ERR_INVALID, "narrative", "请填写进展说明（2000字以内）", "write the narrative (up to 2000 characters)");
	const char *period = "final";
	int64_t due = 0;
	if (!final) {
		int y, q, sy, sq, ey, eq, ty, tq;
		if (parse_period(in->period, &y, &q))
			return err_set(c->e, ERR_INVALID, "period", "季度格式为 2021Q3", "the quarter looks like 2021Q3");
		char *starts = NULL, *ends = NULL;
		if ((rc = db_text(c->db, c->e, c->a, &starts, "SELECT starts_on FROM mon_projects WHERE id=?", "i", project_id)) < 0 ||
		    (rc = db_text(c->db, c->e, c->a, &ends, "SELECT ends_on FROM mon_projects WHERE id=?", "i", project_id)) < 0)
			return rc;
		day_quarter(starts, &sy, &sq);
		day_quarter(ends, &ey, &eq);
		day_quarter(mon_today(c), &ty, &tq);
		int k = y * 4 + q;
		if (k < sy * 4 + sq || k > ey * 4 + eq)
			return err_set(c->e, ERR_RULE, "period", "该季度不在协议期内", "the quarter is outside the agreement");
		if (k > ty * 4 + tq)
			return err_set(c->e, ERR_RULE, "period", "该季度尚未开始", "the quarter has not begun");
		period = in->period;
		if ((rc = mon_quarter_due(c, y, q, &due)))
			return rc;
	}
	/* indicators: the application's own */
	for (int i = 0; i < in->n_values; i++) {
		int64_t ok = 0;
		if ((rc = db_int(c->db, c->e, &ok, "SELECT count(*) FROM prog_indicators WHERE application_id=? AND seq=?",
				 "ii", p.application_id, in->values[i].seq)) < 0)
			return rc;
		if (!ok)
			return err_setf(c->e, ERR_RULE, "values", "申请中没有第 %lld 项指标", "the application has no indicator %lld",
					(long long)in->values[i].seq);
		for (int j = 0; j < i; j++)
			if (in->values[j].seq == in->values[i].seq)
				return err_set(c->e, ERR_INVALID, "values", "指标重复填写", "an indicator is given twice");
	}
	for (int i = 0; i < in->n_statuses; i++) {
		int64_t ok = 0;
		if ((rc = db_int(c->db, c->e, &ok, "SELECT count(*) FROM mon_milestones WHERE id=? AND project_id=?", "ii",
				 in->statuses[i].milestone_id, project_id)) < 0)
			return rc;
		if (!ok)
			return err_set(c->e, ERR_RULE, "milestones", "不是本项目的节点", "not a milestone of this project");
		int si = -1;
		for (int k = 0; in->statuses[i].status && mon_progress[k]; k++)
			if (!strcmp(mon_progress[k], in->statuses[i].status))
				si = k;
		if (si < 0)
			return err_set(c->e, ERR_INVALID, "milestones", "节点状态须为正常、滞后或完成", "status: on_track, behind or done");
	}
	int64_t rid = 0;
	char *status = NULL;
	if ((rc = db_int(c->db, c->e, &rid, "SELECT id FROM mon_reports WHERE project_id=? AND period=?", "is", project_id,
			 period)) < 0)
		return rc;
	struct record r;
	if (rid) {
		if ((rc = db_text(c->db, c->e, c->a, &status, "SELECT status FROM mon_reports WHERE id=?", "i", rid)) < 0)
			return rc;
		if (strcmp(status, "returned"))
			return err_set(c->e, ERR_CONFLICT, "period", "该期报告已提交", "the report for this period was filed already");
		if ((rc = record_head(c, &mon_report_kind, rid, &r)) || (rc = record_begin(c, &r, -1)))
			return rc;
		if ((rc = db_exec(c->db, c->e,
				  "UPDATE mon_reports SET narrative=?, status='submitted', submitted_by=nullif(?,0), submitted_at=?,"
				  " version=version+1 WHERE id=?",
				  "siii", in->narrative, c->who ? c->who->user_id : (int64_t)0, c->now, rid)) ||
		    (rc = db_exec(c->db, c->e, "DELETE FROM mon_report_values WHERE report_id=?", "i", rid)) ||
		    (rc = db_exec(c->db, c->e, "DELETE FROM mon_report_milestones WHERE report_id=?", "i", rid)))
			return rc;
	} else {
		if ((rc = db_int(c->db, c->e, &rid,
				 "INSERT INTO mon_reports (project_id, kind, period, narrative, status, late, submitted_by,"
				 " submitted_at) VALUES (?,?,?,?,'submitted',?,nullif(?,0),?) RETURNING id",
				 "isssiii", project_id, final ? "final" : "quarterly", period, in->narrative,
				 (int64_t)(due && c->now > due), c->who ? c->who->user_id : (int64_t)0, c->now)) < 0)
			return rc;
	}
	for (int i = 0; i < in->n_values; i++)
		if ((rc = db_exec(c->db, c->e, "INSERT INTO mon_report_values (report_id, seq, value) VALUES (?,?,?)", "iid",
				  rid, in->values[i].seq, in->values[i].value)))
			return rc;
	for (int i = 0; i < in->n_statuses; i++) {
		if ((rc = db_exec(c->db, c->e,
				  "INSERT INTO mon_report_milestones (report_id, milestone_id, status) VALUES (?,?,?)"
				  " ON CONFLICT (report_id, milestone_id) DO UPDATE SET status=excluded.status",
				  "iis", rid, in->statuses[i].milestone_id, in->statuses[i].status)))
			return rc;
		if (!strcmp(in->statuses[i].status, "done") &&
		    (rc = db_exec(c->db, c->e, "UPDATE mon_milestones SET status='done', version=version+1"
					       " WHERE id=? AND status='open'", "i", in->statuses[i].milestone_id)))
			return rc;
	}
	*report_id = rid;
	if (status)
		return record_commit(c, &r, "refile");
	return record_created(c, &mon_report_kind, rid, p.region_id, "file");
}

int mon_report_review(struct ctx *c, int64_t report_id, const struct mon_review_in *in)
{
	int64_t pid = 0;
	int rc;
	if ((rc = db_int(c->db, c->e, &pid, "SELECT project_id FROM mon_reports WHERE id=?", "i", report_id)) < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这份报告", "no such report");
	struct mon_project p;
	if ((rc = mon_project_staff(c, pid, &p)) || (rc = project_running(c, &p)))
		return rc;
	bool accept = in->decision && !strcmp(in->decision, "accept");
	if (!in->decision || (!accept && strcmp(in->decision, "return")))
		return err_set(c->e, ERR_INVALID, "decision", "请选择通过或退回", "decision: accept or return");
	if (!accept && (!in->comment || !*in->comment))
		return err_set(c->e, ERR_INVALID, "comment", "退回须写明意见", "say why it is returned");
	struct record r;
	if ((rc = record_head(c, &mon_report_kind, report_id, &r)) || (rc = record_begin(c, &r, in->version)))
		return rc;
	char *kind = NULL, *status = NULL;
	if ((rc = db_text(c->db, c->e, c->a, &kind, "SELECT kind FROM mon_reports WHERE id=?", "i", report_id)) < 0 ||
	    (rc = db_text(c->db, c->e, c->a, &status, "SELECT status FROM mon_reports WHERE id=?", "i", report_id)) < 0)
		return rc;
	if (strcmp(status, "submitted"))
		return err_set(c->e, ERR_CONFLICT, "id", "该报告不在待审核状态", "the report is not waiting for review");
	bool final = !strcmp(kind, "final");
	const char *result = NULL;
	if (final && accept) {
		for (int i = 0; in->result && mon_results[i]; i++)
			if (!strcmp(mon_results[i], in->result))
				result = mon_results[i];
		if (!result)
			return err_set(c->e, ERR_INVALID, "result", "请给出评估结果：优秀、良好、合格或不合格",
				       "give the result: excellent, good, pass or fail");
	} else if (in->result && *in->result) {
		return err_set(c->e, ERR_INVALID, "result", "只有通过结项报告时给出评估结果",
			       "a result is given only when a final report is accepted");
	}
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE mon_reports SET status=?, reviewed_by=nullif(?,0), reviewed_at=?, comment=?, result=?,"
			  " version=version+1 WHERE id=?",
			  "sii" "ssi", accept ? "accepted" : "returned", c->who ? c->who->user_id : (int64_t)0, c->now,
			  in->comment ? in->comment : "", result, report_id)))
		return rc;
	if ((rc = record_commit(c, &r, accept ? "accept" : "return")))
		return rc;
	if (!result)
		return 0;
	/* the evaluation; 优秀 grants one extension next year, unless the
	 * project is itself an extension (extended once, never again) */
	struct record pr;
	if ((rc = record_head(c, &mon_project_kind, pid, &pr)) || (rc = record_begin(c, &pr, -1)))
		return rc;
	bool ext = !strcmp(result, "excellent") && strcmp(p.maturity, "extended");
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE mon_projects SET evaluation=?, evaluated_at=?, extension_year=nullif(?,0), version=version+1,"
			  " updated_at=? WHERE id=?",
			  "siiii", result, c->now, ext ? (int64_t)(p.year + 1) : (int64_t)0, c->now, pid)))
		return rc;
	return record_commit(c, &pr, "evaluate");
}

/* ---------- visits, supervisor ---------- */

int mon_visit_add(struct ctx *c, int64_t project_id, const char *visited_on, const char *notes, int64_t *visit_id)
{
	struct mon_project p;
	int rc;
	if ((rc = mon_project_load(c, project_id, &p)))
		return rc;
	if (p.role != MON_STAFF && p.role != MON_SUPERVISOR)
		return err_set(c->e, ERR_FORBIDDEN, "id", "只有项目管理人员或督导可以记录走访", "only staff or the supervisor record visits");
	if ((rc = mon_day(c, visited_on, "visited_on")))
		return rc;
	if (strcmp(visited_on, mon_today(c)) > 0)
		return err_set(c->e, ERR_RULE, "visited_on", "走访日期不能晚于今天", "the visit cannot be in the future");
	size_t nl = notes ? strlen(notes) : 0;
	if (!nl || nl > 4000)
		return err_set(c->e, ERR_INVALID, "notes", "请填写走访记录", "write the visit's notes");
	if ((rc = db_int(c->db, c->e, visit_id,
			 "INSERT INTO mon_visits (project_id, visited_on, notes, visitor_id, visitor_name, created_at)"
			 " VALUES (?,?,?,nullif(?,0),?,?) RETURNING id",
			 "issisi", project_id, visited_on, notes, c->who ? c->who->user_id : (int64_t)0,
			 c->who && c->who->display_name ? c->who->display_name : "系统", c->now)) < 0)
		return rc;
	char *after = arena_printf(c->a, "{\"project_id\":%lld,\"visited_on\":\"%s\"}", (long long)project_id, visited_on);
	return audit_record(c, "create", "mon_visit", *visit_id, p.region_id, NULL, after);
}

int mon_supervisor_set(struct ctx *c, int64_t project_id, int64_t user_id, int64_t version)
{
	struct mon_project p;
	int rc;
	if ((rc = mon_project_staff(c, project_id, &p)) || (rc = project_running(c, &p)))
		return rc;
	if (user_id) {
		int64_t ok = 0;
		if ((rc = db_int(c->db, c->e, &ok, "SELECT count(*) FROM users WHERE id=? AND disabled=0", "i", user_id)) < 0)
			return rc;
		if (!ok)
			return err_set(c->e, ERR_RULE, "user_id", "没有这个有效账号", "no such active account");
	}
	struct record r;
	if ((rc = record_head(c, &mon_project_kind, project_id, &r)) || (rc = record_begin(c, &r, version)))
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE mon_projects SET supervisor_user_id=nullif(?,0), version=version+1, updated_at=? WHERE id=?",
			  "iii", user_id, c->now, project_id)))
		return rc;
	if (user_id) {
		char link[48];
		snprintf(link, sizeof link, "/monitoring/projects/%lld", (long long)project_id);
		struct notice n = {.kind = "monitoring.supervisor", .region_id = p.region_id,
				   .title = "您被指定为资助项目的一对一督导", .title_en = "You supervise a funded project",
				   .link = arena_strdup(c->a, link), .entity = "mon_project", .entity_id = project_id};
		if ((rc = notify_user(c, user_id, &n)))
			return rc;
	}
	return record_commit(c, &r, "supervisor");
}

/* ---------- the tier ---------- */

/* Quarterly reports missing past their due day, plus those filed late. */
static int late_reports(struct ctx *c, int64_t project_id, int *late, char (*missing)[8], int *n_missing)
{
	char *starts = NULL, *ends = NULL;
	int rc;
	*late = 0;
	*n_missing = 0;
	if ((rc = db_text(c->db, c->e, c->a, &starts, "SELECT starts_on FROM mon_projects WHERE id=?", "i", project_id)) < 0 ||
	    (rc = db_text(c->db, c->e, c->a, &ends, "SELECT ends_on FROM mon_projects WHERE id=?", "i", project_id)) < 0)
		return rc;
	int sy, sq, ey, eq;
	day_quarter(starts, &sy, &sq);
	day_quarter(ends, &ey, &eq);
	for (int k = sy * 4 + sq - 1; k <= ey * 4 + eq - 1 && *n_missing < 40; k++) {
		int y = k / 4, q = k % 4 + 1;
		int64_t due;
		if ((rc = mon_quarter_due(c, y, q, &due)))
			return rc;
		if (due > c->now)
			break;
		char period[16];
		snprintf(period, sizeof period, "%04dQ%d", y % 10000, q);
		int64_t have = 0;
		if ((rc = db_int(c->db, c->e, &have, "SELECT count(*) FROM mon_reports WHERE project_id=? AND period=?", "is",
				 project_id, period)) < 0)
			return rc;
		if (!have) {
			memcpy(missing[*n_missing], period, 8);
			(*n_missing)++;
		}
	}
	int64_t filed_late = 0;
	if ((rc = db_int(c->db, c->e, &filed_late,
			 "SELECT count(*) FROM mon_reports WHERE project_id=? AND kind='quarterly' AND late=1", "i",
			 project_id)) < 0)
		return rc;
	*late = *n_missing + (int)filed_late;
	return 0;
}

int mon_tier_inputs(struct ctx *c, int64_t project_id, struct mon_tier_inputs *in)
{
	struct stmt *st = NULL;
	int rc = db_row(c->db, c->e, &st,
			"SELECT coalesce(p.org_id,0), g.year, p.maturity, p.years_run FROM mon_projects p"
			" JOIN programmes g ON g.id=p.programme_id WHERE p.id=?",
			"i", project_id);
	if (rc < 0)
		return rc;
	if (!st)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这个资助项目", "no such funded project");
	memset(in, 0, sizeof *in);
	int64_t org = col_int(st, 0);
	int year = (int)col_int(st, 1);
	in->maturity = arena_strdup(c->a, col_text(st, 2));
	in->years_run = (int)col_int(st, 3);
	stmt_done(st);
	if (org) {
		if ((rc = prog_org_history(c, org, year, &in->org_applied, &in->org_funded)))
			return rc;
		int64_t good = 0, fail = 0;
		if ((rc = db_int(c->db, c->e, &good,
				 "SELECT count(*) FROM mon_projects p JOIN programmes g ON g.id=p.programme_id"
				 " WHERE p.org_id=? AND g.year < ? AND p.evaluation IN ('excellent','good')",
				 "ii", org, (int64_t)year)) < 0 ||
		    (rc = db_int(c->db, c->e, &fail,
				 "SELECT count(*) FROM mon_projects p JOIN programmes g ON g.id=p.programme_id"
				 " WHERE p.org_id=? AND g.year < ? AND p.evaluation='fail'",
				 "ii", org, (int64_t)year)) < 0)
			return rc;
		in->past_good = (int)good;
		in->past_fail = (int)fail;
	}
	int64_t overdue = 0;
	if ((rc = db_int(c->db, c->e, &overdue,
			 "SELECT count(*) FROM mon_milestones WHERE project_id=? AND status<>'accepted' AND due_on < ?", "is",
			 project_id, mon_today(c))) < 0)
		return rc;
	in->overdue_milestones = (int)overdue;
	char missing[40][8];
	int nm;
	return late_reports(c, project_id, &in->late_reports, missing, &nm);
}

char *mon_tier_inputs_json(struct ctx *c, const struct mon_tier_inputs *in)
{
	return arena_printf(c->a,
			    "{\"org_applied\":%d,\"org_funded\":%d,\"past_good\":%d,\"past_fail\":%d,\"maturity\":\"%s\","
			    "\"years_run\":%d,\"overdue_milestones\":%d,\"late_reports\":%d,\"risk_points\":%d,"
			    "\"quality_points\":%d,\"score\":%d}",
			    in->org_applied, in->org_funded, in->past_good, in->past_fail, in->maturity ? in->maturity : "new",
			    in->years_run, in->overdue_milestones, in->late_reports, in->risk_points, in->quality_points,
			    in->score);
}

int mon_tier_recompute(struct ctx *c, int64_t project_id, bool *changed)
{
	struct mon_project p;
	int rc;
	*changed = false;
	if ((rc = mon_project_staff(c, project_id, &p)) || (rc = project_running(c, &p)))
		return rc;
	struct mon_tier_inputs in;
	if ((rc = mon_tier_inputs(c, project_id, &in)))
		return rc;
	const char *tier = mon_tier_rule(&in);
	char *inputs = mon_tier_inputs_json(c, &in);
	int64_t n = 0;
	if ((rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM mon_tier_changes WHERE project_id=?", "i", project_id)) < 0)
		return rc;
	if (n == 0 || strcmp(tier, p.tier)) {
		struct record r;
		if ((rc = record_head(c, &mon_project_kind, project_id, &r)) || (rc = record_begin(c, &r, -1)))
			return rc;
		if ((rc = db_exec(c->db, c->e,
				  "INSERT INTO mon_tier_changes (project_id, tier_from, tier_to, inputs, changed_by, changed_at)"
				  " VALUES (?,?,?,?,nullif(?,0),?)",
				  "isssii", project_id, n ? p.tier : NULL, tier, inputs,
				  c->who ? c->who->user_id : (int64_t)0, c->now)) ||
		    (rc = db_exec(c->db, c->e,
				  "UPDATE mon_projects SET tier=?, tier_inputs=?, tier_at=?, version=version+1, updated_at=?"
				  " WHERE id=?",
				  "ssiii", tier, inputs, c->now, c->now, project_id)) ||
		    (rc = record_commit(c, &r, "tier")))
			return rc;
		*changed = true;
	} else if ((rc = db_exec(c->db, c->e, "UPDATE mon_projects SET tier_inputs=?, tier_at=? WHERE id=?", "sii", inputs,
				 c->now, project_id))) {
		return rc;
	}
	int64_t sent;
	return mon_alerts_check(c, project_id, &sent);
}

/* ---------- alerts ---------- */

static int alert_once(struct ctx *c, const struct mon_project *p, const char *event, const char *title,
		      const char *title_en, int64_t *sent)
{
	int rc;
	if ((rc = db_exec(c->db, c->e,
			  "INSERT INTO mon_alerts (project_id, event, created_at) VALUES (?,?,?)"
			  " ON CONFLICT (project_id, event) DO NOTHING",
			  "isi", p->id, event, c->now)))
		return rc;
	if (db_changes(c->db) != 1)
		return 0; /* told already */
	char link[48];
	snprintf(link, sizeof link, "/monitoring/projects/%lld", (long long)p->id);
	struct notice n = {.kind = "monitoring.behind", .region_id = p->region_id, .title = title, .title_en = title_en,
			   .link = arena_strdup(c->a, link), .entity = "mon_project", .entity_id = p->id};
	/* the funders: the special fund's ledger fund's managers, supervisor
	 * and chair; without any account there, the programme's admins */
	struct ctx sys = *c;
	sys.who = NULL;
	struct prog_app a;
	struct prog_fund f;
	int64_t fund = 0, k = 0;
	if (prog_app_get(&sys, p->application_id, &a) == 0 && a.pfund_id && prog_fund_get(&sys, a.pfund_id, &f) == 0)
		fund = f.fund_id;
	err_clear(c->e);
	if (fund) {
		struct stmt *st = db_q(c->db, c->e,
				       "SELECT DISTINCT user_id FROM fund_members WHERE fund_id=? AND user_id IS NOT NULL"
				       " AND role IN ('manager','supervisor','chair') ORDER BY user_id LIMIT 100",
				       "i", fund);
		if (!st)
			return c->e->code;
		int64_t ids[100];
		int m = 0;
		while (m < 100 && (rc = stmt_step(st, c->e)) == 1)
			ids[m++] = col_int(st, 0);
		stmt_done(st);
		if (rc < 0)
			return rc;
		for (int i = 0; i < m; i++)
			if ((rc = notify_user(c, ids[i], &n)))
				return rc;
		k = m;
	}
	if (!k) {
		int64_t region = 0;
		if ((rc = db_int(c->db, c->e, &region, "SELECT region_id FROM programmes WHERE id=?", "i", p->programme_id)) < 0)
			return rc;
		n.region_id = region;
		if ((rc = notify_role(c, R(ROLE_DISTRICT_ADMIN), &n)))
			return rc;
		k = -1;
	}
	if (p->supervisor_user_id && (rc = notify_user(c, p->supervisor_user_id, &n)))
		return rc;
	if ((rc = db_exec(c->db, c->e, "UPDATE mon_alerts SET recipients=? WHERE project_id=? AND event=?", "iis", k, p->id,
			  event)))
		return rc;
	char *after = arena_printf(c->a, "{\"event\":\"%s\"}", event);
	(*sent)++;
	return audit_record(c, "alert", "mon_project", p->id, p->region_id, NULL, after);
}

int mon_alerts_check(struct ctx *c, int64_t project_id, int64_t *sent)
{
	struct mon_project p;
	struct ctx sys = *c;
	sys.who = NULL;
	int rc;
	*sent = 0;
	if ((rc = mon_project_load(&sys, project_id, &p)))
		return rc;
	if (strcmp(p.tier, "risk") || strcmp(p.status, "running"))
		return 0;
	char *title = NULL;
	if ((rc = db_text(c->db, c->e, c->a, &title, "SELECT a.title FROM prog_applications a WHERE a.id=?", "i",
			  p.application_id)) < 0)
		return rc;
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT id, seq, title FROM mon_milestones WHERE project_id=? AND status<>'accepted' AND due_on < ?"
			       " ORDER BY seq LIMIT 20",
			       "is", project_id, mon_today(c));
	if (!st)
		return c->e->code;
	int64_t ids[20];
	int m = 0;
	while (m < 20 && (rc = stmt_step(st, c->e)) == 1)
		ids[m++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < m; i++) {
		char ev[64];
		snprintf(ev, sizeof ev, "milestone:%lld", (long long)ids[i]);
		const char *zh = arena_printf(c->a, "风险项目「%s」有节点逾期", title);
		const char *en = arena_printf(c->a, "Risk project %s has an overdue milestone", title);
		if ((rc = alert_once(c, &p, ev, zh, en, sent)))
			return rc;
	}
	char missing[40][8];
	int late, nm;
	if ((rc = late_reports(c, project_id, &late, missing, &nm)))
		return rc;
	for (int i = 0; i < nm; i++) {
		char ev[64];
		snprintf(ev, sizeof ev, "report:%.7s", missing[i]);
		const char *zh = arena_printf(c->a, "风险项目「%s」%s 季度报告逾期未交", title, missing[i]);
		const char *en = arena_printf(c->a, "Risk project %s: the %s report is late", title, missing[i]);
		if ((rc = alert_once(c, &p, ev, zh, en, sent)))
			return rc;
	}
	return 0;
}

int mon_alert_pass(struct db *db, int64_t now, int64_t *n, struct err *e)
{
	struct arena arena;
	arena_init(&arena, 64 * 1024);
	struct arena *a = &arena;
	*n = 0;
	int rc = 0;
	if (!db_table_has(db, "mon_projects", NULL) || !db_table_has(db, "prog_applications", NULL))
		goto done;
	if ((rc = db_begin_write(db, e)))
		goto done;
	struct ctx c = ctx_system(db, now, a, e);
	struct stmt *st = db_q(db, e, "SELECT id FROM mon_projects WHERE status='running' AND tier='risk' ORDER BY id LIMIT 5000", "");
	if (!st) {
		rc = e->code;
		db_rollback(db);
		goto done;
	}
	int64_t *ids = arena_alloc(a, sizeof *ids * 5000);
	int k = 0;
	while (k < 5000 && (rc = stmt_step(st, e)) == 1)
		ids[k++] = col_int(st, 0);
	stmt_done(st);
	rc = rc < 0 ? rc : 0;
	for (int i = 0; !rc && i < k; i++) {
		int64_t s = 0;
		rc = mon_alerts_check(&c, ids[i], &s);
		*n += s;
	}
	if (rc)
		db_rollback(db);
	else
		rc = db_commit(db, e);
done:
	arena_free(&arena);
	return rc;
}

/* ---------- closing, extension ---------- */

int mon_project_close(struct ctx *c, int64_t project_id, int64_t version)
{
	struct mon_project p;
	int rc;
	if ((rc = mon_project_staff(c, project_id, &p)) || (rc = project_running(c, &p)))
		return rc;
	if (!p.evaluation)
		return err_set(c->e, ERR_RULE, "status", "结项报告通过评估后才能结项",
			       "a project closes only after its final report is approved");
	struct record r;
	if ((rc = record_head(c, &mon_project_kind, project_id, &r)) || (rc = record_begin(c, &r, version)))
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE mon_projects SET status='closed', closed_at=?, version=version+1, updated_at=? WHERE id=?",
			  "iii", c->now, c->now, project_id)) ||
	    (rc = prog_app_close(c, p.application_id)))
		return rc;
	return record_commit(c, &r, "close");
}

int mon_extension_use(struct ctx *c, int64_t project_id, const char *note, int64_t version)
{
	struct mon_project p;
	int rc;
	if ((rc = mon_project_staff(c, project_id, &p)))
		return rc;
	if (!p.extension_year)
		return err_set(c->e, ERR_RULE, "extension", "该项目没有延续资格（须评估为优秀，且本身不是延续项目）",
			       "the project is not eligible for an extension (excellent, and not itself an extension)");
	if (p.extension_used_at)
		return err_set(c->e, ERR_RULE, "extension", "延续资格已使用，只能延续一次", "the extension was used already: once only");
	size_t nl = note ? strlen(note) : 0;
	if (!nl || nl > 600)
		return err_set(c->e, ERR_INVALID, "note", "请写明下一年度的申请（编号或名称）",
			       "name the next year's application (code or title)");
	struct record r;
	if ((rc = record_head(c, &mon_project_kind, project_id, &r)) || (rc = record_begin(c, &r, version)))
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE mon_projects SET extension_used_at=?, extension_note=?, version=version+1, updated_at=?"
			  " WHERE id=?",
			  "isii", c->now, note, c->now, project_id)))
		return rc;
	return record_commit(c, &r, "extension_used");
}
