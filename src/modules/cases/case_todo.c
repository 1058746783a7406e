/*
 * case_todo.c — the cases area's home to-dos and personal data.
 *
 * To-dos: a supervisor's pending approvals; a worker's returned items
 * (the latest request of its kind on the case was rejected). Counted over
 * the cases the caller reaches as worker or supervisor only.
 *
 * Personal data (.pii): a person linked to a case (cases.person_id, the
 * registry's record of someone with an account) sees in their copy each
 * case's type, status and dates — never the notes, assessments or who
 * wrote them. Erasure keeps the case records (social-work records, kept
 * under legal retention) and says so.
 */
#include "auth/auth.h"
#include "core/module.h"
#include "modules/cases/case_internal.h"
#include "store/personal.h"
#include "store/store.h"

static int todo_pending(struct ctx *c, const void *arg, int64_t *n, int *capped)
{
	(void)arg;
	*capped = 0;
	*n = 0;
	if (!c->who)
		return 0;
	int rc = db_int(c->db, c->e, n,
			"SELECT count(*) FROM case_approvals a JOIN cases k ON k.id=a.case_id WHERE a.approver_id=?"
			" AND a.state='pending' AND k.supervisor_id=?",
			"ii", c->who->user_id, c->who->user_id);
	return rc < 0 ? rc : 0;
}

static int todo_returned(struct ctx *c, const void *arg, int64_t *n, int *capped)
{
	(void)arg;
	*capped = 0;
	*n = 0;
	if (!c->who)
		return 0;
	int rc = db_int(c->db, c->e, n,
			"SELECT count(*) FROM case_approvals a JOIN cases k ON k.id=a.case_id WHERE k.worker_id=?"
			" AND a.state='rejected' AND a.subject<>'closing' AND NOT EXISTS (SELECT 1 FROM case_approvals b"
			" WHERE b.case_id=a.case_id AND b.subject=a.subject AND b.id>a.id)",
			"i", c->who->user_id);
	return rc < 0 ? rc : 0;
}

const struct module_todo case_todos[] = {
	{"cases.approvals", "待审批的个案事项", "Case items to approve", CASE_ROLES, "/cases/approvals",
	 .count = todo_pending},
	{"cases.returned", "被退回的个案事项", "Case items returned to you", CASE_ROLES, "/cases/approvals?state=rejected",
	 .count = todo_returned, .urgent = 1},
	{NULL, NULL, NULL, 0, NULL, NULL, 0, NULL},
};

static const struct personal_col case_cols[] = {
	{"code", "个案编号", "Case", COL_TEXT, NULL},
	{"type", "类型", "Type", COL_TEXT, "case_type"},
	{"status", "状态", "Status", COL_TEXT, "case_status"},
	{"opened_at", "开案时间", "Opened", COL_TIME, NULL},
	{"closed_at", "结案时间", "Closed", COL_TIME, NULL},
};
static const struct personal_query case_query = {
	PERSONAL_COLS(case_cols),
	"SELECT code, type, status, opened_at, closed_at FROM cases WHERE person_id=? ORDER BY id",
	"P",
};

static PERSONAL_COLLECTOR(case_pii_collect, case_query)

static int case_pii_erase(struct ctx *c, const struct personal_subject *s, struct personal_report *r)
{
	int64_t n = 0;
	if (s->person_id > 0) {
		int rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM cases WHERE person_id=?", "i", s->person_id);
		if (rc < 0)
			return rc;
	}
	personal_report_add(r, "cases.cases", n ? "kept" : "none", n,
			    n ? "社工个案记录依法保留（社会工作服务档案），不予删除；仅负责社工与督导可查阅" : NULL,
			    n ? "the social-work case records are kept (social-work records under legal retention); only the"
				" worker and supervisor reach them"
			      : NULL);
	return 0;
}

const struct module_pii case_pii[] = {
	{"cases.cases", "社工个案", "social-work cases", case_pii_collect, case_pii_erase},
	{NULL, NULL, NULL, NULL, NULL},
};
