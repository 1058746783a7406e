/*
 * test_vol_points.c — the volunteers' time bank (src/modules/volunteer/
 * points*.c): the ledger's invariants after every kind of move, earn from
 * a record (once, rounded down, capped, amendments reversed first),
 * redemptions that take stock and points together or neither, reversal
 * once, FIFO expiry, transfers only as the sender's community allows, and
 * `points check` finding a tampered balance.
 *
 * Volunteers and records are inserted directly (the records table is
 * append-only: inserts are what it allows).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "auth/auth.h"
#include "core/arena.h"
#include "modules/volunteer/points.h"

#define DAY (86400 * SEC)

struct fx {
	struct tstore *t;
	struct arena a;
	struct principal beiqu, wenhua, v1, v2, v3;
	struct err e;
	int64_t now;
};

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
	test_user(db, &f->a, "beiqu", ROLE_COMMUNITY_STAFF, 3, &f->beiqu);
	test_user(db, &f->a, "wenhua", ROLE_COMMUNITY_STAFF, 4, &f->wenhua);
	test_user(db, &f->a, "vol1", ROLE_RESIDENT, 3, &f->v1);
	test_user(db, &f->a, "vol2", ROLE_RESIDENT, 3, &f->v2);
	test_user(db, &f->a, "vol3", ROLE_RESIDENT, 4, &f->v3);
	/* v1 and v2 share a home in 北区; v3 lives in 文华. */
	exec_committed(db, "INSERT INTO people (id, region_id, name, address, user_id, created_at, updated_at) VALUES"
			   " (1, 3, '陈志强', '北区 和风里 3 座 101', (SELECT id FROM users WHERE username='vol1'), 0, 0),"
			   " (2, 3, '陈婉清', '北区 和风里 3 座 101', (SELECT id FROM users WHERE username='vol2'), 0, 0),"
			   " (3, 4, '李梅', '文华 新市民公寓 2 栋', (SELECT id FROM users WHERE username='vol3'), 0, 0)");
	exec_committed(db, "INSERT INTO vol_volunteers (id, person_id, region_id, number, consent_purpose, consent_at,"
			   " registered_at, created_at, updated_at) VALUES"
			   " (1, 1, 3, 'V000000001', '志愿服务记录', 0, 0, 0, 0),"
			   " (2, 2, 3, 'V000000002', '志愿服务记录', 0, 0, 0, 0),"
			   " (3, 3, 4, 'V000000003', '志愿服务记录', 0, 0, 0, 0)");
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

static struct ctx cx(struct fx *f, const struct principal *who)
{
	err_clear(&f->e);
	struct ctx c = {f->t->db, who, f->now, &f->a, &f->e, NULL};
	return c;
}

/* A service record of vid in region (amends: 0 or the record it replaces). */
static int64_t add_record(struct fx *f, int64_t vid, int64_t region, const char *kind, int64_t minutes,
			  int flagged, int64_t amends)
{
	struct err e = {0};
	int64_t id = 0;
	assert_int_equal(db_begin_write(f->t->db, &e), 0);
	int rc = db_int(f->t->db, &e, &id,
			"INSERT INTO vol_records (volunteer_id, region_id, kind, organisation_name, content, started_at,"
			" ended_at, minutes, flagged, confirmer_name, amends_id, amend_reason, created_at)"
			" VALUES (?, ?, ?, '北区社区助老服务队', '探访独居长者', ?, ?, ?, ?, '何社工', nullif(?, 0),"
			" CASE WHEN ? > 0 THEN '时长更正' END, ?) RETURNING id",
			"iisiiiiiii", vid, region, kind, f->now - minutes * MINUTE, f->now, minutes,
			(int64_t)flagged, amends, amends, f->now);
	if (rc != 1)
		fprintf(stderr, "add_record: %s\n", e.message_en);
	assert_int_equal(rc, 1);
	assert_int_equal(db_commit(f->t->db, &e), 0);
	return id;
}

/* Run a call in one write transaction as the router does: commit on
 * success, roll back on failure. */
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

static int64_t balance(struct fx *f, int64_t vid)
{
	int64_t b = 0;
	struct ctx c = cx(f, NULL);
	assert_int_equal(vol_points_balance(&c, vid, &b), 0);
	return b;
}

static void ledger_ok(struct fx *f)
{
	struct vol_points_report r;
	struct err e = {0};
	assert_int_equal(vol_points_check(f->t->db, &r, &e), 0);
	if (!vol_points_report_ok(&r))
		fprintf(stderr, "ledger: unbalanced %lld mismatched %lld negative %lld lots %lld\n",
			(long long)r.unbalanced_txns, (long long)r.balance_mismatches, (long long)r.negative_balances,
			(long long)r.lot_mismatches);
	assert_true(vol_points_report_ok(&r));
}

static void earn(struct fx *f, int64_t record)
{
	struct ctx c = cx(f, NULL);
	int rc = IN_TX(f, vol_points_earn(&c, record, &f->e));
	if (rc)
		fprintf(stderr, "earn: %s\n", f->e.message_en);
	assert_int_equal(rc, 0);
}

static void set_rules(struct fx *f, int64_t region, int64_t rate, int64_t cap, int64_t days, const char *transfer)
{
	struct vol_point_rules_in in = {.points_per_hour = rate, .max_balance = cap, .expiry_days = days,
					.transfer = transfer};
	struct ctx c = cx(f, NULL);
	assert_int_equal(IN_TX(f, vol_points_rules_put(&c, region, &in)), 0);
}

static int64_t add_item(struct fx *f, int64_t region, const char *name, int64_t price, int64_t stock)
{
	struct vol_catalogue_in in = {.region_id = region, .name = name, .points = price, .stock = stock};
	int64_t id = 0;
	struct ctx c = cx(f, &f->beiqu);
	if (region == 4)
		c.who = &f->wenhua;
	assert_int_equal(IN_TX(f, vol_catalogue_add(&c, &in, &id)), 0);
	return id;
}

/* ---------- earning ---------- */

static void test_earn_once_rounded_down(void **state)
{
	struct fx *f = *state;
	int64_t r1 = add_record(f, 1, 3, "service", 90, 0, 0);
	earn(f, r1);
	earn(f, r1); /* idempotent */
	assert_int_equal(balance(f, 1), 15); /* 90 min at the default 10 an hour */
	assert_int_equal(count_rows(f->t->db, "vol_point_txns WHERE kind='earn'"), 1);
	/* 50 minutes at 10 an hour: 8.33 → 8 */
	earn(f, add_record(f, 1, 3, "service", 50, 0, 0));
	assert_int_equal(balance(f, 1), 23);
	/* the community's account is the counterpart */
	assert_int_equal(query_int(f->t->db, "SELECT balance FROM vol_point_accounts WHERE region_id=?", 3), -23);
	/* each earn audited once */
	assert_int_equal(count_rows(f->t->db, "audit_log WHERE entity='vol_point_txn'"), 2);
	ledger_ok(f);
}

static void test_earn_only_unflagged_service(void **state)
{
	struct fx *f = *state;
	earn(f, add_record(f, 1, 3, "training", 120, 0, 0));
	earn(f, add_record(f, 1, 3, "service", 120, 1, 0)); /* an auto-closed check-out */
	assert_int_equal(balance(f, 1), 0);
	assert_int_equal(count_rows(f->t->db, "vol_point_txns"), 0);
	/* the earning community's rate applies: 文华 pays 30 an hour */
	set_rules(f, 4, 30, 0, 0, "none");
	earn(f, add_record(f, 1, 4, "service", 60, 0, 0));
	assert_int_equal(balance(f, 1), 30);
	ledger_ok(f);
}

static void test_amendment_reverses_the_amended_earn(void **state)
{
	struct fx *f = *state;
	int64_t a = add_record(f, 1, 3, "service", 60, 0, 0);
	earn(f, a);
	assert_int_equal(balance(f, 1), 10);
	int64_t b = add_record(f, 1, 3, "service", 120, 0, a);
	earn(f, b);
	earn(f, b);
	assert_int_equal(balance(f, 1), 20);
	assert_int_equal(count_rows(f->t->db, "vol_point_txns WHERE kind='reversal'"), 1);
	assert_int_equal(query_int(f->t->db, "SELECT record_id FROM vol_point_txns WHERE kind='reversal' AND id>?", 0), a);
	/* the records themselves are untouched */
	assert_int_equal(count_rows(f->t->db, "vol_records"), 2);
	/* a superseded record earns nothing, even when asked after its
	 * amendment (a record from before the time bank) */
	int64_t old = add_record(f, 1, 3, "service", 600, 0, 0);
	int64_t fixed = add_record(f, 1, 3, "service", 60, 0, old);
	earn(f, fixed);
	earn(f, old);
	assert_int_equal(balance(f, 1), 30);
	/* the catch-up pass earns what has no earn yet, once */
	add_record(f, 1, 3, "service", 60, 0, 0);
	add_record(f, 1, 3, "training", 60, 0, 0);
	int64_t n = -1;
	struct ctx c = cx(f, NULL);
	assert_int_equal(IN_TX(f, vol_points_earn_all(&c, &n)), 0);
	assert_int_equal(n, 1);
	assert_int_equal(IN_TX(f, vol_points_earn_all(&c, &n)), 0);
	assert_int_equal(n, 0);
	assert_int_equal(balance(f, 1), 40);
	ledger_ok(f);
}

static void test_amendment_after_spending_takes_back_what_is_left(void **state)
{
	struct fx *f = *state;
	int64_t item = add_item(f, 3, "社区食堂餐券", 8, 10);
	int64_t a = add_record(f, 1, 3, "service", 60, 0, 0), red;
	earn(f, a);
	struct ctx c = cx(f, &f->v1);
	assert_int_equal(IN_TX(f, vol_points_redeem(&c, item, 1, &red)), 0);
	assert_int_equal(balance(f, 1), 2);
	earn(f, add_record(f, 1, 3, "service", 30, 0, a));
	/* 2 of the 10 taken back (8 were spent), then 5 for the 30 minutes */
	assert_int_equal(balance(f, 1), 5);
	char *memo = query_text(f->t->db, "SELECT memo FROM vol_point_txns WHERE kind='reversal' AND id>?", 0);
	assert_non_null(strstr(memo, "8 points already spent"));
	free(memo);
	ledger_ok(f);
}

static void test_cap_credits_up_to_it(void **state)
{
	struct fx *f = *state;
	set_rules(f, 3, 10, 25, 0, "none");
	earn(f, add_record(f, 1, 3, "service", 60, 0, 0));
	earn(f, add_record(f, 1, 3, "service", 60, 0, 0));
	int64_t third = add_record(f, 1, 3, "service", 60, 0, 0);
	earn(f, third);
	assert_int_equal(balance(f, 1), 25);
	char *memo = query_text(f->t->db, "SELECT memo FROM vol_point_txns WHERE record_id=?", third);
	assert_non_null(strstr(memo, "the cap is 25, 5 credited"));
	free(memo);
	/* at the cap: the earn is recorded (once) with nothing credited */
	int64_t fourth = add_record(f, 1, 3, "service", 60, 0, 0);
	earn(f, fourth);
	assert_int_equal(balance(f, 1), 25);
	assert_int_equal(query_int(f->t->db, "SELECT count(*) FROM vol_point_entries e JOIN vol_point_txns t ON t.id=e.txn_id"
					     " WHERE t.record_id=?", fourth), 0);
	ledger_ok(f);
}

/* ---------- redemption ---------- */

static void test_redemption_takes_stock_and_points_or_neither(void **state)
{
	struct fx *f = *state;
	int64_t kit = add_item(f, 4, "新市民工具包", 200, 1);
	earn(f, add_record(f, 1, 3, "service", 600, 0, 0)); /* 100 points */
	int64_t txns = count_rows(f->t->db, "vol_point_txns"), red = 0;
	struct ctx c = cx(f, &f->v1);
	/* short of points: nothing written, the error names the balance */
	assert_int_equal(IN_TX(f, vol_points_redeem(&c, kit, 1, &red)), ERR_RULE);
	assert_string_equal(f->e.field, "balance");
	assert_non_null(strstr(f->e.message, "需要 200 分，您的余额为 100 分"));
	assert_int_equal(query_int(f->t->db, "SELECT stock FROM vol_catalogue WHERE id=?", kit), 1);
	assert_int_equal(count_rows(f->t->db, "vol_redemptions"), 0);
	assert_int_equal(count_rows(f->t->db, "vol_point_txns"), txns);
	earn(f, add_record(f, 1, 3, "service", 1200, 0, 0)); /* +200 */
	/* short of stock: the error names the quantity */
	c = cx(f, &f->v1);
	assert_int_equal(IN_TX(f, vol_points_redeem(&c, kit, 2, &red)), ERR_RULE);
	assert_string_equal(f->e.field, "quantity");
	assert_non_null(strstr(f->e.message_en, "1 left"));
	assert_int_equal(balance(f, 1), 300);
	/* enough of both: both taken, in 文华 although v1 earned in 北区 (通存通兑) */
	c = cx(f, &f->v1);
	assert_int_equal(IN_TX(f, vol_points_redeem(&c, kit, 1, &red)), 0);
	assert_int_equal(query_int(f->t->db, "SELECT stock FROM vol_catalogue WHERE id=?", kit), 0);
	assert_int_equal(balance(f, 1), 100);
	assert_int_equal(query_int(f->t->db, "SELECT balance FROM vol_point_accounts WHERE region_id=?", 4), 200);
	assert_int_equal(count_rows(f->t->db, "notices WHERE kind='volunteer.points_redeemed'"), 1);
	assert_int_equal(count_rows(f->t->db, "audit_log WHERE entity='vol_redemption'"), 1);
	assert_int_equal(count_rows(f->t->db, "audit_log WHERE entity='vol_catalogue' AND action='redeem'"), 1);
	/* someone without a volunteer record cannot redeem */
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, vol_points_redeem(&c, kit, 1, &red)), ERR_NOT_FOUND);
	assert_string_equal(f->e.field, "volunteer");
	ledger_ok(f);
}

/* ---------- reversal ---------- */

static void test_reversal_once_in_scope(void **state)
{
	struct fx *f = *state;
	int64_t meal = add_item(f, 3, "社区食堂餐券", 20, 5), red = 0, rev = 0, rev2 = 0;
	earn(f, add_record(f, 1, 3, "service", 300, 0, 0)); /* 50 */
	struct ctx c = cx(f, &f->v1);
	assert_int_equal(IN_TX(f, vol_points_redeem(&c, meal, 2, &red)), 0);
	assert_int_equal(balance(f, 1), 10);
	int64_t txn = query_int(f->t->db, "SELECT txn_id FROM vol_redemptions WHERE id=?", red);
	/* staff of another community may not */
	c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, vol_points_reverse(&c, txn, "误操作", &rev)), ERR_FORBIDDEN);
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, vol_points_reverse(&c, txn, "餐券未领取，退回", &rev)), 0);
	assert_int_equal(balance(f, 1), 50);
	assert_int_equal(query_int(f->t->db, "SELECT stock FROM vol_catalogue WHERE id=?", meal), 5);
	char *st = query_text(f->t->db, "SELECT status FROM vol_redemptions WHERE id=?", red);
	assert_string_equal(st, "reversed");
	free(st);
	assert_int_equal(count_rows(f->t->db, "notices WHERE kind='volunteer.points_reversed'"), 1);
	/* once */
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, vol_points_reverse(&c, txn, "再退一次", &rev2)), ERR_CONFLICT);
	assert_non_null(strstr(f->e.message_en, "reversed already"));
	assert_string_equal(f->e.field, "id");
	/* a reversal is not reversed */
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, vol_points_reverse(&c, rev, "撤销冲正", &rev2)), ERR_RULE);
	/* an earn whose points are spent cannot be reversed by staff */
	c = cx(f, &f->v1);
	assert_int_equal(IN_TX(f, vol_points_redeem(&c, meal, 2, &red)), 0);
	int64_t earn_txn = query_int(f->t->db, "SELECT min(id) FROM vol_point_txns WHERE kind='earn' AND ?>0", 1);
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, vol_points_reverse(&c, earn_txn, "记录有误", &rev2)), ERR_RULE);
	assert_non_null(strstr(f->e.message_en, "balance of 10 cannot cover taking back 50"));
	ledger_ok(f);
}

/* ---------- expiry ---------- */

static void test_expiry_fifo(void **state)
{
	struct fx *f = *state;
	int64_t meal = add_item(f, 3, "社区食堂餐券", 5, 10), red = 0, lots = 0, pts = 0;
	set_rules(f, 3, 10, 0, 30, "none");
	earn(f, add_record(f, 1, 3, "service", 60, 0, 0)); /* lot A: 10, expires T0+30d */
	f->now = T0 + 20 * DAY;
	earn(f, add_record(f, 1, 3, "service", 60, 0, 0)); /* lot B: 10, expires T0+50d */
	f->now = T0 + 25 * DAY;
	struct ctx c = cx(f, &f->v1);
	assert_int_equal(IN_TX(f, vol_points_redeem(&c, meal, 1, &red)), 0); /* 5 from A, the oldest */
	f->now = T0 + 31 * DAY;
	c = cx(f, NULL);
	assert_int_equal(IN_TX(f, vol_points_expire(&c, &lots, &pts)), 0);
	assert_int_equal(lots, 1);
	assert_int_equal(pts, 5); /* what was left of A */
	assert_int_equal(balance(f, 1), 10);
	/* a second pass finds nothing */
	c = cx(f, NULL);
	assert_int_equal(IN_TX(f, vol_points_expire(&c, &lots, &pts)), 0);
	assert_int_equal(lots, 0);
	/* a spend after B's time expires B first: nothing left to spend */
	f->now = T0 + 51 * DAY;
	c = cx(f, &f->v1);
	assert_int_equal(IN_TX(f, vol_points_redeem(&c, meal, 1, &red)), ERR_RULE);
	assert_string_equal(f->e.field, "balance");
	ledger_ok(f);
}

static void test_reversal_after_expiry_takes_back_only_what_did_not_expire(void **state)
{
	struct fx *f = *state;
	int64_t meal = add_item(f, 3, "社区食堂餐券", 5, 10), red = 0, lots = 0, pts = 0, rev = 0;
	set_rules(f, 3, 10, 0, 30, "none");
	earn(f, add_record(f, 1, 3, "service", 60, 0, 0)); /* A: 10 */
	int64_t earn_a = query_int(f->t->db, "SELECT max(id) FROM vol_point_txns WHERE kind='earn' AND ?>0", 1);
	f->now = T0 + 20 * DAY;
	earn(f, add_record(f, 1, 3, "service", 60, 0, 0)); /* B: 10 */
	f->now = T0 + 25 * DAY;
	struct ctx c = cx(f, &f->v1);
	assert_int_equal(IN_TX(f, vol_points_redeem(&c, meal, 1, &red)), 0); /* 5 of A spent */
	f->now = T0 + 31 * DAY;
	c = cx(f, NULL);
	assert_int_equal(IN_TX(f, vol_points_expire(&c, &lots, &pts)), 0); /* A's other 5 expire */
	assert_int_equal(balance(f, 1), 10);
	/* A's earn reversed: its 5 expired went back already; 5 are taken now */
	f->now = T0 + 32 * DAY;
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, vol_points_reverse(&c, earn_a, "重复登记", &rev)), 0);
	assert_int_equal(balance(f, 1), 5);
	char *memo = query_text(f->t->db, "SELECT memo FROM vol_point_txns WHERE id=?", rev);
	assert_non_null(strstr(memo, "5 of them had expired"));
	free(memo);
	/* the community is back where it would be without A: -10 (B) + 5 (the meal) */
	assert_int_equal(query_int(f->t->db, "SELECT balance FROM vol_point_accounts WHERE region_id=?", 3), -5);
	ledger_ok(f);
}

/* ---------- transfers ---------- */

static void test_transfer_rules(void **state)
{
	struct fx *f = *state;
	int64_t txn = 0;
	set_rules(f, 3, 10, 0, 365, "none");
	earn(f, add_record(f, 1, 3, "service", 120, 0, 0)); /* 20 */
	struct ctx c = cx(f, &f->v1);
	/* none */
	assert_int_equal(IN_TX(f, vol_points_transfer(&c, 2, 5, NULL, &txn)), ERR_RULE);
	assert_string_equal(f->e.field, "to_volunteer_id");
	/* family: the same address in the same community */
	set_rules(f, 3, 10, 0, 365, "family");
	c = cx(f, &f->v1);
	assert_int_equal(IN_TX(f, vol_points_transfer(&c, 3, 5, NULL, &txn)), ERR_RULE);
	assert_non_null(strstr(f->e.message_en, "only to family"));
	/* the same address written in another community is another home */
	exec_committed(f->t->db, "UPDATE people SET address='北区 和风里 3 座 101' WHERE id=3");
	c = cx(f, &f->v1);
	assert_int_equal(IN_TX(f, vol_points_transfer(&c, 3, 5, NULL, &txn)), ERR_RULE);
	c = cx(f, &f->v1);
	assert_int_equal(IN_TX(f, vol_points_transfer(&c, 2, 5, "女儿", &txn)), 0);
	assert_int_equal(balance(f, 1), 15);
	assert_int_equal(balance(f, 2), 5);
	/* the lot goes with its expiry */
	assert_int_equal(query_int(f->t->db, "SELECT expires_at FROM vol_point_entries e JOIN vol_point_accounts a"
					     " ON a.id=e.account_id WHERE a.volunteer_id=2 AND e.amount > ?", 0),
			 T0 + 365 * DAY);
	/* not to oneself, not more than one has */
	c = cx(f, &f->v1);
	assert_int_equal(IN_TX(f, vol_points_transfer(&c, 1, 5, NULL, &txn)), ERR_RULE);
	c = cx(f, &f->v1);
	assert_int_equal(IN_TX(f, vol_points_transfer(&c, 2, 16, NULL, &txn)), ERR_RULE);
	assert_string_equal(f->e.field, "points");
	/* any */
	set_rules(f, 3, 10, 0, 365, "any");
	c = cx(f, &f->v1);
	assert_int_equal(IN_TX(f, vol_points_transfer(&c, 3, 15, NULL, &txn)), 0);
	assert_int_equal(balance(f, 1), 0);
	assert_int_equal(balance(f, 3), 15);
	assert_int_equal(count_rows(f->t->db, "notices WHERE kind='volunteer.points_received'"), 2);
	/* 文华's rule (none) binds its own volunteers */
	c = cx(f, &f->v3);
	assert_int_equal(IN_TX(f, vol_points_transfer(&c, 1, 1, NULL, &txn)), ERR_RULE);
	assert_non_null(strstr(f->e.message_en, "do not allow"));
	/* points past their expiry are not given away: they expire first */
	set_rules(f, 4, 10, 0, 0, "any");
	f->now = T0 + 366 * DAY;
	c = cx(f, &f->v3);
	assert_int_equal(IN_TX(f, vol_points_transfer(&c, 1, 1, NULL, &txn)), ERR_RULE);
	assert_string_equal(f->e.field, "points");
	ledger_ok(f);
}

/* ---------- rules ---------- */

static void test_rules_scope_and_inheritance(void **state)
{
	struct fx *f = *state;
	struct vol_point_rules_in in = {.points_per_hour = 12, .transfer = "any"};
	struct ctx c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, vol_points_rules_put(&c, 3, &in)), ERR_FORBIDDEN);
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, vol_points_rules_put(&c, 3, &in)), 0);
	struct vol_point_rules r;
	c = cx(f, NULL);
	assert_int_equal(vol_points_rules_get(&c, 3, &r), 0);
	assert_int_equal(r.points_per_hour, 12);
	assert_int_equal(r.version, 1);
	/* a stale version is refused */
	in.version = 7;
	in.has_version = true;
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, vol_points_rules_put(&c, 3, &in)), ERR_CONFLICT);
	/* a town's rules are its communities' default */
	set_rules(f, 2, 20, 0, 0, "none");
	c = cx(f, NULL);
	assert_int_equal(vol_points_rules_get(&c, 4, &r), 0);
	assert_int_equal(r.points_per_hour, 20);
	assert_int_equal(r.from_region_id, 2);
	assert_int_equal(vol_points_rules_get(&c, 3, &r), 0);
	assert_int_equal(r.points_per_hour, 12);
}

/* ---------- the check ---------- */

static void test_check_finds_tampering(void **state)
{
	struct fx *f = *state;
	struct vol_points_report r;
	struct err e = {0};
	earn(f, add_record(f, 1, 3, "service", 60, 0, 0));
	ledger_ok(f);
	int64_t acct = query_int(f->t->db, "SELECT id FROM vol_point_accounts WHERE volunteer_id=?", 1);
	exec_committed(f->t->db, "UPDATE vol_point_accounts SET balance = balance + 5 WHERE volunteer_id=1");
	assert_int_equal(vol_points_check(f->t->db, &r, &e), 0);
	assert_false(vol_points_report_ok(&r));
	assert_int_equal(r.balance_mismatches, 1);
	assert_int_equal(r.first_bad_account, acct);
	exec_committed(f->t->db, "UPDATE vol_point_accounts SET balance = balance - 5 WHERE volunteer_id=1");
	ledger_ok(f);
	/* a lot whose unspent part no longer adds up to the balance */
	exec_committed(f->t->db, "UPDATE vol_point_entries SET remaining = remaining - 1 WHERE remaining > 0");
	assert_int_equal(vol_points_check(f->t->db, &r, &e), 0);
	assert_int_equal(r.lot_mismatches, 1);
	assert_int_equal(r.balance_mismatches, 0);
	exec_committed(f->t->db, "UPDATE vol_point_entries SET remaining = remaining + 1 WHERE remaining IS NOT NULL");
	ledger_ok(f);
	/* an entry slipped in without its counterpart */
	exec_committed(f->t->db, "INSERT INTO vol_point_entries (txn_id, account_id, amount, created_at)"
				 " SELECT min(id), (SELECT id FROM vol_point_accounts WHERE region_id=3), -3, 0 FROM vol_point_txns");
	assert_int_equal(vol_points_check(f->t->db, &r, &e), 0);
	assert_int_equal(r.unbalanced_txns, 1);
	assert_int_equal(r.balance_mismatches, 1); /* the region's cache no longer matches either */
	assert_int_equal(r.negative_balances, 0);
	/* a balanced pair that takes a volunteer below zero */
	exec_committed(f->t->db, "INSERT INTO vol_point_entries (txn_id, account_id, amount, created_at)"
				 " SELECT min(id), (SELECT id FROM vol_point_accounts WHERE volunteer_id=1), -100, 0 FROM vol_point_txns");
	exec_committed(f->t->db, "INSERT INTO vol_point_entries (txn_id, account_id, amount, created_at)"
				 " SELECT min(id), (SELECT id FROM vol_point_accounts WHERE region_id=3), 100, 0 FROM vol_point_txns");
	assert_int_equal(vol_points_check(f->t->db, &r, &e), 0);
	assert_int_equal(r.negative_balances, 1);
	assert_int_equal(r.unbalanced_txns, 1); /* still the -3 */
}

static void test_demo_without_records(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	/* the fixture's 北区社区 and 文华社区 stand for the demo district's */
	assert_int_equal(db_begin_write(f->t->db, &e), 0);
	int rc = vol_points_demo(f->t->db, T0, &e);
	if (rc)
		fprintf(stderr, "demo: %s\n", e.message_en);
	assert_int_equal(rc, 0);
	assert_int_equal(db_commit(f->t->db, &e), 0);
	assert_int_equal(count_rows(f->t->db, "vol_catalogue WHERE name='新市民工具包' AND points=200 AND region_id=4"), 1);
	assert_int_equal(count_rows(f->t->db, "vol_point_rules"), 2);
	ledger_ok(f);
}

static void test_demo_with_records(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	add_record(f, 1, 3, "service", 600, 0, 0);
	add_record(f, 3, 4, "service", 600, 0, 0);
	add_record(f, 2, 3, "service", 60, 0, 0);
	assert_int_equal(db_begin_write(f->t->db, &e), 0);
	assert_int_equal(vol_points_demo(f->t->db, T0, &e), 0);
	assert_int_equal(db_commit(f->t->db, &e), 0);
	/* 100 each for the two with most, who then took two 20-point meal tickets */
	assert_int_equal(balance(f, 1), 60);
	assert_int_equal(balance(f, 3), 60);
	assert_int_equal(balance(f, 2), 10);
	assert_int_equal(count_rows(f->t->db, "vol_redemptions WHERE quantity=2 AND points=40"), 2);
	assert_int_equal(count_rows(f->t->db, "vol_catalogue WHERE name='社区食堂餐券' AND stock=196"), 1);
	ledger_ok(f);
}

static void test_merge_moves_the_lots(void **state)
{
	struct fx *f = *state;
	int64_t txn = -1;
	set_rules(f, 3, 10, 0, 100, "none");
	earn(f, add_record(f, 1, 3, "service", 120, 0, 0));
	struct ctx c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, vol_points_merge(&c, 1, 2, &txn)), 0);
	assert_true(txn > 0);
	assert_int_equal(balance(f, 1), 0);
	assert_int_equal(balance(f, 2), 20);
	assert_int_equal(query_int(f->t->db, "SELECT expires_at FROM vol_point_entries e JOIN vol_point_accounts a"
					     " ON a.id=e.account_id WHERE a.volunteer_id=2 AND e.amount > ?", 0),
			 T0 + 100 * DAY);
	/* nothing left: no transaction */
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, vol_points_merge(&c, 1, 2, &txn)), 0);
	assert_int_equal(txn, 0);
	assert_int_equal(IN_TX(f, vol_points_merge(&c, 2, 2, &txn)), ERR_RULE);
	ledger_ok(f);
}

static void test_grant_in_scope(void **state)
{
	struct fx *f = *state;
	int64_t txn = 0, rev = 0;
	set_rules(f, 3, 10, 5, 0, "none"); /* a cap of 5 limits earning, not grants */
	struct ctx c = cx(f, &f->wenhua);
	assert_int_equal(IN_TX(f, vol_points_grant(&c, 1, 50, "优秀志愿者表彰", &txn)), ERR_FORBIDDEN);
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, vol_points_grant(&c, 1, 50, "优秀志愿者表彰", &txn)), 0);
	assert_int_equal(balance(f, 1), 50);
	assert_int_equal(count_rows(f->t->db, "notices WHERE kind='volunteer.points_granted'"), 1);
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, vol_points_reverse(&c, txn, "发错人了", &rev)), 0);
	assert_int_equal(balance(f, 1), 0);
	c = cx(f, &f->beiqu);
	assert_int_equal(IN_TX(f, vol_points_grant(&c, 99, 50, "不存在", &txn)), ERR_NOT_FOUND);
	assert_string_equal(f->e.field, "volunteer_id");
	ledger_ok(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_earn_once_rounded_down, setup, teardown),
		cmocka_unit_test_setup_teardown(test_earn_only_unflagged_service, setup, teardown),
		cmocka_unit_test_setup_teardown(test_amendment_reverses_the_amended_earn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_amendment_after_spending_takes_back_what_is_left, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cap_credits_up_to_it, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redemption_takes_stock_and_points_or_neither, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reversal_once_in_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiry_fifo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reversal_after_expiry_takes_back_only_what_did_not_expire, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transfer_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rules_scope_and_inheritance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_finds_tampering, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demo_without_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demo_with_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_moves_the_lots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grant_in_scope, setup, teardown),
	};
	return RUN_SUITE(tests);
}
