/*
 * registry_incubation.c — incubation of community social organisations
 * (社区社会组织培育): incubating → filed (备案 with the town) → registered
 * (登记). Only organisations of type community_social_org move. A move goes
 * forward only (skipping a stage is forward: an organisation may register
 * directly); going back is a correction that only a district admin may make,
 * and only with a reason. 'filed' sets organisations.registration to
 * 'filed' (and the filing town, if unset, to the town above the ledger
 * community), 'registered' to 'registered', 'incubating' to
 * 'unregistered'. Every move is a row of registry_incubation_events and an
 * audit entry with the organisation before and after.
 *
 * An organisation belongs, for the board, to the community that keeps its
 * ledger, else to its own region when that is a community.
 */
#include <string.h>

#include "core/arena.h"
#include "modules/registry/registry_gov.h"
#include "modules/registry/registry_gov_internal.h"
#include "store/list.h"
#include "store/store.h"

/* The list's stage filter: a stage, or none (not in incubation). */
static const char *const stage_filters[] = {"incubating", "filed", "registered", "none", NULL};

int registry_stage_rank(const char *stage)
{
	if (!stage)
		return 0;
	for (int i = 0; registry_incubation_stages[i]; i++)
		if (strcmp(stage, registry_incubation_stages[i]) == 0)
			return i + 1;
	return -1;
}

int registry_incubation_check(const char *org_type, const char *from, const char *to,
			 bool district_admin, const char *reason, struct err *e)
{
	int rf = registry_stage_rank(from), rt = registry_stage_rank(to);
	if (!to || rt <= 0)
		return err_set(e, ERR_INVALID, "stage", "阶段应为 incubating、filed 或 registered",
			       "stage must be incubating, filed or registered");
	if (!org_type || strcmp(org_type, "community_social_org") != 0)
		return err_set(e, ERR_RULE, "org_type", "只有社区社会组织才有培育阶段",
			       "only community social organisations go through incubation");
	if (rt == rf)
		return err_set(e, ERR_RULE, "stage", "组织已处于该阶段", "the organisation is already at this stage");
	if (rt < rf) {
		if (!district_admin)
			return err_set(e, ERR_FORBIDDEN, "stage", "培育阶段只能前进；退回须由区管理员说明理由",
				       "incubation only moves forward; only a district admin may revert, with a reason");
		if (!reason || !*reason)
			return err_set(e, ERR_RULE, "reason", "退回培育阶段须说明理由",
				       "a reason is required to revert the stage");
	}
	return 0;
}

int registry_incubation_move(struct ctx *c, int64_t org_id, const void *vin)
{
	const struct registry_incubation_in *in = vin;
	struct record rec;
	int rc = record_load(c, &registry_incubation_kind, org_id, REGISTRY_EDIT, &rec);
	if (rc)
		return rc;
	const char *row[2]; /* org_type, incubation_stage ("" when none) */
	if ((rc = registry_texts(c, "SELECT org_type, incubation_stage FROM organisations WHERE id=?", org_id, row,
				 2)))
		return rc;
	const char *type = row[0], *from = *row[1] ? row[1] : NULL;
	bool district = !c->who || auth_covers_path(c->who, R(ROLE_DISTRICT_ADMIN), rec.path);
	if ((rc = registry_incubation_check(type, from, in->stage, district, in->reason, c->e)))
		return rc;
	const char *registration = strcmp(in->stage, "registered") == 0 ? "registered"
				   : strcmp(in->stage, "filed") == 0    ? "filed"
									: "unregistered";
	if ((rc = record_begin(c, &rec, -1)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE organisations SET incubation_stage=?, registration=?,"
			  " filed_town_id = CASE WHEN ?='filed' AND filed_town_id IS NULL THEN"
			  "   (SELECT c.parent_id FROM regions c WHERE c.id=organisations.ledger_community_id)"
			  "   ELSE filed_town_id END,"
			  " version=version+1, updated_at=? WHERE id=?",
			  "sssii", in->stage, registration, in->stage, c->now, org_id)) ||
	    (rc = db_exec(c->db, c->e,
			  "INSERT INTO reg_incubation_events(organisation_id, from_stage, to_stage, note,"
			  " reason, at, by_user) VALUES(?,?,?,?,?,?,NULLIF(?,0))",
			  "issssii", org_id, from, in->stage, in->note, in->reason, c->now,
			  c->who ? c->who->user_id : 0)))
		return rc;
	return record_commit(c, &rec,
			     registry_stage_rank(in->stage) < registry_stage_rank(from) ? "incubation_revert" : "incubation");
}

int registry_org_incubation_write(struct ctx *c, struct jw *w, int64_t org_id)
{
	struct record rec;
	int rc = record_load(c, &registry_incubation_kind, org_id, 0, &rec);
	if (rc)
		return rc;
	static const struct col head_cols[] = {
		{"id", "编号", COL_INT},          {"name", "名称", COL_TEXT},                {"org_type", "类型", COL_TEXT},
		{"registration", "登记状态", COL_TEXT}, {"incubation_stage", "培育阶段", COL_TEXT}, {"version", "版本", COL_INT},
	};
	jw_obj(w);
	if ((rc = registry_each(c,
				db_q(c->db, c->e,
				     "SELECT id, name, org_type, registration, incubation_stage, version"
				     " FROM organisations WHERE id=?",
				     "i", org_id),
				1, registry_cols_row, &(struct registry_cols){w, head_cols, 6})) < 0)
		return rc;
	static const struct col event_cols[] = {
		{"from_stage", "原阶段", COL_TEXT}, {"to_stage", "新阶段", COL_TEXT}, {"note", "说明", COL_TEXT},
		{"reason", "理由", COL_TEXT},      {"at", "时间", COL_TIME},        {"by", "操作人", COL_TEXT},
	};
	static const struct registry_rows events = {event_cols, 6, NULL, 0};
	rc = registry_write_array(c, w, "events", &events,
			     "SELECT ev.from_stage, ev.to_stage, ev.note, ev.reason, ev.at, u.username"
			     " FROM reg_incubation_events ev LEFT JOIN users u ON u.id=ev.by_user"
			     " WHERE ev.organisation_id=? ORDER BY ev.id",
			     &(struct db_arg){.type = 'i', .i = org_id}, 1);
	jw_obj_end(w);
	return rc;
}

/* The community of an organisation for the board and the list. */
#define ORG_COMMUNITY                                                                      \
	"organisations o JOIN regions c ON c.id = coalesce(o.ledger_community_id,"         \
	" o.region_id) AND c.level='community'"

static const char *const board_keys[] = {"incubating", "filed", "registered", "none"};

/* A community's counts per stage, added to the totals. */
struct board {
	struct jw *w;
	int64_t tot[4];
};

static int board_row(struct ctx *c, struct stmt *st, void *arg)
{
	(void)c;
	struct board *b = arg;
	jw_obj(b->w);
	jw_kint(b->w, "id", col_int(st, 0));
	jw_kstr(b->w, "name", col_text(st, 1));
	for (int i = 0; i < 4; i++) {
		jw_kint(b->w, board_keys[i], col_int(st, 2 + i));
		b->tot[i] += col_int(st, 2 + i);
	}
	jw_obj_end(b->w);
	return 0;
}

int registry_incubation_board(struct ctx *c, struct jw *w, int64_t region_id)
{
	struct registry_gov_region root;
	struct board b = {w, {0}};
	int rc = registry_report_begin(c, w, region_id, NULL, &root);
	if (rc || (rc = registry_array(
			   c, w, "communities",
			   db_q(c->db, c->e,
				"SELECT c.id, c.name,"
				" sum(CASE WHEN o.incubation_stage='incubating' THEN 1 ELSE 0 END),"
				" sum(CASE WHEN o.incubation_stage='filed' THEN 1 ELSE 0 END),"
				" sum(CASE WHEN o.incubation_stage='registered' THEN 1 ELSE 0 END),"
				" sum(CASE WHEN o.incubation_stage IS NULL THEN 1 ELSE 0 END) FROM " ORG_COMMUNITY
				" WHERE o.org_type='community_social_org' AND o.status='active'"
				" AND c.path >= ? AND c.path < ? GROUP BY c.id, c.name ORDER BY c.id",
				"ss", root.path, root.hi),
			   board_row, &b)) < 0)
		return rc;
	jw_key(w, "totals");
	jw_obj(w);
	for (int i = 0; i < 4; i++)
		jw_kint(w, board_keys[i], b.tot[i]);
	jw_obj_end(w);
	jw_obj_end(w);
	return 0;
}

static const struct col org_show_cols[] = {
	{"id", "编号", COL_INT},          {"name", "名称", COL_TEXT},       {"incubation_stage", "培育阶段", COL_TEXT},
	{"registration", "登记状态", COL_TEXT}, {"domain", "领域", COL_TEXT}, {"version", "版本", COL_INT},
	{"updated_at", "更新时间", COL_TIME},
};
static const struct registry_nested org_refs[] = {{"community", false}};
static const struct registry_rows org_rows = {org_show_cols, 7, org_refs, 1};

/* Active community social organisations; stage "none": not in incubation. */
static int org_where(struct ctx *c, struct list_q *lq, const struct registry_list_q *q)
{
	(void)c;
	list_where(lq, "o.org_type='community_social_org' AND o.status='active'", "");
	if (q->stage && strcmp(q->stage, "none") == 0)
		list_where(lq, "o.incubation_stage IS NULL", "");
	return 0;
}

static const struct registry_list_def org_def =
	GOV_LIST(ORG_COMMUNITY, "o.id", "c.id",
		 "o.id, o.name, o.incubation_stage, o.registration, o.domain, o.version, o.updated_at, c.id, c.name",
		 ORG_COMMUNITY, "o.id", &org_rows, org_where, "name", GOV_SORT_TEXT("name", "o.name"),
		 GOV_SORT_INT("updated_at", "o.updated_at"));

int registry_incubation_list(struct ctx *c, struct jw *w, const struct registry_list_q *q,
			struct list_result *res)
{
	bool none = q->stage && strcmp(q->stage, "none") == 0;
	const struct registry_filter f = {"o.incubation_stage", "stage", none ? NULL : q->stage, stage_filters};
	return registry_list(c, w, q, res, &org_def, &f, 1);
}
