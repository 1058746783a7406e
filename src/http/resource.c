/* resource.c — see resource.h. */
#include <assert.h>

#include "audit/record.h"
#include "http/http.h"
#include "http/resource.h"

static void *body_in(struct req *r, int *rc)
{
	const struct resource *res = r->route->res;
	void *in = arena_alloc(r->arena, res->in_size ? res->in_size : 1);
	*rc = r->route->body ? req_body(r, in) : 0;
	return in;
}

int res_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : r->route->res->write(&r->cx, &r->jw, id);
}

int res_create(struct req *r)
{
	const struct resource *res = r->route->res;
	int64_t id = 0;
	int rc;
	void *in = body_in(r, &rc);
	if (rc || (rc = res->create(&r->cx, in, &id)))
		return rc;
	r->status = 201;
	return res->write(&r->cx, &r->jw, id);
}

int res_update(struct req *r)
{
	const struct resource *res = r->route->res;
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	void *in = body_in(r, &rc);
	if (rc || (rc = res->update(&r->cx, id, in)))
		return rc;
	return res->write(&r->cx, &r->jw, id);
}

int res_delete(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (rc || (rc = r->route->res->remove(&r->cx, id)))
		return rc;
	jw_obj(&r->jw);
	jw_kbool(&r->jw, "ok", true);
	jw_obj_end(&r->jw);
	return 0;
}

int res_action(struct req *r)
{
	assert(r->route->act);
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	void *in = body_in(r, &rc);
	if (rc || (rc = r->route->act(&r->cx, id, in)))
		return rc;
	return r->route->res->write(&r->cx, &r->jw, id);
}

int resp_record(struct req *r, const struct record_kind *k, int64_t id)
{
	jw_obj(&r->jw);
	int rc = record_write_cols(&r->cx, k, &r->jw, id);
	jw_obj_end(&r->jw);
	return rc;
}
