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
#include "core/xmem.h"
#include "modules/registry/registry_internal.h"
#include "modules/registry/registry.h"
#include "store/store.h"

/* The text members of a ref, in the order of columns 3..6 of its SELECT. */
#define REF_TEXTS(r) {&(r)->name, &(r)->mobile, &(r)->path, &(r)->status}
#define REF_NTEXTS 4
#define REF_MOBILE 1 /* the one text that stays NULL when its column is */

void registry_ref_free(struct registry_ref *r)
{
	if (r) {
		char **t[] = REF_TEXTS(r);
		for (int i = 0; i < REF_NTEXTS; i++)
			free(*t[i]);
		memset(r, 0, sizeof *r);
	}
}

/* One row of (id, region_id, user_id, name, mobile, path, status) into out:
 * 0, 1 if no row, negative on error. */
static int read_one(struct db *db, const char *sql, int64_t key, struct registry_ref *out,
		    struct err *e)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = db_q(db, e, sql, "i", key);
	int rc = st ? stmt_step(st, e) : e->code;
	if (rc == 1) {
		int64_t *ints[] = {&out->id, &out->region_id, &out->user_id};
		char **t[] = REF_TEXTS(out);
		for (int i = 0; i < 3; i++)
			*ints[i] = col_int(st, i);
		for (int i = 0; i < REF_NTEXTS; i++) {
			const char *v = col_text(st, 3 + i);
			if (v || i != REF_MOBILE)
				*t[i] = xstrdup(v ? v : "");
		}
	}
	if (st)
		stmt_done(st);
	if (rc < 0)
		return rc;
	return rc == 1 ? 0 : 1;
}

/* What another module may look up: who may read it, how, and the 404's words. */
struct ref_kind {
	unsigned mask;
	const char *sql, *zh, *en;
};

static const struct ref_kind person_ref = {
	REGISTRY_READ_ROLES,
	"SELECT p.id, p.region_id, coalesce(p.user_id,0), p.name, p.mobile, g.path, p.status"
	" FROM people p JOIN regions g ON g.id=p.region_id WHERE p.id=?",
	"人员不存在", "no such person"};
static const struct ref_kind org_ref = {
	REGISTRY_READ_ROLES | R(ROLE_ORG_ADMIN),
	"SELECT o.id, o.region_id, 0, o.name, NULL, g.path, o.status"
	" FROM organisations o JOIN regions g ON g.id=o.region_id WHERE o.id=?",
	"组织不存在", "no such organisation"};
static const struct ref_kind team_ref = {
	REGISTRY_READ_ROLES,
	"SELECT t.id, t.region_id, 0, t.name, NULL, g.path, t.status"
	" FROM teams t JOIN regions g ON g.id=t.region_id WHERE t.id=?",
	"队伍不存在", "no such team"};

static int scoped(struct db *db, const struct principal *actor, const struct ref_kind *k, int64_t id,
		  const char *field, struct registry_ref *out, struct err *e)
{
	int rc = read_one(db, k->sql, id, out, e);
	if (rc < 0)
		return rc;
	if (rc == 1)
		return err_set(e, ERR_NOT_FOUND, field, k->zh, k->en);
	if (!registry_covers(actor, k->mask, out->path)) {
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
	return scoped(db, actor, &person_ref, id, field, out, e);
}

int registry_org_get_scoped(struct db *db, const struct principal *actor, int64_t id,
		       const char *field, struct registry_ref *out, struct err *e)
{
	return scoped(db, actor, &org_ref, id, field, out, e);
}

int registry_team_get_scoped(struct db *db, const struct principal *actor, int64_t id,
			const char *field, struct registry_ref *out, struct err *e)
{
	return scoped(db, actor, &team_ref, id, field, out, e);
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
