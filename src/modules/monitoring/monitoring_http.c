/*
 * monitoring_http.c — the monitoring's routes (monitoring.h). Handlers
 * read the body by its field table and call the logic; the logic checks
 * who may read the project (programme.h) before anything else, so a
 * caller without access gets 404 whatever they send.
 */
#include <jansson.h>
#include <stddef.h>
#include <string.h>

#include "auth/auth.h"
#include "http/export_http.h"
#include "http/http.h"
#include "store/store.h"
#include "modules/monitoring/monitoring.h"

/* ---------- custom readers: arrays in the body ---------- */

static int bad(struct err *e, const char *key, const char *zh, const char *en)
{
	return err_set(e, ERR_INVALID, key, zh, en);
}

static const char *obj_str(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Only the keys named may appear in an item. */
static int only_keys(json_t *o, const char *const *keys, const char *key, struct err *e)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		bool ok = false;
		for (int i = 0; keys[i]; i++)
			ok |= !strcmp(keys[i], k);
		if (!ok)
			return err_setf(e, ERR_INVALID, key, "%s 中有未知字段 %s", "%s: unknown field %s", key, k);
	}
	return 0;
}

static int read_milestones(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	struct mon_agreement_in *in = (struct mon_agreement_in *)((char *)dst - offsetof(struct mon_agreement_in, milestones));
	static const char *const keys[] = {"title", "due_on", "deliverable", "pays_tranche", NULL};
	if (!json_is_array(v) || json_array_size(v) > MON_MAX_MILESTONES)
		return bad(e, key, "节点应为数组（最多 20 个）", "milestones: an array of at most 20");
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		if (!json_is_object(x))
			return bad(e, key, "每个节点应为对象", "each milestone is an object");
		int rc = only_keys(x, keys, key, e);
		if (rc)
			return rc;
		struct mon_milestone_in *m = &in->milestones[in->n_milestones++];
		const char *t = obj_str(x, "title"), *d = obj_str(x, "due_on"), *dl = obj_str(x, "deliverable");
		if (!t || !d)
			return bad(e, key, "每个节点须有名称和计划日期", "each milestone needs a title and a due day");
		json_t *p = json_object_get(x, "pays_tranche");
		if (p && !json_is_boolean(p))
			return bad(e, key, "pays_tranche 应为 true 或 false", "pays_tranche: true or false");
		m->title = arena_strdup(a, t);
		m->due_on = arena_strdup(a, d);
		m->deliverable = dl ? arena_strdup(a, dl) : "";
		m->pays_tranche = p && json_is_true(p);
	}
	return 0;
}

static int read_tranches(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	(void)a;
	struct mon_agreement_in *in = (struct mon_agreement_in *)((char *)dst - offsetof(struct mon_agreement_in, tranches));
	if (!json_is_array(v) || json_array_size(v) > MON_MAX_TRANCHES)
		return bad(e, key, "拨付计划应为金额数组（最多 12 期）", "tranches: an array of at most 12 amounts in fen");
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		if (!json_is_integer(x))
			return bad(e, key, "每期金额应为整数（分）", "each tranche is an integer in fen");
		in->tranches[in->n_tranches++] = json_integer_value(x);
	}
	return 0;
}

static int read_values(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	(void)a;
	struct mon_report_in *in = (struct mon_report_in *)((char *)dst - offsetof(struct mon_report_in, values));
	static const char *const keys[] = {"seq", "value", NULL};
	if (!json_is_array(v) || json_array_size(v) > MON_MAX_VALUES)
		return bad(e, key, "指标值应为数组", "values: an array");
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		int rc;
		if (!json_is_object(x) || (rc = only_keys(x, keys, key, e)) ||
		    !json_is_integer(json_object_get(x, "seq")) || !json_is_number(json_object_get(x, "value")))
			return json_is_object(x) && e->code ? e->code
							    : bad(e, key, "每个指标值须有 seq 和 value", "each value needs seq and value");
		in->values[in->n_values].seq = json_integer_value(json_object_get(x, "seq"));
		in->values[in->n_values].value = json_number_value(json_object_get(x, "value"));
		if (in->values[in->n_values].value < 0)
			return bad(e, key, "指标值不能为负", "a value cannot be negative");
		in->n_values++;
	}
	return 0;
}

static int read_statuses(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	struct mon_report_in *in = (struct mon_report_in *)((char *)dst - offsetof(struct mon_report_in, statuses));
	static const char *const keys[] = {"milestone_id", "status", NULL};
	if (!json_is_array(v) || json_array_size(v) > MON_MAX_MILESTONES)
		return bad(e, key, "节点状态应为数组", "milestones: an array");
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		int rc;
		if (!json_is_object(x))
			return bad(e, key, "每个节点状态应为对象", "each milestone status is an object");
		if ((rc = only_keys(x, keys, key, e)))
			return rc;
		if (!json_is_integer(json_object_get(x, "milestone_id")) || !obj_str(x, "status"))
			return bad(e, key, "每个节点状态须有 milestone_id 和 status", "each needs milestone_id and status");
		in->statuses[in->n_statuses].milestone_id = json_integer_value(json_object_get(x, "milestone_id"));
		in->statuses[in->n_statuses].status = arena_strdup(a, obj_str(x, "status"));
		in->n_statuses++;
	}
	return 0;
}

/* ---------- projects ---------- */

#define A struct mon_agreement_in
static const struct field agreement_fields[] = {
	FLD_INT(A, application_id, FLD_REQ, 1, INT64_MAX),
	FLD_STR(A, executing_org, FLD_REQ, 1, 200),
	FLD_DATE(A, starts_on, FLD_REQ),
	FLD_DATE(A, ends_on, FLD_REQ),
	FLD_ENUM(A, maturity, FLD_REQ, mon_maturities),
	FLD_INT(A, years_run, 0, 0, 50),
	FLD_CUSTOM_HAS(A, milestones, has_milestones, FLD_REQ, read_milestones),
	FLD_CUSTOM_HAS(A, tranches, has_tranches, FLD_REQ, read_tranches),
	FLD_END,
};
#undef A

static int h_project(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : mon_project_write(&r->cx, id);
}

static int h_sign(struct req *r)
{
	struct mon_agreement_in *in = arena_alloc(r->arena, sizeof *in);
	int64_t id;
	int rc;
	if ((rc = req_body(r, in)) || (rc = mon_agreement_sign(&r->cx, in, &id)))
		return rc;
	r->status = 201;
	return mon_project_write(&r->cx, id);
}

static int h_board(struct req *r)
{
	static const char *const params[] = {"programme_id", "tier", NULL};
	int64_t programme_id;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_query_int(r, "programme_id", 0, 0, INT64_MAX, &programme_id)))
		return rc;
	const char *tier = req_query_nonempty(r, "tier");
	bool ok = !tier;
	for (int i = 0; tier && mon_tiers[i]; i++)
		ok |= !strcmp(tier, mon_tiers[i]);
	if (!ok)
		return err_set(&r->err, ERR_INVALID, "tier", "分级须为风险、观察或质量", "tier: risk, observation or quality");
	return mon_board_write(&r->cx, programme_id, tier);
}

static int h_candidates(struct req *r)
{
	static const char *const params[] = {"programme_id", NULL};
	int64_t programme_id;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_query_int(r, "programme_id", 0, 1, INT64_MAX, &programme_id)))
		return rc;
	if (!programme_id)
		return err_set(&r->err, ERR_INVALID, "programme_id", "请指明项目年度", "name the programme");
	return mon_candidates_write(&r->cx, programme_id);
}

static int h_tier(struct req *r)
{
	int64_t id;
	bool changed;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = mon_tier_recompute(&r->cx, id, &changed)))
		return rc;
	return mon_project_write(&r->cx, id);
}

struct supervisor_in {
	int64_t user_id, version;
};
static const struct field supervisor_fields[] = {
	FLD_INT(struct supervisor_in, user_id, FLD_REQ, 0, INT64_MAX),
	FLD_INT(struct supervisor_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};
static int h_supervisor(struct req *r)
{
	struct supervisor_in in = {0};
	int64_t id;
	struct mon_project p;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = mon_project_load(&r->cx, id, &p)) || (rc = req_body(r, &in)) ||
	    (rc = mon_supervisor_set(&r->cx, id, in.user_id, in.version)))
		return rc;
	return mon_project_write(&r->cx, id);
}

static const struct field report_fields[] = {
	FLD_ENUM(struct mon_report_in, kind, FLD_REQ, mon_report_kinds),
	FLD_STR(struct mon_report_in, period, 0, 0, 6),
	FLD_STR(struct mon_report_in, narrative, FLD_REQ, 1, 2000),
	FLD_CUSTOM_HAS(struct mon_report_in, values, has_values, 0, read_values),
	{"milestones", FT_CUSTOM, 0, offsetof(struct mon_report_in, statuses), offsetof(struct mon_report_in, has_statuses),
	 0, 0, NULL, read_statuses},
	FLD_END,
};
static int h_report(struct req *r)
{
	struct mon_report_in *in = arena_alloc(r->arena, sizeof *in);
	int64_t id, rid;
	struct mon_project p;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = mon_project_load(&r->cx, id, &p)) || (rc = req_body(r, in)) ||
	    (rc = mon_report_file(&r->cx, id, in, &rid)))
		return rc;
	r->status = 201;
	return mon_project_write(&r->cx, id);
}

static const char *const decisions[] = {"accept", "return", NULL};
static const struct field review_fields[] = {
	FLD_ENUM(struct mon_review_in, decision, FLD_REQ, decisions),
	FLD_STR(struct mon_review_in, comment, 0, 0, 1000),
	FLD_ENUM(struct mon_review_in, result, 0, mon_results),
	FLD_INT(struct mon_review_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};
static int h_review(struct req *r)
{
	struct mon_review_in in = {0};
	int64_t id, pid = 0;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) || (rc = mon_report_review(&r->cx, id, &in)))
		return rc;
	if ((rc = db_int(r->db, &r->err, &pid, "SELECT project_id FROM mon_reports WHERE id=?", "i", id)) < 0)
		return rc;
	return mon_project_write(&r->cx, pid);
}

struct visit_in {
	const char *visited_on, *notes;
};
static const struct field visit_fields[] = {
	FLD_DATE(struct visit_in, visited_on, FLD_REQ),
	FLD_STR(struct visit_in, notes, FLD_REQ, 1, 2000),
	FLD_END,
};
static int h_visit(struct req *r)
{
	struct visit_in in = {0};
	int64_t id, vid;
	struct mon_project p;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = mon_project_load(&r->cx, id, &p)) || (rc = req_body(r, &in)) ||
	    (rc = mon_visit_add(&r->cx, id, in.visited_on, in.notes, &vid)))
		return rc;
	r->status = 201;
	return mon_project_write(&r->cx, id);
}

static int h_close(struct req *r)
{
	struct req_version in = {0};
	int64_t id;
	struct mon_project p;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = mon_project_load(&r->cx, id, &p)) || (rc = req_body(r, &in)) ||
	    (rc = mon_project_close(&r->cx, id, in.version)))
		return rc;
	return mon_project_write(&r->cx, id);
}

struct extension_in {
	const char *note;
	int64_t version;
};
static const struct field extension_fields[] = {
	FLD_STR(struct extension_in, note, FLD_REQ, 1, 200),
	FLD_INT(struct extension_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};
static int h_extension(struct req *r)
{
	struct extension_in in = {0};
	int64_t id;
	struct mon_project p;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = mon_project_load(&r->cx, id, &p)) || (rc = req_body(r, &in)) ||
	    (rc = mon_extension_use(&r->cx, id, in.note, in.version)))
		return rc;
	return mon_project_write(&r->cx, id);
}

static int h_accept(struct req *r)
{
	struct req_version in = {0};
	int64_t id, pid = 0;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) || (rc = mon_milestone_accept(&r->cx, id, in.version)))
		return rc;
	if ((rc = db_int(r->db, &r->err, &pid, "SELECT project_id FROM mon_milestones WHERE id=?", "i", id)) < 0)
		return rc;
	return mon_project_write(&r->cx, pid);
}

/* ---------- assets ---------- */

#define S struct mon_asset_in
static const struct field asset_fields[] = {
	FLD_STR(S, name, FLD_REQ, 1, 200),
	FLD_ENUM(S, category, FLD_REQ, mon_asset_categories),
	FLD_INT(S, value, FLD_REQ, 1, 100000000000LL),
	FLD_INT(S, quantity, FLD_REQ, 1, 100000),
	FLD_DATE(S, purchased_on, FLD_REQ),
	FLD_STR(S, invoice_no, FLD_REQ, 1, 60),
	FLD_STR(S, location, FLD_REQ, 1, 200),
	FLD_STR(S, custodian, FLD_REQ, 1, 100),
	FLD_END,
};
static const struct field asset_update_fields[] = {
	FLD_STR_HAS(S, location, has_location, 0, 1, 200),
	FLD_STR_HAS(S, custodian, has_custodian, 0, 1, 100),
	FLD_INT(S, version, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};
#undef S

static int h_asset_add(struct req *r)
{
	struct mon_asset_in in = {0};
	int64_t id, aid;
	struct mon_project p;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = mon_project_load(&r->cx, id, &p)) || (rc = req_body(r, &in)) ||
	    (rc = mon_asset_add(&r->cx, id, &in, &aid)))
		return rc;
	r->status = 201;
	return mon_assets_write(&r->cx, 0, id);
}

static int asset_project_id(struct req *r, int64_t id, int64_t *pid)
{
	int rc = db_int(r->db, &r->err, pid, "SELECT project_id FROM mon_assets WHERE id=?", "i", id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(&r->err, ERR_NOT_FOUND, "id", "没有这项固定资产", "no such fixed asset");
	struct mon_project p;
	return mon_project_load(&r->cx, *pid, &p);
}

static int h_asset_update(struct req *r)
{
	struct mon_asset_in in = {0};
	int64_t id, pid;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = asset_project_id(r, id, &pid)) || (rc = req_body(r, &in)) ||
	    (rc = mon_asset_update(&r->cx, id, &in)))
		return rc;
	return mon_assets_write(&r->cx, 0, pid);
}

struct dispose_in {
	const char *reason, *approved_by, *disposed_on;
	int64_t version;
};
static const struct field dispose_fields[] = {
	FLD_STR(struct dispose_in, reason, FLD_REQ, 1, 500),
	FLD_STR(struct dispose_in, approved_by, FLD_REQ, 1, 100),
	FLD_DATE(struct dispose_in, disposed_on, FLD_REQ),
	FLD_INT(struct dispose_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};
static int h_asset_dispose(struct req *r)
{
	struct dispose_in in = {0};
	int64_t id, pid;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = asset_project_id(r, id, &pid)) || (rc = req_body(r, &in)) ||
	    (rc = mon_asset_dispose(&r->cx, id, in.reason, in.approved_by, in.disposed_on, in.version)))
		return rc;
	return mon_assets_write(&r->cx, 0, pid);
}

static int assets_filters(struct req *r, int64_t *programme_id, int64_t *project_id, bool export)
{
	static const char *const params[] = {"programme_id", "project_id", NULL};
	static const char *const xparams[] = {"programme_id", "project_id", "format", "lang", NULL};
	int rc;
	if ((rc = req_query_only(r, export ? xparams : params)) ||
	    (rc = req_query_int(r, "programme_id", 0, 0, INT64_MAX, programme_id)) ||
	    (rc = req_query_int(r, "project_id", 0, 0, INT64_MAX, project_id)))
		return rc;
	if (!*programme_id && !*project_id)
		return err_set(&r->err, ERR_INVALID, "programme_id", "请指明项目年度或资助项目", "name the programme or the project");
	return 0;
}

static int h_assets(struct req *r)
{
	int64_t programme_id, project_id;
	int rc = assets_filters(r, &programme_id, &project_id, false);
	return rc ? rc : mon_assets_write(&r->cx, programme_id, project_id);
}

static const struct export_col asset_cols[] = {
	{"project_code", "项目编号", "Project code", EXPORT_TEXT, NULL},
	{"project_title", "项目名称", "Project", EXPORT_TEXT, NULL},
	{"name", "资产名称", "Asset", EXPORT_TEXT, NULL},
	{"category", "类别", "Category", EXPORT_ENUM, "mon_asset_category"},
	{"value", "单价（元）", "Unit value (yuan)", EXPORT_FEN, NULL},
	{"quantity", "数量", "Quantity", EXPORT_INT, NULL},
	{"total_value", "总价（元）", "Total (yuan)", EXPORT_FEN, NULL},
	{"purchased_on", "购置日期", "Purchased", EXPORT_TEXT, NULL},
	{"invoice_no", "发票号", "Invoice", EXPORT_TEXT, NULL},
	{"location", "存放地点", "Location", EXPORT_TEXT, NULL},
	{"custodian", "保管人", "Custodian", EXPORT_TEXT, NULL},
	{"status", "状态", "Status", EXPORT_ENUM, "mon_asset_status"},
	{"disposal_reason", "处置原因", "Disposal reason", EXPORT_TEXT, NULL},
	{"disposed_on", "处置日期", "Disposed", EXPORT_TEXT, NULL},
	EXPORT_END,
};
static const struct export_spec asset_export = {"fixed-assets", asset_cols};
static int assets_fill(struct req *r, struct export *x)
{
	int64_t programme_id, project_id;
	int rc = assets_filters(r, &programme_id, &project_id, true);
	return rc ? rc : mon_assets_export(&r->cx, programme_id, project_id, x);
}
static int h_assets_export(struct req *r) { return export_run(r, &asset_export, assets_fill); }

const struct route monitoring_routes[] = {
	{"GET", "/api/v1/monitoring/projects", h_board, ROLES_ANY, 0,
	 "the monitoring board: funded projects the caller may read, with tier, overdue milestones, money paid and counts"
	 " per tier (?programme_id, tier)"},
	{"POST", "/api/v1/monitoring/projects", h_sign, ROLES_STAFF, 0,
	 "sign the agreement of a funded application: dates, executing organisation, milestones, tranche plan summing "
	 "to the award (the grant's tranches are reserved in the funds ledger)",
	 agreement_fields, FIELDS_CREATE},
	{"GET", "/api/v1/monitoring/candidates", h_candidates, ROLES_STAFF, 0,
	 "funded applications of a programme still without an agreement (?programme_id)"},
	{"GET", "/api/v1/monitoring/projects/{id}", h_project, ROLES_ANY, 0,
	 "a funded project: agreement, milestones, tranches paid and unpaid, reports, visits, tier with its inputs, "
	 "evaluation, extension, alerts"},
	{"POST", "/api/v1/monitoring/projects/{id}/tier", h_tier, ROLES_STAFF, 0,
	 "recompute the project's tier by the documented rule (a change is recorded with its inputs)"},
	{"POST", "/api/v1/monitoring/projects/{id}/supervisor", h_supervisor, ROLES_STAFF, 0,
	 "assign the project's one-to-one supervisor (user_id 0 removes)", supervisor_fields, FIELDS_CREATE},
	{"POST", "/api/v1/monitoring/projects/{id}/reports", h_report, ROLES_ANY, 0,
	 "file a quarterly or the final report (the applicant): narrative, indicator values, milestones' status",
	 report_fields, FIELDS_CREATE},
	{"POST", "/api/v1/monitoring/projects/{id}/visits", h_visit, ROLES_ANY, 0,
	 "record a site visit (staff or the project's supervisor)", visit_fields, FIELDS_CREATE},
	{"POST", "/api/v1/monitoring/projects/{id}/close", h_close, ROLES_STAFF, 0,
	 "close the project (only after its final report is approved)", req_version_fields, FIELDS_CREATE},
	{"POST", "/api/v1/monitoring/projects/{id}/extension", h_extension, ROLES_STAFF, 0,
	 "mark the 优秀 project's one extension used by the next year's application", extension_fields, FIELDS_CREATE},
	{"POST", "/api/v1/monitoring/projects/{id}/assets", h_asset_add, ROLES_ANY, 0,
	 "register a fixed asset of a hardware project (the applicant or staff)", asset_fields, FIELDS_CREATE},
	{"POST", "/api/v1/monitoring/milestones/{id}/accept", h_accept, ROLES_STAFF, 0,
	 "accept a milestone (a tranche milestone pays the grant's next tranche through the ledger)", req_version_fields,
	 FIELDS_CREATE},
	{"POST", "/api/v1/monitoring/reports/{id}/review", h_review, ROLES_STAFF, 0,
	 "accept or return a report with comments; a final report accepted carries the evaluation result",
	 review_fields, FIELDS_CREATE},
	{"GET", "/api/v1/monitoring/assets", h_assets, ROLES_ANY, 0,
	 "the fixed-asset register of a project or a programme (?project_id | programme_id)"},
	{"GET", "/api/v1/monitoring/assets/export", h_assets_export, ROLES_ANY, 0,
	 "the fixed-asset register as CSV or XLSX (?project_id | programme_id, format, lang)"},
	{"PATCH", "/api/v1/monitoring/assets/{id}", h_asset_update, ROLES_ANY, 0,
	 "move a fixed asset: its location or custodian", asset_update_fields, FIELDS_UPDATE},
	{"POST", "/api/v1/monitoring/assets/{id}/dispose", h_asset_dispose, ROLES_STAFF, 0,
	 "dispose of a fixed asset with the reason and who approved it (staff)", dispose_fields, FIELDS_CREATE},
	{NULL, NULL, NULL, 0, 0, NULL},
};
