/*
 * vol_remind.c — the reminder the day before (issue 11 item 8): a job
 * (module.c .jobs, volunteer.remind, every 15 minutes) tells each volunteer
 * signed up for a published activity that starts within the next 24 hours,
 * once per sign-up: the notice is the record that it was sent (notices are
 * written in the pass's transaction, and a sign-up with a
 * volunteer.reminder notice is skipped), so a pass run twice, or by the
 * command line beside the server, never reminds twice.
 */
#include <string.h>

#include "core/arena.h"
#include "core/wtime.h"
#include "modules/volunteer/vol_internal.h"
#include "modules/volunteer/volunteer.h"
#include "store/store.h"

#define REMIND_AHEAD_US ((int64_t)24 * 3600 * WTIME_US)
#define REMIND_MAX 2000 /* per pass; the next pass takes the rest */

struct due {
	int64_t signup, volunteer, region, activity, starts;
	const char *title, *place;
};

int vol_remind_due(struct ctx *c, int64_t *n)
{
	*n = 0;
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT s.id, s.volunteer_id, a.region_id, a.id, a.starts_at, a.title, a.place"
			       " FROM vol_signups s JOIN vol_activities a ON a.id=s.activity_id"
			       " WHERE s.starts_at > ? AND s.starts_at <= ? AND s.status='signed'"
			       " AND a.status='published' AND NOT EXISTS (SELECT 1 FROM notices x"
			       " WHERE x.entity='vol_signup' AND x.entity_id=s.id AND x.kind='volunteer.reminder')"
			       " ORDER BY s.starts_at, s.id LIMIT ?",
			       "iii", c->now, c->now + REMIND_AHEAD_US, (int64_t)REMIND_MAX);
	if (!st)
		return c->e->code;
	struct due *d = arena_alloc(c->a, REMIND_MAX * sizeof *d);
	size_t nd = 0;
	int rc;
	while ((rc = stmt_step(st, c->e)) == 1 && nd < REMIND_MAX)
		d[nd++] = (struct due){col_int(st, 0), col_int(st, 1), col_int(st, 2), col_int(st, 3), col_int(st, 4),
				       arena_strdup(c->a, col_text(st, 5)), arena_strdup(c->a, col_text(st, 6))};
	stmt_done(st);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < nd; i++) {
		char when[40];
		wtime_format(d[i].starts, when, sizeof when);
		/* "2026-12-09T09:00:00+08:00" → "2026-12-09 09:00" */
		when[10] = ' ';
		when[16] = 0;
		if ((rc = vol_notify(c, d[i].volunteer, "volunteer.reminder", d[i].region,
				     arena_printf(c->a, "明天的志愿活动：「%s」", d[i].title),
				     arena_printf(c->a, "Tomorrow: %s", d[i].title),
				     arena_printf(c->a, "%s，%s。到场后扫码签到。", when, d[i].place),
				     arena_printf(c->a, "%s at %s. Scan the venue's code when you arrive.", when, d[i].place),
				     arena_printf(c->a, "/volunteer/activities/%lld", (long long)d[i].activity), "vol_signup",
				     d[i].signup)))
			return rc;
		(*n)++;
	}
	return 0;
}

int vol_remind_pass(struct db *db, int64_t now, int64_t *n, struct err *e)
{
	return db_run_pass(db, now, vol_remind_due, n, e);
}
