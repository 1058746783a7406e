/*
 * xchg_demand.c — demands (需求, 微心愿): post, edit, cancel, consent,
 * read and list, and the derivation of a demand's status from its
 * matches.
 *
 * Residents post for themselves (their community, their person record as
 * beneficiary); field staff post for others inside their grants. Who may
 * read a demand: field staff covering its region, its poster, its
 * beneficiary, and the provider of a staff-confirmed match. The
 * beneficiary's identity goes further only with consent (see xchg.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonin.h"
#include "core/sb.h"
#include "modules/exchange/xchg.h"
#include "modules/registry/registry.h"
#include "store/store.h"

/* What the caller may see of one demand. */
struct dvis {
	bool read, staff, poster, beneficiary, provider, identity;
	bool phone;  /* the masked phone */
	bool reveal; /* the full phone through xchg_demand_reveal (audited) */
};

struct dcore {
	int64_t id, region_id, posted_by, ben_person, consent_at, version;
	bool no_contact;
	char *path, *status;
};

static void dcore_free(struct dcore *d)
{
	free(d->path);
	free(d->status);
}

static int load_core(struct db *db, int64_t id, struct dcore *d, struct err *e)
{
	memset(d, 0, sizeof *d);
	struct stmt *st = db_q(db, e,
			       "SELECT d.id, d.region_id, d.posted_by, coalesce(d.beneficiary_person_id,0),"
			       " coalesce(d.consent_at,0), d.no_contact, d.version, r.path, d.status"
			       " FROM xchg_demands d JOIN regions r ON r.id=d.region_id WHERE d.id=?",
			       "i", id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		d->id = col_int(st, 0);
		d->region_id = col_int(st, 1);
		d->posted_by = col_int(st, 2);
		d->ben_person = col_int(st, 3);
		d->consent_at = col_int(st, 4);
		d->no_contact = col_int(st, 5) != 0;
		d->version = col_int(st, 6);
		d->path = strdup(col_text(st, 7));
		d->status = strdup(col_text(st, 8));
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "id", "需求不存在", "no such demand");
	if (!d->path || !d->status) {
		dcore_free(d);
		return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
	}
	return 0;
}

static int visibility(struct db *db, const struct principal *p, const struct dcore *d,
		      struct dvis *v, struct err *e)
{
	memset(v, 0, sizeof *v);
	if (!p) {
		v->read = v->staff = v->identity = v->phone = v->reveal = true;
		return 0;
	}
	v->staff = auth_covers_path(p, XCHG_FIELD, d->path);
	v->poster = d->posted_by == p->user_id;
	if (d->ben_person) {
		struct reg_ref own;
		int rc = reg_person_get_own(db, p->user_id, &own, e);
		if (rc < 0)
			return rc;
		v->beneficiary = rc == 0 && own.id == d->ben_person;
		if (rc == 0)
			reg_ref_free(&own);
	}
	bool provider_open = false;
	if (auth_has_role(p, XCHG_PROVIDER)) {
		/* Live matches of the caller's services, and those still open
		 * (accepted, not yet delivered or confirmed): the provider's
		 * time-limited contact channel (docs/exchange.md). */
		struct stmt *st = db_q(db, e,
				       "SELECT count(*), coalesce(sum(m.status IN ('accepted','delivered')),0)"
				       " FROM xchg_matches m JOIN xchg_services s ON s.id=m.service_id"
				       " JOIN xchg_provider_accounts pa ON pa.user_id=? AND (pa.organisation_id=s.organisation_id"
				       " OR pa.team_id=s.team_id OR pa.person_id=s.person_id)"
				       " WHERE m.demand_id=? AND m.staff_confirmed_at IS NOT NULL"
				       " AND m.status IN ('proposed','accepted','delivered','confirmed','rated')",
				       "ii", p->user_id, d->id);
		if (!st)
			return e->code;
		int rc = stmt_step(st, e);
		if (rc == 1) {
			v->provider = col_int(st, 0) > 0;
			provider_open = col_int(st, 1) > 0;
		}
		stmt_done(st);
		if (rc < 0)
			return rc;
	}
	v->read = v->staff || v->poster || v->beneficiary || v->provider;
	bool own = v->staff || v->poster || v->beneficiary;
	v->identity = own || (v->provider && d->consent_at);
	v->phone = own || (v->provider && d->consent_at && !d->no_contact);
	v->reveal = auth_covers_path(p, XCHG_STAFF, d->path) ||
		    (provider_open && d->consent_at && !d->no_contact);
	return 0;
}

/* ---------- JSON ---------- */

#define DEMAND_COLS                                                                             \
	"d.id, d.region_id, r.name, d.title, d.description, d.kind, d.source, d.posted_by,"          \
	" d.beneficiary_name, d.beneficiary_phone, d.beneficiary_group, d.privacy,"                  \
	" coalesce(d.consent_at,0), d.no_contact, d.latitude, d.longitude, d.address,"               \
	" coalesce(d.window_start,0), coalesce(d.window_end,0), d.recurrence, d.schedule_mask,"      \
	" d.people_needed, d.skills, d.urgency, d.status, coalesce(d.fulfilled_at,0), d.version,"    \
	" d.created_at, d.updated_at, coalesce(d.beneficiary_person_id,0), r.path,"                  \
	" (SELECT count(*) FROM xchg_matches m WHERE m.demand_id=d.id AND m.status IN"               \
	" ('proposed','accepted','delivered','confirmed','rated')),"                                 \
	" (SELECT count(*) FROM xchg_matches m WHERE m.demand_id=d.id AND m.status IN"               \
	" ('confirmed','rated')),"                                                                   \
	" (SELECT count(*) FROM xchg_matches m WHERE m.demand_id=d.id AND m.status IN"               \
	" ('proposed','accepted','delivered') AND m.due_at < ?),"                                    \
	" (SELECT count(*) FROM xchg_matches m WHERE m.demand_id=d.id AND m.status IN"               \
	" ('declined','cancelled','expired','disputed')),"                                           \
	" (SELECT count(*) FROM xchg_matches m WHERE m.demand_id=d.id AND m.status IN"               \
	" ('delivered','confirmed','rated'))"

/* The name shown when the caller may not see the identity: the family
 * name and a mask (张**), which the seeds' public 微心愿 walls use too. */
static void masked_name(struct jw *w, const char *name)
{
	if (!name || !*name) {
		jw_null(w);
		return;
	}
	const unsigned char *s = (const unsigned char *)name;
	size_t n = 1;
	if (s[0] >= 0xF0)
		n = 4;
	else if (s[0] >= 0xE0)
		n = 3;
	else if (s[0] >= 0xC0)
		n = 2;
	if (strlen(name) < n)
		n = strlen(name);
	struct sb b = SB_INIT;
	sb_add(&b, name, n);
	sb_adds(&b, "**");
	jw_str(w, sb_str(&b));
	sb_free(&b);
}

/* The resident's group for a whole demand: got help once fulfilled or
 * delivered; needs action when something is overdue or a match fell
 * through and nothing live replaced it; otherwise in progress. */
static const char *demand_group(const char *status, int64_t live, int64_t overdue,
				int64_t failed, int64_t helped)
{
	if (strcmp(status, "fulfilled") == 0 || helped > 0)
		return overdue ? "needs_action" : "got_help";
	if (strcmp(status, "cancelled") == 0 || strcmp(status, "closed") == 0)
		return "closed";
	if (overdue || (failed && !live))
		return "needs_action";
	return "in_progress";
}

static int write_terms(struct db *db, struct jw *w, const char *table, const char *col, int64_t id,
		       struct err *e)
{
	char sql[256];
	int n = snprintf(sql, sizeof sql,
			 "SELECT t.id, t.code, t.name, t.name_en FROM %s x JOIN xchg_terms t ON t.id=x.term_id"
			 " WHERE x.%s=? ORDER BY t.sort_order, t.id",
			 table, col);
	if (n < 0 || (size_t)n >= sizeof sql)
		return err_set(e, ERR_INTERNAL, "", "内部错误", "internal error");
	struct stmt *st = db_q(db, e, sql, "i", id);
	if (!st)
		return e->code;
	int rc;
	jw_arr(w);
	while ((rc = stmt_step(st, e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "code", col_text(st, 1));
		jw_kstr(w, "name", col_text(st, 2));
		jw_kstr(w, "name_en", col_text(st, 3));
		jw_obj_end(w);
	}
	stmt_done(st);
	jw_arr_end(w);
	return rc < 0 ? rc : 0;
}

/* Row of DEMAND_COLS → JSON (without the object braces). Copies what it
 * needs before any nested query reuses the connection. */
struct drow {
	int64_t id;
	char *json; /* everything but terms */
};

static void demand_fields(struct jw *w, struct stmt *st, const struct dvis *v, int64_t now)
{
	(void)now;
	jw_kint(w, "id", col_int(st, 0));
	jw_kint(w, "region_id", col_int(st, 1));
	jw_kstr(w, "region_name", col_text(st, 2));
	jw_kstr(w, "title", col_text(st, 3));
	jw_kstr(w, "description", col_text(st, 4));
	jw_kstr(w, "kind", col_text(st, 5));
	jw_kstr(w, "source", col_text(st, 6));
	jw_kint(w, "posted_by", col_int(st, 7));
	jw_key(w, "beneficiary_name");
	if (v->identity)
		jw_str(w, col_text(st, 8));
	else
		masked_name(w, col_text(st, 8));
	/* Masked for everyone: the full number leaves only through the
	 * audited reveal (xchg_demand_reveal). */
	jw_key(w, "beneficiary_phone");
	xchg_write_masked_phone(w, v->phone ? col_text(st, 9) : NULL);
	jw_kbool(w, "can_reveal_contact", v->reveal && !col_null(st, 9));
	jw_kbool(w, "beneficiary_visible", v->identity);
	if (v->identity && col_int(st, 29))
		jw_kint(w, "beneficiary_person_id", col_int(st, 29));
	jw_kstr(w, "beneficiary_group", col_text(st, 10));
	jw_kstr(w, "privacy", col_text(st, 11));
	jw_kbool(w, "consent", col_int(st, 12) != 0);
	jw_ktime(w, "consent_at", col_int(st, 12));
	jw_kbool(w, "no_contact", col_int(st, 13) != 0);
	jw_key(w, "latitude");
	if (col_null(st, 14))
		jw_null(w);
	else
		jw_double(w, col_double(st, 14));
	jw_key(w, "longitude");
	if (col_null(st, 15))
		jw_null(w);
	else
		jw_double(w, col_double(st, 15));
	jw_kstr(w, "address", v->identity ? col_text(st, 16) : NULL);
	jw_ktime(w, "window_start", col_int(st, 17));
	jw_ktime(w, "window_end", col_int(st, 18));
	jw_kstr(w, "recurrence", col_text(st, 19));
	jw_kint(w, "schedule_mask", col_int(st, 20));
	jw_kint(w, "people_needed", col_int(st, 21));
	jw_kstr(w, "skills", col_text(st, 22));
	jw_kstr(w, "urgency", col_text(st, 23));
	jw_kstr(w, "status", col_text(st, 24));
	jw_kstr(w, "group", demand_group(col_text(st, 24), col_int(st, 31), col_int(st, 33),
					 col_int(st, 34), col_int(st, 35)));
	jw_kint(w, "live_matches", col_int(st, 31));
	jw_kint(w, "done_matches", col_int(st, 32));
	jw_kint(w, "overdue_matches", col_int(st, 33));
	jw_ktime(w, "fulfilled_at", col_int(st, 25));
	jw_kint(w, "version", col_int(st, 26));
	jw_ktime(w, "created_at", col_int(st, 27));
	jw_ktime(w, "updated_at", col_int(st, 28));
	jw_kbool(w, "can_edit", (v->staff || v->poster) && strcmp(col_text(st, 24), "open") == 0);
	jw_kbool(w, "can_cancel", (v->staff || v->poster) &&
					  (strcmp(col_text(st, 24), "open") == 0 ||
					   strcmp(col_text(st, 24), "matching") == 0));
	jw_kbool(w, "can_consent", (v->poster || v->beneficiary || v->staff) && col_int(st, 12) == 0);
}

/* One demand as a JSON object, v already decided. */
static int demand_json(struct db *db, struct jw *w, int64_t id, const struct dvis *v, int64_t now,
		       bool with_matches, const struct principal *p, struct err *e)
{
	struct sb b = SB_INIT;
	struct jw tw;
	jw_init(&tw, &b);
	struct stmt *st = db_q(db, e,
			       "SELECT " DEMAND_COLS " FROM xchg_demands d JOIN regions r ON r.id=d.region_id"
			       " WHERE d.id=?",
			       "ii", now, id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		jw_obj(&tw);
		demand_fields(&tw, st, v, now);
	}
	stmt_done(st);
	if (rc <= 0) {
		sb_free(&b);
		return rc < 0 ? rc : err_set(e, ERR_NOT_FOUND, "id", "需求不存在", "no such demand");
	}
	jw_key(&tw, "terms");
	if ((rc = write_terms(db, &tw, "xchg_demand_terms", "demand_id", id, e)))
		goto done;
	if (with_matches) {
		struct xchg_match_filter f = {.demand_id = id, .limit = 100};
		int64_t total;
		jw_key(&tw, "matches");
		/* Staff and the poster see every match of the demand, a
		 * provider only theirs. */
		jw_arr(&tw);
		if ((rc = xchg_matches_list(db, p, &tw, &f, now, &total, e)))
			goto done;
		jw_arr_end(&tw);
	}
	jw_obj_end(&tw);
	jw_raw(w, sb_str(&b));
done:
	sb_free(&b);
	return rc;
}

int xchg_demand_write(struct db *db, const struct principal *p, struct jw *w, int64_t id,
		      int64_t now, struct err *e)
{
	struct dcore d;
	struct dvis v;
	int rc = load_core(db, id, &d, e);
	if (rc)
		return rc;
	if ((rc = visibility(db, p, &d, &v, e)))
		goto done;
	if (!v.read) {
		rc = auth_forbidden(e);
		goto done;
	}
	rc = demand_json(db, w, id, &v, now, true, p, e);
done:
	dcore_free(&d);
	return rc;
}

static int snapshot(struct db *db, int64_t id, char **out, struct err *e)
{
	struct sb b = SB_INIT;
	struct jw w;
	struct dvis all = {.read = true, .staff = true, .identity = false};
	jw_init(&w, &b);
	/* The audit log keeps the demand without the beneficiary's identity:
	 * the log is wider-read than the demand itself. */
	int rc = demand_json(db, &w, id, &all, 0, false, NULL, e);
	if (rc) {
		sb_free(&b);
		return rc;
	}
	*out = sb_detach(&b, NULL);
	return 0;
}

/* The demands list (store/list.h). The field list shows the demands in
 * the caller's primary grant (or a region inside it); "mine" the ones the
 * caller posted or benefits from. What the caller may see of each row is
 * decided from the row itself: the field list's rows are all inside a
 * field grant (staff), "mine"'s rows are all the caller's own. */
static const char *const demand_statuses[] = {"open", "matching", "in_progress", "fulfilled",
					      "closed", "cancelled", NULL};
#define URGENCY_RANK "CASE d.urgency WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 ELSE 3 END"
static const struct list_sort demand_sorts[] = {
	{"id", "d.id", false, true},
	{"created_at", "d.created_at", false, true},
	{"urgency", URGENCY_RANK, false, false},
	{"title", "d.title", true, false},
	{"status", "d.status", true, false},
	{NULL, NULL, false, false},
};
static const struct list_spec demand_list = {
	.table = "xchg_demands d",
	.id = "d.id",
	.region = "d.region_id",
	.sorts = demand_sorts,
	.default_sort = "-id",
	.select = DEMAND_COLS ", coalesce(bp.user_id, 0)",
	.from = "xchg_demands d JOIN regions r ON r.id=d.region_id"
		" LEFT JOIN people bp ON bp.id=d.beneficiary_person_id",
	.row_id = "d.id",
};

struct demand_row_ctx {
	struct db *db;
	const struct principal *p;
	struct jw *w;
	int64_t now;
	bool mine;
};

static int demand_row(struct stmt *st, void *vctx, struct err *e)
{
	struct demand_row_ctx *c = vctx;
	int64_t uid = c->p ? c->p->user_id : 0, id = col_int(st, 0);
	struct dvis v = {0};
	v.staff = !c->p || auth_covers_path(c->p, XCHG_FIELD, col_text(st, 30));
	v.poster = c->p && col_int(st, 7) == uid;
	v.beneficiary = c->p && col_int(st, 36) == uid && uid;
	v.read = v.staff || v.poster || v.beneficiary;
	v.identity = v.phone = v.read;
	v.reveal = c->p && auth_covers_path(c->p, XCHG_STAFF, col_text(st, 30));
	jw_obj(c->w);
	demand_fields(c->w, st, &v, c->now);
	jw_key(c->w, "terms");
	int rc = write_terms(c->db, c->w, "xchg_demand_terms", "demand_id", id, e);
	if (!rc && c->mine) {
		struct xchg_match_filter f = {.demand_id = id, .limit = 100};
		int64_t total;
		jw_key(c->w, "matches");
		jw_arr(c->w);
		rc = xchg_matches_list(c->db, c->p, c->w, &f, c->now, &total, e);
		jw_arr_end(c->w);
	}
	jw_obj_end(c->w);
	return rc;
}

int xchg_demands_list(struct db *db, const struct principal *p, struct jw *w,
		      const struct xchg_demand_filter *f, int64_t now, int64_t *total, struct err *e)
{
	int rc;
	const char *scope = f->mine ? NULL : xchg_scope_path(p, XCHG_FIELD);
	char *rpath = NULL;
	if (!f->mine && !scope)
		return auth_forbidden(e);
	struct list_q *q = list_new(&demand_list);
	if (!q)
		return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
	if (f->region_id) {
		if ((rc = list_region_path(db, f->region_id, "region_id", &rpath, e)) ||
		    (rc = auth_scope_region(db, p, f->mine ? XCHG_ALL : XCHG_FIELD, f->region_id, e)))
			goto done;
		scope = rpath;
	}
	if (scope && (rc = list_subtree(q, db, scope, e)))
		goto done;
	if (f->mine) {
		int64_t uid = p ? p->user_id : 0;
		list_where(q, "(d.posted_by = ? OR d.beneficiary_person_id IN (SELECT id FROM people WHERE user_id = ?))",
			   "ii", uid, uid);
	}
	if (f->status && *f->status &&
	    (rc = list_eq_enum(q, "d.status", "status", f->status, demand_statuses, e)))
		goto done;
	if (f->term_id)
		list_where(q, "EXISTS (SELECT 1 FROM xchg_demand_terms dt WHERE dt.demand_id = d.id AND dt.term_id IN"
			      " (SELECT id FROM xchg_terms WHERE id = ? OR parent_id = ?))",
			   "ii", f->term_id, f->term_id);
	if (f->q && *f->q) {
		struct sb lk = SB_INIT;
		sb_addc(&lk, '%');
		sb_adds(&lk, f->q);
		sb_addc(&lk, '%');
		list_where(q, "(d.title LIKE ? OR d.description LIKE ?)", "ss", sb_str(&lk), sb_str(&lk));
		sb_free(&lk);
	}
	list_select_int(q, now);
	struct list_req req = {.page = f->limit ? f->offset / f->limit + 1 : 1, .per_page = f->limit,
			       .sort = f->sort, .cursor = f->cursor};
	struct demand_row_ctx ctx = {db, p, w, now, f->mine};
	struct list_result res;
	if (!(rc = list_run(db, q, &req, demand_row, &ctx, &res, e))) {
		*total = res.total;
		if (f->res)
			*f->res = res;
		else
			list_result_free(&res);
	}
done:
	list_free(q);
	free(rpath);
	return rc;
}

/* ---------- writes ---------- */

static int check_terms(struct db *db, const int64_t *ids, int n, struct err *e)
{
	if (n < 1)
		return err_set(e, ERR_INVALID, "term_ids", "至少选择一个服务分类",
			       "choose at least one service term");
	for (int i = 0; i < n; i++) {
		int64_t ok = 0;
		int rc = db_int(db, e, &ok, "SELECT count(*) FROM xchg_terms WHERE id=? AND active=1", "i",
				ids[i]);
		if (rc < 0)
			return rc;
		if (!ok)
			return err_setf(e, ERR_INVALID, "term_ids", "服务分类 %lld 不存在或已停用",
					"term %lld does not exist or is inactive", (long long)ids[i]);
		for (int j = 0; j < i; j++)
			if (ids[j] == ids[i])
				return err_set(e, ERR_INVALID, "term_ids", "服务分类重复",
					       "a term is listed twice");
	}
	return 0;
}

static int set_terms(struct db *db, const char *table, const char *col, int64_t id,
		     const int64_t *ids, int n, struct err *e)
{
	char del[128], ins[160];
	int a = snprintf(del, sizeof del, "DELETE FROM %s WHERE %s=?", table, col);
	int b = snprintf(ins, sizeof ins, "INSERT INTO %s (%s, term_id) VALUES (?,?)", table, col);
	if (a < 0 || (size_t)a >= sizeof del || b < 0 || (size_t)b >= sizeof ins)
		return err_set(e, ERR_INTERNAL, "", "内部错误", "internal error");
	int rc = db_exec(db, e, del, "i", id);
	for (int i = 0; !rc && i < n; i++)
		rc = db_exec(db, e, ins, "ii", id, ids[i]);
	return rc;
}

/* Shared by demands and services (xchg_service.c declares it extern). */
int xchg_set_terms(struct db *db, const char *table, const char *col, int64_t id,
		   const int64_t *ids, int n, struct err *e);
int xchg_check_terms(struct db *db, const int64_t *ids, int n, struct err *e);
int xchg_set_terms(struct db *db, const char *table, const char *col, int64_t id,
		   const int64_t *ids, int n, struct err *e)
{
	return set_terms(db, table, col, id, ids, n, e);
}
int xchg_check_terms(struct db *db, const int64_t *ids, int n, struct err *e)
{
	return check_terms(db, ids, n, e);
}

static int validate(const struct xchg_demand_in *in, bool create, struct err *e)
{
	if (in->has_coords && (fabs(in->latitude) > 90 || fabs(in->longitude) > 180))
		return err_set(e, ERR_INVALID, "latitude", "坐标超出范围", "coordinates out of range");
	if (in->window_start && in->window_end && in->window_end <= in->window_start)
		return err_set(e, ERR_INVALID, "window_end", "结束时间应晚于开始时间",
			       "the window must end after it starts");
	if (in->has_schedule && (in->schedule_mask < 0 || in->schedule_mask >= (1 << 21)))
		return err_set(e, ERR_INVALID, "schedule_mask", "每周时段无效",
			       "schedule_mask must be 21 bits (7 days × morning/afternoon/evening)");
	if (create && (in->people_needed < 1 || in->people_needed > 100))
		return err_set(e, ERR_INVALID, "people_needed", "所需人数应为 1–100",
			       "people_needed must be 1–100");
	return 0;
}

static const char *source_for(const struct principal *p, const char *path)
{
	if (!p)
		return "community_staff";
	if (auth_covers_path(p, ROLES_STAFF, path))
		return "community_staff";
	if (auth_covers_path(p, R(ROLE_GRID_WORKER), path))
		return "grid_worker";
	if (auth_covers_path(p, R(ROLE_SOCIAL_WORKER), path))
		return "social_worker";
	return "resident";
}

int xchg_demand_create(struct db *db, const struct principal *p, struct xchg_demand_in *in,
		       int64_t now, int64_t *id_out, struct err *e)
{
	int rc;
	char *path = NULL, *after = NULL;
	char *ben_name = NULL, *ben_phone = NULL;
	int64_t ben_person = in->beneficiary_person_id;
	if ((rc = validate(in, true, e)) || (rc = check_terms(db, in->term_ids, in->nterms, e)))
		return rc;
	bool resident_only = p && !auth_has_role(p, XCHG_FIELD);
	if (resident_only) {
		/* A resident posts for themselves: their person record (if the
		 * registry links one) is the beneficiary, their grant the place. */
		if (!auth_has_role(p, R(ROLE_RESIDENT)))
			return err_set(e, ERR_FORBIDDEN, "", "只有居民或社区工作人员可以发布需求",
				       "only residents and community staff post demands");
		struct reg_ref own;
		int64_t person_region = 0;
		if ((rc = reg_person_get_own(db, p->user_id, &own, e)) < 0)
			return rc;
		if (rc == 0 && strcmp(own.status, "active") == 0) {
			ben_person = own.id;
			ben_name = own.name;
			ben_phone = own.mobile;
			own.name = own.mobile = NULL;
			person_region = own.region_id;
		}
		if (rc == 0)
			reg_ref_free(&own);
		rc = 0;
		if (!ben_name)
			ben_name = strdup(p->display_name ? p->display_name : "");
		/* Posting for a neighbour or relative: their name and phone as
		 * given, no person record (the registry is staff's to link). */
		if (in->beneficiary_name && *in->beneficiary_name) {
			free(ben_name);
			free(ben_phone);
			ben_name = strdup(in->beneficiary_name);
			ben_phone = in->beneficiary_phone ? strdup(in->beneficiary_phone) : NULL;
			ben_person = 0;
		}
		if (!in->region_id)
			in->region_id = person_region;
		if (!in->region_id) {
			const struct grant *g = auth_primary_grant(p, R(ROLE_RESIDENT));
			in->region_id = g ? g->region_id : 0;
		}
		if (in->beneficiary_person_id && in->beneficiary_person_id != ben_person &&
		    !(in->beneficiary_name && *in->beneficiary_name)) {
			rc = err_set(e, ERR_FORBIDDEN, "beneficiary_person_id", "居民只能为本人发布需求",
				     "a resident posts demands for themselves only");
			goto done;
		}
	} else {
		if (in->beneficiary_name)
			ben_name = strdup(in->beneficiary_name);
		if (in->beneficiary_phone)
			ben_phone = strdup(in->beneficiary_phone);
		if (ben_person) {
			/* The registry's scoped read: a person outside the caller's
			 * grants is refused as GET /people/{id} refuses it. */
			struct reg_ref ref;
			if ((rc = reg_person_get_scoped(db, p, ben_person, "beneficiary_person_id", &ref, e)))
				goto done;
			if (!ben_name) {
				ben_name = ref.name;
				ref.name = NULL;
			}
			if (!ben_phone) {
				ben_phone = ref.mobile;
				ref.mobile = NULL;
			}
			reg_ref_free(&ref);
		}
	}
	if (!in->region_id) {
		rc = err_set(e, ERR_INVALID, "region_id", "请选择需求所在的社区", "region_id is required");
		goto done;
	}
	if ((rc = xchg_region_path(db, in->region_id, &path, e)))
		goto done;
	if (p && !auth_covers_path(p, resident_only ? R(ROLE_RESIDENT) : XCHG_FIELD, path)) {
		rc = auth_forbidden(e);
		goto done;
	}
	int64_t level_ok = 0;
	if ((rc = db_int(db, e, &level_ok,
			 "SELECT count(*) FROM regions WHERE id=? AND level IN ('community','grid','building')",
			 "i", in->region_id)) < 0)
		goto done;
	if (!level_ok) {
		rc = err_set(e, ERR_RULE, "region_id", "需求应落在社区、网格或楼栋",
			     "a demand belongs to a community, grid or building");
		goto done;
	}
	struct stmt *st = db_q(
		db, e,
		"INSERT INTO xchg_demands (region_id, title, description, kind, source, posted_by,"
		" beneficiary_person_id, beneficiary_name, beneficiary_phone, beneficiary_group, privacy,"
		" consent_at, no_contact, latitude, longitude, address, window_start, window_end, recurrence,"
		" schedule_mask, people_needed, skills, urgency, status, version, created_at, updated_at)"
		" VALUES (?,?,?,?,?,?, CASE WHEN ?=0 THEN NULL ELSE ? END,?,?,?,?, CASE WHEN ?=1 THEN ? ELSE NULL END,"
		" ?, CASE WHEN ?=1 THEN ? END, CASE WHEN ?=1 THEN ? END, ?, CASE WHEN ?=0 THEN NULL ELSE ? END,"
		" CASE WHEN ?=0 THEN NULL ELSE ? END, ?, ?, ?, ?, ?, 'open', 1, ?, ?) RETURNING id",
		"issssiiissssiiiididsiiiisiissii", in->region_id, in->title,
		in->description ? in->description : "", in->kind ? in->kind : "need",
		source_for(p, path), p ? p->user_id : (int64_t)1, ben_person, ben_person, ben_name,
		ben_phone, in->beneficiary_group ? in->beneficiary_group : "general",
		in->privacy ? in->privacy : "private", (int64_t)(in->consent), now,
		(int64_t)in->no_contact, (int64_t)in->has_coords, in->latitude,
		(int64_t)in->has_coords, in->longitude, in->address, in->window_start, in->window_start,
		in->window_end, in->window_end, in->recurrence ? in->recurrence : "once",
		in->schedule_mask, in->people_needed, in->skills ? in->skills : "",
		in->urgency ? in->urgency : "normal", now, now);
	if (!st) {
		rc = e->code;
		goto done;
	}
	if ((rc = stmt_step(st, e)) == 1)
		*id_out = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		goto done;
	if ((rc = set_terms(db, "xchg_demand_terms", "demand_id", *id_out, in->term_ids, in->nterms, e)) ||
	    (rc = snapshot(db, *id_out, &after, e)))
		goto done;
	rc = xchg_audit(db, p, now, "create", "xchg_demand", *id_out, in->region_id, NULL, after, e);
done:
	free(path);
	free(after);
	free(ben_name);
	free(ben_phone);
	return rc;
}

static int check_editor(struct db *db, const struct principal *p, const struct dcore *d,
			struct err *e)
{
	struct dvis v;
	int rc = visibility(db, p, d, &v, e);
	if (rc)
		return rc;
	if (!v.staff && !v.poster)
		return v.read ? err_set(e, ERR_FORBIDDEN, "", "只有发布人或社区工作人员可以修改需求",
					"only the poster or community staff may change the demand")
			      : auth_forbidden(e);
	return 0;
}

int xchg_demand_update(struct db *db, const struct principal *p, int64_t id,
		       const struct xchg_demand_in *in, int64_t now, struct err *e)
{
	struct dcore d;
	char *before = NULL, *after = NULL;
	int rc = load_core(db, id, &d, e);
	if (rc)
		return rc;
	if ((rc = check_editor(db, p, &d, e)) || (rc = validate(in, false, e)))
		goto done;
	if (d.version != in->version) {
		rc = err_set(e, ERR_CONFLICT, "version", "记录已被他人修改，请刷新后重试",
			     "the record was changed by someone else; reload and retry");
		goto done;
	}
	if (strcmp(d.status, "open") != 0) {
		rc = err_set(e, ERR_CONFLICT, "status", "需求已在对接中，不能修改",
			     "the demand is being matched and can no longer be edited");
		goto done;
	}
	if (in->nterms >= 0 && (rc = check_terms(db, in->term_ids, in->nterms, e)))
		goto done;
	if (in->people_needed && (in->people_needed < 1 || in->people_needed > 100)) {
		rc = err_set(e, ERR_INVALID, "people_needed", "所需人数应为 1–100", "people_needed must be 1–100");
		goto done;
	}
	if ((rc = snapshot(db, id, &before, e)))
		goto done;
	rc = db_exec(db, e,
		     "UPDATE xchg_demands SET title=coalesce(?,title), description=coalesce(?,description),"
		     " address=coalesce(?,address), beneficiary_group=coalesce(?,beneficiary_group),"
		     " privacy=coalesce(?,privacy), skills=coalesce(?,skills), urgency=coalesce(?,urgency),"
		     " recurrence=coalesce(?,recurrence),"
		     " people_needed=CASE WHEN ?>0 THEN ? ELSE people_needed END,"
		     " schedule_mask=CASE WHEN ?=1 THEN ? ELSE schedule_mask END,"
		     " window_start=CASE WHEN ?>0 THEN ? ELSE window_start END,"
		     " window_end=CASE WHEN ?>0 THEN ? ELSE window_end END,"
		     " latitude=CASE WHEN ?=1 THEN ? ELSE latitude END, longitude=CASE WHEN ?=1 THEN ? ELSE longitude END,"
		     " version=version+1, updated_at=? WHERE id=?",
		     "ssssssssiiiiiiiiididii", in->title, in->description, in->address,
		     in->beneficiary_group, in->privacy, in->skills, in->urgency, in->recurrence,
		     in->people_needed, in->people_needed, (int64_t)in->has_schedule, in->schedule_mask,
		     in->window_start, in->window_start, in->window_end, in->window_end,
		     (int64_t)in->has_coords, in->latitude, (int64_t)in->has_coords, in->longitude, now, id);
	if (rc)
		goto done;
	if (in->nterms >= 0 &&
	    (rc = set_terms(db, "xchg_demand_terms", "demand_id", id, in->term_ids, in->nterms, e)))
		goto done;
	int64_t bad = 0;
	if ((rc = db_int(db, e, &bad,
			 "SELECT count(*) FROM xchg_demands WHERE id=? AND window_start IS NOT NULL"
			 " AND window_end IS NOT NULL AND window_end <= window_start",
			 "i", id)) < 0)
		goto done;
	if (bad) {
		rc = err_set(e, ERR_INVALID, "window_end", "结束时间应晚于开始时间",
			     "the window must end after it starts");
		goto done;
	}
	if ((rc = snapshot(db, id, &after, e)))
		goto done;
	rc = xchg_audit(db, p, now, "update", "xchg_demand", id, d.region_id, before, after, e);
done:
	free(before);
	free(after);
	dcore_free(&d);
	return rc;
}

int xchg_demand_cancel(struct db *db, const struct principal *p, int64_t id, int64_t now,
		       struct err *e)
{
	struct dcore d;
	char *before = NULL, *after = NULL;
	int rc = load_core(db, id, &d, e);
	if (rc)
		return rc;
	if ((rc = check_editor(db, p, &d, e)))
		goto done;
	if (strcmp(d.status, "open") != 0 && strcmp(d.status, "matching") != 0) {
		rc = err_setf(e, ERR_CONFLICT, "status", "需求状态为 %s，不能撤销",
			      "a demand in status %s cannot be cancelled", d.status);
		goto done;
	}
	if ((rc = snapshot(db, id, &before, e)) ||
	    (rc = db_exec(db, e,
			  "UPDATE xchg_matches SET status='cancelled', cancel_reason='demand cancelled', due_at=NULL,"
			  " version=version+1, updated_at=? WHERE demand_id=? AND status='proposed'",
			  "ii", now, id)) ||
	    (rc = db_exec(db, e,
			  "UPDATE xchg_demands SET status='cancelled', version=version+1, updated_at=? WHERE id=?",
			  "ii", now, id)) ||
	    (rc = snapshot(db, id, &after, e)))
		goto done;
	rc = xchg_audit(db, p, now, "cancel", "xchg_demand", id, d.region_id, before, after, e);
done:
	free(before);
	free(after);
	dcore_free(&d);
	return rc;
}

int xchg_demand_consent(struct db *db, const struct principal *p, int64_t id, bool consent,
			bool no_contact, int64_t now, struct err *e)
{
	struct dcore d;
	struct dvis v;
	char *before = NULL, *after = NULL;
	int rc = load_core(db, id, &d, e);
	if (rc)
		return rc;
	if ((rc = visibility(db, p, &d, &v, e)))
		goto done;
	if (!v.staff && !v.poster && !v.beneficiary) {
		rc = auth_forbidden(e);
		goto done;
	}
	if ((rc = snapshot(db, id, &before, e)) ||
	    (rc = db_exec(db, e,
			  "UPDATE xchg_demands SET consent_at=CASE WHEN ?=1 THEN coalesce(consent_at, ?) END,"
			  " no_contact=?, version=version+1, updated_at=? WHERE id=?",
			  "iiiii", (int64_t)consent, now, (int64_t)no_contact, now, id)) ||
	    (rc = snapshot(db, id, &after, e)))
		goto done;
	rc = xchg_audit(db, p, now, consent ? "consent" : "withdraw_consent", "xchg_demand", id,
			d.region_id, before, after, e);
done:
	free(before);
	free(after);
	dcore_free(&d);
	return rc;
}

int xchg_demand_reveal(struct db *db, const struct principal *p, int64_t id, const char *purpose,
		       int64_t now, struct jw *w, struct err *e)
{
	struct dcore d;
	struct dvis v;
	int rc = load_core(db, id, &d, e);
	if (rc)
		return rc;
	if ((rc = visibility(db, p, &d, &v, e)))
		goto done;
	if (!v.reveal) {
		rc = v.read ? err_set(e, ERR_FORBIDDEN, "",
				      "只有辖区内的社区工作人员和管理员，或服务进行中且受益人同意联系的服务方，可以查看完整联系方式",
				      "only staff of this region, or the provider of a match in progress whose"
				      " beneficiary agreed to be contacted, may see the full contact details")
			    : auth_forbidden(e);
		goto done;
	}
	if (!purpose || utf8_chars(purpose) < 2 || utf8_chars(purpose) > 200) {
		rc = err_set(e, ERR_INVALID, "purpose", "请说明查看目的（2 到 200 个字）",
			     "state the purpose (2 to 200 characters)");
		goto done;
	}
	struct stmt *st = db_q(db, e, "SELECT beneficiary_name, beneficiary_phone FROM xchg_demands WHERE id=?",
			       "i", id);
	if (!st) {
		rc = e->code;
		goto done;
	}
	char *name = NULL, *phone = NULL;
	if ((rc = stmt_step(st, e)) == 1) {
		name = col_text(st, 0) ? strdup(col_text(st, 0)) : NULL;
		phone = col_text(st, 1) ? strdup(col_text(st, 1)) : NULL;
	}
	stmt_done(st);
	if (rc >= 0) {
		/* The entry records who looked, when and why — not what they saw. */
		struct sb a = SB_INIT;
		struct jw aw;
		jw_init(&aw, &a);
		jw_obj(&aw);
		jw_kstr(&aw, "purpose", purpose);
		jw_key(&aw, "fields");
		jw_arr(&aw);
		if (name)
			jw_str(&aw, "beneficiary_name");
		if (phone)
			jw_str(&aw, "beneficiary_phone");
		jw_arr_end(&aw);
		jw_obj_end(&aw);
		rc = xchg_audit(db, p, now, "xchg_demand.reveal", "xchg_demand", id, d.region_id, NULL,
				sb_str(&a), e);
		sb_free(&a);
	}
	if (!rc) {
		jw_obj(w);
		jw_kint(w, "id", id);
		jw_kstr(w, "beneficiary_name", name);
		jw_kstr(w, "beneficiary_phone", phone);
		jw_kstr(w, "purpose", purpose);
		jw_obj_end(w);
	}
	free(name);
	free(phone);
done:
	dcore_free(&d);
	return rc;
}

int xchg_demand_refresh(struct db *db, int64_t demand_id, int64_t now, struct err *e)
{
	struct stmt *st = db_q(db, e,
			       "SELECT d.status, d.people_needed,"
			       " (SELECT count(*) FROM xchg_matches m WHERE m.demand_id=d.id AND m.status IN ('confirmed','rated')),"
			       " (SELECT count(*) FROM xchg_matches m WHERE m.demand_id=d.id AND m.status IN ('accepted','delivered','disputed')),"
			       " (SELECT count(*) FROM xchg_matches m WHERE m.demand_id=d.id AND m.status='proposed')"
			       " FROM xchg_demands d WHERE d.id=?",
			       "i", demand_id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	char status[16] = "";
	int64_t need = 0, done = 0, working = 0, proposed = 0;
	if (rc == 1) {
		snprintf(status, sizeof status, "%s", col_text(st, 0));
		need = col_int(st, 1);
		done = col_int(st, 2);
		working = col_int(st, 3);
		proposed = col_int(st, 4);
	}
	stmt_done(st);
	if (rc <= 0)
		return rc < 0 ? rc : err_set(e, ERR_NOT_FOUND, "id", "需求不存在", "no such demand");
	if (strcmp(status, "cancelled") == 0 || strcmp(status, "closed") == 0 ||
	    strcmp(status, "fulfilled") == 0)
		return 0;
	const char *next = done >= need		? "fulfilled"
			   : working + done > 0 ? "in_progress"
			   : proposed > 0	? "matching"
						: "open";
	if (strcmp(next, status) == 0)
		return 0;
	return db_exec(db, e,
		       "UPDATE xchg_demands SET status=?, fulfilled_at=CASE WHEN ?='fulfilled' THEN ? ELSE fulfilled_at END,"
		       " reopened_at=CASE WHEN ?='open' THEN ? ELSE reopened_at END,"
		       " version=version+1, updated_at=? WHERE id=?",
		       "ssisiii", next, next, now, next, now, now, demand_id);
}
