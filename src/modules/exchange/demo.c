/*
 * demo_exchange.c — the social-service exchange's part of `wushe demo`:
 * the canonical providers (created by name if no other module's demo did),
 * the accounts `resident` (a verified resident of 北区社区) and `provider`
 * (org_admin acting for 北区社区助老服务队 and 北区社区长者关爱协会),
 * about forty services, sixty demands across the district, and matching
 * runs whose proposals are carried through every step of the closed loop
 * — some finished and rated, some overdue — at times spread over the past
 * five weeks, so the boards, queues and the vitality index have history.
 * Everything goes through the exchange's logic (audited), as system.
 */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "modules/exchange/demo.h"
#include "core/wtime.h"
#include "modules/exchange/exchange.h"
#include "modules/region/region.h"
#include "store/ids.h"
#include "store/store.h"

#define DAY (86400LL * WTIME_US)
#define HOUR (3600LL * WTIME_US)

static int64_t rid(struct db *db, const char *name, struct err *e)
{
	return region_find(db, name, e);
}

/* An organisation by name, created if absent; returns its id. */
static int org(struct db *db, const char *name, const char *type, const char *domain,
	       const char *region, int64_t now, int64_t *id, struct err *e)
{
	int64_t r = rid(db, region, e);
	int rc = db_exec(db, e,
			 "INSERT INTO organisations (region_id, name, org_type, domain, registration, ledger_community_id,"
			 " status, created_at, updated_at) SELECT ?, ?, ?, ?, 'registered',"
			 " (SELECT id FROM regions WHERE id=? AND level='community'), 'active', ?, ?"
			 " WHERE NOT EXISTS (SELECT 1 FROM organisations WHERE name=?)",
			 "isssiiis", r, name, type, domain, r, now, now, name);
	if (rc)
		return rc;
	return db_int(db, e, id, "SELECT id FROM organisations WHERE name=? ORDER BY id LIMIT 1", "s",
		      name) == 1 ? 0 : e->code ? e->code : ERR_INTERNAL;
}

static int team(struct db *db, const char *name, const char *region, int64_t parent, bool general,
		const char *domain, int64_t now, int64_t *id, struct err *e)
{
	int64_t r = rid(db, region, e);
	int rc;
	rc = db_exec(db, e,
		     "INSERT INTO teams (region_id, parent_id, is_general, name, domain, status, created_at, updated_at)"
		     " SELECT ?, CASE WHEN ?=0 THEN NULL ELSE ? END, ?, ?, ?, 'active', ?, ?"
		     " WHERE NOT EXISTS (SELECT 1 FROM teams WHERE name=?)",
		     "iiiissiis", r, parent, parent, (int64_t)general, name, domain, now, now, name);
	if (rc)
		return rc;
	return db_int(db, e, id, "SELECT id FROM teams WHERE name=? ORDER BY id LIMIT 1", "s", name) == 1
		       ? 0
		       : e->code ? e->code : ERR_INTERNAL;
}

static int person(struct db *db, const char *name, const char *region, const char *mobile,
		  const char *gender, int64_t user_id, int64_t now, int64_t *id, struct err *e)
{
	int64_t r = rid(db, region, e);
	int rc;
	rc = db_exec(db, e,
		     "INSERT INTO people (region_id, name, gender, mobile, household, is_resident, verified_at,"
		     " verify_method, user_id, created_at, updated_at) SELECT ?, ?, ?, ?, 'registered', 1, ?,"
		     " 'household_roll', CASE WHEN ?=0 THEN NULL ELSE ? END, ?, ?"
		     " WHERE NOT EXISTS (SELECT 1 FROM people WHERE name=? AND region_id=?)",
		     "isssiiiiisi", r, name, gender, mobile, now, user_id, user_id, now, now, name, r);
	if (rc)
		return rc;
	if (db_int(db, e, id, "SELECT id FROM people WHERE name=? AND region_id=?", "si", name, r) != 1)
		return e->code ? e->code : ERR_INTERNAL;
	if (user_id)
		rc = db_exec(db, e, "UPDATE people SET user_id=?, verified_at=coalesce(verified_at, ?),"
				    " verify_method=coalesce(verify_method,'household_roll') WHERE id=? AND user_id IS NULL",
			     "iii", user_id, now, *id);
	return rc;
}

static int64_t term(struct db *db, const char *code, struct err *e)
{
	int64_t id = 0;
	db_int(db, e, &id, "SELECT id FROM xchg_terms WHERE code=?", "s", code);
	return id;
}

static int64_t user_id(struct db *db, const char *username, struct err *e)
{
	int64_t id = 0;
	db_int(db, e, &id, "SELECT id FROM users WHERE username=?", "s", username);
	return id;
}

/* Weekly slots: bit d*3+p, d 0=Mon, p 0 am / 1 pm / 2 evening. */
#define AM(d) (1LL << ((d) * 3))
#define PM(d) (1LL << ((d) * 3 + 1))
#define EV(d) (1LL << ((d) * 3 + 2))
#define WEEKDAY_AM (AM(0) | AM(1) | AM(2) | AM(3) | AM(4))
#define WEEKDAY_PM (PM(0) | PM(1) | PM(2) | PM(3) | PM(4))
#define WEEKEND (AM(5) | PM(5) | AM(6) | PM(6))

enum { P_ZHULAO, P_GUANAI, P_QICHUANG, P_XINSHIMIN, P_LVLIAN, P_XINQING, P_LECONG, P_JUNLAN,
       P_LONGJIANG, P_CANGMEN, P_LAWYER, P_PSY, P_ZONGDUI, P__N };

struct svc_tpl {
	int provider;
	const char *name, *terms, *skills, *cost, *region;
	int64_t mask, cap, radius;
	double lat, lon;
	const char *served; /* extra region served, or NULL */
};

/* 北区社区 sits around 22.845 N 113.255 E in 大良; coordinates only for
 * the services and demands there, so distance matters where it is known. */
static const struct svc_tpl svcs[] = {
	{P_ZHULAO, "长者上门探访", "elderly.visit", "探访,陪伴聊天", "free", "北区社区", WEEKDAY_PM | WEEKEND, 8, 2500, 22.8452, 113.2551, NULL},
	{P_ZHULAO, "长者助餐送餐", "elderly.meal", "送餐", "free", "北区社区", WEEKDAY_AM, 6, 2000, 22.8452, 113.2551, NULL},
	{P_ZHULAO, "陪同就医", "elderly.escort", "陪诊,驾驶", "free", "北区社区", WEEKDAY_AM, 3, 5000, 22.8452, 113.2551, NULL},
	{P_GUANAI, "独居长者关爱探访", "elderly.visit,elderly.care", "探访,健康监测", "free", "北区社区", WEEKDAY_AM | WEEKDAY_PM, 6, 3000, 22.8431, 113.2577, NULL},
	{P_GUANAI, "长者居家照护", "elderly.care", "护理,健康监测", "low_cost", "北区社区", WEEKDAY_AM | WEEKDAY_PM, 4, 3000, 22.8431, 113.2577, NULL},
	{P_ZONGDUI, "社区环境清洁行动", "environment.clean", "", "free", "北区社区", WEEKEND, 10, 3000, 22.8460, 113.2540, NULL},
	{P_ZONGDUI, "四点半课堂志愿辅导", "children.care,children.homework", "课业辅导", "free", "北区社区", WEEKDAY_PM, 6, 3000, 22.8460, 113.2540, NULL},
	{P_QICHUANG, "个案社工支持", "psych.counsel,hardship", "个案管理,心理疏导", "free", "大良街道", WEEKDAY_AM | WEEKDAY_PM, 8, 0, 0, 0, NULL},
	{P_QICHUANG, "儿童保护与家庭支持", "children.protect,mediation.family", "个案管理", "free", "大良街道", WEEKDAY_AM | WEEKDAY_PM, 5, 0, 0, 0, NULL},
	{P_QICHUANG, "困难家庭物资帮扶", "hardship.goods", "", "free", "大良街道", WEEKDAY_AM | WEEKDAY_PM, 10, 0, 0, 0, NULL},
	{P_QICHUANG, "邻里矛盾调解", "mediation.neighbour", "调解", "free", "大良街道", WEEKDAY_PM | EV(1) | EV(3), 4, 0, 0, 0, NULL},
	{P_XINSHIMIN, "新市民办事指引", "new_resident.guide", "粤语,普通话", "free", "文华社区", WEEKDAY_PM | WEEKEND, 12, 0, 0, 0, NULL},
	{P_XINSHIMIN, "新市民融入活动", "new_resident.social,culture.event", "活动策划", "free", "文华社区", WEEKEND, 8, 0, 0, 0, NULL},
	{P_XINSHIMIN, "新市民子女课业辅导", "children.homework", "课业辅导", "free", "文华社区", WEEKDAY_PM | EV(0) | EV(2), 6, 0, 0, 0, NULL},
	{P_XINSHIMIN, "就业信息对接", "employment.jobs", "", "free", "文华社区", WEEKDAY_AM, 10, 0, 0, 0, "龙江镇"},
	{P_LVLIAN, "一村居一法律顾问咨询", "legal.consult", "法律", "free", "大良街道", WEEKDAY_AM | WEEKDAY_PM, 10, 0, 0, 0, "顺德区"},
	{P_LVLIAN, "法律文书代写", "legal.document", "法律,文书", "low_cost", "大良街道", WEEKDAY_PM, 5, 0, 0, 0, "顺德区"},
	{P_XINQING, "心理疏导热线与面谈", "psych.counsel", "心理咨询", "low_cost", "容桂街道", WEEKDAY_PM | EV(1) | EV(3), 8, 0, 0, 0, "大良街道"},
	{P_XINQING, "青少年心理筛查", "psych.screen", "心理咨询,量表评估", "free", "容桂街道", WEEKDAY_AM, 6, 0, 0, 0, NULL},
	{P_XINQING, "家庭关系调适小组", "mediation.family", "心理咨询,小组工作", "paid", "容桂街道", EV(4) | WEEKEND, 4, 0, 0, 0, NULL},
	{P_LECONG, "长者日间照料", "elderly.care", "护理", "low_cost", "乐从镇", WEEKDAY_AM | WEEKDAY_PM, 10, 0, 0, 0, NULL},
	{P_LECONG, "长者探访与节日慰问", "elderly.visit", "探访", "free", "乐从镇", WEEKDAY_PM | WEEKEND, 8, 0, 0, 0, NULL},
	{P_LECONG, "长者助餐", "elderly.meal", "送餐", "low_cost", "乐从镇", WEEKDAY_AM, 12, 0, 0, 0, NULL},
	{P_JUNLAN, "社区微花园共建", "environment.garden", "园艺", "free", "君兰社区", WEEKEND, 6, 0, 0, 0, "北滘镇"},
	{P_JUNLAN, "垃圾分类宣传", "environment.clean", "宣传", "free", "君兰社区", WEEKEND, 8, 0, 0, 0, "北滘镇"},
	{P_LONGJIANG, "党员志愿者上门维修", "hardship.repair", "水电维修", "free", "龙江社区", WEEKEND | PM(2), 5, 0, 0, 0, "龙江镇"},
	{P_LONGJIANG, "长者探访（党员结对）", "elderly.visit", "探访", "free", "龙江社区", WEEKEND, 6, 0, 0, 0, "龙江镇"},
	{P_LONGJIANG, "无障碍出行协助", "disability.access", "驾驶,助残", "free", "龙江社区", WEEKDAY_AM, 3, 0, 0, 0, "龙江镇"},
	{P_CANGMEN, "社区文艺活动", "culture.event", "文艺", "free", "仓门社区", EV(2) | WEEKEND, 8, 0, 0, 0, "均安镇"},
	{P_CANGMEN, "亲子阅读推广", "culture.reading,children.care", "阅读推广", "free", "仓门社区", WEEKEND, 6, 0, 0, 0, "均安镇"},
	{P_LAWYER, "律师一对一法律咨询", "legal.consult,legal.document", "法律", "free", "北区社区", PM(2) | PM(4), 4, 0, 0, 0, "大良街道"},
	{P_PSY, "心理咨询师个体咨询", "psych.counsel", "心理咨询", "paid", "振华社区", EV(0) | EV(2) | WEEKEND, 4, 0, 0, 0, "容桂街道"},
	{P_GUANAI, "长者智能手机教学", "elderly,culture.event", "手机教学", "free", "北区社区", PM(1) | PM(3), 6, 3000, 22.8431, 113.2577, NULL},
	{P_ZONGDUI, "助残康复陪伴", "disability.rehab", "康复陪伴", "free", "北区社区", WEEKEND, 4, 3000, 22.8460, 113.2540, NULL},
	{P_QICHUANG, "技能培训（家政）", "employment.skills", "家政", "free", "大良街道", WEEKDAY_AM, 15, 0, 0, 0, NULL},
	{P_LECONG, "长者防诈骗讲座", "elderly,legal.consult", "宣讲", "free", "乐从镇", PM(2), 5, 0, 0, 0, NULL},
	{P_XINQING, "长者心理关怀", "psych.counsel,elderly.visit", "心理咨询,探访", "free", "容桂街道", WEEKDAY_AM, 6, 0, 0, 0, NULL},
	{P_JUNLAN, "新市民子女暑期托管", "children.care", "托管", "low_cost", "君兰社区", WEEKDAY_AM | WEEKDAY_PM, 10, 0, 0, 0, NULL},
	{P_CANGMEN, "困难户家居维修", "hardship.repair", "水电维修", "free", "仓门社区", WEEKEND, 3, 0, 0, 0, NULL},
	{P_LONGJIANG, "社区环境整治", "environment.clean", "", "free", "龙江社区", WEEKEND, 10, 0, 0, 0, NULL},
};

struct dem_tpl {
	const char *title, *desc, *terms, *region, *group, *urgency, *skills, *name;
	int64_t mask;
	int people;
	int age_days;
	bool consent, coords;
};

static const struct dem_tpl dems[] = {
	{"独居长者每周探访", "陈伯今年86岁独居，子女在外地，希望每周有人上门聊天、看看身体。", "elderly.visit", "北区社区", "elderly", "high", "探访", "陈锦培", WEEKDAY_PM, 1, 30, true, true},
	{"行动不便长者送餐", "梁婆婆腿脚不便，午餐需要送到家。", "elderly.meal", "北区社区", "elderly", "high", "送餐", "梁玉珍", AM(0) | AM(2) | AM(4), 1, 29, true, true},
	{"长者复诊陪同", "下周二需要到区医院复诊，家属无法陪同。", "elderly.escort", "北区社区", "elderly", "urgent", "陪诊", "何永康", AM(1), 1, 28, true, true},
	{"楼道杂物清理", "3栋楼道堆放杂物，存在消防隐患，需要志愿者帮忙清理。", "environment.clean", "北区社区", "general", "normal", "", "3栋楼长", WEEKEND, 4, 27, true, true},
	{"小学生作业辅导", "双职工家庭，孩子放学后无人辅导作业。", "children.homework", "北区社区", "children", "normal", "课业辅导", "黄子豪", WEEKDAY_PM, 1, 26, true, true},
	{"独居长者健康监测", "每周量血压、提醒服药。", "elderly.care", "北区社区", "elderly", "normal", "健康监测", "冯桂英", WEEKDAY_AM, 1, 25, true, true},
	{"长者智能手机使用", "想学会用手机视频和挂号。", "elderly", "北区社区", "elderly", "low", "手机教学", "林少芳", PM(1) | PM(3), 2, 24, true, true},
	{"残疾人康复陪伴", "肢体残疾青年需要周末康复训练陪伴。", "disability.rehab", "北区社区", "disabled", "normal", "康复陪伴", "苏家明", WEEKEND, 1, 23, true, true},
	{"邻里噪音纠纷调解", "楼上楼下因装修噪音多次争吵。", "mediation.neighbour", "升平社区", "general", "high", "调解", "珠江小区住户", PM(1) | EV(1), 1, 22, true, false},
	{"困难家庭米油帮扶", "低保家庭月底生活困难。", "hardship.goods", "升平社区", "hardship", "high", "", "罗美玲", 0, 1, 21, true, false},
	{"家庭暴力风险儿童支持", "学校反映学生情绪异常，需要社工介入。", "children.protect", "近良社区", "children", "urgent", "个案管理", "（保密）", 0, 1, 21, true, false},
	{"遗产继承法律咨询", "老人想了解遗嘱怎么写才有效。", "legal.consult", "古鉴村", "elderly", "normal", "法律", "区伯", PM(2), 1, 20, true, false},
	{"工伤赔偿文书代写", "外来务工人员工伤，需要写仲裁申请书。", "legal.document", "振华社区", "new_resident", "high", "法律,文书", "张建国", PM(1), 1, 20, true, false},
	{"青少年考试焦虑疏导", "初三学生考前焦虑失眠。", "psych.counsel", "振华社区", "children", "high", "心理咨询", "（保密）", EV(1) | EV(3), 1, 19, true, false},
	{"中学生心理筛查", "学校希望为初一新生做心理筛查。", "psych.screen", "细滘社区", "children", "normal", "量表评估", "细滘中学", AM(2), 2, 19, true, false},
	{"夫妻关系调适", "夫妻长期冷战影响孩子。", "mediation.family", "华口社区", "general", "normal", "小组工作", "（保密）", EV(4) | WEEKEND, 1, 18, true, false},
	{"长者日间照料", "老人白天无人照看。", "elderly.care", "乐从社区", "elderly", "normal", "护理", "杜伯", WEEKDAY_AM, 1, 18, true, false},
	{"孤寡长者节日探访", "中秋前探访村里孤寡长者。", "elderly.visit", "上华村", "elderly", "normal", "探访", "上华村孤寡长者", WEEKEND, 3, 17, true, false},
	{"长者助餐点送餐", "行动不便长者午餐配送。", "elderly.meal", "沙边村", "elderly", "high", "送餐", "沙边村长者", AM(0) | AM(3), 2, 17, true, false},
	{"新市民子女课业辅导", "新市民子女晚上无人辅导。", "children.homework", "文华社区", "new_resident", "normal", "课业辅导", "李小红", EV(0) | EV(2), 1, 16, true, false},
	{"新市民积分入学咨询", "刚来顺德，不知道孩子怎么入学。", "new_resident.guide", "文华社区", "new_resident", "high", "普通话", "王芳", PM(2), 1, 16, true, false},
	{"新市民社区融入活动", "希望组织新老居民联谊。", "new_resident.social", "文华社区", "new_resident", "low", "活动策划", "文华社区新市民", WEEKEND, 2, 15, true, false},
	{"求职信息对接", "失业在家，想找附近的工作。", "employment.jobs", "龙江社区", "new_resident", "normal", "", "刘志强", AM(1), 1, 15, true, false},
	{"困难户水电维修", "家里电线老化跳闸。", "hardship.repair", "龙江社区", "hardship", "urgent", "水电维修", "周婆婆", WEEKEND, 1, 14, true, false},
	{"视障人士出行协助", "每周一上午去康复中心。", "disability.access", "左滩村", "disabled", "normal", "助残", "卢伯", AM(0), 1, 14, true, false},
	{"村道垃圾清理", "村口垃圾堆积。", "environment.clean", "沙富村", "general", "normal", "", "沙富村委", WEEKEND, 5, 13, true, false},
	{"社区微花园共建", "闲置地块改造为微花园。", "environment.garden", "君兰社区", "general", "low", "园艺", "君兰社区居委", WEEKEND, 3, 13, true, false},
	{"垃圾分类入户宣传", "新小区垃圾分类不到位。", "environment.clean", "林头社区", "general", "normal", "宣传", "林头社区居委", WEEKEND, 2, 12, true, false},
	{"社区文艺晚会", "重阳节文艺晚会需要节目和志愿者。", "culture.event", "仓门社区", "general", "low", "文艺", "仓门社区居委", EV(2), 3, 12, true, false},
	{"亲子阅读活动", "周末亲子阅读。", "culture.reading", "天湖社区", "children", "low", "阅读推广", "天湖社区居委", WEEKEND, 1, 11, true, false},
	{"困难家庭家居维修", "屋顶漏水。", "hardship.repair", "南沙社区", "hardship", "high", "水电维修", "梁伯", WEEKEND, 1, 11, true, false},
	{"家政技能培训", "想学家政找工作。", "employment.skills", "北区社区", "new_resident", "normal", "家政", "吴秀兰", WEEKDAY_AM, 1, 10, true, true},
	{"长者防诈骗宣讲", "近期村里长者被电话诈骗。", "legal.consult", "上华村", "elderly", "high", "宣讲", "上华村委", PM(2), 1, 10, true, false},
	{"长者心理关怀", "丧偶长者情绪低落。", "psych.counsel", "马冈村", "elderly", "high", "心理咨询,探访", "（保密）", WEEKDAY_AM, 1, 9, true, false},
	{"暑期托管", "暑假孩子无人看管。", "children.care", "北滘社区", "children", "normal", "托管", "北滘社区家长", WEEKDAY_AM, 3, 9, true, false},
	{"长者居家照护", "术后长者需要短期照护。", "elderly.care", "北区社区", "elderly", "urgent", "护理", "邓伯", WEEKDAY_AM, 1, 8, true, true},
	{"长者探访（未同意共享信息）", "家属尚未同意向服务方提供信息。", "elderly.visit", "北区社区", "elderly", "normal", "探访", "郭婆婆", WEEKDAY_PM, 1, 8, false, true},
	{"四点半课堂", "放学后托管和作业辅导。", "children.care", "北区社区", "children", "normal", "课业辅导", "北区社区家长", WEEKDAY_PM, 2, 7, true, true},
	{"法律援助：欠薪", "工地欠薪三个月。", "legal.consult", "三洲社区", "new_resident", "urgent", "法律", "赵师傅", PM(1), 1, 7, true, false},
	{"独居长者探访", "老人独居需要定期探访。", "elderly.visit", "江义村", "elderly", "normal", "探访", "江义村长者", WEEKEND, 1, 6, true, false},
	{"长者健康讲座", "村里希望办一次健康讲座。", "elderly.care", "众涌村", "elderly", "low", "", "众涌村委", PM(3), 1, 6, true, false},
	{"残疾人就业对接", "听障青年求职。", "employment.jobs", "庄头村", "disabled", "normal", "手语", "庄头村残疾人", AM(2), 1, 5, true, false},
	{"社区心理讲座", "希望开展压力管理讲座。", "psych.counsel", "潭洲村", "general", "low", "心理咨询", "潭洲村委", EV(3), 1, 5, true, false},
	{"村道环境整治", "雨后村道淤泥。", "environment.clean", "仙涌村", "general", "normal", "", "仙涌村委", WEEKEND, 4, 4, true, false},
	{"长者助餐", "长者食堂人手不足。", "elderly.meal", "黄龙村", "elderly", "normal", "送餐", "黄龙村长者食堂", AM(1), 2, 4, true, false},
	{"留守儿童陪伴", "留守儿童周末陪伴。", "children.care", "西海村", "children", "normal", "", "西海村", WEEKEND, 1, 4, true, false},
	{"碧江社区文化活动", "端午龙舟文化展示需要讲解员。", "culture.event", "碧江社区", "general", "low", "讲解", "碧江社区居委", WEEKEND, 2, 3, true, false},
	{"新市民办事指引", "办理居住证不熟悉流程。", "new_resident.guide", "文华社区", "new_resident", "normal", "普通话", "陈东", PM(0), 1, 3, true, false},
	{"长者陪诊", "长者眼科手术后复查。", "elderly.escort", "北区社区", "elderly", "high", "陪诊", "莫婆婆", AM(3), 1, 3, true, true},
	{"高赞村老人探访", "村里高龄老人多，探访人手不够。", "elderly.visit", "高赞村", "elderly", "normal", "探访", "高赞村委", WEEKEND, 2, 2, true, false},
	{"东风村垃圾分类", "垃圾分类督导员不足。", "environment.clean", "东风村", "general", "low", "宣传", "东风村委", WEEKEND, 2, 2, true, false},
	{"上佳市社区法律讲座", "居民想了解租房合同。", "legal.consult", "上佳市社区", "new_resident", "low", "法律", "上佳市社区居委", PM(2), 1, 2, true, false},
	{"北区社区困难户探访", "困难户需要物资和探访。", "hardship.goods", "北区社区", "hardship", "normal", "", "区婆婆", WEEKDAY_PM, 1, 2, true, true},
	{"新生儿家庭支持", "新手父母需要育儿指导。", "children", "升平社区", "children", "low", "育儿", "升平社区家长", WEEKEND, 1, 1, true, false},
	{"无人可配：外语翻译", "外籍配偶需要越南语翻译。", "new_resident.guide", "均安镇", "new_resident", "normal", "越南语", "阮氏", AM(0), 1, 1, true, false},
	{"无人可配：夜间陪护", "医院夜间陪护。", "elderly.care", "高赞村", "elderly", "high", "护理", "高赞村长者", EV(6), 1, 1, true, false},
	{"长者理发", "行动不便长者上门理发。", "elderly.care", "北区社区", "elderly", "low", "理发", "谭伯", WEEKDAY_AM, 1, 1, true, true},
	{"撤销示例：已自行解决", "家属已自行安排。", "elderly.visit", "北区社区", "elderly", "low", "探访", "钟婆婆", WEEKDAY_PM, 1, 1, true, true},
	{"沙富村长者探访", "长者探访。", "elderly.visit", "沙富村", "elderly", "normal", "探访", "沙富村长者", WEEKEND, 1, 1, true, false},
	{"南沙社区亲子活动", "亲子手工活动。", "culture.event", "南沙社区", "children", "low", "", "南沙社区居委", WEEKEND, 1, 1, true, false},
};

/* The context at time t (the demo writes its history at past times). */
static struct ctx *at(struct ctx *c, int64_t t)
{
	c->now = t;
	return c;
}

/* "a,b,c" term codes into ids. */
static void terms_of(struct ctx *c, const char *codes, struct exchange_ids *ids)
{
	char *buf = arena_strdup(c->a, codes), *save = NULL;
	ids->n = 0;
	ids->has = true;
	for (char *tok = strtok_r(buf, ",", &save); tok && ids->n < EXCHANGE_MAX_IDS;
	     tok = strtok_r(NULL, ",", &save))
		ids->v[ids->n++] = term(c->db, tok, c->e);
}

static int make_services(struct ctx *c, const int64_t *prov_org, const int64_t *prov_team,
			 const int64_t *prov_person, int64_t now)
{
	struct db *db = c->db;
	struct err *e = c->e;
	for (size_t i = 0; i < sizeof svcs / sizeof svcs[0]; i++) {
		const struct svc_tpl *t = &svcs[i];
		struct exchange_service_in in = {0};
		in.organisation_id = prov_org[t->provider];
		in.team_id = prov_team[t->provider];
		in.person_id = prov_person[t->provider];
		in.region_id = rid(db, t->region, e);
		in.name = t->name;
		in.description = t->name;
		in.skills = t->skills;
		in.cost_kind = t->cost;
		in.price_fen = (struct exchange_int){
			strcmp(t->cost, "paid") == 0 ? 8000 : strcmp(t->cost, "low_cost") == 0 ? 1000 : 0, true};
		in.schedule_mask = (struct exchange_int){t->mask, true};
		in.capacity_per_week = (struct exchange_int){t->cap, true};
		in.contact_phone = "13800000000";
		if (t->radius) {
			in.radius_m = (struct exchange_int){t->radius, true};
			in.latitude = (struct exchange_num){t->lat, true};
			in.longitude = (struct exchange_num){t->lon, true};
		}
		terms_of(c, t->terms, &in.terms);
		if (t->served) {
			in.regions.v[0] = rid(db, t->served, e);
			in.regions.n = 1;
			in.regions.has = true;
		}
		int64_t id;
		int rc = exchange_service_create(at(c, now - 40 * DAY), &in, &id);
		if (rc)
			return rc;
	}
	return 0;
}

static int make_demands(struct ctx *c, const struct principal *resident, int min_age, int max_age,
			int64_t now, int64_t *ids)
{
	struct db *db = c->db;
	struct err *e = c->e;
	for (size_t i = 0; i < sizeof dems / sizeof dems[0]; i++) {
		const struct dem_tpl *t = &dems[i];
		if (t->age_days < min_age || t->age_days > max_age)
			continue;
		struct exchange_demand_in in = {0};
		in.region_id = rid(db, t->region, e);
		int64_t level_ok = 0;
		db_int(db, e, &level_ok, "SELECT count(*) FROM regions WHERE id=? AND level='community'", "i",
		       in.region_id);
		if (!level_ok) /* a town named: its first community */
			db_int(db, e, &in.region_id,
			       "SELECT id FROM regions WHERE parent_id=? AND level='community' ORDER BY id LIMIT 1", "i",
			       in.region_id);
		in.title = t->title;
		in.description = t->desc;
		in.kind = i % 7 == 3 ? "micro_wish" : "need";
		in.beneficiary_name = t->name;
		in.beneficiary_phone = "13900000000";
		in.beneficiary_group = t->group;
		in.privacy = "private";
		in.consent = t->consent;
		in.no_contact = i % 9 == 4;
		in.urgency = t->urgency;
		in.skills = t->skills;
		in.schedule_mask = (struct exchange_int){t->mask, true};
		in.people_needed = t->people;
		in.recurrence = strstr(t->title, "每周") ? "weekly" : "once";
		in.address = "（演示地址）";
		if (t->coords) {
			in.latitude = (struct exchange_num){22.8440 + 0.0007 * (double)(i % 5), true};
			in.longitude = (struct exchange_num){113.2560 - 0.0006 * (double)(i % 4), true};
		}
		terms_of(c, t->terms, &in.terms);
		int64_t created = now - t->age_days * DAY - (int64_t)(i % 5) * HOUR;
		in.window_start = created;
		in.window_end = created + (t->age_days > 10 ? 14 : 30) * DAY;
		/* The first 北区社区 demand was posted by the demo resident for a
		 * neighbour; the others by community staff (system here). */
		if (i == 0)
			in.region_id = 0;
		c->who = i == 0 ? resident : NULL;
		int rc = exchange_demand_create(at(c, created), &in, &ids[i]);
		c->who = NULL;
		if (rc)
			return rc;
	}
	return 0;
}

/* Carry the matches of a batch through the loop: the k-th match of the
 * batch gets plan[k % n] (how far it goes), with step times after t. */
enum stage { S_PROPOSED, S_SENT, S_ACCEPTED, S_DELIVERED, S_CONFIRMED, S_RATED, S_DECLINED, S_CANCELLED };

static int advance(struct ctx *c, int64_t batch, const enum stage *plan, int nplan, int64_t t)
{
	struct db *db = c->db;
	struct err *e = c->e;
	int64_t ids[256];
	struct stmt *st = db_q(db, e, "SELECT id FROM xchg_matches WHERE batch_id=? ORDER BY id", "i", batch);
	int rc, n = stmt_ids(st, ids, 256, e);
	if (n < 0)
		return n;
	for (int k = 0; k < n; k++) {
		enum stage s = plan[k % nplan];
		struct exchange_action_in in = {0};
		int64_t consent = 0;
		db_int(db, e, &consent,
		       "SELECT d.consent_at IS NOT NULL FROM xchg_matches m JOIN xchg_demands d ON d.id=m.demand_id WHERE m.id=?",
		       "i", ids[k]);
		if (s == S_PROPOSED || !consent)
			continue;
		if ((rc = exchange_match_act(at(c, t + 4 * HOUR), ids[k], XA_CONFIRM, &in)))
			return rc;
		if (s == S_SENT)
			continue;
		if (s == S_DECLINED) {
			in.reason = "本周人手不足，无法安排";
			rc = exchange_match_act(at(c, t + 1 * DAY), ids[k], XA_DECLINE, &in);
			if (rc)
				return rc;
			continue;
		}
		if ((rc = exchange_match_act(at(c, t + 1 * DAY), ids[k], XA_ACCEPT, &in)))
			return rc;
		if (s == S_CANCELLED) {
			in.reason = "受益人已入住养老院";
			if ((rc = exchange_match_act(at(c, t + 2 * DAY), ids[k], XA_CANCEL, &in)))
				return rc;
			continue;
		}
		if (s == S_ACCEPTED)
			continue;
		in.minutes = 60 + 30 * (k % 4);
		in.note = "已按约定完成服务";
		if ((rc = exchange_match_act(at(c, t + 3 * DAY), ids[k], XA_DELIVER, &in)))
			return rc;
		if (s == S_DELIVERED)
			continue;
		if ((rc = exchange_match_act(at(c, t + 4 * DAY), ids[k], XA_BCONFIRM, &in)))
			return rc;
		if (s == S_CONFIRMED)
			continue;
		in.rating = 5 - (k % 3 == 2);
		in.comment = k % 2 ? "志愿者很耐心，谢谢！" : "准时上门，服务周到";
		if ((rc = exchange_match_act(at(c, t + 5 * DAY), ids[k], XA_RATE, &in)))
			return rc;
	}
	return 0;
}

int demo_exchange(struct db *db, int64_t now, struct err *e)
{
	int rc;
	int64_t beiqu = rid(db, "北区社区", e);
	if (!beiqu)
		return 0; /* no demo regions: nothing to hang the exchange on */

	/* Providers: the canonical five, then the others of this demo. */
	int64_t po[P__N] = {0}, pt[P__N] = {0}, pp[P__N] = {0};
	int64_t zongdui = 0;
	if ((rc = org(db, "顺德区启创社会工作服务中心", "social_work_agency", "other", "大良街道", now, &po[P_QICHUANG], e)) ||
	    (rc = org(db, "龙江镇文华社区新市民之家服务社", "community_social_org", "new_resident", "文华社区", now, &po[P_XINSHIMIN], e)) ||
	    (rc = org(db, "北区社区长者关爱协会", "community_social_org", "elderly", "北区社区", now, &po[P_GUANAI], e)) ||
	    (rc = team(db, "北区社区志愿服务总队", "北区社区", 0, true, "other", now, &zongdui, e)) ||
	    (rc = team(db, "北区社区助老服务队", "北区社区", zongdui, false, "elderly", now, &pt[P_ZHULAO], e)) ||
	    (rc = org(db, "顺德区律联公益法律服务中心", "association", "legal", "大良街道", now, &po[P_LVLIAN], e)) ||
	    (rc = org(db, "容桂街道心晴心理服务社", "social_work_agency", "health", "容桂街道", now, &po[P_XINQING], e)) ||
	    (rc = org(db, "乐从镇乐龄长者服务中心", "social_work_agency", "elderly", "乐从镇", now, &po[P_LECONG], e)) ||
	    (rc = team(db, "君兰社区环保志愿队", "君兰社区", 0, false, "environment", now, &pt[P_JUNLAN], e)) ||
	    (rc = team(db, "龙江社区党员志愿服务队", "龙江社区", 0, false, "other", now, &pt[P_LONGJIANG], e)) ||
	    (rc = org(db, "均安镇仓门社区文化促进会", "community_social_org", "culture", "仓门社区", now, &po[P_CANGMEN], e)) ||
	    (rc = person(db, "李明辉", "北区社区", "13702860001", "male", 0, now, &pp[P_LAWYER], e)) ||
	    (rc = person(db, "陈思敏", "振华社区", "13702860002", "female", 0, now, &pp[P_PSY], e)))
		return rc;
	pt[P_ZONGDUI] = zongdui;

	/* Accounts. */
	if ((rc = auth_user_create_cli(db, "resident", "黄婉仪", "Demo@2026", ROLE_RESIDENT, beiqu, now, e)) ||
	    (rc = auth_user_create_cli(db, "provider", "梁志强（北区社区助老服务队）", "Demo@2026", ROLE_ORG_ADMIN,
				       beiqu, now, e)))
		return rc;
	int64_t ru = user_id(db, "resident", e), pu = user_id(db, "provider", e), resident_person = 0;
	if ((rc = person(db, "黄婉仪", "北区社区", "13902861234", "female", ru, now, &resident_person, e)))
		return rc;
	int64_t link;
	int64_t dids[sizeof dems / sizeof dems[0]] = {0};
	struct arena a;
	struct principal rp;
	arena_init(&a, 8192);
	struct ctx cx = ctx_system(db, now, &a, e), *c = &cx;
	struct exchange_provider_in l1 = {.user_id = pu, .team_id = pt[P_ZHULAO]};
	struct exchange_provider_in l2 = {.user_id = pu, .organisation_id = po[P_GUANAI]};
	if ((rc = exchange_provider_link(c, &l1, &link)) || (rc = exchange_provider_link(c, &l2, &link)) ||
	    (rc = make_services(c, po, pt, pp, now)) || (rc = auth_load_principal(db, &a, ru, &rp, e)))
		goto out;

	/* Demands arrive over five weeks; matching runs three weeks ago and
	 * nine days ago district-wide, and two days ago for 大良 (its
	 * proposals still wait, some past their deadline); the newest demands
	 * are still open. Each batch's matches are carried through the loop. */
	static const enum stage old_plan[] = {S_RATED, S_RATED, S_CONFIRMED, S_RATED, S_DELIVERED,
					      S_RATED, S_DECLINED, S_RATED, S_CANCELLED, S_ACCEPTED};
	static const enum stage mid_plan[] = {S_RATED, S_ACCEPTED, S_DELIVERED, S_SENT, S_CONFIRMED,
					      S_DECLINED, S_PROPOSED, S_RATED};
	int64_t district = rid(db, "顺德区", e), daliang = rid(db, "大良街道", e);
	struct exchange_batch_result br;
	if ((rc = make_demands(c, &rp, 20, 1000, now, dids)) ||
	    (rc = exchange_match_run(at(c, now - 20 * DAY), district, &br)) ||
	    (rc = advance(c, br.batch_id, old_plan, 10, now - 20 * DAY)) ||
	    (rc = make_demands(c, &rp, 9, 19, now, dids)) ||
	    (rc = exchange_match_run(at(c, now - 9 * DAY), district, &br)) ||
	    (rc = advance(c, br.batch_id, mid_plan, 8, now - 9 * DAY)) ||
	    (rc = make_demands(c, &rp, 2, 8, now, dids)) ||
	    (rc = exchange_match_run(at(c, now - 2 * DAY - 4 * HOUR), daliang, &br)) ||
	    (rc = make_demands(c, &rp, 0, 1, now, dids)))
		goto out;
	/* A demand withdrawn by its poster, and one closed by staff. */
	for (size_t i = 0; i < sizeof dems / sizeof dems[0]; i++)
		if (strncmp(dems[i].title, "撤销示例", strlen("撤销示例")) == 0) {
			int64_t open = 0;
			db_int(db, e, &open, "SELECT status IN ('open','matching') FROM xchg_demands WHERE id=?", "i", dids[i]);
			if (open && (rc = exchange_demand_cancel(at(c, now - HOUR), dids[i], NULL)))
				goto out;
		}
	/* A disputed delivery waiting for 上华村's staff (past its deadline). */
	int64_t disputed = 0;
	rc = db_int(db, e, &disputed,
		    "SELECT m.id FROM xchg_matches m JOIN xchg_demands d ON d.id=m.demand_id"
		    " JOIN regions r ON r.id=d.region_id WHERE m.status='delivered' AND r.name='上华村'"
		    " ORDER BY m.id LIMIT 1",
		    "");
	if (rc < 0)
		goto out;
	if (rc == 1) {
		struct exchange_action_in in = {.reason = "村民反映服务人员只停留了十分钟，与登记的时长不符"};
		if ((rc = exchange_match_act(at(c, now - 5 * DAY), disputed, XA_DISPUTE, &in)))
			goto out;
	}
	rc = 0;
out:
	arena_free(&a);
	return rc;
}
