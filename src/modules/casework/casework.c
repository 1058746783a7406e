/*
 * casework.c — visits, consents and referrals of a case (casework.h,
 * docs/casework.md). Who may do what is asked of case_open (cases.h) each
 * time: the worker records visits, consents and referrals; the supervisor
 * may withdraw a consent and revoke a referral; shared readers read; an
 * organisation referral's recipient sees the consented fields of that
 * referral and nothing else. Every write is audited by reference
 * (case_audit): no content of a case enters the audit log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/enum_labels.h"
#include "core/sb.h"
#include "modules/calendar/calendar.h"
#include "modules/cases/cases.h"
#include "modules/casework/casework.h"
#include "modules/exchange/exchange.h"
#include "notify/notify.h"
#include "store/store.h"

const char *const cw_visit_kinds[] = {"home_visit", "phone", "office", "outreach", "school", NULL};
const char *const cw_consent_purposes[] = {"service_referral", "info_sharing", NULL};
const char *const cw_recipient_kinds[] = {"service", "organisation", NULL};
const char *const cw_consent_givers[] = {"subject", "guardian", NULL};
const char *const cw_consent_methods[] = {"written", "verbal", "electronic", NULL};
const char *const cw_referral_statuses[] = {"sent", "accepted", "rejected", "completed", "failed", "revoked", NULL};
const char *const cw_fail_reasons[] = {"unreachable", "declined_by_subject", "not_eligible", "no_capacity",
				       "moved_away", "other", NULL};
const char *const cw_stat_bys[] = {"type", "region", "outcome", "status", NULL};

static bool in_list(const char *const *l, const char *v)
{
	for (int i = 0; v && l[i]; i++)
		if (!strcmp(l[i], v))
			return true;
	return false;
}

/* ---------- visits ---------- */

int cw_next_visit(struct ctx *c, int64_t visited_at, int interval, int64_t *out)
{
	return cal_add_working_days(c->db, visited_at, interval < 1 ? 1 : interval, out, c->e);
}

static int visit_by_key(struct ctx *c, int64_t case_id, const char *key, int64_t *id)
{
	*id = 0;
	if (!key)
		return 0;
	int rc = db_int(c->db, c->e, id, "SELECT id FROM case_visits WHERE case_id=? AND client_key=?", "is", case_id,
			key);
	return rc < 0 ? rc : 0;
}

int cw_visit_add(struct ctx *c, int64_t case_id, const struct cw_visit_in *in, int64_t *id_out, bool *dup)
{
	struct case_head h;
	int rc = case_open(c, case_id, CA(CASE_WORKER) | CA(CASE_SYSTEM), NULL, NULL, &h, NULL);
	if (rc)
		return rc;
	*dup = false;
	/* The same visit sent again (a phone back online, a retry): the first. */
	if ((rc = visit_by_key(c, case_id, in->client_key, id_out)))
		return rc;
	if (*id_out) {
		*dup = true;
		return 0;
	}
	if (!strcmp(h.status, "closed"))
		return err_set(c->e, ERR_RULE, "status", "个案已结案，不能再记录探访", "the case is closed");
	if (!in_list(cw_visit_kinds, in->kind))
		return err_set(c->e, ERR_INVALID, "kind", "探访方式不在列表中", "unknown kind of visit");
	if (in->visited_at > c->now + 10 * 60 * 1000000LL)
		return err_set(c->e, ERR_INVALID, "visited_at", "探访时间不能在将来", "visited_at is in the future");
	if (in->visited_at < c->now - 366LL * 86400 * 1000000)
		return err_set(c->e, ERR_INVALID, "visited_at", "探访时间不能早于一年前",
			       "visited_at is more than a year ago");
	if (in->client_key) {
		size_t n = strlen(in->client_key);
		if (n < 8 || n > 64 || strspn(in->client_key, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != n)
			return err_set(c->e, ERR_INVALID, "client_key", "离线记录的标识应为 8–64 位字母、数字、- 或 _",
				       "client_key must be 8–64 letters, digits, - or _");
	}
	if ((in->flag_kind != NULL) != (in->flag_level != NULL))
		return err_set(c->e, ERR_INVALID, in->flag_kind ? "flag_level" : "flag_kind",
			       "风险提示需同时填写类别和等级", "a risk flag needs both a kind and a level");
	if (in->flag_kind && !strcmp(in->flag_kind, "missed_visits"))
		return err_set(c->e, ERR_INVALID, "flag_kind", "“未按期探访”由系统提示", "missed_visits is raised by the system");
	int64_t next = in->next_visit_at;
	if (next && next <= in->visited_at)
		return err_set(c->e, ERR_INVALID, "next_visit_at", "下次探访应晚于本次探访",
			       "next_visit_at must be after visited_at");
	int64_t interval = 10;
	if ((rc = db_int(c->db, c->e, &interval, "SELECT visit_interval_days FROM cases WHERE id=?", "i", case_id)) < 0)
		return rc;
	if (!next && (rc = cw_next_visit(c, in->visited_at, (int)interval, &next)))
		return rc;
	int64_t me = c->who ? c->who->user_id : h.worker_id;
	if ((rc = db_int(c->db, c->e, id_out,
			 "INSERT INTO case_visits (case_id, kind, visited_at, duration_min, notes, observations,"
			 " next_visit_at, client_key, recorded_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id",
			 "isiissisii", case_id, in->kind, in->visited_at, in->duration_min, in->notes ? in->notes : "",
			 in->observations ? in->observations : "", next, in->client_key, me, c->now)) < 0)
		return rc;
	if (in->flag_kind) {
		int64_t fid = 0;
		if ((rc = case_flag_raise(c, case_id, in->flag_kind, in->flag_level, "visit", *id_out,
					  in->flag_note ? in->flag_note : "", &fid)))
			return rc;
		if ((rc = db_exec(c->db, c->e, "UPDATE case_visits SET flag_id=? WHERE id=?", "ii", fid, *id_out)))
			return rc;
	}
	/* The latest visit sets the case's last and next visit. */
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE cases SET last_visit_at=?, next_visit_at=?, version=version+1, updated_at=?"
			  " WHERE id=? AND coalesce(last_visit_at,0) <= ?",
			  "iiiii", in->visited_at, next, c->now, case_id, in->visited_at)))
		return rc;
	return case_audit(c, "create", "case_visit", *id_out, case_id);
}

/* ---------- consents ---------- */

int cw_consent_add(struct ctx *c, int64_t case_id, const struct cw_consent_in *in, int64_t *id_out)
{
	struct case_head h;
	int rc = case_open(c, case_id, CA(CASE_WORKER) | CA(CASE_SYSTEM), NULL, NULL, &h, NULL);
	if (rc)
		return rc;
	if (!strcmp(h.status, "closed"))
		return err_set(c->e, ERR_RULE, "status", "个案已结案", "the case is closed");
	if (!in_list(cw_consent_purposes, in->purpose))
		return err_set(c->e, ERR_INVALID, "purpose", "同意用途不在列表中", "unknown purpose");
	if (!in_list(cw_recipient_kinds, in->recipient_kind))
		return err_set(c->e, ERR_INVALID, "recipient_kind", "接收方类型应为 service 或 organisation",
			       "recipient_kind must be service or organisation");
	if ((rc = case_fields_check(c, in->fields, "fields")))
		return rc;
	if (!in_list(cw_consent_givers, in->given_by))
		return err_set(c->e, ERR_INVALID, "given_by", "同意人应为本人或监护人", "given_by must be subject or guardian");
	if (!in_list(cw_consent_methods, in->method))
		return err_set(c->e, ERR_INVALID, "method", "同意方式不在列表中", "unknown method");
	int64_t given = in->given_at ? in->given_at : c->now;
	if (given > c->now + 10 * 60 * 1000000LL)
		return err_set(c->e, ERR_INVALID, "given_at", "同意时间不能在将来", "given_at is in the future");
	if (in->expires_at && in->expires_at <= c->now)
		return err_set(c->e, ERR_INVALID, "expires_at", "有效期应在将来", "expires_at must be in the future");
	char *label = in->recipient_label ? arena_strdup(c->a, in->recipient_label) : NULL;
	int64_t org = 0, service = 0;
	if (!strcmp(in->recipient_kind, "organisation")) {
		if (!in->recipient_org_id)
			return err_set(c->e, ERR_INVALID, "recipient_org_id", "请选择接收的组织", "recipient_org_id is required");
		if (in->recipient_service_id)
			return err_set(c->e, ERR_INVALID, "recipient_service_id", "转介到组织时不选服务",
				       "no service for an organisation");
		char *name = NULL;
		if ((rc = db_text(c->db, c->e, c->a, &name, "SELECT name FROM organisations WHERE id=? AND status='active'",
				  "i", in->recipient_org_id)) < 0)
			return rc;
		if (!rc)
			return err_set(c->e, ERR_INVALID, "recipient_org_id", "没有这个在册组织", "no such active organisation");
		org = in->recipient_org_id;
		if (!label)
			label = name;
	} else {
		if (in->recipient_org_id)
			return err_set(c->e, ERR_INVALID, "recipient_org_id", "转介到服务时不选组织",
				       "no organisation for a service");
		if (in->recipient_service_id) {
			char *title = NULL;
			if ((rc = db_text(c->db, c->e, c->a, &title, "SELECT name FROM xchg_services WHERE id=?", "i",
					  in->recipient_service_id)) < 0)
				return rc;
			if (!rc)
				return err_set(c->e, ERR_INVALID, "recipient_service_id", "没有这项服务", "no such service");
			service = in->recipient_service_id;
			if (!label)
				label = title;
		}
		if (!label)
			label = "服务交换平台 / service exchange";
	}
	if ((rc = db_int(c->db, c->e, id_out,
			 "INSERT INTO case_consents (case_id, purpose, recipient_kind, recipient_org_id, recipient_service_id,"
			 " recipient_label, fields, given_by, method, given_at, expires_at, recorded_by)"
			 " VALUES (?,?,?,nullif(?,0),nullif(?,0),?,?,?,?,?,nullif(?,0),?) RETURNING id",
			 "issiissssiii", case_id, in->purpose, in->recipient_kind, org, service, label, in->fields,
			 in->given_by, in->method, given, in->expires_at, c->who ? c->who->user_id : h.worker_id)) < 0)
		return rc;
	return case_audit(c, "create", "case_consent", *id_out, case_id);
}

/* End one referral (revoked by withdrawal or by hand): the recipient loses
 * access at once; an open demand is cancelled. */
static int referral_end(struct ctx *c, int64_t rid, const char *status, const char *why_zh, const char *why_en)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT case_id, target, demand_id, recipient_user_id FROM case_referrals WHERE id=?", "i", rid);
	if (rc <= 0)
		return rc < 0 ? rc : ERR_INTERNAL;
	int64_t case_id = col_int(st, 0), demand = col_int(st, 2), recipient = col_int(st, 3);
	bool service = !strcmp(col_text(st, 1), "service");
	stmt_done(st);
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE case_referrals SET status=?, ended_at=?, version=version+1 WHERE id=?", "sii", status,
			  c->now, rid)))
		return rc;
	if (service && demand) {
		char *ds = NULL;
		if ((rc = db_text(c->db, c->e, c->a, &ds, "SELECT status FROM xchg_demands WHERE id=?", "i", demand)) < 0)
			return rc;
		if (ds && (!strcmp(ds, "open") || !strcmp(ds, "matching"))) {
			/* The exchange's own cancel, as the system: the worker who
			 * posted it may have left; the case decides, not the post. */
			struct ctx sys = *c;
			sys.who = NULL;
			if ((rc = exchange_demand_cancel(&sys, demand, NULL)))
				return rc;
		}
	}
	if ((rc = case_audit(c, status, "case_referral", rid, case_id)))
		return rc;
	if (recipient)
		return case_notify(c, recipient, case_id, "casework.referral_ended", why_zh, why_en,
				   arena_printf(c->a, "/casework/referrals/%lld", (long long)rid));
	return 0;
}

int cw_consent_withdraw(struct ctx *c, int64_t consent_id, const char *reason, int64_t version)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st, "SELECT case_id, version, withdrawn_at FROM case_consents WHERE id=?", "i",
			consent_id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这项同意记录", "no such consent");
	int64_t case_id = col_int(st, 0), ver = col_int(st, 1);
	bool withdrawn = !col_null(st, 2);
	stmt_done(st);
	if ((rc = case_open(c, case_id, CASE_TEAM, NULL, NULL, NULL, NULL)))
		return rc == ERR_NOT_FOUND ? err_set(c->e, ERR_NOT_FOUND, "id", "没有这项同意记录", "no such consent") : rc;
	if (!reason || strlen(reason) < 2 || strlen(reason) > 1000)
		return err_set(c->e, ERR_INVALID, "reason", "请写明撤回原因（2 到 1000 字节）",
			       "give the reason for the withdrawal (2 to 1000 bytes)");
	if (withdrawn)
		return err_set(c->e, ERR_CONFLICT, "id", "这项同意已经撤回", "this consent is already withdrawn");
	if (version != ver)
		return err_set(c->e, ERR_CONFLICT, "version", "记录已被修改，请刷新", "the record changed; reload it");
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE case_consents SET withdrawn_at=?, withdrawn_reason=?, version=version+1 WHERE id=?",
			  "isi", c->now, reason, consent_id)))
		return rc;
	/* Every referral built on it ends now. */
	st = db_q(c->db, c->e, "SELECT id FROM case_referrals WHERE consent_id=? AND status IN ('sent','accepted')", "i",
		  consent_id);
	if (!st)
		return c->e->code ? c->e->code : ERR_STORE;
	int64_t ids[64];
	int n = 0;
	while ((rc = stmt_step(st, c->e)) == 1 && n < 64)
		ids[n++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < n; i++)
		if ((rc = referral_end(c, ids[i], "revoked", "同意已撤回，转介终止", "consent withdrawn, the referral ended")))
			return rc;
	return case_audit(c, "withdraw", "case_consent", consent_id, case_id);
}

/* ---------- referrals ---------- */

/* Does the account receive for the organisation: active case staff of
 * that organisation, or an org admin whose grant covers the
 * organisation's region (the convention of every area for "the
 * organisation's admin"). A social worker without a station record of the
 * organisation is not its member, wherever their grant is. */
static int org_member(struct ctx *c, int64_t user_id, int64_t org_id, bool *yes)
{
	int64_t n = 0;
	int rc = db_int(c->db, c->e, &n,
			"SELECT (SELECT count(*) FROM case_staff s WHERE s.user_id=?1 AND s.active=1 AND s.org_id=?2)"
			" + (SELECT count(*) FROM user_grants g JOIN regions gr ON gr.id=g.region_id"
			" JOIN organisations o ON o.id=?2 JOIN regions orr ON orr.id=o.region_id JOIN users u ON u.id=g.user_id"
			" WHERE g.user_id=?1 AND u.disabled=0 AND g.role='org_admin'"
			" AND substr(orr.path,1,length(gr.path))=gr.path)",
			"ii", user_id, org_id);
	*yes = n > 0;
	return rc < 0 ? rc : 0;
}

/* The case type's Chinese label, the one the pages show (enum_labels). */
static const char *type_zh(const char *t)
{
	const char *zh = t, *en = t;
	enum_label("case_type", t, &zh, &en);
	return zh;
}

/* The needs summary of the latest approved assessment, when the cases
 * area keeps one (case_assessments.summary): NULL otherwise. */
static char *needs_summary(struct ctx *c, int64_t case_id)
{
	static const char *const cols[] = {"case_id", "status", "summary", NULL};
	if (!db_table_has(c->db, "case_assessments", cols))
		return NULL;
	char *s = NULL;
	if (db_text(c->db, c->e, c->a, &s,
		    "SELECT summary FROM case_assessments WHERE case_id=? AND status='approved' ORDER BY id DESC LIMIT 1",
		    "i", case_id) < 0) {
		err_clear(c->e);
		return NULL;
	}
	return s;
}

/* The demand a service referral posts: only what the consent names; never
 * the case's code or notes. */
static int service_demand(struct ctx *c, int64_t case_id, const char *fields, int64_t term_id, int64_t *demand)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT region_id, type, subject_name, subject_gender, subject_birth_date, subject_phone,"
			" subject_address, guardian_name, guardian_phone, risk_level FROM cases WHERE id=?",
			"i", case_id);
	if (rc <= 0)
		return rc < 0 ? rc : ERR_INTERNAL;
	int64_t region = col_int(st, 0);
	char *type = arena_strdup(c->a, col_text(st, 1)), *name = arena_strdup(c->a, col_text(st, 2)),
	     *gender = arena_strdup(c->a, col_text(st, 3)), *birth = arena_strdup(c->a, col_text(st, 4)),
	     *phone = arena_strdup(c->a, col_text(st, 5)), *addr = arena_strdup(c->a, col_text(st, 6)),
	     *gname = arena_strdup(c->a, col_text(st, 7)), *gphone = arena_strdup(c->a, col_text(st, 8)),
	     *risk = arena_strdup(c->a, col_text(st, 9));
	stmt_done(st);
	struct sb d = {0};
	sb_adds(&d, "社工转介的服务需求（经本人或监护人同意提供以下信息）。");
	if (case_field_allowed(fields, "type"))
		sb_addf(&d, "对象类别：%s。", type_zh(type));
	if (case_field_allowed(fields, "gender") && gender)
		sb_addf(&d, "性别：%s。", !strcmp(gender, "male") ? "男" : "女");
	int age = case_field_allowed(fields, "age") ? case_age(birth, c->now) : -1;
	if (age >= 0)
		sb_addf(&d, "年龄：%d 岁。", age);
	if (case_field_allowed(fields, "guardian") && gname)
		sb_addf(&d, "监护人：%s%s%s。", gname, gphone ? " " : "", gphone ? gphone : "");
	if (case_field_allowed(fields, "risk"))
		sb_addf(&d, "风险等级：%s。", risk);
	if (case_field_allowed(fields, "needs") || case_field_allowed(fields, "assessment_summary")) {
		char *n = needs_summary(c, case_id);
		if (n && *n)
			sb_addf(&d, "需求：%s", n);
	}
	struct exchange_demand_in in = {0};
	in.region_id = region;
	in.title = case_field_allowed(fields, "type") ? arena_printf(c->a, "社工转介：%s服务需求", type_zh(type))
						      : "社工转介服务需求";
	in.description = arena_strdup(c->a, d.len ? d.buf : "");
	sb_free(&d);
	in.kind = "need";
	in.beneficiary_name = case_field_allowed(fields, "name") ? name : NULL;
	in.beneficiary_phone = case_field_allowed(fields, "phone") ? phone : NULL;
	in.address = case_field_allowed(fields, "address") ? addr : NULL;
	in.privacy = "private";
	in.consent = true;
	in.terms.v[0] = term_id;
	in.terms.n = 1;
	in.terms.has = true;
	return exchange_demand_create(c, &in, demand);
}

int cw_referral_add(struct ctx *c, int64_t case_id, const struct cw_referral_in *in, int64_t *id_out)
{
	struct case_head h;
	int rc = case_open(c, case_id, CA(CASE_WORKER) | CA(CASE_SYSTEM), NULL, NULL, &h, NULL);
	if (rc)
		return rc;
	if (!strcmp(h.status, "closed"))
		return err_set(c->e, ERR_RULE, "status", "个案已结案", "the case is closed");
	if (!in_list(cw_recipient_kinds, in->target))
		return err_set(c->e, ERR_INVALID, "target", "转介对象应为 service 或 organisation",
			       "target must be service or organisation");
	if (!in->reason || strlen(in->reason) < 2 || strlen(in->reason) > 1000)
		return err_set(c->e, ERR_INVALID, "reason", "请写明转介原因（2 到 1000 字节）",
			       "give the reason (2 to 1000 bytes)");
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st,
			 "SELECT recipient_kind, recipient_org_id, fields, withdrawn_at, expires_at FROM case_consents"
			 " WHERE id=? AND case_id=?",
			 "ii", in->consent_id, case_id)) < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_INVALID, "consent_id", "这个个案没有这项同意记录", "no such consent on this case");
	char *kind = arena_strdup(c->a, col_text(st, 0)), *fields = arena_strdup(c->a, col_text(st, 2));
	int64_t org = col_int(st, 1);
	bool over = !col_null(st, 3) || (!col_null(st, 4) && col_int(st, 4) <= c->now);
	stmt_done(st);
	if (over)
		return err_set(c->e, ERR_RULE, "consent_id", "这项同意已撤回或过期", "the consent is withdrawn or expired");
	if (strcmp(kind, in->target))
		return err_set(c->e, ERR_RULE, "consent_id", "同意的接收方与转介对象不符",
			       "the consent does not cover this kind of recipient");
	int64_t demand = 0, recipient = 0;
	if (!strcmp(in->target, "organisation")) {
		if (in->term_id)
			return err_set(c->e, ERR_INVALID, "term_id", "转介到组织时不选服务类别", "no term for an organisation");
		if (!in->recipient_user_id)
			return err_set(c->e, ERR_INVALID, "recipient_user_id", "请选择接收的账号", "recipient_user_id is required");
		bool member = false;
		if ((rc = org_member(c, in->recipient_user_id, org, &member)))
			return rc;
		if (!member)
			return err_set(c->e, ERR_INVALID, "recipient_user_id", "这个账号不是接收组织的社工或管理员",
				       "the account is not a social worker or admin of the recipient organisation");
		if (in->recipient_user_id == h.worker_id || in->recipient_user_id == h.supervisor_id)
			return err_set(c->e, ERR_INVALID, "recipient_user_id", "不能转介给本个案的社工或督导",
				       "the case's own worker or supervisor cannot receive it");
		recipient = in->recipient_user_id;
	} else {
		if (in->recipient_user_id)
			return err_set(c->e, ERR_INVALID, "recipient_user_id", "转介到服务时不选账号",
				       "no account for a service referral");
		if (!in->term_id)
			return err_set(c->e, ERR_INVALID, "term_id", "请选择服务类别", "term_id is required");
		if ((rc = service_demand(c, case_id, fields, in->term_id, &demand)))
			return rc == ERR_INVALID && c->e->field[0] == 't' ? err_set(c->e, ERR_INVALID, "term_id",
										    "服务类别不存在", "no such term")
									      : rc;
	}
	if ((rc = db_int(c->db, c->e, id_out,
			 "INSERT INTO case_referrals (case_id, consent_id, target, demand_id, recipient_org_id,"
			 " recipient_user_id, reason, status, sent_by, sent_at) VALUES (?,?,?,nullif(?,0),nullif(?,0),"
			 "nullif(?,0),?,'sent',?,?) RETURNING id",
			 "iisiiisii", case_id, in->consent_id, in->target, demand, org, recipient, in->reason,
			 c->who ? c->who->user_id : h.worker_id, c->now)) < 0)
		return rc;
	if ((rc = case_audit(c, "create", "case_referral", *id_out, case_id)))
		return rc;
	if (recipient)
		return case_notify(c, recipient, case_id, "casework.referral", "收到一项转介", "a referral for you",
				   arena_printf(c->a, "/casework/referrals/%lld", (long long)*id_out));
	return 0;
}

struct ref_row {
	int64_t id, case_id, recipient, version, demand;
	char *status, *target;
};

static int ref_load(struct ctx *c, int64_t id, struct ref_row *r)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT id, case_id, recipient_user_id, version, status, target, demand_id FROM case_referrals WHERE id=?",
			"i", id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这项转介", "no such referral");
	r->id = col_int(st, 0);
	r->case_id = col_int(st, 1);
	r->recipient = col_int(st, 2);
	r->version = col_int(st, 3);
	r->status = arena_strdup(c->a, col_text(st, 4));
	r->target = arena_strdup(c->a, col_text(st, 5));
	r->demand = col_int(st, 6);
	stmt_done(st);
	return 0;
}

/* Who the caller is to the referral: 'r' its recipient (while it may act),
 * 't' the case's team, 0 nobody (404). */
static int ref_role(struct ctx *c, const struct ref_row *r, char *role, struct case_grant *g)
{
	*role = 0;
	int rc = case_access(c, r->case_id, g);
	if (rc)
		return rc;
	if (g->access == CASE_WORKER || g->access == CASE_SUPERVISOR || g->access == CASE_SYSTEM)
		*role = 't';
	else if (g->access == CASE_RECIPIENT && g->basis_id == r->id)
		*role = 'r';
	if (!*role)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这项转介", "no such referral");
	return 0;
}

int cw_referral_act(struct ctx *c, int64_t id, const char *action, const char *text, const char *note,
		    int64_t version)
{
	struct ref_row r;
	struct case_grant g;
	char role;
	int rc;
	if ((rc = ref_load(c, id, &r)) || (rc = ref_role(c, &r, &role, &g)))
		return rc;
	bool team = role == 't', recip = role == 'r';
	const char *to = NULL, *wzh = NULL, *wen = NULL;
	if (!strcmp(action, "revoke")) {
		if (!team)
			return err_set(c->e, ERR_FORBIDDEN, "id", "只有个案的社工或督导可以撤回转介",
				       "only the case's worker or supervisor revokes a referral");
		to = "revoked";
	} else if (!strcmp(r.target, "service")) {
		return err_set(c->e, ERR_RULE, "id", "服务转介的状态跟随服务需求", "a service referral follows its demand");
	} else if (!recip) {
		return err_set(c->e, ERR_FORBIDDEN, "id", "只有接收方可以处理转介", "only the recipient acts on a referral");
	} else if (!strcmp(action, "accept")) {
		to = "accepted";
		wzh = "转介已被接收";
		wen = "the referral was accepted";
	} else if (!strcmp(action, "reject")) {
		to = "rejected";
		wzh = "转介被拒绝";
		wen = "the referral was rejected";
		if (!text || strlen(text) < 2 || strlen(text) > 1000)
			return err_set(c->e, ERR_INVALID, "reason", "请写明拒绝原因（2 到 1000 字节）",
				       "give the reason (2 to 1000 bytes)");
	} else if (!strcmp(action, "complete")) {
		to = "completed";
		wzh = "转介服务已完成";
		wen = "the referral was completed";
		if (!text || strlen(text) < 2 || strlen(text) > 2000)
			return err_set(c->e, ERR_INVALID, "outcome", "请写明服务结果（2 到 2000 字节）",
				       "give the outcome (2 to 2000 bytes)");
	} else if (!strcmp(action, "fail")) {
		to = "failed";
		wzh = "转介未能完成";
		wen = "the referral failed";
		if (!in_list(cw_fail_reasons, text))
			return err_set(c->e, ERR_INVALID, "fail_reason", "未完成原因不在列表中", "unknown fail_reason");
	} else {
		return err_set(c->e, ERR_NOT_FOUND, "action", "没有这个操作", "no such action");
	}
	if (version != r.version)
		return err_set(c->e, ERR_CONFLICT, "version", "记录已被修改，请刷新", "the record changed; reload it");
	bool from_sent = !strcmp(r.status, "sent"), live = from_sent || !strcmp(r.status, "accepted");
	if (!live || ((!strcmp(to, "accepted") || !strcmp(to, "rejected")) && !from_sent) ||
	    ((!strcmp(to, "completed") || !strcmp(to, "failed")) && from_sent))
		return err_setf(c->e, ERR_CONFLICT, "status", "转介状态为 %s，不能这样处理",
				"a referral in status %s cannot do this", r.status);
	if (!strcmp(to, "revoked"))
		return referral_end(c, id, "revoked", "转介已被撤回", "the referral was revoked");
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE case_referrals SET status=?, reject_reason=CASE WHEN ?='rejected' THEN ? END,"
			  " outcome=CASE WHEN ?='completed' THEN ? END, fail_reason=CASE WHEN ?='failed' THEN ? END,"
			  " responded_at=CASE WHEN status='sent' THEN ? ELSE responded_at END,"
			  " ended_at=CASE WHEN ? IN ('rejected','completed','failed') THEN ? END, version=version+1 WHERE id=?",
			  "sssssssisii", to, to, text, to, text, to, text, c->now, to, c->now, id)))
		return rc;
	(void)note;
	if ((rc = case_audit(c, action, "case_referral", id, r.case_id)))
		return rc;
	struct case_head h;
	if ((rc = case_head_get(c, r.case_id, &h)))
		return rc;
	return case_notify(c, h.worker_id, r.case_id, "casework.referral_step", wzh, wen, NULL);
}

static const char *service_status(const char *demand_status)
{
	if (!demand_status)
		return NULL;
	if (!strcmp(demand_status, "in_progress"))
		return "accepted";
	if (!strcmp(demand_status, "fulfilled") || !strcmp(demand_status, "closed"))
		return "completed";
	if (!strcmp(demand_status, "cancelled"))
		return "failed";
	return "sent";
}

int cw_referral_view(struct ctx *c, struct jw *w, int64_t id)
{
	struct ref_row r;
	struct case_grant g;
	char role;
	int rc;
	if ((rc = ref_load(c, id, &r)) || (rc = ref_role(c, &r, &role, &g)))
		return rc;
	if ((rc = case_log(c, r.case_id, &g, "read", arena_printf(c->a, "referral:%lld", (long long)id))))
		return rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st,
			 "SELECT r.target, r.status, r.reason, r.outcome, r.fail_reason, r.reject_reason, r.sent_at,"
			 " r.responded_at, r.ended_at, r.version, k.fields, k.purpose, k.recipient_label, o.name, u.display_name,"
			 " c.subject_name, c.subject_gender, c.subject_birth_date, c.subject_phone, c.subject_address,"
			 " c.guardian_name, c.guardian_phone, c.type, c.risk_level, c.code, d.status, r.demand_id, s.display_name"
			 " FROM case_referrals r JOIN case_consents k ON k.id=r.consent_id JOIN cases c ON c.id=r.case_id"
			 " LEFT JOIN organisations o ON o.id=r.recipient_org_id LEFT JOIN users u ON u.id=r.recipient_user_id"
			 " LEFT JOIN xchg_demands d ON d.id=r.demand_id LEFT JOIN users s ON s.id=r.sent_by WHERE r.id=?",
			 "i", id)) <= 0)
		return rc < 0 ? rc : ERR_INTERNAL;
	const char *fields = col_text(st, 10);
	bool all = role == 't';
#define SHOW(f) (all || case_field_allowed(fields, f))
	jw_obj(w);
	jw_kint(w, "id", id);
	jw_kstr(w, "target", col_text(st, 0));
	const char *status = col_text(st, 1);
	if (!strcmp(col_text(st, 0), "service") && !strcmp(status, "sent") && col_text(st, 25))
		status = service_status(col_text(st, 25));
	jw_kstr(w, "status", status);
	jw_kstr(w, "reason", col_text(st, 2));
	jw_kstr(w, "outcome", col_text(st, 3));
	jw_kstr(w, "fail_reason", col_text(st, 4));
	jw_kstr(w, "reject_reason", col_text(st, 5));
	jw_ktime(w, "sent_at", col_int(st, 6));
	jw_ktime(w, "responded_at", col_int(st, 7));
	jw_ktime(w, "ended_at", col_int(st, 8));
	jw_kint(w, "version", col_int(st, 9));
	jw_kstr(w, "fields", fields);
	jw_kstr(w, "purpose", col_text(st, 11));
	jw_kstr(w, "recipient_label", col_text(st, 12));
	jw_kstr(w, "recipient_org", col_text(st, 13));
	jw_kstr(w, "recipient_user", col_text(st, 14));
	jw_kstr(w, "sent_by", col_text(st, 27));
	jw_kstr(w, "access", all ? "team" : "recipient");
	if (all) {
		jw_kint(w, "case_id", r.case_id);
		jw_kstr(w, "case_code", col_text(st, 24));
		jw_kstr(w, "demand_status", col_text(st, 25));
		if (r.demand)
			jw_kint(w, "demand_id", r.demand);
	}
	/* The subject, as the consent lets it go. */
	jw_key(w, "subject");
	jw_obj(w);
	if (SHOW("name"))
		jw_kstr(w, "name", col_text(st, 15));
	if (SHOW("gender"))
		jw_kstr(w, "gender", col_text(st, 16));
	if (SHOW("age")) {
		int age = case_age(col_text(st, 17), c->now);
		if (age >= 0)
			jw_kint(w, "age", age);
		else
			jw_knull(w, "age");
	}
	if (SHOW("phone"))
		jw_kstr(w, "phone", col_text(st, 18));
	if (SHOW("address"))
		jw_kstr(w, "address", col_text(st, 19));
	if (SHOW("guardian")) {
		jw_kstr(w, "guardian_name", col_text(st, 20));
		jw_kstr(w, "guardian_phone", col_text(st, 21));
	}
	if (SHOW("type"))
		jw_kstr(w, "type", col_text(st, 22));
	if (SHOW("risk"))
		jw_kstr(w, "risk_level", col_text(st, 23));
	bool needs = SHOW("needs") || SHOW("assessment_summary");
	stmt_done(st);
	if (needs)
		jw_kstr(w, "needs", needs_summary(c, r.case_id));
	jw_obj_end(w);
#undef SHOW
	jw_obj_end(w);
	return 0;
}

/* ---------- the daily job ---------- */

int cw_missed_visits(struct ctx *c, int64_t *n)
{
	*n = 0;
	/* The cut-off: a visit due before `cut` is more than CW_MISSED_DAYS
	 * working days late today. Walk back from now day by day. */
	int64_t cut = c->now, probe;
	int rc;
	for (int back = CW_MISSED_DAYS; back < 40; back++) {
		int64_t t = c->now - (int64_t)back * 86400 * 1000000;
		if ((rc = cal_add_working_days(c->db, t, CW_MISSED_DAYS, &probe, c->e)))
			return rc;
		if (probe <= c->now) {
			cut = t;
			break;
		}
	}
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT c.id FROM cases c WHERE c.status IN ('intake','assessing','planning','active','closing')"
			       " AND c.next_visit_at < ? AND NOT EXISTS (SELECT 1 FROM case_flags f WHERE f.case_id=c.id"
			       " AND f.kind='missed_visits' AND f.resolved_at IS NULL) LIMIT 500",
			       "i", cut);
	if (!st)
		return c->e->code ? c->e->code : ERR_STORE;
	int64_t ids[500];
	int k = 0;
	while ((rc = stmt_step(st, c->e)) == 1 && k < 500)
		ids[k++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < k; i++) {
		if ((rc = case_flag_raise(c, ids[i], "missed_visits", "medium", "system", 0,
					  "超过 5 个工作日未按期探访 / visit more than 5 working days overdue", NULL)))
			return rc;
		(*n)++;
	}
	return 0;
}
