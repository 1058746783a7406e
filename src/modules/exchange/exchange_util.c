/*
 * exchange_util.c — small pieces the exchange's files share: working-day
 * deadlines in Asia/Shanghai (through the holiday calendar), the three
 * status groups residents see, region paths, the enums of the bodies, and
 * the taxonomy terms a demand or service carries.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/pii.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "modules/calendar/calendar.h"
#include "modules/exchange/exchange.h"
#include "modules/exchange/exchange_keyword_list.h"
#include "store/jcols.h"
#include "store/store.h"
#include "store/list.h"

#define DAY_US (86400LL * WTIME_US)

int exchange_weekday(int64_t t)
{
	int64_t local = t + (int64_t)WTIME_SHANGHAI_OFFSET_S * WTIME_US;
	int64_t days = local >= 0 ? local / DAY_US : -((-local + DAY_US - 1) / DAY_US);
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int w = (int)((days + 3) % 7);
	return w < 0 ? w + 7 : w;
}

int64_t exchange_add_working_days(struct db *db, int64_t t, int n)
{
	int64_t due;
	struct err e = {0};
	if (cal_add_working_days(db, t, n, &due, &e) == 0)
		return due;
	log_error("working-day calendar unreadable (%s): counting Monday to Friday", e.message_en);
	/* Step one calendar day at a time (Shanghai has no DST, so a day is
	 * always 24 h) and count the days that land on Monday–Friday. */
	while (n > 0) {
		t += DAY_US;
		if (exchange_weekday(t) < 5)
			n--;
	}
	return t;
}

const char *exchange_match_group(const char *status, int64_t due_at, int64_t now)
{
	if (!status)
		return "in_progress";
	bool live = strcmp(status, "proposed") == 0 || strcmp(status, "accepted") == 0;
	bool helped = strcmp(status, "delivered") == 0 || strcmp(status, "confirmed") == 0 ||
		      strcmp(status, "rated") == 0;
	if ((live || strcmp(status, "delivered") == 0) && due_at && due_at < now)
		return "needs_action";
	if (live)
		return "in_progress";
	if (helped)
		return "got_help";
	return "needs_action"; /* declined, expired, disputed, cancelled */
}

bool exchange_match_awaits(const char *status, bool sent, bool side, bool provider)
{
	return (side && strcmp(status, "delivered") == 0) ||
	       (provider && sent && strcmp(status, "proposed") == 0);
}

int exchange_region_path(struct ctx *c, int64_t region_id, const char **path_out)
{
	char *path;
	int rc = list_region_path_in(c->db, c->a, region_id, &path, c->e);
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "region_id", "区域不存在", "no such region");
	if (rc == 1)
		*path_out = path;
	return rc < 0 ? rc : 0;
}

const char *exchange_scope_path(const struct principal *p, unsigned mask)
{
	const struct grant *g = auth_primary_grant(p, mask);
	return g ? g->region_path : NULL;
}

void exchange_write_masked_phone(struct jw *w, const char *phone)
{
	if (!phone || !*phone) {
		jw_null(w);
		return;
	}
	struct sb b = SB_INIT;
	pii_mask_mobile(&b, phone, strlen(phone));
	jw_str(w, sb_str(&b));
	sb_free(&b);
}

const char *const exchange_demand_kinds[] = {"need", "micro_wish", NULL};
const char *const exchange_beneficiary_groups[] = {"general", "elderly", "children", "disabled",
					       "hardship", "new_resident", NULL};
const char *const exchange_privacies[] = {"public", "private", NULL};
const char *const exchange_recurrences[] = {"once", "weekly", "monthly", NULL};
const char *const exchange_urgencies[] = {"low", "normal", "high", "urgent", NULL};
const char *const exchange_provider_kinds[] = {"organisation", "team", "enterprise", "professional",
					   NULL};
const char *const exchange_cost_kinds[] = {"free", "low_cost", "paid", NULL};
const char *const exchange_service_statuses[] = {"active", "paused", "withdrawn", NULL};
const char *const exchange_demand_statuses[] = {"open", "matching", "in_progress", "fulfilled",
					    "closed", "cancelled", NULL};
const char *const exchange_match_statuses[] = {"proposed", "accepted", "delivered", "confirmed", "rated",
					   "declined", "expired", "disputed", "cancelled", NULL};
const char *const exchange_match_groups[] = {"in_progress", "got_help", "needs_action", NULL};

int exchange_write_terms(struct db *db, struct jw *w, bool service, int64_t id, struct err *e)
{
	struct stmt *st = db_q(db, e,
			       service ? "SELECT t.id, t.code, t.name, t.name_en FROM xchg_service_terms x"
					 " JOIN xchg_terms t ON t.id=x.term_id WHERE x.service_id=?"
					 " ORDER BY t.sort_order, t.id"
				       : "SELECT t.id, t.code, t.name, t.name_en FROM xchg_demand_terms x"
					 " JOIN xchg_terms t ON t.id=x.term_id WHERE x.demand_id=?"
					 " ORDER BY t.sort_order, t.id",
			       "i", id);
	if (!st)
		return e->code;
	static const struct jcol cols[] = {
		{"id", 0, JC_INT}, {"code", 1, JC_TEXT}, {"name", 2, JC_TEXT}, {"name_en", 3, JC_TEXT}};
	jw_arr(w);
	int rc = jw_rows(w, st, JCOLS(cols), e);
	jw_arr_end(w);
	return rc < 0 ? rc : 0;
}

int exchange_check_terms(struct ctx *c, const struct exchange_ids *ids)
{
	if (ids->n < 1)
		return err_set(c->e, ERR_INVALID, "term_ids", "至少选择一个服务分类",
			       "choose at least one service term");
	for (int i = 0; i < ids->n; i++) {
		int64_t ok = 0;
		int rc = db_int(c->db, c->e, &ok, "SELECT count(*) FROM xchg_terms WHERE id=? AND active=1",
				"i", ids->v[i]);
		if (rc < 0)
			return rc;
		if (!ok)
			return err_setf(c->e, ERR_INVALID, "term_ids", "服务分类 %lld 不存在或已停用",
					"term %lld does not exist or is inactive", (long long)ids->v[i]);
		for (int j = 0; j < i; j++)
			if (ids->v[j] == ids->v[i])
				return err_set(c->e, ERR_INVALID, "term_ids", "服务分类重复",
					       "a term is listed twice");
	}
	return 0;
}

int exchange_set_terms(struct ctx *c, bool service, int64_t id, const struct exchange_ids *ids)
{
	int rc = db_exec(c->db, c->e,
			 service ? "DELETE FROM xchg_service_terms WHERE service_id=?"
				 : "DELETE FROM xchg_demand_terms WHERE demand_id=?",
			 "i", id);
	for (int i = 0; !rc && i < ids->n; i++)
		rc = db_exec(c->db, c->e,
			     service ? "INSERT INTO xchg_service_terms (service_id, term_id) VALUES (?,?)"
				     : "INSERT INTO xchg_demand_terms (demand_id, term_id) VALUES (?,?)",
			     "ii", id, ids->v[i]);
	return rc;
}

int exchange_not_found(struct ctx *c, const char *what_zh, const char *what_en)
{
	return err_set(c->e, ERR_NOT_FOUND, "id", arena_printf(c->a, "%s不存在", what_zh),
		       arena_printf(c->a, "no such %s", what_en));
}

int exchange_rule_after(struct ctx *c, int64_t id, const char *count_sql, int code, const char *field,
			const char *zh, const char *en)
{
	int64_t bad = 0;
	int rc = db_int(c->db, c->e, &bad, count_sql, "i", id);
	if (rc < 0)
		return rc;
	return bad ? err_set(c->e, code, field, zh, en) : 0;
}

int exchange_check_coords(struct err *e, const struct exchange_num *lat, const struct exchange_num *lon)
{
	if (lat->has != lon->has)
		return err_set(e, ERR_INVALID, lat->has ? "longitude" : "latitude", "经纬度应同时提供",
			       "give both latitude and longitude");
	if (lat->has && (fabs(lat->v) > 90 || fabs(lon->v) > 180))
		return err_set(e, ERR_INVALID, "latitude", "坐标超出范围", "coordinates out of range");
	return 0;
}

void exchange_list_hand(struct list_result *r, int64_t *total, struct list_result *res)
{
	*total = r->total;
	if (res)
		*res = *r;
	else
		list_result_free(r);
}

int exchange_list_finish(struct db *db, struct list_q *q, const struct list_req *req, list_row_fn fn,
		     void *ctx, int64_t *total, struct list_result *res, struct err *e)
{
	struct list_result r;
	int rc = list_run(db, q, req, fn, ctx, &r, e);
	if (!rc)
		exchange_list_hand(&r, total, res);
	return rc;
}

int exchange_postings_run(struct db *db, const struct principal *p, const struct exchange_posting_list *pl,
			  const struct exchange_posting_filter *f, void *row_ctx, int64_t now, int64_t *total,
			  struct err *e)
{
	int rc;
	const char *scope = f->mine ? NULL : exchange_scope_path(p, EXCHANGE_FIELD);
	char *rpath = NULL;
	if (!f->mine && !scope)
		return auth_forbidden(e);
	struct list_q *q = list_new(pl->spec);
	unsigned roles = f->mine ? pl->mine_roles : EXCHANGE_FIELD;
	if (f->region_id) {
		if ((rc = list_region_path(db, f->region_id, "region_id", &rpath, e)) ||
		    (roles && (rc = auth_scope_region(db, p, roles, f->region_id, e))))
			goto done;
		scope = rpath;
	}
	if (scope && (rc = list_subtree(q, db, scope, e)))
		goto done;
	if (f->mine) {
		int64_t uid = p ? p->user_id : 0;
		list_where(q, pl->mine_where, pl->mine_types, uid, uid, uid);
	}
	if (f->status && *f->status &&
	    (rc = list_eq_enum(q, pl->status_col, "status", f->status, pl->statuses, e)))
		goto done;
	exchange_list_keyword(q, pl->title_col, pl->desc_col, f->q);
	if (pl->select_now)
		list_select_int(q, now);
	struct list_req req = {.page = f->limit ? f->offset / f->limit + 1 : 1, .per_page = f->limit,
			       .sort = f->sort, .cursor = f->cursor};
	struct list_result res;
	if (!(rc = exchange_keyword_list_run(db, q, pl, f, scope, &req, row_ctx, &res, e)))
		exchange_list_hand(&res, total, f->res);
done:
	list_free(q);
	free(rpath);
	return rc;
}
