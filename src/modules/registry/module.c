/* module.c — the registry (社工数据库): people, organisations, teams,
 * facilities, governance records, bulk import (registry.h, registry_gov.h,
 * registry_import.h). */
#include "core/module.h"
#include "modules/registry/personal.h"
#include "modules/registry/demo.h"
#include "modules/registry/registry_gov.h"
#include "modules/registry/registry_gov_http.h"
#include "modules/registry/registry_import.h"
#include "modules/registry/registry_import_http.h"
#include "modules/registry/registry.h"
#include "modules/registry/registry_http.h"

int cmd_import(int argc, char **argv);

/* People, organisations and teams first; governance records refer to them. */
static int registry_demo(struct db *db, int64_t now, struct err *e)
{
	int rc = demo_registry(db, now, e);
	return rc ? rc : demo_reg_gov(db, now, e);
}

extern const struct vitality_provider registry_vi_org_target, registry_vi_volunteers, registry_vi_new_residents,
	registry_vi_attendance; /* registry_vitality.c */

WUSHE_MODULE(registry) = {
	.name = "registry",
	.order = 30,
	.routes = (const struct route *const[]){registry_routes, registry_gov_routes, registry_import_routes, NULL},
	.demo = registry_demo,
	/* A person's own copy and erasure (personal.c, modules/privacy). */
	.pii = (const struct module_pii[]){
		{"registry.person", "居民档案", "Resident record", registry_pii_collect, registry_pii_erase},
		{"registry.roles", "团队与委员身份", "Teams and committee seats", registry_pii_collect_roles, NULL},
		{NULL, NULL, NULL, NULL, NULL},
	},
	.vitality = (const struct vitality_provider *const[]){&registry_vi_org_target, &registry_vi_volunteers,
						  &registry_vi_new_residents, &registry_vi_attendance, NULL},
	/* The lists its bodies and list filters check (registry.h, registry_gov.h,
	 * registry_import.h). */
	.enums = (const struct module_enum[]){
		{"gender", registry_genders},
		{"person_role_kind", registry_person_role_kinds},
		{"household", registry_households},
		{"sw_level", registry_sw_levels},
		{"person_status", registry_person_statuses},
		{"verify_method", registry_verify_methods},
		{"org_type", registry_org_types},
		{"domain", registry_domains},
		{"registration", registry_registrations},
		{"incubation_stage", registry_incubation_stages},
		{"org_status", registry_org_statuses},
		{"team_status", registry_team_statuses},
		{"team_role", registry_team_roles},
		{"facility_kind", registry_facility_kinds},
		{"facility_status", registry_facility_statuses},
		{"committee_member_kind", registry_member_kinds},
		{"committee_member_status", registry_member_statuses},
		{"brand_status", registry_brand_statuses},
		{"leader_round_status", registry_round_statuses},
		{"leader_criterion", registry_criteria},
		{"import_kind", registry_import_kind_ids},
		{NULL, NULL},
	},
	.commands = (const struct module_cmd[]){
		{"import", cmd_import,
		 "bulk import people|organisations|teams FILE  (--db --region [--dry-run] [--as USER])"},
		{NULL, NULL, NULL},
	},
};
