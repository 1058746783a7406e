/* vitality_http.h — the vitality index's routes (vitality_http.c). */
#ifndef WUSHE_MODULES_VITALITY_VITALITY_HTTP_H
#define WUSHE_MODULES_VITALITY_VITALITY_HTTP_H
#include "http/http.h"
extern const struct route vitality_routes[];
#endif
