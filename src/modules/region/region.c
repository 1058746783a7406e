/*
 * region.c — see region.h.
 *
 * Subtrees are path ranges: the descendants of "/1/3/" are the paths p
 * with "/1/3/" <= p < "/1/30" ('0' follows '/' in ASCII), which an index
 * on path answers without a scan, in SQLite and PostgreSQL alike.
 * Population of the district and towns is the sum over their communities,
 * computed in the same query that reads the row.
 */
#include "modules/region/region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "core/sb.h"
#include "store/store.h"

const char *const region_level_ids[LVL__COUNT + 1] = {"district", "town", "community", "grid",
						      "building", NULL};

int region_level_from_id(const char *s)
{
	for (int i = 0; i < LVL__COUNT; i++)
		if (s && strcmp(region_level_ids[i], s) == 0)
			return i;
	return -1;
}

#define EDIT_ROLES ROLES_STAFF
#define READ_ROLES ROLES_ANY

/* Columns: 0 id, 1 parent_id, 2 level, 3 name, 4 code, 5 kind, 6 path, 7 reg, 8 nonreg,
 * 9 households, 10 version, 11 updated_at, 12 child_count */
#define ROLLUP(col)                                                                        \
	"CASE WHEN r.level IN ('district','town') THEN (SELECT coalesce(sum(c." col "),0)"    \
	" FROM regions c WHERE c.level='community' AND c.path >= r.path"                      \
	" AND c.path < substr(r.path,1,length(r.path)-1) || '0') ELSE r." col " END"
#define REGION_COLS                                                                        \
	"r.id, r.parent_id, r.level, r.name, r.code, r.kind, r.path, " ROLLUP("registered_pop") \
	", " ROLLUP("nonregistered_pop") ", " ROLLUP("households") ", r.version, r.updated_at," \
	" (SELECT count(*) FROM regions k WHERE k.parent_id = r.id)"

static bool is_grant_root(const struct principal *p, const char *path)
{
	for (int i = 0; p && i < p->ngrants; i++)
		if (strcmp(p->grants[i].region_path, path) == 0 &&
		    (R(p->grants[i].role) & EDIT_ROLES))
			return true;
	return false;
}

/* May p edit the region at path? Inside an editing grant (on the grant's
 * own root only the figures: see can_rename_path). */
static bool can_edit_path(const struct principal *p, const char *path)
{
	if (!p)
		return true; /* system / CLI */
	if (auth_covers_path(p, R(ROLE_DISTRICT_ADMIN), path))
		return true;
	return auth_covers_path(p, EDIT_ROLES, path);
}

/* Only population figures may change on the caller's own grant root. */
static bool can_rename_path(const struct principal *p, const char *path)
{
	if (!p || auth_covers_path(p, R(ROLE_DISTRICT_ADMIN), path))
		return true;
	return auth_covers_path(p, EDIT_ROLES, path) && !is_grant_root(p, path);
}

static void write_row(struct jw *w, struct stmt *st, const struct principal *p)
{
	const char *path = col_text(st, 6);
	int64_t reg = col_int(st, 7), non = col_int(st, 8);
	jw_kint(w, "id", col_int(st, 0));
	if (col_null(st, 1))
		jw_knull(w, "parent_id");
	else
		jw_kint(w, "parent_id", col_int(st, 1));
	jw_kstr(w, "level", col_text(st, 2));
	jw_kstr(w, "name", col_text(st, 3));
	jw_kstr(w, "code", col_text(st, 4));
	jw_kstr(w, "kind", col_text(st, 5));
	jw_kint(w, "registered_pop", reg);
	jw_kint(w, "nonregistered_pop", non);
	jw_kint(w, "total_pop", reg + non);
	jw_kint(w, "households", col_int(st, 9));
	jw_kint(w, "child_count", col_int(st, 12));
	jw_kint(w, "version", col_int(st, 10));
	jw_ktime(w, "updated_at", col_int(st, 11));
	if (p) {
		jw_kbool(w, "can_edit", can_edit_path(p, path));
		jw_kbool(w, "can_rename", can_rename_path(p, path));
	}
}

struct rinfo {
	int64_t id, parent_id, version;
	int level;
	char path[512];
	char name[256];
};

static int load_info(struct db *db, int64_t id, struct rinfo *ri, struct err *e)
{
	struct stmt *st = db_q(db, e,
			       "SELECT id, coalesce(parent_id,0), level, path, name, version FROM regions"
			       " WHERE id=?",
			       "i", id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		ri->id = col_int(st, 0);
		ri->parent_id = col_int(st, 1);
		ri->level = region_level_from_id(col_text(st, 2));
		snprintf(ri->path, sizeof ri->path, "%s", col_text(st, 3));
		snprintf(ri->name, sizeof ri->name, "%s", col_text(st, 4));
		ri->version = col_int(st, 5);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "id", "区域不存在", "no such region");
	return 0;
}

static int snapshot(struct db *db, int64_t id, char **out, struct err *e)
{
	struct sb b = SB_INIT;
	struct jw w;
	jw_init(&w, &b);
	struct stmt *st = db_q(db, e, "SELECT " REGION_COLS " FROM regions r WHERE r.id=?", "i", id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		jw_obj(&w);
		write_row(&w, st, NULL);
		jw_obj_end(&w);
	}
	stmt_done(st);
	if (rc <= 0) {
		sb_free(&b);
		return rc < 0 ? rc : err_set(e, ERR_NOT_FOUND, "id", "区域不存在", "no such region");
	}
	*out = sb_detach(&b, NULL);
	return 0;
}

static int audit_region(struct db *db, const struct principal *actor, int64_t now,
			const char *action, int64_t id, const char *before, const char *after,
			struct err *e)
{
	struct audit_actor who = {actor ? actor->user_id : 0, actor ? actor->username : NULL};
	struct audit_entry en = {.action = action, .entity = "region", .entity_id = id,
				 .region_id = id, .before = before, .after = after};
	return audit_append(db, &who, now, &en, e);
}

static int validate_common(const struct region_in *in, struct err *e)
{
	if (in->has_kind && in->kind && strcmp(in->kind, "urban") != 0 && strcmp(in->kind, "rural") != 0)
		return err_set(e, ERR_INVALID, "kind", "类型应为 urban（城市社区）或 rural（农村）",
			       "kind must be urban or rural");
	return 0;
}

int region_create(struct db *db, const struct principal *actor, const struct region_in *in,
		  int64_t now, int64_t *id_out, struct err *e)
{
	int rc = validate_common(in, e);
	if (rc)
		return rc;
	int level = region_level_from_id(in->level);
	if (level < 0)
		return err_set(e, ERR_INVALID, "level", "层级应为 district/town/community/grid/building",
			       "level must be district, town, community, grid or building");
	struct rinfo parent = {0};
	if (in->parent_id) {
		if ((rc = load_info(db, in->parent_id, &parent, e))) {
			if (rc == ERR_NOT_FOUND)
				snprintf(e->field, sizeof e->field, "parent_id");
			return rc;
		}
		if (actor && !auth_covers_path(actor, EDIT_ROLES, parent.path))
			return auth_forbidden(e);
		if (parent.level + 1 != level)
			return err_setf(e, ERR_RULE, "level", "上级为 %s，下级层级应为 %s",
					"the parent is a %s, so the new region must be a %s",
					region_level_ids[parent.level],
					parent.level + 1 < LVL__COUNT ? region_level_ids[parent.level + 1]
								      : "(none)");
	} else {
		if (actor)
			return err_set(e, ERR_INVALID, "parent_id", "缺少上级区域", "parent_id is required");
		if (level != LVL_DISTRICT)
			return err_set(e, ERR_RULE, "level", "顶级区域必须是区", "a root region must be a district");
	}
	/* Insert with a temporary unique path, then set the real one from the id. */
	char tmp[64];
	snprintf(tmp, sizeof tmp, "tmp:%lld", (long long)now);
	int64_t id = 0;
	struct stmt *st = db_q(db, e,
			       "INSERT INTO regions(parent_id, level, name, code, kind, path, registered_pop,"
			       " nonregistered_pop, households, created_at, updated_at)"
			       " VALUES(NULLIF(?,0),?,?,?,?,?,?,?,?,?,?) RETURNING id",
			       "isssssiiiii", in->parent_id, in->level, in->name, in->code, in->kind, tmp,
			       in->registered_pop, in->nonregistered_pop, in->households, now, now);
	if (!st)
		return e->code;
	rc = stmt_step(st, e);
	if (rc == 1)
		id = col_int(st, 0);
	stmt_done(st);
	if (rc < 0) {
		if (rc == ERR_CONFLICT)
			err_set(e, ERR_CONFLICT, "name", "同一上级下已有同名区域",
				"a region with this name already exists under the same parent");
		return rc;
	}
	char path[600];
	if (!in->parent_id)
		snprintf(path, sizeof path, "/%lld/", (long long)id);
	else
		snprintf(path, sizeof path, "%s%lld/", parent.path, (long long)id);
	if ((rc = db_exec(db, e, "UPDATE regions SET path=? WHERE id=?", "si", path, id)))
		return rc;
	char *after = NULL;
	if ((rc = snapshot(db, id, &after, e)))
		return rc;
	rc = audit_region(db, actor, now, "create", id, NULL, after, e);
	free(after);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int region_update(struct db *db, const struct principal *actor, int64_t id,
		  const struct region_in *in, int64_t now, struct err *e)
{
	struct rinfo ri;
	int rc;
	if ((rc = validate_common(in, e)) || (rc = load_info(db, id, &ri, e)))
		return rc;
	if (actor && !auth_covers_path(actor, READ_ROLES, ri.path))
		return auth_forbidden(e);
	if (!can_edit_path(actor, ri.path))
		return auth_forbidden(e);
	if ((in->name || in->has_code || in->has_kind) && !can_rename_path(actor, ri.path))
		return err_set(e, ERR_FORBIDDEN, "name", "只能修改本辖区的人口数字，名称等由上级维护",
			       "on your own region you may change only the figures; the name is kept by the level above");
	if (in->version != ri.version)
		return err_setf(e, ERR_CONFLICT, "version",
				"记录已被他人修改（当前版本 %lld），请刷新后重试",
				"the record was changed by someone else (now version %lld); reload and retry",
				(long long)ri.version);
	if ((ri.level == LVL_DISTRICT || ri.level == LVL_TOWN) &&
	    (in->has_registered || in->has_nonregistered || in->has_households))
		return err_set(e, ERR_RULE, "registered_pop",
			       "区和镇街的人口由所辖村（社区）汇总，不能直接修改",
			       "district and town population is the sum of their communities and cannot be set");
	char *before = NULL, *after = NULL;
	if ((rc = snapshot(db, id, &before, e)))
		return rc;
	rc = db_exec(db, e,
		     "UPDATE regions SET name=coalesce(?,name),"
		     " code=CASE WHEN ?=1 THEN ? ELSE code END,"
		     " kind=CASE WHEN ?=1 THEN ? ELSE kind END,"
		     " registered_pop=CASE WHEN ?=1 THEN ? ELSE registered_pop END,"
		     " nonregistered_pop=CASE WHEN ?=1 THEN ? ELSE nonregistered_pop END,"
		     " households=CASE WHEN ?=1 THEN ? ELSE households END,"
		     " version=version+1, updated_at=? WHERE id=?",
		     "sbsbsbibibiii", in->name, (int)in->has_code, in->code, (int)in->has_kind,
		     in->kind, (int)in->has_registered, in->registered_pop,
		     (int)in->has_nonregistered, in->nonregistered_pop, (int)in->has_households,
		     in->households, now, id);
	if (rc == ERR_CONFLICT)
		err_set(e, ERR_CONFLICT, "name", "同一上级下已有同名区域",
			"a region with this name already exists under the same parent");
	if (!rc)
		rc = snapshot(db, id, &after, e);
	if (!rc)
		rc = audit_region(db, actor, now, "update", id, before, after, e);
	free(before);
	free(after);
	return rc;
}

int region_move(struct db *db, const struct principal *actor, int64_t id, int64_t new_parent,
		int64_t now, struct err *e)
{
	struct rinfo ri, np;
	int rc;
	if ((rc = load_info(db, id, &ri, e)))
		return rc;
	if ((rc = load_info(db, new_parent, &np, e))) {
		snprintf(e->field, sizeof e->field, "parent_id");
		return rc;
	}
	if (actor && (!auth_covers_path(actor, READ_ROLES, ri.path) || !can_rename_path(actor, ri.path) ||
		      !auth_covers_path(actor, EDIT_ROLES, np.path)))
		return auth_forbidden(e);
	if (np.level + 1 != ri.level)
		return err_set(e, ERR_RULE, "parent_id", "新上级的层级不符", "the new parent is at the wrong level");
	if (strncmp(np.path, ri.path, strlen(ri.path)) == 0)
		return err_set(e, ERR_RULE, "parent_id", "不能移到自己的下级", "cannot move a region under itself");
	if (np.id == ri.parent_id)
		return err_set(e, ERR_RULE, "parent_id", "已在该上级之下", "already under this parent");
	char *before = NULL, *after = NULL;
	if ((rc = snapshot(db, id, &before, e)))
		return rc;
	char newpath[600];
	snprintf(newpath, sizeof newpath, "%s%lld/", np.path, (long long)id);
	size_t oldlen = strlen(ri.path);
	char hi[512];
	snprintf(hi, sizeof hi, "%.*s0", (int)oldlen - 1, ri.path);
	rc = db_exec(db, e, "UPDATE regions SET parent_id=?, version=version+1, updated_at=? WHERE id=?",
		     "iii", new_parent, now, id);
	if (rc == ERR_CONFLICT)
		err_set(e, ERR_CONFLICT, "parent_id", "新上级下已有同名区域",
			"the new parent already has a region with this name");
	if (!rc)
		rc = db_exec(db, e,
			     "UPDATE regions SET path = ? || substr(path, ?) WHERE path >= ? AND path < ?",
			     "siss", newpath, (int64_t)oldlen + 1, ri.path, hi);
	if (!rc)
		rc = snapshot(db, id, &after, e);
	if (!rc) {
		struct sb b = SB_INIT;
		sb_addf(&b, "{\"parent_id\":%lld,\"path\":", (long long)ri.parent_id);
		json_escape(&b, ri.path, strlen(ri.path));
		sb_addc(&b, '}');
		free(before);
		before = sb_detach(&b, NULL);
		rc = audit_region(db, actor, now, "move", id, before, after, e);
	}
	free(before);
	free(after);
	return rc;
}

int region_delete(struct db *db, const struct principal *actor, int64_t id, int64_t now,
		  struct err *e)
{
	struct rinfo ri;
	int rc;
	if ((rc = load_info(db, id, &ri, e)))
		return rc;
	if (actor && (!auth_covers_path(actor, READ_ROLES, ri.path) || !can_rename_path(actor, ri.path)))
		return auth_forbidden(e);
	int64_t kids = 0;
	if ((rc = db_int(db, e, &kids, "SELECT count(*) FROM regions WHERE parent_id=?", "i", id)) < 0)
		return rc;
	if (kids)
		return err_setf(e, ERR_RULE, "id", "该区域下还有 %lld 个下级区域，不能删除",
				"the region still has %lld sub-regions and cannot be deleted",
				(long long)kids);
	char *before = NULL;
	if ((rc = snapshot(db, id, &before, e)))
		return rc;
	/* Audit first: the entry names the region, and the region_id of the entry
	 * must not dangle for scope filters (it is a plain integer, no FK). */
	rc = audit_region(db, actor, now, "delete", id, before, NULL, e);
	if (!rc)
		rc = db_exec(db, e, "DELETE FROM regions WHERE id=?", "i", id);
	if (rc == ERR_RULE)
		err_set(e, ERR_RULE, "id", "该区域仍被用户授权或其他记录引用，不能删除",
			"the region is still referenced by user grants or other records");
	free(before);
	return rc;
}

/* ---------- reads ---------- */

int region_write_json(struct db *db, const struct principal *p, struct jw *w, int64_t id,
		      bool with_ancestors, struct err *e)
{
	struct stmt *st = db_q(db, e, "SELECT " REGION_COLS " FROM regions r WHERE r.id=?", "i", id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc <= 0) {
		stmt_done(st);
		return rc < 0 ? rc : err_set(e, ERR_NOT_FOUND, "id", "区域不存在", "no such region");
	}
	char path[512];
	snprintf(path, sizeof path, "%s", col_text(st, 6));
	if (p && !auth_covers_path(p, READ_ROLES, path)) {
		stmt_done(st);
		return auth_forbidden(e);
	}
	jw_obj(w);
	write_row(w, st, p);
	stmt_done(st);
	if (with_ancestors) {
		jw_key(w, "ancestors");
		jw_arr(w);
		/* Ancestors are the ids in the path, root first. */
		char *save, *tok;
		for (tok = strtok_r(path, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
			int64_t aid = strtoll(tok, NULL, 10);
			if (aid == id)
				break;
			st = db_q(db, e, "SELECT id, name, level FROM regions WHERE id=?", "i", aid);
			if (!st)
				return e->code;
			if ((rc = stmt_step(st, e)) == 1) {
				jw_obj(w);
				jw_kint(w, "id", col_int(st, 0));
				jw_kstr(w, "name", col_text(st, 1));
				jw_kstr(w, "level", col_text(st, 2));
				jw_obj_end(w);
			}
			stmt_done(st);
			if (rc < 0)
				return rc;
		}
		jw_arr_end(w);
	}
	jw_obj_end(w);
	return 0;
}

static int tree_rec(struct db *db, const struct principal *p, struct jw *w, int64_t id,
		    int depth, struct err *e)
{
	struct stmt *st = db_q(db, e, "SELECT " REGION_COLS " FROM regions r WHERE r.id=?", "i", id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		jw_obj(w);
		write_row(w, st, p);
	}
	stmt_done(st);
	if (rc <= 0)
		return rc < 0 ? rc : err_set(e, ERR_NOT_FOUND, "root", "区域不存在", "no such region");
	if (depth > 0) {
		int64_t kids[4096];
		int n = 0;
		st = db_q(db, e, "SELECT id FROM regions WHERE parent_id=? ORDER BY id", "i", id);
		if (!st)
			return e->code;
		while ((rc = stmt_step(st, e)) == 1 && n < 4096)
			kids[n++] = col_int(st, 0);
		stmt_done(st);
		if (rc < 0)
			return rc;
		jw_key(w, "children");
		jw_arr(w);
		for (int i = 0; i < n; i++)
			if ((rc = tree_rec(db, p, w, kids[i], depth - 1, e)))
				return rc;
		jw_arr_end(w);
	}
	jw_obj_end(w);
	return 0;
}

int region_write_tree(struct db *db, const struct principal *p, struct jw *w, int64_t root,
		      int depth, struct err *e)
{
	struct rinfo ri;
	int rc = load_info(db, root, &ri, e);
	if (rc)
		return rc;
	if (p && !auth_covers_path(p, READ_ROLES, ri.path))
		return auth_forbidden(e);
	return tree_rec(db, p, w, root, depth, e);
}

int64_t region_default_root(const struct principal *p)
{
	const struct grant *g = auth_primary_grant(p, READ_ROLES);
	return g ? g->region_id : 0;
}

int64_t region_find(struct db *db, const char *name, struct err *e)
{
	int64_t id = 0;
	int rc = db_int(db, e, &id, "SELECT id FROM regions WHERE name=? ORDER BY id LIMIT 1", "s", name);
	if (rc <= 0) {
		char *end;
		long long v = strtoll(name, &end, 10);
		if (!*end && v > 0)
			return v;
		return 0;
	}
	return id;
}
