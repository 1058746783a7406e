/*
 * review_http.c — the review's routes (review.h). Staff routes on a
 * programme check prog_programme_admin before they read anything; an
 * expert's routes check that the caller is that expert and read each
 * application through prog_app_get / prog_app_access, so a conflicted
 * expert, or one outside the stage's window, gets 404 everywhere. The
 * public routes show a published award batch only.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "http/export_http.h"
#include "http/http.h"
#include "modules/review/review.h"
#include "modules/review/review_internal.h"
#include "store/jcols.h"
#include "store/list.h"
#include "store/store.h"

static int prog_param(struct req *r, struct rv_prog *p, bool admin)
{
	const char *code = req_param(r, "code");
	int rc = rv_prog_by_code(&r->cx, code ? code : "", p);
	if (!rc && admin)
		rc = prog_programme_admin(&r->cx, p->id);
	return rc;
}

static void kdouble(struct jw *w, const char *k, double v)
{
	jw_key(w, k);
	jw_double(w, round(v * 100) / 100);
}

/* ---------- the staff's overview ---------- */

static const struct jcol criteria_cols[] = {
	{"id", 0, JC_INT}, {"seq", 1, JC_INT}, {"name", 2, JC_TEXT}, {"description", 3, JC_TEXT},
	{"weight", 4, JC_INT},
};

static int write_rubric(struct req *r, int64_t programme_id)
{
	struct jw *w = &r->jw;
	int64_t scale = 0, published = 0, scores = 0;
	int rc;
	struct stmt *st = db_q(r->db, &r->err, "SELECT scale, published_at FROM review_rubrics WHERE programme_id=?", "i",
			       programme_id);
	if (!st)
		return r->err.code;
	if ((rc = stmt_step(st, &r->err)) == 1) {
		scale = col_int(st, 0);
		published = col_int(st, 1);
	}
	stmt_done(st);
	if (rc < 0 || (rc = db_int(r->db, &r->err, &scores,
				   "SELECT count(*) FROM review_scores s JOIN prog_applications a ON a.id=s.application_id"
				   " WHERE a.programme_id=?",
				   "i", programme_id)) < 0)
		return rc;
	jw_obj(w);
	jw_kint(w, "scale", scale);
	jw_ktime(w, "published_at", published);
	jw_kbool(w, "frozen", scores > 0);
	jw_key(w, "recommendations");
	jw_arr(w);
	for (int i = 0; rv_recommendations[i]; i++)
		jw_str(w, rv_recommendations[i]);
	jw_arr_end(w);
	jw_key(w, "criteria");
	jw_arr(w);
	if (!(st = db_q(r->db, &r->err,
			"SELECT id, seq, name, description, weight FROM review_criteria WHERE programme_id=? ORDER BY seq", "i",
			programme_id)))
		return r->err.code;
	rc = jw_rows(w, st, JCOLS(criteria_cols), &r->err);
	jw_arr_end(w);
	jw_obj_end(w);
	return rc < 0 ? rc : 0;
}

static int write_batch(struct req *r, int64_t programme_id)
{
	struct jw *w = &r->jw;
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT status, computed_at, approved_at, published_at, objections_close_at, version"
			       " FROM review_batches WHERE programme_id=?",
			       "i", programme_id);
	if (!st)
		return r->err.code;
	int rc = stmt_step(st, &r->err);
	if (rc == 1) {
		jw_obj(w);
		jw_kstr(w, "status", col_text(st, 0));
		jw_ktime(w, "computed_at", col_int(st, 1));
		jw_ktime(w, "approved_at", col_null(st, 2) ? 0 : col_int(st, 2));
		jw_ktime(w, "published_at", col_null(st, 3) ? 0 : col_int(st, 3));
		jw_ktime(w, "objections_close_at", col_null(st, 4) ? 0 : col_int(st, 4));
		jw_kbool(w, "objections_open", !col_null(st, 4) && !strcmp(col_text(st, 0), "published") && r->now < col_int(st, 4));
		jw_kint(w, "version", col_int(st, 5));
		jw_obj_end(w);
	} else
		jw_null(w);
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

static void write_prog(struct jw *w, const struct rv_prog *p)
{
	jw_kint(w, "id", p->id);
	jw_kstr(w, "code", p->code);
	jw_kstr(w, "name", p->name);
	jw_kint(w, "year", p->year);
	jw_kstr(w, "status", p->status);
	jw_kstr(w, "award_rule", p->rule);
	kdouble(w, "award_min_score", p->min_score);
	kdouble(w, "award_threshold", p->threshold);
	jw_kint(w, "award_percent", p->percent);
	jw_kint(w, "award_max_grant", p->max_grant);
	jw_kint(w, "objection_days", p->objection_days);
	jw_kint(w, "conflict_lookback_years", p->lookback);
}

static const struct jcol expert_cols[] = {
	{"id", 0, JC_INT}, {"name", 1, JC_TEXT}, {"username", 2, JC_TEXT}, {"field", 3, JC_TEXT},
	{"org_name", 4, JC_TEXT}, {"conflicts_declared_at", 5, JC_TIME}, {"certified_at", 6, JC_TIME},
	{"conflicts", 7, JC_INT}, {"assigned", 8, JC_INT}, {"scored", 9, JC_INT}, {"recused", 10, JC_INT},
};

static int h_overview(struct req *r)
{
	struct rv_prog p;
	struct jw *w = &r->jw;
	int rc;
	if ((rc = prog_param(r, &p, true)))
		return rc;
	jw_obj(w);
	write_prog(w, &p);
	jw_key(w, "stages");
	jw_arr(w);
	for (int i = 0; prog_stages[i]; i++) {
		struct stmt *st = db_q(r->db, &r->err, "SELECT opens_at, closes_at FROM prog_stages WHERE programme_id=? AND stage=?",
				       "is", p.id, prog_stages[i]);
		if (!st)
			return r->err.code;
		rc = stmt_step(st, &r->err);
		jw_obj(w);
		jw_kstr(w, "stage", prog_stages[i]);
		jw_ktime(w, "opens_at", rc == 1 ? col_int(st, 0) : 0);
		jw_ktime(w, "closes_at", rc == 1 ? col_int(st, 1) : 0);
		jw_kbool(w, "open", rc == 1 && col_int(st, 0) <= r->now && r->now < col_int(st, 1));
		jw_obj_end(w);
		stmt_done(st);
		if (rc < 0)
			return rc;
	}
	jw_arr_end(w);
	jw_key(w, "rubric");
	if ((rc = write_rubric(r, p.id)))
		return rc;
	jw_key(w, "batch");
	if ((rc = write_batch(r, p.id)))
		return rc;
	jw_key(w, "experts");
	jw_arr(w);
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT x.id, x.name, u.username, x.field, coalesce(o.name, ''), coalesce(x.conflicts_declared_at, 0),"
			       " coalesce(x.certified_at, 0),"
			       " (SELECT count(*) FROM prog_conflicts c WHERE c.expert_id=x.id),"
			       " (SELECT count(*) FROM prog_assignments s WHERE s.expert_id=x.id AND s.status<>'recused'),"
			       " (SELECT count(*) FROM prog_assignments s WHERE s.expert_id=x.id AND s.status='scored'),"
			       " (SELECT count(*) FROM prog_assignments s WHERE s.expert_id=x.id AND s.status='recused')"
			       " FROM prog_experts x JOIN users u ON u.id=x.user_id LEFT JOIN organisations o ON o.id=x.org_id"
			       " WHERE x.programme_id=? ORDER BY x.id",
			       "i", p.id);
	if (!st)
		return r->err.code;
	rc = jw_rows(w, st, JCOLS(expert_cols), &r->err);
	jw_arr_end(w);
	jw_obj_end(w);
	return rc < 0 ? rc : 0;
}

/* ---------- stage windows ---------- */

struct window_in {
	int64_t opens_at, closes_at;
};
static const struct field window_fields[] = {
	FLD_TIME(struct window_in, opens_at, FLD_REQ),
	FLD_TIME(struct window_in, closes_at, FLD_REQ),
	FLD_END,
};

static int h_window(struct req *r)
{
	struct rv_prog p;
	struct window_in in = {0};
	int rc;
	if ((rc = prog_param(r, &p, true)) || (rc = req_body(r, &in)) ||
	    (rc = rv_window_set(&r->cx, &p, req_param(r, "stage"), in.opens_at, in.closes_at)))
		return rc;
	return h_overview(r);
}

/* ---------- rubric ---------- */

struct rubric_in {
	int64_t scale;
	struct rv_criterion_in cr[RV_MAX_CRITERIA];
	int n;
	bool has_cr;
};
static int read_criteria(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	struct rubric_in *in = (struct rubric_in *)((char *)dst - offsetof(struct rubric_in, cr));
	if (!json_is_array(v) || json_array_size(v) < 1 || json_array_size(v) > RV_MAX_CRITERIA)
		return err_set(e, ERR_INVALID, key, "评分项应为 1 到 20 项的数组", "criteria: an array of 1 to 20 items");
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		json_t *name = json_object_get(x, "name"), *weight = json_object_get(x, "weight"),
		       *desc = json_object_get(x, "description");
		if (!json_is_object(x) || !json_is_string(name) || json_string_length(name) < 1 ||
		    json_string_length(name) > 100 || !json_is_integer(weight) || json_integer_value(weight) < 1 ||
		    json_integer_value(weight) > 100 || (desc && !json_is_string(desc)) ||
		    json_object_size(x) > (size_t)(2 + (desc != NULL)))
			return err_set(e, ERR_INVALID, key, "每个评分项须有名称（1–100 字）和权重（1–100）",
				       "each criterion needs a name (1–100 characters) and a weight (1–100)");
		in->cr[in->n++] = (struct rv_criterion_in){arena_strdup(a, json_string_value(name)),
							   desc ? arena_strdup(a, json_string_value(desc)) : "",
							   json_integer_value(weight)};
	}
	return 0;
}
static const struct field rubric_fields[] = {
	FLD_INT(struct rubric_in, scale, FLD_REQ, 1, 100),
	{"criteria", FT_CUSTOM, FLD_REQ, offsetof(struct rubric_in, cr), offsetof(struct rubric_in, has_cr), 0, 0, NULL,
	 read_criteria},
	FLD_END,
};

static int h_rubric_put(struct req *r)
{
	struct rv_prog p;
	struct rubric_in *in = arena_alloc(r->arena, sizeof *in);
	int rc;
	if ((rc = prog_param(r, &p, true)) || (rc = req_body(r, in)) || (rc = rv_rubric_set(&r->cx, &p, in->scale, in->cr, in->n)))
		return rc;
	return write_rubric(r, p.id);
}

static int h_rubric(struct req *r)
{
	struct rv_prog p;
	int rc = prog_param(r, &p, false);
	return rc ? rc : write_rubric(r, p.id);
}

/* ---------- experts ---------- */

#define X struct rv_expert_in
static const struct field expert_fields[] = {
	FLD_STR(X, username, FLD_REQ, 1, 64),
	FLD_STR(X, name, 0, 0, 100),
	FLD_STR(X, field, 0, 0, 200),
	FLD_INT(X, org_id, 0, 0, INT64_MAX),
	FLD_END,
};
#undef X

static int h_expert_add(struct req *r)
{
	struct rv_prog p;
	struct rv_expert_in in = {0};
	int64_t id;
	int rc;
	if ((rc = prog_param(r, &p, true)) || (rc = req_body(r, &in)) || (rc = rv_expert_add(&r->cx, &p, &in, &id)))
		return rc;
	return resp_created(r, id);
}

/* ---------- assignments ---------- */

struct assign_in {
	int64_t application_id, expert_id;
	const char *stage;
};
static const struct field assign_fields[] = {
	FLD_INT(struct assign_in, application_id, FLD_REQ, 1, INT64_MAX),
	FLD_INT(struct assign_in, expert_id, FLD_REQ, 1, INT64_MAX),
	FLD_ENUM(struct assign_in, stage, FLD_REQ, prog_stages),
	FLD_END,
};

static int h_assign(struct req *r)
{
	struct rv_prog p;
	struct assign_in in = {0};
	int64_t id;
	int rc;
	if ((rc = prog_param(r, &p, true)) || (rc = req_body(r, &in)) ||
	    (rc = rv_assign(&r->cx, &p, in.application_id, in.expert_id, in.stage, &id)))
		return rc;
	return resp_created(r, id);
}

static int h_assignments(struct req *r)
{
	static const char *const params[] = {"stage", "expert_id", NULL};
	struct rv_prog p;
	int64_t expert = 0;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = prog_param(r, &p, true)) ||
	    (rc = req_query_int(r, "expert_id", 0, 0, INT64_MAX, &expert)))
		return rc;
	const char *stage = req_query_nonempty(r, "stage");
	if (stage && rv_stage_index(stage) < 0)
		return err_set(&r->err, ERR_INVALID, "stage", "没有这个评审阶段", "no such stage");
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT s.id, s.application_id, a.code, a.title, s.expert_id, x.name, s.stage, s.status, s.assigned_at,"
			       " sc.total, sc.recommendation, coalesce(sc.discarded, 0)"
			       " FROM prog_assignments s JOIN prog_applications a ON a.id=s.application_id"
			       " JOIN prog_experts x ON x.id=s.expert_id LEFT JOIN review_scores sc ON sc.assignment_id=s.id"
			       " WHERE a.programme_id=? ORDER BY s.id DESC",
			       "i", p.id);
	if (!st)
		return r->err.code;
	struct jw *w = &r->jw;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	int64_t n = 0;
	while ((rc = stmt_step(st, &r->err)) == 1) {
		if ((stage && strcmp(stage, col_text(st, 6))) || (expert && expert != col_int(st, 4)))
			continue;
		if (++n > 2000)
			continue;
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kint(w, "application_id", col_int(st, 1));
		jw_kstr(w, "code", col_text(st, 2));
		jw_kstr(w, "title", col_text(st, 3));
		jw_kint(w, "expert_id", col_int(st, 4));
		jw_kstr(w, "expert_name", col_text(st, 5));
		jw_kstr(w, "stage", col_text(st, 6));
		jw_kstr(w, "status", col_text(st, 7));
		jw_ktime(w, "assigned_at", col_int(st, 8));
		if (col_null(st, 9))
			jw_knull(w, "total");
		else
			kdouble(w, "total", col_double(st, 9));
		jw_kstr(w, "recommendation", col_text(st, 10));
		jw_kbool(w, "discarded", col_int(st, 11) != 0);
		jw_obj_end(w);
	}
	stmt_done(st);
	jw_arr_end(w);
	jw_kint(w, "total", n);
	jw_obj_end(w);
	return rc < 0 ? rc : 0;
}

/* ---------- the pipeline board ---------- */

/* The board and the ranking read the programme's applications through the
 * list helper, with the programme's access rule (prog_app_list_scope)
 * written once there: a district admin over the programme — whom
 * prog_param lets in — sees every one. */
static const struct list_sort app_id_sort[] = {{"id", "a.id", false, true}, {NULL, NULL, false, false}};

static int app_rows(struct req *r, int64_t programme_id, const struct list_spec *spec, const char *statuses,
		    list_row_fn fn, void *ctx)
{
	struct list_q *q = list_new(spec);
	list_eq_int(q, "a.programme_id", programme_id);
	list_where(q, statuses, "");
	int rc = prog_app_list_scope(&r->cx, programme_id, q);
	if (rc) {
		list_free(q);
		return rc;
	}
	struct list_req lr = {.page = 1, .per_page = LIST_ALL, .sort = "id"};
	struct list_result res = {0};
	rc = list_run(r->db, q, &lr, fn, ctx, &res, &r->err);
	list_result_free(&res);
	list_free(q);
	return rc;
}

static const struct list_spec board_list = {
	.table = "prog_applications a", .id = "a.id", .sorts = app_id_sort, .default_sort = "id",
	.select = "a.id, a.code, a.title, a.applicant_name, a.status, coalesce(a.stage, 'qualification'),"
		  " a.score, a.requested, a.version,"
		  " (SELECT count(*) FROM prog_assignments s WHERE s.application_id=a.id AND s.status<>'recused'),"
		  " (SELECT count(*) FROM review_scores s WHERE s.application_id=a.id AND s.discarded=0)",
	.from = "prog_applications a", .row_id = "a.id",
};

struct board {
	struct jw *w;
	int64_t counts[8], rejected;
};

static int board_row(struct stmt *st, void *ctx, struct err *e)
{
	(void)e;
	struct board *b = ctx;
	struct jw *w = b->w;
	int si = rv_stage_index(col_text(st, 5));
	if (!strcmp(col_text(st, 4), "rejected"))
		b->rejected++;
	else if (si >= 0)
		b->counts[si]++;
	if (b->counts[si < 0 ? 0 : si] > 200)
		return 0; /* the board shows 200 a column; counts are whole */
	static const struct jcol head[] = {
		{"id", 0, JC_INT},	 {"code", 1, JC_TEXT},	 {"title", 2, JC_TEXT},
		{"applicant_name", 3, JC_TEXT}, {"status", 4, JC_TEXT}, {"stage", 5, JC_TEXT},
	};
	static const struct jcol tail[] = {
		{"requested_fen", 7, JC_INT}, {"version", 8, JC_INT}, {"experts", 9, JC_INT}, {"scores", 10, JC_INT},
	};
	jw_obj(w);
	jw_cols(w, st, JCOLS(head));
	if (col_null(st, 6))
		jw_knull(w, "score");
	else
		kdouble(w, "score", col_double(st, 6));
	jw_cols(w, st, JCOLS(tail));
	jw_obj_end(w);
	return 0;
}

static int h_board(struct req *r)
{
	struct rv_prog p;
	int rc;
	if ((rc = prog_param(r, &p, true)))
		return rc;
	struct board b = {.w = &r->jw};
	struct jw *w = &r->jw;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	if ((rc = app_rows(r, p.id, &board_list, "a.status IN ('submitted','in_review','rejected','awarded','not_awarded')",
			   board_row, &b)) < 0)
		return rc;
	jw_arr_end(w);
	jw_key(w, "counts");
	jw_obj(w);
	for (int i = 0; i < 8; i++)
		jw_kint(w, prog_stages[i], b.counts[i]);
	jw_kint(w, "rejected", b.rejected);
	jw_obj_end(w);
	jw_obj_end(w);
	return 0;
}

/* ---------- ranking ---------- */

static int by_app(const void *a, const void *b)
{
	const struct rv_agg *x = a, *y = b;
	return x->app < y->app ? -1 : x->app > y->app;
}

struct rank_row {
	int64_t app, fund, requested;
	const char *code, *title, *applicant, *fund_name, *status;
	const struct rv_agg *g;
};
static int by_fund_score(const void *a, const void *b)
{
	const struct rank_row *x = a, *y = b;
	if (x->fund != y->fund)
		return x->fund < y->fund ? -1 : 1;
	if ((x->g != NULL) != (y->g != NULL))
		return x->g ? -1 : 1;
	if (x->g && x->g->mean != y->g->mean)
		return x->g->mean > y->g->mean ? -1 : 1;
	return x->app < y->app ? -1 : x->app > y->app;
}

static const struct list_spec rank_list = {
	.table = "prog_applications a", .id = "a.id", .sorts = app_id_sort, .default_sort = "id",
	.select = "a.id, a.pfund_id, a.requested, a.code, a.title, a.applicant_name, f.name, a.status",
	.from = "prog_applications a JOIN prog_funds f ON f.id=a.pfund_id", .row_id = "a.id",
};

struct rank_ctx {
	struct arena *arena;
	struct rank_row *rows;
	int n, cap;
	int64_t pfund;
	const struct rv_agg *g;
	int ng;
};

static int rank_row(struct stmt *st, void *ctx, struct err *e)
{
	(void)e;
	struct rank_ctx *k = ctx;
	if (k->n >= k->cap || (k->pfund && k->pfund != col_int(st, 1)))
		return 0;
	struct rv_agg key = {.app = col_int(st, 0)};
	k->rows[k->n++] = (struct rank_row){key.app,
					    col_int(st, 1),
					    col_int(st, 2),
					    arena_strdup(k->arena, col_text(st, 3)),
					    arena_strdup(k->arena, col_text(st, 4)),
					    arena_strdup(k->arena, col_text(st, 5)),
					    arena_strdup(k->arena, col_text(st, 6)),
					    arena_strdup(k->arena, col_text(st, 7)),
					    bsearch(&key, k->g, (size_t)k->ng, sizeof *k->g, by_app)};
	return 0;
}

/* The ranking per fund, computed now from the live scores. */
static int rank_rows(struct req *r, const struct rv_prog *p, int64_t pfund, struct rank_row **out, int *nout)
{
	struct rv_agg *g;
	int ng = 0, rc;
	int64_t total = 0;
	if ((rc = rv_rank_compute(&r->cx, p->id, &g, &ng)) ||
	    (rc = db_int(r->db, &r->err, &total, "SELECT count(*) FROM prog_applications WHERE programme_id=?", "i", p->id)) < 0)
		return rc;
	struct rank_ctx k = {r->arena, arena_alloc(r->arena, sizeof *k.rows * (size_t)(total + 1)), 0, (int)total, pfund, g, ng};
	if ((rc = app_rows(r, p->id, &rank_list, "a.status IN ('in_review','awarded','not_awarded')", rank_row, &k)) < 0)
		return rc;
	qsort(k.rows, (size_t)k.n, sizeof *k.rows, by_fund_score);
	*out = k.rows;
	*nout = k.n;
	return 0;
}

static int h_ranking(struct req *r)
{
	static const char *const params[] = {"pfund_id", NULL};
	struct rv_prog p;
	int64_t pfund = 0;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = prog_param(r, &p, true)) ||
	    (rc = req_query_int(r, "pfund_id", 0, 0, INT64_MAX, &pfund)))
		return rc;
	struct rank_row *rows;
	int n;
	if ((rc = rank_rows(r, &p, pfund, &rows, &n)))
		return rc;
	struct jw *w = &r->jw;
	jw_obj(w);
	jw_key(w, "funds");
	jw_arr(w);
	for (int a = 0; a < n;) {
		int b = a;
		while (b < n && rows[b].fund == rows[a].fund)
			b++;
		jw_obj(w);
		jw_kint(w, "pfund_id", rows[a].fund);
		jw_kstr(w, "name", rows[a].fund_name);
		jw_key(w, "items");
		jw_arr(w);
		for (int i = a; i < b; i++) {
			jw_obj(w);
			jw_kint(w, "rank", i - a + 1);
			jw_kint(w, "application_id", rows[i].app);
			jw_kstr(w, "code", rows[i].code);
			jw_kstr(w, "title", rows[i].title);
			jw_kstr(w, "applicant_name", rows[i].applicant);
			jw_kstr(w, "status", rows[i].status);
			jw_kint(w, "requested_fen", rows[i].requested);
			const struct rv_agg *g = rows[i].g;
			jw_kint(w, "n", g ? g->n : 0);
			if (g) {
				kdouble(w, "mean", g->mean);
				kdouble(w, "min", g->min);
				kdouble(w, "max", g->max);
				kdouble(w, "sd", g->sd);
				jw_kstr(w, "stage", g->stage ? "defence" : "material");
				jw_kint(w, "no", g->no);
			} else {
				jw_knull(w, "mean");
			}
			jw_obj_end(w);
		}
		jw_arr_end(w);
		jw_obj_end(w);
		a = b;
	}
	jw_arr_end(w);
	jw_kstr(w, "method", "z-score per expert and stage, mapped onto the stage's mean and spread (docs/programme-review.md)");
	jw_obj_end(w);
	return 0;
}

static const struct export_col ranking_cols[] = {
	{"fund", "专项资金", "Fund", EXPORT_TEXT, NULL},
	{"rank", "排名", "Rank", EXPORT_INT, NULL},
	{"code", "编号", "Code", EXPORT_TEXT, NULL},
	{"title", "项目名称", "Title", EXPORT_TEXT, NULL},
	{"applicant_name", "申报单位", "Applicant", EXPORT_TEXT, NULL},
	{"mean", "标准化得分", "Normalised score", EXPORT_TEXT, NULL},
	{"min", "最低", "Min", EXPORT_TEXT, NULL},
	{"max", "最高", "Max", EXPORT_TEXT, NULL},
	{"sd", "标准差", "Std dev", EXPORT_TEXT, NULL},
	{"n", "评分数", "Scores", EXPORT_INT, NULL},
	{"requested", "申请金额（元）", "Requested (yuan)", EXPORT_FEN, NULL},
	EXPORT_END,
};
static const struct export_spec ranking_export = {"ranking", ranking_cols};
static int ranking_fill(struct req *r, struct export *x)
{
	static const char *const params[] = {"format", "lang", NULL};
	struct rv_prog p;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = prog_param(r, &p, true)))
		return rc;
	struct rank_row *rows;
	int n;
	if ((rc = rank_rows(r, &p, 0, &rows, &n)))
		return rc;
	int rank = 0;
	for (int i = 0; i < n; i++) {
		rank = i && rows[i].fund == rows[i - 1].fund ? rank + 1 : 1;
		const struct rv_agg *g = rows[i].g;
		char mean[16] = "", mn[16] = "", mx[16] = "", sd[16] = "";
		if (g) {
			snprintf(mean, sizeof mean, "%.2f", g->mean);
			snprintf(mn, sizeof mn, "%.2f", g->min);
			snprintf(mx, sizeof mx, "%.2f", g->max);
			snprintf(sd, sizeof sd, "%.2f", g->sd);
		}
		json_t *o = json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:I}", "fund", rows[i].fund_name, "rank",
				      rank, "code", rows[i].code, "title", rows[i].title, "applicant_name", rows[i].applicant,
				      "mean", mean, "min", mn, "max", mx, "sd", sd, "n", g ? g->n : 0, "requested",
				      (json_int_t)rows[i].requested);
		rc = export_item(x, o, &r->err);
		json_decref(o);
		if (rc)
			return rc;
	}
	return 0;
}
static int h_ranking_export(struct req *r) { return export_run(r, &ranking_export, ranking_fill); }

static int h_ranking_store(struct req *r)
{
	struct rv_prog p;
	int n = 0, rc;
	if ((rc = prog_param(r, &p, true)) || (rc = rv_rank_store(&r->cx, &p, &n)))
		return rc;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "scored", n);
	jw_obj_end(&r->jw);
	return 0;
}

/* ---------- awards ---------- */

/* The batch's lines by fund with the budget meter; public: the published
 * list only (marked lines, overrides with reasons) and the objections. */
static int write_awards(struct req *r, const struct rv_prog *p, bool public_view)
{
	struct jw *w = &r->jw;
	int rc;
	jw_obj(w);
	write_prog(w, p);
	jw_key(w, "batch");
	if ((rc = write_batch(r, p->id)))
		return rc;
	jw_key(w, "funds");
	jw_arr(w);
	struct stmt *fs = db_q(r->db, &r->err,
			       "SELECT id, name, funder, budget FROM prog_funds WHERE programme_id=? ORDER BY sort, id", "i", p->id);
	if (!fs)
		return r->err.code;
	int64_t funds[64][2];
	const char *names[64][2];
	int nf = 0;
	while (nf < 64 && (rc = stmt_step(fs, &r->err)) == 1) {
		funds[nf][0] = col_int(fs, 0);
		funds[nf][1] = col_int(fs, 3);
		names[nf][0] = arena_strdup(r->arena, col_text(fs, 1));
		names[nf][1] = arena_strdup(r->arena, col_text(fs, 2));
		nf++;
	}
	stmt_done(fs);
	if (rc < 0)
		return rc;
	for (int f = 0; f < nf; f++) {
		int64_t remaining = 0, marked = 0;
		if ((rc = rv_fund_remaining(&r->cx, p->id, funds[f][0], &remaining, &marked)))
			return rc;
		jw_obj(w);
		jw_kint(w, "pfund_id", funds[f][0]);
		jw_kstr(w, "name", names[f][0]);
		jw_kstr(w, "funder", names[f][1]);
		jw_kint(w, "budget_fen", funds[f][1]);
		jw_kint(w, "remaining_fen", remaining);
		jw_kint(w, "marked_fen", marked);
		jw_key(w, "items");
		jw_arr(w);
		struct stmt *st = db_q(r->db, &r->err,
				       "SELECT l.application_id, l.rank, l.score, l.amount, l.proposed, l.marked, l.reason, l.override_reason,"
				       " a.code, a.title, a.applicant_name, a.requested, coalesce(a.outcome, ''), a.awarded"
				       " FROM review_award_lines l JOIN prog_applications a ON a.id=l.application_id"
				       " WHERE l.programme_id=? AND l.pfund_id=? ORDER BY l.rank",
				       "ii", p->id, funds[f][0]);
		if (!st)
			return r->err.code;
		int shown = 0;
		while ((rc = stmt_step(st, &r->err)) == 1) {
			bool marked_l = col_int(st, 5) != 0, proposed = col_int(st, 4) != 0;
			bool override = marked_l != proposed;
			if (public_view && !marked_l && !override)
				continue;
			if (++shown > 500)
				continue;
			jw_obj(w);
			jw_kint(w, "application_id", col_int(st, 0));
			jw_kint(w, "rank", col_int(st, 1));
			if (col_null(st, 2))
				jw_knull(w, "score");
			else
				kdouble(w, "score", col_double(st, 2));
			jw_kint(w, "amount_fen", col_int(st, 3));
			jw_kbool(w, "proposed", proposed);
			jw_kbool(w, "marked", marked_l);
			jw_kstr(w, "reason", col_text(st, 6));
			jw_kbool(w, "override", override);
			jw_kstr(w, "override_reason", col_text(st, 7));
			jw_kstr(w, "code", col_text(st, 8));
			jw_kstr(w, "title", col_text(st, 9));
			jw_kstr(w, "applicant_name", col_text(st, 10));
			jw_kint(w, "requested_fen", col_int(st, 11));
			jw_kstr(w, "outcome", col_text(st, 12));
			jw_kint(w, "awarded_fen", col_int(st, 13));
			jw_obj_end(w);
		}
		stmt_done(st);
		if (rc < 0)
			return rc;
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "objections");
	jw_arr(w);
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT o.id, o.application_id, coalesce(a.code, ''), coalesce(a.title, ''), o.name, o.contact, o.body,"
			       " o.answer, o.created_at, coalesce(o.answered_at, 0)"
			       " FROM review_objections o LEFT JOIN prog_applications a ON a.id=o.application_id"
			       " WHERE o.programme_id=? ORDER BY o.id",
			       "i", p->id);
	if (!st)
		return r->err.code;
	while ((rc = stmt_step(st, &r->err)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kint(w, "application_id", col_null(st, 1) ? 0 : col_int(st, 1));
		jw_kstr(w, "code", col_text(st, 2));
		jw_kstr(w, "title", col_text(st, 3));
		if (!public_view) {
			jw_kstr(w, "name", col_text(st, 4));
			jw_kstr(w, "contact", col_text(st, 5));
		}
		jw_kstr(w, "body", col_text(st, 6));
		jw_kstr(w, "answer", col_text(st, 7));
		jw_ktime(w, "created_at", col_int(st, 8));
		jw_ktime(w, "answered_at", col_int(st, 9));
		jw_obj_end(w);
	}
	stmt_done(st);
	jw_arr_end(w);
	jw_obj_end(w);
	return rc < 0 ? rc : 0;
}

static int h_awards(struct req *r)
{
	struct rv_prog p;
	int rc = prog_param(r, &p, true);
	return rc ? rc : write_awards(r, &p, false);
}

static int h_awards_compute(struct req *r)
{
	struct rv_prog p;
	int rc;
	if ((rc = prog_param(r, &p, true)) || (rc = rv_award_compute(&r->cx, &p)))
		return rc;
	return write_awards(r, &p, false);
}

struct mark_in {
	int64_t application_id;
	bool marked;
	const char *reason;
};
static const struct field mark_fields[] = {
	FLD_INT(struct mark_in, application_id, FLD_REQ, 1, INT64_MAX),
	FLD_BOOL(struct mark_in, marked, FLD_REQ),
	FLD_STR(struct mark_in, reason, 0, 0, 500),
	FLD_END,
};

static int h_awards_mark(struct req *r)
{
	struct rv_prog p;
	struct mark_in in = {0};
	int rc;
	if ((rc = prog_param(r, &p, true)) || (rc = req_body(r, &in)) ||
	    (rc = rv_award_mark(&r->cx, &p, in.application_id, in.marked, in.reason)))
		return rc;
	return write_awards(r, &p, false);
}

static int batch_step(struct req *r, int (*fn)(struct ctx *, const struct rv_prog *, int64_t))
{
	struct rv_prog p;
	struct req_version in = {0};
	int rc;
	if ((rc = prog_param(r, &p, true)) || (rc = req_body(r, &in)) || (rc = fn(&r->cx, &p, in.version)))
		return rc;
	return write_awards(r, &p, false);
}
static int h_awards_approve(struct req *r) { return batch_step(r, rv_award_approve); }
static int h_awards_publish(struct req *r) { return batch_step(r, rv_award_publish); }
static int h_awards_close(struct req *r) { return batch_step(r, rv_award_close); }

static int h_public_awards(struct req *r)
{
	struct rv_prog p;
	int rc;
	int64_t n = 0;
	if ((rc = prog_param(r, &p, false)) ||
	    (rc = db_int(r->db, &r->err, &n,
			 "SELECT count(*) FROM review_batches WHERE programme_id=? AND status IN ('published','closed')", "i",
			 p.id)) < 0)
		return rc;
	if (!n)
		return err_set(&r->err, ERR_NOT_FOUND, "code", "本计划尚未公示资助名单", "the programme's awards are not published");
	return write_awards(r, &p, true);
}

/* ---------- objections ---------- */

struct objection_in {
	int64_t application_id;
	const char *name, *contact, *body;
};
static const struct field objection_fields[] = {
	FLD_INT(struct objection_in, application_id, 0, 0, INT64_MAX),
	FLD_STR(struct objection_in, name, 0, 0, 50),
	FLD_STR(struct objection_in, contact, 0, 0, 100),
	FLD_STR(struct objection_in, body, FLD_REQ, 5, 2000),
	FLD_END,
};

static int h_objection_add(struct req *r)
{
	struct rv_prog p;
	struct objection_in in = {0};
	int64_t id;
	int rc;
	if ((rc = prog_param(r, &p, false)) || (rc = req_body(r, &in)) ||
	    (rc = rv_objection_add(&r->cx, &p, in.application_id, in.name, in.contact, in.body, &id)))
		return rc;
	return resp_created(r, id);
}

struct answer_in {
	const char *answer;
};
static const struct field answer_fields[] = {
	FLD_STR(struct answer_in, answer, FLD_REQ, 2, 2000),
	FLD_END,
};

static int h_objection_answer(struct req *r)
{
	struct answer_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) || (rc = rv_objection_answer(&r->cx, id, in.answer)))
		return rc;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "id", id);
	jw_kstr(&r->jw, "answer", in.answer);
	jw_obj_end(&r->jw);
	return 0;
}

/* ---------- the expert's side ---------- */

/* The caller's queue in one programme: assignments whose application they
 * may read now (prog_app_access: assigned, unconflicted, window open). */
static int write_queue(struct req *r, int64_t expert_id, struct export *x)
{
	struct jw *w = &r->jw;
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT s.id, s.application_id, s.stage, s.status, w.closes_at, sc.total, sc.recommendation"
			       " FROM prog_assignments s JOIN prog_experts e ON e.id=s.expert_id"
			       " JOIN prog_stages w ON w.programme_id=e.programme_id AND w.stage=s.stage"
			       " LEFT JOIN review_scores sc ON sc.assignment_id=s.id"
			       " WHERE s.expert_id=? AND s.status<>'recused' AND w.opens_at<=? AND w.closes_at>? ORDER BY s.id",
			       "iii", expert_id, r->now, r->now);
	if (!st)
		return r->err.code;
	struct item {
		int64_t id, app, closes;
		const char *stage, *status, *rec;
		bool scored;
		double total;
	} *it = arena_alloc(r->arena, sizeof *it * 2000);
	int n = 0, rc;
	while (n < 2000 && (rc = stmt_step(st, &r->err)) == 1) {
		it[n] = (struct item){col_int(st, 0), col_int(st, 1), col_int(st, 4),
				      arena_strdup(r->arena, col_text(st, 2)), arena_strdup(r->arena, col_text(st, 3)),
				      arena_strdup(r->arena, col_text(st, 6)), !col_null(st, 5), col_double(st, 5)};
		n++;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (!x)
		jw_arr(w);
	for (int i = 0; i < n; i++) {
		struct prog_app a;
		enum prog_access acc;
		if ((rc = prog_app_access(&r->cx, it[i].app, &acc)) < 0)
			return rc;
		if (acc != PROG_EXPERT || prog_app_get(&r->cx, it[i].app, &a)) {
			err_clear(&r->err);
			continue;
		}
		if (x) {
			json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", a.code, "title", a.title, "applicant_name",
					      a.applicant_name, "stage", it[i].stage, "status", it[i].status);
			rc = export_item(x, o, &r->err);
			json_decref(o);
			if (rc)
				return rc;
			continue;
		}
		jw_obj(w);
		jw_kint(w, "id", it[i].id);
		jw_kint(w, "application_id", a.id);
		jw_kstr(w, "code", a.code);
		jw_kstr(w, "title", a.title);
		jw_kstr(w, "applicant_name", a.applicant_name);
		jw_kstr(w, "domain", a.domain);
		jw_kint(w, "requested_fen", a.requested);
		jw_kstr(w, "stage", it[i].stage);
		jw_kstr(w, "status", it[i].status);
		jw_ktime(w, "closes_at", it[i].closes);
		if (it[i].scored)
			kdouble(w, "total", it[i].total);
		else
			jw_knull(w, "total");
		jw_kstr(w, "recommendation", it[i].rec);
		jw_obj_end(w);
	}
	if (!x)
		jw_arr_end(w);
	return 0;
}

static const struct jcol conflict_cols[] = {
	{"id", 0, JC_INT}, {"org_name", 1, JC_TEXT}, {"application_id", 2, JC_INT}, {"tie", 3, JC_TEXT},
	{"reason", 4, JC_TEXT}, {"declared_at", 5, JC_TIME}, {"since_year", 6, JC_INT},
};

static int h_me(struct req *r)
{
	struct jw *w = &r->jw;
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT x.id, p.code, p.name, p.year, p.conflict_lookback_years, coalesce(x.conflicts_declared_at, 0),"
			       " coalesce(x.certified_at, 0), x.programme_id"
			       " FROM prog_experts x JOIN programmes p ON p.id=x.programme_id WHERE x.user_id=? ORDER BY p.year DESC, x.id",
			       "i", r->who->user_id);
	if (!st)
		return r->err.code;
	struct ex {
		int64_t id, year, lookback, declared, certified, pid;
		const char *code, *name;
	} ex[32];
	int n = 0, rc;
	while (n < 32 && (rc = stmt_step(st, &r->err)) == 1) {
		ex[n] = (struct ex){col_int(st, 0), col_int(st, 3), col_int(st, 4), col_int(st, 5), col_int(st, 6), col_int(st, 7),
				    arena_strdup(r->arena, col_text(st, 1)), arena_strdup(r->arena, col_text(st, 2))};
		n++;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_obj(w);
	jw_key(w, "programmes");
	jw_arr(w);
	for (int i = 0; i < n; i++) {
		jw_obj(w);
		jw_kint(w, "expert_id", ex[i].id);
		jw_kstr(w, "code", ex[i].code);
		jw_kstr(w, "name", ex[i].name);
		jw_kint(w, "year", ex[i].year);
		jw_kint(w, "conflict_lookback_years", ex[i].lookback);
		jw_ktime(w, "conflicts_declared_at", ex[i].declared);
		jw_ktime(w, "certified_at", ex[i].certified);
		jw_key(w, "conflicts");
		jw_arr(w);
		if (!(st = db_q(r->db, &r->err,
				"SELECT c.id, coalesce(o.name, ''), coalesce(c.application_id, 0), c.tie, c.reason, c.declared_at,"
				" coalesce(t.since_year, 0) FROM prog_conflicts c LEFT JOIN organisations o ON o.id=c.org_id"
				" LEFT JOIN review_conflict_ties t ON t.conflict_id=c.id WHERE c.expert_id=? ORDER BY c.id",
				"i", ex[i].id)))
			return r->err.code;
		rc = jw_rows(w, st, JCOLS(conflict_cols), &r->err);
		if (rc < 0)
			return rc;
		jw_arr_end(w);
		jw_key(w, "queue");
		if ((rc = write_queue(r, ex[i].id, NULL)))
			return rc;
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

static const struct export_col queue_cols[] = {
	{"code", "编号", "Code", EXPORT_TEXT, NULL},
	{"title", "项目名称", "Title", EXPORT_TEXT, NULL},
	{"applicant_name", "申报单位", "Applicant", EXPORT_TEXT, NULL},
	{"stage", "阶段", "Stage", EXPORT_ENUM, "prog_stage"},
	{"status", "状态", "Status", EXPORT_TEXT, NULL},
	EXPORT_END,
};
static const struct export_spec queue_export = {"review-queue", queue_cols};
static int queue_fill(struct req *r, struct export *x)
{
	static const char *const params[] = {"format", "lang", NULL};
	int64_t id, pid;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_param_id(r, "id", &id)) || (rc = rv_expert_mine(&r->cx, id, &pid)))
		return rc;
	return write_queue(r, id, x);
}
static int h_queue_export(struct req *r) { return export_run(r, &queue_export, queue_fill); }

#define C struct rv_conflict_in
static const struct field conflict_fields[] = {
	FLD_BOOL(C, none, 0),
	FLD_INT(C, org_id, 0, 0, INT64_MAX),
	FLD_INT(C, application_id, 0, 0, INT64_MAX),
	FLD_INT(C, since_year, 0, 0, 2100),
	FLD_ENUM(C, tie, 0, rv_ties),
	FLD_STR(C, reason, 0, 0, 500),
	FLD_END,
};
#undef C

static int h_conflict(struct req *r)
{
	struct rv_conflict_in in = {0};
	int64_t id, pid;
	int recused = 0, rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = rv_expert_mine(&r->cx, id, &pid)) || (rc = req_body(r, &in)) ||
	    (rc = rv_conflict_declare(&r->cx, id, &in, &recused)))
		return rc;
	r->status = 201;
	jw_obj(&r->jw);
	jw_kint(&r->jw, "recused", recused);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_certify(struct req *r)
{
	int64_t id, pid;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = rv_certify(&r->cx, id)))
		return rc;
	(void)pid;
	jw_obj(&r->jw);
	jw_kbool(&r->jw, "certified", true);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_orgs(struct req *r)
{
	static const char *const params[] = {"q", NULL};
	int64_t id, pid;
	int rc;
	if ((rc = req_query_only(r, params)) || (rc = req_param_id(r, "id", &id)) || (rc = rv_expert_mine(&r->cx, id, &pid)))
		return rc;
	const char *q = req_query_nonempty(r, "q");
	struct stmt *st = q ? db_q(r->db, &r->err,
				   "SELECT id, name FROM organisations WHERE replace(name, ?, '') <> name ORDER BY id LIMIT 20", "s", q)
			    : db_q(r->db, &r->err, "SELECT id, name FROM organisations ORDER BY id LIMIT 20", "");
	if (!st)
		return r->err.code;
	jw_obj(&r->jw);
	jw_key(&r->jw, "items");
	jw_arr(&r->jw);
	while ((rc = stmt_step(st, &r->err)) == 1) {
		jw_obj(&r->jw);
		jw_kint(&r->jw, "id", col_int(st, 0));
		jw_kstr(&r->jw, "name", col_text(st, 1));
		jw_obj_end(&r->jw);
	}
	stmt_done(st);
	jw_arr_end(&r->jw);
	jw_obj_end(&r->jw);
	return rc < 0 ? rc : 0;
}

/* The assignment as its expert sees it: the application, the rubric and
 * their own score. 404 unless it is theirs and readable now. */
static int write_assignment(struct req *r, int64_t id)
{
	int64_t app = 0, uid = 0, pid = 0;
	const char *stage = NULL, *status = NULL;
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT s.application_id, x.user_id, x.programme_id, s.stage, s.status FROM prog_assignments s"
			       " JOIN prog_experts x ON x.id=s.expert_id WHERE s.id=?",
			       "i", id);
	if (!st)
		return r->err.code;
	int rc = stmt_step(st, &r->err);
	if (rc == 1) {
		app = col_int(st, 0);
		uid = col_int(st, 1);
		pid = col_int(st, 2);
		stage = arena_strdup(r->arena, col_text(st, 3));
		status = arena_strdup(r->arena, col_text(st, 4));
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	enum prog_access acc = PROG_NONE;
	if (app && uid == r->who->user_id && (rc = prog_app_access(&r->cx, app, &acc)) < 0)
		return rc;
	int64_t open = 0;
	if (acc == PROG_EXPERT &&
	    (rc = db_int(r->db, &r->err, &open,
			 "SELECT count(*) FROM prog_stages WHERE programme_id=? AND stage=? AND opens_at<=? AND closes_at>?", "isii",
			 pid, stage, r->now, r->now)) < 0)
		return rc;
	struct prog_app a;
	if (acc != PROG_EXPERT || !open || !strcmp(status, "recused") || prog_app_get(&r->cx, app, &a))
		return err_set(&r->err, ERR_NOT_FOUND, "id", "没有这项评审任务", "no such assignment");
	struct jw *w = &r->jw;
	jw_obj(w);
	jw_kint(w, "id", id);
	jw_kstr(w, "stage", stage);
	jw_kstr(w, "status", status);
	jw_key(w, "application");
	jw_obj(w);
	jw_kint(w, "id", a.id);
	jw_kstr(w, "code", a.code);
	jw_kstr(w, "title", a.title);
	jw_kstr(w, "applicant_name", a.applicant_name);
	jw_kstr(w, "applicant_type", a.applicant_type);
	jw_kstr(w, "domain", a.domain);
	jw_kstr(w, "kind", a.kind);
	jw_kstr(w, "region_scope", a.region_scope);
	jw_kbool(w, "joint", a.joint);
	jw_kint(w, "requested_fen", a.requested);
	char *summary = NULL;
	if (db_text(r->db, &r->err, r->arena, &summary, "SELECT summary FROM prog_applications WHERE id=?", "i", a.id) < 0)
		return r->err.code;
	jw_kstr(w, "summary", summary ? summary : "");
	jw_obj_end(w);
	jw_key(w, "rubric");
	if ((rc = write_rubric(r, pid)))
		return rc;
	jw_key(w, "score");
	if (!(st = db_q(r->db, &r->err, "SELECT id, total, recommendation, reason, scored_at FROM review_scores WHERE assignment_id=?",
			"i", id)))
		return r->err.code;
	int64_t sid = 0;
	if ((rc = stmt_step(st, &r->err)) == 1) {
		sid = col_int(st, 0);
		jw_obj(w);
		kdouble(w, "total", col_double(st, 1));
		jw_kstr(w, "recommendation", col_text(st, 2));
		jw_kstr(w, "reason", col_text(st, 3));
		jw_ktime(w, "scored_at", col_int(st, 4));
	} else
		jw_null(w);
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (sid) {
		jw_key(w, "items");
		jw_arr(w);
		if (!(st = db_q(r->db, &r->err, "SELECT criterion_id, value FROM review_score_items WHERE score_id=?", "i", sid)))
			return r->err.code;
		while ((rc = stmt_step(st, &r->err)) == 1) {
			jw_obj(w);
			jw_kint(w, "criterion_id", col_int(st, 0));
			jw_kint(w, "value", col_int(st, 1));
			jw_obj_end(w);
		}
		stmt_done(st);
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_obj_end(w);
	return rc < 0 ? rc : 0;
}

static int h_assignment(struct req *r)
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	return rc ? rc : write_assignment(r, id);
}

struct score_in {
	struct rv_item_in items[RV_MAX_CRITERIA];
	int n;
	bool has_items;
	const char *recommendation, *reason;
};
static int read_items(json_t *v, const char *key, void *dst, struct arena *a, struct err *e)
{
	(void)a;
	struct score_in *in = (struct score_in *)((char *)dst - offsetof(struct score_in, items));
	if (!json_is_array(v) || json_array_size(v) < 1 || json_array_size(v) > RV_MAX_CRITERIA)
		return err_set(e, ERR_INVALID, key, "评分项应为 1 到 20 项的数组", "items: an array of 1 to 20 scores");
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		json_t *cid = json_object_get(x, "criterion_id"), *val = json_object_get(x, "value");
		if (!json_is_object(x) || json_object_size(x) != 2 || !json_is_integer(cid) || !json_is_integer(val) ||
		    json_integer_value(cid) < 1)
			return err_set(e, ERR_INVALID, key, "每项须有 criterion_id 和整数分值", "each item needs a criterion_id and an integer value");
		in->items[in->n++] = (struct rv_item_in){json_integer_value(cid), json_integer_value(val)};
	}
	return 0;
}
static const struct field score_fields[] = {
	{"items", FT_CUSTOM, FLD_REQ, offsetof(struct score_in, items), offsetof(struct score_in, has_items), 0, 0, NULL,
	 read_items},
	FLD_ENUM(struct score_in, recommendation, FLD_REQ, rv_recommendations),
	FLD_STR(struct score_in, reason, 0, 0, 1000),
	FLD_END,
};

static int h_score(struct req *r)
{
	struct score_in *in = arena_alloc(r->arena, sizeof *in);
	int64_t id, sid;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, in)) ||
	    (rc = rv_score(&r->cx, id, in->items, in->n, in->recommendation, in->reason, &sid)))
		return rc;
	r->status = 201;
	return write_assignment(r, id);
}

/* ---------- one application's review ---------- */

static const struct jcol stage_result_cols[] = {
	{"stage", 0, JC_TEXT}, {"result", 1, JC_TEXT}, {"notes", 2, JC_TEXT}, {"decided_at", 3, JC_TIME},
	{"reviewer", 4, JC_TEXT},
};

static int h_app_review(struct req *r)
{
	int64_t id;
	enum prog_access acc = PROG_NONE;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = prog_app_access(&r->cx, id, &acc)) < 0)
		return rc;
	struct prog_app a;
	if (acc == PROG_NONE || prog_app_get(&r->cx, id, &a))
		return err_set(&r->err, ERR_NOT_FOUND, "id", "没有这个申报", "no such application");
	bool staff = acc == PROG_STAFF_WRITE || acc == PROG_STAFF_READ;
	struct jw *w = &r->jw;
	jw_obj(w);
	jw_kint(w, "id", a.id);
	jw_kstr(w, "code", a.code);
	jw_kstr(w, "title", a.title);
	jw_kstr(w, "status", a.status);
	jw_kstr(w, "stage", a.stage ? a.stage : "qualification");
	jw_kint(w, "version", a.version);
	jw_key(w, "stage_results");
	jw_arr(w);
	struct stmt *st = db_q(r->db, &r->err,
			       "SELECT s.stage, s.result, s.notes, s.decided_at, coalesce(u.display_name, '') FROM review_stage_results s"
			       " LEFT JOIN users u ON u.id=s.reviewer_id WHERE s.application_id=? ORDER BY s.id",
			       "i", id);
	if (!st)
		return r->err.code;
	rc = jw_rows(w, st, JCOLS(stage_result_cols), &r->err);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	jw_key(w, "scores");
	jw_arr(w);
	if (staff || acc == PROG_EXPERT) {
		if (!(st = db_q(r->db, &r->err,
				"SELECT s.id, x.name, s.stage, s.total, s.recommendation, s.reason, s.discarded, x.user_id, s.scored_at"
				" FROM review_scores s JOIN prog_experts x ON x.id=s.expert_id WHERE s.application_id=? ORDER BY s.id",
				"i", id)))
			return r->err.code;
		while ((rc = stmt_step(st, &r->err)) == 1) {
			if (!staff && col_int(st, 7) != r->who->user_id)
				continue;
			jw_obj(w);
			jw_kint(w, "id", col_int(st, 0));
			jw_kstr(w, "expert_name", col_text(st, 1));
			jw_kstr(w, "stage", col_text(st, 2));
			kdouble(w, "total", col_double(st, 3));
			jw_kstr(w, "recommendation", col_text(st, 4));
			jw_kstr(w, "reason", col_text(st, 5));
			jw_kbool(w, "discarded", col_int(st, 6) != 0);
			jw_ktime(w, "scored_at", col_int(st, 8));
			jw_obj_end(w);
		}
		stmt_done(st);
		if (rc < 0)
			return rc;
	}
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

struct stage_in {
	const char *stage, *result, *notes;
	int64_t version;
};
static const struct field stage_fields[] = {
	FLD_ENUM(struct stage_in, stage, FLD_REQ, prog_stages),
	FLD_ENUM(struct stage_in, result, FLD_REQ, rv_results),
	FLD_STR(struct stage_in, notes, 0, 0, 2000),
	FLD_INT(struct stage_in, version, 0, 0, INT64_MAX),
	FLD_END,
};

static int h_stage_record(struct req *r)
{
	struct stage_in in = {0};
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) || (rc = req_body(r, &in)) ||
	    (rc = rv_stage_record(&r->cx, id, in.stage, in.result, in.notes, in.version)))
		return rc;
	r->status = 201;
	return h_app_review(r);
}

/* The programmes the caller administers (newest first). */
static int h_programmes(struct req *r)
{
	struct stmt *st = db_q(r->db, &r->err, "SELECT id, code, name, year, status FROM programmes ORDER BY year DESC, id DESC", "");
	if (!st)
		return r->err.code;
	struct row {
		int64_t id, year;
		const char *code, *name, *status;
	} *rows = arena_alloc(r->arena, sizeof *rows * 200);
	int n = 0, rc;
	while (n < 200 && (rc = stmt_step(st, &r->err)) == 1) {
		rows[n] = (struct row){col_int(st, 0), col_int(st, 3), arena_strdup(r->arena, col_text(st, 1)),
				       arena_strdup(r->arena, col_text(st, 2)), arena_strdup(r->arena, col_text(st, 4))};
		n++;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	struct jw *w = &r->jw;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	for (int i = 0; i < n; i++) {
		if (prog_programme_admin(&r->cx, rows[i].id)) {
			err_clear(&r->err);
			continue;
		}
		jw_obj(w);
		jw_kint(w, "id", rows[i].id);
		jw_kstr(w, "code", rows[i].code);
		jw_kstr(w, "name", rows[i].name);
		jw_kint(w, "year", rows[i].year);
		jw_kstr(w, "status", rows[i].status);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

#define STAFF ROLES_STAFF
#define ANY ROLES_ANY
#define P "/api/v1/programmes/{code}"
const struct route review_routes[] = {
	{"GET", "/api/v1/review/programmes", h_programmes, STAFF, 0, "the programmes whose review the caller runs"},
	{"GET", P "/review", h_overview, STAFF, 0,
	 "a programme's review for its staff: rule, stage windows, rubric, experts with their declarations, the award batch"},
	{"PUT", P "/review/stages/{stage}", h_window, STAFF, 0, "set a stage's window (experts see their assignments only inside it)",
	 window_fields, FIELDS_CREATE},
	{"GET", P "/review/rubric", h_rubric, ANY, 0, "the programme's published rubric: criteria, weights, scale"},
	{"PUT", P "/review/rubric", h_rubric_put, STAFF, 0, "publish or replace the rubric (refused once a score exists)",
	 rubric_fields, FIELDS_CREATE},
	{"POST", P "/review/experts", h_expert_add, STAFF, 0, "add an expert (an account with the expert role) to the programme",
	 expert_fields, FIELDS_CREATE},
	{"GET", P "/review/assignments", h_assignments, STAFF, 0, "the programme's assignments with their scores (?stage, expert_id)"},
	{"POST", P "/review/assignments", h_assign, STAFF, 0,
	 "assign an expert to an application for a stage (refused before the expert declared, or when conflicted)", assign_fields,
	 FIELDS_CREATE},
	{"GET", P "/review/board", h_board, STAFF, 0, "the pipeline board: applications by stage"},
	{"GET", P "/review/ranking", h_ranking, STAFF, 0,
	 "the ranking per fund from the normalised scores: mean, min, max, standard deviation, number (?pfund_id)"},
	{"GET", P "/review/ranking/export", h_ranking_export, STAFF, 0, "the ranking as CSV or XLSX"},
	{"POST", P "/review/ranking", h_ranking_store, STAFF, 0, "store each application's aggregated score"},
	{"GET", P "/awards", h_awards, STAFF, 0, "the award batch: each fund's budget, what is left and marked, its lines, objections"},
	{"POST", P "/awards/compute", h_awards_compute, STAFF, 0, "compute the award batch by the programme's rule (draft only)"},
	{"POST", P "/awards/mark", h_awards_mark, STAFF, 0,
	 "mark or unmark an application (against the rule only with the committee's reason; never beyond the fund)", mark_fields,
	 FIELDS_CREATE},
	{"POST", P "/awards/approve", h_awards_approve, STAFF, 0, "the committee approves the batch: outcomes are set",
	 req_version_fields, FIELDS_CREATE},
	{"POST", P "/awards/publish", h_awards_publish, STAFF, 0, "publish the approved list (公示) for the objection period",
	 req_version_fields, FIELDS_CREATE},
	{"POST", P "/awards/close", h_awards_close, STAFF, 0, "close publication once the period ended and every objection is answered",
	 req_version_fields, FIELDS_CREATE},
	{"GET", "/api/v1/public/programmes/{code}/awards", h_public_awards, 0, RT_PUBLIC,
	 "the published award list: awards, overrides with their reasons, objections with their answers"},
	{"POST", "/api/v1/public/programmes/{code}/objections", h_objection_add, 0, RT_PUBLIC,
	 "raise an objection during publication (an account, or the public with a contact)", objection_fields, FIELDS_CREATE},
	{"POST", "/api/v1/review/objections/{id}/answer", h_objection_answer, STAFF, 0, "answer an objection (published with it)",
	 answer_fields, FIELDS_CREATE},
	{"GET", "/api/v1/review/me", h_me, ANY, 0, "the caller's programmes as an expert: declarations and the queue open now"},
	{"GET", "/api/v1/review/experts/{id}/queue/export", h_queue_export, ANY, 0, "the expert's queue as CSV or XLSX"},
	{"GET", "/api/v1/review/experts/{id}/organisations", h_orgs, ANY, 0, "organisations to declare a tie with (?q)"},
	{"POST", "/api/v1/review/experts/{id}/conflicts", h_conflict, ANY, 0,
	 "declare a conflict (organisation or application, tie, year) or none; recuses from what it touches", conflict_fields,
	 FIELDS_CREATE},
	{"POST", "/api/v1/review/experts/{id}/certify", h_certify, ANY, 0, "certify no undeclared conflict"},
	{"GET", "/api/v1/review/assignments/{id}", h_assignment, ANY, 0,
	 "an assignment for its expert: the application, the rubric, their score (404 when conflicted or outside the window)"},
	{"POST", "/api/v1/review/assignments/{id}/score", h_score, ANY, 0,
	 "score an assignment on every criterion with a recommendation (no needs a reason)", score_fields, FIELDS_CREATE},
	{"GET", "/api/v1/prog-applications/{id}/review", h_app_review, ANY, 0,
	 "an application's stage results and scores (staff: all; its expert: their own)"},
	{"POST", "/api/v1/prog-applications/{id}/stage-results", h_stage_record, STAFF, 0,
	 "record the current stage's result: pass moves it on, fail rejects it", stage_fields, FIELDS_CREATE},
	{NULL, NULL, NULL, 0, 0, NULL},
};
