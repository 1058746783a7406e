/*
 * calendar_http.c — /api/v1/calendar: a year's holidays and worked
 * weekend days, a deadline preview, and the district admin's edits
 * (calendar.h). Everyone signed in reads; calendar.c admits only the
 * district admin to write.
 */
#include "core/wtime.h"
#include "http/http.h"
#include "modules/calendar/calendar.h"
#include "modules/calendar/calendar_http.h"

static int h_year(struct req *r)
{
	char today[16];
	wtime_format_date(r->now, today, sizeof today);
	int64_t year;
	int rc = req_query_int(r, "year", (today[0] - '0') * 1000 + (today[1] - '0') * 100 +
					  (today[2] - '0') * 10 + (today[3] - '0'),
			       2000, 2100, &year);
	return rc ? rc : cal_year_json(r->db, (int)year, r->now, &r->jw, &r->err);
}

/* ?from=<date or ISO time, default now>&working_days=N: the deadline. */
static int h_due(struct req *r)
{
	int64_t n, from = r->now;
	int rc = req_query_int(r, "working_days", 1, 0, 60, &n);
	if (rc)
		return rc;
	const char *f = req_query(r, "from");
	if (f && *f && wtime_parse(f, &from))
		return err_set(&r->err, ERR_INVALID, "from", "from 应为日期或 ISO 8601 时间",
			       "from must be a date or an ISO 8601 time");
	int64_t due;
	if ((rc = cal_add_working_days(r->db, from, (int)n, &due, &r->err)))
		return rc;
	jw_obj(&r->jw);
	jw_ktime(&r->jw, "from", from);
	jw_kint(&r->jw, "working_days", n);
	jw_ktime(&r->jw, "due", due);
	char d[16];
	wtime_format_date(due, d, sizeof d);
	jw_kstr(&r->jw, "due_date", d);
	jw_obj_end(&r->jw);
	return 0;
}

/* {from, to (default from), kind, name}: mark the days. */
static const struct field range_fields[] = {
	FLD_STR(struct cal_range_in, from, FLD_REQ, 10, 10),
	FLD_STR(struct cal_range_in, to, 0, 10, 10),
	FLD_ENUM(struct cal_range_in, kind, FLD_REQ, cal_kind_ids),
	FLD_STR(struct cal_range_in, name, FLD_REQ, 1, CAL_NAME_MAX),
	FLD_END,
};

static int h_set(struct req *r)
{
	struct cal_range_in in = {0};
	long count = 0;
	int rc;
	if ((rc = req_body(r, &in)) || (rc = cal_set_range(&r->cx, &in, &count)))
		return rc;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "updated", count);
	jw_kstr(&r->jw, "from", in.from);
	jw_kstr(&r->jw, "to", in.to ? in.to : in.from);
	jw_kstr(&r->jw, "kind", in.kind);
	jw_kstr(&r->jw, "name", in.name);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_clear(struct req *r)
{
	int rc = cal_clear_day(&r->cx, req_param(r, "date"));
	if (rc)
		return rc;
	jw_obj(&r->jw);
	jw_kbool(&r->jw, "ok", true);
	jw_obj_end(&r->jw);
	return 0;
}

const struct route calendar_routes[] = {
	{"GET", "/api/v1/calendar", h_year, ROLES_ANY, 0, "a year's holidays and worked weekend days"},
	{"GET", "/api/v1/calendar/due", h_due, ROLES_ANY, 0, "a deadline N working days after a time"},
	{"POST", "/api/v1/calendar/days", h_set, ROLES_ADMIN, 0,
	 "mark days from..to as holiday or workday (district admin)", range_fields, FIELDS_CREATE},
	{"DELETE", "/api/v1/calendar/days/{date}", h_clear, ROLES_ADMIN, 0,
	 "remove one day's mark (district admin)"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
