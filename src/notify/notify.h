/*
 * notify.h — notices: what an area tells a person (docs/ARCHITECTURE.md,
 * "Notices and the home page").
 *
 * An area calls notify_user() or notify_role() inside the transaction of
 * the change it reports (a logic function's own write), so the notice is
 * committed with the change or not at all, and survives a crash as the
 * change does. People read their own notices, newest first, with an unread
 * count for the page header; nobody reads another person's.
 *
 * A reminder (催办) is a notice staff send to the person a step waits for:
 * notify_remind() refuses a second one for the same record within a day,
 * so a person is not flooded.
 */
#ifndef WUSHE_NOTIFY_NOTIFY_H
#define WUSHE_NOTIFY_NOTIFY_H

#include <stdint.h>

#include "core/ctx.h"

struct list_q;
struct stmt;

struct notice {
	const char *kind;            /* "exchange.match_proposed" */
	int64_t region_id;           /* where the item is (0: none) */
	const char *title, *title_en;
	const char *body, *body_en;  /* NULL: none */
	const char *link;            /* the web page of the item, "/exchange/provider" */
	const char *entity;          /* the record, as audit/record.h names it; NULL: none */
	int64_t entity_id;
};

/* One notice for the account user_id (0 does nothing: a record without an
 * account to tell). The actor is c->who. */
int notify_user(struct ctx *c, int64_t user_id, const struct notice *n);
/* One notice for every account holding one of roles (auth.h R(ROLE_…)) on
 * n->region_id or a region above it — each account once. */
int notify_role(struct ctx *c, unsigned roles, const struct notice *n);
/* A reminder to user_id about n->entity / n->entity_id: 422 when one of the
 * same kind was sent to them for it less than a day ago (the message says
 * when). */
int notify_remind(struct ctx *c, int64_t user_id, const struct notice *n);

/* The caller's notices: unread_only, newest first (store/list.h). */
int notify_list_query(struct ctx *c, int unread_only, struct list_q **out);
int notify_list_row(struct stmt *st, void *vc, struct err *e);
/* The caller's unread count into *n. */
int notify_unread(struct ctx *c, int64_t *n);
/* Mark the caller's notice id read (404 for another's), or all of them. */
int notify_read(struct ctx *c, int64_t id);
int notify_read_all(struct ctx *c, int64_t *n);

#endif
