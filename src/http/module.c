/* module.c — the server's own area: the health check. */
#include "core/module.h"
#include "http/http.h"

extern const struct route health_routes[];

WUSHE_MODULE(http) = {
	.name = "http",
	.order = 0,
	.routes = (const struct route *const[]){health_routes, NULL},
};
