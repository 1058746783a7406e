/*
 * pb_internal.h — what the budget area's files share and nobody else
 * uses: a budget's head as the logic reads it, the count of its ballots,
 * the fund check and the grants (pb_award.c), a resident's shown name.
 */
#ifndef WUSHE_MODULES_BUDGET_PB_INTERNAL_H
#define WUSHE_MODULES_BUDGET_PB_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "modules/budget/budget.h"

struct pb_head {
	int64_t id, region_id, fund_id, total_fen, max_projects, min_projects, min_share_pct, min_supports;
	int64_t voting_from, voting_to, version;
	bool part_fund;
	const char *rule, *phase, *path, *title;
	int phase_i; /* index in pb_phases */
};
int pb_head_load(struct ctx *c, int64_t id, struct pb_head *h);
int pb_phase_index(const char *phase);

/* The projects on the ballot (by id) with their votes and overrides, and
 * the ballots cast. */
struct pb_count {
	struct pb_tally_in *p;
	int n;
	int64_t n64, ballots, blank;
};
int pb_count(struct ctx *c, const struct pb_head *h, struct pb_count *out);

/* The ballot and the support of a person already found to be a voter
 * (pb_ballot_cast and pb_project_support after their checks; the demo). */
int pb_ballot_record(struct ctx *c, const struct pb_head *h, int64_t person, const int64_t *ids, int n,
		     int64_t *ballot_id);
int pb_project_record(struct ctx *c, const struct pb_head *h, const struct pb_project_in *in, int64_t person,
		      int64_t *id);
int pb_support_record(struct ctx *c, int64_t project_id, int64_t person);

/* The fund a budget draws on, when given: it must be a fund of the
 * budget's community or above (pb_award.c). */
int pb_fund_check(struct ctx *c, int64_t fund_id, int64_t region_id);

/* Tell the community's residents the budget entered its phase (h as it
 * is now), in the caller's transaction (pb_notice.c). */
int pb_notify_phase(struct ctx *c, const struct pb_head *h);

/* 黄婉仪, female → 黄女士 (from the arena). */
const char *pb_display_name(struct ctx *c, const char *name, const char *gender);

#endif
