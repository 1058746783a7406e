/*
 * points_internal.h — what the time bank's files share (points.c the
 * ledger, points_shop.c rules, catalogue, redemptions and transfers,
 * points_http.c the routes). Not for other areas: they use points.h.
 */
#ifndef WUSHE_MODULES_VOLUNTEER_POINTS_INTERNAL_H
#define WUSHE_MODULES_VOLUNTEER_POINTS_INTERNAL_H

#include <stdint.h>

#include "core/ctx.h"
#include "modules/volunteer/points.h"

#define PT_DAY_US ((int64_t)86400 * 1000000)
#define PT_DEFAULT_RATE 10 /* points an hour where no region has rules */

/* One consumed part of a lot (what a debit took, so a transfer can hand
 * the same lots on with their expiry). */
struct pt_lot {
	int64_t amount, expires_at, region_id;
};

/* The account of a volunteer / of a region, made on first use. */
int pt_account_volunteer(struct ctx *c, int64_t volunteer_id, int64_t *acct);
int pt_account_region(struct ctx *c, int64_t region_id, int64_t *acct);
/* A new transaction (its entries follow; pt_txn_done audits it). */
int pt_txn_new(struct ctx *c, const char *kind, int64_t region_id, int64_t volunteer_id,
	       int64_t reverses, int64_t record_id, int64_t redemption_id, const char *memo,
	       int64_t *id);
int pt_txn_done(struct ctx *c, int64_t txn_id, int64_t region_id);
/* A region account's entry (no lot). */
int pt_post_region(struct ctx *c, int64_t txn, int64_t acct, int64_t amount);
/* A volunteer's credit: a lot of lot_region's points, expiring at
 * expires_at (0: never). */
int pt_credit(struct ctx *c, int64_t txn, int64_t acct, int64_t amount, int64_t lot_region,
	      int64_t expires_at);
/* When a lot credited now by region_id's rules expires (0: never). */
int pt_expiry(struct ctx *c, int64_t region_id, int64_t *expires_at);
/* Debit a volunteer's account by amount, taking the lots oldest first (the
 * entry prefer_entry first, when not 0). 422 naming field when the balance
 * is short. taken (arena, may be NULL): the parts taken, *ntaken of them. */
int pt_debit(struct ctx *c, int64_t txn, int64_t acct, int64_t amount, int64_t prefer_entry,
	     const char *field, struct pt_lot **taken, int *ntaken);
/* Expire one account's due lots (before a spend). */
int pt_expire_account(struct ctx *c, int64_t acct, int64_t *lots, int64_t *points);
/* The account user of a volunteer (people.user_id), 0 when none. */
int pt_volunteer_user(struct ctx *c, int64_t volunteer_id, int64_t *user_id);
/* The balance of an account. */
int pt_balance(struct ctx *c, int64_t acct, int64_t *balance);
/* The reversal, with clip: take back only what the balance allows. */
int pt_reverse(struct ctx *c, int64_t txn_id, const char *reason, int clip, int64_t *out);

/* A redemption for volunteer vid (the caller's, or the demo's). */
int pt_redeem_for(struct ctx *c, int64_t vid, int64_t item_id, int64_t quantity, int64_t *redemption_id);

#endif
