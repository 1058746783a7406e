/* module.c — the hash-chained audit log (audit.h). */
#include "audit/audit_http.h"
#include "core/module.h"

WUSHE_MODULE(audit) = {
	.name = "audit",
	.order = 5,
	.routes = (const struct route *const[]){audit_routes, NULL},
};
