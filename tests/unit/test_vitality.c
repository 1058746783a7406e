/*
 * test_vitality.c — the vitality index (modules/vitality/vitality.h).
 *
 * Each test builds, on a fresh store:
 *
 *   顺德区 (d)
 *   ├── 大良街道 (ta)
 *   │   ├── 北区社区 (a1, urban: 1,500 registered + 500 non-registered)
 *   │   │   └── 第一网格 (g1)
 *   │   └── 古鉴村 (a2, rural: 800 + 200)
 *   └── 容桂街道 (tb)
 *       └── 振华社区 (b1, urban: 3,000 + 1,000)
 *
 * and inserts registry and exchange rows directly (committee members and
 * meetings through registry governance's logic), then checks normalisation, "no data" (never 0)
 * and the re-normalised weights, aggregation from the communities' sums,
 * "as of month", 短板, the modules detected by their tables, the
 * configuration rules and their audit, staleness, and scope.
 *
 * Prints "N passed, N failed" last; cmocka's own report goes to stderr.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/wtime.h"
#include "modules/region/region.h"
#include "modules/registry/registry_gov.h"
#include "modules/vitality/vitality.h"
#include "store/store.h"
#include "testutil.h"

#define DAY (86400 * SEC)
/* The context a piece of logic is handed: f's store and arena, caller p (NULL: the system). */
#define CX(p, now, e) (&(struct ctx){f->db, (p), (now), &f->a, (e)})

struct fx {
	struct tstore *t;
	struct db *db;
	struct arena a;
	int64_t d, ta, tb, a1, a2, g1, b1, user;
};

static int64_t mk(struct fx *f, int64_t parent, const char *level, const char *name, const char *kind,
		  int64_t reg, int64_t non)
{
	struct err e = {0};
	struct region_in in = {.parent_id = parent, .level = level, .name = name, .kind = kind,
			       .registered_pop = reg, .nonregistered_pop = non};
	int64_t id = 0;
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(region_create(f->db, NULL, &in, T0, &id, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	return id;
}

static int vitality_count(void)
{
	int n;
	vitality_providers(&n);
	return n;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->t = tstore_new();
	f->db = f->t->db;
	arena_init(&f->a, 0);
	f->d = mk(f, 0, "district", "顺德区", NULL, 0, 0);
	f->ta = mk(f, f->d, "town", "大良街道", NULL, 0, 0);
	f->tb = mk(f, f->d, "town", "容桂街道", NULL, 0, 0);
	f->a1 = mk(f, f->ta, "community", "北区社区", "urban", 1500, 500);
	f->a2 = mk(f, f->ta, "community", "古鉴村", "rural", 800, 200);
	f->g1 = mk(f, f->a1, "grid", "第一网格", NULL, 0, 0);
	f->b1 = mk(f, f->tb, "community", "振华社区", "urban", 3000, 1000);
	struct err e = {0};
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_user_create_cli(f->db, "poster", NULL, "Passw0rd1", ROLE_DISTRICT_ADMIN, f->d, T0, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(db_int(f->db, &e, &f->user, "SELECT id FROM users WHERE username='poster'", ""), 1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	arena_free(&f->a);
	tstore_free(f->t);
	free(f);
	return 0;
}

/* A date in Shanghai as µs. */
static int64_t at(int y, int m, int d)
{
	return wtime_days_from_civil(y, (unsigned)m, (unsigned)d) * DAY - 8 * 3600 * SEC;
}

static void person(struct fx *f, int64_t region, const char *household, int vol, int64_t verified,
		   int64_t created, int n)
{
	struct err e = {0};
	assert_int_equal(db_begin_write(f->db, &e), 0);
	for (int i = 0; i < n; i++) {
		int rc = db_exec(f->db, &e,
				 "INSERT INTO people(region_id, name, household, is_volunteer, verified_at, created_at,"
				 " updated_at) VALUES(?, '居民', ?, ?, NULLIF(?, 0), ?, ?)",
				 "isiiii", region, household, (int64_t)vol, verified, created, created);
		if (rc)
			fprintf(stderr, "person: %s\n", e.message_en);
		assert_int_equal(rc, 0);
	}
	assert_int_equal(db_commit(f->db, &e), 0);
}

static void org(struct fx *f, int64_t ledger, const char *type, const char *status, int64_t created, int n)
{
	struct err e = {0};
	assert_int_equal(db_begin_write(f->db, &e), 0);
	for (int i = 0; i < n; i++)
		assert_int_equal(db_exec(f->db, &e,
					 "INSERT INTO organisations(region_id, name, org_type, ledger_community_id, status,"
					 " created_at, updated_at) VALUES(?, '组织', ?, ?, ?, ?, ?)",
					 "isisii", ledger, type, ledger, status, created, created),
				 0);
	assert_int_equal(db_commit(f->db, &e), 0);
}

static void demand(struct fx *f, int64_t region, const char *status, int64_t created, int64_t fulfilled,
		   int64_t minutes)
{
	struct err e = {0};
	assert_int_equal(db_begin_write(f->db, &e), 0);
	int64_t svc = 0;
	if (db_int(f->db, &e, &svc, "SELECT id FROM xchg_services LIMIT 1", "") != 1) {
		assert_int_equal(db_exec(f->db, &e,
					 "INSERT INTO organisations(region_id, name, org_type, created_at, updated_at)"
					 " VALUES(?, '服务机构', 'social_work_agency', ?, ?)",
					 "iii", f->d, T0, T0),
				 0);
		assert_int_equal(db_exec(f->db, &e,
					 "INSERT INTO xchg_services(region_id, organisation_id, provider_kind, name,"
					 " created_at, updated_at) VALUES(?, (SELECT max(id) FROM organisations),"
					 " 'organisation', '服务', ?, ?)",
					 "iii", f->d, T0, T0),
				 0);
		assert_int_equal(db_int(f->db, &e, &svc, "SELECT id FROM xchg_services LIMIT 1", ""), 1);
	}
	assert_int_equal(db_exec(f->db, &e,
				 "INSERT INTO xchg_demands(region_id, title, source, posted_by, status, fulfilled_at,"
				 " created_at, updated_at) VALUES(?, '需求', 'resident', ?, ?, NULLIF(?, 0), ?, ?)",
				 "iisiii", region, f->user, status, fulfilled, created, created),
			 0);
	if (fulfilled)
		assert_int_equal(db_exec(f->db, &e,
					 "INSERT INTO xchg_matches(demand_id, service_id, status, proposed_at, delivered_at,"
					 " hours_delivered, created_at, updated_at)"
					 " VALUES((SELECT max(id) FROM xchg_demands), ?, 'confirmed', ?, ?, ?, ?, ?)",
					 "iiiiii", svc, created, fulfilled, minutes, created, created),
				 0);
	assert_int_equal(db_commit(f->db, &e), 0);
}

static void recompute(struct fx *f, const char *month, int64_t now)
{
	struct err e = {0};
	struct vitality_run run;
	assert_int_equal(db_begin_write(f->db, &e), 0);
	int rc = vitality_recompute(CX(NULL, now, &e), month, "test", &run);
	if (rc)
		fprintf(stderr, "recompute: %s\n", e.message_en);
	assert_int_equal(rc, 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(run.communities, 3);
	assert_int_equal(run.regions, 6); /* 3 communities, 2 towns, 1 district */
}

/* A snapshot figure; returns has_data and fills raw/score. */
static int snap(struct fx *f, const char *month, int64_t region, const char *comp, double *raw, double *score)
{
	struct err e = {0};
	struct stmt *st = db_q(f->db, &e,
			       "SELECT has_data, raw, score FROM vitality_snapshots WHERE month=? AND region_id=?"
			       " AND component=?",
			       "sis", month, region, comp);
	assert_non_null(st);
	assert_int_equal(stmt_step(st, &e), 1);
	int has = (int)col_int(st, 0);
	if (has) {
		*raw = col_double(st, 1);
		*score = col_double(st, 2);
	} else {
		assert_true(col_null(st, 1)); /* no data is NULL, never 0 */
		assert_true(col_null(st, 2));
	}
	stmt_done(st);
	return has;
}

static double total(struct fx *f, const char *month, int64_t region, int64_t *covered)
{
	struct err e = {0};
	struct stmt *st = db_q(f->db, &e,
			       "SELECT score, weight_covered FROM vitality_totals WHERE month=? AND region_id=?", "si",
			       month, region);
	assert_non_null(st);
	assert_int_equal(stmt_step(st, &e), 1);
	double s = col_null(st, 0) ? -1 : col_double(st, 0);
	if (covered)
		*covered = col_int(st, 1);
	stmt_done(st);
	return s;
}

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 0.011)

/* The people of the fixture (see the file comment). */
static void people_fixture(struct fx *f)
{
	person(f, f->a1, "registered", 1, 0, at(2026, 5, 10), 20);
	person(f, f->g1, "nonregistered", 1, 0, at(2026, 10, 3), 10);      /* in a grid of a1 */
	person(f, f->a1, "nonregistered", 0, at(2026, 8, 1), at(2026, 5, 2), 4); /* verified in August */
	person(f, f->a1, "nonregistered", 0, 0, at(2026, 5, 2), 6);
	person(f, f->a2, "registered", 1, 0, at(2026, 5, 20), 5);
}

/* ------------------------------------------------------------------ tests */

static void normalise_rules(void **state)
{
	(void)state;
	NEAR(vitality_normalise(VITALITY_UP, 15, 50, 0), 30);
	NEAR(vitality_normalise(VITALITY_UP, 80, 50, 0), 100);   /* capped */
	NEAR(vitality_normalise(VITALITY_UP, 0, 50, 0), 0);
	NEAR(vitality_normalise(VITALITY_DOWN, 5, 7, 30), 100);  /* within the target */
	NEAR(vitality_normalise(VITALITY_DOWN, 7, 7, 30), 100);
	NEAR(vitality_normalise(VITALITY_DOWN, 22.5, 7, 30), 32.61);
	NEAR(vitality_normalise(VITALITY_DOWN, 30, 7, 30), 0);
	NEAR(vitality_normalise(VITALITY_DOWN, 45, 7, 30), 0);
}

static void months(void **state)
{
	(void)state;
	struct vitality_period m, n;
	assert_int_equal(vitality_month_parse("2026-11", &m), 0);
	assert_int_equal(m.start, at(2026, 11, 1));
	assert_int_equal(m.end, at(2026, 12, 1));
	assert_int_equal(m.window_start, at(2025, 12, 1));
	assert_int_equal(vitality_month_parse("2026-13", &m), -1);
	assert_int_equal(vitality_month_parse("2026-1", &m), -1);
	assert_int_equal(vitality_month_parse("1999-12", &m), -1);
	assert_int_equal(vitality_month_parse("2026-01", &m), 0);
	vitality_month_add(&m, -1, &n);
	assert_string_equal(n.text, "2025-12");
	vitality_month_add(&m, 13, &n);
	assert_string_equal(n.text, "2027-02");
	vitality_month_of(T0, &n);
	assert_string_equal(n.text, "2026-11");
	/* 2026-11-30T23:30+08:00 is still November in Shanghai (15:30 UTC) */
	vitality_month_of(at(2026, 12, 1) - 30 * MINUTE, &n);
	assert_string_equal(n.text, "2026-11");
	vitality_month_of(at(2026, 12, 1), &n);
	assert_string_equal(n.text, "2026-12");
}

/* Components without data are NULL (never 0), left out of the total, and
 * the remaining weights re-normalised. */
static void no_data_excluded(void **state)
{
	struct fx *f = *state;
	people_fixture(f);
	recompute(f, "2026-11", T0);
	double raw, score;
	assert_int_equal(snap(f, "2026-11", f->a1, "volunteers", &raw, &score), 1);
	NEAR(raw, 15); /* 30 volunteers (10 of them in a grid of a1) per 2,000 residents ×1000 */
	NEAR(score, 30);
	assert_int_equal(snap(f, "2026-11", f->a1, "new_residents", &raw, &score), 1);
	NEAR(raw, 28); /* 10 volunteers + 4 verified of 500 non-registered ×1000 */
	NEAR(score, 93.33);
	/* no organisation in the registry, no demand, no committee member,
	 * modules not built: no data */
	assert_int_equal(snap(f, "2026-11", f->a1, "org_target", &raw, &score), 0);
	assert_int_equal(snap(f, "2026-11", f->a1, "demand_fulfilment", &raw, &score), 0);
	assert_int_equal(snap(f, "2026-11", f->a1, "topics_resolved", &raw, &score), 0);
	assert_int_equal(snap(f, "2026-11", f->a1, "attendance", &raw, &score), 0);
	/* total over volunteers and new residents only (weights 10 + 10) */
	int64_t covered = 0;
	NEAR(total(f, "2026-11", f->a1, &covered), (10 * 30 + 10 * 93.33) / 20);
	assert_int_equal(covered, 20);
	/* 振华社区 has no people: everything is no data and the total is NULL */
	assert_int_equal(snap(f, "2026-11", f->b1, "volunteers", &raw, &score), 0);
	NEAR(total(f, "2026-11", f->b1, NULL), -1);
	/* the modules that are not built are named in the run */
	char *absent = query_text(f->db, "SELECT absent FROM vitality_runs WHERE month='2026-11' AND ?=0", 0);
	assert_non_null(strstr(absent, "topics_resolved"));
	assert_null(strstr(absent, "funded_projects")); /* the programme area is built: no results, no data */
	assert_null(strstr(absent, "volunteers"));
	/* the funds exist (issue 12) but hold nothing yet: no data, not absent */
	assert_null(strstr(absent, "funds_per_capita"));
	assert_int_equal(snap(f, "2026-11", f->a1, "funds_per_capita", &raw, &score), 0);
	/* the exchange and registry governance exist: no data, not absent */
	assert_null(strstr(absent, "demand_fulfilment"));
	assert_null(strstr(absent, "attendance"));
	free(absent);
}

/* Towns and the district recompute raw values from their communities'
 * sums: population-weighted, not the mean of the rates. */
static void aggregation_from_sums(void **state)
{
	struct fx *f = *state;
	people_fixture(f);
	org(f, f->a1, "community_social_org", "active", at(2026, 1, 5), 6);
	org(f, f->a1, "community_social_org", "dissolved", at(2026, 1, 5), 2);
	org(f, f->a1, "social_work_agency", "active", at(2026, 1, 5), 3);
	org(f, f->a2, "community_social_org", "active", at(2026, 1, 5), 1);
	recompute(f, "2026-11", T0);
	double raw, score;
	assert_int_equal(snap(f, "2026-11", f->a2, "volunteers", &raw, &score), 1);
	NEAR(raw, 5);
	assert_int_equal(snap(f, "2026-11", f->ta, "volunteers", &raw, &score), 1);
	NEAR(raw, 35.0 / 3.0); /* (30 + 5) / 3,000 × 1000, not (15 + 5) / 2 */
	NEAR(score, 23.33);
	assert_int_equal(snap(f, "2026-11", f->d, "volunteers", &raw, &score), 1);
	NEAR(raw, 35.0 / 3.0); /* 振华社区 has no data and does not dilute */
	/* organisations: urban target 10, rural 3; only active community social orgs */
	assert_int_equal(snap(f, "2026-11", f->a1, "org_target", &raw, &score), 1);
	NEAR(raw, 60);
	assert_int_equal(snap(f, "2026-11", f->a2, "org_target", &raw, &score), 1);
	NEAR(raw, 100.0 / 3.0);
	assert_int_equal(snap(f, "2026-11", f->ta, "org_target", &raw, &score), 1);
	NEAR(raw, 700.0 / 13.0);
	/* the registry is in use: 振华社区's 0 organisations is a real 0 */
	assert_int_equal(snap(f, "2026-11", f->b1, "org_target", &raw, &score), 1);
	NEAR(score, 0);
	assert_int_equal(snap(f, "2026-11", f->tb, "org_target", &raw, &score), 1);
	NEAR(score, 0);
	/* a per-community target (reg-gov's registry_org_targets) replaces the default */
	char sql[160];
	snprintf(sql, sizeof sql, "INSERT INTO reg_org_targets(community_id, target, updated_at) VALUES(%lld, 12, %lld)",
		 (long long)f->a1, (long long)T0);
	exec_committed(f->db, sql);
	recompute(f, "2026-11", T0);
	assert_int_equal(snap(f, "2026-11", f->a1, "org_target", &raw, &score), 1);
	NEAR(raw, 50);
}

/* As of month M: only what existed by the end of M counts. */
static void as_of_month(void **state)
{
	struct fx *f = *state;
	people_fixture(f);
	demand(f, f->g1, "fulfilled", at(2026, 3, 1), at(2026, 3, 6), 120);
	demand(f, f->a1, "fulfilled", at(2026, 9, 1), at(2026, 10, 11), 60);
	demand(f, f->a1, "open", at(2026, 10, 1), 0, 0);
	demand(f, f->a1, "cancelled", at(2026, 10, 5), 0, 0);
	demand(f, f->a1, "fulfilled", at(2025, 6, 1), at(2025, 6, 3), 30);
	recompute(f, "2026-11", T0);
	recompute(f, "2026-09", T0);
	recompute(f, "2026-06", T0);
	double raw, score;
	/* November: window Dec 2025 – Nov 2026 */
	assert_int_equal(snap(f, "2026-11", f->a1, "demand_fulfilment", &raw, &score), 1);
	NEAR(raw, 200.0 / 3.0); /* 2 of 3 (the cancelled one left out) */
	assert_int_equal(snap(f, "2026-11", f->a1, "fulfil_days", &raw, &score), 1);
	NEAR(raw, 22.5);
	NEAR(score, 32.61);
	assert_int_equal(snap(f, "2026-11", f->a1, "service_hours", &raw, &score), 1);
	NEAR(raw, 3.0 / 2000.0); /* 180 minutes in the window per resident */
	/* September: the second demand was not fulfilled yet */
	assert_int_equal(snap(f, "2026-09", f->a1, "demand_fulfilment", &raw, &score), 1);
	NEAR(raw, 50);
	assert_int_equal(snap(f, "2026-09", f->a1, "fulfil_days", &raw, &score), 1);
	NEAR(raw, 5);
	NEAR(score, 100);
	/* June: volunteers created in October do not exist yet; nobody verified */
	assert_int_equal(snap(f, "2026-06", f->a1, "volunteers", &raw, &score), 1);
	NEAR(raw, 10);
	assert_int_equal(snap(f, "2026-06", f->a1, "new_residents", &raw, &score), 1);
	NEAR(raw, 0);
	/* a community without demands has no exchange data */
	assert_int_equal(snap(f, "2026-11", f->a2, "demand_fulfilment", &raw, &score), 0);
	/* a future month is refused */
	struct err e = {0};
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(vitality_recompute(CX(NULL, T0, &e), "2027-01", "test", NULL), ERR_RULE);
	db_rollback(f->db);
	/* each run is audited */
	assert_int_equal(count_rows(f->db, "audit_log WHERE action='recompute' AND entity='vitality'"), 3);
}

/* Appoint a committee member through reg-gov's logic; returns the id. */
static int64_t member(struct fx *f, int64_t person, const char *kind, const char *start)
{
	struct err e = {0};
	struct registry_member_in in = {.community_id = f->a1, .person_id = person, .kind = kind, .term_start = start};
	int64_t id = 0;
	struct arena a;
	arena_init(&a, 0);
	struct ctx cx = ctx_system(f->db, T0, &a, &e);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	int rc = registry_member_appoint(&cx, &in, &id);
	arena_free(&a);
	if (rc)
		fprintf(stderr, "appoint: %s [%s]\n", e.message_en, e.field);
	assert_int_equal(rc, 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	return id;
}

/* Record a meeting of 北区社区 through reg-gov's logic. */
static void meeting(struct fx *f, int64_t held_at, const struct registry_attend *att, size_t n)
{
	struct err e = {0};
	struct registry_meeting_in in = {.community_id = f->a1, .held_at = held_at, .title = "两委会议",
				    .attendance = {att, n}};
	struct arena a;
	arena_init(&a, 0);
	struct ctx cx = ctx_system(f->db, T0, &a, &e);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	int rc = registry_meeting_create(&cx, &in, NULL);
	arena_free(&a);
	if (rc)
		fprintf(stderr, "meeting: %s [%s]\n", e.message_en, e.field);
	assert_int_equal(rc, 0);
	assert_int_equal(db_commit(f->db, &e), 0);
}

/* Attendance reads registry governance's tables as reg-gov writes them
 * (held_at µs, present 0/1, terms as civil dates), as of the month. */
static void attendance_from_reg_gov(void **state)
{
	struct fx *f = *state;
	people_fixture(f);
	int64_t p1 = query_int(f->db, "SELECT min(id) FROM people WHERE region_id=?", f->a1);
	int64_t m1 = member(f, p1, "entrepreneur", "2026-06-01");
	int64_t m2 = member(f, p1 + 1, "social_worker", "2026-06-01");
	int64_t m3 = member(f, p1 + 2, "senior_advisor", "2026-06-01");
	/* October: all three in term; m1 and m3 present */
	struct registry_attend oct[] = {{m1, true}, {m2, false}, {m3, true}};
	meeting(f, at(2026, 10, 10) + 10 * 3600 * SEC, oct, 3);
	/* m3 leaves on 20 October (status 'left') */
	struct err e = {0};
	assert_int_equal(db_begin_write(f->db, &e), 0);
	struct arena a;
	arena_init(&a, 0);
	struct ctx cx = ctx_system(f->db, T0, &a, &e);
	assert_int_equal(registry_member_end(&cx, m3, &(struct registry_member_end_in){1, "2026-10-20"}), 0);
	arena_free(&a);
	assert_int_equal(db_commit(f->db, &e), 0);
	/* November: two meetings, the second at 23:30 on the 30th in Shanghai
	 * (15:30 UTC), still November */
	struct registry_attend nov1[] = {{m1, true}, {m2, false}};
	struct registry_attend nov2[] = {{m1, true}, {m2, true}};
	meeting(f, at(2026, 11, 3) + 15 * 3600 * SEC, nov1, 2);
	meeting(f, at(2026, 12, 1) - 30 * MINUTE, nov2, 2);
	recompute(f, "2026-11", T0);
	recompute(f, "2026-10", T0);
	recompute(f, "2026-05", T0);
	double raw, score;
	/* November: 3 present of 2 members × 2 meetings */
	assert_int_equal(snap(f, "2026-11", f->a1, "attendance", &raw, &score), 1);
	NEAR(raw, 75);
	NEAR(score, 75);
	/* October: m3 served and counts though no longer active: 2 of 3 × 1 */
	assert_int_equal(snap(f, "2026-10", f->a1, "attendance", &raw, &score), 1);
	NEAR(raw, 200.0 / 3.0);
	/* May: nobody in term yet */
	assert_int_equal(snap(f, "2026-05", f->a1, "attendance", &raw, &score), 0);
	/* no members in 古鉴村; the town aggregates its communities' sums */
	assert_int_equal(snap(f, "2026-11", f->a2, "attendance", &raw, &score), 0);
	assert_int_equal(snap(f, "2026-11", f->ta, "attendance", &raw, &score), 1);
	NEAR(raw, 75);
	/* a month with members and no meeting scores 0 (members must attend monthly) */
	recompute(f, "2026-09", T0);
	assert_int_equal(snap(f, "2026-09", f->a1, "attendance", &raw, &score), 1);
	NEAR(raw, 0);
}

/* A module is detected by its tables: once they exist, the component has
 * data; a store without them reports the component absent. */
static void modules_detected_by_tables(void **state)
{
	struct fx *f = *state;
	people_fixture(f);
	/* deliberation is not built: its table appears */
	exec_committed(f->db, "CREATE TABLE delib_topics(id INTEGER PRIMARY KEY, region_id INTEGER,"
			      " created_at INTEGER, resolved_at INTEGER)");
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO delib_topics(region_id, created_at, resolved_at) VALUES"
		 " (%lld, %lld, %lld), (%lld, %lld, NULL)",
		 (long long)f->g1, (long long)at(2026, 4, 1), (long long)at(2026, 4, 11), (long long)f->a1,
		 (long long)at(2026, 6, 1));
	exec_committed(f->db, sql);
	/* registry governance is built (migration 017): rows in its real tables */
	int64_t p1 = query_int(f->db, "SELECT min(id) FROM people WHERE region_id=?", f->a1);
	snprintf(sql, sizeof sql,
		 "INSERT INTO reg_committee_members(community_id, person_id, kind, term_start, created_at,"
		 " updated_at) VALUES (%lld, %lld, 'entrepreneur', '2026-01-01', 0, 0)",
		 (long long)f->a1, (long long)p1);
	exec_committed(f->db, sql);
	recompute(f, "2026-11", T0);
	double raw, score;
	assert_int_equal(snap(f, "2026-11", f->a1, "topics_resolved", &raw, &score), 1);
	NEAR(raw, 50);
	assert_int_equal(snap(f, "2026-11", f->a1, "resolve_days", &raw, &score), 1);
	NEAR(raw, 10);
	assert_int_equal(snap(f, "2026-11", f->a1, "attendance", &raw, &score), 1);
	NEAR(raw, 0); /* one member, no meeting */
	char *absent = query_text(f->db, "SELECT absent FROM vitality_runs WHERE month='2026-11' AND ?=0", 0);
	assert_null(strstr(absent, "topics_resolved"));
	assert_null(strstr(absent, "attendance"));
	assert_null(strstr(absent, "funded_projects")); /* the programme area is built (no results yet: no data) */
	free(absent);
	/* a table it reads missing: absent */
	exec_committed(f->db, "DROP TABLE prog_partners");
	recompute(f, "2026-11", T0);
	assert_int_equal(snap(f, "2026-11", f->a1, "funded_projects", &raw, &score), 0);
	absent = query_text(f->db, "SELECT absent FROM vitality_runs WHERE month='2026-11' AND ?=0", 0);
	assert_non_null(strstr(absent, "funded_projects"));
	free(absent);
	/* a store without registry governance's attendance sheet: absent */
	exec_committed(f->db, "DROP TABLE reg_meeting_attendance");
	recompute(f, "2026-11", T0);
	assert_int_equal(snap(f, "2026-11", f->a1, "attendance", &raw, &score), 0);
	absent = query_text(f->db, "SELECT absent FROM vitality_runs WHERE month='2026-11' AND ?=0", 0);
	assert_non_null(strstr(absent, "attendance"));
	free(absent);
}

/* The region answer: components, 短板 with their numbers, no-data list. */
static void region_answer_and_weak(void **state)
{
	struct fx *f = *state;
	people_fixture(f);
	org(f, f->a1, "community_social_org", "active", at(2026, 1, 5), 6);
	recompute(f, "2026-11", T0);
	struct sb out = SB_INIT;
	struct jw w;
	struct err e = {0};
	jw_init(&w, &out);
	assert_int_equal(vitality_write_region(CX(NULL, T0, &e), &w, f->d, "2026-11"), 0);
	sb_reset(&out);
	jw_init(&w, &out);
	struct principal p = {.user_id = f->user, .ngrants = 1};
	p.grants[0] = (struct grant){.role = ROLE_TOWN_ADMIN, .region_id = f->ta, .region_path = ""};
	char *path = query_text(f->db, "SELECT path FROM regions WHERE id=?", f->ta);
	p.grants[0].region_path = path;
	assert_int_equal(vitality_write_region(CX(&p, T0, &e), &w, f->a1, "2026-11"), 0);
	json_t *j = parse_json(out.buf);
	NEAR(json_real_value(json_object_get(j, "total")), (10 * 60 + 10 * 30 + 10 * 93.33) / 30);
	json_t *weak = json_object_get(j, "weak");
	assert_int_equal(json_array_size(weak), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(weak, 0), "key")), "volunteers");
	assert_string_equal(json_string_value(json_object_get(json_array_get(weak, 1), "key")), "org_target");
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(weak, 1), "detail")),
			       "社区社会组织 6 个，目标 10 个"));
	json_t *comps = json_object_get(j, "components");
	assert_int_equal(json_array_size(comps), vitality_count());
	size_t i;
	json_t *c;
	int nodata = 0;
	json_array_foreach(comps, i, c) {
		if (json_is_false(json_object_get(c, "has_data"))) {
			nodata++;
			assert_true(json_is_null(json_object_get(c, "score")));
			assert_true(json_is_null(json_object_get(c, "effective_weight")));
		} else {
			/* effective weight = weight re-normalised over the components with data */
			NEAR(json_real_value(json_object_get(c, "effective_weight")), 100.0 / 3);
		}
		if (strcmp(json_string_value(json_object_get(c, "key")), "topics_resolved") == 0)
			assert_true(json_is_false(json_object_get(c, "module_present")));
		if (strcmp(json_string_value(json_object_get(c, "key")), "funded_projects") == 0)
			assert_true(json_is_true(json_object_get(c, "module_present")));
	}
	assert_int_equal(nodata, vitality_count() - 3);
	assert_int_equal(json_array_size(json_object_get(j, "no_data")), (size_t)nodata);
	assert_non_null(json_string_value(json_object_get(j, "note")));
	json_decref(j);
	/* scope: 大良 cannot read 容桂; anonymous only the district */
	sb_reset(&out);
	jw_init(&w, &out);
	assert_int_equal(vitality_write_region(CX(&p, T0, &e), &w, f->b1, "2026-11"), ERR_FORBIDDEN);
	sb_reset(&out);
	jw_init(&w, &out);
	assert_int_equal(vitality_write_region(CX(NULL, T0, &e), &w, f->ta, "2026-11"), ERR_UNAUTH);
	sb_reset(&out);
	jw_init(&w, &out);
	assert_int_equal(vitality_write_region(CX(&p, T0, &e), &w, f->g1, "2026-11"), ERR_RULE);
	/* ranking in scope: only 大良's communities */
	sb_reset(&out);
	jw_init(&w, &out);
	struct vitality_rank_q q = {.level = "community", .month = "2026-11", .limit = 20};
	int64_t n = 0;
	assert_int_equal(vitality_write_ranking(CX(&p, T0, &e), &w, &q, &n), 0);
	assert_int_equal(n, 2);
	assert_null(strstr(out.buf, "振华社区"));
	assert_non_null(strstr(out.buf, "北区社区"));
	sb_free(&out);
	free(path);
}

/* Configuration: validation, version, district admin only, audit, rescore. */
static void config_rules(void **state)
{
	struct fx *f = *state;
	people_fixture(f);
	recompute(f, "2026-11", T0);
	struct principal admin = {.user_id = f->user, .username = "poster", .ngrants = 1};
	admin.grants[0] = (struct grant){.role = ROLE_DISTRICT_ADMIN, .region_id = f->d, .region_path = "/1/"};
	admin.role_mask = R(ROLE_DISTRICT_ADMIN);
	struct principal town = admin;
	town.grants[0].role = ROLE_TOWN_ADMIN;
	town.role_mask = R(ROLE_TOWN_ADMIN);
	struct err e = {0};
	struct vitality_config_in in = {.version = 1, .nitems = 2};
	in.items[0] = (struct vitality_config_item){.key = "volunteers", .weight = 20, .has_weight = true};
	in.items[1] = (struct vitality_config_item){.key = "new_residents", .weight = 5, .has_weight = true};
	/* sum 95 */
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(vitality_config_update(CX(&admin, T0, &e), &in), ERR_RULE);
	db_rollback(f->db);
	assert_string_equal(e.field, "components");
	/* negative */
	in.items[1].weight = -10;
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(vitality_config_update(CX(&admin, T0, &e), &in), ERR_RULE);
	db_rollback(f->db);
	assert_string_equal(e.field, "components[1].weight");
	/* unknown component */
	in.items[1] = (struct vitality_config_item){.key = "happiness", .weight = 0, .has_weight = true};
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(vitality_config_update(CX(&admin, T0, &e), &in), ERR_RULE);
	db_rollback(f->db);
	assert_string_equal(e.field, "components[1].key");
	/* days: the zero-score limit must exceed the target */
	struct vitality_config_in days = {.version = 1, .nitems = 1};
	days.items[0] = (struct vitality_config_item){.key = "fulfil_days", .target = 40, .has_target = true};
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(vitality_config_update(CX(&admin, T0, &e), &days), ERR_RULE);
	db_rollback(f->db);
	assert_string_equal(e.field, "components[0].target");
	/* a town admin may not */
	in.items[1] = (struct vitality_config_item){.key = "new_residents", .weight = 0, .has_weight = true};
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(vitality_config_update(CX(&town, T0, &e), &in), ERR_FORBIDDEN);
	db_rollback(f->db);
	/* stale version */
	in.version = 7;
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(vitality_config_update(CX(&admin, T0, &e), &in), ERR_CONFLICT);
	db_rollback(f->db);
	int64_t audits = count_rows(f->db, "audit_log");
	/* volunteers 20, new residents 0: sum 100 */
	in.version = 1;
	assert_int_equal(db_begin_write(f->db, &e), 0);
	int rc = vitality_config_update(CX(&admin, T0, &e), &in);
	if (rc)
		fprintf(stderr, "config: %s [%s]\n", e.message_en, e.field);
	assert_int_equal(rc, 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(count_rows(f->db, "audit_log"), audits + 1);
	assert_int_equal(count_rows(f->db, "audit_log WHERE entity='vitality_config' AND action='update'"
				    " AND before_json LIKE '%\"volunteers\",\"weight\":10%'"
				    " AND after_json LIKE '%\"volunteers\",\"weight\":20%'"),
			 1);
	assert_int_equal(query_int(f->db, "SELECT version FROM vitality_settings WHERE id=?", 1), 2);
	/* stored months are rescored at once: only volunteers now weighs */
	int64_t covered = 0;
	NEAR(total(f, "2026-11", f->a1, &covered), 30);
	assert_int_equal(covered, 20);
	bool stale = true;
	assert_int_equal(vitality_is_stale(CX(NULL, T0, &e), "2026-11", &stale), 0);
	assert_false(stale);
	/* a new target rescales the score */
	struct vitality_config_in tg = {.version = 2, .nitems = 1};
	tg.items[0] = (struct vitality_config_item){.key = "volunteers", .target = 30, .has_target = true};
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(vitality_config_update(CX(&admin, T0, &e), &tg), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	double raw, score;
	assert_int_equal(snap(f, "2026-11", f->a1, "volunteers", &raw, &score), 1);
	NEAR(score, 50);
	struct audit_verify_result vr;
	assert_int_equal(audit_verify(f->db, &vr, &e), 0);
	assert_true(vr.ok);
}

/* The current month goes stale after stale_minutes; a past month never
 * computed is stale, once computed it stays. */
static void staleness(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	bool stale = false;
	assert_int_equal(vitality_is_stale(CX(NULL, T0, &e), NULL, &stale), 0);
	assert_true(stale);
	recompute(f, "2026-11", T0);
	assert_int_equal(vitality_is_stale(CX(NULL, T0 + 10 * MINUTE, &e), NULL, &stale), 0);
	assert_false(stale);
	assert_int_equal(vitality_is_stale(CX(NULL, T0 + 31 * MINUTE, &e), "2026-11", &stale), 0);
	assert_true(stale);
	/* a write after the run makes the current month stale after a minute */
	struct audit_actor who = {f->user, "tester"};
	struct audit_entry en = {.action = "update", .entity = "demand", .entity_id = 1,
				 .region_id = f->a1};
	assert_int_equal(audit_append(f->db, &who, T0 + 2 * MINUTE, &en, &e), 0);
	assert_int_equal(vitality_is_stale(CX(NULL, T0 + 30 * SEC, &e), NULL, &stale), 0);
	assert_false(stale);
	assert_int_equal(vitality_is_stale(CX(NULL, T0 + 3 * MINUTE, &e), NULL, &stale), 0);
	assert_true(stale);
	assert_int_equal(vitality_is_stale(CX(NULL, T0, &e), "2026-05", &stale), 0);
	assert_true(stale);
	recompute(f, "2026-05", T0);
	assert_int_equal(vitality_is_stale(CX(NULL, T0 + 1000 * MINUTE, &e), "2026-05", &stale), 0);
	assert_false(stale);
	/* a later write does not make a past month stale */
	assert_int_equal(audit_append(f->db, &who, T0 + 5 * MINUTE, &en, &e), 0);
	assert_int_equal(vitality_is_stale(CX(NULL, T0 + 1000 * MINUTE, &e), "2026-05", &stale), 0);
	assert_false(stale);
	/* trend: computed months carry totals, others are marked */
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	assert_int_equal(vitality_write_trend(CX(NULL, T0, &e), &w, f->d, 12, "2026-11"), 0);
	json_t *j = parse_json(out.buf);
	json_t *ms = json_object_get(j, "months");
	assert_int_equal(json_array_size(ms), 12);
	assert_string_equal(json_string_value(json_object_get(json_array_get(ms, 0), "month")), "2025-12");
	assert_true(json_is_true(json_object_get(json_array_get(ms, 5), "computed")));  /* 2026-05 */
	assert_true(json_is_false(json_object_get(json_array_get(ms, 6), "computed"))); /* 2026-06 */
	json_decref(j);
	sb_free(&out);
}

/* The principal of a grant at region id (its path read from the store). */
static struct principal staff_of(struct fx *f, int role, int64_t id, char **path)
{
	struct principal p = {.user_id = f->user, .ngrants = 1};
	*path = query_text(f->db, "SELECT path FROM regions WHERE id=?", id);
	p.grants[0] = (struct grant){.role = role, .region_id = id, .region_path = *path,
				     .region_level = "community"};
	return p;
}

static json_t *answer(struct sb *out, struct jw *w, int rc)
{
	assert_int_equal(rc, 0);
	json_t *j = parse_json(out->buf);
	sb_reset(out);
	jw_init(w, out);
	return j;
}

/* Issue 10 item 8: the coverage beside every score; a month in progress
 * read as such, its 短板 from the last complete month unless asked; a
 * community's staff reading their town's ranking of communities — and
 * nothing else outside their community. */
static void honest_reading(void **state)
{
	struct fx *f = *state;
	people_fixture(f);
	org(f, f->a1, "community_social_org", "active", at(2026, 1, 5), 6);
	int64_t now = at(2026, 12, 5) + 10 * 3600 * SEC; /* 5 December, 10:00 */
	recompute(f, "2026-11", now);
	recompute(f, "2026-12", now);
	struct err e = {0};
	assert_string_equal(vitality_weak_month(CX(NULL, now, &e), NULL, NULL), "2026-11");
	assert_string_equal(vitality_weak_month(CX(NULL, now, &e), "2026-12", "complete"), "2026-11");
	assert_string_equal(vitality_weak_month(CX(NULL, now, &e), "2026-12", "current"), "2026-12");
	assert_string_equal(vitality_weak_month(CX(NULL, now, &e), "2026-10", NULL), "2026-10");
	assert_null(vitality_weak_month(CX(NULL, now, &e), "2026-13", NULL));

	char *path;
	struct principal p = staff_of(f, ROLE_COMMUNITY_STAFF, f->a1, &path);
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	json_t *j = answer(&out, &w, vitality_write_region_weak(CX(&p, now, &e), &w, f->a1, "2026-12", "2026-11"));
	assert_true(json_is_true(json_object_get(j, "in_progress")));
	assert_int_equal(json_int_at(j, "as_of_day"), 5);
	assert_int_equal(json_int_at(j, "days_in_month"), 31);
	assert_string_equal(json_string_value(json_object_get(j, "weak_month")), "2026-11");
	json_t *nov = answer(&out, &w, vitality_write_region(CX(&p, now, &e), &w, f->a1, "2026-11"));
	assert_true(json_is_false(json_object_get(nov, "in_progress")));
	assert_null(json_object_get(nov, "as_of_day"));
	assert_true(json_equal(json_object_get(j, "weak"), json_object_get(nov, "weak")));
	json_decref(nov);
	json_decref(j);

	/* coverage in every month of the trend and every item compared */
	j = answer(&out, &w, vitality_write_trend(CX(&p, now, &e), &w, f->a1, 2, "2026-12"));
	json_t *ms = json_object_get(j, "months");
	for (size_t i = 0; i < 2; i++) {
		json_t *m = json_array_get(ms, i);
		assert_int_equal(json_int_at(m, "components_with_data"), json_object_size(json_object_get(m, "scores")));
		assert_int_equal(json_int_at(m, "components_total"), vitality_count());
		assert_true(json_int_at(m, "weight_covered") > 0);
	}
	assert_true(json_is_true(json_object_get(json_array_get(ms, 1), "in_progress")));
	json_decref(j);
	int64_t ids[] = {f->a1};
	j = answer(&out, &w, vitality_write_compare(CX(&p, now, &e), &w, ids, 1, "2026-11"));
	json_t *it = json_array_get(json_object_get(j, "items"), 0);
	assert_int_equal(json_int_at(it, "components_total"), vitality_count());
	assert_true(json_int_at(it, "components_with_data") > 0);
	json_decref(j);

	/* the town's ranking of communities: readable, both communities ranked */
	struct vitality_rank_q q = {.level = "community", .parent_id = f->ta, .month = "2026-12", .limit = 20,
				    .weak_month = "2026-11"};
	int64_t n = 0;
	assert_int_equal(vitality_check_ranking(CX(&p, now, &e), &q), 0);
	assert_int_equal(vitality_write_ranking(CX(&p, now, &e), &w, &q, &n), 0);
	jw_obj_end(&w); /* the handler closes it after total and paging */
	j = answer(&out, &w, 0);
	assert_int_equal(n, 2);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_true(json_int_at(json_array_get(items, 0), "components_total") == vitality_count());
	assert_string_equal(json_string_value(json_object_get(j, "weak_month")), "2026-11");
	json_decref(j);
	/* but not another town's, nor the towns, nor another community's details */
	q.parent_id = f->tb;
	assert_int_equal(vitality_check_ranking(CX(&p, now, &e), &q), ERR_FORBIDDEN);
	q.parent_id = f->d;
	assert_int_equal(vitality_check_ranking(CX(&p, now, &e), &q), ERR_FORBIDDEN);
	q.parent_id = f->ta;
	q.level = "town";
	assert_int_equal(vitality_check_ranking(CX(&p, now, &e), &q), ERR_FORBIDDEN);
	assert_int_equal(vitality_check_region(CX(&p, now, &e), f->a2), ERR_FORBIDDEN);
	assert_int_equal(vitality_check_region(CX(&p, now, &e), f->ta), ERR_FORBIDDEN);
	sb_free(&out);
	free(path);
}

int main(void)
{
	if (sodium_init() < 0) {
		printf("0 passed, 1 failed\n");
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(normalise_rules),
		cmocka_unit_test(months),
		cmocka_unit_test_setup_teardown(no_data_excluded, setup, teardown),
		cmocka_unit_test_setup_teardown(aggregation_from_sums, setup, teardown),
		cmocka_unit_test_setup_teardown(as_of_month, setup, teardown),
		cmocka_unit_test_setup_teardown(attendance_from_reg_gov, setup, teardown),
		cmocka_unit_test_setup_teardown(modules_detected_by_tables, setup, teardown),
		cmocka_unit_test_setup_teardown(region_answer_and_weak, setup, teardown),
		cmocka_unit_test_setup_teardown(honest_reading, setup, teardown),
		cmocka_unit_test_setup_teardown(config_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(staleness, setup, teardown),
	};
	return RUN_SUITE(tests);
}
