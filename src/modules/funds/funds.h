/*
 * funds.h — charity funds and their ledger (issue 12, DOMAIN.md §4.5):
 * named community funds (冠名基金) and the other kinds, and the double-entry
 * ledger every fen of theirs moves through (docs/funds.md).
 *
 * The ledger follows TigerBeetle's model:
 *  - accounts: every fund has one account (its money; it can never go
 *    below zero: posted debits plus pending debits never exceed posted
 *    credits). Money comes in from and goes out to the outside world
 *    through counterpart accounts of the fund's host (income: donations
 *    and give-back; payout: grants and spending), which may go negative;
 *  - transfers move `amount` fen (> 0) from a debit account to a credit
 *    account and are never updated or deleted (triggers refuse it);
 *  - every transfer carries a client-chosen id used once, ever: posting
 *    the same client id again with the same fields answers the first
 *    transfer and writes nothing (FUND_EXISTS), with other fields 409;
 *  - a pending transfer (a pledge, an approved grant tranche) reserves the
 *    money and is later posted (all or part of it), voided, or expires at
 *    its timeout — exactly once: a post or void is a new transfer that
 *    points at the pending one (unique), and the job expires what is due;
 *  - a mistake is corrected by a reversing transfer that points at the
 *    original (unique: once) and moves the same amount back;
 *  - linked transfers (fund_post_linked) all post or none does.
 * Accounts keep debits/credits posted and pending as cached sums, kept by
 * the database (a trigger on insert, a CHECK on the fund account's sums);
 * `wushe funds check` recomputes every one from the transfers and fails
 * loudly on any mismatch.
 *
 * Every write runs in the caller's write transaction and leaves one audit
 * entry per record it creates or changes (audit/record.h). Scope: a fund
 * belongs to a region (its community, town or the district); staff act on
 * the funds of their regions, and a fund's members (committee, supervisor,
 * managers) as fund_member_has says.
 */
#ifndef WUSHE_MODULES_FUNDS_FUNDS_H
#define WUSHE_MODULES_FUNDS_FUNDS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"

struct db;
struct record_kind;

/* named_community (冠名基金), happiness (幸福基金), micro_governance,
 * community_development, charitable_trust (公益慈善信托), special_programme,
 * property_trust (信托物业) */
extern const char *const fund_kinds[];
extern const char *const fund_statuses[];       /* draft, active, closed */
/* committee, chair, supervisor, manager, approver */
extern const char *const fund_member_roles[];
/* donation, give_back, pledge, grant, disbursement, spending, transfer,
 * refund, reversal, adjustment */
extern const char *const fund_transfer_kinds[];

extern const struct record_kind fund_kind;

/* What grants, budgets and disclosure need to know of a fund. */
struct fund_head {
	int64_t id, region_id, host_org_id; /* host_org_id: the charity holding its money (0: none) */
	int64_t account_id;                 /* the fund's own account */
	int64_t income_account_id, payout_account_id; /* its host's counterpart accounts */
	const char *kind, *status, *name, *path; /* path: the region's */
};

/* Load fund_id for the caller: 404 naming "fund_id" when there is none,
 * 403 when the caller neither covers its region with one of `roles` nor
 * is one of its members (any role) — roles 0: anyone who may read it. */
int fund_load(struct ctx *c, int64_t fund_id, unsigned roles, struct fund_head *out);

/* Whether the caller (its account) is a member of the fund in `role`
 * (NULL: any role). */
bool fund_member_has(struct ctx *c, int64_t fund_id, const char *role);
/* The number of the fund's committee members (chair included) who hold
 * an account: a committee vote's electorate. */
int fund_committee_size(struct ctx *c, int64_t fund_id, int64_t *n);

enum {
	FT_PENDING = 1, /* reserve now, post or void later */
};

struct fund_transfer_in {
	const char *client_id;   /* required, 1–64 characters, used once ever */
	int64_t debit_account_id, credit_account_id;
	int64_t amount;          /* fen, > 0 */
	const char *kind;        /* fund_transfer_kinds */
	int flags;               /* FT_PENDING */
	int64_t timeout_s;       /* pending only: expires this many seconds after now (0: never) */
	const char *memo;        /* shown on the public page: no personal data */
	const char *ref_type;    /* what it belongs to: "donation", "grant_tranche", "pb_project", … (NULL) */
	int64_t ref_id;
};

enum { FUND_EXISTS = 1 }; /* returned (not an error) when client_id was already posted identically */

/* Post one transfer; *id the transfer. 422 naming the field at fault
 * (amount, accounts, kind), 409 "client_id" when the client id was used
 * with other fields, 422 "amount" with "余额不足 / insufficient funds" when
 * the debit account is a fund's and would go below zero. */
int fund_post(struct ctx *c, const struct fund_transfer_in *in, int64_t *id);
/* Post n transfers that succeed or fail together (ids[i] for in[i]); the
 * error names the index of the one at fault ("transfers[2].amount"). */
int fund_post_linked(struct ctx *c, const struct fund_transfer_in *in, int n, int64_t *ids);
/* Post a pending transfer: amount 0 = all of it, less posts part and
 * releases the rest; 409 when it was already posted, voided or expired. */
int fund_pending_post(struct ctx *c, int64_t pending_id, int64_t amount, const char *client_id,
		      int64_t *id);
/* Void a pending transfer with a reason; 409 as above. */
int fund_pending_void(struct ctx *c, int64_t pending_id, const char *client_id, const char *reason,
		      int64_t *id);
/* Reverse a posted transfer with a reason (once: 409 the second time; 422
 * when the reversal would take a fund below zero). */
int fund_reverse(struct ctx *c, int64_t transfer_id, const char *client_id, const char *reason,
		 int64_t *id);

struct fund_balance {
	int64_t posted;    /* credits posted − debits posted */
	int64_t pending_in, pending_out;
	int64_t available; /* posted − pending_out */
};
int fund_balance_get(struct ctx *c, int64_t fund_id, struct fund_balance *out);

/* The job: expire every pending transfer whose timeout passed (a void of
 * kind expiry), in write transactions of its own. */
int funds_expire_pass(struct db *db, int64_t now, int64_t *n, struct err *e);

/* Recompute every account's sums from the transfers and check the rules
 * (no fund below zero, every post/void/reversal points at a transfer of
 * the right kind once, debits equal credits); prints each mismatch to
 * stderr; *bad counts them. `wushe funds check`: exit 1 when *bad > 0. */
int funds_check(struct db *db, int64_t *bad, struct err *e);

/* ---- what others read of a fund's ledger (fund_movements.c) ---- */

/* One movement of money into or out of a fund's account. */
struct fund_movement {
	int64_t id, at, amount; /* amount > 0 */
	bool in;                /* into the fund (else out of it) */
	const char *kind, *memo;
	/* a donation's donor as they chose to be named (匿名 when anonymous, an
	 * enterprise in full, a person at the least the public needs: 何*欣),
	 * or ""; and its valid receipt, "issuer number", or "" */
	const char *party, *receipt;
	const char *ref_type;   /* "" when none */
	int64_t ref_id;
};
/* The fund's posted movements (single transfers and posts of pending
 * ones: a void or an expiry moves nothing). newest_first with from = to
 * = 0: the newest `limit` (the public page); otherwise those of [from, to)
 * (µs; to 0: open), in time order or newest first, at most limit (0: all).
 * fn per movement; a non-zero return stops the walk and is returned. No
 * scope check: the caller decides who may read the fund. */
int fund_movements(struct ctx *c, int64_t fund_id, int64_t from, int64_t to, int limit, bool newest_first,
		   int (*fn)(void *arg, const struct fund_movement *m), void *arg);

struct notice;
/* Tell the fund's managers, chair and supervisor (those with an account)
 * through the outbox (notify_user). */
int fund_notify_managers(struct ctx *c, int64_t fund_id, const struct notice *n);

#endif
