/*
 * vol_record.c — hours confirmed into service records (志愿服务记录) and
 * their corrections.
 *
 * A record is written once and never changed (the store refuses UPDATE and
 * DELETE on vol_records): a correction — asked for by the volunteer and
 * accepted by the organiser, or made by the organiser — is a new record
 * whose amends_id points at the one it replaces, which then no longer
 * counts; both stay and both are shown. Every record is written by
 * vol_record_insert, which also keeps the volunteer's total_minutes in the
 * same transaction (and is where points hook in).
 *
 * The hours rules: minutes ≤ the time on site (check-out − check-in), none
 * before the volunteer registered (the time on site starts no earlier than
 * registered_at), and at most vol_settings.max_minutes_per_day per
 * volunteer per Asia/Shanghai day over the records that count.
 */
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "modules/volunteer/vol_internal.h"
#include "modules/volunteer/points.h"
#include "modules/volunteer/volunteer.h"
#include "store/list.h"
#include "store/store.h"

const char *const vol_record_kinds[] = {"service", "training", "commendation", "evaluation", NULL};
const char *const vol_correction_statuses[] = {"open", "accepted", "rejected", NULL};

#define MINUTE_US (60LL * 1000000)

static const struct col record_cols[] = {
	{"id", "编号", COL_INT},
	{"volunteer_id", "志愿者", COL_INT},
	{"kind", "类别", COL_TEXT},
	{"activity_id", "活动", COL_INT},
	{"signup_id", "报名", COL_INT},
	{"organisation_id", "组织单位", COL_INT},
	{"organisation_name", "组织单位名称", COL_TEXT},
	{"content", "服务内容", COL_TEXT},
	{"place", "地点", COL_TEXT},
	{"started_at", "开始", COL_TIME},
	{"ended_at", "结束", COL_TIME},
	{"minutes", "服务分钟", COL_INT},
	{"flagged", "自动签退", COL_BOOL},
	{"confirmed_by", "确认人账号", COL_INT},
	{"confirmer_name", "确认人", COL_TEXT},
	{"amends_id", "更正的记录", COL_INT},
	{"amend_reason", "更正原因", COL_TEXT},
};

const struct record_kind vol_record_kind = {
	.entity = "vol_record", .what_zh = "服务记录", .what_en = "service record",
	.head_sql = "SELECT x.id, x.region_id, 1, r.path FROM vol_records x JOIN regions r ON r.id=x.region_id"
		    " WHERE x.id=?",
	.row_sql = "SELECT id, volunteer_id, kind, activity_id, signup_id, organisation_id, organisation_name,"
		   " content, place, started_at, ended_at, minutes, flagged, confirmed_by, confirmer_name,"
		   " amends_id, amend_reason FROM vol_records WHERE id=?",
	.cols = record_cols, .ncols = (int)(sizeof record_cols / sizeof record_cols[0]),
	.read_roles = ROLES_ANY,
};

static const struct col correction_cols[] = {
	{"id", "编号", COL_INT},
	{"record_id", "服务记录", COL_INT},
	{"volunteer_id", "志愿者", COL_INT},
	{"reason", "理由", COL_TEXT},
	{"minutes", "申请分钟", COL_INT},
	{"status", "状态", COL_TEXT},
	{"answer", "答复", COL_TEXT},
	{"new_record_id", "新记录", COL_INT},
	{"version", "版本", COL_INT},
};

const struct record_kind vol_correction_kind = {
	.entity = "vol_correction", .what_zh = "更正申请", .what_en = "correction request",
	.head_sql = "SELECT x.id, x.region_id, x.version, r.path FROM vol_corrections x JOIN regions r"
		    " ON r.id=x.region_id WHERE x.id=?",
	.row_sql = "SELECT id, record_id, volunteer_id, reason, minutes, status, answer, new_record_id, version"
		   " FROM vol_corrections WHERE id=?",
	.cols = correction_cols, .ncols = (int)(sizeof correction_cols / sizeof correction_cols[0]),
	.read_roles = ROLES_ANY,
};

/* ---------- writing a record ---------- */

int vol_record_insert(struct ctx *c, const struct vol_record_new *r, int64_t *id)
{
	struct stmt *st = db_q(c->db, c->e,
			       "INSERT INTO vol_records (volunteer_id, region_id, kind, activity_id, signup_id,"
			       " organisation_id, organisation_name, content, place, started_at, ended_at, minutes,"
			       " flagged, confirmed_by, confirmer_name, amends_id, amend_reason, requested_by, created_at,"
			       " source)"
			       " VALUES (?,?,?,nullif(?, 0),nullif(?, 0),nullif(?, 0),?,?,?,?,?,?,?,nullif(?, 0),?,"
			       " nullif(?, 0),?,nullif(?, 0),?,?) RETURNING id",
			       "iisiiisssiiiiisisiis", r->volunteer_id, r->region_id, r->kind ? r->kind : "service",
			       r->activity_id, r->signup_id, r->organisation_id, r->organisation_name, r->content,
			       r->place ? r->place : "", r->started_at, r->ended_at, r->minutes,
			       (int64_t)r->flagged, c->who ? c->who->user_id : 0,
			       r->confirmer_name ? r->confirmer_name : vol_caller_name(c), r->amends_id,
			       r->amends_id ? r->amend_reason : NULL, r->requested_by, c->now, r->source);
	if (!st)
		return c->e->code;
	int rc = stmt_step(st, c->e);
	if (rc != 1) {
		stmt_done(st);
		return rc < 0 ? rc : ERR_STORE;
	}
	*id = col_int(st, 0);
	stmt_done(st);
	int64_t kept = r->volunteer_id;
	if ((rc = db_int(c->db, c->e, &kept, "SELECT coalesce(merged_into, id) FROM vol_volunteers WHERE id=?", "i",
			 r->volunteer_id)) < 0)
		return rc;
	if ((rc = record_created(c, &vol_record_kind, *id, r->region_id,
				 r->source ? "import" : r->amends_id ? "amend" : "create")) ||
	    (rc = vol_total_recompute(c, kept)))
		return rc;
	if (r->source)
		return 0; /* taken in from elsewhere: no points here */
	/* the time bank (points.h): the record's points, in the same transaction
	 * (an amendment first takes back those of the record it amends) */
	return vol_points_earn(c, *id, c->e);
}

/* "<community>居民委员会": the community holding region_id (itself, or the
 * community above a grid), the recording body when no organisation is. */
static const char *committee_name(struct ctx *c, int64_t region_id)
{
	char *name = NULL;
	struct err e = {0};
	if (db_text(c->db, &e, c->a, &name,
		    "SELECT a.name FROM regions r JOIN regions a ON substr(r.path, 1, length(a.path)) = a.path"
		    " WHERE r.id=? AND a.level='community' ORDER BY length(a.path) DESC LIMIT 1",
		    "i", region_id) != 1 &&
	    db_text(c->db, &e, c->a, &name, "SELECT name FROM regions WHERE id=?", "i", region_id) != 1)
		return "居民委员会";
	return arena_printf(c->a, "%s居民委员会", name);
}

/* 422 naming minutes when the volunteer's counted minutes on the
 * Asia/Shanghai day of `at`, plus minutes, pass the daily maximum
 * (excluding the record `except`, which an amendment replaces). */
static int check_day(struct ctx *c, int64_t volunteer_id, int64_t at, int64_t minutes, int64_t except)
{
	int64_t max = 720, used = 0, day = vol_day_start(at);
	int rc;
	if ((rc = db_int(c->db, c->e, &max, "SELECT max_minutes_per_day FROM vol_settings WHERE id=1", "")) < 0 ||
	    (rc = db_int(c->db, c->e, &used,
			 "SELECT coalesce(sum(r.minutes), 0) FROM vol_records r WHERE r.volunteer_id IN " VOL_SAME_PERSON
			 " AND r.started_at >= ? AND r.started_at < ? AND r.id <> ?"
			 " AND NOT EXISTS (SELECT 1 FROM vol_records n WHERE n.amends_id=r.id)",
			 "iiiii", volunteer_id, volunteer_id, day, day + VOL_DAY_US, except)) < 0)
		return rc;
	if (used + minutes > max)
		return err_setf(c->e, ERR_RULE, "minutes", "超过每日上限：当天已记录 %lld 分钟，每日最多 %lld 分钟",
				"over the daily maximum: %lld minutes recorded that day, at most %lld a day",
				(long long)used, (long long)max);
	return 0;
}

struct su {
	int64_t id, activity_id, volunteer_id, checkin_at, checkout_at, record_id, region_id, org_id;
	const char *status, *checkout_method, *title, *role, *place, *org_name;
};

static int load(struct ctx *c, int64_t id, struct su *s)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT s.id, s.activity_id, s.volunteer_id, s.checkin_at, s.checkout_at, s.record_id, a.region_id,"
			" coalesce(a.organisation_id, t.organisation_id), s.status, s.checkout_method, a.title, o.name,"
			" a.place, coalesce(org.name, t.name)"
			" FROM vol_signups s JOIN vol_activities a ON a.id=s.activity_id JOIN vol_roles o ON o.id=s.role_id"
			" JOIN regions g ON g.id=a.region_id LEFT JOIN teams t ON t.id=a.team_id"
			" LEFT JOIN organisations org ON org.id=coalesce(a.organisation_id, t.organisation_id)"
			" WHERE s.id=?",
			"i", id);
	if (rc <= 0)
		return rc < 0 ? rc : err_set(c->e, ERR_NOT_FOUND, "id", "没有这个报名", "no such sign-up");
	s->id = col_int(st, 0);
	s->activity_id = col_int(st, 1);
	s->volunteer_id = col_int(st, 2);
	s->checkin_at = col_null(st, 3) ? 0 : col_int(st, 3);
	s->checkout_at = col_null(st, 4) ? 0 : col_int(st, 4);
	s->record_id = col_null(st, 5) ? 0 : col_int(st, 5);
	s->region_id = col_int(st, 6);
	s->org_id = col_null(st, 7) ? 0 : col_int(st, 7);
	s->status = arena_strdup(c->a, col_text(st, 8));
	s->checkout_method = col_text(st, 9) ? arena_strdup(c->a, col_text(st, 9)) : "";
	s->title = arena_strdup(c->a, col_text(st, 10));
	s->role = arena_strdup(c->a, col_text(st, 11));
	s->place = arena_strdup(c->a, col_text(st, 12));
	s->org_name = col_text(st, 13) ? arena_strdup(c->a, col_text(st, 13)) : NULL;
	stmt_done(st);
	if (!s->org_name)
		s->org_name = committee_name(c, s->region_id);
	return 0;
}

static int confirm_one(struct ctx *c, struct su *s, const struct vol_confirm_in *in, int64_t *record_id)
{
	int rc;
	if (s->checkin_at && !s->checkout_at) {
		int64_t n;
		if ((rc = vol_close_missed(c, s->activity_id, &n)) || (rc = load(c, s->id, s)))
			return rc;
	}
	if (strcmp(s->status, "signed") && strcmp(s->status, "walk_in"))
		return err_set(c->e, ERR_RULE, "id", "候补或已取消的报名没有服务时长",
			       "a waiting or cancelled sign-up has no hours");
	if (!s->checkin_at || !s->checkout_at)
		return err_set(c->e, ERR_RULE, "id", "尚未签到或签退，不能确认时长",
			       "not checked in and out yet: hours cannot be confirmed");
	if (s->record_id)
		return err_set(c->e, ERR_CONFLICT, "id", "时长已确认，如需修改请更正记录",
			       "hours confirmed already: amend the record to change them");
	int64_t registered = 0;
	if ((rc = db_int(c->db, c->e, &registered, "SELECT registered_at FROM vol_volunteers WHERE id=?", "i",
			 s->volunteer_id)) < 0)
		return rc;
	int64_t start = s->checkin_at > registered ? s->checkin_at : registered;
	if (s->checkout_at <= start)
		return err_set(c->e, ERR_RULE, "id", "签退时尚未注册为志愿者，不能记录时长",
			       "the volunteer registered after this shift: no hours before registration");
	int64_t on_site = (s->checkout_at - start) / MINUTE_US;
	int64_t minutes = in && in->has_minutes ? in->minutes : on_site;
	if (minutes > on_site)
		return err_setf(c->e, ERR_RULE, "minutes", "服务时长不能超过在场时间（%lld 分钟）",
				"hours cannot exceed the time on site (%lld minutes)", (long long)on_site);
	if ((rc = check_day(c, s->volunteer_id, start, minutes, 0)))
		return rc;
	struct vol_record_new r = {
		.volunteer_id = s->volunteer_id, .region_id = s->region_id, .activity_id = s->activity_id,
		.signup_id = s->id, .organisation_id = s->org_id, .kind = "service",
		.organisation_name = s->org_name,
		.content = arena_printf(c->a, "%s（%s）", s->title, s->role), .place = s->place,
		.started_at = start, .ended_at = s->checkout_at, .minutes = minutes,
		.flagged = !strcmp(s->checkout_method, "auto"),
	};
	struct record rec;
	if ((rc = vol_record_insert(c, &r, record_id)) || (rc = record_head(c, &vol_signup_kind, s->id, &rec)) ||
	    (rc = record_begin(c, &rec, -1)) ||
	    (rc = db_exec(c->db, c->e, "UPDATE vol_signups SET record_id=?, version=version+1, updated_at=? WHERE id=?",
			  "iii", *record_id, c->now, s->id)) ||
	    (rc = record_commit(c, &rec, "confirm")))
		return rc;
	return vol_notify(c, s->volunteer_id, "volunteer.hours_confirmed", s->region_id,
			  arena_printf(c->a, "服务时长已确认：%lld 分钟", (long long)minutes),
			  arena_printf(c->a, "Hours confirmed: %lld minutes", (long long)minutes),
			  arena_printf(c->a, "活动「%s」", s->title), arena_printf(c->a, "Activity: %s", s->title),
			  "/volunteer/me/records", "vol_record", *record_id);
}

int vol_confirm(struct ctx *c, int64_t signup_id, const struct vol_confirm_in *in, int64_t *record_id)
{
	struct su s;
	int rc;
	if ((rc = load(c, signup_id, &s)) || (rc = vol_require_manage(c, s.activity_id)))
		return rc;
	return confirm_one(c, &s, in, record_id);
}

int vol_confirm_bulk(struct ctx *c, int64_t activity_id, const struct vol_confirm_in *in, int64_t *n)
{
	int rc;
	*n = 0;
	int64_t exists = 0;
	if ((rc = db_int(c->db, c->e, &exists, "SELECT count(*) FROM vol_activities WHERE id=?", "i", activity_id)) < 0)
		return rc;
	if (!exists)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这个活动", "no such activity");
	if ((rc = vol_require_manage(c, activity_id)))
		return rc;
	if (!in->all && !in->nsignup_ids)
		return err_set(c->e, ERR_INVALID, "signup_ids", "请选择要确认的报名，或全部确认",
			       "name the sign-ups to confirm, or all");
	int64_t closed;
	if ((rc = vol_close_missed(c, activity_id, &closed)))
		return rc;
	struct su s;
	int64_t rid;
	if (!in->all) {
		for (int i = 0; i < in->nsignup_ids; i++) {
			if ((rc = load(c, in->signup_ids[i], &s)))
				return rc;
			if (s.activity_id != activity_id)
				return err_set(c->e, ERR_INVALID, "signup_ids", "报名不属于这个活动",
					       "a sign-up is not of this activity");
			if ((rc = confirm_one(c, &s, NULL, &rid)))
				return rc;
			(*n)++;
		}
		return 0;
	}
	/* all: every checked-out, unconfirmed sign-up except the auto-closed,
	 * whose hours the organiser looks at one by one */
	for (;;) {
		int64_t sid = 0;
		if ((rc = db_int(c->db, c->e, &sid,
				 "SELECT id FROM vol_signups WHERE activity_id=? AND status IN ('signed','walk_in')"
				 " AND checkout_at IS NOT NULL AND record_id IS NULL AND checkout_method <> 'auto'"
				 " ORDER BY id LIMIT 1",
				 "i", activity_id)) < 0)
			return rc;
		if (rc == 0)
			return 0;
		if ((rc = load(c, sid, &s)) || (rc = confirm_one(c, &s, NULL, &rid)))
			return rc;
		(*n)++;
	}
}

/* ---------- corrections ---------- */

struct rec {
	int64_t id, volunteer_id, region_id, activity_id, minutes, started_at, ended_at, superseded;
	const char *content, *kind;
};

static int load_record(struct ctx *c, int64_t id, struct rec *r)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT r.id, r.volunteer_id, r.region_id, r.activity_id, r.minutes, r.started_at, r.ended_at,"
			" (SELECT count(*) FROM vol_records n WHERE n.amends_id=r.id), r.content, r.kind"
			" FROM vol_records r WHERE r.id=?",
			"i", id);
	if (rc <= 0)
		return rc < 0 ? rc : err_set(c->e, ERR_NOT_FOUND, "id", "没有这条服务记录", "no such service record");
	r->id = col_int(st, 0);
	r->volunteer_id = col_int(st, 1);
	r->region_id = col_int(st, 2);
	r->activity_id = col_null(st, 3) ? 0 : col_int(st, 3);
	r->minutes = col_int(st, 4);
	r->started_at = col_int(st, 5);
	r->ended_at = col_int(st, 6);
	r->superseded = col_int(st, 7);
	r->content = arena_strdup(c->a, col_text(st, 8));
	r->kind = arena_strdup(c->a, col_text(st, 9));
	stmt_done(st);
	return 0;
}

/* The record's organiser: the activity's, or staff over its region. */
static int require_record_manage(struct ctx *c, const struct rec *r)
{
	if (r->activity_id)
		return vol_require_manage(c, r->activity_id);
	const char *path;
	int rc = vol_region_path(c, r->region_id, "id", &path);
	return rc ? rc : vol_staff_over(c, path) ? 0 : auth_forbidden(c->e);
}

/* The caller is the record's volunteer (or the one it was merged into). */
static int is_own(struct ctx *c, const struct rec *r, bool *own)
{
	int64_t me = 0, n = 0;
	int rc = vol_my_volunteer(c, &me);
	if (rc)
		return rc;
	*own = false;
	if (!me)
		return 0;
	if ((rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM vol_volunteers WHERE id=? AND (id=? OR merged_into=?)",
			 "iii", r->volunteer_id, me, me)) < 0)
		return rc;
	*own = n > 0;
	return 0;
}

static int amend(struct ctx *c, const struct rec *r, int64_t minutes, const char *content, const char *reason,
		 int64_t requested_by, int64_t *new_id)
{
	if (r->superseded)
		return err_set(c->e, ERR_CONFLICT, "id", "这条记录已被更正，请更正最新的记录",
			       "this record was amended already: amend the latest one");
	int64_t span = (r->ended_at - r->started_at) / MINUTE_US;
	if (minutes > span)
		return err_setf(c->e, ERR_RULE, "minutes", "服务时长不能超过在场时间（%lld 分钟）",
				"hours cannot exceed the time on site (%lld minutes)", (long long)span);
	int rc = check_day(c, r->volunteer_id, r->started_at, minutes, r->id);
	if (rc)
		return rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st,
			 "SELECT activity_id, signup_id, organisation_id, organisation_name, place, flagged"
			 " FROM vol_records WHERE id=?",
			 "i", r->id)) <= 0)
		return rc;
	struct vol_record_new n = {
		.volunteer_id = r->volunteer_id, .region_id = r->region_id,
		.activity_id = col_null(st, 0) ? 0 : col_int(st, 0), .signup_id = col_null(st, 1) ? 0 : col_int(st, 1),
		.organisation_id = col_null(st, 2) ? 0 : col_int(st, 2),
		.organisation_name = arena_strdup(c->a, col_text(st, 3)), .place = arena_strdup(c->a, col_text(st, 4)),
		.flagged = false, .kind = r->kind, .content = content && *content ? content : r->content,
		.started_at = r->started_at, .ended_at = r->ended_at, .minutes = minutes, .amends_id = r->id,
		.amend_reason = reason, .requested_by = requested_by,
	};
	stmt_done(st);
	return vol_record_insert(c, &n, new_id);
}

int vol_entry_create(struct ctx *c, int64_t volunteer_id, const struct vol_entry_in *in, int64_t *record_id)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT v.region_id, g.path, g.name, v.status FROM vol_volunteers v JOIN regions g ON g.id=v.region_id"
			" WHERE v.id=?",
			"i", volunteer_id);
	if (rc <= 0)
		return rc < 0 ? rc : err_set(c->e, ERR_NOT_FOUND, "id", "没有这个志愿者", "no such volunteer");
	int64_t region = col_int(st, 0);
	const char *path = arena_strdup(c->a, col_text(st, 1));
	const char *org_name = NULL;
	bool merged = !strcmp(col_text(st, 3), "merged");
	stmt_done(st);
	if (!vol_staff_over(c, path))
		return auth_forbidden(c->e);
	org_name = committee_name(c, region);
	if (merged)
		return err_set(c->e, ERR_RULE, "id", "该登记已合并，请记在保留的志愿者名下",
			       "this registration was merged: record it for the one kept");
	if (!strcmp(in->kind, "service"))
		return err_set(c->e, ERR_INVALID, "kind", "服务时长由活动签到和确认产生",
			       "service hours come from an activity's attendance and confirmation");
	if (in->started_at > c->now)
		return err_set(c->e, ERR_INVALID, "started_at", "不能记录将来的事项", "cannot record a future entry");
	if (in->organisation_id) {
		char *name = NULL;
		if ((rc = db_text(c->db, c->e, c->a, &name, "SELECT name FROM organisations WHERE id=?", "i",
				  in->organisation_id)) < 0)
			return rc;
		if (!rc)
			return err_set(c->e, ERR_INVALID, "organisation_id", "没有这个组织", "no such organisation");
		org_name = name;
	}
	struct vol_record_new r = {
		.volunteer_id = volunteer_id, .region_id = region, .kind = in->kind,
		.organisation_id = in->organisation_id, .organisation_name = org_name, .content = in->content,
		.place = in->place, .started_at = in->started_at, .ended_at = in->started_at, .minutes = 0,
	};
	return vol_record_insert(c, &r, record_id);
}

int vol_record_amend(struct ctx *c, int64_t record_id, const struct vol_correction_in *in, int64_t *new_id)
{
	struct rec r;
	int rc;
	if ((rc = load_record(c, record_id, &r)) || (rc = require_record_manage(c, &r)))
		return rc;
	return amend(c, &r, in->has_minutes ? in->minutes : r.minutes, in->content, in->reason, 0, new_id);
}

int vol_correction_create(struct ctx *c, int64_t record_id, const struct vol_correction_in *in, int64_t *id)
{
	struct rec r;
	bool own;
	int rc;
	if ((rc = load_record(c, record_id, &r)) || (rc = is_own(c, &r, &own)))
		return rc;
	if (!own)
		return auth_forbidden(c->e);
	if (r.superseded)
		return err_set(c->e, ERR_CONFLICT, "id", "这条记录已被更正，请对最新的记录申请",
			       "this record was amended: ask about the latest one");
	int64_t open = 0;
	if ((rc = db_int(c->db, c->e, &open, "SELECT count(*) FROM vol_corrections WHERE record_id=? AND status='open'",
			 "i", record_id)) < 0)
		return rc;
	if (open)
		return err_set(c->e, ERR_CONFLICT, "id", "这条记录已有待处理的更正申请", "a correction of this record is pending");
	struct stmt *st = db_q(c->db, c->e,
			       "INSERT INTO vol_corrections (record_id, volunteer_id, region_id, reason, minutes, status,"
			       " created_at, updated_at) VALUES (?,?,?,?,?,'open',?,?) RETURNING id",
			       "iiisiii", record_id, r.volunteer_id, r.region_id, in->reason,
			       in->has_minutes ? in->minutes : r.minutes, c->now, c->now);
	if (!st)
		return c->e->code;
	if ((rc = stmt_step(st, c->e)) != 1) {
		stmt_done(st);
		return rc < 0 ? rc : ERR_STORE;
	}
	*id = col_int(st, 0);
	stmt_done(st);
	return record_created(c, &vol_correction_kind, *id, r.region_id, NULL);
}

static int answer(struct ctx *c, int64_t id, const struct vol_correction_in *in, bool accept)
{
	struct record cr;
	int rc;
	if ((rc = record_head(c, &vol_correction_kind, id, &cr)))
		return rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st, "SELECT record_id, status, minutes, reason, volunteer_id FROM vol_corrections"
			 " WHERE id=?", "i", id)) <= 0)
		return rc;
	int64_t record_id = col_int(st, 0), asked = col_null(st, 2) ? -1 : col_int(st, 2), vid = col_int(st, 4);
	bool open = !strcmp(col_text(st, 1), "open");
	const char *reason = arena_strdup(c->a, col_text(st, 3));
	stmt_done(st);
	struct rec r;
	if ((rc = load_record(c, record_id, &r)) || (rc = require_record_manage(c, &r)))
		return rc;
	if (!open)
		return err_set(c->e, ERR_CONFLICT, "status", "这条更正申请已处理", "this correction was answered already");
	if ((rc = record_begin(c, &cr, -1)))
		return rc;
	int64_t new_id = 0;
	if (accept) {
		int64_t minutes = in->has_minutes ? in->minutes : asked >= 0 ? asked : r.minutes;
		if ((rc = amend(c, &r, minutes, NULL, reason, vol_volunteer_user(c, vid), &new_id)))
			return rc;
	}
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE vol_corrections SET status=?, answer=?, answered_by=nullif(?, 0), answered_at=?,"
			  " new_record_id=nullif(?, 0), version=version+1, updated_at=? WHERE id=?",
			  "ssiiiii", accept ? "accepted" : "rejected", in->answer ? in->answer : "",
			  c->who ? c->who->user_id : 0, c->now, new_id, c->now, id)) ||
	    (rc = record_commit(c, &cr, accept ? "accept" : "reject")))
		return rc;
	return vol_notify(c, vid, "volunteer.correction_answered", r.region_id,
			  accept ? "服务记录更正申请已通过" : "服务记录更正申请未通过",
			  accept ? "Your correction request was accepted" : "Your correction request was rejected",
			  in->answer, in->answer, "/volunteer/me/records", "vol_correction", id);
}

int vol_correction_accept(struct ctx *c, int64_t id, const void *in)
{
	return answer(c, id, in, true);
}

int vol_correction_reject(struct ctx *c, int64_t id, const void *in)
{
	return answer(c, id, in, false);
}

/* ---------- reading ---------- */

#define RECORD_SELECT                                                                                   \
	"r.id, r.volunteer_id, p.name, v.number, r.region_id, r.kind, r.activity_id, r.signup_id,"         \
	" r.organisation_id, r.organisation_name, r.content, r.place, r.started_at, r.ended_at, r.minutes,"  \
	" r.flagged, r.confirmed_by, r.confirmer_name, r.amends_id, r.amend_reason, r.requested_by,"        \
	" r.created_at, (SELECT n.id FROM vol_records n WHERE n.amends_id=r.id),"                          \
	" (SELECT k.id FROM vol_corrections k WHERE k.record_id=r.id AND k.status='open')"
#define RECORD_FROM \
	" FROM vol_records r JOIN vol_volunteers v ON v.id=r.volunteer_id JOIN people p ON p.id=v.person_id"

static void opt_int(struct jw *w, const char *k, struct stmt *st, int i)
{
	jw_key(w, k);
	if (col_null(st, i))
		jw_null(w);
	else
		jw_int(w, col_int(st, i));
}

static void write_record_row(struct jw *w, struct stmt *st)
{
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 0));
	jw_kint(w, "volunteer_id", col_int(st, 1));
	jw_kstr(w, "volunteer_name", col_text(st, 2));
	jw_kstr(w, "volunteer_number", col_text(st, 3));
	jw_kint(w, "region_id", col_int(st, 4));
	jw_kstr(w, "kind", col_text(st, 5));
	opt_int(w, "activity_id", st, 6);
	opt_int(w, "signup_id", st, 7);
	opt_int(w, "organisation_id", st, 8);
	jw_kstr(w, "organisation_name", col_text(st, 9));
	jw_kstr(w, "content", col_text(st, 10));
	jw_kstr(w, "place", col_text(st, 11));
	jw_ktime(w, "started_at", col_int(st, 12));
	jw_ktime(w, "ended_at", col_int(st, 13));
	jw_kint(w, "minutes", col_int(st, 14));
	jw_key(w, "hours");
	jw_double(w, (double)(col_int(st, 14) / 6) / 10.0);
	jw_kbool(w, "flagged", col_int(st, 15));
	opt_int(w, "confirmed_by", st, 16);
	jw_kstr(w, "confirmer_name", col_text(st, 17));
	opt_int(w, "amends_id", st, 18);
	jw_kstr(w, "amend_reason", col_text(st, 19));
	opt_int(w, "requested_by", st, 20);
	jw_ktime(w, "created_at", col_int(st, 21));
	opt_int(w, "amended_by_id", st, 22);
	jw_kbool(w, "superseded", !col_null(st, 22));
	opt_int(w, "open_correction_id", st, 23);
	jw_obj_end(w);
}

int vol_record_write(struct ctx *c, struct jw *w, int64_t id)
{
	struct rec r;
	bool own;
	int rc;
	if ((rc = load_record(c, id, &r)) || (rc = is_own(c, &r, &own)))
		return rc;
	if (!own && (rc = require_record_manage(c, &r)))
		return rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st, "SELECT " RECORD_SELECT RECORD_FROM " WHERE r.id=?", "i", id)) <= 0)
		return rc;
	write_record_row(w, st);
	stmt_done(st);
	return 0;
}

int vol_records_write(struct ctx *c, struct jw *w, int64_t volunteer_id, int64_t limit, int64_t offset)
{
	bool self;
	int rc = vol_volunteer_visible(c, volunteer_id, &self);
	if (rc)
		return rc;
	int64_t total = 0, minutes = 0;
	if ((rc = db_int(c->db, c->e, &total, "SELECT count(*) FROM vol_records r WHERE r.volunteer_id IN " VOL_SAME_PERSON,
			 "ii", volunteer_id, volunteer_id)) < 0 ||
	    (rc = db_int(c->db, c->e, &minutes, "SELECT total_minutes FROM vol_volunteers WHERE id=?", "i",
			 volunteer_id)) < 0)
		return rc;
	/* Usually no duplicate was merged into the volunteer: then the page is
	 * a walk down vol_records_volunteer that stops after it, instead of
	 * reading and sorting every record of the person (a very active
	 * volunteer has hundreds; bench/volunteers.sh). */
	int64_t merged = 0;
	if ((rc = db_int(c->db, c->e, &merged, "SELECT count(*) FROM vol_volunteers WHERE merged_into=?", "i",
			 volunteer_id)) < 0)
		return rc;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	struct stmt *st = merged ? db_q(c->db, c->e,
					"SELECT " RECORD_SELECT RECORD_FROM " WHERE r.volunteer_id IN " VOL_SAME_PERSON
					" ORDER BY r.started_at DESC, r.id DESC LIMIT ? OFFSET ?",
					"iiii", volunteer_id, volunteer_id, limit, offset)
				 : db_q(c->db, c->e,
					"SELECT " RECORD_SELECT RECORD_FROM " WHERE r.volunteer_id=?"
					" ORDER BY r.started_at DESC, r.id DESC LIMIT ? OFFSET ?",
					"iii", volunteer_id, limit, offset);
	while (st && (rc = stmt_step(st, c->e)) == 1)
		write_record_row(w, st);
	stmt_done(st);
	if (!st || rc < 0)
		return st ? rc : c->e->code;
	jw_arr_end(w);
	jw_kint(w, "total", total);
	jw_kint(w, "page", offset / (limit ? limit : 1) + 1);
	jw_kint(w, "per_page", limit);
	jw_kint(w, "volunteer_id", volunteer_id);
	jw_kint(w, "total_minutes", minutes);
	jw_obj_end(w);
	return 0;
}

int vol_correction_write(struct ctx *c, struct jw *w, int64_t id)
{
	struct record cr;
	int rc = record_head(c, &vol_correction_kind, id, &cr);
	if (rc)
		return rc;
	int64_t record_id = 0;
	if ((rc = db_int(c->db, c->e, &record_id, "SELECT record_id FROM vol_corrections WHERE id=?", "i", id)) < 0)
		return rc;
	struct rec r;
	bool own;
	if ((rc = load_record(c, record_id, &r)) || (rc = is_own(c, &r, &own)))
		return rc;
	if (!own && (rc = require_record_manage(c, &r)))
		return rc;
	jw_obj(w);
	if ((rc = record_write_cols(c, &vol_correction_kind, w, id)))
		return rc;
	jw_obj_end(w);
	return 0;
}

#define CORRECTION_SELECT                                                                        \
	"k.id, k.record_id, k.volunteer_id, p.name, v.number, k.reason, k.minutes, r.minutes, k.status," \
	" k.answer, k.new_record_id, k.created_at, k.answered_at, r.content, r.started_at, k.version, k.region_id"
#define CORRECTION_FROM                                                                                \
	"vol_corrections k JOIN vol_records r ON r.id=k.record_id JOIN vol_volunteers v ON v.id=k.volunteer_id" \
	" JOIN people p ON p.id=v.person_id"

int vol_correction_row(struct stmt *st, void *ctx, struct err *e)
{
	(void)e;
	struct ctx *c = ctx;
	struct jw *w = c->w;
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 0));
	jw_kint(w, "record_id", col_int(st, 1));
	jw_kint(w, "volunteer_id", col_int(st, 2));
	jw_kstr(w, "volunteer_name", col_text(st, 3));
	jw_kstr(w, "volunteer_number", col_text(st, 4));
	jw_kstr(w, "reason", col_text(st, 5));
	opt_int(w, "minutes", st, 6);
	jw_kint(w, "record_minutes", col_int(st, 7));
	jw_kstr(w, "status", col_text(st, 8));
	jw_kstr(w, "answer", col_text(st, 9));
	opt_int(w, "new_record_id", st, 10);
	jw_ktime(w, "created_at", col_int(st, 11));
	jw_ktime(w, "answered_at", col_null(st, 12) ? 0 : col_int(st, 12));
	jw_kstr(w, "record_content", col_text(st, 13));
	jw_ktime(w, "record_started_at", col_int(st, 14));
	jw_kint(w, "version", col_int(st, 15));
	jw_kint(w, "region_id", col_int(st, 16));
	jw_obj_end(w);
	return 0;
}

static const struct list_sort correction_sorts[] = {
	{"id", "k.id", false, true},
	{NULL, NULL, false, false},
};

static const struct list_spec correction_list = {
	.table = "vol_corrections k", .id = "k.id", .region = "k.region_id", .sorts = correction_sorts,
	.default_sort = "id", .select = CORRECTION_SELECT, .from = CORRECTION_FROM, .row_id = "k.id",
};

int vol_corrections_query(struct ctx *c, int64_t region_id, const char *status, struct list_q **out)
{
	const char *path = "/";
	int rc;
	if (region_id) {
		if ((rc = vol_region_path(c, region_id, "region_id", &path)))
			return rc == ERR_NOT_FOUND ? err_set(c->e, ERR_INVALID, "region_id", "区域不存在", "no such region") : rc;
		if (!vol_staff_over(c, path))
			return auth_forbidden(c->e);
	} else if (c->who) {
		const struct grant *g = auth_primary_grant(c->who, VOL_STAFF);
		if (!g)
			return auth_forbidden(c->e);
		path = g->region_path;
	}
	struct list_q *q = list_new(&correction_list);
	if ((rc = list_subtree(q, c->db, path, c->e)) ||
	    (rc = list_eq_enum(q, "k.status", "status", status ? status : "open", vol_correction_statuses, c->e))) {
		list_free(q);
		return rc;
	}
	*out = q;
	return 0;
}
