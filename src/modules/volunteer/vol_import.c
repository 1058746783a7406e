/*
 * vol_import.c — taking in a transfer document (转移接续, issue 11 item 5):
 * the records another system (or another wushe) kept for volunteers who now
 * serve here, in the format vol_transfer.c writes
 * (docs/schemas/volunteer-records-transfer.schema.json).
 *
 * Each volunteer of the document is found among the volunteers the caller's
 * staff scope covers by name and the SHA-256 of the ID number (the document
 * never carries the number itself). Every record is checked — kind, content,
 * organising body, confirmer, times, minutes within the time between start
 * and end, an amendment pointing at an earlier record of the same volunteer
 * in the document — and any error answers 400 naming the row
 * ("volunteers[0].records[3].minutes") with nothing written: all or nothing.
 * Records keep their content, organising body and confirmer as recorded
 * there; their provenance (source) makes a second import of the same file
 * add nothing (skipped), and so does a record this volunteer has here
 * already (same kind, content, start, end and minutes, not a correction:
 * this system's own file coming back). Imported records count in the volunteer's hours,
 * certificates and the index, but earn no points (vol_record.c).
 */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/wtime.h"
#include "modules/volunteer/vol_internal.h"
#include "modules/volunteer/volunteer.h"
#include "store/store.h"

#define IMPORT_MAX_RECORDS 20000

static int row_err(struct ctx *c, const char *path, const char *zh, const char *en)
{
	return err_set(c->e, ERR_INVALID, path, zh, en);
}

/* A record's error: the field named by its path, the message saying which
 * volunteer and record of the file (the pop-up shows the message only). */
static int rec_err(struct ctx *c, size_t vi, size_t ri, const char *key, const char *zh, const char *en)
{
	return err_set(c->e, ERR_INVALID, arena_printf(c->a, "volunteers[%zu].records[%zu].%s", vi, ri, key),
		       arena_printf(c->a, "文件中第 %zu 位志愿者的第 %zu 条记录：%s", vi + 1, ri + 1, zh),
		       arena_printf(c->a, "volunteer %zu, record %zu of the file: %s", vi + 1, ri + 1, en));
}

static const char *str_of(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool in_list(const char *const *l, const char *s)
{
	for (; s && *l; l++)
		if (!strcmp(*l, s))
			return true;
	return false;
}

/* The local volunteer whose person has this name and whose ID number hashes
 * to sha (hex), among those the caller's staff scope covers; 0: none. */
static int find_volunteer(struct ctx *c, const char *name, const char *sha, int64_t *vid, int64_t *region)
{
	*vid = *region = 0;
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT v.id, v.region_id, p.id_number, r.path FROM people p JOIN vol_volunteers v"
			       " ON v.person_id=p.id JOIN regions r ON r.id=v.region_id WHERE p.name=?"
			       " AND p.id_number IS NOT NULL AND v.status <> 'merged'",
			       "s", name);
	if (!st)
		return c->e->code;
	int rc;
	while ((rc = stmt_step(st, c->e)) == 1) {
		const char *idn = col_text(st, 2);
		unsigned char h[crypto_hash_sha256_BYTES];
		char hex[2 * crypto_hash_sha256_BYTES + 1];
		crypto_hash_sha256(h, (const unsigned char *)idn, strlen(idn));
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		if (!strcmp(hex, sha) && vol_staff_over(c, col_text(st, 3))) {
			*vid = col_int(st, 0);
			*region = col_int(st, 1);
			break;
		}
	}
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

int vol_records_import(struct ctx *c, json_t *doc, int64_t *imported, int64_t *skipped)
{
	*imported = *skipped = 0;
	if (!json_is_object(doc) || !str_of(doc, "format") || strcmp(str_of(doc, "format"), "wushe.volunteer-records.v1"))
		return row_err(c, "format", "不是志愿服务记录转移文件（format 应为 wushe.volunteer-records.v1）",
			       "not a volunteer records transfer document (format must be wushe.volunteer-records.v1)");
	json_t *src = json_object_get(doc, "source");
	const char *system = str_of(src, "system"), *sregion = str_of(src, "region");
	if (!system || !*system || !sregion || !*sregion)
		return row_err(c, "source", "缺少来源系统或区域", "source.system and source.region are required");
	json_t *vols = json_object_get(doc, "volunteers");
	if (!json_is_array(vols))
		return row_err(c, "volunteers", "缺少志愿者列表", "volunteers must be a list");
	size_t vi, total = 0;
	json_t *v;
	json_array_foreach(vols, vi, v) total += json_array_size(json_object_get(v, "records"));
	if (total > IMPORT_MAX_RECORDS)
		return row_err(c, "volunteers", "一次最多导入 20000 条记录", "at most 20,000 records at once");
	json_array_foreach(vols, vi, v)
	{
		char *at = arena_printf(c->a, "volunteers[%zu]", vi);
		const char *number = str_of(v, "number"), *name = str_of(v, "name"), *sha = str_of(v, "id_number_sha256");
		if (!number || !name || !*name)
			return row_err(c, arena_printf(c->a, "%s.name", at), "缺少志愿者编号或姓名",
				       "the volunteer's number and name are required");
		if (!sha || strlen(sha) != 64)
			return row_err(c, arena_printf(c->a, "%s.id_number_sha256", at),
				       "缺少身份证号摘要，无法确认是哪位志愿者",
				       "without the ID number's SHA-256 the volunteer cannot be matched");
		int64_t vid = 0, region = 0;
		int rc = find_volunteer(c, name, sha, &vid, &region);
		if (rc)
			return rc;
		if (!vid)
			return err_set(c->e, ERR_RULE, at,
				       arena_printf(c->a, "你的辖区内没有登记这位志愿者：%s（%s）", name, number),
				       arena_printf(c->a, "no registered volunteer in your area matches %s (%s)", name, number));
		json_t *recs = json_object_get(v, "records");
		if (!json_is_array(recs))
			return row_err(c, arena_printf(c->a, "%s.records", at), "缺少服务记录列表", "records must be a list");
		/* source id → the id it got here, for the amendments after it */
		int64_t *from_ids = arena_alloc(c->a, (json_array_size(recs) + 1) * sizeof *from_ids);
		int64_t *to_ids = arena_alloc(c->a, (json_array_size(recs) + 1) * sizeof *to_ids);
		size_t nmap = 0, ri;
		json_t *r;
		json_array_foreach(recs, ri, r)
		{
			json_t *sid = json_object_get(r, "source_id");
			const char *kind = str_of(r, "kind"), *content = str_of(r, "content"), *place = str_of(r, "place");
			const char *org = str_of(json_object_get(r, "organisation"), "name"), *confirmer = str_of(r, "confirmer");
			const char *sa = str_of(r, "started_at"), *ea = str_of(r, "ended_at");
			json_t *mins = json_object_get(r, "minutes"), *amends = json_object_get(r, "amends_source_id");
			int64_t started = 0, ended = 0;
			if (!json_is_integer(sid) || json_integer_value(sid) < 1)
				return rec_err(c, vi, ri, "source_id", "来源编号应为正整数", "source_id must be a positive integer");
			if (!in_list(vol_record_kinds, kind))
				return rec_err(c, vi, ri, "kind", "类别应为 service、training、commendation 或 evaluation",
					       "kind must be service, training, commendation or evaluation");
			if (!content || !*content || strlen(content) > 1000)
				return rec_err(c, vi, ri, "content", "服务内容不能为空（最多 1000 字节）",
					       "content is required (at most 1,000 bytes)");
			if (!org || !*org)
				return rec_err(c, vi, ri, "organisation", "缺少组织单位（谁组织谁记录）",
					       "the organising body is required");
			if (!confirmer || !*confirmer)
				return rec_err(c, vi, ri, "confirmer", "缺少确认人", "the confirmer is required");
			if (!sa || wtime_parse(sa, &started))
				return rec_err(c, vi, ri, "started_at", "开始时间格式不对", "started_at is not a time");
			if (!ea || wtime_parse(ea, &ended) || ended < started)
				return rec_err(c, vi, ri, "ended_at", "结束时间格式不对或早于开始", "ended_at is not a time after started_at");
			if (!json_is_integer(mins) || json_integer_value(mins) < 0 ||
			    json_integer_value(mins) * 60 * WTIME_US > ended - started)
				return rec_err(c, vi, ri, "minutes", "服务时长不能超过开始到结束的时间",
					       "minutes cannot exceed the time from start to end");
			int64_t amends_here = 0;
			if (json_is_integer(amends)) {
				for (size_t k = 0; k < nmap; k++)
					if (from_ids[k] == json_integer_value(amends))
						amends_here = to_ids[k];
				if (!amends_here)
					return rec_err(c, vi, ri, "amends_source_id", "所更正的记录须在本文件中且排在前面",
						       "the record it amends must come earlier in the same volunteer's records");
			} else if (!json_is_null(amends) && amends) {
				return rec_err(c, vi, ri, "amends_source_id", "应为整数或 null", "must be an integer or null");
			}
			const char *source = arena_printf(c->a, "%s|%s|%s|%lld", system, sregion, number,
							  (long long)json_integer_value(sid));
			int64_t have = 0;
			/* taken in before, or the same record kept here already (a file
			 * of this system's own records coming back) */
			if ((rc = db_int(c->db, c->e, &have,
					 "SELECT id FROM vol_records WHERE source=? UNION ALL SELECT id FROM vol_records"
					 " WHERE ?=0 AND volunteer_id=? AND started_at=? AND ended_at=? AND kind=? AND content=?"
					 " AND minutes=? LIMIT 1",
					 "siiiissi", source, amends_here, vid, started, ended, kind, content,
					 (int64_t)json_integer_value(mins))) < 0)
				return rc;
			if (rc == 1) {
				(*skipped)++;
				from_ids[nmap] = json_integer_value(sid);
				to_ids[nmap++] = have;
				continue;
			}
			const char *reason = str_of(r, "amend_reason");
			struct vol_record_new in = {
				.volunteer_id = vid, .region_id = region, .kind = kind, .organisation_name = org,
				.content = content, .place = place ? place : "", .started_at = started, .ended_at = ended,
				.minutes = json_integer_value(mins), .flagged = json_is_true(json_object_get(r, "flagged")),
				.amends_id = amends_here,
				.amend_reason = amends_here ? (reason && *reason ? reason : "来源系统的更正") : NULL,
				.source = source, .confirmer_name = confirmer};
			int64_t id = 0;
			if ((rc = vol_record_insert(c, &in, &id)))
				return rc;
			from_ids[nmap] = json_integer_value(sid);
			to_ids[nmap++] = id;
			(*imported)++;
		}
	}
	return 0;
}
