/*
 * demo_exchange.h — the exchange's part of `wushe demo` (demo_exchange.c).
 */
#ifndef WUSHE_MODULES_EXCHANGE_DEMO_H
#define WUSHE_MODULES_EXCHANGE_DEMO_H

#include <stdint.h>

#include "core/err.h"

struct db;

/* Providers, accounts resident/provider, services, demands and matches in
 * every state. Runs inside the demo's write transaction. */
int demo_exchange(struct db *db, int64_t now, struct err *e);

#endif
