/*
 * xchg_terms.c — the two-level service taxonomy (xchg_terms). Everyone
 * reads it; only the district admin edits it. A term's code is stable
 * (other modules and the HSDS export refer to it); a second-level term's
 * parent is a top-level term, never another second-level one. Terms are
 * deactivated, never deleted, because demands and services keep them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules/exchange/xchg.h"
#include "store/store.h"

#define TERM_COLS "id, coalesce(parent_id,0), code, name, name_en, description, sort_order, active, version"

static void term_row(struct jw *w, struct stmt *st)
{
	jw_kint(w, "id", col_int(st, 0));
	if (col_int(st, 1))
		jw_kint(w, "parent_id", col_int(st, 1));
	else
		jw_knull(w, "parent_id");
	jw_kstr(w, "code", col_text(st, 2));
	jw_kstr(w, "name", col_text(st, 3));
	jw_kstr(w, "name_en", col_text(st, 4));
	jw_kstr(w, "description", col_text(st, 5));
	jw_kint(w, "sort_order", col_int(st, 6));
	jw_kbool(w, "active", col_int(st, 7) != 0);
	jw_kint(w, "version", col_int(st, 8));
}

int xchg_terms_write(struct db *db, struct jw *w, bool include_inactive, struct err *e)
{
	/* {"items": top-level terms, each with "children"} — two levels only,
	 * so one query for the top and one per top term (a dozen). */
	struct stmt *top = db_q(db, e,
				"SELECT " TERM_COLS " FROM xchg_terms WHERE parent_id IS NULL"
				" AND (?=1 OR active=1) ORDER BY sort_order, id",
				"i", (int64_t)include_inactive);
	if (!top)
		return e->code;
	int rc, n = 0, cap = 0;
	int64_t *ids = NULL;
	/* Collect the top-level rows first: a cached statement cannot be
	 * stepped while another query on the same text runs. */
	while ((rc = stmt_step(top, e)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			int64_t *ni = realloc(ids, (size_t)cap * sizeof *ni);
			if (!ni)
				abort(); /* like the arena */
			ids = ni;
		}
		ids[n++] = col_int(top, 0);
	}
	stmt_done(top);
	if (rc < 0) {
		free(ids);
		return rc;
	}
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	rc = 0;
	for (int i = 0; i < n && !rc; i++) {
		struct stmt *st = db_q(db, e, "SELECT " TERM_COLS " FROM xchg_terms WHERE id=?", "i", ids[i]);
		if (!st) {
			rc = e->code;
			break;
		}
		if ((rc = stmt_step(st, e)) == 1) {
			jw_obj(w);
			term_row(w, st);
		}
		stmt_done(st);
		if (rc != 1) {
			rc = rc < 0 ? rc : err_set(e, ERR_INTERNAL, "", "分类读取失败", "term vanished");
			break;
		}
		jw_key(w, "children");
		jw_arr(w);
		struct stmt *ch = db_q(db, e,
				       "SELECT " TERM_COLS " FROM xchg_terms WHERE parent_id=?"
				       " AND (?=1 OR active=1) ORDER BY sort_order, id",
				       "ii", ids[i], (int64_t)include_inactive);
		if (!ch) {
			rc = e->code;
			break;
		}
		while ((rc = stmt_step(ch, e)) == 1) {
			jw_obj(w);
			term_row(w, ch);
			jw_obj_end(w);
		}
		stmt_done(ch);
		if (rc < 0)
			break;
		rc = 0;
		jw_arr_end(w);
		jw_obj_end(w);
	}
	free(ids);
	if (rc)
		return rc;
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

int xchg_term_write(struct db *db, struct jw *w, int64_t id, struct err *e)
{
	struct stmt *st = db_q(db, e, "SELECT " TERM_COLS " FROM xchg_terms WHERE id=?", "i", id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		jw_obj(w);
		term_row(w, st);
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	return rc ? 0 : err_set(e, ERR_NOT_FOUND, "id", "分类不存在", "no such term");
}

static int term_snapshot(struct db *db, int64_t id, char **out, struct err *e)
{
	struct sb b = SB_INIT;
	struct jw w;
	jw_init(&w, &b);
	int rc = xchg_term_write(db, &w, id, e);
	if (rc) {
		sb_free(&b);
		return rc;
	}
	*out = sb_detach(&b, NULL);
	return 0;
}

static int only_district(const struct principal *p, struct err *e)
{
	if (p && !auth_has_role(p, R(ROLE_DISTRICT_ADMIN)))
		return err_set(e, ERR_FORBIDDEN, "", "服务分类仅区级管理员可编辑",
			       "only the district admin edits the service taxonomy");
	return 0;
}

static int check_code(const char *code, struct err *e)
{
	for (const char *c = code; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '.'))
			return err_set(e, ERR_INVALID, "code", "编码只能包含小写字母、数字、_ 和 .",
				       "code may hold only lower-case letters, digits, _ and .");
	return 0;
}

int xchg_term_create(struct db *db, const struct principal *p, const struct xchg_term_in *in,
		     int64_t now, int64_t *id_out, struct err *e)
{
	int rc;
	int64_t n = 0;
	if ((rc = only_district(p, e)) || (rc = check_code(in->code, e)))
		return rc;
	if (in->parent_id) {
		int64_t pp = 0;
		rc = db_int(db, e, &pp, "SELECT coalesce(parent_id,0) FROM xchg_terms WHERE id=?", "i",
			    in->parent_id);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return err_set(e, ERR_INVALID, "parent_id", "上级分类不存在", "no such parent term");
		if (pp)
			return err_set(e, ERR_RULE, "parent_id", "分类只有两级：上级必须是一级分类",
				       "the taxonomy has two levels: the parent must be a top-level term");
	}
	if ((rc = db_int(db, e, &n, "SELECT count(*) FROM xchg_terms WHERE code=?", "s", in->code)) < 0)
		return rc;
	if (n)
		return err_set(e, ERR_CONFLICT, "code", "编码已存在", "a term with this code exists");
	struct stmt *st = db_q(db, e,
			       "INSERT INTO xchg_terms (parent_id, code, name, name_en, description, sort_order,"
			       " active, created_at, updated_at) VALUES (CASE WHEN ?=0 THEN NULL ELSE ? END,?,?,?,?,?,?,?,?)"
			       " RETURNING id",
			       "iissssiiii", in->parent_id, in->parent_id, in->code, in->name, in->name_en, in->description, in->sort_order,
			       (int64_t)(in->has_active ? in->active : 1), now, now);
	if (!st)
		return e->code;
	if ((rc = stmt_step(st, e)) == 1)
		*id_out = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	char *after = NULL;
	if ((rc = term_snapshot(db, *id_out, &after, e)) == 0)
		rc = xchg_audit(db, p, now, "create", "xchg_term", *id_out, 0, NULL, after, e);
	free(after);
	return rc;
}

int xchg_term_update(struct db *db, const struct principal *p, int64_t id,
		     const struct xchg_term_in *in, int64_t now, struct err *e)
{
	int rc;
	int64_t version = 0;
	char *before = NULL, *after = NULL;
	if ((rc = only_district(p, e)))
		return rc;
	if ((rc = db_int(db, e, &version, "SELECT version FROM xchg_terms WHERE id=?", "i", id)) < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "id", "分类不存在", "no such term");
	if (version != in->version)
		return err_set(e, ERR_CONFLICT, "version", "记录已被他人修改，请刷新后重试",
			       "the record was changed by someone else; reload and retry");
	if ((rc = term_snapshot(db, id, &before, e)))
		goto done;
	if ((rc = db_exec(db, e,
			  "UPDATE xchg_terms SET name=coalesce(?,name), name_en=coalesce(?,name_en),"
			  " description=CASE WHEN ?=1 THEN ? ELSE description END,"
			  " sort_order=CASE WHEN ?=1 THEN ? ELSE sort_order END,"
			  " active=CASE WHEN ?=1 THEN ? ELSE active END,"
			  " version=version+1, updated_at=? WHERE id=?",
			  "ssisiiiiii", in->name, in->name_en, (int64_t)(in->description != NULL),
			  in->description, (int64_t)in->has_sort_order, in->sort_order,
			  (int64_t)in->has_active, (int64_t)in->active, now, id)))
		goto done;
	if ((rc = term_snapshot(db, id, &after, e)))
		goto done;
	rc = xchg_audit(db, p, now, "update", "xchg_term", id, 0, before, after, e);
done:
	free(before);
	free(after);
	return rc;
}
