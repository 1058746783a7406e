/*
 * vitality_components.c — the components whose areas are not built yet:
 * deliberation (议事协商) and the funding programme (众创共善) — the
 * funds' (社区基金) moved to src/modules/funds/fund_vitality.c with issue
 * 12. They belong to those areas; until an area exists, the index
 * keeps its providers here, in its own descriptor's `.vitality` list
 * (module.c), and each one detects its tables: while they are missing it
 * answers VITALITY_ABSENT ("the source module is not in use yet"). When the area
 * is built, its provider moves to the area's folder with the area's
 * descriptor, as the registry's (registry_vitality.c) and the exchange's
 * (exchange_vitality.c) did; the table shapes below are the contract.
 */
#include "modules/vitality/vitality.h"

/* ---------- deliberation ----------
 *   delib_topics(region_id, created_at, resolved_at)
 * Resolved share of the window's topics; mean days to resolve those
 * resolved in the window. */
static const char *const topic_cols[] = {"region_id", "created_at", "resolved_at", NULL};
static const struct vitality_table topic_reads[] = {{"delib_topics", topic_cols}, {NULL, NULL}};

const struct vitality_provider vitality_topics_resolved = {
	.key = "topics_resolved", .order = 6, .module = "deliberation",
	.name = "议题办结率", .name_en = "Topics resolved",
	VITALITY_PERCENT,
	.rule = "近 12 个月议题中已办结的比例",
	.rule_en = "share of the topics raised in 12 months that were resolved",
	.reads = topic_reads,
	.sql = VITALITY_RAW_INSERT " SELECT m.community_id, ?, sum(CASE WHEN t.resolved_at < ? THEN 1 ELSE 0 END),"
	       " count(*) FROM delib_topics t JOIN vi_map m ON m.region_id = t.region_id"
	       " WHERE t.created_at >= ? AND t.created_at < ? GROUP BY m.community_id",
	.params = "kEWE",
	.says = "近 12 个月议题 {den} 件，已办结 {num} 件（{raw:.1f}%，目标 {target:.0f}%）",
	.says_en = "{den} topics in 12 months, {num} resolved ({raw:.1f}%, target {target:.0f}%)",
};

const struct vitality_provider vitality_resolve_days = {
	.key = "resolve_days", .order = 7, .module = "deliberation",
	.name = "议题办结用时", .name_en = "Time to resolve",
	VITALITY_DAYS,
	.rule = "近 12 个月办结议题的平均天数",
	.rule_en = "mean days to resolve, topics resolved in 12 months",
	.reads = topic_reads,
	.sql = VITALITY_RAW_INSERT " SELECT m.community_id, ?, sum((t.resolved_at - t.created_at) / 86400000000.0),"
	       " count(*) FROM delib_topics t JOIN vi_map m ON m.region_id = t.region_id"
	       " WHERE t.resolved_at >= ? AND t.resolved_at < ? GROUP BY m.community_id",
	.params = "kWE",
	.says = "近 12 个月办结议题 {den} 件，平均 {raw:.1f} 天（{target:.0f} 天内满分，{floor:.0f} 天及以上 0 分）",
	.says_en = "{den} topics resolved in 12 months, {raw:.1f} days on average (full marks within {target:.0f} days, 0 at {floor:.0f})",
};

/* ---------- funding programme ----------
 *   prog_projects(region_id, created_at)      funded projects */
static const char *const project_cols[] = {"region_id", "created_at", NULL};
const struct vitality_provider vitality_funded_projects = {
	.key = "funded_projects", .order = 10, .module = "programme",
	.name = "获资助项目", .name_en = "Funded projects",
	.unit = "个/社区", .unit_en = "per community", .mult = 1, .dir = VITALITY_UP,
	.rule = "近 12 个月获众创共善等资助的项目数（每社区）",
	.rule_en = "projects funded in 12 months, per community",
	.reads = (const struct vitality_table[]){{"prog_projects", project_cols}, {NULL, NULL}},
	.sql = VITALITY_RAW_INSERT " SELECT r.region_id, ?, (SELECT count(*) FROM prog_projects p JOIN vi_map m"
	       "   ON m.region_id = p.region_id WHERE m.community_id = r.region_id"
	       "   AND p.created_at >= ? AND p.created_at < ?), 1"
	       " FROM vi_regions r WHERE r.level='community'",
	.params = "kWE",
	.says = "近 12 个月获资助项目 {num:.0f} 个，社区 {den:.0f} 个，平均每社区 {raw:.1f} 个（目标 {target:.0f} 个）",
	.says_en = "{num:.0f} funded projects in 12 months over {den:.0f} communities: {raw:.1f} each (target {target:.0f})",
};
