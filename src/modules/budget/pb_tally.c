/*
 * pb_tally.c — the participatory budget's counting rules, without a
 * database (budget.h): the ranking and the greedy funding walk, a
 * ballot's validity under the budget's rule, and the voter's stable
 * shuffle. tests/unit/test_budget.c holds each rule to its word.
 */
#include <stdlib.h>
#include <string.h>

#include "modules/budget/budget.h"

const char *const pb_rules[] = {"approval", "knapsack", "min_share", "range", NULL};
const char *const pb_phases[] = {"draft",   "proposals", "review",    "support",
				 "voting",  "results",   "execution", "closed", NULL};
const char *const pb_project_statuses[] = {"proposed", "feasible", "unfeasible", "withdrawn", NULL};
const char *const pb_outcomes[] = {"funded", "part_funded", "skipped", "no_votes", "excluded", "included", NULL};
const char *const pb_override_actions[] = {"include", "exclude", "withdraw", NULL};

/* votes descending, cost ascending, id ascending */
static int by_rank(const void *pa, const void *pb)
{
	const struct pb_tally_in *a = *(const struct pb_tally_in *const *)pa;
	const struct pb_tally_in *b = *(const struct pb_tally_in *const *)pb;
	if (a->votes != b->votes)
		return a->votes > b->votes ? -1 : 1;
	if (a->cost_fen != b->cost_fen)
		return a->cost_fen < b->cost_fen ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

void pb_tally(const struct pb_tally_in *in, int n, int64_t total_fen, bool part_fund,
	      struct pb_tally_out *out, int64_t *remainder)
{
	const struct pb_tally_in **ord = malloc(sizeof *ord * (size_t)(n ? n : 1));
	if (!ord)
		abort();
	for (int i = 0; i < n; i++)
		ord[i] = &in[i];
	qsort(ord, (size_t)n, sizeof *ord, by_rank);
	int64_t left = total_fen;
	/* the overrides first: included projects are paid before the walk */
	for (int i = 0; i < n; i++) {
		out[i] = (struct pb_tally_out){.id = ord[i]->id, .votes = ord[i]->votes, .rank = i + 1};
		if (ord[i]->forced > 0) {
			int64_t pay = ord[i]->cost_fen <= left ? ord[i]->cost_fen : left;
			out[i].outcome = "included";
			out[i].funded_fen = pay;
			left -= pay;
		} else if (ord[i]->forced < 0) {
			out[i].outcome = "excluded";
		}
	}
	int first_skipped = -1;
	for (int i = 0; i < n; i++) {
		if (out[i].outcome)
			continue;
		if (ord[i]->votes <= 0) {
			out[i].outcome = "no_votes";
		} else if (ord[i]->cost_fen <= left) {
			out[i].outcome = "funded";
			out[i].funded_fen = ord[i]->cost_fen;
			left -= ord[i]->cost_fen;
		} else {
			out[i].outcome = "skipped";
			if (first_skipped < 0)
				first_skipped = i;
		}
	}
	if (part_fund && first_skipped >= 0 && left > 0) {
		out[first_skipped].outcome = "part_funded";
		out[first_skipped].funded_fen = left;
		left = 0;
	}
	/* what was left after each row, in rank order */
	int64_t run = total_fen;
	for (int i = 0; i < n; i++) {
		run -= out[i].funded_fen;
		out[i].remaining_fen = run;
	}
	*remainder = left;
	free(ord);
}

static int yuan(int64_t fen, char *buf, size_t cap)
{
	/* 1234567 fen → "12345.67" */
	char tmp[32];
	int k = 0;
	int64_t y = fen / 100, f = fen % 100;
	char digits[24];
	int nd = 0;
	do {
		digits[nd++] = (char)('0' + y % 10);
		y /= 10;
	} while (y && nd < 20);
	while (nd)
		tmp[k++] = digits[--nd];
	tmp[k++] = '.';
	tmp[k++] = (char)('0' + f / 10);
	tmp[k++] = (char)('0' + f % 10);
	tmp[k] = 0;
	if ((size_t)k + 1 > cap)
		return -1;
	memcpy(buf, tmp, (size_t)k + 1);
	return 0;
}

int pb_ballot_check(const struct pb_rule *r, int64_t count, int64_t cost_fen, struct err *e)
{
	if (count == 0)
		return 0; /* a blank ballot */
	char total[32], need[32];
	yuan(r->total_fen, total, sizeof total);
	if (!strcmp(r->rule, "approval")) {
		if (r->max_projects > 0 && count > r->max_projects)
			return err_setf(e, ERR_RULE, "project_ids", "最多可选 %lld 个项目", "choose at most %lld projects",
					(long long)r->max_projects);
		return 0;
	}
	if (cost_fen > r->total_fen)
		return err_setf(e, ERR_RULE, "project_ids", "所选项目合计超出预算 %s 元",
				"the projects chosen cost more than the budget of %s yuan", total);
	if (!strcmp(r->rule, "min_share")) {
		/* cost ≥ pct % of total, in integers: cost × 100 ≥ pct × total */
		if (cost_fen * 100 < r->min_share_pct * r->total_fen) {
			int64_t min = (r->min_share_pct * r->total_fen + 99) / 100;
			yuan(min, need, sizeof need);
			return err_setf(e, ERR_RULE, "project_ids", "所选项目合计至少应达预算的 %lld%%（%s 元）",
					"the projects chosen must use at least %lld%% of the budget (%s yuan)",
					(long long)r->min_share_pct, need);
		}
	} else if (!strcmp(r->rule, "range")) {
		if (count < r->min_projects || (r->max_projects > 0 && count > r->max_projects))
			return err_setf(e, ERR_RULE, "project_ids", "应选 %lld 至 %lld 个项目",
					"choose between %lld and %lld projects", (long long)r->min_projects,
					(long long)r->max_projects);
	}
	return 0;
}

uint64_t pb_shuffle_key(int64_t budget_id, int64_t voter, int64_t project_id)
{
	/* splitmix64 over the three, chained */
	uint64_t x = (uint64_t)budget_id * 0x9E3779B97F4A7C15ull;
	uint64_t parts[2] = {(uint64_t)voter, (uint64_t)project_id};
	for (int i = 0; i < 2; i++) {
		x ^= parts[i] + 0x9E3779B97F4A7C15ull + (x << 6) + (x >> 2);
		x += 0x9E3779B97F4A7C15ull;
		x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
		x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
		x ^= x >> 31;
	}
	return x;
}
