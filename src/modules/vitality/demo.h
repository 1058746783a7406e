/* demo_vitality.h — the vitality index's demo step (demo_vitality.c), run
 * last by `wushe demo` in its transaction. */
#ifndef WUSHE_MODULES_VITALITY_DEMO_H
#define WUSHE_MODULES_VITALITY_DEMO_H
#include <stdint.h>
#include "core/err.h"
struct db;
int demo_vitality(struct db *db, int64_t now, struct err *e);
#endif
