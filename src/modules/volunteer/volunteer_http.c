/*
 * volunteer_http.c — the volunteer area's core routes (docs/volunteers.md):
 * /volunteers, /me/volunteer, /activities and their sign-ups, roster,
 * attendance and venue code, /scan, /signups, hours confirmation,
 * /records and /corrections, /me/activities and /me/records. Bodies are
 * field tables (core/fields.h); the route roles are the coarse gate and
 * the logic (volunteer.h) decides record by record: staff over the region,
 * the activity's organiser, the volunteer themself.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/fields.h"
#include "core/qr.h"
#include "core/wtime.h"
#include "core/sb.h"
#include "http/export_http.h"
#include "http/http.h"
#include "http/res_routes.h"
#include "http/resource.h"
#include "modules/volunteer/cert.h"
#include "modules/volunteer/vol_internal.h"
#include "modules/volunteer/volunteer.h"
#include "modules/volunteer/volunteer_http.h"
#include "store/list.h"

/* ---------- readers ---------- */

/* An array of codes from `allowed`, stored comma-joined (no duplicates). */
static int read_codes(json_t *v, const char *key, const char *const *allowed, const char **dst, struct arena *a,
		      struct err *e)
{
	if (!json_is_array(v) || json_array_size(v) > 20)
		return err_setf(e, ERR_INVALID, key, "%s 应为字符串数组（最多 20 个）",
				"%s must be an array of at most 20 strings", key);
	struct sb b = SB_INIT;
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		const char *s = json_string_value(x);
		bool ok = false;
		for (int k = 0; s && allowed[k]; k++)
			ok = ok || !strcmp(allowed[k], s);
		if (!ok) {
			sb_free(&b);
			return err_setf(e, ERR_INVALID, key, "%s 含未知的值：%s", "%s holds an unknown value: %s", key,
					s ? s : "?");
		}
		if (vol_codes_cover(sb_str(&b), s))
			continue;
		if (b.len)
			sb_addc(&b, ',');
		sb_adds(&b, s);
	}
	*dst = arena_strndup(a, sb_str(&b), b.len);
	sb_free(&b);
	return 0;
}

static int read_skills(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	return read_codes(v, key, vol_skills, dst, a, e);
}

static int read_languages(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	return read_codes(v, key, vol_languages, dst, a, e);
}

static int read_double(json_t *v, const char *key, double lo, double hi, void *dst, struct err *e)
{
	if (!json_is_number(v) || json_number_value(v) < lo || json_number_value(v) > hi)
		return err_setf(e, ERR_INVALID, key, "%s 应为 %g 到 %g 之间的数", "%s must be a number from %g to %g",
				key, lo, hi);
	*(double *)dst = json_number_value(v);
	return 0;
}

static int read_lat(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	(void)a;
	return read_double(v, key, -90, 90, dst, e);
}

static int read_lon(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	(void)a;
	return read_double(v, key, -180, 180, dst, e);
}

/* roles: [{name, capacity, skills}] */
static int read_roles(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	struct vol_activity_in *in = (struct vol_activity_in *)((char *)dst - offsetof(struct vol_activity_in, roles));
	if (!json_is_array(v) || json_array_size(v) < 1 || json_array_size(v) > VOL_MAX_ROLES)
		return err_setf(e, ERR_INVALID, key, "%s 应为 1 到 %d 个岗位", "%s must hold 1 to %d roles", key,
				VOL_MAX_ROLES);
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		struct vol_role_in *r = &in->roles[i];
		json_t *name = json_object_get(x, "name"), *cap = json_object_get(x, "capacity"),
		       *skills = json_object_get(x, "skills");
		if (!json_is_object(x) || !json_is_string(name) || !json_string_length(name) ||
		    json_string_length(name) > 60 || !json_is_integer(cap) || json_integer_value(cap) < 1 ||
		    json_integer_value(cap) > 1000 || json_object_size(x) > 3 + (json_object_get(x, "id") ? 1 : 0))
			return err_setf(e, ERR_INVALID, key, "%s 的每个岗位应有名称（1–60 字）和名额（1–1000）",
					"each of %s needs a name (1-60 chars) and a capacity (1-1000)", key);
		r->name = arena_strdup(a, json_string_value(name));
		r->capacity = json_integer_value(cap);
		r->skills = "";
		if (skills && !json_is_null(skills)) {
			int rc = read_codes(skills, key, vol_skills, &r->skills, a, e);
			if (rc)
				return rc;
		}
	}
	in->nroles = (int)json_array_size(v);
	in->has_roles = true;
	return 0;
}

static int read_signup_ids(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	(void)a;
	struct vol_confirm_in *in = (struct vol_confirm_in *)((char *)dst - offsetof(struct vol_confirm_in, signup_ids));
	if (!json_is_array(v) || json_array_size(v) > 100)
		return err_setf(e, ERR_INVALID, key, "%s 应为整数数组（最多 100 个）",
				"%s must be an array of at most 100 integers", key);
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		if (!json_is_integer(x) || json_integer_value(x) < 1)
			return err_setf(e, ERR_INVALID, key, "%s 应为正整数数组", "%s must hold positive integers", key);
		in->signup_ids[in->nsignup_ids++] = json_integer_value(x);
	}
	return 0;
}

#define UPD (FLD_REQ_UPDATE | FLD_UPDATE_ONLY)
#define NEW FLD_CREATE_ONLY
#define C FIELDS_CREATE
#define U FIELDS_UPDATE

/* ---------- volunteers ---------- */

#define V struct vol_volunteer_in
static const struct field volunteer_fields[] = {
	FLD_INT(V, version, UPD, 1, INT64_MAX),
	FLD_INT(V, person_id, FLD_REQ_CREATE | NEW, 1, INT64_MAX),
	FLD_STR(V, consent_purpose, FLD_REQ_CREATE, 2, 200),
	FLD_CUSTOM_HAS(V, skills, has_skills, 0, read_skills),
	FLD_CUSTOM_HAS(V, languages, has_languages, 0, read_languages),
	FLD_INT_HAS(V, availability, has_availability, 0, 0, (1 << 21) - 1),
	FLD_ENUM(V, status, FLD_UPDATE_ONLY, vol_statuses),
	FLD_END,
};
static const struct field self_fields[] = {
	FLD_STR(V, consent_purpose, FLD_REQ_CREATE, 2, 200),
	FLD_CUSTOM_HAS(V, skills, has_skills, 0, read_skills),
	FLD_CUSTOM_HAS(V, languages, has_languages, 0, read_languages),
	FLD_INT_HAS(V, availability, has_availability, 0, 0, (1 << 21) - 1),
	FLD_END,
};
#undef V

static const struct field merge_fields[] = {
	FLD_INT(struct vol_merge_in, into_id, FLD_REQ, 1, INT64_MAX),
	FLD_STR(struct vol_merge_in, reason, FLD_REQ, 2, 500),
	FLD_END,
};

static const struct resource volunteer_res = {
	.in_size = sizeof(struct vol_volunteer_in), .create = vol_volunteer_create,
	.update = vol_volunteer_update, .write = vol_volunteer_write,
};
static const struct resource self_res = {
	.in_size = sizeof(struct vol_volunteer_in), .create = vol_volunteer_self, .write = vol_volunteer_write,
};
static const struct resource merge_res = {.in_size = sizeof(struct vol_merge_in), .write = vol_volunteer_write};

static int h_volunteers(struct req *r)
{
	static const char *const params[] = {"page", "per_page", "sort", "cursor", "region_id", "q", "skill",
					     "status", NULL};
	struct vol_volunteer_filter f = {0};
	struct list_req lr;
	struct list_q *q;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_list(r, &lr)) ||
	    (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &f.region_id)))
		return rc;
	f.q = req_query_nonempty(r, "q");
	f.skill = req_query_nonempty(r, "skill");
	f.status = req_query_nonempty(r, "status");
	if ((rc = vol_volunteers_query(&r->cx, &f, &q)))
		return rc;
	return resp_list_run(r, q, &lr, vol_volunteer_row, &r->cx);
}

static int h_me_volunteer(struct req *r)
{
	int64_t id = 0;
	int rc = vol_my_volunteer(&r->cx, &id);
	if (rc)
		return rc;
	if (!id)
		return err_set(&r->err, ERR_NOT_FOUND, "volunteer", "你还没有注册为志愿者",
			       "you are not registered as a volunteer");
	return vol_volunteer_write(&r->cx, &r->jw, id);
}

static int page_of(struct req *r, int64_t *limit, int64_t *offset)
{
	struct page pg;
	int rc = req_page(r, &pg);
	*limit = pg.per_page;
	*offset = pg.offset;
	return rc;
}

static int h_volunteer_records(struct req *r)
{
	int64_t id, limit, offset;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = page_of(r, &limit, &offset)))
		return rc;
	return vol_records_write(&r->cx, &r->jw, id, limit, offset);
}

/* A volunteer's records as CSV or XLSX (http/export_http.h): what the JSON
 * list shows them, every record, labels in the reader's language. */
static const struct export_col record_export_cols[] = {
	{"volunteer_number", "志愿者编号", "Volunteer number", EXPORT_TEXT, NULL},
	{"volunteer_name", "姓名", "Name", EXPORT_TEXT, NULL},
	{"kind", "类别", "Kind", EXPORT_ENUM, "vol_record_kind"},
	{"content", "服务内容", "Content", EXPORT_TEXT, NULL},
	{"place", "地点", "Place", EXPORT_TEXT, NULL},
	{"organisation_name", "组织单位", "Organising body", EXPORT_TEXT, NULL},
	{"started_at", "开始", "Start", EXPORT_TIME, NULL},
	{"ended_at", "结束", "End", EXPORT_TIME, NULL},
	{"minutes", "服务时长（分钟）", "Minutes", EXPORT_INT, NULL},
	{"flagged", "未签退待核", "Missed check-out", EXPORT_BOOL, NULL},
	{"confirmer_name", "确认人", "Confirmed by", EXPORT_TEXT, NULL},
	{"amends_id", "更正的记录", "Amends record", EXPORT_INT, NULL},
	{"amend_reason", "更正原因", "Reason for the correction", EXPORT_TEXT, NULL},
	{"superseded", "已被更正", "Superseded", EXPORT_BOOL, NULL},
	{"created_at", "记录时间", "Recorded", EXPORT_TIME, NULL},
	EXPORT_END,
};
static const struct export_spec record_export = {"volunteer-records", record_export_cols};

static int records_fill_for(struct req *r, struct export *x, int64_t id)
{
	struct sb sb = SB_INIT;
	struct jw w;
	jw_init(&w, &sb);
	int rc = vol_records_write(&r->cx, &w, id, EXPORT_MAX_ROWS, 0);
	if (!rc) {
		json_error_t je;
		json_t *doc = json_loadb(sb_str(&sb), sb.len, 0, &je);
		json_t *items = doc ? json_object_get(doc, "items") : NULL;
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it)
		{
			if ((rc = export_item(x, it, &r->err)))
				break;
		}
		json_decref(doc);
	}
	sb_free(&sb);
	return rc;
}

static int records_fill(struct req *r, struct export *x)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : records_fill_for(r, x, id);
}

static int my_records_fill(struct req *r, struct export *x)
{
	int64_t id = 0;
	int rc = vol_my_volunteer(&r->cx, &id);
	if (rc)
		return rc;
	if (!id)
		return err_set(&r->err, ERR_NOT_FOUND, "volunteer", "你还没有注册为志愿者",
			       "you are not registered as a volunteer");
	return records_fill_for(r, x, id);
}

static int h_records_transfer(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : vol_transfer_write(&r->cx, &r->jw, id);
}

/* ?from=YYYY-MM-DD&to=YYYY-MM-DD, both days counted (Asia/Shanghai);
 * without them the year so far (from 1 January to today). */
static int h_team_transfer(struct req *r)
{
	static const char *const params[] = {"from", "to", NULL};
	int64_t id, from = 0, to = 0;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_query_only(r, params)))
		return rc;
	char today[16];
	wtime_format_date(r->cx.now, today, sizeof today);
	char jan1[16];
	snprintf(jan1, sizeof jan1, "%.4s-01-01", today);
	const char *f = req_query_nonempty(r, "from"), *t = req_query_nonempty(r, "to");
	if (wtime_parse(f ? f : jan1, &from))
		return err_set(&r->err, ERR_INVALID, "from", "开始日期应为 YYYY-MM-DD", "from must be a date (YYYY-MM-DD)");
	if (wtime_parse(t ? t : today, &to))
		return err_set(&r->err, ERR_INVALID, "to", "结束日期应为 YYYY-MM-DD", "to must be a date (YYYY-MM-DD)");
	return vol_team_transfer_write(&r->cx, &r->jw, id, from, to + (int64_t)86400 * WTIME_US);
}

/* ?month=YYYY-MM, this month by default (Asia/Shanghai). */
static int h_team_report(struct req *r)
{
	static const char *const params[] = {"month", NULL};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_query_only(r, params)))
		return rc;
	char today[16];
	wtime_format_date(r->cx.now, today, sizeof today);
	const char *month = req_query_nonempty(r, "month");
	return vol_team_report_write(&r->cx, &r->jw, id, month ? month : arena_printf(r->arena, "%.7s", today));
}

/* POST /records/import: a transfer document in the body (vol_import.c). */
static int h_records_import(struct req *r)
{
	json_error_t je;
	json_t *doc = json_loadb(r->body ? r->body : "", r->body_len, JSON_REJECT_DUPLICATES, &je);
	if (!doc)
		return err_set(&r->err, ERR_INVALID, "body", "请求体不是合法的 JSON", "the body is not valid JSON");
	int64_t imported = 0, skipped = 0;
	int rc = vol_records_import(&r->cx, doc, &imported, &skipped);
	json_decref(doc);
	if (rc)
		return rc;
	r->status = imported ? 201 : 200;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "imported", imported);
	jw_kint(&r->jw, "skipped", skipped);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_records_export(struct req *r) { return export_run(r, &record_export, records_fill); }
static int h_me_records_export(struct req *r) { return export_run(r, &record_export, my_records_fill); }

static int h_me_records(struct req *r)
{
	int64_t id = 0, limit, offset;
	int rc;
	if ((rc = page_of(r, &limit, &offset)) || (rc = vol_my_volunteer(&r->cx, &id)))
		return rc;
	if (!id)
		return err_set(&r->err, ERR_NOT_FOUND, "volunteer", "你还没有注册为志愿者",
			       "you are not registered as a volunteer");
	return vol_records_write(&r->cx, &r->jw, id, limit, offset);
}

static int h_me_activities(struct req *r) { return vol_my_activities_write(&r->cx, &r->jw); }

/* The same sign-ups for a calendar app (text/calendar, a download). */
static int h_me_activities_ical(struct req *r)
{
	sb_reset(&r->out);
	int rc = vol_my_activities_ical(&r->cx, &r->out);
	if (rc)
		return rc;
	r->content_type = "text/calendar; charset=utf-8";
	r->download_name = arena_strdup(r->arena, "my-volunteer-activities.ics");
	return 0;
}

static int h_team_ical(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	sb_reset(&r->out);
	if ((rc = vol_team_activities_ical(&r->cx, id, &r->out)))
		return rc;
	r->content_type = "text/calendar; charset=utf-8";
	r->download_name = arena_printf(r->arena, "team-%lld-activities.ics", (long long)id);
	return 0;
}

/* ---------- calendar subscriptions ---------- */

struct feed_in {
	const char *kind;
	int64_t team_id;
};
#define F struct feed_in
static const struct field feed_fields[] = {
	FLD_ENUM(F, kind, FLD_REQ, vol_feed_kinds),
	FLD_INT(F, team_id, 0, 1, INT64_MAX),
	FLD_END,
};
#undef F

static int h_feeds(struct req *r) { return vol_feeds_write(&r->cx, &r->jw); }

static int h_feed_create(struct req *r)
{
	struct feed_in in = {0};
	int64_t id = 0;
	char token[80];
	int rc;
	if ((rc = req_body(r, &in)) || (rc = vol_feed_create(&r->cx, in.kind, in.team_id, &id, token)))
		return rc;
	r->status = 201;
	const char *path = arena_printf(r->arena, "/api/v1/calendar-feeds/%s/calendar.ics", token);
	jw_obj(&r->jw);
	jw_kint(&r->jw, "id", id);
	jw_kstr(&r->jw, "kind", in.kind);
	if (in.team_id)
		jw_kint(&r->jw, "team_id", in.team_id);
	else
		jw_knull(&r->jw, "team_id");
	jw_kstr(&r->jw, "token", token);
	jw_kstr(&r->jw, "path", path);
	jw_kstr(&r->jw, "url", arena_printf(r->arena, "%s%s", vol_cert_public_url(), path));
	jw_obj_end(&r->jw);
	return 0;
}

static int h_feed_revoke(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = vol_feed_revoke(&r->cx, id)))
		return rc;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "id", id);
	jw_kbool(&r->jw, "revoked", true);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_feed_ical(struct req *r)
{
	sb_reset(&r->out);
	int rc = vol_feed_ical(&r->cx, req_param(r, "token"), &r->out);
	if (rc)
		return rc;
	r->content_type = "text/calendar; charset=utf-8";
	r->download_name = arena_strdup(r->arena, "calendar.ics");
	return 0;
}

/* ---------- activities ---------- */

#define A struct vol_activity_in
static const struct field activity_fields[] = {
	FLD_INT(A, version, UPD, 1, INT64_MAX),
	FLD_INT(A, region_id, FLD_REQ_CREATE | NEW, 1, INT64_MAX),
	FLD_INT(A, team_id, NEW, 1, INT64_MAX),
	FLD_INT(A, organisation_id, NEW, 1, INT64_MAX),
	FLD_STR(A, title, FLD_REQ_CREATE, 2, 100),
	FLD_STR(A, description, 0, 0, 4000),
	FLD_STR(A, place, FLD_REQ_CREATE, 2, 200),
	{"latitude", FT_CUSTOM, 0, offsetof(A, latitude), (ptrdiff_t)offsetof(A, has_latitude), 0, 0, NULL, read_lat},
	{"longitude", FT_CUSTOM, 0, offsetof(A, longitude), (ptrdiff_t)offsetof(A, has_longitude), 0, 0, NULL, read_lon},
	{"starts_at", FT_TIME, FLD_REQ_CREATE, offsetof(A, starts_at), (ptrdiff_t)offsetof(A, has_starts_at), 10, 40,
	 NULL, NULL},
	{"ends_at", FT_TIME, FLD_REQ_CREATE, offsetof(A, ends_at), (ptrdiff_t)offsetof(A, has_ends_at), 10, 40, NULL,
	 NULL},
	{"cancel_before", FT_TIME, 0, offsetof(A, cancel_before), (ptrdiff_t)offsetof(A, has_cancel_before), 10, 40,
	 NULL, NULL},
	FLD_STR(A, contact_name, FLD_REQ_CREATE, 1, 40),
	FLD_STR(A, contact_phone, FLD_REQ_CREATE, 5, 20),
	FLD_STR(A, audience, 0, 0, 100),
	FLD_ENUM(A, status, 0, vol_activity_statuses),
	FLD_CUSTOM(A, roles, FLD_REQ_CREATE, read_roles),
	FLD_END,
};
#undef A

static const struct resource activity_res = {
	.in_size = sizeof(struct vol_activity_in), .create = vol_activity_create,
	.update = vol_activity_update, .write = vol_activity_write,
};

static int h_activities(struct req *r)
{
	static const char *const params[] = {"page", "per_page", "sort", "cursor", "region_id", "team_id", "from",
					     "to", "status", "q", "mine", NULL};
	struct vol_activity_filter f = {0};
	struct list_req lr;
	struct list_q *q;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_list(r, &lr)) ||
	    (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &f.region_id)) ||
	    (rc = req_query_int(r, "team_id", 0, 0, INT64_MAX, &f.team_id)))
		return rc;
	const char *from = req_query_nonempty(r, "from"), *to = req_query_nonempty(r, "to");
	char buf[40];
	if (from) {
		/* a day (YYYY-MM-DD, Asia/Shanghai) or an ISO time */
		snprintf(buf, sizeof buf, strlen(from) == 10 ? "%sT00:00:00+08:00" : "%s", from);
		if (wtime_parse(buf, &f.from))
			return err_set(&r->err, ERR_INVALID, "from", "参数 from 应为日期或时间", "from must be a date or a time");
	}
	if (to) {
		snprintf(buf, sizeof buf, strlen(to) == 10 ? "%sT00:00:00+08:00" : "%s", to);
		if (wtime_parse(buf, &f.to))
			return err_set(&r->err, ERR_INVALID, "to", "参数 to 应为日期或时间", "to must be a date or a time");
		if (strlen(to) == 10)
			f.to += VOL_DAY_US;
	}
	f.status = req_query_nonempty(r, "status");
	f.q = req_query_nonempty(r, "q");
	const char *mine = req_query(r, "mine");
	f.mine = mine && !strcmp(mine, "1");
	if ((rc = vol_activities_query(&r->cx, &f, &q)))
		return rc;
	return resp_list_run(r, q, &lr, vol_activity_row, &r->cx);
}

/* ---------- sign-ups ---------- */

#define S struct vol_signup_in
static const struct field signup_fields[] = {
	FLD_INT(S, role_id, FLD_REQ, 1, INT64_MAX),
	FLD_INT(S, companions, 0, 0, 10),
	FLD_INT(S, volunteer_id, 0, 1, INT64_MAX),
	FLD_END,
};
static const struct field walkin_fields[] = {
	FLD_INT(S, volunteer_id, FLD_REQ, 1, INT64_MAX),
	FLD_INT(S, role_id, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};
static const struct field scan_fields[] = {
	FLD_STR(S, code, FLD_REQ, 1, 100),
	FLD_END,
};
#undef S

static const struct resource signup_res = {.in_size = sizeof(struct vol_signup_in), .write = vol_signup_write};

/* POST /activities/{id}/signups and /walk-ins: 201 with the sign-up. */
static int signup_post(struct req *r, bool walk_in)
{
	int64_t aid, id = 0;
	struct vol_signup_in in = {0};
	int rc;
	if ((rc = req_param_id(r, "id", &aid)) || (rc = req_body(r, &in)))
		return rc;
	rc = walk_in ? vol_walk_in(&r->cx, aid, &in, &id) : vol_signup_create(&r->cx, aid, &in, &id);
	if (rc)
		return rc;
	r->status = 201;
	return vol_signup_write(&r->cx, &r->jw, id);
}

static int h_signup(struct req *r) { return signup_post(r, false); }
static int h_walk_in(struct req *r) { return signup_post(r, true); }

static int h_roster(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : vol_roster_write(&r->cx, &r->jw, id);
}

static int h_checkin_all(struct req *r)
{
	int64_t id, n = 0;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = vol_checkin_all(&r->cx, id, &n)))
		return rc;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "checked_in", n);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_venue_code(struct req *r)
{
	int64_t id, expires = 0;
	char *code = NULL, *svg = NULL;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = vol_venue_code(&r->cx, id, &code, &expires)))
		return rc;
	const char *url = arena_printf(r->arena, "/volunteer/scan?code=%s", code);
	if ((rc = qr_svg(url, r->arena, &svg, &r->err)))
		return rc;
	jw_obj(&r->jw);
	jw_kstr(&r->jw, "code", code);
	jw_kstr(&r->jw, "url", url);
	jw_kstr(&r->jw, "svg", svg);
	jw_ktime(&r->jw, "expires_at", expires);
	jw_kint(&r->jw, "window_seconds", VOL_QR_WINDOW_US / 1000000);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_scan(struct req *r)
{
	struct vol_signup_in in = {0};
	int64_t sid = 0;
	const char *action = NULL;
	int rc;
	if ((rc = req_body(r, &in)) || (rc = vol_scan(&r->cx, in.code, &sid, &action)))
		return rc;
	jw_obj(&r->jw);
	jw_kstr(&r->jw, "action", action);
	jw_key(&r->jw, "signup");
	if ((rc = vol_scan_signup_write(&r->cx, &r->jw, sid)))
		return rc;
	jw_obj_end(&r->jw);
	return 0;
}

/* ---------- hours and records ---------- */

#define K struct vol_confirm_in
static const struct field confirm_fields[] = {
	FLD_INT_HAS(K, minutes, has_minutes, 0, 0, 24 * 60),
	FLD_END,
};
static const struct field bulk_fields[] = {
	FLD_CUSTOM(K, signup_ids, 0, read_signup_ids),
	FLD_BOOL(K, all, 0),
	FLD_END,
};
#undef K

static int h_confirm(struct req *r)
{
	int64_t id, rid = 0;
	struct vol_confirm_in in = {0};
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	if (r->body_len && (rc = req_body(r, &in)))
		return rc;
	if ((rc = vol_confirm(&r->cx, id, &in, &rid)))
		return rc;
	r->status = 201;
	return vol_record_write(&r->cx, &r->jw, rid);
}

static int h_confirm_bulk(struct req *r)
{
	int64_t id, n = 0;
	struct vol_confirm_in *in = arena_alloc(r->arena, sizeof *in);
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, in)) || (rc = vol_confirm_bulk(&r->cx, id, in, &n)))
		return rc;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "confirmed", n);
	jw_obj_end(&r->jw);
	return 0;
}

#define E struct vol_entry_in
static const struct field entry_fields[] = {
	FLD_ENUM(E, kind, FLD_REQ, vol_record_kinds),
	FLD_STR(E, content, FLD_REQ, 2, 200),
	FLD_STR(E, place, 0, 0, 200),
	FLD_TIME(E, started_at, FLD_REQ),
	FLD_INT(E, organisation_id, 0, 1, INT64_MAX),
	FLD_END,
};
#undef E

static int h_entry(struct req *r)
{
	int64_t id, rid = 0;
	struct vol_entry_in in = {0};
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) || (rc = vol_entry_create(&r->cx, id, &in, &rid)))
		return rc;
	r->status = 201;
	return vol_record_write(&r->cx, &r->jw, rid);
}

#define Q struct vol_correction_in
static const struct field correction_fields[] = {
	FLD_STR(Q, reason, FLD_REQ, 2, 500),
	FLD_INT_HAS(Q, minutes, has_minutes, 0, 0, 24 * 60),
	FLD_END,
};
static const struct field accept_fields[] = {
	FLD_INT_HAS(Q, minutes, has_minutes, 0, 0, 24 * 60),
	FLD_STR(Q, answer, 0, 0, 500),
	FLD_END,
};
static const struct field reject_fields[] = {
	FLD_STR(Q, answer, FLD_REQ, 2, 500),
	FLD_END,
};
static const struct field amend_fields[] = {
	FLD_INT_HAS(Q, minutes, has_minutes, 0, 0, 24 * 60),
	FLD_STR(Q, content, 0, 0, 200),
	FLD_STR(Q, reason, FLD_REQ, 2, 500),
	FLD_END,
};
#undef Q

static const struct resource correction_res = {
	.in_size = sizeof(struct vol_correction_in), .write = vol_correction_write,
};
static const struct resource record_res = {.write = vol_record_write};

static int h_correction_create(struct req *r)
{
	int64_t id, cid = 0;
	struct vol_correction_in in = {0};
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = vol_correction_create(&r->cx, id, &in, &cid)))
		return rc;
	r->status = 201;
	return vol_correction_write(&r->cx, &r->jw, cid);
}

static int h_amend(struct req *r)
{
	int64_t id, nid = 0;
	struct vol_correction_in in = {0};
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) || (rc = vol_record_amend(&r->cx, id, &in, &nid)))
		return rc;
	r->status = 201;
	return vol_record_write(&r->cx, &r->jw, nid);
}

static int h_corrections(struct req *r)
{
	static const char *const params[] = {"page", "per_page", "sort", "cursor", "region_id", "status", NULL};
	struct list_req lr;
	struct list_q *q;
	int64_t region = 0;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_list(r, &lr)) ||
	    (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region)) ||
	    (rc = vol_corrections_query(&r->cx, region, req_query_nonempty(r, "status"), &q)))
		return rc;
	return resp_list_run(r, q, &lr, vol_correction_row, &r->cx);
}

#define ANY ROLES_ANY
#define ACT(path, what, fields, res, fn) {"POST", "/api/v1/" path, res_action, ANY, 0, what, fields, U, res, .act = fn}

const struct route volunteer_routes[] = {
	{"GET", "/api/v1/volunteers", h_volunteers, ROLES_FIELD, 0, "volunteers in scope (region_id, q, skill, status)"},
	RES_ROUTES_CREATE_GET("/api/v1/volunteers", &volunteer_res, volunteer_fields, VOL_STAFF,
			      "register a person as a volunteer (paper consent)", ANY,
			      "one volunteer (staff in scope or the volunteer)"),
	RES_ROUTE_UPDATE("/api/v1/volunteers", &volunteer_res, volunteer_fields, ANY,
			 "edit a volunteer (staff, or the volunteer their own)"),
	{"POST", "/api/v1/volunteers/{id}/merge", res_action, VOL_STAFF, 0,
	 "merge a duplicate registration into another (audited)", merge_fields, U, &merge_res,
	 .act = vol_volunteer_merge},
	{"GET", "/api/v1/volunteers/{id}/records", h_volunteer_records, ANY, 0, "a volunteer's service records"},
	{"GET", "/api/v1/volunteers/{id}/records/transfer", h_records_transfer, ANY, 0,
	 "a volunteer's records as one transfer document (转移接续, format wushe.volunteer-records.v1)"},
	{"POST", "/api/v1/records/import", h_records_import, VOL_STAFF, 0,
	 "take in a transfer document (wushe.volunteer-records.v1): every row checked, all or nothing"},
	{"GET", "/api/v1/teams/{id}/report", h_team_report, VOL_STAFF, 0,
	 "a team's monthly report (?month=YYYY-MM): activities, hours by person and activity, audiences"},
	{"GET", "/api/v1/teams/{id}/records/transfer", h_team_transfer, VOL_STAFF, 0,
	 "a team's records of a period (?from&to dates; the year so far) as one transfer document, by volunteer"},
	{"GET", "/api/v1/volunteers/{id}/records/export", h_records_export, ANY, 0,
	 "a volunteer's service records as CSV or XLSX (?format, ?lang)"},
	{"POST", "/api/v1/volunteers/{id}/entries", h_entry, VOL_STAFF, 0,
	 "record a training, commendation or evaluation for a volunteer", entry_fields, C},
	{"GET", "/api/v1/me/volunteer", h_me_volunteer, ANY, 0, "my volunteer registration (404: none)"},
	{"POST", "/api/v1/me/volunteer", res_create, ANY, 0, "register myself as a volunteer, with consent",
	 self_fields, C, &self_res},
	{"GET", "/api/v1/me/activities", h_me_activities, ANY, 0, "my sign-ups, upcoming first"},
	{"GET", "/api/v1/me/activities.ics", h_me_activities_ical, ANY, 0, "my sign-ups as an iCalendar file (RFC 5545) for a calendar app"},
	{"GET", "/api/v1/me/calendar-feeds", h_feeds, ANY, 0, "my calendar subscriptions (without their secrets)"},
	{"POST", "/api/v1/me/calendar-feeds", h_feed_create, ANY, 0,
	 "a calendar subscription address: kind me (my sign-ups) or team (team_id); the secret is shown once",
	 feed_fields, C},
	{"POST", "/api/v1/me/calendar-feeds/{id}/revoke", h_feed_revoke, ANY, 0, "stop one of my calendar subscriptions"},
	{"GET", "/api/v1/calendar-feeds/{token}/calendar.ics", h_feed_ical, 0, RT_PUBLIC,
	 "public: the calendar a subscription address names, as its owner sees it now (404 once revoked)"},
	{"GET", "/api/v1/teams/{id}/activities.ics", h_team_ical, ANY, 0,
	 "a team's activities as an iCalendar file (anyone covering the team's region)"},
	{"GET", "/api/v1/me/records", h_me_records, ANY, 0, "my service records"},
	{"GET", "/api/v1/me/records/export", h_me_records_export, ANY, 0, "my service records as CSV or XLSX (?format, ?lang)"},
	{"GET", "/api/v1/activities", h_activities, ANY, 0,
	 "volunteer activities (region_id, team_id, from, to, status, q, mine)"},
	RES_ROUTES_CREATE_GET("/api/v1/activities", &activity_res, activity_fields, ANY,
			      "publish an activity with roles (staff in scope or the team's leader)", ANY,
			      "one activity with its roles, my sign-up, can_manage"),
	RES_ROUTE_UPDATE("/api/v1/activities", &activity_res, activity_fields, ANY, "edit an activity (organiser)"),
	ACT("activities/{id}/cancel", "cancel an activity and its sign-ups (organiser)", NULL, &activity_res,
	    vol_activity_cancel),
	{"POST", "/api/v1/activities/{id}/signups", h_signup, ANY, 0,
	 "sign up (接龙): signed or waiting; staff for volunteer_id", signup_fields, C},
	{"POST", "/api/v1/activities/{id}/walk-ins", h_walk_in, ANY, 0, "log a walk-in beyond capacity (organiser)",
	 walkin_fields, C},
	{"GET", "/api/v1/activities/{id}/roster", h_roster, ANY, 0, "the sign-ups with attendance (organiser)"},
	{"POST", "/api/v1/activities/{id}/check-in-all", h_checkin_all, ANY, 0, "check in everyone present (organiser)"},
	{"GET", "/api/v1/activities/{id}/venue-code", h_venue_code, ANY, 0,
	 "the rotating venue QR code, on the activity's day (organiser)"},
	{"POST", "/api/v1/activities/{id}/confirm", h_confirm_bulk, ANY, 0,
	 "confirm hours in bulk: signup_ids or all (organiser)", bulk_fields, U},
	{"POST", "/api/v1/scan", h_scan, ANY, 0, "scan the venue code: check in, or out", scan_fields, C},
	ACT("signups/{id}/cancel", "cancel a sign-up (the volunteer before the deadline, the organiser any time)", NULL,
	    &signup_res, vol_signup_cancel),
	ACT("signups/{id}/check-in", "check a volunteer in (organiser)", NULL, &signup_res, vol_checkin),
	ACT("signups/{id}/check-out", "check a volunteer out (organiser)", NULL, &signup_res, vol_checkout),
	{"POST", "/api/v1/signups/{id}/confirm", h_confirm, ANY, 0, "confirm a sign-up's hours into a record (organiser)",
	 confirm_fields, U},
	{"GET", "/api/v1/records/{id}", res_get, ANY, 0, "one service record", .res = &record_res},
	{"POST", "/api/v1/records/{id}/corrections", h_correction_create, ANY, 0,
	 "ask for a correction of my record", correction_fields, C},
	{"POST", "/api/v1/records/{id}/amend", h_amend, ANY, 0, "amend a record: a new record pointing to it (organiser)",
	 amend_fields, C},
	{"GET", "/api/v1/corrections", h_corrections, VOL_STAFF, 0, "correction requests in scope (status, default open)"},
	{"GET", "/api/v1/corrections/{id}", res_get, ANY, 0, "one correction request", .res = &correction_res},
	ACT("corrections/{id}/accept", "accept a correction: a new record amends the old", accept_fields, &correction_res,
	    vol_correction_accept),
	ACT("corrections/{id}/reject", "reject a correction with an answer", reject_fields, &correction_res,
	    vol_correction_reject),
	{NULL, NULL, NULL, 0, 0, NULL},
};
