/*
 * vol_internal.h — helpers the volunteer area's files share (not an API
 * for other areas: that is volunteer.h).
 */
#ifndef WUSHE_MODULES_VOLUNTEER_INTERNAL_H
#define WUSHE_MODULES_VOLUNTEER_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "core/ctx.h"

struct jw;

#define VOL_STAFF (R(ROLE_DISTRICT_ADMIN) | R(ROLE_TOWN_ADMIN) | R(ROLE_COMMUNITY_STAFF))

/* The region's path into *path (arena); 404 naming field when none. */
int vol_region_path(struct ctx *c, int64_t region_id, const char *field, const char **path);
/* The system, or staff whose grant covers path. */
bool vol_staff_over(struct ctx *c, const char *path);
/* The caller's name as a record's confirmer. */
const char *vol_caller_name(struct ctx *c);
/* The account of the volunteer's person (0: none). */
int64_t vol_volunteer_user(struct ctx *c, int64_t volunteer_id);
/* A notice to the volunteer's account (nothing when there is none). */
int vol_notify(struct ctx *c, int64_t volunteer_id, const char *kind, int64_t region_id,
	       const char *title, const char *title_en, const char *body, const char *body_en,
	       const char *link, const char *entity, int64_t entity_id);
/* Whether the comma-joined list have holds every code of need. */
bool vol_codes_cover(const char *have, const char *need);
/* Write a comma-joined list as a JSON array of strings. */
void vol_write_codes(struct jw *w, const char *key, const char *list);
/* Staff over the volunteer's region, organisers in scope, or the volunteer
 * (*self); 403 otherwise. */
int vol_volunteer_visible(struct ctx *c, int64_t id, bool *self);
/* A freed place goes to the role's waiting sign-ups that fit, in order. */
int vol_promote_waiting(struct ctx *c, int64_t role_id);
/* The volunteers counted as one: id and every volunteer merged into it. */
#define VOL_SAME_PERSON "(SELECT vv.id FROM vol_volunteers vv WHERE vv.id=? OR vv.merged_into=?)"

#endif
