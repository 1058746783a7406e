/*
 * auth_http.c — login, logout, the caller's own account, user and role
 * administration, API tokens. Handlers validate and call auth.c.
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <microhttpd.h>
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

static int h_login(struct req *r)
{
	json_t *j;
	int rc = jin_parse_object(r->body, r->body_len, &j, &r->err);
	if (rc)
		return rc;
	const char *u, *pw;
	static const char *const keys[] = {"username", "password", NULL};
	if ((rc = jin_only(j, keys, &r->err)) ||
	    (rc = jin_str(j, "username", true, 1, 64, &u, &r->err)) ||
	    (rc = jin_str(j, "password", true, 1, 256, &pw, &r->err)))
		goto done;
	struct login_result lr;
	const union MHD_ConnectionInfo *ci =
		r->conn ? MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS) : NULL;
	char ip[64] = "";
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, ip,
			  sizeof ip);
	if ((rc = auth_login(r->db, u, pw, r->now, ip, &lr, &r->err)))
		goto done;
	struct principal p;
	if ((rc = auth_load_principal(r->db, r->arena, lr.user_id, &p, &r->err)))
		goto done;
	char cookie[256];
	snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld",
		 SESSION_COOKIE, lr.token, (long long)(SESSION_TTL_US / 1000000));
	resp_header(r, "Set-Cookie", cookie);
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
	struct stmt *st = db_q(r->db, &r->err, "SELECT password_hash FROM users WHERE id=?", "i",
			       r->who->user_id);
	if (!st) {
		rc = r->err.code;
		goto done;
	}
	bool ok = stmt_step(st, &r->err) == 1 && auth_password_verify(col_text(st, 0), oldp);
	stmt_done(st);
	if (!ok) {
		rc = err_set(&r->err, ERR_RULE, "old_password", "原密码不正确", "the old password is wrong");
		goto done;
	}
	if ((rc = auth_password_policy(newp, "new_password", &r->err)) ||
	    (rc = auth_user_set_password(r->db, r->who, r->who->user_id, newp, r->now, &r->err)))
		goto done;
	jw_obj(&r->jw);
	jw_obj_end(&r->jw);
done:
	json_decref(j);
	return rc;
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

static int h_users_list(struct req *r)
{
	struct page pg;
	int rc;
	int64_t region_filter;
	if ((rc = req_page(r, &pg)) ||
	    (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region_filter)))
		return rc;
	const char *q = req_query(r, "q");
	const char *role = req_query(r, "role");
	if (role && *role && role_from_id(role) < 0)
		return err_setf(&r->err, ERR_INVALID, "role", "未知角色：%s", "unknown role: %s", role);
	/* Scope: users with at least one grant inside the caller's admin scope
	 * (district admins see everyone). */
	const struct grant *g = auth_primary_grant(r->who, ROLES_STAFF);
	const char *scope = auth_has_role(r->who, R(ROLE_DISTRICT_ADMIN)) ? "/" : g->region_path;
	if (region_filter) {
		if ((rc = auth_scope_region(r->db, r->who, ROLES_STAFF, region_filter, &r->err)))
			return rc;
	}
	char *like = q && *q ? arena_printf(r->arena, "%%%s%%", q) : NULL;
	static const char *where =
		" FROM users u WHERE EXISTS (SELECT 1 FROM user_grants g JOIN regions rg ON rg.id=g.region_id"
		"  WHERE g.user_id=u.id AND substr(rg.path,1,length(?))=?"
		"  AND (? IS NULL OR g.role=?) AND (?=0 OR g.region_id=?))"
		" AND (? IS NULL OR u.username LIKE ? OR u.display_name LIKE ?)";
	char *count_sql = arena_printf(r->arena, "SELECT count(*)%s", where);
	char *page_sql = arena_printf(r->arena, "SELECT u.id%s ORDER BY u.id LIMIT ? OFFSET ?", where);
	const char *rf = role && *role ? role : NULL;
	int64_t total = 0;
	if ((rc = db_int(r->db, &r->err, &total, count_sql, "ssssiisss", scope, scope, rf, rf,
			 region_filter, region_filter, like, like, like)) < 0)
		return rc;
	struct stmt *st = db_q(r->db, &r->err, page_sql, "ssssiisssii", scope, scope, rf, rf,
			       region_filter, region_filter, like, like, like, pg.per_page, pg.offset);
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
	{"POST", "/api/v1/auth/login", h_login, 0, RT_PUBLIC | RT_NO_CSRF, "log in (sets the session cookie)"},
	{"POST", "/api/v1/auth/logout", h_logout, ROLES_ANY, 0, "log out"},
	{"GET", "/api/v1/me", h_me, ROLES_ANY, 0, "the caller, roles and CSRF token"},
	{"POST", "/api/v1/me/password", h_me_password, ROLES_ANY, 0, "change own password"},
	{"GET", "/api/v1/roles", h_roles, ROLES_ANY, 0, "role catalogue"},
	{"GET", "/api/v1/users", h_users_list, ROLES_STAFF, 0, "users in the caller's scope"},
	{"POST", "/api/v1/users", h_user_create, ROLES_STAFF, 0, "create a user with grants"},
	{"GET", "/api/v1/users/{id}", h_user_get, ROLES_STAFF, 0, "one user"},
	{"PATCH", "/api/v1/users/{id}", h_user_update, ROLES_STAFF, 0, "edit name, disabled, grants"},
	{"POST", "/api/v1/users/{id}/password", h_user_password, ROLES_STAFF, 0, "reset a user's password"},
	{"GET", "/api/v1/tokens", h_tokens_list, ROLES_ANY, 0, "own API tokens"},
	{"POST", "/api/v1/tokens", h_token_create, ROLES_ANY, 0, "create an API token (shown once)"},
	{"DELETE", "/api/v1/tokens/{id}", h_token_revoke, ROLES_ANY, 0, "revoke an API token"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
