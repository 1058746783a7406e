/*
 * auth.h — accounts, roles, region scopes, sessions and API tokens.
 *
 * Roles are those of DOMAIN.md §2; each user holds one or more grants
 * (role, region). A grant covers its region and everything below it in the
 * region tree (regions.path is a materialised path "/1/3/17/", so "covers"
 * is a prefix test). Every route declares the roles it admits; handlers
 * then ask auth_scope_* whether a grant of an admitted role covers the
 * region of the record at hand. Nothing outside a caller's scope is read
 * or written: a miss is ERR_FORBIDDEN.
 *
 * Secrets: passwords are argon2id (libsodium crypto_pwhash_str); session
 * and API tokens are 32 random bytes, and only their SHA-256 is stored.
 */
#ifndef WUSHE_AUTH_AUTH_H
#define WUSHE_AUTH_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/ctx.h"
#include "core/err.h"
#include "core/jw.h"

struct db;

enum role {
	ROLE_DISTRICT_ADMIN = 0,
	ROLE_TOWN_ADMIN,
	ROLE_COMMUNITY_STAFF,
	ROLE_GRID_WORKER,
	ROLE_SOCIAL_WORKER,
	ROLE_ORG_ADMIN,
	ROLE_EXPERT,
	ROLE_VOLUNTEER,
	ROLE_RESIDENT,
	ROLE_DONOR,
	ROLE__COUNT
};

#define R(x) (1u << (x))
#define ROLES_ADMIN (R(ROLE_DISTRICT_ADMIN) | R(ROLE_TOWN_ADMIN))
#define ROLES_STAFF (ROLES_ADMIN | R(ROLE_COMMUNITY_STAFF))
#define ROLES_FIELD (ROLES_STAFF | R(ROLE_GRID_WORKER) | R(ROLE_SOCIAL_WORKER))
#define ROLES_ANY ((1u << ROLE__COUNT) - 1)

struct role_info {
	const char *id;
	const char *name;
	const char *name_en;
	int rank; /* an admin may grant only roles of lower rank */
};
extern const struct role_info role_infos[ROLE__COUNT];
extern const char *const role_ids[ROLE__COUNT + 1]; /* the same ids, NULL-terminated */
int role_from_id(const char *id); /* -1 if unknown */

#define AUTH_MAX_GRANTS 8

struct grant {
	int role;
	int64_t region_id;
	const char *region_name;
	const char *region_level;
	const char *region_path;
};

struct principal {
	int64_t user_id;
	const char *username;
	const char *display_name;
	struct grant grants[AUTH_MAX_GRANTS];
	int ngrants;
	unsigned role_mask;
	int64_t session_id;       /* 0 for bearer tokens */
	const char *csrf_token;   /* cookie sessions only */
	bool via_cookie;
};

/* ---------- passwords ---------- */
int auth_password_hash(const char *password, char out[128], struct err *e);
bool auth_password_verify(const char *hash, const char *password);
int auth_password_policy(const char *password, const char *field, struct err *e);

/* ---------- login / sessions / tokens ---------- */
/*
 * Login policy (docs/security.md "Login and sessions"): passwords are
 * checked outside any write transaction; limits are
 *  - per address (memory): all attempts, and failures;
 *  - per username × address (database): after fails_free failures within
 *    the window each further attempt from that address waits 2, 4 … 60 s;
 *  - per username (database): failures from attack_addrs or more distinct
 *    addresses within the window prove an attack; then only an address the
 *    account has logged in from before, or a one-time unlock code from an
 *    administrator, may try the password;
 *  - server-wide (memory): a budget of password checks a second for
 *    addresses not known to the account, and at most half the cores hashing.
 * All of it is keyed by the username as typed, so an unknown name answers
 * exactly like a real one (status, headers, and a hash verified either way).
 */
struct login_attempt {
	const char *username;
	const char *password;
	const char *addr;        /* client address; "" when unknown */
	const char *user_agent;  /* may be NULL */
	const char *unlock_code; /* may be NULL */
	int64_t now;
};
struct login_result {
	int64_t user_id;
	int64_t session_id;
	char token[80];   /* cookie value */
	char csrf[80];
};
struct auth_login_limits {
	double addr_attempts_burst, addr_attempts_per_sec; /* every login attempt, per address */
	double addr_fails_burst, addr_fails_per_sec;       /* failures, per address */
	double hash_burst, hash_per_sec;                   /* server-wide, unknown addresses */
	int fails_free;       /* per username × address before the waits start */
	int attack_addrs;     /* distinct failing addresses that prove an attack */
	int64_t window_us;    /* how long a failure counts */
};
/* NULL restores the defaults; the in-memory counters are cleared. */
void auth_login_limits_set(const struct auth_login_limits *l);
void auth_login_limits_get(struct auth_login_limits *l);
/* Runs OUTSIDE any transaction (it opens a read snapshot, verifies the
 * password with no lock held, then a short write for the bookkeeping):
 * 0 with a new session, ERR_UNAUTH bad_credentials, ERR_LIMIT throttled
 * (e->retry_after). */
int auth_login(struct db *db, const struct login_attempt *in, struct login_result *out,
	       struct err *e);
/* Self-service password change, also outside any transaction: needs the
 * old password; a wrong one counts as a failed login (same limits). On
 * success every session and API token of the account ends; when
 * new_session is not NULL a fresh session for the caller is opened in the
 * same transaction. */
int auth_password_change(struct db *db, const struct principal *p, const char *old_password,
			 const char *new_password, const char *addr, const char *user_agent,
			 int64_t now, struct login_result *new_session, struct err *e);
/* A one-time unlock code for another user's account (shown once, valid
 * 24 hours, replaces earlier ones). In a write transaction. */
int auth_unlock_code_create(struct ctx *c, int64_t user_id, char code_out[32],
			    int64_t *expires_out);
/* The caller's sessions as list items (current one flagged); in a transaction. */
int auth_sessions_json(struct ctx *c, int64_t *count);
int auth_session_revoke(struct ctx *c, int64_t id);
/* End every session of the caller but the current one, and every API token. */
int auth_sessions_revoke_all(struct ctx *c, int64_t *sessions, int64_t *tokens);
int auth_logout(struct db *db, int64_t session_id, struct err *e);
/* Resolve a cookie session token or a bearer token to a principal. Returns
 * 0 and fills *p, 1 if the token is unknown/expired, negative on error. */
int auth_resolve_session(struct db *db, struct arena *a, const char *token, int64_t now,
			 struct principal *p, struct err *e);
int auth_resolve_bearer(struct db *db, struct arena *a, const char *token, int64_t now,
			struct principal *p, struct err *e);
int auth_load_principal(struct db *db, struct arena *a, int64_t user_id, struct principal *p,
			struct err *e);

#define SESSION_TTL_US (12LL * 3600 * 1000000)
#define SESSION_COOKIE "wushe_session"

/* ---------- scope ---------- */
bool auth_has_role(const struct principal *p, unsigned mask);
/* Does a grant with a role in mask cover the region with this path? */
bool auth_covers_path(const struct principal *p, unsigned mask, const char *path);
/* Load the region's path and check coverage: 0, ERR_NOT_FOUND, ERR_FORBIDDEN. */
int auth_scope_region(struct db *db, const struct principal *p, unsigned mask,
		      int64_t region_id, struct err *e);
/* The broadest grant among mask (shortest path): the default root for lists. */
const struct grant *auth_primary_grant(const struct principal *p, unsigned mask);
/* Highest rank among the principal's roles within mask, -1 if none. */
int auth_max_rank(const struct principal *p);
int auth_forbidden(struct err *e);

/* ---------- users (administration) ---------- */
struct user_grant_in {
	int role;
	int64_t region_id;
};
struct user_in {
	const char *username;
	const char *display_name;
	const char *password;
	struct user_grant_in grants[AUTH_MAX_GRANTS];
	int ngrants;
	bool has_grants;
	bool disabled;
	bool has_disabled;
};
/* Create/update, checked against the actor's rank and scope, audited. */
/* The body is a struct user_in (the generic handlers pass it as such). */
int auth_user_add(struct ctx *c, const void *in, int64_t *id_out);
int auth_user_change(struct ctx *c, int64_t id, const void *in);
/* The users list (store/list.h): users with a grant inside the caller's
 * admin scope (district admins: everyone), filtered by region, role, a
 * name fragment and status (active|disabled); auth_user_row writes one
 * row to c->w (its ctx is the struct ctx). */
struct user_filter {
	int64_t region_id;
	const char *role, *q, *status;
};
struct list_q;
struct stmt;
int auth_users_query(struct ctx *c, const struct user_filter *f, struct list_q **out);
int auth_user_row(struct stmt *st, void *ctx, struct err *e);
/* The user as the API shows it, when the caller may see it. */
int auth_user_write(struct ctx *c, struct jw *w, int64_t id);
/* An administrator's reset of another account (never one's own: that is
 * auth_password_change, which needs the old password). Ends every session
 * and API token of the account. */
int auth_user_set_password(struct ctx *c, int64_t id, const char *password);
/* May actor see/administer the user? (all of its grants inside actor's admin scope) */
int auth_user_check_visible(struct db *db, const struct principal *actor, int64_t id,
			    struct err *e);
/* Write a user as JSON (no secrets). */
int auth_user_json(struct db *db, struct jw *w, int64_t id, struct err *e);

/* CLI (no actor: the operator of the machine). */
int auth_user_create_cli(struct db *db, const char *username, const char *display_name,
			 const char *password, int role, int64_t region_id, int64_t now,
			 struct err *e);
int auth_user_reset_cli(struct db *db, const char *username, const char *password, int64_t now,
			struct err *e);

/* API tokens. The token text is returned once. */
int auth_token_create(struct ctx *c, const char *name, int64_t *id_out, char token_out[80]);
int auth_token_revoke(struct ctx *c, int64_t id);

/* Random token as url-safe text; sha256 hex of a string. */
void auth_random_token(const char *prefix, char *out, size_t cap);
void auth_sha256_hex(const char *s, char out[65]);

#endif
