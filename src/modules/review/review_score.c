/*
 * review_score.c — the published rubric (criteria with weights, a scale)
 * and the experts' scores (review.h). A rubric is edited by the
 * programme's staff until the first score exists, then frozen. A score
 * is an assigned, unconflicted expert's, inside the stage's window
 * (prog_app_access says PROG_EXPERT), on every criterion once, with a
 * recommendation; "no" needs a reason.
 */
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "modules/review/review.h"
#include "modules/review/review_internal.h"
#include "store/store.h"

double rv_weighted_total(const int64_t *values, const int64_t *weights, int n, int64_t scale)
{
	double sum = 0, wsum = 0;
	for (int i = 0; i < n; i++) {
		sum += (double)values[i] / (double)scale * (double)weights[i];
		wsum += (double)weights[i];
	}
	return wsum > 0 ? sum / wsum * 100.0 : 0;
}

static int rubric_frozen(struct ctx *c, int64_t programme_id, bool *frozen)
{
	int64_t n = 0;
	int rc = db_int(c->db, c->e, &n,
			"SELECT count(*) FROM review_scores s JOIN prog_applications a ON a.id=s.application_id"
			" WHERE a.programme_id=?",
			"i", programme_id);
	*frozen = n > 0;
	return rc < 0 ? rc : 0;
}

int rv_rubric_set(struct ctx *c, const struct rv_prog *p, int64_t scale, const struct rv_criterion_in *cr, int n)
{
	int rc;
	bool frozen;
	if ((rc = prog_programme_admin(c, p->id)) || (rc = rubric_frozen(c, p->id, &frozen)))
		return rc;
	if (frozen)
		return err_set(c->e, ERR_CONFLICT, "criteria", "已有专家评分，评分细则不能再改",
			       "the rubric is frozen: scoring has started");
	if (n < 1 || n > RV_MAX_CRITERIA)
		return err_set(c->e, ERR_INVALID, "criteria", "评分项应为 1 到 20 项", "give 1 to 20 criteria");
	for (int i = 0; i < n; i++)
		for (int j = 0; j < i; j++)
			if (!strcmp(cr[i].name, cr[j].name))
				return err_set(c->e, ERR_INVALID, "criteria", "评分项名称重复", "two criteria have the same name");
	/* the scores' items reference criteria: only a rubric without scores is replaced */
	if ((rc = db_exec(c->db, c->e, "DELETE FROM review_criteria WHERE programme_id=?", "i", p->id)) ||
	    (rc = db_exec(c->db, c->e, "DELETE FROM review_rubrics WHERE programme_id=?", "i", p->id)) ||
	    (rc = db_exec(c->db, c->e, "INSERT INTO review_rubrics (programme_id, scale, published_at) VALUES (?,?,?)", "iii",
			  p->id, scale, c->now)))
		return rc;
	for (int i = 0; i < n; i++)
		if ((rc = db_exec(c->db, c->e,
				  "INSERT INTO review_criteria (programme_id, seq, name, description, weight) VALUES (?,?,?,?,?)",
				  "iissi", p->id, (int64_t)(i + 1), cr[i].name, cr[i].description ? cr[i].description : "",
				  cr[i].weight)))
			return rc;
	char *after = arena_printf(c->a, "{\"scale\":%lld,\"criteria\":%d}", (long long)scale, n);
	return rv_audit(c, "rubric", "programme", p->id, p->region_id, after);
}

int rv_score(struct ctx *c, int64_t assignment_id, const struct rv_item_in *items, int n, const char *recommendation,
	     const char *reason, int64_t *score_id)
{
	int64_t app = 0, expert = 0, uid = 0, pid = 0;
	const char *stage = NULL, *status = NULL;
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT s.application_id, s.expert_id, s.stage, s.status, x.user_id, x.programme_id"
			       " FROM prog_assignments s JOIN prog_experts x ON x.id=s.expert_id WHERE s.id=?",
			       "i", assignment_id);
	if (!st)
		return c->e->code;
	int rc = stmt_step(st, c->e);
	if (rc == 1) {
		app = col_int(st, 0);
		expert = col_int(st, 1);
		stage = arena_strdup(c->a, col_text(st, 2));
		status = arena_strdup(c->a, col_text(st, 3));
		uid = col_int(st, 4);
		pid = col_int(st, 5);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	enum prog_access acc = PROG_NONE;
	if (rc == 1 && c->who && uid == c->who->user_id && (rc = prog_app_access(c, app, &acc)) < 0)
		return rc;
	int64_t open = 0;
	if (app && (rc = db_int(c->db, c->e, &open,
				"SELECT count(*) FROM prog_stages WHERE programme_id=? AND stage=? AND opens_at<=? AND closes_at>?",
				"isii", pid, stage, c->now, c->now)) < 0)
		return rc;
	if (c->who && !open)
		acc = PROG_NONE;
	/* not theirs, recused, conflicted or outside the window: as if absent */
	if (!app || (c->who && (uid != c->who->user_id || acc != PROG_EXPERT)) || !strcmp(status, "recused"))
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这项评审任务", "no such assignment");
	if (strcmp(stage, "material") && strcmp(stage, "defence"))
		return err_set(c->e, ERR_RULE, "stage", "此阶段不评分", "this stage is not scored");
	if (!strcmp(recommendation, "no") && (!reason || strlen(reason) < 2))
		return err_set(c->e, ERR_INVALID, "reason", "建议不予资助（不可行）须说明理由",
			       "a \"no\" (unfeasible) recommendation needs a reason");
	int64_t scale = 0;
	if ((rc = db_int(c->db, c->e, &scale, "SELECT scale FROM review_rubrics WHERE programme_id=?", "i", pid)) < 0)
		return rc;
	if (!scale)
		return err_set(c->e, ERR_RULE, "items", "本计划尚未发布评分细则", "the programme has no rubric yet");
	/* every criterion exactly once, within the scale */
	int64_t ids[RV_MAX_CRITERIA], weights[RV_MAX_CRITERIA], values[RV_MAX_CRITERIA];
	int k = 0;
	if (!(st = db_q(c->db, c->e, "SELECT id, weight FROM review_criteria WHERE programme_id=? ORDER BY seq", "i", pid)))
		return c->e->code;
	while (k < RV_MAX_CRITERIA && (rc = stmt_step(st, c->e)) == 1) {
		ids[k] = col_int(st, 0);
		weights[k] = col_int(st, 1);
		values[k++] = -1;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (n != k)
		return err_setf(c->e, ERR_INVALID, "items", "须为 %d 个评分项各打一个分", "score each of the %d criteria once", k);
	for (int i = 0; i < n; i++) {
		int j = 0;
		while (j < k && ids[j] != items[i].criterion_id)
			j++;
		if (j == k || values[j] >= 0)
			return err_set(c->e, ERR_INVALID, "items", "评分项不属于评分细则或重复", "an item names no criterion or repeats one");
		if (items[i].value < 0 || items[i].value > scale)
			return err_setf(c->e, ERR_INVALID, "items", "每项分值应在 0 到 %lld 之间", "each value must be 0 to %lld",
					(long long)scale);
		values[j] = items[i].value;
	}
	double total = rv_weighted_total(values, weights, k, scale);
	int64_t old = 0;
	if ((rc = db_int(c->db, c->e, &old, "SELECT id FROM review_scores WHERE assignment_id=?", "i", assignment_id)) < 0)
		return rc;
	if (old) {
		/* a second thought inside the window replaces the first */
		if ((rc = db_exec(c->db, c->e, "DELETE FROM review_score_items WHERE score_id=?", "i", old)) ||
		    (rc = db_exec(c->db, c->e,
				  "UPDATE review_scores SET total=?, recommendation=?, reason=?, scored_at=? WHERE id=?", "dssii",
				  total, recommendation, reason ? reason : "", c->now, old)))
			return rc;
		*score_id = old;
	} else if ((rc = db_int(c->db, c->e, score_id,
				"INSERT INTO review_scores (assignment_id, application_id, expert_id, stage, total, recommendation,"
				" reason, scored_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id",
				"iiisdssi", assignment_id, app, expert, stage, total, recommendation, reason ? reason : "",
				c->now)) < 0)
		return rc;
	for (int j = 0; j < k; j++)
		if ((rc = db_exec(c->db, c->e, "INSERT INTO review_score_items (score_id, criterion_id, value) VALUES (?,?,?)",
				  "iii", *score_id, ids[j], values[j])))
			return rc;
	if ((rc = db_exec(c->db, c->e, "UPDATE prog_assignments SET status='scored' WHERE id=?", "i", assignment_id)))
		return rc;
	struct rv_prog p;
	if ((rc = rv_prog_by_id(c, pid, &p)))
		return rc;
	char *after = arena_printf(c->a, "{\"assignment_id\":%lld,\"total\":%.2f,\"recommendation\":\"%s\"}",
				   (long long)assignment_id, total, recommendation);
	return rv_audit(c, old ? "update" : "create", "review_score", *score_id, p.region_id, after);
}
