/*
 * calendar.h — the working-day calendar (法定节假日与调休).
 *
 * A day in Asia/Shanghai is a working day when it is Monday to Friday and
 * not marked a holiday, or a Saturday or Sunday marked a workday (调休上班).
 * The marks live in calendar_days (schema/005_calendar.sql, which carries
 * the State Council's 2026 schedule); the district admin keeps them — one
 * day at a time or a whole range ("国庆节, 10-01 to 10-07") — and every
 * change is audited. Deadlines in working days (the exchange's answer and
 * confirmation windows, and the modules after it) go through
 * cal_add_working_days(). Reading is open to every signed-in role.
 */
#ifndef WUSHE_MODULES_CALENDAR_CALENDAR_H
#define WUSHE_MODULES_CALENDAR_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "core/ctx.h"
#include "core/err.h"
#include "core/jw.h"
#include "store/store.h"

#define CAL_RANGE_MAX_DAYS 31
#define CAL_NAME_MAX 40

extern const char *const cal_kind_ids[];   /* "holiday", "workday", NULL */

/* t plus n working days (n >= 0), same time of day. A day is counted when
 * it is reached, so 0 gives t itself. */
int cal_add_working_days(struct db *db, int64_t t, int n, int64_t *out, struct err *e);

/* Parse "YYYY-MM-DD" (a real date, years 2000–2100) into days since the
 * epoch; ERR_INVALID on field otherwise. */
int cal_parse_day(const char *s, const char *field, int64_t *days, struct err *e);

/* {year, entered, next_year_entered, working_days, holidays, workdays,
 *  days:[{date, kind, name, weekday, updated_at}]} — weekday 1 = Monday … 7. */
int cal_year_json(struct db *db, int year, int64_t now, struct jw *w, struct err *e);

/* Mark from..to (inclusive, at most CAL_RANGE_MAX_DAYS days) as kind with
 * name; a workday must fall on a Saturday or Sunday. Replaces marks on
 * those days. District admin only; one audit entry. */
struct cal_range_in {
	const char *from, *to; /* YYYY-MM-DD; to NULL: the same day */
	const char *kind;      /* holiday | workday */
	const char *name;
};
int cal_set_range(struct ctx *c, const struct cal_range_in *in, long *count);
/* Remove the mark of one day (404 when it has none). */
int cal_clear_day(struct ctx *c, const char *day);

#endif
