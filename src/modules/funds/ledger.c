/*
 * ledger.c — the funds' double-entry ledger (funds.h): posting transfers
 * once per client id, linked transfers that post together or not at all,
 * pending transfers posted, voided or expired once, reversals once, and
 * a fund's balance.
 *
 * Every rule is checked here first, so that a refusal names the field at
 * fault and writes nothing; the database keeps the same rules whatever
 * writes to it (070_funds.sqlite.sql: append-only transfers, resolutions
 * and reversals that match their originals, the accounts' sums kept by a
 * trigger and a CHECK that no fund goes below zero). A linked batch is
 * validated whole — balances as the earlier transfers of the batch leave
 * them — before its first insert.
 *
 * The ledger does not check the caller's scope: its callers (donations,
 * grants, budgets) load the fund in scope first (fund_load).
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "modules/funds/funds.h"
#include "modules/funds/funds_internal.h"
#include "store/store.h"

#define US_PER_S 1000000LL

static const struct col transfer_cols[] = {
	{"id", "编号", COL_INT},
	{"client_id", "客户端编号", COL_TEXT},
	{"fund_id", "基金", COL_INT},
	{"debit_account_id", "借方账户", COL_INT},
	{"credit_account_id", "贷方账户", COL_INT},
	{"amount_fen", "金额（分）", COL_INT},
	{"kind", "类型", COL_TEXT},
	{"phase", "阶段", COL_TEXT},
	{"pending_id", "预留交易", COL_INT},
	{"reverses_id", "冲正的交易", COL_INT},
	{"timeout_at", "预留到期", COL_TIME},
	{"memo", "摘要", COL_TEXT},
	{"reason", "原因", COL_TEXT},
	{"ref_type", "关联类型", COL_TEXT},
	{"ref_id", "关联编号", COL_INT},
	{"created_by", "操作人", COL_INT},
	{"created_at", "时间", COL_TIME},
};
const struct record_kind fund_transfer_kind = {
	.entity = "fund_transfer", .what_zh = "资金往来", .what_en = "transfer",
	.head_sql = "SELECT t.id, t.region_id, 1, g.path FROM fund_transfers t JOIN regions g ON g.id=t.region_id"
		    " WHERE t.id=?",
	.row_sql = "SELECT id, client_id, fund_id, debit_account_id, credit_account_id, amount, kind, phase,"
		   " pending_id, reverses_id, timeout_at, memo, reason, ref_type, ref_id, created_by, created_at"
		   " FROM fund_transfers WHERE id=?",
	.cols = transfer_cols, .ncols = (int)(sizeof transfer_cols / sizeof transfer_cols[0]),
	.read_roles = ROLES_ANY,
};

struct account {
	int64_t id, fund_id, region_id;
	bool fund;   /* a fund's own account: never below zero */
	bool closed; /* … of a closed fund: takes no more transfers */
	int64_t debits_posted, credits_posted, debits_pending, credits_pending;
};

static int account_get(struct ctx *c, int64_t id, const char *field, struct account *a)
{
	struct stmt *st;
	memset(a, 0, sizeof *a);
	int rc = db_row(c->db, c->e, &st,
			"SELECT a.id, a.kind, coalesce(a.fund_id, 0), a.region_id, a.debits_posted, a.credits_posted,"
			" a.debits_pending, a.credits_pending, coalesce(f.status, '') FROM fund_accounts a"
			" LEFT JOIN funds f ON f.id=a.fund_id AND a.kind='fund' WHERE a.id=?",
			"i", id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_RULE, field, "没有这个账户", "no such account");
	a->id = col_int(st, 0);
	a->fund = !strcmp(col_text(st, 1), "fund");
	a->fund_id = col_int(st, 2);
	a->region_id = col_int(st, 3);
	a->debits_posted = col_int(st, 4);
	a->credits_posted = col_int(st, 5);
	a->debits_pending = col_int(st, 6);
	a->credits_pending = col_int(st, 7);
	a->closed = !strcmp(col_text(st, 8), "closed");
	stmt_done(st);
	return 0;
}

static int64_t available(const struct account *a)
{
	return a->credits_posted - a->debits_posted - a->debits_pending;
}

static int insufficient(struct ctx *c, const char *field, int64_t need, int64_t have)
{
	return err_setf(c->e, ERR_RULE, field, "余额不足：需要 %lld 分，可用 %lld 分",
			"insufficient funds: %lld fen needed, %lld available", (long long)need, (long long)have);
}

static const char *fld(struct ctx *c, const char *prefix, const char *name)
{
	return prefix ? arena_printf(c->a, "%s%s", prefix, name) : name;
}

/* A transfer as it will be inserted. */
struct row {
	const char *client_id, *kind, *phase, *memo, *reason, *ref_type;
	int64_t debit, credit, amount, pending_id, reverses_id, timeout_at, fund_id, region_id, ref_id;
};

/* The transfer already posted under the client id, if any: 1 and *same
 * when its fields are r's, 0 when the id is free. */
static int client_seen(struct ctx *c, const struct row *r, int64_t *id, bool *same)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT id, debit_account_id, credit_account_id, amount, kind, phase, coalesce(pending_id, 0),"
			" coalesce(reverses_id, 0) FROM fund_transfers WHERE client_id=?",
			"s", r->client_id);
	if (rc <= 0)
		return rc;
	*id = col_int(st, 0);
	*same = col_int(st, 1) == r->debit && col_int(st, 2) == r->credit &&
		(col_int(st, 3) == r->amount || !r->amount) && !strcmp(col_text(st, 4), r->kind) &&
		!strcmp(col_text(st, 5), r->phase) && col_int(st, 6) == r->pending_id &&
		col_int(st, 7) == r->reverses_id;
	stmt_done(st);
	return 1;
}

static int client_used(struct ctx *c, const char *field)
{
	return err_set(c->e, ERR_CONFLICT, field, "这个客户端编号已用于另一笔不同的交易",
		       "this client id was used for a different transfer");
}

static int insert_row(struct ctx *c, const struct row *r, const char *action, int64_t *id)
{
	struct db_arg a[] = {
		{'s', 0, 0, r->client_id},
		{'i', r->debit, 0, NULL},
		{'i', r->credit, 0, NULL},
		{'i', r->amount, 0, NULL},
		{'s', 0, 0, r->kind},
		{'s', 0, 0, r->phase},
		{r->pending_id ? 'i' : 'n', r->pending_id, 0, NULL},
		{r->reverses_id ? 'i' : 'n', r->reverses_id, 0, NULL},
		{r->timeout_at ? 'i' : 'n', r->timeout_at, 0, NULL},
		{'i', r->fund_id, 0, NULL},
		{'i', r->region_id, 0, NULL},
		{'s', 0, 0, r->memo ? r->memo : ""},
		{'s', 0, 0, r->reason ? r->reason : ""},
		{'s', 0, 0, r->ref_type},
		{r->ref_type ? 'i' : 'n', r->ref_id, 0, NULL},
		{c->who ? 'i' : 'n', c->who ? c->who->user_id : 0, 0, NULL},
		{'i', c->now, 0, NULL},
	};
	int rc = db_int_a(c->db, c->e, id,
			"INSERT INTO fund_transfers (client_id, debit_account_id, credit_account_id, amount, kind,"
			" phase, pending_id, reverses_id, timeout_at, fund_id, region_id, memo, reason, ref_type,"
			" ref_id, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
			DB_ARGS(a));
	if (rc != 1)
		return rc < 0 ? rc : ERR_STORE;
	return record_created(c, &fund_transfer_kind, *id, r->region_id, action);
}

static bool client_id_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (!n || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* Check one transfer of a batch and turn it into a row; *seen when its
 * client id was posted identically already (*id that transfer). */
static int prepare(struct ctx *c, const struct fund_transfer_in *in, const char *prefix, struct row *r,
		   struct account *dr, struct account *cr, bool *seen, int64_t *id)
{
	int rc;
	memset(r, 0, sizeof *r);
	*seen = false;
	if (!client_id_ok(in->client_id))
		return err_set(c->e, ERR_INVALID, fld(c, prefix, "client_id"),
			       "请给出客户端编号（1–64 个字符，每笔交易一个，永不重复）",
			       "a client id is required (1–64 characters, one per transfer, never reused)");
	if (in->amount <= 0)
		return err_set(c->e, ERR_RULE, fld(c, prefix, "amount"), "金额须大于 0 分", "the amount must be more than 0 fen");
	if (!fund_in_list(fund_transfer_kinds, in->kind) || !strcmp(in->kind, "reversal"))
		return err_set(c->e, ERR_RULE, fld(c, prefix, "kind"), "交易类型不正确（冲正请用冲正操作）",
			       "unknown transfer kind (a reversal is posted by reversing)");
	if (in->flags & ~FT_PENDING)
		return err_set(c->e, ERR_INVALID, fld(c, prefix, "flags"), "标志不正确", "unknown flags");
	if (in->timeout_s < 0 || (in->timeout_s && !(in->flags & FT_PENDING)) || in->timeout_s > 20LL * 366 * 86400)
		return err_set(c->e, ERR_RULE, fld(c, prefix, "timeout_s"), "只有预留交易可设到期时间（不超过 20 年）",
			       "only a pending transfer has a timeout (at most 20 years)");
	if (in->memo && strlen(in->memo) > 600)
		return err_set(c->e, ERR_INVALID, fld(c, prefix, "memo"), "摘要过长", "the memo is too long");
	if (in->ref_type && (!*in->ref_type || strlen(in->ref_type) > 32))
		return err_set(c->e, ERR_INVALID, fld(c, prefix, "ref_type"), "关联类型不正确", "bad ref_type");
	if ((rc = account_get(c, in->debit_account_id, fld(c, prefix, "debit_account_id"), dr)) ||
	    (rc = account_get(c, in->credit_account_id, fld(c, prefix, "credit_account_id"), cr)))
		return rc;
	if (dr->id == cr->id)
		return err_set(c->e, ERR_RULE, fld(c, prefix, "credit_account_id"), "借贷双方不能是同一账户",
			       "the debit and credit accounts must differ");
	if (!dr->fund && !cr->fund)
		return err_set(c->e, ERR_RULE, fld(c, prefix, "credit_account_id"), "每笔交易至少一方须为基金账户",
			       "one side of every transfer must be a fund's account");
	if (dr->closed || cr->closed)
		return err_set(c->e, ERR_RULE, fld(c, prefix, dr->closed ? "debit_account_id" : "credit_account_id"),
			       "基金已关闭，不再记账", "the fund is closed: it takes no more transfers");
	const struct account *f = dr->fund ? dr : cr;
	*r = (struct row){
		.client_id = in->client_id, .kind = in->kind, .phase = in->flags & FT_PENDING ? "pending" : "single",
		.memo = in->memo, .ref_type = in->ref_type, .ref_id = in->ref_id,
		.debit = dr->id, .credit = cr->id, .amount = in->amount,
		.timeout_at = in->timeout_s ? c->now + in->timeout_s * US_PER_S : 0,
		.fund_id = f->fund_id, .region_id = f->region_id,
	};
	bool same;
	if ((rc = client_seen(c, r, id, &same)) < 0)
		return rc;
	if (rc == 1) {
		if (!same)
			return client_used(c, fld(c, prefix, "client_id"));
		*seen = true;
	}
	return 0;
}

int fund_post(struct ctx *c, const struct fund_transfer_in *in, int64_t *id)
{
	struct row r;
	struct account dr, cr;
	bool seen;
	int rc = prepare(c, in, NULL, &r, &dr, &cr, &seen, id);
	if (rc)
		return rc;
	if (seen)
		return FUND_EXISTS;
	if (dr.fund && available(&dr) < r.amount)
		return insufficient(c, "amount", r.amount, available(&dr));
	return insert_row(c, &r, NULL, id);
}

int fund_post_linked(struct ctx *c, const struct fund_transfer_in *in, int n, int64_t *ids)
{
	if (n < 1 || n > 1000)
		return err_set(c->e, ERR_INVALID, "transfers", "请给出 1 到 1000 笔交易", "give 1 to 1000 transfers");
	struct row *rows = arena_alloc(c->a, sizeof *rows * (size_t)n);
	/* the debit fund accounts' availability as the batch goes */
	struct {
		int64_t acct, avail;
	} *left = arena_alloc(c->a, sizeof *left * (size_t)n);
	int nleft = 0, nseen = 0, rc;
	bool *seen = arena_alloc(c->a, sizeof *seen * (size_t)n);
	for (int i = 0; i < n; i++) {
		const char *prefix = arena_printf(c->a, "transfers[%d].", i);
		struct account dr, cr;
		if ((rc = prepare(c, &in[i], prefix, &rows[i], &dr, &cr, &seen[i], &ids[i])))
			return rc;
		for (int j = 0; j < i; j++)
			if (!strcmp(in[j].client_id, in[i].client_id))
				return err_set(c->e, ERR_CONFLICT, fld(c, prefix, "client_id"), "同一批中客户端编号重复",
					       "a client id used twice in the batch");
		nseen += seen[i];
		if (!dr.fund || seen[i])
			continue;
		int k = 0;
		while (k < nleft && left[k].acct != dr.id)
			k++;
		if (k == nleft) {
			left[nleft].acct = dr.id;
			left[nleft++].avail = available(&dr);
		}
		if (left[k].avail < rows[i].amount)
			return insufficient(c, fld(c, prefix, "amount"), rows[i].amount, left[k].avail);
		left[k].avail -= rows[i].amount;
	}
	/* a retry of the whole batch answers it; part of it posted cannot
	 * happen (linked transfers post together), so it is a conflict */
	if (nseen == n)
		return FUND_EXISTS;
	if (nseen) {
		for (int i = 0; i < n; i++)
			if (seen[i])
				return client_used(c, arena_printf(c->a, "transfers[%d].client_id", i));
	}
	for (int i = 0; i < n; i++)
		if ((rc = insert_row(c, &rows[i], "post_linked", &ids[i])))
			return rc;
	return 0;
}

/* ---------- pending transfers ---------- */

struct pending {
	int64_t id, debit, credit, amount, fund_id, region_id, timeout_at, ref_id;
	const char *kind, *phase, *memo, *ref_type;
};

static int pending_get(struct ctx *c, int64_t id, struct pending *p)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT id, debit_account_id, credit_account_id, amount, fund_id, region_id,"
			" coalesce(timeout_at, 0), kind, phase, memo, ref_type, coalesce(ref_id, 0)"
			" FROM fund_transfers WHERE id=?",
			"i", id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "pending_id", "没有这笔预留交易", "no such pending transfer");
	*p = (struct pending){
		.id = col_int(st, 0), .debit = col_int(st, 1), .credit = col_int(st, 2), .amount = col_int(st, 3),
		.fund_id = col_int(st, 4), .region_id = col_int(st, 5), .timeout_at = col_int(st, 6),
		.kind = arena_strdup(c->a, col_text(st, 7)), .phase = arena_strdup(c->a, col_text(st, 8)),
		.memo = arena_strdup(c->a, col_text(st, 9)),
		.ref_type = col_text(st, 10) ? arena_strdup(c->a, col_text(st, 10)) : NULL, .ref_id = col_int(st, 11),
	};
	stmt_done(st);
	if (strcmp(p->phase, "pending"))
		return err_set(c->e, ERR_RULE, "pending_id", "这笔交易不是预留交易", "this transfer is not a pending one");
	return 0;
}

/* 409 when the pending transfer is resolved already, or its time ran out
 * (the job may not have expired it yet: it is expired all the same). */
static int pending_open(struct ctx *c, const struct pending *p)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st, "SELECT id, phase FROM fund_transfers WHERE pending_id=?", "i", p->id);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		const char *ph = col_text(st, 1);
		const char *zh = !strcmp(ph, "post") ? "已入账" : !strcmp(ph, "void") ? "已撤销" : "已过期";
		const char *en = !strcmp(ph, "post") ? "posted" : !strcmp(ph, "void") ? "voided" : "expired";
		int64_t by = col_int(st, 0);
		stmt_done(st);
		return err_set(c->e, ERR_CONFLICT, "pending_id",
			       arena_printf(c->a, "这笔预留交易%s（交易 %lld）", zh, (long long)by),
			       arena_printf(c->a, "this pending transfer was %s already (transfer %lld)", en, (long long)by));
	}
	if (p->timeout_at && p->timeout_at <= c->now)
		return err_set(c->e, ERR_CONFLICT, "pending_id", "这笔预留交易已过期", "this pending transfer has expired");
	return 0;
}

static int resolve(struct ctx *c, const struct pending *p, const char *phase, int64_t amount, const char *client_id,
		   const char *reason, int64_t *id)
{
	struct row r = {
		.client_id = client_id, .kind = p->kind, .phase = phase, .memo = p->memo, .reason = reason,
		.ref_type = p->ref_type, .ref_id = p->ref_id, .debit = p->debit, .credit = p->credit,
		.amount = amount, .pending_id = p->id, .fund_id = p->fund_id, .region_id = p->region_id,
	};
	return insert_row(c, &r, phase, id);
}

/* The client id of a resolution or reversal: a retry answers the first. */
static int seen_as(struct ctx *c, const char *client_id, const char *col, int64_t target, int64_t amount,
		   int64_t *id)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			!strcmp(col, "pending_id")
				? "SELECT id, coalesce(pending_id, 0), amount FROM fund_transfers WHERE client_id=?"
				: "SELECT id, coalesce(reverses_id, 0), amount FROM fund_transfers WHERE client_id=?",
			"s", client_id);
	if (rc <= 0)
		return rc;
	bool same = col_int(st, 1) == target && (!amount || col_int(st, 2) == amount);
	*id = col_int(st, 0);
	stmt_done(st);
	return same ? FUND_EXISTS : client_used(c, "client_id");
}

int fund_pending_post(struct ctx *c, int64_t pending_id, int64_t amount, const char *client_id, int64_t *id)
{
	struct pending p;
	int rc;
	if (!client_id_ok(client_id))
		return err_set(c->e, ERR_INVALID, "client_id", "请给出客户端编号（1–64 个字符）",
			       "a client id is required (1–64 characters)");
	if ((rc = pending_get(c, pending_id, &p)))
		return rc;
	if ((rc = seen_as(c, client_id, "pending_id", pending_id, amount, id)))
		return rc;
	if ((rc = pending_open(c, &p)))
		return rc;
	if (amount < 0 || amount > p.amount)
		return err_setf(c->e, ERR_RULE, "amount", "入账金额须在 0 到 %lld 分之间（0 为全额）",
				"the amount posted must be between 0 and %lld fen (0: all of it)", (long long)p.amount);
	return resolve(c, &p, "post", amount ? amount : p.amount, client_id, NULL, id);
}

int fund_pending_void(struct ctx *c, int64_t pending_id, const char *client_id, const char *reason, int64_t *id)
{
	struct pending p;
	int rc;
	if (!client_id_ok(client_id))
		return err_set(c->e, ERR_INVALID, "client_id", "请给出客户端编号（1–64 个字符）",
			       "a client id is required (1–64 characters)");
	if (!reason || !*reason || strlen(reason) > 600)
		return err_set(c->e, ERR_INVALID, "reason", "请写明撤销原因", "a reason is required");
	if ((rc = pending_get(c, pending_id, &p)) || (rc = seen_as(c, client_id, "pending_id", pending_id, 0, id)) ||
	    (rc = pending_open(c, &p)))
		return rc;
	return resolve(c, &p, "void", p.amount, client_id, reason, id);
}

/* ---------- reversal ---------- */

int fund_reverse(struct ctx *c, int64_t transfer_id, const char *client_id, const char *reason, int64_t *id)
{
	int rc;
	if (!client_id_ok(client_id))
		return err_set(c->e, ERR_INVALID, "client_id", "请给出客户端编号（1–64 个字符）",
			       "a client id is required (1–64 characters)");
	if (!reason || !*reason || strlen(reason) > 600)
		return err_set(c->e, ERR_INVALID, "reason", "请写明冲正原因", "a reason is required");
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st,
			 "SELECT debit_account_id, credit_account_id, amount, kind, phase, fund_id, region_id, memo,"
			 " ref_type, coalesce(ref_id, 0) FROM fund_transfers WHERE id=?",
			 "i", transfer_id)) < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "transfer_id", "没有这笔交易", "no such transfer");
	struct row r = {
		.client_id = client_id, .kind = "reversal", .phase = "single", .reason = reason,
		.debit = col_int(st, 1), .credit = col_int(st, 0), .amount = col_int(st, 2),
		.reverses_id = transfer_id, .fund_id = col_int(st, 5), .region_id = col_int(st, 6),
		.ref_id = col_int(st, 9),
	};
	const char *kind = arena_strdup(c->a, col_text(st, 3)), *phase = arena_strdup(c->a, col_text(st, 4));
	r.memo = arena_printf(c->a, "冲正：%s", col_text(st, 7));
	r.ref_type = col_text(st, 8) ? arena_strdup(c->a, col_text(st, 8)) : NULL;
	stmt_done(st);
	if ((rc = seen_as(c, client_id, "reverses_id", transfer_id, 0, id)))
		return rc;
	if (!strcmp(kind, "reversal"))
		return err_set(c->e, ERR_RULE, "transfer_id", "冲正交易不能再冲正", "a reversal cannot be reversed");
	if (strcmp(phase, "single") && strcmp(phase, "post"))
		return err_set(c->e, ERR_RULE, "transfer_id", "只有已入账的交易可以冲正（预留交易请撤销）",
			       "only a posted transfer can be reversed (void a pending one)");
	int64_t by = 0;
	if ((rc = db_int(c->db, c->e, &by, "SELECT id FROM fund_transfers WHERE reverses_id=?", "i", transfer_id)) < 0)
		return rc;
	if (rc == 1)
		return err_setf(c->e, ERR_CONFLICT, "transfer_id", "这笔交易已冲正（冲正交易 %lld）",
				"this transfer was reversed already (by transfer %lld)", (long long)by);
	struct account dr;
	if ((rc = account_get(c, r.debit, "transfer_id", &dr)))
		return rc;
	if (dr.fund && available(&dr) < r.amount)
		return insufficient(c, "amount", r.amount, available(&dr));
	return insert_row(c, &r, "reverse", id);
}

/* ---------- balance ---------- */

int fund_balance_get(struct ctx *c, int64_t fund_id, struct fund_balance *out)
{
	struct stmt *st;
	memset(out, 0, sizeof *out);
	int rc = db_row(c->db, c->e, &st,
			"SELECT credits_posted - debits_posted, credits_pending, debits_pending FROM fund_accounts"
			" WHERE kind='fund' AND fund_id=?",
			"i", fund_id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "fund_id", "没有这个基金", "no such fund");
	out->posted = col_int(st, 0);
	out->pending_in = col_int(st, 1);
	out->pending_out = col_int(st, 2);
	out->available = out->posted - out->pending_out;
	stmt_done(st);
	assert(out->available >= 0);
	return 0;
}
