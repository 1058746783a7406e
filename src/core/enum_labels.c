/* enum_labels.c — see enum_labels.h: a binary search of the generated table. */
#include <stdlib.h>
#include <string.h>

#include "core/enum_labels.h"

static int cmp(const void *key, const void *elem)
{
	const struct enum_label *k = key, *l = elem;
	int c = strcmp(k->name, l->name);
	return c ? c : strcmp(k->value, l->value);
}

int enum_label(const char *name, const char *value, const char **zh, const char **en)
{
	if (!name || !value)
		return 0;
	const struct enum_label key = {.name = name, .value = value};
	const struct enum_label *l = bsearch(&key, enum_labels, (size_t)enum_label_count, sizeof *l, cmp);
	if (!l)
		return 0;
	*zh = l->zh;
	*en = l->en;
	return 1;
}
