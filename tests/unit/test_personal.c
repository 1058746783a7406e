/*
 * test_personal.c — a person's data across the areas (store/personal.h,
 * modules/privacy):
 *
 *  - the sink keeps rows as they are (the person's own identifiers whole,
 *    NULLs, booleans, times), writes JSON with the columns' labels and enum
 *    names, and one spreadsheet row per value, hidden columns left out;
 *  - every area's sections and retention kinds are unique and complete;
 *  - after every area's erase, the person's copy holds none of their name,
 *    mobile, ID number or address — in any section — and the records that
 *    must be kept are still there.
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

#include "core/arena.h"
#include "core/jw.h"
#include "core/module.h"
#include "core/sb.h"
#include "core/tabular.h"
#include "modules/privacy/privacy.h"
#include "store/personal.h"
#include "store/store.h"
#include "testutil.h"

static const struct personal_col cols[] = {
	{"name", "姓名", "Name", COL_TEXT},
	{"mobile", "手机", "Mobile", COL_MOBILE_MASK},
	{"gender", "性别", "Gender", COL_TEXT, "gender"},
	{"volunteer", "志愿者", "Volunteer", COL_BOOL},
	{"at", "时间", "Time", COL_TIME},
	{"secret", "", "", COL_HIDDEN},
};

/* Several statements in one committed write transaction. */
static void script(struct db *db, const char *sql)
{
	struct err e = {0};
	assert_int_equal(db_begin_write(db, &e), 0);
	if (db_exec_script(db, &e, sql))
		fail_msg("%s: %s", sql, e.message_en);
	assert_int_equal(db_commit(db, &e), 0);
}

static void sink_keeps_rows(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	struct arena a;
	arena_init(&a, 0);
	script(t->db, "CREATE TABLE tp(name TEXT, mobile TEXT, gender TEXT, volunteer INTEGER,"
			      " at INTEGER, secret TEXT);"
			      "INSERT INTO tp VALUES('黄婉仪','13902861234','female',1,1795570200000000,'x1');"
			      "INSERT INTO tp VALUES('陈伯',NULL,NULL,NULL,NULL,'x2');");
	struct personal_sink *s = personal_sink_new(&a);
	personal_section(s, "test.people", "测试", "Test");
	assert_int_equal(db_begin(t->db, &e), 0);
	int rc = personal_rows(s, cols, 6, db_q(t->db, &e, "SELECT * FROM tp ORDER BY rowid", ""), &e);
	db_rollback(t->db);
	assert_int_equal(rc, 0);
	assert_int_equal(personal_sink_records(s), 2);

	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	jw_obj(&w);
	personal_sink_json(s, &w);
	jw_obj_end(&w);
	json_t *j = parse_json(sb_str(&out));
	json_t *sec = json_array_get(json_object_get(j, "sections"), 0);
	assert_string_equal(json_string_value(json_object_get(sec, "title_en")), "Test");
	json_t *columns = json_object_get(sec, "columns");
	assert_int_equal(json_array_size(columns), 5); /* the hidden one is not listed */
	assert_string_equal(json_string_value(json_object_get(json_array_get(columns, 2), "enum")), "gender");
	assert_null(json_object_get(json_array_get(columns, 0), "enum"));
	json_t *r0 = json_array_get(json_object_get(sec, "records"), 0);
	json_t *r1 = json_array_get(json_object_get(sec, "records"), 1);
	assert_string_equal(json_string_value(json_object_get(r0, "mobile")), "13902861234"); /* whole */
	assert_true(json_is_true(json_object_get(r0, "volunteer")));
	assert_string_equal(json_string_value(json_object_get(r0, "at")), "2026-11-25T09:30:00+08:00");
	assert_null(json_object_get(r0, "secret"));
	assert_true(json_is_null(json_object_get(r1, "mobile")));
	assert_true(json_is_false(json_object_get(r1, "volunteer")));
	json_decref(j);

	/* The sheet: a header and one row per shown value. */
	struct tab_writer *tw = tab_writer_new(TAB_CSV, &e);
	assert_non_null(tw);
	assert_int_equal(personal_sink_sheet(s, tw, &e), 0);
	char *buf = NULL;
	size_t len = 0;
	assert_int_equal(tab_writer_finish(tw, &buf, &len, &e), 0);
	tab_writer_free(tw);
	int lines = 0;
	for (size_t i = 0; i < len; i++)
		lines += buf[i] == '\n';
	assert_int_equal(lines, 1 + 2 * 5);
	assert_non_null(strstr(buf, "测试 Test,1,手机 Mobile,13902861234"));
	assert_non_null(strstr(buf, "是 yes"));
	assert_null(strstr(buf, "x1"));
	free(buf);
	sb_free(&out);
	arena_free(&a);
}

static void report_lists_actions(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct personal_report *r = personal_report_new(&a);
	personal_report_add(r, "x.one", "anonymised", 3, "甲", "a");
	personal_report_add(r, "x.two", "kept", 0, "乙", "b");
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	personal_report_json(r, &w);
	assert_string_equal(sb_str(&out),
			    "[{\"section\":\"x.one\",\"action\":\"anonymised\",\"count\":3,\"note_zh\":\"甲\",\"note_en\":\"a\"},"
			    "{\"section\":\"x.two\",\"action\":\"kept\",\"count\":0,\"note_zh\":\"乙\",\"note_en\":\"b\"}]");
	sb_free(&out);
	arena_free(&a);
}

static void descriptors_unique(void **state)
{
	(void)state;
	int n, sections = 0, kinds = 0;
	const struct module *const *m = modules_all(&n);
	for (int i = 0; i < n; i++) {
		for (const struct module_pii *p = m[i]->pii; p && p->section; p++, sections++) {
			assert_non_null(p->collect);
			assert_true(p->title_zh && *p->title_zh && p->title_en && *p->title_en);
			for (int j = 0; j < n; j++)
				for (const struct module_pii *q = m[j]->pii; q && q->section; q++)
					if (q != p)
						assert_string_not_equal(p->section, q->section);
		}
		for (const struct module_retention *k = m[i]->retention; k && k->kind; k++, kinds++) {
			assert_non_null(k->expire);
			assert_in_range(k->default_days, 1, 36500);
			for (int j = 0; j < n; j++)
				for (const struct module_retention *q = m[j]->retention; q && q->kind; q++)
					if (q != k)
						assert_string_not_equal(k->kind, q->kind);
		}
	}
	/* registry, exchange, auth and privacy take part */
	assert_true(sections >= 8);
	assert_true(kinds >= 3);
}

/* modules_pii() and modules_retention() walk the same entries, in the same
 * order and with the same areas, as the loops over every descriptor. */
static void walks_match_descriptors(void **state)
{
	(void)state;
	int n, np = 0, nr = 0;
	const struct module *const *m = modules_all(&n);
	const struct module *owner;
	for (int i = 0; i < n; i++) {
		for (const struct module_pii *p = m[i]->pii; p && p->section; p++, np++) {
			owner = NULL;
			assert_ptr_equal(modules_pii(np, &owner), p);
			assert_ptr_equal(owner, m[i]);
		}
		for (const struct module_retention *k = m[i]->retention; k && k->kind; k++, nr++) {
			owner = NULL;
			assert_ptr_equal(modules_retention(nr, &owner), k);
			assert_ptr_equal(owner, m[i]);
		}
	}
	assert_null(modules_pii(np, NULL));
	assert_null(modules_retention(nr, NULL));
	assert_non_null(modules_command("retention"));
	assert_null(modules_command("no-such-command"));
}

/* personal_collect() binds the subject as the query's letters say: the
 * person who has none is -1 for P and 0 for p. */
static void collect_binds_subject(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	struct arena a;
	arena_init(&a, 0);
	static const struct personal_col ids[] = {
		{"u", "", "", COL_INT}, {"U", "", "", COL_INT}, {"p", "", "", COL_INT}, {"P", "", "", COL_INT},
	};
	static const struct personal_query q = {PERSONAL_COLS(ids), "SELECT ?, ?, ?, ?", "uUpP"};
	struct personal_subject s = {5, 0, 1};
	struct ctx c = ctx_system(t->db, T0, &a, &e);
	struct personal_sink *k = personal_sink_new(&a);
	personal_section(k, "test.ids", "测试", "Test");
	assert_int_equal(db_begin(t->db, &e), 0);
	assert_int_equal(personal_collect(&c, &s, k, &q), 0);
	db_rollback(t->db);
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	jw_obj(&w);
	personal_sink_json(k, &w);
	jw_obj_end(&w);
	assert_non_null(strstr(sb_str(&out), "\"records\":[{\"u\":5,\"U\":5,\"p\":0,\"P\":-1}]"));
	sb_free(&out);
	arena_free(&a);
}

/* A person with an account, a need posted for them, a team: erase, then
 * their copy must hold none of their identifiers. */
static void erased_copy_holds_no_identifiers(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	struct arena a;
	arena_init(&a, 0);
	script(t->db,
		"INSERT INTO regions(id, level, name, path, created_at, updated_at) VALUES(1,'district','顺德区','/1/',0,0);"
		"INSERT INTO users(id, username, display_name, password_hash, created_at, updated_at)"
		" VALUES(7,'wanyi','黄婉仪','x',0,0);"
		"INSERT INTO user_grants(user_id, role, region_id) VALUES(7,'resident',1);"
		"INSERT INTO sessions(user_id, token_hash, csrf_token, client_ip, created_at, expires_at)"
		" VALUES(7,'h','c','10.1.2.3',0,1);"
		"INSERT INTO people(id, region_id, name, id_number, mobile, address, user_id, created_at, updated_at)"
		" VALUES(40,1,'黄婉仪','440681199001011234','13902861234','大良新村5座',7,0,0);"
		"INSERT INTO teams(id, region_id, name, created_at, updated_at) VALUES(3,1,'助老队',0,0);"
		"INSERT INTO team_members(team_id, person_id, joined_at) VALUES(3,40,0);"
		"INSERT INTO xchg_demands(id, region_id, title, source, posted_by, beneficiary_person_id,"
		" beneficiary_name, beneficiary_phone, address, status, created_at, updated_at)"
		" VALUES(5,1,'每周探访','resident',7,40,'黄婉仪','13902861234','大良新村5座','fulfilled',0,0);"
		"INSERT INTO privacy_consents(user_id, purpose, granted, source, created_at) VALUES(7,'publicity',1,'self',0);");
	static const char *const identifiers[] = {"黄婉仪", "13902861234", "440681199001011234", "大良新村", "wanyi",
						  "10.1.2.3"};
	struct personal_subject s = {7, 40, 1};
	struct ctx c = ctx_system(t->db, T0, &a, &e);

	/* Before: each identifier is in the copy. */
	assert_int_equal(db_begin(t->db, &e), 0);
	struct personal_sink *sink;
	assert_int_equal(privacy_collect(&c, &s, &sink), 0);
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	jw_obj(&w);
	personal_sink_json(sink, &w);
	jw_obj_end(&w);
	db_rollback(t->db);
	for (size_t i = 0; i < sizeof identifiers / sizeof identifiers[0]; i++)
		assert_non_null(strstr(sb_str(&out), identifiers[i]));
	int before = personal_sink_records(sink);

	/* Erase in every area, as a deletion request does. */
	assert_int_equal(db_begin_write(t->db, &e), 0);
	struct personal_report *rep = personal_report_new(&a);
	int n;
	const struct module *const *m = modules_all(&n);
	for (int i = 0; i < n; i++)
		for (const struct module_pii *p = m[i]->pii; p && p->section; p++)
			if (p->erase)
				assert_int_equal(p->erase(&c, &s, rep), 0);
	assert_int_equal(db_commit(t->db, &e), 0);

	/* After: the copy (by person id; the account's link is gone) holds none. */
	assert_int_equal(db_begin(t->db, &e), 0);
	assert_int_equal(privacy_collect(&c, &s, &sink), 0);
	sb_reset(&out);
	jw_init(&w, &out);
	jw_obj(&w);
	personal_sink_json(sink, &w);
	jw_obj_end(&w);
	for (size_t i = 0; i < sizeof identifiers / sizeof identifiers[0]; i++)
		if (strstr(sb_str(&out), identifiers[i]))
			fail_msg("\"%s\" is still in the copy: %s", identifiers[i], sb_str(&out));
	db_rollback(t->db);
	/* Kept: the need, the team seat and the consent (anonymised records stay). */
	assert_true(personal_sink_records(sink) >= 3);
	assert_true(personal_sink_records(sink) < before);
	assert_int_equal(count_rows(t->db, "xchg_demands WHERE id=5 AND title='每周探访'"), 1);
	assert_int_equal(count_rows(t->db, "team_members WHERE person_id=40"), 1);
	assert_int_equal(count_rows(t->db, "users WHERE id=7 AND disabled=1"), 1);
	assert_int_equal(count_rows(t->db, "audit_log WHERE action='anonymise'"), 3);
	sb_free(&out);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(sink_keeps_rows, setup_store, teardown_store),
		cmocka_unit_test(report_lists_actions),
		cmocka_unit_test(descriptors_unique),
		cmocka_unit_test(walks_match_descriptors),
		cmocka_unit_test_setup_teardown(collect_binds_subject, setup_store, teardown_store),
		cmocka_unit_test_setup_teardown(erased_copy_holds_no_identifiers, setup_store, teardown_store),
	};
	return RUN_SUITE(tests);
}
