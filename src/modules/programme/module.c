/* module.c — the funding programme (众创共善-style, issue 13, programme.h,
 * docs/programme.md): programme years, plates, special funds,
 * applications, the historical import and the statistics. Its demo runs
 * after the funds and grants (order 62) and the budget (64), before the
 * review (67) and the monitoring (68) that build on its applications. */
#include "core/module.h"
#include "http/http.h"
#include "modules/programme/prog_internal.h"

extern const struct route prog_routes[];
extern const struct vitality_provider prog_vi_funded; /* prog_vitality.c */

WUSHE_MODULE(programme) = {
	.name = "programme",
	.order = 66,
	.routes = (const struct route *const[]){prog_routes, NULL},
	.demo = prog_demo,
	.vitality = (const struct vitality_provider *const[]){&prog_vi_funded, NULL},
	.commands = (const struct module_cmd[]){
		{"import-applications", cmd_import_applications,
		 "historical applications: `wushe import applications FILE.csv --programme CODE` (also this name)"},
		{"report", cmd_report_programme,
		 "report programme CODE --by region|applicant_type|domain|joint [--kind 服务类|硬件类] --json [--xlsx FILE]"},
		{NULL, NULL, NULL},
	},
	.enums = (const struct module_enum[]){
		{"programme_status", prog_statuses},
		{"prog_award_rule", prog_award_rules},
		{"prog_applicant_type", prog_applicant_types},
		{"prog_domain", prog_domains},
		{"prog_region_scope", prog_region_scopes},
		{"prog_kind", prog_kinds},
		{"prog_app_status", prog_app_statuses},
		{"prog_stage", prog_stages},
		{"prog_outcome", prog_outcomes},
		{"prog_partner_role", prog_partner_roles},
		{NULL, NULL},
	},
};
