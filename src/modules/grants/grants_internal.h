/*
 * grants_internal.h — what the grants area's files share: the application
 * and its inputs, the vote rule, the disclosure calendar's arithmetic
 * (pure functions the unit tests call), the trust fund's and the
 * disclosures' logic. Other areas use grants.h only.
 */
#ifndef WUSHE_MODULES_GRANTS_INTERNAL_H
#define WUSHE_MODULES_GRANTS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/scan.h"
#include "modules/funds/funds.h"
#include "modules/grants/grants.h"

struct record_kind;
struct list_q;
struct stmt;
struct export;

#define GR_MAX_TRANCHES 12
#define GR_RECEIPT_MAX SCAN_MAX_DEFAULT

extern const struct record_kind grant_kind, grant_tranche_kind, grant_spending_kind, grant_receipt_kind,
	property_trust_kind, trust_line_kind, trust_entry_kind, disclosure_kind, disclosure_subject_kind;

extern const char *const disclosure_kinds[];         /* periodic, final, major_event, correction, other */
extern const char *const disclosure_subject_kinds[]; /* fundraising, major_event */
extern const char *const trust_directions[];         /* income, expense */

struct gr_tranches {
	int n;
	int64_t amount[GR_MAX_TRANCHES];
};

struct grant_apply_in {
	int64_t fund_id;
	const char *title, *purpose, *kind;
	int64_t org_id, person_id;
	const char *recipient_name;
	int64_t amount;
	struct gr_tranches tranches;
	bool has_tranches;
	const char *starts_on, *ends_on;
};

/* ---- the committee's vote (grant_vote.c) ---- */

/* The outcome of a committee vote of `electorate` members: quorum is more
 * than half of them voting, approval more than half of them voting yes.
 * 1 approved, -1 rejected (yes can no longer reach a majority and the
 * quorum voted), 0 still open. */
int gr_vote_outcome(int64_t electorate, int64_t yes, int64_t no, int64_t abstain);

/* ---- grants (grants.c) ---- */
int grant_apply(struct ctx *c, const struct grant_apply_in *in, int64_t *id);
int grant_open_vote(struct ctx *c, int64_t id, int64_t version);
int grant_vote(struct ctx *c, int64_t id, const char *choice, const char *comment);
/* 404 when there is no such grant, 403 unless the caller is on its fund's
 * committee (before a vote's body is read). */
int grant_may_vote(struct ctx *c, int64_t id);
int grant_pay_tranche(struct ctx *c, int64_t tranche_id);
int grant_cancel(struct ctx *c, int64_t id, int64_t version, const char *reason);
int grant_complete(struct ctx *c, int64_t id, int64_t version, const char *result);
/* The caller may manage the fund (staff over its region, its managers or
 * approvers; the system). 403 otherwise. */
int gr_may_manage(struct ctx *c, const struct fund_head *f);
/* Split amount into n parts, the odd fen on the first. */
void gr_split(int64_t amount, int n, int64_t *out);
/* Lists. */
int grant_list_query(struct ctx *c, int64_t fund_id, const char *status, int64_t region_id, struct list_q **out);
int grant_list_row(struct stmt *st, void *vc, struct err *e);
int grant_write_detail(struct ctx *c, int64_t id, bool public_view);

/* ---- receipts and spending (grant_spending.c) ---- */
/* Check and keep a scan: PDF, JPEG or PNG by its first bytes, 1 B–5 MiB. */
int grant_receipt_add(struct ctx *c, int64_t grant_id, const char *file_name, const void *data, size_t len,
		      int64_t *id);
int grant_receipt_get(struct ctx *c, int64_t receipt_id, const char **content_type, const char **file_name,
		      unsigned char **data, size_t *len);
struct grant_spending_in {
	const char *spent_on, *item, *payee;
	int64_t amount, receipt_id;
};
int grant_spending_add(struct ctx *c, int64_t grant_id, const struct grant_spending_in *in, int64_t *id);

/* ---- the disclosure calendar (disclosure_calendar.c) ---- */
/* Days since 1970-01-01 of "YYYY-MM-DD" (-1 when malformed), and back. */
int64_t gr_day(const char *ymd);
void gr_day_text(int64_t day, char out[11]);
/* The day n calendar months after day (the month's last day when shorter). */
int64_t gr_add_months(int64_t day, int n);
int64_t gr_today(int64_t now_us); /* in Asia/Shanghai */

struct gr_subject {
	int64_t start, end;   /* days; end 0: none planned */
	bool ended;           /* over (completed, cancelled, the fundraising closed) */
	int64_t ended_on;     /* the day it ended (ended only) */
	int64_t last_periodic; /* the day of its latest periodic disclosure (0: none) */
	bool has_final;
};
struct gr_due {
	const char *kind; /* "periodic", "final", "major_event" */
	int64_t due;      /* day */
};
/* What a project or fundraising owes, at most two items (*n). A subject
 * that runs (planned, or so far) longer than six months owes a periodic
 * disclosure three months after its start or its latest one, while it
 * runs; an ended one owes its full disclosure within three months of its
 * end, until it has one. */
void gr_calendar_subject(const struct gr_subject *s, int64_t today, struct gr_due *out, int *n);
/* A major event owes its disclosure within 30 days. */
int64_t gr_calendar_major_due(int64_t happened);

struct gr_obligation {
	int64_t fund_id, region_id, grant_id, subject_id;
	const char *subject_kind; /* "grant", "fundraising", "major_event" */
	const char *title, *kind;
	int64_t due;              /* day */
	bool overdue;
};
/* Every obligation of the funds in the caller's scope (fund_id 0: all of
 * them; region path prefix given), due up to today+horizon days; *items
 * from the arena. overdue_only: only the late ones. */
int gr_obligations(struct ctx *c, int64_t fund_id, const char *path, int64_t horizon_days, bool overdue_only,
		   struct gr_obligation **items, int *n);

/* ---- disclosures (disclosure.c) ---- */
struct disclosure_in {
	int64_t fund_id, grant_id, subject_id;
	const char *kind, *title, *body;
};
int disclosure_publish(struct ctx *c, const struct disclosure_in *in, int64_t *id);
int disclosure_correct(struct ctx *c, int64_t id, const char *title, const char *body, int64_t *new_id);
struct disclosure_subject_in {
	int64_t fund_id;
	const char *kind, *title, *starts_on, *ends_on;
};
int disclosure_subject_add(struct ctx *c, const struct disclosure_subject_in *in, int64_t *id);
int gr_flag_overdue(struct ctx *c, int64_t *n);

/* ---- the property trust (trust.c) ---- */
struct trust_in {
	int64_t fund_id, trustee_org_id, households;
	const char *compound, *principal, *trustee_name;
};
int trust_create(struct ctx *c, const struct trust_in *in, int64_t *id);
struct trust_line_in {
	int64_t year, planned;
	const char *direction, *category, *owners_resolution;
};
int trust_line_add(struct ctx *c, int64_t trust_id, const struct trust_line_in *in, int64_t *id);
struct trust_entry_in {
	int64_t line_id, amount, receipt_id;
	const char *occurred_on, *counterparty, *memo;
};
int trust_entry_add(struct ctx *c, int64_t trust_id, const struct trust_entry_in *in, int64_t *id);
/* Load a trust the caller may read: staff over its community, the fund's
 * members, and the residents of its community (the owners). */
int trust_load(struct ctx *c, int64_t id, bool manage, struct fund_head *f);
/* A month's statement (month "YYYY-MM"): opening, income and expense by
 * line against the year's budget, closing, the entries. */
int trust_write_statement(struct ctx *c, int64_t trust_id, const char *month);
int trust_write_detail(struct ctx *c, int64_t trust_id);
int trust_statement_export(struct ctx *c, int64_t trust_id, const char *month, struct export *x);

/* ---- what funds.h lacks (grants_funds_ext.c) ---- */
/* One movement of a fund's account, as the public page and statements
 * show it: donor names only as the donor chose (anonymous: 匿名). */
int gr_write_disclosures(struct ctx *c, const char *col, int64_t id);
/* What the public sees as a grant's recipient (SQL over grants aliased x):
 * an organisation's or a group's name, never an individual's. */
#define GR_PUBLIC_RECIPIENT "CASE WHEN x.person_id IS NULL THEN x.recipient_name ELSE '个人受助者' END"
/* {items: the funds in the caller's scope or of which they are a member}. */
int gr_write_funds(struct ctx *c);

/* ---- the public page (public.c) ---- */
int gr_public_fund(struct ctx *c, int64_t fund_id);
int gr_public_statement(struct ctx *c, int64_t fund_id, const char *from, const char *to, struct export *x);

/* ---- demo (demo.c) ---- */
int grants_demo(struct db *db, int64_t now, struct err *e);

#endif
