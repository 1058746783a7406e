/*
 * reg_brand.c — 一社区一品牌: the brand (社品) a community chooses, with its
 * description and goals, and one progress entry per year (what was done,
 * a percentage and/or milestones). One brand is current per community (a
 * partial unique index says so); choosing a new brand retires the current
 * one, which stays readable as history with its progress. A retired
 * brand's record and progress are closed: history is not rewritten.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sb.h"
#include "modules/registry/reg_gov.h"
#include "modules/registry/reg_gov_internal.h"
#include "store/store.h"

#define BRAND_SNAP                                                                        \
	"SELECT id, community_id, name, description, goals, status, chosen_on, retired_on," \
	" version FROM reg_brands WHERE id=?"

int reg_brand_choose(struct db *db, const struct principal *p, const struct reg_brand_in *in,
		     int64_t now, int64_t *id_out, struct err *e)
{
	struct rgov_region c;
	int rc = reg_scope(db, p, REG_EDIT, in->community_id, "community_id", &c, e);
	if (rc)
		return rc;
	if (strcmp(c.level, "community") != 0)
		return err_set(e, ERR_RULE, "community_id", "品牌属于村（社区）",
			       "a brand belongs to a community or village");
	if (!in->name || !*in->name)
		return err_set(e, ERR_INVALID, "name", "缺少品牌名称", "name is required");
	char today[11], prev[16] = "";
	reg_today(now, today);
	const char *chosen = in->chosen_on ? in->chosen_on : today;
	if ((rc = reg_date_check(chosen, "chosen_on", e)))
		return rc;
	if (strcmp(chosen, today) > 0)
		return err_set(e, ERR_RULE, "chosen_on", "选定日期不能晚于今天", "chosen_on cannot be in the future");
	int64_t old = 0;
	struct stmt *st = db_q(db, e,
			       "SELECT id, chosen_on FROM reg_brands WHERE community_id=? AND status='current'",
			       "i", c.id);
	if (!st)
		return e->code;
	if ((rc = stmt_step(st, e)) == 1) {
		old = col_int(st, 0);
		snprintf(prev, sizeof prev, "%s", col_text(st, 1));
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (old && strcmp(chosen, prev) < 0)
		return err_setf(e, ERR_RULE, "chosen_on", "选定日期不能早于当前品牌的选定日期 %s",
				"chosen_on cannot be before the current brand's date %s", prev);
	if (old) {
		char *before = NULL, *after = NULL;
		rc = rgov_snapshot(db, BRAND_SNAP, old, &before, e);
		if (!rc)
			rc = db_exec(db, e,
				     "UPDATE reg_brands SET status='retired', retired_on=?, version=version+1,"
				     " updated_at=? WHERE id=?",
				     "sii", chosen, now, old);
		if (!rc)
			rc = rgov_snapshot(db, BRAND_SNAP, old, &after, e);
		if (!rc)
			rc = rgov_audit(db, p, now, "retire", "brand", old, c.id, before, after, e);
		free(before);
		free(after);
		if (rc)
			return rc;
	}
	int64_t id = 0;
	if ((rc = db_int(db, e, &id,
			 "INSERT INTO reg_brands(community_id, name, description, goals, chosen_on,"
			 " created_by, created_at, updated_at) VALUES(?,?,?,?,?,NULLIF(?,0),?,?) RETURNING id",
			 "issssiii", c.id, in->name, in->description, in->goals, chosen,
			 p ? p->user_id : 0, now, now)) < 0)
		return rc;
	char *after = NULL;
	if (!(rc = rgov_snapshot(db, BRAND_SNAP, id, &after, e)))
		rc = rgov_audit(db, p, now, "create", "brand", id, c.id, NULL, after, e);
	free(after);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

struct brand_info {
	struct rgov_region c;
	char status[16];
	int64_t version;
};

static int brand_scope(struct db *db, const struct principal *p, unsigned mask, int64_t id,
		       struct brand_info *bi, struct err *e)
{
	struct stmt *st = db_q(db, e, "SELECT community_id, status, version FROM reg_brands WHERE id=?",
			       "i", id);
	if (!st)
		return e->code;
	int64_t cid = 0;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		cid = col_int(st, 0);
		snprintf(bi->status, sizeof bi->status, "%s", col_text(st, 1));
		bi->version = col_int(st, 2);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "id", "品牌不存在", "no such brand");
	return reg_scope(db, p, mask, cid, "id", &bi->c, e);
}

int reg_brand_update(struct db *db, const struct principal *p, int64_t id,
		     const struct reg_brand_in *in, int64_t now, struct err *e)
{
	struct brand_info bi;
	int rc = brand_scope(db, p, REG_EDIT, id, &bi, e);
	if (rc)
		return rc;
	if (in->version != bi.version)
		return rgov_stale(e, bi.version);
	if (strcmp(bi.status, "current") != 0)
		return err_set(e, ERR_RULE, "status", "已更替的品牌是历史记录，不能修改",
			       "a retired brand is history and cannot be changed");
	char *before = NULL, *after = NULL;
	if (!(rc = rgov_snapshot(db, BRAND_SNAP, id, &before, e)))
		rc = db_exec(db, e,
			     "UPDATE reg_brands SET name=coalesce(?,name),"
			     " description=CASE WHEN ?=1 THEN ? ELSE description END,"
			     " goals=CASE WHEN ?=1 THEN ? ELSE goals END,"
			     " version=version+1, updated_at=? WHERE id=?",
			     "sbsbsii", in->name, (int)in->has_description, in->description,
			     (int)in->has_goals, in->goals, now, id);
	if (!rc)
		rc = rgov_snapshot(db, BRAND_SNAP, id, &after, e);
	if (!rc)
		rc = rgov_audit(db, p, now, "update", "brand", id, bi.c.id, before, after, e);
	free(before);
	free(after);
	return rc;
}

int reg_brand_progress_put(struct db *db, const struct principal *p, int64_t brand_id,
			   const struct reg_progress_in *in, int64_t now, struct err *e)
{
	struct brand_info bi;
	int rc = brand_scope(db, p, REG_EDIT, brand_id, &bi, e);
	if (rc)
		return rc;
	if (strcmp(bi.status, "current") != 0)
		return err_set(e, ERR_RULE, "status", "已更替的品牌是历史记录，不能再记录进展",
			       "a retired brand is history; its progress cannot change");
	if (in->year < 2000 || in->year > 2100)
		return err_set(e, ERR_INVALID, "year", "年份应在 2000 到 2100 之间",
			       "year must be from 2000 to 2100");
	if (!in->done || !*in->done)
		return err_set(e, ERR_INVALID, "done", "请填写本年度完成的工作", "done is required");
	if (in->has_percent && (in->percent < 0 || in->percent > 100))
		return err_set(e, ERR_INVALID, "percent", "完成度应在 0 到 100 之间",
			       "percent must be from 0 to 100");
	if (!in->has_percent && !in->milestones_json)
		return err_set(e, ERR_INVALID, "percent", "请填写完成度或里程碑",
			       "give a percent or milestones");
	int64_t pid = 0;
	if ((rc = db_int(db, e, &pid, "SELECT id FROM reg_brand_progress WHERE brand_id=? AND year=?",
			 "ii", brand_id, in->year)) < 0)
		return rc;
	static const char *snap = "SELECT id, brand_id, year, done, percent, milestones, version"
				  " FROM reg_brand_progress WHERE id=?";
	char *before = NULL, *after = NULL;
	if (pid) {
		if (!(rc = rgov_snapshot(db, snap, pid, &before, e)))
			rc = db_exec(db, e,
				     "UPDATE reg_brand_progress SET done=?, percent=NULLIF(?,-1), milestones=?,"
				     " version=version+1, updated_at=? WHERE id=?",
				     "sisii", in->done, in->has_percent ? in->percent : (int64_t)-1,
				     in->milestones_json, now, pid);
	} else {
		rc = db_int(db, e, &pid,
			    "INSERT INTO reg_brand_progress(brand_id, year, done, percent, milestones,"
			    " created_at, updated_at) VALUES(?,?,?,NULLIF(?,-1),?,?,?) RETURNING id",
			    "iisisii", brand_id, in->year, in->done,
			    in->has_percent ? in->percent : (int64_t)-1, in->milestones_json, now, now);
		rc = rc < 0 ? rc : 0;
	}
	/* -1 stands for "no percentage" in the binds above. */
	if (!rc)
		rc = rgov_snapshot(db, snap, pid, &after, e);
	if (!rc)
		rc = rgov_audit(db, p, now, before ? "update" : "create", "brand_progress", pid, bi.c.id,
			       before, after, e);
	free(before);
	free(after);
	return rc;
}

static int write_progress(struct db *db, struct jw *w, int64_t brand_id, struct err *e)
{
	struct stmt *st = db_q(db, e,
			       "SELECT year, done, percent, milestones, version, updated_at"
			       " FROM reg_brand_progress WHERE brand_id=? ORDER BY year",
			       "i", brand_id);
	if (!st)
		return e->code;
	int rc;
	jw_key(w, "progress");
	jw_arr(w);
	while ((rc = stmt_step(st, e)) == 1) {
		jw_obj(w);
		jw_kint(w, "year", col_int(st, 0));
		jw_kstr(w, "done", col_text(st, 1));
		jw_key(w, "percent");
		if (col_null(st, 2))
			jw_null(w);
		else
			jw_int(w, col_int(st, 2));
		jw_key(w, "milestones");
		jw_raw(w, col_null(st, 3) ? "[]" : col_text(st, 3));
		jw_kint(w, "version", col_int(st, 4));
		jw_ktime(w, "updated_at", col_int(st, 5));
		jw_obj_end(w);
	}
	stmt_done(st);
	jw_arr_end(w);
	return rc < 0 ? rc : 0;
}

#define BRAND_COLS                                                                        \
	"b.id, b.community_id, c.name, b.name, b.description, b.goals, b.status, b.chosen_on," \
	" b.retired_on, b.version, b.updated_at,"                                           \
	" (SELECT max(year) FROM reg_brand_progress g WHERE g.brand_id=b.id),"             \
	" (SELECT g.percent FROM reg_brand_progress g WHERE g.brand_id=b.id ORDER BY g.year DESC LIMIT 1)"

static int brand_obj(struct db *db, struct jw *w, struct stmt *st, bool with_progress,
		     struct err *e)
{
	int64_t id = col_int(st, 0);
	jw_obj(w);
	jw_kint(w, "id", id);
	jw_key(w, "community");
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 1));
	jw_kstr(w, "name", col_text(st, 2));
	jw_obj_end(w);
	jw_kstr(w, "name", col_text(st, 3));
	jw_kstr(w, "description", col_text(st, 4));
	jw_kstr(w, "goals", col_text(st, 5));
	jw_kstr(w, "status", col_text(st, 6));
	jw_kstr(w, "chosen_on", col_text(st, 7));
	jw_kstr(w, "retired_on", col_text(st, 8));
	jw_kint(w, "version", col_int(st, 9));
	jw_ktime(w, "updated_at", col_int(st, 10));
	jw_key(w, "latest_year");
	if (col_null(st, 11))
		jw_null(w);
	else
		jw_int(w, col_int(st, 11));
	jw_key(w, "latest_percent");
	if (col_null(st, 12))
		jw_null(w);
	else
		jw_int(w, col_int(st, 12));
	int rc = 0;
	if (with_progress)
		rc = write_progress(db, w, id, e);
	jw_obj_end(w);
	return rc;
}

#define BRAND_FROM " FROM reg_brands b JOIN regions c ON c.id=b.community_id"

int reg_brand_write(struct db *db, const struct principal *p, struct jw *w, int64_t id,
		    struct err *e)
{
	struct brand_info bi;
	int rc = brand_scope(db, p, REG_READ, id, &bi, e);
	if (rc)
		return rc;
	struct stmt *st = db_q(db, e, "SELECT " BRAND_COLS BRAND_FROM " WHERE b.id=?", "i", id);
	if (!st)
		return e->code;
	rc = stmt_step(st, e);
	if (rc == 1)
		rc = brand_obj(db, w, st, true, e);
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

int reg_brand_community(struct db *db, const struct principal *p, struct jw *w,
			int64_t community_id, struct err *e)
{
	struct rgov_region c;
	int rc = reg_scope(db, p, REG_READ, community_id, "id", &c, e);
	if (rc)
		return rc;
	if (strcmp(c.level, "community") != 0)
		return err_set(e, ERR_RULE, "id", "品牌属于村（社区）", "a brand belongs to a community or village");
	jw_obj(w);
	jw_key(w, "community");
	jw_obj(w);
	jw_kint(w, "id", c.id);
	jw_kstr(w, "name", c.name);
	jw_obj_end(w);
	struct stmt *st = db_q(db, e,
			       "SELECT " BRAND_COLS BRAND_FROM " WHERE b.community_id=? AND b.status='current'",
			       "i", c.id);
	if (!st)
		return e->code;
	jw_key(w, "current");
	rc = stmt_step(st, e);
	if (rc == 1)
		rc = brand_obj(db, w, st, true, e);
	else if (rc == 0)
		jw_null(w);
	stmt_done(st);
	if (rc < 0)
		return rc;
	st = db_q(db, e,
		  "SELECT " BRAND_COLS BRAND_FROM " WHERE b.community_id=? AND b.status='retired'"
		  " ORDER BY b.id DESC",
		  "i", c.id);
	if (!st)
		return e->code;
	jw_key(w, "history");
	jw_arr(w);
	while ((rc = stmt_step(st, e)) == 1)
		if ((rc = brand_obj(db, w, st, true, e)))
			break;
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

int reg_brand_list(struct db *db, const struct principal *p, struct jw *w,
		   const struct reg_list_q *q, int64_t *total, struct err *e)
{
	struct rgov_region root;
	int rc = reg_scope_root(db, p, REG_READ, q->region_id, &root, e);
	if (rc)
		return rc;
	const char *status = q->status && *q->status ? q->status : "current";
	if (strcmp(status, "current") != 0 && strcmp(status, "retired") != 0 && strcmp(status, "all") != 0)
		return err_set(e, ERR_INVALID, "status", "状态应为 current、retired 或 all",
			       "status must be current, retired or all");
	const char *order = "c.path, b.id";
	if (q->sort && *q->sort) {
		if (strcmp(q->sort, "name") == 0)
			order = "b.name, b.id";
		else if (strcmp(q->sort, "-updated_at") == 0)
			order = "b.updated_at DESC, b.id";
		else if (strcmp(q->sort, "community") != 0)
			return err_set(e, ERR_INVALID, "sort", "排序字段应为 community、name 或 -updated_at",
				       "sort must be community, name or -updated_at");
	}
	static const char *where = " WHERE c.path >= ? AND c.path < ? AND (?='all' OR b.status=?)";
	struct sb b = SB_INIT;
	sb_addf(&b, "SELECT count(*)%s%s", BRAND_FROM, where);
	if ((rc = db_int(db, e, total, sb_str(&b), "ssss", root.path, root.hi, status, status)) < 0)
		goto done;
	sb_reset(&b);
	sb_addf(&b, "SELECT %s%s%s ORDER BY %s LIMIT ? OFFSET ?", BRAND_COLS, BRAND_FROM, where, order);
	struct stmt *st = db_q(db, e, sb_str(&b), "ssssii", root.path, root.hi, status, status,
			       q->per_page, q->offset);
	if (!st) {
		rc = e->code;
		goto done;
	}
	while ((rc = stmt_step(st, e)) == 1)
		if ((rc = brand_obj(db, w, st, false, e)))
			break;
	stmt_done(st);
done:
	sb_free(&b);
	return rc < 0 ? rc : 0;
}
