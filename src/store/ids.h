/*
 * ids.h — the ids a statement selects, read into the caller's array.
 *
 * Logic that walks a set of rows one at a time (the demo advancing a
 * batch's matches, an import undone in batches) first reads their ids and
 * finishes the statement, so it can write to those rows while no read is
 * open over them:
 *
 *     struct stmt *st = db_q(db, e, "SELECT id FROM … ORDER BY id", …);
 *     int n = stmt_ids(st, ids, 256, e);
 *     if (n < 0)
 *             return n;
 */
#ifndef WUSHE_STORE_IDS_H
#define WUSHE_STORE_IDS_H

#include <stdint.h>

#include "core/err.h"

struct stmt;

/* The first column of st's rows, up to max of them, into ids; st is
 * finished (stmt_done) either way. Returns how many were read, or a
 * negative error code: st's step failed, or st is NULL (the query could
 * not be made: e's code). */
int stmt_ids(struct stmt *st, int64_t *ids, int max, struct err *e);

#endif
