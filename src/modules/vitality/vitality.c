/*
 * vitality.c — see vitality.h. Recompute, rescore, reads and configuration
 * of the vitality index.
 *
 * A recompute of month M runs in the caller's write transaction:
 *   1. temp tables: vitality_regions (communities with their town and district,
 *      towns, districts, populations), vitality_map (every region at or below a
 *      community → that community), vitality_meta (each component's multiplier,
 *      direction, weight and targets from vitality_config);
 *   2. every provider inserts its communities' (num, den) into vitality_raw, or
 *      reports its module absent;
 *   3. the month's snapshot rows are replaced: communities from vitality_raw,
 *      towns and districts from the sums of their communities' num and den
 *      (one GROUP BY), raw = mult · num / den;
 *   4. rescore: score from raw by the component's rule (vitality_normalise in
 *      SQL), totals = Σ weight·score / Σ weight over components with data.
 * A configuration change reruns step 4 over every stored month, so the
 * trend is always read under one formula.
 */
#include "modules/vitality/vitality.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/wtime.h"
#include "store/jcols.h"
#include "store/store.h"

/* ---------- months ---------- */

static void month_fill(struct vitality_period *m, int y, int mon)
{
	while (mon > 12) {
		mon -= 12;
		y++;
	}
	while (mon < 1) {
		mon += 12;
		y--;
	}
	m->year = y;
	m->mon = mon;
	snprintf(m->text, sizeof m->text, "%04d-%02d", y % 10000, mon);
	const int64_t off = (int64_t)WTIME_SHANGHAI_OFFSET_S * WTIME_US, day = 86400LL * WTIME_US;
	m->start = wtime_days_from_civil(y, (unsigned)mon, 1) * day - off;
	int ny = mon == 12 ? y + 1 : y, nm = mon == 12 ? 1 : mon + 1;
	m->end = wtime_days_from_civil(ny, (unsigned)nm, 1) * day - off;
	int wy = y, wm = mon - 11;
	if (wm < 1) {
		wm += 12;
		wy--;
	}
	m->window_start = wtime_days_from_civil(wy, (unsigned)wm, 1) * day - off;
}

int vitality_month_parse(const char *s, struct vitality_period *m)
{
	int y, mon;
	if (wtime_parse_ym(s, &y, &mon) || y < 2000 || y > 2099)
		return -1;
	month_fill(m, y, mon);
	return 0;
}

void vitality_month_of(int64_t us, struct vitality_period *m)
{
	char d[16];
	wtime_format_date(us, d, sizeof d);
	month_fill(m, atoi(d), atoi(d + 5));
}

void vitality_month_add(const struct vitality_period *m, int delta, struct vitality_period *out)
{
	int idx = m->year * 12 + (m->mon - 1) + delta;
	month_fill(out, idx / 12, idx % 12 + 1);
}

double vitality_normalise(enum vitality_direction dir, double raw, double target, double floor)
{
	double s;
	if (dir == VITALITY_UP)
		s = target > 0 ? 100.0 * raw / target : 0;
	else if (raw <= target)
		s = 100;
	else if (raw >= floor)
		s = 0;
	else
		s = 100.0 * (floor - raw) / (floor - target);
	s = s < 0 ? 0 : s > 100 ? 100 : s;
	return round(s * 100) / 100;
}

/* The same rule in SQL over a row of vitality_snapshots (alias s) and
 * vitality_meta (alias m). Kept next to vitality_normalise on purpose. */
#define SCORE_SQL                                                                             \
	"CASE WHEN s.has_data = 0 THEN NULL"                                                 \
	" WHEN m.dir = 0 AND m.target <= 0 THEN 0.0"                                           \
	" WHEN m.dir = 0 AND s.raw >= m.target THEN 100.0"                                     \
	" WHEN m.dir = 0 AND s.raw <= 0 THEN 0.0"                                              \
	" WHEN m.dir = 0 THEN round(100.0 * s.raw / m.target, 2)"                              \
	" WHEN s.raw <= m.target THEN 100.0 WHEN s.raw >= m.floor THEN 0.0"                  \
	" ELSE round(100.0 * (m.floor - s.raw) / (m.floor - m.target), 2) END"

/* ---------- temp tables ---------- */

static int setup_temps(struct db *db, struct err *e)
{
	static const char *const ddl[] = {
		"CREATE TEMP TABLE IF NOT EXISTS vi_regions(region_id INTEGER PRIMARY KEY, level TEXT NOT NULL,"
		" parent_id INTEGER, district_id INTEGER, kind TEXT, pop INTEGER NOT NULL, nonreg INTEGER NOT NULL)",
		"CREATE TEMP TABLE IF NOT EXISTS vi_map(region_id INTEGER PRIMARY KEY, community_id INTEGER NOT NULL)",
		"CREATE TEMP TABLE IF NOT EXISTS vi_raw(community_id INTEGER NOT NULL, component TEXT NOT NULL,"
		" num REAL, den REAL, PRIMARY KEY (community_id, component))",
		"CREATE TEMP TABLE IF NOT EXISTS vi_meta(component TEXT PRIMARY KEY, mult REAL NOT NULL,"
		" dir INTEGER NOT NULL, target REAL NOT NULL, floor REAL, weight INTEGER NOT NULL,"
		" sort_order INTEGER NOT NULL)",
		"DELETE FROM vi_regions", "DELETE FROM vi_map", "DELETE FROM vi_raw", "DELETE FROM vi_meta",
	};
	for (size_t i = 0; i < sizeof ddl / sizeof ddl[0]; i++) {
		int rc = db_exec(db, e, ddl[i], "");
		if (rc)
			return rc;
	}
	return 0;
}

/* vitality_meta from the providers and vitality_config (weight 0, target 100 for
 * a provider that has no configuration row yet). */
static int fill_meta(struct db *db, struct err *e)
{
	for (const struct vitality_provider *const *p = vitality_providers(NULL); *p; p++) {
		const struct vitality_provider *pv = *p;
		int rc = db_exec(db, e,
				 "INSERT INTO vi_meta(component, mult, dir, target, floor, weight, sort_order)"
				 " SELECT ?, ?, ?, target, floor, weight, sort_order FROM vitality_config"
				 " WHERE component = ?",
				 "sdis", pv->key, pv->mult, (int64_t)pv->dir, pv->key);
		if (!rc && db_changes(db) == 0)
			rc = db_exec(db, e,
				     "INSERT INTO vi_meta(component, mult, dir, target, floor, weight, sort_order)"
				     " VALUES(?, ?, ?, ?, ?, 0, ?)",
				     "sdiddi", pv->key, pv->mult, (int64_t)pv->dir,
				     pv->dir == VITALITY_UP ? 100.0 : 7.0, pv->dir == VITALITY_UP ? 0.0 : 30.0,
				     (int64_t)pv->order);
		if (rc)
			return rc;
	}
	return 0;
}

static int fill_regions(struct db *db, struct err *e)
{
	int rc = db_exec(db, e,
			 "INSERT INTO vi_regions(region_id, level, parent_id, district_id, kind, pop, nonreg)"
			 " SELECT c.id, 'community', c.parent_id, t.parent_id, c.kind,"
			 " c.registered_pop + c.nonregistered_pop, c.nonregistered_pop"
			 " FROM regions c JOIN regions t ON t.id = c.parent_id WHERE c.level = 'community'"
			 " UNION ALL SELECT t.id, 'town', t.parent_id, t.parent_id, t.kind, 0, 0 FROM regions t"
			 " WHERE t.level = 'town'"
			 " UNION ALL SELECT d.id, 'district', NULL, d.id, NULL, 0, 0 FROM regions d"
			 " WHERE d.level = 'district'",
			 "");
	if (!rc)
		rc = db_exec(db, e,
			     "UPDATE vi_regions SET pop = coalesce((SELECT sum(c.pop) FROM vi_regions c"
			     " WHERE c.level = 'community' AND (c.parent_id = vi_regions.region_id"
			     " OR c.district_id = vi_regions.region_id)), 0),"
			     " nonreg = coalesce((SELECT sum(c.nonreg) FROM vi_regions c"
			     " WHERE c.level = 'community' AND (c.parent_id = vi_regions.region_id"
			     " OR c.district_id = vi_regions.region_id)), 0)"
			     " WHERE level IN ('town', 'district')",
			     "");
	if (!rc)
		rc = db_exec(db, e,
			     "INSERT INTO vi_map(region_id, community_id) SELECT r.id, c.id FROM regions c"
			     " JOIN regions r ON r.path >= c.path AND r.path < substr(c.path, 1, length(c.path) - 1) || '0'"
			     " WHERE c.level = 'community'",
			     "");
	return rc;
}

/* Scores and totals from stored raw values under the current vitality_meta;
 * month NULL = every stored month. */
static int rescore(struct db *db, const char *month, int64_t config_version, struct err *e)
{
	int rc = db_exec(db, e,
			 "UPDATE vitality_snapshots SET score = (SELECT " SCORE_SQL
			 " FROM vitality_snapshots s JOIN vi_meta m ON m.component = s.component"
			 " WHERE s.month = vitality_snapshots.month AND s.region_id = vitality_snapshots.region_id"
			 " AND s.component = vitality_snapshots.component)"
			 " WHERE ? IS NULL OR month = ?",
			 "ss", month, month);
	if (!rc)
		rc = db_exec(db, e,
			     "UPDATE vitality_totals SET"
			     " weight_covered = coalesce((SELECT sum(m.weight) FROM vitality_snapshots s"
			     "  JOIN vi_meta m ON m.component = s.component WHERE s.month = vitality_totals.month"
			     "  AND s.region_id = vitality_totals.region_id AND s.has_data = 1), 0),"
			     " score = (SELECT CASE WHEN sum(m.weight) > 0 THEN"
			     "  round(sum(m.weight * s.score) * 1.0 / sum(m.weight), 2) END"
			     "  FROM vitality_snapshots s JOIN vi_meta m ON m.component = s.component"
			     "  WHERE s.month = vitality_totals.month AND s.region_id = vitality_totals.region_id"
			     "  AND s.has_data = 1),"
			     " config_version = ?"
			     " WHERE ? IS NULL OR month = ?",
			     "iss", config_version, month, month);
	if (!rc)
		rc = db_exec(db, e, "UPDATE vitality_runs SET config_version = ? WHERE ? IS NULL OR month = ?",
			     "iss", config_version, month, month);
	return rc;
}

static int config_version(struct db *db, int64_t *v, int64_t *stale_minutes, struct err *e)
{
	struct stmt *st;
	int rc = db_row(db, e, &st, "SELECT version, stale_minutes FROM vitality_settings WHERE id = 1", "");
	if (rc == 1) {
		*v = col_int(st, 0);
		if (stale_minutes)
			*stale_minutes = col_int(st, 1);
		stmt_done(st);
	}
	if (rc == 0)
		return err_set(e, ERR_STORE, "", "活力指数配置缺失", "vitality settings missing");
	return rc < 0 ? rc : 0;
}

static int64_t district_id(struct db *db, struct err *e)
{
	int64_t id = 0;
	if (db_int(db, e, &id, "SELECT id FROM regions WHERE level = 'district' ORDER BY id LIMIT 1", "") != 1)
		return 0;
	return id;
}

/* Debug log of each phase's time (`--log-level debug`), for the benchmark. */
static void phase(const char *what, int64_t *t)
{
	int64_t now = wtime_mono();
	log_debug("vitality recompute: %s %.1f ms", what, (double)(now - *t) / 1000.0);
	*t = now;
}

int vitality_recompute(struct ctx *c, const char *month, const char *trigger, struct vitality_run *out)
{
	struct db *db = c->db;
	struct err *e = c->e;
	int64_t now = c->now, t0 = wtime_mono(), tp = t0;
	struct vitality_ctx v = {.db = db};
	struct vitality_period cur, next;
	vitality_month_of(now, &cur);
	if (!month)
		v.m = cur;
	else if (vitality_month_parse(month, &v.m))
		return err_set(e, ERR_INVALID, "month", "月份格式应为 YYYY-MM", "month must be YYYY-MM");
	if (v.m.start > cur.start)
		return err_set(e, ERR_RULE, "month", "不能计算未来的月份", "a future month cannot be computed");
	vitality_month_add(&v.m, 1, &next);
	snprintf(v.first, sizeof v.first, "%s-01", v.m.text);
	snprintf(v.next, sizeof v.next, "%s-01", next.text);
	int64_t cfgver = 0;
	int rc = config_version(db, &cfgver, NULL, e);
	if (!rc)
		rc = setup_temps(db, e);
	if (!rc)
		rc = fill_meta(db, e);
	if (!rc)
		rc = fill_regions(db, e);
	phase("setup", &tp);
	struct sb absent = SB_INIT;
	int nabsent = 0;
	for (const struct vitality_provider *const *p = vitality_providers(NULL); !rc && *p; p++) {
		rc = vitality_provider_run(&v, *p, e);
		phase((*p)->key, &tp);
		if (rc == VITALITY_ABSENT) {
			if (nabsent++)
				sb_addc(&absent, ',');
			sb_adds(&absent, (*p)->key);
			/* a provider may have filled rows before finding out */
			rc = db_exec(db, e, "DELETE FROM vi_raw WHERE component = ?", "s", (*p)->key);
		}
	}
	const char *mt = v.m.text;
	if (!rc)
		rc = db_exec(db, e, "DELETE FROM vitality_snapshots WHERE month = ?", "s", mt);
	if (!rc)
		rc = db_exec(db, e, "DELETE FROM vitality_totals WHERE month = ?", "s", mt);
	if (!rc)
		rc = db_exec(db, e,
			     "INSERT INTO vitality_snapshots(month, region_id, component, num, den, raw, has_data)"
			     " SELECT ?, c.region_id, m.component,"
			     " CASE WHEN r.den > 0 THEN r.num END, CASE WHEN r.den > 0 THEN r.den END,"
			     " CASE WHEN r.den > 0 THEN round(m.mult * r.num / r.den, 4) END,"
			     " CASE WHEN r.den > 0 THEN 1 ELSE 0 END"
			     " FROM vi_regions c CROSS JOIN vi_meta m"
			     " LEFT JOIN vi_raw r ON r.community_id = c.region_id AND r.component = m.component"
			     " WHERE c.level = 'community'",
			     "s", mt);
	if (!rc)
		rc = db_exec(db, e,
			     "INSERT INTO vitality_snapshots(month, region_id, component, num, den, raw, has_data)"
			     " SELECT ?, g.gid, m.component, sum(r.num), sum(r.den),"
			     " CASE WHEN sum(r.den) > 0 THEN round(m.mult * sum(r.num) / sum(r.den), 4) END,"
			     " CASE WHEN sum(r.den) > 0 THEN 1 ELSE 0 END"
			     " FROM (SELECT region_id AS cid, parent_id AS gid FROM vi_regions WHERE level = 'community'"
			     "  UNION ALL SELECT region_id, district_id FROM vi_regions WHERE level = 'community') g"
			     " CROSS JOIN vi_meta m"
			     " LEFT JOIN vi_raw r ON r.community_id = g.cid AND r.component = m.component AND r.den > 0"
			     " GROUP BY g.gid, m.component",
			     "s", mt);
	if (!rc)
		rc = db_exec(db, e,
			     "INSERT INTO vitality_totals(month, region_id, level, parent_id, score, weight_covered,"
			     " components_with_data, population, computed_at, config_version)"
			     " SELECT ?, g.region_id, g.level, g.parent_id, NULL, 0, sum(s.has_data), g.pop, ?, ?"
			     " FROM vi_regions g JOIN vitality_snapshots s ON s.month = ? AND s.region_id = g.region_id"
			     " GROUP BY g.region_id",
			     "siis", mt, now, cfgver, mt);
	phase("snapshots", &tp);
	if (!rc)
		rc = rescore(db, mt, cfgver, e);
	phase("rescore", &tp);
	int64_t regions = 0, communities = 0;
	if (!rc && db_int(db, e, &regions, "SELECT count(*) FROM vitality_totals WHERE month = ?", "s", mt) < 0)
		rc = e->code;
	if (!rc && db_int(db, e, &communities,
			  "SELECT count(*) FROM vitality_totals WHERE month = ? AND level = 'community'", "s",
			  mt) < 0)
		rc = e->code;
	int64_t elapsed = wtime_mono() - t0;
	if (!rc)
		rc = db_exec(db, e,
			     "INSERT INTO vitality_runs(month, computed_at, elapsed_us, regions, config_version, absent)"
			     " VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(month) DO UPDATE SET computed_at = excluded.computed_at,"
			     " elapsed_us = excluded.elapsed_us, regions = excluded.regions,"
			     " config_version = excluded.config_version, absent = excluded.absent",
			     "siiiis", mt, now, elapsed, regions, cfgver, sb_str(&absent));
	if (!rc) {
		struct sb after = SB_INIT;
		sb_addf(&after, "{\"month\":\"%s\",\"regions\":%lld,\"communities\":%lld,\"trigger\":", mt,
			(long long)regions, (long long)communities);
		json_escape(&after, trigger ? trigger : "cli", strlen(trigger ? trigger : "cli"));
		sb_adds(&after, ",\"absent\":");
		json_escape(&after, sb_str(&absent), absent.len);
		sb_addc(&after, '}');
		rc = audit_record(c, "recompute", "vitality", 0, district_id(db, e), NULL, sb_str(&after));
		sb_free(&after);
	}
	if (!rc)
		rc = db_exec(db, e,
			     "UPDATE vitality_runs SET audit_id = (SELECT coalesce(max(id), 0) FROM audit_log)"
			     " WHERE month = ?",
			     "s", mt);
	if (!rc && out) {
		memset(out, 0, sizeof *out);
		snprintf(out->month, sizeof out->month, "%s", mt);
		out->regions = regions;
		out->communities = communities;
		out->elapsed_us = wtime_mono() - t0;
		out->absent = nabsent;
	}
	sb_free(&absent);
	return rc;
}

int vitality_is_stale(struct ctx *c, const char *month, bool *stale)
{
	struct db *db = c->db;
	struct err *e = c->e;
	int64_t now = c->now, cfgver = 0, stale_min = 30;
	int rc = config_version(db, &cfgver, &stale_min, e);
	if (rc)
		return rc;
	struct vitality_period cur;
	vitality_month_of(now, &cur);
	/* The current month is stale after stale_minutes, or — at most once a
	 * minute, so a busy district does not recompute on every read — as
	 * soon as anything was written since the run (the audit log's last id
	 * moved past the one the run saw). Past months change only with the
	 * configuration or an explicit recompute. */
	struct stmt *st = db_q(db, e,
			       "SELECT computed_at, config_version, audit_id,"
			       " (SELECT coalesce(max(id), 0) FROM audit_log)"
			       " FROM vitality_runs WHERE month = ?",
			       "s", month ? month : cur.text);
	if (!st)
		return e->code;
	rc = stmt_step(st, e);
	if (rc == 0) {
		*stale = true;
	} else if (rc == 1) {
		int64_t at = col_int(st, 0);
		bool current = !month || strcmp(month, cur.text) == 0;
		bool written = col_int(st, 3) > col_int(st, 2);
		*stale = col_int(st, 1) != cfgver ||
			 (current && (at < now - stale_min * 60 * WTIME_US ||
				      (written && at < now - 60 * WTIME_US)));
	}
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

/* ---------- reads ---------- */

struct vitality_region {
	int64_t id, parent_id;
	const char *level, *name, *path, *kind; /* the request's arena */
};

static int load_region(struct ctx *c, int64_t id, struct vitality_region *r)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT id, coalesce(parent_id, 0), level, name, path, coalesce(kind, '')"
			" FROM regions WHERE id = ?",
			"i", id);
	if (rc == 1) {
		*r = (struct vitality_region){col_int(st, 0), col_int(st, 1), arena_strdup(c->a, col_text(st, 2)),
					arena_strdup(c->a, col_text(st, 3)), arena_strdup(c->a, col_text(st, 4)),
					arena_strdup(c->a, col_text(st, 5))};
		stmt_done(st);
	}
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "region_id", "区域不存在", "no such region");
	return 0;
}

/* The district's figures are published; the rest needs a covering grant. */
static int check_read(struct ctx *c, const struct vitality_region *r)
{
	if (strcmp(r->level, "district") == 0)
		return 0;
	if (!c->who)
		return err_set(c->e, ERR_UNAUTH, "", "请先登录：只有全区指数对外公开",
			       "please log in: only the district's index is public");
	return auth_covers_path(c->who, ROLES_ANY, r->path) ? 0 : auth_forbidden(c->e);
}

static int scored_region(struct ctx *c, int64_t id, struct vitality_region *r)
{
	int rc = load_region(c, id, r);
	if (rc || (rc = check_read(c, r)))
		return rc;
	if (strcmp(r->level, "grid") == 0 || strcmp(r->level, "building") == 0)
		return err_set(c->e, ERR_RULE, "region_id", "活力指数按村（社区）、镇街和区计算",
			       "the index is computed for communities, towns and the district");
	return 0;
}

int vitality_check_region(struct ctx *c, int64_t region_id)
{
	struct vitality_region r;
	return scored_region(c, region_id, &r);
}

int vitality_default_region(struct ctx *c, int64_t *id)
{
	const struct grant *g = c->who ? auth_primary_grant(c->who, ROLES_ANY) : NULL;
	if (!g) {
		*id = district_id(c->db, c->e);
		return *id ? 0 : err_set(c->e, ERR_NOT_FOUND, "region_id", "尚未建立区", "no district yet");
	}
	if (strcmp(g->region_level, "grid") != 0 && strcmp(g->region_level, "building") != 0) {
		*id = g->region_id;
		return 0;
	}
	/* a grid worker's index is that of the grid's community */
	int rc = db_int(c->db, c->e, id,
			"SELECT id FROM regions WHERE level = 'community' AND ? >= path"
			" AND ? < substr(path, 1, length(path) - 1) || '0'",
			"ss", g->region_path, g->region_path);
	if (rc < 0)
		return rc;
	return rc == 1 ? 0 : err_set(c->e, ERR_NOT_FOUND, "region_id", "区域不存在", "no such region");
}

int vitality_month(struct ctx *c, const char *month, struct vitality_period *m)
{
	if (!month || !*month) {
		vitality_month_of(c->now, m);
		return 0;
	}
	if (vitality_month_parse(month, m))
		return err_set(c->e, ERR_INVALID, "month", "月份格式应为 YYYY-MM", "month must be YYYY-MM");
	return 0;
}

const char *vitality_weak_month(struct ctx *c, const char *month, const char *weak)
{
	struct vitality_period m, cur, prev;
	if (vitality_month(c, month, &m))
		return NULL;
	vitality_month_of(c->now, &cur);
	if (m.start != cur.start || (weak && strcmp(weak, "current") == 0))
		return arena_strdup(c->a, m.text);
	vitality_month_add(&m, -1, &prev);
	return arena_strdup(c->a, prev.text);
}

/* "in_progress" (the month of c->now, not yet complete) and, when it is,
 * "as_of_day" (the day of the month in Asia/Shanghai) and "days_in_month":
 * a total early in a month is read as "so far", never as a fall. */
static void write_progress(struct ctx *c, struct jw *w, const struct vitality_period *m)
{
	struct vitality_period cur;
	vitality_month_of(c->now, &cur);
	bool in_progress = m->start == cur.start;
	jw_kbool(w, "in_progress", in_progress);
	if (in_progress) {
		jw_kint(w, "as_of_day", (c->now - cur.start) / (86400 * WTIME_US) + 1);
		jw_kint(w, "days_in_month", (cur.end - cur.start) / (86400 * WTIME_US));
	}
}

static void write_region_obj(struct jw *w, const struct vitality_region *r)
{
	jw_key(w, "region");
	jw_obj(w);
	jw_kint(w, "id", r->id);
	jw_kstr(w, "name", r->name);
	jw_kstr(w, "level", r->level);
	jw_kstr(w, "kind", *r->kind ? r->kind : NULL);
	if (r->parent_id)
		jw_kint(w, "parent_id", r->parent_id);
	else
		jw_knull(w, "parent_id");
	jw_obj_end(w);
}

static void jw_kdouble_or_null(struct jw *w, const char *k, bool present, double v)
{
	jw_key(w, k);
	if (present)
		jw_double(w, v);
	else
		jw_null(w);
}

/* "key", "name", "name_en" of a component: the head of every object that
 * names one. */
static void write_component_head(struct jw *w, const struct vitality_provider *pv)
{
	jw_kstr(w, "key", pv->key);
	jw_kstr(w, "name", pv->name);
	jw_kstr(w, "name_en", pv->name_en);
}

struct total_row {
	bool has_total;
	double total;
	int64_t with_data, covered;
};

/* The region's total for the month: 1 and t (has_total false when it has
 * no component with data), 0 when never computed, or an error. */
static int load_total(struct ctx *c, const char *month, int64_t region_id, struct total_row *t)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT score, components_with_data, weight_covered FROM vitality_totals"
			" WHERE month = ? AND region_id = ?",
			"si", month, region_id);
	memset(t, 0, sizeof *t);
	t->has_total = rc == 1 && !col_null(st, 0);
	t->total = t->has_total ? col_double(st, 0) : 0;
	if (rc == 1) {
		t->with_data = col_int(st, 1);
		t->covered = col_int(st, 2);
		stmt_done(st);
	}
	return rc;
}

/* The coverage beside every score: how many components have data, of how
 * many, and the weight they carry (of 100). */
static void write_coverage(struct jw *w, const struct total_row *t)
{
	jw_kint(w, "components_with_data", t->with_data);
	int n = 0;
	vitality_providers(&n);
	jw_kint(w, "components_total", n);
	jw_kint(w, "weight_covered", t->covered);
}

struct comp_row {
	const struct vitality_provider *pv;
	struct vitality_fig f;
	int64_t weight;
	bool present;  /* module built */
	bool computed; /* a snapshot row exists */
};

/* Read the components of one region and month (rows in configuration order). */
static int load_components(struct ctx *c, int64_t region_id, const char *month, struct comp_row *rows, int *n)
{
	char *listed;
	int rc = db_text(c->db, c->e, c->a, &listed, "SELECT absent FROM vitality_runs WHERE month = ?", "s",
			 month);
	if (rc < 0)
		return rc;
	const char *absent = listed ? arena_printf(c->a, ",%s,", listed) : "";
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT c.component, c.weight, c.target, c.floor, s.num, s.den, s.raw, s.score,"
			       " s.has_data FROM vitality_config c LEFT JOIN vitality_snapshots s ON s.month = ?"
			       " AND s.region_id = ? AND s.component = c.component ORDER BY c.sort_order, c.component",
			       "si", month, region_id);
	if (!st)
		return c->e->code;
	*n = 0;
	while ((rc = stmt_step(st, c->e)) == 1 && *n < VITALITY_MAX_PROVIDERS) {
		const struct vitality_provider *pv = vitality_provider_find(col_text(st, 0));
		if (!pv)
			continue;
		struct comp_row *r = &rows[(*n)++];
		memset(r, 0, sizeof *r);
		r->pv = pv;
		r->weight = col_int(st, 1);
		r->f.target = col_double(st, 2);
		r->f.floor = col_null(st, 3) ? 0 : col_double(st, 3);
		r->computed = !col_null(st, 8);
		r->f.has_data = r->computed && col_int(st, 8) == 1;
		r->f.num = col_double(st, 4);
		r->f.den = col_double(st, 5);
		r->f.raw = col_double(st, 6);
		r->f.score = col_double(st, 7);
		r->present = !strstr(absent, arena_printf(c->a, ",%s,", pv->key));
	}
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

static void write_detail(struct jw *w, const struct comp_row *c)
{
	struct sb zh = SB_INIT, en = SB_INIT;
	if (c->f.has_data) {
		vitality_say(c->pv, &c->f, &zh, &en);
	} else if (!c->present) {
		sb_adds(&zh, "暂无数据：数据来源模块尚未上线");
		sb_adds(&en, "no data: the source module is not in use yet");
	} else {
		sb_adds(&zh, "暂无数据：该区域在来源模块中尚无记录");
		sb_adds(&en, "no data: no records for this region in the source module yet");
	}
	jw_kstr(w, "detail", sb_str(&zh));
	jw_kstr(w, "detail_en", sb_str(&en));
	sb_free(&zh);
	sb_free(&en);
}

static int weak_cmp(const void *a, const void *b)
{
	const struct comp_row *x = *(const struct comp_row *const *)a, *y = *(const struct comp_row *const *)b;
	if (x->f.score != y->f.score)
		return x->f.score < y->f.score ? -1 : 1;
	return x->weight > y->weight ? -1 : x->weight < y->weight;
}

int vitality_write_region(struct ctx *c, struct jw *w, int64_t region_id, const char *month)
{
	return vitality_write_region_weak(c, w, region_id, month, NULL);
}

int vitality_write_region_weak(struct ctx *c, struct jw *w, int64_t region_id, const char *month,
			       const char *weak_month)
{
	struct vitality_region r;
	struct vitality_period m;
	int rc;
	if ((rc = vitality_month(c, month, &m)) || (rc = scored_region(c, region_id, &r)))
		return rc;
	struct comp_row rows[VITALITY_MAX_PROVIDERS], wrows[VITALITY_MAX_PROVIDERS];
	int n = 0, nw = 0;
	if (!weak_month)
		weak_month = m.text;
	if ((rc = load_components(c, region_id, m.text, rows, &n)) ||
	    (rc = load_components(c, region_id, weak_month, wrows, &nw)))
		return rc;
	struct err *e = c->e;
	struct stmt *st;
	rc = db_row(c->db, e, &st,
		    "SELECT score, weight_covered, components_with_data, population, computed_at,"
		    " config_version FROM vitality_totals WHERE month = ? AND region_id = ?",
		    "si", m.text, region_id);
	if (rc < 0)
		return rc;
	bool computed = rc == 1, has_total = computed && !col_null(st, 0);
	double total = has_total ? col_double(st, 0) : 0;
	int64_t covered = computed ? col_int(st, 1) : 0, with_data = computed ? col_int(st, 2) : 0;
	int64_t pop = computed ? col_int(st, 3) : 0, at = computed ? col_int(st, 4) : 0;
	int64_t cfgver = computed ? col_int(st, 5) : 0;
	if (computed)
		stmt_done(st);

	jw_obj(w);
	write_region_obj(w, &r);
	jw_kstr(w, "month", m.text);
	write_progress(c, w, &m);
	jw_kbool(w, "computed", computed);
	jw_ktime(w, "computed_at", at);
	jw_kint(w, "config_version", cfgver);
	jw_kdouble_or_null(w, "total", has_total, total);
	jw_kint(w, "weight_covered", covered);
	jw_kint(w, "components_with_data", with_data);
	jw_kint(w, "components_total", n);
	jw_kint(w, "population", pop);
	jw_key(w, "components");
	jw_arr(w);
	const struct comp_row *weak[VITALITY_MAX_PROVIDERS];
	int nweak = 0, nodata = 0;
	for (int i = 0; i < n; i++) {
		const struct comp_row *k = &rows[i];
		jw_obj(w);
		write_component_head(w, k->pv);
		jw_kstr(w, "module", k->pv->module);
		jw_kbool(w, "module_present", k->present);
		jw_kstr(w, "unit", k->pv->unit);
		jw_kstr(w, "unit_en", k->pv->unit_en);
		jw_kstr(w, "direction", k->pv->dir == VITALITY_UP ? "up" : "down");
		jw_kint(w, "weight", k->weight);
		jw_kdouble_or_null(w, "effective_weight", k->f.has_data && covered > 0,
				   round(10000.0 * (double)k->weight / (double)(covered ? covered : 1)) / 100);
		jw_key(w, "target");
		jw_double(w, k->f.target);
		jw_kdouble_or_null(w, "floor", k->pv->dir == VITALITY_DOWN, k->f.floor);
		jw_kbool(w, "has_data", k->f.has_data);
		jw_kdouble_or_null(w, "num", k->f.has_data, k->f.num);
		jw_kdouble_or_null(w, "den", k->f.has_data, k->f.den);
		jw_kdouble_or_null(w, "raw", k->f.has_data, k->f.raw);
		jw_kdouble_or_null(w, "score", k->f.has_data, k->f.score);
		write_detail(w, k);
		jw_kstr(w, "rule", k->pv->rule);
		jw_kstr(w, "rule_en", k->pv->rule_en);
		jw_obj_end(w);
		if (!k->f.has_data)
			nodata++;
	}
	jw_arr_end(w);
	/* 短板 of weak_month: by default the last complete month while this one
	 * is in progress, so a component without its first meeting of the
	 * month is not the weakest everywhere on the 5th. */
	for (int i = 0; i < nw; i++)
		if (wrows[i].f.has_data && wrows[i].weight > 0)
			weak[nweak++] = &wrows[i];
	if (!nweak) { /* the weak month has no data here: the month itself */
		weak_month = m.text;
		for (int i = 0; i < n; i++)
			if (rows[i].f.has_data && rows[i].weight > 0)
				weak[nweak++] = &rows[i];
	}
	jw_kstr(w, "weak_month", weak_month);
	qsort(weak, (size_t)nweak, sizeof weak[0], weak_cmp);
	jw_key(w, "weak");
	jw_arr(w);
	for (int i = 0; i < nweak && i < 3; i++) {
		jw_obj(w);
		write_component_head(w, weak[i]->pv);
		jw_key(w, "score");
		jw_double(w, weak[i]->f.score);
		jw_key(w, "raw");
		jw_double(w, weak[i]->f.raw);
		jw_kstr(w, "unit", weak[i]->pv->unit);
		jw_kstr(w, "unit_en", weak[i]->pv->unit_en);
		write_detail(w, weak[i]);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "no_data");
	jw_arr(w);
	for (int i = 0; i < n; i++)
		if (!rows[i].f.has_data)
			jw_str(w, rows[i].pv->key);
	jw_arr_end(w);
	struct sb zh = SB_INIT, en = SB_INIT;
	if (nodata) {
		sb_addf(&zh, "%d 项指标暂无数据，不计入总分；其余指标的权重（合计 %lld）按比例放大到 100。", nodata,
			(long long)covered);
		sb_addf(&en, "%d components have no data and are left out; the remaining weights (%lld in all)"
			     " are scaled up to 100.", nodata, (long long)covered);
	}
	jw_kstr(w, "note", nodata ? sb_str(&zh) : NULL);
	jw_kstr(w, "note_en", nodata ? sb_str(&en) : NULL);
	sb_free(&zh);
	sb_free(&en);
	jw_obj_end(w);
	return 0;
}

/* The scope range for lists: the caller's broadest grant. */
static void scope_range(const struct principal *p, const char **lo)
{
	const struct grant *g = auth_primary_grant(p, ROLES_ANY);
	*lo = g ? g->region_path : "/nothing/";
}

const char *const vitality_rank_levels[] = {"town", "community", NULL};

/* A community's staff may read their town's ranking of communities: totals,
 * coverage, ranks and each one's weakest component — aggregates published
 * for the town, no person's data — so they see where they stand. Nothing
 * else outside their grant (the other communities' details stay 403). */
static bool town_ranking_allowed(const struct principal *p, const struct vitality_rank_q *q,
				 const struct vitality_region *par)
{
	if (strcmp(q->level, "community") != 0 || strcmp(par->level, "town") != 0)
		return false;
	size_t n = strlen(par->path);
	for (int i = 0; i < p->ngrants; i++)
		if (strncmp(p->grants[i].region_path, par->path, n) == 0)
			return true;
	return false;
}

int vitality_check_ranking(struct ctx *c, const struct vitality_rank_q *q)
{
	const struct principal *p = c->who;
	struct err *e = c->e;
	int rc;
	bool level_ok = false;
	for (const char *const *l = vitality_rank_levels; q->level && *l; l++)
		level_ok |= strcmp(q->level, *l) == 0;
	if (!level_ok)
		return err_set(e, ERR_INVALID, "level", "level 应为 community 或 town",
			       "level must be community or town");
	if (q->parent_id) {
		struct vitality_region par;
		if ((rc = load_region(c, q->parent_id, &par)))
			return rc == ERR_NOT_FOUND ? err_set(e, ERR_NOT_FOUND, "parent_id", "区域不存在",
							     "no such region")
						   : rc;
		if (!p || (!auth_covers_path(p, ROLES_ANY, par.path) && !town_ranking_allowed(p, q, &par)))
			return auth_forbidden(e);
	}
	if (q->sort && *q->sort && strcmp(q->sort, "score") != 0 && strcmp(q->sort, "-score") != 0 &&
	    strcmp(q->sort, "name") != 0 && strcmp(q->sort, "-name") != 0)
		return err_set(e, ERR_INVALID, "sort", "排序字段应为 score 或 name（可加 - 前缀）",
			       "sort must be score or name (optionally prefixed by -)");
	return 0;
}

/* A column of a ranking row's weakest component (its key, score or month):
 * of the weak month, or of the month itself where the weak month has no
 * component with data. Parameters: weak, month, weak. */
#define WEAKEST(col)                                                                                  \
	" (SELECT " col " FROM vitality_snapshots s JOIN vitality_config c ON c.component = s.component"  \
	"  WHERE s.month IN (?, ?) AND s.region_id = t.region_id AND s.has_data = 1 AND c.weight > 0"      \
	"  ORDER BY s.month = ? DESC, s.score, c.weight DESC LIMIT 1)"

/* A region's row of the ranking, before its weakest component. */
static const struct jcol ranking_cols[] = {
	{"region_id", 0, JC_INT}, {"name", 1, JC_TEXT}, {"level", 2, JC_TEXT},
	{"parent_id", 3, JC_INT}, {"parent_name", 4, JC_TEXT}, {"total", 5, JC_DOUBLE_OR_NULL},
	{"components_with_data", 6, JC_INT}, {"weight_covered", 7, JC_INT},
	{"population", 8, JC_INT}, {"rank", 9, JC_INT},
};

int vitality_write_ranking(struct ctx *c, struct jw *w, const struct vitality_rank_q *q, int64_t *total)
{
	struct db *db = c->db;
	struct err *e = c->e;
	struct vitality_period m;
	int rc = vitality_month(c, q->month, &m);
	if (rc || (rc = vitality_check_ranking(c, q)))
		return rc;
	const char *order = "t.score IS NULL, t.score DESC, r.name";
	if (q->sort && strcmp(q->sort, "score") == 0)
		order = "t.score IS NULL, t.score, r.name";
	else if (q->sort && strcmp(q->sort, "name") == 0)
		order = "r.name";
	else if (q->sort && strcmp(q->sort, "-name") == 0)
		order = "r.name DESC";
	const char *lo;
	struct vitality_region par;
	if (q->parent_id) { /* checked: the caller may read this parent's ranking */
		if ((rc = load_region(c, q->parent_id, &par)))
			return rc;
		lo = par.path;
	} else {
		scope_range(c->who, &lo);
	}
	const char *weak_month = q->weak_month ? q->weak_month : m.text;
	static const char *where =
		" FROM vitality_totals t JOIN regions r ON r.id = t.region_id"
		" WHERE t.month = ? AND t.level = ? AND (? = 0 OR t.parent_id = ?)"
		" AND r.path >= ? AND r.path < substr(?, 1, length(?) - 1) || '0'";
	struct sb sql = SB_INIT;
	sb_addf(&sql, "SELECT count(*)%s", where);
	rc = db_int(db, e, total, sql.buf, "ssiisss", m.text, q->level, q->parent_id, q->parent_id, lo, lo, lo);
	sb_free(&sql);
	if (rc < 0)
		return rc;
	sb_addf(&sql,
		"SELECT t.region_id, r.name, t.level, t.parent_id, (SELECT name FROM regions WHERE id = t.parent_id),"
		" t.score, t.components_with_data, t.weight_covered, t.population,"
		" RANK() OVER (ORDER BY coalesce(t.score, -1) DESC),"
		WEAKEST("s.component") "," WEAKEST("s.score") "," WEAKEST("s.month")
		"%s ORDER BY %s LIMIT ? OFFSET ?",
		where, order);
	struct stmt *st = db_q(db, e, sql.buf, "sssssssssssiisssii", weak_month, m.text, weak_month, weak_month,
			       m.text, weak_month, weak_month, m.text, weak_month, m.text, q->level, q->parent_id, q->parent_id, lo,
			       lo, lo, q->limit, q->offset);
	sb_free(&sql);
	if (!st)
		return e->code;
	jw_obj(w);
	jw_kstr(w, "month", m.text);
	write_progress(c, w, &m);
	jw_kstr(w, "weak_month", weak_month);
	int ncomp = 0;
	vitality_providers(&ncomp);
	jw_key(w, "items");
	jw_arr(w);
	while ((rc = stmt_step(st, e)) == 1) {
		jw_obj(w);
		jw_cols(w, st, JCOLS(ranking_cols));
		jw_kint(w, "components_total", ncomp);
		const struct vitality_provider *pv = col_null(st, 10) ? NULL : vitality_provider_find(col_text(st, 10));
		jw_key(w, "weakest");
		if (pv) {
			jw_obj(w);
			write_component_head(w, pv);
			jw_key(w, "score");
			jw_double(w, col_double(st, 11));
			jw_kstr(w, "month", col_text(st, 12));
			jw_obj_end(w);
		} else {
			jw_null(w);
		}
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	/* the caller appends total/page/per_page and closes the object */
	return 0;
}

int vitality_write_trend(struct ctx *c, struct jw *w, int64_t region_id, int months, const char *until)
{
	struct err *e = c->e;
	struct vitality_region r;
	struct vitality_period last, first;
	int rc;
	if ((rc = vitality_month(c, until, &last)) || (rc = scored_region(c, region_id, &r)))
		return rc;
	vitality_month_add(&last, -(months - 1), &first);
	jw_obj(w);
	write_region_obj(w, &r);
	jw_key(w, "components");
	jw_arr(w);
	for (const struct vitality_provider *const *p = vitality_providers(NULL); *p; p++) {
		jw_obj(w);
		write_component_head(w, *p);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "months");
	jw_arr(w);
	for (int k = 0; k < months; k++) {
		struct vitality_period m;
		vitality_month_add(&first, k, &m);
		jw_obj(w);
		jw_kstr(w, "month", m.text);
		struct total_row t;
		if ((rc = load_total(c, m.text, region_id, &t)) < 0)
			return rc;
		jw_kbool(w, "computed", rc == 1);
		write_progress(c, w, &m);
		jw_kdouble_or_null(w, "total", t.has_total, t.total);
		write_coverage(w, &t);
		jw_key(w, "scores");
		jw_obj(w);
		struct stmt *st = db_q(c->db, e,
				       "SELECT component, score FROM vitality_snapshots WHERE month = ? AND region_id = ?"
				       " AND has_data = 1",
				       "si", m.text, region_id);
		if (!st)
			return e->code;
		while ((rc = stmt_step(st, e)) == 1) {
			jw_key(w, col_text(st, 0));
			jw_double(w, col_double(st, 1));
		}
		stmt_done(st);
		if (rc < 0)
			return rc;
		jw_obj_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

int vitality_write_compare(struct ctx *c, struct jw *w, const int64_t *ids, int n, const char *month)
{
	struct err *e = c->e;
	struct vitality_period m;
	struct vitality_region regs[VITALITY_COMPARE_MAX];
	int rc = vitality_month(c, month, &m);
	if (rc)
		return rc;
	if (n < 1 || n > VITALITY_COMPARE_MAX)
		return err_setf(e, ERR_INVALID, "ids", "请选择 1 到 %d 个区域", "choose 1 to %d regions",
				VITALITY_COMPARE_MAX);
	for (int i = 0; i < n; i++)
		if ((rc = scored_region(c, ids[i], &regs[i]))) {
			snprintf(e->field, sizeof e->field, "ids");
			return rc;
		}
	jw_obj(w);
	jw_kstr(w, "month", m.text);
	write_progress(c, w, &m);
	jw_key(w, "items");
	jw_arr(w);
	for (int i = 0; i < n; i++) {
		struct comp_row rows[VITALITY_MAX_PROVIDERS];
		int nr = 0;
		struct total_row t;
		if ((rc = load_components(c, ids[i], m.text, rows, &nr)) ||
		    (rc = load_total(c, m.text, ids[i], &t)) < 0)
			return rc;
		jw_obj(w);
		write_region_obj(w, &regs[i]);
		jw_kdouble_or_null(w, "total", t.has_total, t.total);
		write_coverage(w, &t);
		jw_key(w, "components");
		jw_arr(w);
		for (int k = 0; k < nr; k++) {
			jw_obj(w);
			write_component_head(w, rows[k].pv);
			jw_kint(w, "weight", rows[k].weight);
			jw_kbool(w, "has_data", rows[k].f.has_data);
			jw_kdouble_or_null(w, "raw", rows[k].f.has_data, rows[k].f.raw);
			jw_kdouble_or_null(w, "score", rows[k].f.has_data, rows[k].f.score);
			jw_kstr(w, "unit", rows[k].pv->unit);
			jw_kstr(w, "unit_en", rows[k].pv->unit_en);
			write_detail(w, &rows[k]);
			jw_obj_end(w);
		}
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

/* ---------- configuration ---------- */

#define FORMULA_ZH                                                                            \
	"活力指数 = Σ(权重ᵢ × 得分ᵢ) ÷ Σ(权重ᵢ)，只对有数据的指标求和；得分ᵢ 为原始值按目标折算的" \
	" 0–100 分（正向：min(100, 100 × 原始值 ÷ 目标)；用时类：目标天数内 100 分，到上限天数降为 0）"
#define FORMULA_EN                                                                            \
	"Index = Σ(weightᵢ × scoreᵢ) ÷ Σ(weightᵢ) over the components with data; scoreᵢ is the raw"    \
	" value on 0–100 (more is better: min(100, 100 × raw ÷ target); days: 100 within the target," \
	" falling linearly to 0 at the limit)"

static int write_config_json(struct db *db, struct jw *w, bool full, struct err *e)
{
	struct stmt *st = db_q(db, e,
			       "SELECT version, stale_minutes, updated_at FROM vitality_settings WHERE id = 1", "");
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	jw_obj(w);
	if (rc == 1) {
		jw_kint(w, "version", col_int(st, 0));
		jw_kint(w, "stale_minutes", col_int(st, 1));
		if (full)
			jw_ktime(w, "updated_at", col_int(st, 2));
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (full) {
		jw_kstr(w, "formula", FORMULA_ZH);
		jw_kstr(w, "formula_en", FORMULA_EN);
	}
	st = db_q(db, e,
		  "SELECT component, weight, target, floor FROM vitality_config ORDER BY sort_order, component", "");
	if (!st)
		return e->code;
	int64_t sum = 0;
	jw_key(w, "components");
	jw_arr(w);
	while ((rc = stmt_step(st, e)) == 1) {
		const struct vitality_provider *pv = vitality_provider_find(col_text(st, 0));
		if (!pv)
			continue;
		jw_obj(w);
		jw_kstr(w, "key", pv->key);
		jw_kint(w, "weight", col_int(st, 1));
		sum += col_int(st, 1);
		jw_key(w, "target");
		jw_double(w, col_double(st, 2));
		jw_kdouble_or_null(w, "floor", !col_null(st, 3), col_double(st, 3));
		if (full) {
			jw_kstr(w, "name", pv->name);
			jw_kstr(w, "name_en", pv->name_en);
			jw_kstr(w, "module", pv->module);
			jw_kstr(w, "unit", pv->unit);
			jw_kstr(w, "unit_en", pv->unit_en);
			jw_kstr(w, "direction", pv->dir == VITALITY_UP ? "up" : "down");
			jw_kstr(w, "rule", pv->rule);
			jw_kstr(w, "rule_en", pv->rule_en);
		}
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	if (full)
		jw_kint(w, "weights_sum", sum);
	jw_obj_end(w);
	return 0;
}

int vitality_write_config(struct ctx *c, struct jw *w)
{
	return write_config_json(c->db, w, true, c->e);
}

/* The configuration as JSON, for the audit entry (the request's arena). */
static char *config_snapshot(struct ctx *c)
{
	struct sb b = SB_INIT;
	struct jw w;
	jw_init(&w, &b);
	char *out = write_config_json(c->db, &w, false, c->e) ? NULL : arena_strdup(c->a, sb_str(&b));
	sb_free(&b);
	return out;
}

/* 422 for components[i].<member>: each format takes one %s, given the
 * component's name in that language. */
static int item_error(struct ctx *c, int i, const char *member, const char *zh_fmt, const char *en_fmt,
		      const char *zh_arg, const char *en_arg)
{
	err_set(c->e, ERR_RULE, "", arena_printf(c->a, zh_fmt, zh_arg), arena_printf(c->a, en_fmt, en_arg));
	snprintf(c->e->field, sizeof c->e->field, "components[%d].%s", i, member);
	return ERR_RULE;
}

int vitality_config_update(struct ctx *c, const struct vitality_config_in *in)
{
	struct db *db = c->db;
	struct err *e = c->e;
	if (c->who && !auth_has_role(c->who, R(ROLE_DISTRICT_ADMIN)))
		return err_set(e, ERR_FORBIDDEN, "", "只有区级管理员可以修改活力指数的权重和目标",
			       "only the district admin may change the index's weights and targets");
	int64_t version = 0;
	int rc = config_version(db, &version, NULL, e);
	if (rc)
		return rc;
	if (in->version != version)
		return err_setf(e, ERR_CONFLICT, "version",
				"配置已被他人修改（当前版本 %lld），请刷新后重试",
				"the configuration was changed by someone else (now version %lld); reload and retry",
				(long long)version);
	/* current values, then the edits */
	struct {
		const struct vitality_provider *pv;
		int64_t weight;
		double target, floor;
		bool has_floor;
	} cur[VITALITY_MAX_PROVIDERS];
	int n = 0;
	struct stmt *st = db_q(db, e, "SELECT component, weight, target, floor FROM vitality_config", "");
	if (!st)
		return e->code;
	while ((rc = stmt_step(st, e)) == 1 && n < VITALITY_MAX_PROVIDERS) {
		const struct vitality_provider *pv = vitality_provider_find(col_text(st, 0));
		if (!pv)
			continue;
		cur[n].pv = pv;
		cur[n].weight = col_int(st, 1);
		cur[n].target = col_double(st, 2);
		cur[n].has_floor = !col_null(st, 3);
		cur[n].floor = col_double(st, 3);
		n++;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < in->nitems; i++) {
		const struct vitality_config_item *it = &in->items[i];
		int k = -1;
		for (int j = 0; j < n; j++)
			if (strcmp(cur[j].pv->key, it->key) == 0)
				k = j;
		if (k < 0)
			return item_error(c, i, "key", "未知的指标：%s", "unknown component: %s", it->key, it->key);
		const char *zh = cur[k].pv->name, *en = cur[k].pv->name_en;
		if (it->has_weight) {
			if (it->weight < 0 || it->weight > 100)
				return item_error(c, i, "weight", "“%s”的权重应在 0 到 100 之间",
						  "the weight of “%s” must be from 0 to 100", zh, en);
			cur[k].weight = it->weight;
		}
		if (it->has_target) {
			if (!(it->target > 0) || !isfinite(it->target) || it->target > 1e9)
				return item_error(c, i, "target", "“%s”的目标值应大于 0",
						  "the target of “%s” must be above 0", zh, en);
			cur[k].target = it->target;
		}
		if (it->has_floor) {
			if (cur[k].pv->dir != VITALITY_DOWN)
				return item_error(c, i, "floor", "“%s”不是用时类指标，没有下限",
						  "“%s” is not a days component and has no limit", zh, en);
			cur[k].floor = it->floor;
			cur[k].has_floor = true;
		}
		if (cur[k].pv->dir == VITALITY_DOWN && (!cur[k].has_floor || !(cur[k].floor > cur[k].target)))
			return item_error(c, i, it->has_floor ? "floor" : "target", "“%s”的 0 分天数应大于满分天数",
					  "the zero-score days of “%s” must exceed the full-score days", zh, en);
	}
	int64_t sum = 0;
	for (int j = 0; j < n; j++)
		sum += cur[j].weight;
	if (sum != 100)
		return err_setf(e, ERR_RULE, "components", "各指标权重之和应为 100，现为 %lld",
				"the weights must sum to 100; they sum to %lld", (long long)sum);
	char *before = config_snapshot(c), *after = NULL;
	if (!before)
		return e->code;
	for (int j = 0; !rc && j < n; j++)
		rc = db_exec(db, e,
			     "UPDATE vitality_config SET weight = ?, target = ?, floor = CASE WHEN ? = 1 THEN ? END"
			     " WHERE component = ?",
			     "idids", cur[j].weight, cur[j].target, (int64_t)cur[j].has_floor,
			     cur[j].floor, cur[j].pv->key);
	if (!rc)
		rc = db_exec(db, e,
			     "UPDATE vitality_settings SET version = version + 1, updated_at = ?, updated_by = NULLIF(?, 0),"
			     " stale_minutes = CASE WHEN ? = 1 THEN ? ELSE stale_minutes END WHERE id = 1",
			     "iiii", c->now, c->who ? c->who->user_id : (int64_t)0, (int64_t)in->has_stale,
			     in->stale_minutes);
	int64_t nv = version + 1;
	if (!rc)
		rc = setup_temps(db, e);
	if (!rc)
		rc = fill_meta(db, e);
	if (!rc)
		rc = rescore(db, NULL, nv, e);
	if (!rc && !(after = config_snapshot(c)))
		rc = e->code;
	if (!rc)
		rc = audit_record(c, "update", "vitality_config", 1, district_id(db, e), before, after);
	return rc;
}
