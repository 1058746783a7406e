/*
 * demo.c — the accounts of `wushe demo`: one per level of the district's
 * hierarchy (区, two 街道, two 社区), all with the password Demo@2026.
 * The resident and the provider accounts come with the registry and the
 * exchange, whose records they act on. Runs after the regions.
 */
#include <stddef.h>

#include "auth/auth.h"
#include "modules/region/region.h"
#include "store/store.h"

int auth_demo(struct db *db, int64_t now, struct err *e)
{
	static const struct {
		const char *user, *name, *role, *region;
	} users[] = {
		{"admin", "区社会工作部管理员", "district_admin", "顺德区"},
		{"daliang", "大良街道综治办", "town_admin", "大良街道"},
		{"ronggui", "容桂街道综治办", "town_admin", "容桂街道"},
		{"beiqu", "北区社区居委会", "community_staff", "北区社区"},
		{"wenhua", "文华社区居委会", "community_staff", "文华社区"},
	};
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
		int64_t region = region_find(db, users[i].region, e);
		int rc = auth_user_create_cli(db, users[i].user, users[i].name, "Demo@2026",
					      role_from_id(users[i].role), region, now, e);
		if (rc)
			return rc;
	}
	return 0;
}

