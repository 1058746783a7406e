/*
 * routes.c — registers every area's route tables with the router, from
 * the generated list of areas (core/module.h). Nothing here names an area.
 */
#include "core/module.h"
#include "http/http.h"
#include "routes.h"

void routes_register_all(void)
{
	int n;
	const struct module *const *m = modules_all(&n);
	for (int i = 0; i < n; i++)
		for (const struct route *const *t = m[i]->routes; t && *t; t++)
			router_add(*t);
}
