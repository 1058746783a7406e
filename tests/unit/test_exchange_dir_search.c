/*
 * test_exchange_dir_search.c — search, HSDS ids and space for service
 * (modules/exchange/exchange_dir.h), against a temp store.
 *
 * A template database is built once: 顺德区 → 大良街道 (北区社区, 升平社区)
 * and 容桂街道 (振华社区); users admin (district), daliang (town admin of
 * 大良), ronggui (town admin of 容桂), beiqu (staff of 北区社区) and a
 * resident of 北区社区; an organisation, a person; demands and services
 * inserted with plain SQL, as another module's code would write them (the
 * search index follows through triggers). Each test copies the template.
 *
 * Covered: 1-, 2-, 3- and 6-character queries and mixed Chinese/ASCII,
 * which index answers; scope (town, resident: public only, never a
 * beneficiary's identity); the index following inserts, updates, deletes;
 * SQLite 3.40's wrong LIKE on a trigram table for CJK; HSDS ids and what the
 * export leaves out (a professional's phone, paused services); highlight
 * segments; query parsing; booking overlap edges and concurrent bookings
 * of one slot (exactly one wins); the shortfall rule; the agreement →
 * delivery → confirm → renewal flow with refusal, override and audit.
 *
 * Prints "N passed, N failed" last; cmocka's own report goes to stderr.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/jw.h"
#include "core/sb.h"
#include "modules/exchange/exchange.h"
#include "modules/exchange/exchange_dir.h"
#include "modules/region/region.h"
#include "store/list.h"
#include "store/store.h"
#include "testutil.h"

static char template_path[64];

struct fx {
	struct tstore *t;
	struct db *db;
	struct arena a;
	struct principal admin, daliang, ronggui, beiqu, resident;
	int64_t beiqu_id, shengping_id, zhenhua_id, daliang_id, org_id, person_id;
};

static int64_t rid(struct db *db, const char *name)
{
	struct err e = {0};
	return region_find(db, name, &e);
}

static int group_setup(void **state)
{
	(void)state;
	struct tstore *t = tstore_new();
	struct db *db = t->db;
	struct err e = {0};
	assert_int_equal(db_begin_write(db, &e), 0);
	int64_t d, ta, tb, c;
	struct region_in in = {.level = "district", .name = "顺德区", .code = "440606"};
	assert_int_equal(region_create(db, NULL, &in, T0, &d, &e), 0);
	struct region_in town = {.parent_id = d, .level = "town", .name = "大良街道"};
	assert_int_equal(region_create(db, NULL, &town, T0, &ta, &e), 0);
	town.name = "容桂街道";
	assert_int_equal(region_create(db, NULL, &town, T0, &tb, &e), 0);
	struct region_in com = {.parent_id = ta, .level = "community", .name = "北区社区"};
	assert_int_equal(region_create(db, NULL, &com, T0, &c, &e), 0);
	com.name = "升平社区";
	assert_int_equal(region_create(db, NULL, &com, T0, &c, &e), 0);
	com.parent_id = tb;
	com.name = "振华社区";
	assert_int_equal(region_create(db, NULL, &com, T0, &c, &e), 0);
	assert_int_equal(db_commit(db, &e), 0);
	/* users without password hashing (not needed here) */
	char sql[4096];
	snprintf(sql, sizeof sql,
		 "INSERT INTO users(username, display_name, password_hash, created_at, updated_at) VALUES"
		 " ('admin','区管理员','x',0,0),('daliang','大良街道','x',0,0),('ronggui','容桂街道','x',0,0),"
		 " ('beiqu','北区社区居委会','x',0,0),('jumin','北区居民','x',0,0);"
		 "INSERT INTO user_grants(user_id, role, region_id) VALUES"
		 " (1,'district_admin',%lld),(2,'town_admin',%lld),(3,'town_admin',%lld),"
		 " (4,'community_staff',%lld),(5,'resident',%lld);"
		 "INSERT INTO organisations(region_id, name, org_type, address, created_at, updated_at)"
		 " VALUES(%lld,'北区社区长者关爱协会','community_social_org','云路 8 号',0,0);"
		 "INSERT INTO people(region_id, name, mobile, created_at, updated_at)"
		 " VALUES(%lld,'黄志强','13800138000',0,0);"
		 /* demands: 1 public 北区, 2 private 北区 with a beneficiary, 3 public 振华, 4 public 升平 */
		 "INSERT INTO xchg_demands(region_id, title, description, source, posted_by, beneficiary_name,"
		 " beneficiary_phone, privacy, skills, created_at, updated_at) VALUES"
		 " (%lld,'社区养老服务需求调查','需要志愿者入户发放问卷，了解独居老人的需要。','community_staff',4,NULL,NULL,'public','问卷调查',0,0),"
		 " (%lld,'儿童课后托管','双职工家庭儿童放学后无人看护。','resident',5,'王秀兰','13912345678','private','儿童看护',0,0),"
		 " (%lld,'楼道路灯维修','12 栋楼道路灯损坏，老人上下楼不便。','grid_worker',3,NULL,NULL,'public','电工,路灯',0,0),"
		 " (%lld,'WiFi 安装与手机使用教学','长者学习用智能手机与家中 WiFi 设置。','community_staff',4,NULL,NULL,'public','手机,网络',0,0);"
		 "INSERT INTO xchg_services(region_id, organisation_id, provider_kind, name, description, skills,"
		 " created_at, updated_at) VALUES"
		 " (%lld,1,'organisation','长者饭堂助餐配送','为八十岁以上长者配送午餐，社区养老的基础服务。','配餐',0,0),"
		 " (%lld,1,'organisation','新市民子女课后托管','为新市民家庭儿童提供课后托管与作业辅导。','课业辅导',0,0);",
		 (long long)d, (long long)rid(db, "大良街道"), (long long)rid(db, "容桂街道"),
		 (long long)rid(db, "北区社区"), (long long)rid(db, "北区社区"), (long long)rid(db, "北区社区"),
		 (long long)rid(db, "北区社区"), (long long)rid(db, "北区社区"), (long long)rid(db, "北区社区"),
		 (long long)rid(db, "振华社区"), (long long)rid(db, "升平社区"), (long long)rid(db, "北区社区"),
		 (long long)rid(db, "升平社区"));
	/* db_exec runs one statement: split at ';' (none inside the literals) */
	for (char *save = NULL, *stmt = strtok_r(sql, ";", &save); stmt; stmt = strtok_r(NULL, ";", &save))
		exec_committed(db, stmt);
	snprintf(template_path, sizeof template_path, "%s", t->path);
	store_close(t->s);
	free(t);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	unlink_db_files(template_path);
	return 0;
}

static void load(struct fx *f, struct principal *p, int64_t uid)
{
	struct err e = {0};
	assert_int_equal(auth_load_principal(f->db, &f->a, uid, p, &e), 0);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->t = tstore_from_template(template_path);
	f->db = f->t->db;
	arena_init(&f->a, 0);
	load(f, &f->admin, 1);
	if (getenv("XDEBUG"))
		fprintf(stderr, "admin grants %d %s\n", f->admin.ngrants, f->admin.ngrants ? f->admin.grants[0].region_path : "");
	load(f, &f->daliang, 2);
	load(f, &f->ronggui, 3);
	load(f, &f->beiqu, 4);
	load(f, &f->resident, 5);
	f->beiqu_id = rid(f->db, "北区社区");
	f->shengping_id = rid(f->db, "升平社区");
	f->zhenhua_id = rid(f->db, "振华社区");
	f->daliang_id = rid(f->db, "大良街道");
	f->org_id = 1;
	f->person_id = 1;
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

/* ---------- search ---------- */

static json_t *search(struct fx *f, const struct principal *p, const char *q, const char *type,
		      int64_t region, int expect_rc)
{
	struct sb out = SB_INIT;
	struct jw w;
	struct err e = {0};
	jw_init(&w, &out);
	struct exchange_search_in in = {.q = q, .type = type, .region_id = region, .page = 1, .per_page = 20};
	assert_int_equal(db_begin(f->db, &e), 0);
	int rc = exchange_search(f->db, p, &in, &w, &e);
	db_rollback(f->db);
	if (rc != expect_rc)
		fprintf(stderr, "search %s: rc %d %s\n", q, rc, e.message_en);
	assert_int_equal(rc, expect_rc);
	if (getenv("XDEBUG"))
		fprintf(stderr, "search %s: %s\n", q, out.buf);
	json_t *j = rc ? NULL : parse_json(out.buf);
	if (j)
		json_object_set_new(j, "_raw", json_string(out.buf));
	sb_free(&out);
	return j;
}

static int64_t total_of(json_t *j) { return json_int_at(j, "total"); }

static bool has_title(json_t *j, const char *title)
{
	json_t *items = json_object_get(j, "items"), *it;
	size_t i;
	json_array_foreach(items, i, it)
	{
		json_t *t = json_object_get(it, "title");
		if (!t)
			t = json_object_get(it, "name");
		if (t && strcmp(json_string_value(t), title) == 0)
			return true;
	}
	return false;
}

static const char *index_of(json_t *j) { return json_string_value(json_object_get(j, "index")); }

static void test_search_lengths(void **state)
{
	struct fx *f = *state;
	/* 1 character: prefix of the bigram tokens */
	json_t *j = search(f, &f->admin, "灯", "demand", 0, 0);
	assert_int_equal(total_of(j), 1);
	assert_true(has_title(j, "楼道路灯维修"));
	assert_string_equal(index_of(j), "bigram");
	json_decref(j);
	j = search(f, &f->admin, "老", "demand", 0, 0); /* 养老, 老人 (description), 老人 */
	assert_int_equal(total_of(j), 2);
	json_decref(j);
	/* 2 characters: the commonest queries */
	j = search(f, &f->admin, "养老", "demand", 0, 0);
	assert_int_equal(total_of(j), 1);
	assert_true(has_title(j, "社区养老服务需求调查"));
	json_decref(j);
	j = search(f, &f->admin, "儿童", "demand", 0, 0);
	assert_int_equal(total_of(j), 1);
	assert_true(has_title(j, "儿童课后托管"));
	json_decref(j);
	j = search(f, &f->admin, "路灯", "demand", 0, 0);
	assert_int_equal(total_of(j), 1);
	json_decref(j);
	j = search(f, &f->admin, "养老", "service", 0, 0); /* in a description */
	assert_int_equal(total_of(j), 1);
	assert_true(has_title(j, "长者饭堂助餐配送"));
	json_decref(j);
	/* 3 characters: trigram */
	j = search(f, &f->admin, "独居老", "demand", 0, 0);
	assert_int_equal(total_of(j), 1);
	assert_string_equal(index_of(j), "trigram");
	json_decref(j);
	/* 6 characters */
	j = search(f, &f->admin, "新市民子女课", "service", 0, 0);
	assert_int_equal(total_of(j), 1);
	assert_true(has_title(j, "新市民子女课后托管"));
	assert_string_equal(index_of(j), "trigram");
	json_decref(j);
	/* a 6-character string that is not there as a whole */
	j = search(f, &f->admin, "养老儿童托管", "demand", 0, 0);
	assert_int_equal(total_of(j), 0);
	json_decref(j);
	/* several words: all must match; mixed lengths use the bigram index */
	j = search(f, &f->admin, "儿童 托管", "demand", 0, 0);
	assert_int_equal(total_of(j), 1);
	json_decref(j);
	j = search(f, &f->admin, "儿童 路灯", "demand", 0, 0);
	assert_int_equal(total_of(j), 0);
	json_decref(j);
	/* mixed Chinese / ASCII, case-insensitive */
	j = search(f, &f->admin, "wifi", "demand", 0, 0);
	assert_int_equal(total_of(j), 1);
	json_decref(j);
	j = search(f, &f->admin, "Wi", "demand", 0, 0);
	assert_int_equal(total_of(j), 1);
	json_decref(j);
	j = search(f, &f->admin, "WiFi安装", "demand", 0, 0);
	assert_int_equal(total_of(j), 0); /* "WiFi 安装" has a space between */
	json_decref(j);
	j = search(f, &f->admin, "WiFi 安装", "demand", 0, 0);
	assert_int_equal(total_of(j), 1);
	json_decref(j);
	j = search(f, &f->admin, "手机使用", "demand", 0, 0);
	assert_int_equal(total_of(j), 1);
	json_decref(j);
	/* punctuation and quotes are separators, not syntax */
	j = search(f, &f->admin, "\"养老\"，（儿童", "demand", 0, 0);
	assert_int_equal(total_of(j), 0);
	json_decref(j);
}

static void test_search_rank_and_highlight(void **state)
{
	struct fx *f = *state;
	/* title matches outrank description matches */
	exec_committed(f->db, "INSERT INTO xchg_demands(region_id, title, description, source, posted_by,"
			      " privacy, created_at, updated_at) SELECT region_id, '长者探访', '每周一次，可顺带了解养老需要。',"
			      " 'resident', 5, 'public', 0, 0 FROM xchg_demands WHERE id=1");
	json_t *j = search(f, &f->admin, "养老", "demand", 0, 0);
	assert_int_equal(total_of(j), 2);
	json_t *first = json_array_get(json_object_get(j, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "title")), "社区养老服务需求调查");
	json_t *hl = json_object_get(first, "title_hl");
	assert_int_equal(json_array_size(hl), 3);
	assert_string_equal(json_string_value(json_array_get(hl, 0)), "社区");
	assert_string_equal(json_string_value(json_array_get(hl, 1)), "养老");
	assert_string_equal(json_string_value(json_array_get(hl, 2)), "服务需求调查");
	json_decref(j);

	/* highlight directly: ASCII case-insensitive, several words, a window */
	const char *words[] = {"wifi", "长者"};
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	exchange_search_highlight(&w, "长者学习 WiFi 设置", words, 2, 0);
	assert_string_equal(out.buf, "[\"\",\"长者\",\"学习 \",\"WiFi\",\" 设置\"]");
	sb_reset(&out);
	jw_init(&w, &out);
	exchange_search_highlight(&w, "一二三四五六七八九十一二三四五六七八九十长者甲乙丙丁戊己庚辛壬癸", words, 2, 9);
	assert_string_equal(out.buf, "[\"…八九十\",\"长者\",\"甲乙丙丁…\"]");
	sb_free(&out);
}

/* The ranked walk (store/search.h): a token with more postings than
 * exchange_search.c's SEARCH_SMALL (2000) in the subtree is read best
 * posting first and the walk stops when the page is decided. Its pages
 * must be exactly the full ranking's: thousands of demands over a
 * four-character alphabet (so every token is common and scores tie
 * often), compared page by page with a ranking computed here. */
struct ref_hit {
	int64_t id;
	int score;
};

static int ref_cmp(const void *a, const void *b)
{
	const struct ref_hit *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void test_search_ranked_walk(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	static const char *const alpha[] = {"甲", "乙", "丙", "丁"};
	const int64_t regs[] = {f->beiqu_id, f->shengping_id, f->zhenhua_id};
	unsigned seed = 7;
	assert_int_equal(db_begin_write(f->db, &e), 0);
	for (int i = 0; i < 4500; i++) {
		char col[3][64];
		for (int c = 0; c < 3; c++) {
			seed = seed * 1103515245u + 12345u;
			int len = c == 0 ? 2 + (int)(seed >> 16) % 5 : (int)(seed >> 16) % 6;
			col[c][0] = 0;
			for (int k = 0; k < len; k++) {
				seed = seed * 1103515245u + 12345u;
				strcat(col[c], alpha[(seed >> 16) % 4]);
			}
		}
		assert_int_equal(db_exec(f->db, &e,
					 "INSERT INTO xchg_demands(region_id, title, description, source, posted_by,"
					 " privacy, skills, created_at, updated_at) VALUES (?,?,?,'community_staff',4,'public',?,?,?)",
					 "isssii", regs[i % 3], col[0], col[2], col[1], (int64_t)i, (int64_t)i),
				 0);
	}
	assert_int_equal(db_commit(f->db, &e), 0);
	static const char *const queries[] = {"甲", "乙丙", "甲乙丁", "丙丁甲乙", "甲 乙丙", NULL};
	struct {
		const struct principal *p;
		int64_t region;
	} scopes[] = {{&f->admin, 0}, {&f->daliang, 0}, {&f->admin, f->daliang_id}, {&f->beiqu, 0}};
	for (int qi = 0; queries[qi]; qi++) {
		char w1[32] = "", w2[32] = "";
		sscanf(queries[qi], "%31s %31s", w1, w2);
		for (size_t si = 0; si < sizeof scopes / sizeof scopes[0]; si++) {
			/* the reference: every demand in scope holding every word, scored */
			int64_t under = scopes[si].region ? scopes[si].region
				      : scopes[si].p == &f->daliang ? f->daliang_id
				      : scopes[si].p == &f->beiqu ? f->beiqu_id : 0;
			struct stmt *st = db_q(f->db, &e,
					       "SELECT d.id, d.title, d.skills, d.description FROM xchg_demands d"
					       " JOIN regions r ON r.id=d.region_id WHERE ?=0 OR r.path LIKE"
					       " (SELECT path FROM regions WHERE id=?) || '%' ORDER BY d.id",
					       "ii", under, under);
			assert_non_null(st);
			struct ref_hit *ref = calloc(5000, sizeof *ref);
			int64_t nref = 0;
			while (stmt_step(st, &e) == 1) {
				int score = 0;
				bool all = true;
				const char *ws[2] = {w1, w2};
				for (int wi = 0; wi < 2 && ws[wi][0]; wi++) {
					int sw = (strstr(col_text(st, 1), ws[wi]) ? 10 : 0) +
						 (strstr(col_text(st, 2), ws[wi]) ? 5 : 0) +
						 (strstr(col_text(st, 3), ws[wi]) ? 2 : 0);
					all = all && sw > 0;
					score += sw;
				}
				if (all)
					ref[nref++] = (struct ref_hit){col_int(st, 0), score};
			}
			stmt_done(st);
			qsort(ref, (size_t)nref, sizeof *ref, ref_cmp);
			for (int64_t page = 1; page <= 3; page++) {
				struct sb out = SB_INIT;
				struct jw w;
				jw_init(&w, &out);
				struct exchange_search_in in = {.q = queries[qi], .type = "demand",
								.region_id = scopes[si].region, .page = page * page,
								.per_page = 20};
				assert_int_equal(db_begin(f->db, &e), 0);
				assert_int_equal(exchange_search(f->db, scopes[si].p, &in, &w, &e), 0);
				db_rollback(f->db);
				json_t *j = parse_json(out.buf);
				sb_free(&out);
				if (json_int_at(j, "total") != nref)
					fprintf(stderr, "%s scope %zu: total %lld, reference %lld\n", queries[qi], si,
						(long long)json_int_at(j, "total"), (long long)nref);
				assert_int_equal(json_int_at(j, "total"), nref);
				assert_false(json_is_true(json_object_get(j, "total_is_estimate")));
				json_t *items = json_object_get(j, "items");
				int64_t from = (page * page - 1) * 20;
				int64_t want = nref - from < 0 ? 0 : nref - from > 20 ? 20 : nref - from;
				assert_int_equal((int64_t)json_array_size(items), want);
				for (int64_t k = 0; k < want; k++) {
					json_t *it = json_array_get(items, (size_t)k);
					if (json_int_at(it, "id") != ref[from + k].id)
						fprintf(stderr, "%s scope %zu page %lld item %lld: id %lld score %g, want %lld score %d\n",
							queries[qi], si, (long long)(page * page), (long long)k,
							(long long)json_int_at(it, "id"), json_real_value(json_object_get(it, "score")) + json_integer_value(json_object_get(it, "score")),
							(long long)ref[from + k].id, ref[from + k].score);
					assert_int_equal(json_int_at(it, "id"), ref[from + k].id);
				}
				json_decref(j);
			}
			free(ref);
		}
	}
}

/* A reference hit in time order: created_at, then id, both descending
 * (newest first) or ascending. */
struct time_hit {
	int64_t id, at;
};
static int id_desc(const void *a, const void *b)
{
	const struct time_hit *x = a, *y = b;
	return x->id > y->id ? -1 : x->id < y->id;
}
static int time_desc(const void *a, const void *b)
{
	const struct time_hit *x = a, *y = b;
	if (x->at != y->at)
		return x->at > y->at ? -1 : 1;
	return x->id > y->id ? -1 : x->id < y->id;
}

/* The ids of a JSON array of items (or of "items" of an object). */
static int64_t item_id(json_t *items, size_t k)
{
	return json_int_at(json_array_get(items, k), "id");
}

/* The demands list as p asks for it (lf), its items parsed; *total set. */
static json_t *demands_page(struct fx *f, const struct principal *p, const struct exchange_posting_filter *lf,
			    int64_t *total)
{
	struct err e = {0};
	struct sb out = SB_INIT;
	struct jw jw;
	jw_init(&jw, &out);
	jw_arr(&jw);
	assert_int_equal(db_begin(f->db, &e), 0);
	int rc = exchange_demands_list(f->db, p, &jw, lf, 2000000, total, &e);
	db_rollback(f->db);
	if (rc)
		fprintf(stderr, "list: %s\n", e.message_en);
	assert_int_equal(rc, 0);
	jw_arr_end(&jw);
	json_t *items = parse_json(out.buf);
	sb_free(&out);
	return items;
}

/* A list's page (20 a page, from the offset from) against the reference
 * ref[0..n) in the list's order (reversed: read from its end). On the
 * first step *cur takes the next page's cursor (NULL on the last page).
 * Frees items and res; false when there is no next page to step to. */
static bool page_agrees(json_t *items, struct list_result *res, const struct time_hit *ref, int64_t n,
			int64_t from, bool reversed, int step, char **cur, const char *what)
{
	int64_t want = n - from < 0 ? 0 : n - from > 20 ? 20 : n - from;
	assert_int_equal((int64_t)json_array_size(items), want);
	for (int64_t k = 0; k < want; k++) {
		int64_t at = reversed ? n - 1 - (from + k) : from + k;
		if (item_id(items, (size_t)k) != ref[at].id)
			fprintf(stderr, "%s item %lld: id %lld, want %lld\n", what, (long long)k,
				(long long)item_id(items, (size_t)k), (long long)ref[at].id);
		assert_int_equal(item_id(items, (size_t)k), ref[at].id);
	}
	if (step == 0) {
		assert_true(n <= 20 || res->next_cursor);
		*cur = res->next_cursor ? strdup(res->next_cursor) : NULL;
	}
	list_result_free(res);
	json_decref(items);
	return *cur != NULL;
}

/* Newest first, through the postings walked in time order: /search with
 * sort=-created_at / created_at and the demands list's q= with
 * sort=-created_at, against a reference computed here, on 4,500 demands
 * over a four-character alphabet (every token common, so the walks run;
 * creation times tied in threes so the id breaks ties). Breaks if the
 * order, the tie-break, the paging, the cursor or the total drift. */
static void test_search_newest_walk(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	static const char *const alpha[] = {"甲", "乙", "丙", "丁"};
	const int64_t regs[] = {f->beiqu_id, f->shengping_id, f->zhenhua_id};
	unsigned seed = 11;
	assert_int_equal(db_begin_write(f->db, &e), 0);
	for (int i = 0; i < 4500; i++) {
		char col[3][64];
		for (int c = 0; c < 3; c++) {
			seed = seed * 1103515245u + 12345u;
			int len = c == 0 ? 2 + (int)(seed >> 16) % 5 : (int)(seed >> 16) % 6;
			col[c][0] = 0;
			for (int k = 0; k < len; k++) {
				seed = seed * 1103515245u + 12345u;
				strcat(col[c], alpha[(seed >> 16) % 4]);
			}
		}
		/* times not in id order, and tied in threes */
		int64_t at = 1000000 + (int64_t)((i * 7919) % 4500) / 3;
		assert_int_equal(db_exec(f->db, &e,
					 "INSERT INTO xchg_demands(region_id, title, description, source, posted_by,"
					 " privacy, skills, created_at, updated_at) VALUES (?,?,?,'community_staff',4,'public',?,?,?)",
					 "isssii", regs[i % 3], col[0], col[2], col[1], at, at),
				 0);
	}
	/* a quarter closed: the list's status= walks past them */
	assert_int_equal(db_exec(f->db, &e, "UPDATE xchg_demands SET status = 'closed' WHERE id % 4 = 0", ""), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	static const char *const queries[] = {"甲", "乙丙", "甲乙丁", NULL};
	struct {
		const struct principal *p;
		int64_t region;
	} scopes[] = {{&f->admin, 0}, {&f->daliang, 0}, {&f->admin, f->daliang_id}, {&f->beiqu, 0}};
	for (int qi = 0; queries[qi]; qi++) {
		for (size_t si = 0; si < sizeof scopes / sizeof scopes[0]; si++) {
			int64_t under = scopes[si].region ? scopes[si].region
				      : scopes[si].p == &f->daliang ? f->daliang_id
				      : scopes[si].p == &f->beiqu ? f->beiqu_id : 0;
			/* references: the search's columns, and the list's (title or description) */
			struct stmt *st = db_q(f->db, &e,
					       "SELECT d.id, d.created_at, d.title, d.skills, d.description, d.status FROM xchg_demands d"
					       " JOIN regions r ON r.id=d.region_id WHERE ?=0 OR r.path LIKE"
					       " (SELECT path FROM regions WHERE id=?) || '%'",
					       "ii", under, under);
			assert_non_null(st);
			struct time_hit *ref = calloc(5000, sizeof *ref), *lref = calloc(5000, sizeof *lref),
					*oref = calloc(5000, sizeof *oref);
			int64_t nref = 0, nl = 0, no = 0;
			const char *w = queries[qi];
			while (stmt_step(st, &e) == 1) {
				struct time_hit h = {col_int(st, 0), col_int(st, 1)};
				bool t = strstr(col_text(st, 2), w), k = strstr(col_text(st, 3), w),
				     d = strstr(col_text(st, 4), w);
				if (t || k || d)
					ref[nref++] = h;
				if (t || d)
					lref[nl++] = h;
				if ((t || d) && strcmp(col_text(st, 5), "open") == 0)
					oref[no++] = h;
			}
			stmt_done(st);
			qsort(ref, (size_t)nref, sizeof *ref, time_desc);
			qsort(lref, (size_t)nl, sizeof *lref, time_desc);
			qsort(oref, (size_t)no, sizeof *oref, time_desc);
			/* /search, newest first and oldest first, pages 1, 4, 9 */
			for (int dir = 0; dir < 2; dir++)
				for (int64_t page = 1; page <= 3; page++) {
					struct sb out = SB_INIT;
					struct jw jw;
					jw_init(&jw, &out);
					struct exchange_search_in in = {.q = w, .type = "demand", .region_id = scopes[si].region,
									.page = page * page, .per_page = 20,
									.sort = dir ? "created_at" : "-created_at"};
					assert_int_equal(db_begin(f->db, &e), 0);
					assert_int_equal(exchange_search(f->db, scopes[si].p, &in, &jw, &e), 0);
					db_rollback(f->db);
					json_t *j = parse_json(out.buf);
					sb_free(&out);
					int64_t total = json_int_at(j, "total");
					bool est = json_is_true(json_object_get(j, "total_is_estimate"));
					assert_true(est ? nref > 10000 : total == nref);
					json_t *items = json_object_get(j, "items");
					int64_t from = (page * page - 1) * 20;
					int64_t want = nref - from < 0 ? 0 : nref - from > 20 ? 20 : nref - from;
					assert_int_equal((int64_t)json_array_size(items), want);
					for (int64_t k = 0; k < want; k++) {
						int64_t at = dir ? nref - 1 - (from + k) : from + k;
						if (item_id(items, (size_t)k) != ref[at].id)
							fprintf(stderr, "search %s %s scope %zu page %lld item %lld: id %lld, want %lld\n",
								w, in.sort, si, (long long)in.page, (long long)k,
								(long long)item_id(items, (size_t)k), (long long)ref[at].id);
						assert_int_equal(item_id(items, (size_t)k), ref[at].id);
					}
					json_decref(j);
				}
			/* the demands list, q= newest first: pages 1 and 4 by number,
			 * then page 2 by the cursor of page 1 (field callers only) */
			if (scopes[si].p == &f->beiqu)
				goto next;
			/* newest first, then most urgent first (every urgency
			 * 'normal': ties, so by id): with and without a status */
			for (int v = 0; v < 4; v++) {
			int open = v & 1, urgent = v >> 1;
			struct time_hit *want_ref = open ? oref : lref;
			int64_t nwant = open ? no : nl;
			if (v == 2) {
				qsort(lref, (size_t)nl, sizeof *lref, id_desc);
				qsort(oref, (size_t)no, sizeof *oref, id_desc);
			}
			char *cur = NULL;
			for (int step = 0; step < 3; step++) {
				struct list_result res = {0};
				int64_t page = step == 1 ? 4 : step == 2 ? 2 : 1, total = 0;
				struct exchange_posting_filter lf = {.region_id = scopes[si].region, .q = w,
								 .sort = urgent ? "-urgency" : "-created_at", .limit = 20,
								 .offset = step == 1 ? 60 : 0,
								 .cursor = step == 2 ? cur : NULL, .res = &res,
								 .status = open ? "open" : NULL};
				json_t *items = demands_page(f, scopes[si].p, &lf, &total);
				/* exact, or a cap (the list's, or the record-by-record
				 * count's) that the true count passes, flagged */
				if (res.total_is_estimate ? !((total == 10000 || total == 1000) && nwant > total)
							  : total != nwant)
					fprintf(stderr, "list %s%s%s scope %zu: total %lld%s, want %lld\n", w,
						open ? " open" : "", urgent ? " urgent" : "", si, (long long)total, res.total_is_estimate ? "+" : "",
						(long long)nwant);
				assert_true(res.total_is_estimate ? (total == 10000 || total == 1000) && nwant > total
								  : total == nwant);
				char what[96];
				snprintf(what, sizeof what, "list %s scope %zu page %lld", w, si, (long long)page);
				if (!page_agrees(items, &res, want_ref, nwant, (page - 1) * 20, false, step, &cur, what))
					break;
			}
			free(cur);
			}
		next:
			free(ref);
			free(lref);
			free(oref);
		}
	}
	/* an unknown sort is 400 naming the field */
	struct sb out = SB_INIT;
	struct jw jw;
	jw_init(&jw, &out);
	struct exchange_search_in in = {.q = "甲", .page = 1, .per_page = 20, .sort = "score"};
	assert_int_equal(exchange_search(f->db, &f->admin, &in, &jw, &e), ERR_INVALID);
	assert_string_equal(e.field, "sort");
	sb_free(&out);
}

/* The term filter newest first (and oldest first, and by id either way), walked through each
 * token's postings and merged (exchange_keyword_list.c, term_run): the
 * same rows, order, totals and cursor pages as the demands tagged with
 * the term or a child, read from xchg_demand_terms, for every scope,
 * with and without a status. A demand tagged with a term and its child
 * has two postings and must come once. */
static void test_term_newest_walk(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	const int64_t regs[] = {f->beiqu_id, f->shengping_id, f->zhenhua_id};
	/* 1 为老服务 with children 2..5; 6 儿童青少年 with 7..9 */
	static const int tags[5][2] = {{1, 0}, {2, 0}, {1, 3}, {7, 0}, {0, 0}};
	assert_int_equal(db_begin_write(f->db, &e), 0);
	for (int i = 0; i < 2400; i++) {
		int64_t at = 1000000 + (int64_t)((i * 7919) % 2400) / 3; /* not in id order, tied in threes */
		assert_int_equal(db_exec(f->db, &e,
					 "INSERT INTO xchg_demands(region_id, title, description, source, posted_by,"
					 " privacy, skills, created_at, updated_at) VALUES (?,'需求','','community_staff',4,'public','',?,?)",
					 "iii", regs[i % 3], at, at),
				 0);
		for (int t = 0; t < 2; t++)
			if (tags[i % 5][t])
				assert_int_equal(db_exec(f->db, &e,
							 "INSERT INTO xchg_demand_terms(demand_id, term_id)"
							 " SELECT max(id), ? FROM xchg_demands",
							 "i", (int64_t)tags[i % 5][t]),
						 0);
	}
	assert_int_equal(db_exec(f->db, &e, "UPDATE xchg_demands SET status = 'closed' WHERE id % 4 = 0", ""), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	struct {
		const struct principal *p;
		int64_t region;
	} scopes[] = {{&f->admin, 0}, {&f->daliang, 0}, {&f->admin, f->daliang_id}, {&f->beiqu, 0}};
	static const int64_t terms[] = {1, 6, 3};
	for (size_t ti = 0; ti < sizeof terms / sizeof terms[0]; ti++)
		for (size_t si = 0; si < sizeof scopes / sizeof scopes[0]; si++)
			for (int v = 0; v < 8; v++) {
				int open = v & 1, oldest = (v >> 1) & 1, by_id = v >> 2;
				static const char *const sorts[2][2] = {{"-created_at", "created_at"}, {"-id", "id"}};
				int64_t under = scopes[si].region ? scopes[si].region
					      : scopes[si].p == &f->daliang ? f->daliang_id
					      : scopes[si].p == &f->beiqu ? f->beiqu_id : 0;
				struct stmt *st = db_q(
					f->db, &e,
					"SELECT d.id, d.created_at FROM xchg_demands d JOIN regions r ON r.id=d.region_id"
					" WHERE (?=0 OR r.path LIKE (SELECT path FROM regions WHERE id=?) || '%')"
					" AND (?=0 OR d.status='open') AND EXISTS (SELECT 1 FROM xchg_demand_terms x JOIN xchg_terms t"
					" ON t.id=x.term_id WHERE x.demand_id=d.id AND (t.id=? OR t.parent_id=?))",
					"iiiii", under, under, (int64_t)open, terms[ti], terms[ti]);
				assert_non_null(st);
				struct time_hit *ref = calloc(2400, sizeof *ref);
				int64_t nref = 0;
				while (stmt_step(st, &e) == 1)
					ref[nref++] = (struct time_hit){col_int(st, 0), col_int(st, 1)};
				stmt_done(st);
				qsort(ref, (size_t)nref, sizeof *ref, by_id ? id_desc : time_desc);
				char *cur = NULL;
				for (int step = 0; step < 3; step++) {
					struct list_result res = {0};
					int64_t page = step == 1 ? 4 : step == 2 ? 2 : 1, total = 0;
					struct exchange_posting_filter lf = {.region_id = scopes[si].region, .term_id = terms[ti],
									 .sort = sorts[by_id][oldest], .limit = 20,
									 .offset = step == 1 ? 60 : 0, .cursor = step == 2 ? cur : NULL,
									 .res = &res, .status = open ? "open" : NULL};
					json_t *items = demands_page(f, scopes[si].p, &lf, &total);
					if (total != nref)
						fprintf(stderr, "term %lld%s%s scope %zu: total %lld, want %lld\n", (long long)terms[ti],
							open ? " open" : "", oldest ? " oldest" : "", si, (long long)total,
							(long long)nref);
					assert_int_equal(total, nref);
					assert_false(res.total_is_estimate);
					char what[96];
					snprintf(what, sizeof what, "term %lld scope %zu page %lld", (long long)terms[ti], si,
						 (long long)page);
					if (!page_agrees(items, &res, ref, nref, (page - 1) * 20, oldest, step, &cur, what))
						break;
				}
				free(cur);
				free(ref);
			}
}

static void test_search_words(void **state)
{
	(void)state;
	char buf[512];
	const char *w[EXCHANGE_SEARCH_MAX_WORDS];
	struct err e = {0};
	assert_int_equal(exchange_search_words("  养老，儿童、WiFi ", buf, sizeof buf, w, EXCHANGE_SEARCH_MAX_WORDS, &e), 3);
	assert_string_equal(w[0], "养老");
	assert_string_equal(w[1], "儿童");
	assert_string_equal(w[2], "wifi");
	assert_int_equal(exchange_search_words(" ，。 ", buf, sizeof buf, w, EXCHANGE_SEARCH_MAX_WORDS, &e), ERR_INVALID);
	assert_string_equal(e.field, "q");
	assert_int_equal(exchange_search_words(NULL, buf, sizeof buf, w, EXCHANGE_SEARCH_MAX_WORDS, &e), ERR_INVALID);
	assert_int_equal(exchange_search_words("a b c d e f g h i", buf, sizeof buf, w, EXCHANGE_SEARCH_MAX_WORDS, &e),
			 ERR_INVALID);
	char longq[200];
	memset(longq, 'x', 65);
	longq[65] = 0;
	assert_int_equal(exchange_search_words(longq, buf, sizeof buf, w, EXCHANGE_SEARCH_MAX_WORDS, &e), ERR_INVALID);
}

static void test_search_scope(void **state)
{
	struct fx *f = *state;
	/* the town admin of 容桂 sees only 振华社区's demand */
	json_t *j = search(f, &f->ronggui, "路灯", "demand", 0, 0);
	assert_int_equal(total_of(j), 1);
	json_decref(j);
	j = search(f, &f->ronggui, "养老", "demand", 0, 0);
	assert_int_equal(total_of(j), 0);
	json_decref(j);
	j = search(f, &f->ronggui, "养老", "service", 0, 0);
	assert_int_equal(total_of(j), 0);
	json_decref(j);
	/* 大良 sees 北区 and 升平, not 振华 */
	j = search(f, &f->daliang, "老", "demand", 0, 0);
	assert_int_equal(total_of(j), 1);
	assert_true(has_title(j, "社区养老服务需求调查"));
	json_decref(j);
	/* a region filter outside the scope is refused; inside it narrows */
	search(f, &f->daliang, "路灯", "demand", f->zhenhua_id, ERR_FORBIDDEN);
	j = search(f, &f->admin, "托管", "service", f->beiqu_id, 0);
	assert_int_equal(total_of(j), 0);
	json_decref(j);
	j = search(f, &f->admin, "托管", "service", f->shengping_id, 0);
	assert_int_equal(total_of(j), 1);
	json_decref(j);
	/* staff see the private demand, never the beneficiary's identity */
	j = search(f, &f->beiqu, "儿童", "demand", 0, 0);
	assert_int_equal(total_of(j), 1);
	const char *raw = json_string_value(json_object_get(j, "_raw"));
	assert_null(strstr(raw, "王秀兰"));
	assert_null(strstr(raw, "13912345678"));
	json_decref(j);
	/* a resident sees public demands only */
	j = search(f, &f->resident, "儿童", "demand", 0, 0);
	assert_int_equal(total_of(j), 0);
	json_decref(j);
	j = search(f, &f->resident, "养老", "demand", 0, 0);
	assert_int_equal(total_of(j), 1);
	json_decref(j);
	/* and active services only */
	exec_committed(f->db, "UPDATE xchg_services SET status='paused' WHERE name='长者饭堂助餐配送'");
	j = search(f, &f->resident, "配送", "service", 0, 0);
	assert_int_equal(total_of(j), 0);
	json_decref(j);
	j = search(f, &f->beiqu, "配送", "service", 0, 0);
	assert_int_equal(total_of(j), 1);
	json_decref(j);
	/* bad input */
	search(f, &f->admin, "养老", "people", 0, ERR_INVALID);
	search(f, &f->admin, "", "demand", 0, ERR_INVALID);
}

static void test_search_follows_writes(void **state)
{
	struct fx *f = *state;
	exec_committed(f->db, "UPDATE xchg_demands SET title='楼道照明维修' WHERE title='楼道路灯维修'");
	json_t *j = search(f, &f->admin, "路灯", "demand", 0, 0);
	assert_int_equal(total_of(j), 1); /* still in the description and skills */
	json_decref(j);
	j = search(f, &f->admin, "照明", "demand", 0, 0);
	assert_int_equal(total_of(j), 1);
	json_decref(j);
	j = search(f, &f->admin, "楼道照明", "demand", 0, 0);
	assert_int_equal(total_of(j), 1);
	json_decref(j);
	exec_committed(f->db, "UPDATE xchg_demands SET description='已修好', skills='电工' WHERE title='楼道照明维修'");
	j = search(f, &f->admin, "路灯", "demand", 0, 0);
	assert_int_equal(total_of(j), 0);
	json_decref(j);
	exec_committed(f->db, "DELETE FROM xchg_demands WHERE title='楼道照明维修'");
	j = search(f, &f->admin, "照明", "demand", 0, 0);
	assert_int_equal(total_of(j), 0);
	json_decref(j);
	/* the FTS5 integrity check agrees with the base table */
	exec_committed(f->db, "INSERT INTO xchg_demands_fts(xchg_demands_fts, rank) VALUES('integrity-check', 1)");
}

/* SQLite 3.40: LIKE on an FTS5 trigram table answers a 2-character CJK
 * pattern with no rows, though the text is there. Our search never uses
 * LIKE; this shows why. */
static void test_trigram_like_is_wrong_for_cjk(void **state)
{
	struct fx *f = *state;
	int64_t base = count_rows(f->db, "xchg_demands WHERE title LIKE '%养老%'");
	assert_int_equal(base, 1);
	int64_t tri = count_rows(f->db, "xchg_demands_fts WHERE title LIKE '%养老%'");
	int64_t glob = count_rows(f->db, "xchg_demands_fts WHERE title GLOB '*养老*'");
	/* the library's version, asked through the store */
	struct err e = {0};
	char *version = NULL;
	assert_int_equal(db_text(f->db, &e, &f->a, &version, "SELECT sqlite_version()", ""), 1);
	int major = 0, minor = 0;
	assert_int_equal(sscanf(version, "%d.%d", &major, &minor), 2);
	if (major * 1000 + minor < 3041) {
		assert_int_equal(tri, 0);  /* wrong: should be 1 */
		assert_int_equal(glob, 0); /* wrong too */
	}
	fprintf(stderr, "SQLite %s: trigram LIKE '%%养老%%' → %lld rows, GLOB → %lld (base table: %lld)\n",
		version, (long long)tri, (long long)glob, (long long)base);
	json_t *j = search(f, &f->admin, "养老", "demand", 0, 0);
	assert_int_equal(total_of(j), base);
	json_decref(j);
}

/* ---------- HSDS ids ---------- */

static void test_hsds_uuid(void **state)
{
	(void)state;
	char a[37], b[37], c[37];
	exchange_hsds_uuid("440606", "service", 7, a);
	exchange_hsds_uuid("440606", "service", 7, b);
	exchange_hsds_uuid("440606", "organisation", 7, c);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(strlen(a), 36);
	assert_int_equal(a[14], '8');
	assert_true(strchr("89ab", a[19]) != NULL);
	assert_true(a[8] == '-' && a[13] == '-' && a[18] == '-' && a[23] == '-');
}

static char *hsds(struct fx *f, enum exchange_hsds_kind kind, int64_t *total)
{
	struct sb out = SB_INIT;
	struct jw w;
	struct err e = {0};
	jw_init(&w, &out);
	int rc = exchange_hsds_write(f->db, kind, &w, 0, -1, total, &e);
	if (rc)
		fprintf(stderr, "hsds: %s\n", e.message_en);
	assert_int_equal(rc, 0);
	json_decref(parse_json(out.buf)); /* valid JSON */
	return sb_detach(&out, NULL);
}

static void test_hsds_export(void **state)
{
	struct fx *f = *state;
	/* a lawyer (a person) with a mobile, and the community's facility */
	exec_committed(f->db, "INSERT INTO xchg_services(region_id, person_id, provider_kind, name, description,"
			      " contact_phone, schedule_mask, created_at, updated_at) SELECT region_id, id, 'professional',"
			      " '法律咨询', '劳动纠纷、婚姻家庭', '13922334455', 2 | 64, 0, 0 FROM people WHERE id=1");
	exec_committed(f->db, "INSERT INTO facilities(region_id, name, kind, address, created_at, updated_at)"
			      " SELECT region_id, '北区社区党群服务中心', 'party_service_center', '云路 8 号', 0, 0"
			      " FROM people WHERE id=1");
	int64_t n = 0;
	char *svc = hsds(f, HSDS_SERVICES, &n);
	assert_int_equal(n, 3);
	assert_null(strstr(svc, "13922334455"));
	assert_null(strstr(svc, "黄志强"));
	/* bit 1 = Monday afternoon, bit 6 = Wednesday morning: one RRULE per part of day */
	assert_non_null(strstr(svc, "\"byday\":\"WE\",\"opens_at\":\"09:00\""));
	assert_non_null(strstr(svc, "\"byday\":\"MO\",\"opens_at\":\"14:00\""));
	free(svc);
	char *sal = hsds(f, HSDS_SERVICE_AT_LOCATIONS, &n);
	assert_int_equal(n, 3);
	assert_non_null(strstr(sal, "北区社区党群服务中心"));
	assert_null(strstr(sal, "13800138000"));
	free(sal);
	char *org = hsds(f, HSDS_ORGANIZATIONS, &n);
	assert_int_equal(n, 1);
	assert_non_null(strstr(org, "北区社区长者关爱协会"));
	free(org);
	/* paused services leave the directory, and so does an organisation with none left */
	exec_committed(f->db, "UPDATE xchg_services SET status='paused' WHERE organisation_id=1");
	svc = hsds(f, HSDS_SERVICES, &n);
	assert_int_equal(n, 1);
	free(svc);
	org = hsds(f, HSDS_ORGANIZATIONS, &n);
	assert_int_equal(n, 0);
	free(org);
}

/* An organisation's service publishes its landline but never a mainland
 * mobile (somebody's own number, PIPL), in whatever form it was stored. */
static void test_hsds_no_mobile(void **state)
{
	struct fx *f = *state;
	assert_true(exchange_hsds_is_mobile("13800000000"));
	assert_true(exchange_hsds_is_mobile("+86 138-0000-0000"));
	assert_false(exchange_hsds_is_mobile("0757-22201234"));
	assert_false(exchange_hsds_is_mobile("075722201234"));
	assert_false(exchange_hsds_is_mobile(""));
	exec_committed(f->db, "UPDATE xchg_services SET contact_phone='13800000000' WHERE name='长者饭堂助餐配送'");
	exec_committed(f->db, "UPDATE xchg_services SET contact_phone='0757-22380011' WHERE name='新市民子女课后托管'");
	int64_t n = 0;
	char *svc = hsds(f, HSDS_SERVICES, &n);
	assert_int_equal(n, 2);
	assert_null(strstr(svc, "13800000000"));
	assert_non_null(strstr(svc, "\"number\":\"0757-22380011\""));
	free(svc);
	exec_committed(f->db, "UPDATE xchg_services SET contact_phone='+86 139 1234 5678' WHERE name='新市民子女课后托管'");
	svc = hsds(f, HSDS_SERVICES, &n);
	assert_null(strstr(svc, "139 1234 5678"));
	assert_null(strstr(svc, "\"phones\":[{"));
	free(svc);
}

/* ---------- space for service ---------- */

#define TX(f, call)                                                        \
	({                                                                 \
		struct err ce_ = {0};                                      \
		assert_int_equal(db_begin_write((f)->db, &ce_), 0);        \
		int rc_ = (call);                                          \
		if (rc_ == 0)                                              \
			assert_int_equal(db_commit((f)->db, &ce_), 0);     \
		else                                                       \
			db_rollback((f)->db);                              \
		rc_;                                                       \
	})

/* The logic's context: the fixture's store and arena, a caller, at T0. */
#define CX(f, p, err) (&(struct ctx){.db = (f)->db, .who = (p), .now = T0, .a = &(f)->a, .e = (err)})

static int64_t mkspace(struct fx *f, const char *name, const char *kind)
{
	struct err e = {0};
	int64_t id = 0;
	struct exchange_space_in in = {.region_id = f->beiqu_id, .name = name, .kind = kind, .area_m2 = 100,
				   .has_area = true};
	int rc = TX(f, exchange_space_create(CX(f, &f->beiqu, &e), &in, &id));
	if (rc)
		fprintf(stderr, "space: %s\n", e.message_en);
	assert_int_equal(rc, 0);
	return id;
}

static int book(struct fx *f, const struct principal *p, int64_t space, int64_t from_h, int64_t to_h,
		int64_t *id, struct err *e)
{
	const int64_t H = 3600 * SEC, base = T0 + 24 * H;
	struct exchange_booking_in in = {.space_id = space, .title = "长者讲座", .start_at = base + from_h * H,
				     .end_at = base + to_h * H};
	err_clear(e);
	return TX(f, exchange_booking_create(CX(f, p, e), &in, id));
}

static void test_booking_overlaps(void **state)
{
	struct fx *f = *state;
	struct err e;
	int64_t s = mkspace(f, "多功能活动厅", "hall"), first = 0, id = 0;
	assert_int_equal(book(f, &f->beiqu, s, 10, 12, &first, &e), 0);
	/* touching on either side is fine: bookings are [start, end) */
	assert_int_equal(book(f, &f->beiqu, s, 12, 14, &id, &e), 0);
	assert_int_equal(book(f, &f->beiqu, s, 8, 10, &id, &e), 0);
	/* overlaps: inside, across the start, across the end, covering, identical */
	int64_t before = count_rows(f->db, "xchg_space_bookings");
	const int64_t clash[][2] = {{10, 11}, {9, 11}, {11, 13}, {7, 15}, {10, 12}};
	for (size_t i = 0; i < sizeof clash / sizeof clash[0]; i++) {
		assert_int_equal(book(f, &f->beiqu, s, clash[i][0], clash[i][1], &id, &e), ERR_CONFLICT);
		assert_string_equal(e.field, "start_at");
		assert_non_null(strstr(e.message, "#"));
	}
	char want[32];
	snprintf(want, sizeof want, "#%lld", (long long)first);
	assert_int_equal(book(f, &f->beiqu, s, 11, 12, &id, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.message_en, want));
	assert_non_null(strstr(e.message, "长者讲座"));
	assert_int_equal(count_rows(f->db, "xchg_space_bookings"), before);
	/* another space is independent */
	int64_t s2 = mkspace(f, "二楼会议室", "room");
	assert_int_equal(book(f, &f->beiqu, s2, 10, 12, &id, &e), 0);
	/* a cancelled booking frees its slot */
	assert_int_equal(TX(f, exchange_booking_cancel(CX(f, &f->beiqu, &e), first)), 0);
	assert_int_equal(TX(f, exchange_booking_cancel(CX(f, &f->beiqu, &e), first)), ERR_CONFLICT);
	assert_int_equal(book(f, &f->beiqu, s, 10, 12, &id, &e), 0);
	/* bad input and rules */
	assert_int_equal(book(f, &f->beiqu, s, 20, 20, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "end_at");
	assert_int_equal(book(f, &f->beiqu, s, -48, -47, &id, &e), ERR_RULE);
	assert_int_equal(book(f, &f->beiqu, s, 0, 24 * 8, &id, &e), ERR_RULE);
	/* scope: 容桂 cannot book a 北区 space; a resident of 北区 can */
	assert_int_equal(book(f, &f->ronggui, s, 30, 31, &id, &e), ERR_FORBIDDEN);
	assert_int_equal(book(f, &f->resident, s, 30, 31, &id, &e), 0);
	/* and cannot cancel someone else's */
	assert_int_equal(TX(f, exchange_booking_cancel(CX(f, &f->resident, &e), first + 1)), ERR_FORBIDDEN);
}

struct race {
	struct store *s;
	int64_t space;
	struct principal *p;
	int ok, conflict, other;
	char other_msg[256];
	pthread_mutex_t mu;
};

static void *race_one(void *arg)
{
	struct race *r = arg;
	struct err e = {0};
	/* no cmocka assertion here: a failed one in a thread of its own
	 * takes the whole program down without a word; what went wrong is
	 * counted and told by the main thread */
	struct db *db = store_db(r->s, &e);
	if (!db) {
		pthread_mutex_lock(&r->mu);
		r->other++;
		snprintf(r->other_msg, sizeof r->other_msg, "store_db: %.200s", e.message_en);
		pthread_mutex_unlock(&r->mu);
		return NULL;
	}
	const int64_t H = 3600 * SEC;
	struct exchange_booking_in in = {.space_id = r->space, .title = "同一时段", .start_at = T0 + 48 * H,
				     .end_at = T0 + 50 * H};
	struct arena a;
	arena_init(&a, 0);
	struct ctx c = {.db = db, .who = r->p, .now = T0, .a = &a, .e = &e};
	int rc = db_begin_write(db, &e);
	if (!rc) {
		rc = exchange_booking_create(&c, &in, NULL);
		if (rc)
			db_rollback(db);
		else
			rc = db_commit(db, &e);
	}
	pthread_mutex_lock(&r->mu);
	if (rc == 0)
		r->ok++;
	else if (rc == ERR_CONFLICT)
		r->conflict++;
	else {
		r->other++;
		snprintf(r->other_msg, sizeof r->other_msg, "rc %d: %.200s", rc, e.message_en);
	}
	pthread_mutex_unlock(&r->mu);
	arena_free(&a);
	store_release_thread(r->s);
	return NULL;
}

static void test_booking_concurrent(void **state)
{
	struct fx *f = *state;
	int64_t s = mkspace(f, "架空层", "other");
	struct race r = {.s = f->t->s, .space = s, .p = &f->beiqu};
	pthread_mutex_init(&r.mu, NULL);
	pthread_t th[8];
	for (int i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&th[i], NULL, race_one, &r), 0);
	for (int i = 0; i < 8; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&r.mu);
	if (r.other)
		fprintf(stderr, "booking race: %d answer(s) neither booked nor a conflict, last: %s\n", r.other,
			r.other_msg);
	assert_int_equal(r.other, 0);
	assert_int_equal(r.ok, 1);
	assert_int_equal(r.conflict, 7);
	char where[96];
	snprintf(where, sizeof where, "xchg_space_bookings WHERE space_id=%lld", (long long)s);
	assert_int_equal(count_rows(f->db, where), 1);
}

static void test_shortfall_rule(void **state)
{
	(void)state;
	struct exchange_month m[6] = {
		{.month = "2026-01", .owed = 240, .delivered = 240, .due = true},
		{.month = "2026-02", .owed = 240, .delivered = 180, .pending = 60, .due = true},
		{.month = "2026-03", .owed = 240, .delivered = 300, .due = true}, /* surplus does not carry */
		{.month = "2026-04", .owed = 240, .delivered = 0, .due = true},
		{.month = "2026-05", .owed = 240, .delivered = 239, .due = true},
		{.month = "2026-06", .owed = 240, .delivered = 0, .due = false}, /* not due yet */
	};
	struct exchange_term_totals t;
	exchange_shortfall(m, 6, &t);
	assert_int_equal(m[0].shortfall, 0);
	assert_int_equal(m[1].shortfall, 60);
	assert_int_equal(m[2].shortfall, 0);
	assert_int_equal(m[3].shortfall, 240);
	assert_int_equal(m[4].shortfall, 1);
	assert_int_equal(m[5].shortfall, 0);
	assert_int_equal(t.shortfall, 301);
	assert_int_equal(t.owed, 1200);
	assert_int_equal(t.delivered, 959);
	assert_int_equal(t.pending, 60);
	assert_int_equal(t.months_due, 5);
	assert_int_equal(t.months_short, 3);
	/* zero hours owed: never short */
	struct exchange_month z = {.owed = 0, .delivered = 0, .due = true};
	exchange_shortfall(&z, 1, &t);
	assert_int_equal(t.shortfall, 0);
	/* months */
	char out[8];
	assert_int_equal(exchange_month_index("2026-12") + 1, exchange_month_index("2027-01"));
	exchange_month_format(exchange_month_index("2026-12") + 1, out);
	assert_string_equal(out, "2027-01");
	assert_int_equal(exchange_month_index("2026-13"), -1);
	assert_int_equal(exchange_month_index("2026-1"), -1);
	assert_int_equal(exchange_month_index("26-01-1"), -1);
	exchange_month_of(T0, out);
	assert_string_equal(out, "2026-11");
	/* 2026-11-30T23:30+08:00 is still November in Shanghai (15:30 UTC) */
	exchange_month_of(T0 + (5 * 24 * 3600 + 14 * 3600) * SEC, out);
	assert_string_equal(out, "2026-11");
	exchange_month_of(T0 + (5 * 24 * 3600 + 15 * 3600) * SEC, out);
	assert_string_equal(out, "2026-12");
}

static json_t *agreement(struct fx *f, const struct principal *p, int64_t id, int expect)
{
	struct sb out = SB_INIT;
	struct jw w;
	struct err e = {0};
	jw_init(&w, &out);
	int rc = exchange_agreement_write(CX(f, p, &e), &w, id);
	assert_int_equal(rc, expect);
	json_t *j = rc ? NULL : parse_json(out.buf);
	sb_free(&out);
	return j;
}

static void test_agreement_flow(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t s = mkspace(f, "耨耕田一号地", "plot"), a = 0, d = 0, n = 0;
	/* 2026-05 … 2027-04, 4 hours a month, held by a resident */
	struct exchange_agreement_in in = {.space_id = s, .person_id = f->person_id, .start_month = "2026-05",
				       .end_month = "2027-04", .hours_per_month = 4,
				       .service_what = "为独居长者送菜", .service_for_whom = "独居长者"};
	assert_int_equal(TX(f, exchange_agreement_create(CX(f, &f->ronggui, &e), &in, &a)), ERR_FORBIDDEN);
	assert_int_equal(TX(f, exchange_agreement_create(CX(f, &f->beiqu, &e), &in, &a)), 0);
	/* a second agreement overlapping the term: 409 */
	struct exchange_agreement_in dup = in;
	dup.start_month = "2027-01";
	dup.end_month = "2027-12";
	dup.person_id = 0;
	dup.organisation_id = f->org_id;
	assert_int_equal(TX(f, exchange_agreement_create(CX(f, &f->beiqu, &e), &dup, &n)), ERR_CONFLICT);
	assert_string_equal(e.field, "start_month");
	/* holder rules */
	dup.person_id = f->person_id;
	assert_int_equal(TX(f, exchange_agreement_create(CX(f, &f->beiqu, &e), &dup, &n)), ERR_INVALID);
	assert_string_equal(e.field, "organisation_id");

	/* deliveries: May–October are due (now is November 2026) */
	const char *months[] = {"2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"};
	const int64_t mins[] = {240, 180, 300, 0, 240, 240, 60};
	for (int i = 0; i < 7; i++) {
		if (!mins[i])
			continue;
		struct exchange_delivery_in di = {.month = months[i], .minutes = mins[i], .what = "送菜"};
		assert_int_equal(TX(f, exchange_delivery_log(CX(f, &f->beiqu, &e), a, &di, &d)), 0);
		if (i != 5) /* October stays unconfirmed */
			assert_int_equal(TX(f, exchange_delivery_confirm(CX(f, &f->beiqu, &e), d)), 0);
	}
	assert_int_equal(TX(f, exchange_delivery_confirm(CX(f, &f->beiqu, &e), d)), ERR_CONFLICT);
	/* not in the future, not outside the term, not by a resident who is not the holder */
	struct exchange_delivery_in bad = {.month = "2026-12", .minutes = 60, .what = "送菜"};
	assert_int_equal(TX(f, exchange_delivery_log(CX(f, &f->beiqu, &e), a, &bad, &d)), ERR_RULE);
	bad.month = "2026-04";
	assert_int_equal(TX(f, exchange_delivery_log(CX(f, &f->beiqu, &e), a, &bad, &d)), ERR_RULE);
	bad.month = "2026-13";
	assert_int_equal(TX(f, exchange_delivery_log(CX(f, &f->beiqu, &e), a, &bad, &d)), ERR_INVALID);
	bad.month = "2026-10";
	assert_int_equal(TX(f, exchange_delivery_log(CX(f, &f->resident, &e), a, &bad, &d)), ERR_FORBIDDEN);
	/* …unless the resident is the holder */
	exec_committed(f->db, "UPDATE people SET user_id=5 WHERE id=1");
	assert_int_equal(TX(f, exchange_delivery_log(CX(f, &f->resident, &e), a, &bad, &d)), 0);
	assert_int_equal(TX(f, exchange_delivery_confirm(CX(f, &f->resident, &e), d)), ERR_FORBIDDEN);

	json_t *j = agreement(f, &f->beiqu, a, 0);
	json_t *t = json_object_get(j, "totals");
	/* due May–Oct: owed 6×240; confirmed 240+180+300+0+240+0; October pending 240+60 */
	assert_int_equal(json_int_at(t, "months_due"), 6);
	assert_int_equal(json_int_at(t, "owed_minutes"), 1440);
	assert_int_equal(json_int_at(t, "delivered_minutes"), 960);
	assert_int_equal(json_int_at(t, "pending_minutes"), 300);
	/* June 60 + August 240 + October 240 (only pending) */
	assert_int_equal(json_int_at(t, "shortfall_minutes"), 540);
	assert_int_equal(json_int_at(t, "months_short"), 3);
	json_t *m = json_object_get(j, "months");
	assert_int_equal(json_array_size(m), 12);
	assert_int_equal(json_int_at(json_array_get(m, 1), "shortfall_minutes"), 60);
	assert_true(json_is_false(json_object_get(json_array_get(m, 6), "due")));
	assert_string_equal(json_string_value(json_object_get(j, "holder_name")), "黄志强");
	json_decref(j);
	/* a resident reads the agreement with the holder's name masked */
	j = agreement(f, &f->resident, a, 0);
	assert_string_equal(json_string_value(json_object_get(j, "holder_name")), "黄*");
	json_decref(j);
	agreement(f, &f->ronggui, a, ERR_FORBIDDEN);

	/* renewal: refused with the short months listed, nothing written */
	int64_t agreements = count_rows(f->db, "xchg_space_agreements"),
		audits = count_rows(f->db, "audit_log");
	struct exchange_agreement_in rn = {.end_month = "2028-04", .rent_fen = -1, .hours_per_month = -1};
	assert_int_equal(TX(f, exchange_agreement_renew(CX(f, &f->beiqu, &e), a, &rn, &n)), ERR_RULE);
	assert_string_equal(e.field, "override_reason");
	assert_non_null(strstr(e.message, "2026-06"));
	assert_non_null(strstr(e.message, "2026-08"));
	assert_non_null(strstr(e.message_en, "540"));
	assert_int_equal(count_rows(f->db, "xchg_space_agreements"), agreements);
	assert_int_equal(count_rows(f->db, "audit_log"), audits);
	/* other towns cannot renew at all */
	rn.override_reason = "x";
	assert_int_equal(TX(f, exchange_agreement_renew(CX(f, &f->ronggui, &e), a, &rn, &n)), ERR_FORBIDDEN);
	/* staff override with a reason */
	rn.override_reason = "八月持有人住院，经居委会讨论同意续约";
	assert_int_equal(TX(f, exchange_agreement_renew(CX(f, &f->beiqu, &e), a, &rn, &n)), 0);
	assert_int_equal(query_int(f->db, "SELECT renewed_from_id FROM xchg_space_agreements WHERE id=?", n), a);
	char *st = query_text(f->db, "SELECT status FROM xchg_space_agreements WHERE id=?", a);
	assert_string_equal(st, "renewed");
	free(st);
	char *start = query_text(f->db, "SELECT start_month FROM xchg_space_agreements WHERE id=?", n);
	assert_string_equal(start, "2027-05");
	free(start);
	assert_int_equal(query_int(f->db, "SELECT hours_per_month FROM xchg_space_agreements WHERE id=?", n), 4);
	char *reason = query_text(f->db, "SELECT override_reason FROM xchg_space_agreements WHERE id=?", n);
	assert_string_equal(reason, rn.override_reason);
	free(reason);
	assert_int_equal(count_rows(f->db, "audit_log WHERE entity='xchg_space_agreement' AND action='renew'"), 1);
	/* renewing the old one again: 409 */
	assert_int_equal(TX(f, exchange_agreement_renew(CX(f, &f->beiqu, &e), a, &rn, &n)), ERR_CONFLICT);
	/* the audit chain is intact */
	struct audit_verify_result vr;
	assert_int_equal(audit_verify(f->db, &vr, &e), 0);
	assert_true(vr.ok);
}

static void test_space_scope_and_edit(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	int64_t id = 0;
	struct exchange_space_in in = {.region_id = f->zhenhua_id, .name = "活动室", .kind = "room"};
	assert_int_equal(TX(f, exchange_space_create(CX(f, &f->daliang, &e), &in, &id)), ERR_FORBIDDEN);
	in.region_id = f->daliang_id;
	assert_int_equal(TX(f, exchange_space_create(CX(f, &f->daliang, &e), &in, &id)), ERR_RULE);
	in.region_id = f->beiqu_id;
	in.kind = "castle";
	assert_int_equal(TX(f, exchange_space_create(CX(f, &f->daliang, &e), &in, &id)), ERR_INVALID);
	assert_string_equal(e.field, "kind");
	in.kind = "room";
	assert_int_equal(TX(f, exchange_space_create(CX(f, &f->resident, &e), &in, &id)), ERR_FORBIDDEN);
	assert_int_equal(TX(f, exchange_space_create(CX(f, &f->daliang, &e), &in, &id)), 0);
	assert_int_equal(TX(f, exchange_space_create(CX(f, &f->daliang, &e), &in, &id)), ERR_CONFLICT);
	struct exchange_space_in up = {.name = "长者活动室", .version = 1};
	assert_int_equal(TX(f, exchange_space_update(CX(f, &f->ronggui, &e), id, &up)), ERR_FORBIDDEN);
	assert_int_equal(TX(f, exchange_space_update(CX(f, &f->beiqu, &e), id, &up)), 0);
	assert_int_equal(TX(f, exchange_space_update(CX(f, &f->beiqu, &e), id, &up)), ERR_CONFLICT);
	assert_string_equal(e.field, "version");
	assert_int_equal(count_rows(f->db, "audit_log WHERE entity='xchg_space'"), 2);
	/* lists follow scope */
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	struct list_result res;
	struct exchange_space_filter flt = {.pg = {.page = 1, .per_page = 20}};
	jw_arr(&w);
	assert_int_equal(exchange_space_list(CX(f, &f->ronggui, &e), &flt, &w, &res), 0);
	jw_arr_end(&w);
	assert_int_equal(res.total, 0);
	list_result_free(&res);
	sb_reset(&out);
	jw_init(&w, &out);
	jw_arr(&w);
	assert_int_equal(exchange_space_list(CX(f, &f->resident, &e), &flt, &w, &res), 0);
	jw_arr_end(&w);
	assert_int_equal(res.total, 1);
	list_result_free(&res);
	assert_non_null(strstr(out.buf, "长者活动室"));
	sb_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_search_lengths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_rank_and_highlight, setup, teardown),
		cmocka_unit_test(test_search_words),
		cmocka_unit_test_setup_teardown(test_search_ranked_walk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_newest_walk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_term_newest_walk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_follows_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trigram_like_is_wrong_for_cjk, setup, teardown),
		cmocka_unit_test(test_hsds_uuid),
		cmocka_unit_test_setup_teardown(test_hsds_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hsds_no_mobile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_booking_overlaps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_booking_concurrent, setup, teardown),
		cmocka_unit_test(test_shortfall_rule),
		cmocka_unit_test_setup_teardown(test_agreement_flow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_space_scope_and_edit, setup, teardown),
	};
	return RUN_SUITE_FIXTURE(tests, group_setup, group_teardown);
}
