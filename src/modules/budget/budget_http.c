/*
 * budget_http.c — participatory budgets' routes (budget.h). Handlers read
 * the request and call the logic; a route on one budget or project checks
 * the caller may see it before it reads the body, so a call outside the
 * caller's scope is 403/404 whatever it sends.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "http/http.h"
#include "modules/budget/budget.h"
#include "modules/budget/budget_http.h"
#include "modules/budget/pb_internal.h"
#include "modules/funds/funds.h"
#include "modules/grants/grants.h"
#include "store/jcols.h"
#include "store/row.h"
#include "store/store.h"

#define UPD (FLD_REQ_UPDATE | FLD_UPDATE_ONLY)
#define NEW (FLD_REQ_CREATE | FLD_CREATE_ONLY)

/* ---------- budgets ---------- */

#define B struct pb_budget_in
static const struct field budget_fields[] = {
	FLD_INT(B, version, UPD, 1, INT64_MAX),
	FLD_INT(B, region_id, NEW, 1, INT64_MAX),
	FLD_INT(B, fund_id, 0, 0, INT64_MAX),
	FLD_STR(B, title, FLD_REQ, 2, 100),
	FLD_STR(B, description, 0, 0, 2000),
	FLD_INT(B, total_fen, FLD_REQ, 100, 100000000000LL),
	FLD_ENUM(B, rule, FLD_REQ, pb_rules),
	FLD_INT(B, max_projects, 0, 0, 1000),
	FLD_INT(B, min_projects, 0, 0, 1000),
	FLD_INT(B, min_share_pct, 0, 0, 100),
	FLD_BOOL(B, part_fund, 0),
	FLD_INT(B, min_supports, 0, 0, 1000000),
	FLD_TIME(B, proposals_from, 0),
	FLD_TIME(B, proposals_to, 0),
	FLD_TIME(B, review_from, 0),
	FLD_TIME(B, review_to, 0),
	FLD_TIME(B, support_from, 0),
	FLD_TIME(B, support_to, 0),
	FLD_TIME(B, voting_from, 0),
	FLD_TIME(B, voting_to, 0),
	FLD_TIME(B, results_at, 0),
	FLD_TIME(B, execution_from, 0),
	FLD_END,
};
#undef B

static int write_budget_brief(struct req *r, struct stmt *st)
{
	struct jw *w = &r->jw;
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 0));
	jw_kint(w, "region_id", col_int(st, 1));
	jw_kstr(w, "region_name", col_text(st, 2));
	jw_kstr(w, "title", col_text(st, 3));
	jw_kint(w, "total_fen", col_int(st, 4));
	jw_kstr(w, "rule", col_text(st, 5));
	jw_kstr(w, "phase", col_text(st, 6));
	jw_ktime(w, "voting_from", col_null(st, 7) ? 0 : col_int(st, 7));
	jw_ktime(w, "voting_to", col_null(st, 8) ? 0 : col_int(st, 8));
	jw_kint(w, "projects", col_int(st, 9));
	jw_kint(w, "ballots", col_int(st, 10));
	jw_kint(w, "funded_fen", col_int(st, 11));
	jw_kbool(w, "can_manage", auth_covers_path(r->who, ROLES_STAFF, col_text(st, 12)));
	jw_obj_end(w);
	return 0;
}

/* The budgets the caller may see (few per community: walked whole), newest
 * first; ?phase, ?region_id. */
static int h_budgets(struct req *r)
{
	static const char *const params[] = {"page", "per_page", "phase", "region_id", NULL};
	struct page pg;
	int64_t region_id;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_page(r, &pg)) ||
	    (rc = req_query_int(r, "region_id", 0, 0, INT64_MAX, &region_id)))
		return rc;
	const char *phase = req_query_nonempty(r, "phase");
	if (phase && pb_phase_index(phase) < 0)
		return err_set(&r->err, ERR_INVALID, "phase", "没有这个阶段", "no such phase");
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT b.id, b.region_id, g.name, b.title, b.total_fen, b.rule, b.phase, b.voting_from,"
			       " b.voting_to, (SELECT count(*) FROM pb_projects p WHERE p.budget_id=b.id AND p.status<>'withdrawn'),"
			       " b.ballots, b.funded_fen, g.path"
			       " FROM pb_budgets b JOIN regions g ON g.id=b.region_id ORDER BY b.id DESC",
			       "");
	if (!st)
		return r->err.code;
	resp_list_begin(r);
	int64_t total = 0;
	while ((rc = stmt_step(st, &r->err)) == 1) {
		if (!auth_covers_path(r->who, ROLES_ANY, col_text(st, 12)))
			continue;
		if (phase && strcmp(phase, col_text(st, 6)))
			continue;
		if (region_id && region_id != col_int(st, 1))
			continue;
		if (total >= pg.offset && total < pg.offset + pg.per_page)
			write_budget_brief(r, st);
		total++;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	resp_list_end(r, total, &pg);
	return 0;
}

static int write_milestones(struct req *r, int64_t project_id, int64_t *progress)
{
	struct jw *w = &r->jw;
	int64_t sum = 0, n = 0;
	int rc;
	struct stmt *st = db_q(r->db, &r->err, "SELECT id FROM pb_milestones WHERE project_id=? ORDER BY due_date, id", "i",
			       project_id);
	if (!st)
		return r->err.code;
	int64_t ids[200];
	int k = 0;
	while (k < 200 && (rc = stmt_step(st, &r->err)) == 1)
		ids[k++] = col_int(st, 0);
	stmt_done(st);
	jw_key(w, "milestones");
	jw_arr(w);
	for (int i = 0; i < k; i++) {
		jw_obj(w);
		if ((rc = record_write_cols(&r->cx, &pb_milestone_kind, w, ids[i])))
			return rc;
		jw_obj_end(w);
	}
	jw_arr_end(w);
	if ((rc = db_int(r->db, &r->err, &sum, "SELECT coalesce(sum(progress), 0) FROM pb_milestones WHERE project_id=?", "i",
			 project_id)) < 0 ||
	    (rc = db_int(r->db, &r->err, &n, "SELECT count(*) FROM pb_milestones WHERE project_id=?", "i", project_id)) < 0)
		return rc;
	*progress = n ? sum / n : 0;
	return 0;
}

struct proj_ref {
	int64_t id;
	uint64_t key;
	int64_t rank;
};
static int by_key(const void *a, const void *b)
{
	const struct proj_ref *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static const struct jcol override_cols[] = {
	{"id", 0, JC_INT}, {"project_id", 1, JC_INT}, {"project_title", 2, JC_TEXT}, {"action", 3, JC_TEXT},
	{"reason", 4, JC_TEXT}, {"created_by_name", 5, JC_TEXT}, {"created_at", 6, JC_TIME},
};

static int write_budget(struct req *r, int64_t id)
{
	struct ctx *c = &r->cx;
	struct jw *w = &r->jw;
	struct pb_head h;
	bool staff;
	int64_t voter = 0;
	int rc;
	if ((rc = pb_budget_visible(c, id, &staff)) || (rc = pb_head_load(c, id, &h)) || (rc = pb_voter(c, id, &voter)))
		return rc;
	bool shown = h.phase_i >= pb_phase_index("results");
	bool voting = !strcmp(h.phase, "voting");
	jw_obj(w);
	if ((rc = record_write_cols(c, &pb_budget_kind, w, id)))
		return rc;
	jw_kbool(w, "can_manage", staff);
	jw_kbool(w, "voter", voter != 0);
	jw_kbool(w, "voting_open", voting && (!h.voting_to || r->now < h.voting_to) &&
					   (!h.voting_from || r->now >= h.voting_from));
	jw_kbool(w, "results_shown", shown);
	/* the fund that pays, as far as the caller may read it */
	jw_key(w, "fund");
	struct fund_head fh;
	if (h.fund_id && fund_load(c, h.fund_id, 0, &fh) == 0) {
		jw_obj(w);
		jw_kint(w, "id", fh.id);
		jw_kstr(w, "name", fh.name);
		jw_kstr(w, "kind", fh.kind);
		jw_obj_end(w);
	} else {
		err_clear(&r->err);
		jw_null(w);
	}
	/* the caller's ballot and supports */
	int64_t ballot = 0;
	if (voter && (rc = db_int(r->db, &r->err, &ballot, "SELECT id FROM pb_ballots WHERE budget_id=? AND person_id=?",
				  "ii", id, voter)) < 0)
		return rc;
	jw_key(w, "my_ballot");
	if (ballot) {
		jw_obj(w);
		if ((rc = record_write_cols(c, &pb_ballot_kind, w, ballot)))
			return rc;
		jw_key(w, "project_ids");
		jw_arr(w);
		struct stmt *st = db_q(r->db, &r->err, "SELECT project_id FROM pb_ballot_items WHERE ballot_id=? ORDER BY project_id",
				       "i", ballot);
		if (!st)
			return r->err.code;
		while ((rc = stmt_step(st, &r->err)) == 1)
			jw_int(w, col_int(st, 0));
		stmt_done(st);
		if (rc < 0)
			return rc;
		jw_arr_end(w);
		jw_obj_end(w);
	} else {
		jw_null(w);
	}
	jw_key(w, "my_supports");
	jw_arr(w);
	if (voter) {
		struct stmt *st = db_q(r->db, &r->err, "SELECT project_id FROM pb_supports WHERE budget_id=? AND person_id=?"
						       " ORDER BY project_id", "ii", id, voter);
		if (!st)
			return r->err.code;
		while ((rc = stmt_step(st, &r->err)) == 1)
			jw_int(w, col_int(st, 0));
		stmt_done(st);
		if (rc < 0)
			return rc;
	}
	jw_arr_end(w);
	/* the projects: a voter's own order while voting, the rank once the
	 * results are out, else the order they came in */
	int64_t n = 0;
	if ((rc = db_int(r->db, &r->err, &n, "SELECT count(*) FROM pb_projects WHERE budget_id=? AND status<>'withdrawn'",
			 "i", id)) < 0)
		return rc;
	struct proj_ref *refs = arena_alloc(r->arena, sizeof *refs * (size_t)(n ? n : 1));
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT p.id, coalesce(x.rank, 0) FROM pb_projects p LEFT JOIN pb_results x"
			       " ON x.budget_id=p.budget_id AND x.project_id=p.id WHERE p.budget_id=? AND p.status<>'withdrawn'"
			       " ORDER BY p.id",
			       "i", id);
	if (!st)
		return r->err.code;
	int k = 0;
	while (k < n && (rc = stmt_step(st, &r->err)) == 1) {
		refs[k].id = col_int(st, 0);
		refs[k].rank = col_int(st, 1);
		if (voting)
			refs[k].key = pb_shuffle_key(id, voter ? voter : -(r->who ? r->who->user_id : 0), refs[k].id);
		else if (shown && refs[k].rank)
			refs[k].key = (uint64_t)refs[k].rank;
		else
			refs[k].key = (uint64_t)1 << 62; /* after the ranked, by id */
		k++;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	qsort(refs, (size_t)k, sizeof *refs, by_key);
	jw_key(w, "projects");
	jw_arr(w);
	for (int i = 0; i < k; i++) {
		jw_obj(w);
		if ((rc = record_write_cols(c, &pb_project_kind, w, refs[i].id)))
			return rc;
		int64_t cost = 0, sup = 0;
		char *status = NULL;
		if ((rc = db_int(r->db, &r->err, &cost, "SELECT supports FROM pb_projects WHERE id=?", "i", refs[i].id)) < 0 ||
		    (rc = db_text(r->db, &r->err, r->arena, &status, "SELECT status FROM pb_projects WHERE id=?", "i",
				  refs[i].id)) < 0)
			return rc;
		sup = cost;
		jw_kbool(w, "on_ballot", !strcmp(status, "feasible") && sup >= h.min_supports);
		int64_t proposer = 0;
		if ((rc = db_int(r->db, &r->err, &proposer, "SELECT coalesce(proposer_user_id, 0) FROM pb_projects WHERE id=?",
				 "i", refs[i].id)) < 0)
			return rc;
		jw_kbool(w, "mine", r->who && proposer == r->who->user_id);
		jw_key(w, "result");
		struct stmt *rs = NULL;
		if (shown && (rc = db_row(r->db, &r->err, &rs,
					  "SELECT rank, votes, outcome, funded_fen, remaining_fen FROM pb_results"
					  " WHERE budget_id=? AND project_id=?",
					  "ii", id, refs[i].id)) < 0)
			return rc;
		if (rs) {
			jw_obj(w);
			jw_kint(w, "rank", col_int(rs, 0));
			jw_kint(w, "votes", col_int(rs, 1));
			jw_kstr(w, "outcome", col_text(rs, 2));
			jw_kint(w, "funded_fen", col_int(rs, 3));
			jw_kint(w, "remaining_fen", col_int(rs, 4));
			jw_obj_end(w);
			stmt_done(rs);
		} else {
			jw_null(w);
		}
		/* the grant a winner became: granted, paid, spent */
		int64_t grant = 0;
		if ((rc = db_int(r->db, &r->err, &grant, "SELECT coalesce(grant_id, 0) FROM pb_projects WHERE id=?", "i",
				 refs[i].id)) < 0)
			return rc;
		struct grant_summary gs;
		jw_key(w, "grant");
		if (grant && grant_summary_get(c, grant, &gs) == 0) {
			jw_obj(w);
			jw_kint(w, "id", gs.id);
			jw_kstr(w, "status", gs.status);
			jw_kint(w, "amount", gs.amount);
			jw_kint(w, "paid", gs.paid);
			jw_kint(w, "spent", gs.spent);
			jw_kint(w, "tranches", gs.tranches);
			jw_kint(w, "tranches_paid", gs.tranches_paid);
			jw_obj_end(w);
		} else {
			err_clear(&r->err);
			jw_null(w);
		}
		int64_t progress = 0;
		if ((rc = write_milestones(r, refs[i].id, &progress)))
			return rc;
		jw_kint(w, "progress", progress);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	/* the overrides, each with its reason, oldest first */
	jw_key(w, "overrides");
	jw_arr(w);
	st = db_q(r->db, &r->err,
		  "SELECT o.id, o.project_id, p.title, o.action, o.reason, o.created_by_name, o.created_at"
		  " FROM pb_overrides o JOIN pb_projects p ON p.id=o.project_id WHERE o.budget_id=? ORDER BY o.id",
		  "i", id);
	if (!st)
		return r->err.code;
	rc = jw_rows(w, st, JCOLS(override_cols), &r->err);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

static int h_budget(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : write_budget(r, id);
}

static int h_budget_add(struct req *r)
{
	struct pb_budget_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_body(r, &in)) || (rc = pb_budget_create(&r->cx, &in, &id)))
		return rc;
	r->status = 201;
	return write_budget(r, id);
}

/* The caller may see the budget, and (staff) organise it. */
static int budget_scope(struct req *r, int64_t id, bool need_staff)
{
	bool staff;
	int rc = pb_budget_visible(&r->cx, id, &staff);
	if (rc)
		return rc;
	return need_staff && !staff ? auth_forbidden(&r->err) : 0;
}

static int h_budget_change(struct req *r)
{
	struct pb_budget_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = budget_scope(r, id, true)) || (rc = req_body(r, &in)) ||
	    (rc = pb_budget_update(&r->cx, id, &in)))
		return rc;
	return write_budget(r, id);
}

struct phase_in {
	const char *phase;
	int64_t version;
};
static const struct field phase_fields[] = {
	FLD_ENUM(struct phase_in, phase, FLD_REQ, pb_phases),
	FLD_INT(struct phase_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};

static int h_phase(struct req *r)
{
	struct phase_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = budget_scope(r, id, true)) || (rc = req_body(r, &in)) ||
	    (rc = pb_budget_phase(&r->cx, id, in.phase, in.version)))
		return rc;
	return write_budget(r, id);
}

struct fund_in {
	int64_t fund_id, version;
};
static const struct field fund_fields[] = {
	FLD_INT(struct fund_in, fund_id, FLD_REQ, 1, INT64_MAX),
	FLD_INT(struct fund_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};

static int h_fund(struct req *r)
{
	struct fund_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = budget_scope(r, id, true)) || (rc = req_body(r, &in)) ||
	    (rc = pb_budget_set_fund(&r->cx, id, in.fund_id, in.version)))
		return rc;
	return write_budget(r, id);
}

static int h_tally(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = budget_scope(r, id, true)) || (rc = pb_budget_tally(&r->cx, id)))
		return rc;
	return write_budget(r, id);
}

/* ---------- projects ---------- */

static const struct field project_fields[] = {
	FLD_STR(struct pb_project_in, title, FLD_REQ, 2, 100),
	FLD_STR(struct pb_project_in, description, 0, 0, 2000),
	FLD_STR(struct pb_project_in, location, 0, 0, 100),
	FLD_INT(struct pb_project_in, cost_fen, FLD_REQ, 100, 100000000000LL),
	FLD_END,
};

static int write_project(struct req *r, int64_t id)
{
	return resp_record(r, &pb_project_kind, id);
}

static int h_propose(struct req *r)
{
	struct pb_project_in in = {0};
	int64_t bid, id;
	int rc;
	if ((rc = req_param_id(r, "id", &bid)) || (rc = budget_scope(r, bid, false)) || (rc = req_body(r, &in)) ||
	    (rc = pb_project_propose(&r->cx, bid, &in, &id)))
		return rc;
	r->status = 201;
	return write_project(r, id);
}

/* A project's budget, visible to the caller (organised by them). */
static int project_scope(struct req *r, int64_t id, bool need_staff)
{
	struct record rec;
	return record_load(&r->cx, &pb_project_kind, id, need_staff ? ROLES_STAFF : 0, &rec);
}

struct review_in {
	bool feasible;
	const char *reason;
	int64_t cost_fen, version;
};
static const struct field review_fields[] = {
	FLD_BOOL(struct review_in, feasible, FLD_REQ),
	FLD_STR(struct review_in, reason, 0, 0, 500),
	FLD_INT(struct review_in, cost_fen, 0, 0, 100000000000LL),
	FLD_INT(struct review_in, version, FLD_REQ, 1, INT64_MAX),
	FLD_END,
};

static int h_review(struct req *r)
{
	struct review_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = project_scope(r, id, true)) || (rc = req_body(r, &in)) ||
	    (rc = pb_project_review(&r->cx, id, in.feasible, in.reason, in.cost_fen, in.version)))
		return rc;
	return write_project(r, id);
}

static int h_withdraw(struct req *r)
{
	struct req_version in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = project_scope(r, id, false)) || (rc = req_body(r, &in)) ||
	    (rc = pb_project_withdraw(&r->cx, id, in.version)))
		return rc;
	return write_project(r, id);
}

static int h_support(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = pb_project_support(&r->cx, id)))
		return rc;
	r->status = 201;
	return write_project(r, id);
}

/* ---------- ballots ---------- */

#define PB_MAX_CHOICES 500
struct ballot_in {
	int64_t ids[PB_MAX_CHOICES];
	int n;
	bool has_ids;
};
static int read_ids(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	(void)a;
	struct ballot_in *in = (struct ballot_in *)((char *)dst - offsetof(struct ballot_in, ids));
	if (!json_is_array(v) || json_array_size(v) > PB_MAX_CHOICES)
		return err_setf(e, ERR_INVALID, key, "%s 应为项目编号数组（最多 %d 个）",
				"%s must be an array of at most %d project ids", key, PB_MAX_CHOICES);
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		if (!json_is_integer(x) || json_integer_value(x) < 1)
			return err_setf(e, ERR_INVALID, key, "%s 应为正整数数组", "%s must hold positive integers", key);
		in->ids[in->n++] = json_integer_value(x);
	}
	return 0;
}
/* The JSON key is project_ids (the member is ids). */
static const struct field ballot_fields_named[] = {
	{"project_ids", FT_CUSTOM, FLD_REQ, offsetof(struct ballot_in, ids), offsetof(struct ballot_in, has_ids), 0, 0,
	 NULL, read_ids},
	FLD_END,
};

static int h_ballot(struct req *r)
{
	struct ballot_in *in = arena_alloc(r->arena, sizeof *in);
	int64_t id, ballot;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = budget_scope(r, id, false)) || (rc = req_body(r, in)) ||
	    (rc = pb_ballot_cast(&r->cx, id, in->ids, in->n, &ballot)))
		return rc;
	return write_budget(r, id);
}

/* ---------- overrides ---------- */

struct override_in {
	int64_t project_id;
	const char *action, *reason;
};
static const struct field override_fields[] = {
	FLD_INT(struct override_in, project_id, FLD_REQ, 1, INT64_MAX),
	FLD_ENUM(struct override_in, action, FLD_REQ, pb_override_actions),
	FLD_STR(struct override_in, reason, FLD_REQ, 2, 500),
	FLD_END,
};

static int h_override(struct req *r)
{
	struct override_in in = {0};
	int64_t id, oid;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = budget_scope(r, id, true)) || (rc = req_body(r, &in)) ||
	    (rc = pb_override_add(&r->cx, id, in.project_id, in.action, in.reason, &oid)))
		return rc;
	r->status = 201;
	return write_budget(r, id);
}

/* ---------- milestones ---------- */

#define M struct pb_milestone_in
static const struct field milestone_fields[] = {
	FLD_INT(M, version, UPD, 1, INT64_MAX),
	FLD_STR(M, title, FLD_REQ_CREATE, 2, 100),
	FLD_STR_HAS(M, due_date, has_due_date, 0, 0, 10),
	FLD_STR_HAS(M, note, has_note, 0, 0, 500),
	FLD_INT_HAS(M, progress, has_progress, 0, 0, 100),
	{"done", FT_BOOL, FLD_UPDATE_ONLY, offsetof(M, done), offsetof(M, has_done), 0, 0, NULL, NULL},
	FLD_END,
};
#undef M

static int write_milestone(struct req *r, int64_t id)
{
	return resp_record(r, &pb_milestone_kind, id);
}

static int h_milestone_add(struct req *r)
{
	struct pb_milestone_in in = {0};
	int64_t pid, id;
	int rc;
	if ((rc = req_param_id(r, "id", &pid)) || (rc = project_scope(r, pid, true)) || (rc = req_body(r, &in)) ||
	    (rc = pb_milestone_add(&r->cx, pid, &in, &id)))
		return rc;
	r->status = 201;
	return write_milestone(r, id);
}

static int h_milestone_change(struct req *r)
{
	struct pb_milestone_in in = {0};
	int64_t id;
	int rc;
	struct record rec;
	if ((rc = req_param_id(r, "id", &id)) || (rc = record_load(&r->cx, &pb_milestone_kind, id, ROLES_STAFF, &rec)) ||
	    (rc = req_body(r, &in)) || (rc = pb_milestone_update(&r->cx, id, &in)))
		return rc;
	return write_milestone(r, id);
}

const struct route budget_routes[] = {
	{"GET", "/api/v1/budgets", h_budgets, ROLES_ANY, 0,
	 "participatory budgets the caller may see: staff their regions', residents their community's (?phase, region_id)"},
	{"POST", "/api/v1/budgets", h_budget_add, ROLES_STAFF, 0,
	 "open a participatory budget for a community: fund, total, rule, phases' dates", budget_fields, FIELDS_CREATE},
	{"GET", "/api/v1/budgets/{id}", h_budget, ROLES_ANY, 0,
	 "a participatory budget: its projects (a voter's own order while voting, by rank once counted), the caller's "
	 "ballot and supports, results, overrides with their reasons, milestones"},
	{"PATCH", "/api/v1/budgets/{id}", h_budget_change, ROLES_STAFF, 0,
	 "change a budget's settings before voting", budget_fields, FIELDS_UPDATE},
	{"POST", "/api/v1/budgets/{id}/phase", h_phase, ROLES_STAFF, 0,
	 "move a budget to a later phase (leaving voting counts the ballots; execution turns the winners into grants)",
	 phase_fields, FIELDS_CREATE},
	{"POST", "/api/v1/budgets/{id}/fund", h_fund, ROLES_STAFF, 0,
	 "choose the fund that pays the winners (a fund of the community or above), before execution", fund_fields,
	 FIELDS_CREATE},
	{"POST", "/api/v1/budgets/{id}/tally", h_tally, ROLES_STAFF, 0, "count the ballots again by the budget's rule"},
	{"POST", "/api/v1/budgets/{id}/projects", h_propose, ROLES_ANY, 0,
	 "propose a project (a verified resident of the community, or its staff), in the proposals phase", project_fields,
	 FIELDS_CREATE},
	{"PUT", "/api/v1/budgets/{id}/ballot", h_ballot, ROLES_ANY, 0,
	 "cast or change the caller's ballot (a verified resident; [] is a blank ballot), until voting closes",
	 ballot_fields_named, FIELDS_CREATE},
	{"POST", "/api/v1/budgets/{id}/overrides", h_override, ROLES_STAFF, 0,
	 "include or exclude a project against the count, or withdraw that, with a reason the results page shows",
	 override_fields, FIELDS_CREATE},
	{"POST", "/api/v1/pb-projects/{id}/review", h_review, ROLES_STAFF, 0,
	 "review a proposed project: feasible, or unfeasible with its reason; the cost may be corrected", review_fields,
	 FIELDS_CREATE},
	{"POST", "/api/v1/pb-projects/{id}/withdraw", h_withdraw, ROLES_ANY, 0,
	 "withdraw a proposed project (its proposer, or staff), in the proposals and review phases", req_version_fields,
	 FIELDS_CREATE},
	{"POST", "/api/v1/pb-projects/{id}/support", h_support, ROLES_ANY, 0,
	 "support a feasible project (a verified resident, once), in the support phase"},
	{"POST", "/api/v1/pb-projects/{id}/milestones", h_milestone_add, ROLES_STAFF, 0,
	 "add a milestone to a funded project's execution", milestone_fields, FIELDS_CREATE},
	{"PATCH", "/api/v1/pb-milestones/{id}", h_milestone_change, ROLES_STAFF, 0,
	 "record a milestone's progress (0–100, done) and note", milestone_fields, FIELDS_UPDATE},
	{NULL, NULL, NULL, 0, 0, NULL},
};
