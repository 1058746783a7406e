/*
 * migrations.h — the schema, as numbered SQL files from every module
 * (src/.../schema/NNN_name.sql), embedded in the binary at build time by
 * scripts/embed-sql.sh so that "wushe migrate" needs no source tree.
 * Numbers are global across modules and applied in order, each once.
 * A migration has a portable part (NNN_name.sql) and optional parts of
 * one dialect (NNN_name.sqlite.sql, NNN_name.pg.sql): a backend runs the
 * portable part, then its own.
 */
#ifndef WUSHE_STORE_MIGRATIONS_H
#define WUSHE_STORE_MIGRATIONS_H

#include <stddef.h>

struct store_migration {
	int number;
	const char *name;
	const char *sql;      /* portable part, or NULL */
	const char *sqlite;   /* SQLite's own part, or NULL */
	const char *pg;       /* PostgreSQL's own part, or NULL */
};

extern const struct store_migration store_migrations[];
extern const size_t store_migrations_count;

#endif
