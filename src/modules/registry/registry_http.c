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
#include "core/export.h"
#include "http/export_http.h"
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

/* An export's row: the row as the list's JSON item (row_json masks it as
 * the list does), handed to the export (core/export.h). */
struct row_export {
	struct export *x;
	struct sb buf;
};

static int export_row(void *ctx, const struct registry_col *cols, int ncols, struct stmt *st,
		      struct err *e)
{
	struct row_export *re = ctx;
	struct jw w;
	sb_reset(&re->buf);
	jw_init(&w, &re->buf);
	jw_obj(&w);
	registry_row_json(&w, cols, ncols, st);
	jw_obj_end(&w);
	return export_items_json(re->x, re->buf.buf, re->buf.len, e);
}

/* Every row of the list with the request's filters, in its sort. */
static int run_export(struct req *r, struct export *x, list_fn list)
{
	struct list_req lr = {.per_page = LIST_ALL, .sort = req_query(r, "sort")};
	struct list_result res = {0};
	struct row_export re = {x, SB_INIT};
	int rc = list(r, &lr, export_row, &re, &res);
	list_result_free(&res);
	sb_free(&re.buf);
	return rc;
}

/* A registry list's two handlers, h_<name>_list (the JSON page) and
 * h_<name>_export (CSV or XLSX of the same filters, http/export_http.h),
 * over list and the export's columns <name>_cols. */
#define LIST_HANDLERS(name, list, basename)                                                        \
	static int h_##name##_list(struct req *r) { return run_json_list(r, list); }                  \
	static int name##_fill(struct req *r, struct export *x) { return run_export(r, x, list); }    \
	static const struct export_spec name##_export = {basename, name##_cols};                      \
	static int h_##name##_export(struct req *r) { return export_run(r, &name##_export, name##_fill); }

/* The exports' columns: the lists' columns (registry_*_cols) with their
 * headers in both languages, coded values labelled and times as
 * YYYY-MM-DD HH:mm. */
#define X_HEAD(zh, en)                                                                             \
	{"id", "编号", "ID", EXPORT_INT}, {"region_id", "区域编号", "Region ID", EXPORT_INT},       \
		{"region_name", zh, en, EXPORT_TEXT}
#define X_TAIL                                                                                     \
	{"version", "版本", "Version", EXPORT_INT}, {"created_at", "创建时间", "Created", EXPORT_TIME}, \
		{"updated_at", "更新时间", "Updated", EXPORT_TIME}, EXPORT_END
#define X_TEXT(key, zh, en) {key, zh, en, EXPORT_TEXT}
#define X_INT(key, zh, en) {key, zh, en, EXPORT_INT}
#define X_NUM(key, zh, en) {key, zh, en, EXPORT_NUMBER}
#define X_BOOL(key, zh, en) {key, zh, en, EXPORT_BOOL}
#define X_TIME(key, zh, en) {key, zh, en, EXPORT_TIME}
#define X_ENUM(key, zh, en, name) {key, zh, en, EXPORT_ENUM, name}

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

static const struct export_col people_cols[] = {
	X_HEAD("所属区域", "Region"),
	X_TEXT("community_name", "所属社区", "Community"),
	X_TEXT("name", "姓名", "Name"),
	X_ENUM("gender", "性别", "Gender", "gender"),
	X_TEXT("birth_date", "出生日期", "Date of birth"),
	X_TEXT("id_number", "身份证号（脱敏）", "ID number (masked)"),
	X_TEXT("mobile", "手机号（脱敏）", "Mobile (masked)"),
	X_ENUM("household", "户籍类型", "Household", "household"),
	X_TEXT("address", "住址", "Address"),
	X_BOOL("is_resident", "常住居民", "Resident"),
	X_BOOL("is_community_worker", "社区工作者", "Community worker"),
	X_BOOL("is_social_worker", "社会工作者", "Social worker"),
	X_BOOL("is_volunteer", "志愿者", "Volunteer"),
	X_BOOL("is_building_leader", "楼长", "Building leader"),
	X_BOOL("is_party_member", "党员", "Party member"),
	X_ENUM("sw_level", "社工职业水平", "Social work level", "sw_level"),
	X_ENUM("status", "状态", "Status", "person_status"),
	X_BOOL("verified", "已核验", "Verified"),
	X_TIME("verified_at", "核验时间", "Verified at"),
	X_INT("verified_by", "核验人编号", "Verified by (ID)"),
	X_TEXT("verified_by_name", "核验人", "Verified by"),
	X_ENUM("verify_method", "核验方式", "Verification method", "verify_method"),
	X_TEXT("verify_note", "核验备注", "Verification note"),
	X_INT("user_id", "账号编号", "Account ID"),
	X_TEXT("note", "备注", "Note"),
	X_TAIL,
};

LIST_HANDLERS(people, people_list, "people")

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

static const struct export_col orgs_cols[] = {
	X_HEAD("所在区域", "Region"),
	X_TEXT("name", "名称", "Name"),
	X_TEXT("credit_code", "统一社会信用代码", "Unified social credit code"),
	X_ENUM("org_type", "类型", "Type", "org_type"),
	X_ENUM("domain", "服务领域", "Field of service", "domain"),
	X_ENUM("registration", "登记状态", "Registration", "registration"),
	X_INT("filed_town_id", "备案镇街编号", "Filed with town (ID)"),
	X_TEXT("filed_town_name", "备案镇街", "Filed with town"),
	X_INT("ledger_community_id", "台账社区编号", "Ledger community (ID)"),
	X_TEXT("ledger_community_name", "台账社区", "Ledger community"),
	X_ENUM("incubation_stage", "孵化阶段", "Incubation stage", "incubation_stage"),
	X_ENUM("status", "状态", "Status", "org_status"),
	X_TEXT("contact_name", "联系人", "Contact"),
	X_TEXT("contact_mobile", "联系电话（脱敏）", "Contact phone (masked)"),
	X_TEXT("address", "地址", "Address"),
	X_NUM("latitude", "纬度", "Latitude"),
	X_NUM("longitude", "经度", "Longitude"),
	X_TEXT("website", "网站", "Website"),
	X_TEXT("email", "邮箱", "E-mail"),
	X_TEXT("description", "简介", "Description"),
	X_TEXT("founded_on", "成立日期", "Founded on"),
	X_TAIL,
};

LIST_HANDLERS(orgs, orgs_list, "organisations")

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

static const struct export_col teams_cols[] = {
	X_HEAD("所属区域", "Region"),
	X_INT("parent_id", "上级总队编号", "Parent team (ID)"),
	X_TEXT("parent_name", "上级总队", "Parent team"),
	X_BOOL("is_general", "总队", "General team"),
	X_TEXT("name", "名称", "Name"),
	X_INT("organisation_id", "依托组织编号", "Organisation (ID)"),
	X_TEXT("organisation_name", "依托组织", "Organisation"),
	X_INT("leader_person_id", "队长编号", "Leader (ID)"),
	X_TEXT("leader_name", "队长", "Leader"),
	X_ENUM("domain", "服务领域", "Field of service", "domain"),
	X_ENUM("status", "状态", "Status", "team_status"),
	X_TEXT("description", "简介", "Description"),
	X_INT("member_count", "成员数", "Members"),
	X_INT("child_count", "下属队伍数", "Sub-teams"),
	X_TAIL,
};

LIST_HANDLERS(teams, teams_list, "teams")

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

static const struct export_col fac_cols[] = {
	X_HEAD("所属区域", "Region"),
	X_TEXT("name", "名称", "Name"),
	X_ENUM("kind", "类型", "Type", "facility_kind"),
	X_INT("area_m2", "面积（平方米）", "Area (m²)"),
	X_TEXT("address", "地址", "Address"),
	X_NUM("latitude", "纬度", "Latitude"),
	X_NUM("longitude", "经度", "Longitude"),
	X_TEXT("opening_hours", "开放时间", "Opening hours"),
	X_ENUM("status", "状态", "Status", "facility_status"),
	X_INT("room_count", "功能室数", "Rooms"),
	X_TAIL,
};

LIST_HANDLERS(fac, facilities_list, "facilities")

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
