/*
 * points_http.c — the time bank's routes (points.h): rules, the caller's
 * points and a volunteer's, the catalogue, redemptions, transfers and
 * reversals. Handlers read the request and call the logic; the scope
 * checks are the logic's, except the lists' (which rows a caller sees).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "http/http.h"
#include "modules/volunteer/points.h"
#include "modules/volunteer/points_http.h"
#include "modules/volunteer/points_internal.h"
#include "store/list.h"
#include "store/store.h"

/* ---------- rules ---------- */

static const struct field rules_fields[] = {
	FLD_INT(struct vol_point_rules_in, points_per_hour, FLD_REQ, 0, 1000),
	FLD_INT(struct vol_point_rules_in, max_balance, FLD_REQ, 0, 100000000),
	FLD_INT(struct vol_point_rules_in, expiry_days, FLD_REQ, 0, 36500),
	FLD_ENUM(struct vol_point_rules_in, transfer, FLD_REQ, vol_point_transfer_rules),
	FLD_INT_HAS(struct vol_point_rules_in, version, has_version, 0, 1, INT64_MAX),
	FLD_END,
};

static int write_rules(struct req *r, int64_t region_id)
{
	struct vol_point_rules ru;
	int rc = vol_points_rules_get(&r->cx, region_id, &ru);
	if (rc)
		return rc;
	char *path = NULL;
	if ((rc = list_region_path_in(r->db, r->arena, region_id, &path, &r->err)) < 0)
		return rc;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "region_id", ru.region_id);
	if (ru.from_region_id)
		jw_kint(&r->jw, "from_region_id", ru.from_region_id);
	else
		jw_knull(&r->jw, "from_region_id");
	jw_kbool(&r->jw, "own", ru.from_region_id == region_id);
	jw_kint(&r->jw, "points_per_hour", ru.points_per_hour);
	jw_kint(&r->jw, "max_balance", ru.max_balance);
	jw_kint(&r->jw, "expiry_days", ru.expiry_days);
	jw_kstr(&r->jw, "transfer", ru.transfer);
	jw_kint(&r->jw, "version", ru.version);
	jw_kbool(&r->jw, "can_edit", auth_covers_path(r->who, ROLES_STAFF, path));
	jw_obj_end(&r->jw);
	return 0;
}

static int h_rules_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "region_id", &id);
	return rc ? rc : write_rules(r, id);
}

static int h_rules_put(struct req *r)
{
	int64_t id;
	struct vol_point_rules_in in = {0};
	int rc;
	if ((rc = req_param_id(r, "region_id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = vol_points_rules_put(&r->cx, id, &in)))
		return rc;
	return write_rules(r, id);
}

/* ---------- a volunteer's points ---------- */

/* {volunteer_id, number, name, balance, items: entries newest first, …}. */
static int write_points(struct req *r, int64_t vid)
{
	static const char *const params[] = {"page", "per_page", NULL};
	struct page pg;
	int64_t balance, acct = 0, total = 0;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_page(r, &pg)) ||
	    (rc = vol_points_balance(&r->cx, vid, &balance)))
		return rc;
	if ((rc = db_int(r->db, &r->err, &acct, "SELECT id FROM vol_point_accounts WHERE volunteer_id=?", "i", vid)) < 0 ||
	    (rc = db_int(r->db, &r->err, &total, "SELECT count(*) FROM vol_point_entries WHERE account_id=?", "i",
			 acct)) < 0)
		return rc;
	struct stmt *st;
	if ((rc = db_row(r->db, &r->err, &st,
			 "SELECT v.number, p.name FROM vol_volunteers v JOIN people p ON p.id=v.person_id WHERE v.id=?", "i",
			 vid)) <= 0)
		return rc ? rc : err_set(&r->err, ERR_NOT_FOUND, "id", "没有这位志愿者", "no such volunteer");
	jw_obj(&r->jw);
	jw_kint(&r->jw, "volunteer_id", vid);
	jw_kstr(&r->jw, "number", col_text(st, 0));
	jw_kstr(&r->jw, "name", col_text(st, 1));
	stmt_done(st);
	jw_kint(&r->jw, "balance", balance);
	/* The next lot to expire, so the page can warn. */
	if ((rc = db_row(r->db, &r->err, &st,
			 "SELECT expires_at, remaining FROM vol_point_entries WHERE account_id=? AND remaining > 0"
			 " AND expires_at IS NOT NULL ORDER BY expires_at, id LIMIT 1",
			 "i", acct)) < 0)
		return rc;
	if (rc == 1) {
		jw_key(&r->jw, "next_expiry");
		jw_obj(&r->jw);
		jw_ktime(&r->jw, "at", col_int(st, 0));
		jw_kint(&r->jw, "points", col_int(st, 1));
		jw_obj_end(&r->jw);
		stmt_done(st);
	} else {
		jw_knull(&r->jw, "next_expiry");
	}
	jw_key(&r->jw, "items");
	jw_arr(&r->jw);
	st = db_q(r->db, &r->err,
		  "SELECT e.id, e.txn_id, t.kind, e.amount, t.memo, t.created_at, t.record_id, t.redemption_id,"
		  " t.reverses_txn_id, (SELECT x.id FROM vol_point_txns x WHERE x.reverses_txn_id=t.id),"
		  " e.remaining, e.expires_at, t.region_id, g.name"
		  " FROM vol_point_entries e JOIN vol_point_txns t ON t.id=e.txn_id JOIN regions g ON g.id=t.region_id"
		  " WHERE e.account_id=? ORDER BY e.id DESC LIMIT ? OFFSET ?",
		  "iii", acct, pg.per_page, pg.offset);
	if (!st)
		return r->err.code;
	while ((rc = stmt_step(st, &r->err)) == 1) {
		struct jw *w = &r->jw;
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kint(w, "txn_id", col_int(st, 1));
		jw_kstr(w, "kind", col_text(st, 2));
		jw_kint(w, "amount", col_int(st, 3));
		jw_kstr(w, "memo", col_text(st, 4));
		jw_ktime(w, "created_at", col_int(st, 5));
		static const char *const opt[] = {"record_id", "redemption_id", "reverses_txn_id", "reversed_by"};
		for (int i = 0; i < 4; i++)
			if (col_null(st, 6 + i))
				jw_knull(w, opt[i]);
			else
				jw_kint(w, opt[i], col_int(st, 6 + i));
		if (col_null(st, 10))
			jw_knull(w, "remaining");
		else
			jw_kint(w, "remaining", col_int(st, 10));
		jw_ktime(w, "expires_at", col_null(st, 11) ? 0 : col_int(st, 11));
		jw_kint(w, "region_id", col_int(st, 12));
		jw_kstr(w, "region_name", col_text(st, 13));
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(&r->jw);
	jw_kint(&r->jw, "total", total);
	jw_kint(&r->jw, "page", pg.page);
	jw_kint(&r->jw, "per_page", pg.per_page);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_my_points(struct req *r)
{
	int64_t vid;
	int rc = vol_points_my_volunteer(&r->cx, &vid);
	return rc ? rc : write_points(r, vid);
}

static int h_volunteer_points(struct req *r)
{
	int64_t id;
	char *path = NULL;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	if ((rc = db_text(r->db, &r->err, r->arena, &path,
			  "SELECT g.path FROM vol_volunteers v JOIN regions g ON g.id=v.region_id WHERE v.id=?", "i", id)) < 0)
		return rc;
	if (rc == 0)
		return err_set(&r->err, ERR_NOT_FOUND, "id", "没有这位志愿者", "no such volunteer");
	if (!auth_covers_path(r->who, ROLES_FIELD, path))
		return auth_forbidden(&r->err);
	return write_points(r, id);
}

/* ---------- catalogue ---------- */

static const struct list_sort item_sorts[] = {
	{"id", "i.id", false, true},
	{"points", "i.points", false, false},
	{NULL, NULL, false, false},
};
static const struct list_spec item_list = {
	.table = "vol_catalogue i", .id = "i.id", .region = "i.region_id", .sorts = item_sorts,
	.default_sort = "id",
	.select = "i.id, i.region_id, g.name, i.name, i.description, i.points, i.stock, i.active, i.version,"
		  " i.updated_at",
	.from = "vol_catalogue i JOIN regions g ON g.id=i.region_id", .row_id = "i.id",
};

static int item_row(struct stmt *st, void *vc, struct err *e)
{
	(void)e;
	struct jw *w = ((struct ctx *)vc)->w;
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 0));
	jw_kint(w, "region_id", col_int(st, 1));
	jw_kstr(w, "region_name", col_text(st, 2));
	jw_kstr(w, "name", col_text(st, 3));
	jw_kstr(w, "description", col_text(st, 4));
	jw_kint(w, "points", col_int(st, 5));
	jw_kint(w, "stock", col_int(st, 6));
	jw_kbool(w, "active", col_int(st, 7) != 0);
	jw_kint(w, "version", col_int(st, 8));
	jw_ktime(w, "updated_at", col_int(st, 9));
	jw_obj_end(w);
	return 0;
}

static int h_catalogue(struct req *r)
{
	static const char *const params[] = {"page", "per_page", "sort", "cursor", "region_id", "active", NULL};
	struct list_req lr;
	int64_t region_id, active;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_list(r, &lr)) ||
	    (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region_id)) ||
	    (rc = req_query_int(r, "active", 1, 0, 1, &active)))
		return rc;
	struct list_q *q = list_new(&item_list);
	/* A registered volunteer's points are good in every community's
	 * catalogue (通存通兑), so a volunteer browses them all; anyone else
	 * (staff keeping their own) sees the catalogues within their scope. */
	int64_t vid;
	bool everywhere = vol_points_my_volunteer(&r->cx, &vid) == 0;
	err_clear(&r->err);
	char *path = NULL;
	if (region_id) {
		if ((rc = list_region_path(r->db, region_id, "region_id", &path, &r->err)))
			goto fail;
		if (!everywhere && !auth_covers_path(r->who, ROLES_ANY, path)) {
			rc = auth_forbidden(&r->err);
			goto fail;
		}
	} else if (!everywhere) {
		const struct grant *g = auth_primary_grant(r->who, ROLES_ANY);
		if (!g) {
			rc = auth_forbidden(&r->err);
			goto fail;
		}
		path = strdup(g->region_path);
	}
	if (path && (rc = list_subtree(q, r->db, path, &r->err)))
		goto fail;
	free(path);
	path = NULL;
	list_eq_int(q, "i.active", active);
	return resp_list_run(r, q, &lr, item_row, &r->cx);
fail:
	free(path);
	list_free(q);
	return rc;
}

#define ACTIVE_HAS(st) {"active", FT_BOOL, 0, offsetof(st, active), (ptrdiff_t)offsetof(st, has_active), 0, 0, NULL, NULL}
static const struct field item_fields[] = {
	FLD_INT(struct vol_catalogue_in, region_id, FLD_REQ_CREATE | FLD_CREATE_ONLY, 1, INT64_MAX),
	FLD_STR_HAS(struct vol_catalogue_in, name, has_name, FLD_REQ_CREATE, 1, 60),
	FLD_STR_HAS(struct vol_catalogue_in, description, has_description, 0, 0, 500),
	FLD_INT_HAS(struct vol_catalogue_in, points, has_points, FLD_REQ_CREATE, 1, 1000000),
	FLD_INT_HAS(struct vol_catalogue_in, stock, has_stock, FLD_REQ_CREATE, 0, 1000000),
	ACTIVE_HAS(struct vol_catalogue_in),
	FLD_INT(struct vol_catalogue_in, version, FLD_REQ_UPDATE | FLD_UPDATE_ONLY, 1, INT64_MAX),
	FLD_END,
};

static int write_item(struct req *r, int64_t id)
{
	return resp_record(r, &vol_catalogue_kind, id);
}

static int h_item_add(struct req *r)
{
	struct vol_catalogue_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_body(r, &in)) || (rc = vol_catalogue_add(&r->cx, &in, &id)))
		return rc;
	r->status = 201;
	return write_item(r, id);
}

static int h_item_change(struct req *r)
{
	struct vol_catalogue_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) || (rc = vol_catalogue_change(&r->cx, id, &in)))
		return rc;
	return write_item(r, id);
}

/* ---------- redemptions ---------- */

struct redeem_in {
	int64_t quantity;
};
static const struct field redeem_fields[] = {
	FLD_INT(struct redeem_in, quantity, FLD_REQ, 1, 100),
	FLD_END,
};

static int h_redeem(struct req *r)
{
	struct redeem_in in = {0};
	int64_t id, rid, vid, balance;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = vol_points_redeem(&r->cx, id, in.quantity, &rid)) || (rc = vol_points_my_volunteer(&r->cx, &vid)) ||
	    (rc = vol_points_balance(&r->cx, vid, &balance)))
		return rc;
	r->status = 201;
	jw_obj(&r->jw);
	if ((rc = record_write_cols(&r->cx, &vol_redemption_kind, &r->jw, rid)))
		return rc;
	jw_kint(&r->jw, "balance", balance);
	jw_obj_end(&r->jw);
	return 0;
}

static const struct list_sort redemption_sorts[] = {
	{"id", "d.id", false, true},
	{NULL, NULL, false, false},
};
static const struct list_spec redemption_list = {
	.table = "vol_redemptions d", .id = "d.id", .region = "d.region_id", .sorts = redemption_sorts,
	.default_sort = "-id",
	.select = "d.id, d.item_id, d.item_name, d.volunteer_id, v.number, p.name, d.region_id, g.name, d.quantity,"
		  " d.points, d.status, d.txn_id, d.version, d.created_at",
	.from = "vol_redemptions d JOIN vol_volunteers v ON v.id=d.volunteer_id JOIN people p ON p.id=v.person_id"
		" JOIN regions g ON g.id=d.region_id",
	.row_id = "d.id",
};

static int redemption_row(struct stmt *st, void *vc, struct err *e)
{
	(void)e;
	struct jw *w = ((struct ctx *)vc)->w;
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 0));
	jw_kint(w, "item_id", col_int(st, 1));
	jw_kstr(w, "item_name", col_text(st, 2));
	jw_kint(w, "volunteer_id", col_int(st, 3));
	jw_kstr(w, "volunteer_number", col_text(st, 4));
	jw_kstr(w, "volunteer_name", col_text(st, 5));
	jw_kint(w, "region_id", col_int(st, 6));
	jw_kstr(w, "region_name", col_text(st, 7));
	jw_kint(w, "quantity", col_int(st, 8));
	jw_kint(w, "points", col_int(st, 9));
	jw_kstr(w, "status", col_text(st, 10));
	if (col_null(st, 11))
		jw_knull(w, "txn_id");
	else
		jw_kint(w, "txn_id", col_int(st, 11));
	jw_kint(w, "version", col_int(st, 12));
	jw_ktime(w, "created_at", col_int(st, 13));
	jw_obj_end(w);
	return 0;
}

/* Staff (field roles) see their regions' redemptions (optionally one
 * region's, one volunteer's); anyone else their own (none when they are
 * not a volunteer). */
static int h_redemptions(struct req *r)
{
	static const char *const params[] = {"page", "per_page", "sort", "cursor", "region_id", "status",
					     "volunteer_id", NULL};
	struct list_req lr;
	int64_t region_id, volunteer_id;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_list(r, &lr)) ||
	    (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region_id)) ||
	    (rc = req_query_int(r, "volunteer_id", 0, 0, INT64_MAX, &volunteer_id)))
		return rc;
	struct list_q *q = list_new(&redemption_list);
	const char *status = req_query_nonempty(r, "status");
	if (status && (rc = list_eq_enum(q, "d.status", "status", status, vol_redemption_statuses, &r->err)))
		goto fail;
	const struct grant *g = auth_primary_grant(r->who, ROLES_FIELD);
	if (g) {
		char *path = NULL;
		if (region_id) {
			if ((rc = list_region_path(r->db, region_id, "region_id", &path, &r->err)))
				goto fail;
			if (!auth_covers_path(r->who, ROLES_FIELD, path)) {
				free(path);
				rc = auth_forbidden(&r->err);
				goto fail;
			}
			rc = list_subtree(q, r->db, path, &r->err);
			free(path);
		} else {
			rc = list_subtree(q, r->db, g->region_path, &r->err);
		}
		if (rc)
			goto fail;
		list_eq_int_if(q, "d.volunteer_id", volunteer_id);
	} else {
		/* Not a volunteer: no redemptions (an empty list, not an error). */
		int64_t vid = 0;
		if (vol_points_my_volunteer(&r->cx, &vid))
			err_clear(&r->err);
		list_eq_int(q, "d.volunteer_id", vid);
		list_eq_int_if(q, "d.region_id", region_id);
	}
	return resp_list_run(r, q, &lr, redemption_row, &r->cx);
fail:
	list_free(q);
	return rc;
}

/* ---------- transfers and reversals ---------- */

struct transfer_in {
	int64_t to_volunteer_id, points;
	const char *relation;
};
static const struct field transfer_fields[] = {
	FLD_INT(struct transfer_in, to_volunteer_id, FLD_REQ, 1, INT64_MAX),
	FLD_INT(struct transfer_in, points, FLD_REQ, 1, 1000000),
	FLD_STR(struct transfer_in, relation, 0, 0, 20),
	FLD_END,
};

static int write_txn(struct req *r, int64_t txn)
{
	int64_t vid = 0, balance = 0;
	int rc;
	jw_obj(&r->jw);
	if ((rc = record_write_cols(&r->cx, &vol_point_txn_kind, &r->jw, txn)))
		return rc;
	if ((rc = db_int(r->db, &r->err, &vid, "SELECT coalesce(volunteer_id, 0) FROM vol_point_txns WHERE id=?", "i",
			 txn)) < 0 ||
	    (rc = vol_points_balance(&r->cx, vid, &balance)))
		return rc;
	jw_kint(&r->jw, "balance", balance);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_transfer(struct req *r)
{
	struct transfer_in in = {0};
	int64_t txn;
	int rc;
	if ((rc = req_body(r, &in)) || (rc = vol_points_transfer(&r->cx, in.to_volunteer_id, in.points, in.relation, &txn)))
		return rc;
	r->status = 201;
	return write_txn(r, txn);
}

struct grant_in {
	int64_t volunteer_id, points;
	const char *reason;
};
static const struct field grant_fields[] = {
	FLD_INT(struct grant_in, volunteer_id, FLD_REQ, 1, INT64_MAX),
	FLD_INT(struct grant_in, points, FLD_REQ, 1, 100000),
	FLD_STR(struct grant_in, reason, FLD_REQ, 2, 200),
	FLD_END,
};

static int h_grant(struct req *r)
{
	struct grant_in in = {0};
	int64_t txn;
	int rc;
	if ((rc = req_body(r, &in)) || (rc = vol_points_grant(&r->cx, in.volunteer_id, in.points, in.reason, &txn)))
		return rc;
	r->status = 201;
	return write_txn(r, txn);
}

struct reverse_in {
	const char *reason;
};
static const struct field reverse_fields[] = {
	FLD_STR(struct reverse_in, reason, FLD_REQ, 2, 200),
	FLD_END,
};

static int h_reverse(struct req *r)
{
	struct reverse_in in = {0};
	int64_t id, rev;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) || (rc = vol_points_reverse(&r->cx, id, in.reason, &rev)))
		return rc;
	r->status = 201;
	return write_txn(r, rev);
}

const struct route vol_points_routes[] = {
	{"GET", "/api/v1/point-rules/{region_id}", h_rules_get, ROLES_ANY, 0,
	 "the points rules in force in a region (its own, or the nearest above it, or the defaults)"},
	{"PUT", "/api/v1/point-rules/{region_id}", h_rules_put, ROLES_STAFF, 0,
	 "set a region's points rules: points_per_hour, max_balance, expiry_days, transfer", rules_fields,
	 FIELDS_CREATE},
	{"GET", "/api/v1/me/points", h_my_points, ROLES_ANY, 0, "the caller's points: balance and entries, newest first"},
	{"GET", "/api/v1/volunteers/{id}/points", h_volunteer_points, ROLES_FIELD, 0,
	 "a volunteer's points: balance and entries (staff in scope)"},
	{"GET", "/api/v1/catalogue", h_catalogue, ROLES_ANY, 0, "the points catalogue: a volunteer sees every community's (通存通兑), others their scope's (?region_id, active)"},
	{"POST", "/api/v1/catalogue", h_item_add, ROLES_STAFF, 0, "add an item to a community's points catalogue",
	 item_fields, FIELDS_CREATE},
	{"PATCH", "/api/v1/catalogue/{id}", h_item_change, ROLES_STAFF, 0, "change a catalogue item: price, stock, active",
	 item_fields, FIELDS_UPDATE},
	{"POST", "/api/v1/catalogue/{id}/redeem", h_redeem, ROLES_ANY, 0,
	 "the caller (a volunteer) redeems points for an item: stock and points in one transaction", redeem_fields,
	 FIELDS_CREATE},
	{"GET", "/api/v1/redemptions", h_redemptions, ROLES_ANY, 0,
	 "redemptions: staff their regions', a volunteer their own"},
	{"POST", "/api/v1/points/transfers", h_transfer, ROLES_ANY, 0,
	 "the caller (a volunteer) gives points to another, as the community's rules allow", transfer_fields,
	 FIELDS_CREATE},
	{"POST", "/api/v1/points/grants", h_grant, ROLES_STAFF, 0,
	 "award points to a volunteer of one's scope, with a reason (staff)", grant_fields, FIELDS_CREATE},
	{"POST", "/api/v1/point-txns/{id}/reverse", h_reverse, ROLES_STAFF, 0,
	 "reverse a points transaction once, with a reason (staff in scope)", reverse_fields, FIELDS_CREATE},
	{NULL, NULL, NULL, 0, 0, NULL},
};
