/*
 * test_exchange_dir.c — the exchange's directory side on the module kit
 * (modules/exchange/exchange_dir.h: logic on struct ctx, record kinds, lists
 * on store/list.h), against a temp store.
 *
 * Covered: a renewal carries 500-character service_what and 200-character
 * service_for_whom over whole (issue 9: they were cut at 511 bytes in the
 * middle of a character, storing invalid UTF-8); the directory lists'
 * scope — one grant, several grants (the union), none outside — region
 * filter (400 unknown, 403 outside), unknown sort, q as plain text (LIKE's
 * wildcards escaped), keyset paging that
 * visits every row once; one audit entry per write and none for a refused
 * one; bookings' status filter.
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
#include "modules/exchange/exchange_dir.h"
#include "modules/region/region.h"
#include "store/list.h"
#include "store/store.h"
#include "testutil.h"

struct fx {
	struct tstore *t;
	struct db *db;
	struct arena a;
	struct principal beiqu, zhenhua, both, daliang;
	int64_t district, daliang_id, beiqu_id, zhenhua_id;
};

/* The logic's context: the fixture's store and arena, a caller, at T0. */
#define CX(f, p, err) (&(struct ctx){.db = (f)->db, .who = (p), .now = T0, .a = &(f)->a, .e = (err)})

#define TX(f, call)                                                        \
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

static int64_t region(struct db *db, int64_t parent, const char *level, const char *name)
{
	struct err e = {0};
	int64_t id = 0;
	struct region_in in = {.parent_id = parent, .level = level, .name = name,
			       .code = parent ? NULL : "440606"};
	assert_int_equal(db_begin_write(db, &e), 0);
	assert_int_equal(region_create(db, NULL, &in, T0, &id, &e), 0);
	assert_int_equal(db_commit(db, &e), 0);
	return id;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->t = tstore_new();
	f->db = f->t->db;
	arena_init(&f->a, 0);
	f->district = region(f->db, 0, "district", "顺德区");
	f->daliang_id = region(f->db, f->district, "town", "大良街道");
	int64_t ronggui = region(f->db, f->district, "town", "容桂街道");
	f->beiqu_id = region(f->db, f->daliang_id, "community", "北区社区");
	f->zhenhua_id = region(f->db, ronggui, "community", "振华社区");
	test_user(f->db, &f->a, "beiqu", ROLE_COMMUNITY_STAFF, f->beiqu_id, &f->beiqu);
	test_user(f->db, &f->a, "zhenhua", ROLE_COMMUNITY_STAFF, f->zhenhua_id, &f->zhenhua);
	test_user(f->db, &f->a, "daliang", ROLE_TOWN_ADMIN, f->daliang_id, &f->daliang);
	/* a social worker serving two communities in two towns: two grants */
	test_user(f->db, &f->a, "both", ROLE_COMMUNITY_STAFF, f->beiqu_id, &f->both);
	char sql[256];
	snprintf(sql, sizeof sql, "INSERT INTO user_grants(user_id, role, region_id) VALUES(%lld, 'community_staff', %lld)",
		 (long long)f->both.user_id, (long long)f->zhenhua_id);
	exec_committed(f->db, sql);
	struct err e = {0};
	assert_int_equal(auth_load_principal(f->db, &f->a, f->both.user_id, &f->both, &e), 0);
	assert_int_equal(f->both.ngrants, 2);
	snprintf(sql, sizeof sql,
		 "INSERT INTO organisations(region_id, name, org_type, address, created_at, updated_at)"
		 " VALUES(%lld,'北区社区长者关爱协会','community_social_org','云路 8 号',0,0)",
		 (long long)f->beiqu_id);
	exec_committed(f->db, sql);
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

static int64_t mkspace(struct fx *f, const struct principal *p, int64_t region_id, const char *name)
{
	struct err e = {0};
	int64_t id = 0;
	struct exchange_space_in in = {.region_id = region_id, .name = name, .kind = "room"};
	int rc = TX(f, exchange_space_create(CX(f, p, &e), &in, &id));
	if (rc)
		fprintf(stderr, "space: %s\n", e.message_en);
	assert_int_equal(rc, 0);
	return id;
}

static char *repeat(const char *ch, int n)
{
	struct sb b = SB_INIT;
	for (int i = 0; i < n; i++)
		sb_adds(&b, ch);
	return sb_detach(&b, NULL);
}

/* ---------- the service_what cut (issue 9) ---------- */

static void test_renew_keeps_long_texts(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	char *what = repeat("服", 500), *whom = repeat("长", 200); /* 1500 and 600 bytes */
	int64_t s = mkspace(f, &f->beiqu, f->beiqu_id, "三楼活动室"), a = 0, n = 0;
	struct exchange_agreement_in in = {.space_id = s, .organisation_id = 1, .start_month = "2025-01",
				       .end_month = "2025-12", .hours_per_month = 0,
				       .service_what = what, .service_for_whom = whom};
	assert_int_equal(TX(f, exchange_agreement_create(CX(f, &f->beiqu, &e), &in, &a)), 0);
	/* renewed without restating what is owed and for whom */
	struct exchange_agreement_in rn = {.end_month = "2026-12", .rent_fen = -1, .hours_per_month = -1};
	int rc = TX(f, exchange_agreement_renew(CX(f, &f->beiqu, &e), a, &rn, &n));
	if (rc)
		fprintf(stderr, "renew: %s\n", e.message_en);
	assert_int_equal(rc, 0);
	assert_int_not_equal(n, a);
	char *got = query_text(f->db, "SELECT service_what FROM xchg_space_agreements WHERE id=?", n);
	assert_true(utf8_valid(got));
	assert_int_equal(strlen(got), 1500);
	assert_string_equal(got, what);
	free(got);
	got = query_text(f->db, "SELECT service_for_whom FROM xchg_space_agreements WHERE id=?", n);
	assert_string_equal(got, whom);
	free(got);
	/* and the API's answer carries them whole */
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	assert_int_equal(exchange_agreement_write(CX(f, &f->beiqu, &e), &w, n), 0);
	json_t *j = parse_json(out.buf);
	assert_string_equal(json_string_value(json_object_get(j, "service_what")), what);
	assert_string_equal(json_string_value(json_object_get(j, "start_month")), "2026-01");
	json_decref(j);
	sb_free(&out);
	free(what);
	free(whom);
}

/* ---------- lists ---------- */

/* One page of spaces as JSON ({"items": […], "total", "next_cursor"}), or NULL and rc. */
static json_t *spaces(struct fx *f, const struct principal *p, struct exchange_space_filter *flt, int expect,
		      struct err *e)
{
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	struct list_result res = {0};
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	assert_int_equal(db_begin(f->db, e), 0);
	int rc = exchange_space_list(CX(f, p, e), flt, &w, &res);
	db_rollback(f->db);
	assert_int_equal(rc, expect);
	json_t *j = NULL;
	if (!rc) {
		jw_arr_end(&w);
		jw_kint(&w, "total", res.total);
		jw_kstr(&w, "next_cursor", res.next_cursor);
		jw_obj_end(&w);
		j = parse_json(out.buf);
	}
	list_result_free(&res);
	sb_free(&out);
	return j;
}

static void test_list_scope(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	const char *b[] = {"活动室一", "活动室二", "活动室三"}, *z[] = {"会议室一", "会议室二"};
	for (int i = 0; i < 3; i++)
		mkspace(f, &f->beiqu, f->beiqu_id, b[i]);
	for (int i = 0; i < 2; i++)
		mkspace(f, &f->zhenhua, f->zhenhua_id, z[i]);
	struct exchange_space_filter flt = {.pg = {.page = 1, .per_page = 20}};
	json_t *j = spaces(f, &f->beiqu, &flt, 0, &e);
	assert_int_equal(json_int_at(j, "total"), 3);
	json_decref(j);
	j = spaces(f, &f->daliang, &flt, 0, &e); /* the town: its community's */
	assert_int_equal(json_int_at(j, "total"), 3);
	json_decref(j);
	j = spaces(f, &f->both, &flt, 0, &e); /* two grants: both communities */
	assert_int_equal(json_int_at(j, "total"), 5);
	json_decref(j);
	j = spaces(f, NULL, &flt, 0, &e); /* the system */
	assert_int_equal(json_int_at(j, "total"), 5);
	json_decref(j);
	/* a region filter inside the scope narrows it; outside it is 403; unknown 400 */
	flt.region_id = f->zhenhua_id;
	j = spaces(f, &f->both, &flt, 0, &e);
	assert_int_equal(json_int_at(j, "total"), 2);
	json_decref(j);
	assert_null(spaces(f, &f->beiqu, &flt, ERR_FORBIDDEN, &e));
	flt.region_id = 999999;
	assert_null(spaces(f, &f->beiqu, &flt, ERR_INVALID, &e));
	assert_string_equal(e.field, "region_id");
	flt.region_id = 0;
	/* sorts come from a whitelist; kinds from the enum */
	flt.pg.sort = "name; DROP TABLE xchg_spaces";
	assert_null(spaces(f, &f->beiqu, &flt, ERR_INVALID, &e));
	assert_string_equal(e.field, "sort");
	flt.pg.sort = NULL;
	flt.kind = "castle";
	assert_null(spaces(f, &f->beiqu, &flt, ERR_INVALID, &e));
	assert_string_equal(e.field, "kind");
	flt.kind = NULL;
	/* q matches the name as plain text: LIKE's own wildcards are escaped */
	flt.q = "会议";
	j = spaces(f, &f->both, &flt, 0, &e);
	assert_int_equal(json_int_at(j, "total"), 2);
	json_decref(j);
	const char *wild[] = {"_", "%", "活动%一", "\\"};
	for (size_t i = 0; i < sizeof wild / sizeof wild[0]; i++) {
		flt.q = wild[i];
		j = spaces(f, &f->both, &flt, 0, &e);
		assert_int_equal(json_int_at(j, "total"), 0);
		json_decref(j);
	}
}

static void test_list_cursor(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	char name[32];
	for (int i = 0; i < 7; i++) {
		snprintf(name, sizeof name, "活动室 %d", i);
		mkspace(f, &f->beiqu, f->beiqu_id, name);
	}
	/* per_page 3 by cursor: 3 + 3 + 1, each space once */
	struct exchange_space_filter flt = {.pg = {.page = 1, .per_page = 3, .sort = "name"}};
	int seen = 0, pages = 0;
	char *cursor = NULL;
	bool ids[64] = {false};
	for (;;) {
		flt.pg.cursor = cursor;
		json_t *j = spaces(f, &f->beiqu, &flt, 0, &e);
		json_t *items = json_object_get(j, "items"), *it;
		size_t i;
		json_array_foreach(items, i, it)
		{
			int64_t id = json_int_at(it, "id");
			assert_true(id > 0 && id < 64);
			assert_false(ids[id]);
			ids[id] = true;
			seen++;
		}
		pages++;
		free(cursor);
		json_t *next = json_object_get(j, "next_cursor");
		cursor = json_is_string(next) ? strdup(json_string_value(next)) : NULL;
		json_decref(j);
		if (!cursor)
			break;
		assert_true(pages < 10);
	}
	assert_int_equal(seen, 7);
	assert_int_equal(pages, 3);
}

/* ---------- one audit entry per write ---------- */

static void test_one_audit_per_write(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t s = mkspace(f, &f->beiqu, f->beiqu_id, "活动室");
	assert_int_equal(count_rows(f->db, "audit_log WHERE entity='xchg_space'"), 1);
	struct exchange_space_in up = {.name = "长者活动室", .version = 1};
	assert_int_equal(TX(f, exchange_space_update(CX(f, &f->zhenhua, &e), s, &up)), ERR_FORBIDDEN);
	up.version = 7;
	assert_int_equal(TX(f, exchange_space_update(CX(f, &f->beiqu, &e), s, &up)), ERR_CONFLICT);
	assert_string_equal(e.field, "version");
	assert_int_equal(count_rows(f->db, "audit_log WHERE entity='xchg_space'"), 1);
	up.version = 1;
	assert_int_equal(TX(f, exchange_space_update(CX(f, &f->beiqu, &e), s, &up)), 0);
	assert_int_equal(count_rows(f->db, "audit_log WHERE entity='xchg_space'"), 2);
	char *before = query_text(f->db, "SELECT before_json FROM audit_log WHERE entity='xchg_space'"
					 " AND action='update' AND entity_id=?", s);
	char *after = query_text(f->db, "SELECT after_json FROM audit_log WHERE entity='xchg_space'"
					" AND action='update' AND entity_id=?", s);
	assert_non_null(strstr(before, "\"活动室\""));
	assert_non_null(strstr(after, "长者活动室"));
	assert_non_null(strstr(after, "\"version\":2"));
	free(before);
	free(after);
	/* a booking and its cancellation: one entry each */
	const int64_t H = 3600 * SEC;
	struct exchange_booking_in bk = {.space_id = s, .title = "长者讲座", .start_at = T0 + 24 * H,
				     .end_at = T0 + 26 * H};
	int64_t b = 0;
	assert_int_equal(TX(f, exchange_booking_create(CX(f, &f->beiqu, &e), &bk, &b)), 0);
	assert_int_equal(TX(f, exchange_booking_create(CX(f, NULL, &e), &bk, &b)), ERR_FORBIDDEN); /* needs a user */
	assert_int_equal(TX(f, exchange_booking_cancel(CX(f, &f->zhenhua, &e), b)), ERR_NOT_FOUND);
	assert_int_equal(TX(f, exchange_booking_cancel(CX(f, &f->beiqu, &e), b)), 0);
	assert_int_equal(count_rows(f->db, "audit_log WHERE entity='xchg_space_booking'"), 2);
	/* the list shows booked ones unless cancelled ones are asked for; other statuses are 400 */
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	struct list_result res = {0};
	struct exchange_booking_filter bf = {.pg = {.page = 1, .per_page = 20}};
	jw_arr(&w);
	assert_int_equal(exchange_booking_list(CX(f, &f->beiqu, &e), &bf, &w, &res), 0);
	assert_int_equal(res.total, 0);
	bf.include_cancelled = true;
	assert_int_equal(exchange_booking_list(CX(f, &f->beiqu, &e), &bf, &w, &res), 0);
	assert_int_equal(res.total, 1);
	bf.status = "cancelled";
	assert_int_equal(exchange_booking_list(CX(f, &f->beiqu, &e), &bf, &w, &res), ERR_INVALID);
	assert_string_equal(e.field, "status");
	list_result_free(&res);
	sb_free(&out);
	struct audit_verify_result vr;
	assert_int_equal(audit_verify(f->db, &vr, &e), 0);
	assert_true(vr.ok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_renew_keeps_long_texts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_cursor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_audit_per_write, setup, teardown),
	};
	return RUN_SUITE(tests);
}
