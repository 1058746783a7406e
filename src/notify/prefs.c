/*
 * prefs.c — how a person wants to be told besides the message centre:
 * GET/PUT /api/v1/me/notice-prefs {email, mail: off | instant | daily}.
 * Each person sets only their own; turning e-mail off drops what was
 * still waiting to be mailed (it stays in the message centre).
 */
#include <string.h>

#include "auth/auth.h"
#include "core/fields.h"
#include "http/http.h"
#include "notify/notify.h"
#include "store/store.h"

const char *const notify_mail_modes[] = {"off", "instant", "daily", NULL};

struct prefs_in {
	const char *email, *mail;
};

static int write_prefs(struct ctx *c, struct jw *w)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st, "SELECT email, mail, last_mail_at FROM notice_prefs WHERE user_id=?", "i",
			c->who->user_id);
	if (rc < 0)
		return rc;
	jw_obj(w);
	jw_kstr(w, "email", rc ? col_text(st, 0) : "");
	jw_kstr(w, "mail", rc ? col_text(st, 1) : "off");
	jw_ktime(w, "last_mail_at", rc ? col_int(st, 2) : 0);
	jw_obj_end(w);
	if (rc)
		stmt_done(st);
	return 0;
}

/* An address as people type it: one @, something on each side, a dot in
 * the domain, no spaces or angle brackets (it goes into an SMTP envelope). */
static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') || at[1] == '.' ||
	    s[strlen(s) - 1] == '.')
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == ',' || *p == ';' || *p == '"')
			return false;
	return true;
}

static int prefs_set(struct ctx *c, const struct prefs_in *in)
{
	const char *email = in->email ? in->email : "";
	if (*email && !email_ok(email))
		return err_set(c->e, ERR_INVALID, "email", "邮箱地址格式不正确", "not a valid e-mail address");
	if (strcmp(in->mail, "off") && !*email)
		return err_set(c->e, ERR_INVALID, "email", "要接收邮件提醒，请填写邮箱地址",
			       "an e-mail address is needed to be e-mailed");
	int rc = db_exec(c->db, c->e,
			 "INSERT INTO notice_prefs (user_id, email, mail, updated_at) VALUES (?, ?, ?, ?)"
			 " ON CONFLICT (user_id) DO UPDATE SET email=excluded.email, mail=excluded.mail,"
			 " updated_at=excluded.updated_at",
			 "issi", c->who->user_id, email, in->mail, c->now);
	if (!rc && !strcmp(in->mail, "off"))
		rc = db_exec(c->db, c->e, "UPDATE notices SET mail_state='none' WHERE user_id=? AND mail_state='pending'",
			     "i", c->who->user_id);
	return rc;
}

static const struct field prefs_fields[] = {
	FLD_STR(struct prefs_in, email, 0, 0, 254),
	FLD_ENUM(struct prefs_in, mail, FLD_REQ, notify_mail_modes),
	FLD_END,
};

static int h_get(struct req *r) { return write_prefs(&r->cx, &r->jw); }

static int h_put(struct req *r)
{
	struct prefs_in in = {0};
	int rc;
	if ((rc = req_body(r, &in)) || (rc = prefs_set(&r->cx, &in)))
		return rc;
	return write_prefs(&r->cx, &r->jw);
}

const struct route notify_prefs_routes[] = {
	{"GET", "/api/v1/me/notice-prefs", h_get, ROLES_ANY, 0, "how the caller is told besides the message centre"},
	{"PUT", "/api/v1/me/notice-prefs", h_put, ROLES_ANY, 0, "set own e-mail address and e-mail mode (off, instant, daily)",
	 prefs_fields, FIELDS_CREATE},
	{NULL, NULL, NULL, 0, 0, NULL},
};
