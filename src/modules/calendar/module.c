/* module.c — the working-day calendar (calendar.h); its 2026 schedule
 * comes with its migration, so it has no demo of its own. */
#include "core/module.h"
#include "modules/calendar/calendar.h"
#include "modules/calendar/calendar_http.h"

WUSHE_MODULE(calendar) = {
	.name = "calendar",
	.order = 15,
	.routes = (const struct route *const[]){calendar_routes, NULL},
	.enums = (const struct module_enum[]){{"calendar_day_kind", cal_kind_ids}, {NULL, NULL}},
};
