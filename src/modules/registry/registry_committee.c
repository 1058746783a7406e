/*
 * registry_committee.c — part-time committee members (兼职委员) and the
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
#include <string.h>

#include "core/arena.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "modules/registry/registry_gov.h"
#include "modules/registry/registry_gov_internal.h"
#include "store/list.h"
#include "store/store.h"

const char *const registry_member_kinds[] = {"entrepreneur", "social_worker", "senior_advisor",
					"nonregistered", NULL};
const char *const registry_member_statuses[] = {"active", "left", NULL};

static int kind_check(const char *k, struct err *e)
{
	for (int i = 0; k && registry_member_kinds[i]; i++)
		if (strcmp(k, registry_member_kinds[i]) == 0)
			return 0;
	return err_set(e, ERR_INVALID, "kind", "委员类别应为 entrepreneur/social_worker/senior_advisor/nonregistered",
		       "kind must be entrepreneur, social_worker, senior_advisor or nonregistered");
}

static int term_end_check(const char *end, const char *start, struct err *e)
{
	int rc = registry_date_check(end, "term_end", e);
	if (!rc && strcmp(end, start) < 0)
		rc = err_set(e, ERR_RULE, "term_end", "任期结束日期不能早于开始日期",
			     "term_end cannot be before term_start");
	return rc;
}

int registry_member_appoint(struct ctx *c, const void *vin, int64_t *id_out)
{
	const struct registry_member_in *in = vin;
	struct registry_gov_region cm;
	int rc;
	if ((rc = registry_community(c, REGISTRY_EDIT, in->community_id, "community_id", NULL, NULL, &cm)) ||
	    (rc = kind_check(in->kind, c->e)))
		return rc;
	char today[11];
	registry_today(c->now, today);
	const char *start = in->term_start ? in->term_start : today;
	if ((rc = registry_date_check(start, "term_start", c->e)) ||
	    (in->term_end && (rc = term_end_check(in->term_end, start, c->e))) ||
	    (rc = registry_person_inside(c, in->person_id, &cm, "该人员不是%s的居民",
				    "the person does not live in %s")))
		return rc;
	int64_t dup = 0;
	if ((rc = registry_refuse(c,
				  db_int(c->db, c->e, &dup,
					 "SELECT count(*) FROM reg_committee_members WHERE community_id=? AND person_id=?"
					 " AND kind=? AND status='active'",
					 "iis", cm.id, in->person_id, in->kind),
				  &dup, ERR_CONFLICT, "person_id", "该人员已是本社区同类别的在任兼职委员",
				  "the person is already an active member of this kind here")))
		return rc;
	int64_t id = 0;
	if ((rc = db_int(c->db, c->e, &id,
			 "INSERT INTO reg_committee_members(community_id, person_id, kind, term_start,"
			 " term_end, note, created_at, updated_at) VALUES(?,?,?,?,?,?,?,?) RETURNING id",
			 "iissssii", cm.id, in->person_id, in->kind, start, in->term_end, in->note, c->now,
			 c->now)) < 0)
		return rc;
	return registry_created(c, &registry_member_kind, id, cm.id, id_out);
}

int registry_member_end(struct ctx *c, int64_t id, const void *vin)
{
	const struct registry_member_end_in *in = vin;
	struct record rec;
	const char *row[2]; /* term_start, status */
	int rc;
	if ((rc = registry_edit(c, &registry_member_kind, id, in->version, &rec)) ||
	    (rc = registry_texts(c, "SELECT term_start, status FROM reg_committee_members WHERE id=?", id, row, 2)))
		return rc;
	const char *start = row[0];
	if (strcmp(row[1], "active") != 0)
		return err_set(c->e, ERR_RULE, "status", "该委员任期已结束", "the member's term has already ended");
	char today[11];
	registry_today(c->now, today);
	const char *end = in->term_end ? in->term_end : today;
	if ((rc = term_end_check(end, start, c->e)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE reg_committee_members SET status='left', term_end=?, version=version+1,"
			  " updated_at=? WHERE id=?",
			  "sii", end, c->now, id)))
		return rc;
	return record_commit(c, &rec, "end_term");
}

/* A member as the API shows it: the row, then community and person. */
#define MEMBER_COLS                                                                        \
	"m.id, m.kind, m.status, m.term_start, m.term_end, m.note, m.version, m.created_at," \
	" m.updated_at, m.community_id, c.name, m.person_id, p.name"
#define MEMBER_FROM                                                                        \
	"reg_committee_members m JOIN regions c ON c.id=m.community_id"                  \
	" JOIN people p ON p.id=m.person_id"
static const struct col member_show_cols[] = {
	{"id", "编号", COL_INT},           {"kind", "类别", COL_TEXT},        {"status", "状态", COL_TEXT},
	{"term_start", "任期开始", COL_TEXT}, {"term_end", "任期结束", COL_TEXT}, {"note", "备注", COL_TEXT},
	{"version", "版本", COL_INT},      {"created_at", "创建时间", COL_TIME}, {"updated_at", "更新时间", COL_TIME},
};
static const struct registry_nested member_refs[] = {{"community", false}, {"person", false}};
static const struct registry_rows member_rows = {member_show_cols, 9, member_refs, 2};

int registry_member_write(struct ctx *c, struct jw *w, int64_t id)
{
	struct record rec;
	int rc = record_load(c, &registry_member_kind, id, 0, &rec);
	return rc ? rc : registry_write_one(c, w, "SELECT " MEMBER_COLS " FROM " MEMBER_FROM " WHERE m.id=?", id, &member_rows);
}

static const struct registry_list_def member_def =
	GOV_LIST(MEMBER_FROM, "m.id", "m.community_id", MEMBER_COLS, MEMBER_FROM, "m.id", &member_rows, NULL, "-id",
		 GOV_SORT_ID("m.id"), GOV_SORT_TEXT("term_start", "m.term_start"), GOV_SORT_TEXT("name", "p.name"),
		 GOV_SORT_TEXT("community", "c.path"));

int registry_member_list(struct ctx *c, struct jw *w, const struct registry_list_q *q,
		    struct list_result *res)
{
	const struct registry_filter f[] = {{"m.status", "status", q->status, registry_member_statuses},
					    {"m.kind", "kind", q->kind, registry_member_kinds}};
	return registry_list(c, w, q, res, &member_def, f, 2);
}

int registry_member_eligible(struct ctx *c, struct jw *w, int64_t community_id)
{
	struct registry_gov_region cm;
	int rc = registry_community(c, REGISTRY_EDIT, community_id, "community_id", NULL, NULL, &cm);
	if (rc)
		return rc;
	/* Names only (and where they live): what staff need to pick a person. */
	static const struct col cols[] = {
		{"id", "编号", COL_INT}, {"name", "姓名", COL_TEXT}, {"region", "区域", COL_TEXT},
		{"household", "户籍", COL_TEXT},
	};
	static const struct registry_rows rows = {cols, 4, NULL, 0};
	struct db_arg args[] = {{.type = 's', .s = cm.path}, {.type = 's', .s = cm.hi}, {.type = 'i', .i = cm.id}};
	return registry_write_items(c, w, &rows,
			       "SELECT p.id, p.name, r.name, p.household FROM people p JOIN regions r ON"
			       " r.id=p.region_id WHERE r.path >= ? AND r.path < ? AND p.status='active'"
			       " AND NOT EXISTS (SELECT 1 FROM reg_committee_members m WHERE m.person_id=p.id"
			       " AND m.community_id=? AND m.status='active') ORDER BY p.name, p.id LIMIT 500",
			       args, 3);
}

/* ---------- meetings ---------- */

/* The meeting's columns and its sheet [[member_id, present], …]: a meeting's
 * audit entry shows who was marked, not only that the sheet changed. */
static int sheet_entry(struct ctx *c, struct stmt *st, void *arg)
{
	(void)c;
	struct sb *b = arg;
	/* the first entry follows the sheet's opening '[' */
	sb_addf(b, "%s[%lld,%lld]", sb_str(b)[b->len - 1] == '[' ? "" : ",",
		(long long)col_int(st, 0), (long long)col_int(st, 1));
	return 0;
}

/* The meeting's columns and its sheet [[member_id, present], …]: a meeting's
 * audit entry shows who was marked, not only that the sheet changed. */
static int meeting_snapshot(struct ctx *c, int64_t id, const char **out)
{
	char *m = NULL;
	int rc = record_snapshot(c, &registry_meeting_kind, id, &m);
	if (rc)
		return rc;
	struct sb b = SB_INIT;
	sb_adds(&b, "{\"meeting\":");
	sb_adds(&b, m);
	sb_adds(&b, ",\"attendance\":[");
	rc = registry_each(c,
			   db_q(c->db, c->e,
				"SELECT member_id, present FROM reg_meeting_attendance WHERE meeting_id=?"
				" ORDER BY member_id",
				"i", id),
			   -1, sheet_entry, &b);
	sb_adds(&b, "]}");
	*out = rc < 0 ? NULL : arena_strndup(c->a, sb_str(&b), b.len);
	sb_free(&b);
	return rc < 0 ? rc : 0;
}

/* Rows for every member whose term covers the meeting's date (idempotent). */
static int fill_sheet(struct ctx *c, int64_t meeting_id, int64_t community_id, int64_t held_at)
{
	char day[16];
	wtime_format_date(held_at, day, sizeof day);
	return db_exec(c->db, c->e,
		       "INSERT INTO reg_meeting_attendance(meeting_id, member_id, present)"
		       " SELECT ?, m.id, 0 FROM reg_committee_members m WHERE m.community_id=?"
		       " AND m.term_start <= ? AND (m.term_end IS NULL OR m.term_end >= ?)"
		       " ON CONFLICT DO NOTHING",
		       "iiss", meeting_id, community_id, day, day);
}

/* Each listed member must be on the sheet, once; then mark them. */
static int mark(struct ctx *c, int64_t meeting_id, const struct registry_attendance *att)
{
	for (size_t i = 0; i < att->n; i++) {
		int64_t member = att->v[i].member_id, hit = 0;
		for (size_t j = 0; j < i; j++)
			if (att->v[j].member_id == member)
				return err_setf(c->e, ERR_INVALID, "attendance", "委员 %lld 重复出现",
						"member %lld is listed twice", (long long)member);
		int rc = db_int(c->db, c->e, &hit,
				"SELECT count(*) FROM reg_meeting_attendance WHERE meeting_id=? AND member_id=?",
				"ii", meeting_id, member);
		if (rc < 0)
			return rc;
		if (!hit)
			return err_setf(c->e, ERR_RULE, "attendance",
					"委员 %lld 不是本社区在会议日期在任的兼职委员",
					"member %lld is not a member of this community on the meeting date",
					(long long)member);
	}
	for (size_t i = 0; i < att->n; i++) {
		int rc = db_exec(c->db, c->e,
				 "UPDATE reg_meeting_attendance SET present=? WHERE meeting_id=? AND member_id=?",
				 "iii", (int64_t)att->v[i].present, meeting_id, att->v[i].member_id);
		if (rc)
			return rc;
	}
	return 0;
}

int registry_meeting_create(struct ctx *c, const void *vin, int64_t *id_out)
{
	const struct registry_meeting_in *in = vin;
	struct registry_gov_region cm;
	int rc = registry_community(c, REGISTRY_EDIT, in->community_id, "community_id", NULL, NULL, &cm);
	if (rc)
		return rc;
	if (!in->title || !*in->title)
		return err_set(c->e, ERR_INVALID, "title", "缺少会议名称", "title is required");
	if (in->held_at <= 0)
		return err_set(c->e, ERR_INVALID, "held_at", "缺少会议时间", "held_at is required");
	int64_t id = 0;
	if ((rc = db_int(c->db, c->e, &id,
			 "INSERT INTO reg_meetings(community_id, held_at, title, note, created_by,"
			 " created_at, updated_at) VALUES(?,?,?,?,NULLIF(?,0),?,?) RETURNING id",
			 "iissiii", cm.id, in->held_at, in->title, in->note, c->who ? c->who->user_id : 0,
			 c->now, c->now)) < 0)
		return rc;
	const char *after = NULL;
	if ((rc = fill_sheet(c, id, cm.id, in->held_at)) || (rc = mark(c, id, &in->attendance)) ||
	    (rc = meeting_snapshot(c, id, &after)) ||
	    (rc = audit_record(c, "create", registry_meeting_kind.entity, id, cm.id, NULL, after)))
		return rc;
	if (id_out)
		*id_out = id;
	return 0;
}

int registry_meeting_set_attendance(struct ctx *c, int64_t id, const void *vin)
{
	const struct registry_attendance *att = &((const struct registry_meeting_in *)vin)->attendance;
	struct record rec;
	int64_t held = 0;
	const char *before = NULL, *after = NULL;
	int rc;
	if ((rc = record_load(c, &registry_meeting_kind, id, REGISTRY_EDIT, &rec)) ||
	    (rc = db_int(c->db, c->e, &held, "SELECT held_at FROM reg_meetings WHERE id=?", "i", id)) < 0 ||
	    (rc = meeting_snapshot(c, id, &before)) || (rc = fill_sheet(c, id, rec.region_id, held)) ||
	    (rc = mark(c, id, att)) ||
	    (rc = db_exec(c->db, c->e, "UPDATE reg_meetings SET version=version+1, updated_at=? WHERE id=?",
			  "ii", c->now, id)) ||
	    (rc = meeting_snapshot(c, id, &after)))
		return rc;
	return audit_record(c, "attendance", registry_meeting_kind.entity, id, rec.region_id, before, after);
}

static const struct col meeting_head_cols[] = {
	{"held_at", "会议时间", COL_TIME}, {"title", "名称", COL_TEXT},        {"note", "备注", COL_TEXT},
	{"version", "版本", COL_INT},      {"created_at", "创建时间", COL_TIME},
};

/* The attendance sheet's counts, as its rows are written. */
struct sheet {
	struct jw *w;
	int64_t present;
};

static int sheet_row(struct ctx *c, struct stmt *st, void *arg)
{
	(void)c;
	struct sheet *sh = arg;
	jw_obj(sh->w);
	jw_kint(sh->w, "member_id", col_int(st, 0));
	registry_write_ref(sh->w, "person", col_int(st, 1), col_text(st, 2));
	jw_kstr(sh->w, "kind", col_text(st, 3));
	jw_kbool(sh->w, "present", col_int(st, 4) != 0);
	jw_obj_end(sh->w);
	sh->present += col_int(st, 4) != 0;
	return 0;
}

int registry_meeting_write(struct ctx *c, struct jw *w, int64_t id)
{
	struct record rec;
	struct registry_gov_region cm;
	int rc = registry_record_load(c, &registry_meeting_kind, id, 0, &rec, &cm);
	if (rc)
		return rc;
	jw_obj(w);
	jw_kint(w, "id", id);
	registry_write_ref(w, "community", cm.id, cm.name);
	if ((rc = registry_each(c,
				db_q(c->db, c->e,
				     "SELECT held_at, title, note, version, created_at FROM reg_meetings WHERE id=?",
				     "i", id),
				1, registry_cols_row, &(struct registry_cols){w, meeting_head_cols, 5})) < 0)
		return rc;
	struct sheet sh = {w, 0};
	if ((rc = registry_array(c, w, "attendance",
				 db_q(c->db, c->e,
				      "SELECT a.member_id, m.person_id, p.name, m.kind, a.present FROM reg_meeting_attendance a"
				      " JOIN reg_committee_members m ON m.id=a.member_id JOIN people p ON p.id=m.person_id"
				      " WHERE a.meeting_id=? ORDER BY m.kind, p.name, m.id",
				      "i", id),
				 sheet_row, &sh)) < 0)
		return rc;
	jw_kint(w, "present_count", sh.present);
	jw_kint(w, "member_count", rc);
	jw_obj_end(w);
	return 0;
}

static const struct col meeting_show_cols[] = {
	{"id", "编号", COL_INT},           {"held_at", "会议时间", COL_TIME},     {"title", "名称", COL_TEXT},
	{"present_count", "出席人数", COL_INT}, {"member_count", "应出席人数", COL_INT}, {"version", "版本", COL_INT},
};
static const struct registry_nested meeting_refs[] = {{"community", false}};
static const struct registry_rows meeting_rows = {meeting_show_cols, 6, meeting_refs, 1};

static int meeting_month(struct ctx *c, struct list_q *lq, const struct registry_list_q *q)
{
	(void)c;
	if (q->month)
		list_where(lq, "g.held_at >= ? AND g.held_at < ?", "ii", q->month->from_us, q->month->to_us);
	return 0;
}

static const struct registry_list_def meeting_def =
	GOV_LIST("reg_meetings g", "g.id", "g.community_id",
		 "g.id, g.held_at, g.title,"
		 " (SELECT count(*) FROM reg_meeting_attendance a WHERE a.meeting_id=g.id AND a.present=1),"
		 " (SELECT count(*) FROM reg_meeting_attendance a WHERE a.meeting_id=g.id), g.version,"
		 " g.community_id, c.name",
		 "reg_meetings g JOIN regions c ON c.id=g.community_id", "g.id", &meeting_rows, meeting_month,
		 "-held_at", GOV_SORT_INT("held_at", "g.held_at"));

int registry_meeting_list(struct ctx *c, struct jw *w, const struct registry_list_q *q,
		     struct list_result *res)
{
	return registry_list(c, w, q, res, &meeting_def, NULL, 0);
}

static int member_month_row(struct ctx *c, struct stmt *st, void *arg)
{
	(void)c;
	struct jw *w = arg;
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 0));
	registry_write_ref(w, "person", col_int(st, 1), col_text(st, 2));
	registry_write_ref(w, "community", col_int(st, 3), col_text(st, 4));
	jw_kstr(w, "kind", col_text(st, 5));
	jw_kstr(w, "status", col_text(st, 6));
	jw_kint(w, "attended", col_int(st, 7));
	jw_kint(w, "meetings_held", col_int(st, 8));
	jw_kbool(w, "shortfall", col_int(st, 7) == 0);
	jw_obj_end(w);
	return 0;
}

/* Each member in office during the month, with the meetings attended. */
static int members_write(struct ctx *c, struct jw *w, const struct registry_gov_region *root,
			 const struct registry_month *m)
{
	return registry_array(
		c, w, "members",
		db_q(c->db, c->e,
		     "SELECT mm.id, mm.person_id, p.name, mm.community_id, c.name, mm.kind, mm.status,"
		     " (SELECT count(*) FROM reg_meeting_attendance a JOIN reg_meetings g ON g.id=a.meeting_id"
		     "   WHERE a.member_id=mm.id AND a.present=1 AND g.held_at >= ? AND g.held_at < ?),"
		     " (SELECT count(*) FROM reg_meetings g WHERE g.community_id=mm.community_id"
		     "   AND g.held_at >= ? AND g.held_at < ?)"
		     " FROM reg_committee_members mm JOIN regions c ON c.id=mm.community_id"
		     " JOIN people p ON p.id=mm.person_id"
		     " WHERE c.path >= ? AND c.path < ? AND mm.term_start < ?"
		     " AND (mm.term_end IS NULL OR mm.term_end >= ?) ORDER BY c.path, mm.kind, p.name, mm.id",
		     "iiiissss", m->from_us, m->to_us, m->from_us, m->to_us, root->path, root->hi,
		     m->next_first, m->first),
		member_month_row, w);
}

int registry_attendance_report(struct ctx *c, struct jw *w, int64_t region_id, const struct registry_month *m)
{
	return registry_month_report(c, w, region_id, m, members_write);
}
