/*
 * registry_people.c — people: residents, community workers, social workers
 * (with their qualification level), volunteers, party members, building
 * leaders; their verification as residents; the audited reveal of their
 * personal information.
 *
 * Invariants: id_number is NULL or a checksum-valid 18-character number
 * (upper-case X) and then gender and birth_date are the ID's; mobile is
 * NULL or 11 digits; sw_level is set only for social workers; a person
 * lives in a community or below (grid, building); verified_* are all set
 * or all NULL. Full ID numbers and mobiles leave this file only through
 * registry_person_reveal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/jsonin.h"
#include "core/pii.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "modules/privacy/reveal.h"
#include "modules/region/region.h"
#include "modules/registry/registry_kind.h"
#include "modules/registry/registry.h"
#include "store/store.h"

const char *const registry_person_flag_keys[PF__COUNT] = {
	"is_resident", "is_community_worker", "is_social_worker",
	"is_volunteer", "is_building_leader", "is_party_member"};

#define PERSON_LEVELS ((1u << LVL_COMMUNITY) | (1u << LVL_GRID) | (1u << LVL_BUILDING))

const struct registry_col registry_person_cols[] = {
	REGISTRY_COLS_HEAD("所属区域"),
	{"community_name", "所属社区", RC_TEXT},     {"name", "姓名", RC_TEXT},
	{"gender", "性别", RC_TEXT},               {"birth_date", "出生日期", RC_TEXT},
	{"id_number", "身份证号（脱敏）", RC_ID_MASK},   {"mobile", "手机号（脱敏）", RC_MOBILE_MASK},
	{"household", "户籍类型", RC_TEXT},          {"address", "住址", RC_TEXT},
	{"is_resident", "常住居民", RC_BOOL},        {"is_community_worker", "社区工作者", RC_BOOL},
	{"is_social_worker", "社会工作者", RC_BOOL},  {"is_volunteer", "志愿者", RC_BOOL},
	{"is_building_leader", "楼长", RC_BOOL},   {"is_party_member", "党员", RC_BOOL},
	{"sw_level", "社工职业水平", RC_TEXT},         {"status", "状态", RC_TEXT},
	{"verified", "已核验", RC_BOOL},            {"verified_at", "核验时间", RC_TIME},
	{"verified_by", "核验人编号", RC_INT},        {"verified_by_name", "核验人", RC_TEXT},
	{"verify_method", "核验方式", RC_TEXT},      {"verify_note", "核验备注", RC_TEXT},
	{"user_id", "账号编号", RC_INT},             {"note", "备注", RC_TEXT},
	REGISTRY_COLS_TAIL,
};
const int registry_person_ncols = (int)(sizeof registry_person_cols / sizeof registry_person_cols[0]);

#define PERSON_SELECT                                                                          \
	"p.id, p.region_id, g.name,"                                                                \
	" CASE g.level WHEN 'community' THEN g.name"                                                 \
	" WHEN 'grid' THEN (SELECT a.name FROM regions a WHERE a.id=g.parent_id)"                    \
	" ELSE (SELECT a.name FROM regions a JOIN regions b ON b.parent_id=a.id WHERE b.id=g.parent_id) END," \
	" p.name, p.gender, p.birth_date, p.id_number, p.mobile,"        \
	" p.household, p.address, p.is_resident, p.is_community_worker, p.is_social_worker,"       \
	" p.is_volunteer, p.is_building_leader, p.is_party_member, p.sw_level, p.status,"          \
	" p.verified_at IS NOT NULL, p.verified_at, p.verified_by,"                        \
	" (SELECT u.display_name FROM users u WHERE u.id=p.verified_by), p.verify_method, p.verify_note," \
	" p.user_id, p.note, p.version, p.created_at, p.updated_at, g.path"
#define PERSON_ONE "SELECT " PERSON_SELECT " FROM people p JOIN regions g ON g.id=p.region_id WHERE p.id=?"

static const struct registry_kind person_kind;

/* What a person's head does not say. */
struct pinfo {
	int is_social_worker;
	bool verified, has_id;
	char status[16];
	char sw_level[16];
};

static int person_info(struct db *db, int64_t id, struct pinfo *pi, struct err *e)
{
	struct stmt *st;
	int rc = db_row(db, e, &st,
			"SELECT is_social_worker, verified_at IS NOT NULL, status, coalesce(sw_level,''),"
			" id_number IS NOT NULL FROM people WHERE id=?",
			"i", id);
	if (rc == 1) {
		pi->is_social_worker = (int)col_int(st, 0);
		pi->verified = col_int(st, 1) != 0;
		snprintf(pi->status, sizeof pi->status, "%s", col_text(st, 2));
		snprintf(pi->sw_level, sizeof pi->sw_level, "%s", col_text(st, 3));
		pi->has_id = col_int(st, 4) != 0;
		stmt_done(st);
	}
	return rc < 0 ? rc : 0;
}

/* The person for a change (editing scope) with what the head does not say. */
static int load(struct ctx *c, int64_t id, struct record *r, struct pinfo *pi)
{
	int rc = record_load(c, &person_kind.rec, id, REGISTRY_EDIT_ROLES, r);
	return rc ? rc : person_info(c->db, id, pi, c->e);
}

/* Normalised values of one write, after validation. */
struct pvals {
	char id_number[19];
	char mobile[12];
	char birth[11];
	const char *gender;
	bool id_set, mobile_set;
};

static int check_date(const char *s, const char *field, struct err *e)
{
	int64_t us;
	if (!s || strlen(s) != 10 || wtime_parse(s, &us))
		return err_set(e, ERR_INVALID, field, "日期格式应为 YYYY-MM-DD",
			       "the date must be YYYY-MM-DD");
	return 0;
}

static int validate(struct db *db, const struct principal *actor, const struct registry_person_in *in,
		    int64_t self_id, int64_t now, struct pvals *v, struct err *e)
{
	int rc;
	memset(v, 0, sizeof *v);
	if (in->name && utf8_chars(in->name) > 64)
		return err_set(e, ERR_INVALID, "name", "姓名最多 64 个字", "name is at most 64 characters");
	if (in->has_id_number && in->id_number && *in->id_number) {
		struct pii_id id;
		if ((rc = pii_id_parse(in->id_number, strlen(in->id_number), now, &id, e)))
			return rc;
		memcpy(v->id_number, id.number, sizeof v->id_number);
		snprintf(v->birth, sizeof v->birth, "%04d-%02d-%02d", id.year, id.month, id.day);
		v->gender = id.male ? "male" : "female";
		v->id_set = true;
		int64_t other = 0;
		rc = db_int(db, e, &other, "SELECT id FROM people WHERE id_number=? AND id<>?", "si",
			    v->id_number, self_id);
		if (rc < 0)
			return rc;
		if (rc == 1)
			return err_set(e, ERR_CONFLICT, "id_number", "该身份证号码已登记在另一人员名下",
				       "this ID number is already registered for another person");
	}
	if (in->has_mobile && in->mobile && *in->mobile) {
		if ((rc = pii_mobile_normalize(in->mobile, strlen(in->mobile), v->mobile, e)))
			return rc;
		v->mobile_set = true;
	}
	if (in->has_gender && in->gender && strcmp(in->gender, "male") && strcmp(in->gender, "female"))
		return err_set(e, ERR_INVALID, "gender", "性别应为 male 或 female",
			       "gender must be male or female");
	if (in->has_birth_date && in->birth_date && *in->birth_date &&
	    (rc = check_date(in->birth_date, "birth_date", e)))
		return rc;
	if (in->household && !registry_in(in->household, registry_households))
		return err_set(e, ERR_INVALID, "household", "户籍类型应为 registered（户籍）或 nonregistered（非户籍）",
			       "household must be registered or nonregistered");
	if (in->has_sw_level && in->sw_level && !registry_in(in->sw_level, registry_sw_levels))
		return err_set(e, ERR_INVALID, "sw_level",
			       "社工职业水平应为 assistant（助理社工师）、intermediate（社工师）或 senior（高级社工师）",
			       "sw_level must be assistant, intermediate or senior");
	if (in->status && !registry_in(in->status, registry_person_statuses))
		return err_set(e, ERR_INVALID, "status", "状态应为 active、moved_out 或 deceased",
			       "status must be active, moved_out or deceased");
	if (in->has_user_id && in->user_id) {
		int64_t n = 0;
		if ((rc = db_int(db, e, &n, "SELECT count(*) FROM users WHERE id=?", "i", in->user_id)) < 0)
			return rc;
		if (!n)
			return err_set(e, ERR_RULE, "user_id", "账号不存在", "no such user account");
		/* Linking checks both sides: the person (the caller's editing
		 * scope, checked by the caller of validate) and the account, which
		 * must be one the actor administers (GET /users/{id} decides the
		 * same way), so nobody hands a person's record to a user of
		 * another community or town. */
		if (actor && (rc = auth_user_check_visible(db, actor, in->user_id, e))) {
			snprintf(e->field, sizeof e->field, "user_id");
			return rc;
		}
		if ((rc = db_int(db, e, &n, "SELECT count(*) FROM people WHERE user_id=? AND id<>?", "ii",
				 in->user_id, self_id)) < 0)
			return rc;
		if (n)
			return err_set(e, ERR_CONFLICT, "user_id", "该账号已关联另一人员",
				       "this account is already linked to another person");
	}
	return 0;
}

/* Social-worker level only for social workers: checked on the merged state. */
static int check_sw(int is_sw, const char *level, struct err *e)
{
	if (level && *level && !is_sw)
		return err_set(e, ERR_RULE, "sw_level", "只有社会工作者才有职业水平等级",
			       "only social workers have a qualification level");
	return 0;
}

static int person_insert(struct ctx *c, const void *vin, int64_t *id)
{
	const struct registry_person_in *in = vin;
	struct registry_region rg;
	struct pvals v;
	struct err *e = c->e;
	int rc;
	if (!in->name || !*in->name)
		return err_set(e, ERR_INVALID, "name", "请填写姓名", "name is required");
	if (!in->region_id)
		return err_set(e, ERR_INVALID, "region_id", "请选择所属社区或网格",
			       "region_id is required");
	if ((rc = registry_region_for_write(c->db, c->who, in->region_id, "region_id", PERSON_LEVELS, &rg, e)) ||
	    (rc = validate(c->db, c->who, in, 0, c->now, &v, e)))
		return rc;
	int flags[PF__COUNT] = {1, 0, 0, 0, 0, 0};
	for (int i = 0; i < PF__COUNT; i++)
		if (in->has_flag[i])
			flags[i] = in->flags[i] ? 1 : 0;
	const char *sw = in->has_sw_level ? in->sw_level : NULL;
	if ((rc = check_sw(flags[PF_SOCIAL_WORKER], sw, e)))
		return rc;
	const char *gender = v.id_set ? v.gender : (in->has_gender ? in->gender : NULL);
	const char *birth = v.id_set ? v.birth
				     : (in->has_birth_date && in->birth_date && *in->birth_date ? in->birth_date : NULL);
	rc = db_int(
		c->db, e, id,
		"INSERT INTO people(region_id, name, gender, birth_date, id_number, mobile, household,"
		" address, is_resident, is_community_worker, is_social_worker, is_volunteer,"
		" is_building_leader, is_party_member, sw_level, status, user_id, note, import_job_id,"
		" created_at, updated_at)"
		" VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULLIF(?,0),?,NULLIF(?,0),?,?) RETURNING id",
		"isssssssiiiiiissisiii", in->region_id, in->name, gender, birth,
		v.id_set ? v.id_number : NULL, v.mobile_set ? v.mobile : NULL,
		in->household ? in->household : "registered", in->has_address ? in->address : NULL,
		(int64_t)flags[0], (int64_t)flags[1], (int64_t)flags[2], (int64_t)flags[3],
		(int64_t)flags[4], (int64_t)flags[5], sw, in->status ? in->status : "active",
		in->has_user_id ? in->user_id : 0, in->has_note ? in->note : NULL, in->import_job_id,
		c->now, c->now);
	return rc < 0 ? rc : 0;
}

/* From person_check to person_apply: the values validated, the stored state. */
struct person_update {
	struct pvals v;
	struct pinfo pi;
};

static int person_check(struct ctx *c, struct record *r, const void *vin, void **st)
{
	const struct registry_person_in *in = vin;
	struct registry_region rg;
	struct person_update *u = arena_alloc(c->a, sizeof *u);
	int rc;
	*st = u;
	if ((rc = person_info(c->db, r->id, &u->pi, c->e)))
		return rc;
	if (in->region_id && in->region_id != r->region_id &&
	    (rc = registry_region_for_write(c->db, c->who, in->region_id, "region_id", PERSON_LEVELS, &rg, c->e)))
		return rc;
	if (in->name && !*in->name)
		return err_set(c->e, ERR_INVALID, "name", "请填写姓名", "name is required");
	return validate(c->db, c->who, in, r->id, c->now, &u->v, c->e);
}

static int person_apply(struct ctx *c, struct record *r, const void *vin, void *st)
{
	const struct registry_person_in *in = vin;
	const struct person_update *u = st;
	const struct pvals *v = &u->v;
	int is_sw = in->has_flag[PF_SOCIAL_WORKER] ? in->flags[PF_SOCIAL_WORKER] : u->pi.is_social_worker;
	const char *sw = in->has_sw_level ? in->sw_level : (is_sw ? u->pi.sw_level : NULL);
	int rc = check_sw(is_sw, sw, c->e);
	if (rc)
		return rc;
	/* Gender and birth date follow the ID number when there is one. */
	bool id_clear = in->has_id_number && !v->id_set;
	bool manual = !v->id_set && !(u->pi.has_id && !id_clear);
	int64_t fl[PF__COUNT], hf[PF__COUNT];
	for (int i = 0; i < PF__COUNT; i++) {
		hf[i] = in->has_flag[i];
		fl[i] = in->flags[i] ? 1 : 0;
	}
	return db_exec(
		c->db, c->e,
		"UPDATE people SET region_id=CASE WHEN ?>0 THEN ? ELSE region_id END,"
		" name=coalesce(?,name),"
		" id_number=CASE WHEN ?=1 THEN ? ELSE id_number END,"
		" gender=CASE WHEN ?=1 THEN ? WHEN ?=1 THEN ? ELSE gender END,"
		" birth_date=CASE WHEN ?=1 THEN ? WHEN ?=1 THEN ? ELSE birth_date END,"
		" mobile=CASE WHEN ?=1 THEN ? ELSE mobile END,"
		" household=coalesce(?,household),"
		" address=CASE WHEN ?=1 THEN ? ELSE address END,"
		" is_resident=CASE WHEN ?=1 THEN ? ELSE is_resident END,"
		" is_community_worker=CASE WHEN ?=1 THEN ? ELSE is_community_worker END,"
		" is_social_worker=CASE WHEN ?=1 THEN ? ELSE is_social_worker END,"
		" is_volunteer=CASE WHEN ?=1 THEN ? ELSE is_volunteer END,"
		" is_building_leader=CASE WHEN ?=1 THEN ? ELSE is_building_leader END,"
		" is_party_member=CASE WHEN ?=1 THEN ? ELSE is_party_member END,"
		" sw_level=CASE WHEN ?=1 THEN ? WHEN ?=0 THEN NULL ELSE sw_level END,"
		" status=coalesce(?,status),"
		" user_id=CASE WHEN ?=1 THEN NULLIF(?,0) ELSE user_id END,"
		" note=CASE WHEN ?=1 THEN ? ELSE note END,"
		" import_job_id=CASE WHEN ?>0 THEN ? ELSE import_job_id END,"
		" version=version+1, updated_at=? WHERE id=?",
		"iisisbsbsbsbsbssbsiiiiiiiiiiiibsisbibsiiii", in->region_id, in->region_id, in->name,
		(int64_t)in->has_id_number, v->id_set ? v->id_number : NULL,
		/* gender */ (int)v->id_set, v->gender, (int)(manual && in->has_gender), in->gender,
		/* birth */ (int)v->id_set, v->birth,
		(int)(manual && in->has_birth_date),
		in->birth_date && *in->birth_date ? in->birth_date : NULL,
		/* mobile */ (int)in->has_mobile, v->mobile_set ? v->mobile : NULL, in->household,
		(int)in->has_address, in->address, hf[0], fl[0], hf[1], fl[1], hf[2], fl[2], hf[3],
		fl[3], hf[4], fl[4], hf[5], fl[5], (int)in->has_sw_level, in->sw_level,
		(int64_t)is_sw, in->status, (int)in->has_user_id, in->user_id,
		(int)in->has_note, in->note, in->import_job_id, in->import_job_id, c->now, r->id);
}

static int person_can_reveal(struct ctx *c, struct jw *w, int64_t id, const char *path)
{
	(void)id;
	jw_kbool(w, "can_reveal", registry_covers(c->who, REGISTRY_REVEAL_ROLES, path));
	return 0;
}

static const struct registry_kind person_kind = {
	REGISTRY_KIND("person", "人员", "person", "people", "p", PERSON_ONE, registry_person_cols,
		      REGISTRY_READ_ROLES, struct registry_person_in),
	.in_use_zh = "该人员仍被队伍成员等记录引用，不能删除；如已迁出，请将状态改为 moved_out（迁出）",
	.in_use_en = "the person is still referenced (e.g. as a team member) and cannot be deleted;"
		     " set status to moved_out instead",
	.insert = person_insert, .check = person_check, .apply = person_apply,
	.detail = person_can_reveal,
};

REGISTRY_KIND_API(person, person_kind)

int registry_person_reveal(struct ctx *c, int64_t id, const char *purpose, struct jw *w)
{
	struct db *db = c->db;
	const struct principal *actor = c->who;
	int64_t now = c->now;
	struct err *e = c->e;
	struct record r;
	int rc = record_load(c, &person_kind.rec, id, 0, &r);
	if (rc)
		return rc;
	bool may = registry_covers(actor, REGISTRY_REVEAL_ROLES, r.path);
	if (!may)
		return err_set(e, ERR_FORBIDDEN, "", "只有辖区内的社区工作人员和管理员可以查看完整个人信息",
			       "only community staff and admins of this region may see full personal information");
	if ((rc = reveal_purpose_check(purpose, e)))
		return rc;
	struct stmt *st = db_q(db, e, "SELECT id_number, mobile FROM people WHERE id=?", "i", id);
	if (!st)
		return e->code;
	char idn[32] = "", mob[32] = "";
	bool has_idn = false, has_mob = false;
	if ((rc = stmt_step(st, e)) == 1) {
		if ((has_idn = !col_null(st, 0)))
			snprintf(idn, sizeof idn, "%s", col_text(st, 0));
		if ((has_mob = !col_null(st, 1)))
			snprintf(mob, sizeof mob, "%s", col_text(st, 1));
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	/* The entry records who looked, when and why — not what they saw. */
	const struct reveal_field f[] = {{"id_number", has_idn ? idn : NULL}, {"mobile", has_mob ? mob : NULL}};
	struct sb a = SB_INIT;
	reveal_audit_detail(&a, purpose, f, 2);
	rc = registry_audit(db, actor, now, "person.reveal", "person", id, r.region_id, NULL, sb_str(&a), e);
	sb_free(&a);
	if (rc)
		return rc;
	reveal_answer(w, id, f, 2, purpose);
	return 0;
}

static int person_verify(struct ctx *c, int64_t id, const char *method, const char *note)
{
	struct record r;
	struct pinfo pi;
	struct err *e = c->e;
	int rc;
	if ((rc = load(c, id, &r, &pi)))
		return rc;
	if (!registry_in(method, registry_verify_methods))
		return err_set(e, ERR_INVALID, "method",
			       "核验方式应为 household_roll（户籍名册）、residence_permit（居住证）或 in_person（现场核验）",
			       "method must be household_roll, residence_permit or in_person");
	if (note && utf8_chars(note) > 500)
		return err_set(e, ERR_INVALID, "note", "备注最多 500 个字", "note is at most 500 characters");
	if (strcmp(pi.status, "active") != 0)
		return err_set(e, ERR_RULE, "status", "只能核验在册（active）人员",
			       "only active people can be verified");
	if (pi.verified)
		return err_set(e, ERR_CONFLICT, "id", "该人员已核验，如需重新核验请先撤销",
			       "the person is already verified; withdraw first to verify again");
	if ((rc = record_begin(c, &r, -1)) ||
	    (rc = db_exec(c->db, e,
			  "UPDATE people SET verified_at=?, verified_by=NULLIF(?,0), verify_method=?,"
			  " verify_note=?, version=version+1, updated_at=? WHERE id=?",
			  "iissii", c->now, c->who ? c->who->user_id : 0, method, note, c->now, id)))
		return rc;
	return record_commit(c, &r, "person.verify");
}

int registry_person_verify(struct ctx *c, int64_t id, const void *in)
{
	const struct registry_verify_in *v = in;
	return person_verify(c, id, v->method, v->note);
}

static int person_unverify(struct ctx *c, int64_t id, const char *reason)
{
	struct record r;
	struct pinfo pi;
	char *after = NULL;
	int rc;
	if ((rc = load(c, id, &r, &pi)))
		return rc;
	if (!reason || utf8_chars(reason) < 2 || utf8_chars(reason) > 500)
		return err_set(c->e, ERR_INVALID, "reason", "请说明撤销原因（2 到 500 个字）",
			       "state the reason (2 to 500 characters)");
	if (!pi.verified)
		return err_set(c->e, ERR_CONFLICT, "id", "该人员尚未核验", "the person is not verified");
	if ((rc = record_begin(c, &r, -1)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE people SET verified_at=NULL, verified_by=NULL, verify_method=NULL,"
			  " verify_note=NULL, version=version+1, updated_at=? WHERE id=?",
			  "ii", c->now, id)) ||
	    (rc = record_snapshot(c, &person_kind.rec, id, &after)))
		return rc;
	/* The reason goes into the entry's "after" beside the new state. */
	struct sb b = SB_INIT;
	sb_add(&b, after, strlen(after) - 1);
	sb_adds(&b, ",\"reason\":");
	json_escape(&b, reason, strlen(reason));
	sb_addc(&b, '}');
	rc = audit_record(c, "person.unverify", "person", id, r.region_id, r.before, sb_str(&b));
	sb_free(&b);
	return rc;
}

int registry_person_unverify(struct ctx *c, int64_t id, const void *in)
{
	const struct registry_unverify_in *v = in;
	return person_unverify(c, id, v->reason);
}

void registry_people_filter_init(struct registry_people_filter *f)
{
	memset(f, 0, sizeof *f);
	for (int i = 0; i < PF__COUNT; i++)
		f->flag[i] = -1;
	f->verified = -1;
}

/* The people list (docs/lists.md). q is an exact ID number or mobile
 * (found by their indexes) or a name substring. A name substring is looked
 * up in people_name_grams (013): every person whose name holds q holds its
 * first one or two characters, so the postings of those are the candidates
 * and `name LIKE` is tested on them alone (for one or two characters the
 * posting is the answer). The postings carry the region, so a community reads its
 * own postings and the district walks them in id order. */
#define PERSON_FROM "people p JOIN regions g ON g.id=p.region_id"
static const struct list_spec person_list = REGISTRY_LIST("people", "p", PERSON_SELECT);
/* registry_sorts over the postings and the person. */
static const struct list_sort gram_sorts[] = {
	{"id", "x.person_id", false, true},              {"name", "p.name", true, false},
	{"created_at", "p.created_at", false, false},    {"updated_at", "p.updated_at", false, false},
	{NULL, NULL, false, false},
};
static const struct list_spec person_gram_list = {
	.table = "people_name_grams x JOIN people p ON p.id = x.person_id", .id = "x.person_id",
	.region = "x.region_id", .sorts = gram_sorts, .default_sort = "id",
	.select = PERSON_SELECT, .from = PERSON_FROM, .row_id = "p.id",
	.count_cap = REGISTRY_TOTAL_CAP,
};
/* One or two characters, no other filter, sorted by id: the postings alone. */
static const struct list_spec person_posting_list = {
	.table = "people_name_grams x", .id = "x.person_id", .region = "x.region_id",
	.sorts = gram_sorts, .default_sort = "id",
	.select = PERSON_SELECT, .from = PERSON_FROM, .row_id = "p.id",
	.count_cap = REGISTRY_TOTAL_CAP,
};

/* The first n characters (1 or 2) of q as the postings store them: ASCII
 * letters lower case, as LIKE compares them. */
static void first_chars(const char *q, int n, char out[16])
{
	size_t len = 0;
	for (int k = 0; k < n && q[len]; k++) {
		unsigned char c = (unsigned char)q[len];
		size_t w = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		for (size_t i = 0; i < w && q[len]; i++, len++)
			out[len] = (char)(q[len] >= 'A' && q[len] <= 'Z' ? q[len] - 'A' + 'a' : q[len]);
	}
	out[len] = 0;
}

static bool people_filtered(const struct registry_people_filter *f)
{
	bool any = f->household || f->sw_level || f->status || f->verified >= 0;
	for (int i = 0; i < PF__COUNT; i++)
		any |= f->flag[i] >= 0;
	return any;
}

/* The enumerated filters, checked; people_terms writes them. */
#define PFF(m) offsetof(struct registry_people_filter, m)
static const struct registry_enum_filter people_filters[] = {
	{"household", "p.household", PFF(household), registry_households,
	 "户籍类型应为 registered 或 nonregistered", "household must be registered or nonregistered"},
	{"sw_level", "p.sw_level", PFF(sw_level), registry_sw_levels,
	 "社工职业水平应为 assistant、intermediate 或 senior", "sw_level must be assistant, intermediate or senior"},
	{"status", "p.status", PFF(status), registry_person_statuses, "状态应为 active、moved_out 或 deceased",
	 "status must be active, moved_out or deceased"},
	{NULL, NULL, 0, NULL, NULL, NULL},
};

/* Enumerated values and flags were validated and go into the SQL as
 * literals, so the planner can match the partial indexes of
 * 011_registry_indexes.sql (is_social_worker = 1, verified_at IS NOT NULL, …). */
static void people_terms(struct list_q *q, const struct registry_people_filter *f)
{
	char sql[96];
	if (f->household) {
		snprintf(sql, sizeof sql, "p.household = '%s'", f->household);
		list_where(q, sql, NULL);
	}
	if (f->sw_level) {
		snprintf(sql, sizeof sql, "p.sw_level = '%s'", f->sw_level);
		list_where(q, sql, NULL);
	}
	if (f->status) {
		snprintf(sql, sizeof sql, "p.status = '%s'", f->status);
		list_where(q, sql, NULL);
	}
	for (int i = 0; i < PF__COUNT; i++) {
		if (f->flag[i] < 0)
			continue;
		snprintf(sql, sizeof sql, "p.%s = %d", registry_person_flag_keys[i], f->flag[i] ? 1 : 0);
		list_where(q, sql, NULL);
	}
	if (f->verified >= 0)
		list_where(q, f->verified ? "p.verified_at IS NOT NULL" : "p.verified_at IS NULL", NULL);
}

int registry_people_list(struct ctx *c, const struct registry_people_filter *f, const struct list_req *lr,
		    registry_row_fn fn, void *fctx, struct list_result *res)
{
	struct err *e = c->e;
	int rc = registry_filters_check(f, people_filters, e);
	if (rc)
		return rc;
	/* q: an exact ID number or mobile finds that person by index; anything
	 * else is a name substring. */
	const char *q_id = NULL, *q_mob = NULL, *q_name = NULL;
	struct pii_id pid;
	char mob[12];
	struct err qe = {0};
	if (f->q && *f->q) {
		size_t n = strlen(f->q);
		if (n == 18 && pii_id_parse(f->q, n, 0, &pid, &qe) == 0)
			q_id = pid.number;
		else if (n >= 11 && n <= 16 && f->q[0] != '%' &&
			 pii_mobile_normalize(f->q, n, mob, &qe) == 0)
			q_mob = mob;
		else
			q_name = f->q;
	}
	const struct list_spec *spec = &person_list;
	size_t q_chars = q_name ? utf8_chars(q_name) : 0;
	bool short_q = q_chars <= 2; /* the posting is the answer */
	const char *sort = lr->sort && *lr->sort ? lr->sort : "id";
	if (q_name)
		spec = short_q && !people_filtered(f) && (!strcmp(sort, "id") || !strcmp(sort, "-id"))
			       ? &person_posting_list
			       : &person_gram_list;
	struct list_q *q;
	if ((rc = registry_list_new(c->db, c->who, REGISTRY_READ_ROLES, f->region_id, spec, &q, e)))
		return rc;
	if (q_name) {
		char gram[16];
		first_chars(q_name, q_chars >= 2 ? 2 : 1, gram);
		/* list_where: the posting stays usable by an index whichever
		 * side drives */
		list_where(q, "x.gram = ?", "s", gram);
		if (q_chars > 2) {
			char *like = registry_like_pattern(q_name);
			list_where(q, "p.name LIKE ? ESCAPE '\\'", "s", like);
			free(like);
		}
	}
	/* list_where: an exact number is always found by its index */
	if (q_id)
		list_where(q, "p.id_number = ?", "s", q_id);
	if (q_mob)
		list_where(q, "p.mobile = ?", "s", q_mob);
	people_terms(q, f);
	return registry_list_run(c->db, q, lr, registry_person_cols, registry_person_ncols, fn, fctx, res, e);
}

/* The id of the verified, active person sql finds by v (indexed), 0 when
 * none, or the error. */
static int64_t verified_by(struct db *db, const char *sql, int64_t v)
{
	struct err e = {0};
	int64_t id = 0;
	int rc = db_int(db, &e, &id, sql, "i", v);
	if (rc < 0)
		return rc;
	return rc == 1 ? id : 0;
}

int registry_person_verified(struct db *db, int64_t person_id)
{
	int64_t id = verified_by(db, "SELECT id FROM people WHERE id=? AND verified_at IS NOT NULL AND status='active'",
				 person_id);
	return id < 0 ? (int)id : id ? 1 : 0;
}

int64_t registry_user_verified_person(struct db *db, int64_t user_id)
{
	return verified_by(db, "SELECT id FROM people WHERE user_id=? AND verified_at IS NOT NULL AND status='active'",
			   user_id);
}
