/*
 * search.c — SQLite's full-text search behind store/search.h: FTS5.
 *
 * Two FTS5 tables per base table, made by the dialect part of a migration
 * (035_xchg_search.sqlite.sql, docs/search.md) and kept in step by
 * triggers: `<table>_fts`, trigram over the text, and `<table>_fts2`,
 * unicode61 over the text rewritten as character bigrams with a
 * one-character prefix index. Trigram finds substrings of three or more
 * characters only, so any shorter word sends the whole search to the
 * bigram index, where a 2-character word is one token, a 1-character word
 * the prefix query "c"*, and a longer word the phrase of its bigrams —
 * exact, because bigram tokens sit at consecutive positions. Either way
 * the search is one MATCH, so bm25 (with the index's column weights)
 * ranks it; bm25 is lower for better matches, which is the order
 * search_from promises. FTS5 auxiliary functions need the MATCH in the
 * same plain query, so the FROM item is that query, named by the caller.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "core/jsonin.h"
#include "core/log.h"
#include "store/list.h"
#include "store/search.h"
#include "store/store.h"

/* Length in bytes of the UTF-8 character at s: its lead byte's length when
 * the continuation bytes are there, else 1 (a stray byte stands alone). */
static size_t u8_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xE0) == 0xC0 && s[1])
		return 2;
	if ((s[0] & 0xF0) == 0xE0 && s[1] && s[2])
		return 3;
	if ((s[0] & 0xF8) == 0xF0 && s[1] && s[2] && s[3])
		return 4;
	return 1;
}

/* Append s[0..n) as FTS5 string content: double quotes doubled. */
static void quote_add(struct sb *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			sb_addc(b, '"');
		sb_addc(b, s[i]);
	}
}

void search_plan(struct search *s, const char *const *words, int n)
{
	bool bigram = false;
	for (int i = 0; i < n; i++)
		if (utf8_chars(words[i]) < 3)
			bigram = true;
	s->index = bigram ? "bigram" : "trigram";
	s->query = (struct sb)SB_INIT;
	struct sb *b = &s->query;
	/* The MATCH expression: every word a phrase, all ANDed. */
	for (int i = 0; i < n; i++) {
		const char *w = words[i];
		size_t len = strlen(w);
		if (i)
			sb_adds(b, " AND ");
		sb_addc(b, '"');
		if (!bigram) {
			quote_add(b, w, len);
			sb_addc(b, '"');
			continue;
		}
		const unsigned char *u = (const unsigned char *)w;
		size_t p1 = u8_len(u);
		if (p1 >= len) { /* one character: a prefix query */
			quote_add(b, w, len);
			sb_adds(b, "\"*");
			continue;
		}
		/* the phrase of the word's bigrams: [p0, p2) for each pair of characters */
		for (size_t p0 = 0; p1 < len;) {
			size_t p2 = p1 + u8_len(u + p1);
			if (p0)
				sb_addc(b, ' ');
			quote_add(b, w + p0, p2 - p0);
			p0 = p1;
			p1 = p2;
		}
		sb_addc(b, '"');
	}
}

void search_free(struct search *s)
{
	sb_free(&s->query);
}

void search_from(struct sb *sql, const struct search_index *ix, const struct search *s,
		 const char *alias, bool score)
{
	char fts[128];
	int k = snprintf(fts, sizeof fts, "%s_fts%s", ix->table, strcmp(s->index, "bigram") == 0 ? "2" : "");
	assert(k > 0 && (size_t)k < sizeof fts); /* table names are the caller's constants */
	(void)k;
	sb_adds(sql, "(SELECT rowid AS id");
	if (score) {
		sb_addf(sql, ", bm25(%s", fts);
		for (int i = 0; ix->columns[i]; i++)
			sb_addf(sql, ", %.17g", ix->weights[i]);
		sb_adds(sql, ") AS score");
	}
	sb_addf(sql, " FROM %s(?)) %s", fts, alias);
}

/* ---------- postings ---------- */

bool search_token(const char *w, char tok[SEARCH_TOKEN_MAX])
{
	const unsigned char *u = (const unsigned char *)w;
	size_t n = 0;
	for (int c = 0; c < 2 && u[n]; c++) {
		size_t l = u8_len(u + n);
		if (n + l >= SEARCH_TOKEN_MAX)
			break;
		n += l;
	}
	for (size_t i = 0; i < n; i++)
		tok[i] = (char)(u[i] >= 'A' && u[i] <= 'Z' ? u[i] - 'A' + 'a' : u[i]);
	tok[n] = 0;
	return n > 0;
}

#define SUBTREE_SQL " IN (SELECT r_.id FROM regions r_ WHERE r_.path >= ? AND r_.path < ?)"
/* SEARCH_SUBTREE_UP: the subtree and SEARCH_UP_MAX regions above it, named by path */
#define SUBTREE_UP_SQL                                                                         \
	" IN (SELECT r_.id FROM regions r_ WHERE r_.path >= ? AND r_.path < ?"                   \
	" OR r_.path IN (?, ?, ?, ?))"

/* A term and its children: the tokens of search_posted's terms. */
#define TERMS_SQL " IN (SELECT CAST(t_.id AS TEXT) FROM xchg_terms t_ WHERE t_.id = ? OR t_.parent_id = ?)"

/* The checks every postings query ends with, in the parameters' order:
 * the status, then the subtree (hinted: checked on each entry, not used
 * to choose the index). */
static void status_subtree(struct sb *sql, bool status, int subtree, bool hinted)
{
	_Static_assert(SEARCH_UP_MAX == 4, "SUBTREE_UP_SQL names four regions");
	if (status)
		sb_adds(sql, " AND p_.status = ?");
	if (subtree)
		sb_addf(sql, " AND %sp_.region_id%s", hinted ? "+" : "",
			subtree == SEARCH_SUBTREE_UP ? SUBTREE_UP_SQL : SUBTREE_SQL);
}

void search_posted(struct sb *sql, const char *id_col, bool terms, bool status, int subtree)
{
	/* The IN list drives: SQLite reads one token's postings through
	 * exchange_postings_region (a subtree) or exchange_postings_walk (the
	 * district) and fetches only those documents by id. */
	sb_addf(sql, "%s IN (SELECT p_.doc_id FROM xchg_postings p_ WHERE p_.kind = ? AND ", id_col);
	sb_adds(sql, terms ? "p_.token" TERMS_SQL : "p_.token = ?");
	status_subtree(sql, status, subtree, false);
	sb_addc(sql, ')');
}

/* ---------- postings ranked ---------- */

/* Append the token of s[0..n), ASCII lower-cased, to toks[k]. */
static void token_put(char *tok, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tok[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
	tok[n] = 0;
}

int search_tokens(const char *w, char (*toks)[SEARCH_TOKEN_MAX], int max)
{
	const unsigned char *u = (const unsigned char *)w;
	if (max < 1 || !*u)
		return 0;
	size_t p1 = u8_len(u);
	if (!u[p1] || !u[p1 + u8_len(u + p1)]) { /* one or two characters: the word */
		search_token(w, toks[0]);
		return 1;
	}
	int k = 0;
	for (size_t p0 = 0; u[p1] && k < max;) {
		size_t p2 = p1 + u8_len(u + p1);
		if (p2 - p0 < SEARCH_TOKEN_MAX)
			token_put(toks[k++], u + p0, p2 - p0);
		p0 = p1;
		p1 = p2;
	}
	return k;
}


/* A text posting's weight when its token is in the skills only. */
#define WEIGHT_SKILLS_ONLY 5

static void posted_count_sql(struct sb *sql, bool status, int subtree, bool listed)
{
	/* xchg_postings_region (a subtree: kind, token, region, status),
	 * xchg_postings_status (the district with a status) or any index
	 * starting (kind, token): the count never reads a document. */
	sb_adds(sql, "SELECT count(*) FROM (SELECT 1 FROM xchg_postings p_ WHERE p_.kind = ? AND p_.token = ?");
	if (listed)
		sb_addf(sql, " AND p_.weight <> %d", WEIGHT_SKILLS_ONLY);
	status_subtree(sql, status, subtree, false);
	sb_adds(sql, " LIMIT ?) c_");
}

void search_posted_count(struct sb *sql, bool status, int subtree)
{
	posted_count_sql(sql, status, subtree, false);
}

void search_listed_count(struct sb *sql, bool status, bool subtree)
{
	/* the weight is in xchg_postings_region's entry: still index-only */
	posted_count_sql(sql, status, subtree, true);
}

void search_terms_count(struct sb *sql, bool status, bool subtree)
{
	/* DISTINCT: a document tagged with a term and one of its children
	 * has a posting under each; the count stops at the limit. Left to
	 * itself SQLite answers DISTINCT doc_id from the primary key (kind,
	 * doc_id, token), in doc_id order — every posting of the kind, a
	 * million at district scale — so the index is named: the tokens'
	 * postings of the subtree (and status), or of the status, or all. */
	sb_addf(sql, "SELECT count(*) FROM (SELECT DISTINCT p_.doc_id FROM xchg_postings p_ INDEXED BY %s"
		     " WHERE p_.kind = ? AND p_.token" TERMS_SQL,
		subtree ? "xchg_postings_region" : status ? "xchg_postings_status" : "xchg_postings_recent");
	status_subtree(sql, status, subtree, false);
	sb_adds(sql, " LIMIT ?) c_");
}

void search_walk_postings(struct sb *sql, bool by_id, bool status, bool subtree)
{
	/* In creation order: xchg_postings_status (with a status) or
	 * xchg_postings_recent. In id order: a term posting's weight is 0,
	 * so xchg_postings_rank (kind, token, weight DESC, doc_id, …) holds
	 * one token's term postings in id order; named, since with a status
	 * SQLite would rather read xchg_postings_status and sort. The region
	 * is checked on each entry. */
	if (by_id)
		sb_addf(sql, "SELECT %s, %s FROM xchg_postings p_ INDEXED BY xchg_postings_rank"
			     " WHERE p_.kind = ? AND p_.token = ? AND p_.weight = 0", SEARCH_WALK_DOC, SEARCH_WALK_DOC);
	else
		sb_addf(sql, "SELECT %s, %s FROM xchg_postings p_ WHERE p_.kind = ? AND p_.token = ?", SEARCH_WALK_DOC,
			SEARCH_WALK_CREATED);
	status_subtree(sql, status, subtree, true);
}

void search_walk_from(struct sb *sql)
{
	/* CROSS JOIN keeps the postings outermost: SQLite then walks
	 * xchg_postings_rank (kind, token, weight DESC, doc_id, region_id) in
	 * the ORDER BY's order and stops when the caller stops stepping. */
	sb_adds(sql, " xchg_postings p_ CROSS JOIN");
}

void search_walk_where(struct sb *sql, const char *id_col, bool status, int subtree)
{
	/* The unary + keeps the region off the index choice: the subtree is
	 * checked on each entry of the walk (documented SQLite behaviour).
	 * With a status the walk is xchg_postings_status's (kind, token,
	 * status, created_at, doc_id, …) range, in the same order. */
	sb_addf(sql, "%s = p_.doc_id AND p_.kind = ? AND p_.token = ?", id_col);
	status_subtree(sql, status, subtree, true);
}

void search_walk_order(struct sb *sql)
{
	sb_adds(sql, " ORDER BY p_.weight DESC, p_.doc_id");
}

void search_walk_order_recent(struct sb *sql, bool desc)
{
	/* xchg_postings_recent (kind, token, created_at, doc_id, …) walked
	 * forward or backward: the ORDER BY needs no sort. */
	const char *d = desc ? " DESC" : "";
	sb_addf(sql, " ORDER BY p_.created_at%s, p_.doc_id%s", d, d);
}

void search_walk_order_id(struct sb *sql, bool desc)
{
	sb_addf(sql, " ORDER BY p_.doc_id%s", desc ? " DESC" : "");
}

void search_walk_listed(struct sb *sql)
{
	sb_addf(sql, " AND p_.weight <> %d", WEIGHT_SKILLS_ONLY);
}

void search_explain(struct db *db, const char *what, const char *sql, const struct db_arg *args, int n)
{
	list_explain_plan(db, what, sql, args, n);
}

int search_count(struct db *db, struct err *e, const char *what, const char *sql, const struct db_arg *args,
		 int n, int64_t *out)
{
	search_explain(db, what, sql, args, n);
	struct stmt *st = db_qa(db, e, sql, args, n);
	int rc = st ? stmt_step(st, e) : e->code;
	if (rc == 1)
		*out = col_int(st, 0);
	stmt_done(st);
	return rc < 0 ? rc : 0;
}
