/* module.c — the service exchange (社会服务交易所): demands, services,
 * matching, the closed loop, search, the HSDS export, space for service
 * (xchg.h, xchg_dir.h). */
#include "core/module.h"
#include "modules/exchange/demo.h"
#include "modules/exchange/demo_dir.h"
#include "modules/exchange/exchange_dir_http.h"
#include "modules/exchange/exchange_http.h"
#include "modules/exchange/xchg.h"
#include "modules/exchange/xchg_dir.h"

int cmd_assign(int argc, char **argv);
int cmd_export(int argc, char **argv);

/* The taxonomy, demands and services first; the directory's spaces and
 * agreements refer to the services. */
static int exchange_demo(struct db *db, int64_t now, struct err *e)
{
	int rc = demo_exchange(db, now, e);
	return rc ? rc : demo_exchange_dir(db, now, e);
}

/* personal.c: a person's needs and services, for their copy and erasure. */
int xchg_pii_collect_demands(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int xchg_pii_collect_services(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int xchg_pii_erase(struct ctx *c, const struct personal_subject *s, struct personal_report *r);
int xchg_expire_demand_contact(struct ctx *c, int64_t before, int dry_run, int64_t *count);

extern const struct vi_provider xchg_vi_service_hours, xchg_vi_fulfilment,
	xchg_vi_fulfil_days; /* xchg_vitality.c */

WUSHE_MODULE(exchange) = {
	.name = "exchange",
	.order = 50,
	.routes = (const struct route *const[]){exchange_routes, exchange_dir_routes, NULL},
	.demo = exchange_demo,
	.vitality = (const struct vi_provider *const[]){&xchg_vi_service_hours, &xchg_vi_fulfilment,
						  &xchg_vi_fulfil_days, NULL},
	/* The lists its field tables and list filters check (xchg.h, xchg_dir.h). */
	.enums = (const struct module_enum[]){
		{"demand_kind", xchg_demand_kinds},
		{"demand_status", xchg_demand_statuses},
		{"beneficiary_group", xchg_beneficiary_groups},
		{"privacy", xchg_privacies},
		{"recurrence", xchg_recurrences},
		{"urgency", xchg_urgencies},
		{"provider_kind", xchg_provider_kinds},
		{"cost_kind", xchg_cost_kinds},
		{"service_status", xchg_service_statuses},
		{"match_status", xchg_match_statuses},
		{"match_group", xchg_match_groups},
		{"space_kind", xchg_space_kinds},
		{"space_status", xchg_space_statuses},
		{"agreement_status", xchg_agreement_statuses},
		{"agreement_end", xchg_agreement_ends},
		{NULL, NULL},
	},
	.pii = (const struct module_pii[]){
		{"exchange.demands", "需求", "Needs", xchg_pii_collect_demands, xchg_pii_erase},
		{"exchange.services", "提供的服务", "Services offered", xchg_pii_collect_services, NULL},
		{NULL, NULL, NULL, NULL, NULL},
	},
	.retention = (const struct module_retention[]){
		{"exchange.demand_contact", "已办结需求的联系方式", "contact details of closed needs", 1095,
		 xchg_expire_demand_contact},
		{NULL, NULL, NULL, 0, NULL},
	},
	.commands = (const struct module_cmd[]){
		{"assign", cmd_assign, "optimal assignment of a cost-matrix CSV  (FILE.csv)"},
		{"export", cmd_export, "export hsds DIR: the service directory as HSDS 3.0 JSON  (--db)"},
		{NULL, NULL, NULL},
	},
};
