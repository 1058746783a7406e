/* module.c — volunteer services (志愿服务, DOMAIN.md §4.6, issue 11):
 * volunteers, activities, sign-ups, attendance, service records
 * (volunteer.h, docs/volunteers.md). Runs its demo after the registry,
 * whose people and teams it uses, and the exchange (which links the
 * resident account to her person), before the index. */
#include "core/config.h"
#include "core/module.h"
#include "modules/volunteer/cert.h"
#include "modules/volunteer/cert_http.h"
#include "modules/volunteer/points.h"
#include "modules/volunteer/points_http.h"
#include "modules/volunteer/volunteer.h"
#include "modules/volunteer/volunteer_http.h"

/* vol_personal.c: a person's registration and records, for their copy. */
int vol_pii_collect_registration(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int vol_pii_collect_records(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int vol_pii_erase(struct ctx *c, const struct personal_subject *s, struct personal_report *r);

/* The volunteers, activities and records first; the time bank's rules,
 * catalogue and points earned from those records, and the certificates
 * of those records, after them. */
static int volunteer_area_demo(struct db *db, int64_t now, struct err *e)
{
	int rc = volunteer_demo(db, now, e);
	if (!rc)
		rc = vol_points_demo(db, now, e);
	return rc ? rc : vol_cert_demo(db, now, e);
}

extern const struct module_todo vol_todos[]; /* vol_todo.c */

/* The address the certificates' QR codes point to (config public_url). */
static void volunteer_serve(const struct config *c) { vol_cert_set_public_url(c->public_url); }

WUSHE_MODULE(volunteer) = {
	.name = "volunteer",
	.order = 55, /* after the exchange, whose demo links the resident account to her person */
	.routes = (const struct route *const[]){volunteer_routes, vol_points_routes, vol_cert_routes, NULL},
	.demo = volunteer_area_demo,
	.enums = (const struct module_enum[]){
		{"vol_status", vol_statuses},
		{"vol_skill", vol_skills},
		{"vol_language", vol_languages},
		{"vol_activity_status", vol_activity_statuses},
		{"vol_signup_status", vol_signup_statuses},
		{"vol_record_kind", vol_record_kinds},
		{"vol_correction_status", vol_correction_statuses},
		{"point_transfer_rule", vol_point_transfer_rules},
		{"point_txn_kind", vol_point_txn_kinds},
		{"redemption_status", vol_redemption_statuses},
		{"vol_feed_kind", vol_feed_kinds},
		{NULL, NULL},
	},
	.pii = (const struct module_pii[]){
		{"volunteer.registration", "志愿者登记", "Volunteer registration", vol_pii_collect_registration,
		 vol_pii_erase},
		{"volunteer.records", "志愿服务记录", "Volunteer service records", vol_pii_collect_records, NULL},
		{"volunteer.points", "志愿积分", "Volunteer points", vol_points_pii_collect_entries, NULL},
		{"volunteer.redemptions", "积分兑换", "Points redemptions", vol_points_pii_collect_redemptions, NULL},
		{NULL, NULL, NULL, NULL, NULL},
	},
	/* the server closes missed check-outs once an activity's day is over
	 * (src/jobs: at start, then every 5 minutes), expires points past
	 * their community's limit (hourly) and reminds volunteers the day
	 * before (every 15 minutes, once per sign-up) */
	.jobs = (const struct module_job[]){{"volunteer.close", 300, vol_close_pass},
					    {"volunteer.points_expire", 3600, vol_points_expire_pass},
					    {"volunteer.remind", 900, vol_remind_pass},
					    {NULL, 0, NULL}},
	.serve = volunteer_serve,
	.todos = vol_todos,
	.commands = (const struct module_cmd[]){
		{"volunteer", cmd_volunteer, "volunteer close --db URL: close missed check-outs of ended activity days"},
		{"points", cmd_points, "the volunteers' points ledger: check (recompute balances) | expire | earn (records without points)  (--db)"},
		{NULL, NULL, NULL},
	},
};
