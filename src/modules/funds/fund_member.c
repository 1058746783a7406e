/*
 * fund_member.c — a fund's committee, chair, supervisor, managers and
 * approvers (funds_internal.h). Members are added and removed in batches
 * so that an active named fund's committee can change and keep its rule
 * (at least five, an odd number, a supervisor): a change that would break
 * it is refused with 422 naming "members", and writes nothing.
 */
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "modules/funds/funds.h"
#include "modules/funds/funds_internal.h"
#include "store/store.h"

static int load_fund(struct ctx *c, int64_t fund_id, struct fund_head *f)
{
	int rc = fund_load(c, fund_id, ROLES_STAFF, f);
	if (rc)
		return rc;
	if (!fund_may_manage(c, f))
		return auth_forbidden(c->e);
	if (!strcmp(f->status, "closed"))
		return err_set(c->e, ERR_RULE, "fund_id", "基金已关闭", "the fund is closed");
	return 0;
}

static bool keeps_rule(const struct fund_head *f)
{
	return !strcmp(f->kind, "named_community") && !strcmp(f->status, "active");
}

static int check_member(struct ctx *c, const struct fund_member_in *m, const char *at, bool role_needed)
{
	if (role_needed && !fund_in_list(fund_member_roles, m->role))
		return err_setf(c->e, ERR_INVALID, arena_printf(c->a, "%srole", at), "职务不正确", "unknown role");
	size_t n = m->name ? strlen(m->name) : 0;
	if (!n || n > 150)
		return err_setf(c->e, ERR_INVALID, arena_printf(c->a, "%sname", at), "请填写姓名（不超过 50 字）",
				"the name is required (at most 50 characters)");
	if (m->affiliation && strlen(m->affiliation) > 300)
		return err_setf(c->e, ERR_INVALID, arena_printf(c->a, "%saffiliation", at), "单位/身份过长",
				"the affiliation is too long");
	if (m->user_id) {
		int64_t x;
		int rc = db_int(c->db, c->e, &x, "SELECT id FROM users WHERE id=? AND disabled=0", "i", m->user_id);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return err_setf(c->e, ERR_RULE, arena_printf(c->a, "%suser_id", at), "没有这个账号",
					"no such account");
	}
	return 0;
}

int fund_members_add(struct ctx *c, int64_t fund_id, const struct fund_member_in *in, int n, int64_t *ids)
{
	struct fund_head f;
	int rc;
	if ((rc = load_fund(c, fund_id, &f)))
		return rc;
	if (n < 1 || n > 50)
		return err_set(c->e, ERR_INVALID, "members", "请给出 1 到 50 名成员", "give 1 to 50 members");
	for (int i = 0; i < n; i++) {
		const char *at = arena_printf(c->a, "members[%d].", i);
		if ((rc = check_member(c, &in[i], at, true)))
			return rc;
		int64_t dup = 0;
		if ((rc = db_int(c->db, c->e, &dup, "SELECT id FROM fund_members WHERE fund_id=? AND role=? AND name=?",
				 "iss", fund_id, in[i].role, in[i].name)) < 0)
			return rc;
		for (int j = 0; j < i && !rc; j++)
			rc = !strcmp(in[j].role, in[i].role) && !strcmp(in[j].name, in[i].name);
		if (rc)
			return err_setf(c->e, ERR_CONFLICT, arena_printf(c->a, "%sname", at), "%s 已是该基金的这一职务",
					"%s already holds this role in the fund", in[i].name);
	}
	for (int i = 0; i < n; i++) {
		struct db_arg a[] = {
			{'i', fund_id, 0, NULL},
			{'s', 0, 0, in[i].role},
			{'s', 0, 0, in[i].name},
			{in[i].user_id ? 'i' : 'n', in[i].user_id, 0, NULL},
			{'s', 0, 0, in[i].affiliation ? in[i].affiliation : ""},
			{'i', c->now, 0, NULL},
			{'i', c->now, 0, NULL},
		};
		int64_t id = 0;
		rc = db_int_a(c->db, c->e, &id,
				"INSERT INTO fund_members (fund_id, role, name, user_id, affiliation, created_at,"
				" updated_at) VALUES (?,?,?,?,?,?,?) RETURNING id",
				a, 7);
		if (rc != 1)
			return rc < 0 ? rc : ERR_STORE;
		if (ids)
			ids[i] = id;
		if ((rc = record_created(c, &fund_member_kind, id, f.region_id, NULL)))
			return rc;
	}
	return keeps_rule(&f) ? fund_committee_rule(c, fund_id) : 0;
}

int fund_member_update(struct ctx *c, int64_t fund_id, int64_t member_id, int64_t version,
		       const struct fund_member_in *in)
{
	struct fund_head f;
	struct record r;
	int rc;
	int64_t of = 0;
	if ((rc = load_fund(c, fund_id, &f)))
		return rc;
	if ((rc = db_int(c->db, c->e, &of, "SELECT fund_id FROM fund_members WHERE id=?", "i", member_id)) < 0)
		return rc;
	if (rc == 0 || of != fund_id)
		return err_set(c->e, ERR_NOT_FOUND, "member_id", "没有这位基金成员", "no such fund member");
	if ((rc = record_head(c, &fund_member_kind, member_id, &r)) || (rc = record_begin(c, &r, version)) ||
	    (rc = check_member(c, in, "", false)))
		return rc;
	struct db_arg a[] = {
		{'s', 0, 0, in->name},
		{in->user_id ? 'i' : 'n', in->user_id, 0, NULL},
		{'s', 0, 0, in->affiliation ? in->affiliation : ""},
		{'i', c->now, 0, NULL},
		{'i', member_id, 0, NULL},
	};
	rc = db_exec_a(c->db, c->e,
			"UPDATE fund_members SET name=?, user_id=?, affiliation=?, version=version+1, updated_at=?"
			" WHERE id=?",
			a, 5);
	if (rc < 0)
		return rc == ERR_CONFLICT ? err_set(c->e, ERR_CONFLICT, "name", "此人已是该基金的这一职务",
						    "this person already holds this role in the fund")
					  : rc;
	return record_commit(c, &r, "update");
}

int fund_members_remove(struct ctx *c, int64_t fund_id, const int64_t *ids, int n)
{
	struct fund_head f;
	int rc;
	if ((rc = load_fund(c, fund_id, &f)))
		return rc;
	if (n < 1 || n > 50)
		return err_set(c->e, ERR_INVALID, "ids", "请给出 1 到 50 名成员", "give 1 to 50 members");
	for (int i = 0; i < n; i++) {
		int64_t of = 0;
		if ((rc = db_int(c->db, c->e, &of, "SELECT fund_id FROM fund_members WHERE id=?", "i", ids[i])) < 0)
			return rc;
		if (rc == 0 || of != fund_id)
			return err_setf(c->e, ERR_NOT_FOUND, arena_printf(c->a, "ids[%d]", i), "没有这位基金成员",
					"no such fund member");
	}
	for (int i = 0; i < n; i++) {
		struct record r;
		if ((rc = record_head(c, &fund_member_kind, ids[i], &r)))
			return rc == ERR_NOT_FOUND ? err_setf(c->e, ERR_INVALID, arena_printf(c->a, "ids[%d]", i),
							      "成员重复", "a member given twice")
						   : rc;
		if ((rc = record_begin(c, &r, -1)) ||
		    (rc = db_exec(c->db, c->e, "DELETE FROM fund_members WHERE id=?", "i", ids[i])) ||
		    (rc = record_commit(c, &r, "delete")))
			return rc;
	}
	return keeps_rule(&f) ? fund_committee_rule(c, fund_id) : 0;
}
