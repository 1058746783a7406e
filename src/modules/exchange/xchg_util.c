/*
 * xchg_util.c — small pieces the exchange's files share: working-day
 * deadlines in Asia/Shanghai (through the holiday calendar), the three status groups residents see, the
 * audit helper and region paths.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/log.h"
#include "core/pii.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "modules/calendar/calendar.h"
#include "modules/exchange/xchg.h"
#include "store/store.h"

#define DAY_US (86400LL * WTIME_US)

int xchg_weekday(int64_t t)
{
	int64_t local = t + (int64_t)WTIME_SHANGHAI_OFFSET_S * WTIME_US;
	int64_t days = local >= 0 ? local / DAY_US : -((-local + DAY_US - 1) / DAY_US);
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int w = (int)((days + 3) % 7);
	return w < 0 ? w + 7 : w;
}

int64_t xchg_add_working_days(struct db *db, int64_t t, int n)
{
	int64_t due;
	struct err e = {0};
	if (cal_add_working_days(db, t, n, &due, &e) == 0)
		return due;
	log_error("working-day calendar unreadable (%s): counting Monday to Friday", e.message_en);
	/* Step one calendar day at a time (Shanghai has no DST, so a day is
	 * always 24 h) and count the days that land on Monday–Friday. */
	while (n > 0) {
		t += DAY_US;
		if (xchg_weekday(t) < 5)
			n--;
	}
	return t;
}

const char *xchg_match_group(const char *status, int64_t due_at, int64_t now)
{
	if (!status)
		return "in_progress";
	bool live = strcmp(status, "proposed") == 0 || strcmp(status, "accepted") == 0;
	bool helped = strcmp(status, "delivered") == 0 || strcmp(status, "confirmed") == 0 ||
		      strcmp(status, "rated") == 0;
	if ((live || strcmp(status, "delivered") == 0) && due_at && due_at < now)
		return "needs_action";
	if (live)
		return "in_progress";
	if (helped)
		return "got_help";
	return "needs_action"; /* declined, expired, disputed, cancelled */
}

int xchg_audit(struct db *db, const struct principal *p, int64_t now, const char *action,
	       const char *entity, int64_t id, int64_t region_id, const char *before,
	       const char *after, struct err *e)
{
	struct audit_actor who = {p ? p->user_id : 0, p ? p->username : NULL};
	struct audit_entry en = {.action = action, .entity = entity, .entity_id = id,
				 .region_id = region_id, .before = before, .after = after};
	return audit_append(db, &who, now, &en, e);
}

int xchg_region_path(struct db *db, int64_t region_id, char **path_out, struct err *e)
{
	struct stmt *st = db_q(db, e, "SELECT path FROM regions WHERE id=?", "i", region_id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1)
		*path_out = strdup(col_text(st, 0));
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "region_id", "区域不存在", "no such region");
	return *path_out ? 0 : err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
}

const char *xchg_scope_path(const struct principal *p, unsigned mask)
{
	const struct grant *g = auth_primary_grant(p, mask);
	return g ? g->region_path : NULL;
}

void xchg_write_masked_phone(struct jw *w, const char *phone)
{
	if (!phone || !*phone) {
		jw_null(w);
		return;
	}
	struct sb b = SB_INIT;
	pii_mask_mobile(&b, phone, strlen(phone));
	jw_str(w, sb_str(&b));
	sb_free(&b);
}
