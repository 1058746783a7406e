/*
 * body.c — declarative request bodies: the route names its field table
 * (http.h struct route .body, core/fields.h) and the handler asks for the
 * struct. Kept apart from router.c so the pipeline stays readable.
 */
#include <assert.h>

#include "core/fields.h"
#include "http/http.h"

int req_body(struct req *r, void *out)
{
	assert(r->route && r->route->body);
	return fields_parse(r->body, r->body_len, r->route->body, (enum fields_mode)r->route->body_mode,
			    out, r->arena, &r->err);
}

const struct field req_version_fields[] = {
	FLD_INT(struct req_version, version, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};
