/*
 * reveal.c — what every reveal of full personal details shares (reveal.h).
 */
#include "core/jsonin.h"
#include "core/jw.h"
#include "core/sb.h"
#include "modules/privacy/reveal.h"

int reveal_purpose_check(const char *purpose, struct err *e)
{
	if (!purpose || utf8_chars(purpose) < 2 || utf8_chars(purpose) > 200)
		return err_set(e, ERR_INVALID, "purpose", "请说明查看目的（2 到 200 个字）",
			       "state the purpose (2 to 200 characters)");
	return 0;
}

void reveal_audit_detail(struct sb *out, const char *purpose, const struct reveal_field *f, int n)
{
	struct jw w;
	jw_init(&w, out);
	jw_obj(&w);
	jw_kstr(&w, "purpose", purpose);
	jw_key(&w, "fields");
	jw_arr(&w);
	for (int i = 0; i < n; i++)
		if (f[i].value)
			jw_str(&w, f[i].name);
	jw_arr_end(&w);
	jw_obj_end(&w);
}

void reveal_answer(struct jw *w, int64_t id, const struct reveal_field *f, int n, const char *purpose)
{
	jw_obj(w);
	jw_kint(w, "id", id);
	for (int i = 0; i < n; i++)
		jw_kstr(w, f[i].name, f[i].value);
	jw_kstr(w, "purpose", purpose);
	jw_obj_end(w);
}
