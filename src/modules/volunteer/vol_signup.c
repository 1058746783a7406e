/*
 * vol_signup.c — sign-ups (接龙) and attendance.
 *
 * A sign-up holds 1 + companions places of one role while it is 'signed';
 * when the role is full (or someone already waits: first come, first
 * served) it is 'waiting', and a freed place goes to the waiting sign-ups
 * in (created_at, id) order as far as they fit (vol_promote_waiting). A
 * volunteer never holds two overlapping shifts: sign-ups copy their
 * activity's times, and a new one (signed, waiting or walk-in) that
 * overlaps another is refused naming the other's title. Walk-ins are
 * logged by the organiser beyond capacity.
 *
 * Check-in and check-out are the organiser's (one, or everyone present) or
 * the volunteer's by scanning the venue code: "A<activity>.<window>.<mac>"
 * where window is the 5-minute slot and mac the first 8 bytes of
 * HMAC-SHA256(activity's qr_key, "A<activity>.<window>"); the current and
 * the previous window are accepted, and only on the activity's day
 * (Asia/Shanghai), so a code photographed yesterday does not work today.
 * A check-out nobody made is closed after the activity's day by
 * vol_close_missed (checkout_method 'auto'); such sign-ups are confirmed
 * one by one (vol_record.c), their records flagged.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "modules/volunteer/vol_internal.h"
#include "modules/volunteer/volunteer.h"
#include "store/store.h"

const char *const vol_signup_statuses[] = {"signed", "waiting", "walk_in", "cancelled", NULL};

static const struct col signup_cols[] = {
	{"id", "编号", COL_INT},
	{"activity_id", "活动", COL_INT},
	{"role_id", "岗位", COL_INT},
	{"volunteer_id", "志愿者", COL_INT},
	{"companions", "同行人数", COL_INT},
	{"status", "状态", COL_TEXT},
	{"checkin_at", "签到", COL_TIME},
	{"checkin_method", "签到方式", COL_TEXT},
	{"checkout_at", "签退", COL_TIME},
	{"checkout_method", "签退方式", COL_TEXT},
	{"record_id", "服务记录", COL_INT},
	{"version", "版本", COL_INT},
};

const struct record_kind vol_signup_kind = {
	.entity = "vol_signup", .what_zh = "报名", .what_en = "sign-up",
	.head_sql = "SELECT s.id, a.region_id, s.version, r.path FROM vol_signups s JOIN vol_activities a"
		    " ON a.id=s.activity_id JOIN regions r ON r.id=a.region_id WHERE s.id=?",
	.row_sql = "SELECT id, activity_id, role_id, volunteer_id, companions, status, checkin_at,"
		   " checkin_method, checkout_at, checkout_method, record_id, version FROM vol_signups WHERE id=?",
	.cols = signup_cols, .ncols = (int)(sizeof signup_cols / sizeof signup_cols[0]),
	.read_roles = ROLES_ANY,
};

struct act {
	int64_t id, region_id, starts_at, ends_at, cancel_before;
	const char *title, *status, *key;
};

static int load_activity(struct ctx *c, int64_t id, const char *field, struct act *a)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT id, region_id, starts_at, ends_at, cancel_before, title, status, qr_key"
			" FROM vol_activities WHERE id=?",
			"i", id);
	if (rc <= 0)
		return rc < 0 ? rc : err_set(c->e, ERR_NOT_FOUND, field, "没有这个活动", "no such activity");
	a->id = col_int(st, 0);
	a->region_id = col_int(st, 1);
	a->starts_at = col_int(st, 2);
	a->ends_at = col_int(st, 3);
	a->cancel_before = col_int(st, 4);
	a->title = arena_strdup(c->a, col_text(st, 5));
	a->status = arena_strdup(c->a, col_text(st, 6));
	a->key = col_text(st, 7) ? arena_strdup(c->a, col_text(st, 7)) : "";
	stmt_done(st);
	return 0;
}

struct su {
	int64_t id, activity_id, role_id, volunteer_id, companions, checkin_at, checkout_at, record_id;
	const char *status;
};

static int load_signup(struct ctx *c, int64_t id, struct su *s)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT id, activity_id, role_id, volunteer_id, companions, status, checkin_at, checkout_at,"
			" record_id FROM vol_signups WHERE id=?",
			"i", id);
	if (rc <= 0)
		return rc < 0 ? rc : err_set(c->e, ERR_NOT_FOUND, "id", "没有这个报名", "no such sign-up");
	s->id = col_int(st, 0);
	s->activity_id = col_int(st, 1);
	s->role_id = col_int(st, 2);
	s->volunteer_id = col_int(st, 3);
	s->companions = col_int(st, 4);
	s->status = arena_strdup(c->a, col_text(st, 5));
	s->checkin_at = col_null(st, 6) ? 0 : col_int(st, 6);
	s->checkout_at = col_null(st, 7) ? 0 : col_int(st, 7);
	s->record_id = col_null(st, 8) ? 0 : col_int(st, 8);
	stmt_done(st);
	return 0;
}

/* The volunteer must be registered and active. */
static int check_volunteer(struct ctx *c, int64_t id, const char *field)
{
	char *status = NULL;
	int rc = db_text(c->db, c->e, c->a, &status, "SELECT status FROM vol_volunteers WHERE id=?", "i", id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, field, "没有这个志愿者", "no such volunteer");
	if (strcmp(status, "active"))
		return err_set(c->e, ERR_RULE, field, "该志愿者已暂停或已合并", "this volunteer is suspended or merged");
	return 0;
}

/* 409 naming activity_id when the volunteer holds a shift overlapping
 * [starts, ends) in another activity. */
static int check_overlap(struct ctx *c, int64_t volunteer_id, const struct act *a)
{
	char *title = NULL;
	int rc = db_text(c->db, c->e, c->a, &title,
			 "SELECT a.title FROM vol_signups s JOIN vol_activities a ON a.id=s.activity_id"
			 " WHERE s.volunteer_id=? AND s.status <> 'cancelled' AND s.starts_at < ? AND s.ends_at > ?"
			 " AND s.activity_id <> ? ORDER BY s.starts_at LIMIT 1",
			 "iiii", volunteer_id, a->ends_at, a->starts_at, a->id);
	if (rc < 0)
		return rc;
	if (rc == 1)
		return err_setf(c->e, ERR_CONFLICT, "activity_id", "时间冲突：已报名同一时段的活动「%s」",
				"time clash: already signed up for \"%s\" at the same time", title);
	return 0;
}

static int role_load(struct ctx *c, int64_t role_id, int64_t activity_id, int64_t *capacity, const char **skills,
		     const char **name)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st, "SELECT capacity, skills, name FROM vol_roles WHERE id=? AND activity_id=?",
			"ii", role_id, activity_id);
	if (rc <= 0)
		return rc < 0 ? rc : err_set(c->e, ERR_INVALID, "role_id", "该活动没有这个岗位", "no such role in this activity");
	*capacity = col_int(st, 0);
	if (skills)
		*skills = arena_strdup(c->a, col_text(st, 1));
	if (name)
		*name = arena_strdup(c->a, col_text(st, 2));
	stmt_done(st);
	return 0;
}

static int role_taken(struct ctx *c, int64_t role_id, int64_t *taken)
{
	int rc = db_int(c->db, c->e, taken,
			"SELECT coalesce(sum(1 + companions), 0) FROM vol_signups WHERE role_id=? AND status='signed'",
			"i", role_id);
	return rc < 0 ? rc : 0;
}

static const char *activity_link(struct ctx *c, int64_t id)
{
	return arena_printf(c->a, "/volunteer/activities/%lld", (long long)id);
}

int vol_promote_waiting(struct ctx *c, int64_t role_id)
{
	int64_t capacity;
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st, "SELECT capacity, activity_id FROM vol_roles WHERE id=?", "i", role_id);
	if (rc <= 0)
		return rc;
	capacity = col_int(st, 0);
	int64_t activity_id = col_int(st, 1);
	stmt_done(st);
	struct act a;
	if ((rc = load_activity(c, activity_id, "id", &a)))
		return rc;
	if (strcmp(a.status, "published") && strcmp(a.status, "draft"))
		return 0;
	for (;;) {
		int64_t taken, next = 0, comp = 0, vid = 0;
		if ((rc = role_taken(c, role_id, &taken)) ||
		    (rc = db_row(c->db, c->e, &st,
				 "SELECT id, companions, volunteer_id FROM vol_signups WHERE role_id=? AND status='waiting'"
				 " ORDER BY created_at, id LIMIT 1",
				 "i", role_id)) < 0)
			return rc;
		if (rc == 0)
			return 0;
		next = col_int(st, 0);
		comp = col_int(st, 1);
		vid = col_int(st, 2);
		stmt_done(st);
		if (taken + 1 + comp > capacity)
			return 0; /* first come, first served: nobody jumps the queue */
		struct record rec;
		if ((rc = record_head(c, &vol_signup_kind, next, &rec)) || (rc = record_begin(c, &rec, -1)) ||
		    (rc = db_exec(c->db, c->e,
				  "UPDATE vol_signups SET status='signed', version=version+1, updated_at=? WHERE id=?",
				  "ii", c->now, next)) ||
		    (rc = record_commit(c, &rec, "promote")) ||
		    (rc = vol_notify(c, vid, "volunteer.promoted", a.region_id,
				     arena_printf(c->a, "候补转正：「%s」", a.title),
				     arena_printf(c->a, "Off the waiting list: %s", a.title),
				     "有人取消报名，你已从候补转为正式报名。", "A place freed up: you are now signed up.",
				     activity_link(c, a.id), "vol_signup", next)))
			return rc;
	}
}

int vol_signup_create(struct ctx *c, int64_t activity_id, const struct vol_signup_in *in, int64_t *id)
{
	struct act a;
	int rc;
	if ((rc = load_activity(c, activity_id, "id", &a)))
		return rc;
	int64_t vid = in->volunteer_id;
	if (vid) {
		if ((rc = vol_require_manage(c, activity_id)) || (rc = check_volunteer(c, vid, "volunteer_id")))
			return rc;
	} else {
		if ((rc = vol_my_volunteer(c, &vid)))
			return rc;
		if (!vid)
			return err_set(c->e, ERR_CONFLICT, "volunteer_id", "请先注册为志愿者", "register as a volunteer first");
		if ((rc = check_volunteer(c, vid, "volunteer_id")))
			return rc;
	}
	if (strcmp(a.status, "published"))
		return err_set(c->e, ERR_RULE, "activity_id", "活动未发布或已取消，不能报名",
			       "the activity is not open for sign-up");
	if (c->now >= a.starts_at)
		return err_set(c->e, ERR_RULE, "activity_id", "活动已开始，不能报名（可由组织者登记现场加入）",
			       "the activity has started: the organiser can log a walk-in");
	int64_t capacity;
	const char *skills, *role_name;
	if ((rc = role_load(c, in->role_id, activity_id, &capacity, &skills, &role_name)))
		return rc;
	char *vskills = NULL;
	if ((rc = db_text(c->db, c->e, c->a, &vskills, "SELECT skills FROM vol_volunteers WHERE id=?", "i", vid)) < 0)
		return rc;
	if (!vol_codes_cover(vskills, skills))
		return err_setf(c->e, ERR_RULE, "role_id", "岗位「%s」需要的技能或资质：%s", "role %s needs the skills %s",
				role_name, skills);
	if (1 + in->companions > capacity)
		return err_setf(c->e, ERR_RULE, "companions", "本岗位共 %lld 个名额，人数超出",
				"the role has %lld places in all: too many people", (long long)capacity);
	int64_t dup = 0;
	if ((rc = db_int(c->db, c->e, &dup,
			 "SELECT count(*) FROM vol_signups WHERE activity_id=? AND volunteer_id=? AND status <> 'cancelled'",
			 "ii", activity_id, vid)) < 0)
		return rc;
	if (dup)
		return err_set(c->e, ERR_CONFLICT, "activity_id", "已报名此活动", "already signed up for this activity");
	if ((rc = check_overlap(c, vid, &a)))
		return rc;
	int64_t taken, waiting = 0;
	if ((rc = role_taken(c, in->role_id, &taken)) ||
	    (rc = db_int(c->db, c->e, &waiting, "SELECT count(*) FROM vol_signups WHERE role_id=? AND status='waiting'",
			 "i", in->role_id)) < 0)
		return rc;
	const char *status = !waiting && taken + 1 + in->companions <= capacity ? "signed" : "waiting";
	struct stmt *st = db_q(c->db, c->e,
			       "INSERT INTO vol_signups (activity_id, role_id, volunteer_id, companions, status,"
			       " starts_at, ends_at, created_by, created_at, updated_at)"
			       " VALUES (?,?,?,?,?,?,?,nullif(?, 0),?,?) RETURNING id",
			       "iiiisiiiii", activity_id, in->role_id, vid, in->companions, status, a.starts_at,
			       a.ends_at, c->who ? c->who->user_id : 0, c->now, c->now);
	if (!st)
		return c->e->code;
	if ((rc = stmt_step(st, c->e)) != 1) {
		stmt_done(st);
		return rc < 0 ? rc : ERR_STORE;
	}
	*id = col_int(st, 0);
	stmt_done(st);
	if ((rc = record_created(c, &vol_signup_kind, *id, a.region_id, NULL)))
		return rc;
	bool signed_up = !strcmp(status, "signed");
	return vol_notify(c, vid, signed_up ? "volunteer.signup_confirmed" : "volunteer.signup_waiting", a.region_id,
			  arena_printf(c->a, signed_up ? "报名成功：「%s」" : "已进入候补：「%s」", a.title),
			  arena_printf(c->a, signed_up ? "Signed up: %s" : "On the waiting list: %s", a.title),
			  arena_printf(c->a, "岗位：%s", role_name), arena_printf(c->a, "Role: %s", role_name),
			  activity_link(c, a.id), "vol_signup", *id);
}

int vol_signup_cancel(struct ctx *c, int64_t id, const void *vin)
{
	(void)vin;
	struct su s;
	struct act a;
	int rc;
	if ((rc = load_signup(c, id, &s)) || (rc = load_activity(c, s.activity_id, "id", &a)))
		return rc;
	bool manage = false;
	int64_t me = 0;
	if ((rc = vol_can_manage(c, s.activity_id, &manage)) || (rc = vol_my_volunteer(c, &me)))
		return rc;
	if (!manage && me != s.volunteer_id)
		return auth_forbidden(c->e);
	if (!strcmp(s.status, "cancelled"))
		return err_set(c->e, ERR_CONFLICT, "status", "报名已取消", "the sign-up is cancelled already");
	if (s.checkin_at)
		return err_set(c->e, ERR_RULE, "status", "已签到，不能取消", "checked in already: cannot cancel");
	if (!manage && c->now >= a.cancel_before)
		return err_set(c->e, ERR_RULE, "cancel_before", "已过取消截止时间，请联系组织者",
			       "past the cancellation deadline: ask the organiser");
	struct record rec;
	if ((rc = record_head(c, &vol_signup_kind, id, &rec)) || (rc = record_begin(c, &rec, -1)) ||
	    (rc = db_exec(c->db, c->e, "UPDATE vol_signups SET status='cancelled', version=version+1, updated_at=? WHERE id=?",
			  "ii", c->now, id)) ||
	    (rc = record_commit(c, &rec, "cancel")))
		return rc;
	return !strcmp(s.status, "signed") ? vol_promote_waiting(c, s.role_id) : 0;
}

int vol_walk_in(struct ctx *c, int64_t activity_id, const struct vol_signup_in *in, int64_t *id)
{
	struct act a;
	int rc;
	int64_t capacity;
	if ((rc = load_activity(c, activity_id, "id", &a)) || (rc = vol_require_manage(c, activity_id)) ||
	    (rc = check_volunteer(c, in->volunteer_id, "volunteer_id")) ||
	    (rc = role_load(c, in->role_id, activity_id, &capacity, NULL, NULL)))
		return rc;
	if (strcmp(a.status, "published") && strcmp(a.status, "finished"))
		return err_set(c->e, ERR_RULE, "activity_id", "活动未发布或已取消", "the activity is not published");
	if (c->now < vol_day_start(a.starts_at))
		return err_set(c->e, ERR_RULE, "activity_id", "活动当天才能登记现场加入",
			       "walk-ins are logged on the activity's day");
	int64_t dup = 0;
	if ((rc = db_int(c->db, c->e, &dup,
			 "SELECT count(*) FROM vol_signups WHERE activity_id=? AND volunteer_id=? AND status <> 'cancelled'",
			 "ii", activity_id, in->volunteer_id)) < 0)
		return rc;
	if (dup)
		return err_set(c->e, ERR_CONFLICT, "volunteer_id", "该志愿者已报名此活动，请直接签到",
			       "this volunteer is signed up already: check them in");
	if ((rc = check_overlap(c, in->volunteer_id, &a)))
		return rc;
	int64_t at = c->now < a.starts_at ? a.starts_at : c->now > a.ends_at ? a.ends_at : c->now;
	struct stmt *st = db_q(c->db, c->e,
			       "INSERT INTO vol_signups (activity_id, role_id, volunteer_id, companions, status,"
			       " starts_at, ends_at, checkin_at, checkin_method, created_by, created_at, updated_at)"
			       " VALUES (?,?,?,0,'walk_in',?,?,?,'organiser',nullif(?, 0),?,?) RETURNING id",
			       "iiiiiiiii", activity_id, in->role_id, in->volunteer_id, a.starts_at, a.ends_at, at,
			       c->who ? c->who->user_id : 0, c->now, c->now);
	if (!st)
		return c->e->code;
	if ((rc = stmt_step(st, c->e)) != 1) {
		stmt_done(st);
		return rc < 0 ? rc : ERR_STORE;
	}
	*id = col_int(st, 0);
	stmt_done(st);
	return record_created(c, &vol_signup_kind, *id, a.region_id, "walk_in");
}

/* ---------- attendance ---------- */

static int set_checkin(struct ctx *c, const struct su *s, const struct act *a, const char *method)
{
	if (strcmp(s->status, "signed") && strcmp(s->status, "walk_in"))
		return err_set(c->e, ERR_RULE, "status", "候补或已取消的报名不能签到",
			       "a waiting or cancelled sign-up cannot check in");
	if (c->now < vol_day_start(a->starts_at) || c->now >= vol_day_start(a->ends_at) + VOL_DAY_US)
		return err_set(c->e, ERR_RULE, "id", "只能在活动当天签到", "check-in is on the activity's day only");
	if (s->checkin_at)
		return err_set(c->e, ERR_CONFLICT, "id", "已签到", "checked in already");
	struct record rec;
	int rc;
	if ((rc = record_head(c, &vol_signup_kind, s->id, &rec)) || (rc = record_begin(c, &rec, -1)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE vol_signups SET checkin_at=?, checkin_method=?, version=version+1, updated_at=? WHERE id=?",
			  "isii", c->now, method, c->now, s->id)))
		return rc;
	return record_commit(c, &rec, "check_in");
}

static int set_checkout(struct ctx *c, const struct su *s, const struct act *a, const char *method)
{
	if (!s->checkin_at)
		return err_set(c->e, ERR_RULE, "id", "尚未签到", "not checked in");
	if (s->checkout_at)
		return err_set(c->e, ERR_CONFLICT, "id", "已签退", "checked out already");
	int64_t day_end = vol_day_start(a->ends_at) + VOL_DAY_US;
	int64_t at = c->now < day_end ? c->now : day_end;
	struct record rec;
	int rc;
	if ((rc = record_head(c, &vol_signup_kind, s->id, &rec)) || (rc = record_begin(c, &rec, -1)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE vol_signups SET checkout_at=?, checkout_method=?, version=version+1, updated_at=? WHERE id=?",
			  "isii", at, method, c->now, s->id)))
		return rc;
	return record_commit(c, &rec, "check_out");
}

static int organiser_step(struct ctx *c, int64_t id, bool in)
{
	struct su s;
	struct act a;
	int rc;
	if ((rc = load_signup(c, id, &s)) || (rc = load_activity(c, s.activity_id, "id", &a)) ||
	    (rc = vol_require_manage(c, s.activity_id)))
		return rc;
	return in ? set_checkin(c, &s, &a, "organiser") : set_checkout(c, &s, &a, "organiser");
}

int vol_checkin(struct ctx *c, int64_t signup_id, const void *in)
{
	(void)in;
	return organiser_step(c, signup_id, true);
}

int vol_checkout(struct ctx *c, int64_t signup_id, const void *in)
{
	(void)in;
	return organiser_step(c, signup_id, false);
}

int vol_checkin_all(struct ctx *c, int64_t activity_id, int64_t *n)
{
	struct act a;
	int rc;
	*n = 0;
	if ((rc = load_activity(c, activity_id, "id", &a)) || (rc = vol_require_manage(c, activity_id)))
		return rc;
	for (;;) {
		int64_t sid = 0;
		if ((rc = db_int(c->db, c->e, &sid,
				 "SELECT id FROM vol_signups WHERE activity_id=? AND status IN ('signed','walk_in')"
				 " AND checkin_at IS NULL ORDER BY id LIMIT 1",
				 "i", activity_id)) < 0)
			return rc;
		if (rc == 0)
			return 0;
		struct su s;
		if ((rc = load_signup(c, sid, &s)) || (rc = set_checkin(c, &s, &a, "organiser")))
			return rc;
		(*n)++;
	}
}

/* ---------- the venue code ---------- */

static void code_mac(const struct act *a, int64_t window, char out[17])
{
	unsigned char key[32] = {0}, mac[crypto_auth_hmacsha256_BYTES];
	size_t klen = 0;
	sodium_hex2bin(key, sizeof key, a->key, strlen(a->key), NULL, &klen, NULL);
	char msg[64];
	int n = snprintf(msg, sizeof msg, "A%lld.%lld", (long long)a->id, (long long)window);
	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, (unsigned long long)n, key);
	sodium_bin2hex(out, 17, mac, 8);
}

static bool on_activity_day(const struct act *a, int64_t now)
{
	return now >= vol_day_start(a->starts_at) && now < vol_day_start(a->ends_at) + VOL_DAY_US;
}

int vol_venue_code(struct ctx *c, int64_t activity_id, char **code, int64_t *expires_at)
{
	struct act a;
	int rc;
	if ((rc = load_activity(c, activity_id, "id", &a)) || (rc = vol_require_manage(c, activity_id)))
		return rc;
	if (strcmp(a.status, "published"))
		return err_set(c->e, ERR_RULE, "id", "活动未发布或已取消", "the activity is not published");
	if (!on_activity_day(&a, c->now))
		return err_set(c->e, ERR_RULE, "id", "签到码只在活动当天提供", "the venue code is shown on the activity's day only");
	int64_t window = c->now / VOL_QR_WINDOW_US;
	char mac[17];
	code_mac(&a, window, mac);
	*code = arena_printf(c->a, "A%lld.%lld.%s", (long long)a.id, (long long)window, mac);
	*expires_at = (window + 1) * VOL_QR_WINDOW_US;
	return 0;
}

int vol_scan(struct ctx *c, const char *code, int64_t *signup_id, const char **action)
{
	long long aid = 0, window = 0;
	char mac[17] = {0}, want[17];
	int used = 0;
	static const char *bad_zh = "签到码无效或已过期，请扫描现场最新的二维码";
	static const char *bad_en = "the code is invalid or expired: scan the one shown at the venue now";
	if (!code || sscanf(code, "A%lld.%lld.%16[0-9a-f]%n", &aid, &window, mac, &used) != 3 ||
	    (size_t)used != strlen(code) || strlen(mac) != 16 || aid <= 0)
		return err_set(c->e, ERR_RULE, "code", bad_zh, bad_en);
	struct act a;
	int rc = load_activity(c, aid, "code", &a);
	if (rc == ERR_NOT_FOUND)
		return err_set(c->e, ERR_RULE, "code", bad_zh, bad_en);
	if (rc)
		return rc;
	int64_t now_w = c->now / VOL_QR_WINDOW_US;
	code_mac(&a, window, want);
	if ((window != now_w && window != now_w - 1) || sodium_memcmp(mac, want, 16) != 0 ||
	    !on_activity_day(&a, c->now) || strcmp(a.status, "published"))
		return err_set(c->e, ERR_RULE, "code", bad_zh, bad_en);
	int64_t me = 0;
	if ((rc = vol_my_volunteer(c, &me)))
		return rc;
	if (!me)
		return err_set(c->e, ERR_RULE, "code", "请先注册为志愿者", "register as a volunteer first");
	/* the one live sign-up (vol_signups_one: a probe, not the volunteer's
	 * every sign-up), which must be signed or a walk-in */
	int64_t sid = 0;
	char *st_now = NULL;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st,
			 "SELECT id, status FROM vol_signups WHERE activity_id=? AND volunteer_id=? AND status <> 'cancelled'",
			 "ii", a.id, me)) < 0)
		return rc;
	if (rc == 1) {
		sid = col_int(st, 0);
		st_now = arena_strdup(c->a, col_text(st, 1));
		stmt_done(st);
		if (strcmp(st_now, "signed") && strcmp(st_now, "walk_in"))
			sid = 0;
	}
	if (!sid)
		return err_set(c->e, ERR_RULE, "code", "你没有报名此活动（或仍在候补），请联系现场组织者登记",
			       "you are not signed up for this activity (or still waiting): ask the organiser");
	struct su s;
	if ((rc = load_signup(c, sid, &s)))
		return rc;
	*signup_id = sid;
	if (!s.checkin_at) {
		*action = "check_in";
		return set_checkin(c, &s, &a, "qr");
	}
	if (s.checkout_at)
		return err_set(c->e, ERR_CONFLICT, "code", "已签退", "checked out already");
	if (c->now - s.checkin_at < 60LL * 1000000)
		return err_set(c->e, ERR_CONFLICT, "code", "刚刚已签到，离开时再扫码签退",
			       "just checked in: scan again when you leave to check out");
	*action = "check_out";
	return set_checkout(c, &s, &a, "qr");
}

int vol_close_missed(struct ctx *c, int64_t activity_id, int64_t *n)
{
	*n = 0;
	int64_t before = vol_day_start(c->now);
	for (;;) {
		int64_t sid = 0;
		int rc = activity_id
				 ? db_int(c->db, c->e, &sid,
					  "SELECT id FROM vol_signups WHERE activity_id=? AND checkin_at IS NOT NULL AND"
					  " checkout_at IS NULL AND ends_at < ? ORDER BY id LIMIT 1",
					  "ii", activity_id, before)
				 : db_int(c->db, c->e, &sid,
					  "SELECT id FROM vol_signups WHERE checkin_at IS NOT NULL AND checkout_at IS NULL"
					  " AND ends_at < ? ORDER BY ends_at, id LIMIT 1",
					  "i", before);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return 0;
		struct record rec;
		if ((rc = record_head(c, &vol_signup_kind, sid, &rec)) || (rc = record_begin(c, &rec, -1)) ||
		    (rc = db_exec(c->db, c->e,
				  "UPDATE vol_signups SET checkout_at=CASE WHEN checkin_at > ends_at THEN checkin_at"
				  " ELSE ends_at END, checkout_method='auto', version=version+1, updated_at=? WHERE id=?",
				  "ii", c->now, sid)) ||
		    (rc = record_commit(c, &rec, "auto_close")))
			return rc;
		(*n)++;
	}
}

/* ---------- reading ---------- */

#define SIGNUP_SELECT                                                                                  \
	"s.id, s.activity_id, a.title, s.role_id, o.name, s.volunteer_id, p.name, v.number, s.companions,"  \
	" s.status, s.starts_at, s.ends_at, s.checkin_at, s.checkin_method, s.checkout_at, s.checkout_method," \
	" s.record_id, rec.minutes, s.version, s.created_at, a.cancel_before, a.place, a.status,"           \
	" (SELECT count(*) FROM vol_signups w WHERE w.role_id=s.role_id AND w.status='waiting' AND"          \
	" (w.created_at < s.created_at OR (w.created_at = s.created_at AND w.id <= s.id)))"
#define SIGNUP_FROM                                                                                    \
	" FROM vol_signups s JOIN vol_activities a ON a.id=s.activity_id JOIN vol_roles o ON o.id=s.role_id" \
	" JOIN vol_volunteers v ON v.id=s.volunteer_id JOIN people p ON p.id=v.person_id"                   \
	" LEFT JOIN vol_records rec ON rec.id=s.record_id"

static void null_or_int(struct jw *w, const char *k, struct stmt *st, int i)
{
	jw_key(w, k);
	if (col_null(st, i))
		jw_null(w);
	else
		jw_int(w, col_int(st, i));
}

static void write_signup_row(struct ctx *c, struct jw *w, struct stmt *st)
{
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 0));
	jw_kint(w, "activity_id", col_int(st, 1));
	jw_kstr(w, "activity_title", col_text(st, 2));
	jw_kint(w, "role_id", col_int(st, 3));
	jw_kstr(w, "role_name", col_text(st, 4));
	jw_kint(w, "volunteer_id", col_int(st, 5));
	jw_kstr(w, "volunteer_name", col_text(st, 6));
	jw_kstr(w, "volunteer_number", col_text(st, 7));
	jw_kint(w, "companions", col_int(st, 8));
	const char *status = col_text(st, 9);
	jw_kstr(w, "status", status);
	jw_key(w, "position");
	if (!strcmp(status, "waiting"))
		jw_int(w, col_int(st, 23));
	else
		jw_null(w);
	jw_ktime(w, "starts_at", col_int(st, 10));
	jw_ktime(w, "ends_at", col_int(st, 11));
	jw_ktime(w, "checkin_at", col_null(st, 12) ? 0 : col_int(st, 12));
	jw_kstr(w, "checkin_method", col_text(st, 13));
	jw_ktime(w, "checkout_at", col_null(st, 14) ? 0 : col_int(st, 14));
	jw_kstr(w, "checkout_method", col_text(st, 15));
	jw_kbool(w, "flagged", col_text(st, 15) && !strcmp(col_text(st, 15), "auto"));
	jw_key(w, "on_site_minutes");
	if (col_null(st, 12) || col_null(st, 14))
		jw_null(w);
	else
		jw_int(w, (col_int(st, 14) - col_int(st, 12)) / (60LL * 1000000));
	null_or_int(w, "record_id", st, 16);
	null_or_int(w, "minutes", st, 17);
	jw_kint(w, "version", col_int(st, 18));
	jw_ktime(w, "created_at", col_int(st, 19));
	jw_ktime(w, "cancel_before", col_int(st, 20));
	jw_kstr(w, "place", col_text(st, 21));
	jw_kstr(w, "activity_status",
		!strcmp(col_text(st, 22), "published") && col_int(st, 11) < c->now ? "finished" : col_text(st, 22));
	jw_kbool(w, "can_cancel", strcmp(status, "cancelled") && col_null(st, 12) && c->now < col_int(st, 20));
	jw_obj_end(w);
}

/* The sign-up as it now stands, without asking again who may read it: for
 * the answer to a scan, which found it as the caller's own (a check-in
 * holds the write lock: two statements fewer per check-in). */
int vol_scan_signup_write(struct ctx *c, struct jw *w, int64_t id)
{
	struct stmt *st;
	int rc;
	if ((rc = db_row(c->db, c->e, &st, "SELECT " SIGNUP_SELECT SIGNUP_FROM " WHERE s.id=?", "i", id)) <= 0)
		return rc;
	write_signup_row(c, w, st);
	stmt_done(st);
	return 0;
}

int vol_signup_write(struct ctx *c, struct jw *w, int64_t id)
{
	struct su s;
	int rc = load_signup(c, id, &s);
	if (rc)
		return rc;
	int64_t me = 0;
	bool manage = false;
	if ((rc = vol_my_volunteer(c, &me)))
		return rc;
	if (me != s.volunteer_id && ((rc = vol_can_manage(c, s.activity_id, &manage)) || !manage))
		return rc ? rc : auth_forbidden(c->e);
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st, "SELECT " SIGNUP_SELECT SIGNUP_FROM " WHERE s.id=?", "i", id)) <= 0)
		return rc;
	write_signup_row(c, w, st);
	stmt_done(st);
	return 0;
}

static int write_signups(struct ctx *c, struct jw *w, struct stmt *st, int64_t *total)
{
	int rc = 0;
	*total = 0;
	jw_key(w, "items");
	jw_arr(w);
	while (st && (rc = stmt_step(st, c->e)) == 1) {
		write_signup_row(c, w, st);
		(*total)++;
	}
	stmt_done(st);
	jw_arr_end(w);
	return st ? (rc < 0 ? rc : 0) : c->e->code;
}

int vol_roster_write(struct ctx *c, struct jw *w, int64_t activity_id)
{
	int rc = vol_require_manage(c, activity_id);
	if (rc)
		return rc;
	int64_t total;
	jw_obj(w);
	jw_kint(w, "activity_id", activity_id);
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT " SIGNUP_SELECT SIGNUP_FROM " WHERE s.activity_id=? ORDER BY CASE s.status"
			       " WHEN 'signed' THEN 0 WHEN 'walk_in' THEN 1 WHEN 'waiting' THEN 2 ELSE 3 END,"
			       " s.created_at, s.id",
			       "i", activity_id);
	if ((rc = write_signups(c, w, st, &total)))
		return rc;
	jw_kint(w, "total", total);
	jw_obj_end(w);
	return 0;
}

int vol_my_activities_write(struct ctx *c, struct jw *w)
{
	int64_t me = 0, total = 0;
	int rc = vol_my_volunteer(c, &me);
	if (rc)
		return rc;
	/* upcoming first (soonest first), then the past (latest first) */
	jw_obj(w);
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT " SIGNUP_SELECT SIGNUP_FROM " WHERE s.volunteer_id=? AND s.status <> 'cancelled'"
			       " ORDER BY CASE WHEN s.ends_at >= ? THEN 0 ELSE 1 END,"
			       " CASE WHEN s.ends_at >= ? THEN s.starts_at ELSE -s.starts_at END LIMIT 300",
			       "iii", me, c->now, c->now);
	if ((rc = write_signups(c, w, st, &total)))
		return rc;
	jw_kint(w, "total", total);
	jw_kint(w, "page", 1);
	jw_kint(w, "per_page", 300);
	jw_obj_end(w);
	return 0;
}
