/*
 * demo_exchange_dir.c — demo data for search, the HSDS export and space
 * for service (called from cmd_demo.c inside its transaction).
 *
 * The canonical providers of BRIEF.md are created only when missing (by
 * name), facilities and their rooms likewise; taxonomy terms only when
 * exchange_terms is empty and most services/demands only when exchange_services is
 * empty, so this works whether or not the registry's and the exchange
 * core's demos ran first. A few that the exchange core's demo has no
 * counterpart of (楼道路灯, 上门理发, 粤语课堂, public demands of 北区, 文华,
 * 升平 and 左滩村) are always added: search and HSDS tests rely on them. Spaces: 左滩村's 耨耕田 plots held by a resident,
 * a village organisation and a social-work agency, rooms in 北区社区 and
 * 文华社区, each with a year of monthly delivery logs (some months short,
 * some still unconfirmed) and upcoming bookings. Writes go through the
 * exchange_* logic as the district administrator, so they are audited.
 */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "modules/exchange/demo_dir.h"
#include "core/arena.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "modules/exchange/exchange_dir.h"
#include "modules/region/region.h"
#include "store/store.h"

static int64_t region_id(struct db *db, const char *name, struct err *e)
{
	return region_find(db, name, e);
}

/* Insert an organisation unless one with this name exists (then only give
 * it this address if it has none); returns its id. lat/lon 0 = unknown (NULL). */
static int org(struct db *db, const char *name, const char *type, const char *region,
	       const char *address, double lat, double lon, const char *desc, int64_t now,
	       int64_t *id, struct err *e)
{
	int rc = db_exec(db, e,
			 "INSERT INTO organisations(region_id, name, org_type, registration, address, latitude,"
			 " longitude, description, ledger_community_id, created_at, updated_at)"
			 " SELECT ?, ?, ?, 'registered', ?, NULLIF(?, 0.0), NULLIF(?, 0.0), ?, ?, ?, ?"
			 " WHERE NOT EXISTS (SELECT 1 FROM organisations WHERE name=?)",
			 "isssddsiiis", region_id(db, region, e), name, type, address, lat, lon, desc,
			 region_id(db, region, e), now, now, name);
	/* the registry's demo may have made it without an address: the directory needs one */
	if (!rc && address)
		rc = db_exec(db, e,
			     "UPDATE organisations SET address=?, latitude=NULLIF(?, 0.0), longitude=NULLIF(?, 0.0)"
			     " WHERE name=? AND address IS NULL AND latitude IS NULL",
			     "sdds", address, lat, lon, name);
	if (rc)
		return rc;
	return db_int(db, e, id, "SELECT id FROM organisations WHERE name=? ORDER BY id LIMIT 1", "s",
		      name) == 1 ? 0 : ERR_STORE;
}

/* The id of table's row called name in region rid (just made or already there). */
static int id_of(struct db *db, const char *table, int64_t rid, const char *name, int64_t *id,
		 struct err *e)
{
	struct sb q = SB_INIT;
	sb_addf(&q, "SELECT id FROM %s WHERE region_id=? AND name=? ORDER BY id LIMIT 1", table);
	int rc = db_int(db, e, id, sb_str(&q), "is", rid, name);
	sb_free(&q);
	return rc == 1 ? 0 : rc < 0 ? rc : err_setf(e, ERR_STORE, "", "演示数据缺失：%s", "demo row missing: %s", name);
}

static int team(struct db *db, const char *name, const char *region, int64_t parent, bool general,
		const char *domain, int64_t now, int64_t *id, struct err *e)
{
	int64_t rid = region_id(db, region, e);
	int rc = db_exec(db, e,
			 "INSERT INTO teams(region_id, parent_id, is_general, name, domain, created_at, updated_at)"
			 " SELECT ?, NULLIF(?,0), ?, ?, ?, ?, ?"
			 " WHERE NOT EXISTS (SELECT 1 FROM teams WHERE region_id=? AND name=?)",
			 "iiissiiis", rid, parent, (int64_t)general, name, domain, now, now, rid, name);
	return rc ? rc : id_of(db, "teams", rid, name, id, e);
}

static int person(struct db *db, const char *name, const char *region, const char *gender,
		  bool social_worker, int64_t now, int64_t *id, struct err *e)
{
	int64_t rid = region_id(db, region, e);
	int rc = db_exec(db, e,
			 "INSERT INTO people(region_id, name, gender, is_social_worker, is_volunteer, created_at,"
			 " updated_at) SELECT ?, ?, ?, ?, 1, ?, ?"
			 " WHERE NOT EXISTS (SELECT 1 FROM people WHERE region_id=? AND name=?)",
			 "issiiiis", rid, name, gender, (int64_t)social_worker, now, now, rid, name);
	return rc ? rc : id_of(db, "people", rid, name, id, e);
}

static int facility(struct db *db, const char *name, const char *region, const char *kind,
		    const char *address, double lat, double lon, int64_t now, int64_t *id,
		    struct err *e)
{
	int64_t rid = region_id(db, region, e);
	int rc = db_exec(db, e,
			 "INSERT INTO facilities(region_id, name, kind, address, latitude, longitude,"
			 " opening_hours, created_at, updated_at)"
			 " SELECT ?, ?, ?, ?, ?, ?, '周一至周六 08:30–21:00', ?, ?"
			 " WHERE NOT EXISTS (SELECT 1 FROM facilities WHERE region_id=? AND name=?)",
			 "isssddiiis", rid, name, kind, address, lat, lon, now, now, rid, name);
	return rc ? rc : id_of(db, "facilities", rid, name, id, e);
}

static int room(struct db *db, int64_t fac, const char *name, int64_t capacity, int64_t area,
		int64_t *id, struct err *e)
{
	int rc = db_exec(db, e,
			 "INSERT INTO facility_rooms(facility_id, name, capacity, area_m2) VALUES(?,?,?,?)"
			 " ON CONFLICT(facility_id, name) DO NOTHING",
			 "isii", fac, name, capacity, area);
	if (rc)
		return rc;
	return db_int(db, e, id, "SELECT id FROM facility_rooms WHERE facility_id=? AND name=?", "is", fac,
		      name) == 1
		       ? 0
		       : ERR_STORE;
}

/* ---------- taxonomy, services, demands (only into empty tables) ---------- */

static const struct {
	const char *code, *parent, *name, *name_en;
} terms[] = {
	{"elderly", NULL, "长者服务", "Services for older people"},
	{"elderly.visit", "elderly", "探访陪伴", "Home visits and companionship"},
	{"elderly.meal", "elderly", "助餐配餐", "Meals and meal delivery"},
	{"elderly.care", "elderly", "生活照料", "Personal care"},
	{"children", NULL, "儿童青少年", "Children and youth"},
	{"children.tutoring", "children", "课业辅导", "Homework help"},
	{"children.afterschool", "children", "四点半课堂", "After-school care"},
	{"community", NULL, "社区公共事务", "Community affairs"},
	{"community.repair", "community", "维修（路灯、水电）", "Repairs (street lights, utilities)"},
	{"community.environment", "community", "环境整治", "Environment and cleaning"},
	{"legal", NULL, "法律服务", "Legal services"},
	{"legal.consult", "legal", "法律咨询", "Legal advice"},
	{"new_resident", NULL, "新市民服务", "Services for new residents"},
	{"new_resident.integration", "new_resident", "融入与政策咨询", "Integration and policy advice"},
	{"psych", NULL, "心理健康", "Mental health"},
	{"psych.counselling", "psych", "心理疏导", "Counselling"},
};

static int seed_terms(struct db *db, int64_t now, struct err *e)
{
	int64_t n = 0;
	int rc = db_int(db, e, &n, "SELECT count(*) FROM xchg_terms", "");
	if (rc < 0 || n > 0)
		return rc < 0 ? rc : 0;
	for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++) {
		rc = db_exec(db, e,
			     "INSERT INTO xchg_terms(parent_id, code, name, name_en, sort_order, created_at, updated_at)"
			     " VALUES((SELECT id FROM xchg_terms WHERE code=?), ?, ?, ?, ?, ?, ?)",
			     "ssssiii", terms[i].parent, terms[i].code, terms[i].name, terms[i].name_en,
			     (int64_t)i, now, now);
		if (rc)
			return rc;
	}
	return 0;
}

struct svc {
	const char *provider;  /* organisation or team name, or a person's name */
	char kind;             /* o organisation, t team, p professional */
	const char *region, *name, *desc, *skills, *term, *cost, *phone;
	int64_t price, mask, capacity;
	bool always;           /* also when the exchange core's demo filled the tables */
};

/* schedule_mask: bit d*3+p (d 0=Mon, p 0 am, 1 pm, 2 eve) */
#define AM(d) (1LL << ((d) * 3))
#define PM(d) (1LL << ((d) * 3 + 1))
#define EVE(d) (1LL << ((d) * 3 + 2))

static const struct svc services[] = {
	{"顺德区启创社会工作服务中心", 'o', "北区社区", "独居长者上门探访",
	 "社工与志愿者每周上门探访独居、空巢长者，了解身体与生活状况，链接养老服务资源。",
	 "探访,陪伴,长者沟通", "elderly.visit", "free", "0757-22201234", 0, AM(1) | AM(3), 20, false},
	{"顺德区启创社会工作服务中心", 'o', "升平社区", "长者心理疏导小组",
	 "面向丧偶、独居长者的情绪支持小组，每月四节，由中级社工师带领。", "心理疏导,小组工作",
	 "psych.counselling", "free", "0757-22201234", 0, PM(2), 12, false},
	{"顺德区启创社会工作服务中心", 'o', "近良社区", "社区儿童四点半课堂",
	 "放学后为双职工家庭儿童提供作业辅导与安全看护。", "课业辅导,儿童看护",
	 "children.afterschool", "low_cost", "0757-22201234", 500, PM(0) | PM(1) | PM(2) | PM(3) | PM(4), 40, false},
	{"北区社区长者关爱协会", 'o', "北区社区", "长者饭堂助餐配送",
	 "为 80 岁以上及行动不便长者配送午餐，社区养老服务的基础项目。", "配餐,送餐",
	 "elderly.meal", "low_cost", "0757-22380011", 1200, AM(0) | AM(1) | AM(2) | AM(3) | AM(4), 150, false},
	{"北区社区长者关爱协会", 'o', "北区社区", "长者上门理发",
	 "居家养老上门服务：每月一次为卧床、失能长者上门理发、修剪指甲。", "理发,生活照料", "elderly.care", "free",
	 "0757-22380011", 0, AM(5), 15, true},
	{"北区社区助老服务队", 't', "北区社区", "助老陪诊",
	 "志愿者陪同长者到区医院复诊、取药，协助挂号缴费。", "陪诊,长者沟通", "elderly.visit", "free",
	 "0757-22380012", 0, AM(0) | AM(2) | AM(4), 10, false},
	{"北区社区助老服务队", 't', "北区社区", "楼道路灯巡查报修",
	 "每周巡查楼道、小区路灯与消防通道，发现损坏即报物业维修。", "路灯,电工,巡查",
	 "community.repair|hardship.repair", "free", "0757-22380012", 0, EVE(1) | EVE(3), 5, true},
	{"北区社区志愿服务总队", 't', "北区社区", "社区环境清洁日",
	 "每月第一个周六组织居民清理卫生死角、张贴垃圾分类指引。", "清洁,垃圾分类",
	 "community.environment", "free", NULL, 0, AM(5), 60, false},
	{"龙江镇文华社区新市民之家服务社", 'o', "文华社区", "新市民子女课后托管",
	 "为新市民家庭儿童提供课后托管、作业辅导和亲子阅读。", "课业辅导,儿童看护,阅读",
	 "children.tutoring", "low_cost", "0757-23367788", 800, PM(0) | PM(1) | PM(2) | PM(3) | PM(4), 60, false},
	{"龙江镇文华社区新市民之家服务社", 'o', "文华社区", "新市民政策咨询与积分入学指导",
	 "解答居住证、积分入学、社保转移等政策问题，协助准备材料。", "政策咨询,积分入学",
	 "new_resident.integration", "free", "0757-23367788", 0, EVE(1) | AM(5), 30, false},
	{"龙江镇文华社区新市民之家服务社", 'o', "文华社区", "粤语与本地生活课堂",
	 "面向新市民的粤语入门、本地生活常识与家具行业职业技能分享。", "粤语,培训",
	 "new_resident.integration|new_resident.social", "free", "0757-23367788", 0, EVE(3), 40, true},
	{"陈志明", 'p', "文华社区", "一村居一法律顾问：法律咨询",
	 "执业律师每月两次驻点，提供劳动纠纷、婚姻家庭、租赁合同等法律咨询。", "法律咨询,劳动纠纷",
	 "legal.consult", "free", "13922334455", 0, PM(2), 8, false},
};

static const struct {
	const char *region, *title, *desc, *skills, *term, *group, *privacy, *urgency, *benef;
	bool always; /* also when the exchange core's demo filled the tables */
} demands[] = {
	{"北区社区", "独居老人每周探访", "北区社区第三网格 86 岁独居老人，希望每周有人上门探访、聊天。",
	 "探访,陪伴", "elderly.visit", "elderly", "public", "normal", NULL, false},
	{"北区社区", "楼道路灯损坏需维修", "12 栋 3–6 楼楼道路灯损坏，夜间老人上下楼不便。", "路灯,电工",
	 "community.repair|hardship.repair", "general", "public", "high", NULL, true},
	{"文华社区", "暑期儿童托管需求", "新市民双职工家庭暑期无人看护儿童，需要日间托管。", "儿童看护",
	 "children.afterschool|children.care", "new_resident", "public", "normal", NULL, true},
	{"文华社区", "新市民子女入学咨询", "孩子明年上小学，不了解积分入学政策。", "政策咨询",
	 "new_resident.integration", "new_resident", "private", "normal", "李秀英", false},
	{"升平社区", "社区养老服务需求调查协助", "需要志愿者协助入户发放养老服务需求问卷 350 份。",
	 "问卷调查,入户", "elderly", "elderly", "public", "low", NULL, true},
	{"左滩村", "耨耕田亲子农耕体验志愿者", "周末亲子农耕课需要 4 名懂种植的志愿者带领儿童。",
	 "种植,儿童活动", "children", "children", "public", "normal", NULL, true},
	{"振华社区", "残疾人康复陪护", "一名肢体残疾居民需要每周两次陪同康复训练。", "陪护,康复",
	 "elderly.care", "disabled", "private", "high", "周建华", false},
};

/* Link a record to the first term of "a|b|…" that exists: this demo's own
 * taxonomy or the exchange core's (migration 032), whichever is there. */
static int link_term(struct db *db, const char *table, const char *fk, int64_t id, const char *codes,
		     struct err *e)
{
	struct sb sql = SB_INIT;
	int rc = 0;
	sb_addf(&sql, "INSERT INTO %s(%s, term_id) SELECT ?, id FROM xchg_terms WHERE code=?", table, fk);
	for (const char *p = codes; *p && !rc;) {
		size_t n = strcspn(p, "|");
		char code[64];
		snprintf(code, sizeof code, "%.*s", (int)n, p);
		int64_t found = 0;
		if ((rc = db_int(db, e, &found, "SELECT count(*) FROM xchg_terms WHERE code=?", "s", code)) < 0)
			break;
		rc = 0;
		if (found) {
			rc = db_exec(db, e, sb_str(&sql), "is", id, code);
			break;
		}
		p += n;
		if (*p == '|')
			p++;
	}
	sb_free(&sql);
	return rc;
}

static int seed_services(struct db *db, int64_t admin, int64_t now, struct err *e)
{
	int64_t n = 0;
	int rc = db_int(db, e, &n, "SELECT count(*) FROM xchg_services", "");
	if (rc < 0)
		return rc;
	bool empty = n == 0;
	for (size_t i = 0; i < sizeof services / sizeof services[0]; i++) {
		const struct svc *s = &services[i];
		if (!empty && !s->always)
			continue;
		int64_t rid = region_id(db, s->region, e), pid = 0, sid = 0;
		const char *kind = s->kind == 'o' ? "organisation" : s->kind == 't' ? "team" : "professional";
		if (s->kind == 'o')
			rc = db_int(db, e, &pid, "SELECT id FROM organisations WHERE name=?", "s", s->provider);
		else if (s->kind == 't')
			rc = db_int(db, e, &pid, "SELECT id FROM teams WHERE name=?", "s", s->provider);
		else
			rc = db_int(db, e, &pid, "SELECT id FROM people WHERE name=?", "s", s->provider);
		if (rc != 1)
			return rc < 0 ? rc : err_setf(e, ERR_STORE, "", "演示服务提供方缺失：%s", "demo provider missing: %s", s->provider);
		if ((rc = db_int(db, e, &sid,
				 "INSERT INTO xchg_services(region_id, organisation_id, team_id, person_id,"
				 " provider_kind, name, description, schedule_mask, capacity_per_week, skills,"
				 " cost_kind, price_fen, contact_phone, created_at, updated_at)"
				 " VALUES(?,NULLIF(?,0),NULLIF(?,0),NULLIF(?,0),?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
				 "iiiisssiissisii", rid, s->kind == 'o' ? pid : 0, s->kind == 't' ? pid : 0,
				 s->kind == 'p' ? pid : 0, kind, s->name, s->desc, s->mask, s->capacity, s->skills,
				 s->cost, s->price, s->phone, now, now)) < 0)
			return rc;
		if ((rc = link_term(db, "xchg_service_terms", "service_id", sid, s->term, e)))
			return rc;
		/* the lawyer and the agency serve whole towns */
		if (s->kind == 'p' &&
		    (rc = db_exec(db, e, "INSERT INTO xchg_service_regions(service_id, region_id) VALUES(?,?)", "ii",
				  sid, region_id(db, "龙江镇", e))))
			return rc;
	}
	for (size_t i = 0; i < sizeof demands / sizeof demands[0]; i++) {
		int64_t did = 0;
		if (!empty && !demands[i].always)
			continue;
		if ((rc = db_int(db, e, &did,
				 "INSERT INTO xchg_demands(region_id, title, description, source, posted_by,"
				 " beneficiary_name, beneficiary_group, privacy, skills, urgency, created_at,"
				 " updated_at) VALUES(?,?,?,'community_staff',?,?,?,?,?,?,?,?) RETURNING id",
				 "ississsssii", region_id(db, demands[i].region, e), demands[i].title,
				 demands[i].desc, admin, demands[i].benef, demands[i].group, demands[i].privacy,
				 demands[i].skills, demands[i].urgency, now, now)) < 0)
			return rc;
		if ((rc = link_term(db, "xchg_demand_terms", "demand_id", did, demands[i].term, e)))
			return rc;
	}
	return 0;
}

/* ---------- space for service ---------- */

struct demo_agreement {
	const char *region, *space, *kind, *facility, *room, *desc;
	int64_t area;
	const char *holder;      /* NULL = no agreement */
	char holder_kind;        /* o organisation, p person */
	int start_back, end_ahead;  /* months relative to the current month */
	int64_t rent_fen, hours;
	const char *what, *whom;
	int pattern;             /* which delivery pattern (percent of owed per month) */
};

/* Percent of the hours owed delivered in successive months; 0 = nothing logged. */
static const int patterns[3][12] = {
	{100, 100, 75, 100, 120, 0, 100, 100, 50, 100, 100, 100},   /* a resident: some short months */
	{100, 110, 100, 100, 100, 125, 100, 100, 100, 100, 100, 100}, /* always delivers */
	{100, 80, 100, 60, 100, 100, 100, 0, 100, 100, 90, 100},    /* an agency with gaps */
};

static const struct demo_agreement spaces[] = {
	{"左滩村", "耨耕田一号地", "plot", NULL, NULL, "村东耨耕田，约 200 平方米，可种蔬菜瓜果，收成归持有人。", 200,
	 "黄志强", 'p', 12, 0, 0, 4, "为村内独居长者送自种蔬菜并帮忙打理菜园", "左滩村独居长者", 0},
	{"左滩村", "耨耕田二号地", "plot", NULL, NULL, "村东耨耕田，约 300 平方米，靠近灌溉渠。", 300,
	 "左滩村耨耕田农耕互助社", 'o', 12, 0, 0, 8, "每月两次亲子农耕体验课", "村内儿童及家长", 1},
	{"左滩村", "耨耕田三号地", "plot", NULL, NULL, "村东耨耕田，约 250 平方米，设工具棚。", 250,
	 "顺德区启创社会工作服务中心", 'o', 12, 0, 5000, 6, "长者园艺治疗小组", "左滩村长者", 2},
	{"左滩村", "耨耕田四号地", "plot", NULL, NULL, "村东耨耕田，约 180 平方米，待出借。", 180, NULL, 0, 0, 0, 0, 0,
	 NULL, NULL, 0},
	{"北区社区", "党群服务中心多功能活动厅", "hall", "北区社区党群服务中心", "多功能活动室",
	 "可容纳 80 人，配投影与音响，适合讲座、文娱活动。", 160, "北区社区长者关爱协会", 'o', 8, 4, 0, 12,
	 "每周长者健康讲座与文娱活动", "北区社区长者", 1},
	{"文华社区", "新市民之家活动室", "room", "文华社区党群服务中心", "新市民之家活动室",
	 "二楼活动室，40 个座位，配书架与儿童桌椅。", 90, "龙江镇文华社区新市民之家服务社", 'o', 12, 0, 0, 20,
	 "新市民子女课后托管与亲子阅读", "新市民家庭儿童", 2},
	{"升平社区", "珠江小区架空层", "other", NULL, NULL, "小区 3 栋架空层，约 120 平方米，可作居民议事与活动场所。", 120,
	 NULL, 0, 0, 0, 0, 0, NULL, NULL, 0},
};

static int seed_spaces(struct ctx *cx)
{
	struct db *db = cx->db;
	struct err *e = cx->e;
	int64_t now = cx->now;
	int rc;
	int64_t fac = 0, rm = 0, oid = 0, pid = 0;
	char cur[8];
	exchange_month_of(now, cur);
	int c = exchange_month_index(cur);
	/* facilities with rooms (kept if the registry's demo made them already;
	 * 北区's hall is the registry's 多功能活动室, not a second room) */
	if ((rc = facility(db, "北区社区党群服务中心", "北区社区", "party_service_center", "大良街道北区社区云路 8 号",
			   22.8401, 113.2512, now, &fac, e)) ||
	    (rc = room(db, fac, "多功能活动室", 80, 160, &rm, e)) ||
	    (rc = facility(db, "文华社区党群服务中心", "文华社区", "party_service_center", "龙江镇文华社区文华路 18 号",
			   22.8852, 113.0853, now, &fac, e)) ||
	    (rc = room(db, fac, "新市民之家活动室", 40, 90, &rm, e)) ||
	    (rc = facility(db, "左滩村党群服务中心", "左滩村", "party_service_center", "龙江镇左滩村委会",
			   22.8611, 113.0542, now, &fac, e)) ||
	    (rc = facility(db, "升平社区党群服务中心", "升平社区", "party_service_center", "大良街道升平社区环城路 12 号",
			   22.8398, 113.2601, now, &fac, e)))
		return rc;
	if ((rc = org(db, "左滩村耨耕田农耕互助社", "community_social_org", "左滩村", NULL, 0, 0,
		      "左滩村村民自发成立的农耕互助组织，耕种耨耕田并开展亲子农耕教育。", now, &oid, e)) ||
	    (rc = person(db, "黄志强", "左滩村", "male", false, now, &pid, e)))
		return rc;
	for (size_t i = 0; i < sizeof spaces / sizeof spaces[0]; i++) {
		const struct demo_agreement *d = &spaces[i];
		struct exchange_space_in si = {.region_id = region_id(db, d->region, e), .name = d->space,
					   .kind = d->kind, .description = d->desc, .area_m2 = d->area,
					   .has_area = true, .has_description = true};
		if (d->room) {
			int64_t fid = 0;
			if ((rc = db_int(db, e, &fid, "SELECT fr.id FROM facility_rooms fr JOIN facilities f"
						      " ON f.id=fr.facility_id WHERE f.name=? AND fr.name=?",
					 "ss", d->facility, d->room)) < 0)
				return rc;
			si.facility_room_id = fid;
			si.has_room = fid != 0;
		}
		int64_t space = 0, agr = 0;
		if ((rc = exchange_space_create(cx, &si, &space)))
			return rc;
		if (!d->holder)
			continue;
		char start[8], end[8];
		exchange_month_format(c - d->start_back, start);
		exchange_month_format(c + d->end_ahead, end);
		struct exchange_agreement_in ai = {.space_id = space, .start_month = start, .end_month = end,
					       .rent_fen = d->rent_fen, .hours_per_month = d->hours,
					       .service_what = d->what, .service_for_whom = d->whom};
		int64_t hid = 0;
		if (d->holder_kind == 'p')
			rc = db_int(db, e, &hid, "SELECT id FROM people WHERE name=? ORDER BY id LIMIT 1", "s", d->holder);
		else
			rc = db_int(db, e, &hid, "SELECT id FROM organisations WHERE name=? ORDER BY id LIMIT 1", "s",
				    d->holder);
		if (rc != 1)
			return rc < 0 ? rc : err_setf(e, ERR_STORE, "", "演示持有方缺失：%s", "demo holder missing: %s", d->holder);
		if (d->holder_kind == 'p')
			ai.person_id = hid;
		else
			ai.organisation_id = hid;
		if ((rc = exchange_agreement_create(cx, &ai, &agr)))
			return rc;
		/* monthly logs for every month before the current one; the last is left unconfirmed */
		for (int m = 0; m < d->start_back; m++) {
			int pct = patterns[d->pattern][(12 - d->start_back + m) % 12];
			if (!pct)
				continue;
			char month[8];
			exchange_month_format(c - d->start_back + m, month);
			struct exchange_delivery_in di = {.month = month, .minutes = d->hours * 60 * pct / 100,
						      .what = d->what, .beneficiaries = 6 + (m * 7) % 11};
			int64_t did = 0;
			if ((rc = exchange_delivery_log(cx, agr, &di, &did)))
				return rc;
			if (m + 1 < d->start_back && (rc = exchange_delivery_confirm(cx, did)))
				return rc;
		}
	}
	/* upcoming bookings, in Shanghai days */
	const int64_t day = 24LL * 3600 * WTIME_US, hour = 3600LL * WTIME_US;
	int64_t today = (now + WTIME_SHANGHAI_OFFSET_S * WTIME_US) / day * day - WTIME_SHANGHAI_OFFSET_S * WTIME_US;
	static const struct {
		const char *space, *title, *organiser;
		int days, from_h, to_h;
	} bookings[] = {
		{"党群服务中心多功能活动厅", "长者健康讲座：高血压防治", "北区社区长者关爱协会", 1, 9, 11},
		{"党群服务中心多功能活动厅", "亲子手工坊", "北区社区志愿服务总队", 2, 14, 16},
		{"党群服务中心多功能活动厅", "居民议事会", "北区社区居委会", 3, 19, 21},
		{"新市民之家活动室", "新市民粤语课堂", "龙江镇文华社区新市民之家服务社", 3, 19, 21},
		{"耨耕田四号地", "周末亲子农耕体验", "左滩村耨耕田农耕互助社", 5, 9, 12},
	};
	for (size_t i = 0; i < sizeof bookings / sizeof bookings[0]; i++) {
		int64_t sid = 0;
		if ((rc = db_int(db, e, &sid, "SELECT id FROM xchg_spaces WHERE name=?", "s", bookings[i].space)) < 0)
			return rc;
		struct exchange_booking_in b = {.space_id = sid, .title = bookings[i].title,
					    .organiser = bookings[i].organiser,
					    .start_at = today + bookings[i].days * day + bookings[i].from_h * hour,
					    .end_at = today + bookings[i].days * day + bookings[i].to_h * hour};
		if ((rc = exchange_booking_create(cx, &b, NULL)))
			return rc;
	}
	return 0;
}

int demo_exchange_dir(struct db *db, int64_t now, struct err *e)
{
	int64_t admin_id = 0, id;
	int rc = db_int(db, e, &admin_id, "SELECT id FROM users WHERE username='admin'", "");
	if (rc != 1)
		return rc < 0 ? rc : err_set(e, ERR_STORE, "", "缺少 admin 账号", "the admin account is missing");
	struct arena a;
	arena_init(&a, 4096);
	struct principal admin;
	if ((rc = auth_load_principal(db, &a, admin_id, &admin, e)))
		goto done;
	/* the canonical providers (BRIEF.md) */
	int64_t general = 0;
	if ((rc = org(db, "顺德区启创社会工作服务中心", "social_work_agency", "大良街道", "大良街道德和路 33 号启创大厦 3 楼",
		      22.8405, 113.2488, "顺德区专业社会工作服务机构，承接多个镇街社工站与长者、儿童、家庭服务项目。", now, &id, e)) ||
	    (rc = org(db, "龙江镇文华社区新市民之家服务社", "community_social_org", "文华社区", "龙江镇文华社区文华路 18 号二楼",
		      22.8852, 113.0853, "服务文华社区五万多名新市民：子女托管、政策咨询、融入活动。", now, &id, e)) ||
	    (rc = org(db, "北区社区长者关爱协会", "community_social_org", "北区社区", "大良街道北区社区云路 8 号",
		      22.8401, 113.2512, "北区社区长者互助组织，运营长者饭堂与上门关爱服务。", now, &id, e)) ||
	    (rc = team(db, "北区社区志愿服务总队", "北区社区", 0, true, "other", now, &general, e)) ||
	    (rc = team(db, "北区社区助老服务队", "北区社区", general, false, "elderly", now, &id, e)) ||
	    (rc = person(db, "陈志明", "文华社区", "male", false, now, &id, e)))
		goto done;
	struct ctx c = ctx_system(db, now, &a, e);
	c.who = &admin; /* the demo acts as its administrator, so its writes are audited as such */
	if ((rc = seed_terms(db, now, e)) || (rc = seed_services(db, admin_id, now, e)) ||
	    (rc = seed_spaces(&c)))
		goto done;
done:
	arena_free(&a);
	return rc;
}
