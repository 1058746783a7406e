/*
 * exchange_http.c — the exchange's routes: /api/v1/terms, /demands,
 * /services, /provider-accounts, /match-batches, /matches and
 * /exchange/overdue. Each body is declared once as a field table
 * (core/fields.h) on its route, and reads, creates, updates and actions
 * go through the generic handlers of http/resource.h to the exchange_* logic
 * with the request's context; the handlers left here read a list's query
 * or a shape of answer of their own, and call the logic. The router runs
 * each request in one transaction, so a failed write leaves nothing
 * behind. Roles here are the coarse gate; the logic checks region scope,
 * provider links and beneficiary visibility record by record. The
 * demands, services and matches lists have an …/export twin (CSV or XLSX,
 * http/export_http.h) that reads the same filters and runs the same list.
 */
#include <jansson.h>
#include <string.h>

#include "auth/auth.h"
#include "core/fields.h"
#include "core/jsonin.h"
#include "core/pii.h"
#include "core/wtime.h"
#include "http/export_http.h"
#include "http/http.h"
#include "http/res_routes.h"
#include "http/resource.h"
#include "modules/exchange/exchange_export.h"
#include "modules/exchange/exchange_http.h"
#include "modules/exchange/exchange.h"
#include "modules/privacy/reveal.h"

/* ---------- readers for the bodies' own types ---------- */

/* The jsonin.h rules (and their messages) for one value v under key. */
static json_t *one(const char *key, json_t *v)
{
	json_t *o = json_object();
	json_object_set(o, key, v);
	return o;
}

static int read_ids(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	(void)a;
	struct exchange_ids *ids = dst;
	if (!json_is_array(v) || json_array_size(v) > EXCHANGE_MAX_IDS)
		return err_setf(e, ERR_INVALID, key, "%s 应为整数数组（最多 16 个）",
				"%s must be an array of at most 16 integers", key);
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		if (!json_is_integer(x) || json_integer_value(x) < 1)
			return err_setf(e, ERR_INVALID, key, "%s 应为正整数数组",
					"%s must hold positive integers", key);
		ids->v[ids->n++] = json_integer_value(x);
	}
	ids->has = true;
	return 0;
}

static int read_int(json_t *v, const char *key, int64_t lo, int64_t hi, void *dst, struct err *e)
{
	struct exchange_int *o = dst;
	json_t *j = one(key, v);
	int rc = jin_int(j, key, false, lo, hi, &o->v, e);
	json_decref(j);
	o->has = rc == 0;
	return rc;
}

/* An optional integer within bounds: has is false when absent or null. */
#define OPT_INT(name, lo, hi)                                                                    \
	static int name(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)     \
	{                                                                                          \
		(void)a;                                                                           \
		return read_int(v, key, (lo), (hi), dst, e);                                       \
	}
OPT_INT(read_schedule, 0, (1 << 21) - 1)
OPT_INT(read_sort_order, 0, 100000)
OPT_INT(read_radius, 0, 100000)
OPT_INT(read_capacity, 0, 10000)
OPT_INT(read_price, 0, 100000000)

static int read_num(json_t *v, const char *key, double lo, double hi, void *dst, struct err *e)
{
	struct exchange_num *o = dst;
	if (!json_is_number(v) || json_number_value(v) < lo || json_number_value(v) > hi)
		return err_setf(e, ERR_INVALID, key, "%s 应为 %g 到 %g 之间的数",
				"%s must be a number from %g to %g", key, lo, hi);
	o->v = json_number_value(v);
	o->has = true;
	return 0;
}

static int read_lat(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	(void)a;
	return read_num(v, key, -90, 90, dst, e);
}

static int read_lon(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	(void)a;
	return read_num(v, key, -180, 180, dst, e);
}

/* A map point: latitude and longitude, read into a posting's pair of
 * exchange_num (both or neither: exchange_check_coords). */
#define MAP_POINT(st) FLD_CUSTOM(st, latitude, 0, read_lat), FLD_CUSTOM(st, longitude, 0, read_lon)

static int read_flag(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	(void)a;
	struct exchange_flag *o = dst;
	json_t *j = one(key, v);
	int rc = jin_bool(j, key, false, &o->v, e);
	json_decref(j);
	o->has = rc == 0;
	return rc;
}

/* A string of at most max characters; "" reads as not given (1). */
static int read_text(json_t *v, const char *key, size_t max, const char **s, struct err *e)
{
	json_t *j = one(key, v);
	int rc = jin_str(j, key, false, 0, max, s, e);
	if (rc == 0 && !**s)
		rc = 1;
	if (rc)
		json_decref(j);
	else
		json_decref(j); /* v stays alive in the body: *s points into it */
	return rc;
}

/* An ISO 8601 time with offset (µs UTC); "" is none. */
static int read_time(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	(void)a;
	const char *s = NULL;
	int rc = read_text(v, key, 40, &s, e);
	if (rc)
		return rc;
	if (wtime_parse(s, (int64_t *)dst))
		return err_setf(e, ERR_INVALID, key, "%s 应为 ISO 8601 时间", "%s must be an ISO 8601 time",
				key);
	return 0;
}

/* A mainland mobile, normalised to 11 digits; "" is none. */
static int read_mobile(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	const char *s = NULL;
	int rc = read_text(v, key, 20, &s, e);
	if (rc)
		return rc;
	char buf[12];
	if ((rc = pii_mobile_normalize(s, strlen(s), buf, e))) {
		snprintf(e->field, sizeof e->field, "%s", key);
		return rc;
	}
	*(const char **)dst = arena_strdup(a, buf);
	return 0;
}

/* A service's contact phone: a mainland mobile (normalised to 11 digits) or
 * a landline with its area code, e.g. 0757-22201234 (0 + 2-3 digits, an
 * optional dash, 7-8 digits; kept as written). "" is none. */
static int read_service_phone(json_t *v, const char *key, void *dst, struct arena *a,
			      struct err *e)
{
	const char *s = NULL;
	int rc = read_text(v, key, 20, &s, e);
	if (rc)
		return rc;
	/* landline: 0 and a non-zero digit opening a 3-4 digit area code, at most
	 * one dash right after it, 7-8 more digits: 10-12 digits in all */
	size_t n = strlen(s), digits = 0, dash = 0;
	bool ok = n >= 10 && s[0] == '0' && s[1] >= '1' && s[1] <= '9';
	for (size_t i = 0; ok && i < n; i++) {
		if (s[i] == '-' && !dash && (i == 3 || i == 4))
			dash = i;
		else if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else
			ok = false;
	}
	if (ok && digits >= 10 && digits <= 12 && (!dash || (digits - dash >= 7 && digits - dash <= 8))) {
		*(const char **)dst = arena_strdup(a, s);
		return 0;
	}
	return read_mobile(v, key, dst, a, e);
}

/* A JSON key whose member has another name, read by fn. */
#define FLD_CUSTOM_AS(key, st, m, fl, fn) {key, FT_CUSTOM, (fl), offsetof(st, m), -1, 0, 0, NULL, (fn)}
#define UPD (FLD_REQ_UPDATE | FLD_UPDATE_ONLY)
#define NEW FLD_CREATE_ONLY

/* ---------- terms ---------- */

#define T struct exchange_term_in
static const struct field term_fields[] = {
	FLD_INT(T, version, UPD, 1, INT64_MAX),
	FLD_INT(T, parent_id, NEW, 1, INT64_MAX),
	FLD_STR(T, code, FLD_REQ_CREATE | NEW, 1, 64),
	FLD_STR(T, name, FLD_REQ_CREATE, 1, 32),
	FLD_STR(T, name_en, FLD_REQ_CREATE, 1, 64),
	FLD_STR(T, description, 0, 0, 500),
	FLD_CUSTOM(T, sort_order, 0, read_sort_order),
	FLD_CUSTOM(T, active, 0, read_flag),
	FLD_END,
};
#undef T

/* A resource whose body is `struct exchange_<name>_in` and whose create,
 * update and write are exchange_<name>_create, _update and _write. */
#define CRUD_RES(name)                                                                              \
	{.in_size = sizeof(struct exchange_##name##_in), .create = exchange_##name##_create,         \
	 .update = exchange_##name##_update, .write = exchange_##name##_write}

static const struct resource term_res = CRUD_RES(term);

static int h_terms(struct req *r)
{
	const char *all = req_query(r, "all");
	return exchange_terms_write(&r->cx, &r->jw, all && strcmp(all, "1") == 0);
}

/* ---------- demands ---------- */

#define D struct exchange_demand_in
static const struct field demand_fields[] = {
	FLD_INT(D, version, UPD, 1, INT64_MAX),
	FLD_INT(D, region_id, NEW, 1, INT64_MAX),
	FLD_STR(D, title, FLD_REQ_CREATE, 2, 100),
	FLD_STR(D, description, 0, 0, 2000),
	FLD_STR(D, address, 0, 0, 200),
	FLD_STR(D, skills, 0, 0, 200),
	FLD_ENUM(D, beneficiary_group, 0, exchange_beneficiary_groups),
	FLD_ENUM(D, privacy, 0, exchange_privacies),
	FLD_ENUM(D, recurrence, 0, exchange_recurrences),
	FLD_ENUM(D, urgency, 0, exchange_urgencies),
	FLD_CUSTOM_AS("term_ids", D, terms, FLD_REQ_CREATE, read_ids),
	MAP_POINT(D),
	FLD_CUSTOM(D, window_start, 0, read_time),
	FLD_CUSTOM(D, window_end, 0, read_time),
	FLD_CUSTOM(D, schedule_mask, 0, read_schedule),
	FLD_INT(D, people_needed, 0, 1, 100),
	FLD_ENUM(D, kind, NEW, exchange_demand_kinds),
	FLD_STR(D, beneficiary_name, NEW, 0, 32),
	FLD_CUSTOM(D, beneficiary_phone, NEW, read_mobile),
	FLD_INT(D, beneficiary_person_id, NEW, 1, INT64_MAX),
	FLD_BOOL(D, consent, NEW),
	FLD_BOOL(D, no_contact, NEW),
	FLD_END,
};
#undef D

static const struct field consent_fields[] = {
	FLD_BOOL(struct exchange_consent_in, consent, FLD_REQ),
	FLD_BOOL(struct exchange_consent_in, no_contact, 0),
	FLD_END,
};

static const struct resource demand_res = CRUD_RES(demand);
static const struct resource consent_res = {
	.in_size = sizeof(struct exchange_consent_in), .write = exchange_demand_write,
};

static int h_demand_reveal(struct req *r)
{
	struct reveal_in in;
	int64_t id;
	int rc = reveal_req(r, &id, &in);
	return rc ? rc : exchange_demand_reveal(&r->cx, id, in.purpose, &r->jw);
}

/* The filters every exchange list shares: ?page, per_page, region_id,
 * term_id, status, q, sort, cursor. */
struct list_query {
	struct page pg;
	int64_t region_id, term_id;
	const char *status, *q, *sort, *cursor;
};

static int list_query(struct req *r, struct list_query *lq)
{
	int rc;
	memset(lq, 0, sizeof *lq);
	if ((rc = req_page(r, &lq->pg)) ||
	    (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &lq->region_id)) ||
	    (rc = req_query_int(r, "term_id", 0, 0, INT64_MAX, &lq->term_id)))
		return rc;
	lq->status = req_query(r, "status");
	if (lq->status && !*lq->status)
		lq->status = NULL;
	lq->q = req_query(r, "q");
	lq->sort = req_query(r, "sort");
	lq->cursor = req_query(r, "cursor");
	return 0;
}

/* After the items: the list's tail, or the logic's error (rc). */
static int list_end(struct req *r, int rc, struct list_result *res, const struct page *pg)
{
	if (rc)
		return rc;
	resp_list_done(r, res, pg);
	return 0;
}

static bool query_on(struct req *r, const char *name)
{
	const char *v = req_query(r, name);
	return v && strcmp(v, "1") == 0;
}

/* The demands and services lists' filter: the shared filters, and mine. */
static int posting_filter(struct req *r, bool mine, struct list_query *lq, struct exchange_posting_filter *f)
{
	int rc = list_query(r, lq);
	*f = (struct exchange_posting_filter){.region_id = lq->region_id, .term_id = lq->term_id,
					      .status = lq->status, .q = lq->q, .sort = lq->sort,
					      .mine = mine, .limit = lq->pg.per_page, .offset = lq->pg.offset,
					      .cursor = lq->cursor};
	return rc;
}

static int postings_list(struct req *r, bool mine,
			 int (*fn)(struct db *, const struct principal *, struct jw *,
				   const struct exchange_posting_filter *, int64_t, int64_t *, struct err *))
{
	struct list_query lq;
	struct exchange_posting_filter f;
	struct list_result res = {0};
	int64_t total = 0;
	int rc = posting_filter(r, mine, &lq, &f);
	if (rc)
		return rc;
	f.res = &res;
	resp_list_begin(r);
	return list_end(r, fn(r->db, r->who, &r->jw, &f, r->now, &total, &r->err), &res, &lq.pg);
}

/* The lists as CSV or XLSX (http/export_http.h): the same filters and the
 * same caller, every page (exchange_export.h). */
static int postings_fill(struct req *r, struct export *x, bool mine,
			 int (*fn)(struct ctx *, const struct exchange_posting_filter *, struct export *))
{
	struct list_query lq;
	struct exchange_posting_filter f;
	int rc = posting_filter(r, mine, &lq, &f);
	return rc ? rc : fn(&r->cx, &f, x);
}

static int demands_fill(struct req *r, struct export *x)
{
	return postings_fill(r, x, false, exchange_demands_export);
}

static const struct export_spec demands_export = {"demands", exchange_demand_export_cols};
static int h_demands_export(struct req *r) { return export_run(r, &demands_export, demands_fill); }

static int h_demands(struct req *r) { return postings_list(r, false, exchange_demands_list); }
static int h_demands_mine(struct req *r) { return postings_list(r, true, exchange_demands_list); }

/* ---------- services ---------- */

#define S struct exchange_service_in
static const struct field service_fields[] = {
	FLD_INT(S, version, UPD, 1, INT64_MAX),
	FLD_INT(S, region_id, NEW, 1, INT64_MAX),
	FLD_INT(S, organisation_id, NEW, 1, INT64_MAX),
	FLD_INT(S, team_id, NEW, 1, INT64_MAX),
	FLD_INT(S, person_id, NEW, 1, INT64_MAX),
	FLD_ENUM(S, provider_kind, NEW, exchange_provider_kinds),
	FLD_STR(S, name, FLD_REQ_CREATE, 2, 100),
	FLD_STR(S, description, 0, 0, 2000),
	FLD_STR(S, skills, 0, 0, 200),
	FLD_ENUM(S, cost_kind, 0, exchange_cost_kinds),
	FLD_ENUM(S, status, 0, exchange_service_statuses),
	FLD_CUSTOM(S, contact_phone, 0, read_service_phone),
	MAP_POINT(S),
	FLD_CUSTOM(S, radius_m, 0, read_radius),
	FLD_CUSTOM(S, schedule_mask, 0, read_schedule),
	FLD_CUSTOM(S, capacity_per_week, 0, read_capacity),
	FLD_CUSTOM(S, price_fen, 0, read_price),
	FLD_CUSTOM_AS("term_ids", S, terms, FLD_REQ_CREATE, read_ids),
	FLD_CUSTOM_AS("region_ids", S, regions, 0, read_ids),
	FLD_END,
};
#undef S

static const struct resource service_res = CRUD_RES(service);

/* Field staff see the services in scope, providers (or ?mine=1) their own. */
static bool services_mine(struct req *r)
{
	return query_on(r, "mine") || !auth_has_role(r->who, EXCHANGE_FIELD);
}

static int h_services(struct req *r) { return postings_list(r, services_mine(r), exchange_services_list); }

static int services_fill(struct req *r, struct export *x)
{
	return postings_fill(r, x, services_mine(r), exchange_services_export);
}

static const struct export_spec services_export = {"services", exchange_service_export_cols};
static int h_services_export(struct req *r) { return export_run(r, &services_export, services_fill); }

/* ---------- provider accounts ---------- */

static const struct field provider_fields[] = {
	FLD_INT(struct exchange_provider_in, user_id, FLD_REQ, 1, INT64_MAX),
	FLD_INT(struct exchange_provider_in, organisation_id, 0, 1, INT64_MAX),
	FLD_INT(struct exchange_provider_in, team_id, 0, 1, INT64_MAX),
	FLD_INT(struct exchange_provider_in, person_id, 0, 1, INT64_MAX),
	FLD_END,
};

static const struct resource provider_res = {
	.in_size = sizeof(struct exchange_provider_in),
	.create = exchange_provider_link, .remove = exchange_provider_unlink, .write = exchange_provider_write,
};

static int h_providers(struct req *r) { return exchange_providers_write(&r->cx, &r->jw, false); }
static int h_providers_mine(struct req *r) { return exchange_providers_write(&r->cx, &r->jw, true); }

/* ---------- matching ---------- */

static const struct field batch_fields[] = {
	FLD_INT(struct exchange_batch_in, region_id, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};

static const struct resource batch_run_res = {
	.in_size = sizeof(struct exchange_batch_in),
	.create = exchange_batch_create, .write = exchange_batch_run_write,
};
static const struct resource batch_res = {.write = exchange_batch_write};

static int h_batches(struct req *r)
{
	struct page pg;
	struct list_result res = {0};
	int64_t region = 0;
	int rc;
	if ((rc = req_page(r, &pg)) || (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region)))
		return rc;
	resp_list_begin(r);
	return list_end(r, exchange_batches_list(&r->cx, &r->jw, region, pg.per_page, pg.offset, &res), &res, &pg);
}

static int match_filter(struct req *r, struct list_query *lq, struct exchange_match_filter *f)
{
	int rc = list_query(r, lq);
	if (rc)
		return rc;
	*f = (struct exchange_match_filter){.region_id = lq->region_id, .status = lq->status,
					    .sort = lq->sort, .mine = query_on(r, "mine"),
					    .overdue = query_on(r, "overdue"), .limit = lq->pg.per_page,
					    .offset = lq->pg.offset, .cursor = lq->cursor};
	f->group = req_query(r, "group");
	if (f->group && !*f->group)
		f->group = NULL;
	if ((rc = req_query_int(r, "batch_id", 0, 0, INT64_MAX, &f->batch_id)) ||
	    (rc = req_query_int(r, "demand_id", 0, 0, INT64_MAX, &f->demand_id)) ||
	    (rc = req_query_int(r, "service_id", 0, 0, INT64_MAX, &f->service_id)))
		return rc;
	return 0;
}

static int h_matches(struct req *r)
{
	struct list_query lq;
	struct exchange_match_filter f;
	struct list_result res = {0};
	int rc = match_filter(r, &lq, &f);
	if (rc)
		return rc;
	f.res = &res;
	int64_t total = 0;
	resp_list_begin(r);
	return list_end(r, exchange_matches_list(r->db, r->who, &r->jw, &f, r->now, &total, &r->err), &res, &lq.pg);
}

static int matches_fill(struct req *r, struct export *x)
{
	struct list_query lq;
	struct exchange_match_filter f;
	int rc = match_filter(r, &lq, &f);
	return rc ? rc : exchange_matches_export(&r->cx, &f, x);
}

static const struct export_spec matches_export = {"matches", exchange_match_export_cols};
static int h_matches_export(struct req *r) { return export_run(r, &matches_export, matches_fill); }

static const struct resource match_res = {
	.in_size = sizeof(struct exchange_action_in), .write = exchange_match_write,
};

#define A struct exchange_action_in
#define VERSION FLD_INT(A, version, 0, 1, INT64_MAX)
static const struct field act_fields[] = {VERSION, FLD_END};
static const struct field reassign_fields[] = {
	VERSION, FLD_INT(A, service_id, FLD_REQ, 1, INT64_MAX), FLD_END};
static const struct field decline_fields[] = {VERSION, FLD_STR(A, reason, FLD_REQ, 2, 200), FLD_END};
static const struct field cancel_fields[] = {VERSION, FLD_STR(A, reason, 0, 0, 200), FLD_END};
static const struct field dispute_fields[] = {VERSION, FLD_STR(A, reason, FLD_REQ, 2, 500), FLD_END};
static const struct field deliver_fields[] = {
	VERSION, FLD_INT(A, minutes, FLD_REQ, 1, 24 * 60 * 7), FLD_STR(A, note, 0, 0, 500), FLD_END};
static const struct field rate_fields[] = {
	VERSION, FLD_INT(A, rating, FLD_REQ, 1, 5), FLD_STR(A, comment, 0, 0, 500), FLD_END};
#undef VERSION
#undef A

/* A step of the loop: res_action, where an empty body reads as {} (the
 * steps that need nothing may be posted without one). */
static int h_match_act(struct req *r)
{
	if (!r->body_len) {
		r->body = "{}";
		r->body_len = 2;
	}
	return res_action(r);
}

static int h_alternatives(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : exchange_alternatives_write(&r->cx, &r->jw, id);
}

static int h_overdue(struct req *r)
{
	struct page pg;
	int64_t region = 0;
	int rc;
	if ((rc = req_page(r, &pg)) || (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region)))
		return rc;
	return exchange_overdue_write(&r->cx, &r->jw, region, pg.per_page, pg.offset);
}

#define PROV_OR_FIELD (EXCHANGE_FIELD | EXCHANGE_PROVIDER)
#define POSTERS (EXCHANGE_FIELD | R(ROLE_RESIDENT))
#define C FIELDS_CREATE
#define U FIELDS_UPDATE
#define ACT(verb, roles, what, fields, fn)                                                         \
	{"POST", "/api/v1/matches/{id}/" verb, h_match_act, roles, 0, what, fields, U, &match_res, \
	 .act = fn}

const struct route exchange_routes[] = {
	{"GET", "/api/v1/terms", h_terms, ROLES_ANY, 0, "service taxonomy (two levels)"},
	{"POST", "/api/v1/terms", res_create, R(ROLE_DISTRICT_ADMIN), 0, "add a taxonomy term",
	 term_fields, C, &term_res},
	{"PATCH", "/api/v1/terms/{id}", res_update, R(ROLE_DISTRICT_ADMIN), 0, "edit a taxonomy term",
	 term_fields, U, &term_res},
	{"GET", "/api/v1/demands/mine", h_demands_mine, ROLES_ANY, 0, "demands I posted or benefit from"},
	{"GET", "/api/v1/demands/export", h_demands_export, EXCHANGE_FIELD, 0,
	 "需求台账 as CSV/XLSX: the list's filters, labels in ?lang=zh|en"},
	{"GET", "/api/v1/demands", h_demands, EXCHANGE_FIELD, 0, "demands in scope, filter/sort/page"},
	RES_ROUTES_CREATE_GET("/api/v1/demands", &demand_res, demand_fields, POSTERS,
			      "post a demand (需求/微心愿)", ROLES_ANY, "one demand with its matches"),
	RES_ROUTE_UPDATE("/api/v1/demands", &demand_res, demand_fields, POSTERS,
			 "edit an open demand (needs version)"),
	{"POST", "/api/v1/demands/{id}/cancel", res_action, POSTERS, 0, "withdraw a demand",
	 .res = &demand_res, .act = exchange_demand_cancel},
	{"POST", "/api/v1/demands/{id}/consent", res_action, ROLES_ANY, 0,
	 "beneficiary consent, no-contact wish", consent_fields, U, &consent_res,
	 .act = exchange_demand_consent},
	{"POST", "/api/v1/demands/{id}/reveal", h_demand_reveal, EXCHANGE_STAFF | EXCHANGE_PROVIDER, 0,
	 "beneficiary's full contact for a stated purpose (audited)", reveal_fields, U},
	{"GET", "/api/v1/services/export", h_services_export, PROV_OR_FIELD, 0,
	 "services in scope or mine as CSV/XLSX, the list's filters"},
	{"GET", "/api/v1/services", h_services, PROV_OR_FIELD, 0, "services in scope or mine"},
	RES_ROUTES_CREATE_GET("/api/v1/services", &service_res, service_fields,
			      EXCHANGE_STAFF | EXCHANGE_PROVIDER, "offer a service", PROV_OR_FIELD, "one service"),
	RES_ROUTE_UPDATE("/api/v1/services", &service_res, service_fields, EXCHANGE_STAFF | EXCHANGE_PROVIDER,
			 "edit a service (needs version)"),
	{"GET", "/api/v1/provider-accounts/mine", h_providers_mine, ROLES_ANY, 0, "providers I act for"},
	{"GET", "/api/v1/provider-accounts", h_providers, EXCHANGE_STAFF, 0, "provider links in scope"},
	{"POST", "/api/v1/provider-accounts", res_create, EXCHANGE_STAFF, 0, "link a user to a provider",
	 provider_fields, C, &provider_res},
	RES_ROUTE_DELETE("/api/v1/provider-accounts", &provider_res, EXCHANGE_STAFF, "remove a provider link"),
	{"POST", "/api/v1/match-batches", res_create, EXCHANGE_STAFF, 0, "run optimal matching for a region",
	 batch_fields, C, &batch_run_res},
	{"GET", "/api/v1/match-batches", h_batches, EXCHANGE_FIELD, 0, "matching runs in scope"},
	{"GET", "/api/v1/match-batches/{id}", res_get, EXCHANGE_FIELD, 0, "one run with unmatched reasons",
	 .res = &batch_res},
	{"GET", "/api/v1/matches/export", h_matches_export, ROLES_ANY, 0,
	 "matches in scope or mine as CSV/XLSX, the list's filters"},
	{"GET", "/api/v1/matches", h_matches, ROLES_ANY, 0, "matches in scope, of my services or my demands"},
	{"GET", "/api/v1/matches/{id}", res_get, ROLES_ANY, 0, "one match with cost breakdown",
	 .res = &match_res},
	{"GET", "/api/v1/matches/{id}/alternatives", h_alternatives, EXCHANGE_STAFF, 0, "feasible services to reassign to"},
	ACT("confirm", EXCHANGE_STAFF, "staff confirm a proposal", act_fields, exchange_match_confirm),
	ACT("reassign", EXCHANGE_STAFF, "change to another feasible service", reassign_fields,
	    exchange_match_reassign),
	ACT("accept", EXCHANGE_PROVIDER, "provider accepts", act_fields, exchange_match_accept),
	ACT("decline", EXCHANGE_PROVIDER, "provider declines (re-opens the demand)", decline_fields,
	    exchange_match_decline),
	ACT("deliver", EXCHANGE_PROVIDER, "provider records delivery (minutes)", deliver_fields,
	    exchange_match_deliver),
	ACT("beneficiary-confirm", ROLES_ANY, "beneficiary or staff confirm delivery", act_fields,
	    exchange_match_bconfirm),
	ACT("rate", ROLES_ANY, "rate a confirmed service 1–5", rate_fields, exchange_match_rate),
	ACT("cancel", EXCHANGE_STAFF, "staff cancel a match (also a disputed one)", cancel_fields,
	    exchange_match_cancel),
	ACT("dispute", ROLES_ANY, "beneficiary or staff dispute a delivery, with a reason",
	    dispute_fields, exchange_match_dispute),
	{"GET", "/api/v1/exchange/overdue", h_overdue, EXCHANGE_FIELD, 0, "overdue steps with town roll-up"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
