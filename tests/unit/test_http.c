/*
 * test_http.c — the HTTP adapter's pure parts: the raw request-target check
 * (http_uri_check: escapes, NUL and control characters, UTF-8, encoded '/'
 * in a path) and the settings `wushe serve` takes for HTTPS and connection
 * limits (issue 15, holes 4, 10 and 12). The sockets themselves are tested
 * by tests/api/04_http_hardening.json and tests/api/hostile.py.
 *
 * Prints "N passed, N failed" last; cmocka's own report goes to stderr.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/config.h"
#include "http/http.h"
#include "testutil.h"

static int check(const char *raw, char *field, size_t cap)
{
	struct arena a;
	arena_init(&a, 1024);
	struct err e = {0};
	int rc = http_uri_check(raw, &a, &e);
	snprintf(field, cap, "%s", e.field);
	arena_free(&a);
	return rc;
}

static void uri_accepts_plain_and_utf8(void **state)
{
	(void)state;
	char f[64];
	static const char *const ok[] = {
		"/", "/api/v1/people/1", "/api/v1/regions?q=%E5%8C%97&per_page=5",
		"/api/v1/people?q=%e5%8c%97", "/api/v1/x?a=b+c&&d", "/api/v1/x?a=%2F%26%3D",
		"/api/v1/x?flag", "/api/v1/x?=v", "/assets/app.1a2b.js", "/api/v1/x?emoji=%F0%9F%98%80",
		"/%E4%B8%AD", "/api/v1/x?a=", "/api/v1/x?a=b=c",
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		int rc = check(ok[i], f, sizeof f);
		if (rc)
			fprintf(stderr, "refused: %s\n", ok[i]);
		assert_int_equal(rc, 0);
	}
}

static void log_path_hides_feed_tokens(void **state)
{
	(void)state;
	char b[512];
	assert_string_equal(http_log_path("/api/v1/people/3", b, sizeof b), "/api/v1/people/3");
	assert_string_equal(http_log_path("/api/v1/calendar-feeds/wcf_SECRETabc-_x/calendar.ics", b, sizeof b),
			    "/api/v1/calendar-feeds/wcf_***/calendar.ics");
	assert_string_equal(http_log_path("/a/wcf_1/b/wcf_2", b, sizeof b), "/a/wcf_***/b/wcf_***");
	assert_null(strstr(http_log_path("/x/wcf_SECRET", b, 12), "SECRET"));
	assert_string_equal(http_log_path(NULL, b, sizeof b), "-");
}

static void uri_refuses_nul_controls_bad_utf8(void **state)
{
	(void)state;
	static const struct {
		const char *raw, *field;
	} bad[] = {
		{"/api/v1/people/1%00", "path"},        /* the probe's request */
		{"/api/v1/people/1%0a", "path"},
		{"/api/v1/people/1%2F2", "path"},       /* encoded '/' inside a segment */
		{"/api/v1/people/%FF", "path"},
		{"/api/v1/people/1%", "path"},          /* escape cut short */
		{"/api/v1/people/1%4", "path"},
		{"/api/v1/people/1%G0", "path"},
		{"/api/v1/x?q=%FF", "q"},               /* invalid UTF-8 */
		{"/api/v1/x?a=1&q=%C0%AF", "q"},        /* overlong '/' */
		{"/api/v1/x?q=%ED%A0%80", "q"},         /* UTF-16 surrogate */
		{"/api/v1/x?q=%F4%90%80%80", "q"},      /* past U+10FFFF */
		{"/api/v1/x?q=%E5%8C", "q"},            /* truncated sequence */
		{"/api/v1/x?q=a%00b", "q"},             /* NUL would cut the value */
		{"/api/v1/x?q=a%09b", "q"},
		{"/api/v1/x?%FF=1", "query"},           /* the name itself */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char f[64];
		int rc = check(bad[i].raw, f, sizeof f);
		if (rc != ERR_INVALID || strcmp(f, bad[i].field) != 0)
			fprintf(stderr, "%s: rc %d field %s\n", bad[i].raw, rc, f);
		assert_int_equal(rc, ERR_INVALID);
		assert_string_equal(f, bad[i].field);
	}
}

static void utf8_validator(void **state)
{
	(void)state;
	assert_true(http_utf8_valid((const unsigned char *)"", 0));
	assert_true(http_utf8_valid((const unsigned char *)"abc \xe5\x8c\x97", 7));
	assert_true(http_utf8_valid((const unsigned char *)"\xf4\x8f\xbf\xbf", 4));  /* U+10FFFF */
	assert_false(http_utf8_valid((const unsigned char *)"\xc1\xbf", 2));        /* overlong */
	assert_false(http_utf8_valid((const unsigned char *)"\xe0\x80\xaf", 3));    /* overlong */
	assert_false(http_utf8_valid((const unsigned char *)"\x80", 1));            /* lone continuation */
	assert_false(http_utf8_valid((const unsigned char *)"\xf8\x88\x80\x80\x80", 5));
}

static void config_https_and_limits(void **state)
{
	(void)state;
	struct config c;
	struct err e = {0};
	config_defaults(&c);
	assert_int_equal(c.https_proxy, 0);
	assert_int_equal(c.max_connections, 256);
	assert_int_equal(c.read_timeout, 20);
	assert_int_equal(config_set(&c, "https_proxy", "true", &e), 0);
	assert_int_equal(c.https_proxy, 1);
	assert_int_equal(config_set(&c, "https_proxy", "off", &e), 0);
	assert_int_equal(c.https_proxy, 0);
	assert_int_equal(config_set(&c, "https_proxy", "maybe", &e), ERR_INVALID);
	assert_string_equal(e.field, "https_proxy");
	assert_int_equal(config_set(&c, "max_connections", "64", &e), 0);
	assert_int_equal(c.max_connections, 64);
	assert_int_equal(config_set(&c, "max_connections", "0", &e), ERR_INVALID);
	assert_int_equal(config_set(&c, "read_timeout", "5", &e), 0);
	assert_int_equal(c.read_timeout, 5);
	assert_int_equal(config_set(&c, "read_timeout", "0", &e), ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(uri_accepts_plain_and_utf8),
		cmocka_unit_test(uri_refuses_nul_controls_bad_utf8),
		cmocka_unit_test(utf8_validator),
		cmocka_unit_test(log_path_hides_feed_tokens),
		cmocka_unit_test(config_https_and_limits),
	};
	return RUN_SUITE(tests);
}
