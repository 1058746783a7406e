/*
 * jobs.h — the server's own periodic work: every area's `.jobs`
 * (core/module.h struct module_job), run once when `wushe serve` starts,
 * before it listens, then each at its interval on one thread with its own
 * store connection, until the server stops. An area that needs something
 * done without a request (the volunteer area closes missed check-outs at
 * the end of an activity's day) declares it; nothing outside its folder
 * changes.
 */
#ifndef WUSHE_JOBS_H
#define WUSHE_JOBS_H

#include <stdint.h>

#include "core/err.h"

struct db;
struct store;

/* One pass of every job on db now, in area order; a failing job is logged
 * and the others still run. Returns how many failed. */
int jobs_run_all(struct db *db, int64_t now);

/* Run every job once on db (the caller's thread, before the server
 * listens), then start the thread that runs each at its interval. */
int jobs_start(struct store *s, struct db *db, struct err *e);
/* Stop the thread after its current job (a no-op when not started). */
void jobs_stop(void);

#endif
