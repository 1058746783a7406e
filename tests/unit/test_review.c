/*
 * test_review.c — the programme's review (src/modules/review): per-expert
 * normalisation (a harsh and a lenient expert weigh the same), the
 * aggregate's spread, the award rules (ranked_full stops at the first
 * that does not fit, threshold_percent pays a percentage, minimum score,
 * maximum grant, the budget never exceeded, "insufficient funds"
 * recorded), assignment refused before a declaration and for a conflicted
 * expert, recusal on a later conflict discarding the score, scoring only
 * inside the window, overrides needing a reason, marks never beyond the
 * fund, approval setting outcomes through programme.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "testutil.h"

#include "auth/auth.h"
#include "core/arena.h"
#include "modules/programme/programme.h"
#include "modules/review/review.h"

#define DAY (86400 * SEC)

struct fx {
	struct tstore *t;
	struct arena a;
	struct principal admin, ex[3];
	struct err e;
	int64_t now;
	struct rv_prog p;
	int64_t xid[3]; /* prog_experts ids */
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

static int64_t q1(struct fx *f, const char *sql, int64_t arg)
{
	int64_t v = -1;
	struct err e = {0};
	db_begin(f->t->db, &e);
	db_int(f->t->db, &e, &v, sql, "i", arg);
	db_rollback(f->t->db);
	return v;
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
			   " VALUES(2,1,'town','大良街道','/1/2/',0,0),(3,2,'community','北区社区','/1/2/3/',0,0)");
	exec_committed(db, "INSERT INTO organisations (id, region_id, name, org_type, created_at, updated_at)"
			   " VALUES (1, 3, '北区社工服务社', 'community_social_org', 0, 0),"
			   " (2, 3, '大良长者服务中心', 'community_social_org', 0, 0)");
	test_user(db, &f->a, "admin", ROLE_DISTRICT_ADMIN, 1, &f->admin);
	static const char *const names[] = {"expert1", "expert2", "expert3"};
	for (int i = 0; i < 3; i++)
		test_user(db, &f->a, names[i], ROLE_EXPERT, 1, &f->ex[i]);
	exec_committed(db, "INSERT INTO programmes (id, code, name, year, region_id, status, award_rule, award_min_score,"
			   " conflict_lookback_years, created_at, updated_at)"
			   " VALUES (1, 't-2026', '测试计划', 2026, 1, 'reviewing', 'ranked_full', 60, 3, 0, 0)");
	exec_committed(db, "INSERT INTO prog_funds (id, programme_id, name, funder, budget) VALUES (1, 1, '社区养老专项', '区民政局', 10000000)");
	/* four applications of 40,000 yuan each; org 1 makes 1 and 2, org 2 makes 3 and 4 */
	for (int i = 1; i <= 4; i++) {
		char sql[400];
		snprintf(sql, sizeof sql,
			 "INSERT INTO prog_applications (id, programme_id, code, title, org_id, applicant_name, applicant_type,"
			 " domain, pfund_id, region_scope, region_id, kind, requested, status, stage, created_at, updated_at)"
			 " VALUES (%d, 1, 'A%d', '项目%d', %d, '申报单位', 'social_org', 'community_elderly', 1, 'town', 2,"
			 " 'service', 4000000, 'in_review', 'material', 0, 0)",
			 i, i, i, i <= 2 ? 1 : 2);
		exec_committed(db, sql);
	}
	struct ctx c = cx(f, NULL);
	assert_int_equal(rv_prog_by_code(&c, "t-2026", &f->p), 0);
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, rv_window_set(&c, &f->p, "material", T0 - DAY, T0 + 10 * DAY)), 0);
	struct rv_criterion_in cr[2] = {{"可行性", "", 60}, {"社会效益", "", 40}};
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, rv_rubric_set(&c, &f->p, 10, cr, 2)), 0);
	for (int i = 0; i < 3; i++) {
		struct rv_expert_in in = {.username = names[i]};
		c = cx(f, &f->admin);
		assert_int_equal(IN_TX(f, rv_expert_add(&c, &f->p, &in, &f->xid[i])), 0);
	}
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

static int declare(struct fx *f, int i, const struct rv_conflict_in *in, int *recused)
{
	struct ctx c = cx(f, &f->ex[i]);
	int r = 0;
	return IN_TX(f, rv_conflict_declare(&c, f->xid[i], in, recused ? recused : &r));
}

static int assign(struct fx *f, int64_t app, int i, int64_t *id)
{
	struct ctx c = cx(f, &f->admin);
	int64_t x = 0;
	return IN_TX(f, rv_assign(&c, &f->p, app, f->xid[i], "material", id ? id : &x));
}

static int score(struct fx *f, int i, int64_t assignment, int64_t v1, int64_t v2, const char *rec, const char *reason)
{
	struct ctx c = cx(f, &f->ex[i]);
	int64_t crit[2] = {q1(f, "SELECT id FROM review_criteria WHERE programme_id=? AND seq=1", 1),
			   q1(f, "SELECT id FROM review_criteria WHERE programme_id=? AND seq=2", 1)};
	struct rv_item_in items[2] = {{crit[0], v1}, {crit[1], v2}};
	int64_t sid = 0;
	c = cx(f, &f->ex[i]);
	return IN_TX(f, rv_score(&c, assignment, items, 2, rec, reason, &sid));
}

static void test_normalise_harsh_and_lenient(void **state)
{
	(void)state;
	/* expert 1 is harsh, expert 2 lenient by 30 points, same order */
	struct rv_raw s[6] = {
		{1, 1, 0, 40, 0, 0}, {2, 1, 0, 50, 0, 0}, {3, 1, 0, 60, 0, 0},
		{1, 2, 0, 70, 0, 0}, {2, 2, 0, 80, 0, 0}, {3, 2, 0, 90, 0, 0},
	};
	rv_normalise(s, 6);
	double by[2][4] = {{0}};
	for (int i = 0; i < 6; i++)
		by[s[i].expert - 1][s[i].app] = s[i].norm;
	for (int a = 1; a <= 3; a++)
		assert_true(fabs(by[0][a] - by[1][a]) < 1e-9); /* they weigh the same */
	assert_true(by[0][1] < by[0][2] && by[0][2] < by[0][3]);
	assert_true(fabs(by[0][2] - 65) < 1e-9); /* the overall mean */
	struct rv_agg g[6];
	int n = rv_aggregate(s, 6, g);
	assert_int_equal(n, 3);
	assert_int_equal(g[0].n, 2);
	assert_true(g[0].sd < 1e-9);
	/* an expert with too few scores keeps their totals */
	struct rv_raw t[4] = {{1, 1, 0, 40, 0, 0}, {2, 1, 0, 60, 0, 0}, {1, 2, 0, 80, 0, 0}, {2, 2, 0, 80, 0, 1}};
	rv_normalise(t, 4);
	n = rv_aggregate(t, 4, g);
	assert_int_equal(n, 2);
	assert_true(fabs(g[0].mean - 60) < 1e-9); /* (40+80)/2 */
	assert_true(fabs(g[0].min - 40) < 1e-9 && fabs(g[0].max - 80) < 1e-9);
	assert_int_equal(g[1].no, 1);
	/* defence scores replace the material review's */
	struct rv_raw d[3] = {{1, 1, 0, 10, 0, 0}, {1, 2, 1, 90, 0, 0}, {1, 3, 1, 70, 0, 0}};
	rv_normalise(d, 3);
	n = rv_aggregate(d, 3, g);
	assert_int_equal(n, 1);
	assert_int_equal(g[0].stage, 1);
	assert_int_equal(g[0].n, 2);
}

static int64_t sum_proposed(const struct rv_line *l, int n)
{
	int64_t s = 0;
	for (int i = 0; i < n; i++)
		s += l[i].proposed ? l[i].amount : 0;
	return s;
}

static void test_award_rules(void **state)
{
	(void)state;
	struct rv_rule full = {false, 60, 80, 100, 0};
	struct rv_line l[5] = {
		{.app = 1, .requested = 500, .has_score = true, .score = 95},
		{.app = 2, .requested = 400, .has_score = true, .score = 90},
		{.app = 3, .requested = 100, .has_score = true, .score = 85},
		{.app = 4, .requested = 50, .has_score = true, .score = 55},
		{.app = 5, .requested = 50, .has_score = false},
	};
	rv_award_rule(&full, 800, l, 5);
	assert_true(l[0].proposed);
	assert_false(l[1].proposed);
	assert_string_equal(l[1].reason, "insufficient_funds");
	/* best to worst while it fits: the smaller third does not jump the queue */
	assert_false(l[2].proposed);
	assert_string_equal(l[2].reason, "insufficient_funds");
	assert_string_equal(l[3].reason, "below_min_score");
	assert_string_equal(l[4].reason, "no_score");
	assert_true(sum_proposed(l, 5) <= 800);
	/* the maximum grant caps each */
	struct rv_rule capped = {false, 60, 80, 100, 300};
	rv_award_rule(&capped, 800, l, 5);
	assert_int_equal(l[0].amount, 300);
	assert_true(l[0].proposed && l[1].proposed);
	assert_int_equal(l[2].amount, 100);
	assert_true(l[2].proposed);
	assert_int_equal(sum_proposed(l, 5), 700);
	/* threshold_percent: at or above 88, each at 50% */
	struct rv_rule thr = {true, 60, 88, 50, 0};
	rv_award_rule(&thr, 400, l, 5);
	assert_int_equal(l[0].amount, 250);
	assert_true(l[0].proposed);
	assert_false(l[1].proposed); /* 200 > 150 left */
	assert_string_equal(l[1].reason, "insufficient_funds");
	assert_string_equal(l[2].reason, "below_threshold");
	assert_true(sum_proposed(l, 5) <= 400);
	/* a majority of "no" is not recommended */
	struct rv_line m = {.app = 9, .requested = 10, .has_score = true, .score = 99, .no = 2, .n = 3};
	rv_award_rule(&full, 1000, &m, 1);
	assert_string_equal(m.reason, "not_recommended");
	/* never beyond the budget, whatever the order of requests */
	for (int64_t budget = 0; budget < 1200; budget += 37) {
		rv_award_rule(&full, budget, l, 5);
		assert_true(sum_proposed(l, 5) <= budget);
		rv_award_rule(&thr, budget, l, 5);
		assert_true(sum_proposed(l, 5) <= budget);
	}
}

static void test_assign_declare_recuse(void **state)
{
	struct fx *f = *state;
	/* not declared yet: refused */
	assert_int_equal(assign(f, 1, 0, NULL), ERR_RULE);
	assert_string_equal(f->e.field, "expert_id");
	struct rv_conflict_in none = {.none = true};
	assert_int_equal(declare(f, 0, &none, NULL), 0);
	assert_int_equal(declare(f, 1, &none, NULL), 0);
	/* expert3 works for org 1: every application it makes */
	struct rv_conflict_in tie = {.org_id = 1, .tie = "employee", .since_year = 2025};
	assert_int_equal(declare(f, 2, &tie, NULL), 0);
	/* a tie older than the lookback is not a conflict */
	struct rv_conflict_in old = {.org_id = 2, .tie = "former_employee", .since_year = 2019};
	assert_int_equal(declare(f, 2, &old, NULL), ERR_RULE);
	assert_string_equal(f->e.field, "since_year");
	/* another expert cannot declare for them */
	struct ctx c = cx(f, &f->ex[0]);
	int rec = 0;
	assert_int_equal(IN_TX(f, rv_conflict_declare(&c, f->xid[2], &none, &rec)), ERR_NOT_FOUND);
	assert_int_equal(assign(f, 1, 2, NULL), ERR_CONFLICT);
	assert_string_equal(f->e.field, "expert_id");
	int64_t a0 = 0, a1 = 0, a2 = 0;
	assert_int_equal(assign(f, 1, 0, &a0), 0);
	assert_int_equal(assign(f, 1, 1, &a1), 0);
	assert_int_equal(assign(f, 3, 2, &a2), 0); /* org 2's: no conflict */
	/* the conflicted expert cannot read application 1 */
	enum prog_access acc;
	c = cx(f, &f->ex[2]);
	assert_int_equal(prog_app_access(&c, 1, &acc), 0);
	assert_int_equal(acc, PROG_NONE);
	c = cx(f, &f->ex[0]);
	assert_int_equal(prog_app_access(&c, 1, &acc), 0);
	assert_int_equal(acc, PROG_EXPERT);
	/* scoring: "no" needs a reason; values within the scale */
	assert_int_equal(score(f, 0, a0, 8, 7, "no", NULL), ERR_INVALID);
	assert_string_equal(f->e.field, "reason");
	assert_int_equal(score(f, 0, a0, 11, 7, "yes", NULL), ERR_INVALID);
	assert_string_equal(f->e.field, "items");
	assert_int_equal(score(f, 1, a0, 8, 7, "yes", NULL), ERR_NOT_FOUND); /* not theirs */
	assert_int_equal(score(f, 0, a0, 8, 7, "yes", NULL), 0);
	assert_true(fabs((double)q1(f, "SELECT CAST(total*100 AS INTEGER) FROM review_scores WHERE assignment_id=?", a0) - 7600) < 1);
	assert_int_equal(score(f, 1, a1, 6, 5, "unsure", NULL), 0);
	/* the rubric is frozen now */
	struct rv_criterion_in cr[1] = {{"唯一", "", 100}};
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, rv_rubric_set(&c, &f->p, 10, cr, 1)), ERR_CONFLICT);
	/* expert2 then declares a tie with application 1: recused, score discarded */
	struct rv_conflict_in late = {.application_id = 1, .tie = "family", .reason = "亲属任项目负责人"};
	int recused = 0;
	assert_int_equal(declare(f, 1, &late, &recused), 0);
	assert_int_equal(recused, 1);
	assert_int_equal(q1(f, "SELECT count(*) FROM prog_assignments WHERE id=? AND status='recused'", a1), 1);
	assert_int_equal(q1(f, "SELECT discarded FROM review_scores WHERE assignment_id=?", a1), 1);
	assert_int_equal(score(f, 1, a1, 6, 5, "yes", NULL), ERR_NOT_FOUND);
	/* outside the window: as if absent */
	f->now = T0 + 11 * DAY;
	assert_int_equal(score(f, 0, a0, 9, 9, "yes", NULL), ERR_NOT_FOUND);
	c = cx(f, &f->ex[0]);
	assert_int_equal(prog_app_access(&c, 1, &acc), 0);
	assert_int_equal(acc, PROG_NONE);
	f->now = T0;
	/* certify afterwards */
	c = cx(f, &f->ex[0]);
	assert_int_equal(IN_TX(f, rv_certify(&c, f->xid[0])), 0);
}

static void test_awards_batch(void **state)
{
	struct fx *f = *state;
	struct rv_conflict_in none = {.none = true};
	assert_int_equal(declare(f, 0, &none, NULL), 0);
	int64_t as[4];
	const int64_t v[4][2] = {{10, 10}, {9, 8}, {8, 8}, {5, 5}}; /* 100, 86, 80, 50 */
	for (int i = 0; i < 4; i++) {
		assert_int_equal(assign(f, i + 1, 0, &as[i]), 0);
		assert_int_equal(score(f, 0, as[i], v[i][0], v[i][1], "yes", NULL), 0);
	}
	/* the fund: 100,000 yuan; 40,000 already given to another programme's project */
	exec_committed(f->t->db, "INSERT INTO programmes (id, code, name, year, region_id, status, created_at, updated_at)"
				 " VALUES (2, 'old', '旧计划', 2025, 1, 'closed', 0, 0)");
	exec_committed(f->t->db, "INSERT INTO prog_applications (id, programme_id, code, title, applicant_name, applicant_type,"
				 " domain, pfund_id, region_scope, region_id, kind, requested, status, outcome, awarded, created_at,"
				 " updated_at) VALUES (9, 2, 'X', '旧项目', '某单位', 'social_org', 'community_elderly', 1, 'town', 2,"
				 " 'service', 4000000, 'awarded', 'funded', 4000000, 0, 0)");
	struct ctx c = cx(f, &f->ex[0]);
	assert_int_equal(IN_TX(f, rv_award_compute(&c, &f->p)), ERR_FORBIDDEN); /* not staff */
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, rv_award_compute(&c, &f->p)), 0);
	/* 60,000 left: the best one fits, the second does not */
	assert_int_equal(q1(f, "SELECT proposed FROM review_award_lines WHERE application_id=?", 1), 1);
	assert_int_equal(q1(f, "SELECT proposed FROM review_award_lines WHERE application_id=?", 2), 0);
	assert_int_equal(q1(f, "SELECT count(*) FROM review_award_lines WHERE application_id=? AND reason='insufficient_funds'", 2), 1);
	assert_int_equal(q1(f, "SELECT count(*) FROM review_award_lines WHERE application_id=? AND reason='below_min_score'", 4), 1);
	/* marking the second would pass the fund's remaining budget */
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, rv_award_mark(&c, &f->p, 2, true, "委员会认为更优先")), ERR_RULE);
	assert_string_equal(f->e.field, "application_id");
	/* against the rule without a reason: refused */
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, rv_award_mark(&c, &f->p, 1, false, NULL)), ERR_RULE);
	assert_string_equal(f->e.field, "reason");
	/* the committee swaps 1 for 2 with a reason */
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, rv_award_mark(&c, &f->p, 1, false, "申报单位资质存疑")), 0);
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, rv_award_mark(&c, &f->p, 2, true, "委员会认为更优先")), 0);
	assert_int_equal(q1(f, "SELECT count(*) FROM review_award_lines WHERE programme_id=? AND override_reason<>''", 1), 2);
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, rv_award_approve(&c, &f->p, 0)), 0);
	assert_int_equal(q1(f, "SELECT awarded FROM prog_applications WHERE id=?", 2), 4000000);
	assert_int_equal(q1(f, "SELECT count(*) FROM prog_applications WHERE id=? AND outcome='not_funded'"
			       " AND outcome_reason='committee_override'", 1), 1);
	assert_int_equal(q1(f, "SELECT count(*) FROM prog_applications WHERE id=? AND outcome_reason='below_min_score'", 4), 1);
	/* the fund's budget holds */
	assert_true(q1(f, "SELECT sum(awarded) FROM prog_applications WHERE pfund_id=? AND outcome='funded'", 1) <= 10000000);
	/* approved: no more marks */
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, rv_award_mark(&c, &f->p, 3, true, "x理由")), ERR_CONFLICT);
	/* publication and objections */
	int64_t oid = 0;
	c = cx(f, NULL);
	assert_int_equal(IN_TX(f, rv_objection_add(&c, &f->p, 2, "", "", "为什么换了？", &oid)), ERR_RULE); /* not yet */
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, rv_award_publish(&c, &f->p, 0)), 0);
	assert_int_equal(q1(f, "SELECT count(*) FROM prog_applications WHERE programme_id=? AND stage='publication'", 1), 4);
	c = cx(f, &f->ex[1]);
	assert_int_equal(IN_TX(f, rv_objection_add(&c, &f->p, 2, "", "", "为什么换了？", &oid)), 0);
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, rv_award_close(&c, &f->p, 0)), ERR_RULE); /* period not over */
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, rv_objection_answer(&c, oid, "委员会记录的理由见公示名单")), 0);
	f->now = T0 + 8 * DAY;
	c = cx(f, &f->ex[1]);
	assert_int_equal(IN_TX(f, rv_objection_add(&c, &f->p, 0, "", "", "期满后的异议", &oid)), ERR_RULE);
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, rv_award_close(&c, &f->p, 0)), 0);
	assert_int_equal(q1(f, "SELECT count(*) FROM prog_applications WHERE programme_id=? AND stage='award'", 1), 4);
	f->now = T0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalise_harsh_and_lenient),
		cmocka_unit_test(test_award_rules),
		cmocka_unit_test_setup_teardown(test_assign_declare_recuse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_awards_batch, setup, teardown),
	};
	return RUN_SUITE(tests);
}
