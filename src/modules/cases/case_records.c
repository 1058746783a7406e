/*
 * case_records.c — the sub-records of a case for its own page (already
 * opened and logged by the caller, case_write_detail): risk flags,
 * assessments with their scales, plans with goals, reviews, the approvals'
 * whole history, shares and attachments (their names; the bytes are a
 * download of their own, logged on its own).
 */
#include <string.h>

#include "core/jw.h"
#include "modules/cases/case_internal.h"
#include "store/store.h"

static void opt_int(struct jw *w, const char *k, struct stmt *st, int i)
{
	if (col_null(st, i))
		jw_knull(w, k);
	else
		jw_kint(w, k, col_int(st, i));
}

/* Write rows of sql (one int parameter) as an array under key, each
 * column named by names[] (prefix "t:" time, "i:" int, "j:" raw JSON,
 * "b:" bool, else text). */
static int rows(struct ctx *c, struct jw *w, const char *key, const char *sql, int64_t id, const char *const *names)
{
	struct stmt *st = db_q(c->db, c->e, sql, "i", id);
	if (!st)
		return c->e->code;
	int rc;
	jw_key(w, key);
	jw_arr(w);
	while ((rc = stmt_step(st, c->e)) == 1) {
		jw_obj(w);
		for (int i = 0; names[i]; i++) {
			const char *n = names[i];
			if (!strncmp(n, "t:", 2))
				jw_ktime(w, n + 2, col_int(st, i));
			else if (!strncmp(n, "i:", 2))
				opt_int(w, n + 2, st, i);
			else if (!strncmp(n, "b:", 2))
				jw_kbool(w, n + 2, col_int(st, i) != 0);
			else if (!strncmp(n, "j:", 2)) {
				jw_key(w, n + 2);
				jw_raw(w, col_text(st, i));
			} else
				jw_kstr(w, n, col_text(st, i));
		}
		jw_obj_end(w);
	}
	stmt_done(st);
	jw_arr_end(w);
	return rc < 0 ? rc : 0;
}

int case_write_records(struct ctx *c, struct jw *w, int64_t id)
{
	static const char *const flag_cols[] = {"i:id", "kind", "level", "source", "i:source_id", "note", "t:raised_at",
						"t:resolved_at", "resolution", NULL};
	static const char *const ass_cols[] = {"i:id", "case_type", "j:form", "summary", "status", "t:submitted_at",
					       "t:decided_at", "i:version", "t:created_at", "t:updated_at", NULL};
	static const char *const scale_cols[] = {"i:id", "i:assessment_id", "scale", "answers", "i:score", "band",
						 "b:flagged", "t:taken_at", NULL};
	static const char *const plan_cols[] = {"i:id", "summary", "status", "t:submitted_at", "t:decided_at",
						"i:version", "t:created_at", NULL};
	static const char *const goal_cols[] = {"i:id", "i:plan_id", "text", "measure", "target_date", "status",
						"i:version", NULL};
	static const char *const review_cols[] = {"i:id", "i:plan_id", "progress", "decision", "created_by_name",
						  "t:created_at", NULL};
	static const char *const appr_cols[] = {"i:id", "subject", "i:subject_id", "state", "i:approver_id",
						"approver_name", "requested_by_name", "t:requested_at", "note",
						"decided_by_name", "t:decided_at", "comment", NULL};
	static const char *const share_cols[] = {"i:id", "i:user_id", "username", "display_name", "purpose",
						 "t:starts_at", "t:ends_at", "t:revoked_at", "b:active", NULL};
	static const char *const att_cols[] = {"i:id", "file_name", "content_type", "i:size", "sha256",
					       "t:uploaded_at", NULL};
	int rc;
	if ((rc = rows(c, w, "flags",
		       "SELECT id, kind, level, source, source_id, note, raised_at, resolved_at, resolution FROM case_flags"
		       " WHERE case_id=? ORDER BY resolved_at IS NOT NULL, id DESC",
		       id, flag_cols)) ||
	    (rc = rows(c, w, "assessments",
		       "SELECT id, case_type, form_json, summary, status, submitted_at, decided_at, version, created_at,"
		       " updated_at FROM case_assessments WHERE case_id=? ORDER BY id DESC",
		       id, ass_cols)) ||
	    (rc = rows(c, w, "scales",
		       "SELECT id, assessment_id, scale, answers, score, band, flagged, taken_at FROM case_scales"
		       " WHERE case_id=? ORDER BY id DESC",
		       id, scale_cols)) ||
	    (rc = rows(c, w, "plans",
		       "SELECT id, summary, status, submitted_at, decided_at, version, created_at FROM case_plans"
		       " WHERE case_id=? ORDER BY id DESC",
		       id, plan_cols)) ||
	    (rc = rows(c, w, "goals",
		       "SELECT id, plan_id, text, measure, target_date, status, version FROM case_goals WHERE case_id=?"
		       " ORDER BY plan_id DESC, id",
		       id, goal_cols)) ||
	    (rc = rows(c, w, "reviews",
		       "SELECT r.id, r.plan_id, r.progress, r.decision, u.display_name, r.created_at FROM case_reviews r"
		       " LEFT JOIN users u ON u.id=r.created_by WHERE r.case_id=? ORDER BY r.id DESC",
		       id, review_cols)) ||
	    (rc = rows(c, w, "approvals",
		       "SELECT a.id, a.subject, a.subject_id, a.state, a.approver_id, au.display_name, ru.display_name,"
		       " a.requested_at, a.note, du.display_name, a.decided_at, a.comment FROM case_approvals a"
		       " LEFT JOIN users au ON au.id=a.approver_id LEFT JOIN users ru ON ru.id=a.requested_by"
		       " LEFT JOIN users du ON du.id=a.decided_by WHERE a.case_id=? ORDER BY a.id DESC",
		       id, appr_cols)))
		return rc;
	/* shares: active is computed against the request's time */
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT s.id, s.user_id, u.username, u.display_name, s.purpose, s.starts_at, s.ends_at,"
			       " s.revoked_at FROM case_shares s JOIN users u ON u.id=s.user_id WHERE s.case_id=? ORDER BY s.id DESC",
			       "i", id);
	if (!st)
		return c->e->code;
	jw_key(w, "shares");
	jw_arr(w);
	while ((rc = stmt_step(st, c->e)) == 1) {
		jw_obj(w);
		for (int i = 0; i < 8; i++) {
			const char *n = share_cols[i];
			if (!strncmp(n, "t:", 2))
				jw_ktime(w, n + 2, col_int(st, i));
			else if (!strncmp(n, "i:", 2))
				opt_int(w, n + 2, st, i);
			else
				jw_kstr(w, n, col_text(st, i));
		}
		jw_kbool(w, "active", col_null(st, 7) && col_int(st, 5) <= c->now && col_int(st, 6) > c->now);
		jw_obj_end(w);
	}
	stmt_done(st);
	jw_arr_end(w);
	if (rc < 0)
		return rc;
	return rows(c, w, "attachments",
		    "SELECT id, file_name, content_type, size, sha256, uploaded_at FROM case_attachments WHERE case_id=?"
		    " ORDER BY id DESC",
		    id, att_cols);
}
