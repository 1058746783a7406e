/* module.c — the monitoring of funded programme projects (issue 13 item
 * 5, monitoring.h, docs/programme-monitoring.md). Its demo runs after the
 * programme (66) and the review (67): it signs agreements for the funded
 * applications of zcgs-2021 the programme demo links to organisations. */
#include "core/module.h"
#include "http/http.h"
#include "modules/monitoring/monitoring.h"

extern const struct route monitoring_routes[]; /* monitoring_http.c */
int mon_demo(struct db *db, int64_t now, struct err *e); /* demo.c */

WUSHE_MODULE(monitoring) = {
	.name = "monitoring",
	.order = 68,
	.routes = (const struct route *const[]){monitoring_routes, NULL},
	.demo = mon_demo,
	.enums = (const struct module_enum[]){
		{"mon_tier", mon_tiers},
		{"mon_maturity", mon_maturities},
		{"mon_result", mon_results},
		{"mon_report_kind", mon_report_kinds},
		{"mon_report_status", mon_report_statuses},
		{"mon_milestone_status", mon_milestone_statuses},
		{"mon_progress", mon_progress},
		{"mon_asset_category", mon_asset_categories},
		{"mon_asset_status", mon_asset_statuses},
		{NULL, NULL},
	},
	.jobs = (const struct module_job[]){
		{"monitoring.alerts", 3600, mon_alert_pass},
		{NULL, 0, NULL},
	},
};
