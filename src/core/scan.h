/*
 * scan.h — an uploaded scan: a receipt (票据), a letter of commitment, an
 * invoice. A PDF, JPEG or PNG told by its first bytes (never by its name
 * or the client's Content-Type), at most a size the caller sets, kept as
 * base64 text with its SHA-256 (portable: the store handles no BLOBs),
 * and served back decoded. The areas keep their own tables (each scan
 * belongs to a record of theirs and is read under that record's rules);
 * what a scan is and how it is checked is written here once.
 */
#ifndef WUSHE_CORE_SCAN_H
#define WUSHE_CORE_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;

#define SCAN_MAX_DEFAULT (5 * 1024 * 1024)

struct scan {
	const char *file_name;    /* as given, or the fallback */
	const char *content_type; /* application/pdf, image/jpeg, image/png */
	const char *sha256;       /* hex */
	const char *b64;          /* the bytes, base64 (standard alphabet) */
	int64_t size;             /* bytes */
};

/* The content type of data told by its first bytes; NULL when it is no
 * PDF, JPEG or PNG. */
const char *scan_type(const void *data, size_t len);

/* Check data as a scan and prepare it for storage (strings in a): 400
 * "file" when empty or not a PDF, JPEG or PNG, 413 "file" over max bytes,
 * 400 "file_name" when the name is over 200 bytes; a NULL or empty
 * file_name becomes fallback. */
int scan_prepare(struct arena *a, const char *file_name, const char *fallback, const void *data, size_t len,
		 size_t max, struct scan *out, struct err *e);

/* The bytes of a stored scan (b64 of `size` bytes) decoded into a: 0, or
 * 500 naming field when the stored text is damaged. */
int scan_decode(struct arena *a, const char *b64, int64_t size, const char *field, unsigned char **data,
		size_t *len, struct err *e);

#endif
