/*
 * casework_http.c — the casework area's routes (docs/casework.md): a
 * case's visits, consents and referrals; the referral recipient's inbox
 * and view; the workload board; statistics without identifiers. Every GET
 * that returns a case's content is RT_AUDITED and logs through case_open.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/fields.h"
#include "core/module.h"
#include "core/sb.h"
#include "http/http.h"
#include "modules/calendar/calendar.h"
#include "modules/cases/cases.h"
#include "modules/casework/casework.h"
#include "store/list.h"
#include "store/store.h"

#define STAT_ROLES (ROLES_ADMIN | CASE_ROLES)

static int case_id_param(struct req *r, int64_t *id)
{
	int rc = req_param_id(r, "id", id);
	return rc ? err_set(&r->err, ERR_NOT_FOUND, "id", "没有这个个案", "no such case") : 0;
}

static void kopt_time(struct jw *w, const char *k, struct stmt *st, int i)
{
	if (col_null(st, i))
		jw_knull(w, k);
	else
		jw_ktime(w, k, col_int(st, i));
}

/* ---------- visits ---------- */

static const struct field visit_fields[] = {
	FLD_ENUM(struct cw_visit_in, kind, FLD_REQ, cw_visit_kinds),
	FLD_TIME(struct cw_visit_in, visited_at, FLD_REQ),
	FLD_INT(struct cw_visit_in, duration_min, 0, 0, 1440),
	FLD_STR(struct cw_visit_in, notes, 0, 0, 4000),
	FLD_STR(struct cw_visit_in, observations, 0, 0, 4000),
	FLD_TIME(struct cw_visit_in, next_visit_at, 0),
	FLD_STR(struct cw_visit_in, client_key, 0, 8, 64),
	FLD_ENUM(struct cw_visit_in, flag_kind, 0, case_flag_kinds),
	FLD_ENUM(struct cw_visit_in, flag_level, 0, case_flag_levels),
	FLD_STR(struct cw_visit_in, flag_note, 0, 0, 2000),
	FLD_END,
};

static int h_visit_add(struct req *r)
{
	int64_t id, vid;
	struct cw_visit_in in = {0};
	bool dup = false;
	int rc;
	if ((rc = case_id_param(r, &id)) || (rc = req_body(r, &in)) || (rc = cw_visit_add(&r->cx, id, &in, &vid, &dup)))
		return rc;
	struct stmt *st;
	if ((rc = db_row(r->db, &r->err, &st, "SELECT kind, visited_at, next_visit_at, client_key FROM case_visits WHERE id=?",
			 "i", vid)) <= 0)
		return rc < 0 ? rc : ERR_INTERNAL;
	r->status = dup ? 200 : 201;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "id", vid);
	jw_kint(&r->jw, "case_id", id);
	jw_kstr(&r->jw, "kind", col_text(st, 0));
	jw_ktime(&r->jw, "visited_at", col_int(st, 1));
	kopt_time(&r->jw, "next_visit_at", st, 2);
	jw_kstr(&r->jw, "client_key", col_text(st, 3));
	jw_kbool(&r->jw, "duplicate", dup);
	jw_obj_end(&r->jw);
	stmt_done(st);
	return 0;
}

static int h_visits(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_query_only(r, (const char *const[]){NULL})) || (rc = case_id_param(r, &id)) ||
	    (rc = case_open(&r->cx, id, CASE_READERS, "read", "visits", NULL, NULL)))
		return rc;
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT v.id, v.kind, v.visited_at, v.duration_min, v.notes, v.observations, v.next_visit_at,"
			       " v.flag_id, f.kind, f.level, u.display_name, v.created_at, v.client_key IS NOT NULL"
			       " FROM case_visits v LEFT JOIN case_flags f ON f.id=v.flag_id JOIN users u ON u.id=v.recorded_by"
			       " WHERE v.case_id=? ORDER BY v.visited_at DESC, v.id DESC LIMIT 500",
			       "i", id);
	if (!st)
		return r->err.code ? r->err.code : ERR_STORE;
	struct jw *w = &r->jw;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	while ((rc = stmt_step(st, &r->err)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "kind", col_text(st, 1));
		jw_ktime(w, "visited_at", col_int(st, 2));
		jw_kint(w, "duration_min", col_int(st, 3));
		jw_kstr(w, "notes", col_text(st, 4));
		jw_kstr(w, "observations", col_text(st, 5));
		kopt_time(w, "next_visit_at", st, 6);
		if (!col_null(st, 7)) {
			jw_key(w, "flag");
			jw_obj(w);
			jw_kint(w, "id", col_int(st, 7));
			jw_kstr(w, "kind", col_text(st, 8));
			jw_kstr(w, "level", col_text(st, 9));
			jw_obj_end(w);
		}
		jw_kstr(w, "recorded_by", col_text(st, 10));
		jw_ktime(w, "created_at", col_int(st, 11));
		jw_kbool(w, "offline", col_int(st, 12) != 0);
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	struct case_head h;
	if ((rc = case_head_get(&r->cx, id, &h)))
		return rc;
	jw_ktime(w, "last_visit_at", h.last_visit_at);
	jw_ktime(w, "next_visit_at", h.next_visit_at);
	jw_obj_end(w);
	return 0;
}

/* ---------- consents ---------- */

static const struct field consent_fields[] = {
	FLD_ENUM(struct cw_consent_in, purpose, FLD_REQ, cw_consent_purposes),
	FLD_ENUM(struct cw_consent_in, recipient_kind, FLD_REQ, cw_recipient_kinds),
	FLD_INT(struct cw_consent_in, recipient_org_id, 0, 1, INT64_MAX),
	FLD_INT(struct cw_consent_in, recipient_service_id, 0, 1, INT64_MAX),
	FLD_STR(struct cw_consent_in, recipient_label, 0, 1, 200),
	FLD_STR(struct cw_consent_in, fields, FLD_REQ, 1, 200),
	FLD_ENUM(struct cw_consent_in, given_by, FLD_REQ, cw_consent_givers),
	FLD_ENUM(struct cw_consent_in, method, FLD_REQ, cw_consent_methods),
	FLD_TIME(struct cw_consent_in, given_at, 0),
	FLD_TIME(struct cw_consent_in, expires_at, 0),
	FLD_END,
};

static int h_consent_add(struct req *r)
{
	int64_t id, cid;
	struct cw_consent_in in = {0};
	int rc;
	if ((rc = case_id_param(r, &id)) || (rc = req_body(r, &in)) || (rc = cw_consent_add(&r->cx, id, &in, &cid)))
		return rc;
	r->status = 201;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "id", cid);
	jw_kint(&r->jw, "case_id", id);
	jw_kint(&r->jw, "version", 1);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_consents(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_query_only(r, (const char *const[]){NULL})) || (rc = case_id_param(r, &id)) ||
	    (rc = case_open(&r->cx, id, CASE_READERS, "read", "consents", NULL, NULL)))
		return rc;
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT k.id, k.purpose, k.recipient_kind, k.recipient_org_id, k.recipient_service_id,"
			       " k.recipient_label, k.fields, k.given_by, k.method, k.given_at, k.expires_at, k.withdrawn_at,"
			       " k.withdrawn_reason, k.version, u.display_name FROM case_consents k JOIN users u ON u.id=k.recorded_by"
			       " WHERE k.case_id=? ORDER BY k.id DESC",
			       "i", id);
	if (!st)
		return r->err.code ? r->err.code : ERR_STORE;
	struct jw *w = &r->jw;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	while ((rc = stmt_step(st, &r->err)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "purpose", col_text(st, 1));
		jw_kstr(w, "recipient_kind", col_text(st, 2));
		if (col_null(st, 3)) jw_knull(w, "recipient_org_id"); else jw_kint(w, "recipient_org_id", col_int(st, 3));
		if (col_null(st, 4)) jw_knull(w, "recipient_service_id"); else jw_kint(w, "recipient_service_id", col_int(st, 4));
		jw_kstr(w, "recipient_label", col_text(st, 5));
		jw_kstr(w, "fields", col_text(st, 6));
		jw_kstr(w, "given_by", col_text(st, 7));
		jw_kstr(w, "method", col_text(st, 8));
		jw_ktime(w, "given_at", col_int(st, 9));
		kopt_time(w, "expires_at", st, 10);
		kopt_time(w, "withdrawn_at", st, 11);
		jw_kstr(w, "withdrawn_reason", col_text(st, 12));
		jw_kint(w, "version", col_int(st, 13));
		jw_kstr(w, "recorded_by", col_text(st, 14));
		bool live = col_null(st, 11) && (col_null(st, 10) || col_int(st, 10) > r->now);
		jw_kbool(w, "active", live);
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

struct reason_in {
	const char *reason;
	int64_t version;
};
static const struct field withdraw_fields[] = {
	FLD_STR(struct reason_in, reason, FLD_REQ, 2, 1000),
	FLD_INT(struct reason_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};

static int h_consent_withdraw(struct req *r)
{
	int64_t id;
	struct reason_in in = {0};
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = cw_consent_withdraw(&r->cx, id, in.reason, in.version)))
		return rc;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "id", id);
	jw_kbool(&r->jw, "withdrawn", true);
	jw_kint(&r->jw, "version", in.version + 1);
	jw_obj_end(&r->jw);
	return 0;
}

/* ---------- referrals ---------- */

static const struct field referral_fields[] = {
	FLD_INT(struct cw_referral_in, consent_id, FLD_REQ, 1, INT64_MAX),
	FLD_ENUM(struct cw_referral_in, target, FLD_REQ, cw_recipient_kinds),
	FLD_STR(struct cw_referral_in, reason, FLD_REQ, 2, 1000),
	FLD_INT(struct cw_referral_in, recipient_user_id, 0, 1, INT64_MAX),
	FLD_INT(struct cw_referral_in, term_id, 0, 1, INT64_MAX),
	FLD_END,
};

static int h_referral_add(struct req *r)
{
	int64_t id, rid;
	struct cw_referral_in in = {0};
	int rc;
	if ((rc = case_id_param(r, &id)) || (rc = req_body(r, &in)) || (rc = cw_referral_add(&r->cx, id, &in, &rid)))
		return rc;
	int64_t demand = 0;
	if ((rc = db_int(r->db, &r->err, &demand, "SELECT coalesce(demand_id,0) FROM case_referrals WHERE id=?", "i", rid)) < 0)
		return rc;
	r->status = 201;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "id", rid);
	jw_kint(&r->jw, "case_id", id);
	jw_kstr(&r->jw, "status", "sent");
	if (demand)
		jw_kint(&r->jw, "demand_id", demand);
	else
		jw_knull(&r->jw, "demand_id");
	jw_kint(&r->jw, "version", 1);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_case_referrals(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_query_only(r, (const char *const[]){NULL})) || (rc = case_id_param(r, &id)) ||
	    (rc = case_open(&r->cx, id, CASE_READERS, "read", "referrals", NULL, NULL)))
		return rc;
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT r.id, r.target, r.status, r.reason, r.outcome, r.fail_reason, r.reject_reason, r.sent_at,"
			       " r.ended_at, r.version, k.recipient_label, u.display_name, r.demand_id, d.status, r.consent_id"
			       " FROM case_referrals r JOIN case_consents k ON k.id=r.consent_id"
			       " LEFT JOIN users u ON u.id=r.recipient_user_id LEFT JOIN xchg_demands d ON d.id=r.demand_id"
			       " WHERE r.case_id=? ORDER BY r.id DESC",
			       "i", id);
	if (!st)
		return r->err.code ? r->err.code : ERR_STORE;
	struct jw *w = &r->jw;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	while ((rc = stmt_step(st, &r->err)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "target", col_text(st, 1));
		jw_kstr(w, "status", col_text(st, 2));
		jw_kstr(w, "reason", col_text(st, 3));
		jw_kstr(w, "outcome", col_text(st, 4));
		jw_kstr(w, "fail_reason", col_text(st, 5));
		jw_kstr(w, "reject_reason", col_text(st, 6));
		jw_ktime(w, "sent_at", col_int(st, 7));
		kopt_time(w, "ended_at", st, 8);
		jw_kint(w, "version", col_int(st, 9));
		jw_kstr(w, "recipient_label", col_text(st, 10));
		jw_kstr(w, "recipient_user", col_text(st, 11));
		if (col_null(st, 12)) jw_knull(w, "demand_id"); else jw_kint(w, "demand_id", col_int(st, 12));
		jw_kstr(w, "demand_status", col_text(st, 13));
		jw_kint(w, "consent_id", col_int(st, 14));
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

/* The recipient's inbox: their referrals, without any of the case's
 * content (the referral's own page shows the consented fields). */
static int h_inbox(struct req *r)
{
	static const char *const params[] = {"mine", "status", NULL};
	int rc = req_query_only(r, params);
	if (rc)
		return rc;
	const char *mine = req_query_nonempty(r, "mine"), *status = req_query_nonempty(r, "status");
	if (mine && strcmp(mine, "1"))
		return err_set(&r->err, ERR_INVALID, "mine", "mine 只能为 1", "mine must be 1");
	if (status && strcmp(status, "open") && strcmp(status, "closed"))
		return err_set(&r->err, ERR_INVALID, "status", "状态应为 open 或 closed", "status must be open or closed");
	const char *cond = !status ? "" : !strcmp(status, "open") ? " AND r.status IN ('sent','accepted')"
								 : " AND r.status NOT IN ('sent','accepted')";
	struct stmt *st = db_q(r->db, &r->err,
			       arena_printf(r->arena,
					    "SELECT r.id, r.status, r.sent_at, r.responded_at, r.ended_at, o.name, s.display_name,"
					    " (k.withdrawn_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ?)), r.version"
					    " FROM case_referrals r JOIN case_consents k ON k.id=r.consent_id"
					    " LEFT JOIN organisations o ON o.id=r.recipient_org_id JOIN users s ON s.id=r.sent_by"
					    " WHERE r.recipient_user_id=? AND r.target='organisation'%s ORDER BY r.id DESC LIMIT 200",
					    cond),
			       "ii", r->now, r->who->user_id);
	if (!st)
		return r->err.code ? r->err.code : ERR_STORE;
	struct jw *w = &r->jw;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	while ((rc = stmt_step(st, &r->err)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "status", col_text(st, 1));
		jw_ktime(w, "sent_at", col_int(st, 2));
		kopt_time(w, "responded_at", st, 3);
		kopt_time(w, "ended_at", st, 4);
		jw_kstr(w, "recipient_org", col_text(st, 5));
		jw_kstr(w, "sent_by", col_text(st, 6));
		bool live = col_int(st, 7) && (!strcmp(col_text(st, 1), "sent") || !strcmp(col_text(st, 1), "accepted"));
		jw_kbool(w, "readable", live);
		jw_kint(w, "version", col_int(st, 8));
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

static int h_referral_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : cw_referral_view(&r->cx, &r->jw, id);
}

struct act_in {
	const char *reason, *outcome, *fail_reason, *note;
	int64_t version;
};
static const struct field act_version_fields[] = {
	FLD_INT(struct act_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};
static const struct field act_reject_fields[] = {
	FLD_STR(struct act_in, reason, FLD_REQ, 2, 1000),
	FLD_INT(struct act_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};
static const struct field act_complete_fields[] = {
	FLD_STR(struct act_in, outcome, FLD_REQ, 2, 2000),
	FLD_INT(struct act_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};
static const struct field act_fail_fields[] = {
	FLD_ENUM(struct act_in, fail_reason, FLD_REQ, cw_fail_reasons),
	FLD_STR(struct act_in, note, 0, 0, 1000),
	FLD_INT(struct act_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};

static int referral_act(struct req *r, const char *action)
{
	int64_t id;
	struct act_in in = {0};
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)))
		return rc;
	const char *text = in.reason ? in.reason : in.outcome ? in.outcome : in.fail_reason;
	if ((rc = cw_referral_act(&r->cx, id, action, text, in.note, in.version)))
		return rc;
	char *status = NULL;
	int64_t version = 0;
	if ((rc = db_text(r->db, &r->err, r->arena, &status, "SELECT status FROM case_referrals WHERE id=?", "i", id)) < 0 ||
	    (rc = db_int(r->db, &r->err, &version, "SELECT version FROM case_referrals WHERE id=?", "i", id)) < 0)
		return rc;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "id", id);
	jw_kstr(&r->jw, "status", status);
	jw_kint(&r->jw, "version", version);
	jw_obj_end(&r->jw);
	return 0;
}
static int h_ref_accept(struct req *r) { return referral_act(r, "accept"); }
static int h_ref_reject(struct req *r) { return referral_act(r, "reject"); }
static int h_ref_complete(struct req *r) { return referral_act(r, "complete"); }
static int h_ref_fail(struct req *r) { return referral_act(r, "fail"); }
static int h_ref_revoke(struct req *r) { return referral_act(r, "revoke"); }

/* ---------- workload ---------- */

static int h_workload(struct req *r)
{
	int rc = req_query_only(r, (const char *const[]){NULL});
	if (rc)
		return rc;
	struct case_staff me;
	if ((rc = case_staff_get(&r->cx, r->who->user_id, &me)))
		return rc;
	int64_t week = 0;
	if ((rc = cal_add_working_days(r->db, r->now, 5, &week, &r->err)))
		return rc;
	/* A worker: themselves; a supervisor: themselves and their team. */
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT s.user_id, u.display_name, s.is_supervisor,"
			       " (SELECT count(*) FROM cases c WHERE c.worker_id=s.user_id AND c.status<>'closed'),"
			       " (SELECT count(*) FROM cases c WHERE c.worker_id=s.user_id AND c.status<>'closed'"
			       "  AND c.next_visit_at >= ?2 AND c.next_visit_at < ?3),"
			       " (SELECT count(*) FROM cases c WHERE c.worker_id=s.user_id AND c.status<>'closed'"
			       "  AND c.next_visit_at < ?2),"
			       " (SELECT count(*) FROM cases c JOIN case_flags f ON f.case_id=c.id WHERE c.worker_id=s.user_id"
			       "  AND c.status<>'closed' AND f.resolved_at IS NULL AND f.level='high'),"
			       " (SELECT count(*) FROM cases c JOIN case_flags f ON f.case_id=c.id WHERE c.worker_id=s.user_id"
			       "  AND c.status<>'closed' AND f.resolved_at IS NULL AND f.level='medium'),"
			       " (SELECT count(*) FROM cases c JOIN case_approvals a ON a.case_id=c.id WHERE c.worker_id=s.user_id"
			       "  AND c.status<>'closed' AND a.state='pending')"
			       " FROM case_staff s JOIN users u ON u.id=s.user_id WHERE s.active=1 AND (s.user_id=?1"
			       " OR (?4=1 AND s.supervisor_id=?1)) ORDER BY s.user_id=?1 DESC, u.display_name",
			       "iiii", r->who->user_id, r->now, week, (int64_t)me.is_supervisor);
	if (!st)
		return r->err.code ? r->err.code : ERR_STORE;
	struct jw *w = &r->jw;
	jw_obj(w);
	jw_kbool(w, "supervisor", me.is_supervisor);
	jw_ktime(w, "week_ends_at", week);
	jw_key(w, "items");
	jw_arr(w);
	while ((rc = stmt_step(st, &r->err)) == 1) {
		jw_obj(w);
		jw_kint(w, "user_id", col_int(st, 0));
		jw_kstr(w, "name", col_text(st, 1));
		jw_kbool(w, "is_supervisor", col_int(st, 2) != 0);
		jw_kint(w, "open_cases", col_int(st, 3));
		jw_kint(w, "due_this_week", col_int(st, 4));
		jw_kint(w, "overdue", col_int(st, 5));
		jw_kint(w, "flags_high", col_int(st, 6));
		jw_kint(w, "flags_medium", col_int(st, 7));
		jw_kint(w, "pending_approvals", col_int(st, 8));
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

/* ---------- statistics ---------- */

/* Which cases the caller's statistics count: case staff, their station's;
 * an administrator, those in their region. The condition over `c`. */
static int stats_scope(struct req *r, char **cond, struct db_arg *args, int *nargs)
{
	*nargs = 0;
	struct case_staff me;
	if (auth_has_role(r->who, CASE_ROLES) && case_staff_get(&r->cx, r->who->user_id, &me) == 0) {
		*cond = "c.org_id=?";
		args[(*nargs)++] = (struct db_arg){'i', me.org_id, 0, NULL};
		return 0;
	}
	err_clear(&r->err);
	const struct grant *g = auth_primary_grant(r->who, ROLES_ADMIN);
	if (!g) {
		/* a social worker or org admin of no station: no case is theirs to
		 * count — the answer is the empty table, not a refusal of the page */
		*cond = "1 = 0";
		return 0;
	}
	*cond = "c.region_id IN (SELECT id FROM regions WHERE path >= ? AND path < ?)";
	args[(*nargs)++] = (struct db_arg){'s', 0, 0, g->region_path};
	args[(*nargs)++] = (struct db_arg){'s', 0, 0, list_path_hi(r->arena, g->region_path)};
	return 0;
}

struct srow {
	char *key, *label;
	int64_t n;
};

static int stats_collect(struct req *r, const char *by, struct srow **rows, int *n, int64_t *total)
{
	char *cond = NULL;
	struct db_arg args[4];
	int nargs, rc;
	if ((rc = stats_scope(r, &cond, args, &nargs)))
		return rc;
	const char *key = !strcmp(by, "type")	  ? "c.type"
			  : !strcmp(by, "status") ? "c.status"
			  : !strcmp(by, "region") ? "c.region_id"
						  : "coalesce(c.closed_reason,'open')";
	/* Group first, then name the groups (a community's name once, not per case). */
	char *sql = arena_printf(r->arena,
				 "SELECT x.k, %s, x.n FROM (SELECT %s AS k, count(*) AS n FROM cases c WHERE %s GROUP BY 1) x"
				 " ORDER BY 1",
				 !strcmp(by, "region") ? "(SELECT name FROM regions g WHERE g.id=x.k)" : "x.k", key, cond);
	struct stmt *st = db_qa(r->db, &r->err, sql, args, nargs);
	if (!st)
		return r->err.code ? r->err.code : ERR_STORE;
	int cap = 64;
	*rows = arena_alloc(r->arena, sizeof **rows * (size_t)cap);
	*n = 0;
	*total = 0;
	while ((rc = stmt_step(st, &r->err)) == 1 && *n < cap) {
		struct srow *s = &(*rows)[(*n)++];
		s->key = arena_strdup(r->arena, col_text(st, 0));
		s->label = arena_strdup(r->arena, col_text(st, 1));
		s->n = col_int(st, 2);
		*total += s->n;
	}
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

static int stats_by(struct req *r, const char **by)
{
	static const char *const params[] = {"by", NULL};
	int rc = req_query_only(r, params);
	if (rc)
		return rc;
	*by = req_query_nonempty(r, "by");
	if (!*by)
		*by = "type";
	for (int i = 0; cw_stat_bys[i]; i++)
		if (!strcmp(cw_stat_bys[i], *by))
			return 0;
	return err_set(&r->err, ERR_INVALID, "by", "分组应为 type、region、outcome 或 status",
		       "by must be type, region, outcome or status");
}

static int h_stats(struct req *r)
{
	const char *by;
	struct srow *rows;
	int n, rc;
	int64_t total;
	if ((rc = stats_by(r, &by)) || (rc = stats_collect(r, by, &rows, &n, &total)))
		return rc;
	struct jw *w = &r->jw;
	jw_obj(w);
	jw_kstr(w, "by", by);
	/* Small cells would single people out: fewer than 3 shows as "<3". */
	if (total < 3) jw_kstr(w, "total", "<3"); else jw_kint(w, "total", total);
	jw_key(w, "items");
	jw_arr(w);
	for (int i = 0; i < n; i++) {
		jw_obj(w);
		jw_kstr(w, "key", rows[i].key);
		jw_kstr(w, "label", rows[i].label);
		if (rows[i].n < 3)
			jw_kstr(w, "count", "<3");
		else
			jw_kint(w, "count", rows[i].n);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

static int h_stats_export(struct req *r)
{
	static const char *const params[] = {NULL};
	int rc = req_query_only(r, params);
	if (rc)
		return rc;
	const char *tmp = getenv("TMPDIR");
	char *path = arena_printf(r->arena, "%s/wushe-cases-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return err_set(&r->err, ERR_IO, "file", "无法建立临时文件", "cannot create a temporary file");
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	static const char *const sheet_zh[] = {"按类别", "按社区", "按结案原因", "按状态"};
	for (int s = 0; !rc && cw_stat_bys[s]; s++) {
		struct srow *rows;
		int n;
		int64_t total;
		if ((rc = stats_collect(r, cw_stat_bys[s], &rows, &n, &total)))
			break;
		lxw_worksheet *ws = workbook_add_worksheet(wb, sheet_zh[s]);
		worksheet_write_string(ws, 0, 0, "分组 / group", NULL);
		worksheet_write_string(ws, 0, 1, "个案数 / cases", NULL);
		for (int i = 0; i < n; i++) {
			worksheet_write_string(ws, (lxw_row_t)(i + 1), 0, rows[i].label ? rows[i].label : "", NULL);
			if (rows[i].n < 3)
				worksheet_write_string(ws, (lxw_row_t)(i + 1), 1, "<3", NULL);
			else
				worksheet_write_number(ws, (lxw_row_t)(i + 1), 1, (double)rows[i].n, NULL);
		}
	}
	if (workbook_close(wb) != LXW_NO_ERROR && !rc)
		rc = err_set(&r->err, ERR_IO, "file", "无法写出导出文件", "cannot write the export");
	if (!rc) {
		FILE *f = fopen(path, "rb");
		if (!f) {
			rc = err_set(&r->err, ERR_IO, "file", "无法读取导出文件", "cannot read the export");
		} else {
			char buf[65536];
			size_t k;
			sb_reset(&r->out);
			while ((k = fread(buf, 1, sizeof buf, f)) > 0)
				sb_add(&r->out, buf, k);
			fclose(f);
		}
	}
	unlink(path);
	if (rc)
		return rc;
	r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	r->download_name = "case-statistics.xlsx";
	return 0;
}

const struct route cw_routes[] = {
	{"GET", "/api/v1/cases/{id}/visits", h_visits, CASE_ROLES, RT_AUDITED,
	 "a case's visits and contacts (its readers; logged as section \"visits\")"},
	{"POST", "/api/v1/cases/{id}/visits", h_visit_add, CASE_ROLES, 0,
	 "record a visit (the case's worker): next visit defaults to the case's interval in working days;"
	 " client_key makes a second send answer the first visit",
	 visit_fields, FIELDS_CREATE},
	{"GET", "/api/v1/cases/{id}/consents", h_consents, CASE_ROLES, RT_AUDITED,
	 "a case's consents (its readers; logged as \"consents\")"},
	{"POST", "/api/v1/cases/{id}/consents", h_consent_add, CASE_ROLES, 0,
	 "record a consent: purpose, recipient (organisation or the exchange's services), fields, given by, method",
	 consent_fields, FIELDS_CREATE},
	{"POST", "/api/v1/case-consents/{id}/withdraw", h_consent_withdraw, CASE_ROLES, 0,
	 "withdraw a consent with a reason (worker or supervisor): every referral on it ends", withdraw_fields,
	 FIELDS_CREATE},
	{"GET", "/api/v1/cases/{id}/referrals", h_case_referrals, CASE_ROLES, RT_AUDITED,
	 "a case's referrals (its readers; logged as \"referrals\")"},
	{"POST", "/api/v1/cases/{id}/referrals", h_referral_add, CASE_ROLES, 0,
	 "refer the case (the worker) on a consent: to a service (an exchange demand with the consented fields only)"
	 " or to an organisation's account",
	 referral_fields, FIELDS_CREATE},
	{"GET", "/api/v1/case-referrals", h_inbox, CASE_ROLES, 0,
	 "the caller's referral inbox (?mine=1, status=open|closed): no case content"},
	{"GET", "/api/v1/case-referrals/{id}", h_referral_get, CASE_ROLES, RT_AUDITED,
	 "a referral: to its recipient only the consented fields; to the case's team all (logged)"},
	{"POST", "/api/v1/case-referrals/{id}/accept", h_ref_accept, CASE_ROLES, 0, "accept a referral (recipient)",
	 act_version_fields, FIELDS_CREATE},
	{"POST", "/api/v1/case-referrals/{id}/reject", h_ref_reject, CASE_ROLES, 0,
	 "reject a referral with a reason (recipient)", act_reject_fields, FIELDS_CREATE},
	{"POST", "/api/v1/case-referrals/{id}/complete", h_ref_complete, CASE_ROLES, 0,
	 "complete an accepted referral with its outcome (recipient)", act_complete_fields, FIELDS_CREATE},
	{"POST", "/api/v1/case-referrals/{id}/fail", h_ref_fail, CASE_ROLES, 0,
	 "an accepted referral that could not be done: fail_reason (recipient)", act_fail_fields, FIELDS_CREATE},
	{"POST", "/api/v1/case-referrals/{id}/revoke", h_ref_revoke, CASE_ROLES, 0,
	 "revoke a referral (the case's worker or supervisor): the recipient loses access", act_version_fields,
	 FIELDS_CREATE},
	{"GET", "/api/v1/case-workload", h_workload, CASE_ROLES, 0,
	 "caseload, visits due this week and overdue (working days), open flags, pending approvals: own or the team's"},
	{"GET", "/api/v1/case-stats", h_stats, STAT_ROLES, 0,
	 "case counts without identifiers (?by=type|region|outcome|status; cells under 3 shown as \"<3\")"},
	{"GET", "/api/v1/case-stats/export", h_stats_export, STAT_ROLES, 0, "the case statistics as XLSX"},
	{NULL, NULL, NULL, 0, 0, NULL, NULL, 0, NULL, NULL},
};
