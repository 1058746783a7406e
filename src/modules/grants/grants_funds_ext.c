/*
 * grants_funds_ext.c — the funds a grants page offers (gr_write_funds).
 */
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "modules/grants/grants_internal.h"
#include "notify/notify.h"
#include "store/store.h"
#include "store/list.h"

/* The funds a grants page offers: those in the caller's regions (and
 * below) and those the caller is a member of, with their balances and
 * what the caller may do with each. */
int gr_write_funds(struct ctx *c)
{
	const char *lo = "/";
	if (c->who) {
		const struct grant *g = auth_primary_grant(c->who, ROLES_ANY);
		lo = g ? g->region_path : "/-"; /* no role over a region: members only */
	}
	const char *hi = list_path_hi(c->a, lo);
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT f.id FROM funds f JOIN regions g ON g.id=f.region_id"
			       " WHERE f.status <> 'draft' AND ((g.path >= ? AND g.path < ?)"
			       " OR f.id IN (SELECT m.fund_id FROM fund_members m WHERE m.user_id=?))"
			       " ORDER BY f.id LIMIT 200",
			       "ssi", lo, hi, c->who ? c->who->user_id : (int64_t)0);
	if (!st)
		return c->e->code;
	int64_t ids[200];
	int n = 0, rc;
	while ((rc = stmt_step(st, c->e)) == 1 && n < 200)
		ids[n++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	struct jw *w = c->w;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	for (int i = 0; i < n; i++) {
		struct fund_head f;
		struct fund_balance b;
		struct ctx sys = *c;
		sys.who = NULL;
		if ((rc = fund_load(&sys, ids[i], 0, &f)) || (rc = fund_balance_get(&sys, ids[i], &b)))
			return rc;
		char *region = NULL;
		if ((rc = db_text(c->db, c->e, c->a, &region, "SELECT name FROM regions WHERE id=?", "i", f.region_id)) < 0)
			return rc;
		jw_obj(w);
		jw_kint(w, "id", f.id);
		jw_kstr(w, "name", f.name);
		jw_kstr(w, "kind", f.kind);
		jw_kstr(w, "status", f.status);
		jw_kint(w, "region_id", f.region_id);
		jw_kstr(w, "region_name", region ? region : "");
		jw_kint(w, "posted", b.posted);
		jw_kint(w, "available", b.available);
		jw_kbool(w, "can_manage", gr_may_manage(c, &f) == 0);
		err_clear(c->e);
		jw_kbool(w, "on_committee", fund_member_has(c, f.id, "committee") || fund_member_has(c, f.id, "chair"));
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}
