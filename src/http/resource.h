/*
 * resource.h — generic handlers for the usual shapes of a route, so that a
 * module's HTTP file is its route table, its field tables and its list
 * filters, not a page of look-alike functions.
 *
 *     static const struct resource facility_res = {
 *         .in_size = sizeof(struct registry_facility_in),
 *         .create = registry_facility_create, .update = registry_facility_update,
 *         .remove = registry_facility_delete, .write = registry_facility_write,
 *     };
 *     static const struct route routes[] = {
 *         {"GET", "/api/v1/facilities/{id}", res_get, READ, 0, "a facility",
 *          .res = &facility_res},
 *         {"POST", "/api/v1/facilities", res_create, EDIT, 0, "add a facility",
 *          facility_fields, FIELDS_CREATE, &facility_res},
 *         {"PATCH", "/api/v1/facilities/{id}", res_update, EDIT, 0, "change a facility",
 *          facility_fields, FIELDS_UPDATE, &facility_res},
 *         {"DELETE", "/api/v1/facilities/{id}", res_delete, EDIT, 0, "delete a facility",
 *          .res = &facility_res},
 *         {"POST", "/api/v1/teams/{id}/dissolve", res_action, EDIT, 0, "dissolve a team",
 *          req_version_fields, FIELDS_UPDATE, &team_res, .act = registry_team_dissolve},
 *     };
 *
 * Every one reads the path's {id} (404 when malformed), reads the body by
 * the route's field table into a zeroed input struct from the arena (400
 * naming the field), calls the logic with the request's context and answers
 * with the record as res->write writes it (201 after a create, 200
 * otherwise; a delete answers {"ok": true}). The router's transaction makes an error
 * write nothing.
 */
#ifndef WUSHE_HTTP_RESOURCE_H
#define WUSHE_HTTP_RESOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"

struct jw;
struct req;

struct resource {
	size_t in_size;                                        /* the body's input struct */
	int (*create)(struct ctx *c, const void *in, int64_t *id);
	int (*update)(struct ctx *c, int64_t id, const void *in);
	int (*remove)(struct ctx *c, int64_t id);
	/* The record as the API shows it: one whole JSON object. */
	int (*write)(struct ctx *c, struct jw *w, int64_t id);
};

int res_get(struct req *r);
int res_create(struct req *r);
int res_update(struct req *r);
int res_delete(struct req *r);
/* POST …/{id}/<verb>: route->act(ctx, id, body), then the record. */
int res_action(struct req *r);

#endif
