/*
 * fund_movements.c — what other areas read of a fund's ledger (funds.h):
 * its movements for the public page and statements (grants' public.c), and
 * its managers to tell of something through the outbox. Both only read.
 */
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "modules/funds/funds.h"
#include "notify/notify.h"
#include "store/store.h"

int fund_movements(struct ctx *c, int64_t fund_id, int64_t from, int64_t to, int limit, bool newest_first,
		   int (*fn)(void *arg, const struct fund_movement *m), void *arg)
{
	/* Money moved: single transfers and posts of pending ones (a void or
	 * an expiry moves nothing). The fund's account on the credit side is
	 * an inflow, on the debit side an outflow.
	 * A period (a statement) walks the fund's transfers of that period in
	 * time order on fund_transfers_fund_time (073), not the fund's whole
	 * history; the newest (the public page) walk the fund's transfers
	 * newest first on fund_transfers_fund and stop at the limit. */
	/* The donation a movement belongs to — its own transfer's, or the
	 * pledge's it posts — is found once (dn), and names the donor and the
	 * valid receipt (fund_receipts_valid: at most one per donation). */
#define MOVEMENT_COLS \
	"SELECT t.id, t.created_at, t.amount, t.credit_account_id = a.id, t.kind, t.memo," \
	" coalesce(t.ref_type, ''), coalesce(t.ref_id, 0)," \
	" CASE WHEN d.anonymous = 1 THEN '匿名' WHEN d.source = 'individual' THEN substr(d.donor_name, 1, 1)" \
	"  || '*' || CASE WHEN length(d.donor_name) > 2 THEN substr(d.donor_name, length(d.donor_name), 1)" \
	"  ELSE '' END ELSE d.donor_name END," \
	" r.issuer_name || ' ' || r.number" \
	" FROM fund_transfers t JOIN fund_accounts a ON a.kind='fund' AND a.fund_id=t.fund_id" \
	" LEFT JOIN fund_transfers p ON p.id = t.pending_id AND p.ref_type = 'donation'" \
	" LEFT JOIN fund_donations d ON d.id = CASE WHEN t.ref_type = 'donation' THEN t.ref_id ELSE p.ref_id END" \
	" LEFT JOIN fund_receipts r ON r.donation_id = d.id AND r.void_reason IS NULL" \
	" WHERE t.fund_id=? AND t.phase IN ('single','post')" \
	" AND (t.debit_account_id = a.id OR t.credit_account_id = a.id)"
	struct stmt *st;
	int64_t lim = limit ? (int64_t)limit : INT64_MAX;
	if (newest_first && !from && !to)
		st = db_q(c->db, c->e, MOVEMENT_COLS " ORDER BY t.id DESC LIMIT ?", "ii", fund_id, lim);
	else
		st = db_q(c->db, c->e,
			  newest_first ? MOVEMENT_COLS " AND t.created_at >= ? AND t.created_at < ?"
						   " ORDER BY t.created_at DESC, t.id DESC LIMIT ?"
				       : MOVEMENT_COLS " AND t.created_at >= ? AND t.created_at < ?"
						   " ORDER BY t.created_at, t.id LIMIT ?",
			  "iiii", fund_id, from, to ? to : INT64_MAX, lim);
#undef MOVEMENT_COLS
	if (!st)
		return c->e->code;
	int rc;
	while ((rc = stmt_step(st, c->e)) == 1) {
		struct fund_movement m = {
			.id = col_int(st, 0),
			.at = col_int(st, 1),
			.amount = col_int(st, 2),
			.in = col_int(st, 3) != 0,
			.kind = col_text(st, 4),
			.memo = col_text(st, 5),
			.party = col_null(st, 8) ? "" : col_text(st, 8),
			.receipt = col_null(st, 9) ? "" : col_text(st, 9),
			.ref_type = col_text(st, 6),
			.ref_id = col_int(st, 7),
		};
		if ((rc = fn(arg, &m))) {
			stmt_done(st);
			return rc;
		}
	}
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

int fund_notify_managers(struct ctx *c, int64_t fund_id, const struct notice *n)
{
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT DISTINCT user_id FROM fund_members WHERE fund_id=? AND user_id IS NOT NULL"
			       " AND role IN ('manager','supervisor','chair') ORDER BY user_id LIMIT 100",
			       "i", fund_id);
	if (!st)
		return c->e->code;
	int64_t ids[100];
	int k = 0, rc;
	while ((rc = stmt_step(st, c->e)) == 1 && k < 100)
		ids[k++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < k; i++)
		if ((rc = notify_user(c, ids[i], n)))
			return rc;
	return 0;
}
