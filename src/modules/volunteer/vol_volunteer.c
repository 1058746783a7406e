/*
 * vol_volunteer.c — volunteers: a person of the registry registered with
 * recorded consent (purpose, time, who recorded it), a printed number
 * "V" + 9 digits (never the ID number), skills, languages, availability;
 * self-registration, edits, and the merge of a duplicate registration.
 *
 * Records are append-only, so a merge does not move them: the duplicate
 * keeps its rows and points at the kept volunteer (merged_into), and every
 * reader takes a volunteer's records through VOL_SAME_PERSON (the id and
 * the ids merged into it). Sign-ups do move. total_minutes is the sum of
 * the records that count (not superseded by an amendment), kept in the
 * transaction that changes it.
 */
#include <stdio.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "modules/volunteer/vol_internal.h"
#include "modules/volunteer/points.h"
#include "modules/volunteer/volunteer.h"
#include "notify/notify.h"
#include "store/list.h"
#include "store/store.h"

const char *const vol_statuses[] = {"active", "suspended", "merged", NULL};
const char *const vol_skills[] = {"elderly_care", "first_aid", "medical", "legal", "counselling",
				  "teaching", "repair", "haircut", "photography", "sign_language",
				  "driving", "cooking", "translation", "arts", "environment",
				  "patrol", "childcare", "disability_support", "event_support",
				  "computer", NULL};
const char *const vol_languages[] = {"zh", "yue", "en", "hak", "other", NULL};

static const struct col volunteer_cols[] = {
	{"id", "编号", COL_INT},
	{"number", "志愿者编号", COL_TEXT},
	{"person_id", "人员", COL_INT},
	{"region_id", "社区", COL_INT},
	{"consent_purpose", "同意用途", COL_TEXT},
	{"consent_at", "同意时间", COL_TIME},
	{"skills", "技能", COL_TEXT},
	{"languages", "语言", COL_TEXT},
	{"availability", "可服务时段", COL_INT},
	{"status", "状态", COL_TEXT},
	{"merged_into", "合并至", COL_INT},
	{"registered_at", "注册时间", COL_TIME},
	{"total_minutes", "服务分钟", COL_INT},
	{"version", "版本", COL_INT},
};

const struct record_kind vol_volunteer_kind = {
	.entity = "vol_volunteer", .what_zh = "志愿者", .what_en = "volunteer",
	.head_sql = "SELECT v.id, v.region_id, v.version, r.path FROM vol_volunteers v"
		    " JOIN regions r ON r.id=v.region_id WHERE v.id=?",
	.row_sql = "SELECT id, number, person_id, region_id, consent_purpose, consent_at, skills,"
		   " languages, availability, status, merged_into, registered_at, total_minutes, version"
		   " FROM vol_volunteers WHERE id=?",
	.cols = volunteer_cols, .ncols = (int)(sizeof volunteer_cols / sizeof volunteer_cols[0]),
	.read_roles = ROLES_ANY,
};

/* ---------- shared helpers (vol_internal.h) ---------- */

int vol_region_path(struct ctx *c, int64_t region_id, const char *field, const char **path)
{
	char *p = NULL;
	int rc = list_region_path_in(c->db, c->a, region_id, &p, c->e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, field, "区域不存在", "no such region");
	*path = p;
	return 0;
}

bool vol_staff_over(struct ctx *c, const char *path)
{
	return !c->who || auth_covers_path(c->who, VOL_STAFF, path);
}

const char *vol_caller_name(struct ctx *c)
{
	if (!c->who)
		return "系统";
	return c->who->display_name && *c->who->display_name ? c->who->display_name : c->who->username;
}

int64_t vol_volunteer_user(struct ctx *c, int64_t volunteer_id)
{
	int64_t u = 0;
	struct err e = {0};
	if (db_int(c->db, &e, &u,
		   "SELECT p.user_id FROM vol_volunteers v JOIN people p ON p.id=v.person_id WHERE v.id=?"
		   " AND p.user_id IS NOT NULL",
		   "i", volunteer_id) != 1)
		return 0;
	return u;
}

int vol_notify(struct ctx *c, int64_t volunteer_id, const char *kind, int64_t region_id,
	       const char *title, const char *title_en, const char *body, const char *body_en,
	       const char *link, const char *entity, int64_t entity_id)
{
	int64_t u = vol_volunteer_user(c, volunteer_id);
	if (!u)
		return 0;
	struct notice n = {kind, region_id, title, title_en, body, body_en, link, entity, entity_id};
	return notify_user(c, u, &n);
}

bool vol_codes_cover(const char *have, const char *need)
{
	if (!need || !*need)
		return true;
	const char *p = need;
	while (*p) {
		const char *q = strchr(p, ',');
		size_t n = q ? (size_t)(q - p) : strlen(p);
		bool found = false;
		for (const char *h = have ? have : ""; *h;) {
			const char *hq = strchr(h, ',');
			size_t hn = hq ? (size_t)(hq - h) : strlen(h);
			if (hn == n && !strncmp(h, p, n))
				found = true;
			h += hn + (hq ? 1 : 0);
		}
		if (n && !found)
			return false;
		p += n + (q ? 1 : 0);
	}
	return true;
}

void vol_write_codes(struct jw *w, const char *key, const char *list)
{
	jw_key(w, key);
	jw_arr(w);
	for (const char *p = list ? list : ""; *p;) {
		const char *q = strchr(p, ',');
		size_t n = q ? (size_t)(q - p) : strlen(p);
		if (n)
			jw_strn(w, p, n);
		p += n + (q ? 1 : 0);
	}
	jw_arr_end(w);
}

/* ---------- registration ---------- */

static int register_person(struct ctx *c, int64_t person_id, const struct vol_volunteer_in *in,
			   const char *field, int64_t *id_out)
{
	struct stmt *st;
	int64_t region = 0, existing = 0;
	int rc = db_row(c->db, c->e, &st,
			"SELECT p.region_id, p.status, (SELECT v.id FROM vol_volunteers v WHERE v.person_id=p.id)"
			" FROM people p WHERE p.id=?",
			"i", person_id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, field, "没有这个人员", "no such person");
	region = col_int(st, 0);
	bool active = col_text(st, 1) && !strcmp(col_text(st, 1), "active");
	existing = col_null(st, 2) ? 0 : col_int(st, 2);
	stmt_done(st);
	const char *path;
	if ((rc = vol_region_path(c, region, field, &path)))
		return rc;
	if (!active)
		return err_set(c->e, ERR_RULE, field, "该人员已迁出或已故，不能注册为志愿者",
			       "this person has moved out or died and cannot register");
	if (existing)
		return err_setf(c->e, ERR_CONFLICT, field, "该人员已注册为志愿者（编号 %lld）",
				"this person is registered already (volunteer %lld)", (long long)existing);
	int64_t next = 0;
	if ((rc = db_int(c->db, c->e, &next, "SELECT coalesce(max(id), 0) + 1 FROM vol_volunteers", "")) < 0)
		return rc;
	char number[16];
	snprintf(number, sizeof number, "V%09lld", (long long)next);
	if ((rc = db_exec(c->db, c->e,
			  "INSERT INTO vol_volunteers (id, person_id, region_id, number, consent_purpose,"
			  " consent_at, consent_by, skills, languages, availability, registered_at,"
			  " created_at, updated_at) VALUES (?,?,?,?,?,?,nullif(?, 0),?,?,?,?,?,?)",
			  "iiissiissiiii", next, person_id, region, number, in->consent_purpose, c->now,
			  c->who ? c->who->user_id : 0, in->skills ? in->skills : "",
			  in->languages ? in->languages : "", in->availability, c->now, c->now, c->now)))
		return rc;
	/* the registry's lists show volunteers by people.is_volunteer */
	if ((rc = db_exec(c->db, c->e, "UPDATE people SET is_volunteer=1, version=version+1, updated_at=? WHERE id=?"
			  " AND is_volunteer=0", "ii", c->now, person_id)))
		return rc;
	if (db_changes(c->db) &&
	    (rc = audit_record(c, "update", "person", person_id, region, "{\"is_volunteer\":false}",
			       "{\"is_volunteer\":true}")))
		return rc;
	*id_out = next;
	return record_created(c, &vol_volunteer_kind, next, region, "register");
}

int vol_volunteer_create(struct ctx *c, const void *vin, int64_t *id)
{
	const struct vol_volunteer_in *in = vin;
	int64_t region = 0;
	int rc = db_int(c->db, c->e, &region, "SELECT region_id FROM people WHERE id=?", "i", in->person_id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "person_id", "没有这个人员", "no such person");
	const char *path;
	if ((rc = vol_region_path(c, region, "person_id", &path)))
		return rc;
	if (!vol_staff_over(c, path))
		return auth_forbidden(c->e);
	return register_person(c, in->person_id, in, "person_id", id);
}

int vol_volunteer_self(struct ctx *c, const void *vin, int64_t *id)
{
	int64_t person = 0;
	int rc = c->who ? db_int(c->db, c->e, &person, "SELECT id FROM people WHERE user_id=?", "i",
				 c->who->user_id)
			: 0;
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_CONFLICT, "person_id",
			       "你的账号尚未关联居民档案，请到社区登记后再注册志愿者",
			       "your account is not linked to a resident record: ask your community to link it, then register");
	return register_person(c, person, vin, "person_id", id);
}

int vol_my_volunteer(struct ctx *c, int64_t *id)
{
	*id = 0;
	if (!c->who)
		return 0;
	int rc = db_int(c->db, c->e, id,
			"SELECT v.id FROM vol_volunteers v JOIN people p ON p.id=v.person_id"
			" WHERE p.user_id=? AND v.status <> 'merged'",
			"i", c->who->user_id);
	return rc < 0 ? rc : 0;
}

/* Staff over the volunteer's region, or the volunteer themself. */
static int load_visible(struct ctx *c, int64_t id, struct record *rec, bool *self)
{
	int rc = record_head(c, &vol_volunteer_kind, id, rec);
	if (rc)
		return rc;
	int64_t mine = 0;
	if ((rc = vol_my_volunteer(c, &mine)))
		return rc;
	*self = mine && mine == id;
	if (*self || vol_staff_over(c, rec->path))
		return 0;
	/* organisers see the volunteers of their activities (rosters) */
	if (c->who && auth_covers_path(c->who, ROLES_FIELD, rec->path))
		return 0;
	return auth_forbidden(c->e);
}

int vol_volunteer_visible(struct ctx *c, int64_t id, bool *self)
{
	struct record rec;
	return load_visible(c, id, &rec, self);
}

int vol_volunteer_update(struct ctx *c, int64_t id, const void *vin)
{
	const struct vol_volunteer_in *in = vin;
	struct record rec;
	bool self;
	int rc;
	if ((rc = load_visible(c, id, &rec, &self)))
		return rc;
	if (!self && !vol_staff_over(c, rec.path))
		return auth_forbidden(c->e);
	if ((rc = record_begin(c, &rec, in->version)))
		return rc;
	char *status = NULL;
	if ((rc = db_text(c->db, c->e, c->a, &status, "SELECT status FROM vol_volunteers WHERE id=?", "i", id)) < 0)
		return rc;
	if (status && !strcmp(status, "merged"))
		return err_set(c->e, ERR_RULE, "id", "该登记已合并，请修改保留的志愿者",
			       "this registration was merged: edit the one kept");
	if (in->status) {
		if (self && !vol_staff_over(c, rec.path))
			return err_set(c->e, ERR_FORBIDDEN, "status", "只有社区工作人员可以更改志愿者状态",
				       "only community staff may change a volunteer's status");
		if (!strcmp(in->status, "merged"))
			return err_set(c->e, ERR_INVALID, "status", "合并请使用合并操作",
				       "use the merge action to merge");
	}
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE vol_volunteers SET"
			  " consent_purpose=coalesce(?, consent_purpose),"
			  " skills=CASE WHEN ?=1 THEN ? ELSE skills END,"
			  " languages=CASE WHEN ?=1 THEN ? ELSE languages END,"
			  " availability=CASE WHEN ?=1 THEN ? ELSE availability END,"
			  " status=coalesce(?, status), version=version+1, updated_at=? WHERE id=?",
			  "sisisiisii", in->consent_purpose, (int64_t)in->has_skills, in->skills ? in->skills : "",
			  (int64_t)in->has_languages, in->languages ? in->languages : "",
			  (int64_t)in->has_availability, in->availability, in->status, c->now, id)))
		return rc;
	return record_commit(c, &rec, "update");
}

int vol_total_recompute(struct ctx *c, int64_t volunteer_id)
{
	return db_exec(c->db, c->e,
		       "UPDATE vol_volunteers SET total_minutes=(SELECT coalesce(sum(r.minutes), 0)"
		       " FROM vol_records r WHERE r.volunteer_id IN " VOL_SAME_PERSON
		       " AND NOT EXISTS (SELECT 1 FROM vol_records n WHERE n.amends_id=r.id)),"
		       " updated_at=? WHERE id=?",
		       "iiii", volunteer_id, volunteer_id, c->now, volunteer_id);
}

int vol_volunteer_merge(struct ctx *c, int64_t id, const void *vin)
{
	const struct vol_merge_in *in = vin;
	struct record dup, keep;
	int rc;
	if (in->into_id == id)
		return err_set(c->e, ERR_INVALID, "into_id", "不能合并到自身", "cannot merge into itself");
	if ((rc = record_load(c, &vol_volunteer_kind, id, VOL_STAFF, &dup)))
		return rc;
	if ((rc = record_head(c, &vol_volunteer_kind, in->into_id, &keep))) {
		if (rc == ERR_NOT_FOUND)
			snprintf(c->e->field, sizeof c->e->field, "into_id");
		return rc;
	}
	if (!vol_staff_over(c, keep.path) || !vol_staff_over(c, dup.path))
		return auth_forbidden(c->e);
	int64_t merged = 0;
	if ((rc = db_int(c->db, c->e, &merged,
			 "SELECT count(*) FROM vol_volunteers WHERE id IN (?, ?) AND status='merged'", "ii", id,
			 in->into_id)) < 0)
		return rc;
	if (merged)
		return err_set(c->e, ERR_CONFLICT, "into_id", "其中一个登记已被合并", "one of them was merged already");
	if ((rc = record_begin(c, &dup, -1)) || (rc = record_begin(c, &keep, -1)))
		return rc;
	/* sign-ups move, except where the kept one holds the same activity:
	 * there the duplicate's is cancelled */
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE vol_signups SET status='cancelled', version=version+1, updated_at=?"
			  " WHERE volunteer_id=? AND status <> 'cancelled' AND activity_id IN"
			  " (SELECT s.activity_id FROM vol_signups s WHERE s.volunteer_id=? AND s.status <> 'cancelled')",
			  "iii", c->now, id, in->into_id)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE vol_signups SET volunteer_id=?, version=version+1, updated_at=? WHERE volunteer_id=?",
			  "iii", in->into_id, c->now, id)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE vol_corrections SET volunteer_id=?, version=version+1, updated_at=? WHERE volunteer_id=?",
			  "iii", in->into_id, c->now, id)) ||
	    (rc = db_exec(c->db, c->e, "UPDATE vol_volunteers SET merged_into=? WHERE merged_into=?", "ii",
			  in->into_id, id)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE vol_volunteers SET status='merged', merged_into=?, total_minutes=0,"
			  " version=version+1, updated_at=? WHERE id=?",
			  "iii", in->into_id, c->now, id)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE vol_volunteers SET registered_at=(SELECT d.registered_at FROM vol_volunteers d"
			  " WHERE d.id=?), version=version+1 WHERE id=? AND registered_at > (SELECT d.registered_at"
			  " FROM vol_volunteers d WHERE d.id=?)",
			  "iii", id, in->into_id, id)) ||
	    (rc = vol_total_recompute(c, in->into_id)))
		return rc;
	/* the duplicate's points go to the kept registration (points.h) */
	int64_t txn = 0;
	if ((rc = vol_points_merge(c, id, in->into_id, &txn)))
		return rc;
	(void)in->reason; /* the audit entry's action names it below */
	if ((rc = record_commit(c, &dup, "merge")) || (rc = record_commit(c, &keep, "merge_keep")))
		return rc;
	return audit_record(c, "merge_reason", "vol_volunteer", id, dup.region_id, NULL,
			    arena_printf(c->a, "{\"into_id\":%lld}", (long long)in->into_id));
}

/* ---------- reading ---------- */

#define VOLUNTEER_SELECT                                                                          \
	"v.id, v.number, v.person_id, p.name, p.gender, v.region_id, g.name, v.skills, v.languages,"  \
	" v.availability, v.status, v.merged_into, v.registered_at, v.consent_purpose, v.consent_at," \
	" v.total_minutes, v.version, p.user_id IS NOT NULL"
#define VOLUNTEER_FROM "vol_volunteers v JOIN people p ON p.id=v.person_id JOIN regions g ON g.id=v.region_id"

static void write_volunteer_cols(struct jw *w, struct stmt *st)
{
	jw_kint(w, "id", col_int(st, 0));
	jw_kstr(w, "number", col_text(st, 1));
	jw_kint(w, "person_id", col_int(st, 2));
	jw_kstr(w, "name", col_text(st, 3));
	jw_kstr(w, "gender", col_text(st, 4));
	jw_kint(w, "region_id", col_int(st, 5));
	jw_kstr(w, "region_name", col_text(st, 6));
	vol_write_codes(w, "skills", col_text(st, 7));
	vol_write_codes(w, "languages", col_text(st, 8));
	jw_kint(w, "availability", col_int(st, 9));
	jw_kstr(w, "status", col_text(st, 10));
	jw_key(w, "merged_into");
	if (col_null(st, 11))
		jw_null(w);
	else
		jw_int(w, col_int(st, 11));
	jw_ktime(w, "registered_at", col_int(st, 12));
	jw_kstr(w, "consent_purpose", col_text(st, 13));
	jw_ktime(w, "consent_at", col_int(st, 14));
	jw_kint(w, "total_minutes", col_int(st, 15));
	jw_key(w, "hours");
	jw_double(w, (double)(col_int(st, 15) / 6) / 10.0);
	jw_kint(w, "version", col_int(st, 16));
	jw_kbool(w, "has_account", col_int(st, 17));
}

int vol_volunteer_write(struct ctx *c, struct jw *w, int64_t id)
{
	struct record rec;
	bool self;
	int rc = load_visible(c, id, &rec, &self);
	if (rc)
		return rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st, "SELECT " VOLUNTEER_SELECT " FROM " VOLUNTEER_FROM " WHERE v.id=?",
			 "i", id)) <= 0)
		return rc < 0 ? rc : err_set(c->e, ERR_NOT_FOUND, "id", "没有这个志愿者", "no such volunteer");
	jw_obj(w);
	write_volunteer_cols(w, st);
	stmt_done(st);
	int64_t n = 0, activities = 0;
	if ((rc = db_int(c->db, c->e, &n,
			 "SELECT count(*) FROM vol_records r WHERE r.volunteer_id IN " VOL_SAME_PERSON, "ii", id,
			 id)) < 0 ||
	    (rc = db_int(c->db, c->e, &activities,
			 "SELECT count(*) FROM vol_signups WHERE volunteer_id=? AND status <> 'cancelled'", "i",
			 id)) < 0)
		return rc;
	jw_kint(w, "records_count", n);
	jw_kint(w, "signups_count", activities);
	jw_kbool(w, "is_me", self);
	jw_kbool(w, "can_manage", vol_staff_over(c, rec.path));
	jw_obj_end(w);
	return 0;
}

int vol_volunteer_row(struct stmt *st, void *ctx, struct err *e)
{
	(void)e;
	struct ctx *c = ctx;
	jw_obj(c->w);
	write_volunteer_cols(c->w, st);
	jw_obj_end(c->w);
	return 0;
}

static const struct list_sort volunteer_sorts[] = {
	{"id", "v.id", false, true},
	{"registered_at", "v.registered_at", false, false},
	{"total_minutes", "v.total_minutes", false, false},
	{NULL, NULL, false, false},
};

static const struct list_spec volunteer_list = {
	.table = "vol_volunteers v", .id = "v.id", .region = "v.region_id", .sorts = volunteer_sorts,
	.default_sort = "-id", .select = VOLUNTEER_SELECT, .from = VOLUNTEER_FROM, .row_id = "v.id",
};

int vol_volunteers_query(struct ctx *c, const struct vol_volunteer_filter *f, struct list_q **out)
{
	const char *path = "/";
	int rc;
	if (f->region_id) {
		if ((rc = vol_region_path(c, f->region_id, "region_id", &path)))
			return rc == ERR_NOT_FOUND ? (c->e->code = ERR_INVALID) : rc;
		if (c->who && !auth_covers_path(c->who, ROLES_FIELD, path))
			return auth_forbidden(c->e);
	} else if (c->who) {
		const struct grant *g = auth_primary_grant(c->who, ROLES_FIELD);
		if (!g)
			return auth_forbidden(c->e);
		path = g->region_path;
	}
	struct list_q *q = list_new(&volunteer_list);
	if ((rc = list_subtree(q, c->db, path, c->e)))
		goto fail;
	if (f->status && (rc = list_eq_enum(q, "v.status", "status", f->status, vol_statuses, c->e)))
		goto fail;
	if (f->skill) {
		/* a code inside the comma-joined list */
		list_where(q, "replace(',' || v.skills || ',', ?, '') <> ',' || v.skills || ','", "s",
			   arena_printf(c->a, ",%s,", f->skill));
	}
	if (f->q)
		list_where(q,
			   "v.person_id IN (SELECT pp.id FROM people pp WHERE pp.id=v.person_id AND"
			   " (replace(pp.name, ?, '') <> pp.name OR v.number = ?))",
			   "ss", f->q, f->q);
	*out = q;
	return 0;
fail:
	list_free(q);
	return rc;
}
