/*
 * grant_read.c — reading grants: the list (in the caller's scope, by fund
 * and status), one grant with its votes, tranches, spending lines and
 * disclosures. The public page (public_view) shows the same grant without
 * who voted how, without the receipts' scans and without the recipient
 * person's name (an organisation's name stays).
 */
#include <stdlib.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "modules/grants/grants_internal.h"
#include "store/jcols.h"
#include "store/list.h"
#include "store/store.h"

static const struct list_sort grant_sorts[] = {
	{"id", "x.id", false, true},
	{"amount", "x.amount", false, false},
	{NULL, NULL, false, false},
};
static const struct list_spec grant_list = {
	.table = "grants x", .id = "x.id", .region = "x.region_id", .sorts = grant_sorts, .default_sort = "-id",
	.select = "x.id, x.fund_id, x.region_id, g.name, x.kind, x.title, x.recipient_name, x.amount, x.status,"
		  " x.source, x.votes_yes, x.votes_no, x.votes_abstain, x.electorate, x.version, x.created_at,"
		  " (SELECT coalesce(sum(t.amount),0) FROM grant_tranches t WHERE t.grant_id=x.id AND t.status='paid'),"
		  " (SELECT coalesce(sum(s.amount),0) FROM grant_spending s WHERE s.grant_id=x.id), x.person_id",
	.from = "grants x JOIN regions g ON g.id=x.region_id", .row_id = "x.id",
};

int grant_list_query(struct ctx *c, int64_t fund_id, const char *status, int64_t region_id, struct list_q **out)
{
	struct list_q *q = list_new(&grant_list);
	char *path = NULL;
	int rc;
	if (region_id) {
		if ((rc = list_region_path(c->db, region_id, "region_id", &path, c->e)))
			goto fail;
		if (c->who && !auth_covers_path(c->who, ROLES_ANY, path)) {
			rc = auth_forbidden(c->e);
			goto fail;
		}
	} else if (c->who) {
		const struct grant *g = auth_primary_grant(c->who, ROLES_ANY);
		if (!g) {
			rc = auth_forbidden(c->e);
			goto fail;
		}
		path = strdup(g->region_path);
	}
	if (path && (rc = list_subtree(q, c->db, path, c->e)))
		goto fail;
	free(path);
	list_eq_int_if(q, "x.fund_id", fund_id);
	if (status && (rc = list_eq_enum(q, "x.status", "status", status, grant_statuses, c->e)))
		goto fail2;
	*out = q;
	return 0;
fail:
	free(path);
fail2:
	list_free(q);
	return rc;
}

int grant_list_row(struct stmt *st, void *vc, struct err *e)
{
	(void)e;
	struct jw *w = ((struct ctx *)vc)->w;
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 0));
	jw_kint(w, "fund_id", col_int(st, 1));
	jw_kint(w, "region_id", col_int(st, 2));
	jw_kstr(w, "region_name", col_text(st, 3));
	jw_kstr(w, "kind", col_text(st, 4));
	jw_kstr(w, "title", col_text(st, 5));
	jw_kstr(w, "recipient_name", col_text(st, 6));
	jw_kint(w, "amount", col_int(st, 7));
	jw_kstr(w, "status", col_text(st, 8));
	jw_kstr(w, "source", col_text(st, 9));
	jw_kint(w, "votes_yes", col_int(st, 10));
	jw_kint(w, "votes_no", col_int(st, 11));
	jw_kint(w, "votes_abstain", col_int(st, 12));
	jw_kint(w, "electorate", col_int(st, 13));
	jw_kint(w, "version", col_int(st, 14));
	jw_ktime(w, "created_at", col_int(st, 15));
	jw_kint(w, "paid", col_int(st, 16));
	jw_kint(w, "spent", col_int(st, 17));
	jw_obj_end(w);
	return 0;
}

static const struct jcol tranche_cols[] = {
	{"id", 0, JC_INT}, {"seq", 1, JC_INT}, {"amount", 2, JC_INT}, {"due_on", 3, JC_TEXT},
	{"status", 4, JC_TEXT}, {"paid_at", 5, JC_TIME}, {"version", 6, JC_INT},
};

static int write_tranches(struct ctx *c, int64_t id)
{
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT id, seq, amount, due_on, status, paid_at, version FROM grant_tranches WHERE grant_id=?"
			       " ORDER BY seq",
			       "i", id);
	return jw_krows(c->w, "tranches", st, JCOLS(tranche_cols), c->e);
}

static int write_spending(struct ctx *c, int64_t id, bool public_view)
{
	struct jw *w = c->w;
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT s.id, s.spent_on, s.item, s.payee, s.amount, s.receipt_id, r.file_name, r.content_type,"
			       " r.size, r.sha256 FROM grant_spending s JOIN grant_receipts r ON r.id=s.receipt_id"
			       " WHERE s.grant_id=? ORDER BY s.spent_on, s.id",
			       "i", id);
	if (!st)
		return c->e->code;
	jw_key(w, "spending");
	jw_arr(w);
	int rc;
	while ((rc = stmt_step(st, c->e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "spent_on", col_text(st, 1));
		jw_kstr(w, "item", col_text(st, 2));
		jw_kstr(w, "payee", col_text(st, 3));
		jw_kint(w, "amount", col_int(st, 4));
		jw_key(w, "receipt");
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 5));
		if (!public_view)
			jw_kstr(w, "file_name", col_text(st, 6));
		jw_kstr(w, "content_type", col_text(st, 7));
		jw_kint(w, "size", col_int(st, 8));
		jw_kstr(w, "sha256", col_text(st, 9));
		jw_obj_end(w);
		jw_obj_end(w);
	}
	stmt_done(st);
	jw_arr_end(w);
	return rc < 0 ? rc : 0;
}

static const struct jcol vote_cols[] = {
	{"user_id", 0, JC_INT}, {"name", 1, JC_TEXT}, {"choice", 2, JC_TEXT}, {"comment", 3, JC_TEXT},
	{"voted_at", 4, JC_TIME},
};

static int write_votes(struct ctx *c, int64_t id)
{
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT v.user_id, coalesce(u.display_name, u.username), v.choice, v.comment, v.voted_at"
			       " FROM grant_votes v JOIN users u ON u.id=v.user_id WHERE v.grant_id=? ORDER BY v.voted_at",
			       "i", id);
	return jw_krows(c->w, "votes", st, JCOLS(vote_cols), c->e);
}

int gr_write_disclosures(struct ctx *c, const char *col, int64_t id)
{
	struct jw *w = c->w;
	const char *sql = !strcmp(col, "grant_id")
				  ? "SELECT d.id, d.kind, d.title, d.body, d.published_at, d.corrects_id,"
				    " (SELECT k.id FROM disclosures k WHERE k.corrects_id=d.id), d.grant_id"
				    " FROM disclosures d WHERE d.grant_id=? ORDER BY d.published_at DESC, d.id DESC"
				  : "SELECT d.id, d.kind, d.title, d.body, d.published_at, d.corrects_id,"
				    " (SELECT k.id FROM disclosures k WHERE k.corrects_id=d.id), d.grant_id"
				    " FROM disclosures d WHERE d.fund_id=? ORDER BY d.published_at DESC, d.id DESC";
	struct stmt *st = db_q(c->db, c->e, sql, "i", id);
	if (!st)
		return c->e->code;
	jw_key(w, "disclosures");
	jw_arr(w);
	int rc;
	while ((rc = stmt_step(st, c->e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "kind", col_text(st, 1));
		jw_kstr(w, "title", col_text(st, 2));
		jw_kstr(w, "body", col_text(st, 3));
		jw_ktime(w, "published_at", col_int(st, 4));
		static const char *const opt[] = {"corrects_id", "corrected_by", "grant_id"};
		for (int i = 0; i < 3; i++)
			if (col_null(st, 5 + i))
				jw_knull(w, opt[i]);
			else
				jw_kint(w, opt[i], col_int(st, 5 + i));
		jw_obj_end(w);
	}
	stmt_done(st);
	jw_arr_end(w);
	return rc < 0 ? rc : 0;
}

/* What the public sees of a grant: an individual recipient's name is not
 * published (an organisation's or a group's is). */
static const struct jcol public_head_cols[] = {
	{"id", 0, JC_INT},	     {"fund_id", 1, JC_INT},	   {"kind", 2, JC_TEXT},      {"title", 3, JC_TEXT},
	{"purpose", 4, JC_TEXT},     {"recipient_name", 5, JC_TEXT}, {"amount", 6, JC_INT},     {"status", 7, JC_TEXT},
	{"source", 8, JC_TEXT},	     {"decision", 9, JC_TEXT},	   {"result", 10, JC_TEXT},   {"starts_on", 11, JC_TEXT},
	{"ends_on", 12, JC_TEXT},    {"decided_at", 13, JC_TIME},  {"completed_at", 14, JC_TIME},
};

static int write_public_head(struct ctx *c, int64_t id)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT x.id, x.fund_id, x.kind, x.title, x.purpose, " GR_PUBLIC_RECIPIENT ", x.amount, x.status,"
			" x.source, x.decision, x.result, x.starts_on, x.ends_on, x.decided_at, x.completed_at"
			" FROM grants x WHERE x.id=?",
			"i", id);
	if (rc <= 0)
		return rc ? rc : err_set(c->e, ERR_NOT_FOUND, "id", "没有这个资助项目", "no such grant");
	jw_cols(c->w, st, JCOLS(public_head_cols));
	stmt_done(st);
	return 0;
}

int grant_write_detail(struct ctx *c, int64_t id, bool public_view)
{
	struct record r;
	int rc;
	if (!public_view && (rc = record_load(c, &grant_kind, id, 0, &r)))
		return rc;
	struct grant_summary s;
	struct ctx sys = *c;
	if (public_view)
		sys.who = NULL;
	if ((rc = grant_summary_get(&sys, id, &s)))
		return rc;
	struct jw *w = c->w;
	jw_obj(w);
	if (public_view)
		rc = write_public_head(c, id);
	else
		rc = record_write_cols(c, &grant_kind, w, id);
	if (rc)
		return rc;
	jw_kint(w, "paid", s.paid);
	jw_kint(w, "spent", s.spent);
	if (!public_view) {
		struct fund_head f;
		if ((rc = fund_load(&sys, s.fund_id, 0, &f)))
			return rc;
		jw_kstr(w, "fund_name", f.name);
		jw_kbool(w, "can_manage", gr_may_manage(c, &f) == 0);
		err_clear(c->e);
		jw_kbool(w, "can_vote", c->who && (fund_member_has(c, f.id, "committee") || fund_member_has(c, f.id, "chair")));
		int64_t mine = 0;
		if (c->who && (rc = db_int(c->db, c->e, &mine, "SELECT count(*) FROM grant_votes WHERE grant_id=? AND user_id=?",
					   "ii", id, c->who->user_id)) < 0)
			return rc;
		jw_kbool(w, "voted", mine > 0);
		if ((rc = write_votes(c, id)))
			return rc;
	}
	if ((rc = write_tranches(c, id)) || (rc = write_spending(c, id, public_view)) ||
	    (rc = gr_write_disclosures(c, "grant_id", id)))
		return rc;
	if (!public_view && (rc = record_write_history(c, w, "grant", id)))
		return rc;
	jw_obj_end(w);
	return 0;
}
