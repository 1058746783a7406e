/*
 * test_store_search.c — the SQL that moved into the store (issue 9, "dialect
 * inside the store") and the portable forms that replaced SQLite-only ones:
 *
 *  - store/search.h: which index answers a list of words and the query
 *    text for it (the exchange's search used to build it), and the FROM
 *    item of matches with a score, on a table of the test's own with both
 *    FTS5 indexes made the way 035_xchg_search.sqlite.sql makes them;
 *  - the month CHECK of 036_xchg_spaces.sql, now portable, agrees with the
 *    GLOB older databases were made with — on the real table;
 *  - `replace(h, n, '') <> h` (the space holders' name filter) agrees with
 *    instr(h, n) > 0, also where LIKE would not (ASCII case, % and _);
 *  - INSERT … ON CONFLICT DO NOTHING leaves a duplicate a quiet no-op.
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

#include "core/err.h"
#include "core/jsonin.h"
#include "core/sb.h"
#include "store/search.h"
#include "store/store.h"
#include "testutil.h"

static void plan_is(const char *const *words, int n, const char *index, const char *query)
{
	struct search s;
	search_plan(&s, words, n);
	assert_string_equal(s.index, index);
	assert_string_equal(sb_str(&s.query), query);
	search_free(&s);
}

static void plans(void **state)
{
	(void)state;
	plan_is((const char *[]){"独居老人"}, 1, "trigram", "\"独居老人\"");
	plan_is((const char *[]){"wifi", "安装服务"}, 2, "trigram", "\"wifi\" AND \"安装服务\"");
	plan_is((const char *[]){"a\"b"}, 1, "trigram", "\"a\"\"b\"");             /* quotes doubled */
	plan_is((const char *[]){"养老"}, 1, "bigram", "\"养老\"");
	plan_is((const char *[]){"老"}, 1, "bigram", "\"老\"*");                    /* a prefix query */
	plan_is((const char *[]){"wi"}, 1, "bigram", "\"wi\"");
	/* one short word sends every word to the bigram index: longer ones as phrases */
	plan_is((const char *[]){"独居老人", "灯"}, 2, "bigram", "\"独居 居老 老人\" AND \"灯\"*");
	plan_is((const char *[]){"养老", "探访服务"}, 2, "bigram", "\"养老\" AND \"探访 访服 服务\"");
	plan_is((const char *[]){"\"", "ab"}, 2, "bigram", "\"\"\"\"* AND \"ab\"");
}

/* st_docs and its two indexes, filled like the exchange's (bigram text made
 * with the migration's exchange_fts_pos). Similar lengths, so the column
 * weights decide the order. */
static int setup_docs(void **state)
{
	setup_store(state);
	struct tstore *t = *state;
	exec_committed(t->db, "CREATE TABLE st_docs (id INTEGER PRIMARY KEY, title TEXT, description TEXT, skills TEXT)");
	exec_committed(t->db,
		       "INSERT INTO st_docs VALUES (1, '社区养老服务', '上门探访活动', '陪伴聊天'),"
		       " (2, '路灯维修工作', '养老院门前路', '电工维修'),"
		       " (3, '儿童课后托管', '作业辅导活动', '养老照护'),"
		       " (4, '独居老人探访', '每周上门一次', '陪伴聊天')");
	exec_committed(t->db, "CREATE VIRTUAL TABLE st_docs_fts USING fts5(title, description, skills,"
			      " content='st_docs', content_rowid='id', tokenize='trigram')");
	exec_committed(t->db, "INSERT INTO st_docs_fts(st_docs_fts) VALUES ('rebuild')");
	exec_committed(t->db, "CREATE VIRTUAL TABLE st_docs_fts2 USING fts5(title, description, skills,"
			      " content='', tokenize='unicode61', prefix='1')");
	exec_committed(t->db,
		       "INSERT INTO st_docs_fts2(rowid, title, description, skills) SELECT t.id,"
		       " (SELECT group_concat(g, ' ') FROM (SELECT substr(t.title, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(t.title) ORDER BY n)),"
		       " (SELECT group_concat(g, ' ') FROM (SELECT substr(t.description, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(t.description) ORDER BY n)),"
		       " (SELECT group_concat(g, ' ') FROM (SELECT substr(t.skills, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(t.skills) ORDER BY n))"
		       " FROM st_docs t");
	return 0;
}

static const char *const doc_cols[] = {"title", "description", "skills", NULL};
static const double doc_weights[] = {10.0, 2.0, 5.0};
static const struct search_index docs = {"st_docs", doc_cols, doc_weights};

/* The ids matching words, best first, as "1,3,2"; with score, the scores
 * must not decrease. */
static void found(struct db *db, const char *const *words, int n, bool score, const char *index,
		  const char *ids)
{
	struct search s;
	struct sb sql = SB_INIT, got = SB_INIT;
	struct err e = {0};
	search_plan(&s, words, n);
	assert_string_equal(s.index, index);
	sb_adds(&sql, score ? "SELECT d.id, m.score FROM " : "SELECT d.id, 0 FROM ");
	search_from(&sql, &docs, &s, "m", score);
	sb_adds(&sql, " JOIN st_docs d ON d.id=m.id WHERE d.id < ?");
	sb_adds(&sql, score ? " ORDER BY m.score, d.id" : " ORDER BY d.id");
	struct stmt *st = db_q(db, &e, sb_str(&sql), "si", sb_str(&s.query), (int64_t)100);
	if (!st)
		fprintf(stderr, "%s: %s\n", sb_str(&sql), e.message_en);
	assert_non_null(st);
	double last = -1e300;
	int rc;
	while ((rc = stmt_step(st, &e)) == 1) {
		if (got.len)
			sb_addc(&got, ',');
		sb_add_i64(&got, col_int(st, 0));
		assert_true(col_double(st, 1) >= last);
		last = col_double(st, 1);
	}
	stmt_done(st);
	assert_int_equal(rc, 0);
	assert_string_equal(sb_str(&got), ids);
	sb_free(&got);
	sb_free(&sql);
	search_free(&s);
}

static void from_item(void **state)
{
	struct tstore *t = *state;
	/* title (weight 10) before skills (5) before description (2) */
	found(t->db, (const char *[]){"养老"}, 1, true, "bigram", "1,3,2");
	found(t->db, (const char *[]){"养老"}, 1, false, "bigram", "1,2,3");
	found(t->db, (const char *[]){"老"}, 1, true, "bigram", "1,4,3,2");
	found(t->db, (const char *[]){"独居老人"}, 1, true, "trigram", "4");
	found(t->db, (const char *[]){"陪伴聊天", "上门"}, 2, false, "bigram", "1,4");
	found(t->db, (const char *[]){"陪伴聊天", "上门探访"}, 2, false, "trigram", "1");
	found(t->db, (const char *[]){"维修", "儿童"}, 2, false, "bigram", "");
	found(t->db, (const char *[]){"\"养老"}, 1, false, "trigram", ""); /* a quote is text, not syntax */
}

/* 036's month CHECK on the real table against the GLOB databases made
 * before it carry: every value is accepted by one exactly when by the other. */
static void month_check_agrees_with_glob(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	static const char *const months[] = {
		"2026-01", "2026-12", "2026-19", "0000-00", "9999-19", "2026-20", "2026-1", "20261-01",
		"2026_01", "2026/01", "2026-0a", "202a-01", "2026-01 ", " 2026-01", "", "-2026-01",
		"２０２６-01", "2026-０1", "2026—01", "2026-1１", "abcd-ef", "2026-01-01", "26-01", NULL};
	/* the holder and its rows: foreign keys are not what is tested here */
	assert_int_equal(db_exec(t->db, &e, "PRAGMA foreign_keys=OFF", ""), 0);
	for (int i = 0; months[i]; i++) {
		int64_t glob = -1;
		assert_int_equal(db_int(t->db, &e, &glob, "SELECT ? GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'", "s",
					months[i]), 1);
		assert_int_equal(db_begin_write(t->db, &e), 0);
		struct err ce = {0};
		int rc = db_exec(t->db, &ce,
				 "INSERT INTO xchg_space_deliveries (agreement_id, month, minutes, what, logged_by, logged_at)"
				 " VALUES (1, ?, 10, 'x', 1, 0)", "s", months[i]);
		int rc2 = db_exec(t->db, &ce,
				  "INSERT INTO xchg_space_agreements (space_id, region_id, organisation_id, start_month,"
				  " end_month, hours_per_month, service_what, service_for_whom, created_at, updated_at)"
				  " VALUES (1, 1, 1, ?, ?, 1, 'x', 'y', 0, 0)", "ss", months[i], months[i]);
		db_rollback(t->db);
		if ((rc == 0) != (glob == 1) || (rc2 == 0) != (glob == 1))
			fprintf(stderr, "month '%s': GLOB %lld, deliveries rc %d, agreements rc %d\n", months[i],
				(long long)glob, rc, rc2);
		assert_int_equal(rc == 0, glob == 1);
		assert_int_equal(rc2 == 0, glob == 1);
	}
	assert_int_equal(db_exec(t->db, &e, "PRAGMA foreign_keys=ON", ""), 0);
}

static void contains_agrees_with_instr(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	static const char *const pairs[][2] = {
		{"北区社区长者关爱协会", "长者关爱"}, {"北区社区长者关爱协会", "长者 关爱"}, {"社区", "社区服务"},
		{"ABC 社工", "abc"}, {"ABC 社工", "ABC"}, {"abc", "%"}, {"a%c", "%"}, {"abc", "_"},
		{"a_c", "_"}, {"aaa", "aa"}, {"长者", "长者"}, {"长者", "者"}, {"x\\y", "\\"}, {"xy", "\\"},
		{NULL, NULL}};
	for (int i = 0; pairs[i][0]; i++) {
		int64_t a = -1, b = -1;
		assert_int_equal(db_int(t->db, &e, &a, "SELECT instr(?, ?) > 0", "ss", pairs[i][0], pairs[i][1]), 1);
		assert_int_equal(db_int(t->db, &e, &b, "SELECT replace(?1, ?2, '') <> ?1", "ss", pairs[i][0], pairs[i][1]),
				 1);
		if (a != b)
			fprintf(stderr, "'%s' contains '%s': instr %lld, replace %lld\n", pairs[i][0], pairs[i][1],
				(long long)a, (long long)b);
		assert_int_equal(a, b);
	}
}

static void on_conflict_do_nothing(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	exec_committed(t->db, "CREATE TABLE st_pairs (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b))");
	assert_int_equal(db_begin_write(t->db, &e), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(db_exec(t->db, &e, "INSERT INTO st_pairs (a, b) VALUES (?,?) ON CONFLICT (a, b) DO NOTHING",
					 "ii", (int64_t)1, (int64_t)(i == 2 ? 3 : 2)),
				 0);
		assert_int_equal(db_changes(t->db), 1 - (i == 1));
	}
	assert_int_equal(db_commit(t->db, &e), 0);
	assert_int_equal(count_rows(t->db, "st_pairs"), 2);
}

/* ---------- postings (039_xchg_postings.sqlite.sql) ---------- */

static void tokens(void **state)
{
	(void)state;
	char tok[SEARCH_TOKEN_MAX];
	assert_true(search_token("养老服务", tok));
	assert_string_equal(tok, "养老");
	assert_true(search_token("老", tok));
	assert_string_equal(tok, "老");
	assert_true(search_token("WiFi", tok));
	assert_string_equal(tok, "wi");                /* ASCII folded, as LIKE folds */
	assert_false(search_token("", tok));
}

static int setup_posted(void **state)
{
	setup_store(state);
	struct tstore *t = *state;
	exec_committed(t->db, "DELETE FROM regions");
	exec_committed(t->db,
		       "INSERT INTO regions(id, parent_id, level, name, path, created_at, updated_at) VALUES"
		       " (1, NULL, 'district', 'D', '/1/', 0, 0), (2, 1, 'town', 'T', '/1/2/', 0, 0),"
		       " (3, 2, 'community', 'C', '/1/2/3/', 0, 0), (4, 1, 'town', 'U', '/1/4/', 0, 0)");
	exec_committed(t->db, "INSERT INTO users(id, username, display_name, password_hash, created_at, updated_at)"
			      " VALUES (900, 'st_u', 'U', 'x', 0, 0)");
	exec_committed(t->db, "INSERT INTO xchg_terms(id, parent_id, code, name, name_en, created_at, updated_at)"
			      " VALUES (900, NULL, 'st.top', '顶', 'top', 0, 0), (901, 900, 'st.child', '子', 'child', 0, 0)");
	exec_committed(t->db,
		       "INSERT INTO xchg_demands(id, region_id, title, description, source, posted_by, skills, created_at, updated_at)"
		       " VALUES (1, 3, '社区养老服务', '上门探访', 'resident', 900, '陪伴', 1, 1),"
		       " (2, 4, '路灯维修', '养老院门前 WiFi', 'resident', 900, '电工', 2, 2),"
		       " (3, 3, '儿童托管', '作业辅导', 'resident', 900, '养老照护', 3, 3)");
	return 0;
}

/* Ids (comma-separated, ascending) of demands the postings find for word
 * within [lo, hi) (lo NULL: everywhere), each checked by the substring. */
static void posted_ids(struct db *db, const char *word, const char *lo, const char *hi, bool check,
		       struct sb *out)
{
	char tok[SEARCH_TOKEN_MAX];
	assert_true(search_token(word, tok));
	struct sb sql = SB_INIT, like = SB_INIT;
	sb_adds(&sql, "SELECT d.id FROM xchg_demands d WHERE ");
	search_posted(&sql, "d.id", false, false, lo != NULL);
	sb_addf(&like, "%%%s%%", word);
	if (check)
		sb_adds(&sql, " AND (d.title LIKE ?3 OR d.description LIKE ?3 OR d.skills LIKE ?3)");
	sb_adds(&sql, " ORDER BY d.id");
	struct err e = {0};
	struct db_arg a[5] = {{.type = 'i', .i = SEARCH_DEMAND_TEXT}, {.type = 's', .s = tok},
			      {.type = 's', .s = sb_str(&like)}, {.type = 's', .s = lo}, {.type = 's', .s = hi}};
	/* ?3 is the LIKE; the subtree's two parameters come after it */
	if (lo) {
		struct sb fixed = SB_INIT;
		const char *q = sb_str(&sql);
		const char *at = strstr(q, "r_.path >= ?");
		assert_non_null(at);
		sb_add(&fixed, q, (size_t)(at - q));
		sb_adds(&fixed, "r_.path >= ?4 AND r_.path < ?5");
		sb_adds(&fixed, strstr(at, ")"));
		sb_reset(&sql);
		sb_adds(&sql, sb_str(&fixed));
		sb_free(&fixed);
	}
	struct stmt *st = db_qa(db, &e, sb_str(&sql), a, lo ? 5 : check ? 3 : 2);
	assert_non_null(st);
	sb_reset(out);
	while (stmt_step(st, &e) == 1)
		sb_addf(out, "%s%lld", out->len ? "," : "", (long long)col_int(st, 0));
	stmt_done(st);
	sb_free(&sql);
	sb_free(&like);
}

/* The same ids by a plain substring scan. */
static void scanned_ids(struct db *db, const char *word, const char *lo, const char *hi, struct sb *out)
{
	struct sb like = SB_INIT;
	sb_addf(&like, "%%%s%%", word);
	struct err e = {0};
	struct stmt *st = db_q(db, &e,
			       "SELECT d.id FROM xchg_demands d JOIN regions r ON r.id = d.region_id"
			       " WHERE (d.title LIKE ?1 OR d.description LIKE ?1 OR d.skills LIKE ?1)"
			       " AND (?2 IS NULL OR (r.path >= ?2 AND r.path < ?3)) ORDER BY d.id",
			       "sss", sb_str(&like), lo, hi);
	assert_non_null(st);
	sb_reset(out);
	while (stmt_step(st, &e) == 1)
		sb_addf(out, "%s%lld", out->len ? "," : "", (long long)col_int(st, 0));
	stmt_done(st);
	sb_free(&like);
}

/* Every word, everywhere and in town T: postings (checked) = substring
 * scan; for one- and two-character words the postings alone are exact,
 * so a posting missed or left behind by a write fails here. */
static void agrees(struct db *db)
{
	static const char *const words[] = {"养", "老", "养老", "养老服", "养老服务", "社区养老服务", "路灯", "灯",
					    "门前", "陪伴", "照护", "托管", "wifi", "WI", "fi", "探访", "维修", NULL};
	struct sb a = SB_INIT, b = SB_INIT;
	for (int sub = 0; sub < 2; sub++) {
		const char *lo = sub ? "/1/2/" : NULL, *hi = sub ? "/1/20" : NULL;
		for (const char *const *w = words; *w; w++) {
			posted_ids(db, *w, lo, hi, true, &a);
			scanned_ids(db, *w, lo, hi, &b);
			if (strcmp(sb_str(&a), sb_str(&b)) != 0)
				fail_msg("word %s in %s: postings [%s], substring scan [%s]", *w, lo ? lo : "/", sb_str(&a),
					 sb_str(&b));
			if (utf8_chars(*w) <= 2) {
				posted_ids(db, *w, lo, hi, false, &a);
				if (strcmp(sb_str(&a), sb_str(&b)) != 0)
					fail_msg("token %s in %s: postings alone [%s], substring scan [%s]", *w,
						 lo ? lo : "/", sb_str(&a), sb_str(&b));
			}
		}
	}
	sb_free(&a);
	sb_free(&b);
}

static int64_t term_hits(struct db *db, int64_t term)
{
	struct sb sql = SB_INIT;
	sb_adds(&sql, "SELECT count(*) FROM xchg_demands d WHERE ");
	search_posted(&sql, "d.id", true, false, false);
	int64_t n = -1;
	struct err e = {0};
	assert_true(db_int(db, &e, &n, sb_str(&sql), "iii", (int64_t)SEARCH_DEMAND_TERM, term, term) >= 0);
	sb_free(&sql);
	return n;
}

/* Every posting carries its document's status (044): none differs. */
static void status_agrees(struct db *db)
{
	assert_int_equal(count_rows(db, "xchg_postings p WHERE kind IN (1, 3) AND status IS NOT"
					" (SELECT d.status FROM xchg_demands d WHERE d.id = p.doc_id)"),
			 0);
	assert_int_equal(count_rows(db, "xchg_postings p WHERE kind IN (2, 4) AND status IS NOT"
					" (SELECT s.status FROM xchg_services s WHERE s.id = p.doc_id)"),
			 0);
}

static void postings_follow_writes(void **state)
{
	struct tstore *t = *state;
	agrees(t->db);                                                  /* the migration's backfill and inserts */
	status_agrees(t->db);
	assert_true(count_rows(t->db, "xchg_postings WHERE status = 'open'") > 0);
	exec_committed(t->db, "UPDATE xchg_demands SET status = 'closed' WHERE id = 2");         /* a status */
	status_agrees(t->db);
	assert_true(count_rows(t->db, "xchg_postings WHERE status = 'closed'") > 0);
	exec_committed(t->db, "UPDATE xchg_demands SET title = '路灯养老服务点' WHERE id = 2"); /* edit */
	agrees(t->db);
	exec_committed(t->db, "UPDATE xchg_demands SET title = '儿童托管', skills = 'WiFi 调试' WHERE id = 1");
	agrees(t->db);
	exec_committed(t->db, "UPDATE xchg_demands SET region_id = 4 WHERE id = 3");              /* a move */
	agrees(t->db);
	exec_committed(t->db, "UPDATE xchg_demands SET description = '' WHERE id = 2");
	agrees(t->db);
	exec_committed(t->db, "DELETE FROM xchg_demands WHERE id = 3");                          /* delete */
	agrees(t->db);
	assert_int_equal(count_rows(t->db, "xchg_postings WHERE doc_id = 3 AND kind IN (1, 3)"), 0);
	/* terms: a child's posting answers its parent's filter, and goes with it */
	exec_committed(t->db, "INSERT INTO xchg_demand_terms(demand_id, term_id) VALUES (1, 901)");
	status_agrees(t->db);
	agrees(t->db);
	assert_int_equal(term_hits(t->db, 900), 1);
	assert_int_equal(term_hits(t->db, 901), 1);
	exec_committed(t->db, "DELETE FROM xchg_demand_terms WHERE demand_id = 1");
	assert_int_equal(term_hits(t->db, 900), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plans),
		cmocka_unit_test(tokens),
		cmocka_unit_test_setup_teardown(postings_follow_writes, setup_posted, teardown_store),
		cmocka_unit_test_setup_teardown(from_item, setup_docs, teardown_store),
		cmocka_unit_test_setup_teardown(month_check_agrees_with_glob, setup_store, teardown_store),
		cmocka_unit_test_setup_teardown(contains_agrees_with_instr, setup_store, teardown_store),
		cmocka_unit_test_setup_teardown(on_conflict_do_nothing, setup_store, teardown_store),
	};
	return RUN_SUITE(tests);
}
