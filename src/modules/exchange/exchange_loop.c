/*
 * exchange_loop.c — the closed loop of a match:
 *
 *   proposed ──staff confirm──▶ (sent to provider) ──accept──▶ accepted
 *      │  └─reassign (staff, another feasible service)            │
 *      └─decline (provider) / cancel (staff)                deliver (minutes)
 *                                                                ▼
 *   rated ◀──rate (1–5)── confirmed ◀──beneficiary or staff── delivered
 *                                 ▲                               │ dispute (beneficiary, reason)
 *                                 └──staff or beneficiary── disputed ──staff cancel──▶ cancelled
 *
 * Each step has a deadline (due_at): staff review and the provider's
 * answer within EXCHANGE_ANSWER_WORKING_DAYS working days, delivery by the end
 * of the demand's window (or EXCHANGE_DELIVER_DAYS), the beneficiary's
 * confirmation within EXCHANGE_CONFIRM_WORKING_DAYS working days. A decline or
 * cancellation re-opens the demand for the next batch. A disputed delivery
 * waits for staff (EXCHANGE_ANSWER_WORKING_DAYS) and its minutes count nowhere
 * until it is confirmed. A step out of
 * order is 409; a rule broken (no consent, infeasible service) is 422.
 * Ratings add to the service's rating_sum/count, which the cost model
 * reads; confirmation sets the demand fulfilled once enough people have
 * helped, and hours_delivered (minutes) is what the vitality index sums.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/sb.h"
#include "modules/exchange/exchange.h"
#include "modules/exchange/exchange_todo.h"
#include "store/jcols.h"
#include "store/store.h"


/* The caller's own matches, in two parts that each reach the matches through
 * an index: those of the services the caller acts for, once staff sent them
 * (binds the user id 3 times), and those of the demands the caller posted
 * or benefits from (twice). The list's "mine" view is their union; the
 * group filter asks them whose step a match waits for. */
#define SENT_TO_VIEWER_SQL                                                                    \
	"(m.staff_confirmed_at IS NOT NULL AND m.service_id IN (SELECT s2.id FROM xchg_services s2" \
	" WHERE s2.organisation_id IN (SELECT organisation_id FROM xchg_provider_accounts WHERE user_id = ?)" \
	" OR s2.team_id IN (SELECT team_id FROM xchg_provider_accounts WHERE user_id = ?)"          \
	" OR s2.person_id IN (SELECT person_id FROM xchg_provider_accounts WHERE user_id = ?)))"
#define VIEWER_SIDE_SQL                                                                       \
	"(m.demand_id IN (SELECT d2.id FROM xchg_demands d2 WHERE d2.posted_by = ?)"               \
	" OR m.demand_id IN (SELECT d3.id FROM xchg_demands d3 WHERE d3.beneficiary_person_id IN"    \
	" (SELECT id FROM people WHERE user_id = ?)))"

/* The group filter: exchange_match_group, then needs_action for the match
 * that waits for the viewer (exchange_match_awaits). Binds now, then the
 * user id 5 times. Only m's columns: the list filters on m alone. */
#define GROUP_SQL                                                                             \
	"CASE WHEN m.status IN ('proposed','accepted','delivered') AND m.due_at < ? THEN 'needs_action'" \
	" WHEN m.status = 'delivered' AND " VIEWER_SIDE_SQL " THEN 'needs_action'"                  \
	" WHEN m.status = 'proposed' AND " SENT_TO_VIEWER_SQL " THEN 'needs_action'"                \
	" WHEN m.status IN ('proposed','accepted') THEN 'in_progress'"                              \
	" WHEN m.status IN ('delivered','confirmed','rated') THEN 'got_help' ELSE 'needs_action' END"

#define MATCH_COLS                                                                            \
	"m.id, m.demand_id, d.title, d.region_id, r.name, m.service_id, s.name,"                   \
	" coalesce(o.name, t.name, pe.name), coalesce(m.batch_id,0), m.status, m.cost, m.cost_json," \
	" coalesce(m.due_at,0), m.proposed_at, coalesce(m.staff_confirmed_at,0), coalesce(m.accepted_at,0)," \
	" coalesce(m.delivered_at,0), coalesce(m.confirmed_at,0), coalesce(m.rated_at,0),"           \
	" coalesce(m.rating,0), m.rating_comment, m.decline_reason, m.delivery_note,"               \
	" coalesce(m.hours_delivered,0), m.version, d.beneficiary_name, d.beneficiary_phone,"        \
	" coalesce(d.consent_at,0), d.no_contact, d.posted_by, r.path,"                             \
	" (SELECT count(*) FROM people bp WHERE bp.id=d.beneficiary_person_id AND bp.user_id=?),"    \
	" (SELECT count(*) FROM xchg_provider_accounts pa WHERE pa.user_id=? AND"                   \
	"  (pa.organisation_id=s.organisation_id OR pa.team_id=s.team_id OR pa.person_id=s.person_id))," \
	" d.people_needed, d.urgency, d.address, d.schedule_mask, coalesce(d.window_start,0),"      \
	" coalesce(d.window_end,0), d.status, m.cancel_reason,"                                      \
	" coalesce(m.disputed_at,0), m.dispute_reason"
#define MATCH_FROM                                                                            \
	" FROM xchg_matches m JOIN xchg_demands d ON d.id=m.demand_id JOIN regions r ON r.id=d.region_id" \
	" JOIN xchg_services s ON s.id=m.service_id LEFT JOIN organisations o ON o.id=s.organisation_id" \
	" LEFT JOIN teams t ON t.id=s.team_id LEFT JOIN people pe ON pe.id=s.person_id"

/* The match's plain columns (MATCH_COLS) as the API shows them, around the
 * members match_row works out. */
static const struct jcol match_head[] = {
	{"id", 0, JC_INT}, {"demand_id", 1, JC_INT}, {"demand_title", 2, JC_TEXT},
	{"region_id", 3, JC_INT}, {"region_name", 4, JC_TEXT}, {"service_id", 5, JC_INT},
	{"service_name", 6, JC_TEXT}, {"provider_name", 7, JC_TEXT},
	{"batch_id", 8, JC_INT_OR_NULL}, {"status", 9, JC_TEXT},
};
static const struct jcol match_cost[] = {
	{"cost", 10, JC_INT}, {"cost_breakdown", 11, JC_RAW}, {"due_at", 12, JC_TIME},
};
static const struct jcol match_tail[] = {
	{"staff_confirmed_at", 14, JC_TIME}, {"accepted_at", 15, JC_TIME},
	{"delivered_at", 16, JC_TIME}, {"confirmed_at", 17, JC_TIME}, {"rated_at", 18, JC_TIME},
	{"rating", 19, JC_INT_OR_NULL}, {"rating_comment", 20, JC_TEXT},
	{"decline_reason", 21, JC_TEXT}, {"cancel_reason", 40, JC_TEXT},
	{"disputed_at", 41, JC_TIME}, {"dispute_reason", 42, JC_TEXT},
	{"delivery_note", 22, JC_TEXT}, {"minutes_delivered", 23, JC_INT}, {"version", 24, JC_INT},
	{"people_needed", 33, JC_INT}, {"urgency", 34, JC_TEXT}, {"schedule_mask", 36, JC_INT},
	{"window_start", 37, JC_TIME}, {"window_end", 38, JC_TIME}, {"demand_status", 39, JC_TEXT},
};

static void match_row(struct jw *w, struct stmt *st, const struct principal *p, int64_t now)
{
	const char *status = col_text(st, 9), *path = col_text(st, 30);
	bool staff = !p || auth_covers_path(p, EXCHANGE_STAFF, path);
	bool field = !p || auth_covers_path(p, EXCHANGE_FIELD, path);
	bool poster = p && col_int(st, 29) == p->user_id;
	bool benef = poster || col_int(st, 31) > 0;
	bool sent = col_int(st, 14) != 0;
	int64_t due = col_int(st, 12);
	bool provider = p && col_int(st, 32) > 0 && sent;
	bool live = strcmp(status, "proposed") == 0 || strcmp(status, "accepted") == 0 ||
		    strcmp(status, "delivered") == 0 || strcmp(status, "confirmed") == 0 ||
		    strcmp(status, "rated") == 0;
	bool consent = col_int(st, 27) != 0;
	bool identity = field || benef || (provider && live && consent);
	/* The provider's contact channel is open while the match is: accepted
	 * or delivered (docs/exchange.md, "Contact details"). Lists and
	 * details carry the phone masked; the full number only comes from the
	 * audited POST /demands/{id}/reveal. */
	bool open = strcmp(status, "accepted") == 0 || strcmp(status, "delivered") == 0;
	bool phone = field || benef ||
		     (provider && (open || strcmp(status, "proposed") == 0) && consent && !col_int(st, 28));
	bool reveal = staff || (provider && open && consent && !col_int(st, 28));

	jw_obj(w);
	jw_cols(w, st, JCOLS(match_head));
	jw_kstr(w, "group", exchange_match_awaits(status, sent, benef, provider)
				    ? "needs_action"
				    : exchange_match_group(status, due, now));
	jw_cols(w, st, JCOLS(match_cost));
	jw_kbool(w, "overdue", due && due < now &&
				       (strcmp(status, "proposed") == 0 || strcmp(status, "accepted") == 0 ||
					strcmp(status, "delivered") == 0 || strcmp(status, "disputed") == 0));
	jw_ktime(w, "proposed_at", col_int(st, 13));
	jw_kbool(w, "staff_confirmed", sent);
	jw_cols(w, st, JCOLS(match_tail));
	jw_kbool(w, "consent", consent);
	jw_kbool(w, "no_contact", col_int(st, 28) != 0);
	jw_kbool(w, "beneficiary_visible", identity);
	jw_kstr(w, "beneficiary_name", identity ? col_text(st, 25) : NULL);
	jw_key(w, "beneficiary_phone");
	exchange_write_masked_phone(w, phone ? col_text(st, 26) : NULL);
	jw_kstr(w, "address", identity ? col_text(st, 35) : NULL);
	bool proposed = strcmp(status, "proposed") == 0;
	jw_key(w, "can");
	jw_obj(w);
	jw_kbool(w, "confirm", staff && proposed && !sent);
	jw_kbool(w, "reassign", staff && proposed);
	bool disputed = strcmp(status, "disputed") == 0;
	jw_kbool(w, "cancel", staff && (proposed || strcmp(status, "accepted") == 0 || disputed));
	jw_kbool(w, "accept", provider && proposed);
	jw_kbool(w, "decline", provider && (proposed || strcmp(status, "accepted") == 0));
	jw_kbool(w, "deliver", provider && strcmp(status, "accepted") == 0);
	jw_kbool(w, "beneficiary_confirm", (benef || field) && (strcmp(status, "delivered") == 0 || disputed));
	jw_kbool(w, "dispute", (benef || field) && strcmp(status, "delivered") == 0);
	jw_kbool(w, "rate", (benef || field) && strcmp(status, "confirmed") == 0);
	jw_kbool(w, "reveal_contact", reveal && phone && col_text(st, 26) && *col_text(st, 26));
	jw_obj_end(w);
	jw_obj_end(w);
}

/* The matches list (store/list.h). Staff see the matches of the demands in
 * their scope (the demand's region places a match); everyone else the
 * matches of their services once staff sent them, and those of their own
 * demands. */
static const struct list_sort match_sorts[] = {
	{"id", "m.id", false, true},
	{"due_at", "coalesce(m.due_at, 0)", false, false},
	{"proposed_at", "m.proposed_at", false, false},
	EXCHANGE_SORTS_END,
};
static const struct list_spec match_list = {
	EXCHANGE_LIST_KEYS("m"), /* region: the demand's, kept by 038's triggers */
	.table = "xchg_matches m", /* every filter is on m (the region too, 038) */
	.sorts = match_sorts, .default_sort = "-id",
	.select = MATCH_COLS,
	.from = MATCH_FROM + sizeof " FROM" - 1,
};

struct match_row_ctx {
	const struct principal *p;
	struct jw *w;
	int64_t now;
};

static int match_list_row(struct stmt *st, void *vctx, struct err *e)
{
	(void)e;
	struct match_row_ctx *c = vctx;
	match_row(c->w, st, c->p, c->now);
	return 0;
}

/* `col = v` when v is given (not 0). */
static void eq_given(struct list_q *q, const char *col, int64_t v)
{
	if (v)
		list_eq_int(q, col, v);
}

int exchange_matches_list(struct db *db, const struct principal *p, struct jw *w,
		      const struct exchange_match_filter *f, int64_t now, int64_t *total,
		      struct err *e)
{
	int rc = 0;
	char *rpath = NULL;
	bool staff_view = !p || (!f->mine && auth_has_role(p, EXCHANGE_FIELD));
	const char *scope = staff_view && p ? exchange_scope_path(p, EXCHANGE_FIELD) : NULL;
	int64_t uid = p ? p->user_id : 0;
	struct list_q *q = list_new(&match_list);
	if (f->region_id) {
		if ((rc = list_region_path(db, f->region_id, "region_id", &rpath, e)) ||
		    (rc = auth_scope_region(db, p, staff_view ? EXCHANGE_FIELD : EXCHANGE_ALL, f->region_id, e)))
			goto done;
		scope = rpath;
	}
	if (scope && (rc = list_subtree(q, db, scope, e)))
		goto done;
	if (!staff_view)
		/* Each branch reaches the matches through an index: the caller's
		 * services, the demands they posted, those they benefit from. */
		list_where(q, "(" SENT_TO_VIEWER_SQL " OR " VIEWER_SIDE_SQL ")", "iiiii", uid, uid, uid, uid, uid);
	eq_given(q, "m.batch_id", f->batch_id);
	eq_given(q, "m.demand_id", f->demand_id);
	eq_given(q, "m.service_id", f->service_id);
	if (f->status && *f->status &&
	    (rc = list_eq_enum(q, "m.status", "status", f->status, exchange_match_statuses, e)))
		goto done;
	if (f->group && *f->group) {
		bool ok = false;
		for (const char *const *g = exchange_match_groups; *g; g++)
			ok |= strcmp(*g, f->group) == 0;
		if (!ok) {
			rc = err_set(e, ERR_INVALID, "group", "分组应为 in_progress、got_help 或 needs_action",
				     "group must be in_progress, got_help or needs_action");
			goto done;
		}
		list_where(q, "(" GROUP_SQL ") = ?", "iiiiiis", now, uid, uid, uid, uid, uid, f->group);
	}
	if (f->overdue)
		list_where(q, "m.status IN ('proposed','accepted','delivered','disputed') AND m.due_at < ?", "i", now);
	list_select_int(q, uid);
	list_select_int(q, uid);
	struct list_req req = {.page = f->limit ? f->offset / f->limit + 1 : 1,
			       .per_page = f->limit ? f->limit : 20,
			       .sort = f->sort && *f->sort ? f->sort : f->overdue ? "due_at" : NULL,
			       .cursor = f->cursor};
	struct match_row_ctx ctx = {p, w, now};
	rc = exchange_list_finish(db, q, &req, match_list_row, &ctx, total, f->res, e);
done:
	list_free(q);
	free(rpath);
	return rc;
}

static const struct col match_cols[] = {
	{"status", "状态", COL_TEXT},   {"service_id", "服务", COL_INT},
	{"due_at", "期限", COL_INT},    {"rating", "评分", COL_INT},
	{"minutes", "分钟", COL_INT},   {"version", "版本", COL_INT},
};

const struct record_kind exchange_match_kind = {
	.entity = "xchg_match", .what_zh = "匹配", .what_en = "match",
	.head_sql = "SELECT m.id, d.region_id, m.version, r.path FROM xchg_matches m"
		    " JOIN xchg_demands d ON d.id=m.demand_id JOIN regions r ON r.id=d.region_id WHERE m.id=?",
	.row_sql = "SELECT status, service_id, coalesce(due_at,0), coalesce(rating,0),"
		   " coalesce(hours_delivered,0), version FROM xchg_matches WHERE id=?",
	EXCHANGE_COLS(match_cols), .read_roles = ROLES_ANY, /* staff in scope, the beneficiary's side, the provider: mcore */
};

int exchange_match_write(struct ctx *c, struct jw *w, int64_t id)
{
	int64_t uid = c->who ? c->who->user_id : 0;
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st, "SELECT " MATCH_COLS MATCH_FROM " WHERE m.id=?", "iii", uid, uid, id);
	if (rc <= 0)
		return rc < 0 ? rc : exchange_not_found(c, "匹配", "match");
	bool ok = !c->who || auth_covers_path(c->who, EXCHANGE_FIELD, col_text(st, 30)) ||
		  col_int(st, 29) == uid || col_int(st, 31) > 0 || (col_int(st, 32) > 0 && col_int(st, 14) != 0);
	if (ok)
		match_row(w, st, c->who, c->now);
	stmt_done(st);
	return ok ? 0 : auth_forbidden(c->e);
}

/* ---------- transitions ---------- */

/* The match's record head and what the caller is to it. */
struct mcore {
	struct record rec;
	int64_t demand_id, service_id, sent, consent, window_end;
	bool benef, linked;
	const char *status;
};

static int load_match(struct ctx *c, int64_t id, struct mcore *m)
{
	const struct principal *p = c->who;
	int64_t uid = p ? p->user_id : 0;
	memset(m, 0, sizeof *m);
	int rc = record_head(c, &exchange_match_kind, id, &m->rec);
	if (rc)
		return rc;
	struct stmt *st;
	if ((rc = db_row(
		c->db, c->e, &st,
		"SELECT m.demand_id, m.service_id, coalesce(m.staff_confirmed_at,0),"
		" coalesce(d.consent_at,0), d.posted_by, coalesce(d.window_end,0), m.status,"
		" (SELECT count(*) FROM people bp WHERE bp.id=d.beneficiary_person_id AND bp.user_id=?),"
		" (SELECT count(*) FROM xchg_provider_accounts pa WHERE pa.user_id=? AND"
		"  (pa.organisation_id=s.organisation_id OR pa.team_id=s.team_id OR pa.person_id=s.person_id))"
		" FROM xchg_matches m JOIN xchg_demands d ON d.id=m.demand_id"
		" JOIN xchg_services s ON s.id=m.service_id WHERE m.id=?",
		"iii", uid, uid, id)) == 1) {
		m->demand_id = col_int(st, 0);
		m->service_id = col_int(st, 1);
		m->sent = col_int(st, 2);
		m->consent = col_int(st, 3);
		m->window_end = col_int(st, 5);
		m->status = arena_strdup(c->a, col_text(st, 6));
		/* No principal = the system (CLI, demo): every role. */
		m->benef = !p || col_int(st, 4) == uid || col_int(st, 7) > 0;
		m->linked = !p || (col_int(st, 8) > 0 && auth_has_role(p, EXCHANGE_PROVIDER));
		stmt_done(st);
	}
	return rc < 0 ? rc : 0;
}

static int bad_state(struct ctx *c, const char *status, const char *want_zh, const char *want_en)
{
	return err_set(c->e, ERR_CONFLICT, "status", arena_printf(c->a, "当前状态为 %s，%s", status, want_zh),
		       arena_printf(c->a, "the match is %s; %s", status, want_en));
}

/* Who may take each step, and from which statuses (the messages say so). */
enum party {
	STAFF,    /* staff covering the demand */
	PROVIDER, /* the service's provider, once staff sent the match */
	SIDE,     /* the beneficiary, the poster, or field staff covering the demand */
};
static const struct step {
	const char *name; /* the audit action */
	const char *from; /* statuses the step starts from, space-separated */
	const char *state_zh, *state_en; /* the refusal from any other status */
	enum party who;
	const char *deny_zh, *deny_en;   /* the refusal to anyone else */
} steps[] = {
/* A party and its refusal: "only <the party> <may do what the step does>". */
#define BY_STAFF(zh, en) STAFF, "只有社区工作人员可以" zh, "only staff " en
#define BY_PROVIDER(zh, en) PROVIDER, "只有该服务的提供方可以" zh, "only the service's provider " en
#define BY_SIDE(zh, en) SIDE, "只有受益人、发布人或社区工作人员可以" zh, "only the beneficiary, the poster or staff " en
/* The statuses a step starts from and its refusal: "only <from there>". */
#define FROM(from, zh, en) from, "只能" zh, "only " en
	[XA_CONFIRM] = {"confirm", FROM("proposed", "确认待审核的匹配", "an unreviewed proposal can be confirmed"), BY_STAFF("确认匹配", "confirm proposals")},
	[XA_REASSIGN] = {"reassign", FROM("proposed", "改派待接单的匹配", "a proposal can be reassigned"), BY_STAFF("改派", "reassign proposals")},
	[XA_ACCEPT] = {"accept", FROM("proposed", "接受待接单的匹配", "a proposal can be accepted"), BY_PROVIDER("接单", "accepts")},
	[XA_DECLINE] = {"decline", FROM("proposed accepted", "拒绝待接单或已接单的匹配", "a proposed or accepted match can be declined"), BY_PROVIDER("拒绝", "declines")},
	[XA_DELIVER] = {"deliver", FROM("accepted", "为已接单的匹配登记完成", "an accepted match can be delivered"), BY_PROVIDER("登记服务完成", "records delivery")},
	[XA_BCONFIRM] = {"beneficiary_confirm", FROM("delivered disputed", "确认已完成或有异议的服务", "a delivered or disputed match can be confirmed"), BY_SIDE("确认服务", "confirm a delivery")},
	[XA_RATE] = {"rate", FROM("confirmed", "评价已确认的服务", "a confirmed match can be rated"), BY_SIDE("评价", "rate a service")},
	[XA_CANCEL] = {"cancel", FROM("proposed accepted disputed", "取消待接单、已接单或有异议的匹配", "a proposed, accepted or disputed match can be cancelled"), BY_STAFF("取消匹配", "cancel matches")},
	[XA_DISPUTE] = {"dispute", FROM("delivered", "对已登记完成的服务提出异议", "a delivered match can be disputed"), BY_SIDE("提出异议", "dispute a delivery")},
#undef BY_STAFF
#undef BY_PROVIDER
#undef BY_SIDE
#undef FROM
};

static bool starts_from(const char *from, const char *status)
{
	size_t n = strlen(status);
	for (const char *s = from; (s = strstr(s, status)); s += n)
		if ((s == from || s[-1] == ' ') && (s[n] == ' ' || s[n] == '\0'))
			return true;
	return false;
}

/* A step's write to its match: the columns it sets, and the new version. */
#define MATCH_SET(cols) "UPDATE xchg_matches SET " cols ", version=version+1, updated_at=? WHERE id=?"

/* Reassign: the other service must be feasible for the demand now. */
static int reassign(struct ctx *c, const struct mcore *m, int64_t id, int64_t service_id)
{
	if (service_id == m->service_id)
		return err_set(c->e, ERR_RULE, "service_id", "已是该服务", "the proposal already names this service");
	struct exchange_cost cost;
	int why = 0;
	int rc = exchange_pair_eval(c->db, m->demand_id, service_id, &cost, &why, c->e);
	if (rc == ERR_NOT_FOUND)
		return err_set(c->e, ERR_RULE, "service_id", "服务不存在", "no such service");
	if (rc)
		return rc;
	if (why != XI_OK)
		return err_setf(c->e, ERR_RULE, "service_id", "该服务不可行：%s", "that service is not feasible: %s",
				exchange_infeasible_code(why));
	struct sb cj = SB_INIT;
	struct jw w;
	jw_init(&w, &cj);
	exchange_cost_json(&w, &cost);
	rc = db_exec(c->db, c->e,
		     MATCH_SET("service_id=?, cost=?, cost_json=?, staff_confirmed_at=NULL,"
			       " confirmed_by_staff=NULL, due_at=?"),
		     "iisiii", service_id, cost.total, sb_str(&cj),
		     exchange_add_working_days(c->db, c->now, EXCHANGE_ANSWER_WORKING_DAYS), c->now, id);
	sb_free(&cj);
	return rc;
}

/* Rate: the match, and the service's rating (which the cost model reads). */
static int rate(struct ctx *c, const struct mcore *m, int64_t id, const struct exchange_action_in *in)
{
	if (in->rating < 1 || in->rating > 5)
		return err_set(c->e, ERR_INVALID, "rating", "评分应为 1–5", "rating must be 1–5");
	int rc;
	if ((rc = db_exec(c->db, c->e,
			  MATCH_SET("status='rated', rated_at=?, rating=?, rating_comment=?"),
			  "iisii", c->now, in->rating, in->comment, c->now, id)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE xchg_services SET rating_sum=rating_sum+?, rating_count=rating_count+1,"
			  " updated_at=? WHERE id=?",
			  "iii", in->rating, c->now, m->service_id)))
		return rc;
	struct sb sa = SB_INIT;
	sb_addf(&sa, "{\"rating_added\":%lld,\"match_id\":%lld}", (long long)in->rating, (long long)id);
	rc = audit_record(c, "rate", "xchg_service", m->service_id, m->rec.region_id, NULL, sb_str(&sa));
	sb_free(&sa);
	return rc;
}

/* The step's write, its permission and state already checked. */
static int take_step(struct ctx *c, const struct mcore *m, int64_t id, enum exchange_action a,
		     const struct exchange_action_in *in)
{
	struct db *db = c->db;
	struct err *e = c->e;
	int64_t now = c->now, uid = c->who ? c->who->user_id : 0;
	switch (a) {
	case XA_CONFIRM:
		if (!m->consent)
			return err_set(e, ERR_RULE, "consent", "受益人尚未同意向服务方提供个人信息",
				       "the beneficiary has not consented to share their details with a provider");
		return db_exec(db, e,
			       MATCH_SET("staff_confirmed_at=?, confirmed_by_staff=CASE WHEN ?=0 THEN NULL ELSE ? END,"
					 " due_at=?"),
			       "iiiiii", now, uid, uid, exchange_add_working_days(db, now, EXCHANGE_ANSWER_WORKING_DAYS), now, id);
	case XA_REASSIGN:
		return reassign(c, m, id, in->service_id);
	case XA_ACCEPT:
		return db_exec(db, e, MATCH_SET("status='accepted', accepted_at=?, due_at=?"),
			       "iiii", now,
			       m->window_end > now ? m->window_end : now + EXCHANGE_DELIVER_DAYS * 86400LL * 1000000LL,
			       now, id);
	case XA_DECLINE:
	case XA_CANCEL: /* closed, for the reason given */
		return db_exec(db, e,
			       a == XA_DECLINE ? MATCH_SET("status='declined', decline_reason=?, due_at=NULL")
					       : MATCH_SET("status='cancelled', cancel_reason=?, due_at=NULL"),
			       "sii", in->reason, now, id);
	case XA_DELIVER:
		return db_exec(db, e,
			       MATCH_SET("status='delivered', delivered_at=?, hours_delivered=?, delivery_note=?,"
					 " due_at=?"),
			       "iisiii", now, in->minutes, in->note,
			       exchange_add_working_days(db, now, EXCHANGE_CONFIRM_WORKING_DAYS), now, id);
	case XA_BCONFIRM:
		return db_exec(db, e,
			       MATCH_SET("status='confirmed', confirmed_at=?, delivery_confirmed_by=CASE WHEN ?=0"
					 " THEN NULL ELSE ? END, due_at=NULL"),
			       "iiiii", now, uid, uid, now, id);
	case XA_RATE:
		return rate(c, m, id, in);
	case XA_DISPUTE:
		return db_exec(db, e,
			       MATCH_SET("status='disputed', disputed_at=?, dispute_reason=?, due_at=?"),
			       "isiii", now, in->reason, exchange_add_working_days(db, now, EXCHANGE_ANSWER_WORKING_DAYS), now,
			       id);
	}
	return err_set(e, ERR_INTERNAL, "", "未知操作", "unknown step");
}

int exchange_match_act(struct ctx *c, int64_t id, enum exchange_action a, const struct exchange_action_in *in)
{
	const struct principal *p = c->who;
	const struct step *sp = &steps[a];
	struct mcore m;
	int rc = load_match(c, id, &m);
	if (rc)
		return rc;
	bool staff = !p || auth_covers_path(p, EXCHANGE_STAFF, m.rec.path);
	bool field = !p || auth_covers_path(p, EXCHANGE_FIELD, m.rec.path);
	bool provider = m.linked && m.sent;
	if (!field && !m.benef && !provider)
		return auth_forbidden(c->e);
	/* version 0: not checked (the body may leave it out) */
	if ((rc = record_begin(c, &m.rec, in->version ? in->version : -1)))
		return rc;
	bool may = sp->who == STAFF ? staff : sp->who == PROVIDER ? provider : m.benef || field;
	if (!may)
		return err_set(c->e, ERR_FORBIDDEN, "", sp->deny_zh, sp->deny_en);
	if (!starts_from(sp->from, m.status) || (a == XA_CONFIRM && m.sent))
		return bad_state(c, m.status, sp->state_zh, sp->state_en);
	if ((rc = take_step(c, &m, id, a, in)) || (rc = exchange_demand_refresh(c, m.demand_id)) ||
	    (rc = exchange_match_notify(c, id, a)))
		return rc;
	return record_commit(c, &m.rec, sp->name);
}

static int act_as(struct ctx *c, int64_t id, enum exchange_action a, const void *in)
{
	static const struct exchange_action_in none;
	return exchange_match_act(c, id, a, in ? in : &none);
}
int exchange_match_confirm(struct ctx *c, int64_t id, const void *in) { return act_as(c, id, XA_CONFIRM, in); }
int exchange_match_reassign(struct ctx *c, int64_t id, const void *in) { return act_as(c, id, XA_REASSIGN, in); }
int exchange_match_accept(struct ctx *c, int64_t id, const void *in) { return act_as(c, id, XA_ACCEPT, in); }
int exchange_match_decline(struct ctx *c, int64_t id, const void *in) { return act_as(c, id, XA_DECLINE, in); }
int exchange_match_deliver(struct ctx *c, int64_t id, const void *in) { return act_as(c, id, XA_DELIVER, in); }
int exchange_match_bconfirm(struct ctx *c, int64_t id, const void *in) { return act_as(c, id, XA_BCONFIRM, in); }
int exchange_match_rate(struct ctx *c, int64_t id, const void *in) { return act_as(c, id, XA_RATE, in); }
int exchange_match_cancel(struct ctx *c, int64_t id, const void *in) { return act_as(c, id, XA_CANCEL, in); }
int exchange_match_dispute(struct ctx *c, int64_t id, const void *in) { return act_as(c, id, XA_DISPUTE, in); }

/* ---------- overdue queue ---------- */

/* One region's roll-up of overdue matches, by the step they wait for. */
static const struct jcol overdue_cols[] = {
	{"region_id", 0, JC_INT}, {"name", 1, JC_TEXT}, {"overdue", 2, JC_INT},
	{"awaiting_review", 3, JC_INT}, {"awaiting_provider", 4, JC_INT},
	{"awaiting_delivery", 5, JC_INT}, {"awaiting_confirmation", 6, JC_INT},
	{"awaiting_resolution", 7, JC_INT},
};

int exchange_overdue_write(struct ctx *c, struct jw *w, int64_t region_id, int64_t limit,
		       int64_t offset)
{
	const struct principal *p = c->who;
	struct db *db = c->db;
	struct err *e = c->e;
	int64_t now = c->now;
	const char *scope = exchange_scope_path(p, EXCHANGE_FIELD);
	int rc;
	if (!scope)
		return auth_forbidden(e);
	if (region_id &&
	    ((rc = auth_scope_region(db, p, EXCHANGE_FIELD, region_id, e)) ||
	     (rc = exchange_region_path(c, region_id, &scope))))
		return rc;
	struct exchange_match_filter f = {.region_id = region_id, .overdue = true, .limit = limit,
				      .offset = offset};
	int64_t total = 0;
	/* {"items":[…],"total","page","per_page", then the roll-ups}. */
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	if ((rc = exchange_matches_list(db, p, w, &f, now, &total, e)))
		return rc;
	jw_arr_end(w);
	jw_kint(w, "page", limit ? offset / limit + 1 : 1);
	jw_kint(w, "per_page", limit);
	static const char *const levels[] = {"town", "community"};
	static const char *const keys[] = {"towns", "communities"};
	for (int k = 0; k < 2; k++) {
		jw_key(w, keys[k]);
		jw_arr(w);
		struct stmt *st = db_q(
			db, e,
			"SELECT a.id, a.name, count(*),"
			" sum(m.status='proposed' AND m.staff_confirmed_at IS NULL),"
			" sum(m.status='proposed' AND m.staff_confirmed_at IS NOT NULL),"
			" sum(m.status='accepted'), sum(m.status='delivered'), sum(m.status='disputed')"
			" FROM xchg_matches m JOIN xchg_demands d ON d.id=m.demand_id JOIN regions r ON r.id=d.region_id"
			" JOIN regions a ON a.level=? AND r.path >= a.path AND r.path < substr(a.path,1,length(a.path)-1) || '0'"
			" WHERE m.status IN ('proposed','accepted','delivered','disputed') AND m.due_at < ?"
			" AND r.path >= ? AND r.path < substr(?,1,length(?)-1) || '0'"
			" GROUP BY a.id, a.name ORDER BY count(*) DESC, a.id",
			"sisss", levels[k], now, scope, scope, scope);
		if (!st)
			return e->code;
		if ((rc = jw_rows(w, st, JCOLS(overdue_cols), e)) < 0)
			return rc;
		jw_arr_end(w);
	}
	jw_kint(w, "total", total);
	jw_obj_end(w);
	return 0;
}
