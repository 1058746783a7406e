/*
 * notify_http.c — the message centre: the caller's own notices, the
 * unread count for the header, marking read (notify.h).
 */
#include "auth/auth.h"
#include "http/http.h"
#include "notify/notify.h"
#include "notify/notify_http.h"
#include "store/list.h"

static int h_list(struct req *r)
{
	static const char *const params[] = {"page", "per_page", "sort", "cursor", "unread", NULL};
	struct list_req lr;
	struct list_q *q;
	int64_t unread;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_list(r, &lr)) ||
	    (rc = req_query_int(r, "unread", 0, 0, 1, &unread)) ||
	    (rc = notify_list_query(&r->cx, (int)unread, &q)))
		return rc;
	return resp_list_run(r, q, &lr, notify_list_row, &r->cx);
}

static int h_unread(struct req *r)
{
	int64_t n;
	int rc = notify_unread(&r->cx, &n);
	if (rc)
		return rc;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "unread", n);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_read(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = notify_read(&r->cx, id)))
		return rc;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "id", id);
	jw_kbool(&r->jw, "read", true);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_read_all(struct req *r)
{
	int64_t n;
	int rc = notify_read_all(&r->cx, &n);
	if (rc)
		return rc;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "marked", n);
	jw_obj_end(&r->jw);
	return 0;
}

const struct route notify_routes[] = {
	{"GET", "/api/v1/notices", h_list, ROLES_ANY, 0, "the caller's notices, newest first (?unread=1)"},
	{"GET", "/api/v1/notices/unread-count", h_unread, ROLES_ANY, 0, "how many of the caller's notices are unread"},
	{"POST", "/api/v1/notices/{id}/read", h_read, ROLES_ANY, 0, "mark one of the caller's notices read"},
	{"POST", "/api/v1/notices/read-all", h_read_all, ROLES_ANY, 0, "mark all the caller's notices read"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
