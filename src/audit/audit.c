/*
 * audit.c — see audit.h. The hashed text of an entry is its fields, each
 * prefixed by its byte length, so no choice of field contents can make two
 * different entries hash alike. The genesis prev_hash is 64 zeros.
 */
#include "audit/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/sb.h"
#include "store/store.h"

static const char GENESIS[65] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static void field(struct sb *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	sb_addf(b, "%zu:", n);
	if (n)
		sb_add(b, s, n);
	sb_addc(b, s ? ';' : '~');
}

static void hash_entry(const char *prev, int64_t id, int64_t at, int64_t user_id,
		       const char *username, const char *action, const char *entity,
		       int64_t entity_id, int64_t region_id, const char *region_path,
		       const char *before, const char *after, char out[65])
{
	struct sb b = SB_INIT;
	field(&b, prev);
	sb_addf(&b, "%lld;%lld;%lld;", (long long)id, (long long)at, (long long)user_id);
	field(&b, username);
	field(&b, action);
	field(&b, entity);
	sb_addf(&b, "%lld;%lld;", (long long)entity_id, (long long)region_id);
	field(&b, region_path);
	field(&b, before);
	field(&b, after);
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)b.buf, b.len);
	sodium_bin2hex(out, 65, h, sizeof h);
	sb_free(&b);
}

int audit_append(struct db *db, const struct audit_actor *who, int64_t at,
		 const struct audit_entry *en, struct err *e)
{
	char prev[65], hash[65];
	int64_t id = 1;
	struct stmt *st;
	int rc = db_row(db, e, &st, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", "");
	if (rc == 1) {
		id = col_int(st, 0) + 1;
		snprintf(prev, sizeof prev, "%s", col_text(st, 1));
		stmt_done(st);
	} else {
		memcpy(prev, GENESIS, 65);
	}
	if (rc < 0)
		return rc;
	const char *uname = who && who->username ? who->username : "system";
	int64_t uid = who ? who->user_id : 0;
	char path[512] = "";
	if (en->region_id) {
		st = db_q(db, e, "SELECT path FROM regions WHERE id=?", "i", en->region_id);
		if (!st)
			return e->code;
		rc = stmt_step(st, e);
		if (rc == 1)
			snprintf(path, sizeof path, "%s", col_text(st, 0));
		stmt_done(st);
		if (rc < 0)
			return rc;
	}
	hash_entry(prev, id, at, uid, uname, en->action, en->entity, en->entity_id, en->region_id,
		   path, en->before, en->after, hash);
	return db_exec(db, e,
		       "INSERT INTO audit_log(id, at, user_id, username, action, entity, entity_id,"
		       " region_id, region_path, before_json, after_json, prev_hash, hash)"
		       " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)",
		       "iiisssiisssss", id, at, uid, uname, en->action, en->entity, en->entity_id,
		       en->region_id, path, en->before, en->after, prev, hash);
}

/* The first entry that breaks the chain, and how. */
static void tampered(struct audit_verify_result *out, int64_t id, const char *how)
{
	out->ok = false;
	out->first_bad_id = id;
	snprintf(out->reason, sizeof out->reason, "entry %lld %s", (long long)id, how);
}

int audit_verify(struct db *db, struct audit_verify_result *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	out->ok = true;
	char prev[65];
	memcpy(prev, GENESIS, 65);
	int64_t expect_id = 1;
	struct stmt *st = db_q(db, e,
			       "SELECT id, at, user_id, username, action, entity, entity_id, region_id,"
			       " before_json, after_json, prev_hash, hash, region_path FROM audit_log"
			       " ORDER BY id",
			       "");
	if (!st)
		return e->code;
	int rc;
	while ((rc = stmt_step(st, e)) == 1) {
		int64_t id = col_int(st, 0);
		char h[65];
		out->checked++;
		if (id != expect_id) {
			tampered(out, expect_id, "is missing");
			break;
		}
		const char *stored_prev = col_text(st, 10);
		const char *stored = col_text(st, 11);
		hash_entry(prev, id, col_int(st, 1), col_int(st, 2), col_text(st, 3), col_text(st, 4),
			   col_text(st, 5), col_int(st, 6), col_int(st, 7), col_text(st, 12),
			   col_text(st, 8), col_text(st, 9), h);
		if (!stored_prev || strcmp(stored_prev, prev) != 0) {
			tampered(out, id, "does not link to its predecessor");
			break;
		}
		if (!stored || strcmp(stored, h) != 0) {
			tampered(out, id, "was changed after it was written");
			break;
		}
		memcpy(prev, h, 65);
		expect_id++;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	return 0;
}
