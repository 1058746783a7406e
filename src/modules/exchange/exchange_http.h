/*
 * exchange_http.h — the exchange's route table (exchange_http.c).
 */
#ifndef WUSHE_MODULES_EXCHANGE_EXCHANGE_HTTP_H
#define WUSHE_MODULES_EXCHANGE_EXCHANGE_HTTP_H

#include "http/http.h"

extern const struct route exchange_routes[];

#endif
