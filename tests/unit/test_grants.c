/*
 * test_grants.c — grants (src/modules/grants): the committee's vote
 * (quorum and majority of the whole committee, one vote each, only its
 * members), approval reserving the tranches in the ledger as pending
 * transfers, paying in order, spending never above what was paid and each
 * line with its own receipt (type checked by its bytes), cancelling voids
 * the unpaid tranches, a decided grant once per decision, the disclosure
 * calendar's arithmetic, overdue disclosures flagged once a day, a
 * correction keeping the original, and the property trust's statement.
 * Every money test ends with `funds check` exact.
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
#include "modules/funds/funds.h"
#include "modules/funds/funds_internal.h"
#include "modules/grants/grants.h"
#include "modules/grants/grants_internal.h"

struct fx {
	struct tstore *t;
	struct arena a;
	struct principal wenhua, beiqu, m[4], outsider;
	struct err e;
	int64_t now;
	int64_t wf;
	struct fund_head w;
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

static void ledger_ok(struct fx *f)
{
	int64_t bad = -1;
	struct err e = {0};
	assert_int_equal(funds_check(f->t->db, &bad, &e), 0);
	assert_int_equal(bad, 0);
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
			   " VALUES(2,1,'town','大良街道','/1/2/',0,0),(3,2,'community','北区社区','/1/2/3/',0,0),"
			   "(4,2,'community','文华社区','/1/2/4/',0,0)");
	exec_committed(db, "INSERT INTO organisations (id, region_id, name, org_type, created_at, updated_at)"
			   " VALUES (1, 4, '文华社区新市民之家服务社', 'community_social_org', 0, 0)");
	test_user(db, &f->a, "wenhua", ROLE_COMMUNITY_STAFF, 4, &f->wenhua);
	test_user(db, &f->a, "beiqu", ROLE_COMMUNITY_STAFF, 3, &f->beiqu);
	static const char *const names[] = {"member1", "member2", "member3", "member4"};
	for (int i = 0; i < 4; i++)
		test_user(db, &f->a, names[i], ROLE_RESIDENT, 4, &f->m[i]);
	test_user(db, &f->a, "outsider", ROLE_RESIDENT, 4, &f->outsider);
	struct ctx c = cx(f, &f->wenhua);
	struct fund_in w = {.region_id = 4, .kind = "community_development", .name = "文华社区发展基金"};
	assert_int_equal(IN_TX(f, fund_create(&c, &w, &f->wf)), 0);
	/* a committee of five: four with accounts (the electorate), one without */
	struct fund_member_in mem[5] = {
		{"committee", "何淑仪", "居民代表", f->m[0].user_id}, {"committee", "陈国栋", "居民代表", f->m[1].user_id},
		{"committee", "黎美华", "居民代表", f->m[2].user_id}, {"chair", "周永健", "居委会", f->m[3].user_id},
		{"committee", "区冠华", "企业代表", 0},
	};
	int64_t ids[5];
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_members_add(&c, f->wf, mem, 5, ids)), 0);
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_set_status(&c, f->wf, -1, "active")), 0);
	c = cx(f, NULL);
	assert_int_equal(fund_load(&c, f->wf, 0, &f->w), 0);
	struct fund_transfer_in d = {.client_id = "seed", .debit_account_id = f->w.income_account_id,
				     .credit_account_id = f->w.account_id, .amount = 5000000, .kind = "donation",
				     .memo = "捐赠"};
	int64_t tid;
	assert_true(IN_TX(f, fund_post(&c, &d, &tid)) >= 0);
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

static int64_t apply(struct fx *f, int64_t amount, int n, const int64_t *parts)
{
	struct grant_apply_in in = {.fund_id = f->wf, .title = "长者助餐小站", .org_id = 1, .amount = amount};
	if (n) {
		in.has_tranches = true;
		in.tranches.n = n;
		memcpy(in.tranches.amount, parts, (size_t)n * sizeof *parts);
	}
	int64_t id = 0;
	struct ctx c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, grant_apply(&c, &in, &id)), 0);
	return id;
}

static int vote(struct fx *f, const struct principal *p, int64_t id, const char *choice)
{
	struct ctx c = cx(f, p);
	return IN_TX(f, grant_vote(&c, id, choice, NULL));
}

static void test_vote_rule(void **state)
{
	(void)state;
	/* four members: majority 3 */
	assert_int_equal(gr_vote_outcome(4, 2, 0, 0), 0);
	assert_int_equal(gr_vote_outcome(4, 3, 0, 0), 1);
	assert_int_equal(gr_vote_outcome(4, 2, 2, 0), -1);  /* yes can reach 2 at most */
	assert_int_equal(gr_vote_outcome(4, 1, 1, 0), 0);   /* no quorum yet, 3 still possible */
	assert_int_equal(gr_vote_outcome(4, 2, 1, 1), -1);
	/* five members: majority 3, abstentions count toward quorum not approval */
	assert_int_equal(gr_vote_outcome(5, 2, 0, 2), 0);
	assert_int_equal(gr_vote_outcome(5, 2, 1, 2), -1);
	assert_int_equal(gr_vote_outcome(5, 3, 2, 0), 1);
}

static void test_committee_vote_reserves_tranches(void **state)
{
	struct fx *f = *state;
	int64_t parts[2] = {1200000, 800000};
	int64_t id = apply(f, 2000000, 2, parts);
	/* a member cannot vote before the vote is opened */
	assert_int_equal(vote(f, &f->m[0], id, "yes"), ERR_CONFLICT);
	struct ctx c = cx(f, &f->m[0]);
	assert_int_equal(IN_TX(f, grant_open_vote(&c, id, -1)), ERR_FORBIDDEN); /* not a manager */
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, grant_open_vote(&c, id, -1)), 0);
	assert_int_equal(q1(f, "SELECT electorate FROM grants WHERE id=?", id), 4);
	assert_int_equal(vote(f, &f->outsider, id, "yes"), ERR_FORBIDDEN);
	assert_int_equal(vote(f, &f->wenhua, id, "yes"), ERR_FORBIDDEN); /* staff, not on the committee */
	assert_int_equal(vote(f, &f->m[0], id, "yes"), 0);
	assert_int_equal(vote(f, &f->m[0], id, "no"), ERR_CONFLICT); /* once */
	assert_int_equal(vote(f, &f->m[1], id, "yes"), 0);
	assert_string_equal(arena_strdup(&f->a, "voting"), "voting");
	assert_int_equal(q1(f, "SELECT count(*) FROM grants WHERE id=? AND status='voting'", id), 1);
	struct fund_balance b;
	c = cx(f, NULL);
	assert_int_equal(fund_balance_get(&c, f->wf, &b), 0);
	assert_int_equal(b.pending_out, 0);
	assert_int_equal(vote(f, &f->m[3], id, "yes"), 0); /* the chair: 3 of 4 */
	assert_int_equal(q1(f, "SELECT count(*) FROM grants WHERE id=? AND status='approved'", id), 1);
	assert_int_equal(q1(f, "SELECT count(*) FROM grant_tranches WHERE grant_id=? AND status='pending'", id), 2);
	c = cx(f, NULL);
	assert_int_equal(fund_balance_get(&c, f->wf, &b), 0);
	assert_int_equal(b.pending_out, 2000000);
	assert_int_equal(b.available, 3000000);
	assert_int_equal(vote(f, &f->m[2], id, "no"), ERR_CONFLICT); /* decided */
	assert_int_equal(q1(f, "SELECT count(*) FROM grant_votes WHERE grant_id=?", id), 3);
	ledger_ok(f);
}

static void test_rejected_reserves_nothing(void **state)
{
	struct fx *f = *state;
	int64_t id = apply(f, 1000000, 0, NULL);
	struct ctx c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, grant_open_vote(&c, id, -1)), 0);
	assert_int_equal(vote(f, &f->m[0], id, "no"), 0);
	assert_int_equal(vote(f, &f->m[1], id, "no"), 0);
	assert_int_equal(q1(f, "SELECT count(*) FROM grants WHERE id=? AND status='voting'", id), 1);
	assert_int_equal(vote(f, &f->m[2], id, "abstain"), 0);
	assert_int_equal(q1(f, "SELECT count(*) FROM grants WHERE id=? AND status='rejected'", id), 1);
	assert_int_equal(q1(f, "SELECT count(*) FROM fund_transfers WHERE ref_type='grant_tranche' AND ?>0", 1), 0);
}

static int64_t approved(struct fx *f, int64_t amount, int n, const int64_t *parts)
{
	int64_t id = apply(f, amount, n, parts);
	struct ctx c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, grant_open_vote(&c, id, -1)), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(vote(f, &f->m[i], id, "yes"), 0);
	return id;
}

static int64_t tranche(struct fx *f, int64_t grant, int seq)
{
	int64_t v = -1;
	struct err e = {0};
	db_begin(f->t->db, &e);
	db_int(f->t->db, &e, &v, "SELECT id FROM grant_tranches WHERE grant_id=? AND seq=?", "ii", grant, (int64_t)seq);
	db_rollback(f->t->db);
	return v;
}

static int pay(struct fx *f, const struct principal *p, int64_t t)
{
	struct ctx c = cx(f, p);
	return IN_TX(f, grant_pay_tranche(&c, t));
}

static int receipt(struct fx *f, int64_t grant, const char *data, size_t len, int64_t *rid)
{
	struct ctx c = cx(f, &f->wenhua);
	return IN_TX(f, grant_receipt_add(&c, grant, "票据.pdf", data, len, rid));
}

static int spend(struct fx *f, int64_t grant, int64_t amount, int64_t rid)
{
	struct grant_spending_in s = {.spent_on = "2026-05-01", .item = "食材", .amount = amount, .receipt_id = rid};
	int64_t id;
	struct ctx c = cx(f, &f->wenhua);
	return IN_TX(f, grant_spending_add(&c, grant, &s, &id));
}

static void test_tranches_and_spending(void **state)
{
	struct fx *f = *state;
	int64_t parts[2] = {1200000, 800000};
	int64_t id = approved(f, 2000000, 2, parts);
	int64_t t1 = tranche(f, id, 1), t2 = tranche(f, id, 2);
	assert_int_equal(pay(f, &f->m[0], t1), ERR_FORBIDDEN);   /* a member, not a manager */
	assert_int_equal(pay(f, &f->beiqu, t1), ERR_FORBIDDEN);  /* another community's staff */
	assert_int_equal(pay(f, &f->wenhua, t2), ERR_RULE);      /* in order */
	int64_t rid;
	const char pdf[] = "%PDF-1.4 receipt";
	assert_int_equal(receipt(f, id, pdf, sizeof pdf - 1, &rid), 0);
	assert_int_equal(spend(f, id, 100, rid), ERR_RULE);       /* nothing paid yet */
	assert_int_equal(pay(f, &f->wenhua, t1), 0);
	assert_int_equal(pay(f, &f->wenhua, t1), ERR_CONFLICT);   /* once */
	struct fund_balance b;
	struct ctx c = cx(f, NULL);
	assert_int_equal(fund_balance_get(&c, f->wf, &b), 0);
	assert_int_equal(b.posted, 5000000 - 1200000);
	assert_int_equal(b.pending_out, 800000);
	assert_int_equal(spend(f, id, 1200001, rid), ERR_RULE);   /* more than paid */
	assert_int_equal(spend(f, id, 1000000, rid), 0);
	assert_int_equal(spend(f, id, 100, rid), ERR_CONFLICT);   /* a receipt backs one line */
	/* a receipt is a PDF, JPEG or PNG by its bytes, whatever its name */
	assert_int_equal(receipt(f, id, "hello", 5, &rid), ERR_INVALID);
	assert_int_equal(receipt(f, id, "", 0, &rid), ERR_INVALID);
	char *big = calloc(1, GR_RECEIPT_MAX + 1);
	memcpy(big, "%PDF-", 5);
	assert_int_equal(receipt(f, id, big, GR_RECEIPT_MAX + 1, &rid), ERR_TOO_LARGE);
	free(big);
	/* the kept scan is the uploaded one */
	const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};
	assert_int_equal(receipt(f, id, (const char *)png, sizeof png, &rid), 0);
	const char *ct, *name;
	unsigned char *data;
	size_t len;
	c = cx(f, &f->wenhua);
	assert_int_equal(grant_receipt_get(&c, rid, &ct, &name, &data, &len), 0);
	assert_string_equal(ct, "image/png");
	assert_int_equal(len, sizeof png);
	assert_memory_equal(data, png, sizeof png);
	c = cx(f, &f->beiqu);
	assert_int_equal(grant_receipt_get(&c, rid, &ct, &name, &data, &len), ERR_FORBIDDEN);
	/* complete needs every tranche paid */
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, grant_complete(&c, id, -1, "供餐 3,400 人次")), ERR_RULE);
	assert_int_equal(pay(f, &f->wenhua, t2), 0);
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, grant_complete(&c, id, -1, "供餐 3,400 人次")), 0);
	struct grant_summary s;
	c = cx(f, &f->wenhua);
	assert_int_equal(grant_summary_get(&c, id, &s), 0);
	assert_int_equal(s.paid, 2000000);
	assert_int_equal(s.spent, 1000000);
	assert_int_equal(s.tranches_paid, 2);
	assert_string_equal(s.status, "completed");
	ledger_ok(f);
}

static void test_cancel_voids_the_rest(void **state)
{
	struct fx *f = *state;
	int64_t parts[3] = {300000, 300000, 400000};
	int64_t id = approved(f, 1000000, 3, parts);
	assert_int_equal(pay(f, &f->wenhua, tranche(f, id, 1)), 0);
	struct ctx c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, grant_cancel(&c, id, -1, "项目负责人离开社区，项目中止")), 0);
	assert_int_equal(q1(f, "SELECT count(*) FROM grant_tranches WHERE grant_id=? AND status='voided'", id), 2);
	struct fund_balance b;
	c = cx(f, NULL);
	assert_int_equal(fund_balance_get(&c, f->wf, &b), 0);
	assert_int_equal(b.pending_out, 0);
	assert_int_equal(b.posted, 5000000 - 300000);
	assert_int_equal(pay(f, &f->wenhua, tranche(f, id, 2)), ERR_CONFLICT);
	ledger_ok(f);
}

static void test_decided_once(void **state)
{
	struct fx *f = *state;
	struct grant_decided_in in = {.fund_id = f->wf, .title = "社区花园", .recipient_name = "第三网格居民小组",
				      .amount = 1000001, .n_tranches = 2, .source = "pb", .source_id = 17,
				      .decision = "参与式预算第1名，312票"};
	int64_t id = 0, again = 0;
	struct ctx c = cx(f, &f->m[0]);
	assert_int_equal(IN_TX(f, grant_create_decided(&c, &in, &id)), ERR_FORBIDDEN);
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, grant_create_decided(&c, &in, &id)), 0);
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, grant_create_decided(&c, &in, &again)), GRANT_EXISTS);
	assert_int_equal(again, id);
	assert_int_equal(q1(f, "SELECT count(*) FROM grants WHERE source='pb' AND source_id=?", 17), 1);
	/* equal parts, the odd fen on the first */
	assert_int_equal(q1(f, "SELECT amount FROM grant_tranches WHERE grant_id=? AND seq=1", id), 500001);
	assert_int_equal(q1(f, "SELECT count(*) FROM grant_tranches WHERE grant_id=? AND status='pending'", id), 2);
	int64_t found = 0;
	c = cx(f, NULL);
	assert_int_equal(grant_find_by_source(&c, "pb", 17, &found), 0);
	assert_int_equal(found, id);
	/* more than the fund holds: 422 on amount, nothing written */
	in.source_id = 18;
	in.amount = 999999999;
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, grant_create_decided(&c, &in, &id)), ERR_RULE);
	assert_string_equal(f->e.field, "amount");
	assert_int_equal(q1(f, "SELECT count(*) FROM grants WHERE source_id=?", 18), 0);
	ledger_ok(f);
}

static void test_calendar_rules(void **state)
{
	(void)state;
	int64_t jan1 = gr_day("2026-01-01");
	assert_int_equal(gr_add_months(gr_day("2026-01-31"), 1), gr_day("2026-02-28"));
	assert_int_equal(gr_add_months(gr_day("2026-11-30"), 3), gr_day("2027-02-28"));
	assert_true(gr_day("2026-02-30") < 0);
	struct gr_due d[2];
	int n;
	/* a three-month project owes nothing while it runs */
	struct gr_subject s = {.start = jan1, .end = gr_day("2026-03-31")};
	gr_calendar_subject(&s, gr_day("2026-02-15"), d, &n);
	assert_int_equal(n, 0);
	/* a year-long one owes a periodic disclosure three months after its start */
	s.end = gr_day("2026-12-31");
	gr_calendar_subject(&s, gr_day("2026-02-15"), d, &n);
	assert_int_equal(n, 1);
	assert_string_equal(d[0].kind, "periodic");
	assert_int_equal(d[0].due, gr_day("2026-04-01"));
	/* … then three months after its latest one */
	s.last_periodic = gr_day("2026-03-20");
	gr_calendar_subject(&s, gr_day("2026-05-01"), d, &n);
	assert_int_equal(d[0].due, gr_day("2026-06-20"));
	/* without a planned end, once it has run six months */
	struct gr_subject open = {.start = jan1};
	gr_calendar_subject(&open, gr_day("2026-06-30"), d, &n);
	assert_int_equal(n, 0);
	gr_calendar_subject(&open, gr_day("2026-07-02"), d, &n);
	assert_int_equal(n, 1);
	/* ended: the full disclosure within three months, until published */
	struct gr_subject over = {.start = jan1, .end = gr_day("2026-03-31"), .ended = true, .ended_on = gr_day("2026-03-31")};
	gr_calendar_subject(&over, gr_day("2026-04-02"), d, &n);
	assert_int_equal(n, 1);
	assert_string_equal(d[0].kind, "final");
	assert_int_equal(d[0].due, gr_day("2026-06-30"));
	over.has_final = true;
	gr_calendar_subject(&over, gr_day("2026-04-02"), d, &n);
	assert_int_equal(n, 0);
	assert_int_equal(gr_calendar_major_due(gr_day("2026-05-01")), gr_day("2026-05-31"));
}

static void test_overdue_flagged_once_a_day(void **state)
{
	struct fx *f = *state;
	int64_t id = approved(f, 1000000, 0, NULL);
	(void)id;
	/* a fundraising of a year, started eight months ago, never disclosed */
	struct disclosure_subject_in fr = {.fund_id = f->wf, .kind = "fundraising", .title = "邻里守望募捐"};
	char s[11], e[11];
	wtime_format_date(f->now - 240LL * 86400 * WTIME_US, s, sizeof s);
	wtime_format_date(f->now + 120LL * 86400 * WTIME_US, e, sizeof e);
	fr.starts_on = s;
	fr.ends_on = e;
	int64_t sid;
	struct ctx c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, disclosure_subject_add(&c, &fr, &sid)), 0);
	int64_t n = 0;
	struct err er = {0};
	assert_int_equal(grants_disclosure_pass(f->t->db, f->now, &n, &er), 0);
	assert_int_equal(n, 1);
	/* the community's staff and the fund's chair (a member with a role to tell) */
	assert_true(q1(f, "SELECT count(*) FROM notices WHERE entity='disclosure_subject' AND entity_id=?", sid) >= 2);
	assert_int_equal(q1(f, "SELECT count(*) FROM notices WHERE entity_id=? AND user_id=(SELECT id FROM users WHERE username='wenhua')", sid), 1);
	/* again within the day: nothing */
	assert_int_equal(grants_disclosure_pass(f->t->db, f->now + 3600LL * WTIME_US, &n, &er), 0);
	assert_int_equal(n, 0);
	/* publishing the periodic disclosure clears it */
	struct disclosure_in d = {.fund_id = f->wf, .subject_id = sid, .kind = "periodic", .title = "募捐进展",
				  .body = "已募集 3.2 万元"};
	int64_t did, cid;
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, disclosure_publish(&c, &d, &did)), 0);
	assert_int_equal(grants_disclosure_pass(f->t->db, f->now + 2 * 86400LL * WTIME_US, &n, &er), 0);
	assert_int_equal(n, 0);
	/* a correction is a new notice; the original stays as it was */
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, disclosure_correct(&c, did, "更正：募捐进展", "应为 3.4 万元", &cid)), 0);
	assert_int_equal(q1(f, "SELECT count(*) FROM disclosures WHERE id=? AND body='已募集 3.2 万元'", did), 1);
	assert_int_equal(q1(f, "SELECT corrects_id FROM disclosures WHERE id=?", cid), did);
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, disclosure_correct(&c, did, "再更正", "x", &cid)), ERR_CONFLICT);
	struct err ue = {0};
	db_begin_write(f->t->db, &ue);
	assert_true(db_exec(f->t->db, &ue, "UPDATE disclosures SET body='改写' WHERE id=?", "i", did) < 0);
	db_rollback(f->t->db);
}

static void test_trust_statement(void **state)
{
	struct fx *f = *state;
	struct fund_in p = {.region_id = 4, .kind = "property_trust", .name = "珠江小区信托物业基金"};
	int64_t pf, trust, inc, exp, e1;
	struct ctx c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_create(&c, &p, &pf)), 0);
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_set_status(&c, pf, -1, "active")), 0);
	struct trust_in t = {.fund_id = f->wf, .compound = "珠江小区", .principal = "业主大会", .trustee_name = "珠江物业"};
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, trust_create(&c, &t, &trust)), ERR_RULE); /* not a property_trust fund */
	t.fund_id = pf;
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, trust_create(&c, &t, &trust)), 0);
	struct trust_line_in li = {.year = 2026, .direction = "income", .category = "物业服务费", .planned = 1200000,
				   .owners_resolution = "业主大会表决通过"};
	struct trust_line_in le = {.year = 2026, .direction = "expense", .category = "保洁", .planned = 600000,
				   .owners_resolution = "业主大会表决通过"};
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, trust_line_add(&c, trust, &li, &inc)), 0);
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, trust_line_add(&c, trust, &le, &exp)), 0);
	/* an expense before any income: the fund cannot go below zero */
	struct trust_entry_in x = {.line_id = exp, .occurred_on = "2026-01-20", .amount = 50000};
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, trust_entry_add(&c, trust, &x, &e1)), ERR_RULE);
	struct trust_entry_in i1 = {.line_id = inc, .occurred_on = "2026-01-05", .amount = 100000};
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, trust_entry_add(&c, trust, &i1, &e1)), 0);
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, trust_entry_add(&c, trust, &x, &e1)), 0);
	struct trust_entry_in i2 = {.line_id = inc, .occurred_on = "2026-02-05", .amount = 100000};
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, trust_entry_add(&c, trust, &i2, &e1)), 0);
	struct trust_entry_in wrong = {.line_id = inc, .occurred_on = "2025-12-05", .amount = 1};
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, trust_entry_add(&c, trust, &wrong, &e1)), ERR_INVALID);
	/* February's statement: opening 500.00, income 1000.00, closing 1500.00 */
	struct sb out = {0};
	struct jw w;
	jw_init(&w, &out);
	c = cx(f, &f->outsider); /* an owner: a resident of the community */
	c.w = &w;
	assert_int_equal(trust_write_statement(&c, trust, "2026-02"), 0);
	sb_addc(&out, 0);
	assert_non_null(strstr(out.buf, "\"opening\":50000"));
	assert_non_null(strstr(out.buf, "\"income\":100000"));
	assert_non_null(strstr(out.buf, "\"closing\":150000"));
	sb_free(&out);
	c = cx(f, &f->beiqu); /* another community's staff */
	struct fund_head fh;
	assert_int_equal(trust_load(&c, trust, false, &fh), ERR_FORBIDDEN);
	c = cx(f, &f->outsider);
	assert_int_equal(IN_TX(f, trust_entry_add(&c, trust, &i2, &e1)), ERR_FORBIDDEN);
	ledger_ok(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vote_rule),
		cmocka_unit_test(test_calendar_rules),
		cmocka_unit_test_setup_teardown(test_committee_vote_reserves_tranches, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rejected_reserves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tranches_and_spending, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_voids_the_rest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decided_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overdue_flagged_once_a_day, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trust_statement, setup, teardown),
	};
	return cmocka_run_group_tests_name("grants", tests, NULL, NULL);
}
