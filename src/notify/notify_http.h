/* notify_http.h — the message centre's routes (notify.h). */
#ifndef WUSHE_NOTIFY_NOTIFY_HTTP_H
#define WUSHE_NOTIFY_NOTIFY_HTTP_H
#include "http/http.h"
extern const struct route notify_routes[];
#endif
