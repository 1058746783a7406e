/*
 * registry_gov.h — community governance records of the registry (DOMAIN.md
 * §4.1): part-time committee members (兼职委员) and their attendance at the
 * two-committee meetings, incubation of community social organisations,
 * the community brand (一社区一品牌), building-leader (楼长) selection, and
 * the targets that roll all of it up per community, town and district.
 *
 * Logic only, on the module kit: every function takes the request context
 * (core/ctx.h: store, caller — NULL for the system, e.g. the demo — time,
 * arena, error) and never sees a request. Each kind of record is declared
 * once (audit/record.h) and goes through one lifecycle: load in scope
 * (ERR_NOT_FOUND / ERR_FORBIDDEN) → check version → snapshot → write →
 * snapshot → one audit entry, in the caller's transaction; everything is
 * validated before anything changes, so a failure the caller rolls back
 * leaves no trace. Lists run on store/list.h. Functions whose input is a
 * `const void *in` have the shape of http/resource.h's callbacks; the
 * struct each expects is named beside it.
 *
 * Files: registry_gov_common.c (regions and scope, months, shared writers),
 * registry_committee.c, registry_incubation.c, registry_brand.c, registry_leader.c,
 * registry_target.c; handlers in registry_gov_http.c.
 */
#ifndef WUSHE_MODULES_REGISTRY_REG_GOV_H
#define WUSHE_MODULES_REGISTRY_REG_GOV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/jw.h"

struct list_result;

/* ---------- shared ---------- */

/* A region as the governance records need it; strings live in the arena. */
struct registry_gov_region {
	int64_t id, parent_id, households;
	const char *level, *kind; /* kind: urban | rural | "" */
	const char *path;
	const char *hi;           /* the end of the subtree range: path with its last '/' as '0' */
	const char *name;
};

/* Load a region; ERR_NOT_FOUND with field `field`. */
int registry_gov_region_load(struct ctx *c, int64_t id, const char *field, struct registry_gov_region *out);
/* Load and check that a grant of a role in mask covers it (system: always). */
int registry_scope(struct ctx *c, unsigned mask, int64_t id, const char *field, struct registry_gov_region *out);
/* The root of a report: the region asked for (scope-checked) or the caller's
 * broadest grant when id is 0. */
int registry_scope_root(struct ctx *c, unsigned mask, int64_t id, struct registry_gov_region *out);

/* A month "YYYY-MM" in Asia/Shanghai (NULL or "" = the month of now):
 * [from_us, to_us) and its first day and the next month's first day as
 * "YYYY-MM-DD" (for comparing civil dates). */
struct registry_month {
	char ym[32];
	char first[32], next_first[32];
	int64_t from_us, to_us;
};
int registry_month_parse(const char *s, int64_t now, struct registry_month *m, struct err *e);
/* A civil date "YYYY-MM-DD" check; field names the input. */
int registry_date_check(const char *s, const char *field, struct err *e);
/* Today in Shanghai as "YYYY-MM-DD". */
void registry_today(int64_t now, char out[11]);

/* A governance list: the filters a list endpoint reads (only those given
 * become SQL), paging and the list helper's result (total, estimate, next
 * cursor; the caller frees it with list_result_free). */
struct registry_list_q {
	int64_t region_id;        /* 0 = caller's root */
	const char *status, *kind, *stage, *sort, *cursor;
	const struct registry_month *month; /* meetings: held in this month, or NULL */
	int64_t page, per_page;
};

/* ---------- part-time committee members ---------- */

extern const char *const registry_member_kinds[];   /* entrepreneur, social_worker, … */
extern const char *const registry_member_statuses[]; /* active, left */

struct registry_member_in {
	int64_t community_id, person_id;
	const char *kind;
	const char *term_start, *term_end;   /* YYYY-MM-DD; start defaults to today */
	const char *note;
};
/* in: struct registry_member_in */
int registry_member_appoint(struct ctx *c, const void *in, int64_t *id_out);
/* End a term (status left); term_end NULL = today. */
struct registry_member_end_in {
	int64_t version;
	const char *term_end;
};
/* in: struct registry_member_end_in */
int registry_member_end(struct ctx *c, int64_t id, const void *in);
int registry_member_write(struct ctx *c, struct jw *w, int64_t id);
/* Writes the items; res gets the total and the next cursor. */
int registry_member_list(struct ctx *c, struct jw *w, const struct registry_list_q *q,
		    struct list_result *res);

/* Active people of the community who are not active members yet (to appoint). */
int registry_member_eligible(struct ctx *c, struct jw *w, int64_t community_id);

/* A meeting and its attendance sheet: members not named are absent. */
struct registry_attend {
	int64_t member_id;
	bool present;
};
struct registry_attendance {
	const struct registry_attend *v;
	size_t n;
};
struct registry_meeting_in {
	int64_t community_id;
	int64_t held_at;
	const char *title, *note;
	struct registry_attendance attendance;
};
/* in: struct registry_meeting_in */
int registry_meeting_create(struct ctx *c, const void *in, int64_t *id_out);
/* in: struct registry_meeting_in, of which only the attendance is read */
int registry_meeting_set_attendance(struct ctx *c, int64_t id, const void *in);
int registry_meeting_write(struct ctx *c, struct jw *w, int64_t id);
int registry_meeting_list(struct ctx *c, struct jw *w, const struct registry_list_q *q,
		     struct list_result *res);
/* Monthly attendance per member (attended meetings, shortfall flag) in the
 * region, then the roll-up per community, town and in total. */
int registry_attendance_report(struct ctx *c, struct jw *w, int64_t region_id, const struct registry_month *m);

/* ---------- incubation ---------- */

/* incubating, filed, registered: one list (registry_common.c, also in registry.h)
 * for the organisation's incubation_stage field and its incubation records. */
extern const char *const registry_incubation_stages[];
/* Stage order: (none) < incubating < filed < registered; -1 unknown. */
int registry_stage_rank(const char *stage);
/* Decide a move: 0 allowed; ERR_RULE (same stage, revert without reason,
 * wrong type) or ERR_FORBIDDEN (revert by anyone but a district admin). */
int registry_incubation_check(const char *org_type, const char *from, const char *to,
			 bool district_admin, const char *reason, struct err *e);
struct registry_incubation_in {
	const char *stage, *note, *reason;
};
/* in: struct registry_incubation_in */
int registry_incubation_move(struct ctx *c, int64_t org_id, const void *in);
int registry_incubation_board(struct ctx *c, struct jw *w, int64_t region_id);
int registry_incubation_list(struct ctx *c, struct jw *w, const struct registry_list_q *q,
			struct list_result *res);
int registry_org_incubation_write(struct ctx *c, struct jw *w, int64_t org_id);

/* ---------- brands ---------- */

extern const char *const registry_brand_statuses[]; /* current, retired, all */

struct registry_brand_in {
	int64_t community_id;
	const char *name, *description, *goals;
	const char *chosen_on;         /* YYYY-MM-DD, not in the future; NULL = today */
	bool has_description, has_goals;
	int64_t version;
};
/* in: struct registry_brand_in */
int registry_brand_choose(struct ctx *c, const void *in, int64_t *id_out);
int registry_brand_update(struct ctx *c, int64_t id, const void *in);
struct registry_progress_in {
	int64_t year;
	const char *done;
	int64_t percent;
	bool has_percent;
	const char *milestones_json;   /* a JSON array of strings, or NULL */
};
int registry_brand_progress_put(struct ctx *c, int64_t brand_id, const struct registry_progress_in *in);
int registry_brand_write(struct ctx *c, struct jw *w, int64_t id);
/* The community's current brand and its history (retired brands). */
int registry_brand_community(struct ctx *c, struct jw *w, int64_t community_id);
int registry_brand_list(struct ctx *c, struct jw *w, const struct registry_list_q *q,
		   struct list_result *res);

/* ---------- building leaders ---------- */

enum { REGISTRY_CRIT_N = 5 };
extern const char *const registry_criteria[REGISTRY_CRIT_N + 1]; /* attitude credibility appeal expression participation */
extern const char *const registry_round_statuses[];          /* draft, published */

/* Weights: each 0–100, sum exactly 100 (ERR_RULE, field "weights"). */
int registry_weights_check(const int64_t w[REGISTRY_CRIT_N], struct err *e);
/* Weighted score in hundredths of a point (0–10000); -1 when a score is missing (<0). */
int64_t registry_leader_score(const int64_t s[REGISTRY_CRIT_N], const int64_t w[REGISTRY_CRIT_N]);
/* Leaders a compound needs: one per 200 households, rounded up. */
int64_t registry_leaders_needed(int64_t households);

struct registry_ranked {
	int64_t id;
	int64_t score;       /* hundredths; -1 unscored */
	const char *name;    /* tie order: name, then id */
	int rank;            /* out: 1 + number strictly better; 0 unscored */
};
/* Sort best first and assign competition ranks (1, 2, 2, 4). */
void registry_leader_rank(struct registry_ranked *c, size_t n);

struct registry_round_in {
	int64_t compound_id;
	const char *title;
	int64_t weights[REGISTRY_CRIT_N];
	bool has_weights;
	int64_t version;
};
/* in: struct registry_round_in */
int registry_round_create(struct ctx *c, const void *in, int64_t *id_out);
int registry_round_update(struct ctx *c, int64_t id, const void *in);
int registry_round_add_candidate(struct ctx *c, int64_t round_id, int64_t person_id, const char *note,
			    int64_t *id_out);
int registry_round_remove_candidate(struct ctx *c, int64_t round_id, int64_t cand_id);
/* scores: -1 leaves a criterion unscored. */
int registry_round_score(struct ctx *c, int64_t round_id, int64_t cand_id,
		    const int64_t scores[REGISTRY_CRIT_N]);
int registry_round_choose(struct ctx *c, int64_t round_id, int64_t cand_id, bool chosen);
/* in: struct registry_version_in (read by http.h's req_version_fields) */
struct registry_version_in {
	int64_t version;
};
int registry_round_publish(struct ctx *c, int64_t round_id, const void *in);
int registry_round_write(struct ctx *c, struct jw *w, int64_t id);
int registry_round_list(struct ctx *c, struct jw *w, const struct registry_list_q *q,
		   struct list_result *res);
/* People of the round's compound who are not candidates yet. */
int registry_round_eligible(struct ctx *c, struct jw *w, int64_t round_id);
/* Per compound with a round: households, needed, published leaders, shortfall;
 * rolled up per community and town. */
int registry_leader_shortfalls(struct ctx *c, struct jw *w, int64_t region_id);
/* Published lists of a community, for residents and the public (no login). */
int registry_leaders_public(struct ctx *c, struct jw *w, int64_t community_id);

/* ---------- targets ---------- */

/* A community's organisation target: its registry_org_targets row, else 10 urban / 3 rural. */
int64_t registry_default_target(const char *kind);
struct registry_target_in {
	int64_t target;
};
/* in: struct registry_target_in */
int registry_target_set(struct ctx *c, int64_t community_id, const void *in);
/* {community_id, target} of a community's explicit target. */
int registry_target_write(struct ctx *c, struct jw *w, int64_t community_id);
/* Per community: organisations against target, committee attendance
 * shortfalls in the month, building-leader shortfalls; per town; total. */
int registry_targets_report(struct ctx *c, struct jw *w, int64_t region_id, const struct registry_month *m);

/* ---------- demo ---------- */
int demo_reg_gov(struct db *db, int64_t now, struct err *e);

#endif
