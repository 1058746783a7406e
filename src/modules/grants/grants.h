/*
 * grants.h — money out of a fund (issue 12 items 4, 6, 7; docs/grants.md):
 * grants and micro-grants (资助, 微创投) to projects or organisations, the
 * trust-style property fund (信托物业) and the disclosure (公示) of every
 * fund.
 *
 * A grant is applied for, put to the fund's committee (each member's vote
 * recorded; decided once a quorum — more than half of
 * fund_committee_size — has voted, approved by a majority of the whole
 * committee), or created from a decision already made elsewhere
 * (grant_create_decided: the participatory budget's winners). Approval
 * posts its tranches to the ledger as linked pending transfers (kind
 * "grant", ref "grant_tranche") from the fund's account to its host's
 * payout account, so the money is reserved at once; paying a tranche posts
 * its pending transfer; cancelling a grant voids the tranches not paid.
 * Spending lines record what the recipient spent, each with its receipt of
 * use (票据: a scan the server stores).
 *
 * The ledger is reached only through modules/funds/funds.h. Every write
 * runs in the caller's write transaction with one audit entry per record.
 */
#ifndef WUSHE_MODULES_GRANTS_GRANTS_H
#define WUSHE_MODULES_GRANTS_GRANTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"

struct db;

extern const char *const grant_kinds[];    /* grant, micro_grant (微创投) */
/* applied, voting, approved, rejected, completed, cancelled */
extern const char *const grant_statuses[];
extern const char *const grant_sources[];  /* application, committee, pb, decision */
extern const char *const grant_tranche_statuses[]; /* planned, pending, paid, voided */
extern const char *const grant_vote_choices[];     /* yes, no, abstain */

/* A grant decided elsewhere — by residents in a participatory budget
 * ("pb"), or by a decision recorded elsewhere ("decision"). The grant is
 * created approved: its tranches are posted at once as linked pending
 * transfers (so the fund must hold the money: 422 "amount" otherwise). */
struct grant_decided_in {
	int64_t fund_id;
	const char *title;          /* the project's title, 1–100 characters */
	const char *purpose;        /* what the money is for (NULL: none) */
	const char *kind;           /* grant_kinds (NULL: "micro_grant") */
	int64_t org_id;             /* the recipient organisation (organisations.id), or */
	int64_t person_id;          /* the recipient person (people.id), or neither and */
	const char *recipient_name; /* a name (e.g. a residents' group); at least one of the three */
	int64_t amount;             /* fen, > 0 */
	int n_tranches;             /* 1–12 */
	const int64_t *tranche_amounts; /* n_tranches amounts (> 0) summing to amount; NULL: equal
					 * parts, the odd fen on the first */
	const char *source;         /* "pb" or "decision" */
	int64_t source_id;          /* the decision's record (e.g. the pb project's id), > 0 */
	const char *decision;       /* how it was decided, shown on the grant and the public page
				     * (e.g. "参与式预算第1名，312票"), 1–500 characters */
};

enum { GRANT_EXISTS = 1 }; /* returned when (source, source_id) already has its grant */

/* Create an approved grant from a decision already made. Scope: the
 * system (ctx.who NULL), or staff whose regions cover the fund's, or the
 * fund's managers (fund_load). (source, source_id) is unique: a second call
 * for the same decision writes nothing, sets *grant_id to the first grant
 * and returns GRANT_EXISTS. Errors name the field (title, amount,
 * tranche_amounts, org_id, person_id, source, decision, fund_id). */
int grant_create_decided(struct ctx *c, const struct grant_decided_in *in, int64_t *grant_id);

/* What others show of a grant (a pb project's execution, the public page). */
struct grant_summary {
	int64_t id, fund_id, amount, paid, spent; /* fen: granted, tranches paid, spending lines */
	int tranches, tranches_paid;
	const char *status, *title;
};
/* Read a grant the caller may read (404 "id", 403). */
int grant_summary_get(struct ctx *c, int64_t grant_id, struct grant_summary *out);
/* The grant made for (source, source_id); 404 "source_id" when none. */
int grant_find_by_source(struct ctx *c, const char *source, int64_t source_id, int64_t *grant_id);


/* Pay the grant's next reserved tranche (the lowest seq still pending): its
 * pending transfer is posted, as `POST /grant-tranches/{id}/pay` does (the
 * fund's managers, staff over its region, or the system). 409 naming id when
 * none is left to pay. *tranche_id: the one paid. */
int grant_pay_next_tranche(struct ctx *c, int64_t grant_id, int64_t *tranche_id);

/* A progress disclosure (公示, kind periodic) of grant_id, published now by
 * the caller as its fund's manager (staff over the fund's region, its
 * managers, or the system): what keeps a running grant off the disclosure
 * calendar's overdue list for three months. *id: the disclosure. */
int grant_disclose_progress(struct ctx *c, int64_t grant_id, const char *title, const char *body, int64_t *id);
/* The jobs: flag overdue disclosures to the fund's managers and
 * supervisor (once a day per item, through the outbox). */
int grants_disclosure_pass(struct db *db, int64_t now, int64_t *n, struct err *e);

#endif
