/*
 * test_volunteer.c — the volunteer area's core logic (src/modules/volunteer):
 * registration with consent and its scope, the waiting list promoted on a
 * cancellation, the overlap refusal naming the other activity, the
 * cancellation deadline, walk-ins beyond capacity, the rotating venue code
 * (current and previous window, the activity's day only, forgeries), the
 * hours rules (time on site, registration, the daily maximum), missed
 * check-outs closed and flagged, corrections as new records that amend the
 * old (which stays, append-only), totals, merges, team leaders, training
 * entries and cancelled activities.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

#include "auth/auth.h"
#include "core/arena.h"
#include "core/qr.h"
#include "core/sb.h"
#include "modules/volunteer/volunteer.h"

#define HOUR (60 * MINUTE)
#define DAY (24 * HOUR)
/* 2026-11-27 09:00 Asia/Shanghai: two days after T0 */
#define D1 (vol_day_start(T0) + 2 * DAY + 9 * HOUR)

struct fx {
	struct tstore *t;
	struct arena a;
	struct principal staff, other_staff, alice, bob, leader, nobody;
	int64_t vol_alice, vol_bob, team;
	struct err e;
};

static void link_person(struct fx *f, int64_t person, const struct principal *p)
{
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE people SET user_id=%lld WHERE id=%lld", (long long)p->user_id,
		 (long long)person);
	exec_committed(f->t->db, sql);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->t = tstore_new();
	arena_init(&f->a, 0);
	exec_committed(f->t->db,
		       "INSERT INTO regions(id, level, name, path, created_at, updated_at) VALUES(1,'district','顺德区','/1/',0,0)");
	exec_committed(f->t->db,
		       "INSERT INTO regions(id, parent_id, level, name, path, created_at, updated_at)"
		       " VALUES(2,1,'town','大良街道','/1/2/',0,0),(3,2,'community','北区社区','/1/2/3/',0,0),"
		       "(4,2,'community','文华社区','/1/2/4/',0,0)");
	exec_committed(f->t->db,
		       "INSERT INTO people(id, region_id, name, created_at, updated_at) VALUES"
		       " (1,3,'陈小明',0,0),(2,3,'李阿姨',0,0),(3,3,'何队长',0,0),(4,3,'黄重复',0,0),(5,4,'文华人',0,0)");
	test_user(f->t->db, &f->a, "beiqu", ROLE_COMMUNITY_STAFF, 3, &f->staff);
	test_user(f->t->db, &f->a, "wenhua", ROLE_COMMUNITY_STAFF, 4, &f->other_staff);
	test_user(f->t->db, &f->a, "alice", ROLE_VOLUNTEER, 3, &f->alice);
	test_user(f->t->db, &f->a, "bob", ROLE_RESIDENT, 3, &f->bob);
	test_user(f->t->db, &f->a, "leader", ROLE_VOLUNTEER, 3, &f->leader);
	test_user(f->t->db, &f->a, "nobody", ROLE_RESIDENT, 3, &f->nobody);
	link_person(f, 1, &f->alice);
	link_person(f, 2, &f->bob);
	link_person(f, 3, &f->leader);
	exec_committed(f->t->db, "INSERT INTO teams(id, region_id, name, leader_person_id, created_at, updated_at)"
				 " VALUES(7,3,'北区社区助老服务队',3,0,0)");
	f->team = 7;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	tstore_free(f->t);
	arena_free(&f->a);
	free(f);
	return 0;
}

static struct ctx as(struct fx *f, const struct principal *p, int64_t now)
{
	struct ctx c = {f->t->db, p, now, &f->a, &f->e, NULL};
	return c;
}

/* Run one logic call in its own write transaction, as a request would:
 * committed when it succeeds, rolled back otherwise. */
#define TX(f, call)                                                                                   \
	({                                                                                            \
		assert_int_equal(db_begin_write((f)->t->db, &(f)->e), 0);                           \
		int rc_ = (call);                                                                   \
		if (rc_ == 0)                                                                       \
			assert_int_equal(db_commit((f)->t->db, &(f)->e), 0);                        \
		else                                                                                \
			db_rollback((f)->t->db);                                                    \
		rc_;                                                                                \
	})

static void register_two(struct fx *f)
{
	struct ctx c = as(f, &f->staff, T0 - 30 * DAY);
	struct vol_volunteer_in in = {.consent_purpose = "志愿服务记录", .skills = "first_aid", .has_skills = true};
	in.person_id = 1;
	assert_int_equal(TX(f, vol_volunteer_create(&c, &in, &f->vol_alice)), 0);
	in.person_id = 2;
	assert_int_equal(TX(f, vol_volunteer_create(&c, &in, &f->vol_bob)), 0);
}

static int64_t activity(struct fx *f, const char *title, int64_t start, int64_t minutes, int64_t capacity,
			const char *skills)
{
	struct ctx c = as(f, &f->staff, T0);
	struct vol_activity_in in = {.region_id = 3, .team_id = f->team, .title = title, .place = "北区社区党群服务中心",
				     .starts_at = start, .ends_at = start + minutes * MINUTE, .contact_name = "何",
				     .contact_phone = "13800000000", .nroles = 1};
	in.roles[0] = (struct vol_role_in){"服务", capacity, skills};
	int64_t id = 0;
	int rc = TX(f, vol_activity_create(&c, &in, &id));
	if (rc)
		fprintf(stderr, "activity: %s\n", f->e.message_en);
	assert_int_equal(rc, 0);
	return id;
}

static int64_t role_of(struct fx *f, int64_t activity_id)
{
	return query_int(f->t->db, "SELECT min(id) FROM vol_roles WHERE activity_id=?", activity_id);
}

static int sign(struct fx *f, const struct principal *p, int64_t act, int64_t companions, int64_t *sid)
{
	struct ctx c = as(f, p, T0);
	struct vol_signup_in in = {.role_id = role_of(f, act), .companions = companions};
	return TX(f, vol_signup_create(&c, act, &in, sid));
}

static char *status_of(struct fx *f, int64_t sid)
{
	return query_text(f->t->db, "SELECT status FROM vol_signups WHERE id=?", sid);
}

/* ---------- tests ---------- */

static void test_registration_consent_and_scope(void **state)
{
	struct fx *f = *state;
	register_two(f);
	char *number = query_text(f->t->db, "SELECT number FROM vol_volunteers WHERE id=?", f->vol_alice);
	assert_string_equal(number, "V000000001");
	free(number);
	assert_int_equal(query_int(f->t->db, "SELECT is_volunteer FROM people WHERE id=?", 1), 1);
	assert_int_equal(query_int(f->t->db, "SELECT count(*) FROM audit_log WHERE entity='vol_volunteer' AND entity_id=?",
				   f->vol_alice), 1);
	/* the same person again: 409; staff of another community: 403 */
	struct ctx c = as(f, &f->staff, T0);
	struct vol_volunteer_in in = {.person_id = 1, .consent_purpose = "志愿服务记录"};
	int64_t id;
	assert_int_equal(TX(f, vol_volunteer_create(&c, &in, &id)), ERR_CONFLICT);
	struct ctx o = as(f, &f->other_staff, T0);
	in.person_id = 4;
	assert_int_equal(TX(f, vol_volunteer_create(&o, &in, &id)), ERR_FORBIDDEN);
	/* self-registration: the leader's account has a person; nobody's has none */
	struct ctx l = as(f, &f->leader, T0);
	assert_int_equal(TX(f, vol_volunteer_self(&l, &in, &id)), 0);
	assert_int_equal(query_int(f->t->db, "SELECT person_id FROM vol_volunteers WHERE id=?", id), 3);
	struct ctx n = as(f, &f->nobody, T0);
	assert_int_equal(TX(f, vol_volunteer_self(&n, &in, &id)), ERR_CONFLICT);
	assert_string_equal(f->e.field, "person_id");
}

static void test_waiting_list_promoted_on_cancel(void **state)
{
	struct fx *f = *state;
	register_two(f);
	int64_t act = activity(f, "长者探访", D1, 150, 2, "");
	int64_t a, b;
	assert_int_equal(sign(f, &f->alice, act, 1, &a), 0); /* alice and a companion fill the role */
	assert_int_equal(sign(f, &f->bob, act, 0, &b), 0);
	char *s = status_of(f, b);
	assert_string_equal(s, "waiting");
	free(s);
	struct ctx c = as(f, &f->alice, T0);
	assert_int_equal(TX(f, vol_signup_cancel(&c, a, NULL)), 0);
	s = status_of(f, b);
	assert_string_equal(s, "signed");
	free(s);
	assert_int_equal(query_int(f->t->db, "SELECT count(*) FROM notices WHERE user_id=? AND kind='volunteer.promoted'",
				   f->bob.user_id), 1);
	assert_int_equal(query_int(f->t->db, "SELECT count(*) FROM notices WHERE user_id=? AND kind='volunteer.signup_confirmed'",
				   f->alice.user_id), 1);
}

static void test_overlap_refused_naming_the_other(void **state)
{
	struct fx *f = *state;
	register_two(f);
	int64_t first = activity(f, "社区环境清洁日", D1, 120, 5, "");
	int64_t second = activity(f, "健康义诊", D1 + 60 * MINUTE, 120, 5, "");
	int64_t later = activity(f, "下午的活动", D1 + 120 * MINUTE, 60, 5, "");
	int64_t s;
	assert_int_equal(sign(f, &f->alice, first, 0, &s), 0);
	assert_int_equal(sign(f, &f->alice, second, 0, &s), ERR_CONFLICT);
	assert_string_equal(f->e.field, "activity_id");
	assert_non_null(strstr(f->e.message, "社区环境清洁日"));
	/* back to back is no overlap */
	assert_int_equal(sign(f, &f->alice, later, 0, &s), 0);
	assert_int_equal(query_int(f->t->db, "SELECT count(*) FROM vol_signups WHERE activity_id=?", second), 0);
}

static void test_cancel_deadline_and_skills(void **state)
{
	struct fx *f = *state;
	register_two(f);
	int64_t act = activity(f, "义诊", D1, 60, 5, "");
	int64_t medics = activity(f, "急救培训助教", D1 + 5 * DAY, 60, 5, "first_aid,medical");
	int64_t s, m;
	assert_int_equal(sign(f, &f->alice, act, 0, &s), 0);
	assert_int_equal(sign(f, &f->alice, medics, 0, &m), ERR_RULE); /* alice has first_aid, not medical */
	assert_string_equal(f->e.field, "role_id");
	struct ctx late = as(f, &f->alice, D1 - 2 * HOUR); /* past cancel_before (a day before) */
	assert_int_equal(TX(f, vol_signup_cancel(&late, s, NULL)), ERR_RULE);
	assert_string_equal(f->e.field, "cancel_before");
	struct ctx staff = as(f, &f->staff, D1 - 2 * HOUR);
	assert_int_equal(TX(f, vol_signup_cancel(&staff, s, NULL)), 0);
}

static void test_walk_in_beyond_capacity(void **state)
{
	struct fx *f = *state;
	register_two(f);
	int64_t act = activity(f, "清洁", D1, 120, 1, "");
	int64_t s, w;
	assert_int_equal(sign(f, &f->alice, act, 0, &s), 0);
	struct ctx c = as(f, &f->staff, D1 + 10 * MINUTE);
	struct vol_signup_in in = {.role_id = role_of(f, act), .volunteer_id = f->vol_bob};
	assert_int_equal(TX(f, vol_walk_in(&c, act, &in, &w)), 0);
	char *st = status_of(f, w);
	assert_string_equal(st, "walk_in");
	free(st);
	assert_int_equal(query_int(f->t->db, "SELECT checkin_at FROM vol_signups WHERE id=?", w), D1 + 10 * MINUTE);
	/* a volunteer cannot log walk-ins */
	struct ctx v = as(f, &f->alice, D1);
	assert_int_equal(TX(f, vol_walk_in(&v, act, &in, &w)), ERR_FORBIDDEN);
}

static void test_venue_code_rotates_and_expires(void **state)
{
	struct fx *f = *state;
	register_two(f);
	int64_t act = activity(f, "巡逻", D1, 180, 5, "");
	int64_t s, sid;
	assert_int_equal(sign(f, &f->alice, act, 0, &s), 0);
	struct ctx org = as(f, &f->staff, D1 - 30 * MINUTE);
	char *code;
	int64_t exp;
	assert_int_equal(vol_venue_code(&org, act, &code, &exp), 0);
	assert_true(exp > D1 - 30 * MINUTE && exp <= D1 - 25 * MINUTE);
	/* the volunteer cannot get the code */
	struct ctx al = as(f, &f->alice, D1 - 30 * MINUTE);
	char *c2;
	assert_int_equal(vol_venue_code(&al, act, &c2, &exp), ERR_FORBIDDEN);
	/* a forged mac, a code 11 minutes old, yesterday's: refused */
	const char *action;
	char *forged = arena_strdup(&f->a, code);
	forged[strlen(forged) - 1] = forged[strlen(forged) - 1] == '0' ? '1' : '0';
	assert_int_equal(TX(f, vol_scan(&al, forged, &sid, &action)), ERR_RULE);
	assert_string_equal(f->e.field, "code");
	struct ctx stale = as(f, &f->alice, D1 - 19 * MINUTE);
	assert_int_equal(TX(f, vol_scan(&stale, code, &sid, &action)), ERR_RULE);
	struct ctx yday = as(f, &f->staff, D1 - DAY);
	char *old;
	assert_int_equal(vol_venue_code(&yday, act, &old, &exp), ERR_RULE);
	/* the previous window still works */
	struct ctx next = as(f, &f->alice, D1 - 30 * MINUTE + 5 * MINUTE);
	assert_int_equal(TX(f, vol_scan(&next, code, &sid, &action)), 0);
	assert_string_equal(action, "check_in");
	assert_int_equal(sid, s);
	/* bob did not sign up */
	struct ctx bob = as(f, &f->bob, D1);
	assert_int_equal(TX(f, vol_scan(&bob, code, &sid, &action)), ERR_RULE);
	/* out, with a fresh code at the end */
	struct ctx end = as(f, &f->staff, D1 + 180 * MINUTE);
	assert_int_equal(vol_venue_code(&end, act, &code, &exp), 0);
	struct ctx out = as(f, &f->alice, D1 + 180 * MINUTE);
	assert_int_equal(TX(f, vol_scan(&out, code, &sid, &action)), 0);
	assert_string_equal(action, "check_out");
	char *m = query_text(f->t->db, "SELECT checkout_method FROM vol_signups WHERE id=?", s);
	assert_string_equal(m, "qr");
	free(m);
	/* the QR image is an SVG */
	char *svg;
	assert_int_equal(qr_svg(code, &f->a, &svg, &f->e), 0);
	assert_non_null(strstr(svg, "<svg"));
}

/* Sign alice up, check in at `in`, out at `out` (organiser). */
static int64_t attend(struct fx *f, int64_t act, int64_t in, int64_t out)
{
	int64_t s;
	assert_int_equal(sign(f, &f->alice, act, 0, &s), 0);
	struct ctx c = as(f, &f->staff, in);
	assert_int_equal(TX(f, vol_checkin(&c, s, NULL)), 0);
	if (out) {
		struct ctx o = as(f, &f->staff, out);
		assert_int_equal(TX(f, vol_checkout(&o, s, NULL)), 0);
	}
	return s;
}

static void test_hours_rules(void **state)
{
	struct fx *f = *state;
	register_two(f);
	exec_committed(f->t->db, "UPDATE vol_settings SET max_minutes_per_day=200");
	int64_t morning = activity(f, "上午", D1, 180, 5, "");
	int64_t evening = activity(f, "晚上", D1 + 9 * HOUR, 120, 5, "");
	int64_t s1 = attend(f, morning, D1, D1 + 150 * MINUTE);
	struct ctx c = as(f, &f->staff, D1 + 5 * HOUR);
	struct vol_confirm_in too_much = {.minutes = 151, .has_minutes = true};
	int64_t rid;
	assert_int_equal(TX(f, vol_confirm(&c, s1, &too_much, &rid)), ERR_RULE);
	assert_string_equal(f->e.field, "minutes");
	struct vol_confirm_in ok = {.minutes = 150, .has_minutes = true};
	assert_int_equal(TX(f, vol_confirm(&c, s1, &ok, &rid)), 0);
	assert_int_equal(TX(f, vol_confirm(&c, s1, &ok, &rid)), ERR_CONFLICT);
	assert_int_equal(query_int(f->t->db, "SELECT total_minutes FROM vol_volunteers WHERE id=?", f->vol_alice), 150);
	assert_int_equal(query_int(f->t->db, "SELECT confirmed_by FROM vol_records WHERE id=?", rid), f->staff.user_id);
	/* the same Shanghai day: 150 + 100 > 200 */
	int64_t s2 = attend(f, evening, D1 + 9 * HOUR, D1 + 9 * HOUR + 100 * MINUTE);
	struct ctx c2 = as(f, &f->staff, D1 + 12 * HOUR);
	assert_int_equal(TX(f, vol_confirm(&c2, s2, NULL, &rid)), ERR_RULE);
	assert_non_null(strstr(f->e.message, "每日上限"));
	struct vol_confirm_in fifty = {.minutes = 50, .has_minutes = true};
	assert_int_equal(TX(f, vol_confirm(&c2, s2, &fifty, &rid)), 0);
	assert_int_equal(query_int(f->t->db, "SELECT total_minutes FROM vol_volunteers WHERE id=?", f->vol_alice), 200);
	assert_int_equal(query_int(f->t->db, "SELECT count(*) FROM notices WHERE user_id=? AND kind='volunteer.hours_confirmed'",
				   f->alice.user_id), 2);
}

static void test_no_hours_before_registration(void **state)
{
	struct fx *f = *state;
	int64_t act = activity(f, "清洁", D1, 180, 5, "");
	/* the leader registers themself during the activity, an hour in */
	struct ctx l = as(f, &f->leader, D1 + 60 * MINUTE);
	struct vol_volunteer_in in = {.consent_purpose = "志愿服务记录"};
	int64_t vid, sid;
	assert_int_equal(TX(f, vol_volunteer_self(&l, &in, &vid)), 0);
	struct ctx st = as(f, &f->staff, D1 + 60 * MINUTE);
	struct vol_signup_in w = {.role_id = role_of(f, act), .volunteer_id = vid};
	assert_int_equal(TX(f, vol_walk_in(&st, act, &w, &sid)), 0);
	exec_committed(f->t->db, "UPDATE vol_signups SET checkin_at=checkin_at - 3600000000"); /* says they came at 9:00 */
	struct ctx o = as(f, &f->staff, D1 + 180 * MINUTE);
	assert_int_equal(TX(f, vol_checkout(&o, sid, NULL)), 0);
	int64_t rid;
	assert_int_equal(TX(f, vol_confirm(&o, sid, NULL, &rid)), 0);
	/* 120 minutes from registration, not 180 from the check-in */
	assert_int_equal(query_int(f->t->db, "SELECT minutes FROM vol_records WHERE id=?", rid), 120);
}

static void test_missed_checkout_closed_and_flagged(void **state)
{
	struct fx *f = *state;
	register_two(f);
	int64_t act = activity(f, "探访", D1, 120, 5, "");
	int64_t s = attend(f, act, D1, 0);
	int64_t n;
	/* still the activity day: nothing to close */
	struct ctx same = as(f, NULL, D1 + 10 * HOUR);
	assert_int_equal(TX(f, vol_close_missed(&same, 0, &n)), 0);
	assert_int_equal(n, 0);
	struct ctx next = as(f, NULL, vol_day_start(D1) + DAY + MINUTE);
	assert_int_equal(TX(f, vol_close_missed(&next, 0, &n)), 0);
	assert_int_equal(n, 1);
	char *m = query_text(f->t->db, "SELECT checkout_method FROM vol_signups WHERE id=?", s);
	assert_string_equal(m, "auto");
	free(m);
	assert_int_equal(query_int(f->t->db, "SELECT checkout_at FROM vol_signups WHERE id=?", s), D1 + 120 * MINUTE);
	/* bulk "all" leaves it to the organiser; uncounted until confirmed */
	struct ctx c = as(f, &f->staff, vol_day_start(D1) + DAY + HOUR);
	struct vol_confirm_in all = {.all = true};
	assert_int_equal(TX(f, vol_confirm_bulk(&c, act, &all, &n)), 0);
	assert_int_equal(n, 0);
	assert_int_equal(query_int(f->t->db, "SELECT total_minutes FROM vol_volunteers WHERE id=?", f->vol_alice), 0);
	int64_t rid;
	assert_int_equal(TX(f, vol_confirm(&c, s, NULL, &rid)), 0);
	assert_int_equal(query_int(f->t->db, "SELECT flagged FROM vol_records WHERE id=?", rid), 1);
	assert_int_equal(query_int(f->t->db, "SELECT total_minutes FROM vol_volunteers WHERE id=?", f->vol_alice), 120);
}

static void test_correction_is_a_new_record(void **state)
{
	struct fx *f = *state;
	register_two(f);
	int64_t act = activity(f, "义剪", D1, 180, 5, "");
	int64_t s = attend(f, act, D1, D1 + 180 * MINUTE);
	struct ctx c = as(f, &f->staff, D1 + 4 * HOUR);
	struct vol_confirm_in ninety = {.minutes = 90, .has_minutes = true};
	int64_t rid, cid, nid;
	assert_int_equal(TX(f, vol_confirm(&c, s, &ninety, &rid)), 0);
	/* records refuse UPDATE and DELETE */
	assert_int_not_equal(TX(f, db_exec(f->t->db, &f->e, "UPDATE vol_records SET minutes=1", "")), 0);
	assert_int_not_equal(TX(f, db_exec(f->t->db, &f->e, "DELETE FROM vol_records", "")), 0);
	/* bob cannot ask about alice's record; alice can */
	struct vol_correction_in ask = {.reason = "我服务了三个小时", .minutes = 180, .has_minutes = true};
	struct ctx b = as(f, &f->bob, D1 + DAY);
	assert_int_equal(TX(f, vol_correction_create(&b, rid, &ask, &cid)), ERR_FORBIDDEN);
	struct ctx a = as(f, &f->alice, D1 + DAY);
	assert_int_equal(TX(f, vol_correction_create(&a, rid, &ask, &cid)), 0);
	assert_int_equal(TX(f, vol_correction_create(&a, rid, &ask, &cid)), ERR_CONFLICT);
	/* staff of another community may not answer */
	struct ctx o = as(f, &f->other_staff, D1 + 2 * DAY);
	struct vol_correction_in ans = {.answer = "核实无误"};
	assert_int_equal(TX(f, vol_correction_accept(&o, cid, &ans)), ERR_FORBIDDEN);
	struct ctx st = as(f, &f->staff, D1 + 2 * DAY);
	assert_int_equal(TX(f, vol_correction_accept(&st, cid, &ans)), 0);
	nid = query_int(f->t->db, "SELECT new_record_id FROM vol_corrections WHERE id=?", cid);
	assert_int_equal(query_int(f->t->db, "SELECT amends_id FROM vol_records WHERE id=?", nid), rid);
	assert_int_equal(query_int(f->t->db, "SELECT minutes FROM vol_records WHERE id=?", nid), 180);
	assert_int_equal(query_int(f->t->db, "SELECT minutes FROM vol_records WHERE id=?", rid), 90); /* kept */
	assert_int_equal(query_int(f->t->db, "SELECT total_minutes FROM vol_volunteers WHERE id=?", f->vol_alice), 180);
	assert_int_equal(query_int(f->t->db, "SELECT count(*) FROM notices WHERE user_id=? AND kind='volunteer.correction_answered'",
				   f->alice.user_id), 1);
	/* the organiser amends the latest; the superseded one is refused */
	struct vol_correction_in am = {.reason = "核对签到表", .minutes = 170, .has_minutes = true};
	int64_t third;
	assert_int_equal(TX(f, vol_record_amend(&st, rid, &am, &third)), ERR_CONFLICT);
	assert_int_equal(TX(f, vol_record_amend(&st, nid, &am, &third)), 0);
	assert_int_equal(query_int(f->t->db, "SELECT total_minutes FROM vol_volunteers WHERE id=?", f->vol_alice), 170);
	assert_int_equal(count_rows(f->t->db, "vol_records"), 3);
	/* more than the time on site: refused */
	am.minutes = 181;
	assert_int_equal(TX(f, vol_record_amend(&st, third, &am, &nid)), ERR_RULE);
}

static void test_merge_keeps_records_and_moves_signups(void **state)
{
	struct fx *f = *state;
	register_two(f);
	int64_t act = activity(f, "清洁", D1, 60, 5, "");
	int64_t future = activity(f, "下周清洁", D1 + 7 * DAY, 60, 5, "");
	int64_t s = attend(f, act, D1, D1 + 60 * MINUTE), rid, fut;
	struct ctx c = as(f, &f->staff, D1 + 2 * HOUR);
	assert_int_equal(TX(f, vol_confirm(&c, s, NULL, &rid)), 0);
	assert_int_equal(sign(f, &f->alice, future, 0, &fut), 0);
	/* a duplicate registration (another people row for the same person) */
	struct vol_volunteer_in in = {.person_id = 4, .consent_purpose = "志愿服务记录"};
	int64_t dup;
	assert_int_equal(TX(f, vol_volunteer_create(&c, &in, &dup)), 0);
	struct vol_merge_in m = {.into_id = dup, .reason = "同一人重复登记"};
	struct ctx v = as(f, &f->alice, D1 + 2 * HOUR);
	assert_int_equal(TX(f, vol_volunteer_merge(&v, f->vol_alice, &m)), ERR_FORBIDDEN);
	assert_int_equal(TX(f, vol_volunteer_merge(&c, f->vol_alice, &m)), 0);
	char *st = query_text(f->t->db, "SELECT status FROM vol_volunteers WHERE id=?", f->vol_alice);
	assert_string_equal(st, "merged");
	free(st);
	assert_int_equal(query_int(f->t->db, "SELECT total_minutes FROM vol_volunteers WHERE id=?", dup), 60);
	assert_int_equal(query_int(f->t->db, "SELECT volunteer_id FROM vol_signups WHERE id=?", fut), dup);
	assert_int_equal(query_int(f->t->db, "SELECT volunteer_id FROM vol_records WHERE id=?", rid), f->vol_alice);
	assert_int_equal(query_int(f->t->db, "SELECT count(*) FROM audit_log WHERE entity='vol_volunteer' AND action='merge'"
				   " AND entity_id=?", f->vol_alice), 1);
}

static void test_team_leader_organises(void **state)
{
	struct fx *f = *state;
	register_two(f);
	struct vol_activity_in in = {.region_id = 3, .team_id = f->team, .title = "队长的活动", .place = "北区",
				     .starts_at = D1, .ends_at = D1 + HOUR, .contact_name = "何",
				     .contact_phone = "13800000000", .nroles = 1};
	in.roles[0] = (struct vol_role_in){"服务", 5, ""};
	int64_t id, s;
	struct ctx l = as(f, &f->leader, T0), a = as(f, &f->alice, T0);
	assert_int_equal(TX(f, vol_activity_create(&a, &in, &id)), ERR_FORBIDDEN);
	assert_int_equal(TX(f, vol_activity_create(&l, &in, &id)), 0);
	assert_int_equal(sign(f, &f->alice, id, 0, &s), 0);
	struct ctx day = as(f, &f->leader, D1);
	assert_int_equal(TX(f, vol_checkin(&day, s, NULL)), 0);
	struct ctx bob = as(f, &f->bob, D1);
	assert_int_equal(TX(f, vol_checkout(&bob, s, NULL)), ERR_FORBIDDEN);
	/* cancelling tells the signed-up volunteers; checked in: refused */
	assert_int_equal(TX(f, vol_activity_cancel(&day, id, NULL)), ERR_RULE);
}

/* The calendar file: a VEVENT per sign-up still standing, text escaped,
 * every line at most 75 octets and ended by CRLF, never cut inside a
 * character; a person who is not a volunteer gets 404. */
static void test_ical_of_my_activities(void **state)
{
	struct fx *f = *state;
	register_two(f);
	int64_t act = activity(f, "长者义剪, 理发; 剪刀\\梳子 一位志愿者为社区里行动不便的长者上门理发并陪伴聊天", D1, 150, 5, NULL);
	int64_t sid = 0;
	assert_int_equal(sign(f, &f->alice, act, 0, &sid), 0);
	struct ctx c = as(f, &f->alice, T0);
	struct sb out = SB_INIT;
	assert_int_equal(vol_my_activities_ical(&c, &out), 0);
	const char *ics = sb_str(&out);
	assert_non_null(strstr(ics, "BEGIN:VCALENDAR\r\n"));
	assert_non_null(strstr(ics, "END:VCALENDAR\r\n"));
	assert_non_null(strstr(ics, "STATUS:CONFIRMED\r\n"));
	char uid[64];
	snprintf(uid, sizeof uid, "UID:vol-signup-%lld@wushe\r\n", (long long)sid);
	assert_non_null(strstr(ics, uid));
	/* unfolded, the title reads with its comma, semicolon and backslash escaped */
	struct sb unf = SB_INIT;
	for (const char *p = ics; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
			p += 2;
			continue;
		}
		sb_addc(&unf, *p);
	}
	assert_non_null(strstr(sb_str(&unf), "SUMMARY:长者义剪\\, 理发\\; 剪刀\\\\梳子"));
	/* every line: CRLF-ended, at most 75 octets, starting on a character */
	for (const char *p = ics; *p;) {
		const char *e = strstr(p, "\r\n");
		assert_non_null(e);
		assert_true(e - p <= 75);
		assert_true(((unsigned char)*p & 0xC0) != 0x80);
		p = e + 2;
	}
	sb_free(&unf);
	sb_free(&out);
	struct ctx n = as(f, &f->nobody, T0);
	struct sb none = SB_INIT;
	assert_int_equal(vol_my_activities_ical(&n, &none), ERR_NOT_FOUND);
	sb_free(&none);
}

/* The reminder the day before: once per sign-up, only within 24 hours of
 * the start, never for the waiting list. */
static void test_reminder_the_day_before(void **state)
{
	struct fx *f = *state;
	register_two(f);
	int64_t act = activity(f, "社区清洁日", D1, 120, 1, NULL);
	int64_t s1 = 0, s2 = 0;
	assert_int_equal(sign(f, &f->alice, act, 0, &s1), 0);
	assert_int_equal(sign(f, &f->bob, act, 0, &s2), 0); /* capacity 1: bob waits */
	int64_t n = -1;
	struct ctx early = as(f, NULL, D1 - 30 * HOUR);
	assert_int_equal(TX(f, vol_remind_due(&early, &n)), 0);
	assert_int_equal(n, 0); /* more than a day ahead */
	struct ctx day = as(f, NULL, D1 - 20 * HOUR);
	assert_int_equal(TX(f, vol_remind_due(&day, &n)), 0);
	assert_int_equal(n, 1); /* alice; bob is on the waiting list */
	assert_int_equal(query_int(f->t->db, "SELECT count(*) FROM notices WHERE kind='volunteer.reminder' AND user_id=?",
				   f->alice.user_id), 1);
	struct ctx later = as(f, NULL, D1 - 2 * HOUR);
	assert_int_equal(TX(f, vol_remind_due(&later, &n)), 0);
	assert_int_equal(n, 0); /* once */
	assert_int_equal(query_int(f->t->db, "SELECT count(*) FROM notices WHERE kind='volunteer.reminder' AND ?=0", 0), 1);
}

static void test_entries_and_activity_cancel(void **state)
{
	struct fx *f = *state;
	register_two(f);
	struct vol_entry_in t = {.kind = "training", .content = "急救培训", .place = "北区", .started_at = T0 - DAY};
	int64_t rid, s;
	struct ctx st = as(f, &f->staff, T0), o = as(f, &f->other_staff, T0);
	assert_int_equal(TX(f, vol_entry_create(&o, f->vol_alice, &t, &rid)), ERR_FORBIDDEN);
	t.kind = "service";
	assert_int_equal(TX(f, vol_entry_create(&st, f->vol_alice, &t, &rid)), ERR_INVALID);
	t.kind = "training";
	assert_int_equal(TX(f, vol_entry_create(&st, f->vol_alice, &t, &rid)), 0);
	char *k = query_text(f->t->db, "SELECT kind || ':' || minutes || ':' || organisation_name FROM vol_records WHERE id=?", rid);
	assert_string_equal(k, "training:0:北区社区居民委员会");
	free(k);
	/* cancelling an activity cancels its sign-ups and tells the volunteers */
	int64_t act = activity(f, "取消的活动", D1, 60, 5, "");
	assert_int_equal(sign(f, &f->alice, act, 0, &s), 0);
	assert_int_equal(TX(f, vol_activity_cancel(&st, act, NULL)), 0);
	char *x = status_of(f, s);
	assert_string_equal(x, "cancelled");
	free(x);
	assert_int_equal(query_int(f->t->db, "SELECT count(*) FROM notices WHERE user_id=? AND kind='volunteer.activity_cancelled'",
				   f->alice.user_id), 1);
	assert_int_equal(TX(f, vol_activity_cancel(&st, act, NULL)), ERR_CONFLICT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_registration_consent_and_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_waiting_list_promoted_on_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overlap_refused_naming_the_other, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_deadline_and_skills, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk_in_beyond_capacity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_venue_code_rotates_and_expires, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hours_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_hours_before_registration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missed_checkout_closed_and_flagged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_correction_is_a_new_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_keeps_records_and_moves_signups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_team_leader_organises, setup, teardown),
		cmocka_unit_test_setup_teardown(test_entries_and_activity_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ical_of_my_activities, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reminder_the_day_before, setup, teardown),
	};
	return RUN_SUITE(tests);
}
