/* module.c — the vitality index (基层治理活力指数, vitality.h). Its demo
 * runs last: it scores what the other areas added. */
#include "core/module.h"
#include "modules/vitality/demo.h"
#include "modules/vitality/vitality_http.h"

int cmd_index(int argc, char **argv);

WUSHE_MODULE(vitality) = {
	.name = "vitality",
	.order = 90,
	.routes = (const struct route *const[]){vitality_routes, NULL},
	.demo = demo_vitality,
	.commands = (const struct module_cmd[]){
		{"index", cmd_index,
		 "index recompute: vitality index snapshots  (--db [--month YYYY-MM] [--months N])"},
		{NULL, NULL, NULL},
	},
};
