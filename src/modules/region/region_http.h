/* region_http.h — the routes of the region tree. */
#ifndef WUSHE_MODULES_REGION_REGION_HTTP_H
#define WUSHE_MODULES_REGION_REGION_HTTP_H
#include "http/http.h"
extern const struct route region_routes[];
#endif
