/*
 * demo.c — the privacy area's part of `wushe demo`: the demo resident's
 * consents (given when they first posted a need, one later withdrawn) and
 * a correction request waiting for 北区社区's staff.
 */
#include "core/arena.h"
#include "modules/privacy/privacy.h"
#include "store/store.h"

#define DAY ((int64_t)86400 * 1000000)

int privacy_demo(struct db *db, int64_t now, struct err *e)
{
	int64_t uid = 0, person = 0, region = 0;
	if (db_int(db, e, &uid, "SELECT id FROM users WHERE username='resident'", "") != 1)
		return e->code; /* no resident account: nothing to add */
	if (db_int(db, e, &person, "SELECT id FROM people WHERE user_id=?", "i", uid) < 0 ||
	    db_int(db, e, &region, "SELECT region_id FROM people WHERE user_id=?", "i", uid) < 0)
		return e->code;
	static const struct {
		const char *purpose;
		int granted, days_ago;
	} consents[] = {
		{"service_matching", 1, 40},
		{"contact_sharing", 1, 40},
		{"statistics", 1, 40},
		{"publicity", 1, 40},
		{"publicity", 0, 12},
	};
	for (size_t i = 0; i < sizeof consents / sizeof consents[0]; i++) {
		int rc = db_exec(db, e,
				 "INSERT INTO privacy_consents(user_id, purpose, granted, source, recorded_by, created_at)"
				 " VALUES(?,?,?,'self',?,?)",
				 "isiii", uid, consents[i].purpose, (int64_t)consents[i].granted, uid,
				 now - consents[i].days_ago * DAY);
		if (rc)
			return rc;
	}
	if (!region)
		return 0;
	return db_exec(db, e,
		       "INSERT INTO privacy_requests(kind, user_id, person_id, region_id, requester_name, detail,"
		       " due_at, created_at, updated_at) SELECT 'correction', id, NULLIF(?,0), ?, display_name,"
		       " '档案里的住址还是旧的，我已搬到北区社区新村 5 座 302。', ?, ?, ? FROM users WHERE id=?",
		       "iiiiii", person, region, now + 12 * DAY, now - 3 * DAY, now - 3 * DAY, uid);
}
