/* exchange_dir_http.h — routes of search, the HSDS export and space for service. */
#ifndef WUSHE_MODULES_EXCHANGE_EXCHANGE_DIR_HTTP_H
#define WUSHE_MODULES_EXCHANGE_EXCHANGE_DIR_HTTP_H
#include "http/http.h"
extern const struct route exchange_dir_routes[];
#endif
