/*
 * exchange_http.h — the exchange's route table (exchange_http.c).
 */
#ifndef WUSHE_MODULES_EXCHANGE_EXCHANGE_HTTP_H
#define WUSHE_MODULES_EXCHANGE_EXCHANGE_HTTP_H

#include "http/http.h"

extern const struct route exchange_routes[];

/* The routes of a resource r (http/resource.h) at `base`: POST base
 * creates one from `fields`, GET base/{id} reads one, PATCH base/{id}
 * edits one. */
#define EXCHANGE_ROUTES_CREATE_GET(base, r, fields, create_roles, create_what, read_roles, read_what) \
	{"POST", base, res_create, create_roles, 0, create_what, fields, FIELDS_CREATE, r},              \
	{"GET", base "/{id}", res_get, read_roles, 0, read_what, .res = r}
#define EXCHANGE_ROUTE_UPDATE(base, r, fields, roles, what) \
	{"PATCH", base "/{id}", res_update, roles, 0, what, fields, FIELDS_UPDATE, r}

#endif
