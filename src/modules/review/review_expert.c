/*
 * review_expert.c — the programme's experts, their declared conflicts and
 * certification, and their assignments (review.h). An expert declares
 * (conflicts, or none) before any assignment; a conflicted expert is never
 * assigned to the application; a conflict declared later recuses them
 * from every assignment it touches and discards their scores there.
 */
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/export.h"
#include "notify/notify.h"
#include "modules/review/review.h"
#include "modules/review/review_internal.h"
#include "store/store.h"

int rv_expert_add(struct ctx *c, const struct rv_prog *p, const struct rv_expert_in *in, int64_t *id)
{
	int rc;
	if ((rc = prog_programme_admin(c, p->id)))
		return rc;
	int64_t uid = 0, n = 0;
	if ((rc = db_int(c->db, c->e, &uid, "SELECT id FROM users WHERE username=? AND disabled=0", "s", in->username)) < 0)
		return rc;
	if (!uid)
		return err_set(c->e, ERR_NOT_FOUND, "username", "没有这个账号", "no such account");
	if ((rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM user_grants WHERE user_id=? AND role='expert'", "i", uid)) < 0)
		return rc;
	if (!n)
		return err_set(c->e, ERR_RULE, "username", "该账号没有评审专家角色", "the account does not hold the expert role");
	if (in->org_id) {
		if ((rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM organisations WHERE id=?", "i", in->org_id)) < 0)
			return rc;
		if (!n)
			return err_set(c->e, ERR_NOT_FOUND, "org_id", "没有这个组织", "no such organisation");
	}
	if ((rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM prog_experts WHERE programme_id=? AND user_id=?", "ii", p->id,
			 uid)) < 0)
		return rc;
	if (n)
		return err_set(c->e, ERR_CONFLICT, "username", "该专家已在本计划中", "the expert is already in this programme");
	char *name = NULL;
	if (!in->name || !*in->name) {
		if ((rc = db_text(c->db, c->e, c->a, &name, "SELECT display_name FROM users WHERE id=?", "i", uid)) < 0)
			return rc;
	}
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO prog_experts (programme_id, user_id, name, org_id, field, created_at)"
			 " VALUES (?,?,?,NULLIF(?,0),?,?) RETURNING id",
			 "iisisi", p->id, uid, in->name && *in->name ? in->name : name, in->org_id,
			 in->field ? in->field : "", c->now)) < 0)
		return rc;
	char *after = arena_printf(c->a, "{\"programme_id\":%lld,\"user_id\":%lld}", (long long)p->id, (long long)uid);
	return rv_audit(c, "create", "prog_expert", *id, p->region_id, after);
}

/* The expert row: its programme and account. 404 "id" unless the caller is
 * that expert (or the system). */
static int expert_own(struct ctx *c, int64_t expert_id, int64_t *programme_id, int64_t *declared)
{
	struct stmt *st = db_q(c->db, c->e, "SELECT programme_id, user_id, coalesce(conflicts_declared_at, 0) FROM prog_experts WHERE id=?",
			       "i", expert_id);
	if (!st)
		return c->e->code;
	int rc = stmt_step(st, c->e);
	int64_t uid = 0;
	if (rc == 1) {
		*programme_id = col_int(st, 0);
		uid = col_int(st, 1);
		if (declared)
			*declared = col_int(st, 2);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0 || (c->who && c->who->user_id != uid))
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这个评审专家", "no such expert");
	return 0;
}

int rv_expert_mine(struct ctx *c, int64_t expert_id, int64_t *programme_id)
{
	return expert_own(c, expert_id, programme_id, NULL);
}

int rv_conflict_declare(struct ctx *c, int64_t expert_id, const struct rv_conflict_in *in, int *recused)
{
	int64_t pid = 0;
	int rc;
	*recused = 0;
	if ((rc = expert_own(c, expert_id, &pid, NULL)))
		return rc;
	struct rv_prog p;
	if ((rc = rv_prog_by_id(c, pid, &p)))
		return rc;
	if (in->none) {
		if (in->org_id || in->application_id || in->tie)
			return err_set(c->e, ERR_INVALID, "none", "声明无利益冲突时不能同时填写冲突",
				       "a declaration of none names no conflict");
	} else {
		if (!in->org_id && !in->application_id)
			return err_set(c->e, ERR_INVALID, "org_id", "须指明有关联的组织或申报",
				       "name the organisation or the application");
		if (!in->tie)
			return err_set(c->e, ERR_INVALID, "tie", "须说明关联类型", "say what the tie is");
		int64_t n = 0;
		if (in->org_id) {
			if ((rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM organisations WHERE id=?", "i", in->org_id)) < 0)
				return rc;
			if (!n)
				return err_set(c->e, ERR_NOT_FOUND, "org_id", "没有这个组织", "no such organisation");
		}
		if (in->application_id) {
			/* existence only inside this programme; the expert may not read it */
			if ((rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM prog_applications WHERE id=? AND programme_id=?",
					 "ii", in->application_id, pid)) < 0)
				return rc;
			if (!n)
				return err_set(c->e, ERR_NOT_FOUND, "application_id", "本计划没有这个申报",
					       "no such application in this programme");
		}
		if (in->since_year && in->since_year < p.year - p.lookback)
			return err_setf(c->e, ERR_RULE, "since_year", "关联早于本计划回溯期（%lld 年起），无须申报",
					"the tie ended before the programme's lookback (from %lld): nothing to declare",
					(long long)(p.year - p.lookback));
		if (in->since_year > p.year)
			return err_set(c->e, ERR_INVALID, "since_year", "年份不能晚于计划年度", "the year is after the programme's");
		int64_t cid = 0;
		if ((rc = db_int(c->db, c->e, &cid,
				 "INSERT INTO prog_conflicts (expert_id, org_id, application_id, tie, reason, declared_at)"
				 " VALUES (?,NULLIF(?,0),NULLIF(?,0),?,?,?) RETURNING id",
				 "iiissi", expert_id, in->org_id, in->application_id, in->tie, in->reason ? in->reason : "",
				 c->now)) < 0)
			return rc;
		if (in->since_year &&
		    (rc = db_exec(c->db, c->e, "INSERT INTO review_conflict_ties (conflict_id, since_year) VALUES (?,?)", "ii",
				  cid, in->since_year)))
			return rc;
		char *after = arena_printf(c->a, "{\"expert_id\":%lld,\"org_id\":%lld,\"application_id\":%lld,\"tie\":\"%s\"}",
					   (long long)expert_id, (long long)in->org_id, (long long)in->application_id, in->tie);
		if ((rc = rv_audit(c, "create", "prog_conflict", cid, p.region_id, after)))
			return rc;
		/* recusal: every live assignment the conflict now touches */
		struct stmt *st = db_q(c->db, c->e,
				       "SELECT id, application_id FROM prog_assignments WHERE expert_id=? AND status<>'recused'",
				       "i", expert_id);
		if (!st)
			return c->e->code;
		int64_t ids[512][2];
		int k = 0;
		while (k < 512 && (rc = stmt_step(st, c->e)) == 1) {
			ids[k][0] = col_int(st, 0);
			ids[k][1] = col_int(st, 1);
			k++;
		}
		stmt_done(st);
		if (rc < 0)
			return rc;
		for (int i = 0; i < k; i++) {
			bool conflicted = false;
			if ((rc = prog_expert_conflicted(c, expert_id, ids[i][1], &conflicted)))
				return rc;
			if (!conflicted)
				continue;
			if ((rc = db_exec(c->db, c->e, "UPDATE prog_assignments SET status='recused' WHERE id=?", "i", ids[i][0])) ||
			    (rc = db_exec(c->db, c->e, "UPDATE review_scores SET discarded=1 WHERE assignment_id=?", "i",
					  ids[i][0])))
				return rc;
			char *a = arena_printf(c->a, "{\"status\":\"recused\",\"application_id\":%lld}", (long long)ids[i][1]);
			if ((rc = rv_audit(c, "recuse", "prog_assignment", ids[i][0], p.region_id, a)))
				return rc;
			(*recused)++;
		}
	}
	return db_exec(c->db, c->e, "UPDATE prog_experts SET conflicts_declared_at=? WHERE id=?", "ii", c->now, expert_id);
}

int rv_certify(struct ctx *c, int64_t expert_id)
{
	int64_t pid = 0, declared = 0;
	int rc;
	if ((rc = expert_own(c, expert_id, &pid, &declared)))
		return rc;
	if (!declared)
		return err_set(c->e, ERR_RULE, "id", "须先申报利益冲突", "declare your conflicts first");
	struct rv_prog p;
	if ((rc = rv_prog_by_id(c, pid, &p)) ||
	    (rc = db_exec(c->db, c->e, "UPDATE prog_experts SET certified_at=? WHERE id=?", "ii", c->now, expert_id)))
		return rc;
	return rv_audit(c, "certify", "prog_expert", expert_id, p.region_id, "{\"certified\":true}");
}

int rv_assign(struct ctx *c, const struct rv_prog *p, int64_t app_id, int64_t expert_id, const char *stage,
	      int64_t *id)
{
	int rc;
	if ((rc = prog_programme_admin(c, p->id)))
		return rc;
	if (rv_stage_index(stage) < 0)
		return err_set(c->e, ERR_INVALID, "stage", "没有这个评审阶段", "no such stage");
	struct prog_app a;
	if ((rc = prog_app_get(c, app_id, &a)))
		return err_set(c->e, rc, "application_id", "没有这个申报", "no such application");
	if (a.programme_id != p->id)
		return err_set(c->e, ERR_NOT_FOUND, "application_id", "本计划没有这个申报", "no such application in this programme");
	if (strcmp(a.status, "submitted") && strcmp(a.status, "in_review"))
		return err_set(c->e, ERR_RULE, "application_id", "申报不在评审中", "the application is not under review");
	int64_t pid = 0, declared = 0;
	struct stmt *st = db_q(c->db, c->e, "SELECT programme_id, coalesce(conflicts_declared_at, 0) FROM prog_experts WHERE id=?",
			       "i", expert_id);
	if (!st)
		return c->e->code;
	if ((rc = stmt_step(st, c->e)) == 1) {
		pid = col_int(st, 0);
		declared = col_int(st, 1);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (pid != p->id)
		return err_set(c->e, ERR_NOT_FOUND, "expert_id", "本计划没有这位专家", "no such expert in this programme");
	if (!declared)
		return err_set(c->e, ERR_RULE, "expert_id", "专家尚未申报利益冲突，不能分配",
			       "the expert has not declared their conflicts yet");
	bool conflicted = false;
	if ((rc = prog_expert_conflicted(c, expert_id, app_id, &conflicted)))
		return rc;
	if (conflicted)
		return err_set(c->e, ERR_CONFLICT, "expert_id", "专家与该申报有利益冲突，须回避",
			       "the expert has a conflict with this application");
	int64_t n = 0;
	if ((rc = db_int(c->db, c->e, &n,
			 "SELECT count(*) FROM prog_assignments WHERE application_id=? AND expert_id=? AND stage=?", "iis",
			 app_id, expert_id, stage)) < 0)
		return rc;
	if (n)
		return err_set(c->e, ERR_CONFLICT, "expert_id", "已分配过", "already assigned");
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO prog_assignments (application_id, expert_id, stage, status, assigned_at)"
			 " VALUES (?,?,?,'assigned',?) RETURNING id",
			 "iisi", app_id, expert_id, stage, c->now)) < 0)
		return rc;
	char *after = arena_printf(c->a, "{\"application_id\":%lld,\"expert_id\":%lld,\"stage\":\"%s\"}", (long long)app_id,
				   (long long)expert_id, stage);
	if ((rc = rv_audit(c, "create", "prog_assignment", *id, p->region_id, after)))
		return rc;
	/* The expert is told (the message centre, and e-mail where set up):
	 * the programme and the stage only — the application itself is read
	 * on 我的评审, where the access rule decides each time. */
	int64_t uid = 0;
	if ((rc = db_int(c->db, c->e, &uid, "SELECT user_id FROM prog_experts WHERE id=?", "i", expert_id)) < 0)
		return rc;
	const char *zh = export_enum_label(EXPORT_ZH, "prog_stage", stage), *en = export_enum_label(EXPORT_EN, "prog_stage", stage);
	struct notice nt = {
		.kind = "review.assigned",
		.region_id = p->region_id,
		.title = arena_printf(c->a, "新的评审任务：%s · %s", p->name, zh),
		.title_en = arena_printf(c->a, "A new review assignment: %s · %s", p->name, en),
		.body = "请在评审窗口开放期间完成评分；如与申报单位有利益关系，请先申报回避。",
		.body_en = "Please score it while the stage's window is open; declare any tie with the applicant first.",
		.link = "/review/my",
		.entity = "prog_assignment",
		.entity_id = *id,
	};
	return notify_user(c, uid, &nt);
}
