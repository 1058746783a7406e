/*
 * test_calendar.c — the working-day calendar (modules/calendar/calendar.h)
 * and the exchange's deadlines that count on it.
 *
 * A fresh store carries the State Council's 2026 schedule (migration 005):
 * the tests count across 国庆, 春节 and a worked Saturday, enter and clear
 * marks as the district admin (one audit entry each, refused for a town
 * admin, bad input writing nothing), and check exchange_add_working_days().
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

#include "audit/audit.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/jw.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "modules/calendar/calendar.h"
#include "modules/exchange/exchange.h"
#include "modules/region/region.h"
#include "store/store.h"
#include "testutil.h"

#define CTX(f, p) (&(struct ctx){(f)->db, (p), T0, &(f)->a, &e, NULL})

struct fx {
	struct tstore *t;
	struct db *db;
	struct arena a;
	struct principal admin, town;
};

static void user(struct fx *f, const char *name, int role, int64_t region, struct principal *p)
{
	test_user(f->db, &f->a, name, role, region, p);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->t = tstore_new();
	f->db = f->t->db;
	arena_init(&f->a, 0);
	struct region_in d = {.level = "district", .name = "顺德区"}, t = {.level = "town", .name = "大良街道"};
	struct err e = {0};
	int64_t did = 0, tid = 0;
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(region_create(f->db, NULL, &d, T0, &did, &e), 0);
	t.parent_id = did;
	assert_int_equal(region_create(f->db, NULL, &t, T0, &tid, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	user(f, "admin1", ROLE_DISTRICT_ADMIN, did, &f->admin);
	user(f, "daliang1", ROLE_TOWN_ADMIN, tid, &f->town);
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

/* "YYYY-MM-DD" of t + n working days, t given as local ISO time. */
static void due(struct fx *f, const char *from, int n, char out[16])
{
	int64_t t, d;
	struct err e = {0};
	assert_int_equal(wtime_parse(from, &t), 0);
	assert_int_equal(cal_add_working_days(f->db, t, n, &d, &e), 0);
	wtime_format_date(d, out, 16);
	/* The exchange's deadlines agree, to the microsecond. */
	assert_int_equal(exchange_add_working_days(f->db, t, n), d);
	/* Same time of day. */
	assert_int_equal((d - t) % (86400LL * WTIME_US), 0);
}

static void counts_across_the_2026_holidays(void **state)
{
	struct fx *f = *state;
	char d[16];
	due(f, "2026-09-30T10:00", 1, d);
	assert_string_equal(d, "2026-10-08"); /* 国庆 1–7 October */
	due(f, "2026-09-30T10:00", 2, d);
	assert_string_equal(d, "2026-10-09");
	due(f, "2026-10-09T10:00", 1, d);
	assert_string_equal(d, "2026-10-10"); /* a Saturday worked */
	due(f, "2026-02-13T17:00", 1, d);
	assert_string_equal(d, "2026-02-14"); /* a Saturday worked before 春节 */
	due(f, "2026-02-14T17:00", 1, d);
	assert_string_equal(d, "2026-02-24"); /* 春节 15–23 February */
	due(f, "2026-11-25T09:30", 3, d);
	assert_string_equal(d, "2026-11-30"); /* an ordinary week: Wed + 3 = Mon */
	due(f, "2026-11-25T09:30", 0, d);
	assert_string_equal(d, "2026-11-25");
	/* A long count crosses more than one chunk of marks. */
	due(f, "2026-01-01T09:00", 248, d);
	assert_string_equal(d, "2026-12-31"); /* 2026 has 248 working days */
	/* Late evening UTC is the next morning in Shanghai. */
	due(f, "2026-09-30T23:30:00Z", 1, d); /* = 1 October 07:30 local */
	assert_string_equal(d, "2026-10-08");
}

static void year_json_counts(void **state)
{
	struct fx *f = *state;
	struct sb b = SB_INIT;
	struct jw w;
	jw_init(&w, &b);
	struct err e = {0};
	assert_int_equal(cal_year_json(f->db, 2026, T0, &w, &e), 0);
	json_t *j = parse_json(b.buf);
	assert_int_equal(json_int_at(j, "working_days"), 248);
	assert_int_equal(json_int_at(j, "holidays"), 33);
	assert_int_equal(json_int_at(j, "workdays"), 6);
	assert_true(json_is_false(json_object_get(j, "next_year_entered")));
	json_decref(j);
	sb_reset(&b);
	jw_init(&w, &b);
	/* A year without marks: Monday to Friday only. */
	assert_int_equal(cal_year_json(f->db, 2028, T0, &w, &e), 0);
	j = parse_json(b.buf);
	assert_int_equal(json_int_at(j, "working_days"), 260);
	assert_true(json_is_false(json_object_get(j, "entered")));
	json_decref(j);
	sb_reset(&b);
	jw_init(&w, &b);
	assert_int_equal(cal_year_json(f->db, 1999, T0, &w, &e), ERR_INVALID);
	assert_string_equal(e.field, "year");
	sb_free(&b);
}

static int set(struct fx *f, const struct principal *p, const char *from, const char *to,
	       const char *kind, const char *name, long *n, struct err *e)
{
	memset(e, 0, sizeof *e);
	assert_int_equal(db_begin_write(f->db, e), 0);
	struct arena a;
	arena_init(&a, 1024);
	struct ctx c = {f->db, p, T0, &a, e, NULL};
	struct cal_range_in in = {from, to, kind, name};
	int rc = cal_set_range(&c, &in, n);
	arena_free(&a);
	if (rc) {
		db_rollback(f->db);
		return rc;
	}
	struct err ce = {0};
	assert_int_equal(db_commit(f->db, &ce), 0);
	return 0;
}

static void edits_are_checked_and_audited(void **state)
{
	struct fx *f = *state;
	struct err e;
	long n = 0;
	int64_t marks = count_rows(f->db, "calendar_days"), audits = count_rows(f->db, "audit_log");
	/* Refused, nothing written. */
	assert_int_equal(set(f, &f->town, "2027-01-01", "2027-01-03", "holiday", "元旦", &n, &e), ERR_FORBIDDEN);
	assert_int_equal(set(f, &f->admin, "2027-01-05", "2027-01-05", "workday", "调休", &n, &e), ERR_RULE);
	assert_string_equal(e.field, "from");
	assert_non_null(strstr(e.message, "2027-01-05"));
	assert_int_equal(set(f, &f->admin, "2027-01-01", "2027-03-01", "holiday", "长假", &n, &e), ERR_INVALID);
	assert_string_equal(e.field, "to");
	assert_int_equal(set(f, &f->admin, "2027-02-29", "2027-02-29", "holiday", "x", &n, &e), ERR_INVALID);
	assert_string_equal(e.field, "from");
	assert_int_equal(set(f, &f->admin, "2027-01-01", "2027-01-01", "rest", "x", &n, &e), ERR_INVALID);
	assert_string_equal(e.field, "kind");
	assert_int_equal(set(f, &f->admin, "2027-01-01", "2027-01-01", "holiday", "", &n, &e), ERR_INVALID);
	assert_string_equal(e.field, "name");
	assert_int_equal(count_rows(f->db, "calendar_days"), marks);
	assert_int_equal(count_rows(f->db, "audit_log"), audits);
	/* A range and a worked weekend day: one entry each. */
	assert_int_equal(set(f, &f->admin, "2027-01-01", "2027-01-03", "holiday", "元旦", &n, &e), 0);
	assert_int_equal(n, 3);
	assert_int_equal(set(f, &f->admin, "2027-01-09", "2027-01-09", "workday", "元旦调休上班", &n, &e), 0);
	assert_int_equal(count_rows(f->db, "calendar_days"), marks + 4);
	assert_int_equal(count_rows(f->db, "audit_log WHERE entity='calendar' AND action='set_days'"), 2);
	char d[16];
	due(f, "2026-12-31T10:00", 1, d);
	assert_string_equal(d, "2027-01-04");
	due(f, "2027-01-08T10:00", 1, d);
	assert_string_equal(d, "2027-01-09");
	/* Clearing: audited; a day without a mark is 404. */
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(cal_clear_day(CTX(f, &f->admin), "2027-01-09"), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	due(f, "2027-01-08T10:00", 1, d);
	assert_string_equal(d, "2027-01-11");
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(cal_clear_day(CTX(f, &f->admin), "2027-01-09"), ERR_NOT_FOUND);
	assert_int_equal(cal_clear_day(CTX(f, &f->town), "2027-01-01"), ERR_FORBIDDEN);
	db_rollback(f->db);
	assert_int_equal(count_rows(f->db, "audit_log WHERE entity='calendar' AND action='clear_day'"), 1);
	struct audit_verify_result v;
	assert_int_equal(audit_verify(f->db, &v, &e), 0);
	assert_true(v.ok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(counts_across_the_2026_holidays, setup, teardown),
		cmocka_unit_test_setup_teardown(year_json_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(edits_are_checked_and_audited, setup, teardown),
	};
	return RUN_SUITE(tests);
}
