/*
 * test_funds.c — the funds' ledger (src/modules/funds/ledger*.c, fund*.c):
 * a client id posts once, linked transfers post all or none, a pending
 * transfer is posted, voided or expired exactly once, a reversal once, no
 * fund ever goes below zero — not even through raw SQL, which the
 * triggers and the CHECK refuse — `funds check` finds a tampered cache,
 * and a named fund's committee rule and the funds' scope.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "auth/auth.h"
#include "core/arena.h"
#include "modules/funds/funds.h"
#include "modules/funds/funds_internal.h"

struct fx {
	struct tstore *t;
	struct arena a;
	struct principal beiqu, wenhua, resident, member;
	struct err e;
	int64_t now;
	int64_t wf, nf;          /* 文华's development fund; 北区's named fund */
	struct fund_head w, n;
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
			   " VALUES (1, 2, '顺德区大良街道慈善会', 'foundation', 0, 0),"
			   " (2, 2, '顺德区美的物业有限公司', 'enterprise', 0, 0)");
	test_user(db, &f->a, "beiqu", ROLE_COMMUNITY_STAFF, 3, &f->beiqu);
	test_user(db, &f->a, "wenhua", ROLE_COMMUNITY_STAFF, 4, &f->wenhua);
	test_user(db, &f->a, "resident", ROLE_RESIDENT, 4, &f->resident);
	test_user(db, &f->a, "member", ROLE_RESIDENT, 3, &f->member);
	struct ctx c = cx(f, &f->wenhua);
	struct fund_in w = {.region_id = 4, .kind = "community_development", .name = "文华社区发展基金",
			    .purpose = "支持文华社区的公益项目"};
	assert_int_equal(IN_TX(f, fund_create(&c, &w, &f->wf)), 0);
	c = cx(f, &f->beiqu);
	struct fund_in n = {.region_id = 3, .host_org_id = 1, .kind = "named_community", .name = "北区社区冠名基金"};
	assert_int_equal(IN_TX(f, fund_create(&c, &n, &f->nf)), 0);
	c = cx(f, NULL);
	assert_int_equal(fund_load(&c, f->wf, 0, &f->w), 0);
	assert_int_equal(fund_load(&c, f->nf, 0, &f->n), 0);
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

static void ledger_ok(struct fx *f)
{
	int64_t bad = -1;
	struct err e = {0};
	assert_int_equal(funds_check(f->t->db, &bad, &e), 0);
	assert_int_equal(bad, 0);
}

static struct fund_balance bal(struct fx *f, int64_t fund)
{
	struct fund_balance b;
	struct ctx c = cx(f, NULL);
	assert_int_equal(fund_balance_get(&c, fund, &b), 0);
	return b;
}

static struct fund_transfer_in donation(const struct fund_head *h, const char *client, int64_t amount)
{
	return (struct fund_transfer_in){.client_id = client, .debit_account_id = h->income_account_id,
					 .credit_account_id = h->account_id, .amount = amount, .kind = "donation",
					 .memo = "捐赠", .ref_type = "donation", .ref_id = 1};
}

static struct fund_transfer_in grant(const struct fund_head *h, const char *client, int64_t amount)
{
	return (struct fund_transfer_in){.client_id = client, .debit_account_id = h->account_id,
					 .credit_account_id = h->payout_account_id, .amount = amount, .kind = "grant",
					 .memo = "资助"};
}

static int post(struct fx *f, struct fund_transfer_in in, int64_t *id)
{
	struct ctx c = cx(f, &f->wenhua);
	int64_t x = 0;
	int rc = IN_TX(f, fund_post(&c, &in, id ? id : &x));
	return rc;
}

/* ---------- tests ---------- */

static void test_setup_accounts(void **state)
{
	struct fx *f = *state;
	/* a fund without host has counterparts of its own; a named fund's
	 * are its host charity's */
	assert_true(f->w.account_id && f->w.income_account_id && f->w.payout_account_id);
	assert_int_equal(query_int(f->t->db, "SELECT count(*) FROM fund_accounts WHERE fund_id=?", f->wf), 3);
	assert_int_equal(query_int(f->t->db, "SELECT org_id FROM fund_accounts WHERE id=?", f->n.income_account_id), 1);
	assert_int_equal(f->n.host_org_id, 1);
	/* a named fund without a host, or hosted by a company, is refused */
	struct ctx c = cx(f, &f->beiqu);
	int64_t id;
	struct fund_in bad = {.region_id = 3, .kind = "named_community", .name = "无托管"};
	assert_int_equal(IN_TX(f, fund_create(&c, &bad, &id)), ERR_RULE);
	assert_string_equal(f->e.field, "host_org_id");
	bad.host_org_id = 2;
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, fund_create(&c, &bad, &id)), ERR_RULE);
	assert_string_equal(f->e.field, "host_org_id");
	/* nor in another community's region */
	struct fund_in other = {.region_id = 4, .kind = "happiness", .name = "越权"};
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, fund_create(&c, &other, &id)), ERR_FORBIDDEN);
	assert_int_equal(count_rows(f->t->db, "funds"), 2);
	assert_int_equal(count_rows(f->t->db, "audit_log WHERE entity='fund'"), 2);
}

static void test_client_id_posts_once(void **state)
{
	struct fx *f = *state;
	int64_t a = 0, b = 0;
	assert_int_equal(post(f, donation(&f->w, "don-1", 10000), &a), 0);
	assert_int_equal(post(f, donation(&f->w, "don-1", 10000), &b), FUND_EXISTS);
	assert_int_equal(a, b);
	assert_int_equal(bal(f, f->wf).posted, 10000);
	assert_int_equal(count_rows(f->t->db, "fund_transfers"), 1);
	assert_int_equal(count_rows(f->t->db, "audit_log WHERE entity='fund_transfer'"), 1);
	/* the same client id with other fields: a conflict, nothing written */
	assert_int_equal(post(f, donation(&f->w, "don-1", 20000), &b), ERR_CONFLICT);
	assert_string_equal(f->e.field, "client_id");
	assert_int_equal(post(f, donation(&f->w, "", 100), &b), ERR_INVALID);
	assert_string_equal(f->e.field, "client_id");
	assert_int_equal(post(f, donation(&f->w, "don-2", 0), &b), ERR_RULE);
	assert_string_equal(f->e.field, "amount");
	struct fund_transfer_in in = donation(&f->w, "don-3", 100);
	in.kind = "bribe";
	assert_int_equal(post(f, in, &b), ERR_RULE);
	assert_string_equal(f->e.field, "kind");
	in = donation(&f->w, "don-3", 100);
	in.debit_account_id = f->n.income_account_id;
	in.credit_account_id = f->n.payout_account_id; /* no fund on either side */
	assert_int_equal(post(f, in, &b), ERR_RULE);
	assert_string_equal(f->e.field, "credit_account_id");
	in.credit_account_id = 9999;
	assert_int_equal(post(f, in, &b), ERR_RULE);
	assert_string_equal(f->e.field, "credit_account_id");
	assert_int_equal(count_rows(f->t->db, "fund_transfers"), 1);
	ledger_ok(f);
}

static void test_never_below_zero(void **state)
{
	struct fx *f = *state;
	assert_int_equal(post(f, donation(&f->w, "d", 10000), NULL), 0);
	assert_int_equal(post(f, grant(&f->w, "g1", 10001), NULL), ERR_RULE);
	assert_string_equal(f->e.field, "amount");
	assert_non_null(strstr(f->e.message, "余额不足"));
	assert_int_equal(post(f, grant(&f->w, "g1", 10000), NULL), 0);
	assert_int_equal(bal(f, f->wf).posted, 0);
	/* raw SQL cannot take it below zero either: the trigger moves the
	 * sums and the CHECK refuses, so the insert fails */
	struct err e = {0};
	assert_int_equal(db_begin_write(f->t->db, &e), 0);
	int rc = db_exec(f->t->db, &e,
			 "INSERT INTO fund_transfers (client_id, debit_account_id, credit_account_id, amount, kind, phase,"
			 " fund_id, region_id, created_at) VALUES ('raw', ?, ?, 1, 'grant', 'single', ?, 4, 0)",
			 "iii", f->w.account_id, f->w.payout_account_id, f->wf);
	assert_true(rc < 0);
	/* nor reserve what is not there */
	rc = db_exec(f->t->db, &e,
		     "INSERT INTO fund_transfers (client_id, debit_account_id, credit_account_id, amount, kind, phase,"
		     " fund_id, region_id, created_at) VALUES ('raw2', ?, ?, 1, 'grant', 'pending', ?, 4, 0)",
		     "iii", f->w.account_id, f->w.payout_account_id, f->wf);
	assert_true(rc < 0);
	/* transfers are append-only */
	assert_true(db_exec(f->t->db, &e, "UPDATE fund_transfers SET amount = 1", "") < 0);
	assert_true(db_exec(f->t->db, &e, "DELETE FROM fund_transfers", "") < 0);
	/* a resolution must match a pending transfer */
	rc = db_exec(f->t->db, &e,
		     "INSERT INTO fund_transfers (client_id, debit_account_id, credit_account_id, amount, kind, phase,"
		     " pending_id, fund_id, region_id, created_at) VALUES ('raw3', ?, ?, 5, 'donation', 'void',"
		     " (SELECT min(id) FROM fund_transfers), ?, 4, 0)",
		     "iii", f->w.income_account_id, f->w.account_id, f->wf);
	assert_true(rc < 0);
	db_rollback(f->t->db);
	assert_int_equal(count_rows(f->t->db, "fund_transfers"), 2);
	ledger_ok(f);
}

static void test_linked_all_or_none(void **state)
{
	struct fx *f = *state;
	assert_int_equal(post(f, donation(&f->w, "seed", 5000), NULL), 0);
	struct fund_transfer_in in[3] = {grant(&f->w, "l1", 2000), grant(&f->w, "l2", 2000), grant(&f->w, "l3", 2000)};
	int64_t ids[3] = {0};
	struct ctx c = cx(f, &f->wenhua);
	/* the third overdraws the fund once the first two are counted: the
	 * batch is refused before anything is inserted */
	tx_begin(f);
	int rc = fund_post_linked(&c, in, 3, ids);
	assert_int_equal(rc, ERR_RULE);
	assert_string_equal(f->e.field, "transfers[2].amount");
	assert_int_equal(count_rows(f->t->db, "fund_transfers"), 1);
	tx_end(f, rc);
	assert_int_equal(bal(f, f->wf).posted, 5000);
	/* a bad field names its index */
	in[2].amount = 1000;
	in[1].kind = "nope";
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_post_linked(&c, in, 3, ids)), ERR_RULE);
	assert_string_equal(f->e.field, "transfers[1].kind");
	in[1].kind = "grant";
	in[1].client_id = "l1";
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_post_linked(&c, in, 3, ids)), ERR_CONFLICT);
	assert_string_equal(f->e.field, "transfers[1].client_id");
	in[1].client_id = "l2";
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_post_linked(&c, in, 3, ids)), 0);
	assert_int_equal(bal(f, f->wf).posted, 0);
	assert_int_equal(count_rows(f->t->db, "fund_transfers"), 4);
	/* the whole batch again answers it */
	int64_t again[3];
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_post_linked(&c, in, 3, again)), FUND_EXISTS);
	assert_memory_equal(ids, again, sizeof ids);
	assert_int_equal(count_rows(f->t->db, "fund_transfers"), 4);
	ledger_ok(f);
}

static void test_pending_once(void **state)
{
	struct fx *f = *state;
	/* a pledge: reserved in, not yet the fund's */
	struct fund_transfer_in pledge = donation(&f->w, "pledge", 5000);
	pledge.kind = "pledge";
	pledge.flags = FT_PENDING;
	int64_t p = 0, id = 0;
	assert_int_equal(post(f, pledge, &p), 0);
	struct fund_balance b = bal(f, f->wf);
	assert_int_equal(b.posted, 0);
	assert_int_equal(b.pending_in, 5000);
	/* fulfilled in part: 3000 posted, the rest released */
	struct ctx c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_pending_post(&c, p, 3000, "pledge-post", &id)), 0);
	b = bal(f, f->wf);
	assert_int_equal(b.posted, 3000);
	assert_int_equal(b.pending_in, 0);
	/* the retry answers the post; another post or a void is refused */
	int64_t id2 = 0;
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_pending_post(&c, p, 3000, "pledge-post", &id2)), FUND_EXISTS);
	assert_int_equal(id, id2);
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_pending_post(&c, p, 0, "pledge-post-2", &id2)), ERR_CONFLICT);
	assert_string_equal(f->e.field, "pending_id");
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_pending_void(&c, p, "pledge-void", "不捐了", &id2)), ERR_CONFLICT);

	/* a grant reserved out of the fund lowers what is available */
	struct fund_transfer_in g = grant(&f->w, "grant-r", 2000);
	g.flags = FT_PENDING;
	int64_t gp = 0;
	assert_int_equal(post(f, g, &gp), 0);
	b = bal(f, f->wf);
	assert_int_equal(b.available, 1000);
	assert_int_equal(b.pending_out, 2000);
	assert_int_equal(post(f, grant(&f->w, "too-much", 1001), NULL), ERR_RULE);
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_pending_void(&c, gp, "grant-void", "", &id2)), ERR_INVALID);
	assert_string_equal(f->e.field, "reason");
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_pending_void(&c, gp, "grant-void", "项目取消", &id2)), 0);
	assert_int_equal(bal(f, f->wf).available, 3000);
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_pending_void(&c, gp, "grant-void-2", "再撤一次", &id2)), ERR_CONFLICT);
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_pending_post(&c, id2, 0, "post-a-void", &id2)), ERR_RULE);
	assert_string_equal(f->e.field, "pending_id");

	/* expiry: not before its time, then once */
	g = grant(&f->w, "grant-t", 1000);
	g.flags = FT_PENDING;
	g.timeout_s = 60;
	int64_t tp = 0, n = 0;
	assert_int_equal(post(f, g, &tp), 0);
	assert_int_equal(bal(f, f->wf).available, 2000);
	struct err e = {0};
	assert_int_equal(funds_expire_pass(f->t->db, f->now + 30 * SEC, &n, &e), 0);
	assert_int_equal(n, 0);
	/* past its time it cannot be posted, even before the job ran */
	f->now += 61 * SEC;
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_pending_post(&c, tp, 0, "late", &id2)), ERR_CONFLICT);
	assert_int_equal(funds_expire_pass(f->t->db, f->now, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(funds_expire_pass(f->t->db, f->now + 3600 * SEC, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(bal(f, f->wf).available, 3000);
	assert_int_equal(count_rows(f->t->db, "fund_transfers WHERE phase='expire'"), 1);
	assert_int_equal(count_rows(f->t->db, "audit_log WHERE entity='fund_transfer' AND action='expire'"), 1);
	/* a timeout only on a pending transfer */
	struct fund_transfer_in t = donation(&f->w, "timed", 10);
	t.timeout_s = 5;
	assert_int_equal(post(f, t, NULL), ERR_RULE);
	assert_string_equal(f->e.field, "timeout_s");
	ledger_ok(f);
}

static void test_reversal_once(void **state)
{
	struct fx *f = *state;
	int64_t d = 0, r = 0, r2 = 0;
	assert_int_equal(post(f, donation(&f->w, "wrong", 8000), &d), 0);
	struct ctx c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_reverse(&c, d, "rev-1", "", &r)), ERR_INVALID);
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_reverse(&c, d, "rev-1", "金额录错", &r)), 0);
	assert_int_equal(bal(f, f->wf).posted, 0);
	assert_int_equal(query_int(f->t->db, "SELECT reverses_id FROM fund_transfers WHERE id=?", r), d);
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_reverse(&c, d, "rev-1", "金额录错", &r2)), FUND_EXISTS);
	assert_int_equal(r, r2);
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_reverse(&c, d, "rev-2", "再冲一次", &r2)), ERR_CONFLICT);
	assert_string_equal(f->e.field, "transfer_id");
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_reverse(&c, r, "rev-3", "冲正的冲正", &r2)), ERR_RULE);
	/* a donation already granted out cannot be reversed below zero */
	assert_int_equal(post(f, donation(&f->w, "right", 8000), &d), 0);
	assert_int_equal(post(f, grant(&f->w, "spent", 5000), NULL), 0);
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_reverse(&c, d, "rev-4", "退款", &r2)), ERR_RULE);
	assert_string_equal(f->e.field, "amount");
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, fund_reverse(&c, 9999, "rev-5", "无", &r2)), ERR_NOT_FOUND);
	assert_int_equal(bal(f, f->wf).posted, 3000);
	ledger_ok(f);
}

static void test_check_finds_tampering(void **state)
{
	struct fx *f = *state;
	assert_int_equal(post(f, donation(&f->w, "d1", 10000), NULL), 0);
	assert_int_equal(post(f, donation(&f->n, "d2", 300), NULL), 0);
	ledger_ok(f);
	int64_t bad = 0;
	struct err e = {0};
	/* the cache raised by a fen: found */
	exec_committed(f->t->db, "UPDATE fund_accounts SET credits_posted = credits_posted + 1 WHERE kind='fund'"
				 " AND fund_id=(SELECT min(id) FROM funds)");
	assert_int_equal(funds_check(f->t->db, &bad, &e), 0);
	assert_true(bad >= 1);
	exec_committed(f->t->db, "UPDATE fund_accounts SET credits_posted = credits_posted - 1 WHERE kind='fund'"
				 " AND fund_id=(SELECT min(id) FROM funds)");
	ledger_ok(f);
	/* a counterpart's cache: found too */
	exec_committed(f->t->db, "UPDATE fund_accounts SET debits_posted = 0 WHERE kind='income' AND org_id=1");
	assert_int_equal(funds_check(f->t->db, &bad, &e), 0);
	assert_true(bad >= 1);
}

static void test_scope_and_committee(void **state)
{
	struct fx *f = *state;
	struct fund_head h;
	struct ctx c = cx(f, &f->beiqu);
	assert_int_equal(fund_load(&c, f->wf, ROLES_STAFF, &h), ERR_FORBIDDEN);
	c = cx(f, &f->beiqu);
	assert_int_equal(fund_load(&c, f->wf, 0, &h), ERR_FORBIDDEN); /* 文华's, not 北区's */
	c = cx(f, &f->resident);
	assert_int_equal(fund_load(&c, f->wf, 0, &h), 0);
	c = cx(f, &f->resident);
	assert_int_equal(fund_load(&c, f->wf, ROLES_STAFF, &h), ERR_FORBIDDEN);
	c = cx(f, &f->wenhua);
	assert_int_equal(fund_load(&c, 999, 0, &h), ERR_NOT_FOUND);
	assert_string_equal(f->e.field, "fund_id");

	/* a named fund opens with a committee of at least five, an odd number,
	 * and a supervisor */
	int64_t v = query_int(f->t->db, "SELECT version FROM funds WHERE id=?", f->nf);
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, fund_set_status(&c, f->nf, v, "active")), ERR_RULE);
	assert_string_equal(f->e.field, "members");
	struct fund_member_in m[6] = {
		{.role = "chair", .name = "梁志明", .affiliation = "社区党委"},
		{.role = "committee", .name = "陈婉清", .affiliation = "居民代表"},
		{.role = "committee", .name = "何伟强", .affiliation = "企业代表", .user_id = f->member.user_id},
		{.role = "committee", .name = "黄丽芳", .affiliation = "社工"},
		{.role = "supervisor", .name = "周国华", .affiliation = "街道纪工委"},
		{.role = "committee", .name = "罗嘉欣", .affiliation = "居民代表"},
	};
	int64_t ids[6];
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, fund_members_add(&c, f->nf, m, 5, ids)), 0);
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, fund_set_status(&c, f->nf, v, "active")), ERR_RULE); /* 4 */
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, fund_members_add(&c, f->nf, m + 5, 1, ids + 5)), 0);
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, fund_set_status(&c, f->nf, v, "active")), 0);
	int64_t n = 0;
	c = cx(f, &f->beiqu);
	assert_int_equal(fund_committee_size(&c, f->nf, &n), 0);
	assert_int_equal(n, 1); /* only 何伟强 holds an account */
	/* the member reads the fund as a member, and an active committee
	 * keeps its rule: removing one (even) is refused */
	c = cx(f, &f->member);
	assert_true(fund_member_has(&c, f->nf, "committee"));
	assert_false(fund_member_has(&c, f->nf, "chair"));
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, fund_members_remove(&c, f->nf, ids + 5, 1)), ERR_RULE);
	assert_int_equal(count_rows(f->t->db, "fund_members"), 6);
	/* a resident cannot add members */
	c = cx(f, &f->resident);
	assert_int_equal(IN_TX(f, fund_members_add(&c, f->nf, m, 1, ids)), ERR_FORBIDDEN);
	/* cannot close while money is in it */
	assert_int_equal(post(f, donation(&f->n, "n1", 100), NULL), 0);
	v = query_int(f->t->db, "SELECT version FROM funds WHERE id=?", f->nf);
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, fund_set_status(&c, f->nf, v, "closed")), ERR_RULE);
	ledger_ok(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_setup_accounts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_client_id_posts_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_never_below_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(test_linked_all_or_none, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pending_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reversal_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_finds_tampering, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope_and_committee, setup, teardown),
	};
	return RUN_SUITE(tests);
}
