/*
 * test_assign.c — the exchange's assignment solver (modules/exchange/assign).
 *
 * Hand cases pin down the objective (most slots first, then least cost,
 * including the A/B trap that row-by-row greedy augmentation falls into),
 * rectangular shapes, infeasible pairs, capacities and multi-person
 * demands, ties and input errors. Randomised cases check both paths, and
 * both input forms, against an exhaustive dynamic programme on small
 * instances, and against each other (and against an expansion of
 * capacities into copies) on larger ones. Every answer is also checked
 * for validity on its own: pairs feasible, distinct, ordered, within need
 * and cap, and the reported total equal to the sum of its pairs.
 *
 * Prints "N passed, N failed" last; cmocka's own report goes to stderr.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "modules/exchange/assign.h"

#define X ASSIGN_NONE

/* ------------------------------------------------------------- helpers */

static uint64_t rng_state;

static void rng_seed(uint64_t seed)
{
	rng_state = seed * 0x9E3779B97F4A7C15ull + 1;
}

static uint64_t rng(void)
{
	/* xorshift64*: deterministic across platforms, good enough here. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1Dull;
}

static int rng_below(int n)
{
	return (int)(rng() % (uint64_t)n);
}

/* A problem built from a dense matrix, with its CSR twin. */
struct inst {
	int rows, cols;
	int64_t *dense;
	int *need, *cap; /* NULL = all 1 */
	int *row_start, *col;
	int64_t *cost;
};

static void inst_build_csr(struct inst *t)
{
	int i, j, k = 0;
	t->row_start = malloc((size_t)(t->rows + 1) * sizeof(int));
	t->col = malloc((size_t)(t->rows * t->cols + 1) * sizeof(int));
	t->cost = malloc((size_t)(t->rows * t->cols + 1) * sizeof(int64_t));
	assert_non_null(t->row_start);
	assert_non_null(t->col);
	assert_non_null(t->cost);
	t->row_start[0] = 0;
	for (i = 0; i < t->rows; i++) {
		/* Columns in descending order: CSR rows need not be sorted. */
		for (j = t->cols - 1; j >= 0; j--) {
			int64_t c = t->dense[i * t->cols + j];
			if (c == ASSIGN_NONE)
				continue;
			t->col[k] = j;
			t->cost[k++] = c;
		}
		t->row_start[i + 1] = k;
	}
}

static void inst_free(struct inst *t)
{
	free(t->dense);
	free(t->need);
	free(t->cap);
	free(t->row_start);
	free(t->col);
	free(t->cost);
	memset(t, 0, sizeof *t);
}

static struct assign_problem inst_problem(const struct inst *t, int csr, enum assign_method m)
{
	struct assign_problem p = {.rows = t->rows, .cols = t->cols, .need = t->need,
				   .cap = t->cap, .method = m};
	if (csr) {
		p.row_start = t->row_start;
		p.col = t->col;
		p.cost = t->cost;
	} else {
		p.dense = t->dense;
	}
	return p;
}

/* The answer is an assignment at all, whatever its optimality. */
static void check_valid(const struct inst *t, const struct assign_result *r)
{
	int *rowc = calloc((size_t)t->rows + 1, sizeof(int));
	int *colc = calloc((size_t)t->cols + 1, sizeof(int));
	int64_t total = 0;
	int k, i;

	assert_non_null(rowc);
	assert_non_null(colc);
	assert_true(r->npairs >= 0);
	for (k = 0; k < r->npairs; k++) {
		int a = r->pair_row[k], b = r->pair_col[k];
		int64_t c;
		assert_in_range(a, 0, t->rows - 1);
		assert_in_range(b, 0, t->cols - 1);
		c = t->dense[a * t->cols + b];
		assert_true(c != ASSIGN_NONE);
		total += c;
		rowc[a]++;
		colc[b]++;
		if (k > 0) {
			/* By row, then column; equal means a repeated pair. */
			assert_true(r->pair_row[k - 1] < a ||
				    (r->pair_row[k - 1] == a && r->pair_col[k - 1] < b));
		}
	}
	for (i = 0; i < t->rows; i++) {
		assert_int_equal(rowc[i], r->row_served[i]);
		assert_true(rowc[i] <= (t->need ? t->need[i] : 1));
	}
	for (i = 0; i < t->cols; i++)
		assert_true(colc[i] <= (t->cap ? t->cap[i] : 1));
	assert_int_equal(total, r->total_cost);
	free(rowc);
	free(colc);
}

/* Solve t with the given path and input form; checks validity. */
static void solve(const struct inst *t, int csr, enum assign_method m, struct assign_result *r)
{
	struct assign_problem p = inst_problem(t, csr, m);
	struct err e = {0};
	int rc = assign_solve(&p, r, &e);
	if (rc)
		print_error("assign_solve: %d %s\n", rc, e.message_en);
	assert_int_equal(rc, 0);
	if (m != ASSIGN_AUTO)
		assert_int_equal(r->method, m);
	check_valid(t, r);
}

/*
 * Exhaustive lexicographic optimum by dynamic programming over rows, the
 * state being how many slots each column has used (mixed radix). Each row
 * tries every subset of its feasible columns of size <= need.
 */
static void brute_force(const struct inst *t, int *best_pairs, int64_t *best_cost)
{
	int radix[16], i, j;
	long states = 1, s;
	int *cnt;
	int64_t *cost, *ncost;
	int *ncnt;

	assert_true(t->cols <= 16);
	for (j = 0; j < t->cols; j++) {
		int c = t->cap ? t->cap[j] : 1;
		radix[j] = (c < t->rows ? c : t->rows) + 1;
		states *= radix[j];
	}
	cnt = malloc((size_t)states * sizeof *cnt);
	ncnt = malloc((size_t)states * sizeof *ncnt);
	cost = malloc((size_t)states * sizeof *cost);
	ncost = malloc((size_t)states * sizeof *ncost);
	assert_non_null(cnt);
	assert_non_null(ncnt);
	assert_non_null(cost);
	assert_non_null(ncost);
	for (s = 0; s < states; s++)
		cnt[s] = -1;
	cnt[0] = 0;
	cost[0] = 0;
	for (i = 0; i < t->rows; i++) {
		int need = t->need ? t->need[i] : 1;
		for (s = 0; s < states; s++)
			ncnt[s] = -1;
		for (s = 0; s < states; s++) {
			unsigned sub;
			if (cnt[s] < 0)
				continue;
			for (sub = 0; sub < (1u << t->cols); sub++) {
				long ns = s, place = 1;
				int size = 0, ok = 1;
				int64_t c = cost[s];
				for (j = 0; j < t->cols && ok; j++) {
					int used = (int)(s / place % radix[j]);
					if (sub >> j & 1) {
						int64_t cc = t->dense[i * t->cols + j];
						if (cc == ASSIGN_NONE || used + 1 >= radix[j])
							ok = 0;
						c += cc;
						ns += place;
						size++;
					}
					place *= radix[j];
				}
				if (!ok || size > need)
					continue;
				if (ncnt[ns] < cnt[s] + size ||
				    (ncnt[ns] == cnt[s] + size && c < ncost[ns])) {
					ncnt[ns] = cnt[s] + size;
					ncost[ns] = c;
				}
			}
		}
		memcpy(cnt, ncnt, (size_t)states * sizeof *cnt);
		memcpy(cost, ncost, (size_t)states * sizeof *cost);
	}
	*best_pairs = -1;
	*best_cost = 0;
	for (s = 0; s < states; s++) {
		if (cnt[s] > *best_pairs || (cnt[s] == *best_pairs && cost[s] < *best_cost)) {
			*best_pairs = cnt[s];
			*best_cost = cost[s];
		}
	}
	free(cnt);
	free(ncnt);
	free(cost);
	free(ncost);
}

/* Every path and input form that applies gives the same optimum. */
static void expect_all(const struct inst *t, int pairs, int64_t total)
{
	int unit = !t->need && !t->cap, csr, m;
	for (csr = 0; csr < 2; csr++) {
		for (m = ASSIGN_AUTO; m <= ASSIGN_SPARSE; m++) {
			struct assign_result r;
			if (m == ASSIGN_DENSE && !unit)
				continue;
			solve(t, csr, (enum assign_method)m, &r);
			if (r.npairs != pairs || r.total_cost != total)
				print_error("csr=%d method=%d: got %d pairs cost %lld, want %d "
					    "cost %lld\n",
					    csr, m, r.npairs, (long long)r.total_cost, pairs,
					    (long long)total);
			assert_int_equal(r.npairs, pairs);
			assert_int_equal(r.total_cost, total);
			assign_result_free(&r);
		}
	}
}

static struct inst inst_from(int rows, int cols, const int64_t *cells)
{
	struct inst t = {.rows = rows, .cols = cols};
	t.dense = malloc((size_t)(rows * cols + 1) * sizeof(int64_t));
	assert_non_null(t.dense);
	if (rows > 0 && cols > 0)
		memcpy(t.dense, cells, (size_t)(rows * cols) * sizeof(int64_t));
	inst_build_csr(&t);
	return t;
}

static int *ints(int n, const int *v)
{
	int *a = malloc((size_t)(n + 1) * sizeof(int));
	assert_non_null(a);
	memcpy(a, v, (size_t)n * sizeof(int));
	return a;
}

/* Solve one way and return the pair list as "r,c r,c ...". */
static void pairs_text(const struct inst *t, int csr, enum assign_method m, char *buf, size_t cap)
{
	struct assign_result r;
	size_t len = 0;
	int k;
	solve(t, csr, m, &r);
	buf[0] = 0;
	for (k = 0; k < r.npairs; k++) {
		int w = snprintf(buf + len, cap - len, "%s%d,%d", k ? " " : "", r.pair_row[k],
				 r.pair_col[k]);
		assert_true(w > 0 && (size_t)w < cap - len);
		len += (size_t)w;
	}
	assign_result_free(&r);
}

/* ---------------------------------------------------------- hand cases */

/* A and B can both only use unit 1; A costs 10, B costs 1. Serving rows in
 * order and skipping those that cannot augment would keep A. */
static void test_ab_trap(void **state)
{
	static const int64_t c[] = {X, 10, X, 1};
	struct inst t = inst_from(2, 2, c);
	char buf[64];
	(void)state;
	expect_all(&t, 1, 1);
	pairs_text(&t, 0, ASSIGN_SPARSE, buf, sizeof buf);
	assert_string_equal(buf, "1,1");
	pairs_text(&t, 1, ASSIGN_DENSE, buf, sizeof buf);
	assert_string_equal(buf, "1,1");
	inst_free(&t);
}

/* Cardinality beats cost: A alone on X costs 1, but then B is unserved. */
static void test_more_pairs_before_less_cost(void **state)
{
	static const int64_t c[] = {1, 100, 1, X};
	struct inst t = inst_from(2, 2, c);
	char buf[64];
	(void)state;
	expect_all(&t, 2, 101);
	pairs_text(&t, 0, ASSIGN_AUTO, buf, sizeof buf);
	assert_string_equal(buf, "0,1 1,0");
	inst_free(&t);
}

static void test_square_known(void **state)
{
	/* The classic 4x4 whose optimum (13) needs a non-greedy choice. */
	static const int64_t c[] = {
		9, 2, 7, 8,
		6, 4, 3, 7,
		5, 8, 1, 8,
		7, 6, 9, 4,
	};
	struct inst t = inst_from(4, 4, c);
	char buf[64];
	(void)state;
	expect_all(&t, 4, 13);
	pairs_text(&t, 0, ASSIGN_DENSE, buf, sizeof buf);
	assert_string_equal(buf, "0,1 1,0 2,2 3,3");
	inst_free(&t);
}

static void test_rectangular_wide(void **state)
{
	/* 2 demands, 4 units: the cheapest distinct columns, 1 + 2. */
	static const int64_t c[] = {
		5, 1, 9, 3,
		4, 1, 2, 8,
	};
	struct inst t = inst_from(2, 4, c);
	char buf[64];
	(void)state;
	expect_all(&t, 2, 3);
	pairs_text(&t, 1, ASSIGN_SPARSE, buf, sizeof buf);
	assert_string_equal(buf, "0,1 1,2");
	inst_free(&t);
}

static void test_rectangular_tall(void **state)
{
	/* 4 demands, 2 units: two demands stay unserved. */
	static const int64_t c[] = {
		5, 4,
		1, 1,
		9, 2,
		3, 8,
	};
	struct inst t = inst_from(4, 2, c);
	char buf[64];
	(void)state;
	expect_all(&t, 2, 3);
	pairs_text(&t, 0, ASSIGN_DENSE, buf, sizeof buf);
	assert_string_equal(buf, "1,0 2,1");
	inst_free(&t);
}

static void test_all_infeasible(void **state)
{
	static const int64_t c[] = {X, X, X, X, X, X};
	struct inst t = inst_from(2, 3, c);
	struct assign_result r;
	(void)state;
	expect_all(&t, 0, 0);
	solve(&t, 0, ASSIGN_AUTO, &r);
	assert_int_equal(r.row_served[0], 0);
	assert_int_equal(r.row_served[1], 0);
	assign_result_free(&r);
	inst_free(&t);
}

static void test_empty_problem(void **state)
{
	struct assign_problem p = {.rows = 0, .cols = 0};
	struct assign_result r;
	struct err e = {0};
	(void)state;
	assert_int_equal(assign_solve(&p, &r, &e), 0);
	assert_int_equal(r.npairs, 0);
	assign_result_free(&r);
	p.rows = 3; /* demands but no units */
	assert_int_equal(assign_solve(&p, &r, &e), 0);
	assert_int_equal(r.npairs, 0);
	assert_int_equal(r.row_served[2], 0);
	assign_result_free(&r);
}

static void test_row_without_feasible_pair(void **state)
{
	static const int64_t c[] = {
		3, 1, 4,
		X, X, X,
		1, 5, 9,
	};
	struct inst t = inst_from(3, 3, c);
	char buf[64];
	(void)state;
	expect_all(&t, 2, 2);
	pairs_text(&t, 1, ASSIGN_AUTO, buf, sizeof buf);
	assert_string_equal(buf, "0,1 2,0");
	inst_free(&t);
}

static void test_zero_costs_and_ties(void **state)
{
	static const int64_t same[] = {7, 7, 7, 7, 7, 7, 7, 7, 7};
	static const int64_t zero[] = {0, 0, X, 0, X, 0};
	struct inst t = inst_from(3, 3, same);
	(void)state;
	expect_all(&t, 3, 21);
	inst_free(&t);
	t = inst_from(2, 3, zero);
	expect_all(&t, 2, 0);
	inst_free(&t);
}

static void test_capacity(void **state)
{
	/* Unit 0 is cheap for everybody and serves two; unit 1 serves one. */
	static const int64_t c[] = {
		1, 5,
		1, 6,
		1, 9,
	};
	static const int cap[] = {2, 1};
	struct inst t = inst_from(3, 2, c);
	char buf[64];
	(void)state;
	t.cap = ints(2, cap);
	expect_all(&t, 3, 7);
	pairs_text(&t, 0, ASSIGN_SPARSE, buf, sizeof buf);
	assert_string_equal(buf, "0,1 1,0 2,0");
	inst_free(&t);
}

static void test_multi_person_demand(void **state)
{
	/* Row 0 needs three people from distinct units; only two are feasible
	 * for it, and taking unit 1 would starve row 1. */
	static const int64_t c[] = {
		2, 1, X,
		X, 4, X,
		X, X, 3,
	};
	static const int need[] = {3, 1, 2};
	struct inst t = inst_from(3, 3, c);
	struct assign_result r;
	char buf[64];
	(void)state;
	t.need = ints(3, need);
	/* Three units, so at most three slots: {0-0, 1-1, 2-2} costs 9 and
	 * {0-0, 0-1, 2-2} costs 6; the cheaper wins and row 1 goes unserved. */
	expect_all(&t, 3, 6);
	pairs_text(&t, 1, ASSIGN_SPARSE, buf, sizeof buf);
	assert_string_equal(buf, "0,0 0,1 2,2");
	solve(&t, 0, ASSIGN_AUTO, &r);
	assert_int_equal(r.row_served[0], 2);
	assert_int_equal(r.row_served[1], 0);
	assert_int_equal(r.row_served[2], 1);
	assign_result_free(&r);
	inst_free(&t);
}

static void test_need_and_cap_together(void **state)
{
	/* Two demands need two each; unit 0 serves three, units 1-2 one each. */
	static const int64_t c[] = {
		1, 2, 9,
		1, 9, 2,
	};
	static const int need[] = {2, 2}, cap[] = {3, 1, 1};
	struct inst t = inst_from(2, 3, c);
	char buf[64];
	(void)state;
	t.need = ints(2, need);
	t.cap = ints(3, cap);
	expect_all(&t, 4, 6);
	pairs_text(&t, 0, ASSIGN_AUTO, buf, sizeof buf);
	assert_string_equal(buf, "0,0 0,1 1,0 1,2");
	inst_free(&t);
}

static void test_zero_need_and_zero_cap(void **state)
{
	static const int64_t c[] = {1, 2, 3, 4};
	static const int need[] = {0, 1}, cap[] = {0, 5};
	struct inst t = inst_from(2, 2, c);
	char buf[64];
	(void)state;
	t.need = ints(2, need);
	t.cap = ints(2, cap);
	expect_all(&t, 1, 4);
	pairs_text(&t, 1, ASSIGN_AUTO, buf, sizeof buf);
	assert_string_equal(buf, "1,1");
	inst_free(&t);
}

/* Costs near the documented bound still come out exact on both paths. */
static void test_large_costs(void **state)
{
	int64_t big = ASSIGN_COST_SUM_MAX / 4;
	int64_t c[] = {big, big - 1, X, big - 2, big - 3, big - 4};
	struct inst t = inst_from(3, 2, c);
	(void)state;
	/* Rows' maxima sum to under 3 * big, inside the bound. Best: unit 0
	 * to row 2 (big - 3), unit 1 to row 1 (big - 2). */
	expect_all(&t, 2, 2 * big - 5);
	inst_free(&t);
}

static void test_errors(void **state)
{
	static const int64_t neg[] = {1, -5};
	static const int row_start[] = {0, 2}, dup_col[] = {1, 1}, bad_col[] = {0, 2};
	static const int64_t cost[] = {1, 1};
	static const int neg_need[] = {-1}, two_need[] = {2};
	static const int64_t huge[] = {INT64_MAX / 2, 1}, ones[] = {1, 1};
	struct assign_problem p = {.rows = 1, .cols = 2, .dense = neg};
	struct assign_result r;
	struct err e;
	(void)state;

	err_clear(&e);
	assert_int_equal(assign_solve(&p, &r, &e), ERR_INVALID);
	assert_string_equal(e.field, "dense");
	assert_non_null(strstr(e.message_en, "negative"));
	assign_result_free(&r);

	p = (struct assign_problem){.rows = 1, .cols = 2, .row_start = row_start,
				    .col = dup_col, .cost = cost};
	assert_int_equal(assign_solve(&p, &r, &e), ERR_INVALID);
	assert_non_null(strstr(e.message_en, "twice"));
	p.col = bad_col;
	assert_int_equal(assign_solve(&p, &r, &e), ERR_INVALID);
	assert_non_null(strstr(e.message_en, "out of range"));

	p.dense = neg; /* both forms */
	assert_int_equal(assign_solve(&p, &r, &e), ERR_INVALID);
	p = (struct assign_problem){.rows = 1, .cols = 2}; /* neither */
	assert_int_equal(assign_solve(&p, &r, &e), ERR_INVALID);

	p = (struct assign_problem){.rows = 1, .cols = 2, .dense = ones, .need = neg_need};
	assert_int_equal(assign_solve(&p, &r, &e), ERR_INVALID);
	assert_string_equal(e.field, "need");
	p.need = two_need;
	p.method = ASSIGN_DENSE; /* capacities need the sparse path */
	assert_int_equal(assign_solve(&p, &r, &e), ERR_INVALID);
	assert_string_equal(e.field, "method");
	p.method = ASSIGN_AUTO;
	assert_int_equal(assign_solve(&p, &r, &e), 0);
	assert_int_equal(r.npairs, 2);
	assign_result_free(&r);

	p.dense = huge;
	p.need = NULL;
	assert_int_equal(assign_solve(&p, &r, &e), ERR_LIMIT);
	assert_string_equal(e.field, "cost");
	p.rows = -1;
	assert_int_equal(assign_solve(&p, &r, &e), ERR_INVALID);
}

/* ---------------------------------------------------- randomised cases */

static struct inst random_inst(int rows, int cols, int hole_pct, int64_t hi)
{
	struct inst t = {.rows = rows, .cols = cols};
	int z;
	t.dense = malloc((size_t)(rows * cols + 1) * sizeof(int64_t));
	assert_non_null(t.dense);
	for (z = 0; z < rows * cols; z++)
		t.dense[z] = rng_below(100) < hole_pct ? ASSIGN_NONE : (int64_t)(rng() % (uint64_t)hi);
	return t;
}

static const int64_t cost_ranges[] = {1, 3, 10, 1000, 1000000000};

/* Unit capacities, up to 8x8: every path and form against brute force. */
static void test_random_unit_vs_brute_force(void **state)
{
	int iter;
	(void)state;
	for (iter = 0; iter < 3000; iter++) {
		struct inst t;
		int pairs;
		int64_t total;
		rng_seed((uint64_t)iter);
		t = random_inst(1 + rng_below(8), 1 + rng_below(8), rng_below(4) * 25,
				cost_ranges[rng_below(5)]);
		inst_build_csr(&t);
		brute_force(&t, &pairs, &total);
		expect_all(&t, pairs, total);
		inst_free(&t);
	}
}

/* Needs and capacities up to 3 on small instances, against brute force. */
static void test_random_capacities_vs_brute_force(void **state)
{
	int iter, i;
	(void)state;
	for (iter = 0; iter < 1500; iter++) {
		struct inst t;
		int pairs;
		int64_t total;
		rng_seed(100000 + (uint64_t)iter);
		t = random_inst(1 + rng_below(6), 1 + rng_below(6), rng_below(4) * 20,
				cost_ranges[rng_below(5)]);
		t.need = malloc((size_t)t.rows * sizeof(int));
		t.cap = malloc((size_t)t.cols * sizeof(int));
		assert_non_null(t.need);
		assert_non_null(t.cap);
		for (i = 0; i < t.rows; i++)
			t.need[i] = rng_below(4);
		for (i = 0; i < t.cols; i++)
			t.cap[i] = rng_below(4);
		inst_build_csr(&t);
		brute_force(&t, &pairs, &total);
		expect_all(&t, pairs, total);
		inst_free(&t);
	}
}

/* Larger unit instances: the dense and sparse paths must agree. */
static void test_random_dense_vs_sparse(void **state)
{
	static const int holes[] = {0, 10, 50, 90, 98};
	int iter;
	(void)state;
	for (iter = 0; iter < 200; iter++) {
		struct inst t;
		struct assign_result a, b;
		rng_seed(200000 + (uint64_t)iter);
		t = random_inst(1 + rng_below(150), 1 + rng_below(150), holes[rng_below(5)],
				cost_ranges[rng_below(5)]);
		inst_build_csr(&t);
		solve(&t, iter & 1, ASSIGN_DENSE, &a);
		solve(&t, !(iter & 1), ASSIGN_SPARSE, &b);
		if (a.npairs != b.npairs || a.total_cost != b.total_cost)
			print_error("seed %d (%dx%d): dense %d/%lld sparse %d/%lld\n", 200000 + iter,
				    t.rows, t.cols, a.npairs, (long long)a.total_cost, b.npairs,
				    (long long)b.total_cost);
		assert_int_equal(a.npairs, b.npairs);
		assert_int_equal(a.total_cost, b.total_cost);
		assign_result_free(&a);
		assign_result_free(&b);
		inst_free(&t);
	}
}

/*
 * Capacities on one side only can be expanded into copies without
 * breaking the distinct-units rule: a unit of capacity c becomes c unit
 * columns (a row takes at most one of them since need is 1), or a demand
 * needing k becomes k rows (two copies cannot share a unit of capacity 1).
 * The sparse answer on the original must match the dense answer on the
 * expansion.
 */
static void test_random_capacities_vs_expansion(void **state)
{
	int iter;
	(void)state;
	for (iter = 0; iter < 120; iter++) {
		struct inst t, big = {0};
		struct assign_result a, b;
		int side = iter & 1, i, j, k, n;
		rng_seed(300000 + (uint64_t)iter);
		t = random_inst(1 + rng_below(60), 1 + rng_below(60), rng_below(3) * 40,
				cost_ranges[rng_below(5)]);
		n = side ? t.rows : t.cols;
		if (side) {
			t.need = malloc((size_t)n * sizeof(int));
			assert_non_null(t.need);
		} else {
			t.cap = malloc((size_t)n * sizeof(int));
			assert_non_null(t.cap);
		}
		for (i = 0, k = 0; i < n; i++) {
			int v = rng_below(5);
			(side ? t.need : t.cap)[i] = v;
			k += v;
		}
		inst_build_csr(&t);
		big.rows = side ? k : t.rows;
		big.cols = side ? t.cols : k;
		big.dense = malloc((size_t)(big.rows * big.cols + 1) * sizeof(int64_t));
		assert_non_null(big.dense);
		if (side) {
			for (i = 0, k = 0; i < t.rows; i++)
				for (int c = 0; c < t.need[i]; c++, k++)
					memcpy(big.dense + k * t.cols, t.dense + i * t.cols,
					       (size_t)t.cols * sizeof(int64_t));
		} else {
			for (i = 0; i < t.rows; i++)
				for (j = 0, k = 0; j < t.cols; j++)
					for (int c = 0; c < t.cap[j]; c++, k++)
						big.dense[i * big.cols + k] = t.dense[i * t.cols + j];
		}
		inst_build_csr(&big);
		solve(&t, iter & 2, ASSIGN_SPARSE, &a);
		solve(&big, 0, ASSIGN_DENSE, &b);
		assert_int_equal(a.npairs, b.npairs);
		assert_int_equal(a.total_cost, b.total_cost);
		assign_result_free(&a);
		assign_result_free(&b);
		inst_free(&t);
		inst_free(&big);
	}
}

/* A square dense instance big enough to exercise every JV phase, with
 * a random permutation guaranteed feasible, against the sparse path. */
static void test_random_large_square(void **state)
{
	int iter;
	(void)state;
	for (iter = 0; iter < 4; iter++) {
		struct inst t;
		struct assign_result a, b;
		int n = 300, i;
		rng_seed(400000 + (uint64_t)iter);
		t = random_inst(n, n, iter * 20, iter & 1 ? 100 : 1000000);
		for (i = 0; i < n; i++) {
			int j = (i * 7 + iter) % n;
			if (t.dense[i * n + j] == ASSIGN_NONE)
				t.dense[i * n + j] = (int64_t)(rng() % 1000);
		}
		inst_build_csr(&t);
		solve(&t, 0, ASSIGN_DENSE, &a);
		solve(&t, 1, ASSIGN_SPARSE, &b);
		assert_int_equal(a.npairs, n);
		assert_int_equal(b.npairs, n);
		assert_int_equal(a.total_cost, b.total_cost);
		assign_result_free(&a);
		assign_result_free(&b);
		inst_free(&t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ab_trap),
		cmocka_unit_test(test_more_pairs_before_less_cost),
		cmocka_unit_test(test_square_known),
		cmocka_unit_test(test_rectangular_wide),
		cmocka_unit_test(test_rectangular_tall),
		cmocka_unit_test(test_all_infeasible),
		cmocka_unit_test(test_empty_problem),
		cmocka_unit_test(test_row_without_feasible_pair),
		cmocka_unit_test(test_zero_costs_and_ties),
		cmocka_unit_test(test_capacity),
		cmocka_unit_test(test_multi_person_demand),
		cmocka_unit_test(test_need_and_cap_together),
		cmocka_unit_test(test_zero_need_and_zero_cap),
		cmocka_unit_test(test_large_costs),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_random_unit_vs_brute_force),
		cmocka_unit_test(test_random_capacities_vs_brute_force),
		cmocka_unit_test(test_random_dense_vs_sparse),
		cmocka_unit_test(test_random_capacities_vs_expansion),
		cmocka_unit_test(test_random_large_square),
	};
	int total = (int)(sizeof tests / sizeof tests[0]);
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	printf("%d passed, %d failed\n", total - failed, failed);
	return failed ? 1 : 0;
}
