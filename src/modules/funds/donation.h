/*
 * donation.h — money in: donations, pledges and their receipts
 * (donation.c, receipt.c, receipt_pdf.c; docs/funds.md). Within the funds
 * folder only; the other areas see donations through the ledger (a
 * transfer's ref_type "donation", ref_id the donation).
 */
#ifndef WUSHE_MODULES_FUNDS_DONATION_H
#define WUSHE_MODULES_FUNDS_DONATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"

struct record_kind;
struct jw;
extern const struct record_kind fund_donation_kind;
extern const struct record_kind fund_receipt_kind;
extern const char *const fund_donation_sources[]; /* individual, enterprise, give_back */
extern const char *const fund_donation_statuses[]; /* received, pledged, void, refunded */

#define DONATION_CLIENT_ID_MAX 48

struct fund_donation_in {
	const char *client_id;          /* the submission's id: a retry answers the first */
	const char *source, *donor_name, *donor_phone, *message;
	int64_t donor_org_id, amount;   /* fen */
	bool anonymous, pledge;
	int64_t pledge_days;            /* a pledge expires then (0: never) */
};

/* Record a donation to the fund (active). Staff over the fund's region and
 * its managers record anyone's (an offline gift); anyone else who reads
 * the fund gives as themself (their account is the donor, their name the
 * default). *existed when the client id was recorded already (the same
 * fund, amount and source): nothing is written. */
int fund_donate(struct ctx *c, int64_t fund_id, const struct fund_donation_in *in, int64_t *id, bool *existed);
/* A pledge: fulfilled (posted, a receipt issued), voided with a reason. */
int fund_donation_fulfil(struct ctx *c, int64_t id, const char *client_id);
int fund_donation_void(struct ctx *c, int64_t id, const char *client_id, const char *reason);
/* A received donation refunded: the transfer reversed, its receipt voided. */
int fund_donation_refund(struct ctx *c, int64_t id, const char *client_id, const char *reason);
/* The caller may see the donation in full: its donor, or who manages the fund. */
int fund_donation_load(struct ctx *c, int64_t id, bool manage, int64_t *fund_id);
/* The donation as JSON (members of an open object), for its donor or manager. */
int fund_donation_write(struct ctx *c, struct jw *w, int64_t id);

/* Issue the donation's receipt: the issuer's next number of the year. */
int fund_receipt_issue(struct ctx *c, int64_t donation_id, int64_t *id);
/* Void with a reason (the number stays); reissue: a new receipt, new number. */
int fund_receipt_void(struct ctx *c, int64_t id, const char *reason, bool reissue, int64_t *new_id);
/* Count one print and render the PDF (malloc'd; free()): the first print is
 * the original, later ones 副本. The donor or the fund's managers. */
int fund_receipt_print(struct ctx *c, int64_t id, char **pdf, size_t *len, char **filename);

struct fund_receipt_doc {
	const char *number, *issuer_name, *donor_name, *fund_name, *amount_text, *amount_words;
	const char *source_label, *issued_on, *message;
	bool copy;
	const char *void_reason;
};
int fund_receipt_pdf_render(const struct fund_receipt_doc *d, char **out, size_t *len, struct err *e);
/* 12345 fen → "123.45"; and in capital Chinese (壹佰贰拾叁元肆角伍分). */
void fund_yuan_text(int64_t fen, char out[32]);
void fund_yuan_words(int64_t fen, char out[160]);

/* The ledger's expiry of a pledge: its donation is void too (ledger_check.c). */
int fund_donation_expired(struct ctx *c, int64_t pending_transfer_id);

#endif
