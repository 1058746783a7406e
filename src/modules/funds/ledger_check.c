/*
 * ledger_check.c — the ledger's two background duties (funds.h): expiring
 * the pending transfers whose time ran out (the server's job
 * funds.expire, `wushe funds expire`) and `wushe funds check`, which
 * recomputes every account's four sums from the transfers and checks the
 * rules the triggers keep, so that a database written around them — or a
 * tampered cache — is found and named.
 */
#include <stdio.h>
#include <string.h>

#include "audit/record.h"
#include "core/arena.h"
#include "modules/funds/donation.h"
#include "modules/funds/funds.h"
#include "modules/funds/funds_internal.h"
#include "store/store.h"

#define EXPIRE_BATCH 200

/* One batch of due pending transfers expired in the caller's transaction;
 * *n how many. */
static int expire_batch(struct ctx *c, int64_t *n)
{
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT p.id FROM fund_transfers p WHERE p.phase='pending' AND p.timeout_at <= ?"
			       " AND NOT EXISTS (SELECT 1 FROM fund_transfers r WHERE r.pending_id=p.id)"
			       " ORDER BY p.timeout_at, p.id LIMIT 200",
			       "i", c->now);
	if (!st)
		return c->e->code;
	int64_t ids[EXPIRE_BATCH];
	int k = 0, rc;
	while (k < EXPIRE_BATCH && (rc = stmt_step(st, c->e)) == 1)
		ids[k++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < k; i++) {
		struct stmt *p;
		if ((rc = db_row(c->db, c->e, &p,
				 "SELECT debit_account_id, credit_account_id, amount, kind, fund_id, region_id, memo,"
				 " ref_type, coalesce(ref_id, 0) FROM fund_transfers WHERE id=?",
				 "i", ids[i])) != 1)
			return rc < 0 ? rc : ERR_STORE;
		int64_t debit = col_int(p, 0), credit = col_int(p, 1), amount = col_int(p, 2), fund = col_int(p, 4),
			region = col_int(p, 5), ref_id = col_int(p, 8);
		const char *kind = arena_strdup(c->a, col_text(p, 3)), *memo = arena_strdup(c->a, col_text(p, 6));
		const char *ref_type = col_text(p, 7) ? arena_strdup(c->a, col_text(p, 7)) : NULL;
		stmt_done(p);
		/* the client id says what it is: a second pass cannot expire
		 * it again (and pending_id is unique besides) */
		const char *client_id = arena_printf(c->a, "expire:%lld", (long long)ids[i]);
		struct db_arg a[] = {
			{'s', 0, 0, client_id}, {'i', debit, 0, NULL},   {'i', credit, 0, NULL},
			{'i', amount, 0, NULL}, {'s', 0, 0, kind},        {'i', ids[i], 0, NULL},
			{'i', fund, 0, NULL},   {'i', region, 0, NULL},   {'s', 0, 0, memo},
			{'s', 0, 0, ref_type},  {ref_type ? 'i' : 'n', ref_id, 0, NULL},
			{'i', c->now, 0, NULL},
		};
		int64_t id = 0;
		rc = db_int_a(c->db, c->e, &id,
				"INSERT INTO fund_transfers (client_id, debit_account_id, credit_account_id, amount,"
				" kind, phase, pending_id, fund_id, region_id, memo, reason, ref_type, ref_id,"
				" created_at) VALUES (?,?,?,?,?,'expire',?,?,?,?,'预留到期 / the reservation expired',"
				" ?,?,?) RETURNING id",
				DB_ARGS(a));
		if (rc != 1)
			return rc < 0 ? rc : ERR_STORE;
		if ((rc = record_created(c, &fund_transfer_kind, id, region, "expire")))
			return rc;
		/* a pledge that expired: its donation is void too */
		if (ref_type && !strcmp(ref_type, "donation") && (rc = fund_donation_expired(c, ids[i])) < 0)
			return rc;
		++*n;
	}
	return k == EXPIRE_BATCH ? 1 : 0;
}

int funds_expire_pass(struct db *db, int64_t now, int64_t *n, struct err *e)
{
	*n = 0;
	int rc;
	do {
		struct arena a;
		arena_init(&a, 1 << 16);
		struct ctx c = ctx_system(db, now, &a, e);
		if ((rc = db_begin_write(db, e))) {
			arena_free(&a);
			return rc;
		}
		rc = expire_batch(&c, n);
		if (rc >= 0) {
			int more = rc;
			rc = db_commit(db, e);
			if (!rc)
				rc = more;
		} else {
			db_rollback(db);
		}
		arena_free(&a);
	} while (rc == 1);
	return rc;
}

/* ---------- the check ---------- */

static int run_check(struct db *db, struct err *e, int64_t *bad, const char *sql, const char *what)
{
	struct stmt *st = db_q(db, e, sql, "");
	if (!st)
		return e->code;
	int rc;
	while ((rc = stmt_step(st, e)) == 1) {
		++*bad;
		fprintf(stderr, "wushe funds check: %s:", what);
		for (int i = 0; i < col_count(st); i++)
			fprintf(stderr, " %s=%s", col_name(st, i), col_text(st, i) ? col_text(st, i) : "null");
		fputc('\n', stderr);
	}
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

int funds_check(struct db *db, int64_t *bad, struct err *e)
{
	*bad = 0;
	static const struct {
		const char *what, *sql;
	} checks[] = {
		/* every account's sums, recomputed: posted from single and post
		 * transfers, pending from pending ones less what resolved them */
		{"account sums differ from the transfers (账户金额与交易不符)",
		 "SELECT a.id AS account, a.debits_posted, x.dp AS debits_posted_recomputed, a.credits_posted,"
		 " x.cp AS credits_posted_recomputed, a.debits_pending, x.dq AS debits_pending_recomputed,"
		 " a.credits_pending, x.cq AS credits_pending_recomputed"
		 " FROM fund_accounts a JOIN (SELECT s.acct AS acct, sum(s.dp) AS dp, sum(s.cp) AS cp, sum(s.dq) AS dq,"
		 "  sum(s.cq) AS cq FROM ("
		 "  SELECT a2.id AS acct, 0 AS dp, 0 AS cp, 0 AS dq, 0 AS cq FROM fund_accounts a2"
		 "  UNION ALL SELECT t.debit_account_id, CASE WHEN t.phase IN ('single','post') THEN t.amount ELSE 0 END, 0,"
		 "   CASE WHEN t.phase='pending' THEN t.amount WHEN t.pending_id IS NOT NULL THEN"
		 "   -(SELECT p.amount FROM fund_transfers p WHERE p.id=t.pending_id) ELSE 0 END, 0 FROM fund_transfers t"
		 "  UNION ALL SELECT t.credit_account_id, 0, CASE WHEN t.phase IN ('single','post') THEN t.amount ELSE 0 END,"
		 "   0, CASE WHEN t.phase='pending' THEN t.amount WHEN t.pending_id IS NOT NULL THEN"
		 "   -(SELECT p.amount FROM fund_transfers p WHERE p.id=t.pending_id) ELSE 0 END FROM fund_transfers t"
		 " ) s GROUP BY s.acct) x ON x.acct=a.id"
		 " WHERE a.debits_posted <> x.dp OR a.credits_posted <> x.cp OR a.debits_pending <> x.dq"
		 " OR a.credits_pending <> x.cq ORDER BY a.id"},
		/* no fund below zero, reserved money included, by the transfers */
		{"a fund below zero (基金余额为负)",
		 "SELECT a.id AS account, a.fund_id, a.credits_posted - a.debits_posted - a.debits_pending AS available"
		 " FROM fund_accounts a WHERE a.kind='fund' AND a.credits_posted - a.debits_posted - a.debits_pending < 0"
		 " ORDER BY a.id"},
		{"a post, void or expiry that does not match its pending transfer (预留交易的处理不符)",
		 "SELECT t.id AS transfer, t.pending_id FROM fund_transfers t WHERE t.pending_id IS NOT NULL"
		 " AND NOT EXISTS (SELECT 1 FROM fund_transfers p WHERE p.id=t.pending_id AND p.phase='pending'"
		 "  AND p.debit_account_id=t.debit_account_id AND p.credit_account_id=t.credit_account_id"
		 "  AND (p.amount=t.amount OR (t.phase='post' AND t.amount < p.amount)))"
		 " OR (t.pending_id IS NULL) <> (t.phase NOT IN ('post','void','expire')) ORDER BY t.id"},
		{"a reversal that does not undo its original (冲正与原交易不符)",
		 "SELECT t.id AS transfer, t.reverses_id FROM fund_transfers t WHERE t.reverses_id IS NOT NULL"
		 " AND NOT EXISTS (SELECT 1 FROM fund_transfers o WHERE o.id=t.reverses_id AND o.phase IN ('single','post')"
		 "  AND o.kind <> 'reversal' AND o.amount=t.amount AND o.debit_account_id=t.credit_account_id"
		 "  AND o.credit_account_id=t.debit_account_id) ORDER BY t.id"},
		{"a transfer resolved or reversed twice (重复处理)",
		 "SELECT pending_id AS target, count(*) AS n FROM fund_transfers WHERE pending_id IS NOT NULL"
		 " GROUP BY pending_id HAVING count(*) > 1"
		 " UNION ALL SELECT reverses_id, count(*) FROM fund_transfers WHERE reverses_id IS NOT NULL"
		 " GROUP BY reverses_id HAVING count(*) > 1"},
		{"a transfer whose fund is on neither side (交易的基金不在借贷任一方)",
		 "SELECT t.id AS transfer, t.fund_id FROM fund_transfers t WHERE NOT EXISTS (SELECT 1 FROM fund_accounts a"
		 " WHERE a.kind='fund' AND a.fund_id=t.fund_id AND a.id IN (t.debit_account_id, t.credit_account_id))"
		 " ORDER BY t.id"},
		/* double entry: the accounts' debits equal their credits */
		{"debits differ from credits (借贷不平)",
		 "SELECT d, c, dq, cq FROM (SELECT coalesce(sum(debits_posted), 0) AS d, coalesce(sum(credits_posted), 0) AS c,"
		 " coalesce(sum(debits_pending), 0) AS dq, coalesce(sum(credits_pending), 0) AS cq FROM fund_accounts) s"
		 " WHERE d <> c OR dq <> cq"},
	};
	for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
		int rc = run_check(db, e, bad, checks[i].sql, checks[i].what);
		if (rc)
			return rc;
	}
	return 0;
}
