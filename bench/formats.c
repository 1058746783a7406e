/*
 * formats.c — the speed figures the unit tests used to assert with a clock
 * (test_csv, test_xlsx, test_registry_import), measured here instead and
 * printed by bench/formats.sh next to references run on the same files.
 * Built by the Makefile as build/rel/bench/formats, against the same
 * objects as build/wushe.
 *
 *   formats csv N FILE    write N rows of the unit test's CSV to FILE, read
 *                         FILE into memory, then time csv_reader over it
 *   formats xlsx N FILE   write N rows with tab_writer (XLSX) to FILE, then
 *                         time tab_reader over its bytes
 *   formats merge DIR N...  for each N: a fresh store in DIR, import N
 *                         people, then time (CPU) the re-import where
 *                         every row merges
 *
 * Each prints one line "<what> <rows> <seconds>" per figure on stdout (the
 * script does the arithmetic and the wording) and fails on a wrong result:
 * a row missing, a field wrong, a merge not counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/csv.h"
#include "core/err.h"
#include "core/pii.h"
#include "core/sb.h"
#include "core/tabular.h"
#include "modules/region/region.h"
#include "modules/registry/registry_import.h"
#include "store/store.h"

static double clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int die(const char *what, const struct err *e)
{
	fprintf(stderr, "formats: %s%s%s\n", what, e && e->message_en[0] ? ": " : "",
		e ? e->message_en : "");
	return 1;
}

static int write_file(const char *path, const char *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len) {
		if (f)
			fclose(f);
		return -1;
	}
	return fclose(f);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct sb s = SB_INIT;
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_add(&s, buf, n);
	fclose(f);
	*len = s.len;
	return s.buf;
}

/* The rows of test_csv's million_rows: a number, a name, a mobile, a quoted
 * address with a comma. */
static int bench_csv(long rows, const char *path)
{
	struct sb out = SB_INIT;
	for (long i = 0; i < rows; i++)
		sb_addf(&out, "%ld,张三,13800138000,\"北京市, 朝阳区\"\n", i);
	if (write_file(path, out.buf, out.len))
		return die("cannot write the CSV file", NULL);
	sb_free(&out);
	size_t len;
	char *data = read_file(path, &len);
	if (!data)
		return die("cannot read the CSV file back", NULL);
	struct err e = {0};
	struct tab_record rec;
	double t0 = clock_s(CLOCK_MONOTONIC);
	struct csv_reader *r = csv_reader_open(data, len, &e);
	if (!r)
		return die("csv_reader_open", &e);
	long n = 0, fields = 0;
	while (csv_reader_next(r, &rec, &e) == 1)
		n++, fields += rec.nfields;
	double dt = clock_s(CLOCK_MONOTONIC) - t0;
	csv_reader_free(r);
	free(data);
	if (n != rows || fields != 4 * rows) {
		fprintf(stderr, "formats: csv read %ld rows and %ld fields, expected %ld and %ld\n", n,
			fields, rows, 4 * rows);
		return 1;
	}
	printf("csv %ld %.6f\n", n, dt);
	return 0;
}

/* The rows of test_xlsx's many_rows. */
static int bench_xlsx(long rows, const char *path)
{
	struct err e = {0};
	struct tab_writer *w = tab_writer_new(TAB_XLSX, &e);
	if (!w)
		return die("tab_writer_new", &e);
	char id[32];
	double t0 = clock_s(CLOCK_MONOTONIC);
	for (long i = 0; i < rows; i++) {
		snprintf(id, sizeof id, "P%06ld", i);
		const struct tab_cell c[] = {
			{.kind = TAB_CELL_TEXT, .text = id},
			{.kind = TAB_CELL_TEXT, .text = "张三"},
			{.kind = TAB_CELL_INT, .integer = 13800000000 + i},
			{.kind = TAB_CELL_TEXT, .text = "北京市朝阳区"},
		};
		if (tab_writer_row_cells(w, c, 4, &e))
			return die("tab_writer_row_cells", &e);
	}
	char *out;
	size_t len;
	if (tab_writer_finish(w, &out, &len, &e))
		return die("tab_writer_finish", &e);
	tab_writer_free(w);
	double wrote = clock_s(CLOCK_MONOTONIC) - t0;
	if (write_file(path, out, len))
		return die("cannot write the XLSX file", NULL);

	t0 = clock_s(CLOCK_MONOTONIC);
	struct tab_reader *r = tab_reader_open(out, len, TAB_AUTO, &e);
	if (!r)
		return die("tab_reader_open", &e);
	struct tab_record rec;
	long n = 0;
	while (tab_reader_next(r, &rec, &e) == 1) {
		if (rec.nfields != 4 || rec.row != n + 1) {
			fprintf(stderr, "formats: xlsx row %ld has %d fields\n", rec.row, rec.nfields);
			return 1;
		}
		n++;
	}
	double dt = clock_s(CLOCK_MONOTONIC) - t0;
	int fatal = tab_reader_fatal(r);
	tab_reader_close(r);
	free(out);
	if (fatal || n != rows) {
		fprintf(stderr, "formats: xlsx read %ld rows, expected %ld\n", n, rows);
		return 1;
	}
	printf("xlsx-write %ld %.6f\n", rows, wrote);
	printf("xlsx-read %ld %.6f\n", n, dt);
	return 0;
}

/* ---- the import's merge cost ---- */

static int64_t now_us(void) { return (int64_t)time(NULL) * 1000000; }

static int64_t mk_region(struct db *db, int64_t parent, const char *level, const char *name,
			 struct err *e)
{
	struct region_in in = {.parent_id = parent, .level = level, .name = name};
	int64_t id = 0;
	if (db_begin_write(db, e) || region_create(db, NULL, &in, now_us(), &id, e)) {
		db_rollback(db);
		return 0;
	}
	return db_commit(db, e) ? 0 : id;
}

/* N people with valid, distinct IDs in 北区社区 (test_registry_import's). */
static void many_people(struct sb *b, int n)
{
	char id[19], d17[32];
	sb_adds(b, "姓名,身份证号,社区,志愿者\n");
	for (int i = 0; i < n; i++) {
		snprintf(d17, sizeof d17, "440681%04d%02d%02d%03d", 1950 + i / 336000, 1 + (i / 28000) % 12,
			 1 + (i / 1000) % 28, i % 1000);
		memcpy(id, d17, 17);
		id[17] = pii_id_check_char(d17);
		id[18] = 0;
		sb_addf(b, "人%d,%s,北区社区,%s\n", i, id, i % 2 ? "是" : "");
	}
}

static int import(struct db *db, int64_t scope, const struct sb *b, struct registry_import_result *r,
		  struct err *e)
{
	struct registry_import_opts o = {.kind = RIK_PEOPLE, .scope_region_id = scope, .file_name = "b.csv",
					.now = now_us()};
	registry_import_result_init(r);
	if (db_begin_write(db, e))
		return -1;
	if (registry_import_run(db, NULL, b->buf, b->len, &o, r, e)) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, e);
}

/* One fresh store: import n people, then the same file again (every row
 * merges) with the CPU time of that second import. */
static int merge_once(int n, const char *dir)
{
	char path[4096];
	if (snprintf(path, sizeof path, "%s/merge-%d.db", dir, n) >= (int)sizeof path)
		return die("directory name too long", NULL);
	struct err e = {0};
	struct store *s = NULL;
	if (store_open(path, NULL, &s, &e))
		return die("store_open", &e);
	struct db *db = store_db(s, &e);
	int rc = 1;
	int64_t d = db ? mk_region(db, 0, "district", "顺德区", &e) : 0;
	int64_t t = d ? mk_region(db, d, "town", "大良街道", &e) : 0;
	if (!t || !mk_region(db, t, "community", "北区社区", &e)) {
		die("regions", &e);
		goto done;
	}
	struct sb b = SB_INIT;
	many_people(&b, n);
	struct registry_import_result r;
	if (import(db, t, &b, &r, &e) || r.created != n) {
		fprintf(stderr, "formats: first import of %d: %ld created (%s)\n", n, (long)r.created,
			e.message_en);
		goto free_file;
	}
	registry_import_result_free(&r);
	double t0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	if (import(db, t, &b, &r, &e) || r.merged != n) {
		fprintf(stderr, "formats: re-import of %d: %ld merged (%s)\n", n, (long)r.merged,
			e.message_en);
		goto free_file;
	}
	double dt = clock_s(CLOCK_PROCESS_CPUTIME_ID) - t0;
	printf("merge %d %.6f\n", n, dt);
	rc = 0;
free_file:
	registry_import_result_free(&r);
	sb_free(&b);
done:
	store_close(s);
	unlink(path);
	static const char *const tails[] = {"-wal", "-shm", "-journal"};
	for (int i = 0; i < 3; i++) {
		char p[4200];
		snprintf(p, sizeof p, "%s%s", path, tails[i]);
		unlink(p);
	}
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "csv"))
		return bench_csv(atol(argv[2]), argv[3]);
	if (argc >= 4 && !strcmp(argv[1], "xlsx"))
		return bench_xlsx(atol(argv[2]), argv[3]);
	if (argc >= 4 && !strcmp(argv[1], "merge")) {
		for (int i = 3; i < argc; i++)
			if (merge_once(atoi(argv[i]), argv[2]))
				return 1;
		return 0;
	}
	fprintf(stderr, "usage: formats csv N FILE | xlsx N FILE | merge DIR N...\n");
	return 2;
}
