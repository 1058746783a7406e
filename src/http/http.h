/*
 * http.h — requests, responses and routes, independent of the HTTP library.
 *
 * A handler receives a struct req whose arena, database connection and
 * caller (principal) are ready; it writes JSON into r->out through r->jw
 * and sets r->status, or returns a negative enum err_code with r->err
 * filled, and the router renders the error. Handlers never begin or end
 * transactions: the router runs every request in one (a write transaction
 * for POST/PUT/PATCH/DELETE, committed only when the handler succeeds), so
 * a failed request writes nothing.
 */
#ifndef WUSHE_HTTP_HTTP_H
#define WUSHE_HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/ctx.h"
#include "core/err.h"
#include "core/fields.h"
#include "core/jw.h"
#include "core/sb.h"

struct MHD_Connection;
struct store;
struct db;
struct principal;

#define REQ_MAX_PARAMS 6
#define REQ_MAX_HEADERS 8

struct req {
	struct arena *arena;
	struct MHD_Connection *conn;
	const char *client_addr; /* the peer's address as text ("" when unknown) */
	const char *method;
	const char *path;
	const char *body;
	size_t body_len;
	const char *param_names[REQ_MAX_PARAMS];
	const char *param_values[REQ_MAX_PARAMS];
	int nparams;
	const struct route *route;
	struct principal *who;   /* NULL when anonymous */
	struct db *db;
	struct store *store;
	int64_t now;             /* request time, µs UTC */
	/* response */
	int status;
	struct sb out;
	struct jw jw;
	const char *content_type;
	const char *resp_hdr_names[REQ_MAX_HEADERS];
	const char *resp_hdr_values[REQ_MAX_HEADERS];
	int nresp_hdrs;
	char *download_name;     /* Content-Disposition filename */
	struct err err;
	/* The logic's view of the request (core/ctx.h): db, who, now, arena,
	 * &err — filled by the router before the handler runs. */
	struct ctx cx;
};

typedef int (*http_handler)(struct req *r);

/* Route flags. */
enum {
	RT_PUBLIC = 1 << 0,   /* no login needed */
	RT_NO_CSRF = 1 << 1,  /* login itself: no session yet */
	RT_BIG_BODY = 1 << 2, /* imports: body up to 64 MiB instead of 1 MiB */
	RT_OWN_TX = 1 << 3,   /* the router opens no transaction around the handler: it
				 runs outside any (to hash passwords without the write
				 lock) and opens short ones itself (login, password) */
	RT_NO_LIMIT = 1 << 4, /* exempt from the anonymous-request limit (health probe) */
	RT_OWN_WRITE = 1 << 5, /* a write route that takes the write lock itself, in short
				  pieces: the router opens only a read snapshot around
				  the handler (no Idempotency-Key) — imports */
	RT_AUDITED = 1 << 6,  /* a GET that leaves an audit entry (a copy of a person's
				 data): it runs in a write transaction committed on
				 success, so the entry exists exactly when the copy left */
};

struct route {
	const char *method;   /* GET POST PATCH PUT DELETE */
	const char *pattern;  /* "/api/v1/regions/{id}" */
	http_handler fn;
	unsigned roles;       /* bitmask of roles allowed (auth.h ROLE_*); ignored if RT_PUBLIC */
	unsigned flags;
	const char *summary;  /* one line for docs and the permission matrix */
	/* Declarative body (core/fields.h): the fields the route accepts and
	 * whether it creates or updates; req_body() reads them. NULL = none. */
	const struct field *body;
	int body_mode;        /* enum fields_mode */
	/* Generic handlers (http/resource.h): the resource the route reads or
	 * writes, and for res_action the logic it calls. NULL = none. */
	const struct resource *res;
	int (*act)(struct ctx *c, int64_t id, const void *in);
};

/* Accessors. */
const char *req_query(struct req *r, const char *name);       /* NULL if absent */
const char *req_query_nonempty(struct req *r, const char *name); /* NULL if absent or "" */
const char *req_header(struct req *r, const char *name);
const char *req_cookie(struct req *r, const char *name);
const char *req_param(struct req *r, const char *name);       /* path parameter */
/* Parse a positive integer id from a path parameter; 404 when malformed. */
int req_param_id(struct req *r, const char *name, int64_t *out);
/* Query integer with bounds, default when absent; 400 with field on error. */
int req_query_int(struct req *r, const char *name, int64_t def, int64_t min, int64_t max,
		  int64_t *out);
void resp_header(struct req *r, const char *name, const char *value);
/* 201 with {"id": id}: the answer of a create whose record the client
 * reads by its own route. Returns 0, for `return resp_created(r, id);`. */
int resp_created(struct req *r, int64_t id);
/* A file as the body (copied): its content type and the download's file
 * name (Content-Disposition; kept as given, so from the arena or static).
 * Returns 0, for `return resp_file(…);`. */
int resp_file(struct req *r, const char *content_type, const char *name, const void *data, size_t len);
/* The record as its kind's columns show it (record_write_cols), as one
 * JSON object; the caller sets 201 after a create. */
struct record_kind;
int resp_record(struct req *r, const struct record_kind *k, int64_t id);
/* 400 naming the first query parameter not in names (NULL-terminated):
 * a list states what it filters on, and anything else is an error rather
 * than silently ignored. */
int req_query_only(struct req *r, const char *const *names);

/* Read the body by the route's field table into out (the logic's input
 * struct); strings are copied into the request's arena. 400 with the field
 * on any bad, missing or unknown key. */
int req_body(struct req *r, void *out);
/* The body of an action that only needs the record's version: {"version": N}. */
struct req_version {
	int64_t version;
};
extern const struct field req_version_fields[];

/* Paging from ?page=&per_page= (per_page ≤ 100). */
struct page {
	int64_t page, per_page, offset;
};
int req_page(struct req *r, struct page *pg);
/* Writes the list envelope: {"items":[ … then the caller writes items … */
void resp_list_begin(struct req *r);
void resp_list_end(struct req *r, int64_t total, const struct page *pg);
/* The same for a list run by store/list.h: adds total_is_estimate and
 * next_cursor (when there is a next page); frees res. */
struct list_result;
void resp_list_done(struct req *r, struct list_result *res, const struct page *pg);
/* A list request's paging: ?page=&per_page=&sort=&cursor= (400 naming the field). */
struct list_req;
struct list_q;
struct stmt;
int req_list(struct req *r, struct list_req *lr);
/* Run the query a logic built (store/list.h) and answer with the list
 * envelope; fn writes each row as an item. Frees q. */
int resp_list_run(struct req *r, struct list_q *q, const struct list_req *lr,
		  int (*fn)(struct stmt *st, void *ctx, struct err *e), void *ctx);

/* Router. Route tables are NULL-method terminated arrays. */
void router_add(const struct route *table);
const struct route *router_match(const char *method, const char *path, struct req *r,
				 bool *method_mismatch);
/* Iterate all registered routes (docs, permission-matrix tests). */
void router_each(void (*fn)(const struct route *rt, void *ctx), void *ctx);

/* Anonymous requests: per-address and server-wide limits (limits.c).
 * 0, or ERR_LIMIT with r->err filled (429 with Retry-After). */
int http_limit_anonymous(struct req *r);

/* Render r->err as the JSON error body. */
void resp_error(struct req *r);

struct http_config {
	const char *bind;
	int port;
	int threads;
	const char *static_dir;
	size_t max_body;          /* ordinary routes (1 MiB); RT_BIG_BODY routes 64 MiB */
	size_t body_budget;       /* request bodies buffered in memory at once, all connections */
	size_t spool_budget;      /* big bodies spooled to temporary files at once */
	unsigned max_connections; /* concurrent connections (libmicrohttpd refuses more) */
	unsigned read_timeout;    /* seconds a connection may stay silent */
	bool https;               /* served over HTTPS by a proxy: Secure cookies, HSTS */
};

struct http_server;
int http_start(const struct http_config *cfg, struct store *store, struct http_server **out,
	       struct err *e);
/* Stop accepting, finish in-flight requests (up to a grace period), stop. */
void http_stop(struct http_server *s);

/* Dispatch one API request (used by the server and by in-process tests). */
void api_dispatch(struct req *r);
/* Before a big body is read: the caller of r->route is resolved and must pass
 * the login, role and CSRF checks; 0 or an error in r->err (read
 * transaction only, nothing written). */
int api_preflight(struct req *r);

/* uri.c: the raw request target (path and query as the client sent them)
 * must decode to valid UTF-8 with no control characters and no encoded '/'
 * in the path; 400 with the field ("path", "query" or the parameter). */
int http_uri_check(const char *raw, struct arena *a, struct err *e);
/* The path as the access log shows it: each segment that is a secret
 * (a calendar subscription's wcf_… token) becomes "wcf_***"; buf holds the
 * copy when one is needed (cap bytes; a longer path is cut). */
const char *http_log_path(const char *path, char *buf, size_t cap);
bool http_utf8_valid(const unsigned char *s, size_t n);

#endif
