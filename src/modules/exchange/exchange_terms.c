/*
 * exchange_terms.c — the two-level service taxonomy (exchange_terms). Everyone
 * reads it; only the district admin edits it. A term's code is stable
 * (other modules and the HSDS export refer to it); a second-level term's
 * parent is a top-level term, never another second-level one. Terms are
 * deactivated, never deleted, because demands and services keep them.
 */
#include <string.h>

#include "modules/exchange/exchange.h"
#include "store/store.h"

#define TERM_COLS "t.id, t.parent_id, t.code, t.name, t.name_en, t.description, t.sort_order, t.active, t.version"

static const struct col term_cols[] = {
	{"id", "编号", COL_INT},         {"parent_id", "上级", COL_INT},
	{"code", "编码", COL_TEXT},      {"name", "名称", COL_TEXT},
	{"name_en", "英文名", COL_TEXT}, {"description", "说明", COL_TEXT},
	{"sort_order", "排序", COL_INT}, {"active", "启用", COL_BOOL},
	{"version", "版本", COL_INT},
};

const struct record_kind exchange_term_kind = {
	.entity = "xchg_term", .what_zh = "分类", .what_en = "term",
	.head_sql = "SELECT id, NULL, version, NULL FROM xchg_terms WHERE id=?",
	.row_sql = "SELECT " TERM_COLS " FROM xchg_terms t WHERE t.id=?",
	EXCHANGE_COLS(term_cols), .read_roles = ROLES_ANY,
};

int exchange_terms_write(struct ctx *c, struct jw *w, bool include_inactive)
{
	/* {"items": top-level terms, each with "children"}: one query, each
	 * top term followed by its children (two levels only). Without the
	 * inactive ones, a child of an inactive top term goes with it. */
#define TREE_ORDER                                                                          \
	" ORDER BY coalesce(p.sort_order, t.sort_order), coalesce(p.id, t.id),"                   \
	" t.parent_id IS NOT NULL, t.sort_order, t.id"
	struct stmt *st = db_q(c->db, c->e,
			       include_inactive
				       ? "SELECT " TERM_COLS " FROM xchg_terms t LEFT JOIN xchg_terms p ON p.id=t.parent_id"
					 TREE_ORDER
				       : "SELECT " TERM_COLS " FROM xchg_terms t LEFT JOIN xchg_terms p ON p.id=t.parent_id"
					 " WHERE t.active=1 AND (p.id IS NULL OR p.active=1)" TREE_ORDER,
			       "");
	if (!st)
		return c->e->code;
	int rc;
	bool open = false;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	while ((rc = stmt_step(st, c->e)) == 1) {
		bool top = col_null(st, 1);
		if (top && open) {
			jw_arr_end(w);
			jw_obj_end(w);
		}
		jw_obj(w);
		row_json(w, term_cols, exchange_term_kind.ncols, st);
		if (top) {
			jw_key(w, "children");
			jw_arr(w);
			open = true;
		} else {
			jw_obj_end(w);
		}
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (open) {
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

int exchange_term_write(struct ctx *c, struct jw *w, int64_t id)
{
	jw_obj(w);
	int rc = record_write_cols(c, &exchange_term_kind, w, id);
	jw_obj_end(w);
	return rc;
}

static int only_district(struct ctx *c)
{
	if (c->who && !auth_has_role(c->who, R(ROLE_DISTRICT_ADMIN)))
		return err_set(c->e, ERR_FORBIDDEN, "", "服务分类仅区级管理员可编辑",
			       "only the district admin edits the service taxonomy");
	return 0;
}

static int check_code(const char *code, struct err *e)
{
	for (const char *s = code; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '.'))
			return err_set(e, ERR_INVALID, "code", "编码只能包含小写字母、数字、_ 和 .",
				       "code may hold only lower-case letters, digits, _ and .");
	return 0;
}

int exchange_term_create(struct ctx *c, const void *vin, int64_t *id_out)
{
	const struct exchange_term_in *in = vin;
	int rc;
	int64_t n = 0;
	if ((rc = only_district(c)) || (rc = check_code(in->code, c->e)))
		return rc;
	if (in->parent_id) {
		int64_t pp = 0;
		rc = db_int(c->db, c->e, &pp, "SELECT coalesce(parent_id,0) FROM xchg_terms WHERE id=?", "i",
			    in->parent_id);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return err_set(c->e, ERR_INVALID, "parent_id", "上级分类不存在", "no such parent term");
		if (pp)
			return err_set(c->e, ERR_RULE, "parent_id", "分类只有两级：上级必须是一级分类",
				       "the taxonomy has two levels: the parent must be a top-level term");
	}
	if ((rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM xchg_terms WHERE code=?", "s", in->code)) < 0)
		return rc;
	if (n)
		return err_set(c->e, ERR_CONFLICT, "code", "编码已存在", "a term with this code exists");
	/* RETURNING: the row is written by the first step. */
	if ((rc = db_int(c->db, c->e, id_out,
			       "INSERT INTO xchg_terms (parent_id, code, name, name_en, description, sort_order,"
			       " active, created_at, updated_at) VALUES (CASE WHEN ?=0 THEN NULL ELSE ? END,?,?,?,?,?,?,?,?)"
			       " RETURNING id",
			       "iissssiiii", in->parent_id, in->parent_id, in->code, in->name, in->name_en,
			       in->description, in->sort_order.v, (int64_t)(in->active.has ? in->active.v : 1),
			       c->now, c->now)) < 0)
		return rc;
	return record_created(c, &exchange_term_kind, *id_out, 0, NULL);
}

int exchange_term_update(struct ctx *c, int64_t id, const void *vin)
{
	const struct exchange_term_in *in = vin;
	struct record rec;
	int rc;
	if ((rc = only_district(c)) || (rc = record_head(c, &exchange_term_kind, id, &rec)) ||
	    (rc = record_begin(c, &rec, in->version)))
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE xchg_terms SET name=coalesce(?,name), name_en=coalesce(?,name_en),"
			  " description=CASE WHEN ?=1 THEN ? ELSE description END,"
			  " sort_order=CASE WHEN ?=1 THEN ? ELSE sort_order END,"
			  " active=CASE WHEN ?=1 THEN ? ELSE active END,"
			  " version=version+1, updated_at=? WHERE id=?",
			  "ssisiiiiii", in->name, in->name_en, (int64_t)(in->description != NULL),
			  in->description, (int64_t)in->sort_order.has, in->sort_order.v,
			  (int64_t)in->active.has, (int64_t)in->active.v, c->now, id)))
		return rc;
	return record_commit(c, &rec, "update");
}
