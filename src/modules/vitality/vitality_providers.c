/*
 * vitality_providers.c — the index's side of the contract with the areas
 * (vitality.h): every area's providers gathered from the descriptors
 * (modules_all(), each area's `.vitality` list) into one list sorted by
 * order then key; running one provider (its tables, its shared aggregate
 * once per recompute, its statement with the named parameters); and the
 * text behind a score (vitality_say: the provider's says/says_en with its figures).
 */
#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/module.h"
#include "modules/vitality/vitality.h"
#include "store/store.h"

static const struct vitality_provider *all[VITALITY_MAX_PROVIDERS + 1];
static int nall;
static pthread_once_t gathered = PTHREAD_ONCE_INIT;

static int by_order(const void *a, const void *b)
{
	const struct vitality_provider *x = *(const struct vitality_provider *const *)a;
	const struct vitality_provider *y = *(const struct vitality_provider *const *)b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void gather(void)
{
	int n;
	const struct module *const *m = modules_all(&n);
	for (int i = 0; i < n; i++)
		for (const struct vitality_provider *const *p = m[i]->vitality; p && *p; p++) {
			assert(nall < VITALITY_MAX_PROVIDERS);
			if (nall < VITALITY_MAX_PROVIDERS)
				all[nall++] = *p;
		}
	qsort(all, (size_t)nall, sizeof all[0], by_order);
	all[nall] = NULL;
}

const struct vitality_provider *const *vitality_providers(int *n)
{
	pthread_once(&gathered, gather);
	if (n)
		*n = nall;
	return all;
}

const struct vitality_provider *vitality_provider_find(const char *key)
{
	for (const struct vitality_provider *const *p = vitality_providers(NULL); key && *p; p++)
		if (strcmp((*p)->key, key) == 0)
			return *p;
	return NULL;
}

int vitality_once(struct vitality_ctx *v, int (*build)(struct vitality_ctx *v, struct err *e), struct err *e)
{
	for (int i = 0; i < v->nonce; i++)
		if (v->once[i].build == build)
			return v->once[i].rc;
	int rc = build(v, e);
	assert(v->nonce < (int)(sizeof v->once / sizeof v->once[0]));
	if (v->nonce < (int)(sizeof v->once / sizeof v->once[0]) && rc >= 0) {
		v->once[v->nonce].build = build;
		v->once[v->nonce++].rc = rc;
	}
	return rc;
}

int vitality_provider_run(struct vitality_ctx *v, const struct vitality_provider *pv, struct err *e)
{
	for (const struct vitality_table *t = pv->reads; t && t->name; t++)
		if (!db_table_has(v->db, t->name, t->cols))
			return VITALITY_ABSENT;
	int rc = pv->prepare ? vitality_once(v, pv->prepare, e) : 0;
	if (rc)
		return rc;
	if (pv->compute)
		return pv->compute(v, pv, e);
	struct db_arg args[16];
	int n = 0;
	for (const char *p = pv->params; p && *p; p++) {
		assert(n < 16);
		struct db_arg *a = &args[n++];
		memset(a, 0, sizeof *a);
		a->type = 'i';
		switch (*p) {
		case 'k': a->type = 's'; a->s = pv->key; break;
		case 'E': a->i = v->m.end; break;
		case 'S': a->i = v->m.start; break;
		case 'W': a->i = v->m.window_start; break;
		case 'F': a->type = 's'; a->s = v->first; break;
		case 'N': a->type = 's'; a->s = v->next; break;
		default: assert(!"unknown vitality parameter"); n--;
		}
	}
	struct stmt *st = db_qa(v->db, e, pv->sql, args, n);
	if (!st)
		return e->code;
	while ((rc = stmt_step(st, e)) == 1)
		;
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

/* ---------- the numbers behind a score ---------- */

/* A whole number with thousands separators ("504,649"), as the UI shows counts. */
static void add_grouped(struct sb *b, double v)
{
	char raw[32];
	long long n = llround(v);
	snprintf(raw, sizeof raw, "%lld", n < 0 ? -n : n);
	size_t len = strlen(raw);
	if (n < 0)
		sb_addc(b, '-');
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			sb_addc(b, ',');
		sb_addc(b, raw[i]);
	}
}

static void say(const char *t, const struct vitality_fig *f, struct sb *b)
{
	while (t && *t) {
		const char *open = strchr(t, '{');
		if (!open) {
			sb_adds(b, t);
			return;
		}
		sb_add(b, t, (size_t)(open - t));
		const char *close = strchr(open, '}');
		assert(close);
		size_t len = (size_t)(close - open - 1);
		const char *colon = memchr(open + 1, ':', len);
		size_t nlen = colon ? (size_t)(colon - open - 1) : len;
		double v = 0;
#define IS(name) (nlen == sizeof name - 1 && memcmp(open + 1, name, nlen) == 0)
		if (IS("num"))
			v = f->num;
		else if (IS("den"))
			v = f->den;
		else if (IS("kden"))
			v = f->den * 1000;
		else if (IS("raw"))
			v = f->raw;
		else if (IS("target"))
			v = f->target;
		else if (IS("floor"))
			v = f->floor;
		else
			assert(!"unknown figure in a vitality text");
#undef IS
		char conv[12] = "%";
		size_t clen = colon ? (size_t)(close - colon - 1) : 0;
		assert(clen < sizeof conv - 1 && strspn(colon ? colon + 1 : "", ".0123456789fg") >= clen);
		if (!colon || clen >= sizeof conv - 1)
			add_grouped(b, v);
		else {
			memcpy(conv + 1, colon + 1, clen);
			conv[clen + 1] = 0;
			sb_addf(b, conv, v);
		}
		t = close + 1;
	}
}

void vitality_say(const struct vitality_provider *pv, const struct vitality_fig *f, struct sb *zh, struct sb *en)
{
	say(pv->says, f, zh);
	say(pv->says_en, f, en);
}
