/*
 * auth_http.c — login, logout, the caller's own account, user and role
 * administration, API tokens. Handlers validate and call auth.c.
 */
#include <jansson.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/auth_http.h"
#include "core/jsonin.h"
#include "http/http.h"
#include "http/res_routes.h"
#include "http/resource.h"
#include "store/jcols.h"
#include "store/list.h"
#include "store/store.h"

static void write_me(struct req *r, const struct principal *p, const char *csrf)
{
	struct jw *w = &r->jw;
	jw_obj(w);
	jw_kint(w, "id", p->user_id);
	jw_kstrs(w, "username", p->username, "display_name", p->display_name, JW_END);
	jw_key(w, "roles");
	jw_arr(w);
	for (int i = 0; i < p->ngrants; i++) {
		const struct grant *g = &p->grants[i];
		jw_obj(w);
		const struct role_info *ri = &role_infos[g->role];
		jw_kstrs(w, "role", ri->id, "role_name", ri->name, "role_name_en", ri->name_en, JW_END);
		jw_kint(w, "region_id", g->region_id);
		jw_kstrs(w, "region_name", g->region_name, "region_level", g->region_level, JW_END);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_kstr(w, "csrf_token", csrf);
	jw_obj_end(w);
}

static void set_session_cookie(struct req *r, const char *token)
{
	char *cookie = arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld",
				    SESSION_COOKIE, token, (long long)(SESSION_TTL_US / 1000000));
	resp_header(r, "Set-Cookie", cookie);
}

struct login_in {
	const char *username, *password, *unlock_code;
};
static const struct field login_fields[] = {
	FLD_STR(struct login_in, username, FLD_REQ, 1, 64),
	FLD_STR(struct login_in, password, FLD_REQ, 1, 256),
	FLD_STR(struct login_in, unlock_code, 0, 1, 64),
	FLD_END,
};

/* RT_OWN_TX: auth_login opens its own short transactions, so the write
 * lock is never held while the password is hashed. */
static int h_login(struct req *r)
{
	struct login_in b = {0};
	int rc = req_body(r, &b);
	if (rc)
		return rc;
	struct login_attempt in = {.addr = r->client_addr, .user_agent = req_header(r, "User-Agent"),
				   .now = r->now, .username = b.username, .password = b.password,
				   .unlock_code = b.unlock_code};
	struct login_result lr;
	struct principal p;
	if ((rc = auth_login(r->db, &in, &lr, &r->err)) || (rc = db_begin(r->db, &r->err)))
		return rc;
	rc = auth_load_principal(r->db, r->arena, lr.user_id, &p, &r->err);
	db_rollback(r->db);
	if (rc)
		return rc;
	set_session_cookie(r, lr.token);
	jw_obj(&r->jw);
	jw_key(&r->jw, "user");
	write_me(r, &p, lr.csrf);
	jw_kstr(&r->jw, "csrf_token", lr.csrf);
	jw_obj_end(&r->jw);
	return 0;
}

static int empty_object(struct req *r)
{
	jw_obj(&r->jw);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_logout(struct req *r)
{
	int rc = 0;
	if (r->who->session_id && (rc = auth_logout(r->db, r->who->session_id, &r->err)))
		return rc;
	resp_header(r, "Set-Cookie", SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	return empty_object(r);
}

static int h_me(struct req *r)
{
	write_me(r, r->who, r->who->csrf_token);
	return 0;
}

struct password_change_in {
	const char *old_password, *new_password;
};
static const struct field password_change_fields[] = {
	FLD_STR(struct password_change_in, old_password, FLD_REQ, 1, 256),
	FLD_STR(struct password_change_in, new_password, FLD_REQ, 1, 256),
	FLD_END,
};

/* RT_OWN_TX like login: two password hashes must not hold the write lock.
 * Every session and token of the account ends; a cookie caller gets a new
 * session (cookie and csrf_token in the answer), a token caller logs in
 * again. */
static int h_me_password(struct req *r)
{
	struct password_change_in in = {0};
	struct login_result ns;
	bool cookie = r->who->via_cookie;
	int rc;
	if ((rc = req_body(r, &in)) ||
	    (rc = auth_password_change(r->db, r->who, in.old_password, in.new_password, r->client_addr,
				       req_header(r, "User-Agent"), r->now, cookie ? &ns : NULL,
				       &r->err)))
		return rc;
	jw_obj(&r->jw);
	if (cookie) {
		set_session_cookie(r, ns.token);
		jw_kstr(&r->jw, "csrf_token", ns.csrf);
	}
	jw_obj_end(&r->jw);
	return 0;
}

static int h_sessions_list(struct req *r)
{
	int64_t n = 0;
	resp_list_begin(r);
	int rc = auth_sessions_json(&r->cx, &n);
	if (rc)
		return rc;
	resp_list_end(r, n, NULL);
	return 0;
}

static int h_session_revoke(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = auth_session_revoke(&r->cx, id)))
		return rc;
	return empty_object(r);
}

static int h_sessions_revoke_all(struct req *r)
{
	int64_t ns = 0, nt = 0;
	int rc = auth_sessions_revoke_all(&r->cx, &ns, &nt);
	if (rc)
		return rc;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "revoked_sessions", ns);
	jw_kint(&r->jw, "revoked_tokens", nt);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_roles(struct req *r)
{
	resp_list_begin(r);
	for (int i = 0; i < ROLE__COUNT; i++) {
		jw_obj(&r->jw);
		jw_kstr(&r->jw, "role", role_infos[i].id);
		jw_kstr(&r->jw, "name", role_infos[i].name);
		jw_kstr(&r->jw, "name_en", role_infos[i].name_en);
		jw_kint(&r->jw, "rank", role_infos[i].rank);
		jw_obj_end(&r->jw);
	}
	resp_list_end(r, ROLE__COUNT, NULL);
	return 0;
}

/* ---------- users ---------- */

/* "roles": [{"role": "community_staff", "region_id": 12}, …] into the
 * struct user_in that holds dst (its grants member). */
static int read_grants(json_t *arr, const char *key, void *dst, struct arena *a, struct err *e)
{
	struct user_in *in = (struct user_in *)((char *)dst - offsetof(struct user_in, grants));
	(void)a;
	if (!json_is_array(arr))
		return err_set(e, ERR_INVALID, key, "roles 应为数组", "roles must be an array");
	if (json_array_size(arr) > AUTH_MAX_GRANTS)
		return err_setf(e, ERR_INVALID, key, "最多 %d 个角色", "at most %d roles",
				AUTH_MAX_GRANTS);
	in->has_grants = true;
	size_t i;
	json_t *g;
	json_array_foreach(arr, i, g) {
		if (!json_is_object(g))
			return err_set(e, ERR_INVALID, key, "角色项应为对象", "each role must be an object");
		const char *role;
		int64_t region;
		int rc;
		if ((rc = jin_str(g, "role", true, 1, 32, &role, e)) ||
		    (rc = jin_int(g, "region_id", true, 1, INT64_MAX, &region, e))) {
			snprintf(e->field, sizeof e->field, "%s", key);
			return rc;
		}
		int ro = role_from_id(role);
		if (ro < 0)
			return err_setf(e, ERR_INVALID, key, "未知角色：%s", "unknown role: %s", role);
		in->grants[in->ngrants].role = ro;
		in->grants[in->ngrants].region_id = region;
		in->ngrants++;
	}
	return 0;
}

static const struct field user_fields[] = {
	FLD_STR(struct user_in, username, FLD_REQ_CREATE | FLD_CREATE_ONLY, 3, 32),
	FLD_STR(struct user_in, display_name, FLD_REQ_CREATE, 1, 64),
	FLD_STR(struct user_in, password, FLD_REQ_CREATE | FLD_CREATE_ONLY, 1, 256),
	{"roles", FT_CUSTOM, 0, offsetof(struct user_in, grants), -1, 0, 0, NULL, read_grants},
	{"disabled", FT_BOOL, 0, offsetof(struct user_in, disabled),
	 (ptrdiff_t)offsetof(struct user_in, has_disabled), 0, 0, NULL, NULL},
	FLD_END,
};

static const struct resource user_res = {
	.in_size = sizeof(struct user_in),
	.create = auth_user_add,
	.update = auth_user_change,
	.write = auth_user_write,
};

static int h_users_list(struct req *r)
{
	static const char *const params[] = {"page", "per_page", "sort", "cursor", "region_id",
					     "q", "role", "status", NULL};
	struct user_filter f = {0};
	struct list_req lr;
	struct list_q *q;
	int rc;
	const char *region_s = req_query(r, "region_id");
	if (region_s && !*region_s)
		return err_set(&r->err, ERR_INVALID, "region_id", "参数 region_id 不能为空",
			       "parameter region_id must not be empty");
	if ((rc = req_query_only(r, params)) || (rc = req_list(r, &lr)) ||
	    (rc = req_query_int(r, "region_id", 0, 1, INT64_MAX, &f.region_id)))
		return rc;
	f.q = req_query_nonempty(r, "q");
	f.role = req_query_nonempty(r, "role");
	f.status = req_query(r, "status");
	if ((rc = auth_users_query(&r->cx, &f, &q)))
		return rc;
	return resp_list_run(r, q, &lr, auth_user_row, &r->cx);
}

struct user_password_in {
	const char *password;
};
static const struct field user_password_fields[] = {
	FLD_STR(struct user_password_in, password, FLD_REQ, 1, 256),
	FLD_END,
};

static int h_user_password(struct req *r)
{
	struct user_password_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = auth_user_set_password(&r->cx, id, in.password)))
		return rc;
	return empty_object(r);
}

static int h_user_unlock_code(struct req *r)
{
	int64_t id, expires = 0;
	char code[32];
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = auth_unlock_code_create(&r->cx, id, code, &expires)))
		return rc;
	r->status = 201;
	jw_obj(&r->jw);
	jw_kstr(&r->jw, "unlock_code", code);
	jw_ktime(&r->jw, "expires_at", expires);
	jw_obj_end(&r->jw);
	return 0;
}

/* ---------- API tokens ---------- */

static int h_tokens_list(struct req *r)
{
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT id, name, created_at, revoked_at FROM api_tokens WHERE user_id=?"
			       " ORDER BY id DESC LIMIT 100",
			       "i", r->who->user_id);
	if (!st)
		return r->err.code;
	static const struct jcol cols[] = {
		{"id", 0, JC_INT}, {"name", 1, JC_TEXT}, {"created_at", 2, JC_TIME},
		{"revoked_at", 3, JC_TIME},
	};
	resp_list_begin(r);
	int n = jw_rows(&r->jw, st, JCOLS(cols), &r->err);
	resp_list_end(r, n < 0 ? 0 : n, NULL);
	return n < 0 ? n : 0;
}

struct token_in {
	const char *name;
};
static const struct field token_fields[] = {
	FLD_STR(struct token_in, name, FLD_REQ, 1, 64),
	FLD_END,
};

static int h_token_create(struct req *r)
{
	struct token_in in = {0};
	int64_t id;
	char tok[80];
	int rc;
	if ((rc = req_body(r, &in)) || (rc = auth_token_create(&r->cx, in.name, &id, tok)))
		return rc;
	r->status = 201;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "id", id);
	jw_kstr(&r->jw, "name", in.name);
	jw_kstr(&r->jw, "token", tok);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_token_revoke(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = auth_token_revoke(&r->cx, id)))
		return rc;
	return empty_object(r);
}

const struct route auth_routes[] = {
	{"POST", "/api/v1/auth/login", h_login, 0, RT_PUBLIC | RT_NO_CSRF | RT_OWN_TX, "log in (sets the session cookie)",
	 login_fields, FIELDS_CREATE},
	{"POST", "/api/v1/auth/logout", h_logout, ROLES_ANY, 0, "log out"},
	{"GET", "/api/v1/me", h_me, ROLES_ANY, 0, "the caller, roles and CSRF token"},
	{"POST", "/api/v1/me/password", h_me_password, ROLES_ANY, RT_OWN_TX, "change own password (old one needed; ends every session and token)",
	 password_change_fields, FIELDS_CREATE},
	{"GET", "/api/v1/me/sessions", h_sessions_list, ROLES_ANY, 0, "own open sessions"},
	{"POST", "/api/v1/me/sessions/revoke-all", h_sessions_revoke_all, ROLES_ANY, 0, "log out everywhere else (other sessions and every API token)"},
	{"DELETE", "/api/v1/me/sessions/{id}", h_session_revoke, ROLES_ANY, 0, "end one of own sessions"},
	{"GET", "/api/v1/roles", h_roles, ROLES_ANY, 0, "role catalogue"},
	{"GET", "/api/v1/users", h_users_list, ROLES_STAFF, 0, "users in the caller's scope"},
	RES_ROUTES_CREATE_GET("/api/v1/users", &user_res, user_fields, ROLES_STAFF, "create a user with grants",
			      ROLES_STAFF, "one user"),
	RES_ROUTE_UPDATE("/api/v1/users", &user_res, user_fields, ROLES_STAFF, "edit name, disabled, grants"),
	{"POST", "/api/v1/users/{id}/password", h_user_password, ROLES_STAFF, 0, "reset another user's password (ends its sessions and tokens)",
	 user_password_fields, FIELDS_CREATE},
	{"POST", "/api/v1/users/{id}/unlock-code", h_user_unlock_code, ROLES_STAFF, 0, "one-time login unlock code for another user (shown once)"},
	{"GET", "/api/v1/tokens", h_tokens_list, ROLES_ANY, 0, "own API tokens"},
	{"POST", "/api/v1/tokens", h_token_create, ROLES_ANY, 0, "create an API token (shown once)",
	 token_fields, FIELDS_CREATE},
	{"DELETE", "/api/v1/tokens/{id}", h_token_revoke, ROLES_ANY, 0, "revoke an API token"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
