/*
 * module.c — the generated list of areas (build/gen/modules.c, written by
 * scripts/gen-modules.sh from the WUSHE_MODULE lines in src/), sorted by
 * each area's order. See module.h.
 *
 * Enum names (`.enums`) are one namespace across all areas: GET
 * /api/v1/enums serves them as the keys of one object, so a name two areas
 * declare is a programming error and the first modules_all() aborts —
 * the server does not start and every test that walks the areas fails.
 */
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/module.h"

extern const struct module *const wushe_modules_generated[];
extern const int wushe_modules_generated_count;

static const struct module **sorted;
static int nsorted;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int by_order(const void *a, const void *b)
{
	const struct module *x = *(const struct module *const *)a, *y = *(const struct module *const *)b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void sort_once(void)
{
	nsorted = wushe_modules_generated_count;
	sorted = malloc(sizeof *sorted * (size_t)(nsorted + 1));
	if (!sorted)
		abort();
	for (int i = 0; i < nsorted; i++)
		sorted[i] = wushe_modules_generated[i];
	sorted[nsorted] = NULL;
	qsort(sorted, (size_t)nsorted, sizeof *sorted, by_order);
	const char *dup = modules_enum_duplicate(sorted, nsorted);
	if (dup) {
		fprintf(stderr, "wushe: enum \"%s\" is declared by two areas (core/module.h)\n", dup);
		abort();
	}
}

const char *modules_enum_duplicate(const struct module *const *m, int n)
{
	for (int i = 0; i < n; i++)
		for (const struct module_enum *a = m[i]->enums; a && a->name; a++)
			for (int j = i; j < n; j++)
				for (const struct module_enum *b = j == i ? a + 1 : m[j]->enums; b && b->name; b++)
					if (strcmp(a->name, b->name) == 0)
						return a->name;
	return NULL;
}

const struct module *const *modules_all(int *n)
{
	pthread_once(&once, sort_once);
	if (n)
		*n = nsorted;
	return sorted;
}

/* The i-th entry of the list at offset `list` in each module (entries of
 * `size` bytes that start with their name; a NULL name ends a list). */
static const void *nth_entry(size_t list, size_t size, int i, const struct module **owner)
{
	int n;
	const struct module *const *m = modules_all(&n);
	for (int k = 0; k < n; k++) {
		const char *e, *name;
		memcpy(&e, (const char *)m[k] + list, sizeof e);  /* the list, as bytes */
		for (; e && (memcpy(&name, e, sizeof name), name); e += size)
			if (i-- == 0) {
				if (owner)
					*owner = m[k];
				return e;
			}
	}
	return NULL;
}

const struct module_cmd *modules_command(const char *name)
{
	const struct module_cmd *c;
	for (int i = 0; (c = nth_entry(offsetof(struct module, commands), sizeof *c, i, NULL)); i++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

const struct module_pii *modules_pii(int i, const struct module **owner)
{
	return nth_entry(offsetof(struct module, pii), sizeof(struct module_pii), i, owner);
}

const struct module_retention *modules_retention(int i, const struct module **owner)
{
	return nth_entry(offsetof(struct module, retention), sizeof(struct module_retention), i, owner);
}

const struct module_todo *modules_todo(int i, const struct module **owner)
{
	return nth_entry(offsetof(struct module, todos), sizeof(struct module_todo), i, owner);
}
