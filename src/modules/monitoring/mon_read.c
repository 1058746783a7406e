/*
 * mon_read.c — what the monitoring shows: the project page (agreement,
 * milestones, tranches paid and unpaid, reports with their values, visits,
 * the tier with its inputs and changes, evaluation, extension, assets,
 * alerts), the staff board by tier, and the funded applications still
 * waiting for their agreement. Each project shown passed
 * mon_project_load (programme.h prog_app_access) for the caller.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "modules/grants/grants.h"
#include "modules/monitoring/mon_internal.h"
#include "modules/monitoring/monitoring.h"
#include "modules/programme/programme.h"
#include "store/row.h"
#include "store/store.h"

#define N(a) (int)(sizeof a / sizeof a[0])

static int write_rows(struct ctx *c, const char *key, const struct col *cols, int ncols, const char *sql, int64_t id)
{
	struct jw *w = c->w;
	jw_key(w, key);
	jw_arr(w);
	struct stmt *st = db_q(c->db, c->e, sql, "i", id);
	if (!st)
		return c->e->code;
	int rc;
	while ((rc = stmt_step(st, c->e)) == 1) {
		jw_obj(w);
		row_json(w, cols, ncols, st);
		jw_obj_end(w);
	}
	stmt_done(st);
	jw_arr_end(w);
	return rc < 0 ? rc : 0;
}

static const struct col ms_cols[] = {
	{"id", "", COL_INT},         {"seq", "", COL_INT},          {"title", "", COL_TEXT},
	{"due_on", "", COL_TEXT},    {"deliverable", "", COL_TEXT}, {"pays_tranche", "", COL_BOOL},
	{"status", "", COL_TEXT},    {"tranche_id", "", COL_INT},   {"accepted_at", "", COL_TIME},
	{"version", "", COL_INT},    {"overdue", "", COL_BOOL},
};
static const struct col tranche_cols[] = {
	{"id", "", COL_INT}, {"seq", "", COL_INT}, {"amount", "", COL_INT}, {"status", "", COL_TEXT}, {"paid_at", "", COL_TIME},
};
static const struct col visit_cols[] = {
	{"id", "", COL_INT}, {"visited_on", "", COL_TEXT}, {"notes", "", COL_TEXT}, {"visitor_name", "", COL_TEXT},
	{"created_at", "", COL_TIME},
};
static const struct col change_cols[] = {
	{"id", "", COL_INT}, {"tier_from", "", COL_TEXT}, {"tier_to", "", COL_TEXT}, {"changed_at", "", COL_TIME},
	{"changed_by_name", "", COL_TEXT},
};
static const struct col alert_cols[] = {
	{"id", "", COL_INT}, {"event", "", COL_TEXT}, {"recipients", "", COL_INT}, {"created_at", "", COL_TIME},
};
static const struct col indicator_cols[] = {
	{"seq", "", COL_INT}, {"name", "", COL_TEXT}, {"target", "", COL_DOUBLE}, {"unit", "", COL_TEXT},
	{"latest", "", COL_DOUBLE},
};

static int write_reports(struct ctx *c, int64_t project_id)
{
	struct jw *w = c->w;
	struct stmt *st = db_q(c->db, c->e, "SELECT id FROM mon_reports WHERE project_id=? ORDER BY CASE WHEN kind='final' THEN 0 ELSE 1 END, period DESC", "i",
			       project_id);
	if (!st)
		return c->e->code;
	int64_t ids[200];
	int k = 0, rc;
	while (k < 200 && (rc = stmt_step(st, c->e)) == 1)
		ids[k++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_key(w, "reports");
	jw_arr(w);
	for (int i = 0; i < k; i++) {
		jw_obj(w);
		if ((rc = record_write_cols(c, &mon_report_kind, w, ids[i])))
			return rc;
		static const struct col vcols[] = {{"seq", "", COL_INT}, {"value", "", COL_DOUBLE}};
		static const struct col mcols[] = {{"milestone_id", "", COL_INT}, {"status", "", COL_TEXT}};
		if ((rc = write_rows(c, "values", vcols, 2, "SELECT seq, value FROM mon_report_values WHERE report_id=? ORDER BY seq",
				     ids[i])) ||
		    (rc = write_rows(c, "milestones", mcols, 2,
				     "SELECT milestone_id, status FROM mon_report_milestones WHERE report_id=? ORDER BY milestone_id",
				     ids[i])))
			return rc;
		jw_obj_end(w);
	}
	jw_arr_end(w);
	return 0;
}

/* The quarters of the agreement so far, each with its report's status (or
 * missing) and due day: what the applicant's page offers to file. */
static int write_quarters(struct ctx *c, int64_t project_id)
{
	struct jw *w = c->w;
	char *starts = NULL, *ends = NULL;
	int rc;
	if ((rc = db_text(c->db, c->e, c->a, &starts, "SELECT starts_on FROM mon_projects WHERE id=?", "i", project_id)) < 0 ||
	    (rc = db_text(c->db, c->e, c->a, &ends, "SELECT ends_on FROM mon_projects WHERE id=?", "i", project_id)) < 0)
		return rc;
	const char *today = mon_today(c);
	int sk = atoi(starts) * 4 + (atoi(starts + 5) - 1) / 3, ek = atoi(ends) * 4 + (atoi(ends + 5) - 1) / 3;
	int tk = atoi(today) * 4 + (atoi(today + 5) - 1) / 3;
	jw_key(w, "quarters");
	jw_arr(w);
	for (int k = sk; k <= ek && k <= tk && k - sk < 40; k++) {
		int y = k / 4, q = k % 4 + 1;
		char period[16];
		snprintf(period, sizeof period, "%04dQ%d", y % 10000, q);
		int64_t due;
		if ((rc = mon_quarter_due(c, y, q, &due)))
			return rc;
		char *status = NULL;
		if ((rc = db_text(c->db, c->e, c->a, &status, "SELECT status FROM mon_reports WHERE project_id=? AND period=?",
				  "is", project_id, period)) < 0)
			return rc;
		jw_obj(w);
		jw_kstr(w, "period", period);
		jw_ktime(w, "due_at", due);
		jw_kstr(w, "status", status ? status : "missing");
		jw_kbool(w, "late", !status && due < c->now);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	return 0;
}

int mon_project_write(struct ctx *c, int64_t id)
{
	struct mon_project p;
	struct prog_app a;
	int rc;
	if ((rc = mon_project_load(c, id, &p)))
		return rc;
	struct ctx sys = *c;
	sys.who = NULL; /* the caller passed the access check above */
	if ((rc = prog_app_get(&sys, p.application_id, &a)))
		return rc;
	struct jw *w = c->w;
	jw_obj(w);
	if ((rc = record_write_cols(c, &mon_project_kind, w, id)))
		return rc;
	static const char *const roles[] = {"none", "staff", "staff_read", "applicant", "supervisor"};
	jw_kstr(w, "my_role", roles[p.role]);
	jw_kbool(w, "can_manage", p.role == MON_STAFF);
	jw_kbool(w, "can_report", p.role == MON_APPLICANT || p.role == MON_STAFF);
	jw_kbool(w, "can_visit", p.role == MON_STAFF || p.role == MON_SUPERVISOR);
	jw_key(w, "application");
	jw_obj(w);
	jw_kint(w, "id", a.id);
	jw_kstr(w, "code", a.code);
	jw_kstr(w, "title", a.title);
	jw_kstr(w, "applicant_name", a.applicant_name);
	jw_kstr(w, "kind", a.kind);
	jw_kstr(w, "domain", a.domain);
	jw_kint(w, "awarded", a.awarded);
	jw_kint(w, "org_id", a.org_id);
	jw_obj_end(w);
	char *pname = NULL, *pcode = NULL, *sup = NULL;
	if ((rc = db_text(c->db, c->e, c->a, &pname, "SELECT name FROM programmes WHERE id=?", "i", p.programme_id)) < 0 ||
	    (rc = db_text(c->db, c->e, c->a, &pcode, "SELECT code FROM programmes WHERE id=?", "i", p.programme_id)) < 0 ||
	    (rc = db_text(c->db, c->e, c->a, &sup,
			  "SELECT coalesce(nullif(display_name,''), username) FROM users WHERE id=?", "i",
			  p.supervisor_user_id)) < 0)
		return rc;
	jw_kstr(w, "programme_name", pname);
	jw_kstr(w, "programme_code", pcode);
	jw_kstr(w, "supervisor_name", sup);
	char *inputs = NULL;
	if ((rc = db_text(c->db, c->e, c->a, &inputs, "SELECT tier_inputs FROM mon_projects WHERE id=?", "i", id)) < 0)
		return rc;
	jw_key(w, "tier_inputs");
	jw_raw(w, inputs && *inputs ? inputs : "{}");
	/* milestones, overdue marked */
	const char *today = mon_today(c);
	jw_key(w, "milestones");
	jw_arr(w);
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT id, seq, title, due_on, deliverable, pays_tranche, status, tranche_id, accepted_at, version,"
			       " CASE WHEN status<>'accepted' AND due_on < ? THEN 1 ELSE 0 END"
			       " FROM mon_milestones WHERE project_id=? ORDER BY seq",
			       "si", today, id);
	if (!st)
		return c->e->code;
	while ((rc = stmt_step(st, c->e)) == 1) {
		jw_obj(w);
		row_json(w, ms_cols, N(ms_cols), st);
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	/* the money: the grant's tranches, paid and unpaid */
	int64_t paid = 0;
	if ((rc = write_rows(c, "tranches", tranche_cols, N(tranche_cols),
			     "SELECT id, seq, amount, status, paid_at FROM grant_tranches WHERE grant_id=? ORDER BY seq",
			     p.grant_id)) ||
	    (rc = db_int(c->db, c->e, &paid,
			 "SELECT coalesce(sum(amount),0) FROM grant_tranches WHERE grant_id=? AND status='paid'", "i",
			 p.grant_id)) < 0)
		return rc;
	jw_kint(w, "paid", paid);
	jw_kint(w, "unpaid", p.awarded - paid);
	if ((rc = write_rows(c, "indicators", indicator_cols, N(indicator_cols),
			     "SELECT i.seq, i.name, i.target, i.unit, (SELECT v.value FROM mon_report_values v JOIN mon_reports r"
			     " ON r.id=v.report_id WHERE r.project_id=(SELECT m.id FROM mon_projects m WHERE m.application_id=i.application_id)"
			     " AND v.seq=i.seq ORDER BY r.period DESC LIMIT 1)"
			     " FROM prog_indicators i WHERE i.application_id=? ORDER BY i.seq",
			     p.application_id)) ||
	    (rc = write_reports(c, id)) || (rc = write_quarters(c, id)) ||
	    (rc = write_rows(c, "visits", visit_cols, N(visit_cols),
			     "SELECT id, visited_on, notes, visitor_name, created_at FROM mon_visits WHERE project_id=?"
			     " ORDER BY visited_on DESC, id DESC",
			     id)) ||
	    (rc = write_rows(c, "tier_changes", change_cols, N(change_cols),
			     "SELECT t.id, t.tier_from, t.tier_to, t.changed_at, coalesce(u.display_name, u.username, '')"
			     " FROM mon_tier_changes t LEFT JOIN users u ON u.id=t.changed_by WHERE t.project_id=?"
			     " ORDER BY t.id DESC",
			     id)) ||
	    (rc = write_rows(c, "alerts", alert_cols, N(alert_cols),
			     "SELECT id, event, recipients, created_at FROM mon_alerts WHERE project_id=? ORDER BY id", id)))
		return rc;
	jw_kbool(w, "extension_eligible", p.extension_year && !p.extension_used_at);
	jw_obj_end(w);
	return 0;
}

/* ---------- the board ---------- */

int mon_board_write(struct ctx *c, int64_t programme_id, const char *tier)
{
	struct jw *w = c->w;
	const char *today = mon_today(c);
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT p.id FROM mon_projects p WHERE (p.programme_id=? OR ?=0) ORDER BY p.id LIMIT 2000", "ii",
			       programme_id, programme_id);
	if (!st)
		return c->e->code;
	int64_t *ids = arena_alloc(c->a, sizeof *ids * 2000);
	int k = 0, rc;
	while (k < 2000 && (rc = stmt_step(st, c->e)) == 1)
		ids[k++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	int64_t counts[3] = {0, 0, 0}, total = 0;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	for (int i = 0; i < k; i++) {
		struct mon_project p;
		if (mon_project_load(c, ids[i], &p)) {
			err_clear(c->e);
			continue;
		}
		for (int t = 0; t < 3; t++)
			if (!strcmp(p.tier, mon_tiers[t]))
				counts[t]++;
		if (tier && strcmp(tier, p.tier))
			continue;
		struct stmt *r = NULL;
		if ((rc = db_row(c->db, c->e, &r,
				 "SELECT p.id, a.code, a.title, a.applicant_name, p.executing_org, p.tier, p.status, p.awarded,"
				 " (SELECT coalesce(sum(t.amount),0) FROM grant_tranches t WHERE t.grant_id=p.grant_id AND t.status='paid'),"
				 " (SELECT count(*) FROM mon_milestones m WHERE m.project_id=p.id AND m.status<>'accepted' AND m.due_on < ?),"
				 " (SELECT count(*) FROM mon_reports x WHERE x.project_id=p.id AND x.status='submitted'),"
				 " p.evaluation, p.supervisor_user_id, (SELECT coalesce(nullif(u.display_name,''), u.username)"
				 " FROM users u WHERE u.id=p.supervisor_user_id), a.kind, p.programme_id,"
				 " CASE WHEN p.extension_year IS NOT NULL AND p.extension_used_at IS NULL THEN 1 ELSE 0 END,"
				 " p.tier_inputs"
				 " FROM mon_projects p JOIN prog_applications a ON a.id=p.application_id WHERE p.id=?",
				 "si", today, ids[i])) < 0)
			return rc;
		if (!r)
			continue;
		static const struct col cols[] = {
			{"id", "", COL_INT},           {"code", "", COL_TEXT},          {"title", "", COL_TEXT},
			{"applicant_name", "", COL_TEXT}, {"executing_org", "", COL_TEXT}, {"tier", "", COL_TEXT},
			{"status", "", COL_TEXT},      {"awarded", "", COL_INT},        {"paid", "", COL_INT},
			{"overdue_milestones", "", COL_INT}, {"reports_waiting", "", COL_INT}, {"evaluation", "", COL_TEXT},
			{"supervisor_user_id", "", COL_INT}, {"supervisor_name", "", COL_TEXT}, {"kind", "", COL_TEXT},
			{"programme_id", "", COL_INT}, {"extension_eligible", "", COL_BOOL},
		};
		jw_obj(w);
		row_json(w, cols, N(cols), r);
		jw_key(w, "tier_inputs");
		jw_raw(w, col_text(r, 17) && *col_text(r, 17) ? col_text(r, 17) : "{}");
		jw_obj_end(w);
		stmt_done(r);
		total++;
	}
	jw_arr_end(w);
	jw_kint(w, "total", total);
	jw_key(w, "counts");
	jw_obj(w);
	for (int t = 0; t < 3; t++)
		jw_kint(w, mon_tiers[t], counts[t]);
	jw_obj_end(w);
	jw_obj_end(w);
	return 0;
}

int mon_candidates_write(struct ctx *c, int64_t programme_id)
{
	int rc;
	if ((rc = prog_programme_admin(c, programme_id)))
		return rc;
	struct jw *w = c->w;
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT a.id FROM prog_applications a WHERE a.programme_id=? AND a.outcome='funded' AND a.awarded>0"
			       " AND NOT EXISTS (SELECT 1 FROM mon_projects p WHERE p.application_id=a.id) ORDER BY a.id LIMIT 500",
			       "i", programme_id);
	if (!st)
		return c->e->code;
	int64_t *ids = arena_alloc(c->a, sizeof *ids * 500);
	int k = 0;
	while (k < 500 && (rc = stmt_step(st, c->e)) == 1)
		ids[k++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	for (int i = 0; i < k; i++) {
		struct prog_app a;
		if (prog_app_get(c, ids[i], &a)) {
			err_clear(c->e);
			continue;
		}
		jw_obj(w);
		jw_kint(w, "id", a.id);
		jw_kstr(w, "code", a.code);
		jw_kstr(w, "title", a.title);
		jw_kstr(w, "applicant_name", a.applicant_name);
		jw_kstr(w, "kind", a.kind);
		jw_kint(w, "awarded", a.awarded);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}
