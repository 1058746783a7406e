/*
 * cmd_assign.c — `wushe assign FILE.csv`: solve the exchange's assignment
 * problem for a cost matrix and print the answer.
 *
 * Input: a CSV without header, one row per demand and one column per
 * supply unit; a cell is a non-negative integer cost, or empty when the
 * pair is infeasible. Every row has the same number of cells. Read with
 * the project's CSV reader (core/csv.h), so quoting, CRLF and a UTF-8 BOM
 * are accepted like everywhere else; a blank line is a row whose only
 * cell is empty, which only a one-column matrix can have.
 *
 * Output: the optimal total cost on the first line, then one `row,column`
 * line per chosen pair, 0-based, rows ascending (see assign.h for what
 * "optimal" means). Errors name the cell as a spreadsheet would (1-based
 * row and column, e.g. C5), go to stderr, and exit with status 2.
 *
 * Hidden options for bench/assign.sh and debugging: --time prints the
 * solve time alone (not the reading) to stderr as `solve_ms=N`, and
 * --method=auto|dense|sparse forces a path.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/csv.h"
#include "core/err.h"
#include "core/sb.h"
#include "core/tabular.h"
#include "modules/exchange/assign.h"

int cmd_assign(int argc, char **argv);

struct matrix {
	int rows, cols;
	int64_t *cells; /* rows * cols, ASSIGN_NONE where empty */
	size_t cap;     /* cells allocated */
};

static int fail(const char *path, const char *zh, const char *en)
{
	fprintf(stderr, "wushe assign: %s: %s\nwushe assign: %s: %s\n", path, zh, path, en);
	return 2;
}

static int read_all(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0;
	char *buf = NULL;

	if (!f)
		return -1;
	for (;;) {
		char *nb;
		if (n == cap || !buf) {
			cap = buf ? cap * 2 : cap;
			nb = realloc(buf, cap);
			if (!nb)
				goto fail;
			buf = nb;
		}
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
	}
	if (ferror(f))
		goto fail;
	fclose(f);
	*data = buf;
	*len = n;
	return 0;
fail:
	free(buf);
	fclose(f);
	return -1;
}

/* One more row of cols cells, all infeasible to start with. */
static int64_t *matrix_add_row(struct matrix *m)
{
	size_t need = (size_t)(m->rows + 1) * (size_t)m->cols;
	int64_t *row;
	if (need > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 1024;
		int64_t *nc;
		while (cap < need)
			cap *= 2;
		nc = realloc(m->cells, cap * sizeof *nc);
		if (!nc)
			return NULL;
		m->cells = nc;
		m->cap = cap;
	}
	row = m->cells + (size_t)m->rows * (size_t)m->cols;
	for (int j = 0; j < m->cols; j++)
		row[j] = ASSIGN_NONE;
	m->rows++;
	return row;
}

/* A cost: optional blanks, decimal digits with an optional '+', blanks. */
static int parse_cost(const char *s, int64_t *out, const char **why_zh, const char **why_en)
{
	char *end;
	long long v;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '-') {
		*why_zh = "费用不能为负";
		*why_en = "costs must not be negative";
		return -1;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (end == s || *end || (*s != '+' && (*s < '0' || *s > '9'))) {
		*why_zh = "不是整数";
		*why_en = "not an integer";
		return -1;
	}
	if (errno == ERANGE) {
		*why_zh = "整数超出范围";
		*why_en = "integer out of range";
		return -1;
	}
	*out = v;
	return 0;
}

static int read_matrix(const char *path, struct matrix *m)
{
	struct err e = {0};
	struct tab_record rec;
	struct csv_reader *r;
	char *data = NULL;
	size_t len;
	long next_row = 1; /* the spreadsheet row the next matrix row should be */
	int rc = 2, got;

	memset(m, 0, sizeof *m);
	if (read_all(path, &data, &len)) {
		struct sb zh = SB_INIT, en = SB_INIT;
		const char *why = strerror(errno);
		sb_addf(&zh, "无法读取文件：%s", why);
		sb_addf(&en, "cannot read the file: %s", why);
		rc = fail(path, sb_str(&zh), sb_str(&en));
		sb_free(&zh);
		sb_free(&en);
		return rc;
	}
	r = csv_reader_open(data, len, &e);
	if (!r) {
		fail(path, e.message, e.message_en);
		goto done;
	}
	while ((got = csv_reader_next(r, &rec, &e)) != 0) {
		if (got < 0) {
			fail(path, e.message, e.message_en);
			goto done;
		}
		if (m->rows == 0)
			m->cols = rec.nfields;
		/* Blank lines the reader skipped are rows with one empty cell. */
		for (; next_row < rec.row; next_row++) {
			if (m->cols != 1) {
				fprintf(stderr, "wushe assign: %s: 第 %ld 行为空，应有 %d 个单元格\n"
						"wushe assign: %s: row %ld is blank; expected %d cells\n",
					path, next_row, m->cols, path, next_row, m->cols);
				goto done;
			}
			if (!matrix_add_row(m))
				goto oom;
		}
		if (rec.nfields != m->cols) {
			fprintf(stderr, "wushe assign: %s: 第 %ld 行有 %d 个单元格，应有 %d 个\n"
					"wushe assign: %s: row %ld has %d cell(s); expected %d\n",
				path, rec.row, rec.nfields, m->cols, path, rec.row, rec.nfields, m->cols);
			goto done;
		}
		int64_t *row = matrix_add_row(m);
		if (!row)
			goto oom;
		for (int j = 0; j < rec.nfields; j++) {
			const char *why_zh, *why_en, *s = rec.fields[j].s;
			char ref[24];
			if (strspn(s, " \t") == rec.fields[j].len)
				continue; /* empty: infeasible */
			if (parse_cost(s, &row[j], &why_zh, &why_en) == 0)
				continue;
			if (tab_cell_ref(rec.row, j + 1, ref, sizeof ref) < 0)
				ref[0] = '\0';
			fprintf(stderr, "wushe assign: %s: 第 %ld 行第 %d 列（%s）%s：\"%s\"\n"
					"wushe assign: %s: row %ld, column %d (%s): %s: \"%s\"\n",
				path, rec.row, j + 1, ref, why_zh, s, path, rec.row, j + 1, ref, why_en, s);
			goto done;
		}
		next_row = rec.row + 1;
	}
	if (csv_reader_fatal(r))
		goto done; /* already reported by the failing next */
	rc = 0;
	goto done;
oom:
	fail(path, "内存不足", "out of memory");
done:
	csv_reader_free(r);
	free(data);
	if (rc) {
		free(m->cells);
		m->cells = NULL;
	}
	return rc;
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int usage(void)
{
	fprintf(stderr, "用法 / usage: wushe assign FILE.csv\n"
			"  FILE.csv: one row per demand, one column per supply unit, integer\n"
			"  costs, an empty cell for an infeasible pair, no header.\n"
			"  Prints the optimal total cost, then one row,column pair per line.\n");
	return 2;
}

int cmd_assign(int argc, char **argv)
{
	static const char *const opts[] = {"time!", "method", NULL};
	struct cli_args a;
	struct matrix m;
	struct assign_problem p = {0};
	struct assign_result res;
	struct err e = {0};
	const char *method, *path;
	double t0, t1;
	int rc;

	if (cli_parse(argc, argv, opts, &a) || a.npos != 1)
		return usage();
	path = a.pos[0];
	method = cli_opt(&a, "method");
	if (!method || strcmp(method, "auto") == 0)
		p.method = ASSIGN_AUTO;
	else if (strcmp(method, "dense") == 0)
		p.method = ASSIGN_DENSE;
	else if (strcmp(method, "sparse") == 0)
		p.method = ASSIGN_SPARSE;
	else
		return usage();

	if (read_matrix(path, &m))
		return 2;
	p.rows = m.rows;
	p.cols = m.cols;
	p.dense = m.cells;
	t0 = now_ms();
	rc = assign_solve(&p, &res, &e);
	t1 = now_ms();
	free(m.cells);
	if (rc) {
		fprintf(stderr, "wushe assign: %s: %s\nwushe assign: %s: %s\n", path, e.message, path,
			e.message_en);
		assign_result_free(&res);
		return 2;
	}
	if (cli_flag(&a, "time"))
		fprintf(stderr, "solve_ms=%.3f\n", t1 - t0);

	printf("%lld\n", (long long)res.total_cost);
	for (int k = 0; k < res.npairs; k++)
		printf("%d,%d\n", res.pair_row[k], res.pair_col[k]);
	assign_result_free(&res);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "wushe assign: 写出失败 / cannot write the output: %s\n",
			strerror(errno));
		return 2;
	}
	return 0;
}
