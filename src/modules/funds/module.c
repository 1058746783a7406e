/*
 * module.c — charity funds (DOMAIN.md §4.5, issue 12): named community
 * funds and the other kinds, their committees, the double-entry ledger
 * every fen moves through, donations and receipts (funds.h,
 * docs/funds.md). Grants, budgets and disclosure are other areas' and use
 * funds.h only.
 */
#include "core/module.h"
#include "modules/funds/donation.h"
#include "modules/funds/fund_http.h"
#include "modules/funds/funds.h"

int cmd_funds(int argc, char **argv);
int funds_demo(struct db *db, int64_t now, struct err *e); /* demo.c */

WUSHE_MODULE(funds) = {
	.name = "funds",
	.order = 60, /* after the volunteer area */
	.routes = (const struct route *const[]){fund_routes, fund_donation_routes, NULL},
	.demo = funds_demo,
	.enums = (const struct module_enum[]){
		{"fund_kind", fund_kinds},
		{"fund_status", fund_statuses},
		{"fund_member_role", fund_member_roles},
		{"fund_transfer_kind", fund_transfer_kinds},
		{"fund_donation_source", fund_donation_sources},
		{"fund_donation_status", fund_donation_statuses},
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
