/*
 * grants_http.c — the grants area's routes: grants (application, vote,
 * tranches, spending and receipts, cancel, complete), the disclosure
 * calendar and disclosures, the property trusts and their statements, and
 * the public page of a fund (no login). Handlers read the request and call
 * the logic, which checks scope; where a route has an {id} the record is
 * loaded in scope before its body is read, so a call outside the caller's
 * scope is 403/404 whatever its body.
 */
#include <stdlib.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "http/export_http.h"
#include "modules/grants/grants_http.h"
#include "modules/grants/grants_internal.h"
#include "store/jcols.h"
#include "store/list.h"
#include "store/store.h"

static int read_tranches(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	(void)a;
	struct gr_tranches *t = dst;
	if (!json_is_array(v) || json_array_size(v) < 1 || json_array_size(v) > GR_MAX_TRANCHES)
		return err_set(e, ERR_INVALID, key, "拨付批次须为 1 至 12 个金额（分）", "tranches: 1 to 12 amounts in fen");
	t->n = (int)json_array_size(v);
	for (int i = 0; i < t->n; i++) {
		json_t *x = json_array_get(v, (size_t)i);
		if (!json_is_integer(x) || json_integer_value(x) <= 0 || json_integer_value(x) > 100000000000LL)
			return err_setf(e, ERR_INVALID, key, "第 %d 期金额须为正整数（分）", "tranche %d: a positive amount in fen",
					i + 1);
		t->amount[i] = json_integer_value(x);
	}
	return 0;
}

/* ---------- grants ---------- */

static const struct field apply_fields[] = {
	FLD_INT(struct grant_apply_in, fund_id, FLD_REQ, 1, INT64_MAX),
	FLD_STR(struct grant_apply_in, title, FLD_REQ, 1, 100),
	FLD_STR(struct grant_apply_in, purpose, 0, 0, 2000),
	FLD_ENUM(struct grant_apply_in, kind, 0, grant_kinds),
	FLD_INT(struct grant_apply_in, org_id, 0, 1, INT64_MAX),
	FLD_INT(struct grant_apply_in, person_id, 0, 1, INT64_MAX),
	FLD_STR(struct grant_apply_in, recipient_name, 0, 1, 100),
	FLD_INT(struct grant_apply_in, amount, FLD_REQ, 1, 100000000000LL),
	FLD_CUSTOM_HAS(struct grant_apply_in, tranches, has_tranches, 0, read_tranches),
	FLD_DATE(struct grant_apply_in, starts_on, 0),
	FLD_DATE(struct grant_apply_in, ends_on, 0),
	FLD_END,
};

static int answer_grant(struct req *r, int64_t id, int status)
{
	r->status = status;
	return grant_write_detail(&r->cx, id, false);
}

static int h_list(struct req *r)
{
	static const char *const params[] = {"page", "per_page", "sort", "cursor", "fund_id", "status", "region_id", NULL};
	struct list_req lr;
	int64_t fund_id, region_id;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_list(r, &lr)) ||
	    (rc = req_query_int(r, "fund_id", 0, 0, INT64_MAX, &fund_id)) ||
	    (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region_id)))
		return rc;
	struct list_q *q;
	if ((rc = grant_list_query(&r->cx, fund_id, req_query_nonempty(r, "status"), region_id, &q)))
		return rc;
	return resp_list_run(r, q, &lr, grant_list_row, &r->cx);
}

static int h_apply(struct req *r)
{
	struct grant_apply_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_body(r, &in)) || (rc = grant_apply(&r->cx, &in, &id)))
		return rc;
	return answer_grant(r, id, 201);
}

static int h_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : answer_grant(r, id, 200);
}

/* The grant {id} in the caller's scope, before its body is read. */
static int grant_in_scope(struct req *r, int64_t *id)
{
	struct record rec;
	int rc = req_param_id(r, "id", id);
	return rc ? rc : record_load(&r->cx, &grant_kind, *id, 0, &rec);
}

static int h_open_vote(struct req *r)
{
	struct req_version in = {0};
	int64_t id;
	int rc;
	if ((rc = grant_in_scope(r, &id)) || (rc = req_body(r, &in)) || (rc = grant_open_vote(&r->cx, id, in.version)))
		return rc;
	return answer_grant(r, id, 200);
}

struct vote_in {
	const char *choice, *comment;
};
static const struct field vote_fields[] = {
	FLD_ENUM(struct vote_in, choice, FLD_REQ, grant_vote_choices),
	FLD_STR(struct vote_in, comment, 0, 0, 500),
	FLD_END,
};
static int h_vote(struct req *r)
{
	struct vote_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = grant_may_vote(&r->cx, id)) || (rc = req_body(r, &in)) ||
	    (rc = grant_vote(&r->cx, id, in.choice, in.comment)))
		return rc;
	return answer_grant(r, id, 200);
}

struct reason_in {
	int64_t version;
	const char *reason;
};
static const struct field cancel_fields[] = {
	FLD_INT(struct reason_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_STR(struct reason_in, reason, FLD_REQ, 2, 500),
	FLD_END,
};
static int h_cancel(struct req *r)
{
	struct reason_in in = {0};
	int64_t id;
	int rc;
	if ((rc = grant_in_scope(r, &id)) || (rc = req_body(r, &in)) ||
	    (rc = grant_cancel(&r->cx, id, in.version, in.reason)))
		return rc;
	return answer_grant(r, id, 200);
}

struct result_in {
	int64_t version;
	const char *result;
};
static const struct field complete_fields[] = {
	FLD_INT(struct result_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_STR(struct result_in, result, FLD_REQ, 2, 5000),
	FLD_END,
};
static int h_complete(struct req *r)
{
	struct result_in in = {0};
	int64_t id;
	int rc;
	if ((rc = grant_in_scope(r, &id)) || (rc = req_body(r, &in)) ||
	    (rc = grant_complete(&r->cx, id, in.version, in.result)))
		return rc;
	return answer_grant(r, id, 200);
}

static int h_pay(struct req *r)
{
	int64_t id, gid = 0;
	struct record rec;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = record_load(&r->cx, &grant_tranche_kind, id, 0, &rec)) ||
	    (rc = grant_pay_tranche(&r->cx, id)))
		return rc;
	if ((rc = db_int(r->db, &r->err, &gid, "SELECT grant_id FROM grant_tranches WHERE id=?", "i", id)) < 0)
		return rc;
	return answer_grant(r, gid, 200);
}

static int h_receipt_add(struct req *r)
{
	static const char *const params[] = {"file_name", NULL};
	int64_t id, rid;
	int rc;
	if ((rc = grant_in_scope(r, &id)) || (rc = req_query_only(r, params)) ||
	    (rc = grant_receipt_add(&r->cx, id, req_query_nonempty(r, "file_name"), r->body, r->body_len, &rid)))
		return rc;
	r->status = 201;
	return resp_record(r, &grant_receipt_kind, rid);
}

static int h_receipt_get(struct req *r)
{
	int64_t id;
	const char *ct, *name;
	unsigned char *data;
	size_t len;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = grant_receipt_get(&r->cx, id, &ct, &name, &data, &len)))
		return rc;
	return resp_file(r, ct, name, data, len);
}

static const struct field spending_fields[] = {
	FLD_DATE(struct grant_spending_in, spent_on, FLD_REQ),
	FLD_STR(struct grant_spending_in, item, FLD_REQ, 1, 200),
	FLD_STR(struct grant_spending_in, payee, 0, 0, 100),
	FLD_INT(struct grant_spending_in, amount, FLD_REQ, 1, 100000000000LL),
	FLD_INT(struct grant_spending_in, receipt_id, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};
static int h_spending_add(struct req *r)
{
	struct grant_spending_in in = {0};
	int64_t id, sid;
	int rc;
	if ((rc = grant_in_scope(r, &id)) || (rc = req_body(r, &in)) || (rc = grant_spending_add(&r->cx, id, &in, &sid)))
		return rc;
	return answer_grant(r, id, 201);
}

/* ---------- the calendar and disclosures ---------- */

static int h_calendar(struct req *r)
{
	static const char *const params[] = {"fund_id", "overdue", NULL};
	int64_t fund_id, overdue;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_query_int(r, "fund_id", 0, 0, INT64_MAX, &fund_id)) ||
	    (rc = req_query_int(r, "overdue", 0, 0, 1, &overdue)))
		return rc;
	const struct grant *g = auth_primary_grant(r->who, ROLES_ANY);
	if (!g)
		return auth_forbidden(&r->err);
	const char *path = g->region_path;
	if (fund_id) {
		struct fund_head f;
		if ((rc = fund_load(&r->cx, fund_id, 0, &f)))
			return rc;
		path = "/";
	}
	struct gr_obligation *o;
	int n;
	if ((rc = gr_obligations(&r->cx, fund_id, path, 366, overdue != 0, &o, &n)))
		return rc;
	struct jw *w = &r->jw;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	for (int i = 0; i < n; i++) {
		char due[11];
		gr_day_text(o[i].due, due);
		jw_obj(w);
		jw_kint(w, "fund_id", o[i].fund_id);
		jw_kstr(w, "subject_kind", o[i].subject_kind);
		if (o[i].grant_id)
			jw_kint(w, "grant_id", o[i].grant_id);
		else
			jw_knull(w, "grant_id");
		if (o[i].subject_id)
			jw_kint(w, "subject_id", o[i].subject_id);
		else
			jw_knull(w, "subject_id");
		jw_kstr(w, "title", o[i].title);
		jw_kstr(w, "kind", o[i].kind);
		jw_kstr(w, "due", due);
		jw_kbool(w, "overdue", o[i].overdue);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_kint(w, "total", n);
	jw_obj_end(w);
	return 0;
}

static const struct field disclosure_fields[] = {
	FLD_INT(struct disclosure_in, fund_id, FLD_REQ, 1, INT64_MAX),
	FLD_INT(struct disclosure_in, grant_id, 0, 1, INT64_MAX),
	FLD_INT(struct disclosure_in, subject_id, 0, 1, INT64_MAX),
	FLD_ENUM(struct disclosure_in, kind, FLD_REQ, disclosure_kinds),
	FLD_STR(struct disclosure_in, title, FLD_REQ, 1, 100),
	FLD_STR(struct disclosure_in, body, FLD_REQ, 1, 20000),
	FLD_END,
};

static int answer_disclosure(struct req *r, int64_t id)
{
	r->status = 201;
	return resp_record(r, &disclosure_kind, id);
}

static int h_publish(struct req *r)
{
	struct disclosure_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_body(r, &in)) || (rc = disclosure_publish(&r->cx, &in, &id)))
		return rc;
	return answer_disclosure(r, id);
}

struct correct_in {
	const char *title, *body;
};
static const struct field correct_fields[] = {
	FLD_STR(struct correct_in, title, FLD_REQ, 1, 100),
	FLD_STR(struct correct_in, body, FLD_REQ, 1, 20000),
	FLD_END,
};
static int h_correct(struct req *r)
{
	struct correct_in in = {0};
	struct record rec;
	int64_t id, nid;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = record_load(&r->cx, &disclosure_kind, id, 0, &rec)) ||
	    (rc = req_body(r, &in)) || (rc = disclosure_correct(&r->cx, id, in.title, in.body, &nid)))
		return rc;
	return answer_disclosure(r, nid);
}

static const struct field subject_fields[] = {
	FLD_INT(struct disclosure_subject_in, fund_id, FLD_REQ, 1, INT64_MAX),
	FLD_ENUM(struct disclosure_subject_in, kind, FLD_REQ, disclosure_subject_kinds),
	FLD_STR(struct disclosure_subject_in, title, FLD_REQ, 1, 100),
	FLD_DATE(struct disclosure_subject_in, starts_on, FLD_REQ),
	FLD_DATE(struct disclosure_subject_in, ends_on, 0),
	FLD_END,
};
static int h_subject_add(struct req *r)
{
	struct disclosure_subject_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_body(r, &in)) || (rc = disclosure_subject_add(&r->cx, &in, &id)))
		return rc;
	r->status = 201;
	return resp_record(r, &disclosure_subject_kind, id);
}

/* ---------- property trusts ---------- */

static const struct field trust_fields[] = {
	FLD_INT(struct trust_in, fund_id, FLD_REQ, 1, INT64_MAX),
	FLD_STR(struct trust_in, compound, FLD_REQ, 1, 100),
	FLD_STR(struct trust_in, principal, FLD_REQ, 1, 100),
	FLD_INT(struct trust_in, trustee_org_id, 0, 1, INT64_MAX),
	FLD_STR(struct trust_in, trustee_name, 0, 1, 100),
	FLD_INT(struct trust_in, households, 0, 0, 100000),
	FLD_END,
};
static int h_trust_add(struct req *r)
{
	struct trust_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_body(r, &in)) || (rc = trust_create(&r->cx, &in, &id)))
		return rc;
	r->status = 201;
	return trust_write_detail(&r->cx, id);
}

static const struct jcol trust_cols[] = {
	{"id", 0, JC_INT}, {"fund_id", 1, JC_INT}, {"compound", 2, JC_TEXT}, {"trustee_name", 3, JC_TEXT},
	{"principal", 4, JC_TEXT}, {"region_name", 5, JC_TEXT},
};

static int h_trusts(struct req *r)
{
	static const char *const params[] = {NULL};
	int rc = req_query_only(r, params);
	if (rc)
		return rc;
	const struct grant *g = auth_primary_grant(r->who, ROLES_ANY);
	if (!g)
		return auth_forbidden(&r->err);
	const char *lo = g->region_path;
	const char *hi = list_path_hi(r->arena, lo);
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT t.id, t.fund_id, t.compound, t.trustee_name, t.principal, g.name FROM property_trusts t"
			       " JOIN regions g ON g.id=t.region_id WHERE g.path >= ? AND g.path < ? ORDER BY t.id LIMIT 200",
			       "ss", lo, hi);
	if (!st)
		return r->err.code;
	struct jw *w = &r->jw;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	rc = jw_rows(w, st, JCOLS(trust_cols), &r->err);
	jw_arr_end(w);
	jw_obj_end(w);
	return rc < 0 ? rc : 0;
}

static int h_trust_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : trust_write_detail(&r->cx, id);
}

static const struct field line_fields[] = {
	FLD_INT(struct trust_line_in, year, FLD_REQ, 2000, 2100),
	FLD_ENUM(struct trust_line_in, direction, FLD_REQ, trust_directions),
	FLD_STR(struct trust_line_in, category, FLD_REQ, 1, 100),
	FLD_INT(struct trust_line_in, planned, FLD_REQ, 0, 100000000000LL),
	FLD_STR(struct trust_line_in, owners_resolution, FLD_REQ, 2, 500),
	FLD_END,
};
static int trust_in_scope(struct req *r, int64_t *id)
{
	struct fund_head f;
	int rc = req_param_id(r, "id", id);
	return rc ? rc : trust_load(&r->cx, *id, true, &f);
}
static int h_line_add(struct req *r)
{
	struct trust_line_in in = {0};
	int64_t id, lid;
	int rc;
	if ((rc = trust_in_scope(r, &id)) || (rc = req_body(r, &in)) || (rc = trust_line_add(&r->cx, id, &in, &lid)))
		return rc;
	r->status = 201;
	return trust_write_detail(&r->cx, id);
}

static const struct field entry_fields[] = {
	FLD_INT(struct trust_entry_in, line_id, FLD_REQ, 1, INT64_MAX),
	FLD_DATE(struct trust_entry_in, occurred_on, FLD_REQ),
	FLD_INT(struct trust_entry_in, amount, FLD_REQ, 1, 100000000000LL),
	FLD_STR(struct trust_entry_in, counterparty, 0, 0, 100),
	FLD_STR(struct trust_entry_in, memo, 0, 0, 200),
	FLD_INT(struct trust_entry_in, receipt_id, 0, 1, INT64_MAX),
	FLD_END,
};
static int h_entry_add(struct req *r)
{
	struct trust_entry_in in = {0};
	int64_t id, eid;
	int rc;
	if ((rc = trust_in_scope(r, &id)) || (rc = req_body(r, &in)) || (rc = trust_entry_add(&r->cx, id, &in, &eid)))
		return rc;
	r->status = 201;
	return trust_write_detail(&r->cx, id);
}

static int h_statement(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : trust_write_statement(&r->cx, id, req_param(r, "month"));
}

static const struct export_col trust_stmt_cols[] = {
	{"occurred_on", "日期", "Date", EXPORT_TEXT, NULL},
	{"category", "科目", "Line", EXPORT_TEXT, NULL},
	{"direction", "收支", "In/out", EXPORT_ENUM, "trust_direction"},
	{"amount", "金额（元）", "Amount (yuan)", EXPORT_FEN, NULL},
	{"counterparty", "对方", "Counterparty", EXPORT_TEXT, NULL},
	{"memo", "摘要", "Memo", EXPORT_TEXT, NULL},
	{"transfer_id", "账目编号", "Ledger entry", EXPORT_INT, NULL},
	EXPORT_END,
};
static const struct export_spec trust_stmt_export = {"trust-statement", trust_stmt_cols};
static int trust_stmt_fill(struct req *r, struct export *x)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : trust_statement_export(&r->cx, id, req_param(r, "month"), x);
}
static int h_statement_export(struct req *r) { return export_run(r, &trust_stmt_export, trust_stmt_fill); }

static int h_funds(struct req *r)
{
	static const char *const params[] = {NULL};
	int rc = req_query_only(r, params);
	return rc ? rc : gr_write_funds(&r->cx);
}

/* ---------- public ---------- */

static int h_public_fund(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : gr_public_fund(&r->cx, id);
}

static int h_public_grant(struct req *r)
{
	int64_t id, fid = 0;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	if ((rc = db_int(r->db, &r->err, &fid, "SELECT fund_id FROM grants WHERE id=? AND status IN"
			 " ('approved','completed','cancelled')", "i", id)) < 0)
		return rc;
	if (!rc)
		return err_set(&r->err, ERR_NOT_FOUND, "id", "没有这个资助项目", "no such grant");
	return grant_write_detail(&r->cx, id, true);
}

static const struct export_col statement_cols[] = {
	{"id", "账目编号", "Entry", EXPORT_INT, NULL},
	{"at", "时间", "Time", EXPORT_TIME, NULL},
	{"direction", "收支", "In/out", EXPORT_TEXT, NULL},
	{"kind", "类别", "Kind", EXPORT_ENUM, "fund_transfer_kind"},
	{"amount", "金额（元）", "Amount (yuan)", EXPORT_FEN, NULL},
	{"party", "捐赠人/收款方", "Donor / payee", EXPORT_TEXT, NULL},
	{"memo", "摘要", "Memo", EXPORT_TEXT, NULL},
	{"balance", "本期累计（元）", "Running total (yuan)", EXPORT_FEN, NULL},
	EXPORT_END,
};
static const struct export_spec statement_export = {"fund-statement", statement_cols};
static int statement_fill(struct req *r, struct export *x)
{
	static const char *const params[] = {"from", "to", "format", "lang", NULL};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_query_only(r, params)))
		return rc;
	return gr_public_statement(&r->cx, id, req_query_nonempty(r, "from"), req_query_nonempty(r, "to"), x);
}
static int h_public_statement(struct req *r) { return export_run(r, &statement_export, statement_fill); }

#define ANY ROLES_ANY
const struct route grants_routes[] = {
	{"GET", "/api/v1/grants", h_list, ANY, 0, "grants in the caller's scope (?fund_id, status, region_id)"},
	{"POST", "/api/v1/grants", h_apply, ANY, 0, "apply for a grant or micro-grant (微创投) from a fund", apply_fields,
	 FIELDS_CREATE},
	{"GET", "/api/v1/grants/{id}", h_get, ANY, 0, "a grant: votes, tranches, spending lines, disclosures, history"},
	{"POST", "/api/v1/grants/{id}/open-vote", h_open_vote, ANY, 0,
	 "put an application to the fund's committee (managers): the electorate is fixed", req_version_fields,
	 FIELDS_CREATE},
	{"POST", "/api/v1/grants/{id}/votes", h_vote, ANY, 0,
	 "a committee member's vote (once): approved by a majority of the committee, the tranches reserved", vote_fields,
	 FIELDS_CREATE},
	{"POST", "/api/v1/grants/{id}/cancel", h_cancel, ANY, 0,
	 "cancel a grant with a reason: its unpaid tranches are voided in the ledger", cancel_fields, FIELDS_CREATE},
	{"POST", "/api/v1/grants/{id}/complete", h_complete, ANY, 0, "close a fully paid grant with its result",
	 complete_fields, FIELDS_CREATE},
	{"POST", "/api/v1/grant-tranches/{id}/pay", h_pay, ANY, 0,
	 "pay a tranche (managers): its pending transfer is posted, in order"},
	{"POST", "/api/v1/grants/{id}/receipts", h_receipt_add, ANY, RT_BIG_BODY,
	 "upload a receipt of use (票据): the raw body, PDF/JPEG/PNG up to 5 MB (?file_name)"},
	{"GET", "/api/v1/grant-receipts/{id}", h_receipt_get, ANY, 0, "a receipt's scan (in scope)"},
	{"POST", "/api/v1/grants/{id}/spending", h_spending_add, ANY, 0,
	 "a spending line with its receipt (never more than was paid)", spending_fields, FIELDS_CREATE},
	{"GET", "/api/v1/grant-funds", h_funds, ANY, 0,
	 "the funds a grants page offers: in scope or the caller's (member), with balances and what the caller may do"},
	{"GET", "/api/v1/disclosure-calendar", h_calendar, ANY, 0,
	 "the disclosure calendar of the funds in scope: what is due, what is overdue (?fund_id, overdue)"},
	{"POST", "/api/v1/disclosures", h_publish, ANY, 0, "publish a disclosure (公示) of a fund (managers)",
	 disclosure_fields, FIELDS_CREATE},
	{"POST", "/api/v1/disclosures/{id}/correct", h_correct, ANY, 0,
	 "publish a correction notice of a disclosure (the original stays)", correct_fields, FIELDS_CREATE},
	{"POST", "/api/v1/disclosure-subjects", h_subject_add, ANY, 0,
	 "track a fundraising or a major event on the disclosure calendar", subject_fields, FIELDS_CREATE},
	{"GET", "/api/v1/property-trusts", h_trusts, ANY, 0, "the property trusts (信托物业) in scope"},
	{"POST", "/api/v1/property-trusts", h_trust_add, ROLES_STAFF, 0,
	 "set up a property trust on a property_trust fund: principal, trustee, supervisor", trust_fields,
	 FIELDS_CREATE},
	{"GET", "/api/v1/property-trusts/{id}", h_trust_get, ANY, 0,
	 "a property trust: the year's budget against actuals, its entries, its months (owners may read)"},
	{"POST", "/api/v1/property-trusts/{id}/lines", h_line_add, ANY, 0,
	 "a budget line adopted by the owners (with their resolution)", line_fields, FIELDS_CREATE},
	{"POST", "/api/v1/property-trusts/{id}/entries", h_entry_add, ANY, 0,
	 "an income or expense of the trust, posted to the ledger", entry_fields, FIELDS_CREATE},
	{"GET", "/api/v1/property-trusts/{id}/statements/{month}", h_statement, ANY, 0,
	 "a trust's monthly statement (YYYY-MM): opening, lines, entries, closing"},
	{"GET", "/api/v1/property-trusts/{id}/statements/{month}/export", h_statement_export, ANY, 0,
	 "a trust's monthly statement as CSV or XLSX"},
	{"GET", "/api/v1/public/funds/{id}", h_public_fund, 0, RT_PUBLIC,
	 "a fund's public page (公示, no login): balance, inflows and outflows, grants and results, disclosures"},
	{"GET", "/api/v1/public/grants/{id}", h_public_grant, 0, RT_PUBLIC,
	 "a grant's public page: tranches, spending lines, disclosures"},
	{"GET", "/api/v1/public/funds/{id}/statement/export", h_public_statement, 0, RT_PUBLIC,
	 "a fund's statement of any period as CSV or XLSX (?from, to: YYYY-MM-DD; format, lang)"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
