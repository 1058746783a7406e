/*
 * trust.c — the trust-style property fund (信托物业, issue 12 item 6): one
 * residential compound's money held in trust. The owners' assembly is the
 * principal, the property company the trustee, the community the
 * supervisor. The year's budget lines are drawn up with the owners (each
 * line names the owners' resolution that adopted it); every income and
 * expense is a line of its own, posted to the ledger (income in from the
 * host's income account, expense out to its payout account: the fund can
 * never spend what it does not hold) and shown to the owners — the
 * residents of the community — with a statement for every month.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/export.h"
#include "core/jw.h"
#include "core/wtime.h"
#include "modules/grants/grants_internal.h"
#include "store/jcols.h"
#include "store/store.h"

const char *const trust_directions[] = {"income", "expense", NULL};

static const struct col trust_cols[] = {
	{"id", "编号", COL_INT},               {"fund_id", "基金", COL_INT},       {"region_id", "监督社区", COL_INT},
	{"compound", "小区", COL_TEXT},          {"principal", "委托人", COL_TEXT},  {"trustee_org_id", "受托人组织", COL_INT},
	{"trustee_name", "受托人", COL_TEXT},    {"households", "户数", COL_INT},    {"version", "版本", COL_INT},
};
const struct record_kind property_trust_kind = {
	.entity = "property_trust", .what_zh = "信托物业", .what_en = "property trust",
	.head_sql = "SELECT t.id, t.region_id, t.version, g.path FROM property_trusts t JOIN regions g ON g.id=t.region_id"
		    " WHERE t.id=?",
	.row_sql = "SELECT id, fund_id, region_id, compound, principal, trustee_org_id, trustee_name, households, version"
		   " FROM property_trusts WHERE id=?",
	.cols = trust_cols, .ncols = (int)(sizeof trust_cols / sizeof trust_cols[0]),
	.read_roles = ROLES_ANY,
};

static const struct col line_cols[] = {
	{"id", "编号", COL_INT},          {"trust_id", "信托", COL_INT},   {"year", "年度", COL_INT},
	{"direction", "收支", COL_TEXT},   {"category", "科目", COL_TEXT},  {"planned", "预算（分）", COL_INT},
	{"owners_resolution", "业主决议", COL_TEXT}, {"version", "版本", COL_INT},
};
const struct record_kind trust_line_kind = {
	.entity = "trust_budget_line", .what_zh = "预算科目", .what_en = "budget line",
	.head_sql = "SELECT l.id, t.region_id, l.version, g.path FROM trust_budget_lines l JOIN property_trusts t"
		    " ON t.id=l.trust_id JOIN regions g ON g.id=t.region_id WHERE l.id=?",
	.row_sql = "SELECT id, trust_id, year, direction, category, planned, owners_resolution, version"
		   " FROM trust_budget_lines WHERE id=?",
	.cols = line_cols, .ncols = (int)(sizeof line_cols / sizeof line_cols[0]),
	.read_roles = ROLES_ANY,
};

static const struct col entry_cols[] = {
	{"id", "编号", COL_INT},          {"trust_id", "信托", COL_INT},      {"line_id", "科目", COL_INT},
	{"direction", "收支", COL_TEXT},   {"occurred_on", "日期", COL_TEXT},  {"amount", "金额（分）", COL_INT},
	{"counterparty", "对方", COL_TEXT}, {"memo", "摘要", COL_TEXT},        {"transfer_id", "账目", COL_INT},
	{"receipt_id", "票据", COL_INT},
};
const struct record_kind trust_entry_kind = {
	.entity = "trust_entry", .what_zh = "收支明细", .what_en = "income or expense line",
	.head_sql = "SELECT e.id, t.region_id, 1, g.path FROM trust_entries e JOIN property_trusts t ON t.id=e.trust_id"
		    " JOIN regions g ON g.id=t.region_id WHERE e.id=?",
	.row_sql = "SELECT id, trust_id, line_id, direction, occurred_on, amount, counterparty, memo, transfer_id,"
		   " receipt_id FROM trust_entries WHERE id=?",
	.cols = entry_cols, .ncols = (int)(sizeof entry_cols / sizeof entry_cols[0]),
	.read_roles = ROLES_ANY,
};

int trust_create(struct ctx *c, const struct trust_in *in, int64_t *id)
{
	struct fund_head f;
	int rc;
	if ((rc = fund_load(c, in->fund_id, 0, &f)) || (rc = gr_may_manage(c, &f)))
		return rc;
	if (strcmp(f.kind, "property_trust"))
		return err_set(c->e, ERR_RULE, "fund_id", "只有信托物业基金可以登记为信托物业",
			       "only a fund of kind property_trust holds a property trust");
	int64_t had = 0;
	if ((rc = db_int(c->db, c->e, &had, "SELECT count(*) FROM property_trusts WHERE fund_id=?", "i", f.id)) < 0)
		return rc;
	if (had)
		return err_set(c->e, ERR_CONFLICT, "fund_id", "该基金已登记信托物业", "this fund holds a property trust already");
	const char *trustee = in->trustee_name;
	if (in->trustee_org_id) {
		char *n = NULL;
		if ((rc = db_text(c->db, c->e, c->a, &n, "SELECT name FROM organisations WHERE id=?", "i",
				  in->trustee_org_id)) < 0)
			return rc;
		if (!rc)
			return err_set(c->e, ERR_INVALID, "trustee_org_id", "没有这个组织", "no such organisation");
		if (!trustee || !*trustee)
			trustee = n;
	}
	if (!trustee || !*trustee)
		return err_set(c->e, ERR_INVALID, "trustee_name", "请填写受托人（物业服务企业）", "name the trustee");
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO property_trusts (fund_id, region_id, compound, principal, trustee_org_id, trustee_name,"
			 " households, created_at, updated_at) VALUES (?,?,?,?,nullif(?,0),?,?,?,?) RETURNING id",
			 "iissisiii", f.id, f.region_id, in->compound, in->principal, in->trustee_org_id, trustee,
			 in->households, c->now, c->now)) < 0)
		return rc;
	return record_created(c, &property_trust_kind, *id, f.region_id, NULL);
}

int trust_load(struct ctx *c, int64_t id, bool manage, struct fund_head *f)
{
	struct record r;
	int64_t fund_id = 0;
	int rc = db_int(c->db, c->e, &fund_id, "SELECT fund_id FROM property_trusts WHERE id=?", "i", id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这个信托物业", "no such property trust");
	/* The owners read it as residents of its community (record scope);
	 * the fund's people as its members. */
	if ((rc = record_load(c, &property_trust_kind, id, 0, &r))) {
		if (rc != ERR_FORBIDDEN || !c->who || !fund_member_has(c, fund_id, NULL))
			return rc;
		err_clear(c->e);
	}
	struct ctx sys = *c;
	sys.who = NULL; /* the trust's reader may not read the fund record itself */
	if ((rc = fund_load(manage ? c : &sys, fund_id, 0, f)))
		return rc;
	return manage ? gr_may_manage(c, f) : 0;
}

int trust_line_add(struct ctx *c, int64_t trust_id, const struct trust_line_in *in, int64_t *id)
{
	struct fund_head f;
	int rc = trust_load(c, trust_id, true, &f);
	if (rc)
		return rc;
	int64_t dup = 0;
	if ((rc = db_int(c->db, c->e, &dup,
			 "SELECT count(*) FROM trust_budget_lines WHERE trust_id=? AND year=? AND direction=? AND category=?",
			 "iiss", trust_id, in->year, in->direction, in->category)) < 0)
		return rc;
	if (dup)
		return err_set(c->e, ERR_CONFLICT, "category", "该年度已有这个科目", "the year has this line already");
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO trust_budget_lines (trust_id, year, direction, category, planned, owners_resolution,"
			 " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id",
			 "iissisii", trust_id, in->year, in->direction, in->category, in->planned, in->owners_resolution,
			 c->now, c->now)) < 0)
		return rc;
	return record_created(c, &trust_line_kind, *id, f.region_id, NULL);
}

int trust_entry_add(struct ctx *c, int64_t trust_id, const struct trust_entry_in *in, int64_t *id)
{
	struct fund_head f;
	int rc = trust_load(c, trust_id, true, &f);
	if (rc)
		return rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st, "SELECT direction, year, category FROM trust_budget_lines WHERE id=? AND trust_id=?",
			 "ii", in->line_id, trust_id)) < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_INVALID, "line_id", "该信托没有这个预算科目", "no such budget line in this trust");
	const char *dir = !strcmp(col_text(st, 0), "income") ? "income" : "expense";
	int64_t year = col_int(st, 1);
	const char *category = arena_strdup(c->a, col_text(st, 2));
	stmt_done(st);
	char y[5];
	snprintf(y, sizeof y, "%.4s", in->occurred_on);
	if (atoi(y) != year)
		return err_setf(c->e, ERR_INVALID, "occurred_on", "日期须在预算年度 %lld 年内",
				"the day must fall in the budget's year %lld", (long long)year);
	if (in->receipt_id) {
		int64_t one = 0;
		if ((rc = db_int(c->db, c->e, &one, "SELECT 1 FROM grant_receipts WHERE id=?", "i", in->receipt_id)) < 0)
			return rc;
		if (!rc)
			return err_set(c->e, ERR_INVALID, "receipt_id", "没有这张票据", "no such receipt");
	}
	int64_t seq = 0;
	if ((rc = db_int(c->db, c->e, &seq, "SELECT count(*) FROM trust_entries WHERE trust_id=?", "i", trust_id)) < 0)
		return rc;
	bool income = !strcmp(dir, "income");
	struct fund_transfer_in t = {
		.client_id = arena_printf(c->a, "trust-%lld-entry-%lld", (long long)trust_id, (long long)seq + 1),
		.debit_account_id = income ? f.income_account_id : f.account_id,
		.credit_account_id = income ? f.account_id : f.payout_account_id,
		.amount = in->amount,
		.kind = income ? "transfer" : "spending",
		.memo = arena_printf(c->a, "%s：%s", category, in->memo && *in->memo ? in->memo : category),
		.ref_type = "trust_entry",
	};
	int64_t tid;
	if ((rc = fund_post(c, &t, &tid)) < 0)
		return rc;
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO trust_entries (trust_id, line_id, direction, occurred_on, amount, counterparty, memo,"
			 " transfer_id, receipt_id, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,nullif(?,0),nullif(?,0),?)"
			 " RETURNING id",
			 "iississiiii", trust_id, in->line_id, dir, in->occurred_on, in->amount,
			 in->counterparty ? in->counterparty : "", in->memo ? in->memo : "", tid, in->receipt_id,
			 c->who ? c->who->user_id : (int64_t)0, c->now)) < 0)
		return rc;
	return record_created(c, &trust_entry_kind, *id, f.region_id, NULL);
}

/* ---------- reading: the trust, its months ---------- */

static const struct jcol trust_line_cols[] = {
	{"id", 0, JC_INT}, {"direction", 1, JC_TEXT}, {"category", 2, JC_TEXT}, {"planned", 3, JC_INT},
	{"owners_resolution", 4, JC_TEXT}, {"version", 5, JC_INT}, {"actual", 6, JC_INT},
	{"year_to_date", 7, JC_INT},
};

static int write_lines(struct ctx *c, int64_t trust_id, int64_t year, const char *from, const char *to)
{
	struct jw *w = c->w;
	char ye[11], yb[11];
	wtime_ymd_text((int)year, 1, 1, yb);
	wtime_ymd_text((int)year, 12, 31, ye);
	struct stmt *st = db_q(
		c->db, c->e,
		"SELECT l.id, l.direction, l.category, l.planned, l.owners_resolution, l.version,"
		" (SELECT coalesce(sum(e.amount),0) FROM trust_entries e WHERE e.line_id=l.id AND e.occurred_on >= ?"
		"  AND e.occurred_on <= ?),"
		" (SELECT coalesce(sum(e.amount),0) FROM trust_entries e WHERE e.line_id=l.id AND e.occurred_on >= ?"
		"  AND e.occurred_on <= ?)"
		" FROM trust_budget_lines l WHERE l.trust_id=? AND l.year=? ORDER BY l.direction DESC, l.id",
		"ssssii", from ? from : yb, to ? to : ye, yb, to ? to : ye, trust_id, year);
	return jw_krows(w, "lines", st, JCOLS(trust_line_cols), c->e);
}

static int write_entries(struct ctx *c, int64_t trust_id, const char *from, const char *to, int limit)
{
	struct jw *w = c->w;
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT e.id, e.line_id, l.category, e.direction, e.occurred_on, e.amount, e.counterparty,"
			       " e.memo, e.transfer_id, e.receipt_id FROM trust_entries e JOIN trust_budget_lines l"
			       " ON l.id=e.line_id WHERE e.trust_id=? AND e.occurred_on >= ? AND e.occurred_on <= ?"
			       " ORDER BY e.occurred_on DESC, e.id DESC LIMIT ?",
			       "issi", trust_id, from, to, (int64_t)limit);
	if (!st)
		return c->e->code;
	jw_key(w, "entries");
	jw_arr(w);
	int rc;
	while ((rc = stmt_step(st, c->e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kint(w, "line_id", col_int(st, 1));
		jw_kstr(w, "category", col_text(st, 2));
		jw_kstr(w, "direction", col_text(st, 3));
		jw_kstr(w, "occurred_on", col_text(st, 4));
		jw_kint(w, "amount", col_int(st, 5));
		jw_kstr(w, "counterparty", col_text(st, 6));
		jw_kstr(w, "memo", col_text(st, 7));
		jw_kint(w, "transfer_id", col_int(st, 8));
		if (col_null(st, 9))
			jw_knull(w, "receipt_id");
		else
			jw_kint(w, "receipt_id", col_int(st, 9));
		jw_obj_end(w);
	}
	stmt_done(st);
	jw_arr_end(w);
	return rc < 0 ? rc : 0;
}

static int sum_before(struct ctx *c, int64_t trust_id, const char *day, bool inclusive, int64_t *out)
{
	int rc = db_int(c->db, c->e, out,
			inclusive ? "SELECT coalesce(sum(CASE WHEN direction='income' THEN amount ELSE -amount END),0)"
				    " FROM trust_entries WHERE trust_id=? AND occurred_on <= ?"
				  : "SELECT coalesce(sum(CASE WHEN direction='income' THEN amount ELSE -amount END),0)"
				    " FROM trust_entries WHERE trust_id=? AND occurred_on < ?",
			"is", trust_id, day);
	return rc < 0 ? rc : 0;
}

static int write_head(struct ctx *c, int64_t trust_id, const struct fund_head *f)
{
	int rc = record_write_cols(c, &property_trust_kind, c->w, trust_id);
	if (rc)
		return rc;
	jw_kstr(c->w, "fund_name", f->name);
	jw_kstr(c->w, "supervisor", "");
	char *sup = NULL;
	if ((rc = db_text(c->db, c->e, c->a, &sup, "SELECT name FROM regions WHERE id=?", "i", f->region_id)) < 0)
		return rc;
	jw_kstr(c->w, "supervisor", sup ? sup : "");
	struct fund_balance b;
	if ((rc = fund_balance_get(c, f->id, &b)))
		return rc;
	jw_kint(c->w, "balance", b.posted);
	return 0;
}

int trust_write_detail(struct ctx *c, int64_t trust_id)
{
	struct fund_head f;
	int rc = trust_load(c, trust_id, false, &f);
	if (rc)
		return rc;
	char today[11];
	gr_day_text(gr_today(c->now), today);
	int64_t year = atoi(today);
	jw_obj(c->w);
	if ((rc = write_head(c, trust_id, &f)))
		return rc;
	jw_kint(c->w, "year", year);
	struct ctx sys = *c;
	sys.who = NULL;
	jw_kbool(c->w, "can_manage", gr_may_manage(c, &f) == 0);
	err_clear(c->e);
	(void)sys;
	if ((rc = write_lines(c, trust_id, year, NULL, NULL)) || (rc = write_entries(c, trust_id, "0000-00-00", "9999-12-31", 50)))
		return rc;
	/* the months that have entries, newest first, for the statements' menu */
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT DISTINCT substr(occurred_on, 1, 7) FROM trust_entries WHERE trust_id=? ORDER BY 1 DESC",
			       "i", trust_id);
	if (!st)
		return c->e->code;
	jw_key(c->w, "months");
	jw_arr(c->w);
	while ((rc = stmt_step(st, c->e)) == 1)
		jw_str(c->w, col_text(st, 0));
	stmt_done(st);
	jw_arr_end(c->w);
	if (rc < 0)
		return rc;
	jw_obj_end(c->w);
	return 0;
}

static int month_range(struct ctx *c, const char *month, char from[11], char to[11], int *year)
{
	int y, m;
	if (!month || wtime_parse_ym(month, &y, &m))
		return err_set(c->e, ERR_INVALID, "month", "月份格式为 YYYY-MM", "month: YYYY-MM");
	wtime_ymd_text(y, m, 1, from);
	int64_t last = gr_add_months(gr_day(from), 1) - 1;
	gr_day_text(last, to);
	*year = y;
	return 0;
}

int trust_write_statement(struct ctx *c, int64_t trust_id, const char *month)
{
	struct fund_head f;
	char from[11], to[11];
	int year, rc;
	if ((rc = trust_load(c, trust_id, false, &f)) || (rc = month_range(c, month, from, to, &year)))
		return rc;
	int64_t opening, closing, income = 0, expense = 0;
	if ((rc = sum_before(c, trust_id, from, false, &opening)) || (rc = sum_before(c, trust_id, to, true, &closing)) ||
	    (rc = db_int(c->db, c->e, &income,
			 "SELECT coalesce(sum(amount),0) FROM trust_entries WHERE trust_id=? AND direction='income'"
			 " AND occurred_on >= ? AND occurred_on <= ?",
			 "iss", trust_id, from, to)) < 0 ||
	    (rc = db_int(c->db, c->e, &expense,
			 "SELECT coalesce(sum(amount),0) FROM trust_entries WHERE trust_id=? AND direction='expense'"
			 " AND occurred_on >= ? AND occurred_on <= ?",
			 "iss", trust_id, from, to)) < 0)
		return rc;
	jw_obj(c->w);
	jw_kint(c->w, "trust_id", trust_id);
	jw_kstr(c->w, "month", month);
	jw_kint(c->w, "opening", opening);
	jw_kint(c->w, "income", income);
	jw_kint(c->w, "expense", expense);
	jw_kint(c->w, "closing", closing);
	if ((rc = write_lines(c, trust_id, year, from, to)) || (rc = write_entries(c, trust_id, from, to, 10000)))
		return rc;
	jw_obj_end(c->w);
	return 0;
}

int trust_statement_export(struct ctx *c, int64_t trust_id, const char *month, struct export *x)
{
	struct fund_head f;
	char from[11], to[11];
	int year, rc;
	if ((rc = trust_load(c, trust_id, false, &f)) || (rc = month_range(c, month, from, to, &year)))
		return rc;
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT e.occurred_on, l.category, e.direction, e.amount, e.counterparty, e.memo, e.transfer_id"
			       " FROM trust_entries e JOIN trust_budget_lines l ON l.id=e.line_id WHERE e.trust_id=?"
			       " AND e.occurred_on >= ? AND e.occurred_on <= ? ORDER BY e.occurred_on, e.id",
			       "iss", trust_id, from, to);
	if (!st)
		return c->e->code;
	while ((rc = stmt_step(st, c->e)) == 1) {
		json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:I}", "occurred_on", col_text(st, 0), "category",
				      col_text(st, 1), "direction", col_text(st, 2), "amount", (json_int_t)col_int(st, 3),
				      "counterparty", col_text(st, 4), "memo", col_text(st, 5), "transfer_id",
				      (json_int_t)col_int(st, 6));
		rc = export_item(x, o, c->e);
		json_decref(o);
		if (rc)
			break;
	}
	stmt_done(st);
	return rc < 0 ? rc : 0;
}
