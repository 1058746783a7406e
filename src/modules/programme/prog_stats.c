/*
 * prog_stats.c — a programme's statistics (issue 13 item 9, the journal's
 * Tables 2–8): applications, funded, the rate and the money by region
 * (the town served, 全区, 多个镇街), applicant type, domain or joint/single,
 * for service or hardware projects or both.
 *
 * What counts as an application: one that was submitted and not found
 * ineligible — not a draft, not withdrawn, not rejected at the
 * qualification stage (the journal's "符合申报条件" count, Tables 2, 3, 6).
 * Funded: outcome funded. Money in fen. Aggregates only: no application
 * is named, so programme staff and, for a published (non-draft)
 * programme, anyone may read them (docs/programme.md).
 *
 * One GROUP BY over the programme's rows through the index
 * prog_apps_prog_kind (programme_id, kind, region_id).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/arena.h"
#include "core/enum_labels.h"
#include "core/jw.h"
#include "modules/programme/prog_internal.h"
#include "store/store.h"

const char *const prog_stat_bys[] = {"region", "applicant_type", "domain", "joint", NULL};

int prog_stats_kind(const char *in, const char **out)
{
	*out = NULL;
	if (!in || !*in)
		return 0;
	if (!strcmp(in, "service") || !strcmp(in, "服务类"))
		*out = "service";
	else if (!strcmp(in, "hardware") || !strcmp(in, "硬件类"))
		*out = "hardware";
	else
		return -1;
	return 0;
}

struct srow {
	char *key, *label, *label_en;
	int64_t sort, apps, funded, requested, awarded;
};

static int cmp_row(const void *x, const void *y)
{
	const struct srow *a = x, *b = y;
	return a->sort < b->sort ? -1 : a->sort > b->sort;
}

static int enum_pos(const char *const *list, const char *v)
{
	for (int i = 0; list[i]; i++)
		if (!strcmp(list[i], v))
			return i;
	return 99;
}

/* The town's short name: 大良街道 → 大良, 乐从镇 → 乐从. */
char *prog_town_short(struct arena *a, const char *name)
{
	size_t n = strlen(name);
	static const char *const sfx[] = {"街道", "镇", NULL};
	for (int i = 0; sfx[i]; i++) {
		size_t k = strlen(sfx[i]);
		if (n > k && !strcmp(name + n - k, sfx[i]))
			return arena_strndup(a, name, n - k);
	}
	return arena_strdup(a, name);
}

static const char *COUNTED = " AND a.status NOT IN ('draft','withdrawn')"
			     " AND NOT (a.status='rejected' AND coalesce(a.stage,'')='qualification')";

static int collect(struct ctx *c, int64_t programme_id, const char *by, const char *kind, struct srow **rows, int *n,
		   struct srow *total)
{
	const char *keyx = !strcmp(by, "region")	 ? "a.region_scope || ':' || a.region_id"
			   : !strcmp(by, "applicant_type") ? "a.applicant_type"
			   : !strcmp(by, "domain")	  ? "a.domain"
							  : "CASE WHEN a.joint=1 THEN 'joint' ELSE 'single' END";
	char *sql = arena_printf(c->a,
				 "SELECT %s, count(*), sum(CASE WHEN a.outcome='funded' THEN 1 ELSE 0 END), sum(a.requested),"
				 " sum(CASE WHEN a.outcome='funded' THEN a.awarded ELSE 0 END) FROM prog_applications a"
				 " WHERE a.programme_id=?%s%s GROUP BY 1",
				 keyx, kind ? " AND a.kind=?" : "", COUNTED);
	struct stmt *st = kind ? db_q(c->db, c->e, sql, "is", programme_id, kind) : db_q(c->db, c->e, sql, "i", programme_id);
	if (!st)
		return c->e->code ? c->e->code : ERR_STORE;
	int cap = 16, rc;
	*rows = arena_alloc(c->a, sizeof(struct srow) * (size_t)cap);
	*n = 0;
	memset(total, 0, sizeof *total);
	while ((rc = stmt_step(st, c->e)) == 1) {
		if (*n == cap) {
			struct srow *more = arena_alloc(c->a, sizeof(struct srow) * (size_t)cap * 2);
			memcpy(more, *rows, sizeof(struct srow) * (size_t)cap);
			*rows = more;
			cap *= 2;
		}
		struct srow *r = &(*rows)[(*n)++];
		r->key = arena_strdup(c->a, col_text(st, 0));
		r->apps = col_int(st, 1);
		r->funded = col_int(st, 2);
		r->requested = col_int(st, 3);
		r->awarded = col_int(st, 4);
		total->apps += r->apps;
		total->funded += r->funded;
		total->requested += r->requested;
		total->awarded += r->awarded;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	/* keys, labels and order */
	for (int i = 0; i < *n; i++) {
		struct srow *r = &(*rows)[i];
		if (!strcmp(by, "region")) {
			char *colon = strchr(r->key, ':');
			*colon = 0;
			int64_t rid = strtoll(colon + 1, NULL, 10);
			if (!strcmp(r->key, "district")) {
				r->key = r->label = "全区";
				r->label_en = "District-wide";
				r->sort = 1000000000;
			} else if (!strcmp(r->key, "multi")) {
				r->key = r->label = "多个镇街";
				r->label_en = "Several towns";
				r->sort = 1000000001;
			} else {
				char *name = NULL;
				db_text(c->db, c->e, c->a, &name, "SELECT name FROM regions WHERE id=?", "i", rid);
				r->key = r->label = prog_town_short(c->a, name ? name : "?");
				r->label_en = r->key;
				r->sort = rid;
			}
		} else if (!strcmp(by, "joint")) {
			bool j = !strcmp(r->key, "joint");
			r->label = j ? "联合申报" : "单独申报";
			r->label_en = j ? "Joint" : "Single";
			r->sort = j ? 0 : 1;
		} else {
			const char *const *list = !strcmp(by, "domain") ? prog_domains : prog_applicant_types;
			const char *enum_name = !strcmp(by, "domain") ? "prog_domain" : "prog_applicant_type";
			r->sort = enum_pos(list, r->key);
			const char *zh = r->key, *en = r->key;
			enum_label(enum_name, r->key, &zh, &en);
			r->label = (char *)zh;
			r->label_en = (char *)en;
		}
	}
	qsort(*rows, (size_t)*n, sizeof(struct srow), cmp_row);
	return 0;
}

static void write_rate(struct jw *w, int64_t funded, int64_t apps)
{
	char buf[32];
	double rate = apps ? round((double)funded * 10000.0 / (double)apps) / 10000.0 : 0;
	snprintf(buf, sizeof buf, "%.4f", rate);
	jw_key(w, "rate");
	jw_raw(w, buf);
}

static void write_counts(struct jw *w, const struct srow *r)
{
	jw_kint(w, "applications", r->apps);
	jw_kint(w, "funded", r->funded);
	write_rate(w, r->funded, r->apps);
	jw_kint(w, "requested_fen", r->requested);
	jw_kint(w, "awarded_fen", r->awarded);
}

int prog_stats_write(struct ctx *c, struct jw *w, int64_t programme_id, const char *by, const char *kind)
{
	if (!prog_in(prog_stat_bys, by))
		return err_set(c->e, ERR_INVALID, "by", "by 须为 region、applicant_type、domain 或 joint",
			       "by: region, applicant_type, domain or joint");
	struct srow *rows, total;
	int n, rc;
	if ((rc = collect(c, programme_id, by, kind, &rows, &n, &total)))
		return rc;
	jw_obj(w);
	jw_key(w, "rows");
	jw_arr(w);
	for (int i = 0; i < n; i++) {
		jw_obj(w);
		jw_kstr(w, "key", rows[i].key);
		jw_kstr(w, "label", rows[i].label);
		jw_kstr(w, "label_en", rows[i].label_en);
		write_counts(w, &rows[i]);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "total");
	jw_obj(w);
	write_counts(w, &total);
	jw_obj_end(w);
	jw_obj_end(w);
	return 0;
}

/* One sheet per grouping: 分组, 申报数, 获扶持数, 入选率, 申请金额（元）, 资助金额（元）. */
int prog_stats_xlsx(struct ctx *c, int64_t programme_id, const char *kind, const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return err_set(c->e, ERR_IO, "file", "无法写出 XLSX 文件", "cannot write the XLSX file");
	static const char *const sheet_zh[] = {"区域", "申报主体", "项目领域", "申报方式"};
	lxw_format *pct = workbook_add_format(wb);
	format_set_num_format(pct, "0.00%");
	lxw_format *money = workbook_add_format(wb);
	format_set_num_format(money, "#,##0.00");
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	int rc = 0;
	for (int s = 0; prog_stat_bys[s]; s++) {
		struct srow *rows, total;
		int n;
		if ((rc = collect(c, programme_id, prog_stat_bys[s], kind, &rows, &n, &total)))
			break;
		lxw_worksheet *ws = workbook_add_worksheet(wb, sheet_zh[s]);
		static const char *const head[] = {"分组", "申报数（个）", "获扶持数（个）", "入选率", "申请金额（元）",
						   "资助金额（元）"};
		for (int k = 0; k < 6; k++)
			worksheet_write_string(ws, 0, (lxw_col_t)k, head[k], bold);
		worksheet_set_column(ws, 0, 0, 24, NULL);
		worksheet_set_column(ws, 1, 5, 16, NULL);
		for (int i = 0; i <= n; i++) {
			const struct srow *r = i < n ? &rows[i] : &total;
			lxw_row_t row = (lxw_row_t)(i + 1);
			worksheet_write_string(ws, row, 0, i < n ? r->label : "合计", i < n ? NULL : bold);
			worksheet_write_number(ws, row, 1, (double)r->apps, NULL);
			worksheet_write_number(ws, row, 2, (double)r->funded, NULL);
			worksheet_write_number(ws, row, 3, r->apps ? (double)r->funded / (double)r->apps : 0, pct);
			worksheet_write_number(ws, row, 4, (double)r->requested / 100.0, money);
			worksheet_write_number(ws, row, 5, (double)r->awarded / 100.0, money);
		}
	}
	if (workbook_close(wb) != LXW_NO_ERROR && !rc)
		rc = err_set(c->e, ERR_IO, "file", "无法写出 XLSX 文件", "cannot write the XLSX file");
	return rc;
}
