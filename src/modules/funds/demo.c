/*
 * demo.c — the funds' part of `wushe demo` (module order 60, after the
 * volunteer area): the towns' charities that host named funds (顺德区大良
 * 街道慈善会, 顺德区龙江镇慈善会, and the registry's 容桂社区慈善基金会),
 * 文华社区's community development fund and the named funds of several
 * communities, each named fund with its committee (five, odd, a chair), a
 * supervisor and a manager, and a year of donations — Shunde enterprises,
 * revenue give-back (产业反哺) and residents, some anonymous — each
 * posted in the ledger at its own date with its numbered receipt; one
 * pledge open, one fulfilled, one refunded (its receipt voided).
 */
#include <stdio.h>
#include <string.h>

#include "audit/record.h"
#include "core/arena.h"
#include "modules/funds/donation.h"
#include "modules/funds/funds.h"
#include "modules/funds/funds_internal.h"
#include "modules/region/region.h"
#include "modules/registry/registry.h"
#include "store/store.h"

#define DAY_US (86400LL * 1000000LL)

static uint32_t seed = 20261207;
static uint32_t rnd(uint32_t n)
{
	seed = seed * 1103515245u + 12345u;
	return n ? (seed >> 8) % n : 0;
}

static int charity(struct ctx *c, const char *name, const char *town, int64_t *id)
{
	int rc = db_int(c->db, c->e, id, "SELECT id FROM organisations WHERE name=?", "s", name);
	if (rc < 0 || rc == 1)
		return rc < 0 ? rc : 0;
	int64_t region = region_find(c->db, town, c->e);
	if (region <= 0)
		return region < 0 ? (int)region : err_set(c->e, ERR_NOT_FOUND, NULL, "no town", "no town");
	struct registry_org_in in = {
		.region_id = region, .name = name, .org_type = "association", .domain = "charity",
		.registration = "registered", .status = "active",
		.contact_name = "何秘书长", .has_contact_name = true,
		.description = "经民政部门认定的慈善组织，托管辖内社区冠名基金", .has_description = true,
	};
	return registry_org_create(c, &in, id);
}

struct member {
	const char *role, *name, *affiliation, *username;
};

static int make_fund(struct ctx *c, const char *region, const char *host, const char *kind, const char *name,
		     const char *purpose, const struct member *m, int nm, int64_t *id)
{
	int64_t rid = region_find(c->db, region, c->e), host_id = 0;
	int rc;
	if (rid <= 0)
		return rid < 0 ? (int)rid : err_set(c->e, ERR_NOT_FOUND, NULL, "no region", "no region");
	if (host && (rc = db_int(c->db, c->e, &host_id, "SELECT id FROM organisations WHERE name=?", "s", host)) != 1)
		return rc < 0 ? rc : err_set(c->e, ERR_NOT_FOUND, NULL, "no host", "no host");
	struct fund_in in = {.region_id = rid, .host_org_id = host_id, .kind = kind, .name = name, .purpose = purpose};
	if ((rc = fund_create(c, &in, id)))
		return rc;
	struct fund_member_in mi[12];
	for (int i = 0; i < nm; i++) {
		mi[i] = (struct fund_member_in){.role = m[i].role, .name = m[i].name, .affiliation = m[i].affiliation};
		if (m[i].username &&
		    (rc = db_int(c->db, c->e, &mi[i].user_id, "SELECT id FROM users WHERE username=?", "s", m[i].username)) < 0)
			return rc;
	}
	int64_t ids[12];
	if (nm && (rc = fund_members_add(c, *id, mi, nm, ids)))
		return rc;
	return fund_set_status(c, *id, -1, "active");
}

static const char *const enterprises[] = {
	"美的集团股份有限公司", "广东格兰仕集团有限公司", "海信家电集团股份有限公司", "广东万家乐燃气具有限公司",
	"广东顺德农村商业银行股份有限公司", "广东伊之密精密机械股份有限公司", "佛山市顺德区碧桂园物业发展有限公司",
	"广东德冠薄膜新材料股份有限公司", "佛山市顺德区龙江家具商会", "广东科达洁能股份有限公司",
};
static const char *const give_back[] = {
	"文华商业街商户联合会（铺租反哺）", "北区农贸市场经营管理有限公司", "顺德区龙江镇集体物业经营收益",
	"华口社区股份合作经济社", "大良街道升平片区停车场收益",
};
static const char *const residents[] = {
	"梁淑仪", "陈志强", "何嘉欣", "黄国华", "罗美玲", "李伟明", "吴丽珍", "周家豪", "欧阳婉婷", "麦锦荣",
	"冯少芬", "张卓然", "苏慧敏", "卢家俊", "潘玉兰", "谭伟雄",
};
static const char *const messages[] = {"", "", "祝社区越来越好", "为长者饭堂尽一份力", "支持社区青少年成长", "",
				      "回馈街坊", "愿孩子们有个好书屋"};

/* A year of donations to a fund, each at its own date (the receipts'
 * numbers run per year of their issue). */
static int donations(struct ctx *c, int64_t fund, int n, int64_t now, const char *tag)
{
	int rc;
	for (int i = 0; i < n; i++) {
		struct fund_donation_in in = {0};
		uint32_t pick = rnd(10);
		if (pick < 2) {
			in.source = "enterprise";
			in.donor_name = enterprises[rnd(sizeof enterprises / sizeof enterprises[0])];
			in.amount = (int64_t)(5 + rnd(46)) * 1000000; /* 5万 – 50万 元 */
		} else if (pick < 4) {
			in.source = "give_back";
			in.donor_name = give_back[rnd(sizeof give_back / sizeof give_back[0])];
			in.amount = (int64_t)(1 + rnd(20)) * 1000000 + (int64_t)rnd(100) * 100;
		} else {
			in.source = "individual";
			in.donor_name = residents[rnd(sizeof residents / sizeof residents[0])];
			static const int64_t yuan[] = {50, 100, 200, 200, 500, 500, 800, 1000, 1000, 2000, 5000};
			in.amount = yuan[rnd(sizeof yuan / sizeof yuan[0])] * 100;
			in.anonymous = rnd(5) == 0;
		}
		in.message = messages[rnd(sizeof messages / sizeof messages[0])];
		in.client_id = arena_printf(c->a, "demo-%s-%d", tag, i);
		struct ctx at = *c;
		at.now = now - (int64_t)(360 - i * 360 / n) * DAY_US - (int64_t)rnd(600) * 60 * 1000000;
		int64_t id;
		bool existed;
		if ((rc = fund_donate(&at, fund, &in, &id, &existed)))
			return rc;
	}
	return 0;
}

static int demo(struct ctx *c, int64_t now)
{
	int64_t wenhua = region_find(c->db, "文华社区", c->e);
	if (wenhua <= 0)
		return 0; /* no regions demo */
	int64_t h;
	int rc;
	if ((rc = charity(c, "顺德区大良街道慈善会", "大良街道", &h)) || (rc = charity(c, "顺德区龙江镇慈善会", "龙江镇", &h)))
		return rc;
	static const struct member wenhua_m[] = {
		{"manager", "文华社区居委会", "社区居委会", "wenhua"},
		{"supervisor", "龙江镇社会工作办公室", "镇社工办", NULL},
	};
	static const struct member beiqu_m[] = {
		{"chair", "梁志明", "北区社区党委书记", NULL},
		{"committee", "黄婉仪", "居民代表", "resident"},
		{"committee", "霍燕", "志愿者代表", "vol1"},
		{"committee", "陈伟强", "辖内企业代表（美的集团）", NULL},
		{"committee", "何丽芳", "社工代表（启创社工）", NULL},
		{"supervisor", "周国华", "大良街道纪工委", NULL},
		{"manager", "北区社区居委会", "社区居委会", "beiqu"},
	};
	static const struct member shengping_m[] = {
		{"chair", "罗建新", "升平社区居委会主任", NULL},
		{"committee", "苏慧敏", "居民代表", NULL},
		{"committee", "麦锦荣", "乡贤代表", NULL},
		{"committee", "冯少芬", "居民代表", NULL},
		{"committee", "谭伟雄", "商户代表", NULL},
		{"supervisor", "陈淑贞", "社区监督委员会", NULL},
	};
	static const struct member zhenhua_m[] = {
		{"chair", "吴家明", "振华社区党委书记", NULL},
		{"committee", "梁淑仪", "居民代表", NULL},
		{"committee", "李伟明", "企业代表（格兰仕）", NULL},
		{"committee", "张卓然", "居民代表", NULL},
		{"committee", "卢家俊", "社工代表", NULL},
		{"committee", "潘玉兰", "长者代表", NULL},
		{"committee", "欧阳婉婷", "青年代表", NULL},
		{"supervisor", "何志坚", "容桂街道纪工委", NULL},
	};
	static const struct member zuotan_m[] = {
		{"chair", "冯汉强", "左滩村党委书记", NULL},
		{"committee", "冯少芬", "村民代表", NULL},
		{"committee", "黄国华", "乡贤代表", NULL},
		{"committee", "周家豪", "村民代表", NULL},
		{"committee", "罗美玲", "妇联代表", NULL},
		{"supervisor", "冯永康", "村务监督委员会", NULL},
	};
	int64_t fw, fb, fs, fz, ft;
	if ((rc = make_fund(c, "文华社区", "顺德区龙江镇慈善会", "community_development", "文华社区发展基金",
			    "支持文华社区新市民融入、长者照护和社区营造项目", wenhua_m, 2, &fw)) ||
	    (rc = make_fund(c, "北区社区", "顺德区大良街道慈善会", "named_community", "北区社区冠名基金",
			    "北区社区长者饭堂、四点半课堂和邻里互助", beiqu_m, 7, &fb)) ||
	    (rc = make_fund(c, "升平社区", "顺德区大良街道慈善会", "named_community", "升平社区冠名基金",
			    "升平社区老旧小区微改造和社区文化活动", shengping_m, 6, &fs)) ||
	    (rc = make_fund(c, "振华社区", "顺德区容桂社区慈善基金会", "named_community", "振华社区冠名基金",
			    "振华社区困难家庭帮扶和青少年成长", zhenhua_m, 8, &fz)) ||
	    (rc = make_fund(c, "左滩村", "顺德区龙江镇慈善会", "named_community", "左滩村乡村振兴冠名基金",
			    "左滩村人居环境整治和乡村振兴项目", zuotan_m, 6, &ft)))
		return rc;
	if ((rc = donations(c, fw, 36, now, "wenhua")) || (rc = donations(c, fb, 30, now, "beiqu")) ||
	    (rc = donations(c, fs, 18, now, "shengping")) || (rc = donations(c, fz, 24, now, "zhenhua")) ||
	    (rc = donations(c, ft, 14, now, "zuotan")))
		return rc;

	/* the resident gives to her community's fund herself (her history) */
	int64_t resident = 0;
	if ((rc = db_int(c->db, c->e, &resident, "SELECT id FROM users WHERE username='resident'", "")) == 1) {
		static const int64_t gifts[] = {20000, 50000, 10000};
		for (int i = 0; i < 3; i++) {
			struct ctx me = *c;
			me.who = NULL; /* recorded by the system for her account: */
			me.now = now - (int64_t)(300 - i * 120) * DAY_US;
			struct fund_donation_in in = {.client_id = arena_printf(c->a, "demo-resident-%d", i),
						      .source = "individual", .donor_name = "黄婉仪", .amount = gifts[i],
						      .message = i == 1 ? "长者饭堂加油" : ""};
			int64_t id;
			bool existed;
			if ((rc = fund_donate(&me, fb, &in, &id, &existed)) ||
			    (rc = db_exec(c->db, c->e, "UPDATE fund_donations SET donor_user_id=? WHERE id=?", "ii",
					  resident, id)))
				return rc;
		}
	} else if (rc < 0) {
		return rc;
	}

	/* a pledge open, one fulfilled, a refund */
	struct fund_donation_in p = {.client_id = "demo-pledge-open", .source = "enterprise",
				     .donor_name = "美的集团股份有限公司", .amount = 30000000, .pledge = true,
				     .pledge_days = 90, .message = "2027 年长者饭堂运营认捐"};
	int64_t id;
	bool existed;
	struct ctx at = *c;
	at.now = now - 20 * DAY_US;
	if ((rc = fund_donate(&at, fb, &p, &id, &existed)))
		return rc;
	p.client_id = "demo-pledge-done";
	p.donor_name = "广东格兰仕集团有限公司";
	p.amount = 20000000;
	p.message = "青少年成长计划认捐";
	at.now = now - 120 * DAY_US;
	if ((rc = fund_donate(&at, fz, &p, &id, &existed)))
		return rc;
	at.now = now - 60 * DAY_US;
	if ((rc = fund_donation_fulfil(&at, id, "demo-pledge-done")))
		return rc;
	struct fund_donation_in wrong = {.client_id = "demo-refund", .source = "individual", .donor_name = "张卓然",
					 .amount = 500000, .message = ""};
	at.now = now - 40 * DAY_US;
	if ((rc = fund_donate(&at, fw, &wrong, &id, &existed)))
		return rc;
	at.now = now - 39 * DAY_US;
	return fund_donation_refund(&at, id, "demo-refund", "捐赠人误将 500 元录为 5000 元，退回后重新捐赠");
}

int funds_demo(struct db *db, int64_t now, struct err *e)
{
	struct arena a;
	arena_init(&a, 0);
	struct ctx c = ctx_system(db, now, &a, e);
	int rc = demo(&c, now);
	arena_free(&a);
	return rc;
}
