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

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/sb.h"
#include "store/jcols.h"
#include "store/list.h"
#include "store/ids.h"
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

const char *const region_kinds[] = {"urban", "rural", NULL};

#define EDIT_ROLES ROLES_STAFF
#define READ_ROLES ROLES_ANY

/* District and town figures are the sums over their communities. */
#define ROLLUP(col)                                                                        \
	"CASE WHEN r.level IN ('district','town') THEN (SELECT coalesce(sum(c." col "),0)"    \
	" FROM regions c WHERE c.level='community' AND c.path >= r.path"                      \
	" AND c.path < substr(r.path,1,length(r.path)-1) || '0') ELSE r." col " END"
#define TOTAL_POP ROLLUP("registered_pop") " + " ROLLUP("nonregistered_pop")
#define REGION_COLUMNS                                                                     \
	"r.id, r.parent_id, r.level, r.name, r.code, r.kind, " ROLLUP("registered_pop")       \
	", " ROLLUP("nonregistered_pop") ", " TOTAL_POP ", " ROLLUP("households") ","          \
	" (SELECT count(*) FROM regions k WHERE k.parent_id = r.id), r.version, r.updated_at,"  \
	" r.path"
#define REGION_SELECT "SELECT " REGION_COLUMNS " FROM regions r WHERE r.id=?"
#define COL_PATH 13

static const struct col region_cols[] = {
	{"id", "编号", COL_INT},
	{"parent_id", "上级编号", COL_INT},
	{"level", "层级", COL_TEXT},
	{"name", "名称", COL_TEXT},
	{"code", "代码", COL_TEXT},
	{"kind", "类型", COL_TEXT},
	{"registered_pop", "户籍人口", COL_INT},
	{"nonregistered_pop", "非户籍人口", COL_INT},
	{"total_pop", "总人口", COL_INT},
	{"households", "户数", COL_INT},
	{"child_count", "下级数", COL_INT},
	{"version", "版本", COL_INT},
	{"updated_at", "更新时间", COL_TIME},
	{"path", "", COL_HIDDEN},
};

static const struct record_kind region_kind = {
	.entity = "region", .what_zh = "区域", .what_en = "region",
	.head_sql = "SELECT id, id, version, path FROM regions WHERE id=?",
	.row_sql = REGION_SELECT,
	.cols = region_cols, .ncols = (int)(sizeof region_cols / sizeof region_cols[0]),
	.read_roles = READ_ROLES,
};

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
	row_json(w, region_cols, region_kind.ncols, st);
	if (p) {
		const char *path = col_text(st, COL_PATH);
		jw_kbool(w, "can_edit", can_edit_path(p, path));
		jw_kbool(w, "can_rename", can_rename_path(p, path));
	}
}

/* The region and its level (or a 404 naming field). */
static int load(struct ctx *c, int64_t id, const char *field, struct record *r, int *level)
{
	int rc = record_head(c, &region_kind, id, r);
	if (rc == ERR_NOT_FOUND && field)
		snprintf(c->e->field, sizeof c->e->field, "%s", field);
	if (rc)
		return rc;
	char *lv = NULL;
	if ((rc = db_text(c->db, c->e, c->a, &lv, "SELECT level FROM regions WHERE id=?", "i", id)) < 0)
		return rc;
	*level = region_level_from_id(lv);
	return 0;
}

/* The body tables check the API's input; the logic checks again for its
 * other callers (command line, imports). */
static int check_kind(const struct region_in *in, struct err *e)
{
	for (int i = 0; in->kind && region_kinds[i]; i++)
		if (strcmp(in->kind, region_kinds[i]) == 0)
			return 0;
	return in->kind ? err_set(e, ERR_INVALID, "kind", "类型应为 urban（城市社区）或 rural（农村）",
				  "kind must be urban or rural")
			: 0;
}

static int name_taken(int rc, struct err *e, const char *field)
{
	if (rc == ERR_CONFLICT)
		err_set(e, ERR_CONFLICT, field, "同一上级下已有同名区域",
			"a region with this name already exists under the same parent");
	return rc;
}

int region_add(struct ctx *c, const void *body, int64_t *id_out)
{
	const struct region_in *in = body;
	int level = region_level_from_id(in->level), plevel = -1, rc;
	struct record parent = {.path = ""};
	if ((rc = check_kind(in, c->e)))
		return rc;
	if (level < 0)
		return err_set(c->e, ERR_INVALID, "level", "层级应为 district/town/community/grid/building",
			       "level must be district, town, community, grid or building");
	if (in->parent_id) {
		if ((rc = load(c, in->parent_id, "parent_id", &parent, &plevel)))
			return rc;
		if (c->who && !auth_covers_path(c->who, EDIT_ROLES, parent.path))
			return auth_forbidden(c->e);
		if (plevel + 1 != level)
			return err_setf(c->e, ERR_RULE, "level", "上级为 %s，下级层级应为 %s",
					"the parent is a %s, so the new region must be a %s",
					region_level_ids[plevel],
					plevel + 1 < LVL__COUNT ? region_level_ids[plevel + 1] : "(none)");
	} else {
		if (c->who)
			return err_set(c->e, ERR_INVALID, "parent_id", "缺少上级区域", "parent_id is required");
		if (level != LVL_DISTRICT)
			return err_set(c->e, ERR_RULE, "level", "顶级区域必须是区", "a root region must be a district");
	}
	/* Insert with a temporary unique path, then set the real one from the id. */
	int64_t id = 0;
	rc = db_int(c->db, c->e, &id,
		    "INSERT INTO regions(parent_id, level, name, code, kind, path, registered_pop,"
		    " nonregistered_pop, households, created_at, updated_at)"
		    " VALUES(NULLIF(?,0),?,?,?,?,?,?,?,?,?,?) RETURNING id",
		    "isssssiiiii", in->parent_id, in->level, in->name, in->code, in->kind,
		    arena_printf(c->a, "tmp:%lld", (long long)c->now), in->registered_pop,
		    in->nonregistered_pop, in->households, c->now, c->now);
	if (rc < 0)
		return name_taken(rc, c->e, "name");
	const char *path = arena_printf(c->a, "%s%lld/", in->parent_id ? parent.path : "/", (long long)id);
	if ((rc = db_exec(c->db, c->e, "UPDATE regions SET path=? WHERE id=?", "si", path, id)) ||
	    (rc = record_created(c, &region_kind, id, id, NULL)))
		return rc;
	if (id_out)
		*id_out = id;
	return 0;
}

int region_change(struct ctx *c, int64_t id, const void *body)
{
	const struct region_in *in = body;
	struct record rec;
	int level, rc;
	if ((rc = check_kind(in, c->e)) || (rc = load(c, id, NULL, &rec, &level)))
		return rc;
	if (c->who && (!auth_covers_path(c->who, READ_ROLES, rec.path) || !can_edit_path(c->who, rec.path)))
		return auth_forbidden(c->e);
	if ((in->name || in->has_code || in->has_kind) && !can_rename_path(c->who, rec.path))
		return err_set(c->e, ERR_FORBIDDEN, "name", "只能修改本辖区的人口数字，名称等由上级维护",
			       "on your own region you may change only the figures; the name is kept by the level above");
	if (in->version != rec.version)
		return record_stale(c->e, rec.version);
	if ((level == LVL_DISTRICT || level == LVL_TOWN) &&
	    (in->has_registered || in->has_nonregistered || in->has_households))
		return err_set(c->e, ERR_RULE, "registered_pop",
			       "区和镇街的人口由所辖村（社区）汇总，不能直接修改",
			       "district and town population is the sum of their communities and cannot be set");
	if ((rc = record_begin(c, &rec, in->version)))
		return rc;
	rc = db_exec(c->db, c->e,
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
		     in->households, c->now, id);
	return name_taken(rc, c->e, "name") ? rc : record_commit(c, &rec, "update");
}

int region_move_to(struct ctx *c, int64_t id, const void *body)
{
	const struct region_move_in *in = body;
	struct record rec, np;
	int level, plevel, rc;
	if ((rc = load(c, id, NULL, &rec, &level)) || (rc = load(c, in->parent_id, "parent_id", &np, &plevel)))
		return rc;
	if (c->who && (!auth_covers_path(c->who, READ_ROLES, rec.path) || !can_rename_path(c->who, rec.path) ||
		       !auth_covers_path(c->who, EDIT_ROLES, np.path)))
		return auth_forbidden(c->e);
	int64_t old_parent = 0;
	if ((rc = db_int(c->db, c->e, &old_parent, "SELECT coalesce(parent_id,0) FROM regions WHERE id=?",
			 "i", id)) < 0)
		return rc;
	if (plevel + 1 != level)
		return err_set(c->e, ERR_RULE, "parent_id", "新上级的层级不符", "the new parent is at the wrong level");
	if (strncmp(np.path, rec.path, strlen(rec.path)) == 0)
		return err_set(c->e, ERR_RULE, "parent_id", "不能移到自己的下级", "cannot move a region under itself");
	if (np.id == old_parent)
		return err_set(c->e, ERR_RULE, "parent_id", "已在该上级之下", "already under this parent");
	const char *newpath = arena_printf(c->a, "%s%lld/", np.path, (long long)id);
	size_t oldlen = strlen(rec.path);
	const char *hi = arena_printf(c->a, "%.*s0", (int)oldlen - 1, rec.path);
	rc = db_exec(c->db, c->e, "UPDATE regions SET parent_id=?, version=version+1, updated_at=? WHERE id=?",
		     "iii", in->parent_id, c->now, id);
	if (rc == ERR_CONFLICT)
		err_set(c->e, ERR_CONFLICT, "parent_id", "新上级下已有同名区域",
			"the new parent already has a region with this name");
	if (!rc)
		rc = db_exec(c->db, c->e,
			     "UPDATE regions SET path = ? || substr(path, ?) WHERE path >= ? AND path < ?",
			     "siss", newpath, (int64_t)oldlen + 1, rec.path, hi);
	if (rc)
		return rc;
	/* The entry's before is where the region was: its parent and path. */
	struct sb b = SB_INIT;
	sb_addf(&b, "{\"parent_id\":%lld,\"path\":", (long long)old_parent);
	json_escape(&b, rec.path, strlen(rec.path));
	sb_addc(&b, '}');
	rec.before = arena_strdup(c->a, sb_str(&b));
	sb_free(&b);
	return record_commit(c, &rec, "move");
}

int region_remove(struct ctx *c, int64_t id)
{
	struct record rec;
	int level, rc;
	if ((rc = load(c, id, NULL, &rec, &level)))
		return rc;
	if (c->who && (!auth_covers_path(c->who, READ_ROLES, rec.path) || !can_rename_path(c->who, rec.path)))
		return auth_forbidden(c->e);
	int64_t kids = 0;
	if ((rc = db_int(c->db, c->e, &kids, "SELECT count(*) FROM regions WHERE parent_id=?", "i", id)) < 0)
		return rc;
	if (kids)
		return err_setf(c->e, ERR_RULE, "id", "该区域下还有 %lld 个下级区域，不能删除",
				"the region still has %lld sub-regions and cannot be deleted",
				(long long)kids);
	/* Audit first: the entry names the region, and the region_id of the entry
	 * must not dangle for scope filters (it is a plain integer, no FK). */
	if ((rc = record_begin(c, &rec, -1)) || (rc = record_commit(c, &rec, "delete")))
		return rc;
	rc = db_exec(c->db, c->e, "DELETE FROM regions WHERE id=?", "i", id);
	if (rc == ERR_RULE)
		err_set(c->e, ERR_RULE, "id", "该区域仍被用户授权或其他记录引用，不能删除",
			"the region is still referenced by user grants or other records");
	return rc;
}

/* The old entry point of system callers (command line, demo, unit fixtures). */
int region_create(struct db *db, const struct principal *actor, const struct region_in *in,
		  int64_t now, int64_t *id_out, struct err *e)
{
	struct arena a;
	arena_init(&a, 4096);
	struct ctx c = {db, actor, now, &a, e};
	int rc = region_add(&c, in, id_out);
	arena_free(&a);
	return rc;
}

/* ---------- reads ---------- */

static const struct jcol ancestor_cols[] = {{"id", 0, JC_INT}, {"name", 1, JC_TEXT}, {"level", 2, JC_TEXT}};

static int write_one(struct ctx *c, struct jw *w, int64_t id, bool with_ancestors)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st, REGION_SELECT, "i", id);
	if (rc <= 0)
		return rc < 0 ? rc : err_set(c->e, ERR_NOT_FOUND, "id", "区域不存在", "no such region");
	char *path = arena_strdup(c->a, col_text(st, COL_PATH));
	if (c->who && !auth_covers_path(c->who, READ_ROLES, path)) {
		stmt_done(st);
		return auth_forbidden(c->e);
	}
	jw_obj(w);
	write_row(w, st, c->who);
	stmt_done(st);
	if (with_ancestors) {
		/* Ancestors are the ids in the path, root first: "/1/3/" → 1, 3. */
		jw_key(w, "ancestors");
		jw_arr(w);
		char *save, *tok;
		for (tok = strtok_r(path, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
			int64_t aid = strtoll(tok, NULL, 10);
			if (aid == id)
				break;
			if (!(st = db_q(c->db, c->e, "SELECT id, name, level FROM regions WHERE id=?", "i", aid)))
				return c->e->code;
			if ((rc = jw_rows(w, st, JCOLS(ancestor_cols), c->e)) < 0)
				return rc;
		}
		jw_arr_end(w);
	}
	jw_obj_end(w);
	return 0;
}

int region_write(struct ctx *c, struct jw *w, int64_t id)
{
	return write_one(c, w, id, true);
}

static int tree_rec(struct ctx *c, struct jw *w, int64_t id, int depth)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st, REGION_SELECT, "i", id);
	if (rc == 1) {
		jw_obj(w);
		write_row(w, st, c->who);
		stmt_done(st);
	}
	if (rc <= 0)
		return rc < 0 ? rc : err_set(c->e, ERR_NOT_FOUND, "root", "区域不存在", "no such region");
	if (depth > 0) {
		int64_t n = 0;
		if ((rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM regions WHERE parent_id=?", "i", id)) < 0)
			return rc;
		int64_t *kids = arena_alloc(c->a, (size_t)(n + 1) * sizeof *kids);
		int k = stmt_ids(db_q(c->db, c->e, "SELECT id FROM regions WHERE parent_id=? ORDER BY id", "i", id), kids,
				 (int)n, c->e);
		if (k < 0)
			return k;
		jw_key(w, "children");
		jw_arr(w);
		for (int i = 0; i < k; i++)
			if ((rc = tree_rec(c, w, kids[i], depth - 1)))
				return rc;
		jw_arr_end(w);
	}
	jw_obj_end(w);
	return 0;
}

int region_write_tree(struct ctx *c, struct jw *w, int64_t root, int depth)
{
	struct record rec;
	int rc = record_load(c, &region_kind, root, 0, &rec);
	if (rc == ERR_NOT_FOUND)
		snprintf(c->e->field, sizeof c->e->field, "root");
	return rc ? rc : tree_rec(c, w, root, depth);
}

/* ---------- the list ---------- */

static const struct list_sort region_sorts[] = {
	{"id", "r.id", false, true},
	{"name", "r.name", true, false},
	{"total_pop", TOTAL_POP, false, false},
	{NULL, NULL, false, false},
};
static const struct list_spec region_list = {
	.table = "regions r", .id = "r.id", .region = "r.id",
	.sorts = region_sorts, .default_sort = "id",
	.select = REGION_COLUMNS, .from = "regions r", .row_id = "r.id",
};

int region_list_query(struct ctx *c, const struct region_filter *f, struct list_q **out)
{
	int rc;
	const struct grant *g = auth_primary_grant(c->who, READ_ROLES);
	if (c->who && !g)
		return auth_forbidden(c->e);
	if (f->parent_id && (rc = auth_scope_region(c->db, c->who, READ_ROLES, f->parent_id, c->e)))
		return rc;
	struct list_q *q = list_new(&region_list);
	/* The list shows the regions under the caller's broadest grant. */
	if ((rc = list_subtree(q, c->db, g ? g->region_path : "/", c->e)) ||
	    (f->level && (rc = list_eq_enum(q, "r.level", "level", f->level, region_level_ids, c->e)))) {
		list_free(q);
		return rc;
	}
	if (f->parent_id)
		list_eq_int(q, "r.parent_id", f->parent_id);
	if (f->q)
		list_where(q, "r.name LIKE ?", "s", arena_printf(c->a, "%%%s%%", f->q));
	*out = q;
	return 0;
}

int region_list_row(struct stmt *st, void *vc, struct err *e)
{
	struct ctx *c = vc;
	(void)e;
	jw_obj(c->w);
	write_row(c->w, st, c->who);
	jw_obj_end(c->w);
	return 0;
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
