/*
 * privacy_http.c — personal-information rights over HTTP (privacy.h):
 *
 *   /api/v1/me/data                 the caller's data (?format=json|xlsx to download)
 *   /api/v1/me/privacy-requests     file and follow a correction or deletion request
 *   /api/v1/me/consents             consents by purpose, with their history
 *   /api/v1/privacy-requests        staff answer the requests of their region
 *   /api/v1/privacy/retention       periods per kind of record, and the job
 */
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/wtime.h"
#include "http/http.h"
#include "http/resource.h"
#include "modules/privacy/privacy.h"
#include "modules/privacy/privacy_http.h"
#include "store/list.h"

/* The person of a /people/{id}/… route, 0 for /me/…. */
static int subject_param(struct req *r, int64_t *person)
{
	*person = 0;
	return req_param(r, "id") ? req_param_id(r, "id", person) : 0;
}

static int h_data(struct req *r)
{
	static const char *const params[] = {"format", NULL};
	int64_t person;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = subject_param(r, &person)))
		return rc;
	const char *fmt = req_query_nonempty(r, "format");
	if (fmt && strcmp(fmt, "json") && strcmp(fmt, "xlsx"))
		return err_set(&r->err, ERR_INVALID, "format", "格式应为 json 或 xlsx", "format must be json or xlsx");
	char day[16];
	wtime_format_date(r->now, day, sizeof day);
	if (fmt && !strcmp(fmt, "xlsx")) {
		char *buf = NULL;
		size_t len = 0;
		if ((rc = privacy_export_xlsx(&r->cx, person, &buf, &len))) {
			free(buf);
			return rc;
		}
		sb_reset(&r->out);
		sb_add(&r->out, buf, len);
		free(buf);
		r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		r->download_name = person ? arena_printf(r->arena, "personal-data-%lld-%s.xlsx", (long long)person, day)
					  : arena_printf(r->arena, "personal-data-%s.xlsx", day);
		return 0;
	}
	if ((rc = privacy_write_export(&r->cx, person, &r->jw)))
		return rc;
	if (fmt)
		r->download_name = person ? arena_printf(r->arena, "personal-data-%lld-%s.json", (long long)person, day)
					  : arena_printf(r->arena, "personal-data-%s.json", day);
	return 0;
}

static int list_requests(struct req *r, bool mine)
{
	static const char *const params[] = {"page", "per_page", "sort", "cursor", "status", "kind", NULL};
	struct privacy_request_filter f = {.mine = mine};
	struct list_req lr;
	struct list_q *q;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_list(r, &lr)))
		return rc;
	f.status = req_query_nonempty(r, "status");
	f.kind = req_query_nonempty(r, "kind");
	if ((rc = privacy_request_list_query(&r->cx, &f, &q)))
		return rc;
	return resp_list_run(r, q, &lr, privacy_request_list_row, &r->cx);
}

static int h_my_requests(struct req *r) { return list_requests(r, true); }
static int h_requests(struct req *r) { return list_requests(r, false); }

static const struct field consent_fields[] = {
	FLD_ENUM(struct privacy_consent_in, purpose, FLD_REQ, privacy_purposes),
	FLD_BOOL(struct privacy_consent_in, granted, FLD_REQ),
	FLD_END,
};

static int h_consents(struct req *r)
{
	static const char *const params[] = {NULL};
	int64_t person;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = subject_param(r, &person)))
		return rc;
	return privacy_consents_write(&r->cx, person, &r->jw);
}

static int h_consent_set(struct req *r)
{
	struct privacy_consent_in in = {0};
	int64_t person;
	int rc;
	if ((rc = subject_param(r, &person)) || (rc = req_body(r, &in)) ||
	    (rc = privacy_consent_set(&r->cx, person, &in)))
		return rc;
	r->status = 201;
	return privacy_consents_write(&r->cx, person, &r->jw);
}

/* Staff file a request for a person of their region (a paper form). */
static int h_person_request(struct req *r)
{
	struct privacy_request_in in = {0};
	int64_t id = 0;
	int rc;
	if ((rc = subject_param(r, &in.person_id)) || (rc = req_body(r, &in)) ||
	    (rc = privacy_request_create(&r->cx, &in, &id)))
		return rc;
	r->status = 201;
	return privacy_request_write(&r->cx, &r->jw, id);
}

static int h_retention(struct req *r)
{
	static const char *const params[] = {NULL};
	int rc = req_query_only(r, params);
	return rc ? rc : privacy_retention_write(&r->cx, &r->jw);
}

static const struct field retention_fields[] = {
	FLD_INT(struct privacy_retention_in, days, FLD_REQ, 1, 36500),
	FLD_INT(struct privacy_retention_in, version, FLD_REQ, 0, INT64_MAX),
	FLD_END,
};

static int h_retention_set(struct req *r)
{
	struct privacy_retention_in in = {0};
	int rc;
	if ((rc = req_body(r, &in)) || (rc = privacy_retention_set(&r->cx, req_param(r, "kind"), &in)))
		return rc;
	return privacy_retention_write(&r->cx, &r->jw);
}

struct run_in {
	bool dry_run;
};

static const struct field run_fields[] = {
	FLD_BOOL(struct run_in, dry_run, 0),
	FLD_END,
};

static int h_retention_run(struct req *r)
{
	struct run_in in = {0};
	int rc = req_body(r, &in);
	return rc ? rc : privacy_retention_run(&r->cx, in.dry_run, &r->jw);
}

static const struct field request_fields[] = {
	FLD_ENUM(struct privacy_request_in, kind, FLD_REQ_CREATE, privacy_request_kinds),
	FLD_STR(struct privacy_request_in, detail, FLD_REQ_CREATE, 1, 2000),
	FLD_END,
};

static const struct field resolve_fields[] = {
	FLD_INT(struct privacy_resolve_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_ENUM(struct privacy_resolve_in, outcome, FLD_REQ, privacy_outcomes),
	FLD_STR(struct privacy_resolve_in, resolution, 0, 0, 2000),
	FLD_END,
};

static const struct resource request_res = {
	.in_size = sizeof(struct privacy_request_in),
	.create = privacy_request_create,
	.write = privacy_request_write,
};

static const struct resource resolve_res = {
	.in_size = sizeof(struct privacy_resolve_in),
	.write = privacy_request_write,
};

static const struct resource withdraw_res = {
	.in_size = sizeof(struct req_version),
	.write = privacy_request_write,
};

#define ROLE_DISTRICT R(ROLE_DISTRICT_ADMIN)

const struct route privacy_routes[] = {
	{"GET", "/api/v1/me/data", h_data, ROLES_ANY, RT_AUDITED,
	 "everything held about the caller (format=json|xlsx downloads it)"},
	{"GET", "/api/v1/me/privacy-requests", h_my_requests, ROLES_ANY, 0, "own correction and deletion requests"},
	{"POST", "/api/v1/me/privacy-requests", res_create, ROLES_ANY, 0, "ask for a correction or deletion",
	 request_fields, FIELDS_CREATE, &request_res},
	{"POST", "/api/v1/me/privacy-requests/{id}/withdraw", res_action, ROLES_ANY, 0,
	 "withdraw own open request", req_version_fields, FIELDS_UPDATE, &withdraw_res, privacy_request_withdraw},
	{"GET", "/api/v1/me/consents", h_consents, ROLES_ANY, 0, "own consents by purpose, with history"},
	{"POST", "/api/v1/me/consents", h_consent_set, ROLES_ANY, 0, "grant or withdraw a consent",
	 consent_fields, FIELDS_UPDATE},
	{"GET", "/api/v1/people/{id}/personal-data", h_data, ROLES_STAFF, RT_AUDITED,
	 "everything held about a person of the region, for the person (audited; format=json|xlsx)"},
	{"GET", "/api/v1/people/{id}/consents", h_consents, ROLES_STAFF, 0, "a person's consents by purpose"},
	{"POST", "/api/v1/people/{id}/consents", h_consent_set, ROLES_STAFF, 0,
	 "record a consent the person gave or withdrew on paper", consent_fields, FIELDS_UPDATE},
	{"POST", "/api/v1/people/{id}/privacy-requests", h_person_request, ROLES_STAFF, 0,
	 "file a person's correction or deletion request (another staff member carries out a deletion)",
	 request_fields, FIELDS_CREATE},
	{"GET", "/api/v1/privacy-requests", h_requests, ROLES_STAFF, 0, "personal-data requests of the region"},
	{"GET", "/api/v1/privacy-requests/{id}", res_get, ROLES_ANY, 0, "one request (own, or staff in scope)",
	 .res = &request_res},
	{"POST", "/api/v1/privacy-requests/{id}/resolve", res_action, ROLES_STAFF, 0,
	 "carry out (a deletion anonymises everywhere) or refuse with a reason", resolve_fields, FIELDS_UPDATE,
	 &resolve_res, privacy_request_resolve},
	{"GET", "/api/v1/privacy/retention", h_retention, ROLES_ADMIN, 0, "retention periods and the last run"},
	{"PUT", "/api/v1/privacy/retention/{kind}", h_retention_set, ROLE_DISTRICT, 0,
	 "set how long a kind of record is kept", retention_fields, FIELDS_UPDATE},
	{"POST", "/api/v1/privacy/retention/run", h_retention_run, ROLE_DISTRICT, 0,
	 "run the retention job now (dry_run counts only)", run_fields, FIELDS_UPDATE},
	{NULL, NULL, NULL, 0, 0, NULL},
};
