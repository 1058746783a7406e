/*
 * sqlite.c — the SQLite backend of store.h.
 *
 * Invariants:
 *  - every connection runs WAL, synchronous=FULL, foreign_keys=ON, a busy
 *    timeout, and wal_autocheckpoint=0: checkpoints are the checkpointer
 *    thread's job so that no request pays for one;
 *  - at most one write transaction is open in the process (the write
 *    lock, write_lock()); it is granted first come, first served, so a
 *    writer that gives it up between chunks (a long import) and asks
 *    again queues behind the writers already waiting;
 *  - a connection is used by one thread only (SQLITE_OPEN_NOMUTEX);
 *  - prepared statements are cached per connection keyed by SQL text.
 */
#include "core/arena.h"
#include "core/xmem.h"
#include "store/store.h"

#include <assert.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "store/migrations.h"

#define STMT_CACHE 512

struct stmt {
	sqlite3_stmt *s;
	struct db *db;
	char *sql;
	uint64_t hash;
	bool transient;
	bool busy;
};

struct db {
	sqlite3 *h;
	struct store *store;
	bool in_tx, in_write;
	bool grouped;              /* the store's group-commit connection */
	struct stmt *cache[STMT_CACHE];
	struct db *next_all;
	pthread_t owner;
};

struct store {
	char *path;
	struct store_opts opts;
	pthread_mutex_t write_mu;  /* guards the tickets below */
	pthread_cond_t write_cv;
	uint64_t write_next, write_serving; /* ticket lock: FIFO writers */
	pthread_mutex_t list_mu;
	struct db *all;
	pthread_key_t tls;
	pthread_t ckpt;
	bool ckpt_running;
	pthread_mutex_t ckpt_mu;
	pthread_cond_t ckpt_cv;
	bool ckpt_stop;
	/* Group commit (store_opts.group_commit, docs/ARCHITECTURE.md "The
	 * store"): requests' writes share one transaction on gdb, each in its
	 * own savepoint; the write lock's holder commits the batch when no
	 * other writer waits, when it holds GROUP_MAX requests, or when it is
	 * GROUP_AGE_US old. The batch fields belong to the write lock's
	 * holder; done_id/done_rc are read by the waiting writers under
	 * write_mu (done_cv). */
	struct db *gdb;
	bool batch_open;
	int batch_n;
	int64_t batch_t0;
	uint64_t batch_id, done_id;
	int done_rc[1024];
	pthread_cond_t done_cv;
	uint64_t n_batches, n_grouped;
};

#define GROUP_MAX 512
#define GROUP_AGE_US 4000

static int sql_err(struct err *e, sqlite3 *h, int rc, const char *what)
{
	int ext = h ? sqlite3_extended_errcode(h) : rc;
	const char *msg = h ? sqlite3_errmsg(h) : sqlite3_errstr(rc);
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
			return err_setf(e, ERR_CONFLICT, "", "记录重复：%s", "duplicate record: %s",
					msg);
		if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
			return err_set(e, ERR_RULE, "", "引用的记录不存在或仍被其他记录引用",
				       "a referenced record does not exist or is still referenced");
		return err_setf(e, ERR_RULE, "", "违反数据约束：%s", "constraint violated: %s", msg);
	}
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return err_set(e, ERR_LIMIT, "", "数据库繁忙，请稍后重试", "database busy, retry later");
	log_error("sqlite %s: %s (%d)", what, msg, ext);
	return err_setf(e, ERR_STORE, "", "数据库错误：%s", "database error: %s", msg);
}

/* ---------- connections ---------- */

static void db_close(struct db *db)
{
	for (int i = 0; i < STMT_CACHE; i++)
		if (db->cache[i]) {
			sqlite3_finalize(db->cache[i]->s);
			free(db->cache[i]->sql);
			free(db->cache[i]);
		}
	sqlite3_close_v2(db->h);
	free(db);
}

static int apply_pragmas(sqlite3 *h, const struct store_opts *o, struct err *e)
{
	char sql[512];
	int64_t cache = o->cache_kib ? o->cache_kib : 16384;
	snprintf(sql, sizeof sql,
		 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
		 "PRAGMA wal_autocheckpoint=0; PRAGMA cache_size=-%lld; PRAGMA temp_store=MEMORY;"
		 "PRAGMA journal_size_limit=67108864;",
		 (long long)cache);
	/* The wait comes first: the pragmas take the database's locks too
	 * (journal_mode=WAL), and a new connection opened while writers hold
	 * them failed at once with "database is locked" (seen: the booking
	 * race's eight threads opening their connections together). */
	sqlite3_busy_timeout(h, 10000);
	char *msg = NULL;
	int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		err_setf(e, ERR_STORE, "", "无法设置数据库参数：%s", "cannot configure database: %s",
			 msg ? msg : "?");
		sqlite3_free(msg);
		return ERR_STORE;
	}
	return 0;
}

static int open_conn(struct store *s, struct db **out, struct err *e)
{
	sqlite3 *h = NULL;
	int flags = SQLITE_OPEN_NOMUTEX |
		    (s->opts.readonly ? SQLITE_OPEN_READONLY
		     : s->opts.guest  ? SQLITE_OPEN_READWRITE
				      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	int rc = sqlite3_open_v2(s->path, &h, flags, NULL);
	if (rc != SQLITE_OK) {
		err_setf(e, ERR_STORE, "db", "无法打开数据库 %s：%s", "cannot open database %s: %s",
			 s->path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close_v2(h);
		return ERR_STORE;
	}
	sqlite3_extended_result_codes(h, 1);
	if (apply_pragmas(h, &s->opts, e)) {
		sqlite3_close_v2(h);
		return ERR_STORE;
	}
	struct db *db = xcalloc(1, sizeof *db);
	db->h = h;
	db->store = s;
	db->owner = pthread_self();
	pthread_mutex_lock(&s->list_mu);
	db->next_all = s->all;
	s->all = db;
	pthread_mutex_unlock(&s->list_mu);
	*out = db;
	return 0;
}

struct db *store_db(struct store *s, struct err *e)
{
	struct db *db = pthread_getspecific(s->tls);
	if (db)
		return db;
	if (open_conn(s, &db, e))
		return NULL;
	pthread_setspecific(s->tls, db);
	return db;
}

static void unlink_db(struct store *s, struct db *db)
{
	pthread_mutex_lock(&s->list_mu);
	for (struct db **p = &s->all; *p; p = &(*p)->next_all)
		if (*p == db) {
			*p = db->next_all;
			break;
		}
	pthread_mutex_unlock(&s->list_mu);
}

void store_release_thread(struct store *s)
{
	struct db *db = pthread_getspecific(s->tls);
	if (!db)
		return;
	pthread_setspecific(s->tls, NULL);
	unlink_db(s, db);
	db_close(db);
}

/* ---------- checkpointer ---------- */

/* The process' write lock, granted in arrival order (a ticket lock). */
static void write_lock(struct store *s)
{
	pthread_mutex_lock(&s->write_mu);
	uint64_t me = s->write_next++;
	while (me != s->write_serving)
		pthread_cond_wait(&s->write_cv, &s->write_mu);
	pthread_mutex_unlock(&s->write_mu);
}

static void write_lock_alone(struct store *s);

static void write_unlock(struct store *s)
{
	pthread_mutex_lock(&s->write_mu);
	s->write_serving++;
	pthread_cond_broadcast(&s->write_cv);
	pthread_mutex_unlock(&s->write_mu);
}

static off_t wal_size(struct store *s)
{
	char p[4096];
	struct stat st;
	if (snprintf(p, sizeof p, "%s-wal", s->path) >= (int)sizeof p)
		return 0;
	return stat(p, &st) == 0 ? st.st_size : 0;
}

static void *ckpt_main(void *arg)
{
	struct store *s = arg;
	struct err e;
	struct db *db = NULL;
	if (open_conn(s, &db, &e)) {
		log_error("checkpointer: %s", e.message_en);
		return NULL;
	}
	pthread_mutex_lock(&s->ckpt_mu);
	while (!s->ckpt_stop) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&s->ckpt_cv, &s->ckpt_mu, &ts);
		if (s->ckpt_stop)
			break;
		pthread_mutex_unlock(&s->ckpt_mu);
		off_t sz = wal_size(s);
		if (sz > 64 * 1024 * 1024) {
			/* Large WAL: copy it back without blocking writers (PASSIVE)
			 * first; then block writers only for what is left: RESTART
			 * (a few frames, and the next writer starts the log from its
			 * beginning, journal_size_limit trimming the file) when
			 * PASSIVE caught up, TRUNCATE otherwise. TRUNCATE of a
			 * ~100 MB WAL held writers 100-150 ms, longer than a chunk of
			 * a long import (docs/import.md). */
			int nlog = 0, nck = 0;
			for (int i = 0; i < 8; i++) {
				sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_PASSIVE, &nlog, &nck);
				if (nlog - nck < 1024)
					break;
			}
			write_lock_alone(s);
			sqlite3_wal_checkpoint_v2(db->h, NULL,
						  nlog - nck < 1024 ? SQLITE_CHECKPOINT_RESTART
								    : SQLITE_CHECKPOINT_TRUNCATE,
						  NULL, NULL);
			write_unlock(s);
		} else if (sz > 0) {
			sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		}
		pthread_mutex_lock(&s->ckpt_mu);
	}
	pthread_mutex_unlock(&s->ckpt_mu);
	unlink_db(s, db);
	db_close(db);
	return NULL;
}

/* ---------- open / close ---------- */

int store_open(const char *url, const struct store_opts *opts, struct store **out,
	       struct err *e)
{
	*out = NULL;
	if (!url || !*url)
		return err_set(e, ERR_INVALID, "db", "未指定数据库", "no database given");
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return err_set(e, ERR_INVALID, "db",
			       "本版本尚未启用 PostgreSQL 后端，请使用 SQLite 文件路径",
			       "the PostgreSQL backend is not enabled in this build; use a SQLite file path");
	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	struct store *s = xcalloc(1, sizeof *s);
	s->path = xstrdup(url);
	if (opts)
		s->opts = *opts;
	pthread_mutex_init(&s->write_mu, NULL);
	pthread_cond_init(&s->write_cv, NULL);
	pthread_mutex_init(&s->list_mu, NULL);
	pthread_mutex_init(&s->ckpt_mu, NULL);
	pthread_cond_init(&s->ckpt_cv, NULL);
	pthread_cond_init(&s->done_cv, NULL);
	pthread_key_create(&s->tls, NULL);
	struct db *db = store_db(s, e);
	if (!db) {
		store_close(s);
		return e ? e->code : ERR_STORE;
	}
	if (!s->opts.readonly && !s->opts.no_migrate && !s->opts.guest) {
		int rc = store_migrate(s, NULL, e);
		if (rc) {
			store_close(s);
			return rc;
		}
	}
	if (s->opts.checkpoint_thread && !s->opts.readonly && !s->opts.guest) {
		if (pthread_create(&s->ckpt, NULL, ckpt_main, s) == 0)
			s->ckpt_running = true;
	}
	*out = s;
	return 0;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->ckpt_running) {
		pthread_mutex_lock(&s->ckpt_mu);
		s->ckpt_stop = true;
		pthread_cond_signal(&s->ckpt_cv);
		pthread_mutex_unlock(&s->ckpt_mu);
		pthread_join(s->ckpt, NULL);
	}
	/* A final TRUNCATE checkpoint leaves a clean, self-contained db file.
	 * A guest leaves it to the owner: it would hold the owner's writers
	 * back and fsync the file on every `wushe sql`. */
	struct db *mine = pthread_getspecific(s->tls);
	if (mine && !s->opts.readonly && !s->opts.guest)
		sqlite3_wal_checkpoint_v2(mine->h, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	pthread_setspecific(s->tls, NULL);
	struct db *db = s->all;
	while (db) {
		struct db *n = db->next_all;
		db_close(db);
		db = n;
	}
	pthread_key_delete(s->tls);
	pthread_mutex_destroy(&s->write_mu);
	pthread_cond_destroy(&s->write_cv);
	pthread_mutex_destroy(&s->list_mu);
	pthread_mutex_destroy(&s->ckpt_mu);
	pthread_cond_destroy(&s->ckpt_cv);
	pthread_cond_destroy(&s->done_cv);
	free(s->path);
	free(s);
}

const char *store_dialect(const struct store *s)
{
	(void)s;
	return "sqlite";
}

const char *store_path(const struct store *s) { return s->path; }

int store_checkpoint(struct store *s, struct err *e)
{
	struct db *db = store_db(s, e);
	if (!db)
		return e->code;
	write_lock_alone(s);
	int rc = sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	write_unlock(s);
	return rc == SQLITE_OK ? 0 : sql_err(e, db->h, rc, "checkpoint");
}

/* ---------- statements ---------- */

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Whether the text after a statement holds no further one (only spaces,
 * semicolons and comments): preparing it then yields no statement. */
static bool only_comments(sqlite3 *h, const char *tail)
{
	while (*tail) {
		sqlite3_stmt *s = NULL;
		const char *next = NULL;
		if (sqlite3_prepare_v2(h, tail, -1, &s, &next) != SQLITE_OK || s) {
			sqlite3_finalize(s);
			return false;
		}
		if (!next || next == tail)
			break;
		tail = next;
	}
	return true;
}

static struct stmt *prep(struct db *db, const char *sql, struct err *e)
{
	uint64_t h = fnv(sql);
	unsigned slot = (unsigned)(h % STMT_CACHE);
	for (unsigned probe = 0; probe < 8; probe++) {
		struct stmt *c = db->cache[(slot + probe) % STMT_CACHE];
		if (!c)
			break;
		if (c->hash == h && !c->busy && strcmp(c->sql, sql) == 0) {
			c->busy = true;
			return c;
		}
	}
	sqlite3_stmt *s = NULL;
	const char *tail = NULL;
	int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, &tail);
	if (rc != SQLITE_OK) {
		sql_err(e, db->h, rc, "prepare");
		log_error("SQL was: %s", sql);
		return NULL;
	}
	if (tail && *tail && !only_comments(db->h, tail)) {
		/* SQLite would silently ignore the rest. */
		sqlite3_finalize(s);
		err_set(e, ERR_INVALID, "sql", "SQL 含多于一条语句", "the SQL holds more than one statement");
		return NULL;
	}
	struct stmt *st = xcalloc(1, sizeof *st);
	st->s = s;
	st->db = db;
	st->hash = h;
	st->busy = true;
	st->transient = true;
	for (unsigned probe = 0; probe < 8; probe++) {
		unsigned i = (slot + probe) % STMT_CACHE;
		if (!db->cache[i]) {
			st->sql = strdup(sql);
			st->transient = false;
			db->cache[i] = st;
			break;
		}
	}
	return st;
}

void stmt_done(struct stmt *st)
{
	if (!st)
		return;
	if (st->transient) {
		sqlite3_finalize(st->s);
		free(st->sql);
		free(st);
		return;
	}
	sqlite3_reset(st->s);
	sqlite3_clear_bindings(st->s);
	st->busy = false;
}

static int vbind(struct stmt *st, struct err *e, const char *types, va_list ap)
{
	int idx = 1, rc = SQLITE_OK;
	for (const char *t = types ? types : ""; *t && rc == SQLITE_OK; t++, idx++) {
		switch (*t) {
		case 'i': rc = sqlite3_bind_int64(st->s, idx, va_arg(ap, int64_t)); break;
		case 'b': rc = sqlite3_bind_int(st->s, idx, va_arg(ap, int) ? 1 : 0); break;
		case 'd': rc = sqlite3_bind_double(st->s, idx, va_arg(ap, double)); break;
		case 'n': rc = sqlite3_bind_null(st->s, idx); break;
		case 's': {
			const char *v = va_arg(ap, const char *);
			rc = v ? sqlite3_bind_text(st->s, idx, v, -1, SQLITE_TRANSIENT)
			       : sqlite3_bind_null(st->s, idx);
			break;
		}
		case 't': {
			const char *v = va_arg(ap, const char *);
			size_t n = va_arg(ap, size_t);
			rc = sqlite3_bind_text(st->s, idx, v, (int)n, SQLITE_TRANSIENT);
			break;
		}
		default: assert(!"bad bind type"); rc = SQLITE_MISUSE;
		}
	}
	if (rc != SQLITE_OK)
		return sql_err(e, st->db->h, rc, "bind");
	assert(idx - 1 == sqlite3_bind_parameter_count(st->s));
	return 0;
}

struct stmt *db_q(struct db *db, struct err *e, const char *sql, const char *types, ...)
{
	struct stmt *st = prep(db, sql, e);
	if (!st)
		return NULL;
	va_list ap;
	va_start(ap, types);
	int rc = vbind(st, e, types, ap);
	va_end(ap);
	if (rc) {
		stmt_done(st);
		return NULL;
	}
	return st;
}

struct stmt *db_qa(struct db *db, struct err *e, const char *sql, const struct db_arg *args, int n)
{
	struct stmt *st = prep(db, sql, e);
	if (!st)
		return NULL;
	int rc = SQLITE_OK;
	for (int k = 0; k < n && rc == SQLITE_OK; k++) {
		const struct db_arg *a = &args[k];
		switch (a->type) {
		case 'i': rc = sqlite3_bind_int64(st->s, k + 1, a->i); break;
		case 'b': rc = sqlite3_bind_int(st->s, k + 1, a->i ? 1 : 0); break;
		case 'd': rc = sqlite3_bind_double(st->s, k + 1, a->d); break;
		case 'n': rc = sqlite3_bind_null(st->s, k + 1); break;
		case 's':
			rc = a->s ? sqlite3_bind_text(st->s, k + 1, a->s, -1, SQLITE_TRANSIENT)
				  : sqlite3_bind_null(st->s, k + 1);
			break;
		default: assert(!"bad bind type"); rc = SQLITE_MISUSE;
		}
	}
	if (rc != SQLITE_OK) {
		sql_err(e, st->db->h, rc, "bind");
		stmt_done(st);
		return NULL;
	}
	assert(n == sqlite3_bind_parameter_count(st->s));
	return st;
}

int stmt_step(struct stmt *st, struct err *e)
{
	int rc = sqlite3_step(st->s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return sql_err(e, st->db->h, rc, "step");
}

int64_t col_int(struct stmt *st, int i) { return sqlite3_column_int64(st->s, i); }
double col_double(struct stmt *st, int i) { return sqlite3_column_double(st->s, i); }
const char *col_text(struct stmt *st, int i) { return (const char *)sqlite3_column_text(st->s, i); }
bool col_null(struct stmt *st, int i) { return sqlite3_column_type(st->s, i) == SQLITE_NULL; }
int col_count(struct stmt *st) { return sqlite3_column_count(st->s); }
const char *col_name(struct stmt *st, int i) { return sqlite3_column_name(st->s, i); }

enum db_type col_type(struct stmt *st, int i)
{
	switch (sqlite3_column_type(st->s, i)) {
	case SQLITE_INTEGER: return DB_INT;
	case SQLITE_FLOAT: return DB_REAL;
	case SQLITE_TEXT: return DB_TEXT;
	case SQLITE_BLOB: return DB_BLOB;
	default: return DB_NULL;
	}
}

const void *col_blob(struct stmt *st, int i, size_t *len)
{
	/* The pointer first, then its length (SQLite's documented order). */
	const void *p = sqlite3_column_type(st->s, i) == SQLITE_TEXT ? (const void *)sqlite3_column_text(st->s, i)
								      : sqlite3_column_blob(st->s, i);
	*len = (size_t)sqlite3_column_bytes(st->s, i);
	return p;
}

/* ---------- bulk load ---------- */

struct db_bulk {
	struct db *db;
	int n;
	char **sql; /* CREATE INDEX statements, as stored in sqlite_schema */
};

void db_bulk_free(struct db_bulk *b)
{
	if (!b)
		return;
	for (int i = 0; i < b->n; i++)
		free(b->sql[i]);
	free(b->sql);
	free(b);
}

static int ddl(struct db *db, const char *sql, struct err *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		log_error("bulk load: %s: %s", sql, msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return sql_err(e, db->h, rc, "bulk load");
	}
	return 0;
}

int db_bulk_begin(struct db *db, const char *table, struct db_bulk **out, struct err *e)
{
	*out = NULL;
	if (sqlite3_get_autocommit(db->h))
		return err_set(e, ERR_INTERNAL, NULL, "批量载入须在事务内进行",
			       "a bulk load must run inside a transaction");
	struct db_bulk *b = xcalloc(1, sizeof *b);
	b->db = db;
	char **names = NULL;
	int cap = 0, rc = 0;
	struct stmt *st = db_q(db, e,
			       "SELECT l.name, m.sql FROM pragma_index_list(?) l"
			       " JOIN sqlite_schema m ON m.type='index' AND m.name=l.name"
			       " WHERE l.origin='c' AND l.\"unique\"=0 AND m.sql IS NOT NULL ORDER BY l.name",
			       "s", table);
	if (!st) {
		db_bulk_free(b);
		return e->code;
	}
	while ((rc = stmt_step(st, e)) == 1) {
		if (b->n == cap) {
			cap = cap ? cap * 2 : 16;
			b->sql = xrealloc(b->sql, (size_t)cap * sizeof *b->sql);
			names = xrealloc(names, (size_t)cap * sizeof *names);
		}
		names[b->n] = xstrdup(col_text(st, 0));
		b->sql[b->n] = xstrdup(col_text(st, 1));
		b->n++;
	}
	stmt_done(st);
	for (int i = 0; rc == 0 && i < b->n; i++) {
		char *q = sqlite3_mprintf("DROP INDEX \"%w\"", names[i]);
		if (!q)
			abort();
		rc = ddl(db, q, e);
		sqlite3_free(q);
	}
	for (int i = 0; i < b->n; i++)
		free(names[i]);
	free(names);
	if (rc) {
		db_bulk_free(b);
		return rc;
	}
	*out = b;
	return 0;
}

int db_bulk_end(struct db_bulk *b, struct err *e)
{
	int rc = 0;
	for (int i = 0; b && rc == 0 && i < b->n; i++)
		rc = ddl(b->db, b->sql[i], e);
	db_bulk_free(b);
	return rc;
}

int db_exec(struct db *db, struct err *e, const char *sql, const char *types, ...)
{
	struct stmt *st = prep(db, sql, e);
	if (!st)
		return e->code;
	va_list ap;
	va_start(ap, types);
	int rc = vbind(st, e, types, ap);
	va_end(ap);
	if (!rc)
		while ((rc = stmt_step(st, e)) == 1)
			;
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

int db_exec_script(struct db *db, struct err *e, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	sqlite3_free(msg); /* the same text as sqlite3_errmsg(), which sql_err reads */
	return rc == SQLITE_OK ? 0 : sql_err(e, db->h, rc, "script");
}

/* Prepare, bind and step once: rc 1 (st on the row), 0 (no row) or < 0;
 * the caller reads the row and calls stmt_done(*st) when *st is set. */
static int first_row(struct db *db, struct err *e, const char *sql, const char *types,
		     va_list ap, struct stmt **st)
{
	*st = prep(db, sql, e);
	if (!*st)
		return e->code;
	int rc = vbind(*st, e, types, ap);
	return rc ? rc : stmt_step(*st, e);
}

int db_row(struct db *db, struct err *e, struct stmt **st, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = first_row(db, e, sql, types, ap, st);
	va_end(ap);
	if (rc != 1 && *st) {
		stmt_done(*st);
		*st = NULL;
	}
	return rc;
}

int db_int(struct db *db, struct err *e, int64_t *out, const char *sql, const char *types, ...)
{
	struct stmt *st;
	va_list ap;
	va_start(ap, types);
	int rc = first_row(db, e, sql, types, ap, &st);
	va_end(ap);
	if (rc == 1)
		*out = col_int(st, 0);
	if (st)
		stmt_done(st);
	return rc;
}

int db_text(struct db *db, struct err *e, struct arena *a, char **out, const char *sql,
	    const char *types, ...)
{
	struct stmt *st;
	va_list ap;
	va_start(ap, types);
	int rc = first_row(db, e, sql, types, ap, &st);
	va_end(ap);
	*out = rc == 1 && !col_null(st, 0) ? arena_strdup(a, col_text(st, 0)) : NULL;
	if (st)
		stmt_done(st);
	return rc;
}

int db_exec_a(struct db *db, struct err *e, const char *sql, const struct db_arg *args, int n)
{
	struct stmt *st = db_qa(db, e, sql, args, n);
	if (!st)
		return e->code ? e->code : ERR_STORE;
	int rc;
	while ((rc = stmt_step(st, e)) == 1)
		;
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

int db_int_a(struct db *db, struct err *e, int64_t *out, const char *sql, const struct db_arg *args, int n)
{
	struct stmt *st = db_qa(db, e, sql, args, n);
	if (!st)
		return e->code ? e->code : ERR_STORE;
	int rc = stmt_step(st, e);
	if (rc == 1)
		*out = col_int(st, 0);
	stmt_done(st);
	return rc;
}

int64_t db_changes(struct db *db) { return sqlite3_changes64(db->h); }

/* ---------- transactions ---------- */

static int simple(struct db *db, const char *sql, struct err *e)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : sql_err(e, db->h, rc, sql);
}

int db_begin(struct db *db, struct err *e)
{
	assert(!db->in_tx);
	int rc = simple(db, "BEGIN", e);
	if (!rc)
		db->in_tx = true;
	return rc;
}

static int64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Whether another thread holds a ticket for the write lock (the holder's
 * own ticket is the one being served). */
static bool writers_waiting(struct store *s)
{
	pthread_mutex_lock(&s->write_mu);
	bool w = s->write_next - s->write_serving > 1;
	pthread_mutex_unlock(&s->write_mu);
	return w;
}

/* The write lock's holder ends the open batch: COMMIT when it holds a
 * released request (ROLLBACK when empty), and tells its waiters. */
static int batch_close(struct store *s, struct err *e)
{
	if (!s->batch_open)
		return 0;
	struct db *g = s->gdb;
	int rc = SQLITE_OK;
	if (s->batch_n > 0) {
		rc = sqlite3_exec(g->h, "COMMIT", NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			if (e)
				sql_err(e, g->h, rc, "COMMIT");
			sqlite3_exec(g->h, "ROLLBACK", NULL, NULL, NULL);
		}
	} else {
		sqlite3_exec(g->h, "ROLLBACK", NULL, NULL, NULL);
	}
	s->batch_open = false;
	g->in_tx = g->in_write = false;
	pthread_mutex_lock(&s->write_mu);
	s->done_rc[s->batch_id % 1024] = rc == SQLITE_OK ? 0 : ERR_STORE;
	s->done_id = s->batch_id;
	if (s->batch_n > 0) {
		s->n_batches++;
		s->n_grouped += (uint64_t)s->batch_n;
	}
	pthread_cond_broadcast(&s->done_cv);
	pthread_mutex_unlock(&s->write_mu);
	return rc == SQLITE_OK ? 0 : ERR_STORE;
}

/* The write lock, for a writer outside the batch (its own connection, the
 * checkpointer): the open batch is committed first. */
static void write_lock_alone(struct store *s)
{
	write_lock(s);
	if (s->batch_open)
		batch_close(s, NULL);
}

int db_begin_write(struct db *db, struct err *e)
{
	assert(!db->in_tx);
	write_lock_alone(db->store);
	int rc = simple(db, "BEGIN IMMEDIATE", e);
	if (rc) {
		write_unlock(db->store);
		return rc;
	}
	db->in_tx = db->in_write = true;
	return 0;
}

int db_begin_group(struct db **dbp, struct err *e)
{
	struct store *s = (*dbp)->store;
	if (!s->opts.group_commit)
		return db_begin_write(*dbp, e);
	assert(!(*dbp)->in_tx);
	write_lock(s);
	if (!s->gdb) {
		if (open_conn(s, &s->gdb, e)) {
			write_unlock(s);
			return e->code;
		}
		s->gdb->grouped = true;
	}
	struct db *g = s->gdb;
	int rc;
	if (!s->batch_open) {
		if ((rc = simple(g, "BEGIN IMMEDIATE", e))) {
			write_unlock(s);
			return rc;
		}
		s->batch_open = true;
		s->batch_id++;
		s->batch_n = 0;
		s->batch_t0 = mono_us();
	}
	if ((rc = simple(g, "SAVEPOINT req", e))) {
		batch_close(s, NULL);
		write_unlock(s);
		return rc;
	}
	g->in_tx = g->in_write = true;
	*dbp = g;
	return 0;
}

/* After a request's savepoint was released (mine: it joined the batch) or
 * undone: commit the batch when nobody else will, give up the write lock,
 * and — for a request in the batch — wait until its batch is on disk. */
static int group_end(struct store *s, bool mine, struct err *e)
{
	uint64_t b = s->batch_id;
	bool close = s->batch_n >= GROUP_MAX || mono_us() - s->batch_t0 >= GROUP_AGE_US ||
		     !writers_waiting(s);
	int rc = 0;
	if (close)
		rc = batch_close(s, mine ? e : NULL);
	else
		s->gdb->in_tx = s->gdb->in_write = false;
	write_unlock(s);
	if (!mine || close)
		return mine ? rc : 0;
	pthread_mutex_lock(&s->write_mu);
	while (s->done_id < b)
		pthread_cond_wait(&s->done_cv, &s->write_mu);
	rc = s->done_rc[b % 1024];
	pthread_mutex_unlock(&s->write_mu);
	if (rc)
		err_set(e, ERR_STORE, "", "数据库错误：提交失败，本次修改未保存",
			"database error: the commit failed and the change was not saved");
	return rc;
}

void store_group_stats(struct store *s, uint64_t *batches, uint64_t *writes)
{
	pthread_mutex_lock(&s->write_mu);
	*batches = s->n_batches;
	*writes = s->n_grouped;
	pthread_mutex_unlock(&s->write_mu);
}

static void end_tx(struct db *db)
{
	if (db->in_write)
		write_unlock(db->store);
	db->in_tx = db->in_write = false;
}

int db_commit(struct db *db, struct err *e)
{
	assert(db->in_tx);
	if (db->grouped) {
		struct store *s = db->store;
		int rc = simple(db, "RELEASE req", e);
		if (rc) {
			sqlite3_exec(db->h, "ROLLBACK TO req", NULL, NULL, NULL);
			sqlite3_exec(db->h, "RELEASE req", NULL, NULL, NULL);
			group_end(s, false, NULL);
			return rc;
		}
		s->batch_n++;
		return group_end(s, true, e);
	}
	int rc = simple(db, "COMMIT", e);
	if (rc) {
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		end_tx(db);
		return rc;
	}
	end_tx(db);
	return 0;
}

void db_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	if (db->grouped) {
		sqlite3_exec(db->h, "ROLLBACK TO req", NULL, NULL, NULL);
		sqlite3_exec(db->h, "RELEASE req", NULL, NULL, NULL);
		group_end(db->store, false, NULL);
		return;
	}
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	end_tx(db);
}

bool db_in_write(const struct db *db) { return db->in_write; }
bool db_in_tx(const struct db *db) { return db->in_tx; }

/* ---------- migrations ---------- */

static char *expand_tokens(const char *sql)
{
	struct sb out = SB_INIT;
	const char *p = sql;
	const char *tok = "ID_PK";
	const char *rep = "INTEGER PRIMARY KEY";
	for (;;) {
		const char *q = strstr(p, tok);
		if (!q) {
			sb_adds(&out, p);
			break;
		}
		sb_add(&out, p, (size_t)(q - p));
		sb_adds(&out, rep);
		p = q + strlen(tok);
	}
	return sb_detach(&out, NULL);
}

int store_schema_version(struct store *s, int *version, struct err *e)
{
	struct db *db = store_db(s, e);
	if (!db)
		return e->code;
	*version = 0;
	int64_t exists = 0;
	int rc = db_int(db, e, &exists,
			"SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_migrations'",
			"");
	if (rc < 0)
		return rc;
	if (!exists)
		return 0;
	int64_t v = 0;
	rc = db_int(db, e, &v, "SELECT coalesce(max(number),0) FROM schema_migrations", "");
	if (rc < 0)
		return rc;
	*version = (int)v;
	return 0;
}

int store_migrate(struct store *s, int *applied, struct err *e)
{
	struct db *db = store_db(s, e);
	if (!db)
		return e->code;
	if (applied)
		*applied = 0;
	int rc = simple(db,
			"CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY,"
			" name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
			e);
	if (rc)
		return rc;
	/* Each migration is applied once, by number, whatever its neighbours:
	 * modules number their files in their own ranges, so a database
	 * created before a module landed may lack a number below its highest
	 * one (010 arriving after 030 was applied). Files of one module keep
	 * their order; files of different modules must not depend on each
	 * other's later numbers. */
	for (size_t i = 0; i < store_migrations_count; i++) {
		const struct store_migration *m = &store_migrations[i];
		int64_t done = 0;
		if ((rc = db_int(db, e, &done, "SELECT count(*) FROM schema_migrations WHERE number=?",
				 "i", (int64_t)m->number)) < 0)
			return rc;
		if (done)
			continue;
		if ((rc = db_begin_write(db, e)))
			return rc;
		/* The portable part, then SQLite's own (embed-sql.sh). */
		char *msg = NULL;
		int src = SQLITE_OK;
		const char *parts[2] = {m->sql, m->sqlite};
		for (int k = 0; k < 2 && src == SQLITE_OK; k++) {
			if (!parts[k])
				continue;
			char *sql = expand_tokens(parts[k]);
			src = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
			free(sql);
		}
		if (src != SQLITE_OK) {
			err_setf(e, ERR_STORE, "", "数据库迁移 %03d_%s 失败：%s",
				 "migration %03d_%s failed: %s", m->number, m->name, msg ? msg : "?");
			sqlite3_free(msg);
			db_rollback(db);
			return ERR_STORE;
		}
		rc = db_exec(db, e, "INSERT INTO schema_migrations(number,name,applied_at) VALUES(?,?,?)",
			     "isi", (int64_t)m->number, m->name, wtime_now());
		if (rc || (rc = db_commit(db, e))) {
			db_rollback(db);
			return rc;
		}
		log_debug("applied migration %03d_%s", m->number, m->name);
		if (applied)
			(*applied)++;
	}
	return 0;
}

/* ---------- catalogue ---------- */

bool db_table_has(struct db *db, const char *table, const char *const *cols)
{
	struct err e = {0};
	int64_t n = 0;
	if (db_int(db, &e, &n, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?", "s",
		   table) != 1 ||
	    n == 0)
		return false;
	for (const char *const *c = cols; c && *c; c++) {
		n = 0;
		if (db_int(db, &e, &n, "SELECT count(*) FROM pragma_table_info(?) WHERE name=?", "ss", table,
			   *c) != 1 ||
		    n == 0)
			return false;
	}
	return true;
}

/* ---------- backup ---------- */

int store_backup(struct store *s, const char *dest, struct err *e)
{
	struct db *db = store_db(s, e);
	if (!db)
		return e->code;
	if (access(dest, F_OK) == 0)
		return err_setf(e, ERR_CONFLICT, "dest", "备份目标已存在：%s",
				"backup destination exists: %s", dest);
	sqlite3 *to = NULL;
	int rc = sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		sql_err(e, to, rc, "backup open");
		sqlite3_close_v2(to);
		return ERR_IO;
	}
	sqlite3_backup *b = sqlite3_backup_init(to, "main", db->h, "main");
	if (!b) {
		sql_err(e, to, sqlite3_errcode(to), "backup init");
		sqlite3_close_v2(to);
		return ERR_IO;
	}
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		sql_err(e, to, rc, "backup step");
		sqlite3_close_v2(to);
		unlink(dest);
		return ERR_IO;
	}
	rc = sqlite3_exec(to, "PRAGMA journal_mode=DELETE; PRAGMA integrity_check;", NULL, NULL, NULL);
	sqlite3_close_v2(to);
	return rc == SQLITE_OK ? 0 : err_set(e, ERR_IO, "dest", "备份校验失败", "backup check failed");
}
