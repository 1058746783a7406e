/* record.c — see record.h. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "core/sb.h"
#include "store/list.h"
#include "store/store.h"

int record_stale(struct err *e, int64_t current)
{
	return err_setf(e, ERR_CONFLICT, "version", "记录已被他人修改（当前版本 %lld），请刷新后重试",
			"the record was changed by someone else (now version %lld); reload and retry",
			(long long)current);
}

/* The end of a one-row read (db_row's rc): 0 when the record was there,
 * 404 naming "id" when not, or the error. */
static int found(struct ctx *c, const struct record_kind *k, int rc)
{
	if (rc != 0)
		return rc < 0 ? rc : 0;
	char zh[128], en[128];
	snprintf(zh, sizeof zh, "%s不存在", k->what_zh);
	snprintf(en, sizeof en, "no such %s", k->what_en);
	return err_set(c->e, ERR_NOT_FOUND, "id", zh, en);
}

int record_head(struct ctx *c, const struct record_kind *k, int64_t id, struct record *r)
{
	memset(r, 0, sizeof *r);
	r->k = k;
	r->path = "";
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st, k->head_sql, "i", id);
	if (rc == 1) {
		r->id = col_int(st, 0);
		r->region_id = col_null(st, 1) ? 0 : col_int(st, 1);
		r->version = col_int(st, 2);
		if (!col_null(st, 3))
			r->path = arena_strdup(c->a, col_text(st, 3));
		stmt_done(st);
	}
	return found(c, k, rc);
}

int record_load(struct ctx *c, const struct record_kind *k, int64_t id, unsigned mask,
		struct record *r)
{
	int rc = record_head(c, k, id, r);
	if (rc)
		return rc;
	if (c->who && (!auth_covers_path(c->who, k->read_roles, r->path) ||
		       (mask && !auth_covers_path(c->who, mask, r->path))))
		return auth_forbidden(c->e);
	return 0;
}

/* A reference-only snapshot (record_kind.ref_only): the record's version
 * from its head, no column. */
static int ref_snapshot(struct ctx *c, const struct record_kind *k, int64_t id, char **out)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st, k->head_sql, "i", id);
	if (rc == 1) {
		*out = arena_printf(c->a, "{\"ref\":\"%s/%lld\",\"version\":%lld}", k->entity, (long long)id,
				    (long long)col_int(st, 2));
		stmt_done(st);
	}
	return found(c, k, rc);
}

int record_snapshot(struct ctx *c, const struct record_kind *k, int64_t id, char **out)
{
	if (k->ref_only)
		return ref_snapshot(c, k, id, out);
	struct sb b = SB_INIT;
	struct jw w;
	jw_init(&w, &b);
	jw_obj(&w);
	int rc = record_write_cols(c, k, &w, id);
	jw_obj_end(&w);
	*out = rc ? NULL : arena_strndup(c->a, sb_str(&b), b.len);
	sb_free(&b);
	return rc;
}

int record_write_cols(struct ctx *c, const struct record_kind *k, struct jw *w, int64_t id)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st, k->row_sql, "i", id);
	if (rc == 1) {
		row_json(w, k->cols, k->ncols, st);
		stmt_done(st);
	}
	return found(c, k, rc);
}

int record_begin(struct ctx *c, struct record *r, int64_t version)
{
	if (version >= 0 && version != r->version)
		return record_stale(c->e, r->version);
	char *before = NULL;
	int rc = record_snapshot(c, r->k, r->id, &before);
	r->before = before;
	return rc;
}

int record_commit(struct ctx *c, struct record *r, const char *action)
{
	char *after = NULL;
	int rc;
	if (strcmp(action, "delete") != 0 && (rc = record_snapshot(c, r->k, r->id, &after)))
		return rc;
	return audit_record(c, action, r->k->entity, r->id, r->k->ref_only ? 0 : r->region_id, r->before, after);
}

int record_created(struct ctx *c, const struct record_kind *k, int64_t id, int64_t region_id,
		   const char *action)
{
	char *after = NULL;
	int rc = record_snapshot(c, k, id, &after);
	if (rc)
		return rc;
	return audit_record(c, action ? action : "create", k->entity, id, k->ref_only ? 0 : region_id, NULL, after);
}

int audit_record(struct ctx *c, const char *action, const char *entity, int64_t id,
		 int64_t region_id, const char *before, const char *after)
{
	struct audit_actor who = {c->who ? c->who->user_id : 0, c->who ? c->who->username : NULL};
	struct audit_entry en = {.action = action, .entity = entity, .entity_id = id,
				 .region_id = region_id, .before = before, .after = after};
	return audit_append(c->db, &who, c->now, &en, c->e);
}

/* An audit entry: id, at, user_id, username, action, entity, entity_id,
 * region_id, before, after, hash — or, for a record's history, only id, at,
 * username, action, before, after (the columns in that order). */
static void entry_json(struct jw *w, struct stmt *st, bool full)
{
	int i = 0;
	jw_obj(w);
	jw_kint(w, "id", col_int(st, i++));
	jw_ktime(w, "at", col_int(st, i++));
	if (full)
		jw_kint(w, "user_id", col_int(st, i++));
	jw_kstr(w, "username", col_text(st, i++));
	jw_kstr(w, "action", col_text(st, i++));
	if (full) {
		jw_kstr(w, "entity", col_text(st, i++));
		jw_kint(w, "entity_id", col_int(st, i++));
		jw_kint(w, "region_id", col_int(st, i++));
	}
	jw_key(w, "before");
	jw_raw(w, col_text(st, i++));
	jw_key(w, "after");
	jw_raw(w, col_text(st, i++));
	if (full)
		jw_kstr(w, "hash", col_text(st, i));
	jw_obj_end(w);
}

int record_write_history(struct ctx *c, struct jw *w, const char *entity, int64_t id)
{
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT id, at, username, action, before_json, after_json FROM audit_log"
			       " WHERE entity=? AND entity_id=? ORDER BY id DESC LIMIT 100",
			       "si", entity, id);
	if (!st)
		return c->e->code;
	int rc;
	jw_key(w, "history");
	jw_arr(w);
	while ((rc = stmt_step(st, c->e)) == 1)
		entry_json(w, st, false);
	jw_arr_end(w);
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

/* ---------- the audit list ---------- */

static const struct list_sort audit_sorts[] = {
	{"id", "a.id", false, true},
	{NULL, NULL, false, false},
};
static const struct list_spec audit_list = {
	.table = "audit_log a", .id = "a.id", .sorts = audit_sorts, .default_sort = "-id",
	.select = "a.id, a.at, a.user_id, a.username, a.action, a.entity, a.entity_id, a.region_id,"
		  " a.before_json, a.after_json, a.hash",
	.from = "audit_log a", .row_id = "a.id",
};

int audit_list_query(struct ctx *c, const struct audit_filter *f, struct list_q **out)
{
	const struct grant *g = NULL;
	if (c->who && !auth_has_role(c->who, R(ROLE_DISTRICT_ADMIN)) &&
	    !(g = auth_primary_grant(c->who, ROLES_STAFF)))
		return auth_forbidden(c->e);
	struct list_q *q = list_new(&audit_list);
	if (g) {
		const char *lo = g->region_path;
		list_where(q, "a.region_path >= ? AND a.region_path < ?", "ss", lo,
			   list_path_hi(c->a, lo));
	}
	list_eq_str_if(q, "a.entity", f->entity);
	list_eq_int_if(q, "a.entity_id", f->entity_id);
	list_eq_int_if(q, "a.user_id", f->user_id);
	list_eq_str_if(q, "a.action", f->action);
	if (f->from)
		list_where(q, "a.at >= ?", "i", f->from);
	if (f->to != INT64_MAX)
		list_where(q, "a.at < ?", "i", f->to);
	*out = q;
	return 0;
}

int audit_list_row(struct stmt *st, void *vc, struct err *e)
{
	(void)e;
	entry_json(((struct ctx *)vc)->w, st, true);
	return 0;
}
