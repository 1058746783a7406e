/*
 * registry_kind.h — the registry's basic record kinds (facility,
 * organisation, team, person) on the one record lifecycle (audit/record.h).
 *
 * A kind declares its record (head, snapshot row, messages), the table it
 * deletes from, and the few steps that differ: validate and insert a new
 * record, validate and apply an update, refuse a delete, add to a detail.
 * registry_kind.c runs the rest once for all of them:
 *
 *     create: insert → "create" entry with the after snapshot
 *     update: load in the editing scope → check → version + before → apply
 *             → after → "update" entry (region: the new one when moved)
 *     delete: load in the editing scope → check → before → "delete" entry
 *             → DELETE (422 with the kind's message when still referenced)
 *     detail: the row in the read scope, can_edit, the kind's extras, history
 */
#ifndef WUSHE_MODULES_REGISTRY_REGISTRY_KIND_H
#define WUSHE_MODULES_REGISTRY_REGISTRY_KIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audit/record.h"
#include "core/arena.h"
#include "core/ctx.h"
#include "modules/registry/registry_internal.h"

struct registry_kind {
	struct record_kind rec;
	const char *delete_sql;            /* "DELETE FROM t WHERE id=?" */
	const char *in_use_zh, *in_use_en; /* a delete the store refuses (still referenced) */
	int path_col;                      /* rec.row_sql's region path column */
	size_t region_off, version_off;    /* of the kind's struct …_in */
	/* Validate a new record and insert it (*id). */
	int (*insert)(struct ctx *c, const void *in, int64_t *id);
	/* Validate an update of the loaded record r (before the version check);
	 * *st (NULL) may carry what it found to apply. */
	int (*check)(struct ctx *c, struct record *r, const void *in, void **st);
	/* Write the update (the before snapshot is taken). */
	int (*apply)(struct ctx *c, struct record *r, const void *in, void *st);
	/* Refuse a delete (optional). */
	int (*can_delete)(struct ctx *c, struct record *r);
	/* Members of the detail after can_edit (optional); path is the record's. */
	int (*detail)(struct ctx *c, struct jw *w, int64_t id, const char *path);
};

/* The columns every kind's row begins and ends with. */
#define REGISTRY_COLS_HEAD(region_label)                                                          \
	{"id", "编号", RC_INT}, {"region_id", "区域编号", RC_INT}, {"region_name", region_label, RC_TEXT}
#define REGISTRY_COLS_TAIL                                                                        \
	{"version", "版本", RC_INT}, {"created_at", "创建时间", RC_TIME},                          \
		{"updated_at", "更新时间", RC_TIME}, {"region_path", "", RC_HIDDEN}
#define REGISTRY_NCOLS(cols) ((int)(sizeof cols / sizeof cols[0]))
/* One kind (its row's last column is the region path): alias is the table's alias in the row's SELECT (region g). */
#define REGISTRY_KIND(entity_, zh, en, table, alias, one, cols_, roles, in_type)            \
	.rec = {                                                                                   \
		.entity = entity_, .what_zh = zh, .what_en = en,                                   \
		.head_sql = "SELECT " alias ".id, " alias ".region_id, " alias ".version, g.path"  \
			    " FROM " table " " alias " JOIN regions g ON g.id=" alias ".region_id" \
			    " WHERE " alias ".id=?",                                               \
		.row_sql = one, .cols = cols_, .ncols = REGISTRY_NCOLS(cols_), .read_roles = roles,               \
	},                                                                                         \
	.delete_sql = "DELETE FROM " table " WHERE id=?", .path_col = REGISTRY_NCOLS(cols_) - 1,                  \
	.region_off = offsetof(in_type, region_id), .version_off = offsetof(in_type, version)

/* The list of a kind: table with its alias, the row's columns. */
#define REGISTRY_LIST(tbl, al, sel)                                                          \
	{                                                                                    \
		.table = tbl " " al, .id = al ".id", .region = al ".region_id",              \
		.sorts = registry_sorts, .default_sort = "id", .select = sel,                \
		.from = tbl " " al " JOIN regions g ON g.id=" al ".region_id",               \
		.row_id = al ".id", .count_cap = REGISTRY_TOTAL_CAP,                         \
	}

/* A kind's entry points (registry.h): registry_<name>_create, _update,
 * _delete, _write_json and _write, all through the kind. */
#define REGISTRY_KIND_API(name, kind)                                                            \
	int registry_##name##_create(struct ctx *c, const void *in, int64_t *id_out)             \
	{                                                                                        \
		return registry_kind_create(c, &kind, in, id_out);                               \
	}                                                                                        \
	int registry_##name##_update(struct ctx *c, int64_t id, const void *in)                  \
	{                                                                                        \
		return registry_kind_update(c, &kind, id, in);                                   \
	}                                                                                        \
	int registry_##name##_delete(struct ctx *c, int64_t id)                                  \
	{                                                                                        \
		return registry_kind_delete(c, &kind, id);                                       \
	}                                                                                        \
	int registry_##name##_write_json(struct db *db, const struct principal *p, struct jw *w, \
					 int64_t id, bool with_history, struct err *e)           \
	{                                                                                        \
		return registry_kind_write_json(db, p, &kind, w, id, with_history, e);           \
	}                                                                                        \
	int registry_##name##_write(struct ctx *c, struct jw *w, int64_t id)                     \
	{                                                                                        \
		return registry_kind_write_json(c->db, c->who, &kind, w, id, true, c->e);        \
	}

int registry_kind_create(struct ctx *c, const struct registry_kind *k, const void *in, int64_t *id_out);
int registry_kind_update(struct ctx *c, const struct registry_kind *k, int64_t id, const void *in);
int registry_kind_delete(struct ctx *c, const struct registry_kind *k, int64_t id);
int registry_kind_write_json(struct db *db, const struct principal *p, const struct registry_kind *k,
			     struct jw *w, int64_t id, bool with_history, struct err *e);


/* Load a record of k for a change by p (editing scope): r's id, region and
 * version (its path is left ""). */
int registry_kind_load(struct ctx *c, const struct registry_kind *k, int64_t id, struct record *r);

/* key: an array of the rows sql (one parameter, id) selects, written with
 * cols (for a detail's rooms, members, children). */
int registry_write_rows(struct ctx *c, struct jw *w, const char *key, const struct col *cols, int ncols,
			const char *sql, int64_t id);

/* The enumerated filters of a list: the filter's member at off (a string,
 * NULL when not given) must be one of choices (400 naming field with the
 * message otherwise) and matches col. Tables end with field NULL. */
struct registry_enum_filter {
	const char *field, *col;
	size_t off;
	const char *const *choices;
	const char *zh, *en;
};
int registry_filters_check(const void *f, const struct registry_enum_filter *t, struct err *e);
void registry_filters_where(struct list_q *q, const void *f, const struct registry_enum_filter *t);
/* A registry list's query (registry_list_new) with its enumerated filters
 * checked and applied: region_id in the caller's scope for mask, f's values
 * for filters. The caller adds its own filters and runs it. */
int registry_list_open(struct ctx *c, unsigned mask, int64_t region_id, const struct list_spec *spec,
		       const void *f, const struct registry_enum_filter *filters, struct list_q **q);
/* A name filter: LIKE over sql's one parameter with q's escaped pattern. */
void registry_list_like(struct list_q *q, const char *sql, const char *s);

#endif
