/*
 * case_staff.c — who does case work at a station (case_staff): an org
 * admin over the station organisation's region, or a district or town
 * admin over the station's region, adds a social-work account as worker or
 * supervisor and sets each worker's supervisor (a supervisor of the same
 * station). A supervisor change moves the worker's open cases to the new
 * supervisor (audited, notified). Setting people up never opens a case.
 */
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "modules/cases/case_internal.h"
#include "store/list.h"
#include "store/store.h"

/* May the caller set up staff of (org, region)? */
static int may_manage(struct ctx *c, int64_t org_id, int64_t region_id)
{
	if (!c->who)
		return 0;
	char *opath = NULL, *rpath = NULL;
	int rc;
	if ((rc = db_text(c->db, c->e, c->a, &opath,
			  "SELECT g.path FROM organisations o JOIN regions g ON g.id=o.region_id WHERE o.id=?", "i",
			  org_id)) < 0 ||
	    (rc = list_region_path_in(c->db, c->a, region_id, &rpath, c->e)) < 0)
		return rc;
	if (opath && auth_covers_path(c->who, R(ROLE_ORG_ADMIN), opath))
		return 0;
	if (rpath && auth_covers_path(c->who, ROLES_ADMIN, rpath))
		return 0;
	return auth_forbidden(c->e);
}

static int check_supervisor(struct ctx *c, int64_t sup, int64_t org_id, int64_t self)
{
	if (!sup)
		return 0;
	if (sup == self)
		return err_set(c->e, ERR_INVALID, "supervisor_id", "督导不能是本人", "one cannot supervise oneself");
	int64_t n = 0;
	int rc = db_int(c->db, c->e, &n,
			"SELECT count(*) FROM case_staff WHERE user_id=? AND org_id=? AND is_supervisor=1 AND active=1", "ii",
			sup, org_id);
	if (rc < 0)
		return rc;
	if (!n)
		return err_set(c->e, ERR_RULE, "supervisor_id", "督导须是本社工站在岗的督导",
			       "the supervisor must be an active supervisor of the same station");
	return 0;
}

int case_staff_add(struct ctx *c, const struct case_staff_in *in, int64_t *id)
{
	int rc;
	int64_t n = 0;
	if ((rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM organisations WHERE id=?", "i", in->org_id)) < 0)
		return rc;
	if (!n)
		return err_set(c->e, ERR_INVALID, "org_id", "没有这个组织", "no such organisation");
	char *path = NULL;
	if ((rc = list_region_path_in(c->db, c->a, in->region_id, &path, c->e)) < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_INVALID, "region_id", "没有这个区域", "no such region");
	if ((rc = may_manage(c, in->org_id, in->region_id)))
		return rc;
	struct principal p;
	struct arena *a = c->a;
	rc = auth_load_principal(c->db, a, in->user_id, &p, c->e);
	if (rc < 0 && rc != ERR_NOT_FOUND)
		return rc;
	if (rc || !auth_has_role(&p, CASE_ROLES))
		return err_set(c->e, ERR_RULE, "user_id", "账号须持有社工或组织管理员角色",
			       "the account must hold the social worker or org admin role");
	if ((rc = db_int(c->db, c->e, &n, "SELECT count(*) FROM case_staff WHERE user_id=?", "i", in->user_id)) < 0)
		return rc;
	if (n)
		return err_set(c->e, ERR_CONFLICT, "user_id", "这个账号已经是社工站人员", "this account is already case staff");
	if ((rc = check_supervisor(c, in->supervisor_id, in->org_id, in->user_id)))
		return rc;
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO case_staff (user_id, org_id, region_id, supervisor_id, is_supervisor, active, created_at,"
			 " updated_at) VALUES (?,?,?,nullif(?,0),?,1,?,?) RETURNING id",
			 "iiiiiii", in->user_id, in->org_id, in->region_id, in->supervisor_id,
			 (int64_t)in->is_supervisor, c->now, c->now)) < 0)
		return rc;
	return audit_record(c, "create", "case_staff", *id, in->region_id, NULL,
			    arena_printf(c->a, "{\"user_id\":%lld,\"org_id\":%lld,\"supervisor_id\":%lld,\"is_supervisor\":%d}",
					 (long long)in->user_id, (long long)in->org_id, (long long)in->supervisor_id,
					 in->is_supervisor ? 1 : 0));
}

int case_staff_update(struct ctx *c, int64_t id, const struct case_staff_in *in)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT user_id, org_id, region_id, coalesce(supervisor_id,0), is_supervisor, active, version"
			" FROM case_staff WHERE id=?",
			"i", id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这个社工站人员", "no such case staff record");
	int64_t user = col_int(st, 0), org = col_int(st, 1), region = col_int(st, 2), sup = col_int(st, 3);
	int64_t is_sup = col_int(st, 4), active = col_int(st, 5), version = col_int(st, 6);
	stmt_done(st);
	if ((rc = may_manage(c, org, region)))
		return rc == ERR_FORBIDDEN ? err_set(c->e, ERR_NOT_FOUND, "id", "没有这个社工站人员", "no such case staff record")
					   : rc;
	if (in->version != version)
		return record_stale(c->e, version);
	int64_t nsup = in->has_supervisor_id ? in->supervisor_id : sup;
	int64_t nis = in->has_is_supervisor ? in->is_supervisor : is_sup;
	int64_t nact = in->has_active ? in->active : active;
	if (nsup != sup && (rc = check_supervisor(c, nsup, org, user)))
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE case_staff SET supervisor_id=nullif(?,0), is_supervisor=?, active=?, version=version+1,"
			  " updated_at=? WHERE id=?",
			  "iiiii", nsup, nis, nact, c->now, id)))
		return rc;
	char *before = arena_printf(c->a, "{\"supervisor_id\":%lld,\"is_supervisor\":%lld,\"active\":%lld}",
				    (long long)sup, (long long)is_sup, (long long)active);
	char *after = arena_printf(c->a, "{\"supervisor_id\":%lld,\"is_supervisor\":%lld,\"active\":%lld}",
				   (long long)nsup, (long long)nis, (long long)nact);
	if ((rc = audit_record(c, "update", "case_staff", id, region, before, after)))
		return rc;
	if (nsup == sup || !nsup)
		return 0;
	/* The worker's open cases move to the new supervisor. */
	int64_t ids[1000];
	int n = 0;
	st = db_q(c->db, c->e, "SELECT id FROM cases WHERE worker_id=? AND status<>'closed' ORDER BY id LIMIT 1000", "i",
		  user);
	if (!st)
		return c->e->code;
	while (n < 1000 && (rc = stmt_step(st, c->e)) == 1)
		ids[n++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < n; i++) {
		if ((rc = db_exec(c->db, c->e,
				  "UPDATE cases SET supervisor_id=?, version=version+1, updated_at=? WHERE id=?", "iii", nsup,
				  c->now, ids[i])) ||
		    (rc = db_exec(c->db, c->e,
				  "UPDATE case_approvals SET approver_id=? WHERE case_id=? AND state='pending'", "ii", nsup,
				  ids[i])) ||
		    (rc = case_audit(c, "supervisor", "case", ids[i], ids[i])) ||
		    (rc = case_notify(c, nsup, ids[i], "cases.supervisor", "转由您督导", "now under your supervision", NULL)))
			return rc;
	}
	return 0;
}

static void staff_cols(struct jw *w, struct stmt *st)
{
	jw_kint(w, "id", col_int(st, 0));
	jw_kint(w, "user_id", col_int(st, 1));
	jw_kstr(w, "username", col_text(st, 2));
	jw_kstr(w, "display_name", col_text(st, 3));
	jw_kint(w, "org_id", col_int(st, 4));
	jw_kstr(w, "org_name", col_text(st, 5));
	jw_kint(w, "region_id", col_int(st, 6));
	jw_kstr(w, "region_name", col_text(st, 7));
	if (col_null(st, 8))
		jw_knull(w, "supervisor_id");
	else
		jw_kint(w, "supervisor_id", col_int(st, 8));
	jw_kstr(w, "supervisor_name", col_text(st, 9));
	jw_kbool(w, "is_supervisor", col_int(st, 10) != 0);
	jw_kbool(w, "active", col_int(st, 11) != 0);
	jw_kint(w, "version", col_int(st, 12));
	jw_kint(w, "open_cases", col_int(st, 13));
}

#define STAFF_SELECT                                                                                               \
	"SELECT s.id, s.user_id, u.username, u.display_name, s.org_id, o.name, s.region_id, g.name, s.supervisor_id," \
	" v.display_name, s.is_supervisor, s.active, s.version,"                                                     \
	" (SELECT count(*) FROM cases k WHERE k.worker_id=s.user_id AND k.status<>'closed')"                        \
	" FROM case_staff s JOIN users u ON u.id=s.user_id JOIN organisations o ON o.id=s.org_id"                    \
	" JOIN regions g ON g.id=s.region_id LEFT JOIN users v ON v.id=s.supervisor_id"

int case_staff_write(struct ctx *c, struct jw *w, int64_t id)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st, STAFF_SELECT " WHERE s.id=?", "i", id);
	if (rc <= 0)
		return rc ? rc : err_set(c->e, ERR_NOT_FOUND, "id", "没有这个社工站人员", "no such case staff record");
	jw_obj(w);
	staff_cols(w, st);
	jw_obj_end(w);
	stmt_done(st);
	return 0;
}

/* The staff the caller may see: of the stations whose staff they manage,
 * and their own station's colleagues (to share or reassign). */
int case_staff_list(struct ctx *c, struct jw *w, int64_t org_id)
{
	struct stmt *st = db_q(c->db, c->e,
			       STAFF_SELECT " JOIN regions og ON og.id=o.region_id WHERE (?=0 OR s.org_id=?) ORDER BY s.org_id,"
					    " s.is_supervisor DESC, s.id",
			       "ii", org_id, org_id);
	if (!st)
		return c->e->code;
	int64_t my_org = 0;
	struct case_staff me;
	struct err ign = {0};
	struct ctx c2 = *c;
	c2.e = &ign;
	if (c->who && case_staff_get(&c2, c->who->user_id, &me) == 0)
		my_org = me.org_id;
	int rc;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	int64_t total = 0;
	while ((rc = stmt_step(st, c->e)) == 1) {
		int64_t sid = col_int(st, 0), org = col_int(st, 4), region = col_int(st, 6);
		bool ok = org == my_org;
		if (!ok) {
			struct err e2 = {0};
			struct ctx c3 = *c;
			c3.e = &e2;
			(void)sid;
			ok = may_manage(&c3, org, region) == 0;
		}
		if (!ok)
			continue;
		jw_obj(w);
		staff_cols(w, st);
		jw_obj_end(w);
		total++;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	jw_kint(w, "total", total);
	jw_obj_end(w);
	return 0;
}
