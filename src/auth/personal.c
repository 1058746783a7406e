/*
 * personal.c — the accounts' part of a person's data (store/personal.h,
 * modules/privacy): the account, its roles and its sign-ins.
 *
 * Erasure closes the account for good: a new name that says so, no
 * password that can match, no roles, no sessions or API tokens. The row
 * stays because the audit log and the records the person wrote name it by
 * id. Sessions that ended more than the retention period ago (kind
 * auth.sessions) are deleted with their addresses.
 */
#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "store/personal.h"
#include "store/store.h"

int auth_pii_collect(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int auth_pii_collect_grants(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int auth_pii_collect_sessions(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int auth_pii_erase(struct ctx *c, const struct personal_subject *s, struct personal_report *r);
int auth_expire_sessions(struct ctx *c, int64_t before, int dry_run, int64_t *count);

static const struct personal_col account_cols[] = {
	{"username", "用户名", "User name", COL_TEXT},
	{"display_name", "显示名称", "Display name", COL_TEXT},
	{"created_at", "开户时间", "Opened", COL_TIME},
	{"last_login_at", "最近登录", "Last sign-in", COL_TIME},
};

static const struct personal_query account_query = {
	PERSONAL_COLS(account_cols),
	"SELECT username, display_name, created_at, last_login_at FROM users WHERE id=?", "u",
};

static const struct personal_col grant_cols[] = {
	{"role", "角色", "Role", COL_TEXT, "role"},
	{"region", "区域", "Region", COL_TEXT},
};

static const struct personal_query grant_query = {
	PERSONAL_COLS(grant_cols),
	"SELECT g.role, r.name FROM user_grants g JOIN regions r ON r.id=g.region_id"
	" WHERE g.user_id=? ORDER BY r.path, g.role", "u",
};

static const struct personal_col session_cols[] = {
	{"created_at", "登录时间", "Signed in", COL_TIME},
	{"client_ip", "登录地址", "From address", COL_TEXT},
	{"expires_at", "到期时间", "Expires", COL_TIME},
	{"revoked_at", "退出时间", "Ended", COL_TIME},
};

static const struct personal_query session_query = {
	PERSONAL_COLS(session_cols),
	"SELECT created_at, client_ip, expires_at, revoked_at FROM sessions"
	" WHERE user_id=? ORDER BY id DESC LIMIT 200", "u",
};

PERSONAL_COLLECTOR(auth_pii_collect, account_query)
PERSONAL_COLLECTOR(auth_pii_collect_grants, grant_query)
PERSONAL_COLLECTOR(auth_pii_collect_sessions, session_query)

int auth_pii_erase(struct ctx *c, const struct personal_subject *s, struct personal_report *r)
{
	int64_t sessions = 0;
	int rc;
	if (!s->user_id) {
		personal_report_add(r, "auth.account", "none", 0, "此人没有平台账号", "the person has no account");
		return 0;
	}
	if (db_int(c->db, c->e, &sessions, "SELECT count(*) FROM sessions WHERE user_id=?", "i", s->user_id) < 0)
		return c->e->code;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE users SET username=?, display_name=?, password_hash='!', disabled=1,"
			  " updated_at=? WHERE id=?",
			  "ssii", arena_printf(c->a, "deleted-%lld", (long long)s->user_id),
			  arena_printf(c->a, "已注销用户 #%lld", (long long)s->user_id), c->now, s->user_id)) ||
	    (rc = db_exec(c->db, c->e, "DELETE FROM sessions WHERE user_id=?", "i", s->user_id)) ||
	    (rc = db_exec(c->db, c->e, "DELETE FROM api_tokens WHERE user_id=?", "i", s->user_id)) ||
	    (rc = db_exec(c->db, c->e, "DELETE FROM user_grants WHERE user_id=?", "i", s->user_id)) ||
	    (rc = audit_record(c, "anonymise", "user", s->user_id, s->region_id, NULL, NULL)))
		return rc;
	personal_report_add(r, "auth.account", "anonymised", 1,
			    "账号已注销：用户名和显示名称已替换，密码、角色、登录会话和接口令牌已删除",
			    "account closed: user name and display name replaced; password, roles, sessions and API "
			    "tokens deleted");
	personal_report_add(r, "auth.sessions", "deleted", sessions, "登录记录（时间和地址）已删除",
			    "sign-in records (times and addresses) deleted");
	personal_report_add(r, "audit", "kept", 0,
			    "审计日志依法保留且不可改写；其中证件号和手机号本就脱敏，账号现已不可识别本人",
			    "the audit log is kept by law and cannot be rewritten; ID numbers and mobiles in it were "
			    "always masked, and the account no longer identifies the person");
	return 0;
}

int auth_expire_sessions(struct ctx *c, int64_t before, int dry_run, int64_t *count)
{
	if (db_int(c->db, c->e, count, "SELECT count(*) FROM sessions WHERE expires_at<?", "i", before) < 0)
		return c->e->code;
	if (dry_run || !*count)
		return 0;
	return db_exec(c->db, c->e, "DELETE FROM sessions WHERE expires_at<?", "i", before);
}
