/*
 * exchange_export.c — see exchange_export.h. Each export walks its list
 * with the list's keyset cursor, a page of EXPORT_PAGE rows at a time
 * (export_pages), so a long export holds one page in memory and every row
 * comes through the same function, scope check and masks as the list's.
 */
#include <stdlib.h>

#include "modules/exchange/exchange_export.h"
#include "store/list.h"

#define EXPORT_PAGE LIST_MAX_PER_PAGE

const struct export_col exchange_demand_export_cols[] = {
	{"id", "编号", "ID", EXPORT_INT},
	{"title", "需求", "Demand", EXPORT_TEXT},
	{"terms", "服务分类", "Service terms", EXPORT_NAMES},
	{"kind", "类型", "Kind", EXPORT_ENUM, "demand_kind"},
	{"region_name", "所在社区", "Community", EXPORT_TEXT},
	{"beneficiary_name", "受助人", "Beneficiary", EXPORT_TEXT},
	{"beneficiary_phone", "联系电话（脱敏）", "Phone (masked)", EXPORT_TEXT},
	{"beneficiary_group", "受助人群", "Beneficiary group", EXPORT_ENUM, "beneficiary_group"},
	{"address", "地址", "Address", EXPORT_TEXT},
	{"urgency", "紧急程度", "Urgency", EXPORT_ENUM, "urgency"},
	{"people_needed", "所需人数", "People needed", EXPORT_INT},
	{"done_matches", "已完成人数", "Done", EXPORT_INT},
	{"live_matches", "进行中的匹配", "Live matches", EXPORT_INT},
	{"status", "状态", "Status", EXPORT_ENUM, "demand_status"},
	{"recurrence", "频次", "Recurrence", EXPORT_ENUM, "recurrence"},
	{"window_start", "开始时间", "Window start", EXPORT_TIME},
	{"window_end", "结束时间", "Window end", EXPORT_TIME},
	{"skills", "技能要求", "Skills", EXPORT_TEXT},
	{"privacy", "公开范围", "Privacy", EXPORT_ENUM, "privacy"},
	{"consent", "已同意", "Consent given", EXPORT_BOOL},
	{"description", "描述", "Description", EXPORT_TEXT},
	{"fulfilled_at", "解决时间", "Fulfilled at", EXPORT_TIME},
	{"created_at", "登记时间", "Created", EXPORT_TIME},
	{"updated_at", "更新时间", "Updated", EXPORT_TIME},
	EXPORT_END,
};

const struct export_col exchange_service_export_cols[] = {
	{"id", "编号", "ID", EXPORT_INT},
	{"name", "服务名称", "Service", EXPORT_TEXT},
	{"terms", "服务分类", "Service terms", EXPORT_NAMES},
	{"provider_kind", "服务方类型", "Provider kind", EXPORT_ENUM, "provider_kind"},
	{"provider_name", "服务方", "Provider", EXPORT_TEXT},
	{"region_name", "所在区域", "Region", EXPORT_TEXT},
	{"regions", "服务范围", "Areas served", EXPORT_NAMES},
	{"status", "状态", "Status", EXPORT_ENUM, "service_status"},
	{"cost_kind", "收费方式", "Cost", EXPORT_ENUM, "cost_kind"},
	{"price_fen", "价格（元）", "Price (yuan)", EXPORT_FEN},
	{"capacity_per_week", "每周可服务人次", "Capacity per week", EXPORT_INT},
	{"load", "进行中的服务", "Current load", EXPORT_INT},
	{"minutes_delivered", "已服务分钟", "Minutes delivered", EXPORT_INT},
	{"rating_avg", "平均评分", "Average rating", EXPORT_NUMBER},
	{"rating_count", "评价数", "Ratings", EXPORT_INT},
	{"contact_phone", "联系电话", "Contact phone", EXPORT_TEXT},
	{"skills", "技能", "Skills", EXPORT_TEXT},
	{"radius_m", "服务半径（米）", "Radius (m)", EXPORT_INT},
	{"description", "简介", "Description", EXPORT_TEXT},
	{"created_at", "登记时间", "Created", EXPORT_TIME},
	{"updated_at", "更新时间", "Updated", EXPORT_TIME},
	EXPORT_END,
};

const struct export_col exchange_match_export_cols[] = {
	{"id", "编号", "ID", EXPORT_INT},
	{"demand_id", "需求编号", "Demand ID", EXPORT_INT},
	{"demand_title", "需求", "Demand", EXPORT_TEXT},
	{"region_name", "所在社区", "Community", EXPORT_TEXT},
	{"service_name", "服务", "Service", EXPORT_TEXT},
	{"provider_name", "服务方", "Provider", EXPORT_TEXT},
	{"status", "状态", "Status", EXPORT_ENUM, "match_status"},
	{"demand_status", "需求状态", "Demand status", EXPORT_ENUM, "demand_status"},
	{"urgency", "紧急程度", "Urgency", EXPORT_ENUM, "urgency"},
	{"beneficiary_name", "受助人", "Beneficiary", EXPORT_TEXT},
	{"beneficiary_phone", "联系电话（脱敏）", "Phone (masked)", EXPORT_TEXT},
	{"cost", "匹配代价（点）", "Match cost (points)", EXPORT_INT},
	{"overdue", "已超时", "Overdue", EXPORT_BOOL},
	{"proposed_at", "推荐时间", "Proposed at", EXPORT_TIME},
	{"due_at", "办理期限", "Due", EXPORT_TIME},
	{"accepted_at", "接单时间", "Accepted at", EXPORT_TIME},
	{"delivered_at", "服务时间", "Delivered at", EXPORT_TIME},
	{"minutes_delivered", "服务分钟", "Minutes delivered", EXPORT_INT},
	{"confirmed_at", "确认时间", "Confirmed at", EXPORT_TIME},
	{"rating", "评分", "Rating", EXPORT_INT},
	{"rating_comment", "评价", "Comment", EXPORT_TEXT},
	{"decline_reason", "拒绝原因", "Decline reason", EXPORT_TEXT},
	{"cancel_reason", "撤销原因", "Cancel reason", EXPORT_TEXT},
	{"dispute_reason", "异议原因", "Dispute reason", EXPORT_TEXT},
	EXPORT_END,
};

typedef int (*posting_list_fn)(struct db *, const struct principal *, struct jw *,
			       const struct exchange_posting_filter *, int64_t, int64_t *, struct err *);

struct posting_walk {
	struct ctx *c;
	struct exchange_posting_filter f;
	posting_list_fn list;
};

/* The page's next cursor, taken from res (which is freed). */
static void take_cursor(struct list_result *res, char **next)
{
	*next = res->next_cursor;
	res->next_cursor = NULL;
	list_result_free(res);
}

static int posting_page(void *ctx, struct jw *w, const char *cursor, char **next, struct err *e)
{
	struct posting_walk *pw = ctx;
	struct list_result res = {0};
	int64_t total = 0;
	pw->f.limit = EXPORT_PAGE;
	pw->f.offset = 0;
	pw->f.cursor = cursor;
	pw->f.res = &res;
	int rc = pw->list(pw->c->db, pw->c->who, w, &pw->f, pw->c->now, &total, e);
	take_cursor(&res, next);
	return rc;
}

static int postings_export(struct ctx *c, const struct exchange_posting_filter *f, posting_list_fn list,
			   struct export *x)
{
	struct posting_walk pw = {c, *f, list};
	return export_pages(x, posting_page, &pw, c->e);
}

int exchange_demands_export(struct ctx *c, const struct exchange_posting_filter *f, struct export *x)
{
	return postings_export(c, f, exchange_demands_list, x);
}

int exchange_services_export(struct ctx *c, const struct exchange_posting_filter *f, struct export *x)
{
	return postings_export(c, f, exchange_services_list, x);
}

struct match_walk {
	struct ctx *c;
	struct exchange_match_filter f;
};

static int match_page(void *ctx, struct jw *w, const char *cursor, char **next, struct err *e)
{
	struct match_walk *mw = ctx;
	struct list_result res = {0};
	int64_t total = 0;
	mw->f.limit = EXPORT_PAGE;
	mw->f.offset = 0;
	mw->f.cursor = cursor;
	mw->f.res = &res;
	int rc = exchange_matches_list(mw->c->db, mw->c->who, w, &mw->f, mw->c->now, &total, e);
	take_cursor(&res, next);
	return rc;
}

int exchange_matches_export(struct ctx *c, const struct exchange_match_filter *f, struct export *x)
{
	struct match_walk mw = {c, *f};
	return export_pages(x, match_page, &mw, c->e);
}
