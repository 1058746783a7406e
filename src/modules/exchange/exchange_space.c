/*
 * exchange_space.c — space for service (物业换服务): spaces, agreements,
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
 * Every write goes through the record lifecycle (audit/record.h: load in
 * scope, version, snapshot, write, snapshot, one audit entry in the
 * caller's transaction); every list through the list helper (store/list.h);
 * logic takes the request's context and allocates from its arena, so no
 * user text passes through a fixed buffer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/pii.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "modules/exchange/exchange.h"
#include "modules/exchange/exchange_dir.h"
#include "modules/registry/registry.h"
#include "store/list.h"
#include "store/store.h"

#define MAX_TERM_MONTHS 120

/* ---------- months ---------- */

int exchange_month_index(const char *ym)
{
	int y, m;
	if (wtime_parse_ym(ym, &y, &m) || y < 2000 || y > 2100)
		return -1;
	return y * 12 + m - 1;
}

void exchange_month_format(int idx, char out[8])
{
	if (idx < 0)
		idx = 0;
	wtime_ym_text(idx / 12, idx % 12 + 1, out);
}

void exchange_month_of(int64_t us, char out[8])
{
	char d[16];
	wtime_format_date(us, d, sizeof d);
	snprintf(out, 8, "%.7s", d);
}

void exchange_shortfall(struct exchange_month *m, int n, struct exchange_term_totals *t)
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

/* ---------- records ---------- */

/* Snapshots of agreements, deliveries and bookings are the table's own
 * columns: what the audit keeps of a change (no person's name from
 * another table, so nothing leaks through the audit). A space, which
 * names nobody, is snapshotted as the API shows it (below). */
static const struct col agreement_snap_cols[] = {
	{"id", "编号", COL_INT}, {"space_id", "场地", COL_INT}, {"region_id", "区域", COL_INT},
	{"organisation_id", "组织", COL_INT}, {"person_id", "个人", COL_INT},
	{"start_month", "起始月份", COL_TEXT}, {"end_month", "结束月份", COL_TEXT},
	{"rent_fen", "租金（分）", COL_INT}, {"hours_per_month", "每月服务时数", COL_INT},
	{"service_what", "服务内容", COL_TEXT}, {"service_for_whom", "服务对象", COL_TEXT},
	{"status", "状态", COL_TEXT}, {"renewed_from_id", "续自", COL_INT},
	{"override_reason", "例外理由", COL_TEXT}, {"note", "备注", COL_TEXT},
	{"version", "版本", COL_INT}, {"created_at", "创建时间", COL_TIME},
	{"updated_at", "更新时间", COL_TIME},
};
const struct record_kind exchange_agreement_kind = {
	EXCHANGE_KIND("xchg_space_agreement", "协议", "agreement", "xchg_space_agreements", "a"),
	.row_sql = "SELECT id, space_id, region_id, organisation_id, person_id, start_month, end_month,"
		   " rent_fen, hours_per_month, service_what, service_for_whom, status, renewed_from_id,"
		   " override_reason, note, version, created_at, updated_at"
		   " FROM xchg_space_agreements WHERE id=?",
	EXCHANGE_COLS(agreement_snap_cols), .read_roles = ROLES_ANY,
};

static const struct col delivery_snap_cols[] = {
	{"id", "编号", COL_INT}, {"agreement_id", "协议", COL_INT}, {"month", "月份", COL_TEXT},
	{"minutes", "分钟", COL_INT}, {"what", "服务内容", COL_TEXT},
	{"beneficiaries", "受益人数", COL_INT}, {"logged_by", "登记人", COL_INT},
	{"logged_at", "登记时间", COL_TIME}, {"confirmed_by", "确认人", COL_INT},
	{"confirmed_at", "确认时间", COL_TIME}, {"version", "版本", COL_INT},
};
const struct record_kind exchange_delivery_kind = {
	.entity = "xchg_space_delivery", .what_zh = "服务记录", .what_en = "delivery",
	.head_sql = "SELECT d.id, a.region_id, d.version, r.path FROM xchg_space_deliveries d"
		    " JOIN xchg_space_agreements a ON a.id=d.agreement_id"
		    " JOIN regions r ON r.id=a.region_id WHERE d.id=?",
	.row_sql = "SELECT id, agreement_id, month, minutes, what, beneficiaries, logged_by, logged_at,"
		   " confirmed_by, confirmed_at, version FROM xchg_space_deliveries WHERE id=?",
	EXCHANGE_COLS(delivery_snap_cols), .read_roles = ROLES_ANY,
};

static const struct col booking_snap_cols[] = {
	{"id", "编号", COL_INT}, {"space_id", "场地", COL_INT}, {"region_id", "区域", COL_INT},
	{"title", "活动名称", COL_TEXT}, {"organiser", "组织方", COL_TEXT},
	{"start_at", "开始时间", COL_TIME}, {"end_at", "结束时间", COL_TIME},
	{"status", "状态", COL_TEXT}, {"booked_by", "预约人", COL_INT}, {"version", "版本", COL_INT},
	{"created_at", "创建时间", COL_TIME}, {"updated_at", "更新时间", COL_TIME},
};
const struct record_kind exchange_booking_kind = {
	EXCHANGE_KIND("xchg_space_booking", "预约", "booking", "xchg_space_bookings", "b"),
	.row_sql = "SELECT id, space_id, region_id, title, organiser, start_at, end_at, status,"
		   " booked_by, version, created_at, updated_at FROM xchg_space_bookings WHERE id=?",
	EXCHANGE_COLS(booking_snap_cols), .read_roles = ROLES_ANY,
};

/* ---------- shared helpers ---------- */

static bool covers(const struct ctx *c, unsigned mask, const char *path)
{
	return !c->who || auth_covers_path(c->who, mask, path);
}

static bool in_list(const char *const *l, const char *s)
{
	for (; s && *l; l++)
		if (strcmp(*l, s) == 0)
			return true;
	return false;
}

/* A record named by another record's field (space_id of an agreement or a
 * booking): "no such …" names that field, not "id". */
static int load_ref(struct ctx *c, const struct record_kind *k, int64_t id, unsigned mask,
		    const char *field, struct record *rec)
{
	int rc = record_load(c, k, id, mask, rec);
	if (rc == ERR_NOT_FOUND)
		snprintf(c->e->field, sizeof c->e->field, "%s", field);
	return rc;
}

/* After an INSERT … RETURNING id run by db_int (rc as it returned): the
 * record's one audit entry ("create", or action) and the id out. */
static int created(struct ctx *c, int rc, const struct record_kind *k, int64_t id, int64_t region_id,
		   const char *action, int64_t *id_out)
{
	if (rc < 0 || (rc = record_created(c, k, id, region_id, action)))
		return rc;
	if (id_out)
		*id_out = id;
	return 0;
}

/* Deliveries, confirmations and bookings record who did them: they need a
 * user, even from the command line (the demo acts as its administrator). */
static int need_user(struct ctx *c)
{
	return c->who ? 0 : err_set(c->e, ERR_FORBIDDEN, "", "此操作需要登录用户", "this action needs a user");
}

/* A closed space takes no new agreement or booking. */
static int space_open(struct ctx *c, int64_t space_id)
{
	int64_t open = 0;
	int rc = db_int(c->db, c->e, &open,
			"SELECT CASE WHEN status='available' THEN 1 ELSE 0 END FROM xchg_spaces WHERE id=?", "i",
			space_id);
	if (rc < 0)
		return rc;
	return open ? 0 : err_set(c->e, ERR_RULE, "space_id", "该场地已停用", "the space is closed");
}

/* ---------- lists ---------- */

/* The caller's scope over a directory list: the subtree of every grant
 * (any role reads these lists; what a row shows is decided per row). One
 * grant, the usual case, is the list helper's subtree; several are the
 * union of their subtrees, named by the grants' regions in fixed slots
 * (constant SQL text; a subtree's end is its path with the last '/' as
 * '0', as list_subtree has it). */
static int list_scope(struct ctx *c, struct list_q *q, const char *region_col)
{
	if (!c->who)
		return 0;
	const struct principal *p = c->who;
	int64_t ids[EXCHANGE_SCOPE_SLOTS] = {0};
	const char *only = NULL;
	int n = 0;
	for (int i = 0; i < p->ngrants && n < EXCHANGE_SCOPE_SLOTS; i++) {
		const char *g = p->grants[i].region_path;
		bool inner = false; /* inside another grant (or the same as an earlier one) */
		for (int k = 0; k < p->ngrants && !inner; k++) {
			const char *o = p->grants[k].region_path;
			size_t len = strlen(o);
			inner = k != i && strncmp(g, o, len) == 0 && (strlen(g) > len || k < i);
		}
		if (!inner) {
			only = g;
			ids[n++] = p->grants[i].region_id;
		}
	}
	if (n == 0) {
		list_where(q, "1=0", "");
		return 0;
	}
	if (n == 1)
		return list_subtree(q, c->db, only, c->e);
	list_where(q,
		   arena_printf(c->a,
				"%s IN (SELECT r_.id FROM regions g_ JOIN regions r_ ON r_.path >= g_.path"
				" AND r_.path < substr(g_.path, 1, length(g_.path) - 1) || '0'"
				" WHERE g_.id IN (?,?,?,?,?,?,?,?))",
				region_col),
		   "iiiiiiii", ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6], ids[7]);
	return 0;
}

/* The scope, then the region filter (a region in scope; 400 when there is
 * no such region, 403 outside the scope). */
static int list_regions(struct ctx *c, struct list_q *q, const char *region_col, int64_t region_id)
{
	int rc = list_scope(c, q, region_col);
	if (rc || !region_id)
		return rc;
	char *path = NULL;
	if ((rc = list_region_path(c->db, region_id, "region_id", &path, c->e)))
		return rc;
	if (!covers(c, ROLES_ANY, path))
		rc = auth_forbidden(c->e);
	else
		rc = list_subtree(q, c->db, path, c->e);
	free(path);
	return rc;
}

struct dir_row {
	struct ctx *c;
	struct jw *w;
	bool detail;
	int (*write)(struct dir_row *d, struct stmt *st);
};

/* A resource of the directory: its list (whose select also reads one
 * record), the select's column with the region's path, its record kind,
 * its row writer, and whether a record outside the caller's scope is
 * 404 (else 403). */
struct dir_kind {
	const struct list_spec *spec;
	int path_col;
	const struct record_kind *k;
	int (*write)(struct dir_row *d, struct stmt *st);
	bool hidden_404;
};

static int dir_row_fn(struct stmt *st, void *vd, struct err *e)
{
	(void)e;
	struct dir_row *d = vd;
	jw_obj(d->w);
	int rc = d->write(d, st);
	jw_obj_end(d->w);
	return rc;
}

/* A new list of dk in the caller's scope and region_id's subtree, with
 * `col = v` when v is given (one of allowed, else 400 naming field). */
static int dir_list_new(struct ctx *c, const struct dir_kind *dk, int64_t region_id, const char *col,
			const char *field, const char *v, const char *const *allowed, struct list_q **out)
{
	struct list_q *q = *out = list_new(dk->spec);
	int rc = list_regions(c, q, dk->spec->region, region_id);
	if (!rc && v)
		rc = list_eq_enum(q, col, field, v, allowed, c->e);
	if (rc) {
		list_free(q);
		*out = NULL;
	}
	return rc;
}

/* Run the list q of dk: the page's rows into the open array w. */
static int dir_list_run(struct ctx *c, const struct dir_kind *dk, struct list_q *q,
			const struct exchange_dir_page *pg, struct jw *w, struct list_result *res)
{
	struct dir_row d = {c, w, false, dk->write};
	struct list_req req = {.page = pg->page, .per_page = pg->per_page, .sort = pg->sort,
			       .cursor = pg->cursor};
	int rc = list_run(c->db, q, &req, dir_row_fn, &d, res, c->e);
	list_free(q);
	return rc;
}

/* One record of dk as the API shows it (GET …/{id}, and the answer of
 * every write): 404 when there is none, 403 or 404 outside the scope. */
static int dir_get(struct ctx *c, const struct dir_kind *dk, struct jw *w, int64_t id)
{
	const struct list_spec *sp = dk->spec;
	char *sql = arena_printf(c->a, "SELECT %s FROM %s WHERE %s=?", sp->select, sp->from, sp->row_id);
	struct stmt *st;
	struct dir_row d = {c, w, true, dk->write};
	int rc = db_row(c->db, c->e, &st, sql, "i", id);
	if (rc == 1) {
		if (!covers(c, ROLES_ANY, col_text(st, dk->path_col)))
			rc = dk->hidden_404 ? 0 : auth_forbidden(c->e);
		else
			rc = dir_row_fn(st, &d, c->e) ? c->e->code : 2;
		stmt_done(st);
	}
	if (rc == 0)
		return exchange_not_found(c, dk->k->what_zh, dk->k->what_en);
	return rc < 0 ? rc : 0;
}

/* "%q%" for LIKE … ESCAPE '\': q's own %, _ and \ match themselves. */
static const char *like_pattern(struct ctx *c, const char *q)
{
	struct sb b = SB_INIT;
	sb_addc(&b, '%');
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			sb_addc(&b, '\\');
		sb_addc(&b, *q);
	}
	sb_addc(&b, '%');
	const char *out = arena_strdup(c->a, sb_str(&b));
	sb_free(&b);
	return out;
}

/* ---------- spaces ---------- */

const char *const exchange_space_kinds[] = {"room", "hall", "plot", "other", NULL};
const char *const exchange_space_statuses[] = {"available", "closed", NULL};

static int check_room(struct ctx *c, int64_t room)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT r.path FROM facility_rooms fr JOIN facilities f ON f.id=fr.facility_id"
			" JOIN regions r ON r.id=f.region_id WHERE fr.id=?",
			"i", room);
	if (rc < 0)
		return rc;
	bool ok = rc == 1 && covers(c, ROLES_STAFF, col_text(st, 0));
	stmt_done(st);
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "facility_room_id", "设施房间不存在", "no such facility room");
	if (!ok)
		return err_set(c->e, ERR_FORBIDDEN, "facility_room_id", "该房间不在您的辖区内",
			       "the room is outside your region");
	return 0;
}

static int check_space(struct ctx *c, const struct exchange_space_in *in)
{
	if (in->kind && !in_list(exchange_space_kinds, in->kind))
		return err_set(c->e, ERR_INVALID, "kind", "类型应为 room/hall/plot/other",
			       "kind must be room, hall, plot or other");
	if (in->status && !in_list(exchange_space_statuses, in->status))
		return err_set(c->e, ERR_INVALID, "status", "状态应为 available 或 closed",
			       "status must be available or closed");
	if (in->has_room && in->facility_room_id)
		return check_room(c, in->facility_room_id);
	return 0;
}

static int space_name_taken(struct err *e, int rc)
{
	if (rc == ERR_CONFLICT)
		err_set(e, ERR_CONFLICT, "name", "本区域已有同名场地", "this region already has a space with this name");
	return rc;
}

int exchange_space_create(struct ctx *c, const struct exchange_space_in *in, int64_t *id_out)
{
	int rc;
	if (!in_list(exchange_space_kinds, in->kind))
		return err_set(c->e, ERR_INVALID, "kind", "类型应为 room/hall/plot/other",
			       "kind must be room, hall, plot or other");
	char *path = NULL;
	int64_t low = 0;
	if ((rc = db_int(c->db, c->e, &low, "SELECT CASE WHEN level IN ('district','town') THEN 1 ELSE 0 END FROM regions WHERE id=?",
			 "i", in->region_id)) < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "region_id", "区域不存在", "no such region");
	if ((rc = list_region_path(c->db, in->region_id, "region_id", &path, c->e)))
		return rc;
	bool ok = covers(c, ROLES_STAFF, path);
	free(path);
	if (!ok)
		return auth_forbidden(c->e);
	if (low)
		return err_set(c->e, ERR_RULE, "region_id", "场地应属于村（社区）或其下的网格、小区",
			       "a space belongs to a community or a grid/building below it");
	if ((rc = check_space(c, in)))
		return rc;
	int64_t id = 0;
	rc = db_int(c->db, c->e, &id,
		    "INSERT INTO xchg_spaces(region_id, name, kind, facility_room_id, area_m2, description,"
		    " status, created_at, updated_at)"
		    " VALUES(?,?,?,NULLIF(?,0),NULLIF(?,-1),?,coalesce(?,'available'),?,?) RETURNING id",
		    "issiissii", in->region_id, in->name, in->kind, in->has_room ? in->facility_room_id : 0,
		    in->has_area ? in->area_m2 : (int64_t)-1, in->description ? in->description : "",
		    in->status, c->now, c->now);
	return created(c, space_name_taken(c->e, rc), &exchange_space_kind, id, in->region_id, NULL, id_out);
}

int exchange_space_update(struct ctx *c, int64_t id, const struct exchange_space_in *in)
{
	struct record rec;
	int rc;
	if ((rc = record_load(c, &exchange_space_kind, id, ROLES_STAFF, &rec)) || (rc = check_space(c, in)) ||
	    (rc = record_begin(c, &rec, in->version)))
		return rc;
	/* facility_room_id given as null unlinks the room; the others keep
	 * their value unless a value is given. */
	rc = db_exec(c->db, c->e,
		     "UPDATE xchg_spaces SET name=coalesce(?,name), kind=coalesce(?,kind),"
		     " status=coalesce(?,status),"
		     " description=CASE WHEN ?=1 THEN ? ELSE description END,"
		     " area_m2=CASE WHEN ?=1 THEN ? ELSE area_m2 END,"
		     " facility_room_id=CASE WHEN ?=1 THEN NULLIF(?,0) ELSE facility_room_id END,"
		     " version=version+1, updated_at=? WHERE id=?",
		     "sssbsbibiii", in->name, in->kind, in->status, (int)(in->has_description && in->description),
		     in->description, (int)in->has_area, in->area_m2, (int)in->has_room,
		     in->facility_room_id, c->now, id);
	return space_name_taken(c->e, rc) ? rc : record_commit(c, &rec, "update");
}

/* A space as the API shows it: the columns, then what the caller may do. */
static const struct col space_cols[] = {
	{"id", "编号", COL_INT}, {"region_id", "区域", COL_INT}, {"region_name", "区域名称", COL_TEXT},
	{"name", "名称", COL_TEXT}, {"kind", "类型", COL_TEXT},
	{"facility_room_id", "设施房间", COL_INT}, {"facility_room_name", "房间名称", COL_TEXT},
	{"facility_name", "设施名称", COL_TEXT}, {"area_m2", "面积", COL_INT},
	{"description", "说明", COL_TEXT}, {"status", "状态", COL_TEXT},
	{"active_agreements", "生效协议", COL_INT}, {"version", "版本", COL_INT},
	{"updated_at", "更新时间", COL_TIME}, {"path", "", COL_HIDDEN},
};
#define SPACE_PATH 14
#define SPACE_SELECT                                                                          \
	"s.id, s.region_id, r.name, s.name, s.kind, s.facility_room_id, fr.name, f.name,"       \
	" s.area_m2, s.description, s.status,"                                                  \
	" (SELECT count(*) FROM xchg_space_agreements a WHERE a.space_id=s.id AND a.status='active'),"\
	" s.version, s.updated_at, r.path"
#define SPACE_FROM                                                                            \
	"xchg_spaces s JOIN regions r ON r.id=s.region_id"                                      \
	" LEFT JOIN facility_rooms fr ON fr.id=s.facility_room_id"                              \
	" LEFT JOIN facilities f ON f.id=fr.facility_id"
static const struct list_sort space_sorts[] = {
	{"region", "r.path", true, false},
	{"name", "s.name", true, false},
	{"id", "s.id", false, true},
	{"updated_at", "s.updated_at", false, false},
	EXCHANGE_SORTS_END,
};
static const struct list_spec space_list = {
	EXCHANGE_LIST_KEYS("s"),
	.table = "xchg_spaces s JOIN regions r ON r.id=s.region_id",
	.sorts = space_sorts, .default_sort = "region",
	.select = SPACE_SELECT,
	.from = SPACE_FROM,
};
const struct record_kind exchange_space_kind = {
	EXCHANGE_KIND("xchg_space", "场地", "space", "xchg_spaces", "s"),
	.row_sql = "SELECT " SPACE_SELECT " FROM " SPACE_FROM " WHERE s.id=?",
	.cols = space_cols, .ncols = SPACE_PATH + 1, .read_roles = ROLES_ANY,
};

static int space_row(struct dir_row *d, struct stmt *st)
{
	row_json(d->w, space_cols, SPACE_PATH + 1, st);
	jw_kbool(d->w, "can_edit", covers(d->c, ROLES_STAFF, col_text(st, SPACE_PATH)));
	return 0;
}

static const struct dir_kind space_dir = {&space_list, SPACE_PATH, &exchange_space_kind, space_row, false};

int exchange_space_write(struct ctx *c, struct jw *w, int64_t id) { return dir_get(c, &space_dir, w, id); }

int exchange_space_list(struct ctx *c, const struct exchange_space_filter *f, struct jw *w,
		    struct list_result *res)
{
	struct list_q *q;
	int rc = dir_list_new(c, &space_dir, f->region_id, "s.kind", "kind", f->kind, exchange_space_kinds, &q);
	if (rc)
		return rc;
	if (f->q) /* a plain substring: the pattern's own % and _ are escaped */
		list_where(q, "s.name LIKE ? ESCAPE '\\'", "s", like_pattern(c, f->q));
	return dir_list_run(c, &space_dir, q, &f->pg, w, res);
}

/* ---------- agreements ---------- */

const char *const exchange_agreement_statuses[] = {"active", "renewed", "ended", "terminated", NULL};
const char *const exchange_agreement_ends[] = {"ended", "terminated", NULL};

/* What the rules need of an agreement beyond its head (arena strings). */
struct agreement {
	struct record rec;
	int64_t space_id, org, person, hours, rent;
	const char *start, *end, *status;
};

static int load_agreement(struct ctx *c, int64_t id, unsigned mask, struct agreement *ag)
{
	int rc = record_load(c, &exchange_agreement_kind, id, mask, &ag->rec);
	if (rc)
		return rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st,
			 "SELECT space_id, coalesce(organisation_id,0), coalesce(person_id,0),"
			 " hours_per_month, rent_fen, start_month, end_month, status"
			 " FROM xchg_space_agreements WHERE id=?",
			 "i", id)) == 1) {
		ag->space_id = col_int(st, 0);
		ag->org = col_int(st, 1);
		ag->person = col_int(st, 2);
		ag->hours = col_int(st, 3);
		ag->rent = col_int(st, 4);
		ag->start = arena_strdup(c->a, col_text(st, 5));
		ag->end = arena_strdup(c->a, col_text(st, 6));
		ag->status = arena_strdup(c->a, col_text(st, 7));
		stmt_done(st);
	}
	return rc < 0 ? rc : 0;
}

static int month_format(struct ctx *c, const char *start, const char *end)
{
	if (exchange_month_index(start) < 0)
		return err_set(c->e, ERR_INVALID, "start_month", "起始月份格式应为 YYYY-MM", "start_month must be YYYY-MM");
	if (exchange_month_index(end) < 0)
		return err_set(c->e, ERR_INVALID, "end_month", "结束月份格式应为 YYYY-MM", "end_month must be YYYY-MM");
	return 0;
}

/* Validate the holder, the term and the texts; no other live agreement on
 * the space may overlap the term (except `except`, the one being renewed). */
static int check_agreement(struct ctx *c, const struct exchange_agreement_in *in, int64_t except)
{
	struct err *e = c->e;
	int rc;
	if ((in->organisation_id != 0) == (in->person_id != 0))
		return err_set(e, ERR_INVALID, "organisation_id", "持有方须为一个组织或一个人（二选一）",
			       "the holder is either one organisation or one person");
	if ((rc = month_format(c, in->start_month, in->end_month)))
		return rc;
	int s = exchange_month_index(in->start_month), t = exchange_month_index(in->end_month);
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
	struct registry_ref ref;
	if (in->organisation_id) {
		if ((rc = registry_org_get_scoped(c->db, c->who, in->organisation_id, "organisation_id", &ref, e)))
			return rc;
		bool active = strcmp(ref.status, "active") == 0;
		registry_ref_free(&ref);
		if (!active)
			return err_set(e, ERR_NOT_FOUND, "organisation_id", "组织不存在或已停止活动",
				       "no such active organisation");
	} else {
		rc = registry_person_get_scoped(c->db, c->who, in->person_id, "person_id", &ref, e);
		if (rc < 0 && rc != ERR_NOT_FOUND && rc != ERR_FORBIDDEN)
			return rc;
		bool ok = rc == 0 && covers(c, ROLES_STAFF, ref.path);
		if (rc == 0)
			registry_ref_free(&ref);
		if (!ok)
			return err_set(e, ERR_NOT_FOUND, "person_id", "辖区内没有此人", "no such person in your region");
	}
	struct stmt *st = db_q(c->db, e,
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

static int insert_agreement(struct ctx *c, const struct exchange_agreement_in *in, int64_t region_id,
			    int64_t renewed_from, int64_t *id_out)
{
	int64_t id = 0;
	int rc = db_int(c->db, c->e, &id,
			"INSERT INTO xchg_space_agreements(space_id, region_id, organisation_id, person_id,"
			" start_month, end_month, rent_fen, hours_per_month, service_what, service_for_whom,"
			" renewed_from_id, override_reason, note, created_at, updated_at)"
			" VALUES(?,?,NULLIF(?,0),NULLIF(?,0),?,?,?,?,?,?,NULLIF(?,0),?,?,?,?) RETURNING id",
			"iiiissiississii", in->space_id, region_id, in->organisation_id, in->person_id,
			in->start_month, in->end_month, in->rent_fen, in->hours_per_month, in->service_what,
			in->service_for_whom, renewed_from, in->override_reason, in->note, c->now, c->now);
	return created(c, rc, &exchange_agreement_kind, id, region_id, renewed_from ? "renew" : "create", id_out);
}

int exchange_agreement_create(struct ctx *c, const struct exchange_agreement_in *in, int64_t *id_out)
{
	struct record space;
	int rc;
	if ((rc = load_ref(c, &exchange_space_kind, in->space_id, ROLES_STAFF, "space_id", &space)) ||
	    (rc = space_open(c, in->space_id)) || (rc = check_agreement(c, in, 0)))
		return rc;
	return insert_agreement(c, in, space.region_id, 0, id_out);
}

/* The months of an agreement with owed, confirmed and pending minutes. */
static int agreement_months(struct ctx *c, int64_t id, const char *start, const char *end,
			    int64_t hours, struct exchange_month *m, int *n_out,
			    struct exchange_term_totals *t)
{
	int s = exchange_month_index(start), last = exchange_month_index(end), n = last - s + 1;
	char cur[8];
	exchange_month_of(c->now, cur);
	int now = exchange_month_index(cur);
	if (s < 0 || last < s || n > MAX_TERM_MONTHS)
		return err_set(c->e, ERR_INTERNAL, "", "协议月份异常", "malformed agreement months");
	for (int i = 0; i < n; i++) {
		memset(&m[i], 0, sizeof m[i]);
		exchange_month_format(s + i, m[i].month);
		m[i].owed = hours * 60;
		m[i].due = s + i < now;
	}
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT month, sum(CASE WHEN confirmed_at IS NOT NULL THEN minutes ELSE 0 END),"
			       " sum(CASE WHEN confirmed_at IS NULL THEN minutes ELSE 0 END)"
			       " FROM xchg_space_deliveries WHERE agreement_id=? GROUP BY month",
			       "i", id);
	if (!st)
		return c->e->code;
	int rc;
	while ((rc = stmt_step(st, c->e)) == 1) {
		int k = exchange_month_index(col_text(st, 0)) - s;
		if (k >= 0 && k < n) {
			m[k].delivered = col_int(st, 1);
			m[k].pending = col_int(st, 2);
		}
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	exchange_shortfall(m, n, t);
	*n_out = n;
	return 0;
}

/* An agreement as the API shows it: these columns, then the holder (a
 * person's name masked for readers outside ROLES_FIELD), what the caller
 * may do, the totals and, in detail, the months and deliveries. */
static const struct col agreement_cols[] = {
	{"id", "编号", COL_INT}, {"space_id", "场地", COL_INT}, {"space_name", "场地名称", COL_TEXT},
	{"space_kind", "场地类型", COL_TEXT}, {"region_id", "区域", COL_INT},
	{"region_name", "区域名称", COL_TEXT}, {"start_month", "起始月份", COL_TEXT},
	{"end_month", "结束月份", COL_TEXT}, {"rent_fen", "租金（分）", COL_INT},
	{"hours_per_month", "每月服务时数", COL_INT}, {"service_what", "服务内容", COL_TEXT},
	{"service_for_whom", "服务对象", COL_TEXT}, {"status", "状态", COL_TEXT},
	{"renewed_from_id", "续自", COL_INT}, {"renewed_by_id", "续为", COL_INT},
	{"override_reason", "例外理由", COL_TEXT}, {"note", "备注", COL_TEXT},
	{"version", "版本", COL_INT}, {"created_at", "创建时间", COL_TIME},
	{"updated_at", "更新时间", COL_TIME},
};
enum { AG_NCOLS = 20, AG_ORG = 20, AG_PERSON, AG_HOLDER, AG_PATH };
static const struct list_sort agreement_sorts[] = {
	{"region", "r.path", true, false},
	{"start_month", "a.start_month", true, false},
	{"id", "a.id", false, true},
	EXCHANGE_SORTS_END,
};
static const struct list_spec agreement_list = {
	EXCHANGE_LIST_KEYS("a"),
	.table = "xchg_space_agreements a JOIN regions r ON r.id=a.region_id",
	.sorts = agreement_sorts, .default_sort = "region",
	.select = "a.id, a.space_id, sp.name, sp.kind, a.region_id, r.name, a.start_month, a.end_month,"
		  " a.rent_fen, a.hours_per_month, a.service_what, a.service_for_whom, a.status,"
		  " a.renewed_from_id,"
		  " (SELECT n.id FROM xchg_space_agreements n WHERE n.renewed_from_id=a.id),"
		  " a.override_reason, a.note, a.version, a.created_at, a.updated_at,"
		  " a.organisation_id, a.person_id, coalesce(o.name, pp.name), r.path",
	.from = "xchg_space_agreements a JOIN xchg_spaces sp ON sp.id=a.space_id"
		" JOIN regions r ON r.id=a.region_id LEFT JOIN organisations o ON o.id=a.organisation_id"
		" LEFT JOIN people pp ON pp.id=a.person_id",
};

static void write_months(struct jw *w, const struct exchange_month *m, int n)
{
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
}

static const struct col delivery_cols[] = {
	{"id", "编号", COL_INT}, {"month", "月份", COL_TEXT}, {"minutes", "分钟", COL_INT},
	{"what", "服务内容", COL_TEXT}, {"beneficiaries", "受益人数", COL_INT},
	{"logged_by", "登记人", COL_TEXT}, {"logged_at", "登记时间", COL_TIME},
	{"confirmed_by", "确认人", COL_TEXT}, {"confirmed_at", "确认时间", COL_TIME},
	{"version", "版本", COL_INT},
};

static int write_deliveries(struct ctx *c, struct jw *w, int64_t id)
{
	struct stmt *d = db_q(c->db, c->e,
			      "SELECT d.id, d.month, d.minutes, d.what, d.beneficiaries, lu.display_name,"
			      " d.logged_at, cu.display_name, d.confirmed_at, d.version"
			      " FROM xchg_space_deliveries d JOIN users lu ON lu.id=d.logged_by"
			      " LEFT JOIN users cu ON cu.id=d.confirmed_by WHERE d.agreement_id=?"
			      " ORDER BY d.month DESC, d.id DESC",
			      "i", id);
	if (!d)
		return c->e->code;
	int rc;
	jw_key(w, "deliveries");
	jw_arr(w);
	while ((rc = stmt_step(d, c->e)) == 1) {
		jw_obj(w);
		row_json(w, delivery_cols, 10, d);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	stmt_done(d);
	return rc < 0 ? rc : 0;
}

static int agreement_row(struct dir_row *d, struct stmt *st)
{
	struct jw *w = d->w;
	const char *path = col_text(st, AG_PATH);
	row_json(w, agreement_cols, AG_NCOLS, st);
	bool person = !col_null(st, AG_PERSON);
	jw_kstr(w, "holder_kind", person ? "person" : "organisation");
	jw_kint(w, "holder_id", col_int(st, person ? AG_PERSON : AG_ORG));
	pii_kname(w, "holder_name", col_text(st, AG_HOLDER), person && !covers(d->c, ROLES_FIELD, path));
	jw_kbool(w, "can_manage", covers(d->c, ROLES_STAFF, path));

	struct exchange_month m[MAX_TERM_MONTHS];
	struct exchange_term_totals t;
	int n = 0;
	int64_t id = col_int(st, 0);
	int rc = agreement_months(d->c, id, col_text(st, 6), col_text(st, 7), col_int(st, 9), m, &n, &t);
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
	if (!d->detail)
		return 0;
	write_months(w, m, n);
	return write_deliveries(d->c, w, id);
}

static const struct dir_kind agreement_dir = {&agreement_list, AG_PATH, &exchange_agreement_kind,
					      agreement_row, false};

int exchange_agreement_write(struct ctx *c, struct jw *w, int64_t id) { return dir_get(c, &agreement_dir, w, id); }

int exchange_agreement_list(struct ctx *c, const struct exchange_agreement_filter *f, struct jw *w,
			struct list_result *res)
{
	struct list_q *q;
	int rc = dir_list_new(c, &agreement_dir, f->region_id, "a.status", "status", f->status,
			      exchange_agreement_statuses, &q);
	if (rc)
		return rc;
	if (f->space_id)
		list_eq_int(q, "a.space_id", f->space_id);
	return dir_list_run(c, &agreement_dir, q, &f->pg, w, res);
}

/* 422 naming override_reason: the short months (at most six) and the total. */
static int shortfall_refused(struct ctx *c, const struct exchange_month *m, int n, int64_t total)
{
	struct sb zh = SB_INIT, en = SB_INIT;
	int listed = 0;
	for (int i = 0; i < n; i++) {
		if (m[i].shortfall <= 0)
			continue;
		if (listed < 6) {
			sb_addf(&zh, "%s%s 欠 %lld 分钟", listed ? "，" : "", m[i].month, (long long)m[i].shortfall);
			sb_addf(&en, "%s%s short %lld min", listed ? ", " : "", m[i].month,
				(long long)m[i].shortfall);
		}
		listed++;
	}
	if (listed > 6) {
		sb_addf(&zh, " 等共 %d 个月", listed);
		sb_addf(&en, " and more (%d months)", listed);
	}
	int rc = err_set(c->e, ERR_RULE, "override_reason",
			 arena_printf(c->a, "服务欠缺共 %lld 分钟（%s）：不能续约，除非填写例外理由",
				      (long long)total, sb_str(&zh)),
			 arena_printf(c->a, "service shortfall of %lld min (%s): renewal refused unless an"
				      " override reason is given", (long long)total, sb_str(&en)));
	sb_free(&zh);
	sb_free(&en);
	return rc;
}

int exchange_agreement_renew(struct ctx *c, int64_t id, const struct exchange_agreement_in *in,
			 int64_t *id_out)
{
	struct agreement ag;
	int rc;
	if ((rc = month_format(c, in->start_month ? in->start_month : "2000-01", in->end_month)))
		return rc;
	if ((rc = load_agreement(c, id, ROLES_STAFF, &ag)))
		return rc;
	if (strcmp(ag.status, "active") != 0)
		return err_set(c->e, ERR_CONFLICT, "id", "只有生效中的协议可以续约（该协议已续约或已结束）",
			       "only an active agreement can be renewed (this one was renewed or has ended)");
	struct exchange_month m[MAX_TERM_MONTHS];
	struct exchange_term_totals t;
	int n = 0;
	if ((rc = agreement_months(c, id, ag.start, ag.end, ag.hours, m, &n, &t)))
		return rc;
	bool override = in->override_reason && *in->override_reason;
	if (t.shortfall > 0 && !override)
		return shortfall_refused(c, m, n, t.shortfall);
	struct exchange_agreement_in nw = *in;
	nw.space_id = ag.space_id;
	if (!nw.organisation_id && !nw.person_id) {
		nw.organisation_id = ag.org;
		nw.person_id = ag.person;
	}
	if (!nw.start_month) {
		char start[8];
		exchange_month_format(exchange_month_index(ag.end) + 1, start);
		nw.start_month = arena_strdup(c->a, start);
	}
	if (nw.hours_per_month < 0)
		nw.hours_per_month = ag.hours;
	if (nw.rent_fen < 0)
		nw.rent_fen = ag.rent;
	if (!override)
		nw.override_reason = NULL;
	if (strcmp(nw.start_month, ag.end) <= 0)
		return err_set(c->e, ERR_RULE, "start_month", "续约起始月份应在原协议结束之后",
			       "the renewal must start after the current term ends");
	/* What the holder owes and for whom carry over whole (up to 500 and
	 * 200 characters, copied into the arena: no fixed buffer may cut them
	 * mid-character, which once stored invalid UTF-8). */
	if (!nw.service_what || !nw.service_for_whom) {
		struct stmt *st;
		if ((rc = db_row(c->db, c->e, &st,
				 "SELECT service_what, service_for_whom FROM xchg_space_agreements WHERE id=?",
				 "i", id)) < 0)
			return rc;
		if (rc == 1) {
			if (!nw.service_what)
				nw.service_what = arena_strdup(c->a, col_text(st, 0) ? col_text(st, 0) : "");
			if (!nw.service_for_whom)
				nw.service_for_whom = arena_strdup(c->a, col_text(st, 1) ? col_text(st, 1) : "");
			stmt_done(st);
		}
	}
	if ((rc = check_agreement(c, &nw, id)) || (rc = record_begin(c, &ag.rec, -1)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE xchg_space_agreements SET status='renewed', version=version+1, updated_at=?"
			  " WHERE id=?",
			  "ii", c->now, id)) ||
	    (rc = record_commit(c, &ag.rec, "update")))
		return rc;
	return insert_agreement(c, &nw, ag.rec.region_id, id, id_out);
}

int exchange_agreement_close(struct ctx *c, int64_t id, const struct exchange_agreement_close_in *in)
{
	struct agreement ag;
	int rc;
	if ((rc = load_agreement(c, id, ROLES_STAFF, &ag)))
		return rc;
	if (!in_list(exchange_agreement_ends, in->status))
		return err_set(c->e, ERR_INVALID, "status", "状态应为 ended（到期结束）或 terminated（提前终止）",
			       "status must be ended or terminated");
	if (strcmp(ag.status, "active") != 0)
		return err_set(c->e, ERR_CONFLICT, "id", "只有生效中的协议可以结束", "only an active agreement can be closed");
	if ((rc = record_begin(c, &ag.rec, -1)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE xchg_space_agreements SET status=?, note=CASE WHEN ? IS NULL THEN note"
			  " ELSE coalesce(note || '；', '') || ? END, version=version+1, updated_at=? WHERE id=?",
			  "sssii", in->status, in->note, in->note, c->now, id)))
		return rc;
	return record_commit(c, &ag.rec, in->status);
}

/* ---------- deliveries ---------- */

int64_t exchange_delivery_agreement(struct ctx *c, int64_t id)
{
	int64_t a = 0;
	if (db_int(c->db, c->e, &a, "SELECT agreement_id FROM xchg_space_deliveries WHERE id=?", "i", id) <= 0)
		return 0;
	return a;
}

/* Staff in the field log service, and so do the holder: an organisation's
 * administrator, or the person holding the space. */
static int may_log(struct ctx *c, const struct agreement *ag)
{
	const char *path = ag->rec.path;
	if (covers(c, ROLES_FIELD, path) || (ag->org && covers(c, R(ROLE_ORG_ADMIN), path)))
		return 0;
	if (ag->person) {
		struct registry_ref own;
		int rc = registry_person_get_own(c->db, c->who->user_id, &own, c->e);
		if (rc < 0)
			return rc;
		bool mine = rc == 0 && own.id == ag->person;
		if (rc == 0)
			registry_ref_free(&own);
		if (mine)
			return 0;
	}
	return err_set(c->e, ERR_FORBIDDEN, "", "只有社区工作人员或持有方本人可以登记服务",
		       "only community staff or the holder may log service");
}

int exchange_delivery_log(struct ctx *c, int64_t agreement_id, const struct exchange_delivery_in *in,
		      int64_t *id_out)
{
	struct agreement ag;
	int rc;
	if ((rc = need_user(c)) || (rc = load_agreement(c, agreement_id, 0, &ag)) || (rc = may_log(c, &ag)))
		return rc;
	if (strcmp(ag.status, "terminated") == 0)
		return err_set(c->e, ERR_RULE, "id", "协议已终止", "the agreement was terminated");
	int mi = exchange_month_index(in->month);
	if (mi < 0)
		return err_set(c->e, ERR_INVALID, "month", "月份格式应为 YYYY-MM", "month must be YYYY-MM");
	char cur[8];
	exchange_month_of(c->now, cur);
	if (mi < exchange_month_index(ag.start) || mi > exchange_month_index(ag.end))
		return err_setf(c->e, ERR_RULE, "month", "月份不在协议期限内（%s 至 %s）",
				"the month is outside the agreement's term (%s to %s)", ag.start, ag.end);
	if (mi > exchange_month_index(cur))
		return err_set(c->e, ERR_RULE, "month", "不能登记未来月份的服务", "cannot log service for a future month");
	if (in->minutes < 1 || in->minutes > 44640)
		return err_set(c->e, ERR_INVALID, "minutes", "服务时长应在 1–44640 分钟之间",
			       "minutes must be between 1 and 44640");
	if (!in->what || !*in->what)
		return err_set(c->e, ERR_INVALID, "what", "请填写服务内容", "what is required");
	int64_t id = 0;
	rc = db_int(c->db, c->e, &id,
		    "INSERT INTO xchg_space_deliveries(agreement_id, month, minutes, what, beneficiaries,"
		    " logged_by, logged_at) VALUES(?,?,?,?,?,?,?) RETURNING id",
		    "isisiii", agreement_id, in->month, in->minutes, in->what, in->beneficiaries,
		    c->who->user_id, c->now);
	return created(c, rc, &exchange_delivery_kind, id, ag.rec.region_id, NULL, id_out);
}

int exchange_delivery_confirm(struct ctx *c, int64_t id)
{
	struct record rec;
	int rc;
	if ((rc = need_user(c)) || (rc = record_head(c, &exchange_delivery_kind, id, &rec)))
		return rc;
	if (!covers(c, ROLES_ANY, rec.path))
		return err_set(c->e, ERR_NOT_FOUND, "id", "服务记录不存在", "no such delivery");
	if (!covers(c, ROLES_STAFF, rec.path))
		return err_set(c->e, ERR_FORBIDDEN, "", "只有社区工作人员可以确认服务",
			       "only community staff may confirm service");
	if ((rc = record_begin(c, &rec, -1)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE xchg_space_deliveries SET confirmed_by=?, confirmed_at=?, version=version+1"
			  " WHERE id=? AND confirmed_at IS NULL",
			  "iii", c->who->user_id, c->now, id)))
		return rc;
	if (db_changes(c->db) == 0)
		return err_set(c->e, ERR_CONFLICT, "id", "该服务记录已确认", "the delivery is already confirmed");
	return record_commit(c, &rec, "confirm");
}

/* ---------- bookings ---------- */

#define MAX_BOOKING_US (7LL * 24 * 3600 * 1000000)

int exchange_booking_create(struct ctx *c, const struct exchange_booking_in *in, int64_t *id_out)
{
	struct record space;
	int rc;
	if ((rc = need_user(c)) || (rc = load_ref(c, &exchange_space_kind, in->space_id, 0, "space_id", &space)) ||
	    (rc = space_open(c, in->space_id)))
		return rc;
	struct err *e = c->e;
	if (!in->title || !*in->title)
		return err_set(e, ERR_INVALID, "title", "请填写活动名称", "title is required");
	if (in->end_at <= in->start_at)
		return err_set(e, ERR_INVALID, "end_at", "结束时间应晚于开始时间", "end_at must be after start_at");
	if (in->end_at - in->start_at > MAX_BOOKING_US)
		return err_set(e, ERR_RULE, "end_at", "单次预约最长 7 天", "a booking lasts at most 7 days");
	if (in->start_at < c->now)
		return err_set(e, ERR_RULE, "start_at", "不能预约已经过去的时间", "cannot book a time in the past");
	/* Serialised by the write lock: nobody can insert between this check and the insert. */
	struct stmt *st = db_q(c->db, e,
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
	rc = db_int(c->db, e, &id,
		    "INSERT INTO xchg_space_bookings(space_id, region_id, title, organiser, start_at, end_at,"
		    " booked_by, created_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?) RETURNING id",
		    "iissiiiii", in->space_id, space.region_id, in->title, in->organiser ? in->organiser : "",
		    in->start_at, in->end_at, c->who->user_id, c->now, c->now);
	return created(c, rc, &exchange_booking_kind, id, space.region_id, NULL, id_out);
}

int exchange_booking_cancel(struct ctx *c, int64_t id)
{
	struct record rec;
	int rc = record_head(c, &exchange_booking_kind, id, &rec);
	if (rc == ERR_NOT_FOUND || (!rc && !covers(c, ROLES_ANY, rec.path)))
		return err_set(c->e, ERR_NOT_FOUND, "id", "预约不存在", "no such booking");
	if (rc)
		return rc;
	int64_t by = 0, booked = 0;
	if ((rc = db_int(c->db, c->e, &by, "SELECT booked_by FROM xchg_space_bookings WHERE id=?", "i", id)) < 0 ||
	    (rc = db_int(c->db, c->e, &booked, "SELECT CASE WHEN status='booked' THEN 1 ELSE 0 END FROM xchg_space_bookings WHERE id=?",
			 "i", id)) < 0)
		return rc;
	if (c->who && c->who->user_id != by && !covers(c, ROLES_STAFF, rec.path))
		return err_set(c->e, ERR_FORBIDDEN, "", "只有预约人或社区工作人员可以取消",
			       "only the person who booked or community staff may cancel");
	if (!booked)
		return err_set(c->e, ERR_CONFLICT, "id", "该预约已取消", "the booking is already cancelled");
	if ((rc = record_begin(c, &rec, -1)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE xchg_space_bookings SET status='cancelled', version=version+1, updated_at=?"
			  " WHERE id=?",
			  "ii", c->now, id)))
		return rc;
	return record_commit(c, &rec, "cancel");
}

static const struct col booking_cols[] = {
	{"id", "编号", COL_INT}, {"space_id", "场地", COL_INT}, {"space_name", "场地名称", COL_TEXT},
	{"region_id", "区域", COL_INT}, {"region_name", "区域名称", COL_TEXT},
	{"title", "活动名称", COL_TEXT}, {"organiser", "组织方", COL_TEXT},
	{"start_at", "开始时间", COL_TIME}, {"end_at", "结束时间", COL_TIME},
	{"status", "状态", COL_TEXT}, {"booked_by", "预约人", COL_TEXT},
	{"version", "版本", COL_INT}, {"created_at", "创建时间", COL_TIME},
};
enum { BK_NCOLS = 13, BK_BY = 13, BK_PATH };
static const struct list_sort booking_sorts[] = {
	{"start_at", "b.start_at", false, false},
	EXCHANGE_SORTS_END,
};
static const struct list_spec booking_list = {
	EXCHANGE_LIST_KEYS("b"),
	.table = "xchg_space_bookings b",
	.sorts = booking_sorts, .default_sort = "start_at",
	.select = "b.id, b.space_id, sp.name, b.region_id, r.name, b.title, b.organiser, b.start_at,"
		  " b.end_at, b.status, u.display_name, b.version, b.created_at, b.booked_by, r.path",
	.from = "xchg_space_bookings b JOIN xchg_spaces sp ON sp.id=b.space_id"
		" JOIN regions r ON r.id=b.region_id JOIN users u ON u.id=b.booked_by",
};

static int booking_row(struct dir_row *d, struct stmt *st)
{
	row_json(d->w, booking_cols, BK_NCOLS, st);
	const struct principal *p = d->c->who;
	jw_kbool(d->w, "can_cancel",
		 strcmp(col_text(st, 9), "booked") == 0 &&
			 (!p || p->user_id == col_int(st, BK_BY) || covers(d->c, ROLES_STAFF, col_text(st, BK_PATH))));
	return 0;
}

/* A booking outside the caller's scope is not there (404), as before. */
static const struct dir_kind booking_dir = {&booking_list, BK_PATH, &exchange_booking_kind, booking_row, true};

int exchange_booking_write(struct ctx *c, struct jw *w, int64_t id) { return dir_get(c, &booking_dir, w, id); }

int exchange_booking_list(struct ctx *c, const struct exchange_booking_filter *f, struct jw *w,
		      struct list_result *res)
{
	/* Parameters this list does not take are refused, not ignored: the
	 * status is booked unless include_cancelled, the region must exist. */
	if (f->status && strcmp(f->status, "booked") != 0)
		return err_set(c->e, ERR_INVALID, "status",
			       "状态只能为 booked（已取消的预约用 include_cancelled=1 一并列出）",
			       "status must be booked (include_cancelled=1 lists cancelled bookings too)");
	struct list_q *q;
	int rc = dir_list_new(c, &booking_dir, f->region_id, NULL, NULL, NULL, NULL, &q);
	if (rc)
		return rc;
	if (f->space_id)
		list_eq_int(q, "b.space_id", f->space_id);
	if (!f->include_cancelled)
		list_eq_str(q, "b.status", "booked");
	if (f->from)
		list_where(q, "b.end_at > ?", "i", f->from);
	if (f->to)
		list_where(q, "b.start_at < ?", "i", f->to);
	return dir_list_run(c, &booking_dir, q, &f->pg, w, res);
}
