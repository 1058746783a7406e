/*
 * fields.h — declarative request bodies. A resource declares its JSON
 * fields once, as a table: key, type, when it is required, its limits or
 * enum values, and where it lands in the logic's input struct:
 *
 *     static const struct field member_fields[] = {
 *         FLD_INT(struct registry_member_in, community_id, FLD_REQ, 1, INT64_MAX),
 *         FLD_ENUM(struct registry_member_in, kind, FLD_REQ, registry_member_kinds),
 *         FLD_STR(struct registry_member_in, note, 0, 0, 500),
 *         FLD_END,
 *     };
 *
 * fields_read() refuses keys the table does not name, checks every field
 * with the jsonin.h rules (so the errors name the field, in Chinese and
 * English) and fills the struct; strings are copied into the caller's
 * arena, so nothing refers to the JSON afterwards. A field given sets its
 * `has_` flag when the table names one (FLD_*_HAS), which is how an update
 * tells "leave as is" from "set to empty". The same tables describe the
 * API (`wushe routes --json`, the permission matrix, the UI's enum lists),
 * so there is one place where a field's rules are written.
 */
#ifndef WUSHE_CORE_FIELDS_H
#define WUSHE_CORE_FIELDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;

enum field_type {
	FT_END = 0,
	FT_INT,     /* int64_t, min..max */
	FT_BOOL,    /* bool */
	FT_STR,     /* const char *, min..max characters (min counts trimmed text) */
	FT_ENUM,    /* const char *, one of choices (the stored pointer is the choice's) */
	FT_DATE,    /* const char *, YYYY-MM-DD, a real calendar day */
	FT_TIME,    /* int64_t µs UTC, from an ISO 8601 time with offset */
	FT_CUSTOM,  /* read by the field's own function (arrays, nested objects) */
};

enum {
	FLD_REQ_CREATE = 1 << 0, /* required when creating */
	FLD_REQ_UPDATE = 1 << 1, /* required when updating (e.g. version) */
	FLD_REQ = FLD_REQ_CREATE | FLD_REQ_UPDATE,
	FLD_CREATE_ONLY = 1 << 2, /* refused as unknown on update */
	FLD_UPDATE_ONLY = 1 << 3, /* refused as unknown on create */
};

enum fields_mode { FIELDS_CREATE, FIELDS_UPDATE };

/* FT_CUSTOM: read v (never NULL or JSON null) into dst. */
typedef int (*field_reader)(json_t *v, const char *key, void *dst, struct arena *a,
			    struct err *e);

struct field {
	const char *key;
	enum field_type type;
	unsigned flags;
	size_t off;                  /* where the value lands */
	ptrdiff_t has_off;           /* bool set when the key is given, or -1 */
	int64_t min, max;            /* bounds (FT_INT) or characters (FT_STR) */
	const char *const *choices;  /* FT_ENUM, NULL-terminated */
	field_reader read;           /* FT_CUSTOM */
};

#define FLD_INT(st, m, fl, lo, hi) {#m, FT_INT, (fl), offsetof(st, m), -1, (lo), (hi), NULL, NULL}
#define FLD_BOOL(st, m, fl) {#m, FT_BOOL, (fl), offsetof(st, m), -1, 0, 0, NULL, NULL}
#define FLD_STR(st, m, fl, lo, hi) {#m, FT_STR, (fl), offsetof(st, m), -1, (lo), (hi), NULL, NULL}
#define FLD_ENUM(st, m, fl, ch) {#m, FT_ENUM, (fl), offsetof(st, m), -1, 0, 0, (ch), NULL}
#define FLD_DATE(st, m, fl) {#m, FT_DATE, (fl), offsetof(st, m), -1, 10, 10, NULL, NULL}
#define FLD_TIME(st, m, fl) {#m, FT_TIME, (fl), offsetof(st, m), -1, 10, 40, NULL, NULL}
#define FLD_CUSTOM(st, m, fl, fn) {#m, FT_CUSTOM, (fl), offsetof(st, m), -1, 0, 0, NULL, (fn)}
/* The same, with a bool `has` member set when the key is present. */
#define FLD_INT_HAS(st, m, has, fl, lo, hi) \
	{#m, FT_INT, (fl), offsetof(st, m), (ptrdiff_t)offsetof(st, has), (lo), (hi), NULL, NULL}
#define FLD_STR_HAS(st, m, has, fl, lo, hi) \
	{#m, FT_STR, (fl), offsetof(st, m), (ptrdiff_t)offsetof(st, has), (lo), (hi), NULL, NULL}
#define FLD_ENUM_HAS(st, m, has, fl, ch) \
	{#m, FT_ENUM, (fl), offsetof(st, m), (ptrdiff_t)offsetof(st, has), 0, 0, (ch), NULL}
#define FLD_CUSTOM_HAS(st, m, has, fl, fn) \
	{#m, FT_CUSTOM, (fl), offsetof(st, m), (ptrdiff_t)offsetof(st, has), 0, 0, NULL, (fn)}
/* A JSON key whose C member has another name. */
#define FLD_INT_AS(key, st, m, fl, lo, hi) {key, FT_INT, (fl), offsetof(st, m), -1, (lo), (hi), NULL, NULL}
#define FLD_STR_AS(key, st, m, fl, lo, hi) {key, FT_STR, (fl), offsetof(st, m), -1, (lo), (hi), NULL, NULL}
#define FLD_END {NULL, FT_END, 0, 0, -1, 0, 0, NULL, NULL}

/* Read obj into out by the table. Strings are copied into a. */
int fields_read(json_t *obj, const struct field *f, enum fields_mode mode, void *out,
		struct arena *a, struct err *e);
/* Parse body (a JSON object) and read it; nothing refers to the JSON afterwards. */
int fields_parse(const char *body, size_t len, const struct field *f, enum fields_mode mode,
		 void *out, struct arena *a, struct err *e);
/* Whether s is a real calendar day written YYYY-MM-DD. */
bool fields_is_date(const char *s);
/* The table as JSON: [{"key","type","required","min","max","values"}] (docs, UI). */
json_t *fields_describe(const struct field *f, enum fields_mode mode);

#endif
