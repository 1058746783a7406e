/*
 * fuzz_body.c — every declarative request body (core/fields.h) against
 * arbitrary bytes. The first byte picks one of the routes that declare a
 * body (in the order the areas list them), the second byte flips create and
 * update mode, the rest is the body. fields_parse must answer 0 or a 4xx in
 * e, never crash, read out of bounds or leak (ASan), whatever the bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/fields.h"
#include "core/module.h"
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct route *with_body[512];
static int n_body;

static void collect(void)
{
	int n;
	const struct module *const *all = modules_all(&n);
	for (int i = 0; i < n; i++) {
		if (!all[i]->routes)
			continue;
		for (const struct route *const *t = all[i]->routes; *t; t++)
			for (const struct route *r = *t; r->method; r++)
				if (r->body && n_body < (int)(sizeof with_body / sizeof *with_body))
					with_body[n_body++] = r;
	}
}

/* Room for the struct a table fills: past its last member, generously. */
static size_t out_size(const struct field *f)
{
	size_t max = 0;
	for (; f->key; f++) {
		if (f->off > max)
			max = f->off;
		if (f->has_off >= 0 && (size_t)f->has_off > max)
			max = (size_t)f->has_off;
	}
	return max + 4096;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!n_body)
		collect();
	if (size < 2 || !n_body)
		return 0;
	const struct route *r = with_body[data[0] % n_body];
	enum fields_mode mode = (data[1] & 1) ? FIELDS_UPDATE : FIELDS_CREATE;
	if (data[1] & 2)
		mode = (enum fields_mode)r->body_mode;
	size_t osz = out_size(r->body);
	void *out = calloc(1, osz);
	struct arena a;
	struct err e = {0};
	arena_init(&a, 4096);
	int rc = fields_parse((const char *)data + 2, size - 2, r->body, mode, out, &a, &e);
	if (rc && (e.code == ERR_STORE || e.code == ERR_INTERNAL || e.code == ERR_IO))
		abort();   /* a bad body is the client's fault: never a 5xx */
	arena_free(&a);
	free(out);
	return 0;
}
