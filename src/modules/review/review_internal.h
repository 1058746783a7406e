/* review_internal.h — what the review area's files share (review.h is the
 * logic's API). */
#ifndef WUSHE_MODULES_REVIEW_INTERNAL_H
#define WUSHE_MODULES_REVIEW_INTERNAL_H

#include <stdint.h>

#include "core/ctx.h"

/* One audit entry (no before snapshot) in the caller's transaction. */
int rv_audit(struct ctx *c, const char *action, const char *entity, int64_t id, int64_t region_id, const char *after);

struct rv_agg;
/* The programme's live scores, normalised and aggregated per application
 * (sorted by application id; arena). */
int rv_rank_compute(struct ctx *c, int64_t programme_id, struct rv_agg **aggs, int *nagg);

#endif
