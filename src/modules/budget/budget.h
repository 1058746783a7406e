/*
 * budget.h — participatory budgets (参与式预算, issue 12 item 5,
 * docs/participatory-budgets.md): a community's residents propose projects
 * paid from one of its funds; the organisers (the community's staff and
 * those above) review each for feasibility (an unfeasible one with its
 * reason), residents support them, then vote by the rule the organisers
 * chose, and the winners are picked by that rule — by votes, each funded
 * while it still fits — with organiser overrides only with a recorded
 * reason. Winners are then carried out, milestone by milestone.
 *
 * Phases, in order: draft → proposals → review → support → voting →
 * results → execution → closed. Each phase's dates are shown; the phase
 * itself moves when the organisers move it (never backwards).
 *
 * A voter is a verified resident (people.verified_at set, status active)
 * whose account is linked to the person (people.user_id) and who lives in
 * the budget's community. One ballot per person per budget, held by a
 * UNIQUE constraint: a second submission changes the same ballot, until
 * voting closes.
 *
 * Every write runs in the caller's write transaction and leaves one audit
 * entry per record it creates or changes (audit/record.h).
 */
#ifndef WUSHE_MODULES_BUDGET_BUDGET_H
#define WUSHE_MODULES_BUDGET_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"

struct db;
struct record_kind;

extern const char *const pb_rules[];          /* approval, knapsack, min_share, range */
extern const char *const pb_phases[];         /* draft … closed */
extern const char *const pb_project_statuses[]; /* proposed, feasible, unfeasible, withdrawn */
extern const char *const pb_outcomes[];       /* funded, part_funded, skipped, no_votes, excluded, included */
extern const char *const pb_override_actions[]; /* include, exclude, withdraw */

extern const struct record_kind pb_budget_kind, pb_project_kind, pb_ballot_kind, pb_override_kind,
	pb_milestone_kind;

/* ---------- the tally (pb_tally.c: pure, no database) ---------- */

struct pb_tally_in {
	int64_t id, cost_fen, votes;
	int forced; /* +1 included by an override, −1 excluded, 0 none */
};
struct pb_tally_out {
	int64_t id, votes, funded_fen, remaining_fen;
	int rank;            /* 1 = most votes */
	const char *outcome; /* pb_outcomes */
};
/*
 * Rank the n projects and fund them from total_fen (out[i] in rank order):
 *   1. order: votes descending; ties by cost ascending (the cheaper first,
 *      so the same money funds more of what residents chose), then by id
 *      ascending (the earlier proposal first) — deterministic;
 *   2. overrides first: every included project is funded (its cost taken
 *      from the budget, "included"); excluded ones are passed over
 *      ("excluded") — the caller checked the included fit together;
 *   3. then down the order: a project with no votes is not funded
 *      ("no_votes"); one whose cost fits what is left is funded in full
 *      ("funded"); one that does not fit is "skipped" and the walk goes on
 *      (a cheaper one further down may still fit);
 *   4. with part_fund, the first skipped project gets what is left once
 *      the walk is over ("part_funded", funded_fen < cost), unless nothing
 *      is left.
 * *remainder is what stays unspent. The rule of the ballot does not change
 * the walk: it only decided which ballots were valid.
 * Runs in O(n log n); out holds n entries.
 */
void pb_tally(const struct pb_tally_in *in, int n, int64_t total_fen, bool part_fund,
	      struct pb_tally_out *out, int64_t *remainder);

/* Whether a ballot of `count` projects costing `cost_fen` is valid under a
 * budget's rule (a blank ballot, count 0, always is): 0, or 422 naming
 * "project_ids" with the rule's words. */
struct pb_rule {
	const char *rule;
	int64_t total_fen, max_projects, min_projects, min_share_pct;
};
int pb_ballot_check(const struct pb_rule *r, int64_t count, int64_t cost_fen, struct err *e);

/* The voter's stable order of a project: a hash of (budget, voter,
 * project), so each voter sees the projects in an order of their own that
 * does not change from one visit to the next. */
uint64_t pb_shuffle_key(int64_t budget_id, int64_t voter, int64_t project_id);

/* ---------- budgets ---------- */

struct pb_budget_in {
	int64_t region_id, fund_id, total_fen, max_projects, min_projects, min_share_pct, min_supports;
	const char *title, *description, *rule;
	bool part_fund, has_part_fund, has_fund_id;
	int64_t proposals_from, proposals_to, review_from, review_to, support_from, support_to,
		voting_from, voting_to, results_at, execution_from;
	int64_t version;
};
int pb_budget_create(struct ctx *c, const struct pb_budget_in *in, int64_t *id);
/* Change the settings; the rule, total and limits only before voting. */
int pb_budget_update(struct ctx *c, int64_t id, const struct pb_budget_in *in);
/* Move to the next phase (only forward, one or more steps). Leaving
 * voting tallies; entering execution turns the winners into grants. */
int pb_budget_phase(struct ctx *c, int64_t id, const char *phase, int64_t version);

/* The caller may see the budget (staff over it, or anyone living in it). */
int pb_budget_visible(struct ctx *c, int64_t id, bool *staff);

/* ---------- projects ---------- */

struct pb_project_in {
	const char *title, *description, *location;
	int64_t cost_fen;
};
/* A verified resident of the community (or its staff) proposes, in the
 * proposals phase. */
int pb_project_propose(struct ctx *c, int64_t budget_id, const struct pb_project_in *in, int64_t *id);
/* Review (staff, review phase; proposals phase too): feasible, or
 * unfeasible with a reason (422 "reason" without one); cost_fen > 0
 * corrects the estimate. */
int pb_project_review(struct ctx *c, int64_t id, bool feasible, const char *reason, int64_t cost_fen,
		      int64_t version);
/* The proposer (or staff) withdraws a project, in the proposals and review
 * phases: it leaves the lists and the ballot. */
int pb_project_withdraw(struct ctx *c, int64_t id, int64_t version);
/* The caller supports (support phase), once (409 the second time). */
int pb_project_support(struct ctx *c, int64_t id);

/* ---------- ballots ---------- */

/* Cast or change the caller's ballot (voting phase, before voting_to):
 * n = 0 is a blank ballot. 404 "person" when the caller is not a verified
 * resident of the community; 422 "project_ids" when a project is not on
 * the ballot or the rule refuses the choice. *ballot_id its id. */
int pb_ballot_cast(struct ctx *c, int64_t budget_id, const int64_t *project_ids, int n, int64_t *ballot_id);
/* The caller's person as a voter of the budget (0 when none). */
int pb_voter(struct ctx *c, int64_t budget_id, int64_t *person_id);

/* ---------- results ---------- */

/* Count the ballots and write the results (pb_results, the budget's
 * totals) by the budget's rule and its overrides; the organisers, from the
 * moment voting closes; leaving voting runs it too. */
int pb_budget_tally(struct ctx *c, int64_t id);
/* An organiser includes or excludes a project, or withdraws an earlier
 * override, with a reason (422 "reason" without one); the tally is run
 * again and the results page shows it. */
int pb_override_add(struct ctx *c, int64_t budget_id, int64_t project_id, const char *action,
		    const char *reason, int64_t *id);

/* ---------- execution ---------- */

struct pb_milestone_in {
	const char *title, *due_date, *note;
	int64_t progress, version;
	bool done, has_done, has_progress, has_note, has_due_date;
};
int pb_milestone_add(struct ctx *c, int64_t project_id, const struct pb_milestone_in *in, int64_t *id);
int pb_milestone_update(struct ctx *c, int64_t id, const struct pb_milestone_in *in);

/* Choose the fund that pays (staff, before execution): a fund of the
 * community or a region above it that the caller may read. */
int pb_budget_set_fund(struct ctx *c, int64_t id, int64_t fund_id, int64_t version);

/* The winners' money: each funded project becomes an approved grant of
 * the budget's fund (grants.h grant_create_decided: source "pb", the
 * project's id, two tranches reserved in the ledger at once), its id kept
 * on the project (pb_award.c). Called when the budget enters execution:
 * 422 "fund_id" without a fund, 422 "amount" when the fund cannot pay. */
int pb_budget_award(struct ctx *c, int64_t id);

#endif
