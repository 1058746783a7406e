/*
 * pb_award.c — where a participatory budget meets the ledger: the fund it
 * draws on, and its winners turned into grants when the budget enters
 * execution (budget.h: pb_budget_award).
 */
#include <stdio.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/sb.h"
#include "modules/budget/budget.h"
#include "modules/budget/pb_internal.h"
#include "modules/funds/funds.h"
#include "modules/grants/grants.h"
#include "store/store.h"
#include "store/list.h"

int pb_fund_check(struct ctx *c, int64_t fund_id, int64_t region_id)
{
	if (!fund_id)
		return 0;
	struct fund_head f;
	int rc = fund_load(c, fund_id, 0, &f);
	if (rc)
		return rc;
	/* the fund's region must be the budget's community or above it */
	char *path = NULL;
	if ((rc = list_region_path_in(c->db, c->a, region_id, &path, c->e)) < 0)
		return rc;
	if (!path || strncmp(path, f.path, strlen(f.path)))
		return err_set(c->e, ERR_RULE, "fund_id", "基金须属于本社区或其上级区域",
			       "the fund must belong to the community or a region above it");
	if (!strcmp(f.status, "closed"))
		return err_set(c->e, ERR_RULE, "fund_id", "基金已关闭", "the fund is closed");
	return 0;
}

int pb_budget_set_fund(struct ctx *c, int64_t id, int64_t fund_id, int64_t version)
{
	struct record r;
	struct pb_head h;
	int rc;
	if ((rc = record_load(c, &pb_budget_kind, id, ROLES_STAFF, &r)) || (rc = pb_head_load(c, id, &h)))
		return rc;
	if (h.phase_i >= pb_phase_index("execution"))
		return err_set(c->e, ERR_RULE, "phase", "进入实施后不能再换资助基金",
			       "the fund cannot change once execution has begun");
	if ((rc = pb_fund_check(c, fund_id, h.region_id)) || (rc = record_begin(c, &r, version)) ||
	    (rc = db_exec(c->db, c->e, "UPDATE pb_budgets SET fund_id=?, version=version+1, updated_at=? WHERE id=?", "iii",
			  fund_id, c->now, id)))
		return rc;
	return record_commit(c, &r, "fund");
}

/* What the grant says of how it was decided: the budget, the rank and the
 * votes, part-funding, and an organiser's override with its reason. */
static const char *decision_text(struct ctx *c, const struct pb_head *h, int64_t project_id, int64_t rank,
				 int64_t votes, const char *outcome)
{
	struct sb b = SB_INIT;
	sb_addf(&b, "参与式预算「%s」第%lld名，%lld票", h->title, (long long)rank, (long long)votes);
	if (!strcmp(outcome, "part_funded"))
		sb_adds(&b, "，以结余部分资助");
	if (!strcmp(outcome, "included")) {
		char *reason = NULL;
		if (db_text(c->db, c->e, c->a, &reason,
			    "SELECT reason FROM pb_overrides WHERE budget_id=? AND project_id=? ORDER BY id DESC LIMIT 1", "ii",
			    h->id, project_id) == 1)
			sb_addf(&b, "；组织方调整予以资助，理由：%s", reason);
		err_clear(c->e);
	}
	/* at most 500 characters: cut at a character's start */
	size_t n = b.len, chars = 0, i = 0;
	for (; i < n; i++)
		if (((unsigned char)sb_str(&b)[i] & 0xC0) != 0x80 && ++chars > 500)
			break;
	char *out = arena_strndup(c->a, sb_str(&b), i);
	sb_free(&b);
	return out;
}

int pb_budget_award(struct ctx *c, int64_t id)
{
	struct pb_head h;
	int rc;
	if ((rc = pb_head_load(c, id, &h)))
		return rc;
	if (!h.fund_id)
		return err_set(c->e, ERR_RULE, "fund_id", "进入实施前须指定资助基金",
			       "choose the fund that pays before execution begins");
	char *region = NULL;
	if ((rc = db_text(c->db, c->e, c->a, &region, "SELECT name FROM regions WHERE id=?", "i", h.region_id)) < 0)
		return rc;
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT x.project_id, x.rank, x.votes, x.outcome, x.funded_fen, p.title, p.description"
			       " FROM pb_results x JOIN pb_projects p ON p.id=x.project_id"
			       " WHERE x.budget_id=? AND x.funded_fen > 0 ORDER BY x.rank",
			       "i", id);
	if (!st)
		return c->e->code;
	struct win {
		int64_t project, rank, votes, amount;
		const char *outcome, *title, *description;
	} *w = NULL;
	int n = 0, cap = 0;
	while ((rc = stmt_step(st, c->e)) == 1) {
		if (n == cap) {
			struct win *more = arena_alloc(c->a, sizeof *w * (size_t)(cap = cap ? 2 * cap : 16));
			if (n)
				memcpy(more, w, sizeof *w * (size_t)n);
			w = more;
		}
		w[n++] = (struct win){col_int(st, 0), col_int(st, 1), col_int(st, 2), col_int(st, 4),
				      arena_strdup(c->a, col_text(st, 3)), arena_strdup(c->a, col_text(st, 5)),
				      arena_strdup(c->a, col_text(st, 6))};
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	char recipient[160];
	if (snprintf(recipient, sizeof recipient, "%s（参与式预算项目实施）", region) >= (int)sizeof recipient)
		return err_set(c->e, ERR_INTERNAL, NULL, "社区名称过长", "the community's name is too long");
	for (int i = 0; i < n; i++) {
		struct grant_decided_in in = {
			.fund_id = h.fund_id,
			.title = w[i].title,
			.purpose = w[i].description && *w[i].description ? w[i].description : NULL,
			.kind = "micro_grant",
			.recipient_name = recipient,
			.amount = w[i].amount,
			.n_tranches = w[i].amount >= 2 ? 2 : 1, /* half on approval of the plan, half on acceptance */
			.source = "pb",
			.source_id = w[i].project,
			.decision = decision_text(c, &h, w[i].project, w[i].rank, w[i].votes, w[i].outcome),
		};
		int64_t grant = 0;
		rc = grant_create_decided(c, &in, &grant);
		if (rc < 0)
			return rc;
		struct record r;
		if ((rc = record_head(c, &pb_project_kind, w[i].project, &r)) || (rc = record_begin(c, &r, -1)) ||
		    (rc = db_exec(c->db, c->e, "UPDATE pb_projects SET grant_id=?, version=version+1, updated_at=? WHERE id=?",
				  "iii", grant, c->now, w[i].project)) ||
		    (rc = record_commit(c, &r, "award")))
			return rc;
	}
	return 0;
}

const char *pb_display_name(struct ctx *c, const char *name, const char *gender)
{
	if (!name || !*name)
		return "居民";
	/* the surname: the first character (UTF-8) */
	size_t n = 1;
	while (name[n] && ((unsigned char)name[n] & 0xC0) == 0x80)
		n++;
	const char *title = gender && !strcmp(gender, "male") ? "先生" : gender && !strcmp(gender, "female") ? "女士" : "居民";
	char *out = arena_alloc(c->a, n + strlen(title) + 1);
	memcpy(out, name, n);
	memcpy(out + n, title, strlen(title) + 1);
	return out;
}
