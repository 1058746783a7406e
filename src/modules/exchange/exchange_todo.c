/*
 * exchange_todo.c — what the exchange puts on people's home pages and in
 * their message centres (core/module.h `.todos`, notify/notify.h):
 *
 *   - the to-dos: matches to confirm, overdue steps, needs nobody has
 *     answered, disputes (staff); new jobs and jobs to do (providers); help
 *     delivered that waits for the resident's confirmation (residents) —
 *     each counted as the page it links to lists them;
 *   - a notice at each step of a match to the person the next step waits
 *     for, written in the step's transaction (exchange_match_notify);
 *   - 催办: staff remind that person (POST /api/v1/matches/{id}/remind).
 */
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "core/module.h"
#include "http/http.h"
#include "modules/exchange/exchange.h"
#include "modules/exchange/exchange_todo.h"
#include "notify/notify.h"
#include "store/list.h"
#include "store/store.h"

#define TODO_CAP 999 /* counted up to this; more reads "999+" */

/* ---------- to-dos ---------- */

/* A to-do counted as a list counts: the matches list with m, or the demands
 * list with d (demands set) — the page the to-do's link opens, scoped alike. */
struct todo_list {
	bool demands;
	struct exchange_match_filter m;
	struct exchange_posting_filter d;
};

static int todo_list_total(struct ctx *c, const void *arg, int64_t *n, int *capped)
{
	struct todo_list l = *(const struct todo_list *)arg;
	struct sb sb = SB_INIT;
	struct jw w;
	struct list_result res = {0};
	jw_init(&w, &sb);
	l.m.limit = l.d.limit = 1;
	l.m.res = l.d.res = &res;
	int rc = l.demands ? exchange_demands_list(c->db, c->who, &w, &l.d, c->now, n, c->e)
			   : exchange_matches_list(c->db, c->who, &w, &l.m, c->now, n, c->e);
	*capped = res.total_is_estimate;
	list_result_free(&res);
	sb_free(&sb);
	return rc;
}

/* Proposals the matching made that staff have not yet confirmed and sent
 * (the matching board's first queue), in the caller's staff scope: through
 * the matches' (region_id, status) index, stopped at TODO_CAP. */
static int todo_confirm(struct ctx *c, const void *arg, int64_t *n, int *capped)
{
	(void)arg;
	const char *lo = exchange_scope_path(c->who, EXCHANGE_STAFF);
	if (!lo)
		return auth_forbidden(c->e);
	const char *hi = list_path_hi(c->a, lo);
	int rc = db_int(c->db, c->e, n,
			"SELECT count(*) FROM (SELECT 1 FROM xchg_matches m WHERE m.status='proposed'"
			" AND m.staff_confirmed_at IS NULL AND m.region_id IN"
			" (SELECT id FROM regions WHERE path >= ? AND path < ?) LIMIT ?) x",
			"ssi", lo, hi, (int64_t)TODO_CAP + 1);
	if (rc < 0)
		return rc;
	*capped = *n > TODO_CAP;
	if (*capped)
		*n = TODO_CAP;
	return 0;
}

#define PROVIDERS (R(ROLE_ORG_ADMIN) | R(ROLE_VOLUNTEER) | R(ROLE_SOCIAL_WORKER))

#define MATCHES(...) .count = todo_list_total, .arg = &(const struct todo_list){.m = {__VA_ARGS__}}

const struct module_todo exchange_todos[] = {
	{"exchange.overdue", "超时事项", "Overdue steps", EXCHANGE_FIELD, "/exchange/board?tab=overdue",
	 MATCHES(.overdue = true), .urgent = 1},
	{"exchange.to_confirm", "待确认的匹配", "Matches to confirm", EXCHANGE_STAFF, "/exchange/board",
	 .count = todo_confirm},
	{"exchange.disputes", "争议待处理", "Disputes", EXCHANGE_STAFF, "/exchange/board?tab=disputes",
	 MATCHES(.status = "disputed"), .urgent = 1},
	{"exchange.unmatched", "待匹配的需求", "Needs not yet matched", EXCHANGE_FIELD,
	 "/exchange/demands?status=open", .count = todo_list_total,
	 .arg = &(const struct todo_list){.demands = true, .d = {.status = "open"}}},
	{"exchange.jobs_new", "新的服务请求", "New jobs to accept", PROVIDERS, "/exchange/provider",
	 MATCHES(.status = "proposed", .mine = true)},
	{"exchange.jobs_doing", "待上门服务", "Jobs to do", PROVIDERS, "/exchange/provider",
	 MATCHES(.status = "accepted", .mine = true)},
	{"exchange.to_confirm_mine", "等我确认的服务", "Help to confirm", R(ROLE_RESIDENT), "/exchange/my",
	 MATCHES(.status = "delivered", .mine = true)},
	{NULL, NULL, NULL, 0, NULL, NULL, 0, NULL},
};

/* ---------- notices at each step ---------- */

/* The match's demand, region and people: who a step waits for. */
struct mwho {
	int64_t region_id, poster, benef_user;
	const char *title, *status;
	int sent;
};

static int load_who(struct ctx *c, int64_t id, struct mwho *w)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT d.region_id, d.posted_by, coalesce((SELECT p.user_id FROM people p"
			" WHERE p.id=d.beneficiary_person_id),0), d.title, m.status,"
			" m.staff_confirmed_at IS NOT NULL FROM xchg_matches m JOIN xchg_demands d ON d.id=m.demand_id"
			" WHERE m.id=?",
			"i", id);
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这个匹配", "no such match");
	if (rc < 0)
		return rc;
	w->region_id = col_int(st, 0);
	w->poster = col_int(st, 1);
	w->benef_user = col_int(st, 2);
	w->title = arena_strdup(c->a, col_text(st, 3));
	w->status = arena_strdup(c->a, col_text(st, 4));
	w->sent = (int)col_int(st, 5);
	stmt_done(st);
	return 0;
}

/* The accounts linked to the match's service (its provider). */
static int provider_users(struct ctx *c, int64_t id, int64_t **out, int *n)
{
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT DISTINCT pa.user_id FROM xchg_matches m JOIN xchg_services s ON s.id=m.service_id"
			       " JOIN xchg_provider_accounts pa ON (pa.organisation_id=s.organisation_id"
			       " OR pa.team_id=s.team_id OR pa.person_id=s.person_id) WHERE m.id=? ORDER BY 1",
			       "i", id);
	if (!st)
		return c->e->code;
	int rc, cap = 8;
	*n = 0;
	*out = arena_alloc(c->a, sizeof **out * (size_t)cap);
	while ((rc = stmt_step(st, c->e)) == 1) {
		if (*n == cap) {
			int64_t *more = arena_alloc(c->a, sizeof *more * (size_t)cap * 2);
			memcpy(more, *out, sizeof *more * (size_t)cap);
			*out = more;
			cap *= 2;
		}
		(*out)[(*n)++] = col_int(st, 0);
	}
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

static int tell_provider(struct ctx *c, int64_t id, const struct notice *nt)
{
	int64_t *users;
	int n, rc = provider_users(c, id, &users, &n);
	for (int i = 0; !rc && i < n; i++)
		rc = notify_user(c, users[i], nt);
	return rc;
}

/* The resident's side: the beneficiary's account and whoever posted the
 * need (the resident, or staff who registered it for them), each once;
 * never the person who took the step. */
static int tell_resident(struct ctx *c, const struct mwho *w, const struct notice *nt)
{
	int64_t self = c->who ? c->who->user_id : 0;
	int rc = 0;
	if (w->benef_user && w->benef_user != self)
		rc = notify_user(c, w->benef_user, nt);
	if (!rc && w->poster && w->poster != w->benef_user && w->poster != self)
		rc = notify_user(c, w->poster, nt);
	return rc;
}

/* Who each step tells, and in what words (%s: the need's title). */
enum tell { TELL_NOBODY, TELL_PROVIDER, TELL_RESIDENT, TELL_STAFF };
static const struct step_notice {
	enum tell to;
	const char *kind, *title, *title_en, *body, *body_en, *link;
	int only_sent; /* only when the match had been sent to the provider */
} step_notices[] = {
	[XA_CONFIRM] = {TELL_PROVIDER, "exchange.job_new", "新的服务请求：%s", "New job: %s",
			"请在期限内接单或说明理由拒绝。", "Accept it, or decline with a reason, before the deadline.",
			"/exchange/provider", 0},
	[XA_ACCEPT] = {TELL_RESIDENT, "exchange.accepted", "服务方已接单：%s", "A provider took on: %s", NULL, NULL,
		       "/exchange/my", 0},
	[XA_DELIVER] = {TELL_RESIDENT, "exchange.delivered", "服务已完成，请确认：%s", "Help delivered, please confirm: %s",
			"确认后服务时长才会计入；如有问题可提出异议。",
			"The hours count once you confirm; if something is wrong, raise a dispute.", "/exchange/my", 0},
	[XA_BCONFIRM] = {TELL_PROVIDER, "exchange.confirmed", "居民已确认服务完成：%s",
			 "The resident confirmed your help: %s", NULL, NULL, "/exchange/provider", 0},
	[XA_RATE] = {TELL_PROVIDER, "exchange.rated", "收到一条评价：%s", "New rating: %s", NULL, NULL,
		     "/exchange/provider", 0},
	[XA_DECLINE] = {TELL_STAFF, "exchange.declined", "服务方拒绝了匹配，需重新安排：%s",
			"A provider declined, to be reassigned: %s", NULL, NULL, "/exchange/board", 0},
	[XA_DISPUTE] = {TELL_STAFF, "exchange.disputed", "居民提出异议，需要处理：%s", "A dispute to settle: %s", NULL,
			NULL, "/exchange/board?tab=disputes", 0},
	[XA_CANCEL] = {TELL_PROVIDER, "exchange.cancelled", "匹配已取消：%s", "Match cancelled: %s", NULL, NULL,
		       "/exchange/provider", 1},
	/* a reassigned match goes back to staff, whose confirmation tells the new provider */
	[XA_REASSIGN] = {TELL_NOBODY, NULL, NULL, NULL, NULL, NULL, NULL, 0},
};

int exchange_match_notify(struct ctx *c, int64_t id, enum exchange_action a)
{
	const struct step_notice *sn = &step_notices[a];
	if (sn->to == TELL_NOBODY)
		return 0;
	struct mwho w;
	int rc = load_who(c, id, &w);
	if (rc || (sn->only_sent && !w.sent))
		return rc;
	struct notice nt = {.kind = sn->kind, .region_id = w.region_id, .title = arena_printf(c->a, sn->title, w.title),
			    .title_en = arena_printf(c->a, sn->title_en, w.title), .body = sn->body,
			    .body_en = sn->body_en, .link = sn->link, .entity = "xchg_match", .entity_id = id};
	switch (sn->to) {
	case TELL_PROVIDER:
		return tell_provider(c, id, &nt);
	case TELL_RESIDENT:
		return tell_resident(c, &w, &nt);
	case TELL_STAFF:
		return notify_role(c, R(ROLE_COMMUNITY_STAFF), &nt);
	case TELL_NOBODY:
		break;
	}
	return 0;
}

/* ---------- 催办 ---------- */

/* Remind the person the match's step waits for: the provider for a job
 * sent and not yet done, the resident for help delivered and not yet
 * confirmed. Field staff of the match's region only. */
int exchange_match_remind(struct ctx *c, int64_t id, int *told)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT r.path FROM xchg_matches m JOIN regions r ON r.id=m.region_id WHERE m.id=?", "i", id);
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这个匹配", "no such match");
	if (rc < 0)
		return rc;
	bool covers = !c->who || auth_covers_path(c->who, EXCHANGE_FIELD, col_text(st, 0));
	stmt_done(st);
	if (!covers)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这个匹配", "no such match");
	struct mwho w;
	if ((rc = load_who(c, id, &w)))
		return rc;
	struct notice nt = {.kind = "exchange.remind", .region_id = w.region_id, .entity = "xchg_match",
			    .entity_id = id};
	const char *from = c->who ? c->who->display_name : "系统";
	*told = 0;
	if ((!strcmp(w.status, "proposed") && w.sent) || !strcmp(w.status, "accepted")) {
		nt.title = arena_printf(c->a, "催办：%s", w.title);
		nt.title_en = arena_printf(c->a, "Reminder: %s", w.title);
		nt.body = arena_printf(c->a, "%s 提醒您尽快%s。", from,
				       !strcmp(w.status, "accepted") ? "上门服务并登记完成" : "接单或说明理由拒绝");
		nt.body_en = !strcmp(w.status, "accepted") ? "Staff ask you to deliver and record it soon."
							   : "Staff ask you to accept or decline soon.";
		nt.link = "/exchange/provider";
		int64_t *users;
		int n;
		if ((rc = provider_users(c, id, &users, &n)))
			return rc;
		if (!n)
			return err_set(c->e, ERR_RULE, "", "服务方没有关联账号，无法催办，请电话联系",
				       "the provider has no linked account: call them instead");
		for (int i = 0; !rc && i < n; i++)
			rc = notify_remind(c, users[i], &nt);
		*told = rc ? 0 : n;
		return rc;
	}
	if (!strcmp(w.status, "delivered")) {
		nt.title = arena_printf(c->a, "请确认服务：%s", w.title);
		nt.title_en = arena_printf(c->a, "Please confirm: %s", w.title);
		nt.body = arena_printf(c->a, "%s 提醒您确认服务是否完成。", from);
		nt.body_en = "Staff ask you to confirm whether the help was delivered.";
		nt.link = "/exchange/my";
		rc = notify_remind(c, w.benef_user ? w.benef_user : w.poster, &nt);
		*told = rc ? 0 : 1;
		return rc;
	}
	return err_setf(c->e, ERR_RULE, "", "这个匹配目前不等待服务方或居民（状态：%s），无需催办",
			"this match waits for neither provider nor resident (status %s)", w.status);
}

static int h_remind(struct req *r)
{
	int64_t id;
	int told = 0, rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = exchange_match_remind(&r->cx, id, &told)))
		return rc;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "id", id);
	jw_kint(&r->jw, "reminded", told);
	jw_obj_end(&r->jw);
	return 0;
}

const struct route exchange_todo_routes[] = {
	{"POST", "/api/v1/matches/{id}/remind", h_remind, EXCHANGE_FIELD, 0,
	 "催办: remind the provider or resident a match's step waits for (once a day)"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
