/*
 * donation_http.c — the routes of money in: give to a fund (a retried or
 * double-submitted form answers its first submission), a fund's
 * donations (donor names as they chose: 匿名 for an anonymous gift, except
 * to the fund's managers), a pledge's fulfilment and void, a refund, the
 * caller's own donations and annual statement, a receipt's PDF (original,
 * then 副本) and its void. Scope before body, as everywhere.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "core/sb.h"
#include "http/http.h"
#include "modules/funds/donation.h"
#include "modules/funds/fund_http.h"
#include "modules/funds/funds.h"
#include "modules/funds/funds_internal.h"
#include "store/store.h"

#define D struct fund_donation_in
static const struct field donate_fields[] = {
	FLD_STR(D, client_id, FLD_REQ, 1, DONATION_CLIENT_ID_MAX),
	FLD_ENUM(D, source, FLD_REQ, fund_donation_sources),
	FLD_STR(D, donor_name, 0, 0, 100),
	FLD_STR(D, donor_phone, 0, 0, 20),
	FLD_STR(D, message, 0, 0, 200),
	FLD_INT(D, donor_org_id, 0, 0, INT64_MAX),
	FLD_INT_AS("amount_fen", D, amount, FLD_REQ, 1, 100000000000LL),
	FLD_BOOL(D, anonymous, 0),
	FLD_BOOL(D, pledge, 0),
	FLD_INT(D, pledge_days, 0, 0, 3660),
	FLD_END,
};
#undef D

static int write_donation(struct req *r, int64_t id)
{
	jw_obj(&r->jw);
	int rc = fund_donation_write(&r->cx, &r->jw, id);
	jw_obj_end(&r->jw);
	return rc;
}

static int h_donate(struct req *r)
{
	struct fund_donation_in in = {0};
	struct fund_head h;
	int64_t fund_id, id;
	bool existed;
	int rc;
	if ((rc = req_param_id(r, "id", &fund_id)))
		return rc;
	if ((rc = fund_load(&r->cx, fund_id, 0, &h)))
		return rc == ERR_NOT_FOUND ? err_set(&r->err, ERR_NOT_FOUND, "id", "没有这个基金", "no such fund") : rc;
	if ((rc = req_body(r, &in)) || (rc = fund_donate(&r->cx, fund_id, &in, &id, &existed)))
		return rc;
	r->status = existed ? 200 : 201;
	jw_obj(&r->jw);
	if ((rc = fund_donation_write(&r->cx, &r->jw, id)))
		return rc;
	jw_kbool(&r->jw, "existed", existed); /* a second submission: nothing written */
	jw_obj_end(&r->jw);
	return 0;
}

/* A fund's donations, newest first: every reader sees amounts and the
 * names donors chose; managers see everything. */
static int h_fund_donations(struct req *r)
{
	static const char *const params[] = {"page", "per_page", "status", NULL};
	struct page pg;
	struct fund_head h;
	int64_t fund_id, total = 0;
	int rc;
	if ((rc = req_param_id(r, "id", &fund_id)))
		return rc;
	if ((rc = fund_load(&r->cx, fund_id, 0, &h)))
		return rc == ERR_NOT_FOUND ? err_set(&r->err, ERR_NOT_FOUND, "id", "没有这个基金", "no such fund") : rc;
	if ((rc = req_query_only(r, params)) || (rc = req_page(r, &pg)))
		return rc;
	const char *status = req_query_nonempty(r, "status");
	if (status && !fund_in_list(fund_donation_statuses, status))
		return err_set(&r->err, ERR_INVALID, "status", "状态不正确", "unknown status");
	bool manage = fund_may_manage(&r->cx, &h);
	/* the WHERE is the filter given (a catch-all would keep SQLite off
	 * fund_donations_fund_status, 073) */
	if ((rc = status ? db_int(r->db, &r->err, &total, "SELECT count(*) FROM fund_donations WHERE fund_id=? AND status=?",
				  "is", fund_id, status)
			 : db_int(r->db, &r->err, &total, "SELECT count(*) FROM fund_donations WHERE fund_id=?", "i",
				  fund_id)) < 0)
		return rc;
#define DONATION_PAGE \
	"SELECT d.id, d.source, d.donor_name, d.anonymous, d.amount, d.message, d.status," \
	" coalesce(d.received_at, d.created_at), d.due_at, r.id, r.number, d.donor_user_id" \
	" FROM fund_donations d LEFT JOIN fund_receipts r ON r.donation_id=d.id AND r.void_reason IS NULL"
	struct stmt *st = status ? db_q(r->db, &r->err,
					DONATION_PAGE " WHERE d.fund_id=? AND d.status=? ORDER BY d.id DESC LIMIT ? OFFSET ?",
					"isii", fund_id, status, pg.per_page, pg.offset)
				 : db_q(r->db, &r->err, DONATION_PAGE " WHERE d.fund_id=? ORDER BY d.id DESC LIMIT ? OFFSET ?",
					"iii", fund_id, pg.per_page, pg.offset);
#undef DONATION_PAGE
	if (!st)
		return r->err.code;
	resp_list_begin(r);
	struct jw *w = &r->jw;
	while ((rc = stmt_step(st, &r->err)) == 1) {
		bool anon = col_int(st, 3) != 0;
		bool mine = !col_null(st, 11) && col_int(st, 11) == r->who->user_id;
		bool full = manage || mine;
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "source", col_text(st, 1));
		jw_kstr(w, "donor_name", anon && !full ? "匿名" : col_text(st, 2));
		jw_kbool(w, "anonymous", anon);
		jw_kint(w, "amount_fen", col_int(st, 4));
		jw_kstr(w, "message", anon && !full ? "" : col_text(st, 5));
		jw_kstr(w, "status", col_text(st, 6));
		jw_ktime(w, "at", col_int(st, 7));
		if (col_null(st, 8))
			jw_knull(w, "due_at");
		else
			jw_ktime(w, "due_at", col_int(st, 8));
		if (full && !col_null(st, 9)) {
			jw_kint(w, "receipt_id", col_int(st, 9));
			jw_kstr(w, "receipt_number", col_text(st, 10));
		} else {
			jw_knull(w, "receipt_id");
			jw_knull(w, "receipt_number");
		}
		jw_kbool(w, "mine", mine);
		jw_kbool(w, "can_manage", manage);
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	resp_list_end(r, total, &pg);
	return 0;
}

static int h_donation(struct req *r)
{
	int64_t id, fund_id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = fund_donation_load(&r->cx, id, false, &fund_id)))
		return rc;
	return write_donation(r, id);
}

struct act_in {
	const char *client_id, *reason;
};
static const struct field fulfil_fields[] = {
	FLD_STR(struct act_in, client_id, FLD_REQ, 1, DONATION_CLIENT_ID_MAX),
	FLD_END,
};
static const struct field reason_fields[] = {
	FLD_STR(struct act_in, client_id, FLD_REQ, 1, DONATION_CLIENT_ID_MAX),
	FLD_STR(struct act_in, reason, FLD_REQ, 2, 200),
	FLD_END,
};

static int act(struct req *r, int which)
{
	struct act_in in = {0};
	int64_t id, fund_id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = fund_donation_load(&r->cx, id, true, &fund_id)) ||
	    (rc = req_body(r, &in)))
		return rc;
	rc = which == 0 ? fund_donation_fulfil(&r->cx, id, in.client_id)
	     : which == 1 ? fund_donation_void(&r->cx, id, in.client_id, in.reason)
			  : fund_donation_refund(&r->cx, id, in.client_id, in.reason);
	return rc ? rc : write_donation(r, id);
}
static int h_fulfil(struct req *r) { return act(r, 0); }
static int h_void(struct req *r) { return act(r, 1); }
static int h_refund(struct req *r) { return act(r, 2); }

#define CST_US (8LL * 3600 * 1000000)

/* [from, to) of a year in Asia/Shanghai, µs UTC. */
static void year_span(int year, int64_t *from, int64_t *to)
{
	struct tm a = {.tm_year = year - 1900, .tm_mon = 0, .tm_mday = 1}, b = {.tm_year = year - 1900 + 1, .tm_mon = 0, .tm_mday = 1};
	*from = (int64_t)timegm(&a) * 1000000 - CST_US;
	*to = (int64_t)timegm(&b) * 1000000 - CST_US;
}

/* The caller's own donations (?year), with their total; a statement of a
 * year is the same list with the year's sums by fund. */
static int write_mine(struct req *r, bool statement)
{
	static const char *const params[] = {"year", NULL};
	int64_t year, from = 0, to = INT64_MAX;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_query_int(r, "year", 0, 0, 2999, &year)))
		return rc;
	if (statement && !year)
		return err_set(&r->err, ERR_INVALID, "year", "请给出年度", "the year is required");
	if (year && year < 2000)
		return err_set(&r->err, ERR_INVALID, "year", "年度不正确", "bad year");
	if (year)
		year_span((int)year, &from, &to);
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT d.id, d.fund_id, f.name, d.source, d.donor_name, d.anonymous, d.amount, d.status,"
			       " coalesce(d.received_at, d.created_at), r.id, r.number, r.issuer_name"
			       " FROM fund_donations d JOIN funds f ON f.id=d.fund_id"
			       " LEFT JOIN fund_receipts r ON r.donation_id=d.id AND r.void_reason IS NULL"
			       " WHERE d.donor_user_id=? AND coalesce(d.received_at, d.created_at) >= ?"
			       " AND coalesce(d.received_at, d.created_at) < ? ORDER BY coalesce(d.received_at, d.created_at) DESC, d.id DESC"
			       " LIMIT 1000",
			       "iii", r->who->user_id, from, to);
	if (!st)
		return r->err.code;
	struct jw *w = &r->jw;
	int64_t total = 0, count = 0;
	jw_obj(w);
	if (year)
		jw_kint(w, "year", year);
	else
		jw_knull(w, "year");
	jw_kstr(w, "donor", r->who->display_name);
	jw_key(w, "items");
	jw_arr(w);
	while ((rc = stmt_step(st, &r->err)) == 1) {
		const char *status = col_text(st, 7);
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kint(w, "fund_id", col_int(st, 1));
		jw_kstr(w, "fund_name", col_text(st, 2));
		jw_kstr(w, "source", col_text(st, 3));
		jw_kstr(w, "donor_name", col_text(st, 4));
		jw_kbool(w, "anonymous", col_int(st, 5) != 0);
		jw_kint(w, "amount_fen", col_int(st, 6));
		jw_kstr(w, "status", status);
		jw_ktime(w, "at", col_int(st, 8));
		if (col_null(st, 9)) {
			jw_knull(w, "receipt_id");
			jw_knull(w, "receipt_number");
			jw_knull(w, "issuer_name");
		} else {
			jw_kint(w, "receipt_id", col_int(st, 9));
			jw_kstr(w, "receipt_number", col_text(st, 10));
			jw_kstr(w, "issuer_name", col_text(st, 11));
		}
		jw_obj_end(w);
		if (!strcmp(status, "received")) {
			total += col_int(st, 6);
			count++;
		}
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	/* what counts: money received (pledges open, voided or refunded do not) */
	jw_kint(w, "total_fen", total);
	jw_kint(w, "count", count);
	if (statement) {
		char words[160];
		fund_yuan_words(total, words);
		jw_kstr(w, "total_words", words);
		jw_ktime(w, "made_at", r->cx.now);
	}
	jw_obj_end(w);
	return 0;
}
static int h_mine(struct req *r) { return write_mine(r, false); }
static int h_statement(struct req *r) { return write_mine(r, true); }

static int h_receipt_pdf(struct req *r)
{
	int64_t id;
	char *pdf = NULL, *name = NULL;
	size_t len = 0;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = fund_receipt_print(&r->cx, id, &pdf, &len, &name)))
		return rc;
	rc = resp_file(r, "application/pdf", name, pdf, len);
	free(pdf);
	return rc;
}

struct rvoid_in {
	const char *reason;
	bool reissue;
};
static const struct field rvoid_fields[] = {
	FLD_STR(struct rvoid_in, reason, FLD_REQ, 2, 200),
	FLD_BOOL(struct rvoid_in, reissue, 0),
	FLD_END,
};

static int h_receipt_void(struct req *r)
{
	struct rvoid_in in = {0};
	int64_t id, donation_id = 0, fund_id, nid = 0;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	if ((rc = db_int(r->db, &r->err, &donation_id, "SELECT donation_id FROM fund_receipts WHERE id=?", "i", id)) < 0)
		return rc;
	if (rc == 0)
		return err_set(&r->err, ERR_NOT_FOUND, "id", "没有这张收据", "no such receipt");
	if ((rc = fund_donation_load(&r->cx, donation_id, true, &fund_id)) || (rc = req_body(r, &in)) ||
	    (rc = fund_receipt_void(&r->cx, id, in.reason, in.reissue, &nid)))
		return rc;
	jw_obj(&r->jw);
	if ((rc = record_write_cols(&r->cx, &fund_receipt_kind, &r->jw, id)))
		return rc;
	if (nid)
		jw_kint(&r->jw, "reissued_id", nid);
	else
		jw_knull(&r->jw, "reissued_id");
	jw_obj_end(&r->jw);
	return 0;
}

const struct route fund_donation_routes[] = {
	{"POST", "/api/v1/funds/{id}/donations", h_donate, ROLES_ANY, 0,
	 "give to a fund (or, as its staff, record a gift or a pledge): client_id makes a second submission answer the first",
	 donate_fields, FIELDS_CREATE},
	{"GET", "/api/v1/funds/{id}/donations", h_fund_donations, ROLES_ANY, 0,
	 "a fund's donations, newest first: donor names as they chose (?status)"},
	{"GET", "/api/v1/fund-donations/{id}", h_donation, ROLES_ANY, 0, "a donation: its donor or the fund's managers"},
	{"POST", "/api/v1/fund-donations/{id}/fulfil", h_fulfil, ROLES_ANY, 0,
	 "a pledge received: posted in the ledger, its receipt issued (the fund's managers)", fulfil_fields, FIELDS_CREATE},
	{"POST", "/api/v1/fund-donations/{id}/void", h_void, ROLES_ANY, 0, "void a pledge with a reason", reason_fields,
	 FIELDS_CREATE},
	{"POST", "/api/v1/fund-donations/{id}/refund", h_refund, ROLES_ANY, 0,
	 "refund a received donation: the transfer reversed, the receipt voided (the number stays)", reason_fields,
	 FIELDS_CREATE},
	{"GET", "/api/v1/me/donations", h_mine, ROLES_ANY, 0, "the caller's own donations and their total (?year)"},
	{"GET", "/api/v1/me/donations/statement", h_statement, ROLES_ANY, 0,
	 "the caller's annual statement of donations received (?year required)"},
	{"GET", "/api/v1/fund-receipts/{id}/pdf", h_receipt_pdf, ROLES_ANY, RT_AUDITED,
	 "a receipt as PDF: the first print the original, later ones 副本 (the donor or the fund's managers)"},
	{"POST", "/api/v1/fund-receipts/{id}/void", h_receipt_void, ROLES_ANY, 0,
	 "void a receipt with a reason (its number stays), optionally reissued under the next number", rvoid_fields,
	 FIELDS_CREATE},
	{NULL, NULL, NULL, 0, 0, NULL},
};
