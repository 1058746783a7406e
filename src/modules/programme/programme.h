/*
 * programme.h — the funding programme (众创共善-style, issue 13,
 * DOMAIN.md §4.4, docs/programme.md): the contract between its three
 * areas, all reading the tables of schema/080_programme.sql:
 *
 *  - programme  (src/modules/programme, order 66): programme years, plates,
 *    special funds, applications (drafts, partners, budget lines,
 *    indicators, attachments, submission, withdrawal), the historical
 *    import, statistics, and who may read an application (below);
 *  - review     (src/modules/review, order 67): the pipeline's stage
 *    records, experts, conflicts and assignments, the rubric and scores,
 *    normalised ranking, awards within each fund's budget, the
 *    committee's approval, publication (公示) and objections;
 *  - monitoring (src/modules/monitoring, order 68): funded projects —
 *    agreement, milestones, tranches (grants.h, paid through the funds
 *    ledger), quarterly progress, tiers, supervision, evaluation,
 *    extension, fixed assets.
 *
 * The review and monitoring reach applications only through this header;
 * they never write prog_applications themselves.
 *
 * Who may read an application (prog_app_access), through any endpoint,
 * list, search or export of any of the three areas:
 *  - programme staff: a district admin whose grant covers the programme's
 *    region — read and write; a town admin or community staff whose grant
 *    covers the application's region — read;
 *  - the applicant: the account that created it (created_by), and org
 *    admins whose grant covers the applicant organisation's region;
 *  - an expert of the programme (prog_experts.user_id = the caller) only
 *    while they hold an assignment to it whose stage's window
 *    (prog_stages) is open now, and only if no declared conflict
 *    (prog_conflicts) names the application, its organisation or any of
 *    its partners' organisations — a conflicted expert gets 404, as if it
 *    did not exist.
 * Everyone else: 404 (an application's existence is not disclosed).
 */
#ifndef WUSHE_MODULES_PROGRAMME_PROGRAMME_H
#define WUSHE_MODULES_PROGRAMME_PROGRAMME_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"

/* Enumerations (ids stored; labels zh/en in the module's enum table). */
extern const char *const prog_statuses[];       /* draft open reviewing awarding monitoring closed */
extern const char *const prog_award_rules[];    /* ranked_full threshold_percent */
/* social_org 社会组织, party_org 基层党组织, gov_unit 镇街职能部门及其人民团体,
 * enterprise 企事业单位, self_governing 基层自治组织 */
extern const char *const prog_applicant_types[];
/* community_building 社区营造, professional_governance 社会(专业)力量参与社会治理,
 * rural_revival 乡村振兴, community_elderly 社区养老, sector_support 行业支持,
 * disability 残疾人服务, women_children 妇儿公益, targeted_aid 精准帮扶,
 * rural_culture 乡村文化, sustainable 可持续公益 */
extern const char *const prog_domains[];
extern const char *const prog_region_scopes[];  /* town district multi */
extern const char *const prog_kinds[];          /* service 服务类, hardware 硬件类 */
/* draft submitted withdrawn in_review rejected awarded not_awarded closed */
extern const char *const prog_app_statuses[];
/* qualification material site_visit optimisation due_diligence defence publication award */
extern const char *const prog_stages[];
extern const char *const prog_outcomes[];       /* funded not_funded */

/* What the review and the monitoring need to know of an application.
 * Strings live in c->a. */
struct prog_app {
	int64_t id, programme_id, org_id, plate_id, pfund_id, region_id, created_by;
	const char *code, *title, *applicant_name, *applicant_type, *domain, *region_scope, *kind;
	const char *status, *stage, *outcome; /* stage/outcome NULL when unset */
	bool joint, has_score;
	double score;
	int64_t requested, awarded; /* fen */
	int64_t version;
};

/* Read an application the caller may read (prog_app_access; ctx.who NULL:
 * the system reads all). 404 "id" when missing or not readable. */
int prog_app_get(struct ctx *c, int64_t app_id, struct prog_app *out);

enum prog_access {
	PROG_NONE = 0,
	PROG_STAFF_WRITE, /* district admin over the programme (or the system) */
	PROG_STAFF_READ,  /* town admin / community staff over the application's region */
	PROG_APPLICANT,   /* its creator, or an org admin over its organisation */
	PROG_EXPERT,      /* an assigned, unconflicted expert inside an open window */
};
/* The caller's access to application app_id (the rule above); 0 and *out
 * set, or < 0 on a store error. A missing application is PROG_NONE. */
int prog_app_access(struct ctx *c, int64_t app_id, enum prog_access *out);

/* May the caller administer programme_id (district admin over its region,
 * or the system)? 0 yes, ERR_FORBIDDEN (field "programme_id") or 404. */
int prog_programme_admin(struct ctx *c, int64_t programme_id);

/* Is expert_id conflicted with app_id (a declared conflict naming the
 * application, its organisation or a partner's organisation)? */
int prog_expert_conflicted(struct ctx *c, int64_t expert_id, int64_t app_id, bool *out);

/* The review moves an application along: the stage it reached, and its
 * status (in_review, rejected, awarded, not_awarded — NULL keeps it).
 * Version-checked against `version` when > 0 (409 "version"). One audit
 * entry. */
int prog_app_set_stage(struct ctx *c, int64_t app_id, const char *stage, const char *status, int64_t version);
/* The review's result: the aggregated score (has_score false: clears it). */
int prog_app_set_score(struct ctx *c, int64_t app_id, bool has_score, double score);
/* The award's result once the committee approved the batch: outcome
 * funded (awarded > 0 fen, status awarded) or not_funded (awarded 0,
 * status not_awarded) with a reason id (insufficient_funds,
 * below_min_score, not_recommended, withdrawn, …). One audit entry. */
int prog_app_set_outcome(struct ctx *c, int64_t app_id, const char *outcome, int64_t awarded, const char *reason);
/* The monitoring closes a funded application once its final report is
 * approved (status closed). */
int prog_app_close(struct ctx *c, int64_t app_id);

/* A special fund and what of it is left. */
struct prog_fund {
	int64_t id, programme_id, plate_id, fund_id; /* fund_id: funds.id or 0 */
	const char *name, *funder;
	int64_t budget;  /* fen a year */
	int64_t awarded; /* fen: sum of awarded over its applications with outcome funded */
};
int prog_fund_get(struct ctx *c, int64_t pfund_id, struct prog_fund *out);

/* An organisation's record in the programmes before `before_year`: how
 * many applications it made, how many were funded — for the monitoring's
 * tier (the executing organisation's past results). */
int prog_org_history(struct ctx *c, int64_t org_id, int before_year, int *applied, int *funded);

/* Funded applications by community, for the vitality index (item 8):
 * calls fn for each community region with at least one funded project of
 * the year (an application with region_scope town counts for the town;
 * one with a community partner counts for that community). */
int prog_funded_by_region(struct ctx *c, int year, int (*fn)(void *arg, int64_t region_id, int n), void *arg);

/* Additive (programme area): the access rule as a list predicate. Adds to
 * q — a list over prog_applications aliased `a` — the condition "the
 * caller may read a" (the same rule as prog_app_access; programme_id 0:
 * over every programme). Nothing is added for the system or a district
 * admin over the programme. */
struct list_q;
int prog_app_list_scope(struct ctx *c, int64_t programme_id, struct list_q *q);
/* The partner roles of prog_partners: partner community */
extern const char *const prog_partner_roles[];

#endif
