/*
 * test_audit.c — the hash-chained audit log (audit/audit.h).
 *
 * A chain of 50 entries verifies; editing any field of one entry, relinking
 * it, deleting it or appending a forged one is reported with that entry's
 * id once the append-only triggers have been dropped (a determined editor
 * of the file); with the triggers in place UPDATE and DELETE fail outright.
 * Entries written in a rolled-back transaction leave no trace in the chain.
 *
 * Prints "N passed, N failed" last; cmocka's own report goes to stderr.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/record.h"
#include "core/arena.h"
#include "core/err.h"
#include "store/store.h"
#include "testutil.h"

#define N_ENTRIES 50

/* Append entries first..last in one committed transaction. */
static void append_range(struct db *db, int first, int last)
{
	struct err e = {0};
	assert_int_equal(db_begin_write(db, &e), 0);
	for (int i = first; i <= last; i++) {
		char before[64], after[64], uname[32];
		snprintf(before, sizeof before, "{\"n\":%d,\"name\":\"旧\"}", i - 1);
		snprintf(after, sizeof after, "{\"n\":%d,\"name\":\"新\"}", i);
		snprintf(uname, sizeof uname, "user%d", i % 3);
		struct audit_actor who = {i % 3, uname};
		struct audit_entry en = {
			.action = i % 5 == 0 ? "delete" : i % 2 ? "update" : "create",
			.entity = "region",
			.entity_id = 1000 + i,
			.region_id = i % 7,
			.before = i % 2 ? before : NULL,
			.after = i % 5 == 0 ? NULL : after,
		};
		int rc = audit_append(db, i % 4 == 0 ? NULL : &who, T0 + i * SEC, &en, &e);
		if (rc)
			fprintf(stderr, "audit_append %d: %s\n", i, e.message_en);
		assert_int_equal(rc, 0);
	}
	assert_int_equal(db_commit(db, &e), 0);
}

static int setup_chain(void **state)
{
	struct tstore *t = tstore_new();
	append_range(t->db, 1, N_ENTRIES);
	*state = t;
	return 0;
}

static struct audit_verify_result verify(struct db *db)
{
	struct audit_verify_result r;
	struct err e = {0};
	int rc = audit_verify(db, &r, &e);
	assert_int_equal(rc, 0);
	return r;
}

static void expect_ok(struct db *db, int64_t entries)
{
	struct audit_verify_result r = verify(db);
	if (!r.ok)
		fprintf(stderr, "verify: %s\n", r.reason);
	assert_true(r.ok);
	assert_int_equal(r.checked, entries);
	assert_int_equal(r.first_bad_id, 0);
}

static void expect_bad(struct db *db, int64_t id, const char *reason_part)
{
	struct audit_verify_result r = verify(db);
	if (r.ok || r.first_bad_id != id)
		fprintf(stderr, "verify: ok=%d first_bad=%lld reason=%s\n", r.ok,
			(long long)r.first_bad_id, r.reason);
	assert_false(r.ok);
	assert_int_equal(r.first_bad_id, id);
	char idtext[32];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	assert_non_null(strstr(r.reason, idtext));
	assert_non_null(strstr(r.reason, reason_part));
}

static void drop_triggers(struct db *db)
{
	exec_committed(db, "DROP TRIGGER audit_log_no_update");
	exec_committed(db, "DROP TRIGGER audit_log_no_delete");
}

/* Run one statement in its own committed write transaction: no
 * parameters, or one text and one id ("si"), or one id ("i"). */
static void raw_exec(struct db *db, const char *sql, const char *types, const char *text,
		     int64_t id)
{
	struct err e = {0};
	int rc;
	assert_int_equal(db_begin_write(db, &e), 0);
	if (strcmp(types, "si") == 0)
		rc = db_exec(db, &e, sql, "si", text, id);
	else if (strcmp(types, "i") == 0)
		rc = db_exec(db, &e, sql, "i", id);
	else
		rc = db_exec(db, &e, sql, "");
	if (rc)
		fprintf(stderr, "raw_exec(%s): %s\n", sql, e.message_en);
	assert_int_equal(rc, 0);
	assert_int_equal(db_commit(db, &e), 0);
}

/* ---------------------------------------------------------------- tests */

static void chain_of_50_verifies(void **state)
{
	struct tstore *t = *state;
	expect_ok(t->db, N_ENTRIES);
	assert_int_equal(count_rows(t->db, "audit_log"), N_ENTRIES);
	/* Ids are 1..N without gaps; the first links to the genesis hash. */
	assert_int_equal(count_rows(t->db, "audit_log WHERE id BETWEEN 1 AND 50"), N_ENTRIES);
	char *p = query_text(t->db, "SELECT prev_hash FROM audit_log WHERE id=?", 1);
	assert_string_equal(p, "0000000000000000000000000000000000000000000000000000000000000000");
	free(p);
	/* Every entry links to its predecessor's hash; hashes are distinct SHA-256 hex. */
	assert_int_equal(count_rows(t->db, "audit_log a JOIN audit_log b ON b.id = a.id + 1"
					   " WHERE b.prev_hash <> a.hash"),
			 0);
	assert_int_equal(count_rows(t->db, "audit_log WHERE length(hash) <> 64"
					   " OR hash GLOB '*[^0-9a-f]*'"),
			 0);
	assert_int_equal(count_rows(t->db, "(SELECT DISTINCT hash FROM audit_log)"), N_ENTRIES);
	/* A NULL actor is recorded as "system", user 0. */
	char *u = query_text(t->db, "SELECT username FROM audit_log WHERE id=?", 4);
	assert_string_equal(u, "system");
	free(u);
	assert_int_equal(query_int(t->db, "SELECT user_id FROM audit_log WHERE id=?", 4), 0);
	u = query_text(t->db, "SELECT username FROM audit_log WHERE id=?", 5);
	assert_string_equal(u, "user2");
	free(u);
	assert_int_equal(query_int(t->db, "SELECT user_id FROM audit_log WHERE id=?", 5), 2);
	assert_int_equal(query_int(t->db, "SELECT count(*) FROM audit_log WHERE before_json IS NULL"
					  " AND id=?",
				   2),
			 1);
	/* Appending continues the same chain. */
	append_range(t->db, N_ENTRIES + 1, N_ENTRIES + 5);
	expect_ok(t->db, N_ENTRIES + 5);
	/* An empty log verifies. */
	struct tstore *empty = tstore_new();
	expect_ok(empty->db, 0);
	tstore_free(empty);
}

static void triggers_block_update_and_delete(void **state)
{
	struct tstore *t = *state;
	struct err e;
	assert_int_equal(db_begin_write(t->db, &e), 0);
	err_clear(&e);
	int rc = db_exec(t->db, &e, "UPDATE audit_log SET after_json='{}' WHERE id=23", "");
	assert_true(rc < 0);
	assert_int_equal(rc, ERR_RULE);
	assert_non_null(strstr(e.message_en, "append-only"));
	err_clear(&e);
	rc = db_exec(t->db, &e, "DELETE FROM audit_log WHERE id=17", "");
	assert_int_equal(rc, ERR_RULE);
	err_clear(&e);
	rc = db_exec(t->db, &e, "DELETE FROM audit_log", "");
	assert_int_equal(rc, ERR_RULE);
	assert_int_equal(db_commit(t->db, &e), 0);
	assert_int_equal(count_rows(t->db, "audit_log"), N_ENTRIES);
	char *a = query_text(t->db, "SELECT after_json FROM audit_log WHERE id=?", 23);
	assert_string_equal(a, "{\"n\":23,\"name\":\"新\"}");
	free(a);
	expect_ok(t->db, N_ENTRIES);
}

static void edited_entry_reported(void **state)
{
	struct tstore *t = *state;
	drop_triggers(t->db);
	expect_ok(t->db, N_ENTRIES); /* dropping triggers alone changes nothing */
	raw_exec(t->db, "UPDATE audit_log SET after_json=? WHERE id=?", "si", "{\"n\":999}", 23);
	expect_bad(t->db, 23, "changed");
	struct audit_verify_result r = verify(t->db);
	assert_int_equal(r.checked, 23); /* stops at the first bad entry */
	/* Restoring the exact text restores the chain. */
	raw_exec(t->db, "UPDATE audit_log SET after_json=? WHERE id=?", "si",
		 "{\"n\":23,\"name\":\"新\"}", 23);
	expect_ok(t->db, N_ENTRIES);
}

/* Each hashed column, changed on its own, is caught; then put back. */
static void every_field_is_covered(void **state)
{
	struct tstore *t = *state;
	static const struct {
		const char *col;
		int64_t id;
	} cols[] = {
		{"at", 10},       {"user_id", 11},    {"username", 12},   {"action", 13},
		{"entity", 14},   {"entity_id", 15},  {"region_id", 16},  {"before_json", 17},
		{"after_json", 18}, {"hash", 19},
	};
	drop_triggers(t->db);
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		char sql[160], get[160];
		snprintf(get, sizeof get, "SELECT quote(%s) FROM audit_log WHERE id=?", cols[i].col);
		char *orig = query_text(t->db, get, cols[i].id);
		/* A change that keeps the type: numbers +1, text gets a suffix. */
		snprintf(sql, sizeof sql,
			 "UPDATE audit_log SET %s = CASE typeof(%s) WHEN 'integer' THEN %s + 1"
			 " ELSE %s || 'x' END WHERE id=%lld",
			 cols[i].col, cols[i].col, cols[i].col, cols[i].col, (long long)cols[i].id);
		raw_exec(t->db, sql, "", NULL, 0);
		expect_bad(t->db, cols[i].id, "changed");
		snprintf(sql, sizeof sql, "UPDATE audit_log SET %s = %s WHERE id=%lld", cols[i].col,
			 orig, (long long)cols[i].id);
		raw_exec(t->db, sql, "", NULL, 0);
		expect_ok(t->db, N_ENTRIES);
		free(orig);
	}
	/* NULL and empty are different values: entry 2 has before_json NULL. */
	raw_exec(t->db, "UPDATE audit_log SET before_json='' WHERE id=2", "", NULL, 0);
	expect_bad(t->db, 2, "changed");
	raw_exec(t->db, "UPDATE audit_log SET before_json=NULL WHERE id=2", "", NULL, 0);
	expect_ok(t->db, N_ENTRIES);
	/* Moving bytes between adjacent fields is caught: entry 1 is user
	 * "user1", action "update" → "user1u", "pdate". */
	raw_exec(t->db, "UPDATE audit_log SET username='user1u', action='pdate' WHERE id=1", "",
		 NULL, 0);
	expect_bad(t->db, 1, "changed");
}

/* Fields are length-prefixed, so a separator inside a field cannot be
 * shifted to the neighbour: ("a;b", "c") and ("a", "b;c") hash apart. */
static void field_boundaries_are_unambiguous(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	struct audit_actor who = {7, "a;b"};
	struct audit_entry en = {.action = "c", .entity = "x~", .entity_id = 1,
				 .before = "", .after = NULL};
	assert_int_equal(db_begin_write(t->db, &e), 0);
	assert_int_equal(audit_append(t->db, &who, T0, &en, &e), 0);
	assert_int_equal(db_commit(t->db, &e), 0);
	expect_ok(t->db, 1);
	drop_triggers(t->db);
	raw_exec(t->db, "UPDATE audit_log SET username='a', action='b;c' WHERE id=1", "", NULL, 0);
	expect_bad(t->db, 1, "changed");
	raw_exec(t->db, "UPDATE audit_log SET username='a;b', action='c' WHERE id=1", "", NULL, 0);
	expect_ok(t->db, 1);
	/* An empty before and a NULL after must not be swappable either. */
	raw_exec(t->db, "UPDATE audit_log SET before_json=NULL, after_json='' WHERE id=1", "", NULL,
		 0);
	expect_bad(t->db, 1, "changed");
}

static void relinked_entry_reported(void **state)
{
	struct tstore *t = *state;
	drop_triggers(t->db);
	/* Entry 30 claims another predecessor (e.g. entry 28's hash, skipping 29). */
	raw_exec(t->db,
		 "UPDATE audit_log SET prev_hash=(SELECT hash FROM audit_log WHERE id=28) WHERE id=30",
		 "", NULL, 0);
	expect_bad(t->db, 30, "link");
}

static void deleted_entry_reported(void **state)
{
	struct tstore *t = *state;
	drop_triggers(t->db);
	raw_exec(t->db, "DELETE FROM audit_log WHERE id=?", "i", NULL, 17);
	expect_bad(t->db, 17, "missing");
	/* Renumbering the rest to close the gap breaks the hashes instead. */
	raw_exec(t->db, "UPDATE audit_log SET id = id - 1 WHERE id > 17", "", NULL, 0);
	expect_bad(t->db, 17, "");
	/* The very first entry deleted. */
	struct tstore *u = tstore_new();
	append_range(u->db, 1, 5);
	drop_triggers(u->db);
	raw_exec(u->db, "DELETE FROM audit_log WHERE id=?", "i", NULL, 1);
	expect_bad(u->db, 1, "missing");
	tstore_free(u);
}

static void forged_append_reported(void **state)
{
	struct tstore *t = *state;
	/* An INSERT needs no trigger dropped; a made-up hash does not chain. */
	raw_exec(t->db,
		 "INSERT INTO audit_log(id, at, user_id, username, action, entity, entity_id,"
		 " region_id, prev_hash, hash) SELECT 51, at, 0, 'system', 'create', 'region', 1, 0,"
		 " hash, hash FROM audit_log WHERE id=50",
		 "", NULL, 0);
	expect_bad(t->db, 51, "changed");
}

static void rolled_back_entries_leave_no_trace(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	assert_int_equal(db_begin_write(t->db, &e), 0);
	struct audit_entry en = {.action = "create", .entity = "region", .entity_id = 5};
	assert_int_equal(audit_append(t->db, NULL, T0, &en, &e), 0);
	assert_int_equal(audit_append(t->db, NULL, T0, &en, &e), 0);
	assert_int_equal(count_rows(t->db, "audit_log"), N_ENTRIES + 2);
	db_rollback(t->db);
	assert_int_equal(count_rows(t->db, "audit_log"), N_ENTRIES);
	expect_ok(t->db, N_ENTRIES);
	/* The next append takes the next id, and the chain stays whole. */
	append_range(t->db, 1, 1);
	assert_int_equal(query_int(t->db, "SELECT count(*) FROM audit_log WHERE id=?", 51), 1);
	expect_ok(t->db, N_ENTRIES + 1);
}

struct appender {
	struct store *s;
	int n, failures;
};

/* A sensitive record (record_kind.ref_only, the cases' records): its audit
 * entries are references with the version, never the columns, and carry
 * no region; reads are unchanged. */
static void ref_only_snapshots_hold_no_content(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	struct arena arena;
	arena_init(&arena, 4096);
	struct arena *a = &arena;
	assert_int_equal(db_begin_write(t->db, &e), 0);
	assert_int_equal(db_exec(t->db, &e, "CREATE TABLE t_secret (id INTEGER PRIMARY KEY, secret TEXT, version INTEGER)",
				 ""), 0);
	assert_int_equal(db_exec(t->db, &e, "INSERT INTO t_secret VALUES (7, '王秘密', 1)", ""), 0);
	static const struct col cols[] = {{"id", "编号", COL_INT}, {"secret", "内容", COL_TEXT}};
	const struct record_kind k = {
		.entity = "secret", .what_zh = "记录", .what_en = "record",
		.head_sql = "SELECT id, 5, version, '/1/' FROM t_secret WHERE id=?",
		.row_sql = "SELECT id, secret FROM t_secret WHERE id=?",
		.cols = cols, .ncols = 2, .read_roles = ~0u, .ref_only = true,
	};
	struct ctx c = ctx_system(t->db, T0, a, &e);
	assert_int_equal(record_created(&c, &k, 7, 5, NULL), 0);
	struct record r;
	assert_int_equal(record_head(&c, &k, 7, &r), 0);
	assert_int_equal(record_begin(&c, &r, 1), 0);
	assert_int_equal(db_exec(t->db, &e, "UPDATE t_secret SET secret='李秘密', version=2 WHERE id=7", ""), 0);
	assert_int_equal(record_commit(&c, &r, "update"), 0);
	assert_int_equal(db_commit(t->db, &e), 0);
	int64_t n = 0;
	assert_int_equal(db_int(t->db, &e, &n, "SELECT count(*) FROM audit_log WHERE entity='secret'", ""), 1);
	assert_int_equal(n, 2);
	assert_int_equal(db_int(t->db, &e, &n,
				"SELECT count(*) FROM audit_log WHERE entity='secret' AND (region_id <> 0"
				" OR coalesce(before_json,'') LIKE '%秘密%' OR coalesce(after_json,'') LIKE '%秘密%')", ""), 1);
	assert_int_equal(n, 0);
	char *after = NULL;
	assert_int_equal(db_text(t->db, &e, a, &after,
				 "SELECT after_json FROM audit_log WHERE entity='secret' AND action='update'", ""), 1);
	assert_string_equal(after, "{\"ref\":\"secret/7\",\"version\":2}");
	assert_int_equal(db_text(t->db, &e, a, &after,
				 "SELECT before_json FROM audit_log WHERE entity='secret' AND action='update'", ""), 1);
	assert_string_equal(after, "{\"ref\":\"secret/7\",\"version\":1}");
	arena_free(a);
}

static void *appender_main(void *p)
{
	struct appender *a = p;
	struct err e = {0};
	struct db *db = store_db(a->s, &e);
	for (int i = 0; db && i < a->n; i++) {
		struct audit_entry en = {.action = "update", .entity = "region", .entity_id = i};
		if (db_begin_write(db, &e) || audit_append(db, NULL, T0 + i, &en, &e) ||
		    db_commit(db, &e)) {
			a->failures++;
			db_rollback(db);
		}
	}
	if (!db)
		a->failures = a->n;
	store_release_thread(a->s);
	return NULL;
}

/* Writers on several threads: the write lock keeps the chain linear. */
static void concurrent_appends_keep_one_chain(void **state)
{
	struct tstore *t = *state;
	struct appender a[3];
	pthread_t th[3];
	for (int i = 0; i < 3; i++) {
		a[i] = (struct appender){.s = t->s, .n = 60};
		assert_int_equal(pthread_create(&th[i], NULL, appender_main, &a[i]), 0);
	}
	for (int i = 0; i < 3; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(a[i].failures, 0);
	}
	expect_ok(t->db, N_ENTRIES + 180);
}

int main(void)
{
	if (sodium_init() < 0)
		return 2;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(chain_of_50_verifies, setup_chain, teardown_store),
		cmocka_unit_test_setup_teardown(triggers_block_update_and_delete, setup_chain,
						teardown_store),
		cmocka_unit_test_setup_teardown(edited_entry_reported, setup_chain, teardown_store),
		cmocka_unit_test_setup_teardown(every_field_is_covered, setup_chain, teardown_store),
		cmocka_unit_test_setup_teardown(field_boundaries_are_unambiguous, setup_store,
						teardown_store),
		cmocka_unit_test_setup_teardown(relinked_entry_reported, setup_chain, teardown_store),
		cmocka_unit_test_setup_teardown(deleted_entry_reported, setup_chain, teardown_store),
		cmocka_unit_test_setup_teardown(forged_append_reported, setup_chain, teardown_store),
		cmocka_unit_test_setup_teardown(rolled_back_entries_leave_no_trace, setup_chain,
						teardown_store),
		cmocka_unit_test_setup_teardown(ref_only_snapshots_hold_no_content, setup_store, teardown_store),
		cmocka_unit_test_setup_teardown(concurrent_appends_keep_one_chain, setup_chain,
						teardown_store),
	};
	return RUN_SUITE(tests);
}
