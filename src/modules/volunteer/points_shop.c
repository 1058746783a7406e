/*
 * points_shop.c — the time bank's rules, catalogue, redemptions and
 * transfers (points.h). The ledger's moves are points.c's; here are the
 * rules each of them obeys: who may set what, stock and balance taken
 * together, transfers only as the sender's community allows.
 *
 * "Family" for a transfer: the registry keeps no household relation
 * (people.household is 户籍 or 非户籍, not a family), so family means what
 * it does hold — the same registered address (people.address, trimmed,
 * not empty) in the same community. The sender may name the relation
 * (母亲, 儿子 …); it goes into the memo as stated, unverified.
 */
#include <stdio.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "modules/volunteer/points.h"
#include "modules/volunteer/points_internal.h"
#include "notify/notify.h"
#include "store/store.h"
#include "store/list.h"

const char *const vol_point_transfer_rules[] = {"none", "family", "any", NULL};
const char *const vol_redemption_statuses[] = {"done", "reversed", NULL};

static const struct col rules_cols[] = {
	{"region_id", "区域", COL_INT},       {"points_per_hour", "每小时积分", COL_INT},
	{"max_balance", "积分上限", COL_INT}, {"expiry_days", "有效天数", COL_INT},
	{"transfer", "转赠", COL_TEXT},       {"version", "版本", COL_INT},
	{"updated_at", "更新时间", COL_TIME},
};
const struct record_kind vol_point_rules_kind = {
	.entity = "vol_point_rules", .what_zh = "积分规则", .what_en = "points rules",
	.head_sql = "SELECT r.region_id, r.region_id, r.version, g.path FROM vol_point_rules r"
		    " JOIN regions g ON g.id=r.region_id WHERE r.region_id=?",
	.row_sql = "SELECT region_id, points_per_hour, max_balance, expiry_days, transfer, version, updated_at"
		   " FROM vol_point_rules WHERE region_id=?",
	.cols = rules_cols, .ncols = (int)(sizeof rules_cols / sizeof rules_cols[0]),
	.read_roles = ROLES_ANY,
};

static const struct col item_cols[] = {
	{"id", "编号", COL_INT},         {"region_id", "社区", COL_INT},  {"name", "名称", COL_TEXT},
	{"description", "说明", COL_TEXT}, {"points", "所需积分", COL_INT}, {"stock", "库存", COL_INT},
	{"active", "上架", COL_BOOL},    {"version", "版本", COL_INT},    {"created_at", "创建时间", COL_TIME},
	{"updated_at", "更新时间", COL_TIME},
};
const struct record_kind vol_catalogue_kind = {
	.entity = "vol_catalogue", .what_zh = "兑换物品", .what_en = "catalogue item",
	.head_sql = "SELECT i.id, i.region_id, i.version, g.path FROM vol_catalogue i"
		    " JOIN regions g ON g.id=i.region_id WHERE i.id=?",
	.row_sql = "SELECT id, region_id, name, description, points, stock, active, version, created_at, updated_at"
		   " FROM vol_catalogue WHERE id=?",
	.cols = item_cols, .ncols = (int)(sizeof item_cols / sizeof item_cols[0]),
	.read_roles = ROLES_ANY,
};

static const struct col redemption_cols[] = {
	{"id", "编号", COL_INT},         {"item_id", "物品", COL_INT},     {"item_name", "物品名称", COL_TEXT},
	{"volunteer_id", "志愿者", COL_INT}, {"region_id", "社区", COL_INT}, {"quantity", "数量", COL_INT},
	{"points", "积分", COL_INT},     {"status", "状态", COL_TEXT},     {"txn_id", "积分交易", COL_INT},
	{"version", "版本", COL_INT},    {"created_at", "兑换时间", COL_TIME}, {"updated_at", "更新时间", COL_TIME},
};
const struct record_kind vol_redemption_kind = {
	.entity = "vol_redemption", .what_zh = "兑换记录", .what_en = "redemption",
	.head_sql = "SELECT d.id, d.region_id, d.version, g.path FROM vol_redemptions d"
		    " JOIN regions g ON g.id=d.region_id WHERE d.id=?",
	.row_sql = "SELECT id, item_id, item_name, volunteer_id, region_id, quantity, points, status, txn_id,"
		   " version, created_at, updated_at FROM vol_redemptions WHERE id=?",
	.cols = redemption_cols, .ncols = (int)(sizeof redemption_cols / sizeof redemption_cols[0]),
	.read_roles = ROLES_ANY,
};

/* ---------- rules ---------- */

/* The caller may act on region_id with a role of mask (the system may). */
static int scope_region(struct ctx *c, unsigned mask, int64_t region_id)
{
	if (c->who)
		return auth_scope_region(c->db, c->who, mask, region_id, c->e);
	int64_t one;
	int rc = db_int(c->db, c->e, &one, "SELECT 1 FROM regions WHERE id=?", "i", region_id);
	if (rc < 0)
		return rc;
	return rc ? 0 : err_set(c->e, ERR_NOT_FOUND, "region_id", "区域不存在", "no such region");
}

int vol_points_rules_get(struct ctx *c, int64_t region_id, struct vol_point_rules *out)
{
	char *path = NULL;
	int rc = list_region_path_in(c->db, c->a, region_id, &path, c->e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "region_id", "没有这个区域", "no such region");
	*out = (struct vol_point_rules){.region_id = region_id, .points_per_hour = PT_DEFAULT_RATE,
					.transfer = "none"};
	/* The nearest region on the path with rules of its own: the ancestors
	 * are the regions whose path is a prefix of this one's. */
	struct stmt *st;
	rc = db_row(c->db, c->e, &st,
		    "SELECT r.region_id, r.points_per_hour, r.max_balance, r.expiry_days, r.transfer, r.version"
		    " FROM vol_point_rules r JOIN regions g ON g.id=r.region_id"
		    " WHERE g.path = substr(?, 1, length(g.path)) ORDER BY length(g.path) DESC LIMIT 1",
		    "s", path);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		out->from_region_id = col_int(st, 0);
		out->points_per_hour = col_int(st, 1);
		out->max_balance = col_int(st, 2);
		out->expiry_days = col_int(st, 3);
		for (int i = 0; vol_point_transfer_rules[i]; i++)
			if (!strcmp(vol_point_transfer_rules[i], col_text(st, 4)))
				out->transfer = vol_point_transfer_rules[i];
		out->version = out->from_region_id == region_id ? col_int(st, 5) : 0;
		stmt_done(st);
	}
	return 0;
}

int vol_points_rules_put(struct ctx *c, int64_t region_id, const struct vol_point_rules_in *in)
{
	int rc;
	if ((rc = scope_region(c, ROLES_STAFF, region_id)))
		return rc;
	int64_t have = 0;
	if ((rc = db_int(c->db, c->e, &have, "SELECT version FROM vol_point_rules WHERE region_id=?", "i",
			 region_id)) < 0)
		return rc;
	if (rc == 0) {
		if ((rc = db_exec(c->db, c->e,
				  "INSERT INTO vol_point_rules (region_id, points_per_hour, max_balance, expiry_days,"
				  " transfer, updated_by, created_at, updated_at) VALUES (?,?,?,?,?,nullif(?, 0),?,?)",
				  "iiiisiii", region_id, in->points_per_hour, in->max_balance, in->expiry_days,
				  in->transfer, c->who ? c->who->user_id : 0, c->now, c->now)))
			return rc;
		return record_created(c, &vol_point_rules_kind, region_id, region_id, NULL);
	}
	struct record r;
	if ((rc = record_load(c, &vol_point_rules_kind, region_id, ROLES_STAFF, &r)) ||
	    (rc = record_begin(c, &r, in->has_version ? in->version : -1)))
		return rc;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE vol_point_rules SET points_per_hour=?, max_balance=?, expiry_days=?, transfer=?,"
			  " updated_by=nullif(?, 0), version = version + 1, updated_at=? WHERE region_id=?",
			  "iiisiii", in->points_per_hour, in->max_balance, in->expiry_days, in->transfer,
			  c->who ? c->who->user_id : 0, c->now, region_id)))
		return rc;
	return record_commit(c, &r, "update");
}

/* ---------- the caller's volunteer ---------- */

int vol_points_my_volunteer(struct ctx *c, int64_t *volunteer_id)
{
	if (!c->who)
		return err_set(c->e, ERR_UNAUTH, NULL, "请先登录", "log in first");
	int rc = db_int(c->db, c->e, volunteer_id,
			"SELECT v.id FROM vol_volunteers v JOIN people p ON p.id=v.person_id"
			" WHERE p.user_id=? AND v.status='active'",
			"i", c->who->user_id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "volunteer", "您还不是登记在册的志愿者（账号未关联志愿者档案）",
			       "you are not a registered volunteer (no volunteer record is linked to this account)");
	return 0;
}

int vol_points_balance(struct ctx *c, int64_t volunteer_id, int64_t *balance)
{
	int rc = db_int(c->db, c->e, balance, "SELECT balance FROM vol_point_accounts WHERE volunteer_id=?", "i",
			volunteer_id);
	if (rc == 0)
		*balance = 0;
	return rc < 0 ? rc : 0;
}

/* ---------- catalogue ---------- */

int vol_catalogue_add(struct ctx *c, const struct vol_catalogue_in *in, int64_t *id)
{
	int rc;
	if ((rc = scope_region(c, ROLES_STAFF, in->region_id)))
		return rc;
	if ((rc = db_int(c->db, c->e, id,
			 "INSERT INTO vol_catalogue (region_id, name, description, points, stock, active, created_by,"
			 " created_at, updated_at) VALUES (?,?,?,?,?,?,nullif(?, 0),?,?) RETURNING id",
			 "issiiiiii", in->region_id, in->name, in->description ? in->description : "", in->points,
			 in->stock, (int64_t)(in->has_active ? in->active : 1), c->who ? c->who->user_id : 0,
			 c->now, c->now)) < 0)
		return rc;
	return record_created(c, &vol_catalogue_kind, *id, in->region_id, NULL);
}

int vol_catalogue_change(struct ctx *c, int64_t id, const struct vol_catalogue_in *in)
{
	struct record r;
	int rc;
	if ((rc = record_load(c, &vol_catalogue_kind, id, ROLES_STAFF, &r)) ||
	    (rc = record_begin(c, &r, in->version)))
		return rc;
	if ((in->has_name && (rc = db_exec(c->db, c->e, "UPDATE vol_catalogue SET name=? WHERE id=?", "si", in->name, id))) ||
	    (in->has_description &&
	     (rc = db_exec(c->db, c->e, "UPDATE vol_catalogue SET description=? WHERE id=?", "si", in->description, id))) ||
	    (in->has_points && (rc = db_exec(c->db, c->e, "UPDATE vol_catalogue SET points=? WHERE id=?", "ii", in->points, id))) ||
	    (in->has_stock && (rc = db_exec(c->db, c->e, "UPDATE vol_catalogue SET stock=? WHERE id=?", "ii", in->stock, id))) ||
	    (in->has_active &&
	     (rc = db_exec(c->db, c->e, "UPDATE vol_catalogue SET active=? WHERE id=?", "ii", (int64_t)in->active, id))) ||
	    (rc = db_exec(c->db, c->e, "UPDATE vol_catalogue SET version = version + 1, updated_at=? WHERE id=?", "ii",
			  c->now, id)))
		return rc;
	return record_commit(c, &r, "update");
}

/* ---------- redemption ---------- */

int vol_points_redeem(struct ctx *c, int64_t item_id, int64_t quantity, int64_t *redemption_id)
{
	int64_t vid;
	int rc = vol_points_my_volunteer(c, &vid);
	return rc ? rc : pt_redeem_for(c, vid, item_id, quantity, redemption_id);
}

int pt_redeem_for(struct ctx *c, int64_t vid, int64_t item_id, int64_t quantity, int64_t *redemption_id)
{
	int rc;
	/* Any community's item: a volunteer's points are good everywhere
	 * (通存通兑), so no scope check on the item. */
	struct record item;
	if ((rc = record_head(c, &vol_catalogue_kind, item_id, &item)))
		return rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st, "SELECT name, points, stock, active FROM vol_catalogue WHERE id=?", "i",
			 item_id)) <= 0)
		return rc ? rc : ERR_STORE;
	char *name = arena_strdup(c->a, col_text(st, 0));
	int64_t price = col_int(st, 1), stock = col_int(st, 2), active = col_int(st, 3);
	stmt_done(st);
	if (!active)
		return err_setf(c->e, ERR_RULE, "item_id", "「%s」已下架", "\"%s\" is no longer offered", name);
	if (stock < quantity)
		return err_setf(c->e, ERR_RULE, "quantity", "「%s」库存不足：仅剩 %lld 件", "not enough \"%s\" in stock: %lld left",
				name, (long long)stock);
	int64_t total = price * quantity, vacct, racct, bal, txn;
	if ((rc = pt_account_volunteer(c, vid, &vacct)) || (rc = pt_account_region(c, item.region_id, &racct)) ||
	    (rc = pt_expire_account(c, vacct, NULL, NULL)) || (rc = pt_balance(c, vacct, &bal)))
		return rc;
	if (bal < total)
		return err_setf(c->e, ERR_RULE, "balance", "积分不足：兑换需要 %lld 分，您的余额为 %lld 分",
				"not enough points: the redemption needs %lld, your balance is %lld", (long long)total,
				(long long)bal);

	/* Stock and points in this one transaction: the stock falls only if
	 * it is still there (a concurrent redemption queued on the write
	 * lock sees the new stock). */
	if ((rc = record_begin(c, &item, -1)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE vol_catalogue SET stock = stock - ?, version = version + 1, updated_at=?"
			  " WHERE id=? AND stock >= ?",
			  "iiii", quantity, c->now, item_id, quantity)))
		return rc;
	if (db_changes(c->db) != 1)
		return err_set(c->e, ERR_RULE, "quantity", "库存不足", "not enough in stock");
	if ((rc = db_int(c->db, c->e, redemption_id,
			 "INSERT INTO vol_redemptions (item_id, volunteer_id, region_id, quantity, points, item_name,"
			 " created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,nullif(?, 0),?,?) RETURNING id",
			 "iiiiisiii", item_id, vid, item.region_id, quantity, total, name,
			 c->who ? c->who->user_id : 0, c->now, c->now)) < 0)
		return rc;
	const char *memo = arena_printf(c->a, "兑换「%s」× %lld / redeemed \"%s\" × %lld", name, (long long)quantity,
					name, (long long)quantity);
	if ((rc = pt_txn_new(c, "redeem", item.region_id, vid, 0, 0, *redemption_id, memo, &txn)) ||
	    (rc = pt_debit(c, txn, vacct, total, 0, "balance", NULL, NULL)) ||
	    (rc = pt_post_region(c, txn, racct, total)) ||
	    (rc = db_exec(c->db, c->e, "UPDATE vol_redemptions SET txn_id=? WHERE id=?", "ii", txn, *redemption_id)) ||
	    (rc = pt_txn_done(c, txn, item.region_id)) || (rc = record_commit(c, &item, "redeem")) ||
	    (rc = record_created(c, &vol_redemption_kind, *redemption_id, item.region_id, NULL)))
		return rc;

	int64_t uid;
	if ((rc = pt_volunteer_user(c, vid, &uid)))
		return rc;
	struct notice no = {
		.kind = "volunteer.points_redeemed", .region_id = item.region_id,
		.title = arena_printf(c->a, "已兑换「%s」× %lld，用去 %lld 分", name, (long long)quantity, (long long)total),
		.title_en = arena_printf(c->a, "Redeemed \"%s\" × %lld for %lld points", name, (long long)quantity,
					 (long long)total),
		.link = "/volunteer/points", .entity = "vol_redemption", .entity_id = *redemption_id,
	};
	return notify_user(c, uid, &no);
}

/* ---------- transfers ---------- */

int vol_points_transfer(struct ctx *c, int64_t to_volunteer_id, int64_t points, const char *relation,
			int64_t *txn_id)
{
	int64_t from;
	int rc;
	if ((rc = vol_points_my_volunteer(c, &from)))
		return rc;
	if (from == to_volunteer_id)
		return err_set(c->e, ERR_RULE, "to_volunteer_id", "不能转赠给自己", "you cannot transfer points to yourself");
	struct stmt *st;
	/* Sender and receiver: community, address. */
	rc = db_row(c->db, c->e, &st,
		    "SELECT s.region_id, trim(coalesce(sp.address, '')), r.region_id, trim(coalesce(rp.address, '')),"
		    " r.status, rp.name FROM vol_volunteers s JOIN people sp ON sp.id=s.person_id,"
		    " vol_volunteers r JOIN people rp ON rp.id=r.person_id WHERE s.id=? AND r.id=?",
		    "ii", from, to_volunteer_id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "to_volunteer_id", "没有这位志愿者", "no such volunteer");
	int64_t region = col_int(st, 0), to_region = col_int(st, 2);
	bool same_home = col_text(st, 1)[0] && !strcmp(col_text(st, 1), col_text(st, 3)) && region == to_region;
	bool active = !strcmp(col_text(st, 4), "active");
	char *to_name = arena_strdup(c->a, col_text(st, 5));
	stmt_done(st);
	if (!active)
		return err_set(c->e, ERR_RULE, "to_volunteer_id", "对方的志愿者身份已停用或已合并",
			       "that volunteer is suspended or merged");
	struct vol_point_rules rules;
	if ((rc = vol_points_rules_get(c, region, &rules)))
		return rc;
	if (!strcmp(rules.transfer, "none"))
		return err_set(c->e, ERR_RULE, "to_volunteer_id", "您所在社区的积分规则不允许转赠",
			       "your community's rules do not allow transferring points");
	if (!strcmp(rules.transfer, "family") && !same_home)
		return err_set(c->e, ERR_RULE, "to_volunteer_id",
			       "您所在社区只允许转赠给家人（同一社区、登记住址相同）",
			       "your community allows transfers only to family (same registered address in the same community)");

	int64_t facct, tacct, txn;
	struct pt_lot *lots;
	int nlots;
	const char *memo = relation && relation[0]
		? arena_printf(c->a, "转赠 %lld 分给%s（%s）/ %lld points to %s (%s)", (long long)points, to_name, relation,
			       (long long)points, to_name, relation)
		: arena_printf(c->a, "转赠 %lld 分给%s / %lld points to %s", (long long)points, to_name, (long long)points,
			       to_name);
	if ((rc = pt_account_volunteer(c, from, &facct)) || (rc = pt_account_volunteer(c, to_volunteer_id, &tacct)) ||
	    (rc = pt_expire_account(c, facct, NULL, NULL)) ||
	    (rc = pt_txn_new(c, "transfer", region, from, 0, 0, 0, memo, &txn)) ||
	    (rc = pt_debit(c, txn, facct, points, 0, "points", &lots, &nlots)))
		return rc;
	/* The receiver gets the same lots: their expiry and community stay. */
	for (int i = 0; i < nlots; i++)
		if ((rc = pt_credit(c, txn, tacct, lots[i].amount, lots[i].region_id, lots[i].expires_at)))
			return rc;
	if ((rc = pt_txn_done(c, txn, region)))
		return rc;
	int64_t uid;
	if ((rc = pt_volunteer_user(c, to_volunteer_id, &uid)))
		return rc;
	struct notice no = {
		.kind = "volunteer.points_received", .region_id = to_region,
		.title = arena_printf(c->a, "收到转赠的 %lld 分", (long long)points),
		.title_en = arena_printf(c->a, "You received %lld points", (long long)points),
		.body = memo, .body_en = memo, .link = "/volunteer/points", .entity = "vol_point_txn", .entity_id = txn,
	};
	if ((rc = notify_user(c, uid, &no)))
		return rc;
	*txn_id = txn;
	return 0;
}

/* ---------- merging duplicates ---------- */

int vol_points_merge(struct ctx *c, int64_t from, int64_t into, int64_t *txn_id)
{
	int64_t facct, tacct, bal, region, txn;
	struct pt_lot *lots;
	int nlots, rc;
	*txn_id = 0;
	if (from == into)
		return err_set(c->e, ERR_RULE, "into_id", "不能与自己合并", "a volunteer cannot be merged into itself");
	if ((rc = db_int(c->db, c->e, &region, "SELECT region_id FROM vol_volunteers WHERE id=?", "i", from)) < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这位志愿者", "no such volunteer");
	if ((rc = pt_account_volunteer(c, from, &facct)) || (rc = pt_balance(c, facct, &bal)))
		return rc;
	if (!bal)
		return 0;
	const char *memo = arena_printf(c->a, "志愿者档案合并：%lld 分转入志愿者 %lld / volunteer records merged: %lld points to volunteer %lld",
					(long long)bal, (long long)into, (long long)bal, (long long)into);
	if ((rc = pt_account_volunteer(c, into, &tacct)) ||
	    (rc = pt_txn_new(c, "transfer", region, from, 0, 0, 0, memo, &txn)) ||
	    (rc = pt_debit(c, txn, facct, bal, 0, "id", &lots, &nlots)))
		return rc;
	for (int i = 0; i < nlots; i++)
		if ((rc = pt_credit(c, txn, tacct, lots[i].amount, lots[i].region_id, lots[i].expires_at)))
			return rc;
	if ((rc = pt_txn_done(c, txn, region)))
		return rc;
	*txn_id = txn;
	return 0;
}

/* ---------- grants ---------- */

int vol_points_grant(struct ctx *c, int64_t volunteer_id, int64_t points, const char *reason, int64_t *txn_id)
{
	int64_t region, vacct, racct, expires, uid;
	int rc = db_int(c->db, c->e, &region, "SELECT region_id FROM vol_volunteers WHERE id=? AND status='active'", "i",
			volunteer_id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(c->e, ERR_NOT_FOUND, "volunteer_id", "没有这位志愿者（或已停用）",
			       "no such volunteer (or suspended)");
	if ((rc = scope_region(c, ROLES_STAFF, region)) || (rc = pt_account_volunteer(c, volunteer_id, &vacct)) ||
	    (rc = pt_account_region(c, region, &racct)) || (rc = pt_expiry(c, region, &expires)) ||
	    (rc = pt_txn_new(c, "grant", region, volunteer_id, 0, 0, 0, reason, txn_id)) ||
	    (rc = pt_post_region(c, *txn_id, racct, -points)) ||
	    (rc = pt_credit(c, *txn_id, vacct, points, region, expires)) || (rc = pt_txn_done(c, *txn_id, region)) ||
	    (rc = pt_volunteer_user(c, volunteer_id, &uid)))
		return rc;
	struct notice no = {
		.kind = "volunteer.points_granted", .region_id = region,
		.title = arena_printf(c->a, "获得社区发放的 %lld 分", (long long)points),
		.title_en = arena_printf(c->a, "You were awarded %lld points", (long long)points),
		.body = reason, .body_en = reason, .link = "/volunteer/points", .entity = "vol_point_txn",
		.entity_id = *txn_id,
	};
	return notify_user(c, uid, &no);
}
