/*
 * disclosure.c — what a fund publishes (公示): disclosures (periodic,
 * final, major event, other), corrections that keep the original (a
 * correction is a new disclosure pointing at the one it corrects; the
 * original is never changed — triggers refuse it — and the public page
 * shows both), the fundraisings and major events the calendar tracks, and
 * the job that flags overdue disclosures to the fund's managers and
 * supervisor through the outbox, once a day per item.
 */
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/module.h"
#include "core/wtime.h"
#include "modules/funds/funds.h"
#include "modules/grants/grants_internal.h"
#include "notify/notify.h"
#include "store/store.h"

const char *const disclosure_kinds[] = {"periodic", "final", "major_event", "correction", "other", NULL};
const char *const disclosure_subject_kinds[] = {"fundraising", "major_event", NULL};

static const struct col disclosure_cols[] = {
	{"id", "编号", COL_INT},         {"fund_id", "基金", COL_INT},      {"region_id", "区域", COL_INT},
	{"kind", "类别", COL_TEXT},       {"grant_id", "资助项目", COL_INT}, {"subject_id", "公示事项", COL_INT},
	{"corrects_id", "更正", COL_INT}, {"title", "标题", COL_TEXT},      {"body", "内容", COL_TEXT},
	{"published_at", "发布时间", COL_TIME},
};
const struct record_kind disclosure_kind = {
	.entity = "disclosure", .what_zh = "公示", .what_en = "disclosure",
	.head_sql = "SELECT d.id, d.region_id, d.version, g.path FROM disclosures d JOIN regions g ON g.id=d.region_id"
		    " WHERE d.id=?",
	.row_sql = "SELECT id, fund_id, region_id, kind, grant_id, subject_id, corrects_id, title, body, published_at"
		   " FROM disclosures WHERE id=?",
	.cols = disclosure_cols, .ncols = (int)(sizeof disclosure_cols / sizeof disclosure_cols[0]),
	.read_roles = ROLES_ANY,
};

static const struct col subject_cols[] = {
	{"id", "编号", COL_INT},        {"fund_id", "基金", COL_INT},        {"region_id", "区域", COL_INT},
	{"kind", "类别", COL_TEXT},      {"title", "名称", COL_TEXT},         {"starts_on", "开始/发生日期", COL_TEXT},
	{"ends_on", "结束日期", COL_TEXT}, {"created_at", "登记时间", COL_TIME},
};
const struct record_kind disclosure_subject_kind = {
	.entity = "disclosure_subject", .what_zh = "公示事项", .what_en = "disclosure subject",
	.head_sql = "SELECT s.id, s.region_id, s.version, g.path FROM disclosure_subjects s JOIN regions g"
		    " ON g.id=s.region_id WHERE s.id=?",
	.row_sql = "SELECT id, fund_id, region_id, kind, title, starts_on, ends_on, created_at FROM disclosure_subjects"
		   " WHERE id=?",
	.cols = subject_cols, .ncols = (int)(sizeof subject_cols / sizeof subject_cols[0]),
	.read_roles = ROLES_ANY,
};

int disclosure_publish(struct ctx *c, const struct disclosure_in *in, int64_t *id)
{
	struct fund_head f;
	int rc;
	if ((rc = fund_load(c, in->fund_id, 0, &f)) || (rc = gr_may_manage(c, &f)))
		return rc;
	if (!strcmp(in->kind, "correction"))
		return err_set(c->e, ERR_INVALID, "kind", "更正请在原公示上发布更正公告",
			       "publish a correction from the disclosure it corrects");
	if (in->grant_id && in->subject_id)
		return err_set(c->e, ERR_INVALID, "subject_id", "公示针对一个资助项目或一个事项，不能同时",
			       "a disclosure is about a grant or a subject, not both");
	int64_t owner = 0;
	if (in->grant_id) {
		if ((rc = db_int(c->db, c->e, &owner, "SELECT fund_id FROM grants WHERE id=?", "i", in->grant_id)) < 0)
			return rc;
		if (!rc || owner != f.id)
			return err_set(c->e, ERR_INVALID, "grant_id", "这个资助项目不属于该基金", "the grant is not this fund's");
	}
	if (in->subject_id) {
		if ((rc = db_int(c->db, c->e, &owner, "SELECT fund_id FROM disclosure_subjects WHERE id=?", "i",
				 in->subject_id)) < 0)
			return rc;
		if (!rc || owner != f.id)
			return err_set(c->e, ERR_INVALID, "subject_id", "这个事项不属于该基金", "the subject is not this fund's");
	}
	if ((!strcmp(in->kind, "periodic") || !strcmp(in->kind, "final")) && !in->grant_id && !in->subject_id)
		return err_set(c->e, ERR_INVALID, "grant_id", "定期与结项公示须指明资助项目或募捐事项",
			       "a periodic or final disclosure names its grant or fundraising");
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO disclosures (fund_id, region_id, kind, grant_id, subject_id, title, body, published_at,"
			 " published_by) VALUES (?,?,?,nullif(?,0),nullif(?,0),?,?,?,nullif(?,0)) RETURNING id",
			 "iisiissii", f.id, f.region_id, in->kind, in->grant_id, in->subject_id, in->title, in->body,
			 c->now, c->who ? c->who->user_id : (int64_t)0)) < 0)
		return rc;
	return record_created(c, &disclosure_kind, *id, f.region_id, "publish");
}

int disclosure_correct(struct ctx *c, int64_t id, const char *title, const char *body, int64_t *new_id)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st, "SELECT fund_id, grant_id, subject_id FROM disclosures WHERE id=?", "i", id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这条公示", "no such disclosure");
	int64_t fund_id = col_int(st, 0), grant_id = col_int(st, 1), subject_id = col_int(st, 2);
	stmt_done(st);
	struct fund_head f;
	if ((rc = fund_load(c, fund_id, 0, &f)) || (rc = gr_may_manage(c, &f)))
		return rc;
	int64_t had = 0;
	if ((rc = db_int(c->db, c->e, &had, "SELECT count(*) FROM disclosures WHERE corrects_id=?", "i", id)) < 0)
		return rc;
	if (had)
		return err_set(c->e, ERR_CONFLICT, "id", "这条公示已有更正公告：请更正那一条",
			       "this disclosure has a correction already: correct that one");
	if ((rc = db_int(c->db, c->e, new_id,
			 "INSERT INTO disclosures (fund_id, region_id, kind, grant_id, subject_id, corrects_id, title, body,"
			 " published_at, published_by) VALUES (?,?,'correction',nullif(?,0),nullif(?,0),?,?,?,?,nullif(?,0))"
			 " RETURNING id",
			 "iiiiissii", f.id, f.region_id, grant_id, subject_id, id, title, body, c->now,
			 c->who ? c->who->user_id : (int64_t)0)) < 0)
		return rc;
	return record_created(c, &disclosure_kind, *new_id, f.region_id, "correct");
}

int disclosure_subject_add(struct ctx *c, const struct disclosure_subject_in *in, int64_t *id)
{
	struct fund_head f;
	int rc;
	if ((rc = fund_load(c, in->fund_id, 0, &f)) || (rc = gr_may_manage(c, &f)))
		return rc;
	bool major = !strcmp(in->kind, "major_event");
	if (major && in->ends_on)
		return err_set(c->e, ERR_INVALID, "ends_on", "重大事项只有发生日期", "a major event has only its day");
	if (!major && !in->ends_on)
		return err_set(c->e, ERR_INVALID, "ends_on", "请填写募捐的结束日期", "give the fundraising's end");
	if (in->ends_on && strcmp(in->ends_on, in->starts_on) < 0)
		return err_set(c->e, ERR_INVALID, "ends_on", "结束日期不能早于开始日期", "ends before it starts");
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO disclosure_subjects (fund_id, region_id, kind, title, starts_on, ends_on, created_by,"
			 " created_at) VALUES (?,?,?,?,?,?,nullif(?,0),?) RETURNING id",
			 "iissssii", f.id, f.region_id, in->kind, in->title, in->starts_on, in->ends_on,
			 c->who ? c->who->user_id : (int64_t)0, c->now)) < 0)
		return rc;
	return record_created(c, &disclosure_subject_kind, *id, f.region_id, NULL);
}

/* ---------- overdue: the outbox and the home page ---------- */

static const char *kind_zh(const char *k)
{
	return !strcmp(k, "periodic") ? "定期公示" : !strcmp(k, "final") ? "结项全面公示" : "重大事项公示";
}

int gr_flag_overdue(struct ctx *c, int64_t *n)
{
	struct gr_obligation *o;
	int no, rc;
	*n = 0;
	if ((rc = gr_obligations(c, 0, "/", 0, true, &o, &no)))
		return rc;
	for (int i = 0; i < no; i++) {
		const char *entity = o[i].grant_id ? "grant" : "disclosure_subject";
		int64_t eid = o[i].grant_id ? o[i].grant_id : o[i].subject_id;
		const char *kind = arena_printf(c->a, "grants.disclosure_overdue.%s", o[i].kind);
		int64_t last = 0;
		if ((rc = db_int(c->db, c->e, &last,
				 "SELECT count(*) FROM notices WHERE entity=? AND entity_id=? AND kind=? AND created_at > ?",
				 "sisi", entity, eid, kind, c->now - 86400LL * WTIME_US)) < 0)
			return rc;
		if (last)
			continue;
		char due[11];
		gr_day_text(o[i].due, due);
		struct notice nt = {
			.kind = kind,
			.region_id = o[i].region_id,
			.title = arena_printf(c->a, "公示逾期：「%s」的%s", o[i].title, kind_zh(o[i].kind)),
			.title_en = arena_printf(c->a, "Disclosure overdue: %s (%s)", o[i].title, o[i].kind),
			.body = arena_printf(c->a, "应于 %s 前公示，已逾期。请在「资助与公示 → 公示日历」发布。", due),
			.body_en = arena_printf(c->a, "It was due by %s. Publish it under Grants & disclosure → Calendar.",
						due),
			.link = "/grants/calendar",
			.entity = entity,
			.entity_id = eid,
		};
		/* The fund's managers (community staff) and its supervisor (the
		 * town over the community), and the members named on the fund. */
		if ((rc = notify_role(c, R(ROLE_COMMUNITY_STAFF) | R(ROLE_TOWN_ADMIN), &nt)))
			return rc;
		if ((rc = fund_notify_managers(c, o[i].fund_id, &nt)))
			return rc;
		(*n)++;
	}
	return 0;
}

int grants_disclosure_pass(struct db *db, int64_t now, int64_t *n, struct err *e)
{
	return db_run_pass(db, now, gr_flag_overdue, n, e);
}

static int todo_overdue(struct ctx *c, const void *arg, int64_t *n, int *capped)
{
	(void)arg;
	*capped = 0;
	const struct grant *g = c->who ? auth_primary_grant(c->who, ROLES_STAFF) : NULL;
	if (c->who && !g)
		return auth_forbidden(c->e);
	struct gr_obligation *o;
	int no, rc = gr_obligations(c, 0, g ? g->region_path : "/", 0, true, &o, &no);
	*n = no;
	return rc;
}

static int todo_votes(struct ctx *c, const void *arg, int64_t *n, int *capped)
{
	(void)arg;
	*capped = 0;
	*n = 0;
	if (!c->who)
		return 0;
	/* Grants being voted on in the caller's scope that they have not voted on
	 * and may vote on (committee members of the fund). */
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT x.id, x.fund_id FROM grants x WHERE x.status='voting' AND NOT EXISTS"
			       " (SELECT 1 FROM grant_votes v WHERE v.grant_id=x.id AND v.user_id=?) ORDER BY x.id LIMIT 1000",
			       "i", c->who->user_id);
	if (!st)
		return c->e->code;
	int rc;
	int64_t ids[1000];
	int k = 0;
	while ((rc = stmt_step(st, c->e)) == 1)
		ids[k++] = col_int(st, 1);
	stmt_done(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < k; i++)
		if (fund_member_has(c, ids[i], "committee") || fund_member_has(c, ids[i], "chair"))
			(*n)++;
	return 0;
}

const struct module_todo grants_todos[] = {
	{"grants.disclosure_overdue", "逾期未公示", "Overdue disclosures", ROLES_STAFF, "/grants/calendar",
	 .count = todo_overdue, .urgent = 1},
	{"grants.votes", "待我表决的资助申请", "Grants awaiting my vote", ROLES_ANY, "/grants/list?status=voting",
	 .count = todo_votes},
	{NULL, NULL, NULL, 0, NULL, NULL, 0, NULL},
};

int grant_disclose_progress(struct ctx *c, int64_t grant_id, const char *title, const char *body, int64_t *id)
{
	int64_t fund = 0;
	int rc = db_int(c->db, c->e, &fund, "SELECT fund_id FROM grants WHERE id=?", "i", grant_id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_NOT_FOUND, "grant_id", "没有这个资助项目", "no such grant");
	struct disclosure_in in = {.fund_id = fund, .grant_id = grant_id, .kind = "periodic", .title = title, .body = body};
	return disclosure_publish(c, &in, id);
}
