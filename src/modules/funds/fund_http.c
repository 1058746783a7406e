/*
 * fund_http.c — the funds' routes: the list of funds a caller may read,
 * a fund's page (balance, members, the committee rule), its transfers,
 * creating and changing funds, their status and members, and reversing a
 * transfer. Each handler loads the fund in the caller's scope before it
 * reads the body, so a call outside the scope is 403/404 whatever it sends.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "http/http.h"
#include "modules/funds/fund_http.h"
#include "modules/funds/funds.h"
#include "modules/funds/funds_internal.h"
#include "store/jcols.h"
#include "store/list.h"
#include "store/store.h"

/* ---------- the list ---------- */

static const struct list_sort fund_sorts[] = {
	{"id", "f.id", false, true},
	{"name", "f.name", true, false},
	{NULL, NULL, false, false},
};
static const struct list_spec fund_list = {
	.table = "funds f", .id = "f.id", .region = "f.region_id", .sorts = fund_sorts, .default_sort = "id",
	.select = "f.id, f.name, f.kind, f.status, f.region_id, g.name, f.host_org_id, o.name,"
		  " a.credits_posted - a.debits_posted, a.credits_posted - a.debits_posted - a.debits_pending,"
		  " a.credits_posted, (SELECT count(*) FROM fund_members m WHERE m.fund_id=f.id), f.version",
	.from = "funds f JOIN regions g ON g.id=f.region_id LEFT JOIN organisations o ON o.id=f.host_org_id"
		" JOIN fund_accounts a ON a.kind='fund' AND a.fund_id=f.id",
	.row_id = "f.id",
};

static int fund_row(struct stmt *st, void *vc, struct err *e)
{
	(void)e;
	struct jw *w = ((struct ctx *)vc)->w;
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 0));
	jw_kstr(w, "name", col_text(st, 1));
	jw_kstr(w, "kind", col_text(st, 2));
	jw_kstr(w, "status", col_text(st, 3));
	jw_kint(w, "region_id", col_int(st, 4));
	jw_kstr(w, "region_name", col_text(st, 5));
	if (col_null(st, 6)) {
		jw_knull(w, "host_org_id");
		jw_knull(w, "host_org_name");
	} else {
		jw_kint(w, "host_org_id", col_int(st, 6));
		jw_kstr(w, "host_org_name", col_text(st, 7));
	}
	jw_kint(w, "balance_fen", col_int(st, 8));
	jw_kint(w, "available_fen", col_int(st, 9));
	jw_kint(w, "raised_fen", col_int(st, 10));
	jw_kint(w, "members", col_int(st, 11));
	jw_kint(w, "version", col_int(st, 12));
	jw_obj_end(w);
	return 0;
}

/* Funds a caller reads: those of the regions under any of their grants,
 * of the regions above them (a district's fund is everyone's in it), and
 * those they are a member of. ?region_id narrows to a subtree in scope. */
static int h_funds(struct req *r)
{
	static const char *const params[] = {"page", "per_page", "sort", "cursor", "region_id", "kind", "status",
					     "q", NULL};
	struct list_req lr;
	int64_t region_id;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_list(r, &lr)) ||
	    (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region_id)))
		return rc;
	struct list_q *q = list_new(&fund_list);
	const char *kind = req_query_nonempty(r, "kind"), *status = req_query_nonempty(r, "status"),
		   *text = req_query_nonempty(r, "q");
	if ((kind && (rc = list_eq_enum(q, "f.kind", "kind", kind, fund_kinds, &r->err))) ||
	    (status && (rc = list_eq_enum(q, "f.status", "status", status, fund_statuses, &r->err))))
		goto fail;
	if (text) {
		if (strlen(text) > 100) {
			rc = err_set(&r->err, ERR_INVALID, "q", "搜索词过长", "the search text is too long");
			goto fail;
		}
		list_where(q, "replace(f.name, ?, '') <> f.name", "s", text);
	}
	if (region_id) {
		char *path = NULL;
		if ((rc = list_region_path(r->db, region_id, "region_id", &path, &r->err)))
			goto fail;
		struct fund_head h = {.path = path};
		bool ok = fund_may_read(&r->cx, &h);
		if (ok)
			rc = list_subtree(q, r->db, path, &r->err);
		free(path);
		if (!ok) {
			rc = auth_forbidden(&r->err);
			goto fail;
		}
		if (rc)
			goto fail;
	}
	/* the scope: the subtree of the broadest grant, the regions above any
	 * grant (",/1/2/4/,/1/3/" holds "," || "/1/2/" exactly when 大良 is
	 * above a grant's region), and the funds the caller is a member of */
	const struct grant *g = auth_primary_grant(r->who, ROLES_ANY);
	const char *lo = g ? g->region_path : "-", *hi = g ? list_path_hi(r->arena, g->region_path) : "-";
	char *joined = arena_strdup(r->arena, "");
	for (int i = 0; i < r->who->ngrants; i++)
		joined = arena_printf(r->arena, "%s,%s", joined, r->who->grants[i].region_path);
	list_where(q,
		   "(f.id IN (SELECT m.fund_id FROM fund_members m WHERE m.user_id=?) OR f.region_id IN"
		   " (SELECT x.id FROM regions x WHERE (x.path >= ? AND x.path < ?) OR replace(?, ',' || x.path, '') <> ?))",
		   "issss", r->who->user_id, lo, hi, joined, joined);
	return resp_list_run(r, q, &lr, fund_row, &r->cx);
fail:
	list_free(q);
	return rc;
}

/* ---------- one fund ---------- */

static int write_members(struct req *r, int64_t fund_id)
{
	struct jw *w = &r->jw;
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT m.id, m.role, m.name, m.user_id, u.username, m.affiliation, m.version, m.created_at"
			       " FROM fund_members m LEFT JOIN users u ON u.id=m.user_id WHERE m.fund_id=?"
			       " ORDER BY CASE m.role WHEN 'chair' THEN 0 WHEN 'committee' THEN 1 WHEN 'supervisor' THEN 2"
			       " WHEN 'manager' THEN 3 ELSE 4 END, m.id",
			       "i", fund_id);
	if (!st)
		return r->err.code;
	int rc;
	jw_arr(w);
	while ((rc = stmt_step(st, &r->err)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "role", col_text(st, 1));
		jw_kstr(w, "name", col_text(st, 2));
		if (col_null(st, 3)) {
			jw_knull(w, "user_id");
			jw_knull(w, "username");
		} else {
			jw_kint(w, "user_id", col_int(st, 3));
			jw_kstr(w, "username", col_text(st, 4));
		}
		jw_kstr(w, "affiliation", col_text(st, 5));
		jw_kint(w, "version", col_int(st, 6));
		jw_ktime(w, "created_at", col_int(st, 7));
		jw_obj_end(w);
	}
	stmt_done(st);
	jw_arr_end(w);
	return rc < 0 ? rc : 0;
}

static int write_fund(struct req *r, int64_t id)
{
	struct fund_head h;
	struct fund_balance b;
	int rc;
	if ((rc = fund_load(&r->cx, id, 0, &h)) || (rc = fund_balance_get(&r->cx, id, &b)))
		return rc;
	int64_t raised = 0, granted = 0, donors = 0;
	if ((rc = db_int(r->db, &r->err, &raised, "SELECT credits_posted FROM fund_accounts WHERE id=?", "i",
			 h.account_id)) < 0 ||
	    (rc = db_int(r->db, &r->err, &granted, "SELECT debits_posted FROM fund_accounts WHERE id=?", "i",
			 h.account_id)) < 0)
		return rc;
	if (db_table_has(r->db, "fund_donations", NULL) &&
	    (rc = db_int(r->db, &r->err, &donors,
			 "SELECT count(*) FROM fund_donations WHERE fund_id=? AND status='received'", "i", id)) < 0)
		return rc;
	struct jw *w = &r->jw;
	jw_obj(w);
	if ((rc = record_write_cols(&r->cx, &fund_kind, w, id)))
		return rc;
	jw_kint(w, "account_id", h.account_id);
	jw_kint(w, "income_account_id", h.income_account_id);
	jw_kint(w, "payout_account_id", h.payout_account_id);
	jw_key(w, "balance");
	jw_obj(w);
	jw_kint(w, "posted_fen", b.posted);
	jw_kint(w, "pending_in_fen", b.pending_in);
	jw_kint(w, "pending_out_fen", b.pending_out);
	jw_kint(w, "available_fen", b.available);
	jw_kint(w, "raised_fen", raised);
	jw_kint(w, "paid_out_fen", granted);
	jw_kint(w, "donations", donors);
	jw_obj_end(w);
	bool manage = fund_may_manage(&r->cx, &h);
	jw_kbool(w, "can_manage", manage && strcmp(h.status, "closed"));
	jw_kbool(w, "can_donate", !strcmp(h.status, "active"));
	/* the committee rule, for the page to say what is missing */
	err_clear(&r->err);
	bool rule = fund_committee_rule(&r->cx, id) == 0;
	jw_kbool(w, "committee_ok", rule);
	jw_kstr(w, "committee_problem", rule ? "" : r->err.message);
	jw_kstr(w, "committee_problem_en", rule ? "" : r->err.message_en);
	err_clear(&r->err);
	jw_key(w, "members");
	if ((rc = write_members(r, id)))
		return rc;
	jw_obj_end(w);
	return 0;
}

static int h_fund(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	rc = write_fund(r, id);
	if (rc == ERR_NOT_FOUND && !strcmp(r->err.field, "fund_id"))
		strcpy(r->err.field, "id");
	return rc;
}

#define F struct fund_in
static const struct field fund_create_fields[] = {
	FLD_INT(F, region_id, FLD_REQ_CREATE, 1, INT64_MAX),
	FLD_INT(F, host_org_id, 0, 0, INT64_MAX),
	FLD_ENUM(F, kind, FLD_REQ_CREATE, fund_kinds),
	FLD_STR(F, name, FLD_REQ_CREATE, 2, FUND_NAME_MAX),
	FLD_STR(F, purpose, 0, 0, 2000),
	FLD_END,
};
#undef F

static int h_fund_create(struct req *r)
{
	struct fund_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_body(r, &in)) || (rc = fund_create(&r->cx, &in, &id)))
		return rc;
	r->status = 201;
	return write_fund(r, id);
}

struct fund_change_in {
	int64_t version, host_org_id;
	const char *kind, *name, *purpose;
};
#define U struct fund_change_in
static const struct field fund_update_fields[] = {
	FLD_INT(U, version, FLD_REQ_UPDATE, 1, INT64_MAX),
	FLD_INT(U, host_org_id, 0, 0, INT64_MAX),
	FLD_ENUM(U, kind, 0, fund_kinds),
	FLD_STR(U, name, 0, 2, FUND_NAME_MAX),
	FLD_STR(U, purpose, 0, 0, 2000),
	FLD_END,
};
#undef U

/* The fund in scope for a manager, before the body is read. */
static int managed(struct req *r, int64_t *id)
{
	struct fund_head h;
	int rc;
	if ((rc = req_param_id(r, "id", id)))
		return rc;
	if ((rc = fund_load(&r->cx, *id, ROLES_STAFF, &h)))
		return rc == ERR_NOT_FOUND ? err_set(&r->err, ERR_NOT_FOUND, "id", "没有这个基金", "no such fund") : rc;
	return fund_may_manage(&r->cx, &h) ? 0 : auth_forbidden(&r->err);
}

static int h_fund_update(struct req *r)
{
	struct fund_change_in in = {0};
	int64_t id;
	int rc;
	if ((rc = managed(r, &id)) || (rc = req_body(r, &in)))
		return rc;
	struct fund_in x = {.host_org_id = in.host_org_id, .kind = in.kind, .name = in.name, .purpose = in.purpose};
	if ((rc = fund_update(&r->cx, id, in.version, &x)))
		return rc;
	return write_fund(r, id);
}

struct status_in {
	int64_t version;
	const char *status;
};
static const struct field status_fields[] = {
	FLD_INT(struct status_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_ENUM(struct status_in, status, FLD_REQ, fund_statuses),
	FLD_END,
};

static int h_fund_status(struct req *r)
{
	struct status_in in = {0};
	int64_t id;
	int rc;
	if ((rc = managed(r, &id)) || (rc = req_body(r, &in)) || (rc = fund_set_status(&r->cx, id, in.version, in.status)))
		return rc;
	return write_fund(r, id);
}

/* ---------- members ---------- */

#define FUND_MEMBERS_MAX 50
struct members_in {
	struct fund_member_in m[FUND_MEMBERS_MAX];
	int n;
};

static int read_members(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	struct members_in *in = dst;
	if (!json_is_array(v) || json_array_size(v) < 1 || json_array_size(v) > FUND_MEMBERS_MAX)
		return err_setf(e, ERR_INVALID, key, "%s 应为 1 到 50 名成员", "%s must hold 1 to 50 members", key);
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		const char *k;
		json_t *val;
		char *at = arena_printf(a, "%s[%zu]", key, i);
		if (!json_is_object(x))
			return err_setf(e, ERR_INVALID, at, "%s 应为对象", "%s must be an object", at);
		struct fund_member_in *m = &in->m[i];
		json_object_foreach(x, k, val) {
			char *f = arena_printf(a, "%s.%s", at, k);
			if (!strcmp(k, "role") || !strcmp(k, "name") || !strcmp(k, "affiliation")) {
				if (!json_is_string(val))
					return err_setf(e, ERR_INVALID, f, "%s 应为文字", "%s must be text", f);
				const char *s = arena_strdup(a, json_string_value(val));
				if (!strcmp(k, "role")) {
					if (!fund_in_list(fund_member_roles, s))
						return err_setf(e, ERR_INVALID, f, "%s 不是有效的职务", "%s is not a role", f);
					m->role = s;
				} else if (!strcmp(k, "name")) {
					m->name = s;
				} else {
					m->affiliation = s;
				}
			} else if (!strcmp(k, "user_id")) {
				if (json_is_null(val))
					continue;
				if (!json_is_integer(val) || json_integer_value(val) < 1)
					return err_setf(e, ERR_INVALID, f, "%s 应为账号编号", "%s must be an account id", f);
				m->user_id = json_integer_value(val);
			} else {
				return err_setf(e, ERR_INVALID, f, "未知字段 %s", "unknown field %s", f);
			}
		}
		if (!m->role)
			return err_setf(e, ERR_INVALID, arena_printf(a, "%s.role", at), "%s.role 必填", "%s.role is required", at);
		if (!m->name)
			return err_setf(e, ERR_INVALID, arena_printf(a, "%s.name", at), "%s.name 必填", "%s.name is required", at);
	}
	in->n = (int)json_array_size(v);
	return 0;
}

struct members_body {
	struct members_in members;
};
static const struct field members_fields[] = {
	FLD_CUSTOM(struct members_body, members, FLD_REQ, read_members),
	FLD_END,
};

static int h_members_add(struct req *r)
{
	struct members_body *in = arena_alloc(r->arena, sizeof *in);
	int64_t id, ids[FUND_MEMBERS_MAX];
	int rc;
	if ((rc = managed(r, &id)) || (rc = req_body(r, in)) ||
	    (rc = fund_members_add(&r->cx, id, in->members.m, in->members.n, ids)))
		return rc;
	r->status = 201;
	return write_fund(r, id);
}

struct member_change_in {
	int64_t version, user_id;
	const char *name, *affiliation;
};
static const struct field member_change_fields[] = {
	FLD_INT(struct member_change_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_STR(struct member_change_in, name, FLD_REQ, 1, 50),
	FLD_STR(struct member_change_in, affiliation, 0, 0, 100),
	FLD_INT(struct member_change_in, user_id, 0, 0, INT64_MAX),
	FLD_END,
};

static int h_member_update(struct req *r)
{
	struct member_change_in in = {0};
	int64_t id, mid;
	int rc;
	if ((rc = managed(r, &id)) || (rc = req_param_id(r, "member_id", &mid)) || (rc = req_body(r, &in)))
		return rc;
	struct fund_member_in m = {.name = in.name, .affiliation = in.affiliation, .user_id = in.user_id};
	if ((rc = fund_member_update(&r->cx, id, mid, in.version, &m)))
		return rc;
	return write_fund(r, id);
}

struct ids_in {
	int64_t ids[FUND_MEMBERS_MAX];
	int n;
};
static int read_ids(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	(void)a;
	struct ids_in *in = dst;
	if (!json_is_array(v) || json_array_size(v) < 1 || json_array_size(v) > FUND_MEMBERS_MAX)
		return err_setf(e, ERR_INVALID, key, "%s 应为 1 到 50 个编号", "%s must hold 1 to 50 ids", key);
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		if (!json_is_integer(x) || json_integer_value(x) < 1)
			return err_setf(e, ERR_INVALID, key, "%s 应为正整数数组", "%s must hold positive integers", key);
		in->ids[in->n++] = json_integer_value(x);
	}
	return 0;
}
struct remove_body {
	struct ids_in ids;
};
static const struct field remove_fields[] = {
	FLD_CUSTOM(struct remove_body, ids, FLD_REQ, read_ids),
	FLD_END,
};

static int h_members_remove(struct req *r)
{
	struct remove_body in = {0};
	int64_t id;
	int rc;
	if ((rc = managed(r, &id)) || (rc = req_body(r, &in)) ||
	    (rc = fund_members_remove(&r->cx, id, in.ids.ids, in.ids.n)))
		return rc;
	return write_fund(r, id);
}

/* ---------- transfers ---------- */

/* A fund's transfers, newest first: each with its direction for the fund
 * (in: the fund's account credited), its pending state and what resolved
 * or reversed it. */
static int h_transfers(struct req *r)
{
	static const char *const params[] = {"page", "per_page", "kind", NULL};
	struct page pg;
	struct fund_head h;
	int64_t id, total = 0;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	if ((rc = fund_load(&r->cx, id, 0, &h)))
		return rc == ERR_NOT_FOUND ? err_set(&r->err, ERR_NOT_FOUND, "id", "没有这个基金", "no such fund") : rc;
	if ((rc = req_query_only(r, params)) || (rc = req_page(r, &pg)))
		return rc;
	const char *kind = req_query_nonempty(r, "kind");
	if (kind && !fund_in_list(fund_transfer_kinds, kind))
		return err_set(&r->err, ERR_INVALID, "kind", "交易类型不正确", "unknown transfer kind");
	if ((rc = db_int(r->db, &r->err, &total,
			 kind ? "SELECT count(*) FROM fund_transfers WHERE fund_id=? AND kind=?"
			      : "SELECT count(*) FROM fund_transfers WHERE fund_id=? AND ? IS NOT NULL",
			 "is", id, kind ? kind : "")) < 0)
		return rc;
	struct stmt *st = db_q(r->db, &r->err,
			       kind ? "SELECT t.id, t.kind, t.phase, t.amount, t.debit_account_id, t.memo, t.reason,"
				      " t.pending_id, t.reverses_id, t.timeout_at, t.ref_type, t.ref_id, t.created_at,"
				      " (SELECT x.id FROM fund_transfers x WHERE x.reverses_id=t.id),"
				      " (SELECT x.phase FROM fund_transfers x WHERE x.pending_id=t.id)"
				      " FROM fund_transfers t WHERE t.fund_id=? AND t.kind=? ORDER BY t.id DESC LIMIT ? OFFSET ?"
				    : "SELECT t.id, t.kind, t.phase, t.amount, t.debit_account_id, t.memo, t.reason,"
				      " t.pending_id, t.reverses_id, t.timeout_at, t.ref_type, t.ref_id, t.created_at,"
				      " (SELECT x.id FROM fund_transfers x WHERE x.reverses_id=t.id),"
				      " (SELECT x.phase FROM fund_transfers x WHERE x.pending_id=t.id)"
				      " FROM fund_transfers t WHERE t.fund_id=? AND ? IS NOT NULL ORDER BY t.id DESC LIMIT ? OFFSET ?",
			       "isii", id, kind ? kind : "", pg.per_page, pg.offset);
	if (!st)
		return r->err.code;
	bool manage = fund_may_manage(&r->cx, &h);
	resp_list_begin(r);
	struct jw *w = &r->jw;
	while ((rc = stmt_step(st, &r->err)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "kind", col_text(st, 1));
		jw_kstr(w, "phase", col_text(st, 2));
		jw_kint(w, "amount_fen", col_int(st, 3));
		jw_kstr(w, "direction", col_int(st, 4) == h.account_id ? "out" : "in");
		jw_kstr(w, "memo", col_text(st, 5));
		jw_kstr(w, "reason", col_text(st, 6));
		static const char *const opt[] = {"pending_id", "reverses_id"};
		for (int i = 0; i < 2; i++)
			if (col_null(st, 7 + i))
				jw_knull(w, opt[i]);
			else
				jw_kint(w, opt[i], col_int(st, 7 + i));
		if (col_null(st, 9))
			jw_knull(w, "timeout_at");
		else
			jw_ktime(w, "timeout_at", col_int(st, 9));
		if (col_null(st, 10)) {
			jw_knull(w, "ref_type");
			jw_knull(w, "ref_id");
		} else {
			jw_kstr(w, "ref_type", col_text(st, 10));
			jw_kint(w, "ref_id", col_int(st, 11));
		}
		jw_ktime(w, "created_at", col_int(st, 12));
		if (col_null(st, 13))
			jw_knull(w, "reversed_by");
		else
			jw_kint(w, "reversed_by", col_int(st, 13));
		if (col_null(st, 14))
			jw_knull(w, "resolved");
		else
			jw_kstr(w, "resolved", col_text(st, 14));
		bool posted = !strcmp(col_text(st, 2), "single") || !strcmp(col_text(st, 2), "post");
		jw_kbool(w, "can_reverse", manage && posted && col_null(st, 13) && strcmp(col_text(st, 1), "reversal"));
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	resp_list_end(r, total, &pg);
	return 0;
}

struct reverse_in {
	const char *client_id, *reason;
};
static const struct field reverse_fields[] = {
	FLD_STR(struct reverse_in, client_id, FLD_REQ, 1, 64),
	FLD_STR(struct reverse_in, reason, FLD_REQ, 2, 200),
	FLD_END,
};

static int h_reverse(struct req *r)
{
	struct reverse_in in = {0};
	int64_t id, fund_id = 0, rev = 0;
	struct fund_head h;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	if ((rc = db_int(r->db, &r->err, &fund_id, "SELECT fund_id FROM fund_transfers WHERE id=?", "i", id)) < 0)
		return rc;
	if (rc == 0)
		return err_set(&r->err, ERR_NOT_FOUND, "id", "没有这笔交易", "no such transfer");
	if ((rc = fund_load(&r->cx, fund_id, ROLES_STAFF, &h)))
		return rc;
	if (!fund_may_manage(&r->cx, &h))
		return auth_forbidden(&r->err);
	if ((rc = req_body(r, &in)))
		return rc;
	rc = fund_reverse(&r->cx, id, in.client_id, in.reason, &rev);
	if (rc < 0)
		return rc;
	r->status = rc == FUND_EXISTS ? 200 : 201;
	jw_obj(&r->jw);
	if ((rc = record_write_cols(&r->cx, &fund_transfer_kind, &r->jw, rev)))
		return rc;
	jw_obj_end(&r->jw);
	return 0;
}

static const struct jcol host_cols[] = {
	{"id", 0, JC_INT}, {"name", 1, JC_TEXT}, {"org_type", 2, JC_TEXT}, {"region_name", 3, JC_TEXT},
};

/* Host charities a fund may sit in: the charities of the caller's
 * district (foundations, associations, social organisations). */
static int h_hosts(struct req *r)
{
	static const char *const params[] = {NULL};
	int rc;
	if ((rc = req_query_only(r, params)))
		return rc;
	const struct grant *g = auth_primary_grant(r->who, ROLES_STAFF);
	if (!g)
		return auth_forbidden(&r->err);
	/* the district: the path's first segment */
	const char *p = g->region_path, *slash = strchr(p + 1, '/');
	char *district = arena_strndup(r->arena, p, slash ? (size_t)(slash - p) + 1 : strlen(p));
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT o.id, o.name, o.org_type, g.name FROM organisations o JOIN regions g ON g.id=o.region_id"
			       " WHERE o.status='active' AND o.org_type IN ('foundation','association','social_work_agency',"
			       "'community_social_org') AND g.path >= ? AND g.path < ? ORDER BY o.org_type='foundation' DESC,"
			       " o.name LIMIT 500",
			       "ss", district, list_path_hi(r->arena, district));
	if (!st)
		return r->err.code;
	struct jw *w = &r->jw;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	rc = jw_rows(w, st, JCOLS(host_cols), &r->err);
	jw_arr_end(w);
	jw_obj_end(w);
	return rc < 0 ? rc : 0;
}

const struct route fund_routes[] = {
	{"GET", "/api/v1/funds", h_funds, ROLES_ANY, 0,
	 "funds the caller reads: their regions', the regions' above them, those they are a member of (?region_id, kind, status, q)"},
	{"POST", "/api/v1/funds", h_fund_create, ROLES_STAFF, 0,
	 "create a fund (draft) in a region of one's scope, inside a host charity for a named fund", fund_create_fields,
	 FIELDS_CREATE},
	{"GET", "/api/v1/funds/hosts", h_hosts, ROLES_STAFF, 0, "the charities of the caller's district a fund may sit in"},
	{"GET", "/api/v1/funds/{id}", h_fund, ROLES_ANY, 0, "a fund: its balance, members and whether its committee keeps the rule"},
	{"PATCH", "/api/v1/funds/{id}", h_fund_update, ROLES_ANY, 0,
	 "change a fund: name, purpose (kind and host while a draft) — staff in scope or its managers", fund_update_fields,
	 FIELDS_UPDATE},
	{"POST", "/api/v1/funds/{id}/status", h_fund_status, ROLES_ANY, 0,
	 "open (draft → active: a named fund needs its committee) or close (empty) a fund", status_fields,
	 FIELDS_UPDATE},
	{"GET", "/api/v1/funds/{id}/transfers", h_transfers, ROLES_ANY, 0, "a fund's transfers, newest first (?kind)"},
	{"POST", "/api/v1/funds/{id}/members", h_members_add, ROLES_ANY, 0,
	 "add members to a fund at once (an active named fund's committee stays at least five and odd)", members_fields,
	 FIELDS_CREATE},
	{"PATCH", "/api/v1/funds/{id}/members/{member_id}", h_member_update, ROLES_ANY, 0,
	 "change a member's name, affiliation or account", member_change_fields, FIELDS_UPDATE},
	{"POST", "/api/v1/funds/{id}/members/remove", h_members_remove, ROLES_ANY, 0,
	 "remove members at once (the committee rule holds after)", remove_fields, FIELDS_CREATE},
	{"POST", "/api/v1/fund-transfers/{id}/reverse", h_reverse, ROLES_ANY, 0,
	 "reverse a posted transfer once, with a reason and a client id (the fund's staff or managers)", reverse_fields,
	 FIELDS_CREATE},
	{NULL, NULL, NULL, 0, 0, NULL},
};
