/*
 * exchange_story.c — a need's whole story: GET /api/v1/demands/{id}/timeline
 * lists, oldest first, every step the audit log holds for the need and for
 * the matches of it the caller may see (created, consented, matched, sent,
 * accepted, delivered, confirmed, rated, disputed, cancelled …), with when
 * and by whom. Whoever may read the need reads its story; a provider sees
 * only the steps of their own matches, as in the need's detail.
 */
#include <jansson.h>
#include <string.h>

#include "core/arena.h"
#include "core/jw.h"
#include "core/sb.h"
#include "http/http.h"
#include "modules/exchange/exchange.h"
#include "modules/exchange/exchange_todo.h"
#include "store/store.h"

#define STORY_MAX 500

/* The ids of the matches the caller sees in the need's detail (which also
 * checks that the caller may read the need at all). */
static int visible_matches(struct ctx *c, int64_t id, const char **in)
{
	struct sb b = SB_INIT;
	struct jw w;
	jw_init(&w, &b);
	int rc = exchange_demand_write(c, &w, id);
	if (rc) {
		sb_free(&b);
		return rc;
	}
	json_t *d = json_loads(sb_str(&b), 0, NULL);
	sb_free(&b);
	json_t *ms = json_object_get(d, "matches");
	const char *list = "0";
	size_t i;
	json_t *m;
	json_array_foreach(ms, i, m) {
		json_int_t mid = json_integer_value(json_object_get(m, "id"));
		list = arena_printf(c->a, "%s,%lld", list, (long long)mid);
	}
	json_decref(d);
	*in = list;
	return 0;
}

int exchange_demand_timeline(struct ctx *c, struct jw *w, int64_t id)
{
	const char *in;
	int rc = visible_matches(c, id, &in);
	if (rc)
		return rc;
	/* two index reads (audit_log_entity), merged in time order; the match
	 * ids are integers from the detail above */
	const char *sql = arena_printf(
		c->a,
		"SELECT a.id, a.at, a.action, a.entity, a.entity_id, coalesce(u.display_name, a.username, '')"
		" FROM audit_log a LEFT JOIN users u ON u.id=a.user_id WHERE a.entity='xchg_demand' AND a.entity_id=?"
		" UNION ALL"
		" SELECT a.id, a.at, a.action, a.entity, a.entity_id, coalesce(u.display_name, a.username, '')"
		" FROM audit_log a LEFT JOIN users u ON u.id=a.user_id WHERE a.entity='xchg_match' AND a.entity_id IN (%s)"
		" ORDER BY 1 LIMIT %d",
		in, STORY_MAX);
	struct stmt *st = db_q(c->db, c->e, sql, "i", id);
	if (!st)
		return c->e->code;
	jw_obj(w);
	jw_kint(w, "demand_id", id);
	jw_key(w, "items");
	jw_arr(w);
	while ((rc = stmt_step(st, c->e)) == 1) {
		jw_obj(w);
		jw_ktime(w, "at", col_int(st, 1));
		jw_kstr(w, "action", col_text(st, 2));
		jw_kstr(w, "on", strcmp(col_text(st, 3), "xchg_match") ? "demand" : "match");
		if (!strcmp(col_text(st, 3), "xchg_match"))
			jw_kint(w, "match_id", col_int(st, 4));
		const char *by = col_text(st, 5);
		if (by && *by)
			jw_kstr(w, "by", by);
		else
			jw_knull(w, "by");
		jw_obj_end(w);
	}
	stmt_done(st);
	jw_arr_end(w);
	jw_obj_end(w);
	return rc < 0 ? rc : 0;
}

static int h_timeline(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : exchange_demand_timeline(&r->cx, &r->jw, id);
}

const struct route exchange_story_routes[] = {
	{"GET", "/api/v1/demands/{id}/timeline", h_timeline, EXCHANGE_ALL, 0,
	 "a need's story: every step of it and of its matches the caller may see, oldest first"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
