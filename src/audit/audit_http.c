/*
 * audit_http.c — the audit log viewer. District admins see every entry;
 * town admins and community staff see entries of records in their region
 * subtree. Verification of the whole chain is for district admins.
 */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/audit_http.h"
#include "auth/auth.h"
#include "core/wtime.h"
#include "http/http.h"
#include "store/store.h"

static int h_audit_list(struct req *r)
{
	struct page pg;
	int rc;
	int64_t entity_id, user_id;
	static const char *const params[] = {"page", "per_page", "entity", "entity_id", "user_id",
					     "action", "from", "to", "sort", NULL};
	const char *sort = req_query(r, "sort");
	if (sort && *sort && strcmp(sort, "-id") != 0 && strcmp(sort, "id") != 0)
		return err_set(&r->err, ERR_INVALID, "sort", "排序字段应为 id 或 -id",
			       "sort must be id or -id");
	if ((rc = req_query_only(r, params)) || (rc = req_page(r, &pg)) ||
	    (rc = req_query_int(r, "entity_id", 0, 0, INT64_MAX, &entity_id)) ||
	    (rc = req_query_int(r, "user_id", 0, 0, INT64_MAX, &user_id)))
		return rc;
	const char *entity = req_query(r, "entity");
	const char *action = req_query(r, "action");
	const char *from_s = req_query(r, "from"), *to_s = req_query(r, "to");
	int64_t from = 0, to = INT64_MAX;
	if (from_s && *from_s && wtime_parse(from_s, &from))
		return err_set(&r->err, ERR_INVALID, "from", "起始时间格式应为 YYYY-MM-DD 或 ISO 8601",
			       "from must be YYYY-MM-DD or ISO 8601");
	if (to_s && *to_s) {
		if (wtime_parse(to_s, &to))
			return err_set(&r->err, ERR_INVALID, "to", "结束时间格式应为 YYYY-MM-DD 或 ISO 8601",
				       "to must be YYYY-MM-DD or ISO 8601");
		if (strlen(to_s) == 10)
			to += 86400LL * WTIME_US; /* a date means the whole day */
	}
	if (entity && !*entity)
		entity = NULL;
	if (action && !*action)
		action = NULL;
	bool all = auth_has_role(r->who, R(ROLE_DISTRICT_ADMIN));
	const struct grant *g = auth_primary_grant(r->who, ROLES_STAFF);
	const char *scope = all ? "" : g->region_path;
	static const char *where =
		" FROM audit_log a"
		" WHERE (?=1 OR (a.region_path >= ? AND a.region_path < substr(?,1,length(?)-1) || '0'))"
		" AND (? IS NULL OR a.entity=?) AND (?=0 OR a.entity_id=?) AND (?=0 OR a.user_id=?)"
		" AND (? IS NULL OR a.action=?) AND a.at >= ? AND a.at < ?";
	char *count_sql = arena_printf(r->arena, "SELECT count(*)%s", where);
	char *page_sql = arena_printf(r->arena,
				      "SELECT a.id, a.at, a.user_id, a.username, a.action, a.entity,"
				      " a.entity_id, a.region_id, a.before_json, a.after_json, a.hash%s"
				      " ORDER BY a.id %s LIMIT ? OFFSET ?",
				      where, sort && strcmp(sort, "id") == 0 ? "ASC" : "DESC");
	int64_t total = 0;
	if ((rc = db_int(r->db, &r->err, &total, count_sql, "isssssiiiissii", (int64_t)all, scope,
			 scope, scope, entity, entity, entity_id, entity_id, user_id, user_id, action, action,
			 from, to)) < 0)
		return rc;
	struct stmt *st = db_q(r->db, &r->err, page_sql, "isssssiiiissiiii", (int64_t)all, scope,
			       scope, scope, entity, entity, entity_id, entity_id, user_id, user_id, action,
			       action, from, to, pg.per_page, pg.offset);
	if (!st)
		return r->err.code;
	resp_list_begin(r);
	while ((rc = stmt_step(st, &r->err)) == 1) {
		struct jw *w = &r->jw;
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_ktime(w, "at", col_int(st, 1));
		jw_kint(w, "user_id", col_int(st, 2));
		jw_kstr(w, "username", col_text(st, 3));
		jw_kstr(w, "action", col_text(st, 4));
		jw_kstr(w, "entity", col_text(st, 5));
		jw_kint(w, "entity_id", col_int(st, 6));
		jw_kint(w, "region_id", col_int(st, 7));
		jw_key(w, "before");
		jw_raw(w, col_text(st, 8));
		jw_key(w, "after");
		jw_raw(w, col_text(st, 9));
		jw_kstr(w, "hash", col_text(st, 10));
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	resp_list_end(r, total, &pg);
	return 0;
}

static int h_audit_verify(struct req *r)
{
	struct audit_verify_result v;
	int rc = audit_verify(r->db, &v, &r->err);
	if (rc)
		return rc;
	jw_obj(&r->jw);
	jw_kbool(&r->jw, "ok", v.ok);
	jw_kint(&r->jw, "checked", v.checked);
	if (!v.ok) {
		jw_kint(&r->jw, "first_bad_id", v.first_bad_id);
		jw_kstr(&r->jw, "reason", v.reason);
	}
	jw_obj_end(&r->jw);
	return 0;
}

const struct route audit_routes[] = {
	{"GET", "/api/v1/audit", h_audit_list, ROLES_STAFF, 0, "audit entries in the caller's scope"},
	{"GET", "/api/v1/audit/verify", h_audit_verify, R(ROLE_DISTRICT_ADMIN), 0, "verify the hash chain"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
