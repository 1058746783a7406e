/*
 * notify.c — notices (notify.h): written beside the change they report,
 * read by their one recipient.
 */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "core/wtime.h"
#include "notify/notify.h"
#include "store/list.h"
#include "store/store.h"

#define INSERT_COLS                                                                            \
	"user_id, kind, region_id, title, title_en, body, body_en, link, entity, entity_id,"   \
	" actor_id, created_at, mail_state"
/* 'pending' for a person who chose e-mail (notify_mail.c), of the account
 * in the statement's parameter or column `u` */
#define MAIL_STATE(u)                                                                         \
	"coalesce((SELECT 'pending' FROM notice_prefs p WHERE p.user_id=" u " AND p.mail<>'off'"  \
	" AND p.email<>''), 'none')"

static int64_t actor(const struct ctx *c) { return c->who ? c->who->user_id : 0; }

int notify_user(struct ctx *c, int64_t user_id, const struct notice *n)
{
	if (!user_id)
		return 0;
	return db_exec(c->db, c->e,
		       "INSERT INTO notices (" INSERT_COLS ") VALUES (?, ?, NULLIF(?,0), ?, ?, ?, ?, ?, ?,"
		       " NULLIF(?,0), NULLIF(?,0), ?, " MAIL_STATE("?") ")",
		       "isissssssiiii", user_id, n->kind, n->region_id, n->title, n->title_en,
		       n->body ? n->body : "", n->body_en ? n->body_en : "", n->link ? n->link : "",
		       n->entity, n->entity_id, actor(c), c->now, user_id);
}

int notify_role(struct ctx *c, unsigned roles, const struct notice *n)
{
	if (!n->region_id)
		return 0;
	/* Each account once, whichever of the roles and regions it holds: one
	 * statement over the accounts whose grant region is the item's region
	 * or above it (its path a prefix of the item's). */
	const char *in = "";
	for (int r = 0; r < ROLE__COUNT; r++)
		if (roles & R(r))
			in = arena_printf(c->a, "%s%s'%s'", in, *in ? "," : "", role_ids[r]);
	if (!*in)
		return 0;
	const char *sql = arena_printf(
		c->a,
		"INSERT INTO notices (" INSERT_COLS ")"
		" SELECT DISTINCT g.user_id, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?,0), NULLIF(?,0), ?,"
		" " MAIL_STATE("g.user_id")
		" FROM user_grants g JOIN regions gr ON gr.id=g.region_id JOIN users u ON u.id=g.user_id,"
		" regions t WHERE t.id=? AND u.disabled=0 AND g.role IN (%s)"
		" AND substr(t.path, 1, length(gr.path)) = gr.path",
		in);
	return db_exec(c->db, c->e, sql, "sissssssiiii", n->kind, n->region_id, n->title, n->title_en,
		       n->body ? n->body : "", n->body_en ? n->body_en : "", n->link ? n->link : "",
		       n->entity, n->entity_id, actor(c), c->now, n->region_id);
}

int notify_remind(struct ctx *c, int64_t user_id, const struct notice *n)
{
	if (!user_id)
		return err_set(c->e, ERR_RULE, "", "这一步等待的人没有账号，无法催办，请电话联系",
			       "the person this step waits for has no account: call them instead");
	int64_t last = 0;
	int rc = db_int(c->db, c->e, &last,
			"SELECT max(created_at) FROM notices WHERE entity=? AND entity_id=? AND kind=?"
			" AND created_at > ? AND user_id=?",
			"sisii", n->entity, n->entity_id, n->kind, c->now - 86400LL * WTIME_US, user_id);
	if (rc < 0)
		return rc;
	if (last) {
		char at[40];
		wtime_format(last, at, sizeof at); /* "2026-11-25T09:30:00+08:00" → "2026-11-25 09:30" */
		at[10] = ' ';
		at[16] = 0;
		return err_setf(c->e, ERR_RULE, "", "%s 已催办过，24 小时内不再重复催办",
				"already reminded at %s: one reminder a day", at);
	}
	return notify_user(c, user_id, n);
}

/* ---------- the caller's own notices ---------- */

static const struct list_sort notice_sorts[] = {
	{"created_at", "n.created_at", false, true},
	{"id", "n.id", false, false},
	{NULL, NULL, false, false},
};
static const struct list_spec notice_list = {
	.table = "notices n", .id = "n.id", .sorts = notice_sorts, .default_sort = "-created_at",
	.select = "n.id, n.kind, n.region_id, n.title, n.title_en, n.body, n.body_en, n.link, n.entity,"
		  " n.entity_id, n.created_at, n.read_at, u.display_name",
	.from = "notices n LEFT JOIN users u ON u.id=n.actor_id", .row_id = "n.id",
};

static int need_caller(struct ctx *c)
{
	return c->who ? 0 : err_set(c->e, ERR_UNAUTH, NULL, "请先登录", "log in first");
}

int notify_list_query(struct ctx *c, int unread_only, struct list_q **out)
{
	int rc = need_caller(c);
	if (rc)
		return rc;
	struct list_q *q = list_new(&notice_list);
	list_eq_int(q, "n.user_id", c->who->user_id);
	if (unread_only)
		list_where(q, "n.read_at IS NULL", NULL);
	*out = q;
	return 0;
}

int notify_list_row(struct stmt *st, void *vc, struct err *e)
{
	(void)e;
	struct jw *w = ((struct ctx *)vc)->w;
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 0));
	jw_kstr(w, "kind", col_text(st, 1));
	if (col_null(st, 2))
		jw_knull(w, "region_id");
	else
		jw_kint(w, "region_id", col_int(st, 2));
	jw_kstr(w, "title", col_text(st, 3));
	jw_kstr(w, "title_en", col_text(st, 4));
	jw_kstr(w, "body", col_text(st, 5));
	jw_kstr(w, "body_en", col_text(st, 6));
	jw_kstr(w, "link", col_text(st, 7));
	jw_kstr(w, "entity", col_text(st, 8));
	if (col_null(st, 9))
		jw_knull(w, "entity_id");
	else
		jw_kint(w, "entity_id", col_int(st, 9));
	jw_ktime(w, "created_at", col_int(st, 10));
	jw_ktime(w, "read_at", col_null(st, 11) ? 0 : col_int(st, 11));
	jw_kbool(w, "read", !col_null(st, 11));
	jw_kstr(w, "from", col_text(st, 12));
	jw_obj_end(w);
	return 0;
}

int notify_unread(struct ctx *c, int64_t *n)
{
	int rc = need_caller(c);
	if (rc)
		return rc;
	rc = db_int(c->db, c->e, n, "SELECT count(*) FROM notices WHERE user_id=? AND read_at IS NULL", "i",
		    c->who->user_id);
	return rc < 0 ? rc : 0;
}

int notify_read(struct ctx *c, int64_t id)
{
	int rc = need_caller(c);
	if (rc)
		return rc;
	if ((rc = db_exec(c->db, c->e, "UPDATE notices SET read_at=? WHERE id=? AND user_id=? AND read_at IS NULL",
			  "iii", c->now, id, c->who->user_id)))
		return rc;
	if (db_changes(c->db))
		return 0;
	int64_t mine = 0;
	if ((rc = db_int(c->db, c->e, &mine, "SELECT count(*) FROM notices WHERE id=? AND user_id=?", "ii", id,
			 c->who->user_id)) < 0)
		return rc;
	/* another person's notice is as absent as one that never was */
	return mine ? 0 : err_set(c->e, ERR_NOT_FOUND, "id", "没有这条消息", "no such notice");
}

int notify_read_all(struct ctx *c, int64_t *n)
{
	int rc = need_caller(c);
	if (rc)
		return rc;
	if ((rc = db_exec(c->db, c->e, "UPDATE notices SET read_at=? WHERE user_id=? AND read_at IS NULL", "ii",
			  c->now, c->who->user_id)))
		return rc;
	*n = db_changes(c->db);
	return 0;
}
