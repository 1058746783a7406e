/*
 * exchange_match.c — the cost model and batch matching.
 *
 * A batch takes every demand under a region that still needs people
 * (people_needed minus its live matches) and every active service in the
 * district, decides each pair's feasibility and cost (exchange_pair_cost), and
 * hands the feasible pairs to assign_solve as a sparse problem with
 * need[i] = people still needed and cap[j] = weekly capacity left. The
 * solver serves as many slots as possible and, among those assignments,
 * the cheapest — never greedy. The chosen pairs become proposed matches;
 * demands left short are listed with the best reason any service got to.
 *
 * Cost terms (integers, documented in docs/exchange.md):
 *   distance  1 per 100 m between the two points, at most 100; 10 when a
 *             point is missing (served by region, distance unknown)
 *   skills    30 per skill the demand asks for that the service lacks
 *   schedule  20 × share of the demand's weekly slots the service misses
 *   load      40 × (open matches / weekly capacity)
 *   rating    10 × (5 − average rating), 15 while unrated
 *   urgency   0 urgent, 10 high, 20 normal, 30 low: when supply is short
 *             the solver serves the urgent demands first
 *   price     0 free, 5 low-cost, 15 paid
 * Infeasible: no shared term (a service's top-level term covers its
 * children), outside both the radius and the regions served (the home
 * region always counts), weekly schedules that do not overlap (0 = any
 * time), no capacity left, or the service already serves the demand (or
 * declined it).
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/wtime.h"
#include "core/xmem.h"
#include "modules/exchange/assign.h"
#include "modules/exchange/exchange.h"
#include "store/jcols.h"
#include "store/store.h"

const char *exchange_infeasible_code(int why)
{
	switch (why) {
	case XI_OK: return "ok";
	case XI_NO_SERVICE: return "no_service";
	case XI_NO_TERM: return "no_term";
	case XI_OUTSIDE_AREA: return "outside_area";
	case XI_NO_SCHEDULE: return "no_schedule";
	case XI_NO_CAPACITY: return "no_capacity";
	case XI_ALREADY: return "already_matched";
	case XI_COMPETITION: return "capacity_taken";
	case XI_TOO_FEW: return "too_few_services";
	default: return "unknown";
	}
}

double exchange_haversine_m(double lat1, double lon1, double lat2, double lon2)
{
	const double r = 6371008.8, rad = M_PI / 180.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double a = sin(dlat / 2) * sin(dlat / 2) +
		   cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
	return 2 * r * atan2(sqrt(a), sqrt(1 - a));
}

/* The next word of a comma-separated list, trimmed of blanks: [*a, *b).
 * Advances *p past it (NULL after the last); false at the end. */
static bool next_word(const char **p, const char **a, const char **b)
{
	if (!*p || !**p)
		return false;
	const char *end = strchr(*p, ',');
	*a = *p;
	*b = end ? end : *p + strlen(*p);
	while (*a < *b && (**a == ' ' || **a == '\t'))
		(*a)++;
	while (*b > *a && ((*b)[-1] == ' ' || (*b)[-1] == '\t'))
		(*b)--;
	*p = end ? end + 1 : NULL;
	return true;
}

/* Is the skill word [w, w+n) in the comma-separated list? (trimmed, exact) */
static bool has_skill(const char *list, const char *w, size_t n)
{
	const char *a, *b;
	for (const char *p = list; next_word(&p, &a, &b);)
		if ((size_t)(b - a) == n && memcmp(a, w, n) == 0)
			return true;
	return false;
}

static int missing_skills(const char *want, const char *have)
{
	int missing = 0;
	const char *a, *b;
	for (const char *p = want; next_word(&p, &a, &b);)
		if (b > a && !has_skill(have, a, (size_t)(b - a)))
			missing++;
	return missing;
}

static int urgency_cost(const char *u)
{
	if (!u)
		return 20;
	if (strcmp(u, "urgent") == 0)
		return 0;
	if (strcmp(u, "high") == 0)
		return 10;
	if (strcmp(u, "low") == 0)
		return 30;
	return 20;
}

int exchange_pair_cost(const struct exchange_dem *d, const struct exchange_svc *s, struct exchange_cost *c)
{
	memset(c, 0, sizeof *c);
	c->distance_m = -1;
	bool shared = false;
	for (int i = 0; i < d->nterms && !shared; i++)
		for (int j = 0; j < s->nterms && !shared; j++)
			shared = d->terms[i] == s->terms[j];
	if (!shared)
		return XI_NO_TERM;
	bool in_area = false;
	if (d->has_coords && s->has_coords) {
		double m = exchange_haversine_m(d->lat, d->lon, s->lat, s->lon);
		c->distance_m = (int64_t)llround(m);
		in_area = c->distance_m <= s->radius_m;
	}
	for (int k = 0; k < s->nserved && !in_area; k++)
		in_area = d->region_path && s->served_paths[k] &&
			  strncmp(d->region_path, s->served_paths[k], strlen(s->served_paths[k])) == 0;
	if (!in_area)
		return XI_OUTSIDE_AREA;
	if (d->schedule_mask && s->schedule_mask && !(d->schedule_mask & s->schedule_mask))
		return XI_NO_SCHEDULE;
	if (s->capacity - s->load <= 0)
		return XI_NO_CAPACITY;

	c->distance = c->distance_m >= 0 ? (c->distance_m / 100 > 100 ? 100 : c->distance_m / 100) : 10;
	c->missing_skills = missing_skills(d->skills, s->skills);
	c->skills = 30LL * c->missing_skills;
	if (d->schedule_mask && s->schedule_mask) {
		int dn = __builtin_popcountll((unsigned long long)d->schedule_mask);
		int ov = __builtin_popcountll((unsigned long long)(d->schedule_mask & s->schedule_mask));
		c->schedule = 20LL * (dn - ov) / dn;
	}
	c->load = s->capacity > 0 ? 40LL * s->load / s->capacity : 40;
	c->rating = s->rating_count > 0
			    ? (10LL * (5 * s->rating_count - s->rating_sum) + s->rating_count / 2) / s->rating_count
			    : 15;
	c->urgency = urgency_cost(d->urgency);
	c->price = !s->cost_kind || strcmp(s->cost_kind, "free") == 0 ? 0
		   : strcmp(s->cost_kind, "low_cost") == 0		  ? 5
									  : 15;
	c->total = c->distance + c->skills + c->schedule + c->load + c->rating + c->urgency + c->price;
	return XI_OK;
}

void exchange_cost_json(struct jw *w, const struct exchange_cost *c)
{
	jw_obj(w);
	jw_kint(w, "distance", c->distance);
	if (c->distance_m >= 0)
		jw_kint(w, "distance_m", c->distance_m);
	else
		jw_knull(w, "distance_m");
	jw_kint(w, "skills", c->skills);
	jw_kint(w, "missing_skills", c->missing_skills);
	jw_kint(w, "schedule", c->schedule);
	jw_kint(w, "load", c->load);
	jw_kint(w, "rating", c->rating);
	jw_kint(w, "urgency", c->urgency);
	jw_kint(w, "price", c->price);
	jw_kint(w, "total", c->total);
	jw_obj_end(w);
}

/* ---------- loading the problem ---------- */

struct ids {
	int64_t *v;
	int n, cap;
};

static void ids_push(struct ids *a, int64_t x)
{
	XGROW(a->v, a->n, a->cap, 16);
	a->v[a->n++] = x;
}

struct ldem {
	struct exchange_dem d;
	struct ids terms;
	char *title;
	int64_t region_id;
};
struct lsvc {
	struct exchange_svc s;
	struct ids terms;
	char **paths;
	int npaths, cappaths;
};
struct problem {
	struct ldem *dem;
	int nd;
	struct lsvc *svc;
	int ns;
};

static char *dup0(const char *s)
{
	char *r = strdup(s ? s : "");
	if (!r)
		abort();
	return r;
}

static void problem_free(struct problem *pb)
{
	for (int i = 0; i < pb->nd; i++) {
		free((char *)pb->dem[i].d.region_path);
		free((char *)pb->dem[i].d.skills);
		free((char *)pb->dem[i].d.urgency);
		free(pb->dem[i].terms.v);
		free(pb->dem[i].title);
	}
	for (int j = 0; j < pb->ns; j++) {
		free((char *)pb->svc[j].s.skills);
		free((char *)pb->svc[j].s.cost_kind);
		free(pb->svc[j].terms.v);
		for (int k = 0; k < pb->svc[j].npaths; k++)
			free(pb->svc[j].paths[k]);
		free(pb->svc[j].paths);
	}
	free(pb->dem);
	free(pb->svc);
	memset(pb, 0, sizeof *pb);
}

/* The index of the element whose id (an int64_t at offset off of each
 * stride-byte element, sorted by it) is id, or -1. */
static int find_id(const void *base, int n, size_t stride, size_t off, int64_t id)
{
	int lo = 0, hi = n - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		int64_t at;
		memcpy(&at, (const char *)base + (size_t)mid * stride + off, sizeof at);
		if (at == id)
			return mid;
		if (at < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static int find_svc(const struct problem *pb, int64_t id)
{
	return find_id(pb->svc, pb->ns, sizeof *pb->svc, offsetof(struct lsvc, s.id), id);
}

/* The rows (owner id, term id) of st into the terms of the owners (dem or
 * svc: find_id's layout, terms at terms_off), then stmt_done(st). */
static int push_terms(struct stmt *st, void *base, int n, size_t stride, size_t id_off, size_t terms_off,
		      struct err *e)
{
	int rc;
	if (!st)
		return e->code;
	while ((rc = stmt_step(st, e)) == 1) {
		int i = find_id(base, n, stride, id_off, col_int(st, 0));
		if (i >= 0)
			ids_push((struct ids *)((char *)base + (size_t)i * stride + terms_off), col_int(st, 1));
	}
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

#define LIVE "('proposed','accepted','delivered','confirmed','rated')"
/* A service that declined a demand is not proposed for it again. */
#define TAKEN "('proposed','accepted','delivered','confirmed','rated','declined')"

/* Demands under path (or the one demand_id) still needing people, by id. */
static int load_demands(struct db *db, const char *path, int64_t demand_id, struct problem *pb,
			struct err *e)
{
	static const char *where =
		" FROM xchg_demands d JOIN regions r ON r.id=d.region_id"
		" WHERE ((?=0 AND r.path >= ? AND r.path < substr(?,1,length(?)-1) || '0'"
		"   AND d.status IN ('open','matching','in_progress')) OR d.id=?)";
	struct sb sql = SB_INIT;
	sb_adds(&sql, "SELECT d.id, r.path, d.latitude IS NOT NULL AND d.longitude IS NOT NULL,"
		      " coalesce(d.latitude,0), coalesce(d.longitude,0), d.schedule_mask, d.skills, d.urgency,"
		      " d.people_needed - (SELECT count(*) FROM xchg_matches m WHERE m.demand_id=d.id AND m.status IN " LIVE "),"
		      " d.title, d.region_id");
	sb_adds(&sql, where);
	sb_adds(&sql, " ORDER BY d.id");
	struct stmt *st = db_q(db, e, sb_str(&sql), "isssi", demand_id, path, path, path, demand_id);
	int rc = 0, cap = 0;
	if (!st) {
		rc = e->code;
		goto done;
	}
	while ((rc = stmt_step(st, e)) == 1) {
		int need = (int)col_int(st, 8);
		if (need <= 0 && !demand_id)
			continue;
		XGROW(pb->dem, pb->nd, cap, 64);
		struct ldem *L = &pb->dem[pb->nd++];
		memset(L, 0, sizeof *L);
		L->d.id = col_int(st, 0);
		L->d.region_path = dup0(col_text(st, 1));
		L->d.has_coords = col_int(st, 2) != 0;
		L->d.lat = col_double(st, 3);
		L->d.lon = col_double(st, 4);
		L->d.schedule_mask = col_int(st, 5);
		L->d.skills = dup0(col_text(st, 6));
		L->d.urgency = dup0(col_text(st, 7));
		L->d.need = need;
		L->title = dup0(col_text(st, 9));
		L->region_id = col_int(st, 10);
	}
	stmt_done(st);
	if (rc < 0)
		goto done;
	sb_reset(&sql);
	sb_adds(&sql, "SELECT dt.demand_id, dt.term_id FROM xchg_demand_terms dt WHERE dt.demand_id IN (SELECT d.id");
	sb_adds(&sql, where);
	sb_adds(&sql, ")");
	st = db_q(db, e, sb_str(&sql), "isssi", demand_id, path, path, path, demand_id);
	if ((rc = push_terms(st, pb->dem, pb->nd, sizeof *pb->dem, offsetof(struct ldem, d.id),
			     offsetof(struct ldem, terms), e)))
		goto done;
	for (int i = 0; i < pb->nd; i++) {
		pb->dem[i].d.terms = pb->dem[i].terms.v;
		pb->dem[i].d.nterms = pb->dem[i].terms.n;
	}
	rc = 0;
done:
	sb_free(&sql);
	return rc;
}

static void svc_add_path(struct lsvc *S, const char *path)
{
	XGROW(S->paths, S->npaths, S->cappaths, 4);
	S->paths[S->npaths++] = dup0(path);
}

/* Active services (or the one service_id, whatever its status), by id. */
static int load_services(struct db *db, int64_t service_id, struct problem *pb, struct err *e)
{
	struct stmt *st = db_q(
		db, e,
		"SELECT s.id, s.region_id, r.path, s.latitude IS NOT NULL AND s.longitude IS NOT NULL,"
		" coalesce(s.latitude,0), coalesce(s.longitude,0), s.radius_m, s.schedule_mask,"
		" s.capacity_per_week, s.rating_sum, s.rating_count, s.skills, s.cost_kind,"
		" (SELECT count(*) FROM xchg_matches m WHERE m.service_id=s.id AND m.status IN ('proposed','accepted')),"
		" s.status='active'"
		" FROM xchg_services s JOIN regions r ON r.id=s.region_id"
		" WHERE (?=0 AND s.status='active') OR s.id=? ORDER BY s.id",
		"ii", service_id, service_id);
	int rc, cap = 0;
	if (!st)
		return e->code;
	while ((rc = stmt_step(st, e)) == 1) {
		XGROW(pb->svc, pb->ns, cap, 64);
		struct lsvc *S = &pb->svc[pb->ns++];
		memset(S, 0, sizeof *S);
		S->s.id = col_int(st, 0);
		S->s.region_id = col_int(st, 1);
		svc_add_path(S, col_text(st, 2));
		S->s.has_coords = col_int(st, 3) != 0;
		S->s.lat = col_double(st, 4);
		S->s.lon = col_double(st, 5);
		S->s.radius_m = col_int(st, 6);
		S->s.schedule_mask = col_int(st, 7);
		S->s.capacity = col_int(st, 14) ? col_int(st, 8) : 0; /* paused: no capacity */
		S->s.rating_sum = col_int(st, 9);
		S->s.rating_count = col_int(st, 10);
		S->s.skills = dup0(col_text(st, 11));
		S->s.cost_kind = dup0(col_text(st, 12));
		S->s.load = col_int(st, 13);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	/* Terms with the children of each top-level term (a service offering
	 * 为老服务 serves 探访关怀 too). */
	st = db_q(db, e,
		  "SELECT st.service_id, st.term_id FROM xchg_service_terms st JOIN xchg_services s ON s.id=st.service_id"
		  " WHERE (?=0 AND s.status='active') OR s.id=?"
		  " UNION SELECT st.service_id, c.id FROM xchg_service_terms st JOIN xchg_services s ON s.id=st.service_id"
		  " JOIN xchg_terms c ON c.parent_id=st.term_id WHERE (?=0 AND s.status='active') OR s.id=?",
		  "iiii", service_id, service_id, service_id, service_id);
	if ((rc = push_terms(st, pb->svc, pb->ns, sizeof *pb->svc, offsetof(struct lsvc, s.id),
			     offsetof(struct lsvc, terms), e)))
		return rc;
	if (!(st = db_q(db, e,
			"SELECT x.service_id, r.path FROM xchg_service_regions x JOIN regions r ON r.id=x.region_id"
			" JOIN xchg_services s ON s.id=x.service_id WHERE (?=0 AND s.status='active') OR s.id=?",
			"ii", service_id, service_id)))
		return e->code;
	while ((rc = stmt_step(st, e)) == 1) {
		int j = find_svc(pb, col_int(st, 0));
		if (j >= 0)
			svc_add_path(&pb->svc[j], col_text(st, 1));
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	for (int j = 0; j < pb->ns; j++) {
		pb->svc[j].s.terms = pb->svc[j].terms.v;
		pb->svc[j].s.nterms = pb->svc[j].terms.n;
		pb->svc[j].s.served_paths = (const char *const *)pb->svc[j].paths;
		pb->svc[j].s.nserved = pb->svc[j].npaths;
	}
	return 0;
}

/* Cost of one demand with one service, as loaded now (reassign). The
 * service's own live match with this demand (the one being reassigned
 * away from) does not count as "already". */
int exchange_pair_eval(struct db *db, int64_t demand_id, int64_t service_id, struct exchange_cost *c,
		   int *why, struct err *e)
{
	struct problem pb = {0};
	int rc = load_demands(db, "", demand_id, &pb, e);
	if (!rc)
		rc = load_services(db, service_id, &pb, e);
	if (rc)
		goto done;
	if (pb.nd != 1 || pb.ns != 1) {
		rc = err_set(e, ERR_NOT_FOUND, pb.nd != 1 ? "demand_id" : "service_id", "需求或服务不存在",
			     "no such demand or service");
		goto done;
	}
	int64_t live = 0;
	if ((rc = db_int(db, e, &live,
			 "SELECT count(*) FROM xchg_matches WHERE demand_id=? AND service_id=? AND status IN " TAKEN,
			 "ii", demand_id, service_id)) < 0)
		goto done;
	rc = 0;
	*why = live ? XI_ALREADY : exchange_pair_cost(&pb.dem[0].d, &pb.svc[0].s, c);
done:
	problem_free(&pb);
	return rc;
}

/* Feasible services for a match's demand other than those already
 * serving it, cheapest first (the reassign dialog). */
struct alt {
	int j;
	struct exchange_cost c;
};

static int alt_cmp(const void *a, const void *b)
{
	const struct alt *x = a, *y = b;
	if (x->c.total != y->c.total)
		return x->c.total < y->c.total ? -1 : 1;
	return x->j - y->j;
}

int exchange_alternatives_write(struct ctx *c, struct jw *w, int64_t match_id)
{
	struct db *db = c->db;
	struct err *e = c->e;
	struct problem pb = {0};
	struct alt *alts = NULL;
	int64_t demand_id = 0;
	struct record rec;
	int rc;
	if ((rc = record_load(c, &exchange_match_kind, match_id, EXCHANGE_STAFF, &rec)) ||
	    (rc = db_int(db, e, &demand_id, "SELECT demand_id FROM xchg_matches WHERE id=?", "i",
			 match_id)) < 0)
		return rc;
	struct stmt *st;
	if ((rc = load_demands(db, "", demand_id, &pb, e)) || (rc = load_services(db, 0, &pb, e)))
		goto done;
	if (pb.nd != 1) {
		rc = err_set(e, ERR_NOT_FOUND, "id", "需求不存在", "no such demand");
		goto done;
	}
	alts = calloc((size_t)pb.ns + 1, sizeof *alts);
	if (!alts)
		abort();
	int n = 0;
	for (int j = 0; j < pb.ns; j++) {
		int64_t live = 0;
		if ((rc = db_int(db, e, &live,
				 "SELECT count(*) FROM xchg_matches WHERE demand_id=? AND service_id=? AND status IN " TAKEN,
				 "ii", demand_id, pb.svc[j].s.id)) < 0)
			goto done;
		if (live)
			continue;
		if (exchange_pair_cost(&pb.dem[0].d, &pb.svc[j].s, &alts[n].c) == XI_OK)
			alts[n++].j = j;
	}
	qsort(alts, (size_t)n, sizeof *alts, alt_cmp);
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	for (int k = 0; k < n && k < 50; k++) {
		int64_t sid = pb.svc[alts[k].j].s.id;
		st = db_q(db, e,
			  "SELECT s.name, coalesce(o.name, t.name, pe.name) FROM xchg_services s"
			  " LEFT JOIN organisations o ON o.id=s.organisation_id LEFT JOIN teams t ON t.id=s.team_id"
			  " LEFT JOIN people pe ON pe.id=s.person_id WHERE s.id=?",
			  "i", sid);
		if (!st) {
			rc = e->code;
			goto done;
		}
		if ((rc = stmt_step(st, e)) == 1) {
			jw_obj(w);
			jw_kint(w, "service_id", sid);
			jw_kstr(w, "name", col_text(st, 0));
			jw_kstr(w, "provider_name", col_text(st, 1));
			jw_key(w, "cost_breakdown");
			exchange_cost_json(w, &alts[k].c);
			jw_obj_end(w);
		}
		stmt_done(st);
		if (rc < 0)
			goto done;
	}
	jw_arr_end(w);
	jw_kint(w, "total", n);
	jw_obj_end(w);
	rc = 0;
done:
	problem_free(&pb);
	free(alts);
	return rc;
}

/* ---------- the batch ---------- */

static const struct col batch_cols[] = {
	{"region_id", "区域", COL_INT}, {"demands", "需求数", COL_INT}, {"services", "服务数", COL_INT},
	{"matched", "匹配数", COL_INT}, {"total_cost", "总成本", COL_INT},
};
static const struct record_kind batch_kind = {
	.entity = "xchg_match_batch", .what_zh = "匹配批次", .what_en = "match batch",
	.head_sql = "SELECT b.id, b.region_id, 0, r.path FROM xchg_match_batches b"
		    " JOIN regions r ON r.id=b.region_id WHERE b.id=?",
	.row_sql = "SELECT region_id, demands, services, matched, total_cost FROM xchg_match_batches WHERE id=?",
	.cols = batch_cols, .ncols = (int)(sizeof batch_cols / sizeof batch_cols[0]),
	.read_roles = EXCHANGE_FIELD,
};

int exchange_match_run(struct ctx *ctx, int64_t region_id, struct exchange_batch_result *out)
{
	struct db *db = ctx->db;
	const struct principal *p = ctx->who;
	struct err *e = ctx->e;
	int64_t now = ctx->now;
	int64_t t0 = wtime_mono();
	struct problem pb = {0};
	struct assign_result ar = {0};
	const char *path = NULL;
	int *row_start = NULL, *col = NULL, *need = NULL, *cap = NULL, *best = NULL, *nfeas = NULL;
	int64_t *cost = NULL;
	struct exchange_cost *costs = NULL;
	size_t ncsr = 0, capcsr = 0;
	struct sb uj = SB_INIT, cj = SB_INIT;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = exchange_region_path(ctx, region_id, &path)))
		goto done;
	if (p && !auth_covers_path(p, EXCHANGE_STAFF, path)) {
		rc = auth_forbidden(e);
		goto done;
	}
	if ((rc = load_demands(db, path, 0, &pb, e)) || (rc = load_services(db, 0, &pb, e)))
		goto done;

	/* Pairs already live (a demand needs distinct services) or declined. */
	struct stmt *st = db_q(db, e,
			       "SELECT m.demand_id, m.service_id FROM xchg_matches m JOIN xchg_demands d ON d.id=m.demand_id"
			       " JOIN regions r ON r.id=d.region_id WHERE m.status IN " TAKEN
			       " AND r.path >= ? AND r.path < substr(?,1,length(?)-1) || '0'",
			       "sss", path, path, path);
	if (!st) {
		rc = e->code;
		goto done;
	}
	struct ids taken_d = {0}, taken_s = {0};
	while ((rc = stmt_step(st, e)) == 1) {
		ids_push(&taken_d, col_int(st, 0));
		ids_push(&taken_s, col_int(st, 1));
	}
	stmt_done(st);
	if (rc < 0) {
		free(taken_d.v);
		free(taken_s.v);
		goto done;
	}

	int nd = pb.nd, ns = pb.ns;
	row_start = calloc((size_t)nd + 1, sizeof *row_start);
	need = calloc((size_t)nd + 1, sizeof *need);
	cap = calloc((size_t)ns + 1, sizeof *cap);
	best = calloc((size_t)nd + 1, sizeof *best);
	nfeas = calloc((size_t)nd + 1, sizeof *nfeas);
	if (!row_start || !need || !cap || !best || !nfeas)
		abort();
	for (int j = 0; j < ns; j++) {
		int64_t left = pb.svc[j].s.capacity - pb.svc[j].s.load;
		cap[j] = left > 0 ? (int)left : 0;
	}
	for (int i = 0; i < nd; i++) {
		need[i] = pb.dem[i].d.need;
		best[i] = ns ? XI_NO_TERM : XI_NO_SERVICE;
		row_start[i] = (int)ncsr;
		for (int j = 0; j < ns; j++) {
			struct exchange_cost c;
			int why = exchange_pair_cost(&pb.dem[i].d, &pb.svc[j].s, &c);
			if (why == XI_OK) {
				for (int k = 0; k < taken_d.n; k++)
					if (taken_d.v[k] == pb.dem[i].d.id && taken_s.v[k] == pb.svc[j].s.id) {
						why = XI_ALREADY;
						break;
					}
			}
			if (why != XI_OK) {
				if (why > best[i])
					best[i] = why;
				continue;
			}
			if (ncsr == capcsr) {
				capcsr = capcsr ? capcsr * 2 : 1024;
				col = xrealloc(col, capcsr * sizeof *col);
				cost = xrealloc(cost, capcsr * sizeof *cost);
				costs = xrealloc(costs, capcsr * sizeof *costs);
			}
			col[ncsr] = j;
			cost[ncsr] = c.total;
			costs[ncsr] = c;
			ncsr++;
			nfeas[i]++;
		}
	}
	row_start[nd] = (int)ncsr;
	free(taken_d.v);
	free(taken_s.v);

	struct assign_problem ap = {.rows = nd, .cols = ns, .need = need, .cap = cap,
				    .row_start = row_start, .col = col ? col : (int[]){0},
				    .cost = cost ? cost : (int64_t[]){0}, .method = ASSIGN_SPARSE};
	if (nd > 0 && (rc = assign_solve(&ap, &ar, e)))
		goto done;

	/* The batch row first: the matches refer to it. */
	if ((rc = db_int(db, e, &out->batch_id,
			 "INSERT INTO xchg_match_batches (region_id, run_by, demands, services, matched, total_cost,"
			 " unmatched_json, elapsed_us, created_at) VALUES (?,?,?,?,0,0,'[]',0,?) RETURNING id",
			 "iiiii", region_id, p ? p->user_id : (int64_t)1, (int64_t)nd, (int64_t)ns, now)) < 0)
		goto done;

	int64_t due = exchange_add_working_days(db, now, EXCHANGE_ANSWER_WORKING_DAYS);
	for (int k = 0; k < ar.npairs; k++) {
		int i = ar.pair_row[k], j = ar.pair_col[k];
		/* The pair's cost record: find it in row i's CSR range. */
		const struct exchange_cost *c = NULL;
		for (int x = row_start[i]; x < row_start[i + 1]; x++)
			if (col[x] == j) {
				c = &costs[x];
				break;
			}
		if (!c) {
			rc = err_set(e, ERR_INTERNAL, "", "匹配结果不一致", "solver returned an unknown pair");
			goto done;
		}
		sb_reset(&cj);
		struct jw w;
		jw_init(&w, &cj);
		exchange_cost_json(&w, c);
		int64_t mid = 0;
		if (!(st = db_q(db, e,
				"INSERT INTO xchg_matches (demand_id, service_id, batch_id, status, cost, cost_json, due_at,"
				" proposed_at, version, created_at, updated_at) VALUES (?,?,?,'proposed',?,?,?,?,1,?,?)"
				" RETURNING id",
				"iiiisiiii", pb.dem[i].d.id, pb.svc[j].s.id, out->batch_id, c->total, sb_str(&cj),
				due, now, now, now))) {
			rc = e->code;
			goto done;
		}
		if ((rc = stmt_step(st, e)) == 1)
			mid = col_int(st, 0);
		stmt_done(st);
		if (rc < 0)
			goto done;
		struct sb a = SB_INIT;
		sb_addf(&a, "{\"demand_id\":%lld,\"service_id\":%lld,\"batch_id\":%lld,\"status\":\"proposed\",\"cost\":",
			(long long)pb.dem[i].d.id, (long long)pb.svc[j].s.id, (long long)out->batch_id);
		sb_adds(&a, sb_str(&cj));
		sb_addc(&a, '}');
		/* Filed under the demand's region, so the community sees it. */
		rc = audit_record(ctx, "create", "xchg_match", mid, pb.dem[i].region_id, NULL, sb_str(&a));
		sb_free(&a);
		if (rc)
			goto done;
	}
	/* Demand statuses, and the unmatched list with reasons. */
	struct jw uw;
	jw_init(&uw, &uj);
	jw_arr(&uw);
	for (int i = 0; i < nd; i++) {
		int served = nd && ar.row_served ? ar.row_served[i] : 0;
		if (served > 0 && (rc = exchange_demand_refresh(ctx, pb.dem[i].d.id)))
			goto done;
		if (served >= need[i])
			continue;
		out->unmatched++;
		/* Short because too few distinct services fit (a demand for four
		 * people, one team), or because others in the batch took them. */
		int why = served + nfeas[i] < need[i] && (nfeas[i] > 0 || best[i] == XI_ALREADY) ? XI_TOO_FEW
			  : nfeas[i] > 0 ? XI_COMPETITION
					 : best[i];
		jw_obj(&uw);
		jw_kint(&uw, "demand_id", pb.dem[i].d.id);
		jw_kstr(&uw, "title", pb.dem[i].title);
		jw_kstr(&uw, "reason", exchange_infeasible_code(why));
		jw_kint(&uw, "need", need[i]);
		jw_kint(&uw, "served", served);
		jw_kint(&uw, "feasible", nfeas[i]);
		jw_obj_end(&uw);
	}
	jw_arr_end(&uw);
	out->demands = nd;
	out->services = ns;
	out->matched = nd ? ar.npairs : 0;
	out->total_cost = nd ? ar.total_cost : 0;
	out->elapsed_us = wtime_mono() - t0;
	if ((rc = db_exec(db, e,
			  "UPDATE xchg_match_batches SET matched=?, total_cost=?, unmatched_json=?, elapsed_us=? WHERE id=?",
			  "iisii", (int64_t)out->matched, out->total_cost, sb_str(&uj), out->elapsed_us,
			  out->batch_id)))
		goto done;
	rc = record_created(ctx, &batch_kind, out->batch_id, region_id, NULL);
done:
	assign_result_free(&ar);
	problem_free(&pb);
	free(row_start);
	free(need);
	free(cap);
	free(best);
	free(nfeas);
	free(col);
	free(cost);
	free(costs);
	sb_free(&uj);
	sb_free(&cj);
	return rc;
}

#define BATCH_COLS                                                                           \
	"b.id, b.region_id, r.name, b.run_by, u.display_name, b.demands, b.services, b.matched,"   \
	" b.total_cost, b.unmatched_json, b.elapsed_us, b.created_at, r.path"

static const struct jcol batch_head[] = {
	{"id", 0, JC_INT}, {"region_id", 1, JC_INT}, {"region_name", 2, JC_TEXT},
	{"run_by", 3, JC_INT}, {"run_by_name", 4, JC_TEXT}, {"demands", 5, JC_INT},
	{"services", 6, JC_INT}, {"matched", 7, JC_INT}, {"total_cost", 8, JC_INT},
};
static const struct jcol batch_tail[] = {{"elapsed_us", 10, JC_INT}, {"created_at", 11, JC_TIME}};

static void batch_row(struct jw *w, struct stmt *st, bool with_unmatched)
{
	jw_obj(w);
	jw_cols(w, st, JCOLS(batch_head));
	if (with_unmatched) {
		jw_key(w, "unmatched");
		jw_raw(w, col_text(st, 9) ? col_text(st, 9) : "[]");
	}
	jw_cols(w, st, JCOLS(batch_tail));
	jw_obj_end(w);
}

int exchange_batch_write(struct ctx *c, struct jw *w, int64_t id)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT " BATCH_COLS " FROM xchg_match_batches b JOIN regions r ON r.id=b.region_id"
			" LEFT JOIN users u ON u.id=b.run_by WHERE b.id=?",
			"i", id);
	if (rc <= 0)
		return rc < 0 ? rc : exchange_not_found(c, "匹配批次", "match batch");
	bool ok = !c->who || auth_covers_path(c->who, EXCHANGE_FIELD, col_text(st, 12));
	if (ok)
		batch_row(w, st, true);
	stmt_done(st);
	return ok ? 0 : auth_forbidden(c->e);
}

int exchange_batch_create(struct ctx *c, const void *vin, int64_t *id_out)
{
	const struct exchange_batch_in *in = vin;
	struct exchange_batch_result res;
	int rc = exchange_match_run(c, in->region_id, &res);
	if (!rc)
		*id_out = res.batch_id;
	return rc;
}

int exchange_batch_run_write(struct ctx *c, struct jw *w, int64_t id)
{
	/* The batch with its proposals (the board shows them at once). */
	struct exchange_match_filter f = {.batch_id = id, .limit = 100};
	int64_t total = 0;
	int rc;
	jw_obj(w);
	jw_key(w, "batch");
	if ((rc = exchange_batch_write(c, w, id)))
		return rc;
	jw_key(w, "proposals");
	jw_arr(w);
	if ((rc = exchange_matches_list(c->db, c->who, w, &f, c->now, &total, c->e)))
		return rc;
	jw_arr_end(w);
	jw_kint(w, "proposals_total", total);
	jw_obj_end(w);
	return 0;
}

/* The batches list (store/list.h): the runs for regions in the caller's
 * primary field grant, or in a region inside it, newest first. */
static const struct list_sort batch_sorts[] = {
	{"id", "b.id", false, true},
	EXCHANGE_SORTS_END,
};
static const struct list_spec batch_list = {
	EXCHANGE_LIST_KEYS("b"),
	.table = "xchg_match_batches b",
	.sorts = batch_sorts, .default_sort = "-id",
	.select = BATCH_COLS,
	.from = "xchg_match_batches b JOIN regions r ON r.id=b.region_id LEFT JOIN users u ON u.id=b.run_by",
};

static int batch_list_row(struct stmt *st, void *w, struct err *e)
{
	(void)e;
	batch_row(w, st, false);
	return 0;
}

int exchange_batches_list(struct ctx *c, struct jw *w, int64_t region_id, int64_t limit,
		      int64_t offset, struct list_result *res)
{
	const char *scope = exchange_scope_path(c->who, EXCHANGE_FIELD);
	int rc;
	if (!scope)
		return auth_forbidden(c->e);
	if (region_id && ((rc = auth_scope_region(c->db, c->who, EXCHANGE_FIELD, region_id, c->e)) ||
			  (rc = exchange_region_path(c, region_id, &scope))))
		return rc;
	struct list_q *q = list_new(&batch_list);
	struct list_req req = {.page = limit ? offset / limit + 1 : 1, .per_page = limit};
	if (!(rc = list_subtree(q, c->db, scope, c->e)))
		rc = list_run(c->db, q, &req, batch_list_row, w, res, c->e);
	list_free(q);
	return rc;
}
