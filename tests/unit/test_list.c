/*
 * test_list.c — the list helper (src/store/list.h) on its own table:
 * only the filters given, the region subtree, the sort whitelist and
 * enum checks (400 with the field), cursor pages equal to numbered pages
 * for every sort and direction (ties broken by id), and the capped count.
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
#include "core/err.h"
#include "store/list.h"
#include "store/store.h"
#include "testutil.h"

static const struct list_sort sorts[] = {
	{"id", "t.id", false, true},
	{"k", "t.k", false, true},
	{"name", "t.name", true, false},
	{NULL, NULL, false, false},
};
static const struct list_spec spec = {
	.table = "lt t",
	.id = "t.id",
	.region = "t.region_id",
	.sorts = sorts,
	.default_sort = "-id",
	.select = "t.id, t.name",
	.from = "lt t",
	.row_id = "t.id",
	.count_cap = 0,
};
static const char *const statuses[] = {"open", "closed", NULL};

/* Regions /1/ ⊃ /1/2/ ⊃ /1/2/3/, and /1/4/; 40 rows with many ties in k. */
static int setup(void **state)
{
	setup_store(state);
	struct tstore *t = *state;
	exec_committed(t->db, "DELETE FROM regions");
	exec_committed(t->db,
		       "INSERT INTO regions(id, parent_id, level, name, path, created_at, updated_at) VALUES"
		       " (1, NULL, 'district', 'D', '/1/', 0, 0), (2, 1, 'town', 'T', '/1/2/', 0, 0),"
		       " (3, 2, 'community', 'C', '/1/2/3/', 0, 0), (4, 1, 'town', 'U', '/1/4/', 0, 0)");
	exec_committed(t->db, "CREATE TABLE lt(id INTEGER PRIMARY KEY, region_id INTEGER, status TEXT, k INTEGER, name TEXT)");
	exec_committed(t->db,
		       "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)"
		       " INSERT INTO lt SELECT i, 2 + i % 3, CASE WHEN i % 4 = 0 THEN 'open' ELSE 'closed' END,"
		       " i % 5, 'n' || (i % 7) FROM n");
	return 0;
}

struct rows {
	int64_t ids[200];
	int n;
};

static int collect(struct stmt *st, void *ctx, struct err *e)
{
	(void)e;
	struct rows *r = ctx;
	assert_true(r->n < 200);
	r->ids[r->n++] = col_int(st, 0);
	return 0;
}

static int run(struct db *db, struct list_q *q, const char *sort, int64_t page, int64_t per_page,
	       const char *cursor, struct rows *out, struct list_result *res, struct err *e)
{
	struct list_req req = {.page = page, .per_page = per_page, .sort = sort, .cursor = cursor};
	memset(out, 0, sizeof *out);
	return list_run(db, q, &req, collect, out, res, e);
}

static void only_given_filters(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	struct rows r;
	struct list_result res;
	struct list_q *q = list_new(&spec);
	assert_int_equal(run(t->db, q, NULL, 1, 100, NULL, &r, &res, &e), 0);
	assert_int_equal(res.total, 40);
	assert_int_equal(r.n, 40);
	assert_int_equal(r.ids[0], 40); /* default -id */
	list_result_free(&res);
	list_free(q);

	q = list_new(&spec);
	assert_int_equal(list_eq_enum(q, "t.status", "status", "open", statuses, &e), 0);
	assert_int_equal(run(t->db, q, "id", 1, 100, NULL, &r, &res, &e), 0);
	assert_int_equal(res.total, 10);
	for (int i = 0; i < r.n; i++)
		assert_int_equal(r.ids[i] % 4, 0);
	list_result_free(&res);
	list_free(q);
}

static void subtree(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	struct rows r;
	struct list_result res;
	/* /1/2/ holds regions 2 and 3: rows with i % 3 in {0, 1} */
	struct list_q *q = list_new(&spec);
	assert_int_equal(list_subtree(q, t->db, "/1/2/", &e), 0);
	assert_int_equal(run(t->db, q, "id", 1, 100, NULL, &r, &res, &e), 0);
	assert_int_equal(res.total, 27);
	for (int i = 0; i < r.n; i++)
		assert_true(r.ids[i] % 3 != 2);
	list_result_free(&res);
	list_free(q);
	/* the community alone */
	q = list_new(&spec);
	assert_int_equal(list_subtree(q, t->db, "/1/2/3/", &e), 0);
	assert_int_equal(run(t->db, q, "id", 1, 100, NULL, &r, &res, &e), 0);
	assert_int_equal(res.total, 14);
	list_result_free(&res);
	list_free(q);
	/* the root holds every region: all rows */
	q = list_new(&spec);
	assert_int_equal(list_subtree(q, t->db, "/1/", &e), 0);
	assert_int_equal(run(t->db, q, "id", 1, 100, NULL, &r, &res, &e), 0);
	assert_int_equal(res.total, 40);
	list_result_free(&res);
	list_free(q);
}

/* The subtree's bound and a region's path for queries outside the helper. */
static void path_bounds(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	struct arena a;
	arena_init(&a, 0);
	assert_string_equal(list_path_hi(&a, "/1/2/"), "/1/20");
	assert_string_equal(list_path_hi(&a, "/"), "0");
	assert_string_equal(list_path_hi(&a, ""), "0");
	/* every descendant sorts inside [path, hi), the next sibling after it */
	assert_true(strcmp("/1/2/3/", "/1/2/") >= 0 && strcmp("/1/2/3/", list_path_hi(&a, "/1/2/")) < 0);
	assert_true(strcmp("/1/20/", list_path_hi(&a, "/1/2/")) >= 0);
	char *path = NULL;
	assert_int_equal(list_region_path_in(t->db, &a, 3, &path, &e), 1);
	assert_string_equal(path, "/1/2/3/");
	assert_int_equal(list_region_path_in(t->db, &a, 999, &path, &e), 0);
	assert_null(path);
	arena_free(&a);
}

static void bad_parameters_name_their_field(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	struct rows r;
	struct list_result res;
	struct list_q *q = list_new(&spec);
	assert_int_equal(run(t->db, q, ";drop", 1, 20, NULL, &r, &res, &e), ERR_INVALID);
	assert_string_equal(e.field, "sort");
	assert_int_equal(run(t->db, q, "-nope", 1, 20, NULL, &r, &res, &e), ERR_INVALID);
	assert_string_equal(e.field, "sort");
	assert_int_equal(run(t->db, q, "k", 1, 20, "xyz", &r, &res, &e), ERR_INVALID);
	assert_string_equal(e.field, "cursor");
	assert_int_equal(list_eq_enum(q, "t.status", "status", "opened", statuses, &e), ERR_INVALID);
	assert_string_equal(e.field, "status");
	char *path = NULL;
	assert_int_equal(list_region_path(t->db, 999, "region_id", &path, &e), ERR_INVALID);
	assert_string_equal(e.field, "region_id");
	assert_null(path);
	list_free(q);
}

/* Walk every page by cursor and by number: the same ids in the same order. */
static void cursor_pages_equal_numbered_pages(void **state)
{
	struct tstore *t = *state;
	const char *sorts_to_try[] = {"id", "-id", "k", "-k", "name", "-name"};
	for (size_t s = 0; s < sizeof sorts_to_try / sizeof *sorts_to_try; s++) {
		for (int sub = 0; sub < 2; sub++) {
			struct err e = {0};
			struct list_q *q = list_new(&spec);
			if (sub)
				assert_int_equal(list_subtree(q, t->db, "/1/2/", &e), 0);
			struct rows byn[20], byc;
			struct list_result res;
			int pages = 0;
			for (int p = 1;; p++) {
				assert_int_equal(run(t->db, q, sorts_to_try[s], p, 6, NULL, &byn[pages], &res, &e), 0);
				list_result_free(&res);
				if (byn[pages].n == 0)
					break;
				pages++;
			}
			char *cur = NULL;
			for (int p = 0; p < pages; p++) {
				assert_int_equal(run(t->db, q, sorts_to_try[s], 1, 6, cur, &byc, &res, &e), 0);
				free(cur);
				cur = res.next_cursor;
				res.next_cursor = NULL;
				assert_int_equal(byc.n, byn[p].n);
				for (int i = 0; i < byc.n; i++)
					assert_int_equal(byc.ids[i], byn[p].ids[i]);
				if (p == pages - 1)
					assert_null(cur);
				else
					assert_non_null(cur);
			}
			free(cur);
			list_free(q);
		}
	}
}

static void count_is_capped(void **state)
{
	struct tstore *t = *state;
	struct list_spec capped = spec;
	capped.count_cap = 25;
	struct err e = {0};
	struct rows r;
	struct list_result res;
	struct list_q *q = list_new(&capped);
	assert_int_equal(run(t->db, q, NULL, 1, 10, NULL, &r, &res, &e), 0);
	assert_int_equal(res.total, 25);
	assert_true(res.total_is_estimate);
	list_result_free(&res);
	list_free(q);
	q = list_new(&capped);
	assert_int_equal(list_subtree(q, t->db, "/1/2/3/", &e), 0);
	assert_int_equal(run(t->db, q, NULL, 1, 10, NULL, &r, &res, &e), 0);
	assert_int_equal(res.total, 14);
	assert_false(res.total_is_estimate);
	list_result_free(&res);
	list_free(q);
}

/* A set of ids that drives (list_where_ids LIST_IDS_COUNT: the count;
 * LIST_IDS_FEW: the count and the page, sorted) gives the same rows, order, cursor and
 * total as the same filter as a plain list_where, in every sort and
 * direction; count_cap stops the count, LIST_NO_COUNT skips it. */
static void ids_that_drive(void **state)
{
	struct tstore *t = *state;
	struct err e = {0};
	static const char *const srt[] = {"-id", "id", "k", "-k", "name", "-name"};
	const char *ids = "t.id IN (SELECT id FROM lt WHERE id % 3 <> 1)";

	for (size_t si = 0; si < sizeof srt / sizeof *srt; si++) {
		struct rows want[2];
		int64_t want_total = 0;
		for (int kind = 0; kind < 3; kind++) {
			char *cur = NULL;
			for (int pg = 0; pg < 2; pg++) {
				struct list_q *q = list_new(&spec);
				assert_int_equal(list_subtree(q, t->db, "/1/2/", &e), 0);
				list_eq_str(q, "t.status", "closed");
				if (kind)
					list_where_ids(q, kind == 1 ? LIST_IDS_COUNT : LIST_IDS_FEW, ids, "");
				else
					list_where(q, ids, "");
				struct rows r;
				struct list_result res;
				assert_int_equal(run(t->db, q, srt[si], 1, 4, pg ? cur : NULL, &r, &res, &e), 0);
				if (kind == 0) {
					want[pg] = r;
					if (!pg)
						want_total = res.total;
				} else {
					if (r.n != want[pg].n || memcmp(r.ids, want[pg].ids, sizeof r.ids[0] * (size_t)r.n))
						fprintf(stderr, "sort %s kind %d page %d differs\n", srt[si], kind, pg);
					assert_int_equal(r.n, want[pg].n);
					assert_memory_equal(r.ids, want[pg].ids, sizeof r.ids[0] * (size_t)r.n);
					if (!pg)
						assert_int_equal(res.total, want_total);
				}
				if (!pg) {
					free(cur);
					cur = res.next_cursor ? strdup(res.next_cursor) : NULL;
					assert_non_null(cur);
				}
				list_result_free(&res);
				list_free(q);
			}
			free(cur);
		}
		assert_true(want_total > 8);
	}
	/* the count's own cap, and no count at all */
	struct list_q *q = list_new(&spec);
	list_where_ids(q, LIST_IDS_COUNT, ids, "");
	struct rows r;
	struct list_result res;
	struct list_req req = {.page = 1, .per_page = 5, .count_cap = 7};
	memset(&r, 0, sizeof r);
	assert_int_equal(list_run(t->db, q, &req, collect, &r, &res, &e), 0);
	assert_int_equal(res.total, 7);
	assert_true(res.total_is_estimate);
	assert_int_equal(r.n, 5);
	list_result_free(&res);
	req.count_cap = LIST_NO_COUNT;
	memset(&r, 0, sizeof r);
	assert_int_equal(list_run(t->db, q, &req, collect, &r, &res, &e), 0);
	assert_int_equal(res.total, 0);
	assert_false(res.total_is_estimate);
	assert_int_equal(r.n, 5);
	assert_non_null(res.next_cursor);
	list_result_free(&res);
	list_free(q);
}

/* all: every row in the sort's order past the count cap and the page size,
 * no count query, no next cursor; the filters still apply. */
static void all_rows_for_an_export(void **state)
{
	struct tstore *t = *state;
	struct list_spec capped = spec;
	capped.count_cap = 5;
	struct err e = {0};
	struct rows r = {0};
	struct list_result res;
	struct list_q *q = list_new(&capped);
	struct list_req req = {.page = 3, .per_page = LIST_ALL, .sort = "k"};
	assert_int_equal(list_run(t->db, q, &req, collect, &r, &res, &e), 0);
	assert_int_equal(r.n, 40);
	assert_int_equal(res.total, 40);
	assert_false(res.total_is_estimate);
	assert_null(res.next_cursor);
	for (int i = 1; i < r.n; i++) /* k = id % 5 ascending, ties by id */
		assert_true(r.ids[i - 1] % 5 < r.ids[i] % 5 ||
			    (r.ids[i - 1] % 5 == r.ids[i] % 5 && r.ids[i - 1] < r.ids[i]));
	list_result_free(&res);
	list_free(q);
	q = list_new(&capped);
	memset(&r, 0, sizeof r);
	assert_int_equal(list_eq_enum(q, "t.status", "status", "open", statuses, &e), 0);
	assert_int_equal(list_run(t->db, q, &req, collect, &r, &res, &e), 0);
	assert_int_equal(r.n, 10);
	list_result_free(&res);
	list_free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(only_given_filters, setup, teardown_store),
		cmocka_unit_test_setup_teardown(subtree, setup, teardown_store),
		cmocka_unit_test_setup_teardown(path_bounds, setup, teardown_store),
		cmocka_unit_test_setup_teardown(bad_parameters_name_their_field, setup, teardown_store),
		cmocka_unit_test_setup_teardown(cursor_pages_equal_numbered_pages, setup, teardown_store),
		cmocka_unit_test_setup_teardown(count_is_capped, setup, teardown_store),
		cmocka_unit_test_setup_teardown(all_rows_for_an_export, setup, teardown_store),
		cmocka_unit_test_setup_teardown(ids_that_drive, setup, teardown_store),
	};
	return RUN_SUITE(tests);
}
