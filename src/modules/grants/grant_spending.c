/*
 * grant_spending.c — what a grant's money was spent on: receipts of use
 * (票据, a scan the server keeps: PDF, JPEG or PNG told by its first
 * bytes, up to 5 MiB, its SHA-256 kept beside it) and spending lines,
 * each with its own receipt. A grant's spending never exceeds what was
 * paid to it, so its lines can always be read against its tranches.
 */
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/scan.h"
#include "modules/grants/grants_internal.h"
#include "store/store.h"

static const struct col receipt_cols[] = {
	{"id", "编号", COL_INT},          {"grant_id", "资助项目", COL_INT}, {"file_name", "文件名", COL_TEXT},
	{"content_type", "类型", COL_TEXT}, {"size", "大小", COL_INT},      {"sha256", "SHA-256", COL_TEXT},
	{"uploaded_at", "上传时间", COL_TIME},
};
const struct record_kind grant_receipt_kind = {
	.entity = "grant_receipt", .what_zh = "票据", .what_en = "receipt",
	.head_sql = "SELECT r.id, x.region_id, 1, g.path FROM grant_receipts r JOIN grants x ON x.id=r.grant_id"
		    " JOIN regions g ON g.id=x.region_id WHERE r.id=?",
	.row_sql = "SELECT id, grant_id, file_name, content_type, size, sha256, uploaded_at FROM grant_receipts WHERE id=?",
	.cols = receipt_cols, .ncols = (int)(sizeof receipt_cols / sizeof receipt_cols[0]),
	.read_roles = ROLES_ANY,
};

static const struct col spending_cols[] = {
	{"id", "编号", COL_INT},        {"grant_id", "资助项目", COL_INT}, {"spent_on", "日期", COL_TEXT},
	{"item", "支出事项", COL_TEXT},  {"payee", "收款方", COL_TEXT},     {"amount", "金额（分）", COL_INT},
	{"receipt_id", "票据", COL_INT}, {"version", "版本", COL_INT},      {"created_at", "登记时间", COL_TIME},
};
const struct record_kind grant_spending_kind = {
	.entity = "grant_spending", .what_zh = "支出明细", .what_en = "spending line",
	.head_sql = "SELECT s.id, x.region_id, s.version, g.path FROM grant_spending s JOIN grants x ON x.id=s.grant_id"
		    " JOIN regions g ON g.id=x.region_id WHERE s.id=?",
	.row_sql = "SELECT id, grant_id, spent_on, item, payee, amount, receipt_id, version, created_at"
		   " FROM grant_spending WHERE id=?",
	.cols = spending_cols, .ncols = (int)(sizeof spending_cols / sizeof spending_cols[0]),
	.read_roles = ROLES_ANY,
};

/* The caller may report on the grant: its fund's managers and staff, or
 * the applicant (the recipient's person at the desk). */
static int may_report(struct ctx *c, int64_t grant_id, int64_t *region_id)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st, "SELECT fund_id, region_id, coalesce(applicant_id, 0), status FROM grants WHERE id=?",
			"i", grant_id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这个资助项目", "no such grant");
	int64_t fund_id = col_int(st, 0), applicant = col_int(st, 2);
	*region_id = col_int(st, 1);
	bool approved = !strcmp(col_text(st, 3), "approved") || !strcmp(col_text(st, 3), "completed");
	stmt_done(st);
	struct fund_head f;
	if (c->who && applicant == c->who->user_id) {
		/* the applicant may still have no read of the fund's region */
	} else if ((rc = fund_load(c, fund_id, 0, &f)) || (rc = gr_may_manage(c, &f))) {
		return rc;
	}
	if (!approved)
		return err_set(c->e, ERR_RULE, "status", "项目未获批准，不能登记支出", "the grant is not approved");
	return 0;
}

int grant_receipt_add(struct ctx *c, int64_t grant_id, const char *file_name, const void *data, size_t len,
		      int64_t *id)
{
	int64_t region_id;
	int rc = may_report(c, grant_id, &region_id);
	if (rc)
		return rc;
	struct scan sc;
	if ((rc = scan_prepare(c->a, file_name, "receipt", data, len, GR_RECEIPT_MAX, &sc, c->e)))
		return rc;
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO grant_receipts (grant_id, file_name, content_type, size, sha256, data, uploaded_by,"
			 " uploaded_at) VALUES (?,?,?,?,?,?,nullif(?,0),?) RETURNING id",
			 "ississii", grant_id, sc.file_name, sc.content_type, sc.size, sc.sha256, sc.b64,
			 c->who ? c->who->user_id : (int64_t)0, c->now)) < 0)
		return rc;
	return record_created(c, &grant_receipt_kind, *id, region_id, "upload");
}

int grant_receipt_get(struct ctx *c, int64_t receipt_id, const char **ct, const char **file_name,
		      unsigned char **data, size_t *len)
{
	struct record r;
	int rc = record_load(c, &grant_receipt_kind, receipt_id, 0, &r);
	if (rc)
		return rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st, "SELECT content_type, file_name, size, data FROM grant_receipts WHERE id=?",
			 "i", receipt_id)) <= 0)
		return rc ? rc : err_set(c->e, ERR_NOT_FOUND, "id", "没有这张票据", "no such receipt");
	*ct = arena_strdup(c->a, col_text(st, 0));
	*file_name = arena_strdup(c->a, col_text(st, 1));
	rc = scan_decode(c->a, col_text(st, 3), col_int(st, 2), "id", data, len, c->e);
	stmt_done(st);
	return rc;
}

int grant_spending_add(struct ctx *c, int64_t grant_id, const struct grant_spending_in *in, int64_t *id)
{
	int64_t region_id, have = 0, paid = 0, spent = 0, owner = 0;
	int rc = may_report(c, grant_id, &region_id);
	if (rc)
		return rc;
	if ((rc = db_int(c->db, c->e, &owner, "SELECT grant_id FROM grant_receipts WHERE id=?", "i", in->receipt_id)) < 0)
		return rc;
	if (!rc || owner != grant_id)
		return err_set(c->e, ERR_INVALID, "receipt_id", "票据不属于这个项目（请先上传票据）",
			       "the receipt is not this grant's (upload it first)");
	if ((rc = db_int(c->db, c->e, &have, "SELECT count(*) FROM grant_spending WHERE receipt_id=?", "i",
			 in->receipt_id)) < 0)
		return rc;
	if (have)
		return err_set(c->e, ERR_CONFLICT, "receipt_id", "这张票据已用于另一笔支出", "this receipt backs another line");
	if ((rc = db_int(c->db, c->e, &paid,
			 "SELECT coalesce(sum(amount),0) FROM grant_tranches WHERE grant_id=? AND status='paid'", "i",
			 grant_id)) < 0 ||
	    (rc = db_int(c->db, c->e, &spent, "SELECT coalesce(sum(amount),0) FROM grant_spending WHERE grant_id=?", "i",
			 grant_id)) < 0)
		return rc;
	if (spent + in->amount > paid)
		return err_setf(c->e, ERR_RULE, "amount", "支出合计不能超过已拨付的 %lld.%02lld 元",
				"spending may not exceed the %lld.%02lld yuan paid", (long long)(paid / 100),
				(long long)(paid % 100));
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO grant_spending (grant_id, spent_on, item, payee, amount, receipt_id, created_by,"
			 " created_at) VALUES (?,?,?,?,?,?,nullif(?,0),?) RETURNING id",
			 "isssiiii", grant_id, in->spent_on, in->item, in->payee ? in->payee : "", in->amount,
			 in->receipt_id, c->who ? c->who->user_id : (int64_t)0, c->now)) < 0)
		return rc;
	return record_created(c, &grant_spending_kind, *id, region_id, NULL);
}
