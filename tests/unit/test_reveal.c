/*
 * test_reveal.c — what every reveal of full personal details shares
 * (modules/privacy/reveal.h): the purpose rule, the audit detail that
 * names the fields the record held (never their values) and the answer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "core/jw.h"
#include "core/sb.h"
#include "modules/privacy/reveal.h"

static void purpose_is_2_to_200_characters(void **state)
{
	(void)state;
	struct err e = {0};
	assert_int_equal(reveal_purpose_check(NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "purpose");
	e = (struct err){0};
	assert_int_equal(reveal_purpose_check("x", &e), ERR_INVALID);
	assert_int_equal(reveal_purpose_check("上门", &e), 0); /* characters, not bytes */
	char s[205 * 3 + 1] = "";
	for (int i = 0; i < 200; i++)
		strcat(s, "查");
	assert_int_equal(reveal_purpose_check(s, &e), 0);
	strcat(s, "查");
	e = (struct err){0};
	assert_int_equal(reveal_purpose_check(s, &e), ERR_INVALID);
}

static void detail_names_the_held_fields_only(void **state)
{
	(void)state;
	struct reveal_field f[] = {{"id_number", NULL}, {"mobile", "13800000000"}};
	struct sb a = SB_INIT;
	reveal_audit_detail(&a, "回访", f, 2);
	assert_string_equal(sb_str(&a), "{\"purpose\":\"回访\",\"fields\":[\"mobile\"]}");
	sb_free(&a);
	f[1].value = NULL;
	reveal_audit_detail(&a, "回访", f, 2);
	assert_string_equal(sb_str(&a), "{\"purpose\":\"回访\",\"fields\":[]}");
	sb_free(&a);
}

static void answer_gives_every_field(void **state)
{
	(void)state;
	const struct reveal_field f[] = {{"beneficiary_name", "王阿姨"}, {"beneficiary_phone", NULL}};
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	reveal_answer(&w, 7, f, 2, "上门");
	assert_string_equal(sb_str(&out), "{\"id\":7,\"beneficiary_name\":\"王阿姨\",\"beneficiary_phone\":null,"
					  "\"purpose\":\"上门\"}");
	sb_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(purpose_is_2_to_200_characters),
		cmocka_unit_test(detail_names_the_held_fields_only),
		cmocka_unit_test(answer_gives_every_field),
	};
	int n = (int)(sizeof tests / sizeof tests[0]);
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	printf("%d passed, %d failed\n", n - failed, failed);
	return failed != 0;
}
