/*
 * demo_gov.c — demo data for the governance records: part-time
 * committee members of eight communities with a year of monthly
 * two-committee meetings (mostly attended, with some shortfalls and a
 * habitual absentee), community social organisations at every incubation
 * stage, brands (文华社区 新市民融入, 北区社区 长者关爱 after 邻里守望, 左滩村
 * 耨耕田 共耕, 升平社区 楼长共治), a published building-leader round for
 * 升平社区's 珠江小区 grid (fewer leaders than the 1:200 rule asks, so the
 * shortfall shows), residents of 星际半岛 ready for a new round, a
 * published round in 北区社区's 第一网格 and one being scored in 文华社区's
 * (so community staff find 楼长遴选 and 楼长公示 filled), and two
 * explicit organisation targets. Names are invented; the brands and the
 * 楼长 project follow the 2021 journal.
 *
 * Writes go through the module's own logic (actor NULL = system), so they
 * are validated and audited like any other; people and organisations,
 * which belong to the registry core, are inserted only when missing (by ID
 * number or name), so this runs before or after the core's demo.
 */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/pii.h"
#include "core/wtime.h"
#include "modules/region/region.h"
#include "modules/registry/registry_gov.h"
#include "store/store.h"

/* A region by name under a parent name ("升平社区/第一网格"): names repeat across communities. */
static int64_t child_region(struct db *db, const char *parent, const char *name, struct err *e)
{
	int64_t id = 0;
	if (db_int(db, e, &id,
		   "SELECT r.id FROM regions r JOIN regions p ON p.id=r.parent_id WHERE p.name=? AND r.name=?",
		   "ss", parent, name) < 0)
		return 0;
	return id;
}

/* A person (created when the ID number is new); birth "YYYYMMDD", n a small distinct number.
 * Another module's demo may already hold the same number for someone else: then the
 * next sequence number is tried, so a name is never attached to a stranger's record. */
static int person(struct db *db, int64_t region, const char *name, bool male, const char *birth,
		  int n, const char *household, int64_t now, int64_t *id, struct err *e)
{
	for (int attempt = 0; attempt < 8; attempt++) {
		char digits[32];
		/* sequence: odd for men, even for women (GB 11643) */
		int seq = 900 - n * 2 - attempt * 200 + (male ? 1 : 0);
		if (seq < 0)
			seq += 1000;
		snprintf(digits, sizeof digits, "440606%.8s%03d", birth, seq % 1000);
		digits[17] = pii_id_check_char(digits);
		digits[18] = 0;
		struct stmt *st = db_q(db, e, "SELECT id, name, region_id FROM people WHERE id_number=?", "s",
				       digits);
		if (!st)
			return e->code;
		int rc = stmt_step(st, e);
		bool mine = rc == 1 && strcmp(col_text(st, 1), name) == 0 && col_int(st, 2) == region;
		if (mine)
			*id = col_int(st, 0);
		stmt_done(st);
		if (rc < 0)
			return rc;
		if (mine)
			return 0;
		if (rc == 1)
			continue; /* someone else's number */
		char bd[11];
		snprintf(bd, sizeof bd, "%.4s-%.2s-%.2s", birth, birth + 4, birth + 6);
		rc = db_int(db, e, id,
			    "INSERT INTO people(region_id, name, gender, birth_date, id_number, household,"
			    " is_resident, created_at, updated_at) VALUES(?,?,?,?,?,?,1,?,?) RETURNING id",
			    "isssssii", region, name, male ? "male" : "female", bd, digits, household, now, now);
		return rc < 0 ? rc : 0;
	}
	return err_setf(e, ERR_CONFLICT, "id_number", "演示人员 %s 的身份证号均已被占用",
			"every ID number tried for demo person %s is taken", name);
}

static int org(struct db *db, int64_t region, int64_t ledger, const char *name, const char *type,
	       const char *domain, const char *stage, int64_t now, int64_t *id, struct err *e)
{
	const char *registration = !stage ? "registered"
				   : strcmp(stage, "registered") == 0 ? "registered"
				   : strcmp(stage, "filed") == 0      ? "filed"
								      : "unregistered";
	int rc = db_exec(db, e,
			 "INSERT INTO organisations(region_id, name, org_type, domain, registration,"
			 " ledger_community_id, incubation_stage, created_at, updated_at)"
			 " SELECT ?,?,?,?,?,NULLIF(?,0),?,?,? WHERE NOT EXISTS"
			 " (SELECT 1 FROM organisations WHERE name=?)",
			 "issssisiis", region, name, type, domain, registration, ledger, stage, now, now,
			 name);
	if (rc)
		return rc;
	int64_t tmp;
	rc = db_int(db, e, id ? id : &tmp, "SELECT id FROM organisations WHERE name=?", "s", name);
	return rc < 0 ? rc : 0;
}

struct demo_member {
	const char *name;
	bool male;
	const char *birth;
};
struct demo_committee {
	const char *community;
	struct demo_member m[4]; /* entrepreneur, social_worker, senior_advisor, nonregistered */
};

static const struct demo_committee committees[] = {
	{"北区社区", {{"梁志恒", 1, "19720815"}, {"何嘉欣", 0, "19890304"}, {"陈伯坚", 1, "19530611"}, {"李秀梅", 0, "19800127"}}},
	{"升平社区", {{"罗国栋", 1, "19750402"}, {"黄敏仪", 0, "19910719"}, {"吴锦添", 1, "19550923"}, {"王春燕", 0, "19830512"}}},
	{"文华社区", {{"周永健", 1, "19700130"}, {"邓慧玲", 0, "19880821"}, {"麦汉文", 1, "19520308"}, {"张小芳", 0, "19870615"}}},
	{"左滩村", {{"卢耀祖", 1, "19680911"}, {"区婉婷", 0, "19920205"}, {"何润林", 1, "19511116"}, {"刘建国", 1, "19790728"}}},
	{"振华社区", {{"苏志强", 1, "19730620"}, {"冯丽华", 0, "19900412"}, {"欧阳德", 1, "19540102"}, {"赵海燕", 0, "19850930"}}},
	{"君兰社区", {{"潘家明", 1, "19771005"}, {"谭雪莹", 0, "19930817"}, {"黎荣光", 1, "19560725"}, {"孙丽娟", 0, "19860219"}}},
	{"龙江社区", {{"关伟雄", 1, "19690317"}, {"梁嘉怡", 0, "19900603"}, {"杜炳坤", 1, "19530914"}, {"杨桂英", 0, "19820411"}}},
	{"仓门社区", {{"岑锦华", 1, "19740226"}, {"钟佩珊", 0, "19890110"}, {"霍旺根", 1, "19500518"}, {"马红梅", 0, "19840806"}}},
};

static int64_t at_shanghai(int y, int m, int d, int hour)
{
	return (wtime_days_from_civil(y, (unsigned)m, (unsigned)d) * 86400 + (hour - 8) * 3600) * WTIME_US;
}

static int demo_committees(struct ctx *cx)
{
	struct db *db = cx->db;
	int64_t now = cx->now;
	struct err *e = cx->e;
	char today[16];
	wtime_format_date(now, today, sizeof today);
	int cy = 0, cm = 0;
	if (sscanf(today, "%4d-%2d", &cy, &cm) != 2)
		return err_set(e, ERR_INTERNAL, "", "日期错误", "bad date");
	char start[32];
	snprintf(start, sizeof start, "%04d-01-01", cy - 2);
	static const char *const kinds[] = {"entrepreneur", "social_worker", "senior_advisor",
					    "nonregistered"};
	int rc = 0, n = 0;
	for (size_t c = 0; !rc && c < sizeof committees / sizeof committees[0]; c++) {
		int64_t cid = region_find(db, committees[c].community, e);
		int64_t members[4];
		for (int k = 0; !rc && k < 4; k++) {
			const struct demo_member *dm = &committees[c].m[k];
			int64_t pid;
			if ((rc = person(db, cid, dm->name, dm->male, dm->birth, ++n,
					 k == 3 ? "nonregistered" : "registered", now, &pid, e)))
				break;
			struct registry_member_in in = {.community_id = cid, .person_id = pid, .kind = kinds[k],
						   .term_start = start,
						   .note = k == 0 ? "民营企业家，挂任村（社区）兼职委员" : NULL};
			rc = registry_member_appoint(cx, &in, &members[k]);
		}
		/* Twelve months of meetings, the 10th at 15:00, up to this month. */
		for (int back = 11; !rc && back >= 0; back--) {
			int y = cy, m = cm - back;
			while (m <= 0) {
				m += 12;
				y--;
			}
			int64_t held = at_shanghai(y, m, 10, 15);
			if (held > now)
				continue;
			struct registry_attend att[4];
			for (int k = 0; k < 4; k++) {
				bool absent = (k * 7 + m * 3 + (int)c * 5) % 9 == 0;
				/* 振华社区's entrepreneur is a habitual absentee. */
				if (c == 4 && k == 0)
					absent = m % 3 != 0;
				att[k].member_id = members[k];
				att[k].present = !absent;
			}
			char title[64];
			snprintf(title, sizeof title, "%d年%d月“两委”联席会议", y, m);
			struct registry_meeting_in mi = {.community_id = cid, .held_at = held, .title = title,
						    .note = "兼职委员列席，讨论社区重点事项",
						    .attendance = {att, 4}};
			rc = registry_meeting_create(cx, &mi, NULL);
		}
	}
	return rc;
}

struct demo_org {
	const char *community, *name, *domain, *stage;
};
static const struct demo_org orgs[] = {
	{"北区社区", "北区社区长者关爱协会", "elderly", "registered"},
	{"北区社区", "北区社区书画艺术协会", "culture", "registered"},
	{"北区社区", "北区社区邻里互助会", "community_building", "filed"},
	{"北区社区", "北区社区粤曲社", "culture", "filed"},
	{"北区社区", "北区社区亲子成长营", "children", "filed"},
	{"北区社区", "北区社区环保志愿服务社", "environment", "filed"},
	{"北区社区", "北区社区健步行协会", "culture", "filed"},
	{"北区社区", "北区社区平安巡逻队", "safety", "filed"},
	{"北区社区", "北区社区调解之家", "legal", "incubating"},
	{"北区社区", "北区社区助残服务社", "disability", "incubating"},
	{"文华社区", "龙江镇文华社区新市民之家服务社", "new_residents", "filed"},
	{"文华社区", "文华社区新市民学堂", "new_residents", "incubating"},
	{"文华社区", "文华社区共享积分互助会", "community_building", "filed"},
	{"文华社区", "文华社区家具行业义工队", "community_building", "incubating"},
	{"文华社区", "文华社区四点半课堂服务社", "children", "registered"},
	{"左滩村", "左滩村耨耕田共耕会", "community_building", "filed"},
	{"左滩村", "左滩村乡贤理事会", "community_building", "registered"},
	{"左滩村", "左滩村醒狮队", "culture", "incubating"},
	{"升平社区", "升平社区珠江小区楼长自治小组", "community_building", "incubating"},
	{"升平社区", "升平社区青少年成长驿站", "children", "filed"},
	{"君兰社区", "君兰社区议事协商会", "community_building", "registered"},
};

static int demo_orgs(struct db *db, int64_t now, struct err *e)
{
	int64_t daliang = region_find(db, "大良街道", e);
	int rc = org(db, daliang, 0, "顺德区启创社会工作服务中心", "social_work_agency", "community", NULL,
		     now, NULL, e);
	for (size_t i = 0; !rc && i < sizeof orgs / sizeof orgs[0]; i++) {
		int64_t c = region_find(db, orgs[i].community, e);
		rc = org(db, c, c, orgs[i].name, "community_social_org", orgs[i].domain, orgs[i].stage, now,
			 NULL, e);
	}
	return rc;
}

static int brand(struct ctx *cx, const char *community, const char *name, const char *desc,
		 const char *goals, int year, const char *md, int64_t *id)
{
	char on[32];
	snprintf(on, sizeof on, "%04d-%s", year, md);
	struct registry_brand_in in = {.community_id = region_find(cx->db, community, cx->e), .name = name,
				  .description = desc, .goals = goals, .chosen_on = on,
				  .has_description = true, .has_goals = true};
	return registry_brand_choose(cx, &in, id);
}

static int progress(struct ctx *cx, int64_t brand_id, int year, const char *done, int percent,
		    const char *milestones)
{
	struct registry_progress_in in = {.year = year, .done = done, .percent = percent,
				     .has_percent = percent >= 0, .milestones_json = milestones};
	return registry_brand_progress_put(cx, brand_id, &in);
}

static int demo_brands(struct ctx *cx, int year)
{
	int64_t b;
	int rc;
	if ((rc = brand(cx, "文华社区", "新市民融入",
			"以“新市民融入工具包共享行动”为抓手，联动区新市民协会、镇综治办，帮助新市民了解社区公共服务与政策、融入社区生活。",
			"三年内新市民参与社区活动比例达到30%；每个住宅小区有新市民志愿服务骨干；工具包覆盖全部23个住宅小区。",
			year - 1, "03-01", &b)) ||
	    (rc = progress(cx, b, year - 1, "研发新市民融入工具包，开办新市民学堂12期，共享积分兑换上线。", 55,
			   "[\"工具包研发完成\",\"新市民学堂开班\",\"积分兑换上线\"]")) ||
	    (rc = progress(cx, b, year, "工具包共享行动覆盖18个小区，兑换工具包 420 个，组建新市民志愿服务队 6 支。", 78,
			   "[\"覆盖18个小区\",\"新市民志愿队6支\"]")))
		return rc;
	if ((rc = brand(cx, "北区社区", "邻里守望", "以楼道为单位开展邻里守望互助。",
			"每栋楼有守望联络人。", year - 3, "02-20", &b)) ||
	    (rc = progress(cx, b, year - 2, "建立楼道守望联络人 46 名。", 40, NULL)))
		return rc;
	if ((rc = brand(cx, "北区社区", "长者关爱",
			"依托北区社区长者关爱协会和27支志愿服务队，为独居、高龄长者提供探访、助餐、助医服务。",
			"独居长者每周探访一次；长者饭堂日均供餐 120 份；培育长者互助小组 5 个。", year - 1, "01-15", &b)) ||
	    (rc = progress(cx, b, year - 1, "组建助老服务队，建立独居长者台账 186 人，开展探访 2,300 人次。", 60,
			   "[\"独居长者台账\",\"助老服务队成立\"]")) ||
	    (rc = progress(cx, b, year, "长者饭堂开业，日均供餐 95 份；长者互助小组 3 个。", 72, NULL)))
		return rc;
	if ((rc = brand(cx, "左滩村", "耨耕田 共耕",
			"盘活闲置地改造为“耨耕田”，田主以社区公共服务置换使用权，收成分享给独居和孤寡老人。",
			"认领田地全部履行服务承诺；每年向独居长者派送蔬菜不少于 12 次；建立耨耕田议事规则。",
			year - 1, "04-10", &b)) ||
	    (rc = progress(cx, b, year - 1, "村“两委”联动社工搭建议事平台，完成田地分配、灌溉与奖罚细则。", -1,
			   "[\"闲置地开垦\",\"田地分配议事\",\"奖罚细则通过\"]")) ||
	    (rc = progress(cx, b, year, "田主履行公共服务 1,060 小时，派送蔬菜与斋菜 15 次。", 85, NULL)))
		return rc;
	if ((rc = brand(cx, "升平社区", "楼长共治·老小区新活力",
			"在珠江小区等老旧小区培育楼长队伍，推动“自己小区自己议”。",
			"楼长与户数比例不低于 1:200；每个老旧小区形成协商共治机制。", year - 1, "09-05", &b)) ||
	    (rc = progress(cx, b, year, "珠江小区楼长遴选公示，召开议事协商会议 3 次，服务 724 户。", 50, NULL)))
		return rc;
	return 0;
}

struct demo_cand {
	const char *building, *name;
	bool male;
	const char *birth;
	int s[5];          /* -1: not scored */
	bool chosen, party;
};

static const struct demo_cand zhujiang[] = {
	{"珠江小区1栋", "陈美玲", 0, "19660314", {92, 88, 85, 80, 95}, 1, 1},
	{"珠江小区1栋", "黄伟强", 1, "19580722", {75, 80, 70, 65, 60}, 0, 0},
	{"珠江小区2栋", "李淑贤", 0, "19620905", {88, 90, 82, 86, 90}, 1, 1},
	{"珠江小区2栋", "梁国雄", 1, "19710118", {70, 72, 68, 75, 55}, 0, 0},
	{"珠江小区3栋", "何志明", 1, "19600403", {85, 86, 90, 88, 80}, 1, 0},
	{"珠江小区3栋", "吴秀英", 0, "19640627", {80, 85, 75, 70, 90}, 1, 1},
	{"珠江小区4栋", "冯少华", 1, "19750809", {80, 85, 75, 70, 90}, 1, 0},
	{"珠江小区4栋", "张丽萍", 0, "19690211", {65, 70, 60, 72, 50}, 0, 0},
	{"珠江小区5栋", "林永康", 1, "19570930", {78, 82, 74, 69, 85}, 0, 1},
	{"珠江小区5栋", "谢玉珍", 0, "19630516", {72, 76, 80, 78, 70}, 0, 0},
	{"珠江小区6栋", "郭振华", 1, "19680724", {-1, -1, -1, -1, -1}, 0, 0},
	{"珠江小区6栋", "邱凤仪", 0, "19730103", {-1, -1, -1, -1, -1}, 0, 0},
};

static const struct demo_cand xingji[] = {
	{"星际半岛1栋", "邱梦思", 0, "19850612", {0}, 0, 1},
	{"星际半岛1栋", "蔡建平", 1, "19760321", {0}, 0, 0},
	{"星际半岛2栋", "彭晓燕", 0, "19880904", {0}, 0, 0},
	{"星际半岛2栋", "温志坚", 1, "19700817", {0}, 0, 1},
	{"星际半岛3栋", "叶淑芬", 0, "19650428", {0}, 0, 0},
	{"星际半岛3栋", "方浩然", 1, "19920115", {0}, 0, 0},
};

static int demo_leaders(struct ctx *cx, int year)
{
	struct db *db = cx->db;
	int64_t now = cx->now;
	struct err *e = cx->e;
	int64_t grid = child_region(db, "升平社区", "第一网格", e);
	if (!grid)
		return err_set(e, ERR_NOT_FOUND, "", "演示区域缺少升平社区第一网格", "demo grid missing");
	char title[64];
	snprintf(title, sizeof title, "珠江小区楼长遴选（%d年）", year);
	struct registry_round_in ri = {.compound_id = grid, .title = title, .has_weights = true,
				  .weights = {25, 25, 20, 10, 20}};
	int64_t round;
	int rc = registry_round_create(cx, &ri, &round);
	for (size_t i = 0; !rc && i < sizeof zhujiang / sizeof zhujiang[0]; i++) {
		const struct demo_cand *d = &zhujiang[i];
		int64_t b = region_find(db, d->building, e), pid, cid;
		if ((rc = person(db, b, d->name, d->male, d->birth, 40 + (int)i, "registered", now, &pid,
				 e)))
			break;
		if (d->party && (rc = db_exec(db, e, "UPDATE people SET is_party_member=1 WHERE id=?", "i",
					      pid)))
			break;
		if ((rc = registry_round_add_candidate(cx, round, pid, NULL, &cid)))
			break;
		if (d->s[0] >= 0) {
			int64_t s[5] = {d->s[0], d->s[1], d->s[2], d->s[3], d->s[4]};
			if ((rc = registry_round_score(cx, round, cid, s)))
				break;
		}
		if (d->chosen && (rc = registry_round_choose(cx, round, cid, true)))
			break;
	}
	struct registry_version_in v = {0};
	if (!rc && (rc = db_int(db, e, &v.version, "SELECT version FROM reg_leader_rounds WHERE id=?", "i",
				round)) >= 0)
		rc = registry_round_publish(cx, round, &v);
	for (size_t i = 0; !rc && i < sizeof xingji / sizeof xingji[0]; i++) {
		const struct demo_cand *d = &xingji[i];
		int64_t b = region_find(db, d->building, e), pid;
		if ((rc = person(db, b, d->name, d->male, d->birth, 60 + (int)i, "nonregistered", now,
				 &pid, e)))
			break;
		if (d->party)
			rc = db_exec(db, e, "UPDATE people SET is_party_member=1 WHERE id=?", "i", pid);
	}
	return rc;
}

/* The ids of up to n adult residents already living in grid (the core's
 * demo people), oldest record first; *got counts them. No person is added
 * here, so the ids the core's demo hands out later stay the same. */
static int grid_residents(struct db *db, int64_t grid, int64_t *ids, int n, int *got, struct err *e)
{
	struct stmt *st = db_q(db, e,
			       "SELECT id FROM people WHERE region_id=? AND birth_date BETWEEN '1950-01-01' AND"
			       " '1995-12-31' ORDER BY id LIMIT ?",
			       "ii", grid, (int64_t)n);
	if (!st)
		return e->code;
	int rc;
	*got = 0;
	while ((rc = stmt_step(st, e)) == 1 && *got < n)
		ids[(*got)++] = col_int(st, 0);
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

/* A round in community's 第一网格 with up to n of its residents as
 * candidates, each scored, the first `chosen` chosen; published when
 * publish is set (a 楼长公示 list), left as a draft otherwise (遴选 in
 * progress). Fewer chosen than the 1:200 rule asks, so the shortfall shows. */
static int demo_round(struct ctx *cx, const char *community, const char *title, int n, int chosen,
		      bool publish)
{
	struct db *db = cx->db;
	struct err *e = cx->e;
	int64_t grid = child_region(db, community, "第一网格", e), round, pids[16];
	int got = 0;
	if (!grid)
		return err_set(e, ERR_NOT_FOUND, "", "演示区域缺少第一网格", "demo grid missing");
	struct registry_round_in ri = {.compound_id = grid, .title = title, .has_weights = true,
				       .weights = {25, 25, 20, 10, 20}};
	int rc = grid_residents(db, grid, pids, n < 16 ? n : 16, &got, e);
	if (!rc)
		rc = registry_round_create(cx, &ri, &round);
	for (int i = 0; !rc && i < got; i++) {
		int64_t cid;
		int64_t sc[5] = {70 + (i * 7) % 25, 65 + (i * 11) % 30, 72, 68, 60 + (i * 13) % 35};
		if ((rc = registry_round_add_candidate(cx, round, pids[i], NULL, &cid)) ||
		    (rc = registry_round_score(cx, round, cid, sc)))
			break;
		if (i < chosen && (rc = registry_round_choose(cx, round, cid, true)))
			break;
	}
	struct registry_version_in v = {0};
	if (!rc && publish &&
	    (rc = db_int(db, e, &v.version, "SELECT version FROM reg_leader_rounds WHERE id=?", "i", round)) >= 0)
		rc = registry_round_publish(cx, round, &v);
	return rc < 0 ? rc : 0;
}

int demo_reg_gov(struct db *db, int64_t now, struct err *e)
{
	char today[16];
	wtime_format_date(now, today, sizeof today);
	int year = 0;
	if (sscanf(today, "%4d", &year) != 1)
		return err_set(e, ERR_INTERNAL, "", "日期错误", "bad date");
	struct arena a;
	arena_init(&a, 0);
	struct ctx cx = ctx_system(db, now, &a, e);
	struct registry_target_in wenhua = {12}, zuotan = {4};
	int rc;
	if (!(rc = demo_orgs(db, now, e)) && !(rc = demo_committees(&cx)) && !(rc = demo_brands(&cx, year)) &&
	    !(rc = demo_leaders(&cx, year)) &&
	    !(rc = demo_round(&cx, "北区社区", "北区第一网格楼长遴选", 9, 6, true)) &&
	    !(rc = demo_round(&cx, "文华社区", "文华第一网格楼长遴选", 5, 0, false)) &&
	    !(rc = registry_target_set(&cx, region_find(db, "文华社区", e), &wenhua)))
		rc = registry_target_set(&cx, region_find(db, "左滩村", e), &zuotan);
	arena_free(&a);
	return rc;
}
