/*
 * reg_incubation.c — incubation of community social organisations
 * (社区社会组织培育): incubating → filed (备案 with the town) → registered
 * (登记). Only organisations of type community_social_org move. A move goes
 * forward only (skipping a stage is forward: an organisation may register
 * directly); going back is a correction that only a district admin may make,
 * and only with a reason. 'filed' sets organisations.registration to
 * 'filed' (and the filing town, if unset, to the town above the ledger
 * community), 'registered' to 'registered', 'incubating' to
 * 'unregistered'. Every move is a row of reg_incubation_events and an
 * audit entry with the organisation before and after.
 *
 * An organisation belongs, for the board, to the community that keeps its
 * ledger, else to its own region when that is a community.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules/registry/reg_gov.h"
#include "modules/registry/reg_gov_internal.h"
#include "store/store.h"

static const char *const stages[] = {"incubating", "filed", "registered", NULL};

int reg_stage_rank(const char *stage)
{
	if (!stage)
		return 0;
	for (int i = 0; stages[i]; i++)
		if (strcmp(stage, stages[i]) == 0)
			return i + 1;
	return -1;
}

int reg_incubation_check(const char *org_type, const char *from, const char *to,
			 bool district_admin, const char *reason, struct err *e)
{
	int rf = reg_stage_rank(from), rt = reg_stage_rank(to);
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

#define ORG_SNAP                                                                           \
	"SELECT id, name, org_type, registration, filed_town_id, ledger_community_id,"     \
	" incubation_stage, status, version FROM organisations WHERE id=?"

/* The organisation's community (ledger, else its own region if a community) and its path. */
static int org_scope(struct db *db, const struct principal *p, unsigned mask, int64_t org_id,
		     struct rgov_region *region, char type[32], char stage[16], struct err *e)
{
	struct stmt *st = db_q(db, e,
			       "SELECT region_id, org_type, coalesce(incubation_stage,'') FROM organisations"
			       " WHERE id=?",
			       "i", org_id);
	if (!st)
		return e->code;
	int64_t rid = 0;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		rid = col_int(st, 0);
		snprintf(type, 32, "%s", col_text(st, 1));
		snprintf(stage, 16, "%s", col_text(st, 2));
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "id", "组织不存在", "no such organisation");
	return reg_scope(db, p, mask, rid, "id", region, e);
}

int reg_incubation_move(struct db *db, const struct principal *p, int64_t org_id,
			const char *stage, const char *note, const char *reason, int64_t now,
			struct err *e)
{
	struct rgov_region r;
	char type[32], from[16];
	int rc = org_scope(db, p, REG_EDIT, org_id, &r, type, from, e);
	if (rc)
		return rc;
	bool district = !p || auth_covers_path(p, R(ROLE_DISTRICT_ADMIN), r.path);
	if ((rc = reg_incubation_check(type, *from ? from : NULL, stage, district, reason, e)))
		return rc;
	const char *registration = strcmp(stage, "registered") == 0 ? "registered"
				   : strcmp(stage, "filed") == 0    ? "filed"
								    : "unregistered";
	char *before = NULL, *after = NULL;
	if ((rc = rgov_snapshot(db, ORG_SNAP, org_id, &before, e)))
		return rc;
	rc = db_exec(db, e,
		     "UPDATE organisations SET incubation_stage=?, registration=?,"
		     " filed_town_id = CASE WHEN ?='filed' AND filed_town_id IS NULL THEN"
		     "   (SELECT c.parent_id FROM regions c WHERE c.id=organisations.ledger_community_id)"
		     "   ELSE filed_town_id END,"
		     " version=version+1, updated_at=? WHERE id=?",
		     "sssii", stage, registration, stage, now, org_id);
	if (!rc)
		rc = db_exec(db, e,
			     "INSERT INTO reg_incubation_events(organisation_id, from_stage, to_stage, note,"
			     " reason, at, by_user) VALUES(?,NULLIF(?,''),?,?,?,?,NULLIF(?,0))",
			     "issssii", org_id, from, stage, note, reason, now, p ? p->user_id : 0);
	if (!rc)
		rc = rgov_snapshot(db, ORG_SNAP, org_id, &after, e);
	if (!rc)
		rc = rgov_audit(db, p, now,
			       reg_stage_rank(stage) < reg_stage_rank(*from ? from : NULL) ? "incubation_revert"
											   : "incubation",
			       "organisation", org_id, r.id, before, after, e);
	free(before);
	free(after);
	return rc;
}

int reg_org_incubation_write(struct db *db, const struct principal *p, struct jw *w,
			     int64_t org_id, struct err *e)
{
	struct rgov_region r;
	char type[32], stage[16];
	int rc = org_scope(db, p, REG_READ, org_id, &r, type, stage, e);
	if (rc)
		return rc;
	struct stmt *st = db_q(db, e,
			       "SELECT id, name, org_type, registration, incubation_stage, version"
			       " FROM organisations WHERE id=?",
			       "i", org_id);
	if (!st)
		return e->code;
	if ((rc = stmt_step(st, e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "name", col_text(st, 1));
		jw_kstr(w, "org_type", col_text(st, 2));
		jw_kstr(w, "registration", col_text(st, 3));
		jw_kstr(w, "incubation_stage", col_text(st, 4));
		jw_kint(w, "version", col_int(st, 5));
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	st = db_q(db, e,
		  "SELECT ev.from_stage, ev.to_stage, ev.note, ev.reason, ev.at, u.username"
		  " FROM reg_incubation_events ev LEFT JOIN users u ON u.id=ev.by_user"
		  " WHERE ev.organisation_id=? ORDER BY ev.id",
		  "i", org_id);
	if (!st)
		return e->code;
	jw_key(w, "events");
	jw_arr(w);
	while ((rc = stmt_step(st, e)) == 1) {
		jw_obj(w);
		jw_kstr(w, "from_stage", col_text(st, 0));
		jw_kstr(w, "to_stage", col_text(st, 1));
		jw_kstr(w, "note", col_text(st, 2));
		jw_kstr(w, "reason", col_text(st, 3));
		jw_ktime(w, "at", col_int(st, 4));
		jw_kstr(w, "by", col_text(st, 5));
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

/* The community of an organisation for the board. */
#define ORG_COMMUNITY                                                                      \
	" FROM organisations o JOIN regions c ON c.id = coalesce(o.ledger_community_id,"  \
	" o.region_id) AND c.level='community'"

int reg_incubation_board(struct db *db, const struct principal *p, struct jw *w,
			 int64_t region_id, struct err *e)
{
	struct rgov_region root;
	int rc = reg_scope_root(db, p, REG_READ, region_id, &root, e);
	if (rc)
		return rc;
	struct stmt *st = db_q(
		db, e,
		"SELECT c.id, c.name,"
		" sum(CASE WHEN o.incubation_stage='incubating' THEN 1 ELSE 0 END),"
		" sum(CASE WHEN o.incubation_stage='filed' THEN 1 ELSE 0 END),"
		" sum(CASE WHEN o.incubation_stage='registered' THEN 1 ELSE 0 END),"
		" sum(CASE WHEN o.incubation_stage IS NULL THEN 1 ELSE 0 END)" ORG_COMMUNITY
		" WHERE o.org_type='community_social_org' AND o.status='active'"
		" AND c.path >= ? AND c.path < ? GROUP BY c.id, c.name ORDER BY c.id",
		"ss", root.path, root.hi);
	if (!st)
		return e->code;
	int64_t tot[4] = {0};
	jw_obj(w);
	jw_key(w, "region");
	jw_obj(w);
	jw_kint(w, "id", root.id);
	jw_kstr(w, "name", root.name);
	jw_kstr(w, "level", root.level);
	jw_obj_end(w);
	jw_key(w, "communities");
	jw_arr(w);
	while ((rc = stmt_step(st, e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "name", col_text(st, 1));
		static const char *keys[] = {"incubating", "filed", "registered", "none"};
		for (int i = 0; i < 4; i++) {
			jw_kint(w, keys[i], col_int(st, 2 + i));
			tot[i] += col_int(st, 2 + i);
		}
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	jw_key(w, "totals");
	jw_obj(w);
	jw_kint(w, "incubating", tot[0]);
	jw_kint(w, "filed", tot[1]);
	jw_kint(w, "registered", tot[2]);
	jw_kint(w, "none", tot[3]);
	jw_obj_end(w);
	jw_obj_end(w);
	return 0;
}

int reg_incubation_list(struct db *db, const struct principal *p, struct jw *w,
			const struct reg_list_q *q, int64_t *total, struct err *e)
{
	struct rgov_region root;
	int rc = reg_scope_root(db, p, REG_READ, q->region_id, &root, e);
	if (rc)
		return rc;
	const char *stage = q->stage && *q->stage ? q->stage : NULL;
	if (stage && strcmp(stage, "none") != 0 && reg_stage_rank(stage) <= 0)
		return err_set(e, ERR_INVALID, "stage", "阶段应为 incubating、filed、registered 或 none",
			       "stage must be incubating, filed, registered or none");
	const char *order = "o.name, o.id";
	if (q->sort && *q->sort) {
		if (strcmp(q->sort, "-updated_at") == 0)
			order = "o.updated_at DESC, o.id";
		else if (strcmp(q->sort, "updated_at") == 0)
			order = "o.updated_at, o.id";
		else if (strcmp(q->sort, "-name") == 0)
			order = "o.name DESC, o.id";
		else if (strcmp(q->sort, "name") != 0)
			return err_set(e, ERR_INVALID, "sort", "排序字段应为 name 或 updated_at（可加 - 前缀）",
				       "sort must be name or updated_at (optionally prefixed by -)");
	}
	static const char *where =
		" WHERE o.org_type='community_social_org' AND o.status='active' AND c.path >= ?"
		" AND c.path < ? AND (? IS NULL OR coalesce(o.incubation_stage,'none') = ?)";
	struct sb b = SB_INIT;
	sb_addf(&b, "SELECT count(*)%s%s", ORG_COMMUNITY, where);
	if ((rc = db_int(db, e, total, sb_str(&b), "ssss", root.path, root.hi, stage, stage)) < 0)
		goto done;
	sb_reset(&b);
	sb_addf(&b,
		"SELECT o.id, o.name, c.id, c.name, o.incubation_stage, o.registration, o.domain,"
		" o.version, o.updated_at%s%s ORDER BY %s LIMIT ? OFFSET ?",
		ORG_COMMUNITY, where, order);
	struct stmt *st = db_q(db, e, sb_str(&b), "ssssii", root.path, root.hi, stage, stage,
			       q->per_page, q->offset);
	if (!st) {
		rc = e->code;
		goto done;
	}
	while ((rc = stmt_step(st, e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "name", col_text(st, 1));
		jw_key(w, "community");
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 2));
		jw_kstr(w, "name", col_text(st, 3));
		jw_obj_end(w);
		jw_kstr(w, "incubation_stage", col_text(st, 4));
		jw_kstr(w, "registration", col_text(st, 5));
		jw_kstr(w, "domain", col_text(st, 6));
		jw_kint(w, "version", col_int(st, 7));
		jw_ktime(w, "updated_at", col_int(st, 8));
		jw_obj_end(w);
	}
	stmt_done(st);
done:
	sb_free(&b);
	return rc < 0 ? rc : 0;
}
