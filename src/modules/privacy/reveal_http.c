/*
 * reveal_http.c — the request body every POST …/{id}/reveal route shares
 * (reveal.h): {"purpose": 2 to 200 characters}.
 */
#include <stddef.h>

#include "core/fields.h"
#include "http/http.h"
#include "modules/privacy/reveal.h"

const struct field reveal_fields[] = {
	FLD_STR(struct reveal_in, purpose, FLD_REQ, 2, 200),
	FLD_END,
};

int reveal_req(struct req *r, int64_t *id, struct reveal_in *in)
{
	*in = (struct reveal_in){0};
	int rc = req_param_id(r, "id", id);
	return rc ? rc : req_body(r, in);
}
