/* budget_http.h — the participatory budgets' routes (budget_http.c). */
#ifndef WUSHE_MODULES_BUDGET_BUDGET_HTTP_H
#define WUSHE_MODULES_BUDGET_BUDGET_HTTP_H

#include "http/http.h"

extern const struct route budget_routes[];

#endif
