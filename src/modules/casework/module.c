/* module.c — case work's visits, consents, referrals, workload and
 * statistics (issue 17, casework.h, docs/casework.md). Its demo runs after
 * the cases area's (72), on whatever open cases the 容桂 station has. */
#include "auth/auth.h"
#include "core/module.h"
#include "http/http.h"
#include "modules/cases/cases.h"
#include "modules/casework/casework.h"
#include "store/store.h"

extern const struct route cw_routes[];

static int missed_pass(struct db *db, int64_t now, int64_t *n, struct err *e)
{
	return db_run_pass(db, now, cw_missed_visits, n, e);
}

/* The caller's open cases whose next visit is past due. */
static int todo_overdue(struct ctx *c, const void *arg, int64_t *n, int *capped)
{
	(void)arg;
	*capped = 0;
	*n = 0;
	if (!c->who)
		return 0;
	int rc = db_int(c->db, c->e, n,
			"SELECT count(*) FROM cases WHERE worker_id=? AND next_visit_at < ? AND status<>'closed'", "ii",
			c->who->user_id, c->now);
	return rc < 0 ? rc : 0;
}

/* Referrals sent to the caller and not yet answered (while the consent holds). */
static int todo_referrals(struct ctx *c, const void *arg, int64_t *n, int *capped)
{
	(void)arg;
	*capped = 0;
	*n = 0;
	if (!c->who)
		return 0;
	int rc = db_int(c->db, c->e, n,
			"SELECT count(*) FROM case_referrals r JOIN case_consents k ON k.id=r.consent_id"
			" WHERE r.recipient_user_id=? AND r.status='sent' AND k.withdrawn_at IS NULL"
			" AND (k.expires_at IS NULL OR k.expires_at > ?)",
			"ii", c->who->user_id, c->now);
	return rc < 0 ? rc : 0;
}

WUSHE_MODULE(casework) = {
	.name = "casework",
	.order = 73,
	.routes = (const struct route *const[]){cw_routes, NULL},
	.demo = cw_demo,
	.jobs = (const struct module_job[]){{"casework.missed_visits", 24 * 3600, missed_pass}, {NULL, 0, NULL}},
	.todos = (const struct module_todo[]){
		{"casework.visits_overdue", "逾期未探访的个案", "Cases with a visit overdue", CASE_ROLES,
		 "/casework/workload", .count = todo_overdue, .urgent = 1},
		{"casework.referrals", "待处理的转介", "Referrals waiting for me", CASE_ROLES, "/casework/referrals",
		 .count = todo_referrals},
		{NULL, NULL, NULL, 0, NULL, NULL, 0, NULL},
	},
	.enums = (const struct module_enum[]){
		{"case_visit_kind", cw_visit_kinds},
		{"case_consent_purpose", cw_consent_purposes},
		{"case_recipient_kind", cw_recipient_kinds},
		{"case_consent_giver", cw_consent_givers},
		{"case_consent_method", cw_consent_methods},
		{"case_referral_status", cw_referral_statuses},
		{"case_fail_reason", cw_fail_reasons},
		{"case_stat_by", cw_stat_bys},
		{NULL, NULL},
	},
};
