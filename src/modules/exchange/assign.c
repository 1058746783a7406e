/*
 * assign.c — the exchange's optimal assignment solver (see assign.h).
 *
 * The objective is lexicographic: most slots served, then least cost. Both
 * paths below solve it as a single min-cost problem in which every demand
 * is always fully served, by giving each demand a private "nobody" option
 * that costs a penalty P per slot. With P larger than the most any real
 * assignment can cost (P = 1 + sum of need[i] * largest feasible cost of
 * row i), one slot fewer on the penalty always outweighs any difference
 * in real cost, so the min-cost answer with the penalty pairs removed is
 * the lexicographic optimum. This is what makes processing demands one at
 * a time safe: a shortest augmenting path from a later demand may push an
 * earlier, costlier demand onto its penalty (the A/B trap in
 * docs/matching.md), which row-by-row "skip if it cannot augment" would
 * never do.
 *
 * Two paths, one answer:
 *
 *   dense  — capacities all 1 and most pairs feasible. Jonker–Volgenant
 *            (1987): column reduction, reduction transfer and augmenting
 *            row reduction, then shortest augmenting paths over contiguous
 *            arrays, O(n^2 m) worst case. Rows <= cols after an optional
 *            transpose; absent cells cost P. For rows < cols the
 *            initialisation keeps every free column's price at 0 (the
 *            rectangular condition of Bertsekas / Crouse 2016), so column
 *            reduction is skipped and only augmenting row reduction runs.
 *
 *   sparse — any capacities. Successive shortest paths in the flow network
 *            source -> demand (need) -> unit (1 per pair) -> sink (cap),
 *            one demand slot at a time, Dijkstra with a binary heap on
 *            reduced costs and node potentials (Johnson), stopping at the
 *            first unit with spare capacity or at the penalty.
 *
 * Invariants (asserted): reduced costs of residual arcs are >= 0; units
 * with spare capacity keep potential 0 and full ones have potential <= 0;
 * potentials and prices stay within a small multiple of P, so with
 * P <= ASSIGN_COST_SUM_MAX (INT64_MAX / 16) no sum below overflows int64.
 */
#include "modules/exchange/assign.h"

#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"

/* Larger than any distance the solvers compute (they stay below 4 P). */
#define DIST_INF INT64_MAX

/* Dense is chosen when capacities are all 1, at least 1/DENSE_MIN_FILL of
 * the pairs are feasible (below that the heap-based search wins), and, if
 * the matrix must be built (CSR input, or a transpose), it has at most
 * DENSE_MAX_COPY cells of 8 bytes. */
#define DENSE_MIN_FILL 16
#define DENSE_MAX_COPY ((size_t)1 << 25)

struct shape {
	int64_t nnz;     /* feasible pairs */
	int unit;        /* need and cap are all 1 */
	int64_t penalty; /* P: cost of one unserved slot */
};

/* ---------------------------------------------------------------- input */

static int64_t cell(const struct assign_problem *p, int i, int j)
{
	return p->dense[(size_t)i * (size_t)p->cols + (size_t)j];
}

/* Add row i's bound, need times its largest cost, to the penalty sum.
 * -1 when the sum would pass ASSIGN_COST_SUM_MAX. */
static int add_row_bound(int64_t *sum, const struct assign_problem *p, int i, int64_t rowmax)
{
	int64_t need = p->need ? p->need[i] : 1;
	if (rowmax <= 0 || need == 0)
		return 0;
	if (rowmax > (ASSIGN_COST_SUM_MAX - *sum) / need)
		return -1;
	*sum += need * rowmax;
	return 0;
}

static int too_large(struct err *e)
{
	return err_setf(e, ERR_LIMIT, "cost", "费用过大：各行最大费用乘以需求人数之和超过 %lld",
			"costs too large: the sum over rows of need times the largest cost exceeds %lld",
			(long long)ASSIGN_COST_SUM_MAX);
}

static int check_dense(const struct assign_problem *p, struct shape *sh, int64_t *sum,
		       struct err *e)
{
	for (int i = 0; i < p->rows; i++) {
		int64_t rowmax = -1;
		for (int j = 0; j < p->cols; j++) {
			int64_t c = cell(p, i, j);
			if (c == ASSIGN_NONE)
				continue;
			if (c < 0)
				return err_setf(e, ERR_INVALID, "dense", "第 %d 行第 %d 列的费用为负",
						"cost at row %d, column %d is negative", i, j);
			sh->nnz++;
			if (c > rowmax)
				rowmax = c;
		}
		if (add_row_bound(sum, p, i, rowmax))
			return too_large(e);
	}
	return 0;
}

static int check_csr(const struct assign_problem *p, struct shape *sh, int64_t *sum,
		     struct err *e)
{
	/* A column twice in one row is caught with a per-column stamp. */
	int *seen = malloc((size_t)p->cols * sizeof *seen);
	int rc = 0;

	if (!seen)
		return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
	for (int j = 0; j < p->cols; j++)
		seen[j] = -1;
	if (p->row_start[0] != 0) {
		rc = err_set(e, ERR_INVALID, "row_start", "row_start[0] 必须为 0",
			     "row_start[0] must be 0");
		goto done;
	}
	for (int i = 0; i < p->rows; i++) {
		int64_t rowmax = -1;
		if (p->row_start[i + 1] < p->row_start[i]) {
			rc = err_setf(e, ERR_INVALID, "row_start", "row_start 在第 %d 行递减",
				      "row_start decreases at row %d", i);
			goto done;
		}
		for (int k = p->row_start[i]; k < p->row_start[i + 1]; k++) {
			int j = p->col[k];
			if (j < 0 || j >= p->cols) {
				rc = err_setf(e, ERR_INVALID, "col", "第 %d 行的列号 %d 越界",
					      "row %d: column %d out of range", i, j);
				goto done;
			}
			if (seen[j] == i) {
				rc = err_setf(e, ERR_INVALID, "col", "第 %d 行重复出现第 %d 列",
					      "row %d lists column %d twice", i, j);
				goto done;
			}
			seen[j] = i;
			if (p->cost[k] < 0) {
				rc = err_setf(e, ERR_INVALID, "cost", "第 %d 行第 %d 列的费用为负",
					      "cost at row %d, column %d is negative", i, j);
				goto done;
			}
			if (p->cost[k] > rowmax)
				rowmax = p->cost[k];
		}
		if (add_row_bound(sum, p, i, rowmax)) {
			rc = too_large(e);
			goto done;
		}
	}
	sh->nnz = p->row_start[p->rows];
done:
	free(seen);
	return rc;
}

/* Check p and measure it. Every rule a caller can break is caught here so
 * the solvers below only assert. */
static int check_problem(const struct assign_problem *p, struct shape *sh, struct err *e)
{
	int64_t sum = 0;
	int rc = 0;

	memset(sh, 0, sizeof *sh);
	if (p->rows < 0 || p->cols < 0)
		return err_set(e, ERR_INVALID, p->rows < 0 ? "rows" : "cols",
			       "行数和列数不能为负", "rows and cols must not be negative");
	if (!p->dense == !p->row_start && p->rows > 0 && p->cols > 0)
		return err_set(e, ERR_INVALID, "dense",
			       "须且只须给出稠密矩阵或 CSR 之一",
			       "give exactly one of dense costs or CSR");
	if (p->row_start && (!p->col || !p->cost))
		return err_set(e, ERR_INVALID, "col", "CSR 缺少 col 或 cost",
			       "CSR needs col and cost");
	if (p->method != ASSIGN_AUTO && p->method != ASSIGN_DENSE && p->method != ASSIGN_SPARSE)
		return err_set(e, ERR_INVALID, "method", "未知的求解方法", "unknown method");

	sh->unit = 1;
	for (int i = 0; p->need && i < p->rows; i++) {
		if (p->need[i] < 0)
			return err_setf(e, ERR_INVALID, "need", "第 %d 行的需求人数为负",
					"need of row %d is negative", i);
		sh->unit &= p->need[i] == 1;
	}
	for (int j = 0; p->cap && j < p->cols; j++) {
		if (p->cap[j] < 0)
			return err_setf(e, ERR_INVALID, "cap", "第 %d 列的容量为负",
					"cap of column %d is negative", j);
		sh->unit &= p->cap[j] == 1;
	}
	if (p->method == ASSIGN_DENSE && !sh->unit)
		return err_set(e, ERR_INVALID, "method",
			       "稠密解法要求每个需求和供给的容量均为 1",
			       "the dense method needs every need and cap to be 1");
	if (p->rows > 0 && p->cols > 0)
		rc = p->dense ? check_dense(p, sh, &sum, e) : check_csr(p, sh, &sum, e);
	sh->penalty = sum + 1;
	return rc;
}

/* ---------------------------------------------------------------- dense */

/*
 * Jonker–Volgenant on an n x m matrix c (n <= m, row-major, every cell a
 * cost >= 0). On return x[i] is row i's column; y[j] the column's row or
 * -1. Prices v[] are the column duals: row i's dual is implicit,
 * u_i = min_j (c_ij - v_j), and an assigned row always sits on a column
 * attaining it (complementary slackness). Free columns keep the largest
 * price so that leaving them idle is optimal.
 */
struct jv {
	int n, m;
	const int64_t *c; /* ASSIGN_NONE (< 0) where absent */
	int64_t penalty;  /* what an absent cell costs */
	int64_t *v, *d;
	int *x, *y, *freerow, *collist, *pred;
	int nfree;
};

static const int64_t *jv_row(const struct jv *s, int i)
{
	return s->c + (size_t)i * (size_t)s->m;
}

/* Absent cells are read as the penalty where they are used rather than
 * copied into a new matrix: a select is cheaper than touching 8 n m bytes
 * of fresh memory. */
static inline int64_t jv_cost(int64_t c, int64_t penalty)
{
	return c < 0 ? penalty : c;
}

/* Square only: each column's price is its minimum; a row that is the
 * minimum of exactly one column passes its slack on to it. */
static void jv_column_reduction(struct jv *s)
{
	int n = s->n, i, j;
	int *argmin = s->pred, *matches = s->collist; /* scratch until augment */
	int64_t *v = s->v, pen = s->penalty;

	/* Column minima row by row, so the matrix is read in memory order. */
	for (j = 0; j < n; j++) {
		v[j] = jv_cost(jv_row(s, 0)[j], pen);
		argmin[j] = 0;
	}
	for (i = 1; i < n; i++) {
		const int64_t *ci = jv_row(s, i);
		for (j = 0; j < n; j++) {
			int64_t c = jv_cost(ci[j], pen);
			if (c < v[j]) {
				v[j] = c;
				argmin[j] = i;
			}
		}
	}
	for (i = 0; i < n; i++) {
		matches[i] = 0;
		s->x[i] = -1;
	}
	/* Right to left, as in the original: the rightmost column wins ties. */
	for (j = n - 1; j >= 0; j--) {
		i = argmin[j];
		if (++matches[i] == 1) {
			s->x[i] = j;
			s->y[j] = i;
		} else if (v[j] < v[s->x[i]]) {
			s->y[s->x[i]] = -1;
			s->x[i] = j;
			s->y[j] = i;
		} else {
			s->y[j] = -1;
		}
	}
	s->nfree = 0;
	for (i = 0; i < n; i++) {
		const int64_t *ci = jv_row(s, i);
		int j1 = s->x[i];
		int64_t min = DIST_INF;
		if (matches[i] == 0) {
			s->freerow[s->nfree++] = i;
			continue;
		}
		if (matches[i] != 1)
			continue;
		for (j = 0; j < n; j++) {
			int64_t h = jv_cost(ci[j], pen) - v[j];
			if (j != j1 && h < min)
				min = h;
		}
		v[j1] -= min;
	}
}

/*
 * Augmenting row reduction: a free row takes its cheapest column, lowering
 * that column's price until its second-cheapest ties, and the row it
 * evicts continues at once. Prices only fall, and only on columns that end
 * up assigned, so free columns keep their price. A budget bounds the work
 * (pathological ties could make it long); rows left over simply wait for
 * the augmentation phase.
 */
static void jv_augmenting_row_reduction(struct jv *s)
{
	int m = s->m, pass, k, j;
	int64_t *v = s->v, pen = s->penalty;

	if (m < 2)
		return;
	for (pass = 0; pass < 2; pass++) {
		int prev = s->nfree;
		long budget = 8L * s->n + 64;
		k = 0;
		s->nfree = 0;
		while (k < prev) {
			int i = s->freerow[k++], i0, j1 = 0, j2 = 1;
			const int64_t *ci = jv_row(s, i);
			int64_t umin = jv_cost(ci[0], pen) - v[0], usub = jv_cost(ci[1], pen) - v[1];
			if (usub < umin) {
				int64_t t = umin;
				umin = usub;
				usub = t;
				j1 = 1;
				j2 = 0;
			}
			for (j = 2; j < m; j++) {
				int64_t h = jv_cost(ci[j], pen) - v[j];
				if (h < usub) {
					if (h >= umin) {
						usub = h;
						j2 = j;
					} else {
						usub = umin;
						umin = h;
						j2 = j1;
						j1 = j;
					}
				}
			}
			i0 = s->y[j1];
			if (umin < usub) {
				v[j1] -= usub - umin;
			} else if (i0 >= 0) {
				/* A tie: j2 is as cheap and may be free. */
				j1 = j2;
				i0 = s->y[j2];
			}
			s->x[i] = j1;
			s->y[j1] = i;
			if (i0 >= 0) {
				s->x[i0] = -1;
				if (umin < usub && --budget > 0)
					s->freerow[--k] = i0;
				else
					s->freerow[s->nfree++] = i0;
			}
		}
	}
}

/*
 * Shortest augmenting path from each remaining free row (Dijkstra on
 * reduced costs). collist holds the columns in three bands: [0, low) are
 * scanned, [low, up) sit at the current minimum distance and wait to be
 * scanned, [up, m) are the rest. Finding a free column in the minimum band
 * ends the search; prices of scanned columns then move by d - min.
 */
static void jv_augment(struct jv *s)
{
	int m = s->m, f, k;
	int64_t *v = s->v, *d = s->d, pen = s->penalty;
	int *collist = s->collist, *pred = s->pred, *y = s->y, *x = s->x;

	for (f = 0; f < s->nfree; f++) {
		int fr = s->freerow[f], low = 0, up = 0, last = 0, end = -1, i, j;
		const int64_t *cf = jv_row(s, fr);
		int64_t min = 0;

		for (j = 0; j < m; j++) {
			d[j] = jv_cost(cf[j], pen) - v[j];
			pred[j] = fr;
			collist[j] = j;
		}
		for (;;) {
			if (up == low) {
				/* Find: gather every column at the new minimum. */
				last = low;
				min = d[collist[up++]];
				for (k = up; k < m; k++) {
					int64_t h;
					j = collist[k];
					h = d[j];
					if (h <= min) {
						if (h < min) {
							up = low;
							min = h;
						}
						collist[k] = collist[up];
						collist[up++] = j;
					}
				}
				for (k = low; k < up; k++) {
					if (y[collist[k]] < 0) {
						end = collist[k];
						goto found;
					}
				}
			}
			/* Scan one column of the minimum band through its row. */
			{
				int j1 = collist[low++];
				const int64_t *ci;
				int64_t u1;
				i = y[j1];
				ci = jv_row(s, i);
				u1 = jv_cost(ci[j1], pen) - v[j1] - min;
				for (k = up; k < m; k++) {
					int64_t h;
					j = collist[k];
					h = jv_cost(ci[j], pen) - v[j] - u1;
					if (h < d[j]) {
						pred[j] = i;
						if (h == min) {
							if (y[j] < 0) {
								end = j;
								goto found;
							}
							collist[k] = collist[up];
							collist[up++] = j;
						}
						d[j] = h;
					}
				}
			}
		}
found:
		for (k = 0; k < last; k++) {
			j = collist[k];
			v[j] += d[j] - min;
			assert(d[j] <= min);
		}
		do {
			int next;
			i = pred[end];
			y[end] = i;
			next = x[i];
			x[i] = end;
			end = next;
		} while (i != fr);
	}
}

/* Solve; x[] gets each row's column. Returns 0 or ERR_INTERNAL. */
static int jv_solve(int n, int m, const int64_t *c, int64_t penalty, int *x)
{
	struct jv s = {.n = n, .m = m, .c = c, .penalty = penalty, .x = x};
	int j, rc = ERR_INTERNAL;

	assert(n <= m);
	s.v = malloc((size_t)m * sizeof *s.v);
	s.d = malloc((size_t)m * sizeof *s.d);
	s.y = malloc((size_t)m * sizeof *s.y);
	s.freerow = malloc((size_t)n * sizeof *s.freerow);
	s.collist = malloc((size_t)m * sizeof *s.collist);
	s.pred = malloc((size_t)m * sizeof *s.pred);
	if (!s.v || !s.d || !s.y || !s.freerow || !s.collist || !s.pred)
		goto done;

	if (n == m && n >= 2) {
		jv_column_reduction(&s);
	} else {
		/* Rectangular (or 1x1): every price starts at 0, all rows free. */
		for (j = 0; j < m; j++) {
			s.v[j] = 0;
			s.y[j] = -1;
		}
		for (s.nfree = 0; s.nfree < n; s.nfree++) {
			s.freerow[s.nfree] = s.nfree;
			x[s.nfree] = -1;
		}
	}
	jv_augmenting_row_reduction(&s);
	jv_augment(&s);
	rc = 0;
done:
	free(s.v);
	free(s.d);
	free(s.y);
	free(s.freerow);
	free(s.collist);
	free(s.pred);
	return rc;
}

/*
 * The dense path: lay the problem out as n <= m (transposing when there
 * are more demands than units), solve with absent cells at the penalty,
 * and keep the pairs that are real. col_of_row[i] gets row i's column or
 * -1. Dense input that needs no transpose is used as it is.
 */
static int solve_dense(const struct assign_problem *p, const struct shape *sh, int *col_of_row)
{
	int t = p->rows > p->cols, n = t ? p->cols : p->rows, m = t ? p->rows : p->cols;
	int64_t *own = NULL;
	const int64_t *c;
	int *x = NULL, i, k, rc = ERR_INTERNAL;

	if (p->dense && !t) {
		c = p->dense;
	} else {
		own = malloc((size_t)n * (size_t)m * sizeof *own);
		if (!own)
			goto done;
		if (p->dense) {
			/* Transpose in blocks so both sides stay in cache. */
			for (int i0 = 0; i0 < p->rows; i0 += 64)
				for (int k0 = 0; k0 < p->cols; k0 += 64)
					for (i = i0; i < p->rows && i < i0 + 64; i++)
						for (k = k0; k < p->cols && k < k0 + 64; k++)
							own[(size_t)k * m + i] = cell(p, i, k);
		} else {
			for (size_t z = 0; z < (size_t)n * m; z++)
				own[z] = ASSIGN_NONE;
			for (i = 0; i < p->rows; i++) {
				for (k = p->row_start[i]; k < p->row_start[i + 1]; k++) {
					int j = p->col[k];
					size_t at = t ? (size_t)j * m + i : (size_t)i * m + j;
					own[at] = p->cost[k];
				}
			}
		}
		c = own;
	}
	x = malloc((size_t)(n ? n : 1) * sizeof *x);
	if (!x)
		goto done;
	if (jv_solve(n, m, c, sh->penalty, x))
		goto done;

	for (i = 0; i < p->rows; i++)
		col_of_row[i] = -1;
	for (i = 0; i < n; i++) {
		int r = t ? x[i] : i, j = t ? i : x[i];
		if (c[(size_t)i * m + x[i]] != ASSIGN_NONE)
			col_of_row[r] = j;
	}
	rc = 0;
done:
	free(own);
	free(x);
	return rc;
}

/* --------------------------------------------------------------- sparse */

/*
 * Residual network in CSR form. Nodes: rows 0..n-1, units n..n+m-1, and
 * one pseudo-node PEN standing for "the penalty of the row that reached
 * it" (every row's penalty has potential 0 and never fills, so one node
 * holding the best of them is enough). A unit j holds its assigned pairs
 * in slots[slot_start[j] .. slot_start[j] + fill[j]).
 */
struct heap_item {
	int64_t key;
	int node;
};

struct ssp {
	int n, m, pen;
	const int *rs, *col;
	const int64_t *cost;
	int64_t penalty;
	int *edge_row;        /* row of each pair */
	unsigned char *used;  /* pair chosen */
	int *slot_start, *fill, *slots;
	int64_t *pi;          /* node potentials */
	int64_t *dist;
	int *pred;            /* unit: pair it was reached by; row: slot; PEN: row */
	unsigned char *state; /* 0 unseen, 1 in heap, 2 settled */
	struct heap_item *heap;
	int *hpos, hlen;
	int *seen, nseen;     /* nodes whose dist/state to reset */
};

/* The heap keeps each key beside its node, so sifting never chases
 * dist[] through memory; hpos[] follows every move. */
static inline void heap_put(struct ssp *s, int at, struct heap_item it)
{
	s->heap[at] = it;
	s->hpos[it.node] = at;
}

static void heap_up(struct ssp *s, int at, struct heap_item it)
{
	while (at > 0) {
		int parent = (at - 1) / 2;
		if (s->heap[parent].key <= it.key)
			break;
		heap_put(s, at, s->heap[parent]);
		at = parent;
	}
	heap_put(s, at, it);
}

static int heap_pop(struct ssp *s)
{
	int top = s->heap[0].node, at = 0;
	struct heap_item last = s->heap[--s->hlen];
	if (s->hlen == 0)
		return top;
	for (;;) {
		int child = 2 * at + 1;
		if (child >= s->hlen)
			break;
		if (child + 1 < s->hlen && s->heap[child + 1].key < s->heap[child].key)
			child++;
		if (s->heap[child].key >= last.key)
			break;
		heap_put(s, at, s->heap[child]);
		at = child;
	}
	heap_put(s, at, last);
	return top;
}

static void relax(struct ssp *s, int node, int64_t nd, int pred)
{
	if (s->state[node] == 2)
		return;
	if (s->state[node] == 0) {
		s->state[node] = 1;
		s->seen[s->nseen++] = node;
		s->dist[node] = nd;
		s->pred[node] = pred;
		heap_up(s, s->hlen++, (struct heap_item){nd, node});
	} else if (nd < s->dist[node]) {
		s->dist[node] = nd;
		s->pred[node] = pred;
		heap_up(s, s->hpos[node], (struct heap_item){nd, node});
	}
}

/*
 * One more slot for row src along a shortest path. settled[] collects the
 * nodes whose potentials move. Returns the sink: a unit node with spare
 * capacity, or PEN.
 */
static int ssp_search(struct ssp *s, int src, int *settled, int *nsettled)
{
	int n = s->n;

	*nsettled = 0;
	relax(s, src, 0, -1);
	for (;;) {
		int v, k;
		int64_t dv;
		assert(s->hlen > 0); /* PEN is always reachable from src */
		v = heap_pop(s);
		s->state[v] = 2;
		if (v == s->pen)
			return v;
		dv = s->dist[v];
		if (v >= n) {
			int j = v - n;
			int first = s->slot_start[j], limit = s->slot_start[j + 1];
			if (first + s->fill[j] < limit)
				return v; /* spare capacity: the sink */
			settled[(*nsettled)++] = v;
			for (k = first; k < limit; k++) {
				int e = s->slots[k], r = s->edge_row[e];
				int64_t rc = -s->cost[e] + s->pi[v] - s->pi[r];
				assert(rc >= 0);
				relax(s, r, dv + rc, k);
			}
		} else {
			settled[(*nsettled)++] = v;
			for (k = s->rs[v]; k < s->rs[v + 1]; k++) {
				int node = n + s->col[k];
				int64_t rc;
				if (s->used[k] || s->slot_start[node - n] == s->slot_start[node - n + 1])
					continue;
				rc = s->cost[k] + s->pi[v] - s->pi[node];
				assert(rc >= 0);
				relax(s, node, dv + rc, k);
			}
			/* The row's penalty: it can always give up one more slot. */
			assert(s->penalty + s->pi[v] >= 0);
			relax(s, s->pen, dv + s->penalty + s->pi[v], v);
		}
	}
}

/* Walk back from the sink, flipping pairs; src gains one slot. */
static void ssp_augment(struct ssp *s, int src, int sink, int *penalty_slots)
{
	int n = s->n, slot, row;

	if (sink == s->pen) {
		row = s->pred[sink];
		penalty_slots[row]++;
	} else {
		int j = sink - n;
		slot = s->slot_start[j] + s->fill[j]++;
		goto fill_slot;
	}
	for (;;) {
		int e_old, j;
		if (row == src)
			return;
		/* row gives up the pair it held in slot, whose unit refills it. */
		slot = s->pred[row];
		e_old = s->slots[slot];
		s->used[e_old] = 0;
		j = s->col[e_old];
		sink = n + j;
fill_slot:
		{
			int e = s->pred[sink];
			s->slots[slot] = e;
			s->used[e] = 1;
			row = s->edge_row[e];
		}
	}
}

static int solve_sparse(const struct assign_problem *p, const struct shape *sh,
			const int *rs, const int *col, const int64_t *cost,
			unsigned char **used_out)
{
	struct ssp s = {.n = p->rows, .m = p->cols, .rs = rs, .col = col, .cost = cost,
			.penalty = sh->penalty};
	int n = p->rows, m = p->cols, nodes = n + m + 1, i, j, k, rc = ERR_INTERNAL;
	int nnz = rs[n], *indeg = NULL, *settled = NULL, *penalty_slots = NULL;

	s.pen = n + m;
	s.edge_row = malloc((size_t)(nnz ? nnz : 1) * sizeof *s.edge_row);
	s.used = calloc((size_t)(nnz ? nnz : 1), 1);
	s.slot_start = malloc((size_t)(m + 1) * sizeof *s.slot_start);
	s.fill = calloc((size_t)(m ? m : 1), sizeof *s.fill);
	indeg = calloc((size_t)(m ? m : 1), sizeof *indeg);
	s.pi = calloc((size_t)nodes, sizeof *s.pi);
	s.dist = malloc((size_t)nodes * sizeof *s.dist);
	s.pred = malloc((size_t)nodes * sizeof *s.pred);
	s.state = calloc((size_t)nodes, 1);
	s.heap = malloc((size_t)nodes * sizeof *s.heap);
	s.hpos = malloc((size_t)nodes * sizeof *s.hpos);
	s.seen = malloc((size_t)nodes * sizeof *s.seen);
	settled = malloc((size_t)nodes * sizeof *settled);
	penalty_slots = calloc((size_t)(n ? n : 1), sizeof *penalty_slots);
	if (!s.edge_row || !s.used || !s.slot_start || !s.fill || !indeg || !s.pi ||
	    !s.dist || !s.pred || !s.state || !s.heap || !s.hpos || !s.seen || !settled ||
	    !penalty_slots)
		goto done;

	/* A unit can hold no more pairs than it has feasible rows. */
	for (i = 0; i < n; i++) {
		for (k = rs[i]; k < rs[i + 1]; k++) {
			s.edge_row[k] = i;
			indeg[col[k]]++;
		}
	}
	s.slot_start[0] = 0;
	for (j = 0; j < m; j++) {
		int cap = p->cap ? p->cap[j] : 1;
		s.slot_start[j + 1] = s.slot_start[j] + (cap < indeg[j] ? cap : indeg[j]);
	}
	s.slots = malloc((size_t)(s.slot_start[m] ? s.slot_start[m] : 1) * sizeof *s.slots);
	if (!s.slots)
		goto done;

	for (i = 0; i < n; i++) {
		int slot, need = p->need ? p->need[i] : 1;
		/* Slots beyond the row's feasible pairs can only go to the
		 * penalty; searching for them would cost a full Dijkstra each. */
		if (need > rs[i + 1] - rs[i])
			need = rs[i + 1] - rs[i];
		for (slot = 0; slot < need; slot++) {
			int nsettled, sink, z;
			int64_t dsink;
			sink = ssp_search(&s, i, settled, &nsettled);
			dsink = s.dist[sink];
			/* Truncated Dijkstra: only settled nodes move, by d - D <= 0. */
			for (z = 0; z < nsettled; z++) {
				int v = settled[z];
				s.pi[v] += s.dist[v] - dsink;
			}
			ssp_augment(&s, i, sink, penalty_slots);
			for (z = 0; z < s.nseen; z++)
				s.state[s.seen[z]] = 0;
			s.nseen = 0;
			s.hlen = 0;
		}
	}
	*used_out = s.used;
	s.used = NULL;
	rc = 0;
done:;
	void *scratch[] = {s.edge_row, s.used, s.slot_start, s.fill, indeg, s.pi, s.dist, s.pred,
			   s.state, s.heap, s.hpos, s.seen, s.slots, settled, penalty_slots};
	for (k = 0; k < (int)(sizeof scratch / sizeof scratch[0]); k++)
		free(scratch[k]);
	return rc;
}

/* --------------------------------------------------------------- public */

void assign_result_free(struct assign_result *r)
{
	if (!r)
		return;
	free(r->pair_row);
	free(r->pair_col);
	free(r->row_served);
	r->pair_row = r->pair_col = r->row_served = NULL;
	r->npairs = 0;
	r->total_cost = 0;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Dense costs as CSR, columns ascending, absent cells left out. */
static int dense_to_csr(const struct assign_problem *p, int64_t nnz, int **rs_out, int **col_out,
			int64_t **cost_out)
{
	int *rs = malloc((size_t)(p->rows + 1) * sizeof *rs);
	int *col = malloc((size_t)(nnz ? nnz : 1) * sizeof *col);
	int64_t *cost = malloc((size_t)(nnz ? nnz : 1) * sizeof *cost);
	int i, j, k = 0;

	if (!rs || !col || !cost) {
		free(rs);
		free(col);
		free(cost);
		return ERR_INTERNAL;
	}
	rs[0] = 0;
	for (i = 0; i < p->rows; i++) {
		for (j = 0; j < p->cols; j++) {
			int64_t c = cell(p, i, j);
			if (c == ASSIGN_NONE)
				continue;
			col[k] = j;
			cost[k++] = c;
		}
		rs[i + 1] = k;
	}
	*rs_out = rs;
	*col_out = col;
	*cost_out = cost;
	return 0;
}

/* Cost of pair (i, j), known to be feasible. */
static int64_t pair_cost(const struct assign_problem *p, int i, int j)
{
	int k;
	if (p->dense)
		return cell(p, i, j);
	for (k = p->row_start[i]; p->col[k] != j; k++)
		assert(k + 1 < p->row_start[i + 1]);
	return p->cost[k];
}

static enum assign_method choose_method(const struct assign_problem *p, const struct shape *sh)
{
	size_t cells = (size_t)p->rows * (size_t)p->cols;
	int copy = !p->dense || p->rows > p->cols;
	if (p->method != ASSIGN_AUTO)
		return p->method;
	if (!sh->unit || (size_t)sh->nnz * DENSE_MIN_FILL < cells)
		return ASSIGN_SPARSE;
	if (copy && cells > DENSE_MAX_COPY)
		return ASSIGN_SPARSE;
	return ASSIGN_DENSE;
}

int assign_solve(const struct assign_problem *p, struct assign_result *out, struct err *e)
{
	struct shape sh;
	int *col_of_row = NULL, *rs_own = NULL, *col_own = NULL, i, k, rc;
	const int *rs = p->row_start, *col = p->col;
	const int64_t *cost = p->cost;
	int64_t *cost_own = NULL;
	unsigned char *used = NULL;

	memset(out, 0, sizeof *out);
	rc = check_problem(p, &sh, e);
	if (rc)
		return rc;
	if (sh.nnz > INT_MAX - 1)
		return err_set(e, ERR_LIMIT, "cost", "可行配对过多", "too many feasible pairs");
	out->method = choose_method(p, &sh);
	out->row_served = calloc((size_t)(p->rows ? p->rows : 1), sizeof *out->row_served);
	if (!out->row_served)
		goto oom;

	if (sh.nnz == 0) {
		/* Nothing feasible: an empty answer, but a valid one. */
	} else if (out->method == ASSIGN_DENSE) {
		col_of_row = malloc((size_t)p->rows * sizeof *col_of_row);
		if (!col_of_row || solve_dense(p, &sh, col_of_row))
			goto oom;
		for (i = 0; i < p->rows; i++)
			out->npairs += col_of_row[i] >= 0;
	} else {
		if (p->dense) {
			if (dense_to_csr(p, sh.nnz, &rs_own, &col_own, &cost_own))
				goto oom;
			rs = rs_own;
			col = col_own;
			cost = cost_own;
		}
		if (solve_sparse(p, &sh, rs, col, cost, &used))
			goto oom;
		for (k = 0; k < sh.nnz; k++)
			out->npairs += used[k];
	}

	out->pair_row = malloc((size_t)(out->npairs ? out->npairs : 1) * sizeof *out->pair_row);
	out->pair_col = malloc((size_t)(out->npairs ? out->npairs : 1) * sizeof *out->pair_col);
	if (!out->pair_row || !out->pair_col)
		goto oom;
	k = 0;
	for (i = 0; col_of_row && i < p->rows; i++) {
		int j = col_of_row[i];
		if (j < 0)
			continue;
		out->pair_row[k] = i;
		out->pair_col[k++] = j;
		out->row_served[i] = 1;
		out->total_cost += pair_cost(p, i, j);
	}
	for (i = 0; used && i < p->rows; i++) {
		int first = k, z;
		for (z = rs[i]; z < rs[i + 1]; z++) {
			if (!used[z])
				continue;
			out->pair_row[k] = i;
			out->pair_col[k++] = col[z];
			out->total_cost += cost[z];
		}
		qsort(out->pair_col + first, (size_t)(k - first), sizeof(int), cmp_int);
		out->row_served[i] = k - first;
	}
	assert(k == out->npairs);
	rc = 0;
	goto done;
oom:
	rc = err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
	assign_result_free(out);
done:
	free(col_of_row);
	free(rs_own);
	free(col_own);
	free(cost_own);
	free(used);
	return rc;
}
