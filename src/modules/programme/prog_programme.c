/*
 * prog_programme.c — programme years (项目年度), their plates (板块) and
 * special funds (专项资金). Only a district admin over the programme's
 * region writes them (prog_programme_admin); anyone logged in reads a
 * programme that is not a draft, staff read drafts too. A special fund may
 * get its own account in the funds ledger (a fund of kind
 * special_programme in the programme's region) when it is added.
 */
#include <stdio.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "modules/funds/funds_internal.h"
#include "modules/programme/prog_internal.h"
#include "store/jcols.h"
#include "store/store.h"
#include "store/list.h"

static const struct col programme_cols[] = {
	{"id", "编号", COL_INT},
	{"code", "代码", COL_TEXT},
	{"name", "名称", COL_TEXT},
	{"year", "年度", COL_INT},
	{"region_id", "区域", COL_INT},
	{"status", "状态", COL_TEXT},
	{"apply_opens_at", "申报开始", COL_TIME},
	{"apply_closes_at", "申报截止", COL_TIME},
	{"conflict_lookback_years", "利益冲突回溯年数", COL_INT},
	{"award_rule", "资助规则", COL_TEXT},
	{"award_min_score", "最低分", COL_DOUBLE},
	{"award_threshold", "门槛分", COL_DOUBLE},
	{"award_percent", "资助比例", COL_INT},
	{"award_max_grant", "单项上限（分）", COL_INT},
	{"objection_days", "公示天数", COL_INT},
	{"imported", "历史导入", COL_BOOL},
	{"version", "版本", COL_INT},
	{"created_at", "创建时间", COL_TIME},
	{"updated_at", "更新时间", COL_TIME},
};
const struct record_kind prog_programme_kind = {
	.entity = "programme", .what_zh = "项目年度", .what_en = "programme",
	.head_sql = "SELECT p.id, p.region_id, p.version, g.path FROM programmes p JOIN regions g ON g.id=p.region_id"
		    " WHERE p.id=?",
	.row_sql = "SELECT id, code, name, year, region_id, status, apply_opens_at, apply_closes_at,"
		   " conflict_lookback_years, award_rule, award_min_score, award_threshold, award_percent, award_max_grant,"
		   " objection_days, imported, version, created_at, updated_at FROM programmes WHERE id=?",
	.cols = programme_cols, .ncols = (int)(sizeof programme_cols / sizeof programme_cols[0]),
	.read_roles = ROLES_ANY,
};

static const struct col fund_cols[] = {
	{"id", "编号", COL_INT},         {"programme_id", "项目年度", COL_INT}, {"plate_id", "板块", COL_INT},
	{"name", "名称", COL_TEXT},      {"funder", "扶持单位", COL_TEXT},      {"budget", "预算（分）", COL_INT},
	{"scope", "扶持范围", COL_TEXT}, {"fund_id", "基金账户", COL_INT},      {"sort", "排序", COL_INT},
};
const struct record_kind prog_fund_kind = {
	.entity = "prog_fund", .what_zh = "专项资金", .what_en = "special fund",
	.head_sql = "SELECT f.id, p.region_id, 1, g.path FROM prog_funds f JOIN programmes p ON p.id=f.programme_id"
		    " JOIN regions g ON g.id=p.region_id WHERE f.id=?",
	.row_sql = "SELECT id, programme_id, plate_id, name, funder, budget, scope, fund_id, sort FROM prog_funds WHERE id=?",
	.cols = fund_cols, .ncols = (int)(sizeof fund_cols / sizeof fund_cols[0]),
	.read_roles = ROLES_ANY,
};

static int check_code(struct ctx *c, const char *code)
{
	size_t n = code ? strlen(code) : 0;
	if (n < 1 || n > 40)
		return err_set(c->e, ERR_INVALID, "code", "代码须为 1 至 40 个字符", "code: 1 to 40 characters");
	for (size_t i = 0; i < n; i++) {
		char ch = code[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
		      ch == '_'))
			return err_set(c->e, ERR_INVALID, "code", "代码只能含字母、数字、- 和 _",
				       "code: letters, digits, - and _ only");
	}
	return 0;
}

static int check_window(struct ctx *c, bool has_o, int64_t o, bool has_c, int64_t cl)
{
	if (has_o && has_c && cl <= o)
		return err_set(c->e, ERR_INVALID, "apply_closes_at", "申报截止须晚于申报开始",
			       "apply_closes_at must be after apply_opens_at");
	return 0;
}

static int check_scores(struct ctx *c, const struct prog_programme_in *in)
{
	if (in->has_min_score && (in->award_min_score < 0 || in->award_min_score > 100))
		return err_set(c->e, ERR_INVALID, "award_min_score", "最低分须在 0 至 100 之间", "award_min_score: 0 to 100");
	if (in->has_threshold && (in->award_threshold < 0 || in->award_threshold > 100))
		return err_set(c->e, ERR_INVALID, "award_threshold", "门槛分须在 0 至 100 之间", "award_threshold: 0 to 100");
	return 0;
}

int prog_programme_by_code(struct ctx *c, const char *code, int64_t *id)
{
	int rc = db_int(c->db, c->e, id, "SELECT id FROM programmes WHERE code=?", "s", code ? code : "");
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_NOT_FOUND, "code", "没有这个项目年度", "no such programme");
	return 0;
}

int prog_programme_create(struct ctx *c, const struct prog_programme_in *in, int64_t *id)
{
	int rc;
	if ((rc = check_code(c, in->code)))
		return rc;
	if (in->year < 2000 || in->year > 2100)
		return err_set(c->e, ERR_INVALID, "year", "年度须在 2000 至 2100 之间", "year: 2000 to 2100");
	if (in->status && !prog_in(prog_statuses, in->status))
		return err_set(c->e, ERR_INVALID, "status", "状态不在列表中", "unknown status");
	if ((rc = check_window(c, in->has_opens, in->apply_opens_at, in->has_closes, in->apply_closes_at)) ||
	    (rc = check_scores(c, in)))
		return rc;
	int64_t region = in->region_id;
	if (!region) {
		/* the district: the caller's district-admin grant, or the one district */
		const struct grant *g = c->who ? auth_primary_grant(c->who, R(ROLE_DISTRICT_ADMIN)) : NULL;
		if (g)
			region = g->region_id;
		else if ((rc = db_int(c->db, c->e, &region,
				      "SELECT id FROM regions WHERE level='district' ORDER BY id LIMIT 1", "")) <= 0)
			return rc < 0 ? rc
				      : err_set(c->e, ERR_INVALID, "region_id", "没有区级区域", "no district region");
	}
	char *path = NULL;
	if ((rc = list_region_path_in(c->db, c->a, region, &path, c->e)) < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_INVALID, "region_id", "没有这个区域", "no such region");
	if (c->who && !auth_covers_path(c->who, R(ROLE_DISTRICT_ADMIN), path))
		return err_set(c->e, ERR_FORBIDDEN, "region_id", "只有区级管理员可以设立项目年度",
			       "only a district admin may set up a programme");
	int64_t dup = 0;
	if ((rc = db_int(c->db, c->e, &dup, "SELECT count(*) FROM programmes WHERE code=?", "s", in->code)) < 0)
		return rc;
	if (dup)
		return err_set(c->e, ERR_CONFLICT, "code", "已有这个代码的项目年度", "a programme with this code exists");
	struct db_arg a[] = {
		{'s', 0, 0, in->code},
		{'s', 0, 0, in->name && *in->name ? in->name : in->code},
		{'i', in->year, 0, NULL},
		{'i', region, 0, NULL},
		{'s', 0, 0, in->status ? in->status : "draft"},
		{in->has_opens ? 'i' : 'n', in->apply_opens_at, 0, NULL},
		{in->has_closes ? 'i' : 'n', in->apply_closes_at, 0, NULL},
		{'i', in->has_lookback ? in->conflict_lookback_years : 3, 0, NULL},
		{'s', 0, 0, in->award_rule ? in->award_rule : "ranked_full"},
		{'d', 0, in->has_min_score ? (double)in->award_min_score : 60.0, NULL},
		{'d', 0, in->has_threshold ? (double)in->award_threshold : 80.0, NULL},
		{'i', in->has_percent ? in->award_percent : 100, 0, NULL},
		{'i', in->has_max_grant ? in->award_max_grant : 0, 0, NULL},
		{'i', in->has_objection_days ? in->objection_days : 7, 0, NULL},
		{'i', c->now, 0, NULL},
		{'i', c->now, 0, NULL},
	};
	rc = db_int_a(c->db, c->e, id,
			"INSERT INTO programmes (code, name, year, region_id, status, apply_opens_at, apply_closes_at,"
			" conflict_lookback_years, award_rule, award_min_score, award_threshold, award_percent,"
			" award_max_grant, objection_days, created_at, updated_at)"
			" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
			a, 16);
	if (rc != 1)
		return rc < 0 ? rc : ERR_STORE;
	return record_created(c, &prog_programme_kind, *id, region, NULL);
}

int prog_programme_update(struct ctx *c, int64_t id, const struct prog_programme_in *in)
{
	int rc;
	if ((rc = prog_programme_admin(c, id)))
		return rc == ERR_NOT_FOUND ? err_set(c->e, ERR_NOT_FOUND, "id", "没有这个项目年度", "no such programme") : rc;
	if (in->has_status && !prog_in(prog_statuses, in->status))
		return err_set(c->e, ERR_INVALID, "status", "状态不在列表中", "unknown status");
	if ((rc = check_scores(c, in)))
		return rc;
	struct record r;
	if ((rc = record_head(c, &prog_programme_kind, id, &r)) || (rc = record_begin(c, &r, in->version)))
		return rc;
	struct stmt *st = NULL;
	if ((rc = db_row(c->db, c->e, &st, "SELECT apply_opens_at, apply_closes_at FROM programmes WHERE id=?", "i", id)) <
	    0)
		return rc;
	bool ho = in->has_opens || !col_null(st, 0), hc = in->has_closes || !col_null(st, 1);
	int64_t o = in->has_opens ? in->apply_opens_at : col_int(st, 0);
	int64_t cl = in->has_closes ? in->apply_closes_at : col_int(st, 1);
	stmt_done(st);
	if ((rc = check_window(c, ho, o, hc, cl)))
		return rc;
	struct db_arg a[] = {
		{in->has_name ? 's' : 'n', 0, 0, in->name},
		{in->has_status ? 's' : 'n', 0, 0, in->status},
		{in->has_opens ? 'i' : 'n', in->apply_opens_at, 0, NULL},
		{in->has_closes ? 'i' : 'n', in->apply_closes_at, 0, NULL},
		{in->has_lookback ? 'i' : 'n', in->conflict_lookback_years, 0, NULL},
		{in->has_award_rule ? 's' : 'n', 0, 0, in->award_rule},
		{in->has_min_score ? 'd' : 'n', 0, (double)in->award_min_score, NULL},
		{in->has_threshold ? 'd' : 'n', 0, (double)in->award_threshold, NULL},
		{in->has_percent ? 'i' : 'n', in->award_percent, 0, NULL},
		{in->has_max_grant ? 'i' : 'n', in->award_max_grant, 0, NULL},
		{in->has_objection_days ? 'i' : 'n', in->objection_days, 0, NULL},
		{'i', c->now, 0, NULL},
		{'i', id, 0, NULL},
	};
	rc = db_exec_a(c->db, c->e,
			"UPDATE programmes SET name=coalesce(?, name), status=coalesce(?, status),"
			" apply_opens_at=coalesce(?, apply_opens_at), apply_closes_at=coalesce(?, apply_closes_at),"
			" conflict_lookback_years=coalesce(?, conflict_lookback_years), award_rule=coalesce(?, award_rule),"
			" award_min_score=coalesce(?, award_min_score), award_threshold=coalesce(?, award_threshold),"
			" award_percent=coalesce(?, award_percent), award_max_grant=coalesce(?, award_max_grant),"
			" objection_days=coalesce(?, objection_days), version=version+1, updated_at=? WHERE id=?",
			a, 13);
	if (rc < 0)
		return rc;
	return record_commit(c, &r, "update");
}

int prog_plate_add(struct ctx *c, int64_t programme_id, const char *name, int64_t sort, int64_t *id)
{
	int rc;
	if ((rc = prog_programme_admin(c, programme_id)))
		return rc;
	if (!name || !*name || strlen(name) > 300)
		return err_set(c->e, ERR_INVALID, "name", "板块名称须为 1 至 100 个字", "name: 1 to 100 characters");
	int64_t dup = 0;
	if ((rc = db_int(c->db, c->e, &dup, "SELECT count(*) FROM prog_plates WHERE programme_id=? AND name=?", "is",
			 programme_id, name)) < 0)
		return rc;
	if (dup)
		return err_set(c->e, ERR_CONFLICT, "name", "已有这个板块", "a plate of this name exists");
	struct stmt *st = db_q(c->db, c->e,
			       "INSERT INTO prog_plates (programme_id, name, sort) VALUES (?,?,?) RETURNING id", "isi",
			       programme_id, name, sort);
	if (!st)
		return c->e->code ? c->e->code : ERR_STORE;
	rc = stmt_step(st, c->e);
	if (rc == 1)
		*id = col_int(st, 0);
	stmt_done(st);
	if (rc != 1)
		return rc < 0 ? rc : ERR_STORE;
	int64_t region = 0;
	db_int(c->db, c->e, &region, "SELECT region_id FROM programmes WHERE id=?", "i", programme_id);
	return audit_record(c, "create", "prog_plate", *id, region, NULL,
			    arena_printf(c->a, "{\"id\":%lld,\"programme_id\":%lld}", (long long)*id,
					 (long long)programme_id));
}

int prog_fund_add(struct ctx *c, int64_t programme_id, const struct prog_fund_in *in, int64_t *id)
{
	int rc;
	if ((rc = prog_programme_admin(c, programme_id)))
		return rc;
	if (in->plate_id) {
		int64_t ok = 0;
		if ((rc = db_int(c->db, c->e, &ok, "SELECT count(*) FROM prog_plates WHERE id=? AND programme_id=?", "ii",
				 in->plate_id, programme_id)) < 0)
			return rc;
		if (!ok)
			return err_set(c->e, ERR_INVALID, "plate_id", "这个项目年度没有这个板块",
				       "no such plate in this programme");
	}
	int64_t dup = 0;
	if ((rc = db_int(c->db, c->e, &dup, "SELECT count(*) FROM prog_funds WHERE programme_id=? AND name=?", "is",
			 programme_id, in->name)) < 0)
		return rc;
	if (dup)
		return err_set(c->e, ERR_CONFLICT, "name", "已有这个专项资金", "a special fund of this name exists");
	int64_t region = 0, year = 0;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st, "SELECT region_id, year FROM programmes WHERE id=?", "i", programme_id)) < 0)
		return rc;
	if (rc == 1) {
		region = col_int(st, 0);
		year = col_int(st, 1);
		stmt_done(st);
	}
	int64_t ledger = 0;
	if (in->ledger) {
		/* the ledger's fund carries the year: each programme year's
		 * special fund is its own account (2021年社会治理创新项目经费) */
		struct fund_in f = {.region_id = region,
				    .kind = "special_programme",
				    .name = arena_printf(c->a, "%lld年%s", (long long)year, in->name),
				    .purpose = in->scope && *in->scope ? in->scope : in->funder};
		if ((rc = fund_create(c, &f, &ledger)) || (rc = fund_set_status(c, ledger, -1, "active")))
			return rc;
	}
	struct db_arg a[] = {
		{'i', programme_id, 0, NULL}, {in->plate_id ? 'i' : 'n', in->plate_id, 0, NULL},
		{'s', 0, 0, in->name},        {'s', 0, 0, in->funder},
		{'i', in->budget, 0, NULL},   {'s', 0, 0, in->scope ? in->scope : ""},
		{ledger ? 'i' : 'n', ledger, 0, NULL}, {'i', in->sort, 0, NULL},
	};
	rc = db_int_a(c->db, c->e, id,
			"INSERT INTO prog_funds (programme_id, plate_id, name, funder, budget, scope, fund_id, sort)"
			" VALUES (?,?,?,?,?,?,?,?) RETURNING id",
			a, 8);
	if (rc != 1)
		return rc < 0 ? rc : ERR_STORE;
	return record_created(c, &prog_fund_kind, *id, region, NULL);
}

static const struct jcol region_cols[] = {
	{"id", 0, JC_INT}, {"name", 1, JC_TEXT}, {"parent_id", 2, JC_INT},
};

static const struct jcol plate_cols[] = {
	{"id", 0, JC_INT}, {"name", 1, JC_TEXT}, {"sort", 2, JC_INT},
};

/* The programme with its plates and funds (what is awarded of each). */
int prog_programme_write(struct ctx *c, struct jw *w, int64_t id)
{
	int rc;
	jw_obj(w);
	if ((rc = record_write_cols(c, &prog_programme_kind, w, id)))
		return rc;
	jw_key(w, "plates");
	jw_arr(w);
	struct stmt *st = db_q(c->db, c->e, "SELECT id, name, sort FROM prog_plates WHERE programme_id=? ORDER BY sort, id",
			       "i", id);
	if (!st)
		return c->e->code ? c->e->code : ERR_STORE;
	rc = jw_rows(w, st, JCOLS(plate_cols), c->e);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	jw_key(w, "funds");
	jw_arr(w);
	st = db_q(c->db, c->e,
		  "SELECT f.id, f.plate_id, f.name, f.funder, f.budget, f.scope, f.fund_id, f.sort,"
		  " (SELECT coalesce(sum(a.awarded),0) FROM prog_applications a WHERE a.pfund_id=f.id AND a.outcome='funded'),"
		  " (SELECT count(*) FROM prog_applications a WHERE a.pfund_id=f.id AND a.status<>'draft'),"
		  " coalesce((SELECT x.credits_posted - x.debits_posted FROM fund_accounts x WHERE x.fund_id=f.fund_id"
		  " AND x.kind='fund'), 0)"
		  " FROM prog_funds f WHERE f.programme_id=? ORDER BY f.sort, f.id",
		  "i", id);
	if (!st)
		return c->e->code ? c->e->code : ERR_STORE;
	while ((rc = stmt_step(st, c->e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		if (col_null(st, 1))
			jw_knull(w, "plate_id");
		else
			jw_kint(w, "plate_id", col_int(st, 1));
		jw_kstr(w, "name", col_text(st, 2));
		jw_kstr(w, "funder", col_text(st, 3));
		jw_kint(w, "budget_fen", col_int(st, 4));
		jw_kstr(w, "scope", col_text(st, 5));
		if (col_null(st, 6))
			jw_knull(w, "fund_id");
		else
			jw_kint(w, "fund_id", col_int(st, 6));
		jw_kint(w, "sort", col_int(st, 7));
		jw_kint(w, "awarded_fen", col_int(st, 8));
		jw_kint(w, "applications", col_int(st, 9));
		jw_kint(w, "balance_fen", col_int(st, 10));
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	/* the towns and communities an application may name (region served, community partners) */
	static const char *const lv[] = {"towns", "communities"};
	for (int k = 0; k < 2; k++) {
		jw_key(w, lv[k]);
		jw_arr(w);
		st = db_q(c->db, c->e,
			  "SELECT r.id, r.name, coalesce(r.parent_id, 0) FROM programmes p JOIN regions g ON g.id=p.region_id"
			  " JOIN regions r ON r.path>g.path AND r.path<substr(g.path, 1, length(g.path)-1) || '0'"
			  " WHERE p.id=? AND r.level IN (?, ?) ORDER BY r.path",
			  "iss", id, k ? "community" : "town", k ? "village" : "town");
		if (!st)
			return c->e->code ? c->e->code : ERR_STORE;
		rc = jw_rows(w, st, JCOLS(region_cols), c->e);
		if (rc < 0)
			return rc;
		jw_arr_end(w);
	}
	jw_obj_end(w);
	return 0;
}
