/*
 * points.c — the time bank's ledger: accounts, transactions and their
 * entries, lots, the earn of a service record, reversals, expiry and the
 * check (points.h, docs/volunteer-points.md).
 *
 * Invariants, each stated once and checked by vol_points_check():
 *  - a transaction's entries sum to zero (every writer here posts a debit
 *    and the credits that match it, inside the caller's transaction);
 *  - an account's balance column equals the sum of its entries;
 *  - a volunteer's balance is never negative (pt_debit refuses first; the
 *    schema's CHECK is the last line);
 *  - a volunteer's unspent lots (entries' remaining) sum to the balance.
 * Entries are never changed except a lot's remaining, which only falls.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "modules/volunteer/points.h"
#include "modules/volunteer/points_internal.h"
#include "notify/notify.h"
#include "store/store.h"

const char *const vol_point_txn_kinds[] = {"earn", "redeem", "transfer", "reversal", "expire", "grant", NULL};

static const struct col txn_cols[] = {
	{"id", "编号", COL_INT},
	{"kind", "类型", COL_TEXT},
	{"region_id", "社区", COL_INT},
	{"volunteer_id", "志愿者", COL_INT},
	{"reverses_txn_id", "冲正的交易", COL_INT},
	{"record_id", "服务记录", COL_INT},
	{"redemption_id", "兑换", COL_INT},
	{"memo", "摘要", COL_TEXT},
	{"points", "积分", COL_INT},
	{"created_by", "操作人", COL_INT},
	{"created_at", "时间", COL_TIME},
};
const struct record_kind vol_point_txn_kind = {
	.entity = "vol_point_txn", .what_zh = "积分交易", .what_en = "points transaction",
	.head_sql = "SELECT t.id, t.region_id, 1, g.path FROM vol_point_txns t"
		    " JOIN regions g ON g.id=t.region_id WHERE t.id=?",
	.row_sql = "SELECT t.id, t.kind, t.region_id, t.volunteer_id, t.reverses_txn_id, t.record_id,"
		   " t.redemption_id, t.memo,"
		   " (SELECT coalesce(sum(e.amount), 0) FROM vol_point_entries e"
		   "  JOIN vol_point_accounts a ON a.id=e.account_id"
		   "  WHERE e.txn_id=t.id AND a.volunteer_id=t.volunteer_id),"
		   " t.created_by, t.created_at FROM vol_point_txns t WHERE t.id=?",
	.cols = txn_cols, .ncols = (int)(sizeof txn_cols / sizeof txn_cols[0]),
	.read_roles = ROLES_FIELD,
};

/* ---------- accounts, transactions, entries ---------- */

static int account_of(struct ctx *c, const char *col_sql, const char *ins_sql, int64_t owner,
		      int64_t *acct)
{
	int rc = db_int(c->db, c->e, acct, col_sql, "i", owner);
	if (rc < 0)
		return rc;
	if (rc == 1)
		return 0;
	rc = db_int(c->db, c->e, acct, ins_sql, "ii", owner, c->now);
	return rc < 0 ? rc : 0;
}

int pt_account_volunteer(struct ctx *c, int64_t volunteer_id, int64_t *acct)
{
	return account_of(c, "SELECT id FROM vol_point_accounts WHERE volunteer_id=?",
			  "INSERT INTO vol_point_accounts (volunteer_id, created_at) VALUES (?, ?) RETURNING id",
			  volunteer_id, acct);
}

int pt_account_region(struct ctx *c, int64_t region_id, int64_t *acct)
{
	return account_of(c, "SELECT id FROM vol_point_accounts WHERE region_id=?",
			  "INSERT INTO vol_point_accounts (region_id, created_at) VALUES (?, ?) RETURNING id",
			  region_id, acct);
}

int pt_balance(struct ctx *c, int64_t acct, int64_t *balance)
{
	int rc = db_int(c->db, c->e, balance, "SELECT balance FROM vol_point_accounts WHERE id=?", "i", acct);
	if (rc == 0)
		*balance = 0;
	return rc < 0 ? rc : 0;
}

int pt_txn_new(struct ctx *c, const char *kind, int64_t region_id, int64_t volunteer_id,
	       int64_t reverses, int64_t record_id, int64_t redemption_id, const char *memo,
	       int64_t *id)
{
	struct db_arg a[] = {
		{'s', 0, 0, kind},
		{'i', region_id, 0, NULL},
		{volunteer_id ? 'i' : 'n', volunteer_id, 0, NULL},
		{reverses ? 'i' : 'n', reverses, 0, NULL},
		{record_id ? 'i' : 'n', record_id, 0, NULL},
		{redemption_id ? 'i' : 'n', redemption_id, 0, NULL},
		{'s', 0, 0, memo ? memo : ""},
		{c->who ? 'i' : 'n', c->who ? c->who->user_id : 0, 0, NULL},
		{'i', c->now, 0, NULL},
	};
	int rc = db_int_a(c->db, c->e, id,
			"INSERT INTO vol_point_txns (kind, region_id, volunteer_id, reverses_txn_id,"
			" record_id, redemption_id, memo, created_by, created_at)"
			" VALUES (?,?,?,?,?,?,?,?,?) RETURNING id",
			DB_ARGS(a));
	return rc == 1 ? 0 : (rc < 0 ? rc : ERR_STORE);
}

int pt_txn_done(struct ctx *c, int64_t txn_id, int64_t region_id)
{
	/* The invariant every writer keeps: its entries sum to zero. */
	int64_t sum = 0;
	int rc = db_int(c->db, c->e, &sum, "SELECT coalesce(sum(amount), 0) FROM vol_point_entries WHERE txn_id=?",
			"i", txn_id);
	if (rc < 0)
		return rc;
	assert(sum == 0);
	if (sum)
		return err_set(c->e, ERR_INTERNAL, NULL, "积分交易不平衡", "points transaction does not balance");
	return record_created(c, &vol_point_txn_kind, txn_id, region_id, NULL);
}

static int move_balance(struct ctx *c, int64_t acct, int64_t amount)
{
	return db_exec(c->db, c->e, "UPDATE vol_point_accounts SET balance = balance + ? WHERE id=?", "ii",
		       amount, acct);
}

int pt_post_region(struct ctx *c, int64_t txn, int64_t acct, int64_t amount)
{
	int rc;
	if (!amount)
		return 0;
	if ((rc = db_exec(c->db, c->e,
			  "INSERT INTO vol_point_entries (txn_id, account_id, amount, created_at) VALUES (?,?,?,?)",
			  "iiii", txn, acct, amount, c->now)))
		return rc;
	return move_balance(c, acct, amount);
}

int pt_credit(struct ctx *c, int64_t txn, int64_t acct, int64_t amount, int64_t lot_region,
	      int64_t expires_at)
{
	int rc;
	assert(amount >= 0);
	if (!amount)
		return 0;
	struct db_arg a[] = {
		{'i', txn, 0, NULL}, {'i', acct, 0, NULL}, {'i', amount, 0, NULL}, {'i', amount, 0, NULL},
		{expires_at ? 'i' : 'n', expires_at, 0, NULL}, {'i', lot_region, 0, NULL}, {'i', c->now, 0, NULL},
	};
	rc = db_exec_a(c->db, c->e,
			"INSERT INTO vol_point_entries (txn_id, account_id, amount, remaining, expires_at,"
			" lot_region_id, created_at) VALUES (?,?,?,?,?,?,?)",
			DB_ARGS(a));
	if (rc < 0)
		return rc;
	return move_balance(c, acct, amount);
}

int pt_expiry(struct ctx *c, int64_t region_id, int64_t *expires_at)
{
	struct vol_point_rules r;
	int rc = vol_points_rules_get(c, region_id, &r);
	if (rc)
		return rc;
	*expires_at = r.expiry_days ? c->now + r.expiry_days * PT_DAY_US : 0;
	return 0;
}

int pt_debit(struct ctx *c, int64_t txn, int64_t acct, int64_t amount, int64_t prefer_entry,
	     const char *field, struct pt_lot **taken, int *ntaken)
{
	int64_t balance;
	int rc;
	assert(amount > 0);
	if ((rc = pt_balance(c, acct, &balance)))
		return rc;
	if (balance < amount)
		return err_setf(c->e, ERR_RULE, field, "积分余额不足：需要 %lld 分，余额 %lld 分",
				"not enough points: %lld needed, the balance is %lld", (long long)amount,
				(long long)balance);
	/* The lots oldest first (the preferred one before them): read them
	 * all before writing to those rows. */
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT id, remaining, coalesce(expires_at, 0), lot_region_id FROM vol_point_entries"
			       " WHERE account_id=? AND remaining > 0"
			       " ORDER BY CASE WHEN id=? THEN 0 ELSE 1 END, created_at, id",
			       "ii", acct, prefer_entry);
	if (!st)
		return c->e->code;
	int cap = 16, n = 0;
	struct {
		int64_t id, remaining, expires_at, region;
	} *lots = arena_alloc(c->a, sizeof *lots * (size_t)cap);
	int64_t left = amount;
	while (left > 0 && (rc = stmt_step(st, c->e)) == 1) {
		if (n == cap) {
			void *more = arena_alloc(c->a, sizeof *lots * (size_t)cap * 2);
			memcpy(more, lots, sizeof *lots * (size_t)cap);
			lots = more;
			cap *= 2;
		}
		lots[n].id = col_int(st, 0);
		lots[n].remaining = col_int(st, 1);
		lots[n].expires_at = col_int(st, 2);
		lots[n].region = col_int(st, 3);
		left -= lots[n].remaining;
		n++;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (left > 0) /* the lots do not cover the balance: the check will say so */
		return err_set(c->e, ERR_INTERNAL, field, "积分批次与余额不符，请运行 wushe points check",
			       "the points lots do not match the balance: run wushe points check");
	if (taken) {
		*taken = arena_alloc(c->a, sizeof **taken * (size_t)(n ? n : 1));
		*ntaken = n;
	}
	left = amount;
	for (int i = 0; i < n; i++) {
		int64_t part = lots[i].remaining < left ? lots[i].remaining : left;
		if ((rc = db_exec(c->db, c->e, "UPDATE vol_point_entries SET remaining = remaining - ? WHERE id=?",
				  "ii", part, lots[i].id)))
			return rc;
		if (taken)
			(*taken)[i] = (struct pt_lot){part, lots[i].expires_at, lots[i].region};
		left -= part;
	}
	assert(left == 0);
	if ((rc = db_exec(c->db, c->e,
			  "INSERT INTO vol_point_entries (txn_id, account_id, amount, created_at) VALUES (?,?,?,?)",
			  "iiii", txn, acct, -amount, c->now)))
		return rc;
	return move_balance(c, acct, -amount);
}

int pt_volunteer_user(struct ctx *c, int64_t volunteer_id, int64_t *user_id)
{
	int rc = db_int(c->db, c->e, user_id,
			"SELECT coalesce(p.user_id, 0) FROM vol_volunteers v JOIN people p ON p.id=v.person_id WHERE v.id=?",
			"i", volunteer_id);
	if (rc == 0)
		*user_id = 0;
	return rc < 0 ? rc : 0;
}

/* ---------- earning ---------- */

int vol_points_earn(struct ctx *c, int64_t record_id, struct err *e)
{
	struct ctx cx = *c;
	if (e)
		cx.e = e;
	c = &cx;
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT volunteer_id, region_id, kind, minutes, flagged, coalesce(amends_id, 0)"
			" FROM vol_records WHERE id=?",
			"i", record_id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "record_id", "没有这条服务记录", "no such service record");
	int64_t vid = col_int(st, 0), region = col_int(st, 1), minutes = col_int(st, 3);
	bool service = strcmp(col_text(st, 2), "service") == 0, flagged = col_int(st, 4) != 0;
	int64_t amends = col_int(st, 5);
	stmt_done(st);

	int64_t done = 0;
	if ((rc = db_int(c->db, c->e, &done, "SELECT id FROM vol_point_txns WHERE kind='earn' AND record_id=?", "i",
			 record_id)) < 0)
		return rc;
	if (rc == 1)
		return 0; /* earned already: once per record */

	/* The amended record's earn goes first (its points were for minutes
	 * this record replaces). */
	if (amends) {
		int64_t old = 0, rev;
		if ((rc = db_int(c->db, c->e, &old,
				 "SELECT t.id FROM vol_point_txns t WHERE t.kind='earn' AND t.record_id=?"
				 " AND NOT EXISTS (SELECT 1 FROM vol_point_txns r WHERE r.reverses_txn_id=t.id)",
				 "i", amends)) < 0)
			return rc;
		if (rc == 1 &&
		    (rc = pt_reverse(c, old, "服务记录已更正 / the service record was amended", 1, &rev)))
			return rc;
	}
	if (!service || flagged)
		return 0;
	/* A record some later record amends counts no more (060): it earns
	 * nothing, its amendment does. */
	int64_t later = 0;
	if ((rc = db_int(c->db, c->e, &later, "SELECT id FROM vol_records WHERE amends_id=?", "i", record_id)) < 0)
		return rc;
	if (rc == 1)
		return 0;

	struct vol_point_rules rules;
	if ((rc = vol_points_rules_get(c, region, &rules)))
		return rc;
	/* Whole points, rounded down: 50 minutes at 10 an hour is 8. */
	int64_t points = minutes * rules.points_per_hour / 60, credited = points;
	int64_t vacct, racct, balance, expires, txn;
	if ((rc = pt_account_volunteer(c, vid, &vacct)) || (rc = pt_account_region(c, region, &racct)) ||
	    (rc = pt_balance(c, vacct, &balance)) || (rc = pt_expiry(c, region, &expires)))
		return rc;
	const char *memo = arena_printf(c->a, "服务 %lld 分钟，%lld 分 / %lld minutes of service, %lld points",
					(long long)minutes, (long long)points, (long long)minutes,
					(long long)points);
	if (rules.max_balance && balance + points > rules.max_balance) {
		credited = rules.max_balance > balance ? rules.max_balance - balance : 0;
		memo = arena_printf(c->a,
				    "服务 %lld 分钟，%lld 分；积分上限 %lld，只记入 %lld 分 / %lld minutes of service,"
				    " %lld points; the cap is %lld, %lld credited",
				    (long long)minutes, (long long)points, (long long)rules.max_balance,
				    (long long)credited, (long long)minutes, (long long)points,
				    (long long)rules.max_balance, (long long)credited);
	}
	if ((rc = pt_txn_new(c, "earn", region, vid, 0, record_id, 0, memo, &txn)) ||
	    (rc = pt_post_region(c, txn, racct, -credited)) ||
	    (rc = pt_credit(c, txn, vacct, credited, region, expires)))
		return rc;
	return pt_txn_done(c, txn, region);
}

/* ---------- reversal ---------- */

int pt_reverse(struct ctx *c, int64_t txn_id, const char *reason, int clip, int64_t *out)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT kind, region_id, coalesce(volunteer_id, 0), coalesce(record_id, 0),"
			" coalesce(redemption_id, 0) FROM vol_point_txns WHERE id=?",
			"i", txn_id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这笔积分交易", "no such points transaction");
	char kind[16];
	snprintf(kind, sizeof kind, "%s", col_text(st, 0));
	int64_t region = col_int(st, 1), vid = col_int(st, 2), record = col_int(st, 3),
		redemption = col_int(st, 4);
	stmt_done(st);
	if (!strcmp(kind, "reversal") || !strcmp(kind, "expire"))
		return err_set(c->e, ERR_RULE, "id", "冲正和过期的交易不能冲正", "a reversal or an expiry cannot be reversed");
	int64_t prev = 0;
	if ((rc = db_int(c->db, c->e, &prev, "SELECT id FROM vol_point_txns WHERE reverses_txn_id=?", "i", txn_id)) < 0)
		return rc;
	if (rc == 1)
		return err_setf(c->e, ERR_CONFLICT, "id", "这笔交易已冲正（冲正交易 %lld）",
				"this transaction was reversed already (by transaction %lld)", (long long)prev);

	/* The original's entries, debits and credits, read before writing. */
	st = db_q(c->db, c->e,
		  "SELECT e.id, e.account_id, e.amount, coalesce(a.volunteer_id, 0), coalesce(e.lot_region_id, 0)"
		  " FROM vol_point_entries e JOIN vol_point_accounts a ON a.id=e.account_id"
		  " WHERE e.txn_id=? ORDER BY e.id",
		  "i", txn_id);
	if (!st)
		return c->e->code;
	int n = 0, cap = 8;
	struct {
		int64_t id, acct, amount, volunteer, lot_region;
	} *en = arena_alloc(c->a, sizeof *en * (size_t)cap);
	while ((rc = stmt_step(st, c->e)) == 1) {
		if (n == cap) {
			void *more = arena_alloc(c->a, sizeof *en * (size_t)cap * 2);
			memcpy(more, en, sizeof *en * (size_t)cap);
			en = more;
			cap *= 2;
		}
		en[n].id = col_int(st, 0);
		en[n].acct = col_int(st, 1);
		en[n].amount = col_int(st, 2);
		en[n].volunteer = col_int(st, 3);
		en[n].lot_region = col_int(st, 4);
		n++;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;

	/* Each entry's reversal, -amount, except what has expired since: a
	 * volunteer's credit whose lot (partly) expired went back to its
	 * community then, so only the rest is taken back, and the one debit
	 * of the original (every reversible kind has exactly one) is given
	 * back that much less. */
	int64_t *back = arena_alloc(c->a, sizeof *back * (size_t)(n ? n : 1));
	int64_t expired = 0, debit = -1;
	for (int i = 0; i < n; i++) {
		back[i] = -en[i].amount;
		if (en[i].amount < 0)
			debit = i;
		if (en[i].amount <= 0 || !en[i].volunteer)
			continue;
		int64_t gone = 0;
		if ((rc = db_int(c->db, c->e, &gone,
				 "SELECT coalesce(sum(amount), 0) FROM vol_point_entries WHERE lot_id=?", "i", en[i].id)) < 0)
			return rc;
		back[i] += -gone; /* gone <= 0: the expiry's debit of this lot */
		expired += -gone;
	}
	assert(n == 0 || debit >= 0);
	if (debit >= 0)
		back[debit] -= expired;

	/* What must be taken back from volunteers: if a balance cannot cover
	 * it, refuse — or, when clip (an amendment's reversal of an earn, two
	 * entries), take back what is there and give the community back as
	 * much. */
	int64_t spent = 0;
	for (int i = 0; i < n; i++) {
		if (back[i] >= 0 || !en[i].volunteer)
			continue;
		int64_t bal, need = -back[i];
		if ((rc = pt_balance(c, en[i].acct, &bal)))
			return rc;
		if (bal >= need)
			continue;
		if (!clip)
			return err_setf(c->e, ERR_RULE, "id", "志愿者余额 %lld 分，不足以收回 %lld 分",
					"the volunteer's balance of %lld cannot cover taking back %lld points",
					(long long)bal, (long long)need);
		if (n != 2 || debit < 0)
			return err_set(c->e, ERR_RULE, "id", "积分已用去，无法冲正",
				       "the points were spent already: cannot reverse");
		spent = need - bal;
		back[i] = -bal;
		back[debit] -= spent;
	}
	const char *memo = reason;
	if (spent)
		memo = arena_printf(c->a, "%s；已用去 %lld 分，无法收回 / %lld points already spent were not taken back",
				    memo, (long long)spent, (long long)spent);
	if (expired)
		memo = arena_printf(c->a, "%s；其中 %lld 分已过期 / %lld of them had expired", memo, (long long)expired,
				    (long long)expired);

	int64_t rev;
	if ((rc = pt_txn_new(c, "reversal", region, vid, txn_id, record, redemption, memo, &rev)))
		return rc;
	/* Debits first (a volunteer's credit taken back), then the credits. */
	for (int i = 0; i < n; i++) {
		if (back[i] >= 0)
			continue;
		if (en[i].volunteer)
			rc = pt_debit(c, rev, en[i].acct, -back[i], en[i].id, "id", NULL, NULL);
		else
			rc = pt_post_region(c, rev, en[i].acct, back[i]);
		if (rc)
			return rc;
	}
	for (int i = 0; i < n; i++) {
		if (back[i] <= 0)
			continue;
		if (en[i].volunteer) {
			/* Points given back: a fresh lot of the transaction's
			 * community, expiring by its rules from now. */
			int64_t expires;
			if ((rc = pt_expiry(c, region, &expires)) ||
			    (rc = pt_credit(c, rev, en[i].acct, back[i], region, expires)))
				return rc;
		} else if ((rc = pt_post_region(c, rev, en[i].acct, back[i]))) {
			return rc;
		}
	}

	/* A redemption reversed: its stock goes back, and it says so. */
	if (!strcmp(kind, "redeem") && redemption) {
		struct record rr;
		if ((rc = record_head(c, &vol_redemption_kind, redemption, &rr)) || (rc = record_begin(c, &rr, -1)) ||
		    (rc = db_exec(c->db, c->e,
				  "UPDATE vol_catalogue SET stock = stock + (SELECT quantity FROM vol_redemptions WHERE id=?),"
				  " version = version + 1, updated_at=? WHERE id=(SELECT item_id FROM vol_redemptions WHERE id=?)",
				  "iii", redemption, c->now, redemption)) ||
		    (rc = db_exec(c->db, c->e,
				  "UPDATE vol_redemptions SET status='reversed', version = version + 1, updated_at=? WHERE id=?",
				  "ii", c->now, redemption)) ||
		    (rc = record_commit(c, &rr, "reverse")))
			return rc;
	}
	if ((rc = pt_txn_done(c, rev, region)))
		return rc;

	/* Tell the volunteer (the sender of a transfer; the receiver too). */
	for (int i = 0; i < n; i++) {
		if (!en[i].volunteer)
			continue;
		bool seen = false;
		for (int j = 0; j < i; j++)
			seen = seen || en[j].volunteer == en[i].volunteer;
		if (seen)
			continue;
		int64_t uid;
		if ((rc = pt_volunteer_user(c, en[i].volunteer, &uid)))
			return rc;
		struct notice no = {
			.kind = "volunteer.points_reversed", .region_id = region,
			.title = arena_printf(c->a, "积分交易 %lld 已冲正", (long long)txn_id),
			.title_en = arena_printf(c->a, "Points transaction %lld was reversed", (long long)txn_id),
			.body = memo, .body_en = memo, .link = "/volunteer/points",
			.entity = "vol_point_txn", .entity_id = rev,
		};
		if ((rc = notify_user(c, uid, &no)))
			return rc;
	}
	*out = rev;
	return 0;
}

int vol_points_earn_all(struct ctx *c, int64_t *earned)
{
	*earned = 0;
	int64_t *ids = NULL;
	int n = 0, cap = 0, rc;
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT r.id FROM vol_records r WHERE r.kind='service' AND r.flagged=0"
			       " AND NOT EXISTS (SELECT 1 FROM vol_point_txns t WHERE t.kind='earn' AND t.record_id=r.id)"
			       " ORDER BY r.id",
			       "");
	if (!st)
		return c->e->code;
	while ((rc = stmt_step(st, c->e)) == 1) {
		if (n == cap) {
			int64_t *more = arena_alloc(c->a, sizeof *ids * (size_t)(cap = cap ? cap * 2 : 64));
			if (n)
				memcpy(more, ids, sizeof *ids * (size_t)n);
			ids = more;
		}
		ids[n++] = col_int(st, 0);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < n; i++) {
		int64_t before = 0, after = 0;
		if ((rc = db_int(c->db, c->e, &before, "SELECT count(*) FROM vol_point_txns WHERE kind=?", "s", "earn")) < 0 ||
		    (rc = vol_points_earn(c, ids[i], c->e)) ||
		    (rc = db_int(c->db, c->e, &after, "SELECT count(*) FROM vol_point_txns WHERE kind=?", "s", "earn")) < 0)
			return rc;
		*earned += after - before;
	}
	return 0;
}

int vol_points_reverse(struct ctx *c, int64_t txn_id, const char *reason, int64_t *out)
{
	struct record r;
	int rc = record_load(c, &vol_point_txn_kind, txn_id, ROLES_STAFF, &r);
	if (rc)
		return rc;
	return pt_reverse(c, txn_id, reason, 0, out);
}

/* ---------- expiry ---------- */

/* Expire the due lots of one account (acct) or of all (acct 0). */
static int expire_lots(struct ctx *c, int64_t acct, int64_t *lots, int64_t *points)
{
	struct stmt *st;
	if (acct)
		st = db_q(c->db, c->e,
			  "SELECT e.id, e.account_id, e.remaining, e.lot_region_id, a.volunteer_id FROM vol_point_entries e"
			  " JOIN vol_point_accounts a ON a.id=e.account_id"
			  " WHERE e.account_id=? AND e.remaining > 0 AND e.expires_at <= ? ORDER BY e.id",
			  "ii", acct, c->now);
	else
		st = db_q(c->db, c->e,
			  "SELECT e.id, e.account_id, e.remaining, e.lot_region_id, a.volunteer_id FROM vol_point_entries e"
			  " JOIN vol_point_accounts a ON a.id=e.account_id"
			  " WHERE e.remaining > 0 AND e.expires_at <= ? ORDER BY e.expires_at, e.id",
			  "i", c->now);
	if (!st)
		return c->e->code;
	int n = 0, cap = 16, rc;
	struct {
		int64_t id, acct, remaining, region, volunteer;
	} *due = arena_alloc(c->a, sizeof *due * (size_t)cap);
	while ((rc = stmt_step(st, c->e)) == 1) {
		if (n == cap) {
			void *more = arena_alloc(c->a, sizeof *due * (size_t)cap * 2);
			memcpy(more, due, sizeof *due * (size_t)cap);
			due = more;
			cap *= 2;
		}
		due[n].id = col_int(st, 0);
		due[n].acct = col_int(st, 1);
		due[n].remaining = col_int(st, 2);
		due[n].region = col_int(st, 3);
		due[n].volunteer = col_int(st, 4);
		n++;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < n; i++) {
		int64_t txn, racct;
		const char *memo = arena_printf(c->a, "%lld 分到期 / %lld points expired", (long long)due[i].remaining,
						(long long)due[i].remaining);
		/* The lot's rest leaves it; the debit names the lot, so a later
		 * reversal of the credit knows what expired. */
		if ((rc = pt_account_region(c, due[i].region, &racct)) ||
		    (rc = pt_txn_new(c, "expire", due[i].region, due[i].volunteer, 0, 0, 0, memo, &txn)) ||
		    (rc = db_exec(c->db, c->e, "UPDATE vol_point_entries SET remaining = 0 WHERE id=?", "i", due[i].id)) ||
		    (rc = db_exec(c->db, c->e,
				  "INSERT INTO vol_point_entries (txn_id, account_id, amount, lot_id, created_at) VALUES (?,?,?,?,?)",
				  "iiiii", txn, due[i].acct, -due[i].remaining, due[i].id, c->now)) ||
		    (rc = move_balance(c, due[i].acct, -due[i].remaining)) ||
		    (rc = pt_post_region(c, txn, racct, due[i].remaining)) || (rc = pt_txn_done(c, txn, due[i].region)))
			return rc;
		if (lots)
			++*lots;
		if (points)
			*points += due[i].remaining;
	}
	return 0;
}

int pt_expire_account(struct ctx *c, int64_t acct, int64_t *lots, int64_t *points)
{
	return expire_lots(c, acct, lots, points);
}

int vol_points_expire(struct ctx *c, int64_t *lots, int64_t *points)
{
	*lots = *points = 0;
	return expire_lots(c, 0, lots, points);
}

/* ---------- the check ---------- */

int vol_points_check(struct db *db, struct vol_points_report *r, struct err *e)
{
	memset(r, 0, sizeof *r);
	int rc;
	if ((rc = db_int(db, e, &r->txns, "SELECT count(*) FROM vol_point_txns", "")) < 0 ||
	    (rc = db_int(db, e, &r->accounts, "SELECT count(*) FROM vol_point_accounts", "")) < 0 ||
	    (rc = db_int(db, e, &r->entries, "SELECT count(*) FROM vol_point_entries", "")) < 0)
		return rc;
	static const struct {
		const char *sql;
		size_t off;
		int account;
	} checks[] = {
		{"SELECT txn_id FROM vol_point_entries GROUP BY txn_id HAVING sum(amount) <> 0 ORDER BY txn_id",
		 offsetof(struct vol_points_report, unbalanced_txns), 0},
		{"SELECT a.id FROM vol_point_accounts a"
		 " WHERE a.balance <> (SELECT coalesce(sum(e.amount), 0) FROM vol_point_entries e WHERE e.account_id=a.id)"
		 " ORDER BY a.id",
		 offsetof(struct vol_points_report, balance_mismatches), 1},
		{"SELECT a.id FROM vol_point_accounts a WHERE a.volunteer_id IS NOT NULL"
		 " AND (SELECT coalesce(sum(e.amount), 0) FROM vol_point_entries e WHERE e.account_id=a.id) < 0 ORDER BY a.id",
		 offsetof(struct vol_points_report, negative_balances), 1},
		{"SELECT a.id FROM vol_point_accounts a WHERE a.volunteer_id IS NOT NULL"
		 " AND (SELECT coalesce(sum(e.amount), 0) FROM vol_point_entries e WHERE e.account_id=a.id)"
		 " <> (SELECT coalesce(sum(e.remaining), 0) FROM vol_point_entries e WHERE e.account_id=a.id) ORDER BY a.id",
		 offsetof(struct vol_points_report, lot_mismatches), 1},
	};
	for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
		struct stmt *st = db_q(db, e, checks[i].sql, "");
		if (!st)
			return e->code;
		int64_t *count = (int64_t *)((char *)r + checks[i].off);
		while ((rc = stmt_step(st, e)) == 1) {
			int64_t id = col_int(st, 0);
			int64_t *first = checks[i].account ? &r->first_bad_account : &r->first_bad_txn;
			if (!*first)
				*first = id;
			++*count;
		}
		stmt_done(st);
		if (rc < 0)
			return rc;
	}
	return 0;
}
