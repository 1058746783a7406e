/*
 * fund.c — the funds themselves (funds.h, funds_internal.h): their kinds,
 * the record kinds of funds and members, loading a fund in the caller's
 * scope, the committee rule of a named fund (at least five members, an odd
 * number, and a supervisor), and creating, changing, activating and
 * closing funds.
 *
 * A fund is created with its account; its counterparts (income, payout)
 * are its host charity's — shared by every fund the host holds — or, for
 * a fund without a host, its own. Every change is one record lifecycle.
 */
#include <stdio.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "modules/funds/funds.h"
#include "modules/funds/funds_internal.h"
#include "store/store.h"

const char *const fund_kinds[] = {"named_community",   "happiness",        "micro_governance",
				  "community_development", "charitable_trust", "special_programme",
				  "property_trust",    NULL};
const char *const fund_statuses[] = {"draft", "active", "closed", NULL};
const char *const fund_member_roles[] = {"committee", "chair", "supervisor", "manager", "approver", NULL};
const char *const fund_transfer_kinds[] = {"donation", "give_back", "pledge",   "grant",    "disbursement",
					   "spending", "transfer",  "refund",   "reversal", "adjustment", NULL};

bool fund_in_list(const char *const *list, const char *s)
{
	if (!s)
		return false;
	for (; *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

static const struct col fund_cols[] = {
	{"id", "编号", COL_INT},
	{"region_id", "所属区域", COL_INT},
	{"region_name", "所属区域名称", COL_TEXT},
	{"host_org_id", "托管慈善组织", COL_INT},
	{"host_org_name", "托管慈善组织名称", COL_TEXT},
	{"kind", "类型", COL_TEXT},
	{"name", "名称", COL_TEXT},
	{"purpose", "宗旨", COL_TEXT},
	{"status", "状态", COL_TEXT},
	{"publishes_projects", "公开资助项目", COL_BOOL},
	{"created_by", "创建人", COL_INT},
	{"version", "版本", COL_INT},
	{"created_at", "创建时间", COL_TIME},
	{"updated_at", "更新时间", COL_TIME},
};
const struct record_kind fund_kind = {
	.entity = "fund", .what_zh = "基金", .what_en = "fund",
	.head_sql = "SELECT f.id, f.region_id, f.version, g.path FROM funds f JOIN regions g ON g.id=f.region_id"
		    " WHERE f.id=?",
	.row_sql = "SELECT f.id, f.region_id, g.name, f.host_org_id, o.name, f.kind, f.name, f.purpose, f.status,"
		   " f.publishes_projects, f.created_by, f.version, f.created_at, f.updated_at"
		   " FROM funds f JOIN regions g ON g.id=f.region_id LEFT JOIN organisations o ON o.id=f.host_org_id"
		   " WHERE f.id=?",
	.cols = fund_cols, .ncols = (int)(sizeof fund_cols / sizeof fund_cols[0]),
	.read_roles = ROLES_ANY,
};

static const struct col member_cols[] = {
	{"id", "编号", COL_INT},
	{"fund_id", "基金", COL_INT},
	{"role", "职务", COL_TEXT},
	{"name", "姓名", COL_TEXT},
	{"user_id", "账号", COL_INT},
	{"username", "用户名", COL_TEXT},
	{"affiliation", "单位/身份", COL_TEXT},
	{"version", "版本", COL_INT},
	{"created_at", "加入时间", COL_TIME},
};
const struct record_kind fund_member_kind = {
	.entity = "fund_member", .what_zh = "基金成员", .what_en = "fund member",
	.head_sql = "SELECT m.id, f.region_id, m.version, g.path FROM fund_members m JOIN funds f ON f.id=m.fund_id"
		    " JOIN regions g ON g.id=f.region_id WHERE m.id=?",
	.row_sql = "SELECT m.id, m.fund_id, m.role, m.name, m.user_id, u.username, m.affiliation, m.version,"
		   " m.created_at FROM fund_members m LEFT JOIN users u ON u.id=m.user_id WHERE m.id=?",
	.cols = member_cols, .ncols = (int)(sizeof member_cols / sizeof member_cols[0]),
	.read_roles = ROLES_ANY,
};

/* ---------- loading and scope ---------- */

static bool path_below(const char *path, const char *prefix)
{
	return path && prefix && !strncmp(path, prefix, strlen(prefix));
}

bool fund_may_read(struct ctx *c, const struct fund_head *f)
{
	if (!c->who)
		return true;
	for (int i = 0; i < c->who->ngrants; i++) {
		const char *gp = c->who->grants[i].region_path;
		/* the grant covers the fund's region, or the fund's region
		 * contains the grant's (a resident of 文华 reads 大良's funds) */
		if (path_below(f->path, gp) || path_below(gp, f->path))
			return true;
	}
	return fund_member_has(c, f->id, NULL);
}

bool fund_may_manage(struct ctx *c, const struct fund_head *f)
{
	return !c->who || auth_covers_path(c->who, ROLES_STAFF, f->path) || fund_member_has(c, f->id, "manager");
}

int fund_load(struct ctx *c, int64_t fund_id, unsigned roles, struct fund_head *out)
{
	struct stmt *st;
	memset(out, 0, sizeof *out);
	int rc = db_row(c->db, c->e, &st,
			"SELECT f.id, f.region_id, coalesce(f.host_org_id, 0), f.kind, f.status, f.name, g.path,"
			" (SELECT a.id FROM fund_accounts a WHERE a.kind='fund' AND a.fund_id=f.id),"
			" (SELECT a.id FROM fund_accounts a WHERE a.kind='income' AND"
			"  ((f.host_org_id IS NULL AND a.fund_id=f.id) OR a.org_id=f.host_org_id)),"
			" (SELECT a.id FROM fund_accounts a WHERE a.kind='payout' AND"
			"  ((f.host_org_id IS NULL AND a.fund_id=f.id) OR a.org_id=f.host_org_id))"
			" FROM funds f JOIN regions g ON g.id=f.region_id WHERE f.id=?",
			"i", fund_id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "fund_id", "没有这个基金", "no such fund");
	out->id = col_int(st, 0);
	out->region_id = col_int(st, 1);
	out->host_org_id = col_int(st, 2);
	out->kind = arena_strdup(c->a, col_text(st, 3));
	out->status = arena_strdup(c->a, col_text(st, 4));
	out->name = arena_strdup(c->a, col_text(st, 5));
	out->path = arena_strdup(c->a, col_text(st, 6));
	out->account_id = col_int(st, 7);
	out->income_account_id = col_int(st, 8);
	out->payout_account_id = col_int(st, 9);
	stmt_done(st);
	if (!c->who)
		return 0;
	bool ok = roles ? auth_covers_path(c->who, roles, out->path) || fund_member_has(c, fund_id, NULL)
			: fund_may_read(c, out);
	return ok ? 0 : auth_forbidden(c->e);
}

bool fund_member_has(struct ctx *c, int64_t fund_id, const char *role)
{
	if (!c->who)
		return false;
	int64_t n = 0;
	struct err e = {0};
	int rc = role ? db_int(c->db, &e, &n,
			       "SELECT count(*) FROM fund_members WHERE fund_id=? AND user_id=? AND role=?", "iis",
			       fund_id, c->who->user_id, role)
		      : db_int(c->db, &e, &n, "SELECT count(*) FROM fund_members WHERE fund_id=? AND user_id=?",
			       "ii", fund_id, c->who->user_id);
	return rc == 1 && n > 0;
}

int fund_committee_size(struct ctx *c, int64_t fund_id, int64_t *n)
{
	int rc = db_int(c->db, c->e, n,
			"SELECT count(*) FROM fund_members WHERE fund_id=? AND role IN ('committee','chair')"
			" AND user_id IS NOT NULL",
			"i", fund_id);
	return rc < 0 ? rc : 0;
}

/* ---------- accounts ---------- */

int fund_counterpart(struct ctx *c, int64_t org_id, int64_t fund_id, int64_t region_id, const char *kind,
		     int64_t *acct)
{
	int rc = org_id ? db_int(c->db, c->e, acct, "SELECT id FROM fund_accounts WHERE kind=? AND org_id=?", "si",
				 kind, org_id)
			: db_int(c->db, c->e, acct, "SELECT id FROM fund_accounts WHERE kind=? AND fund_id=?", "si",
				 kind, fund_id);
	if (rc < 0)
		return rc;
	if (rc == 1)
		return 0;
	struct db_arg a[] = {
		{'s', 0, 0, kind},
		{fund_id && !org_id ? 'i' : 'n', fund_id, 0, NULL},
		{org_id ? 'i' : 'n', org_id, 0, NULL},
		{'i', region_id, 0, NULL},
		{'i', c->now, 0, NULL},
	};
	rc = db_int_a(c->db, c->e, acct,
			"INSERT INTO fund_accounts (kind, fund_id, org_id, region_id, created_at)"
			" VALUES (?,?,?,?,?) RETURNING id",
			a, 5);
	return rc == 1 ? 0 : (rc < 0 ? rc : ERR_STORE);
}

/* ---------- the committee rule ---------- */

int fund_committee_rule(struct ctx *c, int64_t fund_id)
{
	int64_t committee = 0, supervisors = 0;
	int rc;
	if ((rc = db_int(c->db, c->e, &committee,
			 "SELECT count(*) FROM fund_members WHERE fund_id=? AND role IN ('committee','chair')", "i",
			 fund_id)) < 0 ||
	    (rc = db_int(c->db, c->e, &supervisors,
			 "SELECT count(*) FROM fund_members WHERE fund_id=? AND role='supervisor'", "i", fund_id)) < 0)
		return rc;
	if (committee < FUND_COMMITTEE_MIN || committee % 2 == 0)
		return err_setf(c->e, ERR_RULE, "members",
				"冠名基金的管理委员会须不少于 5 人且为单数（现有 %lld 人）",
				"a named fund's committee must have at least 5 members, an odd number (it has %lld)",
				(long long)committee);
	if (!supervisors)
		return err_set(c->e, ERR_RULE, "members", "冠名基金须有一名监督人", "a named fund needs a supervisor");
	return 0;
}

/* ---------- create, change, status ---------- */

static int check_in(struct ctx *c, const struct fund_in *in, bool create, int64_t *host_region)
{
	if (!fund_in_list(fund_kinds, in->kind))
		return err_set(c->e, ERR_INVALID, "kind", "基金类型不正确", "unknown fund kind");
	size_t nl = in->name ? strlen(in->name) : 0;
	if (!nl || nl > 300)
		return err_set(c->e, ERR_INVALID, "name", "请填写基金名称（不超过 100 字）",
			       "the fund's name is required (at most 100 characters)");
	if (in->purpose && strlen(in->purpose) > 6000)
		return err_set(c->e, ERR_INVALID, "purpose", "宗旨过长", "the purpose is too long");
	if (!strcmp(in->kind, "named_community") && !in->host_org_id)
		return err_set(c->e, ERR_RULE, "host_org_id",
			       "冠名基金须设在一家慈善组织之内（它没有自己的账户，不能单独募捐）",
			       "a named fund sits inside a host charity (it has no account of its own and cannot raise money alone)");
	(void)create;
	*host_region = 0;
	if (in->host_org_id) {
		struct stmt *st;
		int rc = db_row(c->db, c->e, &st,
				"SELECT o.region_id, o.org_type, o.status, g.path FROM organisations o"
				" JOIN regions g ON g.id=o.region_id WHERE o.id=?",
				"i", in->host_org_id);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return err_set(c->e, ERR_RULE, "host_org_id", "没有这个组织", "no such organisation");
		bool charity = !strcmp(col_text(st, 1), "foundation") || !strcmp(col_text(st, 1), "association") ||
			       !strcmp(col_text(st, 1), "social_work_agency") ||
			       !strcmp(col_text(st, 1), "community_social_org");
		bool active = !strcmp(col_text(st, 2), "active");
		*host_region = col_int(st, 0);
		char *opath = arena_strdup(c->a, col_text(st, 3));
		stmt_done(st);
		if (!charity)
			return err_set(c->e, ERR_RULE, "host_org_id", "托管组织须为慈善组织（基金会、社会组织）",
				       "the host must be a charity (a foundation or a social organisation)");
		if (!active)
			return err_set(c->e, ERR_RULE, "host_org_id", "托管组织不在存续状态", "the host organisation is not active");
		/* the host is in the caller's district: the district's path is
		 * the first segment */
		if (c->who && !auth_covers_path(c->who, ROLES_ANY, opath)) {
			bool ok = false;
			for (int i = 0; i < c->who->ngrants && !ok; i++)
				ok = path_below(c->who->grants[i].region_path, opath) ||
				     path_below(opath, c->who->grants[i].region_path);
			const char *slash = strchr(opath + 1, '/');
			for (int i = 0; i < c->who->ngrants && !ok && slash; i++)
				ok = !strncmp(c->who->grants[i].region_path, opath, (size_t)(slash - opath) + 1);
			if (!ok)
				return err_set(c->e, ERR_RULE, "host_org_id", "托管组织不在本区",
					       "the host organisation is outside the district");
		}
	}
	return 0;
}

int fund_create(struct ctx *c, const struct fund_in *in, int64_t *id)
{
	int rc;
	if (c->who && (rc = auth_scope_region(c->db, c->who, ROLES_STAFF, in->region_id, c->e)))
		return rc == ERR_NOT_FOUND ? err_set(c->e, ERR_NOT_FOUND, "region_id", "没有这个区域", "no such region") : rc;
	int64_t host_region;
	if ((rc = check_in(c, in, true, &host_region)))
		return rc;
	struct db_arg a[] = {
		{'i', in->region_id, 0, NULL},
		{in->host_org_id ? 'i' : 'n', in->host_org_id, 0, NULL},
		{'s', 0, 0, in->kind},
		{'s', 0, 0, in->name},
		{'s', 0, 0, in->purpose ? in->purpose : ""},
		{c->who ? 'i' : 'n', c->who ? c->who->user_id : 0, 0, NULL},
		{'i', c->now, 0, NULL},
		{'i', c->now, 0, NULL},
	};
	rc = db_int_a(c->db, c->e, id,
			"INSERT INTO funds (region_id, host_org_id, kind, name, purpose, created_by, created_at,"
			" updated_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id",
			a, 8);
	if (rc != 1)
		return rc < 0 ? rc : ERR_STORE;
	int64_t acct;
	if ((rc = db_exec(c->db, c->e,
			  "INSERT INTO fund_accounts (kind, fund_id, region_id, created_at) VALUES ('fund',?,?,?)", "iii",
			  *id, in->region_id, c->now)) ||
	    (rc = fund_counterpart(c, in->host_org_id, *id, in->host_org_id ? host_region : in->region_id, "income",
				   &acct)) ||
	    (rc = fund_counterpart(c, in->host_org_id, *id, in->host_org_id ? host_region : in->region_id, "payout",
				   &acct)))
		return rc;
	return record_created(c, &fund_kind, *id, in->region_id, NULL);
}

static int load_managed(struct ctx *c, int64_t id, struct fund_head *f)
{
	int rc = fund_load(c, id, ROLES_STAFF, f);
	if (rc)
		return rc == ERR_NOT_FOUND ? err_set(c->e, ERR_NOT_FOUND, "id", "没有这个基金", "no such fund") : rc;
	if (!fund_may_manage(c, f))
		return auth_forbidden(c->e);
	return 0;
}

int fund_update(struct ctx *c, int64_t id, int64_t version, const struct fund_in *in)
{
	struct fund_head f;
	struct record r;
	int rc;
	if ((rc = load_managed(c, id, &f)) || (rc = record_head(c, &fund_kind, id, &r)) ||
	    (rc = record_begin(c, &r, version)))
		return rc;
	if (!strcmp(f.status, "closed"))
		return err_set(c->e, ERR_RULE, "status", "基金已关闭，不能修改", "the fund is closed");
	struct fund_in x = *in;
	x.region_id = f.region_id;
	if (strcmp(f.status, "draft")) {
		/* once active, its kind and host stay */
		if ((x.kind && strcmp(x.kind, f.kind)) || (x.host_org_id && x.host_org_id != f.host_org_id))
			return err_set(c->e, ERR_RULE, x.kind && strcmp(x.kind, f.kind) ? "kind" : "host_org_id",
				       "基金启用后不能更改类型和托管组织",
				       "an active fund's kind and host cannot change");
		x.kind = f.kind;
		x.host_org_id = f.host_org_id;
	}
	if (!x.kind)
		x.kind = f.kind;
	if (!x.name)
		x.name = f.name;
	int64_t host_region;
	if ((rc = check_in(c, &x, false, &host_region)))
		return rc;
	if (x.host_org_id != f.host_org_id) {
		/* a draft changes host: it has no transfers yet (drafts take
		 * no money), so its counterparts simply follow */
		int64_t acct;
		if ((rc = fund_counterpart(c, x.host_org_id, id, x.host_org_id ? host_region : f.region_id, "income",
					   &acct)) ||
		    (rc = fund_counterpart(c, x.host_org_id, id, x.host_org_id ? host_region : f.region_id, "payout",
					   &acct)))
			return rc;
	}
	struct db_arg a[] = {
		{x.host_org_id ? 'i' : 'n', x.host_org_id, 0, NULL},
		{'s', 0, 0, x.kind},
		{'s', 0, 0, x.name},
		{'s', 0, 0, x.purpose},
		{'i', c->now, 0, NULL},
		{'i', id, 0, NULL},
	};
	rc = db_exec_a(c->db, c->e,
			"UPDATE funds SET host_org_id=?, kind=?, name=?, purpose=coalesce(?, purpose),"
			" version=version+1, updated_at=? WHERE id=?",
			a, 6);
	if (rc < 0)
		return rc;
	return record_commit(c, &r, "update");
}

int fund_set_status(struct ctx *c, int64_t id, int64_t version, const char *status)
{
	struct fund_head f;
	struct record r;
	int rc;
	if (!fund_in_list(fund_statuses, status))
		return err_set(c->e, ERR_INVALID, "status", "状态不正确", "unknown status");
	if ((rc = load_managed(c, id, &f)) || (rc = record_head(c, &fund_kind, id, &r)) ||
	    (rc = record_begin(c, &r, version)))
		return rc;
	bool ok = (!strcmp(f.status, "draft") && !strcmp(status, "active")) ||
		  (!strcmp(f.status, "active") && !strcmp(status, "closed"));
	if (!ok)
		return err_setf(c->e, ERR_RULE, "status", "基金不能从「%s」变为「%s」", "a fund cannot go from %s to %s",
				f.status, status);
	if (!strcmp(status, "active") && !strcmp(f.kind, "named_community") && (rc = fund_committee_rule(c, id)))
		return rc;
	if (!strcmp(status, "closed")) {
		struct fund_balance b;
		if ((rc = fund_balance_get(c, id, &b)))
			return rc;
		if (b.posted || b.pending_in || b.pending_out)
			return err_setf(c->e, ERR_RULE, "status",
					"基金尚有余额 %lld 分或未结的预留，不能关闭",
					"the fund still holds %lld fen or open reservations: it cannot close",
					(long long)b.posted);
	}
	if ((rc = db_exec(c->db, c->e, "UPDATE funds SET status=?, version=version+1, updated_at=? WHERE id=?", "sii",
			  status, c->now, id)))
		return rc;
	return record_commit(c, &r, !strcmp(status, "active") ? "activate" : "close");
}
