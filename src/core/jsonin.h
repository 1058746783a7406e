/*
 * jsonin.h — reading request bodies. Bodies are parsed by jansson with
 * duplicate keys rejected (JSON_REJECT_DUPLICATES); jansson also rejects
 * invalid UTF-8 and trailing garbage. The getters validate one field each
 * and fill struct err with the field name and a bilingual message, so a
 * handler reads as a list of fields and their rules.
 */
#ifndef WUSHE_CORE_JSONIN_H
#define WUSHE_CORE_JSONIN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Parse a body that must be a JSON object. */
int jin_parse_object(const char *body, size_t len, json_t **out, struct err *e);

/* Reject keys not in the NULL-terminated allowed list (typos must not be silently ignored). */
int jin_only(json_t *obj, const char *const *allowed, struct err *e);

/* Each returns 0 when present and valid, 1 when absent and optional, or a negative error.
 * Strings: lengths in characters (UTF-8 code points), min/max inclusive; the minimum
 * counts the text without leading/trailing spaces (so "   " is empty), the maximum
 * the whole value as stored. */
int jin_str(json_t *obj, const char *key, bool required, size_t min_chars, size_t max_chars,
	    const char **out, struct err *e);
int jin_int(json_t *obj, const char *key, bool required, int64_t min, int64_t max, int64_t *out,
	    struct err *e);
int jin_bool(json_t *obj, const char *key, bool required, bool *out, struct err *e);
/* A string that must be one of the NULL-terminated choices. */
int jin_enum(json_t *obj, const char *key, bool required, const char *const *choices,
	     const char **out, struct err *e);
/* null allowed: *is_null set. */
int jin_is_null(json_t *obj, const char *key);

size_t utf8_chars(const char *s);

#endif
