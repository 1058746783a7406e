/*
 * demo.c — the review's part of `wushe demo` (placeholder filled below).
 */
#include "modules/review/review.h"
#include "store/store.h"

int rv_demo(struct db *db, int64_t now, struct err *e)
{
	(void)db;
	(void)now;
	(void)e;
	return 0;
}
