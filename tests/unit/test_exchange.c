/*
 * test_exchange.c — the social-service exchange (modules/exchange/xchg.h).
 *
 * Pure parts first: each term of the cost model, the infeasibility rules,
 * working-day deadlines across a weekend, the status groups. Then against
 * a fresh store with a small district (顺德区 → 大良街道 → 北区社区,
 * 升平社区; 容桂街道 → 振华社区), the seeded taxonomy, and services of
 * one organisation: batch matching is optimal (checked against brute
 * force on random small batches, through the store), demands needing
 * several people get distinct services, capacities hold, a decline
 * re-opens the demand and the next batch proposes another service,
 * staff confirmation requires consent, out-of-order steps are refused
 * and write nothing, and the closed loop sets fulfilled_at, minutes and
 * the service's rating.
 *
 * Prints "N passed, N failed" last; cmocka's own report goes to stderr.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/wtime.h"
#include "modules/exchange/exchange.h"
#include "modules/region/region.h"
#include "store/store.h"
#include "testutil.h"

#define DAY (86400LL * SEC)

/* ---------- pure: cost model ---------- */

static const int64_t T_VISIT = 2, T_MEAL = 3, T_ELDERLY = 1, T_LEGAL = 99;

static struct exchange_dem dem(const int64_t *terms, int nterms)
{
	struct exchange_dem d = {.id = 1, .region_path = "/1/2/3/", .skills = "", .urgency = "normal",
			     .need = 1, .terms = terms, .nterms = nterms};
	return d;
}

static const char *const home_paths[] = {"/1/2/3/"};

static struct exchange_svc svc(const int64_t *terms, int nterms)
{
	struct exchange_svc s = {.id = 1, .region_id = 3, .radius_m = 3000, .capacity = 4, .skills = "",
			     .cost_kind = "free", .terms = terms, .nterms = nterms,
			     .served_paths = home_paths, .nserved = 1};
	return s;
}

static void test_cost_terms(void **state)
{
	(void)state;
	int64_t dt[] = {T_VISIT}, st[] = {T_ELDERLY, T_VISIT, T_MEAL};
	struct exchange_dem d = dem(dt, 1);
	struct exchange_svc s = svc(st, 3);
	struct exchange_cost c;

	/* Baseline: same community, no coordinates, unrated, normal urgency. */
	assert_int_equal(exchange_pair_cost(&d, &s, &c), XI_OK);
	assert_int_equal(c.distance, 10);
	assert_int_equal(c.distance_m, -1);
	assert_int_equal(c.skills, 0);
	assert_int_equal(c.schedule, 0);
	assert_int_equal(c.load, 0);
	assert_int_equal(c.rating, 15);
	assert_int_equal(c.urgency, 20);
	assert_int_equal(c.price, 0);
	assert_int_equal(c.total, 45);

	/* Distance: 1 per 100 m (about 1.11 km per 0.01° of latitude). */
	d.has_coords = s.has_coords = true;
	d.lat = 22.850;
	d.lon = s.lon = 113.25;
	s.lat = 22.840;
	assert_int_equal(exchange_pair_cost(&d, &s, &c), XI_OK);
	assert_in_range(c.distance_m, 1100, 1125);
	assert_int_equal(c.distance, c.distance_m / 100);

	/* Skills: 30 per missing skill, trimmed, exact words. */
	d.skills = "探访, 驾驶 ,手语";
	s.skills = "探访,驾驶";
	assert_int_equal(exchange_pair_cost(&d, &s, &c), XI_OK);
	assert_int_equal(c.missing_skills, 1);
	assert_int_equal(c.skills, 30);

	/* Schedule: 20 × share of the demand's slots missed. */
	d.schedule_mask = 0xF;  /* four slots */
	s.schedule_mask = 0x3;  /* two of them */
	assert_int_equal(exchange_pair_cost(&d, &s, &c), XI_OK);
	assert_int_equal(c.schedule, 10);

	/* Load: 40 × open / capacity. */
	s.load = 2;
	assert_int_equal(exchange_pair_cost(&d, &s, &c), XI_OK);
	assert_int_equal(c.load, 20);

	/* Rating: 10 × (5 − average). */
	s.rating_sum = 9;
	s.rating_count = 2; /* 4.5 */
	assert_int_equal(exchange_pair_cost(&d, &s, &c), XI_OK);
	assert_int_equal(c.rating, 5);

	/* Urgency and price. */
	d.urgency = "urgent";
	s.cost_kind = "paid";
	assert_int_equal(exchange_pair_cost(&d, &s, &c), XI_OK);
	assert_int_equal(c.urgency, 0);
	assert_int_equal(c.price, 15);
	assert_int_equal(c.total, c.distance + c.skills + c.schedule + c.load + c.rating + c.urgency + c.price);
}

static void test_feasibility(void **state)
{
	(void)state;
	int64_t dt[] = {T_VISIT}, st[] = {T_MEAL}, legal[] = {T_LEGAL};
	struct exchange_dem d = dem(dt, 1);
	struct exchange_svc s = svc(st, 1);
	struct exchange_cost c;

	assert_int_equal(exchange_pair_cost(&d, &s, &c), XI_NO_TERM);
	s.terms = legal;
	assert_int_equal(exchange_pair_cost(&d, &s, &c), XI_NO_TERM);
	s.terms = dt;

	/* Outside: another community, and beyond the radius. */
	static const char *const other[] = {"/1/2/4/"};
	s.served_paths = other;
	assert_int_equal(exchange_pair_cost(&d, &s, &c), XI_OUTSIDE_AREA);
	d.has_coords = s.has_coords = true;
	d.lat = 22.85;
	s.lat = 22.80; /* ~5.6 km */
	d.lon = s.lon = 113.25;
	assert_int_equal(exchange_pair_cost(&d, &s, &c), XI_OUTSIDE_AREA);
	s.radius_m = 6000; /* within the radius now */
	assert_int_equal(exchange_pair_cost(&d, &s, &c), XI_OK);
	/* A region served (the town) makes it feasible without coordinates. */
	static const char *const town[] = {"/1/2/4/", "/1/2/"};
	d.has_coords = false;
	s.served_paths = town;
	s.nserved = 2;
	assert_int_equal(exchange_pair_cost(&d, &s, &c), XI_OK);

	/* Schedules that do not overlap; 0 means any time. */
	d.schedule_mask = 1;
	s.schedule_mask = 2;
	assert_int_equal(exchange_pair_cost(&d, &s, &c), XI_NO_SCHEDULE);
	s.schedule_mask = 0;
	assert_int_equal(exchange_pair_cost(&d, &s, &c), XI_OK);

	/* No capacity left. */
	s.load = s.capacity;
	assert_int_equal(exchange_pair_cost(&d, &s, &c), XI_NO_CAPACITY);
	s.load = 0;
	s.capacity = 0;
	assert_int_equal(exchange_pair_cost(&d, &s, &c), XI_NO_CAPACITY);
}

/* 2026-11-27 is a Friday; 10:00 Shanghai = 02:00 UTC. */
static int64_t shanghai(int y, int m, int d, int h)
{
	return (wtime_days_from_civil(y, (unsigned)m, (unsigned)d) * 86400LL + (h - 8) * 3600LL) * SEC;
}

static void test_deadlines(void **state)
{
	(void)state;
	struct tstore *ts = tstore_new(); /* the calendar (2026 holidays) is in the store */
	struct db *db = ts->db;
	int64_t fri = shanghai(2026, 11, 27, 10);
	assert_int_equal(exchange_weekday(fri), 4);
	assert_int_equal(exchange_weekday(shanghai(2026, 11, 28, 23)), 5); /* Saturday 23:00 (Friday 15:00 UTC) */
	assert_int_equal(exchange_weekday(shanghai(2026, 11, 30, 0)), 0);  /* Monday 00:00 (Sunday 16:00 UTC) */
	/* Friday + 2 working days = Tuesday, same time. */
	assert_int_equal(exchange_add_working_days(db, fri, 2), shanghai(2026, 12, 1, 10));
	/* Saturday + 2 = Tuesday; Sunday + 1 = Monday. */
	assert_int_equal(exchange_add_working_days(db, shanghai(2026, 11, 28, 9), 2), shanghai(2026, 12, 1, 9));
	assert_int_equal(exchange_add_working_days(db, shanghai(2026, 11, 29, 9), 1), shanghai(2026, 11, 30, 9));
	/* Wednesday + 2 = Friday; Thursday + 3 = Tuesday. */
	assert_int_equal(exchange_add_working_days(db, shanghai(2026, 11, 25, 9), 2), shanghai(2026, 11, 27, 9));
	assert_int_equal(exchange_add_working_days(db, shanghai(2026, 11, 26, 9), 3), shanghai(2026, 12, 1, 9));
	/* Friday 23:30 in Shanghai is still Friday (15:30 UTC). */
	assert_int_equal(exchange_weekday(shanghai(2026, 11, 27, 23) + 30 * 60 * SEC), 4);
	/* 国庆: Wednesday 30 September + 1 = Thursday 8 October; Friday 9 October
	 * + 1 = Saturday 10 October, a day worked in exchange. */
	assert_int_equal(exchange_add_working_days(db, shanghai(2026, 9, 30, 9), 1), shanghai(2026, 10, 8, 9));
	assert_int_equal(exchange_add_working_days(db, shanghai(2026, 10, 9, 9), 1), shanghai(2026, 10, 10, 9));
	tstore_free(ts);
}

static void test_groups(void **state)
{
	(void)state;
	int64_t now = T0;
	assert_string_equal(exchange_match_group("proposed", now + DAY, now), "in_progress");
	assert_string_equal(exchange_match_group("accepted", now + DAY, now), "in_progress");
	assert_string_equal(exchange_match_group("proposed", now - 1, now), "needs_action");
	assert_string_equal(exchange_match_group("delivered", now - 1, now), "needs_action");
	assert_string_equal(exchange_match_group("delivered", now + DAY, now), "got_help");
	assert_string_equal(exchange_match_group("confirmed", 0, now), "got_help");
	assert_string_equal(exchange_match_group("rated", 0, now), "got_help");
	assert_string_equal(exchange_match_group("declined", 0, now), "needs_action");
	assert_string_equal(exchange_match_group("cancelled", 0, now), "needs_action");
	assert_string_equal(exchange_match_group("expired", 0, now), "needs_action");
}

/* ---------- against the store ---------- */

struct fx {
	struct tstore *t;
	struct db *db;
	struct arena a;
	struct err e;
	struct ctx c;
	int64_t district, daliang, beiqu, shengping, ronggui, zhenhua, org, visit, meal, elderly, legal;
};

#define WRITE(f, call)                                                     \
	({                                                                 \
		struct err ce_ = {0};                                      \
		assert_int_equal(db_begin_write((f)->db, &ce_), 0);        \
		int rc_ = (call);                                          \
		if (rc_ == 0)                                              \
			assert_int_equal(db_commit((f)->db, &ce_), 0);     \
		else                                                       \
			db_rollback((f)->db);                              \
		rc_;                                                       \
	})

/* The logic's context: who (NULL: the system) at now; errors into e. */
static struct ctx *cx(struct fx *f, const struct principal *who, int64_t now, struct err *e)
{
	f->c = ctx_system(f->db, now, &f->a, e ? e : &f->e);
	f->c.who = who;
	return &f->c;
}

static int64_t mkregion(struct fx *f, int64_t parent, const char *level, const char *name)
{
	struct region_in in = {.parent_id = parent, .level = level, .name = name};
	struct err e = {0};
	int64_t id = 0;
	assert_int_equal(WRITE(f, region_create(f->db, NULL, &in, T0, &id, &e)), 0);
	return id;
}

static int64_t term_id(struct fx *f, const char *code)
{
	struct err e = {0};
	int64_t id = 0;
	assert_int_equal(db_int(f->db, &e, &id, "SELECT id FROM xchg_terms WHERE code=?", "s", code), 1);
	return id;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e = {0};
	f->t = tstore_new();
	f->db = f->t->db;
	arena_init(&f->a, 4096);
	f->district = mkregion(f, 0, "district", "顺德区");
	f->daliang = mkregion(f, f->district, "town", "大良街道");
	f->ronggui = mkregion(f, f->district, "town", "容桂街道");
	f->beiqu = mkregion(f, f->daliang, "community", "北区社区");
	f->shengping = mkregion(f, f->daliang, "community", "升平社区");
	f->zhenhua = mkregion(f, f->ronggui, "community", "振华社区");
	assert_int_equal(WRITE(f, auth_user_create_cli(f->db, "admin", "管理员", "Demo@2026", ROLE_DISTRICT_ADMIN,
						       f->district, T0, &e)), 0);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "INSERT INTO organisations (region_id, name, org_type, created_at, updated_at)"
		 " VALUES (%lld, '北区社区长者关爱协会', 'community_social_org', 0, 0)", (long long)f->beiqu);
	exec_committed(f->db, sql);
	f->org = query_int(f->db, "SELECT id FROM organisations WHERE id=?", 1);
	f->visit = term_id(f, "elderly.visit");
	f->meal = term_id(f, "elderly.meal");
	f->elderly = term_id(f, "elderly");
	f->legal = term_id(f, "legal.consult");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	tstore_free(f->t);
	arena_free(&f->a);
	free(f);
	return 0;
}

static int64_t mkservice(struct fx *f, const char *name, int64_t region, int64_t term, int64_t cap,
			 int64_t mask, const char *skills)
{
	struct exchange_service_in in = {.organisation_id = f->org, .region_id = region, .name = name,
				     .skills = skills, .capacity_per_week = {cap, true},
				     .schedule_mask = {mask, true}, .terms = {{term}, 1, true}};
	struct err e = {0};
	int64_t id = 0;
	int rc = WRITE(f, exchange_service_create(cx(f, NULL, T0, &e), &in, &id));
	if (rc)
		fprintf(stderr, "service: %s\n", e.message_en);
	assert_int_equal(rc, 0);
	return id;
}

static int64_t mkdemand(struct fx *f, const char *title, int64_t region, int64_t term, int need,
			int64_t mask, const char *skills, const char *urgency, bool consent)
{
	struct exchange_demand_in in = {.region_id = region, .title = title, .people_needed = need,
				    .schedule_mask = {mask, true}, .skills = skills,
				    .urgency = urgency, .consent = consent, .terms = {{term}, 1, true},
				    .beneficiary_name = "陈伯", .beneficiary_phone = "13812345678"};
	struct err e = {0};
	int64_t id = 0;
	int rc = WRITE(f, exchange_demand_create(cx(f, NULL, T0, &e), &in, &id));
	if (rc)
		fprintf(stderr, "demand: %s\n", e.message_en);
	assert_int_equal(rc, 0);
	return id;
}

static struct exchange_batch_result run(struct fx *f, int64_t region, int64_t now)
{
	struct exchange_batch_result r;
	struct err e = {0};
	int rc = WRITE(f, exchange_match_run(cx(f, NULL, now, &e), region, &r));
	if (rc)
		fprintf(stderr, "match: %s\n", e.message_en);
	assert_int_equal(rc, 0);
	return r;
}

static int act(struct fx *f, int64_t match, enum exchange_action a, struct exchange_action_in *in,
	       int64_t now, struct err *e)
{
	struct exchange_action_in none = {0};
	err_clear(e);
	return WRITE(f, exchange_match_act(cx(f, NULL, now, e), match, a, in ? in : &none));
}

static char *status_of(struct fx *f, const char *table, int64_t id)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT status FROM %s WHERE id=?", table);
	return query_text(f->db, sql, id);
}

static void assert_status(struct fx *f, const char *table, int64_t id, const char *want)
{
	char *s = status_of(f, table, id);
	assert_string_equal(s, want);
	free(s);
}

/* A multi-person demand gets distinct services; capacities hold. */
static void test_multi_person(void **state)
{
	struct fx *f = *state;
	int64_t s1 = mkservice(f, "探访一队", f->beiqu, f->visit, 1, 0, "");
	int64_t s2 = mkservice(f, "探访二队", f->beiqu, f->visit, 5, 0, "");
	int64_t s3 = mkservice(f, "探访三队", f->beiqu, f->elderly, 1, 0, ""); /* top-level term covers visits */
	int64_t d = mkdemand(f, "楼道清理需要三人", f->beiqu, f->visit, 3, 0, "", "normal", true);
	int64_t d2 = mkdemand(f, "第二个探访", f->beiqu, f->visit, 1, 0, "", "normal", true);
	struct exchange_batch_result r = run(f, f->beiqu, T0);
	assert_int_equal(r.demands, 2);
	assert_int_equal(r.matched, 4);
	assert_int_equal(r.unmatched, 0);
	/* d gets s1, s2 and s3 (distinct); d2 gets s2, the only one with capacity left. */
	assert_int_equal(count_rows(f->db, "xchg_matches WHERE demand_id=1"), 3);
	assert_int_equal(query_int(f->db, "SELECT count(DISTINCT service_id) FROM xchg_matches WHERE demand_id=?", d), 3);
	assert_int_equal(query_int(f->db, "SELECT service_id FROM xchg_matches WHERE demand_id=?", d2), s2);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM xchg_matches WHERE service_id=?", s1), 1);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM xchg_matches WHERE service_id=?", s3), 1);
	assert_status(f, "xchg_demands", d, "matching");
	/* A second run finds nothing more to do for them. */
	r = run(f, f->beiqu, T0 + SEC);
	assert_int_equal(r.demands, 0);
	assert_int_equal(count_rows(f->db, "xchg_matches"), 4);
	/* Each match's cost breakdown is stored and sums to its cost. */
	char *cj = query_text(f->db, "SELECT cost_json FROM xchg_matches WHERE id=?", 1);
	json_t *j = parse_json(cj);
	assert_int_equal(json_int_at(j, "total"), query_int(f->db, "SELECT cost FROM xchg_matches WHERE id=?", 1));
	json_decref(j);
	free(cj);
}

/* Unmatched demands carry the reason. */
static void test_unmatched_reasons(void **state)
{
	struct fx *f = *state;
	mkservice(f, "探访队", f->beiqu, f->visit, 1, 1 /* Mon am */, "");
	mkservice(f, "法律顾问", f->zhenhua, f->legal, 3, 0, "");
	int64_t a = mkdemand(f, "只要法律", f->beiqu, f->legal, 1, 0, "", "normal", true);  /* outside area */
	int64_t b = mkdemand(f, "周日晚上", f->beiqu, f->visit, 1, 1 << 20, "", "normal", true); /* no schedule */
	int64_t c = mkdemand(f, "送餐", f->beiqu, f->meal, 1, 0, "", "normal", true);          /* no term */
	int64_t d = mkdemand(f, "探访甲", f->beiqu, f->visit, 1, 0, "", "low", true);
	int64_t g = mkdemand(f, "探访乙（紧急）", f->beiqu, f->visit, 1, 0, "", "urgent", true);
	struct exchange_batch_result r = run(f, f->beiqu, T0);
	assert_int_equal(r.demands, 5);
	assert_int_equal(r.matched, 1);
	/* Supply is short: the urgent demand wins the one slot. */
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM xchg_matches WHERE demand_id=?", g), 1);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM xchg_matches WHERE demand_id=?", d), 0);
	char *u = query_text(f->db, "SELECT unmatched_json FROM xchg_match_batches WHERE id=?", r.batch_id);
	json_t *j = parse_json(u);
	assert_int_equal(json_array_size(j), 4);
	int64_t ids[] = {a, b, c, d};
	const char *want[] = {"outside_area", "no_schedule", "no_term", "capacity_taken"};
	for (int k = 0; k < 4; k++) {
		bool found = false;
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v)
		{
			if (json_integer_value(json_object_get(v, "demand_id")) == ids[k]) {
				assert_string_equal(json_string_value(json_object_get(v, "reason")), want[k]);
				found = true;
			}
		}
		assert_true(found);
	}
	json_decref(j);
	free(u);
}

/* Brute force: the best (most slots, then least cost) assignment. */
struct bf {
	int nd, ns;
	int need[4], cap[4];
	int64_t cost[4][4]; /* -1 infeasible */
	int best_n;
	int64_t best_cost;
};

static void bf_rec(struct bf *b, int i, int j, int used_cap[4], bool taken[4][4], int n, int64_t cost)
{
	if (i == b->nd) {
		if (n > b->best_n || (n == b->best_n && cost < b->best_cost)) {
			b->best_n = n;
			b->best_cost = cost;
		}
		return;
	}
	if (j == b->ns) {
		bf_rec(b, i + 1, 0, used_cap, taken, n, cost);
		return;
	}
	bf_rec(b, i, j + 1, used_cap, taken, n, cost); /* skip pair (i, j) */
	int have = 0;
	for (int k = 0; k < b->ns; k++)
		have += taken[i][k];
	if (b->cost[i][j] >= 0 && used_cap[j] < b->cap[j] && have < b->need[i]) {
		used_cap[j]++;
		taken[i][j] = true;
		bf_rec(b, i, j + 1, used_cap, taken, n + 1, cost + b->cost[i][j]);
		taken[i][j] = false;
		used_cap[j]--;
	}
}

static int rnd(unsigned *seed, int n)
{
	*seed = *seed * 1103515245u + 12345u;
	return (int)((*seed >> 16) % (unsigned)n);
}

/* 25 random batches of 2–4 demands (1–2 people each) × 2–4 services
 * (capacity 1–2) with mixed terms, places, schedules, skills and
 * urgencies: the batch serves as many slots as brute force can and at
 * the same least total cost. */
static void test_optimal_vs_brute_force(void **state)
{
	struct fx *f = *state;
	(void)f;
	unsigned seed = 12345;
#define RND(n) rnd(&seed, (n))
	for (int round = 0; round < 25; round++) {
		void *st = NULL;
		setup(&st);
		struct fx *h = st;
		struct bf b = {.nd = 2 + RND(3), .ns = 2 + RND(3), .best_n = -1};
		int64_t sids[4], dids[4];
		static const char *const skillset[] = {"", "探访", "驾驶", "探访,驾驶"};
		static const char *const urg[] = {"low", "normal", "high", "urgent"};
		int64_t masks[] = {0, 7, 56, 63};
		for (int j = 0; j < b.ns; j++) {
			b.cap[j] = 1 + RND(2);
			char name[32];
			snprintf(name, sizeof name, "服务%d", j);
			sids[j] = mkservice(h, name, RND(4) ? h->beiqu : h->shengping, RND(5) ? h->visit : h->meal,
					    b.cap[j], masks[RND(4)], skillset[RND(4)]);
		}
		for (int i = 0; i < b.nd; i++) {
			b.need[i] = 1 + RND(2);
			char name[32];
			snprintf(name, sizeof name, "需求%d", i);
			dids[i] = mkdemand(h, name, h->beiqu, h->visit, b.need[i], masks[RND(4)], skillset[RND(4)],
					   urg[RND(4)], true);
		}
		/* The costs as the model computes them, loaded as the batch will. */
		for (int i = 0; i < b.nd; i++)
			for (int j = 0; j < b.ns; j++) {
				struct exchange_cost c;
				int why;
				struct err e = {0};
				assert_int_equal(exchange_pair_eval(h->db, dids[i], sids[j], &c, &why, &e), 0);
				b.cost[i][j] = why == XI_OK ? c.total : -1;
			}
		int used[4] = {0};
		bool taken[4][4] = {{false}};
		bf_rec(&b, 0, 0, used, taken, 0, 0);
		struct exchange_batch_result r = run(h, h->beiqu, T0);
		assert_int_equal(r.matched, b.best_n);
		assert_int_equal(r.total_cost, b.best_cost);
		/* and what was stored agrees */
		struct err e = {0};
		int64_t stored = 0;
		assert_int_equal(db_int(h->db, &e, &stored, "SELECT coalesce(sum(cost),0) FROM xchg_matches", ""), 1);
		assert_int_equal(stored, b.best_cost);
		teardown(&st);
	}
#undef RND
}

/* The whole loop; decline re-opens; consent; out-of-order steps. */
static void test_loop(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t s1 = mkservice(f, "探访一队", f->beiqu, f->visit, 3, 0, "探访");
	int64_t s2 = mkservice(f, "探访二队", f->beiqu, f->visit, 3, 0, ""); /* lacks the skill: second choice */
	int64_t d = mkdemand(f, "每周探访", f->beiqu, f->visit, 1, 0, "探访", "high", false);
	int64_t fri = shanghai(2026, 11, 27, 10);
	struct exchange_batch_result r = run(f, f->beiqu, fri);
	assert_int_equal(r.matched, 1);
	int64_t m = 1;
	assert_int_equal(query_int(f->db, "SELECT service_id FROM xchg_matches WHERE id=?", m), s1);
	/* Staff review is due two working days later: Tuesday. */
	assert_int_equal(query_int(f->db, "SELECT due_at FROM xchg_matches WHERE id=?", m),
			 shanghai(2026, 12, 1, 10));

	/* No consent: confirmation is refused and nothing changes. */
	int64_t audit_before = count_rows(f->db, "audit_log");
	assert_int_equal(act(f, m, XA_CONFIRM, NULL, fri, &e), ERR_RULE);
	assert_string_equal(e.field, "consent");
	assert_int_equal(count_rows(f->db, "audit_log"), audit_before);
	assert_int_equal(WRITE(f, exchange_demand_consent(cx(f, NULL, fri, &e), d, &(struct exchange_consent_in){true, false})), 0);

	assert_int_equal(act(f, m, XA_CONFIRM, NULL, fri, &e), 0);
	assert_int_equal(act(f, m, XA_CONFIRM, NULL, fri, &e), ERR_CONFLICT);

	/* Steps out of order are 409 and write nothing. */
	assert_int_equal(act(f, m, XA_DELIVER, &(struct exchange_action_in){.minutes = 30}, fri, &e), ERR_CONFLICT);
	assert_int_equal(act(f, m, XA_RATE, &(struct exchange_action_in){.rating = 5}, fri, &e), ERR_CONFLICT);
	assert_int_equal(act(f, m, XA_BCONFIRM, NULL, fri, &e), ERR_CONFLICT);
	assert_int_equal(count_rows(f->db, "audit_log"), audit_before + 2); /* consent and confirm */
	assert_status(f, "xchg_matches", m, "proposed");

	/* The provider declines: the demand re-opens. */
	assert_int_equal(act(f, m, XA_DECLINE, &(struct exchange_action_in){.reason = "人手不足"}, fri + DAY, &e), 0);
	assert_status(f, "xchg_matches", m, "declined");
	assert_status(f, "xchg_demands", d, "open");
	assert_true(query_int(f->db, "SELECT reopened_at FROM xchg_demands WHERE id=?", d) > 0);

	/* The next batch does not propose the team that declined: it takes
	 * the other one, though it lacks the skill. */
	r = run(f, f->beiqu, fri + DAY);
	assert_int_equal(r.matched, 1);
	int64_t m2 = 2;
	assert_int_equal(query_int(f->db, "SELECT service_id FROM xchg_matches WHERE id=?", m2), s2);
	assert_status(f, "xchg_demands", d, "matching");

	/* Reassigning back to the team that declined is refused, and so is
	 * one that is paused. */
	assert_int_equal(act(f, m2, XA_REASSIGN, &(struct exchange_action_in){.service_id = s1}, fri + DAY, &e), ERR_RULE);
	int64_t s3 = mkservice(f, "探访三队", f->beiqu, f->visit, 3, 0, "探访");
	struct exchange_service_in pause = {.status = "paused", .version = 1};
	assert_int_equal(WRITE(f, exchange_service_update(cx(f, NULL, fri, &e), s3, &pause)), 0);
	assert_int_equal(act(f, m2, XA_REASSIGN, &(struct exchange_action_in){.service_id = s3}, fri + DAY, &e), ERR_RULE);

	assert_int_equal(act(f, m2, XA_CONFIRM, NULL, fri + DAY, &e), 0);
	assert_int_equal(act(f, m2, XA_ACCEPT, NULL, fri + DAY, &e), 0);
	assert_status(f, "xchg_demands", d, "in_progress");
	assert_int_equal(act(f, m2, XA_DELIVER, &(struct exchange_action_in){.minutes = 90, .note = "ok"}, fri + 2 * DAY, &e), 0);
	/* Delivered on Sunday: the confirmation is due Wednesday (3 working days). */
	assert_int_equal(query_int(f->db, "SELECT due_at FROM xchg_matches WHERE id=?", m2),
			 shanghai(2026, 12, 2, 10));
	assert_int_equal(query_int(f->db, "SELECT hours_delivered FROM xchg_matches WHERE id=?", m2), 90);
	assert_int_equal(query_int(f->db, "SELECT fulfilled_at IS NULL FROM xchg_demands WHERE id=?", d), 1);
	assert_int_equal(act(f, m2, XA_BCONFIRM, NULL, fri + 3 * DAY, &e), 0);
	assert_status(f, "xchg_demands", d, "fulfilled");
	assert_int_equal(query_int(f->db, "SELECT fulfilled_at FROM xchg_demands WHERE id=?", d), fri + 3 * DAY);
	assert_int_equal(act(f, m2, XA_RATE, &(struct exchange_action_in){.rating = 9}, fri + 3 * DAY, &e), ERR_INVALID);
	assert_int_equal(act(f, m2, XA_RATE, &(struct exchange_action_in){.rating = 4}, fri + 3 * DAY, &e), 0);
	assert_int_equal(query_int(f->db, "SELECT rating_sum FROM xchg_services WHERE id=?", s2), 4);
	assert_int_equal(query_int(f->db, "SELECT rating_count FROM xchg_services WHERE id=?", s2), 1);
	assert_int_equal(act(f, m2, XA_RATE, &(struct exchange_action_in){.rating = 4}, fri + 3 * DAY, &e), ERR_CONFLICT);
	/* The rating is in the cost model now: 10 × (5 − 4) = 10. */
	int64_t d3 = mkdemand(f, "又一次探访", f->beiqu, f->visit, 1, 0, "", "normal", true);
	struct exchange_cost c;
	int why;
	assert_int_equal(exchange_pair_eval(f->db, d3, s2, &c, &why, &e), 0);
	assert_int_equal(why, XI_OK);
	assert_int_equal(c.rating, 10);
}

/* The one record lifecycle: a stale version is 409 naming version and
 * writes nothing; a change writes exactly one audit entry with its before
 * and after; a demand's snapshot holds no beneficiary identity. */
static void test_record_lifecycle(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t s = mkservice(f, "探访一队", f->beiqu, f->visit, 3, 0, "");
	int64_t d = mkdemand(f, "每周探访", f->beiqu, f->visit, 1, 0, "", "high", true);
	int64_t audits = count_rows(f->db, "audit_log");
	struct exchange_service_in stale = {.name = "改名", .version = 7};
	assert_int_equal(WRITE(f, exchange_service_update(cx(f, NULL, T0, &e), s, &stale)), ERR_CONFLICT);
	assert_string_equal(e.field, "version");
	assert_non_null(strstr(e.message_en, "now version 1"));
	assert_int_equal(count_rows(f->db, "audit_log"), audits);
	struct exchange_service_in ok = {.name = "改名", .version = 1, .capacity_per_week = {5, true}};
	assert_int_equal(WRITE(f, exchange_service_update(cx(f, NULL, T0, &e), s, &ok)), 0);
	assert_int_equal(count_rows(f->db, "audit_log"), audits + 1);
	char *before = query_text(f->db, "SELECT before_json FROM audit_log WHERE id > ? ORDER BY id DESC LIMIT 1", 0);
	char *after = query_text(f->db, "SELECT after_json FROM audit_log WHERE id > ? ORDER BY id DESC LIMIT 1", 0);
	assert_non_null(strstr(before, "\"capacity_per_week\":3"));
	assert_non_null(strstr(after, "\"capacity_per_week\":5"));
	assert_non_null(strstr(after, "\"version\":2"));
	free(before);
	free(after);
	char *created = query_text(f->db, "SELECT after_json FROM audit_log WHERE entity='xchg_demand'"
					  " AND action='create' AND entity_id=?", d);
	assert_null(strstr(created, "陈"));
	assert_null(strstr(created, "13812345678"));
	assert_non_null(strstr(created, "\"title\":\"每周探访\""));
	free(created);
}

/* Scope: a town admin of 容桂 can neither run matching for 北区社区 nor
 * read its demands; a resident sees the beneficiary only of their own. */
static void test_scope(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	struct arena a;
	arena_init(&a, 4096);
	assert_int_equal(WRITE(f, auth_user_create_cli(f->db, "ronggui", "容桂", "Demo@2026", ROLE_TOWN_ADMIN,
						       f->ronggui, T0, &e)), 0);
	assert_int_equal(WRITE(f, auth_user_create_cli(f->db, "beiqu", "北区", "Demo@2026", ROLE_COMMUNITY_STAFF,
						       f->beiqu, T0, &e)), 0);
	struct principal rg, bq;
	assert_int_equal(auth_load_principal(f->db, &a, 2, &rg, &e), 0);
	assert_int_equal(auth_load_principal(f->db, &a, 3, &bq, &e), 0);
	mkservice(f, "探访一队", f->beiqu, f->visit, 3, 0, "");
	int64_t d = mkdemand(f, "每周探访", f->beiqu, f->visit, 1, 0, "", "high", true);
	struct exchange_batch_result r;
	int64_t before = count_rows(f->db, "xchg_match_batches");
	assert_int_equal(WRITE(f, exchange_match_run(cx(f, &rg, T0, &e), f->beiqu, &r)), ERR_FORBIDDEN);
	assert_int_equal(count_rows(f->db, "xchg_match_batches"), before);
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	assert_int_equal(exchange_demand_write(cx(f, &rg, T0, &e), &w, d), ERR_FORBIDDEN);
	sb_reset(&out);
	jw_init(&w, &out);
	assert_int_equal(exchange_demand_write(cx(f, &bq, T0, &e), &w, d), 0);
	/* Staff in scope see the phone masked; the full number only through
	 * the audited exchange_demand_reveal. */
	assert_non_null(strstr(sb_str(&out), "138****5678"));
	assert_null(strstr(sb_str(&out), "13812345678"));
	assert_int_equal(WRITE(f, exchange_match_run(cx(f, &bq, T0, &e), f->beiqu, &r)), 0);
	assert_int_equal(r.matched, 1);
	sb_free(&out);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_cost_terms),
		cmocka_unit_test(test_feasibility),
		cmocka_unit_test(test_deadlines),
		cmocka_unit_test(test_groups),
		cmocka_unit_test_setup_teardown(test_multi_person, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmatched_reasons, setup, teardown),
		cmocka_unit_test_setup_teardown(test_optimal_vs_brute_force, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_lifecycle, setup, teardown),
	};
	return RUN_SUITE(pure);
}
