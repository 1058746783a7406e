/*
 * err.h — the one error type of wushe.
 *
 * Every function that can fail returns an int status (0, or a negative
 * enum err_code) and fills a struct err the caller passed. The struct
 * carries what the HTTP layer needs to answer: a stable machine code, the
 * field at fault, and the message in Chinese and English. Only main and
 * the CLI turn an error into an exit.
 */
#ifndef WUSHE_CORE_ERR_H
#define WUSHE_CORE_ERR_H

enum err_code {
	ERR_OK = 0,
	ERR_INVALID = -1,      /* malformed input: 400 */
	ERR_UNAUTH = -2,       /* not logged in: 401 */
	ERR_FORBIDDEN = -3,    /* outside role or scope: 403 */
	ERR_NOT_FOUND = -4,    /* 404 */
	ERR_CONFLICT = -5,     /* duplicate, stale version: 409 */
	ERR_RULE = -6,         /* well-formed but breaks a rule: 422 */
	ERR_LIMIT = -7,        /* rate limited / too large: 429 or 413 */
	ERR_LOCKED = -8,       /* account locked: 429 */
	ERR_TOO_LARGE = -9,    /* body too large: 413 */
	ERR_STORE = -10,       /* database failure: 500 */
	ERR_INTERNAL = -11,    /* bug or resource exhaustion: 500 */
	ERR_IO = -12,          /* file system: 500 / CLI */
};

struct err {
	int code;
	char field[64];
	char message[256];    /* Chinese */
	char message_en[256]; /* English */
	char codename[32];    /* optional override of the JSON code, e.g. "throttled" */
	int retry_after;      /* seconds, for ERR_LIMIT */
};

/* Fill e (may be NULL) and return code, so callers can `return err_set(...)`. */
int err_set(struct err *e, int code, const char *field, const char *zh, const char *en);
/* Like err_set with printf-style formats for both languages (same args). */
int err_setf(struct err *e, int code, const char *field, const char *zh_fmt,
	     const char *en_fmt, ...) __attribute__((format(printf, 4, 6), format(printf, 5, 6)));
void err_clear(struct err *e);
/* Stable lower-case name of the code: "validation", "forbidden", … */
const char *err_codename(const struct err *e);
/* HTTP status for the code. */
int err_http_status(int code);

#endif
