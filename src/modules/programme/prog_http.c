/*
 * prog_http.c — the programme area's routes: programmes (by code) with
 * their plates and special funds, applications (the applicant's drafts,
 * submission, withdrawal, attachments; staff lists with filters), and the
 * statistics (JSON and XLSX). Handlers read the request and call the
 * logic; every application read goes through prog_app_access or, in
 * lists, prog_app_list_scope (programme.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "http/http.h"
#include "modules/programme/prog_internal.h"
#include "store/list.h"
#include "store/store.h"

#define ANY ROLES_ANY

/* ---------- programmes ---------- */

static const struct field programme_fields[] = {
	FLD_STR(struct prog_programme_in, code, FLD_REQ_CREATE | FLD_CREATE_ONLY, 1, 40),
	FLD_STR_HAS(struct prog_programme_in, name, has_name, FLD_REQ_CREATE, 1, 100),
	FLD_INT(struct prog_programme_in, year, FLD_REQ_CREATE | FLD_CREATE_ONLY, 2000, 2100),
	FLD_INT(struct prog_programme_in, region_id, FLD_CREATE_ONLY, 1, INT64_MAX),
	FLD_ENUM_HAS(struct prog_programme_in, status, has_status, 0, prog_statuses),
	{"apply_opens_at", FT_TIME, 0, offsetof(struct prog_programme_in, apply_opens_at),
	 offsetof(struct prog_programme_in, has_opens), 10, 40, NULL, NULL},
	{"apply_closes_at", FT_TIME, 0, offsetof(struct prog_programme_in, apply_closes_at),
	 offsetof(struct prog_programme_in, has_closes), 10, 40, NULL, NULL},
	FLD_INT_HAS(struct prog_programme_in, conflict_lookback_years, has_lookback, 0, 0, 20),
	FLD_ENUM_HAS(struct prog_programme_in, award_rule, has_award_rule, 0, prog_award_rules),
	FLD_INT_HAS(struct prog_programme_in, award_min_score, has_min_score, 0, 0, 100),
	FLD_INT_HAS(struct prog_programme_in, award_threshold, has_threshold, 0, 0, 100),
	FLD_INT_HAS(struct prog_programme_in, award_percent, has_percent, 0, 1, 100),
	FLD_INT_HAS(struct prog_programme_in, award_max_grant, has_max_grant, 0, 0, 100000000000LL),
	FLD_INT_HAS(struct prog_programme_in, objection_days, has_objection_days, 0, 1, 60),
	FLD_INT(struct prog_programme_in, version, FLD_REQ_UPDATE | FLD_UPDATE_ONLY, 1, INT64_MAX),
	FLD_END,
};

/* The programme {code} the caller may see: a draft only to staff over it. */
static int programme_visible(struct req *r, int64_t *id)
{
	const char *code = req_param(r, "code");
	int rc = prog_programme_by_code(&r->cx, code, id);
	if (rc)
		return err_set(&r->err, ERR_NOT_FOUND, "code", "没有这个项目年度", "no such programme");
	char *status = NULL, *path = NULL;
	if ((rc = db_text(r->db, &r->err, r->arena, &status, "SELECT status FROM programmes WHERE id=?", "i", *id)) < 0 ||
	    (rc = db_text(r->db, &r->err, r->arena, &path,
			  "SELECT g.path FROM programmes p JOIN regions g ON g.id=p.region_id WHERE p.id=?", "i", *id)) < 0)
		return rc;
	if (strcmp(status, "draft"))
		return 0;
	if (r->who && auth_covers_path(r->who, ROLES_STAFF, path))
		return 0;
	return err_set(&r->err, ERR_NOT_FOUND, "code", "没有这个项目年度", "no such programme");
}

static int h_programmes(struct req *r)
{
	static const char *const params[] = {"status", NULL};
	int rc = req_query_only(r, params);
	if (rc)
		return rc;
	const char *status = req_query_nonempty(r, "status");
	if (status && !prog_in(prog_statuses, status))
		return err_set(&r->err, ERR_INVALID, "status", "状态不在列表中", "unknown status");
	bool staff = r->who && auth_has_role(r->who, ROLES_STAFF);
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT p.id, p.code, p.name, p.year, p.status, p.apply_opens_at, p.apply_closes_at, p.imported,"
			       " (SELECT count(*) FROM prog_applications a WHERE a.programme_id=p.id AND a.status<>'draft'),"
			       " (SELECT count(*) FROM prog_funds f WHERE f.programme_id=p.id),"
			       " (SELECT coalesce(sum(f.budget),0) FROM prog_funds f WHERE f.programme_id=p.id), p.version"
			       " FROM programmes p WHERE (?=1 OR p.status<>'draft') AND p.status=coalesce(?, p.status)"
			       " ORDER BY p.year DESC, p.id DESC",
			       "is", (int64_t)staff, status);
	if (!st)
		return r->err.code ? r->err.code : ERR_STORE;
	jw_obj(&r->jw);
	jw_key(&r->jw, "items");
	jw_arr(&r->jw);
	while ((rc = stmt_step(st, &r->err)) == 1) {
		struct jw *w = &r->jw;
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "code", col_text(st, 1));
		jw_kstr(w, "name", col_text(st, 2));
		jw_kint(w, "year", col_int(st, 3));
		jw_kstr(w, "status", col_text(st, 4));
		if (col_null(st, 5)) jw_knull(w, "apply_opens_at"); else jw_ktime(w, "apply_opens_at", col_int(st, 5));
		if (col_null(st, 6)) jw_knull(w, "apply_closes_at"); else jw_ktime(w, "apply_closes_at", col_int(st, 6));
		jw_kbool(w, "imported", col_int(st, 7) != 0);
		jw_kint(w, "applications", col_int(st, 8));
		jw_kint(w, "funds", col_int(st, 9));
		jw_kint(w, "budget_fen", col_int(st, 10));
		jw_kint(w, "version", col_int(st, 11));
		bool open = !strcmp(col_text(st, 4), "open") && (col_null(st, 5) || col_int(st, 5) <= r->now) &&
			    (col_null(st, 6) || col_int(st, 6) > r->now);
		jw_kbool(w, "accepting", open);
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(&r->jw);
	jw_obj_end(&r->jw);
	return 0;
}

static int answer_programme(struct req *r, int64_t id, int status)
{
	r->status = status;
	int rc = prog_programme_write(&r->cx, &r->jw, id);
	return rc;
}

static int h_programme_create(struct req *r)
{
	struct prog_programme_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_body(r, &in)) || (rc = prog_programme_create(&r->cx, &in, &id)))
		return rc;
	return answer_programme(r, id, 201);
}

static int h_programme_get(struct req *r)
{
	int64_t id;
	int rc = programme_visible(r, &id);
	return rc ? rc : answer_programme(r, id, 200);
}

static int h_programme_update(struct req *r)
{
	int64_t id;
	int rc = prog_programme_by_code(&r->cx, req_param(r, "code"), &id);
	if (rc)
		return err_set(&r->err, ERR_NOT_FOUND, "code", "没有这个项目年度", "no such programme");
	if ((rc = prog_programme_admin(&r->cx, id)))
		return rc;
	struct prog_programme_in in = {0};
	if ((rc = req_body(r, &in)) || (rc = prog_programme_update(&r->cx, id, &in)))
		return rc;
	return answer_programme(r, id, 200);
}

struct plate_in {
	const char *name;
	int64_t sort;
};
static const struct field plate_fields[] = {
	FLD_STR(struct plate_in, name, FLD_REQ, 1, 100),
	FLD_INT(struct plate_in, sort, 0, 0, 10000),
	FLD_END,
};
static int h_plate_add(struct req *r)
{
	int64_t id, pid;
	int rc = prog_programme_by_code(&r->cx, req_param(r, "code"), &id);
	if (rc)
		return err_set(&r->err, ERR_NOT_FOUND, "code", "没有这个项目年度", "no such programme");
	if ((rc = prog_programme_admin(&r->cx, id)))
		return rc;
	struct plate_in in = {0};
	if ((rc = req_body(r, &in)) || (rc = prog_plate_add(&r->cx, id, in.name, in.sort, &pid)))
		return rc;
	return answer_programme(r, id, 201);
}

static const struct field fund_fields[] = {
	FLD_STR(struct prog_fund_in, name, FLD_REQ, 1, 100),
	FLD_STR(struct prog_fund_in, funder, FLD_REQ, 1, 100),
	FLD_STR(struct prog_fund_in, scope, 0, 0, 500),
	FLD_INT(struct prog_fund_in, plate_id, 0, 1, INT64_MAX),
	FLD_INT(struct prog_fund_in, budget, FLD_REQ, 0, 100000000000LL),
	FLD_INT(struct prog_fund_in, sort, 0, 0, 10000),
	FLD_BOOL(struct prog_fund_in, ledger, 0),
	FLD_END,
};
static int h_fund_add(struct req *r)
{
	int64_t id, fid;
	int rc = prog_programme_by_code(&r->cx, req_param(r, "code"), &id);
	if (rc)
		return err_set(&r->err, ERR_NOT_FOUND, "code", "没有这个项目年度", "no such programme");
	if ((rc = prog_programme_admin(&r->cx, id)))
		return rc;
	struct prog_fund_in in = {0};
	if ((rc = req_body(r, &in)) || (rc = prog_fund_add(&r->cx, id, &in, &fid)))
		return rc;
	return answer_programme(r, id, 201);
}

/* ---------- statistics ---------- */

/* Staff over the programme, or anyone (no login) once it is published. */
static int stats_programme(struct req *r, int64_t *id, const char **kind)
{
	int rc = programme_visible(r, id);
	if (rc)
		return rc;
	if (prog_stats_kind(req_query_nonempty(r, "kind"), kind))
		return err_set(&r->err, ERR_INVALID, "kind", "kind 须为 服务类/硬件类（service/hardware）",
			       "kind: 服务类/硬件类 (service/hardware)");
	return 0;
}

static int h_stats(struct req *r)
{
	static const char *const params[] = {"by", "kind", NULL};
	int64_t id;
	const char *kind;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = stats_programme(r, &id, &kind)))
		return rc;
	const char *by = req_query_nonempty(r, "by");
	return prog_stats_write(&r->cx, &r->jw, id, by ? by : "region", kind);
}

static int h_stats_export(struct req *r)
{
	static const char *const params[] = {"kind", NULL};
	int64_t id;
	const char *kind;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = stats_programme(r, &id, &kind)))
		return rc;
	const char *tmp = getenv("TMPDIR");
	char *path = arena_printf(r->arena, "%s/wushe-prog-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return err_set(&r->err, ERR_IO, "file", "无法建立临时文件", "cannot create a temporary file");
	close(fd);
	rc = prog_stats_xlsx(&r->cx, id, kind, path);
	if (!rc) {
		FILE *f = fopen(path, "rb");
		if (!f) {
			rc = err_set(&r->err, ERR_IO, "file", "无法读取导出文件", "cannot read the export");
		} else {
			char buf[65536];
			size_t n;
			sb_reset(&r->out);
			while ((n = fread(buf, 1, sizeof buf, f)) > 0)
				sb_add(&r->out, buf, n);
			fclose(f);
		}
	}
	unlink(path);
	if (rc)
		return rc;
	r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	r->download_name = arena_printf(r->arena, "programme-%s-statistics.xlsx", req_param(r, "code"));
	return 0;
}

/* ---------- application lists ---------- */

static const struct list_sort app_sorts[] = {
	{"id", "a.id", false, true},
	{"requested", "a.requested", false, false},
	{"awarded", "a.awarded", false, false},
	{NULL, NULL, false, false},
};
static const struct list_spec app_list = {
	.table = "prog_applications a", .id = "a.id", .region = "a.region_id", .sorts = app_sorts,
	.default_sort = "-id",
	.select = "a.id, a.programme_id, a.code, a.title, a.applicant_name, a.applicant_type, a.joint, a.domain,"
		  " a.region_scope, a.region_id, g.name, a.kind, a.requested, a.awarded, a.status, a.stage, a.outcome,"
		  " a.score, a.pfund_id, coalesce(f.name,''), a.plate_id, a.submitted_at, a.version, p.code",
	.from = "prog_applications a JOIN regions g ON g.id=a.region_id JOIN programmes p ON p.id=a.programme_id"
		" LEFT JOIN prog_funds f ON f.id=a.pfund_id",
	.row_id = "a.id",
};

static int app_row(struct stmt *st, void *vc, struct err *e)
{
	(void)e;
	struct jw *w = ((struct ctx *)vc)->w;
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 0));
	jw_kint(w, "programme_id", col_int(st, 1));
	jw_kstr(w, "code", col_text(st, 2));
	jw_kstr(w, "title", col_text(st, 3));
	jw_kstr(w, "applicant_name", col_text(st, 4));
	jw_kstr(w, "applicant_type", col_text(st, 5));
	jw_kbool(w, "joint", col_int(st, 6) != 0);
	jw_kstr(w, "domain", col_text(st, 7));
	jw_kstr(w, "region_scope", col_text(st, 8));
	jw_kint(w, "region_id", col_int(st, 9));
	jw_kstr(w, "region_name", col_text(st, 10));
	jw_kstr(w, "kind", col_text(st, 11));
	jw_kint(w, "requested", col_int(st, 12));
	jw_kint(w, "awarded", col_int(st, 13));
	jw_kstr(w, "status", col_text(st, 14));
	jw_kstr(w, "stage", col_text(st, 15));
	jw_kstr(w, "outcome", col_text(st, 16));
	jw_key(w, "score");
	if (col_null(st, 17))
		jw_null(w);
	else
		jw_double(w, col_double(st, 17));
	if (col_null(st, 18)) jw_knull(w, "pfund_id"); else jw_kint(w, "pfund_id", col_int(st, 18));
	jw_kstr(w, "fund_name", col_text(st, 19));
	if (col_null(st, 20)) jw_knull(w, "plate_id"); else jw_kint(w, "plate_id", col_int(st, 20));
	if (col_null(st, 21)) jw_knull(w, "submitted_at"); else jw_ktime(w, "submitted_at", col_int(st, 21));
	jw_kint(w, "version", col_int(st, 22));
	jw_kstr(w, "programme_code", col_text(st, 23));
	jw_obj_end(w);
	return 0;
}

static int h_apps(struct req *r)
{
	static const char *const params[] = {"page", "per_page", "sort", "cursor", "status", "stage", "pfund_id",
					     "plate_id", "domain", "region_id", "region_scope", "kind", "applicant_type",
					     "outcome", "joint", "q", NULL};
	struct list_req lr;
	int64_t id, fund, plate, region, joint;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_list(r, &lr)) ||
	    (rc = req_query_int(r, "pfund_id", 0, 0, INT64_MAX, &fund)) ||
	    (rc = req_query_int(r, "plate_id", 0, 0, INT64_MAX, &plate)) ||
	    (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region)) ||
	    (rc = req_query_int(r, "joint", -1, 0, 1, &joint)))
		return rc;
	if ((rc = prog_programme_by_code(&r->cx, req_param(r, "code"), &id)))
		return err_set(&r->err, ERR_NOT_FOUND, "code", "没有这个项目年度", "no such programme");
	struct list_q *q = list_new(&app_list);
	list_eq_int(q, "a.programme_id", id);
	const char *kind = NULL;
	if (prog_stats_kind(req_query_nonempty(r, "kind"), &kind)) {
		list_free(q);
		return err_set(&r->err, ERR_INVALID, "kind", "kind 须为 service 或 hardware", "kind: service or hardware");
	}
	list_eq_str_if(q, "a.kind", kind);
	list_eq_int_if(q, "a.pfund_id", fund);
	list_eq_int_if(q, "a.plate_id", plate);
	list_eq_int_if(q, "a.region_id", region);
	if (joint >= 0)
		list_eq_int(q, "a.joint", joint);
	const char *q_text = req_query_nonempty(r, "q");
	if (q_text) {
		if (strlen(q_text) > 100) {
			list_free(q);
			return err_set(&r->err, ERR_INVALID, "q", "搜索词过长", "q is too long");
		}
		list_where(q, "replace(a.title, ?, '') <> a.title", "s", q_text);
	}
	const char *v;
	if (((v = req_query_nonempty(r, "status")) &&
	     (rc = list_eq_enum(q, "a.status", "status", v, prog_app_statuses, &r->err))) ||
	    ((v = req_query_nonempty(r, "stage")) && (rc = list_eq_enum(q, "a.stage", "stage", v, prog_stages, &r->err))) ||
	    ((v = req_query_nonempty(r, "domain")) &&
	     (rc = list_eq_enum(q, "a.domain", "domain", v, prog_domains, &r->err))) ||
	    ((v = req_query_nonempty(r, "region_scope")) &&
	     (rc = list_eq_enum(q, "a.region_scope", "region_scope", v, prog_region_scopes, &r->err))) ||
	    ((v = req_query_nonempty(r, "applicant_type")) &&
	     (rc = list_eq_enum(q, "a.applicant_type", "applicant_type", v, prog_applicant_types, &r->err))) ||
	    ((v = req_query_nonempty(r, "outcome")) &&
	     (rc = list_eq_enum(q, "a.outcome", "outcome", v, prog_outcomes, &r->err))) ||
	    (rc = prog_app_list_scope(&r->cx, id, q))) {
		list_free(q);
		return rc;
	}
	/* a district admin sees drafts only of their own making: a draft is the applicant's */
	if (r->who)
		list_where(q, "(a.status<>'draft' OR a.created_by=?)", "i", r->who->user_id);
	return resp_list_run(r, q, &lr, app_row, &r->cx);
}

/* The caller's own applications: those they made, and those of the
 * organisations they administer. */
static int h_my_apps(struct req *r)
{
	static const char *const params[] = {"page", "per_page", "sort", "cursor", "status", NULL};
	struct list_req lr;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_list(r, &lr)))
		return rc;
	struct list_q *q = list_new(&app_list);
	const char *v = req_query_nonempty(r, "status");
	if (v && (rc = list_eq_enum(q, "a.status", "status", v, prog_app_statuses, &r->err))) {
		list_free(q);
		return rc;
	}
	int64_t uid = r->who ? r->who->user_id : 0;
	list_where(q,
		   "(a.created_by=? OR EXISTS (SELECT 1 FROM organisations o JOIN regions orr ON orr.id=o.region_id"
		   " JOIN user_grants ug ON ug.user_id=? AND ug.role='org_admin' JOIN regions gr ON gr.id=ug.region_id"
		   " WHERE o.id=a.org_id AND orr.path>=gr.path AND orr.path<substr(gr.path, 1, length(gr.path)-1) || '0'))",
		   "ii", uid, uid);
	return resp_list_run(r, q, &lr, app_row, &r->cx);
}

/* ---------- one application ---------- */

static int read_lines(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	struct prog_app_in *in = (struct prog_app_in *)((char *)dst - offsetof(struct prog_app_in, lines));
	if (!json_is_array(v) || json_array_size(v) > PROG_MAX_LINES)
		return err_set(e, ERR_INVALID, key, "预算明细须为至多 100 项的数组", "budget_lines: an array of at most 100");
	in->nlines = (int)json_array_size(v);
	in->has_lines = true;
	for (int i = 0; i < in->nlines; i++) {
		json_t *x = json_array_get(v, (size_t)i), *item = json_object_get(x, "item"),
		       *amount = json_object_get(x, "amount"), *note = json_object_get(x, "note");
		if (!json_is_object(x) || !json_is_string(item) || !json_is_integer(amount) ||
		    (note && !json_is_string(note) && !json_is_null(note)) || json_string_length(item) < 1 ||
		    json_string_length(item) > 600 || json_integer_value(amount) < 0 ||
		    json_integer_value(amount) > 100000000000LL)
			return err_setf(e, ERR_INVALID, key, "第 %d 项预算须有事项（item）和金额（amount，分）",
					"budget line %d: item and amount (fen) required", i + 1);
		in->lines[i].item = arena_strdup(a, json_string_value(item));
		in->lines[i].amount = json_integer_value(amount);
		in->lines[i].note = json_is_string(note) ? arena_strdup(a, json_string_value(note)) : "";
	}
	return 0;
}

static int read_indicators(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	struct prog_app_in *in = (struct prog_app_in *)((char *)dst - offsetof(struct prog_app_in, indicators));
	if (!json_is_array(v) || json_array_size(v) > PROG_MAX_INDICATORS)
		return err_set(e, ERR_INVALID, key, "成效指标须为至多 50 项的数组", "indicators: an array of at most 50");
	in->nindicators = (int)json_array_size(v);
	in->has_indicators = true;
	for (int i = 0; i < in->nindicators; i++) {
		json_t *x = json_array_get(v, (size_t)i), *name = json_object_get(x, "name"),
		       *target = json_object_get(x, "target"), *unit = json_object_get(x, "unit");
		if (!json_is_object(x) || !json_is_string(name) || !json_is_number(target) ||
		    (unit && !json_is_string(unit) && !json_is_null(unit)) || json_string_length(name) < 1 ||
		    json_string_length(name) > 200)
			return err_setf(e, ERR_INVALID, key, "第 %d 项指标须有名称（name）和目标值（target）",
					"indicator %d: name and target required", i + 1);
		in->indicators[i].name = arena_strdup(a, json_string_value(name));
		in->indicators[i].target = json_number_value(target);
		in->indicators[i].unit = json_is_string(unit) ? arena_strdup(a, json_string_value(unit)) : "";
	}
	return 0;
}

static int opt_id(json_t *x, const char *k, int64_t *out)
{
	json_t *v = json_object_get(x, k);
	*out = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		return -1;
	*out = json_integer_value(v);
	return 0;
}

static int read_partners(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	struct prog_app_in *in = (struct prog_app_in *)((char *)dst - offsetof(struct prog_app_in, partners));
	if (!json_is_array(v) || json_array_size(v) > PROG_MAX_PARTNERS)
		return err_set(e, ERR_INVALID, key, "合作方须为至多 20 项的数组", "partners: an array of at most 20");
	in->npartners = (int)json_array_size(v);
	in->has_partners = true;
	for (int i = 0; i < in->npartners; i++) {
		json_t *x = json_array_get(v, (size_t)i), *role = json_object_get(x, "role"), *name = json_object_get(x, "name");
		struct prog_partner *p = &in->partners[i];
		if (!json_is_object(x) || !json_is_string(role) || (name && !json_is_string(name) && !json_is_null(name)) ||
		    (json_is_string(name) && json_string_length(name) > 200) || opt_id(x, "org_id", &p->org_id) ||
		    opt_id(x, "region_id", &p->region_id) || opt_id(x, "letter_attachment_id", &p->letter_attachment_id))
			return err_setf(e, ERR_INVALID, key, "第 %d 个合作方须有角色（role），编号须为正整数",
					"partner %d: role required, ids positive integers", i + 1);
		p->role = arena_strdup(a, json_string_value(role));
		p->name = json_is_string(name) ? arena_strdup(a, json_string_value(name)) : NULL;
	}
	return 0;
}

#define APP_COMMON(flreq)                                                                                         \
	FLD_STR_HAS(struct prog_app_in, title, has_title, flreq, 1, 200),                                       \
	FLD_INT_HAS(struct prog_app_in, org_id, has_org_id, 0, 1, INT64_MAX),                                    \
	FLD_STR_HAS(struct prog_app_in, applicant_name, has_applicant_name, 0, 1, 200),                          \
	FLD_ENUM_HAS(struct prog_app_in, applicant_type, has_applicant_type, flreq, prog_applicant_types),      \
	FLD_BOOL(struct prog_app_in, joint, 0),                                                                  \
	FLD_ENUM_HAS(struct prog_app_in, domain, has_domain, flreq, prog_domains),                              \
	FLD_INT_HAS(struct prog_app_in, plate_id, has_plate_id, 0, 1, INT64_MAX),                                \
	FLD_INT_HAS(struct prog_app_in, pfund_id, has_pfund_id, 0, 1, INT64_MAX),                                \
	FLD_ENUM_HAS(struct prog_app_in, region_scope, has_region_scope, flreq, prog_region_scopes),            \
	FLD_INT_HAS(struct prog_app_in, region_id, has_region_id, 0, 1, INT64_MAX),                              \
	FLD_ENUM_HAS(struct prog_app_in, kind, has_kind, flreq, prog_kinds),                                    \
	FLD_INT_HAS(struct prog_app_in, requested, has_requested, flreq, 0, 100000000000LL),                    \
	FLD_STR_HAS(struct prog_app_in, summary, has_summary, 0, 0, 5000),                                       \
	FLD_STR_HAS(struct prog_app_in, outcomes, has_outcomes, 0, 0, 5000),                                     \
	{"budget_lines", FT_CUSTOM, 0, offsetof(struct prog_app_in, lines), -1, 0, 0, NULL, read_lines},         \
	FLD_CUSTOM(struct prog_app_in, indicators, 0, read_indicators),                                          \
	FLD_CUSTOM(struct prog_app_in, partners, 0, read_partners)

static const struct field app_create_fields[] = {
	FLD_INT(struct prog_app_in, programme_id, FLD_REQ, 1, INT64_MAX),
	APP_COMMON(FLD_REQ),
	FLD_END,
};
static const struct field app_update_fields[] = {
	APP_COMMON(0),
	FLD_INT(struct prog_app_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};

static int answer_app(struct req *r, int64_t id, int status)
{
	r->status = status;
	return prog_app_write_detail(&r->cx, &r->jw, id);
}

static int h_app_create(struct req *r)
{
	struct prog_app_in *in = arena_alloc(r->arena, sizeof *in);
	int64_t id;
	int rc;
	if ((rc = req_body(r, in)))
		return rc;
	in->has_joint = true;
	if ((rc = prog_app_create(&r->cx, in, &id)))
		return rc;
	return answer_app(r, id, 201);
}

/* {id} readable by the caller before its body is read (404 otherwise). */
static int app_readable(struct req *r, int64_t *id)
{
	int rc = req_param_id(r, "id", id);
	if (rc)
		return rc;
	enum prog_access acc = PROG_NONE;
	if ((rc = prog_app_access(&r->cx, *id, &acc)) < 0)
		return rc;
	return acc == PROG_NONE ? prog_not_found(&r->err) : 0;
}

static int h_app_get(struct req *r)
{
	int64_t id;
	int rc = app_readable(r, &id);
	return rc ? rc : answer_app(r, id, 200);
}

static int h_app_update(struct req *r)
{
	int64_t id;
	int rc = app_readable(r, &id);
	if (rc)
		return rc;
	struct prog_app_in *in = arena_alloc(r->arena, sizeof *in);
	json_t *body = json_loadb(r->body ? r->body : "", r->body_len, JSON_REJECT_DUPLICATES, NULL);
	in->has_joint = body && json_object_get(body, "joint") != NULL;
	json_decref(body);
	if ((rc = req_body(r, in)) || (rc = prog_app_update(&r->cx, id, in)))
		return rc;
	return answer_app(r, id, 200);
}

static int h_app_submit(struct req *r)
{
	int64_t id;
	struct req_version v = {0};
	int rc;
	if ((rc = app_readable(r, &id)) || (rc = req_body(r, &v)) || (rc = prog_app_submit(&r->cx, id, v.version)))
		return rc;
	return answer_app(r, id, 200);
}

static int h_app_withdraw(struct req *r)
{
	int64_t id;
	struct req_version v = {0};
	int rc;
	if ((rc = app_readable(r, &id)) || (rc = req_body(r, &v)) || (rc = prog_app_withdraw(&r->cx, id, v.version)))
		return rc;
	return answer_app(r, id, 200);
}

static int h_attach_add(struct req *r)
{
	static const char *const params[] = {"file_name", NULL};
	int64_t id, aid;
	int rc;
	if ((rc = app_readable(r, &id)) || (rc = req_query_only(r, params)) ||
	    (rc = prog_attachment_add(&r->cx, id, req_query_nonempty(r, "file_name"), r->body, r->body_len, &aid)))
		return rc;
	r->status = 201;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "id", aid);
	jw_kint(&r->jw, "application_id", id);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_attach_get(struct req *r)
{
	int64_t id;
	const char *ct, *name;
	const void *data;
	size_t len;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = prog_attachment_get(&r->cx, id, &ct, &name, &data, &len)))
		return rc;
	return resp_file(r, ct, name, data, len);
}

const struct route prog_routes[] = {
	{"GET", "/api/v1/programmes", h_programmes, ANY, 0,
	 "programme years (众创共善): published ones, and drafts for staff (?status)"},
	{"POST", "/api/v1/programmes", h_programme_create, R(ROLE_DISTRICT_ADMIN), 0,
	 "set up a programme year: code, name, year, windows, award rule, lookback, objection days", programme_fields,
	 FIELDS_CREATE},
	{"GET", "/api/v1/programmes/{code}", h_programme_get, ANY, 0,
	 "a programme with its plates (板块) and special funds (专项资金), budgets and what is awarded"},
	{"PATCH", "/api/v1/programmes/{code}", h_programme_update, R(ROLE_DISTRICT_ADMIN), 0,
	 "change a programme (district admin, version-checked)", programme_fields, FIELDS_UPDATE},
	{"POST", "/api/v1/programmes/{code}/plates", h_plate_add, R(ROLE_DISTRICT_ADMIN), 0, "add a plate (板块)",
	 plate_fields, FIELDS_CREATE},
	{"POST", "/api/v1/programmes/{code}/funds", h_fund_add, R(ROLE_DISTRICT_ADMIN), 0,
	 "add a special fund: funder, yearly budget (fen), scope; ledger:true opens its funds-ledger account",
	 fund_fields, FIELDS_CREATE},
	{"GET", "/api/v1/programmes/{code}/statistics", h_stats, 0, RT_PUBLIC,
	 "statistics of a published programme (?by=region|applicant_type|domain|joint, kind=服务类|硬件类): aggregates only"},
	{"GET", "/api/v1/programmes/{code}/statistics/export", h_stats_export, 0, RT_PUBLIC,
	 "the statistics as XLSX, one sheet per grouping (?kind)"},
	{"GET", "/api/v1/programmes/{code}/applications", h_apps, ANY, 0,
	 "a programme's applications the caller may read (?status, stage, pfund_id, plate_id, domain, region_id,"
	 " region_scope, kind, applicant_type, outcome, joint, q)"},
	{"GET", "/api/v1/prog-applications/mine", h_my_apps, ANY, 0,
	 "the caller's applications: made by them or by organisations they administer"},
	{"POST", "/api/v1/prog-applications", h_app_create, ANY, 0,
	 "a draft application (tracking code assigned): partners, budget lines, indicators", app_create_fields,
	 FIELDS_CREATE},
	{"GET", "/api/v1/prog-applications/{id}", h_app_get, ANY, 0,
	 "an application with partners, budget lines, indicators, attachments (404 unless readable)"},
	{"PATCH", "/api/v1/prog-applications/{id}", h_app_update, ANY, 0, "edit a draft (applicant, version-checked)",
	 app_update_fields, FIELDS_UPDATE},
	{"POST", "/api/v1/prog-applications/{id}/submit", h_app_submit, ANY, 0,
	 "submit a complete draft before the deadline", req_version_fields, FIELDS_CREATE},
	{"POST", "/api/v1/prog-applications/{id}/withdraw", h_app_withdraw, ANY, 0,
	 "withdraw an application before its result", req_version_fields, FIELDS_CREATE},
	{"POST", "/api/v1/prog-applications/{id}/attachments", h_attach_add, ANY, RT_BIG_BODY,
	 "upload a scan to a draft (raw body: PDF/JPEG/PNG up to 5 MB, ?file_name)"},
	{"GET", "/api/v1/prog-attachments/{id}", h_attach_get, ANY, 0, "an attachment (readers of its application)"},
	{NULL, NULL, NULL, 0, 0, NULL, NULL, 0, NULL, NULL},
};
