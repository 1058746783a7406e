/*
 * casework.h — the casework area of issue 17 (docs/casework.md): visits
 * and contacts (offline-capable, never doubled), consents and referrals,
 * workload and follow-up, statistics without identifiers. Every read of a
 * case's content goes through case_open (modules/cases/cases.h).
 */
#ifndef WUSHE_MODULES_CASEWORK_CASEWORK_H
#define WUSHE_MODULES_CASEWORK_CASEWORK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/jw.h"

extern const char *const cw_visit_kinds[];       /* home_visit phone office outreach school */
extern const char *const cw_consent_purposes[];  /* service_referral info_sharing */
extern const char *const cw_recipient_kinds[];   /* service organisation */
extern const char *const cw_consent_givers[];    /* subject guardian */
extern const char *const cw_consent_methods[];   /* written verbal electronic */
extern const char *const cw_referral_statuses[]; /* sent accepted rejected completed failed revoked */
extern const char *const cw_fail_reasons[];      /* unreachable declined_by_subject not_eligible no_capacity moved_away other */
extern const char *const cw_stat_bys[];          /* type region outcome status */

/* Working days a visit may be late before the daily job raises a
 * missed_visits flag. */
#define CW_MISSED_DAYS 5

struct cw_visit_in {
	const char *kind, *notes, *observations, *client_key, *flag_kind, *flag_level, *flag_note;
	int64_t visited_at, next_visit_at, duration_min;
};
/* Record a visit (the case's worker only). *dup: the client_key was sent
 * before and *id_out is that visit. */
int cw_visit_add(struct ctx *c, int64_t case_id, const struct cw_visit_in *in, int64_t *id_out, bool *dup);
/* The next visit after `visited_at` at `interval` working days. */
int cw_next_visit(struct ctx *c, int64_t visited_at, int interval, int64_t *out);

struct cw_consent_in {
	const char *purpose, *recipient_kind, *recipient_label, *fields, *given_by, *method;
	int64_t recipient_org_id, recipient_service_id, given_at, expires_at;
};
int cw_consent_add(struct ctx *c, int64_t case_id, const struct cw_consent_in *in, int64_t *id_out);
int cw_consent_withdraw(struct ctx *c, int64_t consent_id, const char *reason, int64_t version);

struct cw_referral_in {
	int64_t consent_id, recipient_user_id, term_id;
	const char *target, *reason;
};
int cw_referral_add(struct ctx *c, int64_t case_id, const struct cw_referral_in *in, int64_t *id_out);
/* action: accept reject complete fail revoke; text: the reason, outcome or fail reason. */
int cw_referral_act(struct ctx *c, int64_t id, const char *action, const char *text, const char *note,
		    int64_t version);
/* The referral as its reader may see it (RT_AUDITED): the recipient only
 * the consented fields. */
int cw_referral_view(struct ctx *c, struct jw *w, int64_t id);

/* The job: a missed_visits flag, once, on each open case whose next visit
 * is more than CW_MISSED_DAYS working days late. */
int cw_missed_visits(struct ctx *c, int64_t *n);

int cw_demo(struct db *db, int64_t now, struct err *e);

#endif
