/*
 * grants_funds_ext.c — the two reads of the funds' tables that funds.h
 * does not offer and the grants area needs (declared in grants_internal.h,
 * named in the report to the funds area so they can move into funds.h):
 * a fund's movements for its public page and statements, and the fund's
 * managers and supervisor to tell about an overdue disclosure. Both only
 * read; nothing here writes to the ledger.
 */
#include <string.h>

#include "core/arena.h"
#include "modules/grants/grants_internal.h"
#include "notify/notify.h"
#include "store/store.h"

int gr_fund_movements(struct ctx *c, int64_t fund_id, int64_t from, int64_t to, int limit, bool newest_first,
		      int (*fn)(void *arg, const struct gr_movement *m), void *arg)
{
	/* Money moved: single transfers and posts of pending ones (a void or
	 * an expiry moves nothing). The fund's account on the credit side is
	 * an inflow, on the debit side an outflow. */
	const char *sql =
		newest_first
			? "SELECT t.id, t.created_at, t.amount, t.credit_account_id = a.id, t.kind, t.memo,"
			  " coalesce(t.ref_type, ''), coalesce(t.ref_id, 0)"
			  " FROM fund_transfers t JOIN fund_accounts a ON a.kind='fund' AND a.fund_id=t.fund_id"
			  " WHERE t.fund_id=? AND t.phase IN ('single','post') AND t.created_at >= ? AND t.created_at < ?"
			  " AND (t.debit_account_id = a.id OR t.credit_account_id = a.id)"
			  " ORDER BY t.id DESC LIMIT ?"
			: "SELECT t.id, t.created_at, t.amount, t.credit_account_id = a.id, t.kind, t.memo,"
			  " coalesce(t.ref_type, ''), coalesce(t.ref_id, 0)"
			  " FROM fund_transfers t JOIN fund_accounts a ON a.kind='fund' AND a.fund_id=t.fund_id"
			  " WHERE t.fund_id=? AND t.phase IN ('single','post') AND t.created_at >= ? AND t.created_at < ?"
			  " AND (t.debit_account_id = a.id OR t.credit_account_id = a.id)"
			  " ORDER BY t.id LIMIT ?";
	struct stmt *st = db_q(c->db, c->e, sql, "iiii", fund_id, from, to ? to : INT64_MAX,
			       limit ? (int64_t)limit : INT64_MAX);
	if (!st)
		return c->e->code;
	int rc;
	while ((rc = stmt_step(st, c->e)) == 1) {
		struct gr_movement m = {
			.id = col_int(st, 0),
			.at = col_int(st, 1),
			.amount = col_int(st, 2),
			.in = col_int(st, 3) != 0,
			.kind = col_text(st, 4),
			.memo = col_text(st, 5),
			.party = "",
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

int gr_notify_fund_members(struct ctx *c, int64_t fund_id, const struct notice *n)
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
