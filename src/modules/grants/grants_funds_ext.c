/*
 * grants_funds_ext.c — the two reads of the funds' tables that funds.h
 * does not offer and the grants area needs (declared in grants_internal.h,
 * named in the report to the funds area so they can move into funds.h):
 * a fund's movements for its public page and statements (donors named as
 * they chose — 匿名 when anonymous — an enterprise in full, a person at the
 * least the public needs: 何*欣, as disclosure lists print them), and the fund's
 * managers and supervisor to tell about an overdue disclosure. Both only
 * read; nothing here writes to the ledger.
 */
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "modules/grants/grants_internal.h"
#include "notify/notify.h"
#include "store/store.h"

int gr_fund_movements(struct ctx *c, int64_t fund_id, int64_t from, int64_t to, int limit, bool newest_first,
		      int (*fn)(void *arg, const struct gr_movement *m), void *arg)
{
	/* Money moved: single transfers and posts of pending ones (a void or
	 * an expiry moves nothing). The fund's account on the credit side is
	 * an inflow, on the debit side an outflow.
	 * A period (a statement) walks the fund's transfers of that period in
	 * time order on fund_transfers_fund_time (073), not the fund's whole
	 * history; the newest (the public page) walk the fund's transfers
	 * newest first on fund_transfers_fund and stop at the limit. */
#define MOVEMENT_COLS \
	"SELECT t.id, t.created_at, t.amount, t.credit_account_id = a.id, t.kind, t.memo," \
	" coalesce(t.ref_type, ''), coalesce(t.ref_id, 0)," \
	" (SELECT CASE WHEN d.anonymous = 1 THEN '匿名' WHEN d.source = 'individual' THEN substr(d.donor_name, 1, 1)" \
	"  || '*' || CASE WHEN length(d.donor_name) > 2 THEN substr(d.donor_name, length(d.donor_name), 1)" \
	"  ELSE '' END ELSE d.donor_name END FROM fund_donations d" \
	"  WHERE d.id = CASE WHEN t.ref_type = 'donation' THEN t.ref_id ELSE" \
	"  (SELECT p.ref_id FROM fund_transfers p WHERE p.id = t.pending_id AND p.ref_type = 'donation') END)," \
	/* a donation's valid receipt: its issuer and number (fund_receipts_valid) */ \
	" (SELECT r.issuer_name || ' ' || r.number FROM fund_receipts r WHERE r.void_reason IS NULL AND" \
	"  r.donation_id = CASE WHEN t.ref_type = 'donation' THEN t.ref_id ELSE" \
	"  (SELECT p.ref_id FROM fund_transfers p WHERE p.id = t.pending_id AND p.ref_type = 'donation') END)" \
	" FROM fund_transfers t JOIN fund_accounts a ON a.kind='fund' AND a.fund_id=t.fund_id" \
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
		struct gr_movement m = {
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

/* The funds a grants page offers: those in the caller's regions (and
 * below) and those the caller is a member of, with their balances and
 * what the caller may do with each. */
int gr_write_funds(struct ctx *c)
{
	const char *lo = "/";
	if (c->who) {
		const struct grant *g = auth_primary_grant(c->who, ROLES_ANY);
		lo = g ? g->region_path : "/-"; /* no role over a region: members only */
	}
	const char *hi = arena_printf(c->a, "%.*s0", (int)strlen(lo) - 1, lo);
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT f.id FROM funds f JOIN regions g ON g.id=f.region_id"
			       " WHERE f.status <> 'draft' AND ((g.path >= ? AND g.path < ?)"
			       " OR f.id IN (SELECT m.fund_id FROM fund_members m WHERE m.user_id=?))"
			       " ORDER BY f.id LIMIT 200",
			       "ssi", lo, hi, c->who ? c->who->user_id : (int64_t)0);
	if (!st)
		return c->e->code;
	int64_t ids[200];
	int n = 0, rc;
	while ((rc = stmt_step(st, c->e)) == 1 && n < 200)
		ids[n++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	struct jw *w = c->w;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	for (int i = 0; i < n; i++) {
		struct fund_head f;
		struct fund_balance b;
		struct ctx sys = *c;
		sys.who = NULL;
		if ((rc = fund_load(&sys, ids[i], 0, &f)) || (rc = fund_balance_get(&sys, ids[i], &b)))
			return rc;
		char *region = NULL;
		if ((rc = db_text(c->db, c->e, c->a, &region, "SELECT name FROM regions WHERE id=?", "i", f.region_id)) < 0)
			return rc;
		jw_obj(w);
		jw_kint(w, "id", f.id);
		jw_kstr(w, "name", f.name);
		jw_kstr(w, "kind", f.kind);
		jw_kstr(w, "status", f.status);
		jw_kint(w, "region_id", f.region_id);
		jw_kstr(w, "region_name", region ? region : "");
		jw_kint(w, "posted", b.posted);
		jw_kint(w, "available", b.available);
		jw_kbool(w, "can_manage", gr_may_manage(c, &f) == 0);
		err_clear(c->e);
		jw_kbool(w, "on_committee", fund_member_has(c, f.id, "committee") || fund_member_has(c, f.id, "chair"));
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}
