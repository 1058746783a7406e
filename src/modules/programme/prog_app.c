/*
 * prog_app.c — applications (申报): a draft with its partners, budget
 * lines and indicators, edited while a draft (version-checked), its
 * attachments, submission before the programme's deadline with the
 * completeness checks, withdrawal before an award, and the detail a
 * reader sees. Every read goes through prog_app_access (programme.c):
 * who may not read an application gets 404.
 *
 * Who writes: the applicant (the creator, or an org admin over the
 * applicant organisation) and a district admin over the programme; a
 * draft is made for an organisation the caller administers (org admin
 * over its region) or by staff.
 */
#include <stdio.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/scan.h"
#include "core/jw.h"
#include "modules/programme/prog_internal.h"
#include "store/jcols.h"
#include "store/store.h"
#include "store/list.h"

static const struct col attach_cols[] = {
	{"id", "编号", COL_INT},          {"application_id", "申报项目", COL_INT}, {"kind", "类别", COL_TEXT},
	{"file_name", "文件名", COL_TEXT}, {"content_type", "类型", COL_TEXT},     {"size", "大小", COL_INT},
	{"sha256", "SHA-256", COL_TEXT},  {"uploaded_at", "上传时间", COL_TIME},
};
static const struct record_kind attach_kind = {
	.entity = "prog_attachment", .what_zh = "附件", .what_en = "attachment",
	.head_sql = "SELECT t.id, a.region_id, 1, g.path FROM prog_attachments t JOIN prog_applications a"
		    " ON a.id=t.application_id JOIN regions g ON g.id=a.region_id WHERE t.id=?",
	.row_sql = "SELECT id, application_id, kind, file_name, content_type, size, sha256, uploaded_at"
		   " FROM prog_attachments WHERE id=?",
	.cols = attach_cols, .ncols = (int)(sizeof attach_cols / sizeof attach_cols[0]),
	.read_roles = ROLES_ANY,
};

struct prog_head {
	int64_t id, region_id, year;
	const char *status, *path;
	bool has_closes, has_opens;
	int64_t opens, closes;
};

static int programme_head(struct ctx *c, int64_t id, struct prog_head *h)
{
	struct stmt *st = NULL;
	int rc = db_row(c->db, c->e, &st,
			"SELECT p.id, p.region_id, p.year, p.status, r.path, p.apply_opens_at, p.apply_closes_at"
			" FROM programmes p JOIN regions r ON r.id=p.region_id WHERE p.id=?",
			"i", id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_INVALID, "programme_id", "没有这个项目年度", "no such programme");
	h->id = col_int(st, 0);
	h->region_id = col_int(st, 1);
	h->year = col_int(st, 2);
	h->status = arena_strdup(c->a, col_text(st, 3));
	h->path = arena_strdup(c->a, col_text(st, 4));
	h->has_opens = !col_null(st, 5);
	h->opens = col_int(st, 5);
	h->has_closes = !col_null(st, 6);
	h->closes = col_int(st, 6);
	stmt_done(st);
	return 0;
}

/* The fields every draft must get right, create or update (the merged
 * values: what is given over what is stored). */
struct merged {
	int64_t org_id, plate_id, pfund_id, region_id;
	const char *region_scope;
};

static int check_refs(struct ctx *c, const struct prog_head *p, struct merged *m)
{
	int rc;
	int64_t n = 0;
	if (m->plate_id) {
		if ((rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM prog_plates WHERE id=? AND programme_id=?", "ii",
				 m->plate_id, p->id)) < 0)
			return rc;
		if (!n)
			return err_set(c->e, ERR_INVALID, "plate_id", "这个项目年度没有这个板块",
				       "no such plate in this programme");
	}
	if (m->pfund_id) {
		int64_t plate = 0;
		if ((rc = db_int(c->db, c->e, &plate,
				 "SELECT coalesce(plate_id, 0) FROM prog_funds WHERE id=? AND programme_id=?", "ii", m->pfund_id,
				 p->id)) < 0)
			return rc;
		if (!rc)
			return err_set(c->e, ERR_INVALID, "pfund_id", "这个项目年度没有这个专项资金",
				       "no such special fund in this programme");
		if (plate && m->plate_id && plate != m->plate_id)
			return err_set(c->e, ERR_INVALID, "pfund_id", "专项资金不属于所选板块",
				       "the special fund is not in the chosen plate");
		if (plate && !m->plate_id)
			m->plate_id = plate;
	}
	if (!strcmp(m->region_scope, "town")) {
		if (!m->region_id)
			return err_set(c->e, ERR_INVALID, "region_id", "请选择服务的镇街", "choose the town served");
		char *lvl = NULL, *path = NULL;
		if ((rc = db_text(c->db, c->e, c->a, &lvl, "SELECT level FROM regions WHERE id=?", "i", m->region_id)) < 0)
			return rc;
		if (!lvl || strcmp(lvl, "town"))
			return err_set(c->e, ERR_INVALID, "region_id", "服务区域须为一个镇街", "region_id must be a town");
		if ((rc = list_region_path_in(c->db, c->a, m->region_id, &path, c->e)) < 0)
			return rc;
		if (strncmp(path, p->path, strlen(p->path)))
			return err_set(c->e, ERR_INVALID, "region_id", "镇街不在项目的区域内",
				       "the town is outside the programme's region");
	} else {
		m->region_id = p->region_id; /* 全区 / 多个镇街: the programme's region */
	}
	return 0;
}

static int check_org(struct ctx *c, int64_t org_id, const char **name)
{
	char *path = NULL, *n = NULL;
	int rc = db_text(c->db, c->e, c->a, &n, "SELECT name FROM organisations WHERE id=?", "i", org_id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_INVALID, "org_id", "没有这个组织", "no such organisation");
	if ((rc = db_text(c->db, c->e, c->a, &path,
			  "SELECT r.path FROM organisations o JOIN regions r ON r.id=o.region_id WHERE o.id=?", "i", org_id)) <
	    0)
		return rc;
	if (c->who && !auth_covers_path(c->who, R(ROLE_ORG_ADMIN) | R(ROLE_DISTRICT_ADMIN), path))
		return err_set(c->e, ERR_FORBIDDEN, "org_id", "只能以您管理的组织名义申报",
			       "you may apply only for an organisation you administer");
	if (name)
		*name = n;
	return 0;
}

static int check_lines(struct ctx *c, const struct prog_app_in *in)
{
	for (int i = 0; i < in->nlines; i++) {
		const struct prog_line *l = &in->lines[i];
		if (!l->item || !*l->item || strlen(l->item) > 600)
			return err_setf(c->e, ERR_INVALID, "budget_lines", "第 %d 项预算须有事项", "budget line %d needs an item",
					i + 1);
		if (l->amount < 0 || l->amount > 100000000000LL)
			return err_setf(c->e, ERR_INVALID, "budget_lines", "第 %d 项预算金额无效",
					"budget line %d: invalid amount", i + 1);
	}
	for (int i = 0; i < in->nindicators; i++)
		if (!in->indicators[i].name || !*in->indicators[i].name)
			return err_setf(c->e, ERR_INVALID, "indicators", "第 %d 项指标须有名称", "indicator %d needs a name",
					i + 1);
	return 0;
}

static int check_partners(struct ctx *c, int64_t app_id, const struct prog_app_in *in)
{
	int rc;
	for (int i = 0; i < in->npartners; i++) {
		const struct prog_partner *p = &in->partners[i];
		if (!prog_in(prog_partner_roles, p->role))
			return err_setf(c->e, ERR_INVALID, "partners", "第 %d 个合作方的角色须为 partner 或 community",
					"partner %d: role must be partner or community", i + 1);
		if (!strcmp(p->role, "community")) {
			char *lvl = NULL;
			if (!p->region_id)
				return err_setf(c->e, ERR_INVALID, "partners", "第 %d 个合作方须选择社区",
						"partner %d: choose the community", i + 1);
			if ((rc = db_text(c->db, c->e, c->a, &lvl, "SELECT level FROM regions WHERE id=?", "i",
					  p->region_id)) < 0)
				return rc;
			if (!lvl || (strcmp(lvl, "community") && strcmp(lvl, "village")))
				return err_setf(c->e, ERR_INVALID, "partners", "第 %d 个合作方的区域须为村（社区）",
						"partner %d: the region must be a community", i + 1);
		}
		if (p->org_id) {
			int64_t n = 0;
			if ((rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM organisations WHERE id=?", "i", p->org_id)) < 0)
				return rc;
			if (!n)
				return err_setf(c->e, ERR_INVALID, "partners", "第 %d 个合作方：没有这个组织",
						"partner %d: no such organisation", i + 1);
		}
		if (!p->org_id && !p->region_id && (!p->name || !*p->name))
			return err_setf(c->e, ERR_INVALID, "partners", "第 %d 个合作方须有名称",
					"partner %d needs a name", i + 1);
		if (p->letter_attachment_id) {
			int64_t n = 0;
			if ((rc = db_int(c->db, c->e, &n,
					 "SELECT count(*) FROM prog_attachments WHERE id=? AND application_id=?", "ii",
					 p->letter_attachment_id, app_id)) < 0)
				return rc;
			if (!n)
				return err_setf(c->e, ERR_INVALID, "partners",
						"第 %d 个合作方的函件须为本申报上传的附件",
						"partner %d: the letter must be an attachment of this application", i + 1);
		}
	}
	return 0;
}

static int write_children(struct ctx *c, int64_t id, const struct prog_app_in *in)
{
	int rc;
	if (in->has_lines) {
		if ((rc = db_exec(c->db, c->e, "DELETE FROM prog_budget_lines WHERE application_id=?", "i", id)))
			return rc;
		for (int i = 0; i < in->nlines; i++)
			if ((rc = db_exec(c->db, c->e,
					  "INSERT INTO prog_budget_lines (application_id, seq, item, amount, note) VALUES (?,?,?,?,?)",
					  "iisis", id, (int64_t)(i + 1), in->lines[i].item, in->lines[i].amount,
					  in->lines[i].note ? in->lines[i].note : "")))
				return rc;
	}
	if (in->has_indicators) {
		if ((rc = db_exec(c->db, c->e, "DELETE FROM prog_indicators WHERE application_id=?", "i", id)))
			return rc;
		for (int i = 0; i < in->nindicators; i++)
			if ((rc = db_exec(c->db, c->e,
					  "INSERT INTO prog_indicators (application_id, seq, name, target, unit) VALUES (?,?,?,?,?)",
					  "iisds", id, (int64_t)(i + 1), in->indicators[i].name, in->indicators[i].target,
					  in->indicators[i].unit ? in->indicators[i].unit : "")))
				return rc;
	}
	if (in->has_partners) {
		if ((rc = db_exec(c->db, c->e, "DELETE FROM prog_partners WHERE application_id=?", "i", id)))
			return rc;
		for (int i = 0; i < in->npartners; i++) {
			const struct prog_partner *p = &in->partners[i];
			char *name = NULL;
			if (p->name && *p->name)
				name = (char *)p->name;
			else if (p->org_id)
				db_text(c->db, c->e, c->a, &name, "SELECT name FROM organisations WHERE id=?", "i", p->org_id);
			else
				db_text(c->db, c->e, c->a, &name, "SELECT name FROM regions WHERE id=?", "i", p->region_id);
			struct db_arg a[] = {
				{'i', id, 0, NULL},
				{'s', 0, 0, p->role},
				{p->org_id ? 'i' : 'n', p->org_id, 0, NULL},
				{p->region_id ? 'i' : 'n', p->region_id, 0, NULL},
				{'s', 0, 0, name ? name : "-"},
				{p->letter_attachment_id ? 'i' : 'n', p->letter_attachment_id, 0, NULL},
				{'i', c->now, 0, NULL},
			};
			rc = db_exec_a(c->db, c->e,
					"INSERT INTO prog_partners (application_id, role, org_id, region_id, name,"
					" letter_attachment_id, created_at) VALUES (?,?,?,?,?,?,?)",
					a, 7);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

/* The next tracking code of the programme: ZC<year>-NNNN. */
static int next_code(struct ctx *c, const struct prog_head *p, char **code)
{
	int64_t n = 0;
	int rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM prog_applications WHERE programme_id=?", "i", p->id);
	if (rc < 0)
		return rc;
	for (int64_t k = n + 1;; k++) {
		*code = arena_printf(c->a, "ZC%lld-%04lld", (long long)p->year, (long long)k);
		int64_t dup = 0;
		if ((rc = db_int(c->db, c->e, &dup, "SELECT count(*) FROM prog_applications WHERE programme_id=? AND code=?",
				 "is", p->id, *code)) < 0)
			return rc;
		if (!dup)
			return 0;
	}
}

int prog_app_create(struct ctx *c, const struct prog_app_in *in, int64_t *id)
{
	struct prog_head p;
	int rc;
	if ((rc = programme_head(c, in->programme_id, &p)))
		return rc;
	bool staff = !c->who || auth_covers_path(c->who, R(ROLE_DISTRICT_ADMIN), p.path);
	if (!staff && strcmp(p.status, "open"))
		return err_set(c->e, ERR_RULE, "programme_id", "该项目年度未开放申报", "the programme is not open for applications");
	if (!staff && p.has_closes && c->now >= p.closes)
		return err_set(c->e, ERR_RULE, "programme_id", "申报已截止", "applications have closed");
	const char *applicant = in->applicant_name;
	if (in->org_id) {
		const char *oname = NULL;
		if ((rc = check_org(c, in->org_id, &oname)))
			return rc;
		if (!applicant || !*applicant)
			applicant = oname;
	} else if (!staff) {
		return err_set(c->e, ERR_INVALID, "org_id", "请选择申报组织", "choose the applicant organisation");
	}
	if (!applicant || !*applicant)
		return err_set(c->e, ERR_INVALID, "applicant_name", "请填写申报主体", "applicant_name is required");
	struct merged m = {in->org_id, in->plate_id, in->pfund_id, in->region_id,
			   in->region_scope ? in->region_scope : "town"};
	if ((rc = check_refs(c, &p, &m)) || (rc = check_lines(c, in)) || (rc = check_partners(c, 0, in)))
		return rc;
	char *code = NULL;
	if ((rc = next_code(c, &p, &code)))
		return rc;
	struct db_arg a[] = {
		{'i', p.id, 0, NULL},
		{'s', 0, 0, code},
		{'s', 0, 0, in->title},
		{m.org_id ? 'i' : 'n', m.org_id, 0, NULL},
		{'s', 0, 0, applicant},
		{'s', 0, 0, in->applicant_type},
		{'i', in->joint ? 1 : 0, 0, NULL},
		{'s', 0, 0, in->domain},
		{m.plate_id ? 'i' : 'n', m.plate_id, 0, NULL},
		{m.pfund_id ? 'i' : 'n', m.pfund_id, 0, NULL},
		{'s', 0, 0, m.region_scope},
		{'i', m.region_id, 0, NULL},
		{'s', 0, 0, in->kind},
		{'i', in->requested, 0, NULL},
		{'s', 0, 0, in->summary ? in->summary : ""},
		{'s', 0, 0, in->outcomes ? in->outcomes : ""},
		{c->who ? 'i' : 'n', c->who ? c->who->user_id : 0, 0, NULL},
		{'i', c->now, 0, NULL},
		{'i', c->now, 0, NULL},
	};
	rc = db_int_a(c->db, c->e, id,
			"INSERT INTO prog_applications (programme_id, code, title, org_id, applicant_name, applicant_type,"
			" joint, domain, plate_id, pfund_id, region_scope, region_id, kind, requested, summary, outcomes,"
			" status, created_by, created_at, updated_at)"
			" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'draft',?,?,?) RETURNING id",
			a, 19);
	if (rc != 1)
		return rc < 0 ? rc : ERR_STORE;
	if ((rc = write_children(c, *id, in)))
		return rc;
	return record_created(c, &prog_app_kind, *id, m.region_id, NULL);
}

/* The caller may change the application (its applicant, or a district
 * admin over the programme): 404 when they may not read it, 403 when
 * they may only read it. */
static int may_write(struct ctx *c, int64_t id)
{
	enum prog_access acc = PROG_NONE;
	int rc = prog_app_access(c, id, &acc);
	if (rc < 0)
		return rc;
	if (acc == PROG_NONE)
		return prog_not_found(c->e);
	if (acc != PROG_APPLICANT && acc != PROG_STAFF_WRITE)
		return err_set(c->e, ERR_FORBIDDEN, "id", "只有申报方可以修改申报", "only the applicant may change it");
	return 0;
}

int prog_app_update(struct ctx *c, int64_t id, const struct prog_app_in *in)
{
	int rc;
	if ((rc = may_write(c, id)))
		return rc;
	struct prog_app cur;
	if ((rc = prog_app_read(c, id, &cur)))
		return rc;
	if (strcmp(cur.status, "draft"))
		return err_set(c->e, ERR_RULE, "status", "只有草稿可以修改", "only a draft can be changed");
	struct record r;
	if ((rc = record_head(c, &prog_app_kind, id, &r)) || (rc = record_begin(c, &r, in->version)))
		return rc;
	struct prog_head p;
	if ((rc = programme_head(c, cur.programme_id, &p)))
		return rc;
	const char *applicant = in->has_applicant_name ? in->applicant_name : NULL;
	if (in->has_org_id && in->org_id && in->org_id != cur.org_id) {
		const char *oname = NULL;
		if ((rc = check_org(c, in->org_id, &oname)))
			return rc;
		if (!applicant)
			applicant = oname;
	}
	struct merged m = {in->has_org_id ? in->org_id : cur.org_id, in->has_plate_id ? in->plate_id : cur.plate_id,
			   in->has_pfund_id ? in->pfund_id : cur.pfund_id, in->has_region_id ? in->region_id : cur.region_id,
			   in->has_region_scope ? in->region_scope : cur.region_scope};
	if ((rc = check_refs(c, &p, &m)) || (rc = check_lines(c, in)) || (rc = check_partners(c, id, in)))
		return rc;
	struct db_arg a[] = {
		{in->has_title ? 's' : 'n', 0, 0, in->title},
		{'i', m.org_id, 0, NULL},
		{applicant ? 's' : 'n', 0, 0, applicant},
		{in->has_applicant_type ? 's' : 'n', 0, 0, in->applicant_type},
		{in->has_joint ? 'i' : 'n', in->joint ? 1 : 0, 0, NULL},
		{in->has_domain ? 's' : 'n', 0, 0, in->domain},
		{'i', m.plate_id, 0, NULL},
		{'i', m.pfund_id, 0, NULL},
		{'s', 0, 0, m.region_scope},
		{'i', m.region_id, 0, NULL},
		{in->has_kind ? 's' : 'n', 0, 0, in->kind},
		{in->has_requested ? 'i' : 'n', in->requested, 0, NULL},
		{in->has_summary ? 's' : 'n', 0, 0, in->summary},
		{in->has_outcomes ? 's' : 'n', 0, 0, in->outcomes},
		{'i', c->now, 0, NULL},
		{'i', id, 0, NULL},
	};
	rc = db_exec_a(c->db, c->e,
			"UPDATE prog_applications SET title=coalesce(?, title), org_id=nullif(?, 0),"
			" applicant_name=coalesce(?, applicant_name), applicant_type=coalesce(?, applicant_type),"
			" joint=coalesce(?, joint), domain=coalesce(?, domain), plate_id=nullif(?, 0),"
			" pfund_id=nullif(?, 0), region_scope=?, region_id=?, kind=coalesce(?, kind),"
			" requested=coalesce(?, requested), summary=coalesce(?, summary), outcomes=coalesce(?, outcomes),"
			" version=version+1, updated_at=? WHERE id=?",
			a, 16);
	if (rc < 0)
		return rc;
	if ((rc = write_children(c, id, in)))
		return rc;
	return record_commit(c, &r, "update");
}

int prog_app_submit(struct ctx *c, int64_t id, int64_t version)
{
	int rc;
	if ((rc = may_write(c, id)))
		return rc;
	struct prog_app a;
	if ((rc = prog_app_read(c, id, &a)))
		return rc;
	if (strcmp(a.status, "draft"))
		return err_set(c->e, ERR_RULE, "status", "只有草稿可以提交", "only a draft can be submitted");
	struct record r;
	if ((rc = record_head(c, &prog_app_kind, id, &r)) || (rc = record_begin(c, &r, version)))
		return rc;
	struct prog_head p;
	if ((rc = programme_head(c, a.programme_id, &p)))
		return rc;
	if (strcmp(p.status, "open"))
		return err_set(c->e, ERR_RULE, "programme_id", "该项目年度未开放申报", "the programme is not open for applications");
	if (p.has_opens && c->now < p.opens)
		return err_set(c->e, ERR_RULE, "programme_id", "申报尚未开始", "applications have not opened yet");
	if (p.has_closes && c->now >= p.closes)
		return err_set(c->e, ERR_RULE, "programme_id", "申报已截止，不能再提交",
			       "applications have closed: it can no longer be submitted");
	if (a.requested <= 0)
		return err_set(c->e, ERR_RULE, "requested", "请填写申请金额", "the requested amount is missing");
	if (!a.pfund_id)
		return err_set(c->e, ERR_RULE, "pfund_id", "请选择申报的专项资金", "choose the special fund");
	int64_t nlines = 0, sum = 0, nind = 0, nletters = 0;
	if ((rc = db_int(c->db, c->e, &nlines, "SELECT count(*) FROM prog_budget_lines WHERE application_id=?", "i", id)) < 0 ||
	    (rc = db_int(c->db, c->e, &sum, "SELECT coalesce(sum(amount),0) FROM prog_budget_lines WHERE application_id=?",
			 "i", id)) < 0 ||
	    (rc = db_int(c->db, c->e, &nind, "SELECT count(*) FROM prog_indicators WHERE application_id=?", "i", id)) < 0 ||
	    (rc = db_int(c->db, c->e, &nletters,
			 "SELECT count(*) FROM prog_partners WHERE application_id=? AND role='partner'"
			 " AND letter_attachment_id IS NOT NULL",
			 "i", id)) < 0)
		return rc;
	if (!nlines)
		return err_set(c->e, ERR_RULE, "budget_lines", "请填写预算明细", "the budget lines are missing");
	if (sum != a.requested)
		return err_setf(c->e, ERR_RULE, "budget_lines", "预算明细合计 %.2f 元，与申请金额 %.2f 元不符",
				"the budget lines add up to %.2f yuan, not the %.2f requested", (double)sum / 100,
				(double)a.requested / 100);
	if (!nind)
		return err_set(c->e, ERR_RULE, "indicators", "请填写至少一项成效指标", "add at least one indicator");
	if (a.joint && !nletters)
		return err_set(c->e, ERR_RULE, "partners", "联合申报须有至少一个附承诺函的合作方",
			       "a joint application needs at least one partner with a letter of commitment");
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE prog_applications SET status='submitted', stage='qualification', submitted_at=?,"
			  " version=version+1, updated_at=? WHERE id=?",
			  "iii", c->now, c->now, id)))
		return rc;
	return record_commit(c, &r, "submit");
}

int prog_app_withdraw(struct ctx *c, int64_t id, int64_t version)
{
	int rc;
	if ((rc = may_write(c, id)))
		return rc;
	struct prog_app a;
	if ((rc = prog_app_read(c, id, &a)))
		return rc;
	if (a.outcome || (strcmp(a.status, "draft") && strcmp(a.status, "submitted") && strcmp(a.status, "in_review")))
		return err_set(c->e, ERR_RULE, "status", "已有结果的申报不能撤回", "an application with a result cannot be withdrawn");
	struct record r;
	if ((rc = record_head(c, &prog_app_kind, id, &r)) || (rc = record_begin(c, &r, version)))
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE prog_applications SET status='withdrawn', withdrawn_at=?, version=version+1, updated_at=?"
			  " WHERE id=?",
			  "iii", c->now, c->now, id)))
		return rc;
	return record_commit(c, &r, "withdraw");
}

/* ---------- attachments ---------- */

int prog_attachment_add(struct ctx *c, int64_t app_id, const char *file_name, const void *data, size_t len,
			int64_t *id)
{
	int rc;
	if ((rc = may_write(c, app_id)))
		return rc;
	struct prog_app a;
	if ((rc = prog_app_read(c, app_id, &a)))
		return rc;
	if (strcmp(a.status, "draft"))
		return err_set(c->e, ERR_RULE, "status", "只有草稿可以添加附件", "attachments are added to a draft only");
	struct scan sc;
	if ((rc = scan_prepare(c->a, file_name, "attachment", data, len, PROG_ATTACH_MAX, &sc, c->e)))
		return rc;
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO prog_attachments (application_id, file_name, content_type, size, sha256, data,"
			 " uploaded_by, uploaded_at) VALUES (?,?,?,?,?,?,nullif(?,0),?) RETURNING id",
			 "ississii", app_id, sc.file_name, sc.content_type, sc.size, sc.sha256, sc.b64,
			 c->who ? c->who->user_id : (int64_t)0, c->now)) < 0)
		return rc;
	return record_created(c, &attach_kind, *id, a.region_id, "upload");
}

int prog_attachment_get(struct ctx *c, int64_t id, const char **mime, const char **name, const void **data,
			size_t *len)
{
	int64_t app = 0;
	int rc = db_int(c->db, c->e, &app, "SELECT application_id FROM prog_attachments WHERE id=?", "i", id);
	if (rc < 0)
		return rc;
	enum prog_access acc = PROG_NONE;
	if (rc && (rc = prog_app_access(c, app, &acc)) < 0)
		return rc;
	if (acc == PROG_NONE)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这个附件", "no such attachment");
	struct stmt *st = NULL;
	if ((rc = db_row(c->db, c->e, &st, "SELECT content_type, file_name, size, data FROM prog_attachments WHERE id=?",
			 "i", id)) <= 0)
		return rc ? rc : err_set(c->e, ERR_NOT_FOUND, "id", "没有这个附件", "no such attachment");
	*mime = arena_strdup(c->a, col_text(st, 0));
	*name = arena_strdup(c->a, col_text(st, 1));
	unsigned char *buf = NULL;
	rc = scan_decode(c->a, col_text(st, 3), col_int(st, 2), "id", &buf, len, c->e);
	stmt_done(st);
	*data = buf;
	return rc;
}

/* ---------- the detail ---------- */

static const char *access_name(enum prog_access a)
{
	switch (a) {
	case PROG_STAFF_WRITE: return "staff_write";
	case PROG_STAFF_READ: return "staff_read";
	case PROG_APPLICANT: return "applicant";
	case PROG_EXPERT: return "expert";
	default: return "none";
	}
}

static const struct jcol attachment_cols[] = {
	{"id", 0, JC_INT}, {"kind", 1, JC_TEXT}, {"file_name", 2, JC_TEXT}, {"content_type", 3, JC_TEXT},
	{"size", 4, JC_INT}, {"uploaded_at", 5, JC_TIME},
};

static const struct jcol budget_line_cols[] = {
	{"seq", 0, JC_INT}, {"item", 1, JC_TEXT}, {"amount", 2, JC_INT}, {"note", 3, JC_TEXT},
};

int prog_app_write_detail(struct ctx *c, struct jw *w, int64_t id)
{
	enum prog_access acc = PROG_NONE;
	int rc = prog_app_access(c, id, &acc);
	if (rc < 0)
		return rc;
	if (acc == PROG_NONE)
		return prog_not_found(c->e);
	jw_obj(w);
	if ((rc = record_write_cols(c, &prog_app_kind, w, id)))
		return rc;
	jw_kstr(w, "access", access_name(acc));
	struct stmt *st = NULL;
	if ((rc = db_row(c->db, c->e, &st,
			 "SELECT p.code, p.name, p.year, p.apply_closes_at, coalesce(pl.name,''), coalesce(f.name,''),"
			 " r.name FROM prog_applications a JOIN programmes p ON p.id=a.programme_id"
			 " LEFT JOIN prog_plates pl ON pl.id=a.plate_id LEFT JOIN prog_funds f ON f.id=a.pfund_id"
			 " JOIN regions r ON r.id=a.region_id WHERE a.id=?",
			 "i", id)) < 0)
		return rc;
	if (rc) {
		jw_kstr(w, "programme_code", col_text(st, 0));
		jw_kstr(w, "programme_name", col_text(st, 1));
		jw_kint(w, "year", col_int(st, 2));
		if (col_null(st, 3))
			jw_knull(w, "apply_closes_at");
		else
			jw_ktime(w, "apply_closes_at", col_int(st, 3));
		jw_kstr(w, "plate_name", col_text(st, 4));
		jw_kstr(w, "fund_name", col_text(st, 5));
		jw_kstr(w, "region_name", col_text(st, 6));
		stmt_done(st);
	}
	jw_key(w, "partners");
	jw_arr(w);
	st = db_q(c->db, c->e,
		  "SELECT id, role, org_id, region_id, name, letter_attachment_id FROM prog_partners WHERE application_id=?"
		  " ORDER BY id",
		  "i", id);
	if (!st)
		return c->e->code ? c->e->code : ERR_STORE;
	while ((rc = stmt_step(st, c->e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "role", col_text(st, 1));
		if (col_null(st, 2)) jw_knull(w, "org_id"); else jw_kint(w, "org_id", col_int(st, 2));
		if (col_null(st, 3)) jw_knull(w, "region_id"); else jw_kint(w, "region_id", col_int(st, 3));
		jw_kstr(w, "name", col_text(st, 4));
		if (col_null(st, 5)) jw_knull(w, "letter_attachment_id"); else jw_kint(w, "letter_attachment_id", col_int(st, 5));
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	jw_key(w, "budget_lines");
	jw_arr(w);
	st = db_q(c->db, c->e, "SELECT seq, item, amount, note FROM prog_budget_lines WHERE application_id=? ORDER BY seq",
		  "i", id);
	if (!st)
		return c->e->code ? c->e->code : ERR_STORE;
	rc = jw_rows(w, st, JCOLS(budget_line_cols), c->e);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	jw_key(w, "indicators");
	jw_arr(w);
	st = db_q(c->db, c->e, "SELECT seq, name, target, unit FROM prog_indicators WHERE application_id=? ORDER BY seq",
		  "i", id);
	if (!st)
		return c->e->code ? c->e->code : ERR_STORE;
	while ((rc = stmt_step(st, c->e)) == 1) {
		jw_obj(w);
		jw_kint(w, "seq", col_int(st, 0));
		jw_kstr(w, "name", col_text(st, 1));
		jw_key(w, "target");
		jw_double(w, col_double(st, 2));
		jw_kstr(w, "unit", col_text(st, 3));
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	jw_key(w, "attachments");
	jw_arr(w);
	st = db_q(c->db, c->e,
		  "SELECT id, kind, file_name, content_type, size, uploaded_at FROM prog_attachments WHERE application_id=?"
		  " ORDER BY id",
		  "i", id);
	if (!st)
		return c->e->code ? c->e->code : ERR_STORE;
	rc = jw_rows(w, st, JCOLS(attachment_cols), c->e);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	if (acc == PROG_STAFF_WRITE || acc == PROG_APPLICANT) {
		if ((rc = record_write_history(c, w, "prog_application", id)))
			return rc;
	}
	jw_obj_end(w);
	return 0;
}
