/*
 * test_monitoring.c — the monitoring of funded projects (src/modules/
 * monitoring): the tier rule on its inputs; the tranche plan must sum to
 * the award (and nothing is written when it does not); the grant is made
 * through grants.h with source "programme" and its tranches reserved in
 * the ledger, a tranche paid when its milestone is accepted; a project
 * closes only after its final report is approved; an 优秀 result grants
 * one extension, used once, never for a project that is itself an
 * extension; a risk project that falls behind alerts the funders once per
 * event; another organisation's admin cannot read a project.
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
#include "modules/funds/funds.h"
#include "modules/funds/funds_internal.h"
#include "modules/monitoring/monitoring.h"

struct fx {
	struct tstore *t;
	struct arena a;
	struct principal admin, applicant, other_org, manager;
	struct err e;
	int64_t now, fund;
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
	if (rc < 0)
		db_rollback(f->t->db);
	else
		assert_int_equal(db_commit(f->t->db, &e), 0);
	return rc;
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
	f->now = T0; /* 2026-11-26 */
	arena_init(&f->a, 0);
	struct db *db = f->t->db;
	exec_committed(db, "INSERT INTO regions(id, level, name, path, created_at, updated_at) VALUES(1,'district','顺德区','/1/',0,0)");
	exec_committed(db, "INSERT INTO regions(id, parent_id, level, name, path, created_at, updated_at)"
			   " VALUES(2,1,'town','大良街道','/1/2/',0,0),(3,2,'community','北区社区','/1/2/3/',0,0),"
			   "(4,2,'community','文华社区','/1/2/4/',0,0),(5,1,'town','容桂街道','/1/5/',0,0)");
	exec_committed(db, "INSERT INTO organisations (id, region_id, name, org_type, created_at, updated_at)"
			   " VALUES (1, 4, '文华社区新市民之家服务社', 'community_social_org', 0, 0)");
	test_user(db, &f->a, "admin", ROLE_DISTRICT_ADMIN, 1, &f->admin);
	test_user(db, &f->a, "applicant", ROLE_ORG_ADMIN, 4, &f->applicant);
	test_user(db, &f->a, "other", ROLE_ORG_ADMIN, 5, &f->other_org);
	test_user(db, &f->a, "manager", ROLE_RESIDENT, 1, &f->manager);
	struct ctx c = cx(f, &f->admin);
	struct fund_in fi = {.region_id = 1, .kind = "special_programme", .name = "社区营造专项资金"};
	assert_int_equal(IN_TX(f, fund_create(&c, &fi, &f->fund)), 0);
	struct fund_member_in mem[1] = {{"manager", "梁经理", "基金会", f->manager.user_id}};
	int64_t mid;
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, fund_members_add(&c, f->fund, mem, 1, &mid)), 0);
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, fund_set_status(&c, f->fund, -1, "active")), 0);
	struct fund_head h;
	c = cx(f, NULL);
	assert_int_equal(fund_load(&c, f->fund, 0, &h), 0);
	struct fund_transfer_in d = {.client_id = "seed", .debit_account_id = h.income_account_id,
				     .credit_account_id = h.account_id, .amount = 10000000, .kind = "donation", .memo = "预算"};
	int64_t tid;
	assert_true(IN_TX(f, fund_post(&c, &d, &tid)) >= 0);
	exec_committed(db, "INSERT INTO programmes (id, code, name, year, region_id, status, created_at, updated_at)"
			   " VALUES (1, 'zcgs-2026', '众创共善2026', 2026, 1, 'monitoring', 0, 0)");
	char *sql = arena_printf(&f->a,
				 "INSERT INTO prog_funds (id, programme_id, name, funder, budget, fund_id)"
				 " VALUES (1, 1, '社区营造专项', '区社会工作部', 10000000, %lld)",
				 (long long)f->fund);
	exec_committed(db, sql);
	/* application 1: hardware, 300,000 fen; 2: an extension of an earlier project */
	for (int i = 1; i <= 2; i++) {
		sql = arena_printf(&f->a,
				   "INSERT INTO prog_applications (id, programme_id, code, title, org_id, applicant_name,"
				   " applicant_type, domain, pfund_id, region_scope, region_id, kind, requested, status, awarded,"
				   " outcome, created_by, created_at, updated_at) VALUES (%d, 1, 'A00%d', '新市民融入计划%d', 1,"
				   " '文华社区新市民之家服务社', 'social_org', 'community_building', 1, 'town', 2, 'hardware',"
				   " 300000, 'awarded', 300000, 'funded', %lld, 0, 0)",
				   i, i, i, (long long)f->applicant.user_id);
		exec_committed(db, sql);
		exec_committed(db, arena_printf(&f->a, "INSERT INTO prog_indicators (application_id, seq, name, target, unit)"
						       " VALUES (%d, 1, '服务人次', 500, '人次')", i));
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

static void agreement(struct mon_agreement_in *in, int64_t app, int64_t t1, int64_t t2, const char *maturity)
{
	memset(in, 0, sizeof *in);
	in->application_id = app;
	in->executing_org = "文华社区新市民之家服务社";
	in->starts_on = "2026-10-01";
	in->ends_on = "2027-09-30";
	in->maturity = maturity;
	in->n_milestones = 2;
	in->milestones[0] = (struct mon_milestone_in){"启动与需求调研", "2026-12-31", "调研报告", true};
	in->milestones[1] = (struct mon_milestone_in){"服务开展与结项", "2027-09-15", "服务记录", true};
	in->n_tranches = 2;
	in->tranches[0] = t1;
	in->tranches[1] = t2;
}

static void test_tier_rule(void **state)
{
	(void)state;
	/* a seasoned organisation, continued project, on time: quality */
	struct mon_tier_inputs q = {.org_applied = 4, .org_funded = 3, .past_good = 1, .maturity = "continued", .years_run = 2};
	assert_string_equal(mon_tier_rule(&q), "quality");
	assert_int_equal(q.risk_points, 0);
	assert_int_equal(q.quality_points, 3);
	assert_int_equal(q.score, -3);
	/* the same with one late report: no longer quality */
	q.late_reports = 1;
	assert_string_equal(mon_tier_rule(&q), "observation");
	/* a newcomer with a new project: 2 points, observation */
	struct mon_tier_inputs n = {.maturity = "new"};
	assert_string_equal(mon_tier_rule(&n), "observation");
	assert_int_equal(n.score, 2);
	/* … with an overdue milestone: 4 points, risk */
	n.overdue_milestones = 1;
	assert_string_equal(mon_tier_rule(&n), "risk");
	assert_int_equal(n.risk_points, 4);
	/* a failed earlier project and an overdue milestone: risk whatever else */
	struct mon_tier_inputs f = {.org_funded = 3, .past_good = 1, .past_fail = 1, .maturity = "continued", .years_run = 3,
				    .overdue_milestones = 1};
	assert_string_equal(mon_tier_rule(&f), "risk");
	/* an extended project of a known organisation on time: quality */
	struct mon_tier_inputs e = {.org_funded = 1, .maturity = "extended", .years_run = 1};
	assert_string_equal(mon_tier_rule(&e), "quality");
}

static void test_tranches_sum_to_award(void **state)
{
	struct fx *f = *state;
	struct mon_agreement_in in;
	int64_t pid = 0;
	agreement(&in, 1, 100000, 100000, "new");
	struct ctx c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, mon_agreement_sign(&c, &in, &pid)), ERR_RULE);
	assert_string_equal(f->e.field, "tranches");
	/* milestones paying a tranche must be as many as the tranches */
	agreement(&in, 1, 200000, 100000, "new");
	in.milestones[1].pays_tranche = false;
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, mon_agreement_sign(&c, &in, &pid)), ERR_RULE);
	assert_string_equal(f->e.field, "milestones");
	assert_int_equal(q1(f, "SELECT count(*) FROM mon_projects WHERE id>?", 0), 0);
	assert_int_equal(q1(f, "SELECT count(*) FROM grants WHERE id>?", 0), 0);
	/* the applicant cannot sign */
	agreement(&in, 1, 200000, 100000, "new");
	c = cx(f, &f->applicant);
	assert_int_equal(IN_TX(f, mon_agreement_sign(&c, &in, &pid)), ERR_FORBIDDEN);
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, mon_agreement_sign(&c, &in, &pid)), 0);
	int64_t grant = q1(f, "SELECT grant_id FROM mon_projects WHERE id=?", pid);
	assert_int_equal(q1(f, "SELECT count(*) FROM grants WHERE id=? AND source='programme' AND source_id=1", grant), 1);
	assert_int_equal(q1(f, "SELECT count(*) FROM grant_tranches WHERE grant_id=? AND status='pending'", grant), 2);
	/* a second agreement for the same application: 409 */
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, mon_agreement_sign(&c, &in, &pid)), ERR_CONFLICT);
	/* accepting the first milestone pays the first tranche */
	int64_t ms = q1(f, "SELECT id FROM mon_milestones WHERE project_id=? AND seq=1", pid);
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, mon_milestone_accept(&c, ms, -1)), 0);
	assert_int_equal(q1(f, "SELECT amount FROM grant_tranches WHERE grant_id=? AND status='paid'", grant), 200000);
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, mon_milestone_accept(&c, ms, -1)), ERR_CONFLICT);
}

static int64_t signed_project(struct fx *f, int64_t app, const char *maturity)
{
	struct mon_agreement_in in;
	int64_t pid = 0;
	agreement(&in, app, 200000, 100000, maturity);
	struct ctx c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, mon_agreement_sign(&c, &in, &pid)), 0);
	return pid;
}

static void evaluate(struct fx *f, int64_t pid, const char *result)
{
	struct mon_report_in r = {.kind = "final", .narrative = "项目完成，服务 620 人次。", .n_values = 1};
	r.values[0] = (struct mon_value_in){1, 620};
	int64_t rid = 0;
	struct ctx c = cx(f, &f->applicant);
	assert_int_equal(IN_TX(f, mon_report_file(&c, pid, &r, &rid)), 0);
	struct mon_review_in rv = {.decision = "accept", .result = result, .version = 1};
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, mon_report_review(&c, rid, &rv)), 0);
}

static void test_close_after_final_approval(void **state)
{
	struct fx *f = *state;
	int64_t pid = signed_project(f, 1, "new");
	struct ctx c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, mon_project_close(&c, pid, -1)), ERR_RULE);
	assert_string_equal(f->e.field, "status");
	/* a final report filed but not yet approved still refuses */
	struct mon_report_in r = {.kind = "final", .narrative = "项目完成。"};
	int64_t rid = 0;
	c = cx(f, &f->applicant);
	assert_int_equal(IN_TX(f, mon_report_file(&c, pid, &r, &rid)), 0);
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, mon_project_close(&c, pid, -1)), ERR_RULE);
	/* accepting a final report needs a result */
	struct mon_review_in rv = {.decision = "accept", .version = 1};
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, mon_report_review(&c, rid, &rv)), ERR_INVALID);
	assert_string_equal(f->e.field, "result");
	rv.result = "good";
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, mon_report_review(&c, rid, &rv)), 0);
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, mon_project_close(&c, pid, -1)), 0);
	assert_int_equal(q1(f, "SELECT count(*) FROM prog_applications WHERE id=? AND status='closed'", 1), 1);
	/* 良好 grants no extension */
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, mon_extension_use(&c, pid, "2027 年申请", -1)), ERR_RULE);
}

static void test_extension_once(void **state)
{
	struct fx *f = *state;
	int64_t pid = signed_project(f, 1, "new");
	evaluate(f, pid, "excellent");
	assert_int_equal(q1(f, "SELECT extension_year FROM mon_projects WHERE id=?", pid), 2027);
	struct ctx c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, mon_extension_use(&c, pid, "", -1)), ERR_INVALID);
	c = cx(f, &f->applicant);
	assert_int_equal(IN_TX(f, mon_extension_use(&c, pid, "zcgs-2027 A018", -1)), ERR_FORBIDDEN);
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, mon_extension_use(&c, pid, "zcgs-2027 A018", -1)), 0);
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, mon_extension_use(&c, pid, "zcgs-2027 A019", -1)), ERR_RULE);
	assert_string_equal(f->e.field, "extension");
	/* a project that is itself an extension earns none, even 优秀 */
	int64_t ext = signed_project(f, 2, "extended");
	evaluate(f, ext, "excellent");
	assert_int_equal(q1(f, "SELECT count(*) FROM mon_projects WHERE id=? AND extension_year IS NULL", ext), 1);
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, mon_extension_use(&c, ext, "zcgs-2027 A020", -1)), ERR_RULE);
}

static void test_risk_alert_once(void **state)
{
	struct fx *f = *state;
	int64_t pid = signed_project(f, 1, "new");
	/* months later: the first milestone is overdue, Q4 and Q1 reports missing */
	f->now = T0 + (int64_t)150 * 86400 * SEC; /* 2027-04-25 */
	struct ctx c = cx(f, &f->admin);
	bool changed;
	assert_int_equal(IN_TX(f, mon_tier_recompute(&c, pid, &changed)), 0);
	assert_true(changed);
	assert_int_equal(q1(f, "SELECT count(*) FROM mon_projects WHERE id=? AND tier='risk'", pid), 1);
	assert_int_equal(q1(f, "SELECT count(*) FROM mon_tier_changes WHERE project_id=?", pid), 2);
	int64_t alerts = q1(f, "SELECT count(*) FROM mon_alerts WHERE project_id=?", pid);
	assert_int_equal(alerts, 3); /* milestone 1, 2026Q4, 2027Q1 */
	int64_t notices = q1(f, "SELECT count(*) FROM notices WHERE user_id=? AND kind='monitoring.behind'", f->manager.user_id);
	assert_int_equal(notices, 3);
	/* again, and by the job: nothing new */
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, mon_tier_recompute(&c, pid, &changed)), 0);
	assert_false(changed);
	int64_t n = -1;
	struct err e = {0};
	assert_int_equal(mon_alert_pass(f->t->db, f->now, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(q1(f, "SELECT count(*) FROM notices WHERE user_id=? AND kind='monitoring.behind'", f->manager.user_id),
			 3);
}

static void test_access(void **state)
{
	struct fx *f = *state;
	int64_t pid = signed_project(f, 1, "new");
	struct mon_project p;
	struct ctx c = cx(f, &f->other_org);
	assert_int_equal(mon_project_load(&c, pid, &p), ERR_NOT_FOUND);
	c = cx(f, &f->applicant);
	assert_int_equal(mon_project_load(&c, pid, &p), 0);
	assert_int_equal(p.role, MON_APPLICANT);
	/* the other organisation's admin cannot file a report either */
	struct mon_report_in r = {.kind = "quarterly", .period = "2026Q4", .narrative = "x"};
	int64_t rid;
	c = cx(f, &f->other_org);
	assert_int_equal(IN_TX(f, mon_report_file(&c, pid, &r, &rid)), ERR_NOT_FOUND);
	/* a hardware project's asset, registered by the applicant */
	struct mon_asset_in a = {.name = "护理床", .category = "furniture", .value = 250000, .quantity = 2,
				 .purchased_on = "2026-11-01", .invoice_no = "44012345", .location = "文华社区长者饭堂",
				 .custodian = "陈姑娘"};
	int64_t aid;
	c = cx(f, &f->applicant);
	assert_int_equal(IN_TX(f, mon_asset_add(&c, pid, &a, &aid)), 0);
	c = cx(f, &f->applicant);
	assert_int_equal(IN_TX(f, mon_asset_dispose(&c, aid, "损坏", "区社会工作部", "2026-11-20", -1)), ERR_FORBIDDEN);
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, mon_asset_dispose(&c, aid, "损坏", "区社会工作部", "2026-11-20", -1)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tier_rule),
		cmocka_unit_test_setup_teardown(test_tranches_sum_to_award, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_after_final_approval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_extension_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_risk_alert_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access, setup, teardown),
	};
	return RUN_SUITE(tests);
}
