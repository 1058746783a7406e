/* export_http.c — see export_http.h. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/wtime.h"
#include "http/export_http.h"
#include "http/http.h"

/* "zh", "zh-CN", "en", "en-GB": the language, or -1. */
static int lang_of(const char *s, size_t n)
{
	if (n >= 2 && (n == 2 || s[2] == '-' || s[2] == '_')) {
		if (!strncasecmp(s, "zh", 2))
			return EXPORT_ZH;
		if (!strncasecmp(s, "en", 2))
			return EXPORT_EN;
	}
	return -1;
}

int req_export_lang(struct req *r, enum export_lang *out)
{
	const char *q = req_query_nonempty(r, "lang");
	*out = EXPORT_ZH;
	if (q) {
		int l = lang_of(q, strlen(q));
		if (l < 0)
			return err_set(&r->err, ERR_INVALID, "lang", "语言应为 zh 或 en", "lang must be zh or en");
		*out = (enum export_lang)l;
		return 0;
	}
	/* Accept-Language: the first tag decides ("en-US,en;q=0.9" → en). */
	const char *h = req_header(r, "Accept-Language");
	if (h) {
		while (*h == ' ')
			h++;
		size_t n = strcspn(h, ",; ");
		if (lang_of(h, n) == EXPORT_EN)
			*out = EXPORT_EN;
	}
	return 0;
}

int export_run(struct req *r, const struct export_spec *spec, export_fill_fn fill)
{
	const char *fmt = req_query_nonempty(r, "format");
	enum tab_format tf;
	enum export_lang lang;
	int rc;
	if (!fmt || !strcmp(fmt, "csv"))
		tf = TAB_CSV;
	else if (!strcmp(fmt, "xlsx"))
		tf = TAB_XLSX;
	else
		return err_set(&r->err, ERR_INVALID, "format", "导出格式应为 csv 或 xlsx",
			       "format must be csv or xlsx");
	if ((rc = req_export_lang(r, &lang)))
		return rc;
	struct export *x = export_new(tf, lang, spec->cols, &r->err);
	if (!x)
		return r->err.code;
	char *buf = NULL;
	size_t len = 0;
	if (!(rc = fill(r, x)))
		rc = export_finish(x, &buf, &len, &r->err);
	export_free(x);
	if (rc) {
		free(buf);
		return rc;
	}
	char day[16];
	wtime_format_date(r->now, day, sizeof day);
	resp_file(r,
		  tf == TAB_CSV ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		  arena_printf(r->arena, "%s-%s.%s", spec->basename, day, tf == TAB_CSV ? "csv" : "xlsx"), buf, len);
	free(buf);
	return 0;
}
