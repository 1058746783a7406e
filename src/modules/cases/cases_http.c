/*
 * cases_http.c — the cases area's routes. Every route that returns case
 * content is a GET flagged RT_AUDITED whose logic calls case_open with a
 * section, so the access log has its entry exactly when data left; writes
 * answer ids and states, never content. Lists mask the subject's name and
 * show no identifier. Route roles: CASE_ROLES (social workers and org
 * admins); the staff set-up also admits administrators, who never reach a
 * case (case_access answers them 404).
 */
#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "core/pii.h"
#include "core/sb.h"
#include "http/http.h"
#include "modules/cases/case_internal.h"
#include "store/list.h"
#include "store/store.h"

#define STAFF_ADMIN (CASE_ROLES | ROLES_ADMIN)

static int answer_id(struct req *r, int status, int64_t id, const char *extra_key, const char *extra)
{
	r->status = status;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "id", id);
	if (extra_key)
		jw_kstr(&r->jw, extra_key, extra);
	jw_obj_end(&r->jw);
	return 0;
}

/* ---------- forms ---------- */

static int h_forms(struct req *r)
{
	case_forms_write(&r->jw);
	return 0;
}

/* ---------- staff ---------- */

static const struct field staff_fields[] = {
	FLD_INT(struct case_staff_in, user_id, FLD_REQ_CREATE | FLD_CREATE_ONLY, 1, INT64_MAX),
	FLD_INT(struct case_staff_in, org_id, FLD_REQ_CREATE | FLD_CREATE_ONLY, 1, INT64_MAX),
	FLD_INT(struct case_staff_in, region_id, FLD_REQ_CREATE | FLD_CREATE_ONLY, 1, INT64_MAX),
	FLD_INT_HAS(struct case_staff_in, supervisor_id, has_supervisor_id, 0, 0, INT64_MAX),
	{"is_supervisor", FT_BOOL, 0, offsetof(struct case_staff_in, is_supervisor),
	 offsetof(struct case_staff_in, has_is_supervisor), 0, 0, NULL, NULL},
	{"active", FT_BOOL, FLD_UPDATE_ONLY, offsetof(struct case_staff_in, active),
	 offsetof(struct case_staff_in, has_active), 0, 0, NULL, NULL},
	FLD_INT(struct case_staff_in, version, FLD_REQ_UPDATE | FLD_UPDATE_ONLY, 1, INT64_MAX),
	FLD_END,
};

static int h_staff_list(struct req *r)
{
	static const char *const params[] = {"org_id", NULL};
	int64_t org = 0;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_query_int(r, "org_id", 0, 0, INT64_MAX, &org)))
		return rc;
	return case_staff_list(&r->cx, &r->jw, org);
}

static int h_staff_add(struct req *r)
{
	struct case_staff_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_body(r, &in)) || (rc = case_staff_add(&r->cx, &in, &id)))
		return rc;
	r->status = 201;
	return case_staff_write(&r->cx, &r->jw, id);
}

static int h_staff_update(struct req *r)
{
	struct case_staff_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) || (rc = case_staff_update(&r->cx, id, &in)))
		return rc;
	return case_staff_write(&r->cx, &r->jw, id);
}

/* ---------- cases ---------- */

#define CASE_STR(m, fl, lo, hi) FLD_STR_HAS(struct case_in, m, has_##m, fl, lo, hi)
static const struct field case_create_fields[] = {
	FLD_ENUM(struct case_in, type, FLD_REQ, case_types),
	FLD_ENUM(struct case_in, source, FLD_REQ, case_sources),
	CASE_STR(source_note, 0, 0, 500),
	FLD_INT(struct case_in, region_id, FLD_REQ, 1, INT64_MAX),
	FLD_INT_HAS(struct case_in, person_id, has_person_id, 0, 0, INT64_MAX),
	FLD_INT_HAS(struct case_in, visit_interval_days, has_visit_interval_days, 0, 1, 90),
	CASE_STR(subject_name, FLD_REQ, 1, 50),
	FLD_ENUM_HAS(struct case_in, subject_gender, has_subject_gender, 0, case_genders),
	{"subject_birth_date", FT_DATE, 0, offsetof(struct case_in, subject_birth_date),
	 offsetof(struct case_in, has_subject_birth_date), 10, 10, NULL, NULL},
	CASE_STR(subject_id_number, 0, 0, 30),
	CASE_STR(subject_phone, 0, 0, 30),
	CASE_STR(subject_address, 0, 0, 200),
	CASE_STR(guardian_name, 0, 0, 50),
	CASE_STR(guardian_phone, 0, 0, 30),
	FLD_END,
};
static const struct field case_update_fields[] = {
	CASE_STR(source_note, 0, 0, 500),
	FLD_INT_HAS(struct case_in, person_id, has_person_id, 0, 0, INT64_MAX),
	FLD_INT_HAS(struct case_in, visit_interval_days, has_visit_interval_days, 0, 1, 90),
	CASE_STR(subject_name, 0, 1, 50),
	FLD_ENUM_HAS(struct case_in, subject_gender, has_subject_gender, 0, case_genders),
	{"subject_birth_date", FT_DATE, 0, offsetof(struct case_in, subject_birth_date),
	 offsetof(struct case_in, has_subject_birth_date), 10, 10, NULL, NULL},
	CASE_STR(subject_id_number, 0, 0, 30),
	CASE_STR(subject_phone, 0, 0, 30),
	CASE_STR(subject_address, 0, 0, 200),
	CASE_STR(guardian_name, 0, 0, 50),
	CASE_STR(guardian_phone, 0, 0, 30),
	FLD_INT(struct case_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};

static int h_case_create(struct req *r)
{
	struct case_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_body(r, &in)) || (rc = case_create(&r->cx, &in, &id)))
		return rc;
	char *code = NULL;
	if ((rc = db_text(r->db, &r->err, r->arena, &code, "SELECT code FROM cases WHERE id=?", "i", id)) < 0)
		return rc;
	return answer_id(r, 201, id, "code", code);
}

static int h_case_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : case_write_detail(&r->cx, &r->jw, id);
}

static int h_case_update(struct req *r)
{
	struct case_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) || (rc = case_update(&r->cx, id, &in)))
		return rc;
	return answer_id(r, 200, id, NULL, NULL);
}

struct reassign_in {
	int64_t worker_id, version;
};
static const struct field reassign_fields[] = {
	FLD_INT(struct reassign_in, worker_id, FLD_REQ, 1, INT64_MAX),
	FLD_INT(struct reassign_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};
static int h_reassign(struct req *r)
{
	struct reassign_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = case_reassign(&r->cx, id, in.worker_id, in.version)))
		return rc;
	return answer_id(r, 200, id, NULL, NULL);
}

/* The caseload: store/list.h over the caller's scope (case_list_scope). */
static const struct list_sort case_sorts[] = {
	{"next_visit", "coalesce(c.next_visit_at, 9000000000000000)", false, false},
	{"risk", "(CASE c.risk_level WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END)", false, false},
	{"opened", "c.opened_at", false, false},
	{"id", "c.id", false, true},
	{NULL, NULL, false, false},
};
static const struct list_spec case_list = {
	.table = "cases c", .id = "c.id", .region = "c.region_id", .sorts = case_sorts, .default_sort = "next_visit",
	.select = "c.id, c.code, c.type, c.status, c.risk_level, c.subject_name, c.subject_birth_date, c.next_visit_at,"
		  " c.last_visit_at, c.opened_at, c.worker_id, wu.display_name, g.name, c.supervisor_id",
	.from = "cases c JOIN users wu ON wu.id=c.worker_id JOIN regions g ON g.id=c.region_id",
	.row_id = "c.id",
};

static int case_row(struct stmt *st, void *vc, struct err *e)
{
	(void)e;
	struct ctx *c = vc;
	struct jw *w = c->w;
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 0));
	jw_kstr(w, "code", col_text(st, 1));
	jw_kstr(w, "type", col_text(st, 2));
	jw_kstr(w, "status", col_text(st, 3));
	jw_kstr(w, "risk_level", col_text(st, 4));
	struct sb b = SB_INIT;
	const char *nm = col_text(st, 5);
	pii_mask_name(&b, nm, strlen(nm));
	jw_kstr(w, "subject_name_masked", sb_str(&b));
	sb_free(&b);
	if (col_null(st, 6))
		jw_knull(w, "age");
	else
		jw_kint(w, "age", case_age(col_text(st, 6), c->now));
	jw_ktime(w, "next_visit_at", col_int(st, 7));
	jw_ktime(w, "last_visit_at", col_int(st, 8));
	jw_ktime(w, "opened_at", col_int(st, 9));
	jw_kint(w, "worker_id", col_int(st, 10));
	jw_kstr(w, "worker_name", col_text(st, 11));
	jw_kstr(w, "region_name", col_text(st, 12));
	jw_kbool(w, "overdue", !col_null(st, 7) && col_int(st, 7) < c->now && strcmp(col_text(st, 3), "closed"));
	jw_obj_end(w);
	return 0;
}

static int h_cases(struct req *r)
{
	static const char *const params[] = {"status", "type", "risk", "worker", "due", "page", "per_page", "sort",
					     "cursor", NULL};
	struct list_req lr;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_list(r, &lr)))
		return rc;
	struct list_q *q = list_new(&case_list);
	const char *status = req_query_nonempty(r, "status"), *type = req_query_nonempty(r, "type"),
		   *risk = req_query_nonempty(r, "risk"), *worker = req_query_nonempty(r, "worker"),
		   *due = req_query_nonempty(r, "due");
	if ((status && (rc = list_eq_enum(q, "c.status", "status", status, case_statuses, &r->err))) ||
	    (type && (rc = list_eq_enum(q, "c.type", "type", type, case_types, &r->err))) ||
	    (risk && (rc = list_eq_enum(q, "c.risk_level", "risk", risk, case_risk_levels, &r->err))))
		goto fail;
	if (worker) {
		char *end = NULL;
		long long wid = strcmp(worker, "me") == 0 ? (long long)r->who->user_id : strtoll(worker, &end, 10);
		if (wid <= 0 || (end && *end)) {
			rc = err_set(&r->err, ERR_INVALID, "worker", "worker 须为 me 或账号编号", "worker: me or an account id");
			goto fail;
		}
		list_eq_int(q, "c.worker_id", wid);
	}
	if (due) {
		if (strcmp(due, "overdue") && strcmp(due, "week")) {
			rc = err_set(&r->err, ERR_INVALID, "due", "due 须为 overdue 或 week", "due: overdue or week");
			goto fail;
		}
		int64_t until = strcmp(due, "overdue") == 0 ? r->now : r->now + 7LL * 86400 * 1000000;
		list_where(q, "c.next_visit_at < ? AND c.status <> 'closed'", "i", until);
	}
	if ((rc = case_list_scope(&r->cx, q)))
		goto fail;
	return resp_list_run(r, q, &lr, case_row, &r->cx);
fail:
	list_free(q);
	return rc;
}

/* ---------- assessments and scales ---------- */

struct assess_in {
	const char *form, *summary;
	int64_t version;
	bool has_form, has_summary;
};
static int read_form(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	if (!json_is_object(v))
		return err_set(e, ERR_INVALID, key, "评估表应为对象", "form must be an object");
	char *s = json_dumps(v, JSON_COMPACT);
	if (!s)
		return err_set(e, ERR_INVALID, key, "评估表无法读取", "form cannot be read");
	*(const char **)dst = arena_strdup(a, s);
	free(s);
	return 0;
}
static const struct field assess_fields[] = {
	FLD_CUSTOM_HAS(struct assess_in, form, has_form, FLD_REQ_CREATE, read_form),
	FLD_STR_HAS(struct assess_in, summary, has_summary, 0, 0, 4000),
	FLD_INT(struct assess_in, version, FLD_REQ_UPDATE | FLD_UPDATE_ONLY, 1, INT64_MAX),
	FLD_END,
};
static int h_assess_create(struct req *r)
{
	struct assess_in in = {0};
	int64_t id, aid;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = case_assessment_create(&r->cx, id, in.form, in.summary, &aid)))
		return rc;
	return answer_id(r, 201, aid, "status", "draft");
}
static int h_assess_update(struct req *r)
{
	struct assess_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = case_assessment_update(&r->cx, id, in.has_form ? in.form : NULL, in.has_summary ? in.summary : NULL,
					 in.version)))
		return rc;
	return answer_id(r, 200, id, "status", "draft");
}

struct submit_in {
	const char *note;
};
static const struct field submit_fields[] = {
	FLD_STR(struct submit_in, note, 0, 0, 1000),
	FLD_END,
};
static int submit(struct req *r, const char *subject)
{
	struct submit_in in = {0};
	int64_t id, aid;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = case_submit(&r->cx, subject, id, in.note, &aid)))
		return rc;
	return answer_id(r, 200, aid, "state", "pending");
}
static int h_assess_submit(struct req *r)
{
	return submit(r, "assessment");
}
static int h_plan_submit(struct req *r)
{
	return submit(r, "plan");
}

struct scale_in {
	const char *scale;
	int64_t assessment_id;
	int64_t answers[CASE_SCALE_MAX_ITEMS];
	int n;
};
static int read_answers(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	(void)a;
	struct scale_in *in = (struct scale_in *)((char *)dst - offsetof(struct scale_in, answers));
	if (!json_is_array(v) || json_array_size(v) < 1 || json_array_size(v) > CASE_SCALE_MAX_ITEMS)
		return err_set(e, ERR_INVALID, key, "回答须为 1 到 10 个整数的数组", "answers: an array of 1 to 10 integers");
	in->n = (int)json_array_size(v);
	for (int i = 0; i < in->n; i++) {
		json_t *x = json_array_get(v, (size_t)i);
		if (!json_is_integer(x))
			return err_setf(e, ERR_INVALID, key, "第 %d 项回答须为整数", "answer %d must be an integer", i + 1);
		in->answers[i] = json_integer_value(x);
	}
	return 0;
}
static const struct field scale_fields[] = {
	FLD_ENUM(struct scale_in, scale, FLD_REQ, case_scale_ids),
	FLD_INT(struct scale_in, assessment_id, 0, 0, INT64_MAX),
	FLD_CUSTOM(struct scale_in, answers, FLD_REQ, read_answers),
	FLD_END,
};
static int h_scale_add(struct req *r)
{
	struct scale_in in = {0};
	int64_t id, sid;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = case_scale_add(&r->cx, id, in.assessment_id, in.scale, in.answers, in.n, &sid)))
		return rc;
	struct stmt *st;
	if ((rc = db_row(r->db, &r->err, &st, "SELECT score, band, flagged FROM case_scales WHERE id=?", "i", sid)) <= 0)
		return rc;
	r->status = 201;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "id", sid);
	jw_kint(&r->jw, "score", col_int(st, 0));
	jw_kstr(&r->jw, "band", col_text(st, 1));
	jw_kbool(&r->jw, "flagged", col_int(st, 2) != 0);
	jw_obj_end(&r->jw);
	stmt_done(st);
	return 0;
}

/* ---------- plans, goals, reviews ---------- */

#define MAX_GOALS 30
struct plan_in {
	const char *summary;
	struct case_goal_in goals[MAX_GOALS];
	int n;
	int64_t version;
	bool has_summary, has_goals;
};
static int read_goals(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	struct plan_in *in = (struct plan_in *)((char *)dst - offsetof(struct plan_in, goals));
	if (!json_is_array(v) || json_array_size(v) > MAX_GOALS)
		return err_set(e, ERR_INVALID, key, "目标须为至多 30 项的数组", "goals: an array of at most 30");
	in->n = (int)json_array_size(v);
	in->has_goals = true;
	for (int i = 0; i < in->n; i++) {
		json_t *x = json_array_get(v, (size_t)i), *text = json_object_get(x, "text"),
		       *measure = json_object_get(x, "measure"), *date = json_object_get(x, "target_date"),
		       *status = json_object_get(x, "status");
		if (!json_is_object(x) || !json_is_string(text) || (measure && !json_is_string(measure) && !json_is_null(measure)) ||
		    (date && !json_is_null(date) && (!json_is_string(date) || (json_string_length(date) &&
									       !fields_is_date(json_string_value(date))))) ||
		    (status && !json_is_string(status)))
			return err_setf(e, ERR_INVALID, key, "第 %d 个目标须有内容（text），目标日期为 YYYY-MM-DD",
					"goal %d: text required, target_date YYYY-MM-DD", i + 1);
		in->goals[i].text = arena_strdup(a, json_string_value(text));
		in->goals[i].measure = json_is_string(measure) ? arena_strdup(a, json_string_value(measure)) : "";
		in->goals[i].target_date = json_is_string(date) ? arena_strdup(a, json_string_value(date)) : NULL;
		in->goals[i].status = json_is_string(status) ? arena_strdup(a, json_string_value(status)) : NULL;
	}
	return 0;
}
static const struct field plan_fields[] = {
	FLD_STR_HAS(struct plan_in, summary, has_summary, 0, 0, 4000),
	{"goals", FT_CUSTOM, FLD_REQ_CREATE, offsetof(struct plan_in, goals), -1, 0, 0, NULL, read_goals},
	FLD_INT(struct plan_in, version, FLD_REQ_UPDATE | FLD_UPDATE_ONLY, 1, INT64_MAX),
	FLD_END,
};
static int h_plan_create(struct req *r)
{
	struct plan_in in = {0};
	int64_t id, pid;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = case_plan_create(&r->cx, id, in.summary, in.goals, in.n, &pid)))
		return rc;
	return answer_id(r, 201, pid, "status", "draft");
}
static int h_plan_update(struct req *r)
{
	struct plan_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = case_plan_update(&r->cx, id, in.has_summary ? in.summary : NULL, in.goals, in.n, in.has_goals,
				   in.version)))
		return rc;
	return answer_id(r, 200, id, "status", "draft");
}

struct goal_status_in {
	const char *status;
};
static const struct field goal_status_fields[] = {
	FLD_ENUM(struct goal_status_in, status, FLD_REQ, case_goal_statuses),
	FLD_END,
};
static int h_goal_status(struct req *r)
{
	struct goal_status_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = case_goal_set_status(&r->cx, id, in.status)))
		return rc;
	return answer_id(r, 200, id, "status", in.status);
}

struct review_in {
	const char *progress, *decision;
};
static const struct field review_fields[] = {
	FLD_STR(struct review_in, progress, FLD_REQ, 2, 4000),
	FLD_ENUM(struct review_in, decision, FLD_REQ, case_review_decisions),
	FLD_END,
};
static int h_review_add(struct req *r)
{
	struct review_in in = {0};
	int64_t id, rid;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = case_review_add(&r->cx, id, in.progress, in.decision, &rid)))
		return rc;
	return answer_id(r, 201, rid, NULL, NULL);
}

/* ---------- closing and approvals ---------- */

struct close_in {
	const char *reason, *note;
};
static const struct field close_fields[] = {
	FLD_ENUM(struct close_in, reason, FLD_REQ, case_close_reasons),
	FLD_STR(struct close_in, note, FLD_REQ, 2, 2000),
	FLD_END,
};
static int h_close(struct req *r)
{
	struct close_in in = {0};
	int64_t id, aid;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = case_close_request(&r->cx, id, in.reason, in.note, &aid)))
		return rc;
	return answer_id(r, 200, aid, "state", "pending");
}

static int h_approvals(struct req *r)
{
	static const char *const params[] = {"state", NULL};
	int rc = req_query_only(r, params);
	if (rc)
		return rc;
	const char *state = req_query_nonempty(r, "state");
	if (state && !case_in_list(case_approval_states, state))
		return err_set(&r->err, ERR_INVALID, "state", "状态不在列表中", "unknown state");
	return case_approvals_list(&r->cx, &r->jw, state);
}

struct decide_in {
	const char *comment;
};
static const struct field decide_fields[] = {
	FLD_STR(struct decide_in, comment, 0, 0, 2000),
	FLD_END,
};
static int decide(struct req *r, bool approve)
{
	struct decide_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = case_decide(&r->cx, id, approve, in.comment)))
		return rc;
	return answer_id(r, 200, id, "state", approve ? "approved" : "rejected");
}
static int h_approve(struct req *r)
{
	return decide(r, true);
}
static int h_reject(struct req *r)
{
	return decide(r, false);
}

/* ---------- shares, the access log, flags ---------- */

struct share_in {
	int64_t user_id, days;
	const char *purpose;
};
static const struct field share_fields[] = {
	FLD_INT(struct share_in, user_id, FLD_REQ, 1, INT64_MAX),
	FLD_STR(struct share_in, purpose, FLD_REQ, 2, 200),
	FLD_INT(struct share_in, days, FLD_REQ, 1, 90),
	FLD_END,
};
static int h_share_add(struct req *r)
{
	struct share_in in = {0};
	int64_t id, sid;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = case_share_add(&r->cx, id, in.user_id, in.purpose, in.days, &sid)))
		return rc;
	return answer_id(r, 201, sid, NULL, NULL);
}
static int h_share_revoke(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = case_share_revoke(&r->cx, id)))
		return rc;
	return answer_id(r, 200, id, "state", "revoked");
}
static int h_access_log(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : case_write_access_log(&r->cx, &r->jw, id);
}

struct flag_in {
	const char *kind, *level, *note;
};
static const struct field flag_fields[] = {
	FLD_ENUM(struct flag_in, kind, FLD_REQ, case_flag_kinds),
	FLD_ENUM(struct flag_in, level, FLD_REQ, case_flag_levels),
	FLD_STR(struct flag_in, note, FLD_REQ, 2, 2000),
	FLD_END,
};
static int h_flag_raise(struct req *r)
{
	struct flag_in in = {0};
	int64_t id, fid;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = case_open(&r->cx, id, CASE_TEAM, NULL, NULL, NULL, NULL)) ||
	    (rc = case_flag_raise(&r->cx, id, in.kind, in.level, "manual", 0, in.note, &fid)))
		return rc;
	return answer_id(r, 201, fid, NULL, NULL);
}
struct resolve_in {
	const char *resolution;
};
static const struct field resolve_fields[] = {
	FLD_STR(struct resolve_in, resolution, FLD_REQ, 2, 1000),
	FLD_END,
};
static int h_flag_resolve(struct req *r)
{
	struct resolve_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = case_flag_resolve(&r->cx, id, in.resolution)))
		return rc;
	return answer_id(r, 200, id, "state", "resolved");
}

/* ---------- attachments ---------- */

static int h_attach_add(struct req *r)
{
	static const char *const params[] = {"file_name", NULL};
	int64_t id, aid;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_query_only(r, params)) ||
	    (rc = case_attachment_add(&r->cx, id, req_query_nonempty(r, "file_name"), r->body, r->body_len, &aid)))
		return rc;
	return answer_id(r, 201, aid, NULL, NULL);
}

static int h_attach_get(struct req *r)
{
	int64_t id;
	const char *ct, *name;
	const void *data;
	size_t len;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = case_attachment_get(&r->cx, id, &ct, &name, &data, &len)))
		return rc;
	sb_reset(&r->out);
	sb_add(&r->out, data, len);
	r->content_type = ct;
	r->download_name = (char *)name;
	return 0;
}

#define CR CASE_ROLES
const struct route case_routes[] = {
	{"GET", "/api/v1/case-forms", h_forms, CR, 0, "the assessment form of each case type and the screening scales"},
	{"GET", "/api/v1/case-staff", h_staff_list, STAFF_ADMIN, 0,
	 "social-work stations' staff the caller manages or works with (?org_id)"},
	{"POST", "/api/v1/case-staff", h_staff_add, STAFF_ADMIN, 0,
	 "add a worker or supervisor to a station (org admin over the organisation, admin over the region)",
	 staff_fields, FIELDS_CREATE},
	{"PATCH", "/api/v1/case-staff/{id}", h_staff_update, STAFF_ADMIN, 0,
	 "set a worker's supervisor (their open cases follow), supervisor flag, active (version-checked)", staff_fields,
	 FIELDS_UPDATE},
	{"GET", "/api/v1/cases", h_cases, CR, 0,
	 "the caller's caseload (?status, type, risk, worker=me|id, due=overdue|week, sort=next_visit|risk|opened): names masked"},
	{"POST", "/api/v1/cases", h_case_create, CR, 0, "intake: a new case by active case staff", case_create_fields,
	 FIELDS_CREATE},
	{"GET", "/api/v1/cases/{id}", h_case_get, CR, RT_AUDITED,
	 "a case with flags, assessments, scales, plans, reviews, approvals, shares (logged; 404 without access)"},
	{"PATCH", "/api/v1/cases/{id}", h_case_update, CR, 0, "change a case (the worker, version-checked)",
	 case_update_fields, FIELDS_UPDATE},
	{"POST", "/api/v1/cases/{id}/reassign", h_reassign, CR, 0, "move a case to another worker (the supervisor)",
	 reassign_fields, FIELDS_CREATE},
	{"POST", "/api/v1/cases/{id}/assessments", h_assess_create, CR, 0, "a draft assessment (the worker)", assess_fields,
	 FIELDS_CREATE},
	{"PATCH", "/api/v1/case-assessments/{id}", h_assess_update, CR, 0, "edit a draft or returned assessment",
	 assess_fields, FIELDS_UPDATE},
	{"POST", "/api/v1/case-assessments/{id}/submit", h_assess_submit, CR, 0,
	 "send an assessment to the supervisor for approval", submit_fields, FIELDS_CREATE},
	{"POST", "/api/v1/cases/{id}/scales", h_scale_add, CR, 0,
	 "a screening scale's answers (phq9, gad7, ucla3, barthel): score and band computed, flags raised", scale_fields,
	 FIELDS_CREATE},
	{"POST", "/api/v1/cases/{id}/plans", h_plan_create, CR, 0, "a draft plan with goals (the worker)", plan_fields,
	 FIELDS_CREATE},
	{"PATCH", "/api/v1/case-plans/{id}", h_plan_update, CR, 0, "edit a draft or returned plan", plan_fields,
	 FIELDS_UPDATE},
	{"POST", "/api/v1/case-plans/{id}/submit", h_plan_submit, CR, 0, "send a plan for approval", submit_fields,
	 FIELDS_CREATE},
	{"POST", "/api/v1/case-goals/{id}/status", h_goal_status, CR, 0, "a goal's status (open, achieved, partly, dropped)",
	 goal_status_fields, FIELDS_CREATE},
	{"POST", "/api/v1/cases/{id}/reviews", h_review_add, CR, 0, "a review of an active case: progress and decision",
	 review_fields, FIELDS_CREATE},
	{"POST", "/api/v1/cases/{id}/close", h_close, CR, 0, "request closing with a reason (goes to the supervisor)",
	 close_fields, FIELDS_CREATE},
	{"GET", "/api/v1/case-approvals", h_approvals, CR, 0,
	 "the caller's approvals: to decide as supervisor, asked as worker (?state)"},
	{"POST", "/api/v1/case-approvals/{id}/approve", h_approve, CR, 0, "approve (the case's supervisor)",
	 decide_fields, FIELDS_CREATE},
	{"POST", "/api/v1/case-approvals/{id}/reject", h_reject, CR, 0, "return with a comment (the case's supervisor)",
	 decide_fields, FIELDS_CREATE},
	{"POST", "/api/v1/cases/{id}/shares", h_share_add, CR, 0,
	 "share a case with other case staff for a purpose and up to 90 days", share_fields, FIELDS_CREATE},
	{"POST", "/api/v1/case-shares/{id}/revoke", h_share_revoke, CR, 0, "end a share"},
	{"GET", "/api/v1/cases/{id}/access-log", h_access_log, CR, 0,
	 "who read the case, when, what and why (the worker and the supervisor)"},
	{"POST", "/api/v1/cases/{id}/flags", h_flag_raise, CR, 0, "raise a risk flag by hand", flag_fields,
	 FIELDS_CREATE},
	{"POST", "/api/v1/case-flags/{id}/resolve", h_flag_resolve, CR, 0, "resolve a risk flag", resolve_fields,
	 FIELDS_CREATE},
	{"POST", "/api/v1/cases/{id}/attachments", h_attach_add, CR, RT_BIG_BODY,
	 "upload a scan (raw body: PDF/JPEG/PNG up to 5 MB, ?file_name)"},
	{"GET", "/api/v1/case-attachments/{id}", h_attach_get, CR, RT_AUDITED, "download an attachment (logged)"},
	{NULL, NULL, NULL, 0, 0, NULL, NULL, 0, NULL, NULL},
};
