/*
 * exchange_vitality.c — the exchange's components of the vitality index
 * (modules/vitality/vitality.h, docs/vitality-index.md): service hours per
 * capita, demand fulfilment and time to fulfil. module.c lists them in the
 * exchange's descriptor (`.vitality`).
 *
 * All three read one shared aggregate, built once per recompute (vitality_once)
 * so demands and matches are scanned once:
 *   vitality_xchg(community_id, demands, win_demands, win_fulfilled,
 *           fulfil_days, fulfilled_in_win, minutes)
 */
#include "modules/vitality/vitality.h"
#include "store/store.h"

static const char *const demand_cols[] = {"id", "region_id", "status", "created_at", "fulfilled_at", NULL};
static const char *const match_cols[] = {"demand_id", "status", "delivered_at", "hours_delivered", NULL};
static const char *const record_cols[] = {"region_id", "kind", "started_at", "minutes", "amends_id", NULL};
static const struct vitality_table exchange_reads[] = {
	{"xchg_demands", demand_cols}, {"xchg_matches", match_cols}, {"vol_records", record_cols}, {NULL, NULL}};

/* One pass over demands (and their matches' delivered minutes). */
static int vitality_xchg(struct vitality_ctx *v, struct err *e)
{
	const struct vitality_period *m = &v->m;
	int rc = db_exec(v->db, e,
			 "CREATE TEMP TABLE IF NOT EXISTS vi_xchg(community_id INTEGER PRIMARY KEY, demands INTEGER,"
			 " win_demands INTEGER, win_fulfilled INTEGER, fulfil_days REAL, fulfilled_in_win INTEGER,"
			 " minutes REAL)",
			 "");
	if (!rc)
		rc = db_exec(v->db, e, "DELETE FROM vi_xchg", "");
	if (!rc)
		rc = db_exec(
			v->db, e,
			"INSERT INTO vi_xchg(community_id, demands, win_demands, win_fulfilled, fulfil_days,"
			" fulfilled_in_win, minutes)"
			" SELECT m.community_id, count(*),"
			" sum(CASE WHEN d.created_at >= ? AND d.status <> 'cancelled' THEN 1 ELSE 0 END),"
			" sum(CASE WHEN d.created_at >= ? AND d.status <> 'cancelled' AND d.fulfilled_at < ?"
			"      THEN 1 ELSE 0 END),"
			" sum(CASE WHEN d.fulfilled_at >= ? AND d.fulfilled_at < ?"
			"      THEN (d.fulfilled_at - d.created_at) / 86400000000.0 ELSE 0 END),"
			" sum(CASE WHEN d.fulfilled_at >= ? AND d.fulfilled_at < ? THEN 1 ELSE 0 END), 0"
			" FROM xchg_demands d JOIN vi_map m ON m.region_id = d.region_id"
			" WHERE d.created_at < ? GROUP BY m.community_id",
			"iiiiiiii", m->window_start, m->window_start, m->end, m->window_start, m->end,
			m->window_start, m->end, m->end);
	/* minutes delivered in the window, by the demand's community */
	if (!rc)
		rc = db_exec(v->db, e,
			     "UPDATE vi_xchg SET minutes = coalesce((SELECT t.minutes FROM"
			     " (SELECT m.community_id AS cid, sum(x.hours_delivered) AS minutes FROM xchg_matches x"
			     "  JOIN xchg_demands d ON d.id = x.demand_id JOIN vi_map m ON m.region_id = d.region_id"
			     "  WHERE x.status IN ('delivered','confirmed','rated') AND x.hours_delivered > 0"
			     "  AND x.delivered_at >= ? AND x.delivered_at < ? GROUP BY m.community_id) t"
			     " WHERE t.cid = vi_xchg.community_id), 0)",
			     "ii", m->window_start, m->end);
	/* and the volunteers' confirmed service records of the window, by the
	 * activity's community (a record amended later counts through its
	 * amendment only); a community with records but no demand gets its row */
	if (!rc)
		rc = db_exec(v->db, e,
			     "INSERT INTO vi_xchg(community_id, demands, win_demands, win_fulfilled, fulfil_days,"
			     " fulfilled_in_win, minutes)"
			     " SELECT DISTINCT m.community_id, 0, 0, 0, 0, 0, 0 FROM vol_records r"
			     " JOIN vi_map m ON m.region_id = r.region_id"
			     " WHERE r.kind = 'service' AND r.started_at >= ? AND r.started_at < ?"
			     " AND m.community_id NOT IN (SELECT community_id FROM vi_xchg)",
			     "ii", m->window_start, m->end);
	if (!rc)
		rc = db_exec(v->db, e,
			     "UPDATE vi_xchg SET minutes = minutes + coalesce((SELECT t.minutes FROM"
			     " (SELECT m.community_id AS cid, sum(r.minutes) AS minutes FROM vol_records r"
			     "  JOIN vi_map m ON m.region_id = r.region_id"
			     "  WHERE r.kind = 'service' AND r.started_at >= ? AND r.started_at < ?"
			     "  AND NOT EXISTS (SELECT 1 FROM vol_records n WHERE n.amends_id = r.id)"
			     "  GROUP BY m.community_id) t WHERE t.cid = vi_xchg.community_id), 0)",
			     "ii", m->window_start, m->end);
	return rc;
}

/* Service hours per capita: minutes delivered through exchange matches and
 * the volunteers' confirmed service records in the twelve-month window, per
 * resident. Data: the community uses the exchange (has a demand by the
 * month's end) or its volunteers recorded service in the window. */
const struct vitality_provider exchange_vi_service_hours = {
	.key = "service_hours", .order = 3, .module = "exchange",
	.name = "人均服务时长", .name_en = "Service hours per capita",
	.unit = "小时/人", .unit_en = "hours", .mult = 1, .dir = VITALITY_UP,
	.rule = "近 12 个月交易所交付的服务小时与志愿服务记录确认的时长之和 ÷ 常住人口",
	.rule_en = "hours delivered through the exchange and confirmed in volunteer service records in 12 months ÷ residents",
	VITALITY_FROM_AGG(exchange_reads, vitality_xchg,
			  VITALITY_AGG_PER_POP("vi_xchg", "x.minutes / 60.0", "r.pop", "pop")),
	.says = "近 12 个月服务 {num} 小时，常住人口 {den} 人，人均 {raw:.2f} 小时（目标 {target:.2g} 小时）",
	.says_en = "{num} service hours in 12 months for {den} residents: {raw:.2f} per capita (target {target:.2g})",
};

/* Demand fulfilment rate: demands posted in the window (not cancelled)
 * that were fulfilled by the month's end. Data: a demand in the window. */
const struct vitality_provider exchange_vi_fulfilment = {
	.key = "demand_fulfilment", .order = 4, .module = "exchange",
	.name = "需求满足率", .name_en = "Demand fulfilment rate",
	VITALITY_PERCENT,
	.rule = "近 12 个月发布的需求中已满足的比例（不含已取消）",
	.rule_en = "share of the demands posted in 12 months that were fulfilled (cancelled ones excluded)",
	VITALITY_FROM_AGG(exchange_reads, vitality_xchg, VITALITY_AGG_RATIO("vi_xchg", "win_fulfilled", "win_demands")),
	.says = "近 12 个月需求 {den} 件，已满足 {num} 件（{raw:.1f}%，目标 {target:.0f}%）",
	.says_en = "{den} demands in 12 months, {num} fulfilled ({raw:.1f}%, target {target:.0f}%)",
};

/* Time to fulfil: mean days from posting to fulfilment of the demands
 * fulfilled in the window. Data: one fulfilled in the window. */
const struct vitality_provider exchange_vi_fulfil_days = {
	.key = "fulfil_days", .order = 5, .module = "exchange",
	.name = "需求满足用时", .name_en = "Time to fulfil",
	VITALITY_DAYS,
	.rule = "近 12 个月满足的需求从发布到满足的平均天数",
	.rule_en = "mean days from posting to fulfilment, 12 months",
	VITALITY_FROM_AGG(exchange_reads, vitality_xchg, VITALITY_AGG_RATIO("vi_xchg", "fulfil_days", "fulfilled_in_win")),
	.says = "近 12 个月满足需求 {den} 件，平均 {raw:.1f} 天（{target:.0f} 天内满分，{floor:.0f} 天及以上 0 分）",
	.says_en = "{den} demands fulfilled in 12 months, {raw:.1f} days on average (full marks within {target:.0f} days, 0 at {floor:.0f})",
};
