/*
 * routes.c — the one list of route tables. A new module adds one line
 * here (and its schema files, which the build picks up by themselves).
 */
#include "audit/audit_http.h"
#include "auth/auth_http.h"
#include "http/http.h"
#include "modules/calendar/calendar_http.h"
#include "modules/exchange/exchange_http.h"
#include "modules/exchange/exchange_dir_http.h"
#include "modules/region/region_http.h"
#include "modules/registry/registry_http.h"
#include "modules/registry/reg_gov_http.h"
#include "modules/vitality/vitality_http.h"
#include "modules/registry/reg_import_http.h"
#include "routes.h"

extern const struct route health_routes[];

void routes_register_all(void)
{
	router_add(health_routes);
	router_add(auth_routes);
	router_add(audit_routes);
	router_add(region_routes);
	router_add(calendar_routes);
	router_add(registry_routes);
	router_add(reg_gov_routes);
	router_add(vitality_routes);
	router_add(reg_import_routes);
	router_add(exchange_routes);
	router_add(exchange_dir_routes);
}
