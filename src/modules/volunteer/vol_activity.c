/*
 * vol_activity.c — activities: organised by a team and the organisation
 * behind it (the body that records and certifies: 谁组织谁记录，谁记录谁
 * 证明), at a place and time, with roles that each have a capacity and the
 * skills they need. An activity is organised by staff over its region or
 * by its team's leader (vol_can_manage). Each gets 32 random bytes, the key
 * its venue code rotates on (vol_signup.c). Cancelling an activity cancels
 * its sign-ups and tells the volunteers.
 */
#include <sodium.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "modules/volunteer/vol_internal.h"
#include "modules/volunteer/volunteer.h"
#include "store/list.h"
#include "store/store.h"

const char *const vol_activity_statuses[] = {"draft", "published", "cancelled", "finished", NULL};

static const struct col activity_cols[] = {
	{"id", "编号", COL_INT},
	{"region_id", "社区", COL_INT},
	{"team_id", "队伍", COL_INT},
	{"organisation_id", "组织单位", COL_INT},
	{"title", "名称", COL_TEXT},
	{"description", "内容", COL_TEXT},
	{"place", "地点", COL_TEXT},
	{"starts_at", "开始", COL_TIME},
	{"ends_at", "结束", COL_TIME},
	{"cancel_before", "取消截止", COL_TIME},
	{"contact_name", "联系人", COL_TEXT},
	{"contact_phone", "联系电话", COL_TEXT},
	{"audience", "服务对象", COL_TEXT},
	{"status", "状态", COL_TEXT},
	{"version", "版本", COL_INT},
};

const struct record_kind vol_activity_kind = {
	.entity = "vol_activity", .what_zh = "活动", .what_en = "activity",
	.head_sql = "SELECT a.id, a.region_id, a.version, r.path FROM vol_activities a"
		    " JOIN regions r ON r.id=a.region_id WHERE a.id=?",
	.row_sql = "SELECT a.id, a.region_id, a.team_id, a.organisation_id, a.title, a.description, a.place,"
		   " a.starts_at, a.ends_at, a.cancel_before, a.contact_name, a.contact_phone, a.audience,"
		   " a.status, a.version FROM vol_activities a WHERE a.id=?",
	.cols = activity_cols, .ncols = (int)(sizeof activity_cols / sizeof activity_cols[0]),
	.read_roles = ROLES_ANY,
};

int vol_can_manage(struct ctx *c, int64_t activity_id, bool *yes)
{
	*yes = false;
	struct record rec;
	int rc = record_head(c, &vol_activity_kind, activity_id, &rec);
	if (rc)
		return rc;
	if (vol_staff_over(c, rec.path)) {
		*yes = true;
		return 0;
	}
	int64_t n = 0;
	if ((rc = db_int(c->db, c->e, &n,
			 "SELECT count(*) FROM vol_activities a JOIN teams t ON t.id=a.team_id"
			 " JOIN people p ON p.id=t.leader_person_id WHERE a.id=? AND p.user_id=?",
			 "ii", activity_id, c->who->user_id)) < 0)
		return rc;
	*yes = n > 0;
	return 0;
}

int vol_require_manage(struct ctx *c, int64_t activity_id)
{
	bool yes;
	int rc = vol_can_manage(c, activity_id, &yes);
	return rc ? rc : yes ? 0 : auth_forbidden(c->e);
}

/* The team and organisation given must exist; the team must be of the
 * activity's region or above it, the organisation defaults to the team's. */
static int check_refs(struct ctx *c, const struct vol_activity_in *in, int64_t *org)
{
	int rc;
	*org = in->organisation_id;
	if (in->team_id) {
		struct stmt *st;
		if ((rc = db_row(c->db, c->e, &st, "SELECT organisation_id FROM teams WHERE id=? AND status='active'",
				 "i", in->team_id)) < 0)
			return rc;
		if (rc == 0)
			return err_set(c->e, ERR_INVALID, "team_id", "没有这个队伍", "no such team");
		if (!*org && !col_null(st, 0))
			*org = col_int(st, 0);
		stmt_done(st);
	}
	if (in->organisation_id) {
		int64_t n = 0;
		if ((rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM organisations WHERE id=?", "i",
				 in->organisation_id)) < 0)
			return rc;
		if (!n)
			return err_set(c->e, ERR_INVALID, "organisation_id", "没有这个组织", "no such organisation");
	}
	return 0;
}

static int check_times(struct ctx *c, int64_t starts, int64_t ends, int64_t cancel_before)
{
	if (ends <= starts)
		return err_set(c->e, ERR_INVALID, "ends_at", "结束时间应晚于开始时间", "ends_at must be after starts_at");
	if (ends - starts > VOL_DAY_US)
		return err_set(c->e, ERR_INVALID, "ends_at", "一次活动不超过 24 小时，请分多次发布",
			       "an activity lasts at most 24 hours: publish several");
	if (cancel_before > starts)
		return err_set(c->e, ERR_INVALID, "cancel_before", "取消截止时间不能晚于开始时间",
			       "cancel_before must not be after starts_at");
	return 0;
}

static int insert_roles(struct ctx *c, int64_t activity_id, const struct vol_activity_in *in, bool upsert)
{
	for (int i = 0; i < in->nroles; i++) {
		const struct vol_role_in *r = &in->roles[i];
		int rc;
		if (upsert) {
			int64_t taken = 0;
			if ((rc = db_int(c->db, c->e, &taken,
					 "SELECT coalesce(sum(1 + s.companions), 0) FROM vol_signups s JOIN vol_roles o"
					 " ON o.id=s.role_id WHERE o.activity_id=? AND o.name=? AND s.status='signed'",
					 "is", activity_id, r->name)) < 0)
				return rc;
			if (taken > r->capacity)
				return err_setf(c->e, ERR_RULE, "roles", "岗位「%s」已有 %lld 人报名，名额不能少于此数",
						"role %s has %lld signed up: capacity cannot be less", r->name,
						(long long)taken);
			if ((rc = db_exec(c->db, c->e,
					  "UPDATE vol_roles SET capacity=?, skills=? WHERE activity_id=? AND name=?",
					  "isis", r->capacity, r->skills ? r->skills : "", activity_id, r->name)))
				return rc;
			if (db_changes(c->db))
				continue;
		}
		if ((rc = db_exec(c->db, c->e,
				  "INSERT INTO vol_roles (activity_id, name, capacity, skills) VALUES (?,?,?,?)"
				  " ON CONFLICT (activity_id, name) DO NOTHING",
				  "isis", activity_id, r->name, r->capacity, r->skills ? r->skills : "")))
			return rc;
		if (!db_changes(c->db))
			return err_setf(c->e, ERR_INVALID, "roles", "岗位名称重复：%s", "duplicate role name: %s",
					r->name);
	}
	return 0;
}

int vol_activity_create(struct ctx *c, const void *vin, int64_t *id)
{
	const struct vol_activity_in *in = vin;
	const char *path;
	int64_t org;
	int rc;
	if ((rc = vol_region_path(c, in->region_id, "region_id", &path)))
		return rc == ERR_NOT_FOUND ? err_set(c->e, ERR_INVALID, "region_id", "区域不存在", "no such region") : rc;
	if (!vol_staff_over(c, path)) {
		/* a team's leader organises the team's activities */
		int64_t n = 0;
		if (in->team_id && c->who &&
		    (rc = db_int(c->db, c->e, &n,
				 "SELECT count(*) FROM teams t JOIN people p ON p.id=t.leader_person_id"
				 " WHERE t.id=? AND p.user_id=? AND t.region_id=?",
				 "iii", in->team_id, c->who->user_id, in->region_id)) < 0)
			return rc;
		if (!n)
			return auth_forbidden(c->e);
	}
	if (!in->nroles)
		return err_set(c->e, ERR_INVALID, "roles", "至少设置一个岗位", "at least one role is needed");
	int64_t cancel_before = in->has_cancel_before ? in->cancel_before : in->starts_at - 24LL * 3600 * 1000000;
	if ((rc = check_times(c, in->starts_at, in->ends_at, cancel_before)) || (rc = check_refs(c, in, &org)))
		return rc;
	unsigned char key[32];
	char keyhex[65];
	randombytes_buf(key, sizeof key);
	sodium_bin2hex(keyhex, sizeof keyhex, key, sizeof key);
	struct stmt *st = db_q(c->db, c->e,
			       "INSERT INTO vol_activities (region_id, team_id, organisation_id, title, description,"
			       " place, latitude, longitude, starts_at, ends_at, cancel_before, contact_name,"
			       " contact_phone, audience, status, qr_key, created_by, version, created_at, updated_at)"
			       " VALUES (?, nullif(?, 0), nullif(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
			       " nullif(?, 0), 1, ?, ?) RETURNING id",
			       "iiisssddiiisssssiii", in->region_id, in->team_id, org, in->title,
			       in->description ? in->description : "", in->place,
			       in->has_latitude ? in->latitude : 0.0, in->has_longitude ? in->longitude : 0.0,
			       in->starts_at, in->ends_at, cancel_before, in->contact_name, in->contact_phone,
			       in->audience ? in->audience : "", in->status ? in->status : "published",
			       keyhex, c->who ? c->who->user_id : 0, c->now, c->now);
	if (!st)
		return c->e->code;
	if ((rc = stmt_step(st, c->e)) != 1) {
		stmt_done(st);
		return rc < 0 ? rc : err_set(c->e, ERR_STORE, NULL, "写入失败", "insert failed");
	}
	*id = col_int(st, 0);
	stmt_done(st);
	if (!in->has_latitude &&
	    (rc = db_exec(c->db, c->e, "UPDATE vol_activities SET latitude=NULL, longitude=NULL WHERE id=?", "i", *id)))
		return rc;
	if ((rc = insert_roles(c, *id, in, false)))
		return rc;
	return record_created(c, &vol_activity_kind, *id, in->region_id, NULL);
}

int vol_activity_update(struct ctx *c, int64_t id, const void *vin)
{
	const struct vol_activity_in *in = vin;
	struct record rec;
	int rc;
	if ((rc = record_head(c, &vol_activity_kind, id, &rec)) || (rc = vol_require_manage(c, id)) ||
	    (rc = record_begin(c, &rec, in->version)))
		return rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st, "SELECT starts_at, ends_at, cancel_before, status FROM vol_activities"
			 " WHERE id=?", "i", id)) <= 0)
		return rc;
	int64_t starts = in->has_starts_at ? in->starts_at : col_int(st, 0);
	int64_t ends = in->has_ends_at ? in->ends_at : col_int(st, 1);
	int64_t cb = in->has_cancel_before ? in->cancel_before : col_int(st, 2);
	bool closed = strcmp(col_text(st, 3), "cancelled") == 0 || strcmp(col_text(st, 3), "finished") == 0;
	stmt_done(st);
	if (closed)
		return err_set(c->e, ERR_RULE, "status", "活动已取消或已结束，不能修改",
			       "the activity is cancelled or finished and cannot be changed");
	if (in->status && strcmp(in->status, "draft") && strcmp(in->status, "published"))
		return err_set(c->e, ERR_INVALID, "status", "状态只能改为草稿或已发布（取消请用取消操作）",
			       "status can be draft or published (use cancel to cancel)");
	if (in->has_cancel_before == false && in->has_starts_at && cb > starts)
		cb = starts;
	if ((rc = check_times(c, starts, ends, cb)))
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE vol_activities SET title=coalesce(?, title), description=coalesce(?, description),"
			  " place=coalesce(?, place), latitude=CASE WHEN ?=1 THEN ? ELSE latitude END,"
			  " longitude=CASE WHEN ?=1 THEN ? ELSE longitude END, starts_at=?, ends_at=?,"
			  " cancel_before=?, contact_name=coalesce(?, contact_name),"
			  " contact_phone=coalesce(?, contact_phone), audience=coalesce(?, audience),"
			  " status=coalesce(?, status), version=version+1, updated_at=? WHERE id=?",
			  "sssididiiissssii", in->title, in->description, in->place, (int64_t)in->has_latitude,
			  in->latitude, (int64_t)in->has_longitude, in->longitude, starts, ends, cb,
			  in->contact_name, in->contact_phone, in->audience, in->status, c->now, id)))
		return rc;
	/* the sign-ups carry the shift's times for the overlap check */
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE vol_signups SET starts_at=?, ends_at=? WHERE activity_id=? AND status <> 'cancelled'",
			  "iii", starts, ends, id)))
		return rc;
	if (in->has_roles) {
		if ((rc = insert_roles(c, id, in, true)))
			return rc;
		struct stmt *rs = db_q(c->db, c->e, "SELECT id FROM vol_roles WHERE activity_id=? ORDER BY id", "i", id);
		int64_t roles[64];
		int n = 0;
		while (rs && (rc = stmt_step(rs, c->e)) == 1 && n < 64)
			roles[n++] = col_int(rs, 0);
		stmt_done(rs);
		if (rc < 0)
			return rc;
		for (int i = 0; i < n; i++)
			if ((rc = vol_promote_waiting(c, roles[i])))
				return rc;
	}
	return record_commit(c, &rec, "update");
}

int vol_activity_cancel(struct ctx *c, int64_t id, const void *vin)
{
	(void)vin;
	struct record rec;
	int rc;
	if ((rc = record_head(c, &vol_activity_kind, id, &rec)) || (rc = vol_require_manage(c, id)) ||
	    (rc = record_begin(c, &rec, -1)))
		return rc;
	char *status = NULL, *title = NULL;
	if ((rc = db_text(c->db, c->e, c->a, &status, "SELECT status FROM vol_activities WHERE id=?", "i", id)) < 0 ||
	    (rc = db_text(c->db, c->e, c->a, &title, "SELECT title FROM vol_activities WHERE id=?", "i", id)) < 0)
		return rc;
	if (!strcmp(status, "cancelled"))
		return err_set(c->e, ERR_CONFLICT, "status", "活动已取消", "the activity is cancelled already");
	int64_t started = 0;
	if ((rc = db_int(c->db, c->e, &started,
			 "SELECT count(*) FROM vol_signups WHERE activity_id=? AND checkin_at IS NOT NULL", "i", id)) < 0)
		return rc;
	if (started)
		return err_set(c->e, ERR_RULE, "status", "已有志愿者签到，活动不能取消",
			       "volunteers have checked in: the activity cannot be cancelled");
	/* tell everyone who held a place or waited */
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT id, volunteer_id FROM vol_signups WHERE activity_id=? AND status <> 'cancelled'",
			       "i", id);
	int64_t ids[512][2];
	int n = 0;
	while (st && (rc = stmt_step(st, c->e)) == 1 && n < 512) {
		ids[n][0] = col_int(st, 0);
		ids[n++][1] = col_int(st, 1);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < n; i++) {
		struct record s;
		if ((rc = record_head(c, &vol_signup_kind, ids[i][0], &s)) || (rc = record_begin(c, &s, -1)) ||
		    (rc = db_exec(c->db, c->e,
				  "UPDATE vol_signups SET status='cancelled', version=version+1, updated_at=? WHERE id=?",
				  "ii", c->now, ids[i][0])) ||
		    (rc = record_commit(c, &s, "cancel")) ||
		    (rc = vol_notify(c, ids[i][1], "volunteer.activity_cancelled", rec.region_id,
				     arena_printf(c->a, "活动「%s」已取消", title),
				     arena_printf(c->a, "Activity cancelled: %s", title), NULL, NULL,
				     arena_printf(c->a, "/volunteer/activities/%lld", (long long)id), "vol_activity", id)))
			return rc;
	}
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE vol_activities SET status='cancelled', version=version+1, updated_at=? WHERE id=?",
			  "ii", c->now, id)))
		return rc;
	return record_commit(c, &rec, "cancel");
}

/* ---------- reading ---------- */

#define ACTIVITY_SELECT                                                                              \
	"a.id, a.region_id, g.name, a.team_id, t.name, a.organisation_id, o.name, a.title, a.description," \
	" a.place, a.latitude, a.longitude, a.starts_at, a.ends_at, a.cancel_before, a.contact_name,"     \
	" a.contact_phone, a.audience, a.status, a.version,"                                            \
	" (SELECT coalesce(sum(ro.capacity), 0) FROM vol_roles ro WHERE ro.activity_id=a.id),"          \
	" (SELECT coalesce(sum(1 + s.companions), 0) FROM vol_signups s WHERE s.activity_id=a.id"       \
	" AND s.status='signed'),"                                                                      \
	" (SELECT count(*) FROM vol_signups s WHERE s.activity_id=a.id AND s.status='waiting')"
#define ACTIVITY_FROM                                                                 \
	"vol_activities a JOIN regions g ON g.id=a.region_id LEFT JOIN teams t ON t.id=a.team_id" \
	" LEFT JOIN organisations o ON o.id=a.organisation_id"

static void write_ref_or_null(struct jw *w, const char *key, struct stmt *st, int i)
{
	jw_key(w, key);
	if (col_null(st, i))
		jw_null(w);
	else
		jw_int(w, col_int(st, i));
}

/* A published activity whose end has passed reads as finished (nothing
 * stores that: the status follows the clock). */
static void write_activity_cols(struct jw *w, struct stmt *st, int64_t now)
{
	jw_kint(w, "id", col_int(st, 0));
	jw_kint(w, "region_id", col_int(st, 1));
	jw_kstr(w, "region_name", col_text(st, 2));
	write_ref_or_null(w, "team_id", st, 3);
	jw_kstr(w, "team_name", col_text(st, 4));
	write_ref_or_null(w, "organisation_id", st, 5);
	jw_kstr(w, "organisation_name", col_text(st, 6));
	jw_kstr(w, "title", col_text(st, 7));
	jw_kstr(w, "description", col_text(st, 8));
	jw_kstr(w, "place", col_text(st, 9));
	jw_key(w, "latitude");
	col_null(st, 10) ? jw_null(w) : jw_double(w, col_double(st, 10));
	jw_key(w, "longitude");
	col_null(st, 11) ? jw_null(w) : jw_double(w, col_double(st, 11));
	jw_ktime(w, "starts_at", col_int(st, 12));
	jw_ktime(w, "ends_at", col_int(st, 13));
	jw_ktime(w, "cancel_before", col_int(st, 14));
	jw_kstr(w, "contact_name", col_text(st, 15));
	jw_kstr(w, "contact_phone", col_text(st, 16));
	jw_kstr(w, "audience", col_text(st, 17));
	jw_kstr(w, "status", !strcmp(col_text(st, 18), "published") && col_int(st, 13) < now ? "finished" : col_text(st, 18));
	jw_kint(w, "version", col_int(st, 19));
	jw_kint(w, "capacity", col_int(st, 20));
	jw_kint(w, "taken", col_int(st, 21));
	jw_kint(w, "waiting", col_int(st, 22));
}

int vol_activity_write(struct ctx *c, struct jw *w, int64_t id)
{
	struct record rec;
	int rc = record_head(c, &vol_activity_kind, id, &rec);
	if (rc)
		return rc;
	bool manage = false;
	if ((rc = vol_can_manage(c, id, &manage)))
		return rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st, "SELECT " ACTIVITY_SELECT " FROM " ACTIVITY_FROM " WHERE a.id=?", "i",
			 id)) <= 0)
		return rc;
	/* drafts are the organisers' */
	if (!manage && !strcmp(col_text(st, 18), "draft")) {
		stmt_done(st);
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这个活动", "no such activity");
	}
	jw_obj(w);
	write_activity_cols(w, st, c->now);
	stmt_done(st);
	jw_kbool(w, "can_manage", manage);
	jw_key(w, "roles");
	jw_arr(w);
	st = db_q(c->db, c->e,
		  "SELECT o.id, o.name, o.capacity, o.skills,"
		  " (SELECT coalesce(sum(1 + s.companions), 0) FROM vol_signups s WHERE s.role_id=o.id AND s.status='signed'),"
		  " (SELECT count(*) FROM vol_signups s WHERE s.role_id=o.id AND s.status='waiting'),"
		  " (SELECT count(*) FROM vol_signups s WHERE s.role_id=o.id AND s.status='walk_in')"
		  " FROM vol_roles o WHERE o.activity_id=? ORDER BY o.id",
		  "i", id);
	while (st && (rc = stmt_step(st, c->e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "name", col_text(st, 1));
		jw_kint(w, "capacity", col_int(st, 2));
		vol_write_codes(w, "skills", col_text(st, 3));
		jw_kint(w, "taken", col_int(st, 4));
		jw_kint(w, "waiting", col_int(st, 5));
		jw_kint(w, "walk_ins", col_int(st, 6));
		jw_kint(w, "free", col_int(st, 2) - col_int(st, 4) > 0 ? col_int(st, 2) - col_int(st, 4) : 0);
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	int64_t me = 0, sid = 0;
	if ((rc = vol_my_volunteer(c, &me)))
		return rc;
	jw_key(w, "my_signup");
	if (me && (rc = db_int(c->db, c->e, &sid,
			       "SELECT id FROM vol_signups WHERE activity_id=? AND volunteer_id=? AND status <> 'cancelled'",
			       "ii", id, me)) < 0)
		return rc;
	if (sid) {
		if ((rc = vol_signup_write(c, w, sid)))
			return rc;
	} else {
		jw_null(w);
	}
	jw_kbool(w, "is_volunteer", me != 0);
	jw_obj_end(w);
	return 0;
}

int vol_activity_row(struct stmt *st, void *ctx, struct err *e)
{
	(void)e;
	struct ctx *c = ctx;
	jw_obj(c->w);
	write_activity_cols(c->w, st, c->now);
	jw_obj_end(c->w);
	return 0;
}

static const struct list_sort activity_sorts[] = {
	{"starts_at", "a.starts_at", false, true},
	{"id", "a.id", false, true},
	{NULL, NULL, false, false},
};

static const struct list_spec activity_list = {
	.table = "vol_activities a", .id = "a.id", .region = "a.region_id", .sorts = activity_sorts,
	.default_sort = "starts_at", .select = ACTIVITY_SELECT, .from = ACTIVITY_FROM, .row_id = "a.id",
};

/* The list shows the published activities in the caller's regions (the
 * subtree of their broadest grant, as every list does); an activity
 * elsewhere is opened by its link (GET /activities/{id} is open to every
 * account). Drafts are listed only to staff over their region. */
int vol_activities_query(struct ctx *c, const struct vol_activity_filter *f, struct list_q **out)
{
	const char *path = "/";
	int rc;
	if (f->region_id) {
		if ((rc = vol_region_path(c, f->region_id, "region_id", &path)))
			return rc == ERR_NOT_FOUND ? err_set(c->e, ERR_INVALID, "region_id", "区域不存在", "no such region") : rc;
		if (c->who && !auth_covers_path(c->who, ROLES_ANY, path))
			return auth_forbidden(c->e);
	} else if (c->who) {
		const struct grant *g = auth_primary_grant(c->who, ROLES_ANY);
		if (!g)
			return auth_forbidden(c->e);
		path = g->region_path;
	}
	struct list_q *q = list_new(&activity_list);
	if ((rc = list_subtree(q, c->db, path, c->e)))
		goto fail;
	list_eq_int_if(q, "a.team_id", f->team_id);
	if (f->status && !strcmp(f->status, "finished"))
		list_where(q, "(a.status = 'finished' OR (a.status = 'published' AND a.ends_at < ?))", "i", c->now);
	else if (f->status && !strcmp(f->status, "published"))
		list_where(q, "a.status = 'published' AND a.ends_at >= ?", "i", c->now);
	else if (f->status && (rc = list_eq_enum(q, "a.status", "status", f->status, vol_activity_statuses, c->e)))
		goto fail;
	if (!f->status || !strcmp(f->status, "draft")) {
		/* drafts only where the caller is staff */
		const struct grant *g = c->who ? auth_primary_grant(c->who, VOL_STAFF) : NULL;
		if (c->who && !g)
			list_where(q, "a.status <> 'draft'", "");
		else if (g)
			list_where(q, "(a.status <> 'draft' OR a.region_id IN (SELECT rr.id FROM regions rr WHERE"
				      " rr.path >= ? AND rr.path < ?))",
				   "ss", g->region_path,
				   list_path_hi(c->a, g->region_path));
	}
	if (f->from)
		list_where(q, "a.ends_at >= ?", "i", f->from);
	if (f->to)
		list_where(q, "a.starts_at < ?", "i", f->to);
	if (f->q)
		list_where(q, "(replace(a.title, ?, '') <> a.title OR replace(a.place, ?, '') <> a.place)", "ss",
			   f->q, f->q);
	if (f->mine) {
		int64_t me = 0;
		if ((rc = vol_my_volunteer(c, &me)))
			goto fail;
		list_where(q, "a.id IN (SELECT s.activity_id FROM vol_signups s WHERE s.volunteer_id=? AND s.status <> 'cancelled')",
			   "i", me);
	}
	*out = q;
	return 0;
fail:
	list_free(q);
	return rc;
}
