/*
 * vitality.h — the grassroots governance vitality index (基层治理活力指数,
 * DOMAIN.md §4.2; the formula and every definition are in
 * docs/vitality-index.md).
 *
 * The index is a weighted mean of components, each a provider
 * (vi_components.c): a key, names, the module its figures come from, a unit,
 * and a compute function that fills, per community, the two numbers behind
 * the raw value (num, den; raw = mult · num / den) as of the end of a month,
 * or reports that its source module is not built. A community without a
 * row has "no data" for that component: shown as such, never as 0, and left
 * out of the weighted total, whose remaining weights are re-normalised.
 * Towns and the district recompute raw values from the sums of their
 * communities' num and den (so rates are population-weighted).
 *
 * Monthly snapshots (vitality_snapshots, vitality_totals) make trends a
 * read; vitality_recompute() rebuilds one month for every community, town
 * and district in the caller's write transaction with set-based SQL.
 *
 * Reading rules (scope): the district's own figures are published — anyone,
 * even anonymous, may read them; a town or community needs a grant (any
 * role) covering it, so a town admin sees its town and its communities and
 * 大良 cannot read 容桂 (403).
 */
#ifndef WUSHE_MODULES_VITALITY_VITALITY_H
#define WUSHE_MODULES_VITALITY_VITALITY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "core/jw.h"
#include "core/sb.h"

struct db;
struct principal;

/* A month "YYYY-MM" in Asia/Shanghai and its bounds in µs UTC. The window
 * of flow components (demands, hours, donations, projects, topics) is the
 * twelve months ending with this one: [window_start, end). */
struct vi_month {
	char text[12];
	int year, mon;
	int64_t start, end, window_start;
};
/* Parse "YYYY-MM" (2000-01 … 2099-12); -1 when malformed. */
int vi_month_parse(const char *s, struct vi_month *m);
/* The month containing the instant us. */
void vi_month_of(int64_t us, struct vi_month *m);
/* m shifted by delta months. */
void vi_month_add(const struct vi_month *m, int delta, struct vi_month *out);

enum vi_direction { VI_UP = 0, VI_DOWN = 1 };

/* Returned by a provider's compute when its source module is not built. */
#define VI_ABSENT 1

struct vi_ctx {
	struct db *db;
	struct vi_month m;
	bool people_ready, xchg_ready; /* shared aggregates built (lazily) */
	bool xchg_present;
};

/* The figures of one component for one region, for the text that explains
 * a score ("组织 6 个，目标 10 个"). */
struct vi_fig {
	double num, den, raw, score, target, floor;
	bool has_data;
};

struct vi_provider {
	const char *key;
	const char *name, *name_en;
	const char *module;            /* source module: registry, registry_gov, exchange, … */
	const char *unit, *unit_en;
	double mult;                   /* raw = mult · num / den */
	enum vi_direction dir;         /* up: more is better; down: fewer days is better */
	const char *rule, *rule_en;    /* one line: how raw is defined and "no data" */
	/* Insert rows (community_id, component, num, den) into temp.vi_raw for
	 * every community that has data; 0, VI_ABSENT or a negative error. */
	int (*compute)(struct vi_ctx *c, const struct vi_provider *self, struct err *e);
	/* The numbers behind a score, in both languages. */
	void (*describe)(const struct vi_fig *f, struct sb *zh, struct sb *en);
};
extern const struct vi_provider vi_providers[];
extern const int vi_provider_count;
const struct vi_provider *vi_provider_find(const char *key);

/* Does the table exist with all these columns (NULL-terminated)? */
bool vi_table_has(struct db *db, const char *table, const char *const *cols);

/* Normalisation of one raw value to 0–100 (the same rule as the SQL in
 * vitality.c; unit tests hold the two together). */
double vi_normalise(enum vi_direction dir, double raw, double target, double floor);

/* ---------- recompute ---------- */
struct vi_run {
	char month[12];
	int64_t regions;      /* regions scored: communities + towns + districts */
	int64_t communities;
	int64_t elapsed_us;
	int absent;           /* components whose module is not built */
};
/* Rebuild one month (NULL = the month of now) in the caller's write
 * transaction; audited as action "recompute" by actor (NULL = system). */
int vitality_recompute(struct db *db, const struct principal *actor, const char *month,
		       int64_t now, const char *trigger, struct vi_run *out, struct err *e);
/* Does the month need computing (never computed; or the current month and
 * its snapshot older than stale_minutes)? */
int vitality_is_stale(struct db *db, const char *month, int64_t now, bool *stale, struct err *e);

/* ---------- reads (scope-checked) ---------- */
/* region_id 0: the caller's broadest grant, or the district for anonymous. */
int vitality_default_region(struct db *db, const struct principal *p, int64_t *id, struct err *e);
/* May p read this region's index (and is it a scored level)? Handlers ask
 * before a read may trigger a recompute. */
int vitality_check_region(struct db *db, const struct principal *p, int64_t region_id, struct err *e);
int vitality_write_region(struct db *db, const struct principal *p, struct jw *w,
			  int64_t region_id, const char *month, struct err *e);
struct vi_rank_q {
	const char *level;     /* community | town */
	int64_t parent_id;     /* 0 = every region of the level in scope */
	const char *month;
	const char *sort;      /* score | -score | name | -name */
	int64_t limit, offset;
};
/* Level, sort, parent and the caller's scope over it: checked before any
 * recompute so a refused read writes nothing (issue 15, hole 11). */
int vitality_check_ranking(struct db *db, const struct principal *p, const struct vi_rank_q *q,
			   struct err *e);
int vitality_write_ranking(struct db *db, const struct principal *p, struct jw *w,
			   const struct vi_rank_q *q, int64_t *total, struct err *e);
int vitality_write_trend(struct db *db, const struct principal *p, struct jw *w,
			 int64_t region_id, int months, const char *until, struct err *e);
#define VI_COMPARE_MAX 6
int vitality_write_compare(struct db *db, const struct principal *p, struct jw *w,
			   const int64_t *ids, int n, const char *month, struct err *e);

/* ---------- configuration ---------- */
int vitality_write_config(struct db *db, struct jw *w, struct err *e);
struct vi_config_item {
	const char *key;
	int64_t weight;
	double target, floor;
	bool has_weight, has_target, has_floor;
};
struct vi_config_in {
	int64_t version;
	int64_t stale_minutes;
	bool has_stale;
	struct vi_config_item items[32];
	int nitems;
};
/* District admin only; validates (weights ≥ 0 summing to 100, targets > 0,
 * floor > target for 'down' components), saves, rescores every stored
 * month with the new weights and targets, audits. */
int vitality_config_update(struct db *db, const struct principal *actor,
			   const struct vi_config_in *in, int64_t now, struct err *e);

#endif
