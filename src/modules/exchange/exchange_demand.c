/*
 * exchange_demand.c — demands (需求, 微心愿): post, edit, cancel, consent,
 * read and list, and the derivation of a demand's status from its
 * matches.
 *
 * Residents post for themselves (their community, their person record as
 * beneficiary); field staff post for others inside their grants. Who may
 * read a demand: field staff covering its region, its poster, its
 * beneficiary, and the provider of a staff-confirmed match. The
 * beneficiary's identity goes further only with consent (see xchg.h).
 * The audit log keeps a demand without the beneficiary's name, phone and
 * address (exchange_demand_kind's columns): the log is wider-read than the
 * demand itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/jsonin.h"
#include "core/sb.h"
#include "modules/exchange/exchange.h"
#include "modules/privacy/reveal.h"
#include "modules/registry/registry.h"
#include "store/jcols.h"
#include "store/store.h"

static const struct col demand_cols[] = {
	{"id", "编号", COL_INT}, {"region_id", "区域", COL_INT}, {"title", "标题", COL_TEXT},
	{"description", "说明", COL_TEXT}, {"kind", "类型", COL_TEXT}, {"source", "来源", COL_TEXT},
	{"posted_by", "发布人", COL_INT}, {"beneficiary_group", "受益群体", COL_TEXT}, {"privacy", "公开", COL_TEXT},
	{"consent_at", "同意时间", COL_TIME}, {"no_contact", "勿直接联系", COL_BOOL}, {"latitude", "纬度", COL_DOUBLE},
	{"longitude", "经度", COL_DOUBLE}, {"window_start", "开始", COL_TIME}, {"window_end", "结束", COL_TIME},
	{"recurrence", "周期", COL_TEXT}, {"schedule_mask", "时段", COL_INT}, {"people_needed", "人数", COL_INT},
	{"skills", "技能", COL_TEXT}, {"urgency", "紧急程度", COL_TEXT}, {"status", "状态", COL_TEXT},
	{"fulfilled_at", "完成时间", COL_TIME}, {"version", "版本", COL_INT}, {"created_at", "创建时间", COL_TIME},
	{"updated_at", "更新时间", COL_TIME},
};

const struct record_kind exchange_demand_kind = {
	EXCHANGE_KIND("xchg_demand", "需求", "demand", "xchg_demands", "d"),
	.row_sql = "SELECT d.id, d.region_id, d.title, d.description, d.kind, d.source, d.posted_by,"
		   " d.beneficiary_group, d.privacy, d.consent_at, d.no_contact, d.latitude, d.longitude,"
		   " d.window_start, d.window_end, d.recurrence, d.schedule_mask, d.people_needed,"
		   " d.skills, d.urgency, d.status, d.fulfilled_at, d.version, d.created_at, d.updated_at"
		   " FROM xchg_demands d WHERE d.id=?",
	EXCHANGE_COLS(demand_cols), .read_roles = ROLES_ANY, /* who may read is the demand's own rule (visibility) */
};

/* What the caller may see of one demand. */
struct dvis {
	bool read, staff, poster, beneficiary, provider, identity;
	bool phone;  /* the masked phone */
	bool reveal; /* the full phone through exchange_demand_reveal (audited) */
};

/* The demand's record head and the parties its visibility depends on. */
struct dcore {
	struct record rec;
	int64_t posted_by, ben_person, consent_at;
	bool no_contact;
	const char *status;
};

static int load_core(struct ctx *c, int64_t id, struct dcore *d)
{
	memset(d, 0, sizeof *d);
	int rc = record_head(c, &exchange_demand_kind, id, &d->rec);
	if (rc)
		return rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st,
			 "SELECT posted_by, coalesce(beneficiary_person_id,0), coalesce(consent_at,0),"
			 " no_contact, status FROM xchg_demands WHERE id=?",
			 "i", id)) == 1) {
		d->posted_by = col_int(st, 0);
		d->ben_person = col_int(st, 1);
		d->consent_at = col_int(st, 2);
		d->no_contact = col_int(st, 3) != 0;
		d->status = arena_strdup(c->a, col_text(st, 4));
		stmt_done(st);
	}
	return rc < 0 ? rc : 0;
}

static int visibility(struct ctx *c, const struct dcore *d, struct dvis *v)
{
	const struct principal *p = c->who;
	const char *path = d->rec.path;
	memset(v, 0, sizeof *v);
	if (!p) {
		v->read = v->staff = v->identity = v->phone = v->reveal = true;
		return 0;
	}
	v->staff = auth_covers_path(p, EXCHANGE_FIELD, path);
	v->poster = d->posted_by == p->user_id;
	if (d->ben_person) {
		struct registry_ref own;
		int rc = registry_person_get_own(c->db, p->user_id, &own, c->e);
		if (rc < 0)
			return rc;
		v->beneficiary = rc == 0 && own.id == d->ben_person;
		if (rc == 0)
			registry_ref_free(&own);
	}
	bool provider_open = false;
	if (auth_has_role(p, EXCHANGE_PROVIDER)) {
		/* Live matches of the caller's services, and those still open
		 * (accepted, not yet delivered or confirmed): the provider's
		 * time-limited contact channel (docs/exchange.md). */
		struct stmt *st = db_q(c->db, c->e,
				       "SELECT count(*), coalesce(sum(m.status IN ('accepted','delivered')),0)"
				       " FROM xchg_matches m JOIN xchg_services s ON s.id=m.service_id"
				       " JOIN xchg_provider_accounts pa ON pa.user_id=? AND (pa.organisation_id=s.organisation_id"
				       " OR pa.team_id=s.team_id OR pa.person_id=s.person_id)"
				       " WHERE m.demand_id=? AND m.staff_confirmed_at IS NOT NULL"
				       " AND m.status IN ('proposed','accepted','delivered','confirmed','rated')",
				       "ii", p->user_id, d->rec.id);
		if (!st)
			return c->e->code;
		int rc = stmt_step(st, c->e);
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
	v->reveal = auth_covers_path(p, EXCHANGE_STAFF, path) ||
		    (provider_open && d->consent_at && !d->no_contact);
	return 0;
}

/* What the caller means to do with a demand, and who may. */
enum dneed {
	D_READ,    /* staff, poster, beneficiary, provider of a sent match */
	D_EDIT,    /* the poster or staff covering it */
	D_CONSENT, /* the poster, the beneficiary or staff */
	D_REVEAL,  /* v.reveal: see visibility() */
};

/* The demand and what the caller may see of it, if the caller may do
 * `need`: 403 otherwise (with the reason when the caller can read it). */
static int load_for(struct ctx *c, int64_t id, enum dneed need, struct dcore *d, struct dvis *v)
{
	int rc = load_core(c, id, d);
	if (rc || (rc = visibility(c, d, v)))
		return rc;
	switch (need) {
	case D_READ:
		return v->read ? 0 : auth_forbidden(c->e);
	case D_EDIT:
		if (v->staff || v->poster)
			return 0;
		return v->read ? err_set(c->e, ERR_FORBIDDEN, "", "只有发布人或社区工作人员可以修改需求",
					 "only the poster or community staff may change the demand")
			       : auth_forbidden(c->e);
	case D_CONSENT:
		return v->staff || v->poster || v->beneficiary ? 0 : auth_forbidden(c->e);
	case D_REVEAL:
		if (v->reveal)
			return 0;
		return v->read ? err_set(c->e, ERR_FORBIDDEN, "",
					 "只有辖区内的社区工作人员和管理员，或服务进行中且受益人同意联系的服务方，可以查看完整联系方式",
					 "only staff of this region, or the provider of a match in progress whose"
					 " beneficiary agreed to be contacted, may see the full contact details")
			       : auth_forbidden(c->e);
	}
	return auth_forbidden(c->e);
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
	" ('delivered','confirmed','rated')),"                                                       \
	" (SELECT count(*) FROM xchg_matches m WHERE m.demand_id=d.id AND m.status='delivered')"

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

/* The resident's group for a whole demand: needs action when something
 * is overdue, or a delivery waits for the caller's confirmation (awaiting:
 * the caller posted the demand or benefits from it, and a match is
 * delivered — exchange_match_awaits), or a match fell through and nothing
 * live replaced it; got help once fulfilled or delivered; otherwise in
 * progress. */
static const char *demand_group(const char *status, int64_t live, int64_t overdue,
				int64_t failed, int64_t helped, bool awaiting)
{
	if (strcmp(status, "fulfilled") == 0 || helped > 0)
		return overdue || awaiting ? "needs_action" : "got_help";
	if (strcmp(status, "cancelled") == 0 || strcmp(status, "closed") == 0)
		return "closed";
	if (overdue || (failed && !live))
		return "needs_action";
	return "in_progress";
}

/* A demand's members from a row of DEMAND_COLS, in four runs around the
 * ones the caller's visibility decides. */
static const struct jcol demand_head_jcols[] = {
	{"id", 0, JC_INT}, {"region_id", 1, JC_INT}, {"region_name", 2, JC_TEXT}, {"title", 3, JC_TEXT},
	{"description", 4, JC_TEXT}, {"kind", 5, JC_TEXT}, {"source", 6, JC_TEXT}, {"posted_by", 7, JC_INT},
};
static const struct jcol demand_place_jcols[] = {
	{"beneficiary_group", 10, JC_TEXT}, {"privacy", 11, JC_TEXT}, {"consent", 12, JC_BOOL},
	{"consent_at", 12, JC_TIME}, {"no_contact", 13, JC_BOOL},
	{"latitude", 14, JC_DOUBLE_OR_NULL}, {"longitude", 15, JC_DOUBLE_OR_NULL},
};
static const struct jcol demand_when_jcols[] = {
	{"window_start", 17, JC_TIME}, {"window_end", 18, JC_TIME}, {"recurrence", 19, JC_TEXT},
	{"schedule_mask", 20, JC_INT}, {"people_needed", 21, JC_INT}, {"skills", 22, JC_TEXT},
	{"urgency", 23, JC_TEXT}, {"status", 24, JC_TEXT},
};
static const struct jcol demand_count_jcols[] = {
	{"live_matches", 31, JC_INT}, {"done_matches", 32, JC_INT}, {"overdue_matches", 33, JC_INT},
	{"fulfilled_at", 25, JC_TIME}, {"version", 26, JC_INT}, {"created_at", 27, JC_TIME},
	{"updated_at", 28, JC_TIME},
};

static void demand_fields(struct jw *w, struct stmt *st, const struct dvis *v)
{
	const char *status = col_text(st, 24);
	jw_cols(w, st, JCOLS(demand_head_jcols));
	jw_key(w, "beneficiary_name");
	if (v->identity)
		jw_str(w, col_text(st, 8));
	else
		masked_name(w, col_text(st, 8));
	/* Masked for everyone: the full number leaves only through the
	 * audited reveal (exchange_demand_reveal). */
	jw_key(w, "beneficiary_phone");
	exchange_write_masked_phone(w, v->phone ? col_text(st, 9) : NULL);
	jw_kbool(w, "can_reveal_contact", v->reveal && !col_null(st, 9));
	jw_kbool(w, "beneficiary_visible", v->identity);
	if (v->identity && col_int(st, 29))
		jw_kint(w, "beneficiary_person_id", col_int(st, 29));
	jw_cols(w, st, JCOLS(demand_place_jcols));
	jw_kstr(w, "address", v->identity ? col_text(st, 16) : NULL);
	jw_cols(w, st, JCOLS(demand_when_jcols));
	jw_kstr(w, "group", demand_group(status, col_int(st, 31), col_int(st, 33), col_int(st, 34),
					 col_int(st, 35), (v->poster || v->beneficiary) && col_int(st, 36) > 0));
	jw_cols(w, st, JCOLS(demand_count_jcols));
	bool open = strcmp(status, "open") == 0;
	jw_kbool(w, "can_edit", (v->staff || v->poster) && open);
	jw_kbool(w, "can_cancel", (v->staff || v->poster) && (open || strcmp(status, "matching") == 0));
	jw_kbool(w, "can_consent", (v->poster || v->beneficiary || v->staff) && col_int(st, 12) == 0);
}

/* One demand with its terms and matches as a JSON object, v already
 * decided. Written aside first: the matches' query reuses the connection
 * while the row is read. */
static int demand_json(struct ctx *c, struct jw *w, int64_t id, const struct dvis *v)
{
	struct sb b = SB_INIT;
	struct jw tw;
	jw_init(&tw, &b);
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT " DEMAND_COLS " FROM xchg_demands d JOIN regions r ON r.id=d.region_id WHERE d.id=?",
			"ii", c->now, id);
	if (rc <= 0) {
		sb_free(&b);
		return rc < 0 ? rc : exchange_not_found(c, "需求", "demand");
	}
	jw_obj(&tw);
	demand_fields(&tw, st, v);
	stmt_done(st);
	jw_key(&tw, "terms");
	if ((rc = exchange_write_terms(c->db, &tw, false, id, c->e)))
		goto done;
	/* Staff and the poster see every match of the demand, a provider
	 * only theirs. */
	struct exchange_match_filter f = {.demand_id = id, .limit = 100};
	int64_t total;
	jw_key(&tw, "matches");
	jw_arr(&tw);
	if ((rc = exchange_matches_list(c->db, c->who, &tw, &f, c->now, &total, c->e)))
		goto done;
	jw_arr_end(&tw);
	jw_obj_end(&tw);
	jw_raw(w, sb_str(&b));
done:
	sb_free(&b);
	return rc;
}

int exchange_demand_write(struct ctx *c, struct jw *w, int64_t id)
{
	struct dcore d;
	struct dvis v;
	int rc = load_for(c, id, D_READ, &d, &v);
	return rc ? rc : demand_json(c, w, id, &v);
}

/* The demands list (store/list.h). The field list shows the demands in
 * the caller's primary grant (or a region inside it); "mine" the ones the
 * caller posted or benefits from. What the caller may see of each row is
 * decided from the row itself: the field list's rows are all inside a
 * field grant (staff), "mine"'s rows are all the caller's own. */
#define URGENCY_RANK "CASE d.urgency WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 ELSE 3 END"
static const struct list_sort demand_sorts[] = {
	{"id", "d.id", false, true},
	{"created_at", "d.created_at", false, true},
	{"urgency", URGENCY_RANK, false, true}, /* 042: with a status, and without */
	{"title", "d.title", true, false},
	{"status", "d.status", true, false},
	EXCHANGE_SORTS_END,
};
static const struct list_spec demand_list = {
	EXCHANGE_LIST_KEYS("d"),
	.table = "xchg_demands d",
	.sorts = demand_sorts, .default_sort = "-id",
	.select = DEMAND_COLS ", coalesce(bp.user_id, 0)",
	.from = "xchg_demands d JOIN regions r ON r.id=d.region_id"
		" LEFT JOIN people bp ON bp.id=d.beneficiary_person_id",
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
	v.staff = !c->p || auth_covers_path(c->p, EXCHANGE_FIELD, col_text(st, 30));
	v.poster = c->p && col_int(st, 7) == uid;
	v.beneficiary = c->p && col_int(st, 37) == uid && uid;
	v.read = v.staff || v.poster || v.beneficiary;
	v.identity = v.phone = v.read;
	v.reveal = c->p && auth_covers_path(c->p, EXCHANGE_STAFF, col_text(st, 30));
	jw_obj(c->w);
	demand_fields(c->w, st, &v);
	jw_key(c->w, "terms");
	int rc = exchange_write_terms(c->db, c->w, false, id, e);
	if (!rc && c->mine) {
		struct exchange_match_filter f = {.demand_id = id, .limit = 100};
		int64_t total;
		jw_key(c->w, "matches");
		jw_arr(c->w);
		rc = exchange_matches_list(c->db, c->p, c->w, &f, c->now, &total, e);
		jw_arr_end(c->w);
	}
	jw_obj_end(c->w);
	return rc;
}

static const struct exchange_posting_list demand_postings = {
	.spec = &demand_list, .service = false,
	.id_col = "d.id", .title_col = "d.title", .desc_col = "d.description", .status_col = "d.status",
	.statuses = exchange_demand_statuses,
	.mine_where = "(d.posted_by = ? OR d.beneficiary_person_id IN (SELECT id FROM people WHERE user_id = ?))",
	.mine_types = "ii", .mine_roles = EXCHANGE_ALL, .select_now = true, .row = demand_row,
};

int exchange_demands_list(struct db *db, const struct principal *p, struct jw *w,
		      const struct exchange_posting_filter *f, int64_t now, int64_t *total, struct err *e)
{
	struct demand_row_ctx ctx = {db, p, w, now, f->mine};
	return exchange_postings_run(db, p, &demand_postings, f, &ctx, now, total, e);
}

/* ---------- writes ---------- */

static int validate(struct ctx *c, const struct exchange_demand_in *in)
{
	int rc = exchange_check_coords(c->e, &in->latitude, &in->longitude);
	if (rc)
		return rc;
	if (in->window_start && in->window_end && in->window_end <= in->window_start)
		return err_set(c->e, ERR_INVALID, "window_end", "结束时间应晚于开始时间",
			       "the window must end after it starts");
	if (in->schedule_mask.has && (in->schedule_mask.v < 0 || in->schedule_mask.v >= (1 << 21)))
		return err_set(c->e, ERR_INVALID, "schedule_mask", "每周时段无效",
			       "schedule_mask must be 21 bits (7 days × morning/afternoon/evening)");
	/* people_needed 0: 1 on create, unchanged on update */
	if (in->people_needed && (in->people_needed < 1 || in->people_needed > 100))
		return err_set(c->e, ERR_INVALID, "people_needed", "所需人数应为 1–100",
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

/* Who the demand is for, as the caller may post it: a resident for
 * themselves (or, by name, a neighbour); staff for anyone, a registry
 * person only within their grants. Fills name, phone and person. */
struct beneficiary {
	const char *name, *phone;
	int64_t person, region_id;
};

static int resident_beneficiary(struct ctx *c, const struct exchange_demand_in *in, struct beneficiary *b)
{
	const struct principal *p = c->who;
	if (!auth_has_role(p, R(ROLE_RESIDENT)))
		return err_set(c->e, ERR_FORBIDDEN, "", "只有居民或社区工作人员可以发布需求",
			       "only residents and community staff post demands");
	/* A resident posts for themselves: their person record (if the
	 * registry links one) is the beneficiary, their grant the place. */
	struct registry_ref own;
	int rc = registry_person_get_own(c->db, p->user_id, &own, c->e);
	if (rc < 0)
		return rc;
	if (rc == 0 && strcmp(own.status, "active") == 0) {
		b->person = own.id;
		b->name = arena_strdup(c->a, own.name);
		b->phone = arena_strdup(c->a, own.mobile);
		b->region_id = own.region_id;
	}
	if (rc == 0)
		registry_ref_free(&own);
	if (!b->name)
		b->name = p->display_name ? p->display_name : "";
	/* Posting for a neighbour or relative: their name and phone as
	 * given, no person record (the registry is staff's to link). */
	bool named = in->beneficiary_name && *in->beneficiary_name;
	if (named) {
		b->name = in->beneficiary_name;
		b->phone = in->beneficiary_phone;
		b->person = 0;
	}
	if (in->beneficiary_person_id && in->beneficiary_person_id != b->person && !named)
		return err_set(c->e, ERR_FORBIDDEN, "beneficiary_person_id", "居民只能为本人发布需求",
			       "a resident posts demands for themselves only");
	return 0;
}

static int staff_beneficiary(struct ctx *c, const struct exchange_demand_in *in, struct beneficiary *b)
{
	b->name = in->beneficiary_name;
	b->phone = in->beneficiary_phone;
	b->person = in->beneficiary_person_id;
	if (!b->person)
		return 0;
	/* The registry's scoped read: a person outside the caller's grants
	 * is refused as GET /people/{id} refuses it. */
	struct registry_ref ref;
	int rc = registry_person_get_scoped(c->db, c->who, b->person, "beneficiary_person_id", &ref, c->e);
	if (rc)
		return rc;
	if (!b->name)
		b->name = arena_strdup(c->a, ref.name);
	if (!b->phone)
		b->phone = arena_strdup(c->a, ref.mobile);
	registry_ref_free(&ref);
	return 0;
}

int exchange_demand_create(struct ctx *c, const void *vin, int64_t *id_out)
{
	const struct exchange_demand_in *in = vin;
	const struct principal *p = c->who;
	struct beneficiary b = {0};
	const char *path = NULL;
	int rc;
	if ((rc = validate(c, in)) || (rc = exchange_check_terms(c, &in->terms)))
		return rc;
	bool resident_only = p && !auth_has_role(p, EXCHANGE_FIELD);
	int64_t region_id = in->region_id;
	if (resident_only) {
		if ((rc = resident_beneficiary(c, in, &b)))
			return rc;
		if (!region_id)
			region_id = b.region_id;
		if (!region_id) {
			const struct grant *g = auth_primary_grant(p, R(ROLE_RESIDENT));
			region_id = g ? g->region_id : 0;
		}
	} else if ((rc = staff_beneficiary(c, in, &b))) {
		return rc;
	}
	if (!region_id)
		return err_set(c->e, ERR_INVALID, "region_id", "请选择需求所在的社区", "region_id is required");
	if ((rc = exchange_region_path(c, region_id, &path)))
		return rc;
	if (p && !auth_covers_path(p, resident_only ? R(ROLE_RESIDENT) : EXCHANGE_FIELD, path))
		return auth_forbidden(c->e);
	int64_t level_ok = 0;
	if ((rc = db_int(c->db, c->e, &level_ok,
			 "SELECT count(*) FROM regions WHERE id=? AND level IN ('community','grid','building')",
			 "i", region_id)) < 0)
		return rc;
	if (!level_ok)
		return err_set(c->e, ERR_RULE, "region_id", "需求应落在社区、网格或楼栋",
			       "a demand belongs to a community, grid or building");
	bool coords = in->latitude.has;
	/* RETURNING: the row is written by the first step. */
	if ((rc = db_int(c->db, c->e, id_out,
		"INSERT INTO xchg_demands (region_id, title, description, kind, source, posted_by,"
		" beneficiary_person_id, beneficiary_name, beneficiary_phone, beneficiary_group, privacy,"
		" consent_at, no_contact, latitude, longitude, address, window_start, window_end, recurrence,"
		" schedule_mask, people_needed, skills, urgency, status, version, created_at, updated_at)"
		" VALUES (?,?,?,?,?,?, CASE WHEN ?=0 THEN NULL ELSE ? END,?,?,?,?, CASE WHEN ?=1 THEN ? ELSE NULL END,"
		" ?, CASE WHEN ?=1 THEN ? END, CASE WHEN ?=1 THEN ? END, ?, CASE WHEN ?=0 THEN NULL ELSE ? END,"
		" CASE WHEN ?=0 THEN NULL ELSE ? END, ?, ?, ?, ?, ?, 'open', 1, ?, ?) RETURNING id",
		"issssiiissssiiiididsiiiisiissii", region_id, in->title,
		in->description ? in->description : "", in->kind ? in->kind : "need",
		source_for(p, path), p ? p->user_id : (int64_t)1, b.person, b.person, b.name, b.phone,
		in->beneficiary_group ? in->beneficiary_group : "general",
		in->privacy ? in->privacy : "private", (int64_t)(in->consent), c->now,
		(int64_t)in->no_contact, (int64_t)coords, in->latitude.v, (int64_t)coords,
		in->longitude.v, in->address, in->window_start, in->window_start, in->window_end,
		in->window_end, in->recurrence ? in->recurrence : "once", in->schedule_mask.v,
		in->people_needed ? in->people_needed : 1, in->skills ? in->skills : "",
		in->urgency ? in->urgency : "normal", c->now, c->now)) < 0)
		return rc;
	if ((rc = exchange_set_terms(c, false, *id_out, &in->terms)))
		return rc;
	return record_created(c, &exchange_demand_kind, *id_out, region_id, NULL);
}

int exchange_demand_update(struct ctx *c, int64_t id, const void *vin)
{
	const struct exchange_demand_in *in = vin;
	struct dcore d;
	struct dvis v;
	int rc;
	if ((rc = load_for(c, id, D_EDIT, &d, &v)) || (rc = validate(c, in)))
		return rc;
	if (in->version != d.rec.version)
		return record_stale(c->e, d.rec.version);
	if (strcmp(d.status, "open") != 0)
		return err_set(c->e, ERR_CONFLICT, "status", "需求已在对接中，不能修改",
			       "the demand is being matched and can no longer be edited");
	if (in->terms.has && (rc = exchange_check_terms(c, &in->terms)))
		return rc;
	if ((rc = record_begin(c, &d.rec, in->version)))
		return rc;
	bool coords = in->latitude.has;
	if ((rc = db_exec(c->db, c->e,
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
			  in->people_needed, in->people_needed, (int64_t)in->schedule_mask.has,
			  in->schedule_mask.v, in->window_start, in->window_start, in->window_end,
			  in->window_end, (int64_t)coords, in->latitude.v, (int64_t)coords, in->longitude.v,
			  c->now, id)))
		return rc;
	if (in->terms.has && (rc = exchange_set_terms(c, false, id, &in->terms)))
		return rc;
	if ((rc = exchange_rule_after(c, id,
				      "SELECT count(*) FROM xchg_demands WHERE id=? AND window_start IS NOT NULL"
				      " AND window_end IS NOT NULL AND window_end <= window_start",
				      ERR_INVALID, "window_end", "结束时间应晚于开始时间",
				      "the window must end after it starts")))
		return rc;
	return record_commit(c, &d.rec, "update");
}

int exchange_demand_cancel(struct ctx *c, int64_t id, const void *unused)
{
	(void)unused;
	struct dcore d;
	struct dvis v;
	int rc = load_for(c, id, D_EDIT, &d, &v);
	if (rc)
		return rc;
	if (strcmp(d.status, "open") != 0 && strcmp(d.status, "matching") != 0)
		return err_setf(c->e, ERR_CONFLICT, "status", "需求状态为 %s，不能撤销",
				"a demand in status %s cannot be cancelled", d.status);
	if ((rc = record_begin(c, &d.rec, -1)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE xchg_matches SET status='cancelled', cancel_reason='demand cancelled', due_at=NULL,"
			  " version=version+1, updated_at=? WHERE demand_id=? AND status='proposed'",
			  "ii", c->now, id)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE xchg_demands SET status='cancelled', version=version+1, updated_at=? WHERE id=?",
			  "ii", c->now, id)))
		return rc;
	return record_commit(c, &d.rec, "cancel");
}

int exchange_demand_consent(struct ctx *c, int64_t id, const void *vin)
{
	const struct exchange_consent_in *in = vin;
	struct dcore d;
	struct dvis v;
	int rc = load_for(c, id, D_CONSENT, &d, &v);
	if (rc || (rc = record_begin(c, &d.rec, -1)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE xchg_demands SET consent_at=CASE WHEN ?=1 THEN coalesce(consent_at, ?) END,"
			  " no_contact=?, version=version+1, updated_at=? WHERE id=?",
			  "iiiii", (int64_t)in->consent, c->now, (int64_t)in->no_contact, c->now, id)))
		return rc;
	return record_commit(c, &d.rec, in->consent ? "consent" : "withdraw_consent");
}

int exchange_demand_reveal(struct ctx *c, int64_t id, const char *purpose, struct jw *w)
{
	struct dcore d;
	struct dvis v;
	int rc = load_for(c, id, D_REVEAL, &d, &v);
	if (rc)
		return rc;
	if ((rc = reveal_purpose_check(purpose, c->e)))
		return rc;
	struct stmt *st;
	struct reveal_field f[] = {{"beneficiary_name", NULL}, {"beneficiary_phone", NULL}};
	if ((rc = db_row(c->db, c->e, &st,
			 "SELECT beneficiary_name, beneficiary_phone FROM xchg_demands WHERE id=?", "i", id)) == 1) {
		f[0].value = arena_strdup(c->a, col_text(st, 0));
		f[1].value = arena_strdup(c->a, col_text(st, 1));
		stmt_done(st);
	}
	if (rc < 0)
		return rc;
	struct sb a = SB_INIT;
	reveal_audit_detail(&a, purpose, f, 2);
	rc = audit_record(c, "xchg_demand.reveal", "xchg_demand", id, d.rec.region_id, NULL, sb_str(&a));
	sb_free(&a);
	if (rc)
		return rc;
	reveal_answer(w, id, f, 2, purpose);
	return 0;
}

int exchange_demand_refresh(struct ctx *c, int64_t demand_id)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT d.status, d.people_needed,"
			" (SELECT count(*) FROM xchg_matches m WHERE m.demand_id=d.id AND m.status IN ('confirmed','rated')),"
			" (SELECT count(*) FROM xchg_matches m WHERE m.demand_id=d.id AND m.status IN ('accepted','delivered','disputed')),"
			" (SELECT count(*) FROM xchg_matches m WHERE m.demand_id=d.id AND m.status='proposed')"
			" FROM xchg_demands d WHERE d.id=?",
			"i", demand_id);
	const char *status = "";
	int64_t need = 0, done = 0, working = 0, proposed = 0;
	if (rc == 1) {
		status = arena_strdup(c->a, col_text(st, 0));
		need = col_int(st, 1);
		done = col_int(st, 2);
		working = col_int(st, 3);
		proposed = col_int(st, 4);
		stmt_done(st);
	}
	if (rc <= 0)
		return rc < 0 ? rc : exchange_not_found(c, "需求", "demand");
	if (strcmp(status, "cancelled") == 0 || strcmp(status, "closed") == 0 ||
	    strcmp(status, "fulfilled") == 0)
		return 0;
	const char *next = done >= need		? "fulfilled"
			   : working + done > 0 ? "in_progress"
			   : proposed > 0	? "matching"
						: "open";
	if (strcmp(next, status) == 0)
		return 0;
	return db_exec(c->db, c->e,
		       "UPDATE xchg_demands SET status=?, fulfilled_at=CASE WHEN ?='fulfilled' THEN ? ELSE fulfilled_at END,"
		       " reopened_at=CASE WHEN ?='open' THEN ? ELSE reopened_at END,"
		       " version=version+1, updated_at=? WHERE id=?",
		       "ssisiii", next, next, c->now, next, c->now, c->now, demand_id);
}
