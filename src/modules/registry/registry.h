/*
 * registry.h — the district social-work database (DOMAIN.md §4.1): people,
 * organisations, volunteer teams and facilities.
 *
 * Every record belongs to a region and every call checks the caller's
 * region scope (auth.h) before it reads or writes: a town admin of 大良
 * never sees a 容桂 record (ERR_FORBIDDEN) and a refused call writes
 * nothing. Every write appends an audit entry in the caller's transaction
 * with the entity names "person", "organisation", "team" and "facility",
 * so GET /api/v1/audit?entity=person&entity_id=N is a record's history.
 *
 * Personal information (PIPL): a person's id_number and mobile are checked
 * with core/pii.h and stored once, in people. Every list, detail, export and
 * audit snapshot carries only their masks; registry_person_reveal hands out the
 * full values to staff in scope, with a stated purpose, and logs the act
 * (action "person.reveal", the purpose, never the values).
 *
 * actor NULL means the system (CLI, demo): no scope check, audited as
 * "system".
 */
#ifndef WUSHE_MODULES_REGISTRY_REGISTRY_H
#define WUSHE_MODULES_REGISTRY_REGISTRY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/jw.h"
#include "store/row.h"

struct db;
struct principal;
struct stmt;

/* Who may do what (route roles; the region scope is checked in logic). */
#define REGISTRY_READ_ROLES ROLES_FIELD     /* staff, grid and social workers */
#define REGISTRY_EDIT_ROLES ROLES_STAFF     /* admins and community staff */
#define REGISTRY_REVEAL_ROLES ROLES_STAFF

/* Lists count matches exactly up to this many; beyond it `total` is this
 * number and `total_capped` (and the list helper's `total_is_estimate`)
 * is true (a million-row count per page would cost more than the page
 * itself). */
#define REGISTRY_TOTAL_CAP 5000
/* Exports stop with 422 beyond this many rows (narrow the filters). */
#define REGISTRY_EXPORT_MAX 200000

extern const char *const registry_households[];     /* registered, nonregistered */
extern const char *const registry_sw_levels[];      /* assistant, intermediate, senior */
extern const char *const registry_person_statuses[];/* active, moved_out, deceased */
extern const char *const registry_verify_methods[]; /* household_roll, residence_permit, in_person */
extern const char *const registry_org_types[];
extern const char *const registry_domains[];
extern const char *const registry_registrations[];
extern const char *const registry_incubation_stages[];
extern const char *const registry_org_statuses[];
extern const char *const registry_team_statuses[];
extern const char *const registry_facility_kinds[];
extern const char *const registry_facility_statuses[];
extern const char *const registry_team_roles[];      /* leader, member */

/* ---------- shared list plumbing ---------- */

/* A list's columns are store/row.h's (struct col, COL_*), so a registry
 * row, list, export and snapshot are written (and masked) by row_json. The
 * registry's older names stay as aliases for its callers. */
#define registry_col col
#define RC_INT COL_INT
#define RC_TEXT COL_TEXT
#define RC_BOOL COL_BOOL
#define RC_TIME COL_TIME
#define RC_DOUBLE COL_DOUBLE
#define RC_ID_MASK COL_ID_MASK
#define RC_MOBILE_MASK COL_MOBILE_MASK
#define RC_HIDDEN COL_HIDDEN

/* A list's rows, handed one by one to a sink (JSON page or spreadsheet). */
typedef int (*registry_row_fn)(void *ctx, const struct registry_col *cols, int ncols, struct stmt *st,
			  struct err *e);

/* Lists run on store/list.h: lr carries page, per_page, sort (id, name,
 * created_at, updated_at, - for descending), cursor, or all rows (exports);
 * res the capped total and the next cursor. */
struct list_req;
struct list_result;

/* Write the current row as a JSON object's members (no braces). */
void registry_row_json(struct jw *w, const struct registry_col *cols, int ncols, struct stmt *st);

/* ---------- people ---------- */

enum registry_person_flag {
	PF_RESIDENT, PF_COMMUNITY_WORKER, PF_SOCIAL_WORKER, PF_VOLUNTEER,
	PF_BUILDING_LEADER, PF_PARTY_MEMBER, PF__COUNT
};
extern const char *const registry_person_flag_keys[PF__COUNT]; /* "is_resident", … */

struct registry_person_in {
	int64_t region_id;           /* 0 = keep (update) */
	const char *name;            /* NULL = keep */
	const char *id_number;       /* raw input; has_id_number with NULL clears */
	const char *mobile;
	const char *gender;          /* only without an ID number */
	const char *birth_date;      /* YYYY-MM-DD, only without an ID number */
	const char *household;
	const char *address;
	const char *sw_level;
	const char *status;
	const char *note;
	int64_t user_id;             /* 0 with has_user_id clears */
	bool flags[PF__COUNT];
	bool has_flag[PF__COUNT];
	bool has_id_number, has_mobile, has_gender, has_birth_date, has_address, has_sw_level,
		has_note, has_user_id;
	int64_t import_job_id;       /* bulk import: the job that wrote it (0 = none) */
	int64_t version;             /* update: required */
};

struct registry_people_filter {
	int64_t region_id;           /* 0 = the caller's broadest grant */
	const char *q;               /* name substring, or an exact ID number / mobile */
	const char *household;
	const char *sw_level;
	const char *status;
	int flag[PF__COUNT];         /* -1 any, 0, 1 */
	int verified;                /* -1 any, 0, 1 */
};
void registry_people_filter_init(struct registry_people_filter *f);

/* The record functions take the request's context (core/ctx.h) and their
 * input as `const void *` (the struct named beside them), the shape of
 * http/resource.h, so a route names them directly. */
/* in: struct registry_person_in (no version) */
int registry_person_create(struct ctx *c, const void *in, int64_t *id_out);
/* in: struct registry_person_in (version required) */
int registry_person_update(struct ctx *c, int64_t id, const void *in);
/* Delete a person no other record refers to (otherwise 422: set status moved_out). */
int registry_person_delete(struct ctx *c, int64_t id);
/* The person as GET /people/{id} answers: masked, with history. */
int registry_person_write(struct ctx *c, struct jw *w, int64_t id);
/* The full ID number and mobile, for a stated purpose (2–200 characters);
 * audited as person.reveal. Writes {"id","id_number","mobile","purpose"}. */
int registry_person_reveal(struct ctx *c, int64_t id, const char *purpose, struct jw *w);
struct registry_verify_in {
	const char *method;          /* registry_verify_methods */
	const char *note;
};
struct registry_unverify_in {
	const char *reason;
};
/* in: struct registry_verify_in */
int registry_person_verify(struct ctx *c, int64_t id, const void *in);
/* in: struct registry_unverify_in */
int registry_person_unverify(struct ctx *c, int64_t id, const void *in);
/* One person (masked) with region name and history. */
int registry_person_write_json(struct db *db, const struct principal *p, struct jw *w, int64_t id,
			  bool with_history, struct err *e);
int registry_people_list(struct ctx *c, const struct registry_people_filter *f, const struct list_req *lr,
		    registry_row_fn fn, void *fctx, struct list_result *res);
extern const struct registry_col registry_person_cols[];
extern const int registry_person_ncols;

/* For voting and other modules: 1 if the person is an active, verified
 * resident, 0 if not (or no such person), negative on a store error. */
int registry_person_verified(struct db *db, int64_t person_id);
/* The id of the verified, active person linked to this user account, 0 if
 * none, negative on a store error. */
int64_t registry_user_verified_person(struct db *db, int64_t user_id);

/* ---------- scoped reads for other modules (registry_ref.c) ----------
 *
 * Another module that refers to a person, organisation or team reads it
 * here, never with its own SELECT: the read answers as the registry's own
 * GET does — ERR_NOT_FOUND if there is no such record, ERR_FORBIDDEN if no
 * grant of the actor with a read role covers it (people and teams:
 * REGISTRY_READ_ROLES; organisations: those and org admins) — with e->field set
 * to the caller's field. actor NULL means the system (or a link already
 * checked on both sides, e.g. a provider account): no scope check.
 *
 * The mobile is the full number, for a module that must keep it with its
 * own record (a demand's beneficiary); that module shows it only masked
 * and hands it out only through its own audited reveal. */
struct registry_ref {
	int64_t id, region_id;
	int64_t user_id;       /* people: the linked account, 0 = none */
	char *name;
	char *mobile;          /* people: full, NULL if none */
	char *path;            /* the record's region path */
	char *status;
};
void registry_ref_free(struct registry_ref *r);
int registry_person_get_scoped(struct db *db, const struct principal *actor, int64_t id,
			  const char *field, struct registry_ref *out, struct err *e);
int registry_org_get_scoped(struct db *db, const struct principal *actor, int64_t id,
		       const char *field, struct registry_ref *out, struct err *e);
int registry_team_get_scoped(struct db *db, const struct principal *actor, int64_t id,
			const char *field, struct registry_ref *out, struct err *e);
/* The person linked to this user account (whatever its status): 0 and
 * *out filled, 1 if none (out zeroed), negative on a store error. A
 * caller's own record needs no scope. */
int registry_person_get_own(struct db *db, int64_t user_id, struct registry_ref *out, struct err *e);

/* ---------- organisations ---------- */

/* An optional number of an input: has is false when the key is absent or
 * null (keep the stored value). */
struct registry_number {
	double v;
	bool has;
};

struct registry_org_in {
	int64_t region_id;
	const char *name, *credit_code, *org_type, *domain, *registration, *incubation_stage,
		*status, *contact_name, *contact_mobile, *address, *website, *email, *description,
		*founded_on;
	int64_t filed_town_id, ledger_community_id;
	struct registry_number latitude, longitude;
	bool has_credit_code, has_incubation_stage, has_contact_name, has_contact_mobile,
		has_address, has_website, has_email, has_description, has_founded_on,
		has_filed_town_id, has_ledger_community_id;
	int64_t import_job_id;
	int64_t version;
};

struct registry_org_filter {
	int64_t region_id;
	const char *q, *org_type, *domain, *registration, *incubation_stage, *status;
	int64_t ledger_community_id;
};

/* in: struct registry_org_in */
int registry_org_create(struct ctx *c, const void *in, int64_t *id_out);
int registry_org_update(struct ctx *c, int64_t id, const void *in);
int registry_org_delete(struct ctx *c, int64_t id);
int registry_org_write(struct ctx *c, struct jw *w, int64_t id);
int registry_org_write_json(struct db *db, const struct principal *p, struct jw *w, int64_t id,
		       bool with_history, struct err *e);
int registry_orgs_list(struct ctx *c, const struct registry_org_filter *f, const struct list_req *lr,
		  registry_row_fn fn, void *fctx, struct list_result *res);
extern const struct registry_col registry_org_cols[];
extern const int registry_org_ncols;

/* ---------- teams ---------- */

struct registry_team_in {
	int64_t region_id, parent_id, organisation_id;
	const char *name, *domain, *status, *description;
	bool is_general;
	bool has_parent_id, has_organisation_id, has_description, has_is_general;
	int64_t import_job_id;
	int64_t version;
};

struct registry_team_filter {
	int64_t region_id, parent_id;
	const char *q, *domain, *status;
	int is_general; /* -1 any */
};

/* in: struct registry_team_in */
int registry_team_create(struct ctx *c, const void *in, int64_t *id_out);
int registry_team_update(struct ctx *c, int64_t id, const void *in);
int registry_team_delete(struct ctx *c, int64_t id);
int registry_team_write(struct ctx *c, struct jw *w, int64_t id);
struct registry_team_member_in {
	int64_t person_id;
	const char *role;            /* leader, member; NULL = member */
};
/* Add or re-role a member (a leader becomes the team's leader).
 * in: struct registry_team_member_in */
int registry_team_member_set(struct ctx *c, int64_t team_id, const void *in);
int registry_team_member_remove(struct ctx *c, int64_t team_id, int64_t person_id);
int registry_team_write_json(struct db *db, const struct principal *p, struct jw *w, int64_t id,
			bool with_history, struct err *e);
/* General teams of the region subtree with their teams and member counts. */
int registry_team_tree(struct db *db, const struct principal *p, struct jw *w, int64_t region_id,
		  struct err *e);
int registry_teams_list(struct ctx *c, const struct registry_team_filter *f, const struct list_req *lr,
		   registry_row_fn fn, void *fctx, struct list_result *res);
extern const struct registry_col registry_team_cols[];
extern const int registry_team_ncols;

/* ---------- facilities ---------- */

struct registry_facility_in {
	int64_t region_id;
	const char *name, *kind, *address, *opening_hours, *status;
	int64_t area_m2;
	struct registry_number latitude, longitude;
	bool has_area_m2, has_address, has_opening_hours;
	int64_t version;
};

struct registry_room_in {
	const char *name;
	int64_t capacity, area_m2;
	bool has_capacity, has_area_m2;
};

struct registry_facility_filter {
	int64_t region_id;
	const char *q, *kind, *status;
};

/* in: struct registry_facility_in */
int registry_facility_create(struct ctx *c, const void *in, int64_t *id_out);
int registry_facility_update(struct ctx *c, int64_t id, const void *in);
int registry_facility_delete(struct ctx *c, int64_t id);
int registry_facility_write(struct ctx *c, struct jw *w, int64_t id);
int registry_room_create(struct ctx *c, int64_t facility_id, const struct registry_room_in *in, int64_t *id_out);
int registry_room_update(struct ctx *c, int64_t facility_id, int64_t room_id, const struct registry_room_in *in);
int registry_room_delete(struct ctx *c, int64_t facility_id, int64_t room_id);
int registry_facility_write_json(struct db *db, const struct principal *p, struct jw *w, int64_t id,
			    bool with_history, struct err *e);
int registry_facilities_list(struct ctx *c, const struct registry_facility_filter *f,
			const struct list_req *lr, registry_row_fn fn, void *fctx,
			struct list_result *res);
extern const struct registry_col registry_facility_cols[];
extern const int registry_facility_ncols;

#endif
