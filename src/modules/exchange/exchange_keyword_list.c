/*
 * exchange_keyword_list.c — the demands and services lists with a keyword
 * (`q=`), newest first at district scale (docs/lists.md, "Keyword lists
 * newest first").
 *
 * exchange_list_keyword() (exchange_search.c) has put the keyword's
 * substring test into the list; this adds what narrows it, from the
 * store's postings (store/search.h), once it knows the sort and the page:
 *
 *  - the driving token is the rarest of the keyword's (the keyword itself
 *    when it has one or two characters, else each pair of adjacent
 *    characters), counted in the subtree from the index alone;
 *  - few postings (<= KW_SMALL, or under KW_DEEP times the rows a deep
 *    page must walk past), a sort other than creation time, the
 *    caller's own records or a term filter: the list reads the token's
 *    postings of the subtree (`id IN (…)`) and the list helper pages them,
 *    as before (the rarest token instead of the first);
 *  - else the token's postings are walked in the list's order (creation
 *    time, ties by id; xchg_postings_recent), region and column checked
 *    on the entry, status and substring on the record, and the walk stops
 *    once the page and the row after it are found. The list helper then
 *    writes just those rows (`id IN (the page's ids)`), with its own
 *    cursor; the total is counted here no further than the cap: from the
 *    index alone when the postings are the answer (a keyword of one or two
 *    characters, no status), else record by record up to KW_RECORD_CAP.
 *
 * Either way the rows, their order, the cursor and the total are the ones
 * a plain substring scan of the subtree gives (bench/lists.sh compares).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonin.h"
#include "core/sb.h"
#include "core/xmem.h"
#include "modules/exchange/exchange_keyword_list.h"
#include "store/search.h"

/* A driving token with at most this many postings in the subtree, or
 * fewer than KW_DEEP times the rows the walk must reach (a deep page):
 * read them all (an IN list) and let the list helper sort. */
#define KW_SMALL 200
#define KW_DEEP 4
/* Counting tokens to find the rarest stops here, and after this many. */
#define KW_RARE_CAP 20000
/* Past this many postings of the status (a quarter of KW_RARE_CAP: a
 * status holds a third of the records or fewer, so the density in the
 * walk of that status is about as high), a sort's own index walk meets a
 * match every few rows and the postings are left out of the page. */
#define KW_RARE_STATUS (KW_RARE_CAP / 4)
#define KW_RARE_TOKENS 16
#define KW_MAX_TOKENS 64
/* A total counted record by record (a keyword of three or more
 * characters: the postings alone cannot tell) stops here and
 * says so (total_is_estimate), as the list helper's count does at
 * LIST_COUNT_CAP: a common word with a status in the district would
 * otherwise read ten thousand records for a number nobody pages through. */
#define KW_RECORD_CAP 1000
/* Read through the postings, at most this many are fetched and sorted
 * (LIST_IDS_FEW); more, and the list's own index walk in its sort's
 * order finds the page, the postings narrowing it (LIST_IDS_COUNT). */
#define KW_FEW 500

struct kargs {
	struct db_arg a[16];
	int n;
};
static void ka_s(struct kargs *k, const char *v) { k->a[k->n++] = (struct db_arg){.type = 's', .s = v}; }
static void ka_i(struct kargs *k, int64_t v) { k->a[k->n++] = (struct db_arg){.type = 'i', .i = v}; }

/* One count from sql. */
static int count_of(struct db *db, struct err *e, const char *what, const struct sb *sql,
		    const struct kargs *k, int64_t *out)
{
	return search_count(db, e, what, sb_str(sql), k->a, k->n, out);
}

/* The creation time and id of list.c's cursor for sort (hex of
 * "sort\x1fi<key>\x1f<id>"); false when it is not one (list_run says 400). */
static bool cursor_key(const char *cur, const char *sort, int64_t *key, int64_t *id)
{
	size_t n = strlen(cur);
	char raw[128];
	if (n == 0 || n % 2 || n / 2 >= sizeof raw)
		return false;
	for (size_t i = 0; i < n; i += 2) {
		unsigned v;
		if (sscanf(cur + i, "%2x", &v) != 1 || !strchr("0123456789abcdef", cur[i]) ||
		    !strchr("0123456789abcdef", cur[i + 1]))
			return false;
		raw[i / 2] = (char)v;
	}
	raw[n / 2] = 0;
	size_t sl = strlen(sort);
	if (strlen(raw) != n / 2 || strncmp(raw, sort, sl) != 0 || raw[sl] != 0x1f || raw[sl + 1] != 'i')
		return false;
	char *end;
	*key = strtoll(raw + sl + 2, &end, 10);
	if (end == raw + sl + 2 || *end != 0x1f)
		return false;
	char *idp = end + 1;
	*id = strtoll(idp, &end, 10);
	return end != idp && !*end && *id > 0;
}

/* What the walk needs besides the SQL of the list. */
struct kw {
	const struct exchange_posting_list *pl;
	int kind;
	const char *tok, *status, *lo, *hi;  /* lo NULL: the district */
	char like[512];
};

/* The postings' parameters: kind, token, the status when there is one,
 * the subtree's range when there is one (store/search.h's order). */
static void posting_args(struct kargs *k, const struct kw *w)
{
	ka_i(k, w->kind);
	ka_s(k, w->tok);
	if (w->status)
		ka_s(k, w->status);
	if (w->lo) {
		ka_s(k, w->lo);
		ka_s(k, w->hi);
	}
}

/* FROM … WHERE of the walk: the token's postings (of the subtree, in
 * title or description, of the status) tied to their records, the
 * substring. */
static void walk_sql(struct sb *sql, struct kargs *k, const struct kw *w)
{
	sb_adds(sql, " FROM");
	search_walk_from(sql);
	sb_addf(sql, " %s WHERE ", w->pl->spec->table);
	search_walk_where(sql, w->pl->id_col, w->status != NULL, w->lo != NULL);
	search_walk_listed(sql);
	posting_args(k, w);
	sb_addf(sql, " AND (%s LIKE ? OR %s LIKE ?)", w->pl->title_col, w->pl->desc_col);
	ka_s(k, w->like);
	ka_s(k, w->like);
}

/* The records of the subtree (of the status) whose title or description
 * holds the token, from the index alone, no further than cap + 1. */
static int listed_total(struct db *db, const struct kw *w, int64_t cap, int64_t *out, struct err *e)
{
	struct kargs k = {.n = 0};
	struct sb sql = SB_INIT;
	search_listed_count(&sql, w->status != NULL, w->lo != NULL);
	posting_args(&k, w);
	ka_i(&k, cap + 1);
	int rc = count_of(db, e, "total", &sql, &k, out);
	sb_free(&sql);
	return rc;
}

/* The records the walk finds (the substring checked on each), no further
 * than cap + 1. */
static int walk_total(struct db *db, const struct kw *w, int64_t cap, int64_t *out, struct err *e)
{
	struct kargs k = {.n = 0};
	struct sb sql = SB_INIT;
	sb_adds(&sql, "SELECT count(*) FROM (SELECT 1");
	walk_sql(&sql, &k, w);
	sb_adds(&sql, " LIMIT ?) c_");
	ka_i(&k, cap + 1);
	int rc = count_of(db, e, "total", &sql, &k, out);
	sb_free(&sql);
	return rc;
}

/* The total of the keyword's records, no further than *cap + 1: from the
 * index alone when the postings are the answer (a keyword of one or two
 * characters; the status is on the postings too), else record by record,
 * *cap lowered to KW_RECORD_CAP. */
static int keyword_total(struct db *db, const struct kw *w, const char *kw, int64_t *cap, int64_t *out,
			 struct err *e)
{
	if (utf8_chars(kw) <= 2)
		return listed_total(db, w, *cap, out, e);
	if (*cap > KW_RECORD_CAP)
		*cap = KW_RECORD_CAP;
	return walk_total(db, w, *cap, out, e);
}

/* The page asked for, as the walks need it. */
struct pg {
	const char *sort;
	bool desc, by_time, by_id; /* the list's sort: creation time, or id (either way) */
	bool cursor, cursor_ok;
	int64_t ckey, cid, per_page, off, cap;
};

static void page_asked(const struct exchange_posting_list *pl, const struct list_req *req, struct pg *g)
{
	memset(g, 0, sizeof *g);
	g->cap = pl->spec->count_cap > 0 ? pl->spec->count_cap : LIST_COUNT_CAP;
	g->sort = req->sort && *req->sort ? req->sort : pl->spec->default_sort;
	g->desc = g->sort[0] == '-';
	for (const struct list_sort *so = pl->spec->sorts; so->name; so++)
		if (strcmp(so->name, g->sort + g->desc) == 0) {
			g->by_time = strcmp(so->name, "created_at") == 0;
			g->by_id = strcmp(so->name, "id") == 0;
		}
	g->cursor = req->cursor && *req->cursor;
	g->cursor_ok = !g->cursor || cursor_key(req->cursor, g->sort, &g->ckey, &g->cid);
	g->per_page = req->per_page < 1 ? 20 : req->per_page > LIST_MAX_PER_PAGE ? LIST_MAX_PER_PAGE : req->per_page;
	g->off = g->cursor ? 0 : ((req->page < 1 ? 1 : req->page) - 1) * g->per_page;
}

/* A walk's page: the ids found (in the list's order, the ones before
 * the page counted but not kept); the list helper writes the rows, with
 * its own cursor. */
struct walked {
	struct sb ids;
	int64_t seen;
};

static void walked_add(struct walked *wk, const struct pg *g, int64_t id)
{
	if (wk->seen++ < g->off)
		return;
	sb_addf(&wk->ids, "%s%" PRId64, wk->ids.len ? "," : "", id);
}

/* The keyset condition of a cursor on a walk's entries. */
static void walk_after(struct sb *sql, struct kargs *k, const struct pg *g)
{
	if (!g->cursor)
		return;
	const char *cmp = g->desc ? "<" : ">";
	if (g->by_id) {
		sb_addf(sql, " AND %s %s ?", SEARCH_WALK_DOC, cmp);
		ka_i(k, g->cid);
		return;
	}
	sb_addf(sql, " AND %s %s= ? AND (%s %s ? OR %s %s ?)", SEARCH_WALK_CREATED, cmp, SEARCH_WALK_CREATED, cmp,
		SEARCH_WALK_DOC, cmp);
	ka_i(k, g->ckey);
	ka_i(k, g->ckey);
	ka_i(k, g->cid);
}

/* The page's rows, written by the list helper: the page's ids drive
 * (LIST_IDS_FEW: read by id and sorted, the list's other filters checked
 * on each). Left to choose, SQLite would rather walk an index of the
 * status and test each entry against the ids. */
static int walked_rows(struct db *db, struct list_q *q, const struct exchange_posting_list *pl, const struct pg *g,
		       struct walked *wk, int64_t total, const struct list_req *req, void *row_ctx,
		       struct list_result *res, struct err *e)
{
	struct sb sql = SB_INIT;
	if (wk->ids.len)
		sb_addf(&sql, "%s IN (%s)", pl->id_col, sb_str(&wk->ids));
	else
		sb_adds(&sql, "1 = 0");
	list_where_ids(q, LIST_IDS_FEW, sb_str(&sql), "");
	sb_free(&sql);
	struct list_req one = {.page = 1, .per_page = g->per_page, .sort = req->sort, .cursor = req->cursor};
	int rc = list_run(db, q, &one, pl->row, row_ctx, res, e);
	if (!rc) {
		res->total = total > g->cap ? g->cap : total;
		res->total_is_estimate = total > g->cap;
	}
	return rc;
}

/* The term filter as an IN list of its postings (of the status, in the
 * subtree): the list helper drives from them or checks them. */
static void term_where(struct list_q *q, const struct kw *w, int64_t term_id)
{
	struct sb sql = SB_INIT;
	search_posted(&sql, w->pl->id_col, true, w->status != NULL, w->lo != NULL);
	int64_t kind = w->pl->service ? SEARCH_SERVICE_TERM : SEARCH_DEMAND_TERM;
	const char *st = w->status ? w->status : "";
	if (w->lo && w->status)
		list_where(q, sb_str(&sql), "iiisss", kind, term_id, term_id, st, w->lo, w->hi);
	else if (w->lo)
		list_where(q, sb_str(&sql), "iiiss", kind, term_id, term_id, w->lo, w->hi);
	else if (w->status)
		list_where(q, sb_str(&sql), "iiis", kind, term_id, term_id, st);
	else
		list_where(q, sb_str(&sql), "iii", kind, term_id, term_id);
	sb_free(&sql);
}

/* A term and its children have at most this many tokens for the walk;
 * more, and the IN list answers. */
#define TERM_MAX_TOKENS 32

/* The list with a term filter and no keyword (docs/lists.md, "The term
 * filter newest first"): the documents of the term (of the status, in
 * the subtree) counted from the index, each once, no further than the
 * cap; few of them, or a sort other than creation time or id, and the
 * IN list answers (the list helper sorts them); else each token's
 * postings (the term's and each child's) are walked in the list's order
 * and merged,
 * a document posted under two of them taken once, until the page and the
 * row after it are found. */
static int term_run(struct db *db, struct list_q *q, struct kw *w, int64_t term_id, const struct pg *g,
		    const struct list_req *req, bool mine, void *row_ctx, struct list_result *res, struct err *e)
{
	const struct exchange_posting_list *pl = w->pl;
	int64_t kind = pl->service ? SEARCH_SERVICE_TERM : SEARCH_DEMAND_TERM;
	int64_t total = 0;
	struct kargs k = {.n = 0};
	struct sb sql = SB_INIT;
	char (*toks)[SEARCH_TOKEN_MAX] = NULL;
	int nt = 0, rc = 0;
	bool walk = (g->by_time || g->by_id) && !mine && g->cursor_ok && req->per_page != LIST_ALL, counted = walk;
	if (walk) {
		search_terms_count(&sql, w->status != NULL, w->lo != NULL);
		ka_i(&k, kind);
		ka_i(&k, term_id);
		ka_i(&k, term_id);
		if (w->status)
			ka_s(&k, w->status);
		if (w->lo) {
			ka_s(&k, w->lo);
			ka_s(&k, w->hi);
		}
		ka_i(&k, g->cap + 1);
		if ((rc = count_of(db, e, "total", &sql, &k, &total)) < 0)
			goto done;
		walk = total > KW_SMALL && total >= KW_DEEP * (g->off + g->per_page + 1);
	}
	/* the term and its children: one token each */
	if (walk) {
		toks = xcalloc(TERM_MAX_TOKENS + 1, sizeof *toks);
		struct stmt *st = db_q(db, e, "SELECT id FROM xchg_terms WHERE id = ? OR parent_id = ? ORDER BY id", "ii",
				       term_id, term_id);
		if (!st) {
			rc = e->code;
			goto done;
		}
		while ((rc = stmt_step(st, e)) == 1 && nt <= TERM_MAX_TOKENS)
			snprintf(toks[nt++], SEARCH_TOKEN_MAX, "%" PRId64, col_int(st, 0)); /* a term's token: its id */
		stmt_done(st);
		if (rc < 0)
			goto done;
		rc = 0;
		walk = nt > 0 && nt <= TERM_MAX_TOKENS;
	}
	if (!walk) {
		term_where(q, w, term_id);
		struct list_req r = *req;
		if (counted)
			r.count_cap = LIST_NO_COUNT; /* counted above */
		if (!(rc = list_run(db, q, &r, pl->row, row_ctx, res, e)) && r.count_cap == LIST_NO_COUNT) {
			res->total = total > g->cap ? g->cap : total;
			res->total_is_estimate = total > g->cap;
		}
		goto done;
	}

	/* one walk per token, merged in the list's order */
	struct stmt *st[TERM_MAX_TOKENS];
	int64_t id[TERM_MAX_TOKENS], at[TERM_MAX_TOKENS];
	bool live[TERM_MAX_TOKENS];
	int opened = 0;
	for (int i = 0; i < nt; i++) {
		struct kargs a = {.n = 0};
		sb_reset(&sql);
		search_walk_postings(&sql, g->by_id, w->status != NULL, w->lo != NULL);
		ka_i(&a, kind);
		ka_s(&a, toks[i]);
		if (w->status)
			ka_s(&a, w->status);
		if (w->lo) {
			ka_s(&a, w->lo);
			ka_s(&a, w->hi);
		}
		walk_after(&sql, &a, g);
		if (g->by_id)
			search_walk_order_id(&sql, g->desc);
		else
			search_walk_order_recent(&sql, g->desc);
		if (i == 0)
			search_explain(db, "term", sb_str(&sql), a.a, a.n);
		if (!(st[i] = db_qa(db, e, sb_str(&sql), a.a, a.n))) {
			rc = e->code;
			break;
		}
		opened++;
		rc = stmt_step(st[i], e);
		live[i] = rc == 1;
		if (rc < 0)
			break;
		rc = 0;
		if (live[i]) {
			id[i] = col_int(st[i], 0);
			at[i] = col_int(st[i], 1);
		}
	}
	struct walked wk = {.ids = SB_INIT, .seen = 0};
	int64_t last = 0;
	while (!rc) {
		int b = -1;
		for (int i = 0; i < nt; i++) {
			if (!live[i])
				continue;
			bool ahead = b < 0 || (g->desc ? at[i] > at[b] || (at[i] == at[b] && id[i] > id[b])
						   : at[i] < at[b] || (at[i] == at[b] && id[i] < id[b]));
			if (ahead)
				b = i;
		}
		if (b < 0)
			break;
		if (id[b] != last) /* the same document under two tokens comes twice in a row */
			walked_add(&wk, g, id[b]);
		last = id[b];
		if (wk.seen == g->off + g->per_page + 1)
			break;
		if ((rc = stmt_step(st[b], e)) < 0)
			break;
		live[b] = rc == 1;
		rc = 0;
		if (live[b]) {
			id[b] = col_int(st[b], 0);
			at[b] = col_int(st[b], 1);
		}
	}
	for (int i = 0; i < opened; i++)
		stmt_done(st[i]);
	if (!rc)
		rc = walked_rows(db, q, pl, g, &wk, total, req, row_ctx, res, e);
	sb_free(&wk.ids);
done:
	free(toks);
	sb_free(&sql);
	return rc;
}

int exchange_keyword_list_run(struct db *db, struct list_q *q, const struct exchange_posting_list *pl,
			      const struct exchange_posting_filter *f, const char *scope,
			      const struct list_req *req, void *row_ctx, struct list_result *res,
			      struct err *e)
{
	const char *kw = f->q;
	struct pg g;
	page_asked(pl, req, &g);
	struct kw w = {.pl = pl, .kind = pl->service ? SEARCH_SERVICE_TEXT : SEARCH_DEMAND_TEXT};
	w.status = f->status && *f->status ? f->status : NULL;
	char lo[512] = "", hi[512] = "";
	if (scope && strlen(scope) > 1 && strlen(scope) < sizeof lo) {
		size_t n = strlen(scope);
		snprintf(lo, sizeof lo, "%s", scope);
		snprintf(hi, sizeof hi, "%.*s0", (int)n - 1, scope);
		w.lo = lo;
		w.hi = hi;
	}
	char toks[KW_MAX_TOKENS][SEARCH_TOKEN_MAX];
	int nt = kw && *kw && !strpbrk(kw, "%_") && strlen(kw) < 500 ? search_tokens(kw, toks, KW_MAX_TOKENS) : 0;
	if (nt == 0 && f->term_id) /* a term and no keyword the postings can narrow */
		return term_run(db, q, &w, f->term_id, &g, req, f->mine, row_ctx, res, e);
	if (f->term_id)
		term_where(q, &w, f->term_id);
	if (nt == 0) /* no keyword, or one with LIKE's wildcards: the LIKE alone */
		return list_run(db, q, req, pl->row, row_ctx, res, e);
	snprintf(w.like, sizeof w.like, "%%%s%%", kw);
	/* the driving token: the rarest in the subtree (of the status) */
	int rc;
	int64_t best = KW_RARE_CAP + 1;
	struct sb sql = SB_INIT;
	for (int i = 0; i < nt && i < KW_RARE_TOKENS && best > 0; i++) {
		struct kargs k = {.n = 0};
		int64_t c = 0;
		sb_reset(&sql);
		search_posted_count(&sql, w.status != NULL, w.lo != NULL);
		struct kw wi = w;
		wi.tok = toks[i];
		posting_args(&k, &wi);
		ka_i(&k, best);
		if ((rc = count_of(db, e, "rarest", &sql, &k, &c)) < 0)
			goto done;
		if (!w.tok || c < best) {
			w.tok = toks[i];
			best = c;
		}
	}
	int64_t cap = g.cap;
	if (best <= KW_SMALL || best < KW_DEEP * (g.off + g.per_page + 1) || !g.by_time || f->mine || f->term_id ||
	    req->per_page == LIST_ALL || !g.cursor_ok) {
		/* A case the walk does not take. Few postings: read them all
		 * and sort. More: the list's own index walk in its sort's order
		 * finds the page, the postings narrowing it. Very many (past
		 * KW_RARE_CAP, one record in fifty of a district; with a
		 * status, past KW_RARE_STATUS of that status) and only the
		 * walk's filters: the walk meets a match every few rows, so
		 * the postings are left out of the page (reading them would
		 * cost more than the page) and the total is counted as the
		 * walk's below. */
		bool plain = !f->mine && !f->term_id;
		struct list_req r = *req;
		if (best > (w.status ? KW_RARE_STATUS : KW_RARE_CAP) && plain && req->per_page != LIST_ALL) {
			r.count_cap = LIST_NO_COUNT;
		} else {
			sb_reset(&sql);
			search_posted(&sql, pl->id_col, false, w.status != NULL, w.lo != NULL);
			enum list_ids how = best <= KW_FEW ? LIST_IDS_FEW : LIST_IDS_COUNT;
			const char *st = w.status ? w.status : "";
			if (w.lo && w.status)
				list_where_ids(q, how, sb_str(&sql), "issss", (int64_t)w.kind, w.tok, st, w.lo, w.hi);
			else if (w.lo)
				list_where_ids(q, how, sb_str(&sql), "isss", (int64_t)w.kind, w.tok, w.lo, w.hi);
			else if (w.status)
				list_where_ids(q, how, sb_str(&sql), "iss", (int64_t)w.kind, w.tok, st);
			else
				list_where_ids(q, how, sb_str(&sql), "is", (int64_t)w.kind, w.tok);
			if (req->per_page != LIST_ALL && best > KW_RECORD_CAP && plain)
				r.count_cap = LIST_NO_COUNT;
		}
		rc = list_run(db, q, &r, pl->row, row_ctx, res, e);
		int64_t total = 0;
		if (!rc && r.count_cap == LIST_NO_COUNT && !(rc = keyword_total(db, &w, kw, &cap, &total, e))) {
			res->total = total > cap ? cap : total;
			res->total_is_estimate = total > cap;
		}
		if (rc)
			list_result_free(res);
		goto done;
	}

	/* the walk, in the list's order, to the row after the page */
	struct kargs k = {.n = 0};
	sb_reset(&sql);
	sb_addf(&sql, "SELECT %s, %s", SEARCH_WALK_DOC, SEARCH_WALK_CREATED);
	walk_sql(&sql, &k, &w);
	walk_after(&sql, &k, &g);
	search_walk_order_recent(&sql, g.desc);
	search_explain(db, "keyword", sb_str(&sql), k.a, k.n);
	struct stmt *st = db_qa(db, e, sb_str(&sql), k.a, k.n);
	if (!st) {
		rc = e->code;
		goto done;
	}
	struct walked wk = {.ids = SB_INIT, .seen = 0};
	while ((rc = stmt_step(st, e)) == 1) {
		walked_add(&wk, &g, col_int(st, 0));
		if (wk.seen == g.off + g.per_page + 1)
			break;
	}
	bool complete = rc == 0;
	stmt_done(st);
	if (rc < 0) {
		sb_free(&wk.ids);
		goto done;
	}

	/* the total, no further than the cap */
	int64_t total = 0;
	if (complete && !g.cursor)
		total = wk.seen;
	else if ((rc = keyword_total(db, &w, kw, &cap, &total, e)) < 0) {
		sb_free(&wk.ids);
		goto done;
	}
	g.cap = cap;
	rc = walked_rows(db, q, pl, &g, &wk, total, req, row_ctx, res, e);
	sb_free(&wk.ids);
done:
	sb_free(&sql);
	return rc;
}
