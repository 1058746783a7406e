/*
 * registry_org.c — organisations: social-work agencies, community social
 * organisations, foundations, associations, enterprises … with their
 * registration (登记) or filing (备案) with a town, the community that keeps
 * their ledger (台账) and, for community social organisations, the
 * incubation stage (incubating → filed → registered).
 *
 * Invariants: credit_code is NULL or a valid, unique unified social credit
 * code; filed_town_id is a town; ledger_community_id is a community; an
 * organisation is based at the district, a town or a community. The
 * contact's mobile is shown masked like a person's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/jsonin.h"
#include "core/pii.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "modules/region/region.h"
#include "modules/registry/registry_kind.h"
#include "modules/registry/registry.h"
#include "store/store.h"

#define ORG_LEVELS ((1u << LVL_DISTRICT) | (1u << LVL_TOWN) | (1u << LVL_COMMUNITY))

const struct registry_col registry_org_cols[] = {
	REGISTRY_COLS_HEAD("所在区域"),
	{"name", "名称", RC_TEXT},                 {"credit_code", "统一社会信用代码", RC_TEXT},
	{"org_type", "类型", RC_TEXT},             {"domain", "服务领域", RC_TEXT},
	{"registration", "登记状态", RC_TEXT},       {"filed_town_id", "备案镇街编号", RC_INT},
	{"filed_town_name", "备案镇街", RC_TEXT},    {"ledger_community_id", "台账社区编号", RC_INT},
	{"ledger_community_name", "台账社区", RC_TEXT}, {"incubation_stage", "孵化阶段", RC_TEXT},
	{"status", "状态", RC_TEXT},               {"contact_name", "联系人", RC_TEXT},
	{"contact_mobile", "联系电话（脱敏）", RC_MOBILE_MASK}, {"address", "地址", RC_TEXT},
	{"latitude", "纬度", RC_DOUBLE},           {"longitude", "经度", RC_DOUBLE},
	{"website", "网站", RC_TEXT},              {"email", "邮箱", RC_TEXT},
	{"description", "简介", RC_TEXT},          {"founded_on", "成立日期", RC_TEXT},
	REGISTRY_COLS_TAIL,
};
const int registry_org_ncols = (int)(sizeof registry_org_cols / sizeof registry_org_cols[0]);

#define ORG_SELECT                                                                              \
	"o.id, o.region_id, g.name, o.name, o.credit_code, o.org_type, o.domain, o.registration,"   \
	" o.filed_town_id, (SELECT t.name FROM regions t WHERE t.id=o.filed_town_id),"              \
	" o.ledger_community_id, (SELECT c.name FROM regions c WHERE c.id=o.ledger_community_id),"  \
	" o.incubation_stage, o.status, o.contact_name, o.contact_mobile, o.address, o.latitude,"   \
	" o.longitude, o.website, o.email, o.description, o.founded_on, o.version, o.created_at,"   \
	" o.updated_at, g.path"
#define ORG_ONE "SELECT " ORG_SELECT " FROM organisations o JOIN regions g ON g.id=o.region_id WHERE o.id=?"

struct ovals {
	char credit[19];
	char mobile[12];
	bool credit_set, mobile_set;
};

/* A town or community reference: it must exist at the right level, and be
 * covered by the actor or be an ancestor of the organisation's own region
 * (a community's staff file their organisations with their own town). */
static int check_ref(struct db *db, const struct principal *actor, int64_t id, int level,
		     const char *field, const char *org_path, struct err *e)
{
	struct registry_region rg;
	int rc = registry_region_load(db, id, field, &rg, e);
	if (rc == ERR_NOT_FOUND)
		return err_set(e, ERR_RULE, field, "所选区域不存在", "the chosen region does not exist");
	if (rc)
		return rc;
	if (rg.level != level)
		return level == LVL_TOWN
			       ? err_set(e, ERR_RULE, field, "备案单位必须是镇（街道）",
					 "filed_town_id must be a town")
			       : err_set(e, ERR_RULE, field, "台账社区必须是村（社区）",
					 "ledger_community_id must be a community");
	bool ancestor = org_path && strncmp(org_path, rg.path, strlen(rg.path)) == 0;
	if (!registry_covers(actor, REGISTRY_EDIT_ROLES, rg.path) && !ancestor)
		return auth_forbidden(e);
	return 0;
}

static int validate(struct db *db, const struct principal *actor, const struct registry_org_in *in,
		    int64_t self_id, const char *org_path, struct ovals *v, struct err *e)
{
	int rc;
	memset(v, 0, sizeof *v);
	if (in->name && (utf8_chars(in->name) > 100 || !*in->name))
		return err_set(e, ERR_INVALID, "name", "名称应为 1 到 100 个字",
			       "name must be 1 to 100 characters");
	if (in->org_type && !registry_in(in->org_type, registry_org_types))
		return err_set(e, ERR_INVALID, "org_type", "组织类型无效", "unknown org_type");
	if (in->domain && !registry_in(in->domain, registry_domains))
		return err_set(e, ERR_INVALID, "domain", "服务领域无效", "unknown domain");
	if (in->registration && !registry_in(in->registration, registry_registrations))
		return err_set(e, ERR_INVALID, "registration", "登记状态应为 registered、filed 或 unregistered",
			       "registration must be registered, filed or unregistered");
	if (in->has_incubation_stage && in->incubation_stage &&
	    !registry_in(in->incubation_stage, registry_incubation_stages))
		return err_set(e, ERR_INVALID, "incubation_stage", "孵化阶段应为 incubating、filed 或 registered",
			       "incubation_stage must be incubating, filed or registered");
	if (in->status && !registry_in(in->status, registry_org_statuses))
		return err_set(e, ERR_INVALID, "status", "状态应为 active、suspended 或 dissolved",
			       "status must be active, suspended or dissolved");
	if (in->has_founded_on && in->founded_on && *in->founded_on) {
		int64_t us;
		if (strlen(in->founded_on) != 10 || wtime_parse(in->founded_on, &us))
			return err_set(e, ERR_INVALID, "founded_on", "日期格式应为 YYYY-MM-DD",
				       "the date must be YYYY-MM-DD");
	}
	if (in->latitude.has && (in->latitude.v < -90 || in->latitude.v > 90))
		return err_set(e, ERR_INVALID, "latitude", "纬度应在 -90 到 90 之间", "latitude must be -90..90");
	if (in->longitude.has && (in->longitude.v < -180 || in->longitude.v > 180))
		return err_set(e, ERR_INVALID, "longitude", "经度应在 -180 到 180 之间",
			       "longitude must be -180..180");
	if (in->has_contact_mobile && in->contact_mobile && *in->contact_mobile) {
		if ((rc = pii_mobile_normalize(in->contact_mobile, strlen(in->contact_mobile), v->mobile, e))) {
			snprintf(e->field, sizeof e->field, "contact_mobile");
			return rc;
		}
		v->mobile_set = true;
	}
	if (in->has_credit_code && in->credit_code && *in->credit_code) {
		if ((rc = pii_credit_code_normalize(in->credit_code, strlen(in->credit_code), v->credit, e)))
			return rc;
		v->credit_set = true;
		int64_t other = 0;
		rc = db_int(db, e, &other, "SELECT id FROM organisations WHERE credit_code=? AND id<>?",
			    "si", v->credit, self_id);
		if (rc < 0)
			return rc;
		if (rc == 1)
			return err_set(e, ERR_CONFLICT, "credit_code", "该统一社会信用代码已被另一组织使用",
				       "this credit code is already used by another organisation");
	}
	if (in->has_filed_town_id && in->filed_town_id &&
	    (rc = check_ref(db, actor, in->filed_town_id, LVL_TOWN, "filed_town_id", org_path, e)))
		return rc;
	if (in->has_ledger_community_id && in->ledger_community_id &&
	    (rc = check_ref(db, actor, in->ledger_community_id, LVL_COMMUNITY, "ledger_community_id",
			    org_path, e)))
		return rc;
	return 0;
}

static int org_insert(struct ctx *c, const void *vin, int64_t *id)
{
	const struct registry_org_in *in = vin;
	struct registry_region rg;
	struct ovals v;
	struct err *e = c->e;
	int rc;
	if (!in->name || !*in->name)
		return err_set(e, ERR_INVALID, "name", "请填写名称", "name is required");
	if (!in->org_type)
		return err_set(e, ERR_INVALID, "org_type", "请选择组织类型", "org_type is required");
	if (!in->region_id)
		return err_set(e, ERR_INVALID, "region_id", "请选择所在区域", "region_id is required");
	if ((rc = registry_region_for_write(c->db, c->who, in->region_id, "region_id", ORG_LEVELS, &rg, e)) ||
	    (rc = validate(c->db, c->who, in, 0, rg.path, &v, e)))
		return rc;
	rc = db_int(
		c->db, e, id,
		"INSERT INTO organisations(region_id, name, credit_code, org_type, domain, registration,"
		" filed_town_id, ledger_community_id, incubation_stage, status, contact_name,"
		" contact_mobile, address, latitude, longitude, website, email, description, founded_on,"
		" import_job_id, created_at, updated_at)"
		" VALUES(?,?,?,?,?,?,NULLIF(?,0),NULLIF(?,0),?,?,?,?,?,"
		" CASE WHEN ?=1 THEN ? END, CASE WHEN ?=1 THEN ? END,?,?,?,?,NULLIF(?,0),?,?) RETURNING id",
		"isssssiisssssbdbdssssiii", in->region_id, in->name, v.credit_set ? v.credit : NULL,
		in->org_type, in->domain ? in->domain : "other",
		in->registration ? in->registration : "registered",
		in->has_filed_town_id ? in->filed_town_id : 0,
		in->has_ledger_community_id ? in->ledger_community_id : 0,
		in->has_incubation_stage ? in->incubation_stage : NULL,
		in->status ? in->status : "active", in->has_contact_name ? in->contact_name : NULL,
		v.mobile_set ? v.mobile : NULL, in->has_address ? in->address : NULL,
		(int)in->latitude.has, in->latitude.v, (int)in->longitude.has, in->longitude.v,
		in->has_website ? in->website : NULL, in->has_email ? in->email : NULL,
		in->has_description ? in->description : NULL,
		in->has_founded_on && in->founded_on && *in->founded_on ? in->founded_on : NULL,
		in->import_job_id, c->now, c->now);
	return rc < 0 ? rc : 0;
}

/* *st: the values validate normalised (struct ovals), for org_apply. */
static int org_check(struct ctx *c, struct record *r, const void *vin, void **st)
{
	const struct registry_org_in *in = vin;
	struct registry_region rg;
	int rc;
	const char *path = r->path;
	if (in->region_id && in->region_id != r->region_id) {
		if ((rc = registry_region_for_write(c->db, c->who, in->region_id, "region_id", ORG_LEVELS, &rg,
						    c->e)))
			return rc;
		path = rg.path;
	}
	struct ovals *v = arena_alloc(c->a, sizeof *v);
	*st = v;
	return validate(c->db, c->who, in, r->id, path, v, c->e);
}

static int org_apply(struct ctx *c, struct record *r, const void *vin, void *st)
{
	const struct registry_org_in *in = vin;
	const struct ovals *v = st;
	return db_exec(
		c->db, c->e,
		"UPDATE organisations SET region_id=CASE WHEN ?>0 THEN ? ELSE region_id END,"
		" name=coalesce(?,name), credit_code=CASE WHEN ?=1 THEN ? ELSE credit_code END,"
		" org_type=coalesce(?,org_type), domain=coalesce(?,domain),"
		" registration=coalesce(?,registration),"
		" filed_town_id=CASE WHEN ?=1 THEN NULLIF(?,0) ELSE filed_town_id END,"
		" ledger_community_id=CASE WHEN ?=1 THEN NULLIF(?,0) ELSE ledger_community_id END,"
		" incubation_stage=CASE WHEN ?=1 THEN ? ELSE incubation_stage END,"
		" status=coalesce(?,status),"
		" contact_name=CASE WHEN ?=1 THEN ? ELSE contact_name END,"
		" contact_mobile=CASE WHEN ?=1 THEN ? ELSE contact_mobile END,"
		" address=CASE WHEN ?=1 THEN ? ELSE address END,"
		" latitude=CASE WHEN ?=1 THEN ? ELSE latitude END,"
		" longitude=CASE WHEN ?=1 THEN ? ELSE longitude END,"
		" website=CASE WHEN ?=1 THEN ? ELSE website END,"
		" email=CASE WHEN ?=1 THEN ? ELSE email END,"
		" description=CASE WHEN ?=1 THEN ? ELSE description END,"
		" founded_on=CASE WHEN ?=1 THEN ? ELSE founded_on END,"
		" import_job_id=CASE WHEN ?>0 THEN ? ELSE import_job_id END,"
		" version=version+1, updated_at=? WHERE id=?",
		"iisbssssbibibssbsbsbsbdbdbsbsbsbsiiii", in->region_id, in->region_id, in->name,
		(int)in->has_credit_code, v->credit_set ? v->credit : NULL, in->org_type, in->domain,
		in->registration, (int)in->has_filed_town_id, in->filed_town_id,
		(int)in->has_ledger_community_id, in->ledger_community_id,
		(int)in->has_incubation_stage, in->incubation_stage, in->status,
		(int)in->has_contact_name, in->contact_name, (int)in->has_contact_mobile,
		v->mobile_set ? v->mobile : NULL, (int)in->has_address, in->address,
		(int)in->latitude.has, in->latitude.v, (int)in->longitude.has, in->longitude.v,
		(int)in->has_website, in->website, (int)in->has_email, in->email,
		(int)in->has_description, in->description, (int)in->has_founded_on,
		in->founded_on && *in->founded_on ? in->founded_on : NULL, in->import_job_id,
		in->import_job_id, c->now, r->id);
}

static const struct registry_kind org_kind = {
	REGISTRY_KIND("organisation", "组织", "organisation", "organisations", "o", ORG_ONE, registry_org_cols,
		      REGISTRY_READ_ROLES | R(ROLE_ORG_ADMIN), struct registry_org_in),
	.in_use_zh = "该组织仍被其他记录引用，不能删除；可将状态改为 dissolved（注销）",
	.in_use_en = "the organisation is still referenced and cannot be deleted; set status to dissolved",
	.insert = org_insert, .check = org_check, .apply = org_apply,
};

REGISTRY_KIND_API(org, org_kind)

static const struct list_spec org_list = REGISTRY_LIST("organisations", "o", ORG_SELECT);
#define OF(m) offsetof(struct registry_org_filter, m)
static const struct registry_enum_filter org_filters[] = {
	{"org_type", "o.org_type", OF(org_type), registry_org_types, "组织类型无效", "unknown org_type"},
	{"domain", "o.domain", OF(domain), registry_domains, "服务领域无效", "unknown domain"},
	{"registration", "o.registration", OF(registration), registry_registrations, "登记状态无效",
	 "unknown registration"},
	{"incubation_stage", "o.incubation_stage", OF(incubation_stage), registry_incubation_stages,
	 "孵化阶段无效", "unknown incubation_stage"},
	{"status", "o.status", OF(status), registry_org_statuses, "状态无效", "unknown status"},
	{NULL, NULL, 0, NULL, NULL, NULL},
};

int registry_orgs_list(struct ctx *c, const struct registry_org_filter *f, const struct list_req *lr,
		  registry_row_fn fn, void *fctx, struct list_result *res)
{
	struct list_q *q;
	int rc = registry_list_open(c, REGISTRY_READ_ROLES | R(ROLE_ORG_ADMIN), f->region_id, &org_list, f,
				    org_filters, &q);
	if (rc)
		return rc;
	if (f->q && *f->q) {
		char *like = registry_like_pattern(f->q);
		list_where(q, "(o.name LIKE ? ESCAPE '\\' OR o.credit_code = upper(?))", "ss", like, f->q);
		free(like);
	}
	if (f->ledger_community_id)
		list_eq_int(q, "o.ledger_community_id", f->ledger_community_id);
	return registry_list_run(c->db, q, lr, registry_org_cols, registry_org_ncols, fn, fctx, res, c->e);
}
