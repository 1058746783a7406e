/* registry_import_http.h — the routes of the registry bulk import (/api/v1/imports). */
#ifndef WUSHE_MODULES_REGISTRY_REG_IMPORT_HTTP_H
#define WUSHE_MODULES_REGISTRY_REG_IMPORT_HTTP_H
#include "http/http.h"
extern const struct route registry_import_routes[];
#endif
