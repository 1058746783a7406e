/*
 * fund_vitality.c — the funds' components of the vitality index
 * (modules/vitality/vitality.h, docs/vitality-index.md, issue 12 item 8),
 * now read from the ledger rather than from a table of donations:
 *  - funds raised per capita: money that came into the funds of a
 *    community's regions in the 12 months — donations, give-back and
 *    fulfilled pledges as posted (refunds, their reversals, taken off;
 *    pledges still pending not counted) — divided by its residents;
 *  - named-fund coverage: whether a community has an open (or closed,
 *    once opened) named fund.
 * Before the district has any fund at all both are "no data"; once it
 * has one, a community without gives 0. module.c lists them.
 */
#include "modules/vitality/vitality.h"

static const char *const transfer_cols[] = {"region_id", "amount", "kind", "phase", "ref_type", "created_at", NULL};
static const char *const fund_cols[] = {"region_id", "kind", "status", "created_at", NULL};

const struct vitality_provider funds_vi_per_capita = {
	.key = "funds_per_capita", .order = 8, .module = "funds",
	.name = "人均筹集资金", .name_en = "Funds raised per capita",
	.unit = "元/人", .unit_en = "yuan", .mult = 1, .dir = VITALITY_UP,
	.rule = "近 12 个月社区基金到账的捐赠（含产业反哺、已兑现的认捐，扣除退款）÷ 常住人口",
	.rule_en = "donations received by community funds in 12 months (give-back and fulfilled pledges included, refunds taken off) ÷ residents",
	.reads = (const struct vitality_table[]){{"fund_transfers", transfer_cols}, {"funds", fund_cols}, {NULL, NULL}},
	.sql = VITALITY_RAW_INSERT " SELECT r.region_id, ?, coalesce((SELECT sum(CASE WHEN t.kind='reversal' THEN -t.amount"
	       "   ELSE t.amount END) FROM fund_transfers t JOIN vi_map m ON m.region_id = t.region_id"
	       "   WHERE m.community_id = r.region_id AND t.ref_type='donation' AND t.phase IN ('single','post')"
	       "   AND t.created_at >= ? AND t.created_at < ?), 0) / 100.0, r.pop"
	       " FROM vi_regions r WHERE r.level='community' AND r.pop > 0 AND EXISTS (SELECT 1 FROM funds)",
	.params = "kWE",
	.says = "近 12 个月筹集 {num} 元，常住人口 {den} 人，人均 {raw:.2f} 元（目标 {target:.0f} 元）",
	.says_en = "¥{num} raised in 12 months for {den} residents: ¥{raw:.2f} per capita (target ¥{target:.0f})",
};

const struct vitality_provider funds_vi_named = {
	.key = "named_fund", .order = 9, .module = "funds",
	.name = "冠名基金覆盖", .name_en = "Named-fund coverage",
	VITALITY_PERCENT,
	.rule = "设有冠名基金（已启用）的社区比例", .rule_en = "share of communities with a named fund (opened)",
	.reads = (const struct vitality_table[]){{"funds", fund_cols}, {NULL, NULL}},
	.sql = VITALITY_RAW_INSERT " SELECT r.region_id, ?, CASE WHEN EXISTS (SELECT 1 FROM funds f JOIN vi_map m"
	       "   ON m.region_id = f.region_id WHERE m.community_id = r.region_id AND f.kind='named_community'"
	       "   AND f.status <> 'draft' AND f.created_at < ?) THEN 1 ELSE 0 END, 1"
	       " FROM vi_regions r WHERE r.level='community' AND EXISTS (SELECT 1 FROM funds)",
	.params = "kE",
	.says = "设有冠名基金的社区 {num:.0f} 个，共 {den:.0f} 个（{raw:.0f}%）",
	.says_en = "{num:.0f} of {den:.0f} communities have a named fund ({raw:.0f}%)",
};
