/* registry_http.h — the registry's route table (people, organisations, teams, facilities). */
#ifndef WUSHE_MODULES_REGISTRY_REGISTRY_HTTP_H
#define WUSHE_MODULES_REGISTRY_REGISTRY_HTTP_H
#include "http/http.h"
extern const struct route registry_routes[];
#endif
