/*
 * cert_http.c — the routes of certificates of volunteer service (cert.h):
 * issue (staff, org admins, or the volunteer for themself), lists, the
 * detail, the PDF (each print counted and audited: RT_AUDITED runs the GET
 * in a write transaction), void, and the public verification, which needs
 * no login and answers only what the certificate itself states.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/fields.h"
#include "http/http.h"
#include "modules/volunteer/cert.h"
#include "modules/volunteer/cert_http.h"
#include "store/list.h"

#define CERT_ISSUE (ROLES_STAFF | R(ROLE_ORG_ADMIN))

static const struct field issue_fields[] = {
	FLD_INT(struct vol_cert_in, volunteer_id, FLD_REQ, 1, INT64_MAX),
	FLD_INT(struct vol_cert_in, organisation_id, FLD_REQ, 1, INT64_MAX),
	FLD_DATE(struct vol_cert_in, from, FLD_REQ),
	FLD_DATE(struct vol_cert_in, to, FLD_REQ),
	FLD_END,
};

static const struct field mine_fields[] = {
	FLD_INT(struct vol_cert_in, organisation_id, FLD_REQ, 1, INT64_MAX),
	FLD_DATE(struct vol_cert_in, from, FLD_REQ),
	FLD_DATE(struct vol_cert_in, to, FLD_REQ),
	FLD_END,
};

static const struct field void_fields[] = {
	FLD_STR(struct vol_cert_void_in, reason, FLD_REQ, 2, 500),
	FLD_INT_HAS(struct vol_cert_void_in, version, has_version, 0, 1, INT64_MAX),
	FLD_END,
};

static int answer(struct req *r, int64_t id, int status)
{
	int rc = vol_cert_write(&r->cx, &r->jw, id);
	if (!rc)
		r->status = status;
	return rc;
}

static int h_issue(struct req *r)
{
	struct vol_cert_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_body(r, &in)) || (rc = vol_cert_issue(&r->cx, &in, &id)))
		return rc;
	return answer(r, id, 201);
}

static int h_issue_mine(struct req *r)
{
	struct vol_cert_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_body(r, &in)) || (rc = vol_cert_issue_mine(&r->cx, &in, &id)))
		return rc;
	return answer(r, id, 201);
}

static int list(struct req *r, bool mine)
{
	static const char *const params[] = {"page", "per_page", "sort", "cursor", "volunteer_id", "organisation_id",
					     "region_id", "year", "state", "q", NULL};
	static const char *const mine_params[] = {"page", "per_page", "sort", "cursor", "organisation_id", "year",
						  "state", NULL};
	struct vol_cert_filter f = {0};
	struct list_req lr;
	struct list_q *q;
	int rc;
	if ((rc = req_query_only(r, mine ? mine_params : params)) || (rc = req_list(r, &lr)) ||
	    (rc = req_query_int(r, "volunteer_id", 0, 1, INT64_MAX, &f.volunteer_id)) ||
	    (rc = req_query_int(r, "organisation_id", 0, 1, INT64_MAX, &f.organisation_id)) ||
	    (rc = req_query_int(r, "region_id", 0, 1, INT64_MAX, &f.region_id)) ||
	    (rc = req_query_int(r, "year", 0, 2000, 9999, &f.year)))
		return rc;
	f.state = req_query_nonempty(r, "state");
	f.q = req_query_nonempty(r, "q");
	if ((rc = vol_cert_list_query(&r->cx, &f, mine, &q)))
		return rc;
	return resp_list_run(r, q, &lr, vol_cert_list_row, &r->cx);
}

static int h_list(struct req *r) { return list(r, false); }
static int h_list_mine(struct req *r) { return list(r, true); }

static int h_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : answer(r, id, 200);
}

static int h_pdf(struct req *r)
{
	int64_t id;
	char *pdf = NULL, *name = NULL;
	size_t len = 0;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = vol_cert_print(&r->cx, id, &pdf, &len, &name)))
		return rc;
	rc = resp_file(r, "application/pdf", name, pdf, len);
	free(pdf);
	return rc;
}

static int h_void(struct req *r)
{
	struct vol_cert_void_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) || (rc = vol_cert_void(&r->cx, id, &in)))
		return rc;
	return answer(r, id, 200);
}

static int h_verify(struct req *r)
{
	return vol_cert_verify(&r->cx, &r->jw, req_param(r, "code"));
}

const struct route vol_cert_routes[] = {
	{"POST", "/api/v1/certificates", h_issue, CERT_ISSUE, 0,
	 "issue a certificate of volunteer service (staff in scope of the volunteer, or of the organisation; its org admin)",
	 issue_fields, FIELDS_CREATE},
	{"POST", "/api/v1/me/certificates", h_issue_mine, ROLES_ANY, 0,
	 "the volunteer asks for a certificate of the hours an organisation recorded (issued at once)", mine_fields,
	 FIELDS_CREATE},
	{"GET", "/api/v1/certificates", h_list, CERT_ISSUE, 0,
	 "certificates of the caller's area (?volunteer_id=&organisation_id=&region_id=&year=&state=&q=)"},
	{"GET", "/api/v1/me/certificates", h_list_mine, ROLES_ANY, 0, "the caller's own certificates"},
	{"GET", "/api/v1/certificates/{id}", h_get, ROLES_ANY, 0,
	 "a certificate (the volunteer, or staff in scope) with its history"},
	{"GET", "/api/v1/certificates/{id}/pdf", h_pdf, ROLES_ANY, RT_AUDITED,
	 "the certificate as PDF; the first print is the original, later ones are marked 副本 (each print audited)"},
	{"POST", "/api/v1/certificates/{id}/void", h_void, CERT_ISSUE, 0,
	 "void a certificate with a reason (it keeps its number)", void_fields, FIELDS_CREATE},
	{"GET", "/api/v1/certificates/verify/{code}", h_verify, 0, RT_PUBLIC,
	 "public: verify a certificate by its code: {state: valid|void|invalid|unknown, certificate}"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
