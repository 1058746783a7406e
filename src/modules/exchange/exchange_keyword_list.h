/*
 * exchange_keyword_list.h — the demands and services lists with a keyword
 * (`q=`), run through the store's postings (docs/lists.md, "Keyword lists
 * newest first").
 */
#ifndef WUSHE_EXCHANGE_KEYWORD_LIST_H
#define WUSHE_EXCHANGE_KEYWORD_LIST_H

#include "modules/exchange/exchange.h"
#include "store/list.h"

/* list_run for exchange_postings_run: q holds the list's filters (scope,
 * mine, status, term, and the keyword's substring test from
 * exchange_list_keyword); scope is the subtree's path (NULL: none). With
 * no keyword this is list_run. With one, the keyword's rarest token in
 * the subtree narrows: few postings — the list reads them (an IN list);
 * many, and the sort is by creation time — the token's postings are
 * walked in that order and the walk stops at the page, the total counted
 * no further than the cap. The answer is list_run's, row for row. */
int exchange_keyword_list_run(struct db *db, struct list_q *q, const struct exchange_posting_list *pl,
			      const struct exchange_posting_filter *f, const char *scope,
			      const struct list_req *req, void *row_ctx, struct list_result *res,
			      struct err *e);

#endif
