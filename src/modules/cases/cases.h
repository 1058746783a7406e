/*
 * cases.h — social workers' case work with vulnerable people (issue 17,
 * DOMAIN.md §4.8, docs/cases.md): the contract between its two areas, both
 * reading the tables of schema/100_cases.sql:
 *
 *  - cases    (src/modules/cases, order 72): the station's staff and
 *    supervisors, intake, assessment with its structured form and
 *    screening scales, the plan with goals, reviews, closing, approvals
 *    by the supervisor, shares, attachments, the caseload list, the
 *    access log's view;
 *  - casework (src/modules/casework, order 73): visits (offline-capable,
 *    never doubled), consents and referrals, workload and follow-up
 *    (visits due and overdue in working days, risk flags), statistics
 *    without identifiers.
 *
 * Need to know — who may reach a case (case_access), through any route,
 * list, search, export or notice of either area:
 *  - the assigned worker (cases.worker_id): read and write;
 *  - the case's supervisor (cases.supervisor_id): read, approve, reassign,
 *    share, raise and resolve flags;
 *  - a user the worker or supervisor shared it with, for the stated
 *    purpose, while starts_at <= now < ends_at and not revoked: read;
 *  - the receiving account of an organisation referral while the referral
 *    is sent or accepted and its consent is neither withdrawn nor expired:
 *    only the fields the consent names (case_referral_view), nothing else.
 * Everyone else gets 404 — a district admin, the town's admin, the
 * community's staff and every provider included: a case's existence is
 * not disclosed. Administrators set up who does case work (case_staff)
 * and see statistics without identifiers; they never read a case.
 *
 * Every read or export of a case's content goes through case_open (or
 * case_log), which logs who, when, what and why in case_access_log in the
 * request's transaction: routes that read a case are GETs with RT_AUDITED,
 * so the log entry exists exactly when the data left. Lists of cases mask
 * the subject's name (pii_mask_name) and show no identifier; the full name
 * is shown only inside the case.
 *
 * Audit: case records are declared with record_kind.ref_only, so their
 * audit snapshots are references ({"ref":"case/12","version":3}), never
 * the content; case_audit writes such an entry for records without a
 * record_kind. Audit entries of case records carry no region (region_id 0),
 * so the town's audit view does not list them either.
 *
 * Notices about a case name its code and the step, never the subject.
 */
#ifndef WUSHE_MODULES_CASES_CASES_H
#define WUSHE_MODULES_CASES_CASES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"

/* Enumerations (ids stored; labels zh/en in the areas' enum tables). */
/* elderly_alone 独居老人, left_behind_child 留守儿童, child_in_difficulty 困境儿童,
 * disabled 残疾人, psych_screening 心理筛查对象, family_hardship 困难家庭 */
extern const char *const case_types[];
extern const char *const case_sources[];        /* referral grid_finding screening walk_in */
extern const char *const case_statuses[];       /* intake assessing planning active closing closed */
extern const char *const case_risk_levels[];    /* none low medium high */
extern const char *const case_flag_kinds[];     /* screening_score self_harm abuse_suspected health living_conditions missed_visits other */
extern const char *const case_flag_levels[];    /* low medium high */
extern const char *const case_close_reasons[];  /* goals_met moved_away deceased declined transferred no_longer_eligible other */
extern const char *const case_approval_subjects[]; /* assessment plan closing */
extern const char *const case_approval_states[];   /* pending approved rejected withdrawn */
/* What a consent may let go to a recipient: name gender age phone address
 * guardian type needs assessment_summary risk */
extern const char *const case_consent_fields[];

/* The roles that may hold case work at all (route masks): social workers
 * and org admins (a station's head may be a supervisor). Everyone else is
 * refused by the router before any rule is asked. */
#define CASE_ROLES (R(ROLE_SOCIAL_WORKER) | R(ROLE_ORG_ADMIN))

enum case_access {
	CASE_NONE = 0,
	CASE_WORKER,     /* the assigned worker */
	CASE_SUPERVISOR, /* the case's supervisor */
	CASE_SHARED,     /* an active share (read) */
	CASE_RECIPIENT,  /* an active organisation referral (consented fields only) */
	CASE_SYSTEM,     /* ctx.who NULL: the command line, jobs, the demo */
};
/* Masks of accesses for case_open's `allowed`. */
#define CA(x) (1u << (x))
#define CASE_TEAM (CA(CASE_WORKER) | CA(CASE_SUPERVISOR) | CA(CASE_SYSTEM))
#define CASE_READERS (CASE_TEAM | CA(CASE_SHARED))

/* What the rule found: the access and its basis. Strings in c->a. */
struct case_grant {
	enum case_access access;
	int64_t basis_id;    /* the share or the referral */
	const char *purpose; /* the share's purpose; NULL otherwise */
	const char *fields;  /* CASE_RECIPIENT: the consent's fields list; NULL otherwise */
};

/* A case's head: what every part needs to know of it. Strings in c->a. */
struct case_head {
	int64_t id, region_id, org_id, worker_id, supervisor_id, version;
	int64_t next_visit_at, last_visit_at; /* 0: none */
	const char *code, *type, *status, *risk_level;
};

/* The rule above, without logging: 0 and *out (CASE_NONE when the case
 * does not exist or the caller may not reach it), < 0 on a store error. */
int case_access(struct ctx *c, int64_t case_id, struct case_grant *out);

/* Open a case for the caller: the rule, then — when the caller's access
 * is in `allowed` — the head, and a log entry (action "read" | "export" |
 * "print" | "download", section: what was read, "case", "visits",
 * "assessment:4", "attachment:9" …; section NULL: no log entry, for writes
 * whose answer carries no content). 404 naming "id" (no such case, or no
 * access at all), 403 when the caller reaches the case but not for this
 * (a shared reader trying to write, a recipient outside its view). */
int case_open(struct ctx *c, int64_t case_id, unsigned allowed, const char *action,
	      const char *section, struct case_head *head, struct case_grant *g);
/* One access-log entry for a case already opened (several sections read
 * in one request, or an export of many cases: one entry per case). */
int case_log(struct ctx *c, int64_t case_id, const struct case_grant *g, const char *action,
	     const char *section);
/* The head alone, no rule, no log (system work, or after case_open). */
int case_head_get(struct ctx *c, int64_t case_id, struct case_head *out);

/* Lists over `cases` aliased `c`: adds to q the condition "the caller is
 * the case's worker or supervisor, or holds an active share" — referral
 * recipients see their referrals in casework's inbox, not in case lists.
 * Nothing is added for the system. */
struct list_q;
int case_list_scope(struct ctx *c, struct list_q *q);

/* An audit entry for a case record that has no record_kind: the
 * reference {"ref":"<entity>/<id>","case":<case_id>} as the after (and
 * nothing before), region 0. */
int case_audit(struct ctx *c, const char *action, const char *entity, int64_t id,
	       int64_t case_id);

/* A notice to user_id about case_id: the title names the case's code and
 * the step ("个案 GA2026-000012 的评估待审批"), never the subject; link
 * "/cases/<id>" unless given. */
int case_notify(struct ctx *c, int64_t user_id, int64_t case_id, const char *kind,
		const char *step_zh, const char *step_en, const char *link);

/* Raise a risk flag (kind, level, source scale|visit|manual|system, its row id
 * or 0, a note; source system: a job) and recompute the case's risk_level; a high flag notifies
 * the worker and the supervisor. case_flag_resolve closes one with its
 * resolution (the worker or supervisor), and recomputes too. */
int case_flag_raise(struct ctx *c, int64_t case_id, const char *kind, const char *level,
		    const char *source, int64_t source_id, const char *note, int64_t *id_out);
int case_flag_resolve(struct ctx *c, int64_t flag_id, const char *resolution);
int case_risk_refresh(struct ctx *c, int64_t case_id);

/* The caller's (or user_id's) station record: 0 and *out, 404 "user_id"
 * when not case staff or inactive. */
struct case_staff {
	int64_t id, user_id, org_id, region_id, supervisor_id;
	bool is_supervisor, active;
};
int case_staff_get(struct ctx *c, int64_t user_id, struct case_staff *out);

/* Does a consent's fields list ("name,age,phone") name field? */
bool case_field_allowed(const char *fields, const char *field);
/* Check a fields list from a body: every item one of case_consent_fields,
 * no repeats, at least one: 0 or 400 naming `field`. */
int case_fields_check(struct ctx *c, const char *fields, const char *field);

/* The subject's age in whole years at `at` from a YYYY-MM-DD birth date,
 * -1 when unknown (consented "age" is given instead of the birth date). */
int case_age(const char *birth_date, int64_t at);

#endif
