/* module.c — the server's own area: the health check and the enum lists. */
#include "core/module.h"
#include "http/http.h"

extern const struct route health_routes[], enums_routes[];
int cmd_enums(int argc, char **argv); /* enums.c */

WUSHE_MODULE(http) = {
	.name = "http",
	.order = 0,
	.routes = (const struct route *const[]){health_routes, enums_routes, NULL},
	.commands = (const struct module_cmd[]){
		{"enums", cmd_enums, "print the value lists the API accepts as JSON (GET /api/v1/enums)"},
		{NULL, NULL, NULL},
	},
};
