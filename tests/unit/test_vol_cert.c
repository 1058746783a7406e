/*
 * test_vol_cert.c — certificates of volunteer service (modules/volunteer/
 * cert.h): the hours count only the organisation's own service records
 * that are neither superseded nor flagged; numbers run without gaps per
 * organisation and year, across voids and rolled-back issues; the
 * signature verifies and a changed payload does not; the PDF is a PDF with
 * the CJK font embedded, and a reprint is marked; who may issue, read and
 * void; the public verification says valid, void, invalid or unknown.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>

#include "testutil.h"

#include "audit/record.h"
#include "core/jw.h"
#include "core/pdf.h"
#include "core/wtime.h"
#include "modules/volunteer/cert.h"

#define DAY (86400LL * SEC)

struct fx {
	struct tstore *t;
	struct arena a;
	struct principal staff, other_staff, vol, orgadm, stranger;
	struct err e;
	struct sb out;
	struct jw w;
};

/* One statement, committed. */
static void sql(struct fx *f, const char *s) { exec_committed(f->t->db, s); }

static void record(struct fx *f, int64_t id, int64_t vol, int64_t org, const char *kind, const char *content,
		   int64_t start, int64_t minutes, int flagged, int64_t amends)
{
	struct err e = {0};
	assert_int_equal(db_begin_write(f->t->db, &e), 0);
	int rc = db_exec(f->t->db, &e,
			 "INSERT INTO vol_records(id, volunteer_id, region_id, kind, organisation_id, organisation_name,"
			 " content, started_at, ended_at, minutes, flagged, confirmer_name, amends_id, amend_reason,"
			 " created_at) VALUES(?,?,3,?,?,'某组织',?,?,?,?,?,'李干事',NULLIF(?,0),"
			 " CASE WHEN ?>0 THEN '更正时长' END,?)",
			 "iisisiiiiiii", id, vol, kind, org, content, start, start + minutes * MINUTE, minutes,
			 (int64_t)flagged, amends, amends, start);
	if (rc)
		fprintf(stderr, "record: %s\n", e.message_en);
	assert_int_equal(rc, 0);
	assert_int_equal(db_commit(f->t->db, &e), 0);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->t = tstore_new();
	arena_init(&f->a, 0);
	jw_init(&f->w, &f->out);
	sql(f, "INSERT INTO regions(id, level, name, path, created_at, updated_at) VALUES(1,'district','顺德区','/1/',0,0)");
	sql(f, "INSERT INTO regions(id, parent_id, level, name, path, created_at, updated_at)"
	       " VALUES(2,1,'town','大良街道','/1/2/',0,0),(3,2,'community','北区社区','/1/2/3/',0,0),"
	       "(4,2,'community','文华社区','/1/2/4/',0,0)");
	test_user(f->t->db, &f->a, "beiqu", ROLE_COMMUNITY_STAFF, 3, &f->staff);
	test_user(f->t->db, &f->a, "wenhua", ROLE_COMMUNITY_STAFF, 4, &f->other_staff);
	test_user(f->t->db, &f->a, "vol1", ROLE_VOLUNTEER, 3, &f->vol);
	test_user(f->t->db, &f->a, "orgadm", ROLE_ORG_ADMIN, 3, &f->orgadm);
	test_user(f->t->db, &f->a, "nobody", ROLE_RESIDENT, 3, &f->stranger);
	char *s = arena_printf(&f->a,
			       "INSERT INTO people(id, region_id, name, id_number, user_id, created_at, updated_at)"
			       " VALUES(1,3,'李志明','440606199001011234',%lld,0,0),(2,3,'王芳',NULL,NULL,0,0)",
			       (long long)f->vol.user_id);
	sql(f, s);
	sql(f, "INSERT INTO organisations(id, region_id, name, org_type, contact_name, contact_mobile, created_at, updated_at)"
	       " VALUES(1,3,'北区社区长者关爱协会','community_social_org','李干事','13793120087',0,0),"
	       "(2,4,'文华社区义工队','community_social_org','黄会长','13793406531',0,0),"
	       "(3,3,'北区社区粤曲社','community_social_org',NULL,NULL,0,0)");
	sql(f, "INSERT INTO vol_volunteers(id, person_id, region_id, number, consent_purpose, consent_at, registered_at,"
	       " created_at, updated_at) VALUES(1,1,3,'V000000001','志愿服务记录',0,0,0,0),"
	       "(2,2,3,'V000000002','志愿服务记录',0,0,0,0)");
	/* volunteer 1, November 2026 (T0 is the 25th) */
	record(f, 1, 1, 1, "service", "长者探访", T0 - 24 * DAY, 120, 0, 0);
	record(f, 2, 1, 1, "service", "长者探访", T0 - 22 * DAY, 90, 0, 0);
	record(f, 3, 1, 1, "service", "社区清洁", T0 - 20 * DAY, 60, 1, 0);  /* flagged */
	record(f, 4, 1, 1, "service", "义诊引导", T0 - 19 * DAY, 100, 0, 0); /* superseded by 5 */
	record(f, 5, 1, 1, "service", "义诊引导", T0 - 19 * DAY, 80, 0, 4);
	record(f, 6, 1, 2, "service", "新市民课堂", T0 - 18 * DAY, 300, 0, 0); /* another organisation */
	record(f, 7, 1, 1, "training", "急救培训", T0 - 17 * DAY, 200, 0, 0);  /* not service */
	record(f, 8, 1, 1, "service", "长者探访", T0 - 41 * DAY, 50, 0, 0);    /* October */
	record(f, 9, 2, 1, "service", "长者探访", T0 - 10 * DAY, 30, 0, 0);    /* volunteer 2 */
	record(f, 10, 1, 3, "service", "粤曲教学", T0 - 9 * DAY, 60, 0, 0);    /* an organisation without contact */
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	tstore_free(f->t);
	arena_free(&f->a);
	sb_free(&f->out);
	free(f);
	return 0;
}

static struct ctx as(struct fx *f, const struct principal *p)
{
	err_clear(&f->e);
	struct ctx c = {f->t->db, p, T0, &f->a, &f->e, &f->w};
	return c;
}

/* Issue in its own transaction: the return code, committed only on success. */
static int issue(struct fx *f, const struct principal *p, int64_t vol, int64_t org, const char *from,
		 const char *to, int64_t *id)
{
	struct ctx c = as(f, p);
	struct vol_cert_in in = {vol, org, from, to};
	assert_int_equal(db_begin_write(f->t->db, &f->e), 0);
	int rc = vol ? vol_cert_issue(&c, &in, id) : vol_cert_issue_mine(&c, &in, id);
	if (rc)
		db_rollback(f->t->db);
	else
		assert_int_equal(db_commit(f->t->db, &f->e), 0);
	return rc;
}

static int void_cert(struct fx *f, const struct principal *p, int64_t id, const char *reason)
{
	struct ctx c = as(f, p);
	struct vol_cert_void_in in = {reason, 0, false};
	assert_int_equal(db_begin_write(f->t->db, &f->e), 0);
	int rc = vol_cert_void(&c, id, &in);
	if (rc)
		db_rollback(f->t->db);
	else
		assert_int_equal(db_commit(f->t->db, &f->e), 0);
	return rc;
}

/* The verification's JSON (parsed; json_decref). */
static json_t *verify(struct fx *f, const char *code)
{
	struct ctx c = as(f, NULL);
	sb_reset(&f->out);
	jw_init(&f->w, &f->out);
	assert_int_equal(db_begin(f->t->db, &f->e), 0);
	assert_int_equal(vol_cert_verify(&c, &f->w, code), 0);
	db_rollback(f->t->db);
	json_t *j = json_loads(sb_str(&f->out), 0, NULL);
	assert_non_null(j);
	return j;
}

static const char *jstr(json_t *j, const char *path1, const char *path2)
{
	json_t *v = json_object_get(j, path1);
	if (path2)
		v = json_object_get(v, path2);
	return json_string_value(v) ? json_string_value(v) : "(none)";
}

/* ---------- hours ---------- */

static void test_hours_count_only_the_organisations_counting_records(void **state)
{
	struct fx *f = *state;
	struct ctx c = as(f, NULL);
	int64_t from, to, minutes = -1, records = -1;
	assert_int_equal(wtime_parse("2026-11-01", &from), 0);
	assert_int_equal(wtime_parse("2026-11-26", &to), 0);
	assert_int_equal(vol_cert_hours(&c, 1, 1, from, to, &minutes, &records), 0);
	/* 120 + 90 + 80 (the amendment, not the 100 it replaced); not the
	 * flagged 60, the other organisation's 300, the training's 200 or
	 * October's 50 */
	assert_int_equal(minutes, 290);
	assert_int_equal(records, 3);
	assert_int_equal(vol_cert_hours(&c, 1, 2, from, to, &minutes, &records), 0);
	assert_int_equal(minutes, 300);
}

static void test_the_certificate_states_what_was_counted(void **state)
{
	struct fx *f = *state;
	int64_t id = 0;
	assert_int_equal(issue(f, &f->staff, 1, 1, "2026-11-01", "2026-11-25", &id), 0);
	assert_int_equal(query_int(f->t->db, "SELECT minutes FROM vol_certificates WHERE id=?", id), 290);
	assert_int_equal(query_int(f->t->db, "SELECT record_count FROM vol_certificates WHERE id=?", id), 3);
	char *content = query_text(f->t->db, "SELECT content FROM vol_certificates WHERE id=?", id);
	assert_string_equal(content, "长者探访（2次）；义诊引导（1次）");
	free(content);
	char *payload = query_text(f->t->db, "SELECT payload FROM vol_certificates WHERE id=?", id);
	/* the name and number as printed; never the ID number */
	assert_non_null(strstr(payload, "\"name\":\"李志明\""));
	assert_non_null(strstr(payload, "\"hours\":\"4.83\""));
	assert_non_null(strstr(payload, "\"person_in_charge\":\"李干事\""));
	assert_null(strstr(payload, "440606"));
	free(payload);
	/* one audit entry, and the volunteer is told */
	assert_int_equal(count_rows(f->t->db, "audit_log WHERE entity='vol_certificate' AND action='issue'"), 1);
	assert_int_equal(count_rows(f->t->db, "audit_log WHERE entity='vol_cert_key' AND action='create'"), 1);
	assert_int_equal(count_rows(f->t->db, "audit_log WHERE after_json LIKE '%secret%'"), 0);
	assert_int_equal(query_int(f->t->db, "SELECT count(*) FROM notices WHERE user_id=? AND title='证书已出具'",
				   f->vol.user_id),
			 1);
}

/* ---------- numbering ---------- */

static void test_numbers_run_without_gaps_across_voids_and_failures(void **state)
{
	struct fx *f = *state;
	int64_t id[5] = {0};
	assert_int_equal(issue(f, &f->staff, 1, 1, "2026-11-01", "2026-11-25", &id[0]), 0);
	assert_int_equal(issue(f, &f->staff, 1, 1, "2026-11-01", "2026-11-10", &id[1]), 0);
	assert_int_equal(void_cert(f, &f->staff, id[1], "期间有误"), 0);
	/* a refused one takes no number: no counting hours in October's first days */
	assert_int_equal(issue(f, &f->staff, 1, 1, "2026-10-01", "2026-10-10", &id[4]), ERR_RULE);
	assert_string_equal(f->e.field, "organisation_id");
	/* one rolled back after it was written takes none either */
	{
		struct ctx c = as(f, &f->staff);
		struct vol_cert_in in = {1, 1, "2026-11-01", "2026-11-25"};
		int64_t x;
		assert_int_equal(db_begin_write(f->t->db, &f->e), 0);
		assert_int_equal(vol_cert_issue(&c, &in, &x), 0);
		db_rollback(f->t->db);
	}
	assert_int_equal(issue(f, &f->staff, 2, 1, "2026-11-01", "2026-11-25", &id[2]), 0);
	assert_int_equal(issue(f, &f->staff, 1, 1, "2026-10-01", "2026-11-25", &id[3]), 0);
	for (int i = 0; i < 4; i++) {
		char *n = query_text(f->t->db, "SELECT number FROM vol_certificates WHERE id=?", id[i]);
		char want[32];
		snprintf(want, sizeof want, "SDV-1-2026-%06d", i + 1);
		assert_string_equal(n, want);
		free(n);
	}
	/* the voided keeps its number and its row */
	assert_int_equal(count_rows(f->t->db, "vol_certificates WHERE void_at IS NOT NULL AND seq=2"), 1);
	/* another organisation counts from 1; its community's staff may
	 * certify what it recorded, staff of neither side may not */
	int64_t other;
	assert_int_equal(issue(f, &f->other_staff, 1, 1, "2026-11-01", "2026-11-25", &other), ERR_FORBIDDEN);
	assert_int_equal(issue(f, &f->other_staff, 1, 2, "2026-11-01", "2026-11-25", &other), 0);
	char *n = query_text(f->t->db, "SELECT number FROM vol_certificates WHERE id=?", other);
	assert_string_equal(n, "SDV-2-2026-000001");
	free(n);
	/* October's 50 minutes counted in the last one */
	assert_int_equal(query_int(f->t->db, "SELECT minutes FROM vol_certificates WHERE id=?", id[3]), 340);
}

/* ---------- signature and verification ---------- */

static void test_signature_verifies_and_a_changed_payload_fails(void **state)
{
	struct fx *f = *state;
	int64_t id = 0;
	int ok = -1;
	assert_int_equal(issue(f, &f->staff, 1, 1, "2026-11-01", "2026-11-25", &id), 0);
	struct ctx c = as(f, NULL);
	assert_int_equal(vol_cert_signature_ok(&c, id, &ok), 0);
	assert_int_equal(ok, 1);
	char *code = query_text(f->t->db, "SELECT code FROM vol_certificates WHERE id=?", id);
	assert_int_equal(strlen(code), 19);
	json_t *j = verify(f, code);
	assert_string_equal(jstr(j, "state", NULL), "valid");
	assert_string_equal(jstr(j, "certificate", "volunteer_name"), "李志明");
	assert_string_equal(jstr(j, "certificate", "hours"), "4.83");
	assert_string_equal(jstr(j, "certificate", "organisation_name"), "北区社区长者关爱协会");
	assert_string_equal(jstr(j, "signature", "algorithm"), "ed25519");
	json_decref(j);

	/* anyone can check it with the published key */
	char *payload = query_text(f->t->db, "SELECT payload FROM vol_certificates WHERE id=?", id);
	char *sig_hex = query_text(f->t->db, "SELECT signature FROM vol_certificates WHERE id=?", id);
	char *pk_hex = query_text(f->t->db,
				  "SELECT k.public_key FROM vol_certificates c JOIN vol_cert_keys k ON k.id=c.key_id WHERE c.id=?",
				  id);
	unsigned char sig[64], pk[32];
	assert_int_equal(sodium_hex2bin(sig, 64, sig_hex, 128, NULL, NULL, NULL), 0);
	assert_int_equal(sodium_hex2bin(pk, 32, pk_hex, 64, NULL, NULL, NULL), 0);
	assert_int_equal(crypto_sign_verify_detached(sig, (unsigned char *)payload, strlen(payload), pk), 0);
	char code2[20];
	vol_cert_code(sig, code2);
	assert_string_equal(code2, code);

	/* as typed: lower case, no dashes */
	char typed[20];
	int k = 0;
	for (const char *p = code; *p; p++)
		if (*p != '-')
			typed[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	typed[k] = 0;
	j = verify(f, typed);
	assert_string_equal(jstr(j, "state", NULL), "valid");
	json_decref(j);

	/* someone edits the stored statement: 4.83 hours become 48.3 */
	sql(f, "UPDATE vol_certificates SET payload=replace(payload, '\"hours\":\"4.83\"', '\"hours\":\"48.3\"')");
	c = as(f, NULL);
	assert_int_equal(vol_cert_signature_ok(&c, id, &ok), 0);
	assert_int_equal(ok, 0);
	j = verify(f, code);
	assert_string_equal(jstr(j, "state", NULL), "invalid");
	assert_true(json_is_null(json_object_get(j, "certificate")));
	json_decref(j);
	free(payload);
	free(sig_hex);
	free(pk_hex);
	free(code);
}

static void test_verify_says_void_and_unknown(void **state)
{
	struct fx *f = *state;
	int64_t id = 0;
	assert_int_equal(issue(f, &f->staff, 1, 1, "2026-11-01", "2026-11-25", &id), 0);
	char *code = query_text(f->t->db, "SELECT code FROM vol_certificates WHERE id=?", id);
	assert_int_equal(void_cert(f, &f->other_staff, id, "无权作废"), ERR_FORBIDDEN);
	assert_int_equal(void_cert(f, &f->staff, id, ""), ERR_INVALID);
	assert_int_equal(void_cert(f, &f->staff, id, "服务内容有误"), 0);
	assert_int_equal(void_cert(f, &f->staff, id, "再次作废"), ERR_CONFLICT);
	assert_int_equal(count_rows(f->t->db, "audit_log WHERE entity='vol_certificate' AND action='void'"), 1);
	json_t *j = verify(f, code);
	assert_string_equal(jstr(j, "state", NULL), "void");
	assert_string_equal(jstr(j, "certificate", "void_reason"), "服务内容有误");
	json_decref(j);
	j = verify(f, "AAAA-BBBB-CCCC-DDDD");
	assert_string_equal(jstr(j, "state", NULL), "unknown");
	assert_true(json_is_null(json_object_get(j, "certificate")));
	json_decref(j);
	j = verify(f, "not a code");
	assert_string_equal(jstr(j, "state", NULL), "unknown");
	json_decref(j);
	free(code);
}

/* ---------- who ---------- */

static void test_who_may_issue_and_read(void **state)
{
	struct fx *f = *state;
	int64_t id = 0, mine = 0;
	/* the organisation's admin in its area */
	assert_int_equal(issue(f, &f->orgadm, 1, 1, "2026-11-01", "2026-11-25", &id), 0);
	/* the volunteer for themself; nothing recorded by 2 in the first days, and 3 lacks a contact */
	assert_int_equal(issue(f, &f->vol, 0, 1, "2026-11-01", "2026-11-25", &mine), 0);
	assert_int_equal(query_int(f->t->db, "SELECT requested_by_volunteer FROM vol_certificates WHERE id=?", mine), 1);
	assert_int_equal(issue(f, &f->vol, 0, 2, "2026-11-01", "2026-11-05", &mine), ERR_RULE);
	assert_non_null(strstr(f->e.message, "谁记录谁证明"));
	assert_int_equal(issue(f, &f->vol, 0, 3, "2026-11-01", "2026-11-25", &mine), ERR_RULE);
	assert_non_null(strstr(f->e.message, "负责人和联系方式"));
	/* a resident who is no volunteer */
	assert_int_equal(issue(f, &f->stranger, 0, 1, "2026-11-01", "2026-11-25", &mine), ERR_CONFLICT);
	/* bad periods */
	assert_int_equal(issue(f, &f->staff, 1, 1, "2026-11-25", "2026-11-01", &mine), ERR_INVALID);
	assert_string_equal(f->e.field, "to");
	assert_int_equal(issue(f, &f->staff, 1, 1, "2026-11-01", "2026-12-31", &mine), ERR_RULE);
	assert_int_equal(issue(f, &f->staff, 99, 1, "2026-11-01", "2026-11-25", &mine), ERR_NOT_FOUND);
	/* reading: the volunteer and staff in scope; not another community, not a stranger */
	struct ctx c = as(f, &f->vol);
	assert_int_equal(db_begin(f->t->db, &f->e), 0);
	sb_reset(&f->out);
	assert_int_equal(vol_cert_write(&c, &f->w, id), 0);
	c = as(f, &f->other_staff);
	assert_int_equal(vol_cert_write(&c, &f->w, id), ERR_FORBIDDEN);
	c = as(f, &f->stranger);
	assert_int_equal(vol_cert_write(&c, &f->w, id), ERR_FORBIDDEN);
	c = as(f, &f->staff);
	sb_reset(&f->out);
	jw_init(&f->w, &f->out);
	assert_int_equal(vol_cert_write(&c, &f->w, id), 0);
	db_rollback(f->t->db);
	json_t *j = json_loads(sb_str(&f->out), 0, NULL);
	assert_string_equal(jstr(j, "state", NULL), "valid");
	assert_true(json_is_true(json_object_get(j, "can_void")));
	assert_non_null(strstr(jstr(j, "verify_url", NULL), "/verify/"));
	json_decref(j);
}

/* ---------- the PDF ---------- */

static int has(const char *buf, size_t len, const char *what)
{
	return memmem(buf, len, what, strlen(what)) != NULL;
}

/* The PDF's Keywords contain the ASCII text kw (libhpdf writes the Info
 * strings as UTF-16BE hex when UTF-8 encodings are on). */
static int keywords_have(const char *buf, size_t len, const char *kw)
{
	char hex[256];
	size_t o = 0;
	for (const char *p = kw; *p && o + 5 < sizeof hex; p++)
		o += (size_t)snprintf(hex + o, sizeof hex - o, "00%02X", (unsigned char)*p);
	return has(buf, len, hex) || has(buf, len, kw);
}

static void print(struct fx *f, int64_t id, char **pdf, size_t *len)
{
	struct ctx c = as(f, &f->vol);
	char *name;
	assert_int_equal(db_begin_write(f->t->db, &f->e), 0);
	int rc = vol_cert_print(&c, id, pdf, len, &name);
	if (rc)
		fprintf(stderr, "print: %s\n", f->e.message_en);
	assert_int_equal(rc, 0);
	assert_int_equal(db_commit(f->t->db, &f->e), 0);
}

static void test_pdf_embeds_the_font_and_marks_reprints(void **state)
{
	struct fx *f = *state;
	int64_t id = 0;
	char *pdf = NULL;
	size_t len = 0;
	assert_int_equal(issue(f, &f->staff, 1, 1, "2026-11-01", "2026-11-25", &id), 0);
	print(f, id, &pdf, &len);
	if (getenv("WUSHE_CERT_PDF")) { /* a look: pdftoppm -png $WUSHE_CERT_PDF … */
		FILE *o = fopen(getenv("WUSHE_CERT_PDF"), "wb");
		fwrite(pdf, 1, len, o);
		fclose(o);
	}
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF-", 5);
	assert_true(has(pdf, len, "/FontFile2"));
	assert_true(has(pdf, len, "WenQuanYi"));
	/* 志愿服务证明 and 时间 are built from parts in WenQuanYi: without the
	 * parts they print blank (libhpdf leaves them out) */
	assert_true(pdf_parts_marked() > 10);
	assert_true(keywords_have(pdf, len, "volunteer-certificate original"));
	assert_false(keywords_have(pdf, len, "copy"));
	free(pdf);
	print(f, id, &pdf, &len);
	if (getenv("WUSHE_CERT_PDF_COPY")) {
		FILE *o = fopen(getenv("WUSHE_CERT_PDF_COPY"), "wb");
		fwrite(pdf, 1, len, o);
		fclose(o);
	}
	assert_true(keywords_have(pdf, len, "volunteer-certificate copy"));
	free(pdf);
	assert_int_equal(query_int(f->t->db, "SELECT prints FROM vol_certificates WHERE id=?", id), 2);
	assert_int_equal(count_rows(f->t->db, "audit_log WHERE entity='vol_certificate' AND action='print'"), 1);
	assert_int_equal(count_rows(f->t->db, "audit_log WHERE entity='vol_certificate' AND action='print_copy'"), 1);
	assert_int_equal(void_cert(f, &f->staff, id, "服务内容有误"), 0);
	print(f, id, &pdf, &len);
	assert_true(keywords_have(pdf, len, "volunteer-certificate void copy"));
	if (getenv("WUSHE_CERT_PDF_VOID")) {
		FILE *o = fopen(getenv("WUSHE_CERT_PDF_VOID"), "wb");
		fwrite(pdf, 1, len, o);
		fclose(o);
	}
	free(pdf);
}

/* ---------- the demo ---------- */

static void test_demo_certifies_volunteers_with_records_and_voids_one(void **state)
{
	struct fx *f = *state;
	assert_int_equal(db_begin_write(f->t->db, &f->e), 0);
	assert_int_equal(vol_cert_demo(f->t->db, T0, &f->e), 0);
	assert_int_equal(db_commit(f->t->db, &f->e), 0);
	/* three volunteer × organisation pairs with hours, most first (1×1 340
	 * minutes, 1×2 300, 2×1 30; organisation 3 has no contact and no
	 * records); the second voided and issued again */
	assert_int_equal(count_rows(f->t->db, "vol_certificates"), 4);
	assert_int_equal(count_rows(f->t->db, "vol_certificates WHERE void_at IS NOT NULL AND organisation_id=2"), 1);
	assert_int_equal(count_rows(f->t->db, "vol_certificates WHERE organisation_id=2 AND void_at IS NULL"), 1);
	assert_int_equal(count_rows(f->t->db, "vol_certificates WHERE organisation_id=1 AND volunteer_id=2"), 1);
	/* with no records it does nothing */
	struct tstore *empty = tstore_new();
	assert_int_equal(db_begin_write(empty->db, &f->e), 0);
	assert_int_equal(vol_cert_demo(empty->db, T0, &f->e), 0);
	assert_int_equal(db_commit(empty->db, &f->e), 0);
	assert_int_equal(count_rows(empty->db, "vol_certificates"), 0);
	tstore_free(empty);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hours_count_only_the_organisations_counting_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_the_certificate_states_what_was_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_numbers_run_without_gaps_across_voids_and_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signature_verifies_and_a_changed_payload_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_says_void_and_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_who_may_issue_and_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdf_embeds_the_font_and_marks_reprints, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demo_certifies_volunteers_with_records_and_voids_one, setup, teardown),
	};
	return RUN_SUITE(tests);
}
