/*
 * registry_http.c — /api/v1/people, /organisations, /teams, /facilities:
 * lists with filters (and their CSV/XLSX exports with the same filters),
 * detail with history, create, PATCH with version, delete; a person's
 * reveal, verify and unverify; team members; facility rooms.
 *
 * Handlers parse and validate, call registry logic (which checks the
 * region scope and audits) and write JSON. Exports go through
 * core/tabular.h with the same columns as the JSON lists, so a mask that
 * holds for the list holds for the file.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/jsonin.h"
#include "core/pii.h"
#include "core/tabular.h"
#include "core/wtime.h"
#include "http/http.h"
#include "modules/registry/registry.h"
#include "modules/registry/registry_http.h"
#include "store/store.h"

/* ---------- small parsing helpers ---------- */

static const char *qs(struct req *r, const char *name)
{
	const char *v = req_query(r, name);
	return v && *v ? v : NULL;
}

/* ?flag=true|false|1|0 → 1/0, absent → -1. */
static int q_bool(struct req *r, const char *name, int *out)
{
	const char *v = qs(r, name);
	*out = -1;
	if (!v)
		return 0;
	if (!strcmp(v, "true") || !strcmp(v, "1"))
		*out = 1;
	else if (!strcmp(v, "false") || !strcmp(v, "0"))
		*out = 0;
	else
		return err_setf(&r->err, ERR_INVALID, name, "参数 %s 应为 true 或 false",
				"parameter %s must be true or false", name);
	return 0;
}

/* An optional, nullable string: *has is true when the key is present (a
 * null or blank value then means "clear"). */
static int opt_str(json_t *j, const char *key, size_t max, const char **out, bool *has,
		   struct err *e)
{
	*has = json_object_get(j, key) != NULL;
	*out = NULL;
	int rc = jin_str(j, key, false, 0, max, out, e);
	if (rc < 0)
		return rc;
	if (*out && !**out)
		*out = NULL;
	return 0;
}

static int opt_id(json_t *j, const char *key, int64_t *out, bool *has, struct err *e)
{
	*has = json_object_get(j, key) != NULL;
	*out = 0;
	int rc = jin_int(j, key, false, 1, INT64_MAX, out, e);
	return rc < 0 ? rc : 0;
}

static int opt_double(json_t *j, const char *key, double *out, bool *has, struct err *e)
{
	json_t *v = json_object_get(j, key);
	*has = false;
	if (!v || json_is_null(v))
		return 0; /* absent or null: keep */
	if (!json_is_number(v))
		return err_setf(e, ERR_INVALID, key, "字段 %s 应为数字", "field %s must be a number", key);
	*out = json_number_value(v);
	*has = true;
	return 0;
}

static int write_ok(struct req *r)
{
	jw_obj(&r->jw);
	jw_kbool(&r->jw, "ok", true);
	jw_obj_end(&r->jw);
	return 0;
}

/* ---------- list and export sinks ---------- */

static int json_row(void *ctx, const struct reg_col *cols, int ncols, struct stmt *st,
		    struct err *e)
{
	(void)e;
	struct req *r = ctx;
	jw_obj(&r->jw);
	reg_row_json(&r->jw, cols, ncols, st);
	jw_obj_end(&r->jw);
	return 0;
}

typedef int (*list_fn)(struct req *r, struct reg_page *pg, reg_row_fn fn, void *ctx);

static int run_json_list(struct req *r, list_fn list)
{
	struct page pg;
	int rc = req_page(r, &pg);
	if (rc)
		return rc;
	struct reg_page rp = {.limit = pg.per_page, .offset = pg.offset, .want_total = true};
	resp_list_begin(r);
	if ((rc = list(r, &rp, json_row, r)))
		return rc;
	jw_arr_end(&r->jw);
	jw_kint(&r->jw, "total", rp.total);
	jw_kbool(&r->jw, "total_capped", rp.total_capped);
	jw_kint(&r->jw, "page", pg.page);
	jw_kint(&r->jw, "per_page", pg.per_page);
	jw_obj_end(&r->jw);
	return 0;
}

struct export_ctx {
	struct tab_writer *w;
	int64_t rows;
	bool header_done;
};

static int export_row(void *ctx, const struct reg_col *cols, int ncols, struct stmt *st,
		      struct err *e)
{
	struct export_ctx *x = ctx;
	struct tab_cell cells[64];
	struct sb bufs[64];
	int n = 0, rc;
	if (!x->header_done) {
		const char *hdr[64];
		for (int i = 0; i < ncols && n < 64; i++)
			if (cols[i].kind != RC_HIDDEN)
				hdr[n++] = cols[i].header;
		if ((rc = tab_writer_row(x->w, hdr, n, e)))
			return rc;
		x->header_done = true;
		n = 0;
	}
	if (++x->rows > REG_EXPORT_MAX)
		return err_setf(e, ERR_RULE, "", "导出行数超过 %d，请缩小筛选范围",
				"more than %d rows to export; narrow the filters", REG_EXPORT_MAX);
	for (int i = 0; i < ncols && n < 64; i++) {
		const struct reg_col *c = &cols[i];
		if (c->kind == RC_HIDDEN)
			continue;
		struct tab_cell *cell = &cells[n];
		struct sb *b = &bufs[n];
		*b = (struct sb)SB_INIT;
		memset(cell, 0, sizeof *cell);
		n++;
		if (col_null(st, i)) {
			if (c->kind == RC_BOOL) {
				cell->kind = TAB_CELL_TEXT;
				cell->text = "否";
			}
			continue;
		}
		switch (c->kind) {
		case RC_INT:
			cell->kind = TAB_CELL_INT;
			cell->integer = col_int(st, i);
			break;
		case RC_DOUBLE:
			cell->kind = TAB_CELL_NUMBER;
			cell->number = col_double(st, i);
			break;
		case RC_BOOL:
			cell->kind = TAB_CELL_TEXT;
			cell->text = col_int(st, i) ? "是" : "否";
			break;
		case RC_TIME: {
			char t[40];
			wtime_format(col_int(st, i), t, sizeof t);
			sb_adds(b, t);
			cell->kind = TAB_CELL_TEXT;
			cell->text = sb_str(b);
			break;
		}
		case RC_ID_MASK:
			pii_mask_id(b, col_text(st, i), strlen(col_text(st, i)));
			cell->kind = TAB_CELL_TEXT;
			cell->text = sb_str(b);
			break;
		case RC_MOBILE_MASK:
			pii_mask_mobile(b, col_text(st, i), strlen(col_text(st, i)));
			cell->kind = TAB_CELL_TEXT;
			cell->text = sb_str(b);
			break;
		default:
			sb_adds(b, col_text(st, i));
			cell->kind = TAB_CELL_TEXT;
			cell->text = sb_str(b);
			break;
		}
	}
	rc = tab_writer_row_cells(x->w, cells, n, e);
	for (int i = 0; i < n; i++)
		sb_free(&bufs[i]);
	return rc;
}

static int run_export(struct req *r, list_fn list, const struct reg_col *cols, int ncols,
		      const char *basename)
{
	const char *fmt = qs(r, "format");
	enum tab_format tf;
	if (!fmt || !strcmp(fmt, "csv"))
		tf = TAB_CSV;
	else if (!strcmp(fmt, "xlsx"))
		tf = TAB_XLSX;
	else
		return err_set(&r->err, ERR_INVALID, "format", "导出格式应为 csv 或 xlsx",
			       "format must be csv or xlsx");
	struct export_ctx x = {0};
	x.w = tab_writer_new(tf, &r->err);
	if (!x.w)
		return r->err.code;
	struct reg_page rp = {.limit = 0, .offset = 0, .want_total = false};
	int rc = list(r, &rp, export_row, &x);
	if (!rc && !x.header_done) {
		/* No rows: still a file with its header. */
		const char *hdr[64];
		int n = 0;
		for (int i = 0; i < ncols && n < 64; i++)
			if (cols[i].kind != RC_HIDDEN)
				hdr[n++] = cols[i].header;
		rc = tab_writer_row(x.w, hdr, n, &r->err);
	}
	char *buf = NULL;
	size_t len = 0;
	if (!rc)
		rc = tab_writer_finish(x.w, &buf, &len, &r->err);
	tab_writer_free(x.w);
	if (rc) {
		free(buf);
		return rc;
	}
	sb_reset(&r->out);
	sb_add(&r->out, buf, len);
	free(buf);
	char day[16];
	wtime_format_date(r->now, day, sizeof day);
	r->content_type = tf == TAB_CSV ? "text/csv; charset=utf-8"
					: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	r->download_name = arena_printf(r->arena, "%s-%s.%s", basename, day, tf == TAB_CSV ? "csv" : "xlsx");
	return 0;
}

/* ---------- people ---------- */

static int people_filter(struct req *r, struct reg_people_filter *f)
{
	int rc;
	reg_people_filter_init(f);
	if ((rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &f->region_id)))
		return rc;
	f->q = qs(r, "q");
	f->household = qs(r, "household");
	f->sw_level = qs(r, "sw_level");
	f->status = qs(r, "status");
	f->sort = qs(r, "sort");
	for (int i = 0; i < PF__COUNT; i++)
		if ((rc = q_bool(r, reg_person_flag_keys[i], &f->flag[i])))
			return rc;
	return q_bool(r, "verified", &f->verified);
}

static int people_list(struct req *r, struct reg_page *pg, reg_row_fn fn, void *ctx)
{
	struct reg_people_filter f;
	int rc = people_filter(r, &f);
	if (rc)
		return rc;
	return reg_people_list(r->db, r->who, &f, pg, fn, ctx, &r->err);
}

static int h_people_list(struct req *r) { return run_json_list(r, people_list); }

static int h_people_export(struct req *r)
{
	return run_export(r, people_list, reg_person_cols, reg_person_ncols, "people");
}

static int parse_person(json_t *j, struct reg_person_in *in, bool create, struct err *e)
{
	static const char *const keys[] = {
		"region_id", "name", "id_number", "mobile", "gender", "birth_date", "household",
		"address", "is_resident", "is_community_worker", "is_social_worker", "is_volunteer",
		"is_building_leader", "is_party_member", "sw_level", "status", "note", "user_id",
		"version", NULL};
	int rc;
	if ((rc = jin_only(j, keys, e)))
		return rc;
	if (!create && (rc = jin_int(j, "version", true, 1, INT64_MAX, &in->version, e)))
		return rc;
	if (create && json_object_get(j, "version"))
		return err_set(e, ERR_INVALID, "version", "新建时不能指定版本", "version is not allowed on create");
	if ((rc = jin_int(j, "region_id", create, 1, INT64_MAX, &in->region_id, e)) < 0)
		return rc;
	if ((rc = jin_str(j, "name", create, 1, 64, &in->name, e)) < 0)
		return rc;
	if ((rc = opt_str(j, "id_number", 32, &in->id_number, &in->has_id_number, e)) ||
	    (rc = opt_str(j, "mobile", 32, &in->mobile, &in->has_mobile, e)) ||
	    (rc = opt_str(j, "gender", 16, &in->gender, &in->has_gender, e)) ||
	    (rc = opt_str(j, "birth_date", 16, &in->birth_date, &in->has_birth_date, e)) ||
	    (rc = opt_str(j, "address", 200, &in->address, &in->has_address, e)) ||
	    (rc = opt_str(j, "sw_level", 32, &in->sw_level, &in->has_sw_level, e)) ||
	    (rc = opt_str(j, "note", 1000, &in->note, &in->has_note, e)) ||
	    (rc = opt_id(j, "user_id", &in->user_id, &in->has_user_id, e)))
		return rc;
	if ((rc = jin_enum(j, "household", false, reg_households, &in->household, e)) < 0 ||
	    (rc = jin_enum(j, "status", false, reg_person_statuses, &in->status, e)) < 0)
		return rc;
	for (int i = 0; i < PF__COUNT; i++) {
		bool b = false;
		if ((rc = jin_bool(j, reg_person_flag_keys[i], false, &b, e)) < 0)
			return rc;
		in->has_flag[i] = rc == 0;
		in->flags[i] = b;
	}
	return 0;
}

static int h_people_create(struct req *r)
{
	json_t *j;
	int rc = jin_parse_object(r->body, r->body_len, &j, &r->err);
	if (rc)
		return rc;
	struct reg_person_in in = {0};
	int64_t id;
	if ((rc = parse_person(j, &in, true, &r->err)) ||
	    (rc = reg_person_create(r->db, r->who, &in, r->now, &id, &r->err)))
		goto done;
	r->status = 201;
	rc = reg_person_write_json(r->db, r->who, &r->jw, id, false, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_people_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : reg_person_write_json(r->db, r->who, &r->jw, id, true, &r->err);
}

static int h_people_update(struct req *r)
{
	int64_t id;
	json_t *j;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = jin_parse_object(r->body, r->body_len, &j, &r->err)))
		return rc;
	struct reg_person_in in = {0};
	if ((rc = parse_person(j, &in, false, &r->err)) ||
	    (rc = reg_person_update(r->db, r->who, id, &in, r->now, &r->err)))
		goto done;
	rc = reg_person_write_json(r->db, r->who, &r->jw, id, true, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_people_delete(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = reg_person_delete(r->db, r->who, id, r->now, &r->err)))
		return rc;
	return write_ok(r);
}

static int h_people_reveal(struct req *r)
{
	int64_t id;
	json_t *j;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = jin_parse_object(r->body, r->body_len, &j, &r->err)))
		return rc;
	static const char *const keys[] = {"purpose", NULL};
	const char *purpose = NULL;
	if (!(rc = jin_only(j, keys, &r->err)) &&
	    !(rc = jin_str(j, "purpose", true, 2, 200, &purpose, &r->err)))
		rc = reg_person_reveal(r->db, r->who, id, purpose, r->now, &r->jw, &r->err);
	json_decref(j);
	return rc;
}

static int h_people_verify(struct req *r)
{
	int64_t id;
	json_t *j;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = jin_parse_object(r->body, r->body_len, &j, &r->err)))
		return rc;
	static const char *const keys[] = {"method", "note", NULL};
	const char *method = NULL, *note = NULL;
	if ((rc = jin_only(j, keys, &r->err)) ||
	    (rc = jin_enum(j, "method", true, reg_verify_methods, &method, &r->err)) ||
	    (rc = jin_str(j, "note", false, 0, 500, &note, &r->err)) < 0 ||
	    (rc = reg_person_verify(r->db, r->who, id, method, note, r->now, &r->err)))
		goto done;
	rc = reg_person_write_json(r->db, r->who, &r->jw, id, true, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_people_unverify(struct req *r)
{
	int64_t id;
	json_t *j;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = jin_parse_object(r->body, r->body_len, &j, &r->err)))
		return rc;
	static const char *const keys[] = {"reason", NULL};
	const char *reason = NULL;
	if ((rc = jin_only(j, keys, &r->err)) ||
	    (rc = jin_str(j, "reason", true, 2, 500, &reason, &r->err)) ||
	    (rc = reg_person_unverify(r->db, r->who, id, reason, r->now, &r->err)))
		goto done;
	rc = reg_person_write_json(r->db, r->who, &r->jw, id, true, &r->err);
done:
	json_decref(j);
	return rc;
}

/* ---------- organisations ---------- */

static int orgs_list(struct req *r, struct reg_page *pg, reg_row_fn fn, void *ctx)
{
	struct reg_org_filter f = {0};
	int rc;
	if ((rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &f.region_id)) ||
	    (rc = req_query_int(r, "ledger_community_id", 0, 0, INT64_MAX, &f.ledger_community_id)))
		return rc;
	f.q = qs(r, "q");
	f.org_type = qs(r, "org_type");
	f.domain = qs(r, "domain");
	f.registration = qs(r, "registration");
	f.incubation_stage = qs(r, "incubation_stage");
	f.status = qs(r, "status");
	f.sort = qs(r, "sort");
	return reg_orgs_list(r->db, r->who, &f, pg, fn, ctx, &r->err);
}

static int h_orgs_list(struct req *r) { return run_json_list(r, orgs_list); }

static int h_orgs_export(struct req *r)
{
	return run_export(r, orgs_list, reg_org_cols, reg_org_ncols, "organisations");
}

static int parse_org(json_t *j, struct reg_org_in *in, bool create, struct err *e)
{
	static const char *const keys[] = {
		"region_id", "name", "credit_code", "org_type", "domain", "registration",
		"filed_town_id", "ledger_community_id", "incubation_stage", "status", "contact_name",
		"contact_mobile", "address", "latitude", "longitude", "website", "email",
		"description", "founded_on", "version", NULL};
	int rc;
	if ((rc = jin_only(j, keys, e)))
		return rc;
	if (!create && (rc = jin_int(j, "version", true, 1, INT64_MAX, &in->version, e)))
		return rc;
	if ((rc = jin_int(j, "region_id", create, 1, INT64_MAX, &in->region_id, e)) < 0 ||
	    (rc = jin_str(j, "name", create, 1, 100, &in->name, e)) < 0 ||
	    (rc = jin_enum(j, "org_type", create, reg_org_types, &in->org_type, e)) < 0 ||
	    (rc = jin_enum(j, "domain", false, reg_domains, &in->domain, e)) < 0 ||
	    (rc = jin_enum(j, "registration", false, reg_registrations, &in->registration, e)) < 0 ||
	    (rc = jin_enum(j, "status", false, reg_org_statuses, &in->status, e)) < 0)
		return rc;
	if ((rc = opt_str(j, "credit_code", 32, &in->credit_code, &in->has_credit_code, e)) ||
	    (rc = opt_str(j, "incubation_stage", 32, &in->incubation_stage, &in->has_incubation_stage, e)) ||
	    (rc = opt_str(j, "contact_name", 64, &in->contact_name, &in->has_contact_name, e)) ||
	    (rc = opt_str(j, "contact_mobile", 32, &in->contact_mobile, &in->has_contact_mobile, e)) ||
	    (rc = opt_str(j, "address", 200, &in->address, &in->has_address, e)) ||
	    (rc = opt_str(j, "website", 200, &in->website, &in->has_website, e)) ||
	    (rc = opt_str(j, "email", 100, &in->email, &in->has_email, e)) ||
	    (rc = opt_str(j, "description", 2000, &in->description, &in->has_description, e)) ||
	    (rc = opt_str(j, "founded_on", 16, &in->founded_on, &in->has_founded_on, e)) ||
	    (rc = opt_id(j, "filed_town_id", &in->filed_town_id, &in->has_filed_town_id, e)) ||
	    (rc = opt_id(j, "ledger_community_id", &in->ledger_community_id,
			 &in->has_ledger_community_id, e)) ||
	    (rc = opt_double(j, "latitude", &in->latitude, &in->has_latitude, e)) ||
	    (rc = opt_double(j, "longitude", &in->longitude, &in->has_longitude, e)))
		return rc;
	return 0;
}

static int h_orgs_create(struct req *r)
{
	json_t *j;
	int rc = jin_parse_object(r->body, r->body_len, &j, &r->err);
	if (rc)
		return rc;
	struct reg_org_in in = {0};
	int64_t id;
	if ((rc = parse_org(j, &in, true, &r->err)) ||
	    (rc = reg_org_create(r->db, r->who, &in, r->now, &id, &r->err)))
		goto done;
	r->status = 201;
	rc = reg_org_write_json(r->db, r->who, &r->jw, id, false, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_orgs_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : reg_org_write_json(r->db, r->who, &r->jw, id, true, &r->err);
}

static int h_orgs_update(struct req *r)
{
	int64_t id;
	json_t *j;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = jin_parse_object(r->body, r->body_len, &j, &r->err)))
		return rc;
	struct reg_org_in in = {0};
	if ((rc = parse_org(j, &in, false, &r->err)) ||
	    (rc = reg_org_update(r->db, r->who, id, &in, r->now, &r->err)))
		goto done;
	rc = reg_org_write_json(r->db, r->who, &r->jw, id, true, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_orgs_delete(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = reg_org_delete(r->db, r->who, id, r->now, &r->err)))
		return rc;
	return write_ok(r);
}

/* ---------- teams ---------- */

static int teams_list(struct req *r, struct reg_page *pg, reg_row_fn fn, void *ctx)
{
	struct reg_team_filter f = {0};
	int rc;
	if ((rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &f.region_id)) ||
	    (rc = req_query_int(r, "parent_id", 0, 0, INT64_MAX, &f.parent_id)) ||
	    (rc = q_bool(r, "is_general", &f.is_general)))
		return rc;
	f.q = qs(r, "q");
	f.domain = qs(r, "domain");
	f.status = qs(r, "status");
	f.sort = qs(r, "sort");
	return reg_teams_list(r->db, r->who, &f, pg, fn, ctx, &r->err);
}

static int h_teams_list(struct req *r) { return run_json_list(r, teams_list); }

static int h_teams_export(struct req *r)
{
	return run_export(r, teams_list, reg_team_cols, reg_team_ncols, "teams");
}

static int h_teams_tree(struct req *r)
{
	int64_t region;
	int rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region);
	return rc ? rc : reg_team_tree(r->db, r->who, &r->jw, region, &r->err);
}

static int parse_team(json_t *j, struct reg_team_in *in, bool create, struct err *e)
{
	static const char *const keys[] = {"region_id", "parent_id", "is_general", "name",
					   "organisation_id", "domain", "status", "description",
					   "version", NULL};
	int rc;
	bool g = false;
	if ((rc = jin_only(j, keys, e)))
		return rc;
	if (!create && (rc = jin_int(j, "version", true, 1, INT64_MAX, &in->version, e)))
		return rc;
	if ((rc = jin_int(j, "region_id", create, 1, INT64_MAX, &in->region_id, e)) < 0 ||
	    (rc = jin_str(j, "name", create, 1, 64, &in->name, e)) < 0 ||
	    (rc = jin_enum(j, "domain", false, reg_domains, &in->domain, e)) < 0 ||
	    (rc = jin_enum(j, "status", false, reg_team_statuses, &in->status, e)) < 0)
		return rc;
	if ((rc = jin_bool(j, "is_general", false, &g, e)) < 0)
		return rc;
	in->has_is_general = rc == 0;
	in->is_general = g;
	if ((rc = opt_id(j, "parent_id", &in->parent_id, &in->has_parent_id, e)) ||
	    (rc = opt_id(j, "organisation_id", &in->organisation_id, &in->has_organisation_id, e)) ||
	    (rc = opt_str(j, "description", 2000, &in->description, &in->has_description, e)))
		return rc;
	return 0;
}

static int h_teams_create(struct req *r)
{
	json_t *j;
	int rc = jin_parse_object(r->body, r->body_len, &j, &r->err);
	if (rc)
		return rc;
	struct reg_team_in in = {0};
	int64_t id;
	if ((rc = parse_team(j, &in, true, &r->err)) ||
	    (rc = reg_team_create(r->db, r->who, &in, r->now, &id, &r->err)))
		goto done;
	r->status = 201;
	rc = reg_team_write_json(r->db, r->who, &r->jw, id, false, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_teams_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : reg_team_write_json(r->db, r->who, &r->jw, id, true, &r->err);
}

static int h_teams_update(struct req *r)
{
	int64_t id;
	json_t *j;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = jin_parse_object(r->body, r->body_len, &j, &r->err)))
		return rc;
	struct reg_team_in in = {0};
	if ((rc = parse_team(j, &in, false, &r->err)) ||
	    (rc = reg_team_update(r->db, r->who, id, &in, r->now, &r->err)))
		goto done;
	rc = reg_team_write_json(r->db, r->who, &r->jw, id, true, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_teams_delete(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = reg_team_delete(r->db, r->who, id, r->now, &r->err)))
		return rc;
	return write_ok(r);
}

static int h_team_member_add(struct req *r)
{
	int64_t id, person;
	json_t *j;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = jin_parse_object(r->body, r->body_len, &j, &r->err)))
		return rc;
	static const char *const keys[] = {"person_id", "role", NULL};
	const char *role = "member";
	if ((rc = jin_only(j, keys, &r->err)) ||
	    (rc = jin_int(j, "person_id", true, 1, INT64_MAX, &person, &r->err)) ||
	    (rc = jin_enum(j, "role", false, reg_team_roles, &role, &r->err)) < 0 ||
	    (rc = reg_team_member_set(r->db, r->who, id, person, role, r->now, &r->err)))
		goto done;
	rc = reg_team_write_json(r->db, r->who, &r->jw, id, true, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_team_member_remove(struct req *r)
{
	int64_t id, person;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_param_id(r, "person_id", &person)) ||
	    (rc = reg_team_member_remove(r->db, r->who, id, person, r->now, &r->err)))
		return rc;
	return reg_team_write_json(r->db, r->who, &r->jw, id, true, &r->err);
}

/* ---------- facilities ---------- */

static int facilities_list(struct req *r, struct reg_page *pg, reg_row_fn fn, void *ctx)
{
	struct reg_facility_filter f = {0};
	int rc;
	if ((rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &f.region_id)))
		return rc;
	f.q = qs(r, "q");
	f.kind = qs(r, "kind");
	f.status = qs(r, "status");
	f.sort = qs(r, "sort");
	return reg_facilities_list(r->db, r->who, &f, pg, fn, ctx, &r->err);
}

static int h_fac_list(struct req *r) { return run_json_list(r, facilities_list); }

static int h_fac_export(struct req *r)
{
	return run_export(r, facilities_list, reg_facility_cols, reg_facility_ncols, "facilities");
}

static int parse_facility(json_t *j, struct reg_facility_in *in, bool create, struct err *e)
{
	static const char *const keys[] = {"region_id", "name", "kind", "area_m2", "address",
					   "latitude", "longitude", "opening_hours", "status",
					   "version", NULL};
	int rc;
	if ((rc = jin_only(j, keys, e)))
		return rc;
	if (!create && (rc = jin_int(j, "version", true, 1, INT64_MAX, &in->version, e)))
		return rc;
	if ((rc = jin_int(j, "region_id", create, 1, INT64_MAX, &in->region_id, e)) < 0 ||
	    (rc = jin_str(j, "name", create, 1, 100, &in->name, e)) < 0 ||
	    (rc = jin_enum(j, "kind", create, reg_facility_kinds, &in->kind, e)) < 0 ||
	    (rc = jin_enum(j, "status", false, reg_facility_statuses, &in->status, e)) < 0)
		return rc;
	if ((rc = jin_int(j, "area_m2", false, 0, 10000000, &in->area_m2, e)) < 0)
		return rc;
	in->has_area_m2 = json_object_get(j, "area_m2") != NULL;
	if ((rc = opt_str(j, "address", 200, &in->address, &in->has_address, e)) ||
	    (rc = opt_str(j, "opening_hours", 200, &in->opening_hours, &in->has_opening_hours, e)) ||
	    (rc = opt_double(j, "latitude", &in->latitude, &in->has_latitude, e)) ||
	    (rc = opt_double(j, "longitude", &in->longitude, &in->has_longitude, e)))
		return rc;
	return 0;
}

static int h_fac_create(struct req *r)
{
	json_t *j;
	int rc = jin_parse_object(r->body, r->body_len, &j, &r->err);
	if (rc)
		return rc;
	struct reg_facility_in in = {0};
	int64_t id;
	if ((rc = parse_facility(j, &in, true, &r->err)) ||
	    (rc = reg_facility_create(r->db, r->who, &in, r->now, &id, &r->err)))
		goto done;
	r->status = 201;
	rc = reg_facility_write_json(r->db, r->who, &r->jw, id, false, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_fac_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : reg_facility_write_json(r->db, r->who, &r->jw, id, true, &r->err);
}

static int h_fac_update(struct req *r)
{
	int64_t id;
	json_t *j;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = jin_parse_object(r->body, r->body_len, &j, &r->err)))
		return rc;
	struct reg_facility_in in = {0};
	if ((rc = parse_facility(j, &in, false, &r->err)) ||
	    (rc = reg_facility_update(r->db, r->who, id, &in, r->now, &r->err)))
		goto done;
	rc = reg_facility_write_json(r->db, r->who, &r->jw, id, true, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_fac_delete(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = reg_facility_delete(r->db, r->who, id, r->now, &r->err)))
		return rc;
	return write_ok(r);
}

static int parse_room(json_t *j, struct reg_room_in *in, bool create, struct err *e)
{
	static const char *const keys[] = {"name", "capacity", "area_m2", NULL};
	int rc;
	if ((rc = jin_only(j, keys, e)) || (rc = jin_str(j, "name", create, 1, 64, &in->name, e)) < 0)
		return rc;
	if ((rc = jin_int(j, "capacity", false, 0, 100000, &in->capacity, e)) < 0)
		return rc;
	in->has_capacity = json_object_get(j, "capacity") != NULL;
	if ((rc = jin_int(j, "area_m2", false, 0, 10000000, &in->area_m2, e)) < 0)
		return rc;
	in->has_area_m2 = json_object_get(j, "area_m2") != NULL;
	return 0;
}

static int h_room_create(struct req *r)
{
	int64_t id, room;
	json_t *j;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = jin_parse_object(r->body, r->body_len, &j, &r->err)))
		return rc;
	struct reg_room_in in = {0};
	if ((rc = parse_room(j, &in, true, &r->err)) ||
	    (rc = reg_room_create(r->db, r->who, id, &in, r->now, &room, &r->err)))
		goto done;
	r->status = 201;
	rc = reg_facility_write_json(r->db, r->who, &r->jw, id, false, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_room_update(struct req *r)
{
	int64_t id, room;
	json_t *j;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_param_id(r, "room_id", &room)) ||
	    (rc = jin_parse_object(r->body, r->body_len, &j, &r->err)))
		return rc;
	struct reg_room_in in = {0};
	if ((rc = parse_room(j, &in, false, &r->err)) ||
	    (rc = reg_room_update(r->db, r->who, id, room, &in, r->now, &r->err)))
		goto done;
	rc = reg_facility_write_json(r->db, r->who, &r->jw, id, false, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_room_delete(struct req *r)
{
	int64_t id, room;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_param_id(r, "room_id", &room)) ||
	    (rc = reg_room_delete(r->db, r->who, id, room, r->now, &r->err)))
		return rc;
	return reg_facility_write_json(r->db, r->who, &r->jw, id, false, &r->err);
}

#define ORG_READ (REG_READ_ROLES | R(ROLE_ORG_ADMIN))

const struct route registry_routes[] = {
	{"GET", "/api/v1/people/export", h_people_export, REG_READ_ROLES, 0, "people as CSV/XLSX (masked), same filters as the list"},
	{"GET", "/api/v1/people", h_people_list, REG_READ_ROLES, 0, "people in scope: filters, search, sort, page (masked)"},
	{"POST", "/api/v1/people", h_people_create, REG_EDIT_ROLES, 0, "register a person"},
	{"GET", "/api/v1/people/{id}", h_people_get, REG_READ_ROLES, 0, "one person (masked) with history"},
	{"PATCH", "/api/v1/people/{id}", h_people_update, REG_EDIT_ROLES, 0, "edit a person (needs version)"},
	{"DELETE", "/api/v1/people/{id}", h_people_delete, REG_EDIT_ROLES, 0, "delete an unreferenced person"},
	{"POST", "/api/v1/people/{id}/reveal", h_people_reveal, REG_REVEAL_ROLES, 0, "full ID number and mobile for a stated purpose (audited)"},
	{"POST", "/api/v1/people/{id}/verify", h_people_verify, REG_EDIT_ROLES, 0, "verify a resident (household roll, residence permit, in person)"},
	{"POST", "/api/v1/people/{id}/unverify", h_people_unverify, REG_EDIT_ROLES, 0, "withdraw a verification with a reason"},
	{"GET", "/api/v1/organisations/export", h_orgs_export, ORG_READ, 0, "organisations as CSV/XLSX"},
	{"GET", "/api/v1/organisations", h_orgs_list, ORG_READ, 0, "organisations in scope: filters, sort, page"},
	{"POST", "/api/v1/organisations", h_orgs_create, REG_EDIT_ROLES, 0, "register an organisation"},
	{"GET", "/api/v1/organisations/{id}", h_orgs_get, ORG_READ, 0, "one organisation with history"},
	{"PATCH", "/api/v1/organisations/{id}", h_orgs_update, REG_EDIT_ROLES, 0, "edit an organisation (needs version)"},
	{"DELETE", "/api/v1/organisations/{id}", h_orgs_delete, REG_EDIT_ROLES, 0, "delete an unreferenced organisation"},
	{"GET", "/api/v1/teams/tree", h_teams_tree, REG_READ_ROLES, 0, "general teams with their teams"},
	{"GET", "/api/v1/teams/export", h_teams_export, REG_READ_ROLES, 0, "teams as CSV/XLSX"},
	{"GET", "/api/v1/teams", h_teams_list, REG_READ_ROLES, 0, "volunteer teams in scope"},
	{"POST", "/api/v1/teams", h_teams_create, REG_EDIT_ROLES, 0, "create a team or general team"},
	{"GET", "/api/v1/teams/{id}", h_teams_get, REG_READ_ROLES, 0, "one team with members and history"},
	{"PATCH", "/api/v1/teams/{id}", h_teams_update, REG_EDIT_ROLES, 0, "edit a team (needs version)"},
	{"DELETE", "/api/v1/teams/{id}", h_teams_delete, REG_EDIT_ROLES, 0, "delete a team without sub-teams"},
	{"POST", "/api/v1/teams/{id}/members", h_team_member_add, REG_EDIT_ROLES, 0, "add a member or change a role (leader/member)"},
	{"DELETE", "/api/v1/teams/{id}/members/{person_id}", h_team_member_remove, REG_EDIT_ROLES, 0, "remove a member"},
	{"GET", "/api/v1/facilities/export", h_fac_export, REG_READ_ROLES, 0, "facilities as CSV/XLSX"},
	{"GET", "/api/v1/facilities", h_fac_list, REG_READ_ROLES, 0, "facilities in scope"},
	{"POST", "/api/v1/facilities", h_fac_create, REG_EDIT_ROLES, 0, "register a facility"},
	{"GET", "/api/v1/facilities/{id}", h_fac_get, REG_READ_ROLES, 0, "one facility with rooms and history"},
	{"PATCH", "/api/v1/facilities/{id}", h_fac_update, REG_EDIT_ROLES, 0, "edit a facility (needs version)"},
	{"DELETE", "/api/v1/facilities/{id}", h_fac_delete, REG_EDIT_ROLES, 0, "delete a facility"},
	{"POST", "/api/v1/facilities/{id}/rooms", h_room_create, REG_EDIT_ROLES, 0, "add a room"},
	{"PATCH", "/api/v1/facilities/{id}/rooms/{room_id}", h_room_update, REG_EDIT_ROLES, 0, "edit a room"},
	{"DELETE", "/api/v1/facilities/{id}/rooms/{room_id}", h_room_delete, REG_EDIT_ROLES, 0, "remove a room"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
