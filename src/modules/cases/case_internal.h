/*
 * case_internal.h — what the cases area's files share (not the contract:
 * that is cases.h). Logic over the store; the handlers are cases_http.c.
 */
#ifndef WUSHE_MODULES_CASES_INTERNAL_H
#define WUSHE_MODULES_CASES_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "modules/cases/cases.h"

struct jw;
struct route;

extern const char *const case_scale_ids[];      /* phq9 gad7 ucla3 barthel */
extern const char *const case_goal_statuses[];  /* open achieved partly dropped */
extern const char *const case_review_decisions[]; /* continue revise_plan close */
extern const char *const case_record_statuses[]; /* draft submitted approved rejected */
extern const char *const case_genders[];        /* male female */

/* ---- forms and scales (case_forms.c): pure, no store ---- */
#define CASE_SCALE_MAX_ITEMS 10
struct case_scale_result {
	int score;
	const char *band;  /* the band's id */
	int severity;      /* 0 none/minimal, 1 mild, 2 moderate, 3 above */
	bool self_harm;    /* PHQ-9 item 9 > 0 */
};
/* Check answers item by item and score them: 0, or 400 naming
 * "answers" (or "answers[i]"). */
int case_scale_score(const char *scale, const int64_t *answers, int n, struct case_scale_result *out,
		     struct err *e);
/* Check an assessment form (a JSON object text) against the fields its
 * case type declares: 0 or 400 naming "form.<key>". */
int case_form_check(const char *type, const char *form_json, struct err *e);
/* {"forms": {type: [{key, zh, en, kind, choices, max}]}, "scales": …} */
void case_forms_write(struct jw *w);

/* ---- staff (case_staff.c) ---- */
struct case_staff_in {
	int64_t user_id, org_id, region_id, supervisor_id, version;
	bool is_supervisor, active;
	bool has_supervisor_id, has_is_supervisor, has_active;
};
int case_staff_add(struct ctx *c, const struct case_staff_in *in, int64_t *id);
int case_staff_update(struct ctx *c, int64_t id, const struct case_staff_in *in);
int case_staff_write(struct ctx *c, struct jw *w, int64_t id);
int case_staff_list(struct ctx *c, struct jw *w, int64_t org_id);

/* ---- cases (case_core.c) ---- */
struct case_in {
	const char *type, *source, *source_note;
	int64_t region_id, person_id, visit_interval_days, version;
	const char *subject_name, *subject_gender, *subject_birth_date, *subject_id_number;
	const char *subject_phone, *subject_address, *guardian_name, *guardian_phone;
	bool has_source_note, has_person_id, has_visit_interval_days, has_subject_name, has_subject_gender,
		has_subject_birth_date, has_subject_id_number, has_subject_phone, has_subject_address,
		has_guardian_name, has_guardian_phone;
};
int case_create(struct ctx *c, const struct case_in *in, int64_t *id);
int case_update(struct ctx *c, int64_t id, const struct case_in *in);
int case_reassign(struct ctx *c, int64_t id, int64_t worker_id, int64_t version);
int case_write_detail(struct ctx *c, struct jw *w, int64_t id);
int case_write_access_log(struct ctx *c, struct jw *w, int64_t id);
int case_status_set(struct ctx *c, int64_t id, const char *from, const char *to);

/* ---- records (case_steps.c) ---- */
int case_assessment_create(struct ctx *c, int64_t case_id, const char *form_json, const char *summary, int64_t *id);
int case_assessment_update(struct ctx *c, int64_t id, const char *form_json, const char *summary, int64_t version);
int case_scale_add(struct ctx *c, int64_t case_id, int64_t assessment_id, const char *scale, const int64_t *answers,
		   int n, int64_t *id);
struct case_goal_in {
	const char *text, *measure, *target_date, *status;
};
int case_plan_create(struct ctx *c, int64_t case_id, const char *summary, const struct case_goal_in *goals, int n,
		     int64_t *id);
int case_plan_update(struct ctx *c, int64_t id, const char *summary, const struct case_goal_in *goals, int n,
		     bool has_goals, int64_t version);
int case_goal_set_status(struct ctx *c, int64_t goal_id, const char *status);
int case_review_add(struct ctx *c, int64_t case_id, const char *progress, const char *decision, int64_t *id);
int case_submit(struct ctx *c, const char *subject, int64_t subject_id, const char *note, int64_t *approval_id);
int case_close_request(struct ctx *c, int64_t case_id, const char *reason, const char *note, int64_t *approval_id);
int case_decide(struct ctx *c, int64_t approval_id, bool approve, const char *comment);
int case_approvals_list(struct ctx *c, struct jw *w, const char *state);
int case_share_add(struct ctx *c, int64_t case_id, int64_t user_id, const char *purpose, int64_t days, int64_t *id);
int case_share_revoke(struct ctx *c, int64_t share_id);
int case_attachment_add(struct ctx *c, int64_t case_id, const char *file_name, const void *data, size_t len,
			int64_t *id);
int case_attachment_get(struct ctx *c, int64_t id, const char **mime, const char **name, const void **data,
			size_t *len);

/* Sub-records of the detail page. */
int case_write_records(struct ctx *c, struct jw *w, int64_t case_id);

/* a member of list[] or not */
bool case_in_list(const char *const *list, const char *v);

int cases_demo(struct db *db, int64_t now, struct err *e);

#endif
