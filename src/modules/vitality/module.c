/* module.c — the vitality index (基层治理活力指数, vitality.h). Its demo
 * runs last: it scores what the other areas added. */
#include "core/module.h"
#include "modules/vitality/demo.h"
#include "modules/vitality/vitality.h"
#include "modules/vitality/vitality_http.h"

int cmd_index(int argc, char **argv);

/* The components of the areas not built yet (vitality_components.c); the
 * funds' moved to their area (src/modules/funds/fund_vitality.c), the
 * funded projects to the programme's (src/modules/programme/prog_vitality.c). */
extern const struct vitality_provider vitality_topics_resolved, vitality_resolve_days;

WUSHE_MODULE(vitality) = {
	.name = "vitality",
	.order = 90,
	.routes = (const struct route *const[]){vitality_routes, NULL},
	.demo = demo_vitality,
	.vitality = (const struct vitality_provider *const[]){&vitality_topics_resolved, &vitality_resolve_days, NULL},
	.enums = (const struct module_enum[]){{"vitality_rank_level", vitality_rank_levels}, {NULL, NULL}},
	.commands = (const struct module_cmd[]){
		{"index", cmd_index,
		 "index recompute: vitality index snapshots  (--db [--month YYYY-MM] [--months N])"},
		{NULL, NULL, NULL},
	},
};
