/*
 * review.c — the review's programme lookup, its enumerations, the stage
 * windows and the per-stage records of an application (review.h). An
 * application moves from stage to stage only here, in order, through
 * prog_app_set_stage; publication and award are the award batch's
 * (review_award.c).
 */
#include <stdio.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "modules/review/review.h"
#include "modules/review/review_internal.h"
#include "store/store.h"

const char *const rv_results[] = {"pass", "fail", NULL};
const char *const rv_recommendations[] = {"yes", "no", "unsure", "discuss", NULL};
const char *const rv_ties[] = {"employee", "board", "former_employee", "family", "consultant", "other", NULL};
const char *const rv_batch_statuses[] = {"draft", "approved", "published", "closed", NULL};
const char *const rv_award_reasons[] = {"no_score",	       "below_min_score",    "below_threshold", "not_recommended",
					"insufficient_funds", "committee_override", NULL};

int rv_stage_index(const char *stage)
{
	for (int i = 0; stage && prog_stages[i]; i++)
		if (!strcmp(prog_stages[i], stage))
			return i;
	return -1;
}

static int prog_load(struct ctx *c, const char *where, const char *types, const void *key, struct rv_prog *p,
		     const char *field)
{
	char sql[512];
	int n = snprintf(sql, sizeof sql,
			 "SELECT id, region_id, year, conflict_lookback_years, objection_days, award_percent,"
			 " award_max_grant, code, name, status, award_rule, award_min_score, award_threshold"
			 " FROM programmes WHERE %s",
			 where);
	if (n < 0 || n >= (int)sizeof sql)
		return err_set(c->e, ERR_INTERNAL, NULL, "查询过长", "query too long");
	struct stmt *st = *types == 's' ? db_q(c->db, c->e, sql, "s", (const char *)key)
					: db_q(c->db, c->e, sql, "i", *(const int64_t *)key);
	if (!st)
		return c->e->code;
	int rc = stmt_step(st, c->e);
	if (rc == 1) {
		*p = (struct rv_prog){
			.id = col_int(st, 0),
			.region_id = col_int(st, 1),
			.year = col_int(st, 2),
			.lookback = col_int(st, 3),
			.objection_days = col_int(st, 4),
			.percent = col_int(st, 5),
			.max_grant = col_int(st, 6),
			.code = arena_strdup(c->a, col_text(st, 7)),
			.name = arena_strdup(c->a, col_text(st, 8)),
			.status = arena_strdup(c->a, col_text(st, 9)),
			.rule = arena_strdup(c->a, col_text(st, 10)),
			.min_score = col_double(st, 11),
			.threshold = col_double(st, 12),
		};
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, field, "没有这个资助计划", "no such programme");
	return 0;
}

int rv_prog_by_code(struct ctx *c, const char *code, struct rv_prog *out)
{
	return prog_load(c, "code=?", "s", code, out, "code");
}

int rv_prog_by_id(struct ctx *c, int64_t id, struct rv_prog *out)
{
	return prog_load(c, "id=?", "i", &id, out, "programme_id");
}

int rv_audit(struct ctx *c, const char *action, const char *entity, int64_t id, int64_t region_id, const char *after)
{
	return audit_record(c, action, entity, id, region_id, NULL, after);
}

int rv_window_set(struct ctx *c, const struct rv_prog *p, const char *stage, int64_t opens_at, int64_t closes_at)
{
	int rc;
	if ((rc = prog_programme_admin(c, p->id)))
		return rc;
	if (rv_stage_index(stage) < 0)
		return err_set(c->e, ERR_NOT_FOUND, "stage", "没有这个评审阶段", "no such stage");
	if (closes_at <= opens_at)
		return err_set(c->e, ERR_INVALID, "closes_at", "结束时间须晚于开始时间", "the window must close after it opens");
	if ((rc = db_exec(c->db, c->e, "DELETE FROM prog_stages WHERE programme_id=? AND stage=?", "is", p->id, stage)) ||
	    (rc = db_exec(c->db, c->e, "INSERT INTO prog_stages (programme_id, stage, opens_at, closes_at) VALUES (?,?,?,?)",
			  "isii", p->id, stage, opens_at, closes_at)))
		return rc;
	char *after = arena_printf(c->a, "{\"stage\":\"%s\",\"opens_at\":%lld,\"closes_at\":%lld}", stage,
				   (long long)opens_at, (long long)closes_at);
	return rv_audit(c, "stage_window", "programme", p->id, p->region_id, after);
}

int rv_stage_record(struct ctx *c, int64_t app_id, const char *stage, const char *result, const char *notes,
		    int64_t version)
{
	struct prog_app a;
	int rc;
	if ((rc = prog_app_get(c, app_id, &a)) || (rc = prog_programme_admin(c, a.programme_id)))
		return rc;
	int si = rv_stage_index(stage);
	if (si < 0)
		return err_set(c->e, ERR_INVALID, "stage", "没有这个评审阶段", "no such stage");
	if (strcmp(a.status, "submitted") && strcmp(a.status, "in_review"))
		return err_set(c->e, ERR_RULE, "status", "申报不在评审中", "the application is not under review");
	const char *current = a.stage ? a.stage : "qualification";
	if (strcmp(current, stage))
		return err_setf(c->e, ERR_RULE, "stage", "申报当前在「%s」阶段", "the application is at the %s stage", current);
	if (!strcmp(stage, "publication") || !strcmp(stage, "award"))
		return err_set(c->e, ERR_RULE, "stage", "公示与资助由资助批次决定",
			       "publication and award follow the award batch");
	if (!strcmp(result, "pass") && (!strcmp(stage, "material") || !strcmp(stage, "defence"))) {
		int64_t n = 0;
		if ((rc = db_int(c->db, c->e, &n,
				 "SELECT count(*) FROM review_scores WHERE application_id=? AND stage=? AND discarded=0", "is",
				 app_id, stage)) < 0)
			return rc;
		if (!n)
			return err_set(c->e, ERR_RULE, "result", "尚无专家评分，不能通过此阶段",
				       "no expert has scored it in this stage yet");
	}
	int64_t exists = 0;
	if ((rc = db_int(c->db, c->e, &exists, "SELECT count(*) FROM review_stage_results WHERE application_id=? AND stage=?",
			 "is", app_id, stage)) < 0)
		return rc;
	if (exists)
		return err_set(c->e, ERR_CONFLICT, "stage", "此阶段已有结果", "this stage already has a result");
	int64_t id = 0;
	int64_t reviewer = c->who ? c->who->user_id : 0;
	if ((rc = db_int(c->db, c->e, &id,
			 "INSERT INTO review_stage_results (application_id, stage, reviewer_id, result, notes, decided_at)"
			 " VALUES (?,?,NULLIF(?,0),?,?,?) RETURNING id",
			 "isissi", app_id, stage, reviewer, result, notes ? notes : "", c->now)) < 0)
		return rc;
	bool pass = !strcmp(result, "pass");
	if ((rc = prog_app_set_stage(c, app_id, pass ? prog_stages[si + 1] : stage, pass ? "in_review" : "rejected",
				     version)))
		return rc;
	struct rv_prog p;
	if ((rc = rv_prog_by_id(c, a.programme_id, &p)))
		return rc;
	char *after = arena_printf(c->a, "{\"application_id\":%lld,\"stage\":\"%s\",\"result\":\"%s\"}", (long long)app_id,
				   stage, result);
	return rv_audit(c, "create", "review_stage_result", id, p.region_id, after);
}
