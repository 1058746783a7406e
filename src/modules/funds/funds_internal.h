/*
 * funds_internal.h — what the funds folder's files share beyond funds.h:
 * the fund's own records (create, change, members), the transfers' record
 * kind and the ledger's account helpers. Nothing outside src/modules/funds/
 * includes it (the grants and budget areas use funds.h only).
 */
#ifndef WUSHE_MODULES_FUNDS_FUNDS_INTERNAL_H
#define WUSHE_MODULES_FUNDS_FUNDS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "modules/funds/funds.h"

struct record_kind;
extern const struct record_kind fund_member_kind;
extern const struct record_kind fund_transfer_kind;

#define FUND_NAME_MAX 100
#define FUND_COMMITTEE_MIN 5

struct fund_in {
	int64_t region_id, host_org_id; /* host 0: none (not for a named fund) */
	const char *kind, *name, *purpose;
};

/* Create a fund (draft) with its account and, when it has no host, its
 * counterpart accounts (a host's are made on first use). Staff of the
 * region; a host organisation in the region's district. */
int fund_create(struct ctx *c, const struct fund_in *in, int64_t *id);
/* Change name, purpose (and host or kind while a draft). */
int fund_update(struct ctx *c, int64_t id, int64_t version, const struct fund_in *in);
/* draft → active (a named fund: committee of at least five, an odd number,
 * and a supervisor), active → closed (balance and reservations zero). */
int fund_set_status(struct ctx *c, int64_t id, int64_t version, const char *status);
/* Whether a named fund's members satisfy the committee rule; 422 naming
 * "members" when not. */
int fund_committee_rule(struct ctx *c, int64_t fund_id);

struct fund_member_in {
	const char *role, *name, *affiliation;
	int64_t user_id; /* 0: no account */
};
/* Add n members at once (so an active named fund's committee can grow by
 * two and stay odd); the error names "members[i].field". */
int fund_members_add(struct ctx *c, int64_t fund_id, const struct fund_member_in *in, int n, int64_t *ids);
/* Change one member (name, affiliation, account; not the role). */
int fund_member_update(struct ctx *c, int64_t fund_id, int64_t member_id, int64_t version,
		       const struct fund_member_in *in);
/* Remove members at once (ids); an active named fund must keep its rule. */
int fund_members_remove(struct ctx *c, int64_t fund_id, const int64_t *ids, int n);

/* The caller may manage the fund: staff over its region, or one of its
 * managers. */
bool fund_may_manage(struct ctx *c, const struct fund_head *f);
/* The caller may read the fund: system, any role over its region or a
 * region below it (a district fund is everyone's in the district), or a
 * member. */
bool fund_may_read(struct ctx *c, const struct fund_head *f);

/* The account of a host organisation's (or a host-less fund's)
 * counterpart kind ("income", "payout"), made on first use. */
int fund_counterpart(struct ctx *c, int64_t org_id, int64_t fund_id, int64_t region_id, const char *kind,
		     int64_t *acct);

/* Whether s is one of the NULL-terminated list. */
bool fund_in_list(const char *const *list, const char *s);

#endif
