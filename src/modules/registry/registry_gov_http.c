/*
 * registry_gov_http.c — the HTTP face of the governance records (registry_gov.h):
 * committee members and meetings, incubation, brands, building-leader
 * selection, targets. The route table is most of the file: each body is a
 * field table (core/fields.h), reads, creates, edits and actions on one
 * record go through the generic handlers of http/resource.h, and lists run
 * on store/list.h (the same query parameters for every governance list).
 * The handlers left are the ones with a shape of their own: a second path
 * parameter ({cid}, {year}), a body keyed by the logic's criteria, reports
 * by region and month. The router runs each request in one transaction, so
 * an error writes nothing.
 * Reads admit staff, grid and social workers; writes admit staff; targets
 * are set by town and district admins; published leader lists are public.
 */
#include <jansson.h>
#include <string.h>

#include "auth/auth.h"
#include "core/fields.h"
#include "core/jsonin.h"
#include "http/http.h"
#include "http/res_routes.h"
#include "http/resource.h"
#include "modules/registry/registry_gov.h"
#include "modules/registry/registry_gov_http.h"
#include "store/list.h"

#define READ ROLES_FIELD
#define EDIT ROLES_STAFF

/* A resource over body type T: create, update and write as http/resource.h. */
#define GOV_RES(T, create_, update_, write_) {.in_size = sizeof(T), .create = create_, .update = update_, .write = write_}
/* An id (1 and up) and the version an update names. */
#define GOV_FLD_ID(T, f, flags) FLD_INT(T, f, flags, 1, INT64_MAX)
#define GOV_FLD_VERSION(T) GOV_FLD_ID(T, version, FLD_REQ_UPDATE | FLD_UPDATE_ONLY)

/* Routes of the table below, by what they do with a resource rs: its
 * list (handler list), its creation by a field table and one record; an
 * edit of one record; an action (act_) on one; a read through rs. */
#define GOV_RESOURCE(path, list, fields, rs, what_list, what_create, what_one) \
	{"GET", path, list, READ, 0, what_list},                                 \
	RES_ROUTES_CREATE_GET(path, rs, fields, EDIT, what_create, READ, what_one)
#define GOV_PATCH(path, fields, rs, what) RES_ROUTE_UPDATE(path, rs, fields, EDIT, what)
#define GOV_ACTION(method, path, roles, fields, mode, rs, act_, what) \
	{method, path, res_action, roles, 0, what, fields, mode, rs, .act = act_}
#define GOV_GET(path, rs, what) {"GET", path, res_get, READ, 0, what, .res = rs}

/* ---------- lists and reports ---------- */

typedef int (*gov_list_fn)(struct ctx *c, struct jw *w, const struct registry_list_q *q,
			   struct list_result *res);

/* ?region_id= (or community_id=) &status= &kind= &stage= &month= &sort=
 * &cursor= &page= &per_page=: every governance list reads the same
 * parameters; the logic turns those it knows into filters. */
static int gov_list(struct req *r, gov_list_fn fn)
{
	struct registry_list_q q = {0};
	struct registry_month month;
	struct page pg;
	int64_t community = 0;
	int rc;
	if ((rc = req_page(r, &pg)) ||
	    (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &q.region_id)) ||
	    (rc = req_query_int(r, "community_id", 0, 0, INT64_MAX, &community)))
		return rc;
	if (community)
		q.region_id = community;
	const char *s;
	q.status = (s = req_query(r, "status")) && *s ? s : NULL;
	q.kind = (s = req_query(r, "kind")) && *s ? s : NULL;
	q.stage = (s = req_query(r, "stage")) && *s ? s : NULL;
	q.sort = req_query(r, "sort");
	q.cursor = req_query(r, "cursor");
	if ((s = req_query(r, "month")) && *s) {
		if ((rc = registry_month_parse(s, r->now, &month, &r->err)))
			return rc;
		q.month = &month;
	}
	q.page = pg.page;
	q.per_page = pg.per_page;
	struct list_result res = {0};
	size_t mark = r->out.len;
	resp_list_begin(r);
	if ((rc = fn(&r->cx, &r->jw, &q, &res))) {
		r->out.len = mark; /* the router renders the error instead */
		return rc;
	}
	resp_list_done(r, &res, &pg);
	return 0;
}

static int h_members(struct req *r) { return gov_list(r, registry_member_list); }
static int h_meetings(struct req *r) { return gov_list(r, registry_meeting_list); }
static int h_incubation_list(struct req *r) { return gov_list(r, registry_incubation_list); }
static int h_brands(struct req *r) { return gov_list(r, registry_brand_list); }
static int h_rounds(struct req *r) { return gov_list(r, registry_round_list); }

/* ?region_id=&month=: a roll-up of a region for a month. */
static int gov_report(struct req *r, int (*fn)(struct ctx *, struct jw *, int64_t, const struct registry_month *))
{
	struct registry_month m;
	int64_t region;
	int rc;
	if ((rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region)) ||
	    (rc = registry_month_parse(req_query(r, "month"), r->now, &m, &r->err)))
		return rc;
	return fn(&r->cx, &r->jw, region, &m);
}

static int h_attendance_report(struct req *r) { return gov_report(r, registry_attendance_report); }
static int h_targets(struct req *r) { return gov_report(r, registry_targets_report); }

typedef int (*gov_read_fn)(struct ctx *c, struct jw *w, int64_t id);

/* ?region_id= (0: the caller's root). */
static int gov_region(struct req *r, gov_read_fn fn)
{
	int64_t region;
	int rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region);
	return rc ? rc : fn(&r->cx, &r->jw, region);
}

static int h_incubation_board(struct req *r) { return gov_region(r, registry_incubation_board); }
static int h_leader_shortfalls(struct req *r) { return gov_region(r, registry_leader_shortfalls); }

/* ?community_id=, required. */
static int gov_community(struct req *r, gov_read_fn fn)
{
	int64_t community;
	int rc = req_query_int(r, "community_id", 0, 0, INT64_MAX, &community);
	if (rc)
		return rc;
	if (!community)
		return err_set(&r->err, ERR_INVALID, "community_id", "缺少 community_id",
			       "community_id is required");
	return fn(&r->cx, &r->jw, community);
}

static int h_member_eligible(struct req *r) { return gov_community(r, registry_member_eligible); }
static int h_leaders_public(struct req *r) { return gov_community(r, registry_leaders_public); }

/* ---------- committee members and meetings ---------- */

static const struct resource member_res =
	GOV_RES(struct registry_member_in, registry_member_appoint, NULL, registry_member_write);
static const struct field member_fields[] = {
	GOV_FLD_ID(struct registry_member_in, community_id, FLD_REQ),
	GOV_FLD_ID(struct registry_member_in, person_id, FLD_REQ),
	FLD_ENUM(struct registry_member_in, kind, FLD_REQ, registry_member_kinds),
	FLD_DATE(struct registry_member_in, term_start, 0),
	FLD_DATE(struct registry_member_in, term_end, 0),
	FLD_STR(struct registry_member_in, note, 0, 0, 500),
	FLD_END,
};

static const struct resource member_end_res = GOV_RES(struct registry_member_end_in, NULL, NULL, registry_member_write);
static const struct field member_end_fields[] = {
	GOV_FLD_ID(struct registry_member_end_in, version, FLD_REQ),
	FLD_DATE(struct registry_member_end_in, term_end, 0),
	FLD_END,
};

/* attendance: [{member_id, present}], at most 500 */
static int read_attendance(json_t *a, const char *key, void *dst, struct arena *arena,
			   struct err *e)
{
	struct registry_attendance *out = dst;
	if (!json_is_array(a) || json_array_size(a) > 500)
		return err_set(e, ERR_INVALID, key, "attendance 应为 [{member_id, present}] 数组（最多 500 项）",
			       "attendance must be an array of {member_id, present} (at most 500)");
	static const struct field entry[] = {
		GOV_FLD_ID(struct registry_attend, member_id, FLD_REQ),
		FLD_BOOL(struct registry_attend, present, FLD_REQ),
		FLD_END,
	};
	struct registry_attend *v = arena_alloc(arena, (json_array_size(a) ? json_array_size(a) : 1) * sizeof *v);
	out->v = v;
	out->n = json_array_size(a);
	for (size_t i = 0; i < out->n; i++) {
		json_t *x = json_array_get(a, i);
		if (!json_is_object(x))
			return err_set(e, ERR_INVALID, key, "attendance 的每一项应为对象",
				       "each attendance entry must be an object");
		int rc = fields_read(x, entry, FIELDS_CREATE, &v[i], arena, e);
		if (rc) {
			snprintf(e->field, sizeof e->field, "%s", key);
			return rc;
		}
	}
	return 0;
}

static const struct resource meeting_res =
	GOV_RES(struct registry_meeting_in, registry_meeting_create, NULL, registry_meeting_write);
static const struct field meeting_fields[] = {
	GOV_FLD_ID(struct registry_meeting_in, community_id, FLD_REQ),
	FLD_TIME(struct registry_meeting_in, held_at, FLD_REQ),
	FLD_STR(struct registry_meeting_in, title, FLD_REQ, 1, 100),
	FLD_STR(struct registry_meeting_in, note, 0, 0, 2000),
	FLD_CUSTOM(struct registry_meeting_in, attendance, 0, read_attendance),
	FLD_END,
};
/* PUT …/attendance: the sheet alone. */
static const struct field attendance_fields[] = {
	FLD_CUSTOM(struct registry_meeting_in, attendance, FLD_REQ, read_attendance),
	FLD_END,
};

/* ---------- incubation ---------- */

static const struct resource incubation_res =
	GOV_RES(struct registry_incubation_in, NULL, NULL, registry_org_incubation_write);
static const struct field incubation_fields[] = {
	FLD_ENUM(struct registry_incubation_in, stage, FLD_REQ, registry_incubation_stages),
	FLD_STR(struct registry_incubation_in, note, 0, 0, 1000),
	FLD_STR(struct registry_incubation_in, reason, 0, 0, 1000),
	FLD_END,
};

/* ---------- brands ---------- */

static const struct resource brand_res =
	GOV_RES(struct registry_brand_in, registry_brand_choose, registry_brand_update, registry_brand_write);
/* One table for choosing (create) and editing (update) a brand. */
static const struct field brand_fields[] = {
	GOV_FLD_ID(struct registry_brand_in, community_id, FLD_REQ_CREATE | FLD_CREATE_ONLY),
	GOV_FLD_VERSION(struct registry_brand_in),
	FLD_STR(struct registry_brand_in, name, FLD_REQ_CREATE, 1, 60),
	FLD_STR_HAS(struct registry_brand_in, description, has_description, 0, 0, 2000),
	FLD_STR_HAS(struct registry_brand_in, goals, has_goals, 0, 0, 2000),
	FLD_DATE(struct registry_brand_in, chosen_on, FLD_CREATE_ONLY),
	FLD_END,
};
/* GET /communities/{id}/brand: the community's brand and its history. */
static const struct resource community_brand_res = {.write = registry_brand_community};

/* milestones: an array of at most 50 texts of 1–200 characters, kept as JSON. */
static int read_milestones(json_t *m, const char *key, void *dst, struct arena *a, struct err *e)
{
	if (!json_is_array(m) || json_array_size(m) > 50)
		return err_set(e, ERR_INVALID, key, "milestones 应为字符串数组（最多 50 项）",
			       "milestones must be an array of strings (at most 50)");
	for (size_t i = 0; i < json_array_size(m); i++) {
		json_t *x = json_array_get(m, i);
		if (!json_is_string(x) || json_string_length(x) == 0 ||
		    utf8_chars(json_string_value(x)) > 200)
			return err_set(e, ERR_INVALID, key, "每个里程碑应为 1 到 200 字的文字",
				       "each milestone must be text of 1 to 200 characters");
	}
	char *ms = json_dumps(m, JSON_COMPACT);
	if (!ms)
		return err_set(e, ERR_INTERNAL, key, "内存不足", "out of memory");
	*(const char **)dst = arena_strdup(a, ms);
	free(ms);
	return 0;
}

static const struct field progress_fields[] = {
	FLD_STR(struct registry_progress_in, done, FLD_REQ, 1, 4000),
	FLD_INT_HAS(struct registry_progress_in, percent, has_percent, 0, 0, 100),
	{"milestones", FT_CUSTOM, 0, offsetof(struct registry_progress_in, milestones_json), -1, 0, 0, NULL, read_milestones},
	FLD_END,
};

/* PUT /brands/{id}/progress/{year} */
static int h_brand_progress(struct req *r)
{
	int64_t id, year;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	if ((rc = req_param_id(r, "year", &year)))
		return err_set(&r->err, ERR_INVALID, "year", "年份无效", "invalid year");
	struct registry_progress_in in = {.year = year};
	if ((rc = req_body(r, &in)) || (rc = registry_brand_progress_put(&r->cx, id, &in)))
		return rc;
	return registry_brand_write(&r->cx, &r->jw, id);
}

/* ---------- building leaders ---------- */

/* weights: {attitude, credibility, appeal, expression, participation}, each 0–100,
 * all five, summing to 100 (registry_weights_check). */
static int read_weights(json_t *w, const char *key, void *dst, struct arena *a, struct err *e)
{
	(void)a;
	int64_t *weights = dst;
	if (!json_is_object(w))
		return err_set(e, ERR_INVALID, key, "weights 应为对象", "weights must be an object");
	int rc = jin_only(w, registry_criteria, e);
	for (int i = 0; !rc && i < REGISTRY_CRIT_N; i++)
		rc = jin_int(w, registry_criteria[i], true, 0, 100, &weights[i], e);
	if (rc) {
		snprintf(e->field, sizeof e->field, "%s", key);
		return rc;
	}
	return registry_weights_check(weights, e);
}

static const struct resource round_res =
	GOV_RES(struct registry_round_in, registry_round_create, registry_round_update, registry_round_write);
/* One table for opening (create) and editing (update) a round. */
static const struct field round_fields[] = {
	GOV_FLD_VERSION(struct registry_round_in),
	GOV_FLD_ID(struct registry_round_in, compound_id, FLD_REQ_CREATE | FLD_CREATE_ONLY),
	FLD_STR(struct registry_round_in, title, FLD_REQ_CREATE, 1, 100),
	FLD_CUSTOM_HAS(struct registry_round_in, weights, has_weights, 0, read_weights),
	FLD_END,
};
static const struct resource round_publish_res = GOV_RES(struct registry_version_in, NULL, NULL, registry_round_write);
/* GET /leader-rounds/{id}/eligible */
static const struct resource round_eligible_res = {.write = registry_round_eligible};

struct cand_body {
	int64_t person_id;
	const char *note;
};
static const struct field cand_fields[] = {
	GOV_FLD_ID(struct cand_body, person_id, FLD_REQ),
	FLD_STR(struct cand_body, note, 0, 0, 500),
	FLD_END,
};

/* POST /leader-rounds/{id}/candidates: 201 with the round. */
static int h_cand_add(struct req *r)
{
	struct cand_body b = {0};
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (rc || (rc = req_body(r, &b)) ||
	    (rc = registry_round_add_candidate(&r->cx, id, b.person_id, b.note, NULL)))
		return rc;
	r->status = 201;
	return registry_round_write(&r->cx, &r->jw, id);
}

/* The round {id} and its candidate {cid}. */
static int round_cand(struct req *r, int64_t *id, int64_t *cid)
{
	int rc = req_param_id(r, "id", id);
	return rc ? rc : req_param_id(r, "cid", cid);
}

static int h_cand_remove(struct req *r)
{
	int64_t id, cid;
	int rc;
	if ((rc = round_cand(r, &id, &cid)) || (rc = registry_round_remove_candidate(&r->cx, id, cid)))
		return rc;
	return registry_round_write(&r->cx, &r->jw, id);
}

/* One score per criterion (registry_criteria), 0–100, every key present; null
 * leaves a criterion unscored. The keys come from the logic's list, so this
 * body stays hand-read. */
static int h_cand_scores(struct req *r)
{
	int64_t id, cid, s[REGISTRY_CRIT_N];
	int rc;
	json_t *j;
	if ((rc = round_cand(r, &id, &cid)) || (rc = jin_parse_object(r->body, r->body_len, &j, &r->err)))
		return rc;
	rc = jin_only(j, registry_criteria, &r->err);
	for (int i = 0; !rc && i < REGISTRY_CRIT_N; i++)
		if (jin_is_null(j, registry_criteria[i]))
			s[i] = -1;
		else
			rc = jin_int(j, registry_criteria[i], true, 0, 100, &s[i], &r->err);
	json_decref(j);
	if (rc || (rc = registry_round_score(&r->cx, id, cid, s)))
		return rc;
	return registry_round_write(&r->cx, &r->jw, id);
}

struct choose_body {
	bool chosen;
};
static const struct field choose_fields[] = {
	FLD_BOOL(struct choose_body, chosen, FLD_REQ),
	FLD_END,
};

static int h_cand_choose(struct req *r)
{
	struct choose_body b = {0};
	int64_t id, cid;
	int rc;
	if ((rc = round_cand(r, &id, &cid)) || (rc = req_body(r, &b)) ||
	    (rc = registry_round_choose(&r->cx, id, cid, b.chosen)))
		return rc;
	return registry_round_write(&r->cx, &r->jw, id);
}

/* ---------- targets ---------- */

static const struct resource target_res = GOV_RES(struct registry_target_in, NULL, NULL, registry_target_write);
static const struct field target_fields[] = {
	FLD_INT(struct registry_target_in, target, FLD_REQ, 0, 1000),
	FLD_END,
};

const struct route registry_gov_routes[] = {
	{"GET", "/api/v1/committee-members", h_members, READ, 0, "part-time committee members in scope"},
	{"POST", "/api/v1/committee-members", res_create, EDIT, 0, "appoint a part-time committee member",
	 member_fields, FIELDS_CREATE, &member_res},
	{"GET", "/api/v1/committee-members/eligible", h_member_eligible, EDIT, 0, "residents who may be appointed"},
	GOV_GET("/api/v1/committee-members/{id}", &member_res, "one committee member"),
	GOV_ACTION("POST", "/api/v1/committee-members/{id}/end", EDIT, member_end_fields, FIELDS_UPDATE,
		   &member_end_res, registry_member_end, "end a member's term (needs version)"),
	{"GET", "/api/v1/committee/attendance", h_attendance_report, READ, 0, "monthly attendance and shortfalls, rolled up"},
	GOV_RESOURCE("/api/v1/meetings", h_meetings, meeting_fields, &meeting_res, "two-committee meetings in scope",
		     "record a meeting with its attendance sheet", "a meeting with its attendance sheet"),
	GOV_ACTION("PUT", "/api/v1/meetings/{id}/attendance", EDIT, attendance_fields, FIELDS_UPDATE, &meeting_res,
		   registry_meeting_set_attendance, "mark members present/absent"),
	GOV_GET("/api/v1/organisations/{id}/incubation", &incubation_res, "an organisation's incubation stage and history"),
	GOV_ACTION("POST", "/api/v1/organisations/{id}/incubation", EDIT, incubation_fields, FIELDS_CREATE,
		   &incubation_res, registry_incubation_move, "move an organisation's incubation stage"),
	{"GET", "/api/v1/incubation/board", h_incubation_board, READ, 0, "incubation counts per stage per community"},
	{"GET", "/api/v1/incubation/organisations", h_incubation_list, READ, 0, "community social organisations by stage"},
	GOV_RESOURCE("/api/v1/brands", h_brands, brand_fields, &brand_res, "community brands (一社区一品牌)",
		     "choose a community's brand (retires the current one)", "a brand with its yearly progress"),
	GOV_PATCH("/api/v1/brands", brand_fields, &brand_res, "edit the current brand (needs version)"),
	{"PUT", "/api/v1/brands/{id}/progress/{year}", h_brand_progress, EDIT, 0, "record a year's progress",
	 progress_fields, FIELDS_CREATE},
	GOV_GET("/api/v1/communities/{id}/brand", &community_brand_res, "a community's current brand and history"),
	GOV_RESOURCE("/api/v1/leader-rounds", h_rounds, round_fields, &round_res, "building-leader selection rounds",
		     "open a selection round for a compound", "a round with ranked candidates"),
	GOV_PATCH("/api/v1/leader-rounds", round_fields, &round_res, "edit title/weights of a draft round"),
	GOV_GET("/api/v1/leader-rounds/{id}/eligible", &round_eligible_res, "people of the compound not yet candidates"),
	{"POST", "/api/v1/leader-rounds/{id}/candidates", h_cand_add, EDIT, 0, "add a candidate", cand_fields, FIELDS_CREATE},
	{"DELETE", "/api/v1/leader-rounds/{id}/candidates/{cid}", h_cand_remove, EDIT, 0, "remove a candidate"},
	{"PUT", "/api/v1/leader-rounds/{id}/candidates/{cid}/scores", h_cand_scores, EDIT, 0, "score a candidate"},
	{"POST", "/api/v1/leader-rounds/{id}/candidates/{cid}/choose", h_cand_choose, EDIT, 0, "choose or unchoose a candidate",
	 choose_fields, FIELDS_CREATE},
	GOV_ACTION("POST", "/api/v1/leader-rounds/{id}/publish", EDIT, req_version_fields, FIELDS_UPDATE,
		   &round_publish_res, registry_round_publish, "publish the chosen list (公示)"),
	{"GET", "/api/v1/building-leaders/shortfalls", h_leader_shortfalls, READ, 0, "leaders needed vs published per compound"},
	{"GET", "/api/v1/public/building-leaders", h_leaders_public, 0, RT_PUBLIC, "published building-leader lists of a community"},
	{"GET", "/api/v1/targets", h_targets, READ, 0, "targets per community, rolled up per town and district"},
	GOV_ACTION("PUT", "/api/v1/targets/{id}", ROLES_ADMIN, target_fields, FIELDS_UPDATE, &target_res,
		   registry_target_set, "set a community's organisation target"),
	{NULL, NULL, NULL, 0, 0, NULL},
};
