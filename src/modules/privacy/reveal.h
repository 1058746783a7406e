/*
 * reveal.h — showing a record's full personal details for a stated
 * purpose (a demand's beneficiary contact, a person's ID number and
 * mobile). The areas that hold the details decide who may see them; the
 * rules here are the ones every reveal shares: the purpose the caller
 * must state, the audit detail (who looked and why, and which fields the
 * record held — never their values) and the answer's shape.
 *
 * reveal.c holds the logic, reveal_http.c the request body.
 */
#ifndef WUSHE_MODULES_PRIVACY_REVEAL_H
#define WUSHE_MODULES_PRIVACY_REVEAL_H

#include <stdint.h>

#include "core/err.h"
#include "core/fields.h"

struct jw;
struct req;
struct sb;

/* One revealed field: its name in the answer and the audit, and its value
 * (NULL: the record holds none). */
struct reveal_field {
	const char *name;
	const char *value;
};

/* 0 when the purpose is 2 to 200 characters, else ERR_INVALID on
 * "purpose". */
int reveal_purpose_check(const char *purpose, struct err *e);
/* The audit entry's detail into out (sb, the caller frees it):
 * {"purpose":…,"fields":[the names of the n fields that hold a value]}. */
void reveal_audit_detail(struct sb *out, const char *purpose, const struct reveal_field *f, int n);
/* The answer: {"id":id, each field's name: its value or null, "purpose":…}. */
void reveal_answer(struct jw *w, int64_t id, const struct reveal_field *f, int n, const char *purpose);

/* The request body of POST …/{id}/reveal, and its fields for the route. */
struct reveal_in {
	const char *purpose;
};
extern const struct field reveal_fields[];
/* Reads the path's {id} and the body: 0, or the error answered. */
int reveal_req(struct req *r, int64_t *id, struct reveal_in *in);

#endif
