/* registry_kind.c — see registry_kind.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/jw.h"
#include "modules/registry/registry_kind.h"
#include "store/store.h"

int registry_kind_load(struct ctx *c, const struct registry_kind *k, int64_t id, struct record *r)
{
	int rc = record_load(c, &k->rec, id, REGISTRY_EDIT_ROLES, r);
	r->path = "";
	return rc;
}

static int64_t field(const void *in, size_t off)
{
	int64_t v;
	memcpy(&v, (const char *)in + off, sizeof v);
	return v;
}

int registry_kind_create(struct ctx *c, const struct registry_kind *k, const void *in, int64_t *id_out)
{
	int64_t id = 0;
	int rc = k->insert(c, in, &id);
	if (!rc)
		rc = record_created(c, &k->rec, id, field(in, k->region_off), NULL);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int registry_kind_update(struct ctx *c, const struct registry_kind *k, int64_t id, const void *in)
{
	struct record r;
	void *st = NULL;
	int rc = record_load(c, &k->rec, id, REGISTRY_EDIT_ROLES, &r);
	if (!rc)
		rc = k->check(c, &r, in, &st);
	if (!rc)
		rc = record_begin(c, &r, field(in, k->version_off));
	if (!rc)
		rc = k->apply(c, &r, in, st);
	if (!rc) {
		if (field(in, k->region_off))
			r.region_id = field(in, k->region_off);
		rc = record_commit(c, &r, "update");
	}
	return rc;
}

int registry_kind_delete(struct ctx *c, const struct registry_kind *k, int64_t id)
{
	struct record r;
	int rc = record_load(c, &k->rec, id, REGISTRY_EDIT_ROLES, &r);
	if (!rc && k->can_delete)
		rc = k->can_delete(c, &r);
	if (!rc)
		rc = record_begin(c, &r, -1);
	if (!rc)
		rc = record_commit(c, &r, "delete");
	if (!rc)
		rc = db_exec(c->db, c->e, k->delete_sql, "i", id);
	if (rc == ERR_RULE)
		err_set(c->e, ERR_RULE, "id", k->in_use_zh, k->in_use_en);
	return rc;
}

int registry_kind_write_json(struct db *db, const struct principal *p, const struct registry_kind *k,
			     struct jw *w, int64_t id, bool with_history, struct err *e)
{
	struct stmt *st;
	struct ctx c = {db, p, 0, NULL, e, NULL};
	int rc = db_row(db, e, &st, k->rec.row_sql, "i", id);
	char path[512];
	if (rc <= 0) {
		char en[128];
		snprintf(path, sizeof path, "%s不存在", k->rec.what_zh);
		snprintf(en, sizeof en, "no such %s", k->rec.what_en);
		return rc < 0 ? rc : err_set(e, ERR_NOT_FOUND, "id", path, en);
	}
	snprintf(path, sizeof path, "%s", col_text(st, k->path_col));
	if (!registry_covers(p, k->rec.read_roles, path)) {
		stmt_done(st);
		return auth_forbidden(e);
	}
	jw_obj(w);
	registry_row_json(w, k->rec.cols, k->rec.ncols, st);
	jw_kbool(w, "can_edit", registry_covers(p, REGISTRY_EDIT_ROLES, path));
	stmt_done(st);
	if (k->detail && (rc = k->detail(&c, w, id, path)))
		return rc;
	if (with_history && (rc = record_write_history(&c, w, k->rec.entity, id)))
		return rc;
	jw_obj_end(w);
	return 0;
}

int registry_write_rows(struct ctx *c, struct jw *w, const char *key, const struct col *cols, int ncols,
			const char *sql, int64_t id)
{
	int rc;
	struct stmt *st = db_q(c->db, c->e, sql, "i", id);
	if (!st)
		return c->e->code;
	jw_key(w, key);
	jw_arr(w);
	while ((rc = stmt_step(st, c->e)) == 1) {
		jw_obj(w);
		row_json(w, cols, ncols, st);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

void registry_list_like(struct list_q *q, const char *sql, const char *s)
{
	if (!s || !*s)
		return;
	char *like = registry_like_pattern(s);
	list_where(q, sql, "s", like);
	free(like);
}

static const char *filter_value(const void *f, const struct registry_enum_filter *t)
{
	const char *v;
	memcpy(&v, (const char *)f + t->off, sizeof v);
	return v;
}

int registry_filters_check(const void *f, const struct registry_enum_filter *t, struct err *e)
{
	for (; t->field; t++) {
		const char *v = filter_value(f, t);
		if (v && !registry_in(v, t->choices))
			return err_set(e, ERR_INVALID, t->field, t->zh, t->en);
	}
	return 0;
}

void registry_filters_where(struct list_q *q, const void *f, const struct registry_enum_filter *t)
{
	for (; t->field; t++)
		if (filter_value(f, t))
			list_eq_str(q, t->col, filter_value(f, t));
}

int registry_list_open(struct ctx *c, unsigned mask, int64_t region_id, const struct list_spec *spec,
		       const void *f, const struct registry_enum_filter *filters, struct list_q **q)
{
	int rc;
	*q = NULL;
	if ((rc = registry_filters_check(f, filters, c->e)) ||
	    (rc = registry_list_new(c->db, c->who, mask, region_id, spec, q, c->e)))
		return rc;
	registry_filters_where(*q, f, filters);
	return 0;
}
