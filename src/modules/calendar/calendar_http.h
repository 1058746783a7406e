/* calendar_http.h — the routes of the working-day calendar. */
#ifndef WUSHE_MODULES_CALENDAR_CALENDAR_HTTP_H
#define WUSHE_MODULES_CALENDAR_CALENDAR_HTTP_H
#include "http/http.h"
extern const struct route calendar_routes[];
#endif
