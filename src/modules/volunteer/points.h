/*
 * points.h — the volunteers' time bank (时间银行): points earned from
 * confirmed service hours, spent on a community's catalogue, transferred
 * as the sender's community allows (docs/volunteer-points.md).
 *
 * The ledger is double-entry (schema/061_vol_points.sql): every
 * transaction's entries sum to zero, balances are the entries' sums (a
 * cached column that `wushe points check` recomputes), a volunteer's is
 * never negative, and a correction is only a reversal of a whole
 * transaction, at most once. Points never change a service record: an
 * earn points at the record it paid for, nothing more.
 *
 * Every write runs in the caller's write transaction and leaves one audit
 * entry per record it creates or changes (audit/record.h).
 */
#ifndef WUSHE_MODULES_VOLUNTEER_POINTS_H
#define WUSHE_MODULES_VOLUNTEER_POINTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"

struct db;
struct record_kind;

extern const char *const vol_point_transfer_rules[]; /* none, family, any */
extern const char *const vol_point_txn_kinds[];      /* earn, redeem, transfer, reversal, expire, grant */
extern const char *const vol_redemption_statuses[];  /* done, reversed */

extern const struct record_kind vol_point_rules_kind, vol_point_txn_kind, vol_catalogue_kind,
	vol_redemption_kind;

/* Credit the volunteer of service record record_id (called in the
 * transaction that wrote the record): a 'service' record that is not
 * flagged earns floor(minutes × points_per_hour / 60) points of its
 * region's rules (the nearest region with rules; none: 10 an hour), from
 * that region's account, credited only up to max_balance (the memo says
 * so). When the record amends another, the earn of the amended record is
 * reversed first (as far as the volunteer's balance allows: points
 * already spent are not taken back, and the memo says how many).
 * Idempotent: a record earns once (a second call does nothing). */
int vol_points_earn(struct ctx *c, int64_t record_id, struct err *e);

/* vol_points_earn for every service record without an earn yet, oldest
 * first (records confirmed before the time bank, or a missed call);
 * *earned counts the earns made. `wushe points earn`. */
int vol_points_earn_all(struct ctx *c, int64_t *earned);

/* The effective rules of a region. */
struct vol_point_rules {
	int64_t region_id;        /* the region asked about */
	int64_t from_region_id;   /* the region whose rules apply (0: the defaults) */
	int64_t points_per_hour, max_balance, expiry_days, version;
	const char *transfer;
};
int vol_points_rules_get(struct ctx *c, int64_t region_id, struct vol_point_rules *out);

struct vol_point_rules_in {
	int64_t points_per_hour, max_balance, expiry_days, version;
	const char *transfer;
	bool has_version;
};
/* Set region_id's own rules (community staff of it and above). */
int vol_points_rules_put(struct ctx *c, int64_t region_id, const struct vol_point_rules_in *in);

/* The volunteer whose person's account is the caller: 404 naming
 * "volunteer" when there is none. */
int vol_points_my_volunteer(struct ctx *c, int64_t *volunteer_id);
/* The volunteer's balance (0 without an account). */
int vol_points_balance(struct ctx *c, int64_t volunteer_id, int64_t *balance);

/* Reverse transaction txn_id with a reason (staff in scope of its
 * region): 409 when already reversed, 422 for a reversal or an expiry,
 * or when the volunteer's balance cannot cover a credit being taken back.
 * A redemption's reversal also returns its stock. *out: the reversal. */
int vol_points_reverse(struct ctx *c, int64_t txn_id, const char *reason, int64_t *out);

struct vol_catalogue_in {
	int64_t region_id, points, stock, version;
	const char *name, *description;
	bool active;
	bool has_points, has_stock, has_name, has_description, has_active;
};
int vol_catalogue_add(struct ctx *c, const struct vol_catalogue_in *in, int64_t *id);
int vol_catalogue_change(struct ctx *c, int64_t id, const struct vol_catalogue_in *in);

/* The caller (a volunteer) redeems quantity of item_id: stock and points
 * in one transaction; 422 naming "quantity" when the stock is short and
 * "balance" when the points are. */
int vol_points_redeem(struct ctx *c, int64_t item_id, int64_t quantity, int64_t *redemption_id);

/* The caller (a volunteer) gives points to another volunteer, as the
 * sender's community's rule says (none | family: same address in the
 * same community | any). *txn_id: the transfer. */
int vol_points_transfer(struct ctx *c, int64_t to_volunteer_id, int64_t points,
			const char *relation, int64_t *txn_id);

/* Expire the lots whose time has come (one 'expire' transaction per lot,
 * back to the community that credited them). */
int vol_points_expire(struct ctx *c, int64_t *lots, int64_t *points);

/* Recompute every balance from the entries; count what does not hold. */
struct vol_points_report {
	int64_t txns, accounts, entries;
	int64_t unbalanced_txns;      /* entries not summing to zero */
	int64_t balance_mismatches;   /* cached balance != sum of entries */
	int64_t negative_balances;    /* a volunteer below zero */
	int64_t lot_mismatches;       /* a volunteer's unspent lots != balance */
	int64_t first_bad_account, first_bad_txn;
};
int vol_points_check(struct db *db, struct vol_points_report *r, struct err *e);
static inline bool vol_points_report_ok(const struct vol_points_report *r)
{
	return !r->unbalanced_txns && !r->balance_mismatches && !r->negative_balances &&
	       !r->lot_mismatches;
}

/* Staff award points to a volunteer of their scope (a commendation, a
 * one-off drive): a 'grant' from the volunteer's community's account, with
 * the reason as memo; the cap does not apply (it limits earning).
 * *txn_id: the grant. */
int vol_points_grant(struct ctx *c, int64_t volunteer_id, int64_t points, const char *reason, int64_t *txn_id);

/* Move every point of volunteer `from` to `into` (the same lots, with
 * their expiry), when staff merge a duplicate volunteer into the kept one:
 * one 'transfer' transaction, none when there is nothing to move. Call it
 * in the merge's transaction (the lead wires it). *txn_id: 0 or the move. */
int vol_points_merge(struct ctx *c, int64_t from, int64_t into, int64_t *txn_id);

/* The person's own copy of their data (module_pii, points_personal.c). */
struct personal_subject;
struct personal_sink;
int vol_points_pii_collect_entries(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int vol_points_pii_collect_redemptions(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);

/* `wushe demo`'s part: rules and catalogues for 北区社区 and 文华社区, the
 * points of the demo's records, a couple of redemptions. */
int vol_points_demo(struct db *db, int64_t now, struct err *e);

/* `wushe points check|expire --db PATH`. */
int cmd_points(int argc, char **argv);
/* One vol_points_expire in its own write transaction (*n: lots expired):
 * the server's daily job and `wushe points expire`. */
int vol_points_expire_pass(struct db *db, int64_t now, int64_t *n, struct err *e);

#endif
