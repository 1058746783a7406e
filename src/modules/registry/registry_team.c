/*
 * registry_team.c — volunteer teams: a general team (总队) per community or
 * town with its teams under it (北区社区志愿服务总队 has 27), their members
 * and leaders.
 *
 * Invariants: a general team has no parent; a team's parent is a general
 * team whose region contains the team's region; names are unique within a
 * region; a team's leader_person_id is its member with role "leader" (at
 * most one). Membership changes are audited on the team ("member_add",
 * "member_update", "member_remove").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/jsonin.h"
#include "core/pii.h"
#include "core/sb.h"
#include "modules/region/region.h"
#include "modules/registry/registry_kind.h"
#include "modules/registry/registry.h"
#include "store/ids.h"
#include "store/store.h"

#define TEAM_LEVELS ((1u << LVL_TOWN) | (1u << LVL_COMMUNITY) | (1u << LVL_GRID))

const struct registry_col registry_team_cols[] = {
	REGISTRY_COLS_HEAD("所属区域"),
	{"parent_id", "上级总队编号", RC_INT},         {"parent_name", "上级总队", RC_TEXT},
	{"is_general", "总队", RC_BOOL},           {"name", "名称", RC_TEXT},
	{"organisation_id", "依托组织编号", RC_INT},   {"organisation_name", "依托组织", RC_TEXT},
	{"leader_person_id", "队长编号", RC_INT},    {"leader_name", "队长", RC_TEXT},
	{"domain", "服务领域", RC_TEXT},             {"status", "状态", RC_TEXT},
	{"description", "简介", RC_TEXT},          {"member_count", "成员数", RC_INT},
	{"child_count", "下属队伍数", RC_INT},
	REGISTRY_COLS_TAIL,
};
const int registry_team_ncols = (int)(sizeof registry_team_cols / sizeof registry_team_cols[0]);

#define TEAM_SELECT                                                                              \
	"t.id, t.region_id, g.name, t.parent_id, (SELECT x.name FROM teams x WHERE x.id=t.parent_id)," \
	" t.is_general, t.name, t.organisation_id,"                                                  \
	" (SELECT o.name FROM organisations o WHERE o.id=t.organisation_id), t.leader_person_id,"    \
	" (SELECT p.name FROM people p WHERE p.id=t.leader_person_id), t.domain, t.status,"          \
	" t.description, (SELECT count(*) FROM team_members m WHERE m.team_id=t.id),"               \
	" (SELECT count(*) FROM teams k WHERE k.parent_id=t.id), t.version, t.created_at,"           \
	" t.updated_at, g.path"
#define TEAM_ONE "SELECT " TEAM_SELECT " FROM teams t JOIN regions g ON g.id=t.region_id WHERE t.id=?"

static const struct registry_kind team_kind;

/* What a team's head does not say: whether it is a general team, its leader. */
struct tinfo {
	int64_t leader;
	bool is_general;
};

static int team_info(struct db *db, int64_t id, struct tinfo *ti, struct err *e)
{
	struct stmt *st;
	int rc = db_row(db, e, &st, "SELECT is_general, coalesce(leader_person_id,0) FROM teams WHERE id=?",
			"i", id);
	if (rc == 1) {
		ti->is_general = col_int(st, 0) != 0;
		ti->leader = col_int(st, 1);
		stmt_done(st);
	}
	return rc < 0 ? rc : 0;
}

/* The team for a change of its members (editing scope). */
static int load(struct ctx *c, int64_t id, struct record *r, struct tinfo *ti)
{
	int rc = registry_kind_load(c, &team_kind, id, r);
	return rc ? rc : team_info(c->db, id, ti, c->e);
}

/* A record a team refers to, by id (sql: its region path and status): it
 * must exist (422 naming field) and be in the actor's read scope. */
static int ref_in_scope(struct db *db, const struct principal *actor, const char *sql, int64_t id,
			const char *field, const char *zh, const char *en, char status[16], struct err *e)
{
	struct stmt *st;
	int rc = db_row(db, e, &st, sql, "i", id);
	if (rc <= 0)
		return rc < 0 ? rc : err_set(e, ERR_RULE, field, zh, en);
	bool ok = registry_covers(actor, REGISTRY_READ_ROLES, col_text(st, 0));
	snprintf(status, 16, "%s", col_text(st, 1));
	stmt_done(st);
	return ok ? 0 : auth_forbidden(e);
}

static int validate(struct ctx *c, const struct registry_team_in *in, int64_t self_id,
		    const char *team_path, int is_general, int64_t parent_id)
{
	struct db *db = c->db;
	const struct principal *actor = c->who;
	struct err *e = c->e;
	int rc;
	if (in->name && (!*in->name || utf8_chars(in->name) > 64))
		return err_set(e, ERR_INVALID, "name", "名称应为 1 到 64 个字", "name must be 1 to 64 characters");
	if (in->domain && !registry_in(in->domain, registry_domains))
		return err_set(e, ERR_INVALID, "domain", "服务领域无效", "unknown domain");
	if (in->status && !registry_in(in->status, registry_team_statuses))
		return err_set(e, ERR_INVALID, "status", "状态应为 active 或 dissolved",
			       "status must be active or dissolved");
	if (is_general && parent_id)
		return err_set(e, ERR_RULE, "parent_id", "总队不能有上级队伍", "a general team has no parent");
	if (parent_id) {
		struct record pt;
		struct tinfo pi;
		if ((rc = record_load(c, &team_kind.rec, parent_id, 0, &pt))) {
			if (rc == ERR_NOT_FOUND)
				return err_set(e, ERR_RULE, "parent_id", "上级总队不存在", "no such parent team");
			return rc;
		}
		if ((rc = team_info(db, parent_id, &pi, e)))
			return rc;
		if (!pi.is_general)
			return err_set(e, ERR_RULE, "parent_id", "上级队伍必须是总队", "the parent must be a general team");
		if (pt.id == self_id)
			return err_set(e, ERR_RULE, "parent_id", "不能以自己为上级", "a team cannot be its own parent");
		if (strncmp(team_path, pt.path, strlen(pt.path)) != 0)
			return err_set(e, ERR_RULE, "parent_id", "队伍所在区域必须在上级总队的区域内",
				       "the team's region must be inside the general team's region");
	}
	char status[16];
	if (in->has_organisation_id && in->organisation_id)
		return ref_in_scope(db, actor,
				    "SELECT g.path, o.status FROM organisations o JOIN regions g ON g.id=o.region_id"
				    " WHERE o.id=?",
				    in->organisation_id, "organisation_id", "依托组织不存在", "no such organisation",
				    status, e);
	return 0;
}

static int name_conflict(int rc, struct err *e)
{
	if (rc == ERR_CONFLICT)
		err_set(e, ERR_CONFLICT, "name", "该区域已有同名队伍", "a team with this name already exists in the region");
	return rc;
}

static int team_insert(struct ctx *c, const void *vin, int64_t *id)
{
	const struct registry_team_in *in = vin;
	struct registry_region rg;
	struct err *e = c->e;
	int rc;
	if (!in->name || !*in->name)
		return err_set(e, ERR_INVALID, "name", "请填写队伍名称", "name is required");
	if (!in->region_id)
		return err_set(e, ERR_INVALID, "region_id", "请选择所属区域", "region_id is required");
	int is_general = in->has_is_general && in->is_general;
	int64_t parent = in->has_parent_id ? in->parent_id : 0;
	if ((rc = registry_region_for_write(c->db, c->who, in->region_id, "region_id", TEAM_LEVELS, &rg, e)) ||
	    (rc = validate(c, in, 0, rg.path, is_general, parent)))
		return rc;
	rc = db_int(c->db, e, id,
		    "INSERT INTO teams(region_id, parent_id, is_general, name, organisation_id, domain, status,"
		    " description, import_job_id, created_at, updated_at)"
		    " VALUES(?,NULLIF(?,0),?,?,NULLIF(?,0),?,?,?,NULLIF(?,0),?,?) RETURNING id",
		    "iiisisssiii", in->region_id, parent, (int64_t)is_general, in->name,
		    in->has_organisation_id ? in->organisation_id : 0, in->domain ? in->domain : "other",
		    in->status ? in->status : "active", in->has_description ? in->description : NULL,
		    in->import_job_id, c->now, c->now);
	return rc < 0 ? name_conflict(rc, e) : 0;
}

/* Where an update puts the team, from team_check to team_apply. */
struct team_place {
	int64_t parent;
	int is_general;
};

static int kids(struct ctx *c, int64_t id, int64_t *n)
{
	int rc = db_int(c->db, c->e, n, "SELECT count(*) FROM teams WHERE parent_id=?", "i", id);
	return rc < 0 ? rc : 0;
}

static int team_check(struct ctx *c, struct record *r, const void *vin, void **st)
{
	const struct registry_team_in *in = vin;
	struct registry_region rg;
	struct tinfo ti;
	int rc;
	const char *path = r->path;
	if ((rc = team_info(c->db, r->id, &ti, c->e)))
		return rc;
	if (in->region_id && in->region_id != r->region_id) {
		if ((rc = registry_region_for_write(c->db, c->who, in->region_id, "region_id", TEAM_LEVELS, &rg,
						    c->e)))
			return rc;
		path = rg.path;
	}
	struct team_place *pl = arena_alloc(c->a, sizeof *pl);
	*st = pl;
	if (in->has_parent_id)
		pl->parent = in->parent_id;
	else if ((rc = db_int(c->db, c->e, &pl->parent, "SELECT coalesce(parent_id,0) FROM teams WHERE id=?",
			      "i", r->id)) < 0)
		return rc;
	pl->is_general = in->has_is_general ? in->is_general : ti.is_general;
	if ((rc = validate(c, in, r->id, path, pl->is_general, pl->parent)))
		return rc;
	int64_t n = 0;
	if (ti.is_general && !pl->is_general && (rc = kids(c, r->id, &n)))
		return rc;
	if (n)
		return err_set(c->e, ERR_RULE, "is_general", "该总队下还有队伍，不能改为普通队伍",
			       "the general team still has teams under it");
	return 0;
}

static int team_apply(struct ctx *c, struct record *r, const void *vin, void *st)
{
	const struct registry_team_in *in = vin;
	const struct team_place *pl = st;
	return name_conflict(db_exec(c->db, c->e,
				     "UPDATE teams SET region_id=CASE WHEN ?>0 THEN ? ELSE region_id END,"
				     " parent_id=NULLIF(?,0), is_general=?, name=coalesce(?,name),"
				     " organisation_id=CASE WHEN ?=1 THEN NULLIF(?,0) ELSE organisation_id END,"
				     " domain=coalesce(?,domain), status=coalesce(?,status),"
				     " description=CASE WHEN ?=1 THEN ? ELSE description END,"
				     " version=version+1, updated_at=? WHERE id=?",
				     "iiiisbissbsii", in->region_id, in->region_id, pl->parent,
				     (int64_t)pl->is_general, in->name, (int)in->has_organisation_id,
				     in->organisation_id, in->domain, in->status, (int)in->has_description,
				     in->description, c->now, r->id),
			     c->e);
}

static int team_can_delete(struct ctx *c, struct record *r)
{
	int64_t n = 0;
	int rc = kids(c, r->id, &n);
	if (!rc && n)
		return err_setf(c->e, ERR_RULE, "id", "该总队下还有 %lld 支队伍，不能删除",
				"the general team still has %lld teams under it", (long long)n);
	return rc;
}

static int team_detail(struct ctx *c, struct jw *w, int64_t id, const char *path);

static const struct registry_kind team_kind = {
	REGISTRY_KIND("team", "队伍", "team", "teams", "t", TEAM_ONE, registry_team_cols, REGISTRY_READ_ROLES,
		      struct registry_team_in),
	.in_use_zh = "该队伍仍被其他记录引用，不能删除；可将状态改为 dissolved",
	.in_use_en = "the team is still referenced and cannot be deleted; set status to dissolved",
	.insert = team_insert, .check = team_check, .apply = team_apply, .can_delete = team_can_delete,
	.detail = team_detail,
};

REGISTRY_KIND_API(team, team_kind)

static int member_json(struct db *db, int64_t team_id, int64_t person_id, const char *role,
		       char **out, struct err *e)
{
	struct stmt *st = db_q(db, e, "SELECT name FROM people WHERE id=?", "i", person_id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	struct sb b = SB_INIT;
	sb_addf(&b, "{\"team_id\":%lld,\"person_id\":%lld,\"name\":", (long long)team_id,
		(long long)person_id);
	if (rc == 1) {
		const char *n = col_text(st, 0);
		json_escape(&b, n, strlen(n));
	} else {
		sb_adds(&b, "null");
	}
	stmt_done(st);
	if (rc < 0) {
		sb_free(&b);
		return rc;
	}
	sb_adds(&b, ",\"role\":");
	json_escape(&b, role, strlen(role));
	sb_addc(&b, '}');
	*out = sb_detach(&b, NULL);
	return 0;
}

/* The person's role in the team (old): 1, or 0 when not a member, or the error. */
static int member_role(struct db *db, int64_t team_id, int64_t person_id, char old[16], struct err *e)
{
	struct stmt *st;
	int rc = db_row(db, e, &st, "SELECT role FROM team_members WHERE team_id=? AND person_id=?", "ii",
			team_id, person_id);
	if (rc == 1) {
		snprintf(old, 16, "%s", col_text(st, 0));
		stmt_done(st);
	}
	return rc;
}

static int team_member_set(struct ctx *c, int64_t team_id, int64_t person_id, const char *role)
{
	struct db *db = c->db;
	const struct principal *actor = c->who;
	int64_t now = c->now;
	struct err *e = c->e;
	struct record r;
	struct tinfo ti;
	int rc;
	if ((rc = load(c, team_id, &r, &ti)))
		return rc;
	if (!role)
		role = "member";
	if (strcmp(role, "leader") && strcmp(role, "member"))
		return err_set(e, ERR_INVALID, "role", "角色应为 leader（队长）或 member（队员）",
			       "role must be leader or member");
	char status[16];
	if ((rc = ref_in_scope(db, actor,
			       "SELECT g.path, p.status FROM people p JOIN regions g ON g.id=p.region_id WHERE p.id=?",
			       person_id, "person_id", "人员不存在", "no such person", status, e)))
		return rc;
	if (strcmp(status, "active") != 0)
		return err_set(e, ERR_RULE, "person_id", "只能添加在册（active）人员", "only active people can join");
	char *before = NULL, *after = NULL;
	char old[16] = "";
	if ((rc = member_role(db, team_id, person_id, old, e)) < 0)
		return rc;
	bool existed = rc == 1;
	if (existed && strcmp(old, role) == 0)
		return err_set(e, ERR_CONFLICT, "person_id", "该人员已是本队成员", "already a member of this team");
	if (strcmp(role, "leader") == 0) {
		/* One leader: the former leader stays on as a member. */
		if ((rc = db_exec(db, e, "UPDATE team_members SET role='member' WHERE team_id=? AND role='leader'",
				  "i", team_id)) ||
		    (rc = db_exec(db, e, "UPDATE teams SET leader_person_id=?, version=version+1, updated_at=? WHERE id=?",
				  "iii", person_id, now, team_id)))
			return rc;
	} else if (ti.leader == person_id) {
		if ((rc = db_exec(db, e, "UPDATE teams SET leader_person_id=NULL, version=version+1, updated_at=? WHERE id=?",
				  "ii", now, team_id)))
			return rc;
	}
	if (existed)
		rc = db_exec(db, e, "UPDATE team_members SET role=? WHERE team_id=? AND person_id=?", "sii",
			     role, team_id, person_id);
	else
		rc = db_exec(db, e,
			     "INSERT INTO team_members(team_id, person_id, role, joined_at) VALUES(?,?,?,?)",
			     "iisi", team_id, person_id, role, now);
	if (rc)
		return rc;
	if (existed && (rc = member_json(db, team_id, person_id, old, &before, e)))
		return rc;
	if (!(rc = member_json(db, team_id, person_id, role, &after, e)))
		rc = audit_record(c, existed ? "member_update" : "member_add", "team", team_id, r.region_id, before,
				  after);
	free(before);
	free(after);
	return rc;
}

int registry_team_member_set(struct ctx *c, int64_t team_id, const void *in)
{
	const struct registry_team_member_in *m = in;
	return team_member_set(c, team_id, m->person_id, m->role ? m->role : "member");
}

int registry_team_member_remove(struct ctx *c, int64_t team_id, int64_t person_id)
{
	struct record r;
	struct tinfo ti;
	char old[16] = "", *before = NULL;
	int rc = load(c, team_id, &r, &ti);
	if (rc || (rc = member_role(c->db, team_id, person_id, old, c->e)) < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "person_id", "该人员不是本队成员", "not a member of this team");
	if ((rc = member_json(c->db, team_id, person_id, old, &before, c->e)))
		return rc;
	rc = db_exec(c->db, c->e, "DELETE FROM team_members WHERE team_id=? AND person_id=?", "ii", team_id,
		     person_id);
	if (!rc && ti.leader == person_id)
		rc = db_exec(c->db, c->e,
			     "UPDATE teams SET leader_person_id=NULL, version=version+1, updated_at=? WHERE id=?",
			     "ii", c->now, team_id);
	if (!rc)
		rc = audit_record(c, "member_remove", "team", team_id, r.region_id, before, NULL);
	free(before);
	return rc;
}

/* The detail's members (names and masked mobiles only) and teams under it. */
static const struct col member_cols[] = {
	{"person_id", "", COL_INT},       {"name", "", COL_TEXT},
	{"role", "", COL_TEXT},           {"joined_at", "", COL_TIME},
	{"mobile", "", COL_MOBILE_MASK},  {"is_volunteer", "", COL_BOOL},
	{"is_social_worker", "", COL_BOOL}, {"region_name", "", COL_TEXT},
};
static const struct col child_cols[] = {{"id", "", COL_INT}, {"name", "", COL_TEXT}, {"status", "", COL_TEXT}};

static int team_detail(struct ctx *c, struct jw *w, int64_t id, const char *path)
{
	(void)path;
	int rc = registry_write_rows(c, w, "members", member_cols, REGISTRY_NCOLS(member_cols),
				     "SELECT m.person_id, p.name, m.role, m.joined_at, p.mobile, p.is_volunteer,"
				     " p.is_social_worker, g.name FROM team_members m JOIN people p ON p.id=m.person_id"
				     " JOIN regions g ON g.id=p.region_id WHERE m.team_id=?"
				     " ORDER BY m.role='leader' DESC, m.joined_at, m.person_id",
				     id);
	return rc ? rc
		  : registry_write_rows(c, w, "children", child_cols, REGISTRY_NCOLS(child_cols),
					"SELECT t.id, t.name, t.status FROM teams t WHERE t.parent_id=? ORDER BY t.id", id);
}

/* Teams of one parent (0: top-level teams of the subtree) as tree nodes. */
static int tree_level(struct db *db, struct jw *w, const char *lo, const char *hi, int64_t parent,
		      struct err *e)
{
	int64_t ids[1024];
	int rc;
	struct stmt *st =
		parent ? db_q(db, e, "SELECT t.id FROM teams t WHERE t.parent_id=? ORDER BY t.id", "i", parent)
		       : db_q(db, e,
			      "SELECT t.id FROM teams t JOIN regions g ON g.id=t.region_id"
			      " WHERE t.parent_id IS NULL AND g.path >= ? AND g.path < ?"
			      " ORDER BY t.is_general DESC, g.path, t.id",
			      "ss", lo, hi);
	int n = stmt_ids(st, ids, 1024, e);
	if (n < 0)
		return n;
	jw_arr(w);
	for (int i = 0; i < n; i++) {
		st = db_q(db, e, TEAM_ONE, "i", ids[i]);
		if (!st)
			return e->code;
		if ((rc = stmt_step(st, e)) == 1) {
			jw_obj(w);
			registry_row_json(w, registry_team_cols, registry_team_ncols, st);
		}
		stmt_done(st);
		if (rc < 0)
			return rc;
		if (rc == 1) {
			if (!parent) {
				jw_key(w, "children");
				if ((rc = tree_level(db, w, lo, hi, ids[i], e)))
					return rc;
			}
			jw_obj_end(w);
		}
	}
	jw_arr_end(w);
	return 0;
}

int registry_team_tree(struct db *db, const struct principal *p, struct jw *w, int64_t region_id,
		  struct err *e)
{
	char lo[512], hi[512];
	int rc = registry_list_scope(db, p, REGISTRY_READ_ROLES, region_id, lo, hi, e);
	if (rc)
		return rc;
	jw_obj(w);
	jw_key(w, "items");
	if ((rc = tree_level(db, w, lo, hi, 0, e)))
		return rc;
	jw_obj_end(w);
	return 0;
}

static const struct list_spec team_list = REGISTRY_LIST("teams", "t", TEAM_SELECT);
#define TF(m) offsetof(struct registry_team_filter, m)
static const struct registry_enum_filter team_filters[] = {
	{"domain", "t.domain", TF(domain), registry_domains, "服务领域无效", "unknown domain"},
	{"status", "t.status", TF(status), registry_team_statuses, "状态应为 active 或 dissolved",
	 "status must be active or dissolved"},
	{NULL, NULL, 0, NULL, NULL, NULL},
};

int registry_teams_list(struct ctx *c, const struct registry_team_filter *f, const struct list_req *lr,
		   registry_row_fn fn, void *fctx, struct list_result *res)
{
	struct list_q *q;
	int rc = registry_list_open(c, REGISTRY_READ_ROLES, f->region_id, &team_list, f, team_filters, &q);
	if (rc)
		return rc;
	registry_list_like(q, "t.name LIKE ? ESCAPE '\\'", f->q);
	if (f->parent_id)
		list_eq_int(q, "t.parent_id", f->parent_id);
	if (f->is_general >= 0)
		list_eq_int(q, "t.is_general", f->is_general);
	return registry_list_run(c->db, q, lr, registry_team_cols, registry_team_ncols, fn, fctx, res, c->e);
}
