/*
 * region_http.c — /api/v1/regions: tree, list, read, create, update,
 * move, delete. Every route admits all roles for reading (everyone works
 * in some region) and staff for writing; region.c checks the scope.
 */
#include "auth/auth.h"
#include "http/http.h"
#include "http/res_routes.h"
#include "http/resource.h"
#include "modules/region/region.h"
#include "modules/region/region_http.h"
#include "store/list.h"

#define MAXPOP 100000000

static const struct field region_fields[] = {
	FLD_INT(struct region_in, parent_id, FLD_REQ_CREATE | FLD_CREATE_ONLY, 1, INT64_MAX),
	FLD_ENUM(struct region_in, level, FLD_REQ_CREATE | FLD_CREATE_ONLY, region_level_ids),
	FLD_STR(struct region_in, name, FLD_REQ_CREATE, 1, 64),
	FLD_STR_HAS(struct region_in, code, has_code, 0, 0, 32),
	FLD_ENUM_HAS(struct region_in, kind, has_kind, 0, region_kinds),
	FLD_INT_HAS(struct region_in, registered_pop, has_registered, 0, 0, MAXPOP),
	FLD_INT_HAS(struct region_in, nonregistered_pop, has_nonregistered, 0, 0, MAXPOP),
	FLD_INT_HAS(struct region_in, households, has_households, 0, 0, MAXPOP),
	FLD_INT(struct region_in, version, FLD_REQ_UPDATE | FLD_UPDATE_ONLY, 1, INT64_MAX),
	FLD_END,
};

static const struct field move_fields[] = {
	FLD_INT(struct region_move_in, parent_id, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};

static const struct resource region_res = {
	.in_size = sizeof(struct region_in),
	.create = region_add,
	.update = region_change,
	.remove = region_remove,
	.write = region_write,
};

static const struct resource region_move_res = {
	.in_size = sizeof(struct region_move_in),
	.write = region_write,
};

static int h_tree(struct req *r)
{
	int64_t root, depth;
	int rc;
	static const char *const params[] = {"root", "depth", NULL};
	if ((rc = req_query_only(r, params)) || (rc = req_query_int(r, "root", 0, 0, INT64_MAX, &root)) ||
	    (rc = req_query_int(r, "depth", 2, 0, 4, &depth)))
		return rc;
	return region_write_tree(&r->cx, &r->jw, root ? root : region_default_root(r->who), (int)depth);
}

static int h_list(struct req *r)
{
	static const char *const params[] = {"page", "per_page", "parent_id", "level", "sort", "q",
					     "cursor", NULL};
	struct region_filter f = {0};
	struct list_req lr;
	struct list_q *q;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_list(r, &lr)) ||
	    (rc = req_query_int(r, "parent_id", 0, 0, INT64_MAX, &f.parent_id)))
		return rc;
	f.level = req_query_nonempty(r, "level");
	f.q = req_query_nonempty(r, "q");
	if ((rc = region_list_query(&r->cx, &f, &q)))
		return rc;
	return resp_list_run(r, q, &lr, region_list_row, &r->cx);
}

const struct route region_routes[] = {
	{"GET", "/api/v1/regions/tree", h_tree, ROLES_ANY, 0, "region subtree with population"},
	{"GET", "/api/v1/regions", h_list, ROLES_ANY, 0, "regions in scope, filter/sort/page"},
	RES_ROUTES_CREATE_GET("/api/v1/regions", &region_res, region_fields, ROLES_STAFF, "create a sub-region",
			      ROLES_ANY, "one region with ancestors"),
	RES_ROUTE_UPDATE("/api/v1/regions", &region_res, region_fields, ROLES_STAFF, "edit a region (needs version)"),
	{"POST", "/api/v1/regions/{id}/move", res_action, ROLES_STAFF, 0, "move under another parent",
	 move_fields, FIELDS_UPDATE, &region_move_res, region_move_to},
	RES_ROUTE_DELETE("/api/v1/regions", &region_res, ROLES_STAFF, "delete a leaf region"),
	{NULL, NULL, NULL, 0, 0, NULL},
};
