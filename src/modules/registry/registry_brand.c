/*
 * registry_brand.c — 一社区一品牌: the brand (社品) a community chooses, with its
 * description and goals, and one progress entry per year (what was done,
 * a percentage and/or milestones). One brand is current per community (a
 * partial unique index says so); choosing a new brand retires the current
 * one, which stays readable as history with its progress. A retired
 * brand's record and progress are closed: history is not rewritten.
 */
#include <string.h>

#include "modules/registry/registry_gov.h"
#include "modules/registry/registry_gov_internal.h"
#include "store/list.h"
#include "store/store.h"

const char *const registry_brand_statuses[] = {"current", "retired", "all", NULL};

#define BRAND_IN_COMMUNITY "品牌属于村（社区）", "a brand belongs to a community or village"

int registry_brand_choose(struct ctx *c, const void *vin, int64_t *id_out)
{
	const struct registry_brand_in *in = vin;
	struct registry_gov_region cm;
	int rc = registry_community(c, REGISTRY_EDIT, in->community_id, "community_id", BRAND_IN_COMMUNITY, &cm);
	if (rc)
		return rc;
	if (!in->name || !*in->name)
		return err_set(c->e, ERR_INVALID, "name", "缺少品牌名称", "name is required");
	char today[11];
	registry_today(c->now, today);
	const char *chosen = in->chosen_on ? in->chosen_on : today, *prev = "";
	if ((rc = registry_date_check(chosen, "chosen_on", c->e)))
		return rc;
	if (strcmp(chosen, today) > 0)
		return err_set(c->e, ERR_RULE, "chosen_on", "选定日期不能晚于今天", "chosen_on cannot be in the future");
	int64_t old = 0;
	if ((rc = db_int(c->db, c->e, &old, "SELECT id FROM reg_brands WHERE community_id=? AND status='current'",
			 "i", cm.id)) < 0 ||
	    (old && (rc = registry_text(c, "SELECT chosen_on FROM reg_brands WHERE id=?", old, &prev))))
		return rc;
	if (old && strcmp(chosen, prev) < 0)
		return err_setf(c->e, ERR_RULE, "chosen_on", "选定日期不能早于当前品牌的选定日期 %s",
				"chosen_on cannot be before the current brand's date %s", prev);
	if (old) {
		struct record rec;
		if ((rc = record_head(c, &registry_brand_kind, old, &rec)) || (rc = record_begin(c, &rec, -1)) ||
		    (rc = db_exec(c->db, c->e,
				  "UPDATE reg_brands SET status='retired', retired_on=?, version=version+1,"
				  " updated_at=? WHERE id=?",
				  "sii", chosen, c->now, old)) ||
		    (rc = record_commit(c, &rec, "retire")))
			return rc;
	}
	int64_t id = 0;
	if ((rc = db_int(c->db, c->e, &id,
			 "INSERT INTO reg_brands(community_id, name, description, goals, chosen_on,"
			 " created_by, created_at, updated_at) VALUES(?,?,?,?,?,NULLIF(?,0),?,?) RETURNING id",
			 "issssiii", cm.id, in->name, in->description, in->goals, chosen,
			 c->who ? c->who->user_id : 0, c->now, c->now)) < 0)
		return rc;
	return registry_created(c, &registry_brand_kind, id, cm.id, id_out);
}

/* A retired brand is history: its record and progress stay as they were. */
static int brand_current(struct ctx *c, int64_t id, const char *zh, const char *en)
{
	const char *status;
	int rc = registry_text(c, "SELECT status FROM reg_brands WHERE id=?", id, &status);
	if (!rc && strcmp(status, "current") != 0)
		rc = err_set(c->e, ERR_RULE, "status", zh, en);
	return rc;
}

int registry_brand_update(struct ctx *c, int64_t id, const void *vin)
{
	const struct registry_brand_in *in = vin;
	struct record rec;
	int rc;
	if ((rc = registry_edit(c, &registry_brand_kind, id, in->version, &rec)) ||
	    (rc = brand_current(c, id, "已更替的品牌是历史记录，不能修改",
				"a retired brand is history and cannot be changed")) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE reg_brands SET name=coalesce(?,name),"
			  " description=CASE WHEN ?=1 THEN ? ELSE description END,"
			  " goals=CASE WHEN ?=1 THEN ? ELSE goals END,"
			  " version=version+1, updated_at=? WHERE id=?",
			  "sbsbsii", in->name, (int)in->has_description, in->description,
			  (int)in->has_goals, in->goals, c->now, id)))
		return rc;
	return record_commit(c, &rec, "update");
}

int registry_brand_progress_put(struct ctx *c, int64_t brand_id, const struct registry_progress_in *in)
{
	struct record brand;
	int rc;
	if ((rc = record_load(c, &registry_brand_kind, brand_id, REGISTRY_EDIT, &brand)) ||
	    (rc = brand_current(c, brand_id, "已更替的品牌是历史记录，不能再记录进展",
				"a retired brand is history; its progress cannot change")))
		return rc;
	if (in->year < 2000 || in->year > 2100)
		return err_set(c->e, ERR_INVALID, "year", "年份应在 2000 到 2100 之间",
			       "year must be from 2000 to 2100");
	if (!in->done || !*in->done)
		return err_set(c->e, ERR_INVALID, "done", "请填写本年度完成的工作", "done is required");
	if (in->has_percent && (in->percent < 0 || in->percent > 100))
		return err_set(c->e, ERR_INVALID, "percent", "完成度应在 0 到 100 之间",
			       "percent must be from 0 to 100");
	if (!in->has_percent && !in->milestones_json)
		return err_set(c->e, ERR_INVALID, "percent", "请填写完成度或里程碑",
			       "give a percent or milestones");
	/* -1 stands for "no percentage" in the binds below. */
	int64_t pid = 0, percent = in->has_percent ? in->percent : -1;
	if ((rc = db_int(c->db, c->e, &pid, "SELECT id FROM reg_brand_progress WHERE brand_id=? AND year=?",
			 "ii", brand_id, in->year)) < 0)
		return rc;
	if (!pid) {
		if ((rc = db_int(c->db, c->e, &pid,
				 "INSERT INTO reg_brand_progress(brand_id, year, done, percent, milestones,"
				 " created_at, updated_at) VALUES(?,?,?,NULLIF(?,-1),?,?,?) RETURNING id",
				 "iisisii", brand_id, in->year, in->done, percent, in->milestones_json, c->now,
				 c->now)) < 0)
			return rc;
		return record_created(c, &registry_progress_kind, pid, brand.region_id, NULL);
	}
	struct record rec;
	if ((rc = record_head(c, &registry_progress_kind, pid, &rec)) || (rc = record_begin(c, &rec, -1)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE reg_brand_progress SET done=?, percent=NULLIF(?,-1), milestones=?,"
			  " version=version+1, updated_at=? WHERE id=?",
			  "sisii", in->done, percent, in->milestones_json, c->now, pid)))
		return rc;
	return record_commit(c, &rec, "update");
}

static int progress_row(struct ctx *c, struct stmt *st, void *arg)
{
	(void)c;
	struct jw *w = arg;
	jw_obj(w);
	jw_kint(w, "year", col_int(st, 0));
	jw_kstr(w, "done", col_text(st, 1));
	jw_key(w, "percent");
	row_cell_json(w, &(struct col){"percent", "", COL_INT}, st, 2);
	jw_key(w, "milestones");
	jw_raw(w, col_null(st, 3) ? "[]" : col_text(st, 3));
	jw_kint(w, "version", col_int(st, 4));
	jw_ktime(w, "updated_at", col_int(st, 5));
	jw_obj_end(w);
	return 0;
}

#define BRAND_COLS                                                                        \
	"b.id, b.name, b.description, b.goals, b.status, b.chosen_on, b.retired_on, b.version," \
	" b.updated_at, (SELECT max(year) FROM reg_brand_progress g WHERE g.brand_id=b.id),"  \
	" (SELECT g.percent FROM reg_brand_progress g WHERE g.brand_id=b.id ORDER BY g.year DESC LIMIT 1)," \
	" b.community_id, c.name"
#define BRAND_FROM "reg_brands b JOIN regions c ON c.id=b.community_id"

static const struct col brand_show_cols[] = {
	{"id", "编号", COL_INT},          {"name", "名称", COL_TEXT},         {"description", "简介", COL_TEXT},
	{"goals", "目标", COL_TEXT},      {"status", "状态", COL_TEXT},       {"chosen_on", "选定日期", COL_TEXT},
	{"retired_on", "更替日期", COL_TEXT}, {"version", "版本", COL_INT},   {"updated_at", "更新时间", COL_TIME},
	{"latest_year", "最近年度", COL_INT}, {"latest_percent", "最近完成度", COL_INT},
};
static const struct registry_nested brand_refs[] = {{"community", false}};
static const struct registry_rows brand_rows = {brand_show_cols, 11, brand_refs, 1};

/* A brand with its yearly progress (the lists show the brand alone). */
static int brand_row(struct ctx *c, struct stmt *st, void *arg)
{
	struct jw *w = arg;
	jw_obj(w);
	registry_row_members(w, &brand_rows, st);
	int rc = registry_array(c, w, "progress",
				db_q(c->db, c->e,
				     "SELECT year, done, percent, milestones, version, updated_at"
				     " FROM reg_brand_progress WHERE brand_id=? ORDER BY year",
				     "i", col_int(st, 0)),
				progress_row, w);
	jw_obj_end(w);
	return rc < 0 ? rc : 0;
}

int registry_brand_write(struct ctx *c, struct jw *w, int64_t id)
{
	struct record rec;
	int rc = record_load(c, &registry_brand_kind, id, 0, &rec);
	if (!rc && (rc = registry_each(c, db_q(c->db, c->e, "SELECT " BRAND_COLS " FROM " BRAND_FROM " WHERE b.id=?", "i", id),
				       1, brand_row, w)) > 0)
		rc = 0;
	return rc;
}

int registry_brand_community(struct ctx *c, struct jw *w, int64_t community_id)
{
	struct registry_gov_region cm;
	int rc = registry_community(c, REGISTRY_READ, community_id, "id", BRAND_IN_COMMUNITY, &cm);
	if (rc)
		return rc;
	jw_obj(w);
	registry_write_ref(w, "community", cm.id, cm.name);
	jw_key(w, "current");
	if ((rc = registry_each(c,
				db_q(c->db, c->e,
				     "SELECT " BRAND_COLS " FROM " BRAND_FROM " WHERE b.community_id=? AND b.status='current'",
				     "i", cm.id),
				1, brand_row, w)) == 0)
		jw_null(w);
	if (rc < 0)
		return rc;
	return registry_obj_end(w, registry_array(c, w, "history",
						  db_q(c->db, c->e,
						       "SELECT " BRAND_COLS " FROM " BRAND_FROM
						       " WHERE b.community_id=? AND b.status='retired' ORDER BY b.id DESC",
						       "i", cm.id),
						  brand_row, w));
}

static const struct registry_list_def brand_def =
	GOV_LIST(BRAND_FROM, "b.id", "b.community_id", BRAND_COLS, BRAND_FROM, "b.id", &brand_rows, NULL, "community",
		 GOV_SORT_TEXT("community", "c.path"), GOV_SORT_TEXT("name", "b.name"),
		 GOV_SORT_INT("updated_at", "b.updated_at"));

int registry_brand_list(struct ctx *c, struct jw *w, const struct registry_list_q *q,
		   struct list_result *res)
{
	/* current unless asked otherwise; all: no filter */
	const char *status = q->status ? q->status : "current";
	const struct registry_filter f = {"b.status", "status", strcmp(status, "all") ? status : NULL,
					  registry_brand_statuses};
	return registry_list(c, w, q, res, &brand_def, &f, 1);
}
