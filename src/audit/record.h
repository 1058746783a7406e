/*
 * record.h — one lifecycle for every record a module keeps:
 *
 *     load in scope → check version → snapshot → write → snapshot → audit
 *
 * A module declares each kind of record once:
 *
 *     static const struct col facility_cols[] = {{"id", "编号", COL_INT}, …};
 *     const struct record_kind registry_facility_kind = {
 *         .entity = "facility", .what_zh = "设施", .what_en = "facility",
 *         .head_sql = "SELECT f.id, f.region_id, f.version, g.path FROM facilities f"
 *                     " JOIN regions g ON g.id=f.region_id WHERE f.id=?",
 *         .row_sql = "SELECT … FROM facilities f … WHERE f.id=?",
 *         .cols = facility_cols, .ncols = 15, .read_roles = ROLES_FIELD,
 *     };
 *
 * and its update reads
 *
 *     struct record rec;
 *     if ((rc = record_load(c, &registry_facility_kind, id, ROLES_STAFF, &rec)) ||
 *         (rc = record_begin(c, &rec, in->version)))
 *             return rc;
 *     … UPDATE … version = version + 1 …
 *     return record_commit(c, &rec, "update");
 *
 * record_commit takes the after snapshot and appends exactly one audit
 * entry (before, after) in the request's transaction, so an entry exists
 * exactly when its change does. Snapshots are the record's row_sql columns
 * as JSON (masked where the columns say so), allocated from the request's
 * arena. The messages — no such record, outside your scope, changed by
 * someone else — are written here only.
 */
#ifndef WUSHE_AUDIT_RECORD_H
#define WUSHE_AUDIT_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "store/row.h"

struct jw;

struct record_kind {
	const char *entity;          /* audit entity and history key, e.g. "facility" */
	const char *what_zh, *what_en; /* for "no such …": "设施", "facility" */
	/* id, region_id, version and the region's path of the record `?`;
	 * region_id and path may be NULL columns (records outside the tree). */
	const char *head_sql;
	/* The record's columns (cols, in order) for `?`: snapshots and reads. */
	const char *row_sql;
	const struct col *cols;
	int ncols;
	unsigned read_roles;         /* who may see such records at all (auth.h ROLE_* mask) */
	/* Sensitive records (cases): the audit snapshots are references,
	 * {"ref":"<entity>/<id>","version":N}, never the columns, and the
	 * entries carry no region (region_id 0). Reads (record_write_cols)
	 * are unchanged. */
	bool ref_only;
};

struct record {
	const struct record_kind *k;
	int64_t id, region_id, version;
	const char *path;            /* region path, "" when none (arena) */
	const char *before;          /* snapshot taken by record_begin (arena), or NULL */
};

/* Load the record's head and check the caller may act on it: the caller
 * needs read_roles and `mask` over the record's region (mask 0: read_roles
 * alone). 404 naming "id" when there is none, 403 outside the scope. */
int record_load(struct ctx *c, const struct record_kind *k, int64_t id, unsigned mask,
		struct record *r);
/* Load the head without any scope check (system work, or a check the
 * module makes itself). */
int record_head(struct ctx *c, const struct record_kind *k, int64_t id, struct record *r);
/* Before a change: the caller's version must be the record's (409 naming
 * "version" otherwise; version < 0 skips the check) and the before snapshot
 * is taken. */
int record_begin(struct ctx *c, struct record *r, int64_t version);
/* After the change: the after snapshot (none for "delete") and one audit
 * entry (action, entity, id, region, before, after). */
int record_commit(struct ctx *c, struct record *r, const char *action);
/* A record just inserted: its after snapshot and one "create" entry
 * (or `action`, when given). */
int record_created(struct ctx *c, const struct record_kind *k, int64_t id, int64_t region_id,
		   const char *action);
/* The record's columns as a JSON object (for snapshots), from the arena. */
int record_snapshot(struct ctx *c, const struct record_kind *k, int64_t id, char **out);
/* Write the record's columns as the members of the open object w. */
int record_write_cols(struct ctx *c, const struct record_kind *k, struct jw *w, int64_t id);
/* 409 naming "version": the record changed since the caller read it. */
int record_stale(struct err *e, int64_t current);
/* One audit entry by the context's caller at the context's time. */
int audit_record(struct ctx *c, const char *action, const char *entity, int64_t id,
		 int64_t region_id, const char *before, const char *after);
/* "history": the audit entries of (entity, id), newest first (at most 100). */
int record_write_history(struct ctx *c, struct jw *w, const char *entity, int64_t id);

#endif
