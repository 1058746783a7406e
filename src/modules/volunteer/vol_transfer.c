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

#include "auth/auth.h"
#include "core/arena.h"
#include "core/jw.h"
#include "core/wtime.h"
#include "modules/volunteer/vol_internal.h"
#include "modules/volunteer/volunteer.h"
#include "store/store.h"

#define TRANSFER_FORMAT "wushe.volunteer-records.v1"

/* The document's head: format, time, source; then "volunteers": [ */
static void doc_open(struct ctx *c, struct jw *w, const char *region)
{
	jw_obj(w);
	jw_kstr(w, "format", TRANSFER_FORMAT);
	jw_ktime(w, "exported_at", c->now);
	jw_key(w, "source");
	jw_obj(w);
	jw_kstr(w, "system", "wushe");
	jw_kstr(w, "region", region);
	jw_obj_end(w);
	jw_key(w, "volunteers");
	jw_arr(w);
}

static void doc_close(struct jw *w)
{
	jw_arr_end(w);
	jw_obj_end(w);
}

/* One volunteer with their records: all of them (team_id 0), or those of
 * the team's activities that started in [from, to). */
static int write_volunteer(struct ctx *c, struct jw *w, int64_t volunteer_id, int64_t team_id, int64_t from,
			   int64_t to)
{
	struct stmt *st;
	int rc;
	if ((rc = db_row(c->db, c->e, &st,
			 "SELECT v.number, p.name, p.id_number, v.registered_at FROM vol_volunteers v"
			 " JOIN people p ON p.id=v.person_id WHERE v.id=?",
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
		  " WHERE r.volunteer_id IN " VOL_SAME_PERSON " AND (?=0 OR (r.started_at >= ? AND r.started_at < ?"
		  " AND r.activity_id IN (SELECT a.id FROM vol_activities a WHERE a.team_id=?)))"
		  " ORDER BY r.started_at, r.id",
		  "iiiiii", volunteer_id, volunteer_id, team_id, from, to, team_id);
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
	return 0;
}

int vol_transfer_write(struct ctx *c, struct jw *w, int64_t volunteer_id)
{
	bool self = false;
	int rc = vol_volunteer_visible(c, volunteer_id, &self);
	if (rc)
		return rc;
	char *region = NULL;
	if ((rc = db_text(c->db, c->e, c->a, &region,
			  "SELECT r.name FROM vol_volunteers v JOIN regions r ON r.id=v.region_id WHERE v.id=?", "i",
			  volunteer_id)) < 0)
		return rc;
	doc_open(c, w, region ? region : "");
	if ((rc = write_volunteer(c, w, volunteer_id, 0, 0, 0)))
		return rc;
	doc_close(w);
	return 0;
}

int vol_team_transfer_write(struct ctx *c, struct jw *w, int64_t team_id, int64_t from, int64_t to)
{
	char *path = NULL, *region = NULL;
	int rc;
	if (to <= from)
		return err_set(c->e, ERR_INVALID, "to", "结束日期应晚于开始日期", "to must be after from");
	if ((rc = db_text(c->db, c->e, c->a, &path,
			  "SELECT r.path FROM teams t JOIN regions r ON r.id=t.region_id WHERE t.id=?", "i", team_id)) < 0)
		return rc;
	if (!path)
		return err_set(c->e, ERR_NOT_FOUND, "id", "没有这支队伍", "no such team");
	if (!vol_staff_over(c, path))
		return auth_forbidden(c->e);
	if ((rc = db_text(c->db, c->e, c->a, &region,
			  "SELECT t.name FROM teams t WHERE t.id=?", "i", team_id)) < 0)
		return rc;
	/* the volunteers (the kept registration of a merged one) with a record
	 * of the team's activities in the period */
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT DISTINCT coalesce(v.merged_into, v.id) FROM vol_records r"
			       " JOIN vol_volunteers v ON v.id=r.volunteer_id"
			       " WHERE r.activity_id IN (SELECT a.id FROM vol_activities a WHERE a.team_id=?"
			       " AND a.starts_at < ? AND a.ends_at >= ?) AND r.started_at >= ? AND r.started_at < ?"
			       " ORDER BY 1 LIMIT 10000",
			       "iiiii", team_id, to, from, from, to);
	if (!st)
		return c->e->code;
	int64_t *ids = arena_alloc(c->a, 10000 * sizeof *ids);
	size_t n = 0;
	while ((rc = stmt_step(st, c->e)) == 1 && n < 10000)
		ids[n++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		return rc;
	doc_open(c, w, region ? region : "");
	for (size_t i = 0; i < n; i++)
		if ((rc = write_volunteer(c, w, ids[i], team_id, from, to)))
			return rc;
	doc_close(w);
	return 0;
}
