/*
 * exchange_export.h — the exchange's lists as spreadsheets (core/export.h):
 * 需求台账 (demands), services and matches, each the JSON list's own
 * rows for the same filter and the same caller, read a page at a time.
 * The columns are declared in exchange_export.c with their headers in both
 * languages and the enum each coded column carries.
 */
#ifndef WUSHE_EXCHANGE_EXPORT_H
#define WUSHE_EXCHANGE_EXPORT_H

#include "core/ctx.h"
#include "core/export.h"
#include "modules/exchange/exchange.h"

extern const struct export_col exchange_demand_export_cols[];
extern const struct export_col exchange_service_export_cols[];
extern const struct export_col exchange_match_export_cols[];

/* Every row exchange_demands_list (services, matches) would list for f
 * and c->who, into x. f's paging (limit, offset, cursor, res) is ignored. */
int exchange_demands_export(struct ctx *c, const struct exchange_posting_filter *f, struct export *x);
int exchange_services_export(struct ctx *c, const struct exchange_posting_filter *f, struct export *x);
int exchange_matches_export(struct ctx *c, const struct exchange_match_filter *f, struct export *x);

#endif
