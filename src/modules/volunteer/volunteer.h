/*
 * volunteer.h — the volunteer service's core logic (DOMAIN.md §4.6, issue
 * 11): volunteers registered with consent, activities with roles and
 * capacity, sign-ups (接龙) with a waiting list, attendance (by the
 * organiser or by scanning the venue's rotating code), hours confirmed into
 * append-only service records (志愿服务记录, Order No. 67) and their
 * corrections. docs/volunteers.md describes the area and its API,
 * docs/volunteer-records.md maps the rules' articles to fields.
 *
 * Everything takes a struct ctx (core/ctx.h): the caller (NULL = the
 * system: demo, command line), the time and the request's arena. Writes
 * run inside the caller's write transaction and add one audit entry per
 * changed record; an error leaves the transaction to be rolled back.
 *
 * Who may do what:
 *  - staff (district/town admins, community staff) over the region;
 *  - an activity's organiser: staff over its region, or the leader of its
 *    team (teams.leader_person_id is the caller's person) — vol_can_manage;
 *  - a volunteer: any account whose person (people.user_id) is registered.
 */
#ifndef WUSHE_MODULES_VOLUNTEER_H
#define WUSHE_MODULES_VOLUNTEER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"

struct jw;
struct list_q;
struct stmt;

/* The venue code rotates every 5 minutes; the current and the previous
 * window are accepted. */
#define VOL_QR_WINDOW_US (5LL * 60 * 1000000)
#define VOL_DAY_US (24LL * 3600 * 1000000)
#define VOL_TZ_US (8LL * 3600 * 1000000) /* Asia/Shanghai, no summer time */

extern const char *const vol_statuses[];          /* active suspended merged */
extern const char *const vol_skills[];            /* the codes volunteers and roles name */
extern const char *const vol_languages[];         /* zh yue en … */
extern const char *const vol_activity_statuses[]; /* draft published cancelled finished */
extern const char *const vol_signup_statuses[];   /* signed waiting walk_in cancelled */
extern const char *const vol_record_kinds[];      /* service training commendation evaluation */
extern const char *const vol_correction_statuses[]; /* open accepted rejected */

extern const struct record_kind vol_volunteer_kind, vol_activity_kind, vol_signup_kind,
	vol_record_kind, vol_correction_kind;

/* The start of the Asia/Shanghai day holding t (µs UTC). */
static inline int64_t vol_day_start(int64_t t)
{
	int64_t local = t + VOL_TZ_US;
	int64_t d = local / VOL_DAY_US - (local % VOL_DAY_US < 0);
	return d * VOL_DAY_US - VOL_TZ_US;
}

/* ---------- volunteers (vol_volunteer.c) ---------- */

struct vol_volunteer_in {
	int64_t person_id;           /* POST /volunteers only */
	const char *consent_purpose;
	const char *skills, *languages; /* comma-joined codes */
	bool has_skills, has_languages;
	int64_t availability;
	bool has_availability;
	const char *status;          /* PATCH: active | suspended */
	int64_t version;             /* PATCH */
};

struct vol_merge_in {
	int64_t into_id;
	const char *reason;
};

/* Staff register a person on paper consent (scope: the person's region). */
int vol_volunteer_create(struct ctx *c, const void *in, int64_t *id);
/* The caller registers themself: their account's person; 409 when the
 * account has no person, or it is registered already. */
int vol_volunteer_self(struct ctx *c, const void *in, int64_t *id);
int vol_volunteer_update(struct ctx *c, int64_t id, const void *in);
int vol_volunteer_merge(struct ctx *c, int64_t id, const void *in);
/* The volunteer as the API shows it (staff in scope, or the volunteer). */
int vol_volunteer_write(struct ctx *c, struct jw *w, int64_t id);
/* The caller's volunteer id: 0 when the caller's account has none. */
int vol_my_volunteer(struct ctx *c, int64_t *id);

struct vol_volunteer_filter {
	int64_t region_id;
	const char *q, *skill, *status;
};
int vol_volunteers_query(struct ctx *c, const struct vol_volunteer_filter *f, struct list_q **out);
int vol_volunteer_row(struct stmt *st, void *ctx, struct err *e);
/* Recompute a volunteer's total_minutes from the records that count (its
 * own and those of volunteers merged into it). */
int vol_total_recompute(struct ctx *c, int64_t volunteer_id);

/* ---------- activities (vol_activity.c) ---------- */

#define VOL_MAX_ROLES 12
struct vol_role_in {
	const char *name;
	int64_t capacity;
	const char *skills;
};
struct vol_activity_in {
	int64_t region_id, team_id, organisation_id; /* create only */
	const char *title, *description, *place;
	double latitude, longitude;
	bool has_latitude, has_longitude;
	int64_t starts_at, ends_at, cancel_before;
	bool has_starts_at, has_ends_at, has_cancel_before;
	const char *contact_name, *contact_phone, *audience;
	const char *status;          /* PATCH: draft | published */
	struct vol_role_in roles[VOL_MAX_ROLES];
	int nroles;
	bool has_roles;
	int64_t version;
};

int vol_activity_create(struct ctx *c, const void *in, int64_t *id);
int vol_activity_update(struct ctx *c, int64_t id, const void *in);
int vol_activity_cancel(struct ctx *c, int64_t id, const void *in);
int vol_activity_write(struct ctx *c, struct jw *w, int64_t id);
/* Whether the caller organises the activity (staff in scope, its team's
 * leader). *region_path (may be NULL) gets the activity's region path. */
int vol_can_manage(struct ctx *c, int64_t activity_id, bool *yes);
/* 403 unless the caller organises the activity; 404 when there is none. */
int vol_require_manage(struct ctx *c, int64_t activity_id);

struct vol_activity_filter {
	int64_t region_id, team_id;
	int64_t from, to;
	const char *status, *q;
	bool mine;
};
int vol_activities_query(struct ctx *c, const struct vol_activity_filter *f, struct list_q **out);
int vol_activity_row(struct stmt *st, void *ctx, struct err *e);

/* ---------- sign-ups and attendance (vol_signup.c) ---------- */

struct vol_signup_in {
	int64_t role_id, companions, volunteer_id;
	const char *code;            /* POST /scan */
};
/* Sign up (for oneself, or staff for volunteer_id): signed while the role
 * has room and nobody waits, else waiting. 409 naming activity_id when the
 * volunteer holds an overlapping shift (the message names its title). */
int vol_signup_create(struct ctx *c, int64_t activity_id, const struct vol_signup_in *in, int64_t *id);
int vol_signup_cancel(struct ctx *c, int64_t id, const void *in);
int vol_walk_in(struct ctx *c, int64_t activity_id, const struct vol_signup_in *in, int64_t *id);
int vol_checkin(struct ctx *c, int64_t signup_id, const void *in);
int vol_checkout(struct ctx *c, int64_t signup_id, const void *in);
int vol_checkin_all(struct ctx *c, int64_t activity_id, int64_t *n);
/* The venue code for now: "A<id>.<window>.<mac>", its expiry (µs). */
int vol_venue_code(struct ctx *c, int64_t activity_id, char **code, int64_t *expires_at);
/* The volunteer scans: checks in, or out when in. *signup_id, *action ("check_in"/"check_out"). */
int vol_scan(struct ctx *c, const char *code, int64_t *signup_id, const char **action);
/* Close the check-outs missed on activity days that ended before c->now
 * (checkout_method auto, at the activity's end); activity_id 0: all. */
int vol_close_missed(struct ctx *c, int64_t activity_id, int64_t *n);
/* The same for every activity in a write transaction of its own on db (the
 * calling thread's connection): for a periodic pass in the server. */
int vol_close_pass(struct db *db, int64_t now, int64_t *n, struct err *e);
/* The reminder the day before (vol_remind.c): every signed-up volunteer of a
 * published activity starting within 24 hours is told once (*n: how many);
 * vol_remind_pass runs it in its own write transaction (the server's job). */
int vol_remind_due(struct ctx *c, int64_t *n);
int vol_remind_pass(struct db *db, int64_t now, int64_t *n, struct err *e);
int vol_signup_write(struct ctx *c, struct jw *w, int64_t id);
/* the answer to vol_scan: the sign-up it found as the caller's, not checked again */
int vol_scan_signup_write(struct ctx *c, struct jw *w, int64_t id);
int vol_roster_write(struct ctx *c, struct jw *w, int64_t activity_id);
int vol_my_activities_write(struct ctx *c, struct jw *w);
/* The caller's sign-ups (to come, and the last 90 days) as an iCalendar
 * file into out (vol_ical.c): 404 naming `volunteer` when not registered. */
struct sb;
int vol_my_activities_ical(struct ctx *c, struct sb *out);
/* A team's activities (published, finished, cancelled; to come and the
 * last 90 days) as an iCalendar file: anyone whose grant covers the team's
 * region; 404 naming team_id when there is no such team. */
int vol_team_activities_ical(struct ctx *c, int64_t team_id, struct sb *out);

/* Calendar subscriptions (vol_feed.c, schema 065): kind "me" (the caller's
 * sign-ups; the caller must be a volunteer) or "team" (team_id, covered by
 * the caller). token receives the secret once; only its hash is kept. */
extern const char *const vol_feed_kinds[]; /* me, team */
int vol_feed_create(struct ctx *c, const char *kind, int64_t team_id, int64_t *id, char token[80]);
/* Revoke one of the caller's feeds (404 for another account's). */
int vol_feed_revoke(struct ctx *c, int64_t id);
/* {items: [{id, kind, team_id, team_name, created_at, revoked_at}]}: the caller's feeds. */
int vol_feeds_write(struct ctx *c, struct jw *w);
/* The calendar of the feed whose secret is token, as its owner sees it now;
 * 404 naming token for a wrong or revoked one, a disabled owner, or a team
 * the owner no longer covers. */
int vol_feed_ical(struct ctx *c, const char *token, struct sb *out);

/* ---------- hours and records (vol_record.c) ---------- */

struct vol_confirm_in {
	int64_t minutes;
	bool has_minutes;
	int64_t signup_ids[100];
	int nsignup_ids;
	bool all;
};
/* Confirm one sign-up's hours into a service record (*record_id). */
int vol_confirm(struct ctx *c, int64_t signup_id, const struct vol_confirm_in *in, int64_t *record_id);
/* Bulk: the listed sign-ups, or all (checked out, unconfirmed, not auto-closed). */
int vol_confirm_bulk(struct ctx *c, int64_t activity_id, const struct vol_confirm_in *in, int64_t *n);

struct vol_correction_in {
	const char *reason, *answer, *content;
	int64_t minutes;
	bool has_minutes;
};
int vol_correction_create(struct ctx *c, int64_t record_id, const struct vol_correction_in *in, int64_t *id);
int vol_correction_accept(struct ctx *c, int64_t id, const void *in);
int vol_correction_reject(struct ctx *c, int64_t id, const void *in);
int vol_correction_write(struct ctx *c, struct jw *w, int64_t id);
/* A training, commendation or evaluation entry (0 minutes) for a volunteer,
 * by staff over the volunteer's region: the rules ask a record to hold them. */
struct vol_entry_in {
	const char *kind, *content, *place;
	int64_t started_at, organisation_id;
};
int vol_entry_create(struct ctx *c, int64_t volunteer_id, const struct vol_entry_in *in, int64_t *record_id);
int vol_record_amend(struct ctx *c, int64_t record_id, const struct vol_correction_in *in, int64_t *new_id);
int vol_record_write(struct ctx *c, struct jw *w, int64_t id);
/* A volunteer's records, newest first (the caller: the volunteer, or staff
 * over the volunteer's or the record's region). */
/* A volunteer's records as one transfer document (vol_transfer.c, format
 * wushe.volunteer-records.v1): staff over the volunteer or the volunteer. */
int vol_transfer_write(struct ctx *c, struct jw *w, int64_t volunteer_id);
/* The records of a team's activities that started in [from, to), grouped
 * by volunteer, as one transfer document (staff over the team's region). */
/* A team's monthly report (vol_report.c): activities, hours by person and
 * by activity, audiences, for month "YYYY-MM" (staff over the team). */
int vol_team_report_write(struct ctx *c, struct jw *w, int64_t team_id, const char *month);
int vol_team_transfer_write(struct ctx *c, struct jw *w, int64_t team_id, int64_t from, int64_t to);
int vol_records_write(struct ctx *c, struct jw *w, int64_t volunteer_id, int64_t limit, int64_t offset);
int vol_corrections_query(struct ctx *c, int64_t region_id, const char *status, struct list_q **out);
int vol_correction_row(struct stmt *st, void *ctx, struct err *e);

struct vol_record_new {
	int64_t volunteer_id, region_id, activity_id, signup_id, organisation_id;
	const char *kind, *organisation_name, *content, *place;
	int64_t started_at, ended_at, minutes;
	bool flagged;
	int64_t amends_id;           /* 0: a first record */
	const char *amend_reason;
	int64_t requested_by;        /* the volunteer's account that asked, or 0 */
	/* taken in from another system (vol_import.c): its provenance, the
	 * confirmer as recorded there; no points are earned (the time bank is
	 * this district's incentive for its own confirmations) */
	const char *source;
	const char *confirmer_name;  /* NULL: the caller */
};

/* Every service record is written through this one function, in the
 * transaction of its cause (confirmation, correction, amendment): the
 * place where points (vol_points_earn) or other followers hook in. */
int vol_record_insert(struct ctx *c, const struct vol_record_new *r, int64_t *id);
/* Take in a transfer document (format wushe.volunteer-records.v1) for
 * volunteers in the caller's staff scope, every row checked, all or
 * nothing (vol_import.c); *imported and *skipped (already taken in). */
struct json_t;
int vol_records_import(struct ctx *c, struct json_t *doc, int64_t *imported, int64_t *skipped);

/* ---------- the demo and the command (demo.c, cmd_close.c) ---------- */
int volunteer_demo(struct db *db, int64_t now, struct err *e);
int cmd_volunteer(int argc, char **argv);

#endif
