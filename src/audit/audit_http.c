/*
 * audit_http.c — the audit log viewer. District admins see every entry;
 * town admins and community staff see entries of records in their region
 * subtree. Verification of the whole chain is for district admins.
 */
#include <string.h>

#include "audit/audit.h"
#include "audit/audit_http.h"
#include "auth/auth.h"
#include "core/wtime.h"
#include "http/http.h"
#include "store/list.h"
#include "store/store.h"

static int h_audit_list(struct req *r)
{
	static const char *const params[] = {"page", "per_page", "entity", "entity_id", "user_id",
					     "action", "from", "to", "sort", "cursor", NULL};
	struct audit_filter f = {.to = INT64_MAX};
	struct list_req lr;
	struct list_q *q;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_list(r, &lr)) ||
	    (rc = req_query_int(r, "entity_id", 0, 0, INT64_MAX, &f.entity_id)) ||
	    (rc = req_query_int(r, "user_id", 0, 0, INT64_MAX, &f.user_id)))
		return rc;
	f.entity = req_query_nonempty(r, "entity");
	f.action = req_query_nonempty(r, "action");
	const char *from_s = req_query_nonempty(r, "from"), *to_s = req_query_nonempty(r, "to");
	if (from_s && wtime_parse(from_s, &f.from))
		return err_set(&r->err, ERR_INVALID, "from", "起始时间格式应为 YYYY-MM-DD 或 ISO 8601",
			       "from must be YYYY-MM-DD or ISO 8601");
	if (to_s) {
		if (wtime_parse(to_s, &f.to))
			return err_set(&r->err, ERR_INVALID, "to", "结束时间格式应为 YYYY-MM-DD 或 ISO 8601",
				       "to must be YYYY-MM-DD or ISO 8601");
		if (strlen(to_s) == 10)
			f.to += 86400LL * WTIME_US; /* a date means the whole day */
	}
	if (!lr.sort || !*lr.sort)
		lr.sort = "-id";
	if ((rc = audit_list_query(&r->cx, &f, &q)))
		return rc;
	return resp_list_run(r, q, &lr, audit_list_row, &r->cx);
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
