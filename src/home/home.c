/*
 * home.c — the home page (工作台): the to-dos every area declares
 * (core/module.h `.todos`) that the caller's roles see, with their counts,
 * and the caller's newest notices.
 */
#include <string.h>

#include "auth/auth.h"
#include "core/jw.h"
#include "core/module.h"
#include "home/home.h"
#include "notify/notify.h"
#include "store/store.h"

int home_write(struct ctx *c, struct jw *w)
{
	if (!c->who)
		return err_set(c->e, ERR_UNAUTH, NULL, "请先登录", "log in first");
	jw_obj(w);
	jw_key(w, "todos");
	jw_arr(w);
	const struct module *m;
	const struct module_todo *t;
	int rc;
	for (int i = 0; (t = modules_todo(i, &m)); i++) {
		if (!auth_has_role(c->who, t->roles))
			continue;
		int64_t n = 0;
		int capped = 0;
		if ((rc = t->count(c, t->arg, &n, &capped)))
			return rc;
		jw_obj(w);
		jw_kstr(w, "key", t->key);
		jw_kstr(w, "area", m->name);
		jw_kstr(w, "title", t->title_zh);
		jw_kstr(w, "title_en", t->title_en);
		jw_kint(w, "count", n);
		jw_kbool(w, "capped", capped);
		jw_kstr(w, "link", t->link);
		jw_kbool(w, "urgent", t->urgent);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	int64_t unread = 0;
	if ((rc = notify_unread(c, &unread)))
		return rc;
	jw_kint(w, "unread_notices", unread);
	jw_obj_end(w);
	return 0;
}
