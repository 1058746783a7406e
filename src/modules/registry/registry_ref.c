/*
 * registry_ref.c — the registry's scoped reads for other modules: a person,
 * organisation or team another module refers to (a demand's beneficiary,
 * a service's provider, a space's holder) is read here, with the same
 * answers as the registry's own GET /people/{id}, /organisations/{id} and
 * /teams/{id}: 404 if it does not exist, 403 if the actor's read grants do
 * not cover it. Other modules therefore never SELECT from people,
 * organisations or teams to decide who may do what (registry.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "modules/registry/registry_internal.h"
#include "modules/registry/registry.h"
#include "store/store.h"

void registry_ref_free(struct registry_ref *r)
{
	if (!r)
		return;
	free(r->name);
	free(r->mobile);
	free(r->path);
	free(r->status);
	memset(r, 0, sizeof *r);
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* One row of (id, region_id, user_id, name, mobile, path, status) into out:
 * 0, 1 if no row, negative on error. */
static int read_one(struct db *db, const char *sql, int64_t key, struct registry_ref *out,
		    struct err *e)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = db_q(db, e, sql, "i", key);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		out->id = col_int(st, 0);
		out->region_id = col_int(st, 1);
		out->user_id = col_int(st, 2);
		out->name = strdup(col_text(st, 3) ? col_text(st, 3) : "");
		out->mobile = dup_or_null(col_text(st, 4));
		out->path = strdup(col_text(st, 5) ? col_text(st, 5) : "");
		out->status = strdup(col_text(st, 6) ? col_text(st, 6) : "");
		if (!out->name || !out->path || !out->status || (!col_null(st, 4) && !out->mobile)) {
			stmt_done(st);
			registry_ref_free(out);
			return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
		}
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	return rc == 1 ? 0 : 1;
}

static int scoped(struct db *db, const struct principal *actor, unsigned mask, const char *sql,
		  int64_t id, const char *field, const char *zh, const char *en,
		  struct registry_ref *out, struct err *e)
{
	int rc = read_one(db, sql, id, out, e);
	if (rc < 0)
		return rc;
	if (rc == 1)
		return err_set(e, ERR_NOT_FOUND, field, zh, en);
	if (!registry_covers(actor, mask, out->path)) {
		registry_ref_free(out);
		int rc2 = auth_forbidden(e);
		if (e && field)
			snprintf(e->field, sizeof e->field, "%s", field);
		return rc2;
	}
	return 0;
}

int registry_person_get_scoped(struct db *db, const struct principal *actor, int64_t id,
			  const char *field, struct registry_ref *out, struct err *e)
{
	return scoped(db, actor, REGISTRY_READ_ROLES,
		      "SELECT p.id, p.region_id, coalesce(p.user_id,0), p.name, p.mobile, g.path, p.status"
		      " FROM people p JOIN regions g ON g.id=p.region_id WHERE p.id=?",
		      id, field, "人员不存在", "no such person", out, e);
}

int registry_org_get_scoped(struct db *db, const struct principal *actor, int64_t id,
		       const char *field, struct registry_ref *out, struct err *e)
{
	return scoped(db, actor, REGISTRY_READ_ROLES | R(ROLE_ORG_ADMIN),
		      "SELECT o.id, o.region_id, 0, o.name, NULL, g.path, o.status"
		      " FROM organisations o JOIN regions g ON g.id=o.region_id WHERE o.id=?",
		      id, field, "组织不存在", "no such organisation", out, e);
}

int registry_team_get_scoped(struct db *db, const struct principal *actor, int64_t id,
			const char *field, struct registry_ref *out, struct err *e)
{
	return scoped(db, actor, REGISTRY_READ_ROLES,
		      "SELECT t.id, t.region_id, 0, t.name, NULL, g.path, t.status"
		      " FROM teams t JOIN regions g ON g.id=t.region_id WHERE t.id=?",
		      id, field, "队伍不存在", "no such team", out, e);
}

int registry_person_get_own(struct db *db, int64_t user_id, struct registry_ref *out, struct err *e)
{
	if (user_id <= 0) {
		memset(out, 0, sizeof *out);
		return 1;
	}
	return read_one(db,
			"SELECT p.id, p.region_id, coalesce(p.user_id,0), p.name, p.mobile, g.path, p.status"
			" FROM people p JOIN regions g ON g.id=p.region_id WHERE p.user_id=?",
			user_id, out, e);
}
