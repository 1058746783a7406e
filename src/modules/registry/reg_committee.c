/*
 * reg_committee.c — part-time committee members (兼职委员) and the
 * two-committee meetings they attend (Shunde 2025 plan: 企业家委员,
 * 专业社工委员, 银龄顾问委员, 非户籍委员 "每月至少一次列席两委会议").
 *
 * A member is a person living in the community, appointed for a term
 * (civil dates); ending the term sets status 'left' and term_end. A
 * meeting's attendance sheet has one row per member whose term covers the
 * meeting's date, absent unless marked present. A member active in a month
 * with no attended meeting in that month is a shortfall — also when the
 * community held no meeting at all, since the duty is the community's too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sb.h"
#include "core/wtime.h"
#include "modules/registry/reg_gov.h"
#include "modules/registry/reg_gov_internal.h"
#include "store/store.h"

const char *const reg_member_kinds[] = {"entrepreneur", "social_worker", "senior_advisor",
					"nonregistered", NULL};

#define MEMBER_SNAP                                                                           \
	"SELECT id, community_id, person_id, kind, status, term_start, term_end, note, version" \
	" FROM reg_committee_members WHERE id=?"

static bool is_kind(const char *k)
{
	for (int i = 0; reg_member_kinds[i]; i++)
		if (k && strcmp(k, reg_member_kinds[i]) == 0)
			return true;
	return false;
}

static int need_community(const struct rgov_region *c, const char *field, struct err *e)
{
	if (strcmp(c->level, "community") != 0)
		return err_setf(e, ERR_RULE, field, "%s 应为村（社区）", "%s must be a community or village", field);
	return 0;
}

int reg_member_appoint(struct db *db, const struct principal *p, const struct reg_member_in *in,
		       int64_t now, int64_t *id_out, struct err *e)
{
	struct rgov_region c;
	int rc;
	if ((rc = reg_scope(db, p, REG_EDIT, in->community_id, "community_id", &c, e)) ||
	    (rc = need_community(&c, "community_id", e)))
		return rc;
	if (!is_kind(in->kind))
		return err_set(e, ERR_INVALID, "kind",
			       "委员类别应为 entrepreneur/social_worker/senior_advisor/nonregistered",
			       "kind must be entrepreneur, social_worker, senior_advisor or nonregistered");
	char today[11];
	reg_today(now, today);
	const char *start = in->term_start ? in->term_start : today;
	if ((rc = reg_date_check(start, "term_start", e)))
		return rc;
	if (in->term_end) {
		if ((rc = reg_date_check(in->term_end, "term_end", e)))
			return rc;
		if (strcmp(in->term_end, start) < 0)
			return err_set(e, ERR_RULE, "term_end", "任期结束日期不能早于开始日期",
				       "term_end cannot be before term_start");
	}
	/* The person must live in the community and be active. */
	struct stmt *st = db_q(db, e,
			       "SELECT r.path, p.status FROM people p JOIN regions r ON r.id=p.region_id"
			       " WHERE p.id=?",
			       "i", in->person_id);
	if (!st)
		return e->code;
	rc = stmt_step(st, e);
	bool inside = rc == 1 && reg_in_subtree(&c, col_text(st, 0));
	bool active = rc == 1 && strcmp(col_text(st, 1), "active") == 0;
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "person_id", "人员不存在", "no such person");
	if (!inside)
		return err_setf(e, ERR_RULE, "person_id", "该人员不是%s的居民", "the person does not live in %s", c.name);
	if (!active)
		return err_set(e, ERR_RULE, "person_id", "该人员已迁出或已故", "the person has moved out or died");
	int64_t dup = 0;
	if ((rc = db_int(db, e, &dup,
			 "SELECT count(*) FROM reg_committee_members WHERE community_id=? AND person_id=?"
			 " AND kind=? AND status='active'",
			 "iis", c.id, in->person_id, in->kind)) < 0)
		return rc;
	if (dup)
		return err_set(e, ERR_CONFLICT, "person_id", "该人员已是本社区同类别的在任兼职委员",
			       "the person is already an active member of this kind here");
	int64_t id = 0;
	if ((rc = db_int(db, e, &id,
			 "INSERT INTO reg_committee_members(community_id, person_id, kind, term_start,"
			 " term_end, note, created_at, updated_at) VALUES(?,?,?,?,?,?,?,?) RETURNING id",
			 "iissssii", c.id, in->person_id, in->kind, start, in->term_end, in->note, now,
			 now)) < 0)
		return rc;
	char *after = NULL;
	if (!(rc = rgov_snapshot(db, MEMBER_SNAP, id, &after, e)))
		rc = rgov_audit(db, p, now, "create", "committee_member", id, c.id, NULL, after, e);
	free(after);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

/* Load a member's community and check the scope. */
static int member_scope(struct db *db, const struct principal *p, unsigned mask, int64_t id,
			struct rgov_region *c, struct err *e)
{
	int64_t cid = 0;
	int rc = db_int(db, e, &cid, "SELECT community_id FROM reg_committee_members WHERE id=?", "i", id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "id", "兼职委员不存在", "no such committee member");
	return reg_scope(db, p, mask, cid, "id", c, e);
}

int reg_member_end(struct db *db, const struct principal *p, int64_t id, const char *term_end,
		   int64_t version, int64_t now, struct err *e)
{
	struct rgov_region c;
	int rc = member_scope(db, p, REG_EDIT, id, &c, e);
	if (rc)
		return rc;
	char today[11], start[16] = "", status[16] = "";
	int64_t cur = 0;
	struct stmt *st = db_q(db, e,
			       "SELECT term_start, status, version FROM reg_committee_members WHERE id=?",
			       "i", id);
	if (!st)
		return e->code;
	if ((rc = stmt_step(st, e)) == 1) {
		snprintf(start, sizeof start, "%s", col_text(st, 0));
		snprintf(status, sizeof status, "%s", col_text(st, 1));
		cur = col_int(st, 2);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (version != cur)
		return rgov_stale(e, cur);
	if (strcmp(status, "active") != 0)
		return err_set(e, ERR_RULE, "status", "该委员任期已结束", "the member's term has already ended");
	reg_today(now, today);
	const char *end = term_end ? term_end : today;
	if ((rc = reg_date_check(end, "term_end", e)))
		return rc;
	if (strcmp(end, start) < 0)
		return err_set(e, ERR_RULE, "term_end", "任期结束日期不能早于开始日期",
			       "term_end cannot be before term_start");
	char *before = NULL, *after = NULL;
	if (!(rc = rgov_snapshot(db, MEMBER_SNAP, id, &before, e)))
		rc = db_exec(db, e,
			     "UPDATE reg_committee_members SET status='left', term_end=?, version=version+1,"
			     " updated_at=? WHERE id=?",
			     "sii", end, now, id);
	if (!rc)
		rc = rgov_snapshot(db, MEMBER_SNAP, id, &after, e);
	if (!rc)
		rc = rgov_audit(db, p, now, "end_term", "committee_member", id, c.id, before, after, e);
	free(before);
	free(after);
	return rc;
}

#define MEMBER_COLS                                                                         \
	"m.id, m.community_id, c.name, m.person_id, p.name, m.kind, m.status, m.term_start," \
	" m.term_end, m.note, m.version, m.created_at, m.updated_at"
#define MEMBER_FROM                                                                        \
	" FROM reg_committee_members m JOIN regions c ON c.id=m.community_id"            \
	" JOIN people p ON p.id=m.person_id"

static void member_row(struct jw *w, struct stmt *st)
{
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 0));
	jw_key(w, "community");
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 1));
	jw_kstr(w, "name", col_text(st, 2));
	jw_obj_end(w);
	reg_write_person(w, "person", col_int(st, 3), col_text(st, 4));
	jw_kstr(w, "kind", col_text(st, 5));
	jw_kstr(w, "status", col_text(st, 6));
	jw_kstr(w, "term_start", col_text(st, 7));
	jw_kstr(w, "term_end", col_text(st, 8));
	jw_kstr(w, "note", col_text(st, 9));
	jw_kint(w, "version", col_int(st, 10));
	jw_ktime(w, "created_at", col_int(st, 11));
	jw_ktime(w, "updated_at", col_int(st, 12));
	jw_obj_end(w);
}

int reg_member_write(struct db *db, const struct principal *p, struct jw *w, int64_t id,
		     struct err *e)
{
	struct rgov_region c;
	int rc = member_scope(db, p, REG_READ, id, &c, e);
	if (rc)
		return rc;
	struct stmt *st = db_q(db, e, "SELECT " MEMBER_COLS MEMBER_FROM " WHERE m.id=?", "i", id);
	if (!st)
		return e->code;
	if ((rc = stmt_step(st, e)) == 1)
		member_row(w, st);
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

int reg_member_list(struct db *db, const struct principal *p, struct jw *w,
		    const struct reg_list_q *q, int64_t *total, struct err *e)
{
	struct rgov_region root;
	int rc = reg_scope_root(db, p, REG_READ, q->region_id, &root, e);
	if (rc)
		return rc;
	const char *order = "m.id DESC";
	static const struct {
		const char *k, *sql;
	} sorts[] = {{"id", "m.id"}, {"-id", "m.id DESC"}, {"term_start", "m.term_start, m.id"},
		     {"-term_start", "m.term_start DESC, m.id"}, {"name", "p.name, m.id"},
		     {"-name", "p.name DESC, m.id"}, {"community", "c.path, m.id"}};
	if (q->sort && *q->sort) {
		order = NULL;
		for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
			if (strcmp(sorts[i].k, q->sort) == 0)
				order = sorts[i].sql;
		if (!order)
			return err_set(e, ERR_INVALID, "sort",
				       "排序字段应为 id、term_start、name 或 community（可加 - 前缀）",
				       "sort must be id, term_start, name or community (optionally prefixed by -)");
	}
	static const char *where = " WHERE c.path >= ? AND c.path < ? AND (? IS NULL OR m.status=?)"
				   " AND (? IS NULL OR m.kind=?)";
	struct sb sql = SB_INIT;
	sb_addf(&sql, "SELECT count(*)%s%s", MEMBER_FROM, where);
	rc = db_int(db, e, total, sb_str(&sql), "ssssss", root.path, root.hi, q->status, q->status,
		    q->kind, q->kind);
	if (rc < 0)
		goto done;
	sb_reset(&sql);
	sb_addf(&sql, "SELECT %s%s%s ORDER BY %s LIMIT ? OFFSET ?", MEMBER_COLS, MEMBER_FROM, where,
		order);
	struct stmt *st = db_q(db, e, sb_str(&sql), "ssssssii", root.path, root.hi, q->status,
			       q->status, q->kind, q->kind, q->per_page, q->offset);
	if (!st) {
		rc = e->code;
		goto done;
	}
	while ((rc = stmt_step(st, e)) == 1)
		member_row(w, st);
	stmt_done(st);
done:
	sb_free(&sql);
	return rc < 0 ? rc : 0;
}

int reg_member_eligible(struct db *db, const struct principal *p, struct jw *w,
			int64_t community_id, struct err *e)
{
	struct rgov_region c;
	int rc = reg_scope(db, p, REG_EDIT, community_id, "community_id", &c, e);
	if (rc || (rc = need_community(&c, "community_id", e)))
		return rc;
	/* Names only (and where they live): what staff need to pick a person. */
	struct stmt *st = db_q(db, e,
			       "SELECT p.id, p.name, r.name, p.household FROM people p JOIN regions r ON"
			       " r.id=p.region_id WHERE r.path >= ? AND r.path < ? AND p.status='active'"
			       " AND NOT EXISTS (SELECT 1 FROM reg_committee_members m WHERE m.person_id=p.id"
			       " AND m.community_id=? AND m.status='active') ORDER BY p.name, p.id LIMIT 500",
			       "ssi", c.path, c.hi, c.id);
	if (!st)
		return e->code;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	while ((rc = stmt_step(st, e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "name", col_text(st, 1));
		jw_kstr(w, "region", col_text(st, 2));
		jw_kstr(w, "household", col_text(st, 3));
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

/* ---------- meetings ---------- */

static int meeting_snapshot(struct db *db, int64_t id, char **out, struct err *e)
{
	char *m = NULL;
	int rc = rgov_snapshot(db,
			      "SELECT id, community_id, held_at, title, note, version FROM reg_meetings"
			      " WHERE id=?",
			      id, &m, e);
	if (rc)
		return rc;
	struct sb b = SB_INIT;
	sb_adds(&b, "{\"meeting\":");
	sb_adds(&b, m);
	sb_adds(&b, ",\"attendance\":[");
	free(m);
	struct stmt *st = db_q(db, e,
			       "SELECT member_id, present FROM reg_meeting_attendance WHERE meeting_id=?"
			       " ORDER BY member_id",
			       "i", id);
	if (!st) {
		sb_free(&b);
		return e->code;
	}
	bool first = true;
	while ((rc = stmt_step(st, e)) == 1) {
		sb_addf(&b, "%s[%lld,%lld]", first ? "" : ",", (long long)col_int(st, 0),
			(long long)col_int(st, 1));
		first = false;
	}
	stmt_done(st);
	if (rc < 0) {
		sb_free(&b);
		return rc;
	}
	sb_adds(&b, "]}");
	*out = sb_detach(&b, NULL);
	return 0;
}

/* Rows for every member whose term covers the meeting's date (idempotent). */
static int fill_sheet(struct db *db, int64_t meeting_id, int64_t community_id, int64_t held_at,
		      struct err *e)
{
	char day[16];
	wtime_format_date(held_at, day, sizeof day);
	return db_exec(db, e,
		       "INSERT INTO reg_meeting_attendance(meeting_id, member_id, present)"
		       " SELECT ?, m.id, 0 FROM reg_committee_members m WHERE m.community_id=?"
		       " AND m.term_start <= ? AND (m.term_end IS NULL OR m.term_end >= ?)"
		       " ON CONFLICT DO NOTHING",
		       "iiss", meeting_id, community_id, day, day);
}

/* Each listed member must be on the sheet, once. */
static int check_listed(struct db *db, int64_t meeting_id, const struct reg_attend *att,
			size_t n, struct err *e)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < i; j++)
			if (att[j].member_id == att[i].member_id)
				return err_setf(e, ERR_INVALID, "attendance", "委员 %lld 重复出现",
						"member %lld is listed twice", (long long)att[i].member_id);
		int64_t hit = 0;
		int rc = db_int(db, e, &hit,
				"SELECT count(*) FROM reg_meeting_attendance WHERE meeting_id=? AND member_id=?",
				"ii", meeting_id, att[i].member_id);
		if (rc < 0)
			return rc;
		if (!hit)
			return err_setf(e, ERR_RULE, "attendance",
					"委员 %lld 不是本社区在会议日期在任的兼职委员",
					"member %lld is not a member of this community on the meeting date", (long long)att[i].member_id);
	}
	return 0;
}

static int mark(struct db *db, int64_t meeting_id, const struct reg_attend *att, size_t n,
		struct err *e)
{
	for (size_t i = 0; i < n; i++) {
		int rc = db_exec(db, e,
				 "UPDATE reg_meeting_attendance SET present=? WHERE meeting_id=? AND member_id=?",
				 "iii", (int64_t)att[i].present, meeting_id, att[i].member_id);
		if (rc)
			return rc;
	}
	return 0;
}

int reg_meeting_create(struct db *db, const struct principal *p, const struct reg_meeting_in *in,
		       int64_t now, int64_t *id_out, struct err *e)
{
	struct rgov_region c;
	int rc;
	if ((rc = reg_scope(db, p, REG_EDIT, in->community_id, "community_id", &c, e)) ||
	    (rc = need_community(&c, "community_id", e)))
		return rc;
	if (!in->title || !*in->title)
		return err_set(e, ERR_INVALID, "title", "缺少会议名称", "title is required");
	if (in->held_at <= 0)
		return err_set(e, ERR_INVALID, "held_at", "缺少会议时间", "held_at is required");
	int64_t id = 0;
	if ((rc = db_int(db, e, &id,
			 "INSERT INTO reg_meetings(community_id, held_at, title, note, created_by,"
			 " created_at, updated_at) VALUES(?,?,?,?,NULLIF(?,0),?,?) RETURNING id",
			 "iissiii", c.id, in->held_at, in->title, in->note, p ? p->user_id : 0, now,
			 now)) < 0)
		return rc;
	if ((rc = fill_sheet(db, id, c.id, in->held_at, e)) ||
	    (rc = check_listed(db, id, in->att, in->natt, e)) ||
	    (rc = mark(db, id, in->att, in->natt, e)))
		return rc;
	char *after = NULL;
	if (!(rc = meeting_snapshot(db, id, &after, e)))
		rc = rgov_audit(db, p, now, "create", "meeting", id, c.id, NULL, after, e);
	free(after);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

static int meeting_scope(struct db *db, const struct principal *p, unsigned mask, int64_t id,
			 struct rgov_region *c, int64_t *held_at, struct err *e)
{
	struct stmt *st = db_q(db, e, "SELECT community_id, held_at FROM reg_meetings WHERE id=?", "i", id);
	if (!st)
		return e->code;
	int64_t cid = 0;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		cid = col_int(st, 0);
		if (held_at)
			*held_at = col_int(st, 1);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "id", "会议不存在", "no such meeting");
	return reg_scope(db, p, mask, cid, "id", c, e);
}

int reg_meeting_set_attendance(struct db *db, const struct principal *p, int64_t id,
			       const struct reg_attend *att, size_t natt, int64_t now,
			       struct err *e)
{
	struct rgov_region c;
	int64_t held = 0;
	int rc = meeting_scope(db, p, REG_EDIT, id, &c, &held, e);
	if (rc)
		return rc;
	char *before = NULL, *after = NULL;
	if ((rc = meeting_snapshot(db, id, &before, e)))
		return rc;
	if (!(rc = fill_sheet(db, id, c.id, held, e)) && !(rc = check_listed(db, id, att, natt, e)) &&
	    !(rc = mark(db, id, att, natt, e)))
		rc = db_exec(db, e, "UPDATE reg_meetings SET version=version+1, updated_at=? WHERE id=?",
			     "ii", now, id);
	if (!rc)
		rc = meeting_snapshot(db, id, &after, e);
	if (!rc)
		rc = rgov_audit(db, p, now, "attendance", "meeting", id, c.id, before, after, e);
	free(before);
	free(after);
	return rc;
}

int reg_meeting_write(struct db *db, const struct principal *p, struct jw *w, int64_t id,
		      struct err *e)
{
	struct rgov_region c;
	int rc = meeting_scope(db, p, REG_READ, id, &c, NULL, e);
	if (rc)
		return rc;
	struct stmt *st = db_q(db, e,
			       "SELECT id, held_at, title, note, version, created_at FROM reg_meetings WHERE id=?",
			       "i", id);
	if (!st)
		return e->code;
	if ((rc = stmt_step(st, e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_key(w, "community");
		jw_obj(w);
		jw_kint(w, "id", c.id);
		jw_kstr(w, "name", c.name);
		jw_obj_end(w);
		jw_ktime(w, "held_at", col_int(st, 1));
		jw_kstr(w, "title", col_text(st, 2));
		jw_kstr(w, "note", col_text(st, 3));
		jw_kint(w, "version", col_int(st, 4));
		jw_ktime(w, "created_at", col_int(st, 5));
	}
	stmt_done(st);
	if (rc <= 0)
		return rc < 0 ? rc : err_set(e, ERR_NOT_FOUND, "id", "会议不存在", "no such meeting");
	st = db_q(db, e,
		  "SELECT a.member_id, m.person_id, p.name, m.kind, a.present FROM reg_meeting_attendance a"
		  " JOIN reg_committee_members m ON m.id=a.member_id JOIN people p ON p.id=m.person_id"
		  " WHERE a.meeting_id=? ORDER BY m.kind, p.name, m.id",
		  "i", id);
	if (!st)
		return e->code;
	int64_t present = 0, n = 0;
	jw_key(w, "attendance");
	jw_arr(w);
	while ((rc = stmt_step(st, e)) == 1) {
		jw_obj(w);
		jw_kint(w, "member_id", col_int(st, 0));
		reg_write_person(w, "person", col_int(st, 1), col_text(st, 2));
		jw_kstr(w, "kind", col_text(st, 3));
		jw_kbool(w, "present", col_int(st, 4) != 0);
		jw_obj_end(w);
		present += col_int(st, 4) != 0;
		n++;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	jw_kint(w, "present_count", present);
	jw_kint(w, "member_count", n);
	jw_obj_end(w);
	return 0;
}

int reg_meeting_list(struct db *db, const struct principal *p, struct jw *w,
		     const struct reg_list_q *q, const struct reg_month *m, int64_t *total,
		     struct err *e)
{
	struct rgov_region root;
	int rc = reg_scope_root(db, p, REG_READ, q->region_id, &root, e);
	if (rc)
		return rc;
	int64_t from = m ? m->from_us : 0, to = m ? m->to_us : INT64_MAX;
	const char *order = "g.held_at DESC, g.id DESC";
	if (q->sort && *q->sort) {
		if (strcmp(q->sort, "held_at") == 0)
			order = "g.held_at, g.id";
		else if (strcmp(q->sort, "-held_at") != 0)
			return err_set(e, ERR_INVALID, "sort", "排序字段应为 held_at（可加 - 前缀）",
				       "sort must be held_at (optionally prefixed by -)");
	}
	static const char *from_where = " FROM reg_meetings g JOIN regions c ON c.id=g.community_id"
					" WHERE c.path >= ? AND c.path < ? AND g.held_at >= ? AND g.held_at < ?";
	struct sb sql = SB_INIT;
	sb_addf(&sql, "SELECT count(*)%s", from_where);
	if ((rc = db_int(db, e, total, sb_str(&sql), "ssii", root.path, root.hi, from, to)) < 0)
		goto done;
	sb_reset(&sql);
	sb_addf(&sql,
		"SELECT g.id, g.community_id, c.name, g.held_at, g.title,"
		" (SELECT count(*) FROM reg_meeting_attendance a WHERE a.meeting_id=g.id AND a.present=1),"
		" (SELECT count(*) FROM reg_meeting_attendance a WHERE a.meeting_id=g.id), g.version"
		"%s ORDER BY %s LIMIT ? OFFSET ?",
		from_where, order);
	struct stmt *st = db_q(db, e, sb_str(&sql), "ssiiii", root.path, root.hi, from, to, q->per_page,
			       q->offset);
	if (!st) {
		rc = e->code;
		goto done;
	}
	while ((rc = stmt_step(st, e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_key(w, "community");
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 1));
		jw_kstr(w, "name", col_text(st, 2));
		jw_obj_end(w);
		jw_ktime(w, "held_at", col_int(st, 3));
		jw_kstr(w, "title", col_text(st, 4));
		jw_kint(w, "present_count", col_int(st, 5));
		jw_kint(w, "member_count", col_int(st, 6));
		jw_kint(w, "version", col_int(st, 7));
		jw_obj_end(w);
	}
	stmt_done(st);
done:
	sb_free(&sql);
	return rc < 0 ? rc : 0;
}

int reg_attendance_report(struct db *db, const struct principal *p, struct jw *w,
			  int64_t region_id, const struct reg_month *m, struct err *e)
{
	struct rgov_region root;
	int rc = reg_scope_root(db, p, REG_READ, region_id, &root, e);
	if (rc)
		return rc;
	struct stmt *st = db_q(
		db, e,
		"SELECT mm.id, mm.person_id, p.name, mm.community_id, c.name, mm.kind, mm.status,"
		" (SELECT count(*) FROM reg_meeting_attendance a JOIN reg_meetings g ON g.id=a.meeting_id"
		"   WHERE a.member_id=mm.id AND a.present=1 AND g.held_at >= ? AND g.held_at < ?),"
		" (SELECT count(*) FROM reg_meetings g WHERE g.community_id=mm.community_id"
		"   AND g.held_at >= ? AND g.held_at < ?)"
		" FROM reg_committee_members mm JOIN regions c ON c.id=mm.community_id"
		" JOIN people p ON p.id=mm.person_id"
		" WHERE c.path >= ? AND c.path < ? AND mm.term_start < ?"
		" AND (mm.term_end IS NULL OR mm.term_end >= ?) ORDER BY c.path, mm.kind, p.name, mm.id",
		"iiiissss", m->from_us, m->to_us, m->from_us, m->to_us, root.path, root.hi,
		m->next_first, m->first);
	if (!st)
		return e->code;
	jw_obj(w);
	jw_kstr(w, "month", m->ym);
	jw_key(w, "region");
	jw_obj(w);
	jw_kint(w, "id", root.id);
	jw_kstr(w, "name", root.name);
	jw_kstr(w, "level", root.level);
	jw_obj_end(w);
	jw_key(w, "members");
	jw_arr(w);
	while ((rc = stmt_step(st, e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		reg_write_person(w, "person", col_int(st, 1), col_text(st, 2));
		jw_key(w, "community");
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 3));
		jw_kstr(w, "name", col_text(st, 4));
		jw_obj_end(w);
		jw_kstr(w, "kind", col_text(st, 5));
		jw_kstr(w, "status", col_text(st, 6));
		jw_kint(w, "attended", col_int(st, 7));
		jw_kint(w, "meetings_held", col_int(st, 8));
		jw_kbool(w, "shortfall", col_int(st, 7) == 0);
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	if ((rc = reg_rollup_write(db, w, &root, m, e)))
		return rc;
	jw_obj_end(w);
	return 0;
}
