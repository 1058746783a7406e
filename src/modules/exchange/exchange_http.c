/*
 * exchange_http.c — the exchange's routes: /api/v1/terms, /demands,
 * /services, /provider-accounts, /match-batches, /matches and
 * /exchange/overdue. Handlers parse and validate the body (unknown keys
 * are refused), call xchg_* logic, and render JSON; the router runs each
 * request in one transaction, so a failed write leaves nothing behind.
 * Roles here are the coarse gate; the logic checks region scope, provider
 * links and beneficiary visibility record by record.
 */
#include <jansson.h>
#include <string.h>

#include "auth/auth.h"
#include "core/jsonin.h"
#include "core/pii.h"
#include "core/wtime.h"
#include "http/http.h"
#include "modules/exchange/exchange_http.h"
#include "modules/exchange/xchg.h"
#include "store/store.h"

/* ---------- body helpers ---------- */

static int get_ids(json_t *j, const char *key, bool required, int64_t *out, int max, int *n,
		   struct err *e)
{
	json_t *a = json_object_get(j, key);
	if (!a) {
		if (required)
			return err_setf(e, ERR_INVALID, key, "缺少字段 %s", "%s is required", key);
		*n = -1;
		return 1;
	}
	if (!json_is_array(a) || (int)json_array_size(a) > max)
		return err_setf(e, ERR_INVALID, key, "%s 应为整数数组（最多 16 个）",
				"%s must be an array of at most 16 integers", key);
	*n = 0;
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return err_setf(e, ERR_INVALID, key, "%s 应为正整数数组", "%s must hold positive integers",
					key);
		out[(*n)++] = json_integer_value(v);
	}
	return 0;
}

static int get_double(json_t *j, const char *key, double min, double max, double *out, bool *has,
		      struct err *e)
{
	json_t *v = json_object_get(j, key);
	*has = false;
	if (!v || json_is_null(v))
		return 1;
	if (!json_is_number(v) || json_number_value(v) < min || json_number_value(v) > max)
		return err_setf(e, ERR_INVALID, key, "%s 应为 %g 到 %g 之间的数", "%s must be a number from %g to %g",
				key, min, max);
	*out = json_number_value(v);
	*has = true;
	return 0;
}

static int get_time(json_t *j, const char *key, int64_t *out, struct err *e)
{
	const char *s = NULL;
	int rc = jin_str(j, key, false, 0, 40, &s, e);
	if (rc < 0)
		return rc;
	if (!s || !*s)
		return 1;
	if (wtime_parse(s, out))
		return err_setf(e, ERR_INVALID, key, "%s 应为 ISO 8601 时间", "%s must be an ISO 8601 time", key);
	return 0;
}

static int get_phone(json_t *j, const char *key, const char **out, struct req *r)
{
	const char *s = NULL;
	int rc = jin_str(j, key, false, 0, 20, &s, &r->err);
	if (rc < 0)
		return rc;
	if (!s || !*s) {
		*out = NULL;
		return 1;
	}
	char buf[12];
	if ((rc = pii_mobile_normalize(s, strlen(s), buf, &r->err))) {
		snprintf(r->err.field, sizeof r->err.field, "%s", key);
		return rc;
	}
	*out = arena_strdup(r->arena, buf);
	return 0;
}

/* A service's contact phone: a mainland mobile (normalised to 11 digits) or
 * a landline with its area code, e.g. 0757-22201234 (0 + 2-3 digits, an
 * optional dash, 7-8 digits; kept as written). Empty = none (returns 1). */
static int get_service_phone(json_t *j, const char *key, const char **out, struct req *r)
{
	const char *s = NULL;
	int rc = jin_str(j, key, false, 0, 20, &s, &r->err);
	if (rc < 0)
		return rc;
	if (!s || !*s) {
		*out = NULL;
		return 1;
	}
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
		*out = s;
		return 0;
	}
	return get_phone(j, key, out, r);
}

static int parse_body(struct req *r, json_t **j)
{
	return jin_parse_object(r->body, r->body_len, j, &r->err);
}

static int id_and_body(struct req *r, int64_t *id, json_t **j)
{
	int rc = req_param_id(r, "id", id);
	return rc ? rc : parse_body(r, j);
}

/* ---------- terms ---------- */

static int h_terms(struct req *r)
{
	const char *all = req_query(r, "all");
	return xchg_terms_write(r->db, &r->jw, all && strcmp(all, "1") == 0, &r->err);
}

static int parse_term(json_t *j, struct xchg_term_in *in, bool create, struct err *e)
{
	static const char *const ck[] = {"parent_id", "code", "name", "name_en", "description",
					 "sort_order", "active", NULL};
	static const char *const uk[] = {"name", "name_en", "description", "sort_order", "active",
					 "version", NULL};
	int rc;
	if ((rc = jin_only(j, create ? ck : uk, e)))
		return rc;
	if (create && ((rc = jin_int(j, "parent_id", false, 1, INT64_MAX, &in->parent_id, e)) < 0 ||
		       (rc = jin_str(j, "code", true, 1, 64, &in->code, e)) < 0))
		return rc;
	if (!create && (rc = jin_int(j, "version", true, 1, INT64_MAX, &in->version, e)))
		return rc;
	if ((rc = jin_str(j, "name", create, 1, 32, &in->name, e)) < 0 ||
	    (rc = jin_str(j, "name_en", create, 1, 64, &in->name_en, e)) < 0 ||
	    (rc = jin_str(j, "description", false, 0, 500, &in->description, e)) < 0)
		return rc;
	if ((rc = jin_int(j, "sort_order", false, 0, 100000, &in->sort_order, e)) < 0)
		return rc;
	in->has_sort_order = rc == 0;
	if ((rc = jin_bool(j, "active", false, &in->active, e)) < 0)
		return rc;
	in->has_active = rc == 0;
	return 0;
}

static int h_term_create(struct req *r)
{
	json_t *j;
	int64_t id = 0;
	int rc = parse_body(r, &j);
	if (rc)
		return rc;
	struct xchg_term_in in = {0};
	if (!(rc = parse_term(j, &in, true, &r->err)) &&
	    !(rc = xchg_term_create(r->db, r->who, &in, r->now, &id, &r->err))) {
		r->status = 201;
		rc = xchg_term_write(r->db, &r->jw, id, &r->err);
	}
	json_decref(j);
	return rc;
}

static int h_term_update(struct req *r)
{
	json_t *j;
	int64_t id;
	int rc = id_and_body(r, &id, &j);
	if (rc)
		return rc;
	struct xchg_term_in in = {0};
	if (!(rc = parse_term(j, &in, false, &r->err)) &&
	    !(rc = xchg_term_update(r->db, r->who, id, &in, r->now, &r->err)))
		rc = xchg_term_write(r->db, &r->jw, id, &r->err);
	json_decref(j);
	return rc;
}

/* ---------- demands ---------- */

static const char *const kinds[] = {"need", "micro_wish", NULL};
static const char *const groups[] = {"general", "elderly", "children", "disabled", "hardship",
				     "new_resident", NULL};
static const char *const privacies[] = {"public", "private", NULL};
static const char *const recurrences[] = {"once", "weekly", "monthly", NULL};
static const char *const urgencies[] = {"low", "normal", "high", "urgent", NULL};

static int parse_demand(struct req *r, json_t *j, struct xchg_demand_in *in, bool create)
{
	static const char *const ck[] = {"region_id", "title", "description", "kind", "term_ids",
					 "beneficiary_name", "beneficiary_phone", "beneficiary_person_id",
					 "beneficiary_group", "privacy", "consent", "no_contact", "latitude",
					 "longitude", "address", "window_start", "window_end", "recurrence",
					 "schedule_mask", "people_needed", "skills", "urgency", NULL};
	static const char *const uk[] = {"title", "description", "term_ids", "beneficiary_group",
					 "privacy", "latitude", "longitude", "address", "window_start",
					 "window_end", "recurrence", "schedule_mask", "people_needed",
					 "skills", "urgency", "version", NULL};
	struct err *e = &r->err;
	int rc;
	bool hl = false, hn = false;
	if ((rc = jin_only(j, create ? ck : uk, e)))
		return rc;
	if (!create && (rc = jin_int(j, "version", true, 1, INT64_MAX, &in->version, e)))
		return rc;
	if (create && (rc = jin_int(j, "region_id", false, 1, INT64_MAX, &in->region_id, e)) < 0)
		return rc;
	if ((rc = jin_str(j, "title", create, 2, 100, &in->title, e)) < 0 ||
	    (rc = jin_str(j, "description", false, 0, 2000, &in->description, e)) < 0 ||
	    (rc = jin_str(j, "address", false, 0, 200, &in->address, e)) < 0 ||
	    (rc = jin_str(j, "skills", false, 0, 200, &in->skills, e)) < 0 ||
	    (rc = jin_enum(j, "beneficiary_group", false, groups, &in->beneficiary_group, e)) < 0 ||
	    (rc = jin_enum(j, "privacy", false, privacies, &in->privacy, e)) < 0 ||
	    (rc = jin_enum(j, "recurrence", false, recurrences, &in->recurrence, e)) < 0 ||
	    (rc = jin_enum(j, "urgency", false, urgencies, &in->urgency, e)) < 0)
		return rc;
	if ((rc = get_ids(j, "term_ids", create, in->term_ids, 16, &in->nterms, e)) < 0)
		return rc;
	if ((rc = get_double(j, "latitude", -90, 90, &in->latitude, &hl, e)) < 0 ||
	    (rc = get_double(j, "longitude", -180, 180, &in->longitude, &hn, e)) < 0)
		return rc;
	if (hl != hn)
		return err_set(e, ERR_INVALID, hl ? "longitude" : "latitude", "经纬度应同时提供",
			       "give both latitude and longitude");
	in->has_coords = hl;
	if ((rc = get_time(j, "window_start", &in->window_start, e)) < 0 ||
	    (rc = get_time(j, "window_end", &in->window_end, e)) < 0)
		return rc;
	if ((rc = jin_int(j, "schedule_mask", false, 0, (1 << 21) - 1, &in->schedule_mask, e)) < 0)
		return rc;
	in->has_schedule = rc == 0;
	if ((rc = jin_int(j, "people_needed", false, 1, 100, &in->people_needed, e)) < 0)
		return rc;
	if (create && rc == 1)
		in->people_needed = 1;
	if (!create)
		return 0;
	if ((rc = jin_enum(j, "kind", false, kinds, &in->kind, e)) < 0 ||
	    (rc = jin_str(j, "beneficiary_name", false, 0, 32, &in->beneficiary_name, e)) < 0 ||
	    (rc = get_phone(j, "beneficiary_phone", &in->beneficiary_phone, r)) < 0 ||
	    (rc = jin_int(j, "beneficiary_person_id", false, 1, INT64_MAX, &in->beneficiary_person_id, e)) < 0)
		return rc;
	if ((rc = jin_bool(j, "consent", false, &in->consent, e)) < 0 ||
	    (rc = jin_bool(j, "no_contact", false, &in->no_contact, e)) < 0)
		return rc;
	return 0;
}

static int h_demand_create(struct req *r)
{
	json_t *j;
	int64_t id = 0;
	int rc = parse_body(r, &j);
	if (rc)
		return rc;
	struct xchg_demand_in in = {0};
	if (!(rc = parse_demand(r, j, &in, true)) &&
	    !(rc = xchg_demand_create(r->db, r->who, &in, r->now, &id, &r->err))) {
		r->status = 201;
		rc = xchg_demand_write(r->db, r->who, &r->jw, id, r->now, &r->err);
	}
	json_decref(j);
	return rc;
}

static int h_demand_update(struct req *r)
{
	json_t *j;
	int64_t id;
	int rc = id_and_body(r, &id, &j);
	if (rc)
		return rc;
	struct xchg_demand_in in = {0};
	if (!(rc = parse_demand(r, j, &in, false)) &&
	    !(rc = xchg_demand_update(r->db, r->who, id, &in, r->now, &r->err)))
		rc = xchg_demand_write(r->db, r->who, &r->jw, id, r->now, &r->err);
	json_decref(j);
	return rc;
}

static int h_demand_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : xchg_demand_write(r->db, r->who, &r->jw, id, r->now, &r->err);
}

static int demands_list(struct req *r, bool mine)
{
	struct page pg;
	struct xchg_demand_filter f = {.mine = mine};
	int64_t total = 0;
	int rc;
	if ((rc = req_page(r, &pg)) ||
	    (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &f.region_id)) ||
	    (rc = req_query_int(r, "term_id", 0, 0, INT64_MAX, &f.term_id)))
		return rc;
	f.status = req_query(r, "status");
	if (f.status && !*f.status)
		f.status = NULL;
	f.q = req_query(r, "q");
	f.sort = req_query(r, "sort");
	f.cursor = req_query(r, "cursor");
	f.limit = pg.per_page;
	f.offset = pg.offset;
	struct list_result res = {0};
	f.res = &res;
	size_t mark = r->out.len;
	resp_list_begin(r);
	if ((rc = xchg_demands_list(r->db, r->who, &r->jw, &f, r->now, &total, &r->err))) {
		r->out.len = mark; /* the router renders the error instead */
		return rc;
	}
	resp_list_done(r, &res, &pg);
	return 0;
}

static int h_demands(struct req *r) { return demands_list(r, false); }
static int h_demands_mine(struct req *r) { return demands_list(r, true); }

static int h_demand_cancel(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (!rc)
		rc = xchg_demand_cancel(r->db, r->who, id, r->now, &r->err);
	return rc ? rc : xchg_demand_write(r->db, r->who, &r->jw, id, r->now, &r->err);
}

static int h_demand_consent(struct req *r)
{
	json_t *j;
	int64_t id;
	int rc = id_and_body(r, &id, &j);
	if (rc)
		return rc;
	static const char *const keys[] = {"consent", "no_contact", NULL};
	bool consent = false, no_contact = false;
	if (!(rc = jin_only(j, keys, &r->err)) &&
	    !(rc = jin_bool(j, "consent", true, &consent, &r->err)) &&
	    (rc = jin_bool(j, "no_contact", false, &no_contact, &r->err)) >= 0 &&
	    !(rc = xchg_demand_consent(r->db, r->who, id, consent, no_contact, r->now, &r->err)))
		rc = xchg_demand_write(r->db, r->who, &r->jw, id, r->now, &r->err);
	json_decref(j);
	return rc;
}

static int h_demand_reveal(struct req *r)
{
	json_t *j;
	int64_t id;
	int rc = id_and_body(r, &id, &j);
	if (rc)
		return rc;
	static const char *const keys[] = {"purpose", NULL};
	const char *purpose = NULL;
	if (!(rc = jin_only(j, keys, &r->err)) &&
	    !(rc = jin_str(j, "purpose", true, 2, 200, &purpose, &r->err)))
		rc = xchg_demand_reveal(r->db, r->who, id, purpose, r->now, &r->jw, &r->err);
	json_decref(j);
	return rc;
}

/* ---------- services ---------- */

static const char *const pkinds[] = {"organisation", "team", "enterprise", "professional", NULL};
static const char *const costs[] = {"free", "low_cost", "paid", NULL};
static const char *const sstatus[] = {"active", "paused", "withdrawn", NULL};

static int parse_service(struct req *r, json_t *j, struct xchg_service_in *in, bool create)
{
	static const char *const ck[] = {"region_id", "organisation_id", "team_id", "person_id",
					 "provider_kind", "name", "description", "latitude", "longitude",
					 "radius_m", "schedule_mask", "capacity_per_week", "skills",
					 "cost_kind", "price_fen", "contact_phone", "status", "term_ids",
					 "region_ids", NULL};
	static const char *const uk[] = {"name", "description", "latitude", "longitude", "radius_m",
					 "schedule_mask", "capacity_per_week", "skills", "cost_kind",
					 "price_fen", "contact_phone", "status", "term_ids", "region_ids",
					 "version", NULL};
	struct err *e = &r->err;
	int rc;
	bool hl = false, hn = false;
	if ((rc = jin_only(j, create ? ck : uk, e)))
		return rc;
	if (!create && (rc = jin_int(j, "version", true, 1, INT64_MAX, &in->version, e)))
		return rc;
	if (create && ((rc = jin_int(j, "region_id", false, 1, INT64_MAX, &in->region_id, e)) < 0 ||
		       (rc = jin_int(j, "organisation_id", false, 1, INT64_MAX, &in->organisation_id, e)) < 0 ||
		       (rc = jin_int(j, "team_id", false, 1, INT64_MAX, &in->team_id, e)) < 0 ||
		       (rc = jin_int(j, "person_id", false, 1, INT64_MAX, &in->person_id, e)) < 0 ||
		       (rc = jin_enum(j, "provider_kind", false, pkinds, &in->provider_kind, e)) < 0))
		return rc;
	if ((rc = jin_str(j, "name", create, 2, 100, &in->name, e)) < 0 ||
	    (rc = jin_str(j, "description", false, 0, 2000, &in->description, e)) < 0 ||
	    (rc = jin_str(j, "skills", false, 0, 200, &in->skills, e)) < 0 ||
	    (rc = jin_enum(j, "cost_kind", false, costs, &in->cost_kind, e)) < 0 ||
	    (rc = jin_enum(j, "status", false, sstatus, &in->status, e)) < 0 ||
	    (rc = get_service_phone(j, "contact_phone", &in->contact_phone, r)) < 0)
		return rc;
	if ((rc = get_double(j, "latitude", -90, 90, &in->latitude, &hl, e)) < 0 ||
	    (rc = get_double(j, "longitude", -180, 180, &in->longitude, &hn, e)) < 0)
		return rc;
	if (hl != hn)
		return err_set(e, ERR_INVALID, hl ? "longitude" : "latitude", "经纬度应同时提供",
			       "give both latitude and longitude");
	in->has_coords = hl;
	if ((rc = jin_int(j, "radius_m", false, 0, 100000, &in->radius_m, e)) < 0)
		return rc;
	in->has_radius = rc == 0;
	if ((rc = jin_int(j, "schedule_mask", false, 0, (1 << 21) - 1, &in->schedule_mask, e)) < 0)
		return rc;
	in->has_schedule = rc == 0;
	if ((rc = jin_int(j, "capacity_per_week", false, 0, 10000, &in->capacity_per_week, e)) < 0)
		return rc;
	in->has_capacity = rc == 0;
	if ((rc = jin_int(j, "price_fen", false, 0, 100000000, &in->price_fen, e)) < 0)
		return rc;
	in->has_price = rc == 0;
	if ((rc = get_ids(j, "term_ids", create, in->term_ids, 16, &in->nterms, e)) < 0 ||
	    (rc = get_ids(j, "region_ids", false, in->region_ids, 16, &in->nregions, e)) < 0)
		return rc;
	return 0;
}

static int h_service_create(struct req *r)
{
	json_t *j;
	int64_t id = 0;
	int rc = parse_body(r, &j);
	if (rc)
		return rc;
	struct xchg_service_in in = {0};
	if (!(rc = parse_service(r, j, &in, true)) &&
	    !(rc = xchg_service_create(r->db, r->who, &in, r->now, &id, &r->err))) {
		r->status = 201;
		rc = xchg_service_write(r->db, r->who, &r->jw, id, &r->err);
	}
	json_decref(j);
	return rc;
}

static int h_service_update(struct req *r)
{
	json_t *j;
	int64_t id;
	int rc = id_and_body(r, &id, &j);
	if (rc)
		return rc;
	struct xchg_service_in in = {0};
	if (!(rc = parse_service(r, j, &in, false)) &&
	    !(rc = xchg_service_update(r->db, r->who, id, &in, r->now, &r->err)))
		rc = xchg_service_write(r->db, r->who, &r->jw, id, &r->err);
	json_decref(j);
	return rc;
}

static int h_service_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : xchg_service_write(r->db, r->who, &r->jw, id, &r->err);
}

static int h_services(struct req *r)
{
	struct page pg;
	struct xchg_service_filter f = {0};
	int64_t total = 0;
	int rc;
	if ((rc = req_page(r, &pg)) ||
	    (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &f.region_id)) ||
	    (rc = req_query_int(r, "term_id", 0, 0, INT64_MAX, &f.term_id)))
		return rc;
	const char *mine = req_query(r, "mine");
	f.mine = (mine && strcmp(mine, "1") == 0) || !auth_has_role(r->who, XCHG_FIELD);
	f.status = req_query(r, "status");
	if (f.status && !*f.status)
		f.status = NULL;
	f.q = req_query(r, "q");
	f.sort = req_query(r, "sort");
	f.cursor = req_query(r, "cursor");
	f.limit = pg.per_page;
	f.offset = pg.offset;
	struct list_result res = {0};
	f.res = &res;
	size_t mark = r->out.len;
	resp_list_begin(r);
	if ((rc = xchg_services_list(r->db, r->who, &r->jw, &f, &total, &r->err))) {
		r->out.len = mark;
		return rc;
	}
	resp_list_done(r, &res, &pg);
	return 0;
}

/* ---------- provider accounts ---------- */

static int h_providers(struct req *r) { return xchg_providers_write(r->db, r->who, &r->jw, false, &r->err); }
static int h_providers_mine(struct req *r) { return xchg_providers_write(r->db, r->who, &r->jw, true, &r->err); }

static int h_provider_link(struct req *r)
{
	json_t *j;
	int rc = parse_body(r, &j);
	if (rc)
		return rc;
	static const char *const keys[] = {"user_id", "organisation_id", "team_id", "person_id", NULL};
	int64_t user = 0, org = 0, team = 0, person = 0, id = 0;
	if (!(rc = jin_only(j, keys, &r->err)) &&
	    !(rc = jin_int(j, "user_id", true, 1, INT64_MAX, &user, &r->err)) &&
	    (rc = jin_int(j, "organisation_id", false, 1, INT64_MAX, &org, &r->err)) >= 0 &&
	    (rc = jin_int(j, "team_id", false, 1, INT64_MAX, &team, &r->err)) >= 0 &&
	    (rc = jin_int(j, "person_id", false, 1, INT64_MAX, &person, &r->err)) >= 0 &&
	    !(rc = xchg_provider_link(r->db, r->who, user, org, team, person, r->now, &id, &r->err))) {
		r->status = 201;
		jw_obj(&r->jw);
		jw_kint(&r->jw, "id", id);
		jw_obj_end(&r->jw);
	}
	json_decref(j);
	return rc;
}

static int h_provider_unlink(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (rc || (rc = xchg_provider_unlink(r->db, r->who, id, r->now, &r->err)))
		return rc;
	jw_obj(&r->jw);
	jw_obj_end(&r->jw);
	return 0;
}

/* ---------- matching ---------- */

static int h_batch_run(struct req *r)
{
	json_t *j;
	int rc = parse_body(r, &j);
	if (rc)
		return rc;
	static const char *const keys[] = {"region_id", NULL};
	int64_t region = 0;
	struct xchg_batch_result res;
	if (!(rc = jin_only(j, keys, &r->err)) &&
	    !(rc = jin_int(j, "region_id", true, 1, INT64_MAX, &region, &r->err)) &&
	    !(rc = xchg_match_run(r->db, r->who, region, r->now, &res, &r->err))) {
		r->status = 201;
		/* The batch with its proposals (the board shows them at once). */
		jw_obj(&r->jw);
		jw_key(&r->jw, "batch");
		if ((rc = xchg_batch_write(r->db, r->who, &r->jw, res.batch_id, &r->err)))
			goto done;
		jw_key(&r->jw, "proposals");
		jw_arr(&r->jw);
		struct xchg_match_filter f = {.batch_id = res.batch_id, .limit = 100};
		int64_t total = 0;
		if ((rc = xchg_matches_list(r->db, r->who, &r->jw, &f, r->now, &total, &r->err)))
			goto done;
		jw_arr_end(&r->jw);
		jw_kint(&r->jw, "proposals_total", total);
		jw_obj_end(&r->jw);
	}
done:
	json_decref(j);
	return rc;
}

static int h_batches(struct req *r)
{
	struct page pg;
	int64_t region = 0, total = 0;
	int rc;
	if ((rc = req_page(r, &pg)) || (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region)))
		return rc;
	size_t mark = r->out.len;
	resp_list_begin(r);
	if ((rc = xchg_batches_list(r->db, r->who, &r->jw, region, pg.per_page, pg.offset, &total,
				    &r->err))) {
		r->out.len = mark;
		return rc;
	}
	resp_list_end(r, total, &pg);
	return 0;
}

static int h_batch_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : xchg_batch_write(r->db, r->who, &r->jw, id, &r->err);
}

static int h_matches(struct req *r)
{
	struct page pg;
	struct xchg_match_filter f = {0};
	int64_t total = 0;
	int rc;
	if ((rc = req_page(r, &pg)) ||
	    (rc = req_query_int(r, "batch_id", 0, 0, INT64_MAX, &f.batch_id)) ||
	    (rc = req_query_int(r, "demand_id", 0, 0, INT64_MAX, &f.demand_id)) ||
	    (rc = req_query_int(r, "service_id", 0, 0, INT64_MAX, &f.service_id)) ||
	    (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &f.region_id)))
		return rc;
	const char *mine = req_query(r, "mine"), *overdue = req_query(r, "overdue");
	f.mine = mine && strcmp(mine, "1") == 0;
	f.overdue = overdue && strcmp(overdue, "1") == 0;
	f.status = req_query(r, "status");
	f.group = req_query(r, "group");
	if (f.status && !*f.status)
		f.status = NULL;
	if (f.group && !*f.group)
		f.group = NULL;
	f.sort = req_query(r, "sort");
	f.cursor = req_query(r, "cursor");
	f.limit = pg.per_page;
	f.offset = pg.offset;
	struct list_result res = {0};
	f.res = &res;
	size_t mark = r->out.len;
	resp_list_begin(r);
	if ((rc = xchg_matches_list(r->db, r->who, &r->jw, &f, r->now, &total, &r->err))) {
		r->out.len = mark;
		return rc;
	}
	resp_list_done(r, &res, &pg);
	return 0;
}

static int h_match_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : xchg_match_write(r->db, r->who, &r->jw, id, r->now, &r->err);
}

static int act(struct req *r, enum xchg_action a)
{
	int64_t id;
	json_t *j = NULL;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	if (r->body_len && (rc = parse_body(r, &j)))
		return rc;
	if (!j)
		j = json_object();
	struct xchg_action_in in = {0};
	static const char *const base[] = {"version", NULL};
	static const char *const re[] = {"version", "service_id", NULL};
	static const char *const dc[] = {"version", "reason", NULL};
	static const char *const dl[] = {"version", "minutes", "note", NULL};
	static const char *const rt[] = {"version", "rating", "comment", NULL};
	const char *const *keys = a == XA_REASSIGN ? re
				  : a == XA_DECLINE || a == XA_CANCEL || a == XA_DISPUTE ? dc
				  : a == XA_DELIVER		      ? dl
				  : a == XA_RATE		      ? rt
								      : base;
	if ((rc = jin_only(j, keys, &r->err)) ||
	    (rc = jin_int(j, "version", false, 1, INT64_MAX, &in.version, &r->err)) < 0)
		goto done;
	switch (a) {
	case XA_REASSIGN:
		rc = jin_int(j, "service_id", true, 1, INT64_MAX, &in.service_id, &r->err);
		break;
	case XA_DECLINE:
		rc = jin_str(j, "reason", true, 2, 200, &in.reason, &r->err);
		break;
	case XA_CANCEL:
		rc = jin_str(j, "reason", false, 0, 200, &in.reason, &r->err);
		break;
	case XA_DISPUTE:
		rc = jin_str(j, "reason", true, 2, 500, &in.reason, &r->err);
		break;
	case XA_DELIVER:
		if ((rc = jin_int(j, "minutes", true, 1, 24 * 60 * 7, &in.minutes, &r->err)) == 0)
			rc = jin_str(j, "note", false, 0, 500, &in.note, &r->err);
		break;
	case XA_RATE:
		if ((rc = jin_int(j, "rating", true, 1, 5, &in.rating, &r->err)) == 0)
			rc = jin_str(j, "comment", false, 0, 500, &in.comment, &r->err);
		break;
	default:
		rc = 0;
	}
	if (rc < 0)
		goto done;
	if ((rc = xchg_match_act(r->db, r->who, id, a, &in, r->now, &r->err)))
		goto done;
	rc = xchg_match_write(r->db, r->who, &r->jw, id, r->now, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_alternatives(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : xchg_alternatives_write(r->db, r->who, &r->jw, id, &r->err);
}

static int h_confirm(struct req *r) { return act(r, XA_CONFIRM); }
static int h_reassign(struct req *r) { return act(r, XA_REASSIGN); }
static int h_accept(struct req *r) { return act(r, XA_ACCEPT); }
static int h_decline(struct req *r) { return act(r, XA_DECLINE); }
static int h_deliver(struct req *r) { return act(r, XA_DELIVER); }
static int h_bconfirm(struct req *r) { return act(r, XA_BCONFIRM); }
static int h_rate(struct req *r) { return act(r, XA_RATE); }
static int h_cancel(struct req *r) { return act(r, XA_CANCEL); }
static int h_dispute(struct req *r) { return act(r, XA_DISPUTE); }

static int h_overdue(struct req *r)
{
	struct page pg;
	int64_t region = 0;
	int rc;
	if ((rc = req_page(r, &pg)) || (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region)))
		return rc;
	return xchg_overdue_write(r->db, r->who, &r->jw, region, pg.per_page, pg.offset, r->now, &r->err);
}

#define PROV_OR_FIELD (XCHG_FIELD | XCHG_PROVIDER)
#define POSTERS (XCHG_FIELD | R(ROLE_RESIDENT))

const struct route exchange_routes[] = {
	{"GET", "/api/v1/terms", h_terms, ROLES_ANY, 0, "service taxonomy (two levels)"},
	{"POST", "/api/v1/terms", h_term_create, R(ROLE_DISTRICT_ADMIN), 0, "add a taxonomy term"},
	{"PATCH", "/api/v1/terms/{id}", h_term_update, R(ROLE_DISTRICT_ADMIN), 0, "edit a taxonomy term"},
	{"GET", "/api/v1/demands/mine", h_demands_mine, ROLES_ANY, 0, "demands I posted or benefit from"},
	{"GET", "/api/v1/demands", h_demands, XCHG_FIELD, 0, "demands in scope, filter/sort/page"},
	{"POST", "/api/v1/demands", h_demand_create, POSTERS, 0, "post a demand (需求/微心愿)"},
	{"GET", "/api/v1/demands/{id}", h_demand_get, ROLES_ANY, 0, "one demand with its matches"},
	{"PATCH", "/api/v1/demands/{id}", h_demand_update, POSTERS, 0, "edit an open demand (needs version)"},
	{"POST", "/api/v1/demands/{id}/cancel", h_demand_cancel, POSTERS, 0, "withdraw a demand"},
	{"POST", "/api/v1/demands/{id}/consent", h_demand_consent, ROLES_ANY, 0, "beneficiary consent, no-contact wish"},
	{"POST", "/api/v1/demands/{id}/reveal", h_demand_reveal, XCHG_STAFF | XCHG_PROVIDER, 0, "beneficiary's full contact for a stated purpose (audited)"},
	{"GET", "/api/v1/services", h_services, PROV_OR_FIELD, 0, "services in scope or mine"},
	{"POST", "/api/v1/services", h_service_create, XCHG_STAFF | XCHG_PROVIDER, 0, "offer a service"},
	{"GET", "/api/v1/services/{id}", h_service_get, PROV_OR_FIELD, 0, "one service"},
	{"PATCH", "/api/v1/services/{id}", h_service_update, XCHG_STAFF | XCHG_PROVIDER, 0, "edit a service (needs version)"},
	{"GET", "/api/v1/provider-accounts/mine", h_providers_mine, ROLES_ANY, 0, "providers I act for"},
	{"GET", "/api/v1/provider-accounts", h_providers, XCHG_STAFF, 0, "provider links in scope"},
	{"POST", "/api/v1/provider-accounts", h_provider_link, XCHG_STAFF, 0, "link a user to a provider"},
	{"DELETE", "/api/v1/provider-accounts/{id}", h_provider_unlink, XCHG_STAFF, 0, "remove a provider link"},
	{"POST", "/api/v1/match-batches", h_batch_run, XCHG_STAFF, 0, "run optimal matching for a region"},
	{"GET", "/api/v1/match-batches", h_batches, XCHG_FIELD, 0, "matching runs in scope"},
	{"GET", "/api/v1/match-batches/{id}", h_batch_get, XCHG_FIELD, 0, "one run with unmatched reasons"},
	{"GET", "/api/v1/matches", h_matches, ROLES_ANY, 0, "matches in scope, of my services or my demands"},
	{"GET", "/api/v1/matches/{id}", h_match_get, ROLES_ANY, 0, "one match with cost breakdown"},
	{"GET", "/api/v1/matches/{id}/alternatives", h_alternatives, XCHG_STAFF, 0, "feasible services to reassign to"},
	{"POST", "/api/v1/matches/{id}/confirm", h_confirm, XCHG_STAFF, 0, "staff confirm a proposal"},
	{"POST", "/api/v1/matches/{id}/reassign", h_reassign, XCHG_STAFF, 0, "change to another feasible service"},
	{"POST", "/api/v1/matches/{id}/accept", h_accept, XCHG_PROVIDER, 0, "provider accepts"},
	{"POST", "/api/v1/matches/{id}/decline", h_decline, XCHG_PROVIDER, 0, "provider declines (re-opens the demand)"},
	{"POST", "/api/v1/matches/{id}/deliver", h_deliver, XCHG_PROVIDER, 0, "provider records delivery (minutes)"},
	{"POST", "/api/v1/matches/{id}/beneficiary-confirm", h_bconfirm, ROLES_ANY, 0, "beneficiary or staff confirm delivery"},
	{"POST", "/api/v1/matches/{id}/rate", h_rate, ROLES_ANY, 0, "rate a confirmed service 1–5"},
	{"POST", "/api/v1/matches/{id}/cancel", h_cancel, XCHG_STAFF, 0, "staff cancel a match (also a disputed one)"},
	{"POST", "/api/v1/matches/{id}/dispute", h_dispute, ROLES_ANY, 0, "beneficiary or staff dispute a delivery, with a reason"},
	{"GET", "/api/v1/exchange/overdue", h_overdue, XCHG_FIELD, 0, "overdue steps with town roll-up"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
