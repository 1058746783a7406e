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
#include "store/store.h"

static void write_me(struct req *r, const struct principal *p, const char *csrf)
{
	struct jw *w = &r->jw;
	jw_obj(w);
	jw_kint(w, "id", p->user_id);
	jw_kstr(w, "username", p->username);
	jw_kstr(w, "display_name", p->display_name);
	jw_key(w, "roles");
	jw_arr(w);
	for (int i = 0; i < p->ngrants; i++) {
		const struct grant *g = &p->grants[i];
		jw_obj(w);
		jw_kstr(w, "role", role_infos[g->role].id);
		jw_kstr(w, "role_name", role_infos[g->role].name);
		jw_kstr(w, "role_name_en", role_infos[g->role].name_en);
		jw_kint(w, "region_id", g->region_id);
		jw_kstr(w, "region_name", g->region_name);
		jw_kstr(w, "region_level", g->region_level);
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

/* RT_OWN_TX: auth_login opens its own short transactions, so the write
 * lock is never held while the password is hashed. */
static int h_login(struct req *r)
{
	json_t *j;
	int rc = jin_parse_object(r->body, r->body_len, &j, &r->err);
	if (rc)
		return rc;
	struct login_attempt in = {.addr = r->client_addr,
				   .user_agent = req_header(r, "User-Agent"),
				   .now = r->now};
	static const char *const keys[] = {"username", "password", "unlock_code", NULL};
	if ((rc = jin_only(j, keys, &r->err)) ||
	    (rc = jin_str(j, "username", true, 1, 64, &in.username, &r->err)) ||
	    (rc = jin_str(j, "password", true, 1, 256, &in.password, &r->err)) ||
	    (rc = jin_str(j, "unlock_code", false, 1, 64, &in.unlock_code, &r->err)) < 0)
		goto done;
	struct login_result lr;
	if ((rc = auth_login(r->db, &in, &lr, &r->err)))
		goto done;
	struct principal p;
	if ((rc = db_begin(r->db, &r->err)))
		goto done;
	rc = auth_load_principal(r->db, r->arena, lr.user_id, &p, &r->err);
	db_rollback(r->db);
	if (rc)
		goto done;
	set_session_cookie(r, lr.token);
	jw_obj(&r->jw);
	jw_key(&r->jw, "user");
	write_me(r, &p, lr.csrf);
	jw_kstr(&r->jw, "csrf_token", lr.csrf);
	jw_obj_end(&r->jw);
done:
	json_decref(j);
	return rc;
}

static int h_logout(struct req *r)
{
	int rc = 0;
	if (r->who->session_id && (rc = auth_logout(r->db, r->who->session_id, &r->err)))
		return rc;
	char cookie[128];
	snprintf(cookie, sizeof cookie, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
		 SESSION_COOKIE);
	resp_header(r, "Set-Cookie", cookie);
	jw_obj(&r->jw);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_me(struct req *r)
{
	write_me(r, r->who, r->who->csrf_token);
	return 0;
}

/* RT_OWN_TX like login: two password hashes must not hold the write lock.
 * Every session and token of the account ends; a cookie caller gets a new
 * session (cookie and csrf_token in the answer), a token caller logs in
 * again. */
static int h_me_password(struct req *r)
{
	json_t *j;
	int rc = jin_parse_object(r->body, r->body_len, &j, &r->err);
	if (rc)
		return rc;
	const char *oldp, *newp;
	static const char *const keys[] = {"old_password", "new_password", NULL};
	if ((rc = jin_only(j, keys, &r->err)) ||
	    (rc = jin_str(j, "old_password", true, 1, 256, &oldp, &r->err)) ||
	    (rc = jin_str(j, "new_password", true, 1, 256, &newp, &r->err)))
		goto done;
	struct login_result ns;
	bool cookie = r->who->via_cookie;
	if ((rc = auth_password_change(r->db, r->who, oldp, newp, r->client_addr,
				       req_header(r, "User-Agent"), r->now, cookie ? &ns : NULL,
				       &r->err)))
		goto done;
	jw_obj(&r->jw);
	if (cookie) {
		set_session_cookie(r, ns.token);
		jw_kstr(&r->jw, "csrf_token", ns.csrf);
	}
	jw_obj_end(&r->jw);
done:
	json_decref(j);
	return rc;
}

static int h_sessions_list(struct req *r)
{
	int64_t n = 0;
	resp_list_begin(r);
	int rc = auth_sessions_json(r->db, &r->jw, r->who, r->now, &n, &r->err);
	if (rc)
		return rc;
	resp_list_end(r, n, NULL);
	return 0;
}

static int h_session_revoke(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = auth_session_revoke(r->db, r->who, id, r->now, &r->err)))
		return rc;
	jw_obj(&r->jw);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_sessions_revoke_all(struct req *r)
{
	int64_t ns = 0, nt = 0;
	int rc = auth_sessions_revoke_all(r->db, r->who, r->now, &ns, &nt, &r->err);
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

static int parse_grants(json_t *j, struct user_in *in, struct err *e)
{
	json_t *arr = json_object_get(j, "roles");
	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr))
		return err_set(e, ERR_INVALID, "roles", "roles 应为数组", "roles must be an array");
	if (json_array_size(arr) > AUTH_MAX_GRANTS)
		return err_setf(e, ERR_INVALID, "roles", "最多 %d 个角色", "at most %d roles",
				AUTH_MAX_GRANTS);
	in->has_grants = true;
	size_t i;
	json_t *g;
	json_array_foreach(arr, i, g) {
		if (!json_is_object(g))
			return err_set(e, ERR_INVALID, "roles", "角色项应为对象",
				       "each role must be an object");
		const char *role;
		int64_t region;
		int rc;
		if ((rc = jin_str(g, "role", true, 1, 32, &role, e)) ||
		    (rc = jin_int(g, "region_id", true, 1, INT64_MAX, &region, e))) {
			snprintf(e->field, sizeof e->field, "roles");
			return rc;
		}
		int ro = role_from_id(role);
		if (ro < 0)
			return err_setf(e, ERR_INVALID, "roles", "未知角色：%s", "unknown role: %s", role);
		in->grants[in->ngrants].role = ro;
		in->grants[in->ngrants].region_id = region;
		in->ngrants++;
	}
	return 0;
}

/* ?sort= values and their ORDER BY (a whitelist: nothing from the query
 * string reaches the SQL text). */
static const struct {
	const char *name, *order;
} user_sorts[] = {
	{"id", "u.id"},
	{"-id", "u.id DESC"},
	{"username", "u.username, u.id"},
	{"-username", "u.username DESC, u.id"},
	{"display_name", "u.display_name, u.id"},
	{"-display_name", "u.display_name DESC, u.id"},
	{"created_at", "u.created_at, u.id"},
	{"-created_at", "u.created_at DESC, u.id"},
	{"last_login_at", "coalesce(u.last_login_at,0), u.id"},
	{"-last_login_at", "coalesce(u.last_login_at,0) DESC, u.id"},
};

static int h_users_list(struct req *r)
{
	struct page pg;
	int rc;
	int64_t region_filter;
	const char *region_s = req_query(r, "region_id");
	if (region_s && !*region_s)
		return err_set(&r->err, ERR_INVALID, "region_id", "参数 region_id 不能为空",
			       "parameter region_id must not be empty");
	if ((rc = req_page(r, &pg)) ||
	    (rc = req_query_int(r, "region_id", 0, 1, INT64_MAX, &region_filter)))
		return rc;
	const char *q = req_query(r, "q");
	const char *role = req_query(r, "role");
	if (role && *role && role_from_id(role) < 0)
		return err_setf(&r->err, ERR_INVALID, "role", "未知角色：%s", "unknown role: %s", role);
	const char *status = req_query(r, "status");
	int disabled = -1;
	if (status && strcmp(status, "active") == 0)
		disabled = 0;
	else if (status && strcmp(status, "disabled") == 0)
		disabled = 1;
	else if (status)
		return err_set(&r->err, ERR_INVALID, "status", "参数 status 应为 active 或 disabled",
			       "parameter status must be active or disabled");
	const char *sort = req_query(r, "sort");
	const char *order = "u.id";
	if (sort) {
		order = NULL;
		for (size_t i = 0; i < sizeof user_sorts / sizeof user_sorts[0]; i++)
			if (strcmp(sort, user_sorts[i].name) == 0)
				order = user_sorts[i].order;
		if (!order)
			return err_set(&r->err, ERR_INVALID, "sort",
				       "参数 sort 应为 id、username、display_name、created_at 或 last_login_at（可加前缀 -）",
				       "parameter sort must be id, username, display_name, created_at or "
				       "last_login_at (optionally prefixed with -)");
	}
	/* Scope: users with at least one grant inside the caller's admin scope
	 * (district admins see everyone). */
	const struct grant *g = auth_primary_grant(r->who, ROLES_STAFF);
	const char *scope = auth_has_role(r->who, R(ROLE_DISTRICT_ADMIN)) ? "/" : g->region_path;
	if (region_filter) {
		rc = auth_scope_region(r->db, r->who, ROLES_STAFF, region_filter, &r->err);
		if (rc == ERR_NOT_FOUND)
			return err_set(&r->err, ERR_INVALID, "region_id", "区域不存在", "no such region");
		if (rc)
			return rc;
	}
	char *like = q && *q ? arena_printf(r->arena, "%%%s%%", q) : NULL;
	static const char *where =
		" FROM users u WHERE EXISTS (SELECT 1 FROM user_grants g JOIN regions rg ON rg.id=g.region_id"
		"  WHERE g.user_id=u.id AND substr(rg.path,1,length(?))=?"
		"  AND (? IS NULL OR g.role=?) AND (?=0 OR g.region_id=?))"
		" AND (? IS NULL OR u.username LIKE ? OR u.display_name LIKE ?)"
		" AND (?<0 OR u.disabled=?)";
	char *count_sql = arena_printf(r->arena, "SELECT count(*)%s", where);
	char *page_sql =
		arena_printf(r->arena, "SELECT u.id%s ORDER BY %s LIMIT ? OFFSET ?", where, order);
	const char *rf = role && *role ? role : NULL;
	int64_t total = 0;
	if ((rc = db_int(r->db, &r->err, &total, count_sql, "ssssiisssii", scope, scope, rf, rf,
			 region_filter, region_filter, like, like, like, (int64_t)disabled,
			 (int64_t)disabled)) < 0)
		return rc;
	struct stmt *st = db_q(r->db, &r->err, page_sql, "ssssiisssiiii", scope, scope, rf, rf,
			       region_filter, region_filter, like, like, like, (int64_t)disabled,
			       (int64_t)disabled, pg.per_page, pg.offset);
	if (!st)
		return r->err.code;
	int64_t ids[100];
	int n = 0;
	while ((rc = stmt_step(st, &r->err)) == 1 && n < 100)
		ids[n++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	resp_list_begin(r);
	for (int i = 0; i < n; i++)
		if ((rc = auth_user_json(r->db, &r->jw, ids[i], &r->err)))
			return rc;
	resp_list_end(r, total, &pg);
	return 0;
}

static int h_user_get(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = auth_user_check_visible(r->db, r->who, id, &r->err)))
		return rc;
	return auth_user_json(r->db, &r->jw, id, &r->err);
}

static int h_user_create(struct req *r)
{
	json_t *j;
	int rc = jin_parse_object(r->body, r->body_len, &j, &r->err);
	if (rc)
		return rc;
	struct user_in in = {0};
	static const char *const keys[] = {"username", "display_name", "password", "roles",
					   "disabled", NULL};
	if ((rc = jin_only(j, keys, &r->err)) ||
	    (rc = jin_str(j, "username", true, 3, 32, &in.username, &r->err)) ||
	    (rc = jin_str(j, "display_name", true, 1, 64, &in.display_name, &r->err)) ||
	    (rc = jin_str(j, "password", true, 1, 256, &in.password, &r->err)) ||
	    (rc = parse_grants(j, &in, &r->err)))
		goto done;
	rc = jin_bool(j, "disabled", false, &in.disabled, &r->err);
	if (rc < 0)
		goto done;
	int64_t id;
	if ((rc = auth_user_create(r->db, r->who, &in, r->now, &id, &r->err)))
		goto done;
	r->status = 201;
	rc = auth_user_json(r->db, &r->jw, id, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_user_update(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	json_t *j;
	if ((rc = jin_parse_object(r->body, r->body_len, &j, &r->err)))
		return rc;
	struct user_in in = {0};
	static const char *const keys[] = {"display_name", "disabled", "roles", NULL};
	if ((rc = jin_only(j, keys, &r->err)) ||
	    (rc = jin_str(j, "display_name", false, 1, 64, &in.display_name, &r->err)) < 0 ||
	    (rc = parse_grants(j, &in, &r->err)))
		goto done;
	rc = jin_bool(j, "disabled", false, &in.disabled, &r->err);
	if (rc < 0)
		goto done;
	in.has_disabled = rc == 0;
	if ((rc = auth_user_update(r->db, r->who, id, &in, r->now, &r->err)))
		goto done;
	rc = auth_user_json(r->db, &r->jw, id, &r->err);
done:
	json_decref(j);
	return rc < 0 ? rc : 0;
}

static int h_user_password(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	json_t *j;
	if ((rc = jin_parse_object(r->body, r->body_len, &j, &r->err)))
		return rc;
	const char *pw;
	static const char *const keys[] = {"password", NULL};
	if ((rc = jin_only(j, keys, &r->err)) ||
	    (rc = jin_str(j, "password", true, 1, 256, &pw, &r->err)) ||
	    (rc = auth_user_set_password(r->db, r->who, id, pw, r->now, &r->err)))
		goto done;
	jw_obj(&r->jw);
	jw_obj_end(&r->jw);
done:
	json_decref(j);
	return rc;
}

static int h_user_unlock_code(struct req *r)
{
	int64_t id, expires = 0;
	char code[32];
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = auth_unlock_code_create(r->db, r->who, id, r->now, code, &expires, &r->err)))
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
	resp_list_begin(r);
	int rc, n = 0;
	while ((rc = stmt_step(st, &r->err)) == 1) {
		n++;
		jw_obj(&r->jw);
		jw_kint(&r->jw, "id", col_int(st, 0));
		jw_kstr(&r->jw, "name", col_text(st, 1));
		jw_ktime(&r->jw, "created_at", col_int(st, 2));
		jw_ktime(&r->jw, "revoked_at", col_null(st, 3) ? 0 : col_int(st, 3));
		jw_obj_end(&r->jw);
	}
	stmt_done(st);
	resp_list_end(r, n, NULL);
	return rc < 0 ? rc : 0;
}

static int h_token_create(struct req *r)
{
	json_t *j;
	int rc = jin_parse_object(r->body, r->body_len, &j, &r->err);
	if (rc)
		return rc;
	const char *name;
	static const char *const keys[] = {"name", NULL};
	int64_t id;
	char tok[80];
	if ((rc = jin_only(j, keys, &r->err)) ||
	    (rc = jin_str(j, "name", true, 1, 64, &name, &r->err)) ||
	    (rc = auth_token_create(r->db, r->who, name, r->now, &id, tok, &r->err)))
		goto done;
	r->status = 201;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "id", id);
	jw_kstr(&r->jw, "name", name);
	jw_kstr(&r->jw, "token", tok);
	jw_obj_end(&r->jw);
done:
	json_decref(j);
	return rc;
}

static int h_token_revoke(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = auth_token_revoke(r->db, r->who, id, r->now, &r->err)))
		return rc;
	jw_obj(&r->jw);
	jw_obj_end(&r->jw);
	return 0;
}

const struct route auth_routes[] = {
	{"POST", "/api/v1/auth/login", h_login, 0, RT_PUBLIC | RT_NO_CSRF | RT_OWN_TX, "log in (sets the session cookie)"},
	{"POST", "/api/v1/auth/logout", h_logout, ROLES_ANY, 0, "log out"},
	{"GET", "/api/v1/me", h_me, ROLES_ANY, 0, "the caller, roles and CSRF token"},
	{"POST", "/api/v1/me/password", h_me_password, ROLES_ANY, RT_OWN_TX, "change own password (old one needed; ends every session and token)"},
	{"GET", "/api/v1/me/sessions", h_sessions_list, ROLES_ANY, 0, "own open sessions"},
	{"POST", "/api/v1/me/sessions/revoke-all", h_sessions_revoke_all, ROLES_ANY, 0, "log out everywhere else (other sessions and every API token)"},
	{"DELETE", "/api/v1/me/sessions/{id}", h_session_revoke, ROLES_ANY, 0, "end one of own sessions"},
	{"GET", "/api/v1/roles", h_roles, ROLES_ANY, 0, "role catalogue"},
	{"GET", "/api/v1/users", h_users_list, ROLES_STAFF, 0, "users in the caller's scope"},
	{"POST", "/api/v1/users", h_user_create, ROLES_STAFF, 0, "create a user with grants"},
	{"GET", "/api/v1/users/{id}", h_user_get, ROLES_STAFF, 0, "one user"},
	{"PATCH", "/api/v1/users/{id}", h_user_update, ROLES_STAFF, 0, "edit name, disabled, grants"},
	{"POST", "/api/v1/users/{id}/password", h_user_password, ROLES_STAFF, 0, "reset another user's password (ends its sessions and tokens)"},
	{"POST", "/api/v1/users/{id}/unlock-code", h_user_unlock_code, ROLES_STAFF, 0, "one-time login unlock code for another user (shown once)"},
	{"GET", "/api/v1/tokens", h_tokens_list, ROLES_ANY, 0, "own API tokens"},
	{"POST", "/api/v1/tokens", h_token_create, ROLES_ANY, 0, "create an API token (shown once)"},
	{"DELETE", "/api/v1/tokens/{id}", h_token_revoke, ROLES_ANY, 0, "revoke an API token"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
