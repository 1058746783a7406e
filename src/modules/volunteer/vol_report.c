/*
 * vol_report.c — a team's monthly report (issue 11 item 8): for the
 * activities of the team that started in the month (Asia/Shanghai), the
 * hours confirmed by person, each activity with its hours and volunteers,
 * and whom they served (the activities' audiences). Counted from the
 * service records as they stand (a superseded record counts through its
 * amendment), so the report and the volunteers' own records agree.
 */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "core/wtime.h"
#include "modules/volunteer/vol_internal.h"
#include "modules/volunteer/volunteer.h"
#include "store/store.h"

/* the team's counting service records of activities that started in [from, to) */
#define REPORT_RECORDS                                                                               \
	" FROM vol_records r JOIN vol_activities a ON a.id=r.activity_id"                           \
	" WHERE a.team_id=? AND a.starts_at >= ? AND a.starts_at < ? AND r.kind='service'"          \
	" AND NOT EXISTS (SELECT 1 FROM vol_records n WHERE n.amends_id=r.id)"

int vol_team_report_write(struct ctx *c, struct jw *w, int64_t team_id, const char *month)
{
	int y = 0, m = 0;
	if (!month || sscanf(month, "%4d-%2d", &y, &m) != 2 || strlen(month) != 7 || m < 1 || m > 12 || y < 2000)
		return err_set(c->e, ERR_INVALID, "month", "月份应为 YYYY-MM", "month must be YYYY-MM");
	char d0[32], d1[32];
	snprintf(d0, sizeof d0, "%04d-%02d-01", y, m);
	snprintf(d1, sizeof d1, "%04d-%02d-01", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
	int64_t from = 0, to = 0;
	if (wtime_parse(d0, &from) || wtime_parse(d1, &to))
		return err_set(c->e, ERR_INVALID, "month", "月份应为 YYYY-MM", "month must be YYYY-MM");
	char *path = NULL, *name = NULL;
	int rc;
	if ((rc = db_text(c->db, c->e, c->a, &path,
			  "SELECT r.path FROM teams t JOIN regions r ON r.id=t.region_id WHERE t.id=?", "i", team_id)) < 0)
		return rc;
	if (!path)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这支队伍", "no such team");
	if (!vol_staff_over(c, path))
		return auth_forbidden(c->e);
	if ((rc = db_text(c->db, c->e, c->a, &name, "SELECT name FROM teams WHERE id=?", "i", team_id)) < 0)
		return rc;
	int64_t activities = 0, minutes = 0, records = 0, people = 0;
	if ((rc = db_int(c->db, c->e, &activities,
			 "SELECT count(*) FROM vol_activities WHERE team_id=? AND starts_at >= ? AND starts_at < ?"
			 " AND status <> 'cancelled'",
			 "iii", team_id, from, to)) < 0)
		return rc;
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT coalesce(sum(r.minutes), 0), count(*), count(DISTINCT r.volunteer_id)" REPORT_RECORDS,
			       "iii", team_id, from, to);
	if (!st)
		return c->e->code;
	if ((rc = stmt_step(st, c->e)) == 1) {
		minutes = col_int(st, 0);
		records = col_int(st, 1);
		people = col_int(st, 2);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_obj(w);
	jw_key(w, "team");
	jw_obj(w);
	jw_kint(w, "id", team_id);
	jw_kstr(w, "name", name);
	jw_obj_end(w);
	jw_kstr(w, "month", month);
	jw_kint(w, "activities", activities);
	jw_kint(w, "records", records);
	jw_kint(w, "volunteers", people);
	jw_kint(w, "minutes", minutes);
	/* hours by person, most first */
	jw_key(w, "by_person");
	jw_arr(w);
	st = db_q(c->db, c->e,
		  "SELECT v.id, v.number, p.name, x.mins, x.n FROM (SELECT r.volunteer_id AS vid, sum(r.minutes) AS mins,"
		  " count(*) AS n" REPORT_RECORDS " GROUP BY r.volunteer_id) x JOIN vol_volunteers v ON v.id=x.vid"
		  " JOIN people p ON p.id=v.person_id ORDER BY x.mins DESC, v.number LIMIT 500",
		  "iii", team_id, from, to);
	while (st && (rc = stmt_step(st, c->e)) == 1) {
		jw_obj(w);
		jw_kint(w, "volunteer_id", col_int(st, 0));
		jw_kstr(w, "number", col_text(st, 1));
		jw_kstr(w, "name", col_text(st, 2));
		jw_kint(w, "minutes", col_int(st, 3));
		jw_kint(w, "records", col_int(st, 4));
		jw_obj_end(w);
	}
	stmt_done(st);
	if (!st || rc < 0)
		return st ? rc : c->e->code;
	jw_arr_end(w);
	/* each activity with its hours and volunteers, in time order */
	jw_key(w, "by_activity");
	jw_arr(w);
	st = db_q(c->db, c->e,
		  "SELECT a.id, a.title, a.starts_at, a.audience, a.status,"
		  " (SELECT coalesce(sum(r.minutes), 0) FROM vol_records r WHERE r.activity_id=a.id AND r.kind='service'"
		  "  AND NOT EXISTS (SELECT 1 FROM vol_records n WHERE n.amends_id=r.id)),"
		  " (SELECT count(DISTINCT r.volunteer_id) FROM vol_records r WHERE r.activity_id=a.id AND r.kind='service')"
		  " FROM vol_activities a WHERE a.team_id=? AND a.starts_at >= ? AND a.starts_at < ?"
		  " AND a.status <> 'cancelled' ORDER BY a.starts_at, a.id LIMIT 500",
		  "iii", team_id, from, to);
	while (st && (rc = stmt_step(st, c->e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "title", col_text(st, 1));
		jw_ktime(w, "starts_at", col_int(st, 2));
		jw_kstr(w, "audience", col_text(st, 3));
		jw_kint(w, "minutes", col_int(st, 5));
		jw_kint(w, "volunteers", col_int(st, 6));
		jw_obj_end(w);
	}
	stmt_done(st);
	if (!st || rc < 0)
		return st ? rc : c->e->code;
	jw_arr_end(w);
	/* whom they served: the activities by audience */
	jw_key(w, "by_audience");
	jw_arr(w);
	st = db_q(c->db, c->e,
		  "SELECT CASE WHEN audience='' THEN '—' ELSE audience END, count(*) FROM vol_activities"
		  " WHERE team_id=? AND starts_at >= ? AND starts_at < ? AND status <> 'cancelled'"
		  " GROUP BY 1 ORDER BY 2 DESC, 1",
		  "iii", team_id, from, to);
	while (st && (rc = stmt_step(st, c->e)) == 1) {
		jw_obj(w);
		jw_kstr(w, "audience", col_text(st, 0));
		jw_kint(w, "activities", col_int(st, 1));
		jw_obj_end(w);
	}
	stmt_done(st);
	if (!st || rc < 0)
		return st ? rc : c->e->code;
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}
