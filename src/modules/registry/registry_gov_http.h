/*
 * registry_gov_http.h — the route table of the governance records
 * (registry_gov_http.c): committee members and meetings, incubation, brands,
 * building-leader selection, targets.
 */
#ifndef WUSHE_MODULES_REGISTRY_REG_GOV_HTTP_H
#define WUSHE_MODULES_REGISTRY_REG_GOV_HTTP_H

#include "http/http.h"

extern const struct route registry_gov_routes[];

#endif
