/*
 * case_steps.c — the records of a case's work and their approval:
 * assessments (the type's form, screening scales with server-computed
 * scores that raise risk flags), plans with goals, reviews, the closing
 * request, the supervisor's approvals (the whole history kept), shares
 * and attachments. Status moves: intake → assessing (first assessment
 * draft) → planning (assessment approved) → active (plan approved) →
 * closing (closing requested) → closed (approved); a rejected closing
 * returns to active. Only the worker writes; the supervisor approves.
 */
#include <stdio.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "core/pii.h"
#include "core/scan.h"
#include "core/sb.h"
#include "modules/cases/case_internal.h"
#include "store/store.h"

#define WORKER (CA(CASE_WORKER) | CA(CASE_SYSTEM))

static int not_open(struct ctx *c, const struct case_head *h)
{
	if (!strcmp(h->status, "closed") || !strcmp(h->status, "closing"))
		return err_set(c->e, ERR_RULE, "status", "个案正在结案或已结案", "the case is closing or closed");
	return 0;
}

/* The case a sub-record belongs to; 404 naming "id" when none. */
static int owner_case(struct ctx *c, const char *sql, int64_t id, int64_t *case_id, char **status, int64_t *version)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st, sql, "i", id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这条记录", "no such record");
	*case_id = col_int(st, 0);
	if (status)
		*status = arena_strdup(c->a, col_text(st, 1));
	if (version)
		*version = col_int(st, 2);
	stmt_done(st);
	return 0;
}

static int no_pending(struct ctx *c, int64_t case_id, const char *subject)
{
	int64_t n = 0;
	int rc = db_int(c->db, c->e, &n,
			"SELECT count(*) FROM case_approvals WHERE case_id=? AND subject=? AND state='pending'", "is",
			case_id, subject);
	if (rc < 0)
		return rc;
	return n ? err_set(c->e, ERR_CONFLICT, "status", "已有待审批的同类事项", "one is already waiting for approval") : 0;
}

/* ---------- assessments ---------- */

int case_assessment_create(struct ctx *c, int64_t case_id, const char *form_json, const char *summary, int64_t *id)
{
	struct case_head h;
	int rc = case_open(c, case_id, WORKER, NULL, NULL, &h, NULL);
	if (rc || (rc = not_open(c, &h)) || (rc = case_form_check(h.type, form_json, c->e)))
		return rc;
	int64_t n = 0;
	if ((rc = db_int(c->db, c->e, &n,
			 "SELECT count(*) FROM case_assessments WHERE case_id=? AND status IN ('draft','submitted','rejected')",
			 "i", case_id)) < 0)
		return rc;
	if (n)
		return err_set(c->e, ERR_CONFLICT, "case_id", "已有一份未审批的评估，请在其上修改",
			       "an assessment is already open: edit that one");
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO case_assessments (case_id, case_type, form_json, summary, status, created_by, created_at,"
			 " updated_at) VALUES (?,?,?,?,'draft',nullif(?,0),?,?) RETURNING id",
			 "isssiii", case_id, h.type, form_json ? form_json : "{}", summary ? summary : "",
			 c->who ? c->who->user_id : 0, c->now, c->now)) < 0)
		return rc;
	if ((rc = case_status_set(c, case_id, "intake", "assessing")))
		return rc;
	return case_audit(c, "create", "case_assessment", *id, case_id);
}

int case_assessment_update(struct ctx *c, int64_t id, const char *form_json, const char *summary, int64_t version)
{
	int64_t case_id, v;
	char *status;
	int rc = owner_case(c, "SELECT case_id, status, version FROM case_assessments WHERE id=?", id, &case_id, &status, &v);
	struct case_head h;
	if (rc || (rc = case_open(c, case_id, WORKER, NULL, NULL, &h, NULL)))
		return rc;
	if (v != version)
		return record_stale(c->e, v);
	if (strcmp(status, "draft") && strcmp(status, "rejected"))
		return err_set(c->e, ERR_RULE, "status", "只有草稿或被退回的评估可以修改",
			       "only a draft or a rejected assessment can be edited");
	if (form_json && (rc = case_form_check(h.type, form_json, c->e)))
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE case_assessments SET form_json=coalesce(?, form_json), summary=coalesce(?, summary),"
			  " status='draft', version=version+1, updated_at=? WHERE id=?",
			  "ssii", form_json, summary, c->now, id)))
		return rc;
	return case_audit(c, "update", "case_assessment", id, case_id);
}

int case_scale_add(struct ctx *c, int64_t case_id, int64_t assessment_id, const char *scale, const int64_t *answers,
		   int n, int64_t *id)
{
	struct case_head h;
	int rc = case_open(c, case_id, WORKER, NULL, NULL, &h, NULL);
	if (rc || (rc = not_open(c, &h)))
		return rc;
	if (assessment_id) {
		int64_t k = 0;
		if ((rc = db_int(c->db, c->e, &k, "SELECT count(*) FROM case_assessments WHERE id=? AND case_id=?", "ii",
				 assessment_id, case_id)) < 0)
			return rc;
		if (!k)
			return err_set(c->e, ERR_INVALID, "assessment_id", "这个个案没有这份评估",
				       "no such assessment in this case");
	}
	struct case_scale_result res;
	if ((rc = case_scale_score(scale, answers, n, &res, c->e)))
		return rc;
	struct sb b = SB_INIT;
	for (int i = 0; i < n; i++)
		sb_addf(&b, i ? ",%lld" : "%lld", (long long)answers[i]);
	char *list = arena_strdup(c->a, sb_str(&b));
	sb_free(&b);
	bool flag = res.severity >= 2 || res.self_harm;
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO case_scales (case_id, assessment_id, scale, answers, score, band, flagged, taken_at,"
			 " created_by, created_at) VALUES (?,nullif(?,0),?,?,?,?,?,?,nullif(?,0),?) RETURNING id",
			 "iissisiiii", case_id, assessment_id, scale, list, (int64_t)res.score, res.band, (int64_t)flag,
			 c->now, c->who ? c->who->user_id : 0, c->now)) < 0)
		return rc;
	if ((rc = case_audit(c, "create", "case_scale", *id, case_id)))
		return rc;
	if (res.severity >= 2 &&
	    (rc = case_flag_raise(c, case_id, "screening_score", res.severity >= 3 ? "high" : "medium", "scale", *id,
				  arena_printf(c->a, "%s %d", scale, res.score), NULL)))
		return rc;
	if (res.self_harm &&
	    (rc = case_flag_raise(c, case_id, "self_harm", "high", "scale", *id, "PHQ-9 item 9", NULL)))
		return rc;
	return 0;
}

/* ---------- plans ---------- */

static int goals_check(struct ctx *c, const struct case_goal_in *g, int n)
{
	for (int i = 0; i < n; i++) {
		if (!g[i].text || !*g[i].text || strlen(g[i].text) > 1500)
			return err_setf(c->e, ERR_INVALID, "goals", "第 %d 个目标须写明内容（最多 500 字）",
					"goal %d needs its text (at most 500 characters)", i + 1);
		if (g[i].status && !case_in_list(case_goal_statuses, g[i].status))
			return err_setf(c->e, ERR_INVALID, "goals", "第 %d 个目标的状态不在列表中",
					"goal %d: unknown status", i + 1);
	}
	return 0;
}

static int goals_insert(struct ctx *c, int64_t plan_id, int64_t case_id, const struct case_goal_in *g, int n)
{
	int rc;
	for (int i = 0; i < n; i++)
		if ((rc = db_exec(c->db, c->e,
				  "INSERT INTO case_goals (plan_id, case_id, text, measure, target_date, status, created_at,"
				  " updated_at) VALUES (?,?,?,?,?,?,?,?)",
				  "iissssii", plan_id, case_id, g[i].text, g[i].measure ? g[i].measure : "",
				  g[i].target_date && *g[i].target_date ? g[i].target_date : NULL,
				  g[i].status ? g[i].status : "open", c->now, c->now)))
			return rc;
	return 0;
}

int case_plan_create(struct ctx *c, int64_t case_id, const char *summary, const struct case_goal_in *goals, int n,
		     int64_t *id)
{
	struct case_head h;
	int rc = case_open(c, case_id, WORKER, NULL, NULL, &h, NULL);
	if (rc || (rc = not_open(c, &h)) || (rc = goals_check(c, goals, n)))
		return rc;
	if (strcmp(h.status, "planning") && strcmp(h.status, "active"))
		return err_set(c->e, ERR_RULE, "status", "评估通过审批后才能制定服务计划",
			       "a plan is made once the assessment is approved");
	int64_t k = 0;
	if ((rc = db_int(c->db, c->e, &k,
			 "SELECT count(*) FROM case_plans WHERE case_id=? AND status IN ('draft','submitted','rejected')", "i",
			 case_id)) < 0)
		return rc;
	if (k)
		return err_set(c->e, ERR_CONFLICT, "case_id", "已有一份未审批的计划，请在其上修改",
			       "a plan is already open: edit that one");
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO case_plans (case_id, summary, status, created_by, created_at, updated_at)"
			 " VALUES (?,?,'draft',nullif(?,0),?,?) RETURNING id",
			 "isiii", case_id, summary ? summary : "", c->who ? c->who->user_id : 0, c->now, c->now)) < 0 ||
	    (rc = goals_insert(c, *id, case_id, goals, n)))
		return rc;
	return case_audit(c, "create", "case_plan", *id, case_id);
}

int case_plan_update(struct ctx *c, int64_t id, const char *summary, const struct case_goal_in *goals, int n,
		     bool has_goals, int64_t version)
{
	int64_t case_id, v;
	char *status;
	int rc = owner_case(c, "SELECT case_id, status, version FROM case_plans WHERE id=?", id, &case_id, &status, &v);
	if (rc || (rc = case_open(c, case_id, WORKER, NULL, NULL, NULL, NULL)))
		return rc;
	if (v != version)
		return record_stale(c->e, v);
	if (strcmp(status, "draft") && strcmp(status, "rejected"))
		return err_set(c->e, ERR_RULE, "status", "只有草稿或被退回的计划可以修改",
			       "only a draft or a rejected plan can be edited");
	if (has_goals && (rc = goals_check(c, goals, n)))
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE case_plans SET summary=coalesce(?, summary), status='draft', version=version+1, updated_at=?"
			  " WHERE id=?",
			  "sii", summary, c->now, id)))
		return rc;
	if (has_goals && ((rc = db_exec(c->db, c->e, "DELETE FROM case_goals WHERE plan_id=?", "i", id)) ||
			  (rc = goals_insert(c, id, case_id, goals, n))))
		return rc;
	return case_audit(c, "update", "case_plan", id, case_id);
}

int case_goal_set_status(struct ctx *c, int64_t goal_id, const char *status)
{
	int64_t case_id;
	int rc = owner_case(c, "SELECT case_id FROM case_goals WHERE id=?", goal_id, &case_id, NULL, NULL);
	struct case_head h;
	if (rc || (rc = case_open(c, case_id, WORKER, NULL, NULL, &h, NULL)) || (rc = not_open(c, &h)))
		return rc;
	if ((rc = db_exec(c->db, c->e, "UPDATE case_goals SET status=?, version=version+1, updated_at=? WHERE id=?", "sii",
			  status, c->now, goal_id)))
		return rc;
	return case_audit(c, "update", "case_goal", goal_id, case_id);
}

int case_review_add(struct ctx *c, int64_t case_id, const char *progress, const char *decision, int64_t *id)
{
	struct case_head h;
	int rc = case_open(c, case_id, WORKER, NULL, NULL, &h, NULL);
	if (rc || (rc = not_open(c, &h)))
		return rc;
	if (strcmp(h.status, "active"))
		return err_set(c->e, ERR_RULE, "status", "计划通过审批后才能做检讨", "reviews follow an approved plan");
	int64_t plan = 0;
	if ((rc = db_int(c->db, c->e, &plan,
			 "SELECT max(id) FROM case_plans WHERE case_id=? AND status='approved'", "i", case_id)) < 0)
		return rc;
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO case_reviews (case_id, plan_id, progress, decision, created_by, created_at)"
			 " VALUES (?,nullif(?,0),?,?,nullif(?,0),?) RETURNING id",
			 "iissii", case_id, plan, progress, decision, c->who ? c->who->user_id : 0, c->now)) < 0)
		return rc;
	return case_audit(c, "create", "case_review", *id, case_id);
}

/* ---------- approvals ---------- */

static int request_approval(struct ctx *c, const struct case_head *h, const char *subject, int64_t subject_id,
			    const char *note, int64_t *approval_id)
{
	int rc;
	if (!h->supervisor_id)
		return err_set(c->e, ERR_RULE, "supervisor_id", "这个个案没有督导，请先为社工设定督导",
			       "the case has no supervisor: set the worker's supervisor first");
	if ((rc = no_pending(c, h->id, subject)))
		return rc;
	if ((rc = db_int(c->db, c->e, approval_id,
			 "INSERT INTO case_approvals (case_id, subject, subject_id, state, approver_id, requested_by,"
			 " requested_at, note) VALUES (?,?,nullif(?,0),'pending',?,?,?,?) RETURNING id",
			 "isiiiis", h->id, subject, subject_id, h->supervisor_id, c->who ? c->who->user_id : h->worker_id,
			 c->now, note ? note : "")) < 0)
		return rc;
	static const struct {
		const char *s, *zh, *en;
	} steps[] = {{"assessment", "评估待审批", "assessment awaiting approval"},
		     {"plan", "服务计划待审批", "plan awaiting approval"},
		     {"closing", "结案待审批", "closing awaiting approval"}};
	for (int i = 0; i < 3; i++)
		if (!strcmp(steps[i].s, subject) &&
		    (rc = case_notify(c, h->supervisor_id, h->id, "cases.approval", steps[i].zh, steps[i].en,
				      "/cases/approvals")))
			return rc;
	return case_audit(c, "request", "case_approval", *approval_id, h->id);
}

int case_submit(struct ctx *c, const char *subject, int64_t subject_id, const char *note, int64_t *approval_id)
{
	const char *sql = !strcmp(subject, "assessment") ? "SELECT case_id, status FROM case_assessments WHERE id=?"
							 : "SELECT case_id, status FROM case_plans WHERE id=?";
	int64_t case_id;
	char *status;
	struct case_head h;
	int rc = owner_case(c, sql, subject_id, &case_id, &status, NULL);
	if (rc || (rc = case_open(c, case_id, WORKER, NULL, NULL, &h, NULL)) || (rc = not_open(c, &h)))
		return rc;
	if (strcmp(status, "draft") && strcmp(status, "rejected"))
		return err_set(c->e, ERR_RULE, "status", "只有草稿或被退回的可以提交", "only a draft or a rejected one is submitted");
	if (!strcmp(subject, "plan")) {
		int64_t n = 0;
		if ((rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM case_goals WHERE plan_id=?", "i", subject_id)) < 0)
			return rc;
		if (!n)
			return err_set(c->e, ERR_RULE, "goals", "服务计划至少要有一个目标", "a plan needs at least one goal");
	}
	if ((rc = request_approval(c, &h, subject, subject_id, note, approval_id)))
		return rc;
	return db_exec(c->db, c->e,
		       !strcmp(subject, "assessment")
			       ? "UPDATE case_assessments SET status='submitted', submitted_at=?, version=version+1 WHERE id=?"
			       : "UPDATE case_plans SET status='submitted', submitted_at=?, version=version+1 WHERE id=?",
		       "ii", c->now, subject_id);
}

int case_close_request(struct ctx *c, int64_t case_id, const char *reason, const char *note, int64_t *approval_id)
{
	struct case_head h;
	int rc = case_open(c, case_id, WORKER, NULL, NULL, &h, NULL);
	if (rc)
		return rc;
	if (strcmp(h.status, "active"))
		return err_set(c->e, ERR_RULE, "status", "只有服务中的个案可以申请结案", "only an active case can be closed");
	if ((rc = request_approval(c, &h, "closing", 0, note, approval_id)))
		return rc;
	if ((rc = db_exec(c->db, c->e, "UPDATE cases SET closed_reason=?, closed_note=? WHERE id=?", "ssi", reason,
			  note ? note : "", case_id)))
		return rc;
	return case_status_set(c, case_id, "active", "closing");
}

int case_decide(struct ctx *c, int64_t approval_id, bool approve, const char *comment)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT case_id, subject, coalesce(subject_id,0), state, approver_id, requested_by FROM case_approvals"
			" WHERE id=?",
			"i", approval_id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这项审批", "no such approval");
	int64_t case_id = col_int(st, 0), sid = col_int(st, 2), approver = col_int(st, 4), requester = col_int(st, 5);
	char *subject = arena_strdup(c->a, col_text(st, 1)), *state = arena_strdup(c->a, col_text(st, 3));
	stmt_done(st);
	struct case_head h;
	if ((rc = case_open(c, case_id, CA(CASE_SUPERVISOR) | CA(CASE_SYSTEM), NULL, NULL, &h, NULL)))
		return rc == ERR_NOT_FOUND ? err_set(c->e, ERR_NOT_FOUND, "id", "没有这项审批", "no such approval") : rc;
	if (c->who && approver != c->who->user_id)
		return err_set(c->e, ERR_FORBIDDEN, "id", "这项审批不由您处理", "this approval is not yours");
	if (strcmp(state, "pending"))
		return err_set(c->e, ERR_CONFLICT, "state", "这项审批已经处理过了", "this approval was already decided");
	if (!approve && (!comment || strlen(comment) < 2))
		return err_set(c->e, ERR_INVALID, "comment", "退回时请写明意见", "say why it is rejected");
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE case_approvals SET state=?, decided_by=nullif(?,0), decided_at=?, comment=? WHERE id=?",
			  "siisi", approve ? "approved" : "rejected", c->who ? c->who->user_id : 0, c->now,
			  comment ? comment : "", approval_id)))
		return rc;
	const char *newst = approve ? "approved" : "rejected";
	if (!strcmp(subject, "assessment")) {
		if ((rc = db_exec(c->db, c->e,
				  "UPDATE case_assessments SET status=?, decided_at=?, version=version+1 WHERE id=?", "sii",
				  newst, c->now, sid)) ||
		    (approve && (rc = case_status_set(c, case_id, "assessing", "planning"))))
			return rc;
	} else if (!strcmp(subject, "plan")) {
		if ((rc = db_exec(c->db, c->e, "UPDATE case_plans SET status=?, decided_at=?, version=version+1 WHERE id=?",
				  "sii", newst, c->now, sid)) ||
		    (approve && (rc = case_status_set(c, case_id, "planning", "active"))))
			return rc;
	} else if (approve) {
		if ((rc = db_exec(c->db, c->e,
				  "UPDATE cases SET status='closed', closed_at=?, version=version+1, updated_at=? WHERE id=?"
				  " AND status='closing'",
				  "iii", c->now, c->now, case_id)))
			return rc;
	} else if ((rc = db_exec(c->db, c->e,
				 "UPDATE cases SET status='active', closed_reason=NULL, closed_note=NULL, version=version+1,"
				 " updated_at=? WHERE id=? AND status='closing'",
				 "ii", c->now, case_id))) {
		return rc;
	}
	if ((rc = case_audit(c, approve ? "approve" : "reject", "case_approval", approval_id, case_id)))
		return rc;
	const char *zh = approve ? "审批已通过" : "审批被退回", *en = approve ? "approved" : "returned by the supervisor";
	if (!strcmp(subject, "assessment"))
		zh = approve ? "评估已通过审批" : "评估被退回", en = approve ? "assessment approved" : "assessment returned";
	else if (!strcmp(subject, "plan"))
		zh = approve ? "服务计划已通过审批" : "服务计划被退回", en = approve ? "plan approved" : "plan returned";
	else
		zh = approve ? "结案已通过审批" : "结案申请被退回", en = approve ? "closing approved" : "closing returned";
	int64_t to = requester ? requester : h.worker_id;
	if (c->who && to == c->who->user_id)
		return 0;
	return case_notify(c, to, case_id, "cases.decision", zh, en, NULL);
}

int case_approvals_list(struct ctx *c, struct jw *w, const char *state)
{
	/* The caller's queue as approver, and what they asked for as worker:
	 * rows of cases they reach as worker or supervisor only. */
	int64_t me = c->who ? c->who->user_id : 0;
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT a.id, a.case_id, k.code, k.type, a.subject, a.subject_id, a.state, a.requested_at,"
			       " ru.display_name, a.note, a.decided_at, a.comment, a.approver_id, k.subject_name, k.risk_level"
			       " FROM case_approvals a JOIN cases k ON k.id=a.case_id LEFT JOIN users ru ON ru.id=a.requested_by"
			       " WHERE (a.approver_id=? OR (a.requested_by=? AND k.worker_id=?)) AND a.state=coalesce(?, a.state)"
			       " AND (k.worker_id=? OR k.supervisor_id=?) ORDER BY a.id DESC LIMIT 200",
			       "iiisii", me, me, me, state, me, me);
	if (!st)
		return c->e->code;
	int rc;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	int64_t n = 0;
	while ((rc = stmt_step(st, c->e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kint(w, "case_id", col_int(st, 1));
		jw_kstr(w, "case_code", col_text(st, 2));
		jw_kstr(w, "case_type", col_text(st, 3));
		jw_kstr(w, "subject", col_text(st, 4));
		if (col_null(st, 5)) jw_knull(w, "subject_id"); else jw_kint(w, "subject_id", col_int(st, 5));
		jw_kstr(w, "state", col_text(st, 6));
		jw_ktime(w, "requested_at", col_int(st, 7));
		jw_kstr(w, "requested_by_name", col_text(st, 8));
		jw_kstr(w, "note", col_text(st, 9));
		jw_ktime(w, "decided_at", col_int(st, 10));
		jw_kstr(w, "comment", col_text(st, 11));
		jw_kbool(w, "mine_to_decide", col_int(st, 12) == me);
		struct sb b = SB_INIT;
		const char *nm = col_text(st, 13);
		pii_mask_name(&b, nm, strlen(nm));
		jw_kstr(w, "subject_name_masked", sb_str(&b));
		sb_free(&b);
		jw_kstr(w, "risk_level", col_text(st, 14));
		jw_obj_end(w);
		n++;
	}
	stmt_done(st);
	jw_arr_end(w);
	jw_kint(w, "total", n);
	jw_obj_end(w);
	return rc < 0 ? rc : 0;
}

/* ---------- shares ---------- */

int case_share_add(struct ctx *c, int64_t case_id, int64_t user_id, const char *purpose, int64_t days, int64_t *id)
{
	struct case_head h;
	int rc = case_open(c, case_id, CASE_TEAM, NULL, NULL, &h, NULL);
	if (rc)
		return rc;
	if (!strcmp(h.status, "closed"))
		return err_set(c->e, ERR_RULE, "status", "个案已结案", "the case is closed");
	struct case_staff s;
	struct err e2 = {0};
	struct ctx c2 = *c;
	c2.e = &e2;
	if (case_staff_get(&c2, user_id, &s))
		return err_set(c->e, ERR_RULE, "user_id", "只能共享给社工站在岗人员", "a case is shared with active case staff only");
	if (user_id == h.worker_id || user_id == h.supervisor_id)
		return err_set(c->e, ERR_RULE, "user_id", "这位已能查阅这个个案", "they already reach this case");
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO case_shares (case_id, user_id, purpose, starts_at, ends_at, created_by, created_at)"
			 " VALUES (?,?,?,?,?,?,?) RETURNING id",
			 "iisiiii", case_id, user_id, purpose, c->now, c->now + days * 86400LL * 1000000LL,
			 c->who ? c->who->user_id : h.worker_id, c->now)) < 0)
		return rc;
	if ((rc = case_audit(c, "share", "case_share", *id, case_id)))
		return rc;
	return case_notify(c, user_id, case_id, "cases.shared", "已与您共享", "shared with you", NULL);
}

int case_share_revoke(struct ctx *c, int64_t share_id)
{
	int64_t case_id;
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st, "SELECT case_id, revoked_at FROM case_shares WHERE id=?", "i", share_id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这项共享", "no such share");
	case_id = col_int(st, 0);
	bool revoked = !col_null(st, 1);
	stmt_done(st);
	if ((rc = case_open(c, case_id, CASE_TEAM, NULL, NULL, NULL, NULL)))
		return rc == ERR_NOT_FOUND ? err_set(c->e, ERR_NOT_FOUND, "id", "没有这项共享", "no such share") : rc;
	if (revoked)
		return err_set(c->e, ERR_CONFLICT, "id", "这项共享已撤回", "this share was already revoked");
	if ((rc = db_exec(c->db, c->e, "UPDATE case_shares SET revoked_at=?, revoked_by=nullif(?,0) WHERE id=?", "iii",
			  c->now, c->who ? c->who->user_id : 0, share_id)))
		return rc;
	return case_audit(c, "revoke", "case_share", share_id, case_id);
}

/* ---------- attachments ---------- */

int case_attachment_add(struct ctx *c, int64_t case_id, const char *file_name, const void *data, size_t len,
			int64_t *id)
{
	struct case_head h;
	int rc = case_open(c, case_id, WORKER, NULL, NULL, &h, NULL);
	if (rc)
		return rc;
	if (!strcmp(h.status, "closed"))
		return err_set(c->e, ERR_RULE, "status", "个案已结案", "the case is closed");
	struct scan sc;
	if ((rc = scan_prepare(c->a, file_name, "attachment", data, len, SCAN_MAX_DEFAULT, &sc, c->e)))
		return rc;
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO case_attachments (case_id, file_name, content_type, size, sha256, data, uploaded_by,"
			 " uploaded_at) VALUES (?,?,?,?,?,?,nullif(?,0),?) RETURNING id",
			 "ississii", case_id, sc.file_name, sc.content_type, sc.size, sc.sha256, sc.b64,
			 c->who ? c->who->user_id : 0, c->now)) < 0)
		return rc;
	return case_audit(c, "upload", "case_attachment", *id, case_id);
}

int case_attachment_get(struct ctx *c, int64_t id, const char **mime, const char **name, const void **data,
			size_t *len)
{
	int64_t case_id = 0;
	int rc = db_int(c->db, c->e, &case_id, "SELECT case_id FROM case_attachments WHERE id=?", "i", id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这个附件", "no such attachment");
	if ((rc = case_open(c, case_id, CASE_READERS, "download", arena_printf(c->a, "attachment:%lld", (long long)id),
			    NULL, NULL)))
		return rc == ERR_NOT_FOUND ? err_set(c->e, ERR_NOT_FOUND, "id", "没有这个附件", "no such attachment") : rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st, "SELECT content_type, file_name, size, data FROM case_attachments WHERE id=?",
			 "i", id)) <= 0)
		return rc ? rc : err_set(c->e, ERR_NOT_FOUND, "id", "没有这个附件", "no such attachment");
	*mime = arena_strdup(c->a, col_text(st, 0));
	*name = arena_strdup(c->a, col_text(st, 1));
	unsigned char *buf = NULL;
	rc = scan_decode(c->a, col_text(st, 3), col_int(st, 2), "id", &buf, len, c->e);
	stmt_done(st);
	*data = buf;
	return rc;
}
