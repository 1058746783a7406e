/*
 * demo.c — the region part of `wushe demo`: 顺德区, its 10 towns (街道/镇)
 * with their official codes, 38 communities and villages with their
 * registered and non-registered populations, 3–8 grids each by size, and
 * two compounds spelled out with their buildings (珠江小区, 星际半岛).
 * Populations are plausible stand-ins (docs say which demo figures are
 * real). Runs first: every other area's demo hangs off these regions.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "modules/region/region.h"
#include "store/store.h"

struct demo_community {
	const char *name;
	int64_t registered, nonregistered;
};

struct demo_town {
	const char *name, *code;
	struct demo_community c[7];
};

static const struct demo_town towns[] = {
	{"大良街道", "440606001", {{"北区社区", 8200, 6100}, {"升平社区", 6500, 4800}, {"古鉴村", 4100, 2600}, {"近良社区", 7300, 5200}}},
	{"容桂街道", "440606002", {{"振华社区", 9100, 12400}, {"上佳市社区", 5600, 7900}, {"细滘社区", 6200, 8800}, {"华口社区", 7000, 9600}, {"马冈村", 5400, 11200}}},
	{"伦教街道", "440606003", {{"三洲社区", 6800, 9300}}},
	{"勒流街道", "440606004", {{"东风村", 4300, 5100}, {"江义村", 3800, 4200}, {"众涌村", 4600, 6700}}},
	{"陈村镇", "440606101", {{"庄头村", 4900, 6300}, {"潭洲村", 3200, 5800}, {"仙涌村", 5100, 7400}}},
	{"北滘镇", "440606102", {{"北滘社区", 9800, 14200}, {"君兰社区", 5200, 9700}, {"林头社区", 7900, 13600}, {"西海村", 4400, 6900}, {"黄龙村", 3600, 5300}, {"碧江社区", 8100, 10900}}},
	{"乐从镇", "440606103", {{"乐从社区", 11200, 16800}, {"上华村", 4800, 6100}, {"沙边村", 5300, 8400}}},
	{"龙江镇", "440606104", {{"左滩村", 4700, 3900}, {"文华社区", 10443, 56506}, {"龙江社区", 12800, 18600}, {"沙富村", 3900, 4800}}},
	{"杏坛镇", "440606105", {{"高赞村", 3300, 2100}}},
	{"均安镇", "440606106", {{"仓门社区", 4200, 3100}, {"天湖社区", 4900, 3800}, {"南沙社区", 5600, 4300}}},
};

static const char *const grid_names[] = {"第一网格", "第二网格", "第三网格", "第四网格",
					 "第五网格", "第六网格", "第七网格", "第八网格"};

static int mk(struct db *db, int64_t parent, const char *level, const char *name,
	      const char *code, const char *kind, int64_t reg, int64_t non, int64_t hh,
	      int64_t now, int64_t *id, struct err *e)
{
	struct region_in in = {.parent_id = parent, .level = level, .name = name, .code = code,
			       .kind = kind, .registered_pop = reg, .nonregistered_pop = non,
			       .households = hh};
	return region_create(db, NULL, &in, now, id, e);
}

int region_demo(struct db *db, int64_t now, struct err *e)
{
	int64_t district_id = 0, *district = &district_id;
	int rc = mk(db, 0, "district", "顺德区", "440606", NULL, 0, 0, 0, now, district, e);
	for (size_t t = 0; !rc && t < sizeof towns / sizeof towns[0]; t++) {
		int64_t town;
		if ((rc = mk(db, *district, "town", towns[t].name, towns[t].code, NULL, 0, 0, 0, now,
			     &town, e)))
			break;
		for (int k = 0; !rc && k < 7 && towns[t].c[k].name; k++) {
			const struct demo_community *c = &towns[t].c[k];
			const char *kind = strstr(c->name, "村") ? "rural" : "urban";
			int64_t total = c->registered + c->nonregistered, hh = total * 10 / 28, cid;
			if ((rc = mk(db, town, "community", c->name, NULL, kind, c->registered,
				     c->nonregistered, hh, now, &cid, e)))
				break;
			int ngrids = (int)(total / 4000);
			ngrids = ngrids < 3 ? 3 : ngrids > 8 ? 8 : ngrids;
			for (int g = 0; !rc && g < ngrids; g++) {
				int64_t gid;
				rc = mk(db, cid, "grid", grid_names[g], NULL, NULL, c->registered / ngrids,
					c->nonregistered / ngrids, hh / ngrids, now, &gid, e);
				/* Two compounds spelled out with their buildings. */
				bool zhujiang = strcmp(c->name, "升平社区") == 0 && g == 0;
				bool xingji = strcmp(c->name, "乐从社区") == 0 && g == 0;
				for (int b = 0; !rc && (zhujiang || xingji) && b < 6; b++) {
					char bname[64];
					snprintf(bname, sizeof bname, "%s%d栋", zhujiang ? "珠江小区" : "星际半岛",
						 b + 1);
					rc = mk(db, gid, "building", bname, NULL, NULL, 90, 120, 75, now, NULL, e);
				}
			}
		}
	}
	return rc;
}

