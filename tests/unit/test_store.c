/*
 * test_store.c — the SQLite backend behind store.h: migrations applied
 * once, transactions (rollback leaves nothing, commit survives a reopen),
 * constraint errors mapped to wushe's codes, the per-connection statement
 * cache (including nested use of one SQL text), parameter binding, online
 * backup, the process-wide write lock: concurrent writers are
 * serialised without losing an update, readers are never blocked; and
 * what `wushe sql` uses: column types and bytes, scripts, one statement
 * per db_q, a guest's open next to a running owner.
 *
 * Every test gets a fresh database file under /tmp (testutil.h); tests
 * that need plain rows use their own table t, independent of the domain
 * schema.
 *
 * Prints "N passed, N failed" last; cmocka's own report goes to stderr.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/err.h"
#include "core/wtime.h"
#include "store/migrations.h"
#include "store/store.h"
#include "testutil.h"

static const char T_SCHEMA[] =
	"CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE, v INTEGER,"
	" parent INTEGER REFERENCES t(id), n INTEGER CHECK (n IS NULL OR n >= 0))";

static void make_t(struct db *db, int rows)
{
	struct err e = {0};
	assert_int_equal(db_begin_write(db, &e), 0);
	assert_int_equal(db_exec(db, &e, T_SCHEMA, ""), 0);
	for (int i = 1; i <= rows; i++) {
		char k[32];
		snprintf(k, sizeof k, "k%d", i);
		assert_int_equal(db_exec(db, &e, "INSERT INTO t(k, v) VALUES(?, ?)", "si", k,
					 (int64_t)i),
				 0);
	}
	assert_int_equal(db_commit(db, &e), 0);
}

static int max_migration(void)
{
	int m = 0;
	for (size_t i = 0; i < store_migrations_count; i++)
		if (store_migrations[i].number > m)
			m = store_migrations[i].number;
	return m;
}

/* ------------------------------------------------------------ migrations */

static void migrations_applied_once(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	int version = -1, applied = -1;
	assert_true(store_migrations_count >= 4);
	/* Numbers are strictly increasing: applied in order, each once. */
	for (size_t i = 1; i < store_migrations_count; i++)
		assert_true(store_migrations[i].number > store_migrations[i - 1].number);
	assert_int_equal(store_schema_version(t->s, &version, &e), 0);
	assert_int_equal(version, max_migration());
	assert_int_equal(count_rows(t->db, "schema_migrations"), (int64_t)store_migrations_count);
	/* Each module's tables exist. */
	assert_int_equal(count_rows(t->db, "sqlite_master WHERE type='table' AND name IN"
					   " ('regions','users','sessions','audit_log')"),
			 4);
	/* Migrating again applies nothing. */
	assert_int_equal(store_migrate(t->s, &applied, &e), 0);
	assert_int_equal(applied, 0);
	/* Nor does reopening the file. */
	store_close(t->s);
	assert_int_equal(store_open(t->path, NULL, &t->s, &e), 0);
	t->db = store_db(t->s, &e);
	assert_non_null(t->db);
	applied = -1;
	assert_int_equal(store_migrate(t->s, &applied, &e), 0);
	assert_int_equal(applied, 0);
	assert_int_equal(store_schema_version(t->s, &version, &e), 0);
	assert_int_equal(version, max_migration());
	assert_int_equal(count_rows(t->db, "schema_migrations"), (int64_t)store_migrations_count);
	assert_string_equal(store_dialect(t->s), "sqlite");
}

/* A module that lands after a later-numbered one: its migration is below
 * the database's highest number and must still be applied (once). */
static void migrations_fill_gaps(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	int applied = -1;
	assert_true(store_migrations_count >= 2);
	const struct store_migration *m = &store_migrations[0];
	/* Pretend the first migration never ran: forget it and drop its tables. */
	assert_int_equal(db_exec(t->db, &e, "DELETE FROM schema_migrations WHERE number=?", "i",
				 (int64_t)m->number), 0);
	int64_t n = -1;
	assert_int_equal(db_int(t->db, &e, &n, "SELECT count(*) FROM schema_migrations", ""), 1);
	assert_int_equal(n, (int64_t)store_migrations_count - 1);
	/* Re-running it would fail on its existing tables: proof it is run
	 * again only because the row is missing, and that the failure is clean. */
	assert_int_equal(store_migrate(t->s, &applied, &e), ERR_STORE);
	assert_int_equal(db_int(t->db, &e, &n, "SELECT count(*) FROM schema_migrations", ""), 1);
	assert_int_equal(n, (int64_t)store_migrations_count - 1);
}

static void migrations_on_demand(void **state)
{
	(void)state;
	struct store_opts o = {.no_migrate = true};
	struct tstore *t = tstore_new_opts(&o);
	struct err e = {0};
	int version = -1, applied = -1;
	assert_int_equal(store_schema_version(t->s, &version, &e), 0);
	assert_int_equal(version, 0);
	assert_int_equal(store_migrate(t->s, &applied, &e), 0);
	assert_int_equal(applied, (int)store_migrations_count);
	assert_int_equal(store_schema_version(t->s, &version, &e), 0);
	assert_int_equal(version, max_migration());
	assert_int_equal(store_migrate(t->s, &applied, &e), 0);
	assert_int_equal(applied, 0);
	tstore_free(t);
}

/* ----------------------------------------------------------- transactions */

static void rollback_leaves_nothing(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	make_t(t->db, 0);
	assert_false(db_in_write(t->db));
	assert_int_equal(db_begin_write(t->db, &e), 0);
	assert_true(db_in_write(t->db));
	for (int i = 0; i < 3; i++)
		assert_int_equal(db_exec(t->db, &e, "INSERT INTO t(k) VALUES(?)", "s",
					 i == 0 ? "a" : i == 1 ? "b" : "c"),
				 0);
	assert_int_equal(count_rows(t->db, "t"), 3); /* visible inside */
	db_rollback(t->db);
	assert_false(db_in_write(t->db));
	assert_int_equal(count_rows(t->db, "t"), 0);
	db_rollback(t->db); /* no transaction: a no-op */
	/* The write lock was released: another write transaction can start. */
	assert_int_equal(db_begin_write(t->db, &e), 0);
	assert_int_equal(db_exec(t->db, &e, "INSERT INTO t(k) VALUES('d')", ""), 0);
	assert_int_equal(db_commit(t->db, &e), 0);
	assert_int_equal(count_rows(t->db, "t"), 1);
	/* Also across a close/reopen nothing of the rolled-back rows appears. */
	store_close(t->s);
	assert_int_equal(store_open(t->path, NULL, &t->s, &e), 0);
	t->db = store_db(t->s, &e);
	assert_int_equal(count_rows(t->db, "t"), 1);
}

static void commit_persists_across_reopen(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	make_t(t->db, 0);
	assert_int_equal(db_begin_write(t->db, &e), 0);
	assert_int_equal(db_exec(t->db, &e, "INSERT INTO t(k, v) VALUES('persist', 42)", ""), 0);
	assert_int_equal(db_commit(t->db, &e), 0);
	assert_false(db_in_write(t->db));
	store_close(t->s);
	t->s = NULL;
	/* The final checkpoint left a self-contained file: no WAL needed. */
	char wal[128];
	struct stat st;
	snprintf(wal, sizeof wal, "%s-wal", t->path);
	assert_true(stat(wal, &st) != 0 || st.st_size == 0);
	assert_int_equal(store_open(t->path, NULL, &t->s, &e), 0);
	t->db = store_db(t->s, &e);
	int64_t v = 0;
	assert_int_equal(db_int(t->db, &e, &v, "SELECT v FROM t WHERE k=?", "s", "persist"), 1);
	assert_int_equal(v, 42);
	/* A read transaction sees the same and commits cleanly. */
	assert_int_equal(db_begin(t->db, &e), 0);
	assert_false(db_in_write(t->db));
	assert_int_equal(count_rows(t->db, "t"), 1);
	assert_int_equal(db_commit(t->db, &e), 0);
}

/* ---------------------------------------------------------------- errors */

static void constraint_errors_mapped(void **state)
{
	struct tstore *t = *state;
	struct err e;
	make_t(t->db, 2);
	assert_int_equal(db_begin_write(t->db, &e), 0);
	err_clear(&e);
	assert_int_equal(db_exec(t->db, &e, "INSERT INTO t(k) VALUES('k1')", ""), ERR_CONFLICT);
	assert_int_equal(e.code, ERR_CONFLICT);
	err_clear(&e);
	assert_int_equal(db_exec(t->db, &e, "INSERT INTO t(id, k) VALUES(1, 'new')", ""),
			 ERR_CONFLICT);
	err_clear(&e);
	assert_int_equal(db_exec(t->db, &e, "INSERT INTO t(k, parent) VALUES('orphan', 999)", ""),
			 ERR_RULE);
	assert_int_equal(e.code, ERR_RULE);
	err_clear(&e);
	assert_int_equal(db_exec(t->db, &e, "INSERT INTO t(k, n) VALUES('neg', -1)", ""), ERR_RULE);
	err_clear(&e);
	assert_int_equal(db_exec(t->db, &e, "INSERT INTO t(v) VALUES(1)", ""), ERR_RULE);
	/* Deleting a referenced row is a rule violation too. */
	assert_int_equal(db_exec(t->db, &e, "INSERT INTO t(k, parent) VALUES('child', 1)", ""), 0);
	err_clear(&e);
	assert_int_equal(db_exec(t->db, &e, "DELETE FROM t WHERE id=1", ""), ERR_RULE);
	/* A failed statement does not spoil the transaction. */
	assert_int_equal(db_commit(t->db, &e), 0);
	assert_int_equal(count_rows(t->db, "t"), 3);
	/* The domain schema's FK: a grant on a region that does not exist. */
	assert_int_equal(db_begin_write(t->db, &e), 0);
	assert_int_equal(db_exec(t->db, &e,
				 "INSERT INTO users(username, display_name, password_hash, created_at,"
				 " updated_at) VALUES('u1','u','x',1,1)",
				 ""),
			 0);
	err_clear(&e);
	assert_int_equal(db_exec(t->db, &e,
				 "INSERT INTO user_grants(user_id, role, region_id) VALUES(1,'resident',77)",
				 ""),
			 ERR_RULE);
	err_clear(&e);
	assert_int_equal(db_exec(t->db, &e,
				 "INSERT INTO users(username, display_name, password_hash, created_at,"
				 " updated_at) VALUES('u1','again','x',1,1)",
				 ""),
			 ERR_CONFLICT);
	db_rollback(t->db);
	/* Broken SQL is a store error, with the connection still usable. */
	err_clear(&e);
	assert_null(db_q(t->db, &e, "SELEC 1", ""));
	assert_int_equal(e.code, ERR_STORE);
	err_clear(&e);
	assert_int_equal(db_exec(t->db, &e, "SELECT * FROM no_such_table", ""), ERR_STORE);
	assert_int_equal(count_rows(t->db, "t"), 3);
}

/* ---------------------------------------------------------- statements */

static void statement_cache_reuse(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	const char *sql = "SELECT v FROM t ORDER BY v";
	make_t(t->db, 5);
	struct stmt *a = db_q(t->db, &e, sql, "");
	assert_non_null(a);
	assert_int_equal(stmt_step(a, &e), 1);
	stmt_done(a);
	struct stmt *b = db_q(t->db, &e, sql, "");
	assert_ptr_equal(a, b); /* the same prepared statement came back from the cache */
	/* It was reset: it starts again from the first row. */
	assert_int_equal(stmt_step(b, &e), 1);
	assert_int_equal(col_int(b, 0), 1);
	/* Nested use of the same SQL while b is still stepping. */
	struct stmt *c = db_q(t->db, &e, sql, "");
	assert_non_null(c);
	assert_ptr_not_equal(b, c);
	int64_t seen = 0;
	int n = 0, rc;
	while ((rc = stmt_step(c, &e)) == 1) {
		n++;
		seen = seen * 10 + col_int(c, 0);
		/* Third level, the same SQL again, runs to completion inside. */
		struct stmt *d = db_q(t->db, &e, sql, "");
		assert_non_null(d);
		assert_ptr_not_equal(d, b);
		assert_ptr_not_equal(d, c);
		int m = 0;
		while (stmt_step(d, &e) == 1)
			m++;
		assert_int_equal(m, 5);
		stmt_done(d);
	}
	assert_int_equal(rc, 0);
	assert_int_equal(n, 5);
	assert_int_equal(seen, 12345);
	stmt_done(c);
	/* The outer statement continues where it was. */
	for (int want = 2; want <= 5; want++) {
		assert_int_equal(stmt_step(b, &e), 1);
		assert_int_equal(col_int(b, 0), want);
	}
	assert_int_equal(stmt_step(b, &e), 0);
	stmt_done(b);
	stmt_done(NULL); /* safe */

	/* Same SQL, different bindings, interleaved: bindings are per statement. */
	const char *q = "SELECT v FROM t WHERE v > ? ORDER BY v";
	struct stmt *x = db_q(t->db, &e, q, "i", (int64_t)3);
	struct stmt *y = db_q(t->db, &e, q, "i", (int64_t)0);
	assert_non_null(x);
	assert_non_null(y);
	assert_int_equal(stmt_step(x, &e), 1);
	assert_int_equal(stmt_step(y, &e), 1);
	assert_int_equal(col_int(x, 0), 4);
	assert_int_equal(col_int(y, 0), 1);
	stmt_done(x);
	stmt_done(y);
	/* A cached statement must not keep old bindings: null binds replace them. */
	struct stmt *z = db_q(t->db, &e, q, "n");
	assert_int_equal(stmt_step(z, &e), 0); /* v > NULL: no rows */
	stmt_done(z);
}

static void statement_cache_overflow(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	/* More distinct statements than the cache has slots: the rest are transient. */
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 700; i++) {
			char sql[64];
			snprintf(sql, sizeof sql, "SELECT %d + ?", i);
			int64_t v = -1;
			assert_int_equal(db_int(t->db, &e, &v, sql, "i", (int64_t)round), 1);
			assert_int_equal(v, i + round);
		}
}

static void bind_types_round_trip(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	const char *text = "abcdef";
	struct stmt *st = db_q(t->db, &e, "SELECT ?, ?, ?, ?, ?, ?, ?, ? AS last", "isndbtbi",
			       INT64_MIN, (const char *)NULL, 2.5, 7, text, (size_t)3, 0,
			       INT64_MAX);
	assert_non_null(st);
	assert_int_equal(stmt_step(st, &e), 1);
	assert_int_equal(col_count(st), 8);
	assert_string_equal(col_name(st, 7), "last");
	assert_true(col_int(st, 0) == INT64_MIN);
	assert_true(col_null(st, 1));
	assert_null(col_text(st, 1));
	assert_true(col_null(st, 2));
	assert_true(col_double(st, 3) == 2.5);
	assert_int_equal(col_int(st, 4), 1); /* bool: any non-zero is 1 */
	assert_string_equal(col_text(st, 5), "abc"); /* explicit length */
	assert_int_equal(col_int(st, 6), 0);
	assert_true(col_int(st, 7) == INT64_MAX);
	assert_int_equal(stmt_step(st, &e), 0);
	stmt_done(st);
	/* UTF-8 text round-trips byte for byte. */
	st = db_q(t->db, &e, "SELECT ?, length(?)", "ss", "顺德区😀", "顺德区😀");
	assert_int_equal(stmt_step(st, &e), 1);
	assert_string_equal(col_text(st, 0), "顺德区😀");
	assert_int_equal(col_int(st, 1), 4); /* characters */
	stmt_done(st);
}

static void db_int_and_changes(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	make_t(t->db, 5);
	int64_t v = 99;
	assert_int_equal(db_int(t->db, &e, &v, "SELECT v FROM t WHERE k=?", "s", "nope"), 0);
	assert_int_equal(v, 99);
	assert_int_equal(db_int(t->db, &e, &v, "SELECT v FROM t WHERE k=?", "s", "k3"), 1);
	assert_int_equal(v, 3);
	assert_int_equal(db_begin_write(t->db, &e), 0);
	assert_int_equal(db_exec(t->db, &e, "UPDATE t SET v=v+10 WHERE v <= ?", "i", (int64_t)3), 0);
	assert_int_equal(db_changes(t->db), 3);
	assert_int_equal(db_exec(t->db, &e, "UPDATE t SET v=0 WHERE k='none'", ""), 0);
	assert_int_equal(db_changes(t->db), 0);
	assert_int_equal(db_commit(t->db, &e), 0);
	/* INSERT … RETURNING through db_q. */
	assert_int_equal(db_begin_write(t->db, &e), 0);
	struct stmt *st = db_q(t->db, &e, "INSERT INTO t(k, v) VALUES('r', 5) RETURNING id", "");
	assert_int_equal(stmt_step(st, &e), 1);
	assert_int_equal(col_int(st, 0), 6);
	stmt_done(st);
	assert_int_equal(db_commit(t->db, &e), 0);
	assert_int_equal(count_rows(t->db, "t"), 6);
}

/* ----------------------------------------------------------------- backup */

static void backup_round_trip(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	make_t(t->db, 100);
	char dest[96];
	snprintf(dest, sizeof dest, "%s.bak", t->path);
	unlink_db_files(dest);
	/* The rows are still in the WAL (no autocheckpoint): the backup must have them. */
	assert_int_equal(store_backup(t->s, dest, &e), 0);
	struct store *b = NULL;
	struct store_opts ro = {.no_migrate = true};
	assert_int_equal(store_open(dest, &ro, &b, &e), 0);
	struct db *bdb = store_db(b, &e);
	assert_non_null(bdb);
	assert_int_equal(count_rows(bdb, "t"), 100);
	int64_t sum = 0;
	assert_int_equal(db_int(bdb, &e, &sum, "SELECT sum(v) FROM t", ""), 1);
	assert_int_equal(sum, 5050);
	int v1 = -1, v2 = -2;
	assert_int_equal(store_schema_version(t->s, &v1, &e), 0);
	assert_int_equal(store_schema_version(b, &v2, &e), 0);
	assert_int_equal(v1, v2);
	int64_t ok = 0;
	struct stmt *st = db_q(bdb, &e, "PRAGMA integrity_check", "");
	assert_int_equal(stmt_step(st, &e), 1);
	assert_string_equal(col_text(st, 0), "ok");
	stmt_done(st);
	(void)ok;
	store_close(b);
	/* An existing destination is never overwritten. */
	err_clear(&e);
	assert_int_equal(store_backup(t->s, dest, &e), ERR_CONFLICT);
	assert_string_equal(e.field, "dest");
	unlink_db_files(dest);
	/* A destination that cannot be created is an I/O error. */
	err_clear(&e);
	assert_int_equal(store_backup(t->s, "/nonexistent-dir/wushe/backup.db", &e), ERR_IO);
	/* The source is untouched and still writable. */
	assert_int_equal(db_begin_write(t->db, &e), 0);
	assert_int_equal(db_exec(t->db, &e, "INSERT INTO t(k) VALUES('after')", ""), 0);
	assert_int_equal(db_commit(t->db, &e), 0);
	assert_int_equal(count_rows(t->db, "t"), 101);
}

static void checkpoint_truncates_wal(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	make_t(t->db, 50);
	char wal[128];
	struct stat st;
	snprintf(wal, sizeof wal, "%s-wal", t->path);
	assert_int_equal(stat(wal, &st), 0);
	assert_true(st.st_size > 0);
	assert_int_equal(store_checkpoint(t->s, &e), 0);
	assert_int_equal(stat(wal, &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(count_rows(t->db, "t"), 50);
}

/* serve mode: the checkpointer thread starts, runs while writes happen, and
 * stops cleanly on close (ASan/TSan-friendly lifecycle). */
static void checkpointer_thread_lifecycle(void **state)
{
	(void)state;
	struct store_opts o = {.checkpoint_thread = true};
	struct tstore *t = tstore_new_opts(&o);
	struct err e = {0};
	make_t(t->db, 20);
	struct timespec ts = {1, 300 * 1000 * 1000}; /* > one checkpointer tick */
	nanosleep(&ts, NULL);
	assert_int_equal(db_begin_write(t->db, &e), 0);
	assert_int_equal(db_exec(t->db, &e, "INSERT INTO t(k) VALUES('late')", ""), 0);
	assert_int_equal(db_commit(t->db, &e), 0);
	assert_int_equal(count_rows(t->db, "t"), 21);
	store_close(t->s);
	t->s = NULL;
	assert_int_equal(store_open(t->path, NULL, &t->s, &e), 0);
	t->db = store_db(t->s, &e);
	assert_int_equal(count_rows(t->db, "t"), 21);
	tstore_free(t);
}

static void open_errors(void **state)
{
	(void)state;
	struct store *s = (struct store *)1;
	struct err e;
	err_clear(&e);
	assert_int_equal(store_open("", NULL, &s, &e), ERR_INVALID);
	assert_null(s);
	assert_int_equal(store_open(NULL, NULL, &s, &e), ERR_INVALID);
	err_clear(&e);
	assert_int_equal(store_open("postgres://localhost/wushe", NULL, &s, &e), ERR_INVALID);
	assert_string_equal(e.field, "db");
	err_clear(&e);
	assert_int_equal(store_open("/nonexistent-dir/x/wushe.db", NULL, &s, &e), ERR_STORE);
	assert_null(s);
	/* "sqlite:" prefix is accepted and stripped. */
	char path[64], url[80];
	tmp_db_path(path);
	snprintf(url, sizeof url, "sqlite:%s", path);
	assert_int_equal(store_open(url, NULL, &s, &e), 0);
	assert_string_equal(store_path(s), path);
	store_close(s);
	/* Read-only: reads work, writes fail, nothing is migrated. */
	struct store_opts ro = {.readonly = true};
	assert_int_equal(store_open(path, &ro, &s, &e), 0);
	struct db *db = store_db(s, &e);
	assert_non_null(db);
	assert_int_equal(count_rows(db, "regions"), 0);
	err_clear(&e);
	assert_true(db_exec(db, &e, "INSERT INTO audit_log(id) VALUES(1)", "") < 0);
	store_close(s);
	unlink_db_files(path);
}

/* ------------------------------------------------------------- threads */

struct writer_arg {
	struct store *s;
	int thread_no, n;
	atomic_int failures;
};

static void *writer_main(void *p)
{
	struct writer_arg *a = p;
	struct err e = {0};
	struct db *db = store_db(a->s, &e);
	if (!db) {
		atomic_fetch_add(&a->failures, a->n);
		return NULL;
	}
	for (int i = 0; i < a->n; i++) {
		int64_t counter = -1;
		int rc = db_begin_write(db, &e);
		if (rc) {
			fprintf(stderr, "writer %d begin: %s\n", a->thread_no, e.message_en);
			atomic_fetch_add(&a->failures, 1);
			continue;
		}
		/* Read-modify-write: a lost update shows up as a short counter. */
		rc = db_int(db, &e, &counter, "SELECT v FROM t WHERE k='counter'", "");
		if (rc == 1)
			rc = db_exec(db, &e, "UPDATE t SET v=? WHERE k='counter'", "i", counter + 1);
		if (!rc) {
			char k[48];
			snprintf(k, sizeof k, "w%d-%d", a->thread_no, i);
			rc = db_exec(db, &e, "INSERT INTO t(k, v) VALUES(?, ?)", "si", k,
				     (int64_t)a->thread_no);
		}
		if (!rc)
			rc = db_commit(db, &e);
		else
			db_rollback(db);
		if (rc) {
			fprintf(stderr, "writer %d tx %d: %s\n", a->thread_no, i, e.message_en);
			atomic_fetch_add(&a->failures, 1);
		}
	}
	store_release_thread(a->s);
	return NULL;
}

static void concurrent_writers_serialised(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	make_t(t->db, 0);
	assert_int_equal(db_begin_write(t->db, &e), 0);
	assert_int_equal(db_exec(t->db, &e, "INSERT INTO t(k, v) VALUES('counter', 0)", ""), 0);
	assert_int_equal(db_commit(t->db, &e), 0);
	enum { THREADS = 2, PER_THREAD = 200 };
	struct writer_arg args[THREADS];
	pthread_t th[THREADS];
	for (int i = 0; i < THREADS; i++) {
		args[i].s = t->s;
		args[i].thread_no = i;
		args[i].n = PER_THREAD;
		atomic_init(&args[i].failures, 0);
		assert_int_equal(pthread_create(&th[i], NULL, writer_main, &args[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(atomic_load(&args[i].failures), 0);
	assert_int_equal(count_rows(t->db, "t WHERE k LIKE 'w%'"), THREADS * PER_THREAD);
	assert_int_equal(count_rows(t->db, "t WHERE v = 0 AND k LIKE 'w%'"), PER_THREAD);
	int64_t counter = 0;
	assert_int_equal(db_int(t->db, &e, &counter, "SELECT v FROM t WHERE k='counter'", ""), 1);
	assert_int_equal(counter, THREADS * PER_THREAD);
}


/* ------------------------------------------------------------ group commit */

struct group_arg {
	struct store *s;
	int thread_no, n;
	atomic_int failures, refused, committed;
};

/* A request as the router runs it: db_begin_group swaps in the shared
 * connection, the request writes in its savepoint, commits (or fails and
 * rolls back alone). Every 7th request breaks a UNIQUE constraint after
 * writing a row of its own: that row must vanish with it. After an
 * acknowledged commit the thread's own connection (another one) must see
 * the row: acknowledged means on disk and visible to everyone. */
static void *group_main(void *arg)
{
	struct group_arg *a = arg;
	struct err e = {0};
	struct db *own = store_db(a->s, &e);
	for (int i = 0; i < a->n; i++) {
		struct db *db = own;
		char k[48];
		snprintf(k, sizeof k, "g%d-%d", a->thread_no, i);
		int rc = db_begin_group(&db, &e);
		if (rc) {
			atomic_fetch_add(&a->failures, 1);
			continue;
		}
		if (db == own)
			atomic_fetch_add(&a->failures, 1); /* must run on the group connection */
		int64_t counter = 0;
		rc = db_int(db, &e, &counter, "SELECT v FROM t WHERE k='counter'", "");
		if (rc == 1)
			rc = db_exec(db, &e, "UPDATE t SET v=? WHERE k='counter'", "i", counter + 1);
		if (!rc)
			rc = db_exec(db, &e, "INSERT INTO t(k, v) VALUES(?, ?)", "si", k, (int64_t)a->thread_no);
		usleep(100); /* let the others queue: batches form */
		if (!rc && i % 7 == 3)
			rc = db_exec(db, &e, "INSERT INTO t(k, v) VALUES('counter', 0)", "");
		if (rc) {
			db_rollback(db);
			atomic_fetch_add(&a->refused, 1);
			continue;
		}
		if (db_commit(db, &e)) {
			atomic_fetch_add(&a->failures, 1);
			continue;
		}
		atomic_fetch_add(&a->committed, 1);
		int64_t seen = 0;
		if (db_int(own, &e, &seen, "SELECT count(*) FROM t WHERE k=?", "s", k) != 1 || seen != 1)
			atomic_fetch_add(&a->failures, 1);
	}
	store_release_thread(a->s);
	return NULL;
}

/* A writer outside the batch (an import, a job): db_begin_write commits
 * the open batch first and runs alone. */
static void *alone_main(void *arg)
{
	struct group_arg *a = arg;
	struct err e = {0};
	struct db *db = store_db(a->s, &e);
	for (int i = 0; i < a->n; i++) {
		char k[48];
		snprintf(k, sizeof k, "a%d", i);
		if (db_begin_write(db, &e) || db_exec(db, &e, "INSERT INTO t(k, v) VALUES(?, 9)", "s", k) ||
		    db_commit(db, &e)) {
			db_rollback(db);
			atomic_fetch_add(&a->failures, 1);
			continue;
		}
		atomic_fetch_add(&a->committed, 1);
		usleep(300);
	}
	store_release_thread(a->s);
	return NULL;
}

static void group_commit_batches(void **state)
{
	(void)state;
	struct store_opts o = {.group_commit = true};
	struct tstore *t = tstore_new_opts(&o);
	struct err e = {0};
	make_t(t->db, 0);
	assert_int_equal(db_begin_write(t->db, &e), 0);
	assert_int_equal(db_exec(t->db, &e, "INSERT INTO t(k, v) VALUES('counter', 0)", ""), 0);
	assert_int_equal(db_commit(t->db, &e), 0);
	enum { THREADS = 8, PER_THREAD = 120, ALONE = 40 };
	struct group_arg args[THREADS + 1];
	pthread_t th[THREADS + 1];
	for (int i = 0; i <= THREADS; i++) {
		args[i].s = t->s;
		args[i].thread_no = i;
		args[i].n = i < THREADS ? PER_THREAD : ALONE;
		atomic_init(&args[i].failures, 0);
		atomic_init(&args[i].refused, 0);
		atomic_init(&args[i].committed, 0);
		assert_int_equal(pthread_create(&th[i], NULL, i < THREADS ? group_main : alone_main, &args[i]), 0);
	}
	int committed = 0, refused = 0;
	for (int i = 0; i <= THREADS; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(atomic_load(&args[i].failures), 0);
		if (i < THREADS) {
			committed += atomic_load(&args[i].committed);
			refused += atomic_load(&args[i].refused);
		}
	}
	int per_refused = 0;
	for (int i = 0; i < PER_THREAD; i++)
		per_refused += i % 7 == 3;
	assert_int_equal(refused, THREADS * per_refused);
	assert_int_equal(committed, THREADS * (PER_THREAD - per_refused));
	assert_int_equal(atomic_load(&args[THREADS].committed), ALONE);
	/* Exactly the committed requests' rows; the counter counts them: no
	 * lost update, no refused request's write left behind. */
	assert_int_equal(count_rows(t->db, "t WHERE k LIKE 'g%'"), committed);
	assert_int_equal(count_rows(t->db, "t WHERE k LIKE 'a%'"), ALONE);
	int64_t counter = 0;
	assert_int_equal(db_int(t->db, &e, &counter, "SELECT v FROM t WHERE k='counter'", ""), 1);
	assert_int_equal(counter, committed);
	uint64_t batches = 0, writes = 0;
	store_group_stats(t->s, &batches, &writes);
	assert_int_equal(writes, (uint64_t)committed);
	assert_true(batches > 0 && batches * 2 < writes); /* batching happened */
	fprintf(stderr, "group commit: %d requests in %llu batches\n", committed,
		(unsigned long long)batches);
	/* Everything is on disk: a reopen sees it. */
	store_close(t->s);
	t->s = NULL;
	assert_int_equal(store_open(t->path, NULL, &t->s, &e), 0);
	t->db = store_db(t->s, &e);
	assert_int_equal(count_rows(t->db, "t WHERE k LIKE 'g%'"), committed);
	tstore_free(t);
}

struct probe_arg {
	struct store *s;
	int64_t seen;
	int rc;
	atomic_int began;
};

static void *reader_main(void *p)
{
	struct probe_arg *a = p;
	struct err e = {0};
	struct db *db = store_db(a->s, &e);
	a->rc = db ? db_int(db, &e, &a->seen, "SELECT count(*) FROM t", "") : -100;
	store_release_thread(a->s);
	return NULL;
}

static void *late_writer_main(void *p)
{
	struct probe_arg *a = p;
	struct err e = {0};
	struct db *db = store_db(a->s, &e);
	if (!db) {
		a->rc = -100;
		return NULL;
	}
	a->rc = db_begin_write(db, &e);
	atomic_store(&a->began, 1);
	if (!a->rc) {
		a->rc = db_int(db, &e, &a->seen, "SELECT count(*) FROM t", "");
		db_rollback(db);
	}
	store_release_thread(a->s);
	return NULL;
}

static void readers_not_blocked_writers_queue(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	make_t(t->db, 3);
	assert_int_equal(db_begin_write(t->db, &e), 0);
	assert_int_equal(db_exec(t->db, &e, "INSERT INTO t(k) VALUES('uncommitted')", ""), 0);
	/* A reader on another connection finishes while the write is open,
	 * and sees the last committed state. */
	struct probe_arg r = {.s = t->s, .seen = -1};
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, reader_main, &r), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(r.rc, 1);
	assert_int_equal(r.seen, 3);
	/* A second writer waits for the lock instead of failing. */
	struct probe_arg w = {.s = t->s, .seen = -1};
	atomic_init(&w.began, 0);
	assert_int_equal(pthread_create(&th, NULL, late_writer_main, &w), 0);
	struct timespec ts = {0, 300 * 1000 * 1000};
	nanosleep(&ts, NULL);
	assert_int_equal(atomic_load(&w.began), 0);
	assert_int_equal(db_commit(t->db, &e), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(atomic_load(&w.began), 1);
	assert_int_equal(w.rc, 1);
	assert_int_equal(w.seen, 4); /* it ran after our commit */
}

/* col_type names each value's own type; col_blob gives text and blob bytes
 * with their length (text may hold a NUL). */
static void column_types_and_bytes(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	struct stmt *st = db_q(t->db, &e,
			       "SELECT 42, 2.5, 'text', NULL, x'00ff10', char(97, 0, 98), x'', -9223372036854775808",
			       "");
	assert_non_null(st);
	assert_int_equal(stmt_step(st, &e), 1);
	assert_int_equal(col_count(st), 8);
	assert_int_equal(col_type(st, 0), DB_INT);
	assert_int_equal(col_type(st, 1), DB_REAL);
	assert_int_equal(col_type(st, 2), DB_TEXT);
	assert_int_equal(col_type(st, 3), DB_NULL);
	assert_int_equal(col_type(st, 4), DB_BLOB);
	assert_int_equal(col_type(st, 5), DB_TEXT);
	assert_int_equal(col_type(st, 6), DB_BLOB);
	assert_int_equal(col_type(st, 7), DB_INT);
	assert_true(col_int(st, 7) == INT64_MIN);
	size_t n = 99;
	const unsigned char *b = col_blob(st, 4, &n);
	assert_int_equal(n, 3);
	assert_memory_equal(b, "\x00\xff\x10", 3);
	b = col_blob(st, 5, &n);
	assert_int_equal(n, 3);
	assert_memory_equal(b, "a\0b", 3);
	b = col_blob(st, 2, &n);
	assert_int_equal(n, 4);
	assert_memory_equal(b, "text", 4);
	col_blob(st, 6, &n);
	assert_int_equal(n, 0);
	assert_int_equal(stmt_step(st, &e), 0);
	stmt_done(st);
	/* a declared INTEGER column keeps the type of what was stored */
	make_t(t->db, 1);
	exec_committed(t->db, "INSERT INTO t(k, v) VALUES('real', 1.5)");
	st = db_q(t->db, &e, "SELECT v FROM t ORDER BY id", "");
	assert_int_equal(stmt_step(st, &e), 1);
	assert_int_equal(col_type(st, 0), DB_INT);
	assert_int_equal(stmt_step(st, &e), 1);
	assert_int_equal(col_type(st, 0), DB_REAL);
	stmt_done(st);
}

/* db_exec_script runs every statement inside the caller's transaction; a
 * failing one stops it and the rollback undoes the ones before. */
static void exec_script_all_or_nothing(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	make_t(t->db, 2);
	assert_int_equal(db_begin_write(t->db, &e), 0);
	assert_int_equal(db_exec_script(t->db, &e,
					"INSERT INTO t(k, v) VALUES('a', 10);\n"
					"-- a comment\n"
					"UPDATE t SET v = v + 1 WHERE k = 'a'; DELETE FROM t WHERE k = 'k1';"),
			 0);
	assert_int_equal(db_commit(t->db, &e), 0);
	assert_int_equal(count_rows(t->db, "t"), 2);
	assert_int_equal(count_rows(t->db, "t WHERE k = 'a' AND v = 11"), 1);
	/* the second statement breaks a constraint: nothing of the first stays */
	assert_int_equal(db_begin_write(t->db, &e), 0);
	err_clear(&e);
	assert_int_equal(db_exec_script(t->db, &e, "INSERT INTO t(k) VALUES('b'); INSERT INTO t(k) VALUES('a');"),
			 ERR_CONFLICT);
	db_rollback(t->db);
	assert_int_equal(count_rows(t->db, "t WHERE k = 'b'"), 0);
	/* a syntax error names itself */
	assert_int_equal(db_begin_write(t->db, &e), 0);
	err_clear(&e);
	assert_int_equal(db_exec_script(t->db, &e, "INSERT INTO t(k) VALUES('c'); SELEC 1;"), ERR_STORE);
	assert_non_null(strstr(e.message_en, "syntax error"));
	db_rollback(t->db);
	assert_int_equal(count_rows(t->db, "t WHERE k = 'c'"), 0);
	/* a script of its own transaction cannot nest in the caller's */
	assert_int_equal(db_begin_write(t->db, &e), 0);
	assert_true(db_exec_script(t->db, &e, "BEGIN; INSERT INTO t(k) VALUES('d'); COMMIT;") < 0);
	db_rollback(t->db);
	assert_int_equal(count_rows(t->db, "t"), 2);
}

/* db_q takes one statement: a second one is refused, not silently dropped;
 * a trailing semicolon, spaces or a comment are fine. */
static void one_statement_only(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	make_t(t->db, 1);
	assert_null(db_q(t->db, &e, "SELECT 1; DELETE FROM t", ""));
	assert_int_equal(e.code, ERR_INVALID);
	err_clear(&e);
	assert_int_equal(db_exec(t->db, &e, "UPDATE t SET v = 5; DELETE FROM t", ""), ERR_INVALID);
	assert_int_equal(count_rows(t->db, "t WHERE v = 5"), 0);
	assert_int_equal(count_rows(t->db, "t"), 1);
	int64_t v = 0;
	assert_int_equal(db_int(t->db, &e, &v, "SELECT 7;", ""), 1);
	assert_int_equal(db_int(t->db, &e, &v, "SELECT 8 ; ;  -- the end\n /* really */ ", ""), 1);
	assert_int_equal(v, 8);
}

/* A guest (`wushe sql` next to a running server) opens an existing
 * database only, migrates nothing, sees the owner's commits and leaves the
 * WAL to the owner when it closes. */
static void guest_open(void **state)
{
	(void)state;
	struct err e = {0};
	struct store *g = (struct store *)1;
	struct store_opts go = {.guest = true};
	char missing[64];
	tmp_db_path(missing);
	unlink(missing);
	assert_int_equal(store_open(missing, &go, &g, &e), ERR_STORE);
	assert_null(g);
	assert_int_not_equal(access(missing, F_OK), 0); /* not created */

	/* an empty file: nothing is migrated */
	char empty[64];
	tmp_db_path(empty);
	assert_int_equal(store_open(empty, &go, &g, &e), 0);
	struct db *gdb = store_db(g, &e);
	assert_int_equal(count_rows(gdb, "sqlite_master"), 0);
	store_close(g);
	unlink_db_files(empty);

	/* next to an owner that keeps the database open */
	struct tstore *t = tstore_new();
	make_t(t->db, 3);
	char wal[128];
	struct stat st;
	snprintf(wal, sizeof wal, "%s-wal", t->path);
	assert_int_equal(stat(wal, &st), 0);
	off_t before = st.st_size;
	assert_true(before > 0);
	assert_int_equal(store_open(t->path, &go, &g, &e), 0);
	gdb = store_db(g, &e);
	assert_non_null(gdb);
	assert_int_equal(count_rows(gdb, "t"), 3);
	assert_int_equal(db_begin_write(gdb, &e), 0);
	assert_int_equal(db_exec_script(gdb, &e, "INSERT INTO t(k) VALUES('guest');"), 0);
	assert_int_equal(db_commit(gdb, &e), 0);
	store_close(g);
	assert_int_equal(count_rows(t->db, "t WHERE k = 'guest'"), 1);
	assert_int_equal(stat(wal, &st), 0);
	assert_true(st.st_size >= before); /* no TRUNCATE checkpoint by the guest */
	tstore_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(migrations_fill_gaps, setup_store, teardown_store),
		cmocka_unit_test_setup_teardown(migrations_applied_once, setup_store, teardown_store),
		cmocka_unit_test(migrations_on_demand),
		cmocka_unit_test_setup_teardown(rollback_leaves_nothing, setup_store, teardown_store),
		cmocka_unit_test_setup_teardown(commit_persists_across_reopen, setup_store,
						teardown_store),
		cmocka_unit_test_setup_teardown(constraint_errors_mapped, setup_store, teardown_store),
		cmocka_unit_test_setup_teardown(statement_cache_reuse, setup_store, teardown_store),
		cmocka_unit_test_setup_teardown(statement_cache_overflow, setup_store, teardown_store),
		cmocka_unit_test_setup_teardown(bind_types_round_trip, setup_store, teardown_store),
		cmocka_unit_test_setup_teardown(db_int_and_changes, setup_store, teardown_store),
		cmocka_unit_test_setup_teardown(backup_round_trip, setup_store, teardown_store),
		cmocka_unit_test_setup_teardown(checkpoint_truncates_wal, setup_store, teardown_store),
		cmocka_unit_test(checkpointer_thread_lifecycle),
		cmocka_unit_test(open_errors),
		cmocka_unit_test_setup_teardown(column_types_and_bytes, setup_store, teardown_store),
		cmocka_unit_test_setup_teardown(exec_script_all_or_nothing, setup_store, teardown_store),
		cmocka_unit_test_setup_teardown(one_statement_only, setup_store, teardown_store),
		cmocka_unit_test(guest_open),
		cmocka_unit_test(group_commit_batches),
		cmocka_unit_test_setup_teardown(concurrent_writers_serialised, setup_store,
						teardown_store),
		cmocka_unit_test_setup_teardown(readers_not_blocked_writers_queue, setup_store,
						teardown_store),
	};
	return RUN_SUITE(tests);
}
