/* volunteer_http.h — the volunteer area's core route table (volunteer_http.c). */
#ifndef WUSHE_MODULES_VOLUNTEER_HTTP_H
#define WUSHE_MODULES_VOLUNTEER_HTTP_H

#include "http/http.h"

extern const struct route volunteer_routes[];

#endif
