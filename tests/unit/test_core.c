/*
 * test_core.c — the domain-free core: arena, string builder (sb), JSON
 * writer (jw), time (wtime), request-body reading (jsonin), the error
 * type (err), configuration (config) and log levels.
 *
 * Everything here is pure computation, so each test states exact
 * expected text: a change in escaping, a comma in the wrong place or an
 * off-by-one in a date shows up as a differing string.
 *
 * Prints "N passed, N failed" last; cmocka's own report goes to stderr.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/err.h"
#include "core/jsonin.h"
#include "core/jw.h"
#include "core/log.h"
#include "core/sb.h"
#include "core/scan.h"
#include "core/wtime.h"
#include "testutil.h"

/* ------------------------------------------------------------------ arena */

static void arena_alignment_zero_and_big_blocks(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 256);
	for (int i = 1; i < 200; i++) {
		unsigned char *p = arena_alloc(&a, (size_t)i);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (int k = 0; k < i; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xAB, (size_t)i); /* ASan: the whole request is ours */
	}
	/* Larger than a block: gets a block of its own. */
	unsigned char *big = arena_alloc(&a, 10000);
	memset(big, 1, 10000);
	assert_int_equal((uintptr_t)big % 16, 0);
	char *s = arena_strdup(&a, "中文 text");
	assert_string_equal(s, "中文 text");
	assert_null(arena_strdup(&a, NULL));
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	assert_string_equal(arena_printf(&a, "%d-%s-%05.1f", -42, "x", 3.14159), "-42-x-003.1");
	arena_reset(&a);
	/* Still usable, and zeroed again after reset. */
	unsigned char *q = arena_alloc(&a, 64);
	for (int k = 0; k < 64; k++)
		assert_int_equal(q[k], 0);
	arena_free(&a);
	arena_free(&a); /* idempotent */
}

/* --------------------------------------------------------------------- sb */

static void sb_growth(void **state)
{
	(void)state;
	struct sb s = SB_INIT;
	assert_string_equal(sb_str(&s), "");
	for (int i = 0; i < 10000; i++)
		sb_addc(&s, (char)('a' + i % 26));
	assert_int_equal(s.len, 10000);
	assert_true(s.cap >= s.len + 1);
	assert_int_equal(s.buf[10000], 0);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(s.buf[i], 'a' + i % 26);
	/* One big append across several doublings. */
	char *chunk = malloc(100000);
	memset(chunk, 'z', 100000);
	sb_add(&s, chunk, 100000);
	free(chunk);
	assert_int_equal(s.len, 110000);
	assert_int_equal(strlen(s.buf), 110000);
	/* sb_addf longer than any internal scratch buffer. */
	sb_reset(&s);
	assert_int_equal(s.len, 0);
	assert_string_equal(sb_str(&s), "");
	sb_addf(&s, "%05d|%s|%*s|", 42, "中文", 3000, "x");
	assert_int_equal(s.len, 6 + 7 + 3000 + 1);
	assert_memory_equal(s.buf, "00042|中文|", 13);
	assert_int_equal(s.buf[s.len - 2], 'x');
	sb_reset(&s);
	sb_add(&s, "ab\0cd", 5); /* binary-safe */
	assert_int_equal(s.len, 5);
	assert_memory_equal(s.buf, "ab\0cd", 6);
	size_t n = 0;
	char *d = sb_detach(&s, &n);
	assert_int_equal(n, 5);
	assert_null(s.buf);
	assert_int_equal(s.len, 0);
	free(d);
	/* Detaching an untouched builder gives an empty, freeable string. */
	d = sb_detach(&s, &n);
	assert_non_null(d);
	assert_string_equal(d, "");
	assert_int_equal(n, 0);
	free(d);
	sb_free(&s);
}

static void sb_i64_extremes(void **state)
{
	(void)state;
	static const struct {
		int64_t v;
		const char *text;
	} cases[] = {
		{0, "0"},
		{7, "7"},
		{-1, "-1"},
		{10, "10"},
		{-10, "-10"},
		{1234567890123LL, "1234567890123"},
		{INT64_MAX, "9223372036854775807"},
		{INT64_MIN, "-9223372036854775808"},
		{INT64_MIN + 1, "-9223372036854775807"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct sb s = SB_INIT;
		sb_adds(&s, "<");
		sb_add_i64(&s, cases[i].v);
		sb_adds(&s, ">");
		char want[40];
		snprintf(want, sizeof want, "<%s>", cases[i].text);
		assert_string_equal(s.buf, want);
		assert_int_equal(s.len, strlen(want));
		sb_free(&s);
	}
}

/* --------------------------------------------------------------------- jw */

static char *jw_one_str(const char *s, size_t n)
{
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	jw_strn(&w, s, n);
	return sb_detach(&out, NULL);
}

static void jw_escaping(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		size_t n;
		const char *want;
	} cases[] = {
#define S(lit) lit, sizeof(lit) - 1
		{S("plain"), "\"plain\""},
		{S(""), "\"\""},
		{S("say \"hi\""), "\"say \\\"hi\\\"\""},
		{S("back\\slash"), "\"back\\\\slash\""},
		{S("a\nb\rc\td"), "\"a\\nb\\rc\\td\""},
		{S("\x01\x08\x0c\x1f"), "\"\\u0001\\u0008\\u000c\\u001f\""},
		{S("nul\0in"), "\"nul\\u0000in\""},
		{S("/ and \x7f"), "\"/ and \x7f\""},
		/* UTF-8 passes through unchanged: Chinese, accents, 4-byte emoji. */
		{S("文华社区 é 😀"), "\"文华社区 é 😀\""},
		{S("\"\\\n"), "\"\\\"\\\\\\n\""},
#undef S
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(strlen(cases[i].in) <= cases[i].n, 1);
		char *got = jw_one_str(cases[i].in, cases[i].n);
		assert_string_equal(got, cases[i].want);
		/* And a JSON parser reads back exactly the input bytes. */
		struct sb doc = SB_INIT;
		sb_adds(&doc, "[");
		sb_adds(&doc, got);
		sb_adds(&doc, "]");
		json_t *j = json_loads(doc.buf, JSON_ALLOW_NUL, NULL);
		assert_non_null(j);
		json_t *v = json_array_get(j, 0);
		assert_int_equal(json_string_length(v), cases[i].n);
		assert_memory_equal(json_string_value(v), cases[i].in, cases[i].n);
		json_decref(j);
		sb_free(&doc);
		free(got);
	}
	/* Keys are escaped too. */
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	jw_obj(&w);
	jw_kstr(&w, "k\"ey\n", "值");
	jw_obj_end(&w);
	assert_string_equal(out.buf, "{\"k\\\"ey\\n\":\"值\"}");
	sb_free(&out);
}

static void jw_string_members(void **state)
{
	(void)state;
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	jw_obj(&w);
	jw_kstrs(&w, "a", "x", "b", NULL, "c", "\"", JW_END);
	jw_kstrs(&w, JW_END);
	jw_kint(&w, "d", 1);
	jw_obj_end(&w);
	assert_string_equal(out.buf, "{\"a\":\"x\",\"b\":null,\"c\":\"\\\"\",\"d\":1}");
	sb_free(&out);
}

static void jw_nesting_and_commas(void **state)
{
	(void)state;
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	jw_obj(&w);
	jw_kint(&w, "a", 1);
	jw_key(&w, "b");
	jw_arr(&w);
	jw_int(&w, 1);
	jw_int(&w, -2);
	jw_obj(&w);
	jw_knull(&w, "c");
	jw_kbool(&w, "t", true);
	jw_obj_end(&w);
	jw_arr(&w);
	jw_arr_end(&w);
	jw_str(&w, NULL);
	jw_arr_end(&w);
	jw_key(&w, "d");
	jw_obj(&w);
	jw_obj_end(&w);
	jw_key(&w, "e");
	jw_arr(&w);
	jw_arr(&w);
	jw_bool(&w, false);
	jw_arr_end(&w);
	jw_arr(&w);
	jw_null(&w);
	jw_arr_end(&w);
	jw_arr_end(&w);
	jw_key(&w, "f");
	jw_double(&w, 1.5);
	jw_key(&w, "g");
	jw_double(&w, NAN);
	jw_key(&w, "h");
	jw_double(&w, INFINITY);
	jw_kint(&w, "min", INT64_MIN);
	jw_obj_end(&w);
	assert_string_equal(out.buf, "{\"a\":1,\"b\":[1,-2,{\"c\":null,\"t\":true},[],null],"
				     "\"d\":{},\"e\":[[false],[null]],\"f\":1.5,\"g\":null,"
				     "\"h\":null,\"min\":-9223372036854775808}");
	json_decref(parse_json(out.buf));
	assert_int_equal(w.depth, 0);
	/* A top-level sequence of values is comma separated (streaming lists). */
	sb_reset(&out);
	jw_init(&w, &out);
	jw_int(&w, 1);
	jw_str(&w, "x");
	jw_obj(&w);
	jw_obj_end(&w);
	assert_string_equal(out.buf, "1,\"x\",{}");
	sb_free(&out);
}

static void jw_raw_values(void **state)
{
	(void)state;
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	jw_obj(&w);
	jw_key(&w, "before");
	jw_raw(&w, "{\"x\":[1,2]}");
	jw_key(&w, "none");
	jw_raw(&w, NULL);
	jw_key(&w, "empty");
	jw_raw(&w, "");
	jw_key(&w, "list");
	jw_arr(&w);
	jw_raw(&w, "1");
	jw_raw(&w, "\"two\"");
	jw_arr_end(&w);
	jw_obj_end(&w);
	assert_string_equal(out.buf, "{\"before\":{\"x\":[1,2]},\"none\":null,\"empty\":null,"
				     "\"list\":[1,\"two\"]}");
	json_decref(parse_json(out.buf));
	sb_free(&out);
}

static void jw_time_shanghai(void **state)
{
	(void)state;
	static const struct {
		int64_t us;
		const char *want;
	} cases[] = {
		{0, "null"},
		{T0, "\"2026-11-25T09:30:00+08:00\""},
		{T0 + 999999, "\"2026-11-25T09:30:00+08:00\""}, /* seconds precision, truncated */
		/* 16:00Z on New Year's Eve is midnight of the new year in Shanghai. */
		{1798732800LL * 1000000, "\"2027-01-01T00:00:00+08:00\""},
		{1798732799LL * 1000000, "\"2026-12-31T23:59:59+08:00\""},
		/* Before the epoch: floor, not truncation toward zero. */
		{-1, "\"1970-01-01T07:59:59+08:00\""},
		{-8LL * 3600 * 1000000, "\"1970-01-01T00:00:00+08:00\""},
		{1, "\"1970-01-01T08:00:00+08:00\""},
		/* A leap day. */
		{(int64_t)(11016 * 86400LL + 3600) * 1000000, "\"2000-02-29T09:00:00+08:00\""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct sb out = SB_INIT;
		struct jw w;
		jw_init(&w, &out);
		jw_time(&w, cases[i].us);
		assert_string_equal(out.buf, cases[i].want);
		sb_free(&out);
	}
	char d[16];
	wtime_format_date(T0, d, sizeof d);
	assert_string_equal(d, "2026-11-25");
	wtime_format_date(1798732799LL * 1000000, d, sizeof d);
	assert_string_equal(d, "2026-12-31");
	wtime_format_date(1798732800LL * 1000000, d, sizeof d);
	assert_string_equal(d, "2027-01-01");
}

/* ------------------------------------------------------------------ wtime */

static int64_t civil_us(int y, unsigned m, unsigned d, int h, int mi, int s)
{
	return (wtime_days_from_civil(y, m, d) * 86400 + h * 3600 + mi * 60 + s) * WTIME_US;
}

static void wtime_civil(void **state)
{
	(void)state;
	assert_int_equal(wtime_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(wtime_days_from_civil(1970, 1, 2), 1);
	assert_int_equal(wtime_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(wtime_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(wtime_days_from_civil(1900, 1, 1), -25567);
	assert_int_equal(wtime_days_from_civil(2026, 11, 25), 20782);
}

static void wtime_parse_valid(void **state)
{
	(void)state;
	const struct { /* not static: civil_us() is computed */
		const char *s;
		int64_t want;
	} cases[] = {
		/* A date alone is midnight in Shanghai. */
		{"2026-11-25", T0 - (9 * 3600 + 30 * 60) * SEC},
		{"2026-11-25T09:30:00+08:00", T0},
		{"2026-11-25T09:30:00+0800", T0},
		{"2026-11-25T01:30:00Z", T0},
		{"2026-11-25T09:30", T0},        /* no offset = Shanghai */
		{"2026-11-25 09:30:00", T0},     /* space instead of T */
		{"2026-11-24T20:30:00-05:00", T0},
		{"2026-11-25T07:00:00+05:30", T0},
		{"2026-11-25T01:30:00.5Z", T0 + 500000},
		{"2026-11-25T01:30:00.000001Z", T0 + 1},
		{"2026-11-25T01:30:00.123456789Z", T0 + 123456}, /* beyond µs: truncated */
		{"2026-11-25T01:30:00.1+00:00", T0 + 100000},
		{"1970-01-01T00:00:00Z", 0},
		{"1970-01-01T08:00:00+08:00", 0},
		{"1970-01-01", -8 * 3600 * SEC},
		{"1969-12-31T23:59:59.5Z", -500000},
		{"2024-02-29", civil_us(2024, 2, 29, 0, 0, 0) - 8 * 3600 * SEC},
		{"2000-02-29T12:00:00Z", civil_us(2000, 2, 29, 12, 0, 0)},
		{"2026-12-31T23:59:59Z", civil_us(2026, 12, 31, 23, 59, 59)},
		{"2026-04-30", civil_us(2026, 4, 30, 0, 0, 0) - 8 * 3600 * SEC},
		{"2026-01-31T00:00:00+14:00", civil_us(2026, 1, 30, 10, 0, 0)},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t us = 12345;
		int rc = wtime_parse(cases[i].s, &us);
		if (rc || us != cases[i].want)
			fprintf(stderr, "wtime_parse(%s) = %d, %lld (want %lld)\n", cases[i].s, rc,
				(long long)us, (long long)cases[i].want);
		assert_int_equal(rc, 0);
		assert_true(us == cases[i].want);
	}
}

static void wtime_parse_invalid(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"2026-02-29",          /* not a leap year */
		"1900-02-29",          /* century, not leap */
		"2100-02-29",
		"2026-04-31",
		"2026-13-01",
		"2026-00-10",
		"2026-01-00",
		"2026-01-32",
		"2026-11-25T25:00",
		"2026-11-25T24:00",
		"2026-11-25T23:60",
		"2026-11-25T09:30:61",
		"2026-11-25T09:30:00+15:00",
		"2026-11-25T09:30:00+08:60",
		"2026-11-25T09:30:00+8:00",
		"2026-11-25T09:30:00+08:00x",
		"2026-11-25T09:30:00ZZ",
		"2026-11-25x",
		"2026-11-25T",
		"2026-11-25T09",
		"2026-11-25T9:30",
		"2026-11-25Z",
		"2026-1-25",
		"26-11-25",
		"2026/11/25",
		" 2026-11-25",
		"",
		"0999-01-01",
		"abcd-ef-gh",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t us = 777;
		int rc = wtime_parse(bad[i], &us);
		if (rc != -1)
			fprintf(stderr, "wtime_parse accepted \"%s\"\n", bad[i]);
		assert_int_equal(rc, -1);
		assert_int_equal(us, 777); /* untouched on failure */
	}
	int64_t us;
	assert_int_equal(wtime_parse(NULL, &us), -1);
}

static void wtime_round_trip(void **state)
{
	(void)state;
	/* Seconds-precision instants spread over 1900..2100, both signs of the epoch. */
	int64_t lo = civil_us(1900, 1, 2, 0, 0, 0), hi = civil_us(2100, 12, 30, 0, 0, 0);
	int64_t step = 7919LL * 3607 * SEC + 13 * SEC;
	int n = 0;
	for (int64_t us = lo; us < hi; us += step, n++) {
		char buf[40], d[16];
		wtime_format(us, buf, sizeof buf);
		int64_t back = 0;
		assert_int_equal(wtime_parse(buf, &back), 0);
		if (back != us)
			fprintf(stderr, "round trip %lld -> %s -> %lld\n", (long long)us, buf,
				(long long)back);
		assert_true(back == us);
		/* The date part agrees with wtime_format_date and parses to that day's midnight. */
		wtime_format_date(us, d, sizeof d);
		assert_memory_equal(buf, d, 10);
		assert_int_equal(wtime_parse(d, &back), 0);
		assert_true(back <= us && us - back < 86400 * SEC);
	}
	assert_true(n > 200);
	/* "now" survives too (at seconds precision). */
	int64_t now = wtime_now() / SEC * SEC, back;
	char buf[40];
	wtime_format(now, buf, sizeof buf);
	assert_int_equal(wtime_parse(buf, &back), 0);
	assert_true(back == now);
	assert_true(wtime_mono() > 0);
}

/* ----------------------------------------------------------------- jsonin */

static int parse(const char *body, json_t **j, struct err *e)
{
	err_clear(e);
	return jin_parse_object(body, body ? strlen(body) : 0, j, e);
}

static void jsonin_parse_object(void **state)
{
	(void)state;
	struct err e;
	json_t *j = NULL;
	assert_int_equal(parse("{\"a\":1,\"b\":\"中\"}", &j, &e), 0);
	assert_non_null(j);
	json_decref(j);
	static const char *const bad[] = {
		"{\"a\":1,\"a\":2}",          /* duplicate key */
		"{\"a\":{\"b\":1,\"b\":1}}",  /* duplicate, nested */
		"{\"a\":1} x",                /* trailing garbage */
		"{\"a\":1}{}",
		"{\"a\":\"\xff\"}",           /* invalid UTF-8 */
		"{\"a\":\"\xc0\xaf\"}",       /* overlong encoding */
		"{\"a\":\"\xed\xa0\x80\"}",   /* UTF-16 surrogate in UTF-8 */
		"{\"a\":\"\xe4\xb8\"}",       /* truncated sequence */
		"[1,2]",                      /* not an object */
		"\"text\"",
		"42",
		"null",
		"{",
		"",
		"{'a':1}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		j = (json_t *)1;
		int rc = parse(bad[i], &j, &e);
		if (rc != ERR_INVALID)
			fprintf(stderr, "jin_parse_object accepted %s\n", bad[i]);
		assert_int_equal(rc, ERR_INVALID);
		assert_int_equal(e.code, ERR_INVALID);
		assert_null(j);
		assert_true(e.message[0] && e.message_en[0]);
		assert_true(utf8_valid(e.message) && utf8_valid(e.message_en));
	}
	assert_int_equal(parse(NULL, &j, &e), ERR_INVALID);
	assert_null(j);
}

static void jsonin_only(void **state)
{
	(void)state;
	static const char *const allowed[] = {"name", "code", NULL};
	struct err e;
	json_t *j;
	assert_int_equal(parse("{\"name\":\"x\",\"code\":null}", &j, &e), 0);
	assert_int_equal(jin_only(j, allowed, &e), 0);
	json_decref(j);
	assert_int_equal(parse("{}", &j, &e), 0);
	assert_int_equal(jin_only(j, allowed, &e), 0);
	json_decref(j);
	assert_int_equal(parse("{\"name\":\"x\",\"nmae\":\"typo\"}", &j, &e), 0);
	assert_int_equal(jin_only(j, allowed, &e), ERR_INVALID);
	assert_string_equal(e.field, "nmae");
	assert_non_null(strstr(e.message_en, "nmae"));
	json_decref(j);
	/* A prefix of an allowed name is still unknown. */
	assert_int_equal(parse("{\"nam\":1}", &j, &e), 0);
	assert_int_equal(jin_only(j, allowed, &e), ERR_INVALID);
	assert_string_equal(e.field, "nam");
	json_decref(j);
}

/* n copies of a 3-byte character. */
static char *repeat(const char *unit, int n)
{
	struct sb s = SB_INIT;
	for (int i = 0; i < n; i++)
		sb_adds(&s, unit);
	return sb_detach(&s, NULL);
}

static json_t *obj_with_str(const char *key, const char *val)
{
	json_t *j = json_object();
	json_object_set_new(j, key, json_string(val));
	return j;
}

static void jsonin_str_chars(void **state)
{
	(void)state;
	struct err e;
	const char *out = NULL;
	char *s64 = repeat("文", 64), *s65 = repeat("文", 65);
	json_t *j = obj_with_str("name", s64);
	assert_int_equal(jin_str(j, "name", true, 1, 64, &out, &e), 0);
	assert_string_equal(out, s64); /* 192 bytes, 64 characters */
	json_decref(j);
	j = obj_with_str("name", s65);
	err_clear(&e);
	assert_int_equal(jin_str(j, "name", true, 1, 64, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "name");
	assert_non_null(strstr(e.message_en, "64"));
	json_decref(j);
	free(s64);
	free(s65);
	/* 4-byte characters count once each. */
	j = obj_with_str("t", "😀😀");
	assert_int_equal(jin_str(j, "t", true, 2, 2, &out, &e), 0);
	json_decref(j);
	assert_int_equal(utf8_chars("a中😀é"), 4);
	assert_int_equal(utf8_chars(""), 0);

	/* Too short, empty, missing, null, wrong type, embedded NUL. */
	json_t *o = json_loads("{\"short\":\"ab\",\"empty\":\"\",\"nul\":null,\"num\":5,"
			       "\"zero\":\"a\\u0000b\"}",
			       JSON_ALLOW_NUL, NULL);
	assert_non_null(o);
	err_clear(&e);
	assert_int_equal(jin_str(o, "short", true, 3, 10, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "short");
	err_clear(&e);
	assert_int_equal(jin_str(o, "empty", true, 1, 10, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "empty");
	assert_int_equal(jin_str(o, "empty", true, 0, 10, &out, &e), 0);
	assert_string_equal(out, "");
	err_clear(&e);
	assert_int_equal(jin_str(o, "absent", true, 1, 10, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "absent");
	out = "untouched";
	assert_int_equal(jin_str(o, "absent", false, 1, 10, &out, &e), 1);
	assert_int_equal(jin_str(o, "nul", false, 1, 10, &out, &e), 1);
	assert_string_equal(out, "untouched");
	err_clear(&e);
	assert_int_equal(jin_str(o, "nul", true, 1, 10, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "nul");
	err_clear(&e);
	assert_int_equal(jin_str(o, "num", true, 0, 10, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "num");
	err_clear(&e);
	assert_int_equal(jin_str(o, "zero", true, 0, 10, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "zero");
	json_decref(o);
}

/* Regression (fixed): jsonin.h promises "Strings: trimmed length measured in characters",
 * but jin_str counts the raw string, so a name of only spaces passes a
 * min_chars of 1 (region names, display names can be blank) and "  ab  "
 * fails max_chars 2. Disabled until fixed; see the report. */
static void jsonin_str_trimmed_length(void **state)
{
	(void)state;
	struct err e;
	const char *out = NULL;
	json_t *j = obj_with_str("name", "   ");
	err_clear(&e);
	assert_int_equal(jin_str(j, "name", true, 1, 64, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "name");
	json_decref(j);
	/* The minimum counts the trimmed text; the maximum bounds what is stored. */
	j = obj_with_str("name", "  ab  ");
	assert_int_equal(jin_str(j, "name", true, 2, 6, &out, &e), 0);
	assert_int_equal(jin_str(j, "name", true, 3, 6, &out, &e), ERR_INVALID);
	assert_int_equal(jin_str(j, "name", true, 1, 5, &out, &e), ERR_INVALID);
	json_decref(j);
	j = obj_with_str("name", "\xe3\x80\x80\xe3\x80\x80");
	assert_int_equal(jin_str(j, "name", true, 1, 64, &out, &e), ERR_INVALID);
	json_decref(j);
}

static void jsonin_int_bounds(void **state)
{
	(void)state;
	struct err e;
	int64_t v = -99;
	json_t *o = json_loads("{\"lo\":0,\"hi\":100,\"under\":-1,\"over\":101,\"f\":1.5,"
			       "\"s\":\"5\",\"b\":true,\"max\":9223372036854775807,"
			       "\"min\":-9223372036854775808,\"n\":null}",
			       0, NULL);
	assert_non_null(o);
	assert_int_equal(jin_int(o, "lo", true, 0, 100, &v, &e), 0);
	assert_int_equal(v, 0);
	assert_int_equal(jin_int(o, "hi", true, 0, 100, &v, &e), 0);
	assert_int_equal(v, 100);
	static const char *const bad[] = {"under", "over", "f", "s", "b", "absent", "n"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err_clear(&e);
		v = -99;
		assert_int_equal(jin_int(o, bad[i], true, 0, 100, &v, &e), ERR_INVALID);
		assert_string_equal(e.field, bad[i]);
		assert_int_equal(v, -99);
	}
	assert_int_equal(jin_int(o, "absent", false, 0, 100, &v, &e), 1);
	assert_int_equal(jin_int(o, "max", true, INT64_MIN, INT64_MAX, &v, &e), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(jin_int(o, "min", true, INT64_MIN, INT64_MAX, &v, &e), 0);
	assert_true(v == INT64_MIN);
	assert_int_equal(jin_int(o, "max", true, 0, INT64_MAX - 1, &v, &e), ERR_INVALID);
	/* Bool getter alongside. */
	bool bv = false;
	assert_int_equal(jin_bool(o, "b", true, &bv, &e), 0);
	assert_true(bv);
	err_clear(&e);
	assert_int_equal(jin_bool(o, "lo", true, &bv, &e), ERR_INVALID);
	assert_string_equal(e.field, "lo");
	assert_int_equal(jin_bool(o, "absent", false, &bv, &e), 1);
	assert_true(jin_is_null(o, "n"));
	assert_false(jin_is_null(o, "lo"));
	assert_false(jin_is_null(o, "absent"));
	/* A member of the wrong type is named with its expected type, in both languages. */
	const char *sv = NULL;
	err_clear(&e);
	assert_int_equal(jin_str(o, "lo", true, 0, 10, &sv, &e), ERR_INVALID);
	assert_string_equal(e.message, "字段 lo 应为字符串");
	assert_string_equal(e.message_en, "field lo must be a string");
	err_clear(&e);
	assert_int_equal(jin_int(o, "s", true, 0, 100, &v, &e), ERR_INVALID);
	assert_string_equal(e.message, "字段 s 应为整数");
	assert_string_equal(e.message_en, "field s must be an integer");
	err_clear(&e);
	assert_int_equal(jin_bool(o, "s", true, &bv, &e), ERR_INVALID);
	assert_string_equal(e.message_en, "field s must be true or false");
	assert_int_equal(jin_str(o, "n", false, 0, 10, &sv, &e), 1);
	assert_null(sv);
	json_decref(o);
}

static void jsonin_enum(void **state)
{
	(void)state;
	static const char *const kinds[] = {"urban", "rural", NULL};
	struct err e;
	const char *out = NULL;
	json_t *o = json_loads("{\"k\":\"rural\",\"bad\":\"Rural\",\"num\":1,\"empty\":\"\"}", 0,
			       NULL);
	assert_non_null(o);
	assert_int_equal(jin_enum(o, "k", true, kinds, &out, &e), 0);
	/* The answer is the table's own string (outlives the JSON document). */
	assert_ptr_equal(out, kinds[1]);
	static const char *const bad[] = {"bad", "num", "empty", "absent"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err_clear(&e);
		assert_int_equal(jin_enum(o, bad[i], true, kinds, &out, &e), ERR_INVALID);
		assert_string_equal(e.field, bad[i]);
	}
	assert_non_null(strstr(e.message_en, "absent"));
	err_clear(&e);
	jin_enum(o, "bad", true, kinds, &out, &e);
	assert_non_null(strstr(e.message_en, "Rural"));
	assert_int_equal(jin_enum(o, "absent", false, kinds, &out, &e), 1);
	json_decref(o);
}

/* -------------------------------------------------------------------- err */

static void err_truncation_keeps_utf8(void **state)
{
	(void)state;
	/* Every alignment of 3- and 4-byte characters against the 255-byte cut. */
	for (int prefix = 0; prefix < 4; prefix++)
		for (int unit = 0; unit < 2; unit++) {
			struct sb s = SB_INIT;
			for (int i = 0; i < prefix; i++)
				sb_addc(&s, 'a');
			for (int i = 0; i < 120; i++)
				sb_adds(&s, unit ? "😀" : "社");
			struct err e;
			err_set(&e, ERR_RULE, s.buf, s.buf, s.buf);
			assert_int_equal(e.code, ERR_RULE);
			size_t n = strlen(e.message);
			assert_true(n <= 255 && n > 250);
			assert_memory_equal(e.message, s.buf, n);
			assert_true(utf8_valid(e.message));
			assert_true(utf8_valid(e.message_en));
			assert_string_equal(e.message, e.message_en);
			size_t f = strlen(e.field);
			assert_true(f <= 63 && f > 59);
			assert_true(utf8_valid(e.field));
			sb_free(&s);
		}
	/* Exactly 255 bytes fit whole. */
	char m[256];
	memset(m, 'x', 255);
	m[255] = 0;
	struct err e;
	err_set(&e, ERR_INVALID, "f", m, "short");
	assert_int_equal(strlen(e.message), 255);
	/* err_setf formats both languages with the same arguments. */
	err_setf(&e, ERR_CONFLICT, "version", "当前版本 %lld，字段 %s", "now version %lld, field %s",
		 (long long)7, "名称");
	assert_string_equal(e.message, "当前版本 7，字段 名称");
	assert_string_equal(e.message_en, "now version 7, field 名称");
	assert_string_equal(e.field, "version");
	/* NULL struct: the code is still returned. */
	assert_int_equal(err_set(NULL, ERR_RULE, "x", "y", "z"), ERR_RULE);
	assert_int_equal(err_setf(NULL, ERR_IO, "x", "%d", "%d", 1), ERR_IO);
	/* NULL field and messages become empty strings; codename/retry cleared. */
	e.retry_after = 9;
	snprintf(e.codename, sizeof e.codename, "locked");
	err_set(&e, ERR_NOT_FOUND, NULL, NULL, NULL);
	assert_string_equal(e.field, "");
	assert_string_equal(e.message, "");
	assert_int_equal(e.retry_after, 0);
	assert_string_equal(err_codename(&e), "not_found");
	err_clear(&e);
	assert_int_equal(e.code, 0);
}

static void err_names_and_status(void **state)
{
	(void)state;
	static const struct {
		int code, status;
		const char *name;
	} cases[] = {
		{ERR_INVALID, 400, "validation"},  {ERR_UNAUTH, 401, "unauthenticated"},
		{ERR_FORBIDDEN, 403, "forbidden"}, {ERR_NOT_FOUND, 404, "not_found"},
		{ERR_CONFLICT, 409, "conflict"},   {ERR_RULE, 422, "rule"},
		{ERR_LIMIT, 429, "throttled"},     {ERR_LOCKED, 429, "locked"},
		{ERR_TOO_LARGE, 413, "too_large"}, {ERR_STORE, 500, "store"},
		{ERR_INTERNAL, 500, "internal"},   {ERR_IO, 500, "io"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct err e;
		err_set(&e, cases[i].code, "", "", "");
		assert_string_equal(err_codename(&e), cases[i].name);
		assert_int_equal(err_http_status(cases[i].code), cases[i].status);
	}
	assert_int_equal(err_http_status(ERR_OK), 200);
	struct err e;
	err_set(&e, ERR_UNAUTH, "", "", "");
	snprintf(e.codename, sizeof e.codename, "bad_credentials");
	assert_string_equal(err_codename(&e), "bad_credentials");
}

/* ----------------------------------------------------------------- config */

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void clear_env(void)
{
	static const char *const vars[] = {"WUSHE_BIND", "WUSHE_PORT", "WUSHE_DB",
					   "WUSHE_LOG_LEVEL", "WUSHE_THREADS", "WUSHE_STATIC"};
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
		unsetenv(vars[i]);
}

static void config_file_parsing(void **state)
{
	(void)state;
	char path[64];
	tmp_db_path(path);
	struct config c;
	struct err e;
	config_defaults(&c);
	assert_string_equal(c.bind, "127.0.0.1"); /* safe default: loopback only */
	assert_int_equal(c.port, 8080);
	assert_int_equal(c.threads, 4);
	write_file(path, "# comment\n"
			 "\n"
			 "   bind =  0.0.0.0  \n"
			 "port=9090\n"
			 "\t# indented comment\n"
			 "db = /var/lib/wushe/数据.db\n"
			 "log_level = debug\r\n"
			 "threads = 16\n");
	err_clear(&e);
	assert_int_equal(config_load_file(&c, path, 1, &e), 0);
	assert_string_equal(c.bind, "0.0.0.0");
	assert_int_equal(c.port, 9090);
	assert_string_equal(c.db, "/var/lib/wushe/数据.db");
	assert_string_equal(c.log_level, "debug");
	assert_int_equal(c.threads, 16);
	assert_string_equal(c.static_dir, "web/dist"); /* untouched default */

	static const struct {
		const char *text, *field;
	} bad[] = {
		{"colour = blue\n", "colour"},
		{"port = 70000\n", "port"},
		{"port = 80x\n", "port"},
		{"port =\n", "port"},
		{"threads = 0\n", "threads"},
		{"just words\n", "config"},
		{"bind = 0123456789012345678901234567890123456789012345678901234567890123456789\n",
		 "bind"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		write_file(path, bad[i].text);
		err_clear(&e);
		config_defaults(&c);
		assert_int_equal(config_load_file(&c, path, 1, &e), ERR_INVALID);
		assert_string_equal(e.field, bad[i].field);
	}
	unlink(path);
	/* A missing file is an error only when it was asked for. */
	config_defaults(&c);
	assert_int_equal(config_load_file(&c, path, 0, &e), 0);
	assert_int_equal(c.port, 8080);
	err_clear(&e);
	assert_int_equal(config_load_file(&c, path, 1, &e), ERR_IO);
}

static void config_env_precedence(void **state)
{
	(void)state;
	char path[64];
	tmp_db_path(path);
	write_file(path, "bind = 10.0.0.1\nport = 9090\ndb = from-file.db\n");
	struct config c;
	struct err e;
	clear_env();
	config_defaults(&c);
	assert_int_equal(config_load_file(&c, path, 1, &e), 0);
	setenv("WUSHE_PORT", "7070", 1);
	setenv("WUSHE_DB", "/tmp/from-env.db", 1);
	setenv("WUSHE_BIND", "", 1); /* empty: ignored */
	setenv("WUSHE_STATIC", "/srv/web", 1);
	setenv("WUSHE_THREADS", "8", 1);
	setenv("WUSHE_LOG_LEVEL", "warn", 1);
	assert_int_equal(config_load_env(&c, &e), 0);
	assert_int_equal(c.port, 7070);               /* env beats file */
	assert_string_equal(c.db, "/tmp/from-env.db");
	assert_string_equal(c.bind, "10.0.0.1");      /* file value kept */
	assert_string_equal(c.static_dir, "/srv/web");
	assert_int_equal(c.threads, 8);
	assert_string_equal(c.log_level, "warn");
	/* Command-line flags come last (config_set) and beat both. */
	assert_int_equal(config_set(&c, "port", "6060", &e), 0);
	assert_int_equal(c.port, 6060);
	/* A bad environment value is reported with its setting name. */
	setenv("WUSHE_PORT", "http", 1);
	err_clear(&e);
	assert_int_equal(config_load_env(&c, &e), ERR_INVALID);
	assert_string_equal(e.field, "port");
	clear_env();
	unlink(path);
}

static void log_levels(void **state)
{
	(void)state;
	enum log_level l = LOG_OFF;
	assert_int_equal(log_parse_level("debug", &l), 0);
	assert_int_equal(l, LOG_DEBUG);
	assert_int_equal(log_parse_level("error", &l), 0);
	assert_int_equal(l, LOG_ERROR);
	assert_int_equal(log_parse_level("off", &l), 0);
	assert_int_equal(l, LOG_OFF);
	assert_int_equal(log_parse_level("verbose", &l), -1);
	assert_int_equal(log_parse_level(NULL, &l), -1);
	enum log_level old = log_get_level();
	log_set_level(LOG_OFF);
	assert_int_equal(log_get_level(), LOG_OFF);
	log_error("not shown %d", 1);
	log_set_level(old);
}

/* A line longer than the stack buffer (2 KB) is written whole: a list
 * query's plan cut at 2 KB once read as a table scan ("SCAN pg"). */
static void log_long_line_whole(void **state)
{
	(void)state;
	char path[] = "/tmp/wushe-log-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	fflush(stderr);
	int saved = dup(2);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fd, 2), 2);
	char *big = malloc(5001);
	assert_non_null(big);
	memset(big, 'x', 5000);
	big[4990] = 'E';
	big[5000] = 0;
	enum log_level old = log_get_level();
	log_set_level(LOG_INFO);
	log_info("plan %s :: SCAN pg_", big);
	log_set_level(old);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char *got = malloc(8192);
	assert_non_null(got);
	size_t n = fread(got, 1, 8191, f);
	got[n] = 0;
	fclose(f);
	close(fd);
	unlink(path);
	assert_non_null(strstr(got, big));
	assert_non_null(strstr(got, ":: SCAN pg_\n"));
	free(got);
	free(big);
}

/* A scan is told by its first bytes, refused empty, too large or of
 * another kind (naming file), and comes back byte for byte. */
static void scan_check_and_round_trip(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct err e = {0};
	struct scan sc;
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 1, 2, 0xff};
	assert_string_equal(scan_type("%PDF-1.4 x", 10), "application/pdf");
	assert_string_equal(scan_type("\xff\xd8\xff\xe0", 4), "image/jpeg");
	assert_string_equal(scan_type(png, sizeof png), "image/png");
	assert_null(scan_type("GIF89a", 6));
	assert_null(scan_type("%PD", 3));
	assert_int_equal(scan_prepare(&a, "x.pdf", "f", "", 0, 100, &sc, &e), ERR_INVALID);
	assert_string_equal(e.field, "file");
	assert_int_equal(scan_prepare(&a, "x.gif", "f", "GIF89a", 6, 100, &sc, &e), ERR_INVALID);
	assert_int_equal(scan_prepare(&a, "x.png", "f", png, sizeof png, sizeof png - 1, &sc, &e), ERR_TOO_LARGE);
	char longname[202];
	memset(longname, 'n', 201);
	longname[201] = 0;
	assert_int_equal(scan_prepare(&a, longname, "f", png, sizeof png, 100, &sc, &e), ERR_INVALID);
	assert_string_equal(e.field, "file_name");
	assert_int_equal(scan_prepare(&a, NULL, "letter", png, sizeof png, 100, &sc, &e), 0);
	assert_string_equal(sc.file_name, "letter");
	assert_string_equal(sc.content_type, "image/png");
	assert_int_equal(sc.size, (int64_t)sizeof png);
	assert_int_equal(strlen(sc.sha256), 64);
	unsigned char *back = NULL;
	size_t n = 0;
	assert_int_equal(scan_decode(&a, sc.b64, sc.size, "id", &back, &n, &e), 0);
	assert_int_equal(n, sizeof png);
	assert_memory_equal(back, png, sizeof png);
	assert_int_equal(scan_decode(&a, "!!not base64!!", 10, "id", &back, &n, &e), ERR_INTERNAL);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arena_alignment_zero_and_big_blocks),
		cmocka_unit_test(sb_growth),
		cmocka_unit_test(sb_i64_extremes),
		cmocka_unit_test(jw_escaping),
		cmocka_unit_test(jw_nesting_and_commas),
		cmocka_unit_test(jw_string_members),
		cmocka_unit_test(jw_raw_values),
		cmocka_unit_test(jw_time_shanghai),
		cmocka_unit_test(wtime_civil),
		cmocka_unit_test(wtime_parse_valid),
		cmocka_unit_test(wtime_parse_invalid),
		cmocka_unit_test(wtime_round_trip),
		cmocka_unit_test(jsonin_parse_object),
		cmocka_unit_test(jsonin_only),
		cmocka_unit_test(jsonin_str_chars),
		cmocka_unit_test(jsonin_str_trimmed_length),
		cmocka_unit_test(jsonin_int_bounds),
		cmocka_unit_test(jsonin_enum),
		cmocka_unit_test(err_truncation_keeps_utf8),
		cmocka_unit_test(err_names_and_status),
		cmocka_unit_test(config_file_parsing),
		cmocka_unit_test(config_env_precedence),
		cmocka_unit_test(log_levels),
		cmocka_unit_test(log_long_line_whole),
		cmocka_unit_test(scan_check_and_round_trip),
	};
	return RUN_SUITE(tests);
}
