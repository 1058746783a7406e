/*
 * vi_providers.c — the index's side of the contract with the areas
 * (vitality.h): every area's providers gathered from the descriptors
 * (modules_all(), each area's `.vitality` list) into one list sorted by
 * order then key; running one provider (its tables, its shared aggregate
 * once per recompute, its statement with the named parameters); and the
 * helpers the providers' describe functions share.
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

static const struct vi_provider *all[VI_MAX_PROVIDERS + 1];
static int nall;
static pthread_once_t gathered = PTHREAD_ONCE_INIT;

static int by_order(const void *a, const void *b)
{
	const struct vi_provider *x = *(const struct vi_provider *const *)a;
	const struct vi_provider *y = *(const struct vi_provider *const *)b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void gather(void)
{
	int n;
	const struct module *const *m = modules_all(&n);
	for (int i = 0; i < n; i++)
		for (const struct vi_provider *const *p = m[i]->vitality; p && *p; p++) {
			assert(nall < VI_MAX_PROVIDERS);
			if (nall < VI_MAX_PROVIDERS)
				all[nall++] = *p;
		}
	qsort(all, (size_t)nall, sizeof all[0], by_order);
	all[nall] = NULL;
}

const struct vi_provider *const *vi_providers(int *n)
{
	pthread_once(&gathered, gather);
	if (n)
		*n = nall;
	return all;
}

const struct vi_provider *vi_provider_find(const char *key)
{
	for (const struct vi_provider *const *p = vi_providers(NULL); key && *p; p++)
		if (strcmp((*p)->key, key) == 0)
			return *p;
	return NULL;
}

int vi_once(struct vi_ctx *v, int (*build)(struct vi_ctx *v, struct err *e), struct err *e)
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

int vi_provider_run(struct vi_ctx *v, const struct vi_provider *pv, struct err *e)
{
	for (const struct vi_table *t = pv->reads; t && t->name; t++)
		if (!db_table_has(v->db, t->name, t->cols))
			return VI_ABSENT;
	int rc = pv->prepare ? vi_once(v, pv->prepare, e) : 0;
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

/* ---------- describe helpers ---------- */

const char *vi_group(char b[32], double v)
{
	char raw[32];
	long long n = llround(v);
	snprintf(raw, sizeof raw, "%lld", n < 0 ? -n : n);
	size_t len = strlen(raw), o = 0;
	if (n < 0)
		b[o++] = '-';
	for (size_t i = 0; i < len && o < 30; i++) {
		if (i && (len - i) % 3 == 0)
			b[o++] = ',';
		b[o++] = raw[i];
	}
	b[o] = 0;
	return b;
}

void vi_describe_ratio(const struct vi_fig *f, struct sb *zh, struct sb *en, double den_scale,
		       const char *zh_fmt, const char *en_fmt)
{
	char a[32], b[32];
	vi_group(a, f->num);
	vi_group(b, f->den * den_scale);
	sb_addf(zh, zh_fmt, a, b, f->raw, f->target);
	sb_addf(en, en_fmt, a, b, f->raw, f->target);
}

void vi_describe_rate(const struct vi_fig *f, struct sb *zh, struct sb *en, const char *what,
		      const char *what_en, const char *done, const char *done_en)
{
	char a[32], b[32];
	vi_group(a, f->den);
	vi_group(b, f->num);
	sb_addf(zh, "近 12 个月%s %s 件，%s %s 件（%.1f%%，目标 %.0f%%）", what, a, done, b, f->raw, f->target);
	sb_addf(en, "%s %s in 12 months, %s %s (%.1f%%, target %.0f%%)", a, what_en, b, done_en, f->raw,
		f->target);
}

void vi_describe_days(const struct vi_fig *f, struct sb *zh, struct sb *en, const char *what,
		      const char *what_en)
{
	char a[32];
	vi_group(a, f->den);
	sb_addf(zh, "%s %s 件，平均 %.1f 天（%.0f 天内满分，%.0f 天及以上 0 分）", what, a, f->raw, f->target,
		f->floor);
	sb_addf(en, "%s %s, %.1f days on average (full marks within %.0f days, 0 at %.0f)", a, what_en, f->raw,
		f->target, f->floor);
}
