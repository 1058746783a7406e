/*
 * case_access.c — need to know (cases.h): who may reach a case, the access
 * log every read leaves, reference-only audit entries, notices that never
 * name the subject, risk flags and the station's staff record. Written
 * once; every route of the cases and casework areas asks here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "core/sb.h"
#include "modules/cases/cases.h"
#include "notify/notify.h"
#include "store/list.h"
#include "store/store.h"

const char *const case_types[] = {"elderly_alone", "left_behind_child", "child_in_difficulty",
				  "disabled", "psych_screening", "family_hardship", NULL};
const char *const case_sources[] = {"referral", "grid_finding", "screening", "walk_in", NULL};
const char *const case_statuses[] = {"intake", "assessing", "planning", "active", "closing", "closed", NULL};
const char *const case_risk_levels[] = {"none", "low", "medium", "high", NULL};
const char *const case_flag_kinds[] = {"screening_score", "self_harm", "abuse_suspected", "health",
				       "living_conditions", "missed_visits", "other", NULL};
const char *const case_flag_levels[] = {"low", "medium", "high", NULL};
const char *const case_close_reasons[] = {"goals_met", "moved_away", "deceased", "declined",
					  "transferred", "no_longer_eligible", "other", NULL};
const char *const case_approval_subjects[] = {"assessment", "plan", "closing", NULL};
const char *const case_approval_states[] = {"pending", "approved", "rejected", "withdrawn", NULL};
const char *const case_consent_fields[] = {"name", "gender", "age", "phone", "address", "guardian",
					   "type", "needs", "assessment_summary", "risk", NULL};

static const char *const basis_ids[] = {"", "worker", "supervisor", "share", "referral", "system"};

static int not_found(struct err *e)
{
	return err_set(e, ERR_NOT_FOUND, "id", "没有这个个案", "no such case");
}

int case_head_get(struct ctx *c, int64_t case_id, struct case_head *out)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT id, region_id, org_id, worker_id, supervisor_id, version, next_visit_at,"
			" last_visit_at, code, type, status, risk_level FROM cases WHERE id=?",
			"i", case_id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return not_found(c->e);
	memset(out, 0, sizeof *out);
	out->id = col_int(st, 0);
	out->region_id = col_int(st, 1);
	out->org_id = col_int(st, 2);
	out->worker_id = col_int(st, 3);
	out->supervisor_id = col_int(st, 4);
	out->version = col_int(st, 5);
	out->next_visit_at = col_int(st, 6);
	out->last_visit_at = col_int(st, 7);
	out->code = arena_strdup(c->a, col_text(st, 8));
	out->type = arena_strdup(c->a, col_text(st, 9));
	out->status = arena_strdup(c->a, col_text(st, 10));
	out->risk_level = arena_strdup(c->a, col_text(st, 11));
	stmt_done(st);
	return 0;
}

int case_access(struct ctx *c, int64_t case_id, struct case_grant *out)
{
	memset(out, 0, sizeof *out);
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st, "SELECT worker_id, supervisor_id FROM cases WHERE id=?", "i",
			case_id);
	if (rc <= 0)
		return rc;
	int64_t worker = col_int(st, 0), supervisor = col_int(st, 1);
	stmt_done(st);
	if (!c->who) {
		out->access = CASE_SYSTEM;
		return 0;
	}
	int64_t me = c->who->user_id;
	/* The router admits only CASE_ROLES to case routes; the rule is asked
	 * again here so that a route declared too widely still answers 404. */
	if (!auth_has_role(c->who, CASE_ROLES))
		return 0;
	if (me == worker) {
		out->access = CASE_WORKER;
		return 0;
	}
	if (supervisor && me == supervisor) {
		out->access = CASE_SUPERVISOR;
		return 0;
	}
	rc = db_row(c->db, c->e, &st,
		    "SELECT id, purpose FROM case_shares WHERE case_id=? AND user_id=? AND revoked_at IS NULL"
		    " AND starts_at <= ? AND ends_at > ? ORDER BY id DESC LIMIT 1",
		    "iiii", case_id, me, c->now, c->now);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		out->access = CASE_SHARED;
		out->basis_id = col_int(st, 0);
		out->purpose = arena_strdup(c->a, col_text(st, 1));
		stmt_done(st);
		return 0;
	}
	rc = db_row(c->db, c->e, &st,
		    "SELECT r.id, k.fields FROM case_referrals r JOIN case_consents k ON k.id=r.consent_id"
		    " WHERE r.case_id=? AND r.recipient_user_id=? AND r.target='organisation'"
		    " AND r.status IN ('sent','accepted') AND k.withdrawn_at IS NULL"
		    " AND (k.expires_at IS NULL OR k.expires_at > ?) ORDER BY r.id DESC LIMIT 1",
		    "iii", case_id, me, c->now);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		out->access = CASE_RECIPIENT;
		out->basis_id = col_int(st, 0);
		out->fields = arena_strdup(c->a, col_text(st, 1));
		stmt_done(st);
	}
	return 0;
}

int case_log(struct ctx *c, int64_t case_id, const struct case_grant *g, const char *action,
	     const char *section)
{
	int64_t user = c->who ? c->who->user_id : 0;
	const char *basis = basis_ids[g->access < CASE_WORKER || g->access > CASE_SYSTEM ? CASE_SYSTEM : g->access];
	return db_exec(c->db, c->e,
		       "INSERT INTO case_access_log (case_id, user_id, at, action, section, basis, basis_id,"
		       " purpose) VALUES (?,nullif(?,0),?,?,?,?,nullif(?,0),?)",
		       "iiisssis", case_id, user, c->now, action, section, basis,
		       g->basis_id, g->purpose);
}

int case_open(struct ctx *c, int64_t case_id, unsigned allowed, const char *action,
	      const char *section, struct case_head *head, struct case_grant *g)
{
	struct case_grant local;
	if (!g)
		g = &local;
	int rc = case_access(c, case_id, g);
	if (rc < 0)
		return rc;
	if (g->access == CASE_NONE)
		return not_found(c->e);
	if (!(allowed & CA(g->access)))
		return err_set(c->e, ERR_FORBIDDEN, "id", "您对这个个案没有这项权限",
			       "your access to this case does not allow this");
	if (head && (rc = case_head_get(c, case_id, head)))
		return rc;
	if (section && (rc = case_log(c, case_id, g, action ? action : "read", section)))
		return rc;
	return 0;
}

int case_list_scope(struct ctx *c, struct list_q *q)
{
	if (!c->who)
		return 0;
	int64_t me = c->who->user_id;
	list_where(q,
		   "(c.worker_id = ? OR c.supervisor_id = ? OR c.id IN (SELECT s.case_id FROM case_shares s"
		   " WHERE s.user_id = ? AND s.revoked_at IS NULL AND s.starts_at <= ? AND s.ends_at > ?))",
		   "iiiii", me, me, me, c->now, c->now);
	return 0;
}

int case_audit(struct ctx *c, const char *action, const char *entity, int64_t id, int64_t case_id)
{
	char *after = arena_printf(c->a, "{\"ref\":\"%s/%lld\",\"case\":%lld}", entity, (long long)id,
				   (long long)case_id);
	return audit_record(c, action, entity, id, 0, NULL, after);
}

int case_notify(struct ctx *c, int64_t user_id, int64_t case_id, const char *kind,
		const char *step_zh, const char *step_en, const char *link)
{
	struct case_head h;
	int rc = case_head_get(c, case_id, &h);
	if (rc)
		return rc;
	struct notice n = {
		.kind = kind,
		.region_id = 0, /* a case's notice is the recipient's alone */
		.title = arena_printf(c->a, "个案 %s：%s", h.code, step_zh),
		.title_en = arena_printf(c->a, "Case %s: %s", h.code, step_en),
		.link = link ? link : arena_printf(c->a, "/cases/%lld", (long long)case_id),
		.entity = "case",
		.entity_id = case_id,
	};
	return notify_user(c, user_id, &n);
}

static int level_rank(const char *l)
{
	return !l ? 0 : strcmp(l, "high") == 0 ? 3 : strcmp(l, "medium") == 0 ? 2 : strcmp(l, "low") == 0 ? 1 : 0;
}

int case_risk_refresh(struct ctx *c, int64_t case_id)
{
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT level FROM case_flags WHERE case_id=? AND resolved_at IS NULL", "i", case_id);
	if (!st)
		return c->e->code;
	int best = 0, rc;
	while ((rc = stmt_step(st, c->e)) == 1) {
		int r = level_rank(col_text(st, 0));
		if (r > best)
			best = r;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	return db_exec(c->db, c->e, "UPDATE cases SET risk_level=?, updated_at=? WHERE id=? AND risk_level<>?",
		       "siis", case_risk_levels[best], c->now, case_id, case_risk_levels[best]);
}

static bool in_list(const char *const *list, const char *v)
{
	for (int i = 0; v && list[i]; i++)
		if (strcmp(list[i], v) == 0)
			return true;
	return false;
}

int case_flag_raise(struct ctx *c, int64_t case_id, const char *kind, const char *level,
		    const char *source, int64_t source_id, const char *note, int64_t *id_out)
{
	if (!in_list(case_flag_kinds, kind))
		return err_set(c->e, ERR_INVALID, "kind", "风险类别不在列表中", "unknown risk flag kind");
	if (!in_list(case_flag_levels, level))
		return err_set(c->e, ERR_INVALID, "level", "风险等级应为 low、medium 或 high",
			       "level must be low, medium or high");
	static const char *const sources[] = {"scale", "visit", "manual", "system", NULL};
	if (!in_list(sources, source))
		return err_set(c->e, ERR_INVALID, "source", "来源不在列表中", "unknown flag source");
	if (note && strlen(note) > 2000)
		return err_set(c->e, ERR_INVALID, "note", "说明最多 2000 字节", "note is at most 2000 bytes");
	struct case_head h;
	int rc = case_head_get(c, case_id, &h);
	if (rc)
		return rc;
	int64_t id = 0;
	rc = db_int(c->db, c->e, &id,
		    "INSERT INTO case_flags (case_id, kind, level, source, source_id, note, raised_by, raised_at)"
		    " VALUES (?,?,?,?,nullif(?,0),?,nullif(?,0),?) RETURNING id",
		    "isss" "isii", case_id, kind, level, source, source_id ? source_id : 0, note ? note : "",
		    c->who ? c->who->user_id : 0, c->now);
	if (rc < 0)
		return rc;
	if ((rc = case_risk_refresh(c, case_id)) || (rc = case_audit(c, "create", "case_flag", id, case_id)))
		return rc;
	if (strcmp(level, "high") == 0) {
		int64_t to[2] = {h.worker_id, h.supervisor_id};
		for (int i = 0; i < 2; i++)
			if (to[i] && (!c->who || to[i] != c->who->user_id) &&
			    (rc = case_notify(c, to[i], case_id, "cases.flag_high", "出现高风险提示",
					      "a high-risk flag was raised", NULL)))
				return rc;
	}
	if (id_out)
		*id_out = id;
	return 0;
}

int case_flag_resolve(struct ctx *c, int64_t flag_id, const char *resolution)
{
	int64_t case_id = 0;
	int rc = db_int(c->db, c->e, &case_id, "SELECT case_id FROM case_flags WHERE id=?", "i", flag_id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这个风险提示", "no such risk flag");
	if ((rc = case_open(c, case_id, CASE_TEAM, NULL, NULL, NULL, NULL)))
		return rc == ERR_NOT_FOUND ? err_set(c->e, ERR_NOT_FOUND, "id", "没有这个风险提示", "no such risk flag")
					   : rc;
	if (!resolution || strlen(resolution) < 2 || strlen(resolution) > 1000)
		return err_set(c->e, ERR_INVALID, "resolution", "请写明处理结果（2 到 1000 字节）",
			       "say how it was resolved (2 to 1000 bytes)");
	int64_t open = 0;
	if ((rc = db_int(c->db, c->e, &open, "SELECT count(*) FROM case_flags WHERE id=? AND resolved_at IS NULL",
			 "i", flag_id)) < 0)
		return rc;
	if (!open)
		return err_set(c->e, ERR_CONFLICT, "id", "这个风险提示已经处理过了", "this flag is already resolved");
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE case_flags SET resolved_at=?, resolved_by=nullif(?,0), resolution=? WHERE id=?", "iisi",
			  c->now, c->who ? c->who->user_id : 0, resolution, flag_id)))
		return rc;
	if ((rc = case_risk_refresh(c, case_id)))
		return rc;
	return case_audit(c, "resolve", "case_flag", flag_id, case_id);
}

int case_staff_get(struct ctx *c, int64_t user_id, struct case_staff *out)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT id, user_id, org_id, region_id, supervisor_id, is_supervisor, active FROM case_staff"
			" WHERE user_id=? AND active=1",
			"i", user_id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "user_id", "这个账号不是社工站的在岗人员",
			       "this account is not active case staff of a station");
	out->id = col_int(st, 0);
	out->user_id = col_int(st, 1);
	out->org_id = col_int(st, 2);
	out->region_id = col_int(st, 3);
	out->supervisor_id = col_int(st, 4);
	out->is_supervisor = col_int(st, 5) != 0;
	out->active = col_int(st, 6) != 0;
	stmt_done(st);
	return 0;
}

bool case_field_allowed(const char *fields, const char *field)
{
	if (!fields || !field)
		return false;
	size_t n = strlen(field);
	for (const char *p = fields; *p;) {
		const char *q = strchr(p, ',');
		size_t len = q ? (size_t)(q - p) : strlen(p);
		if (len == n && memcmp(p, field, n) == 0)
			return true;
		if (!q)
			break;
		p = q + 1;
	}
	return false;
}

int case_fields_check(struct ctx *c, const char *fields, const char *field)
{
	if (!fields || !*fields)
		return err_set(c->e, ERR_INVALID, field, "请至少选择一项可以提供的信息",
			       "choose at least one item that may be shared");
	int seen = 0;
	for (const char *p = fields; *p;) {
		const char *q = strchr(p, ',');
		size_t len = q ? (size_t)(q - p) : strlen(p);
		int k = -1;
		for (int i = 0; case_consent_fields[i]; i++)
			if (strlen(case_consent_fields[i]) == len && memcmp(case_consent_fields[i], p, len) == 0)
				k = i;
		if (k < 0)
			return err_setf(c->e, ERR_INVALID, field, "“%.*s”不是可授权的信息项",
					"\"%.*s\" is not an item consent can cover", (int)len, p);
		if (seen & (1 << k))
			return err_set(c->e, ERR_INVALID, field, "信息项重复", "an item is repeated");
		seen |= 1 << k;
		if (!q)
			break;
		p = q + 1;
		if (!*p)
			return err_set(c->e, ERR_INVALID, field, "信息项列表以逗号结尾", "the list ends with a comma");
	}
	return 0;
}

int case_age(const char *birth_date, int64_t at)
{
	int y, m, d;
	if (!birth_date || sscanf(birth_date, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return -1;
	time_t t = (time_t)(at / 1000000) + 8 * 3600; /* Asia/Shanghai */
	struct tm tm;
	gmtime_r(&t, &tm);
	int age = tm.tm_year + 1900 - y;
	if (tm.tm_mon + 1 < m || (tm.tm_mon + 1 == m && tm.tm_mday < d))
		age--;
	return age < 0 ? -1 : age;
}
