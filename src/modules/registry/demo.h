/* demo_registry.h — the registry's part of `wushe demo` (demo_registry.c). */
#ifndef WUSHE_MODULES_REGISTRY_DEMO_H
#define WUSHE_MODULES_REGISTRY_DEMO_H
#include <stdint.h>
#include "core/err.h"
struct db;
/* People, organisations, teams and facilities for the demo district; runs
 * inside the demo's write transaction, after regions and users. */
int demo_registry(struct db *db, int64_t now, struct err *e);
#endif
