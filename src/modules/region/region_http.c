/*
 * region_http.c — /api/v1/regions: tree, list, read, create, update,
 * move, delete. Every route admits all roles for reading (everyone works
 * in some region) and staff for writing; region.c checks the scope.
 */
#include <jansson.h>
#include <string.h>

#include "auth/auth.h"
#include "core/jsonin.h"
#include "http/http.h"
#include "modules/region/region.h"
#include "modules/region/region_http.h"
#include "store/store.h"

static const char *const kinds[] = {"urban", "rural", NULL};

static int parse_in(json_t *j, struct region_in *in, bool create, struct err *e)
{
	int rc;
	static const char *const ckeys[] = {"parent_id", "level", "name", "code", "kind",
					    "registered_pop", "nonregistered_pop", "households", NULL};
	static const char *const ukeys[] = {"name", "code", "kind", "registered_pop",
					    "nonregistered_pop", "households", "version", NULL};
	if ((rc = jin_only(j, create ? ckeys : ukeys, e)))
		return rc;
	if (create) {
		if ((rc = jin_int(j, "parent_id", true, 1, INT64_MAX, &in->parent_id, e)) ||
		    (rc = jin_enum(j, "level", true, region_level_ids, &in->level, e)))
			return rc;
	} else if ((rc = jin_int(j, "version", true, 1, INT64_MAX, &in->version, e))) {
		return rc;
	}
	if ((rc = jin_str(j, "name", create, 1, 64, &in->name, e)) < 0)
		return rc;
	if ((rc = jin_str(j, "code", false, 0, 32, &in->code, e)) < 0)
		return rc;
	in->has_code = json_object_get(j, "code") != NULL;
	if ((rc = jin_enum(j, "kind", false, kinds, &in->kind, e)) < 0)
		return rc;
	in->has_kind = json_object_get(j, "kind") != NULL;
	const int64_t maxpop = 100000000;
	if ((rc = jin_int(j, "registered_pop", false, 0, maxpop, &in->registered_pop, e)) < 0)
		return rc;
	in->has_registered = rc == 0;
	if ((rc = jin_int(j, "nonregistered_pop", false, 0, maxpop, &in->nonregistered_pop, e)) < 0)
		return rc;
	in->has_nonregistered = rc == 0;
	if ((rc = jin_int(j, "households", false, 0, maxpop, &in->households, e)) < 0)
		return rc;
	in->has_households = rc == 0;
	return 0;
}

static int h_tree(struct req *r)
{
	int64_t root, depth;
	int rc;
	static const char *const params[] = {"root", "depth", NULL};
	if ((rc = req_query_only(r, params)) || (rc = req_query_int(r, "root", 0, 0, INT64_MAX, &root)) ||
	    (rc = req_query_int(r, "depth", 2, 0, 4, &depth)))
		return rc;
	if (!root)
		root = region_default_root(r->who);
	return region_write_tree(r->db, r->who, &r->jw, root, (int)depth, &r->err);
}

static int h_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	return region_write_json(r->db, r->who, &r->jw, id, true, &r->err);
}

static int h_list(struct req *r)
{
	struct page pg;
	int64_t parent;
	int rc;
	static const char *const params[] = {"page", "per_page", "parent_id", "level", "sort", "q", NULL};
	if ((rc = req_query_only(r, params)) || (rc = req_page(r, &pg)) ||
	    (rc = req_query_int(r, "parent_id", 0, 0, INT64_MAX, &parent)))
		return rc;
	const char *level = req_query(r, "level");
	if (level && *level && region_level_from_id(level) < 0)
		return err_set(&r->err, ERR_INVALID, "level", "层级应为 district/town/community/grid/building",
			       "level must be district, town, community, grid or building");
	if (level && !*level)
		level = NULL;
	const char *sort = req_query(r, "sort");
	const char *order = "r.id";
	if (sort && *sort) {
		static const struct {
			const char *k, *sql;
		} sorts[] = {{"name", "r.name"}, {"-name", "r.name DESC"}, {"id", "r.id"},
			     {"total_pop", "tot, r.id"}, {"-total_pop", "tot DESC, r.id"}};
		order = NULL;
		for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
			if (strcmp(sorts[i].k, sort) == 0)
				order = sorts[i].sql;
		if (!order)
			return err_set(&r->err, ERR_INVALID, "sort", "排序字段应为 name、id 或 total_pop（可加 - 前缀）",
				       "sort must be name, id or total_pop (optionally prefixed by -)");
	}
	int64_t root = region_default_root(r->who);
	if (parent) {
		if ((rc = auth_scope_region(r->db, r->who, ROLES_ANY, parent, &r->err)))
			return rc;
	}
	const struct grant *g = auth_primary_grant(r->who, ROLES_ANY);
	(void)root;
	const char *scope = g->region_path;
	const char *q = req_query(r, "q");
	char *like = q && *q ? arena_printf(r->arena, "%%%s%%", q) : NULL;
	static const char *where =
		" FROM regions r WHERE r.path >= ? AND r.path < substr(?,1,length(?)-1) || '0'"
		" AND (?=0 OR r.parent_id=?) AND (? IS NULL OR r.level=?) AND (? IS NULL OR r.name LIKE ?)";
	int64_t total = 0;
	char *csql = arena_printf(r->arena, "SELECT count(*)%s", where);
	if ((rc = db_int(r->db, &r->err, &total, csql, "sssiissss", scope, scope, scope, parent,
			 parent, level, level, like, like)) < 0)
		return rc;
	/* The list shows only regions the caller's grants cover (a resident in
	 * two places sees both; the scope above is the broadest grant). */
	char *sql = arena_printf(r->arena,
				 "SELECT r.id, (SELECT 0) AS tot%s ORDER BY %s LIMIT ? OFFSET ?", where,
				 order);
	if (strstr(order, "tot"))
		sql = arena_printf(r->arena,
				   "SELECT r.id, CASE WHEN r.level IN ('district','town') THEN"
				   " (SELECT coalesce(sum(c.registered_pop + c.nonregistered_pop),0) FROM regions c"
				   " WHERE c.level='community' AND c.path >= r.path AND c.path <"
				   " substr(r.path,1,length(r.path)-1) || '0')"
				   " ELSE r.registered_pop + r.nonregistered_pop END AS tot%s ORDER BY %s LIMIT ? OFFSET ?",
				   where, order);
	struct stmt *st = db_q(r->db, &r->err, sql, "sssiissssii", scope, scope, scope, parent, parent,
			       level, level, like, like, pg.per_page, pg.offset);
	if (!st)
		return r->err.code;
	int64_t ids[100];
	int n = 0;
	while ((rc = stmt_step(st, &r->err)) == 1 && n < 100)
		ids[n++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	resp_list_begin(r);
	for (int i = 0; i < n; i++)
		if ((rc = region_write_json(r->db, r->who, &r->jw, ids[i], false, &r->err)))
			return rc;
	resp_list_end(r, total, &pg);
	return 0;
}

static int h_create(struct req *r)
{
	json_t *j;
	int rc = jin_parse_object(r->body, r->body_len, &j, &r->err);
	if (rc)
		return rc;
	struct region_in in = {0};
	int64_t id;
	if ((rc = parse_in(j, &in, true, &r->err)) ||
	    (rc = region_create(r->db, r->who, &in, r->now, &id, &r->err)))
		goto done;
	r->status = 201;
	rc = region_write_json(r->db, r->who, &r->jw, id, true, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_update(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	json_t *j;
	if ((rc = jin_parse_object(r->body, r->body_len, &j, &r->err)))
		return rc;
	struct region_in in = {0};
	if ((rc = parse_in(j, &in, false, &r->err)) ||
	    (rc = region_update(r->db, r->who, id, &in, r->now, &r->err)))
		goto done;
	rc = region_write_json(r->db, r->who, &r->jw, id, true, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_move(struct req *r)
{
	int64_t id, parent;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	json_t *j;
	if ((rc = jin_parse_object(r->body, r->body_len, &j, &r->err)))
		return rc;
	static const char *const keys[] = {"parent_id", NULL};
	if ((rc = jin_only(j, keys, &r->err)) ||
	    (rc = jin_int(j, "parent_id", true, 1, INT64_MAX, &parent, &r->err)) ||
	    (rc = region_move(r->db, r->who, id, parent, r->now, &r->err)))
		goto done;
	rc = region_write_json(r->db, r->who, &r->jw, id, true, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_delete(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = region_delete(r->db, r->who, id, r->now, &r->err)))
		return rc;
	jw_obj(&r->jw);
	jw_obj_end(&r->jw);
	return 0;
}

const struct route region_routes[] = {
	{"GET", "/api/v1/regions/tree", h_tree, ROLES_ANY, 0, "region subtree with population"},
	{"GET", "/api/v1/regions", h_list, ROLES_ANY, 0, "regions in scope, filter/sort/page"},
	{"POST", "/api/v1/regions", h_create, ROLES_STAFF, 0, "create a sub-region"},
	{"GET", "/api/v1/regions/{id}", h_get, ROLES_ANY, 0, "one region with ancestors"},
	{"PATCH", "/api/v1/regions/{id}", h_update, ROLES_STAFF, 0, "edit a region (needs version)"},
	{"POST", "/api/v1/regions/{id}/move", h_move, ROLES_STAFF, 0, "move under another parent"},
	{"DELETE", "/api/v1/regions/{id}", h_delete, ROLES_STAFF, 0, "delete a leaf region"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
