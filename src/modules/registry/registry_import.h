/*
 * registry_import.h — bulk import of people, organisations and volunteer teams
 * from CSV or XLSX into the registry (DOMAIN.md §4.1), with a row-by-row
 * validation report.
 *
 * One call, registry_import_run, reads the whole file once. Every row is checked
 * (required fields, resident ID checksum and birth date, mobile, credit
 * code, enumerations, the community/grid/town named — resolved among the
 * regions of the importer's scope, loaded once into a hash map — and
 * duplicates inside the file); every problem becomes one report entry with
 * the row as a spreadsheet shows it (header = row 1), the column as the file
 * names it, the field and a reason in Chinese and English.
 *
 * Dry run: validation only, nothing is written. Real import: every row is
 * checked first; a file with any bad row writes nothing and gets the same
 * report as the dry run; a clean file is then written (see registry_import_run
 * for the transactions), completely or not at all. Dedupe rules (docs/import.md): the same resident ID merges into the
 * existing person, the same credit code into the existing organisation, the
 * same (region, name) into the existing team — non-empty cells overwrite,
 * yes-flags are added, empty cells keep what is stored. A successful import
 * writes one import_jobs row and ONE audit entry (counts, the file's
 * SHA-256, the range of created ids), never one per row; every created or
 * merged record carries import_job_id.
 *
 * Progress: when an upload id is given, registry_import_run counts the rows
 * first and then publishes rows processed / total into a small in-memory
 * table (mutex-protected, entries expire after an hour) that
 * registry_import_progress_json reads from any thread without touching the
 * database.
 */
#ifndef WUSHE_MODULES_REGISTRY_REG_IMPORT_H
#define WUSHE_MODULES_REGISTRY_REG_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/jw.h"

struct db;
struct principal;

enum registry_import_kind { RIK_PEOPLE = 0, RIK_ORGS, RIK_TEAMS, RIK__COUNT };
extern const char *const registry_import_kind_ids[RIK__COUNT + 1]; /* people organisations teams */
int registry_import_kind_from_id(const char *s);                   /* -1 if unknown */

struct registry_import_opts {
	int kind;                 /* enum registry_import_kind */
	bool dry_run;
	int64_t scope_region_id;  /* 0: the actor's broadest staff grant (required for NULL actor) */
	const char *upload_id;    /* progress key (1-64 of A-Z a-z 0-9 _ -) or NULL */
	int64_t progress_user_id; /* who may read that progress */
	const char *file_name;    /* shown in the job list; may be NULL */
	int64_t now;              /* µs UTC */
	/* Bulk load (db_bulk_begin) for a people or organisation import of at
	 * least this many rows that is also at least as large as the table
	 * (by its highest id): the secondary indexes are rebuilt once at the
	 * end instead of updated per row. 0: REGISTRY_IMPORT_BULK_MIN; negative:
	 * never. */
	long bulk_min_rows;
	/* Chunked writes (the caller holds no write transaction): how long a
	 * chunk's transaction may last, µs; 0: 40 ms (IMPORT_CHUNK_US). */
	int64_t chunk_us;
	/* Tests only: the write pass fails at this data row (1 = the first
	 * after the header) and takes its rows back; negative: fails at row
	 * -n without taking anything back, as a crash would. 0: never. */
	long test_fail_at_row;
};

#define REGISTRY_IMPORT_BULK_MIN 20000

struct registry_import_error {
	long row;                 /* spreadsheet row, header = 1; 0 = the whole file */
	const char *column;       /* header text as in the file ("" when none) */
	const char *field;        /* field id: "id_number" */
	const char *message, *message_en;
};

struct registry_import_result {
	struct arena arena;       /* everything below points into it */
	int kind;
	bool dry_run;
	const char *format;       /* "csv" | "xlsx" */
	char sha256[65];
	size_t file_bytes;
	long rows;                /* data rows read (blank rows not counted) */
	long error_rows;          /* distinct rows with at least one error */
	long created, merged;     /* dry run: would be created / merged */
	int64_t job_id;           /* real import that succeeded; else 0 */
	int64_t first_created_id, last_created_id;
	int64_t scope_region_id;
	const char *scope_region_name;
	int64_t duration_us;
	bool bulk_load;           /* the secondary indexes were rebuilt at the end */
	long chunks;              /* write transactions the write pass committed (0: the caller's) */
	struct registry_import_error *errors;
	long nerrors, caperrors;
	const char **ignored_columns;
	int nignored;
};

void registry_import_result_init(struct registry_import_result *res);
void registry_import_result_free(struct registry_import_result *res);
static inline bool registry_import_ok(const struct registry_import_result *res) { return res->nerrors == 0; }

/* Validate (and unless dry_run write) the file in data[0..len). actor NULL
 * is the machine's operator (CLI): then scope_region_id is required.
 *
 * Two passes: every row is checked first, writing nothing; only a clean
 * file is read again and written. Transactions:
 *  - the caller holds a write transaction (CLI, tests): both passes run in
 *    it; on a negative return the caller must roll it back;
 *  - the caller holds a read transaction or none (the server, route flag
 *    RT_OWN_WRITE): the check runs on a read snapshot without the write lock;
 *    the write pass takes the write lock itself — a people import in
 *    chunks of about 40 ms with an undo journal (schema 016), other kinds
 *    in one transaction — and on any failure takes its rows back. On
 *    return no transaction is open.
 * Returns 0 when the file was read — look at res->nerrors — or a negative
 * error for a file that cannot be read at all (GBK CSV, .xls, broken
 * archive: field "file"), an empty file, a scope outside the actor's
 * grants, a store failure, a change by another writer between the passes
 * (ERR_CONFLICT) or a cancelled import (ERR_INTERNAL): nothing written. */
int registry_import_run(struct db *db, const struct principal *actor, const char *data, size_t len,
		   const struct registry_import_opts *o, struct registry_import_result *res, struct err *e);

/* Stop every running import at its next row (the server is stopping): it
 * returns an error, and its chunks are taken back (the rest at the next
 * start). Async-signal-safe is not needed: called from the sigwait thread. */
void registry_import_cancel_all(void);

/* At start-up, before serving: take back chunked imports that a crash or a
 * stop interrupted (state 'writing'), and delete leftover undo rows.
 * *undone (may be NULL) counts the jobs taken back. No transaction open. */
int registry_import_recover(struct db *db, int *undone, struct err *e);

/* The report as JSON (one object). */
void registry_import_result_json(const struct registry_import_result *res, struct jw *w);
/* The errors as a CSV for people (UTF-8 with BOM): 行号, 列, 字段, 原因, reason. */
char *registry_import_result_csv(const struct registry_import_result *res, size_t *len);

/* A template with the header row of kind (Chinese column names), CSV or
 * XLSX (format 1 or 2, enum tab_format). *out is malloc'd. */
int registry_import_template(int kind, int format, char **out, size_t *len, struct err *e);
/* The column list of kind as JSON: [{field, header, aliases, required, values}]. */
void registry_import_columns_json(int kind, struct jw *w);

/* Past imports whose scope the caller covers, newest first. kind may be
 * NULL. Writes {items,total,page,per_page}. */
int registry_import_jobs_list(struct db *db, const struct principal *p, const char *kind,
			 int64_t page, int64_t per_page, struct jw *w, struct err *e);
int registry_import_job_json(struct db *db, const struct principal *p, int64_t id, struct jw *w,
			struct err *e);

/* Progress table. */
bool registry_import_upload_id_valid(const char *s);
/* ERR_NOT_FOUND unless user_id started an import with this upload id. */
int registry_import_progress_json(int64_t user_id, const char *upload_id, struct jw *w, struct err *e);

#endif
