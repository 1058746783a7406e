/*
 * cert.h — certificates of volunteer service (志愿服务证明; Order No. 67
 * arts. 15–19, docs/volunteer-certificates.md).
 *
 * The organisation that recorded a volunteer's hours certifies them (谁记录
 * 谁证明): a certificate counts the volunteer's service records of that
 * organisation in a period (kind 'service', not superseded by an amendment,
 * not flagged), states them with the organisation's person in charge and
 * contact, gets the organisation's next number of the year (no gaps, no
 * duplicates) and is signed with the organisation's Ed25519 key. Anyone may
 * check a certificate by its verification code without logging in.
 * Certificates are never deleted or changed; a wrong one is voided with a
 * reason and keeps its number.
 */
#ifndef WUSHE_MODULES_VOLUNTEER_CERT_H
#define WUSHE_MODULES_VOLUNTEER_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"

struct db;
struct jw;
struct list_q;
struct stmt;

/* POST /certificates and POST /me/certificates (volunteer_id ignored there). */
struct vol_cert_in {
	int64_t volunteer_id;
	int64_t organisation_id;
	const char *from, *to;       /* YYYY-MM-DD, Asia/Shanghai, inclusive */
};

struct vol_cert_void_in {
	const char *reason;
	int64_t version;
	bool has_version;
};

/* List filters of GET /certificates (0 / NULL: not given). */
struct vol_cert_filter {
	int64_t volunteer_id, organisation_id, region_id, year;
	const char *state;           /* "valid" | "void" */
	const char *q;               /* number, or part of the volunteer's name */
};

/* What the hours of a certificate would be: the counting service minutes
 * and records of volunteer_id recorded by organisation_id with started_at
 * in [from_us, to_us). */
int vol_cert_hours(struct ctx *c, int64_t volunteer_id, int64_t organisation_id, int64_t from_us,
		   int64_t to_us, int64_t *minutes, int64_t *records);

/* Issue a certificate (staff in scope of the volunteer, or staff / the
 * org_admin in scope of the organisation); *id the new certificate. */
int vol_cert_issue(struct ctx *c, const struct vol_cert_in *in, int64_t *id);
/* The logged-in volunteer asks for their own (issued at once). */
int vol_cert_issue_mine(struct ctx *c, const struct vol_cert_in *in, int64_t *id);
/* The certificate as JSON (the volunteer themself, or staff in scope). */
int vol_cert_write(struct ctx *c, struct jw *w, int64_t id);
/* Void with a reason (staff in scope; audited; the number stays). */
int vol_cert_void(struct ctx *c, int64_t id, const struct vol_cert_void_in *in);
/* Count one print and render the PDF (malloc'd into *pdf; free()); the
 * first print is the original, later ones are marked 副本. */
int vol_cert_print(struct ctx *c, int64_t id, char **pdf, size_t *len, char **filename);
/* Public: the verification of a code, {state, certificate, …}. */
int vol_cert_verify(struct ctx *c, struct jw *w, const char *code);
/* Lists: staff's and org admins' (scope), or the caller's own (mine). */
int vol_cert_list_query(struct ctx *c, const struct vol_cert_filter *f, bool mine, struct list_q **out);
int vol_cert_list_row(struct stmt *st, void *vc, struct err *e);

/* Check a stored certificate's signature against its key: 1 valid, 0 not. */
int vol_cert_signature_ok(struct ctx *c, int64_t id, int *ok);
/* The verification code of a signature (64 bytes): base32 of its first 10
 * bytes in four groups, "ABCD-EFGH-IJKL-MNOP" (out ≥ 20 bytes). */
void vol_cert_code(const unsigned char sig[64], char out[20]);

/* The public address the QR code and the PDF print, without a trailing
 * slash: set by the server from its public_url; else $WUSHE_PUBLIC_URL;
 * else http://127.0.0.1:8080. */
void vol_cert_set_public_url(const char *url);
const char *vol_cert_public_url(void);

/* The PDF (cert_pdf.c). */
struct vol_cert_doc {
	const char *number, *volunteer_name, *volunteer_number;
	const char *period_from, *period_to, *hours, *content;
	int64_t minutes;
	const char *organisation_name, *person_in_charge, *contact;
	const char *issued_on;       /* YYYY-MM-DD */
	const char *code, *verify_url, *signature_hex;
	bool copy;                   /* a reprint: 副本 */
	const char *void_reason;     /* non-NULL: voided */
};
int vol_cert_pdf_render(const struct vol_cert_doc *d, char **out, size_t *len, struct err *e);

/* The demo: certificates for a few volunteers with records, one voided. */
int vol_cert_demo(struct db *db, int64_t now, struct err *e);

#endif
