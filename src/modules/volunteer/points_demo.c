/*
 * points_demo.c — the time bank's part of `wushe demo` (points.h): rules
 * for 北区社区 and 文华社区, a handful of catalogue items each (文华社区's
 * new-resident toolkit at 200 points, DOMAIN.md §4.6), the points of every
 * service record the demo holds (the volunteer core's demo writes them
 * first; with none there are no points), and a couple of redemptions by
 * the volunteers who earned the most. Runs as the system, in the demo's
 * one transaction.
 */
#include <string.h>

#include "core/arena.h"
#include "modules/region/region.h"
#include "modules/volunteer/points.h"
#include "modules/volunteer/points_internal.h"
#include "store/store.h"

int vol_points_demo(struct db *db, int64_t now, struct err *e)
{
	static const struct {
		const char *region;
		struct vol_point_rules_in rules;
	} rules[] = {
		{"北区社区", {.points_per_hour = 10, .max_balance = 2000, .expiry_days = 365, .transfer = "family"}},
		{"文华社区", {.points_per_hour = 10, .max_balance = 3000, .expiry_days = 730, .transfer = "any"}},
	};
	static const struct {
		const char *region, *name, *description;
		int64_t points, stock;
	} items[] = {
		{"北区社区", "理发券", "社区长者理发点，凭券理发一次", 30, 60},
		{"北区社区", "米面油礼包", "大米 5 kg、面粉 2.5 kg、食用油 1.8 L", 120, 20},
		{"北区社区", "社区食堂餐券", "北区长者饭堂午餐一份", 20, 200},
		{"北区社区", "家电清洗服务", "空调或洗衣机清洗一次（上门）", 150, 10},
		{"文华社区", "新市民工具包", "新市民之家：办事指南、常用药箱、五金小工具、社区地图", 200, 30},
		{"文华社区", "社区食堂餐券", "文华社区食堂午餐一份", 20, 150},
		{"文华社区", "儿童绘本借阅月卡", "社区图书角一个月借阅，每次两本", 50, 40},
		{"文华社区", "理发券", "文华社区便民理发点，凭券理发一次", 30, 40},
	};
	struct arena a;
	arena_init(&a, 1 << 16);
	struct ctx c = ctx_system(db, now, &a, e);
	int rc = 0;
	int64_t meal = 0; /* 北区社区's meal ticket: the demo's redemption */
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		int64_t region = region_find(db, rules[i].region, e);
		if (region <= 0 || (rc = vol_points_rules_put(&c, region, &rules[i].rules)))
			goto done;
	}
	for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
		struct vol_catalogue_in in = {.region_id = region_find(db, items[i].region, e),
					      .name = items[i].name, .description = items[i].description,
					      .points = items[i].points, .stock = items[i].stock};
		int64_t id;
		if (in.region_id <= 0 || (rc = vol_catalogue_add(&c, &in, &id)))
			goto done;
		if (!strcmp(items[i].name, "社区食堂餐券") && !meal)
			meal = id;
	}

	/* The points of the records the demo holds, oldest first. */
	int64_t earned;
	if ((rc = vol_points_earn_all(&c, &earned)))
		goto done;

	/* Two meal tickets each for the two volunteers with most points. */
	struct stmt *st = db_q(db, e,
		  "SELECT volunteer_id FROM vol_point_accounts WHERE volunteer_id IS NOT NULL AND balance >= 40"
		  " ORDER BY balance DESC, id LIMIT 2",
		  "");
	if (!st) {
		rc = e->code;
		goto done;
	}
	int64_t top[2];
	int ntop = 0;
	while ((rc = stmt_step(st, e)) == 1)
		top[ntop++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		goto done;
	for (int i = 0; i < ntop; i++) {
		int64_t rid;
		if ((rc = pt_redeem_for(&c, top[i], meal, 2, &rid)))
			goto done;
	}
	rc = 0;
done:
	arena_free(&a);
	return rc;
}
