/*
 * xchg_space.c — space for service (物业换服务): spaces, agreements,
 * monthly delivery logs, shortfalls and renewals, bookings.
 *
 * Rules (docs/space-for-service.md):
 *  - community staff (ROLES_STAFF) of the space's region create spaces and
 *    agreements, confirm deliveries and renew; everyone whose grant covers
 *    the region reads them (a person holder's name is masked for readers
 *    outside ROLES_FIELD);
 *  - an agreement owes hours_per_month in every month of its term; a
 *    delivery counts once confirmed; a month is due when it is before the
 *    current month (Shanghai); shortfall = owed − confirmed for each due
 *    month, never negative, and a surplus does not carry over;
 *  - renewal with any shortfall over the old term is refused with the short
 *    months listed unless staff give an override reason, which is kept;
 *  - one live agreement per space at a time (overlapping terms: 409);
 *  - bookings are half-open [start, end): touching bookings do not clash,
 *    overlapping ones get 409 naming the booking already there. The check
 *    and the insert run under the store's write lock, so two concurrent
 *    requests cannot both pass the check.
 * Every write appends an audit entry in the caller's transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "core/pii.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "modules/exchange/xchg_dir.h"
#include "modules/registry/registry.h"
#include "store/store.h"

const char *const xchg_space_kinds[] = {"room", "hall", "plot", "other", NULL};
static const char *const space_statuses[] = {"available", "closed", NULL};

#define MAX_TERM_MONTHS 120

/* ---------- months ---------- */

int xchg_month_index(const char *ym)
{
	if (!ym || strlen(ym) != 7 || ym[4] != '-')
		return -1;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (ym[i] < '0' || ym[i] > '9'))
			return -1;
	int y = atoi(ym), m = atoi(ym + 5);
	if (y < 2000 || y > 2100 || m < 1 || m > 12)
		return -1;
	return y * 12 + m - 1;
}

void xchg_month_format(int idx, char out[8])
{
	if (idx < 0)
		idx = 0;
	int y = (idx / 12) % 10000, m = idx % 12 + 1;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = 0;
}

void xchg_month_of(int64_t us, char out[8])
{
	char d[16];
	wtime_format_date(us, d, sizeof d);
	snprintf(out, 8, "%.7s", d);
}

void xchg_shortfall(struct xchg_month *m, int n, struct xchg_term_totals *t)
{
	memset(t, 0, sizeof *t);
	for (int i = 0; i < n; i++) {
		m[i].shortfall = 0;
		if (!m[i].due)
			continue;
		m[i].shortfall = m[i].owed > m[i].delivered ? m[i].owed - m[i].delivered : 0;
		t->owed += m[i].owed;
		t->delivered += m[i].delivered;
		t->pending += m[i].pending;
		t->shortfall += m[i].shortfall;
		t->months_due++;
		if (m[i].shortfall > 0)
			t->months_short++;
	}
}

/* ---------- shared helpers ---------- */

static int audit_rec(struct db *db, const struct principal *actor, int64_t now, const char *action,
		     const char *entity, int64_t id, int64_t region_id, const char *before,
		     const char *after, struct err *e)
{
	struct audit_actor who = {actor ? actor->user_id : 0, actor ? actor->username : NULL};
	struct audit_entry en = {.action = action, .entity = entity, .entity_id = id,
				 .region_id = region_id, .before = before, .after = after};
	return audit_append(db, &who, now, &en, e);
}

/* A row as a flat JSON object (audit before/after): integers stay numbers,
 * everything else text. Returns a malloc'd string or NULL (e set). */
static char *row_json(struct db *db, const char *sql, int64_t id, struct err *e)
{
	struct stmt *st = db_q(db, e, sql, "i", id);
	if (!st)
		return NULL;
	int rc = stmt_step(st, e);
	if (rc != 1) {
		stmt_done(st);
		if (rc == 0)
			err_set(e, ERR_NOT_FOUND, "id", "记录不存在", "no such record");
		return NULL;
	}
	struct sb b = SB_INIT;
	struct jw w;
	jw_init(&w, &b);
	jw_obj(&w);
	for (int i = 0; i < col_count(st); i++) {
		jw_key(&w, col_name(st, i));
		if (col_null(st, i)) {
			jw_null(&w);
			continue;
		}
		const char *t = col_text(st, i);
		char *end;
		long long v = strtoll(t, &end, 10);
		if (*t && !*end && (t[0] != '0' || !t[1]) && strlen(t) < 19)
			jw_int(&w, v);
		else
			jw_str(&w, t);
	}
	jw_obj_end(&w);
	stmt_done(st);
	return sb_detach(&b, NULL);
}

struct spaceinfo {
	int64_t id, region_id, version, room;
	char path[512], name[256], status[16], region_name[128];
};

static int load_space(struct db *db, int64_t id, struct spaceinfo *si, struct err *e)
{
	struct stmt *st = db_q(db, e,
			       "SELECT s.id, s.region_id, s.version, r.path, s.name, s.status, r.name,"
			       " coalesce(s.facility_room_id,0)"
			       " FROM xchg_spaces s JOIN regions r ON r.id=s.region_id WHERE s.id=?",
			       "i", id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		si->id = col_int(st, 0);
		si->region_id = col_int(st, 1);
		si->version = col_int(st, 2);
		snprintf(si->path, sizeof si->path, "%s", col_text(st, 3));
		snprintf(si->name, sizeof si->name, "%s", col_text(st, 4));
		snprintf(si->status, sizeof si->status, "%s", col_text(st, 5));
		snprintf(si->region_name, sizeof si->region_name, "%s", col_text(st, 6));
		si->room = col_int(st, 7);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "space_id", "场地不存在", "no such space");
	return 0;
}

static bool covers(const struct principal *p, unsigned mask, const char *path)
{
	return !p || auth_covers_path(p, mask, path);
}

static bool in_list(const char *const *l, const char *s)
{
	for (; s && *l; l++)
		if (strcmp(*l, s) == 0)
			return true;
	return false;
}

/* ---------- spaces ---------- */

#define SPACE_SNAPSHOT "SELECT * FROM xchg_spaces WHERE id=?"

static int check_room(struct db *db, const struct principal *actor, int64_t room, struct err *e)
{
	struct stmt *st = db_q(db, e,
			       "SELECT r.path FROM facility_rooms fr JOIN facilities f ON f.id=fr.facility_id"
			       " JOIN regions r ON r.id=f.region_id WHERE fr.id=?",
			       "i", room);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	bool ok = rc == 1 && covers(actor, ROLES_STAFF, col_text(st, 0));
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "facility_room_id", "设施房间不存在", "no such facility room");
	if (!ok)
		return err_set(e, ERR_FORBIDDEN, "facility_room_id", "该房间不在您的辖区内",
			       "the room is outside your region");
	return 0;
}

int xchg_space_create(struct db *db, const struct principal *actor, const struct xchg_space_in *in,
		      int64_t now, int64_t *id_out, struct err *e)
{
	int rc;
	if (!in_list(xchg_space_kinds, in->kind))
		return err_set(e, ERR_INVALID, "kind", "类型应为 room/hall/plot/other",
			       "kind must be room, hall, plot or other");
	struct stmt *st = db_q(db, e, "SELECT path, level FROM regions WHERE id=?", "i", in->region_id);
	if (!st)
		return e->code;
	char path[512] = "", level[16] = "";
	if ((rc = stmt_step(st, e)) == 1) {
		snprintf(path, sizeof path, "%s", col_text(st, 0));
		snprintf(level, sizeof level, "%s", col_text(st, 1));
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "region_id", "区域不存在", "no such region");
	if (!covers(actor, ROLES_STAFF, path))
		return auth_forbidden(e);
	if (strcmp(level, "district") == 0 || strcmp(level, "town") == 0)
		return err_set(e, ERR_RULE, "region_id", "场地应属于村（社区）或其下的网格、小区",
			       "a space belongs to a community or a grid/building below it");
	if (in->has_room && in->facility_room_id && (rc = check_room(db, actor, in->facility_room_id, e)))
		return rc;
	int64_t id = 0;
	st = db_q(db, e,
		  "INSERT INTO xchg_spaces(region_id, name, kind, facility_room_id, area_m2, description,"
		  " status, created_at, updated_at) VALUES(?,?,?,NULLIF(?,0),NULLIF(?,-1),?,coalesce(?,'available'),?,?)"
		  " RETURNING id",
		  "issiissii", in->region_id, in->name, in->kind,
		  in->has_room ? in->facility_room_id : 0, in->has_area ? in->area_m2 : (int64_t)-1,
		  in->description ? in->description : "", in->status, now, now);
	if (!st)
		return e->code;
	rc = stmt_step(st, e);
	if (rc == 1)
		id = col_int(st, 0);
	stmt_done(st);
	if (rc < 0) {
		if (rc == ERR_CONFLICT)
			err_set(e, ERR_CONFLICT, "name", "本区域已有同名场地", "this region already has a space with this name");
		return rc;
	}
	char *after = row_json(db, SPACE_SNAPSHOT, id, e);
	if (!after)
		return e->code;
	rc = audit_rec(db, actor, now, "create", "xchg_space", id, in->region_id, NULL, after, e);
	free(after);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int xchg_space_update(struct db *db, const struct principal *actor, int64_t id,
		      const struct xchg_space_in *in, int64_t now, struct err *e)
{
	struct spaceinfo si;
	int rc = load_space(db, id, &si, e);
	if (rc) {
		snprintf(e->field, sizeof e->field, "id");
		return rc;
	}
	if (!covers(actor, ROLES_ANY, si.path))
		return auth_forbidden(e);
	if (!covers(actor, ROLES_STAFF, si.path))
		return auth_forbidden(e);
	if (in->kind && !in_list(xchg_space_kinds, in->kind))
		return err_set(e, ERR_INVALID, "kind", "类型应为 room/hall/plot/other",
			       "kind must be room, hall, plot or other");
	if (in->status && !in_list(space_statuses, in->status))
		return err_set(e, ERR_INVALID, "status", "状态应为 available 或 closed",
			       "status must be available or closed");
	if (in->version != si.version)
		return err_setf(e, ERR_CONFLICT, "version", "记录已被他人修改（当前版本 %lld），请刷新后重试",
				"the record was changed by someone else (now version %lld); reload and retry",
				(long long)si.version);
	if (in->has_room && in->facility_room_id && (rc = check_room(db, actor, in->facility_room_id, e)))
		return rc;
	char *before = row_json(db, SPACE_SNAPSHOT, id, e), *after = NULL;
	if (!before)
		return e->code;
	rc = db_exec(db, e,
		     "UPDATE xchg_spaces SET name=coalesce(?,name), kind=coalesce(?,kind),"
		     " status=coalesce(?,status),"
		     " description=CASE WHEN ?=1 THEN ? ELSE description END,"
		     " area_m2=CASE WHEN ?=1 THEN ? ELSE area_m2 END,"
		     " facility_room_id=CASE WHEN ?=1 THEN NULLIF(?,0) ELSE facility_room_id END,"
		     " version=version+1, updated_at=? WHERE id=?",
		     "sssbsbibiii", in->name, in->kind, in->status, (int)in->has_description,
		     in->description, (int)in->has_area, in->area_m2, (int)in->has_room,
		     in->facility_room_id, now, id);
	if (rc == ERR_CONFLICT)
		err_set(e, ERR_CONFLICT, "name", "本区域已有同名场地", "this region already has a space with this name");
	if (!rc && !(after = row_json(db, SPACE_SNAPSHOT, id, e)))
		rc = e->code;
	if (!rc)
		rc = audit_rec(db, actor, now, "update", "xchg_space", id, si.region_id, before, after, e);
	free(before);
	free(after);
	return rc;
}

#define SPACE_COLS                                                                            \
	"s.id, s.region_id, r.name, s.name, s.kind, s.facility_room_id, s.area_m2, s.description," \
	" s.status, s.version, s.updated_at, fr.name, f.name, r.path,"                             \
	" (SELECT count(*) FROM xchg_space_agreements a WHERE a.space_id=s.id AND a.status='active')"

static void space_row(struct jw *w, struct stmt *st, const struct principal *p)
{
	jw_kint(w, "id", col_int(st, 0));
	jw_kint(w, "region_id", col_int(st, 1));
	jw_kstr(w, "region_name", col_text(st, 2));
	jw_kstr(w, "name", col_text(st, 3));
	jw_kstr(w, "kind", col_text(st, 4));
	if (col_null(st, 5))
		jw_knull(w, "facility_room_id");
	else
		jw_kint(w, "facility_room_id", col_int(st, 5));
	jw_kstr(w, "facility_room_name", col_text(st, 11));
	jw_kstr(w, "facility_name", col_text(st, 12));
	if (col_null(st, 6))
		jw_knull(w, "area_m2");
	else
		jw_kint(w, "area_m2", col_int(st, 6));
	jw_kstr(w, "description", col_text(st, 7));
	jw_kstr(w, "status", col_text(st, 8));
	jw_kint(w, "active_agreements", col_int(st, 14));
	jw_kint(w, "version", col_int(st, 9));
	jw_ktime(w, "updated_at", col_int(st, 10));
	jw_kbool(w, "can_edit", covers(p, ROLES_STAFF, col_text(st, 13)));
}

#define SPACE_FROM                                                                            \
	" FROM xchg_spaces s JOIN regions r ON r.id=s.region_id"                               \
	" LEFT JOIN facility_rooms fr ON fr.id=s.facility_room_id"                             \
	" LEFT JOIN facilities f ON f.id=fr.facility_id"

int xchg_space_write_json(struct db *db, const struct principal *p, struct jw *w, int64_t id,
			  struct err *e)
{
	struct stmt *st = db_q(db, e, "SELECT " SPACE_COLS SPACE_FROM " WHERE s.id=?", "i", id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1 && !covers(p, ROLES_ANY, col_text(st, 13)))
		rc = auth_forbidden(e);
	else if (rc == 1) {
		jw_obj(w);
		space_row(w, st, p);
		jw_obj_end(w);
		rc = 0;
	} else if (rc == 0)
		rc = err_set(e, ERR_NOT_FOUND, "id", "场地不存在", "no such space");
	stmt_done(st);
	return rc;
}

/* Region filter: the subtree of region_id, which must be in scope. */
static int region_range(struct db *db, const struct principal *p, int64_t region_id, char lo[512],
			char hi[512], struct err *e)
{
	lo[0] = hi[0] = 0;
	if (!region_id)
		return 0;
	struct stmt *st = db_q(db, e, "SELECT path FROM regions WHERE id=?", "i", region_id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1)
		snprintf(lo, 512, "%s", col_text(st, 0));
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "region_id", "区域不存在", "no such region");
	if (!covers(p, ROLES_ANY, lo))
		return auth_forbidden(e);
	snprintf(hi, 512, "%.*s0", (int)strlen(lo) - 1, lo);
	return 0;
}

int xchg_space_list(struct db *db, const struct principal *p, const struct xchg_space_filter *f,
		    struct jw *w, int64_t *total, struct err *e)
{
	char lo[512], hi[512];
	int rc = region_range(db, p, f->region_id, lo, hi, e);
	if (rc)
		return rc;
	if (f->kind && !in_list(xchg_space_kinds, f->kind))
		return err_set(e, ERR_INVALID, "kind", "类型应为 room/hall/plot/other",
			       "kind must be room, hall, plot or other");
	struct xchg_scope sc;
	xchg_scope_from(p, &sc);
	const char *rf = f->region_id ? lo : NULL;
#define SPACE_WHERE                                                                           \
	" WHERE " XCHG_SCOPE_SQL("1") " AND (? IS NULL OR (r.path>=? AND r.path<?))"            \
	" AND (? IS NULL OR s.kind=?) AND (? IS NULL OR instr(s.name, ?) > 0)"
	rc = db_int(db, e, total, "SELECT count(*)" SPACE_FROM SPACE_WHERE,
		    XCHG_SCOPE_TYPES "sssssss", XCHG_SCOPE_ARGS(&sc), rf, lo, hi, f->kind, f->kind, f->q,
		    f->q);
	if (rc < 0)
		return rc;
	struct stmt *st = db_q(db, e,
			       "SELECT " SPACE_COLS SPACE_FROM SPACE_WHERE
			       " ORDER BY r.path, s.name, s.id LIMIT ? OFFSET ?",
			       XCHG_SCOPE_TYPES "sssssssii", XCHG_SCOPE_ARGS(&sc), rf, lo, hi, f->kind,
			       f->kind, f->q, f->q, f->limit, f->offset);
	if (!st)
		return e->code;
	while ((rc = stmt_step(st, e)) == 1) {
		jw_obj(w);
		space_row(w, st, p);
		jw_obj_end(w);
	}
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

/* ---------- agreements ---------- */

#define AGREEMENT_SNAPSHOT "SELECT * FROM xchg_space_agreements WHERE id=?"

struct agreeinfo {
	int64_t id, space_id, region_id, org, person, hours, rent, version, renewed_from;
	char path[512], start[8], end[8], status[16];
};

static int load_agreement(struct db *db, int64_t id, struct agreeinfo *ai, struct err *e)
{
	struct stmt *st = db_q(db, e,
			       "SELECT a.id, a.space_id, a.region_id, coalesce(a.organisation_id,0),"
			       " coalesce(a.person_id,0), a.hours_per_month, a.rent_fen, a.version, r.path,"
			       " a.start_month, a.end_month, a.status, NULL, NULL,"
			       " coalesce(a.renewed_from_id,0)"
			       " FROM xchg_space_agreements a JOIN regions r ON r.id=a.region_id WHERE a.id=?",
			       "i", id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		ai->id = col_int(st, 0);
		ai->space_id = col_int(st, 1);
		ai->region_id = col_int(st, 2);
		ai->org = col_int(st, 3);
		ai->person = col_int(st, 4);
		ai->hours = col_int(st, 5);
		ai->rent = col_int(st, 6);
		ai->version = col_int(st, 7);
		snprintf(ai->path, sizeof ai->path, "%s", col_text(st, 8));
		snprintf(ai->start, sizeof ai->start, "%s", col_text(st, 9));
		snprintf(ai->end, sizeof ai->end, "%s", col_text(st, 10));
		snprintf(ai->status, sizeof ai->status, "%s", col_text(st, 11));
		ai->renewed_from = col_int(st, 14);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "id", "协议不存在", "no such agreement");
	return 0;
}

/* Validate the holder, the term and the texts; no other live agreement on
 * the space may overlap the term (except `except`, the one being renewed). */
static int check_agreement(struct db *db, const struct principal *actor,
			   const struct xchg_agreement_in *in, int64_t except, struct err *e)
{
	int rc;
	if ((in->organisation_id != 0) == (in->person_id != 0))
		return err_set(e, ERR_INVALID, "organisation_id", "持有方须为一个组织或一个人（二选一）",
			       "the holder is either one organisation or one person");
	int s = xchg_month_index(in->start_month), t = xchg_month_index(in->end_month);
	if (s < 0)
		return err_set(e, ERR_INVALID, "start_month", "起始月份格式应为 YYYY-MM", "start_month must be YYYY-MM");
	if (t < 0)
		return err_set(e, ERR_INVALID, "end_month", "结束月份格式应为 YYYY-MM", "end_month must be YYYY-MM");
	if (t < s)
		return err_set(e, ERR_RULE, "end_month", "结束月份不能早于起始月份", "end_month is before start_month");
	if (t - s + 1 > MAX_TERM_MONTHS)
		return err_setf(e, ERR_RULE, "end_month", "协议期限最长 %d 个月", "an agreement lasts at most %d months",
				MAX_TERM_MONTHS);
	if (in->hours_per_month < 0 || in->hours_per_month > 744)
		return err_set(e, ERR_INVALID, "hours_per_month", "每月服务时数应在 0–744 之间",
			       "hours_per_month must be between 0 and 744");
	if (in->rent_fen < 0)
		return err_set(e, ERR_INVALID, "rent_fen", "租金不能为负", "rent_fen cannot be negative");
	if (!in->service_what || !*in->service_what)
		return err_set(e, ERR_INVALID, "service_what", "请填写应提供的服务", "service_what is required");
	if (!in->service_for_whom || !*in->service_for_whom)
		return err_set(e, ERR_INVALID, "service_for_whom", "请填写服务对象", "service_for_whom is required");
	/* The holder through the registry's scoped read: linking a holder to
	 * a space checks the caller's scope over both (the space's is checked
	 * by the caller). */
	struct reg_ref ref;
	if (in->organisation_id) {
		if ((rc = reg_org_get_scoped(db, actor, in->organisation_id, "organisation_id", &ref, e)))
			return rc;
		bool active = strcmp(ref.status, "active") == 0;
		reg_ref_free(&ref);
		if (!active)
			return err_set(e, ERR_NOT_FOUND, "organisation_id", "组织不存在或已停止活动",
				       "no such active organisation");
	} else {
		rc = reg_person_get_scoped(db, actor, in->person_id, "person_id", &ref, e);
		if (rc < 0 && rc != ERR_NOT_FOUND && rc != ERR_FORBIDDEN)
			return rc;
		bool ok = rc == 0 && covers(actor, ROLES_STAFF, ref.path);
		if (rc == 0)
			reg_ref_free(&ref);
		if (!ok)
			return err_set(e, ERR_NOT_FOUND, "person_id", "辖区内没有此人", "no such person in your region");
	}
	struct stmt *st = db_q(db, e,
			       "SELECT id, start_month, end_month FROM xchg_space_agreements WHERE space_id=?"
			       " AND status='active' AND id<>? AND start_month<=? AND end_month>=? LIMIT 1",
			       "iiss", in->space_id, except, in->end_month, in->start_month);
	if (!st)
		return e->code;
	rc = stmt_step(st, e);
	if (rc == 1)
		rc = err_setf(e, ERR_CONFLICT, "start_month",
			      "该场地在此期间已有协议 #%lld（%s 至 %s）",
			      "the space already has agreement #%lld (%s to %s) in this period",
			      (long long)col_int(st, 0), col_text(st, 1), col_text(st, 2));
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

static int insert_agreement(struct db *db, const struct principal *actor,
			    const struct xchg_agreement_in *in, int64_t region_id, int64_t renewed_from,
			    int64_t now, int64_t *id_out, struct err *e)
{
	int64_t id = 0;
	struct stmt *st = db_q(db, e,
			       "INSERT INTO xchg_space_agreements(space_id, region_id, organisation_id, person_id,"
			       " start_month, end_month, rent_fen, hours_per_month, service_what, service_for_whom,"
			       " renewed_from_id, override_reason, note, created_at, updated_at)"
			       " VALUES(?,?,NULLIF(?,0),NULLIF(?,0),?,?,?,?,?,?,NULLIF(?,0),?,?,?,?) RETURNING id",
			       "iiiissiississii", in->space_id, region_id, in->organisation_id,
			       in->person_id, in->start_month, in->end_month, in->rent_fen, in->hours_per_month,
			       in->service_what, in->service_for_whom, renewed_from, in->override_reason,
			       in->note, now, now);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1)
		id = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	char *after = row_json(db, AGREEMENT_SNAPSHOT, id, e);
	if (!after)
		return e->code;
	rc = audit_rec(db, actor, now, renewed_from ? "renew" : "create", "xchg_space_agreement", id,
		       region_id, NULL, after, e);
	free(after);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int xchg_agreement_create(struct db *db, const struct principal *actor,
			  const struct xchg_agreement_in *in, int64_t now, int64_t *id_out,
			  struct err *e)
{
	struct spaceinfo si;
	int rc = load_space(db, in->space_id, &si, e);
	if (rc)
		return rc;
	if (!covers(actor, ROLES_STAFF, si.path))
		return auth_forbidden(e);
	if (strcmp(si.status, "available") != 0)
		return err_set(e, ERR_RULE, "space_id", "该场地已停用", "the space is closed");
	if ((rc = check_agreement(db, actor, in, 0, e)))
		return rc;
	return insert_agreement(db, actor, in, si.region_id, 0, now, id_out, e);
}

/* The months of an agreement with owed, confirmed and pending minutes. */
static int agreement_months(struct db *db, const struct agreeinfo *ai, int64_t now,
			    struct xchg_month *m, int *n_out, struct xchg_term_totals *t,
			    struct err *e)
{
	int s = xchg_month_index(ai->start), end = xchg_month_index(ai->end), n = end - s + 1;
	char cur[8];
	xchg_month_of(now, cur);
	int c = xchg_month_index(cur);
	if (s < 0 || end < s || n > MAX_TERM_MONTHS)
		return err_set(e, ERR_INTERNAL, "", "协议月份异常", "malformed agreement months");
	for (int i = 0; i < n; i++) {
		memset(&m[i], 0, sizeof m[i]);
		xchg_month_format(s + i, m[i].month);
		m[i].owed = ai->hours * 60;
		m[i].due = s + i < c;
	}
	struct stmt *st = db_q(db, e,
			       "SELECT month, sum(CASE WHEN confirmed_at IS NOT NULL THEN minutes ELSE 0 END),"
			       " sum(CASE WHEN confirmed_at IS NULL THEN minutes ELSE 0 END)"
			       " FROM xchg_space_deliveries WHERE agreement_id=? GROUP BY month",
			       "i", ai->id);
	if (!st)
		return e->code;
	int rc;
	while ((rc = stmt_step(st, e)) == 1) {
		int k = xchg_month_index(col_text(st, 0)) - s;
		if (k >= 0 && k < n) {
			m[k].delivered = col_int(st, 1);
			m[k].pending = col_int(st, 2);
		}
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	xchg_shortfall(m, n, t);
	*n_out = n;
	return 0;
}

#define AGREEMENT_COLS                                                                        \
	"a.id, a.space_id, sp.name, sp.kind, a.region_id, r.name, a.organisation_id, a.person_id," \
	" coalesce(o.name, pp.name), a.start_month, a.end_month, a.rent_fen, a.hours_per_month,"   \
	" a.service_what, a.service_for_whom, a.status, a.renewed_from_id, a.override_reason,"     \
	" a.note, a.version, a.created_at, a.updated_at, r.path,"                                  \
	" (SELECT n.id FROM xchg_space_agreements n WHERE n.renewed_from_id=a.id)"
#define AGREEMENT_FROM                                                                        \
	" FROM xchg_space_agreements a JOIN xchg_spaces sp ON sp.id=a.space_id"                \
	" JOIN regions r ON r.id=a.region_id LEFT JOIN organisations o ON o.id=a.organisation_id" \
	" LEFT JOIN people pp ON pp.id=a.person_id"

static int agreement_row(struct db *db, struct jw *w, struct stmt *st, const struct principal *p,
			 int64_t now, bool detail, struct err *e)
{
	struct agreeinfo ai = {0};
	ai.id = col_int(st, 0);
	ai.hours = col_int(st, 12);
	snprintf(ai.start, sizeof ai.start, "%s", col_text(st, 9));
	snprintf(ai.end, sizeof ai.end, "%s", col_text(st, 10));
	const char *path = col_text(st, 22);
	bool field = covers(p, ROLES_FIELD, path);
	jw_kint(w, "id", ai.id);
	jw_kint(w, "space_id", col_int(st, 1));
	jw_kstr(w, "space_name", col_text(st, 2));
	jw_kstr(w, "space_kind", col_text(st, 3));
	jw_kint(w, "region_id", col_int(st, 4));
	jw_kstr(w, "region_name", col_text(st, 5));
	bool person = !col_null(st, 7);
	jw_kstr(w, "holder_kind", person ? "person" : "organisation");
	jw_kint(w, "holder_id", person ? col_int(st, 7) : col_int(st, 6));
	const char *holder = col_text(st, 8);
	if (person && !field) {
		struct sb mb = SB_INIT;
		pii_mask_name(&mb, holder ? holder : "", holder ? strlen(holder) : 0);
		jw_kstr(w, "holder_name", sb_str(&mb));
		sb_free(&mb);
	} else {
		jw_kstr(w, "holder_name", holder);
	}
	jw_kstr(w, "start_month", ai.start);
	jw_kstr(w, "end_month", ai.end);
	jw_kint(w, "rent_fen", col_int(st, 11));
	jw_kint(w, "hours_per_month", ai.hours);
	jw_kstr(w, "service_what", col_text(st, 13));
	jw_kstr(w, "service_for_whom", col_text(st, 14));
	jw_kstr(w, "status", col_text(st, 15));
	if (col_null(st, 16))
		jw_knull(w, "renewed_from_id");
	else
		jw_kint(w, "renewed_from_id", col_int(st, 16));
	if (col_null(st, 23))
		jw_knull(w, "renewed_by_id");
	else
		jw_kint(w, "renewed_by_id", col_int(st, 23));
	jw_kstr(w, "override_reason", col_text(st, 17));
	jw_kstr(w, "note", col_text(st, 18));
	jw_kint(w, "version", col_int(st, 19));
	jw_ktime(w, "created_at", col_int(st, 20));
	jw_ktime(w, "updated_at", col_int(st, 21));
	jw_kbool(w, "can_manage", covers(p, ROLES_STAFF, path));

	struct xchg_month m[MAX_TERM_MONTHS];
	struct xchg_term_totals t;
	int n = 0;
	int rc = agreement_months(db, &ai, now, m, &n, &t, e);
	if (rc)
		return rc;
	jw_key(w, "totals");
	jw_obj(w);
	jw_kint(w, "months", n);
	jw_kint(w, "months_due", t.months_due);
	jw_kint(w, "months_short", t.months_short);
	jw_kint(w, "owed_minutes", t.owed);
	jw_kint(w, "delivered_minutes", t.delivered);
	jw_kint(w, "pending_minutes", t.pending);
	jw_kint(w, "shortfall_minutes", t.shortfall);
	jw_obj_end(w);
	if (!detail)
		return 0;
	jw_key(w, "months");
	jw_arr(w);
	for (int i = 0; i < n; i++) {
		jw_obj(w);
		jw_kstr(w, "month", m[i].month);
		jw_kbool(w, "due", m[i].due);
		jw_kint(w, "owed_minutes", m[i].owed);
		jw_kint(w, "delivered_minutes", m[i].delivered);
		jw_kint(w, "pending_minutes", m[i].pending);
		jw_kint(w, "shortfall_minutes", m[i].shortfall);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	struct stmt *d = db_q(db, e,
			      "SELECT d.id, d.month, d.minutes, d.what, d.beneficiaries, lu.display_name,"
			      " d.logged_at, cu.display_name, d.confirmed_at, d.version"
			      " FROM xchg_space_deliveries d JOIN users lu ON lu.id=d.logged_by"
			      " LEFT JOIN users cu ON cu.id=d.confirmed_by WHERE d.agreement_id=?"
			      " ORDER BY d.month DESC, d.id DESC",
			      "i", ai.id);
	if (!d)
		return e->code;
	jw_key(w, "deliveries");
	jw_arr(w);
	while ((rc = stmt_step(d, e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(d, 0));
		jw_kstr(w, "month", col_text(d, 1));
		jw_kint(w, "minutes", col_int(d, 2));
		jw_kstr(w, "what", col_text(d, 3));
		jw_kint(w, "beneficiaries", col_int(d, 4));
		jw_kstr(w, "logged_by", col_text(d, 5));
		jw_ktime(w, "logged_at", col_int(d, 6));
		jw_kstr(w, "confirmed_by", col_text(d, 7));
		jw_ktime(w, "confirmed_at", col_null(d, 8) ? 0 : col_int(d, 8));
		jw_kint(w, "version", col_int(d, 9));
		jw_obj_end(w);
	}
	stmt_done(d);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	return 0;
}

int xchg_agreement_write_json(struct db *db, const struct principal *p, struct jw *w, int64_t id,
			      int64_t now, struct err *e)
{
	struct stmt *st = db_q(db, e, "SELECT " AGREEMENT_COLS AGREEMENT_FROM " WHERE a.id=?", "i", id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1 && !covers(p, ROLES_ANY, col_text(st, 22))) {
		rc = auth_forbidden(e);
	} else if (rc == 1) {
		jw_obj(w);
		rc = agreement_row(db, w, st, p, now, true, e);
		jw_obj_end(w);
	} else if (rc == 0) {
		rc = err_set(e, ERR_NOT_FOUND, "id", "协议不存在", "no such agreement");
	}
	stmt_done(st);
	return rc;
}

static const char *const agreement_statuses[] = {"active", "renewed", "ended", "terminated", NULL};

int xchg_agreement_list(struct db *db, const struct principal *p,
			const struct xchg_agreement_filter *f, int64_t now, struct jw *w,
			int64_t *total, struct err *e)
{
	char lo[512], hi[512];
	int rc = region_range(db, p, f->region_id, lo, hi, e);
	if (rc)
		return rc;
	if (f->status && !in_list(agreement_statuses, f->status))
		return err_set(e, ERR_INVALID, "status", "状态应为 active/renewed/ended/terminated",
			       "status must be active, renewed, ended or terminated");
	struct xchg_scope sc;
	xchg_scope_from(p, &sc);
	const char *rf = f->region_id ? lo : NULL;
#define AGREEMENT_WHERE                                                                       \
	" WHERE " XCHG_SCOPE_SQL("1") " AND (? IS NULL OR (r.path>=? AND r.path<?))"            \
	" AND (?=0 OR a.space_id=?) AND (? IS NULL OR a.status=?)"
	rc = db_int(db, e, total, "SELECT count(*)" AGREEMENT_FROM AGREEMENT_WHERE,
		    XCHG_SCOPE_TYPES "sssiiss", XCHG_SCOPE_ARGS(&sc), rf, lo, hi, f->space_id,
		    f->space_id, f->status, f->status);
	if (rc < 0)
		return rc;
	/* ids first: each row then runs its own month query */
	struct stmt *st = db_q(db, e,
			       "SELECT a.id" AGREEMENT_FROM AGREEMENT_WHERE
			       " ORDER BY r.path, sp.name, a.start_month DESC, a.id LIMIT ? OFFSET ?",
			       XCHG_SCOPE_TYPES "sssiissii", XCHG_SCOPE_ARGS(&sc), rf, lo, hi, f->space_id,
			       f->space_id, f->status, f->status, f->limit, f->offset);
	if (!st)
		return e->code;
	int64_t ids[100];
	int n = 0;
	while ((rc = stmt_step(st, e)) == 1 && n < 100)
		ids[n++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < n; i++) {
		struct stmt *one = db_q(db, e, "SELECT " AGREEMENT_COLS AGREEMENT_FROM " WHERE a.id=?", "i",
					ids[i]);
		if (!one)
			return e->code;
		rc = stmt_step(one, e);
		if (rc == 1) {
			jw_obj(w);
			rc = agreement_row(db, w, one, p, now, false, e);
			jw_obj_end(w);
		}
		stmt_done(one);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int xchg_agreement_renew(struct db *db, const struct principal *actor, int64_t id,
			 const struct xchg_agreement_in *in, int64_t now, int64_t *id_out,
			 struct err *e)
{
	struct agreeinfo ai;
	int rc = load_agreement(db, id, &ai, e);
	if (rc)
		return rc;
	if (!covers(actor, ROLES_ANY, ai.path) || !covers(actor, ROLES_STAFF, ai.path))
		return auth_forbidden(e);
	if (strcmp(ai.status, "active") != 0)
		return err_set(e, ERR_CONFLICT, "id", "只有生效中的协议可以续约（该协议已续约或已结束）",
			       "only an active agreement can be renewed (this one was renewed or has ended)");
	struct xchg_month m[MAX_TERM_MONTHS];
	struct xchg_term_totals t;
	int n = 0;
	if ((rc = agreement_months(db, &ai, now, m, &n, &t, e)))
		return rc;
	bool override = in->override_reason && *in->override_reason;
	if (t.shortfall > 0 && !override) {
		struct sb zh = SB_INIT, en = SB_INIT;
		int listed = 0;
		for (int i = 0; i < n; i++) {
			if (m[i].shortfall <= 0)
				continue;
			if (listed < 6) {
				sb_addf(&zh, "%s%s 欠 %lld 分钟", listed ? "，" : "", m[i].month,
					(long long)m[i].shortfall);
				sb_addf(&en, "%s%s short %lld min", listed ? ", " : "", m[i].month,
					(long long)m[i].shortfall);
			}
			listed++;
		}
		if (listed > 6) {
			sb_addf(&zh, " 等共 %d 个月", listed);
			sb_addf(&en, " and more (%d months)", listed);
		}
		struct sb mzh = SB_INIT, men = SB_INIT;
		sb_addf(&mzh, "服务欠缺共 %lld 分钟（%s）：不能续约，除非填写例外理由",
			(long long)t.shortfall, sb_str(&zh));
		sb_addf(&men, "service shortfall of %lld min (%s): renewal refused unless an override reason is given",
			(long long)t.shortfall, sb_str(&en));
		rc = err_set(e, ERR_RULE, "override_reason", sb_str(&mzh), sb_str(&men));
		sb_free(&mzh);
		sb_free(&men);
		sb_free(&zh);
		sb_free(&en);
		return rc;
	}
	struct xchg_agreement_in nw = *in;
	char start[8];
	nw.space_id = ai.space_id;
	if (!nw.organisation_id && !nw.person_id) {
		nw.organisation_id = ai.org;
		nw.person_id = ai.person;
	}
	if (!nw.start_month) {
		xchg_month_format(xchg_month_index(ai.end) + 1, start);
		nw.start_month = start;
	}
	if (nw.hours_per_month < 0)
		nw.hours_per_month = ai.hours;
	if (nw.rent_fen < 0)
		nw.rent_fen = ai.rent;
	if (!override)
		nw.override_reason = NULL;
	if (nw.start_month && ai.end[0] && strcmp(nw.start_month, ai.end) <= 0)
		return err_set(e, ERR_RULE, "start_month", "续约起始月份应在原协议结束之后",
			       "the renewal must start after the current term ends");
	/* What the holder owes and for whom carry over whole (up to 500 and
	 * 200 characters: no fixed buffer may cut them mid-character). */
	char *what = NULL, *whom = NULL, *before = NULL, *after = NULL;
	if (!nw.service_what || !nw.service_for_whom) {
		struct stmt *st = db_q(db, e,
				       "SELECT service_what, service_for_whom FROM xchg_space_agreements WHERE id=?",
				       "i", id);
		if (!st)
			return e->code;
		if ((rc = stmt_step(st, e)) == 1) {
			what = strdup(col_text(st, 0) ? col_text(st, 0) : "");
			whom = strdup(col_text(st, 1) ? col_text(st, 1) : "");
		}
		stmt_done(st);
		if (rc < 0)
			goto done;
		if (!what || !whom) {
			rc = err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
			goto done;
		}
		if (!nw.service_what)
			nw.service_what = what;
		if (!nw.service_for_whom)
			nw.service_for_whom = whom;
	}
	if ((rc = check_agreement(db, actor, &nw, ai.id, e)))
		goto done;
	if (!(before = row_json(db, AGREEMENT_SNAPSHOT, id, e))) {
		rc = e->code;
		goto done;
	}
	rc = db_exec(db, e,
		     "UPDATE xchg_space_agreements SET status='renewed', version=version+1, updated_at=?"
		     " WHERE id=?",
		     "ii", now, id);
	if (!rc && !(after = row_json(db, AGREEMENT_SNAPSHOT, id, e)))
		rc = e->code;
	if (!rc)
		rc = audit_rec(db, actor, now, "update", "xchg_space_agreement", id, ai.region_id, before,
			       after, e);
	if (!rc)
		rc = insert_agreement(db, actor, &nw, ai.region_id, ai.id, now, id_out, e);
done:
	free(what);
	free(whom);
	free(before);
	free(after);
	return rc;
}

int xchg_agreement_close(struct db *db, const struct principal *actor, int64_t id,
			 const char *status, const char *note, int64_t now, struct err *e)
{
	struct agreeinfo ai;
	int rc = load_agreement(db, id, &ai, e);
	if (rc)
		return rc;
	if (!covers(actor, ROLES_ANY, ai.path) || !covers(actor, ROLES_STAFF, ai.path))
		return auth_forbidden(e);
	if (!status || (strcmp(status, "ended") != 0 && strcmp(status, "terminated") != 0))
		return err_set(e, ERR_INVALID, "status", "状态应为 ended（到期结束）或 terminated（提前终止）",
			       "status must be ended or terminated");
	if (strcmp(ai.status, "active") != 0)
		return err_set(e, ERR_CONFLICT, "id", "只有生效中的协议可以结束", "only an active agreement can be closed");
	char *before = row_json(db, AGREEMENT_SNAPSHOT, id, e), *after = NULL;
	if (!before)
		return e->code;
	rc = db_exec(db, e,
		     "UPDATE xchg_space_agreements SET status=?, note=CASE WHEN ? IS NULL THEN note"
		     " ELSE coalesce(note || '；', '') || ? END, version=version+1, updated_at=? WHERE id=?",
		     "sssii", status, note, note, now, id);
	if (!rc && !(after = row_json(db, AGREEMENT_SNAPSHOT, id, e)))
		rc = e->code;
	if (!rc)
		rc = audit_rec(db, actor, now, status, "xchg_space_agreement", id, ai.region_id, before, after, e);
	free(before);
	free(after);
	return rc;
}

/* ---------- deliveries ---------- */

int64_t xchg_delivery_agreement(struct db *db, int64_t id, struct err *e)
{
	int64_t a = 0;
	if (db_int(db, e, &a, "SELECT agreement_id FROM xchg_space_deliveries WHERE id=?", "i", id) <= 0)
		return 0;
	return a;
}

/* Deliveries, confirmations and bookings record who did them: they need a
 * user, even from the command line (the demo acts as its administrator). */
static int need_user(const struct principal *actor, struct err *e)
{
	return actor ? 0 : err_set(e, ERR_FORBIDDEN, "", "此操作需要登录用户", "this action needs a user");
}

int xchg_delivery_log(struct db *db, const struct principal *actor, int64_t agreement_id,
		      const struct xchg_delivery_in *in, int64_t now, int64_t *id_out,
		      struct err *e)
{
	if (need_user(actor, e))
		return e->code;
	struct agreeinfo ai;
	int rc = load_agreement(db, agreement_id, &ai, e);
	if (rc)
		return rc;
	if (!covers(actor, ROLES_ANY, ai.path))
		return auth_forbidden(e);
	bool allowed = covers(actor, ROLES_FIELD, ai.path) ||
		       (ai.org && covers(actor, R(ROLE_ORG_ADMIN), ai.path));
	if (!allowed && ai.person) {
		struct reg_ref own;
		if ((rc = reg_person_get_own(db, actor->user_id, &own, e)) < 0)
			return rc;
		allowed = rc == 0 && own.id == ai.person;
		if (rc == 0)
			reg_ref_free(&own);
	}
	if (!allowed)
		return err_set(e, ERR_FORBIDDEN, "", "只有社区工作人员或持有方本人可以登记服务",
			       "only community staff or the holder may log service");
	if (strcmp(ai.status, "terminated") == 0)
		return err_set(e, ERR_RULE, "id", "协议已终止", "the agreement was terminated");
	int mi = xchg_month_index(in->month);
	if (mi < 0)
		return err_set(e, ERR_INVALID, "month", "月份格式应为 YYYY-MM", "month must be YYYY-MM");
	char cur[8];
	xchg_month_of(now, cur);
	if (mi < xchg_month_index(ai.start) || mi > xchg_month_index(ai.end))
		return err_setf(e, ERR_RULE, "month", "月份不在协议期限内（%s 至 %s）",
				"the month is outside the agreement's term (%s to %s)", ai.start, ai.end);
	if (mi > xchg_month_index(cur))
		return err_set(e, ERR_RULE, "month", "不能登记未来月份的服务", "cannot log service for a future month");
	if (in->minutes < 1 || in->minutes > 44640)
		return err_set(e, ERR_INVALID, "minutes", "服务时长应在 1–44640 分钟之间",
			       "minutes must be between 1 and 44640");
	if (!in->what || !*in->what)
		return err_set(e, ERR_INVALID, "what", "请填写服务内容", "what is required");
	int64_t id = 0;
	struct stmt *st = db_q(db, e,
			       "INSERT INTO xchg_space_deliveries(agreement_id, month, minutes, what, beneficiaries,"
			       " logged_by, logged_at) VALUES(?,?,?,?,?,?,?) RETURNING id",
			       "isisiii", agreement_id, in->month, in->minutes, in->what, in->beneficiaries,
			       actor->user_id, now);
	if (!st)
		return e->code;
	rc = stmt_step(st, e);
	if (rc == 1)
		id = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	char *after = row_json(db, "SELECT * FROM xchg_space_deliveries WHERE id=?", id, e);
	if (!after)
		return e->code;
	rc = audit_rec(db, actor, now, "create", "xchg_space_delivery", id, ai.region_id, NULL, after, e);
	free(after);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int xchg_delivery_confirm(struct db *db, const struct principal *actor, int64_t id, int64_t now,
			  struct err *e)
{
	if (need_user(actor, e))
		return e->code;
	int64_t aid = xchg_delivery_agreement(db, id, e);
	if (!aid)
		return err_set(e, ERR_NOT_FOUND, "id", "服务记录不存在", "no such delivery");
	struct agreeinfo ai;
	int rc = load_agreement(db, aid, &ai, e);
	if (rc)
		return rc;
	if (!covers(actor, ROLES_ANY, ai.path))
		return err_set(e, ERR_NOT_FOUND, "id", "服务记录不存在", "no such delivery");
	if (!covers(actor, ROLES_STAFF, ai.path))
		return err_set(e, ERR_FORBIDDEN, "", "只有社区工作人员可以确认服务",
			       "only community staff may confirm service");
	char *before = row_json(db, "SELECT * FROM xchg_space_deliveries WHERE id=?", id, e), *after = NULL;
	if (!before)
		return e->code;
	rc = db_exec(db, e,
		     "UPDATE xchg_space_deliveries SET confirmed_by=?, confirmed_at=?, version=version+1"
		     " WHERE id=? AND confirmed_at IS NULL",
		     "iii", actor->user_id, now, id);
	if (!rc && db_changes(db) == 0)
		rc = err_set(e, ERR_CONFLICT, "id", "该服务记录已确认", "the delivery is already confirmed");
	if (!rc && !(after = row_json(db, "SELECT * FROM xchg_space_deliveries WHERE id=?", id, e)))
		rc = e->code;
	if (!rc)
		rc = audit_rec(db, actor, now, "confirm", "xchg_space_delivery", id, ai.region_id, before,
			       after, e);
	free(before);
	free(after);
	return rc;
}

/* ---------- bookings ---------- */

#define BOOKING_SNAPSHOT "SELECT * FROM xchg_space_bookings WHERE id=?"
#define MAX_BOOKING_US (7LL * 24 * 3600 * 1000000)

int xchg_booking_create(struct db *db, const struct principal *actor,
			const struct xchg_booking_in *in, int64_t now, int64_t *id_out,
			struct err *e)
{
	if (need_user(actor, e))
		return e->code;
	struct spaceinfo si;
	int rc = load_space(db, in->space_id, &si, e);
	if (rc)
		return rc;
	if (!covers(actor, ROLES_ANY, si.path))
		return auth_forbidden(e);
	if (strcmp(si.status, "available") != 0)
		return err_set(e, ERR_RULE, "space_id", "该场地已停用", "the space is closed");
	if (!in->title || !*in->title)
		return err_set(e, ERR_INVALID, "title", "请填写活动名称", "title is required");
	if (in->end_at <= in->start_at)
		return err_set(e, ERR_INVALID, "end_at", "结束时间应晚于开始时间", "end_at must be after start_at");
	if (in->end_at - in->start_at > MAX_BOOKING_US)
		return err_set(e, ERR_RULE, "end_at", "单次预约最长 7 天", "a booking lasts at most 7 days");
	if (in->start_at < now)
		return err_set(e, ERR_RULE, "start_at", "不能预约已经过去的时间", "cannot book a time in the past");
	/* Serialised by the write lock: nobody can insert between this check and the insert. */
	struct stmt *st = db_q(db, e,
			       "SELECT id, title, start_at, end_at FROM xchg_space_bookings WHERE space_id=?"
			       " AND status='booked' AND start_at<? AND end_at>? ORDER BY start_at LIMIT 1",
			       "iii", in->space_id, in->end_at, in->start_at);
	if (!st)
		return e->code;
	rc = stmt_step(st, e);
	if (rc == 1) {
		char a[40], b[40];
		wtime_format(col_int(st, 2), a, sizeof a);
		wtime_format(col_int(st, 3), b, sizeof b);
		rc = err_setf(e, ERR_CONFLICT, "start_at", "与预约 #%lld「%s」（%s 至 %s）时间冲突",
			      "overlaps booking #%lld \"%s\" (%s to %s)", (long long)col_int(st, 0),
			      col_text(st, 1), a, b);
	}
	stmt_done(st);
	if (rc)
		return rc;
	int64_t id = 0;
	st = db_q(db, e,
		  "INSERT INTO xchg_space_bookings(space_id, region_id, title, organiser, start_at, end_at,"
		  " booked_by, created_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?) RETURNING id",
		  "iissiiiii", in->space_id, si.region_id, in->title, in->organiser ? in->organiser : "",
		  in->start_at, in->end_at, actor->user_id, now, now);
	if (!st)
		return e->code;
	rc = stmt_step(st, e);
	if (rc == 1)
		id = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	char *after = row_json(db, BOOKING_SNAPSHOT, id, e);
	if (!after)
		return e->code;
	rc = audit_rec(db, actor, now, "create", "xchg_space_booking", id, si.region_id, NULL, after, e);
	free(after);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int xchg_booking_cancel(struct db *db, const struct principal *actor, int64_t id, int64_t now,
			struct err *e)
{
	struct stmt *st = db_q(db, e,
			       "SELECT b.booked_by, r.path, b.status, b.region_id FROM xchg_space_bookings b"
			       " JOIN regions r ON r.id=b.region_id WHERE b.id=?",
			       "i", id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	int64_t by = 0, region = 0;
	char path[512] = "", status[16] = "";
	if (rc == 1) {
		by = col_int(st, 0);
		snprintf(path, sizeof path, "%s", col_text(st, 1));
		snprintf(status, sizeof status, "%s", col_text(st, 2));
		region = col_int(st, 3);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0 || !covers(actor, ROLES_ANY, path))
		return err_set(e, ERR_NOT_FOUND, "id", "预约不存在", "no such booking");
	if (actor && actor->user_id != by && !covers(actor, ROLES_STAFF, path))
		return err_set(e, ERR_FORBIDDEN, "", "只有预约人或社区工作人员可以取消",
			       "only the person who booked or community staff may cancel");
	if (strcmp(status, "booked") != 0)
		return err_set(e, ERR_CONFLICT, "id", "该预约已取消", "the booking is already cancelled");
	char *before = row_json(db, BOOKING_SNAPSHOT, id, e), *after = NULL;
	if (!before)
		return e->code;
	rc = db_exec(db, e,
		     "UPDATE xchg_space_bookings SET status='cancelled', version=version+1, updated_at=?"
		     " WHERE id=?",
		     "ii", now, id);
	if (!rc && !(after = row_json(db, BOOKING_SNAPSHOT, id, e)))
		rc = e->code;
	if (!rc)
		rc = audit_rec(db, actor, now, "cancel", "xchg_space_booking", id, region, before, after, e);
	free(before);
	free(after);
	return rc;
}

#define BOOKING_COLS                                                                          \
	"b.id, b.space_id, sp.name, b.region_id, r.name, b.title, b.organiser, b.start_at,"     \
	" b.end_at, b.status, u.display_name, b.booked_by, b.version, b.created_at, r.path"
#define BOOKING_FROM                                                                          \
	" FROM xchg_space_bookings b JOIN xchg_spaces sp ON sp.id=b.space_id"                  \
	" JOIN regions r ON r.id=b.region_id JOIN users u ON u.id=b.booked_by"

static void booking_row(struct jw *w, struct stmt *st, const struct principal *p)
{
	jw_kint(w, "id", col_int(st, 0));
	jw_kint(w, "space_id", col_int(st, 1));
	jw_kstr(w, "space_name", col_text(st, 2));
	jw_kint(w, "region_id", col_int(st, 3));
	jw_kstr(w, "region_name", col_text(st, 4));
	jw_kstr(w, "title", col_text(st, 5));
	jw_kstr(w, "organiser", col_text(st, 6));
	jw_ktime(w, "start_at", col_int(st, 7));
	jw_ktime(w, "end_at", col_int(st, 8));
	jw_kstr(w, "status", col_text(st, 9));
	jw_kstr(w, "booked_by", col_text(st, 10));
	jw_kint(w, "version", col_int(st, 12));
	jw_ktime(w, "created_at", col_int(st, 13));
	jw_kbool(w, "can_cancel", strcmp(col_text(st, 9), "booked") == 0 &&
					  (!p || p->user_id == col_int(st, 11) ||
					   covers(p, ROLES_STAFF, col_text(st, 14))));
}

int xchg_booking_write_json(struct db *db, const struct principal *p, struct jw *w, int64_t id,
			    struct err *e)
{
	struct stmt *st = db_q(db, e, "SELECT " BOOKING_COLS BOOKING_FROM " WHERE b.id=?", "i", id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1 && !covers(p, ROLES_ANY, col_text(st, 14))) {
		rc = err_set(e, ERR_NOT_FOUND, "id", "预约不存在", "no such booking");
	} else if (rc == 1) {
		jw_obj(w);
		booking_row(w, st, p);
		jw_obj_end(w);
		rc = 0;
	} else if (rc == 0) {
		rc = err_set(e, ERR_NOT_FOUND, "id", "预约不存在", "no such booking");
	}
	stmt_done(st);
	return rc;
}

int xchg_booking_list(struct db *db, const struct principal *p, const struct xchg_booking_filter *f,
		      struct jw *w, int64_t *total, struct err *e)
{
	char lo[512], hi[512];
	int rc = region_range(db, p, f->region_id, lo, hi, e);
	if (rc)
		return rc;
	struct xchg_scope sc;
	xchg_scope_from(p, &sc);
	const char *rf = f->region_id ? lo : NULL;
	int64_t inc = f->include_cancelled;
#define BOOKING_WHERE                                                                         \
	" WHERE " XCHG_SCOPE_SQL("1") " AND (? IS NULL OR (r.path>=? AND r.path<?))"            \
	" AND (?=0 OR b.space_id=?) AND (?=1 OR b.status='booked')"                              \
	" AND (?=0 OR b.end_at>?) AND (?=0 OR b.start_at<?)"
	rc = db_int(db, e, total, "SELECT count(*)" BOOKING_FROM BOOKING_WHERE,
		    XCHG_SCOPE_TYPES "sssiiiiiii", XCHG_SCOPE_ARGS(&sc), rf, lo, hi, f->space_id,
		    f->space_id, inc, f->from, f->from, f->to, f->to);
	if (rc < 0)
		return rc;
	struct stmt *st = db_q(db, e,
			       "SELECT " BOOKING_COLS BOOKING_FROM BOOKING_WHERE
			       " ORDER BY b.start_at, b.id LIMIT ? OFFSET ?",
			       XCHG_SCOPE_TYPES "sssiiiiiiiii", XCHG_SCOPE_ARGS(&sc), rf, lo, hi,
			       f->space_id, f->space_id, inc, f->from, f->from, f->to, f->to, f->limit,
			       f->offset);
	if (!st)
		return e->code;
	while ((rc = stmt_step(st, e)) == 1) {
		jw_obj(w);
		booking_row(w, st, p);
		jw_obj_end(w);
	}
	stmt_done(st);
	return rc < 0 ? rc : 0;
}
