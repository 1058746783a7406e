/*
 * reg_gov_common.c — what the governance records share: loading a region and
 * checking the caller's scope over it, months and civil dates in
 * Asia/Shanghai, and audit snapshots of single rows.
 *
 * Scope is always decided on the region's materialised path; a subtree is
 * the range [path, hi) with hi = path whose last '/' becomes '0'.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "modules/registry/reg_gov.h"
#include "modules/registry/reg_gov_internal.h"
#include "store/store.h"

static int copy_field(char *dst, size_t cap, const char *src, struct err *e)
{
	int n = snprintf(dst, cap, "%s", src ? src : "");
	if (n < 0 || (size_t)n >= cap)
		return err_set(e, ERR_INTERNAL, "", "区域数据过长", "region data too long");
	return 0;
}

int rgov_region_load(struct db *db, int64_t id, const char *field, struct rgov_region *out,
		    struct err *e)
{
	struct stmt *st = db_q(db, e,
			       "SELECT r.id, coalesce(r.parent_id,0), r.level, coalesce(r.kind,''), r.path, r.name,"
			       " CASE WHEN r.households > 0 THEN r.households ELSE"
			       " (SELECT coalesce(sum(b.households),0) FROM regions b WHERE b.parent_id = r.id) END"
			       " FROM regions r WHERE r.id=?",
			       "i", id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		out->id = col_int(st, 0);
		out->parent_id = col_int(st, 1);
		out->households = col_int(st, 6);
		if ((rc = copy_field(out->level, sizeof out->level, col_text(st, 2), e)) ||
		    (rc = copy_field(out->kind, sizeof out->kind, col_text(st, 3), e)) ||
		    (rc = copy_field(out->path, sizeof out->path, col_text(st, 4), e)) ||
		    (rc = copy_field(out->name, sizeof out->name, col_text(st, 5), e))) {
			stmt_done(st);
			return rc;
		}
		memcpy(out->hi, out->path, sizeof out->hi);
		size_t n = strlen(out->hi);
		if (n)
			out->hi[n - 1] = '0';
		rc = 0;
	} else if (rc == 0) {
		rc = err_set(e, ERR_NOT_FOUND, field, "区域不存在", "no such region");
	}
	stmt_done(st);
	return rc;
}

int reg_scope(struct db *db, const struct principal *p, unsigned mask, int64_t id,
	      const char *field, struct rgov_region *out, struct err *e)
{
	int rc = rgov_region_load(db, id, field, out, e);
	if (rc)
		return rc;
	if (p && !auth_covers_path(p, mask, out->path))
		return auth_forbidden(e);
	return 0;
}

int reg_scope_root(struct db *db, const struct principal *p, unsigned mask, int64_t id,
		   struct rgov_region *out, struct err *e)
{
	if (!id) {
		const struct grant *g = auth_primary_grant(p, mask);
		if (!g)
			return auth_forbidden(e);
		id = g->region_id;
	}
	return reg_scope(db, p, mask, id, "region_id", out, e);
}

bool reg_in_subtree(const struct rgov_region *root, const char *path)
{
	return path && strncmp(root->path, path, strlen(root->path)) == 0;
}

static void civil(int64_t now, int *y, int *m, int *d)
{
	char buf[16];
	wtime_format_date(now, buf, sizeof buf);
	*y = atoi(buf);
	*m = atoi(buf + 5);
	*d = atoi(buf + 8);
}

void reg_today(int64_t now, char out[11])
{
	wtime_format_date(now, out, 11);
}

static int64_t month_start_us(int y, int m)
{
	return (wtime_days_from_civil(y, (unsigned)m, 1) * 86400 - WTIME_SHANGHAI_OFFSET_S) * WTIME_US;
}

int reg_month_parse(const char *s, int64_t now, struct reg_month *m, struct err *e)
{
	int y, mo, d;
	if (!s || !*s) {
		civil(now, &y, &mo, &d);
	} else {
		if (strlen(s) != 7 || s[4] != '-')
			goto bad;
		for (int i = 0; i < 7; i++)
			if (i != 4 && (s[i] < '0' || s[i] > '9'))
				goto bad;
		y = atoi(s);
		mo = atoi(s + 5);
		if (y < 2000 || y > 2100 || mo < 1 || mo > 12)
			goto bad;
	}
	int ny = mo == 12 ? y + 1 : y, nm = mo == 12 ? 1 : mo + 1;
	snprintf(m->ym, sizeof m->ym, "%04d-%02d", y, mo);
	snprintf(m->first, sizeof m->first, "%04d-%02d-01", y, mo);
	snprintf(m->next_first, sizeof m->next_first, "%04d-%02d-01", ny, nm);
	m->from_us = month_start_us(y, mo);
	m->to_us = month_start_us(ny, nm);
	return 0;
bad:
	return err_set(e, ERR_INVALID, "month", "月份格式应为 YYYY-MM（2000–2100 年）",
		       "month must be YYYY-MM (years 2000–2100)");
}

int reg_date_check(const char *s, const char *field, struct err *e)
{
	int64_t us;
	if (!s || strlen(s) != 10 || wtime_parse(s, &us))
		return err_setf(e, ERR_INVALID, field, "%s 应为有效日期 YYYY-MM-DD",
				"%s must be a valid date YYYY-MM-DD", field);
	char back[16];
	wtime_format_date(us, back, sizeof back);
	if (strcmp(back, s) != 0)
		return err_setf(e, ERR_INVALID, field, "%s 应为有效日期 YYYY-MM-DD",
				"%s must be a valid date YYYY-MM-DD", field);
	return 0;
}

/* Integers that look like integers are written as numbers, everything else
 * as text: enough for an audit record of one row. */
static bool looks_int(const char *s)
{
	if (!s || !*s)
		return false;
	const char *p = s;
	if (*p == '-')
		p++;
	if (!*p || (*p == '0' && p[1]))
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return strlen(s) < 18;
}

int rgov_snapshot(struct db *db, const char *sql, int64_t id, char **out, struct err *e)
{
	*out = NULL;
	struct stmt *st = db_q(db, e, sql, "i", id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		struct sb b = SB_INIT;
		struct jw w;
		jw_init(&w, &b);
		jw_obj(&w);
		for (int i = 0; i < col_count(st); i++) {
			jw_key(&w, col_name(st, i));
			const char *v = col_text(st, i);
			if (col_null(st, i))
				jw_null(&w);
			else if (looks_int(v))
				jw_int(&w, strtoll(v, NULL, 10));
			else
				jw_str(&w, v);
		}
		jw_obj_end(&w);
		*out = sb_detach(&b, NULL);
		rc = 0;
	} else if (rc == 0) {
		rc = err_set(e, ERR_NOT_FOUND, "id", "记录不存在", "no such record");
	}
	stmt_done(st);
	return rc;
}

int rgov_audit(struct db *db, const struct principal *p, int64_t now, const char *action,
	      const char *entity, int64_t id, int64_t region_id, const char *before,
	      const char *after, struct err *e)
{
	struct audit_actor who = {p ? p->user_id : 0, p ? p->username : NULL};
	struct audit_entry en = {.action = action, .entity = entity, .entity_id = id,
				 .region_id = region_id, .before = before, .after = after};
	return audit_append(db, &who, now, &en, e);
}

int rgov_stale(struct err *e, int64_t current)
{
	return err_setf(e, ERR_CONFLICT, "version", "记录已被他人修改（当前版本 %lld），请刷新后重试",
			"the record was changed by someone else (now version %lld); reload and retry",
			(long long)current);
}

void reg_write_person(struct jw *w, const char *key, int64_t id, const char *name)
{
	jw_key(w, key);
	jw_obj(w);
	jw_kint(w, "id", id);
	jw_kstr(w, "name", name);
	jw_obj_end(w);
}
