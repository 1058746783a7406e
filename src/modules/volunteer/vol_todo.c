/*
 * vol_todo.c — what waits for people in the volunteer area, on their home
 * page (core/module.h struct module_todo): for staff, the volunteers'
 * correction requests (counted by the very list GET /corrections serves,
 * one row per page, so the number and the page agree) and the hours of
 * checked-out volunteers still to confirm; for a volunteer, the activities
 * they are signed up for that are still to come.
 */
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/module.h"
#include "modules/volunteer/vol_internal.h"
#include "modules/volunteer/volunteer.h"
#include "store/list.h"
#include "store/store.h"

#define TODO_CAP 1000

static int skip_row(struct stmt *st, void *ctx, struct err *e)
{
	(void)st;
	(void)ctx;
	(void)e;
	return 0;
}

/* Open correction requests in the caller's staff scope. */
static int todo_corrections(struct ctx *c, const void *arg, int64_t *n, int *capped)
{
	(void)arg;
	struct list_q *q = NULL;
	int rc = vol_corrections_query(c, 0, "open", &q);
	if (rc)
		return rc;
	struct list_req req = {.page = 1, .per_page = 1, .count_cap = TODO_CAP};
	struct list_result res = {0};
	rc = list_run(c->db, q, &req, skip_row, NULL, &res, c->e);
	list_free(q);
	*n = res.total;
	*capped = res.total_is_estimate;
	list_result_free(&res);
	return rc;
}

/* Sign-ups checked out (or closed for a missed check-out) whose hours no
 * record holds yet, at activities in the caller's staff scope. */
static int todo_hours(struct ctx *c, const void *arg, int64_t *n, int *capped)
{
	(void)arg;
	const struct grant *g = c->who ? auth_primary_grant(c->who, VOL_STAFF) : NULL;
	if (c->who && !g)
		return auth_forbidden(c->e);
	const char *lo = g ? g->region_path : "/";
	const char *hi = list_path_hi(c->a, lo);
	int rc = db_int(c->db, c->e, n,
			/* from the few unconfirmed sign-ups (068's partial index) to
			 * their activities' regions, never from the regions' activities */
			"SELECT count(*) FROM (SELECT 1 FROM vol_signups s CROSS JOIN vol_activities a"
			" CROSS JOIN regions r WHERE a.id=s.activity_id AND r.id=a.region_id AND r.path >= ? AND r.path < ?"
			" AND s.checkout_at IS NOT NULL AND s.record_id IS NULL AND s.status <> 'cancelled' LIMIT ?) x",
			"ssi", lo, hi, (int64_t)TODO_CAP + 1);
	*capped = *n > TODO_CAP;
	if (*capped)
		*n = TODO_CAP;
	return rc < 0 ? rc : 0;
}

/* The caller's own sign-ups (signed or waiting) for activities to come. */
static int todo_upcoming(struct ctx *c, const void *arg, int64_t *n, int *capped)
{
	(void)arg;
	*capped = 0;
	int64_t vid = 0;
	int rc = db_int(c->db, c->e, &vid,
			"SELECT coalesce(max(v.id), 0) FROM vol_volunteers v JOIN people p ON p.id=v.person_id"
			" WHERE p.user_id=? AND v.status='active'",
			"i", c->who ? c->who->user_id : (int64_t)0);
	if (rc < 0)
		return rc;
	*n = 0;
	if (!vid)
		return 0;
	rc = db_int(c->db, c->e, n,
		    "SELECT count(*) FROM vol_signups WHERE volunteer_id=? AND starts_at > ?"
		    " AND status IN ('signed','waiting')",
		    "ii", vid, c->now);
	return rc < 0 ? rc : 0;
}

const struct module_todo vol_todos[] = {
	{"volunteer.corrections", "志愿时长更正申请", "Correction requests", VOL_STAFF,
	 "/volunteer/volunteers?tab=corrections", .count = todo_corrections},
	{"volunteer.hours", "待确认的志愿时长", "Volunteer hours to confirm", VOL_STAFF, "/volunteer/activities",
	 .count = todo_hours},
	{"volunteer.upcoming", "我报名的志愿活动", "My coming activities",
	 R(ROLE_VOLUNTEER) | R(ROLE_RESIDENT), "/volunteer/me", .count = todo_upcoming},
	{NULL, NULL, NULL, 0, NULL, NULL, 0, NULL},
};
