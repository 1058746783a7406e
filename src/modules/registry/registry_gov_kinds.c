/*
 * registry_gov_kinds.c — the record kinds (audit/record.h) of the governance
 * tables, in one place: for each table, the columns an audit snapshot holds
 * and how a record's head (id, region, version, region path) is found.
 *
 * Every head is the same query over a different table: the record's id,
 * the region that decides its scope (a column of the table or of the table
 * it hangs from), the version that counts its changes, and that region's
 * path. GOV_KIND spells it once. Snapshots read the row by the same id.
 */
#include "modules/registry/registry_gov_internal.h"

/* table: the table and its alias; join: tables the region or version come
 * from; id, region, version: expressions over them; row: the snapshot's
 * columns, in the order of cols. */
#define GOV_KIND(entity_, zh, en, table, join, id, region, version, row, cols_)                  \
	{                                                                                        \
		.entity = entity_, .what_zh = zh, .what_en = en,                                 \
		.head_sql = "SELECT " id ", " region ", " version ", r.path FROM " table join    \
			    " JOIN regions r ON r.id=" region " WHERE " id "=?",                 \
		.row_sql = "SELECT " row " FROM " table " WHERE " id "=?", .cols = cols_,        \
		.ncols = sizeof cols_ / sizeof cols_[0], .read_roles = REGISTRY_READ,            \
	}

static const struct col member_cols[] = {
	{"id", "编号", COL_INT},           {"community_id", "社区编号", COL_INT},
	{"person_id", "人员编号", COL_INT}, {"kind", "类别", COL_TEXT},
	{"status", "状态", COL_TEXT},      {"term_start", "任期开始", COL_TEXT},
	{"term_end", "任期结束", COL_TEXT}, {"note", "备注", COL_TEXT},
	{"version", "版本", COL_INT},
};
const struct record_kind registry_member_kind =
	GOV_KIND("committee_member", "兼职委员", "committee member", "reg_committee_members m", "", "m.id",
		 "m.community_id", "m.version",
		 "id, community_id, person_id, kind, status, term_start, term_end, note, version", member_cols);

static const struct col meeting_cols[] = {
	{"id", "编号", COL_INT},      {"community_id", "社区编号", COL_INT}, {"held_at", "会议时间", COL_INT},
	{"title", "名称", COL_TEXT}, {"note", "备注", COL_TEXT},          {"version", "版本", COL_INT},
};
const struct record_kind registry_meeting_kind =
	GOV_KIND("meeting", "会议", "meeting", "reg_meetings g", "", "g.id", "g.community_id", "g.version",
		 "id, community_id, held_at, title, note, version", meeting_cols);

static const struct col brand_cols[] = {
	{"id", "编号", COL_INT},          {"community_id", "社区编号", COL_INT},
	{"name", "名称", COL_TEXT},       {"description", "简介", COL_TEXT},
	{"goals", "目标", COL_TEXT},      {"status", "状态", COL_TEXT},
	{"chosen_on", "选定日期", COL_TEXT}, {"retired_on", "更替日期", COL_TEXT},
	{"version", "版本", COL_INT},
};
const struct record_kind registry_brand_kind =
	GOV_KIND("brand", "品牌", "brand", "reg_brands b", "", "b.id", "b.community_id", "b.version",
		 "id, community_id, name, description, goals, status, chosen_on, retired_on, version",
		 brand_cols);

static const struct col progress_cols[] = {
	{"id", "编号", COL_INT},   {"brand_id", "品牌编号", COL_INT}, {"year", "年度", COL_INT},
	{"done", "完成工作", COL_TEXT}, {"percent", "完成度", COL_INT}, {"milestones", "里程碑", COL_TEXT},
	{"version", "版本", COL_INT},
};
/* Progress is scoped by its brand's community. */
const struct record_kind registry_progress_kind =
	GOV_KIND("brand_progress", "品牌进展", "brand progress", "reg_brand_progress g",
		 " JOIN reg_brands b ON b.id=g.brand_id", "g.id", "b.community_id", "g.version",
		 "id, brand_id, year, done, percent, milestones, version", progress_cols);

static const struct col round_cols[] = {
	{"id", "编号", COL_INT},                     {"community_id", "社区编号", COL_INT},
	{"compound_id", "小区编号", COL_INT},         {"title", "名称", COL_TEXT},
	{"w_attitude", "居民态度权重", COL_INT},       {"w_credibility", "公信力权重", COL_INT},
	{"w_appeal", "号召力权重", COL_INT},           {"w_expression", "语言表达权重", COL_INT},
	{"w_participation", "参与频率权重", COL_INT},  {"status", "状态", COL_TEXT},
	{"published_at", "公示时间", COL_INT},         {"version", "版本", COL_INT},
};
/* A round belongs to its compound (a grid or building): scope is decided there. */
const struct record_kind registry_round_kind =
	GOV_KIND("leader_round", "楼长遴选", "selection round", "reg_leader_rounds k", "", "k.id",
		 "k.compound_id", "k.version",
		 "id, community_id, compound_id, title, w_attitude, w_credibility, w_appeal,"
		 " w_expression, w_participation, status, published_at, version",
		 round_cols);

static const struct col cand_cols[] = {
	{"id", "编号", COL_INT},                {"round_id", "遴选编号", COL_INT},
	{"person_id", "人员编号", COL_INT},      {"s_attitude", "居民态度", COL_INT},
	{"s_credibility", "公信力", COL_INT},    {"s_appeal", "号召力", COL_INT},
	{"s_expression", "语言表达", COL_INT},   {"s_participation", "参与频率", COL_INT},
	{"chosen", "选定", COL_INT},             {"note", "备注", COL_TEXT},
};
/* Candidates have no version of their own: the round's counts their changes. */
const struct record_kind registry_candidate_kind =
	GOV_KIND("leader_candidate", "候选人", "candidate", "reg_leader_candidates d",
		 " JOIN reg_leader_rounds k ON k.id=d.round_id", "d.id", "k.compound_id", "k.version",
		 "id, round_id, person_id, s_attitude, s_credibility, s_appeal, s_expression,"
		 " s_participation, chosen, note",
		 cand_cols);

static const struct col org_cols[] = {
	{"id", "编号", COL_INT},                   {"name", "名称", COL_TEXT},
	{"org_type", "类型", COL_TEXT},            {"registration", "登记状态", COL_TEXT},
	{"filed_town_id", "备案街道", COL_INT},     {"ledger_community_id", "台账社区", COL_INT},
	{"incubation_stage", "培育阶段", COL_TEXT}, {"status", "状态", COL_TEXT},
	{"version", "版本", COL_INT},
};
/* An organisation as incubation changes it (the registry core keeps the rest). */
const struct record_kind registry_incubation_kind =
	GOV_KIND("organisation", "组织", "organisation", "organisations o", "", "o.id", "o.region_id",
		 "o.version",
		 "id, name, org_type, registration, filed_town_id, ledger_community_id, incubation_stage,"
		 " status, version",
		 org_cols);

static const struct col target_cols[] = {
	{"community_id", "社区编号", COL_INT}, {"target", "目标", COL_INT}, {"updated_by", "修改人", COL_INT},
};
/* A community's explicit target, keyed by the community; targets keep no version. */
const struct record_kind registry_target_kind =
	GOV_KIND("org_target", "组织目标", "organisation target", "reg_org_targets t", "", "t.community_id",
		 "t.community_id", "0", "community_id, target, updated_by", target_cols);
