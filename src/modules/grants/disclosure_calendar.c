/*
 * disclosure_calendar.c — the disclosure calendar (公示日历, issue 12 item
 * 7): what each fund owes the public and by when, from the Charity Law
 * and the 2026 rules on charities' information disclosure —
 *  - a project (a grant) or fundraising that runs longer than six months
 *    is disclosed at least every three months while it runs;
 *  - in full within three months of its end;
 *  - a major event within 30 days of it.
 * The arithmetic is pure (days since 1970-01-01, in Shanghai) so the unit
 * tests state the rules directly; gr_obligations applies it to the
 * grants, fundraisings and events of the funds in the caller's scope.
 */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/wtime.h"
#include "modules/grants/grants_internal.h"
#include "store/store.h"
#include "store/list.h"

static void civil(int64_t z, int *y, int *m, int *d)
{
	/* Howard Hinnant's civil_from_days */
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int month_days(int y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0) ? 29 : n[m - 1];
}

int64_t gr_day(const char *s)
{
	int y, m, d;
	char tail;
	if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
	    d > month_days(y, m))
		return -1;
	return wtime_days_from_civil(y, (unsigned)m, (unsigned)d);
}

void gr_day_text(int64_t day, char out[11])
{
	int y, m, d;
	civil(day, &y, &m, &d);
	wtime_ymd_text(y, m, d, out);
}

int64_t gr_add_months(int64_t day, int n)
{
	int y, m, d;
	civil(day, &y, &m, &d);
	int k = y * 12 + (m - 1) + n;
	y = k / 12;
	m = k % 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	return wtime_days_from_civil(y, (unsigned)m, (unsigned)d);
}

int64_t gr_today(int64_t now_us)
{
	char t[16];
	wtime_format_date(now_us, t, sizeof t);
	return gr_day(t);
}

void gr_calendar_subject(const struct gr_subject *s, int64_t today, struct gr_due *out, int *n)
{
	*n = 0;
	int64_t six = gr_add_months(s->start, 6);
	int64_t until = s->ended ? s->ended_on : today;
	bool long_running = (s->end && s->end > six) || until > six;
	if (long_running) {
		int64_t from = s->last_periodic > s->start ? s->last_periodic : s->start;
		int64_t due = gr_add_months(from, 3);
		/* While it runs; once over, the full disclosure takes its place. */
		if (!s->ended || due <= s->ended_on)
			out[(*n)++] = (struct gr_due){"periodic", due};
	}
	if (s->ended && !s->has_final)
		out[(*n)++] = (struct gr_due){"final", gr_add_months(s->ended_on, 3)};
}

int64_t gr_calendar_major_due(int64_t happened) { return happened + 30; }

/* ---------- the obligations of funds in scope ---------- */

struct acc {
	struct ctx *c;
	struct gr_obligation *v;
	int n, cap;
};

static void push(struct acc *a, const struct gr_obligation *o)
{
	if (a->n == a->cap) {
		int cap = a->cap ? a->cap * 2 : 32;
		struct gr_obligation *v = arena_alloc(a->c->a, (size_t)cap * sizeof *v);
		if (a->n)
			memcpy(v, a->v, (size_t)a->n * sizeof *v);
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = *o;
}

int gr_obligations(struct ctx *c, int64_t fund_id, const char *path, int64_t horizon, bool overdue_only,
		   struct gr_obligation **items, int *n)
{
	struct acc a = {.c = c};
	int64_t today = gr_today(c->now);
	const char *lo = path ? path : "/";
	const char *hi = list_path_hi(c->a, lo);
	int rc;
	/* Projects: grants approved (running) or ended after approval. */
	/* One fund's (its index), or a region subtree's: the WHERE is the
	 * filter given, never a catch-all that keeps SQLite off its indexes. */
#define GRANT_COLS \
	"SELECT x.id, x.fund_id, x.region_id, x.title, coalesce(x.starts_on, ''), coalesce(x.ends_on, '')," \
	" x.status, coalesce(x.decided_at, x.created_at), coalesce(x.completed_at, 0)," \
	" (SELECT max(d.published_at) FROM disclosures d WHERE d.grant_id=x.id AND d.kind='periodic')," \
	" (SELECT count(*) FROM disclosures d WHERE d.grant_id=x.id AND d.kind='final')"
	struct stmt *st =
		fund_id ? db_q(c->db, c->e,
			       GRANT_COLS " FROM grants x WHERE x.fund_id = ? AND x.status IN ('approved','completed','cancelled')"
					  " AND x.decided_at IS NOT NULL ORDER BY x.id",
			       "i", fund_id)
			: db_q(c->db, c->e,
			       GRANT_COLS " FROM grants x JOIN regions g ON g.id=x.region_id WHERE g.path >= ? AND g.path < ?"
					  " AND x.status IN ('approved','completed','cancelled') AND x.decided_at IS NOT NULL"
					  " ORDER BY x.id",
			       "ss", lo, hi);
	if (!st)
		return c->e->code;
	while ((rc = stmt_step(st, c->e)) == 1) {
		struct gr_subject s = {0};
		int64_t started = gr_today(col_int(st, 7));
		s.start = gr_day(col_text(st, 4));
		if (s.start < 0)
			s.start = started;
		s.end = gr_day(col_text(st, 5));
		if (s.end < 0)
			s.end = 0;
		s.ended = strcmp(col_text(st, 6), "approved") != 0;
		s.ended_on = s.ended ? gr_today(col_int(st, 8)) : 0;
		s.last_periodic = col_null(st, 9) ? 0 : gr_today(col_int(st, 9));
		s.has_final = col_int(st, 10) > 0;
		struct gr_due d[2];
		int nd;
		gr_calendar_subject(&s, today, d, &nd);
		for (int i = 0; i < nd; i++) {
			bool late = d[i].due < today;
			if ((overdue_only && !late) || d[i].due > today + horizon)
				continue;
			push(&a, &(struct gr_obligation){col_int(st, 1), col_int(st, 2), col_int(st, 0), 0, "grant",
							  arena_strdup(c->a, col_text(st, 3)), d[i].kind, d[i].due, late});
		}
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	/* Fundraisings and major events. */
#define SUBJECT_COLS \
	"SELECT s.id, s.fund_id, s.region_id, s.title, s.kind, s.starts_on, coalesce(s.ends_on, '')," \
	" (SELECT max(d.published_at) FROM disclosures d WHERE d.subject_id=s.id AND d.kind='periodic')," \
	" (SELECT count(*) FROM disclosures d WHERE d.subject_id=s.id AND d.kind IN ('final','major_event'))"
	st = fund_id ? db_q(c->db, c->e, SUBJECT_COLS " FROM disclosure_subjects s WHERE s.fund_id = ? ORDER BY s.id", "i",
			    fund_id)
		     : db_q(c->db, c->e,
			    SUBJECT_COLS " FROM disclosure_subjects s JOIN regions g ON g.id=s.region_id"
					 " WHERE g.path >= ? AND g.path < ? ORDER BY s.id",
			    "ss", lo, hi);
	if (!st)
		return c->e->code;
	while ((rc = stmt_step(st, c->e)) == 1) {
		bool major = !strcmp(col_text(st, 4), "major_event");
		struct gr_due d[2];
		int nd = 0;
		int64_t start = gr_day(col_text(st, 5));
		if (major) {
			if (!col_int(st, 8))
				d[nd++] = (struct gr_due){"major_event", gr_calendar_major_due(start)};
		} else {
			struct gr_subject s = {.start = start};
			s.end = gr_day(col_text(st, 6));
			if (s.end < 0)
				s.end = 0;
			s.ended = s.end && s.end < today;
			s.ended_on = s.ended ? s.end : 0;
			s.last_periodic = col_null(st, 7) ? 0 : gr_today(col_int(st, 7));
			s.has_final = col_int(st, 8) > 0;
			gr_calendar_subject(&s, today, d, &nd);
		}
		for (int i = 0; i < nd; i++) {
			bool late = d[i].due < today;
			if ((overdue_only && !late) || d[i].due > today + horizon)
				continue;
			push(&a, &(struct gr_obligation){col_int(st, 1), col_int(st, 2), 0, col_int(st, 0),
							  major ? "major_event" : "fundraising",
							  arena_strdup(c->a, col_text(st, 3)), d[i].kind, d[i].due, late});
		}
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	*items = a.v;
	*n = a.n;
	return 0;
}
