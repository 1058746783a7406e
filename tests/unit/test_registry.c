/*
 * test_registry.c — the registry (modules/registry/registry.h) against a
 * temp store, no HTTP.
 *
 * Each test builds:
 *
 *   顺德区 (district)
 *   ├── 大良街道 (town A) ── 北区社区 (a1) ── 第一网格 (g1), 第二网格 (g2)
 *   └── 容桂街道 (town B) ── 振华社区 (b1)
 *
 * with a district admin, a town admin of A, community staff of a1 and a
 * grid worker of g1, and checks: ID numbers and mobiles validated, stored
 * normalised and shown only masked (lists, detail, audit snapshots); a
 * failed write writes nothing; duplicates and stale versions are 409; the
 * town admin of A can neither read nor change B; reveal needs a purpose,
 * is for staff only and logs the purpose but not the values;
 * verification and its withdrawal; the helpers for voting modules; the
 * people list's two query paths (region fan-out and single query) agree on
 * every filter, page and the capped total; organisations, teams and
 * facilities keep their rules; the audit chain stays intact.
 *
 * Prints "N passed, N failed" last; cmocka's own report goes to stderr.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/jw.h"
#include "core/sb.h"
#include "modules/region/region.h"
#include "modules/registry/registry.h"
#include "store/list.h"
#include "store/store.h"
#include "testutil.h"

#define ID_OK "440606199207082343"   /* valid: female, 1992-07-08 */
#define ID_OK2 "440606198503151230"  /* valid: male, 1985-03-15 */
#define ID_BAD "440606198503151231"  /* wrong check character */

struct fx {
	struct tstore *t;
	struct db *db;
	struct arena a;
	int64_t d, ta, tb, a1, g1, g2, b1;
	struct principal district, town_a, staff_a1, grid_g1;
};

#define WRITE(fx, call)                                                    \
	({                                                                 \
		struct err ce_ = {0};                                      \
		assert_int_equal(db_begin_write((fx)->db, &ce_), 0);       \
		int rc_ = (call);                                          \
		if (rc_ == 0)                                              \
			assert_int_equal(db_commit((fx)->db, &ce_), 0);    \
		else                                                       \
			db_rollback((fx)->db);                             \
		rc_;                                                       \
	})

/* The logic's context for one call: the store, the caller and the time. */
/* A request context: the fixture's arena, as a request's (registry logic allocates from it). */
#define CX(db_, who_, now_, e_) (&(struct ctx){(db_), (who_), (now_), &f->a, (e_), NULL})

static int64_t mkregion(struct fx *f, int64_t parent, const char *level, const char *name)
{
	struct region_in in = {.parent_id = parent, .level = level, .name = name};
	struct err e = {0};
	int64_t id = 0;
	assert_int_equal(WRITE(f, region_create(f->db, NULL, &in, T0, &id, &e)), 0);
	return id;
}

static void mkuser(struct fx *f, const char *username, int role, int64_t region, struct principal *p)
{
	struct err e = {0};
	assert_int_equal(WRITE(f, auth_user_create_cli(f->db, username, NULL, "Passw0rd1", role, region, T0, &e)), 0);
	int64_t uid = 0;
	assert_int_equal(db_int(f->db, &e, &uid, "SELECT id FROM users WHERE username=?", "s", username), 1);
	assert_int_equal(auth_load_principal(f->db, &f->a, uid, p, &e), 0);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->t = tstore_new();
	f->db = f->t->db;
	arena_init(&f->a, 0);
	f->d = mkregion(f, 0, "district", "顺德区");
	f->ta = mkregion(f, f->d, "town", "大良街道");
	f->tb = mkregion(f, f->d, "town", "容桂街道");
	f->a1 = mkregion(f, f->ta, "community", "北区社区");
	f->g1 = mkregion(f, f->a1, "grid", "第一网格");
	f->g2 = mkregion(f, f->a1, "grid", "第二网格");
	f->b1 = mkregion(f, f->tb, "community", "振华社区");
	mkuser(f, "admin", ROLE_DISTRICT_ADMIN, f->d, &f->district);
	mkuser(f, "daliang", ROLE_TOWN_ADMIN, f->ta, &f->town_a);
	mkuser(f, "beiqu", ROLE_COMMUNITY_STAFF, f->a1, &f->staff_a1);
	mkuser(f, "grid1", ROLE_GRID_WORKER, f->g1, &f->grid_g1);
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

static int64_t audit_count(struct fx *f)
{
	return count_rows(f->db, "audit_log");
}

static void audit_intact(struct fx *f)
{
	struct audit_verify_result r;
	struct err e = {0};
	assert_int_equal(audit_verify(f->db, &r, &e), 0);
	assert_true(r.ok);
}

static int person(struct fx *f, const struct principal *actor, int64_t region, const char *name,
		  const char *idn, const char *mobile, int64_t *id, struct err *e)
{
	struct registry_person_in in = {0};
	in.region_id = region;
	in.name = name;
	in.id_number = idn;
	in.has_id_number = idn != NULL;
	in.mobile = mobile;
	in.has_mobile = mobile != NULL;
	err_clear(e);
	return WRITE(f, registry_person_create(CX(f->db, actor, T0, e), &in, id));
}

static int64_t mkperson(struct fx *f, int64_t region, const char *name)
{
	struct err e = {0};
	int64_t id = 0;
	int rc = person(f, NULL, region, name, NULL, NULL, &id, &e);
	if (rc)
		fprintf(stderr, "person %s: %s\n", name, e.message_en);
	assert_int_equal(rc, 0);
	return id;
}

static json_t *read_person(struct fx *f, const struct principal *p, int64_t id)
{
	struct sb out = SB_INIT;
	struct jw w;
	struct err e = {0};
	jw_init(&w, &out);
	assert_int_equal(registry_person_write_json(f->db, p, &w, id, true, &e), 0);
	json_t *j = parse_json(out.buf);
	sb_free(&out);
	return j;
}

/* ---- list sink: collect ids ---- */
struct ids {
	int64_t v[256];
	int n;
};

static int collect(void *ctx, const struct registry_col *cols, int ncols, struct stmt *st, struct err *e)
{
	(void)cols;
	(void)ncols;
	(void)e;
	struct ids *x = ctx;
	if (x->n < 256)
		x->v[x->n++] = col_int(st, 0);
	return 0;
}

/* A page of people: offset is a multiple of limit. */
static struct list_result list_people_sorted(struct fx *f, const struct principal *p,
					     const struct registry_people_filter *flt, const char *sort,
					     int64_t limit, int64_t offset, struct ids *out,
					     int expect_rc)
{
	struct list_req lr = {.page = offset / limit + 1, .per_page = limit, .sort = sort};
	struct list_result res = {0};
	struct err e = {0};
	memset(out, 0, sizeof *out);
	int rc = registry_people_list(CX(f->db, p, T0, &e), flt, &lr, collect, out, &res);
	if (rc != expect_rc)
		fprintf(stderr, "list: %d %s\n", rc, e.message_en);
	assert_int_equal(rc, expect_rc);
	list_result_free(&res);
	return res;
}

static struct list_result list_people(struct fx *f, const struct principal *p,
				      const struct registry_people_filter *flt, int64_t limit,
				      int64_t offset, struct ids *out, int expect_rc)
{
	return list_people_sorted(f, p, flt, NULL, limit, offset, out, expect_rc);
}

/* --------------------------------------------------------------- tests */

static void person_stored_normalised_shown_masked(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t id = 0;
	assert_int_equal(person(f, &f->staff_a1, f->g1, "梁嘉欣", " 440606199207082343 ", "+86 139-2233-4455", &id, &e), 0);
	char *s = query_text(f->db, "SELECT id_number FROM people WHERE id=?", id);
	assert_string_equal(s, ID_OK);
	free(s);
	s = query_text(f->db, "SELECT mobile FROM people WHERE id=?", id);
	assert_string_equal(s, "13922334455");
	free(s);
	s = query_text(f->db, "SELECT gender || ' ' || birth_date FROM people WHERE id=?", id);
	assert_string_equal(s, "female 1992-07-08");
	free(s);
	json_t *j = read_person(f, &f->staff_a1, id);
	assert_string_equal(json_string_value(json_object_get(j, "id_number")), "4406**********2343");
	assert_string_equal(json_string_value(json_object_get(j, "mobile")), "139****4455");
	assert_string_equal(json_string_value(json_object_get(j, "community_name")), "北区社区");
	assert_true(json_is_true(json_object_get(j, "can_reveal")));
	json_t *h = json_object_get(j, "history");
	assert_int_equal(json_array_size(h), 1);
	json_decref(j);
	/* The audit snapshot carries the masks only. */
	assert_int_equal(count_rows(f->db, "audit_log WHERE after_json LIKE '%4406**********2343%'"), 1);
	assert_int_equal(count_rows(f->db, "audit_log WHERE after_json LIKE '%" ID_OK "%'"
					   " OR after_json LIKE '%13922334455%'"), 0);
	audit_intact(f);
}

static void bad_input_writes_nothing(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t id = 0, before = audit_count(f);
	assert_int_equal(person(f, &f->staff_a1, f->a1, "梁测试", ID_BAD, NULL, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "id_number");
	assert_int_equal(person(f, &f->staff_a1, f->a1, "梁测试", NULL, "12345", &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "mobile");
	/* A person lives in a community or below, never in a town. */
	assert_int_equal(person(f, &f->town_a, f->ta, "梁测试", NULL, NULL, &id, &e), ERR_RULE);
	assert_string_equal(e.field, "region_id");
	/* sw_level only for social workers. */
	struct registry_person_in in = {.region_id = f->a1, .name = "梁测试", .sw_level = "senior", .has_sw_level = true};
	assert_int_equal(WRITE(f, registry_person_create(CX(f->db, NULL, T0, &e), &in, &id)), ERR_RULE);
	assert_string_equal(e.field, "sw_level");
	assert_int_equal(count_rows(f->db, "people"), 0);
	assert_int_equal(audit_count(f), before);
}

static void duplicate_id_is_conflict(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t id = 0, id2 = 0;
	assert_int_equal(person(f, NULL, f->a1, "甲", ID_OK, NULL, &id, &e), 0);
	assert_int_equal(person(f, NULL, f->b1, "乙", ID_OK, NULL, &id2, &e), ERR_CONFLICT);
	assert_string_equal(e.field, "id_number");
	/* Also on update. */
	assert_int_equal(person(f, NULL, f->a1, "丙", ID_OK2, NULL, &id2, &e), 0);
	struct registry_person_in up = {.version = 1, .id_number = "440606199207082343", .has_id_number = true};
	assert_int_equal(WRITE(f, registry_person_update(CX(f->db, NULL, T0, &e), id2, &up)), ERR_CONFLICT);
	assert_string_equal(e.field, "id_number");
	assert_int_equal(count_rows(f->db, "people"), 2);
}

static void town_admin_confined_to_its_town(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t mine = mkperson(f, f->g1, "北区居民"), theirs = mkperson(f, f->b1, "振华居民");
	int64_t before = audit_count(f);
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	assert_int_equal(registry_person_write_json(f->db, &f->town_a, &w, theirs, true, &e), ERR_FORBIDDEN);
	struct registry_person_in up = {.version = 1, .name = "改名"};
	assert_int_equal(WRITE(f, registry_person_update(CX(f->db, &f->town_a, T0, &e), theirs, &up)), ERR_FORBIDDEN);
	sb_reset(&out);
	assert_int_equal(WRITE(f, registry_person_reveal(CX(f->db, &f->town_a, T0, &e), theirs, "越权", &w)), ERR_FORBIDDEN);
	assert_int_equal(WRITE(f, registry_person_verify(CX(f->db, &f->town_a, T0, &e), theirs, &(struct registry_verify_in){"in_person", NULL})), ERR_FORBIDDEN);
	assert_int_equal(WRITE(f, registry_person_delete(CX(f->db, &f->town_a, T0, &e), theirs)), ERR_FORBIDDEN);
	int64_t id;
	assert_int_equal(person(f, &f->town_a, f->b1, "渗透", NULL, NULL, &id, &e), ERR_FORBIDDEN);
	char *name = query_text(f->db, "SELECT name FROM people WHERE id=?", theirs);
	assert_string_equal(name, "振华居民");
	free(name);
	assert_int_equal(count_rows(f->db, "people"), 2);
	assert_int_equal(audit_count(f), before);
	/* Lists: the town's own people only; naming the other town is refused. */
	struct registry_people_filter flt;
	registry_people_filter_init(&flt);
	struct ids got;
	struct list_result pg = list_people(f, &f->town_a, &flt, 20, 0, &got, 0);
	assert_int_equal(got.n, 1);
	assert_int_equal(got.v[0], mine);
	assert_int_equal(pg.total, 1);
	flt.region_id = f->b1;
	list_people(f, &f->town_a, &flt, 20, 0, &got, ERR_FORBIDDEN);
	/* A grid worker reads its grid, but may not edit. */
	jw_init(&w, &out);
	sb_reset(&out);
	assert_int_equal(registry_person_write_json(f->db, &f->grid_g1, &w, mine, false, &e), 0);
	up.name = "网格员改名";
	assert_int_equal(WRITE(f, registry_person_update(CX(f->db, &f->grid_g1, T0, &e), mine, &up)), ERR_FORBIDDEN);
	sb_free(&out);
}

static void reveal_needs_purpose_and_is_audited(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t id = 0;
	assert_int_equal(person(f, NULL, f->g1, "梁嘉欣", ID_OK, "13922334455", &id, &e), 0);
	int64_t before = audit_count(f);
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	assert_int_equal(WRITE(f, registry_person_reveal(CX(f->db, &f->staff_a1, T0, &e), id, "", &w)), ERR_INVALID);
	assert_string_equal(e.field, "purpose");
	assert_int_equal(WRITE(f, registry_person_reveal(CX(f->db, &f->grid_g1, T0, &e), id, "核对", &w)), ERR_FORBIDDEN);
	assert_int_equal(audit_count(f), before);
	sb_reset(&out);
	jw_init(&w, &out);
	assert_int_equal(WRITE(f, registry_person_reveal(CX(f->db, &f->staff_a1, T0, &e), id, "核对低保申请材料", &w)), 0);
	json_t *j = parse_json(out.buf);
	assert_string_equal(json_string_value(json_object_get(j, "id_number")), ID_OK);
	assert_string_equal(json_string_value(json_object_get(j, "mobile")), "13922334455");
	json_decref(j);
	sb_free(&out);
	assert_int_equal(audit_count(f), before + 1);
	assert_int_equal(count_rows(f->db, "audit_log WHERE action='person.reveal' AND entity='person'"
					   " AND after_json LIKE '%核对低保申请材料%' AND username='beiqu'"),
			 1);
	assert_int_equal(count_rows(f->db, "audit_log WHERE after_json LIKE '%" ID_OK "%'"
					   " OR after_json LIKE '%13922334455%'"), 0);
	audit_intact(f);
}

static void verify_and_withdraw(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t id = mkperson(f, f->g2, "何永明");
	assert_int_equal(registry_person_verified(f->db, id), 0);
	assert_int_equal(WRITE(f, registry_person_verify(CX(f->db, &f->staff_a1, T0, &e), id, &(struct registry_verify_in){"by_phone", NULL})), ERR_INVALID);
	assert_int_equal(WRITE(f, registry_person_verify(CX(f->db, &f->staff_a1, T0 + SEC, &e), id, &(struct registry_verify_in){"household_roll", "户籍册第3页"})), 0);
	assert_int_equal(registry_person_verified(f->db, id), 1);
	assert_int_equal(query_int(f->db, "SELECT verified_by FROM people WHERE id=?", id), f->staff_a1.user_id);
	assert_int_equal(query_int(f->db, "SELECT verified_at FROM people WHERE id=?", id), T0 + SEC);
	assert_int_equal(WRITE(f, registry_person_verify(CX(f->db, &f->staff_a1, T0, &e), id, &(struct registry_verify_in){"in_person", NULL})), ERR_CONFLICT);
	/* Linked account → the voting helper finds the person. */
	exec_committed(f->db, "UPDATE people SET user_id=(SELECT id FROM users WHERE username='grid1')");
	assert_int_equal(registry_user_verified_person(f->db, f->grid_g1.user_id), id);
	assert_int_equal(registry_user_verified_person(f->db, f->town_a.user_id), 0);
	assert_int_equal(WRITE(f, registry_person_unverify(CX(f->db, &f->staff_a1, T0, &e), id, &(struct registry_unverify_in){""})), ERR_INVALID);
	assert_int_equal(WRITE(f, registry_person_unverify(CX(f->db, &f->staff_a1, T0, &e), id, &(struct registry_unverify_in){"已迁出"})), 0);
	assert_int_equal(registry_person_verified(f->db, id), 0);
	assert_int_equal(registry_user_verified_person(f->db, f->grid_g1.user_id), 0);
	assert_int_equal(count_rows(f->db, "people WHERE verified_at IS NULL AND verified_by IS NULL"
					   " AND verify_method IS NULL AND verify_note IS NULL"), 1);
	assert_int_equal(count_rows(f->db, "audit_log WHERE action IN ('person.verify','person.unverify')"), 2);
	assert_int_equal(count_rows(f->db, "audit_log WHERE action='person.unverify' AND after_json LIKE '%已迁出%'"), 1);
	assert_int_equal(registry_person_verified(f->db, 999999), 0);
	audit_intact(f);
}

static void stale_version_conflicts(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t id = mkperson(f, f->a1, "罗伟");
	struct registry_person_in up = {.version = 1, .address = "府又路1号", .has_address = true};
	assert_int_equal(WRITE(f, registry_person_update(CX(f->db, &f->staff_a1, T0, &e), id, &up)), 0);
	assert_int_equal(WRITE(f, registry_person_update(CX(f->db, &f->staff_a1, T0, &e), id, &up)), ERR_CONFLICT);
	assert_string_equal(e.field, "version");
	up.version = 2;
	up.flags[PF_SOCIAL_WORKER] = 1;
	up.has_flag[PF_SOCIAL_WORKER] = true;
	up.sw_level = "senior";
	up.has_sw_level = true;
	assert_int_equal(WRITE(f, registry_person_update(CX(f->db, &f->staff_a1, T0, &e), id, &up)), 0);
	/* No longer a social worker: the level goes too. */
	struct registry_person_in up2 = {.version = 3};
	up2.has_flag[PF_SOCIAL_WORKER] = true;
	assert_int_equal(WRITE(f, registry_person_update(CX(f->db, &f->staff_a1, T0, &e), id, &up2)), 0);
	assert_int_equal(count_rows(f->db, "people WHERE sw_level IS NULL AND is_social_worker=0 AND version=4"), 1);
}

/* The fan-out path (town/community scope) and the single query (district
 * scope) must agree on every filter and page. */
static void list_paths_agree(void **state)
{
	struct fx *f = *state;
	int64_t regions[3] = {f->a1, f->g1, f->g2};
	for (int i = 0; i < 60; i++) {
		char name[32];
		/* Every sixth is plain 黄伟: equal names, ordered by id. */
		if (i % 6 == 0)
			snprintf(name, sizeof name, "黄伟");
		else
			snprintf(name, sizeof name, "%s%d", i % 3 ? "陈志" : "黄伟", i);
		int64_t id = mkperson(f, regions[i % 3], name);
		char sql[256];
		snprintf(sql, sizeof sql,
			 "UPDATE people SET is_volunteer=%d, is_party_member=%d, household='%s',"
			 " verified_at=%s WHERE id=%lld",
			 i % 2, i % 5 == 0, i % 4 ? "registered" : "nonregistered", i % 7 ? "NULL" : "1",
			 (long long)id);
		exec_committed(f->db, sql);
	}
	struct registry_people_filter flt;
	struct {
		int vol, party, verified;
		const char *household, *q, *sort;
	} cases[] = {
		{-1, -1, -1, NULL, NULL, NULL}, {1, -1, -1, NULL, NULL, "-id"}, {-1, 1, -1, NULL, NULL, NULL},
		{-1, -1, 1, NULL, NULL, NULL},  {0, -1, 0, "nonregistered", NULL, NULL},
		{-1, -1, -1, NULL, "陈志", "-id"}, {1, 0, -1, "registered", "1", NULL},
		{-1, -1, -1, NULL, NULL, "name"}, {1, -1, -1, NULL, NULL, "-name"},
		{-1, -1, 0, NULL, "黄", "name"},  {-1, 1, -1, NULL, NULL, "-name"},
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		for (int64_t off = 0; off <= 14; off += 7) {
			registry_people_filter_init(&flt);
			flt.flag[PF_VOLUNTEER] = cases[c].vol;
			flt.flag[PF_PARTY_MEMBER] = cases[c].party;
			flt.verified = cases[c].verified;
			flt.household = cases[c].household;
			flt.q = cases[c].q;
			const char *sort = cases[c].sort;
			struct ids a, b;
			struct list_result pa = list_people_sorted(f, &f->town_a, &flt, sort, 7, off, &a, 0);
			/* The district admin over the whole district (all of it in 大良
			 * so far): no region predicate at all. */
			struct list_result pb = list_people_sorted(f, &f->district, &flt, sort, 7, off, &b, 0);
			assert_int_equal(pa.total, pb.total);
			assert_int_equal(a.n, b.n);
			for (int i = 0; i < a.n; i++)
				assert_int_equal(a.v[i], b.v[i]);
			if (cases[c].sort && strstr(cases[c].sort, "name"))
				continue; /* by name: the single query's ORDER BY name, id is the reference */
			if (cases[c].sort)
				for (int i = 1; i < a.n; i++)
					assert_true(a.v[i - 1] > a.v[i]);
			else
				for (int i = 1; i < a.n; i++)
					assert_true(a.v[i - 1] < a.v[i]);
		}
	}
	/* Whole district without filters includes the other town. */
	mkperson(f, f->b1, "陈志外镇");
	registry_people_filter_init(&flt);
	struct ids all;
	struct list_result p = list_people(f, &f->district, &flt, 100, 0, &all, 0);
	assert_int_equal(p.total, 61);
	assert_false(p.total_is_estimate);
	/* Bad filter values are refused. */
	flt.household = "alien";
	list_people(f, &f->district, &flt, 10, 0, &all, ERR_INVALID);
	registry_people_filter_init(&flt);
	list_people_sorted(f, &f->district, &flt, "id_number", 10, 0, &all, ERR_INVALID);
}

/* q as a name substring goes through people_name_grams (013): the answer is
 * the same as a LIKE scan for one and more characters, ASCII letters in
 * either case and LIKE's own characters, and the postings follow a rename,
 * a move and a delete (the triggers). */
static void name_search_matches_a_substring_scan(void **state)
{
	struct fx *f = *state;
	const char *names[] = {"王小明", "王芳", "李王", "张三", "Wang Li", "wang%x", "小王王", "欧阳娜娜"};
	int64_t ids[8];
	for (int i = 0; i < 8; i++)
		ids[i] = mkperson(f, i % 2 ? f->g1 : f->a1, names[i]);
	struct err e = {0};
	struct registry_person_in up = {.name = "黄芳", .version = 1};
	assert_int_equal(WRITE(f, registry_person_update(CX(f->db, NULL, T0, &e), ids[3], &up)), 0);
	assert_int_equal(WRITE(f, registry_person_delete(CX(f->db, NULL, T0, &e), ids[7])), 0);
	const char *queries[] = {"王", "王芳", "芳", "wang", "WANG L", "%", "g%x", "王王", "娜", "欧", "张", "_"};
	for (size_t k = 0; k < sizeof queries / sizeof queries[0]; k++) {
		const char *sorts[] = {NULL, "-id", "name"};
		for (int si = 0; si < 3; si++) {
			struct registry_people_filter flt;
			registry_people_filter_init(&flt);
			flt.q = queries[k];
			struct ids got;
			struct list_result res = list_people_sorted(f, &f->district, &flt, sorts[si], 100, 0, &got, 0);
			/* the reference: a plain substring scan */
			int64_t want = 0;
			for (int i = 0; i < 7; i++) {
				char sql[256];
				snprintf(sql, sizeof sql,
					 "SELECT count(*) FROM people WHERE id=? AND instr(lower(name), lower('%s')) > 0",
					 queries[k]);
				char *n = query_text(f->db, sql, ids[i]);
				if (atoi(n)) {
					bool found = false;
					for (int g = 0; g < got.n; g++)
						found |= got.v[g] == ids[i];
					if (!found)
						fprintf(stderr, "q=%s misses %lld\n", queries[k], (long long)ids[i]);
					assert_true(found);
					want++;
				}
				free(n);
			}
			assert_int_equal(res.total, want);
			assert_int_equal(got.n, want);
		}
	}
	/* A community's postings only; a moved person leaves them. */
	struct registry_people_filter flt;
	registry_people_filter_init(&flt);
	flt.q = "王";
	flt.region_id = f->a1;
	struct ids got;
	struct list_result res = list_people(f, &f->district, &flt, 100, 0, &got, 0);
	int64_t before = res.total;
	struct registry_person_in mv = {.region_id = f->b1, .version = 1};
	assert_int_equal(WRITE(f, registry_person_update(CX(f->db, NULL, T0, &e), ids[0], &mv)), 0);
	res = list_people(f, &f->district, &flt, 100, 0, &got, 0);
	assert_int_equal(res.total, before - 1);
}

static void total_is_capped(void **state)
{
	struct fx *f = *state;
	char sql[512];
	snprintf(sql, sizeof sql,
		 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < %d)"
		 " INSERT INTO people(region_id, name, created_at, updated_at)"
		 " SELECT %lld, '批量' || i, 0, 0 FROM n",
		 REGISTRY_TOTAL_CAP + 50, (long long)f->g1);
	exec_committed(f->db, sql);
	struct registry_people_filter flt;
	registry_people_filter_init(&flt);
	struct ids got;
	struct list_result pg = list_people(f, &f->staff_a1, &flt, 20, 0, &got, 0);
	assert_int_equal(pg.total, REGISTRY_TOTAL_CAP);
	assert_true(pg.total_is_estimate);
	assert_int_equal(got.n, 20);
	pg = list_people(f, &f->district, &flt, 20, 0, &got, 0);
	assert_int_equal(pg.total, REGISTRY_TOTAL_CAP);
	assert_true(pg.total_is_estimate);
	char last[32];
	snprintf(last, sizeof last, "批量%d", REGISTRY_TOTAL_CAP + 49);
	flt.q = last;
	pg = list_people(f, &f->staff_a1, &flt, 20, 0, &got, 0);
	assert_int_equal(pg.total, 1);
	assert_false(pg.total_is_estimate);
}

static void organisations_rules(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t id = 0, before = audit_count(f);
	struct registry_org_in in = {.region_id = f->a1, .name = "北区社区长者关爱协会", .org_type = "community_social_org",
				.credit_code = "52440606MJ0001001X", .has_credit_code = true};
	assert_int_equal(WRITE(f, registry_org_create(CX(f->db, &f->staff_a1, T0, &e), &in, &id)), ERR_INVALID);
	assert_string_equal(e.field, "credit_code");
	in.credit_code = "52440606mj0001001k"; /* lower case is taken as upper */
	in.filed_town_id = f->a1;
	in.has_filed_town_id = true;
	assert_int_equal(WRITE(f, registry_org_create(CX(f->db, &f->staff_a1, T0, &e), &in, &id)), ERR_RULE);
	assert_string_equal(e.field, "filed_town_id");
	in.filed_town_id = f->ta; /* its own town: allowed for community staff */
	in.ledger_community_id = f->b1;
	in.has_ledger_community_id = true;
	assert_int_equal(WRITE(f, registry_org_create(CX(f->db, &f->staff_a1, T0, &e), &in, &id)), ERR_FORBIDDEN);
	in.ledger_community_id = f->a1;
	assert_int_equal(audit_count(f), before);
	assert_int_equal(WRITE(f, registry_org_create(CX(f->db, &f->staff_a1, T0, &e), &in, &id)), 0);
	char *cc = query_text(f->db, "SELECT credit_code FROM organisations WHERE id=?", id);
	assert_string_equal(cc, "52440606MJ0001001K");
	free(cc);
	int64_t id2;
	in.name = "另一个";
	assert_int_equal(WRITE(f, registry_org_create(CX(f->db, &f->district, T0, &e), &in, &id2)), ERR_CONFLICT);
	assert_string_equal(e.field, "credit_code");
	/* 容桂 is out of reach for 大良. */
	struct registry_org_in other = {.region_id = f->b1, .name = "振华社区舞蹈队", .org_type = "community_social_org"};
	assert_int_equal(WRITE(f, registry_org_create(CX(f->db, &f->town_a, T0, &e), &other, &id2)), ERR_FORBIDDEN);
	assert_int_equal(WRITE(f, registry_org_create(CX(f->db, &f->district, T0, &e), &other, &id2)), 0);
	struct registry_org_in up = {.version = 1, .status = "suspended"};
	assert_int_equal(WRITE(f, registry_org_update(CX(f->db, &f->town_a, T0, &e), id2, &up)), ERR_FORBIDDEN);
	assert_int_equal(WRITE(f, registry_org_update(CX(f->db, &f->town_a, T0, &e), id, &up)), 0);
	assert_int_equal(WRITE(f, registry_org_update(CX(f->db, &f->town_a, T0, &e), id, &up)), ERR_CONFLICT);
	assert_int_equal(count_rows(f->db, "organisations WHERE status='suspended'"), 1);
	audit_intact(f);
}

static void teams_and_members(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t general = 0, team = 0, bad = 0;
	struct registry_team_in g = {.region_id = f->a1, .name = "北区社区志愿服务总队", .is_general = 1, .has_is_general = true};
	assert_int_equal(WRITE(f, registry_team_create(CX(f->db, &f->staff_a1, T0, &e), &g, &general)), 0);
	struct registry_team_in t = {.region_id = f->a1, .name = "北区社区助老服务队", .parent_id = general, .has_parent_id = true};
	assert_int_equal(WRITE(f, registry_team_create(CX(f->db, &f->staff_a1, T0, &e), &t, &team)), 0);
	/* Same name in the region → 409; a team under a team → 422; a general team with a parent → 422. */
	assert_int_equal(WRITE(f, registry_team_create(CX(f->db, &f->staff_a1, T0, &e), &t, &bad)), ERR_CONFLICT);
	assert_string_equal(e.field, "name");
	struct registry_team_in t2 = {.region_id = f->a1, .name = "错层", .parent_id = team, .has_parent_id = true};
	assert_int_equal(WRITE(f, registry_team_create(CX(f->db, &f->staff_a1, T0, &e), &t2, &bad)), ERR_RULE);
	t2.is_general = 1;
	t2.has_is_general = true;
	t2.parent_id = general;
	assert_int_equal(WRITE(f, registry_team_create(CX(f->db, &f->staff_a1, T0, &e), &t2, &bad)), ERR_RULE);
	int64_t p1 = mkperson(f, f->g1, "队长"), p2 = mkperson(f, f->g2, "队员"), far = mkperson(f, f->b1, "外镇");
	assert_int_equal(WRITE(f, registry_team_member_set(CX(f->db, &f->staff_a1, T0, &e), team, &(struct registry_team_member_in){p1, "leader"})), 0);
	assert_int_equal(WRITE(f, registry_team_member_set(CX(f->db, &f->staff_a1, T0, &e), team, &(struct registry_team_member_in){p2, "member"})), 0);
	assert_int_equal(WRITE(f, registry_team_member_set(CX(f->db, &f->staff_a1, T0, &e), team, &(struct registry_team_member_in){far, "member"})), ERR_FORBIDDEN);
	assert_int_equal(query_int(f->db, "SELECT leader_person_id FROM teams WHERE id=?", team), p1);
	/* A new leader demotes the old one. */
	assert_int_equal(WRITE(f, registry_team_member_set(CX(f->db, &f->staff_a1, T0, &e), team, &(struct registry_team_member_in){p2, "leader"})), 0);
	assert_int_equal(query_int(f->db, "SELECT leader_person_id FROM teams WHERE id=?", team), p2);
	assert_int_equal(count_rows(f->db, "team_members WHERE role='leader'"), 1);
	/* A member cannot be deleted as a person; removed, the leader is cleared. */
	assert_int_equal(WRITE(f, registry_person_delete(CX(f->db, &f->staff_a1, T0, &e), p2)), ERR_RULE);
	assert_int_equal(WRITE(f, registry_team_member_remove(CX(f->db, &f->staff_a1, T0, &e), team, p2)), 0);
	assert_int_equal(count_rows(f->db, "teams WHERE leader_person_id IS NULL AND is_general=0"), 1);
	assert_int_equal(WRITE(f, registry_person_delete(CX(f->db, &f->staff_a1, T0, &e), p2)), 0);
	/* The general team cannot go while it has teams. */
	assert_int_equal(WRITE(f, registry_team_delete(CX(f->db, &f->staff_a1, T0, &e), general)), ERR_RULE);
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	assert_int_equal(registry_team_tree(f->db, &f->town_a, &w, 0, &e), 0);
	json_t *j = parse_json(out.buf);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 1);
	json_t *kids = json_object_get(json_array_get(items, 0), "children");
	assert_int_equal(json_array_size(kids), 1);
	assert_int_equal(json_int_at(json_array_get(kids, 0), "member_count"), 1);
	json_decref(j);
	sb_free(&out);
	assert_int_equal(count_rows(f->db, "audit_log WHERE entity='team' AND action LIKE 'member_%'"), 4);
	audit_intact(f);
}

static void facilities_and_rooms(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t fac = 0, room = 0;
	struct registry_facility_in in = {.region_id = f->a1, .name = "北区社区党群服务中心", .kind = "party_service_center"};
	assert_int_equal(WRITE(f, registry_facility_create(CX(f->db, &f->staff_a1, T0, &e), &in, &fac)), 0);
	struct registry_room_in r = {.name = "议事厅", .capacity = 40, .has_capacity = true};
	assert_int_equal(WRITE(f, registry_room_create(CX(f->db, &f->staff_a1, T0, &e), fac, &r, &room)), 0);
	assert_int_equal(WRITE(f, registry_room_create(CX(f->db, &f->staff_a1, T0, &e), fac, &r, &room)), ERR_CONFLICT);
	struct registry_room_in up = {.capacity = 60, .has_capacity = true};
	assert_int_equal(WRITE(f, registry_room_update(CX(f->db, &f->staff_a1, T0, &e), fac, room, &up)), 0);
	assert_int_equal(query_int(f->db, "SELECT capacity FROM facility_rooms WHERE id=?", room), 60);
	struct registry_facility_in bad = {.region_id = f->b1, .name = "振华V站", .kind = "v_station"};
	int64_t id;
	assert_int_equal(WRITE(f, registry_facility_create(CX(f->db, &f->town_a, T0, &e), &bad, &id)), ERR_FORBIDDEN);
	bad.kind = "castle";
	bad.region_id = f->a1;
	assert_int_equal(WRITE(f, registry_facility_create(CX(f->db, &f->town_a, T0, &e), &bad, &id)), ERR_INVALID);
	assert_int_equal(WRITE(f, registry_room_delete(CX(f->db, &f->staff_a1, T0, &e), fac, room)), 0);
	assert_int_equal(query_int(f->db, "SELECT version FROM facilities WHERE id=?", fac), 4);
	assert_int_equal(count_rows(f->db, "audit_log WHERE entity='facility'"), 4);
	audit_intact(f);
}

int main(void)
{
	if (sodium_init() < 0) {
		printf("0 passed, 1 failed\n");
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(person_stored_normalised_shown_masked, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_input_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(duplicate_id_is_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(town_admin_confined_to_its_town, setup, teardown),
		cmocka_unit_test_setup_teardown(reveal_needs_purpose_and_is_audited, setup, teardown),
		cmocka_unit_test_setup_teardown(verify_and_withdraw, setup, teardown),
		cmocka_unit_test_setup_teardown(stale_version_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(list_paths_agree, setup, teardown),
		cmocka_unit_test_setup_teardown(name_search_matches_a_substring_scan, setup, teardown),
		cmocka_unit_test_setup_teardown(total_is_capped, setup, teardown),
		cmocka_unit_test_setup_teardown(organisations_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(teams_and_members, setup, teardown),
		cmocka_unit_test_setup_teardown(facilities_and_rooms, setup, teardown),
	};
	return RUN_SUITE(tests);
}
