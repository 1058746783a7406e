/*
 * audit.h — the append-only, hash-chained audit log.
 *
 * Every write appends one entry per changed record — who, when, what,
 * before and after (JSON) — in the same transaction as the write, so an
 * entry exists exactly when its change does. Writes are serialised by the
 * store, so the chain is linear: each entry's hash is
 * SHA-256(prev_hash ‖ its fields), and audit_verify recomputes the chain
 * and reports the first entry that was edited, inserted or deleted.
 */
#ifndef WUSHE_AUDIT_AUDIT_H
#define WUSHE_AUDIT_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct db;

struct audit_actor {
	int64_t user_id;       /* 0 = system / command line */
	const char *username;  /* "system" when NULL */
};

struct audit_entry {
	const char *action;    /* create, update, delete, move, login, view_pii, … */
	const char *entity;    /* "region", "user", … */
	int64_t entity_id;
	int64_t region_id;     /* region the record belongs to (scope of the entry); 0 = none */
	const char *before;    /* JSON or NULL */
	const char *after;     /* JSON or NULL */
};

int audit_append(struct db *db, const struct audit_actor *who, int64_t at,
		 const struct audit_entry *en, struct err *e);

/* The audit list (store/list.h): entries of records in the caller's region
 * subtree (district admins: all), filtered by entity, record, user, action
 * and time [from, to); sorted by id (`-id`, newest first, by default).
 * audit_list_row writes one entry to c->w (its ctx is the struct ctx). */
struct audit_filter {
	const char *entity, *action;
	int64_t entity_id, user_id;
	int64_t from, to;
};
struct ctx;
struct list_q;
struct stmt;
int audit_list_query(struct ctx *c, const struct audit_filter *f, struct list_q **out);
int audit_list_row(struct stmt *st, void *ctx, struct err *e);

struct audit_verify_result {
	bool ok;
	int64_t checked;
	int64_t first_bad_id;
	char reason[160];
};
int audit_verify(struct db *db, struct audit_verify_result *out, struct err *e);

#endif
