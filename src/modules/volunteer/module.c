/* module.c — TEMPORARY, helper CERT's worktree only: the lead merges the
 * volunteer module's descriptor (CORE's routes and demo, POINTS', and
 * these). Certificates of volunteer service (cert.h). */
#include "core/module.h"
#include "modules/volunteer/cert.h"
#include "modules/volunteer/cert_http.h"

WUSHE_MODULE(volunteer) = {
	.name = "volunteer",
	.order = 40,
	.routes = (const struct route *const[]){vol_cert_routes, NULL},
	.demo = vol_cert_demo,
};
