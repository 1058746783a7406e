/* personal.h — the registry's part of personal-information rights
 * (store/personal.h, modules/privacy): the person linked to an account,
 * and a person's registry records for their own copy or their erasure. */
#ifndef WUSHE_MODULES_REGISTRY_PERSONAL_H
#define WUSHE_MODULES_REGISTRY_PERSONAL_H

#include <stdint.h>

#include "store/personal.h"

struct arena;
struct db;

extern const char *const registry_genders[];           /* male, female */
extern const char *const registry_person_role_kinds[]; /* team, committee */

/* The person whose own account user_id is (0, 0 when none). */
int registry_person_of_user(struct db *db, int64_t user_id, int64_t *person_id, int64_t *region_id,
		       struct err *e);
/* A person's account (0 when none), region and name (any may be NULL). 404
 * naming "id" when there is no such person. */
int registry_person_subject(struct db *db, int64_t person_id, int64_t *user_id, int64_t *region_id, char **name,
		       struct arena *a, struct err *e);
int registry_pii_collect(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int registry_pii_collect_roles(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int registry_pii_erase(struct ctx *c, const struct personal_subject *s, struct personal_report *r);

#endif
