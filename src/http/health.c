/* health.c — GET /api/v1/health: the server answers and the store reads. */
#include "http/http.h"
#include "store/store.h"

static int h_health(struct req *r)
{
	int version = 0;
	int rc = store_schema_version(r->store, &version, &r->err);
	if (rc)
		return rc;
	jw_obj(&r->jw);
	jw_kstr(&r->jw, "status", "ok");
	jw_kstr(&r->jw, "store", store_dialect(r->store));
	jw_kint(&r->jw, "schema_version", version);
	jw_ktime(&r->jw, "time", r->now);
	jw_obj_end(&r->jw);
	return 0;
}

const struct route health_routes[] = {
	{"GET", "/api/v1/health", h_health, 0, RT_PUBLIC | RT_NO_LIMIT, "liveness and store check"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
