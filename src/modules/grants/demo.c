/*
 * demo.c — the grants area's part of `wushe demo` (after the funds):
 *  - 文华社区's community development fund (the funds area's, or made here
 *    when its demo has none): a committee of five, four with accounts
 *    (wenhua chairs; whvote1–3 are residents of 文华社区); a micro-grant
 *    (微创投) "长者助餐小站" approved by the committee's vote 3 of 4, both
 *    tranches paid, spending lines with their receipts, a quarterly
 *    disclosure; "楼道微改造" being voted on (one vote cast); an
 *    application waiting;
 *  - 珠江小区's property trust (信托物业, 升平社区, 大良): the owners'
 *    assembly, the property company, the 2026 budget adopted by the owners
 *    and every month's income and expense to November.
 * The ledger is posted through funds.h; the funds themselves (when the
 * funds' demo has not made them) through the funds area's own functions.
 */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/wtime.h"
#include "modules/funds/funds_internal.h"
#include "modules/grants/grants_internal.h"
#include "modules/region/region.h"
#include "store/store.h"
#include "store/list.h"

#define DAY_US (86400LL * WTIME_US)

static int64_t user_id(struct db *db, const char *name, struct err *e)
{
	int64_t id = 0;
	db_int(db, e, &id, "SELECT id FROM users WHERE username=?", "s", name);
	return id;
}

/* A fund of kind in region (the funds' demo's), or a new active one. */
static int ensure_fund(struct ctx *c, int64_t region, const char *kind, const char *name, const char *purpose,
		       int64_t *id)
{
	int rc = db_int(c->db, c->e, id, "SELECT id FROM funds WHERE region_id=? AND kind=? ORDER BY id LIMIT 1", "is",
			region, kind);
	if (rc < 0)
		return rc;
	if (rc == 1)
		return 0;
	struct fund_in in = {.region_id = region, .kind = kind, .name = name, .purpose = purpose};
	if ((rc = fund_create(c, &in, id)))
		return rc;
	return fund_set_status(c, *id, -1, "active");
}

static int ensure_member(struct ctx *c, int64_t fund, const char *role, const char *name, const char *aff,
			 int64_t uid)
{
	int64_t have = 0;
	int rc = db_int(c->db, c->e, &have, "SELECT count(*) FROM fund_members WHERE fund_id=? AND role=? AND name=?",
			"iss", fund, role, name);
	if (rc < 0 || have)
		return rc < 0 ? rc : 0;
	struct fund_member_in m = {.role = role, .name = name, .affiliation = aff, .user_id = uid};
	int64_t mid;
	return fund_members_add(c, fund, &m, 1, &mid);
}

/* Make sure the fund holds at least `need` fen (the funds' demo's
 * donations usually do; otherwise the community's enterprises give back). */
static int top_up(struct ctx *c, int64_t fund, int64_t need, const char *tag)
{
	struct fund_head f;
	struct fund_balance b;
	int rc;
	if ((rc = fund_load(c, fund, 0, &f)) || (rc = fund_balance_get(c, fund, &b)))
		return rc;
	if (b.available >= need)
		return 0;
	struct fund_transfer_in t = {.client_id = arena_printf(c->a, "demo-grants-%s", tag),
				     .debit_account_id = f.income_account_id,
				     .credit_account_id = f.account_id,
				     .amount = need - b.available,
				     .kind = "give_back",
				     .memo = "辖区企业产业反哺"};
	int64_t id;
	return fund_post(c, &t, &id) < 0 ? c->e->code : 0;
}

static int top_up_at(struct ctx *c, int64_t fund, int64_t need, const char *tag, int64_t at)
{
	struct ctx then = *c;
	then.now = at;
	return top_up(&then, fund, need, tag);
}

static const unsigned char demo_png[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0,
	0x90, 0x77, 0x53, 0xde, 0, 0, 0, 12, 'I', 'D', 'A', 'T', 0x08, 0xd7, 0x63, 0xf8, 0xff, 0xff, 0x3f, 0, 0x05, 0xfe,
	0x02, 0xfe, 0xdc, 0xcc, 0x59, 0xe7, 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};

static int spend(struct ctx *c, int64_t grant, const char *day, const char *item, const char *payee, int64_t amount)
{
	int64_t rid, sid;
	const char *pdf = arena_printf(c->a, "%%PDF-1.4\n%% 票据 %s %s %lld\n%%%%EOF\n", day, item, (long long)amount);
	/* a photographed receipt (PNG) for equipment, a scanned PDF otherwise */
	bool photo = strstr(item, "设备") != NULL;
	int rc = photo ? grant_receipt_add(c, grant, arena_printf(c->a, "%s-%s.png", day, item), demo_png,
					   sizeof demo_png, &rid)
		       : grant_receipt_add(c, grant, arena_printf(c->a, "%s-%s.pdf", day, item), pdf, strlen(pdf), &rid);
	if (rc)
		return rc;
	struct grant_spending_in s = {.spent_on = day, .item = item, .payee = payee, .amount = amount, .receipt_id = rid};
	return grant_spending_add(c, grant, &s, &sid);
}

static int vote_as(struct ctx *c, int64_t uid, const char *path, int64_t grant, const char *choice, const char *comment)
{
	struct principal p = {.user_id = uid, .username = "demo", .display_name = "demo", .ngrants = 1,
			      .role_mask = R(ROLE_RESIDENT)};
	p.grants[0] = (struct grant){.role = ROLE_RESIDENT, .region_path = path};
	struct ctx v = *c;
	v.who = &p;
	return grant_vote(&v, grant, choice, comment);
}

static int wenhua_grants(struct ctx *c)
{
	int64_t wenhua = region_find(c->db, "文华社区", c->e), fund;
	if (!wenhua)
		return 0;
	char *path = NULL;
	int rc;
	if ((rc = list_region_path_in(c->db, c->a, wenhua, &path, c->e)) < 0)
		return rc;
	if ((rc = ensure_fund(c, wenhua, "community_development", "文华社区社区发展基金",
			      "支持社区居民自组织和社区社会组织开展微创投项目，服务长者、儿童和新市民", &fund)))
		return rc;
	static const char *const voters[][2] = {{"whvote1", "何淑仪"}, {"whvote2", "陈国栋"}, {"whvote3", "黎美华"}};
	int64_t uids[3];
	for (int i = 0; i < 3; i++) {
		if (!(uids[i] = user_id(c->db, voters[i][0], c->e))) {
			if ((rc = auth_user_create_cli(c->db, voters[i][0], voters[i][1], "Demo@2026", ROLE_RESIDENT, wenhua,
						       c->now, c->e)))
				return rc;
			uids[i] = user_id(c->db, voters[i][0], c->e);
		}
	}
	int64_t wu = user_id(c->db, "wenhua", c->e);
	if ((rc = ensure_member(c, fund, "chair", "文华社区居委会", "社区居委会", wu)) ||
	    (rc = ensure_member(c, fund, "manager", "文华社区居委会", "社区居委会", wu)) ||
	    (rc = ensure_member(c, fund, "committee", voters[0][1], "居民代表", uids[0])) ||
	    (rc = ensure_member(c, fund, "committee", voters[1][1], "居民代表", uids[1])) ||
	    (rc = ensure_member(c, fund, "committee", voters[2][1], "社区社会组织代表", uids[2])) ||
	    (rc = ensure_member(c, fund, "committee", "区冠华", "辖区企业代表", 0)) ||
	    (rc = ensure_member(c, fund, "supervisor", "龙江镇社会工作服务站", "监督", 0)) ||
	    (rc = top_up_at(c, fund, 8000000, "wenhua", c->now - 300 * DAY_US)))
		return rc;
	int64_t org = 0;
	if ((rc = db_int(c->db, c->e, &org, "SELECT id FROM organisations WHERE name=?", "s",
			 "龙江镇文华社区新市民之家服务社")) < 0)
		return rc;
	struct ctx staff = *c; /* the demo acts as the system */
	/* 1. 长者助餐小站: applied in spring, voted, paid in two tranches. */
	int64_t now = c->now;
	staff.now = now - 240 * DAY_US;
	struct grant_apply_in a = {.fund_id = fund, .title = "长者助餐小站", .kind = "micro_grant", .org_id = org,
				   .purpose = "在文华社区党群服务中心设助餐点，每周五天为 60 岁以上长者供应午餐，"
					      "独居和高龄长者送餐上门",
				   .amount = 2000000, .tranches = {2, {1200000, 800000}}, .has_tranches = true,
				   .starts_on = NULL, .ends_on = NULL};
	char s1[11], e1[11];
	wtime_format_date(now - 235 * DAY_US, s1, sizeof s1);
	wtime_format_date(now + 60 * DAY_US, e1, sizeof e1);
	a.starts_on = s1;
	a.ends_on = e1;
	int64_t g1, g2, g3;
	if ((rc = grant_apply(&staff, &a, &g1)) || (rc = grant_open_vote(&staff, g1, -1)))
		return rc;
	staff.now += DAY_US;
	if ((rc = vote_as(&staff, wu, path, g1, "yes", "助餐是长者最迫切的需求")) ||
	    (rc = vote_as(&staff, uids[0], path, g1, "yes", NULL)) ||
	    (rc = vote_as(&staff, uids[1], path, g1, "yes", "建议公布菜单和价格")))
		return rc;
	int64_t t1 = 0, t2 = 0;
	if ((rc = db_int(c->db, c->e, &t1, "SELECT id FROM grant_tranches WHERE grant_id=? AND seq=1", "i", g1)) < 0 ||
	    (rc = db_int(c->db, c->e, &t2, "SELECT id FROM grant_tranches WHERE grant_id=? AND seq=2", "i", g1)) < 0)
		return rc;
	staff.now = now - 230 * DAY_US;
	if ((rc = grant_pay_tranche(&staff, t1)))
		return rc;
	char d[11];
	static const struct {
		int ago;
		const char *item, *payee;
		int64_t amount;
	} lines[] = {
		{225, "厨房设备（消毒柜、保温餐车）", "顺德区容桂厨具商行", 386000},
		{200, "食材采购（4月）", "文华社区农贸市场", 312000},
		{170, "食材采购（5月）", "文华社区农贸市场", 298000},
		{140, "送餐保温袋与餐具", "佛山市顺德区惠民日用品店", 64000},
		{110, "食材采购（6–7月）", "文华社区农贸市场", 121000},
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		staff.now = now - lines[i].ago * DAY_US;
		wtime_format_date(staff.now, d, sizeof d);
		if ((rc = spend(&staff, g1, d, lines[i].item, lines[i].payee, lines[i].amount)))
			return rc;
	}
	staff.now = now - 150 * DAY_US;
	struct disclosure_in q = {.fund_id = fund, .grant_id = g1, .kind = "periodic", .title = "长者助餐小站第一季度执行情况",
				  .body = "助餐点开放 62 天，供餐 3,410 人次，其中送餐上门 520 人次；首期拨付 12,000 元，"
					  "已支出 9,960 元（厨房设备、食材、送餐用品），票据均已登记。"};
	int64_t did;
	if ((rc = disclosure_publish(&staff, &q, &did)))
		return rc;
	staff.now = now - 100 * DAY_US;
	if ((rc = grant_pay_tranche(&staff, t2)))
		return rc;
	static const struct {
		int ago;
		const char *item, *payee;
		int64_t amount;
	} lines2[] = {
		{90, "食材采购（8–9月）", "文华社区农贸市场", 402000},
		{45, "食材采购（10–11月）", "文华社区农贸市场", 356000},
	};
	for (size_t i = 0; i < sizeof lines2 / sizeof lines2[0]; i++) {
		staff.now = now - lines2[i].ago * DAY_US;
		wtime_format_date(staff.now, d, sizeof d);
		if ((rc = spend(&staff, g1, d, lines2[i].item, lines2[i].payee, lines2[i].amount)))
			return rc;
	}
	staff.now = now - 80 * DAY_US;
	struct disclosure_in q2 = {.fund_id = fund, .grant_id = g1, .kind = "periodic", .title = "长者助餐小站第二季度执行情况",
				   .body = "第二季度供餐 4,020 人次；第二期 8,000 元已拨付。上期公示的人次有误，已另发更正公告。"};
	if ((rc = disclosure_publish(&staff, &q2, &did)))
		return rc;
	staff.now = now - 79 * DAY_US;
	int64_t cid;
	if ((rc = disclosure_correct(&staff, did, "更正：长者助餐小站第二季度执行情况",
				     "第二季度供餐应为 4,200 人次（原公示 4,020 人次为录入错误），其余内容不变。", &cid)))
		return rc;
	/* 2. 楼道微改造: being voted on (one vote cast). */
	staff.now = now - 6 * DAY_US;
	struct grant_apply_in b = {.fund_id = fund, .title = "楼道微改造：扶手与夜间感应灯", .kind = "micro_grant",
				   .recipient_name = "文华社区第三网格居民自治小组",
				   .purpose = "为 12 栋老楼的楼道加装扶手和感应灯，方便长者夜间上下楼",
				   .amount = 1500000, .tranches = {2, {900000, 600000}}, .has_tranches = true};
	if ((rc = grant_apply(&staff, &b, &g2)) || (rc = grant_open_vote(&staff, g2, -1)) ||
	    (rc = vote_as(&staff, uids[2], path, g2, "yes", "楼道照明是居民议事会提得最多的问题")))
		return rc;
	/* 3. 新市民子女四点半课堂: an application waiting. */
	staff.now = now - 2 * DAY_US;
	struct grant_apply_in g = {.fund_id = fund, .title = "新市民子女四点半课堂", .kind = "micro_grant",
				   .org_id = org, .purpose = "放学后为新市民子女提供作业辅导和阅读活动",
				   .amount = 1200000};
	if ((rc = grant_apply(&staff, &g, &g3)))
		return rc;
	/* a fundraising on the calendar (over six months: disclosed quarterly) */
	char fs[11], fe[11];
	wtime_format_date(now - 200 * DAY_US, fs, sizeof fs);
	wtime_format_date(now + 165 * DAY_US, fe, sizeof fe);
	struct disclosure_subject_in fr = {.fund_id = fund, .kind = "fundraising", .title = "2026 年“邻里守望”公开募捐",
					   .starts_on = fs, .ends_on = fe};
	staff.now = now - 200 * DAY_US;
	int64_t sid;
	return disclosure_subject_add(&staff, &fr, &sid);
}

static int zhujiang_trust(struct ctx *c)
{
	int64_t region = region_find(c->db, "升平社区", c->e), fund, trust;
	if (!region)
		return 0;
	int rc;
	if ((rc = ensure_fund(c, region, "property_trust", "珠江小区信托物业基金",
			      "珠江小区公共收益与物业服务资金，以信托方式由物业服务企业管理，业主监督", &fund)))
		return rc;
	int64_t du = user_id(c->db, "daliang", c->e);
	if ((rc = ensure_member(c, fund, "manager", "大良街道综治办", "街道", du)) ||
	    (rc = ensure_member(c, fund, "supervisor", "升平社区居委会", "监督人", 0)))
		return rc;
	struct trust_in t = {.fund_id = fund, .compound = "珠江小区", .principal = "珠江小区业主大会",
			     .trustee_name = "佛山市顺德区珠江物业服务有限公司", .households = 540};
	if ((rc = trust_create(c, &t, &trust)))
		return rc;
	static const struct {
		const char *dir, *cat;
		int64_t monthly;
		const char *party;
	} lines[] = {
		{"income", "物业服务费", 1620000, "珠江小区业主"},
		{"income", "停车场收益", 180000, "停车场管理"},
		{"income", "公共区域广告收益", 40000, "佛山市顺德区楼宇传媒"},
		{"expense", "保洁", 600000, "顺德区洁美保洁服务部"},
		{"expense", "秩序维护（安保）", 720000, "佛山市顺德区珠江物业服务有限公司"},
		{"expense", "电梯维保", 150000, "广东日立电梯工程有限公司"},
		{"expense", "绿化养护", 80000, "顺德区园林绿化服务中心"},
		{"expense", "受托人酬金", 162000, "佛山市顺德区珠江物业服务有限公司"},
	};
	int64_t lid[8];
	for (int i = 0; i < 8; i++) {
		struct trust_line_in l = {.year = 2026, .direction = lines[i].dir, .category = lines[i].cat,
					  .planned = lines[i].monthly * 12,
					  .owners_resolution = "2025 年 12 月珠江小区业主大会表决通过（参与表决 412 户，同意 371 户）"};
		if ((rc = trust_line_add(c, trust, &l, &lid[i])))
			return rc;
	}
	/* January to November: every month's income first, then its expenses. */
	for (int m = 1; m <= 11; m++) {
		for (int i = 0; i < 8; i++) {
			char day[11];
			wtime_ymd_text(2026, m, i < 3 ? 5 : 25, day);
			int64_t amt = lines[i].monthly + (i == 0 ? (m % 3) * 12000 : 0) - (i == 3 ? (m % 2) * 15000 : 0);
			struct trust_entry_in e = {.line_id = lid[i], .occurred_on = day, .amount = amt,
						   .counterparty = lines[i].party,
						   .memo = arena_printf(c->a, "%d 月%s", m, lines[i].cat)};
			int64_t eid;
			if ((rc = trust_entry_add(c, trust, &e, &eid)))
				return rc;
		}
	}
	return 0;
}

int grants_demo(struct db *db, int64_t now, struct err *e)
{
	struct arena a;
	arena_init(&a, 0);
	struct ctx c = ctx_system(db, now, &a, e);
	int rc = wenhua_grants(&c);
	if (!rc)
		rc = zhujiang_trust(&c);
	arena_free(&a);
	return rc;
}
