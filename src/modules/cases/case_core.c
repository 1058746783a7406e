/*
 * case_core.c — a case itself: intake by active case staff (the caller
 * becomes the worker, their supervisor the case's), changes by the worker
 * (version-checked), reassignment by the supervisor, the detail page (the
 * one place the subject is shown in full) and the access log's view.
 * Every read goes through case_open (cases.h); audit entries are
 * references (case_audit).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "core/pii.h"
#include "modules/cases/case_internal.h"
#include "store/list.h"
#include "store/store.h"

/* The subject's fields, normalised: ID number → birth date and gender. */
static int subject_check(struct ctx *c, struct case_in *in)
{
	int rc;
	if (in->subject_id_number && *in->subject_id_number) {
		struct pii_id id;
		if ((rc = pii_id_parse(in->subject_id_number, strlen(in->subject_id_number), c->now, &id, c->e))) {
			snprintf(c->e->field, sizeof c->e->field, "subject_id_number");
			return rc;
		}
		in->subject_id_number = arena_strdup(c->a, id.number);
		in->subject_birth_date = arena_printf(c->a, "%04d-%02d-%02d", id.year, id.month, id.day);
		in->subject_gender = id.male ? "male" : "female";
		in->has_subject_birth_date = in->has_subject_gender = true;
	} else if (in->has_subject_id_number) {
		in->subject_id_number = NULL;
	}
	if (in->subject_birth_date && *in->subject_birth_date && case_age(in->subject_birth_date, c->now) < 0)
		return err_set(c->e, ERR_INVALID, "subject_birth_date", "出生日期不能晚于今天",
			       "the birth date cannot be in the future");
	char mob[12];
	if (in->subject_phone && *in->subject_phone) {
		if ((rc = pii_mobile_normalize(in->subject_phone, strlen(in->subject_phone), mob, c->e))) {
			snprintf(c->e->field, sizeof c->e->field, "subject_phone");
			return rc;
		}
		in->subject_phone = arena_strdup(c->a, mob);
	}
	if (in->guardian_phone && *in->guardian_phone) {
		if ((rc = pii_mobile_normalize(in->guardian_phone, strlen(in->guardian_phone), mob, c->e))) {
			snprintf(c->e->field, sizeof c->e->field, "guardian_phone");
			return rc;
		}
		in->guardian_phone = arena_strdup(c->a, mob);
	}
	if (in->person_id) {
		int64_t n = 0;
		if ((rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM people WHERE id=?", "i", in->person_id)) < 0)
			return rc;
		if (!n)
			return err_set(c->e, ERR_INVALID, "person_id", "没有这个居民档案", "no such person in the registry");
	}
	return 0;
}

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

int case_create(struct ctx *c, const struct case_in *in0, int64_t *id)
{
	struct case_in in = *in0;
	struct case_staff me;
	int rc;
	if (!c->who)
		return err_set(c->e, ERR_FORBIDDEN, NULL, "需要社工账号", "a case worker's account is needed");
	if ((rc = case_staff_get(c, c->who->user_id, &me)))
		return err_set(c->e, ERR_FORBIDDEN, NULL, "只有社工站在岗人员可以建立个案",
			       "only active staff of a social-work station open cases");
	char *spath = NULL, *cpath = NULL;
	if ((rc = list_region_path_in(c->db, c->a, me.region_id, &spath, c->e)) < 0 ||
	    (rc = list_region_path_in(c->db, c->a, in.region_id, &cpath, c->e)) < 0)
		return rc;
	if (!cpath)
		return err_set(c->e, ERR_INVALID, "region_id", "没有这个社区", "no such community");
	int64_t level = 0;
	if ((rc = db_int(c->db, c->e, &level, "SELECT CASE WHEN level='community' THEN 1 ELSE 0 END FROM regions WHERE id=?",
			 "i", in.region_id)) < 0)
		return rc;
	if (!spath || strncmp(cpath, spath, strlen(spath)) != 0 || !level)
		return err_set(c->e, ERR_RULE, "region_id", "服务对象所在社区须在本社工站服务的区域内",
			       "the subject's community must lie in the station's area");
	if ((rc = subject_check(c, &in)))
		return rc;
	int64_t seq = 0;
	if ((rc = db_int(c->db, c->e, &seq, "SELECT coalesce(max(id),0)+1 FROM cases", "")) < 0)
		return rc;
	char year[16];
	{
		time_t t = (time_t)(c->now / 1000000) + 8 * 3600;
		struct tm tm;
		gmtime_r(&t, &tm);
		snprintf(year, sizeof year, "%04d", tm.tm_year + 1900);
	}
	const char *code = arena_printf(c->a, "GA%s-%06lld", year, (long long)seq);
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO cases (code, type, source, source_note, region_id, org_id, worker_id, supervisor_id,"
			 " subject_name, subject_gender, subject_birth_date, subject_id_number, subject_phone, subject_address,"
			 " guardian_name, guardian_phone, person_id, status, visit_interval_days, opened_at, created_by,"
			 " created_at, updated_at) VALUES (?,?,?,?,?,?,?,nullif(?,0),?,?,?,?,?,?,?,?,nullif(?,0),'intake',?,?,?,?,?)"
			 " RETURNING id",
			 "ssssiiii" "ssssssss" "iiiiii", code, in.type, in.source, in.source_note ? in.source_note : "",
			 in.region_id, me.org_id, me.user_id, me.supervisor_id, in.subject_name, nz(in.subject_gender),
			 nz(in.subject_birth_date), nz(in.subject_id_number), nz(in.subject_phone), nz(in.subject_address),
			 nz(in.guardian_name), nz(in.guardian_phone), in.person_id,
			 in.visit_interval_days ? in.visit_interval_days : 10, c->now, me.user_id, c->now, c->now)) < 0)
		return rc;
	return case_audit(c, "create", "case", *id, *id);
}

int case_update(struct ctx *c, int64_t id, const struct case_in *in0)
{
	struct case_in in = *in0;
	struct case_head h;
	int rc = case_open(c, id, CA(CASE_WORKER) | CA(CASE_SYSTEM), NULL, NULL, &h, NULL);
	if (rc)
		return rc;
	if (in.version != h.version)
		return record_stale(c->e, h.version);
	if (!strcmp(h.status, "closed"))
		return err_set(c->e, ERR_RULE, "status", "个案已结案，不能修改", "the case is closed");
	if ((rc = subject_check(c, &in)))
		return rc;
#define SET_S(col, f)                                                                                        \
	if (in.has_##f && (rc = db_exec(c->db, c->e, "UPDATE cases SET " col "=? WHERE id=?", "si", nz(in.f), id))) \
		return rc;
	SET_S("subject_name", subject_name)
	SET_S("subject_gender", subject_gender)
	SET_S("subject_birth_date", subject_birth_date)
	SET_S("subject_id_number", subject_id_number)
	SET_S("subject_phone", subject_phone)
	SET_S("subject_address", subject_address)
	SET_S("guardian_name", guardian_name)
	SET_S("guardian_phone", guardian_phone)
#undef SET_S
	if (in.has_source_note &&
	    (rc = db_exec(c->db, c->e, "UPDATE cases SET source_note=? WHERE id=?", "si",
			  in.source_note ? in.source_note : "", id)))
		return rc;
	if (in.has_person_id &&
	    (rc = db_exec(c->db, c->e, "UPDATE cases SET person_id=nullif(?,0) WHERE id=?", "ii", in.person_id, id)))
		return rc;
	if (in.has_visit_interval_days &&
	    (rc = db_exec(c->db, c->e, "UPDATE cases SET visit_interval_days=? WHERE id=?", "ii",
			  in.visit_interval_days, id)))
		return rc;
	if ((rc = db_exec(c->db, c->e, "UPDATE cases SET version=version+1, updated_at=? WHERE id=?", "ii", c->now, id)))
		return rc;
	return case_audit(c, "update", "case", id, id);
}

int case_reassign(struct ctx *c, int64_t id, int64_t worker_id, int64_t version)
{
	struct case_head h;
	int rc = case_open(c, id, CA(CASE_SUPERVISOR) | CA(CASE_SYSTEM), NULL, NULL, &h, NULL);
	if (rc)
		return rc;
	if (version != h.version)
		return record_stale(c->e, h.version);
	if (!strcmp(h.status, "closed"))
		return err_set(c->e, ERR_RULE, "status", "个案已结案", "the case is closed");
	struct case_staff s;
	if ((rc = case_staff_get(c, worker_id, &s)) || s.org_id != h.org_id)
		return err_set(c->e, ERR_RULE, "worker_id", "新的社工须是本社工站在岗人员",
			       "the new worker must be active staff of the same station");
	if (worker_id == h.worker_id)
		return err_set(c->e, ERR_RULE, "worker_id", "已经是这位社工", "the case is already theirs");
	int64_t sup = s.supervisor_id ? s.supervisor_id : h.supervisor_id;
	if (sup == worker_id)
		sup = h.supervisor_id;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE cases SET worker_id=?, supervisor_id=nullif(?,0), version=version+1, updated_at=? WHERE id=?",
			  "iiii", worker_id, sup, c->now, id)) ||
	    (rc = db_exec(c->db, c->e, "UPDATE case_approvals SET approver_id=? WHERE case_id=? AND state='pending'",
			  "ii", sup, id)) ||
	    (rc = case_audit(c, "reassign", "case", id, id)) ||
	    (rc = case_notify(c, worker_id, id, "cases.assigned", "转由您负责", "now assigned to you", NULL)))
		return rc;
	return 0;
}

int case_status_set(struct ctx *c, int64_t id, const char *from, const char *to)
{
	return db_exec(c->db, c->e,
		       "UPDATE cases SET status=?, version=version+1, updated_at=? WHERE id=? AND status=?", "siis", to,
		       c->now, id, from);
}

static const char *access_name(enum case_access a)
{
	switch (a) {
	case CASE_WORKER: return "worker";
	case CASE_SUPERVISOR: return "supervisor";
	case CASE_SHARED: return "share";
	case CASE_RECIPIENT: return "referral";
	case CASE_SYSTEM: return "system";
	default: return "none";
	}
}

int case_write_detail(struct ctx *c, struct jw *w, int64_t id)
{
	struct case_grant g;
	int rc = case_open(c, id, CASE_READERS, "read", "case", NULL, &g);
	if (rc)
		return rc;
	struct stmt *st;
	rc = db_row(c->db, c->e, &st,
		    "SELECT k.id, k.code, k.type, k.source, k.source_note, k.region_id, g.name, k.org_id, o.name,"
		    " k.worker_id, wu.display_name, k.supervisor_id, su.display_name, k.subject_name, k.subject_gender,"
		    " k.subject_birth_date, k.subject_id_number, k.subject_phone, k.subject_address, k.guardian_name,"
		    " k.guardian_phone, k.person_id, k.status, k.risk_level, k.visit_interval_days, k.last_visit_at,"
		    " k.next_visit_at, k.closed_reason, k.closed_note, k.closed_at, k.opened_at, k.version"
		    " FROM cases k JOIN regions g ON g.id=k.region_id JOIN organisations o ON o.id=k.org_id"
		    " JOIN users wu ON wu.id=k.worker_id LEFT JOIN users su ON su.id=k.supervisor_id WHERE k.id=?",
		    "i", id);
	if (rc <= 0)
		return rc ? rc : err_set(c->e, ERR_NOT_FOUND, "id", "没有这个个案", "no such case");
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 0));
	jw_kstr(w, "code", col_text(st, 1));
	jw_kstr(w, "type", col_text(st, 2));
	jw_kstr(w, "source", col_text(st, 3));
	jw_kstr(w, "source_note", col_text(st, 4));
	jw_kint(w, "region_id", col_int(st, 5));
	jw_kstr(w, "region_name", col_text(st, 6));
	jw_kint(w, "org_id", col_int(st, 7));
	jw_kstr(w, "org_name", col_text(st, 8));
	jw_kint(w, "worker_id", col_int(st, 9));
	jw_kstr(w, "worker_name", col_text(st, 10));
	if (col_null(st, 11)) jw_knull(w, "supervisor_id"); else jw_kint(w, "supervisor_id", col_int(st, 11));
	jw_kstr(w, "supervisor_name", col_text(st, 12));
	jw_kstr(w, "subject_name", col_text(st, 13));
	jw_kstr(w, "subject_gender", col_text(st, 14));
	jw_kstr(w, "subject_birth_date", col_text(st, 15));
	if (col_null(st, 15)) jw_knull(w, "subject_age"); else jw_kint(w, "subject_age", case_age(col_text(st, 15), c->now));
	jw_kstr(w, "subject_id_number", col_text(st, 16));
	jw_kstr(w, "subject_phone", col_text(st, 17));
	jw_kstr(w, "subject_address", col_text(st, 18));
	jw_kstr(w, "guardian_name", col_text(st, 19));
	jw_kstr(w, "guardian_phone", col_text(st, 20));
	if (col_null(st, 21)) jw_knull(w, "person_id"); else jw_kint(w, "person_id", col_int(st, 21));
	jw_kstr(w, "status", col_text(st, 22));
	jw_kstr(w, "risk_level", col_text(st, 23));
	jw_kint(w, "visit_interval_days", col_int(st, 24));
	jw_ktime(w, "last_visit_at", col_int(st, 25));
	jw_ktime(w, "next_visit_at", col_int(st, 26));
	jw_kstr(w, "closed_reason", col_text(st, 27));
	jw_kstr(w, "closed_note", col_text(st, 28));
	jw_ktime(w, "closed_at", col_int(st, 29));
	jw_ktime(w, "opened_at", col_int(st, 30));
	jw_kint(w, "version", col_int(st, 31));
	stmt_done(st);
	jw_kstr(w, "access", access_name(g.access));
	rc = case_write_records(c, w, id);
	jw_obj_end(w);
	return rc;
}

int case_write_access_log(struct ctx *c, struct jw *w, int64_t id)
{
	int rc = case_open(c, id, CASE_TEAM, NULL, NULL, NULL, NULL);
	if (rc)
		return rc;
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT l.id, l.user_id, u.username, u.display_name, l.at, l.action, l.section, l.basis,"
			       " l.basis_id, l.purpose FROM case_access_log l LEFT JOIN users u ON u.id=l.user_id"
			       " WHERE l.case_id=? ORDER BY l.id DESC LIMIT 500",
			       "i", id);
	if (!st)
		return c->e->code;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	while ((rc = stmt_step(st, c->e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		if (col_null(st, 1)) jw_knull(w, "user_id"); else jw_kint(w, "user_id", col_int(st, 1));
		jw_kstr(w, "username", col_text(st, 2));
		jw_kstr(w, "display_name", col_text(st, 3));
		jw_ktime(w, "at", col_int(st, 4));
		jw_kstr(w, "action", col_text(st, 5));
		jw_kstr(w, "section", col_text(st, 6));
		jw_kstr(w, "basis", col_text(st, 7));
		if (col_null(st, 8)) jw_knull(w, "basis_id"); else jw_kint(w, "basis_id", col_int(st, 8));
		jw_kstr(w, "purpose", col_text(st, 9));
		jw_obj_end(w);
	}
	stmt_done(st);
	jw_arr_end(w);
	jw_obj_end(w);
	return rc < 0 ? rc : 0;
}
