/*
 * exchange_dir_http.c — the routes of the exchange's directory side:
 *   GET  /api/v1/search                              full-text search (demands, services)
 *   GET  /api/v1/hsds/{organizations,services,service_at_locations}   public HSDS 3.0
 *   /api/v1/spaces, /space-agreements, /space-deliveries, /space-bookings, /space-holders
 * The space-for-service resources are declarations: a field table per
 * body (core/fields.h) and the generic handlers of http/resource.h; the
 * few handlers left read a list's query or answer with another record than
 * the one named. The logic (exchange_space.c) checks scope and audits. Route
 * roles say who may call; region coverage (in the logic) says which records.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/fields.h"
#include "core/jsonin.h"
#include "core/wtime.h"
#include "http/http.h"
#include "http/res_routes.h"
#include "http/resource.h"
#include "modules/exchange/exchange_dir_http.h"
#include "modules/exchange/exchange_http.h"
#include "modules/exchange/exchange_dir.h"
#include "store/jcols.h"
#include "store/list.h"
#include "store/row.h"
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
	struct exchange_search_in in = {0};
	int rc;
	if ((rc = req_page(r, &pg)) || (rc = req_query_int(r, "term_id", 0, 0, INT64_MAX, &in.term_id)) ||
	    (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &in.region_id)))
		return rc;
	in.q = req_query(r, "q");
	in.type = qstr(r, "type");
	in.status = qstr(r, "status");
	in.sort = qstr(r, "sort");
	in.page = pg.page;
	in.per_page = pg.per_page;
	return exchange_search(r->db, r->who, &in, &r->jw, &r->err);
}

/* The taxonomy for the search filter: every active term, parents first. */
static const struct col term_cols[] = {
	{"id", "编号", COL_INT}, {"parent_id", "上级", COL_INT}, {"code", "代码", COL_TEXT},
	{"name", "名称", COL_TEXT}, {"name_en", "英文名称", COL_TEXT},
};

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
	for (; (rc = stmt_step(st, &r->err)) == 1; n++) {
		jw_obj(&r->jw);
		row_json(&r->jw, term_cols, 5, st);
		jw_obj_end(&r->jw);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	resp_list_end(r, n, NULL);
	return 0;
}

/* ---------- HSDS ---------- */

static int hsds_list(struct req *r, enum exchange_hsds_kind kind)
{
	struct page pg;
	int64_t total = 0;
	int rc = req_page(r, &pg);
	if (rc)
		return rc;
	resp_header(r, "Access-Control-Allow-Origin", "*");
	jw_obj(&r->jw);
	jw_key(&r->jw, "items");
	if ((rc = exchange_hsds_write(r->db, kind, &r->jw, pg.offset, pg.per_page, &total, &r->err)))
		return rc;
	jw_kint(&r->jw, "total", total);
	jw_kint(&r->jw, "page", pg.page);
	jw_kint(&r->jw, "per_page", pg.per_page);
	jw_kstr(&r->jw, "specification", "HSDS 3.0");
	jw_obj_end(&r->jw);
	return 0;
}

/* The whole array as a file, as `wushe export hsds` writes it. */
static int hsds_file(struct req *r, enum exchange_hsds_kind kind, const char *name)
{
	resp_header(r, "Access-Control-Allow-Origin", "*");
	r->download_name = arena_strdup(r->arena, name);
	return exchange_hsds_write(r->db, kind, &r->jw, 0, -1, NULL, &r->err);
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

/* ---------- space for service: lists ---------- */

/* page/per_page, sort and cursor of a directory list. */
static int dir_page(struct req *r, struct page *pg, struct exchange_dir_page *dp)
{
	int rc = req_page(r, pg);
	dp->page = pg->page;
	dp->per_page = pg->per_page;
	dp->sort = qstr(r, "sort");
	dp->cursor = qstr(r, "cursor");
	return rc;
}

/* Run a list into {"items": …, "total", "page", "per_page", …}. */
static int dir_list(struct req *r, int (*run)(struct req *r, struct page *pg, struct list_result *res))
{
	struct page pg;
	struct list_result res = {0};
	size_t mark = r->out.len;
	resp_list_begin(r);
	int rc = run(r, &pg, &res);
	if (rc) {
		r->out.len = mark; /* the router renders the error instead */
		return rc;
	}
	resp_list_done(r, &res, &pg);
	return 0;
}

static int run_spaces(struct req *r, struct page *pg, struct list_result *res)
{
	struct exchange_space_filter f = {.kind = qstr(r, "kind"), .q = qstr(r, "q")};
	int rc;
	if ((rc = dir_page(r, pg, &f.pg)) || (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &f.region_id)))
		return rc;
	return exchange_space_list(&r->cx, &f, &r->jw, res);
}

static int run_agreements(struct req *r, struct page *pg, struct list_result *res)
{
	struct exchange_agreement_filter f = {.status = qstr(r, "status")};
	int rc;
	if ((rc = dir_page(r, pg, &f.pg)) || (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &f.region_id)) ||
	    (rc = req_query_int(r, "space_id", 0, 0, INT64_MAX, &f.space_id)))
		return rc;
	return exchange_agreement_list(&r->cx, &f, &r->jw, res);
}

static int query_time(struct req *r, const char *name, int64_t *out)
{
	const char *s = qstr(r, name);
	if (s && wtime_parse(s, out) != 0)
		return err_setf(&r->err, ERR_INVALID, name, "%s 应为 ISO 8601 时间", "%s must be an ISO 8601 time", name);
	return 0;
}

static int run_bookings(struct req *r, struct page *pg, struct list_result *res)
{
	struct exchange_booking_filter f = {.status = qstr(r, "status")};
	int64_t cancelled = 0;
	int rc;
	if ((rc = dir_page(r, pg, &f.pg)) || (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &f.region_id)) ||
	    (rc = req_query_int(r, "space_id", 0, 0, INT64_MAX, &f.space_id)) ||
	    (rc = req_query_int(r, "include_cancelled", 0, 0, 1, &cancelled)) || (rc = query_time(r, "from", &f.from)) ||
	    (rc = query_time(r, "to", &f.to)))
		return rc;
	f.include_cancelled = cancelled != 0;
	return exchange_booking_list(&r->cx, &f, &r->jw, res);
}

static int h_space_list(struct req *r) { return dir_list(r, run_spaces); }

static int h_agreement_list(struct req *r) { return dir_list(r, run_agreements); }

static int h_booking_list(struct req *r) { return dir_list(r, run_bookings); }

/* ---------- space for service: resources ---------- */

/* area_m2 given as a number (null leaves the area as it is). */
static int read_area(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	(void)a;
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 10000000)
		return err_setf(e, ERR_INVALID, key, "字段 %s 应在 0 到 10000000 之间",
				"field %s must be between 0 and 10000000", key);
	struct exchange_space_in *in = (struct exchange_space_in *)((char *)dst - offsetof(struct exchange_space_in, area_m2));
	in->area_m2 = json_integer_value(v);
	in->has_area = true;
	return 0;
}

typedef struct exchange_space_in space_in;
static const struct field space_fields[] = {
	FLD_INT(space_in, region_id, FLD_REQ_CREATE | FLD_CREATE_ONLY, 1, INT64_MAX),
	FLD_INT(space_in, version, FLD_REQ_UPDATE | FLD_UPDATE_ONLY, 1, INT64_MAX),
	FLD_STR(space_in, name, FLD_REQ_CREATE, 1, 64),
	FLD_ENUM(space_in, kind, FLD_REQ_CREATE, exchange_space_kinds),
	FLD_ENUM(space_in, status, 0, exchange_space_statuses),
	FLD_STR_HAS(space_in, description, has_description, 0, 0, 2000),
	FLD_INT_HAS(space_in, facility_room_id, has_room, 0, 1, INT64_MAX),
	FLD_CUSTOM(space_in, area_m2, 0, read_area),
	FLD_END,
};

typedef struct exchange_agreement_in agreement_in;
static const struct field agreement_fields[] = {
	FLD_INT(agreement_in, space_id, FLD_REQ_CREATE | FLD_CREATE_ONLY, 1, INT64_MAX),
	FLD_INT(agreement_in, organisation_id, FLD_CREATE_ONLY, 1, INT64_MAX),
	FLD_INT(agreement_in, person_id, FLD_CREATE_ONLY, 1, INT64_MAX),
	FLD_STR(agreement_in, start_month, FLD_REQ_CREATE, 7, 7),
	FLD_STR(agreement_in, end_month, FLD_REQ, 7, 7),
	FLD_INT(agreement_in, rent_fen, 0, 0, 100000000),
	FLD_INT(agreement_in, hours_per_month, FLD_REQ_CREATE, 0, 744),
	FLD_STR(agreement_in, service_what, FLD_REQ_CREATE, 1, 500),
	FLD_STR(agreement_in, service_for_whom, FLD_REQ_CREATE, 1, 200),
	FLD_STR(agreement_in, note, 0, 0, 1000),
	FLD_STR(agreement_in, override_reason, FLD_UPDATE_ONLY, 0, 500), /* renewal */
	FLD_END,
};

static const struct field close_fields[] = {
	FLD_ENUM(struct exchange_agreement_close_in, status, FLD_REQ, exchange_agreement_ends),
	FLD_STR(struct exchange_agreement_close_in, note, 0, 1, 500),
	FLD_END,
};

static const struct field delivery_fields[] = {
	FLD_STR(struct exchange_delivery_in, month, FLD_REQ, 7, 7),
	FLD_INT(struct exchange_delivery_in, minutes, FLD_REQ, 1, 44640),
	FLD_STR(struct exchange_delivery_in, what, FLD_REQ, 1, 500),
	FLD_INT(struct exchange_delivery_in, beneficiaries, 0, 0, 100000),
	FLD_END,
};

static const struct field booking_fields[] = {
	FLD_INT(struct exchange_booking_in, space_id, FLD_REQ, 1, INT64_MAX),
	FLD_STR(struct exchange_booking_in, title, FLD_REQ, 1, 100),
	FLD_STR(struct exchange_booking_in, organiser, 0, 0, 100),
	FLD_TIME(struct exchange_booking_in, start_at, FLD_REQ),
	FLD_TIME(struct exchange_booking_in, end_at, FLD_REQ),
	FLD_END,
};

/* The generic handlers call through these (typed logic, untyped bodies). */
static int space_create(struct ctx *c, const void *in, int64_t *id) { return exchange_space_create(c, in, id); }
static int space_update(struct ctx *c, int64_t id, const void *in) { return exchange_space_update(c, id, in); }
static int agreement_create(struct ctx *c, const void *in, int64_t *id) { return exchange_agreement_create(c, in, id); }
static int agreement_close(struct ctx *c, int64_t id, const void *in) { return exchange_agreement_close(c, id, in); }
static int booking_create(struct ctx *c, const void *in, int64_t *id) { return exchange_booking_create(c, in, id); }
static int booking_cancel(struct ctx *c, int64_t id, const void *in)
{
	(void)in;
	return exchange_booking_cancel(c, id);
}

static const struct resource space_res = {
	.in_size = sizeof(struct exchange_space_in), .create = space_create, .update = space_update,
	.write = exchange_space_write,
};
static const struct resource agreement_res = {
	.in_size = sizeof(struct exchange_agreement_in), .create = agreement_create,
	.write = exchange_agreement_write,
};
static const struct resource close_res = {
	.in_size = sizeof(struct exchange_agreement_close_in), .write = exchange_agreement_write,
};
static const struct resource booking_res = {
	.in_size = sizeof(struct exchange_booking_in), .create = booking_create,
	.write = exchange_booking_write,
};

/* Renewal makes a new agreement (201, the new one); what is not restated
 * carries over (rent and hours: -1 until given). */
static int h_agreement_renew(struct req *r)
{
	int64_t id, nid;
	struct exchange_agreement_in in = {.rent_fen = -1, .hours_per_month = -1};
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = exchange_agreement_renew(&r->cx, id, &in, &nid)))
		return rc;
	r->status = 201;
	return exchange_agreement_write(&r->cx, &r->jw, nid);
}

/* A delivery logged or confirmed answers with its agreement (months, totals). */
static int h_delivery_log(struct req *r)
{
	int64_t id;
	struct exchange_delivery_in in = {0};
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = exchange_delivery_log(&r->cx, id, &in, NULL)))
		return rc;
	r->status = 201;
	return exchange_agreement_write(&r->cx, &r->jw, id);
}

static int h_delivery_confirm(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (rc || (rc = exchange_delivery_confirm(&r->cx, id)))
		return rc;
	return exchange_agreement_write(&r->cx, &r->jw, exchange_delivery_agreement(&r->cx, id));
}

/* Organisations and people a space may be lent to (for the agreement form). */
static int h_holders(struct req *r)
{
	const char *q = qstr(r, "q");
	const struct grant *g = auth_primary_grant(r->who, ROLES_STAFF);
	if (!g)
		return auth_forbidden(&r->err);
	struct exchange_scope sc;
	exchange_scope_from(r->who, &sc);
	/* people: only inside the caller's staff scope (restricted slots dropped) */
	for (int i = 0; i < EXCHANGE_SCOPE_SLOTS; i++)
		if (i >= r->who->ngrants || !(R(r->who->grants[i].role) & ROLES_STAFF))
			sc.lo[i][0] = sc.hi[i][0] = 0, sc.restricted[i] = 0;
	/* "the name contains q" (q is never empty here): removing every
	 * occurrence of q changes the name — exact and case-sensitive, in
	 * portable SQL (instr() is SQLite's, strpos() PostgreSQL's; LIKE would
	 * fold ASCII case in SQLite and need its wildcards escaped). */
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT 'organisation', o.id, o.name, r.name FROM organisations o"
			       " JOIN regions r ON r.id=o.region_id WHERE o.status='active'"
			       " AND (? IS NULL OR replace(o.name, ?, '') <> o.name)"
			       " UNION ALL SELECT 'person', pp.id, pp.name, r.name FROM people pp"
			       " JOIN regions r ON r.id=pp.region_id WHERE pp.status='active'"
			       " AND (? IS NULL OR replace(pp.name, ?, '') <> pp.name) AND " EXCHANGE_SCOPE_SQL("1")
			       " LIMIT 30",
			       "ssss" EXCHANGE_SCOPE_TYPES, q, q, q, q, EXCHANGE_SCOPE_ARGS(&sc));
	if (!st)
		return r->err.code;
	static const struct jcol cols[] = {
		{"kind", 0, JC_TEXT}, {"id", 1, JC_INT}, {"name", 2, JC_TEXT}, {"region_name", 3, JC_TEXT},
	};
	resp_list_begin(r);
	int n = jw_rows(&r->jw, st, JCOLS(cols), &r->err);
	if (n < 0)
		return n;
	resp_list_end(r, n, NULL);
	return 0;
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
	RES_ROUTES_CREATE_GET("/api/v1/spaces", &space_res, space_fields, ROLES_STAFF, "register a space",
			      ROLES_ANY, "one space"),
	RES_ROUTE_UPDATE("/api/v1/spaces", &space_res, space_fields, ROLES_STAFF,
			 "edit a space (needs version)"),
	{"GET", "/api/v1/space-holders", h_holders, ROLES_STAFF, 0, "organisations and people a space may be lent to"},
	{"GET", "/api/v1/space-agreements", h_agreement_list, ROLES_ANY, 0, "space agreements with owed vs delivered"},
	RES_ROUTES_CREATE_GET("/api/v1/space-agreements", &agreement_res, agreement_fields, ROLES_STAFF,
			      "lend a space for service", ROLES_ANY,
			      "agreement with months, shortfall, deliveries"),
	{"POST", "/api/v1/space-agreements/{id}/renew", h_agreement_renew, ROLES_STAFF, 0,
	 "renew (refused on shortfall without override_reason)", agreement_fields, FIELDS_UPDATE},
	{"POST", "/api/v1/space-agreements/{id}/close", res_action, ROLES_STAFF, 0, "end or terminate an agreement",
	 close_fields, FIELDS_CREATE, &close_res, .act = agreement_close},
	{"POST", "/api/v1/space-agreements/{id}/deliveries", h_delivery_log, ROLES_ANY, 0, "log service delivered",
	 delivery_fields, FIELDS_CREATE},
	{"POST", "/api/v1/space-deliveries/{id}/confirm", h_delivery_confirm, ROLES_STAFF, 0, "staff confirm a logged delivery"},
	{"GET", "/api/v1/space-bookings", h_booking_list, ROLES_ANY, 0, "bookings of spaces in scope"},
	RES_ROUTES_CREATE_GET("/api/v1/space-bookings", &booking_res, booking_fields, ROLES_BOOK,
			      "book a space (409 on overlap)", ROLES_ANY, "one booking"),
	{"POST", "/api/v1/space-bookings/{id}/cancel", res_action, ROLES_BOOK, 0, "cancel a booking",
	 .res = &booking_res, .act = booking_cancel},
	{NULL, NULL, NULL, 0, 0, NULL},
};
