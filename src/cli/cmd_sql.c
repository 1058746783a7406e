/*
 * cmd_sql.c — `wushe sql`: SQL against a database, through the store.
 *
 *   wushe sql --db PATH SQL [SQL…]       each SQL one statement; its rows on
 *                                        stdout as one JSON array of arrays,
 *                                        one line per statement (several read
 *                                        one snapshot)
 *   wushe sql --db PATH --digest SQL…    the same, but only a digest of those
 *                                        lines (BLAKE2b-256, hex; faster than
 *                                        SHA-256 over a 15 MB audit log): "is
 *                                        this table as it was?" without
 *                                        moving its rows
 *   wushe sql --db PATH --script SQL     several statements in one write
 *                                        transaction; prints nothing
 *
 * An operator's tool (look into a database, repair a record) and the way
 * the API tests reach the database: they never open the file themselves.
 * Values keep their type: integers and reals are JSON numbers (a real
 * always with a '.' or an exponent, in the fewest digits that read back
 * exactly), text a string, NULL null, a blob its bytes as a lower-case hex
 * string. Written with the streaming writer (jw): a tree of jansson values
 * made dumping a 13,000-row table several times slower.
 *
 * The store is opened as a guest (store_opts.guest): the database must
 * exist, nothing is migrated and nothing checkpointed at close, so a
 * running server on the same file is not disturbed — its WAL readers and
 * the CLI see each other's commits. A single statement runs on its own
 * (it is its own transaction); a script takes the write lock like any
 * writer and either commits whole or writes nothing. A script must not
 * hold BEGIN/COMMIT itself. Several single statements share one
 * transaction: they read one snapshot, and writes among them are kept all
 * or none.
 */
#include <math.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/csv.h"
#include "core/jw.h"
#include "core/sb.h"
#include "core/xmem.h"
#include "store/store.h"

/* A real as the shortest text that reads back as the same double, always
 * with a '.' or an exponent so that it stays a real; ±infinity (SQLite can
 * store it, JSON cannot spell it) as ±1e999, which JSON readers take for
 * infinity. */
static void put_real(struct jw *w, double v)
{
	if (isinf(v)) {
		jw_raw(w, v > 0 ? "1e999" : "-1e999");
		return;
	}
	char buf[40];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	size_t n = strlen(buf);
	if (!strpbrk(buf, ".eEn")) /* "nan" cannot come from SQLite */
		memcpy(buf + n, ".0", 3); /* fits: %.17g is at most 24 characters */
	jw_raw(w, buf);
}

/* Column i of the current row onto w; -1 if its text is not UTF-8. */
static int put_col(struct jw *w, struct stmt *st, int i)
{
	size_t n = 0;
	const unsigned char *p;
	switch (col_type(st, i)) {
	case DB_INT: jw_int(w, col_int(st, i)); return 0;
	case DB_REAL: put_real(w, col_double(st, i)); return 0;
	case DB_TEXT:
		p = col_blob(st, i, &n);
		if (csv_utf8_valid_prefix((const char *)p, n) != n)
			return -1;
		jw_strn(w, (const char *)p, n);
		return 0;
	case DB_BLOB: {
		p = col_blob(st, i, &n);
		char *h = xmalloc(2 * n + 1);
		sodium_bin2hex(h, 2 * n + 1, p, n);
		jw_strn(w, h, 2 * n);
		free(h);
		return 0;
	}
	case DB_NULL: break;
	}
	jw_null(w);
	return 0;
}

/* Run one statement; on success out holds its rows as one JSON array of
 * arrays. Written in full before anything is printed, so a statement that
 * fails half-way prints nothing. With hs, the text goes into that hash as
 * it grows instead (no 15 MB buffer for the audit log). */
static int run_query(struct db *db, const char *sql, struct sb *out, crypto_generichash_state *hs,
		     struct err *e)
{
	struct stmt *st = db_q(db, e, sql, "");
	if (!st && e->code == ERR_INVALID) /* the store refused a second statement */
		return err_set(e, ERR_INVALID, "", "一次只执行一条语句；多条语句请加 --script",
			       "one statement at a time; several need --script");
	if (!st)
		return e->code;
	struct jw w;
	jw_init(&w, out);
	jw_arr(&w);
	int rc, nrow = 0;
	while ((rc = stmt_step(st, e)) == 1) {
		nrow++;
		jw_arr(&w);
		for (int i = 0; i < col_count(st); i++)
			if (put_col(&w, st, i)) {
				rc = err_setf(e, ERR_INVALID, "", "第 %d 行第 %d 列不是有效的 UTF-8 文本",
					      "row %d, column %d is not valid UTF-8 text", nrow, i + 1);
				break;
			}
		if (rc < 0)
			break;
		jw_arr_end(&w);
		if (hs && out->len >= 65536) {
			crypto_generichash_update(hs, (const unsigned char *)out->buf, out->len);
			sb_reset(out);
		}
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(&w);
	sb_addc(out, '\n');
	return 0;
}

#define USAGE "wushe sql --db PATH [--script | --digest] SQL [SQL…]"

int cmd_sql(int argc, char **argv)
{
	static const char *const opts[] = {"db", "config", "script!", "digest!", NULL};
	struct cli_args a;
	struct config c;
	if (cli_parse(argc, argv, opts, &a))
		return 2;
	bool script = cli_flag(&a, "script"), digest = cli_flag(&a, "digest");
	if (a.npos < 1 || (script && digest)) {
		fprintf(stderr, "用法 / usage: " USAGE "\n");
		return 2;
	}
	if (cli_config(&a, &c))
		return 2;
	struct err e = {0};
	/* A small page cache: one pass over a table reuses its pages, where the
	 * server's 16 MiB made dumping the audit log three times slower. */
	struct store_opts o = {.guest = true, .cache_kib = 2048};
	struct store *s;
	if (store_open(c.db, &o, &s, &e))
		return cli_fail("sql", &e);
	struct db *db = store_db(s, &e);
	int rc = db ? 0 : e.code;
	if (!rc && script) {
		if (!(rc = db_begin_write(db, &e))) {
			for (int i = 0; i < a.npos && !rc; i++)
				rc = db_exec_script(db, &e, a.pos[i]);
			if (rc || (rc = db_commit(db, &e)))
				db_rollback(db);
		}
	} else if (!rc) {
		/* several statements: one transaction, one snapshot */
		struct sb out = SB_INIT;
		crypto_generichash_state hs;
		crypto_generichash_init(&hs, NULL, 0, 32);
		if (a.npos > 1)
			rc = db_begin(db, &e);
		for (int i = 0; i < a.npos && !rc; i++)
			rc = run_query(db, a.pos[i], &out, digest ? &hs : NULL, &e);
		if (db_in_tx(db) && (rc || (rc = db_commit(db, &e))))
			db_rollback(db);
		if (!rc && digest) {
			unsigned char h[32];
			char hex[2 * sizeof h + 1];
			crypto_generichash_update(&hs, (const unsigned char *)sb_str(&out), out.len);
			crypto_generichash_final(&hs, h, sizeof h);
			sodium_bin2hex(hex, sizeof hex, h, sizeof h);
			sb_reset(&out);
			sb_adds(&out, hex);
			sb_addc(&out, '\n');
		}
		if (!rc && (fwrite(out.buf, 1, out.len, stdout) != out.len || fflush(stdout)))
			rc = err_set(&e, ERR_IO, "", "无法写出结果", "cannot write the result");
		sb_free(&out);
	}
	store_close(s);
	return rc ? cli_fail("sql", &e) : 0;
}
