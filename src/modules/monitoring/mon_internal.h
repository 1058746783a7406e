/*
 * mon_internal.h — what the monitoring's files share: the record kinds
 * (audit/record.h) and the small date helpers.
 */
#ifndef WUSHE_MODULES_MONITORING_MON_INTERNAL_H
#define WUSHE_MODULES_MONITORING_MON_INTERNAL_H

#include "audit/record.h"
#include "modules/monitoring/monitoring.h"

extern const struct record_kind mon_project_kind, mon_milestone_kind, mon_report_kind, mon_asset_kind;

/* Today in Shanghai, "YYYY-MM-DD" (arena). */
const char *mon_today(struct ctx *c);
/* A real day "YYYY-MM-DD", else 400 naming field. */
int mon_day(struct ctx *c, const char *s, const char *field);
/* When the quarterly report of quarter q of year y is due: the quarter's
 * end plus MON_REPORT_DUE_WORKING_DAYS working days (calendar.h). */
int mon_quarter_due(struct ctx *c, int y, int q, int64_t *due);
/* The tier's inputs as a JSON object (arena). */
char *mon_tier_inputs_json(struct ctx *c, const struct mon_tier_inputs *in);

#endif
