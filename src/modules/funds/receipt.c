/*
 * receipt.c — donation receipts (donation.h): numbered per issuing
 * charity and year without gaps (the next number is taken in the
 * transaction that records the money, under the write lock), voided with
 * a reason and never deleted (the number stays; a reissue takes a new
 * one), printed as a PDF whose first print is the original and later
 * ones 副本.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "modules/funds/donation.h"
#include "modules/funds/funds.h"
#include "modules/funds/funds_internal.h"
#include "store/store.h"

static const struct col receipt_cols[] = {
	{"id", "编号", COL_INT},
	{"donation_id", "捐赠", COL_INT},
	{"fund_id", "基金", COL_INT},
	{"issuer", "出具方", COL_TEXT},
	{"issuer_name", "出具单位", COL_TEXT},
	{"year", "年度", COL_INT},
	{"seq", "序号", COL_INT},
	{"number", "收据编号", COL_TEXT},
	{"donor_name", "捐赠人", COL_TEXT},
	{"amount_fen", "金额（分）", COL_INT},
	{"fund_name", "基金名称", COL_TEXT},
	{"issued_at", "开具时间", COL_TIME},
	{"prints", "打印次数", COL_INT},
	{"void_reason", "作废原因", COL_TEXT},
	{"void_at", "作废时间", COL_TIME},
	{"version", "版本", COL_INT},
};
const struct record_kind fund_receipt_kind = {
	.entity = "fund_receipt", .what_zh = "捐赠收据", .what_en = "receipt",
	.head_sql = "SELECT r.id, r.region_id, r.version, g.path FROM fund_receipts r JOIN regions g ON g.id=r.region_id"
		    " WHERE r.id=?",
	.row_sql = "SELECT id, donation_id, fund_id, issuer, issuer_name, year, seq, number, donor_name, amount, fund_name,"
		   " issued_at, prints, void_reason, void_at, version FROM fund_receipts WHERE id=?",
	.cols = receipt_cols, .ncols = (int)(sizeof receipt_cols / sizeof receipt_cols[0]),
	.read_roles = ROLES_ANY,
};

#define CST_US (8LL * 3600 * 1000000)

/* The year in Asia/Shanghai of a µs UTC time. */
static int year_of(int64_t us)
{
	time_t t = (time_t)((us + CST_US) / 1000000);
	struct tm tm;
	gmtime_r(&t, &tm);
	return tm.tm_year + 1900;
}

int fund_receipt_issue(struct ctx *c, int64_t donation_id, int64_t *id)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT d.fund_id, d.region_id, d.donor_name, d.amount, f.name, f.host_org_id, o.name, d.status"
			" FROM fund_donations d JOIN funds f ON f.id=d.fund_id LEFT JOIN organisations o ON o.id=f.host_org_id"
			" WHERE d.id=?",
			"i", donation_id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这笔捐赠", "no such donation");
	int64_t fund_id = col_int(st, 0), region = col_int(st, 1), amount = col_int(st, 3);
	const char *donor = arena_strdup(c->a, col_text(st, 2)), *fund_name = arena_strdup(c->a, col_text(st, 4));
	bool hosted = !col_null(st, 5);
	const char *issuer = hosted ? arena_printf(c->a, "org:%lld", (long long)col_int(st, 5))
				    : arena_printf(c->a, "fund:%lld", (long long)fund_id);
	const char *issuer_name = arena_strdup(c->a, hosted ? col_text(st, 6) : col_text(st, 4));
	bool received = !strcmp(col_text(st, 7), "received");
	stmt_done(st);
	if (!received)
		return err_set(c->e, ERR_RULE, "id", "捐赠尚未到账，不能开具收据", "the donation has not been received");
	int year = year_of(c->now);
	int64_t seq = 0;
	if ((rc = db_int(c->db, c->e, &seq, "SELECT coalesce(max(seq), 0) + 1 FROM fund_receipts WHERE issuer=? AND year=?",
			 "si", issuer, (int64_t)year)) < 0)
		return rc;
	const char *number = arena_printf(c->a, "%04d-%06lld", year, (long long)seq);
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO fund_receipts (donation_id, fund_id, region_id, issuer, issuer_name, year, seq, number,"
			 " donor_name, amount, fund_name, issued_at, created_at, updated_at)"
			 " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
			 "iiissiissisiii", donation_id, fund_id, region, issuer, issuer_name, (int64_t)year, seq, number,
			 donor, amount, fund_name, c->now, c->now, c->now)) < 0)
		return rc;
	return record_created(c, &fund_receipt_kind, *id, region, "issue");
}

/* Who may see and print a receipt: its donor, or who manages the fund. */
static int receipt_access(struct ctx *c, int64_t id, bool manage_only, int64_t *donation_id)
{
	int rc = db_int(c->db, c->e, donation_id, "SELECT donation_id FROM fund_receipts WHERE id=?", "i", id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这张收据", "no such receipt");
	int64_t fund_id;
	rc = fund_donation_load(c, *donation_id, manage_only, &fund_id);
	if (rc == ERR_NOT_FOUND)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这张收据", "no such receipt");
	return rc;
}

int fund_receipt_void(struct ctx *c, int64_t id, const char *reason, bool reissue, int64_t *new_id)
{
	struct record r;
	int64_t donation_id;
	int rc;
	*new_id = 0;
	if ((rc = receipt_access(c, id, true, &donation_id)))
		return rc;
	if (!reason || strlen(reason) < 2 || strlen(reason) > 600)
		return err_set(c->e, ERR_INVALID, "reason", "请写明作废原因", "a reason is required");
	if ((rc = record_head(c, &fund_receipt_kind, id, &r)) || (rc = record_begin(c, &r, -1)))
		return rc;
	int64_t voided = 0;
	if ((rc = db_int(c->db, c->e, &voided, "SELECT count(*) FROM fund_receipts WHERE id=? AND void_reason IS NOT NULL",
			 "i", id)) < 0)
		return rc;
	if (voided)
		return err_set(c->e, ERR_CONFLICT, "id", "这张收据已作废", "this receipt was voided already");
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE fund_receipts SET void_reason=?, void_at=?, version=version+1, updated_at=? WHERE id=?", "siii",
			  reason, c->now, c->now, id)) ||
	    (rc = record_commit(c, &r, "void")))
		return rc;
	return reissue ? fund_receipt_issue(c, donation_id, new_id) : 0;
}

static const char *source_label(const char *s)
{
	return !strcmp(s, "give_back") ? "产业反哺" : !strcmp(s, "enterprise") ? "企业捐赠" : "个人捐赠";
}

int fund_receipt_print(struct ctx *c, int64_t id, char **pdf, size_t *len, char **filename)
{
	int64_t donation_id;
	struct record r;
	int rc;
	if ((rc = receipt_access(c, id, false, &donation_id)))
		return rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st,
			 "SELECT r.number, r.issuer_name, r.donor_name, r.fund_name, r.amount, d.source, r.issued_at, d.message,"
			 " r.prints, r.void_reason FROM fund_receipts r JOIN fund_donations d ON d.id=r.donation_id WHERE r.id=?",
			 "i", id)) != 1)
		return rc < 0 ? rc : ERR_STORE;
	char yuan[32], words[160], day[64];
	fund_yuan_text(col_int(st, 4), yuan);
	fund_yuan_words(col_int(st, 4), words);
	time_t t = (time_t)((col_int(st, 6) + CST_US) / 1000000);
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(day, sizeof day, "%04d年%02d月%02d日", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	struct fund_receipt_doc d = {
		.number = arena_strdup(c->a, col_text(st, 0)), .issuer_name = arena_strdup(c->a, col_text(st, 1)),
		.donor_name = arena_strdup(c->a, col_text(st, 2)), .fund_name = arena_strdup(c->a, col_text(st, 3)),
		.amount_text = arena_strdup(c->a, yuan), .amount_words = arena_strdup(c->a, words),
		.source_label = source_label(col_text(st, 5)), .issued_on = arena_strdup(c->a, day),
		.message = arena_strdup(c->a, col_text(st, 7)), .copy = col_int(st, 8) > 0,
		.void_reason = col_null(st, 9) ? NULL : arena_strdup(c->a, col_text(st, 9)),
	};
	stmt_done(st);
	/* the print is counted (and audited) in the request's transaction */
	if ((rc = record_head(c, &fund_receipt_kind, id, &r)) || (rc = record_begin(c, &r, -1)) ||
	    (rc = db_exec(c->db, c->e, "UPDATE fund_receipts SET prints=prints+1, updated_at=? WHERE id=?", "ii", c->now,
			  id)) ||
	    (rc = record_commit(c, &r, d.copy ? "reprint" : "print")))
		return rc;
	if ((rc = fund_receipt_pdf_render(&d, pdf, len, c->e)))
		return rc;
	*filename = arena_printf(c->a, "receipt-%s%s.pdf", d.number, d.copy ? "-copy" : "");
	return 0;
}

void fund_yuan_text(int64_t fen, char out[32])
{
	snprintf(out, 32, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

/* 人民币大写: 壹万贰仟叁佰肆拾伍元陆角柒分 (整 when no jiao and fen). */
void fund_yuan_words(int64_t fen, char out[160])
{
	static const char *const digit[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
	static const char *const unit[] = {"", "拾", "佰", "仟"};
	static const char *const big[] = {"", "万", "亿", "万亿"};
	char buf[160] = "";
	size_t n = 0;
#define PUT(s) n += (size_t)snprintf(buf + n, n < sizeof buf ? sizeof buf - n : 0, "%s", (s))
	int64_t yuan = fen / 100;
	int jiao = (int)(fen / 10 % 10), f = (int)(fen % 10);
	if (yuan == 0) {
		PUT("零");
	} else {
		char ds[24];
		int nd = snprintf(ds, sizeof ds, "%lld", (long long)yuan);
		bool zero = false;
		for (int i = 0; i < nd; i++) {
			int d = ds[i] - '0', p = nd - 1 - i;
			if (d) {
				if (zero)
					PUT("零");
				zero = false;
				PUT(digit[d]);
				PUT(unit[p % 4]);
			} else {
				zero = true;
			}
			if (p % 4 == 0 && p > 0) {
				bool any = false;
				for (int k = i - 3 < 0 ? 0 : i - 3; k <= i; k++)
					any = any || ds[k] != '0';
				if (any)
					PUT(big[p / 4]);
			}
		}
	}
	PUT("元");
	if (!jiao && !f) {
		PUT("整");
	} else {
		if (jiao) {
			PUT(digit[jiao]);
			PUT("角");
		} else if (yuan) {
			PUT("零");
		}
		if (f) {
			PUT(digit[f]);
			PUT("分");
		}
	}
#undef PUT
	snprintf(out, 160, "%s", buf);
}
