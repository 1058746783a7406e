/*
 * module.c — charity funds (DOMAIN.md §4.5, issue 12): named community
 * funds and the other kinds, their committees, the double-entry ledger
 * every fen moves through, donations and receipts (funds.h,
 * docs/funds.md). Grants, budgets and disclosure are other areas' and use
 * funds.h only.
 */
#include "core/module.h"
#include "store/personal.h"
#include "modules/funds/donation.h"
#include "modules/funds/fund_http.h"
#include "modules/funds/funds.h"
#include "modules/vitality/vitality.h"

int cmd_funds(int argc, char **argv);
int fund_pii_collect_donations(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
extern const struct vitality_provider funds_vi_per_capita, funds_vi_named; /* fund_vitality.c */
int funds_demo(struct db *db, int64_t now, struct err *e); /* demo.c */

WUSHE_MODULE(funds) = {
	.name = "funds",
	.order = 60, /* after the volunteer area */
	.routes = (const struct route *const[]){fund_routes, fund_donation_routes, NULL},
	.demo = funds_demo,
	.vitality = (const struct vitality_provider *const[]){&funds_vi_per_capita, &funds_vi_named, NULL},
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
	.pii = (const struct module_pii[]){
		{"funds.donations", "慈善捐赠", "Charitable donations", fund_pii_collect_donations, NULL},
		{NULL, NULL, NULL, NULL, NULL},
	},
	.jobs = (const struct module_job[]){{"funds.expire", 300, funds_expire_pass}, {NULL, 0, NULL}},
	.commands = (const struct module_cmd[]){
		{"funds", cmd_funds, "the funds' ledger: check (recompute every balance, exit 1 on a mismatch) | expire  (--db)"},
		{NULL, NULL, NULL},
	},
};
