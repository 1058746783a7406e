/*
 * auth.c — see auth.h. Login runs outside the router's transaction: the
 * facts about a username and address are read in a snapshot, the password
 * is verified with no lock held, and only the bookkeeping (a failure row,
 * or the new session) takes the write lock, for a few milliseconds. The
 * limits (auth.h, docs/security.md) never lock an account for everyone: a
 * flood from one address throttles that address; failures from many
 * addresses shut out only addresses the account has never logged in from,
 * and an administrator's one-time unlock code opens the door for the owner.
 * Unknown usernames go through the same steps (a dummy hash is verified)
 * so that neither the answer nor its timing reveals accounts.
 */
#include "auth/auth.h"

#include <assert.h>
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "audit/record.h"
#include "core/arena.h"
#include "core/jsonin.h"
#include "core/log.h"
#include "core/ratelimit.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "core/xmem.h"
#include "store/jcols.h"
#include "store/list.h"
#include "store/row.h"
#include "store/store.h"

/* The roles, written once: role_infos (ids, names, ranks) and role_ids
 * (the NULL-terminated id list GET /api/v1/enums serves as "role") are
 * both generated from this table. */
#define ROLE_TABLE(X)                                                              \
	X(ROLE_DISTRICT_ADMIN, "district_admin", "区级管理员", "District admin", 100)  \
	X(ROLE_TOWN_ADMIN, "town_admin", "镇街管理员", "Town admin", 80)               \
	X(ROLE_COMMUNITY_STAFF, "community_staff", "村（社区）工作人员", "Community staff", 60) \
	X(ROLE_GRID_WORKER, "grid_worker", "网格员", "Grid worker", 40)                \
	X(ROLE_SOCIAL_WORKER, "social_worker", "社会工作者", "Social worker", 40)       \
	X(ROLE_ORG_ADMIN, "org_admin", "社会组织管理员", "Organisation admin", 30)      \
	X(ROLE_EXPERT, "expert", "评审专家", "Expert reviewer", 30)                    \
	X(ROLE_VOLUNTEER, "volunteer", "志愿者", "Volunteer", 10)                      \
	X(ROLE_RESIDENT, "resident", "居民", "Resident", 10)                           \
	X(ROLE_DONOR, "donor", "捐赠人", "Donor", 10)

#define ROLE_INFO(r, id, zh, en, rank) [r] = {id, zh, en, rank},
#define ROLE_ID(r, id, zh, en, rank) [r] = id,
const struct role_info role_infos[ROLE__COUNT] = {ROLE_TABLE(ROLE_INFO)};
const char *const role_ids[ROLE__COUNT + 1] = {ROLE_TABLE(ROLE_ID)[ROLE__COUNT] = NULL};
#undef ROLE_INFO
#undef ROLE_ID

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

/* argon2id takes ~64 MiB and tens of milliseconds of one core: at most
 * half the cores (at least one) hash at a time, so that a flood of logins
 * leaves the rest of the machine to everyone else's requests. */
static sem_t hash_sem;
static pthread_once_t hash_once = PTHREAD_ONCE_INIT;

static void hash_sem_init(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	sem_init(&hash_sem, 0, n >= 4 ? (unsigned)(n / 2) : 1);
}

static void hash_enter(void)
{
	pthread_once(&hash_once, hash_sem_init);
	while (sem_wait(&hash_sem) != 0)
		; /* EINTR */
}

/* For login from addresses the account does not know: never queue. A
 * server thread waiting for a hashing slot serves nobody else meanwhile,
 * so a flood would stall every connection that thread carries. */
static bool hash_try_enter(void)
{
	pthread_once(&hash_once, hash_sem_init);
	return sem_trywait(&hash_sem) == 0;
}

int auth_password_hash(const char *password, char out[128], struct err *e)
{
	hash_enter();
	int rc = crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				   crypto_pwhash_MEMLIMIT_INTERACTIVE);
	sem_post(&hash_sem);
	if (rc != 0)
		return err_set(e, ERR_INTERNAL, "password", "密码处理失败（内存不足）",
			       "password hashing failed (out of memory)");
	return 0;
}

bool auth_password_verify(const char *hash, const char *password)
{
	if (!hash)
		return false;
	hash_enter();
	bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	sem_post(&hash_sem);
	return ok;
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

/* A user's grants, broadest region first: role, region_id, and the
 * region's name, level and path. NULL on a store error (e filled). */
static struct stmt *grants_q(struct db *db, int64_t user_id, struct err *e)
{
	return db_q(db, e,
		    "SELECT g.role, g.region_id, r.name, r.level, r.path FROM user_grants g"
		    " JOIN regions r ON r.id = g.region_id WHERE g.user_id=? ORDER BY length(r.path), g.role",
		    "i", user_id);
}

int auth_load_principal(struct db *db, struct arena *a, int64_t user_id, struct principal *p,
			struct err *e)
{
	memset(p, 0, sizeof *p);
	struct stmt *st;
	int rc = db_row(db, e, &st, "SELECT username, display_name, disabled FROM users WHERE id=?",
			"i", user_id);
	if (rc == 1) {
		p->user_id = user_id;
		p->username = arena_strdup(a, col_text(st, 0));
		p->display_name = arena_strdup(a, col_text(st, 1));
		if (col_int(st, 2))
			rc = 0; /* disabled: treat as unknown */
		stmt_done(st);
	}
	if (rc < 0)
		return rc;
	if (rc == 0)
		return 1;
	if (!(st = grants_q(db, user_id, e)))
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
	struct stmt *st;
	int rc = db_row(db, e, &st,
			"SELECT id, user_id, csrf_token FROM sessions"
			" WHERE token_hash=? AND revoked_at IS NULL AND expires_at > ?",
			"si", h, now);
	int64_t sid = 0, uid = 0;
	const char *csrf = NULL;
	if (rc == 1) {
		sid = col_int(st, 0);
		uid = col_int(st, 1);
		csrf = arena_strdup(a, col_text(st, 2));
		stmt_done(st);
	}
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

static const struct auth_login_limits default_limits = {
	.addr_attempts_burst = 30, .addr_attempts_per_sec = 0.5,
	.addr_fails_burst = 10, .addr_fails_per_sec = 1.0 / 60,
	.hash_burst = 20, .hash_per_sec = 5,
	.fails_free = 5, .attack_addrs = 5,
	.window_us = 15LL * 60 * WTIME_US,
};

static struct {
	pthread_mutex_t mu;
	struct auth_login_limits l;
	struct rl_table *attempts, *fails, *hashes;
} lim = {.mu = PTHREAD_MUTEX_INITIALIZER};

static void limits_apply(const struct auth_login_limits *l)
{
	rl_free(lim.attempts);
	rl_free(lim.fails);
	rl_free(lim.hashes);
	lim.l = *l;
	lim.attempts = rl_new(16384, l->addr_attempts_burst, l->addr_attempts_per_sec);
	lim.fails = rl_new(16384, l->addr_fails_burst, l->addr_fails_per_sec);
	lim.hashes = rl_new(16, l->hash_burst, l->hash_per_sec);
}

/* The tables are made once and only replaced by auth_login_limits_set
 * (tests, start-up), never while requests run. */
static struct auth_login_limits *limits(void)
{
	pthread_mutex_lock(&lim.mu);
	if (!lim.attempts)
		limits_apply(&default_limits);
	pthread_mutex_unlock(&lim.mu);
	return &lim.l;
}

void auth_login_limits_set(const struct auth_login_limits *l)
{
	pthread_mutex_lock(&lim.mu);
	limits_apply(l ? l : &default_limits);
	pthread_mutex_unlock(&lim.mu);
}

void auth_login_limits_get(struct auth_login_limits *l)
{
	*l = *limits();
}

static int throttled(struct err *e, int secs, const char *zh, const char *en)
{
	char m[256], m_en[256];
	snprintf(m, sizeof m, "%s，请 %d 秒后再试", zh, secs);
	snprintf(m_en, sizeof m_en, "%s; try again in %d seconds", en, secs);
	err_set(e, ERR_LIMIT, "password", m, m_en);
	snprintf(e->codename, sizeof e->codename, "throttled");
	e->retry_after = secs;
	return ERR_LIMIT;
}

static int bad_credentials(struct err *e)
{
	err_set(e, ERR_UNAUTH, "password", "用户名或密码错误", "wrong username or password");
	snprintf(e->codename, sizeof e->codename, "bad_credentials");
	return ERR_UNAUTH;
}

/* What the database says about a username (known or not) and an address:
 * read in one snapshot, no lock. */
struct login_facts {
	int64_t uid;
	bool disabled;
	char hash[crypto_pwhash_STRBYTES];
	int64_t addr_fails, last_fail_at; /* this username from this address */
	int64_t fail_addrs;               /* distinct addresses failing this username */
	bool known_addr;                  /* the account logged in from addr before */
	int64_t unlock_id;                /* a valid unlock code given with the attempt */
};

static int login_facts(struct db *db, const char *username, const char *addr,
		       const char *unlock_code, int64_t now, struct login_facts *f, struct err *e)
{
	memset(f, 0, sizeof *f);
	const struct auth_login_limits *l = limits();
	struct stmt *st;
	int rc = db_row(db, e, &st, "SELECT id, password_hash, disabled FROM users WHERE username=?",
			"s", username);
	if (rc == 1) {
		f->uid = col_int(st, 0);
		snprintf(f->hash, sizeof f->hash, "%s", col_text(st, 1));
		f->disabled = col_int(st, 2) != 0;
		stmt_done(st);
	}
	if (rc < 0)
		return rc;
	int64_t since = now - l->window_us;
	st = db_q(db, e,
		  "SELECT count(*), coalesce(max(at),0) FROM login_failures"
		  " WHERE username=? AND addr=? AND at>?",
		  "ssi", username, addr, since);
	if (!st)
		return e->code;
	if ((rc = stmt_step(st, e)) == 1) {
		f->addr_fails = col_int(st, 0);
		f->last_fail_at = col_int(st, 1);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if ((rc = db_int(db, e, &f->fail_addrs,
			 "SELECT count(DISTINCT addr) FROM login_failures WHERE username=? AND at>?",
			 "si", username, since)) < 0)
		return rc;
	if (!f->uid)
		return 0;
	int64_t one = 0;
	if ((rc = db_int(db, e, &one, "SELECT 1 FROM login_known_addrs WHERE user_id=? AND addr=?",
			 "is", f->uid, addr)) < 0)
		return rc;
	f->known_addr = rc == 1;
	if (unlock_code && *unlock_code) {
		char h[65];
		auth_sha256_hex(unlock_code, h);
		if ((rc = db_int(db, e, &f->unlock_id,
				 "SELECT id FROM login_unlock_codes WHERE user_id=? AND code_hash=?"
				 " AND used_at IS NULL AND expires_at>?",
				 "isi", f->uid, h, now)) < 0)
			return rc;
	}
	return 0;
}

static int session_open(struct db *db, int64_t uid, const char *addr, const char *user_agent,
			int64_t now, struct login_result *out, struct err *e)
{
	char hh[65];
	auth_random_token("", out->token, sizeof out->token);
	auth_random_token("", out->csrf, sizeof out->csrf);
	auth_sha256_hex(out->token, hh);
	out->user_id = uid;
	/* A user agent is shown in the sessions list, never trusted; keep it short. */
	char ua[161] = "";
	if (user_agent)
		snprintf(ua, sizeof ua, "%s", user_agent);
	while (*ua && (ua[strlen(ua) - 1] & 0xC0) == 0x80)
		ua[strlen(ua) - 1] = 0; /* do not cut a UTF-8 sequence */
	if (*ua && (ua[strlen(ua) - 1] & 0x80))
		ua[strlen(ua) - 1] = 0;
	struct stmt *st = db_q(db, e,
			       "INSERT INTO sessions(user_id, token_hash, csrf_token, client_ip, user_agent,"
			       " created_at, expires_at) VALUES(?,?,?,?,?,?,?) RETURNING id",
			       "issssii", uid, hh, out->csrf, addr, *ua ? ua : NULL, now,
			       now + SESSION_TTL_US);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1)
		out->session_id = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	return db_exec(db, e, "DELETE FROM sessions WHERE expires_at < ?", "i", now - SESSION_TTL_US);
}

/* A failure, in its own short write transaction. */
static int record_failure(struct db *db, const char *username, int64_t uid, const char *addr,
			  const char *action, int64_t now, struct err *e)
{
	int rc = db_begin_write(db, e);
	if (rc)
		return rc;
	rc = db_exec(db, e, "INSERT INTO login_failures(username, addr, at) VALUES(?,?,?)", "ssi",
		     username, addr, now);
	if (!rc)
		rc = db_exec(db, e, "DELETE FROM login_failures WHERE at <= ?", "i",
			     now - limits()->window_us);
	if (!rc && uid) {
		struct audit_actor who = {uid, username};
		struct audit_entry en = {.action = action, .entity = "user", .entity_id = uid};
		rc = audit_append(db, &who, now, &en, e);
	}
	if (!rc)
		rc = db_commit(db, e);
	if (rc)
		db_rollback(db);
	rl_take(lim.fails, addr, now, NULL);
	return rc;
}

/* The gates before a password is checked; 0 = go ahead. */
static int login_gates(const struct login_facts *f, const char *addr, int64_t now, bool for_change,
		       struct err *e)
{
	const struct auth_login_limits *l = limits();
	int ra = 1;
	if (!rl_peek(lim.fails, addr, now, &ra))
		return throttled(e, ra, "来自您所在地址的失败登录过多", "too many failed logins from your address");
	if (!f->unlock_id && f->addr_fails >= l->fails_free) {
		int64_t n = f->addr_fails - l->fails_free + 1;
		int64_t wait = (n >= 6 ? 60 : (1LL << n)) * WTIME_US;
		if (wait > 60 * WTIME_US)
			wait = 60 * WTIME_US;
		if (now < f->last_fail_at + wait)
			return throttled(e, (int)((f->last_fail_at + wait - now) / WTIME_US) + 1,
					 "登录尝试过于频繁", "too many login attempts");
	}
	if (for_change)
		return 0;
	if (!f->unlock_id && !f->known_addr && f->fail_addrs >= l->attack_addrs)
		return throttled(e, 60,
				 "该账号近期有来自多个地址的失败登录，请在常用设备上登录，或向管理员索取一次性解锁码",
				 "this account has failed logins from many addresses; log in from a device you "
				 "used before, or ask an administrator for a one-time unlock code");
	/* The server-wide budget protects everyone else's requests from a
	 * flood from many addresses; addresses the account knows skip it. */
	if (!f->unlock_id && !f->known_addr && !rl_take(lim.hashes, "*", now, &ra))
		return throttled(e, ra, "登录请求过多，服务器繁忙", "too many logins: the server is busy");
	return 0;
}

int auth_login(struct db *db, const struct login_attempt *in, struct login_result *out,
	       struct err *e)
{
	assert(!db_in_write(db));
	memset(out, 0, sizeof *out);
	const char *addr = in->addr ? in->addr : "";
	int64_t now = in->now;
	int ra = 1;
	limits();
	if (!rl_take(lim.attempts, addr, now, &ra))
		return throttled(e, ra, "来自您所在地址的登录尝试过多", "too many login attempts from your address");
	struct login_facts f;
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = login_facts(db, in->username, addr, in->unlock_code, now, &f, e);
	db_rollback(db);
	if (rc || (rc = login_gates(&f, addr, now, false, e)))
		return rc;
	/* No lock is held while hashing. Unknown and disabled accounts verify
	 * a dummy hash so that the answer and its timing are the same. */
	const char *hash = f.uid ? f.hash : dummy_hash();
	bool pw_ok;
	int64_t t0 = wtime_mono();
	if (f.known_addr || f.unlock_id) {
		pw_ok = auth_password_verify(hash, in->password);
	} else {
		if (!hash_try_enter())
			return throttled(e, 1, "登录请求过多，服务器繁忙", "too many logins: the server is busy");
		pw_ok = crypto_pwhash_str_verify(hash, in->password, strlen(in->password)) == 0;
		sem_post(&hash_sem);
	}
	if (!f.uid || f.disabled || !pw_ok) {
		/* The failure happens when the check ends: the wait before the
		 * next try counts from then, not from the request's start (a
		 * slow hash must not use up the wait). */
		int64_t at = now + (wtime_mono() - t0);
		if ((rc = record_failure(db, in->username, f.uid, addr, "login_failed", at, e)))
			return rc;
		return bad_credentials(e);
	}
	if ((rc = db_begin_write(db, e)))
		return rc;
	rc = db_exec(db, e,
		     "UPDATE users SET failed_logins=0, next_login_at=0, locked_until=0, last_login_at=?"
		     " WHERE id=? AND password_hash=?",
		     "iis", now, f.uid, f.hash);
	if (!rc && db_changes(db) == 0) /* the password changed meanwhile */
		rc = bad_credentials(e);
	if (!rc)
		rc = db_exec(db, e, "DELETE FROM login_failures WHERE username=? AND addr=?", "ss",
			     in->username, addr);
	if (!rc)
		rc = db_exec(db, e,
			     "INSERT INTO login_known_addrs(user_id, addr, last_at) VALUES(?,?,?)"
			     " ON CONFLICT(user_id, addr) DO UPDATE SET last_at=excluded.last_at",
			     "isi", f.uid, addr, now);
	if (!rc && f.unlock_id)
		rc = db_exec(db, e, "UPDATE login_unlock_codes SET used_at=? WHERE id=?", "ii", now,
			     f.unlock_id);
	if (!rc)
		rc = session_open(db, f.uid, addr, in->user_agent, now, out, e);
	if (!rc) {
		struct audit_actor who = {f.uid, in->username};
		struct audit_entry en = {.action = f.unlock_id ? "login_unlock_code" : "login",
					 .entity = "user", .entity_id = f.uid};
		rc = audit_append(db, &who, now, &en, e);
	}
	if (!rc)
		rc = db_commit(db, e);
	if (rc) {
		db_rollback(db);
		memset(out, 0, sizeof *out);
	}
	return rc;
}

/* ---------- sessions, tokens and password changes ---------- */

/* End the account's sessions (but keep_session) and API tokens. */
static int revoke_all(struct db *db, int64_t uid, int64_t keep_session, int64_t now,
		      const char *reason, int64_t *nsess, int64_t *ntok, struct err *e)
{
	int rc = db_exec(db, e,
			 "UPDATE sessions SET revoked_at=? WHERE user_id=? AND revoked_at IS NULL AND id<>?",
			 "iii", now, uid, keep_session);
	if (rc)
		return rc;
	if (nsess)
		*nsess = db_changes(db);
	rc = db_exec(db, e,
		     "UPDATE api_tokens SET revoked_at=?, revoked_reason=? WHERE user_id=? AND revoked_at IS NULL",
		     "isi", now, reason, uid);
	if (!rc && ntok)
		*ntok = db_changes(db);
	return rc;
}

int auth_password_change(struct db *db, const struct principal *p, const char *old_password,
			 const char *new_password, const char *addr, const char *user_agent,
			 int64_t now, struct login_result *new_session, struct err *e)
{
	assert(!db_in_write(db));
	if (!addr)
		addr = "";
	int rc = auth_password_policy(new_password, "new_password", e);
	if (rc)
		return rc;
	struct login_facts f;
	if ((rc = db_begin(db, e)))
		return rc;
	rc = login_facts(db, p->username, addr, NULL, now, &f, e);
	db_rollback(db);
	if (rc || (rc = login_gates(&f, addr, now, true, e)))
		return rc;
	int64_t t0 = wtime_mono();
	if (!auth_password_verify(f.hash, old_password)) {
		if ((rc = record_failure(db, p->username, p->user_id, addr, "password_change_failed",
					 now + (wtime_mono() - t0), e)))
			return rc;
		return err_set(e, ERR_RULE, "old_password", "原密码不正确", "the old password is wrong");
	}
	char hash[128];
	if ((rc = auth_password_hash(new_password, hash, e)))
		return rc;
	if ((rc = db_begin_write(db, e)))
		return rc;
	rc = db_exec(db, e,
		     "UPDATE users SET password_hash=?, failed_logins=0, next_login_at=0, locked_until=0,"
		     " updated_at=? WHERE id=? AND password_hash=?",
		     "siis", hash, now, p->user_id, f.hash);
	if (!rc && db_changes(db) == 0)
		rc = err_set(e, ERR_CONFLICT, "old_password", "密码刚被修改过，请重试",
			     "the password was changed meanwhile; try again");
	if (!rc)
		rc = revoke_all(db, p->user_id, 0, now, "password_change", NULL, NULL, e);
	if (!rc)
		rc = db_exec(db, e, "DELETE FROM login_failures WHERE username=? AND addr=?", "ss",
			     p->username, addr);
	if (!rc && new_session)
		rc = session_open(db, p->user_id, addr, user_agent, now, new_session, e);
	if (!rc) {
		struct audit_actor who = {p->user_id, p->username};
		struct audit_entry en = {.action = "change_password", .entity = "user",
					 .entity_id = p->user_id};
		rc = audit_append(db, &who, now, &en, e);
	}
	if (!rc)
		rc = db_commit(db, e);
	if (rc)
		db_rollback(db);
	return rc;
}

int auth_unlock_code_create(struct ctx *c, int64_t user_id, char code_out[32],
			    int64_t *expires_out)
{
	struct db *db = c->db;
	const struct principal *actor = c->who;
	struct err *e = c->e;
	int64_t now = c->now;
	int rc;
	if ((rc = auth_user_check_visible(db, actor, user_id, e)))
		return rc;
	if (actor && actor->user_id == user_id)
		return err_set(e, ERR_RULE, "id", "不能为自己的账号生成解锁码",
			       "you cannot make an unlock code for your own account");
	/* 12 letters from an alphabet without look-alikes: 60 bits. */
	static const char abc[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	unsigned char raw[12];
	randombytes_buf(raw, sizeof raw);
	int k = 0;
	for (int i = 0; i < 12; i++) {
		if (i && i % 4 == 0)
			code_out[k++] = '-';
		code_out[k++] = abc[raw[i] & 31];
	}
	code_out[k] = 0;
	char h[65];
	auth_sha256_hex(code_out, h);
	int64_t expires = now + 24LL * 3600 * WTIME_US;
	rc = db_exec(db, e,
		     "UPDATE login_unlock_codes SET used_at=? WHERE user_id=? AND used_at IS NULL", "ii",
		     now, user_id);
	if (!rc)
		rc = db_exec(db, e,
			     "INSERT INTO login_unlock_codes(user_id, code_hash, created_by, created_at,"
			     " expires_at) VALUES(?,?,?,?,?)",
			     "isiii", user_id, h, actor ? actor->user_id : 0, now, expires);
	if (rc)
		return rc;
	*expires_out = expires;
	return audit_record(c, "unlock_code", "user", user_id, 0, NULL, NULL);
}

int auth_sessions_json(struct ctx *c, int64_t *count)
{
	struct jw *w = c->w;
	struct err *e = c->e;
	const struct principal *p = c->who;
	struct stmt *st = db_q(c->db, e,
			       "SELECT id, client_ip, user_agent, created_at, expires_at FROM sessions"
			       " WHERE user_id=? AND revoked_at IS NULL AND expires_at>?"
			       " ORDER BY id DESC LIMIT 100",
			       "ii", p->user_id, c->now);
	if (!st)
		return e->code;
	static const struct jcol cols[] = {
		{"id", 0, JC_INT}, {"client_ip", 1, JC_TEXT}, {"user_agent", 2, JC_TEXT},
		{"created_at", 3, JC_TIME}, {"expires_at", 4, JC_TIME},
	};
	int rc;
	*count = 0;
	while ((rc = stmt_step(st, e)) == 1) {
		(*count)++;
		jw_obj(w);
		jw_cols(w, st, JCOLS(cols));
		jw_kbool(w, "current", col_int(st, 0) == p->session_id);
		jw_obj_end(w);
	}
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

/* Revoke one of the caller's own rows (a session or an API token): 404 when
 * it is not the caller's or already ended. */
static int revoke_own(struct ctx *c, const char *sql, const char *entity, int64_t id,
		      const char *zh, const char *en)
{
	int rc = db_exec(c->db, c->e, sql, "iii", c->now, id, c->who->user_id);
	if (rc)
		return rc;
	if (db_changes(c->db) == 0)
		return err_set(c->e, ERR_NOT_FOUND, "id", zh, en);
	return audit_record(c, "revoke", entity, id, 0, NULL, NULL);
}

int auth_session_revoke(struct ctx *c, int64_t id)
{
	return revoke_own(c, "UPDATE sessions SET revoked_at=? WHERE id=? AND user_id=? AND revoked_at IS NULL",
			  "session", id, "会话不存在或已结束", "no such session");
}

int auth_sessions_revoke_all(struct ctx *c, int64_t *sessions, int64_t *tokens)
{
	const struct principal *p = c->who;
	int rc = revoke_all(c->db, p->user_id, p->session_id, c->now, "logout_everywhere", sessions,
			    tokens, c->e);
	return rc ? rc : audit_record(c, "logout_everywhere", "user", p->user_id, 0, NULL, NULL);
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
	struct stmt *st;
	int rc = db_row(db, e, &st, "SELECT path FROM regions WHERE id=?", "i", region_id);
	if (rc <= 0)
		return rc < 0 ? rc : err_set(e, ERR_NOT_FOUND, "region_id", "区域不存在", "no such region");
	bool ok = auth_covers_path(p, mask, col_text(st, 0));
	stmt_done(st);
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

#define USER_COLS "u.id, u.username, u.display_name, u.disabled, u.created_at, u.last_login_at"
static const struct col user_cols[] = {
	{"id", "编号", COL_INT},
	{"username", "用户名", COL_TEXT},
	{"display_name", "姓名", COL_TEXT},
	{"disabled", "已停用", COL_BOOL},
	{"created_at", "创建时间", COL_TIME},
	{"last_login_at", "最近登录", COL_TIME},
};

static const struct jcol grant_cols[] = {
	{"region_id", 1, JC_INT}, {"region_name", 2, JC_TEXT}, {"region_level", 3, JC_TEXT},
};

/* The user's columns (the current row of st) and their grants. */
static int user_json_row(struct db *db, struct jw *w, struct stmt *row, struct err *e)
{
	int64_t id = col_int(row, 0);
	jw_obj(w);
	row_json(w, user_cols, (int)(sizeof user_cols / sizeof user_cols[0]), row);
	jw_key(w, "roles");
	jw_arr(w);
	struct stmt *st = grants_q(db, id, e);
	if (!st)
		return e->code;
	int rc;
	while ((rc = stmt_step(st, e)) == 1) {
		const char *rid = col_text(st, 0);
		int role = role_from_id(rid);
		jw_obj(w);
		jw_kstrs(w, "role", rid, "role_name", role >= 0 ? role_infos[role].name : rid,
			 "role_name_en", role >= 0 ? role_infos[role].name_en : rid, JW_END);
		jw_cols(w, st, JCOLS(grant_cols));
		jw_obj_end(w);
	}
	stmt_done(st);
	jw_arr_end(w);
	jw_obj_end(w);
	return rc < 0 ? rc : 0;
}

int auth_user_json(struct db *db, struct jw *w, int64_t id, struct err *e)
{
	struct stmt *st;
	int rc = db_row(db, e, &st, "SELECT " USER_COLS " FROM users u WHERE u.id=?", "i", id);
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "id", "用户不存在", "no such user");
	if (rc == 1) {
		rc = user_json_row(db, w, st, e);
		stmt_done(st);
	}
	return rc;
}

int auth_user_row(struct stmt *st, void *vc, struct err *e)
{
	struct ctx *c = vc;
	return user_json_row(c->db, c->w, st, e);
}

static const struct list_sort user_sorts[] = {
	{"id", "u.id", false, true},
	{"username", "u.username", true, false},
	{"display_name", "u.display_name", true, false},
	{"created_at", "u.created_at", false, false},
	{"last_login_at", "coalesce(u.last_login_at,0)", false, false},
	{NULL, NULL, false, false},
};
static const struct list_spec user_list = {
	.table = "users u", .id = "u.id", .sorts = user_sorts, .default_sort = "id",
	.select = USER_COLS, .from = "users u", .row_id = "u.id",
};

int auth_users_query(struct ctx *c, const struct user_filter *f, struct list_q **out)
{
	int rc;
	if (f->role && role_from_id(f->role) < 0)
		return err_setf(c->e, ERR_INVALID, "role", "未知角色：%s", "unknown role: %s", f->role);
	if (f->region_id) {
		rc = auth_scope_region(c->db, c->who, ROLES_STAFF, f->region_id, c->e);
		if (rc == ERR_NOT_FOUND)
			return err_set(c->e, ERR_INVALID, "region_id", "区域不存在", "no such region");
		if (rc)
			return rc;
	}
	/* Scope: users with at least one grant inside the caller's admin scope
	 * (district admins see everyone). */
	const struct grant *g = auth_primary_grant(c->who, ROLES_STAFF);
	const char *lo = !c->who || auth_has_role(c->who, R(ROLE_DISTRICT_ADMIN)) ? "/" : g->region_path;
	const char *hi = list_path_hi(c->a, lo);
	if (f->status && strcmp(f->status, "active") != 0 && strcmp(f->status, "disabled") != 0)
		return err_set(c->e, ERR_INVALID, "status", "参数 status 应为 active 或 disabled",
			       "parameter status must be active or disabled");
	struct list_q *q = list_new(&user_list);
	if (f->status)
		list_eq_int(q, "u.disabled", strcmp(f->status, "disabled") == 0);
	const char *grants = "EXISTS (SELECT 1 FROM user_grants g JOIN regions rg ON rg.id=g.region_id"
			     " WHERE g.user_id=u.id AND rg.path >= ? AND rg.path < ?";
	if (f->role && f->region_id)
		list_where(q, arena_printf(c->a, "%s AND g.role = ? AND g.region_id = ?)", grants), "sssi",
			   lo, hi, f->role, f->region_id);
	else if (f->role)
		list_where(q, arena_printf(c->a, "%s AND g.role = ?)", grants), "sss", lo, hi, f->role);
	else if (f->region_id)
		list_where(q, arena_printf(c->a, "%s AND g.region_id = ?)", grants), "ssi", lo, hi,
			   f->region_id);
	else
		list_where(q, arena_printf(c->a, "%s)", grants), "ss", lo, hi);
	if (f->q) {
		const char *like = arena_printf(c->a, "%%%s%%", f->q);
		list_where(q, "(u.username LIKE ? OR u.display_name LIKE ?)", "ss", like, like);
	}
	*out = q;
	return 0;
}

static int user_snapshot(struct ctx *c, int64_t id, char **out)
{
	struct sb b = SB_INIT;
	struct jw w;
	jw_init(&w, &b);
	int rc = auth_user_json(c->db, &w, id, c->e);
	*out = rc ? NULL : arena_strndup(c->a, sb_str(&b), b.len);
	sb_free(&b);
	return rc;
}

int auth_user_write(struct ctx *c, struct jw *w, int64_t id)
{
	int rc = auth_user_check_visible(c->db, c->who, id, c->e);
	return rc ? rc : auth_user_json(c->db, w, id, c->e);
}

static int grant_allowed(const struct principal *actor, int role, int level, const char *path,
			 struct err *e);

/* Can actor grant (role, region)? Needs an admin grant covering the region
 * whose rank is above the role's. District admins may grant anything. */
static int check_grant(struct db *db, const struct principal *actor, int role, int64_t region_id,
		       struct err *e)
{
	struct stmt *st;
	int rc = db_row(db, e, &st, "SELECT path, level FROM regions WHERE id=?", "i", region_id);
	int level = -1;
	char *path = NULL;
	if (rc == 1) {
		path = xstrdup(col_text(st, 0));
		level = strcmp(col_text(st, 1), "district") == 0 ? 0 : strcmp(col_text(st, 1), "town") == 0 ? 1 : 2;
		stmt_done(st);
	}
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_INVALID, "roles", "授权的区域不存在", "granted region does not exist");
	rc = grant_allowed(actor, role, level, path, e);
	free(path);
	return rc;
}

static int grant_allowed(const struct principal *actor, int role, int level, const char *path,
			 struct err *e)
{
	/* Sanity of role × level: admins of a level are granted at that level. */
	if ((role == ROLE_DISTRICT_ADMIN && level != 0) || (role == ROLE_TOWN_ADMIN && level != 1))
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
	struct stmt *st = grants_q(db, id, e);
	if (!st)
		return e->code;
	bool ok = true;
	int n = 0;
	while ((rc = stmt_step(st, e)) == 1) {
		n++;
		int role = role_from_id(col_text(st, 0));
		const char *path = col_text(st, 4);
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

int auth_user_add(struct ctx *c, const void *body, int64_t *id_out)
{
	const struct user_in *in = body;
	struct err *e = c->e;
	int rc;
	if ((rc = validate_username(in->username, e)) ||
	    (rc = auth_password_policy(in->password, "password", e)))
		return rc;
	if (!in->ngrants)
		return err_set(e, ERR_INVALID, "roles", "至少授予一个角色", "grant at least one role");
	int64_t exists = 0;
	if ((rc = db_int(c->db, e, &exists, "SELECT count(*) FROM users WHERE username=?", "s",
			 in->username)) < 0)
		return rc;
	if (exists)
		return err_set(e, ERR_CONFLICT, "username", "用户名已存在", "username already exists");
	char hash[128];
	if ((rc = auth_password_hash(in->password, hash, e)))
		return rc;
	int64_t id = 0;
	char *after = NULL;
	if ((rc = db_int(c->db, e, &id,
			 "INSERT INTO users(username, display_name, password_hash, disabled,"
			 " created_at, updated_at) VALUES(?,?,?,?,?,?) RETURNING id",
			 "sssbii", in->username, in->display_name, hash, (int)in->disabled, c->now,
			 c->now)) < 0 ||
	    (rc = write_grants(c->db, c->who, id, in, e)) || (rc = user_snapshot(c, id, &after)) ||
	    (rc = audit_record(c, "create", "user", id, first_region(in), NULL, after)))
		return rc;
	if (id_out)
		*id_out = id;
	return 0;
}

int auth_user_change(struct ctx *c, int64_t id, const void *body)
{
	const struct user_in *in = body;
	const struct principal *actor = c->who;
	struct err *e = c->e;
	int rc;
	if ((rc = auth_user_check_visible(c->db, actor, id, e)))
		return rc;
	if (actor && actor->user_id == id && (in->has_grants || (in->has_disabled && in->disabled)))
		return err_set(e, ERR_RULE, "roles", "不能修改自己的角色或停用自己",
			       "you cannot change your own roles or disable yourself");
	char *before = NULL, *after = NULL;
	if ((rc = user_snapshot(c, id, &before)))
		return rc;
	if (in->display_name)
		rc = db_exec(c->db, e, "UPDATE users SET display_name=?, updated_at=? WHERE id=?", "sii",
			     in->display_name, c->now, id);
	if (!rc && in->has_disabled)
		rc = db_exec(c->db, e, "UPDATE users SET disabled=?, updated_at=? WHERE id=?", "bii",
			     (int)in->disabled, c->now, id);
	if (!rc && in->has_disabled && in->disabled)
		rc = db_exec(c->db, e, "UPDATE sessions SET revoked_at=? WHERE user_id=? AND revoked_at IS NULL",
			     "ii", c->now, id);
	if (!rc && in->has_grants) {
		if (!in->ngrants)
			rc = err_set(e, ERR_INVALID, "roles", "至少授予一个角色", "grant at least one role");
		else
			rc = write_grants(c->db, actor, id, in, e);
	}
	if (!rc)
		rc = user_snapshot(c, id, &after);
	return rc ? rc : audit_record(c, "update", "user", id, first_region(in), before, after);
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
		rc = revoke_all(db, id, 0, now, "password_reset", NULL, NULL, e);
	struct audit_entry en = {.action = "set_password", .entity = "user", .entity_id = id};
	return rc ? rc : audit_append(db, who, now, &en, e);
}

int auth_user_set_password(struct ctx *c, int64_t id, const char *password)
{
	const struct principal *actor = c->who;
	int rc;
	if ((rc = auth_user_check_visible(c->db, actor, id, c->e)))
		return rc;
	/* Resetting one's own password here would skip the old password and
	 * its throttle: that is /me/password's job. */
	if (actor && actor->user_id == id)
		return err_set(c->e, ERR_RULE, "id", "不能在此重置自己的密码，请使用“修改密码”（需要原密码）",
			       "you cannot reset your own password here; change it with your old password "
			       "(POST /api/v1/me/password)");
	struct audit_actor who = {actor ? actor->user_id : 0, actor ? actor->username : NULL};
	return set_password(c->db, &who, id, password, c->now, c->e);
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
	struct arena a;
	arena_init(&a, 4096);
	struct ctx c = ctx_system(db, now, &a, e);
	int rc = auth_user_add(&c, &in, NULL);
	arena_free(&a);
	return rc;
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

int auth_token_create(struct ctx *c, const char *name, int64_t *id_out, char token_out[80])
{
	char h[65];
	auth_random_token("wst_", token_out, 80);
	auth_sha256_hex(token_out, h);
	int rc = db_int(c->db, c->e, id_out,
			"INSERT INTO api_tokens(user_id, name, token_hash, created_at)"
			" VALUES(?,?,?,?) RETURNING id",
			"issi", c->who->user_id, name, h, c->now);
	return rc < 0 ? rc : audit_record(c, "create", "api_token", *id_out, 0, NULL, NULL);
}

int auth_token_revoke(struct ctx *c, int64_t id)
{
	return revoke_own(c, "UPDATE api_tokens SET revoked_at=? WHERE id=? AND user_id=? AND revoked_at IS NULL",
			  "api_token", id, "令牌不存在", "no such token");
}
