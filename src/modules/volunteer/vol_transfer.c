/*
 * vol_transfer.c — transfer of service records (转移接续, issue 11 item 5):
 * a volunteer's records as one JSON document in a documented format
 * (docs/volunteer-records.md "Transfer", schema in
 * docs/schemas/volunteer-records-transfer.schema.json) that another system
 * — a provincial or the national volunteer platform — can take in. Every
 * record is there, amendments too (each points to the source id it
 * amends), with the organising body and the confirmer as recorded. The
 * volunteer is named by number and name; the ID number never leaves, only
 * its SHA-256 (of the 18 characters as stored, upper-case X), which a
 * receiving system holding the ID number can match without the file
 * carrying it.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/jw.h"
#include "core/wtime.h"
#include "modules/volunteer/vol_internal.h"
#include "modules/volunteer/volunteer.h"
#include "store/store.h"

#define TRANSFER_FORMAT "wushe.volunteer-records.v1"

int vol_transfer_write(struct ctx *c, struct jw *w, int64_t volunteer_id)
{
	bool self = false;
	int rc = vol_volunteer_visible(c, volunteer_id, &self);
	if (rc)
		return rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st,
			 "SELECT v.number, p.name, p.id_number, v.registered_at, r.name FROM vol_volunteers v"
			 " JOIN people p ON p.id=v.person_id JOIN regions r ON r.id=v.region_id WHERE v.id=?",
			 "i", volunteer_id)) <= 0)
		return rc < 0 ? rc : err_set(c->e, ERR_NOT_FOUND, "id", "没有这位志愿者", "no such volunteer");
	char hash[2 * crypto_hash_sha256_BYTES + 1] = "";
	const char *idn = col_text(st, 2);
	if (*idn) {
		unsigned char h[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(h, (const unsigned char *)idn, strlen(idn));
		sodium_bin2hex(hash, sizeof hash, h, sizeof h);
	}
	jw_obj(w);
	jw_kstr(w, "format", TRANSFER_FORMAT);
	jw_ktime(w, "exported_at", c->now);
	jw_key(w, "source");
	jw_obj(w);
	jw_kstr(w, "system", "wushe");
	jw_kstr(w, "region", col_text(st, 4));
	jw_obj_end(w);
	jw_key(w, "volunteers");
	jw_arr(w);
	jw_obj(w);
	jw_kstr(w, "number", col_text(st, 0));
	jw_kstr(w, "name", col_text(st, 1));
	jw_kstr(w, "id_number_sha256", *hash ? hash : NULL);
	jw_ktime(w, "registered_at", col_int(st, 3));
	stmt_done(st);
	jw_key(w, "records");
	jw_arr(w);
	st = db_q(c->db, c->e,
		  "SELECT r.id, r.kind, r.content, r.place, o.name, o.credit_code, r.organisation_name, r.started_at,"
		  " r.ended_at, r.minutes, r.flagged, r.confirmer_name, r.amends_id, r.amend_reason, r.created_at"
		  " FROM vol_records r LEFT JOIN organisations o ON o.id=r.organisation_id"
		  " WHERE r.volunteer_id IN " VOL_SAME_PERSON " ORDER BY r.started_at, r.id",
		  "ii", volunteer_id, volunteer_id);
	while (st && (rc = stmt_step(st, c->e)) == 1) {
		jw_obj(w);
		jw_kint(w, "source_id", col_int(st, 0));
		jw_kstr(w, "kind", col_text(st, 1));
		jw_kstr(w, "content", col_text(st, 2));
		jw_kstr(w, "place", col_text(st, 3));
		jw_key(w, "organisation");
		jw_obj(w);
		jw_kstr(w, "name", col_text(st, 6));
		jw_kstr(w, "credit_code", col_null(st, 5) ? NULL : col_text(st, 5));
		jw_obj_end(w);
		jw_ktime(w, "started_at", col_int(st, 7));
		jw_ktime(w, "ended_at", col_int(st, 8));
		jw_kint(w, "minutes", col_int(st, 9));
		jw_kbool(w, "flagged", col_int(st, 10) != 0);
		jw_kstr(w, "confirmer", col_text(st, 11));
		jw_key(w, "amends_source_id");
		if (col_null(st, 12))
			jw_null(w);
		else
			jw_int(w, col_int(st, 12));
		jw_kstr(w, "amend_reason", col_null(st, 13) ? NULL : col_text(st, 13));
		jw_ktime(w, "recorded_at", col_int(st, 14));
		jw_obj_end(w);
	}
	stmt_done(st);
	if (!st || rc < 0)
		return st ? rc : c->e->code;
	jw_arr_end(w);
	jw_obj_end(w);
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}
