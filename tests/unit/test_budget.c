/*
 * test_budget.c — participatory budgets (src/modules/budget/): the tally's
 * rules one by one (ranking and its deterministic ties, the greedy walk that
 * skips what does not fit, the remainder, part-funding, projects without
 * votes, overrides), each voting rule's check of a ballot (blank ballots
 * always valid), the per-voter shuffle, and through the logic: one ballot
 * per person (the UNIQUE constraint even when the code is bypassed), a
 * changed ballot counted once as changed, a blank ballot counted, the phase
 * gates, the unfeasible reason, and an override's reason.
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
#include "modules/budget/budget.h"
#include "modules/budget/pb_internal.h"
#include "modules/funds/funds.h"
#include "modules/funds/funds_internal.h"
#include "modules/grants/grants.h"
#include "store/personal.h"

int pb_pii_erase(struct ctx *c, const struct personal_subject *s, struct personal_report *r);

/* ---------- the tally, pure ---------- */

static const char *outcome_of(const struct pb_tally_out *o, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (o[i].id == id)
			return o[i].outcome;
	return NULL;
}

static void test_tally_greedy_skips_what_does_not_fit(void **state)
{
	(void)state;
	/* 100 to spend: A 60 (10 votes), B 50 (9), C 30 (8), D 20 (1) */
	struct pb_tally_in in[] = {{1, 60, 10, 0}, {2, 50, 9, 0}, {3, 30, 8, 0}, {4, 20, 1, 0}};
	struct pb_tally_out out[4];
	int64_t rem;
	pb_tally(in, 4, 100, false, out, &rem);
	assert_int_equal(out[0].id, 1);
	assert_string_equal(out[0].outcome, "funded");
	assert_string_equal(out[1].outcome, "skipped"); /* B does not fit in 40 */
	assert_string_equal(out[2].outcome, "funded");  /* C does, further down */
	assert_string_equal(out[3].outcome, "skipped"); /* D 20 > 10 left */
	assert_int_equal(rem, 10);
	assert_int_equal(out[0].remaining_fen, 40);
	assert_int_equal(out[2].remaining_fen, 10);
	assert_int_equal(out[3].remaining_fen, 10);
}

static void test_tally_part_funds_the_first_skipped(void **state)
{
	(void)state;
	struct pb_tally_in in[] = {{1, 60, 10, 0}, {2, 50, 9, 0}, {3, 30, 8, 0}, {4, 20, 1, 0}};
	struct pb_tally_out out[4];
	int64_t rem;
	pb_tally(in, 4, 100, true, out, &rem);
	/* after the walk 10 is left: it goes to B, the first skipped */
	assert_string_equal(outcome_of(out, 4, 2), "part_funded");
	assert_int_equal(out[1].funded_fen, 10);
	assert_string_equal(outcome_of(out, 4, 4), "skipped");
	assert_int_equal(rem, 0);
	/* nothing left: no part-funding */
	struct pb_tally_in exact[] = {{1, 60, 10, 0}, {2, 50, 9, 0}, {3, 40, 8, 0}};
	pb_tally(exact, 3, 100, true, out, &rem);
	assert_string_equal(outcome_of(out, 3, 2), "skipped");
	assert_int_equal(rem, 0);
}

static void test_tally_ties_cheaper_then_earlier(void **state)
{
	(void)state;
	/* equal votes: the cheaper first; equal cost too: the lower id */
	struct pb_tally_in in[] = {{7, 50, 5, 0}, {3, 40, 5, 0}, {5, 40, 5, 0}, {9, 10, 6, 0}};
	struct pb_tally_out out[4];
	int64_t rem;
	pb_tally(in, 4, 1000, false, out, &rem);
	assert_int_equal(out[0].id, 9);
	assert_int_equal(out[1].id, 3);
	assert_int_equal(out[2].id, 5);
	assert_int_equal(out[3].id, 7);
	for (int i = 0; i < 4; i++)
		assert_int_equal(out[i].rank, i + 1);
	/* the order of the input does not matter */
	struct pb_tally_in rev[] = {{9, 10, 6, 0}, {5, 40, 5, 0}, {7, 50, 5, 0}, {3, 40, 5, 0}};
	struct pb_tally_out out2[4];
	pb_tally(rev, 4, 1000, false, out2, &rem);
	for (int i = 0; i < 4; i++)
		assert_int_equal(out2[i].id, out[i].id);
}

static void test_tally_no_votes_not_funded(void **state)
{
	(void)state;
	struct pb_tally_in in[] = {{1, 10, 3, 0}, {2, 10, 0, 0}};
	struct pb_tally_out out[2];
	int64_t rem;
	pb_tally(in, 2, 100, true, out, &rem);
	assert_string_equal(outcome_of(out, 2, 2), "no_votes");
	assert_int_equal(rem, 90); /* part-funding goes to a skipped project, never one without votes */
	pb_tally(in, 0, 100, false, out, &rem);
	assert_int_equal(rem, 100);
}

static void test_tally_overrides(void **state)
{
	(void)state;
	/* B is excluded: its money goes down the list; D included first */
	struct pb_tally_in in[] = {{1, 60, 10, 0}, {2, 30, 9, -1}, {3, 30, 8, 0}, {4, 20, 0, 1}};
	struct pb_tally_out out[4];
	int64_t rem;
	pb_tally(in, 4, 100, false, out, &rem);
	assert_string_equal(outcome_of(out, 4, 4), "included");
	assert_string_equal(outcome_of(out, 4, 1), "funded");
	assert_string_equal(outcome_of(out, 4, 2), "excluded");
	assert_string_equal(outcome_of(out, 4, 3), "skipped"); /* 100 − 20 − 60 = 20 < 30 */
	assert_int_equal(rem, 20);
}

static void test_rule_checks(void **state)
{
	(void)state;
	struct err e = {0};
	struct pb_rule ap = {"approval", 1000, 2, 0, 0};
	assert_int_equal(pb_ballot_check(&ap, 2, 5000, &e), 0); /* approval ignores cost */
	assert_int_equal(pb_ballot_check(&ap, 3, 10, &e), ERR_RULE);
	assert_string_equal(e.field, "project_ids");
	assert_int_equal(pb_ballot_check(&ap, 0, 0, &e), 0); /* blank */
	struct pb_rule ks = {"knapsack", 1000, 0, 0, 0};
	assert_int_equal(pb_ballot_check(&ks, 5, 1000, &e), 0);
	assert_int_equal(pb_ballot_check(&ks, 1, 1001, &e), ERR_RULE);
	struct pb_rule ms = {"min_share", 1000, 0, 0, 70};
	assert_int_equal(pb_ballot_check(&ms, 1, 699, &e), ERR_RULE);
	assert_non_null(strstr(e.message, "70%"));
	assert_int_equal(pb_ballot_check(&ms, 1, 700, &e), 0);
	assert_int_equal(pb_ballot_check(&ms, 1, 1001, &e), ERR_RULE);
	assert_int_equal(pb_ballot_check(&ms, 0, 0, &e), 0); /* blank */
	struct pb_rule rg = {"range", 1000, 3, 2, 0};
	assert_int_equal(pb_ballot_check(&rg, 1, 10, &e), ERR_RULE);
	assert_int_equal(pb_ballot_check(&rg, 2, 10, &e), 0);
	assert_int_equal(pb_ballot_check(&rg, 3, 10, &e), 0);
	assert_int_equal(pb_ballot_check(&rg, 4, 10, &e), ERR_RULE);
	assert_int_equal(pb_ballot_check(&rg, 3, 1001, &e), ERR_RULE); /* and within the budget */
	assert_int_equal(pb_ballot_check(&rg, 0, 0, &e), 0);
}

static void test_shuffle_stable_per_voter(void **state)
{
	(void)state;
	assert_true(pb_shuffle_key(1, 5, 9) == pb_shuffle_key(1, 5, 9));
	/* two voters see different orders of ten projects */
	int differ = 0;
	for (int p = 1; p < 10; p++)
		differ += (pb_shuffle_key(1, 5, p) < pb_shuffle_key(1, 5, p + 1)) !=
			  (pb_shuffle_key(1, 6, p) < pb_shuffle_key(1, 6, p + 1));
	assert_true(differ > 0);
}

/* ---------- through the logic ---------- */

/* The text a query reads equals want (the copy freed). */
static void text_is(struct db *db, const char *sql, int64_t id, const char *want)
{
	char *got = query_text(db, sql, id);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

struct fx {
	struct tstore *t;
	struct arena a;
	struct principal staff, res1, res2, res3, other;
	struct err e;
	int64_t now, budget, p[4], fund, other_fund;
};

static struct ctx cx(struct fx *f, const struct principal *who)
{
	err_clear(&f->e);
	struct ctx c = {f->t->db, who, f->now, &f->a, &f->e, NULL};
	return c;
}

static void tx_begin(struct fx *f)
{
	struct err e = {0};
	assert_int_equal(db_begin_write(f->t->db, &e), 0);
}
static int tx_end(struct fx *f, int rc)
{
	struct err e = {0};
	if (rc)
		db_rollback(f->t->db);
	else
		assert_int_equal(db_commit(f->t->db, &e), 0);
	return rc;
}
#define IN_TX(f, call) tx_end((f), (tx_begin(f), (call)))

static int64_t version_of(struct fx *f, const char *table, int64_t id)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT version FROM %s WHERE id=?", table);
	return query_int(f->t->db, sql, id);
}

static int phase(struct fx *f, const char *ph)
{
	struct ctx c = cx(f, &f->staff);
	return IN_TX(f, pb_budget_phase(&c, f->budget, ph, version_of(f, "pb_budgets", f->budget)));
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
			   " VALUES(2,1,'town','龙江镇','/1/2/',0,0),(3,2,'community','文华社区','/1/2/3/',0,0),"
			   "(4,2,'community','北区社区','/1/2/4/',0,0)");
	test_user(db, &f->a, "wenhua", ROLE_COMMUNITY_STAFF, 3, &f->staff);
	test_user(db, &f->a, "res1", ROLE_RESIDENT, 3, &f->res1);
	test_user(db, &f->a, "res2", ROLE_RESIDENT, 3, &f->res2);
	test_user(db, &f->a, "res3", ROLE_RESIDENT, 3, &f->res3);   /* not verified */
	test_user(db, &f->a, "other", ROLE_RESIDENT, 4, &f->other); /* verified, of 北区 */
	exec_committed(db, "INSERT INTO people (id, region_id, name, gender, user_id, verified_at, verify_method,"
			   " created_at, updated_at) VALUES"
			   " (1, 3, '陈志强', 'male', (SELECT id FROM users WHERE username='res1'), 1, 'household_roll', 0, 0),"
			   " (2, 3, '李婉清', 'female', (SELECT id FROM users WHERE username='res2'), 1, 'residence_permit', 0, 0),"
			   " (3, 3, '王梅', 'female', (SELECT id FROM users WHERE username='res3'), NULL, NULL, 0, 0),"
			   " (4, 4, '何明', 'male', (SELECT id FROM users WHERE username='other'), 1, 'in_person', 0, 0)");
	/* 文华's development fund with 50,000 yuan, and a fund of 北区 */
	struct ctx c = cx(f, &f->staff);
	struct fund_in fi = {.region_id = 3, .kind = "community_development", .name = "文华社区发展基金"};
	assert_int_equal(IN_TX(f, fund_create(&c, &fi, &f->fund)), 0);
	c = cx(f, &f->staff);
	assert_int_equal(IN_TX(f, fund_set_status(&c, f->fund, -1, "active")), 0);
	struct fund_in bi = {.region_id = 4, .kind = "happiness", .name = "北区幸福基金"};
	c = cx(f, NULL);
	assert_int_equal(IN_TX(f, fund_create(&c, &bi, &f->other_fund)), 0);
	struct fund_head fh;
	c = cx(f, NULL);
	assert_int_equal(fund_load(&c, f->fund, 0, &fh), 0);
	struct fund_transfer_in d = {.client_id = "seed", .debit_account_id = fh.income_account_id,
				     .credit_account_id = fh.account_id, .amount = 5000000, .kind = "donation", .memo = "捐赠"};
	int64_t tid;
	assert_true(IN_TX(f, fund_post(&c, &d, &tid)) >= 0);
	/* a knapsack budget of 1000 yuan, with four feasible projects */
	c = cx(f, &f->staff);
	struct pb_budget_in in = {.region_id = 3, .title = "测试预算", .total_fen = 100000, .rule = "knapsack",
				  .part_fund = false};
	assert_int_equal(IN_TX(f, pb_budget_create(&c, &in, &f->budget)), 0);
	assert_int_equal(phase(f, "proposals"), 0);
	static const int64_t cost[] = {60000, 50000, 30000, 20000};
	for (int i = 0; i < 4; i++) {
		struct pb_project_in p = {"项目", "", "", cost[i]};
		c = cx(f, &f->res1);
		assert_int_equal(IN_TX(f, pb_project_propose(&c, f->budget, &p, &f->p[i])), 0);
	}
	assert_int_equal(phase(f, "review"), 0);
	for (int i = 0; i < 4; i++) {
		c = cx(f, &f->staff);
		assert_int_equal(IN_TX(f, pb_project_review(&c, f->p[i], true, NULL, 0, -1)), 0);
	}
	assert_int_equal(phase(f, "support"), 0);
	assert_int_equal(phase(f, "voting"), 0);
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

static int cast(struct fx *f, const struct principal *who, const int64_t *ids, int n)
{
	struct ctx c = cx(f, who);
	int64_t b;
	return IN_TX(f, pb_ballot_cast(&c, f->budget, ids, n, &b));
}

static void test_one_ballot_per_person_changeable(void **state)
{
	struct fx *f = *state;
	int64_t a[] = {f->p[0], f->p[2]}, b[] = {f->p[1]};
	assert_int_equal(cast(f, &f->res1, a, 2), 0);
	assert_int_equal(cast(f, &f->res1, b, 1), 0); /* changed */
	assert_int_equal(count_rows(f->t->db, "pb_ballots"), 1);
	assert_int_equal(count_rows(f->t->db, "pb_ballot_items"), 1);
	assert_int_equal(query_int(f->t->db, "SELECT version FROM pb_ballots WHERE person_id=?", 1), 2);
	assert_int_equal(count_rows(f->t->db, "audit_log WHERE entity='pb_ballot' AND action='update'"), 1);
	/* the database refuses a second ballot of the same person, whatever the code */
	struct err e = {0};
	assert_int_equal(db_begin_write(f->t->db, &e), 0);
	int rc = db_exec(f->t->db, &e,
			 "INSERT INTO pb_ballots (budget_id, person_id, created_at, updated_at) VALUES (?, 1, 0, 0)", "i",
			 f->budget);
	db_rollback(f->t->db);
	assert_int_equal(rc, ERR_CONFLICT);
}

static void test_ballot_refusals(void **state)
{
	struct fx *f = *state;
	int64_t too_much[] = {f->p[0], f->p[1]}; /* 1100 yuan > 1000 */
	assert_int_equal(cast(f, &f->res1, too_much, 2), ERR_RULE);
	assert_string_equal(f->e.field, "project_ids");
	int64_t twice[] = {f->p[2], f->p[2]};
	assert_int_equal(cast(f, &f->res1, twice, 2), ERR_INVALID);
	int64_t unknown[] = {999};
	assert_int_equal(cast(f, &f->res1, unknown, 1), ERR_RULE);
	/* not verified; verified but of another community */
	int64_t ok[] = {f->p[2]};
	assert_int_equal(cast(f, &f->res3, ok, 1), ERR_FORBIDDEN);
	assert_string_equal(f->e.field, "person");
	assert_int_equal(cast(f, &f->other, ok, 1), ERR_FORBIDDEN);
	assert_int_equal(count_rows(f->t->db, "pb_ballots"), 0);
	/* after voting closes, no ballot and no change */
	assert_int_equal(cast(f, &f->res1, ok, 1), 0);
	assert_int_equal(phase(f, "results"), 0);
	int64_t other[] = {f->p[3]};
	assert_int_equal(cast(f, &f->res1, other, 1), ERR_RULE);
	assert_string_equal(f->e.field, "phase");
	assert_int_equal(query_int(f->t->db, "SELECT count(*) FROM pb_ballot_items WHERE project_id=?", f->p[2]), 1);
}

static void test_tally_counts_changed_and_blank(void **state)
{
	struct fx *f = *state;
	int64_t a[] = {f->p[0], f->p[3]}, b[] = {f->p[2], f->p[3]};
	assert_int_equal(cast(f, &f->res1, a, 2), 0);
	assert_int_equal(cast(f, &f->res1, b, 2), 0); /* only the changed choice counts */
	assert_int_equal(cast(f, &f->res2, NULL, 0), 0); /* blank */
	assert_int_equal(phase(f, "results"), 0); /* counts */
	struct db *db = f->t->db;
	assert_int_equal(query_int(db, "SELECT ballots FROM pb_budgets WHERE id=?", f->budget), 2);
	assert_int_equal(query_int(db, "SELECT blank_ballots FROM pb_budgets WHERE id=?", f->budget), 1);
	assert_int_equal(query_int(db, "SELECT votes FROM pb_results WHERE project_id=?", f->p[0]), 0);
	assert_int_equal(query_int(db, "SELECT votes FROM pb_results WHERE project_id=?", f->p[2]), 1);
	text_is(db, "SELECT outcome FROM pb_results WHERE project_id=?", f->p[0], "no_votes");
	text_is(db, "SELECT outcome FROM pb_results WHERE project_id=?", f->p[3], "funded");
	assert_int_equal(query_int(db, "SELECT funded_fen FROM pb_budgets WHERE id=?", f->budget), 50000);
	assert_int_equal(query_int(db, "SELECT remainder_fen FROM pb_budgets WHERE id=?", f->budget), 50000);
}

static void test_override_needs_reason_and_is_counted(void **state)
{
	struct fx *f = *state;
	int64_t a[] = {f->p[2]};
	assert_int_equal(cast(f, &f->res1, a, 1), 0);
	struct ctx c = cx(f, &f->staff);
	int64_t oid;
	/* not before the results */
	assert_int_equal(IN_TX(f, pb_override_add(&c, f->budget, f->p[0], "include", "理由充分", &oid)), ERR_RULE);
	assert_int_equal(phase(f, "results"), 0);
	c = cx(f, &f->staff);
	assert_int_equal(IN_TX(f, pb_override_add(&c, f->budget, f->p[0], "include", " ", &oid)), ERR_RULE);
	assert_string_equal(f->e.field, "reason");
	c = cx(f, &f->res1);
	assert_int_equal(IN_TX(f, pb_override_add(&c, f->budget, f->p[0], "include", "居民想要", &oid)), ERR_FORBIDDEN);
	c = cx(f, &f->staff);
	assert_int_equal(IN_TX(f, pb_override_add(&c, f->budget, f->p[0], "include", "台风后安全隐患", &oid)), 0);
	text_is(f->t->db, "SELECT outcome FROM pb_results WHERE project_id=?", f->p[0], "included");
	text_is(f->t->db, "SELECT outcome FROM pb_results WHERE project_id=?", f->p[2], "funded");
	/* two includes beyond the budget are refused */
	c = cx(f, &f->staff);
	assert_int_equal(IN_TX(f, pb_override_add(&c, f->budget, f->p[1], "include", "也很重要", &oid)), ERR_RULE);
	/* withdrawn: the count stands again */
	c = cx(f, &f->staff);
	assert_int_equal(IN_TX(f, pb_override_add(&c, f->budget, f->p[0], "withdraw", "议事会复议撤销", &oid)), 0);
	text_is(f->t->db, "SELECT outcome FROM pb_results WHERE project_id=?", f->p[0], "no_votes");
	assert_int_equal(count_rows(f->t->db, "pb_overrides"), 2);
	assert_int_equal(count_rows(f->t->db, "audit_log WHERE entity='pb_override'"), 2);
}

static void test_unfeasible_needs_reason(void **state)
{
	struct fx *f = *state;
	struct ctx c = cx(f, &f->staff);
	/* the budget is voting now: review is closed */
	assert_int_equal(IN_TX(f, pb_project_review(&c, f->p[0], false, "太贵", 0, -1)), ERR_RULE);
	/* a new budget, in review */
	int64_t b2, p;
	struct pb_budget_in in = {.region_id = 3, .title = "第二期", .total_fen = 100000, .rule = "approval", .max_projects = 2};
	c = cx(f, &f->staff);
	assert_int_equal(IN_TX(f, pb_budget_create(&c, &in, &b2)), 0);
	c = cx(f, &f->staff);
	assert_int_equal(IN_TX(f, pb_budget_phase(&c, b2, "proposals", 1)), 0);
	struct pb_project_in pi = {"屋顶菜园", "", "", 1000};
	c = cx(f, &f->res3); /* not verified: may not propose */
	assert_int_equal(IN_TX(f, pb_project_propose(&c, b2, &pi, &p)), ERR_FORBIDDEN);
	c = cx(f, &f->res2);
	assert_int_equal(IN_TX(f, pb_project_propose(&c, b2, &pi, &p)), 0);
	text_is(f->t->db, "SELECT proposer_name FROM pb_projects WHERE id=?", p, "李女士");
	c = cx(f, &f->staff);
	assert_int_equal(IN_TX(f, pb_project_review(&c, p, false, NULL, 0, -1)), ERR_RULE);
	assert_string_equal(f->e.field, "reason");
	c = cx(f, &f->staff);
	assert_int_equal(IN_TX(f, pb_project_review(&c, p, false, "楼顶属业主共有", 0, -1)), 0);
	/* the database holds to it too */
	struct err e = {0};
	assert_int_equal(db_begin_write(f->t->db, &e), 0);
	int rc = db_exec(f->t->db, &e, "UPDATE pb_projects SET review_reason=NULL WHERE id=?", "i", p);
	db_rollback(f->t->db);
	assert_int_not_equal(rc, 0);
	/* voting cannot open without a project on the ballot */
	c = cx(f, &f->staff);
	assert_int_equal(IN_TX(f, pb_budget_phase(&c, b2, "voting", version_of(f, "pb_budgets", b2))), ERR_RULE);
}

static void test_phases_forward_only_and_scope(void **state)
{
	struct fx *f = *state;
	assert_int_equal(phase(f, "support"), ERR_RULE);
	struct ctx c = cx(f, &f->res1);
	assert_int_equal(IN_TX(f, pb_budget_phase(&c, f->budget, "results", version_of(f, "pb_budgets", f->budget))),
			 ERR_FORBIDDEN);
	/* 北区's resident cannot even see 文华's budget */
	bool staff;
	c = cx(f, &f->other);
	assert_int_equal(pb_budget_visible(&c, f->budget, &staff), ERR_FORBIDDEN);
	c = cx(f, &f->res1);
	assert_int_equal(pb_budget_visible(&c, f->budget, &staff), 0);
	assert_false(staff);
}

static void ledger_ok(struct fx *f)
{
	int64_t bad = -1;
	struct err e = {0};
	assert_int_equal(funds_check(f->t->db, &bad, &e), 0);
	assert_int_equal(bad, 0);
}

static void test_winners_become_grants(void **state)
{
	struct fx *f = *state;
	int64_t a[] = {f->p[2], f->p[3]};
	assert_int_equal(cast(f, &f->res1, a, 2), 0);
	assert_int_equal(phase(f, "results"), 0);
	/* no fund yet: execution is refused, naming fund_id, and nothing moves */
	assert_int_equal(phase(f, "execution"), ERR_RULE);
	assert_string_equal(f->e.field, "fund_id");
	text_is(f->t->db, "SELECT phase FROM pb_budgets WHERE id=?", f->budget, "results");
	/* a fund of another community is refused */
	struct ctx c = cx(f, &f->staff);
	assert_int_not_equal(IN_TX(f, pb_budget_set_fund(&c, f->budget, f->other_fund, version_of(f, "pb_budgets", f->budget))), 0);
	c = cx(f, &f->staff);
	assert_int_equal(IN_TX(f, pb_budget_set_fund(&c, f->budget, f->fund, version_of(f, "pb_budgets", f->budget))), 0);
	assert_int_equal(phase(f, "execution"), 0);
	/* the two winners are approved grants of the fund, reserved in the ledger */
	struct db *db = f->t->db;
	assert_int_equal(count_rows(db, "pb_projects WHERE grant_id IS NOT NULL"), 2);
	assert_int_equal(query_int(db, "SELECT amount FROM grants WHERE id=(SELECT grant_id FROM pb_projects WHERE id=?)", f->p[2]),
			 30000);
	text_is(db, "SELECT source FROM grants WHERE id=(SELECT grant_id FROM pb_projects WHERE id=?)", f->p[3], "pb");
	struct fund_balance bal;
	c = cx(f, NULL);
	assert_int_equal(fund_balance_get(&c, f->fund, &bal), 0);
	assert_int_equal(bal.pending_out, 50000);
	assert_int_equal(bal.available, 5000000 - 50000);
	ledger_ok(f);
	/* awarding again adds nothing (one grant per project) */
	c = cx(f, NULL);
	assert_int_equal(IN_TX(f, pb_budget_award(&c, f->budget)), 0);
	assert_int_equal(count_rows(db, "grants WHERE source='pb'"), 2);
	ledger_ok(f);
}

static void test_milestones_only_for_funded(void **state)
{
	struct fx *f = *state;
	int64_t a[] = {f->p[2]};
	assert_int_equal(cast(f, &f->res1, a, 1), 0);
	struct ctx c = cx(f, &f->staff);
	assert_int_equal(IN_TX(f, pb_budget_set_fund(&c, f->budget, f->fund, version_of(f, "pb_budgets", f->budget))), 0);
	assert_int_equal(phase(f, "execution"), 0); /* counts on the way */
	c = cx(f, &f->staff);
	int64_t m;
	struct pb_milestone_in in = {.title = "施工", .due_date = "2026-12-31", .progress = 40};
	assert_int_equal(IN_TX(f, pb_milestone_add(&c, f->p[0], &in, &m)), ERR_RULE); /* not funded */
	c = cx(f, &f->staff);
	assert_int_equal(IN_TX(f, pb_milestone_add(&c, f->p[2], &in, &m)), 0);
	struct pb_milestone_in done = {.version = 1, .done = true, .has_done = true, .note = "已验收", .has_note = true};
	c = cx(f, &f->staff);
	assert_int_equal(IN_TX(f, pb_milestone_update(&c, m, &done)), 0);
	assert_int_equal(query_int(f->t->db, "SELECT progress FROM pb_milestones WHERE id=?", m), 100);
	text_is(f->t->db, "SELECT note FROM pb_milestones WHERE id=?", m, "已验收");
	assert_true(query_int(f->t->db, "SELECT done_at FROM pb_milestones WHERE id=?", m) > 0);
	/* a stale version */
	c = cx(f, &f->staff);
	assert_int_equal(IN_TX(f, pb_milestone_update(&c, m, &done)), ERR_CONFLICT);
}

static void test_erasure_unnames_the_proposer_keeps_ballots(void **state)
{
	struct fx *f = *state;
	int64_t a[] = {f->p[2]};
	assert_int_equal(cast(f, &f->res1, a, 1), 0);
	struct ctx c = cx(f, NULL);
	struct personal_subject who = {.person_id = 1};
	struct personal_report *r = personal_report_new(&f->a);
	assert_int_equal(IN_TX(f, pb_pii_erase(&c, &who, r)), 0);
	assert_int_equal(count_rows(f->t->db, "pb_projects WHERE proposer_person_id=1"), 0);
	assert_int_equal(count_rows(f->t->db, "pb_projects WHERE proposer_name='居民'"), 4);
	assert_int_equal(count_rows(f->t->db, "audit_log WHERE entity='pb_project' AND action='anonymise'"), 4);
	assert_int_equal(count_rows(f->t->db, "pb_ballots WHERE person_id=1"), 1); /* counted: kept */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tally_greedy_skips_what_does_not_fit),
		cmocka_unit_test(test_tally_part_funds_the_first_skipped),
		cmocka_unit_test(test_tally_ties_cheaper_then_earlier),
		cmocka_unit_test(test_tally_no_votes_not_funded),
		cmocka_unit_test(test_tally_overrides),
		cmocka_unit_test(test_rule_checks),
		cmocka_unit_test(test_shuffle_stable_per_voter),
		cmocka_unit_test_setup_teardown(test_one_ballot_per_person_changeable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ballot_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tally_counts_changed_and_blank, setup, teardown),
		cmocka_unit_test_setup_teardown(test_override_needs_reason_and_is_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unfeasible_needs_reason, setup, teardown),
		cmocka_unit_test_setup_teardown(test_phases_forward_only_and_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_milestones_only_for_funded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_winners_become_grants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erasure_unnames_the_proposer_keeps_ballots, setup, teardown),
	};
	return RUN_SUITE(tests);
}
