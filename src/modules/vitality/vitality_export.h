/*
 * vitality_export.h — 社区对比 as CSV or XLSX (vitality_export.c): the
 * comparison of ids[0..n) for month (NULL: the current one) with the same
 * checks as vitality_write_compare, written into x with the columns it
 * sets (month, component, weight, one per region).
 */
#ifndef WUSHE_VITALITY_EXPORT_H
#define WUSHE_VITALITY_EXPORT_H

#include <stdint.h>

#include "core/ctx.h"
#include "core/export.h"

int vitality_compare_export(struct ctx *c, const int64_t *ids, int n, const char *month, struct export *x);

#endif
