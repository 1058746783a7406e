/*
 * exchange_dir_http.c — the routes of the exchange's directory side:
 *   GET  /api/v1/search                              full-text search (demands, services)
 *   GET  /api/v1/hsds/{organizations,services,service_at_locations}   public HSDS 3.0
 *   /api/v1/spaces, /space-agreements, /space-deliveries, /space-bookings, /space-holders
 * Handlers parse and validate, call xchg_*(), and write JSON; the logic
 * checks scope and audits. Route roles say who may call; region coverage
 * (in the logic) says which records.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/jsonin.h"
#include "core/wtime.h"
#include "http/http.h"
#include "modules/exchange/exchange_dir_http.h"
#include "modules/exchange/xchg_dir.h"
#include "store/list.h"
#include "store/store.h"

/* Roles that may book a space for an activity: everyone but experts and donors. */
#define ROLES_BOOK (ROLES_ANY & ~(R(ROLE_EXPERT) | R(ROLE_DONOR)))

static const char *qstr(struct req *r, const char *name)
{
	const char *s = req_query(r, name);
	return s && *s ? s : NULL;
}

/* ---------- search ---------- */

static int h_search(struct req *r)
{
	struct page pg;
	struct xchg_search_in in = {0};
	int rc;
	if ((rc = req_page(r, &pg)) || (rc = req_query_int(r, "term_id", 0, 0, INT64_MAX, &in.term_id)) ||
	    (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &in.region_id)))
		return rc;
	in.q = req_query(r, "q");
	in.type = qstr(r, "type");
	in.status = qstr(r, "status");
	in.page = pg.page;
	in.per_page = pg.per_page;
	return xchg_search(r->db, r->who, &in, &r->jw, &r->err);
}

/* The taxonomy for the search filter: every active term, parents first. */
static int h_search_terms(struct req *r)
{
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT t.id, t.parent_id, t.code, t.name, t.name_en FROM xchg_terms t"
			       " LEFT JOIN xchg_terms p ON p.id=t.parent_id WHERE t.active=1"
			       " ORDER BY coalesce(p.sort_order, t.sort_order), coalesce(p.id, t.id),"
			       " t.parent_id IS NOT NULL, t.sort_order, t.id",
			       "");
	if (!st)
		return r->err.code;
	resp_list_begin(r);
	int n = 0, rc;
	while ((rc = stmt_step(st, &r->err)) == 1) {
		jw_obj(&r->jw);
		jw_kint(&r->jw, "id", col_int(st, 0));
		if (col_null(st, 1))
			jw_knull(&r->jw, "parent_id");
		else
			jw_kint(&r->jw, "parent_id", col_int(st, 1));
		jw_kstr(&r->jw, "code", col_text(st, 2));
		jw_kstr(&r->jw, "name", col_text(st, 3));
		jw_kstr(&r->jw, "name_en", col_text(st, 4));
		jw_obj_end(&r->jw);
		n++;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	resp_list_end(r, n, NULL);
	return 0;
}

/* ---------- HSDS ---------- */

static int hsds_list(struct req *r, enum xchg_hsds_kind kind)
{
	struct page pg;
	int64_t total = 0;
	int rc = req_page(r, &pg);
	if (rc)
		return rc;
	resp_header(r, "Access-Control-Allow-Origin", "*");
	jw_obj(&r->jw);
	jw_key(&r->jw, "items");
	if ((rc = xchg_hsds_write(r->db, kind, &r->jw, pg.offset, pg.per_page, &total, &r->err)))
		return rc;
	jw_kint(&r->jw, "total", total);
	jw_kint(&r->jw, "page", pg.page);
	jw_kint(&r->jw, "per_page", pg.per_page);
	jw_kstr(&r->jw, "specification", "HSDS 3.0");
	jw_obj_end(&r->jw);
	return 0;
}

/* The whole array as a file, as `wushe export hsds` writes it. */
static int hsds_file(struct req *r, enum xchg_hsds_kind kind, const char *name)
{
	resp_header(r, "Access-Control-Allow-Origin", "*");
	r->download_name = arena_strdup(r->arena, name);
	return xchg_hsds_write(r->db, kind, &r->jw, 0, -1, NULL, &r->err);
}

static int h_hsds_orgs_file(struct req *r) { return hsds_file(r, HSDS_ORGANIZATIONS, "organizations.json"); }
static int h_hsds_services_file(struct req *r) { return hsds_file(r, HSDS_SERVICES, "services.json"); }
static int h_hsds_sal_file(struct req *r)
{
	return hsds_file(r, HSDS_SERVICE_AT_LOCATIONS, "service_at_locations.json");
}

static int h_hsds_orgs(struct req *r) { return hsds_list(r, HSDS_ORGANIZATIONS); }
static int h_hsds_services(struct req *r) { return hsds_list(r, HSDS_SERVICES); }
static int h_hsds_sal(struct req *r) { return hsds_list(r, HSDS_SERVICE_AT_LOCATIONS); }

/* ---------- spaces ---------- */

static int parse_space(json_t *j, struct xchg_space_in *in, bool create, struct err *e)
{
	static const char *const ckeys[] = {"region_id", "name", "kind", "facility_room_id", "area_m2",
					    "description", "status", NULL};
	static const char *const ukeys[] = {"name", "kind", "facility_room_id", "area_m2",
					    "description", "status", "version", NULL};
	static const char *const statuses[] = {"available", "closed", NULL};
	int rc;
	if ((rc = jin_only(j, create ? ckeys : ukeys, e)))
		return rc;
	if (create) {
		if ((rc = jin_int(j, "region_id", true, 1, INT64_MAX, &in->region_id, e)))
			return rc;
	} else if ((rc = jin_int(j, "version", true, 1, INT64_MAX, &in->version, e))) {
		return rc;
	}
	if ((rc = jin_str(j, "name", create, 1, 64, &in->name, e)) < 0 ||
	    (rc = jin_enum(j, "kind", create, xchg_space_kinds, &in->kind, e)) < 0 ||
	    (rc = jin_enum(j, "status", false, statuses, &in->status, e)) < 0)
		return rc;
	if ((rc = jin_str(j, "description", false, 0, 2000, &in->description, e)) < 0)
		return rc;
	in->has_description = rc == 0;
	if (jin_is_null(j, "facility_room_id")) {
		in->has_room = true;
		in->facility_room_id = 0;
	} else {
		if ((rc = jin_int(j, "facility_room_id", false, 1, INT64_MAX, &in->facility_room_id, e)) < 0)
			return rc;
		in->has_room = rc == 0;
	}
	if ((rc = jin_int(j, "area_m2", false, 0, 10000000, &in->area_m2, e)) < 0)
		return rc;
	in->has_area = rc == 0;
	return 0;
}

static int h_space_list(struct req *r)
{
	struct page pg;
	struct xchg_space_filter f = {0};
	int64_t total = 0;
	int rc;
	if ((rc = req_page(r, &pg)) || (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &f.region_id)))
		return rc;
	f.kind = qstr(r, "kind");
	f.q = qstr(r, "q");
	f.offset = pg.offset;
	f.limit = pg.per_page;
	resp_list_begin(r);
	if ((rc = xchg_space_list(r->db, r->who, &f, &r->jw, &total, &r->err)))
		return rc;
	resp_list_end(r, total, &pg);
	return 0;
}

static int h_space_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : xchg_space_write_json(r->db, r->who, &r->jw, id, &r->err);
}

static int h_space_create(struct req *r)
{
	json_t *j;
	int rc = jin_parse_object(r->body, r->body_len, &j, &r->err);
	if (rc)
		return rc;
	struct xchg_space_in in = {0};
	int64_t id;
	if ((rc = parse_space(j, &in, true, &r->err)) ||
	    (rc = xchg_space_create(r->db, r->who, &in, r->now, &id, &r->err)))
		goto done;
	r->status = 201;
	rc = xchg_space_write_json(r->db, r->who, &r->jw, id, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_space_update(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	json_t *j;
	if ((rc = jin_parse_object(r->body, r->body_len, &j, &r->err)))
		return rc;
	struct xchg_space_in in = {0};
	if ((rc = parse_space(j, &in, false, &r->err)) ||
	    (rc = xchg_space_update(r->db, r->who, id, &in, r->now, &r->err)))
		goto done;
	rc = xchg_space_write_json(r->db, r->who, &r->jw, id, &r->err);
done:
	json_decref(j);
	return rc;
}

/* ---------- agreements ---------- */

static int parse_agreement(json_t *j, struct xchg_agreement_in *in, bool renew, struct err *e)
{
	static const char *const ckeys[] = {"space_id", "organisation_id", "person_id", "start_month",
					    "end_month", "rent_fen", "hours_per_month", "service_what",
					    "service_for_whom", "note", NULL};
	static const char *const rkeys[] = {"start_month", "end_month", "rent_fen", "hours_per_month",
					    "service_what", "service_for_whom", "note",
					    "override_reason", NULL};
	int rc;
	if ((rc = jin_only(j, renew ? rkeys : ckeys, e)))
		return rc;
	if (!renew) {
		if ((rc = jin_int(j, "space_id", true, 1, INT64_MAX, &in->space_id, e)))
			return rc;
		if ((rc = jin_int(j, "organisation_id", false, 1, INT64_MAX, &in->organisation_id, e)) < 0 ||
		    (rc = jin_int(j, "person_id", false, 1, INT64_MAX, &in->person_id, e)) < 0)
			return rc;
		if (!in->organisation_id && !in->person_id)
			return err_set(e, ERR_INVALID, "organisation_id", "请选择持有方（组织或个人）",
				       "choose the holder (organisation_id or person_id)");
	}
	in->rent_fen = renew ? -1 : 0;
	in->hours_per_month = renew ? -1 : 0;
	if ((rc = jin_str(j, "start_month", !renew, 7, 7, &in->start_month, e)) < 0 ||
	    (rc = jin_str(j, "end_month", true, 7, 7, &in->end_month, e)) < 0 ||
	    (rc = jin_int(j, "rent_fen", false, 0, 100000000, &in->rent_fen, e)) < 0 ||
	    (rc = jin_int(j, "hours_per_month", !renew, 0, 744, &in->hours_per_month, e)) < 0 ||
	    (rc = jin_str(j, "service_what", !renew, 1, 500, &in->service_what, e)) < 0 ||
	    (rc = jin_str(j, "service_for_whom", !renew, 1, 200, &in->service_for_whom, e)) < 0 ||
	    (rc = jin_str(j, "note", false, 0, 1000, &in->note, e)) < 0)
		return rc;
	if (renew && (rc = jin_str(j, "override_reason", false, 0, 500, &in->override_reason, e)) < 0)
		return rc;
	if (in->start_month && xchg_month_index(in->start_month) < 0)
		return err_set(e, ERR_INVALID, "start_month", "起始月份格式应为 YYYY-MM", "start_month must be YYYY-MM");
	if (xchg_month_index(in->end_month) < 0)
		return err_set(e, ERR_INVALID, "end_month", "结束月份格式应为 YYYY-MM", "end_month must be YYYY-MM");
	return 0;
}

static int h_agreement_list(struct req *r)
{
	struct page pg;
	struct xchg_agreement_filter f = {0};
	int64_t total = 0;
	int rc;
	if ((rc = req_page(r, &pg)) || (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &f.region_id)) ||
	    (rc = req_query_int(r, "space_id", 0, 0, INT64_MAX, &f.space_id)))
		return rc;
	f.status = qstr(r, "status");
	f.offset = pg.offset;
	f.limit = pg.per_page;
	resp_list_begin(r);
	if ((rc = xchg_agreement_list(r->db, r->who, &f, r->now, &r->jw, &total, &r->err)))
		return rc;
	resp_list_end(r, total, &pg);
	return 0;
}

static int h_agreement_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : xchg_agreement_write_json(r->db, r->who, &r->jw, id, r->now, &r->err);
}

static int h_agreement_create(struct req *r)
{
	json_t *j;
	int rc = jin_parse_object(r->body, r->body_len, &j, &r->err);
	if (rc)
		return rc;
	struct xchg_agreement_in in = {0};
	int64_t id;
	if ((rc = parse_agreement(j, &in, false, &r->err)) ||
	    (rc = xchg_agreement_create(r->db, r->who, &in, r->now, &id, &r->err)))
		goto done;
	r->status = 201;
	rc = xchg_agreement_write_json(r->db, r->who, &r->jw, id, r->now, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_agreement_renew(struct req *r)
{
	int64_t id, nid;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	json_t *j;
	if ((rc = jin_parse_object(r->body, r->body_len, &j, &r->err)))
		return rc;
	struct xchg_agreement_in in = {0};
	if ((rc = parse_agreement(j, &in, true, &r->err)) ||
	    (rc = xchg_agreement_renew(r->db, r->who, id, &in, r->now, &nid, &r->err)))
		goto done;
	r->status = 201;
	rc = xchg_agreement_write_json(r->db, r->who, &r->jw, nid, r->now, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_agreement_close(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	json_t *j;
	if ((rc = jin_parse_object(r->body, r->body_len, &j, &r->err)))
		return rc;
	static const char *const keys[] = {"status", "note", NULL};
	static const char *const statuses[] = {"ended", "terminated", NULL};
	const char *status = NULL, *note = NULL;
	if ((rc = jin_only(j, keys, &r->err)) || (rc = jin_enum(j, "status", true, statuses, &status, &r->err)) ||
	    (rc = jin_str(j, "note", false, 1, 500, &note, &r->err)) < 0 ||
	    (rc = xchg_agreement_close(r->db, r->who, id, status, note, r->now, &r->err)))
		goto done;
	rc = xchg_agreement_write_json(r->db, r->who, &r->jw, id, r->now, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_delivery_log(struct req *r)
{
	int64_t id, did;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	json_t *j;
	if ((rc = jin_parse_object(r->body, r->body_len, &j, &r->err)))
		return rc;
	static const char *const keys[] = {"month", "minutes", "what", "beneficiaries", NULL};
	struct xchg_delivery_in in = {0};
	if ((rc = jin_only(j, keys, &r->err)) ||
	    (rc = jin_str(j, "month", true, 7, 7, &in.month, &r->err)) ||
	    (rc = jin_int(j, "minutes", true, 1, 44640, &in.minutes, &r->err)) ||
	    (rc = jin_str(j, "what", true, 1, 500, &in.what, &r->err)) ||
	    (rc = jin_int(j, "beneficiaries", false, 0, 100000, &in.beneficiaries, &r->err)) < 0 ||
	    (rc = xchg_delivery_log(r->db, r->who, id, &in, r->now, &did, &r->err)))
		goto done;
	r->status = 201;
	rc = xchg_agreement_write_json(r->db, r->who, &r->jw, id, r->now, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_delivery_confirm(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (rc || (rc = xchg_delivery_confirm(r->db, r->who, id, r->now, &r->err)))
		return rc;
	int64_t aid = xchg_delivery_agreement(r->db, id, &r->err);
	return xchg_agreement_write_json(r->db, r->who, &r->jw, aid, r->now, &r->err);
}

/* Organisations and people a space may be lent to (for the agreement form). */
static int h_holders(struct req *r)
{
	const char *q = qstr(r, "q");
	const struct grant *g = auth_primary_grant(r->who, ROLES_STAFF);
	if (!g)
		return auth_forbidden(&r->err);
	struct xchg_scope sc;
	xchg_scope_from(r->who, &sc);
	/* people: only inside the caller's staff scope (restricted slots dropped) */
	for (int i = 0; i < XCHG_SCOPE_SLOTS; i++)
		if (i >= r->who->ngrants || !(R(r->who->grants[i].role) & ROLES_STAFF))
			sc.lo[i][0] = sc.hi[i][0] = 0, sc.restricted[i] = 0;
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT 'organisation', o.id, o.name, r.name FROM organisations o"
			       " JOIN regions r ON r.id=o.region_id WHERE o.status='active'"
			       " AND (? IS NULL OR instr(o.name, ?) > 0)"
			       " UNION ALL SELECT 'person', pp.id, pp.name, r.name FROM people pp"
			       " JOIN regions r ON r.id=pp.region_id WHERE pp.status='active'"
			       " AND (? IS NULL OR instr(pp.name, ?) > 0) AND " XCHG_SCOPE_SQL("1")
			       " LIMIT 30",
			       "ssss" XCHG_SCOPE_TYPES, q, q, q, q, XCHG_SCOPE_ARGS(&sc));
	if (!st)
		return r->err.code;
	resp_list_begin(r);
	int n = 0, rc;
	while ((rc = stmt_step(st, &r->err)) == 1) {
		jw_obj(&r->jw);
		jw_kstr(&r->jw, "kind", col_text(st, 0));
		jw_kint(&r->jw, "id", col_int(st, 1));
		jw_kstr(&r->jw, "name", col_text(st, 2));
		jw_kstr(&r->jw, "region_name", col_text(st, 3));
		jw_obj_end(&r->jw);
		n++;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	resp_list_end(r, n, NULL);
	return 0;
}

/* ---------- bookings ---------- */

static int time_field(json_t *j, const char *key, int64_t *out, struct err *e)
{
	const char *s;
	int rc = jin_str(j, key, true, 10, 40, &s, e);
	if (rc)
		return rc;
	if (wtime_parse(s, out) != 0)
		return err_setf(e, ERR_INVALID, key, "%s 应为 ISO 8601 时间，如 2026-12-01T09:00:00+08:00",
				"%s must be an ISO 8601 time such as 2026-12-01T09:00:00+08:00", key);
	return 0;
}

static int h_booking_create(struct req *r)
{
	json_t *j;
	int rc = jin_parse_object(r->body, r->body_len, &j, &r->err);
	if (rc)
		return rc;
	static const char *const keys[] = {"space_id", "title", "organiser", "start_at", "end_at", NULL};
	struct xchg_booking_in in = {0};
	int64_t id;
	if ((rc = jin_only(j, keys, &r->err)) ||
	    (rc = jin_int(j, "space_id", true, 1, INT64_MAX, &in.space_id, &r->err)) ||
	    (rc = jin_str(j, "title", true, 1, 100, &in.title, &r->err)) ||
	    (rc = jin_str(j, "organiser", false, 0, 100, &in.organiser, &r->err)) < 0 ||
	    (rc = time_field(j, "start_at", &in.start_at, &r->err)) ||
	    (rc = time_field(j, "end_at", &in.end_at, &r->err)) ||
	    (rc = xchg_booking_create(r->db, r->who, &in, r->now, &id, &r->err)))
		goto done;
	r->status = 201;
	rc = xchg_booking_write_json(r->db, r->who, &r->jw, id, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_booking_list(struct req *r)
{
	struct page pg;
	struct xchg_booking_filter f = {0};
	int64_t total = 0, cancelled = 0;
	int rc;
	if ((rc = req_page(r, &pg)) || (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &f.region_id)) ||
	    (rc = req_query_int(r, "space_id", 0, 0, INT64_MAX, &f.space_id)) ||
	    (rc = req_query_int(r, "include_cancelled", 0, 0, 1, &cancelled)))
		return rc;
	const char *from = qstr(r, "from"), *to = qstr(r, "to");
	if (from && wtime_parse(from, &f.from) != 0)
		return err_set(&r->err, ERR_INVALID, "from", "from 应为 ISO 8601 时间", "from must be an ISO 8601 time");
	if (to && wtime_parse(to, &f.to) != 0)
		return err_set(&r->err, ERR_INVALID, "to", "to 应为 ISO 8601 时间", "to must be an ISO 8601 time");
	f.include_cancelled = cancelled != 0;
	/* Parameters this list does not take are refused, not ignored: the
	 * order is by start (sort=start_at), the status is booked unless
	 * include_cancelled=1, and a region must exist (400 naming it). */
	const char *sort = qstr(r, "sort"), *status = qstr(r, "status");
	if (sort && strcmp(sort, "start_at") != 0)
		return err_set(&r->err, ERR_INVALID, "sort", "排序字段应为 start_at", "sort must be start_at");
	if (status && strcmp(status, "booked") != 0)
		return err_set(&r->err, ERR_INVALID, "status",
			       "状态只能为 booked（已取消的预约用 include_cancelled=1 一并列出）",
			       "status must be booked (include_cancelled=1 lists cancelled bookings too)");
	char *rpath = NULL;
	if (f.region_id && (rc = list_region_path(r->db, f.region_id, "region_id", &rpath, &r->err)))
		return rc;
	free(rpath);
	f.offset = pg.offset;
	f.limit = pg.per_page;
	resp_list_begin(r);
	if ((rc = xchg_booking_list(r->db, r->who, &f, &r->jw, &total, &r->err)))
		return rc;
	resp_list_end(r, total, &pg);
	return 0;
}

static int h_booking_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : xchg_booking_write_json(r->db, r->who, &r->jw, id, &r->err);
}

static int h_booking_cancel(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (rc || (rc = xchg_booking_cancel(r->db, r->who, id, r->now, &r->err)))
		return rc;
	return xchg_booking_write_json(r->db, r->who, &r->jw, id, &r->err);
}

const struct route exchange_dir_routes[] = {
	{"GET", "/api/v1/search", h_search, ROLES_ANY, 0, "full-text search of demands or services in scope"},
	{"GET", "/api/v1/search/terms", h_search_terms, ROLES_ANY, 0, "service taxonomy for the search filter"},
	{"GET", "/api/v1/hsds/organizations.json", h_hsds_orgs_file, 0, RT_PUBLIC, "HSDS 3.0 organizations.json (whole file)"},
	{"GET", "/api/v1/hsds/services.json", h_hsds_services_file, 0, RT_PUBLIC, "HSDS 3.0 services.json (whole file)"},
	{"GET", "/api/v1/hsds/service_at_locations.json", h_hsds_sal_file, 0, RT_PUBLIC, "HSDS 3.0 service_at_locations.json (whole file)"},
	{"GET", "/api/v1/hsds/organizations", h_hsds_orgs, 0, RT_PUBLIC, "HSDS 3.0 organizations (public)"},
	{"GET", "/api/v1/hsds/services", h_hsds_services, 0, RT_PUBLIC, "HSDS 3.0 services (public)"},
	{"GET", "/api/v1/hsds/service_at_locations", h_hsds_sal, 0, RT_PUBLIC, "HSDS 3.0 service_at_locations (public)"},
	{"GET", "/api/v1/spaces", h_space_list, ROLES_ANY, 0, "spaces for service in scope"},
	{"POST", "/api/v1/spaces", h_space_create, ROLES_STAFF, 0, "register a space"},
	{"GET", "/api/v1/spaces/{id}", h_space_get, ROLES_ANY, 0, "one space"},
	{"PATCH", "/api/v1/spaces/{id}", h_space_update, ROLES_STAFF, 0, "edit a space (needs version)"},
	{"GET", "/api/v1/space-holders", h_holders, ROLES_STAFF, 0, "organisations and people a space may be lent to"},
	{"GET", "/api/v1/space-agreements", h_agreement_list, ROLES_ANY, 0, "space agreements with owed vs delivered"},
	{"POST", "/api/v1/space-agreements", h_agreement_create, ROLES_STAFF, 0, "lend a space for service"},
	{"GET", "/api/v1/space-agreements/{id}", h_agreement_get, ROLES_ANY, 0, "agreement with months, shortfall, deliveries"},
	{"POST", "/api/v1/space-agreements/{id}/renew", h_agreement_renew, ROLES_STAFF, 0, "renew (refused on shortfall without override_reason)"},
	{"POST", "/api/v1/space-agreements/{id}/close", h_agreement_close, ROLES_STAFF, 0, "end or terminate an agreement"},
	{"POST", "/api/v1/space-agreements/{id}/deliveries", h_delivery_log, ROLES_ANY, 0, "log service delivered"},
	{"POST", "/api/v1/space-deliveries/{id}/confirm", h_delivery_confirm, ROLES_STAFF, 0, "staff confirm a logged delivery"},
	{"GET", "/api/v1/space-bookings", h_booking_list, ROLES_ANY, 0, "bookings of spaces in scope"},
	{"POST", "/api/v1/space-bookings", h_booking_create, ROLES_BOOK, 0, "book a space (409 on overlap)"},
	{"GET", "/api/v1/space-bookings/{id}", h_booking_get, ROLES_ANY, 0, "one booking"},
	{"POST", "/api/v1/space-bookings/{id}/cancel", h_booking_cancel, ROLES_BOOK, 0, "cancel a booking"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
