/*
 * store.h — the narrow interface between wushe's logic and its database.
 *
 * Module code speaks a portable SQL subset (ANSI joins, `?` parameters,
 * INSERT … RETURNING, ON CONFLICT, LIMIT/OFFSET, || for concatenation) and
 * only through the calls below; anything dialect-specific — PRAGMAs, the
 * online backup API, checkpoints, full-text index syntax — lives in the
 * backend file (sqlite.c today; pg.c for multi-server deployments). A
 * migration file may use the token ID_PK for an auto-assigned integer
 * primary key; the backend expands it.
 *
 * Threads: a struct db is one connection owned by the calling thread
 * (store_db() hands each thread its own). Writes are serialised in-process:
 * db_begin_write() takes the store's write lock before BEGIN IMMEDIATE, so
 * writers queue instead of spinning on SQLITE_BUSY — in arrival order, so
 * a long job that commits in chunks and asks again lets the writers that
 * queued meanwhile go first; readers are never blocked (WAL). Durability: synchronous=FULL, so a commit that
 * returned 0 survives power loss.
 */
#ifndef WUSHE_STORE_STORE_H
#define WUSHE_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct store;
struct db;
struct stmt;

struct store_opts {
	bool readonly;
	bool no_migrate;          /* open without applying migrations */
	bool checkpoint_thread;   /* serve: run the WAL checkpointer */
	bool guest;               /* another process (a running server) may own the
				     database: open an existing one only, never
				     migrate, no final checkpoint (`wushe sql`) */
	int64_t cache_kib;        /* per-connection page cache, default 16 MiB */
	bool group_commit;        /* serve: db_begin_group batches requests' writes */
};

int store_open(const char *url, const struct store_opts *opts, struct store **out,
	       struct err *e);
void store_close(struct store *s);
const char *store_dialect(const struct store *s);
const char *store_path(const struct store *s);

/* The calling thread's connection to s (opened on first use). */
struct db *store_db(struct store *s, struct err *e);
/* Close the calling thread's connection (worker threads call this on exit). */
void store_release_thread(struct store *s);

/* Apply pending migrations; *applied (may be NULL) counts them. */
int store_migrate(struct store *s, int *applied, struct err *e);
int store_schema_version(struct store *s, int *version, struct err *e);
/* Online backup to a new file at dest. */
int store_backup(struct store *s, const char *dest, struct err *e);
/* Run a full checkpoint now (tests, shutdown). */
int store_checkpoint(struct store *s, struct err *e);

/* Transactions. A read transaction gives a consistent snapshot for a
 * multi-query answer; a write transaction holds the process' write lock. */
int db_begin(struct db *db, struct err *e);
int db_begin_write(struct db *db, struct err *e);
/* A request's write transaction under group commit (the router's, for
 * every write route): *db becomes the store's shared writer connection and
 * the request runs in its own savepoint inside the batch's transaction.
 * db_commit releases the savepoint and returns only once the batch that
 * holds it is committed — on disk — (or with the commit's error: then
 * nothing of the batch was written); db_rollback undoes the request alone.
 * Without group commit it is db_begin_write(*db). A plain db_begin_write
 * (imports, jobs, the CLI) first commits the open batch, then runs alone. */
int db_begin_group(struct db **db, struct err *e);
int db_commit(struct db *db, struct err *e);
void db_rollback(struct db *db);
bool db_in_write(const struct db *db);
bool db_in_tx(const struct db *db);      /* a read or write transaction is open */
/* One pass: fn with a system context (ctx_system: no caller, time now, an
 * arena freed afterwards) in its own write transaction, committed when fn
 * returns 0 and rolled back otherwise; *n (set to 0 first) is what fn
 * counts. A job's pass and a command's write use it instead of spelling
 * out the transaction. */
struct ctx;
int db_run_pass(struct db *db, int64_t now, int (*fn)(struct ctx *c, int64_t *n), int64_t *n, struct err *e);
/* Batches committed and requests they held since the store opened. */
void store_group_stats(struct store *s, uint64_t *batches, uint64_t *writes);

/* Prepare (from the connection's cache) and bind. Types, one char per
 * parameter: i int64, s text (NULL binds null), n null (no argument),
 * d double, b bool (int), t text with explicit length (const char *, size_t).
 * sql is one statement: a second one after it is an error, not ignored. */
struct stmt *db_q(struct db *db, struct err *e, const char *sql, const char *types, ...);
/* The same with the parameters in an array, for SQL assembled at run time
 * (the list helper, store/list.h). Types as for db_q; 's' with s NULL binds
 * null. */
struct db_arg {
	char type;
	int64_t i;
	double d;
	const char *s;
};
struct stmt *db_qa(struct db *db, struct err *e, const char *sql, const struct db_arg *args, int n);
/* db_exec and db_int with the parameters in an array (db_qa's), for a
 * statement too long to bind by a type string — an INSERT … RETURNING id
 * with many columns, an UPDATE of many. Returns as db_exec and db_int do;
 * the array's length is DB_ARGS' second half. */
int db_exec_a(struct db *db, struct err *e, const char *sql, const struct db_arg *args, int n);
int db_int_a(struct db *db, struct err *e, int64_t *out, const char *sql, const struct db_arg *args, int n);
#define DB_ARGS(a) (a), (int)(sizeof(a) / sizeof((a)[0]))
/* Step: 1 = a row, 0 = done, negative = error (e filled). */
int stmt_step(struct stmt *st, struct err *e);
/* Reset and return the statement to the cache. Safe on NULL. */
void stmt_done(struct stmt *st);

int64_t col_int(struct stmt *st, int i);
double col_double(struct stmt *st, int i);
const char *col_text(struct stmt *st, int i);    /* NULL for SQL NULL; valid until next step */
bool col_null(struct stmt *st, int i);
int col_count(struct stmt *st);
const char *col_name(struct stmt *st, int i);
/* The type of the value in column i of the current row (not the column's
 * declared type: SQLite stores each value with its own). */
enum db_type { DB_NULL, DB_INT, DB_REAL, DB_TEXT, DB_BLOB };
enum db_type col_type(struct stmt *st, int i);
/* The bytes of a text or blob value and their number (*len; text without
 * its terminating NUL); valid until the next step. NULL for an empty blob. */
const void *col_blob(struct stmt *st, int i, size_t *len);

/* Prepare, bind and step once, for a query of one row: 1 with *st on the
 * row (read it, then stmt_done(*st)), 0 when there is none, negative on
 * an error (e filled); *st is NULL unless 1. */
int db_row(struct db *db, struct err *e, struct stmt **st, const char *sql, const char *types, ...);
/* Run a statement that returns no rows (or ignore them). Returns 0 or error. */
int db_exec(struct db *db, struct err *e, const char *sql, const char *types, ...);
/* Run a script: several statements separated by ';', without parameters,
 * each run to completion (rows ignored), stopping at the first error (e
 * carries the database's message). Meant for inside the caller's write
 * transaction, so that the script commits whole or not at all (a script
 * that opens a transaction of its own then fails). For operators and tests
 * (`wushe sql --script`), never for module code, whose SQL is one bound
 * statement. */
int db_exec_script(struct db *db, struct err *e, const char *sql);
/* First column of the first row as int: returns 1 found, 0 no row, <0 error. */
int db_int(struct db *db, struct err *e, int64_t *out, const char *sql, const char *types, ...);
/* First column of the first row as text copied into a (NULL for SQL NULL):
 * returns 1 found, 0 no row (*out NULL), <0 error. */
struct arena;
int db_text(struct db *db, struct err *e, struct arena *a, char **out, const char *sql,
	    const char *types, ...);
/* Whether `table` exists with every column named in cols (NULL-terminated;
 * cols may be NULL) — the catalogue is each backend's own (SQLite's
 * sqlite_master, PostgreSQL's information_schema). Areas use it to treat a
 * table another area has not created yet as "no data". */
bool db_table_has(struct db *db, const char *table, const char *const *cols);
/* Rows changed by the last statement on this connection. */
int64_t db_changes(struct db *db);

/* Bulk load. Inside a write transaction (or savepoint), db_bulk_begin()
 * drops table's secondary indexes — those made by CREATE INDEX without
 * UNIQUE; primary keys and unique indexes stay, so conflicts are still
 * caught row by row — and db_bulk_end() creates them again from their
 * stored definitions, one sorted build each. A load about as large as the
 * table is then several times cheaper than a random-key insert into every
 * index per row. Both steps belong to the transaction: a rollback brings
 * the old indexes back, and readers never see the table without them.
 * After a rollback, db_bulk_free() only frees. */
struct db_bulk;
int db_bulk_begin(struct db *db, const char *table, struct db_bulk **out, struct err *e);
int db_bulk_end(struct db_bulk *b, struct err *e);
void db_bulk_free(struct db_bulk *b);

#endif
