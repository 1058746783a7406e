/*
 * review_rank.c — normalising the experts' scores and aggregating them
 * per application (review.h, docs/programme-review.md "Normalisation").
 *
 * A harsh and a lenient expert must weigh the same: each expert's totals
 * in a stage become z-scores (x − the expert's mean) / the expert's
 * standard deviation, mapped back onto the stage's overall mean and
 * standard deviation, clamped to 0–100. An expert with fewer than
 * RV_MIN_FOR_Z scores in the stage (too few to measure their leniency),
 * or who gave every application the same total, keeps their totals as
 * they are. An application's
 * score is the mean of its normalised scores in the defence review when
 * it has any, else in the material review; the ranking shows their
 * minimum, maximum, standard deviation and number.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "modules/review/review.h"
#include "modules/review/review_internal.h"
#include "store/store.h"

static int by_stage_expert(const void *a, const void *b)
{
	const struct rv_raw *x = a, *y = b;
	if (x->stage != y->stage)
		return x->stage - y->stage;
	if (x->expert != y->expert)
		return x->expert < y->expert ? -1 : 1;
	return x->app < y->app ? -1 : x->app > y->app;
}

static int by_app_stage(const void *a, const void *b)
{
	const struct rv_raw *x = a, *y = b;
	if (x->app != y->app)
		return x->app < y->app ? -1 : 1;
	if (x->stage != y->stage)
		return x->stage - y->stage;
	return x->expert < y->expert ? -1 : x->expert > y->expert;
}

static void mean_sd(const struct rv_raw *s, int n, double *mean, double *sd)
{
	double m = 0, v = 0;
	for (int i = 0; i < n; i++)
		m += s[i].total;
	m = n ? m / n : 0;
	for (int i = 0; i < n; i++)
		v += (s[i].total - m) * (s[i].total - m);
	*mean = m;
	*sd = n > 1 ? sqrt(v / n) : 0;
}

void rv_normalise(struct rv_raw *s, int n)
{
	qsort(s, (size_t)n, sizeof *s, by_stage_expert);
	for (int a = 0; a < n;) {
		int b = a;
		while (b < n && s[b].stage == s[a].stage)
			b++;
		double gm, gsd;
		mean_sd(s + a, b - a, &gm, &gsd);
		for (int i = a; i < b;) {
			int j = i;
			while (j < b && s[j].expert == s[i].expert)
				j++;
			double em, esd;
			mean_sd(s + i, j - i, &em, &esd);
			bool z = j - i >= RV_MIN_FOR_Z && esd > 1e-9;
			for (int k = i; k < j; k++) {
				double v = z ? gm + (s[k].total - em) / esd * gsd : s[k].total;
				s[k].norm = v < 0 ? 0 : v > 100 ? 100 : v;
			}
			i = j;
		}
		a = b;
	}
}

int rv_aggregate(struct rv_raw *s, int n, struct rv_agg *out)
{
	qsort(s, (size_t)n, sizeof *s, by_app_stage);
	int m = 0;
	for (int i = 0; i < n;) {
		int j = i;
		while (j < n && s[j].app == s[i].app)
			j++;
		/* sorted by stage within the application: defence (1) last */
		int from = i;
		if (s[j - 1].stage == 1)
			while (s[from].stage != 1)
				from++;
		struct rv_agg *g = &out[m++];
		*g = (struct rv_agg){.app = s[i].app, .stage = s[j - 1].stage, .min = 100, .max = 0};
		double sum = 0;
		for (int k = from; k < j; k++) {
			sum += s[k].norm;
			g->min = s[k].norm < g->min ? s[k].norm : g->min;
			g->max = s[k].norm > g->max ? s[k].norm : g->max;
			g->no += s[k].no;
			g->n++;
		}
		g->mean = sum / g->n;
		double v = 0;
		for (int k = from; k < j; k++)
			v += (s[k].norm - g->mean) * (s[k].norm - g->mean);
		g->sd = sqrt(v / g->n);
		i = j;
	}
	return m;
}

/* The programme's live scores, normalised and aggregated (arena). */
int rv_rank_compute(struct ctx *c, int64_t programme_id, struct rv_agg **aggs, int *nagg)
{
	int64_t total = 0;
	int rc;
	if ((rc = db_int(c->db, c->e, &total,
			 "SELECT count(*) FROM review_scores s JOIN prog_applications a ON a.id=s.application_id"
			 " WHERE a.programme_id=? AND s.discarded=0",
			 "i", programme_id)) < 0)
		return rc;
	struct rv_raw *s = arena_alloc(c->a, sizeof *s * (size_t)(total + 1));
	struct rv_agg *g = arena_alloc(c->a, sizeof *g * (size_t)(total + 1));
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT s.application_id, s.expert_id, s.stage, s.total, s.recommendation"
			       " FROM review_scores s JOIN prog_applications a ON a.id=s.application_id"
			       " WHERE a.programme_id=? AND s.discarded=0",
			       "i", programme_id);
	if (!st)
		return c->e->code;
	int n = 0;
	while (n < total && (rc = stmt_step(st, c->e)) == 1) {
		s[n] = (struct rv_raw){col_int(st, 0), col_int(st, 1), strcmp(col_text(st, 2), "defence") ? 0 : 1,
				       col_double(st, 3), 0, !strcmp(col_text(st, 4), "no")};
		n++;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	rv_normalise(s, n);
	*nagg = rv_aggregate(s, n, g);
	*aggs = g;
	return 0;
}

int rv_rank_store(struct ctx *c, const struct rv_prog *p, int *n)
{
	int rc;
	struct rv_agg *g;
	int m = 0;
	if ((rc = prog_programme_admin(c, p->id)) || (rc = rv_rank_compute(c, p->id, &g, &m)))
		return rc;
	for (int i = 0; i < m; i++)
		if ((rc = prog_app_set_score(c, g[i].app, true, round(g[i].mean * 100) / 100)))
			return rc;
	*n = m;
	return 0;
}
