/*
 * assign.h — optimal assignment of open demands (rows) to supply units
 * (columns) for the social-service exchange.
 *
 * A demand i needs need[i] people, each from a distinct supply unit; a
 * supply unit j can serve up to cap[j] demand slots; a pair (i, j) is
 * either feasible with a cost >= 0 or absent. The answer is optimal in
 * the lexicographic sense: it serves as many slots as the feasible pairs
 * allow, and among all assignments serving that many it has the least
 * total cost. It is not greedy: serving one demand never blocks a cheaper
 * assignment of the same size (see docs/matching.md for the two
 * algorithms behind it and how they are validated).
 *
 * Costs are non-negative integers (fen, minutes, metres: whatever the
 * caller ranks by). Negative costs are refused, not silently mishandled.
 *
 * The solver is pure computation: no store, no I/O, no global state;
 * it allocates with malloc and frees everything but the result.
 */
#ifndef WUSHE_MODULES_EXCHANGE_ASSIGN_H
#define WUSHE_MODULES_EXCHANGE_ASSIGN_H

#include <stdint.h>

struct err;

/* A dense cell holding this value is an infeasible (absent) pair. */
#define ASSIGN_NONE ((int64_t)-1)

/*
 * The lexicographic objective is solved as one min-cost problem in which
 * an unserved slot costs a penalty larger than any real assignment can
 * cost. That penalty must fit with room to spare: the sum over demands of
 * need[i] times the demand's largest feasible cost must not exceed this
 * bound (about 5.7e17), or assign_solve answers ERR_LIMIT.
 */
#define ASSIGN_COST_SUM_MAX (INT64_MAX / 16)

enum assign_method {
	ASSIGN_AUTO = 0, /* choose: dense when capacities are all 1 and most pairs are feasible */
	ASSIGN_DENSE,    /* Jonker–Volgenant shortest augmenting paths over a full matrix */
	ASSIGN_SPARSE,   /* successive shortest paths (Dijkstra + potentials) over CSR */
};

/*
 * Give the costs either dense (row-major rows*cols, ASSIGN_NONE for an
 * absent pair) or as CSR (row i's feasible pairs are entries
 * row_start[i] .. row_start[i+1]-1 of col[] and cost[]; a column at most
 * once per row, in any order) — exactly one of the two.
 */
struct assign_problem {
	int rows, cols;
	const int *need; /* rows entries >= 0; NULL = every demand needs 1 */
	const int *cap;  /* cols entries >= 0; NULL = every unit serves 1 */

	const int64_t *dense;

	const int *row_start; /* rows + 1 entries, row_start[0] == 0 */
	const int *col;
	const int64_t *cost;

	enum assign_method method; /* ASSIGN_AUTO unless testing a path */
};

struct assign_result {
	int64_t total_cost;       /* sum of the costs of the chosen pairs */
	int npairs;               /* chosen pairs = slots served */
	int *pair_row, *pair_col; /* npairs each, ordered by row, then column */
	int *row_served;          /* rows entries: slots served for each demand */
	enum assign_method method; /* the path that solved it */
};

/*
 * Solve p into *out (which the caller then frees with
 * assign_result_free, also after a failure). Returns 0, or ERR_INVALID
 * (malformed problem; e->field names the culprit), ERR_LIMIT (costs too
 * large, see ASSIGN_COST_SUM_MAX) or ERR_INTERNAL (out of memory).
 */
int assign_solve(const struct assign_problem *p, struct assign_result *out, struct err *e);
void assign_result_free(struct assign_result *r);

#endif
