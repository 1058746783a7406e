/*
 * test_vitality_modules.c — the vitality index's components as the areas
 * declare them (modules/vitality/vitality.h, each area's `.vitality` list
 * in its module.c):
 *   - every key is unique across the areas, and so is every order;
 *   - the gathered list keeps every area's providers and comes out in one
 *     stable order: the order the index has always shown (the seed's
 *     vitality_config.sort_order), whatever the areas' own order;
 *   - each provider is well formed: one statement or a compute function,
 *     parameters the index knows, as many as the statement's `?`.
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
	const struct vi_provider *seen[VI_MAX_PROVIDERS];
	const char *area[VI_MAX_PROVIDERS];
	for (int i = 0; i < nm; i++)
		for (const struct vi_provider *const *p = m[i]->vitality; p && *p; p++) {
			for (int k = 0; k < total; k++) {
				if (strcmp(seen[k]->key, (*p)->key) == 0)
					fail_msg("component key \"%s\" declared by %s and by %s", (*p)->key, area[k],
						 m[i]->name);
				if (seen[k]->order == (*p)->order)
					fail_msg("order %d given to \"%s\" (%s) and to \"%s\" (%s)", (*p)->order,
						 seen[k]->key, area[k], (*p)->key, m[i]->name);
			}
			assert_true(total < VI_MAX_PROVIDERS);
			area[total] = m[i]->name;
			seen[total++] = *p;
		}
	/* nothing lost or added on the way to the index */
	int n;
	const struct vi_provider *const *all = vi_providers(&n);
	assert_int_equal(n, total);
	assert_null(all[n]);
	for (int k = 0; k < total; k++)
		assert_ptr_equal(vi_provider_find(seen[k]->key), seen[k]);
}

static void order_is_stable(void **state)
{
	(void)state;
	int n;
	const struct vi_provider *const *all = vi_providers(&n);
	assert_int_equal(n, NSHOWN);
	for (int i = 0; i < n; i++) {
		if (strcmp(all[i]->key, shown[i]) != 0)
			fail_msg("component %d is \"%s\", the index has always shown \"%s\" there", i, all[i]->key,
				 shown[i]);
		if (i)
			assert_true(all[i - 1]->order < all[i]->order);
	}
	/* asked again: the same list */
	assert_ptr_equal(vi_providers(NULL), all);
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

static void providers_well_formed(void **state)
{
	(void)state;
	for (const struct vi_provider *const *p = vi_providers(NULL); *p; p++) {
		const struct vi_provider *pv = *p;
		assert_non_null(pv->name);
		assert_non_null(pv->name_en);
		assert_non_null(pv->module);
		assert_non_null(pv->rule);
		assert_non_null(pv->describe);
		assert_true(pv->mult > 0);
		if (!pv->sql == !pv->compute)
			fail_msg("\"%s\" needs one of sql and compute", pv->key);
		if (!pv->sql)
			continue;
		assert_true(strncmp(pv->sql, VI_RAW_INSERT, strlen(VI_RAW_INSERT)) == 0);
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
	};
	return RUN_SUITE(tests);
}
