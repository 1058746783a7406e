/*
 * cert_demo.c — certificates in `wushe demo`: for a few volunteers whose
 * hours an organisation recorded (the core volunteer demo writes the
 * records; with none this does nothing), one certificate each over the
 * period of their records, and one of them voided with a reason, so the
 * lists, the PDF and the public verification have something to show.
 */
#include <string.h>

#include "core/arena.h"
#include "core/wtime.h"
#include "modules/volunteer/cert.h"
#include "store/store.h"

#define DEMO_CERTS 4

int vol_cert_demo(struct db *db, int64_t now, struct err *e)
{
	if (!db_table_has(db, "vol_records", NULL) || !db_table_has(db, "vol_certificates", NULL))
		return 0;
	struct arena a;
	arena_init(&a, 16384);
	struct ctx c = ctx_system(db, now, &a, e);
	/* volunteer × organisation pairs with counting hours, most hours first */
	struct stmt *st = db_q(db, e,
			       "SELECT r.volunteer_id, r.organisation_id, min(r.started_at) FROM vol_records r"
			       " JOIN organisations o ON o.id=r.organisation_id"
			       " WHERE r.kind='service' AND r.flagged=0 AND r.started_at<?"
			       " AND o.contact_name IS NOT NULL AND o.contact_mobile IS NOT NULL"
			       " AND NOT EXISTS (SELECT 1 FROM vol_records x WHERE x.amends_id=r.id)"
			       " GROUP BY r.volunteer_id, r.organisation_id ORDER BY sum(r.minutes) DESC, r.volunteer_id LIMIT ?",
			       "ii", now, (int64_t)DEMO_CERTS);
	if (!st) {
		arena_free(&a);
		return e->code;
	}
	int64_t vid[DEMO_CERTS], oid[DEMO_CERTS], first[DEMO_CERTS];
	int n = 0, rc;
	while ((rc = stmt_step(st, e)) == 1 && n < DEMO_CERTS) {
		vid[n] = col_int(st, 0);
		oid[n] = col_int(st, 1);
		first[n] = col_int(st, 2);
		n++;
	}
	stmt_done(st);
	char from[16], to[16];
	wtime_format_date(now, to, sizeof to);
	int64_t ids[DEMO_CERTS] = {0};
	for (int i = 0; rc >= 0 && i < n; i++) {
		wtime_format_date(first[i], from, sizeof from);
		struct vol_cert_in in = {vid[i], oid[i], from, to};
		rc = vol_cert_issue(&c, &in, &ids[i]);
	}
	if (rc >= 0 && n > 1) {
		/* the second one was issued over the wrong period: voided, and a
		 * new one issued; the voided keeps its number */
		struct vol_cert_void_in v = {"服务期间填写有误，已重新出具", 0, false};
		rc = vol_cert_void(&c, ids[1], &v);
		if (rc >= 0) {
			wtime_format_date(first[1], from, sizeof from);
			struct vol_cert_in in = {vid[1], oid[1], from, to};
			int64_t again;
			rc = vol_cert_issue(&c, &in, &again);
		}
	}
	arena_free(&a);
	return rc < 0 ? rc : 0;
}
