/*
 * monitoring.h — funded programme projects (issue 13 item 5,
 * docs/programme-monitoring.md): the agreement (协议) signed for a funded
 * application (programme.h: outcome funded, awarded > 0), its milestones
 * and tranche plan — a grant (grants.h, source "programme", source_id the
 * application) whose tranches the funds ledger reserves at signing and pays
 * as tranche milestones are accepted — quarterly and final reports, site
 * visits, the tier (风险 risk / 观察 observation / 质量 quality) by the rule
 * below, the funders' alerts when a risk project falls behind, the final
 * evaluation with its one extension, and the fixed assets of hardware
 * projects.
 *
 * Who may do what (every read goes through programme.h prog_app_access):
 * programme staff (prog_programme_admin) sign, accept, review, recompute,
 * assign the supervisor, evaluate, close and keep assets; staff who may
 * read the application, its applicant and the project's supervisor read
 * the project; the applicant files reports and registers assets; the
 * supervisor and staff add visit notes. An expert, or anyone else, gets
 * 404 as if the project did not exist.
 */
#ifndef WUSHE_MODULES_MONITORING_MONITORING_H
#define WUSHE_MODULES_MONITORING_MONITORING_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"

struct db;
struct export;

extern const char *const mon_tiers[];          /* risk observation quality */
extern const char *const mon_maturities[];     /* new continued extended */
extern const char *const mon_results[];        /* excellent good pass fail (优秀 良好 合格 不合格) */
extern const char *const mon_report_kinds[];   /* quarterly final */
extern const char *const mon_report_statuses[];/* submitted accepted returned */
extern const char *const mon_milestone_statuses[]; /* open done accepted */
extern const char *const mon_progress[];       /* on_track behind done (a milestone in a report) */
extern const char *const mon_asset_categories[]; /* equipment furniture electronics vehicle facility other */
extern const char *const mon_asset_statuses[]; /* in_use disposed */

#define MON_MAX_MILESTONES 20
#define MON_MAX_TRANCHES 12
#define MON_MAX_VALUES 50
/* A quarterly report is due this many working days after its quarter ends. */
#define MON_REPORT_DUE_WORKING_DAYS 10

/* ---------- the tier rule (pure; mon_tier.c) ---------- */

struct mon_tier_inputs {
	int org_applied, org_funded;      /* prog_org_history before the programme's year */
	int past_good;                    /* the organisation's earlier projects evaluated 优秀 or 良好 */
	int past_fail;                    /* … evaluated 不合格 */
	const char *maturity;             /* new continued extended */
	int years_run;                    /* years the project has run before this one */
	int overdue_milestones;           /* not accepted, due day passed */
	int late_reports;                 /* quarterly reports missing past their due day, or filed late */
	/* out */
	int risk_points, quality_points, score;
};
/* Fill the points and score of in and return the tier ("risk",
 * "observation", "quality") by the documented rule. */
const char *mon_tier_rule(struct mon_tier_inputs *in);

/* ---------- the agreement ---------- */

struct mon_milestone_in {
	const char *title, *due_on, *deliverable;
	bool pays_tranche;
};
struct mon_agreement_in {
	int64_t application_id;
	const char *executing_org;        /* 执行单位 */
	const char *starts_on, *ends_on;  /* YYYY-MM-DD */
	const char *maturity;             /* mon_maturities */
	int64_t years_run;
	int n_milestones;
	struct mon_milestone_in milestones[MON_MAX_MILESTONES];
	int n_tranches;
	int64_t tranches[MON_MAX_TRANCHES]; /* fen, summing to the award */
	bool has_milestones, has_tranches;
};
/* Sign the agreement of a funded application (staff of its programme):
 * the project, its milestones, the grant whose tranches the ledger
 * reserves at once, and the first tier. The tranche plan must sum to the
 * award (422 "tranches"); the milestones that pay a tranche must be
 * exactly as many as the tranches (422 "milestones"), the n-th accepted
 * paying the n-th. 409 "application_id" when it has an agreement already,
 * 422 when it is not funded. */
int mon_agreement_sign(struct ctx *c, const struct mon_agreement_in *in, int64_t *project_id);

/* The project's application and the caller's part in it: 404 "id" unless
 * the caller is staff who may read the application, its applicant or the
 * project's supervisor. */
enum mon_role { MON_NONE = 0, MON_STAFF, MON_STAFF_READ, MON_APPLICANT, MON_SUPERVISOR };
struct mon_project {
	int64_t id, application_id, programme_id, org_id, region_id, grant_id, supervisor_user_id, awarded, version;
	int year;                        /* the programme's */
	const char *status, *tier, *kind, *evaluation, *maturity;
	int64_t extension_year, extension_used_at;
	enum mon_role role;
};
int mon_project_load(struct ctx *c, int64_t id, struct mon_project *p);
/* The same, refusing (403) a caller without the wanted part: staff
 * (programme admin), or the applicant. */
int mon_project_staff(struct ctx *c, int64_t id, struct mon_project *p);

/* Write the project page: agreement, milestones, tranches (paid/unpaid),
 * reports with their values, visits, tier with its inputs and changes,
 * evaluation, extension, assets, alerts, what the caller may do. */
int mon_project_write(struct ctx *c, int64_t id);
/* The board: the projects the caller may read (?programme_id, ?tier), each
 * with its tier, overdue flags and counts per tier. */
int mon_board_write(struct ctx *c, int64_t programme_id, const char *tier);
/* The funded applications of a programme without an agreement (staff). */
int mon_candidates_write(struct ctx *c, int64_t programme_id);

/* Accept a milestone (staff): a tranche milestone pays the grant's next
 * reserved tranche. 409 "id" when already accepted. */
int mon_milestone_accept(struct ctx *c, int64_t milestone_id, int64_t version);

/* ---------- reports ---------- */

struct mon_value_in {
	int64_t seq;
	double value;
};
struct mon_ms_status_in {
	int64_t milestone_id;
	const char *status; /* mon_progress */
};
struct mon_report_in {
	const char *kind;     /* quarterly final */
	const char *period;   /* "2021Q3" for a quarterly report; ignored for the final */
	const char *narrative;
	int n_values;
	struct mon_value_in values[MON_MAX_VALUES];
	int n_statuses;
	struct mon_ms_status_in statuses[MON_MAX_MILESTONES];
	bool has_values, has_statuses;
};
/* File a report (the applicant): a new one, or a returned one again.
 * 409 "period" when one is filed and not returned. */
int mon_report_file(struct ctx *c, int64_t project_id, const struct mon_report_in *in, int64_t *report_id);

struct mon_review_in {
	const char *decision; /* accept return */
	const char *comment;  /* required to return */
	const char *result;   /* final reports accepted: mon_results */
	int64_t version;
};
/* Accept or return a submitted report (staff). Accepting the final report
 * records the evaluation; 优秀 grants one extension in the next year
 * (unless the project is itself an extension). */
int mon_report_review(struct ctx *c, int64_t report_id, const struct mon_review_in *in);

/* ---------- supervision, tiers, alerts ---------- */

int mon_visit_add(struct ctx *c, int64_t project_id, const char *visited_on, const char *notes, int64_t *visit_id);
/* The one-to-one supervisor (staff): an active account (0 removes). */
int mon_supervisor_set(struct ctx *c, int64_t project_id, int64_t user_id, int64_t version);
/* Gather the tier's inputs for a project as of c->now. */
int mon_tier_inputs(struct ctx *c, int64_t project_id, struct mon_tier_inputs *in);
/* Recompute the tier (staff, the system): a change is recorded with its
 * inputs; *changed says whether it changed. Then alert the funders if a
 * risk project fell behind. */
int mon_tier_recompute(struct ctx *c, int64_t project_id, bool *changed);
/* Alert the programme's funders (the managers, supervisor and chair of the
 * special fund's ledger fund, else the programme's district admins)
 * through the notices when a risk project has a milestone overdue or a
 * quarterly report late — once per project and event. *n: alerts sent. */
int mon_alerts_check(struct ctx *c, int64_t project_id, int64_t *n);
/* The job: every running project's alerts. */
int mon_alert_pass(struct db *db, int64_t now, int64_t *n, struct err *e);

/* ---------- closing, extension ---------- */

/* Close (staff): refused (422 "status") before the final report is
 * approved; closes the application too (prog_app_close). */
int mon_project_close(struct ctx *c, int64_t project_id, int64_t version);
/* Mark the extension used when the next year's application is made
 * (staff): refused without an unused eligibility. */
int mon_extension_use(struct ctx *c, int64_t project_id, const char *note, int64_t version);

/* ---------- fixed assets ---------- */

struct mon_asset_in {
	const char *name, *category, *purchased_on, *invoice_no, *location, *custodian;
	int64_t value, quantity, version;
	bool has_location, has_custodian;
};
/* Register an asset of a hardware project (the applicant or staff). */
int mon_asset_add(struct ctx *c, int64_t project_id, const struct mon_asset_in *in, int64_t *asset_id);
/* Move it (location, custodian). */
int mon_asset_update(struct ctx *c, int64_t asset_id, const struct mon_asset_in *in);
/* Dispose of it (staff) with a reason and who approved it. */
int mon_asset_dispose(struct ctx *c, int64_t asset_id, const char *reason, const char *approved_by,
		      const char *disposed_on, int64_t version);
/* The register: per project (project_id) or per programme (programme_id),
 * only projects the caller may read; as JSON items or export rows. */
int mon_assets_write(struct ctx *c, int64_t programme_id, int64_t project_id);
int mon_assets_export(struct ctx *c, int64_t programme_id, int64_t project_id, struct export *x);

#endif
