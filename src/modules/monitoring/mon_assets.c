/*
 * mon_assets.c — the fixed assets of hardware projects (the programme's
 * 2021 fixed-asset rules): registered with category, value in fen,
 * quantity, purchase day and invoice; kept at a location by a custodian;
 * disposed of only with a reason and who approved it. The register lists
 * them per project or per programme, only for projects the caller may
 * read, as JSON or as an export (XLSX).
 */
#include <jansson.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/export.h"
#include "core/jw.h"
#include "modules/monitoring/mon_internal.h"
#include "modules/monitoring/monitoring.h"
#include "store/row.h"
#include "store/store.h"

#define N(a) (int)(sizeof a / sizeof a[0])

static const struct col asset_cols[] = {
	{"id", "编号", COL_INT},
	{"project_id", "项目", COL_INT},
	{"programme_id", "项目年度", COL_INT},
	{"name", "资产名称", COL_TEXT},
	{"category", "类别", COL_TEXT},
	{"value", "单价（分）", COL_INT},
	{"quantity", "数量", COL_INT},
	{"purchased_on", "购置日期", COL_TEXT},
	{"invoice_no", "发票号", COL_TEXT},
	{"location", "存放地点", COL_TEXT},
	{"custodian", "保管人", COL_TEXT},
	{"status", "状态", COL_TEXT},
	{"disposal_reason", "处置原因", COL_TEXT},
	{"disposal_approved_by", "处置批准", COL_TEXT},
	{"disposed_on", "处置日期", COL_TEXT},
	{"version", "版本", COL_INT},
	{"created_at", "登记时间", COL_TIME},
};
#define ASSET_SELECT                                                                                                  \
	"SELECT id, project_id, programme_id, name, category, value, quantity, purchased_on, invoice_no, location,"  \
	" custodian, status, disposal_reason, disposal_approved_by, disposed_on, version, created_at FROM mon_assets"
const struct record_kind mon_asset_kind = {
	.entity = "mon_asset", .what_zh = "固定资产", .what_en = "fixed asset",
	.head_sql = "SELECT s.id, p.region_id, s.version, g.path FROM mon_assets s JOIN mon_projects p ON p.id=s.project_id"
		    " JOIN regions g ON g.id=p.region_id WHERE s.id=?",
	.row_sql = ASSET_SELECT " WHERE id=?",
	.cols = asset_cols, .ncols = N(asset_cols), .read_roles = ROLES_ANY,
};

static int check_text(struct ctx *c, const char *s, size_t max_bytes, const char *field, const char *zh, const char *en)
{
	size_t n = s ? strlen(s) : 0;
	if (!n || n > max_bytes)
		return err_set(c->e, ERR_INVALID, field, zh, en);
	return 0;
}

int mon_asset_add(struct ctx *c, int64_t project_id, const struct mon_asset_in *in, int64_t *asset_id)
{
	struct mon_project p;
	int rc;
	if ((rc = mon_project_load(c, project_id, &p)))
		return rc;
	if (p.role != MON_STAFF && p.role != MON_APPLICANT)
		return err_set(c->e, ERR_FORBIDDEN, "id", "只有申请方或项目管理人员可以登记资产", "only the applicant or staff register assets");
	if (strcmp(p.kind, "hardware"))
		return err_set(c->e, ERR_RULE, "id", "只有硬件类项目登记固定资产", "only hardware projects register fixed assets");
	bool cat = false;
	for (int i = 0; in->category && mon_asset_categories[i]; i++)
		cat |= !strcmp(in->category, mon_asset_categories[i]);
	if ((rc = check_text(c, in->name, 600, "name", "请填写资产名称", "name the asset")))
		return rc;
	if (!cat)
		return err_set(c->e, ERR_INVALID, "category", "没有这个资产类别", "no such asset category");
	if (in->value <= 0 || in->value > 100000000000LL)
		return err_set(c->e, ERR_INVALID, "value", "单价须大于零", "the value must be more than zero");
	if (in->quantity < 1 || in->quantity > 100000)
		return err_set(c->e, ERR_INVALID, "quantity", "数量须在 1 至 100000 之间", "quantity: 1 to 100000");
	if ((rc = mon_day(c, in->purchased_on, "purchased_on")))
		return rc;
	if (strcmp(in->purchased_on, mon_today(c)) > 0)
		return err_set(c->e, ERR_RULE, "purchased_on", "购置日期不能晚于今天", "the purchase cannot be in the future");
	if ((rc = check_text(c, in->invoice_no, 60, "invoice_no", "请填写发票号", "give the invoice number")) ||
	    (rc = check_text(c, in->location, 600, "location", "请填写存放地点", "say where it is kept")) ||
	    (rc = check_text(c, in->custodian, 300, "custodian", "请填写保管人", "name its custodian")))
		return rc;
	if ((rc = db_int(c->db, c->e, asset_id,
			 "INSERT INTO mon_assets (project_id, programme_id, name, category, value, quantity, purchased_on,"
			 " invoice_no, location, custodian, status, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,'in_use',?)"
			 " RETURNING id",
			 "iissiissssi", project_id, p.programme_id, in->name, in->category, in->value, in->quantity,
			 in->purchased_on, in->invoice_no, in->location, in->custodian, c->now)) < 0)
		return rc;
	return record_created(c, &mon_asset_kind, *asset_id, p.region_id, "register");
}

static int asset_project(struct ctx *c, int64_t asset_id, struct mon_project *p, bool staff)
{
	int64_t pid = 0;
	int rc;
	if ((rc = db_int(c->db, c->e, &pid, "SELECT project_id FROM mon_assets WHERE id=?", "i", asset_id)) < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这项固定资产", "no such fixed asset");
	if ((rc = mon_project_load(c, pid, p)))
		return rc;
	if (p->role != MON_STAFF && (staff || p->role != MON_APPLICANT))
		return err_set(c->e, ERR_FORBIDDEN, "id", "只有项目管理人员可以处置资产", "only the programme's staff may do this");
	char *status = NULL;
	if ((rc = db_text(c->db, c->e, c->a, &status, "SELECT status FROM mon_assets WHERE id=?", "i", asset_id)) < 0)
		return rc;
	if (strcmp(status, "in_use"))
		return err_set(c->e, ERR_RULE, "status", "该资产已处置", "the asset was disposed of");
	return 0;
}

int mon_asset_update(struct ctx *c, int64_t asset_id, const struct mon_asset_in *in)
{
	struct mon_project p;
	int rc;
	if ((rc = asset_project(c, asset_id, &p, false)))
		return rc;
	if (!in->has_location && !in->has_custodian)
		return err_set(c->e, ERR_INVALID, "location", "请填写新的存放地点或保管人", "give the new location or custodian");
	if ((in->has_location && (rc = check_text(c, in->location, 600, "location", "请填写存放地点", "say where it is kept"))) ||
	    (in->has_custodian && (rc = check_text(c, in->custodian, 300, "custodian", "请填写保管人", "name its custodian"))))
		return rc;
	struct record r;
	if ((rc = record_head(c, &mon_asset_kind, asset_id, &r)) || (rc = record_begin(c, &r, in->version)))
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE mon_assets SET location=coalesce(?, location), custodian=coalesce(?, custodian),"
			  " version=version+1 WHERE id=?",
			  "ssi", in->has_location ? in->location : NULL, in->has_custodian ? in->custodian : NULL, asset_id)))
		return rc;
	return record_commit(c, &r, "update");
}

int mon_asset_dispose(struct ctx *c, int64_t asset_id, const char *reason, const char *approved_by,
		      const char *disposed_on, int64_t version)
{
	struct mon_project p;
	int rc;
	if ((rc = asset_project(c, asset_id, &p, true)))
		return rc;
	if ((rc = check_text(c, reason, 1500, "reason", "请写明处置原因", "give the reason for the disposal")) ||
	    (rc = check_text(c, approved_by, 300, "approved_by", "请写明批准人或批准文件", "say who approved the disposal")) ||
	    (rc = mon_day(c, disposed_on, "disposed_on")))
		return rc;
	if (strcmp(disposed_on, mon_today(c)) > 0)
		return err_set(c->e, ERR_RULE, "disposed_on", "处置日期不能晚于今天", "the disposal cannot be in the future");
	struct record r;
	if ((rc = record_head(c, &mon_asset_kind, asset_id, &r)) || (rc = record_begin(c, &r, version)))
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE mon_assets SET status='disposed', disposal_reason=?, disposal_approved_by=?, disposed_on=?,"
			  " version=version+1 WHERE id=?",
			  "sssi", reason, approved_by, disposed_on, asset_id)))
		return rc;
	return record_commit(c, &r, "dispose");
}

/* Walk the register: the assets of project_id, or of programme_id's
 * projects, skipping projects the caller may not read. */
static int walk(struct ctx *c, int64_t programme_id, int64_t project_id, int (*fn)(void *arg, struct stmt *st, const char *code, const char *title), void *arg)
{
	int rc;
	struct mon_project p;
	if (project_id && (rc = mon_project_load(c, project_id, &p)))
		return rc;
	if (!project_id && programme_id <= 0)
		return err_set(c->e, ERR_INVALID, "programme_id", "请指明项目年度或资助项目", "name the programme or the project");
	struct stmt *st = project_id
				  ? db_q(c->db, c->e, "SELECT DISTINCT project_id FROM mon_assets WHERE project_id=?", "i", project_id)
				  : db_q(c->db, c->e, "SELECT DISTINCT project_id FROM mon_assets WHERE programme_id=? ORDER BY project_id",
					 "i", programme_id);
	if (!st)
		return c->e->code;
	int64_t *ids = arena_alloc(c->a, sizeof *ids * 2000);
	int k = 0;
	while (k < 2000 && (rc = stmt_step(st, c->e)) == 1)
		ids[k++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < k; i++) {
		if (mon_project_load(c, ids[i], &p)) {
			err_clear(c->e);
			continue;
		}
		char *code = NULL, *title = NULL;
		if ((rc = db_text(c->db, c->e, c->a, &code, "SELECT code FROM prog_applications WHERE id=?", "i", p.application_id)) < 0 ||
		    (rc = db_text(c->db, c->e, c->a, &title, "SELECT title FROM prog_applications WHERE id=?", "i",
				  p.application_id)) < 0)
			return rc;
		st = db_q(c->db, c->e, ASSET_SELECT " WHERE project_id=? ORDER BY id", "i", ids[i]);
		if (!st)
			return c->e->code;
		while ((rc = stmt_step(st, c->e)) == 1)
			if ((rc = fn(arg, st, code, title)))
				break;
		stmt_done(st);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int write_one(void *arg, struct stmt *st, const char *code, const char *title)
{
	struct jw *w = arg;
	jw_obj(w);
	row_json(w, asset_cols, N(asset_cols), st);
	jw_kstr(w, "project_code", code);
	jw_kstr(w, "project_title", title);
	jw_kint(w, "total_value", col_int(st, 5) * col_int(st, 6));
	jw_obj_end(w);
	return 0;
}

int mon_assets_write(struct ctx *c, int64_t programme_id, int64_t project_id)
{
	struct jw *w = c->w;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	int rc = walk(c, programme_id, project_id, write_one, w);
	jw_arr_end(w);
	jw_obj_end(w);
	return rc;
}

struct export_arg {
	struct export *x;
	struct err *e;
};
static int export_one(void *arg, struct stmt *st, const char *code, const char *title)
{
	struct export_arg *a = arg;
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "project_code", code,
			      "project_title", title, "name", col_text(st, 3), "category", col_text(st, 4), "value",
			      (json_int_t)col_int(st, 5), "quantity", (json_int_t)col_int(st, 6), "total_value",
			      (json_int_t)(col_int(st, 5) * col_int(st, 6)), "purchased_on", col_text(st, 7), "invoice_no",
			      col_text(st, 8), "location", col_text(st, 9), "custodian", col_text(st, 10), "status",
			      col_text(st, 11), "disposal_reason", col_text(st, 12), "disposed_on",
			      col_null(st, 14) ? "" : col_text(st, 14));
	if (!o)
		return err_set(a->e, ERR_INTERNAL, "", "内存不足", "out of memory");
	int rc = export_item(a->x, o, a->e);
	json_decref(o);
	return rc;
}

int mon_assets_export(struct ctx *c, int64_t programme_id, int64_t project_id, struct export *x)
{
	struct export_arg a = {x, c->e};
	return walk(c, programme_id, project_id, export_one, &a);
}
