/*
 * demo.c — the volunteer service of `wushe demo`: 北区社区's people
 * registered as volunteers a little over a year ago, the activities of its
 * 27 teams (北区社区志愿服务总队) over the past year with sign-ups,
 * attendance and confirmed service records, one missed check-out left for
 * the server to close (its jobs pass at start: volunteer.close) and then
 * waiting for the organiser, an open correction, and the
 * coming weeks' activities with sign-ups and a waiting list.
 *
 * The account vol1 (a volunteer of 北区社区, password Demo@2026) is one of
 * them: records, a pending correction and an upcoming sign-up; so is the
 * resident account's person (registered half a year ago). Runs after the
 * exchange (whose demo links the resident account), so the accounts it adds
 * come after the exchange's. Everything
 * goes through the area's logic with the clock set to when it happened,
 * so the audit log and the notices read as they would have. It uses the
 * registry's people and teams (order 30).
 */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "modules/region/region.h"
#include "modules/volunteer/volunteer.h"
#include "store/store.h"
#include "store/list.h"

#define DAY VOL_DAY_US
#define HOUR (3600LL * 1000000)
#define MIN (60LL * 1000000)
#define NVOL 72
#define NTEAM 27

static unsigned seed = 20261207;
static unsigned rnd(unsigned n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 16) % n;
}

struct plan {
	const char *title, *place, *role1, *role2, *audience;
	int hours2; /* duration in half hours */
};

/* What 北区's teams do, by the team's place in the registry's list. */
static const struct plan plans[] = {
	{"独居长者上门探访", "北区社区各住宅小区", "探访陪伴", "记录跟进", "独居长者", 5},
	{"社区环境清洁日", "北区社区中心公园", "清扫保洁", "宣传引导", "社区居民", 4},
	{"夜间治安巡逻", "北区社区辖区主干道", "巡逻", "值守登记", "社区居民", 6},
	{"长者义剪", "北区社区党群服务中心多功能活动室", "理发", "秩序引导", "60岁以上长者", 5},
	{"家电义务维修", "北区社区党群服务中心门前广场", "维修", "登记接待", "社区居民", 6},
	{"健康义诊", "北区社区党群服务中心", "测量血压血糖", "咨询引导", "长者及慢病居民", 5},
	{"垃圾分类督导", "北区社区各垃圾投放点", "定点督导", "入户宣传", "社区居民", 4},
	{"亲子阅读会", "北区社区党群服务中心阅览室", "带读", "活动协助", "亲子家庭", 4},
	{"新市民融入沙龙", "北区社区V站", "主持协助", "接待登记", "新市民", 4},
	{"粤曲进社区展演", "北区社区文化广场", "演出协助", "场务", "社区居民", 5},
	{"太极晨练带练", "北区社区中心公园", "带练", "签到", "社区居民", 3},
	{"春联书写送福", "北区社区党群服务中心", "书写", "派送", "社区居民", 5},
};

static int64_t one(struct db *db, struct err *e, const char *sql, int64_t arg)
{
	int64_t v = 0;
	return db_int(db, e, &v, sql, "i", arg) < 0 ? -1 : v;
}

/* An activity at `start` with two roles; signed up for by vols[0..n) (the
 * first role gets most of them), registered at `start` - 6 days. */
static int make_activity(struct ctx *c, int64_t region, int64_t team, const struct plan *p, int64_t start,
			 int cap, const int64_t *vols, int n, int64_t *id, int64_t *roles)
{
	struct vol_activity_in in = {0};
	in.region_id = region;
	in.team_id = team;
	in.title = p->title;
	in.description = "北区社区志愿服务总队组织的志愿服务活动，请准时到场签到，离开时扫码签退。";
	in.place = p->place;
	in.starts_at = start;
	in.ends_at = start + p->hours2 * 30 * MIN;
	in.cancel_before = start - DAY;
	in.has_cancel_before = true;
	in.contact_name = "何姑娘";
	in.contact_phone = "0757-22381234";
	in.audience = p->audience;
	in.roles[0] = (struct vol_role_in){p->role1, cap, ""};
	in.roles[1] = (struct vol_role_in){p->role2, 2, ""};
	in.nroles = 2;
	int64_t saved = c->now;
	c->now = start - 6 * DAY;
	int rc = vol_activity_create(c, &in, id);
	if (!rc) {
		roles[0] = one(c->db, c->e, "SELECT min(id) FROM vol_roles WHERE activity_id=?", *id);
		roles[1] = one(c->db, c->e, "SELECT max(id) FROM vol_roles WHERE activity_id=?", *id);
	}
	for (int i = 0; !rc && i < n; i++) {
		c->now = start - (5 - i % 4) * DAY + i * 7 * MIN;
		struct vol_signup_in s = {.role_id = roles[i % 4 == 3], .volunteer_id = vols[i],
					  .companions = i == 1 ? 1 : 0};
		int64_t sid;
		rc = vol_signup_create(c, *id, &s, &sid);
		if (rc == ERR_CONFLICT || rc == ERR_RULE) /* a clash: the volunteer had another shift */
			rc = 0;
	}
	c->now = saved;
	return rc;
}

/* The day of a past activity: everyone signed checks in around the start,
 * out around the end (one forgets, in `miss`), and the organiser confirms
 * the hours that evening. */
static int run_day(struct ctx *c, int64_t activity, int64_t start, int64_t end, bool miss, bool confirm)
{
	int64_t saved = c->now, n;
	int rc;
	c->now = start + 5 * MIN;
	if ((rc = vol_checkin_all(c, activity, &n)))
		goto done;
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT id FROM vol_signups WHERE activity_id=? AND checkin_at IS NOT NULL ORDER BY id", "i",
			       activity);
	int64_t ids[32];
	int k = 0;
	while (st && (rc = stmt_step(st, c->e)) == 1 && k < 32)
		ids[k++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		goto done;
	for (int i = 0; i < k; i++) {
		if (miss && i == k - 1)
			break;
		c->now = end - (int64_t)rnd(25) * MIN;
		if ((rc = vol_checkout(c, ids[i], NULL)))
			goto done;
	}
	c->now = end + 3 * HOUR;
	if (confirm) {
		struct vol_confirm_in all = {.all = true};
		if ((rc = vol_confirm_bulk(c, activity, &all, &n)))
			goto done;
	}
	/* a missed check-out (miss) stays open: `wushe serve` closes it */
	(void)miss;
done:
	c->now = saved;
	return rc;
}

static int demo(struct ctx *c)
{
	struct db *db = c->db;
	struct err *e = c->e;
	int64_t now = c->now;
	int64_t beiqu = region_find(db, "北区社区", e);
	int rc;
	if (beiqu <= 0)
		return 0; /* no registry demo */
	char *path = NULL;
	if ((rc = list_region_path_in(db, c->a, beiqu, &path, e)) <= 0)
		return rc;
	const char *hi = list_path_hi(c->a, path);

	/* vol1: a volunteer of 北区社区 whose account is linked to a resident */
	int64_t vol1_user = 0, vol1_person = 0;
	char *vol1_name = NULL;
	if ((rc = db_int(db, e, &vol1_person,
			 "SELECT p.id FROM people p JOIN regions g ON g.id=p.region_id WHERE g.path >= ? AND g.path < ?"
			 " AND p.status='active' AND p.user_id IS NULL AND p.is_volunteer=1 ORDER BY p.id LIMIT 1",
			 "ss", path, hi)) < 0 ||
	    (rc = db_text(db, e, c->a, &vol1_name, "SELECT name FROM people WHERE id=?", "i", vol1_person)) < 0)
		return rc;
	if ((rc = auth_user_create_cli(db, "vol1", vol1_name ? vol1_name : "志愿者", "Demo@2026", ROLE_VOLUNTEER,
				       beiqu, now, e)) ||
	    (rc = db_int(db, e, &vol1_user, "SELECT id FROM users WHERE username='vol1'", "")) < 0)
		return rc;
	if (vol1_person &&
	    (rc = db_exec(db, e, "UPDATE people SET user_id=? WHERE id=?", "ii", vol1_user, vol1_person)))
		return rc;

	/* 72 volunteers registered 13 months ago: those the registry marks as
	 * volunteers first, vol1's person among them */
	static const char *const skillsets[] = {"elderly_care", "first_aid,medical", "patrol", "haircut",
						"repair,computer", "teaching,childcare", "environment", "arts",
						"translation", "cooking", "photography", "event_support"};
	int64_t vols[NVOL];
	int nv = 0;
	struct stmt *st = db_q(db, e,
			       "SELECT p.id FROM people p JOIN regions g ON g.id=p.region_id WHERE g.path >= ? AND g.path < ?"
			       " AND p.status='active' ORDER BY p.is_volunteer DESC, p.id LIMIT ?",
			       "ssi", path, hi, (int64_t)NVOL);
	int64_t people[NVOL];
	int np = 0;
	while (st && (rc = stmt_step(st, e)) == 1 && np < NVOL)
		people[np++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < np; i++) {
		c->now = now - 400 * DAY + i * 3 * HOUR;
		struct vol_volunteer_in in = {.person_id = people[i],
					      .consent_purpose = "志愿服务记录、证明出具与活动联络（《志愿服务记录与证明出具办法》）",
					      .skills = skillsets[i % 12], .has_skills = true,
					      .languages = i % 5 == 0 ? "zh,yue,en" : "zh,yue", .has_languages = true,
					      .availability = (int64_t)((i * 2654435761u) & ((1u << 21) - 1)),
					      .has_availability = true};
		if ((rc = vol_volunteer_create(c, &in, &vols[nv])))
			return rc;
		nv++;
	}
	c->now = now;
	int64_t vol1 = vol1_person ? one(db, e, "SELECT id FROM vol_volunteers WHERE person_id=?", vol1_person) : 0;
	/* the resident account (linked to her person by the exchange's demo)
	 * registered herself half a year ago */
	int64_t res_person = 0, resv = 0;
	if ((rc = db_int(db, e, &res_person,
			 "SELECT p.id FROM people p JOIN users u ON u.id=p.user_id WHERE u.username='resident'", "")) < 0)
		return rc;
	if (res_person && !one(db, e, "SELECT count(*) FROM vol_volunteers WHERE person_id=?", res_person)) {
		struct vol_volunteer_in in = {.person_id = res_person, .consent_purpose = "志愿服务记录、证明出具与活动联络",
					      .skills = "elderly_care,cooking", .has_skills = true, .languages = "zh,yue",
					      .has_languages = true};
		c->now = now - 180 * DAY;
		rc = vol_volunteer_create(c, &in, &resv);
		c->now = now;
		if (rc)
			return rc;
	}

	/* the teams under 北区社区志愿服务总队 */
	int64_t teams[NTEAM];
	int nt = 0;
	st = db_q(db, e, "SELECT id FROM teams WHERE region_id=? AND is_general=0 ORDER BY id LIMIT ?", "ii", beiqu,
		  (int64_t)NTEAM);
	while (st && (rc = stmt_step(st, e)) == 1 && nt < NTEAM)
		teams[nt++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0 || !nt || nv < 12)
		return rc < 0 ? rc : 0;

	/* the past year: an activity every eight days, at 9:00 or 14:30 */
	int64_t today = vol_day_start(now);
	int64_t vol1_record_activity = 0;
	for (int k = 0; k < 44; k++) {
		int ti = k % nt, pi = k % (int)(sizeof plans / sizeof plans[0]);
		const struct plan *p = &plans[pi];
		int64_t start = today - (352 - k * 8) * DAY + (k % 2 ? 14 * HOUR + 30 * MIN : 9 * HOUR);
		int64_t pick[10], id, roles[2];
		int n = 5 + (int)rnd(5);
		for (int i = 0; i < n; i++)
			pick[i] = vols[(k * 7 + i * 5) % nv];
		if (vol1 && k % 3 == 0)
			pick[0] = vol1;
		if (resv && k >= 24 && k % 4 == 1)
			pick[n - 1] = resv;
		if ((rc = make_activity(c, beiqu, teams[ti], p, start, 8, pick, n, &id, roles)))
			return rc;
		if (k % 11 == 5) {
			/* someone came along on the day: a walk-in */
			struct vol_signup_in w = {.role_id = roles[0], .volunteer_id = vols[(k * 7 + 41) % nv]};
			int64_t wid;
			c->now = start + 20 * MIN;
			rc = vol_walk_in(c, id, &w, &wid);
			c->now = now;
			if (rc && rc != ERR_CONFLICT)
				return rc;
		}
		if ((rc = run_day(c, id, start, start + p->hours2 * 30 * MIN, k == 42, true)))
			return rc;
		if (vol1 && k % 3 == 0)
			vol1_record_activity = id;
	}

	/* a training for the first volunteers, a commendation for vol1 */
	for (int i = 0; i < 12 && i < nv; i++) {
		struct vol_entry_in t = {.kind = "training", .content = "志愿者岗前培训：服务礼仪、急救常识与安全",
					 .place = "北区社区党群服务中心", .started_at = today - 300 * DAY + 14 * HOUR + 30 * MIN};
		int64_t rid;
		c->now = today - 300 * DAY + 18 * HOUR;
		rc = vol_entry_create(c, vols[i], &t, &rid);
		c->now = now;
		if (rc)
			return rc;
	}
	if (vol1) {
		struct vol_entry_in t = {.kind = "commendation", .content = "北区社区优秀志愿者（季度）",
					 .place = "北区社区", .started_at = today - 60 * DAY + 10 * HOUR};
		int64_t rid;
		if ((rc = vol_entry_create(c, vol1, &t, &rid)))
			return rc;
	}

	/* vol1 asks for a correction of their latest record */
	struct principal vp;
	if (vol1 && vol1_record_activity && (rc = auth_load_principal(db, c->a, vol1_user, &vp, e)) == 0) {
		int64_t r2 = 0;
		if ((rc = db_int(db, e, &r2,
				 "SELECT r.id FROM vol_records r WHERE r.activity_id=? AND r.volunteer_id=?",
				 "ii", vol1_record_activity, vol1)) < 0)
			return rc;
		if (r2) {
			const struct principal *saved = c->who;
			c->who = &vp;
			c->now = now - 2 * DAY;
			struct vol_correction_in ci = {.reason = "当天活动结束后我留下整理物资，签退晚了半小时，实际服务时间更长。",
						       .minutes = 0, .has_minutes = false};
			int64_t cid;
			rc = vol_correction_create(c, r2, &ci, &cid);
			c->who = saved;
			c->now = now;
			if (rc)
				return rc;
		}
	} else if (rc) {
		return rc;
	}

	/* the coming weeks: sign-ups open, one full with a waiting list */
	for (int k = 0; k < 8; k++) {
		const struct plan *p = &plans[(k * 5 + 3) % (int)(sizeof plans / sizeof plans[0])];
		int64_t start = today + (2 + k * 3) * DAY + (k % 2 ? 14 * HOUR + 30 * MIN : 9 * HOUR);
		int64_t pick[10], id, roles[2];
		int n = k == 1 ? 7 : 2 + (int)rnd(4);
		for (int i = 0; i < n; i++)
			pick[i] = vols[(k * 11 + i * 3 + 1) % nv];
		if (vol1 && (k == 0 || k == 3))
			pick[0] = vol1;
		if (resv && k == 2)
			pick[0] = resv;
		if ((rc = make_activity(c, beiqu, teams[(k * 4 + 1) % nt], p, start, k == 1 ? 3 : 10, pick, n, &id,
					roles)))
			return rc;
	}
	return 0;
}

int volunteer_demo(struct db *db, int64_t now, struct err *e)
{
	struct arena a;
	arena_init(&a, 0);
	struct ctx c = ctx_system(db, now, &a, e);
	int rc = demo(&c);
	arena_free(&a);
	return rc;
}
