/*
 * review.h — the review of a funding programme's applications (issue 13
 * items 3 and 4, docs/programme-review.md): stage records, experts and
 * their conflicts, assignments, the rubric and scores, normalised ranking,
 * awards within each fund's budget, the committee's approval, publication
 * (公示) and objections. Applications are read and moved only through
 * programme.h; a conflicted expert never learns an application exists.
 *
 * The pure parts (rv_normalise, rv_aggregate, rv_award_rule) take arrays
 * and touch no store, so the unit tests call them directly.
 */
#ifndef WUSHE_MODULES_REVIEW_REVIEW_H
#define WUSHE_MODULES_REVIEW_REVIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "modules/programme/programme.h"

struct export;

extern const char *const rv_results[];         /* pass fail */
extern const char *const rv_recommendations[]; /* yes no unsure discuss */
extern const char *const rv_ties[];            /* employee board former_employee family consultant other */
extern const char *const rv_batch_statuses[];  /* draft approved published closed */
/* why an application is not proposed for funding */
extern const char *const rv_award_reasons[];   /* no_score below_min_score below_threshold not_recommended insufficient_funds committee_override */

/* A programme as the review needs it. */
struct rv_prog {
	int64_t id, region_id, year, lookback, objection_days, percent, max_grant;
	const char *code, *name, *status, *rule;
	double min_score, threshold;
};
/* 404 "code" when no such programme. */
int rv_prog_by_code(struct ctx *c, const char *code, struct rv_prog *out);
int rv_prog_by_id(struct ctx *c, int64_t id, struct rv_prog *out);
int rv_stage_index(const char *stage); /* -1 when unknown */

/* ---- stage windows and records (review.c) ---- */
int rv_window_set(struct ctx *c, const struct rv_prog *p, const char *stage, int64_t opens_at, int64_t closes_at);
/* Record the result of the application's current stage: pass moves it to
 * the next stage, fail rejects it. Material and defence need a score. */
int rv_stage_record(struct ctx *c, int64_t app_id, const char *stage, const char *result, const char *notes,
		    int64_t version);

/* ---- experts, conflicts, assignments (review_expert.c) ---- */
struct rv_expert_in {
	const char *username, *name, *field;
	int64_t org_id;
};
int rv_expert_add(struct ctx *c, const struct rv_prog *p, const struct rv_expert_in *in, int64_t *id);
/* The caller's expert row in programme_id: 404 when they are not one. */
int rv_expert_mine(struct ctx *c, int64_t expert_id, int64_t *programme_id);
struct rv_conflict_in {
	bool none;
	int64_t org_id, application_id, since_year;
	const char *tie, *reason;
};
/* Declare a conflict (or none). A new conflict recuses the expert from
 * every assignment it touches and discards their scores there. */
int rv_conflict_declare(struct ctx *c, int64_t expert_id, const struct rv_conflict_in *in, int *recused);
int rv_certify(struct ctx *c, int64_t expert_id);
int rv_assign(struct ctx *c, const struct rv_prog *p, int64_t app_id, int64_t expert_id, const char *stage,
	      int64_t *id);

/* ---- rubric and scores (review_score.c) ---- */
#define RV_MAX_CRITERIA 20
struct rv_criterion_in {
	const char *name, *description;
	int64_t weight;
};
int rv_rubric_set(struct ctx *c, const struct rv_prog *p, int64_t scale, const struct rv_criterion_in *cr, int n);
struct rv_item_in {
	int64_t criterion_id, value;
};
int rv_score(struct ctx *c, int64_t assignment_id, const struct rv_item_in *items, int n, const char *recommendation,
	     const char *reason, int64_t *score_id);
/* The weighted total on 0–100 of values on 0..scale. */
double rv_weighted_total(const int64_t *values, const int64_t *weights, int n, int64_t scale);

/* ---- normalisation, ranking (review_rank.c) ---- */
struct rv_raw {
	int64_t app, expert;
	int stage;      /* 0 material, 1 defence */
	double total;   /* the expert's weighted total, 0–100 */
	double norm;    /* set by rv_normalise */
	int no;         /* recommendation no */
};
/* z-score per expert and stage, mapped back onto the stage's overall mean
 * and spread and clamped to 0–100; an expert with fewer than
 * RV_MIN_FOR_Z scores in a stage, or who gave all the same, keeps their
 * totals. Reorders s. */
#define RV_MIN_FOR_Z 3
void rv_normalise(struct rv_raw *s, int n);
struct rv_agg {
	int64_t app;
	int n, no;
	double mean, min, max, sd;
	int stage; /* which stage's scores count: defence when it has any */
};
/* One row per application (the defence's scores when it has any, else the
 * material review's), in out (room for n); returns the number. Reorders s. */
int rv_aggregate(struct rv_raw *s, int n, struct rv_agg *out);
/* Normalise and aggregate the programme's scores and store each
 * application's score (prog_app_set_score). *n: applications scored. */
int rv_rank_store(struct ctx *c, const struct rv_prog *p, int *n);

/* ---- awards (review_award.c) ---- */
struct rv_rule {
	bool threshold_percent;
	double min_score, threshold;
	int64_t percent, max_grant;
};
struct rv_line {
	int64_t app, requested;
	bool has_score;
	double score;
	int no, n;         /* "no" recommendations among n scores */
	int64_t amount;    /* what the rule would give if funded (fen) */
	bool proposed;
	const char *reason; /* NULL or an rv_award_reasons id */
};
/* The rule over one fund's lines in rank order (best first) with
 * `remaining` fen left: never proposes more than remaining in all. */
void rv_award_rule(const struct rv_rule *rule, int64_t remaining, struct rv_line *l, int n);
/* Compute (or recompute, while draft) the batch: lines for every scored
 * application of each fund. */
int rv_award_compute(struct ctx *c, const struct rv_prog *p);
/* Mark or unmark one line; a mark against the rule's proposal is an
 * override and needs a reason (422 "reason"); a mark the fund's remaining
 * budget does not cover is refused (422 "application_id"). */
int rv_award_mark(struct ctx *c, const struct rv_prog *p, int64_t app_id, bool marked, const char *reason);
int rv_award_approve(struct ctx *c, const struct rv_prog *p, int64_t version);
int rv_award_publish(struct ctx *c, const struct rv_prog *p, int64_t version);
int rv_award_close(struct ctx *c, const struct rv_prog *p, int64_t version);
/* fen of a fund not yet given outside this batch, and marked inside it */
int rv_fund_remaining(struct ctx *c, int64_t programme_id, int64_t pfund_id, int64_t *remaining, int64_t *marked);

/* ---- objections (review_award.c) ---- */
int rv_objection_add(struct ctx *c, const struct rv_prog *p, int64_t app_id, const char *name, const char *contact,
		     const char *body, int64_t *id);
int rv_objection_answer(struct ctx *c, int64_t id, const char *answer);

#endif
