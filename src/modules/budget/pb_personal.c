/*
 * pb_personal.c — the participatory budgets' part of a person's data
 * (store/personal.h, modules/privacy): the ballots she cast (with her own
 * choices: it is her copy) and the projects she proposed.
 *
 * Erasure: the projects she proposed no longer name her (shown as 居民,
 * the links to her record and account cleared, each change audited);
 * her ballots are kept — a ballot counted in a published result cannot be
 * taken out of it — and the report says so. They hold no name: only the
 * link to her record, which the registry's erasure anonymises.
 */
#include "audit/record.h"
#include "core/module.h"
#include "modules/budget/budget.h"
#include "store/personal.h"
#include "store/store.h"

int pb_pii_collect_ballots(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int pb_pii_collect_proposals(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int pb_pii_erase(struct ctx *c, const struct personal_subject *s, struct personal_report *r);

static const struct personal_col ballot_cols[] = {
	{"budget", "参与式预算", "Participatory budget", COL_TEXT},
	{"project", "所选项目", "Project chosen", COL_TEXT},
	{"blank", "空白票", "Blank ballot", COL_BOOL},
	{"version", "修改次数", "Version", COL_INT},
	{"updated_at", "投票时间", "Cast at", COL_TIME},
};
static const struct personal_query ballot_query = {
	PERSONAL_COLS(ballot_cols),
	"SELECT b.title, p.title, t.blank, t.version, t.updated_at FROM pb_ballots t JOIN pb_budgets b ON b.id=t.budget_id"
	" LEFT JOIN pb_ballot_items i ON i.ballot_id=t.id LEFT JOIN pb_projects p ON p.id=i.project_id"
	" WHERE t.person_id=? ORDER BY t.id, p.id", "P",
};

static const struct personal_col proposal_cols[] = {
	{"budget", "参与式预算", "Participatory budget", COL_TEXT},
	{"title", "项目名称", "Project", COL_TEXT},
	{"cost_fen", "预计金额（分）", "Cost (fen)", COL_INT},
	{"status", "状态", "Status", COL_TEXT, "pb_project_status"},
	{"proposer_name", "显示的提议人", "Proposer as shown", COL_TEXT},
	{"created_at", "提出时间", "Proposed at", COL_TIME},
};
static const struct personal_query proposal_query = {
	PERSONAL_COLS(proposal_cols),
	"SELECT b.title, p.title, p.cost_fen, p.status, p.proposer_name, p.created_at FROM pb_projects p"
	" JOIN pb_budgets b ON b.id=p.budget_id WHERE p.proposer_person_id=? ORDER BY p.id", "P",
};

PERSONAL_COLLECTOR(pb_pii_collect_ballots, ballot_query)
PERSONAL_COLLECTOR(pb_pii_collect_proposals, proposal_query)

int pb_pii_erase(struct ctx *c, const struct personal_subject *s, struct personal_report *r)
{
	int64_t ballots = 0, ids[256];
	int n = 0, rc;
	if (s->person_id <= 0) {
		personal_report_add(r, "budget.proposals", "none", 0, NULL, NULL);
		return 0;
	}
	struct stmt *st = db_q(c->db, c->e, "SELECT id FROM pb_projects WHERE proposer_person_id=? ORDER BY id LIMIT 256",
			       "i", s->person_id);
	if (!st)
		return c->e->code;
	while (n < 256 && (rc = stmt_step(st, c->e)) == 1)
		ids[n++] = col_int(st, 0);
	stmt_done(st);
	for (int i = 0; i < n; i++) {
		struct record rec;
		if ((rc = record_head(c, &pb_project_kind, ids[i], &rec)) || (rc = record_begin(c, &rec, -1)) ||
		    (rc = db_exec(c->db, c->e,
				  "UPDATE pb_projects SET proposer_name='居民', proposer_person_id=NULL, proposer_user_id=NULL,"
				  " version=version+1, updated_at=? WHERE id=?",
				  "ii", c->now, ids[i])) ||
		    (rc = record_commit(c, &rec, "anonymise")))
			return rc;
	}
	personal_report_add(r, "budget.proposals", n ? "anonymised" : "none", n, n ? "提议人不再显示姓名" : NULL,
			    n ? "the proposer is no longer named" : NULL);
	if ((rc = db_int(c->db, c->e, &ballots, "SELECT count(*) FROM pb_ballots WHERE person_id=?", "i", s->person_id)) < 0)
		return rc;
	personal_report_add(r, "budget.ballots", ballots ? "kept" : "none", ballots,
			    ballots ? "选票已计入公布的结果，予以保留；选票不含姓名" : NULL,
			    ballots ? "ballots counted in published results are kept; they hold no name" : NULL);
	return 0;
}
