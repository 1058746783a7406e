/*
 * donation_personal.c — a donor's donations in the person's own copy of
 * their data (PIPL art. 45; store/personal.h): the donations their account
 * gave, with the name and phone the receipts carry. Nothing is erased on a
 * deletion request: donations and their receipts are financial records
 * the Charity Law keeps, and the ledger must keep adding up.
 */
#include "modules/funds/donation.h"
#include "store/personal.h"

static const struct personal_col donation_cols[] = {
	{"id", "编号", "ID", COL_INT},
	{"fund_name", "基金", "Fund", COL_TEXT},
	{"source", "来源", "Source", COL_TEXT, "fund_donation_source"},
	{"donor_name", "捐赠人", "Donor", COL_TEXT},
	{"donor_phone", "联系电话", "Phone", COL_TEXT},
	{"anonymous", "匿名", "Anonymous", COL_BOOL},
	{"amount_fen", "金额（分）", "Amount (fen)", COL_INT},
	{"message", "留言", "Message", COL_TEXT},
	{"status", "状态", "Status", COL_TEXT, "fund_donation_status"},
	{"created_at", "时间", "Time", COL_TIME},
};

static const struct personal_query donation_query = {
	PERSONAL_COLS(donation_cols),
	"SELECT d.id, f.name, d.source, d.donor_name, d.donor_phone, d.anonymous, d.amount, d.message, d.status,"
	" d.created_at FROM fund_donations d JOIN funds f ON f.id=d.fund_id WHERE d.donor_user_id=? ORDER BY d.id",
	"U",
};

PERSONAL_COLLECTOR(fund_pii_collect_donations, donation_query)
