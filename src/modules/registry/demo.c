/*
 * demo_registry.c — the registry part of `wushe demo`: a few hundred
 * people per community (Cantonese surnames, valid 4406… ID numbers and
 * mobiles, registered and new residents, volunteers, party members, social
 * workers with their levels, building leaders, some verified), community
 * social organisations (some communities above the 10 urban / 3 rural
 * target, some short), the canonical providers other modules name,
 * 北区社区志愿服务总队 with its 27 teams (the journal's figure) and
 * general teams elsewhere, and facilities (党群服务中心, 社工站, V站) with
 * rooms.
 *
 * Everything goes through registry logic as the system actor, so the demo
 * data is validated and audited like any other write. The generator is a
 * fixed LCG: every demo database is the same.
 */
#include <stdio.h>
#include <string.h>

#include "modules/registry/demo.h"
#include "core/pii.h"
#include "core/sb.h"
#include "modules/region/region.h"
#include "modules/registry/registry.h"
#include "store/store.h"
#include "modules/registry/registry_gov_internal.h"

/* An optional field of a body: set, and marked as given, when v is. */
#define SET_IF(in, f, v)                       \
	do {                                   \
		if (v) {                       \
			(in).f = (v);          \
			(in).has_##f = true;   \
		}                              \
	} while (0)

static uint64_t seed = 20261125;

static uint32_t rnd(uint32_t n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return n ? (uint32_t)((seed >> 33) % n) : 0;
}

static const char *const surnames[] = {
	"陈", "梁", "黄", "李", "何", "罗", "张", "林", "吴", "周", "冯", "潘", "麦", "郭", "区",
	"谭", "邓", "苏", "卢", "胡", "杨", "刘", "叶", "欧阳", "伍", "龙", "关", "霍", "岑", "简"};
static const char *const given1[] = {"志", "嘉", "伟", "丽", "少", "国", "家", "婉", "惠", "锦",
				     "永", "美", "俊", "淑", "泽", "健", "秀", "启", "文", "玉",
				     "浩", "雪", "子", "晓", "树", "瑞", "梓", "咏", "燕", "耀"};
static const char *const given2[] = {"明", "华", "仪", "强", "芳", "成", "欣", "琪", "辉", "萍",
				     "军", "敏", "杰", "娟", "豪", "玲", "聪", "怡", "荣", "婷",
				     "森", "霞", "宁", "彤", "铭", "慧", "轩", "诗", "坤", "珊"};
#define N(a) ((int)(sizeof a / sizeof a[0]))

static const char *const mobile_prefixes[] = {"138", "139", "137", "135", "150", "152", "158",
					      "159", "186", "188", "189", "133", "177", "199"};

static void make_id(char out[19], int year, int month, int day, bool male, int county)
{
	char d[64];
	int seq = (int)rnd(500) * 2 + (male ? 1 : 0); /* odd for men */
	snprintf(d, sizeof d, "4406%02d%04d%02d%02d%03d", county, year, month, day, seq % 1000);
	memcpy(out, d, 17);
	out[17] = pii_id_check_char(d);
	out[18] = '\0';
}

static int64_t find_person(struct db *db, struct err *e, int64_t region, int nth)
{
	int64_t id = 0;
	db_int(db, e, &id,
	       "SELECT p.id FROM people p JOIN regions g ON g.id=p.region_id JOIN regions c"
	       " ON c.id=? WHERE g.path >= c.path AND g.path < substr(c.path,1,length(c.path)-1)||'0'"
	       " AND p.is_volunteer=1 AND p.status='active' ORDER BY p.id LIMIT 1 OFFSET ?",
	       "ii", region, (int64_t)nth);
	return id;
}

/* ---- people ---- */

/* Ids read into v (its room given to registry_each). */
struct ids {
	int64_t *v;
	size_t n;
};

static int id_read(struct ctx *c, struct stmt *st, void *arg)
{
	(void)c;
	struct ids *ids = arg;
	ids->v[ids->n++] = col_int(st, 0);
	return 0;
}

/* The communities in id order (at most 64): what people and organisations are made for. */
struct community {
	int64_t id, town, registered, nonregistered;
	char name[64];
	bool rural;
};
struct communities {
	struct community v[64];
	size_t n;
};

static int community_read(struct ctx *c, struct stmt *st, void *arg)
{
	(void)c;
	struct communities *cs = arg;
	struct community *k = &cs->v[cs->n++];
	k->id = col_int(st, 0);
	snprintf(k->name, sizeof k->name, "%s", col_text(st, 1));
	k->rural = col_text(st, 2) && strcmp(col_text(st, 2), "rural") == 0;
	k->town = col_int(st, 3);
	k->registered = col_int(st, 4);
	k->nonregistered = col_int(st, 5);
	return 0;
}

static int communities(struct ctx *c, struct communities *cs)
{
	struct db *db = c->db;
	struct err *e = c->e;
	cs->n = 0;
	int rc = registry_each(c,
			       db_q(db, e,
				    "SELECT c.id, c.name, c.kind, c.parent_id, c.registered_pop, c.nonregistered_pop"
				    " FROM regions c WHERE c.level='community' ORDER BY c.id",
				    ""),
			       64, community_read, cs);
	return rc < 0 ? rc : 0;
}

static int demo_people(struct ctx *c)
{
	struct db *db = c->db;
	struct err *e = c->e;
	struct communities cs;
	int rc = communities(c, &cs);
	if (rc)
		return rc;
	int nc = (int)cs.n;
	static const char *const streets[] = {"环市北路", "府又路", "云路", "南国路", "凤山路",
					      "新桂路", "建设路", "民安路", "德民路", "东乐路"};
	for (int ci = 0; ci < nc; ci++) {
		int64_t grids[16];
		struct ids g = {grids, 0};
		if ((rc = registry_each(c,
					db_q(db, e, "SELECT id FROM regions WHERE parent_id=? AND level='grid' ORDER BY id",
					     "i", cs.v[ci].id),
					16, id_read, &g)) < 0)
			return rc;
		int ng = (int)g.n;
		int count = 220 + (int)rnd(120);
		int64_t reg = cs.v[ci].registered, non = cs.v[ci].nonregistered;
		int non_pct = (int)(non * 100 / (reg + non > 0 ? reg + non : 1));
		for (int i = 0; i < count; i++) {
			arena_reset(c->a); /* what the last person's writes allocated */
			char name[32], idn[19], mob[12], addr[96];
			snprintf(name, sizeof name, "%s%s%s", surnames[rnd(N(surnames))],
				 given1[rnd(N(given1))], rnd(5) ? given2[rnd(N(given2))] : "");
			bool male = rnd(2);
			int year = 1940 + (int)rnd(66), month = 1 + (int)rnd(12), day = 1 + (int)rnd(28);
			static const int counties[] = {6, 6, 6, 6, 4, 5, 7, 8};
			make_id(idn, year, month, day, male, counties[rnd(N(counties))]);
			snprintf(mob, sizeof mob, "%s%08u", mobile_prefixes[rnd(N(mobile_prefixes))],
				 rnd(100000000));
			snprintf(addr, sizeof addr, "%s%u号%u座%u房", streets[rnd(N(streets))], 1 + rnd(180),
				 1 + rnd(12), 101 + rnd(20) * 100 + rnd(6));
			struct registry_person_in in = {0};
			in.region_id = ng ? grids[rnd((uint32_t)ng)] : cs.v[ci].id;
			in.name = name;
			in.id_number = rnd(20) ? idn : NULL; /* a few without an ID on file */
			in.has_id_number = true;
			in.mobile = rnd(10) ? mob : NULL;
			in.has_mobile = true;
			in.household = (int)rnd(100) < non_pct ? "nonregistered" : "registered";
			in.address = addr;
			in.has_address = true;
			int age = 2026 - year;
			for (int f = 0; f < PF__COUNT; f++)
				in.has_flag[f] = true;
			in.flags[PF_RESIDENT] = rnd(25) != 0;
			in.flags[PF_VOLUNTEER] = rnd(100) < 18;
			in.flags[PF_PARTY_MEMBER] = age >= 22 && rnd(100) < 9;
			in.flags[PF_SOCIAL_WORKER] = age >= 22 && age < 60 && rnd(100) < 3;
			in.flags[PF_COMMUNITY_WORKER] = age >= 22 && age < 60 && rnd(100) < 2;
			in.flags[PF_BUILDING_LEADER] = age >= 30 && rnd(100) < 3;
			if (in.flags[PF_SOCIAL_WORKER]) {
				static const char *const lv[] = {"assistant", "assistant", "intermediate",
								 "intermediate", "senior"};
				in.sw_level = lv[rnd(N(lv))];
				in.has_sw_level = true;
			}
			if (rnd(40) == 0)
				in.status = "moved_out";
			int64_t pid = 0;
			/* Generated ID numbers may collide: draw another sequence number. */
			for (int t = 0; t < 8; t++) {
				rc = registry_person_create(c, &in, &pid);
				if (rc != ERR_CONFLICT)
					break;
				make_id(idn, year, month, day, male, 6);
			}
			if (rc)
				return rc;
			if (in.status)
				continue;
			/* Verified against the household roll or the residence permit. */
			if (in.id_number && rnd(100) < 35) {
				const char *m = strcmp(in.household, "registered") == 0 ? "household_roll"
				                                                        : (rnd(3) ? "residence_permit" : "in_person");
				if ((rc = registry_person_verify(c, pid,
							     &(struct registry_verify_in){m, "演示数据：入户核验"})))
					return rc;
			}
		}
	}
	return 0;
}

/* ---- organisations ---- */

static const char credit_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* A valid 社会组织 credit code (52 + 440606 + 9 + check) from a serial. */
static void make_credit(char out[19], int serial)
{
	static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
	char body[32];
	snprintf(body, sizeof body, "52440606MJ%07d", serial % 10000000);
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (int)(strchr(credit_alphabet, body[i]) - credit_alphabet) * w[i];
	memcpy(out, body, 17);
	out[17] = credit_alphabet[(31 - sum % 31) % 31];
	out[18] = '\0';
}

static int64_t org_by_name(struct db *db, const char *name, struct err *e)
{
	int64_t id = 0;
	int rc = db_int(db, e, &id, "SELECT id FROM organisations WHERE name=?", "s", name);
	return rc == 1 ? id : rc < 0 ? rc : 0;
}

static int mk_org(struct ctx *c, const char *name, const char *type, const char *domain,
		  int64_t region, int64_t town, int64_t ledger, const char *stage, int serial)
{
	int64_t have = org_by_name(c->db, name, c->e);
	if (have)
		return have < 0 ? (int)have : 0;
	char credit[19], mob[12];
	struct registry_org_in in = {0};
	in.region_id = region;
	in.name = name;
	in.org_type = type;
	in.domain = domain;
	bool registered = !stage || strcmp(stage, "registered") == 0;
	in.registration = registered ? "registered" : stage && !strcmp(stage, "filed") ? "filed" : "unregistered";
	if (registered) {
		make_credit(credit, serial);
		in.credit_code = credit;
		in.has_credit_code = true;
	}
	SET_IF(in, filed_town_id, town);
	SET_IF(in, ledger_community_id, ledger);
	SET_IF(in, incubation_stage, stage);
	static const char *const contacts[] = {"陈主任", "梁社工", "黄会长", "何秘书长", "罗队长", "李干事"};
	in.contact_name = contacts[rnd(N(contacts))];
	in.has_contact_name = true;
	snprintf(mob, sizeof mob, "1379%07u", rnd(10000000));
	in.contact_mobile = mob;
	in.has_contact_mobile = true;
	return registry_org_create(c, &in, NULL);
}

static int demo_orgs(struct ctx *c)
{
	struct db *db = c->db;
	struct err *e = c->e;
	int64_t daliang = region_find(db, "大良街道", e), longjiang = region_find(db, "龙江镇", e);
	int64_t beiqu = region_find(db, "北区社区", e), wenhua = region_find(db, "文华社区", e);
	int rc;
	if ((rc = mk_org(c, "顺德区启创社会工作服务中心", "social_work_agency", "community_building",
			 daliang, daliang, 0, NULL, 1001)) ||
	    (rc = mk_org(c, "龙江镇文华社区新市民之家服务社", "community_social_org", "new_residents",
			 wenhua, longjiang, wenhua, "registered", 1002)) ||
	    (rc = mk_org(c, "北区社区长者关爱协会", "community_social_org", "elderly", beiqu, daliang,
			 beiqu, "registered", 1003)) ||
	    (rc = mk_org(c, "顺德区德胜社会工作服务中心", "social_work_agency", "children", daliang,
			 daliang, 0, NULL, 1004)) ||
	    (rc = mk_org(c, "顺德区容桂社区慈善基金会", "foundation", "charity",
			 region_find(db, "容桂街道", e), region_find(db, "容桂街道", e), 0, NULL, 1005)))
		return rc;
	static const struct {
		const char *suffix, *domain;
	} kinds[] = {
		{"长者互助会", "elderly"}, {"粤曲社", "culture"}, {"亲子阅读会", "children"},
		{"环保志愿协会", "environment"}, {"邻里守望队", "safety"}, {"巾帼互助会", "women"},
		{"新市民融入服务社", "new_residents"}, {"青少年成长社", "youth"}, {"助残服务社", "disability"},
		{"健康促进会", "health"}, {"书画协会", "culture"}, {"法律服务社", "legal"},
		{"乡贤理事会", "community_building"}, {"舞蹈队", "culture"},
	};
	struct communities all;
	if ((rc = communities(c, &all)))
		return rc;
	int nc = (int)all.n;
	int serial = 2000;
	for (int ci = 0; ci < nc; ci++) {
		/* Targets: 10 per urban community, 3 per rural one; about a third fall short. */
		int target = all.v[ci].rural ? 3 : 10;
		int n = (ci % 3 == 0) ? target - 1 - (int)rnd((uint32_t)(all.v[ci].rural ? 2 : 4))
				     : target + (int)rnd(all.v[ci].rural ? 3 : 4);
		if (!strcmp(all.v[ci].name, "北区社区") || !strcmp(all.v[ci].name, "文华社区"))
			n = 13;
		for (int k = 0; k < n && k < N(kinds); k++) {
			char name[160];
			snprintf(name, sizeof name, "%s%s", all.v[ci].name, kinds[k].suffix);
			static const char *const stages[] = {"registered", "filed", "filed", "incubating"};
			const char *stage = stages[rnd(N(stages))];
			if ((rc = mk_org(c, name, "community_social_org", kinds[k].domain, all.v[ci].id,
					 all.v[ci].town, all.v[ci].id, stage, serial++)))
				return rc;
		}
	}
	return 0;
}

/* ---- teams ---- */

static int mk_team(struct ctx *c, int64_t region, int64_t parent, bool general,
		   const char *name, const char *domain, int64_t org, int64_t *id)
{
	int64_t have = 0;
	int rc = db_int(c->db, c->e, &have, "SELECT id FROM teams WHERE region_id=? AND name=?", "is", region, name);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		*id = have;
		return 0;
	}
	struct registry_team_in in = {0};
	in.region_id = region;
	in.name = name;
	in.domain = domain;
	in.is_general = general;
	in.has_is_general = true;
	SET_IF(in, parent_id, parent);
	SET_IF(in, organisation_id, org);
	return registry_team_create(c, &in, id);
}

static int add_members(struct ctx *c, int64_t community, int64_t team, int n, int offset)
{
	for (int i = 0; i < n; i++) {
		int64_t pid = find_person(c->db, c->e, community, offset + i);
		if (pid <= 0)
			break;
		int rc = registry_team_member_set(
			c, team,
			&(struct registry_team_member_in){pid, i == 0 ? "leader" : "member"});
		if (rc && rc != ERR_CONFLICT)
			return rc;
	}
	return 0;
}

static int demo_teams(struct ctx *c)
{
	struct db *db = c->db;
	struct err *e = c->e;
	static const struct {
		const char *name, *domain;
	} beiqu_teams[27] = {
		/* 居民服务类 */
		{"北区社区助老服务队", "elderly"}, {"北区社区环保服务队", "environment"},
		{"北区社区治安巡逻队", "safety"}, {"北区社区义剪服务队", "elderly"},
		{"北区社区家电维修队", "community_building"}, {"北区社区健康义诊队", "health"},
		{"北区社区垃圾分类督导队", "environment"}, {"北区社区亲子服务队", "children"},
		{"北区社区新市民服务队", "new_residents"},
		/* 文化传播类 */
		{"北区社区粤曲队", "culture"}, {"北区社区太极队", "health"}, {"北区社区书法队", "culture"},
		{"北区社区广场舞队", "culture"}, {"北区社区合唱队", "culture"}, {"北区社区摄影队", "culture"},
		{"北区社区读书会", "education"}, {"北区社区非遗传承队", "culture"},
		{"北区社区手工编织队", "culture"},
		/* 特色志愿类 */
		{"北区社区党员先锋队", "community_building"}, {"北区社区巾帼志愿队", "women"},
		{"北区社区青年志愿队", "youth"}, {"北区社区银龄志愿队", "elderly"},
		{"北区社区法律咨询队", "legal"}, {"北区社区心理关爱队", "health"},
		{"北区社区文明劝导队", "community_building"}, {"北区社区应急救援队", "safety"},
		{"北区社区助残服务队", "disability"},
	};
	int64_t beiqu = region_find(db, "北区社区", e);
	int64_t assoc = org_by_name(db, "北区社区长者关爱协会", e);
	int64_t general, id;
	int rc;
	if ((rc = mk_team(c, beiqu, 0, true, "北区社区志愿服务总队", "volunteer", 0, &general)) ||
	    (rc = add_members(c, beiqu, general, 6, 0)))
		return rc;
	for (int i = 0; i < 27; i++) {
		if ((rc = mk_team(c, beiqu, general, false, beiqu_teams[i].name, beiqu_teams[i].domain,
				  i == 0 ? assoc : 0, &id)) ||
		    (rc = add_members(c, beiqu, id, 3 + (int)rnd(5), (i * 2) % 40)))
			return rc;
	}
	static const char *const others[] = {"文华社区", "升平社区", "振华社区", "左滩村", "仓门社区", "林头社区"};
	static const struct {
		const char *suffix, *domain;
	} sub[] = {{"助老服务队", "elderly"}, {"环保服务队", "environment"}, {"新市民服务队", "new_residents"},
		   {"文体服务队", "culture"}};
	for (int ci = 0; ci < N(others); ci++) {
		int64_t cid = region_find(db, others[ci], e);
		char name[128];
		snprintf(name, sizeof name, "%s志愿服务总队", others[ci]);
		if ((rc = mk_team(c, cid, 0, true, name, "volunteer", 0, &general)) ||
		    (rc = add_members(c, cid, general, 4, 0)))
			return rc;
		for (int k = 0; k < N(sub); k++) {
			snprintf(name, sizeof name, "%s%s", others[ci], sub[k].suffix);
			if ((rc = mk_team(c, cid, general, false, name, sub[k].domain, 0, &id)) ||
			    (rc = add_members(c, cid, id, 4 + (int)rnd(4), 4 + k * 3)))
				return rc;
		}
	}
	return 0;
}

/* ---- facilities ---- */

static int demo_facilities(struct ctx *c)
{
	struct db *db = c->db;
	struct err *e = c->e;
	static const char *const places[] = {"北区社区", "文华社区", "升平社区", "振华社区", "左滩村",
					     "仓门社区", "龙江社区", "君兰社区"};
	static const struct {
		const char *suffix, *kind, *hours;
		int area;
		const char *rooms[4];
	} kinds[] = {
		{"党群服务中心", "party_service_center", "周一至周日 8:30-21:00", 680,
		 {"多功能活动室", "议事厅", "长者饭堂", "阅览室"}},
		{"社工站", "social_work_station", "周一至周五 9:00-18:00", 160, {"个案面谈室", "小组活动室", NULL, NULL}},
		{"V站", "v_station", "周一至周日 9:00-17:00", 40, {"志愿者服务台", NULL, NULL, NULL}},
	};
	for (int p = 0; p < N(places); p++) {
		int64_t cid = region_find(db, places[p], e);
		for (int k = 0; k < N(kinds); k++) {
			if (p >= 5 && k == 1)
				continue; /* not every community hosts a station */
			char name[128];
			snprintf(name, sizeof name, "%s%s", places[p], kinds[k].suffix);
			struct registry_facility_in in = {0};
			in.region_id = cid;
			in.name = name;
			in.kind = kinds[k].kind;
			in.area_m2 = kinds[k].area + (int)rnd(200);
			in.has_area_m2 = true;
			in.opening_hours = kinds[k].hours;
			in.has_opening_hours = true;
			int64_t fid;
			int rc = registry_facility_create(c, &in, &fid);
			if (rc)
				return rc;
			for (int r = 0; r < 4 && kinds[k].rooms[r]; r++) {
				struct registry_room_in room = {.name = kinds[k].rooms[r], .capacity = 10 + (int)rnd(50),
							   .has_capacity = true, .area_m2 = 20 + (int)rnd(80),
							   .has_area_m2 = true};
				if ((rc = registry_room_create(c, fid, &room, NULL)))
					return rc;
			}
		}
	}
	return 0;
}

int demo_registry(struct db *db, int64_t now, struct err *e)
{
	/* the system's context, with the arena registry logic allocates from */
	struct arena a;
	arena_init(&a, 0);
	struct ctx c = ctx_system(db, now, &a, e);
	int rc;
	if ((rc = demo_people(&c)) || (rc = demo_orgs(&c)) || (rc = demo_teams(&c)) || (rc = demo_facilities(&c)))
		goto done;
done:
	arena_free(&a);
	return rc;
}
