/* module.c — accounts, roles, region scopes and sessions (auth.h). */
#include "auth/auth.h"
#include "auth/auth_http.h"
#include "core/module.h"

int auth_demo(struct db *db, int64_t now, struct err *e);

WUSHE_MODULE(auth) = {
	.name = "auth",
	.order = 20,
	.routes = (const struct route *const[]){auth_routes, NULL},
	.demo = auth_demo,
	.enums = (const struct module_enum[]){{"role", role_ids}, {NULL, NULL}},
};
