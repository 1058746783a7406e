/*
 * vol_feed.c — calendar subscriptions (日历订阅, issue 11 item 8): a secret
 * address that a phone's or a desktop's calendar polls without a login,
 * for the owner's own sign-ups or a team's activities (schema 065).
 *
 * The token is made once (libsodium's random bytes, `wcf_` + url-safe
 * text), shown to its owner once, and kept only as its SHA-256. A poll
 * answers as the owner would at that moment: the owner's account is loaded
 * with its current grants (a disabled account, a revoked feed or a team
 * the owner no longer covers answers 404, never someone else's data).
 */
#include <string.h>

#include "audit/record.h"
#include "core/arena.h"
#include "core/jw.h"
#include "core/sb.h"
#include "modules/volunteer/vol_internal.h"
#include "modules/volunteer/volunteer.h"
#include "store/store.h"

const char *const vol_feed_kinds[] = {"me", "team", NULL};

static const struct col feed_cols[] = {
	{"id", "编号", COL_INT},
	{"user_id", "账号", COL_INT},
	{"kind", "类型", COL_TEXT},
	{"team_id", "队伍", COL_INT},
	{"created_at", "创建", COL_TIME},
	{"revoked_at", "停用", COL_TIME},
	{"version", "版本", COL_INT},
};

/* Feeds belong to an account, not a region: the scope is the owner. */
const struct record_kind vol_feed_kind = {
	.entity = "vol_ical_feed", .what_zh = "日历订阅", .what_en = "calendar feed",
	.head_sql = "SELECT id, NULL, version, NULL FROM vol_ical_feeds WHERE id=?",
	.row_sql = "SELECT id, user_id, kind, team_id, created_at, revoked_at, version FROM vol_ical_feeds WHERE id=?",
	.cols = feed_cols, .ncols = (int)(sizeof feed_cols / sizeof feed_cols[0]),
	.read_roles = ROLES_ANY,
};

#define FEED_MAX_PER_USER 20

int vol_feed_create(struct ctx *c, const char *kind, int64_t team_id, int64_t *id, char token[80])
{
	if (!c->who)
		return auth_forbidden(c->e);
	if (!kind || (strcmp(kind, "me") && strcmp(kind, "team")))
		return err_set(c->e, ERR_INVALID, "kind", "订阅类型应为 me 或 team", "kind must be me or team");
	int rc;
	if (!strcmp(kind, "team")) {
		if (!team_id)
			return err_set(c->e, ERR_INVALID, "team_id", "请选择队伍", "team_id is required");
		char *path = NULL;
		if ((rc = db_text(c->db, c->e, c->a, &path,
				  "SELECT r.path FROM teams t JOIN regions r ON r.id=t.region_id WHERE t.id=?", "i",
				  team_id)) < 0)
			return rc;
		if (!path)
			return err_set(c->e, ERR_INVALID, "team_id", "没有这支队伍", "no such team");
		if (!auth_covers_path(c->who, ROLES_ANY, path))
			return auth_forbidden(c->e);
	} else {
		if (team_id)
			return err_set(c->e, ERR_INVALID, "team_id", "我的活动订阅不需要队伍",
				       "a feed of my sign-ups takes no team_id");
		int64_t me = 0;
		if ((rc = vol_my_volunteer(c, &me)))
			return rc;
		if (!me)
			return err_set(c->e, ERR_NOT_FOUND, "volunteer", "你还没有登记为志愿者",
				       "you are not registered as a volunteer");
	}
	int64_t n = 0;
	if ((rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM vol_ical_feeds WHERE user_id=? AND revoked_at IS NULL",
			 "i", c->who->user_id)) < 0)
		return rc;
	if (n >= FEED_MAX_PER_USER)
		return err_setf(c->e, ERR_RULE, "kind", "每个账号最多 %d 个有效订阅，请先停用不用的",
				"at most %d active feeds per account; revoke one you no longer use",
				FEED_MAX_PER_USER);
	char h[65];
	auth_random_token("wcf_", token, 80);
	auth_sha256_hex(token, h);
	struct stmt *st = db_q(c->db, c->e,
			       "INSERT INTO vol_ical_feeds(user_id, kind, team_id, token_hash, created_at)"
			       " VALUES(?,?,nullif(?,0),?,?) RETURNING id",
			       "isisi", c->who->user_id, kind, team_id, h, c->now);
	if (!st)
		return c->e->code;
	if ((rc = stmt_step(st, c->e)) == 1)
		*id = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	return record_created(c, &vol_feed_kind, *id, 0, NULL);
}

int vol_feed_revoke(struct ctx *c, int64_t id)
{
	int64_t owner = 0;
	int rc = db_int(c->db, c->e, &owner, "SELECT user_id FROM vol_ical_feeds WHERE id=?", "i", id);
	if (rc < 0)
		return rc;
	/* another account's feed is "no such feed": its existence is not told */
	if (rc == 0 || !c->who || owner != c->who->user_id)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这个日历订阅", "no such calendar feed");
	struct record rec;
	if ((rc = record_head(c, &vol_feed_kind, id, &rec)) || (rc = record_begin(c, &rec, -1)))
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE vol_ical_feeds SET revoked_at=?, version=version+1 WHERE id=? AND revoked_at IS NULL",
			  "ii", c->now, id)))
		return rc;
	if (db_changes(c->db) == 0)
		return err_set(c->e, ERR_CONFLICT, "id", "这个日历订阅已停用", "this calendar feed is already revoked");
	return record_commit(c, &rec, "revoke");
}

int vol_feeds_write(struct ctx *c, struct jw *w)
{
	if (!c->who)
		return auth_forbidden(c->e);
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT f.id, f.kind, f.team_id, t.name, f.created_at, f.revoked_at FROM vol_ical_feeds f"
			       " LEFT JOIN teams t ON t.id=f.team_id WHERE f.user_id=? ORDER BY f.id DESC LIMIT 100",
			       "i", c->who->user_id);
	if (!st)
		return c->e->code;
	int rc;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	while ((rc = stmt_step(st, c->e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "kind", col_text(st, 1));
		if (col_null(st, 2)) {
			jw_knull(w, "team_id");
			jw_knull(w, "team_name");
		} else {
			jw_kint(w, "team_id", col_int(st, 2));
			jw_kstr(w, "team_name", col_text(st, 3));
		}
		jw_ktime(w, "created_at", col_int(st, 4));
		if (col_null(st, 5))
			jw_knull(w, "revoked_at");
		else
			jw_ktime(w, "revoked_at", col_int(st, 5));
		jw_obj_end(w);
	}
	stmt_done(st);
	jw_arr_end(w);
	jw_obj_end(w);
	return rc < 0 ? rc : 0;
}

int vol_feed_ical(struct ctx *c, const char *token, struct sb *out)
{
	static const char *const nope_zh = "没有这个日历订阅（地址有误或已停用）";
	static const char *const nope_en = "no such calendar feed (a wrong address, or it was revoked)";
	if (!token || strncmp(token, "wcf_", 4) != 0 || strlen(token) > 79)
		return err_set(c->e, ERR_NOT_FOUND, "token", nope_zh, nope_en);
	char h[65];
	auth_sha256_hex(token, h);
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT user_id, kind, team_id FROM vol_ical_feeds WHERE token_hash=? AND revoked_at IS NULL",
			"s", h);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "token", nope_zh, nope_en);
	int64_t uid = col_int(st, 0), team = col_int(st, 2);
	bool mine = strcmp(col_text(st, 1), "me") == 0;
	stmt_done(st);
	struct principal *p = arena_alloc(c->a, sizeof *p);
	if ((rc = auth_load_principal(c->db, c->a, uid, p, c->e)) < 0)
		return rc;
	if (rc == 1) /* the account is gone or disabled */
		return err_set(c->e, ERR_NOT_FOUND, "token", nope_zh, nope_en);
	struct ctx as = *c;
	as.who = p;
	rc = mine ? vol_my_activities_ical(&as, out) : vol_team_activities_ical(&as, team, out);
	if (rc == ERR_FORBIDDEN) /* the owner no longer covers the team */
		return err_set(c->e, ERR_NOT_FOUND, "token", nope_zh, nope_en);
	return rc;
}
