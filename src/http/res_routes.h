/*
 * res_routes.h — route-table entries (http.h, struct route) for the
 * generic handlers of a resource (resource.h), so an area's table names a
 * resource's create, read, update and delete routes instead of spelling
 * out each entry.
 */
#ifndef WUSHE_HTTP_RES_ROUTES_H
#define WUSHE_HTTP_RES_ROUTES_H

#include "core/fields.h"
#include "http/http.h"
#include "http/resource.h"

/* The routes of a resource r at `base`: POST base creates one from
 * `fields`, GET base/{id} reads one, PATCH base/{id} edits one (each
 * with the roles allowed and the summary of struct route). */
#define RES_ROUTES_CREATE_GET(base, r, fields, create_roles, create_what, read_roles, read_what) \
	{"POST", base, res_create, create_roles, 0, create_what, fields, FIELDS_CREATE, r},         \
	{"GET", base "/{id}", res_get, read_roles, 0, read_what, .res = r}
#define RES_ROUTE_UPDATE(base, r, fields, roles, what) \
	{"PATCH", base "/{id}", res_update, roles, 0, what, fields, FIELDS_UPDATE, r}
/* DELETE base/{id} removes one. */
#define RES_ROUTE_DELETE(base, r, roles, what) {"DELETE", base "/{id}", res_delete, roles, 0, what, .res = r}

#endif
