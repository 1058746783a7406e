/* module.c — grants, disclosure and the property trust (资助与公示, issue 12
 * items 4, 6, 7; grants.h, docs/grants.md). Runs its demo after the funds
 * (whose demo funds it grants from) and before the participatory budget. */
#include "core/module.h"
#include "modules/grants/grants.h"
#include "modules/grants/grants_http.h"
#include "modules/grants/grants_internal.h"

extern const struct module_todo grants_todos[]; /* disclosure.c */

WUSHE_MODULE(grants) = {
	.name = "grants",
	.order = 62,
	.routes = (const struct route *const[]){grants_routes, NULL},
	.demo = grants_demo,
	.enums = (const struct module_enum[]){
		{"grant_kind", grant_kinds},
		{"grant_status", grant_statuses},
		{"grant_source", grant_sources},
		{"grant_tranche_status", grant_tranche_statuses},
		{"grant_vote_choice", grant_vote_choices},
		{"disclosure_kind", disclosure_kinds},
		{"disclosure_subject_kind", disclosure_subject_kinds},
		{"trust_direction", trust_directions},
		{NULL, NULL},
	},
	/* overdue disclosures flagged to the fund's managers and supervisor,
	 * at start and then every six hours (each item at most once a day) */
	.jobs = (const struct module_job[]){{"grants.disclosure_overdue", 6 * 3600, grants_disclosure_pass},
					    {NULL, 0, NULL}},
	.todos = grants_todos,
};
