/*
 * test_programme.c — the programme area (src/modules/programme): who may
 * read an application (prog_app_access) — staff by region, the applicant,
 * an expert only with an assignment inside an open stage window and no
 * declared conflict by organisation, by partner organisation or by
 * application — and the same rule as a list predicate agreeing case by
 * case; drafts, submission's completeness and deadline, withdrawal; the
 * statistics' counts and rate; the import's all-or-nothing; funded
 * projects per community for the vitality index.
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
#include "core/wtime.h"
#include "modules/programme/prog_internal.h"
#include "store/list.h"

struct fx {
	struct tstore *t;
	struct arena a;
	struct principal admin, daliang, ronggui, orgadm, resident, expert;
	struct err e;
	int64_t now, prog, plate, fund, app, expert_id;
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

static const struct list_sort sorts[] = {{"id", "a.id", false, true}, {NULL, NULL, false, false}};
static const struct list_spec spec = {
	.table = "prog_applications a", .id = "a.id", .region = "a.region_id", .sorts = sorts, .default_sort = "id",
	.select = "a.id", .from = "prog_applications a", .row_id = "a.id",
};
static int count_row(struct stmt *st, void *vc, struct err *e)
{
	(void)st;
	(void)e;
	(*(int *)vc)++;
	return 0;
}
/* How many of the programme's applications the list predicate lets who see. */
static int listed(struct fx *f, const struct principal *who)
{
	struct ctx c = cx(f, who);
	struct err e = {0};
	db_begin(f->t->db, &e);
	struct list_q *q = list_new(&spec);
	list_eq_int(q, "a.programme_id", f->prog);
	assert_int_equal(prog_app_list_scope(&c, f->prog, q), 0);
	struct list_req lr = {.page = 1, .per_page = 100};
	struct list_result res = {0};
	int n = 0;
	assert_int_equal(list_run(f->t->db, q, &lr, count_row, &n, &res, &e), 0);
	list_result_free(&res);
	list_free(q);
	db_rollback(f->t->db);
	return n;
}

static enum prog_access access_of(struct fx *f, const struct principal *who)
{
	struct ctx c = cx(f, who);
	enum prog_access acc = PROG_STAFF_WRITE;
	struct err e = {0};
	db_begin(f->t->db, &e);
	assert_int_equal(prog_app_access(&c, f->app, &acc), 0);
	db_rollback(f->t->db);
	/* the list agrees with the rule, case by case */
	assert_int_equal(listed(f, who), acc == PROG_NONE ? 0 : 1);
	return acc;
}

static const char letter[] = "%PDF-1.4\n% letter\n%%EOF\n";

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->t = tstore_new();
	f->now = T0;
	arena_init(&f->a, 0);
	struct db *db = f->t->db;
	exec_committed(db, "INSERT INTO regions(id, level, name, path, created_at, updated_at) VALUES(1,'district','顺德区','/1/',0,0)");
	exec_committed(db, "INSERT INTO regions(id, parent_id, level, name, path, created_at, updated_at)"
			   " VALUES(2,1,'town','大良街道','/1/2/',0,0),(3,2,'community','北区社区','/1/2/3/',0,0),"
			   "(5,1,'town','容桂街道','/1/5/',0,0),(6,5,'community','振华社区','/1/5/6/',0,0)");
	exec_committed(db, "INSERT INTO organisations (id, region_id, name, org_type, created_at, updated_at) VALUES"
			   " (1, 3, '北区社区长者关爱协会', 'community_social_org', 0, 0),"
			   " (2, 6, '振华社区互助会', 'community_social_org', 0, 0),"
			   " (3, 6, '容桂某社工中心', 'social_work_agency', 0, 0)");
	test_user(db, &f->a, "admin", ROLE_DISTRICT_ADMIN, 1, &f->admin);
	test_user(db, &f->a, "daliang", ROLE_TOWN_ADMIN, 2, &f->daliang);
	test_user(db, &f->a, "ronggui", ROLE_TOWN_ADMIN, 5, &f->ronggui);
	test_user(db, &f->a, "orgadm", ROLE_ORG_ADMIN, 3, &f->orgadm);
	test_user(db, &f->a, "resident", ROLE_RESIDENT, 3, &f->resident);
	test_user(db, &f->a, "expert", ROLE_EXPERT, 1, &f->expert);
	struct ctx c = cx(f, &f->admin);
	struct prog_programme_in p = {.code = "zcgs-t", .name = "测试", .year = 2026, .status = "open",
				      .apply_opens_at = T0 - 86400 * WTIME_US, .apply_closes_at = T0 + 86400 * WTIME_US,
				      .has_opens = true, .has_closes = true};
	assert_int_equal(IN_TX(f, prog_programme_create(&c, &p, &f->prog)), 0);
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, prog_plate_add(&c, f->prog, "社会服务板块", 1, &f->plate)), 0);
	struct prog_fund_in fi = {.name = "社区养老服务建设经费", .funder = "区民政人社局", .budget = 100000000,
				  .plate_id = f->plate, .ledger = true};
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, prog_fund_add(&c, f->prog, &fi, &f->fund)), 0);
	/* the applicant's joint draft: partner organisation 2 (振华), community 3 */
	struct prog_app_in *in = arena_alloc(&f->a, sizeof *in);
	*in = (struct prog_app_in){.programme_id = f->prog, .org_id = 1, .applicant_type = "social_org",
				   .domain = "community_elderly", .pfund_id = f->fund, .region_scope = "town", .region_id = 2,
				   .kind = "service", .joint = true, .requested = 3000000, .title = "长者助餐",
				   .has_partners = true, .npartners = 2};
	in->partners[0] = (struct prog_partner){.role = "partner", .org_id = 2};
	in->partners[1] = (struct prog_partner){.role = "community", .region_id = 3};
	c = cx(f, &f->orgadm);
	assert_int_equal(IN_TX(f, prog_app_create(&c, in, &f->app)), 0);
	exec_committed(db, "INSERT INTO prog_experts (programme_id, user_id, name, created_at)"
			   " SELECT id, (SELECT id FROM users WHERE username='expert'), '专家甲', 0 FROM programmes");
	f->expert_id = q1(f, "SELECT id FROM prog_experts WHERE ?>0", 1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	arena_free(&f->a);
	tstore_free(f->t);
	free(f);
	return 0;
}

static void tracking_code_and_region(void **state)
{
	struct fx *f = *state;
	struct ctx c = cx(f, &f->orgadm);
	struct prog_app a;
	assert_int_equal(prog_app_get(&c, f->app, &a), 0);
	assert_string_equal(a.code, "ZC2026-0001");
	assert_int_equal(a.region_id, 2);
	assert_int_equal(a.plate_id, f->plate); /* from its fund */
	assert_string_equal(a.applicant_name, "北区社区长者关爱协会");
	/* an organisation the caller does not administer: 403 org_id, nothing written */
	struct prog_app_in in = {.programme_id = f->prog, .org_id = 3, .applicant_type = "social_org",
				 .domain = "community_elderly", .region_scope = "district", .kind = "service", .title = "x"};
	int64_t id;
	c = cx(f, &f->orgadm);
	assert_int_equal(IN_TX(f, prog_app_create(&c, &in, &id)), ERR_FORBIDDEN);
	assert_string_equal(f->e.field, "org_id");
	/* a community as the town served: 400 region_id */
	in.org_id = 1;
	in.region_scope = "town";
	in.region_id = 3;
	c = cx(f, &f->orgadm);
	assert_int_equal(IN_TX(f, prog_app_create(&c, &in, &id)), ERR_INVALID);
	assert_string_equal(f->e.field, "region_id");
	assert_int_equal(q1(f, "SELECT count(*) FROM prog_applications WHERE programme_id=?", f->prog), 1);
}

static void access_staff_and_applicant(void **state)
{
	struct fx *f = *state;
	assert_int_equal(access_of(f, &f->admin), PROG_STAFF_WRITE);
	assert_int_equal(access_of(f, &f->daliang), PROG_STAFF_READ);
	assert_int_equal(access_of(f, &f->ronggui), PROG_NONE);
	assert_int_equal(access_of(f, &f->orgadm), PROG_APPLICANT);
	assert_int_equal(access_of(f, &f->resident), PROG_NONE);
	/* not readable: 404 naming id, as if it did not exist */
	struct ctx c = cx(f, &f->resident);
	struct prog_app a;
	assert_int_equal(prog_app_get(&c, f->app, &a), ERR_NOT_FOUND);
	assert_string_equal(f->e.field, "id");
}

static void access_expert(void **state)
{
	struct fx *f = *state;
	char sql[512];
	/* an expert without an assignment sees nothing */
	assert_int_equal(access_of(f, &f->expert), PROG_NONE);
	/* assigned, but the stage has no window */
	snprintf(sql, sizeof sql,
		 "INSERT INTO prog_assignments (application_id, expert_id, stage, status, assigned_at)"
		 " VALUES (%lld, %lld, 'material', 'assigned', 0)",
		 (long long)f->app, (long long)f->expert_id);
	exec_committed(f->t->db, sql);
	assert_int_equal(access_of(f, &f->expert), PROG_NONE);
	/* the window open now */
	snprintf(sql, sizeof sql,
		 "INSERT INTO prog_stages (programme_id, stage, opens_at, closes_at) VALUES (%lld, 'material', %lld, %lld)",
		 (long long)f->prog, (long long)(T0 - 1000), (long long)(T0 + 1000));
	exec_committed(f->t->db, sql);
	assert_int_equal(access_of(f, &f->expert), PROG_EXPERT);
	/* the window closed */
	exec_committed(f->t->db, "UPDATE prog_stages SET closes_at = opens_at + 1");
	assert_int_equal(access_of(f, &f->expert), PROG_NONE);
	exec_committed(f->t->db, "UPDATE prog_stages SET closes_at = opens_at + 100000000000");
	assert_int_equal(access_of(f, &f->expert), PROG_EXPERT);
	/* recused: nothing */
	exec_committed(f->t->db, "UPDATE prog_assignments SET status='recused'");
	assert_int_equal(access_of(f, &f->expert), PROG_NONE);
	exec_committed(f->t->db, "UPDATE prog_assignments SET status='assigned'");
	assert_int_equal(access_of(f, &f->expert), PROG_EXPERT);
}

static void conflicted_expert_sees_nothing(void **state)
{
	struct fx *f = *state;
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO prog_assignments (application_id, expert_id, stage, status, assigned_at)"
		 " VALUES (%lld, %lld, 'material', 'assigned', 0);",
		 (long long)f->app, (long long)f->expert_id);
	exec_committed(f->t->db, sql);
	snprintf(sql, sizeof sql,
		 "INSERT INTO prog_stages (programme_id, stage, opens_at, closes_at) VALUES (%lld, 'material', 0, %lld)",
		 (long long)f->prog, (long long)(T0 * 2));
	exec_committed(f->t->db, sql);
	assert_int_equal(access_of(f, &f->expert), PROG_EXPERT);
	for (int i = 0; i < 3; i++) {
		exec_committed(f->t->db, "DELETE FROM prog_conflicts");
		if (i == 0) /* the applicant organisation */
			snprintf(sql, sizeof sql, "INSERT INTO prog_conflicts (expert_id, org_id, tie, declared_at)"
				 " VALUES (%lld, 1, 'employee', 0)", (long long)f->expert_id);
		else if (i == 1) /* a partner's organisation */
			snprintf(sql, sizeof sql, "INSERT INTO prog_conflicts (expert_id, org_id, tie, declared_at)"
				 " VALUES (%lld, 2, 'board', 0)", (long long)f->expert_id);
		else /* the application itself */
			snprintf(sql, sizeof sql, "INSERT INTO prog_conflicts (expert_id, application_id, tie, declared_at)"
				 " VALUES (%lld, %lld, 'other', 0)", (long long)f->expert_id, (long long)f->app);
		exec_committed(f->t->db, sql);
		assert_int_equal(q1(f, "SELECT count(*) FROM prog_conflicts WHERE ?>0", 1), 1);
		bool conflicted = false;
		struct ctx c = cx(f, NULL);
		assert_int_equal(prog_expert_conflicted(&c, f->expert_id, f->app, &conflicted), 0);
		assert_true(conflicted);
		assert_int_equal(access_of(f, &f->expert), PROG_NONE);
		c = cx(f, &f->expert);
		struct prog_app a;
		assert_int_equal(prog_app_get(&c, f->app, &a), ERR_NOT_FOUND);
	}
	/* a conflict with another organisation does not hide it */
	exec_committed(f->t->db, "UPDATE prog_conflicts SET application_id=NULL, org_id=3");
	assert_int_equal(access_of(f, &f->expert), PROG_EXPERT);
}

static int fn(void *arg, int64_t region, int n)
{
	int64_t *got = arg;
	got[0] = region;
	got[1] = n;
	return 0;
}

static void submit_rules(void **state)
{
	struct fx *f = *state;
	struct ctx c = cx(f, &f->orgadm);
	/* no budget lines */
	assert_int_equal(IN_TX(f, prog_app_submit(&c, f->app, 1)), ERR_RULE);
	assert_string_equal(f->e.field, "budget_lines");
	/* lines that do not add up */
	struct prog_app_in *up = arena_alloc(&f->a, sizeof *up);
	*up = (struct prog_app_in){.version = 1, .has_lines = true, .nlines = 2, .has_indicators = true, .nindicators = 1};
	up->lines[0] = (struct prog_line){"人员", "", 2000000};
	up->lines[1] = (struct prog_line){"物资", "", 500000};
	up->indicators[0] = (struct prog_indicator){"服务人次", "人次", 100};
	c = cx(f, &f->orgadm);
	assert_int_equal(IN_TX(f, prog_app_update(&c, f->app, up)), 0);
	c = cx(f, &f->orgadm);
	assert_int_equal(IN_TX(f, prog_app_submit(&c, f->app, 2)), ERR_RULE);
	assert_string_equal(f->e.field, "budget_lines");
	up->version = 2;
	up->lines[1].amount = 1000000;
	c = cx(f, &f->orgadm);
	assert_int_equal(IN_TX(f, prog_app_update(&c, f->app, up)), 0);
	/* joint, but no partner has a letter */
	c = cx(f, &f->orgadm);
	assert_int_equal(IN_TX(f, prog_app_submit(&c, f->app, 3)), ERR_RULE);
	assert_string_equal(f->e.field, "partners");
	/* a file that is not a scan; then the letter */
	int64_t att;
	c = cx(f, &f->orgadm);
	assert_int_equal(IN_TX(f, prog_attachment_add(&c, f->app, "x.txt", "hello", 5, &att)), ERR_INVALID);
	c = cx(f, &f->orgadm);
	assert_int_equal(IN_TX(f, prog_attachment_add(&c, f->app, "letter.pdf", letter, sizeof letter - 1, &att)), 0);
	*up = (struct prog_app_in){.version = 3, .has_partners = true, .npartners = 2};
	up->partners[0] = (struct prog_partner){.role = "partner", .org_id = 2, .letter_attachment_id = att};
	up->partners[1] = (struct prog_partner){.role = "community", .region_id = 3};
	c = cx(f, &f->orgadm);
	assert_int_equal(IN_TX(f, prog_app_update(&c, f->app, up)), 0);
	/* the deadline passed: refused */
	f->now = T0 + 2 * 86400 * WTIME_US;
	c = cx(f, &f->orgadm);
	assert_int_equal(IN_TX(f, prog_app_submit(&c, f->app, 4)), ERR_RULE);
	assert_string_equal(f->e.field, "programme_id");
	assert_int_equal(q1(f, "SELECT count(*) FROM prog_applications WHERE id=? AND status='draft'", f->app), 1);
	f->now = T0;
	/* a stale version */
	c = cx(f, &f->orgadm);
	assert_int_equal(IN_TX(f, prog_app_submit(&c, f->app, 3)), ERR_CONFLICT);
	c = cx(f, &f->orgadm);
	assert_int_equal(IN_TX(f, prog_app_submit(&c, f->app, 4)), 0);
	/* the town admin may read but not withdraw it */
	c = cx(f, &f->daliang);
	assert_int_equal(IN_TX(f, prog_app_withdraw(&c, f->app, 5)), ERR_FORBIDDEN);
	/* after a result it cannot be withdrawn */
	c = cx(f, &f->admin);
	assert_int_equal(IN_TX(f, prog_app_set_outcome(&c, f->app, "funded", 2500000, "")), 0);
	c = cx(f, &f->orgadm);
	assert_int_equal(IN_TX(f, prog_app_withdraw(&c, f->app, 6)), ERR_RULE);
	struct prog_fund pf;
	c = cx(f, NULL);
	assert_int_equal(prog_fund_get(&c, f->fund, &pf), 0);
	assert_int_equal(pf.awarded, 2500000);
	assert_true(pf.fund_id > 0);
	/* the vitality index: the community partner's community counts it */
	int64_t got[2] = {0, 0};
	struct ctx sc = cx(f, NULL);
	assert_int_equal(prog_funded_by_region(&sc, 2026, fn, got), 0);
	assert_int_equal(got[0], 3);
	assert_int_equal(got[1], 1);
	int applied = 0, funded = 0;
	assert_int_equal(prog_org_history(&sc, 1, 2027, &applied, &funded), 0);
	assert_int_equal(applied, 1);
	assert_int_equal(funded, 1);
}
static void statistics_and_import(void **state)
{
	struct fx *f = *state;
	static const char good[] =
		"code,title,applicant,applicant_type,domain,plate,region,kind,joint,requested_yuan,outcome,awarded_yuan\n"
		"H-1,甲,甲,社会组织,社区营造,,大良,服务类,联合申报,100,扶持,99.99\n"
		"H-2,乙,乙,基层党组织,社区营造,,大良,服务类,单独申报,100,未扶持,\n"
		"H-3,丙,丙,社会组织,社区养老,,大良,服务类,单独申报,100,未扶持,\n"
		"H-4,丁,丁,社会组织,乡村文化,,全区,硬件类,单独申报,0.5,扶持,0.5\n";
	static const char bad[] =
		"code,title,applicant,applicant_type,domain,plate,region,kind,joint,requested_yuan,outcome,awarded_yuan\n"
		"B-1,甲,甲,社会组织,社区营造,,大良,服务类,联合申报,100,扶持,\n"
		"B-2,乙,乙,社会组织,社区营造,,容桂街道,服务类,单独申报,100,,\n"
		"B-3,丙,丙,社会组织,社区营造,,大良,服务类,单独申报,1.001,,\n";
	struct sb rep = SB_INIT;
	int64_t rows = 0;
	struct ctx c = cx(f, NULL);
	assert_int_equal(IN_TX(f, prog_import_csv(&c, bad, sizeof bad - 1, "hist", &rows, &rep)), ERR_INVALID);
	assert_non_null(strstr(rep.buf, "row 2"));
	assert_non_null(strstr(rep.buf, "row 3"));
	assert_non_null(strstr(rep.buf, "row 4"));
	assert_int_equal(q1(f, "SELECT count(*) FROM programmes WHERE code='hist' AND ?>0", 1), 0);
	sb_reset(&rep);
	c = cx(f, NULL);
	assert_int_equal(IN_TX(f, prog_import_csv(&c, good, sizeof good - 1, "hist", &rows, &rep)), 0);
	assert_int_equal(rows, 4);
	int64_t hist = q1(f, "SELECT id FROM programmes WHERE code='hist' AND ?>0", 1);
	assert_int_equal(q1(f, "SELECT awarded FROM prog_applications WHERE code='H-1' AND programme_id=?", hist), 9999);
	/* by domain, service: 社区营造 2 applications 1 funded (0.5), 社区养老 1 / 0 */
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	c = cx(f, NULL);
	assert_int_equal(prog_stats_write(&c, &w, hist, "domain", "service"), 0);
	assert_string_equal(out.buf,
			    "{\"rows\":[{\"key\":\"community_building\",\"label\":\"社区营造\",\"label_en\":\"Community building\","
			    "\"applications\":2,\"funded\":1,\"rate\":0.5000,\"requested_fen\":20000,\"awarded_fen\":9999},"
			    "{\"key\":\"community_elderly\",\"label\":\"社区养老\",\"label_en\":\"Community elderly care\","
			    "\"applications\":1,\"funded\":0,\"rate\":0.0000,\"requested_fen\":10000,\"awarded_fen\":0}],"
			    "\"total\":{\"applications\":3,\"funded\":1,\"rate\":0.3333,\"requested_fen\":30000,\"awarded_fen\":9999}}");
	sb_reset(&out);
	jw_init(&w, &out);
	c = cx(f, NULL);
	assert_int_equal(prog_stats_write(&c, &w, hist, "region", NULL), 0);
	assert_non_null(strstr(out.buf, "{\"key\":\"全区\",\"label\":\"全区\",\"label_en\":\"District-wide\",\"applications\":1,"
					"\"funded\":1,\"rate\":1.0000,\"requested_fen\":50,\"awarded_fen\":50}"));
	c = cx(f, NULL);
	assert_int_equal(prog_stats_write(&c, &w, hist, "colour", NULL), ERR_INVALID);
	sb_free(&out);
	sb_free(&rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(tracking_code_and_region, setup, teardown),
		cmocka_unit_test_setup_teardown(access_staff_and_applicant, setup, teardown),
		cmocka_unit_test_setup_teardown(access_expert, setup, teardown),
		cmocka_unit_test_setup_teardown(conflicted_expert_sees_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(submit_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(statistics_and_import, setup, teardown),
	};
	RUN_SUITE(tests);
}
