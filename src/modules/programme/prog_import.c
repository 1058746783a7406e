/*
 * prog_import.c — the historical import of a programme's applications
 * (issue 13 item 7) and the two commands:
 *
 *   wushe import applications FILE.csv --programme CODE [--db URL]
 *   wushe report programme CODE --by region|applicant_type|domain|joint
 *                [--kind 服务类|硬件类] --json [--db URL]
 *
 * The file's header is exactly
 *   code,title,applicant,applicant_type,domain,plate,region,kind,joint,
 *   requested_yuan,outcome,awarded_yuan
 * with the values in Chinese (docs/programme.md). Every row is checked;
 * any bad row and nothing is imported — the report names each bad row by
 * its number (the header is row 1) and the reason. A programme with the
 * code is created (empty, imported) when there is none. Amounts are yuan
 * with at most two decimals, stored as fen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/record.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "core/csv.h"
#include "core/jw.h"
#include "core/sb.h"
#include "core/tabular.h"
#include "core/wtime.h"
#include "modules/programme/prog_internal.h"
#include "store/store.h"
#include "store/list.h"

char *prog_town_short(struct arena *a, const char *name); /* prog_stats.c */

static const char *const header[] = {"code",   "title", "applicant", "applicant_type", "domain",  "plate",
				     "region", "kind",  "joint",     "requested_yuan", "outcome", "awarded_yuan"};
#define NCOLS 12

static const struct {
	const char *zh, *id;
} type_zh[] = {{"社会组织", "social_org"},
	       {"基层党组织", "party_org"},
	       {"镇街职能部门及其人民团体", "gov_unit"},
	       {"企事业单位", "enterprise"},
	       {"基层自治组织", "self_governing"}},
  domain_zh[] = {{"社区营造", "community_building"},
		 {"社会(专业)力量参与社会治理", "professional_governance"},
		 {"社会（专业）力量参与社会治理", "professional_governance"},
		 {"乡村振兴", "rural_revival"},
		 {"社区养老", "community_elderly"},
		 {"行业支持", "sector_support"},
		 {"残疾人服务", "disability"},
		 {"妇儿公益", "women_children"},
		 {"精准帮扶", "targeted_aid"},
		 {"乡村文化", "rural_culture"},
		 {"可持续公益", "sustainable"}};

#define FIND(tab, v, out)                                                                                       \
	do {                                                                                                    \
		*(out) = NULL;                                                                                  \
		for (size_t i_ = 0; i_ < sizeof tab / sizeof tab[0]; i_++)                                      \
			if (!strcmp(tab[i_].zh, v))                                                             \
				*(out) = tab[i_].id;                                                            \
	} while (0)

/* Yuan with at most two decimals → fen; -1 when not such a number. */
static int64_t yuan_to_fen(const char *s)
{
	if (!s || !*s)
		return -1;
	int64_t whole = 0, frac = 0;
	int nd = 0;
	const char *p = s;
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (*p - '0');
		if (whole > 1000000000LL)
			return -1;
	}
	if (*p == '.') {
		p++;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (++nd > 2)
				return -1;
			frac = frac * 10 + (*p - '0');
		}
		if (!nd)
			return -1;
	}
	if (*p)
		return -1;
	if (nd == 1)
		frac *= 10;
	return whole * 100 + frac;
}

struct row {
	const char *code, *title, *applicant, *type, *domain, *plate, *scope, *kind, *outcome;
	int64_t region_id, requested, awarded;
	bool joint;
};

static void bad(struct sb *rep, int *nbad, long row, const char *zh, const char *en)
{
	if (*nbad < 200)
		sb_addf(rep, "第 %ld 行 / row %ld: %s / %s\n", row, row, zh, en);
	(*nbad)++;
}

int prog_import_csv(struct ctx *c, const char *csv, size_t len, const char *code, int64_t *rows, struct sb *rep)
{
	*rows = 0;
	int rc;
	struct csv_reader *r = csv_reader_open(csv, len, c->e);
	if (!r)
		return c->e->code ? c->e->code : ERR_INVALID;
	struct tab_record rec;
	int nbad = 0;
	int64_t programme_id = 0, district = 0;
	char *dpath = NULL;
	/* the programme */
	if ((rc = db_int(c->db, c->e, &programme_id, "SELECT id FROM programmes WHERE code=?", "s", code)) < 0)
		goto done;
	int64_t year = 0;
	if (!rc) {
		const char *y = code;
		while (*y && (*y < '0' || *y > '9'))
			y++;
		year = strtoll(y, NULL, 10);
		if (year < 2000 || year > 2100)
			year = 1970 + c->now / WTIME_US / 31556952; /* no year in the code: this year */
		struct prog_programme_in in = {.code = code, .name = code, .year = year, .status = "closed"};
		if ((rc = prog_programme_create(c, &in, &programme_id)))
			goto done;
		if ((rc = db_exec(c->db, c->e, "UPDATE programmes SET imported=1 WHERE id=?", "i", programme_id)))
			goto done;
	} else if ((rc = db_int(c->db, c->e, &year, "SELECT year FROM programmes WHERE id=?", "i", programme_id)) < 0)
		goto done;
	if ((rc = db_int(c->db, c->e, &district, "SELECT region_id FROM programmes WHERE id=?", "i", programme_id)) < 0 ||
	    (rc = list_region_path_in(c->db, c->a, district, &dpath, c->e)) < 0)
		goto done;
	rc = csv_reader_next(r, &rec, c->e);
	if (rc <= 0 || rec.nfields != NCOLS) {
		rc = err_set(c->e, ERR_INVALID, "file", "第 1 行须为表头 code,title,applicant,applicant_type,domain,plate,"
				  "region,kind,joint,requested_yuan,outcome,awarded_yuan",
			     "row 1 must be the header code,title,applicant,applicant_type,domain,plate,region,kind,joint,"
			     "requested_yuan,outcome,awarded_yuan");
		goto done;
	}
	for (int i = 0; i < NCOLS; i++)
		if (strcmp(rec.fields[i].s, header[i])) {
			rc = err_setf(c->e, ERR_INVALID, "file", "表头第 %d 列应为 %s", "header column %d must be %s", i + 1,
				      header[i]);
			goto done;
		}
	/* the towns by short name */
	struct {
		char *name;
		int64_t id;
	} towns[64];
	int ntowns = 0;
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT id, name FROM regions WHERE level='town' AND path>=? AND path<?", "ss", dpath,
			       list_path_hi(c->a, dpath));
	if (!st) {
		rc = c->e->code ? c->e->code : ERR_STORE;
		goto done;
	}
	while ((rc = stmt_step(st, c->e)) == 1 && ntowns < 64) {
		towns[ntowns].id = col_int(st, 0);
		towns[ntowns].name = prog_town_short(c->a, col_text(st, 1));
		ntowns++;
	}
	stmt_done(st);
	if (rc < 0)
		goto done;
	/* read and check every row first */
	int cap = 256, n = 0;
	struct row *rowsv = malloc(sizeof(struct row) * (size_t)cap);
	while ((rc = csv_reader_next(r, &rec, c->e)) != 0) {
		if (rc < 0) {
			bad(rep, &nbad, rec.line, c->e->message, c->e->message_en);
			continue;
		}
		if (tab_record_is_blank(&rec))
			continue;
		if (rec.nfields != NCOLS) {
			bad(rep, &nbad, rec.line, "列数应为 12", "12 columns expected");
			continue;
		}
		if (n == cap) {
			cap *= 2;
			rowsv = realloc(rowsv, sizeof(struct row) * (size_t)cap);
		}
		struct row *w = &rowsv[n];
		memset(w, 0, sizeof *w);
		const struct tab_field *f = rec.fields;
		long ln = rec.line;
		w->code = arena_strdup(c->a, f[0].s);
		w->title = arena_strdup(c->a, f[1].s);
		w->applicant = arena_strdup(c->a, f[2].s);
		w->plate = arena_strdup(c->a, f[5].s);
		if (!*w->code || strlen(w->code) > 40) {
			bad(rep, &nbad, ln, "编号（code）须为 1 至 40 个字符", "code: 1 to 40 characters");
			continue;
		}
		if (!*w->title || f[1].len > 600) {
			bad(rep, &nbad, ln, "项目名称（title）不能为空", "title is required");
			continue;
		}
		if (!*w->applicant || f[2].len > 600) {
			bad(rep, &nbad, ln, "申报主体（applicant）不能为空", "applicant is required");
			continue;
		}
		FIND(type_zh, f[3].s, &w->type);
		if (!w->type) {
			bad(rep, &nbad, ln, "申报主体类型（applicant_type）不在列表中", "applicant_type is not one of the list");
			continue;
		}
		FIND(domain_zh, f[4].s, &w->domain);
		if (!w->domain) {
			bad(rep, &nbad, ln, "项目领域（domain）不在列表中", "domain is not one of the list");
			continue;
		}
		if (f[5].len > 300) {
			bad(rep, &nbad, ln, "板块名称过长", "plate name too long");
			continue;
		}
		if (!strcmp(f[6].s, "全区")) {
			w->scope = "district";
			w->region_id = district;
		} else if (!strcmp(f[6].s, "多个镇街")) {
			w->scope = "multi";
			w->region_id = district;
		} else {
			w->scope = "town";
			for (int i = 0; i < ntowns; i++)
				if (!strcmp(towns[i].name, f[6].s))
					w->region_id = towns[i].id;
			if (!w->region_id) {
				bad(rep, &nbad, ln, "区域（region）须为镇街名（不带“镇/街道”）、全区或多个镇街",
				    "region must be a town's name without its suffix, 全区 or 多个镇街");
				continue;
			}
		}
		if (!strcmp(f[7].s, "服务类"))
			w->kind = "service";
		else if (!strcmp(f[7].s, "硬件类"))
			w->kind = "hardware";
		else {
			bad(rep, &nbad, ln, "类别（kind）须为服务类或硬件类", "kind must be 服务类 or 硬件类");
			continue;
		}
		if (!strcmp(f[8].s, "联合申报"))
			w->joint = true;
		else if (strcmp(f[8].s, "单独申报")) {
			bad(rep, &nbad, ln, "申报方式（joint）须为联合申报或单独申报", "joint must be 联合申报 or 单独申报");
			continue;
		}
		if ((w->requested = yuan_to_fen(f[9].s)) < 0) {
			bad(rep, &nbad, ln, "申请金额（requested_yuan）须为元，至多两位小数",
			    "requested_yuan must be yuan with at most two decimals");
			continue;
		}
		if (!strcmp(f[10].s, "扶持"))
			w->outcome = "funded";
		else if (!strcmp(f[10].s, "未扶持"))
			w->outcome = "not_funded";
		else if (*f[10].s) {
			bad(rep, &nbad, ln, "结果（outcome）须为扶持、未扶持或空", "outcome must be 扶持, 未扶持 or empty");
			continue;
		}
		w->awarded = *f[11].s ? yuan_to_fen(f[11].s) : 0;
		if (w->awarded < 0) {
			bad(rep, &nbad, ln, "资助金额（awarded_yuan）须为元，至多两位小数",
			    "awarded_yuan must be yuan with at most two decimals");
			continue;
		}
		if (w->outcome && !strcmp(w->outcome, "funded") && w->awarded <= 0) {
			bad(rep, &nbad, ln, "扶持的项目须有资助金额", "a funded row needs awarded_yuan");
			continue;
		}
		if ((!w->outcome || strcmp(w->outcome, "funded")) && w->awarded > 0) {
			bad(rep, &nbad, ln, "未扶持的项目不能有资助金额", "only a funded row has awarded_yuan");
			continue;
		}
		bool dup = false;
		for (int i = 0; i < n && !dup; i++)
			dup = !strcmp(rowsv[i].code, w->code);
		int64_t exists = 0;
		if (!dup && (rc = db_int(c->db, c->e, &exists,
					 "SELECT count(*) FROM prog_applications WHERE programme_id=? AND code=?", "is",
					 programme_id, w->code)) < 0) {
			free(rowsv);
			goto done;
		}
		if (dup || exists) {
			bad(rep, &nbad, ln, "编号（code）重复", "code is a duplicate");
			continue;
		}
		n++;
	}
	if (csv_reader_fatal(r) && !nbad)
		bad(rep, &nbad, rec.line, "文件在此处中断", "the file breaks off here");
	if (nbad) {
		free(rowsv);
		rc = err_setf(c->e, ERR_INVALID, "file", "%d 行有误，未导入任何数据", "%d bad rows: nothing imported", nbad);
		goto done;
	}
	/* write */
	for (int i = 0; i < n; i++) {
		struct row *w = &rowsv[i];
		int64_t plate = 0;
		if (*w->plate) {
			if ((rc = db_int(c->db, c->e, &plate, "SELECT id FROM prog_plates WHERE programme_id=? AND name=?", "is",
					 programme_id, w->plate)) < 0)
				break;
			if (!rc && (rc = prog_plate_add(c, programme_id, w->plate, 0, &plate)))
				break;
		}
		const char *status = !w->outcome ? "submitted" : !strcmp(w->outcome, "funded") ? "awarded" : "not_awarded";
		struct db_arg a[] = {
			{'i', programme_id, 0, NULL},	 {'s', 0, 0, w->code},	     {'s', 0, 0, w->title},
			{'s', 0, 0, w->applicant},	 {'s', 0, 0, w->type},	     {'i', w->joint, 0, NULL},
			{'s', 0, 0, w->domain},		 {plate ? 'i' : 'n', plate, 0, NULL},
			{'s', 0, 0, w->scope},		 {'i', w->region_id, 0, NULL}, {'s', 0, 0, w->kind},
			{'i', w->requested, 0, NULL},	 {'s', 0, 0, status},	     {'i', w->awarded, 0, NULL},
			{w->outcome ? 's' : 'n', 0, 0, w->outcome},
			{'i', c->now, 0, NULL},		 {'i', c->now, 0, NULL},
		};
		rc = db_exec_a(c->db, c->e,
			       "INSERT INTO prog_applications (programme_id, code, title, applicant_name, applicant_type,"
			       " joint, domain, plate_id, region_scope, region_id, kind, requested, status, awarded,"
			       " outcome, imported, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)",
			       a, 17);
		if (rc < 0)
			break;
		rc = 0;
		(*rows)++;
	}
	free(rowsv);
	if (!rc)
		rc = audit_record(c, "import_applications", "programme", programme_id, district, NULL,
				  arena_printf(c->a, "{\"code\":\"%s\",\"rows\":%lld}", code, (long long)*rows));
done:
	csv_reader_free(r);
	return rc;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct sb b = SB_INIT;
	char buf[1 << 16];
	size_t k;
	while ((k = fread(buf, 1, sizeof buf, f)) > 0)
		sb_add(&b, buf, k);
	fclose(f);
	if (!b.buf)
		sb_adds(&b, "");
	return sb_detach(&b, len);
}

/* argv[0] is "applications" (from `wushe import applications …`) or
 * "import-applications". */
int cmd_import_applications(int argc, char **argv)
{
	static const char *const opts[] = {"db", "config", "programme", "log-level", NULL};
	static const char usage[] = "usage: wushe import applications FILE.csv --programme CODE [--db URL]\n";
	struct cli_args a;
	struct config cf;
	if (cli_parse(argc, argv, opts, &a) || cli_config(&a, &cf) || a.npos != 1 || !cli_opt(&a, "programme")) {
		fputs(usage, stderr);
		return 2;
	}
	struct err e = {0};
	size_t len = 0;
	char *data = slurp(a.pos[0], &len);
	if (!data) {
		err_setf(&e, ERR_IO, "file", "无法读取文件 %s", "cannot read the file %s", a.pos[0]);
		return cli_fail("import applications", &e);
	}
	struct store *s = NULL;
	if (store_open(cf.db, NULL, &s, &e)) {
		free(data);
		return cli_fail("import applications", &e);
	}
	struct db *db = store_db(s, &e);
	struct arena ar;
	arena_init(&ar, 0);
	struct sb rep = SB_INIT;
	int64_t rows = 0;
	int rc = db ? db_begin_write(db, &e) : ERR_STORE;
	if (!rc) {
		struct ctx c = ctx_system(db, wtime_now(), &ar, &e);
		rc = prog_import_csv(&c, data, len, cli_opt(&a, "programme"), &rows, &rep);
		if (rc)
			db_rollback(db);
		else
			rc = db_commit(db, &e);
	}
	if (rep.len)
		fwrite(rep.buf, 1, rep.len, stderr);
	if (rc)
		cli_fail("import applications", &e);
	else
		printf("已导入 %lld 条申报 / imported %lld applications into %s\n", (long long)rows, (long long)rows,
		       cli_opt(&a, "programme"));
	sb_free(&rep);
	arena_free(&ar);
	free(data);
	store_close(s);
	return rc ? 1 : 0;
}

/* wushe report programme CODE --by … [--kind …] --json [--xlsx FILE] */
int cmd_report_programme(int argc, char **argv)
{
	static const char *const opts[] = {"db", "config", "by", "kind", "json!", "xlsx", "log-level", NULL};
	static const char usage[] =
		"usage: wushe report programme CODE --by region|applicant_type|domain|joint [--kind 服务类|硬件类]"
		" --json [--xlsx FILE] [--db URL]\n";
	struct cli_args a;
	struct config cf;
	if (cli_parse(argc, argv, opts, &a) || cli_config(&a, &cf) || a.npos != 2 || strcmp(a.pos[0], "programme") ||
	    (!cli_opt(&a, "json") && !cli_opt(&a, "xlsx"))) {
		fputs(usage, stderr);
		return 2;
	}
	struct err e = {0};
	const char *kind = NULL;
	if (prog_stats_kind(cli_opt(&a, "kind"), &kind)) {
		err_set(&e, ERR_INVALID, "kind", "kind 须为服务类或硬件类", "kind must be 服务类 or 硬件类");
		return cli_fail("report", &e);
	}
	struct store *s = NULL;
	if (store_open(cf.db, NULL, &s, &e))
		return cli_fail("report", &e);
	struct db *db = store_db(s, &e);
	struct arena ar;
	arena_init(&ar, 0);
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	int rc = db ? db_begin(db, &e) : ERR_STORE;
	if (!rc) {
		struct ctx c = ctx_system(db, wtime_now(), &ar, &e);
		int64_t id = 0;
		rc = prog_programme_by_code(&c, a.pos[1], &id);
		if (!rc && cli_opt(&a, "xlsx"))
			rc = prog_stats_xlsx(&c, id, kind, cli_opt(&a, "xlsx"));
		if (!rc && cli_opt(&a, "json")) {
			const char *by = cli_opt(&a, "by");
			rc = prog_stats_write(&c, &w, id, by ? by : "region", kind);
		}
		db_rollback(db);
	}
	if (rc)
		cli_fail("report", &e);
	else if (out.len)
		printf("%.*s\n", (int)out.len, out.buf);
	sb_free(&out);
	arena_free(&ar);
	store_close(s);
	return rc ? 1 : 0;
}
