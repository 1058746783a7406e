/* jsonin.c — see jsonin.h. */
#include "core/jsonin.h"

#include <string.h>

size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

int jin_parse_object(const char *body, size_t len, json_t **out, struct err *e)
{
	json_error_t je;
	*out = NULL;
	if (!body || len == 0)
		return err_set(e, ERR_INVALID, "", "请求体为空，应为 JSON 对象",
			       "request body is empty; a JSON object is expected");
	json_t *j = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	if (!j)
		return err_setf(e, ERR_INVALID, "", "JSON 格式错误（第 %d 行第 %d 列）：%s",
				"malformed JSON (line %d, column %d): %s", je.line, je.column,
				je.text);
	if (!json_is_object(j)) {
		json_decref(j);
		return err_set(e, ERR_INVALID, "", "请求体应为 JSON 对象",
			       "request body must be a JSON object");
	}
	*out = j;
	return 0;
}

int jin_only(json_t *obj, const char *const *allowed, struct err *e)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		bool ok = false;
		for (const char *const *a = allowed; *a; a++)
			if (strcmp(*a, key) == 0) {
				ok = true;
				break;
			}
		if (!ok)
			return err_setf(e, ERR_INVALID, key, "未知字段：%s", "unknown field: %s", key);
	}
	return 0;
}

static int missing(const char *key, bool required, struct err *e)
{
	if (required)
		return err_setf(e, ERR_INVALID, key, "缺少必填字段：%s", "missing required field: %s",
				key);
	return 1;
}

/* obj's member `key` into *v: 0 when it is there and of `type` (JSON_TRUE:
 * either boolean), 1 when it is absent or null and not required, else the
 * error, whose message names the type (zh, en: formats taking the key). */
static int member(json_t *obj, const char *key, bool required, json_type type, const char *zh,
		  const char *en, json_t **v, struct err *e)
{
	*v = json_object_get(obj, key);
	if (!*v || json_is_null(*v))
		return missing(key, required, e);
	if (type == JSON_TRUE ? !json_is_boolean(*v) : json_typeof(*v) != type)
		return err_setf(e, ERR_INVALID, key, zh, en, key);
	return 0;
}

int jin_is_null(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return v && json_is_null(v);
}

int jin_str(json_t *obj, const char *key, bool required, size_t min_chars, size_t max_chars,
	    const char **out, struct err *e)
{
	json_t *v;
	int rc = member(obj, key, required, JSON_STRING, "字段 %s 应为字符串", "field %s must be a string", &v, e);
	if (rc)
		return rc;
	const char *s = json_string_value(v);
	if (strlen(s) != json_string_length(v))
		return err_setf(e, ERR_INVALID, key, "字段 %s 含有空字符", "field %s contains a NUL",
				key);
	size_t n = utf8_chars(s);
	/* The minimum counts what is left after trimming ASCII and ideographic
	 * (U+3000) spaces, so "   " is empty; the value itself is not changed
	 * (passwords keep their spaces). */
	size_t lead = 0, len = strlen(s);
	for (;;) {
		if (lead < len && (s[lead] == ' ' || s[lead] == '\t' || s[lead] == '\n' || s[lead] == '\r'))
			lead++;
		else if (len - lead >= 3 && memcmp(s + lead, "\xe3\x80\x80", 3) == 0)
			lead += 3;
		else
			break;
	}
	size_t trail = len;
	for (;;) {
		if (trail > lead && (s[trail - 1] == ' ' || s[trail - 1] == '\t' || s[trail - 1] == '\n' ||
				     s[trail - 1] == '\r'))
			trail--;
		else if (trail - lead >= 3 && memcmp(s + trail - 3, "\xe3\x80\x80", 3) == 0)
			trail -= 3;
		else
			break;
	}
	size_t trimmed = 0;
	for (size_t i = lead; i < trail; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			trimmed++;
	if (trimmed < min_chars) {
		n = trimmed;
		if (n == 0)
			return err_setf(e, ERR_INVALID, key, "字段 %s 不能为空",
					"field %s must not be empty", key);
		return err_setf(e, ERR_INVALID, key, "字段 %s 至少 %zu 个字符",
				"field %s needs at least %zu characters", key, min_chars);
	}
	if (n > max_chars)
		return err_setf(e, ERR_INVALID, key, "字段 %s 不能超过 %zu 个字符",
				"field %s must be at most %zu characters", key, max_chars);
	*out = s;
	return 0;
}

int jin_int(json_t *obj, const char *key, bool required, int64_t min, int64_t max, int64_t *out,
	    struct err *e)
{
	json_t *v;
	int rc = member(obj, key, required, JSON_INTEGER, "字段 %s 应为整数", "field %s must be an integer", &v, e);
	if (rc)
		return rc;
	json_int_t x = json_integer_value(v);
	if (x < min || x > max)
		return err_setf(e, ERR_INVALID, key, "字段 %s 应在 %lld 到 %lld 之间",
				"field %s must be between %lld and %lld", key, (long long)min,
				(long long)max);
	*out = x;
	return 0;
}

int jin_bool(json_t *obj, const char *key, bool required, bool *out, struct err *e)
{
	json_t *v;
	int rc = member(obj, key, required, JSON_TRUE, "字段 %s 应为 true 或 false", "field %s must be true or false",
			&v, e);
	if (rc)
		return rc;
	*out = json_is_true(v);
	return 0;
}

int jin_enum(json_t *obj, const char *key, bool required, const char *const *choices,
	     const char **out, struct err *e)
{
	const char *s;
	int rc = jin_str(obj, key, required, 1, 64, &s, e);
	if (rc)
		return rc;
	for (const char *const *c = choices; *c; c++)
		if (strcmp(*c, s) == 0) {
			*out = *c;
			return 0;
		}
	return err_setf(e, ERR_INVALID, key, "字段 %s 的取值“%s”无效", "field %s: invalid value \"%s\"",
			key, s);
}
