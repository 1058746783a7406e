/* fields.c — see fields.h. */
#include "core/fields.h"

#include <string.h>

#include "core/arena.h"
#include "core/jsonin.h"
#include "core/wtime.h"

static bool admitted(const struct field *f, enum fields_mode mode)
{
	if (mode == FIELDS_CREATE)
		return !(f->flags & FLD_UPDATE_ONLY);
	return !(f->flags & FLD_CREATE_ONLY);
}

static bool required(const struct field *f, enum fields_mode mode)
{
	return mode == FIELDS_CREATE ? (f->flags & FLD_REQ_CREATE) : (f->flags & FLD_REQ_UPDATE);
}

bool fields_is_date(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return false;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

static int unknown_keys(json_t *obj, const struct field *fields, enum fields_mode mode,
			struct err *e)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		const struct field *f = fields;
		for (; f->key; f++)
			if (strcmp(f->key, key) == 0 && admitted(f, mode))
				break;
		if (!f->key)
			return err_setf(e, ERR_INVALID, key, "未知字段：%s", "unknown field: %s", key);
	}
	return 0;
}

static int read_one(json_t *obj, const struct field *f, enum fields_mode mode, char *out,
		    struct arena *a, struct err *e)
{
	bool req = required(f, mode);
	void *dst = out + f->off;
	int rc;
	switch (f->type) {
	case FT_INT:
		rc = jin_int(obj, f->key, req, f->min, f->max, (int64_t *)dst, e);
		break;
	case FT_BOOL:
		rc = jin_bool(obj, f->key, req, (bool *)dst, e);
		break;
	case FT_ENUM:
		rc = jin_enum(obj, f->key, req, f->choices, (const char **)dst, e);
		break;
	case FT_STR:
	case FT_DATE: {
		const char *s = NULL;
		rc = jin_str(obj, f->key, req, (size_t)f->min, (size_t)f->max, &s, e);
		if (rc == 0 && f->type == FT_DATE && !fields_is_date(s))
			return err_setf(e, ERR_INVALID, f->key, "字段 %s 应为日期 YYYY-MM-DD",
					"field %s must be a date YYYY-MM-DD", f->key);
		if (rc == 0)
			*(const char **)dst = arena_strdup(a, s);
		break;
	}
	case FT_TIME: {
		const char *s = NULL;
		rc = jin_str(obj, f->key, req, (size_t)f->min, (size_t)f->max, &s, e);
		if (rc == 0 && wtime_parse(s, (int64_t *)dst))
			return err_setf(e, ERR_INVALID, f->key, "%s 应为 ISO 8601 时间",
					"%s must be an ISO 8601 time", f->key);
		break;
	}
	case FT_CUSTOM: {
		json_t *v = json_object_get(obj, f->key);
		if (!v || json_is_null(v))
			rc = req ? err_setf(e, ERR_INVALID, f->key, "缺少必填字段：%s",
					    "missing required field: %s", f->key)
				 : 1;
		else
			rc = f->read(v, f->key, dst, a, e);
		break;
	}
	default:
		return err_set(e, ERR_INTERNAL, f->key, "字段表有误", "bad field table");
	}
	if (rc < 0)
		return rc;
	if (f->has_off >= 0)
		*(bool *)(out + f->has_off) = json_object_get(obj, f->key) != NULL;
	return 0;
}

int fields_read(json_t *obj, const struct field *fields, enum fields_mode mode, void *out,
		struct arena *a, struct err *e)
{
	int rc = unknown_keys(obj, fields, mode, e);
	for (const struct field *f = fields; !rc && f->key; f++)
		if (admitted(f, mode))
			rc = read_one(obj, f, mode, out, a, e);
	return rc;
}

int fields_parse(const char *body, size_t len, const struct field *f, enum fields_mode mode,
		 void *out, struct arena *a, struct err *e)
{
	json_t *j;
	int rc = jin_parse_object(body, len, &j, e);
	if (rc)
		return rc;
	rc = fields_read(j, f, mode, out, a, e);
	json_decref(j);
	return rc;
}

json_t *fields_describe(const struct field *fields, enum fields_mode mode)
{
	static const char *const names[] = {"",     "integer", "boolean", "string",
					    "enum", "date",    "time",    "custom"};
	json_t *arr = json_array();
	for (const struct field *f = fields; f && f->key; f++) {
		if (!admitted(f, mode))
			continue;
		json_t *o = json_pack("{s:s, s:s, s:b}", "key", f->key, "type", names[f->type],
				      "required", required(f, mode) ? 1 : 0);
		if (f->type == FT_INT || f->type == FT_STR) {
			json_object_set_new(o, f->type == FT_STR ? "min_chars" : "min", json_integer(f->min));
			json_object_set_new(o, f->type == FT_STR ? "max_chars" : "max", json_integer(f->max));
		}
		if (f->type == FT_ENUM) {
			json_t *v = json_array();
			for (const char *const *c = f->choices; *c; c++)
				json_array_append_new(v, json_string(*c));
			json_object_set_new(o, "values", v);
		}
		json_array_append_new(arr, o);
	}
	return arr;
}
