/*
 * test_privacy_sheet.c — the spreadsheet of a person's own data (GET
 * /api/v1/me/data?format=xlsx) shows coded values as the web pages do,
 * "已解决 Fulfilled", never the code "fulfilled":
 *
 *  - every value any area declares (the lists of GET /api/v1/enums) has a
 *    zh and an en label in the generated table (core/enum_labels.h), so
 *    no declared code can reach the sheet unlabelled;
 *  - a person with a coded value in every section is exported, the XLSX is
 *    read back, and no Value cell is a code of any enum; the same data
 *    written without the labels is caught by the same check (the proof
 *    that it can fail).
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
#include "core/enum_labels.h"
#include "core/module.h"
#include "core/sb.h"
#include "core/tabular.h"
#include "modules/privacy/privacy.h"
#include "store/personal.h"
#include "store/store.h"
#include "testutil.h"

static void every_declared_value_has_labels(void **state)
{
	(void)state;
	int n, values = 0;
	struct sb missing = SB_INIT;
	const struct module *const *m = modules_all(&n);
	for (int i = 0; i < n; i++)
		for (const struct module_enum *en = m[i]->enums; en && en->name; en++)
			for (const char *const *v = en->values; *v; v++, values++) {
				const char *zh = NULL, *eng = NULL;
				if (!enum_label(en->name, *v, &zh, &eng) || !*zh || !*eng)
					sb_addf(&missing, " %s.%s", en->name, *v);
			}
	if (missing.len)
		fail_msg("no label in enum_labels_data.c for:%s (add it to the web's labels and run "
			 "node scripts/gen-enum-labels.mjs)",
			 sb_str(&missing));
	assert_true(values > 100);
	assert_int_equal(enum_label("no_such_enum", "open", &(const char *){0}, &(const char *){0}), 0);
	sb_free(&missing);
}

/* A code is any value any area declares. */
static const char *declared_code(const char *s)
{
	int n;
	const struct module *const *m = modules_all(&n);
	for (int i = 0; i < n; i++)
		for (const struct module_enum *en = m[i]->enums; en && en->name; en++)
			for (const char *const *v = en->values; *v; v++)
				if (!strcmp(*v, s))
					return en->name;
	return NULL;
}

/* Read the sheet back: the Value cells (column 4) that are codes, as
 * " field=code" into leaks; the count. Every data row has 4 cells or 3
 * (an empty value). */
static int code_cells(const char *buf, size_t len, struct sb *leaks)
{
	struct err e = {0};
	struct tab_reader *r = tab_reader_open(buf, len, TAB_XLSX, &e);
	assert_non_null(r);
	struct tab_record rec;
	int rc, n = 0, rows = 0;
	while ((rc = tab_reader_next(r, &rec, &e)) != 0) {
		assert_int_equal(rc, 1);
		if (rec.row == 1) {
			assert_string_equal(rec.fields[3].s, "内容 Value");
			continue;
		}
		rows++;
		if (rec.nfields < 4)
			continue;
		if (declared_code(rec.fields[3].s)) {
			sb_addf(leaks, " %s=%s", rec.fields[2].s, rec.fields[3].s);
			n++;
		}
	}
	assert_false(tab_reader_fatal(r));
	tab_reader_close(r);
	assert_true(rows > 20);
	return n;
}

/* Several statements in one committed write transaction. */
static void script(struct db *db, const char *sql)
{
	struct err e = {0};
	assert_int_equal(db_begin_write(db, &e), 0);
	if (db_exec_script(db, &e, sql))
		fail_msg("%s: %s", sql, e.message_en);
	assert_int_equal(db_commit(db, &e), 0);
}

/* 黄婉仪 with an account, a registry entry, a team seat, a need, a service,
 * a consent and a request: a coded value in every section. */
static void own_data_sheet_shows_labels_not_codes(void **state)
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
		"INSERT INTO people(id, region_id, name, gender, household, status, verified_at, verify_method,"
		" id_number, mobile, address, user_id, created_at, updated_at)"
		" VALUES(40,1,'黄婉仪','female','nonregistered','active',0,'in_person',"
		" '440681199001011234','13902861234','大良新村5座',7,0,0);"
		"INSERT INTO teams(id, region_id, name, created_at, updated_at) VALUES(3,1,'助老队',0,0);"
		"INSERT INTO team_members(team_id, person_id, role, joined_at) VALUES(3,40,'leader',0);"
		"INSERT INTO xchg_demands(id, region_id, title, source, posted_by, beneficiary_person_id,"
		" beneficiary_name, beneficiary_phone, address, status, created_at, updated_at)"
		" VALUES(5,1,'每周探访','resident',7,40,'黄婉仪','13902861234','大良新村5座','fulfilled',0,0);"
		"INSERT INTO xchg_services(id, region_id, person_id, provider_kind, name, status, created_at, updated_at)"
		" VALUES(9,1,40,'professional','上门理发','paused',0,0);"
		"INSERT INTO privacy_consents(user_id, purpose, granted, source, created_at) VALUES(7,'publicity',1,'self',0);"
		"INSERT INTO privacy_requests(kind, user_id, person_id, region_id, requester_name, detail, status,"
		" due_at, created_at, updated_at) VALUES('correction',7,40,1,'黄婉仪','手机号有误','open',0,0,0);");
	struct personal_subject s = {7, 40, 1};
	struct ctx c = ctx_system(t->db, T0, &a, &e);
	assert_int_equal(db_begin(t->db, &e), 0);
	struct personal_sink *sink;
	assert_int_equal(privacy_collect(&c, &s, &sink), 0);
	db_rollback(t->db);

	/* The proof: the codes as they are, and the check finds every one. */
	struct tab_writer *tw = tab_writer_new(TAB_XLSX, &e);
	assert_non_null(tw);
	assert_int_equal(personal_sink_sheet(sink, tw, &e), 0);
	char *buf = NULL;
	size_t len = 0;
	assert_int_equal(tab_writer_finish(tw, &buf, &len, &e), 0);
	tab_writer_free(tw);
	struct sb leaks = SB_INIT;
	int coded = code_cells(buf, len, &leaks);
	free(buf);
	/* role, gender, household, status, verify_method, team, leader,
	 * fulfilled, paused, publicity, self, correction, open */
	assert_true(coded >= 13);
	assert_non_null(strstr(sb_str(&leaks), "=fulfilled"));

	/* The download: not one code. */
	sb_reset(&leaks);
	assert_int_equal(privacy_sheet(&c, sink, &buf, &len), 0);
	int n = code_cells(buf, len, &leaks);
	if (n)
		fail_msg("%d coded values in the sheet:%s", n, sb_str(&leaks));
	struct tab_reader *r = tab_reader_open(buf, len, TAB_XLSX, &e);
	struct tab_record rec;
	struct sb values = SB_INIT;
	while (tab_reader_next(r, &rec, &e) == 1)
		if (rec.nfields == 4)
			sb_addf(&values, "%s|%s\n", rec.fields[2].s, rec.fields[3].s);
	tab_reader_close(r);
	static const char *const want[] = {
		"状态 Status|已解决 Fulfilled\n",           /* the need */
		"状态 Status|办理中 Open\n",                /* the request */
		"性别 Gender|女 Female\n",
		"团队身份 Team role|队长 Leader\n",
		"角色 Role|居民 Resident\n",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(sb_str(&values), want[i]))
			fail_msg("no %s in the sheet:\n%s", want[i], sb_str(&values));
	free(buf);
	sb_free(&values);
	sb_free(&leaks);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_declared_value_has_labels),
		cmocka_unit_test_setup_teardown(own_data_sheet_shows_labels_not_codes, setup_store, teardown_store),
	};
	return RUN_SUITE(tests);
}
