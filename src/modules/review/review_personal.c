/*
 * review_personal.c — the review's part of a person's data
 * (store/personal.h, modules/privacy): the objections she raised while
 * logged in (名称、联系方式 as she gave them, what she wrote, the answer).
 *
 * Erasure: her objections no longer carry her name, her contact or the
 * link to her account (one audit entry each); what she wrote and the
 * answer stay, because they were published with the award list (公示) and
 * are part of the programme's record — the report says so. An objection
 * sent without an account names no account and cannot be found for her.
 */
#include "core/module.h"
#include "modules/review/review.h"
#include "modules/review/review_internal.h"
#include "store/personal.h"
#include "store/store.h"

int rv_pii_collect_objections(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int rv_pii_erase(struct ctx *c, const struct personal_subject *s, struct personal_report *r);

static const struct personal_col objection_cols[] = {
	{"programme", "项目年度", "Programme", COL_TEXT},
	{"application", "申报编号", "Application", COL_TEXT},
	{"name", "署名", "Name given", COL_TEXT},
	{"contact", "联系方式", "Contact given", COL_TEXT},
	{"body", "异议内容", "Objection", COL_TEXT},
	{"answer", "答复", "Answer", COL_TEXT},
	{"created_at", "提出时间", "Raised at", COL_TIME},
};
static const struct personal_query objection_query = {
	PERSONAL_COLS(objection_cols),
	"SELECT p.name, coalesce(a.code, ''), o.name, o.contact, o.body, o.answer, o.created_at FROM review_objections o"
	" JOIN programmes p ON p.id=o.programme_id LEFT JOIN prog_applications a ON a.id=o.application_id"
	" WHERE o.user_id=? ORDER BY o.id", "U",
};

PERSONAL_COLLECTOR(rv_pii_collect_objections, objection_query)

int rv_pii_erase(struct ctx *c, const struct personal_subject *s, struct personal_report *r)
{
	int64_t ids[256], regions[256];
	int n = 0, rc = 0;
	if (s->user_id > 0) {
		struct stmt *st = db_q(c->db, c->e,
				       "SELECT o.id, p.region_id FROM review_objections o JOIN programmes p ON p.id=o.programme_id"
				       " WHERE o.user_id=? ORDER BY o.id LIMIT 256",
				       "i", s->user_id);
		if (!st)
			return c->e->code;
		while (n < 256 && (rc = stmt_step(st, c->e)) == 1) {
			ids[n] = col_int(st, 0);
			regions[n++] = col_int(st, 1);
		}
		stmt_done(st);
		if (rc < 0)
			return rc;
	}
	for (int i = 0; i < n; i++)
		if ((rc = db_exec(c->db, c->e, "UPDATE review_objections SET name='', contact='', user_id=NULL WHERE id=?", "i",
				  ids[i])) ||
		    (rc = rv_audit(c, "anonymise", "review_objection", ids[i], regions[i], "{\"name\":\"\",\"contact\":\"\"}")))
			return rc;
	personal_report_add(r, "review.objections", n ? "anonymised" : "none", n,
			    n ? "异议不再显示署名与联系方式；内容与答复随公示保留" : NULL,
			    n ? "the objections no longer carry the name and contact; what was written and the answer stay with "
				"the published list"
			      : NULL);
	return 0;
}
