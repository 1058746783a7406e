/*
 * calendar.c — working days in Asia/Shanghai with the public holidays and
 * the weekend days worked in exchange (calendar.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/record.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "core/xmem.h"
#include "modules/calendar/calendar.h"
#include "store/jcols.h"

#define DAY_US (86400LL * WTIME_US)
/* How many days one query of marks covers while counting forward. */
#define CAL_CHUNK 62

const char *const cal_kind_ids[] = {"holiday", "workday", NULL};

/* ---- civil dates ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static int64_t local_day(int64_t t)
{
	return floor_div(t + (int64_t)WTIME_SHANGHAI_OFFSET_S * WTIME_US, DAY_US);
}

/* 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
static int weekday(int64_t days)
{
	int64_t w = (days + 3) % 7;
	return (int)(w < 0 ? w + 7 : w) + 1;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void day_text(int64_t days, char out[11])
{
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	wtime_ymd_text(y, m, d, out);
}

int cal_parse_day(const char *s, const char *field, int64_t *days, struct err *e)
{
	int y = 0, m = 0, d = 0;
	bool shape = s && strlen(s) == 10 && s[4] == '-' && s[7] == '-';
	for (int i = 0; shape && i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			shape = false;
	if (shape) {
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		m = (s[5] - '0') * 10 + (s[6] - '0');
		d = (s[8] - '0') * 10 + (s[9] - '0');
	}
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (!shape || y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] + (m == 2 && leap))
		return err_set(e, ERR_INVALID, field, "日期应为 YYYY-MM-DD 格式的有效日期（2000–2100 年）",
			       "the date must be a real date written YYYY-MM-DD (years 2000–2100)");
	*days = wtime_days_from_civil(y, (unsigned)m, (unsigned)d);
	return 0;
}

/* ---- marks ---- */

struct mark {
	int64_t day;
	char kind; /* 'h' holiday, 'w' workday */
};

/* The marks of days first..last (inclusive), in day order, into *out. */
static int load_marks(struct db *db, int64_t first, int64_t last, struct mark *out, int cap,
		      int *n, struct err *e)
{
	char a[11], b[11];
	day_text(first, a);
	day_text(last, b);
	*n = 0;
	struct stmt *st = db_q(db, e,
			       "SELECT day, kind FROM calendar_days WHERE day >= ? AND day <= ? ORDER BY day",
			       "ss", a, b);
	if (!st)
		return e->code;
	int rc;
	while ((rc = stmt_step(st, e)) == 1) {
		int64_t dd;
		struct err ig = {0};
		if (*n >= cap || cal_parse_day(col_text(st, 0), "day", &dd, &ig))
			continue;
		const char *k = col_text(st, 1);
		out[(*n)++] = (struct mark){dd, k && k[0] == 'w' ? 'w' : 'h'};
	}
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

static bool working(int64_t day, const struct mark *marks, int n, int *cursor)
{
	while (*cursor < n && marks[*cursor].day < day)
		(*cursor)++;
	if (*cursor < n && marks[*cursor].day == day)
		return marks[*cursor].kind == 'w';
	return weekday(day) <= 5;
}

int cal_add_working_days(struct db *db, int64_t t, int n, int64_t *out, struct err *e)
{
	int64_t day0 = local_day(t), d = day0;
	struct mark marks[CAL_CHUNK];
	*out = t;
	while (n > 0) {
		int nm = 0, cur = 0, rc;
		if ((rc = load_marks(db, d + 1, d + CAL_CHUNK, marks, CAL_CHUNK, &nm, e)))
			return rc;
		for (int64_t x = d + 1; x <= d + CAL_CHUNK; x++) {
			if (working(x, marks, nm, &cur) && --n == 0) {
				*out = t + (x - day0) * DAY_US;
				return 0;
			}
		}
		d += CAL_CHUNK;
	}
	return 0;
}

/* ---- reading ---- */

int cal_year_json(struct db *db, int year, int64_t now, struct jw *w, struct err *e)
{
	if (year < 2000 || year > 2100)
		return err_set(e, ERR_INVALID, "year", "年份应在 2000 至 2100 之间",
			       "year must be between 2000 and 2100");
	int64_t first = wtime_days_from_civil(year, 1, 1), last = wtime_days_from_civil(year, 12, 31);
	char a[11], b[11], na[11], nb[11];
	day_text(first, a);
	day_text(last, b);
	day_text(last + 1, na);
	day_text(wtime_days_from_civil(year + 1, 12, 31), nb);
	int64_t next = 0;
	int rc;
	if ((rc = db_int(db, e, &next, "SELECT count(*) FROM calendar_days WHERE day >= ? AND day <= ?",
			 "ss", na, nb)) < 0)
		return rc;
	struct stmt *st = db_q(db, e,
			       "SELECT day, kind, name, updated_at FROM calendar_days"
			       " WHERE day >= ? AND day <= ? ORDER BY day",
			       "ss", a, b);
	if (!st)
		return e->code;
	struct mark *marks = NULL;
	int nm = 0, cap = 0;
	int64_t holidays = 0, workdays = 0;
	jw_obj(w);
	jw_kint(w, "year", year);
	jw_key(w, "days");
	jw_arr(w);
	while ((rc = stmt_step(st, e)) == 1) {
		int64_t dd;
		struct err ig = {0};
		if (cal_parse_day(col_text(st, 0), "day", &dd, &ig))
			continue;
		const char *kind = col_text(st, 1);
		bool wk = kind && strcmp(kind, "workday") == 0;
		XGROW(marks, nm, cap, 64);
		marks[nm++] = (struct mark){dd, wk ? 'w' : 'h'};
		if (wk)
			workdays++;
		else
			holidays++;
		jw_obj(w);
		jw_kstr(w, "date", col_text(st, 0));
		jw_kstr(w, "kind", wk ? "workday" : "holiday");
		jw_kstr(w, "name", col_text(st, 2));
		jw_kint(w, "weekday", weekday(dd));
		jw_ktime(w, "updated_at", col_int(st, 3));
		jw_obj_end(w);
	}
	stmt_done(st);
	jw_arr_end(w);
	if (rc < 0) {
		free(marks);
		return rc;
	}
	int64_t work = 0;
	int cur = 0;
	for (int64_t x = first; x <= last; x++)
		work += working(x, marks, nm, &cur);
	free(marks);
	char today[11];
	day_text(local_day(now), today);
	jw_kstr(w, "today", today);
	jw_kbool(w, "entered", holidays + workdays > 0);
	jw_kbool(w, "next_year_entered", next > 0);
	jw_kint(w, "working_days", work);
	jw_kint(w, "holidays", holidays);
	jw_kint(w, "workdays", workdays);
	jw_obj_end(w);
	return 0;
}

/* ---- writing ---- */

static int only_district(const struct principal *p, struct err *e)
{
	if (p && !auth_has_role(p, R(ROLE_DISTRICT_ADMIN)))
		return err_set(e, ERR_FORBIDDEN, "", "节假日安排仅区级管理员可修改",
			       "only the district admin edits the holiday calendar");
	return 0;
}

/* The marks of first..last as a JSON array (the audit's before). */
static int marks_json(struct db *db, const char *a, const char *b, struct sb *out, struct err *e)
{
	struct jw w;
	jw_init(&w, out);
	struct stmt *st = db_q(db, e,
			       "SELECT day, kind, name FROM calendar_days WHERE day >= ? AND day <= ? ORDER BY day",
			       "ss", a, b);
	if (!st)
		return e->code;
	static const struct jcol cols[] = {{"date", 0, JC_TEXT}, {"kind", 1, JC_TEXT}, {"name", 2, JC_TEXT}};
	jw_arr(&w);
	int rc = jw_rows(&w, st, JCOLS(cols), e);
	jw_arr_end(&w);
	return rc < 0 ? rc : 0;
}

static int64_t day_id(int64_t days)
{
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	return (int64_t)y * 10000 + m * 100 + d;
}

int cal_set_range(struct ctx *c, const struct cal_range_in *in, long *count)
{
	struct db *db = c->db;
	const struct principal *p = c->who;
	struct err *e = c->e;
	const char *from = in->from, *to = in->to ? in->to : in->from, *kind = in->kind,
		   *name = in->name;
	int64_t first, last;
	int rc;
	*count = 0;
	if ((rc = only_district(p, e)) || (rc = cal_parse_day(from, "from", &first, e)) ||
	    (rc = cal_parse_day(to, "to", &last, e)))
		return rc;
	if (last < first)
		return err_set(e, ERR_INVALID, "to", "结束日期不能早于开始日期",
			       "the end date cannot be before the start date");
	if (last - first + 1 > CAL_RANGE_MAX_DAYS)
		return err_set(e, ERR_INVALID, "to", "一次最多设置 31 天", "at most 31 days at a time");
	bool wk;
	if (kind && strcmp(kind, "holiday") == 0)
		wk = false;
	else if (kind && strcmp(kind, "workday") == 0)
		wk = true;
	else
		return err_set(e, ERR_INVALID, "kind", "类型应为 holiday（放假）或 workday（调休上班）",
			       "kind must be holiday or workday");
	size_t chars = 0;
	for (const char *ch = name ? name : ""; *ch; ch++)
		chars += ((unsigned char)*ch & 0xC0) != 0x80;
	if (chars < 1 || chars > CAL_NAME_MAX)
		return err_set(e, ERR_INVALID, "name", "名称为 1 至 40 个字", "name must be 1 to 40 characters");
	if (wk)
		for (int64_t x = first; x <= last; x++)
			if (weekday(x) <= 5) {
				char t[11];
				day_text(x, t);
				return err_setf(e, ERR_RULE, "from", "%s 是工作日，只有周六、周日可以设为调休上班",
						"%s is a weekday; only a Saturday or Sunday can be a worked day",
						t);
			}
	char a[11], b[11];
	day_text(first, a);
	day_text(last, b);
	struct sb before = SB_INIT, after = SB_INIT;
	if ((rc = marks_json(db, a, b, &before, e)))
		goto done;
	for (int64_t x = first; x <= last; x++) {
		char t[11];
		day_text(x, t);
		if ((rc = db_exec(db, e,
				  "INSERT INTO calendar_days (day, kind, name, updated_by, updated_at)"
				  " VALUES (?,?,?,CASE WHEN ?=0 THEN NULL ELSE ? END,?)"
				  " ON CONFLICT(day) DO UPDATE SET kind=excluded.kind, name=excluded.name,"
				  " updated_by=excluded.updated_by, updated_at=excluded.updated_at",
				  "sssiii", t, wk ? "workday" : "holiday", name, p ? p->user_id : 0,
				  p ? p->user_id : 0, c->now)))
			goto done;
		(*count)++;
	}
	if ((rc = marks_json(db, a, b, &after, e)))
		goto done;
	rc = audit_record(c, "set_days", "calendar", day_id(first), 0, sb_str(&before), sb_str(&after));
done:
	sb_free(&before);
	sb_free(&after);
	return rc;
}

int cal_clear_day(struct ctx *c, const char *day)
{
	struct db *db = c->db;
	struct err *e = c->e;
	int64_t d;
	int rc;
	if ((rc = only_district(c->who, e)) || (rc = cal_parse_day(day, "date", &d, e)))
		return rc;
	char t[11];
	day_text(d, t);
	struct sb before = SB_INIT;
	if ((rc = marks_json(db, t, t, &before, e)))
		goto done;
	if ((rc = db_exec(db, e, "DELETE FROM calendar_days WHERE day=?", "s", t)))
		goto done;
	if (db_changes(db) == 0) {
		rc = err_set(e, ERR_NOT_FOUND, "date", "该日没有节假日或调休标记",
			     "this day has no holiday or worked-day mark");
		goto done;
	}
	rc = audit_record(c, "clear_day", "calendar", day_id(d), 0, sb_str(&before), "[]");
done:
	sb_free(&before);
	return rc;
}
