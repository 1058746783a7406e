/*
 * test_vitality_modules.c — the vitality index's components as the areas
 * declare them (modules/vitality/vitality.h, each area's `.vitality` list
 * in its module.c):
 *   - every key is unique across the areas, and so is every order;
 *   - the gathered list keeps every area's providers and comes out in one
 *     stable order: the order the index has always shown (the seed's
 *     vitality_config.sort_order), whatever the areas' own order;
 *   - each provider is well formed: one statement or a compute function,
 *     parameters the index knows, as many as the statement's `?`;
 *   - the texts behind a score read as they did when each provider had
 *     its own describe function.
 *
 * Prints "N passed, N failed" last; cmocka's own report goes to stderr.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/module.h"
#include "modules/vitality/vitality.h"
#include "store/store.h"
#include "testutil.h"

/* The components in the order the index shows them (docs/vitality-index.md). */
static const char *const shown[] = {
	"org_target",       "volunteers", "service_hours",   "demand_fulfilment",
	"fulfil_days",      "topics_resolved", "resolve_days", "funds_per_capita",
	"named_fund",       "funded_projects", "new_residents", "attendance",
};
#define NSHOWN ((int)(sizeof shown / sizeof shown[0]))

static void keys_unique_across_areas(void **state)
{
	(void)state;
	int nm, total = 0;
	const struct module *const *m = modules_all(&nm);
	const struct vitality_provider *seen[VITALITY_MAX_PROVIDERS];
	const char *area[VITALITY_MAX_PROVIDERS];
	for (int i = 0; i < nm; i++)
		for (const struct vitality_provider *const *p = m[i]->vitality; p && *p; p++) {
			for (int k = 0; k < total; k++) {
				if (strcmp(seen[k]->key, (*p)->key) == 0)
					fail_msg("component key \"%s\" declared by %s and by %s", (*p)->key, area[k],
						 m[i]->name);
				if (seen[k]->order == (*p)->order)
					fail_msg("order %d given to \"%s\" (%s) and to \"%s\" (%s)", (*p)->order,
						 seen[k]->key, area[k], (*p)->key, m[i]->name);
			}
			assert_true(total < VITALITY_MAX_PROVIDERS);
			area[total] = m[i]->name;
			seen[total++] = *p;
		}
	/* nothing lost or added on the way to the index */
	int n;
	const struct vitality_provider *const *all = vitality_providers(&n);
	assert_int_equal(n, total);
	assert_null(all[n]);
	for (int k = 0; k < total; k++)
		assert_ptr_equal(vitality_provider_find(seen[k]->key), seen[k]);
}

static void order_is_stable(void **state)
{
	(void)state;
	int n;
	const struct vitality_provider *const *all = vitality_providers(&n);
	assert_int_equal(n, NSHOWN);
	for (int i = 0; i < n; i++) {
		if (strcmp(all[i]->key, shown[i]) != 0)
			fail_msg("component %d is \"%s\", the index has always shown \"%s\" there", i, all[i]->key,
				 shown[i]);
		if (i)
			assert_true(all[i - 1]->order < all[i]->order);
	}
	/* asked again: the same list */
	assert_ptr_equal(vitality_providers(NULL), all);
	/* the seed's sort_order (what the region, compare and config reads
	 * order by) is the providers' own order */
	struct tstore *t = tstore_new();
	struct err e = {0};
	struct stmt *st = db_q(t->db, &e, "SELECT component, sort_order FROM vitality_config ORDER BY sort_order", "");
	assert_non_null(st);
	int i = 0;
	while (stmt_step(st, &e) == 1) {
		assert_true(i < n);
		assert_string_equal(col_text(st, 0), all[i]->key);
		assert_int_equal(col_int(st, 1), all[i]->order);
		i++;
	}
	stmt_done(st);
	assert_int_equal(i, n);
	tstore_free(t);
}

/* Each provider's text for one set of figures, as the describe functions
 * before vitality_say wrote them (captured from that code). */
static const struct {
	const char *key, *zh, *en;
} said[] = {
	{"org_target", "社区社会组织 12,346 个，目标 2,345 个",
	 "12,346 community social organisations, target 2,345"},
	{"volunteers", "志愿者 12,346 人，常住人口 2,345,400 人，每千人 12.3 人（目标 50 人）",
	 "12,346 volunteers for 2,345,400 residents: 12.3 per 1,000 (target 50)"},
	{"service_hours", "近 12 个月服务 12,346 小时，常住人口 2,345 人，人均 12.35 小时（目标 50 小时）",
	 "12,346 service hours in 12 months for 2,345 residents: 12.35 per capita (target 50)"},
	{"demand_fulfilment", "近 12 个月需求 2,345 件，已满足 12,346 件（12.3%，目标 50%）",
	 "2,345 demands in 12 months, 12,346 fulfilled (12.3%, target 50%)"},
	{"fulfil_days", "近 12 个月满足需求 2,345 件，平均 12.3 天（50 天内满分，30 天及以上 0 分）",
	 "2,345 demands fulfilled in 12 months, 12.3 days on average (full marks within 50 days, 0 at 30)"},
	{"topics_resolved", "近 12 个月议题 2,345 件，已办结 12,346 件（12.3%，目标 50%）",
	 "2,345 topics in 12 months, 12,346 resolved (12.3%, target 50%)"},
	{"resolve_days", "近 12 个月办结议题 2,345 件，平均 12.3 天（50 天内满分，30 天及以上 0 分）",
	 "2,345 topics resolved in 12 months, 12.3 days on average (full marks within 50 days, 0 at 30)"},
	{"funds_per_capita", "近 12 个月筹集 12,346 元，常住人口 2,345 人，人均 12.35 元（目标 50 元）",
	 "¥12,346 raised in 12 months for 2,345 residents: ¥12.35 per capita (target ¥50)"},
	{"named_fund", "设有冠名基金的社区 12346 个，共 2345 个（12%）",
	 "12346 of 2345 communities have a named fund (12%)"},
	{"funded_projects", "最近一年获资助项目 12346 个，社区 2345 个，平均每社区 12.3 个（目标 50 个）",
	 "12346 funded projects in the latest year over 2345 communities: 12.3 each (target 50)"},
	{"new_residents", "参与的新市民 12,346 人，非户籍人口 2,345,400 人，每千人 12.3 人（目标 50 人）",
	 "12,346 new residents taking part of 2,345,400 non-registered: 12.3 per 1,000 (target 50)"},
	{"attendance", "本月兼职委员出席 12346 人次，应出席 2345 人次（12.3%）",
	 "part-time members attended 12346 of 2345 expected seats this month (12.3%)"},
};

static void texts_unchanged(void **state)
{
	(void)state;
	struct vitality_fig f = {.num = 12345.6, .den = 2345.4, .raw = 12.345, .score = 40, .target = 50,
			   .floor = 30, .has_data = true};
	int n;
	vitality_providers(&n);
	assert_int_equal(n, (int)(sizeof said / sizeof said[0]));
	for (int i = 0; i < n; i++) {
		const struct vitality_provider *pv = vitality_provider_find(said[i].key);
		assert_non_null(pv);
		struct sb zh = SB_INIT, en = SB_INIT;
		vitality_say(pv, &f, &zh, &en);
		assert_string_equal(sb_str(&zh), said[i].zh);
		assert_string_equal(sb_str(&en), said[i].en);
		sb_free(&zh);
		sb_free(&en);
	}
}

static void providers_well_formed(void **state)
{
	(void)state;
	for (const struct vitality_provider *const *p = vitality_providers(NULL); *p; p++) {
		const struct vitality_provider *pv = *p;
		assert_non_null(pv->name);
		assert_non_null(pv->name_en);
		assert_non_null(pv->module);
		assert_non_null(pv->rule);
		assert_non_null(pv->says);
		assert_non_null(pv->says_en);
		assert_true(pv->mult > 0);
		if (!pv->sql == !pv->compute)
			fail_msg("\"%s\" needs one of sql and compute", pv->key);
		if (!pv->sql)
			continue;
		assert_true(strncmp(pv->sql, VITALITY_RAW_INSERT, strlen(VITALITY_RAW_INSERT)) == 0);
		int marks = 0, params = 0;
		for (const char *s = pv->sql; *s; s++)
			marks += *s == '?';
		for (const char *s = pv->params; s && *s; s++, params++)
			assert_non_null(strchr("kESWFN", *s));
		if (marks != params)
			fail_msg("\"%s\": %d parameters named for %d `?`", pv->key, params, marks);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys_unique_across_areas),
		cmocka_unit_test(order_is_stable),
		cmocka_unit_test(providers_well_formed),
		cmocka_unit_test(texts_unchanged),
	};
	return RUN_SUITE(tests);
}
