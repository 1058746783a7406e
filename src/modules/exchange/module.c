/* module.c — the service exchange (社会服务交易所): demands, services,
 * matching, the closed loop, search, the HSDS export, space for service
 * (xchg.h, exchange_dir.h). */
#include "core/module.h"
#include "modules/exchange/demo.h"
#include "modules/exchange/demo_dir.h"
#include "modules/exchange/exchange_dir_http.h"
#include "modules/exchange/exchange_http.h"
#include "modules/exchange/exchange.h"
#include "modules/exchange/exchange_dir.h"
#include "modules/exchange/exchange_todo.h"

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
int exchange_pii_collect_demands(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int exchange_pii_collect_services(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int exchange_pii_erase(struct ctx *c, const struct personal_subject *s, struct personal_report *r);
int exchange_expire_demand_contact(struct ctx *c, int64_t before, int dry_run, int64_t *count);

extern const struct vitality_provider exchange_vi_service_hours, exchange_vi_fulfilment,
	exchange_vi_fulfil_days; /* exchange_vitality.c */

WUSHE_MODULE(exchange) = {
	.name = "exchange",
	.order = 50,
	.routes = (const struct route *const[]){exchange_routes, exchange_dir_routes, exchange_todo_routes,
						 exchange_story_routes, NULL},
	.todos = exchange_todos,
	.demo = exchange_demo,
	.vitality = (const struct vitality_provider *const[]){&exchange_vi_service_hours, &exchange_vi_fulfilment,
						  &exchange_vi_fulfil_days, NULL},
	/* The lists its field tables and list filters check (xchg.h, exchange_dir.h). */
	.enums = (const struct module_enum[]){
		{"demand_kind", exchange_demand_kinds},
		{"demand_status", exchange_demand_statuses},
		{"beneficiary_group", exchange_beneficiary_groups},
		{"privacy", exchange_privacies},
		{"recurrence", exchange_recurrences},
		{"urgency", exchange_urgencies},
		{"provider_kind", exchange_provider_kinds},
		{"cost_kind", exchange_cost_kinds},
		{"service_status", exchange_service_statuses},
		{"match_status", exchange_match_statuses},
		{"match_group", exchange_match_groups},
		{"space_kind", exchange_space_kinds},
		{"space_status", exchange_space_statuses},
		{"agreement_status", exchange_agreement_statuses},
		{"agreement_end", exchange_agreement_ends},
		{NULL, NULL},
	},
	.pii = (const struct module_pii[]){
		{"exchange.demands", "需求", "Needs", exchange_pii_collect_demands, exchange_pii_erase},
		{"exchange.services", "提供的服务", "Services offered", exchange_pii_collect_services, NULL},
		{NULL, NULL, NULL, NULL, NULL},
	},
	.retention = (const struct module_retention[]){
		{"exchange.demand_contact", "已办结需求的联系方式", "contact details of closed needs", 1095,
		 exchange_expire_demand_contact},
		{NULL, NULL, NULL, 0, NULL},
	},
	.commands = (const struct module_cmd[]){
		{"assign", cmd_assign, "optimal assignment of a cost-matrix CSV  (FILE.csv)"},
		{"export", cmd_export, "export hsds DIR: the service directory as HSDS 3.0 JSON  (--db)"},
		{NULL, NULL, NULL},
	},
};
