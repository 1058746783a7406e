/*
 * test_cases.c — the cases area (src/modules/cases): the access rule for
 * every kind of caller (worker, supervisor, active / expired / revoked
 * share, another worker, a town admin, a community's staff, a provider),
 * the screening scales' scores and bands (item 9 of PHQ-9, Barthel's
 * allowed values), the approvals' state machine (assessment → planning,
 * plan → active, closing rejected → active, approved → closed), and that
 * the audit log holds no case content.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "testutil.h"

#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "core/sb.h"
#include "modules/cases/case_internal.h"
#include "modules/cases/cases.h"

#define DAY (86400 * SEC)

struct fx {
	struct tstore *t;
	struct arena a;
	struct principal worker, sup, other, townadm, staff, provider;
	struct err e;
	int64_t now;
	int64_t case_id;
};

static struct ctx cx(struct fx *f, const struct principal *who)
{
	err_clear(&f->e);
	struct ctx c = {f->t->db, who, f->now, &f->a, &f->e, NULL};
	return c;
}
static int tx_end(struct fx *f, int rc)
{
	struct err e = {0};
	if (rc < 0)
		db_rollback(f->t->db);
	else
		assert_int_equal(db_commit(f->t->db, &e), 0);
	return rc;
}
static void tx_begin(struct fx *f)
{
	struct err e = {0};
	assert_int_equal(db_begin_write(f->t->db, &e), 0);
}
#define IN_TX(f, call) tx_end((f), (tx_begin(f), (call)))

static enum case_access access_of(struct fx *f, const struct principal *who)
{
	struct ctx c = cx(f, who);
	struct case_grant g;
	tx_begin(f);
	assert_int_equal(case_access(&c, f->case_id, &g), 0);
	db_rollback(f->t->db);
	return g.access;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->t = tstore_new();
	f->now = T0;
	arena_init(&f->a, 0);
	struct db *db = f->t->db;
	exec_committed(db, "INSERT INTO regions(id, level, name, path, created_at, updated_at) VALUES(1,'district','顺德区','/1/',0,0)");
	exec_committed(db, "INSERT INTO regions(id, parent_id, level, name, path, created_at, updated_at)"
			   " VALUES(2,1,'town','容桂街道','/1/2/',0,0),(3,2,'community','振华社区','/1/2/3/',0,0),"
			   " (4,1,'town','大良街道','/1/4/',0,0),(5,4,'community','北区社区','/1/4/5/',0,0)");
	exec_committed(db, "INSERT INTO organisations (id, region_id, name, org_type, created_at, updated_at)"
			   " VALUES (1, 2, '鹏星社工', 'social_work_agency', 0, 0)");
	test_user(db, &f->a, "worker1", ROLE_SOCIAL_WORKER, 2, &f->worker);
	test_user(db, &f->a, "super1", ROLE_SOCIAL_WORKER, 2, &f->sup);
	test_user(db, &f->a, "worker2", ROLE_SOCIAL_WORKER, 2, &f->other);
	test_user(db, &f->a, "townadm", ROLE_TOWN_ADMIN, 2, &f->townadm);
	test_user(db, &f->a, "cstaff", ROLE_COMMUNITY_STAFF, 3, &f->staff);
	test_user(db, &f->a, "provider1", ROLE_ORG_ADMIN, 3, &f->provider);
	/* the station: sup supervises w1 and w2; the town admin sets it up */
	struct case_staff_in s = {.user_id = f->sup.user_id, .org_id = 1, .region_id = 2, .is_supervisor = true};
	int64_t id;
	struct ctx c = cx(f, &f->townadm);
	assert_int_equal(IN_TX(f, case_staff_add(&c, &s, &id)), 0);
	s = (struct case_staff_in){.user_id = f->worker.user_id, .org_id = 1, .region_id = 2, .supervisor_id = f->sup.user_id};
	c = cx(f, &f->townadm);
	assert_int_equal(IN_TX(f, case_staff_add(&c, &s, &id)), 0);
	s.user_id = f->other.user_id;
	c = cx(f, &f->townadm);
	assert_int_equal(IN_TX(f, case_staff_add(&c, &s, &id)), 0);
	/* a community's staff cannot set up the station */
	s.user_id = f->provider.user_id;
	c = cx(f, &f->staff);
	assert_int_equal(IN_TX(f, case_staff_add(&c, &s, &id)), ERR_FORBIDDEN);
	/* intake by w1 */
	struct case_in in = {.type = "elderly_alone", .source = "grid_finding", .region_id = 3,
			     .subject_name = "区测试", .subject_phone = "138 0013 8055",
			     .subject_id_number = "440606195001011234", .has_subject_id_number = true};
	c = cx(f, &f->worker);
	assert_int_equal(IN_TX(f, case_create(&c, &in, &f->case_id)), 0);
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

static void test_intake(void **state)
{
	struct fx *f = *state;
	char *birth = query_text(f->t->db, "SELECT subject_birth_date FROM cases WHERE id=?", f->case_id);
	assert_string_equal(birth, "1950-01-01");
	free(birth);
	char *phone = query_text(f->t->db, "SELECT subject_phone FROM cases WHERE id=?", f->case_id);
	assert_string_equal(phone, "13800138055");
	free(phone);
	assert_int_equal(query_int(f->t->db, "SELECT supervisor_id FROM cases WHERE id=?", f->case_id), f->sup.user_id);
	/* a community outside the station's town */
	struct case_in in = {.type = "disabled", .source = "walk_in", .region_id = 5, .subject_name = "某人"};
	int64_t id;
	struct ctx c = cx(f, &f->worker);
	assert_int_equal(IN_TX(f, case_create(&c, &in, &id)), ERR_RULE);
	assert_string_equal(f->e.field, "region_id");
	/* not case staff */
	in.region_id = 3;
	c = cx(f, &f->provider);
	assert_int_equal(IN_TX(f, case_create(&c, &in, &id)), ERR_FORBIDDEN);
}

static void test_access_rule(void **state)
{
	struct fx *f = *state;
	assert_int_equal(access_of(f, &f->worker), CASE_WORKER);
	assert_int_equal(access_of(f, &f->sup), CASE_SUPERVISOR);
	assert_int_equal(access_of(f, &f->other), CASE_NONE);
	assert_int_equal(access_of(f, &f->townadm), CASE_NONE);
	assert_int_equal(access_of(f, &f->staff), CASE_NONE);
	assert_int_equal(access_of(f, &f->provider), CASE_NONE);
	assert_int_equal(access_of(f, NULL), CASE_SYSTEM);
	/* an active share */
	int64_t sh;
	struct ctx c = cx(f, &f->worker);
	assert_int_equal(IN_TX(f, case_share_add(&c, f->case_id, f->other.user_id, "休假代班", 3, &sh)), 0);
	assert_int_equal(access_of(f, &f->other), CASE_SHARED);
	/* expired: three days later */
	f->now += 3 * DAY;
	assert_int_equal(access_of(f, &f->other), CASE_NONE);
	f->now = T0;
	assert_int_equal(access_of(f, &f->other), CASE_SHARED);
	/* a shared reader may not write: 403 */
	struct case_in up = {.version = 1, .subject_address = "x", .has_subject_address = true};
	c = cx(f, &f->other);
	assert_int_equal(IN_TX(f, case_update(&c, f->case_id, &up)), ERR_FORBIDDEN);
	/* the town admin: 404 on open */
	c = cx(f, &f->townadm);
	tx_begin(f);
	assert_int_equal(case_open(&c, f->case_id, CASE_READERS, "read", "case", NULL, NULL), ERR_NOT_FOUND);
	db_rollback(f->t->db);
	/* revoked */
	c = cx(f, &f->worker);
	assert_int_equal(IN_TX(f, case_share_revoke(&c, sh)), 0);
	assert_int_equal(access_of(f, &f->other), CASE_NONE);
	/* a read leaves one log entry; a refused one none */
	int64_t before = count_rows(f->t->db, "case_access_log");
	struct jw w;
	struct sb out = SB_INIT;
	jw_init(&w, &out);
	c = cx(f, &f->sup);
	assert_int_equal(IN_TX(f, case_write_detail(&c, &w, f->case_id)), 0);
	assert_int_equal(count_rows(f->t->db, "case_access_log"), before + 1);
	assert_non_null(strstr(sb_str(&out), "区测试"));
	sb_free(&out);
	struct sb out2 = SB_INIT;
	jw_init(&w, &out2);
	c = cx(f, &f->other);
	assert_int_equal(IN_TX(f, case_write_detail(&c, &w, f->case_id)), ERR_NOT_FOUND);
	assert_int_equal(count_rows(f->t->db, "case_access_log"), before + 1);
	sb_free(&out2);
}

static void test_scales(void **state)
{
	(void)state;
	struct err e = {0};
	struct case_scale_result r;
	int64_t phq[9] = {1, 1, 2, 2, 2, 1, 1, 1, 0};
	assert_int_equal(case_scale_score("phq9", phq, 9, &r, &e), 0);
	assert_int_equal(r.score, 11);
	assert_string_equal(r.band, "moderate");
	assert_int_equal(r.severity, 2);
	assert_false(r.self_harm);
	phq[8] = 1;
	assert_int_equal(case_scale_score("phq9", phq, 9, &r, &e), 0);
	assert_true(r.self_harm);
	int64_t low[9] = {0, 1, 0, 1, 0, 1, 0, 1, 0};
	assert_int_equal(case_scale_score("phq9", low, 9, &r, &e), 0);
	assert_string_equal(r.band, "minimal");
	int64_t sev[9] = {3, 3, 3, 3, 3, 3, 2, 0, 0};
	assert_int_equal(case_scale_score("phq9", sev, 9, &r, &e), 0);
	assert_string_equal(r.band, "severe");
	phq[0] = 4;
	assert_int_equal(case_scale_score("phq9", phq, 9, &r, &e), ERR_INVALID);
	assert_int_equal(case_scale_score("phq9", phq, 8, &r, &e), ERR_INVALID);
	int64_t gad[7] = {3, 3, 3, 3, 3, 0, 0};
	assert_int_equal(case_scale_score("gad7", gad, 7, &r, &e), 0);
	assert_string_equal(r.band, "severe");
	gad[0] = 0;
	assert_int_equal(case_scale_score("gad7", gad, 7, &r, &e), 0);
	assert_string_equal(r.band, "moderate");
	int64_t ucla[3] = {2, 2, 2};
	assert_int_equal(case_scale_score("ucla3", ucla, 3, &r, &e), 0);
	assert_string_equal(r.band, "lonely");
	ucla[0] = 1;
	assert_int_equal(case_scale_score("ucla3", ucla, 3, &r, &e), 0);
	assert_string_equal(r.band, "not_lonely");
	ucla[0] = 0;
	assert_int_equal(case_scale_score("ucla3", ucla, 3, &r, &e), ERR_INVALID);
	int64_t bar[10] = {10, 5, 5, 10, 10, 10, 10, 15, 15, 10};
	assert_int_equal(case_scale_score("barthel", bar, 10, &r, &e), 0);
	assert_int_equal(r.score, 100);
	assert_string_equal(r.band, "independent");
	int64_t bar40[10] = {5, 0, 0, 5, 5, 5, 5, 5, 10, 0};
	assert_int_equal(case_scale_score("barthel", bar40, 10, &r, &e), 0);
	assert_string_equal(r.band, "severe_dependence");
	bar[1] = 10; /* bathing is 0 or 5 */
	assert_int_equal(case_scale_score("barthel", bar, 10, &r, &e), ERR_INVALID);
	assert_int_equal(case_scale_score("bdi", bar, 10, &r, &e), ERR_INVALID);
	assert_string_equal(e.field, "scale");
}

static int64_t pending_id(struct fx *f)
{
	return query_int(f->t->db, "SELECT max(id) FROM case_approvals WHERE case_id=? AND state='pending'", f->case_id);
}
static char *status_of(struct fx *f)
{
	return query_text(f->t->db, "SELECT status FROM cases WHERE id=?", f->case_id);
}
#define ASSERT_STATUS(f, s)                       \
	do {                                      \
		char *st_ = status_of(f);         \
		assert_string_equal(st_, (s));    \
		free(st_);                        \
	} while (0)

static void test_approvals(void **state)
{
	struct fx *f = *state;
	int64_t ass, plan, ap, sid;
	struct ctx c = cx(f, &f->worker);
	assert_int_equal(IN_TX(f, case_assessment_create(&c, f->case_id, "{\"adl\":\"dependent\",\"notes\":\"夜间独自哭泣\"}",
							 "需要探访", &ass)), 0);
	ASSERT_STATUS(f, "assessing");
	int64_t phq[9] = {1, 1, 2, 2, 2, 1, 1, 1, 1};
	c = cx(f, &f->worker);
	assert_int_equal(IN_TX(f, case_scale_add(&c, f->case_id, ass, "phq9", phq, 9, &sid)), 0);
	char *risk = query_text(f->t->db, "SELECT risk_level FROM cases WHERE id=?", f->case_id);
	assert_string_equal(risk, "high");
	free(risk);
	assert_int_equal(count_rows(f->t->db, "case_flags WHERE kind='self_harm' AND level='high'"), 1);
	/* a plan before the assessment is approved */
	struct case_goal_in g[1] = {{"每周探访", "记录", NULL, NULL}};
	c = cx(f, &f->worker);
	assert_int_equal(IN_TX(f, case_plan_create(&c, f->case_id, "", g, 1, &plan)), ERR_RULE);
	c = cx(f, &f->worker);
	assert_int_equal(IN_TX(f, case_submit(&c, "assessment", ass, NULL, &ap)), 0);
	/* only the supervisor decides; rejection needs a comment */
	c = cx(f, &f->worker);
	assert_int_equal(IN_TX(f, case_decide(&c, ap, true, NULL)), ERR_FORBIDDEN);
	c = cx(f, &f->other);
	assert_int_equal(IN_TX(f, case_decide(&c, ap, true, NULL)), ERR_NOT_FOUND);
	c = cx(f, &f->sup);
	assert_int_equal(IN_TX(f, case_decide(&c, ap, false, "")), ERR_INVALID);
	c = cx(f, &f->sup);
	assert_int_equal(IN_TX(f, case_decide(&c, ap, false, "补充收入情况")), 0);
	ASSERT_STATUS(f, "assessing");
	c = cx(f, &f->sup);
	assert_int_equal(IN_TX(f, case_decide(&c, ap, true, NULL)), ERR_CONFLICT);
	c = cx(f, &f->worker);
	assert_int_equal(IN_TX(f, case_submit(&c, "assessment", ass, NULL, &ap)), 0);
	c = cx(f, &f->sup);
	assert_int_equal(IN_TX(f, case_decide(&c, ap, true, "同意")), 0);
	ASSERT_STATUS(f, "planning");
	c = cx(f, &f->worker);
	assert_int_equal(IN_TX(f, case_plan_create(&c, f->case_id, "计划", g, 1, &plan)), 0);
	c = cx(f, &f->worker);
	assert_int_equal(IN_TX(f, case_submit(&c, "plan", plan, NULL, &ap)), 0);
	c = cx(f, &f->sup);
	assert_int_equal(IN_TX(f, case_decide(&c, pending_id(f), true, NULL)), 0);
	ASSERT_STATUS(f, "active");
	/* closing: rejected → active; approved → closed */
	c = cx(f, &f->worker);
	assert_int_equal(IN_TX(f, case_close_request(&c, f->case_id, "goals_met", "目标达成", &ap)), 0);
	ASSERT_STATUS(f, "closing");
	c = cx(f, &f->sup);
	assert_int_equal(IN_TX(f, case_decide(&c, ap, false, "再观察")), 0);
	ASSERT_STATUS(f, "active");
	c = cx(f, &f->worker);
	assert_int_equal(IN_TX(f, case_close_request(&c, f->case_id, "goals_met", "目标达成", &ap)), 0);
	c = cx(f, &f->sup);
	assert_int_equal(IN_TX(f, case_decide(&c, ap, true, NULL)), 0);
	ASSERT_STATUS(f, "closed");
	assert_int_equal(count_rows(f->t->db, "case_approvals"), 5);
	/* notices name the code, never the subject */
	assert_true(count_rows(f->t->db, "notices") > 0);
	assert_int_equal(count_rows(f->t->db, "notices WHERE replace(title, '区测试', '') <> title"), 0);
	/* the audit log holds references, never the content */
	assert_true(count_rows(f->t->db, "audit_log WHERE entity LIKE 'case%'") >= 10);
	static const char *const secrets[] = {"区测试", "13800138055", "440606195001011234", "夜间独自哭泣", "每周探访",
					      "补充收入情况", "目标达成"};
	for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++) {
		char where[300];
		snprintf(where, sizeof where,
			 "audit_log WHERE replace(coalesce(before_json,'') || coalesce(after_json,''), '%s', '') <>"
			 " coalesce(before_json,'') || coalesce(after_json,'')",
			 secrets[i]);
		assert_int_equal(count_rows(f->t->db, where), 0);
	}
}

static void test_supervisor_change(void **state)
{
	struct fx *f = *state;
	/* a second supervisor; w1 moves to them and the open case follows */
	struct principal sup2;
	test_user(f->t->db, &f->a, "super2", ROLE_SOCIAL_WORKER, 2, &sup2);
	struct case_staff_in s = {.user_id = sup2.user_id, .org_id = 1, .region_id = 2, .is_supervisor = true};
	int64_t id;
	struct ctx c = cx(f, &f->townadm);
	assert_int_equal(IN_TX(f, case_staff_add(&c, &s, &id)), 0);
	int64_t wstaff = query_int(f->t->db, "SELECT id FROM case_staff WHERE user_id=?", f->worker.user_id);
	struct case_staff_in up = {.supervisor_id = sup2.user_id, .has_supervisor_id = true, .version = 1};
	c = cx(f, &f->townadm);
	assert_int_equal(IN_TX(f, case_staff_update(&c, wstaff, &up)), 0);
	assert_int_equal(query_int(f->t->db, "SELECT supervisor_id FROM cases WHERE id=?", f->case_id), sup2.user_id);
	assert_int_equal(access_of(f, &f->sup), CASE_NONE);
	assert_int_equal(access_of(f, &sup2), CASE_SUPERVISOR);
	/* a worker cannot be made supervisor by a worker who is not one */
	up = (struct case_staff_in){.supervisor_id = f->other.user_id, .has_supervisor_id = true, .version = 2};
	c = cx(f, &f->townadm);
	assert_int_equal(IN_TX(f, case_staff_update(&c, wstaff, &up)), ERR_RULE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scales),
		cmocka_unit_test_setup_teardown(test_intake, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_approvals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_supervisor_change, setup, teardown),
	};
	return RUN_SUITE(tests);
}
