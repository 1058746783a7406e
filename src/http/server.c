/*
 * server.c — the libmicrohttpd adapter: connection threads, body
 * accumulation with a size limit, static files from web/dist with SPA
 * fallback, response headers, the access log, and graceful shutdown.
 *
 * libmicrohttpd 0.9.75 answers "Connection: close" when a response is
 * queued on the first call of the access handler for a request, so the
 * first call only sets up per-request state and the response is queued on
 * a later call (RECIPES.md; tests/api checks keep-alive).
 */
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

struct conn_ctx {
	struct arena arena;
	struct sb body;
	bool too_large;
	int64_t t0;
	size_t limit;
	int status;
	size_t bytes;
	const char *user;
	const char *method, *path;
};

/* Requests between their first handler call and completion. */
static int inflight;

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

static void security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
}

static enum MHD_Result queue_buffer(struct MHD_Connection *c, int status, const char *type,
				    char *buf, size_t len, struct conn_ctx *cx)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(resp, "Content-Type", type);
	security_headers(resp);
	cx->status = status;
	cx->bytes = len;
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result serve_static(struct http_server *s, struct MHD_Connection *c,
				    const char *url, struct conn_ctx *cx)
{
	if (strstr(url, "..") || strchr(url, '\\')) {
		char *b = strdup("bad path");
		return queue_buffer(c, 400, "text/plain", b, strlen(b), cx);
	}
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
	if (!found) {
		char *b = strdup("not found");
		return queue_buffer(c, 404, "text/plain; charset=utf-8", b, strlen(b), cx);
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		char *b = strdup("not found");
		return queue_buffer(c, 404, "text/plain; charset=utf-8", b, strlen(b), cx);
	}
	struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
	MHD_add_response_header(resp, "Content-Type", content_type_for(path));
	MHD_add_response_header(resp, "Cache-Control", strncmp(rel, "/assets/", 8) == 0
							      ? "public, max-age=31536000, immutable"
							      : "no-cache");
	if (strcmp(rel, "/index.html") == 0)
		MHD_add_response_header(resp, "Content-Security-Policy",
					"default-src 'self'; style-src 'self' 'unsafe-inline'; "
					"img-src 'self' data: blob:; font-src 'self' data:; "
					"frame-ancestors 'none'");
	security_headers(resp);
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

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	(void)version;
	struct http_server *s = cls;
	struct conn_ctx *cx = *con_cls;
	if (!cx) {
		cx = calloc(1, sizeof *cx);
		if (!cx)
			return MHD_NO;
		arena_init(&cx->arena, 16384);
		cx->t0 = wtime_mono();
		cx->limit = s->cfg.max_body;
		cx->method = arena_strdup(&cx->arena, method);
		cx->path = arena_strdup(&cx->arena, url);
		__atomic_add_fetch(&inflight, 1, __ATOMIC_RELAXED);
		*con_cls = cx;
		return MHD_YES;
	}
	if (*upload_size) {
		/* Imports may be large; the route's flag is checked once we dispatch. */
		size_t hard = 64u << 20;
		if (cx->body.len + *upload_size > hard)
			cx->too_large = true;
		else
			sb_add(&cx->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (strncmp(url, "/api/", 5) != 0) {
		if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
			char *b = strdup("method not allowed");
			return queue_buffer(c, 405, "text/plain", b, strlen(b), cx);
		}
		return serve_static(s, c, url, cx);
	}
	struct req r;
	memset(&r, 0, sizeof r);
	r.arena = &cx->arena;
	r.conn = c;
	r.client_addr = client_addr_of(c, &cx->arena);
	r.method = method;
	r.path = url;
	r.body = cx->body.buf;
	r.body_len = cx->body.len;
	r.store = s->store;
	r.now = wtime_now();
	bool dummy;
	const struct route *rt = router_match(method, url, NULL, &dummy);
	size_t limit = rt && (rt->flags & RT_BIG_BODY) ? (64u << 20) : cx->limit;
	if (cx->too_large || cx->body.len > limit) {
		jw_init(&r.jw, &r.out);
		err_setf(&r.err, ERR_TOO_LARGE, "", "请求体过大（上限 %zu 字节）",
			 "request body too large (limit %zu bytes)", limit);
		resp_error(&r);
	} else {
		api_dispatch(&r);
	}
	if (r.who)
		cx->user = arena_strdup(&cx->arena, r.who->username);
	size_t len;
	char *buf = sb_detach(&r.out, &len);
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(resp, "Content-Type", r.content_type);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	security_headers(resp);
	for (int i = 0; i < r.nresp_hdrs; i++)
		MHD_add_response_header(resp, r.resp_hdr_names[i], r.resp_hdr_values[i]);
	if (r.download_name) {
		char cd[512];
		snprintf(cd, sizeof cd, "attachment; filename*=UTF-8''%s", r.download_name);
		MHD_add_response_header(resp, "Content-Disposition", cd);
	}
	cx->status = r.status;
	cx->bytes = len;
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)r.status, resp);
	MHD_destroy_response(resp);
	return ret;
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
	log_msg(LOG_INFO, "access %s %s status=%d bytes=%zu latency_us=%lld user=%s", cx->method,
		cx->path, cx->status, cx->bytes, (long long)us, cx->user ? cx->user : "-");
	__atomic_sub_fetch(&inflight, 1, __ATOMIC_RELAXED);
	sb_free(&cx->body);
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
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)2048,
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
