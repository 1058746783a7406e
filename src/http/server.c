/*
 * server.c — the libmicrohttpd adapter: connection threads, request bodies
 * within their limits, static files from web/dist with SPA fallback,
 * response headers, the access log, and graceful shutdown.
 *
 * libmicrohttpd 0.9.75 answers "Connection: close" when a response is
 * queued on the first call of the access handler for a request, so the
 * first call only sets up per-request state and the response is queued on
 * a later call (RECIPES.md; tests/api checks keep-alive) — except when the
 * request is refused before its body, where closing is the point.
 *
 * What a client can make the server hold is bounded (docs/security.md, "HTTP hardening"):
 * the raw target is checked before anything is decoded (uri.c), a body over
 * its route's limit is refused from its headers, big bodies are admitted
 * only for callers the route admits and are spooled to an unlinked file,
 * bodies in memory share one budget, and silent or slow clients are cut.
 */
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "auth/auth.h"
#include "core/log.h"
#include "core/wtime.h"
#include "http/http.h"
#include "store/store.h"

struct http_server {
	struct MHD_Daemon *d;
	struct http_config cfg;
	struct store *store;
	char *static_dir;
};

/* Limits on what a client may make the server hold (issue 15, hole 4). */
#define URL_MAX 8192u              /* raw request target */
#define HEAD_MAX (32u << 10)       /* request header lines together */
#define BIG_BODY_MAX (64u << 20)   /* RT_BIG_BODY routes, logged-in callers only */
#define POOL_SIZE (128u << 10)     /* libmicrohttpd's per-connection memory */
#define BODY_SECONDS 60            /* a body must arrive within this … */
#define BIG_BODY_SECONDS 600       /* … or this for big bodies */
#define DISCARD_MAX (8u << 20)     /* bytes read and dropped after a refusal */

struct conn_ctx {
	struct arena arena;
	char *body;
	size_t body_len, body_cap;
	size_t reserved;      /* bytes of the global body (or spool) budget held */
	int spool_fd;         /* > 0: a big body goes to this unlinked temporary file */
	bool started;         /* the access handler has run once */
	bool refused;         /* an error was queued before the body was read */
	struct err pre_err;   /* a problem found in the request line */
	int pre_status;       /* its status when not the code's own (414) */
	struct err late_err;  /* the body broke a limit: the rest is discarded */
	int late_status;
	size_t discarded, discard_max;
	int64_t t0;
	size_t limit;
	int64_t deadline;     /* monotonic µs by which the body must be in */
	int status;
	size_t bytes;
	const char *user;
	const char *method, *path;
};

/* Requests between their first handler call and completion. */
static int inflight;
/* Bytes of request bodies held in memory by all connections, and bytes of
 * big bodies spooled to temporary files (see reserve()). */
static size_t body_in_use, spool_in_use;

static size_t *budget_counter(const struct conn_ctx *cx)
{
	return cx->spool_fd > 0 ? &spool_in_use : &body_in_use;
}

/* Raise cx's share of its budget to want bytes; false when that would pass
 * the budget (memory: body_budget; spool files: spool_budget). */
static bool reserve(const struct http_server *s, struct conn_ctx *cx, size_t want)
{
	if (want <= cx->reserved)
		return true;
	size_t more = want - cx->reserved, *counter = budget_counter(cx);
	size_t budget = cx->spool_fd > 0 ? s->cfg.spool_budget : s->cfg.body_budget;
	size_t cur = __atomic_load_n(counter, __ATOMIC_RELAXED);
	do {
		if (cur + more > budget)
			return false;
	} while (!__atomic_compare_exchange_n(counter, &cur, cur + more, true, __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	cx->reserved = want;
	return true;
}

static void release(struct conn_ctx *cx)
{
	__atomic_sub_fetch(budget_counter(cx), cx->reserved, __ATOMIC_RELAXED);
	cx->reserved = 0;
}

/* An unlinked file in $TMPDIR (or /tmp) for a big body: it holds no memory
 * while the body arrives and disappears with its descriptor. -1 on failure. */
static int spool_open(void)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	int fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	size_t n = strlen(dir) + 32;
	char *path = malloc(n);
	if (!path)
		return -1;
	snprintf(path, n, "%s/wushe-body-XXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd >= 0)
		unlink(path);
	free(path);
	return fd;
}

static bool write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static struct conn_ctx *ctx_new(void)
{
	struct conn_ctx *cx = calloc(1, sizeof *cx);
	if (!cx)
		return NULL;
	arena_init(&cx->arena, 16384);
	cx->t0 = wtime_mono();
	__atomic_add_fetch(&inflight, 1, __ATOMIC_RELAXED);
	return cx;
}

static const char *content_type_for(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot)
		return "application/octet-stream";
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
		{".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
		{".jpg", "image/jpeg"}, {".ico", "image/x-icon"}, {".woff2", "font/woff2"},
		{".woff", "font/woff"}, {".ttf", "font/ttf"}, {".txt", "text/plain; charset=utf-8"},
		{".map", "application/json"},
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* The UI's policy; API answers and errors get the empty one (they are
 * data, never rendered as a page). */
#define CSP_HTML                                                                         \
	"default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " \
	"font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "    \
	"frame-ancestors 'none'"
#define CSP_NONE "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

/* Every response the server builds carries these (hole 12). */
static void security_headers(const struct http_server *s, struct MHD_Response *resp, const char *csp)
{
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy",
				"accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
				"magnetometer=(), microphone=(), payment=(), usb=()");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	if (s->cfg.https)
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
}

/* Queue r's answer: body, content type, the handler's headers (cookies get
 * Secure when served over HTTPS), download name and the security headers. */
static enum MHD_Result queue_req(struct http_server *s, struct MHD_Connection *c,
				 struct conn_ctx *cx, struct req *r)
{
	size_t len;
	char *buf = sb_detach(&r->out, &len);
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(buf);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type",
				r->content_type ? r->content_type : "application/json; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	security_headers(s, resp, CSP_NONE);
	for (int i = 0; i < r->nresp_hdrs; i++) {
		const char *v = r->resp_hdr_values[i];
		if (s->cfg.https && strcasecmp(r->resp_hdr_names[i], "Set-Cookie") == 0 &&
		    !strcasestr(v, "; Secure"))
			v = arena_printf(&cx->arena, "%s; Secure", v);
		MHD_add_response_header(resp, r->resp_hdr_names[i], v);
	}
	if (r->download_name) {
		const char *cd = arena_printf(&cx->arena, "attachment; filename*=UTF-8''%s",
					      r->download_name);
		MHD_add_response_header(resp, "Content-Disposition", cd);
	}
	cx->status = r->status;
	cx->bytes = len;
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* The JSON error body for e (status overrides the code's own when not 0). */
static enum MHD_Result queue_error(struct http_server *s, struct MHD_Connection *c,
				   struct conn_ctx *cx, const struct err *e, int status)
{
	struct req r;
	memset(&r, 0, sizeof r);
	r.arena = &cx->arena;
	r.err = *e;
	resp_error(&r);
	if (status)
		r.status = status;
	return queue_req(s, c, cx, &r);
}

static enum MHD_Result queue_errf(struct http_server *s, struct MHD_Connection *c,
				  struct conn_ctx *cx, int code, int status, const char *zh,
				  const char *en)
{
	struct err e = {0};
	err_set(&e, code, "", zh, en);
	return queue_error(s, c, cx, &e, status);
}

static enum MHD_Result serve_static(struct http_server *s, struct MHD_Connection *c,
				    const char *url, struct conn_ctx *cx)
{
	if (strstr(url, "..") || strchr(url, '\\'))
		return queue_errf(s, c, cx, ERR_INVALID, 0, "无效的路径", "bad path");
	char path[4096];
	const char *rel = strcmp(url, "/") == 0 ? "/index.html" : url;
	int n = snprintf(path, sizeof path, "%s%s", s->static_dir, rel);
	struct stat st;
	bool found = n > 0 && (size_t)n < sizeof path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
	const char *slash = strrchr(rel, '/');
	if (!found && !(slash && strchr(slash, '.'))) {
		/* SPA route: the client-side router renders it. */
		snprintf(path, sizeof path, "%s/index.html", s->static_dir);
		found = stat(path, &st) == 0 && S_ISREG(st.st_mode);
		rel = "/index.html";
	}
	int fd = found ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	if (fd < 0)
		return queue_errf(s, c, cx, ERR_NOT_FOUND, 0, "文件不存在", "not found");
	struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
	if (!resp) {
		close(fd);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", content_type_for(path));
	MHD_add_response_header(resp, "Cache-Control", strncmp(rel, "/assets/", 8) == 0
							      ? "public, max-age=31536000, immutable"
							      : "no-cache");
	security_headers(s, resp, CSP_HTML);
	cx->status = 200;
	cx->bytes = (size_t)st.st_size;
	enum MHD_Result ret = MHD_queue_response(c, 200, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* The peer's address as text, IPv4 or IPv6 ("" when the library has none). */
static const char *client_addr_of(struct MHD_Connection *c, struct arena *a)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char ip[INET6_ADDRSTRLEN] = "";
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, ip, sizeof ip);
	else if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, ip,
			  sizeof ip);
	return arena_strdup(a, ip);
}

/* libmicrohttpd calls this with the raw request target before it decodes
 * anything; what it returns becomes the request's context. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	(void)c;
	struct conn_ctx *cx = ctx_new();
	if (!cx)
		return NULL;
	if (strlen(uri) > URL_MAX) {
		err_setf(&cx->pre_err, ERR_INVALID, "path", "请求地址过长（上限 %u 字节）",
			 "the request URL is too long (limit %u bytes)", URL_MAX);
		snprintf(cx->pre_err.codename, sizeof cx->pre_err.codename, "uri_too_long");
		cx->pre_status = 414;
	} else {
		http_uri_check(uri, &cx->arena, &cx->pre_err);
	}
	return cx;
}

struct head_size {
	size_t n;
};

static enum MHD_Result head_size_it(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value)
{
	(void)kind;
	struct head_size *h = cls;
	h->n += strlen(key) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

/* Content-Length as a number; false when absent (chunked) or malformed. */
static bool content_length(struct MHD_Connection *c, size_t *out)
{
	const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (!v || !*v)
		return false;
	size_t n = 0;
	for (const char *p = v; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		if (n > (SIZE_MAX - 9) / 10) {
			*out = SIZE_MAX;
			return true;
		}
		n = n * 10 + (size_t)(*p - '0');
	}
	*out = n;
	return true;
}

/*
 * The first call for a request: the request line and headers are in, the
 * body is not. Everything that can be refused without the body is refused
 * here — a bad target, oversized headers, a body longer than the route
 * admits, a big body from a caller who may not send one — and the answer
 * is queued at once, so libmicrohttpd never reads that body (and closes
 * the connection after the answer); only a body of at most DISCARD_MAX
 * is read and dropped first (see below). An acceptable request
 * queues nothing (see RECIPES.md on keep-alive) and reserves its body's
 * bytes.
 */
static enum MHD_Result on_headers(struct http_server *s, struct MHD_Connection *c,
				  const char *url, const char *method, struct conn_ctx *cx)
{
	cx->started = true;
	cx->method = arena_strdup(&cx->arena, method);
	cx->path = arena_strdup(&cx->arena, url);
	cx->limit = s->cfg.max_body;
	if (cx->pre_err.code) {
		cx->refused = true;
		return queue_error(s, c, cx, &cx->pre_err, cx->pre_status);
	}
	struct head_size hs = {0};
	MHD_get_connection_values(c, MHD_HEADER_KIND, head_size_it, &hs);
	if (hs.n > HEAD_MAX) {
		struct err e = {0};
		err_setf(&e, ERR_INVALID, "", "请求头过大（上限 %u 字节）",
			 "request headers too large (limit %u bytes)", HEAD_MAX);
		snprintf(e.codename, sizeof e.codename, "headers_too_large");
		cx->refused = true;
		return queue_error(s, c, cx, &e, 431);
	}
	bool is_api = strncmp(url, "/api/", 5) == 0;
	if (!is_api && strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		cx->refused = true;
		return queue_errf(s, c, cx, ERR_INVALID, 405, "该地址不支持此请求方法",
				  "method not allowed for this path");
	}
	size_t cl = 0;
	bool has_cl = content_length(c, &cl);
	if (is_api && (!has_cl || cl > cx->limit)) {
		bool mismatch;
		const struct route *rt = router_match(method, url, NULL, &mismatch);
		if (rt && (rt->flags & RT_BIG_BODY)) {
			/* Only a caller allowed to use the route may send it a big body. */
			struct req r;
			memset(&r, 0, sizeof r);
			r.arena = &cx->arena;
			r.conn = c;
			r.method = method;
			r.path = url;
			r.store = s->store;
			r.now = wtime_now();
			r.route = rt;
			if (api_preflight(&r)) {
				cx->refused = true;
				return queue_error(s, c, cx, &r.err, 0);
			}
			cx->limit = BIG_BODY_MAX;
			/* Stream it to a temporary file rather than memory. */
			int fd = spool_open();
			if (fd > 0)
				cx->spool_fd = fd;
			else if (fd == 0)
				close(fd);
		}
	}
	cx->deadline = cx->t0 + (int64_t)(cx->limit > s->cfg.max_body ? BIG_BODY_SECONDS : BODY_SECONDS) *
					WTIME_US;
	if (has_cl && cl > cx->limit) {
		struct err e = {0};
		err_setf(&e, ERR_TOO_LARGE, "", "请求体过大（上限 %zu 字节）",
			 "request body too large (limit %zu bytes)", cx->limit);
		/* A client that waits for "100 Continue" never sends the body, and
		 * a body over DISCARD_MAX is not worth reading: answer now
		 * (libmicrohttpd then closes without reading the body). A smaller
		 * one is read and dropped first, so that a client that sends its
		 * body regardless can still read the 413 rather than meet a reset
		 * connection. */
		const char *expect = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Expect");
		if ((expect && strcasecmp(expect, "100-continue") == 0) || cl > DISCARD_MAX) {
			cx->refused = true;
			return queue_error(s, c, cx, &e, 0);
		}
		cx->late_err = e;
		cx->discard_max = cl;
		return MHD_YES;
	}
	if (has_cl && cl && !reserve(s, cx, cl + 1)) {
		struct err e = {0};
		err_set(&e, ERR_LIMIT, "", "服务器繁忙，请稍后重试", "the server is busy; retry later");
		snprintf(e.codename, sizeof e.codename, "busy");
		e.retry_after = 5;
		cx->refused = true;
		return queue_error(s, c, cx, &e, 503);
	}
	return MHD_YES;
}

/*
 * A chunk of the body. Over the route's limit (a chunked body has no
 * declared length), past the deadline or past the server's budget, the
 * body is freed and never stored again. libmicrohttpd 0.9.75 accepts an
 * answer only before the body or after all of it, so the rest is read and
 * dropped — at most DISCARD_MAX bytes and until the deadline, after which
 * the connection is cut — and the error is the answer.
 */
static enum MHD_Result on_body(struct http_server *s, struct conn_ctx *cx, const char *data,
			       size_t n)
{
	if (cx->refused)
		return MHD_NO;
	if (cx->late_err.code) {
		cx->discarded += n;
		return cx->discarded > cx->discard_max || wtime_mono() > cx->deadline ? MHD_NO : MHD_YES;
	}
	struct err *e = &cx->late_err;
	size_t want = cx->body_len + n;
	if (want > cx->limit) {
		err_setf(e, ERR_TOO_LARGE, "", "请求体过大（上限 %zu 字节）",
			 "request body too large (limit %zu bytes)", cx->limit);
	} else if (wtime_mono() > cx->deadline) {
		return MHD_NO; /* too slow to be worth an answer */
	} else if (cx->spool_fd > 0) {
		if (!reserve(s, cx, want + 1) || !write_all(cx->spool_fd, data, n)) {
			err_set(e, ERR_LIMIT, "", "服务器繁忙，请稍后重试", "the server is busy; retry later");
			snprintf(e->codename, sizeof e->codename, "busy");
			e->retry_after = 5;
			cx->late_status = 503;
		} else {
			cx->body_len = want;
			return MHD_YES;
		}
	} else if (want + 1 > cx->body_cap) {
		/* A declared length was reserved whole: allocate it once. */
		size_t cap = cx->reserved >= want + 1 ? cx->reserved : (cx->body_cap ? cx->body_cap : 16384);
		while (cap < want + 1)
			cap *= 2;
		if (cap > cx->limit + 1)
			cap = cx->limit + 1;
		if (!reserve(s, cx, cap)) {
			err_set(e, ERR_LIMIT, "", "服务器繁忙，请稍后重试", "the server is busy; retry later");
			snprintf(e->codename, sizeof e->codename, "busy");
			e->retry_after = 5;
			cx->late_status = 503;
		} else {
			char *nb = realloc(cx->body, cap);
			if (!nb)
				return MHD_NO;
			cx->body = nb;
			cx->body_cap = cap;
		}
	}
	if (e->code) {
		if (cx->spool_fd > 0 && ftruncate(cx->spool_fd, 0) != 0)
			log_msg(LOG_WARN, "cannot truncate a refused upload's spool file");
		free(cx->body);
		cx->body = NULL;
		cx->body_len = cx->body_cap = 0;
		release(cx);
		cx->discarded = n;
		cx->discard_max = DISCARD_MAX;
		return MHD_YES;
	}
	memcpy(cx->body + cx->body_len, data, n);
	cx->body_len += n;
	cx->body[cx->body_len] = 0;
	return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	(void)version;
	struct http_server *s = cls;
	struct conn_ctx *cx = *con_cls;
	if (!cx) {
		/* on_uri failed to allocate */
		if (!(cx = ctx_new()))
			return MHD_NO;
		*con_cls = cx;
	}
	if (!cx->started)
		return on_headers(s, c, url, method, cx);
	if (*upload_size) {
		enum MHD_Result ret = on_body(s, cx, upload, *upload_size);
		*upload_size = 0;
		return ret;
	}
	if (cx->refused)
		return MHD_YES; /* answered already */
	if (cx->late_err.code)
		return queue_error(s, c, cx, &cx->late_err, cx->late_status);
	if (strncmp(url, "/api/", 5) != 0)
		return serve_static(s, c, url, cx);
	struct req r;
	memset(&r, 0, sizeof r);
	r.arena = &cx->arena;
	r.conn = c;
	r.client_addr = client_addr_of(c, &cx->arena);
	r.method = method;
	r.path = url;
	r.body = cx->body ? cx->body : "";
	r.body_len = cx->body_len;
	r.store = s->store;
	r.now = wtime_now();
	void *map = NULL;
	if (cx->spool_fd > 0 && cx->body_len) {
		/* The handler reads the spooled body through a read-only map, with
		 * the NUL after it that in-memory bodies have. */
		if (!write_all(cx->spool_fd, "", 1) ||
		    (map = mmap(NULL, cx->body_len + 1, PROT_READ, MAP_PRIVATE, cx->spool_fd, 0)) ==
			    MAP_FAILED)
			return queue_errf(s, c, cx, ERR_IO, 0, "无法读取上传的文件", "cannot read the upload");
		r.body = map;
	}
	api_dispatch(&r);
	if (map)
		munmap(map, cx->body_len + 1);
	if (r.who)
		cx->user = arena_strdup(&cx->arena, r.who->username);
	return queue_req(s, c, cx, &r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)toe;
	struct conn_ctx *cx = *con_cls;
	if (!cx)
		return;
	(void)c;
	int64_t us = wtime_mono() - cx->t0;
	char shown[512];
	log_msg(LOG_INFO, "access %s %s status=%d bytes=%zu latency_us=%lld user=%s",
		cx->method ? cx->method : "-", http_log_path(cx->path, shown, sizeof shown), cx->status, cx->bytes,
		(long long)us, cx->user ? cx->user : "-");
	__atomic_sub_fetch(&inflight, 1, __ATOMIC_RELAXED);
	release(cx);
	if (cx->spool_fd > 0)
		close(cx->spool_fd);
	free(cx->body);
	arena_free(&cx->arena);
	free(cx);
	*con_cls = NULL;
}

int http_start(const struct http_config *cfg, struct store *store, struct http_server **out,
	       struct err *e)
{
	struct http_server *s = calloc(1, sizeof *s);
	if (!s)
		abort();
	s->cfg = *cfg;
	s->store = store;
	char real[4096];
	s->static_dir = strdup(cfg->static_dir && realpath(cfg->static_dir, real) ? real
								       : (cfg->static_dir ? cfg->static_dir : "web/dist"));
	if (!s->cfg.max_body)
		s->cfg.max_body = 1u << 20;
	if (!s->cfg.body_budget)
		s->cfg.body_budget = 96u << 20;
	if (!s->cfg.spool_budget)
		s->cfg.spool_budget = (size_t)1 << 30;
	if (!s->cfg.max_connections)
		s->cfg.max_connections = 256;
	if (!s->cfg.read_timeout)
		s->cfg.read_timeout = 20;
	struct sockaddr_in addr;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)cfg->port);
	if (inet_pton(AF_INET, cfg->bind, &addr.sin_addr) != 1) {
		free(s->static_dir);
		free(s);
		return err_setf(e, ERR_INVALID, "bind", "无效的监听地址：%s", "invalid bind address: %s",
				cfg->bind);
	}
	unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads : 4;
	s->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
					MHD_USE_ITC,
				(uint16_t)cfg->port, NULL, NULL, on_request, s,
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
				MHD_OPTION_THREAD_POOL_SIZE, threads,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
				MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
				MHD_OPTION_CONNECTION_TIMEOUT, s->cfg.read_timeout,
				MHD_OPTION_CONNECTION_LIMIT, s->cfg.max_connections,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)POOL_SIZE,
				MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
				MHD_OPTION_END);
	if (!s->d) {
		free(s->static_dir);
		free(s);
		return err_setf(e, ERR_IO, "port", "无法在 %s:%d 上监听（端口被占用？）",
				"cannot listen on %s:%d (port in use?)", cfg->bind, cfg->port);
	}
	*out = s;
	return 0;
}

void http_stop(struct http_server *s)
{
	if (!s)
		return;
	/* Stop accepting, then let in-flight requests finish (up to 10 s). */
	MHD_socket fd = MHD_quiesce_daemon(s->d);
	for (int i = 0; i < 1000 && __atomic_load_n(&inflight, __ATOMIC_RELAXED) > 0; i++)
		usleep(10000);
	MHD_stop_daemon(s->d);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	free(s->static_dir);
	free(s);
}
