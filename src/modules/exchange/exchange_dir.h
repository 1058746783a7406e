/*
 * exchange_dir.h — the exchange's directory side (DOMAIN.md §4.3): full-text
 * search over demands and services (exchange_search.c), the Open Referral
 * HSDS 3.0 export of the service directory (exchange_hsds.c), and space for
 * service — idle rooms and plots lent in exchange for service owed, its
 * monthly delivery log, shortfalls, renewals and bookings (exchange_space.c).
 *
 * It reads the exchange and registry tables (030_exchange.sql,
 * 010_registry.sql), which other code writes; search stays in step with
 * them through triggers (035_xchg_search.sqlite.sql), so nothing here must be
 * called when a demand or service changes. Every read and write checks the
 * caller's region scope; every write is audited in the caller's
 * transaction. Logic writes JSON through jw but never sees a request.
 */
#ifndef WUSHE_MODULES_EXCHANGE_XCHG_DIR_H
#define WUSHE_MODULES_EXCHANGE_XCHG_DIR_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/jw.h"

struct db;
struct list_result;
struct principal;

/* ---------- scope (shared by the lists here) ---------- */

/* The caller's grants as eight fixed (low, high, restricted) path-range
 * slots, so that list SQL has constant text (cached) whatever the number of
 * grants; unused slots are empty ranges. restricted = the grant's role is
 * outside ROLES_FIELD (sees public demands / active services only). */
#define EXCHANGE_SCOPE_SLOTS 8
struct exchange_scope {
	char lo[EXCHANGE_SCOPE_SLOTS][512], hi[EXCHANGE_SCOPE_SLOTS][512];
	int64_t restricted[EXCHANGE_SCOPE_SLOTS];
};
void exchange_scope_from(const struct principal *p, struct exchange_scope *s);
/* Add the regions above the first grant as slots of their one region, for
 * public records only; their paths go to up[SEARCH_UP_MAX] (exchange_search.c). */
int exchange_scope_up(struct exchange_scope *s, char (*up)[512]);
#define EXCHANGE_SLOT_SQL(rest) "(r.path>=? AND r.path<? AND (?=0 OR " rest "))"
#define EXCHANGE_SCOPE_SQL(rest)                                                                  \
	"(" EXCHANGE_SLOT_SQL(rest) " OR " EXCHANGE_SLOT_SQL(rest) " OR " EXCHANGE_SLOT_SQL(rest) " OR "    \
	EXCHANGE_SLOT_SQL(rest) " OR " EXCHANGE_SLOT_SQL(rest) " OR " EXCHANGE_SLOT_SQL(rest) " OR "        \
	EXCHANGE_SLOT_SQL(rest) " OR " EXCHANGE_SLOT_SQL(rest) ")"
#define EXCHANGE_SCOPE_TYPES "ssissississississississi"
#define EXCHANGE_SCOPE_ARGS(s)                                                                     \
	(s)->lo[0], (s)->hi[0], (s)->restricted[0], (s)->lo[1], (s)->hi[1], (s)->restricted[1], \
		(s)->lo[2], (s)->hi[2], (s)->restricted[2], (s)->lo[3], (s)->hi[3],             \
		(s)->restricted[3], (s)->lo[4], (s)->hi[4], (s)->restricted[4], (s)->lo[5],     \
		(s)->hi[5], (s)->restricted[5], (s)->lo[6], (s)->hi[6], (s)->restricted[6],     \
		(s)->lo[7], (s)->hi[7], (s)->restricted[7]

/* ---------- search (exchange_search.c) ---------- */

#define EXCHANGE_SEARCH_MAX_CHARS 64   /* whole query */
#define EXCHANGE_SEARCH_MAX_WORDS 8

struct exchange_search_in {
	const char *q;          /* words separated by spaces or punctuation; required */
	const char *type;       /* "demand" (default) or "service" */
	int64_t term_id;        /* 0 = any; a top-level term includes its children */
	int64_t region_id;      /* 0 = the caller's whole scope; else that subtree (must be in scope) */
	const char *status;     /* NULL = any (residents: public demands / active services only) */
	int64_t page, per_page;
	const char *sort;       /* NULL, "" or "relevance"; "-created_at" newest first; "created_at" */
};

/* Writes {"items":[…],"total":N,"page":…,"per_page":…,"index":"trigram"|"bigram"}.
 * p NULL = the system (everything). Items carry highlight segments:
 * arrays of strings, even indexes plain text, odd indexes matched text. */
int exchange_search(struct db *db, const struct principal *p, const struct exchange_search_in *in,
		struct jw *w, struct err *e);

/* Split a query into words (exposed for tests): returns the count (0..max)
 * or ERR_INVALID; words[i] point into buf (NUL-terminated copies). */
int exchange_search_words(const char *q, char *buf, size_t cap, const char **words, int max,
		      struct err *e);
/* Append highlight segments of text for the words as a JSON array; when
 * window > 0, only about that many characters around the first match. */
void exchange_search_highlight(struct jw *w, const char *text, const char *const *words, int n,
			   int window);

/* ---------- HSDS 3.0 (exchange_hsds.c) ---------- */

enum exchange_hsds_kind { HSDS_ORGANIZATIONS, HSDS_SERVICES, HSDS_SERVICE_AT_LOCATIONS };

/* Write a JSON array of HSDS objects of one kind: only active services and
 * the organisations, teams and locations behind them; no personal data
 * (no person's name or phone; professionals' services carry no phone and
 * sit at their community's facility). limit < 0 = all. *total (may be
 * NULL) gets the number of objects of that kind. */
int exchange_hsds_write(struct db *db, enum exchange_hsds_kind kind, struct jw *w, int64_t offset,
		    int64_t limit, int64_t *total, struct err *e);
/* A stable UUID (RFC 9562 version 8, from SHA-256) for one wushe record:
 * the same district, entity and id always give the same UUID. */
void exchange_hsds_uuid(const char *ns, const char *entity, int64_t id, char out[37]);
/* True when phone is a mainland mobile number (a person's own: never published). */
bool exchange_hsds_is_mobile(const char *phone);
/* Write organizations.json, services.json, service_at_locations.json into dir. */
int exchange_hsds_export_dir(struct db *db, const char *dir, int64_t counts[3], struct err *e);

/* ---------- space for service (exchange_space.c) ---------- */

/* Logic takes the request's context (core/ctx.h); every record goes
 * through the one lifecycle (audit/record.h) and every list through the
 * list helper (store/list.h). Enum arrays are the ones the field tables
 * of exchange_dir_http.c declare. */
extern const char *const exchange_space_kinds[];      /* room hall plot other */
extern const char *const exchange_space_statuses[];   /* available closed */
extern const char *const exchange_agreement_statuses[]; /* active renewed ended terminated */
extern const char *const exchange_agreement_ends[];   /* ended terminated (closing) */

struct record_kind;
extern const struct record_kind exchange_space_kind, exchange_agreement_kind, exchange_delivery_kind,
	exchange_booking_kind;

/* A directory list's paging (page/per_page or a cursor) and sort. */
struct exchange_dir_page {
	int64_t page, per_page;
	const char *sort, *cursor;
};

struct exchange_space_in {
	int64_t region_id;            /* create */
	const char *name, *kind, *description, *status;
	int64_t facility_room_id, area_m2;
	bool has_room, has_area, has_description; /* update: the key was given (null clears) */
	int64_t version;              /* update */
};
int exchange_space_create(struct ctx *c, const struct exchange_space_in *in, int64_t *id_out);
int exchange_space_update(struct ctx *c, int64_t id, const struct exchange_space_in *in);
int exchange_space_write(struct ctx *c, struct jw *w, int64_t id);
struct exchange_space_filter {
	int64_t region_id;
	const char *kind, *q;
	struct exchange_dir_page pg;
};
/* The page's items into the open array w; res as list_run leaves it. */
int exchange_space_list(struct ctx *c, const struct exchange_space_filter *f, struct jw *w,
		    struct list_result *res);

struct exchange_agreement_in {
	int64_t space_id, organisation_id, person_id;
	const char *start_month, *end_month;  /* 'YYYY-MM' */
	int64_t rent_fen, hours_per_month;    /* renewal: < 0 = as before */
	const char *service_what, *service_for_whom, *note;
	const char *override_reason;          /* renewal only */
};
int exchange_agreement_create(struct ctx *c, const struct exchange_agreement_in *in, int64_t *id_out);
/* The agreement with its months (owed, delivered, pending, shortfall) and
 * deliveries; c->now decides which months are due (those before the
 * current month in Shanghai, and the whole term once it has ended). */
int exchange_agreement_write(struct ctx *c, struct jw *w, int64_t id);
struct exchange_agreement_filter {
	int64_t region_id, space_id;
	const char *status;
	struct exchange_dir_page pg;
};
int exchange_agreement_list(struct ctx *c, const struct exchange_agreement_filter *f, struct jw *w,
			struct list_result *res);
/* Renew for a new term (start = the month after the old end unless given).
 * With a shortfall over the old term the renewal is refused (ERR_RULE,
 * field override_reason, the short months listed) unless override_reason
 * is given; the reason is kept on the new agreement and audited. What is
 * not restated (service_what, service_for_whom, hours, rent, holder)
 * carries over whole. */
int exchange_agreement_renew(struct ctx *c, int64_t id, const struct exchange_agreement_in *in,
			 int64_t *id_out);

/* End an active agreement: status "ended" (term over) or "terminated"
 * (early); the note is appended to the agreement's note. Staff only. */
struct exchange_agreement_close_in {
	const char *status, *note;
};
int exchange_agreement_close(struct ctx *c, int64_t id, const struct exchange_agreement_close_in *in);

struct exchange_delivery_in {
	const char *month;
	int64_t minutes, beneficiaries;
	const char *what;
};
/* Logging, confirming and booking need a user (who did it is recorded). */
int exchange_delivery_log(struct ctx *c, int64_t agreement_id, const struct exchange_delivery_in *in,
		      int64_t *id_out);
int exchange_delivery_confirm(struct ctx *c, int64_t id);
/* agreement id of a delivery (0 if none). */
int64_t exchange_delivery_agreement(struct ctx *c, int64_t id);

/* Month arithmetic and the shortfall rule (pure; tested directly). A month
 * is owed hours_per_month×60 minutes; confirmed minutes count; a month's
 * surplus does not make up for another month. */
struct exchange_month {
	char month[8];
	int64_t owed, delivered, pending, shortfall;  /* minutes */
	bool due;
};
struct exchange_term_totals {
	int64_t owed, delivered, pending, shortfall;  /* minutes over the due months */
	int months_due, months_short;
};
int exchange_month_index(const char *ym);               /* y*12+m-1, or -1 if malformed */
void exchange_month_format(int idx, char out[8]);
void exchange_month_of(int64_t us, char out[8]);        /* the month of a time, in Shanghai */
void exchange_shortfall(struct exchange_month *m, int n, struct exchange_term_totals *t);

struct exchange_booking_in {
	int64_t space_id, start_at, end_at;
	const char *title, *organiser;
};
/* ERR_CONFLICT naming the overlapping booking (field start_at). */
int exchange_booking_create(struct ctx *c, const struct exchange_booking_in *in, int64_t *id_out);
int exchange_booking_cancel(struct ctx *c, int64_t id);
int exchange_booking_write(struct ctx *c, struct jw *w, int64_t id);
struct exchange_booking_filter {
	int64_t space_id, region_id, from, to;
	bool include_cancelled;
	const char *status;           /* NULL or "booked" (anything else: 400) */
	struct exchange_dir_page pg;
};
int exchange_booking_list(struct ctx *c, const struct exchange_booking_filter *f, struct jw *w,
		      struct list_result *res);

#endif
