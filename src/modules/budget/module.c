/* module.c — participatory budgets (参与式预算, issue 12 item 5, budget.h,
 * docs/participatory-budgets.md). Its demo runs after the registry, the
 * exchange (which links the resident account to her person) and the
 * funds and grants areas, whose funds it draws on. */
#include "core/module.h"
#include "modules/budget/budget.h"
#include "modules/budget/budget_http.h"

int pb_demo(struct db *db, int64_t now, struct err *e); /* demo.c */
int cmd_budget(int argc, char **argv);                   /* cmd_budget.c */
extern const struct module_todo pb_todos[];              /* pb_notice.c */
/* pb_personal.c: a person's ballots and proposals, for their copy. */
int pb_pii_collect_ballots(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int pb_pii_collect_proposals(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int pb_pii_erase(struct ctx *c, const struct personal_subject *s, struct personal_report *r);

WUSHE_MODULE(budget) = {
	.name = "budget",
	.order = 64,
	.routes = (const struct route *const[]){budget_routes, NULL},
	.demo = pb_demo,
	.enums = (const struct module_enum[]){
		{"pb_rule", pb_rules},
		{"pb_phase", pb_phases},
		{"pb_project_status", pb_project_statuses},
		{"pb_outcome", pb_outcomes},
		{"pb_override_action", pb_override_actions},
		{NULL, NULL},
	},
	.pii = (const struct module_pii[]){
		{"budget.ballots", "参与式预算选票", "Participatory budget ballots", pb_pii_collect_ballots, NULL},
		{"budget.proposals", "参与式预算提议", "Participatory budget proposals", pb_pii_collect_proposals, pb_pii_erase},
		{NULL, NULL, NULL, NULL, NULL},
	},
	.todos = pb_todos,
	.commands = (const struct module_cmd[]){
		{"budget", cmd_budget, "budget tally ID --db URL: count a participatory budget's ballots again, timed"},
		{NULL, NULL, NULL},
	},
};
