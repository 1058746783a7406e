/*
 * points_personal.c — a volunteer's points in the person's own copy of
 * their data (PIPL art. 45; store/personal.h): the entries of their points
 * account and their redemptions. Nothing is erased on a deletion request:
 * the ledger must keep adding up (docs/volunteer-points.md), and it holds
 * no more about the person than the volunteer record it points to.
 */
#include "modules/volunteer/points.h"
#include "store/personal.h"

static const struct personal_col entry_cols[] = {
	{"id", "编号", "ID", COL_INT},
	{"kind", "类型", "Kind", COL_TEXT, "point_txn_kind"},
	{"amount", "积分", "Points", COL_INT},
	{"memo", "摘要", "Memo", COL_TEXT},
	{"created_at", "时间", "Time", COL_TIME},
	{"expires_at", "到期", "Expires", COL_TIME},
};

static const struct personal_query entry_query = {
	PERSONAL_COLS(entry_cols),
	"SELECT e.id, t.kind, e.amount, t.memo, t.created_at, e.expires_at FROM vol_point_entries e"
	" JOIN vol_point_txns t ON t.id=e.txn_id JOIN vol_point_accounts a ON a.id=e.account_id"
	" JOIN vol_volunteers v ON v.id=a.volunteer_id WHERE v.person_id=? ORDER BY e.id",
	"P",
};

static const struct personal_col redemption_cols[] = {
	{"id", "编号", "ID", COL_INT},
	{"item_name", "物品", "Item", COL_TEXT},
	{"quantity", "数量", "Quantity", COL_INT},
	{"points", "积分", "Points", COL_INT},
	{"status", "状态", "Status", COL_TEXT, "redemption_status"},
	{"created_at", "兑换时间", "Redeemed", COL_TIME},
};

static const struct personal_query redemption_query = {
	PERSONAL_COLS(redemption_cols),
	"SELECT d.id, d.item_name, d.quantity, d.points, d.status, d.created_at FROM vol_redemptions d"
	" JOIN vol_volunteers v ON v.id=d.volunteer_id WHERE v.person_id=? ORDER BY d.id",
	"P",
};

PERSONAL_COLLECTOR(vol_points_pii_collect_entries, entry_query)
PERSONAL_COLLECTOR(vol_points_pii_collect_redemptions, redemption_query)
