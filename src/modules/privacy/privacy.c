/*
 * privacy.c — personal-information rights (privacy.h).
 *
 * Requests live in the region of the person they are about (the registry
 * person linked to the account, else the account's own region), so the
 * staff who answer them are the staff of that region; the list and every
 * action go through the list helper and the record lifecycle like any
 * other record. A deletion walks every area's `.pii` erase in the request's
 * transaction: either every area anonymised its part and the request is
 * done, or nothing changed.
 */
#include <stdlib.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/enum_labels.h"
#include "core/jw.h"
#include "core/module.h"
#include "core/sb.h"
#include "core/tabular.h"
#include "modules/privacy/privacy.h"
#include "modules/registry/personal.h"
#include "store/jcols.h"
#include "store/list.h"
#include "store/store.h"

#define DAY_US ((int64_t)86400 * 1000000)

const char *const privacy_request_kinds[] = {"correction", "deletion", NULL};
const char *const privacy_request_statuses[] = {"open", "done", "rejected", "withdrawn", NULL};
const char *const privacy_outcomes[] = {"done", "rejected", NULL};
const char *const privacy_consent_sources[] = {"self", "staff", NULL};
/* 需求对接 / 向服务方提供联系方式 / 志愿服务记录 / 宣传报道使用影像 / 统计分析 */
const char *const privacy_purposes[] = {"service_matching", "contact_sharing", "volunteer_records",
					"publicity", "statistics", NULL};

/* ---------- the subject ---------- */

int privacy_subject(struct ctx *c, struct personal_subject *s)
{
	memset(s, 0, sizeof *s);
	if (!c->who)
		return err_set(c->e, ERR_UNAUTH, NULL, "请先登录", "log in first");
	s->user_id = c->who->user_id;
	int rc = registry_person_of_user(c->db, s->user_id, &s->person_id, &s->region_id, c->e);
	if (rc)
		return rc;
	if (!s->region_id) {
		const struct grant *g = auth_primary_grant(c->who, ROLES_ANY);
		if (g)
			s->region_id = g->region_id;
	}
	if (!s->region_id)
		return err_set(c->e, ERR_RULE, NULL, "账号没有所属区域，请联系社区工作人员",
			       "the account belongs to no region: ask your community's staff");
	return 0;
}

int privacy_subject_of(struct ctx *c, int64_t person_id, struct personal_subject *s)
{
	if (!person_id)
		return privacy_subject(c, s);
	memset(s, 0, sizeof *s);
	s->person_id = person_id;
	int rc = registry_person_subject(c->db, person_id, &s->user_id, &s->region_id, NULL, c->a, c->e);
	if (rc)
		return rc;
	/* Staff of the person's region act for them (a paper request, an
	 * elderly resident without an account). */
	return c->who ? auth_scope_region(c->db, c->who, ROLES_STAFF, s->region_id, c->e) : 0;
}

/* The audit entry of a copy: the account's own, or staff's for a person. */
static int audit_export(struct ctx *c, int64_t person_id, const struct personal_subject *s)
{
	return person_id ? audit_record(c, "export_personal_data", "person", person_id, s->region_id, NULL, NULL)
			 : audit_record(c, "export", "personal_data", s->user_id, s->region_id, NULL, NULL);
}

int privacy_collect(struct ctx *c, const struct personal_subject *s, struct personal_sink **out)
{
	struct personal_sink *sink = personal_sink_new(c->a);
	const struct module_pii *p;
	for (int i = 0; (p = modules_pii(i, NULL)); i++) {
		if (!p->collect)
			continue;
		personal_section(sink, p->section, p->title_zh, p->title_en);
		int rc = p->collect(c, s, sink);
		if (rc)
			return rc;
	}
	*out = sink;
	return 0;
}

int privacy_write_export(struct ctx *c, int64_t person_id, struct jw *w)
{
	struct personal_subject s;
	struct personal_sink *sink;
	int rc;
	if ((rc = privacy_subject_of(c, person_id, &s)) || (rc = privacy_collect(c, &s, &sink)))
		return rc;
	jw_obj(w);
	jw_key(w, "subject");
	jw_obj(w);
	jw_key(w, "user_id");
	if (s.user_id)
		jw_int(w, s.user_id);
	else
		jw_null(w);
	jw_key(w, "person_id");
	if (s.person_id)
		jw_int(w, s.person_id);
	else
		jw_null(w);
	jw_kint(w, "region_id", s.region_id);
	jw_obj_end(w);
	jw_ktime(w, "generated_at", c->now);
	jw_kint(w, "records", personal_sink_records(sink));
	personal_sink_json(sink, w);
	jw_obj_end(w);
	return audit_export(c, person_id, &s);
}

int privacy_export_xlsx(struct ctx *c, int64_t person_id, char **buf, size_t *len)
{
	struct personal_subject s;
	struct personal_sink *sink;
	int rc;
	if ((rc = privacy_subject_of(c, person_id, &s)) || (rc = privacy_collect(c, &s, &sink)))
		return rc;
	if (!(rc = privacy_sheet(c, sink, buf, len)))
		rc = audit_export(c, person_id, &s);
	return rc;
}

int privacy_sheet(struct ctx *c, struct personal_sink *sink, char **buf, size_t *len)
{
	struct tab_writer *t = tab_writer_new(TAB_XLSX, c->e);
	if (!t)
		return c->e->code;
	/* Coded values as the web pages show them: "已解决 Fulfilled". */
	personal_sink_label_enums(sink, enum_label);
	int rc = tab_writer_set_sheet_name(t, "个人信息 Personal data", c->e);
	if (!rc)
		rc = personal_sink_sheet(sink, t, c->e);
	if (!rc)
		rc = tab_writer_finish(t, buf, len, c->e);
	tab_writer_free(t);
	return rc;
}

/* ---------- requests ---------- */

#define REQ_COLS                                                                                   \
	"q.id, q.kind, q.status, q.detail, q.requester_name, q.region_id, g.name, q.due_at,"     \
	" q.resolution, q.resolved_at, q.version, q.created_at, q.updated_at, q.user_id, q.report"
enum { RC_USER = 13, RC_REPORT = 14 };

static const struct col request_cols[] = {
	{"id", "编号", COL_INT},
	{"kind", "类型", COL_TEXT},
	{"status", "状态", COL_TEXT},
	{"detail", "内容", COL_TEXT},
	{"requester_name", "申请人", COL_TEXT},
	{"region_id", "区域编号", COL_INT},
	{"region_name", "区域", COL_TEXT},
	{"due_at", "答复期限", COL_TIME},
	{"resolution", "答复", COL_TEXT},
	{"resolved_at", "办结时间", COL_TIME},
	{"version", "版本", COL_INT},
	{"created_at", "提交时间", COL_TIME},
	{"updated_at", "更新时间", COL_TIME},
	{"user_id", "", COL_HIDDEN},
	{"report", "", COL_HIDDEN},
};
#define NREQ_COLS ((int)(sizeof request_cols / sizeof request_cols[0]))

static const struct record_kind request_kind = {
	.entity = "privacy_request", .what_zh = "个人信息申请", .what_en = "personal-data request",
	.head_sql = "SELECT q.id, q.region_id, q.version, g.path FROM privacy_requests q"
		    " JOIN regions g ON g.id=q.region_id WHERE q.id=?",
	.row_sql = "SELECT " REQ_COLS " FROM privacy_requests q JOIN regions g ON g.id=q.region_id"
		   " WHERE q.id=?",
	.cols = request_cols, .ncols = NREQ_COLS,
	.read_roles = ROLES_ANY,
};

static void write_request_row(struct jw *w, struct stmt *st, int64_t now)
{
	row_json(w, request_cols, NREQ_COLS, st);
	jw_key(w, "report");
	jw_raw(w, col_null(st, RC_REPORT) ? NULL : col_text(st, RC_REPORT));
	const char *status = col_text(st, 2);
	jw_kbool(w, "overdue", strcmp(status, "open") == 0 && col_int(st, 7) < now);
}

static int request_missing(struct err *e)
{
	return err_set(e, ERR_NOT_FOUND, "id", "没有这个个人信息申请", "no such personal-data request");
}

/* The caller may read the request: their own, or staff over its region. */
static int may_read(struct ctx *c, const struct record *rec, int64_t owner)
{
	if (!c->who || (owner && owner == c->who->user_id))
		return 0;
	if (auth_covers_path(c->who, ROLES_STAFF, rec->path))
		return 0;
	return request_missing(c->e);
}

static int request_owner(struct ctx *c, int64_t id, int64_t *owner)
{
	if (db_int(c->db, c->e, owner, "SELECT coalesce(user_id, 0) FROM privacy_requests WHERE id=?", "i", id) != 1)
		return c->e->code ? c->e->code : request_missing(c->e);
	return 0;
}

int privacy_request_write(struct ctx *c, struct jw *w, int64_t id)
{
	struct record rec;
	int64_t owner;
	int rc;
	if ((rc = record_head(c, &request_kind, id, &rec)) || (rc = request_owner(c, id, &owner)) ||
	    (rc = may_read(c, &rec, owner)))
		return rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st, request_kind.row_sql, "i", id)) != 1)
		return rc < 0 ? rc : request_missing(c->e);
	jw_obj(w);
	write_request_row(w, st, c->now);
	jw_kbool(w, "can_resolve", c->who && strcmp(col_text(st, 2), "open") == 0 &&
					   auth_covers_path(c->who, ROLES_STAFF, rec.path));
	jw_obj_end(w);
	stmt_done(st);
	return 0;
}

int privacy_request_create(struct ctx *c, const void *vin, int64_t *id_out)
{
	const struct privacy_request_in *in = vin;
	struct personal_subject s;
	int rc;
	if ((rc = privacy_subject_of(c, in->person_id, &s)))
		return rc;
	/* Filed by staff for a person: the person's registry name; else the account's. */
	char *name = NULL;
	if (in->person_id &&
	    (rc = registry_person_subject(c->db, in->person_id, NULL, NULL, &name, c->a, c->e)))
		return rc;
	int64_t open = 0;
	if (db_int(c->db, c->e, &open,
		   "SELECT count(*) FROM privacy_requests WHERE user_id=? AND kind=? AND status='open'"
		   " UNION ALL SELECT count(*) FROM privacy_requests WHERE person_id=? AND kind=? AND status='open'"
		   " ORDER BY 1 DESC LIMIT 1",
		   "isis", s.user_id ? s.user_id : -1, in->kind, s.person_id ? s.person_id : -1, in->kind) < 0)
		return c->e->code;
	if (open)
		return err_set(c->e, ERR_CONFLICT, "kind", "同类申请正在办理中，请等待答复或先撤回",
			       "a request of this kind is already open: wait for the answer or withdraw it");
	int64_t id = 0;
	rc = db_int(c->db, c->e, &id,
		    "INSERT INTO privacy_requests(kind, user_id, person_id, region_id, filed_by, requester_name,"
		    " detail, due_at, created_at, updated_at)"
		    " VALUES(?,NULLIF(?,0),NULLIF(?,0),?,NULLIF(?,0),?,?,?,?,?) RETURNING id",
		    "siiiissiii", in->kind, s.user_id, s.person_id, s.region_id,
		    in->person_id && c->who ? c->who->user_id : 0,
		    name ? name : c->who ? c->who->display_name : "", in->detail,
		    c->now + PRIVACY_DUE_DAYS * DAY_US, c->now, c->now);
	if (rc != 1)
		return rc < 0 ? rc : ERR_STORE;
	if ((rc = record_created(c, &request_kind, id, s.region_id, NULL)))
		return rc;
	*id_out = id;
	return 0;
}

/* Every area's erase, in order; the report as JSON (arena). */
static int erase_everywhere(struct ctx *c, const struct personal_subject *s, char **report)
{
	struct personal_report *r = personal_report_new(c->a);
	const struct module_pii *p;
	int rc;
	for (int i = 0; (p = modules_pii(i, NULL)); i++)
		if (p->erase && (rc = p->erase(c, s, r)))
			return rc;
	struct sb out = SB_INIT;
	struct jw w;
	jw_init(&w, &out);
	personal_report_json(r, &w);
	*report = arena_strdup(c->a, sb_str(&out));
	sb_free(&out);
	return 0;
}

int privacy_request_resolve(struct ctx *c, int64_t id, const void *vin)
{
	const struct privacy_resolve_in *in = vin;
	struct record rec;
	int rc;
	if ((rc = record_load(c, &request_kind, id, ROLES_STAFF, &rec)) ||
	    (rc = record_begin(c, &rec, in->version)))
		return rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st,
			 "SELECT kind, status, coalesce(user_id, 0), coalesce(filed_by, 0), coalesce(person_id, 0)"
			 " FROM privacy_requests WHERE id=?",
			 "i", id)) != 1)
		return rc < 0 ? rc : request_missing(c->e);
	char *kind = arena_strdup(c->a, col_text(st, 0)), *status = arena_strdup(c->a, col_text(st, 1));
	int64_t user = col_int(st, 2), filer = col_int(st, 3), person = col_int(st, 4);
	stmt_done(st);
	if (strcmp(status, "open") != 0)
		return err_set(c->e, ERR_RULE, "status", "申请已办结", "the request is no longer open");
	bool reject = strcmp(in->outcome, "rejected") == 0;
	if (reject && (!in->resolution || !*in->resolution))
		return err_set(c->e, ERR_INVALID, "resolution", "不予办理时须说明理由",
			       "give the reason when refusing a request");
	if (c->who && user && user == c->who->user_id)
		return err_set(c->e, ERR_RULE, "id", "不能办理本人的申请，请由其他工作人员办理",
			       "you cannot resolve your own request: another member of staff must");
	if (c->who && !reject && filer == c->who->user_id && strcmp(kind, "deletion") == 0)
		return err_set(c->e, ERR_RULE, "id", "代为提交的删除申请须由另一名工作人员办理",
			       "a deletion filed on a person's behalf is carried out by another member of staff");
	char *report = NULL;
	if (!reject && strcmp(kind, "deletion") == 0) {
		struct personal_subject s = {user, person, rec.region_id};
		if ((rc = erase_everywhere(c, &s, &report)))
			return rc;
	}
	rc = db_exec(c->db, c->e,
		     "UPDATE privacy_requests SET status=?, resolution=?, resolved_by=NULLIF(?,0), resolved_at=?,"
		     " report=?, requester_name=CASE WHEN ? THEN ? ELSE requester_name END,"
		     " version=version+1, updated_at=? WHERE id=?",
		     "ssiisisii", reject ? "rejected" : "done", in->resolution,
		     c->who ? c->who->user_id : 0, c->now, report, (int64_t)(report != NULL),
		     user ? arena_printf(c->a, "已注销用户 #%lld", (long long)user)
			  : arena_printf(c->a, "已匿名 #%lld", (long long)person),
		     c->now, id);
	if (rc)
		return rc;
	return record_commit(c, &rec, reject ? "reject" : "complete");
}

int privacy_request_withdraw(struct ctx *c, int64_t id, const void *vin)
{
	const struct req_version_in {
		int64_t version;
	} *in = vin;
	struct record rec;
	int64_t owner;
	int rc;
	if ((rc = record_head(c, &request_kind, id, &rec)) || (rc = request_owner(c, id, &owner)))
		return rc;
	if (!c->who || !owner || owner != c->who->user_id)
		return request_missing(c->e);
	if ((rc = record_begin(c, &rec, in->version)))
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE privacy_requests SET status='withdrawn', version=version+1, updated_at=?"
			  " WHERE id=? AND status='open'",
			  "ii", c->now, id)))
		return rc;
	if (db_changes(c->db) != 1)
		return err_set(c->e, ERR_RULE, "status", "申请已办结，无法撤回", "the request is no longer open");
	return record_commit(c, &rec, "withdraw");
}

static const struct list_sort request_sorts[] = {
	{"id", "q.id", false, true},
	{"due_at", "q.due_at", false, false},
	{NULL, NULL, false, false},
};

static const struct list_spec request_list = {
	.table = "privacy_requests q", .id = "q.id", .region = "q.region_id",
	.sorts = request_sorts, .default_sort = "-id",
	.select = REQ_COLS,
	.from = "privacy_requests q JOIN regions g ON g.id=q.region_id",
	.row_id = "q.id",
};

int privacy_request_list_query(struct ctx *c, const struct privacy_request_filter *f,
			       struct list_q **out)
{
	int rc = 0;
	struct list_q *q = list_new(&request_list);
	if (!c->who) {
		rc = err_set(c->e, ERR_UNAUTH, NULL, "请先登录", "log in first");
	} else if (f->mine) {
		list_eq_int(q, "q.user_id", c->who->user_id);
	} else {
		const struct grant *g = auth_primary_grant(c->who, ROLES_STAFF);
		rc = g ? list_subtree(q, c->db, g->region_path, c->e) : auth_forbidden(c->e);
	}
	if (!rc && f->status)
		rc = list_eq_enum(q, "q.status", "status", f->status, privacy_request_statuses, c->e);
	if (!rc && f->kind)
		rc = list_eq_enum(q, "q.kind", "kind", f->kind, privacy_request_kinds, c->e);
	if (rc) {
		list_free(q);
		return rc;
	}
	*out = q;
	return 0;
}

int privacy_request_list_row(struct stmt *st, void *vc, struct err *e)
{
	struct ctx *c = vc;
	(void)e;
	jw_obj(c->w);
	write_request_row(c->w, st, c->now);
	jw_obj_end(c->w);
	return 0;
}

/* ---------- consents ---------- */

/* The subject's consents: by account, and by registry person. */
#define CONSENT_OF "(user_id=? OR person_id=?)"
#define CONSENT_ARGS(s) (s)->user_id ? (s)->user_id : -1, (s)->person_id ? (s)->person_id : -1

int privacy_consent_set(struct ctx *c, int64_t person_id, const struct privacy_consent_in *in)
{
	struct personal_subject s;
	int rc;
	if ((rc = privacy_subject_of(c, person_id, &s)))
		return rc;
	int64_t id = 0;
	rc = db_int(c->db, c->e, &id,
		    "INSERT INTO privacy_consents(user_id, person_id, purpose, granted, source, recorded_by, created_at)"
		    " VALUES(NULLIF(?,0),NULLIF(?,0),?,?,?,NULLIF(?,0),?) RETURNING id",
		    "iisisii", s.user_id, s.person_id, in->purpose, (int64_t)in->granted, person_id ? "staff" : "self",
		    c->who ? c->who->user_id : 0, c->now);
	if (rc != 1)
		return rc < 0 ? rc : ERR_STORE;
	const char *after = arena_printf(c->a, "{\"purpose\":\"%s\",\"granted\":%s}", in->purpose,
					 in->granted ? "true" : "false");
	return audit_record(c, in->granted ? "grant" : "withdraw", "consent", id, s.region_id, NULL, after);
}

static const struct jcol history_cols[] = {
	{"id", 0, JC_INT}, {"purpose", 1, JC_TEXT}, {"granted", 2, JC_BOOL},
	{"source", 3, JC_TEXT}, {"at", 4, JC_TIME},
};

int privacy_consents_write(struct ctx *c, int64_t person_id, struct jw *w)
{
	struct personal_subject s;
	int rc;
	if ((rc = privacy_subject_of(c, person_id, &s)))
		return rc;
	jw_obj(w);
	jw_key(w, "consents");
	jw_arr(w);
	for (const char *const *p = privacy_purposes; *p; p++) {
		struct stmt *st;
		if ((rc = db_row(c->db, c->e, &st,
				 "SELECT granted, created_at, source FROM privacy_consents"
				 " WHERE " CONSENT_OF " AND purpose=? ORDER BY id DESC LIMIT 1",
				 "iis", CONSENT_ARGS(&s), *p)) < 0)
			return rc;
		jw_obj(w);
		jw_kstr(w, "purpose", *p);
		jw_kbool(w, "granted", rc == 1 && col_int(st, 0));
		jw_ktime(w, "at", rc == 1 ? col_int(st, 1) : 0);
		jw_kstr(w, "source", rc == 1 ? col_text(st, 2) : NULL);
		jw_obj_end(w);
		stmt_done(st);
	}
	jw_arr_end(w);
	jw_key(w, "history");
	jw_arr(w);
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT id, purpose, granted, source, created_at FROM privacy_consents"
			       " WHERE " CONSENT_OF " ORDER BY id DESC LIMIT 100",
			       "ii", CONSENT_ARGS(&s));
	if (!st)
		return c->e->code;
	if ((rc = jw_rows(w, st, JCOLS(history_cols), c->e)) < 0)
		return rc;
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

/* ---------- retention ---------- */

static const struct module_retention *find_kind(const char *kind)
{
	const struct module_retention *k;
	for (int i = 0; (k = modules_retention(i, NULL)); i++)
		if (strcmp(k->kind, kind) == 0)
			return k;
	return NULL;
}

/* The period of k: the administrator's, else the declared default. */
static int kind_days(struct ctx *c, const struct module_retention *k, int64_t *days, int64_t *version)
{
	*days = k->default_days;
	*version = 0;
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st, "SELECT days, version FROM privacy_retention WHERE kind=?", "s",
			k->kind);
	if (rc == 1) {
		*days = col_int(st, 0);
		*version = col_int(st, 1);
		stmt_done(st);
	}
	return rc < 0 ? rc : 0;
}

static const struct jcol run_cols[] = {
	{"id", 0, JC_INT}, {"at", 1, JC_TIME}, {"dry_run", 2, JC_BOOL}, {"results", 3, JC_RAW},
};

int privacy_retention_write(struct ctx *c, struct jw *w)
{
	jw_obj(w);
	jw_key(w, "kinds");
	jw_arr(w);
	int rc;
	const struct module *area;
	const struct module_retention *k;
	for (int i = 0; (k = modules_retention(i, &area)); i++) {
		int64_t days, version;
		if ((rc = kind_days(c, k, &days, &version)))
			return rc;
		jw_obj(w);
		jw_kstr(w, "kind", k->kind);
		jw_kstr(w, "area", area->name);
		jw_kstr(w, "what_zh", k->what_zh);
		jw_kstr(w, "what_en", k->what_en);
		jw_kint(w, "days", days);
		jw_kint(w, "default_days", k->default_days);
		jw_kint(w, "version", version);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "last_run");
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st,
			 "SELECT id, started_at, dry_run, result FROM privacy_retention_runs"
			 " ORDER BY started_at DESC, id DESC LIMIT 1", "")) < 0)
		return rc;
	if (rc == 1) {
		jw_obj(w);
		jw_cols(w, st, JCOLS(run_cols));
		jw_obj_end(w);
		stmt_done(st);
	} else {
		jw_null(w);
	}
	jw_obj_end(w);
	return 0;
}

int privacy_retention_set(struct ctx *c, const char *kind, const struct privacy_retention_in *in)
{
	const struct module_retention *k = find_kind(kind);
	if (!k)
		return err_setf(c->e, ERR_NOT_FOUND, "kind", "没有这类记录：%s", "no such kind of record: %s",
				kind);
	int64_t days, version;
	int rc = kind_days(c, k, &days, &version);
	if (rc)
		return rc;
	if (in->version != version)
		return record_stale(c->e, version);
	const char *before = arena_printf(c->a, "{\"kind\":\"%s\",\"days\":%lld}", k->kind, (long long)days);
	rc = db_exec(c->db, c->e,
		     "INSERT INTO privacy_retention(kind, days, version, updated_by, updated_at)"
		     " VALUES(?,?,1,NULLIF(?,0),?) ON CONFLICT (kind) DO UPDATE SET days=excluded.days,"
		     " version=privacy_retention.version+1, updated_by=excluded.updated_by,"
		     " updated_at=excluded.updated_at",
		     "siii", k->kind, in->days, c->who ? c->who->user_id : 0, c->now);
	if (rc)
		return rc;
	const char *after = arena_printf(c->a, "{\"kind\":\"%s\",\"days\":%lld}", k->kind, (long long)in->days);
	return audit_record(c, "update", "retention", 0, 0, before, after);
}

int privacy_retention_run(struct ctx *c, bool dry_run, struct jw *w)
{
	struct sb res = SB_INIT;
	struct jw rw;
	jw_init(&rw, &res);
	jw_arr(&rw);
	int rc = 0;
	const struct module_retention *k;
	for (int i = 0; !rc && (k = modules_retention(i, NULL)); i++) {
		int64_t days, version, count = 0;
		if ((rc = kind_days(c, k, &days, &version)))
			break;
		int64_t before = c->now - days * DAY_US;
		if ((rc = k->expire(c, before, dry_run, &count)))
			break;
		jw_obj(&rw);
		jw_kstr(&rw, "kind", k->kind);
		jw_kstr(&rw, "what_zh", k->what_zh);
		jw_kstr(&rw, "what_en", k->what_en);
		jw_kint(&rw, "days", days);
		jw_ktime(&rw, "before", before);
		jw_kint(&rw, "count", count);
		jw_obj_end(&rw);
	}
	jw_arr_end(&rw);
	int64_t id = 0;
	if (!rc) {
		rc = db_int(c->db, c->e, &id,
			    "INSERT INTO privacy_retention_runs(started_at, dry_run, run_by, result)"
			    " VALUES(?,?,NULLIF(?,0),?) RETURNING id",
			    "iiis", c->now, (int64_t)dry_run, c->who ? c->who->user_id : 0, sb_str(&res));
		rc = rc == 1 ? 0 : rc < 0 ? rc : ERR_STORE;
	}
	if (!rc && !dry_run)
		rc = audit_record(c, "run", "retention", id, 0, NULL, sb_str(&res));
	if (!rc && w) {
		jw_obj(w);
		jw_kint(w, "id", id);
		jw_kbool(w, "dry_run", dry_run);
		jw_ktime(w, "at", c->now);
		jw_key(w, "results");
		jw_raw(w, sb_str(&res));
		jw_obj_end(w);
	}
	sb_free(&res);
	return rc;
}

/* ---------- this area's own part of a person's data ---------- */

static const struct personal_col consent_cols[] = {
	{"purpose", "用途", "Purpose", COL_TEXT, "consent_purpose"},
	{"granted", "同意", "Granted", COL_BOOL},
	{"source", "来源", "Source", COL_TEXT, "consent_source"},
	{"at", "时间", "Time", COL_TIME},
};

static const struct personal_col req_cols[] = {
	{"kind", "类型", "Kind", COL_TEXT, "privacy_request_kind"},
	{"status", "状态", "Status", COL_TEXT, "privacy_request_status"},
	{"detail", "内容", "Detail", COL_TEXT},
	{"resolution", "答复", "Answer", COL_TEXT},
	{"created_at", "提交时间", "Filed", COL_TIME},
};

static const struct personal_query consent_query = {
	PERSONAL_COLS(consent_cols),
	"SELECT purpose, granted, source, created_at FROM privacy_consents"
	" WHERE " CONSENT_OF " ORDER BY id", "UP",
};

static const struct personal_query req_query = {
	PERSONAL_COLS(req_cols),
	"SELECT kind, status, detail, resolution, created_at FROM privacy_requests"
	" WHERE user_id=? OR person_id=? ORDER BY id", "UP",
};

PERSONAL_COLLECTOR(privacy_collect_consents, consent_query)
PERSONAL_COLLECTOR(privacy_collect_requests, req_query)

int privacy_erase_own(struct ctx *c, const struct personal_subject *s, struct personal_report *r)
{
	int64_t n = 0;
	if (db_int(c->db, c->e, &n, "SELECT count(*) FROM privacy_consents WHERE " CONSENT_OF, "ii",
		   CONSENT_ARGS(s)) < 0)
		return c->e->code;
	personal_report_add(r, "privacy.consents", "kept", n,
			    "同意记录作为依法处理的证明予以保留，仅与已注销账号关联",
			    "consent records are kept as proof of lawful processing, linked only to the closed account");
	return 0;
}

/* Resolved requests older than the period lose their free text. */
int privacy_expire_requests(struct ctx *c, int64_t before, int dry_run, int64_t *count)
{
	static const char where[] = " FROM privacy_requests WHERE status<>'open' AND updated_at<?"
				    " AND (detail<>'' OR resolution IS NOT NULL)";
	if (db_int(c->db, c->e, count, arena_printf(c->a, "SELECT count(*)%s", where), "i", before) < 0)
		return c->e->code;
	if (dry_run || !*count)
		return 0;
	return db_exec(c->db, c->e,
		       "UPDATE privacy_requests SET detail='', resolution=NULL, version=version+1, updated_at=?"
		       " WHERE status<>'open' AND updated_at<? AND (detail<>'' OR resolution IS NOT NULL)",
		       "ii", c->now, before);
}
