/*
 * registry_facility.c — facilities (党群服务中心, 社工站, V站, elderly and
 * children's centres) and their rooms, which activities book and the
 * exchange lends out (物业换服务).
 *
 * Invariants: a facility sits in a town, community or grid; room names are
 * unique within a facility. Room changes are audited on the facility
 * ("room_add", "room_update", "room_remove").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/jsonin.h"
#include "core/sb.h"
#include "modules/region/region.h"
#include "modules/registry/registry_kind.h"
#include "modules/registry/registry.h"
#include "store/store.h"

#define FAC_LEVELS ((1u << LVL_TOWN) | (1u << LVL_COMMUNITY) | (1u << LVL_GRID) | (1u << LVL_BUILDING))

const struct registry_col registry_facility_cols[] = {
	REGISTRY_COLS_HEAD("所属区域"),
	{"name", "名称", RC_TEXT},                 {"kind", "类型", RC_TEXT},
	{"area_m2", "面积（平方米）", RC_INT},          {"address", "地址", RC_TEXT},
	{"latitude", "纬度", RC_DOUBLE},           {"longitude", "经度", RC_DOUBLE},
	{"opening_hours", "开放时间", RC_TEXT},      {"status", "状态", RC_TEXT},
	{"room_count", "功能室数", RC_INT},
	REGISTRY_COLS_TAIL,
};
const int registry_facility_ncols = (int)(sizeof registry_facility_cols / sizeof registry_facility_cols[0]);

#define FAC_SELECT                                                                          \
	"f.id, f.region_id, g.name, f.name, f.kind, f.area_m2, f.address, f.latitude,"          \
	" f.longitude, f.opening_hours, f.status,"                                              \
	" (SELECT count(*) FROM facility_rooms r WHERE r.facility_id=f.id), f.version,"         \
	" f.created_at, f.updated_at, g.path"
#define FAC_ONE "SELECT " FAC_SELECT " FROM facilities f JOIN regions g ON g.id=f.region_id WHERE f.id=?"

static const struct registry_kind facility_kind;

static int validate(const struct registry_facility_in *in, struct err *e)
{
	if (in->name && (!*in->name || utf8_chars(in->name) > 100))
		return err_set(e, ERR_INVALID, "name", "名称应为 1 到 100 个字", "name must be 1 to 100 characters");
	if (in->kind && !registry_in(in->kind, registry_facility_kinds))
		return err_set(e, ERR_INVALID, "kind",
			       "设施类型应为 party_service_center、social_work_station、v_station、elderly_center、children_center 或 other",
			       "kind must be party_service_center, social_work_station, v_station, elderly_center, children_center or other");
	if (in->status && !registry_in(in->status, registry_facility_statuses))
		return err_set(e, ERR_INVALID, "status", "状态应为 open 或 closed", "status must be open or closed");
	if (in->has_area_m2 && in->area_m2 < 0)
		return err_set(e, ERR_INVALID, "area_m2", "面积不能为负", "area_m2 must not be negative");
	if (in->latitude.has && (in->latitude.v < -90 || in->latitude.v > 90))
		return err_set(e, ERR_INVALID, "latitude", "纬度应在 -90 到 90 之间", "latitude must be -90..90");
	if (in->longitude.has && (in->longitude.v < -180 || in->longitude.v > 180))
		return err_set(e, ERR_INVALID, "longitude", "经度应在 -180 到 180 之间", "longitude must be -180..180");
	return 0;
}

static int facility_insert(struct ctx *c, const void *vin, int64_t *id)
{
	const struct registry_facility_in *in = vin;
	struct registry_region rg;
	struct err *e = c->e;
	int rc;
	if (!in->name || !*in->name)
		return err_set(e, ERR_INVALID, "name", "请填写名称", "name is required");
	if (!in->kind)
		return err_set(e, ERR_INVALID, "kind", "请选择设施类型", "kind is required");
	if (!in->region_id)
		return err_set(e, ERR_INVALID, "region_id", "请选择所属区域", "region_id is required");
	if ((rc = validate(in, e)) ||
	    (rc = registry_region_for_write(c->db, c->who, in->region_id, "region_id", FAC_LEVELS, &rg, e)))
		return rc;
	rc = db_int(c->db, e, id,
		    "INSERT INTO facilities(region_id, name, kind, area_m2, address, latitude,"
		    " longitude, opening_hours, status, created_at, updated_at)"
		    " VALUES(?,?,?,CASE WHEN ?=1 THEN ? END,?,CASE WHEN ?=1 THEN ? END,"
		    " CASE WHEN ?=1 THEN ? END,?,?,?,?) RETURNING id",
		    "issbisbdbdssii", in->region_id, in->name, in->kind, (int)in->has_area_m2,
		    in->area_m2, in->has_address ? in->address : NULL, (int)in->latitude.has,
		    in->latitude.v, (int)in->longitude.has, in->longitude.v,
		    in->has_opening_hours ? in->opening_hours : NULL, in->status ? in->status : "open",
		    c->now, c->now);
	return rc < 0 ? rc : 0;
}

static int facility_check(struct ctx *c, struct record *r, const void *vin, void **st)
{
	(void)st;
	const struct registry_facility_in *in = vin;
	struct registry_region rg;
	int rc = validate(in, c->e);
	if (!rc && in->region_id && in->region_id != r->region_id)
		rc = registry_region_for_write(c->db, c->who, in->region_id, "region_id", FAC_LEVELS, &rg, c->e);
	return rc;
}

static int facility_apply(struct ctx *c, struct record *r, const void *vin, void *st)
{
	(void)st;
	const struct registry_facility_in *in = vin;
	return db_exec(c->db, c->e,
		       "UPDATE facilities SET region_id=CASE WHEN ?>0 THEN ? ELSE region_id END,"
		       " name=coalesce(?,name), kind=coalesce(?,kind),"
		       " area_m2=CASE WHEN ?=1 THEN ? ELSE area_m2 END,"
		       " address=CASE WHEN ?=1 THEN ? ELSE address END,"
		       " latitude=CASE WHEN ?=1 THEN ? ELSE latitude END,"
		       " longitude=CASE WHEN ?=1 THEN ? ELSE longitude END,"
		       " opening_hours=CASE WHEN ?=1 THEN ? ELSE opening_hours END,"
		       " status=coalesce(?,status), version=version+1, updated_at=? WHERE id=?",
		       "iissbibsbdbdbssii", in->region_id, in->region_id, in->name, in->kind,
		       (int)in->has_area_m2, in->area_m2, (int)in->has_address, in->address,
		       (int)in->latitude.has, in->latitude.v, (int)in->longitude.has, in->longitude.v,
		       (int)in->has_opening_hours, in->opening_hours, in->status, c->now, r->id);
}

/* The detail's rooms. */
static const struct col room_cols[] = {
	{"id", "", COL_INT}, {"name", "", COL_TEXT}, {"capacity", "", COL_INT}, {"area_m2", "", COL_INT},
};

static int facility_rooms(struct ctx *c, struct jw *w, int64_t id, const char *path)
{
	(void)path;
	return registry_write_rows(c, w, "rooms", room_cols, REGISTRY_NCOLS(room_cols),
				   "SELECT id, name, capacity, area_m2 FROM facility_rooms WHERE facility_id=? ORDER BY id",
				   id);
}

static const struct registry_kind facility_kind = {
	REGISTRY_KIND("facility", "设施", "facility", "facilities", "f", FAC_ONE, registry_facility_cols,
		      REGISTRY_READ_ROLES, struct registry_facility_in),
	.in_use_zh = "该设施或其功能室仍被其他记录引用，不能删除；可将状态改为 closed",
	.in_use_en = "the facility or its rooms are still referenced; set status to closed instead",
	.insert = facility_insert, .check = facility_check, .apply = facility_apply,
	.detail = facility_rooms,
};

REGISTRY_KIND_API(facility, facility_kind)

/* A room as its facility's audit entries show it. */
static const struct col room_snap_cols[] = {
	{"room_id", "", COL_INT}, {"facility_id", "", COL_INT}, {"name", "", COL_TEXT},
	{"capacity", "", COL_INT}, {"area_m2", "", COL_INT},
};
static const struct record_kind room_kind = {
	.entity = "facility", .what_zh = "功能室", .what_en = "room",
	.row_sql = "SELECT id, facility_id, name, capacity, area_m2 FROM facility_rooms WHERE id=?",
	.cols = room_snap_cols, .ncols = REGISTRY_NCOLS(room_snap_cols),
};

static int validate_room(const struct registry_room_in *in, bool create, struct err *e)
{
	if ((create && (!in->name || !*in->name)) || (in->name && (!*in->name || utf8_chars(in->name) > 64)))
		return err_set(e, ERR_INVALID, "name", "功能室名称应为 1 到 64 个字",
			       "room name must be 1 to 64 characters");
	if (in->has_capacity && in->capacity < 0)
		return err_set(e, ERR_INVALID, "capacity", "容纳人数不能为负", "capacity must not be negative");
	if (in->has_area_m2 && in->area_m2 < 0)
		return err_set(e, ERR_INVALID, "area_m2", "面积不能为负", "area_m2 must not be negative");
	return 0;
}

static int room_conflict(int rc, struct err *e)
{
	if (rc == ERR_CONFLICT)
		err_set(e, ERR_CONFLICT, "name", "该设施已有同名功能室", "the facility already has a room with this name");
	return rc;
}

/* A room changed (before: its snapshot, or NULL when added; room_id 0
 * when removed): the facility's version counts it and one entry on the
 * facility records it. */
static int room_changed(struct ctx *c, const struct record *f, const char *action, const char *before,
			int64_t room_id)
{
	char *after = NULL;
	int rc = db_exec(c->db, c->e, "UPDATE facilities SET version=version+1, updated_at=? WHERE id=?", "ii",
			 c->now, f->id);
	if (!rc && room_id)
		rc = record_snapshot(c, &room_kind, room_id, &after);
	return rc ? rc : audit_record(c, action, "facility", f->id, f->region_id, before, after);
}

/* The facility for a change of its rooms and, given one, that room of it. */
static int room_load(struct ctx *c, int64_t facility_id, int64_t room_id, struct record *f)
{
	int64_t n = 0;
	int rc = record_load(c, &facility_kind.rec, facility_id, REGISTRY_EDIT_ROLES, f);
	if (rc || !room_id)
		return rc;
	if ((rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM facility_rooms WHERE id=? AND facility_id=?",
			 "ii", room_id, facility_id)) < 0)
		return rc;
	if (!n)
		return err_set(c->e, ERR_NOT_FOUND, "room_id", "功能室不存在", "no such room");
	return 0;
}

int registry_room_create(struct ctx *c, int64_t facility_id, const struct registry_room_in *in, int64_t *id_out)
{
	struct record f;
	int64_t id = 0;
	int rc;
	if ((rc = room_load(c, facility_id, 0, &f)) || (rc = validate_room(in, true, c->e)))
		return rc;
	if ((rc = db_int(c->db, c->e, &id,
			 "INSERT INTO facility_rooms(facility_id, name, capacity, area_m2)"
			 " VALUES(?,?,CASE WHEN ?=1 THEN ? END,CASE WHEN ?=1 THEN ? END) RETURNING id",
			 "isbibi", facility_id, in->name, (int)in->has_capacity, in->capacity,
			 (int)in->has_area_m2, in->area_m2)) < 0)
		return room_conflict(rc, c->e);
	if ((rc = room_changed(c, &f, "room_add", NULL, id)))
		return rc;
	if (id_out)
		*id_out = id;
	return 0;
}

int registry_room_update(struct ctx *c, int64_t facility_id, int64_t room_id, const struct registry_room_in *in)
{
	struct record f;
	char *before = NULL;
	int rc;
	if ((rc = room_load(c, facility_id, room_id, &f)) || (rc = validate_room(in, false, c->e)) ||
	    (rc = record_snapshot(c, &room_kind, room_id, &before)))
		return rc;
	rc = room_conflict(db_exec(c->db, c->e,
				   "UPDATE facility_rooms SET name=coalesce(?,name),"
				   " capacity=CASE WHEN ?=1 THEN ? ELSE capacity END,"
				   " area_m2=CASE WHEN ?=1 THEN ? ELSE area_m2 END WHERE id=?",
				   "sbibii", in->name, (int)in->has_capacity, in->capacity, (int)in->has_area_m2,
				   in->area_m2, room_id),
			   c->e);
	return rc ? rc : room_changed(c, &f, "room_update", before, room_id);
}

int registry_room_delete(struct ctx *c, int64_t facility_id, int64_t room_id)
{
	struct record f;
	char *before = NULL;
	int rc;
	if ((rc = room_load(c, facility_id, room_id, &f)) ||
	    (rc = record_snapshot(c, &room_kind, room_id, &before)))
		return rc;
	rc = db_exec(c->db, c->e, "DELETE FROM facility_rooms WHERE id=?", "i", room_id);
	if (rc == ERR_RULE)
		return err_set(c->e, ERR_RULE, "room_id", "该功能室仍被其他记录引用，不能删除",
			       "the room is still referenced and cannot be deleted");
	return rc ? rc : room_changed(c, &f, "room_remove", before, 0);
}


static const struct list_spec facility_list = REGISTRY_LIST("facilities", "f", FAC_SELECT);
#define FF(m) offsetof(struct registry_facility_filter, m)
static const struct registry_enum_filter facility_filters[] = {
	{"kind", "f.kind", FF(kind), registry_facility_kinds, "设施类型无效", "unknown kind"},
	{"status", "f.status", FF(status), registry_facility_statuses, "状态应为 open 或 closed",
	 "status must be open or closed"},
	{NULL, NULL, 0, NULL, NULL, NULL},
};

int registry_facilities_list(struct ctx *c, const struct registry_facility_filter *f,
			const struct list_req *lr, registry_row_fn fn, void *fctx,
			struct list_result *res)
{
	struct list_q *q;
	int rc = registry_list_open(c, REGISTRY_READ_ROLES, f->region_id, &facility_list, f, facility_filters, &q);
	if (rc)
		return rc;
	registry_list_like(q, "f.name LIKE ? ESCAPE '\\'", f->q);
	return registry_list_run(c->db, q, lr, registry_facility_cols, registry_facility_ncols, fn, fctx, res, c->e);
}
