/*
 * exchange_hsds.c — the service directory as Open Referral HSDS 3.0 JSON
 * (docs/hsds.md): organizations, services and service_at_locations, each
 * element valid against the compiled schemas of ../shared/standards/hsds-3.0
 * (tests/hsds/validate.py checks every element of the demo export).
 *
 * What is published: active services (exchange_services.status='active') and
 * the organisations and volunteer teams that offer them; locations from
 * the organisation's address/coordinates, or else the nearest open
 * facility of the service's region (党群服务中心 first); taxonomy terms
 * as attributes; schedule_mask as weekly RRULE parts; areas served.
 * What is not: people. A professional's service names no person, carries
 * no phone and sits at its community's facility; organisations' contact
 * names and mobiles are never exported (only a service's own contact
 * phone, for organisation and team services, and only when it is not a
 * mainland mobile number).
 *
 * Ids: HSDS wants UUIDs. Each is derived from the district's code, the
 * entity and the wushe id (SHA-256, RFC 9562 version 8), so an export is
 * stable from one run to the next and ids never collide across entities.
 */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/arena.h"
#include "core/pii.h"
#include "core/sb.h"
#include "core/xmem.h"
#include "modules/exchange/exchange_dir.h"
#include "store/store.h"

bool exchange_hsds_is_mobile(const char *phone)
{
	char out[12];
	struct err e = {0};
	return phone && pii_mobile_normalize(phone, strlen(phone), out, &e) == 0;
}

void exchange_hsds_uuid(const char *ns, const char *entity, int64_t id, char out[37])
{
	struct sb b = SB_INIT;
	unsigned char h[crypto_hash_sha256_BYTES];
	sb_addf(&b, "wushe:%s:%s:%lld", ns ? ns : "", entity, (long long)id);
	crypto_hash_sha256(h, (const unsigned char *)sb_str(&b), b.len);
	sb_free(&b);
	h[6] = (unsigned char)((h[6] & 0x0F) | 0x80); /* version 8 */
	h[8] = (unsigned char)((h[8] & 0x3F) | 0x80); /* variant 10 */
	static const char hex[] = "0123456789abcdef";
	int k = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		out[k++] = hex[h[i] >> 4];
		out[k++] = hex[h[i] & 15];
	}
	out[k] = 0;
}

struct hsds_ctx {
	struct db *db;
	struct jw *w;
	struct err *e;
	struct arena a;       /* the export's strings */
	const char *ns;       /* district code */
	const char *district;
	const char *city, *province, *postal;
};

static int ctx_init(struct hsds_ctx *c, struct db *db, struct jw *w, struct err *e)
{
	memset(c, 0, sizeof *c);
	c->db = db;
	c->w = w;
	c->e = e;
	arena_init(&c->a, 0);
	c->ns = c->district = "";
	struct stmt *st = db_q(db, e,
			       "SELECT coalesce(code, ''), name FROM regions WHERE parent_id IS NULL ORDER BY id LIMIT 1",
			       "");
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		c->ns = arena_strdup(&c->a, col_text(st, 0));
		c->district = arena_strdup(&c->a, col_text(st, 1));
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	/* 4406xx is 佛山市, 广东省 (GB/T 2260); 顺德区's post code is 528300. */
	if (strncmp(c->ns, "4406", 4) == 0) {
		c->city = "佛山市";
		c->province = "广东省";
		c->postal = strcmp(c->ns, "440606") == 0 ? "528300" : "";
	} else {
		c->city = c->district;
		c->province = "";
		c->postal = "";
	}
	return 0;
}

static void kuuid(struct hsds_ctx *c, const char *key, const char *entity, int64_t id)
{
	char u[37];
	exchange_hsds_uuid(c->ns, entity, id, u);
	jw_kstr(c->w, key, u);
}

/* The row of sql for id in *st: 1 (st open), 0 when there is none, or an error. */
static int one_row(struct hsds_ctx *c, const char *sql, int64_t id, struct stmt **st)
{
	*st = db_q(c->db, c->e, sql, "i", id);
	if (!*st)
		return c->e->code;
	int rc = stmt_step(*st, c->e);
	if (rc <= 0) {
		stmt_done(*st);
		*st = NULL;
	}
	return rc;
}

/* The record's own description, or one made from what is known of it. */
static void kdescription(struct hsds_ctx *c, const char *own, struct sb *made)
{
	jw_kstr(c->w, "description", own && *own ? own : sb_str(made));
	sb_free(made);
}

/* ---------- locations ---------- */

/* The name of the town a region lies in — the region whose id is the
 * second component of its path "/district/town/…/" — into *name (the
 * export's arena), or NULL for the district itself. Parsed here rather
 * than in SQL: cutting a path at its n-th '/' takes instr() in SQLite and
 * strpos() in PostgreSQL, and the store speaks neither to modules. */
static int town_name(struct hsds_ctx *c, const char *path, char **name)
{
	*name = NULL;
	const char *p = path && *path == '/' ? strchr(path + 1, '/') : NULL;
	if (!p || p[1] < '0' || p[1] > '9')
		return 0;
	int64_t town = strtoll(p + 1, NULL, 10);
	int rc = db_text(c->db, c->e, &c->a, name, "SELECT name FROM regions WHERE id=?", "i", town);
	return rc < 0 ? rc : 0;
}

/* A physical location with one address. entity is "organisation" or "facility". */
static int write_location(struct hsds_ctx *c, const char *entity, int64_t id)
{
	bool org = strcmp(entity, "organisation") == 0;
	struct stmt *st = db_q(c->db, c->e,
			       org ? "SELECT o.name, o.address, o.latitude, o.longitude, r.name, r.path, o.id, NULL"
				     " FROM organisations o JOIN regions r ON r.id=o.region_id WHERE o.id=?"
				   : "SELECT f.name, f.address, f.latitude, f.longitude, r.name, r.path, NULL, f.opening_hours"
				     " FROM facilities f JOIN regions r ON r.id=f.region_id WHERE f.id=?",
			       "i", id);
	if (!st)
		return c->e->code;
	int rc = stmt_step(st, c->e);
	if (rc <= 0) {
		stmt_done(st);
		return rc < 0 ? rc : err_set(c->e, ERR_NOT_FOUND, "", "位置不存在", "no such location");
	}
	struct jw *w = c->w;
	char lu[37];
	exchange_hsds_uuid(c->ns, org ? "organisation_location" : "facility", id, lu);
	jw_obj(w);
	jw_kstr(w, "id", lu);
	jw_kstr(w, "location_type", "physical");
	if (org)
		kuuid(c, "organization_id", "organisation", id);
	jw_kstr(w, "name", col_text(st, 0));
	if (!col_null(st, 2) && !col_null(st, 3)) {
		jw_key(w, "latitude");
		jw_double(w, col_double(st, 2));
		jw_key(w, "longitude");
		jw_double(w, col_double(st, 3));
	}
	jw_key(w, "addresses");
	jw_arr(w);
	jw_obj(w);
	kuuid(c, "id", org ? "organisation_address" : "facility_address", id);
	jw_kstr(w, "location_id", lu);
	struct sb a = SB_INIT;
	if (!col_null(st, 1) && *col_text(st, 1)) {
		sb_adds(&a, col_text(st, 1));
	} else {
		/* no street address: the town and community */
		char *town = NULL;
		if ((rc = town_name(c, col_text(st, 5), &town))) {
			sb_free(&a);
			stmt_done(st);
			return rc;
		}
		if (town && strcmp(town, col_text(st, 4)) != 0)
			sb_adds(&a, town);
		sb_adds(&a, col_text(st, 4));
	}
	jw_kstr(w, "address_1", sb_str(&a));
	sb_free(&a);
	jw_kstr(w, "city", c->city);
	jw_kstr(w, "region", c->district);
	jw_kstr(w, "state_province", c->province);
	jw_kstr(w, "postal_code", c->postal);
	jw_kstr(w, "country", "CN");
	jw_kstr(w, "address_type", "physical");
	jw_obj_end(w);
	jw_arr_end(w);
	if (!org && col_text(st, 7) && *col_text(st, 7)) {
		jw_kstr(w, "description", col_text(st, 7)); /* opening hours, in words */
	}
	jw_key(w, "languages");
	jw_arr(w);
	jw_obj(w);
	kuuid(c, "id", org ? "organisation_location_language" : "facility_language", id);
	jw_kstr(w, "location_id", lu);
	jw_kstr(w, "name", "中文");
	jw_kstr(w, "code", "zh");
	jw_obj_end(w);
	jw_arr_end(w);
	jw_obj_end(w);
	stmt_done(st);
	return 0;
}

/* ---------- organizations ---------- */

static const struct {
	const char *id, *zh;
} org_types[] = {
	{"social_work_agency", "社会工作服务机构"}, {"community_social_org", "社区社会组织"},
	{"foundation", "基金会"}, {"association", "社会团体"}, {"enterprise", "企业"},
	{"social_enterprise", "社会企业"}, {"public_institution", "事业单位"}, {"other", "其他组织"},
};

static const char *org_type_zh(const char *t)
{
	for (size_t i = 0; i < sizeof org_types / sizeof org_types[0]; i++)
		if (t && strcmp(org_types[i].id, t) == 0)
			return org_types[i].zh;
	return "组织";
}

/* An HSDS organization (an organisation or a team) from sql's row for
 * id: its object opened with the id and the name (sql's first column).
 * 1 with *st open, 0 when there is none, or an error. */
static int org_open(struct hsds_ctx *c, const char *sql, const char *entity, int64_t id,
		    struct stmt **st)
{
	int rc = one_row(c, sql, id, st);
	if (rc == 1) {
		jw_obj(c->w);
		kuuid(c, "id", entity, id);
		jw_kstr(c->w, "name", col_text(*st, 0));
	}
	return rc;
}

/* The rows of sql for the service sid, with the array `key` opened;
 * ent gets "<what>:<sid>", the namespace of its elements' ids. */
/* One row of a service's list, written into the open array; ent is the
 * rows' uuid entity ("what:sid"), su the service's uuid. */
typedef void service_row_fn(struct hsds_ctx *c, struct stmt *st, const char *ent, const char *su);

/* The rows of sql (for service sid) by fn into the array `key`, which is
 * left open for the caller to add to and end. */
static int service_rows(struct hsds_ctx *c, const char *sql, int64_t sid, const char *su, const char *key,
			const char *what, char ent[48], service_row_fn *fn)
{
	struct stmt *st = db_q(c->db, c->e, sql, "i", sid);
	if (!st)
		return c->e->code;
	snprintf(ent, 48, "%s:%lld", what, (long long)sid);
	jw_key(c->w, key);
	jw_arr(c->w);
	int rc;
	while ((rc = stmt_step(st, c->e)) == 1)
		fn(c, st, ent, su);
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

#define ACTIVE_ORGS                                                                           \
	"SELECT 0 AS k, o.id AS id FROM organisations o WHERE EXISTS (SELECT 1 FROM xchg_services s" \
	" WHERE s.organisation_id=o.id AND s.status='active')"                                     \
	" UNION ALL SELECT 1, t.id FROM teams t WHERE EXISTS (SELECT 1 FROM xchg_services s"        \
	" WHERE s.team_id=t.id AND s.status='active')"

static int write_org(struct hsds_ctx *c, int64_t id)
{
	struct stmt *st;
	int rc = org_open(c,
			  "SELECT o.name, o.description, o.org_type, o.registration, o.credit_code, o.email,"
			  " o.website, o.founded_on, r.name,"
			  " (o.address IS NOT NULL OR (o.latitude IS NOT NULL AND o.longitude IS NOT NULL))"
			  " FROM organisations o JOIN regions r ON r.id=o.region_id WHERE o.id=?",
			  "organisation", id, &st);
	if (rc <= 0)
		return rc;
	struct jw *w = c->w;
	struct sb d = SB_INIT;
	sb_addf(&d, "%s%s，%s", c->district, col_text(st, 8), org_type_zh(col_text(st, 2)));
	kdescription(c, col_text(st, 1), &d);
	const char *email = col_text(st, 5), *web = col_text(st, 6);
	if (email && strchr(email, '@'))
		jw_kstr(w, "email", email);
	if (web && (strncmp(web, "http://", 7) == 0 || strncmp(web, "https://", 8) == 0))
		jw_kstr(w, "website", web);
	const char *reg = col_text(st, 3);
	jw_kstr(w, "legal_status", reg && strcmp(reg, "registered") == 0 ? "登记（民政部门）"
				   : reg && strcmp(reg, "filed") == 0   ? "备案（镇街）"
									: "未登记");
	const char *founded = col_text(st, 7);
	if (founded && strlen(founded) >= 4) {
		jw_key(w, "year_incorporated");
		jw_int(w, atoi(founded));
	}
	if (col_text(st, 4)) {
		jw_key(w, "organization_identifiers");
		jw_arr(w);
		jw_obj(w);
		kuuid(c, "id", "organisation_identifier", id);
		kuuid(c, "organization_id", "organisation", id);
		jw_kstr(w, "identifier_scheme", "CN-USCC");
		jw_kstr(w, "identifier_type", "统一社会信用代码");
		jw_kstr(w, "identifier", col_text(st, 4));
		jw_obj_end(w);
		jw_arr_end(w);
	}
	bool has_loc = col_int(st, 9) != 0;
	stmt_done(st);
	jw_key(w, "locations");
	jw_arr(w);
	if (has_loc && (rc = write_location(c, "organisation", id)))
		return rc;
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

static int write_team(struct hsds_ctx *c, int64_t id)
{
	struct stmt *st;
	int rc = org_open(c,
			  "SELECT t.name, t.description, r.name, p.name FROM teams t"
			  " JOIN regions r ON r.id=t.region_id LEFT JOIN teams p ON p.id=t.parent_id"
			  " WHERE t.id=?",
			  "team", id, &st);
	if (rc <= 0)
		return rc;
	struct jw *w = c->w;
	struct sb d = SB_INIT;
	sb_addf(&d, "%s%s志愿服务队", c->district, col_text(st, 2));
	if (col_text(st, 3))
		sb_addf(&d, "（隶属%s）", col_text(st, 3));
	kdescription(c, col_text(st, 1), &d);
	jw_kstr(w, "legal_status", "志愿服务队伍");
	jw_obj_end(w);
	stmt_done(st);
	return 0;
}

/* ---------- services ---------- */

/* An active service's location: its organisation's own place when it has
 * one, else the deepest open facility at or above the service's region. */
#define SERVICE_LOC                                                                            \
	"SELECT s.id AS sid,"                                                                      \
	" CASE WHEN o.id IS NOT NULL AND (o.address IS NOT NULL OR (o.latitude IS NOT NULL AND"    \
	" o.longitude IS NOT NULL)) THEN 'organisation' ELSE 'facility' END AS lk,"                \
	" CASE WHEN o.id IS NOT NULL AND (o.address IS NOT NULL OR (o.latitude IS NOT NULL AND"    \
	" o.longitude IS NOT NULL)) THEN o.id ELSE (SELECT f.id FROM facilities f"                 \
	" JOIN regions fr ON fr.id=f.region_id WHERE f.status='open'"                              \
	" AND substr(r.path, 1, length(fr.path))=fr.path"                                           \
	" ORDER BY length(fr.path) DESC, (f.kind='party_service_center') DESC, f.id LIMIT 1) END AS lid" \
	" FROM xchg_services s JOIN regions r ON r.id=s.region_id"                                 \
	" LEFT JOIN organisations o ON o.id=s.organisation_id WHERE s.status='active'"

static const char *const day_codes[7] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
static const char *const day_zh[7] = {"一", "二", "三", "四", "五", "六", "日"};
static const struct {
	const char *opens, *closes, *zh;
} parts[3] = {{"09:00", "12:00", "上午"}, {"14:00", "17:30", "下午"}, {"19:00", "21:00", "晚上"}};

static void write_schedules(struct hsds_ctx *c, int64_t sid, const char *su, int64_t mask)
{
	struct jw *w = c->w;
	char ent[48];
	snprintf(ent, sizeof ent, "service_schedule:%lld", (long long)sid);
	jw_key(w, "schedules");
	jw_arr(w);
	if (mask == 0) {
		jw_obj(w);
		kuuid(c, "id", ent, 0);
		jw_kstr(w, "service_id", su);
		jw_kstr(w, "freq", "WEEKLY");
		jw_kstr(w, "wkst", "MO");
		jw_kstr(w, "byday", "MO,TU,WE,TH,FR,SA,SU");
		jw_key(w, "timezone");
		jw_int(w, 8);
		jw_kstr(w, "description", "时间可预约 / any time by arrangement");
		jw_obj_end(w);
	}
	for (int p = 0; p < 3 && mask; p++) {
		struct sb days = SB_INIT, zh = SB_INIT;
		for (int d = 0; d < 7; d++)
			if (mask & (1LL << (d * 3 + p))) {
				sb_addf(&days, "%s%s", days.len ? "," : "", day_codes[d]);
				sb_addf(&zh, "%s%s", zh.len ? "、" : "周", day_zh[d]);
			}
		if (days.len) {
			jw_obj(w);
			kuuid(c, "id", ent, p + 1);
			jw_kstr(w, "service_id", su);
			jw_kstr(w, "freq", "WEEKLY");
			jw_kstr(w, "wkst", "MO");
			jw_kstr(w, "byday", sb_str(&days));
			jw_kstr(w, "opens_at", parts[p].opens);
			jw_kstr(w, "closes_at", parts[p].closes);
			jw_key(w, "timezone");
			jw_int(w, 8);
			sb_addf(&zh, "%s %s–%s", parts[p].zh, parts[p].opens, parts[p].closes);
			jw_kstr(w, "description", sb_str(&zh));
			jw_obj_end(w);
		}
		sb_free(&days);
		sb_free(&zh);
	}
	jw_arr_end(w);
}

static void attribute_row(struct hsds_ctx *c, struct stmt *st, const char *ent, const char *su)
{
	struct jw *w = c->w;
	char tu[37];
	exchange_hsds_uuid(c->ns, "term", col_int(st, 0), tu);
	jw_obj(w);
	kuuid(c, "id", ent, col_int(st, 0));
	jw_kstr(w, "link_id", su);
	jw_kstr(w, "link_type", "service");
	jw_kstr(w, "link_entity", "service");
	jw_kstr(w, "taxonomy_term_id", tu);
	jw_kstr(w, "value", col_text(st, 1));
	jw_key(w, "taxonomy_term");
	jw_obj(w);
	jw_kstr(w, "id", tu);
	jw_kstr(w, "code", col_text(st, 1));
	jw_kstr(w, "name", col_text(st, 2));
	jw_kstr(w, "description", col_text(st, 3) ? col_text(st, 3) : col_text(st, 2));
	if (!col_null(st, 4))
		kuuid(c, "parent_id", "term", col_int(st, 4));
	jw_kstr(w, "taxonomy", "wushe-xchg");
	jw_kstr(w, "language", "zh");
	jw_obj_end(w);
	jw_obj_end(w);
}

static int write_attributes(struct hsds_ctx *c, int64_t sid, const char *su)
{
	char ent[48];
	int rc = service_rows(c,
			      "SELECT t.id, t.code, t.name, coalesce(t.description, t.name_en), t.parent_id"
			      " FROM xchg_service_terms st JOIN xchg_terms t ON t.id=st.term_id"
			      " WHERE st.service_id=? ORDER BY t.sort_order, t.id",
			      sid, su, "attributes", "service_term", ent, attribute_row);
	if (!rc)
		jw_arr_end(c->w);
	return rc;
}

static void area_row(struct hsds_ctx *c, struct stmt *st, const char *ent, const char *su)
{
	struct jw *w = c->w;
	jw_obj(w);
	kuuid(c, "id", ent, col_int(st, 0));
	jw_kstr(w, "service_id", su);
	jw_kstr(w, "name", col_text(st, 1));
	jw_kstr(w, "description", "服务覆盖整个区域 / the whole region is served");
	jw_kstr(w, "extent_type", "region");
	jw_obj_end(w);
}

static int write_areas(struct hsds_ctx *c, int64_t sid, const char *su, int64_t radius)
{
	char ent[48];
	struct jw *w = c->w;
	int rc = service_rows(c,
			      "SELECT r.id, r.name, r.level FROM xchg_service_regions sr"
			      " JOIN regions r ON r.id=sr.region_id WHERE sr.service_id=? ORDER BY r.path",
			      sid, su, "service_areas", "service_area", ent, area_row);
	if (rc)
		return rc;
	if (radius > 0) {
		char d[96];
		snprintf(d, sizeof d, "服务点周边 %lld 米 / within %lld m of the service point",
			 (long long)radius, (long long)radius);
		jw_obj(w);
		kuuid(c, "id", ent, 0);
		jw_kstr(w, "service_id", su);
		jw_kstr(w, "name", "周边");
		jw_kstr(w, "description", d);
		jw_kstr(w, "extent_type", "radius_m");
		jw_obj_end(w);
	}
	jw_arr_end(w);
	return 0;
}

static int write_service(struct hsds_ctx *c, int64_t sid, bool brief)
{
	struct stmt *st;
	int rc = one_row(c,
			 "SELECT s.name, s.description, s.provider_kind, s.organisation_id, s.team_id,"
			 " s.cost_kind, s.price_fen, s.contact_phone, s.schedule_mask, s.updated_at,"
			 " s.radius_m, s.capacity_per_week, s.skills"
			 " FROM xchg_services s WHERE s.id=? AND s.status='active'",
			 sid, &st);
	if (rc <= 0)
		return rc;
	struct jw *w = c->w;
	char su[37];
	exchange_hsds_uuid(c->ns, "service", sid, su);
	jw_obj(w);
	jw_kstr(w, "id", su);
	if (!col_null(st, 3))
		kuuid(c, "organization_id", "organisation", col_int(st, 3));
	else if (!col_null(st, 4))
		kuuid(c, "organization_id", "team", col_int(st, 4));
	jw_kstr(w, "name", col_text(st, 0));
	jw_kstr(w, "status", "active");
	if (brief) {
		jw_obj_end(w);
		stmt_done(st);
		return 0;
	}
	if (col_text(st, 1) && *col_text(st, 1))
		jw_kstr(w, "description", col_text(st, 1));
	const char *cost = col_text(st, 5);
	int64_t price = col_int(st, 6);
	char fee[96];
	bool free_ = strcmp(cost, "free") == 0;
	if (free_)
		snprintf(fee, sizeof fee, "免费 / free");
	else
		snprintf(fee, sizeof fee, "%s ¥%lld.%02lld / %s", strcmp(cost, "low_cost") == 0 ? "低偿" : "收费",
			 (long long)(price / 100), (long long)(price % 100),
			 strcmp(cost, "low_cost") == 0 ? "low cost" : "paid");
	jw_kstr(w, "fees_description", fee);
	if (col_text(st, 12) && *col_text(st, 12))
		jw_kstr(w, "accreditations", col_text(st, 12)); /* skills, comma-separated */
	jw_ktime(w, "last_modified", col_int(st, 9));
	/* A service's own contact phone, never a professional's (a person), and
	 * never a mainland mobile: that is somebody's own number (PIPL); only
	 * landlines (e.g. 0757-22201234) and hotlines are published. */
	const char *phone = col_text(st, 7);
	jw_key(w, "phones");
	jw_arr(w);
	if (phone && *phone && strcmp(col_text(st, 2), "professional") != 0 && !exchange_hsds_is_mobile(phone)) {
		jw_obj(w);
		kuuid(c, "id", "service_phone", sid);
		jw_kstr(w, "service_id", su);
		jw_kstr(w, "number", phone);
		jw_kstr(w, "type", "voice");
		jw_obj_end(w);
	}
	jw_arr_end(w);
	if (!free_) {
		jw_key(w, "cost_options");
		jw_arr(w);
		jw_obj(w);
		kuuid(c, "id", "service_cost", sid);
		jw_kstr(w, "service_id", su);
		jw_kstr(w, "option", strcmp(cost, "low_cost") == 0 ? "低偿" : "收费");
		jw_kstr(w, "currency", "CNY");
		jw_key(w, "amount");
		jw_double(w, (double)price / 100.0);
		jw_obj_end(w);
		jw_arr_end(w);
	}
	int64_t mask = col_int(st, 8), radius = col_int(st, 10);
	stmt_done(st);
	write_schedules(c, sid, su, mask);
	if ((rc = write_attributes(c, sid, su)) || (rc = write_areas(c, sid, su, radius)))
		return rc;
	jw_key(w, "languages");
	jw_arr(w);
	jw_obj(w);
	kuuid(c, "id", "service_language", sid);
	jw_kstr(w, "service_id", su);
	jw_kstr(w, "name", "中文");
	jw_kstr(w, "code", "zh");
	jw_obj_end(w);
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

/* ---------- lists ---------- */

static int write_list(struct hsds_ctx *c, enum exchange_hsds_kind kind, int64_t offset, int64_t limit,
		      int64_t *total);

int exchange_hsds_write(struct db *db, enum exchange_hsds_kind kind, struct jw *w, int64_t offset,
		    int64_t limit, int64_t *total, struct err *e)
{
	struct hsds_ctx c;
	int rc = ctx_init(&c, db, w, e);
	if (!rc)
		rc = write_list(&c, kind, offset, limit, total);
	arena_free(&c.a);
	return rc;
}

/* The page of one kind of HSDS object into the writer, as a JSON array. */
static int write_list(struct hsds_ctx *c, enum exchange_hsds_kind kind, int64_t offset, int64_t limit,
		      int64_t *total)
{
	struct db *db = c->db;
	struct jw *w = c->w;
	struct err *e = c->e;
	struct row {
		int64_t id, loc;
		char k[16];   /* "0"/"1" (organisation/team) or a location's kind */
	} *rows = NULL;
	size_t n = 0, cap = 0;
	struct stmt *st = NULL;
	int rc = 0;
	const char *count_sql, *list_sql;
	switch (kind) {
	case HSDS_ORGANIZATIONS:
		count_sql = "SELECT count(*) FROM (" ACTIVE_ORGS ")";
		list_sql = "SELECT k, id, NULL FROM (" ACTIVE_ORGS ") ORDER BY k, id LIMIT ? OFFSET ?";
		break;
	case HSDS_SERVICES:
		count_sql = "SELECT count(*) FROM xchg_services WHERE status='active'";
		list_sql = "SELECT 0, id, NULL FROM xchg_services WHERE status='active' ORDER BY id LIMIT ? OFFSET ?";
		break;
	default:
		count_sql = "SELECT count(*) FROM (" SERVICE_LOC ") WHERE lid IS NOT NULL";
		list_sql = "SELECT lk, sid, lid FROM (" SERVICE_LOC ") WHERE lid IS NOT NULL ORDER BY sid LIMIT ? OFFSET ?";
		break;
	}
	/* Ids first: each element runs its own queries on this connection. */
	if (total && (rc = db_int(db, e, total, count_sql, "")) < 0)
		goto out;
	if (!(st = db_q(db, e, list_sql, "ii", limit < 0 ? INT64_MAX : limit, offset))) {
		rc = e->code;
		goto out;
	}
	while ((rc = stmt_step(st, e)) == 1) {
		XGROW(rows, n, cap, 64);
		rows[n].id = col_int(st, 1);
		rows[n].loc = col_null(st, 2) ? 0 : col_int(st, 2);
		snprintf(rows[n].k, sizeof rows[n].k, "%s", col_text(st, 0));
		n++;
	}
	stmt_done(st);
	if (rc < 0)
		goto out;
	rc = 0;
	jw_arr(w);
	for (size_t i = 0; i < n && !rc; i++) {
		if (kind == HSDS_ORGANIZATIONS) {
			rc = strcmp(rows[i].k, "0") == 0 ? write_org(c, rows[i].id) : write_team(c, rows[i].id);
		} else if (kind == HSDS_SERVICES) {
			rc = write_service(c, rows[i].id, false);
		} else {
			char su[37], lu[37];
			bool org = strcmp(rows[i].k, "organisation") == 0;
			exchange_hsds_uuid(c->ns, "service", rows[i].id, su);
			exchange_hsds_uuid(c->ns, org ? "organisation_location" : "facility", rows[i].loc, lu);
			jw_obj(w);
			kuuid(c, "id", "service_at_location", rows[i].id);
			jw_kstr(w, "service_id", su);
			jw_kstr(w, "location_id", lu);
			jw_key(w, "location");
			if ((rc = write_location(c, rows[i].k, rows[i].loc)))
				break;
			jw_key(w, "service");
			if ((rc = write_service(c, rows[i].id, true)))
				break;
			jw_obj_end(w);
		}
	}
	if (!rc)
		jw_arr_end(w);
out:
	free(rows);
	return rc < 0 ? rc : 0;
}

int exchange_hsds_export_dir(struct db *db, const char *dir, int64_t counts[3], struct err *e)
{
	static const char *const files[3] = {"organizations.json", "services.json",
					     "service_at_locations.json"};
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return err_setf(e, ERR_IO, "dir", "无法创建目录 %s", "cannot create directory %s", dir);
	for (int k = 0; k < 3; k++) {
		struct sb out = SB_INIT;
		struct jw w;
		jw_init(&w, &out);
		int rc = exchange_hsds_write(db, (enum exchange_hsds_kind)k, &w, 0, -1, &counts[k], e);
		if (rc) {
			sb_free(&out);
			return rc;
		}
		struct sb path = SB_INIT;
		sb_addf(&path, "%s/%s", dir, files[k]);
		FILE *f = fopen(sb_str(&path), "wb");
		bool ok = f && fwrite(out.buf, 1, out.len, f) == out.len && fputc('\n', f) != EOF;
		if (f && fclose(f) != 0)
			ok = false;
		if (!ok)
			err_setf(e, ERR_IO, "dir", "无法写入 %s", "cannot write %s", sb_str(&path));
		sb_free(&path);
		sb_free(&out);
		if (!ok)
			return ERR_IO;
	}
	return 0;
}
