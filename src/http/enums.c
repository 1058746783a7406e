/*
 * enums.c — GET /api/v1/enums: every list of values the API accepts, as
 * the areas declare them in their descriptors (core/module.h, `.enums`).
 * The web UI reads this once after login instead of copying the lists;
 * their labels live in the UI's i18n files, keyed by enum name and value.
 *
 * The answer is {"enums": {"<name>": ["<value>", …], …}}, areas in their
 * descriptor order (order, then name), each area's enums in the order it
 * declares them, values in the order of the C array the logic checks.
 * Names are unique across areas: modules_all() refuses to start otherwise.
 * `wushe enums` prints the same object, so that a check outside the server
 * (web/src/i18n/check-enums.mjs: every value has a zh and an en label) reads
 * the lists from the binary instead of copying them.
 */
#include <stdio.h>

#include "auth/auth.h"
#include "core/module.h"
#include "http/http.h"

static void enums_write(struct jw *w)
{
	int n;
	const struct module *const *m = modules_all(&n);
	jw_obj(w);
	jw_key(w, "enums");
	jw_obj(w);
	for (int i = 0; i < n; i++)
		for (const struct module_enum *en = m[i]->enums; en && en->name; en++) {
			jw_key(w, en->name);
			jw_arr(w);
			for (const char *const *v = en->values; *v; v++)
				jw_str(w, *v);
			jw_arr_end(w);
		}
	jw_obj_end(w);
	jw_obj_end(w);
}

static int h_enums(struct req *r)
{
	enums_write(&r->jw);
	return 0;
}

/* `wushe enums`: the same object on stdout. */
int cmd_enums(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	enums_write(&w);
	int rc = puts(sb_str(&out)) == EOF;
	sb_free(&out);
	return rc;
}

const struct route enums_routes[] = {
	{"GET", "/api/v1/enums", h_enums, ROLES_ANY, 0, "the value lists the API accepts (enums)"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
