/* module.c — the region tree and its populations (region.h). */
#include "core/module.h"
#include "modules/region/region.h"
#include "modules/region/region_http.h"

int region_demo(struct db *db, int64_t now, struct err *e);

WUSHE_MODULE(region) = {
	.name = "region",
	.order = 10,
	.routes = (const struct route *const[]){region_routes, NULL},
	.demo = region_demo,
	.enums = (const struct module_enum[]){
		{"region_level", region_level_ids},
		{"region_kind", region_kinds},
		{NULL, NULL},
	},
};
