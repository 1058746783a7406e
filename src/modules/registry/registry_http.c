/*
 * registry_http.c — /api/v1/people, /organisations, /teams, /facilities:
 * lists with filters (and their CSV/XLSX exports with the same filters),
 * detail with history, create, PATCH with version, delete; a person's
 * reveal, verify and unverify; team members; facility rooms.
 *
 * Handlers parse and validate, call registry logic (which checks the
 * region scope and audits) and write JSON. Exports go through
 * core/tabular.h with the same columns as the JSON lists, so a mask that
 * holds for the list holds for the file.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/fields.h"
#include "core/jsonin.h"
#include "core/pii.h"
#include "core/tabular.h"
#include "core/wtime.h"
#include "http/http.h"
#include "http/res_routes.h"
#include "http/resource.h"
#include "modules/privacy/reveal.h"
#include "modules/registry/registry.h"
#include "modules/registry/registry_http.h"
#include "store/list.h"
#include "store/store.h"

/* ---------- small parsing helpers ---------- */

static const char *qs(struct req *r, const char *name)
{
	const char *v = req_query(r, name);
	return v && *v ? v : NULL;
}

/* ?flag=true|false|1|0 → 1/0, absent → -1. */
static int q_bool(struct req *r, const char *name, int *out)
{
	const char *v = qs(r, name);
	*out = -1;
	if (!v)
		return 0;
	if (!strcmp(v, "true") || !strcmp(v, "1"))
		*out = 1;
	else if (!strcmp(v, "false") || !strcmp(v, "0"))
		*out = 0;
	else
		return err_setf(&r->err, ERR_INVALID, name, "参数 %s 应为 true 或 false",
				"parameter %s must be true or false", name);
	return 0;
}

/* An optional text field: a blank value means "clear", like null, so
 * the logic sees NULL (with its has_ flag set). The limits are the
 * jsonin.h rules, so the errors read as every other field's. */
static int opt_text(json_t *v, const char *key, size_t max, void *dst, struct arena *a,
		    struct err *e)
{
	json_t *o = json_object();
	const char *s = NULL;
	json_object_set(o, key, v);
	int rc = jin_str(o, key, false, 0, max, &s, e);
	*(const char **)dst = rc == 0 && *s ? arena_strdup(a, s) : NULL;
	json_decref(o);
	return rc < 0 ? rc : 0;
}

#define TEXT_READER(n)                                                                         \
	static int text##n(json_t *v, const char *key, void *dst, struct arena *a, struct err *e) \
	{                                                                                         \
		return opt_text(v, key, n, dst, a, e);                                            \
	}
TEXT_READER(16)
TEXT_READER(32)
TEXT_READER(64)
TEXT_READER(100)
TEXT_READER(200)
TEXT_READER(1000)
TEXT_READER(2000)

/* An optional number (struct registry_number); null keeps the stored value. */
static int number(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	(void)a;
	struct registry_number *n = dst;
	if (!json_is_number(v))
		return err_setf(e, ERR_INVALID, key, "字段 %s 应为数字", "field %s must be a number", key);
	n->v = json_number_value(v);
	n->has = true;
	return 0;
}

/* A text field that may be cleared, and a bool with its has_ flag. */
#define TEXT(st, m, n) FLD_CUSTOM_HAS(st, m, has_##m, 0, text##n)
#define NUMBER(st, m) FLD_CUSTOM(st, m, 0, number)
#define BOOL_HAS(key, st, m, has) \
	{key, FT_BOOL, 0, offsetof(st, m), (ptrdiff_t)offsetof(st, has), 0, 0, NULL, NULL}
#define ID_HAS(st, m) FLD_INT_HAS(st, m, has_##m, 0, 1, INT64_MAX)
#define VERSION(st) FLD_INT(st, version, FLD_REQ_UPDATE, 1, INT64_MAX)
#define REGION(st) FLD_INT(st, region_id, FLD_REQ_CREATE, 1, INT64_MAX)

/* ---------- list and export sinks ---------- */

static int json_row(void *ctx, const struct registry_col *cols, int ncols, struct stmt *st,
		    struct err *e)
{
	(void)e;
	struct req *r = ctx;
	jw_obj(&r->jw);
	registry_row_json(&r->jw, cols, ncols, st);
	jw_obj_end(&r->jw);
	return 0;
}

typedef int (*list_fn)(struct req *r, const struct list_req *lr, registry_row_fn fn, void *ctx,
		       struct list_result *res);

/* The list envelope of store/list.h, plus total_capped: the registry's
 * earlier name for total_is_estimate, which the UI reads. */
static int run_json_list(struct req *r, list_fn list)
{
	struct list_req lr = {0};
	struct list_result res = {0};
	int rc = req_list(r, &lr);
	if (rc)
		return rc;
	resp_list_begin(r);
	if ((rc = list(r, &lr, json_row, r, &res)))
		return rc; /* the router renders the error instead */
	jw_arr_end(&r->jw);
	jw_kint(&r->jw, "total", res.total);
	jw_kbool(&r->jw, "total_is_estimate", res.total_is_estimate);
	jw_kbool(&r->jw, "total_capped", res.total_is_estimate);
	jw_kstr(&r->jw, "next_cursor", res.next_cursor);
	jw_kint(&r->jw, "page", lr.page);
	jw_kint(&r->jw, "per_page", lr.per_page);
	jw_obj_end(&r->jw);
	list_result_free(&res);
	return 0;
}

struct export_ctx {
	struct tab_writer *w;
	int64_t rows;
	bool header_done;
};

static int export_row(void *ctx, const struct registry_col *cols, int ncols, struct stmt *st,
		      struct err *e)
{
	struct export_ctx *x = ctx;
	struct tab_cell cells[64];
	struct sb bufs[64];
	int n = 0, rc;
	if (!x->header_done) {
		const char *hdr[64];
		for (int i = 0; i < ncols && n < 64; i++)
			if (cols[i].kind != RC_HIDDEN)
				hdr[n++] = cols[i].header;
		if ((rc = tab_writer_row(x->w, hdr, n, e)))
			return rc;
		x->header_done = true;
		n = 0;
	}
	if (++x->rows > REGISTRY_EXPORT_MAX)
		return err_setf(e, ERR_RULE, "", "导出行数超过 %d，请缩小筛选范围",
				"more than %d rows to export; narrow the filters", REGISTRY_EXPORT_MAX);
	for (int i = 0; i < ncols && n < 64; i++) {
		const struct registry_col *c = &cols[i];
		if (c->kind == RC_HIDDEN)
			continue;
		struct tab_cell *cell = &cells[n];
		struct sb *b = &bufs[n];
		*b = (struct sb)SB_INIT;
		memset(cell, 0, sizeof *cell);
		n++;
		if (col_null(st, i)) {
			if (c->kind == RC_BOOL) {
				cell->kind = TAB_CELL_TEXT;
				cell->text = "否";
			}
			continue;
		}
		switch (c->kind) {
		case RC_INT:
			cell->kind = TAB_CELL_INT;
			cell->integer = col_int(st, i);
			break;
		case RC_DOUBLE:
			cell->kind = TAB_CELL_NUMBER;
			cell->number = col_double(st, i);
			break;
		case RC_BOOL:
			cell->kind = TAB_CELL_TEXT;
			cell->text = col_int(st, i) ? "是" : "否";
			break;
		case RC_TIME: {
			char t[40];
			wtime_format(col_int(st, i), t, sizeof t);
			sb_adds(b, t);
			cell->kind = TAB_CELL_TEXT;
			cell->text = sb_str(b);
			break;
		}
		case RC_ID_MASK:
			pii_mask_id(b, col_text(st, i), strlen(col_text(st, i)));
			cell->kind = TAB_CELL_TEXT;
			cell->text = sb_str(b);
			break;
		case RC_MOBILE_MASK:
			pii_mask_mobile(b, col_text(st, i), strlen(col_text(st, i)));
			cell->kind = TAB_CELL_TEXT;
			cell->text = sb_str(b);
			break;
		default:
			sb_adds(b, col_text(st, i));
			cell->kind = TAB_CELL_TEXT;
			cell->text = sb_str(b);
			break;
		}
	}
	rc = tab_writer_row_cells(x->w, cells, n, e);
	for (int i = 0; i < n; i++)
		sb_free(&bufs[i]);
	return rc;
}

static int run_export(struct req *r, list_fn list, const struct registry_col *cols, int ncols,
		      const char *basename)
{
	const char *fmt = qs(r, "format");
	enum tab_format tf;
	if (!fmt || !strcmp(fmt, "csv"))
		tf = TAB_CSV;
	else if (!strcmp(fmt, "xlsx"))
		tf = TAB_XLSX;
	else
		return err_set(&r->err, ERR_INVALID, "format", "导出格式应为 csv 或 xlsx",
			       "format must be csv or xlsx");
	struct export_ctx x = {0};
	x.w = tab_writer_new(tf, &r->err);
	if (!x.w)
		return r->err.code;
	struct list_req lr = {.per_page = LIST_ALL, .sort = req_query(r, "sort")};
	struct list_result res = {0};
	int rc = list(r, &lr, export_row, &x, &res);
	list_result_free(&res);
	if (!rc && !x.header_done) {
		/* No rows: still a file with its header. */
		const char *hdr[64];
		int n = 0;
		for (int i = 0; i < ncols && n < 64; i++)
			if (cols[i].kind != RC_HIDDEN)
				hdr[n++] = cols[i].header;
		rc = tab_writer_row(x.w, hdr, n, &r->err);
	}
	char *buf = NULL;
	size_t len = 0;
	if (!rc)
		rc = tab_writer_finish(x.w, &buf, &len, &r->err);
	tab_writer_free(x.w);
	if (rc) {
		free(buf);
		return rc;
	}
	sb_reset(&r->out);
	sb_add(&r->out, buf, len);
	free(buf);
	char day[16];
	wtime_format_date(r->now, day, sizeof day);
	r->content_type = tf == TAB_CSV ? "text/csv; charset=utf-8"
					: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	r->download_name = arena_printf(r->arena, "%s-%s.%s", basename, day, tf == TAB_CSV ? "csv" : "xlsx");
	return 0;
}

/* A registry list's two handlers, h_<name>_list (the JSON page) and
 * h_<name>_export (CSV or XLSX of the same filters), over list and the
 * columns kind##_cols / kind##_ncols. */
#define LIST_HANDLERS(name, list, kind, basename)                                                  \
	static int h_##name##_list(struct req *r) { return run_json_list(r, list); }                  \
	static int h_##name##_export(struct req *r)                                                   \
	{                                                                                             \
		return run_export(r, list, kind##_cols, kind##_ncols, basename);                      \
	}

/* ---------- people ---------- */

static int people_filter(struct req *r, struct registry_people_filter *f)
{
	int rc;
	registry_people_filter_init(f);
	if ((rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &f->region_id)))
		return rc;
	f->q = qs(r, "q");
	f->household = qs(r, "household");
	f->sw_level = qs(r, "sw_level");
	f->status = qs(r, "status");
	for (int i = 0; i < PF__COUNT; i++)
		if ((rc = q_bool(r, registry_person_flag_keys[i], &f->flag[i])))
			return rc;
	return q_bool(r, "verified", &f->verified);
}

static int people_list(struct req *r, const struct list_req *lr, registry_row_fn fn, void *ctx,
		       struct list_result *res)
{
	struct registry_people_filter f;
	int rc = people_filter(r, &f);
	if (rc)
		return rc;
	return registry_people_list(&r->cx, &f, lr, fn, ctx, res);
}

LIST_HANDLERS(people, people_list, registry_person, "people")

/* The person's create and update body. Every optional text may be
 * cleared with null or ""; the flags set their has_flag. */
#define PERSON_FLAG(key, i) BOOL_HAS(key, struct registry_person_in, flags[i], has_flag[i])
static const struct field person_fields[] = {
	VERSION(struct registry_person_in),
	REGION(struct registry_person_in),
	FLD_STR(struct registry_person_in, name, FLD_REQ_CREATE, 1, 64),
	TEXT(struct registry_person_in, id_number, 32),
	TEXT(struct registry_person_in, mobile, 32),
	TEXT(struct registry_person_in, gender, 16),
	TEXT(struct registry_person_in, birth_date, 16),
	TEXT(struct registry_person_in, address, 200),
	TEXT(struct registry_person_in, sw_level, 32),
	TEXT(struct registry_person_in, note, 1000),
	ID_HAS(struct registry_person_in, user_id),
	FLD_ENUM(struct registry_person_in, household, 0, registry_households),
	FLD_ENUM(struct registry_person_in, status, 0, registry_person_statuses),
	PERSON_FLAG("is_resident", PF_RESIDENT),
	PERSON_FLAG("is_community_worker", PF_COMMUNITY_WORKER),
	PERSON_FLAG("is_social_worker", PF_SOCIAL_WORKER),
	PERSON_FLAG("is_volunteer", PF_VOLUNTEER),
	PERSON_FLAG("is_building_leader", PF_BUILDING_LEADER),
	PERSON_FLAG("is_party_member", PF_PARTY_MEMBER),
	FLD_END,
};

/* A new person carries no version (a copied record would otherwise look
 * like an edit). */
static int person_create(struct ctx *c, const void *in, int64_t *id)
{
	if (((const struct registry_person_in *)in)->version)
		return err_set(c->e, ERR_INVALID, "version", "新建时不能指定版本",
			       "version is not allowed on create");
	return registry_person_create(c, in, id);
}

static const struct resource person_res = {
	.in_size = sizeof(struct registry_person_in),
	.create = person_create, .update = registry_person_update,
	.remove = registry_person_delete, .write = registry_person_write,
};

static const struct field verify_fields[] = {
	FLD_ENUM(struct registry_verify_in, method, FLD_REQ, registry_verify_methods),
	FLD_STR(struct registry_verify_in, note, 0, 0, 500),
	FLD_END,
};
static const struct field unverify_fields[] = {
	FLD_STR(struct registry_unverify_in, reason, FLD_REQ, 2, 500),
	FLD_END,
};

/* The answer is the full values, not the record: a shape of its own. */
static int h_people_reveal(struct req *r)
{
	int64_t id;
	struct reveal_in in;
	int rc = reveal_req(r, &id, &in);
	return rc ? rc : registry_person_reveal(&r->cx, id, in.purpose, &r->jw);
}

/* ---------- organisations ---------- */

static int orgs_list(struct req *r, const struct list_req *lr, registry_row_fn fn, void *ctx,
		     struct list_result *res)
{
	struct registry_org_filter f = {0};
	int rc;
	if ((rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &f.region_id)) ||
	    (rc = req_query_int(r, "ledger_community_id", 0, 0, INT64_MAX, &f.ledger_community_id)))
		return rc;
	f.q = qs(r, "q");
	f.org_type = qs(r, "org_type");
	f.domain = qs(r, "domain");
	f.registration = qs(r, "registration");
	f.incubation_stage = qs(r, "incubation_stage");
	f.status = qs(r, "status");
	return registry_orgs_list(&r->cx, &f, lr, fn, ctx, res);
}

LIST_HANDLERS(orgs, orgs_list, registry_org, "organisations")

static const struct field org_fields[] = {
	VERSION(struct registry_org_in),
	REGION(struct registry_org_in),
	FLD_STR(struct registry_org_in, name, FLD_REQ_CREATE, 1, 100),
	FLD_ENUM(struct registry_org_in, org_type, FLD_REQ_CREATE, registry_org_types),
	FLD_ENUM(struct registry_org_in, domain, 0, registry_domains),
	FLD_ENUM(struct registry_org_in, registration, 0, registry_registrations),
	FLD_ENUM(struct registry_org_in, status, 0, registry_org_statuses),
	TEXT(struct registry_org_in, credit_code, 32),
	TEXT(struct registry_org_in, incubation_stage, 32),
	TEXT(struct registry_org_in, contact_name, 64),
	TEXT(struct registry_org_in, contact_mobile, 32),
	TEXT(struct registry_org_in, address, 200),
	TEXT(struct registry_org_in, website, 200),
	TEXT(struct registry_org_in, email, 100),
	TEXT(struct registry_org_in, description, 2000),
	TEXT(struct registry_org_in, founded_on, 16),
	ID_HAS(struct registry_org_in, filed_town_id),
	ID_HAS(struct registry_org_in, ledger_community_id),
	NUMBER(struct registry_org_in, latitude),
	NUMBER(struct registry_org_in, longitude),
	FLD_END,
};

static const struct resource org_res = {
	.in_size = sizeof(struct registry_org_in),
	.create = registry_org_create, .update = registry_org_update,
	.remove = registry_org_delete, .write = registry_org_write,
};

/* ---------- teams ---------- */

static int teams_list(struct req *r, const struct list_req *lr, registry_row_fn fn, void *ctx,
		      struct list_result *res)
{
	struct registry_team_filter f = {0};
	int rc;
	if ((rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &f.region_id)) ||
	    (rc = req_query_int(r, "parent_id", 0, 0, INT64_MAX, &f.parent_id)) ||
	    (rc = q_bool(r, "is_general", &f.is_general)))
		return rc;
	f.q = qs(r, "q");
	f.domain = qs(r, "domain");
	f.status = qs(r, "status");
	return registry_teams_list(&r->cx, &f, lr, fn, ctx, res);
}

LIST_HANDLERS(teams, teams_list, registry_team, "teams")

static int h_teams_tree(struct req *r)
{
	int64_t region;
	int rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region);
	return rc ? rc : registry_team_tree(r->db, r->who, &r->jw, region, &r->err);
}

static const struct field team_fields[] = {
	VERSION(struct registry_team_in),
	REGION(struct registry_team_in),
	FLD_STR(struct registry_team_in, name, FLD_REQ_CREATE, 1, 64),
	FLD_ENUM(struct registry_team_in, domain, 0, registry_domains),
	FLD_ENUM(struct registry_team_in, status, 0, registry_team_statuses),
	BOOL_HAS("is_general", struct registry_team_in, is_general, has_is_general),
	ID_HAS(struct registry_team_in, parent_id),
	ID_HAS(struct registry_team_in, organisation_id),
	TEXT(struct registry_team_in, description, 2000),
	FLD_END,
};

static const struct resource team_res = {
	.in_size = sizeof(struct registry_team_in),
	.create = registry_team_create, .update = registry_team_update,
	.remove = registry_team_delete, .write = registry_team_write,
};

static const struct field member_fields[] = {
	FLD_INT(struct registry_team_member_in, person_id, FLD_REQ, 1, INT64_MAX),
	FLD_ENUM(struct registry_team_member_in, role, 0, registry_team_roles),
	FLD_END,
};

static int h_team_member_remove(struct req *r)
{
	int64_t id, person;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_param_id(r, "person_id", &person)) ||
	    (rc = registry_team_member_remove(&r->cx, id, person)))
		return rc;
	return registry_team_write(&r->cx, &r->jw, id);
}

/* ---------- facilities ---------- */

static int facilities_list(struct req *r, const struct list_req *lr, registry_row_fn fn, void *ctx,
			   struct list_result *res)
{
	struct registry_facility_filter f = {0};
	int rc;
	if ((rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &f.region_id)))
		return rc;
	f.q = qs(r, "q");
	f.kind = qs(r, "kind");
	f.status = qs(r, "status");
	return registry_facilities_list(&r->cx, &f, lr, fn, ctx, res);
}

LIST_HANDLERS(fac, facilities_list, registry_facility, "facilities")

static const struct field facility_fields[] = {
	VERSION(struct registry_facility_in),
	REGION(struct registry_facility_in),
	FLD_STR(struct registry_facility_in, name, FLD_REQ_CREATE, 1, 100),
	FLD_ENUM(struct registry_facility_in, kind, FLD_REQ_CREATE, registry_facility_kinds),
	FLD_ENUM(struct registry_facility_in, status, 0, registry_facility_statuses),
	FLD_INT_HAS(struct registry_facility_in, area_m2, has_area_m2, 0, 0, 10000000),
	TEXT(struct registry_facility_in, address, 200),
	TEXT(struct registry_facility_in, opening_hours, 200),
	NUMBER(struct registry_facility_in, latitude),
	NUMBER(struct registry_facility_in, longitude),
	FLD_END,
};

static const struct resource facility_res = {
	.in_size = sizeof(struct registry_facility_in),
	.create = registry_facility_create, .update = registry_facility_update,
	.remove = registry_facility_delete, .write = registry_facility_write,
};

static const struct field room_fields[] = {
	FLD_STR(struct registry_room_in, name, FLD_REQ_CREATE, 1, 64),
	FLD_INT_HAS(struct registry_room_in, capacity, has_capacity, 0, 0, 100000),
	FLD_INT_HAS(struct registry_room_in, area_m2, has_area_m2, 0, 0, 10000000),
	FLD_END,
};

/* Rooms live under their facility ({id}, {room_id}); every answer is the
 * facility without its history. */
static int h_room(struct req *r)
{
	int64_t id, room = 0;
	struct registry_room_in in = {0};
	int rc = req_param_id(r, "id", &id);
	if (!rc && req_param(r, "room_id"))
		rc = req_param_id(r, "room_id", &room);
	if (!rc && r->route->body)
		rc = req_body(r, &in);
	if (rc)
		return rc;
	if (!room)
		rc = registry_room_create(&r->cx, id, &in, &room);
	else if (r->route->body)
		rc = registry_room_update(&r->cx, id, room, &in);
	else
		rc = registry_room_delete(&r->cx, id, room);
	if (rc)
		return rc;
	if (!strcmp(r->method, "POST"))
		r->status = 201;
	return registry_facility_write_json(r->db, r->who, &r->jw, id, false, &r->err);
}

#define READ REGISTRY_READ_ROLES
#define EDIT REGISTRY_EDIT_ROLES
#define ORG_READ (REGISTRY_READ_ROLES | R(ROLE_ORG_ADMIN))
#define C FIELDS_CREATE
#define U FIELDS_UPDATE

const struct route registry_routes[] = {
	{"GET", "/api/v1/people/export", h_people_export, READ, 0, "people as CSV/XLSX (masked), same filters as the list"},
	{"GET", "/api/v1/people", h_people_list, READ, 0, "people in scope: filters, search, sort, page (masked)"},
	RES_ROUTES_CREATE_GET("/api/v1/people", &person_res, person_fields, EDIT, "register a person", READ, "one person (masked) with history"),
	RES_ROUTE_UPDATE("/api/v1/people", &person_res, person_fields, EDIT, "edit a person (needs version)"),
	RES_ROUTE_DELETE("/api/v1/people", &person_res, EDIT, "delete an unreferenced person"),
	{"POST", "/api/v1/people/{id}/reveal", h_people_reveal, REGISTRY_REVEAL_ROLES, 0, "full ID number and mobile for a stated purpose (audited)", reveal_fields, C},
	{"POST", "/api/v1/people/{id}/verify", res_action, EDIT, 0, "verify a resident (household roll, residence permit, in person)", verify_fields, C, &person_res, .act = registry_person_verify},
	{"POST", "/api/v1/people/{id}/unverify", res_action, EDIT, 0, "withdraw a verification with a reason", unverify_fields, C, &person_res, .act = registry_person_unverify},
	{"GET", "/api/v1/organisations/export", h_orgs_export, ORG_READ, 0, "organisations as CSV/XLSX"},
	{"GET", "/api/v1/organisations", h_orgs_list, ORG_READ, 0, "organisations in scope: filters, sort, page"},
	RES_ROUTES_CREATE_GET("/api/v1/organisations", &org_res, org_fields, EDIT, "register an organisation", ORG_READ, "one organisation with history"),
	RES_ROUTE_UPDATE("/api/v1/organisations", &org_res, org_fields, EDIT, "edit an organisation (needs version)"),
	RES_ROUTE_DELETE("/api/v1/organisations", &org_res, EDIT, "delete an unreferenced organisation"),
	{"GET", "/api/v1/teams/tree", h_teams_tree, READ, 0, "general teams with their teams"},
	{"GET", "/api/v1/teams/export", h_teams_export, READ, 0, "teams as CSV/XLSX"},
	{"GET", "/api/v1/teams", h_teams_list, READ, 0, "volunteer teams in scope"},
	RES_ROUTES_CREATE_GET("/api/v1/teams", &team_res, team_fields, EDIT, "create a team or general team", READ, "one team with members and history"),
	RES_ROUTE_UPDATE("/api/v1/teams", &team_res, team_fields, EDIT, "edit a team (needs version)"),
	RES_ROUTE_DELETE("/api/v1/teams", &team_res, EDIT, "delete a team without sub-teams"),
	{"POST", "/api/v1/teams/{id}/members", res_action, EDIT, 0, "add a member or change a role (leader/member)", member_fields, C, &team_res, .act = registry_team_member_set},
	{"DELETE", "/api/v1/teams/{id}/members/{person_id}", h_team_member_remove, EDIT, 0, "remove a member"},
	{"GET", "/api/v1/facilities/export", h_fac_export, READ, 0, "facilities as CSV/XLSX"},
	{"GET", "/api/v1/facilities", h_fac_list, READ, 0, "facilities in scope"},
	RES_ROUTES_CREATE_GET("/api/v1/facilities", &facility_res, facility_fields, EDIT, "register a facility", READ, "one facility with rooms and history"),
	RES_ROUTE_UPDATE("/api/v1/facilities", &facility_res, facility_fields, EDIT, "edit a facility (needs version)"),
	RES_ROUTE_DELETE("/api/v1/facilities", &facility_res, EDIT, "delete a facility"),
	{"POST", "/api/v1/facilities/{id}/rooms", h_room, EDIT, 0, "add a room", room_fields, C},
	{"PATCH", "/api/v1/facilities/{id}/rooms/{room_id}", h_room, EDIT, 0, "edit a room", room_fields, U},
	{"DELETE", "/api/v1/facilities/{id}/rooms/{room_id}", h_room, EDIT, 0, "remove a room"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
