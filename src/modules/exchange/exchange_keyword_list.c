/*
 * exchange_keyword_list.c — the demands and services lists with a keyword
 * (`q=`), newest first at district scale (docs/lists.md, "Keyword lists
 * newest first").
 *
 * exchange_list_postings() (exchange_search.c) has put the keyword's
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
#define KW_RARE_TOKENS 16
#define KW_MAX_TOKENS 64
/* A total counted record by record (a keyword of three or more
 * characters, or a status: the postings alone cannot tell) stops here and
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

/* FROM … WHERE of the walk: the token's postings (of the subtree, in
 * title or description) tied to their records, the status, the
 * substring. */
static void walk_sql(struct sb *sql, struct kargs *k, const struct kw *w)
{
	sb_adds(sql, " FROM");
	search_walk_from(sql);
	sb_addf(sql, " %s WHERE ", w->pl->spec->table);
	search_walk_where(sql, w->pl->id_col, w->lo != NULL);
	search_walk_listed(sql);
	ka_i(k, w->kind);
	ka_s(k, w->tok);
	if (w->lo) {
		ka_s(k, w->lo);
		ka_s(k, w->hi);
	}
	if (w->status) {
		sb_addf(sql, " AND %s = ?", w->pl->status_col);
		ka_s(k, w->status);
	}
	sb_addf(sql, " AND (%s LIKE ? OR %s LIKE ?)", w->pl->title_col, w->pl->desc_col);
	ka_s(k, w->like);
	ka_s(k, w->like);
}

/* The records of the subtree whose title or description holds the
 * token, from the index alone, no further than cap + 1. */
static int listed_total(struct db *db, const struct kw *w, int64_t cap, int64_t *out, struct err *e)
{
	struct kargs k = {.n = 0};
	struct sb sql = SB_INIT;
	search_listed_count(&sql, w->lo != NULL);
	ka_i(&k, w->kind);
	ka_s(&k, w->tok);
	if (w->lo) {
		ka_s(&k, w->lo);
		ka_s(&k, w->hi);
	}
	ka_i(&k, cap + 1);
	int rc = count_of(db, e, "total", &sql, &k, out);
	sb_free(&sql);
	return rc;
}

/* The records the walk finds (status and substring checked on each), no
 * further than cap + 1. */
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
 * characters, no status), else record by record, *cap lowered to
 * KW_RECORD_CAP. */
static int keyword_total(struct db *db, const struct kw *w, const char *kw, int64_t *cap, int64_t *out,
			 struct err *e)
{
	if (utf8_chars(kw) <= 2 && !w->status)
		return listed_total(db, w, *cap, out, e);
	if (*cap > KW_RECORD_CAP)
		*cap = KW_RECORD_CAP;
	return walk_total(db, w, *cap, out, e);
}

int exchange_keyword_list_run(struct db *db, struct list_q *q, const struct exchange_posting_list *pl,
			      const struct exchange_posting_filter *f, const char *scope,
			      const struct list_req *req, void *row_ctx, struct list_result *res,
			      struct err *e)
{
	const char *kw = f->q;
	char toks[KW_MAX_TOKENS][SEARCH_TOKEN_MAX];
	int nt = kw && *kw && !strpbrk(kw, "%_") && strlen(kw) < 500 ? search_tokens(kw, toks, KW_MAX_TOKENS) : 0;
	if (nt == 0) /* no keyword, or one with LIKE's wildcards: the LIKE alone */
		return list_run(db, q, req, pl->row, row_ctx, res, e);
	struct kw w = {.pl = pl, .kind = pl->service ? SEARCH_SERVICE_TEXT : SEARCH_DEMAND_TEXT};
	snprintf(w.like, sizeof w.like, "%%%s%%", kw);
	char lo[512] = "", hi[512] = "";
	if (scope && strlen(scope) > 1 && strlen(scope) < sizeof lo) {
		size_t n = strlen(scope);
		snprintf(lo, sizeof lo, "%s", scope);
		snprintf(hi, sizeof hi, "%.*s0", (int)n - 1, scope);
		w.lo = lo;
		w.hi = hi;
	}
	/* the driving token: the rarest in the subtree */
	int rc;
	int64_t best = KW_RARE_CAP + 1;
	struct sb sql = SB_INIT;
	for (int i = 0; i < nt && i < KW_RARE_TOKENS && best > 0; i++) {
		struct kargs k = {.n = 0};
		int64_t c = 0;
		sb_reset(&sql);
		search_posted_count(&sql, w.lo != NULL);
		ka_i(&k, w.kind);
		ka_s(&k, toks[i]);
		if (w.lo) {
			ka_s(&k, w.lo);
			ka_s(&k, w.hi);
		}
		ka_i(&k, best);
		if ((rc = count_of(db, e, "rarest", &sql, &k, &c)) < 0)
			goto done;
		if (!w.tok || c < best) {
			w.tok = toks[i];
			best = c;
		}
	}
	w.status = f->status && *f->status ? f->status : NULL;
	int64_t cap = pl->spec->count_cap > 0 ? pl->spec->count_cap : LIST_COUNT_CAP;
	const char *sort = req->sort && *req->sort ? req->sort : pl->spec->default_sort;
	bool desc = sort[0] == '-', by_time = strcmp(sort + desc, "created_at") == 0;
	const char *time_col = NULL; /* the list's expression of created_at */
	for (const struct list_sort *so = pl->spec->sorts; so->name; so++)
		if (strcmp(so->name, "created_at") == 0)
			time_col = so->expr;
	by_time = by_time && time_col;
	bool cursor = req->cursor && *req->cursor;
	int64_t ckey = 0, cid = 0;
	int64_t per_page = req->per_page < 1 ? 20 : req->per_page > LIST_MAX_PER_PAGE ? LIST_MAX_PER_PAGE : req->per_page;
	int64_t off = cursor ? 0 : ((req->page < 1 ? 1 : req->page) - 1) * per_page;
	if (best <= KW_SMALL || best < KW_DEEP * (off + per_page + 1) || !by_time || f->mine || f->term_id ||
	    req->per_page == LIST_ALL || (cursor && !cursor_key(req->cursor, sort, &ckey, &cid))) {
		/* A case the walk does not take. Few postings: read them all
		 * and sort. More: the list's own index walk in its sort's order
		 * finds the page, the postings narrowing it. Very many (past
		 * KW_RARE_CAP, one record in fifty of a district) and only
		 * the walk's filters: the walk meets a match every few rows, so
		 * the postings are left out of the page (reading them would
		 * cost more than the page) and the total is counted as the
		 * walk's below. */
		bool plain = !f->mine && !f->term_id;
		struct list_req r = *req;
		if (best > KW_RARE_CAP && plain && req->per_page != LIST_ALL) {
			r.count_cap = LIST_NO_COUNT;
		} else {
			sb_reset(&sql);
			search_posted(&sql, pl->id_col, false, w.lo != NULL);
			enum list_ids how = best <= KW_FEW ? LIST_IDS_FEW : LIST_IDS_COUNT;
			if (w.lo)
				list_where_ids(q, how, sb_str(&sql), "isss", (int64_t)w.kind, w.tok, w.lo, w.hi);
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
	if (cursor) {
		const char *cmp = desc ? "<" : ">";
		sb_addf(&sql, " AND %s %s= ? AND (%s %s ? OR %s %s ?)", SEARCH_WALK_CREATED, cmp,
			SEARCH_WALK_CREATED, cmp, SEARCH_WALK_DOC, cmp);
		ka_i(&k, ckey);
		ka_i(&k, ckey);
		ka_i(&k, cid);
	}
	search_walk_order_recent(&sql, desc);
	search_explain(db, "keyword", sb_str(&sql), k.a, k.n);
	struct stmt *st = db_qa(db, e, sb_str(&sql), k.a, k.n);
	if (!st) {
		rc = e->code;
		goto done;
	}
	struct sb ids = SB_INIT;
	int64_t seen = 0, tlo = INT64_MAX, thi = INT64_MIN;
	while ((rc = stmt_step(st, e)) == 1) {
		if (seen++ < off)
			continue;
		sb_addf(&ids, "%s%" PRId64, ids.len ? "," : "", col_int(st, 0));
		int64_t at = col_int(st, 1);
		tlo = at < tlo ? at : tlo;
		thi = at > thi ? at : thi;
		if (seen == off + per_page + 1)
			break;
	}
	bool complete = rc == 0;
	stmt_done(st);
	if (rc < 0) {
		sb_free(&ids);
		goto done;
	}

	/* the total, no further than the cap */
	int64_t total = 0;
	if (complete && !cursor) {
		total = seen;
	} else {
		if ((rc = keyword_total(db, &w, kw, &cap, &total, e)) < 0) {
			sb_free(&ids);
			goto done;
		}
	}

	/* the page's rows, written by the list helper; their time range too,
	 * so that whichever index SQLite picks for the list's own filters
	 * (status and time, say) reads only the page's span */
	sb_reset(&sql);
	if (ids.len)
		sb_addf(&sql, "%s IN (%s) AND %s >= %" PRId64 " AND %s <= %" PRId64, pl->id_col, sb_str(&ids),
			time_col, tlo, time_col, thi);
	else
		sb_adds(&sql, "1 = 0");
	sb_free(&ids);
	list_where(q, sb_str(&sql), "");
	struct list_req one = {.page = 1, .per_page = per_page, .sort = req->sort, .cursor = req->cursor};
	if ((rc = list_run(db, q, &one, pl->row, row_ctx, res, e)) == 0) {
		res->total = total > cap ? cap : total;
		res->total_is_estimate = total > cap;
	}
done:
	sb_free(&sql);
	return rc;
}
