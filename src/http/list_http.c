/*
 * list_http.c — the HTTP side of the list helper (store/list.h): the
 * paging parameters of a list request and the list envelope around the
 * rows a logic's query returns.
 */
#include "http/http.h"
#include "store/list.h"

const char *req_query_nonempty(struct req *r, const char *name)
{
	const char *v = req_query(r, name);
	return v && *v ? v : NULL;
}

int req_list(struct req *r, struct list_req *lr)
{
	struct page pg;
	int rc = req_page(r, &pg);
	if (rc)
		return rc;
	lr->page = pg.page;
	lr->per_page = pg.per_page;
	lr->sort = req_query(r, "sort");
	lr->cursor = req_query(r, "cursor");
	return 0;
}

int resp_list_run(struct req *r, struct list_q *q, const struct list_req *lr, list_row_fn fn,
		  void *ctx)
{
	struct list_result res = {0};
	resp_list_begin(r);
	int rc = list_run(r->db, q, lr, fn, ctx, &res, &r->err);
	list_free(q);
	if (rc)
		return rc; /* resp_error() replaces the half-written envelope */
	struct page pg = {lr->page, lr->per_page, (lr->page - 1) * lr->per_page};
	resp_list_done(r, &res, &pg);
	return 0;
}
