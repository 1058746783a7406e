/*
 * exchange_search.c — Chinese full-text search over demands and services.
 *
 * The words of the query are split here. The matches come from the
 * store's postings (store/search.h, 039_xchg_postings.sqlite.sql,
 * docs/search.md): the first word's token narrows to candidates within the
 * region asked for (or the caller's one grant), and every word is then
 * checked as a substring of the title (name), skills or description — the
 * same items as a plain substring scan. Relevance: the sum over the words
 * of the weights of the columns holding each (title 10, skills 5,
 * description 2), ties to the lower id. This file adds scope, filters,
 * paging and highlighting, and the keyword and term filters of the
 * demands and services lists (exchange_list_keyword).
 *
 * Scope: a caller sees records in the subtrees of their grants; a grant of
 * a role outside ROLES_FIELD (residents, volunteers, organisations, donors,
 * experts) shows only public demands and active services there. Search
 * results never carry a beneficiary's name, phone, address or position.
 * The scope is bound as eight fixed (low, high, restricted) slots, one per
 * possible grant, so the SQL text stays constant and cached.
 *
 * Highlighting is done here rather than with FTS5's highlight(), which
 * cannot mark 1- and 2-character words through the trigram index; the
 * segments are plain strings, so the UI never renders server HTML.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/jsonin.h"
#include "core/pii.h"
#include "core/sb.h"
#include "core/xmem.h"
#include "modules/exchange/exchange.h"
#include "modules/exchange/exchange_dir.h"
#include "store/search.h"
#include "store/store.h"

/* ---------- words ---------- */

/* Decode one UTF-8 character at s (valid UTF-8 assumed: it came through
 * the HTTP layer's checks); returns its length, code point in *cp. */
static int u8_next(const unsigned char *s, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0 && s[1]) {
		*cp = ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
		return 2;
	}
	if ((s[0] & 0xF0) == 0xE0 && s[1] && s[2]) {
		*cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
		return 3;
	}
	if ((s[0] & 0xF8) == 0xF0 && s[1] && s[2] && s[3]) {
		*cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) |
		      (s[3] & 0x3Fu);
		return 4;
	}
	*cp = 0xFFFD;
	return 1;
}

/* Separators: ASCII other than letters and digits, the ideographic space
 * and CJK punctuation (U+3000–U+303F), full-width ASCII punctuation. */
static bool is_sep(unsigned cp)
{
	if (cp < 0x80)
		return !isalnum((int)cp);
	if (cp >= 0x3000 && cp <= 0x303F)
		return true;
	if ((cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
	    (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65))
		return true;
	return cp == 0xFFFD || cp == 0x00A0 || cp == 0x2014 || cp == 0x2026 || cp == 0x00B7;
}

int exchange_search_words(const char *q, char *buf, size_t cap, const char **words, int max,
		      struct err *e)
{
	size_t used = 0;
	int n = 0;
	const unsigned char *s = (const unsigned char *)(q ? q : "");
	if (utf8_chars((const char *)s) > EXCHANGE_SEARCH_MAX_CHARS)
		return err_setf(e, ERR_INVALID, "q", "搜索词最多 %d 个字", "the query may have at most %d characters",
				EXCHANGE_SEARCH_MAX_CHARS);
	while (*s) {
		unsigned cp;
		int len = u8_next(s, &cp);
		if (is_sep(cp)) {
			s += len;
			continue;
		}
		if (n == max)
			return err_setf(e, ERR_INVALID, "q", "搜索词最多 %d 个词", "the query may have at most %d words",
					max);
		words[n] = buf + used;
		while (*s) {
			len = u8_next(s, &cp);
			if (is_sep(cp))
				break;
			if (used + (size_t)len + 1 >= cap)
				return err_set(e, ERR_INVALID, "q", "搜索词过长", "the query is too long");
			for (int i = 0; i < len; i++)
				buf[used++] = (char)(cp < 0x80 ? tolower(s[i]) : s[i]);
			s += len;
		}
		buf[used++] = 0;
		n++;
	}
	if (n == 0)
		return err_set(e, ERR_INVALID, "q", "请输入搜索词", "enter something to search for");
	return n;
}

/* ---------- highlighting ---------- */

/* Length in bytes of a word matching text at t (ASCII case-insensitive), or 0. */
static size_t match_at(const char *t, const char *const *words, int n)
{
	size_t best = 0;
	for (int i = 0; i < n; i++) {
		size_t k = 0;
		const char *w = words[i];
		while (w[k] && t[k] && ((unsigned char)w[k] < 0x80 ? tolower((unsigned char)t[k]) == w[k]
								  : t[k] == w[k]))
			k++;
		if (!w[k] && k > best)
			best = k;
	}
	return best;
}

void exchange_search_highlight(struct jw *w, const char *text, const char *const *words, int n,
			   int window)
{
	const char *t = text ? text : "";
	size_t len = strlen(t), from = 0, to = len;
	if (window > 0) {
		/* Find the first match, then take about window/3 characters before it. */
		size_t first = len;
		for (size_t i = 0; i < len; i++) {
			if (((unsigned char)t[i] & 0xC0) == 0x80)
				continue;
			if (match_at(t + i, words, n)) {
				first = i;
				break;
			}
		}
		if (first == len)
			first = 0;
		size_t back = first;
		for (int c = 0; c < window / 3 && back > 0;) {
			back--;
			if (((unsigned char)t[back] & 0xC0) != 0x80)
				c++;
		}
		from = back;
		size_t fwd = from;
		for (int c = 0; c < window && fwd < len; c++) {
			unsigned cp;
			fwd += (size_t)u8_next((const unsigned char *)t + fwd, &cp);
		}
		to = fwd;
	}
	struct sb plain = SB_INIT;
	if (from > 0)
		sb_adds(&plain, "…");
	jw_arr(w);
	size_t i = from;
	while (i < to) {
		size_t m = match_at(t + i, words, n);
		if (m) {
			if (i + m > to)
				m = to - i;
			jw_strn(w, sb_str(&plain), plain.len);
			sb_reset(&plain);
			jw_strn(w, t + i, m);
			i += m;
			continue;
		}
		unsigned cp;
		size_t l = (size_t)u8_next((const unsigned char *)t + i, &cp);
		sb_add(&plain, t + i, l);
		i += l;
	}
	if (to < len)
		sb_adds(&plain, "…");
	jw_strn(w, sb_str(&plain), plain.len);
	jw_arr_end(w);
	sb_free(&plain);
}

/* ---------- scope ---------- */

void exchange_scope_from(const struct principal *p, struct exchange_scope *s)
{
	memset(s, 0, sizeof *s);
	if (!p) {
		snprintf(s->lo[0], sizeof s->lo[0], "/");
		snprintf(s->hi[0], sizeof s->hi[0], "0");
		return;
	}
	for (int i = 0; i < p->ngrants && i < EXCHANGE_SCOPE_SLOTS; i++) {
		const char *path = p->grants[i].region_path;
		size_t n = strlen(path);
		snprintf(s->lo[i], sizeof s->lo[i], "%s", path);
		snprintf(s->hi[i], sizeof s->hi[i], "%.*s0", (int)(n ? n - 1 : 0), path);
		s->restricted[i] = !(R(p->grants[i].role) & ROLES_FIELD);
	}
}

/* The regions above the first grant (its path's prefixes: "/1/", "/1/2/"
 * above "/1/2/3/"), each added to the scope as a restricted slot holding
 * that one region ([path, path "\x01"): its children's paths sort after)
 * and written to up[] (empty strings after the last). Returns how many. */
int exchange_scope_up(struct exchange_scope *s, char (*up)[512])
{
	int free_slot = 1, n = 0;
	while (free_slot < EXCHANGE_SCOPE_SLOTS && s->lo[free_slot][0])
		free_slot++;
	for (int i = 0; i < SEARCH_UP_MAX; i++)
		up[i][0] = 0;
	const char *path = s->lo[0];
	for (size_t k = 1; path[k] && n < SEARCH_UP_MAX && free_slot < EXCHANGE_SCOPE_SLOTS; k++) {
		if (path[k] != '/' || !path[k + 1])
			continue;
		snprintf(up[n], 512, "%.*s", (int)(k + 1), path);
		snprintf(s->lo[free_slot], sizeof s->lo[free_slot], "%s", up[n]);
		snprintf(s->hi[free_slot], sizeof s->hi[free_slot], "%s\x01", up[n]);
		s->restricted[free_slot] = 1;
		free_slot++;
		n++;
	}
	return n;
}

/* ---------- lists: keyword and term through the postings ---------- */

void exchange_list_keyword(struct list_q *q, const char *title_col, const char *desc_col, const char *kw)
{
	if (!kw || !*kw)
		return;
	/* The LIKE decides; what narrows it through the postings depends on
	 * the sort and the page, so exchange_keyword_list_run() adds it
	 * (exchange_keyword_list.c), and the term filter too. */
	struct sb lk = SB_INIT, cond = SB_INIT;
	sb_addc(&lk, '%');
	sb_adds(&lk, kw);
	sb_addc(&lk, '%');
	sb_addf(&cond, "(%s LIKE ? OR %s LIKE ?)", title_col, desc_col);
	list_where(q, sb_str(&cond), "ss", sb_str(&lk), sb_str(&lk));
	sb_free(&lk);
	sb_free(&cond);
}

/* ---------- the query ---------- */

/* A token with at most this many postings in the subtree: every match is
 * ranked (one statement, exact total). More: the ranked walk. */
#define SEARCH_SMALL 300
/* Totals past this are told as this, with total_is_estimate (as lists). */
#define SEARCH_COUNT_CAP 10000
/* Counting a word's tokens to find the rarest stops here. */
#define SEARCH_RARE_CAP 20000
/* At most this many tokens are counted to find the rarest. */
#define SEARCH_RARE_TOKENS 16
/* The most one word can score: found in title, skills and description. */
#define WORD_MAX_SCORE 17

static bool in_list(const char *const *l, const char *s)
{
	for (; *l; l++)
		if (strcmp(*l, s) == 0)
			return true;
	return false;
}

/* Common filters after the scope: status, term (with children), region subtree. */
#define FILTER_SQL(alias, terms_table, fk)                                                     \
	" AND (? IS NULL OR " alias ".status=?)"                                               \
	" AND (?=0 OR " alias ".id IN (SELECT " fk " FROM " terms_table " WHERE term_id IN"    \
	" (SELECT id FROM xchg_terms WHERE id=? OR parent_id=?)))"                              \
	" AND (? IS NULL OR (r.path>=? AND r.path<?))"

/* The record, its region, the filters, after FROM. */
static const char demand_from[] =
	" xchg_demands d JOIN regions r ON r.id=d.region_id"
	" WHERE " EXCHANGE_SCOPE_SQL("d.privacy='public'")
	FILTER_SQL("d", "xchg_demand_terms", "demand_id");
static const char service_from[] =
	" xchg_services s JOIN regions r ON r.id=s.region_id"
	" WHERE " EXCHANGE_SCOPE_SQL("s.status='active'")
	FILTER_SQL("s", "xchg_service_terms", "service_id");

/* An item's columns, then (demands) FROM … */
static const char demand_cols_sql[] =
	"SELECT d.id, d.title, d.description, d.skills, d.status, d.kind, d.urgency,"
	" d.beneficiary_group, d.region_id, r.name, d.privacy, d.people_needed, d.created_at";
static const char service_cols_sql[] =
	"SELECT s.id, s.name, s.description, s.skills, s.status, s.provider_kind,"
	" coalesce(o.name, tm.name, pp.name), s.region_id, r.name, s.cost_kind, s.price_fen,"
	" s.capacity_per_week, s.updated_at";
static const char demand_join_sql[] = " JOIN xchg_demands d ON d.id=pg_.sid JOIN regions r ON r.id=d.region_id";
static const char service_join_sql[] =
	" JOIN xchg_services s ON s.id=pg_.sid JOIN regions r ON r.id=s.region_id"
	" LEFT JOIN organisations o ON o.id=s.organisation_id LEFT JOIN teams tm ON tm.id=s.team_id"
	" LEFT JOIN people pp ON pp.id=s.person_id";

/* The text the search covers and how much a word found in each column
 * counts (docs/search.md): title or name 10, skills 5, description 2. */
static const char *const demand_cols[] = {"d.title", "d.skills", "d.description"};
static const char *const service_cols[] = {"s.name", "s.skills", "s.description"};
static const int text_weights[] = {10, 5, 2};

struct qargs {
	struct db_arg a[EXCHANGE_SEARCH_MAX_WORDS * 6 + 56];
	int n;
};
static void qa_s(struct qargs *q, const char *v) { q->a[q->n++] = (struct db_arg){.type = 's', .s = v}; }
static void qa_i(struct qargs *q, int64_t v) { q->a[q->n++] = (struct db_arg){.type = 'i', .i = v}; }

/* The answer's order (`sort=`): relevance (the default, or
 * `sort=relevance`), newest first (`sort=-created_at`), oldest first
 * (`sort=created_at`). */
enum { SEARCH_ORDER_RELEVANCE, SEARCH_ORDER_NEWEST, SEARCH_ORDER_OLDEST };

/* Where the driving token's postings are read (store/search.h): the
 * whole district (mode 0), a subtree [lo, hi), or a subtree and the
 * regions above it (SEARCH_SUBTREE_UP, up[]: NULL where there are fewer). */
struct area {
	int mode;
	const char *lo, *hi;
	const char *up[SEARCH_UP_MAX];
};

static void area_args(struct qargs *qa, const struct area *a);

/* What a search asks, once parsed. */
struct sq {
	bool service;
	const struct exchange_scope *sc;
	const char *status;
	int64_t term_id;
	const char *rfilter, *rlo, *rhi;
	const char *tok;              /* the driving token: the rarest of the words' */
	const struct area *pa;        /* where the token's postings are read */
	char (*like)[4 * EXCHANGE_SEARCH_MAX_CHARS + 4];
	int n;
	int order;                    /* SEARCH_ORDER_… */
};

/* `-(…) AS score`: minus the sum over the words of the weights of the
 * columns holding each (lower is better). */
static void score_sql(struct sb *sql, struct qargs *qa, const struct sq *q)
{
	const char *const *cols = q->service ? service_cols : demand_cols;
	sb_adds(sql, "-(0");
	for (int i = 0; i < q->n; i++)
		for (int k = 0; k < 3; k++) {
			sb_addf(sql, " + CASE WHEN %s LIKE ? THEN %d ELSE 0 END", cols[k], text_weights[k]);
			qa_s(qa, q->like[i]);
		}
	sb_adds(sql, ") AS score");
}

/* FROM … WHERE of the matches: the postings of the driving token narrow
 * (within the area q->pa when given) — as an IN list, or, when
 * walk, as the ranked walk of the token's postings (store/search.h) —
 * and every word is then checked as a substring of one of the columns
 * (LIKE folds ASCII case, as the words were folded; words hold no % or _:
 * those are separators). */
static void matches_sql(struct sb *sql, struct qargs *qa, const struct sq *q, bool walk)
{
	const char *const *cols = q->service ? service_cols : demand_cols;
	sb_adds(sql, " FROM");
	if (walk)
		search_walk_from(sql);
	sb_adds(sql, q->service ? service_from : demand_from);
	for (int i = 0; i < EXCHANGE_SCOPE_SLOTS; i++) {
		qa_s(qa, q->sc->lo[i]);
		qa_s(qa, q->sc->hi[i]);
		qa_i(qa, q->sc->restricted[i]);
	}
	qa_s(qa, q->status);
	qa_s(qa, q->status);
	qa_i(qa, q->term_id);
	qa_i(qa, q->term_id);
	qa_i(qa, q->term_id);
	qa_s(qa, q->rfilter);
	qa_s(qa, q->rlo);
	qa_s(qa, q->rhi);
	sb_adds(sql, " AND ");
	if (walk)
		search_walk_where(sql, q->service ? "s.id" : "d.id", false, q->pa->mode);
	else
		search_posted(sql, q->service ? "s.id" : "d.id", false, false, q->pa->mode);
	qa_i(qa, q->service ? SEARCH_SERVICE_TEXT : SEARCH_DEMAND_TEXT);
	qa_s(qa, q->tok);
	area_args(qa, q->pa);
	for (int i = 0; i < q->n; i++) {
		sb_addf(sql, " AND (%s LIKE ? OR %s LIKE ? OR %s LIKE ?)", cols[0], cols[1], cols[2]);
		for (int k = 0; k < 3; k++)
			qa_s(qa, q->like[i]);
	}
}

/* Run a statement whose one row is one count. */
static int count_qa(struct db *db, struct err *e, const char *what, const struct sb *sql,
		    const struct qargs *qa, int64_t *out)
{
	return search_count(db, e, what, sb_str(sql), qa->a, qa->n, out);
}

static void area_args(struct qargs *qa, const struct area *a)
{
	if (!a->mode)
		return;
	qa_s(qa, a->lo);
	qa_s(qa, a->hi);
	if (a->mode == SEARCH_SUBTREE_UP)
		for (int i = 0; i < SEARCH_UP_MAX; i++)
			qa_s(qa, a->up[i]);
}

/* How many documents of kind are posted under tok in the area, counted
 * from the index, stopping at limit. */
static int posted_count(struct db *db, struct err *e, int kind, const char *tok, const struct area *pa,
			int64_t limit, int64_t *out)
{
	struct sb sql = SB_INIT;
	struct qargs qa = {.n = 0};
	search_posted_count(&sql, false, pa->mode);
	qa_i(&qa, kind);
	qa_s(&qa, tok);
	area_args(&qa, pa);
	qa_i(&qa, limit);
	int rc = count_qa(db, e, "rarest", &sql, &qa, out);
	sb_free(&sql);
	return rc;
}

/* One item of the answer from a row of demand_cols_sql/service_cols_sql. */
static void item_json(struct jw *w, struct stmt *st, bool service, bool staff, const char *const *words,
		      int n, double score)
{
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 0));
	jw_kstr(w, "type", service ? "service" : "demand");
	jw_kstr(w, service ? "name" : "title", col_text(st, 1));
	jw_key(w, service ? "name_hl" : "title_hl");
	exchange_search_highlight(w, col_text(st, 1), words, n, 0);
	jw_key(w, "snippet_hl");
	exchange_search_highlight(w, col_text(st, 2), words, n, 60);
	jw_kstr(w, "skills", col_text(st, 3));
	jw_key(w, "skills_hl");
	exchange_search_highlight(w, col_text(st, 3), words, n, 0);
	jw_kstr(w, "status", col_text(st, 4));
	if (service) {
		jw_kstr(w, "provider_kind", col_text(st, 5));
		const char *prov = col_text(st, 6);
		/* a professional is a person: the name masked but for staff */
		pii_kname(w, "provider_name", prov, strcmp(col_text(st, 5), "professional") == 0 && !staff);
		jw_kint(w, "region_id", col_int(st, 7));
		jw_kstr(w, "region_name", col_text(st, 8));
		jw_kstr(w, "cost_kind", col_text(st, 9));
		jw_kint(w, "price_fen", col_int(st, 10));
		jw_kint(w, "capacity_per_week", col_int(st, 11));
		jw_ktime(w, "updated_at", col_int(st, 12));
	} else {
		jw_kstr(w, "kind", col_text(st, 5));
		jw_kstr(w, "urgency", col_text(st, 6));
		jw_kstr(w, "beneficiary_group", col_text(st, 7));
		jw_kint(w, "region_id", col_int(st, 8));
		jw_kstr(w, "region_name", col_text(st, 9));
		jw_kstr(w, "privacy", col_text(st, 10));
		jw_kint(w, "people_needed", col_int(st, 11));
		jw_ktime(w, "created_at", col_int(st, 12));
	}
	jw_key(w, "score");
	jw_double(w, score);
	jw_obj_end(w);
}

/* Every match ranked in one statement (a token with few postings in the
 * subtree). The window count rides along with the ranking sort, which
 * has to visit every match anyway. Innermost: the matches in scope with
 * their score; then the window count and the page, sorting only (id,
 * score) pairs; outermost: the page's rows with their text. */
static int search_all(struct db *db, struct jw *w, const struct sq *q, const char *const *words, bool staff,
		      const struct exchange_search_in *in, int64_t *total, struct err *e)
{
	struct sb sql = SB_INIT;
	struct qargs qa = {.n = 0};
	bool got_rows = false;
	int rc;
	/* the answer's order: relevance (ties to the lower id), or creation
	 * time with ties by id in the same direction */
	const char *order = q->order == SEARCH_ORDER_RELEVANCE ? "score, sid"
			    : q->order == SEARCH_ORDER_NEWEST ? "ca DESC, sid DESC" : "ca, sid";
	const char *t = q->service ? "s" : "d";
	sb_adds(&sql, q->service ? service_cols_sql : demand_cols_sql);
	sb_adds(&sql, ", pg_.score, pg_.total FROM (");
	sb_addf(&sql, "SELECT sid, score, ca, count(*) OVER () AS total FROM (SELECT %s.id AS sid, %s.created_at AS ca, ",
		t, t);
	score_sql(&sql, &qa, q);
	matches_sql(&sql, &qa, q, false);
	sb_addf(&sql, ") ORDER BY %s LIMIT ? OFFSET ?) pg_", order);
	qa_i(&qa, in->per_page);
	qa_i(&qa, (in->page - 1) * in->per_page);
	sb_adds(&sql, q->service ? service_join_sql : demand_join_sql);
	sb_addf(&sql, " ORDER BY pg_.%s", q->order == SEARCH_ORDER_RELEVANCE ? "score, pg_.sid"
					  : q->order == SEARCH_ORDER_NEWEST ? "ca DESC, pg_.sid DESC" : "ca, pg_.sid");
	search_explain(db, "search", sb_str(&sql), qa.a, qa.n);
	struct stmt *st = db_qa(db, e, sb_str(&sql), qa.a, qa.n);
	if (!st) {
		rc = e->code;
		goto done;
	}
	while ((rc = stmt_step(st, e)) == 1) {
		got_rows = true;
		*total = col_int(st, 14);
		item_json(w, st, q->service, staff, words, q->n, -col_double(st, 13));
	}
	stmt_done(st);
	if (rc < 0 || got_rows || in->page == 1)
		goto done;
	/* past the last page: the total still has to be told */
	sb_reset(&sql);
	qa.n = 0;
	sb_adds(&sql, "SELECT count(*)");
	matches_sql(&sql, &qa, q, false);
	rc = count_qa(db, e, "total", &sql, &qa, total);
done:
	sb_free(&sql);
	return rc < 0 ? rc : 0;
}

struct hit {
	int64_t id;
	int score;        /* the sum of the words' column weights: higher is better */
};

static int hit_cmp(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

#define MAX_SCORE (WORD_MAX_SCORE * EXCHANGE_SEARCH_MAX_WORDS)

/* The driving token's postings with their documents' scores, in the walk's
 * order: best first with each posting's weight (ranked), or in time order. */
static struct stmt *walk_open(struct db *db, const struct sq *q, bool ranked, struct err *e)
{
	struct sb sql = SB_INIT;
	struct qargs qa = {.n = 0};
	sb_addf(&sql, "SELECT %s, ", SEARCH_WALK_DOC);
	if (ranked)
		sb_addf(&sql, "%s, ", SEARCH_WALK_WEIGHT);
	score_sql(&sql, &qa, q);
	matches_sql(&sql, &qa, q, true);
	if (ranked)
		search_walk_order(&sql);
	else
		search_walk_order_recent(&sql, q->order == SEARCH_ORDER_NEWEST);
	search_explain(db, "search", sb_str(&sql), qa.a, qa.n);
	struct stmt *st = db_qa(db, e, sb_str(&sql), qa.a, qa.n);
	sb_free(&sql);
	return st;
}

/* The ranked walk (a token with many postings in the subtree): the driving
 * token's postings best first (store/search.h), each checked and scored
 * on its document, until no later posting can enter the page: a later
 * posting has a weight w <= the current one's (equal: a higher id), and
 * its document scores at most w + bound (bound: what the other words can
 * add), so once page-end rows score more — or as much with a lower id —
 * the page is decided. *complete when the walk ran out (then the hits are
 * all the matches). */
static int walk_hits(struct db *db, const struct sq *q, int bound, int64_t want, struct hit **out,
		     int64_t *nout, bool *complete, struct err *e)
{
	struct stmt *st = walk_open(db, q, true, e);
	if (!st)
		return e->code;
	struct hit *h = NULL;
	int64_t n = 0, cap = 0, by[MAX_SCORE + 1] = {0};
	int rc;
	*complete = true;
	while ((rc = stmt_step(st, e)) == 1) {
		int64_t id = col_int(st, 0);
		int lim = (int)col_int(st, 1) + bound, sc = (int)-col_int(st, 2);
		if (sc < 0 || sc > MAX_SCORE)
			sc = 0;
		XGROW(h, n, cap, 256);
		h[n++] = (struct hit){id, sc};
		by[sc]++;
		if (lim >= MAX_SCORE)
			continue;
		int64_t above = 0;
		for (int s = lim + 1; s <= MAX_SCORE; s++)
			above += by[s];
		if (above < want && above + by[lim] >= want)
			for (int64_t i = 0; i < n && above < want; i++)
				above += h[i].score == lim && h[i].id <= id;
		if (above >= want) {
			*complete = false;
			break;
		}
	}
	stmt_done(st);
	if (rc < 0) {
		free(h);
		return rc;
	}
	qsort(h, (size_t)n, sizeof *h, hit_cmp);
	*out = h;
	*nout = n;
	return 0;
}

/* The walk in time order (newest or oldest first; store/search.h): the
 * driving token's postings in the answer's order, each checked on its
 * document, every row a match in place, so the walk stops at the row
 * after the page. Keeps the hits [off, off + want). *complete when it ran
 * out (then *seen is every match). */
static int walk_recent(struct db *db, const struct sq *q, int64_t off, int64_t want, struct hit **out,
		       int64_t *nout, int64_t *seen, bool *complete, struct err *e)
{
	struct stmt *st = walk_open(db, q, false, e);
	if (!st)
		return e->code;
	struct hit *h = NULL;
	int64_t n = 0, cap = 0, i = 0;
	int rc;
	while ((rc = stmt_step(st, e)) == 1) {
		if (i++ < off)
			continue;
		XGROW(h, n, cap, 32);
		h[n++] = (struct hit){col_int(st, 0), (int)-col_int(st, 1)};
		if (n == want + 1)
			break;
	}
	*complete = rc == 0;
	stmt_done(st);
	if (rc < 0) {
		free(h);
		return rc;
	}
	*out = h;
	*nout = n;
	*seen = i;
	return 0;
}

/* Write the rows of hits[from, to) by id, in that order. */
static int write_hits(struct db *db, struct jw *w, const struct sq *q, const char *const *words, bool staff,
		      const struct hit *h, int64_t from, int64_t to, struct err *e)
{
	struct sb sql = SB_INIT;
	sb_adds(&sql, q->service ? service_cols_sql : demand_cols_sql);
	sb_adds(&sql, " FROM (SELECT ? AS sid) pg_");
	sb_adds(&sql, q->service ? service_join_sql : demand_join_sql);
	int rc = 0;
	for (int64_t i = from; i < to && rc >= 0; i++) {
		struct stmt *st = db_q(db, e, sb_str(&sql), "i", h[i].id);
		if (!st) {
			rc = e->code;
			break;
		}
		if ((rc = stmt_step(st, e)) == 1)
			item_json(w, st, q->service, staff, words, q->n, h[i].score);
		stmt_done(st);
	}
	sb_free(&sql);
	return rc < 0 ? rc : 0;
}

int exchange_search(struct db *db, const struct principal *p, const struct exchange_search_in *in,
		struct jw *w, struct err *e)
{
	char buf[4 * EXCHANGE_SEARCH_MAX_CHARS + 16];
	const char *words[EXCHANGE_SEARCH_MAX_WORDS];
	int rc = 0;
	bool service = in->type && strcmp(in->type, "service") == 0;
	if (in->type && !service && strcmp(in->type, "demand") != 0)
		return err_set(e, ERR_INVALID, "type", "类型应为 demand（需求）或 service（服务）",
			       "type must be demand or service");
	int n = exchange_search_words(in->q, buf, sizeof buf, words, EXCHANGE_SEARCH_MAX_WORDS, e);
	if (n < 0)
		return n;
	const char *status = in->status && *in->status ? in->status : NULL;
	if (status && !in_list(service ? exchange_service_statuses : exchange_demand_statuses, status))
		return err_set(e, ERR_INVALID, "status", "状态不在可选范围内", "status is not one of the allowed values");
	int order = SEARCH_ORDER_RELEVANCE;
	if (in->sort && *in->sort && strcmp(in->sort, "relevance") != 0) {
		if (strcmp(in->sort, "-created_at") == 0)
			order = SEARCH_ORDER_NEWEST;
		else if (strcmp(in->sort, "created_at") == 0)
			order = SEARCH_ORDER_OLDEST;
		else
			return err_set(e, ERR_INVALID, "sort",
				       "排序应为 relevance（相关度）、-created_at（最新）或 created_at（最早）",
				       "sort must be relevance, -created_at (newest first) or created_at (oldest first)");
	}
	char rlo[512] = "", rhi[512] = "";
	const char *rfilter = NULL;
	if (in->region_id) {
		struct stmt *st = db_q(db, e, "SELECT path FROM regions WHERE id=?", "i", in->region_id);
		if (!st)
			return e->code;
		if ((rc = stmt_step(st, e)) == 1)
			snprintf(rlo, sizeof rlo, "%s", col_text(st, 0));
		stmt_done(st);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return err_set(e, ERR_NOT_FOUND, "region_id", "区域不存在", "no such region");
		if (p && !auth_covers_path(p, ROLES_ANY, rlo))
			return auth_forbidden(e);
		snprintf(rhi, sizeof rhi, "%.*s0", (int)strlen(rlo) - 1, rlo);
		rfilter = rlo;
	}
	if (in->term_id) {
		int64_t found = 0;
		if ((rc = db_int(db, e, &found, "SELECT count(*) FROM xchg_terms WHERE id=?", "i", in->term_id)) < 0)
			return rc;
		if (!found)
			return err_set(e, ERR_NOT_FOUND, "term_id", "服务分类不存在", "no such term");
	}
	struct search match;
	search_plan(&match, words, n);
	struct exchange_scope sc;
	exchange_scope_from(p, &sc);
	/* The postings' area: the region asked for, else the caller's one
	 * grant (several grants: the whole district, the scope still decides).
	 * One grant also takes in the regions above it: what a town or the
	 * district offers all its communities (一村居一法律顾问 is the town's)
	 * serves a resident of each, and her community's staff refer her to it
	 * (开放数据 lists it to both). Those regions join the scope as slots
	 * that hold the one region each, for public demands and active
	 * services only (issue 10, item 12). */
	struct area pa = {0};
	char up[SEARCH_UP_MAX][512];
	if (rfilter) {
		pa = (struct area){SEARCH_SUBTREE, rlo, rhi, {NULL}};
	} else if (p && p->ngrants == 1 && strlen(sc.lo[0]) > 1) {
		pa = (struct area){SEARCH_SUBTREE, sc.lo[0], sc.hi[0], {NULL}};
		if (exchange_scope_up(&sc, up) > 0) {
			pa.mode = SEARCH_SUBTREE_UP;
			for (int i = 0; i < SEARCH_UP_MAX && up[i][0]; i++)
				pa.up[i] = up[i];
		}
	}
	int kind = service ? SEARCH_SERVICE_TEXT : SEARCH_DEMAND_TEXT;
	/* The driving token: the rarest in the subtree of all the words'
	 * tokens (each counted from the index, no further than the best so far). */
	char tok[SEARCH_TOKEN_MAX] = "";
	int64_t best = SEARCH_RARE_CAP + 1;
	int counted = 0;
	for (int i = 0; i < n && best > 0; i++) {
		char toks[EXCHANGE_SEARCH_MAX_CHARS][SEARCH_TOKEN_MAX];
		int nt = search_tokens(words[i], toks, EXCHANGE_SEARCH_MAX_CHARS);
		for (int k = 0; k < nt && best > 0; k++) {
			int64_t c = 0;
			if (!*tok || counted < SEARCH_RARE_TOKENS) {
				if ((rc = posted_count(db, e, kind, toks[k], &pa, best, &c)) < 0)
					goto done;
				counted++;
			} else {
				continue;
			}
			if (!*tok || c < best) {
				snprintf(tok, sizeof tok, "%s", toks[k]);
				best = c;
			}
		}
	}
	char like[EXCHANGE_SEARCH_MAX_WORDS][4 * EXCHANGE_SEARCH_MAX_CHARS + 4];
	for (int i = 0; i < n; i++)
		snprintf(like[i], sizeof like[i], "%%%s%%", words[i]);
	struct sq q = {service, &sc, status, in->term_id, rfilter, rlo, rhi, tok, &pa, like, n, order};
	bool staff = !p || auth_has_role(p, ROLES_FIELD);
	int64_t total = 0;
	bool estimate = false;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	if (best <= SEARCH_SMALL) {
		if ((rc = search_all(db, w, &q, words, staff, in, &total, e)) < 0)
			goto done;
	} else {
		int64_t off = (in->page - 1) * in->per_page, nh = 0;
		struct hit *h = NULL;
		bool complete = true;
		int64_t from = off, to = off + in->per_page, seen = 0;
		if (q.order == SEARCH_ORDER_RELEVANCE) {
			rc = walk_hits(db, &q, WORD_MAX_SCORE * (n - 1), off + in->per_page, &h, &nh, &complete, e);
			seen = nh;
		} else {
			/* in time order the walk keeps the page's hits only */
			rc = walk_recent(db, &q, off, in->per_page, &h, &nh, &seen, &complete, e);
			from = 0;
			to = in->per_page;
		}
		if (rc < 0)
			goto done;
		rc = write_hits(db, w, &q, words, staff, h, from, nh < to ? nh : to, e);
		free(h);
		if (rc < 0)
			goto done;
		if (complete) {
			total = seen;
		} else {
			/* The total, counted no further than the cap: from the
			 * postings alone when they are the answer (one word of one
			 * or two characters, no filter on the document, the
			 * subtree the whole scope), else match by match. */
			bool exact = n == 1 && utf8_chars(words[0]) <= 2 && !status && !in->term_id &&
				     (!p || rfilter || p->ngrants == 1);
			for (int i = 0; i < EXCHANGE_SCOPE_SLOTS; i++)
				exact = exact && !sc.restricted[i];
			struct sb sql = SB_INIT;
			struct qargs qa = {.n = 0};
			if (exact) {
				rc = posted_count(db, e, kind, tok, &pa, SEARCH_COUNT_CAP + 1, &total);
			} else {
				sb_adds(&sql, "SELECT count(*) FROM (SELECT 1");
				matches_sql(&sql, &qa, &q, false);
				sb_adds(&sql, " LIMIT ?) c_");
				qa_i(&qa, SEARCH_COUNT_CAP + 1);
				rc = count_qa(db, e, "total", &sql, &qa, &total);
			}
			sb_free(&sql);
			if (rc < 0)
				goto done;
			if (total > SEARCH_COUNT_CAP) {
				total = SEARCH_COUNT_CAP;
				estimate = true;
			}
		}
	}
	rc = 0;
	jw_arr_end(w);
	jw_kint(w, "total", total);
	jw_kbool(w, "total_is_estimate", estimate);
	jw_kint(w, "page", in->page);
	jw_kint(w, "per_page", in->per_page);
	jw_kstr(w, "index", match.index);
	jw_key(w, "words");
	jw_arr(w);
	for (int i = 0; i < n; i++)
		jw_str(w, words[i]);
	jw_arr_end(w);
	jw_obj_end(w);
done:
	search_free(&match);
	return rc;
}
