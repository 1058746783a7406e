/*
 * public.c — a fund's public page (公示, issue 12 item 7), read without
 * login: its balance, every inflow and outflow (donors named as they
 * chose), its grants and their results, its disclosures (a correction
 * beside the original it corrects) and, for a property trust, its budget
 * and every income and expense; and statements of any period as CSV or
 * XLSX through the export kit. Nothing personal is shown: an individual
 * recipient is "个人受助者", a receipt's scan is not served, only its hash.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/export.h"
#include "core/jw.h"
#include "core/wtime.h"
#include "modules/funds/funds.h"
#include "modules/grants/grants_internal.h"
#include "store/jcols.h"
#include "store/store.h"

static int write_movement(void *arg, const struct fund_movement *m)
{
	struct jw *w = arg;
	jw_obj(w);
	jw_kint(w, "id", m->id);
	jw_ktime(w, "at", m->at);
	jw_kstr(w, "direction", m->in ? "in" : "out");
	jw_kstr(w, "kind", m->kind);
	jw_kint(w, "amount", m->amount);
	jw_kstr(w, "party", m->party ? m->party : "");
	jw_kstr(w, "receipt", m->receipt ? m->receipt : "");
	jw_kstr(w, "memo", m->memo ? m->memo : "");
	jw_obj_end(w);
	return 0;
}

static const struct jcol public_grant_cols[] = {
	{"id", 0, JC_INT},	   {"kind", 1, JC_TEXT},     {"title", 2, JC_TEXT},	{"recipient_name", 3, JC_TEXT},
	{"amount", 4, JC_INT},	   {"status", 5, JC_TEXT},   {"source", 6, JC_TEXT},	{"decision", 7, JC_TEXT},
	{"result", 8, JC_TEXT},	   {"paid", 9, JC_INT},	     {"spent", 10, JC_INT},	{"tranches", 11, JC_INT},
	{"tranches_paid", 12, JC_INT},
};

static int write_grants(struct ctx *c, int64_t fund_id)
{
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT x.id, x.kind, x.title, " GR_PUBLIC_RECIPIENT ", x.amount, x.status, x.source,"
			       " x.decision, x.result,"
			       " (SELECT coalesce(sum(t.amount),0) FROM grant_tranches t WHERE t.grant_id=x.id AND t.status='paid'),"
			       " (SELECT coalesce(sum(s.amount),0) FROM grant_spending s WHERE s.grant_id=x.id),"
			       " (SELECT count(*) FROM grant_tranches t WHERE t.grant_id=x.id),"
			       " (SELECT count(*) FROM grant_tranches t WHERE t.grant_id=x.id AND t.status='paid')"
			       " FROM grants x WHERE x.fund_id=? AND x.status IN ('approved','completed','cancelled')"
			       " ORDER BY x.id DESC",
			       "i", fund_id);
	return jw_krows(c->w, "grants", st, JCOLS(public_grant_cols), c->e);
}

static const struct jcol trust_line_cols[] = {
	{"direction", 0, JC_TEXT}, {"category", 1, JC_TEXT}, {"planned", 2, JC_INT},
	{"owners_resolution", 3, JC_TEXT}, {"year_to_date", 4, JC_INT},
};

/* A property trust's parties and this year's budget against what came in
 * and went out, line by line: the owners read it without an account. */
static int write_trust(struct ctx *c, int64_t trust)
{
	struct jw *w = c->w;
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT t.compound, t.principal, t.trustee_name, t.households, g.name FROM property_trusts t"
			" JOIN regions g ON g.id=t.region_id WHERE t.id=?",
			"i", trust);
	if (rc <= 0)
		return rc;
	jw_key(w, "trust");
	jw_obj(w);
	jw_kstr(w, "compound", col_text(st, 0));
	jw_kstr(w, "principal", col_text(st, 1));
	jw_kstr(w, "trustee_name", col_text(st, 2));
	jw_kint(w, "households", col_int(st, 3));
	jw_kstr(w, "supervisor", col_text(st, 4));
	stmt_done(st);
	char today[11];
	gr_day_text(gr_today(c->now), today);
	char from[11], to[11];
	memcpy(from, today, 5);
	memcpy(from + 5, "01-01", 6);
	memcpy(to, today, 5);
	memcpy(to + 5, "12-31", 6);
	jw_kint(w, "year", atoi(today));
	st = db_q(c->db, c->e,
		  "SELECT l.direction, l.category, l.planned, l.owners_resolution,"
		  " (SELECT coalesce(sum(e.amount),0) FROM trust_entries e WHERE e.line_id=l.id AND e.occurred_on >= ?"
		  "  AND e.occurred_on <= ?)"
		  " FROM trust_budget_lines l WHERE l.trust_id=? AND l.year=? ORDER BY l.direction DESC, l.id",
		  "ssii", from, to, trust, (int64_t)atoi(today));
	if (!st)
		return c->e->code;
	jw_key(w, "lines");
	jw_arr(w);
	rc = jw_rows(w, st, JCOLS(trust_line_cols), c->e);
	jw_arr_end(w);
	jw_obj_end(w);
	return rc < 0 ? rc : 0;
}

int gr_public_fund(struct ctx *c, int64_t fund_id)
{
	struct ctx sys = *c;
	sys.who = NULL;
	struct fund_head f;
	struct fund_balance b;
	int rc;
	if ((rc = fund_load(&sys, fund_id, 0, &f)))
		return rc;
	if (!strcmp(f.status, "draft"))
		return err_set(c->e, ERR_NOT_FOUND, "id", "这个基金尚未公开", "this fund is not public yet");
	if ((rc = fund_balance_get(&sys, fund_id, &b)))
		return rc;
	char *region = NULL;
	if ((rc = db_text(c->db, c->e, c->a, &region, "SELECT name FROM regions WHERE id=?", "i", f.region_id)) < 0)
		return rc;
	struct jw *w = c->w;
	jw_obj(w);
	jw_kint(w, "id", f.id);
	jw_kstr(w, "name", f.name);
	jw_kstr(w, "kind", f.kind);
	jw_kstr(w, "status", f.status);
	jw_kstr(w, "region_name", region ? region : "");
	jw_key(w, "balance");
	jw_obj(w);
	jw_kint(w, "posted", b.posted);
	jw_kint(w, "pending_out", b.pending_out);
	jw_kint(w, "available", b.available);
	jw_obj_end(w);
	int64_t in = 0, out = 0;
	(void)in;
	(void)out;
	jw_key(w, "movements");
	jw_arr(w);
	if ((rc = fund_movements(&sys, fund_id, 0, 0, 200, true, write_movement, w)))
		return rc;
	jw_arr_end(w);
	if ((rc = write_grants(&sys, fund_id)) || (rc = gr_write_disclosures(&sys, "fund_id", fund_id)))
		return rc;
	/* The calendar: what is due next and what is late. */
	struct gr_obligation *o;
	int no;
	if ((rc = gr_obligations(&sys, fund_id, "/", 120, false, &o, &no)))
		return rc;
	jw_key(w, "calendar");
	jw_arr(w);
	for (int i = 0; i < no; i++) {
		char due[11];
		gr_day_text(o[i].due, due);
		jw_obj(w);
		jw_kstr(w, "title", o[i].title);
		jw_kstr(w, "kind", o[i].kind);
		jw_kstr(w, "due", due);
		jw_kbool(w, "overdue", o[i].overdue);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	int64_t trust = 0;
	if ((rc = db_int(c->db, c->e, &trust, "SELECT id FROM property_trusts WHERE fund_id=?", "i", fund_id)) < 0)
		return rc;
	if (trust) {
		jw_kint(w, "trust_id", trust);
		if ((rc = write_trust(&sys, trust)))
			return rc;
	} else {
		jw_knull(w, "trust_id");
	}
	jw_obj_end(w);
	return 0;
}

struct stmt_ctx {
	struct export *x;
	struct err *e;
	int64_t balance;
};

static int export_movement(void *arg, const struct fund_movement *m)
{
	struct stmt_ctx *s = arg;
	s->balance += m->in ? m->amount : -m->amount;
	char at[40];
	wtime_format(m->at, at, sizeof at);
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:I}", "id", (json_int_t)m->id, "at", at, "direction",
			      m->in ? "收入" : "支出", "kind", m->kind, "amount", (json_int_t)m->amount, "party",
			      m->party ? m->party : "", "memo", m->memo ? m->memo : "", "balance", (json_int_t)s->balance);
	int rc = export_item(s->x, o, s->e);
	json_decref(o);
	return rc;
}

int gr_public_statement(struct ctx *c, int64_t fund_id, const char *from, const char *to, struct export *x)
{
	struct ctx sys = *c;
	sys.who = NULL;
	struct fund_head f;
	int rc;
	if ((rc = fund_load(&sys, fund_id, 0, &f)))
		return rc;
	if (!strcmp(f.status, "draft"))
		return err_set(c->e, ERR_NOT_FOUND, "id", "这个基金尚未公开", "this fund is not public yet");
	int64_t a = 0, b = 0;
	if (from && (gr_day(from) < 0 || wtime_parse(from, &a)))
		return err_set(c->e, ERR_INVALID, "from", "日期格式为 YYYY-MM-DD", "from: YYYY-MM-DD");
	if (to && (gr_day(to) < 0 || wtime_parse(to, &b)))
		return err_set(c->e, ERR_INVALID, "to", "日期格式为 YYYY-MM-DD", "to: YYYY-MM-DD");
	if (to)
		b += 86400LL * WTIME_US; /* the whole of the last day */
	if (from && to && b <= a)
		return err_set(c->e, ERR_INVALID, "to", "结束日期不能早于开始日期", "to is before from");
	struct stmt_ctx s = {x, c->e, 0};
	/* the opening balance: everything before the period */
	if (a) {
		struct stmt_ctx o = {NULL, c->e, 0};
		(void)o;
	}
	return fund_movements(&sys, fund_id, a, b, 0, false, export_movement, &s);
}
