/*
 * reg_common.c — see reg_internal.h: region and scope helpers, audit
 * entries, history, list plumbing shared by people, organisations, teams
 * and facilities.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "core/pii.h"
#include "core/sb.h"
#include "modules/region/region.h"
#include "modules/registry/reg_internal.h"
#include "store/store.h"

const char *const reg_households[] = {"registered", "nonregistered", NULL};
const char *const reg_sw_levels[] = {"assistant", "intermediate", "senior", NULL};
const char *const reg_person_statuses[] = {"active", "moved_out", "deceased", NULL};
const char *const reg_verify_methods[] = {"household_roll", "residence_permit", "in_person", NULL};
const char *const reg_org_types[] = {"social_work_agency", "community_social_org", "foundation",
				     "association", "enterprise", "social_enterprise",
				     "public_institution", "other", NULL};
const char *const reg_domains[] = {"elderly", "children", "youth", "women", "disability",
				   "new_residents", "poverty", "health", "culture", "education",
				   "environment", "legal", "safety", "community_building",
				   "volunteer", "charity", "other", NULL};
const char *const reg_registrations[] = {"registered", "filed", "unregistered", NULL};
const char *const reg_incubation_stages[] = {"incubating", "filed", "registered", NULL};
const char *const reg_org_statuses[] = {"active", "suspended", "dissolved", NULL};
const char *const reg_team_statuses[] = {"active", "dissolved", NULL};
const char *const reg_facility_kinds[] = {"party_service_center", "social_work_station",
					  "v_station", "elderly_center", "children_center",
					  "other", NULL};
const char *const reg_facility_statuses[] = {"open", "closed", NULL};
const char *const reg_team_roles[] = {"leader", "member", NULL};

bool reg_in(const char *s, const char *const *choices)
{
	for (; s && *choices; choices++)
		if (strcmp(s, *choices) == 0)
			return true;
	return false;
}

int reg_stale(struct err *e, int64_t current)
{
	return err_setf(e, ERR_CONFLICT, "version", "记录已被他人修改（当前版本 %lld），请刷新后重试",
			"the record was changed by someone else (now version %lld); reload and retry",
			(long long)current);
}

int reg_region_load(struct db *db, int64_t id, const char *field, struct reg_region *out,
		    struct err *e)
{
	struct stmt *st = db_q(db, e, "SELECT id, level, path, name FROM regions WHERE id=?", "i", id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		out->id = col_int(st, 0);
		out->level = region_level_from_id(col_text(st, 1));
		snprintf(out->path, sizeof out->path, "%s", col_text(st, 2));
		snprintf(out->name, sizeof out->name, "%s", col_text(st, 3));
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, field, "区域不存在", "no such region");
	return 0;
}

bool reg_covers(const struct principal *actor, unsigned mask, const char *path)
{
	return !actor || auth_covers_path(actor, mask, path);
}

int reg_region_for_write(struct db *db, const struct principal *actor, int64_t id,
			 const char *field, unsigned level_mask, struct reg_region *out,
			 struct err *e)
{
	int rc = reg_region_load(db, id, field, out, e);
	if (rc == ERR_NOT_FOUND)
		return err_set(e, ERR_RULE, field, "所选区域不存在", "the chosen region does not exist");
	if (rc)
		return rc;
	if (!reg_covers(actor, REG_EDIT_ROLES, out->path))
		return auth_forbidden(e);
	if (out->level < 0 || !(level_mask & (1u << out->level))) {
		struct sb names = SB_INIT;
		for (int l = 0; l < LVL__COUNT; l++)
			if (level_mask & (1u << l)) {
				if (names.len)
					sb_addc(&names, '/');
				sb_adds(&names, region_level_ids[l]);
			}
		err_setf(e, ERR_RULE, field, "区域层级不符：应为 %s", "wrong region level: must be %s",
			 sb_str(&names));
		sb_free(&names);
		return ERR_RULE;
	}
	return 0;
}

void reg_path_hi(const char *path, char hi[512])
{
	size_t n = strlen(path);
	/* "/1/3/" → "/1/30": every descendant path sorts inside [path, hi). */
	snprintf(hi, 512, "%.*s0", n ? (int)n - 1 : 0, path);
}

int reg_list_scope(struct db *db, const struct principal *p, unsigned mask, int64_t region_id,
		   char lo[512], char hi[512], struct err *e)
{
	if (region_id) {
		struct reg_region rg;
		int rc = reg_region_load(db, region_id, "region_id", &rg, e);
		if (rc)
			return rc;
		if (!reg_covers(p, mask, rg.path))
			return auth_forbidden(e);
		snprintf(lo, 512, "%s", rg.path);
	} else if (p) {
		const struct grant *g = auth_primary_grant(p, mask);
		if (!g)
			return auth_forbidden(e);
		snprintf(lo, 512, "%s", g->region_path);
	} else {
		snprintf(lo, 512, "/");
	}
	reg_path_hi(lo, hi);
	return 0;
}

int reg_audit(struct db *db, const struct principal *actor, int64_t now, const char *action,
	      const char *entity, int64_t id, int64_t region_id, const char *before,
	      const char *after, struct err *e)
{
	struct audit_actor who = {actor ? actor->user_id : 0, actor ? actor->username : NULL};
	struct audit_entry en = {.action = action, .entity = entity, .entity_id = id,
				 .region_id = region_id, .before = before, .after = after};
	return audit_append(db, &who, now, &en, e);
}

static void cell_json(struct jw *w, const struct reg_col *c, struct stmt *st, int i)
{
	if (c->kind == RC_HIDDEN)
		return;
	jw_key(w, c->key);
	if (col_null(st, i)) {
		if (c->kind == RC_BOOL)
			jw_bool(w, false);
		else
			jw_null(w);
		return;
	}
	switch (c->kind) {
	case RC_INT: jw_int(w, col_int(st, i)); break;
	case RC_BOOL: jw_bool(w, col_int(st, i) != 0); break;
	case RC_TIME: jw_time(w, col_int(st, i)); break;
	case RC_DOUBLE: jw_double(w, col_double(st, i)); break;
	case RC_ID_MASK:
	case RC_MOBILE_MASK: {
		const char *s = col_text(st, i);
		struct sb m = SB_INIT;
		if (c->kind == RC_ID_MASK)
			pii_mask_id(&m, s, strlen(s));
		else
			pii_mask_mobile(&m, s, strlen(s));
		jw_str(w, sb_str(&m));
		sb_free(&m);
		break;
	}
	default: jw_str(w, col_text(st, i)); break;
	}
}

void reg_row_json(struct jw *w, const struct reg_col *cols, int ncols, struct stmt *st)
{
	for (int i = 0; i < ncols; i++)
		cell_json(w, &cols[i], st, i);
}

int reg_snapshot(struct db *db, const char *sql, const struct reg_col *cols, int ncols,
		 int64_t id, char **out, struct err *e)
{
	struct stmt *st = db_q(db, e, sql, "i", id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		struct sb b = SB_INIT;
		struct jw w;
		jw_init(&w, &b);
		jw_obj(&w);
		reg_row_json(&w, cols, ncols, st);
		jw_obj_end(&w);
		*out = sb_detach(&b, NULL);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "id", "记录不存在", "no such record");
	return 0;
}

int reg_write_history(struct db *db, struct jw *w, const char *entity, int64_t id,
		      struct err *e)
{
	struct stmt *st = db_q(db, e,
			       "SELECT id, at, username, action, before_json, after_json FROM audit_log"
			       " WHERE entity=? AND entity_id=? ORDER BY id DESC LIMIT 100",
			       "si", entity, id);
	if (!st)
		return e->code;
	int rc;
	jw_key(w, "history");
	jw_arr(w);
	while ((rc = stmt_step(st, e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_ktime(w, "at", col_int(st, 1));
		jw_kstr(w, "username", col_text(st, 2));
		jw_kstr(w, "action", col_text(st, 3));
		jw_key(w, "before");
		jw_raw(w, col_text(st, 4));
		jw_key(w, "after");
		jw_raw(w, col_text(st, 5));
		jw_obj_end(w);
	}
	jw_arr_end(w);
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

char *reg_like_pattern(const char *q)
{
	struct sb b = SB_INIT;
	sb_addc(&b, '%');
	for (const char *s = q; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			sb_addc(&b, '\\');
		sb_addc(&b, *s);
	}
	sb_addc(&b, '%');
	return sb_detach(&b, NULL);
}

int reg_order_by(const char *sort, const char *alias, const char **extra, char *out,
		 size_t cap, struct err *e)
{
	static const char *const base[] = {"id", "name", "created_at", "updated_at", NULL};
	const char *s = sort && *sort ? sort : "id";
	bool desc = *s == '-';
	if (desc)
		s++;
	if (!reg_in(s, base) && !(extra && reg_in(s, extra)))
		return err_set(e, ERR_INVALID, "sort",
			       "排序字段应为 id、name、created_at 或 updated_at（可加 - 前缀表示倒序）",
			       "sort must be id, name, created_at or updated_at (prefix - for descending)");
	int n;
	if (strcmp(s, "id") == 0)
		n = snprintf(out, cap, "%s.id%s", alias, desc ? " DESC" : "");
	else
		n = snprintf(out, cap, "%s.%s%s, %s.id%s", alias, s, desc ? " DESC" : "", alias,
			     desc ? " DESC" : "");
	if (n < 0 || (size_t)n >= cap)
		return err_set(e, ERR_INTERNAL, "sort", "排序参数过长", "sort too long");
	return 0;
}

void reg_bind_i(struct reg_binds *b, int64_t v)
{
	if (b->n >= REG_MAX_BINDS)
		abort();
	snprintf(b->ibuf[b->n], sizeof b->ibuf[0], "%lld", (long long)v);
	b->strs[b->n] = b->ibuf[b->n];
	b->types[b->n++] = 's';
	b->types[b->n] = '\0';
}

void reg_bind_s(struct reg_binds *b, const char *v)
{
	if (b->n >= REG_MAX_BINDS)
		abort();
	b->strs[b->n] = v;
	b->types[b->n++] = 's';
	b->types[b->n] = '\0';
}

#define B40(b) B40P(b)

int reg_emit_ids(struct db *db, const char *one_sql, const int64_t *ids, size_t n,
		 const struct reg_col *cols, int ncols, reg_row_fn fn, void *ctx, struct err *e)
{
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		struct stmt *st = db_q(db, e, one_sql, "i", ids[i]);
		if (!st)
			return e->code;
		rc = stmt_step(st, e);
		if (rc == 1)
			rc = fn(ctx, cols, ncols, st, e);
		stmt_done(st);
	}
	return rc;
}

int reg_run_list(struct db *db, const char *from_where, const char *id_expr,
		 const char *one_sql, const char *order_by, struct reg_binds *b, struct reg_page *pg,
		 const struct reg_col *cols, int ncols, reg_row_fn fn, void *ctx, struct err *e)
{
	int rc = 0;
	struct sb sql = SB_INIT;
	struct stmt *st = NULL;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	pg->total = 0;
	pg->total_capped = false;
	if (pg->want_total) {
		/* Count at most REG_TOTAL_CAP + 1 rows: the answer says "more than". */
		sb_addf(&sql, "SELECT count(*) FROM (SELECT 1 %s LIMIT %d)", from_where,
			REG_TOTAL_CAP + 1);
		st = db_q(db, e, sb_str(&sql), b->types, B40(b));
		if (!st) {
			rc = e->code;
			goto done;
		}
		if ((rc = stmt_step(st, e)) == 1)
			pg->total = col_int(st, 0);
		stmt_done(st);
		st = NULL;
		if (rc < 0)
			goto done;
		if (pg->total > REG_TOTAL_CAP) {
			pg->total = REG_TOTAL_CAP;
			pg->total_capped = true;
		}
	}
	/* Phase 1: the page's ids only (a sort then carries one integer per
	 * row, not every column); phase 2: each row by primary key. */
	sb_reset(&sql);
	sb_addf(&sql, "SELECT %s %s ORDER BY %s LIMIT CAST(? AS INTEGER) OFFSET CAST(? AS INTEGER)",
		id_expr, from_where, order_by);
	reg_bind_i(b, pg->limit > 0 ? pg->limit : REG_EXPORT_MAX + 1);
	reg_bind_i(b, pg->offset);
	st = db_q(db, e, sb_str(&sql), b->types, B40(b));
	b->n -= 2;
	b->types[b->n] = '\0';
	if (!st) {
		rc = e->code;
		goto done;
	}
	while ((rc = stmt_step(st, e)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 128;
			int64_t *grown = realloc(ids, cap * sizeof *ids);
			if (!grown)
				abort();
			ids = grown;
		}
		ids[n++] = col_int(st, 0);
	}
	stmt_done(st);
	st = NULL;
	if (rc < 0)
		goto done;
	rc = reg_emit_ids(db, one_sql, ids, n, cols, ncols, fn, ctx, e);
done:
	stmt_done(st);
	free(ids);
	sb_free(&sql);
	return rc;
}
