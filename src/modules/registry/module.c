/* module.c — the registry (社工数据库): people, organisations, teams,
 * facilities, governance records, bulk import (registry.h, reg_gov.h,
 * reg_import.h). */
#include "core/module.h"
#include "modules/registry/personal.h"
#include "modules/registry/demo.h"
#include "modules/registry/reg_gov.h"
#include "modules/registry/reg_gov_http.h"
#include "modules/registry/reg_import.h"
#include "modules/registry/reg_import_http.h"
#include "modules/registry/registry.h"
#include "modules/registry/registry_http.h"

int cmd_import(int argc, char **argv);

/* People, organisations and teams first; governance records refer to them. */
static int registry_demo(struct db *db, int64_t now, struct err *e)
{
	int rc = demo_registry(db, now, e);
	return rc ? rc : demo_reg_gov(db, now, e);
}

extern const struct vi_provider reg_vi_org_target, reg_vi_volunteers, reg_vi_new_residents,
	reg_vi_attendance; /* reg_vitality.c */

WUSHE_MODULE(registry) = {
	.name = "registry",
	.order = 30,
	.routes = (const struct route *const[]){registry_routes, reg_gov_routes, reg_import_routes, NULL},
	.demo = registry_demo,
	/* A person's own copy and erasure (personal.c, modules/privacy). */
	.pii = (const struct module_pii[]){
		{"registry.person", "居民档案", "Resident record", reg_pii_collect, reg_pii_erase},
		{"registry.roles", "团队与委员身份", "Teams and committee seats", reg_pii_collect_roles, NULL},
		{NULL, NULL, NULL, NULL, NULL},
	},
	.vitality = (const struct vi_provider *const[]){&reg_vi_org_target, &reg_vi_volunteers,
						  &reg_vi_new_residents, &reg_vi_attendance, NULL},
	/* The lists its bodies and list filters check (registry.h, reg_gov.h,
	 * reg_import.h). */
	.enums = (const struct module_enum[]){
		{"gender", reg_genders},
		{"person_role_kind", reg_person_role_kinds},
		{"household", reg_households},
		{"sw_level", reg_sw_levels},
		{"person_status", reg_person_statuses},
		{"verify_method", reg_verify_methods},
		{"org_type", reg_org_types},
		{"domain", reg_domains},
		{"registration", reg_registrations},
		{"incubation_stage", reg_incubation_stages},
		{"org_status", reg_org_statuses},
		{"team_status", reg_team_statuses},
		{"team_role", reg_team_roles},
		{"facility_kind", reg_facility_kinds},
		{"facility_status", reg_facility_statuses},
		{"committee_member_kind", reg_member_kinds},
		{"committee_member_status", reg_member_statuses},
		{"brand_status", reg_brand_statuses},
		{"leader_round_status", reg_round_statuses},
		{"leader_criterion", reg_criteria},
		{"import_kind", reg_import_kind_ids},
		{NULL, NULL},
	},
	.commands = (const struct module_cmd[]){
		{"import", cmd_import,
		 "bulk import people|organisations|teams FILE  (--db --region [--dry-run] [--as USER])"},
		{NULL, NULL, NULL},
	},
};
