/*
 * personal.c — the registry's part of a person's data (personal.h).
 *
 * Erasure anonymises the person's row instead of deleting it: the row is
 * what team memberships, committee seats, leader rounds, demands and the
 * audit log point at, and those records must stay true in number (a team
 * had 12 members; a committee met with 7). Name, identifiers, contact and
 * notes go; region, roles and dates stay, unlinked from the account.
 */
#include "audit/record.h"
#include "core/arena.h"
#include "modules/registry/personal.h"
#include "store/store.h"

int registry_person_of_user(struct db *db, int64_t user_id, int64_t *person_id, int64_t *region_id,
		       struct err *e)
{
	*person_id = *region_id = 0;
	struct stmt *st;
	int rc = db_row(db, e, &st, "SELECT id, region_id FROM people WHERE user_id=?", "i", user_id);
	if (rc == 1) {
		*person_id = col_int(st, 0);
		*region_id = col_int(st, 1);
		stmt_done(st);
	}
	return rc < 0 ? rc : 0;
}

int registry_person_subject(struct db *db, int64_t person_id, int64_t *user_id, int64_t *region_id, char **name,
		       struct arena *a, struct err *e)
{
	struct stmt *st;
	int rc = db_row(db, e, &st, "SELECT coalesce(user_id, 0), region_id, name FROM people WHERE id=?", "i",
			person_id);
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "id", "没有这个人", "no such person");
	if (rc < 0)
		return rc;
	if (user_id)
		*user_id = col_int(st, 0);
	if (region_id)
		*region_id = col_int(st, 1);
	if (name)
		*name = arena_strdup(a, col_text(st, 2));
	stmt_done(st);
	return 0;
}

static const struct personal_col person_cols[] = {
	{"id", "编号", "ID", COL_INT},
	{"name", "姓名", "Name", COL_TEXT},
	{"gender", "性别", "Gender", COL_TEXT, "gender"},
	{"birth_date", "出生日期", "Birth date", COL_TEXT},
	{"id_number", "身份证号", "ID number", COL_ID_MASK},
	{"mobile", "手机", "Mobile", COL_MOBILE_MASK},
	{"household", "户籍", "Household", COL_TEXT, "household"},
	{"address", "住址", "Address", COL_TEXT},
	{"region", "所在社区", "Community", COL_TEXT},
	{"status", "状态", "Status", COL_TEXT, "person_status"},
	{"is_volunteer", "志愿者", "Volunteer", COL_BOOL},
	{"is_party_member", "党员", "Party member", COL_BOOL},
	{"verified_at", "核验时间", "Verified", COL_TIME},
	{"verify_method", "核验方式", "Verified by", COL_TEXT, "verify_method"},
	{"note", "备注", "Note", COL_TEXT},
	{"created_at", "登记时间", "Registered", COL_TIME},
	{"updated_at", "更新时间", "Updated", COL_TIME},
};

static const struct personal_query person_query = {
	PERSONAL_COLS(person_cols),
	"SELECT p.id, p.name, p.gender, p.birth_date, p.id_number, p.mobile, p.household,"
	" p.address, g.name, p.status, p.is_volunteer, p.is_party_member, p.verified_at,"
	" p.verify_method, p.note, p.created_at, p.updated_at"
	" FROM people p JOIN regions g ON g.id=p.region_id WHERE p.id=?", "p",
};

PERSONAL_COLLECTOR(registry_pii_collect, person_query)

const char *const registry_genders[] = {"male", "female", NULL};
const char *const registry_person_role_kinds[] = {"team", "committee", NULL};

static const struct personal_col role_cols[] = {
	{"what", "类别", "Kind", COL_TEXT, "person_role_kind"},
	{"name", "名称", "Name", COL_TEXT},
	{"team_role", "团队身份", "Team role", COL_TEXT, "team_role"},
	{"committee_kind", "委员类别", "Committee seat", COL_TEXT, "committee_member_kind"},
	{"since", "起始", "Since", COL_TIME},
};

/* Teams and committee seats. */
static const struct personal_query role_query = {
	PERSONAL_COLS(role_cols),
	"SELECT 'team', t.name, m.role, NULL, m.joined_at FROM team_members m"
	" JOIN teams t ON t.id=m.team_id WHERE m.person_id=?"
	" UNION ALL SELECT 'committee', g.name, NULL, cm.kind, cm.created_at"
	" FROM reg_committee_members cm JOIN regions g ON g.id=cm.community_id"
	" WHERE cm.person_id=?", "pp",
};

PERSONAL_COLLECTOR(registry_pii_collect_roles, role_query)

int registry_pii_erase(struct ctx *c, const struct personal_subject *s, struct personal_report *r)
{
	if (!s->person_id) {
		personal_report_add(r, "registry.person", "none", 0, "居民档案中没有与该账号关联的记录",
				    "no resident record is linked to the account");
		return 0;
	}
	int64_t region = 0;
	if (db_int(c->db, c->e, &region, "SELECT region_id FROM people WHERE id=?", "i", s->person_id) != 1)
		return c->e->code ? c->e->code : 0;
	int rc = db_exec(c->db, c->e,
			 "UPDATE people SET name=?, gender=NULL, birth_date=NULL, id_number=NULL, mobile=NULL,"
			 " address=NULL, note=NULL, verify_note=NULL, user_id=NULL, version=version+1, updated_at=?"
			 " WHERE id=?",
			 "sii", arena_printf(c->a, "已匿名 #%lld", (long long)s->person_id), c->now, s->person_id);
	if (rc)
		return rc;
	/* No snapshot: the entry must not copy what was just erased. */
	if ((rc = audit_record(c, "anonymise", "person", s->person_id, region, NULL, NULL)))
		return rc;
	personal_report_add(r, "registry.person", "anonymised", 1,
			    "姓名、身份证号、手机、住址和备注已删除；所在社区、团队和委员身份等统计所需信息保留但不再可识别本人",
			    "name, ID number, mobile, address and notes deleted; community, team and committee roles kept "
			    "for the statistics, no longer identifying the person");
	return 0;
}
