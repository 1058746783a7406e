/* module.c — TEMPORARY (helper POINTS' worktree only; the lead merges the
 * volunteer area's parts into one descriptor): the time bank's routes,
 * enums, commands and demo (points.h). */
#include "core/module.h"
#include "modules/volunteer/points.h"
#include "modules/volunteer/points_http.h"

WUSHE_MODULE(volunteer) = {
	.name = "volunteer",
	.order = 40,
	.routes = (const struct route *const[]){vol_points_routes, NULL},
	.demo = vol_points_demo,
	.enums = (const struct module_enum[]){
		{"point_transfer_rule", vol_point_transfer_rules},
		{"point_txn_kind", vol_point_txn_kinds},
		{"redemption_status", vol_redemption_statuses},
		{NULL, NULL},
	},
	.pii = (const struct module_pii[]){
		{"volunteer.points", "志愿积分", "Volunteer points", vol_points_pii_collect_entries, NULL},
		{"volunteer.redemptions", "积分兑换", "Points redemptions", vol_points_pii_collect_redemptions, NULL},
		{NULL, NULL, NULL, NULL, NULL},
	},
	.commands = (const struct module_cmd[]){
		{"points", cmd_points, "the volunteers' points ledger: check (recompute balances) | expire | earn (records without points)  (--db)"},
		{NULL, NULL, NULL},
	},
};
