/* auth_http.h — the routes of accounts, sessions and tokens. */
#ifndef WUSHE_AUTH_AUTH_HTTP_H
#define WUSHE_AUTH_AUTH_HTTP_H
#include "http/http.h"
extern const struct route auth_routes[];
#endif
