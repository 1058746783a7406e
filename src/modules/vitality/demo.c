/*
 * demo.c — the vitality index's part of `wushe demo`: twelve
 * months of snapshots (the current month and the eleven before it), so the
 * index page opens on a trend.
 *
 * The index reads the registry and the exchange. When the demo steps of
 * those modules have not filled them (their demo data lives in their own
 * branches), this adds a modest, plausible set of its own so the index has
 * something to show, each part only when its table is empty:
 *   - community social organisations per community (the canonical three of
 *     the brief by name, WHERE NOT EXISTS, plus 社区 associations), founded
 *     over the last three years;
 *   - volunteers and verified new residents per community at rates that
 *     differ between communities, registered over the last eighteen months;
 *   - exchange demands over the last thirteen months, most fulfilled within
 *     days through one service of 顺德区启创社会工作服务中心, with the hours
 *     delivered.
 * Every row added here says so in its note or description ("演示数据").
 * Random but repeatable (a fixed seed), so tests see the same figures.
 */
#include "modules/vitality/demo.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/wtime.h"
#include "modules/vitality/vitality.h"
#include "store/store.h"

#define DAY_US (86400LL * WTIME_US)

static uint64_t rng = 20261125;
static uint32_t rnd(uint32_t n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return n ? (uint32_t)((rng >> 33) % n) : 0;
}

static const char *const surnames[] = {"陈", "梁", "黄", "何", "李", "张", "罗", "周", "吴", "麦",
				       "冯", "潘", "苏", "郭", "谭", "区", "卢", "林", "刘", "杨"};
static const char *const given[] = {"志强", "丽华", "少芬", "国雄", "美玲", "伟明", "秀英", "家豪",
				    "嘉欣", "锦荣", "淑贞", "文杰", "惠娟", "子轩", "晓彤", "永康"};
static const char *const org_kinds[] = {"长者关爱协会", "义工服务队", "邻里互助会", "书法协会",
					"舞蹈队", "亲子成长会", "环保志愿队", "新市民之家服务社",
					"粤曲社", "调解工作室", "青少年成长营", "党员先锋服务队"};
static const char *const demand_titles[] = {"独居长者上门探访", "代购生活物资", "陪同就医",
					    "儿童课后托管", "家电维修", "新市民子女入学咨询",
					    "残疾人康复陪护", "法律咨询", "心理疏导", "楼道清洁"};
static const char *const groups[] = {"elderly", "children", "general", "new_resident", "disabled",
				     "hardship"};

/* Per community: the share that volunteers (‰) and how well its exchange
 * runs (% of demands fulfilled), from its name so the figures repeat. */
static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The district's communities, loaded once for the three parts below. */
struct comm {
	int64_t id, reg, non;
	const char *name;
	bool rural;
};
struct comms {
	struct comm *v;
	int n;
};

static int load_comms(struct ctx *c, struct comms *out)
{
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT id, name, kind, registered_pop, nonregistered_pop FROM regions"
			       " WHERE level = 'community' ORDER BY id",
			       "");
	if (!st)
		return c->e->code;
	int rc, cap = 0;
	out->n = 0;
	while ((rc = stmt_step(st, c->e)) == 1) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			struct comm *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
			if (out->n)
				memcpy(v, out->v, sizeof *v * (size_t)out->n);
			out->v = v;
		}
		const char *kind = col_text(st, 2);
		out->v[out->n++] = (struct comm){col_int(st, 0), col_int(st, 3), col_int(st, 4),
						 arena_strdup(c->a, col_text(st, 1)),
						 kind && strcmp(kind, "rural") == 0};
	}
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

/* 1 when the count is 0, 0 when there are rows, or an error. */
static int none_yet(struct ctx *c, const char *count_sql)
{
	int64_t n = 0;
	int rc = db_int(c->db, c->e, &n, count_sql, "");
	return rc < 0 ? rc : n == 0;
}

static int ensure_provider(struct db *db, const char *name, const char *type, const char *region,
			   const char *ledger, int64_t now, struct err *e)
{
	return db_exec(db, e,
		       "INSERT INTO organisations(region_id, name, org_type, ledger_community_id, status,"
		       " description, created_at, updated_at)"
		       " SELECT r.id, ?, ?, (SELECT id FROM regions WHERE name = ? AND level = 'community'),"
		       " 'active', '演示数据', ?, ? FROM regions r WHERE r.name = ?"
		       " AND NOT EXISTS (SELECT 1 FROM organisations WHERE name = ?)",
		       "sssiiss", name, type, ledger, now - 700 * DAY_US, now - 700 * DAY_US, region, name);
}

static int demo_orgs(struct ctx *c, const struct comms *cs)
{
	struct db *db = c->db;
	struct err *e = c->e;
	int64_t now = c->now;
	int rc;
	if ((rc = ensure_provider(db, "顺德区启创社会工作服务中心", "social_work_agency", "大良街道", "", now, e)) ||
	    (rc = ensure_provider(db, "龙江镇文华社区新市民之家服务社", "community_social_org", "文华社区",
				  "文华社区", now, e)) ||
	    (rc = ensure_provider(db, "北区社区长者关爱协会", "community_social_org", "北区社区", "北区社区",
				  now, e)))
		return rc;
	for (int i = 0; i < cs->n; i++) {
		unsigned h = hash(cs->v[i].name);
		/* urban 3–12 (target 10), rural 1–4 (target 3) */
		int k = cs->v[i].rural ? 1 + (int)(h % 4) : 3 + (int)(h % 10);
		for (int j = 0; j < k && j < 12; j++) {
			const char *name =
				arena_printf(c->a, "%s%s", cs->v[i].name, org_kinds[(h / 7 + (unsigned)j) % 12]);
			/* founded over the last three years, the newest in recent months */
			int64_t created = now - (int64_t)(30 + rnd(1060)) * DAY_US;
			rc = db_exec(db, e,
				     "INSERT INTO organisations(region_id, name, org_type, registration,"
				     " ledger_community_id, incubation_stage, status, description, created_at, updated_at)"
				     " SELECT ?, ?, 'community_social_org', 'filed', ?, 'filed', 'active', '演示数据', ?, ?"
				     " WHERE NOT EXISTS (SELECT 1 FROM organisations WHERE name = ?)",
				     "isiiis", cs->v[i].id, name, cs->v[i].id, created, created, name);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int demo_people(struct ctx *c, const struct comms *cs)
{
	struct db *db = c->db;
	struct err *e = c->e;
	int64_t now = c->now;
	int rc = 0;
	for (int i = 0; i < cs->n; i++) {
		unsigned h = hash(cs->v[i].name);
		int64_t pop = cs->v[i].reg + cs->v[i].non;
		/* volunteers 8–47 per 1,000; the new residents' share of them 10–70 % of theirs */
		int64_t vols = pop * (8 + (int64_t)(h % 40)) / 1000;
		int64_t newshare = 10 + (int64_t)((h / 40) % 61);
		int64_t verified = cs->v[i].non * (2 + (int64_t)((h / 3000) % 12)) / 1000;
		for (int64_t k = 0; k < vols + verified; k++) {
			bool vol = k < vols;
			bool nonreg = vol ? (int64_t)rnd(100) < newshare * cs->v[i].non / (pop ? pop : 1) * 2 : true;
			char name[32];
			snprintf(name, sizeof name, "%s%s", surnames[rnd(20)], given[rnd(16)]);
			/* registered over the last eighteen months, more of them recently */
			int64_t age = (int64_t)rnd(540);
			age = age * age / 540;
			int64_t created = now - age * DAY_US - (int64_t)rnd(86400) * WTIME_US;
			int64_t ver = !vol ? created + (int64_t)(1 + rnd(20)) * DAY_US : 0;
			if (ver > now)
				ver = now;
			rc = db_exec(db, e,
				     "INSERT INTO people(region_id, name, household, is_volunteer, verified_at,"
				     " verify_method, note, created_at, updated_at)"
				     " VALUES(?, ?, ?, ?, NULLIF(?, 0), CASE WHEN ? > 0 THEN 'residence_permit' END,"
				     " '演示数据（活力指数）', ?, ?)",
				     "issiiiii", cs->v[i].id, name, nonreg ? "nonregistered" : "registered",
				     (int64_t)vol, ver, ver, created, created);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int demo_demands(struct ctx *c, const struct comms *cs)
{
	struct db *db = c->db;
	struct err *e = c->e;
	int64_t now = c->now;
	int64_t admin = 0, agency = 0, svc = 0;
	int rc;
	if (db_int(db, e, &admin, "SELECT id FROM users ORDER BY id LIMIT 1", "") != 1)
		return 0; /* no account to post with */
	if ((rc = ensure_provider(db, "顺德区启创社会工作服务中心", "social_work_agency", "大良街道", "", now, e)))
		return rc;
	if (db_int(db, e, &agency, "SELECT id FROM organisations WHERE name = '顺德区启创社会工作服务中心'", "") != 1)
		return 0;
	rc = db_exec(db, e,
		     "INSERT INTO xchg_services(region_id, organisation_id, provider_kind, name, description,"
		     " capacity_per_week, created_at, updated_at)"
		     " SELECT region_id, id, 'organisation', '启创社工上门服务', '演示数据', 200, ?, ? FROM organisations"
		     " WHERE id = ?",
		     "iii", now - 400 * DAY_US, now - 400 * DAY_US, agency);
	if (rc || (rc = db_int(db, e, &svc, "SELECT max(id) FROM xchg_services", "")) != 1)
		return rc < 0 ? rc : 0;
	for (int i = 0; i < cs->n; i++) {
		unsigned h = hash(cs->v[i].name);
		int per_month = 2 + (int)(h % 9);
		int fulfil_pct = 45 + (int)((h / 9) % 50);  /* improves over the year below */
		int speed = 2 + (int)((h / 500) % 20);      /* typical days to fulfil */
		if (h % 11 == 0)
			continue;                            /* a few communities do not use the exchange yet */
		for (int mo = 12; mo >= 0; mo--) {
			for (int k = 0; k < per_month; k++) {
				int64_t created = now - ((int64_t)mo * 30 + rnd(30)) * DAY_US;
				bool done = (int)rnd(100) < fulfil_pct + (12 - mo) * 2;
				int64_t ful = done ? created + (int64_t)(1 + rnd((unsigned)speed * 2)) * DAY_US : 0;
				if (ful > now)
					ful = 0, done = false;
				const char *status = done ? "fulfilled" : rnd(10) == 0 ? "cancelled" : "open";
				rc = db_exec(db, e,
					     "INSERT INTO xchg_demands(region_id, title, description, source, posted_by,"
					     " beneficiary_group, status, fulfilled_at, created_at, updated_at)"
					     " VALUES(?, ?, '演示数据', 'community_staff', ?, ?, ?, NULLIF(?, 0), ?, ?)",
					     "isissiii", cs->v[i].id, demand_titles[rnd(10)], admin, groups[rnd(6)], status, ful,
					     created, created);
				if (!rc && done)
					rc = db_exec(db, e,
						     "INSERT INTO xchg_matches(demand_id, service_id, status, proposed_at,"
						     " accepted_at, delivered_at, confirmed_at, hours_delivered, created_at,"
						     " updated_at) VALUES((SELECT max(id) FROM xchg_demands), ?, 'confirmed',"
						     " ?, ?, ?, ?, ?, ?, ?)",
						     "iiiiiiii", svc, created, created, ful, ful, (int64_t)(60 + rnd(240)),
						     created, ful);
				if (rc)
					return rc;
			}
		}
	}
	return 0;
}

int demo_vitality(struct db *db, int64_t now, struct err *e)
{
	/* each part only where its table has nothing yet */
	static const struct {
		const char *count_sql;
		int (*add)(struct ctx *c, const struct comms *cs);
	} parts[] = {
		{"SELECT count(*) FROM organisations WHERE org_type = 'community_social_org'", demo_orgs},
		{"SELECT count(*) FROM people", demo_people},
		{"SELECT count(*) FROM xchg_demands", demo_demands},
	};
	struct arena a;
	arena_init(&a, 0);
	struct ctx c = ctx_system(db, now, &a, e);
	struct comms cs = {NULL, 0};
	int rc = load_comms(&c, &cs);
	for (size_t i = 0; !rc && i < sizeof parts / sizeof parts[0]; i++)
		if ((rc = none_yet(&c, parts[i].count_sql)) == 1)
			rc = parts[i].add(&c, &cs);
	struct vitality_period cur;
	vitality_month_of(now, &cur);
	for (int k = 11; !rc && k >= 0; k--) {
		struct vitality_period m;
		vitality_month_add(&cur, -k, &m);
		rc = vitality_recompute(&c, m.text, "demo", NULL);
	}
	arena_free(&a);
	return rc;
}
