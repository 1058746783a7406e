/*
 * router.c — route tables, matching, and the request pipeline every API
 * call goes through:
 *
 *   match route → resolve caller (cookie session or bearer token) →
 *   401 if the route needs a login → 403 if no role of the caller is
 *   admitted → CSRF check for cookie-authenticated writes → transaction
 *   (write lock for writes) → Idempotency-Key replay → handler →
 *   commit on success / roll back on error → render.
 *
 * Handlers therefore only validate, call logic and write JSON.
 */
#include <assert.h>
#include <errno.h>
#include <strings.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/log.h"
#include "core/wtime.h"
#include "http/http.h"
#include "store/list.h"
#include "store/store.h"

#define MAX_TABLES 64
static const struct route *tables[MAX_TABLES];
static int ntables;

void router_add(const struct route *table)
{
	assert(ntables < MAX_TABLES);
	for (int i = 0; i < ntables; i++)
		if (tables[i] == table)
			return;
	tables[ntables++] = table;
}

void router_each(void (*fn)(const struct route *rt, void *ctx), void *ctx)
{
	for (int t = 0; t < ntables; t++)
		for (const struct route *rt = tables[t]; rt->method; rt++)
			fn(rt, ctx);
}

/* Match pattern segments; "{name}" captures one non-empty segment. */
static bool match_pattern(const char *pat, const char *path, struct req *r)
{
	int np = 0;
	const char *names[REQ_MAX_PARAMS], *vals[REQ_MAX_PARAMS];
	while (*pat && *path) {
		if (*pat == '{') {
			const char *end = strchr(pat, '}');
			const char *seg = path;
			while (*path && *path != '/')
				path++;
			if (path == seg || np >= REQ_MAX_PARAMS || !end)
				return false;
			if (r) {
				names[np] = arena_strndup(r->arena, pat + 1, (size_t)(end - pat - 1));
				vals[np] = arena_strndup(r->arena, seg, (size_t)(path - seg));
			}
			np++;
			pat = end + 1;
			continue;
		}
		if (*pat != *path)
			return false;
		pat++;
		path++;
	}
	if (*pat || (*path && strcmp(path, "/") != 0))
		return false;
	if (r) {
		for (int i = 0; i < np; i++) {
			r->param_names[i] = names[i];
			r->param_values[i] = vals[i];
		}
		r->nparams = np;
	}
	return true;
}

/* Where a pattern's first "{param}" segment starts (a later one is more
 * specific: /people/export beats /people/{id}); the length if it has none. */
static size_t first_param(const char *pat)
{
	const char *b = strchr(pat, '{');
	return b ? (size_t)(b - pat) : strlen(pat);
}

/* The most specific route whose pattern matches path, so the order in which
 * areas register their tables does not matter. */
const struct route *router_match(const char *method, const char *path, struct req *r,
				 bool *method_mismatch)
{
	const struct route *best = NULL;
	size_t best_at = 0;
	*method_mismatch = false;
	for (int t = 0; t < ntables; t++)
		for (const struct route *rt = tables[t]; rt->method; rt++) {
			if (!match_pattern(rt->pattern, path, NULL))
				continue;
			if (strcmp(rt->method, method) != 0) {
				*method_mismatch = true;
				continue;
			}
			size_t at = first_param(rt->pattern);
			if (!best || at > best_at) {
				best = rt;
				best_at = at;
			}
		}
	if (best) {
		*method_mismatch = false;
		match_pattern(best->pattern, path, r);
	}
	return best;
}

/* ---------- accessors ---------- */

const char *req_query(struct req *r, const char *name)
{
	if (!r->conn)
		return NULL;
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_header(struct req *r, const char *name)
{
	if (!r->conn)
		return NULL;
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(struct req *r, const char *name)
{
	if (!r->conn)
		return NULL;
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *req_param(struct req *r, const char *name)
{
	for (int i = 0; i < r->nparams; i++)
		if (strcmp(r->param_names[i], name) == 0)
			return r->param_values[i];
	return NULL;
}

static bool parse_i64(const char *s, int64_t *out)
{
	if (!s || !*s)
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*end || errno || (s[0] == '0' && s[1]) || s[0] == '+' || s[0] == ' ')
		return false;
	*out = v;
	return true;
}

/* Path ids are digits only — no sign, space, leading zero or anything the
 * decoder let through — and fit in 18 digits. */
int req_param_id(struct req *r, const char *name, int64_t *out)
{
	const char *s = req_param(r, name);
	size_t n = s ? strlen(s) : 0;
	bool ok = n > 0 && n <= 18 && s[0] != '0';
	for (size_t i = 0; ok && i < n; i++)
		ok = s[i] >= '0' && s[i] <= '9';
	if (!ok || !parse_i64(s, out) || *out <= 0)
		return err_setf(&r->err, ERR_NOT_FOUND, name, "无效的编号：%.64s", "invalid id: %.64s",
				s ? s : "");
	return 0;
}

int req_query_int(struct req *r, const char *name, int64_t def, int64_t min, int64_t max,
		  int64_t *out)
{
	const char *s = req_query(r, name);
	if (!s || !*s) {
		*out = def;
		return 0;
	}
	int64_t v;
	if (!parse_i64(s, &v) || v < min || v > max)
		return err_setf(&r->err, ERR_INVALID, name, "参数 %s 应为 %lld 到 %lld 之间的整数",
				"parameter %s must be an integer from %lld to %lld", name,
				(long long)min, (long long)max);
	*out = v;
	return 0;
}

struct query_only {
	const char *const *names;
	const char *bad;
};

static enum MHD_Result query_only_it(void *cls, enum MHD_ValueKind kind, const char *key,
				     const char *value)
{
	(void)kind;
	(void)value;
	struct query_only *q = cls;
	for (const char *const *n = q->names; *n; n++)
		if (strcmp(*n, key) == 0)
			return MHD_YES;
	q->bad = key;
	return MHD_NO;
}

int req_query_only(struct req *r, const char *const *names)
{
	if (!r->conn)
		return 0;
	struct query_only q = {names, NULL};
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, query_only_it, &q);
	if (q.bad)
		return err_setf(&r->err, ERR_INVALID, q.bad, "不支持的查询参数：%.64s",
				"unknown query parameter: %.64s", q.bad);
	return 0;
}

void resp_header(struct req *r, const char *name, const char *value)
{
	assert(r->nresp_hdrs < REQ_MAX_HEADERS);
	r->resp_hdr_names[r->nresp_hdrs] = name;
	r->resp_hdr_values[r->nresp_hdrs] = arena_strdup(r->arena, value);
	r->nresp_hdrs++;
}

int resp_created(struct req *r, int64_t id)
{
	r->status = 201;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "id", id);
	jw_obj_end(&r->jw);
	return 0;
}

int resp_file(struct req *r, const char *content_type, const char *name, const void *data, size_t len)
{
	sb_reset(&r->out);
	sb_add(&r->out, data, len);
	r->content_type = content_type;
	r->download_name = (char *)name;
	return 0;
}

int req_page(struct req *r, struct page *pg)
{
	int rc;
	if ((rc = req_query_int(r, "page", 1, 1, 1000000, &pg->page)) ||
	    (rc = req_query_int(r, "per_page", 20, 1, 100, &pg->per_page)))
		return rc;
	pg->offset = (pg->page - 1) * pg->per_page;
	return 0;
}

void resp_list_begin(struct req *r)
{
	jw_obj(&r->jw);
	jw_key(&r->jw, "items");
	jw_arr(&r->jw);
}

void resp_list_end(struct req *r, int64_t total, const struct page *pg)
{
	jw_arr_end(&r->jw);
	jw_kint(&r->jw, "total", total);
	if (pg) {
		jw_kint(&r->jw, "page", pg->page);
		jw_kint(&r->jw, "per_page", pg->per_page);
	}
	jw_obj_end(&r->jw);
}

void resp_list_done(struct req *r, struct list_result *res, const struct page *pg)
{
	jw_arr_end(&r->jw);
	jw_kint(&r->jw, "total", res->total);
	jw_kbool(&r->jw, "total_is_estimate", res->total_is_estimate);
	jw_kstr(&r->jw, "next_cursor", res->next_cursor);
	if (pg) {
		jw_kint(&r->jw, "page", pg->page);
		jw_kint(&r->jw, "per_page", pg->per_page);
	}
	jw_obj_end(&r->jw);
	list_result_free(res);
}

void resp_error(struct req *r)
{
	if (!r->err.code)
		err_set(&r->err, ERR_INTERNAL, "", "内部错误", "internal error");
	r->status = err_http_status(r->err.code);
	sb_reset(&r->out);
	jw_init(&r->jw, &r->out);
	r->content_type = "application/json; charset=utf-8";
	jw_obj(&r->jw);
	jw_key(&r->jw, "error");
	jw_obj(&r->jw);
	jw_kstr(&r->jw, "code", err_codename(&r->err));
	jw_kstr(&r->jw, "message", r->err.message);
	jw_kstr(&r->jw, "message_en", r->err.message_en);
	jw_kstr(&r->jw, "field", r->err.field[0] ? r->err.field : NULL);
	if (r->err.retry_after) {
		jw_kint(&r->jw, "retry_after", r->err.retry_after);
		char ra[16];
		snprintf(ra, sizeof ra, "%d", r->err.retry_after);
		resp_header(r, "Retry-After", ra);
	}
	jw_obj_end(&r->jw);
	jw_obj_end(&r->jw);
}

/* ---------- pipeline ---------- */

static bool is_write_method(const char *m)
{
	return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0;
}

static int authenticate(struct req *r)
{
	const char *authz = req_header(r, "Authorization");
	struct principal *p = arena_alloc(r->arena, sizeof *p);
	int rc = 1;
	if (authz && strncasecmp(authz, "Bearer ", 7) == 0) {
		rc = auth_resolve_bearer(r->db, r->arena, authz + 7, r->now, p, &r->err);
		if (rc == 1)
			return err_set(&r->err, ERR_UNAUTH, "", "API 令牌无效或已撤销",
				       "the API token is invalid or revoked");
	} else {
		const char *tok = req_cookie(r, SESSION_COOKIE);
		if (tok && *tok)
			rc = auth_resolve_session(r->db, r->arena, tok, r->now, p, &r->err);
	}
	if (rc < 0)
		return rc;
	if (rc == 0)
		r->who = p;
	return 0;
}

static bool consttime_eq(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	unsigned char d = na != nb;
	for (size_t i = 0; i < na && i < nb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

static int check_access(struct req *r)
{
	const struct route *rt = r->route;
	if (rt->flags & RT_PUBLIC)
		return 0;
	if (!r->who)
		return err_set(&r->err, ERR_UNAUTH, "", "请先登录", "please log in");
	if (!auth_has_role(r->who, rt->roles))
		return err_set(&r->err, ERR_FORBIDDEN, "", "您的角色无权执行此操作",
			       "your role may not do this");
	return 0;
}

static int check_csrf(struct req *r)
{
	if (!is_write_method(r->method) || !r->who || !r->who->via_cookie ||
	    (r->route->flags & RT_NO_CSRF))
		return 0;
	const char *t = req_header(r, "X-CSRF-Token");
	if (!t || !r->who->csrf_token || !consttime_eq(t, r->who->csrf_token)) {
		err_set(&r->err, ERR_FORBIDDEN, "", "请求缺少有效的 CSRF 令牌，请刷新页面后重试",
			"missing or wrong CSRF token; reload the page and retry");
		snprintf(r->err.codename, sizeof r->err.codename, "csrf");
		return ERR_FORBIDDEN;
	}
	return 0;
}

/* Returns 1 when a stored response was replayed. */
static int idem_lookup(struct req *r, const char *key)
{
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT method, path, status, body FROM idempotency_keys"
			       " WHERE user_id=? AND key=?",
			       "is", r->who->user_id, key);
	if (!st)
		return r->err.code;
	int rc = stmt_step(st, &r->err);
	if (rc == 1) {
		if (strcmp(col_text(st, 0), r->method) != 0 || strcmp(col_text(st, 1), r->path) != 0) {
			stmt_done(st);
			return err_set(&r->err, ERR_CONFLICT, "Idempotency-Key",
				       "该幂等键已用于另一请求", "this Idempotency-Key was used for another request");
		}
		r->status = (int)col_int(st, 2);
		sb_reset(&r->out);
		sb_adds(&r->out, col_text(st, 3));
		resp_header(r, "Idempotent-Replay", "true");
	}
	stmt_done(st);
	return rc;
}

static int idem_store(struct req *r, const char *key)
{
	return db_exec(r->db, &r->err,
		       "INSERT INTO idempotency_keys(user_id, key, method, path, status, body, created_at)"
		       " VALUES(?,?,?,?,?,?,?)",
		       "isssisi", r->who->user_id, key, r->method, r->path, (int64_t)r->status,
		       sb_str(&r->out), r->now);
}

int api_preflight(struct req *r)
{
	r->db = store_db(r->store, &r->err);
	if (!r->db)
		return r->err.code;
	int rc = db_begin(r->db, &r->err);
	if (rc)
		return rc;
	if (!(rc = authenticate(r)) && !(rc = check_access(r)))
		rc = check_csrf(r);
	db_rollback(r->db);
	r->db = NULL;
	r->who = NULL;
	return rc;
}

void api_dispatch(struct req *r)
{
	bool mismatch;
	int rc;
	r->content_type = "application/json; charset=utf-8";
	r->status = 200;
	jw_init(&r->jw, &r->out);
	r->route = router_match(r->method, r->path, r, &mismatch);
	if (!r->route) {
		if (mismatch)
			err_set(&r->err, ERR_INVALID, "", "该地址不支持此请求方法",
				"method not allowed for this path");
		else
			err_set(&r->err, ERR_NOT_FOUND, "", "接口不存在", "no such endpoint");
		resp_error(r);
		if (mismatch)
			r->status = 405;
		return;
	}
	/* RT_OWN_WRITE: the handler takes the write lock itself (and only for
	 * as long as it needs it); here it gets a read snapshot. */
	bool write = (is_write_method(r->method) || (r->route->flags & RT_AUDITED)) &&
		     !(r->route->flags & RT_OWN_WRITE);
	/* RT_OWN_TX: the caller is resolved in a read snapshot, and the handler
	 * runs outside any transaction, opening short ones itself. */
	bool own_tx = (r->route->flags & RT_OWN_TX) != 0;
	r->db = store_db(r->store, &r->err);
	if (!r->db) {
		resp_error(r);
		return;
	}
	rc = write && !own_tx ? db_begin_group(&r->db, &r->err) : db_begin(r->db, &r->err);
	if (rc) {
		resp_error(r);
		return;
	}
	rc = authenticate(r);
	if (!r->who && http_limit_anonymous(r))
		rc = ERR_LIMIT;
	if (rc || (rc = check_access(r)) || (rc = check_csrf(r)))
		goto fail;
	r->cx = (struct ctx){r->db, r->who, r->now, r->arena, &r->err, &r->jw};
	if (own_tx) {
		db_rollback(r->db);
		if ((rc = r->route->fn(r)))
			goto fail;
		assert(r->jw.depth == 0 && !db_in_write(r->db));
		return;
	}
	const char *idem = write && is_write_method(r->method) && r->who ? req_header(r, "Idempotency-Key") : NULL;
	if (idem) {
		if (strlen(idem) > 200 || !*idem) {
			rc = err_set(&r->err, ERR_INVALID, "Idempotency-Key", "幂等键长度应为 1 到 200",
				     "Idempotency-Key must be 1 to 200 characters");
			goto fail;
		}
		rc = idem_lookup(r, idem);
		if (rc < 0)
			goto fail;
		if (rc == 1) {
			db_rollback(r->db);
			return;
		}
	}
	rc = r->route->fn(r);
	if (rc)
		goto fail;
	assert(r->jw.depth == 0);
	if (idem && r->status < 300 && (rc = idem_store(r, idem)))
		goto fail;
	if (write) {
		if ((rc = db_commit(r->db, &r->err))) {
			resp_error(r);
			return;
		}
	} else {
		db_rollback(r->db);
	}
	return;
fail:
	db_rollback(r->db);
	resp_error(r);
}
