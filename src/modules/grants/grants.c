/*
 * grants.c — grants and micro-grants (grants.h): the application, the
 * committee's vote, approval (the tranches reserved in the ledger as
 * linked pending transfers), payment of a tranche (its pending transfer
 * posted), cancelling (the unpaid tranches voided), completion with the
 * result, and grants decided elsewhere (grant_create_decided).
 *
 * The ledger is touched only through funds.h; every change here is one
 * record lifecycle (audit entry) in the caller's transaction, so a grant's
 * status and its transfers change together or not at all.
 */
#include <stdio.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "modules/grants/grants_internal.h"
#include "notify/notify.h"
#include "store/store.h"

const char *const grant_kinds[] = {"grant", "micro_grant", NULL};
const char *const grant_statuses[] = {"applied", "voting", "approved", "rejected", "completed", "cancelled", NULL};
const char *const grant_sources[] = {"application", "committee", "pb", "decision", "programme", NULL};
const char *const grant_tranche_statuses[] = {"planned", "pending", "paid", "voided", NULL};
const char *const grant_vote_choices[] = {"yes", "no", "abstain", NULL};

static const struct col grant_cols[] = {
	{"id", "编号", COL_INT},
	{"fund_id", "基金", COL_INT},
	{"region_id", "区域", COL_INT},
	{"kind", "类别", COL_TEXT},
	{"title", "项目", COL_TEXT},
	{"purpose", "用途", COL_TEXT},
	{"org_id", "受助组织", COL_INT},
	{"person_id", "受助人", COL_INT},
	{"recipient_name", "受助方", COL_TEXT},
	{"amount", "金额（分）", COL_INT},
	{"starts_on", "开始日期", COL_TEXT},
	{"ends_on", "结束日期", COL_TEXT},
	{"status", "状态", COL_TEXT},
	{"source", "来源", COL_TEXT},
	{"source_id", "来源记录", COL_INT},
	{"decision", "决定", COL_TEXT},
	{"electorate", "表决人数", COL_INT},
	{"votes_yes", "赞成", COL_INT},
	{"votes_no", "反对", COL_INT},
	{"votes_abstain", "弃权", COL_INT},
	{"decided_at", "决定时间", COL_TIME},
	{"completed_at", "完成时间", COL_TIME},
	{"result", "成效", COL_TEXT},
	{"cancel_reason", "取消原因", COL_TEXT},
	{"version", "版本", COL_INT},
	{"created_at", "申请时间", COL_TIME},
	{"updated_at", "更新时间", COL_TIME},
};
const struct record_kind grant_kind = {
	.entity = "grant", .what_zh = "资助项目", .what_en = "grant",
	.head_sql = "SELECT x.id, x.region_id, x.version, g.path FROM grants x JOIN regions g ON g.id=x.region_id"
		    " WHERE x.id=?",
	.row_sql = "SELECT id, fund_id, region_id, kind, title, purpose, org_id, person_id, recipient_name, amount,"
		   " starts_on, ends_on, status, source, source_id, decision, electorate, votes_yes, votes_no,"
		   " votes_abstain, decided_at, completed_at, result, cancel_reason, version, created_at, updated_at"
		   " FROM grants WHERE id=?",
	.cols = grant_cols, .ncols = (int)(sizeof grant_cols / sizeof grant_cols[0]),
	.read_roles = ROLES_ANY,
};

static const struct col tranche_cols[] = {
	{"id", "编号", COL_INT},         {"grant_id", "资助项目", COL_INT},
	{"seq", "期次", COL_INT},        {"amount", "金额（分）", COL_INT},
	{"due_on", "计划日期", COL_TEXT}, {"status", "状态", COL_TEXT},
	{"pending_transfer_id", "预留转账", COL_INT}, {"settle_transfer_id", "结算转账", COL_INT},
	{"paid_at", "拨付时间", COL_TIME}, {"version", "版本", COL_INT},
};
const struct record_kind grant_tranche_kind = {
	.entity = "grant_tranche", .what_zh = "拨付批次", .what_en = "tranche",
	.head_sql = "SELECT t.id, x.region_id, t.version, g.path FROM grant_tranches t JOIN grants x ON x.id=t.grant_id"
		    " JOIN regions g ON g.id=x.region_id WHERE t.id=?",
	.row_sql = "SELECT id, grant_id, seq, amount, due_on, status, pending_transfer_id, settle_transfer_id, paid_at,"
		   " version FROM grant_tranches WHERE id=?",
	.cols = tranche_cols, .ncols = (int)(sizeof tranche_cols / sizeof tranche_cols[0]),
	.read_roles = ROLES_ANY,
};

void gr_split(int64_t amount, int n, int64_t *out)
{
	int64_t part = amount / n;
	for (int i = 0; i < n; i++)
		out[i] = part;
	out[0] += amount - part * n;
}

int gr_may_manage(struct ctx *c, const struct fund_head *f)
{
	if (!c->who || auth_covers_path(c->who, ROLES_STAFF, f->path) || fund_member_has(c, f->id, "manager") ||
	    fund_member_has(c, f->id, "approver"))
		return 0;
	return err_set(c->e, ERR_FORBIDDEN, "fund_id", "只有基金的管理人或辖区工作人员可以办理",
		       "only the fund's managers or staff over its region may do this");
}

static int check_tranches(struct ctx *c, int64_t amount, const struct gr_tranches *t)
{
	if (t->n < 1 || t->n > GR_MAX_TRANCHES)
		return err_set(c->e, ERR_INVALID, "tranches", "拨付批次须为 1 至 12 期", "tranches: 1 to 12 of them");
	int64_t sum = 0;
	for (int i = 0; i < t->n; i++) {
		if (t->amount[i] <= 0)
			return err_setf(c->e, ERR_INVALID, "tranches", "第 %d 期金额须大于零",
					"tranche %d must be more than zero", i + 1);
		sum += t->amount[i];
	}
	if (sum != amount)
		return err_set(c->e, ERR_RULE, "tranches", "各期金额之和须等于资助金额",
			       "the tranches must add up to the amount");
	return 0;
}

/* The recipient: an organisation or a person in the fund's region tree
 * (their name is the recipient's name), or a name alone. */
static int check_recipient(struct ctx *c, int64_t org_id, int64_t person_id, const char **name)
{
	int rc;
	if (org_id && person_id)
		return err_set(c->e, ERR_INVALID, "person_id", "受助方为组织或个人，只能选一个",
			       "the recipient is an organisation or a person, not both");
	char *n = NULL;
	if (org_id) {
		if ((rc = db_text(c->db, c->e, c->a, &n, "SELECT name FROM organisations WHERE id=?", "i", org_id)) < 0)
			return rc;
		if (!rc)
			return err_set(c->e, ERR_INVALID, "org_id", "没有这个组织", "no such organisation");
		*name = n;
	} else if (person_id) {
		if ((rc = db_text(c->db, c->e, c->a, &n, "SELECT name FROM people WHERE id=?", "i", person_id)) < 0)
			return rc;
		if (!rc)
			return err_set(c->e, ERR_INVALID, "person_id", "没有这个人", "no such person");
		*name = n;
	}
	if (!*name || !**name)
		return err_set(c->e, ERR_INVALID, "recipient_name", "请填写受助方", "name the recipient");
	return 0;
}

static int insert_tranches(struct ctx *c, int64_t grant_id, const struct gr_tranches *t)
{
	for (int i = 0; i < t->n; i++) {
		int rc = db_exec(c->db, c->e,
				 "INSERT INTO grant_tranches (grant_id, seq, amount, status) VALUES (?,?,?,'planned')", "iii",
				 grant_id, (int64_t)(i + 1), t->amount[i]);
		if (rc)
			return rc;
	}
	return 0;
}

/* Reserve every planned tranche of an approved grant: linked pending
 * transfers from the fund to its host's payout account, all or none. */
static int reserve_tranches(struct ctx *c, int64_t grant_id, const struct fund_head *f, const char *title)
{
	int64_t ids[GR_MAX_TRANCHES], amounts[GR_MAX_TRANCHES];
	int n = 0, rc;
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT id, amount FROM grant_tranches WHERE grant_id=? AND status='planned' ORDER BY seq",
			       "i", grant_id);
	if (!st)
		return c->e->code;
	while ((rc = stmt_step(st, c->e)) == 1 && n < GR_MAX_TRANCHES) {
		ids[n] = col_int(st, 0);
		amounts[n++] = col_int(st, 1);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	struct fund_transfer_in in[GR_MAX_TRANCHES];
	int64_t tids[GR_MAX_TRANCHES];
	for (int i = 0; i < n; i++)
		in[i] = (struct fund_transfer_in){
			.client_id = arena_printf(c->a, "grant-tranche-%lld", (long long)ids[i]),
			.debit_account_id = f->account_id,
			.credit_account_id = f->payout_account_id,
			.amount = amounts[i],
			.kind = "grant",
			.flags = FT_PENDING,
			.memo = arena_printf(c->a, "资助「%s」第%d期", title, i + 1),
			.ref_type = "grant_tranche",
			.ref_id = ids[i],
		};
	if (n && (rc = fund_post_linked(c, in, n, tids)) < 0) {
		if (!strncmp(c->e->field, "transfers[", 10))
			snprintf(c->e->field, sizeof c->e->field, "amount");
		return rc;
	}
	for (int i = 0; i < n; i++)
		if ((rc = db_exec(c->db, c->e,
				  "UPDATE grant_tranches SET status='pending', pending_transfer_id=?, version=version+1"
				  " WHERE id=?",
				  "ii", tids[i], ids[i])))
			return rc;
	return 0;
}

int grant_apply(struct ctx *c, const struct grant_apply_in *in, int64_t *id)
{
	struct fund_head f;
	int rc;
	if ((rc = fund_load(c, in->fund_id, 0, &f)))
		return rc;
	if (strcmp(f.status, "active"))
		return err_set(c->e, ERR_RULE, "fund_id", "基金未在运行，不接受申请", "the fund is not active");
	const char *name = in->recipient_name;
	if ((rc = check_recipient(c, in->org_id, in->person_id, &name)))
		return rc;
	struct gr_tranches t = in->tranches;
	if (!in->has_tranches) {
		t.n = 1;
		t.amount[0] = in->amount;
	}
	if ((rc = check_tranches(c, in->amount, &t)))
		return rc;
	if (in->starts_on && in->ends_on && strcmp(in->ends_on, in->starts_on) < 0)
		return err_set(c->e, ERR_INVALID, "ends_on", "结束日期不能早于开始日期", "ends before it starts");
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO grants (fund_id, region_id, kind, title, purpose, org_id, person_id, recipient_name,"
			 " amount, starts_on, ends_on, status, source, applicant_id, created_at, updated_at)"
			 " VALUES (?,?,?,?,?,nullif(?,0),nullif(?,0),?,?,?,?,'applied','application',nullif(?,0),?,?)"
			 " RETURNING id",
			 "iisssiisissiii", f.id, f.region_id, in->kind ? in->kind : "micro_grant",
			 in->title, in->purpose ? in->purpose : "", in->org_id, in->person_id, name, in->amount,
			 in->starts_on, in->ends_on, c->who ? c->who->user_id : (int64_t)0, c->now, c->now)) < 0)
		return rc;
	if ((rc = insert_tranches(c, *id, &t)))
		return rc;
	return record_created(c, &grant_kind, *id, f.region_id, "apply");
}

struct ghead {
	int64_t id, fund_id, region_id, amount, electorate, yes, no, abstain, version;
	const char *status, *title;
};

static int load_grant(struct ctx *c, int64_t id, struct ghead *g, struct fund_head *f)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT id, fund_id, region_id, amount, electorate, votes_yes, votes_no, votes_abstain, version,"
			" status, title FROM grants WHERE id=?",
			"i", id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这个资助项目", "no such grant");
	*g = (struct ghead){col_int(st, 0), col_int(st, 1), col_int(st, 2), col_int(st, 3), col_int(st, 4),
			    col_int(st, 5), col_int(st, 6), col_int(st, 7), col_int(st, 8),
			    arena_strdup(c->a, col_text(st, 9)), arena_strdup(c->a, col_text(st, 10))};
	stmt_done(st);
	return fund_load(c, g->fund_id, 0, f);
}

int grant_open_vote(struct ctx *c, int64_t id, int64_t version)
{
	struct ghead g;
	struct fund_head f;
	struct record r;
	int64_t n = 0;
	int rc;
	if ((rc = load_grant(c, id, &g, &f)) || (rc = gr_may_manage(c, &f)) ||
	    (rc = record_load(c, &grant_kind, id, 0, &r)) || (rc = record_begin(c, &r, version)))
		return rc;
	if (strcmp(g.status, "applied"))
		return err_set(c->e, ERR_CONFLICT, "status", "只有待审的申请可以提交表决",
			       "only an application may be put to the vote");
	if ((rc = fund_committee_size(c, f.id, &n)))
		return rc;
	if (n < 1)
		return err_set(c->e, ERR_RULE, "fund_id", "基金还没有有账号的管委会成员，无法表决",
			       "the fund's committee has no members with an account to vote");
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE grants SET status='voting', electorate=?, version=version+1, updated_at=? WHERE id=?",
			  "iii", n, c->now, id)))
		return rc;
	return record_commit(c, &r, "open_vote");
}

int gr_vote_outcome(int64_t electorate, int64_t yes, int64_t no, int64_t abstain)
{
	int64_t majority = electorate / 2 + 1; /* more than half of the whole committee */
	if (yes >= majority)
		return 1;
	if (yes + no + abstain >= majority && yes + (electorate - yes - no - abstain) < majority)
		return -1;
	return 0;
}

/* Decide a grant whose vote has an outcome: approved reserves the money. */
static int decide(struct ctx *c, int64_t id, int outcome, const struct fund_head *f, const char *title)
{
	int rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE grants SET status=?, source='committee', decided_at=?, decision=?, version=version+1,"
			  " updated_at=? WHERE id=?",
			  "sisii", outcome > 0 ? "approved" : "rejected", c->now,
			  outcome > 0 ? "基金管委会表决通过" : "基金管委会表决未通过", c->now, id)))
		return rc;
	return outcome > 0 ? reserve_tranches(c, id, f, title) : 0;
}

int grant_may_vote(struct ctx *c, int64_t id)
{
	int64_t fund_id = 0;
	int rc = db_int(c->db, c->e, &fund_id, "SELECT fund_id FROM grants WHERE id=?", "i", id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这个资助项目", "no such grant");
	if (!c->who || !(fund_member_has(c, fund_id, "committee") || fund_member_has(c, fund_id, "chair")))
		return err_set(c->e, ERR_FORBIDDEN, "id", "只有基金管委会成员可以表决",
			       "only the fund's committee members vote");
	return 0;
}

int grant_vote(struct ctx *c, int64_t id, const char *choice, const char *comment)
{
	struct ghead g;
	struct fund_head f;
	struct record r;
	int rc;
	if ((rc = load_grant(c, id, &g, &f)))
		return rc;
	if (!c->who || !(fund_member_has(c, f.id, "committee") || fund_member_has(c, f.id, "chair")))
		return err_set(c->e, ERR_FORBIDDEN, "id", "只有基金管委会成员可以表决",
			       "only the fund's committee members vote");
	if (strcmp(g.status, "voting"))
		return err_set(c->e, ERR_CONFLICT, "status", "这个项目不在表决中", "this grant is not being voted on");
	int64_t had = 0;
	if ((rc = db_int(c->db, c->e, &had, "SELECT count(*) FROM grant_votes WHERE grant_id=? AND user_id=?", "ii", id,
			 c->who->user_id)) < 0)
		return rc;
	if (had)
		return err_set(c->e, ERR_CONFLICT, "choice", "您已表决，不能再次表决", "you have voted already");
	/* the committee member's right to vote is the check: they need not
	 * hold a role over the fund's region */
	if ((rc = record_head(c, &grant_kind, id, &r)) || (rc = record_begin(c, &r, -1)))
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "INSERT INTO grant_votes (grant_id, user_id, choice, comment, voted_at) VALUES (?,?,?,?,?)",
			  "iissi", id, c->who->user_id, choice, comment ? comment : "", c->now)))
		return rc;
	int yes = !strcmp(choice, "yes"), no = !strcmp(choice, "no");
	g.yes += yes;
	g.no += no;
	g.abstain += !yes && !no;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE grants SET votes_yes=?, votes_no=?, votes_abstain=?, version=version+1, updated_at=?"
			  " WHERE id=?",
			  "iiiii", g.yes, g.no, g.abstain, c->now, id)))
		return rc;
	int out = gr_vote_outcome(g.electorate, g.yes, g.no, g.abstain);
	if (out && (rc = decide(c, id, out, &f, g.title)))
		return rc;
	return record_commit(c, &r, arena_printf(c->a, "vote_%s", choice));
}

int grant_create_decided(struct ctx *c, const struct grant_decided_in *in, int64_t *grant_id)
{
	struct fund_head f;
	int rc;
	if ((rc = fund_load(c, in->fund_id, 0, &f)) || (rc = gr_may_manage(c, &f)))
		return rc;
	if (!in->source || (strcmp(in->source, "pb") && strcmp(in->source, "decision") && strcmp(in->source, "programme")))
		return err_set(c->e, ERR_INVALID, "source", "来源须为 pb、decision 或 programme",
			       "source must be pb, decision or programme");
	if (in->source_id <= 0)
		return err_set(c->e, ERR_INVALID, "source_id", "请指明作出决定的记录", "name the decision's record");
	if ((rc = db_int(c->db, c->e, grant_id, "SELECT id FROM grants WHERE source=? AND source_id=?", "si", in->source,
			 in->source_id)) < 0)
		return rc;
	if (rc == 1)
		return GRANT_EXISTS;
	size_t tl = in->title ? strlen(in->title) : 0;
	if (!tl || tl > 300)
		return err_set(c->e, ERR_INVALID, "title", "请填写项目名称（100字以内）", "the title: 1 to 100 characters");
	if (!in->decision || !*in->decision || strlen(in->decision) > 1500)
		return err_set(c->e, ERR_INVALID, "decision", "请写明如何决定（500字以内）",
			       "say how it was decided (up to 500 characters)");
	if (in->amount <= 0)
		return err_set(c->e, ERR_INVALID, "amount", "金额须大于零", "the amount must be more than zero");
	const char *kind = in->kind ? in->kind : "micro_grant";
	if (strcmp(kind, "grant") && strcmp(kind, "micro_grant"))
		return err_set(c->e, ERR_INVALID, "kind", "类别须为 grant 或 micro_grant", "kind: grant or micro_grant");
	struct gr_tranches t = {.n = in->n_tranches};
	if (t.n < 1 || t.n > GR_MAX_TRANCHES)
		return err_set(c->e, ERR_INVALID, "tranche_amounts", "拨付批次须为 1 至 12 期", "tranches: 1 to 12");
	if (in->tranche_amounts)
		memcpy(t.amount, in->tranche_amounts, (size_t)t.n * sizeof t.amount[0]);
	else
		gr_split(in->amount, t.n, t.amount);
	if ((rc = check_tranches(c, in->amount, &t))) {
		snprintf(c->e->field, sizeof c->e->field, "tranche_amounts");
		return rc;
	}
	const char *name = in->recipient_name;
	if ((rc = check_recipient(c, in->org_id, in->person_id, &name)))
		return rc;
	if ((rc = db_int(c->db, c->e, grant_id,
			 "INSERT INTO grants (fund_id, region_id, kind, title, purpose, org_id, person_id, recipient_name,"
			 " amount, status, source, source_id, decision, decided_at, applicant_id, created_at, updated_at)"
			 " VALUES (?,?,?,?,?,nullif(?,0),nullif(?,0),?,?,'approved',?,?,?,?,nullif(?,0),?,?) RETURNING id",
			 "iisssiisisisiiii", f.id, f.region_id, kind, in->title, in->purpose ? in->purpose : "",
			 in->org_id, in->person_id, name, in->amount, in->source, in->source_id, in->decision, c->now,
			 c->who ? c->who->user_id : (int64_t)0, c->now, c->now)) < 0)
		return rc;
	if ((rc = insert_tranches(c, *grant_id, &t)) || (rc = reserve_tranches(c, *grant_id, &f, in->title)))
		return rc;
	return record_created(c, &grant_kind, *grant_id, f.region_id, "create_decided");
}

int grant_pay_tranche(struct ctx *c, int64_t tranche_id)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT t.grant_id, t.seq, t.status, t.pending_transfer_id, t.amount FROM grant_tranches t WHERE t.id=?",
			"i", tranche_id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这一期拨付", "no such tranche");
	int64_t gid = col_int(st, 0), seq = col_int(st, 1), pending = col_int(st, 3), amount = col_int(st, 4);
	char *status = arena_strdup(c->a, col_text(st, 2));
	stmt_done(st);
	struct ghead g;
	struct fund_head f;
	struct record r, gr;
	if ((rc = load_grant(c, gid, &g, &f)) || (rc = gr_may_manage(c, &f)) ||
	    (rc = record_load(c, &grant_tranche_kind, tranche_id, 0, &r)))
		return rc;
	if (strcmp(g.status, "approved"))
		return err_set(c->e, ERR_CONFLICT, "status", "资助项目未获批准或已结束，不能拨付",
			       "the grant is not approved or is over");
	if (strcmp(status, "pending"))
		return err_set(c->e, ERR_CONFLICT, "status", "这一期已拨付或已作废", "this tranche is paid or void");
	int64_t earlier = 0;
	if ((rc = db_int(c->db, c->e, &earlier,
			 "SELECT count(*) FROM grant_tranches WHERE grant_id=? AND seq<? AND status<>'paid'", "ii", gid,
			 seq)) < 0)
		return rc;
	if (earlier)
		return err_set(c->e, ERR_RULE, "seq", "请按期次顺序拨付，前一期尚未拨付",
			       "pay the tranches in order: an earlier one is unpaid");
	int64_t tid;
	if ((rc = record_begin(c, &r, -1)) ||
	    (rc = fund_pending_post(c, pending, 0, arena_printf(c->a, "grant-tranche-pay-%lld", (long long)tranche_id),
				    &tid)) < 0)
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE grant_tranches SET status='paid', settle_transfer_id=?, paid_at=?, version=version+1"
			  " WHERE id=?",
			  "iii", tid, c->now, tranche_id)) ||
	    (rc = record_commit(c, &r, "pay")))
		return rc;
	(void)amount;
	/* The grant's version moves too, so a page holding it sees the change. */
	if ((rc = record_load(c, &grant_kind, gid, 0, &gr)) || (rc = record_begin(c, &gr, -1)) ||
	    (rc = db_exec(c->db, c->e, "UPDATE grants SET version=version+1, updated_at=? WHERE id=?", "ii", c->now,
			  gid)))
		return rc;
	return record_commit(c, &gr, arena_printf(c->a, "tranche_%lld_paid", (long long)seq));
}

int grant_cancel(struct ctx *c, int64_t id, int64_t version, const char *reason)
{
	struct ghead g;
	struct fund_head f;
	struct record r;
	int rc;
	if ((rc = load_grant(c, id, &g, &f)))
		return rc;
	/* An applicant may withdraw an application not yet decided. */
	bool own = false;
	if (c->who && !strcmp(g.status, "applied")) {
		int64_t a = 0;
		if ((rc = db_int(c->db, c->e, &a, "SELECT coalesce(applicant_id, 0) FROM grants WHERE id=?", "i", id)) < 0)
			return rc;
		own = a == c->who->user_id;
	}
	if (!own && (rc = gr_may_manage(c, &f)))
		return rc;
	if ((rc = record_load(c, &grant_kind, id, 0, &r)) || (rc = record_begin(c, &r, version)))
		return rc;
	if (strcmp(g.status, "applied") && strcmp(g.status, "voting") && strcmp(g.status, "approved"))
		return err_set(c->e, ERR_CONFLICT, "status", "这个项目已结束", "this grant is over");
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT id, pending_transfer_id FROM grant_tranches WHERE grant_id=? AND status='pending'"
			       " ORDER BY seq",
			       "i", id);
	if (!st)
		return c->e->code;
	int64_t tr[GR_MAX_TRANCHES][2];
	int n = 0;
	while ((rc = stmt_step(st, c->e)) == 1 && n < GR_MAX_TRANCHES) {
		tr[n][0] = col_int(st, 0);
		tr[n++][1] = col_int(st, 1);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < n; i++) {
		int64_t vid;
		if ((rc = fund_pending_void(c, tr[i][1], arena_printf(c->a, "grant-tranche-void-%lld", (long long)tr[i][0]),
					    reason, &vid)) < 0 ||
		    (rc = db_exec(c->db, c->e,
				  "UPDATE grant_tranches SET status='voided', settle_transfer_id=?, version=version+1 WHERE id=?",
				  "ii", vid, tr[i][0])))
			return rc;
	}
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE grant_tranches SET status='voided', settle_transfer_id=0, version=version+1"
			  " WHERE grant_id=? AND status='planned'",
			  "i", id)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE grants SET status='cancelled', cancel_reason=?, completed_at=?, version=version+1,"
			  " updated_at=? WHERE id=?",
			  "siii", reason, c->now, c->now, id)))
		return rc;
	return record_commit(c, &r, "cancel");
}

int grant_complete(struct ctx *c, int64_t id, int64_t version, const char *result)
{
	struct ghead g;
	struct fund_head f;
	struct record r;
	int rc;
	if ((rc = load_grant(c, id, &g, &f)) || (rc = gr_may_manage(c, &f)) ||
	    (rc = record_load(c, &grant_kind, id, 0, &r)) || (rc = record_begin(c, &r, version)))
		return rc;
	if (strcmp(g.status, "approved"))
		return err_set(c->e, ERR_CONFLICT, "status", "只有已批准的项目可以结项", "only an approved grant completes");
	int64_t unpaid = 0;
	if ((rc = db_int(c->db, c->e, &unpaid, "SELECT count(*) FROM grant_tranches WHERE grant_id=? AND status<>'paid'",
			 "i", id)) < 0)
		return rc;
	if (unpaid)
		return err_set(c->e, ERR_RULE, "status", "还有未拨付的批次：全部拨付后才能结项（或取消余下批次）",
			       "tranches are unpaid: pay them all first (or cancel the rest)");
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE grants SET status='completed', result=?, completed_at=?, version=version+1, updated_at=?"
			  " WHERE id=?",
			  "siii", result, c->now, c->now, id)))
		return rc;
	return record_commit(c, &r, "complete");
}

int grant_summary_get(struct ctx *c, int64_t grant_id, struct grant_summary *out)
{
	struct record r;
	int rc = record_load(c, &grant_kind, grant_id, 0, &r);
	if (rc)
		return rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st,
			 "SELECT x.id, x.fund_id, x.amount,"
			 " (SELECT coalesce(sum(amount),0) FROM grant_tranches WHERE grant_id=x.id AND status='paid'),"
			 " (SELECT coalesce(sum(amount),0) FROM grant_spending WHERE grant_id=x.id),"
			 " (SELECT count(*) FROM grant_tranches WHERE grant_id=x.id),"
			 " (SELECT count(*) FROM grant_tranches WHERE grant_id=x.id AND status='paid'), x.status, x.title"
			 " FROM grants x WHERE x.id=?",
			 "i", grant_id)) <= 0)
		return rc ? rc : err_set(c->e, ERR_NOT_FOUND, "id", "没有这个资助项目", "no such grant");
	*out = (struct grant_summary){.id = col_int(st, 0), .fund_id = col_int(st, 1), .amount = col_int(st, 2),
				      .paid = col_int(st, 3), .spent = col_int(st, 4), .tranches = (int)col_int(st, 5),
				      .tranches_paid = (int)col_int(st, 6), .status = arena_strdup(c->a, col_text(st, 7)),
				      .title = arena_strdup(c->a, col_text(st, 8))};
	stmt_done(st);
	return 0;
}

int grant_find_by_source(struct ctx *c, const char *source, int64_t source_id, int64_t *grant_id)
{
	int rc = db_int(c->db, c->e, grant_id, "SELECT id FROM grants WHERE source=? AND source_id=?", "si", source,
			source_id);
	if (rc < 0)
		return rc;
	return rc ? 0 : err_set(c->e, ERR_NOT_FOUND, "source_id", "这项决定还没有资助项目", "no grant for this decision");
}

int grant_pay_next_tranche(struct ctx *c, int64_t grant_id, int64_t *tranche_id)
{
	int rc = db_int(c->db, c->e, tranche_id,
			"SELECT id FROM grant_tranches WHERE grant_id=? AND status='pending' ORDER BY seq LIMIT 1", "i",
			grant_id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_CONFLICT, "id", "这个资助项目没有待拨付的一期", "the grant has no tranche left to pay");
	return grant_pay_tranche(c, *tranche_id);
}
