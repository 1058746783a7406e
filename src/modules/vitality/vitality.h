/*
 * vitality.h — the grassroots governance vitality index (基层治理活力指数,
 * DOMAIN.md §4.2; the formula and every definition are in
 * docs/vitality-index.md).
 *
 * The index is a weighted mean of components, each a provider declared
 * by the area its figures come from (registry_vitality.c, exchange_vitality.c; the
 * areas not built yet in vitality_components.c): a key, names, the module, a unit,
 * and the SQL that fills, per community, the two numbers behind
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
#include <stddef.h> /* core/ctx.h uses NULL */
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/jw.h"
#include "core/sb.h"

struct db;

/* A month "YYYY-MM" in Asia/Shanghai and its bounds in µs UTC. The window
 * of flow components (demands, hours, donations, projects, topics) is the
 * twelve months ending with this one: [window_start, end). */
struct vitality_period {
	char text[12];
	int year, mon;
	int64_t start, end, window_start;
};
/* Parse "YYYY-MM" (2000-01 … 2099-12); -1 when malformed. */
int vitality_month_parse(const char *s, struct vitality_period *m);
/* The month containing the instant us. */
void vitality_month_of(int64_t us, struct vitality_period *m);
/* m shifted by delta months. */
void vitality_month_add(const struct vitality_period *m, int delta, struct vitality_period *out);

enum vitality_direction { VITALITY_UP = 0, VITALITY_DOWN = 1 };

/* Returned by a provider (or a shared aggregate) when its source module is
 * not built: a table or column it reads is missing. */
#define VITALITY_ABSENT 1

/* ---------- the contract with the areas ----------
 *
 * Each area lists its components in its descriptor (core/module.h):
 *
 *     .vitality = (const struct vitality_provider *const[]){&registry_vi_volunteers, …, NULL},
 *
 * and the index walks every area's list (vitality_providers()), in the order of
 * each provider's `order`. A provider says which tables it reads (missing
 * → VITALITY_ABSENT, "the module is not built") and fills temp.vitality_raw with one
 * INSERT … SELECT (`sql` with `params`) or, when one statement cannot say
 * it, with its own `compute`. docs/vitality-index.md walks through adding
 * one. */

/* A table a provider reads, with the columns it needs (NULL-terminated). */
struct vitality_table {
	const char *name;
	const char *const *cols;
};

/* What a provider is handed during one recompute. Temp tables it may read:
 *   vitality_regions(region_id, level, parent_id, district_id, kind, pop, nonreg)
 *   vitality_map(region_id → community_id) for every region at or below a community
 * and the one it fills: vitality_raw(community_id, component, num, den). */
struct vitality_ctx {
	struct db *db;
	struct vitality_period m;
	char first[16], next[16]; /* "YYYY-MM-01" of the month and of the next one */
	struct {                  /* shared aggregates built this run (vitality_once) */
		int (*build)(struct vitality_ctx *v, struct err *e);
		int rc;
	} once[8];
	int nonce;
};

/* Run build (an area's shared aggregate, e.g. one pass over a big table
 * that several of its providers read) once per recompute and answer its
 * result (0, VITALITY_ABSENT or an error) every time. */
int vitality_once(struct vitality_ctx *v, int (*build)(struct vitality_ctx *v, struct err *e), struct err *e);

/* The figures of one component for one region, for the text that explains
 * a score ("组织 6 个，目标 10 个"). */
struct vitality_fig {
	double num, den, raw, score, target, floor;
	bool has_data;
};

/* The head of every provider's statement. */
#define VITALITY_RAW_INSERT "INSERT INTO vi_raw(community_id, component, num, den)"

/* A provider's statement over its area's aggregate table agg (built by
 * its .prepare, one row per community_id), with only k as a parameter:
 *   VITALITY_AGG_RATIO: num over den, columns of agg, where den > 0;
 *   VITALITY_AGG_PER_POP: num (over agg x) per den (over the community r
 *     of vi_regions), for the communities where pop (a column of r) > 0. */
#define VITALITY_AGG_RATIO(agg, num, den) \
	VITALITY_RAW_INSERT " SELECT x.community_id, ?, x." num ", x." den " FROM " agg " x WHERE x." den " > 0"
#define VITALITY_AGG_PER_POP(agg, num, den, pop)                                                          \
	VITALITY_RAW_INSERT " SELECT r.region_id, ?, " num ", " den " FROM vi_regions r JOIN " agg " x"       \
			    " ON x.community_id = r.region_id WHERE r.level='community' AND r." pop " > 0"
/* The fields of a provider that reads such an aggregate. */
#define VITALITY_FROM_AGG(reads_, prepare_, sql_) .reads = (reads_), .prepare = (prepare_), .sql = sql_, .params = "k"

/* The measures several components share: unit (both languages), the
 * multiplier and the direction. */
#define VITALITY_PERCENT .unit = "%", .unit_en = "%", .mult = 100, .dir = VITALITY_UP
#define VITALITY_DAYS .unit = "天", .unit_en = "days", .mult = 1, .dir = VITALITY_DOWN
#define VITALITY_PER_1000 .unit = "人/千人", .unit_en = "per 1,000", .mult = 1, .dir = VITALITY_UP

struct vitality_provider {
	const char *key;
	int order;                     /* place in every list of components (the seed's sort_order) */
	const char *name, *name_en;
	const char *module;            /* source module: registry, registry_gov, exchange, … */
	const char *unit, *unit_en;
	double mult;                   /* raw = mult · num / den */
	enum vitality_direction dir;         /* up: more is better; down: fewer days is better */
	const char *rule, *rule_en;    /* one line: how raw is defined and "no data" */
	const struct vitality_table *reads;  /* ends with {NULL}; a missing one: VITALITY_ABSENT */
	/* A shared aggregate to build first, through vitality_once (may be NULL). */
	int (*prepare)(struct vitality_ctx *v, struct err *e);
	/* VITALITY_RAW_INSERT " SELECT community, ?, num, den …" for every community
	 * that has data; its parameters named one letter each: k the key,
	 * E month end (µs, exclusive), S month start, W window start (twelve
	 * months ending with the month), F and N the month's and the next
	 * month's first day as "YYYY-MM-01". */
	const char *sql, *params;
	/* Instead of sql, for what one statement cannot say: 0, VITALITY_ABSENT or
	 * a negative error. */
	int (*compute)(struct vitality_ctx *v, const struct vitality_provider *self, struct err *e);
	/* The numbers behind a score, in both languages: text with the
	 * figures in braces — {num}, {den}, {kden} (den × 1,000), {raw},
	 * {target}, {floor}; alone a whole number with thousands separators
	 * ("12,346"), or with a printf conversion after a colon: {raw:.1f}. */
	const char *says, *says_en;
};

/* Every area's providers, by order then key (gathered once from
 * modules_all()); NULL-terminated, *n (may be NULL) counts them. */
#define VITALITY_MAX_PROVIDERS 64
const struct vitality_provider *const *vitality_providers(int *n);
const struct vitality_provider *vitality_provider_find(const char *key);
/* Run one provider for the month: its tables, its aggregate, its SQL. */
int vitality_provider_run(struct vitality_ctx *v, const struct vitality_provider *pv, struct err *e);

/* The provider's text (says, says_en) with f's figures, appended to zh and en. */
void vitality_say(const struct vitality_provider *pv, const struct vitality_fig *f, struct sb *zh, struct sb *en);

/* Normalisation of one raw value to 0–100 (the same rule as the SQL in
 * vitality.c; unit tests hold the two together). */
double vitality_normalise(enum vitality_direction dir, double raw, double target, double floor);

/* ---------- recompute ----------
 * Every entry point below takes the request's context (core/ctx.h): the
 * store, the caller (NULL: the system), the time and the arena. */
struct vitality_run {
	char month[12];
	int64_t regions;      /* regions scored: communities + towns + districts */
	int64_t communities;
	int64_t elapsed_us;
	int absent;           /* components whose module is not built */
};
/* Rebuild one month (NULL = the month of c->now) in the caller's write
 * transaction; audited as action "recompute" by c->who (NULL = system). */
int vitality_recompute(struct ctx *c, const char *month, const char *trigger, struct vitality_run *out);
/* Does the month need computing (never computed; or the current month and
 * its snapshot older than stale_minutes)? */
int vitality_is_stale(struct ctx *c, const char *month, bool *stale);

/* ---------- reads (scope-checked against c->who) ---------- */
/* The month asked for ("YYYY-MM"), or the month of c->now when it is NULL
 * or empty; 400 naming "month" when malformed. */
int vitality_month(struct ctx *c, const char *month, struct vitality_period *m);
/* region_id 0: the caller's broadest grant, or the district for anonymous. */
int vitality_default_region(struct ctx *c, int64_t *id);
/* May the caller read this region's index (and is it a scored level)?
 * Handlers ask before a read may trigger a recompute. */
int vitality_check_region(struct ctx *c, int64_t region_id);
int vitality_write_region(struct ctx *c, struct jw *w, int64_t region_id, const char *month);
/* The same with 短板 ("weak") taken from weak_month (NULL: month itself). */
int vitality_write_region_weak(struct ctx *c, struct jw *w, int64_t region_id, const char *month,
			       const char *weak_month);
/* The month whose 短板 a page shows for month (NULL: the current one): the
 * last complete month while month is the one in progress, unless weak is
 * "current"; month itself otherwise. NULL when month is malformed. */
const char *vitality_weak_month(struct ctx *c, const char *month, const char *weak);
/* The levels the ranking compares (GET /api/v1/vitality/ranking?level=). */
extern const char *const vitality_rank_levels[]; /* town community */

struct vitality_rank_q {
	const char *level;     /* community | town */
	int64_t parent_id;     /* 0 = every region of the level in scope */
	const char *month;
	const char *sort;      /* score | -score | name | -name */
	const char *weak_month; /* each row's weakest component of this month (NULL: month) */
	int64_t limit, offset;
};
/* Level, sort, parent and the caller's scope over it: checked before any
 * recompute so a refused read writes nothing (issue 15, hole 11). */
int vitality_check_ranking(struct ctx *c, const struct vitality_rank_q *q);
int vitality_write_ranking(struct ctx *c, struct jw *w, const struct vitality_rank_q *q, int64_t *total);
int vitality_write_trend(struct ctx *c, struct jw *w, int64_t region_id, int months, const char *until);
#define VITALITY_COMPARE_MAX 6
int vitality_write_compare(struct ctx *c, struct jw *w, const int64_t *ids, int n, const char *month);

/* ---------- configuration ---------- */
int vitality_write_config(struct ctx *c, struct jw *w);
struct vitality_config_item {
	const char *key;
	int64_t weight;
	double target, floor;
	bool has_weight, has_target, has_floor;
};
struct vitality_config_in {
	int64_t version;
	int64_t stale_minutes;
	bool has_stale;
	struct vitality_config_item items[32];
	int nitems;
};
/* District admin only (or the system); validates (weights ≥ 0 summing to
 * 100, targets > 0, floor > target for 'down' components), saves, rescores
 * every stored month with the new weights and targets, audits. */
int vitality_config_update(struct ctx *c, const struct vitality_config_in *in);

#endif
