/*
 * review_award.c — the award batch (review.h, docs/programme-review.md
 * "Awards"): per special fund, the programme's rule over the ranked
 * applications within what the fund has left; marks and the committee's
 * overrides (each with its reason, shown on the published list); the
 * committee's approval, which sets each application's outcome through
 * prog_app_set_outcome; publication (公示) for the programme's
 * objection_days, and the objections with their answers.
 *
 * Invariant: in every fund, the marked lines' amounts never exceed what
 * the fund has left outside the batch (rv_fund_remaining), whoever marks.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "modules/review/review.h"
#include "modules/review/review_internal.h"
#include "store/store.h"

#define DAY_US (86400LL * 1000000LL)

void rv_award_rule(const struct rv_rule *rule, int64_t remaining, struct rv_line *l, int n)
{
	bool stopped = false;
	for (int i = 0; i < n; i++) {
		int64_t amount = l[i].requested;
		if (rule->threshold_percent)
			amount = amount * rule->percent / 100;
		if (rule->max_grant > 0 && amount > rule->max_grant)
			amount = rule->max_grant;
		l[i].amount = amount;
		l[i].proposed = false;
		if (!l[i].has_score)
			l[i].reason = "no_score";
		else if (l[i].score < rule->min_score)
			l[i].reason = "below_min_score";
		else if (rule->threshold_percent && l[i].score < rule->threshold)
			l[i].reason = "below_threshold";
		else if (l[i].n && l[i].no * 2 > l[i].n)
			l[i].reason = "not_recommended";
		else if (stopped || amount > remaining || amount <= 0) {
			l[i].reason = "insufficient_funds";
			/* best to worst while the budget covers it: the first that does not fit ends the run */
			if (!rule->threshold_percent)
				stopped = true;
		} else {
			l[i].proposed = true;
			l[i].reason = NULL;
			remaining -= amount;
		}
	}
}

static int batch_status(struct ctx *c, int64_t programme_id, const char **status, int64_t *version)
{
	struct stmt *st = db_q(c->db, c->e, "SELECT status, version FROM review_batches WHERE programme_id=?", "i", programme_id);
	if (!st)
		return c->e->code;
	int rc = stmt_step(st, c->e);
	*status = NULL;
	if (rc == 1) {
		*status = arena_strdup(c->a, col_text(st, 0));
		if (version)
			*version = col_int(st, 1);
	}
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

int rv_fund_remaining(struct ctx *c, int64_t programme_id, int64_t pfund_id, int64_t *remaining, int64_t *marked)
{
	int64_t budget = 0, given = 0;
	int rc;
	if ((rc = db_int(c->db, c->e, &budget, "SELECT budget FROM prog_funds WHERE id=?", "i", pfund_id)) < 0 ||
	    (rc = db_int(c->db, c->e, &given,
			 "SELECT coalesce(sum(a.awarded), 0) FROM prog_applications a WHERE a.pfund_id=? AND a.outcome='funded'"
			 " AND NOT EXISTS (SELECT 1 FROM review_award_lines l WHERE l.application_id=a.id)",
			 "i", pfund_id)) < 0 ||
	    (rc = db_int(c->db, c->e, marked,
			 "SELECT coalesce(sum(amount), 0) FROM review_award_lines WHERE programme_id=? AND pfund_id=? AND marked=1",
			 "ii", programme_id, pfund_id)) < 0)
		return rc;
	*remaining = budget - given;
	return 0;
}

static int by_app(const void *a, const void *b)
{
	const struct rv_agg *x = a, *y = b;
	return x->app < y->app ? -1 : x->app > y->app;
}

static int by_score(const void *a, const void *b)
{
	const struct rv_line *x = a, *y = b;
	if (x->has_score != y->has_score)
		return x->has_score ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->app < y->app ? -1 : x->app > y->app;
}

int rv_award_compute(struct ctx *c, const struct rv_prog *p)
{
	int rc;
	const char *status;
	int64_t version = 0;
	if ((rc = prog_programme_admin(c, p->id)) || (rc = batch_status(c, p->id, &status, &version)))
		return rc;
	if (status && strcmp(status, "draft"))
		return err_set(c->e, ERR_CONFLICT, "status", "资助批次已审定，不能重新计算",
			       "the batch is approved: it cannot be computed again");
	struct rv_agg *g;
	int ng = 0;
	if ((rc = rv_rank_compute(c, p->id, &g, &ng)))
		return rc;
	int64_t total = 0;
	if ((rc = db_int(c->db, c->e, &total,
			 "SELECT count(*) FROM prog_applications WHERE programme_id=? AND status='in_review' AND pfund_id IS NOT NULL",
			 "i", p->id)) < 0)
		return rc;
	struct rv_line *l = arena_alloc(c->a, sizeof *l * (size_t)(total + 1));
	int64_t *fund = arena_alloc(c->a, sizeof *fund * (size_t)(total + 1));
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT id, pfund_id, requested FROM prog_applications"
			       " WHERE programme_id=? AND status='in_review' AND pfund_id IS NOT NULL ORDER BY pfund_id, id",
			       "i", p->id);
	if (!st)
		return c->e->code;
	int n = 0;
	while (n < total && (rc = stmt_step(st, c->e)) == 1) {
		struct rv_agg key = {.app = col_int(st, 0)};
		const struct rv_agg *a = bsearch(&key, g, (size_t)ng, sizeof *g, by_app);
		l[n] = (struct rv_line){.app = key.app, .requested = col_int(st, 2)};
		if (a) {
			l[n].has_score = true;
			l[n].score = round(a->mean * 100) / 100;
			l[n].no = a->no;
			l[n].n = a->n;
		}
		fund[n++] = col_int(st, 1);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if ((rc = db_exec(c->db, c->e, "DELETE FROM review_award_lines WHERE programme_id=?", "i", p->id)))
		return rc;
	struct rv_rule rule = {!strcmp(p->rule, "threshold_percent"), p->min_score, p->threshold, p->percent, p->max_grant};
	for (int a = 0; a < n;) {
		int b = a;
		while (b < n && fund[b] == fund[a])
			b++;
		int64_t remaining = 0, marked = 0;
		if ((rc = rv_fund_remaining(c, p->id, fund[a], &remaining, &marked)))
			return rc;
		qsort(l + a, (size_t)(b - a), sizeof *l, by_score);
		rv_award_rule(&rule, remaining, l + a, b - a);
		for (int i = a; i < b; i++) {
			if (l[i].has_score)
				rc = db_exec(c->db, c->e,
					     "INSERT INTO review_award_lines (application_id, programme_id, pfund_id, rank, score, amount,"
					     " proposed, marked, reason, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
					     "iiiidiiisi", l[i].app, p->id, fund[a], (int64_t)(i - a + 1), l[i].score, l[i].amount,
					     (int64_t)l[i].proposed, (int64_t)l[i].proposed, l[i].reason ? l[i].reason : "", c->now);
			else
				rc = db_exec(c->db, c->e,
					     "INSERT INTO review_award_lines (application_id, programme_id, pfund_id, rank, score, amount,"
					     " proposed, marked, reason, updated_at) VALUES (?,?,?,?,NULL,?,0,0,?,?)",
					     "iiiiisi", l[i].app, p->id, fund[a], (int64_t)(i - a + 1), l[i].amount,
					     l[i].reason ? l[i].reason : "", c->now);
			if (rc)
				return rc;
		}
		a = b;
	}
	if (status)
		rc = db_exec(c->db, c->e, "UPDATE review_batches SET computed_at=?, version=version+1 WHERE programme_id=?", "ii",
			     c->now, p->id);
	else
		rc = db_exec(c->db, c->e, "INSERT INTO review_batches (programme_id, status, computed_at) VALUES (?,'draft',?)",
			     "ii", p->id, c->now);
	if (rc)
		return rc;
	char *after = arena_printf(c->a, "{\"lines\":%d,\"rule\":\"%s\"}", n, p->rule);
	return rv_audit(c, "award_compute", "programme", p->id, p->region_id, after);
}

int rv_award_mark(struct ctx *c, const struct rv_prog *p, int64_t app_id, bool marked, const char *reason)
{
	int rc;
	const char *status;
	if ((rc = prog_programme_admin(c, p->id)) || (rc = batch_status(c, p->id, &status, NULL)))
		return rc;
	if (!status || strcmp(status, "draft"))
		return err_set(c->e, ERR_CONFLICT, "status", "资助批次已审定，不能再改动", "the batch is no longer a draft");
	int64_t fund = 0, amount = 0, proposed = 0, was = 0;
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT pfund_id, amount, proposed, marked FROM review_award_lines WHERE application_id=? AND programme_id=?",
			       "ii", app_id, p->id);
	if (!st)
		return c->e->code;
	if ((rc = stmt_step(st, c->e)) == 1) {
		fund = col_int(st, 0);
		amount = col_int(st, 1);
		proposed = col_int(st, 2);
		was = col_int(st, 3);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (!fund)
		return err_set(c->e, ERR_NOT_FOUND, "application_id", "资助批次中没有这个申报", "no such application in the batch");
	bool override = marked != (proposed != 0);
	if (override && (!reason || strlen(reason) < 2))
		return err_set(c->e, ERR_RULE, "reason", "与规则结果不同的决定须由评审委员会说明理由",
			       "a decision against the rule needs the committee's reason");
	if (marked && !was) {
		int64_t remaining = 0, sum = 0;
		if ((rc = rv_fund_remaining(c, p->id, fund, &remaining, &sum)))
			return rc;
		if (sum + amount > remaining)
			return err_setf(c->e, ERR_RULE, "application_id", "资金不足：该专项资金仅余 %.2f 元",
					"insufficient funds: the fund has %.2f yuan left", (double)(remaining - sum) / 100);
		if (amount <= 0)
			return err_set(c->e, ERR_RULE, "application_id", "资助金额为零", "nothing to award");
	}
	if ((rc = db_exec(c->db, c->e, "UPDATE review_award_lines SET marked=?, override_reason=?, updated_at=? WHERE application_id=?",
			  "isii", (int64_t)marked, override ? reason : "", c->now, app_id)) ||
	    (rc = db_exec(c->db, c->e, "UPDATE review_batches SET version=version+1 WHERE programme_id=?", "i", p->id)))
		return rc;
	char *after = arena_printf(c->a, "{\"application_id\":%lld,\"marked\":%s,\"override\":%s}", (long long)app_id,
				   marked ? "true" : "false", override ? "true" : "false");
	return rv_audit(c, override ? "award_override" : "award_mark", "programme", p->id, p->region_id, after);
}

static int check_version(struct ctx *c, int64_t want, int64_t have)
{
	if (want > 0 && want != have)
		return err_setf(c->e, ERR_CONFLICT, "version", "资助批次已被他人修改（当前版本 %lld）",
				"the batch changed meanwhile (now version %lld)", (long long)have);
	return 0;
}

struct line_ref {
	int64_t app, fund, amount, marked, proposed;
	const char *reason;
};

static int load_lines(struct ctx *c, int64_t programme_id, struct line_ref **out, int *n)
{
	int64_t total = 0;
	int rc;
	if ((rc = db_int(c->db, c->e, &total, "SELECT count(*) FROM review_award_lines WHERE programme_id=?", "i",
			 programme_id)) < 0)
		return rc;
	struct line_ref *l = arena_alloc(c->a, sizeof *l * (size_t)(total + 1));
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT application_id, pfund_id, amount, marked, proposed, reason FROM review_award_lines"
			       " WHERE programme_id=? ORDER BY pfund_id, rank",
			       "i", programme_id);
	if (!st)
		return c->e->code;
	int k = 0;
	while (k < total && (rc = stmt_step(st, c->e)) == 1) {
		l[k] = (struct line_ref){col_int(st, 0), col_int(st, 1), col_int(st, 2), col_int(st, 3), col_int(st, 4),
					 arena_strdup(c->a, col_text(st, 5))};
		k++;
	}
	stmt_done(st);
	*out = l;
	*n = k;
	return rc < 0 ? rc : 0;
}

int rv_award_approve(struct ctx *c, const struct rv_prog *p, int64_t version)
{
	int rc;
	const char *status;
	int64_t have = 0;
	if ((rc = prog_programme_admin(c, p->id)) || (rc = batch_status(c, p->id, &status, &have)))
		return rc;
	if (!status)
		return err_set(c->e, ERR_RULE, "status", "尚未计算资助批次", "compute the batch first");
	if (strcmp(status, "draft"))
		return err_set(c->e, ERR_CONFLICT, "status", "资助批次已审定", "the batch is already approved");
	if ((rc = check_version(c, version, have)))
		return rc;
	struct line_ref *l;
	int n;
	if ((rc = load_lines(c, p->id, &l, &n)))
		return rc;
	/* the invariant, once more, before anything is decided */
	for (int a = 0; a < n;) {
		int b = a;
		int64_t remaining = 0, marked = 0;
		while (b < n && l[b].fund == l[a].fund)
			b++;
		if ((rc = rv_fund_remaining(c, p->id, l[a].fund, &remaining, &marked)))
			return rc;
		if (marked > remaining)
			return err_set(c->e, ERR_RULE, "status", "资助总额超过专项资金余额", "the marked awards exceed a fund's remaining budget");
		a = b;
	}
	for (int i = 0; i < n; i++) {
		if (l[i].marked)
			rc = prog_app_set_outcome(c, l[i].app, "funded", l[i].amount, "");
		else
			rc = prog_app_set_outcome(c, l[i].app, "not_funded", 0,
						  l[i].proposed ? "committee_override" : *l[i].reason ? l[i].reason : "not_recommended");
		if (rc)
			return rc;
	}
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE review_batches SET status='approved', approved_by=NULLIF(?,0), approved_at=?, version=version+1"
			  " WHERE programme_id=?",
			  "iii", c->who ? c->who->user_id : 0, c->now, p->id)))
		return rc;
	return rv_audit(c, "award_approve", "programme", p->id, p->region_id, "{\"status\":\"approved\"}");
}

static int move_all(struct ctx *c, int64_t programme_id, const char *stage)
{
	struct line_ref *l;
	int n, rc;
	if ((rc = load_lines(c, programme_id, &l, &n)))
		return rc;
	for (int i = 0; i < n; i++)
		if ((rc = prog_app_set_stage(c, l[i].app, stage, NULL, 0)))
			return rc;
	return 0;
}

int rv_award_publish(struct ctx *c, const struct rv_prog *p, int64_t version)
{
	int rc;
	const char *status;
	int64_t have = 0;
	if ((rc = prog_programme_admin(c, p->id)) || (rc = batch_status(c, p->id, &status, &have)))
		return rc;
	if (!status || strcmp(status, "approved"))
		return err_set(c->e, ERR_RULE, "status", "资助批次须先经评审委员会审定", "the committee must approve the batch first");
	if ((rc = check_version(c, version, have)) || (rc = move_all(c, p->id, "publication")))
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE review_batches SET status='published', published_at=?, objections_close_at=?, version=version+1"
			  " WHERE programme_id=?",
			  "iii", c->now, c->now + p->objection_days * DAY_US, p->id)))
		return rc;
	return rv_audit(c, "award_publish", "programme", p->id, p->region_id, "{\"status\":\"published\"}");
}

int rv_award_close(struct ctx *c, const struct rv_prog *p, int64_t version)
{
	int rc;
	const char *status;
	int64_t have = 0, closes = 0, open = 0;
	if ((rc = prog_programme_admin(c, p->id)) || (rc = batch_status(c, p->id, &status, &have)))
		return rc;
	if (!status || strcmp(status, "published"))
		return err_set(c->e, ERR_RULE, "status", "资助批次尚未公示", "the batch is not published");
	if ((rc = check_version(c, version, have)) ||
	    (rc = db_int(c->db, c->e, &closes, "SELECT objections_close_at FROM review_batches WHERE programme_id=?", "i",
			 p->id)) < 0 ||
	    (rc = db_int(c->db, c->e, &open,
			 "SELECT count(*) FROM review_objections WHERE programme_id=? AND answered_at IS NULL", "i", p->id)) < 0)
		return rc;
	if (c->now < closes)
		return err_set(c->e, ERR_RULE, "status", "公示期尚未结束", "the objection period has not ended");
	if (open)
		return err_set(c->e, ERR_RULE, "status", "尚有异议未答复", "some objections are not answered yet");
	if ((rc = move_all(c, p->id, "award")) ||
	    (rc = db_exec(c->db, c->e, "UPDATE review_batches SET status='closed', version=version+1 WHERE programme_id=?", "i",
			  p->id)))
		return rc;
	return rv_audit(c, "award_close", "programme", p->id, p->region_id, "{\"status\":\"closed\"}");
}

int rv_objection_add(struct ctx *c, const struct rv_prog *p, int64_t app_id, const char *name, const char *contact,
		     const char *body, int64_t *id)
{
	int rc;
	const char *status;
	int64_t closes = 0, n = 0;
	if ((rc = batch_status(c, p->id, &status, NULL)))
		return rc;
	if (!status || (strcmp(status, "published")))
		return err_set(c->e, ERR_RULE, "code", "本计划不在公示期", "the programme's awards are not in publication");
	if ((rc = db_int(c->db, c->e, &closes, "SELECT objections_close_at FROM review_batches WHERE programme_id=?", "i",
			 p->id)) < 0)
		return rc;
	if (c->now >= closes)
		return err_set(c->e, ERR_RULE, "code", "公示期已结束", "the objection period has ended");
	if (!c->who && (!contact || strlen(contact) < 5))
		return err_set(c->e, ERR_INVALID, "contact", "未登录提出异议须留下联系方式", "without an account, leave a contact");
	if (app_id) {
		if ((rc = db_int(c->db, c->e, &n,
				 "SELECT count(*) FROM review_award_lines WHERE application_id=? AND programme_id=?", "ii", app_id,
				 p->id)) < 0)
			return rc;
		if (!n)
			return err_set(c->e, ERR_NOT_FOUND, "application_id", "公示名单中没有这个申报",
				       "no such application on the published list");
	}
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO review_objections (programme_id, application_id, user_id, name, contact, body, created_at)"
			 " VALUES (?,NULLIF(?,0),NULLIF(?,0),?,?,?,?) RETURNING id",
			 "iiisssi", p->id, app_id, c->who ? c->who->user_id : 0, name ? name : "", contact ? contact : "", body,
			 c->now)) < 0)
		return rc;
	return rv_audit(c, "create", "review_objection", *id, p->region_id, "{\"status\":\"received\"}");
}

int rv_objection_answer(struct ctx *c, int64_t id, const char *answer)
{
	int64_t pid = 0, answered = 0;
	int rc;
	struct stmt *st = db_q(c->db, c->e, "SELECT programme_id, coalesce(answered_at, 0) FROM review_objections WHERE id=?",
			       "i", id);
	if (!st)
		return c->e->code;
	if ((rc = stmt_step(st, c->e)) == 1) {
		pid = col_int(st, 0);
		answered = col_int(st, 1);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (!pid)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这条异议", "no such objection");
	struct rv_prog p;
	if ((rc = rv_prog_by_id(c, pid, &p)) || (rc = prog_programme_admin(c, pid)))
		return rc;
	if (answered)
		return err_set(c->e, ERR_CONFLICT, "id", "该异议已答复", "the objection is already answered");
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE review_objections SET answer=?, answered_by=NULLIF(?,0), answered_at=? WHERE id=?", "siii",
			  answer, c->who ? c->who->user_id : 0, c->now, id)))
		return rc;
	return rv_audit(c, "answer", "review_objection", id, p.region_id, "{\"status\":\"answered\"}");
}
