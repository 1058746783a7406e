/*
 * xchg.h — the social-service exchange (DOMAIN.md §4.3): the service
 * taxonomy, demands (需求, 微心愿), supply (services offered by
 * organisations, volunteer teams and professionals), optimal batch
 * matching (assign.h) and the closed loop of each match
 *
 *   proposed → (staff confirm) → accepted → delivered → confirmed → rated
 *
 * with declined / cancelled as the exits that re-open the demand.
 *
 * Who may do what:
 *   - residents post demands for themselves in their own community and
 *     follow, confirm and rate them;
 *   - field staff (district/town admin, community staff, grid workers,
 *     social workers) post demands for others and read what their region
 *     grants cover; staff (admins, community staff) run matching, confirm,
 *     reassign and cancel proposals;
 *   - providers are users linked to an organisation, a team or a
 *     professional person through exchange_provider_accounts; they manage
 *     those providers' services and answer the proposals made to them.
 * A beneficiary's name is shown only to staff in scope, the poster, the
 * beneficiary and the provider of a staff-confirmed match once the
 * beneficiary has consented. Their phone is shown to the same people only
 * masked (138****5678; withheld from providers when they asked not to be
 * contacted); the full number leaves only through exchange_demand_reveal,
 * which is audited: staff in scope, and the provider of an accepted or
 * delivered match while consent stands (docs/exchange.md, "Contact
 * details").
 *
 * Logic takes the request's context (core/ctx.h: store, caller, time,
 * arena, error); the functions shaped like http/resource.h's callbacks
 * take their input as `const void *` (the struct named beside them), so
 * the routes point at them directly. Every write goes through the one
 * record lifecycle (audit/record.h: load, version, snapshot, write,
 * snapshot, one audit entry) in the caller's transaction (the router's,
 * or the test's); every function that reads or writes checks the
 * caller's scope first. Times are µs UTC; deadlines count working days in
 * Asia/Shanghai by the holiday calendar (modules/calendar).
 */
#ifndef WUSHE_MODULES_EXCHANGE_XCHG_H
#define WUSHE_MODULES_EXCHANGE_XCHG_H

#include <stdbool.h>
#include <stdint.h>

#include "audit/record.h"
#include "core/ctx.h"
#include "core/err.h"
#include "core/jw.h"
#include "store/list.h"

struct db;
struct principal;

/* Roles. */
#include "auth/auth.h"
#define EXCHANGE_FIELD ROLES_FIELD                       /* read demands in scope, post for others */
#define EXCHANGE_STAFF ROLES_STAFF                       /* run matching, confirm, reassign, cancel */
#define EXCHANGE_PROVIDER (R(ROLE_ORG_ADMIN) | R(ROLE_VOLUNTEER) | R(ROLE_SOCIAL_WORKER))
#define EXCHANGE_ALL ROLES_ANY

/* Default deadlines. */
#define EXCHANGE_ANSWER_WORKING_DAYS 2   /* staff review; provider accepts or declines */
#define EXCHANGE_CONFIRM_WORKING_DAYS 3  /* beneficiary confirms a delivery */
#define EXCHANGE_DELIVER_DAYS 7          /* calendar days to deliver when the demand has no window */

/* ---------- time ---------- */
/* t plus n working days (Asia/Shanghai, the holiday calendar of
 * modules/calendar), same time of day. Should the calendar be unreadable,
 * Monday to Friday (logged). */
int64_t exchange_add_working_days(struct db *db, int64_t t, int n);
/* 0 = Monday … 6 = Sunday, in Asia/Shanghai. */
int exchange_weekday(int64_t t);

/* ---------- status groups ---------- */
/* "in_progress" (进行中), "got_help" (已获帮助) or "needs_action" (需跟进)
 * for a match status; an overdue proposed/accepted/delivered match needs
 * action whatever its status. */
const char *exchange_match_group(const char *status, int64_t due_at, int64_t now);
/* Whether the match waits for the viewer's step, which puts it under
 * needs_action for that viewer whatever exchange_match_group says: a
 * delivery waits for the beneficiary's side (side: the viewer posted the
 * demand or is its beneficiary) to confirm it; a proposal staff sent
 * (sent) waits for the service's provider (provider: the viewer acts for
 * it) to accept or decline. Staff, and anyone else, see the plain group. */
bool exchange_match_awaits(const char *status, bool sent, bool side, bool provider);

/* ---------- values a body may leave out ---------- */
/* A number that is absent or null in the body has `has` false (the
 * record keeps its value). */
struct exchange_int {
	int64_t v;
	bool has;
};
struct exchange_num {
	double v;
	bool has;
};
struct exchange_flag {
	bool v, has;
};
/* Up to 16 ids (term_ids, region_ids); `has` false: not given. */
#define EXCHANGE_MAX_IDS 16
struct exchange_ids {
	int64_t v[EXCHANGE_MAX_IDS];
	int n;
	bool has;
};

/* The enums of the exchange's bodies and lists, declared once: the field
 * tables (exchange_http.c), the logic and the UI's enum list read these. */
extern const char *const exchange_demand_kinds[], *const exchange_beneficiary_groups[],
	*const exchange_privacies[], *const exchange_recurrences[], *const exchange_urgencies[],
	*const exchange_provider_kinds[], *const exchange_cost_kinds[], *const exchange_service_statuses[],
	*const exchange_demand_statuses[], *const exchange_match_statuses[],
	*const exchange_match_groups[]; /* the demands' and matches' list filters */

/* ---------- records (audit/record.h) ---------- */
extern const struct record_kind exchange_term_kind, exchange_demand_kind, exchange_service_kind,
	exchange_match_kind, exchange_provider_account_kind;

/* ---------- taxonomy ---------- */
struct exchange_term_in {
	int64_t parent_id; /* 0 = top level (create only) */
	const char *code, *name, *name_en, *description;
	struct exchange_int sort_order;
	struct exchange_flag active;
	int64_t version; /* update */
};
int exchange_terms_write(struct ctx *c, struct jw *w, bool include_inactive);
int exchange_term_create(struct ctx *c, const void *in /* exchange_term_in */, int64_t *id_out);
int exchange_term_update(struct ctx *c, int64_t id, const void *in /* exchange_term_in */);
int exchange_term_write(struct ctx *c, struct jw *w, int64_t id);

/* ---------- demands ---------- */
struct exchange_demand_in {
	int64_t region_id;          /* residents: defaults to their community */
	const char *title, *description, *kind, *address;
	const char *beneficiary_name, *beneficiary_phone, *beneficiary_group, *privacy;
	int64_t beneficiary_person_id;
	bool consent, no_contact;
	struct exchange_num latitude, longitude; /* both or neither */
	int64_t window_start, window_end; /* 0 = none */
	const char *recurrence;
	struct exchange_int schedule_mask;
	int64_t people_needed;      /* 0: 1 on create, unchanged on update */
	const char *skills, *urgency;
	struct exchange_ids terms;      /* required on create */
	int64_t version;
};
int exchange_demand_create(struct ctx *c, const void *in /* exchange_demand_in */, int64_t *id_out);
int exchange_demand_update(struct ctx *c, int64_t id, const void *in /* exchange_demand_in */);
/* Withdraw an open or matching demand (its proposals are cancelled). */
int exchange_demand_cancel(struct ctx *c, int64_t id, const void *unused);
/* The beneficiary (or staff who asked them in person) gives consent and
 * says whether they may be contacted directly. */
struct exchange_consent_in {
	bool consent, no_contact;
};
int exchange_demand_consent(struct ctx *c, int64_t id, const void *in /* exchange_consent_in */);
int exchange_demand_write(struct ctx *c, struct jw *w, int64_t id);
/* The beneficiary's full name and phone, for a stated purpose (2–200
 * characters), to staff (admins, community staff) whose grants cover the
 * demand, and to the provider of an accepted or delivered match while the
 * beneficiary consents to contact; audited as "reveal" on the demand (the
 * purpose, never the values). Writes {"id","beneficiary_name",
 * "beneficiary_phone","purpose"}. Everyone else: 403. */
int exchange_demand_reveal(struct ctx *c, int64_t id, const char *purpose, struct jw *w);

/* The filters of the demands and services lists (both are postings). */
struct exchange_posting_filter {
	int64_t region_id, term_id;
	const char *status, *q, *sort;
	bool mine; /* demands: posted by or for the caller; services: of the caller's providers */
	int64_t limit, offset;
	const char *cursor;        /* keyset paging (store/list.h); NULL: by offset */
	struct list_result *res;   /* optional: next_cursor, total_is_estimate */
};
int exchange_demands_list(struct db *db, const struct principal *p, struct jw *w,
		      const struct exchange_posting_filter *f, int64_t now, int64_t *total, struct err *e);

/* Re-derive a demand's status from its matches (open / matching /
 * in_progress / fulfilled) after a transition; sets fulfilled_at once. */
int exchange_demand_refresh(struct ctx *c, int64_t demand_id);

/* ---------- services ---------- */
struct exchange_service_in {
	int64_t region_id, organisation_id, team_id, person_id;
	const char *provider_kind, *name, *description, *skills, *cost_kind, *contact_phone, *status;
	struct exchange_num latitude, longitude; /* both or neither */
	struct exchange_int radius_m, schedule_mask, capacity_per_week, price_fen;
	struct exchange_ids terms;     /* required on create */
	struct exchange_ids regions;   /* regions served besides the home region */
	int64_t version;
};
int exchange_service_create(struct ctx *c, const void *in /* exchange_service_in */, int64_t *id_out);
int exchange_service_update(struct ctx *c, int64_t id, const void *in /* exchange_service_in */);
int exchange_service_write(struct ctx *c, struct jw *w, int64_t id);
int exchange_services_list(struct db *db, const struct principal *p, struct jw *w,
		       const struct exchange_posting_filter *f, int64_t now, int64_t *total, struct err *e);
/* May the caller manage service id (its provider is linked to them, or staff in scope)? */
int exchange_service_check_manage(struct ctx *c, int64_t id);

/* ---------- provider accounts ---------- */
struct exchange_provider_in {
	int64_t user_id, organisation_id, team_id, person_id; /* exactly one provider */
};
int exchange_provider_link(struct ctx *c, const void *in /* exchange_provider_in */, int64_t *id_out);
int exchange_provider_unlink(struct ctx *c, int64_t id);
/* {"id"} of a link (what POST /provider-accounts answers). */
int exchange_provider_write(struct ctx *c, struct jw *w, int64_t id);
/* The providers the caller acts for (mine) or, for staff, the links in their scope. */
int exchange_providers_write(struct ctx *c, struct jw *w, bool mine);
/* Is p linked to the provider of service id? */
bool exchange_is_provider_of(struct db *db, const struct principal *p, int64_t service_id);

/* ---------- matching ---------- */
/* The cost of pairing one demand with one service, term by term. */
struct exchange_cost {
	int64_t distance, skills, schedule, load, rating, urgency, price, total;
	int64_t distance_m; /* -1 when unknown (no coordinates) */
	int missing_skills;
};
/* Why a pair is infeasible (0 = feasible); the reasons are ordered from
 * least to most promising so a demand's reason is the best it reached. */
enum exchange_infeasible {
	XI_OK = 0,
	XI_NO_SERVICE = 1, /* no active service at all */
	XI_NO_TERM,        /* no shared taxonomy term */
	XI_OUTSIDE_AREA,   /* outside radius and regions served */
	XI_NO_SCHEDULE,    /* weekly schedules do not overlap */
	XI_NO_CAPACITY,    /* the service is fully booked */
	XI_ALREADY,        /* this service already serves (or declined) this demand */
	XI_COMPETITION,    /* feasible, but others took the capacity */
	XI_TOO_FEW,        /* fewer distinct feasible services than people needed */
};
const char *exchange_infeasible_code(int why);

/* The inputs of the cost model, as loaded for one demand and one service
 * (exported so the unit tests can check each term). */
struct exchange_dem {
	int64_t id;
	const char *region_path;
	bool has_coords;
	double lat, lon;
	int64_t schedule_mask;
	const char *skills, *urgency;
	int need;
	const int64_t *terms;
	int nterms;
};
struct exchange_svc {
	int64_t id, region_id;
	bool has_coords;
	double lat, lon;
	int64_t radius_m, schedule_mask, capacity, load, rating_sum, rating_count;
	const char *skills, *cost_kind;
	const int64_t *terms; /* expanded with the children of each term */
	int nterms;
	const char *const *served_paths; /* home region and exchange_service_regions */
	int nserved;
};
int exchange_pair_cost(const struct exchange_dem *d, const struct exchange_svc *s, struct exchange_cost *c);
/* The cost of demand × service as the store holds them now (reassign,
 * tests); *why is XI_OK or the reason the pair is infeasible. */
int exchange_pair_eval(struct db *db, int64_t demand_id, int64_t service_id, struct exchange_cost *c,
		   int *why, struct err *e);
double exchange_haversine_m(double lat1, double lon1, double lat2, double lon2);
/* Write the breakdown as a JSON object. */
void exchange_cost_json(struct jw *w, const struct exchange_cost *c);

struct exchange_batch_result {
	int64_t batch_id;
	int demands, services, matched, unmatched;
	int64_t total_cost, elapsed_us;
};
/* Match every open demand under region_id (a community, a town, the
 * district) against the active services, optimally (assign.h); insert the
 * proposals, the batch row with the unmatched demands and their reasons. */
int exchange_match_run(struct ctx *c, int64_t region_id, struct exchange_batch_result *out);
/* The same as a resource create: in is {region_id}, *id the batch. */
struct exchange_batch_in {
	int64_t region_id;
};
int exchange_batch_create(struct ctx *c, const void *in /* exchange_batch_in */, int64_t *id_out);
/* {"batch": …, "proposals": [first 100], "proposals_total"} (POST /match-batches). */
int exchange_batch_run_write(struct ctx *c, struct jw *w, int64_t id);
/* Feasible services for the demand of match id, cheapest first (staff). */
int exchange_alternatives_write(struct ctx *c, struct jw *w, int64_t match_id);
int exchange_batch_write(struct ctx *c, struct jw *w, int64_t id);
int exchange_batches_list(struct ctx *c, struct jw *w, int64_t region_id, int64_t limit,
		      int64_t offset, struct list_result *res);

/* ---------- closed loop ---------- */
enum exchange_action {
	XA_CONFIRM,   /* staff: accept the proposal, send it to the provider */
	XA_REASSIGN,  /* staff: change to another feasible service */
	XA_ACCEPT,    /* provider */
	XA_DECLINE,   /* provider, with a reason */
	XA_DELIVER,   /* provider, with minutes spent */
	XA_BCONFIRM,  /* beneficiary (or poster, or staff) confirms delivery */
	XA_RATE,      /* beneficiary (or poster, or staff): 1–5 */
	XA_CANCEL,    /* staff (also a disputed match: the demand re-opens) */
	XA_DISPUTE,   /* beneficiary (or poster, or staff): a delivery that did not happen, with a reason */
};
struct exchange_action_in {
	int64_t version;       /* 0 = not checked */
	int64_t service_id;    /* reassign */
	const char *reason;    /* decline, cancel, dispute */
	const char *note;      /* deliver */
	int64_t minutes;       /* deliver */
	int64_t rating;        /* rate */
	const char *comment;   /* rate */
};
int exchange_match_act(struct ctx *c, int64_t id, enum exchange_action a, const struct exchange_action_in *in);
/* The actions as resource actions (in: struct exchange_action_in). */
int exchange_match_confirm(struct ctx *c, int64_t id, const void *in);
int exchange_match_reassign(struct ctx *c, int64_t id, const void *in);
int exchange_match_accept(struct ctx *c, int64_t id, const void *in);
int exchange_match_decline(struct ctx *c, int64_t id, const void *in);
int exchange_match_deliver(struct ctx *c, int64_t id, const void *in);
int exchange_match_bconfirm(struct ctx *c, int64_t id, const void *in);
int exchange_match_rate(struct ctx *c, int64_t id, const void *in);
int exchange_match_cancel(struct ctx *c, int64_t id, const void *in);
int exchange_match_dispute(struct ctx *c, int64_t id, const void *in);
int exchange_match_write(struct ctx *c, struct jw *w, int64_t id);
struct exchange_match_filter {
	int64_t batch_id, demand_id, service_id, region_id;
	const char *status, *group, *sort;
	bool mine;      /* provider: matches of my services; resident: of my demands */
	bool overdue;
	int64_t limit, offset;
	const char *cursor;        /* keyset paging (store/list.h); NULL: by offset */
	struct list_result *res;   /* optional: next_cursor, total_is_estimate */
};
int exchange_matches_list(struct db *db, const struct principal *p, struct jw *w,
		      const struct exchange_match_filter *f, int64_t now, int64_t *total,
		      struct err *e);
/* Overdue steps in scope with their roll-up by town and community. */
int exchange_overdue_write(struct ctx *c, struct jw *w, int64_t region_id, int64_t limit,
		       int64_t offset);

/* ---------- the declarations every record kind and list shares ---------- */
/* A record kind's columns and their number. */
#define EXCHANGE_COLS(a) .cols = (a), .ncols = (int)(sizeof(a) / sizeof((a)[0]))
/* A record kind's names and head (audit/record.h) for a record of `table`
 * (alias `a`) placed by its own region_id. */
#define EXCHANGE_KIND(ent, zh, en, table, a)                                                  \
	.entity = ent, .what_zh = zh, .what_en = en,                                          \
	.head_sql = "SELECT " a ".id, " a ".region_id, " a ".version, r.path FROM " table " " a \
		    " JOIN regions r ON r.id=" a ".region_id WHERE " a ".id=?"
/* A list's id, region and row id columns (store/list.h), all of alias `a`. */
#define EXCHANGE_LIST_KEYS(a) .id = a ".id", .region = a ".region_id", .row_id = a ".id"
/* The end of a list's sorts. */
#define EXCHANGE_SORTS_END {NULL, NULL, false, false}

/* ---------- shared helpers (exchange_util.c) ---------- */
/* 404 naming "id": "no such <what>" (what_zh 不存在). */
int exchange_not_found(struct ctx *c, const char *what_zh, const char *what_en);
/* A rule checked after a write that only the stored row can answer (a
 * partial update leaves the other values as they were): `count_sql`
 * counts the rows of id `?` that break it; none is 0, else the error
 * (code, field, message). */
int exchange_rule_after(struct ctx *c, int64_t id, const char *count_sql, int code, const char *field,
			const char *zh, const char *en);
/* Path of a region, from the arena — 0, or 404 naming "region_id". */
int exchange_region_path(struct ctx *c, int64_t region_id, const char **path_out);
/* The caller's broadest grant path among mask roles, or NULL. */
const char *exchange_scope_path(const struct principal *p, unsigned mask);
/* A beneficiary's phone as every list and detail shows it: masked
 * (138****5678), null when there is none. */
void exchange_write_masked_phone(struct jw *w, const char *phone);
/* A term list ({id, code, name, name_en} in taxonomy order) of a demand
 * (table exchange_demand_terms, column demand_id) or a service. */
int exchange_write_terms(struct db *db, struct jw *w, bool service, int64_t id, struct err *e);
/* Terms given on a demand or service: at least one, each active, none twice. */
int exchange_check_terms(struct ctx *c, const struct exchange_ids *ids);
/* Replace the terms of demand (service false) or service id. */
int exchange_set_terms(struct ctx *c, bool service, int64_t id, const struct exchange_ids *ids);
/* Coordinates: both or neither (400 naming the one missing). */
int exchange_check_coords(struct err *e, const struct exchange_num *lat, const struct exchange_num *lon);

/* The end every exchange list shares: the total of r into *total, and r
 * handed to *res when the handler wants it (cursor, total_is_estimate),
 * else freed. exchange_list_finish runs q for the page req, each row by
 * fn, and hands its result so. */
void exchange_list_hand(struct list_result *r, int64_t *total, struct list_result *res);
int exchange_list_finish(struct db *db, struct list_q *q, const struct list_req *req, list_row_fn fn,
		     void *ctx, int64_t *total, struct list_result *res, struct err *e);

/* ---------- the keyword of a list (exchange_search.c) ---------- */
/* Adds to a demands or services list the keyword kw (`title or
 * description LIKE %kw%`; NULL or "": none). What narrows it through the
 * store's postings (store/search.h), and the term filter, are
 * exchange_keyword_list_run's (exchange_keyword_list.h). title_col,
 * desc_col: the list's columns ("d.title", "d.description"). */
void exchange_list_keyword(struct list_q *q, const char *title_col, const char *desc_col, const char *kw);

/* ---------- the demands and services lists (exchange_util.c) ---------- */
/* What tells the two lists apart; exchange_postings_run does the rest:
 * the scope (the caller's primary field grant, a region inside it, or
 * "mine"), the status, term and keyword filters, the paging. */
struct exchange_posting_list {
	const struct list_spec *spec;
	bool service; /* a services list: the postings of services */
	const char *id_col, *title_col, *desc_col, *status_col;
	const char *const *statuses;
	const char *mine_where, *mine_types; /* "mine": the caller's user id, bound once per type */
	unsigned mine_roles;                 /* "mine" with a region: grants that must cover it (0: none) */
	bool select_now;                     /* bind now as the select's parameter */
	list_row_fn row;
};
int exchange_postings_run(struct db *db, const struct principal *p, const struct exchange_posting_list *pl,
			  const struct exchange_posting_filter *f, void *row_ctx, int64_t now, int64_t *total,
			  struct err *e);

#endif
