/*
 * donation.c — donations and pledges (donation.h): one record per
 * submission (its client id), its money through the ledger (a posted
 * transfer, or a pending one for a pledge), its receipt issued in the
 * same transaction, and the pledge's fulfilment, void and expiry and a
 * received donation's refund — each once, each one record lifecycle.
 */
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "modules/funds/donation.h"
#include "modules/funds/funds.h"
#include "modules/funds/funds_internal.h"
#include "store/store.h"

const char *const fund_donation_sources[] = {"individual", "enterprise", "give_back", NULL};
const char *const fund_donation_statuses[] = {"received", "pledged", "void", "refunded", NULL};

static const struct col donation_cols[] = {
	{"id", "编号", COL_INT},
	{"fund_id", "基金", COL_INT},
	{"fund_name", "基金名称", COL_TEXT},
	{"source", "来源", COL_TEXT},
	{"donor_name", "捐赠人", COL_TEXT},
	{"donor_user_id", "捐赠人账号", COL_INT},
	{"donor_org_id", "捐赠单位", COL_INT},
	{"donor_phone", "联系电话", COL_MOBILE_MASK},
	{"anonymous", "匿名", COL_BOOL},
	{"amount_fen", "金额（分）", COL_INT},
	{"message", "留言", COL_TEXT},
	{"status", "状态", COL_TEXT},
	{"transfer_id", "交易", COL_INT},
	{"posted_transfer_id", "认捐入账交易", COL_INT},
	{"due_at", "认捐到期", COL_TIME},
	{"received_at", "到账时间", COL_TIME},
	{"receipt_id", "收据", COL_INT},
	{"receipt_number", "收据编号", COL_TEXT},
	{"client_id", "提交编号", COL_TEXT},
	{"version", "版本", COL_INT},
	{"created_at", "登记时间", COL_TIME},
};
const struct record_kind fund_donation_kind = {
	.entity = "fund_donation", .what_zh = "捐赠", .what_en = "donation",
	.head_sql = "SELECT d.id, d.region_id, d.version, g.path FROM fund_donations d JOIN regions g ON g.id=d.region_id"
		    " WHERE d.id=?",
	.row_sql = "SELECT d.id, d.fund_id, f.name, d.source, d.donor_name, d.donor_user_id, d.donor_org_id, d.donor_phone,"
		   " d.anonymous, d.amount, d.message, d.status, d.transfer_id, d.posted_transfer_id, d.due_at,"
		   " d.received_at, r.id, r.number, d.client_id, d.version, d.created_at"
		   " FROM fund_donations d JOIN funds f ON f.id=d.fund_id"
		   " LEFT JOIN fund_receipts r ON r.donation_id=d.id AND r.void_reason IS NULL WHERE d.id=?",
	.cols = donation_cols, .ncols = (int)(sizeof donation_cols / sizeof donation_cols[0]),
	.read_roles = ROLES_ANY,
};

static const char *source_memo(const char *source)
{
	return !strcmp(source, "give_back") ? "产业反哺" : !strcmp(source, "enterprise") ? "企业捐赠" : "个人捐赠";
}

static bool client_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (!n || n > DONATION_CLIENT_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || s[i] == 0x7f)
			return false;
	return true;
}

static int bad_client(struct ctx *c)
{
	return err_set(c->e, ERR_INVALID, "client_id", "请给出本次提交的编号（1–48 个字符，不含空格）",
		       "the submission's id is required (1–48 characters, no spaces)");
}

int fund_donate(struct ctx *c, int64_t fund_id, const struct fund_donation_in *in, int64_t *id, bool *existed)
{
	struct fund_head h;
	int rc;
	*existed = false;
	if ((rc = fund_load(c, fund_id, 0, &h)))
		return rc;
	bool manage = fund_may_manage(c, &h);
	if (!client_ok(in->client_id))
		return bad_client(c);
	/* a retry of the same submission answers the first */
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st, "SELECT id, fund_id, amount, source FROM fund_donations WHERE client_id=?",
			 "s", in->client_id)) < 0)
		return rc;
	if (rc == 1) {
		bool same = col_int(st, 1) == fund_id && col_int(st, 2) == in->amount &&
			    in->source && !strcmp(col_text(st, 3), in->source);
		*id = col_int(st, 0);
		stmt_done(st);
		if (!same)
			return err_set(c->e, ERR_CONFLICT, "client_id", "这个提交编号已用于另一笔捐赠",
				       "this submission id was used for another donation");
		*existed = true;
		return 0;
	}
	if (strcmp(h.status, "active"))
		return err_set(c->e, ERR_RULE, "fund_id", "基金尚未启用或已关闭，不能接受捐赠",
			       "the fund is not open for donations");
	if (!fund_in_list(fund_donation_sources, in->source))
		return err_set(c->e, ERR_INVALID, "source", "捐赠来源不正确", "unknown source");
	if (in->amount < 1 || in->amount > 100000000000LL)
		return err_set(c->e, ERR_INVALID, "amount_fen", "金额须在 0.01 元到 10 亿元之间",
			       "the amount must be between 0.01 and 1,000,000,000 yuan");
	if (in->pledge_days < 0 || in->pledge_days > 3660 || (in->pledge_days && !in->pledge))
		return err_set(c->e, ERR_INVALID, "pledge_days", "认捐期限为 0 到 3660 天，只用于认捐",
			       "a pledge's term is 0 to 3660 days, for a pledge only");
	const char *name = in->donor_name && *in->donor_name ? in->donor_name : NULL;
	int64_t donor_user = 0;
	if (!manage) {
		/* the caller gives as themself */
		if (!c->who)
			return auth_forbidden(c->e);
		donor_user = c->who->user_id;
		if (!name)
			name = c->who->display_name;
		if (in->pledge)
			return err_set(c->e, ERR_RULE, "pledge", "认捐由基金管理人登记", "pledges are recorded by the fund's managers");
	}
	if (!name || strlen(name) > 300)
		return err_set(c->e, ERR_INVALID, "donor_name", "请填写捐赠人（个人姓名或单位名称）",
			       "the donor's name is required (a person or an organisation)");
	if (in->donor_org_id) {
		int64_t x;
		if ((rc = db_int(c->db, c->e, &x, "SELECT id FROM organisations WHERE id=?", "i", in->donor_org_id)) < 0)
			return rc;
		if (rc == 0)
			return err_set(c->e, ERR_INVALID, "donor_org_id", "没有这个单位", "no such organisation");
	}
	if (in->message && strlen(in->message) > 600)
		return err_set(c->e, ERR_INVALID, "message", "留言过长（不超过 200 字）", "the message is too long (200 characters)");
	if (in->donor_phone && strlen(in->donor_phone) > 20)
		return err_set(c->e, ERR_INVALID, "donor_phone", "电话号码过长", "the phone number is too long");

	/* the donation's id first, so the transfer can name it (writers are
	 * serialised by the write lock) */
	int64_t next = 0, transfer = 0;
	if ((rc = db_int(c->db, c->e, &next, "SELECT coalesce(max(id), 0) + 1 FROM fund_donations", "")) < 0)
		return rc;
	struct fund_transfer_in t = {
		.client_id = arena_printf(c->a, "donation:%s", in->client_id),
		.debit_account_id = h.income_account_id, .credit_account_id = h.account_id, .amount = in->amount,
		.kind = in->pledge ? "pledge" : !strcmp(in->source, "give_back") ? "give_back" : "donation",
		.flags = in->pledge ? FT_PENDING : 0, .timeout_s = in->pledge ? in->pledge_days * 86400 : 0,
		.memo = arena_printf(c->a, "%s%s", in->pledge ? "认捐 · " : "", source_memo(in->source)),
		.ref_type = "donation", .ref_id = next,
	};
	rc = fund_post(c, &t, &transfer);
	if (rc < 0) {
		/* the ledger names its own fields; the form's are these */
		if (!strcmp(c->e->field, "amount"))
			strcpy(c->e->field, "amount_fen");
		return rc;
	}
	struct db_arg a[] = {
		{'i', next, 0, NULL},
		{'s', 0, 0, in->client_id},
		{'i', fund_id, 0, NULL},
		{'i', h.region_id, 0, NULL},
		{'s', 0, 0, in->source},
		{'s', 0, 0, name},
		{donor_user ? 'i' : 'n', donor_user, 0, NULL},
		{in->donor_org_id ? 'i' : 'n', in->donor_org_id, 0, NULL},
		{'s', 0, 0, in->donor_phone ? in->donor_phone : ""},
		{'i', in->anonymous, 0, NULL},
		{'i', in->amount, 0, NULL},
		{'s', 0, 0, in->message ? in->message : ""},
		{'s', 0, 0, in->pledge ? "pledged" : "received"},
		{'i', transfer, 0, NULL},
		{in->pledge && in->pledge_days ? 'i' : 'n', c->now + in->pledge_days * 86400LL * 1000000LL, 0, NULL},
		{in->pledge ? 'n' : 'i', c->now, 0, NULL},
		{c->who ? 'i' : 'n', c->who ? c->who->user_id : 0, 0, NULL},
		{'i', c->now, 0, NULL},
		{'i', c->now, 0, NULL},
	};
	rc = db_exec_a(c->db, c->e,
		       "INSERT INTO fund_donations (id, client_id, fund_id, region_id, source, donor_name, donor_user_id,"
		       " donor_org_id, donor_phone, anonymous, amount, message, status, transfer_id, due_at, received_at,"
		       " created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
		       DB_ARGS(a));
	if (rc < 0)
		return rc;
	*id = next;
	if ((rc = record_created(c, &fund_donation_kind, next, h.region_id, NULL)))
		return rc;
	int64_t receipt;
	return in->pledge ? 0 : fund_receipt_issue(c, next, &receipt);
}

struct donation {
	int64_t id, fund_id, transfer_id, amount;
	const char *status;
};

static int donation_get(struct ctx *c, int64_t id, struct donation *d)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st, "SELECT fund_id, transfer_id, amount, status FROM fund_donations WHERE id=?",
			"i", id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这笔捐赠", "no such donation");
	*d = (struct donation){id, col_int(st, 0), col_int(st, 1), col_int(st, 2), arena_strdup(c->a, col_text(st, 3))};
	stmt_done(st);
	return 0;
}

int fund_donation_load(struct ctx *c, int64_t id, bool manage, int64_t *fund_id)
{
	struct donation d;
	struct fund_head h;
	int rc;
	if ((rc = donation_get(c, id, &d)))
		return rc;
	*fund_id = d.fund_id;
	if (!c->who)
		return 0;
	if ((rc = fund_load(c, d.fund_id, 0, &h)) && rc != ERR_FORBIDDEN)
		return rc;
	if (!rc && fund_may_manage(c, &h))
		return 0;
	int64_t donor = 0;
	if (!manage &&
	    (rc = db_int(c->db, c->e, &donor, "SELECT coalesce(donor_user_id, 0) FROM fund_donations WHERE id=?", "i", id)) < 0)
		return rc;
	return !manage && donor == c->who->user_id ? 0 : auth_forbidden(c->e);
}

/* A pledge or received donation of a fund the caller manages. */
static int managed_donation(struct ctx *c, int64_t id, const char *want, struct donation *d, struct record *r)
{
	int64_t fund_id;
	int rc;
	if ((rc = fund_donation_load(c, id, true, &fund_id)) || (rc = donation_get(c, id, d)))
		return rc;
	if (strcmp(d->status, want))
		return err_setf(c->e, ERR_CONFLICT, "id", "这笔捐赠的状态是「%s」，不能这样处理",
				"this donation is %s: it cannot be handled so", d->status);
	if ((rc = record_head(c, &fund_donation_kind, id, r)) || (rc = record_begin(c, r, -1)))
		return rc;
	return 0;
}

static int set_status(struct ctx *c, struct record *r, const char *status, int64_t posted, const char *action)
{
	int rc = posted ? db_exec(c->db, c->e,
				  "UPDATE fund_donations SET status=?, posted_transfer_id=?, received_at=?,"
				  " version=version+1, updated_at=? WHERE id=?",
				  "siiii", status, posted, c->now, c->now, r->id)
			: db_exec(c->db, c->e,
				  "UPDATE fund_donations SET status=?, version=version+1, updated_at=? WHERE id=?", "sii",
				  status, c->now, r->id);
	return rc ? rc : record_commit(c, r, action);
}

static int ledger_client(struct ctx *c, const char *client_id, const char *what, const char **out)
{
	if (!client_ok(client_id))
		return bad_client(c);
	*out = arena_printf(c->a, "%s:%s", what, client_id);
	return 0;
}

int fund_donation_fulfil(struct ctx *c, int64_t id, const char *client_id)
{
	struct donation d;
	struct record r;
	const char *cid = NULL;
	int64_t posted, receipt;
	int rc;
	if ((rc = ledger_client(c, client_id, "fulfil", &cid)))
		return rc;
	/* a retry after success answers it */
	if ((rc = db_int(c->db, c->e, &posted, "SELECT id FROM fund_transfers WHERE client_id=?", "s", cid)) < 0)
		return rc;
	if (rc == 1)
		return 0;
	if ((rc = managed_donation(c, id, "pledged", &d, &r)) ||
	    (rc = fund_pending_post(c, d.transfer_id, 0, cid, &posted)) < 0 ||
	    (rc = set_status(c, &r, "received", posted, "fulfil")))
		return rc;
	return fund_receipt_issue(c, id, &receipt);
}

int fund_donation_void(struct ctx *c, int64_t id, const char *client_id, const char *reason)
{
	struct donation d;
	struct record r;
	const char *cid = NULL;
	int64_t v;
	int rc;
	if ((rc = ledger_client(c, client_id, "void", &cid)))
		return rc;
	if ((rc = db_int(c->db, c->e, &v, "SELECT id FROM fund_transfers WHERE client_id=?", "s", cid)) < 0)
		return rc;
	if (rc == 1)
		return 0;
	if (!reason || strlen(reason) < 2)
		return err_set(c->e, ERR_INVALID, "reason", "请写明原因", "a reason is required");
	if ((rc = managed_donation(c, id, "pledged", &d, &r)) || (rc = fund_pending_void(c, d.transfer_id, cid, reason, &v)) < 0)
		return rc;
	return set_status(c, &r, "void", 0, "void");
}

int fund_donation_refund(struct ctx *c, int64_t id, const char *client_id, const char *reason)
{
	struct donation d;
	struct record r;
	const char *cid = NULL;
	int64_t v, posted = 0, receipt = 0;
	int rc;
	if ((rc = ledger_client(c, client_id, "refund", &cid)))
		return rc;
	if ((rc = db_int(c->db, c->e, &v, "SELECT id FROM fund_transfers WHERE client_id=?", "s", cid)) < 0)
		return rc;
	if (rc == 1)
		return 0;
	if (!reason || strlen(reason) < 2)
		return err_set(c->e, ERR_INVALID, "reason", "请写明原因", "a reason is required");
	if ((rc = managed_donation(c, id, "received", &d, &r)))
		return rc;
	if ((rc = db_int(c->db, c->e, &posted, "SELECT coalesce(posted_transfer_id, transfer_id) FROM fund_donations WHERE id=?",
			 "i", id)) < 0)
		return rc;
	if ((rc = fund_reverse(c, posted, cid, reason, &v)) < 0) {
		if (!strcmp(c->e->field, "amount"))
			strcpy(c->e->field, "id");
		return rc;
	}
	if ((rc = set_status(c, &r, "refunded", 0, "refund")))
		return rc;
	if ((rc = db_int(c->db, c->e, &receipt, "SELECT id FROM fund_receipts WHERE donation_id=? AND void_reason IS NULL",
			 "i", id)) < 0)
		return rc;
	if (rc == 1 && (rc = fund_receipt_void(c, receipt, arena_printf(c->a, "退款：%s", reason), false, &v)))
		return rc;
	return 0;
}

int fund_donation_expired(struct ctx *c, int64_t pending_transfer_id)
{
	int64_t id = 0;
	struct record r;
	int rc = db_int(c->db, c->e, &id, "SELECT id FROM fund_donations WHERE transfer_id=? AND status='pledged'", "i",
			pending_transfer_id);
	if (rc <= 0)
		return rc;
	if ((rc = record_head(c, &fund_donation_kind, id, &r)) || (rc = record_begin(c, &r, -1)))
		return rc;
	return set_status(c, &r, "void", 0, "expire");
}

int fund_donation_write(struct ctx *c, struct jw *w, int64_t id)
{
	return record_write_cols(c, &fund_donation_kind, w, id);
}
