/* demo_exchange_dir.h — demo data for search, HSDS and space for service (cmd_demo.c). */
#ifndef WUSHE_MODULES_EXCHANGE_DEMO_DIR_H
#define WUSHE_MODULES_EXCHANGE_DEMO_DIR_H
#include <stdint.h>
#include "core/err.h"
struct db;
int demo_exchange_dir(struct db *db, int64_t now, struct err *e);
#endif
