/*
 * reg_gov_http.c — the HTTP face of the governance records (reg_gov.h):
 * committee members and meetings, incubation, brands, building-leader
 * selection, targets. Each body is declared once as a field table (key,
 * type, limits, enum values; core/fields.h) on its route; the handler gets
 * the filled struct from req_body(), calls the logic and writes its JSON.
 * The router runs each request in one transaction, so an error writes
 * nothing.
 * Reads admit staff, grid and social workers; writes admit staff; targets
 * are set by town and district admins; published leader lists are public.
 */
#include <jansson.h>
#include <string.h>

#include "auth/auth.h"
#include "core/fields.h"
#include "core/jsonin.h"
#include "core/wtime.h"
#include "http/http.h"
#include "modules/registry/reg_gov.h"
#include "modules/registry/reg_gov_http.h"
#include "store/store.h"

#define READ ROLES_FIELD
#define EDIT ROLES_STAFF

/* ?region_id=&page=&per_page=&sort= and the plain filters. */
static int list_q(struct req *r, struct reg_list_q *q, struct page *pg)
{
	int rc;
	memset(q, 0, sizeof *q);
	if ((rc = req_page(r, pg)) ||
	    (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &q->region_id)))
		return rc;
	int64_t community = 0;
	if ((rc = req_query_int(r, "community_id", 0, 0, INT64_MAX, &community)))
		return rc;
	if (community)
		q->region_id = community;
	const char *s;
	q->status = (s = req_query(r, "status")) && *s ? s : NULL;
	q->kind = (s = req_query(r, "kind")) && *s ? s : NULL;
	q->stage = (s = req_query(r, "stage")) && *s ? s : NULL;
	q->sort = req_query(r, "sort");
	q->per_page = pg->per_page;
	q->offset = pg->offset;
	return 0;
}

static int month_q(struct req *r, struct reg_month *m)
{
	return reg_month_parse(req_query(r, "month"), r->now, m, &r->err);
}

/* ---------- committee members ---------- */

static int h_members(struct req *r)
{
	struct reg_list_q q;
	struct page pg;
	int64_t total = 0;
	int rc = list_q(r, &q, &pg);
	if (rc)
		return rc;
	if (q.status && strcmp(q.status, "active") != 0 && strcmp(q.status, "left") != 0)
		return err_set(&r->err, ERR_INVALID, "status", "状态应为 active 或 left",
			       "status must be active or left");
	if (q.kind) {
		bool ok = false;
		for (int i = 0; reg_member_kinds[i]; i++)
			ok |= strcmp(q.kind, reg_member_kinds[i]) == 0;
		if (!ok)
			return err_set(&r->err, ERR_INVALID, "kind",
				       "委员类别应为 entrepreneur/social_worker/senior_advisor/nonregistered",
				       "kind must be entrepreneur, social_worker, senior_advisor or nonregistered");
	}
	resp_list_begin(r);
	if ((rc = reg_member_list(r->db, r->who, &r->jw, &q, &total, &r->err)))
		return rc;
	resp_list_end(r, total, &pg);
	return 0;
}

static const struct field member_fields[] = {
	FLD_INT(struct reg_member_in, community_id, FLD_REQ, 1, INT64_MAX),
	FLD_INT(struct reg_member_in, person_id, FLD_REQ, 1, INT64_MAX),
	FLD_ENUM(struct reg_member_in, kind, FLD_REQ, reg_member_kinds),
	FLD_DATE(struct reg_member_in, term_start, 0),
	FLD_DATE(struct reg_member_in, term_end, 0),
	FLD_STR(struct reg_member_in, note, 0, 0, 500),
	FLD_END,
};

static int h_member_create(struct req *r)
{
	struct reg_member_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_body(r, &in)) || (rc = reg_member_appoint(r->db, r->who, &in, r->now, &id, &r->err)))
		return rc;
	r->status = 201;
	return reg_member_write(r->db, r->who, &r->jw, id, &r->err);
}

static int h_member_eligible(struct req *r)
{
	int64_t community;
	int rc = req_query_int(r, "community_id", 0, 0, INT64_MAX, &community);
	if (rc)
		return rc;
	if (!community)
		return err_set(&r->err, ERR_INVALID, "community_id", "缺少 community_id",
			       "community_id is required");
	return reg_member_eligible(r->db, r->who, &r->jw, community, &r->err);
}

static int h_member_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : reg_member_write(r->db, r->who, &r->jw, id, &r->err);
}

struct member_end_in {
	int64_t version;
	const char *term_end;
};
static const struct field member_end_fields[] = {
	FLD_INT(struct member_end_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_DATE(struct member_end_in, term_end, 0),
	FLD_END,
};

static int h_member_end(struct req *r)
{
	struct member_end_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = reg_member_end(r->db, r->who, id, in.term_end, in.version, r->now, &r->err)))
		return rc;
	return reg_member_write(r->db, r->who, &r->jw, id, &r->err);
}

static int h_attendance_report(struct req *r)
{
	struct reg_month m;
	int64_t region;
	int rc;
	if ((rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region)) || (rc = month_q(r, &m)))
		return rc;
	return reg_attendance_report(r->db, r->who, &r->jw, region, &m, &r->err);
}

/* ---------- meetings ---------- */

/* attendance: [{member_id, present}], at most 500 */
struct attendance {
	struct reg_attend *v;
	size_t n;
};

static int read_attendance(json_t *a, const char *key, void *dst, struct arena *arena,
			   struct err *e)
{
	struct attendance *out = dst;
	if (!json_is_array(a) || json_array_size(a) > 500)
		return err_set(e, ERR_INVALID, key, "attendance 应为 [{member_id, present}] 数组（最多 500 项）",
			       "attendance must be an array of {member_id, present} (at most 500)");
	static const struct field entry[] = {
		FLD_INT(struct reg_attend, member_id, FLD_REQ, 1, INT64_MAX),
		FLD_BOOL(struct reg_attend, present, FLD_REQ),
		FLD_END,
	};
	out->n = json_array_size(a);
	out->v = arena_alloc(arena, (out->n ? out->n : 1) * sizeof *out->v);
	for (size_t i = 0; i < out->n; i++) {
		json_t *x = json_array_get(a, i);
		if (!json_is_object(x))
			return err_set(e, ERR_INVALID, key, "attendance 的每一项应为对象",
				       "each attendance entry must be an object");
		int rc = fields_read(x, entry, FIELDS_CREATE, &out->v[i], arena, e);
		if (rc) {
			snprintf(e->field, sizeof e->field, "%s", key);
			return rc;
		}
	}
	return 0;
}

static int h_meetings(struct req *r)
{
	struct reg_list_q q;
	struct page pg;
	struct reg_month m;
	int64_t total = 0;
	int rc = list_q(r, &q, &pg);
	if (rc)
		return rc;
	const char *ms = req_query(r, "month");
	bool has_month = ms && *ms;
	if (has_month && (rc = month_q(r, &m)))
		return rc;
	resp_list_begin(r);
	if ((rc = reg_meeting_list(r->db, r->who, &r->jw, &q, has_month ? &m : NULL, &total, &r->err)))
		return rc;
	resp_list_end(r, total, &pg);
	return 0;
}

struct meeting_body {
	int64_t community_id, held_at;
	const char *title, *note;
	struct attendance attendance;
};
static const struct field meeting_fields[] = {
	FLD_INT(struct meeting_body, community_id, FLD_REQ, 1, INT64_MAX),
	FLD_TIME(struct meeting_body, held_at, FLD_REQ),
	FLD_STR(struct meeting_body, title, FLD_REQ, 1, 100),
	FLD_STR(struct meeting_body, note, 0, 0, 2000),
	FLD_CUSTOM(struct meeting_body, attendance, 0, read_attendance),
	FLD_END,
};

static int h_meeting_create(struct req *r)
{
	struct meeting_body b = {0};
	int64_t id;
	int rc = req_body(r, &b);
	if (rc)
		return rc;
	struct reg_meeting_in in = {.community_id = b.community_id, .held_at = b.held_at,
				    .title = b.title, .note = b.note,
				    .att = b.attendance.v, .natt = b.attendance.n};
	if ((rc = reg_meeting_create(r->db, r->who, &in, r->now, &id, &r->err)))
		return rc;
	r->status = 201;
	return reg_meeting_write(r->db, r->who, &r->jw, id, &r->err);
}

static int h_meeting_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : reg_meeting_write(r->db, r->who, &r->jw, id, &r->err);
}

struct attendance_body {
	struct attendance attendance;
};
static const struct field attendance_fields[] = {
	FLD_CUSTOM(struct attendance_body, attendance, FLD_REQ, read_attendance),
	FLD_END,
};

static int h_meeting_attendance(struct req *r)
{
	struct attendance_body b = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &b)) ||
	    (rc = reg_meeting_set_attendance(r->db, r->who, id, b.attendance.v, b.attendance.n, r->now,
					     &r->err)))
		return rc;
	return reg_meeting_write(r->db, r->who, &r->jw, id, &r->err);
}

/* ---------- incubation ---------- */

static const char *const stages[] = {"incubating", "filed", "registered", NULL};

struct incubation_body {
	const char *stage, *note, *reason;
};
static const struct field incubation_fields[] = {
	FLD_ENUM(struct incubation_body, stage, FLD_REQ, stages),
	FLD_STR(struct incubation_body, note, 0, 0, 1000),
	FLD_STR(struct incubation_body, reason, 0, 0, 1000),
	FLD_END,
};

static int h_incubation_move(struct req *r)
{
	struct incubation_body b = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &b)) ||
	    (rc = reg_incubation_move(r->db, r->who, id, b.stage, b.note, b.reason, r->now, &r->err)))
		return rc;
	return reg_org_incubation_write(r->db, r->who, &r->jw, id, &r->err);
}

static int h_incubation_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : reg_org_incubation_write(r->db, r->who, &r->jw, id, &r->err);
}

static int h_incubation_board(struct req *r)
{
	int64_t region;
	int rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region);
	return rc ? rc : reg_incubation_board(r->db, r->who, &r->jw, region, &r->err);
}

static int h_incubation_list(struct req *r)
{
	struct reg_list_q q;
	struct page pg;
	int64_t total = 0;
	int rc = list_q(r, &q, &pg);
	if (rc)
		return rc;
	resp_list_begin(r);
	if ((rc = reg_incubation_list(r->db, r->who, &r->jw, &q, &total, &r->err)))
		return rc;
	resp_list_end(r, total, &pg);
	return 0;
}

/* ---------- brands ---------- */

static int h_brands(struct req *r)
{
	struct reg_list_q q;
	struct page pg;
	int64_t total = 0;
	int rc = list_q(r, &q, &pg);
	if (rc)
		return rc;
	resp_list_begin(r);
	if ((rc = reg_brand_list(r->db, r->who, &r->jw, &q, &total, &r->err)))
		return rc;
	resp_list_end(r, total, &pg);
	return 0;
}

/* One table for choosing (create) and editing (update) a brand. */
static const struct field brand_fields[] = {
	FLD_INT(struct reg_brand_in, community_id, FLD_REQ_CREATE | FLD_CREATE_ONLY, 1, INT64_MAX),
	FLD_INT(struct reg_brand_in, version, FLD_REQ_UPDATE | FLD_UPDATE_ONLY, 1, INT64_MAX),
	FLD_STR(struct reg_brand_in, name, FLD_REQ_CREATE, 1, 60),
	FLD_STR_HAS(struct reg_brand_in, description, has_description, 0, 0, 2000),
	FLD_STR_HAS(struct reg_brand_in, goals, has_goals, 0, 0, 2000),
	FLD_DATE(struct reg_brand_in, chosen_on, FLD_CREATE_ONLY),
	FLD_END,
};

static int h_brand_create(struct req *r)
{
	struct reg_brand_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_body(r, &in)) || (rc = reg_brand_choose(r->db, r->who, &in, r->now, &id, &r->err)))
		return rc;
	r->status = 201;
	return reg_brand_write(r->db, r->who, &r->jw, id, &r->err);
}

static int h_brand_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : reg_brand_write(r->db, r->who, &r->jw, id, &r->err);
}

static int h_brand_update(struct req *r)
{
	struct reg_brand_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = reg_brand_update(r->db, r->who, id, &in, r->now, &r->err)))
		return rc;
	return reg_brand_write(r->db, r->who, &r->jw, id, &r->err);
}

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
	FLD_STR(struct reg_progress_in, done, FLD_REQ, 1, 4000),
	FLD_INT_HAS(struct reg_progress_in, percent, has_percent, 0, 0, 100),
	{"milestones", FT_CUSTOM, 0, offsetof(struct reg_progress_in, milestones_json), -1, 0, 0, NULL, read_milestones},
	FLD_END,
};

static int h_brand_progress(struct req *r)
{
	int64_t id, year;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	if ((rc = req_param_id(r, "year", &year)))
		return err_set(&r->err, ERR_INVALID, "year", "年份无效", "invalid year");
	struct reg_progress_in in = {.year = year};
	if ((rc = req_body(r, &in)) ||
	    (rc = reg_brand_progress_put(r->db, r->who, id, &in, r->now, &r->err)))
		return rc;
	return reg_brand_write(r->db, r->who, &r->jw, id, &r->err);
}

static int h_community_brand(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : reg_brand_community(r->db, r->who, &r->jw, id, &r->err);
}

/* ---------- building leaders ---------- */

/* weights: {attitude, credibility, appeal, expression, participation}, each 0–100,
 * all five, summing to 100 (reg_weights_check). */
static int read_weights(json_t *w, const char *key, void *dst, struct arena *a, struct err *e)
{
	(void)a;
	int64_t *weights = dst;
	if (!json_is_object(w))
		return err_set(e, ERR_INVALID, key, "weights 应为对象", "weights must be an object");
	int rc = jin_only(w, reg_criteria, e);
	for (int i = 0; !rc && i < REG_CRIT_N; i++)
		rc = jin_int(w, reg_criteria[i], true, 0, 100, &weights[i], e);
	if (rc) {
		snprintf(e->field, sizeof e->field, "%s", key);
		return rc;
	}
	return reg_weights_check(weights, e);
}

/* One table for opening (create) and editing (update) a round. */
static const struct field round_fields[] = {
	FLD_INT(struct reg_round_in, version, FLD_REQ_UPDATE | FLD_UPDATE_ONLY, 1, INT64_MAX),
	FLD_INT(struct reg_round_in, compound_id, FLD_REQ_CREATE | FLD_CREATE_ONLY, 1, INT64_MAX),
	FLD_STR(struct reg_round_in, title, FLD_REQ_CREATE, 1, 100),
	FLD_CUSTOM_HAS(struct reg_round_in, weights, has_weights, 0, read_weights),
	FLD_END,
};

static int h_rounds(struct req *r)
{
	struct reg_list_q q;
	struct page pg;
	int64_t total = 0;
	int rc = list_q(r, &q, &pg);
	if (rc)
		return rc;
	resp_list_begin(r);
	if ((rc = reg_round_list(r->db, r->who, &r->jw, &q, &total, &r->err)))
		return rc;
	resp_list_end(r, total, &pg);
	return 0;
}

static int h_round_create(struct req *r)
{
	struct reg_round_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_body(r, &in)) || (rc = reg_round_create(r->db, r->who, &in, r->now, &id, &r->err)))
		return rc;
	r->status = 201;
	return reg_round_write(r->db, r->who, &r->jw, id, &r->err);
}

static int h_round_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : reg_round_write(r->db, r->who, &r->jw, id, &r->err);
}

static int h_round_update(struct req *r)
{
	struct reg_round_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = reg_round_update(r->db, r->who, id, &in, r->now, &r->err)))
		return rc;
	return reg_round_write(r->db, r->who, &r->jw, id, &r->err);
}

static int h_round_eligible(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : reg_round_eligible(r->db, r->who, &r->jw, id, &r->err);
}

struct cand_body {
	int64_t person_id;
	const char *note;
};
static const struct field cand_fields[] = {
	FLD_INT(struct cand_body, person_id, FLD_REQ, 1, INT64_MAX),
	FLD_STR(struct cand_body, note, 0, 0, 500),
	FLD_END,
};

static int h_cand_add(struct req *r)
{
	struct cand_body b = {0};
	int64_t id, cid;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &b)) ||
	    (rc = reg_round_add_candidate(r->db, r->who, id, b.person_id, b.note, r->now, &cid, &r->err)))
		return rc;
	r->status = 201;
	return reg_round_write(r->db, r->who, &r->jw, id, &r->err);
}

static int h_cand_remove(struct req *r)
{
	int64_t id, cid;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_param_id(r, "cid", &cid)) ||
	    (rc = reg_round_remove_candidate(r->db, r->who, id, cid, r->now, &r->err)))
		return rc;
	return reg_round_write(r->db, r->who, &r->jw, id, &r->err);
}

/* One score per criterion (reg_criteria), 0–100, every key present; null
 * leaves a criterion unscored. The keys come from the logic's list, so this
 * body stays hand-read. */
static int h_cand_scores(struct req *r)
{
	int64_t id, cid, s[REG_CRIT_N];
	int rc;
	json_t *j;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_param_id(r, "cid", &cid)) ||
	    (rc = jin_parse_object(r->body, r->body_len, &j, &r->err)))
		return rc;
	rc = jin_only(j, reg_criteria, &r->err);
	for (int i = 0; !rc && i < REG_CRIT_N; i++)
		if (jin_is_null(j, reg_criteria[i]))
			s[i] = -1;
		else
			rc = jin_int(j, reg_criteria[i], true, 0, 100, &s[i], &r->err);
	json_decref(j);
	if (rc || (rc = reg_round_score(r->db, r->who, id, cid, s, r->now, &r->err)))
		return rc;
	return reg_round_write(r->db, r->who, &r->jw, id, &r->err);
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
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_param_id(r, "cid", &cid)) ||
	    (rc = req_body(r, &b)) ||
	    (rc = reg_round_choose(r->db, r->who, id, cid, b.chosen, r->now, &r->err)))
		return rc;
	return reg_round_write(r->db, r->who, &r->jw, id, &r->err);
}

static int h_round_publish(struct req *r)
{
	struct req_version b = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &b)) ||
	    (rc = reg_round_publish(r->db, r->who, id, b.version, r->now, &r->err)))
		return rc;
	return reg_round_write(r->db, r->who, &r->jw, id, &r->err);
}

static int h_leader_shortfalls(struct req *r)
{
	int64_t region;
	int rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region);
	return rc ? rc : reg_leader_shortfalls(r->db, r->who, &r->jw, region, &r->err);
}

static int h_leaders_public(struct req *r)
{
	int64_t community;
	int rc = req_query_int(r, "community_id", 0, 0, INT64_MAX, &community);
	if (rc)
		return rc;
	if (!community)
		return err_set(&r->err, ERR_INVALID, "community_id", "缺少 community_id",
			       "community_id is required");
	return reg_leaders_public(r->db, &r->jw, community, &r->err);
}

/* ---------- targets ---------- */

static int h_targets(struct req *r)
{
	struct reg_month m;
	int64_t region;
	int rc;
	if ((rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region)) || (rc = month_q(r, &m)))
		return rc;
	return reg_targets_report(r->db, r->who, &r->jw, region, &m, &r->err);
}

struct target_body {
	int64_t target;
};
static const struct field target_fields[] = {
	FLD_INT(struct target_body, target, FLD_REQ, 0, 1000),
	FLD_END,
};

static int h_target_set(struct req *r)
{
	struct target_body b = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &b)) ||
	    (rc = reg_target_set(r->db, r->who, id, b.target, r->now, &r->err)))
		return rc;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "community_id", id);
	jw_kint(&r->jw, "target", b.target);
	jw_obj_end(&r->jw);
	return 0;
}

const struct route reg_gov_routes[] = {
	{"GET", "/api/v1/committee-members", h_members, READ, 0, "part-time committee members in scope"},
	{"POST", "/api/v1/committee-members", h_member_create, EDIT, 0, "appoint a part-time committee member", member_fields, FIELDS_CREATE},
	{"GET", "/api/v1/committee-members/eligible", h_member_eligible, EDIT, 0, "residents who may be appointed"},
	{"GET", "/api/v1/committee-members/{id}", h_member_get, READ, 0, "one committee member"},
	{"POST", "/api/v1/committee-members/{id}/end", h_member_end, EDIT, 0, "end a member's term (needs version)", member_end_fields, FIELDS_UPDATE},
	{"GET", "/api/v1/committee/attendance", h_attendance_report, READ, 0, "monthly attendance and shortfalls, rolled up"},
	{"GET", "/api/v1/meetings", h_meetings, READ, 0, "two-committee meetings in scope"},
	{"POST", "/api/v1/meetings", h_meeting_create, EDIT, 0, "record a meeting with its attendance sheet", meeting_fields, FIELDS_CREATE},
	{"GET", "/api/v1/meetings/{id}", h_meeting_get, READ, 0, "a meeting with its attendance sheet"},
	{"PUT", "/api/v1/meetings/{id}/attendance", h_meeting_attendance, EDIT, 0, "mark members present/absent", attendance_fields, FIELDS_UPDATE},
	{"GET", "/api/v1/organisations/{id}/incubation", h_incubation_get, READ, 0, "an organisation's incubation stage and history"},
	{"POST", "/api/v1/organisations/{id}/incubation", h_incubation_move, EDIT, 0, "move an organisation's incubation stage", incubation_fields, FIELDS_CREATE},
	{"GET", "/api/v1/incubation/board", h_incubation_board, READ, 0, "incubation counts per stage per community"},
	{"GET", "/api/v1/incubation/organisations", h_incubation_list, READ, 0, "community social organisations by stage"},
	{"GET", "/api/v1/brands", h_brands, READ, 0, "community brands (一社区一品牌)"},
	{"POST", "/api/v1/brands", h_brand_create, EDIT, 0, "choose a community's brand (retires the current one)", brand_fields, FIELDS_CREATE},
	{"GET", "/api/v1/brands/{id}", h_brand_get, READ, 0, "a brand with its yearly progress"},
	{"PATCH", "/api/v1/brands/{id}", h_brand_update, EDIT, 0, "edit the current brand (needs version)", brand_fields, FIELDS_UPDATE},
	{"PUT", "/api/v1/brands/{id}/progress/{year}", h_brand_progress, EDIT, 0, "record a year's progress", progress_fields, FIELDS_CREATE},
	{"GET", "/api/v1/communities/{id}/brand", h_community_brand, READ, 0, "a community's current brand and history"},
	{"GET", "/api/v1/leader-rounds", h_rounds, READ, 0, "building-leader selection rounds"},
	{"POST", "/api/v1/leader-rounds", h_round_create, EDIT, 0, "open a selection round for a compound", round_fields, FIELDS_CREATE},
	{"GET", "/api/v1/leader-rounds/{id}", h_round_get, READ, 0, "a round with ranked candidates"},
	{"PATCH", "/api/v1/leader-rounds/{id}", h_round_update, EDIT, 0, "edit title/weights of a draft round", round_fields, FIELDS_UPDATE},
	{"GET", "/api/v1/leader-rounds/{id}/eligible", h_round_eligible, READ, 0, "people of the compound not yet candidates"},
	{"POST", "/api/v1/leader-rounds/{id}/candidates", h_cand_add, EDIT, 0, "add a candidate", cand_fields, FIELDS_CREATE},
	{"DELETE", "/api/v1/leader-rounds/{id}/candidates/{cid}", h_cand_remove, EDIT, 0, "remove a candidate"},
	{"PUT", "/api/v1/leader-rounds/{id}/candidates/{cid}/scores", h_cand_scores, EDIT, 0, "score a candidate"},
	{"POST", "/api/v1/leader-rounds/{id}/candidates/{cid}/choose", h_cand_choose, EDIT, 0, "choose or unchoose a candidate", choose_fields, FIELDS_CREATE},
	{"POST", "/api/v1/leader-rounds/{id}/publish", h_round_publish, EDIT, 0, "publish the chosen list (公示)", req_version_fields, FIELDS_UPDATE},
	{"GET", "/api/v1/building-leaders/shortfalls", h_leader_shortfalls, READ, 0, "leaders needed vs published per compound"},
	{"GET", "/api/v1/public/building-leaders", h_leaders_public, 0, RT_PUBLIC, "published building-leader lists of a community"},
	{"GET", "/api/v1/targets", h_targets, READ, 0, "targets per community, rolled up per town and district"},
	{"PUT", "/api/v1/targets/{id}", h_target_set, ROLES_ADMIN, 0, "set a community's organisation target", target_fields, FIELDS_UPDATE},
	{NULL, NULL, NULL, 0, 0, NULL},
};
