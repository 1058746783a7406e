/* privacy_http.h — the privacy area's routes (privacy_http.c). */
#ifndef WUSHE_MODULES_PRIVACY_HTTP_H
#define WUSHE_MODULES_PRIVACY_HTTP_H

#include "http/http.h"

extern const struct route privacy_routes[];

#endif
