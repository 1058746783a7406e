/*
 * migrations.h — the schema, as numbered SQL files from every module
 * (src/.../schema/NNN_name.sql), embedded in the binary at build time by
 * scripts/embed-sql.sh so that "wushe migrate" needs no source tree.
 * Numbers are global across modules and applied in order, each once.
 */
#ifndef WUSHE_STORE_MIGRATIONS_H
#define WUSHE_STORE_MIGRATIONS_H

#include <stddef.h>

struct store_migration {
	int number;
	const char *name;
	const char *sql;
};

extern const struct store_migration store_migrations[];
extern const size_t store_migrations_count;

#endif
