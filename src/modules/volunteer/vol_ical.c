/*
 * vol_ical.c — a volunteer's activities as an iCalendar file (RFC 5545),
 * for a phone's or a desktop's calendar: each sign-up still standing (to
 * come, and the last 90 days) is one VEVENT — the activity's title and role,
 * its place, start and end in UTC, the organiser's contact, and the sign-up's
 * state (signed: CONFIRMED, waiting: TENTATIVE, the activity cancelled:
 * CANCELLED). UIDs are stable per sign-up, so a re-import updates events
 * rather than doubling them. Text is escaped (\\ ; , and newlines) and lines
 * are folded at 75 octets without splitting a UTF-8 character.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/sb.h"
#include "modules/volunteer/vol_internal.h"
#include "modules/volunteer/volunteer.h"
#include "store/store.h"

#define ICAL_PAST_DAYS 90
#define ICAL_MAX_EVENTS 500

/* One content line, folded: at most 75 octets a line, continuation lines
 * starting with a space, never inside a UTF-8 sequence. */
static void put_line(struct sb *out, const char *s)
{
	size_t len = strlen(s), col = 0;
	for (size_t i = 0; i < len;) {
		size_t n = 1;
		unsigned char b = (unsigned char)s[i];
		if (b >= 0xF0)
			n = 4;
		else if (b >= 0xE0)
			n = 3;
		else if (b >= 0xC0)
			n = 2;
		if (col + n > 75) {
			sb_adds(out, "\r\n ");
			col = 1;
		}
		sb_add(out, s + i, n);
		col += n;
		i += n;
	}
	sb_adds(out, "\r\n");
}

/* NAME:text with the text escaped as RFC 5545 TEXT. */
static void put_text(struct sb *out, const char *name, const char *text)
{
	struct sb l = SB_INIT;
	sb_adds(&l, name);
	sb_addc(&l, ':');
	for (const char *p = text ? text : ""; *p; p++) {
		if (*p == '\\' || *p == ';' || *p == ',')
			sb_addc(&l, '\\');
		if (*p == '\n') {
			sb_adds(&l, "\\n");
			continue;
		}
		if (*p == '\r')
			continue;
		sb_addc(&l, *p);
	}
	put_line(out, sb_str(&l));
	sb_free(&l);
}

/* NAME:YYYYMMDDTHHMMSSZ */
static void put_time(struct sb *out, const char *name, int64_t us)
{
	time_t t = (time_t)(us / 1000000);
	struct tm tm;
	gmtime_r(&t, &tm);
	char line[64];
	snprintf(line, sizeof line, "%s:%04d%02d%02dT%02d%02d%02dZ", name, tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	put_line(out, line);
}

static void put_head(struct sb *out, const char *name)
{
	put_line(out, "BEGIN:VCALENDAR");
	put_line(out, "VERSION:2.0");
	put_line(out, "PRODID:-//wushe//volunteer service//ZH");
	put_line(out, "CALSCALE:GREGORIAN");
	put_line(out, "METHOD:PUBLISH");
	put_text(out, "X-WR-CALNAME", name);
	put_line(out, "X-WR-TIMEZONE:Asia/Shanghai");
}

/* One VEVENT. */
struct ical_event {
	const char *uid, *summary, *place, *description, *status;
	int64_t starts_at, ends_at;
};

static void put_event(struct ctx *c, struct sb *out, const struct ical_event *ev)
{
	put_line(out, "BEGIN:VEVENT");
	put_line(out, ev->uid);
	put_time(out, "DTSTAMP", c->now);
	put_time(out, "DTSTART", ev->starts_at);
	put_time(out, "DTEND", ev->ends_at);
	put_text(out, "SUMMARY", ev->summary);
	put_text(out, "LOCATION", ev->place);
	put_text(out, "DESCRIPTION", ev->description);
	put_line(out, ev->status);
	put_line(out, "END:VEVENT");
}

int vol_my_activities_ical(struct ctx *c, struct sb *out)
{
	int64_t me = 0;
	int rc = vol_my_volunteer(c, &me);
	if (rc)
		return rc;
	if (!me)
		return err_set(c->e, ERR_NOT_FOUND, "volunteer", "你还没有登记为志愿者",
			       "you are not registered as a volunteer");
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT s.id, a.id, a.title, o.name, a.place, a.starts_at, a.ends_at, s.status, a.status,"
			       " a.contact_name, a.contact_phone, a.description FROM vol_signups s"
			       " JOIN vol_activities a ON a.id=s.activity_id JOIN vol_roles o ON o.id=s.role_id"
			       " WHERE s.volunteer_id=? AND s.status <> 'cancelled' AND s.ends_at >= ?"
			       " ORDER BY s.starts_at, s.id LIMIT ?",
			       "iii", me, c->now - (int64_t)ICAL_PAST_DAYS * 86400 * 1000000, (int64_t)ICAL_MAX_EVENTS);
	if (!st)
		return c->e->code;
	put_head(out, "我的志愿活动");
	while ((rc = stmt_step(st, c->e)) == 1) {
		char uid[96];
		snprintf(uid, sizeof uid, "UID:vol-signup-%lld@wushe", (long long)col_int(st, 0));
		const char *status = col_text(st, 7), *astatus = col_text(st, 8);
		struct sb summary = SB_INIT, desc = SB_INIT;
		sb_addf(&summary, "%s（%s）", col_text(st, 2), col_text(st, 3));
		sb_addf(&desc, "%s\n联系人 / contact: %s %s", strcmp(status, "waiting") == 0 ? "候补 / waiting list" : "已报名 / signed up",
			col_text(st, 9), col_text(st, 10));
		if (*col_text(st, 11))
			sb_addf(&desc, "\n%s", col_text(st, 11));
		struct ical_event ev = {
			uid, sb_str(&summary), col_text(st, 4), sb_str(&desc),
			strcmp(astatus, "cancelled") == 0 ? "STATUS:CANCELLED"
			: strcmp(status, "waiting") == 0  ? "STATUS:TENTATIVE"
							  : "STATUS:CONFIRMED",
			col_int(st, 5), col_int(st, 6),
		};
		put_event(c, out, &ev);
		sb_free(&summary);
		sb_free(&desc);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	put_line(out, "END:VCALENDAR");
	return 0;
}

int vol_team_activities_ical(struct ctx *c, int64_t team_id, struct sb *out)
{
	char *name = NULL, *path = NULL;
	int rc;
	if ((rc = db_text(c->db, c->e, c->a, &path,
			  "SELECT r.path FROM teams t JOIN regions r ON r.id=t.region_id WHERE t.id=?", "i", team_id)) < 0)
		return rc;
	if (!path)
		return err_set(c->e, ERR_NOT_FOUND, "team_id", "没有这支队伍", "no such team");
	if (c->who && !auth_covers_path(c->who, ROLES_ANY, path))
		return auth_forbidden(c->e);
	if ((rc = db_text(c->db, c->e, c->a, &name, "SELECT name FROM teams WHERE id=?", "i", team_id)) < 0)
		return rc;
	/* Published, finished and cancelled activities (drafts are the
	 * organisers' own), to come and the last 90 days: vol_activities_team. */
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT a.id, a.title, a.place, a.starts_at, a.ends_at, a.status, a.contact_name,"
			       " a.contact_phone, a.description FROM vol_activities a"
			       " WHERE a.team_id=? AND a.starts_at >= ? AND a.status <> 'draft'"
			       " ORDER BY a.starts_at, a.id LIMIT ?",
			       "iii", team_id, c->now - (int64_t)ICAL_PAST_DAYS * 86400 * 1000000,
			       (int64_t)ICAL_MAX_EVENTS);
	if (!st)
		return c->e->code;
	put_head(out, name ? name : "志愿队伍");
	while ((rc = stmt_step(st, c->e)) == 1) {
		char uid[96];
		snprintf(uid, sizeof uid, "UID:vol-activity-%lld@wushe", (long long)col_int(st, 0));
		struct sb desc = SB_INIT;
		sb_addf(&desc, "联系人 / contact: %s %s", col_text(st, 6), col_text(st, 7));
		if (*col_text(st, 8))
			sb_addf(&desc, "\n%s", col_text(st, 8));
		struct ical_event ev = {
			uid, col_text(st, 1), col_text(st, 2), sb_str(&desc),
			strcmp(col_text(st, 5), "cancelled") == 0 ? "STATUS:CANCELLED" : "STATUS:CONFIRMED",
			col_int(st, 3), col_int(st, 4),
		};
		put_event(c, out, &ev);
		sb_free(&desc);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	put_line(out, "END:VCALENDAR");
	return 0;
}
