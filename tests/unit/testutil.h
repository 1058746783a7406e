/*
 * testutil.h — helpers shared by the unit test programs (header-only,
 * static functions): a fresh SQLite store per test on a temp file under
 * /tmp (removed afterwards with its -wal and -shm), row counts, a fixed
 * fake clock, JSON inspection of writer output, and the last line every
 * suite prints ("N passed, N failed", alone on stdout).
 *
 * Include after <cmocka.h> (and its prerequisites).
 */
#ifndef WUSHE_TESTS_TESTUTIL_H
#define WUSHE_TESTS_TESTUTIL_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/sb.h"
#include "store/store.h"

/* 2026-11-25T09:30:00+08:00: a fixed "now" for everything time-dependent. */
#define T0 ((int64_t)1795570200LL * 1000000LL)
#define SEC ((int64_t)1000000)
#define MINUTE (60 * SEC)

struct tstore {
	char path[64];
	struct store *s;
	struct db *db;
};

static inline void tmp_db_path(char out[64])
{
	/* mkstemp gives a unique name; SQLite is happy to open the empty file. */
	snprintf(out, 64, "/tmp/wushe-test-XXXXXX");
	int fd = mkstemp(out);
	assert_true(fd >= 0);
	close(fd);
}

static inline void unlink_db_files(const char *path)
{
	char p[128];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-journal", path);
	unlink(p);
}

static inline struct tstore *tstore_new_opts(const struct store_opts *opts)
{
	struct tstore *t = calloc(1, sizeof *t);
	struct err e = {0};
	assert_non_null(t);
	tmp_db_path(t->path);
	int rc = store_open(t->path, opts, &t->s, &e);
	if (rc)
		fprintf(stderr, "store_open: %s\n", e.message_en);
	assert_int_equal(rc, 0);
	t->db = store_db(t->s, &e);
	assert_non_null(t->db);
	return t;
}

static inline struct tstore *tstore_new(void) { return tstore_new_opts(NULL); }

static inline void tstore_free(struct tstore *t)
{
	if (!t)
		return;
	char bak[96];
	if (t->s)
		store_close(t->s);
	unlink_db_files(t->path);
	snprintf(bak, sizeof bak, "%s.bak", t->path); /* left by a failed backup test */
	unlink_db_files(bak);
	free(t);
}

/* cmocka fixtures: *state is a struct tstore. */
static inline int setup_store(void **state)
{
	*state = tstore_new();
	return 0;
}

static inline int teardown_store(void **state)
{
	tstore_free(*state);
	*state = NULL;
	return 0;
}

/* SELECT count(*) FROM <table> [WHERE ...]: the table name is ours, not input. */
static inline int64_t count_rows(struct db *db, const char *table_and_where)
{
	struct err e = {0};
	char sql[512];
	int64_t n = -1;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table_and_where);
	int rc = db_int(db, &e, &n, sql, "");
	if (rc != 1)
		fprintf(stderr, "count_rows(%s): %s\n", table_and_where, e.message_en);
	assert_int_equal(rc, 1);
	return n;
}

static inline int64_t query_int(struct db *db, const char *sql, int64_t id)
{
	struct err e = {0};
	int64_t v = -1;
	int rc = db_int(db, &e, &v, sql, "i", id);
	if (rc != 1)
		fprintf(stderr, "query_int(%s): rc %d %s\n", sql, rc, e.message_en);
	assert_int_equal(rc, 1);
	return v;
}

/* A text column of one row (copied; free()). */
static inline char *query_text(struct db *db, const char *sql, int64_t id)
{
	struct err e = {0};
	struct stmt *st = db_q(db, &e, sql, "i", id);
	assert_non_null(st);
	assert_int_equal(stmt_step(st, &e), 1);
	const char *s = col_text(st, 0);
	char *out = strdup(s ? s : "(null)");
	stmt_done(st);
	return out;
}

/* Run sql inside one write transaction and commit. */
static inline void exec_committed(struct db *db, const char *sql)
{
	struct err e = {0};
	assert_int_equal(db_begin_write(db, &e), 0);
	int rc = db_exec(db, &e, sql, "");
	if (rc)
		fprintf(stderr, "exec_committed(%s): %s\n", sql, e.message_en);
	assert_int_equal(rc, 0);
	assert_int_equal(db_commit(db, &e), 0);
}

/* Parse writer output; fails the test if it is not valid JSON. */
static inline json_t *parse_json(const char *s)
{
	json_error_t je;
	json_t *j = json_loads(s, JSON_REJECT_DUPLICATES, &je);
	if (!j)
		fprintf(stderr, "invalid JSON (%s): %s\n", je.text, s);
	assert_non_null(j);
	return j;
}

static inline int64_t json_int_at(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	assert_non_null(v);
	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

/* Is s valid UTF-8 (jansson refuses anything else)? */
static inline int utf8_valid(const char *s)
{
	json_t *j = json_stringn(s, strlen(s));
	int ok = j != NULL;
	json_decref(j);
	return ok;
}

/* Run the group (cmocka_run_group_tests; its return value is the number of
 * failed tests) and print the suite's last line. cmocka writes its progress
 * to stdout; it is sent to stderr so that stdout holds only that line. */
static inline int run_suite(const char *name, const struct CMUnitTest *tests, size_t n,
			    CMFixtureFunction group_setup, CMFixtureFunction group_teardown)
{
	fflush(stdout);
	int saved = dup(STDOUT_FILENO);
	if (saved >= 0)
		dup2(STDERR_FILENO, STDOUT_FILENO);
	int failed = _cmocka_run_group_tests(name, tests, n, group_setup, group_teardown);
	fflush(stdout);
	if (saved >= 0) {
		dup2(saved, STDOUT_FILENO);
		close(saved);
	}
	printf("%d passed, %d failed\n", (int)n - failed, failed);
	fflush(stdout);
	return failed ? 1 : 0;
}
#define RUN_SUITE(tests) run_suite(#tests, tests, sizeof tests / sizeof tests[0], NULL, NULL)
#define RUN_SUITE_FIXTURE(tests, setup, teardown) \
	run_suite(#tests, tests, sizeof tests / sizeof tests[0], setup, teardown)

/* Copy a closed database file (a template built once per suite). */
static inline void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[65536];
	size_t n;
	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

/* A fresh store opened on a copy of the template file. */
static inline struct tstore *tstore_from_template(const char *template_path)
{
	struct tstore *t = calloc(1, sizeof *t);
	struct err e = {0};
	assert_non_null(t);
	tmp_db_path(t->path);
	copy_file(template_path, t->path);
	assert_int_equal(store_open(t->path, NULL, &t->s, &e), 0);
	t->db = store_db(t->s, &e);
	assert_non_null(t->db);
	return t;
}

/* Create an account with one grant (committed) and load its principal
 * into *p (strings in arena a). */
static inline void test_user(struct db *db, struct arena *a, const char *name, int role,
			     int64_t region, struct principal *p)
{
	struct err e = {0};
	assert_int_equal(db_begin_write(db, &e), 0);
	assert_int_equal(auth_user_create_cli(db, name, NULL, "Passw0rd1", role, region, T0, &e), 0);
	assert_int_equal(db_commit(db, &e), 0);
	int64_t uid = 0;
	assert_int_equal(db_int(db, &e, &uid, "SELECT id FROM users WHERE username=?", "s", name), 1);
	assert_int_equal(auth_load_principal(db, a, uid, p, &e), 0);
}

#endif
