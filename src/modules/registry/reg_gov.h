/*
 * reg_gov.h — community governance records of the registry (DOMAIN.md
 * §4.1): part-time committee members (兼职委员) and their attendance at the
 * two-committee meetings, incubation of community social organisations,
 * the community brand (一社区一品牌), building-leader (楼长) selection, and
 * the targets that roll all of it up per community, town and district.
 *
 * Logic only: these functions take the caller as a struct principal (NULL =
 * the system, e.g. the demo loader), the request time, and write JSON
 * through a jw; they never see a request. Every read checks the region
 * scope of the caller (a miss is ERR_FORBIDDEN, an unknown record
 * ERR_NOT_FOUND), every write appends its audit entries in the caller's
 * transaction and validates everything before changing anything, so a
 * failure that the caller rolls back leaves no trace.
 *
 * Files: reg_common.c (scope, months, audit snapshots), reg_committee.c,
 * reg_incubation.c, reg_brand.c, reg_leader.c, reg_target.c; handlers in
 * reg_gov_http.c.
 */
#ifndef WUSHE_MODULES_REGISTRY_REG_GOV_H
#define WUSHE_MODULES_REGISTRY_REG_GOV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/jw.h"

struct db;
struct principal;

/* ---------- shared ---------- */

struct rgov_region {
	int64_t id, parent_id, households;
	char level[16];
	char kind[8];     /* urban | rural | "" */
	char path[256];
	char hi[256];     /* the end of the subtree range: path with its last '/' as '0' */
	char name[128];
};

/* Load a region; ERR_NOT_FOUND with field `field`. */
int rgov_region_load(struct db *db, int64_t id, const char *field, struct rgov_region *out,
		    struct err *e);
/* Load and check that a grant of a role in mask covers it (p NULL = system). */
int reg_scope(struct db *db, const struct principal *p, unsigned mask, int64_t id,
	      const char *field, struct rgov_region *out, struct err *e);
/* The root of a list: the region asked for (scope-checked) or the caller's
 * broadest grant when id is 0. */
int reg_scope_root(struct db *db, const struct principal *p, unsigned mask, int64_t id,
		   struct rgov_region *out, struct err *e);

/* A month "YYYY-MM" in Asia/Shanghai (NULL or "" = the month of now):
 * [from_us, to_us) and its first day and the next month's first day as
 * "YYYY-MM-DD" (for comparing civil dates). */
struct reg_month {
	char ym[32];
	char first[32], next_first[32];
	int64_t from_us, to_us;
};
int reg_month_parse(const char *s, int64_t now, struct reg_month *m, struct err *e);
/* A civil date "YYYY-MM-DD" check; field names the input. */
int reg_date_check(const char *s, const char *field, struct err *e);
/* Today in Shanghai as "YYYY-MM-DD". */
void reg_today(int64_t now, char out[11]);

/* ---------- part-time committee members ---------- */

extern const char *const reg_member_kinds[];   /* entrepreneur, social_worker, … */

struct reg_member_in {
	int64_t community_id, person_id;
	const char *kind;
	const char *term_start, *term_end;   /* YYYY-MM-DD; start defaults to today */
	const char *note;
};
int reg_member_appoint(struct db *db, const struct principal *p, const struct reg_member_in *in,
		       int64_t now, int64_t *id_out, struct err *e);
/* End a term (status left); term_end NULL = today. */
int reg_member_end(struct db *db, const struct principal *p, int64_t id, const char *term_end,
		   int64_t version, int64_t now, struct err *e);
int reg_member_write(struct db *db, const struct principal *p, struct jw *w, int64_t id,
		     struct err *e);
struct reg_list_q {
	int64_t region_id;        /* 0 = caller's root */
	const char *status, *kind, *stage, *sort;
	int64_t per_page, offset;
};
int reg_member_list(struct db *db, const struct principal *p, struct jw *w,
		    const struct reg_list_q *q, int64_t *total, struct err *e);

/* Active people of the community who are not active members yet (to appoint). */
int reg_member_eligible(struct db *db, const struct principal *p, struct jw *w,
			int64_t community_id, struct err *e);

/* A meeting and its attendance sheet: members not named are absent. */
struct reg_attend {
	int64_t member_id;
	bool present;
};
struct reg_meeting_in {
	int64_t community_id;
	int64_t held_at;
	const char *title, *note;
	const struct reg_attend *att;
	size_t natt;
};
int reg_meeting_create(struct db *db, const struct principal *p, const struct reg_meeting_in *in,
		       int64_t now, int64_t *id_out, struct err *e);
int reg_meeting_set_attendance(struct db *db, const struct principal *p, int64_t id,
			       const struct reg_attend *att, size_t natt, int64_t now,
			       struct err *e);
int reg_meeting_write(struct db *db, const struct principal *p, struct jw *w, int64_t id,
		      struct err *e);
int reg_meeting_list(struct db *db, const struct principal *p, struct jw *w,
		     const struct reg_list_q *q, const struct reg_month *m, int64_t *total,
		     struct err *e);
/* Monthly attendance per member (attended meetings, shortfall flag) in the
 * region, then the roll-up per community, town and in total. */
int reg_attendance_report(struct db *db, const struct principal *p, struct jw *w,
			  int64_t region_id, const struct reg_month *m, struct err *e);

/* ---------- incubation ---------- */

/* Stage order: (none) < incubating < filed < registered; -1 unknown. */
int reg_stage_rank(const char *stage);
/* Decide a move: 0 allowed; ERR_RULE (same stage, revert without reason,
 * wrong type) or ERR_FORBIDDEN (revert by anyone but a district admin). */
int reg_incubation_check(const char *org_type, const char *from, const char *to,
			 bool district_admin, const char *reason, struct err *e);
int reg_incubation_move(struct db *db, const struct principal *p, int64_t org_id,
			const char *stage, const char *note, const char *reason, int64_t now,
			struct err *e);
int reg_incubation_board(struct db *db, const struct principal *p, struct jw *w,
			 int64_t region_id, struct err *e);
int reg_incubation_list(struct db *db, const struct principal *p, struct jw *w,
			const struct reg_list_q *q, int64_t *total, struct err *e);
int reg_org_incubation_write(struct db *db, const struct principal *p, struct jw *w,
			     int64_t org_id, struct err *e);

/* ---------- brands ---------- */

struct reg_brand_in {
	int64_t community_id;
	const char *name, *description, *goals;
	const char *chosen_on;         /* YYYY-MM-DD, not in the future; NULL = today */
	bool has_description, has_goals;
	int64_t version;
};
int reg_brand_choose(struct db *db, const struct principal *p, const struct reg_brand_in *in,
		     int64_t now, int64_t *id_out, struct err *e);
int reg_brand_update(struct db *db, const struct principal *p, int64_t id,
		     const struct reg_brand_in *in, int64_t now, struct err *e);
struct reg_progress_in {
	int64_t year;
	const char *done;
	int64_t percent;
	bool has_percent;
	const char *milestones_json;   /* a JSON array of strings, or NULL */
};
int reg_brand_progress_put(struct db *db, const struct principal *p, int64_t brand_id,
			   const struct reg_progress_in *in, int64_t now, struct err *e);
int reg_brand_write(struct db *db, const struct principal *p, struct jw *w, int64_t id,
		    struct err *e);
/* The community's current brand and its history (retired brands). */
int reg_brand_community(struct db *db, const struct principal *p, struct jw *w,
			int64_t community_id, struct err *e);
int reg_brand_list(struct db *db, const struct principal *p, struct jw *w,
		   const struct reg_list_q *q, int64_t *total, struct err *e);

/* ---------- building leaders ---------- */

enum { REG_CRIT_N = 5 };
extern const char *const reg_criteria[REG_CRIT_N + 1]; /* attitude credibility appeal expression participation */

/* Weights: each 0–100, sum exactly 100 (ERR_RULE, field "weights"). */
int reg_weights_check(const int64_t w[REG_CRIT_N], struct err *e);
/* Weighted score in hundredths of a point (0–10000); -1 when a score is missing (<0). */
int64_t reg_leader_score(const int64_t s[REG_CRIT_N], const int64_t w[REG_CRIT_N]);
/* Leaders a compound needs: one per 200 households, rounded up. */
int64_t reg_leaders_needed(int64_t households);

struct reg_ranked {
	int64_t id;
	int64_t score;       /* hundredths; -1 unscored */
	const char *name;    /* tie order: name, then id */
	int rank;            /* out: 1 + number strictly better; 0 unscored */
};
/* Sort best first and assign competition ranks (1, 2, 2, 4). */
void reg_leader_rank(struct reg_ranked *c, size_t n);

struct reg_round_in {
	int64_t compound_id;
	const char *title;
	int64_t weights[REG_CRIT_N];
	bool has_weights;
	int64_t version;
};
int reg_round_create(struct db *db, const struct principal *p, const struct reg_round_in *in,
		     int64_t now, int64_t *id_out, struct err *e);
int reg_round_update(struct db *db, const struct principal *p, int64_t id,
		     const struct reg_round_in *in, int64_t now, struct err *e);
int reg_round_add_candidate(struct db *db, const struct principal *p, int64_t round_id,
			    int64_t person_id, const char *note, int64_t now, int64_t *id_out,
			    struct err *e);
int reg_round_remove_candidate(struct db *db, const struct principal *p, int64_t round_id,
			       int64_t cand_id, int64_t now, struct err *e);
/* scores: -1 leaves a criterion unscored. */
int reg_round_score(struct db *db, const struct principal *p, int64_t round_id, int64_t cand_id,
		    const int64_t scores[REG_CRIT_N], int64_t now, struct err *e);
int reg_round_choose(struct db *db, const struct principal *p, int64_t round_id, int64_t cand_id,
		     bool chosen, int64_t now, struct err *e);
int reg_round_publish(struct db *db, const struct principal *p, int64_t round_id,
		      int64_t version, int64_t now, struct err *e);
int reg_round_write(struct db *db, const struct principal *p, struct jw *w, int64_t id,
		    struct err *e);
int reg_round_list(struct db *db, const struct principal *p, struct jw *w,
		   const struct reg_list_q *q, int64_t *total, struct err *e);
/* People of the round's compound who are not candidates yet. */
int reg_round_eligible(struct db *db, const struct principal *p, struct jw *w, int64_t round_id,
		       struct err *e);
/* Per compound with a round: households, needed, published leaders, shortfall;
 * rolled up per community and town. */
int reg_leader_shortfalls(struct db *db, const struct principal *p, struct jw *w,
			  int64_t region_id, struct err *e);
/* Published lists of a community, for residents and the public (no login). */
int reg_leaders_public(struct db *db, struct jw *w, int64_t community_id, struct err *e);

/* ---------- targets ---------- */

/* A community's organisation target: its reg_org_targets row, else 10 urban / 3 rural. */
int64_t reg_default_target(const char *kind);
int reg_target_set(struct db *db, const struct principal *p, int64_t community_id,
		   int64_t target, int64_t now, struct err *e);
/* Per community: organisations against target, committee attendance
 * shortfalls in the month, building-leader shortfalls; per town; total. */
int reg_targets_report(struct db *db, const struct principal *p, struct jw *w,
		       int64_t region_id, const struct reg_month *m, struct err *e);

/* ---------- demo ---------- */
int demo_reg_gov(struct db *db, int64_t now, struct err *e);

#endif
