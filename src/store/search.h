/*
 * search.h — full-text search, as far as SQL goes: which index answers a
 * list of words, the query text for it, and a FROM item of the matching
 * rows with their relevance. The caller (the exchange's search,
 * docs/search.md) splits the query into words, adds its own joins and
 * filters (scope, status, …) around the FROM item, pages and highlights;
 * it writes no full-text syntax itself.
 *
 * An index is named by its base table and the text columns it covers, in
 * the index's column order, with one weight each. How the index is made is
 * the dialect part of a migration: for SQLite, two FTS5 tables per base
 * table (035_xchg_search.sqlite.sql) — `<table>_fts` (trigram, answers
 * words of three or more characters) and `<table>_fts2` (character
 * bigrams, answers shorter words) — and bm25 ranks. A PostgreSQL backend
 * will answer the same calls from its own indexes (pg_trgm or the like).
 *
 * Words are given as the caller split them: non-empty, valid UTF-8, with
 * no separators inside (any character is taken literally: quotes and
 * operators never reach the index as syntax).
 *
 * The exchange's search and its lists' keyword and term filters no longer
 * query FTS5: they read the postings declared at the end of this file
 * (docs/search.md, "Postings"), which stay cheap within a region subtree
 * at a million rows. search_plan() still names the FTS5 index a query
 * would use (the search answer reports it).
 */
#ifndef WUSHE_STORE_SEARCH_H
#define WUSHE_STORE_SEARCH_H

#include <stdbool.h>

#include "core/sb.h"

struct search_index {
	const char *table;            /* base table, e.g. "exchange_demands"; its key is `id` */
	const char *const *columns;   /* text columns, NULL-ended, in the index's order */
	const double *weights;        /* one per column: a match there counts this much */
};

struct search {
	const char *index;            /* which index answers: "trigram" or "bigram" */
	struct sb query;              /* the text search_from's parameter binds */
};

/* Plan a search for words[0..n): every word must be found (AND). */
void search_plan(struct search *s, const char *const *words, int n);
void search_free(struct search *s);

/* Append to sql a FROM item `(…) alias` with columns id (the base table's
 * id) and, if score, score (lower is more relevant). It has one `?`
 * parameter, bound to sb_str(&s->query), before any parameter that
 * follows it in sql. */
void search_from(struct sb *sql, const struct search_index *ix, const struct search *s,
		 const char *alias, bool score);

/* ---------- postings (039_xchg_postings.sqlite.sql, docs/search.md) ----------
 *
 * What answers a keyword or a term at district scale: one posting per
 * (kind, document, token) with the document's region and creation time. A
 * text token is a character or a pair of adjacent characters (ASCII
 * lower-cased); a term token is the term id in decimal. The postings only
 * narrow the candidates: a word of three or more characters is found by
 * its first bigram, so the caller still checks the substring on the rows
 * (a word of one or two characters is exact either way). */
enum search_kind {
	SEARCH_DEMAND_TEXT = 1,
	SEARCH_SERVICE_TEXT = 2,
	SEARCH_DEMAND_TERM = 3,
	SEARCH_SERVICE_TERM = 4,
};

#define SEARCH_TOKEN_MAX 16   /* two characters of at most 4 bytes, and the NUL */

/* The token that finds word w (valid UTF-8, non-empty): the word itself up
 * to its first two characters, ASCII lower-cased, into tok. Returns false
 * when the postings cannot answer w (empty). */
bool search_token(const char *w, char tok[SEARCH_TOKEN_MAX]);

/* Append a predicate `id_col IN (…)`: the documents of kind posted under a
 * token. Parameters, in order: the kind ('i'); then, when terms, a term id
 * twice ('i', 'i': that term and its children), else the token ('s');
 * then, when status, the documents' status ('s'); then, when subtree, the
 * subtree's path range ('s' lo, 's' hi, as `path >= lo AND path < hi`),
 * and with SEARCH_SUBTREE_UP the paths of SEARCH_UP_MAX regions above it
 * ('s' each, NULL for none: a resident's search also finds what her town
 * and district offer). subtree 0 (false) reads the postings of the whole
 * district; 1 (true, SEARCH_SUBTREE) the subtree's.
 *
 * Every posting carries its document's status
 * (044_xchg_postings_status.sqlite.sql, kept in step by triggers), so
 * each call below that takes `status` checks it on the index entry. */
enum { SEARCH_SUBTREE = 1, SEARCH_SUBTREE_UP = 2 };
#define SEARCH_UP_MAX 4
void search_posted(struct sb *sql, const char *id_col, bool terms, bool status, int subtree);

/* ---------- postings ranked (040_xchg_postings_rank.sqlite.sql) ----------
 *
 * A text posting's weight is the sum of the weights of the columns holding
 * its token (title/name 10, skills 5, description 2): for a word of one or
 * two characters, exactly its relevance; for a longer word, a bound on it
 * (the word is in no column its tokens miss). */

/* The tokens that find word w: the word itself when it has one or two
 * characters, else each pair of adjacent characters (all must be there,
 * any one narrows). ASCII lower-cased. Returns how many (at most max). */
int search_tokens(const char *w, char (*toks)[SEARCH_TOKEN_MAX], int max);

/* Append `SELECT count(*) FROM (…LIMIT ?)`: how many documents of a kind are
 * posted under a token (of a status, within a subtree), counted from the
 * index alone and stopped at the limit. Parameters: kind 'i', token 's',
 * when status the status 's', when subtree the path range 's' lo, 's' hi
 * (and the regions above it, as search_posted), then the limit 'i'. */
void search_posted_count(struct sb *sql, bool status, int subtree);

/* The ranked walk: append to a FROM clause `<postings> CROSS JOIN ` (the
 * caller then names its table), and, with search_walk_where, the
 * condition that ties the postings to id_col, and with search_walk_order
 * the ORDER BY. Rows then come best posting first (weight descending),
 * ties by lower id, read from the index in that order, so a caller that
 * steps the statement can stop when the page is decided. The columns
 * SEARCH_WALK_DOC and SEARCH_WALK_WEIGHT name the posting's document and
 * weight. Parameters of search_walk_where: kind 'i', token 's', then when
 * status the status 's', then when subtree the path range 's' lo, 's' hi. */
#define SEARCH_WALK_DOC "p_.doc_id"
#define SEARCH_WALK_WEIGHT "p_.weight"
void search_walk_from(struct sb *sql);
void search_walk_where(struct sb *sql, const char *id_col, bool status, int subtree);
void search_walk_order(struct sb *sql);

/* ---------- postings newest first (041_xchg_postings_recent.sqlite.sql) ----------
 *
 * The same walk as above in the order of the documents' creation time,
 * ties by id, both in the direction asked (desc: newest first), read from
 * xchg_postings_recent (kind, token, created_at, doc_id, region_id,
 * weight) with no sort, so a caller that steps the statement stops when
 * its page is full. Use search_walk_from and search_walk_where as above,
 * then this instead of search_walk_order. SEARCH_WALK_CREATED names the
 * posting's copy of its document's creation time (kept in step by the
 * triggers), for a keyset condition. */
#define SEARCH_WALK_CREATED "p_.created_at"
void search_walk_order_recent(struct sb *sql, bool desc);

/* ---------- a term's postings newest first (044) ----------
 *
 * The term filter of a list (a term and its children: several tokens)
 * read in creation order without reading every posting of the term:
 * search_walk_postings appends `SELECT doc_id, created_at FROM postings
 * WHERE …` (by_id: `doc_id, doc_id`) for one token (parameters: kind 'i', token 's' — a term id in
 * decimal —, when status the status 's', when subtree 's' lo, 's' hi);
 * the caller adds a keyset condition on SEARCH_WALK_CREATED and
 * SEARCH_WALK_DOC and search_walk_order_recent, steps one statement per
 * token and merges them. search_terms_count appends the count of the
 * documents posted under a term or its children (of a status, within a
 * subtree), each once, stopped at a limit: parameters kind 'i', the term
 * id twice 'i' 'i', when status 's', when subtree 's' lo 's' hi, then the
 * limit 'i'. */
void search_walk_postings(struct sb *sql, bool by_id, bool status, bool subtree);
/* by_id: the walk of a term's token in document id order instead (both
 * columns are the id); its ORDER BY is search_walk_order_id's. */
void search_walk_order_id(struct sb *sql, bool desc);
void search_terms_count(struct sb *sql, bool status, bool subtree);

/* The lists' keyword is looked for in the title (name) and description
 * only, not the skills: a posting whose token is only in the skills
 * (weight 5) cannot be one of theirs. search_walk_listed appends that
 * check on the walk's entry (after search_walk_where); search_listed_count
 * is search_posted_count (same parameters) counting only the postings in
 * title or description — for a word of one or two characters exactly
 * the documents a list's keyword finds. */
void search_walk_listed(struct sb *sql);
void search_listed_count(struct sb *sql, bool status, bool subtree);

/* When WUSHE_LIST_EXPLAIN is set (bench/lists.sh), log the query plan of
 * sql as the list helper does ("list plan <what>: <sql> :: <plan>"). */
struct db;
struct db_arg;
void search_explain(struct db *db, const char *what, const char *sql, const struct db_arg *args, int n);
/* Runs sql (its plan logged as search_explain does), whose one row is one
 * count, into *out; 0, or the error's code. */
struct err;
int search_count(struct db *db, struct err *e, const char *what, const char *sql, const struct db_arg *args,
		 int n, int64_t *out);

#endif
