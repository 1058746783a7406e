/*
 * cert.c — certificates of volunteer service: issue, read, list, print,
 * void and the public verification (cert.h; docs/volunteer-certificates.md).
 *
 * Invariants:
 *  - a certificate's number is the organisation's next of the year,
 *    allocated in the issuing transaction (vol_cert_counters), so numbers
 *    run without gaps or duplicates; voiding keeps the number;
 *  - what a certificate states is its payload: canonical JSON (keys sorted,
 *    compact, UTF-8) signed with the organisation's Ed25519 key; the
 *    verification answers from the payload after checking the signature,
 *    so nothing edited in the database passes as certified;
 *  - hours count only the organisation's own records (谁记录谁证明) of kind
 *    'service', not superseded by an amendment and not flagged;
 *  - a certificate prints the volunteer's name and number, never the ID
 *    number; every write leaves one audit entry per changed record.
 */
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/record.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jsonin.h"
#include "core/jw.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "modules/volunteer/cert.h"
#include "notify/notify.h"
#include "store/list.h"
#include "store/row.h"
#include "store/store.h"

#define DAY_US (86400LL * 1000000LL)
#define CERT_MANAGE (ROLES_STAFF | R(ROLE_ORG_ADMIN))
#define CONTENT_ITEMS 8
#define CONTENT_MAX_CHARS 300

/* ---------- the public address ---------- */

/* Set once at start-up (before the server's threads), else read once from
 * the environment. */
static char public_url[256];
static pthread_once_t public_url_once = PTHREAD_ONCE_INIT;

static void set_url(const char *url)
{
	snprintf(public_url, sizeof public_url, "%s", url);
	size_t n = strlen(public_url);
	while (n && public_url[n - 1] == '/')
		public_url[--n] = 0;
}

static void url_from_env(void)
{
	const char *env = getenv("WUSHE_PUBLIC_URL");
	if (!public_url[0])
		set_url(env && *env ? env : "http://127.0.0.1:8080");
}

void vol_cert_set_public_url(const char *url)
{
	if (url && *url)
		set_url(url);
}

const char *vol_cert_public_url(void)
{
	pthread_once(&public_url_once, url_from_env);
	return public_url;
}

/* ---------- the verification code ---------- */

void vol_cert_code(const unsigned char sig[64], char out[20])
{
	static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	/* 10 bytes = 80 bits = 16 base32 digits, no padding */
	int o = 0, bits = 0;
	unsigned acc = 0;
	for (int i = 0; i < 10; i++) {
		acc = (acc << 8) | sig[i];
		bits += 8;
		while (bits >= 5) {
			if (o && o % 5 == 4)
				out[o++] = '-';
			out[o++] = b32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	out[o] = 0;
}

/* A code as typed (any case, spaces or dashes, 0/1 for O/I) in its printed
 * form, or NULL when it cannot be one. */
static const char *code_normalise(struct arena *a, const char *in)
{
	char d[17];
	int n = 0;
	for (const char *p = in; *p; p++) {
		char ch = *p;
		if (ch == '-' || ch == ' ')
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (ch == '0')
			ch = 'O';
		else if (ch == '1')
			ch = 'I';
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= '2' && ch <= '7')) || n == 16)
			return NULL;
		d[n++] = ch;
	}
	if (n != 16)
		return NULL;
	return arena_printf(a, "%.4s-%.4s-%.4s-%.4s", d, d + 4, d + 8, d + 12);
}

/* ---------- record kind (audit snapshots, reads) ---------- */

static const struct col cert_cols[] = {
	{"id", "编号", COL_INT},
	{"number", "证明编号", COL_TEXT},
	{"organisation_id", "组织", COL_INT},
	{"volunteer_id", "志愿者", COL_INT},
	{"volunteer_number", "志愿者编号", COL_TEXT},
	{"volunteer_name", "志愿者姓名", COL_TEXT},
	{"period_from", "起始日期", COL_TEXT},
	{"period_to", "截止日期", COL_TEXT},
	{"minutes", "服务分钟", COL_INT},
	{"record_count", "记录数", COL_INT},
	{"content", "服务内容", COL_TEXT},
	{"organisation_name", "出具组织", COL_TEXT},
	{"person_in_charge", "负责人", COL_TEXT},
	{"contact", "联系方式", COL_TEXT},
	{"issued_at", "出具时间", COL_TIME},
	{"issuer_name", "出具人", COL_TEXT},
	{"code", "验证码", COL_TEXT},
	{"prints", "打印次数", COL_INT},
	{"void_at", "作废时间", COL_TIME},
	{"void_reason", "作废原因", COL_TEXT},
	{"region_id", "社区", COL_INT},
	{"version", "版本", COL_INT},
};
#define CERT_SELECT                                                                                \
	"c.id, c.number, c.organisation_id, c.volunteer_id, c.volunteer_number, c.volunteer_name,"  \
	" c.period_from, c.period_to, c.minutes, c.record_count, c.content, c.organisation_name,"    \
	" c.person_in_charge, c.contact, c.issued_at, c.issuer_name, c.code, c.prints, c.void_at,"  \
	" c.void_reason, c.region_id, c.version"

static const struct record_kind cert_kind = {
	.entity = "vol_certificate",
	.what_zh = "志愿服务证明",
	.what_en = "certificate",
	.head_sql = "SELECT c.id, c.region_id, c.version, g.path FROM vol_certificates c"
		    " JOIN regions g ON g.id=c.region_id WHERE c.id=?",
	.row_sql = "SELECT " CERT_SELECT " FROM vol_certificates c WHERE c.id=?",
	.cols = cert_cols,
	.ncols = (int)(sizeof cert_cols / sizeof cert_cols[0]),
	.read_roles = ROLES_ANY,
};

static const struct col key_cols[] = {
	{"id", "", COL_INT}, {"organisation_id", "", COL_INT}, {"algorithm", "", COL_TEXT},
	{"public_key", "", COL_TEXT}, {"created_at", "", COL_TIME},
};
/* Never the secret key: snapshots go into the audit log. */
static const struct record_kind key_kind = {
	.entity = "vol_cert_key", .what_zh = "签名密钥", .what_en = "signing key",
	.row_sql = "SELECT id, organisation_id, algorithm, public_key, created_at FROM vol_cert_keys WHERE id=?",
	.cols = key_cols, .ncols = (int)(sizeof key_cols / sizeof key_cols[0]), .read_roles = ROLES_ANY,
};

/* ---------- who may do what ---------- */

struct cert_scope {
	const char *vol_path, *org_path; /* region paths (arena) */
	int64_t vol_user;                /* the volunteer's own account, 0: none */
};

static bool can_manage(const struct ctx *c, const struct cert_scope *s)
{
	return !c->who || auth_covers_path(c->who, ROLES_STAFF, s->vol_path) ||
	       auth_covers_path(c->who, CERT_MANAGE, s->org_path);
}

static bool can_read(const struct ctx *c, const struct cert_scope *s)
{
	return can_manage(c, s) || (s->vol_user && c->who->user_id == s->vol_user);
}

/* The certificate's scope; 404 naming id when there is none. */
static int cert_scope(struct ctx *c, int64_t id, struct cert_scope *s)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT g.path, o.path, coalesce(p.user_id, 0) FROM vol_certificates c"
			" JOIN regions g ON g.id=c.region_id JOIN regions o ON o.id=c.org_region_id"
			" JOIN vol_volunteers v ON v.id=c.volunteer_id JOIN people p ON p.id=v.person_id"
			" WHERE c.id=?",
			"i", id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_NOT_FOUND, "id", "志愿服务证明不存在", "no such certificate");
	s->vol_path = arena_strdup(c->a, col_text(st, 0));
	s->org_path = arena_strdup(c->a, col_text(st, 1));
	s->vol_user = col_int(st, 2);
	stmt_done(st);
	return 0;
}

/* ---------- hours ---------- */

/* The records a certificate counts: the organisation's own service
 * records of the volunteer in the period, neither superseded nor flagged. */
#define COUNTING                                                                                  \
	" FROM vol_records r WHERE r.volunteer_id=? AND r.organisation_id=? AND r.kind='service'"  \
	" AND r.flagged=0 AND r.started_at>=? AND r.started_at<?"                                  \
	" AND NOT EXISTS (SELECT 1 FROM vol_records a WHERE a.amends_id=r.id)"

int vol_cert_hours(struct ctx *c, int64_t volunteer_id, int64_t organisation_id, int64_t from_us,
		   int64_t to_us, int64_t *minutes, int64_t *records)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st, "SELECT coalesce(sum(r.minutes), 0), count(*)" COUNTING, "iiii",
			volunteer_id, organisation_id, from_us, to_us);
	if (rc < 0)
		return rc;
	*minutes = rc ? col_int(st, 0) : 0;
	*records = rc ? col_int(st, 1) : 0;
	stmt_done(st);
	return 0;
}

/* What was done: the contents, the most hours first, "长者探访（3次）；…". */
static int content_summary(struct ctx *c, int64_t vid, int64_t oid, int64_t from_us, int64_t to_us,
			   const char **out)
{
	struct stmt *st = db_q(c->db, c->e,
			       "SELECT r.content, count(*), sum(r.minutes)" COUNTING
			       " GROUP BY r.content ORDER BY sum(r.minutes) DESC, r.content",
			       "iiii", vid, oid, from_us, to_us);
	if (!st)
		return c->e->code;
	struct sb b = SB_INIT;
	int rc, n = 0, more = 0;
	while ((rc = stmt_step(st, c->e)) == 1) {
		const char *what = col_text(st, 0);
		if (n >= CONTENT_ITEMS || utf8_chars(sb_str(&b)) + utf8_chars(what) > CONTENT_MAX_CHARS) {
			more++;
			continue;
		}
		if (n++)
			sb_adds(&b, "；");
		sb_addf(&b, "%s（%lld次）", what, (long long)col_int(st, 1));
	}
	stmt_done(st);
	if (more)
		sb_addf(&b, "等 %d 项", n + more);
	*out = rc < 0 ? NULL : arena_strdup(c->a, sb_str(&b));
	sb_free(&b);
	return rc < 0 ? rc : 0;
}

/* ---------- the organisation's key ---------- */

/* The secret key of key id: from the table, or from its key file. */
static int key_secret(struct ctx *c, int64_t key_id, const char *hex, const char *file,
		      unsigned char sk[crypto_sign_SECRETKEYBYTES])
{
	char buf[2 * crypto_sign_SECRETKEYBYTES + 8] = {0};
	if (!hex && file) {
		FILE *f = fopen(file, "r");
		size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
		if (f)
			fclose(f);
		while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
			buf[--n] = 0;
		hex = buf;
	}
	size_t len = 0;
	int bad = !hex || sodium_hex2bin(sk, crypto_sign_SECRETKEYBYTES, hex, strlen(hex), NULL, &len, NULL) ||
		  len != crypto_sign_SECRETKEYBYTES;
	sodium_memzero(buf, sizeof buf);
	if (bad)
		return err_setf(c->e, ERR_INTERNAL, NULL, "签名密钥 %lld 无法读取", "signing key %lld cannot be read",
				(long long)key_id);
	return 0;
}

/* The organisation's current key, made on first use (in the caller's
 * transaction, audited without its secret). */
static int org_key(struct ctx *c, int64_t org_id, int64_t org_region, int64_t *key_id,
		   unsigned char sk[crypto_sign_SECRETKEYBYTES])
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT id, secret_key, key_file FROM vol_cert_keys WHERE organisation_id=? AND retired_at IS NULL",
			"i", org_id);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		*key_id = col_int(st, 0);
		const char *hex = col_text(st, 1), *file = col_text(st, 2);
		rc = key_secret(c, *key_id, hex ? arena_strdup(c->a, hex) : NULL, file ? arena_strdup(c->a, file) : NULL,
				sk);
		stmt_done(st);
		return rc;
	}
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	char pk_hex[2 * crypto_sign_PUBLICKEYBYTES + 1], sk_hex[2 * crypto_sign_SECRETKEYBYTES + 1];
	crypto_sign_keypair(pk, sk);
	sodium_bin2hex(pk_hex, sizeof pk_hex, pk, sizeof pk);
	sodium_bin2hex(sk_hex, sizeof sk_hex, sk, crypto_sign_SECRETKEYBYTES);
	rc = db_int(c->db, c->e, key_id,
		    "INSERT INTO vol_cert_keys(organisation_id, public_key, secret_key, created_at)"
		    " VALUES(?,?,?,?) RETURNING id",
		    "issi", org_id, pk_hex, sk_hex, c->now);
	sodium_memzero(sk_hex, sizeof sk_hex);
	if (rc < 0)
		return rc;
	return record_created(c, &key_kind, *key_id, org_region, NULL);
}

/* ---------- issuing ---------- */

struct volunteer_row {
	int64_t id, region_id, user_id;
	const char *number, *name, *status, *path;
};

struct org_row {
	int64_t id, region_id;
	const char *name, *person, *contact, *status, *path;
};

static int load_volunteer(struct ctx *c, int64_t id, struct volunteer_row *v)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT v.id, v.region_id, coalesce(p.user_id, 0), v.number, p.name, v.status, g.path"
			" FROM vol_volunteers v JOIN people p ON p.id=v.person_id JOIN regions g ON g.id=v.region_id"
			" WHERE v.id=?",
			"i", id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_NOT_FOUND, "volunteer_id", "志愿者不存在", "no such volunteer");
	v->id = col_int(st, 0);
	v->region_id = col_int(st, 1);
	v->user_id = col_int(st, 2);
	v->number = arena_strdup(c->a, col_text(st, 3));
	v->name = arena_strdup(c->a, col_text(st, 4));
	v->status = arena_strdup(c->a, col_text(st, 5));
	v->path = arena_strdup(c->a, col_text(st, 6));
	stmt_done(st);
	return 0;
}

static int load_org(struct ctx *c, int64_t id, struct org_row *o)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT o.id, o.region_id, o.name, coalesce(o.contact_name, ''), coalesce(o.contact_mobile, ''),"
			" o.status, g.path FROM organisations o JOIN regions g ON g.id=o.region_id WHERE o.id=?",
			"i", id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_NOT_FOUND, "organisation_id", "组织不存在", "no such organisation");
	o->id = col_int(st, 0);
	o->region_id = col_int(st, 1);
	o->name = arena_strdup(c->a, col_text(st, 2));
	o->person = arena_strdup(c->a, col_text(st, 3));
	o->contact = arena_strdup(c->a, col_text(st, 4));
	o->status = arena_strdup(c->a, col_text(st, 5));
	o->path = arena_strdup(c->a, col_text(st, 6));
	stmt_done(st);
	return 0;
}

static const char *hours_text(struct arena *a, int64_t minutes)
{
	int64_t hundredths = (minutes * 100 + 30) / 60; /* rounded to 0.01 h */
	return arena_printf(a, "%lld.%02lld", (long long)(hundredths / 100), (long long)(hundredths % 100));
}

/* The period's bounds in µs; 400/422 naming the field. */
static int period(struct ctx *c, const struct vol_cert_in *in, int64_t *from_us, int64_t *to_us)
{
	char today[16];
	if (!in->from || wtime_parse(in->from, from_us))
		return err_set(c->e, ERR_INVALID, "from", "请填写起始日期（YYYY-MM-DD）", "from must be a date YYYY-MM-DD");
	if (!in->to || wtime_parse(in->to, to_us))
		return err_set(c->e, ERR_INVALID, "to", "请填写截止日期（YYYY-MM-DD）", "to must be a date YYYY-MM-DD");
	if (strcmp(in->to, in->from) < 0)
		return err_set(c->e, ERR_INVALID, "to", "截止日期不能早于起始日期", "to must not be before from");
	wtime_format_date(c->now, today, sizeof today);
	if (strcmp(in->to, today) > 0)
		return err_set(c->e, ERR_RULE, "to", "截止日期不能晚于今天", "to must not be after today");
	*to_us += DAY_US;
	return 0;
}

/* The canonical payload: what the certificate states. */
static char *payload_json(const char *number, int64_t key_id, const struct volunteer_row *v,
			  const struct org_row *o, const struct vol_cert_in *in, int64_t minutes,
			  int64_t records, const char *hours, const char *content, const char *issued_at)
{
	json_t *p = json_pack("{s:s, s:i, s:s, s:I, s:{s:s, s:s}, s:{s:I, s:s, s:s, s:s}, s:{s:s, s:s},"
			      " s:I, s:s, s:I, s:s, s:s}",
			      "type", "wushe.volunteer_service_certificate", "v", 1, "number", number,
			      "key_id", (json_int_t)key_id,
			      "volunteer", "number", v->number, "name", v->name,
			      "organisation", "id", (json_int_t)o->id, "name", o->name, "person_in_charge", o->person,
			      "contact", o->contact,
			      "period", "from", in->from, "to", in->to,
			      "minutes", (json_int_t)minutes, "hours", hours, "records", (json_int_t)records,
			      "content", content, "issued_at", issued_at);
	char *s = p ? json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(p);
	return s;
}

static int issue(struct ctx *c, const struct volunteer_row *v, const struct vol_cert_in *in, bool self,
		 int64_t *id_out)
{
	struct org_row o = {0};
	int64_t from_us, to_us, minutes, records, key_id, seq;
	int rc;
	if ((rc = period(c, in, &from_us, &to_us)) || (rc = load_org(c, in->organisation_id, &o)))
		return rc;
	if (!self && !can_manage(c, &(struct cert_scope){v->path, o.path, v->user_id}))
		return auth_forbidden(c->e);
	if (strcmp(v->status, "merged") == 0)
		return err_set(c->e, ERR_RULE, "volunteer_id", "该志愿者档案已合并到另一档案，请为保留的档案出具证明",
			       "this volunteer was merged into another record; certify the kept one");
	if (!*o.person || !*o.contact)
		return err_set(c->e, ERR_RULE, "organisation_id",
			       "该组织档案未填写联系人或联系电话，证明须写明负责人和联系方式，请先补全组织档案",
			       "the organisation has no contact person or phone; a certificate must state both — complete the record first");
	if ((rc = vol_cert_hours(c, v->id, o.id, from_us, to_us, &minutes, &records)))
		return rc;
	if (minutes <= 0)
		return err_set(c->e, ERR_RULE, "organisation_id",
			       self ? "该组织在此期间没有为你记录可计入的服务时长（谁记录谁证明：证明只能由记录时长的组织出具）"
				    : "该组织在此期间没有为该志愿者记录可计入的服务时长（谁记录谁证明）",
			       self ? "this organisation recorded no counting service hours for you in the period (it can only certify what it recorded)"
				    : "this organisation recorded no counting service hours for the volunteer in the period");
	const char *content;
	if ((rc = content_summary(c, v->id, o.id, from_us, to_us, &content)))
		return rc;

	/* the number: next of the organisation's year, in this transaction */
	char today[16], issued_at[40];
	wtime_format_date(c->now, today, sizeof today);
	wtime_format(c->now, issued_at, sizeof issued_at);
	int64_t year = atoi(today);
	rc = db_int(c->db, c->e, &seq,
		    "INSERT INTO vol_cert_counters(organisation_id, year, last) VALUES(?,?,1)"
		    " ON CONFLICT (organisation_id, year) DO UPDATE SET last=vol_cert_counters.last+1 RETURNING last",
		    "ii", o.id, year);
	if (rc < 0)
		return rc;
	const char *number = arena_printf(c->a, "SDV-%lld-%lld-%06lld", (long long)o.id, (long long)year, (long long)seq);

	unsigned char sk[crypto_sign_SECRETKEYBYTES], sig[crypto_sign_BYTES];
	if ((rc = org_key(c, o.id, o.region_id, &key_id, sk)))
		return rc;
	const char *hours = hours_text(c->a, minutes);
	char *payload = payload_json(number, key_id, v, &o, in, minutes, records, hours, content, issued_at);
	if (!payload) {
		sodium_memzero(sk, sizeof sk);
		return err_set(c->e, ERR_INTERNAL, NULL, "证明内容无法生成", "the certificate's payload failed");
	}
	crypto_sign_detached(sig, NULL, (const unsigned char *)payload, strlen(payload), sk);
	sodium_memzero(sk, sizeof sk);
	char sig_hex[2 * crypto_sign_BYTES + 1], code[20];
	sodium_bin2hex(sig_hex, sizeof sig_hex, sig, sizeof sig);
	vol_cert_code(sig, code);

	const char *issuer = c->who ? (c->who->display_name ? c->who->display_name : c->who->username) : "系统";
	int64_t id;
	rc = db_int(c->db, c->e, &id,
		    "INSERT INTO vol_certificates(number, organisation_id, year, seq, key_id, region_id, org_region_id,"
		    " volunteer_id, volunteer_number, volunteer_name, period_from, period_to, minutes, record_count,"
		    " content, organisation_name, person_in_charge, contact, issued_at, issued_by, issuer_name,"
		    " requested_by_volunteer, payload, signature, code, created_at, updated_at)"
		    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULLIF(?,0),?,?,?,?,?,?,?) RETURNING id",
		    "siiiiiiissssiissssiisisssii", number, o.id, year, seq, key_id, v->region_id, o.region_id, v->id,
		    v->number, v->name, in->from, in->to, minutes, records, content, o.name, o.person, o.contact,
		    c->now, c->who ? c->who->user_id : 0, issuer, (int64_t)self, payload, sig_hex, code, c->now,
		    c->now);
	free(payload);
	if (rc < 0)
		return rc;
	if ((rc = record_created(c, &cert_kind, id, v->region_id, "issue")))
		return rc;
	const char *body = arena_printf(c->a, "%s 为你出具了志愿服务证明 %s：%s 至 %s，服务时长 %s 小时。",
					o.name, number, in->from, in->to, hours);
	const char *body_en = arena_printf(c->a, "%s issued certificate %s: %s to %s, %s hours of service.", o.name,
					   number, in->from, in->to, hours);
	struct notice nt = {.kind = "volunteer.certificate_issued", .region_id = v->region_id,
			    .title = "证书已出具", .title_en = "Certificate issued", .body = body, .body_en = body_en,
			    .link = "/volunteer/certificates", .entity = "vol_certificate", .entity_id = id};
	if ((rc = notify_user(c, v->user_id, &nt)))
		return rc;
	*id_out = id;
	return 0;
}

int vol_cert_issue(struct ctx *c, const struct vol_cert_in *in, int64_t *id)
{
	struct volunteer_row v = {0};
	if (!in->volunteer_id)
		return err_set(c->e, ERR_INVALID, "volunteer_id", "请选择志愿者", "volunteer_id is required");
	int rc = load_volunteer(c, in->volunteer_id, &v);
	return rc ? rc : issue(c, &v, in, false, id);
}

int vol_cert_issue_mine(struct ctx *c, const struct vol_cert_in *in, int64_t *id)
{
	int64_t vid = 0;
	if (!c->who)
		return err_set(c->e, ERR_UNAUTH, NULL, "请先登录", "log in first");
	int rc = db_int(c->db, c->e, &vid,
			"SELECT v.id FROM vol_volunteers v JOIN people p ON p.id=v.person_id WHERE p.user_id=?", "i",
			c->who->user_id);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(c->e, ERR_CONFLICT, NULL, "你还没有登记为志愿者，没有可证明的服务记录",
			       "you are not registered as a volunteer, so there is no service to certify");
	struct volunteer_row v = {0};
	return (rc = load_volunteer(c, vid, &v)) ? rc : issue(c, &v, in, true, id);
}

/* ---------- reading ---------- */

int vol_cert_write(struct ctx *c, struct jw *w, int64_t id)
{
	struct cert_scope s = {0};
	int rc = cert_scope(c, id, &s);
	if (rc)
		return rc;
	if (!can_read(c, &s))
		return auth_forbidden(c->e);
	bool manage = can_manage(c, &s);
	jw_obj(w);
	if ((rc = record_write_cols(c, &cert_kind, w, id)))
		return rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st, "SELECT code, void_at IS NULL, minutes FROM vol_certificates WHERE id=?",
			 "i", id)) != 1)
		return rc < 0 ? rc : ERR_INTERNAL;
	jw_kstr(w, "state", col_int(st, 1) ? "valid" : "void");
	jw_kstr(w, "hours", hours_text(c->a, col_int(st, 2)));
	jw_kstr(w, "verify_url", arena_printf(c->a, "%s/verify/%s", vol_cert_public_url(), col_text(st, 0)));
	jw_kbool(w, "can_void", manage && col_int(st, 1));
	stmt_done(st);
	rc = 0;
	if (manage)
		rc = record_write_history(c, w, "vol_certificate", id);
	jw_obj_end(w);
	return rc;
}

int vol_cert_signature_ok(struct ctx *c, int64_t id, int *ok)
{
	struct stmt *st;
	int rc = db_row(c->db, c->e, &st,
			"SELECT c.payload, c.signature, k.public_key FROM vol_certificates c"
			" JOIN vol_cert_keys k ON k.id=c.key_id WHERE c.id=?",
			"i", id);
	if (rc < 0)
		return rc;
	*ok = 0;
	if (rc == 1) {
		unsigned char sig[crypto_sign_BYTES], pk[crypto_sign_PUBLICKEYBYTES];
		size_t ls = 0, lp = 0;
		const char *payload = col_text(st, 0), *sh = col_text(st, 1), *ph = col_text(st, 2);
		if (!sodium_hex2bin(sig, sizeof sig, sh, strlen(sh), NULL, &ls, NULL) && ls == sizeof sig &&
		    !sodium_hex2bin(pk, sizeof pk, ph, strlen(ph), NULL, &lp, NULL) && lp == sizeof pk)
			*ok = crypto_sign_verify_detached(sig, (const unsigned char *)payload, strlen(payload), pk) == 0;
		stmt_done(st);
	}
	return 0;
}

static void jw_kjson(struct jw *w, const char *k, json_t *v)
{
	jw_key(w, k);
	if (json_is_string(v))
		jw_str(w, json_string_value(v));
	else if (json_is_integer(v))
		jw_int(w, json_integer_value(v));
	else
		jw_null(w);
}

int vol_cert_verify(struct ctx *c, struct jw *w, const char *code_in)
{
	if (!code_in || strlen(code_in) > 64)
		return err_set(c->e, ERR_INVALID, "code", "验证码格式不对", "malformed verification code");
	const char *code = code_normalise(c->a, code_in);
	int64_t id = 0;
	int rc = code ? db_int(c->db, c->e, &id, "SELECT id FROM vol_certificates WHERE code=?", "s", code) : 0;
	if (rc < 0)
		return rc;
	jw_obj(w);
	if (!id) {
		jw_kstr(w, "state", "unknown");
		jw_knull(w, "certificate");
		jw_obj_end(w);
		return 0;
	}
	int ok;
	if ((rc = vol_cert_signature_ok(c, id, &ok)))
		return rc;
	struct stmt *st;
	if ((rc = db_row(c->db, c->e, &st,
			 "SELECT c.payload, c.signature, k.public_key, c.void_at, c.void_reason, c.code"
			 " FROM vol_certificates c JOIN vol_cert_keys k ON k.id=c.key_id WHERE c.id=?",
			 "i", id)) != 1)
		return rc < 0 ? rc : ERR_INTERNAL;
	json_t *p = ok ? json_loads(col_text(st, 0), 0, NULL) : NULL;
	if (!p) {
		/* the stored statement does not match its signature: say so and
		 * nothing else */
		stmt_done(st);
		jw_kstr(w, "state", "invalid");
		jw_knull(w, "certificate");
		jw_obj_end(w);
		return 0;
	}
	bool is_void = !col_null(st, 3);
	jw_kstr(w, "state", is_void ? "void" : "valid");
	jw_key(w, "certificate");
	jw_obj(w);
	json_t *vol = json_object_get(p, "volunteer"), *org = json_object_get(p, "organisation"),
	       *per = json_object_get(p, "period");
	jw_kjson(w, "number", json_object_get(p, "number"));
	jw_kjson(w, "volunteer_name", json_object_get(vol, "name"));
	jw_kjson(w, "volunteer_number", json_object_get(vol, "number"));
	jw_kjson(w, "hours", json_object_get(p, "hours"));
	jw_kjson(w, "minutes", json_object_get(p, "minutes"));
	jw_kjson(w, "period_from", json_object_get(per, "from"));
	jw_kjson(w, "period_to", json_object_get(per, "to"));
	jw_kjson(w, "content", json_object_get(p, "content"));
	jw_kjson(w, "organisation_name", json_object_get(org, "name"));
	jw_kjson(w, "person_in_charge", json_object_get(org, "person_in_charge"));
	jw_kjson(w, "contact", json_object_get(org, "contact"));
	jw_kjson(w, "issued_at", json_object_get(p, "issued_at"));
	jw_kstr(w, "code", col_text(st, 5));
	if (is_void) {
		jw_ktime(w, "void_at", col_int(st, 3));
		jw_kstr(w, "void_reason", col_text(st, 4));
	} else {
		jw_knull(w, "void_at");
		jw_knull(w, "void_reason");
	}
	jw_obj_end(w);
	/* what anyone needs to check the signature themself */
	jw_key(w, "signature");
	jw_obj(w);
	jw_kstr(w, "algorithm", "ed25519");
	jw_kstr(w, "payload", col_text(st, 0));
	jw_kstr(w, "signature", col_text(st, 1));
	jw_kstr(w, "public_key", col_text(st, 2));
	jw_obj_end(w);
	jw_obj_end(w);
	json_decref(p);
	stmt_done(st);
	return 0;
}

/* ---------- void and print ---------- */

int vol_cert_void(struct ctx *c, int64_t id, const struct vol_cert_void_in *in)
{
	struct cert_scope s = {0};
	struct record rec;
	int64_t voided = 0;
	int rc = cert_scope(c, id, &s);
	if (rc)
		return rc;
	if (!can_manage(c, &s))
		return auth_forbidden(c->e);
	if (!in->reason || utf8_chars(in->reason) < 2)
		return err_set(c->e, ERR_INVALID, "reason", "请写明作废原因", "give the reason for voiding");
	if ((rc = db_int(c->db, c->e, &voided, "SELECT count(*) FROM vol_certificates WHERE id=? AND void_at IS NOT NULL",
			 "i", id)) < 0)
		return rc;
	if (voided)
		return err_set(c->e, ERR_CONFLICT, "id", "该证明已作废", "the certificate is already void");
	if ((rc = record_head(c, &cert_kind, id, &rec)) ||
	    (rc = record_begin(c, &rec, in->has_version ? in->version : -1)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE vol_certificates SET void_at=?, void_reason=?, voided_by=NULLIF(?,0), version=version+1,"
			  " updated_at=? WHERE id=?",
			  "isiii", c->now, in->reason, c->who ? c->who->user_id : 0, c->now, id)))
		return rc;
	return record_commit(c, &rec, "void");
}

/* The document from the payload (what was signed), for the PDF. */
static int doc_from_payload(struct ctx *c, const char *payload, struct vol_cert_doc *d)
{
	json_t *p = json_loads(payload, 0, NULL);
	if (!p)
		return err_set(c->e, ERR_INTERNAL, NULL, "证明内容损坏", "the certificate's payload is damaged");
	json_t *vol = json_object_get(p, "volunteer"), *org = json_object_get(p, "organisation"),
	       *per = json_object_get(p, "period");
#define S(j, k) arena_strdup(c->a, json_string_value(json_object_get((j), (k))) ? json_string_value(json_object_get((j), (k))) : "")
	d->number = S(p, "number");
	d->volunteer_name = S(vol, "name");
	d->volunteer_number = S(vol, "number");
	d->period_from = S(per, "from");
	d->period_to = S(per, "to");
	d->hours = S(p, "hours");
	d->content = S(p, "content");
	d->minutes = json_integer_value(json_object_get(p, "minutes"));
	d->organisation_name = S(org, "name");
	d->person_in_charge = S(org, "person_in_charge");
	d->contact = S(org, "contact");
	const char *at = S(p, "issued_at");
	d->issued_on = arena_strndup(c->a, at, 10);
#undef S
	json_decref(p);
	return 0;
}

int vol_cert_print(struct ctx *c, int64_t id, char **pdf, size_t *len, char **filename)
{
	struct cert_scope s = {0};
	struct record rec;
	struct vol_cert_doc d = {0};
	struct stmt *st;
	int rc = cert_scope(c, id, &s);
	if (rc)
		return rc;
	if (!can_read(c, &s))
		return auth_forbidden(c->e);
	if ((rc = db_row(c->db, c->e, &st,
			 "SELECT payload, code, signature, prints, void_reason, number FROM vol_certificates WHERE id=?",
			 "i", id)) != 1)
		return rc < 0 ? rc : ERR_INTERNAL;
	const char *payload = arena_strdup(c->a, col_text(st, 0));
	d.code = arena_strdup(c->a, col_text(st, 1));
	d.signature_hex = arena_strdup(c->a, col_text(st, 2));
	d.copy = col_int(st, 3) > 0;
	d.void_reason = col_null(st, 4) ? NULL : arena_strdup(c->a, col_text(st, 4));
	*filename = arena_printf(c->a, "%s%s.pdf", col_text(st, 5), d.copy ? "-copy" : "");
	stmt_done(st);
	if ((rc = doc_from_payload(c, payload, &d)))
		return rc;
	d.verify_url = arena_printf(c->a, "%s/verify/%s", vol_cert_public_url(), d.code);
	/* the print is counted in the request's transaction: the audit entry
	 * exists exactly when the PDF left */
	if ((rc = record_head(c, &cert_kind, id, &rec)) || (rc = record_begin(c, &rec, -1)) ||
	    (rc = db_exec(c->db, c->e, "UPDATE vol_certificates SET prints=prints+1, updated_at=? WHERE id=?", "ii",
			  c->now, id)) ||
	    (rc = record_commit(c, &rec, d.copy ? "print_copy" : "print")))
		return rc;
	return vol_cert_pdf_render(&d, pdf, len, c->e);
}

/* ---------- lists ---------- */

static const struct list_sort cert_sorts[] = {
	{"issued_at", "c.issued_at", false, true},
	{"number", "c.number", true, false},
	{NULL},
};

static const struct list_spec cert_list = {
	.table = "vol_certificates c", .id = "c.id", .region = "c.region_id", .sorts = cert_sorts,
	.default_sort = "-issued_at",
	.select = "c.id, c.number, c.organisation_id, c.organisation_name, c.volunteer_id, c.volunteer_number,"
		  " c.volunteer_name, c.period_from, c.period_to, c.minutes, c.issued_at, c.issuer_name, c.code,"
		  " c.prints, c.void_at, c.void_reason, c.region_id",
	.from = "vol_certificates c", .row_id = "c.id",
};

/* The end of a region path's subtree: "/1/3/" → "/1/30". */
static const char *path_end(struct arena *a, const char *path)
{
	char *e = arena_strdup(a, path);
	size_t n = strlen(e);
	if (n && e[n - 1] == '/')
		e[n - 1] = '0';
	return e;
}

static const char *const cert_states[] = {"valid", "void", NULL};

int vol_cert_list_query(struct ctx *c, const struct vol_cert_filter *f, bool mine, struct list_q **out)
{
	if (!c->who && mine)
		return err_set(c->e, ERR_UNAUTH, NULL, "请先登录", "log in first");
	if (f->state) {
		bool ok = false;
		for (int i = 0; cert_states[i]; i++)
			ok = ok || !strcmp(f->state, cert_states[i]);
		if (!ok)
			return err_set(c->e, ERR_INVALID, "state", "状态应为 valid 或 void", "state must be valid or void");
	}
	const struct grant *staff = c->who ? auth_primary_grant(c->who, ROLES_STAFF) : NULL;
	const struct grant *orgadm = c->who ? auth_primary_grant(c->who, R(ROLE_ORG_ADMIN)) : NULL;
	char *rpath = NULL;
	if (!mine && f->region_id) {
		int rc = list_region_path(c->db, f->region_id, "region_id", &rpath, c->e);
		if (rc)
			return rc;
		bool in = !c->who || auth_covers_path(c->who, CERT_MANAGE, rpath);
		if (!in) {
			free(rpath);
			return auth_forbidden(c->e);
		}
	}
	if (!mine && c->who && !staff && !orgadm) {
		free(rpath);
		return auth_forbidden(c->e);
	}
	struct list_q *q = list_new(&cert_list);
	if (mine) {
		list_where(q, "c.volunteer_id IN (SELECT v.id FROM vol_volunteers v JOIN people p ON p.id=v.person_id"
			      " WHERE p.user_id=?)",
			   "i", c->who->user_id);
	} else if (c->who) {
		/* staff: certificates of volunteers in their area and those of
		 * the organisations there; org admins: their area's organisations' */
		const char *sp = staff ? staff->region_path : "", *op = orgadm ? orgadm->region_path : "";
		const char *se = path_end(c->a, sp), *oe = path_end(c->a, op);
		if (staff && orgadm)
			list_where(q,
				   "(c.region_id IN (SELECT id FROM regions WHERE path>=? AND path<?)"
				   " OR c.org_region_id IN (SELECT id FROM regions WHERE path>=? AND path<?)"
				   " OR c.org_region_id IN (SELECT id FROM regions WHERE path>=? AND path<?))",
				   "ssssss", sp, se, sp, se, op, oe);
		else if (staff)
			list_where(q,
				   "(c.region_id IN (SELECT id FROM regions WHERE path>=? AND path<?)"
				   " OR c.org_region_id IN (SELECT id FROM regions WHERE path>=? AND path<?))",
				   "ssss", sp, se, sp, se);
		else
			list_where(q, "c.org_region_id IN (SELECT id FROM regions WHERE path>=? AND path<?)", "ss", op,
				   oe);
	}
	if (rpath) {
		list_where(q,
			   "(c.region_id IN (SELECT id FROM regions WHERE path>=? AND path<?)"
			   " OR c.org_region_id IN (SELECT id FROM regions WHERE path>=? AND path<?))",
			   "ssss", rpath, path_end(c->a, rpath), rpath, path_end(c->a, rpath));
		free(rpath);
	}
	list_eq_int_if(q, "c.volunteer_id", f->volunteer_id);
	list_eq_int_if(q, "c.organisation_id", f->organisation_id);
	list_eq_int_if(q, "c.year", f->year);
	if (f->state)
		list_where(q, !strcmp(f->state, "void") ? "c.void_at IS NOT NULL" : "c.void_at IS NULL", NULL);
	if (f->q && *f->q)
		list_where(q, "(c.number=? OR replace(c.volunteer_name, ?, '') <> c.volunteer_name OR c.volunteer_number=?)",
			   "sss", f->q, f->q, f->q);
	*out = q;
	return 0;
}

int vol_cert_list_row(struct stmt *st, void *vc, struct err *e)
{
	(void)e;
	struct ctx *c = vc;
	struct jw *w = c->w;
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 0));
	jw_kstr(w, "number", col_text(st, 1));
	jw_kint(w, "organisation_id", col_int(st, 2));
	jw_kstr(w, "organisation_name", col_text(st, 3));
	jw_kint(w, "volunteer_id", col_int(st, 4));
	jw_kstr(w, "volunteer_number", col_text(st, 5));
	jw_kstr(w, "volunteer_name", col_text(st, 6));
	jw_kstr(w, "period_from", col_text(st, 7));
	jw_kstr(w, "period_to", col_text(st, 8));
	jw_kint(w, "minutes", col_int(st, 9));
	jw_kstr(w, "hours", hours_text(c->a, col_int(st, 9)));
	jw_ktime(w, "issued_at", col_int(st, 10));
	jw_kstr(w, "issuer_name", col_text(st, 11));
	jw_kstr(w, "code", col_text(st, 12));
	jw_kint(w, "prints", col_int(st, 13));
	jw_kstr(w, "state", col_null(st, 14) ? "valid" : "void");
	if (col_null(st, 14)) {
		jw_knull(w, "void_at");
		jw_knull(w, "void_reason");
	} else {
		jw_ktime(w, "void_at", col_int(st, 14));
		jw_kstr(w, "void_reason", col_text(st, 15));
	}
	jw_kint(w, "region_id", col_int(st, 16));
	jw_obj_end(w);
	return 0;
}
