/*
 * registry_gov_common.c — what the governance records share: loading a region
 * and checking the caller's scope over it, loading a record with its
 * region, the start and end of a governance list (store/list.h), months
 * and civil dates in Asia/Shanghai, and small JSON writers.
 *
 * Scope is always decided on the region's materialised path; a subtree is
 * the range [path, hi) with hi = path whose last '/' becomes '0'. Region
 * names and paths are copied into the request's arena (no fixed buffers).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/wtime.h"
#include "modules/registry/registry_gov.h"
#include "modules/registry/registry_gov_internal.h"
#include "store/list.h"
#include "store/store.h"

int registry_each(struct ctx *c, struct stmt *st, int max, registry_each_fn fn, void *arg)
{
	if (!st)
		return c->e->code;
	int rc = 0, n = 0;
	while ((max < 0 || n < max) && (rc = stmt_step(st, c->e)) == 1) {
		n++;
		if ((rc = fn(c, st, arg)) < 0)
			break;
	}
	stmt_done(st);
	return rc < 0 ? rc : n;
}

int registry_array(struct ctx *c, struct jw *w, const char *key, struct stmt *st, registry_each_fn fn,
		   void *arg)
{
	if (!st)
		return c->e->code;
	if (key)
		jw_key(w, key);
	jw_arr(w);
	int rc = registry_each(c, st, -1, fn, arg);
	jw_arr_end(w);
	return rc;
}

int registry_cols_row(struct ctx *c, struct stmt *st, void *arg)
{
	(void)c;
	const struct registry_cols *cs = arg;
	row_json(cs->w, cs->cols, cs->n, st);
	return 0;
}

static int region_row(struct ctx *c, struct stmt *st, void *arg)
{
	struct registry_gov_region *out = arg;
	int64_t *ints[] = {&out->id, &out->parent_id}; /* columns 0, 1; households is 6 */
	const char **texts[] = {&out->level, &out->kind, &out->path, &out->name}; /* columns 2..5 */
	for (int i = 0; i < 2; i++)
		*ints[i] = col_int(st, i);
	for (int i = 0; i < 4; i++)
		*texts[i] = arena_strdup(c->a, col_text(st, 2 + i));
	out->households = col_int(st, 6);
	char *hi = arena_strdup(c->a, out->path);
	size_t n = strlen(hi);
	if (n)
		hi[n - 1] = '0';
	out->hi = hi;
	return 0;
}

int registry_gov_region_load(struct ctx *c, int64_t id, const char *field, struct registry_gov_region *out)
{
	int rc = registry_each(c,
			       db_q(c->db, c->e,
				    "SELECT r.id, coalesce(r.parent_id,0), r.level, coalesce(r.kind,''), r.path, r.name,"
				    " CASE WHEN r.households > 0 THEN r.households ELSE"
				    " (SELECT coalesce(sum(b.households),0) FROM regions b WHERE b.parent_id = r.id) END"
				    " FROM regions r WHERE r.id=?",
				    "i", id),
			       1, region_row, out);
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, field, "区域不存在", "no such region");
	return rc < 0 ? rc : 0;
}

int registry_scope(struct ctx *c, unsigned mask, int64_t id, const char *field, struct registry_gov_region *out)
{
	int rc = registry_gov_region_load(c, id, field, out);
	if (rc)
		return rc;
	if (c->who && !auth_covers_path(c->who, mask, out->path))
		return auth_forbidden(c->e);
	return 0;
}

int registry_scope_root(struct ctx *c, unsigned mask, int64_t id, struct registry_gov_region *out)
{
	if (!id) {
		const struct grant *g = auth_primary_grant(c->who, mask);
		if (!g)
			return auth_forbidden(c->e);
		id = g->region_id;
	}
	return registry_scope(c, mask, id, "region_id", out);
}

int registry_edit(struct ctx *c, const struct record_kind *k, int64_t id, int64_t version, struct record *rec)
{
	int rc = record_load(c, k, id, REGISTRY_EDIT, rec);
	return rc ? rc : record_begin(c, rec, version);
}

int registry_obj_end(struct jw *w, int rc)
{
	if (rc < 0)
		return rc;
	jw_obj_end(w);
	return 0;
}

int registry_refuse(struct ctx *c, int rc, const int64_t *n, int code, const char *field, const char *zh,
		    const char *en)
{
	if (rc < 0)
		return rc;
	return *n ? err_set(c->e, code, field, zh, en) : 0;
}

int registry_community(struct ctx *c, unsigned mask, int64_t id, const char *field, const char *zh,
		       const char *en, struct registry_gov_region *out)
{
	int rc = registry_scope(c, mask, id, field, out);
	return rc ? rc : registry_need_community(out, field, zh, en, c->e);
}

bool registry_in_subtree(const struct registry_gov_region *root, const char *path)
{
	return path && strncmp(root->path, path, strlen(root->path)) == 0;
}

int registry_record_load(struct ctx *c, const struct record_kind *k, int64_t id, unsigned mask,
		    struct record *rec, struct registry_gov_region *region)
{
	int rc = record_load(c, k, id, mask, rec);
	return rc ? rc : registry_gov_region_load(c, rec->region_id, "id", region);
}

int registry_need_community(const struct registry_gov_region *r, const char *field, const char *zh,
		       const char *en, struct err *e)
{
	if (strcmp(r->level, "community") == 0)
		return 0;
	if (zh)
		return err_set(e, ERR_RULE, field, zh, en);
	return err_setf(e, ERR_RULE, field, "%s 应为村（社区）", "%s must be a community or village", field);
}

/* Where a person lives and whether they still do: [inside, active]. */
struct person_at {
	const struct registry_gov_region *r;
	bool inside, active;
};

static int person_row(struct ctx *c, struct stmt *st, void *arg)
{
	(void)c;
	struct person_at *at = arg;
	at->inside = registry_in_subtree(at->r, col_text(st, 0));
	at->active = strcmp(col_text(st, 1), "active") == 0;
	return 0;
}

int registry_person_inside(struct ctx *c, int64_t person_id, const struct registry_gov_region *r,
		      const char *zh_fmt, const char *en_fmt)
{
	struct person_at at = {r, false, false};
	int rc = registry_each(c,
			       db_q(c->db, c->e,
				    "SELECT r.path, p.status FROM people p JOIN regions r ON r.id=p.region_id"
				    " WHERE p.id=?",
				    "i", person_id),
			       1, person_row, &at);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "person_id", "人员不存在", "no such person");
	if (!at.inside)
		return err_setf(c->e, ERR_RULE, "person_id", zh_fmt, en_fmt, r->name);
	if (!at.active)
		return err_set(c->e, ERR_RULE, "person_id", "该人员已迁出或已故", "the person has moved out or died");
	return 0;
}

static int list_begin(struct ctx *c, const struct list_spec *spec, const struct registry_list_q *q,
		      struct list_q **out)
{
	*out = NULL;
	int64_t id = q->region_id;
	char *path = NULL;
	int rc;
	if (!id) {
		const struct grant *g = c->who ? auth_primary_grant(c->who, REGISTRY_READ) : NULL;
		if (c->who && !g)
			return auth_forbidden(c->e);
		id = g ? g->region_id : 0;
	} else if ((rc = list_region_path(c->db, id, "region_id", &path, c->e))) {
		return rc;
	}
	struct registry_gov_region root;
	if (id && (rc = registry_scope(c, REGISTRY_READ, id, "region_id", &root))) {
		free(path);
		return rc;
	}
	free(path);
	struct list_q *lq = list_new(spec);
	if (id && (rc = list_subtree(lq, c->db, root.path, c->e))) {
		list_free(lq);
		return rc;
	}
	*out = lq;
	return 0;
}

void registry_row_members(struct jw *w, const struct registry_rows *rows, struct stmt *st)
{
	row_json(w, rows->cols, rows->ncols, st);
	for (int i = 0, k = rows->ncols; i < rows->nrefs; i++) {
		jw_key(w, rows->refs[i].key);
		jw_obj(w);
		jw_kint(w, "id", col_int(st, k++));
		jw_kstr(w, "name", col_text(st, k++));
		if (rows->refs[i].level)
			jw_kstr(w, "level", col_text(st, k++));
		jw_obj_end(w);
	}
}

struct row_arg {
	struct jw *w;
	const struct registry_rows *rows;
};

static int row_object(struct stmt *st, void *arg, struct err *e)
{
	(void)e;
	const struct row_arg *ra = arg;
	jw_obj(ra->w);
	registry_row_members(ra->w, ra->rows, st);
	jw_obj_end(ra->w);
	return 0;
}

static int row_each(struct ctx *c, struct stmt *st, void *arg)
{
	return row_object(st, arg, c->e);
}

int registry_write_one(struct ctx *c, struct jw *w, const char *sql, int64_t id,
		  const struct registry_rows *rows)
{
	struct row_arg ra = {w, rows};
	int rc = registry_each(c, db_q(c->db, c->e, sql, "i", id), 1, row_each, &ra);
	return rc < 0 ? rc : 0;
}

int registry_write_array(struct ctx *c, struct jw *w, const char *key, const struct registry_rows *rows,
		    const char *sql, const struct db_arg *args, int nargs)
{
	struct row_arg ra = {w, rows};
	int rc = registry_array(c, w, key, db_qa(c->db, c->e, sql, args, nargs), row_each, &ra);
	return rc < 0 ? rc : 0;
}

int registry_write_items(struct ctx *c, struct jw *w, const struct registry_rows *rows, const char *sql,
		    const struct db_arg *args, int nargs)
{
	jw_obj(w);
	int rc = registry_write_array(c, w, "items", rows, sql, args, nargs);
	jw_obj_end(w);
	return rc;
}

int registry_list(struct ctx *c, struct jw *w, const struct registry_list_q *q, struct list_result *res,
		  const struct registry_list_def *d, const struct registry_filter *f, int nf)
{
	struct list_q *lq;
	int rc = list_begin(c, d->spec, q, &lq);
	if (rc)
		return rc;
	for (int i = 0; i < nf && !rc; i++)
		if (f[i].value)
			rc = list_eq_enum(lq, f[i].column, f[i].field, f[i].value, f[i].allowed, c->e);
	if (!rc && d->where)
		rc = d->where(c, lq, q);
	if (rc) {
		list_free(lq);
		return rc;
	}
	struct list_req req = {.page = q->page, .per_page = q->per_page, .sort = q->sort,
			       .cursor = q->cursor};
	struct row_arg ra = {w, d->rows};
	rc = list_run(c->db, lq, &req, row_object, &ra, res, c->e);
	list_free(lq);
	return rc;
}

static void civil(int64_t now, int *y, int *m, int *d)
{
	char buf[16];
	wtime_format_date(now, buf, sizeof buf);
	*y = atoi(buf);
	*m = atoi(buf + 5);
	*d = atoi(buf + 8);
}

void registry_today(int64_t now, char out[11])
{
	wtime_format_date(now, out, 11);
}

static int64_t month_start_us(int y, int m)
{
	return (wtime_days_from_civil(y, (unsigned)m, 1) * 86400 - WTIME_SHANGHAI_OFFSET_S) * WTIME_US;
}

int registry_month_parse(const char *s, int64_t now, struct registry_month *m, struct err *e)
{
	int y, mo, d;
	if (!s || !*s) {
		civil(now, &y, &mo, &d);
	} else {
		if (strlen(s) != 7 || s[4] != '-')
			goto bad;
		for (int i = 0; i < 7; i++)
			if (i != 4 && (s[i] < '0' || s[i] > '9'))
				goto bad;
		y = atoi(s);
		mo = atoi(s + 5);
		if (y < 2000 || y > 2100 || mo < 1 || mo > 12)
			goto bad;
	}
	int ny = mo == 12 ? y + 1 : y, nm = mo == 12 ? 1 : mo + 1;
	snprintf(m->ym, sizeof m->ym, "%04d-%02d", y, mo);
	snprintf(m->first, sizeof m->first, "%04d-%02d-01", y, mo);
	snprintf(m->next_first, sizeof m->next_first, "%04d-%02d-01", ny, nm);
	m->from_us = month_start_us(y, mo);
	m->to_us = month_start_us(ny, nm);
	return 0;
bad:
	return err_set(e, ERR_INVALID, "month", "月份格式应为 YYYY-MM（2000–2100 年）",
		       "month must be YYYY-MM (years 2000–2100)");
}

int registry_date_check(const char *s, const char *field, struct err *e)
{
	int64_t us;
	char back[16] = "";
	if (s && strlen(s) == 10 && !wtime_parse(s, &us))
		wtime_format_date(us, back, sizeof back);
	if (!s || strcmp(back, s) != 0)
		return err_setf(e, ERR_INVALID, field, "%s 应为有效日期 YYYY-MM-DD",
				"%s must be a valid date YYYY-MM-DD", field);
	return 0;
}

struct texts {
	const char **out;
	int n;
};

static int texts_row(struct ctx *c, struct stmt *st, void *arg)
{
	const struct texts *t = arg;
	for (int i = 0; i < t->n; i++)
		if (col_text(st, i))
			t->out[i] = arena_strdup(c->a, col_text(st, i));
	return 0;
}

int registry_texts(struct ctx *c, const char *sql, int64_t id, const char **out, int n)
{
	for (int i = 0; i < n; i++)
		out[i] = "";
	struct texts t = {out, n};
	int rc = registry_each(c, db_q(c->db, c->e, sql, "i", id), 1, texts_row, &t);
	return rc < 0 ? rc : 0;
}

int registry_text(struct ctx *c, const char *sql, int64_t id, const char **out)
{
	return registry_texts(c, sql, id, out, 1);
}

void registry_ref_open(struct jw *w, const char *key, int64_t id, const char *name)
{
	if (key)
		jw_key(w, key);
	jw_obj(w);
	jw_kint(w, "id", id);
	jw_kstr(w, "name", name);
}

void registry_write_ref(struct jw *w, const char *key, int64_t id, const char *name)
{
	registry_ref_open(w, key, id, name);
	jw_obj_end(w);
}

int registry_report_begin(struct ctx *c, struct jw *w, int64_t region_id, const struct registry_month *m,
			  struct registry_gov_region *root)
{
	int rc = registry_scope_root(c, REGISTRY_READ, region_id, root);
	if (rc)
		return rc;
	jw_obj(w);
	if (m)
		jw_kstr(w, "month", m->ym);
	registry_write_region(w, root);
	return 0;
}

int registry_created(struct ctx *c, const struct record_kind *k, int64_t id, int64_t region_id,
		     int64_t *id_out)
{
	int rc = record_created(c, k, id, region_id, NULL);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

void registry_write_region(struct jw *w, const struct registry_gov_region *r)
{
	jw_key(w, "region");
	jw_obj(w);
	jw_kint(w, "id", r->id);
	jw_kstr(w, "name", r->name);
	jw_kstr(w, "level", r->level);
	jw_obj_end(w);
}
