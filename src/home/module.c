/* module.c — the home page (home.h): GET /api/v1/home. */
#include "auth/auth.h"
#include "core/module.h"
#include "home/home.h"
#include "http/http.h"

static int h_home(struct req *r) { return home_write(&r->cx, &r->jw); }

static const struct route home_routes[] = {
	{"GET", "/api/v1/home", h_home, ROLES_ANY, 0, "the caller's home page: to-dos with counts, unread notices"},
	{NULL, NULL, NULL, 0, 0, NULL},
};

WUSHE_MODULE(home) = {
	.name = "home",
	.order = 7,
	.routes = (const struct route *const[]){home_routes, NULL},
};
