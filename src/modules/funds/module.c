/*
 * module.c — charity funds (DOMAIN.md §4.5, issue 12): named community
 * funds and the other kinds, their committees, the double-entry ledger
 * every fen moves through, donations and receipts (funds.h,
 * docs/funds.md). Grants, budgets and disclosure are other areas' and use
 * funds.h only.
 */
#include "core/module.h"
#include "modules/funds/funds.h"

int cmd_funds(int argc, char **argv);

WUSHE_MODULE(funds) = {
	.name = "funds",
	.order = 60, /* after the volunteer area */
	.enums = (const struct module_enum[]){
		{"fund_kind", fund_kinds},
		{"fund_status", fund_statuses},
		{"fund_member_role", fund_member_roles},
		{"fund_transfer_kind", fund_transfer_kinds},
		{NULL, NULL},
	},
	/* pending transfers (pledges, reserved grants) past their timeout
	 * are voided as expired: at start, then every 5 minutes */
	.jobs = (const struct module_job[]){{"funds.expire", 300, funds_expire_pass}, {NULL, 0, NULL}},
	.commands = (const struct module_cmd[]){
		{"funds", cmd_funds, "the funds' ledger: check (recompute every balance, exit 1 on a mismatch) | expire  (--db)"},
		{NULL, NULL, NULL},
	},
};
