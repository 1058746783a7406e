/* audit_http.h — the routes of the audit log viewer. */
#ifndef WUSHE_AUDIT_AUDIT_HTTP_H
#define WUSHE_AUDIT_AUDIT_HTTP_H
#include "http/http.h"
extern const struct route audit_routes[];
#endif
