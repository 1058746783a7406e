/*
 * auth.c — see auth.h. Login throttling: the first 5 consecutive failures
 * cost nothing extra; from then on each failure doubles a wait (2, 4, 8 …
 * seconds, capped at 60) before the next attempt is even checked; the
 * 10th consecutive failure locks the account for 15 minutes. A success
 * clears the counters. Unknown usernames take the same time as known ones
 * (a dummy hash is verified) so that timing does not reveal accounts.
 */
#include "auth/auth.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "core/jsonin.h"
#include "core/log.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "store/store.h"

const struct role_info role_infos[ROLE__COUNT] = {
	[ROLE_DISTRICT_ADMIN] = {"district_admin", "区级管理员", "District admin", 100},
	[ROLE_TOWN_ADMIN] = {"town_admin", "镇街管理员", "Town admin", 80},
	[ROLE_COMMUNITY_STAFF] = {"community_staff", "村（社区）工作人员", "Community staff", 60},
	[ROLE_GRID_WORKER] = {"grid_worker", "网格员", "Grid worker", 40},
	[ROLE_SOCIAL_WORKER] = {"social_worker", "社会工作者", "Social worker", 40},
	[ROLE_ORG_ADMIN] = {"org_admin", "社会组织管理员", "Organisation admin", 30},
	[ROLE_EXPERT] = {"expert", "评审专家", "Expert reviewer", 30},
	[ROLE_VOLUNTEER] = {"volunteer", "志愿者", "Volunteer", 10},
	[ROLE_RESIDENT] = {"resident", "居民", "Resident", 10},
	[ROLE_DONOR] = {"donor", "捐赠人", "Donor", 10},
};

#define FAILS_FREE 5
#define FAILS_LOCK 10
#define LOCK_US (15LL * 60 * WTIME_US)

int role_from_id(const char *id)
{
	for (int i = 0; i < ROLE__COUNT; i++)
		if (id && strcmp(role_infos[i].id, id) == 0)
			return i;
	return -1;
}

/* ---------- secrets ---------- */

void auth_random_token(const char *prefix, char *out, size_t cap)
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	size_t pl = strlen(prefix);
	if (cap < pl + 48) {
		out[0] = 0;
		return;
	}
	memcpy(out, prefix, pl);
	sodium_bin2base64(out + pl, cap - pl, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void auth_sha256_hex(const char *s, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, 65, h, sizeof h);
}

int auth_password_policy(const char *password, const char *field, struct err *e)
{
	size_t n = strlen(password);
	if (utf8_chars(password) < 8)
		return err_set(e, ERR_INVALID, field, "密码至少 8 个字符",
			       "password must have at least 8 characters");
	if (n > 256)
		return err_set(e, ERR_INVALID, field, "密码不能超过 256 字节",
			       "password must be at most 256 bytes");
	bool alpha = false, digit = false;
	for (const char *p = password; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			alpha = true;
		else if (*p >= '0' && *p <= '9')
			digit = true;
	}
	if (!alpha || !digit)
		return err_set(e, ERR_INVALID, field, "密码须同时包含字母和数字",
			       "password must contain both letters and digits");
	return 0;
}

int auth_password_hash(const char *password, char out[128], struct err *e)
{
	if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return err_set(e, ERR_INTERNAL, "password", "密码处理失败（内存不足）",
			       "password hashing failed (out of memory)");
	return 0;
}

bool auth_password_verify(const char *hash, const char *password)
{
	return hash && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

static char dummy[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	if (crypto_pwhash_str(dummy, "not-a-password-1", 16, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		dummy[0] = 0;
}

static const char *dummy_hash(void)
{
	pthread_once(&dummy_once, make_dummy);
	return dummy;
}

/* ---------- principals ---------- */

int auth_load_principal(struct db *db, struct arena *a, int64_t user_id, struct principal *p,
			struct err *e)
{
	memset(p, 0, sizeof *p);
	struct stmt *st = db_q(db, e, "SELECT username, display_name, disabled FROM users WHERE id=?",
			       "i", user_id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		p->user_id = user_id;
		p->username = arena_strdup(a, col_text(st, 0));
		p->display_name = arena_strdup(a, col_text(st, 1));
		if (col_int(st, 2))
			rc = 0; /* disabled: treat as unknown */
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return 1;
	st = db_q(db, e,
		  "SELECT g.role, g.region_id, r.name, r.level, r.path FROM user_grants g"
		  " JOIN regions r ON r.id = g.region_id WHERE g.user_id=? ORDER BY length(r.path), g.role",
		  "i", user_id);
	if (!st)
		return e->code;
	while ((rc = stmt_step(st, e)) == 1 && p->ngrants < AUTH_MAX_GRANTS) {
		int role = role_from_id(col_text(st, 0));
		if (role < 0)
			continue;
		struct grant *g = &p->grants[p->ngrants++];
		g->role = role;
		g->region_id = col_int(st, 1);
		g->region_name = arena_strdup(a, col_text(st, 2));
		g->region_level = arena_strdup(a, col_text(st, 3));
		g->region_path = arena_strdup(a, col_text(st, 4));
		p->role_mask |= R(role);
	}
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

int auth_resolve_session(struct db *db, struct arena *a, const char *token, int64_t now,
			 struct principal *p, struct err *e)
{
	char h[65];
	auth_sha256_hex(token, h);
	struct stmt *st = db_q(db, e,
			       "SELECT id, user_id, csrf_token FROM sessions"
			       " WHERE token_hash=? AND revoked_at IS NULL AND expires_at > ?",
			       "si", h, now);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	int64_t sid = 0, uid = 0;
	const char *csrf = NULL;
	if (rc == 1) {
		sid = col_int(st, 0);
		uid = col_int(st, 1);
		csrf = arena_strdup(a, col_text(st, 2));
	}
	stmt_done(st);
	if (rc <= 0)
		return rc < 0 ? rc : 1;
	rc = auth_load_principal(db, a, uid, p, e);
	if (rc)
		return rc;
	p->session_id = sid;
	p->csrf_token = csrf;
	p->via_cookie = true;
	return 0;
}

int auth_resolve_bearer(struct db *db, struct arena *a, const char *token, int64_t now,
			struct principal *p, struct err *e)
{
	(void)now;
	char h[65];
	auth_sha256_hex(token, h);
	int64_t uid = 0;
	int rc = db_int(db, e, &uid,
			"SELECT user_id FROM api_tokens WHERE token_hash=? AND revoked_at IS NULL", "s",
			h);
	if (rc <= 0)
		return rc < 0 ? rc : 1;
	return auth_load_principal(db, a, uid, p, e);
}

/* ---------- login ---------- */

int auth_login(struct db *db, const char *username, const char *password, int64_t now,
	       const char *client_ip, struct login_result *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = db_q(db, e,
			       "SELECT id, password_hash, disabled, failed_logins, next_login_at,"
			       " locked_until FROM users WHERE username=?",
			       "s", username);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	int64_t uid = 0, fails = 0, next_at = 0, locked = 0;
	bool disabled = false;
	char hash[crypto_pwhash_STRBYTES] = "";
	if (rc == 1) {
		uid = col_int(st, 0);
		snprintf(hash, sizeof hash, "%s", col_text(st, 1));
		disabled = col_int(st, 2) != 0;
		fails = col_int(st, 3);
		next_at = col_int(st, 4);
		locked = col_int(st, 5);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (!uid) {
		auth_password_verify(dummy_hash(), password);
		err_set(e, ERR_UNAUTH, "password", "用户名或密码错误", "wrong username or password");
		snprintf(e->codename, sizeof e->codename, "bad_credentials");
		return ERR_UNAUTH;
	}
	if (locked > now) {
		int secs = (int)((locked - now) / WTIME_US) + 1;
		err_setf(e, ERR_LOCKED, "username", "连续登录失败次数过多，账号已锁定，请 %d 分钟后再试",
			 "too many failed logins: the account is locked; try again in %d minutes",
			 (secs + 59) / 60);
		snprintf(e->codename, sizeof e->codename, "locked");
		e->retry_after = secs;
		return ERR_LOCKED;
	}
	if (next_at > now) {
		int secs = (int)((next_at - now) / WTIME_US) + 1;
		err_setf(e, ERR_LIMIT, "password", "登录尝试过于频繁，请 %d 秒后再试",
			 "too many login attempts; try again in %d seconds", secs);
		e->retry_after = secs;
		return ERR_LIMIT;
	}
	/* Verify even for a disabled account: the answer and its timing must not
	 * tell a disabled account from a wrong password. */
	bool pw_ok = auth_password_verify(hash, password);
	if (disabled || !pw_ok) {
		fails++;
		int64_t wait = 0, lock = 0;
		if (fails >= FAILS_LOCK) {
			lock = now + LOCK_US;
			fails = 0;
		} else if (fails >= FAILS_FREE) {
			int64_t s = 1LL << (fails - FAILS_FREE + 1);
			wait = now + (s > 60 ? 60 : s) * WTIME_US;
		}
		/* The counters must persist even though the request fails: the
		 * router rolls back failed requests, so commit them here. */
		rc = db_exec(db, e,
			     "UPDATE users SET failed_logins=?, next_login_at=?, locked_until=? WHERE id=?",
			     "iiii", fails, wait, lock, uid);
		if (rc)
			return rc;
		struct audit_actor who = {uid, username};
		struct audit_entry en = {.action = "login_failed", .entity = "user", .entity_id = uid};
		if ((rc = audit_append(db, &who, now, &en, e)))
			return rc;
		if ((rc = db_commit(db, e)) || (rc = db_begin_write(db, e)))
			return rc;
		if (lock) {
			err_set(e, ERR_LOCKED, "username", "连续登录失败次数过多，账号已锁定 15 分钟",
				"too many failed logins: the account is locked for 15 minutes");
			snprintf(e->codename, sizeof e->codename, "locked");
			e->retry_after = (int)(LOCK_US / WTIME_US);
			return ERR_LOCKED;
		}
		err_set(e, ERR_UNAUTH, "password", "用户名或密码错误", "wrong username or password");
		snprintf(e->codename, sizeof e->codename, "bad_credentials");
		return ERR_UNAUTH;
	}
	char hh[65];
	auth_random_token("", out->token, sizeof out->token);
	auth_random_token("", out->csrf, sizeof out->csrf);
	auth_sha256_hex(out->token, hh);
	out->user_id = uid;
	rc = db_exec(db, e,
		     "UPDATE users SET failed_logins=0, next_login_at=0, locked_until=0, last_login_at=?"
		     " WHERE id=?",
		     "ii", now, uid);
	if (!rc)
		rc = db_exec(db, e,
			     "INSERT INTO sessions(user_id, token_hash, csrf_token, client_ip, created_at,"
			     " expires_at) VALUES(?,?,?,?,?,?)",
			     "isssii", uid, hh, out->csrf, client_ip, now, now + SESSION_TTL_US);
	if (!rc)
		rc = db_exec(db, e, "DELETE FROM sessions WHERE expires_at < ?", "i", now - SESSION_TTL_US);
	if (rc)
		return rc;
	struct audit_actor who = {uid, username};
	struct audit_entry en = {.action = "login", .entity = "user", .entity_id = uid};
	return audit_append(db, &who, now, &en, e);
}

int auth_logout(struct db *db, int64_t session_id, struct err *e)
{
	return db_exec(db, e, "UPDATE sessions SET revoked_at=? WHERE id=?", "ii", wtime_now(),
		       session_id);
}

/* ---------- scope ---------- */

bool auth_has_role(const struct principal *p, unsigned mask)
{
	return p && (p->role_mask & mask) != 0;
}

bool auth_covers_path(const struct principal *p, unsigned mask, const char *path)
{
	if (!p || !path)
		return false;
	for (int i = 0; i < p->ngrants; i++) {
		const struct grant *g = &p->grants[i];
		if (!(mask & R(g->role)))
			continue;
		size_t n = strlen(g->region_path);
		if (strncmp(g->region_path, path, n) == 0)
			return true;
	}
	return false;
}

int auth_forbidden(struct err *e)
{
	return err_set(e, ERR_FORBIDDEN, "", "无权访问：该记录不在您的角色或辖区范围内",
		       "forbidden: the record is outside your role or region");
}

int auth_scope_region(struct db *db, const struct principal *p, unsigned mask,
		      int64_t region_id, struct err *e)
{
	struct stmt *st = db_q(db, e, "SELECT path FROM regions WHERE id=?", "i", region_id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	bool ok = rc == 1 && auth_covers_path(p, mask, col_text(st, 0));
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "region_id", "区域不存在", "no such region");
	return ok ? 0 : auth_forbidden(e);
}

const struct grant *auth_primary_grant(const struct principal *p, unsigned mask)
{
	const struct grant *best = NULL;
	for (int i = 0; p && i < p->ngrants; i++)
		if ((mask & R(p->grants[i].role)) &&
		    (!best || strlen(p->grants[i].region_path) < strlen(best->region_path)))
			best = &p->grants[i];
	return best;
}

int auth_max_rank(const struct principal *p)
{
	int r = -1;
	for (int i = 0; p && i < p->ngrants; i++)
		if (role_infos[p->grants[i].role].rank > r)
			r = role_infos[p->grants[i].role].rank;
	return r;
}

/* ---------- users ---------- */

static const unsigned USER_ADMIN_ROLES = R(ROLE_DISTRICT_ADMIN) | R(ROLE_TOWN_ADMIN) |
					 R(ROLE_COMMUNITY_STAFF);

int auth_user_json(struct db *db, struct jw *w, int64_t id, struct err *e)
{
	struct stmt *st = db_q(db, e,
			       "SELECT id, username, display_name, disabled, created_at, last_login_at"
			       " FROM users WHERE id=?",
			       "i", id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "username", col_text(st, 1));
		jw_kstr(w, "display_name", col_text(st, 2));
		jw_kbool(w, "disabled", col_int(st, 3) != 0);
		jw_ktime(w, "created_at", col_int(st, 4));
		jw_ktime(w, "last_login_at", col_null(st, 5) ? 0 : col_int(st, 5));
	}
	stmt_done(st);
	if (rc <= 0)
		return rc < 0 ? rc : err_set(e, ERR_NOT_FOUND, "id", "用户不存在", "no such user");
	jw_key(w, "roles");
	jw_arr(w);
	st = db_q(db, e,
		  "SELECT g.role, g.region_id, r.name, r.level FROM user_grants g JOIN regions r"
		  " ON r.id=g.region_id WHERE g.user_id=? ORDER BY length(r.path), g.role",
		  "i", id);
	if (!st)
		return e->code;
	while ((rc = stmt_step(st, e)) == 1) {
		int role = role_from_id(col_text(st, 0));
		jw_obj(w);
		jw_kstr(w, "role", col_text(st, 0));
		jw_kstr(w, "role_name", role >= 0 ? role_infos[role].name : col_text(st, 0));
		jw_kstr(w, "role_name_en", role >= 0 ? role_infos[role].name_en : col_text(st, 0));
		jw_kint(w, "region_id", col_int(st, 1));
		jw_kstr(w, "region_name", col_text(st, 2));
		jw_kstr(w, "region_level", col_text(st, 3));
		jw_obj_end(w);
	}
	stmt_done(st);
	jw_arr_end(w);
	jw_obj_end(w);
	return rc < 0 ? rc : 0;
}

static int user_snapshot(struct db *db, int64_t id, char **out, struct err *e)
{
	struct sb b = SB_INIT;
	struct jw w;
	jw_init(&w, &b);
	int rc = auth_user_json(db, &w, id, e);
	if (rc) {
		sb_free(&b);
		return rc;
	}
	*out = sb_detach(&b, NULL);
	return 0;
}

/* Can actor grant (role, region)? Needs an admin grant covering the region
 * whose rank is above the role's. District admins may grant anything. */
static int check_grant(struct db *db, const struct principal *actor, int role, int64_t region_id,
		       struct err *e)
{
	struct stmt *st = db_q(db, e, "SELECT path, level FROM regions WHERE id=?", "i", region_id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	char path[512] = "", level[16] = "";
	if (rc == 1) {
		snprintf(path, sizeof path, "%s", col_text(st, 0));
		snprintf(level, sizeof level, "%s", col_text(st, 1));
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_INVALID, "roles", "授权的区域不存在", "granted region does not exist");
	/* Sanity of role × level: admins of a level are granted at that level. */
	if ((role == ROLE_DISTRICT_ADMIN && strcmp(level, "district") != 0) ||
	    (role == ROLE_TOWN_ADMIN && strcmp(level, "town") != 0))
		return err_set(e, ERR_INVALID, "roles", "角色与区域层级不符（区级管理员须授予区，镇街管理员须授予镇街）",
			       "role does not fit the region level (district admin → district, town admin → town)");
	if (!actor)
		return 0;
	for (int i = 0; i < actor->ngrants; i++) {
		const struct grant *g = &actor->grants[i];
		if (!(USER_ADMIN_ROLES & R(g->role)))
			continue;
		if (strncmp(g->region_path, path, strlen(g->region_path)) != 0)
			continue;
		if (g->role == ROLE_DISTRICT_ADMIN || role_infos[g->role].rank > role_infos[role].rank)
			return 0;
	}
	return err_set(e, ERR_FORBIDDEN, "roles", "无权授予该角色或该区域的权限",
		       "you may not grant this role or this region");
}

int auth_user_check_visible(struct db *db, const struct principal *actor, int64_t id,
			    struct err *e)
{
	int64_t exists = 0;
	int rc = db_int(db, e, &exists, "SELECT count(*) FROM users WHERE id=?", "i", id);
	if (rc < 0)
		return rc;
	if (!exists)
		return err_set(e, ERR_NOT_FOUND, "id", "用户不存在", "no such user");
	if (auth_has_role(actor, R(ROLE_DISTRICT_ADMIN)) || (actor && actor->user_id == id))
		return 0;
	/* Every grant of the user must be inside the actor's admin scope with a lower rank. */
	struct stmt *st = db_q(db, e,
			       "SELECT g.role, r.path FROM user_grants g JOIN regions r ON r.id=g.region_id"
			       " WHERE g.user_id=?",
			       "i", id);
	if (!st)
		return e->code;
	bool ok = true;
	int n = 0;
	while ((rc = stmt_step(st, e)) == 1) {
		n++;
		int role = role_from_id(col_text(st, 0));
		const char *path = col_text(st, 1);
		bool this_ok = false;
		for (int i = 0; actor && i < actor->ngrants; i++) {
			const struct grant *g = &actor->grants[i];
			if ((USER_ADMIN_ROLES & R(g->role)) &&
			    strncmp(g->region_path, path, strlen(g->region_path)) == 0 &&
			    (role < 0 || role_infos[g->role].rank > role_infos[role].rank))
				this_ok = true;
		}
		if (!this_ok)
			ok = false;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (!n && !auth_has_role(actor, R(ROLE_DISTRICT_ADMIN)))
		ok = false;
	return ok ? 0 : auth_forbidden(e);
}

static int validate_username(const char *u, struct err *e)
{
	size_t n = strlen(u);
	if (n < 3 || n > 32)
		return err_set(e, ERR_INVALID, "username", "用户名应为 3 到 32 个字符",
			       "username must be 3 to 32 characters");
	for (const char *p = u; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' ||
		      *p == '-'))
			return err_set(e, ERR_INVALID, "username",
				       "用户名只能包含小写字母、数字、下划线、点和连字符",
				       "username may contain only lower-case letters, digits, _ . -");
	return 0;
}

static int write_grants(struct db *db, const struct principal *actor, int64_t uid,
			const struct user_in *in, struct err *e)
{
	int rc;
	for (int i = 0; i < in->ngrants; i++)
		if ((rc = check_grant(db, actor, in->grants[i].role, in->grants[i].region_id, e)))
			return rc;
	if ((rc = db_exec(db, e, "DELETE FROM user_grants WHERE user_id=?", "i", uid)))
		return rc;
	for (int i = 0; i < in->ngrants; i++) {
		rc = db_exec(db, e,
			     "INSERT INTO user_grants(user_id, role, region_id) VALUES(?,?,?)"
			     " ON CONFLICT DO NOTHING",
			     "isi", uid, role_infos[in->grants[i].role].id, in->grants[i].region_id);
		if (rc)
			return rc;
	}
	return 0;
}

static int64_t first_region(const struct user_in *in)
{
	return in->ngrants ? in->grants[0].region_id : 0;
}

int auth_user_create(struct db *db, const struct principal *actor, const struct user_in *in,
		     int64_t now, int64_t *id_out, struct err *e)
{
	int rc;
	if ((rc = validate_username(in->username, e)) ||
	    (rc = auth_password_policy(in->password, "password", e)))
		return rc;
	if (!in->ngrants)
		return err_set(e, ERR_INVALID, "roles", "至少授予一个角色", "grant at least one role");
	int64_t exists = 0;
	if ((rc = db_int(db, e, &exists, "SELECT count(*) FROM users WHERE username=?", "s",
			 in->username)) < 0)
		return rc;
	if (exists)
		return err_set(e, ERR_CONFLICT, "username", "用户名已存在", "username already exists");
	char hash[128];
	if ((rc = auth_password_hash(in->password, hash, e)))
		return rc;
	int64_t id = 0;
	struct stmt *st = db_q(db, e,
			       "INSERT INTO users(username, display_name, password_hash, disabled,"
			       " created_at, updated_at) VALUES(?,?,?,?,?,?) RETURNING id",
			       "sssbii", in->username, in->display_name, hash, (int)in->disabled, now,
			       now);
	if (!st)
		return e->code;
	rc = stmt_step(st, e);
	if (rc == 1)
		id = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	if ((rc = write_grants(db, actor, id, in, e)))
		return rc;
	char *after = NULL;
	if ((rc = user_snapshot(db, id, &after, e)))
		return rc;
	struct audit_actor who = {actor ? actor->user_id : 0, actor ? actor->username : NULL};
	struct audit_entry en = {.action = "create", .entity = "user", .entity_id = id,
				 .region_id = first_region(in), .after = after};
	rc = audit_append(db, &who, now, &en, e);
	free(after);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int auth_user_update(struct db *db, const struct principal *actor, int64_t id,
		     const struct user_in *in, int64_t now, struct err *e)
{
	int rc;
	if ((rc = auth_user_check_visible(db, actor, id, e)))
		return rc;
	if (actor && actor->user_id == id && (in->has_grants || (in->has_disabled && in->disabled)))
		return err_set(e, ERR_RULE, "roles", "不能修改自己的角色或停用自己",
			       "you cannot change your own roles or disable yourself");
	char *before = NULL, *after = NULL;
	if ((rc = user_snapshot(db, id, &before, e)))
		return rc;
	if (in->display_name)
		rc = db_exec(db, e, "UPDATE users SET display_name=?, updated_at=? WHERE id=?", "sii",
			     in->display_name, now, id);
	if (!rc && in->has_disabled)
		rc = db_exec(db, e, "UPDATE users SET disabled=?, updated_at=? WHERE id=?", "bii",
			     (int)in->disabled, now, id);
	if (!rc && in->has_disabled && in->disabled)
		rc = db_exec(db, e, "UPDATE sessions SET revoked_at=? WHERE user_id=? AND revoked_at IS NULL",
			     "ii", now, id);
	if (!rc && in->has_grants) {
		if (!in->ngrants)
			rc = err_set(e, ERR_INVALID, "roles", "至少授予一个角色", "grant at least one role");
		else
			rc = write_grants(db, actor, id, in, e);
	}
	if (!rc)
		rc = user_snapshot(db, id, &after, e);
	if (!rc) {
		struct audit_actor who = {actor ? actor->user_id : 0, actor ? actor->username : NULL};
		struct audit_entry en = {.action = "update", .entity = "user", .entity_id = id,
					 .region_id = first_region(in), .before = before, .after = after};
		rc = audit_append(db, &who, now, &en, e);
	}
	free(before);
	free(after);
	return rc;
}

static int set_password(struct db *db, const struct audit_actor *who, int64_t id,
			const char *password, int64_t now, struct err *e)
{
	int rc;
	char hash[128];
	if ((rc = auth_password_policy(password, "password", e)) ||
	    (rc = auth_password_hash(password, hash, e)))
		return rc;
	rc = db_exec(db, e,
		     "UPDATE users SET password_hash=?, failed_logins=0, next_login_at=0, locked_until=0,"
		     " updated_at=? WHERE id=?",
		     "sii", hash, now, id);
	if (!rc)
		rc = db_exec(db, e, "UPDATE sessions SET revoked_at=? WHERE user_id=? AND revoked_at IS NULL",
			     "ii", now, id);
	struct audit_entry en = {.action = "set_password", .entity = "user", .entity_id = id};
	return rc ? rc : audit_append(db, who, now, &en, e);
}

int auth_user_set_password(struct db *db, const struct principal *actor, int64_t id,
			   const char *password, int64_t now, struct err *e)
{
	int rc;
	if ((rc = auth_user_check_visible(db, actor, id, e)))
		return rc;
	struct audit_actor who = {actor ? actor->user_id : 0, actor ? actor->username : NULL};
	return set_password(db, &who, id, password, now, e);
}

int auth_user_create_cli(struct db *db, const char *username, const char *display_name,
			 const char *password, int role, int64_t region_id, int64_t now,
			 struct err *e)
{
	struct user_in in = {.username = username,
			     .display_name = display_name ? display_name : username,
			     .password = password,
			     .ngrants = 1,
			     .has_grants = true};
	in.grants[0].role = role;
	in.grants[0].region_id = region_id;
	return auth_user_create(db, NULL, &in, now, NULL, e);
}

int auth_user_reset_cli(struct db *db, const char *username, const char *password, int64_t now,
			struct err *e)
{
	int64_t id = 0;
	int rc = db_int(db, e, &id, "SELECT id FROM users WHERE username=?", "s", username);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "username", "用户不存在", "no such user");
	struct audit_actor who = {0, "cli"};
	return set_password(db, &who, id, password, now, e);
}

/* ---------- API tokens ---------- */

int auth_token_create(struct db *db, const struct principal *p, const char *name, int64_t now,
		      int64_t *id_out, char token_out[80], struct err *e)
{
	char h[65];
	auth_random_token("wst_", token_out, 80);
	auth_sha256_hex(token_out, h);
	struct stmt *st = db_q(db, e,
			       "INSERT INTO api_tokens(user_id, name, token_hash, created_at)"
			       " VALUES(?,?,?,?) RETURNING id",
			       "issi", p->user_id, name, h, now);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1)
		*id_out = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	struct audit_actor who = {p->user_id, p->username};
	struct audit_entry en = {.action = "create", .entity = "api_token", .entity_id = *id_out};
	return audit_append(db, &who, now, &en, e);
}

int auth_token_revoke(struct db *db, const struct principal *p, int64_t id, int64_t now,
		      struct err *e)
{
	int rc = db_exec(db, e,
			 "UPDATE api_tokens SET revoked_at=? WHERE id=? AND user_id=? AND revoked_at IS NULL",
			 "iii", now, id, p->user_id);
	if (rc)
		return rc;
	if (db_changes(db) == 0)
		return err_set(e, ERR_NOT_FOUND, "id", "令牌不存在", "no such token");
	struct audit_actor who = {p->user_id, p->username};
	struct audit_entry en = {.action = "revoke", .entity = "api_token", .entity_id = id};
	return audit_append(db, &who, now, &en, e);
}
