/*
 * reg_gov_http.c — the HTTP face of the governance records (reg_gov.h):
 * committee members and meetings, incubation, brands, building-leader
 * selection, targets. Handlers parse and validate the body field by field
 * (unknown keys refused), call the logic and write its JSON; the router
 * runs each request in one transaction, so an error writes nothing.
 * Reads admit staff, grid and social workers; writes admit staff; targets
 * are set by town and district admins; published leader lists are public.
 */
#include <jansson.h>
#include <string.h>

#include "auth/auth.h"
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

static int body(struct req *r, json_t **j, const char *const *keys)
{
	int rc = jin_parse_object(r->body, r->body_len, j, &r->err);
	if (rc)
		return rc;
	if ((rc = jin_only(*j, keys, &r->err))) {
		json_decref(*j);
		*j = NULL;
	}
	return rc;
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

static int h_member_create(struct req *r)
{
	static const char *const keys[] = {"community_id", "person_id", "kind", "term_start",
					   "term_end", "note", NULL};
	json_t *j;
	int rc = body(r, &j, keys);
	if (rc)
		return rc;
	struct reg_member_in in = {0};
	int64_t id;
	if ((rc = jin_int(j, "community_id", true, 1, INT64_MAX, &in.community_id, &r->err)) ||
	    (rc = jin_int(j, "person_id", true, 1, INT64_MAX, &in.person_id, &r->err)) ||
	    (rc = jin_enum(j, "kind", true, reg_member_kinds, &in.kind, &r->err)) ||
	    (rc = jin_str(j, "term_start", false, 10, 10, &in.term_start, &r->err)) < 0 ||
	    (rc = jin_str(j, "term_end", false, 10, 10, &in.term_end, &r->err)) < 0 ||
	    (rc = jin_str(j, "note", false, 0, 500, &in.note, &r->err)) < 0 ||
	    (rc = reg_member_appoint(r->db, r->who, &in, r->now, &id, &r->err)))
		goto done;
	r->status = 201;
	rc = reg_member_write(r->db, r->who, &r->jw, id, &r->err);
done:
	json_decref(j);
	return rc;
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

static int h_member_end(struct req *r)
{
	static const char *const keys[] = {"term_end", "version", NULL};
	int64_t id, version;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	json_t *j;
	if ((rc = body(r, &j, keys)))
		return rc;
	const char *end = NULL;
	if ((rc = jin_int(j, "version", true, 1, INT64_MAX, &version, &r->err)) ||
	    (rc = jin_str(j, "term_end", false, 10, 10, &end, &r->err)) < 0 ||
	    (rc = reg_member_end(r->db, r->who, id, end, version, r->now, &r->err)))
		goto done;
	rc = reg_member_write(r->db, r->who, &r->jw, id, &r->err);
done:
	json_decref(j);
	return rc;
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

/* attendance: [{member_id, present}] */
static int parse_attendance(struct req *r, json_t *j, struct reg_attend **out, size_t *n)
{
	json_t *a = json_object_get(j, "attendance");
	*out = NULL;
	*n = 0;
	if (!a)
		return 0;
	if (!json_is_array(a) || json_array_size(a) > 500)
		return err_set(&r->err, ERR_INVALID, "attendance",
			       "attendance 应为 [{member_id, present}] 数组（最多 500 项）",
			       "attendance must be an array of {member_id, present} (at most 500)");
	*n = json_array_size(a);
	*out = arena_alloc(r->arena, (*n ? *n : 1) * sizeof **out);
	static const char *const keys[] = {"member_id", "present", NULL};
	for (size_t i = 0; i < *n; i++) {
		json_t *x = json_array_get(a, i);
		int rc;
		if (!json_is_object(x))
			return err_set(&r->err, ERR_INVALID, "attendance", "attendance 的每一项应为对象",
				       "each attendance entry must be an object");
		if ((rc = jin_only(x, keys, &r->err)) ||
		    (rc = jin_int(x, "member_id", true, 1, INT64_MAX, &(*out)[i].member_id, &r->err)) ||
		    (rc = jin_bool(x, "present", true, &(*out)[i].present, &r->err))) {
			snprintf(r->err.field, sizeof r->err.field, "attendance");
			return rc;
		}
	}
	return 0;
}

static int parse_time(struct req *r, json_t *j, const char *key, int64_t *out)
{
	const char *s = NULL;
	int rc = jin_str(j, key, true, 10, 40, &s, &r->err);
	if (rc)
		return rc;
	if (wtime_parse(s, out))
		return err_setf(&r->err, ERR_INVALID, key, "%s 应为 ISO 8601 时间",
				"%s must be an ISO 8601 time", key);
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

static int h_meeting_create(struct req *r)
{
	static const char *const keys[] = {"community_id", "held_at", "title", "note", "attendance",
					   NULL};
	json_t *j;
	int rc = body(r, &j, keys);
	if (rc)
		return rc;
	struct reg_meeting_in in = {0};
	struct reg_attend *att = NULL;
	int64_t id;
	if ((rc = jin_int(j, "community_id", true, 1, INT64_MAX, &in.community_id, &r->err)) ||
	    (rc = parse_time(r, j, "held_at", &in.held_at)) ||
	    (rc = jin_str(j, "title", true, 1, 100, &in.title, &r->err)) ||
	    (rc = jin_str(j, "note", false, 0, 2000, &in.note, &r->err)) < 0 ||
	    (rc = parse_attendance(r, j, &att, &in.natt)))
		goto done;
	in.att = att;
	if ((rc = reg_meeting_create(r->db, r->who, &in, r->now, &id, &r->err)))
		goto done;
	r->status = 201;
	rc = reg_meeting_write(r->db, r->who, &r->jw, id, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_meeting_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : reg_meeting_write(r->db, r->who, &r->jw, id, &r->err);
}

static int h_meeting_attendance(struct req *r)
{
	static const char *const keys[] = {"attendance", NULL};
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	json_t *j;
	if ((rc = body(r, &j, keys)))
		return rc;
	struct reg_attend *att = NULL;
	size_t n = 0;
	if (!json_object_get(j, "attendance"))
		rc = err_set(&r->err, ERR_INVALID, "attendance", "缺少 attendance", "attendance is required");
	if (rc || (rc = parse_attendance(r, j, &att, &n)) ||
	    (rc = reg_meeting_set_attendance(r->db, r->who, id, att, n, r->now, &r->err)))
		goto done;
	rc = reg_meeting_write(r->db, r->who, &r->jw, id, &r->err);
done:
	json_decref(j);
	return rc;
}

/* ---------- incubation ---------- */

static const char *const stages[] = {"incubating", "filed", "registered", NULL};

static int h_incubation_move(struct req *r)
{
	static const char *const keys[] = {"stage", "note", "reason", NULL};
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	json_t *j;
	if ((rc = body(r, &j, keys)))
		return rc;
	const char *stage = NULL, *note = NULL, *reason = NULL;
	if ((rc = jin_enum(j, "stage", true, stages, &stage, &r->err)) ||
	    (rc = jin_str(j, "note", false, 0, 1000, &note, &r->err)) < 0 ||
	    (rc = jin_str(j, "reason", false, 0, 1000, &reason, &r->err)) < 0 ||
	    (rc = reg_incubation_move(r->db, r->who, id, stage, note, reason, r->now, &r->err)))
		goto done;
	rc = reg_org_incubation_write(r->db, r->who, &r->jw, id, &r->err);
done:
	json_decref(j);
	return rc;
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

static int brand_fields(struct req *r, json_t *j, struct reg_brand_in *in, bool create)
{
	int rc;
	if ((rc = jin_str(j, "name", create, 1, 60, &in->name, &r->err)) < 0 ||
	    (rc = jin_str(j, "description", false, 0, 2000, &in->description, &r->err)) < 0 ||
	    (rc = jin_str(j, "goals", false, 0, 2000, &in->goals, &r->err)) < 0)
		return rc;
	in->has_description = json_object_get(j, "description") != NULL;
	in->has_goals = json_object_get(j, "goals") != NULL;
	return 0;
}

static int h_brand_create(struct req *r)
{
	static const char *const keys[] = {"community_id", "name", "description", "goals", "chosen_on",
					   NULL};
	json_t *j;
	int rc = body(r, &j, keys);
	if (rc)
		return rc;
	struct reg_brand_in in = {0};
	int64_t id;
	if ((rc = jin_int(j, "community_id", true, 1, INT64_MAX, &in.community_id, &r->err)) ||
	    (rc = brand_fields(r, j, &in, true)) ||
	    (rc = jin_str(j, "chosen_on", false, 10, 10, &in.chosen_on, &r->err)) < 0 ||
	    (rc = reg_brand_choose(r->db, r->who, &in, r->now, &id, &r->err)))
		goto done;
	r->status = 201;
	rc = reg_brand_write(r->db, r->who, &r->jw, id, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_brand_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : reg_brand_write(r->db, r->who, &r->jw, id, &r->err);
}

static int h_brand_update(struct req *r)
{
	static const char *const keys[] = {"name", "description", "goals", "version", NULL};
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	json_t *j;
	if ((rc = body(r, &j, keys)))
		return rc;
	struct reg_brand_in in = {0};
	if ((rc = jin_int(j, "version", true, 1, INT64_MAX, &in.version, &r->err)) ||
	    (rc = brand_fields(r, j, &in, false)) ||
	    (rc = reg_brand_update(r->db, r->who, id, &in, r->now, &r->err)))
		goto done;
	rc = reg_brand_write(r->db, r->who, &r->jw, id, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_brand_progress(struct req *r)
{
	static const char *const keys[] = {"done", "percent", "milestones", NULL};
	int64_t id, year;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	if ((rc = req_param_id(r, "year", &year)))
		return err_set(&r->err, ERR_INVALID, "year", "年份无效", "invalid year");
	json_t *j;
	if ((rc = body(r, &j, keys)))
		return rc;
	struct reg_progress_in in = {.year = year};
	char *ms = NULL;
	if ((rc = jin_str(j, "done", true, 1, 4000, &in.done, &r->err)) ||
	    (rc = jin_int(j, "percent", false, 0, 100, &in.percent, &r->err)) < 0)
		goto done;
	in.has_percent = rc == 0;
	rc = 0;
	json_t *m = json_object_get(j, "milestones");
	if (m) {
		if (!json_is_array(m) || json_array_size(m) > 50) {
			rc = err_set(&r->err, ERR_INVALID, "milestones", "milestones 应为字符串数组（最多 50 项）",
				     "milestones must be an array of strings (at most 50)");
			goto done;
		}
		for (size_t i = 0; i < json_array_size(m); i++) {
			json_t *x = json_array_get(m, i);
			if (!json_is_string(x) || json_string_length(x) == 0 ||
			    utf8_chars(json_string_value(x)) > 200) {
				rc = err_set(&r->err, ERR_INVALID, "milestones",
					     "每个里程碑应为 1 到 200 字的文字",
					     "each milestone must be text of 1 to 200 characters");
				goto done;
			}
		}
		ms = json_dumps(m, JSON_COMPACT);
		in.milestones_json = ms ? arena_strdup(r->arena, ms) : NULL;
		free(ms);
	}
	if ((rc = reg_brand_progress_put(r->db, r->who, id, &in, r->now, &r->err)))
		goto done;
	rc = reg_brand_write(r->db, r->who, &r->jw, id, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_community_brand(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : reg_brand_community(r->db, r->who, &r->jw, id, &r->err);
}

/* ---------- building leaders ---------- */

static int parse_weights(struct req *r, json_t *j, struct reg_round_in *in)
{
	json_t *w = json_object_get(j, "weights");
	if (!w)
		return 0;
	if (!json_is_object(w))
		return err_set(&r->err, ERR_INVALID, "weights", "weights 应为对象",
			       "weights must be an object");
	int rc;
	if ((rc = jin_only(w, reg_criteria, &r->err))) {
		snprintf(r->err.field, sizeof r->err.field, "weights");
		return rc;
	}
	for (int i = 0; i < REG_CRIT_N; i++)
		if ((rc = jin_int(w, reg_criteria[i], true, 0, 100, &in->weights[i], &r->err))) {
			snprintf(r->err.field, sizeof r->err.field, "weights");
			return rc;
		}
	in->has_weights = true;
	return reg_weights_check(in->weights, &r->err);
}

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
	static const char *const keys[] = {"compound_id", "title", "weights", NULL};
	json_t *j;
	int rc = body(r, &j, keys);
	if (rc)
		return rc;
	struct reg_round_in in = {0};
	int64_t id;
	if ((rc = jin_int(j, "compound_id", true, 1, INT64_MAX, &in.compound_id, &r->err)) ||
	    (rc = jin_str(j, "title", true, 1, 100, &in.title, &r->err)) ||
	    (rc = parse_weights(r, j, &in)) ||
	    (rc = reg_round_create(r->db, r->who, &in, r->now, &id, &r->err)))
		goto done;
	r->status = 201;
	rc = reg_round_write(r->db, r->who, &r->jw, id, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_round_get(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : reg_round_write(r->db, r->who, &r->jw, id, &r->err);
}

static int h_round_update(struct req *r)
{
	static const char *const keys[] = {"title", "weights", "version", NULL};
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	json_t *j;
	if ((rc = body(r, &j, keys)))
		return rc;
	struct reg_round_in in = {0};
	if ((rc = jin_int(j, "version", true, 1, INT64_MAX, &in.version, &r->err)) ||
	    (rc = jin_str(j, "title", false, 1, 100, &in.title, &r->err)) < 0 ||
	    (rc = parse_weights(r, j, &in)) ||
	    (rc = reg_round_update(r->db, r->who, id, &in, r->now, &r->err)))
		goto done;
	rc = reg_round_write(r->db, r->who, &r->jw, id, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_round_eligible(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : reg_round_eligible(r->db, r->who, &r->jw, id, &r->err);
}

static int h_cand_add(struct req *r)
{
	static const char *const keys[] = {"person_id", "note", NULL};
	int64_t id, person, cid;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	json_t *j;
	if ((rc = body(r, &j, keys)))
		return rc;
	const char *note = NULL;
	if ((rc = jin_int(j, "person_id", true, 1, INT64_MAX, &person, &r->err)) ||
	    (rc = jin_str(j, "note", false, 0, 500, &note, &r->err)) < 0 ||
	    (rc = reg_round_add_candidate(r->db, r->who, id, person, note, r->now, &cid, &r->err)))
		goto done;
	r->status = 201;
	rc = reg_round_write(r->db, r->who, &r->jw, id, &r->err);
done:
	json_decref(j);
	return rc;
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

static int h_cand_scores(struct req *r)
{
	int64_t id, cid;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_param_id(r, "cid", &cid)))
		return rc;
	json_t *j;
	if ((rc = body(r, &j, reg_criteria)))
		return rc;
	int64_t s[REG_CRIT_N];
	for (int i = 0; i < REG_CRIT_N; i++) {
		if (jin_is_null(j, reg_criteria[i])) {
			s[i] = -1;
			continue;
		}
		if ((rc = jin_int(j, reg_criteria[i], true, 0, 100, &s[i], &r->err)))
			goto done;
	}
	if ((rc = reg_round_score(r->db, r->who, id, cid, s, r->now, &r->err)))
		goto done;
	rc = reg_round_write(r->db, r->who, &r->jw, id, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_cand_choose(struct req *r)
{
	static const char *const keys[] = {"chosen", NULL};
	int64_t id, cid;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_param_id(r, "cid", &cid)))
		return rc;
	json_t *j;
	if ((rc = body(r, &j, keys)))
		return rc;
	bool chosen = false;
	if ((rc = jin_bool(j, "chosen", true, &chosen, &r->err)) ||
	    (rc = reg_round_choose(r->db, r->who, id, cid, chosen, r->now, &r->err)))
		goto done;
	rc = reg_round_write(r->db, r->who, &r->jw, id, &r->err);
done:
	json_decref(j);
	return rc;
}

static int h_round_publish(struct req *r)
{
	static const char *const keys[] = {"version", NULL};
	int64_t id, version;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	json_t *j;
	if ((rc = body(r, &j, keys)))
		return rc;
	if ((rc = jin_int(j, "version", true, 1, INT64_MAX, &version, &r->err)) ||
	    (rc = reg_round_publish(r->db, r->who, id, version, r->now, &r->err)))
		goto done;
	rc = reg_round_write(r->db, r->who, &r->jw, id, &r->err);
done:
	json_decref(j);
	return rc;
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

static int h_target_set(struct req *r)
{
	static const char *const keys[] = {"target", NULL};
	int64_t id, target;
	int rc = req_param_id(r, "id", &id);
	if (rc)
		return rc;
	json_t *j;
	if ((rc = body(r, &j, keys)))
		return rc;
	if ((rc = jin_int(j, "target", true, 0, 1000, &target, &r->err)) ||
	    (rc = reg_target_set(r->db, r->who, id, target, r->now, &r->err)))
		goto done;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "community_id", id);
	jw_kint(&r->jw, "target", target);
	jw_obj_end(&r->jw);
done:
	json_decref(j);
	return rc;
}

const struct route reg_gov_routes[] = {
	{"GET", "/api/v1/committee-members", h_members, READ, 0, "part-time committee members in scope"},
	{"POST", "/api/v1/committee-members", h_member_create, EDIT, 0, "appoint a part-time committee member"},
	{"GET", "/api/v1/committee-members/eligible", h_member_eligible, EDIT, 0, "residents who may be appointed"},
	{"GET", "/api/v1/committee-members/{id}", h_member_get, READ, 0, "one committee member"},
	{"POST", "/api/v1/committee-members/{id}/end", h_member_end, EDIT, 0, "end a member's term (needs version)"},
	{"GET", "/api/v1/committee/attendance", h_attendance_report, READ, 0, "monthly attendance and shortfalls, rolled up"},
	{"GET", "/api/v1/meetings", h_meetings, READ, 0, "two-committee meetings in scope"},
	{"POST", "/api/v1/meetings", h_meeting_create, EDIT, 0, "record a meeting with its attendance sheet"},
	{"GET", "/api/v1/meetings/{id}", h_meeting_get, READ, 0, "a meeting with its attendance sheet"},
	{"PUT", "/api/v1/meetings/{id}/attendance", h_meeting_attendance, EDIT, 0, "mark members present/absent"},
	{"GET", "/api/v1/organisations/{id}/incubation", h_incubation_get, READ, 0, "an organisation's incubation stage and history"},
	{"POST", "/api/v1/organisations/{id}/incubation", h_incubation_move, EDIT, 0, "move an organisation's incubation stage"},
	{"GET", "/api/v1/incubation/board", h_incubation_board, READ, 0, "incubation counts per stage per community"},
	{"GET", "/api/v1/incubation/organisations", h_incubation_list, READ, 0, "community social organisations by stage"},
	{"GET", "/api/v1/brands", h_brands, READ, 0, "community brands (一社区一品牌)"},
	{"POST", "/api/v1/brands", h_brand_create, EDIT, 0, "choose a community's brand (retires the current one)"},
	{"GET", "/api/v1/brands/{id}", h_brand_get, READ, 0, "a brand with its yearly progress"},
	{"PATCH", "/api/v1/brands/{id}", h_brand_update, EDIT, 0, "edit the current brand (needs version)"},
	{"PUT", "/api/v1/brands/{id}/progress/{year}", h_brand_progress, EDIT, 0, "record a year's progress"},
	{"GET", "/api/v1/communities/{id}/brand", h_community_brand, READ, 0, "a community's current brand and history"},
	{"GET", "/api/v1/leader-rounds", h_rounds, READ, 0, "building-leader selection rounds"},
	{"POST", "/api/v1/leader-rounds", h_round_create, EDIT, 0, "open a selection round for a compound"},
	{"GET", "/api/v1/leader-rounds/{id}", h_round_get, READ, 0, "a round with ranked candidates"},
	{"PATCH", "/api/v1/leader-rounds/{id}", h_round_update, EDIT, 0, "edit title/weights of a draft round"},
	{"GET", "/api/v1/leader-rounds/{id}/eligible", h_round_eligible, READ, 0, "people of the compound not yet candidates"},
	{"POST", "/api/v1/leader-rounds/{id}/candidates", h_cand_add, EDIT, 0, "add a candidate"},
	{"DELETE", "/api/v1/leader-rounds/{id}/candidates/{cid}", h_cand_remove, EDIT, 0, "remove a candidate"},
	{"PUT", "/api/v1/leader-rounds/{id}/candidates/{cid}/scores", h_cand_scores, EDIT, 0, "score a candidate"},
	{"POST", "/api/v1/leader-rounds/{id}/candidates/{cid}/choose", h_cand_choose, EDIT, 0, "choose or unchoose a candidate"},
	{"POST", "/api/v1/leader-rounds/{id}/publish", h_round_publish, EDIT, 0, "publish the chosen list (公示)"},
	{"GET", "/api/v1/building-leaders/shortfalls", h_leader_shortfalls, READ, 0, "leaders needed vs published per compound"},
	{"GET", "/api/v1/public/building-leaders", h_leaders_public, 0, RT_PUBLIC, "published building-leader lists of a community"},
	{"GET", "/api/v1/targets", h_targets, READ, 0, "targets per community, rolled up per town and district"},
	{"PUT", "/api/v1/targets/{id}", h_target_set, ROLES_ADMIN, 0, "set a community's organisation target"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
