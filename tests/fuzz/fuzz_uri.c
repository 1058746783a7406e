/*
 * fuzz_uri.c — the request-target check every request passes before routing
 * (http/uri.c: percent-decoding, NUL, invalid UTF-8, control characters,
 * encoded '/'). Arbitrary bytes up to the first NUL are the target.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *raw = malloc(size + 1);
	memcpy(raw, data, size);
	raw[size] = '\0';
	struct arena a;
	struct err e = {0};
	arena_init(&a, 1024);
	int rc = http_uri_check(raw, &a, &e);
	if (rc && (e.code == ERR_STORE || e.code == ERR_INTERNAL || e.code == ERR_IO))
		abort();   /* a bad target is the client's fault: never a 5xx */
	arena_free(&a);
	free(raw);
	return 0;
}
