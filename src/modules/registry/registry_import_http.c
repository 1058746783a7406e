/*
 * registry_import_http.c — /api/v1/imports: upload a CSV or XLSX file as the
 * raw request body to check it (dry run) or import it, follow a running
 * import's progress, list past imports, download templates and the error
 * report. Staff roles only (district, town, community); registry_import.c checks
 * the region scope of every row.
 *
 *   POST /api/v1/imports?kind=people|organisations|teams&dry_run=true|false
 *        [&upload_id=ID | X-Upload-Id: ID][&region_id=N][&file_name=…][&report=csv]
 *        body: the file (format told by its content; GBK CSV is refused
 *        with a hint). Answers the report: 200 for a dry run (ok true or
 *        false) and for a successful import, 422 for an import with bad
 *        rows (the report plus an "error" object; nothing written).
 *        report=csv answers the error list as a CSV download instead.
 *   GET  /api/v1/imports/progress/{upload_id}  rows processed / total
 *   GET  /api/v1/imports/template?kind=…&format=csv|xlsx
 *   GET  /api/v1/imports/columns?kind=…
 *   GET  /api/v1/imports[?kind=…]   past imports in the caller's scope
 *   GET  /api/v1/imports/{id}
 *
 * The POST is RT_OWN_WRITE: the router opens a read snapshot, the file is
 * checked on it without the write lock, and registry_import_run takes the lock
 * only to write, in short chunks (docs/import.md); the progress GET reads
 * only the in-memory table and the others read a snapshot, so neither
 * waits for a running import.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/tabular.h"
#include "http/http.h"
#include "modules/registry/registry_import.h"
#include "modules/registry/registry_import_http.h"

static int kind_param(struct req *r, bool required, int *kind)
{
	const char *k = req_query(r, "kind");
	if ((!k || !*k) && !required) {
		*kind = -1;
		return 0;
	}
	*kind = registry_import_kind_from_id(k);
	if (*kind < 0)
		return err_set(&r->err, ERR_INVALID, "kind", "参数 kind 应为 people、organisations 或 teams",
			       "kind must be people, organisations or teams");
	return 0;
}

static int bool_param(struct req *r, const char *name, bool def, bool *out)
{
	const char *v = req_query(r, name);
	if (!v || !*v) {
		*out = def;
		return 0;
	}
	if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0) {
		*out = true;
		return 0;
	}
	if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0) {
		*out = false;
		return 0;
	}
	return err_setf(&r->err, ERR_INVALID, name, "参数 %s 应为 true 或 false",
			"parameter %s must be true or false", name);
}

static int h_import(struct req *r)
{
	int kind, rc;
	bool dry_run = true;
	int64_t region_id = 0;
	if ((rc = kind_param(r, true, &kind)) || (rc = bool_param(r, "dry_run", true, &dry_run)) ||
	    (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region_id)))
		return rc;
	const char *report = req_query(r, "report");
	bool csv_report = report && strcmp(report, "csv") == 0;
	if (report && *report && !csv_report)
		return err_set(&r->err, ERR_INVALID, "report", "参数 report 只能为 csv", "report must be csv");
	const char *upload = req_header(r, "X-Upload-Id");
	if (!upload || !*upload)
		upload = req_query(r, "upload_id");
	if (upload && *upload && !registry_import_upload_id_valid(upload))
		return err_set(&r->err, ERR_INVALID, "upload_id",
			       "上传编号应为 1 到 64 个字母、数字、下划线或连字符",
			       "upload_id must be 1 to 64 letters, digits, underscores or hyphens");
	if (upload && !*upload)
		upload = NULL;
	const char *fname = req_query(r, "file_name");
	if (fname && strlen(fname) > 255)
		return err_set(&r->err, ERR_INVALID, "file_name", "文件名过长", "file name too long");
	if (!r->body_len)
		return err_set(&r->err, ERR_INVALID, "file", "请求体中没有文件", "no file in the request body");
	struct registry_import_opts o = {.kind = kind, .dry_run = dry_run || csv_report,
				    .scope_region_id = region_id, .upload_id = upload,
				    .progress_user_id = r->who->user_id,
				    .file_name = fname && *fname ? fname : NULL, .now = r->now};
	struct registry_import_result res;
	registry_import_result_init(&res);
	rc = registry_import_run(r->db, r->who, r->body, r->body_len, &o, &res, &r->err);
	if (rc)
		goto done;
	if (csv_report) {
		size_t len;
		char *csv = registry_import_result_csv(&res, &len);
		sb_add(&r->out, csv, len);
		free(csv);
		r->content_type = "text/csv; charset=utf-8";
		r->download_name = arena_printf(r->arena, "%s_errors.csv", registry_import_kind_ids[kind]);
		goto done;
	}
	if (!dry_run && !registry_import_ok(&res))
		r->status = 422;
	else if (!dry_run)
		r->status = 201;
	registry_import_result_json(&res, &r->jw);
done:
	registry_import_result_free(&res);
	return rc;
}

static int h_progress(struct req *r)
{
	return registry_import_progress_json(r->who->user_id, req_param(r, "upload_id"), &r->jw, &r->err);
}

static int h_template(struct req *r)
{
	int kind, rc;
	if ((rc = kind_param(r, true, &kind)))
		return rc;
	const char *f = req_query(r, "format");
	bool xlsx = f && strcmp(f, "xlsx") == 0;
	if (f && *f && !xlsx && strcmp(f, "csv") != 0)
		return err_set(&r->err, ERR_INVALID, "format", "格式应为 csv 或 xlsx", "format must be csv or xlsx");
	char *buf = NULL;
	size_t len = 0;
	if ((rc = registry_import_template(kind, xlsx ? TAB_XLSX : TAB_CSV, &buf, &len, &r->err)))
		return rc;
	sb_add(&r->out, buf, len);
	free(buf);
	r->content_type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			       : "text/csv; charset=utf-8";
	r->download_name = arena_printf(r->arena, "%s_template.%s", registry_import_kind_ids[kind],
					xlsx ? "xlsx" : "csv");
	return 0;
}

static int h_columns(struct req *r)
{
	int kind, rc;
	if ((rc = kind_param(r, true, &kind)))
		return rc;
	jw_obj(&r->jw);
	jw_kstr(&r->jw, "kind", registry_import_kind_ids[kind]);
	jw_key(&r->jw, "columns");
	registry_import_columns_json(kind, &r->jw);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_list(struct req *r)
{
	struct page pg;
	int kind, rc;
	static const char *const params[] = {"page", "per_page", "kind", NULL};
	if ((rc = req_query_only(r, params)) || (rc = req_page(r, &pg)) ||
	    (rc = kind_param(r, false, &kind)))
		return rc;
	return registry_import_jobs_list(r->db, r->who, kind >= 0 ? registry_import_kind_ids[kind] : NULL,
				    pg.page, pg.per_page, &r->jw, &r->err);
}

static int h_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	return registry_import_job_json(r->db, r->who, id, &r->jw, &r->err);
}

const struct route registry_import_routes[] = {
	{"POST", "/api/v1/imports", h_import, ROLES_STAFF, RT_BIG_BODY | RT_OWN_WRITE,
	 "check (dry_run=true) or import a CSV/XLSX file of people, organisations or teams"},
	{"GET", "/api/v1/imports/progress/{upload_id}", h_progress, ROLES_STAFF, 0,
	 "rows processed / total of a running import"},
	{"GET", "/api/v1/imports/template", h_template, ROLES_STAFF, 0, "import template (CSV or XLSX)"},
	{"GET", "/api/v1/imports/columns", h_columns, ROLES_STAFF, 0, "accepted columns and values"},
	{"GET", "/api/v1/imports", h_list, ROLES_STAFF, 0, "past imports in scope"},
	{"GET", "/api/v1/imports/{id}", h_get, ROLES_STAFF, 0, "one past import"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
