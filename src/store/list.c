/*
 * list.c — the list helper (list.h): builds the count and the page query
 * from the filters given, the sort and the cursor, and runs them.
 *
 * Plan choice (docs/lists.md). Without statistics SQLite cannot know how
 * many rows a region subtree holds, and the two good plans differ by
 * orders of magnitude depending on it:
 *   - region drives: read the subtree's rows through an index starting with
 *     the region column, sort them, take the page. Cost ∝ rows in the
 *     subtree; right for a community or a grid.
 *   - sort drives: walk an index in the sort's order (status, created_at,
 *     region_id …), keep rows whose region is in the subtree, stop after the
 *     page. Cost ∝ (offset + page) / share of the subtree; right for a town.
 * The share of regions in the subtree stands in for the share of rows. The
 * side that must not drive gets a unary `+` on its column, which keeps the
 * planner from using an index for that term (SQLite's documented hint;
 * PostgreSQL reads `+col` as the same value and plans on its statistics).
 * A subtree that holds every region adds no predicate at all.
 */
#include <assert.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/xmem.h"
#include "core/sb.h"
#include "store/list.h"

bool list_explain;

#define MAX_CLAUSES 24
#define MAX_ARGS 8
/* A subtree with less than 1/SHARE_DIV of the regions drives the query. */
#define SHARE_DIV 8

struct clause {
	char *sql;     /* the predicate as the planner may use it */
	char *hinted;  /* the same with `+` on the column: not for an index */
	int nargs;
	struct db_arg args[MAX_ARGS];
	char *strs[MAX_ARGS];
	bool region;   /* the subtree predicate */
	int drives;    /* 0, or the enum list_ids of list_where_ids */
};

struct list_q {
	const struct list_spec *spec;
	struct clause c[MAX_CLAUSES];
	int n;
	bool overflow;
	int64_t regions_in, regions_all;
	struct db_arg sel[MAX_ARGS];
	int nsel;
};

struct list_q *list_new(const struct list_spec *spec)
{
	struct list_q *q = xcalloc(1, sizeof *q);
	q->spec = spec;
	return q;
}

void list_free(struct list_q *q)
{
	if (!q)
		return;
	for (int i = 0; i < q->n; i++) {
		free(q->c[i].sql);
		free(q->c[i].hinted);
		for (int k = 0; k < q->c[i].nargs; k++)
			free(q->c[i].strs[k]);
	}
	free(q);
}

void list_result_free(struct list_result *r)
{
	free(r->next_cursor);
	r->next_cursor = NULL;
}

static struct clause *add(struct list_q *q, const char *sql, const char *hinted)
{
	if (q->n == MAX_CLAUSES) {
		q->overflow = true;
		return NULL;
	}
	struct clause *c = &q->c[q->n++];
	memset(c, 0, sizeof *c);
	c->sql = xstrdup(sql);
	c->hinted = xstrdup(hinted ? hinted : sql);
	return c;
}

static void arg_int(struct clause *c, int64_t v)
{
	assert(c->nargs < MAX_ARGS);
	c->args[c->nargs++] = (struct db_arg){.type = 'i', .i = v};
}

static void arg_str(struct clause *c, const char *v)
{
	assert(c->nargs < MAX_ARGS);
	c->strs[c->nargs] = xstrdup(v);
	c->args[c->nargs] = (struct db_arg){.type = 's', .s = c->strs[c->nargs]};
	c->nargs++;
}

static void eq_clause(struct list_q *q, const char *col, struct clause **out)
{
	struct sb a = SB_INIT, b = SB_INIT;
	sb_addf(&a, "%s = ?", col);
	sb_addf(&b, "+%s = ?", col);
	*out = add(q, sb_str(&a), sb_str(&b));
	sb_free(&a);
	sb_free(&b);
}

void list_eq_int(struct list_q *q, const char *col, int64_t v)
{
	struct clause *c;
	eq_clause(q, col, &c);
	if (c)
		arg_int(c, v);
}

void list_eq_str(struct list_q *q, const char *col, const char *v)
{
	struct clause *c;
	eq_clause(q, col, &c);
	if (c)
		arg_str(c, v);
}

void list_eq_int_if(struct list_q *q, const char *col, int64_t v)
{
	if (v)
		list_eq_int(q, col, v);
}

void list_eq_str_if(struct list_q *q, const char *col, const char *v)
{
	if (v)
		list_eq_str(q, col, v);
}

int list_eq_enum(struct list_q *q, const char *col, const char *field, const char *v,
		 const char *const *allowed, struct err *e)
{
	for (const char *const *a = allowed; *a; a++)
		if (strcmp(*a, v) == 0) {
			list_eq_str(q, col, v);
			return 0;
		}
	struct sb names = SB_INIT;
	for (const char *const *a = allowed; *a; a++) {
		sb_adds(&names, a == allowed ? "" : ", ");
		sb_adds(&names, *a);
	}
	int rc = err_setf(e, ERR_INVALID, field, "参数 %s 应为 %s 之一", "parameter %s must be one of %s",
			  field, sb_str(&names));
	sb_free(&names);
	return rc;
}

void list_select_int(struct list_q *q, int64_t v)
{
	assert(q->nsel < MAX_ARGS);
	q->sel[q->nsel++] = (struct db_arg){.type = 'i', .i = v};
}

static struct clause *where_v(struct list_q *q, const char *sql, const char *types, va_list ap)
{
	struct clause *c = add(q, sql, NULL);
	for (const char *t = types ? types : ""; *t; t++) {
		if (!c)
			(void)(*t == 'i' ? (void)va_arg(ap, int64_t) : (void)va_arg(ap, const char *));
		else if (*t == 'i')
			arg_int(c, va_arg(ap, int64_t));
		else
			arg_str(c, va_arg(ap, const char *));
	}
	return c;
}

void list_where(struct list_q *q, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	where_v(q, sql, types, ap);
	va_end(ap);
}

void list_where_ids(struct list_q *q, enum list_ids how, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	struct clause *c = where_v(q, sql, types, ap);
	va_end(ap);
	if (c)
		c->drives = how;
}

/* The end of a subtree's range: "/1/3/" → "/1/30" ('0' follows '/'). */
static char *path_hi(const char *path)
{
	size_t n = strlen(path);
	char *hi = xmalloc(n + 2);
	memcpy(hi, path, n);
	hi[n ? n - 1 : 0] = '0';
	hi[n ? n : 1] = 0;
	return hi;
}

int list_subtree(struct list_q *q, struct db *db, const char *path, struct err *e)
{
	assert(q->spec->region);
	char *hi = path_hi(path);
	int rc;
	if ((rc = db_int(db, e, &q->regions_in, "SELECT count(*) FROM regions WHERE path >= ? AND path < ?",
			 "ss", path, hi)) < 0 ||
	    (rc = db_int(db, e, &q->regions_all, "SELECT count(*) FROM regions", "")) < 0) {
		free(hi);
		return rc;
	}
	if (q->regions_in < q->regions_all) {
		struct sb a = SB_INIT, b = SB_INIT;
		sb_addf(&a, "%s IN (SELECT id FROM regions WHERE path >= ? AND path < ?)", q->spec->region);
		sb_addf(&b, "+%s IN (SELECT id FROM regions WHERE path >= ? AND path < ?)", q->spec->region);
		struct clause *c = add(q, sb_str(&a), sb_str(&b));
		sb_free(&a);
		sb_free(&b);
		if (c) {
			c->region = true;
			arg_str(c, path);
			arg_str(c, hi);
		}
	}
	free(hi);
	return 0;
}

int list_region_path(struct db *db, int64_t region_id, const char *field, char **path,
		     struct err *e)
{
	*path = NULL;
	struct stmt *st = db_q(db, e, "SELECT path FROM regions WHERE id=?", "i", region_id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1)
		*path = xstrdup(col_text(st, 0));
	stmt_done(st);
	if (rc == 0)
		return err_setf(e, ERR_INVALID, field, "参数 %s：区域 %" PRId64 " 不存在",
				"parameter %s: there is no region %" PRId64, field, region_id);
	return rc < 0 ? rc : 0;
}

const char *list_path_hi(struct arena *a, const char *path)
{
	size_t n = strlen(path);
	return arena_printf(a, "%.*s0", n ? (int)n - 1 : 0, path);
}

int list_region_path_in(struct db *db, struct arena *a, int64_t region_id, char **path,
			struct err *e)
{
	return db_text(db, e, a, path, "SELECT path FROM regions WHERE id=?", "i", region_id);
}

/* ---------- cursor: hex of "sort\x1f<i|s>key\x1fid" ---------- */

static void cursor_make(struct sb *out, const char *sort, bool text, const char *key, int64_t id)
{
	struct sb raw = SB_INIT;
	sb_addf(&raw, "%s\x1f%c%s\x1f%" PRId64, sort, text ? 's' : 'i', key ? key : "", id);
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < raw.len; i++) {
		unsigned char ch = (unsigned char)raw.buf[i];
		sb_addc(out, hex[ch >> 4]);
		sb_addc(out, hex[ch & 15]);
	}
	sb_free(&raw);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode a cursor for sort `sort`; *key malloc'd (text or decimal). */
static int cursor_parse(const char *cur, const char *sort, bool text, char **key, int64_t *id,
			struct err *e)
{
	size_t n = strlen(cur);
	*key = NULL;
	if (n == 0 || n % 2 || n > 4096)
		goto bad;
	char *raw = xmalloc(n / 2 + 1);
	for (size_t i = 0; i < n; i += 2) {
		int h = hexval(cur[i]), l = hexval(cur[i + 1]);
		if (h < 0 || l < 0) {
			free(raw);
			goto bad;
		}
		raw[i / 2] = (char)(h << 4 | l);
	}
	raw[n / 2] = 0;
	char *s1 = memchr(raw, 0x1f, n / 2), *s2 = strrchr(raw, 0x1f);
	if (!s1 || s2 == s1 || strlen(raw) != n / 2 || (size_t)(s1 - raw) != strlen(sort) ||
	    strncmp(raw, sort, strlen(sort)) != 0 || s1[1] != (text ? 's' : 'i')) {
		free(raw);
		goto bad;
	}
	*s2 = 0;
	char *end;
	long long v = strtoll(s2 + 1, &end, 10);
	if (!s2[1] || *end || v <= 0) {
		free(raw);
		goto bad;
	}
	if (!text) {
		char *kend;
		(void)strtoll(s1 + 2, &kend, 10);
		if (!s1[2] || *kend) {
			free(raw);
			goto bad;
		}
	}
	*id = v;
	*key = xstrdup(s1 + 2);
	free(raw);
	return 0;
bad:
	return err_set(e, ERR_INVALID, "cursor", "翻页游标无效（或属于另一种排序）",
		       "the cursor is not valid (or belongs to another sort)");
}

/* ---------- running ---------- */

static void where_sql(const struct list_q *q, struct sb *sql, struct db_arg *args, int *nargs,
		      bool hint, bool region_drives, bool ids_drive)
{
	for (int i = 0; i < q->n; i++) {
		const struct clause *c = &q->c[i];
		/* The side that must not drive is hinted away from the index; a
		 * set of ids, when it drives, leaves the rest to be checked. */
		bool off = ids_drive ? !c->drives : hint && (c->region ? !region_drives : region_drives);
		sb_adds(sql, i ? " AND " : " WHERE ");
		sb_adds(sql, off ? c->hinted : c->sql);
		for (int k = 0; k < c->nargs; k++)
			args[(*nargs)++] = c->args[k];
	}
}

static void explain_from_env(void)
{
	const char *v = getenv("WUSHE_LIST_EXPLAIN");
	if (v && *v && strcmp(v, "0") != 0)
		list_explain = true;
}

void list_explain_plan(struct db *db, const char *what, const char *sql, const struct db_arg *args,
		       int n)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, explain_from_env);
	if (!list_explain)
		return;
	struct err e = {0};
	struct sb x = SB_INIT;
	sb_adds(&x, "EXPLAIN QUERY PLAN ");
	sb_adds(&x, sql);
	struct stmt *st = db_qa(db, &e, sb_str(&x), args, n);
	struct sb plan = SB_INIT;
	while (st && stmt_step(st, &e) == 1) {
		sb_adds(&plan, plan.len ? " | " : "");
		sb_adds(&plan, col_text(st, 3));
	}
	stmt_done(st);
	log_info("list plan %s: %s :: %s", what, sql, sb_str(&plan));
	sb_free(&plan);
	sb_free(&x);
}

int list_run(struct db *db, struct list_q *q, const struct list_req *req, list_row_fn fn,
	     void *ctx, struct list_result *out, struct err *e)
{
	const struct list_spec *sp = q->spec;
	memset(out, 0, sizeof *out);
	if (q->overflow)
		return err_set(e, ERR_INTERNAL, "", "内部错误", "internal error");
	/* sort */
	const char *sort = req->sort && *req->sort ? req->sort : sp->default_sort;
	bool desc = sort[0] == '-';
	const struct list_sort *so = NULL;
	for (const struct list_sort *s = sp->sorts; s->name; s++)
		if (strcmp(s->name, sort + desc) == 0)
			so = s;
	if (!so) {
		struct sb zh = SB_INIT;
		for (const struct list_sort *s = sp->sorts; s->name; s++) {
			sb_adds(&zh, s == sp->sorts ? "" : ", ");
			sb_adds(&zh, s->name);
		}
		int rc = err_setf(e, ERR_INVALID, "sort", "排序字段应为 %s 之一（可加 - 前缀表示倒序）",
				  "sort must be one of %s (prefix - for descending)", sb_str(&zh));
		sb_free(&zh);
		return rc;
	}
	bool all = req->per_page == LIST_ALL;
	int64_t per_page = req->per_page < 1 ? 20 : req->per_page > LIST_MAX_PER_PAGE ? LIST_MAX_PER_PAGE : req->per_page;
	int64_t page = req->page < 1 ? 1 : req->page;
	char *ckey = NULL;
	int64_t cid = 0;
	bool cursor = req->cursor && *req->cursor;
	int rc;
	if (cursor && (rc = cursor_parse(req->cursor, sort, so->text, &ckey, &cid, e)))
		return rc;

	struct db_arg args[MAX_CLAUSES * MAX_ARGS + 8];
	int nargs = 0;
	struct sb sql = SB_INIT;
	int64_t cap = req->count_cap > 0 ? req->count_cap : sp->count_cap > 0 ? sp->count_cap : LIST_COUNT_CAP;

	/* 1. the count, stopped past the cap; the planner picks freely (no
	 * order) — except that a set of ids drives it: without statistics
	 * SQLite would otherwise look each id up once per region of the
	 * subtree (the ids' postings already hold only the subtree's). */
	if (all || req->count_cap == LIST_NO_COUNT)
		goto page;
	bool ids_drive = false;
	for (int i = 0; i < q->n; i++)
		ids_drive |= q->c[i].drives;
	sb_addf(&sql, "SELECT count(*) FROM (SELECT 1 FROM %s", sp->table);
	where_sql(q, &sql, args, &nargs, false, false, ids_drive);
	sb_adds(&sql, " LIMIT ?) c_");
	args[nargs++] = (struct db_arg){.type = 'i', .i = cap + 1};
	list_explain_plan(db, "count", sb_str(&sql), args, nargs);
	struct stmt *st = db_qa(db, e, sb_str(&sql), args, nargs);
	if (!st) {
		rc = e->code;
		goto done;
	}
	if ((rc = stmt_step(st, e)) == 1)
		out->total = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		goto done;
	if (out->total > cap) {
		out->total = cap;
		out->total_is_estimate = true;
	}

	/* 2. the page */
page:;
	bool has_region = false, few = false;
	for (int i = 0; i < q->n; i++) {
		has_region |= q->c[i].region;
		few |= q->c[i].drives == LIST_IDS_FEW;
	}
	/* A few rows named by a filter: read them and sort (the sort
	 * hinted too, so that no index walk in its order is tried). */
	bool region_drives = few || (has_region && (!so->indexed || q->regions_in * SHARE_DIV < q->regions_all));
	const char *sh = few ? "+" : "";
	const char *dir = desc ? " DESC" : "";
	sb_reset(&sql);
	nargs = 0;
	for (int i = 0; i < q->nsel; i++)
		args[nargs++] = q->sel[i];
	sb_addf(&sql, "SELECT %s, pg_.k_, pg_.id_ FROM (SELECT %s AS id_, %s AS k_ FROM %s", sp->select,
		sp->id, so->expr, sp->table);
	where_sql(q, &sql, args, &nargs, true, region_drives, few);
	if (cursor) {
		/* keyset: rows after (key, id) in the sort's direction */
		/* When the sort drives, `key <= ?` starts its index walk at the
		 * cursor; when the region drives, the keyset is only a check. */
		const char *cmp = desc ? "<" : ">";
		const char *h = region_drives ? "+" : "";
		sb_addf(&sql, "%s %s%s %s= ? AND (%s%s %s ? OR %s%s %s ?)", q->n ? " AND" : " WHERE", h, so->expr,
			cmp, h, so->expr, cmp, h, sp->id, cmp);
		struct db_arg k = so->text ? (struct db_arg){.type = 's', .s = ckey}
					   : (struct db_arg){.type = 'i', .i = strtoll(ckey, NULL, 10)};
		args[nargs++] = k;
		args[nargs++] = k;
		args[nargs++] = (struct db_arg){.type = 'i', .i = cid};
	}
	/* CROSS JOIN keeps the page (at most per_page + 1 rows) outermost. */
	/* Sorted by the id itself, the tie-break would only make SQLite sort
	 * the "right part" of an index walk that is already in order. */
	if (strcmp(so->expr, sp->id) == 0)
		sb_addf(&sql, " ORDER BY %s%s%s", sh, so->expr, dir);
	else
		sb_addf(&sql, " ORDER BY %s%s%s, %s%s%s", sh, so->expr, dir, sh, sp->id, dir);
	if (!all) {
		sb_adds(&sql, " LIMIT ? OFFSET ?");
		args[nargs++] = (struct db_arg){.type = 'i', .i = per_page + 1};
		args[nargs++] = (struct db_arg){.type = 'i', .i = cursor ? 0 : (page - 1) * per_page};
	}
	sb_addf(&sql, ") pg_ CROSS JOIN %s WHERE %s = pg_.id_ ORDER BY pg_.k_%s, pg_.id_%s", sp->from,
		sp->row_id, dir, dir);
	list_explain_plan(db, "page", sb_str(&sql), args, nargs);
	if (!(st = db_qa(db, e, sb_str(&sql), args, nargs))) {
		rc = e->code;
		goto done;
	}
	int ncols = col_count(st);
	int64_t got = 0;
	struct sb last = SB_INIT;
	int64_t last_id = 0;
	while ((rc = stmt_step(st, e)) == 1) {
		if (++got > per_page && !all)
			break;
		sb_reset(&last);
		const char *k = col_text(st, ncols - 2);
		sb_adds(&last, k ? k : "");
		last_id = col_int(st, ncols - 1);
		if ((rc = fn(st, ctx, e)))
			break;
	}
	stmt_done(st);
	if (rc < 0) {
		sb_free(&last);
		goto done;
	}
	rc = 0;
	if (all)
		out->total = got;
	else if (got > per_page) {
		struct sb c = SB_INIT;
		cursor_make(&c, sort, so->text, sb_str(&last), last_id);
		out->next_cursor = sb_detach(&c, NULL);
	}
	sb_free(&last);
done:
	free(ckey);
	sb_free(&sql);
	return rc;
}
