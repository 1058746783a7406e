/*
 * demo.c — the programme area's part of `wushe demo` (after the funds,
 * grants and budget; before the review and the monitoring):
 *
 *  - `zcgs-2021`, the journal's 2021 众创共善 plan: its six plates and ten
 *    special funds (Table 1: funders, yearly budgets 510万 … 126.1万, 5303.55
 *    万 in all, scopes), each fund with its account in the funds ledger
 *    holding its budget; 534 applications with their results reproducing
 *    Tables 2–8: 463 service applications (430 eligible, by region per
 *    Tables 2/6 with the funded counts of Table 6, applicant types per
 *    Tables 3/7, domains per Tables 4/8 with Table 8's amounts, 217 joint)
 *    and 71 hardware ones (59 for elderly care homes, 12 for disability
 *    centres; 55 funded with the per-town amounts the journal prints). A
 *    few in 大良 and 容桂 belong to the demo's real organisations;
 *  - `zcgs-2022`, open for applications now, with the same plates and
 *    funds, and the `provider` account's organisation's applications: one
 *    joint with 北区社区 submitted, two drafts.
 *
 * The 2021 rows are written as the historical import writes them (one
 * audit entry for the load), so the demo stays fast.
 */
#include <stdio.h>
#include <string.h>

#include "audit/record.h"
#include "core/arena.h"
#include "core/wtime.h"
#include "modules/funds/funds_internal.h"
#include "modules/programme/prog_internal.h"
#include "store/store.h"

#define DAY_US (86400LL * WTIME_US)
#define WAN(x) ((int64_t)((x) * 1000000.0 + 0.5)) /* 万元 → fen */

static const char *const plates[] = {"基层治理及乡村振兴板块",	   "社会服务及社会建设行业支持板块",
				     "社会服务设施建设板块",	   "“3861”妇儿公益板块",
				     "同行善·慈善服务板块",	   "可持续公益（社区创新创业）板块"};

static const struct dfund {
	const char *funder, *name;
	double wan;
	const char *scope;
	int plate;
} funds[] = {
	{"区委政法委", "社会治理创新项目经费", 510, "社区营造、社会（专业）力量参与社会治理项目", 0},
	{"区民政人社局", "社会建设“众创共善”计划资助项目经费", 324, "社会建设行业支持项目", 1},
	{"区民政人社局", "顺德区养老机构提升经费", 1000, "镇街公办养老机构改造或设备购置类项目", 2},
	{"区民政人社局", "顺德区社区养老服务建设经费", 1500,
	 "镇街长者综合服务中心、社区养老服务中心建设或设施提升项目、社区养老服务项目", 1},
	{"区民政人社局", "顺德区残疾人就业创业经费", 630,
	 "残疾人社区康园中心及康复机构场地建设、设备设施购置项目；社区康园中心服务及运营创新、残疾人就业创业支持、残疾人家属服务项目",
	 1},
	{"区农业农村局", "“乡村振兴标杆村”专项经费", 220, "乡村振兴项目", 0},
	{"区妇联", "顺德区3861公益创新大赛经费", 191, "妇女、儿童、家庭服务类项目", 3},
	{"区社创中心", "公益创新大赛扶持经费", 250, "社区营造、可持续公益项目", 5},
	{"区慈善会", "顺德慈善会·和的爱心基金", 552.45, "精准帮扶类、乡村文化类项目", 4},
	{"区双创公益基金会", "众创共善·顺德双创基金", 126.1, "可持续公益（社区创新创业）项目", 5},
};
#define NFUNDS 10

/* Tables 2 and 6 (service, eligible): applications and funded by region;
 * the last two are 全区 and 多个镇街. */
static const char *const towns[] = {"大良", "容桂", "伦教", "勒流", "陈村", "北滘", "乐从", "龙江", "杏坛", "均安"};
static const int reg_apps[12] = {46, 28, 19, 45, 25, 33, 42, 43, 31, 28, 85, 5};
static const int reg_funded[12] = {14, 19, 7, 20, 9, 14, 9, 15, 13, 11, 32, 5};
/* Tables 3 and 7 (service, eligible), in prog_applicant_types order. */
static const int type_apps[5] = {291, 99, 4, 30, 6};
static const int type_funded[5] = {118, 37, 2, 9, 2};
/* Tables 4 and 8 (service, all 463), in prog_domains order:
 * community_building professional_governance rural_revival community_elderly sector_support disability
 * women_children targeted_aid rural_culture sustainable */
static const int dom_apps[10] = {64, 46, 7, 51, 27, 34, 118, 39, 37, 40};
static const int dom_funded[10] = {14, 11, 6, 40, 13, 22, 36, 6, 10, 10};
static const double dom_wan[10] = {230.80, 183.88, 140, 952, 274.80, 372.10, 183, 128, 200, 170.87};
/* the special fund (index in funds[]) of each domain's service projects */
static const int dom_fund[10] = {0, 0, 5, 3, 1, 4, 6, 8, 8, 7};
static const int dom_plate[10] = {0, 0, 0, 1, 1, 1, 3, 4, 4, 5};

/* Hardware (section 2.1): elderly care homes and disability centres by
 * town — applications, funded, the amount awarded (万元). */
static const int hw_old_apps[10] = {6, 11, 3, 8, 5, 3, 6, 7, 6, 4};
static const int hw_old_funded[10] = {4, 9, 2, 6, 3, 2, 4, 5, 5, 3};
static const double hw_old_wan[10] = {94.5, 524.7, 31, 238.7, 89.5, 42.4, 110.4, 173, 198.1, 64.8};
static const int hw_dis_apps[10] = {1, 1, 1, 3, 1, 2, 0, 0, 2, 1};
static const double hw_dis_wan[10] = {12.68, 3.22, 10.99, 44.85, 9.1, 34, 0, 0, 44.38, 28};

static const char *const dom_word[10] = {"社区营造",     "专业力量参与治理", "乡村振兴", "长者关爱", "行业支持",
					  "康园共融",     "妇儿家庭",	 "精准帮扶", "乡村文化", "社区创新创业"};

/* A deterministic shuffle (the same demo every time). */
static uint32_t rnd_state = 2021;
static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) & 0xffffff;
}
static void shuffle(int *v, int n)
{
	for (int i = n - 1; i > 0; i--) {
		int j = (int)(rnd() % (uint32_t)(i + 1)), t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
}
static int expand(int *out, const int *counts, int k)
{
	int n = 0;
	for (int i = 0; i < k; i++)
		for (int j = 0; j < counts[i]; j++)
			out[n++] = i;
	return n;
}

struct dctx {
	struct ctx *c;
	int64_t prog, district;
	int64_t plate_ids[6], fund_ids[NFUNDS];
	int64_t town_ids[10], town_comm[10][8];
	int town_ncomm[10];
	int64_t any_comm[40];
	int nany;
	int seq;
	int64_t submitted_at;
};

static int insert_app(struct dctx *d, const char *title, const char *applicant, int64_t org_id, int type, int domain,
		      int plate, int fund, int region /* 0..9 town, 10 全区, 11 多个 */, const char *kind, bool joint,
		      int64_t requested, const char *status, const char *stage, const char *outcome, int64_t awarded,
		      double score, int64_t *id)
{
	struct ctx *c = d->c;
	char code[32];
	snprintf(code, sizeof code, "ZC2021-%04d", ++d->seq);
	int64_t region_id = region < 10 ? d->town_ids[region] : d->district;
	const char *scope = region < 10 ? "town" : region == 10 ? "district" : "multi";
	struct db_arg a[] = {
		{'i', d->prog, 0, NULL},
		{'s', 0, 0, code},
		{'s', 0, 0, title},
		{org_id ? 'i' : 'n', org_id, 0, NULL},
		{'s', 0, 0, applicant},
		{'s', 0, 0, prog_applicant_types[type]},
		{'i', joint, 0, NULL},
		{'s', 0, 0, prog_domains[domain]},
		{'i', d->plate_ids[plate], 0, NULL},
		{'i', d->fund_ids[fund], 0, NULL},
		{'s', 0, 0, scope},
		{'i', region_id, 0, NULL},
		{'s', 0, 0, kind},
		{'i', requested, 0, NULL},
		{'s', 0, 0, status},
		{'s', 0, 0, stage},
		{score > 0 ? 'd' : 'n', 0, score, NULL},
		{'i', awarded, 0, NULL},
		{'s', 0, 0, outcome},
		{'s', 0, 0, !strcmp(outcome, "funded") ? "" : !strcmp(stage, "qualification") ? "ineligible" : "not_recommended"},
		{'i', d->submitted_at, 0, NULL},
		{'i', d->submitted_at, 0, NULL},
		{'i', c->now, 0, NULL},
	};
	int rc = db_int_a(c->db, c->e, id,
			"INSERT INTO prog_applications (programme_id, code, title, org_id, applicant_name, applicant_type,"
			" joint, domain, plate_id, pfund_id, region_scope, region_id, kind, requested, status, stage, score,"
			" awarded, outcome, outcome_reason, submitted_at, created_at, updated_at)"
			" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
			a, 23);
	if (rc != 1)
		return rc < 0 ? rc : ERR_STORE;
	if (joint) {
		int64_t comm = region < 10 && d->town_ncomm[region] ? d->town_comm[region][d->seq % d->town_ncomm[region]]
								     : d->any_comm[d->seq % d->nany];
		if ((rc = db_exec(c->db, c->e,
				  "INSERT INTO prog_partners (application_id, role, region_id, name, created_at)"
				  " SELECT ?, 'community', id, name, ? FROM regions WHERE id=?",
				  "iii", *id, c->now, comm)) ||
		    (rc = db_exec(c->db, c->e,
				  "INSERT INTO prog_partners (application_id, role, name, created_at) VALUES (?, 'partner', ?, ?)",
				  "isi", *id, arena_printf(c->a, "合作社会组织 %03d", d->seq), c->now)))
			return rc;
	}
	return 0;
}

static int setup_programme(struct dctx *d, const char *code, const char *name, int year, const char *status,
			   int64_t opens, int64_t closes, bool ledger)
{
	struct ctx *c = d->c;
	struct prog_programme_in in = {.code = code, .name = name, .year = year, .status = status,
				       .apply_opens_at = opens, .apply_closes_at = closes, .has_opens = true,
				       .has_closes = true};
	int rc;
	if ((rc = prog_programme_create(c, &in, &d->prog)))
		return rc;
	for (int i = 0; i < 6; i++)
		if ((rc = prog_plate_add(c, d->prog, plates[i], i + 1, &d->plate_ids[i])))
			return rc;
	for (int i = 0; i < NFUNDS; i++) {
		struct prog_fund_in f = {.name = funds[i].name, .funder = funds[i].funder, .scope = funds[i].scope,
					 .plate_id = d->plate_ids[funds[i].plate], .budget = WAN(funds[i].wan),
					 .sort = i + 1, .ledger = ledger};
		if ((rc = prog_fund_add(c, d->prog, &f, &d->fund_ids[i])))
			return rc;
		if (!ledger)
			continue;
		/* the year's budget into the fund's account */
		int64_t fid = 0;
		if ((rc = db_int(c->db, c->e, &fid, "SELECT fund_id FROM prog_funds WHERE id=?", "i", d->fund_ids[i])) < 0)
			return rc;
		struct fund_head h;
		if ((rc = fund_load(c, fid, 0, &h)))
			return rc;
		struct fund_transfer_in t = {.client_id = arena_printf(c->a, "demo-%s-fund-%d", code, i + 1),
					     .debit_account_id = h.income_account_id,
					     .credit_account_id = h.account_id,
					     .amount = WAN(funds[i].wan),
					     .kind = "transfer",
					     .memo = arena_printf(c->a, "%s拨入%d年度专项资金", funds[i].funder, year),
					     .ref_type = "prog_fund",
					     .ref_id = d->fund_ids[i]};
		int64_t tid;
		if ((rc = fund_post(c, &t, &tid)) < 0)
			return rc;
	}
	return 0;
}

static int load_regions(struct dctx *d)
{
	struct ctx *c = d->c;
	int rc;
	if ((rc = db_int(c->db, c->e, &d->district, "SELECT id FROM regions WHERE level='district' ORDER BY id LIMIT 1",
			 "")) <= 0)
		return rc < 0 ? rc : err_set(c->e, ERR_INTERNAL, "region", "演示数据缺少区", "the demo has no district");
	for (int i = 0; i < 10; i++) {
		const char *full[] = {"街道", "镇"};
		d->town_ids[i] = 0;
		for (int k = 0; k < 2 && !d->town_ids[i]; k++)
			if ((rc = db_int(c->db, c->e, &d->town_ids[i], "SELECT id FROM regions WHERE level='town' AND name=?",
					 "s", arena_printf(c->a, "%s%s", towns[i], full[k]))) < 0)
				return rc;
		if (!d->town_ids[i])
			return err_setf(c->e, ERR_INTERNAL, "region", "演示数据缺少镇街 %s", "the demo lacks the town %s",
					towns[i]);
		struct stmt *st = db_q(c->db, c->e,
				       "SELECT id FROM regions WHERE parent_id=? AND level='community' ORDER BY id LIMIT 8", "i",
				       d->town_ids[i]);
		if (!st)
			return c->e->code;
		d->town_ncomm[i] = 0;
		while ((rc = stmt_step(st, c->e)) == 1) {
			d->town_comm[i][d->town_ncomm[i]++] = col_int(st, 0);
			if (d->nany < 40)
				d->any_comm[d->nany++] = col_int(st, 0);
		}
		stmt_done(st);
		if (rc < 0)
			return rc;
	}
	return d->nany ? 0 : err_set(c->e, ERR_INTERNAL, "region", "演示数据缺少社区", "the demo has no communities");
}

static int demo_2021(struct dctx *d)
{
	struct ctx *c = d->c;
	int rc;
	/* 2021-01-04 … 2021-02-05 (Asia/Shanghai) */
	int64_t opens = 1609689600LL * WTIME_US, closes = 1612454400LL * WTIME_US;
	d->submitted_at = closes - 3 * DAY_US;
	if ((rc = setup_programme(d, "zcgs-2021", "2021年顺德区社会治理“众创共善”计划", 2021, "monitoring", opens, closes,
				  true)))
		return rc;
	/* service, funded: 168 — region × type × domain zipped, each list shuffled */
	static int reg[463], typ[463], dom[463];
	int nf = expand(reg, reg_funded, 12);
	expand(typ, type_funded, 5);
	int nd = expand(dom, dom_funded, 10);
	if (nf != 168 || nd != 168)
		return err_set(c->e, ERR_INTERNAL, "demo", "演示数据表不一致", "the demo's tables disagree");
	shuffle(reg, nf);
	shuffle(typ, nf);
	/* each domain's amount split among its funded projects */
	int dom_left[10];
	int64_t dom_amt_left[10];
	for (int i = 0; i < 10; i++) {
		dom_left[i] = dom_funded[i];
		dom_amt_left[i] = WAN(dom_wan[i]);
	}
	/* real organisations for a few in 大良 and 容桂 */
	int64_t orgs[2][3] = {{0}};
	char *org_names[2][3] = {{0}};
	for (int t = 0; t < 2; t++) {
		struct stmt *st = db_q(c->db, c->e,
				       "SELECT o.id, o.name FROM organisations o JOIN regions r ON r.id=o.region_id"
				       " JOIN regions t ON t.id=? WHERE r.path>=t.path AND r.path<substr(t.path, 1, length(t.path)-1) || '0'"
				       " AND o.status='active' ORDER BY o.id LIMIT 3",
				       "i", d->town_ids[t]);
		if (!st)
			return c->e->code;
		int k = 0;
		while ((rc = stmt_step(st, c->e)) == 1) {
			orgs[t][k] = col_int(st, 0);
			org_names[t][k++] = arena_strdup(c->a, col_text(st, 1));
		}
		stmt_done(st);
		if (rc < 0)
			return rc;
	}
	int used[2] = {0, 0};
	int jn = 0;
	int64_t id;
	for (int i = 0; i < nf; i++) {
		int dm = dom[i];
		int64_t amt = dom_left[dm] == 1 ? dom_amt_left[dm] : WAN(dom_wan[dm]) / dom_funded[dm];
		dom_left[dm]--;
		dom_amt_left[dm] -= amt;
		int fund = dom_fund[dm];
		if (dm == 9 && dom_left[dm] < 4)
			fund = 9; /* 4 of the sustainable projects on the 双创 fund */
		bool joint = ((jn++ * 217) % 463) < 217;
		const char *rname = reg[i] < 10 ? towns[reg[i]] : reg[i] == 10 ? "全区" : "跨镇街";
		const char *title = arena_printf(c->a, "%s%s项目（%03d）", rname, dom_word[dm], i + 1);
		const char *applicant = arena_printf(c->a, "%s申报单位 %03d", rname, i + 1);
		int64_t org = 0;
		if (reg[i] < 2 && typ[i] == 0 && used[reg[i]] < 3 && orgs[reg[i]][used[reg[i]]]) {
			org = orgs[reg[i]][used[reg[i]]];
			applicant = org_names[reg[i]][used[reg[i]]++];
		}
		if ((rc = insert_app(d, title, applicant, org, typ[i], dm, dom_plate[dm], fund, reg[i], "service", joint, amt,
				     "awarded", "award", "funded", amt, 80 + (double)(rnd() % 150) / 10, &id)))
			return rc;
	}
	/* service, eligible but not funded: 262 */
	int reg_nf[12], type_nf[5], dom_rest[10];
	for (int i = 0; i < 12; i++)
		reg_nf[i] = reg_apps[i] - reg_funded[i];
	for (int i = 0; i < 5; i++)
		type_nf[i] = type_apps[i] - type_funded[i];
	for (int i = 0; i < 10; i++)
		dom_rest[i] = dom_apps[i] - dom_funded[i];
	int nn = expand(reg, reg_nf, 12);
	expand(typ, type_nf, 5);
	int nr = expand(dom, dom_rest, 10); /* 295: the first 262 not funded, the last 33 ineligible */
	if (nn != 262 || nr != 295)
		return err_set(c->e, ERR_INTERNAL, "demo", "演示数据表不一致", "the demo's tables disagree");
	shuffle(reg, nn);
	shuffle(typ, nn);
	shuffle(dom, nr);
	/* what they asked for: 6991.40万 over the 430 eligible, less what the funded asked */
	int64_t req_left = WAN(6991.40) - WAN(2835.45);
	for (int i = 0; i < nr; i++) {
		bool eligible = i < nn;
		int dm = dom[i], rg = eligible ? reg[i] : (int)(rnd() % 10), ty = eligible ? typ[i] : 0;
		int64_t req = eligible ? (i == nn - 1 ? req_left : req_left / (nn - i) + (int64_t)(rnd() % 40000) * 100 - 2000000)
				       : WAN(12);
		if (eligible)
			req_left -= req;
		bool joint = ((jn++ * 217) % 463) < 217;
		const char *rname = rg < 10 ? towns[rg] : rg == 10 ? "全区" : "跨镇街";
		if ((rc = insert_app(d, arena_printf(c->a, "%s%s项目（%03d）", rname, dom_word[dm], 169 + i),
				     arena_printf(c->a, "%s申报单位 %03d", rname, 169 + i), 0, ty, dm, dom_plate[dm],
				     dom_fund[dm], rg, "service", joint, req, eligible ? "not_awarded" : "rejected",
				     eligible ? "award" : "qualification", "not_funded", 0,
				     eligible ? 50 + (double)(rnd() % 290) / 10 : 0, &id)))
			return rc;
	}
	/* hardware: 59 elderly care homes (43 funded), 12 disability centres (all funded) */
	int64_t old_unfunded_left = WAN(2414) - WAN(1567.1);
	int old_unfunded_n = 16;
	for (int t = 0; t < 10; t++) {
		int64_t left = WAN(hw_old_wan[t]);
		for (int k = 0; k < hw_old_apps[t]; k++) {
			bool funded = k < hw_old_funded[t];
			int64_t amt = funded ? (k == hw_old_funded[t] - 1 ? left : WAN(hw_old_wan[t]) / hw_old_funded[t]) : 0;
			int64_t req = funded ? amt : old_unfunded_n == 1 ? old_unfunded_left : old_unfunded_left / old_unfunded_n;
			if (funded)
				left -= amt;
			else {
				old_unfunded_left -= req;
				old_unfunded_n--;
			}
			/* 养老机构提升经费 first; 北滘's on the 社会建设 fund, the rest on 社区养老服务建设经费 */
			int fund = t == 5 ? 1 : t < 5 ? 2 : 3;
			if ((rc = insert_app(d, arena_printf(c->a, "%s敬老院设施提升改造（%d）", towns[t], k + 1),
					     arena_printf(c->a, "%s公办养老机构", towns[t]), 0, 2, 3, 2, fund, t, "hardware",
					     false, req, funded ? "awarded" : "not_awarded", "award",
					     funded ? "funded" : "not_funded", amt, funded ? 82 : 58, &id)))
				return rc;
		}
		left = WAN(hw_dis_wan[t]);
		for (int k = 0; k < hw_dis_apps[t]; k++) {
			int64_t amt = k == hw_dis_apps[t] - 1 ? left : WAN(hw_dis_wan[t]) / hw_dis_apps[t];
			left -= amt;
			if ((rc = insert_app(d, arena_printf(c->a, "%s社区康园中心场地建设（%d）", towns[t], k + 1),
					     arena_printf(c->a, "%s残疾人联合会", towns[t]), 0, 2, 5, 2, 4, t, "hardware",
					     false, amt, "awarded", "award", "funded", amt, 85, &id)))
				return rc;
		}
	}
	if (d->seq != 534)
		return err_setf(c->e, ERR_INTERNAL, "demo", "演示申报数应为 534，实为 %d", "534 applications expected, %d made",
				d->seq);
	/* the budget lines and indicators of the real organisations' projects */
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT id, requested FROM prog_applications WHERE programme_id=? AND org_id IS NOT NULL", "i",
			       d->prog);
	if (!st)
		return c->e->code;
	int64_t ids[8], reqs[8];
	int n = 0;
	while ((rc = stmt_step(st, c->e)) == 1 && n < 8) {
		ids[n] = col_int(st, 0);
		reqs[n++] = col_int(st, 1);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < n; i++) {
		int64_t staff = reqs[i] * 6 / 10;
		if ((rc = db_exec(c->db, c->e,
				  "INSERT INTO prog_budget_lines (application_id, seq, item, amount) VALUES (?,1,'人员经费',?),"
				  " (?,2,'活动及物资',?)",
				  "iiii", ids[i], staff, ids[i], reqs[i] - staff)) ||
		    (rc = db_exec(c->db, c->e,
				  "INSERT INTO prog_indicators (application_id, seq, name, target, unit) VALUES"
				  " (?,1,'服务人次',1200,'人次'), (?,2,'培育骨干',20,'人')",
				  "ii", ids[i], ids[i])))
			return rc;
	}
	return audit_record(c, "import_applications", "programme", d->prog, d->district, NULL,
			    arena_printf(c->a, "{\"code\":\"zcgs-2021\",\"rows\":%d,\"source\":\"demo\"}", d->seq));
}

static int demo_2022(struct dctx *d)
{
	struct ctx *c = d->c;
	int rc;
	int64_t opens = c->now - 10 * DAY_US, closes = c->now + 30 * DAY_US;
	/* the 2022 funders have committed their budgets: each special fund's
	 * account holds its year's money, so what the review awards can be
	 * signed and paid (monitoring) */
	if ((rc = setup_programme(d, "zcgs-2022", "2022年顺德区社会治理“众创共善”计划", 2022, "open", opens, closes,
				  true)))
		return rc;
	int64_t uid = 0, org = 0, region = 0;
	if ((rc = db_int(c->db, c->e, &uid, "SELECT id FROM users WHERE username='provider'", "")) <= 0)
		return rc; /* no provider account: nothing more */
	if ((rc = db_int(c->db, c->e, &region,
			 "SELECT region_id FROM user_grants WHERE user_id=? AND role='org_admin' ORDER BY region_id LIMIT 1",
			 "i", uid)) <= 0)
		return rc;
	if ((rc = db_int(c->db, c->e, &org,
			 "SELECT id FROM organisations WHERE region_id=? ORDER BY CASE WHEN name LIKE '%助老%' THEN 0 ELSE 1 END,"
			 " id LIMIT 1",
			 "i", region)) <= 0)
		return rc;
	int64_t town = 0;
	if ((rc = db_int(c->db, c->e, &town, "SELECT parent_id FROM regions WHERE id=?", "i", region)) < 0)
		return rc;
	/* as the provider: they are the applicant */
	struct ctx as = *c;
	struct prog_app_in *in = arena_alloc(c->a, sizeof *in);
	*in = (struct prog_app_in){.programme_id = d->prog, .org_id = org, .applicant_type = "social_org",
				   .domain = "community_elderly", .plate_id = d->plate_ids[1], .pfund_id = d->fund_ids[3],
				   .region_scope = "town", .region_id = town, .kind = "service", .joint = true,
				   .requested = 12000000, .title = "北区长者“邻里守望”助餐与探访计划",
				   .summary = "与北区社区居委会联合，为辖区独居及高龄长者提供助餐、探访和应急援助。",
				   .outcomes = "建立长者探访网络，一年内覆盖辖区全部独居长者。", .has_lines = true,
				   .nlines = 3, .has_indicators = true, .nindicators = 2, .has_partners = true, .npartners = 1};
	in->lines[0] = (struct prog_line){"社工及人员经费", "", 7000000};
	in->lines[1] = (struct prog_line){"助餐及物资", "", 4000000};
	in->lines[2] = (struct prog_line){"宣传及培训", "", 1000000};
	in->indicators[0] = (struct prog_indicator){"探访长者", "人", 150};
	in->indicators[1] = (struct prog_indicator){"助餐服务", "人次", 6000};
	in->partners[0] = (struct prog_partner){.role = "community", .region_id = region};
	int64_t id1, id2, id3;
	if ((rc = prog_app_create(&as, in, &id1)))
		return rc;
	if ((rc = db_exec(c->db, c->e, "UPDATE prog_applications SET created_by=? WHERE id=?", "ii", uid, id1)))
		return rc;
	/* the partner organisation's letter of commitment, scanned */
	static const char letter[] = "%PDF-1.4\n% 联合申报承诺函 / letter of commitment\n%%EOF\n";
	int64_t att;
	if ((rc = prog_attachment_add(&as, id1, "联合申报承诺函.pdf", letter, sizeof letter - 1, &att)))
		return rc;
	int64_t partner_org = 0;
	db_int(c->db, c->e, &partner_org,
	       "SELECT id FROM organisations WHERE region_id=? AND id<>? ORDER BY id LIMIT 1", "ii", region, org);
	struct prog_app_in *up = arena_alloc(c->a, sizeof *up);
	*up = (struct prog_app_in){.has_partners = true, .npartners = 2, .version = 1};
	up->partners[0] = (struct prog_partner){.role = "community", .region_id = region};
	up->partners[1] = (struct prog_partner){.role = "partner", .org_id = partner_org, .letter_attachment_id = att};
	if ((rc = prog_app_update(&as, id1, up)) || (rc = prog_app_submit(&as, id1, 2)))
		return rc;
	/* two drafts */
	*in = (struct prog_app_in){.programme_id = d->prog, .org_id = org, .applicant_type = "social_org",
				   .domain = "community_building", .plate_id = d->plate_ids[0], .pfund_id = d->fund_ids[0],
				   .region_scope = "town", .region_id = town, .kind = "service", .requested = 8000000,
				   .title = "北区“楼道议事会”社区营造项目", .has_lines = true, .nlines = 1};
	in->lines[0] = (struct prog_line){"议事会组织及培训", "", 8000000};
	if ((rc = prog_app_create(&as, in, &id2)))
		return rc;
	*in = (struct prog_app_in){.programme_id = d->prog, .org_id = org, .applicant_type = "social_org",
				   .domain = "women_children", .plate_id = d->plate_ids[3], .pfund_id = d->fund_ids[6],
				   .region_scope = "district", .kind = "service", .requested = 5000000,
				   .title = "“四点半课堂”儿童托管与家庭支持"};
	if ((rc = prog_app_create(&as, in, &id3)))
		return rc;
	return db_exec(c->db, c->e, "UPDATE prog_applications SET created_by=? WHERE id IN (?,?)", "iii", uid, id2, id3);
}

int prog_demo(struct db *db, int64_t now, struct err *e)
{
	struct arena a;
	arena_init(&a, 0);
	struct ctx c = ctx_system(db, now, &a, e);
	struct dctx *d = arena_alloc(&a, sizeof *d);
	d->c = &c;
	rnd_state = 2021;
	int rc = load_regions(d);
	if (!rc)
		rc = demo_2021(d);
	if (!rc) {
		struct dctx *d2 = arena_alloc(&a, sizeof *d2);
		*d2 = *d;
		d2->seq = 0;
		rc = demo_2022(d2);
	}
	arena_free(&a);
	return rc;
}
