/*
 * reg_gov_http.h — the route table of the governance records
 * (reg_gov_http.c): committee members and meetings, incubation, brands,
 * building-leader selection, targets.
 */
#ifndef WUSHE_MODULES_REGISTRY_REG_GOV_HTTP_H
#define WUSHE_MODULES_REGISTRY_REG_GOV_HTTP_H

#include "http/http.h"

extern const struct route reg_gov_routes[];

#endif
