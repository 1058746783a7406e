/*
 * exchange_service.c — supply: the services providers offer (exchange_services
 * with their terms and the regions they serve), and the provider
 * accounts that link a user to the organisation, team or professional
 * person they act for.
 *
 * A service is managed by the users linked to its provider and by staff
 * whose grants cover its home region. Ratings (rating_sum/count) are
 * written only by the closed loop (exchange_loop.c), never through here.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules/exchange/exchange.h"
#include "modules/registry/registry.h"
#include "store/jcols.h"
#include "store/store.h"

static const struct col service_cols[] = {
	{"id", "编号", COL_INT}, {"region_id", "区域", COL_INT}, {"provider_kind", "提供方类型", COL_TEXT},
	{"organisation_id", "机构", COL_INT}, {"team_id", "队伍", COL_INT}, {"person_id", "专业人士", COL_INT},
	{"name", "名称", COL_TEXT}, {"description", "说明", COL_TEXT}, {"latitude", "纬度", COL_DOUBLE},
	{"longitude", "经度", COL_DOUBLE}, {"radius_m", "服务半径", COL_INT}, {"schedule_mask", "时段", COL_INT},
	{"capacity_per_week", "每周容量", COL_INT}, {"skills", "技能", COL_TEXT}, {"cost_kind", "收费", COL_TEXT},
	{"price_fen", "价格", COL_INT}, {"contact_phone", "联系电话", COL_TEXT}, {"status", "状态", COL_TEXT},
	{"rating_sum", "评分合计", COL_INT}, {"rating_count", "评分次数", COL_INT}, {"version", "版本", COL_INT},
	{"created_at", "创建时间", COL_TIME}, {"updated_at", "更新时间", COL_TIME},
};

const struct record_kind exchange_service_kind = {
	EXCHANGE_KIND("xchg_service", "服务", "service", "xchg_services", "s"),
	.row_sql = "SELECT s.id, s.region_id, s.provider_kind, s.organisation_id, s.team_id, s.person_id,"
		   " s.name, s.description, s.latitude, s.longitude, s.radius_m, s.schedule_mask,"
		   " s.capacity_per_week, s.skills, s.cost_kind, s.price_fen, s.contact_phone, s.status,"
		   " s.rating_sum, s.rating_count, s.version, s.created_at, s.updated_at"
		   " FROM xchg_services s WHERE s.id=?",
	EXCHANGE_COLS(service_cols), .read_roles = ROLES_ANY, /* staff in scope or a linked provider: check_access */
};

static const struct col provider_account_cols[] = {
	{"user_id", "账号", COL_INT},
	{"organisation_id", "机构", COL_INT},
	{"team_id", "队伍", COL_INT},
	{"person_id", "专业人士", COL_INT},
};

const struct record_kind exchange_provider_account_kind = {
	.entity = "xchg_provider_account", .what_zh = "关联", .what_en = "provider account",
	.head_sql = "SELECT pa.id, pa.region_id, 0, r.path FROM xchg_provider_accounts pa"
		    " JOIN regions r ON r.id=pa.region_id WHERE pa.id=?",
	.row_sql = "SELECT user_id, organisation_id, team_id, person_id FROM xchg_provider_accounts WHERE id=?",
	EXCHANGE_COLS(provider_account_cols), .read_roles = EXCHANGE_STAFF,
};

#define LINKED_SQL                                                                           \
	"EXISTS (SELECT 1 FROM xchg_provider_accounts pa WHERE pa.user_id=? AND"                   \
	" (pa.organisation_id=s.organisation_id OR pa.team_id=s.team_id OR pa.person_id=s.person_id))"

bool exchange_is_provider_of(struct db *db, const struct principal *p, int64_t service_id)
{
	struct err e = {0};
	int64_t n = 0;
	if (!p || !auth_has_role(p, EXCHANGE_PROVIDER))
		return false;
	int rc = db_int(db, &e, &n, "SELECT count(*) FROM xchg_services s WHERE s.id=? AND " LINKED_SQL,
			"ii", service_id, p->user_id);
	return rc == 1 && n > 0;
}

/* The service's head, if the caller may act on it: roles (EXCHANGE_STAFF to
 * manage, EXCHANGE_FIELD to read) covering its home region, or a link to its
 * provider. */
static int check_access(struct ctx *c, int64_t id, unsigned roles, struct record *rec)
{
	int rc = record_head(c, &exchange_service_kind, id, rec);
	if (rc)
		return rc;
	bool ok = !c->who || auth_covers_path(c->who, roles, rec->path) ||
		  exchange_is_provider_of(c->db, c->who, id);
	return ok ? 0 : auth_forbidden(c->e);
}

int exchange_service_check_manage(struct ctx *c, int64_t id)
{
	struct record rec;
	return check_access(c, id, EXCHANGE_STAFF, &rec);
}

#define SERVICE_COLS                                                                          \
	"s.id, s.region_id, r.name, s.provider_kind, coalesce(s.organisation_id,0),"                 \
	" coalesce(s.team_id,0), coalesce(s.person_id,0), coalesce(o.name, t.name, pe.name),"        \
	" s.name, s.description, s.latitude, s.longitude, s.radius_m, s.schedule_mask,"              \
	" s.capacity_per_week, s.skills, s.cost_kind, s.price_fen, s.contact_phone, s.status,"       \
	" s.rating_sum, s.rating_count, s.version, s.created_at, s.updated_at,"                     \
	" (SELECT count(*) FROM xchg_matches m WHERE m.service_id=s.id AND m.status IN ('proposed','accepted')),"  \
	" (SELECT coalesce(sum(m.hours_delivered),0) FROM xchg_matches m WHERE m.service_id=s.id AND"          \
	"  m.status IN ('delivered','confirmed','rated')), r.path"
#define SERVICE_FROM                                                                          \
	" FROM xchg_services s JOIN regions r ON r.id=s.region_id"                                  \
	" LEFT JOIN organisations o ON o.id=s.organisation_id LEFT JOIN teams t ON t.id=s.team_id"   \
	" LEFT JOIN people pe ON pe.id=s.person_id"

/* A service's members from a row of SERVICE_COLS, around rating_avg. */
static const struct jcol service_jcols[] = {
	{"id", 0, JC_INT}, {"region_id", 1, JC_INT}, {"region_name", 2, JC_TEXT},
	{"provider_kind", 3, JC_TEXT}, {"organisation_id", 4, JC_INT_OR_NULL},
	{"team_id", 5, JC_INT_OR_NULL}, {"person_id", 6, JC_INT_OR_NULL},
	{"provider_name", 7, JC_TEXT}, {"name", 8, JC_TEXT}, {"description", 9, JC_TEXT},
	{"latitude", 10, JC_DOUBLE_OR_NULL}, {"longitude", 11, JC_DOUBLE_OR_NULL},
	{"radius_m", 12, JC_INT}, {"schedule_mask", 13, JC_INT}, {"capacity_per_week", 14, JC_INT},
	{"load", 25, JC_INT}, {"minutes_delivered", 26, JC_INT}, {"skills", 15, JC_TEXT},
	{"cost_kind", 16, JC_TEXT}, {"price_fen", 17, JC_INT}, {"contact_phone", 18, JC_TEXT},
	{"status", 19, JC_TEXT}, {"rating_sum", 20, JC_INT}, {"rating_count", 21, JC_INT},
};
static const struct jcol service_stamp_jcols[] = {
	{"version", 22, JC_INT}, {"created_at", 23, JC_TIME}, {"updated_at", 24, JC_TIME},
};
static const struct jcol region_jcols[] = {
	{"id", 0, JC_INT}, {"name", 1, JC_TEXT}, {"level", 2, JC_TEXT},
};

/* One service from a row of SERVICE_COLS (st stays on the row; the
 * nested queries are the row's children). Shared by the one-record read
 * and the list, which therefore reads each row once. */
static int service_row(struct db *db, const struct principal *p, struct jw *t, struct stmt *st,
		       struct err *e)
{
	int64_t id = col_int(st, 0);
	int rc;
	jw_obj(t);
	jw_cols(t, st, JCOLS(service_jcols));
	jw_key(t, "rating_avg");
	if (col_int(st, 21))
		jw_double(t, round(10.0 * (double)col_int(st, 20) / (double)col_int(st, 21)) / 10.0);
	else
		jw_null(t);
	jw_cols(t, st, JCOLS(service_stamp_jcols));
	bool manage = !p || auth_covers_path(p, EXCHANGE_STAFF, col_text(st, 27)) ||
		      exchange_is_provider_of(db, p, id);
	jw_kbool(t, "can_edit", manage);
	jw_key(t, "terms");
	if ((rc = exchange_write_terms(db, t, true, id, e)))
		return rc;
	jw_key(t, "regions");
	jw_arr(t);
	st = db_q(db, e,
		  "SELECT r.id, r.name, r.level FROM xchg_service_regions x JOIN regions r ON r.id=x.region_id"
		  " WHERE x.service_id=? ORDER BY r.path",
		  "i", id);
	if (!st)
		return e->code;
	if ((rc = jw_rows(t, st, JCOLS(region_jcols), e)) < 0)
		return rc;
	jw_arr_end(t);
	jw_obj_end(t);
	return 0;
}

int exchange_service_write(struct ctx *c, struct jw *w, int64_t id)
{
	struct record rec;
	int rc = check_access(c, id, EXCHANGE_FIELD, &rec);
	if (rc)
		return rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st, "SELECT " SERVICE_COLS SERVICE_FROM " WHERE s.id=?", "i", id)) <= 0)
		return rc < 0 ? rc : exchange_not_found(c, "服务", "service");
	/* Written aside: the row's terms and regions are read while st is on it. */
	struct sb b = SB_INIT;
	struct jw t;
	jw_init(&t, &b);
	rc = service_row(c->db, c->who, &t, st, c->e);
	stmt_done(st);
	if (!rc)
		jw_raw(w, sb_str(&b));
	sb_free(&b);
	return rc;
}

/* The services list (store/list.h): the services in the caller's primary
 * field grant or a region inside it, or ("mine") those of the providers the
 * caller is linked to, driven by the caller's links. */
static const struct list_sort service_sorts[] = {
	{"id", "s.id", false, true},
	{"created_at", "s.created_at", false, true},
	{"name", "s.name", true, false},
	{"rating", "CASE WHEN s.rating_count=0 THEN 0 ELSE s.rating_sum*1000/s.rating_count END", false, false},
	{"capacity", "s.capacity_per_week", false, false},
	EXCHANGE_SORTS_END,
};
static const struct list_spec service_list = {
	EXCHANGE_LIST_KEYS("s"),
	.table = "xchg_services s",
	.sorts = service_sorts, .default_sort = "id",
	.select = SERVICE_COLS,
	.from = SERVICE_FROM + sizeof " FROM" - 1,
};

struct service_row_ctx {
	struct db *db;
	const struct principal *p;
	struct jw *w;
};

static int service_list_row(struct stmt *st, void *vctx, struct err *e)
{
	struct service_row_ctx *c = vctx;
	return service_row(c->db, c->p, c->w, st, e);
}

static const struct exchange_posting_list service_postings = {
	.spec = &service_list, .service = true,
	.id_col = "s.id", .title_col = "s.name", .desc_col = "s.description", .status_col = "s.status",
	.statuses = exchange_service_statuses,
	.mine_where = "(s.organisation_id IN (SELECT organisation_id FROM xchg_provider_accounts WHERE user_id = ?)"
		      " OR s.team_id IN (SELECT team_id FROM xchg_provider_accounts WHERE user_id = ?)"
		      " OR s.person_id IN (SELECT person_id FROM xchg_provider_accounts WHERE user_id = ?))",
	.mine_types = "iii", .row = service_list_row,
};

int exchange_services_list(struct db *db, const struct principal *p, struct jw *w,
		       const struct exchange_posting_filter *f, int64_t now, int64_t *total, struct err *e)
{
	struct service_row_ctx ctx = {db, p, w};
	return exchange_postings_run(db, p, &service_postings, f, &ctx, now, total, e);
}

static int validate(struct ctx *c, const struct exchange_service_in *in)
{
	int rc = exchange_check_coords(c->e, &in->latitude, &in->longitude);
	if (rc)
		return rc;
	if (in->schedule_mask.has && (in->schedule_mask.v < 0 || in->schedule_mask.v >= (1 << 21)))
		return err_set(c->e, ERR_INVALID, "schedule_mask", "每周时段无效",
			       "schedule_mask must be 21 bits (7 days × morning/afternoon/evening)");
	if (in->cost_kind && strcmp(in->cost_kind, "free") == 0 && in->price_fen.has && in->price_fen.v > 0)
		return err_set(c->e, ERR_RULE, "price_fen", "免费服务的价格应为 0", "a free service has price 0");
	return 0;
}

static int set_regions(struct ctx *c, int64_t id, const struct exchange_ids *regions)
{
	const struct principal *p = c->who;
	struct db *db = c->db;
	struct err *e = c->e;
	const int64_t *ids = regions->v;
	int rc = db_exec(db, e, "DELETE FROM xchg_service_regions WHERE service_id=?", "i", id);
	for (int i = 0; !rc && i < regions->n; i++) {
		const char *path = NULL;
		if ((rc = exchange_region_path(c, ids[i], &path))) {
			snprintf(e->field, sizeof e->field, "region_ids");
			return rc;
		}
		/* A provider may declare any area it serves; staff only within
		 * their grants (they vouch for it). */
		bool ok = !p || !auth_has_role(p, EXCHANGE_STAFF) || auth_has_role(p, EXCHANGE_PROVIDER) ||
			  auth_covers_path(p, EXCHANGE_STAFF, path);
		if (!ok)
			return auth_forbidden(e);
		/* a region listed twice is kept once */
		rc = db_exec(db, e,
			     "INSERT INTO xchg_service_regions (service_id, region_id) VALUES (?,?)"
			     " ON CONFLICT (service_id, region_id) DO NOTHING",
			     "ii", id, ids[i]);
	}
	return rc;
}

/* The provider (organisation, team or professional person) named:
 * its region, and whether the caller acts for it through a provider
 * account. The registry's scoped read answers for it: a provider outside
 * the caller's grants is 403 (404 if there is none) — unless the caller
 * is linked to it, since the link was checked on both sides when it was
 * made. Staff who are not linked must also cover the provider with a
 * staff grant: nobody offers a service in another's name. */
static int provider_region(struct ctx *c, int64_t org, int64_t team, int64_t person,
			   int64_t *region, bool *linked)
{
	const struct principal *p = c->who;
	int set = (org != 0) + (team != 0) + (person != 0);
	if (set != 1)
		return err_set(c->e, ERR_INVALID, "organisation_id",
			       "请指定一个提供方：机构、志愿队伍或专业人士之一",
			       "name exactly one provider: organisation_id, team_id or person_id");
	int64_t n = 0;
	int rc;
	if (p && (rc = db_int(c->db, c->e, &n,
			      "SELECT count(*) FROM xchg_provider_accounts WHERE user_id=? AND"
			      " (organisation_id=? OR team_id=? OR person_id=?)",
			      "iiii", p->user_id, org, team, person)) < 0)
		return rc;
	*linked = n > 0;
	const struct principal *reader = *linked ? NULL : p;
	const char *field = org ? "organisation_id" : team ? "team_id" : "person_id";
	struct registry_ref ref;
	if (org)
		rc = registry_org_get_scoped(c->db, reader, org, field, &ref, c->e);
	else if (team)
		rc = registry_team_get_scoped(c->db, reader, team, field, &ref, c->e);
	else
		rc = registry_person_get_scoped(c->db, reader, person, field, &ref, c->e);
	if (rc)
		return rc;
	*region = ref.region_id;
	if (reader && !auth_covers_path(reader, EXCHANGE_STAFF, ref.path)) {
		rc = auth_forbidden(c->e);
		snprintf(c->e->field, sizeof c->e->field, "%s", field);
	}
	registry_ref_free(&ref);
	return rc;
}

int exchange_service_create(struct ctx *c, const void *vin, int64_t *id_out)
{
	const struct exchange_service_in *in = vin;
	int rc;
	int64_t home = 0;
	bool linked = false;
	const char *path = NULL;
	if ((rc = validate(c, in)) || (rc = exchange_check_terms(c, &in->terms)) ||
	    (rc = provider_region(c, in->organisation_id, in->team_id, in->person_id, &home, &linked)))
		return rc;
	int64_t region_id = in->region_id ? in->region_id : home;
	if ((rc = exchange_region_path(c, region_id, &path)))
		return rc;
	if (c->who && !linked && !auth_covers_path(c->who, EXCHANGE_STAFF, path))
		return auth_forbidden(c->e);
	const char *kind = in->provider_kind ? in->provider_kind
			   : in->organisation_id ? "organisation"
			   : in->team_id	 ? "team"
						 : "professional";
	if (in->team_id && strcmp(kind, "team") != 0)
		return err_set(c->e, ERR_INVALID, "provider_kind", "志愿队伍的提供方类型应为 team",
			       "a team's provider_kind is team");
	bool coords = in->latitude.has;
	/* RETURNING: the row is written by the first step. */
	if ((rc = db_int(c->db, c->e, id_out,
		"INSERT INTO xchg_services (region_id, organisation_id, team_id, person_id, provider_kind, name,"
		" description, latitude, longitude, radius_m, schedule_mask, capacity_per_week, skills, cost_kind,"
		" price_fen, contact_phone, status, version, created_at, updated_at) VALUES"
		" (?, CASE WHEN ?=0 THEN NULL ELSE ? END, CASE WHEN ?=0 THEN NULL ELSE ? END,"
		" CASE WHEN ?=0 THEN NULL ELSE ? END, ?, ?, ?, CASE WHEN ?=1 THEN ? END, CASE WHEN ?=1 THEN ? END,"
		" ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
		"iiiiiiisssididiiississii", region_id, in->organisation_id, in->organisation_id,
		in->team_id, in->team_id, in->person_id, in->person_id, kind, in->name,
		in->description ? in->description : "", (int64_t)coords, in->latitude.v, (int64_t)coords,
		in->longitude.v, in->radius_m.has ? in->radius_m.v : 3000, in->schedule_mask.v,
		in->capacity_per_week.has ? in->capacity_per_week.v : 1, in->skills ? in->skills : "",
		in->cost_kind ? in->cost_kind : "free", in->price_fen.v, in->contact_phone,
		in->status ? in->status : "active", c->now, c->now)) < 0)
		return rc;
	if ((rc = exchange_set_terms(c, true, *id_out, &in->terms)) ||
	    (in->regions.n > 0 && (rc = set_regions(c, *id_out, &in->regions))))
		return rc;
	return record_created(c, &exchange_service_kind, *id_out, region_id, NULL);
}

int exchange_service_update(struct ctx *c, int64_t id, const void *vin)
{
	const struct exchange_service_in *in = vin;
	struct record rec;
	int rc;
	if ((rc = check_access(c, id, EXCHANGE_STAFF, &rec)) || (rc = validate(c, in)))
		return rc;
	if (in->version != rec.version)
		return record_stale(c->e, rec.version);
	if (in->terms.has && (rc = exchange_check_terms(c, &in->terms)))
		return rc;
	if ((rc = record_begin(c, &rec, in->version)))
		return rc;
	bool coords = in->latitude.has;
	rc = db_exec(c->db, c->e,
		     "UPDATE xchg_services SET name=coalesce(?,name), description=coalesce(?,description),"
		     " skills=coalesce(?,skills), cost_kind=coalesce(?,cost_kind), contact_phone=coalesce(?,contact_phone),"
		     " status=coalesce(?,status),"
		     " latitude=CASE WHEN ?=1 THEN ? ELSE latitude END, longitude=CASE WHEN ?=1 THEN ? ELSE longitude END,"
		     " radius_m=CASE WHEN ?=1 THEN ? ELSE radius_m END,"
		     " schedule_mask=CASE WHEN ?=1 THEN ? ELSE schedule_mask END,"
		     " capacity_per_week=CASE WHEN ?=1 THEN ? ELSE capacity_per_week END,"
		     " price_fen=CASE WHEN ?=1 THEN ? ELSE price_fen END,"
		     " version=version+1, updated_at=? WHERE id=?",
		     "ssssssididiiiiiiiiii", in->name, in->description, in->skills, in->cost_kind,
		     in->contact_phone, in->status, (int64_t)coords, in->latitude.v, (int64_t)coords,
		     in->longitude.v, (int64_t)in->radius_m.has, in->radius_m.v,
		     (int64_t)in->schedule_mask.has, in->schedule_mask.v,
		     (int64_t)in->capacity_per_week.has, in->capacity_per_week.v,
		     (int64_t)in->price_fen.has, in->price_fen.v, c->now, id);
	if (rc)
		return rc;
	if ((rc = exchange_rule_after(c, id,
				      "SELECT count(*) FROM xchg_services WHERE id=? AND cost_kind='free' AND price_fen>0",
				      ERR_RULE, "price_fen", "免费服务的价格应为 0", "a free service has price 0")))
		return rc;
	if ((in->terms.has && (rc = exchange_set_terms(c, true, id, &in->terms))) ||
	    (in->regions.has && (rc = set_regions(c, id, &in->regions))))
		return rc;
	return record_commit(c, &rec, "update");
}

/* ---------- provider accounts ---------- */

int exchange_provider_link(struct ctx *c, const void *vin, int64_t *id_out)
{
	const struct exchange_provider_in *in = vin;
	const struct principal *p = c->who;
	int64_t region = 0, n = 0;
	bool linked;
	const char *path = NULL;
	/* Both sides in the caller's scope: the provider (the registry's
	 * scoped read, then a staff grant over it) and the user account (as
	 * GET /users/{id} decides: every grant of it inside the caller's
	 * administration scope). */
	int rc = provider_region(c, in->organisation_id, in->team_id, in->person_id, &region, &linked);
	if (rc || (rc = exchange_region_path(c, region, &path)))
		return rc;
	if (p && !auth_covers_path(p, EXCHANGE_STAFF, path))
		return auth_forbidden(c->e);
	if (p && (rc = auth_user_check_visible(c->db, p, in->user_id, c->e))) {
		snprintf(c->e->field, sizeof c->e->field, "user_id");
		return rc;
	}
	if ((rc = db_int(c->db, c->e, &n,
			 "SELECT count(*) FROM user_grants WHERE user_id=? AND role IN ('org_admin','volunteer','social_worker')",
			 "i", in->user_id)) < 0)
		return rc;
	if (!n)
		return err_set(c->e, ERR_RULE, "user_id", "该账号没有机构管理员、志愿者或社工角色",
			       "the user holds no org_admin, volunteer or social_worker role");
	if ((rc = db_int(c->db, c->e, &n,
			 "SELECT count(*) FROM xchg_provider_accounts WHERE user_id=? AND coalesce(organisation_id,0)=?"
			 " AND coalesce(team_id,0)=? AND coalesce(person_id,0)=?",
			 "iiii", in->user_id, in->organisation_id, in->team_id, in->person_id)) < 0)
		return rc;
	if (n)
		return err_set(c->e, ERR_CONFLICT, "user_id", "该账号已关联此提供方",
			       "the user already acts for this provider");
	int64_t by = p ? p->user_id : 0;
	/* RETURNING: the row is written by the first step. */
	if ((rc = db_int(c->db, c->e, id_out,
			       "INSERT INTO xchg_provider_accounts (user_id, organisation_id, team_id, person_id,"
			       " region_id, created_by, created_at) VALUES (?, CASE WHEN ?=0 THEN NULL ELSE ? END,"
			       " CASE WHEN ?=0 THEN NULL ELSE ? END, CASE WHEN ?=0 THEN NULL ELSE ? END, ?,"
			       " CASE WHEN ?=0 THEN NULL ELSE ? END, ?) RETURNING id",
			       "iiiiiiiiiii", in->user_id, in->organisation_id, in->organisation_id,
			       in->team_id, in->team_id, in->person_id, in->person_id, region, by, by, c->now)) < 0)
		return rc;
	return record_created(c, &exchange_provider_account_kind, *id_out, region, NULL);
}

int exchange_provider_unlink(struct ctx *c, int64_t id)
{
	struct record rec;
	int rc;
	if ((rc = record_load(c, &exchange_provider_account_kind, id, EXCHANGE_STAFF, &rec)) ||
	    (rc = record_begin(c, &rec, -1)) ||
	    (rc = db_exec(c->db, c->e, "DELETE FROM xchg_provider_accounts WHERE id=?", "i", id)))
		return rc;
	return record_commit(c, &rec, "delete");
}

int exchange_provider_write(struct ctx *c, struct jw *w, int64_t id)
{
	(void)c;
	jw_obj(w);
	jw_kint(w, "id", id);
	jw_obj_end(w);
	return 0;
}

int exchange_providers_write(struct ctx *c, struct jw *w, bool mine)
{
	const struct principal *p = c->who;
	struct db *db = c->db;
	struct err *e = c->e;
	const char *scope = mine ? NULL : exchange_scope_path(p, EXCHANGE_STAFF);
	if (!mine && !scope)
		return auth_forbidden(e);
	struct stmt *st = db_q(
		db, e,
		"SELECT pa.id, pa.user_id, u.username, u.display_name, coalesce(pa.organisation_id,0),"
		" coalesce(pa.team_id,0), coalesce(pa.person_id,0), coalesce(o.name, t.name, pe.name),"
		" CASE WHEN pa.organisation_id IS NOT NULL THEN (CASE WHEN o.org_type='enterprise' THEN 'enterprise' ELSE 'organisation' END)"
		" WHEN pa.team_id IS NOT NULL THEN 'team' ELSE 'professional' END, pa.region_id, r.name"
		" FROM xchg_provider_accounts pa JOIN users u ON u.id=pa.user_id JOIN regions r ON r.id=pa.region_id"
		" LEFT JOIN organisations o ON o.id=pa.organisation_id LEFT JOIN teams t ON t.id=pa.team_id"
		" LEFT JOIN people pe ON pe.id=pa.person_id"
		" WHERE (?=1 AND pa.user_id=?) OR (?=0 AND r.path >= ? AND r.path < substr(?,1,length(?)-1) || '0')"
		" ORDER BY pa.id LIMIT 500",
		"iiisss", (int64_t)mine, p ? p->user_id : 0, (int64_t)mine, scope, scope, scope);
	if (!st)
		return e->code;
	static const struct jcol provider_jcols[] = {
		{"id", 0, JC_INT}, {"user_id", 1, JC_INT}, {"username", 2, JC_TEXT},
		{"display_name", 3, JC_TEXT}, {"organisation_id", 4, JC_INT_OR_NULL},
		{"team_id", 5, JC_INT_OR_NULL}, {"person_id", 6, JC_INT_OR_NULL},
		{"provider_name", 7, JC_TEXT}, {"provider_kind", 8, JC_TEXT},
		{"region_id", 9, JC_INT}, {"region_name", 10, JC_TEXT},
	};
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	int rc = jw_rows(w, st, JCOLS(provider_jcols), e);
	jw_arr_end(w);
	jw_obj_end(w);
	return rc < 0 ? rc : 0;
}
