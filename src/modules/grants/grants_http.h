/* grants_http.h — the grants area's routes (grants_http.c). */
#ifndef WUSHE_MODULES_GRANTS_HTTP_H
#define WUSHE_MODULES_GRANTS_HTTP_H

#include "http/http.h"

extern const struct route grants_routes[];

#endif
