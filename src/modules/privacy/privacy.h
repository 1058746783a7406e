/*
 * privacy.h — personal-information rights (PIPL; DOMAIN.md §5): a person
 * sees and downloads what every area holds about them, asks for a
 * correction or for deletion (carried out by staff of their region within
 * 15 days: deletion anonymises what must be kept and says so), records and
 * withdraws consents by purpose — or staff of their region do it for them
 * (a paper request, a resident without an account); administrators set how long each kind of
 * record is kept, and the retention job enforces it.
 *
 * The areas take part through their descriptors (core/module.h): `.pii`
 * entries collect and erase a person's records, `.retention` entries expire
 * old ones. This area owns only its requests, consents and periods.
 */
#ifndef WUSHE_MODULES_PRIVACY_H
#define WUSHE_MODULES_PRIVACY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "store/personal.h"

struct list_q;
struct stmt;

extern const char *const privacy_request_kinds[];    /* correction, deletion */
extern const char *const privacy_request_statuses[]; /* open, done, rejected, withdrawn */
extern const char *const privacy_purposes[];
extern const char *const privacy_outcomes[];         /* done, rejected */
extern const char *const privacy_consent_sources[];  /* self, staff */

#define PRIVACY_DUE_DAYS 15

/* The caller as a data subject: the account and its registry person. */
int privacy_subject(struct ctx *c, struct personal_subject *s);
/* person_id 0: the caller (privacy_subject); else that registry person, for
 * staff over the person's region (403 outside it, 404 when none). */
int privacy_subject_of(struct ctx *c, int64_t person_id, struct personal_subject *s);
/* Everything every area holds about s, into a new sink. */
int privacy_collect(struct ctx *c, const struct personal_subject *s, struct personal_sink **out);
/* The download: {"subject": …, "generated_at": …, "sections": […]} */
int privacy_write_export(struct ctx *c, int64_t person_id, struct jw *w);
/* The same as one spreadsheet (malloc'd bytes). */
int privacy_export_xlsx(struct ctx *c, int64_t person_id, char **buf, size_t *len);
/* That spreadsheet from a collected sink (no audit entry): one row per
 * value, each coded value as its zh and en labels (core/enum_labels.h). */
int privacy_sheet(struct ctx *c, struct personal_sink *sink, char **buf, size_t *len);

struct privacy_request_in {
	const char *kind;
	const char *detail;
	int64_t person_id;        /* from the path: staff file it for this person (0: the caller) */
};
int privacy_request_create(struct ctx *c, const void *in, int64_t *id);
int privacy_request_write(struct ctx *c, struct jw *w, int64_t id);
struct privacy_resolve_in {
	int64_t version;
	const char *outcome;      /* done | rejected */
	const char *resolution;   /* the answer to the person; required when rejecting */
};
/* Staff in the request's region: carry it out (a deletion runs every area's
 * erase) or refuse it with a reason. */
int privacy_request_resolve(struct ctx *c, int64_t id, const void *in);
/* The person withdraws their own open request. */
int privacy_request_withdraw(struct ctx *c, int64_t id, const void *in);

struct privacy_request_filter {
	const char *status, *kind;
	bool mine;                /* the caller's own requests (any role) */
};
int privacy_request_list_query(struct ctx *c, const struct privacy_request_filter *f,
			       struct list_q **out);
int privacy_request_list_row(struct stmt *st, void *ctx, struct err *e);

struct privacy_consent_in {
	const char *purpose;
	bool granted;
};
int privacy_consent_set(struct ctx *c, int64_t person_id, const struct privacy_consent_in *in);
/* {"consents": [{purpose, granted, at, source}] (current, every purpose),
 *  "history": [...]} for the caller. */
int privacy_consents_write(struct ctx *c, int64_t person_id, struct jw *w);

/* Retention: every kind the areas declare, with its period. */
int privacy_retention_write(struct ctx *c, struct jw *w);
struct privacy_retention_in {
	int64_t days;
	int64_t version;          /* 0 when the kind has no row yet */
};
int privacy_retention_set(struct ctx *c, const char *kind, const struct privacy_retention_in *in);
/* Run every kind's expiry (dry_run: count only); records the run and
 * writes {"id", "dry_run", "results": [{kind, days, before, count}]}. */
int privacy_retention_run(struct ctx *c, bool dry_run, struct jw *w);

int privacy_demo(struct db *db, int64_t now, struct err *e);
int cmd_retention(int argc, char **argv);

#endif
