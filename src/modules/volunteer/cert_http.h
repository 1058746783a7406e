/* cert_http.h — the routes of certificates of volunteer service (cert_http.c). */
#ifndef WUSHE_MODULES_VOLUNTEER_CERT_HTTP_H
#define WUSHE_MODULES_VOLUNTEER_CERT_HTTP_H

#include "http/http.h"

extern const struct route vol_cert_routes[];

#endif
