/*
 * vitality_http.c — /api/v1/vitality: a region's index with its
 * components and 短板, the ranking of communities or towns, the monthly
 * trend, a side-by-side comparison (and its CSV/XLSX), the configuration (weights and
 * targets, published; edited by the district admin) and recompute.
 *
 * Reads of the district are public (RT_PUBLIC; vitality.c refuses anything
 * below the district to anonymous callers and checks every grant's scope).
 *
 * Recompute on read: a GET for a month never computed, or for the current
 * month when its snapshot is older than stale_minutes, recomputes it first.
 * Every parameter and the caller's scope are checked first, so a refused
 * read computes and writes nothing (issue 15, hole 11).
 * The router gives a GET a read transaction, so ensure_fresh() ends it,
 * recomputes in a write transaction of its own (audited as the system,
 * trigger "stale_read"; the staleness is checked again under the write
 * lock, so concurrent readers compute once) and opens a new read
 * transaction for the rest of the handler. This is the one place a handler
 * touches transactions, and why.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/jsonin.h"
#include "http/export_http.h"
#include "http/http.h"
#include "modules/vitality/vitality.h"
#include "modules/vitality/vitality_export.h"
#include "modules/vitality/vitality_http.h"
#include "store/store.h"

static int check_month(struct req *r, const char **month)
{
	*month = req_query(r, "month");
	if (*month && !**month)
		*month = NULL;
	struct vitality_period m;
	return vitality_month(&r->cx, *month, &m);
}

static int ensure_fresh(struct req *r, const char *month)
{
	bool stale = false;
	int rc = vitality_is_stale(&r->cx, month, &stale);
	if (rc || !stale)
		return rc;
	struct vitality_period m, cur;
	vitality_month_of(r->now, &cur);
	if (month && !vitality_month_parse(month, &m) && m.start > cur.start)
		return err_set(&r->err, ERR_RULE, "month", "该月份尚未到来", "that month has not come yet");
	db_rollback(r->db);
	rc = db_begin_write(r->db, &r->err);
	if (!rc) {
		struct ctx sys = r->cx; /* audited as the system */
		sys.who = NULL;
		rc = vitality_is_stale(&sys, month, &stale);
		if (!rc && stale)
			rc = vitality_recompute(&sys, month, "stale_read", NULL);
		if (!rc)
			rc = db_commit(r->db, &r->err);
		else
			db_rollback(r->db);
	}
	struct err e2 = {0};
	int rc2 = db_begin(r->db, rc ? &e2 : &r->err);
	return rc ? rc : rc2;
}

static int region_param(struct req *r, const char *name, int64_t *id)
{
	int rc = req_query_int(r, name, 0, 0, INT64_MAX, id);
	if (!rc && !*id)
		rc = vitality_default_region(&r->cx, id);
	return rc;
}

/* ?weak=complete (the default: 短板 of the last complete month while the
 * month asked for is in progress) or current (of the month itself); that
 * month fresh too. */
static int weak_param(struct req *r, const char *month, const char **weak_month)
{
	const char *weak = req_query(r, "weak");
	if (weak && *weak && strcmp(weak, "current") != 0 && strcmp(weak, "complete") != 0)
		return err_set(&r->err, ERR_INVALID, "weak", "weak 应为 complete 或 current",
			       "weak must be complete or current");
	*weak_month = vitality_weak_month(&r->cx, month, weak);
	return *weak_month ? ensure_fresh(r, *weak_month) : 0;
}

static int h_get(struct req *r)
{
	int64_t id;
	const char *month, *weak_month;
	int rc;
	if ((rc = check_month(r, &month)) || (rc = region_param(r, "region_id", &id)) ||
	    (rc = vitality_check_region(&r->cx, id)) || (rc = ensure_fresh(r, month)) ||
	    (rc = weak_param(r, month, &weak_month)))
		return rc;
	return vitality_write_region_weak(&r->cx, &r->jw, id, month, weak_month);
}

static int h_ranking(struct req *r)
{
	struct page pg;
	struct vitality_rank_q q = {0};
	int rc;
	if ((rc = req_page(r, &pg)) || (rc = check_month(r, &q.month)) ||
	    (rc = req_query_int(r, "parent_id", 0, 0, INT64_MAX, &q.parent_id)))
		return rc;
	q.level = req_query(r, "level");
	if (!q.level || !*q.level)
		q.level = "community";
	q.sort = req_query(r, "sort");
	q.limit = pg.per_page;
	q.offset = pg.offset;
	if ((rc = vitality_check_ranking(&r->cx, &q)) || (rc = ensure_fresh(r, q.month)) ||
	    (rc = weak_param(r, q.month, &q.weak_month)))
		return rc;
	int64_t total = 0;
	if ((rc = vitality_write_ranking(&r->cx, &r->jw, &q, &total)))
		return rc;
	jw_kint(&r->jw, "total", total);
	jw_kint(&r->jw, "page", pg.page);
	jw_kint(&r->jw, "per_page", pg.per_page);
	jw_obj_end(&r->jw);
	return 0;
}

static int h_trend(struct req *r)
{
	int64_t id, months;
	const char *month;
	int rc;
	if ((rc = check_month(r, &month)) || (rc = req_query_int(r, "months", 12, 1, 36, &months)) ||
	    (rc = region_param(r, "region_id", &id)) ||
	    (rc = vitality_check_region(&r->cx, id)) || (rc = ensure_fresh(r, month)))
		return rc;
	return vitality_write_trend(&r->cx, &r->jw, id, (int)months, month);
}

/* ?month and ?ids (1 to VITALITY_COMPARE_MAX distinct regions, each in
 * the caller's scope) of a comparison; the month's snapshots fresh. */
static int compare_query(struct req *r, const char **month, int64_t *ids, int *count)
{
	int rc = check_month(r, month);
	if (rc)
		return rc;
	const char *s = req_query(r, "ids");
	int n = 0;
	while (s && *s) {
		char *end;
		long long v = strtoll(s, &end, 10);
		if (end == s || v <= 0 || (*end && *end != ',') || n >= VITALITY_COMPARE_MAX)
			return err_setf(&r->err, ERR_INVALID, "ids", "ids 应为 1 到 %d 个以逗号分隔的区域编号",
					"ids must be 1 to %d comma-separated region ids", VITALITY_COMPARE_MAX);
		for (int i = 0; i < n; i++)
			if (ids[i] == v)
				return err_set(&r->err, ERR_INVALID, "ids", "区域编号重复", "duplicate region id");
		ids[n++] = v;
		s = *end ? end + 1 : end;
	}
	if (!n)
		return err_setf(&r->err, ERR_INVALID, "ids", "ids 应为 1 到 %d 个以逗号分隔的区域编号",
				"ids must be 1 to %d comma-separated region ids", VITALITY_COMPARE_MAX);
	for (int i = 0; i < n; i++)
		if ((rc = vitality_check_region(&r->cx, ids[i]))) {
			snprintf(r->err.field, sizeof r->err.field, "ids");
			return rc;
		}
	*count = n;
	return ensure_fresh(r, *month);
}

static int h_compare(struct req *r)
{
	const char *month;
	int64_t ids[VITALITY_COMPARE_MAX];
	int n = 0;
	int rc = compare_query(r, &month, ids, &n);
	return rc ? rc : vitality_write_compare(&r->cx, &r->jw, ids, n, month);
}

/* The comparison as CSV or XLSX (http/export_http.h; columns by region). */
static int compare_fill(struct req *r, struct export *x)
{
	const char *month;
	int64_t ids[VITALITY_COMPARE_MAX];
	int n = 0;
	int rc = compare_query(r, &month, ids, &n);
	return rc ? rc : vitality_compare_export(&r->cx, ids, n, month, x);
}

static const struct export_spec compare_export = {"vitality-compare", NULL};
static int h_compare_export(struct req *r) { return export_run(r, &compare_export, compare_fill); }

static int h_config_get(struct req *r) { return vitality_write_config(&r->cx, &r->jw); }

/* A number (integer or real) at key; 1 when absent or null. */
static int get_number(json_t *o, const char *key, double *out, struct err *e)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return 1;
	if (!json_is_number(v))
		return err_setf(e, ERR_INVALID, key, "字段 %s 应为数字", "field %s must be a number", key);
	*out = json_number_value(v);
	return 0;
}

static int parse_config(json_t *j, struct vitality_config_in *in, struct err *e)
{
	static const char *const keys[] = {"version", "stale_minutes", "components", NULL};
	static const char *const ikeys[] = {"key", "weight", "target", "floor", NULL};
	int rc;
	if ((rc = jin_only(j, keys, e)) || (rc = jin_int(j, "version", true, 1, INT64_MAX, &in->version, e)))
		return rc;
	if ((rc = jin_int(j, "stale_minutes", false, 1, 1440, &in->stale_minutes, e)) < 0)
		return rc;
	in->has_stale = rc == 0;
	json_t *arr = json_object_get(j, "components");
	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr) || json_array_size(arr) > sizeof in->items / sizeof in->items[0])
		return err_set(e, ERR_INVALID, "components", "components 应为指标数组",
			       "components must be an array of components");
	size_t i;
	json_t *it;
	json_array_foreach(arr, i, it) {
		struct vitality_config_item *c = &in->items[in->nitems];
		char field[160];
		if (!json_is_object(it)) {
			rc = err_set(e, ERR_INVALID, "components", "指标应为对象", "each component must be an object");
			goto bad;
		}
		if ((rc = jin_only(it, ikeys, e)) || (rc = jin_str(it, "key", true, 1, 64, &c->key, e)))
			goto bad;
		if ((rc = jin_int(it, "weight", false, INT32_MIN, INT32_MAX, &c->weight, e)) < 0)
			goto bad;
		c->has_weight = rc == 0;
		if ((rc = get_number(it, "target", &c->target, e)) < 0)
			goto bad;
		c->has_target = rc == 0;
		if ((rc = get_number(it, "floor", &c->floor, e)) < 0)
			goto bad;
		c->has_floor = rc == 0;
		in->nitems++;
		continue;
	bad:
		snprintf(field, sizeof field, "components[%zu]%s%s", i, e->field[0] ? "." : "", e->field);
		snprintf(e->field, sizeof e->field, "%.63s", field);
		return rc;
	}
	return 0;
}

static int h_config_put(struct req *r)
{
	json_t *j;
	int rc = jin_parse_object(r->body, r->body_len, &j, &r->err);
	if (rc)
		return rc;
	struct vitality_config_in in;
	memset(&in, 0, sizeof in);
	if ((rc = parse_config(j, &in, &r->err)) ||
	    (rc = vitality_config_update(&r->cx, &in)))
		goto done;
	rc = vitality_write_config(&r->cx, &r->jw);
done:
	json_decref(j);
	return rc;
}

static int h_recompute(struct req *r)
{
	json_t *j = NULL;
	const char *month = NULL;
	int rc = 0;
	if (r->body_len) {
		static const char *const keys[] = {"month", NULL};
		if ((rc = jin_parse_object(r->body, r->body_len, &j, &r->err)) ||
		    (rc = jin_only(j, keys, &r->err)))
			goto done;
		if ((rc = jin_str(j, "month", false, 7, 7, &month, &r->err)) < 0)
			goto done;
		rc = 0;
	}
	struct vitality_run run;
	if ((rc = vitality_recompute(&r->cx, month, "api", &run)))
		goto done;
	jw_obj(&r->jw);
	jw_kstr(&r->jw, "month", run.month);
	jw_kint(&r->jw, "regions", run.regions);
	jw_kint(&r->jw, "communities", run.communities);
	jw_kint(&r->jw, "absent_components", run.absent);
	jw_kint(&r->jw, "elapsed_ms", run.elapsed_us / 1000);
	jw_obj_end(&r->jw);
done:
	json_decref(j);
	return rc;
}

const struct route vitality_routes[] = {
	{"GET", "/api/v1/vitality", h_get, ROLES_ANY, RT_PUBLIC,
	 "a region's vitality index: total, components, 短板 (district public)"},
	{"GET", "/api/v1/vitality/ranking", h_ranking, ROLES_ANY, 0,
	 "ranking of communities or towns in scope (a community's staff: their town's communities)"},
	{"GET", "/api/v1/vitality/trend", h_trend, ROLES_ANY, RT_PUBLIC,
	 "monthly trend of a region's index (district public)"},
	{"GET", "/api/v1/vitality/compare", h_compare, ROLES_ANY, 0,
	 "side-by-side components of up to 6 regions"},
	{"GET", "/api/v1/vitality/compare/export", h_compare_export, ROLES_ANY, 0,
	 "the comparison as CSV/XLSX (社区对比), labels in ?lang=zh|en"},
	{"GET", "/api/v1/vitality/config", h_config_get, ROLES_ANY, RT_PUBLIC,
	 "published formula, weights and targets"},
	{"PUT", "/api/v1/vitality/config", h_config_put, R(ROLE_DISTRICT_ADMIN), 0,
	 "edit weights and targets (district admin; needs version)"},
	{"POST", "/api/v1/vitality/recompute", h_recompute, ROLES_ADMIN, 0,
	 "recompute one month's snapshots"},
	{NULL, NULL, NULL, 0, 0, NULL},
};
