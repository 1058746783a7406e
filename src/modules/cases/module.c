/* module.c — case work (issue 17, cases.h, docs/cases.md): the station's
 * staff and supervisors, intake, assessment, plan, reviews, approvals,
 * shares, closing and the access log. Its demo runs after the registry and
 * the exchange it refers into, before casework (73), which adds visits,
 * consents and referrals to its cases. */
#include "core/module.h"
#include "http/http.h"
#include "modules/cases/case_internal.h"
#include "modules/cases/cases.h"

extern const struct route case_routes[];
extern const struct module_todo case_todos[];
extern const struct module_pii case_pii[];

WUSHE_MODULE(cases) = {
	.name = "cases",
	.order = 72,
	.routes = (const struct route *const[]){case_routes, NULL},
	.demo = cases_demo,
	.todos = case_todos,
	.pii = case_pii,
	.enums = (const struct module_enum[]){
		{"case_type", case_types},
		{"case_source", case_sources},
		{"case_status", case_statuses},
		{"case_risk_level", case_risk_levels},
		{"case_flag_kind", case_flag_kinds},
		{"case_flag_level", case_flag_levels},
		{"case_close_reason", case_close_reasons},
		{"case_approval_subject", case_approval_subjects},
		{"case_approval_state", case_approval_states},
		{"case_consent_field", case_consent_fields},
		{"case_scale", case_scale_ids},
		{"case_goal_status", case_goal_statuses},
		{"case_review_decision", case_review_decisions},
		{"case_record_status", case_record_statuses},
		{NULL, NULL},
	},
};
