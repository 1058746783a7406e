/*
 * registry_import.c — see registry_import.h.
 *
 * Shape of a run: open the reader (format by content), read the header and
 * map each column to a field by its Chinese or English name, load every
 * region once into two hash maps (by name for towns and communities, by
 * (parent, name) for grids; and by id), then one pass over the rows:
 * check the row, look it up (existing person by ID, organisation by credit
 * code, team by region and name) with statements from the connection's
 * cache, and — in a real import, as long as no row so far was bad — write
 * it. Nothing is allocated per row except report entries; in-file
 * duplicates are found with an open-addressing hash set (resident IDs as
 * exact 64-bit keys, other keys as strings in the result's arena).
 *
 * Two passes: the check pass (dry) finds every bad row and writes nothing;
 * only a clean file is read again and written. No SAVEPOINT: inside one,
 * SQLite's in-memory sub-journal made every merge walk all pages journaled
 * so far (quadratic). In the server the write pass of people runs in short
 * chunks with an undo journal (import_undo_people) and a short final
 * publish; a failure, a stop or a crash takes the chunks back
 * (docs/import.md, "Imports that share the machine"). RETURNING, CASE and
 * UPDATE … FROM are in the portable SQL subset of store.h.
 */
#include "modules/registry/registry_import.h"

#include <pthread.h>
#include <stdatomic.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "core/csv.h"
#include "core/log.h"
#include "core/pii.h"
#include "core/sb.h"
#include "core/tabular.h"
#include "core/wtime.h"
#include "store/ids.h"
#include "store/store.h"

const char *const registry_import_kind_ids[RIK__COUNT + 1] = {"people", "organisations", "teams", NULL};

int registry_import_kind_from_id(const char *s)
{
	for (int i = 0; s && i < RIK__COUNT; i++)
		if (strcmp(s, registry_import_kind_ids[i]) == 0)
			return i;
	return -1;
}

#define IMPORT_ROLES ROLES_STAFF
/* Chunked writes (server): a chunk's transaction lasts about this long. */
#define IMPORT_CHUNK_US 40000
/* Rows per undo transaction, and how long a stopping server spends on it. */
#define UNDO_BATCH 2000
#define IMPORT_UNDO_STOP_US 5000000

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (!q)
		abort();
	return q;
}

/* ------------------------------------------------------------ columns */

/* Value lists: text as people write it (Chinese and English, matched
 * without regard to ASCII case) → the stored id. */
struct choice {
	const char *text, *value;
};

static const struct choice yes_no[] = {
	{"是", "1"}, {"否", "0"}, {"yes", "1"}, {"no", "0"}, {"y", "1"}, {"n", "0"},
	{"true", "1"}, {"false", "0"}, {"1", "1"}, {"0", "0"}, {"√", "1"}, {"✓", "1"},
	{"×", "0"}, {"有", "1"}, {"无", "0"}, {NULL, NULL}};
static const struct choice genders[] = {
	{"男", "male"}, {"女", "female"}, {"male", "male"}, {"female", "female"},
	{"m", "male"}, {"f", "female"}, {NULL, NULL}};
static const struct choice households[] = {
	{"户籍", "registered"}, {"非户籍", "nonregistered"}, {"新市民", "nonregistered"},
	{"本地户籍", "registered"}, {"外来", "nonregistered"}, {"registered", "registered"},
	{"nonregistered", "nonregistered"}, {"non-registered", "nonregistered"}, {NULL, NULL}};
static const struct choice sw_levels[] = {
	{"助理社工师", "assistant"}, {"社工师", "intermediate"}, {"高级社工师", "senior"},
	{"助理社会工作师", "assistant"}, {"社会工作师", "intermediate"},
	{"高级社会工作师", "senior"}, {"assistant", "assistant"},
	{"intermediate", "intermediate"}, {"senior", "senior"}, {NULL, NULL}};
static const struct choice person_statuses[] = {
	{"在册", "active"}, {"正常", "active"}, {"迁出", "moved_out"}, {"已迁出", "moved_out"},
	{"去世", "deceased"}, {"已故", "deceased"}, {"active", "active"},
	{"moved_out", "moved_out"}, {"deceased", "deceased"}, {NULL, NULL}};
static const struct choice org_types[] = {
	{"社工机构", "social_work_agency"}, {"社会工作服务机构", "social_work_agency"},
	{"社区社会组织", "community_social_org"}, {"基金会", "foundation"},
	{"社会团体", "association"}, {"协会", "association"}, {"商协会", "association"},
	{"企业", "enterprise"}, {"社会企业", "social_enterprise"},
	{"事业单位", "public_institution"}, {"其他", "other"},
	{"social_work_agency", "social_work_agency"},
	{"community_social_org", "community_social_org"}, {"foundation", "foundation"},
	{"association", "association"}, {"enterprise", "enterprise"},
	{"social_enterprise", "social_enterprise"}, {"public_institution", "public_institution"},
	{"other", "other"}, {NULL, NULL}};
/* Service domains of organisations and teams. */
static const struct choice domains[] = {
	{"养老服务", "elderly"}, {"养老", "elderly"}, {"长者", "elderly"},
	{"儿童青少年", "children"}, {"儿童", "children"}, {"青少年", "children"},
	{"助残", "disability"}, {"残障", "disability"}, {"妇女家庭", "family"},
	{"家庭", "family"}, {"社区营造", "community"}, {"社区治理", "community"},
	{"文化体育", "culture"}, {"文化", "culture"}, {"教育", "education"},
	{"医疗健康", "health"}, {"健康", "health"}, {"心理", "health"}, {"环保", "environment"},
	{"扶贫济困", "poverty"}, {"帮扶", "poverty"}, {"法律服务", "legal"}, {"法律", "legal"},
	{"志愿服务", "volunteer"}, {"其他", "other"},
	{"elderly", "elderly"}, {"children", "children"}, {"disability", "disability"},
	{"family", "family"}, {"community", "community"}, {"culture", "culture"},
	{"education", "education"}, {"health", "health"}, {"environment", "environment"},
	{"poverty", "poverty"}, {"legal", "legal"}, {"volunteer", "volunteer"},
	{"other", "other"}, {NULL, NULL}};
static const struct choice registrations[] = {
	{"登记", "registered"}, {"已登记", "registered"}, {"备案", "filed"}, {"已备案", "filed"},
	{"未登记", "unregistered"}, {"registered", "registered"}, {"filed", "filed"},
	{"unregistered", "unregistered"}, {NULL, NULL}};
static const struct choice stages[] = {
	{"孵化中", "incubating"}, {"孵化", "incubating"}, {"已备案", "filed"}, {"备案", "filed"},
	{"已登记", "registered"}, {"登记", "registered"}, {"incubating", "incubating"},
	{"filed", "filed"}, {"registered", "registered"}, {NULL, NULL}};
static const struct choice org_statuses[] = {
	{"正常", "active"}, {"活跃", "active"}, {"暂停", "suspended"}, {"注销", "dissolved"},
	{"已注销", "dissolved"}, {"active", "active"}, {"suspended", "suspended"},
	{"dissolved", "dissolved"}, {NULL, NULL}};
static const struct choice team_statuses[] = {
	{"正常", "active"}, {"活跃", "active"}, {"解散", "dissolved"}, {"已解散", "dissolved"},
	{"active", "active"}, {"dissolved", "dissolved"}, {NULL, NULL}};

struct field_def {
	const char *id;          /* field id in reports */
	const char *aliases;     /* '|'-separated header names; the first is the template's */
	const char *label_en;    /* English header name for messages */
	bool required;
	const struct choice *choices;
	int max_chars;           /* 0: no text limit (validated otherwise) */
};

enum { P_NAME, P_ID, P_MOBILE, P_GENDER, P_BIRTH, P_HOUSEHOLD, P_COMMUNITY, P_GRID, P_ADDRESS,
       P_PARTY, P_VOLUNTEER, P_CWORKER, P_SWLEVEL, P_BLEADER, P_STATUS, P_NOTE, P__N };
static const struct field_def people_fields[P__N] = {
	[P_NAME] = {"name", "姓名|name|名字", "name", true, NULL, 64},
	[P_ID] = {"id_number", "身份证号|身份证号码|公民身份号码|证件号码|id_number|id number|id no", "id_number", false, NULL, 0},
	[P_MOBILE] = {"mobile", "手机号|手机号码|手机|联系电话|mobile|phone", "mobile", false, NULL, 0},
	[P_GENDER] = {"gender", "性别|gender|sex", "gender", false, genders, 0},
	[P_BIRTH] = {"birth_date", "出生日期|生日|birth_date|birth date|birthday", "birth_date", false, NULL, 0},
	[P_HOUSEHOLD] = {"household", "户籍类型|户籍|户口类型|household", "household", false, households, 0},
	[P_COMMUNITY] = {"community", "社区|村（社区）|村(社区)|村居|所属社区|community", "community", true, NULL, 0},
	[P_GRID] = {"grid", "网格|所属网格|grid", "grid", false, NULL, 0},
	[P_ADDRESS] = {"address", "地址|住址|居住地址|address", "address", false, NULL, 200},
	[P_PARTY] = {"is_party_member", "党员|是否党员|party_member|is_party_member", "is_party_member", false, yes_no, 0},
	[P_VOLUNTEER] = {"is_volunteer", "志愿者|是否志愿者|volunteer|is_volunteer", "is_volunteer", false, yes_no, 0},
	[P_CWORKER] = {"is_community_worker", "社区工作者|是否社区工作者|community_worker|is_community_worker", "is_community_worker", false, yes_no, 0},
	[P_SWLEVEL] = {"sw_level", "社工等级|社工职业水平|社工资格|sw_level|social worker level", "sw_level", false, sw_levels, 0},
	[P_BLEADER] = {"is_building_leader", "楼长|是否楼长|building_leader|is_building_leader", "is_building_leader", false, yes_no, 0},
	[P_STATUS] = {"status", "状态|人员状态|status", "status", false, person_statuses, 0},
	[P_NOTE] = {"note", "备注|note|notes", "note", false, NULL, 500},
};

enum { O_NAME, O_CREDIT, O_TYPE, O_DOMAIN, O_REGISTRATION, O_FILED_TOWN, O_LEDGER, O_REGION,
       O_STAGE, O_STATUS, O_CONTACT, O_PHONE, O_ADDRESS, O_WEBSITE, O_EMAIL, O_DESC,
       O_FOUNDED, O__N };
static const struct field_def org_fields[O__N] = {
	[O_NAME] = {"name", "名称|组织名称|机构名称|name", "name", true, NULL, 100},
	[O_CREDIT] = {"credit_code", "统一社会信用代码|信用代码|credit_code|credit code", "credit_code", false, NULL, 0},
	[O_TYPE] = {"org_type", "类型|组织类型|org_type|type", "org_type", true, org_types, 0},
	[O_DOMAIN] = {"domain", "领域|服务领域|domain", "domain", false, domains, 0},
	[O_REGISTRATION] = {"registration", "登记状态|登记|registration", "registration", false, registrations, 0},
	[O_FILED_TOWN] = {"filed_town", "备案街道|备案镇街|filed_town", "filed_town", false, NULL, 0},
	[O_LEDGER] = {"ledger_community", "台账社区|ledger_community", "ledger_community", false, NULL, 0},
	[O_REGION] = {"region", "所属区域|所在区域|所在社区|region", "region", false, NULL, 0},
	[O_STAGE] = {"incubation_stage", "孵化阶段|incubation_stage", "incubation_stage", false, stages, 0},
	[O_STATUS] = {"status", "状态|status", "status", false, org_statuses, 0},
	[O_CONTACT] = {"contact_name", "联系人|contact_name|contact", "contact_name", false, NULL, 64},
	[O_PHONE] = {"contact_mobile", "联系电话|手机号|contact_mobile|phone", "contact_mobile", false, NULL, 0},
	[O_ADDRESS] = {"address", "地址|address", "address", false, NULL, 200},
	[O_WEBSITE] = {"website", "网址|website", "website", false, NULL, 200},
	[O_EMAIL] = {"email", "邮箱|电子邮箱|email", "email", false, NULL, 200},
	[O_DESC] = {"description", "简介|description", "description", false, NULL, 2000},
	[O_FOUNDED] = {"founded_on", "成立日期|founded_on", "founded_on", false, NULL, 0},
};

enum { T_NAME, T_GENERAL, T_PARENT, T_COMMUNITY, T_LEADER, T_ORG, T_DOMAIN, T_STATUS, T_DESC,
       T__N };
static const struct field_def team_fields[T__N] = {
	[T_NAME] = {"name", "名称|队伍名称|团队名称|name", "name", true, NULL, 64},
	[T_GENERAL] = {"is_general", "是否总队|总队|is_general", "is_general", false, yes_no, 0},
	[T_PARENT] = {"general_team", "所属总队|general_team", "general_team", false, NULL, 64},
	[T_COMMUNITY] = {"community", "社区|村（社区）|所属社区|所属区域|community|region", "community", true, NULL, 0},
	[T_LEADER] = {"leader_id_number", "队长身份证号|负责人身份证号|leader_id_number", "leader_id_number", false, NULL, 0},
	[T_ORG] = {"organisation", "所属组织|组织|organisation", "organisation", false, NULL, 100},
	[T_DOMAIN] = {"domain", "领域|服务领域|domain", "domain", false, domains, 0},
	[T_STATUS] = {"status", "状态|status", "status", false, team_statuses, 0},
	[T_DESC] = {"description", "简介|description", "description", false, NULL, 2000},
};

static const struct field_def *kind_fields(int kind, int *n)
{
	switch (kind) {
	case RIK_PEOPLE: *n = P__N; return people_fields;
	case RIK_ORGS: *n = O__N; return org_fields;
	default: *n = T__N; return team_fields;
	}
}

#define MAXF 20

/* ------------------------------------------------------------ hash sets */

static uint64_t fnv64(const char *s, size_t n, uint64_t h)
{
	if (!h)
		h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb33fe1a85ec3ULL;
	x ^= x >> 33;
	return x;
}

/* In-file keys: key 0 is never used (resident IDs are encoded + 1). */
struct kent {
	uint64_t key;      /* exact key, or a string's hash */
	const char *str;   /* NULL for exact keys */
	long row;          /* first row with this key */
	int64_t val;       /* teams: id written (real import) */
	int flag;          /* teams: is_general */
};

struct kset {
	struct kent *t;
	size_t cap, n;
};

static void kset_free(struct kset *s) { free(s->t); }

static void kset_grow(struct kset *s)
{
	size_t ncap = s->cap ? s->cap * 2 : 1024;
	struct kent *nt = calloc(ncap, sizeof *nt);
	if (!nt)
		abort();
	for (size_t i = 0; i < s->cap; i++) {
		if (!s->t[i].key)
			continue;
		size_t j = mix64(s->t[i].key) & (ncap - 1);
		while (nt[j].key)
			j = (j + 1) & (ncap - 1);
		nt[j] = s->t[i];
	}
	free(s->t);
	s->t = nt;
	s->cap = ncap;
}

/* Find or insert; *found says which. */
static struct kent *kset_put(struct kset *s, uint64_t key, const char *str, size_t slen,
			     struct arena *a, bool *found)
{
	if (!key)
		key = 1;
	if ((s->n + 1) * 2 > s->cap)
		kset_grow(s);
	size_t j = mix64(key) & (s->cap - 1);
	while (s->t[j].key) {
		struct kent *k = &s->t[j];
		if (k->key == key && (!str || (k->str && strlen(k->str) == slen &&
					       memcmp(k->str, str, slen) == 0))) {
			*found = true;
			return k;
		}
		j = (j + 1) & (s->cap - 1);
	}
	struct kent *k = &s->t[j];
	k->key = key;
	k->str = str ? arena_strndup(a, str, slen) : NULL;
	s->n++;
	*found = false;
	return k;
}

static struct kent *kset_get(struct kset *s, uint64_t key, const char *str, size_t slen)
{
	if (!s->cap)
		return NULL;
	if (!key)
		key = 1;
	size_t j = mix64(key) & (s->cap - 1);
	while (s->t[j].key) {
		struct kent *k = &s->t[j];
		if (k->key == key && (!str || (k->str && strlen(k->str) == slen &&
					       memcmp(k->str, str, slen) == 0)))
			return k;
		j = (j + 1) & (s->cap - 1);
	}
	return NULL;
}

/* ------------------------------------------------------------ regions */

enum { LV_DISTRICT, LV_TOWN, LV_COMMUNITY, LV_GRID, LV_BUILDING };

struct rent {
	int64_t id, parent_id;
	int level;
	bool in_scope;
	const char *name;
	const char *path;
	size_t name_len;
};

struct regmap {
	struct rent *r;
	size_t n;
	uint32_t *by_name; /* index + 1; key: name (+ parent for grids and buildings) */
	uint32_t *by_id;
	size_t cap;
};

static uint64_t name_key(const char *s, size_t n, int64_t parent)
{
	return fnv64(s, n, 0) ^ mix64((uint64_t)parent + 0x9e3779b97f4a7c15ULL);
}

static int level_of(const char *s)
{
	static const char *const l[] = {"district", "town", "community", "grid", "building"};
	for (int i = 0; i < 5; i++)
		if (strcmp(l[i], s) == 0)
			return i;
	return -1;
}

static int regmap_load(struct regmap *m, struct db *db, const struct principal *actor,
		       const char *scope_path, struct arena *a, struct err *e)
{
	size_t cap = 0;
	struct stmt *st = db_q(db, e, "SELECT id, coalesce(parent_id,0), level, name, path FROM regions",
			       "");
	if (!st)
		return e->code;
	int rc;
	size_t splen = strlen(scope_path);
	while ((rc = stmt_step(st, e)) == 1) {
		if (m->n == cap) {
			cap = cap ? cap * 2 : 256;
			m->r = xrealloc(m->r, cap * sizeof *m->r);
		}
		struct rent *r = &m->r[m->n++];
		r->id = col_int(st, 0);
		r->parent_id = col_int(st, 1);
		r->level = level_of(col_text(st, 2));
		r->name = arena_strdup(a, col_text(st, 3));
		r->name_len = strlen(r->name);
		r->path = arena_strdup(a, col_text(st, 4));
		r->in_scope = strncmp(r->path, scope_path, splen) == 0 &&
			      (!actor || auth_covers_path(actor, IMPORT_ROLES, r->path));
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	m->cap = 16;
	while (m->cap < m->n * 2 + 2)
		m->cap *= 2;
	m->by_name = calloc(m->cap, sizeof *m->by_name);
	m->by_id = calloc(m->cap, sizeof *m->by_id);
	if (!m->by_name || !m->by_id)
		abort();
	for (size_t i = 0; i < m->n; i++) {
		struct rent *r = &m->r[i];
		int64_t par = r->level >= LV_GRID ? r->parent_id : 0;
		size_t j = name_key(r->name, r->name_len, par) & (m->cap - 1);
		while (m->by_name[j])
			j = (j + 1) & (m->cap - 1);
		m->by_name[j] = (uint32_t)i + 1;
		j = mix64((uint64_t)r->id) & (m->cap - 1);
		while (m->by_id[j])
			j = (j + 1) & (m->cap - 1);
		m->by_id[j] = (uint32_t)i + 1;
	}
	return 0;
}

static void regmap_free(struct regmap *m)
{
	free(m->r);
	free(m->by_name);
	free(m->by_id);
}

static const struct rent *regmap_id(const struct regmap *m, int64_t id)
{
	if (!m->cap)
		return NULL;
	size_t j = mix64((uint64_t)id) & (m->cap - 1);
	while (m->by_id[j]) {
		const struct rent *r = &m->r[m->by_id[j] - 1];
		if (r->id == id)
			return r;
		j = (j + 1) & (m->cap - 1);
	}
	return NULL;
}

enum { RES_OK, RES_UNKNOWN, RES_OUT_OF_SCOPE, RES_AMBIGUOUS, RES_WRONG_LEVEL };

/* Resolve a name (or a numeric id) to a region of one of the levels in
 * levels_mask; parent (grids) restricts to children of that region. */
static int regmap_find(const struct regmap *m, const char *s, size_t n, unsigned levels_mask,
		       int64_t parent, const struct rent **out)
{
	*out = NULL;
	bool numeric = n > 0 && n < 19;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			numeric = false;
	if (numeric) {
		int64_t id = 0;
		for (size_t i = 0; i < n; i++)
			id = id * 10 + (s[i] - '0');
		const struct rent *r = regmap_id(m, id);
		if (!r || (parent && r->parent_id != parent))
			return RES_UNKNOWN;
		if (!(levels_mask & (1u << r->level)))
			return RES_WRONG_LEVEL;
		*out = r;
		return r->in_scope ? RES_OK : RES_OUT_OF_SCOPE;
	}
	const struct rent *hit = NULL, *other = NULL, *wrong = NULL;
	int hits = 0;
	for (int pass = 0; pass < 2; pass++) {
		/* Towns/communities are keyed by name alone, grids by parent too. */
		int64_t par = pass == 0 ? 0 : parent;
		if (pass == 1 && !parent)
			break;
		size_t j = name_key(s, n, par) & (m->cap - 1);
		while (m->cap && m->by_name[j]) {
			const struct rent *r = &m->r[m->by_name[j] - 1];
			j = (j + 1) & (m->cap - 1);
			if (r->name_len != n || memcmp(r->name, s, n) != 0)
				continue;
			if ((r->level >= LV_GRID ? r->parent_id : 0) != par)
				continue;
			if (parent && r->parent_id != parent)
				continue;
			if (!(levels_mask & (1u << r->level))) {
				wrong = r;
				continue;
			}
			if (r->in_scope) {
				if (!hit)
					hit = r;
				hits++;
			} else {
				other = r;
			}
		}
	}
	if (hits > 1)
		return RES_AMBIGUOUS;
	if (hit) {
		*out = hit;
		return RES_OK;
	}
	if (other) {
		*out = other;
		return RES_OUT_OF_SCOPE;
	}
	if (wrong) {
		*out = wrong;
		return RES_WRONG_LEVEL;
	}
	return RES_UNKNOWN;
}

/* ------------------------------------------------------------ progress */

#define PROG_SLOTS 64
#define PROG_TTL_US (3600LL * 1000000)

struct prog {
	bool used;
	int64_t user_id;
	char key[65];
	int kind;
	bool dry_run;
	const char *state; /* counting, checking (dry run), importing, indexing (bulk load), done, failed */
	long processed, total, errors;
	int64_t started, updated;
};

static pthread_mutex_t prog_mu = PTHREAD_MUTEX_INITIALIZER;
static struct prog progs[PROG_SLOTS];

bool registry_import_upload_id_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* Caller holds prog_mu. */
static struct prog *prog_find(int64_t user_id, const char *key)
{
	for (int i = 0; i < PROG_SLOTS; i++)
		if (progs[i].used && progs[i].user_id == user_id && strcmp(progs[i].key, key) == 0)
			return &progs[i];
	return NULL;
}

static int prog_begin(const struct registry_import_opts *o)
{
	if (!o->upload_id)
		return -1;
	int64_t now = wtime_mono();
	pthread_mutex_lock(&prog_mu);
	struct prog *p = prog_find(o->progress_user_id, o->upload_id);
	if (!p) {
		/* A free or expired slot, else the least recently updated finished one. */
		struct prog *best = NULL;
		for (int i = 0; i < PROG_SLOTS; i++) {
			struct prog *q = &progs[i];
			if (!q->used || now - q->updated > PROG_TTL_US) {
				best = q;
				break;
			}
			bool fin = strcmp(q->state, "done") == 0 || strcmp(q->state, "failed") == 0;
			if (fin && (!best || q->updated < best->updated))
				best = q;
		}
		p = best;
	}
	int slot = -1;
	if (p) {
		memset(p, 0, sizeof *p);
		p->used = true;
		p->user_id = o->progress_user_id;
		snprintf(p->key, sizeof p->key, "%s", o->upload_id);
		p->kind = o->kind;
		p->dry_run = o->dry_run;
		p->state = "counting";
		p->started = p->updated = now;
		slot = (int)(p - progs);
	}
	pthread_mutex_unlock(&prog_mu);
	return slot;
}

static void prog_set(int slot, const char *state, long processed, long total, long errors)
{
	if (slot < 0)
		return;
	pthread_mutex_lock(&prog_mu);
	struct prog *p = &progs[slot];
	if (state)
		p->state = state;
	p->processed = processed;
	if (total >= 0)
		p->total = total;
	p->errors = errors;
	p->updated = wtime_mono();
	pthread_mutex_unlock(&prog_mu);
}

int registry_import_progress_json(int64_t user_id, const char *upload_id, struct jw *w, struct err *e)
{
	pthread_mutex_lock(&prog_mu);
	struct prog *p = registry_import_upload_id_valid(upload_id) ? prog_find(user_id, upload_id) : NULL;
	if (!p || wtime_mono() - p->updated > PROG_TTL_US) {
		pthread_mutex_unlock(&prog_mu);
		return err_set(e, ERR_NOT_FOUND, "upload_id", "没有该上传编号的导入进度",
			       "no import progress for this upload id");
	}
	struct prog c = *p;
	pthread_mutex_unlock(&prog_mu);
	jw_obj(w);
	jw_kstr(w, "upload_id", c.key);
	jw_kstr(w, "kind", registry_import_kind_ids[c.kind]);
	jw_kbool(w, "dry_run", c.dry_run);
	jw_kstr(w, "state", c.state);
	jw_kint(w, "processed", c.processed);
	jw_kint(w, "total", c.total);
	jw_kint(w, "errors", c.errors);
	jw_kint(w, "percent", c.total > 0 ? c.processed * 100 / c.total : 0);
	jw_kint(w, "elapsed_ms", (c.updated - c.started) / 1000);
	jw_obj_end(w);
	return 0;
}

/* ------------------------------------------------------------ the run */

struct cell {
	const char *s;
	size_t len;
};

struct imp_ctx {
	struct db *db;
	const struct principal *actor;
	const struct registry_import_opts *o;
	struct registry_import_result *res;
	struct err *e;
	const struct field_def *defs;
	int nfields;
	int colof[MAXF];          /* field → 0-based column, -1 absent */
	const char **header;      /* column texts */
	int ncols;
	struct regmap rm;
	struct kset keys;
	const struct tab_record *rec;
	long row_errs;            /* errors in the current row */
	int64_t job_id;
	int64_t merged_min, merged_max;
	int64_t scope_id;
	const char *scope_path;
	int64_t max_before;       /* people: largest id before the import */
	bool dry;                 /* this pass writes nothing (the check pass, or a dry run) */
	bool chunked;             /* write pass in short transactions with an undo journal */
	int64_t chunk_t0;         /* when the open chunk's transaction began */
	struct seen { int64_t id, region; } *seen; /* people, real import: the person each data */
	size_t nseen, capseen;    /*   row merges into, as the check pass found it (0: creates) */
	long *new_rows;           /* people, real import: row of each created id */
	size_t n_new, cap_new;    /*   (id - max_before - 1 indexes it) */
};

static size_t utf8_len(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

static struct cell get(const struct imp_ctx *c, int f)
{
	struct cell v = {"", 0};
	int col = c->colof[f];
	if (col < 0 || col >= c->rec->nfields)
		return v;
	const char *s = c->rec->fields[col].s;
	size_t n = c->rec->fields[col].len;
	/* trim ASCII white space and U+3000 (ideographic space) */
	for (;;) {
		if (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
			s++, n--;
		} else if (n >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0) {
			s += 3, n -= 3;
		} else {
			break;
		}
	}
	for (;;) {
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
			n--;
		else if (n >= 3 && memcmp(s + n - 3, "\xe3\x80\x80", 3) == 0)
			n -= 3;
		else
			break;
	}
	v.s = s;
	v.len = n;
	return v;
}

static const char *column_name(const struct imp_ctx *c, int f)
{
	int col = c->colof[f];
	if (col >= 0 && col < c->ncols)
		return c->header[col];
	const char *a = c->defs[f].aliases;
	const char *bar = strchr(a, '|');
	return arena_strndup(&c->res->arena, a, bar ? (size_t)(bar - a) : strlen(a));
}

static void push_error(struct registry_import_result *res, long row, const char *column,
		       const char *field, const char *zh, const char *en)
{
	if (res->nerrors == res->caperrors) {
		res->caperrors = res->caperrors ? res->caperrors * 2 : 64;
		res->errors = xrealloc(res->errors, (size_t)res->caperrors * sizeof *res->errors);
	}
	struct registry_import_error *x = &res->errors[res->nerrors++];
	x->row = row;
	x->column = column ? column : "";
	x->field = field ? field : "";
	x->message = zh;
	x->message_en = en;
}

/* One error of the current row on field f (f < 0: the whole row). The
 * messages are copied (they may be formatted into a temporary buffer). */
static void row_err(struct imp_ctx *c, int f, const char *zh, const char *en)
{
	struct arena *a = &c->res->arena;
	if (c->row_errs++ == 0)
		c->res->error_rows++;
	push_error(c->res, c->rec->row, f >= 0 ? column_name(c, f) : "",
		   f >= 0 ? c->defs[f].id : "", arena_strdup(a, zh), arena_strdup(a, en));
}

__attribute__((format(printf, 3, 5), format(printf, 4, 5)))
static void row_errf(struct imp_ctx *c, int f, const char *zh, const char *en, ...)
{
	char bz[512], be[512];
	va_list ap;
	va_start(ap, en);
	vsnprintf(bz, sizeof bz, zh, ap);
	va_end(ap);
	va_start(ap, en);
	vsnprintf(be, sizeof be, en, ap);
	va_end(ap);
	row_err(c, f, bz, be);
}

/* Cell text shown inside a message: at most 40 characters. */
static const char *shown(struct imp_ctx *c, struct cell v)
{
	size_t n = v.len, chars = 0, i = 0;
	while (i < n && chars < 40) {
		i++;
		while (i < n && ((unsigned char)v.s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	return arena_strndup(&c->res->arena, v.s, i);
}

static bool ascii_ieq(const char *a, size_t an, const char *b)
{
	size_t bn = strlen(b);
	return an == bn && strncasecmp(a, b, an) == 0;
}

/* Enumerated cell → stored value; NULL when empty; error when unknown. */
static const char *choice_of(struct imp_ctx *c, int f, bool *bad)
{
	struct cell v = get(c, f);
	*bad = false;
	if (!v.len)
		return NULL;
	for (const struct choice *ch = c->defs[f].choices; ch->text; ch++)
		if (ascii_ieq(v.s, v.len, ch->text))
			return ch->value;
	struct sb zh = SB_INIT, en = SB_INIT;
	for (const struct choice *ch = c->defs[f].choices; ch->text; ch++) {
		if ((unsigned char)ch->text[0] >= 0x80) {
			if (zh.len)
				sb_adds(&zh, "、");
			sb_adds(&zh, ch->text);
		} else if (strlen(ch->text) > 1) {
			if (en.len)
				sb_adds(&en, ", ");
			sb_adds(&en, ch->text);
		}
	}
	const char *sv = shown(c, v);
	char bz[1024], be[1024];
	snprintf(bz, sizeof bz, "「%s」不是有效的取值，应为：%s", sv, zh.len ? sb_str(&zh) : sb_str(&en));
	snprintf(be, sizeof be, "\"%s\" is not a valid value; use one of: %s", sv,
		 en.len ? sb_str(&en) : sb_str(&zh));
	row_err(c, f, bz, be);
	sb_free(&zh);
	sb_free(&en);
	*bad = true;
	return NULL;
}

/* Yes/no flag: 1, 0, or -1 for empty. */
static int flag_of(struct imp_ctx *c, int f)
{
	bool bad;
	const char *v = choice_of(c, f, &bad);
	return v ? v[0] == '1' : -1;
}

/* Text within its length; NULL pointer for empty. */
static struct cell text_of(struct imp_ctx *c, int f)
{
	struct cell v = get(c, f);
	if (!v.len) {
		v.s = NULL;
		return v;
	}
	int max = c->defs[f].max_chars;
	if (max && utf8_len(v.s, v.len) > (size_t)max)
		row_errf(c, f, "内容过长（最多 %d 个字）", "too long (at most %d characters)", max);
	return v;
}

static bool required_present(struct imp_ctx *c, int f)
{
	if (get(c, f).len)
		return true;
	char bz[256], be[256];
	snprintf(bz, sizeof bz, "「%s」不能为空", column_name(c, f));
	snprintf(be, sizeof be, "%s is required", c->defs[f].label_en);
	row_err(c, f, bz, be);
	return false;
}

static int dnum(const char *s, size_t n, int *out)
{
	int v = 0;
	if (!n || n > 4)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Date cell → "YYYY-MM-DD": accepts 2024-03-05, 2024/3/5, 2024.3.5,
 * 20240305 and 2024年3月5日. A real date, 1900 or later, not after today. */
static bool date_of(struct imp_ctx *c, int f, char out[16])
{
	struct cell v = get(c, f);
	int y = -1, m = -1, d = -1;
	const char *s = v.s;
	size_t n = v.len;
	if (n == 8 && !dnum(s, 4, &y) && !dnum(s + 4, 2, &m) && !dnum(s + 6, 2, &d)) {
		/* 20240305 */
	} else {
		/* split on - / . 年 月 日 */
		int parts[3], np = 0;
		size_t i = 0;
		while (i < n && np < 3) {
			size_t j = i;
			while (j < n && s[j] >= '0' && s[j] <= '9')
				j++;
			if (dnum(s + i, j - i, &parts[np]))
				break;
			np++;
			if (j < n && (s[j] == '-' || s[j] == '/' || s[j] == '.'))
				j++;
			else if (j + 3 <= n && (memcmp(s + j, "年", 3) == 0 || memcmp(s + j, "月", 3) == 0 ||
						memcmp(s + j, "日", 3) == 0))
				j += 3;
			else if (j < n)
				break;
			i = j;
		}
		if (np == 3 && i >= n) {
			y = parts[0];
			m = parts[1];
			d = parts[2];
		}
	}
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = y > 0 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
	if (y < 1000 || m < 1 || m > 12 || d < 1 || d > (m == 2 && leap ? 29 : dim[m - 1])) {
		row_errf(c, f, "「%s」不是有效日期，请写成 2024-03-05", "\"%s\" is not a valid date; write it as 2024-03-05",
			 shown(c, v));
		return false;
	}
	snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
	char today[16];
	wtime_format_date(c->o->now, today, sizeof today);
	if (y < 1900 || strcmp(out, today) > 0) {
		row_errf(c, f, "日期 %s 不在 1900 年至今天之间", "the date %s is not between 1900 and today", out);
		return false;
	}
	return true;
}

static void region_err(struct imp_ctx *c, int f, int res, struct cell v, const char *what_zh,
		       const char *what_en)
{
	const char *s = shown(c, v);
	char bz[512], be[512];
	switch (res) {
	case RES_UNKNOWN:
		snprintf(bz, sizeof bz, "找不到名为「%s」的%s", s, what_zh);
		snprintf(be, sizeof be, "no %s named \"%s\"", what_en, s);
		break;
	case RES_OUT_OF_SCOPE:
		snprintf(bz, sizeof bz, "「%s」不在您的管辖范围内，不能导入", s);
		snprintf(be, sizeof be, "\"%s\" is outside your area and cannot be imported into", s);
		break;
	case RES_AMBIGUOUS:
		snprintf(bz, sizeof bz, "辖区内有多个名为「%s」的%s，请改填区域编号", s, what_zh);
		snprintf(be, sizeof be, "several %ss in your area are named \"%s\"; give the region id instead",
			 what_en, s);
		break;
	default:
		snprintf(bz, sizeof bz, "「%s」不是%s", s, what_zh);
		snprintf(be, sizeof be, "\"%s\" is not a %s", s, what_en);
	}
	row_err(c, f, bz, be);
}

/* ---- people ---- */

/* The columns a merge may change: the undo journal keeps them (schema
 * 016_import_undo.sql). */
#define UNDO_COLS                                                                              \
	"region_id, name, gender, birth_date, mobile, household, address, is_community_worker,"  \
	" is_social_worker, sw_level, is_volunteer, is_building_leader, is_party_member, status," \
	" note, import_job_id, version, updated_at"

/* The spreadsheet row that created person id in this import. */
static long created_row(const struct imp_ctx *c, int64_t id)
{
	int64_t i = id - c->max_before - 1;
	return i >= 0 && (size_t)i < c->n_new ? c->new_rows[i] : 0;
}

/* A record this import merged into: the job's range of merged ids. */
static void note_merged(struct imp_ctx *c, int64_t id)
{
	if (!c->merged_min || id < c->merged_min)
		c->merged_min = id;
	if (id > c->merged_max)
		c->merged_max = id;
}

/* A record this import created: the job's range of created ids (0). */
static int note_created(struct imp_ctx *c, int64_t id)
{
	if (!c->res->first_created_id)
		c->res->first_created_id = id;
	c->res->last_created_id = id;
	return 0;
}

/* The end of a row: a conflict or a rule the store refused is the row's
 * error, not the import's. */
static int row_end(struct imp_ctx *c, int rc)
{
	if (rc == ERR_CONFLICT || rc == ERR_RULE) {
		row_err(c, -1, c->e->message, c->e->message_en);
		rc = 0;
	}
	return rc;
}

/* The stored record a row names: id and region of the first row `sql`
 * finds by the one text key (both untouched when none): 1 found, 0 none,
 * negative on a store error. */
static int stored_id_region(struct imp_ctx *c, const char *sql, const char *key, int64_t *id,
			    int64_t *region)
{
	struct stmt *st = NULL;
	int rc = db_row(c->db, c->e, &st, sql, "s", key);
	if (rc == 1) {
		*id = col_int(st, 0);
		*region = col_int(st, 1);
		stmt_done(st);
	}
	return rc;
}

/* A checked row (org, team) counts as merged into `existing` or created;
 * true when it is to be written now: the write pass, with no error so far. */
static bool row_counted(struct imp_ctx *c, int64_t existing)
{
	if (existing)
		c->res->merged++;
	else
		c->res->created++;
	return !c->dry && !c->res->nerrors;
}

/* While writing: does this ID repeat an earlier row of the file — one that
 * merged it (in-file set) or created it (in the table above max_before)?
 * Reports it and returns 1; 0 when it does not; negative on a store error. */
static int repeats_live(struct imp_ctx *c, uint64_t key, const char *number)
{
	long row = 0;
	struct kent *k = kset_get(&c->keys, key, NULL, 0);
	if (k) {
		row = k->row;
	} else {
		int64_t existing = 0;
		int rc = db_int(c->db, c->e, &existing, "SELECT id FROM people WHERE id_number=?", "s",
				number);
		if (rc < 0)
			return rc;
		if (rc == 1 && existing > c->max_before)
			row = created_row(c, existing);
	}
	if (!row)
		return 0;
	row_errf(c, P_ID, "身份证号与第 %ld 行重复", "the ID number repeats row %ld", row);
	return 1;
}

static int row_people(struct imp_ctx *c)
{
	struct err *e = c->e;
	bool bad;
	struct cell name = text_of(c, P_NAME);
	required_present(c, P_NAME);
	struct pii_id id;
	bool has_id = false;
	struct cell idc = get(c, P_ID);
	struct err fe = {0};
	if (idc.len) {
		if (pii_id_parse(idc.s, idc.len, c->o->now, &id, &fe) == 0)
			has_id = true;
		else if (memchr(idc.s, 'E', idc.len) && memchr(idc.s, '+', idc.len))
			row_err(c, P_ID, "身份证号被表格软件存成了数字（科学计数法），请把该列设为文本后重新填写",
				"the ID number was stored as a number (scientific notation); format the column as text and enter it again");
		else
			row_err(c, P_ID, fe.message, fe.message_en);
	}
	char mobile[12] = "";
	struct cell mc = get(c, P_MOBILE);
	if (mc.len && pii_mobile_normalize(mc.s, mc.len, mobile, &fe))
		row_err(c, P_MOBILE, fe.message, fe.message_en);
	const char *gender = choice_of(c, P_GENDER, &bad);
	if (gender && has_id && strcmp(gender, id.male ? "male" : "female") != 0)
		row_err(c, P_GENDER, id.male ? "性别与身份证号不符（身份证号显示为男）" : "性别与身份证号不符（身份证号显示为女）",
			id.male ? "the gender does not match the ID number (which says male)"
				: "the gender does not match the ID number (which says female)");
	if (has_id && !gender)
		gender = id.male ? "male" : "female";
	char birth[16] = "", idbirth[16] = "";
	if (has_id)
		snprintf(idbirth, sizeof idbirth, "%04d-%02d-%02d", id.year, id.month, id.day);
	if (get(c, P_BIRTH).len) {
		if (date_of(c, P_BIRTH, birth) && has_id && strcmp(birth, idbirth) != 0)
			row_errf(c, P_BIRTH, "出生日期与身份证号不符（身份证号显示为 %s）",
				 "the birth date does not match the ID number (which says %s)", idbirth);
	} else if (has_id) {
		memcpy(birth, idbirth, sizeof birth);
	}
	const char *household = choice_of(c, P_HOUSEHOLD, &bad);
	const char *sw_level = choice_of(c, P_SWLEVEL, &bad);
	const char *status = choice_of(c, P_STATUS, &bad);
	int party = flag_of(c, P_PARTY), vol = flag_of(c, P_VOLUNTEER), cw = flag_of(c, P_CWORKER),
	    bl = flag_of(c, P_BLEADER);
	struct cell address = text_of(c, P_ADDRESS), note = text_of(c, P_NOTE);

	const struct rent *community = NULL, *grid = NULL;
	struct cell cc = get(c, P_COMMUNITY);
	if (required_present(c, P_COMMUNITY)) {
		int r = regmap_find(&c->rm, cc.s, cc.len, 1u << LV_COMMUNITY, 0, &community);
		if (r != RES_OK) {
			region_err(c, P_COMMUNITY, r, cc, "村（社区）", "community");
			community = NULL;
		}
	}
	struct cell gc = get(c, P_GRID);
	if (gc.len && community) {
		int r = regmap_find(&c->rm, gc.s, gc.len, 1u << LV_GRID, community->id, &grid);
		if (r != RES_OK) {
			if (r == RES_UNKNOWN)
				row_errf(c, P_GRID, "「%s」下没有名为「%s」的网格", "%s has no grid named \"%s\"",
					 community->name, shown(c, gc));
			else
				region_err(c, P_GRID, r, gc, "网格", "grid");
			grid = NULL;
		}
	}
	/* Duplicates inside the file: the later row is the one reported. While
	 * a real import is writing (no bad row yet), the table itself finds
	 * them: an ID this import created conflicts, and new_rows names the
	 * row that created it; only the IDs that merged an existing person go
	 * into the in-file set. A dry run, or a real import once a row was
	 * bad, keeps every ID in the set (the rows written before remain
	 * findable in the table). */
	bool live = !c->dry && c->res->nerrors == c->row_errs;
	uint64_t key = 1;
	int rc;
	if (has_id) {
		for (int i = 0; i < 17; i++)
			key = key * 10 + (uint64_t)(id.number[i] - '0');
		key = key * 11 + (uint64_t)(id.number[17] == 'X' ? 10 : id.number[17] - '0');
		if (!c->dry && !live && (rc = repeats_live(c, key, id.number)) != 0) {
			if (rc < 0)
				return rc;
		} else if (!live) {
			bool found;
			struct kent *k = kset_put(&c->keys, key, NULL, 0, &c->res->arena, &found);
			if (found)
				row_errf(c, P_ID, "身份证号与第 %ld 行重复", "the ID number repeats row %ld", k->row);
			else
				k->row = c->rec->row;
		} else if (c->row_errs && (rc = repeats_live(c, key, id.number)) != 0) {
			return rc < 0 ? rc : 0;
		}
	}
	if (c->row_errs)
		return 0;
	/* Real import: insert first — a new resident ID (the common case) then
	 * costs no lookup; ON CONFLICT leaves an existing person to the merge
	 * below. Dry run, or a conflict: look the ID up. */
	bool writing = !c->dry && !c->res->nerrors;
	bool sw = sw_level != NULL;
	int64_t region = grid ? grid->id : community->id;
	int64_t existing = 0, existing_region = 0;
	/* The write pass of a row the check pass found to merge: no insert
	 * attempt, no lookup — the UPDATE below checks that the person is
	 * still the one it found. */
	size_t ri = (size_t)c->res->rows;
	bool known = writing && has_id && ri < c->nseen && c->seen[ri].id;
	if (writing && !known) {
		/* No RETURNING: it costs an ephemeral table per row; the ids of the
		 * new rows are read once at the end (job_finish). */
		rc = db_exec(
			c->db, e,
			"INSERT INTO people(region_id, name, gender, birth_date, id_number, mobile, household,"
			" address, is_community_worker, is_social_worker, sw_level, is_volunteer,"
			" is_building_leader, is_party_member, status, note, import_job_id, created_at,"
			" updated_at) VALUES(?,?,?,?,?,?,coalesce(?,'registered'),?,?,?,?,?,?,?,"
			"coalesce(?,'active'),?,?,?,?) ON CONFLICT(id_number) DO NOTHING",
			"itssssstbbsbbbstiii", region, name.s, name.len, gender, birth[0] ? birth : NULL,
			has_id ? id.number : NULL, mobile[0] ? mobile : NULL, household, address.s,
			address.len, cw == 1, sw, sw_level, vol == 1, bl == 1, party == 1, status, note.s,
			note.len, c->job_id, c->o->now, c->o->now);
		if (rc)
			goto failed;
		if (db_changes(c->db) == 1) {
			c->res->created++;
			if (c->n_new == c->cap_new) {
				c->cap_new = c->cap_new ? c->cap_new * 2 : 4096;
				c->new_rows = xrealloc(c->new_rows, c->cap_new * sizeof *c->new_rows);
			}
			c->new_rows[c->n_new++] = c->rec->row;
			return 0;
		}
		/* The ID exists: created earlier in this file, or merged already? */
		if (has_id && (rc = repeats_live(c, key, id.number)) != 0)
			return rc < 0 ? rc : 0;
	}
	/* An existing person with this ID merges; one outside the area cannot. */
	if (known) {
		existing = c->seen[ri].id;
		existing_region = c->seen[ri].region;
		const struct rent *er = regmap_id(&c->rm, existing_region);
		if (!grid && er && strncmp(er->path, community->path, strlen(community->path)) == 0)
			region = existing_region;
	} else if (has_id) {
		rc = stored_id_region(c, "SELECT id, region_id FROM people WHERE id_number=?", id.number,
				      &existing, &existing_region);
		if (rc < 0)
			return rc;
		if (existing > c->max_before && !c->dry) {
			/* (a real import past its first bad row) */
			row_errf(c, P_ID, "身份证号与第 %ld 行重复", "the ID number repeats row %ld",
				 created_row(c, existing));
			return 0;
		}
		const struct rent *er = existing ? regmap_id(&c->rm, existing_region) : NULL;
		if (existing && (!er || !er->in_scope)) {
			row_err(c, P_ID, "该身份证号的人员已登记在您辖区以外的区域，请联系区级管理员处理",
				"a person with this ID number is registered outside your area; ask the district administrator");
			return 0;
		}
		/* Keep a finer region (grid, building) inside the same community. */
		if (existing && !grid && er &&
		    strncmp(er->path, community->path, strlen(community->path)) == 0)
			region = existing_region;
		if (c->dry && !c->o->dry_run) {
			/* the check pass of a real import: remember it for the write pass */
			if (ri >= c->capseen) {
				c->capseen = c->capseen ? c->capseen * 2 : 4096;
				while (c->capseen <= ri)
					c->capseen *= 2;
				c->seen = xrealloc(c->seen, c->capseen * sizeof *c->seen);
			}
			while (c->nseen <= ri)
				c->seen[c->nseen++] = (struct seen){0, 0};
			c->seen[ri] = (struct seen){existing, existing_region};
		}
	}
	if (!existing) {
		/* dry run (a real import returned above) */
		c->res->created++;
		return 0;
	}
	c->res->merged++;
	if (!writing)
		return 0;
	if (has_id && !known) {
		bool found;
		kset_put(&c->keys, key, NULL, 0, &c->res->arena, &found)->row = c->rec->row;
	}
	/* Chunked: keep the row as it was, so a failed or cancelled import
	 * (or the next start after a crash) can put it back. */
	if (c->chunked &&
	    (rc = db_exec(c->db, e,
			  "INSERT INTO import_undo_people(job_id, person_id, " UNDO_COLS ")"
			  " SELECT ?, id, " UNDO_COLS " FROM people WHERE id=?",
			  "ii", c->job_id, existing)))
		return rc;
	rc = db_exec(c->db, e,
		     "UPDATE people SET region_id=?, name=?, gender=coalesce(?,gender),"
		     " birth_date=coalesce(?,birth_date), mobile=coalesce(?,mobile),"
		     " household=coalesce(?,household), address=coalesce(?,address),"
		     " is_community_worker=CASE WHEN ?=1 THEN 1 ELSE is_community_worker END,"
		     " is_social_worker=CASE WHEN ?=1 THEN 1 ELSE is_social_worker END,"
		     " sw_level=coalesce(?,sw_level),"
		     " is_volunteer=CASE WHEN ?=1 THEN 1 ELSE is_volunteer END,"
		     " is_building_leader=CASE WHEN ?=1 THEN 1 ELSE is_building_leader END,"
		     " is_party_member=CASE WHEN ?=1 THEN 1 ELSE is_party_member END,"
		     " status=coalesce(?,status), note=coalesce(?,note), import_job_id=?,"
		     " version=version+1, updated_at=? WHERE id=? AND region_id=? AND id_number=?",
		     "itsssstbbsbbbstiiiis", region, name.s, name.len, gender, birth[0] ? birth : NULL,
		     mobile[0] ? mobile : NULL, household, address.s, address.len, cw == 1, sw,
		     sw_level, vol == 1, bl == 1, party == 1, status, note.s, note.len, c->job_id,
		     c->o->now, existing, existing_region, id.number);
	if (!rc && db_changes(c->db) != 1) {
		/* another writer moved, deleted or renumbered this person between
		 * the check and this chunk: the import is refused and taken back */
		row_err(c, P_ID, "该身份证号的人员在导入期间被修改，请重新导入",
			"the person with this ID number changed during the import; import the file again");
		return 0;
	}
	if (!rc)
		note_merged(c, existing);
failed:
	return row_end(c, rc);
}

/* ---- organisations ---- */

static int row_org(struct imp_ctx *c)
{
	struct err *e = c->e;
	struct err fe = {0};
	bool bad;
	struct cell name = text_of(c, O_NAME);
	required_present(c, O_NAME);
	char credit[19] = "";
	struct cell cc = get(c, O_CREDIT);
	if (cc.len && pii_credit_code_normalize(cc.s, cc.len, credit, &fe)) {
		row_err(c, O_CREDIT, fe.message, fe.message_en);
		credit[0] = 0;
	}
	const char *type = NULL;
	if (required_present(c, O_TYPE))
		type = choice_of(c, O_TYPE, &bad);
	const char *domain = choice_of(c, O_DOMAIN, &bad);
	const char *registration = choice_of(c, O_REGISTRATION, &bad);
	const char *stage = choice_of(c, O_STAGE, &bad);
	const char *status = choice_of(c, O_STATUS, &bad);
	if ((!registration || strcmp(registration, "registered") == 0) && !cc.len)
		row_err(c, O_CREDIT, "已登记的组织须填写统一社会信用代码（仅备案的可不填）",
			"a registered organisation needs its unified social credit code (only filed ones may leave it empty)");
	char phone[12] = "";
	struct cell pc = get(c, O_PHONE);
	if (pc.len && pii_mobile_normalize(pc.s, pc.len, phone, &fe))
		row_err(c, O_PHONE, fe.message, fe.message_en);
	struct cell contact = text_of(c, O_CONTACT), address = text_of(c, O_ADDRESS),
		    website = text_of(c, O_WEBSITE), email = text_of(c, O_EMAIL),
		    desc = text_of(c, O_DESC);
	if (email.s && (!memchr(email.s, '@', email.len) || memchr(email.s, ' ', email.len)))
		row_errf(c, O_EMAIL, "「%s」不是有效的电子邮箱", "\"%s\" is not a valid e-mail address",
			 shown(c, email));
	char founded[16] = "";
	if (get(c, O_FOUNDED).len && !date_of(c, O_FOUNDED, founded))
		founded[0] = 0;
	const struct rent *town = NULL, *ledger = NULL, *region = NULL;
	struct cell v = get(c, O_FILED_TOWN);
	int r;
	if (v.len && (r = regmap_find(&c->rm, v.s, v.len, 1u << LV_TOWN, 0, &town)) != RES_OK) {
		region_err(c, O_FILED_TOWN, r, v, "镇（街道）", "town");
		town = NULL;
	}
	v = get(c, O_LEDGER);
	if (v.len && (r = regmap_find(&c->rm, v.s, v.len, 1u << LV_COMMUNITY, 0, &ledger)) != RES_OK) {
		region_err(c, O_LEDGER, r, v, "村（社区）", "community");
		ledger = NULL;
	}
	v = get(c, O_REGION);
	if (v.len &&
	    (r = regmap_find(&c->rm, v.s, v.len,
			     (1u << LV_DISTRICT) | (1u << LV_TOWN) | (1u << LV_COMMUNITY), 0,
			     &region)) != RES_OK) {
		region_err(c, O_REGION, r, v, "区域", "region");
		region = NULL;
	}
	bool no_region = false;
	if (!v.len) {
		region = ledger ? ledger : town;
		no_region = !region && !get(c, O_LEDGER).len && !get(c, O_FILED_TOWN).len;
	}
	if (credit[0]) {
		bool found;
		struct kent *k = kset_put(&c->keys, fnv64(credit, 18, 0), credit, 18, &c->res->arena,
					  &found);
		if (found)
			row_errf(c, O_CREDIT, "统一社会信用代码与第 %ld 行重复", "the credit code repeats row %ld",
				 k->row);
		else
			k->row = c->rec->row;
	}
	int64_t existing = 0;
	if (credit[0] && !c->row_errs) {
		int64_t ereg = 0;
		int rc = stored_id_region(c, "SELECT id, region_id FROM organisations WHERE credit_code=?",
					  credit, &existing, &ereg);
		if (rc < 0)
			return rc;
		const struct rent *er = existing ? regmap_id(&c->rm, ereg) : NULL;
		if (existing && (!er || !er->in_scope))
			row_err(c, O_CREDIT, "该信用代码的组织已登记在您辖区以外的区域，请联系区级管理员处理",
				"an organisation with this credit code is registered outside your area; ask the district administrator");
	}
	/* A new organisation needs a region; a merge keeps the stored one. */
	if (no_region && !existing)
		row_err(c, O_REGION, "请填写所属区域（或台账社区、备案街道）",
			"give the region (or the ledger community or the filing town)");
	if (c->row_errs || !row_counted(c, existing))
		return 0;
	int rc;
	if (existing) {
		rc = db_exec(c->db, e,
			     "UPDATE organisations SET region_id=coalesce(NULLIF(?,0),region_id), name=?,"
			     " org_type=?, domain=coalesce(?,domain), registration=coalesce(?,registration),"
			     " filed_town_id=coalesce(NULLIF(?,0),filed_town_id),"
			     " ledger_community_id=coalesce(NULLIF(?,0),ledger_community_id),"
			     " incubation_stage=coalesce(?,incubation_stage), status=coalesce(?,status),"
			     " contact_name=coalesce(?,contact_name), contact_mobile=coalesce(?,contact_mobile),"
			     " address=coalesce(?,address), website=coalesce(?,website),"
			     " email=coalesce(?,email), description=coalesce(?,description),"
			     " founded_on=coalesce(?,founded_on), import_job_id=?, version=version+1,"
			     " updated_at=? WHERE id=?",
			     "itsssiisststtttsiii", region ? region->id : 0, name.s, name.len, type, domain,
			     registration, town ? town->id : 0, ledger ? ledger->id : 0, stage, status,
			     contact.s, contact.len, phone[0] ? phone : NULL, address.s, address.len,
			     website.s, website.len, email.s, email.len, desc.s, desc.len,
			     founded[0] ? founded : NULL, c->job_id, c->o->now, existing);
		if (!rc)
			note_merged(c, existing);
	} else {
		int64_t nid = 0;
		rc = db_int(
			c->db, e, &nid,
			"INSERT INTO organisations(region_id, name, credit_code, org_type, domain,"
			" registration, filed_town_id, ledger_community_id, incubation_stage, status,"
			" contact_name, contact_mobile, address, website, email, description, founded_on,"
			" import_job_id, created_at, updated_at) VALUES(?,?,?,?,coalesce(?,'other'),"
			"coalesce(?,'registered'),NULLIF(?,0),NULLIF(?,0),?,coalesce(?,'active'),?,?,?,?,?,?,?,"
			"?,?,?) RETURNING id",
			"itssssiisststtttsiii", region->id, name.s, name.len, credit[0] ? credit : NULL,
			type, domain, registration, town ? town->id : 0, ledger ? ledger->id : 0, stage,
			status, contact.s, contact.len, phone[0] ? phone : NULL, address.s, address.len,
			website.s, website.len, email.s, email.len, desc.s, desc.len,
			founded[0] ? founded : NULL, c->job_id, c->o->now, c->o->now);
		if (rc == 1)
			rc = note_created(c, nid);
	}
	return row_end(c, rc);
}

/* ---- teams ---- */

static int row_team(struct imp_ctx *c)
{
	struct err *e = c->e;
	struct err fe = {0};
	struct cell name = text_of(c, T_NAME);
	required_present(c, T_NAME);
	int general = flag_of(c, T_GENERAL);
	struct cell parent = text_of(c, T_PARENT);
	bool bad;
	const char *domain = choice_of(c, T_DOMAIN, &bad);
	const char *status = choice_of(c, T_STATUS, &bad);
	struct cell desc = text_of(c, T_DESC);
	if (general == 1 && parent.s)
		row_err(c, T_PARENT, "总队本身不能再属于另一个总队", "a general team cannot belong to another general team");
	const struct rent *region = NULL;
	struct cell rc_ = get(c, T_COMMUNITY);
	if (required_present(c, T_COMMUNITY)) {
		int r = regmap_find(&c->rm, rc_.s, rc_.len, (1u << LV_TOWN) | (1u << LV_COMMUNITY), 0,
				    &region);
		if (r != RES_OK) {
			region_err(c, T_COMMUNITY, r, rc_, "村（社区）", "community");
			region = NULL;
		}
	}
	/* The leader must already be in the registry and in the area. */
	int64_t leader = 0;
	struct cell lc = get(c, T_LEADER);
	if (lc.len) {
		struct pii_id id;
		if (pii_id_parse(lc.s, lc.len, c->o->now, &id, &fe)) {
			row_err(c, T_LEADER, fe.message, fe.message_en);
		} else {
			int64_t preg = 0;
			int rc = stored_id_region(c, "SELECT id, region_id FROM people WHERE id_number=?",
						  id.number, &leader, &preg);
			if (rc < 0)
				return rc;
			const struct rent *pr = leader ? regmap_id(&c->rm, preg) : NULL;
			if (!leader)
				row_err(c, T_LEADER, "人员库中没有该身份证号的人员，请先导入人员",
					"no person with this ID number is in the registry; import the people first");
			else if (!pr || !pr->in_scope) {
				row_err(c, T_LEADER, "该队长登记在您辖区以外的区域", "this leader is registered outside your area");
				leader = 0;
			}
		}
	}
	/* The organisation: by credit code, else by name within the area. */
	int64_t org = 0;
	struct cell oc = text_of(c, T_ORG);
	if (oc.s) {
		char credit[19];
		bool by_code = pii_credit_code_normalize(oc.s, oc.len, credit, &fe) == 0;
		struct stmt *st = by_code
			? db_q(c->db, e, "SELECT id, region_id FROM organisations WHERE credit_code=?", "s", credit)
			: db_q(c->db, e, "SELECT id, region_id FROM organisations WHERE name=? LIMIT 50", "t",
			       oc.s, oc.len);
		if (!st)
			return e->code;
		int rc, hits = 0, outside = 0;
		while ((rc = stmt_step(st, e)) == 1) {
			const struct rent *orr = regmap_id(&c->rm, col_int(st, 1));
			if (orr && orr->in_scope) {
				org = col_int(st, 0);
				hits++;
			} else {
				outside++;
			}
		}
		stmt_done(st);
		if (rc < 0)
			return rc;
		if (hits > 1) {
			row_errf(c, T_ORG, "辖区内有多个名为「%s」的组织，请改填统一社会信用代码",
				 "several organisations in your area are named \"%s\"; give the credit code",
				 shown(c, oc));
			org = 0;
		} else if (!hits) {
			if (outside)
				row_err(c, T_ORG, "该组织不在您的管辖范围内", "this organisation is outside your area");
			else
				row_errf(c, T_ORG, "找不到组织「%s」", "no organisation \"%s\"", shown(c, oc));
		}
	}
	/* Key (region, name): in-file duplicates and the general-team lookup. */
	char kbuf[32];
	struct kent *self = NULL;
	if (region && name.s) {
		int kn = snprintf(kbuf, sizeof kbuf, "%lld\x1f", (long long)region->id);
		struct sb k = SB_INIT;
		sb_add(&k, kbuf, (size_t)kn);
		sb_add(&k, name.s, name.len);
		bool found;
		self = kset_put(&c->keys, fnv64(k.buf, k.len, 0), k.buf, k.len, &c->res->arena, &found);
		sb_free(&k);
		if (found) {
			row_errf(c, T_NAME, "同一区域的队伍「%s」与第 %ld 行重复", "the team \"%s\" repeats row %ld in the same region",
				 shown(c, name), self->row);
			self = NULL;
		} else {
			self->row = c->rec->row;
			self->flag = general == 1;
		}
	}
	int64_t parent_id = 0;
	bool parent_in_file = false;
	if (parent.s && region) {
		/* Same region first, then its town; in this file (earlier rows) or stored. */
		for (int pass = 0; pass < 2 && !parent_id && !parent_in_file; pass++) {
			int64_t rid = pass == 0 ? region->id : region->parent_id;
			if (!rid)
				continue;
			struct sb k = SB_INIT;
			sb_addf(&k, "%lld\x1f", (long long)rid);
			sb_add(&k, parent.s, parent.len);
			struct kent *pk = kset_get(&c->keys, fnv64(k.buf, k.len, 0), k.buf, k.len);
			sb_free(&k);
			if (pk && pk->flag && pk->row < c->rec->row) {
				parent_in_file = true;
				parent_id = pk->val;
				break;
			}
			int64_t pid = 0;
			int rc = db_int(c->db, e, &pid,
					"SELECT id FROM teams WHERE region_id=? AND name=? AND is_general=1", "it",
					rid, parent.s, parent.len);
			if (rc < 0)
				return rc;
			if (rc == 1)
				parent_id = pid;
		}
		if (!parent_id && !parent_in_file)
			row_errf(c, T_PARENT, "找不到总队「%s」（总队须已登记，或在本文件中位于其队伍之前）",
				 "no general team \"%s\" (it must exist, or come before its teams in this file)",
				 shown(c, parent));
	}
	int64_t existing = 0, ex_parent = 0;
	if (!c->row_errs) {
		struct stmt *st = db_q(c->db, e,
				       "SELECT id, coalesce(parent_id,0) FROM teams WHERE region_id=? AND name=?",
				       "it", region->id, name.s, name.len);
		if (!st)
			return e->code;
		int rc = stmt_step(st, e);
		if (rc == 1) {
			existing = col_int(st, 0);
			ex_parent = col_int(st, 1);
		}
		stmt_done(st);
		if (rc < 0)
			return rc;
		if (existing && general == 1 && ex_parent && !parent_id)
			row_err(c, T_GENERAL, "该队伍已属于一个总队，不能改为总队",
				"this team already belongs to a general team and cannot become one");
	}
	if (c->row_errs || !row_counted(c, existing))
		return 0;
	int rc;
	int64_t tid = existing;
	if (existing) {
		rc = db_exec(c->db, e,
			     "UPDATE teams SET parent_id=CASE WHEN ?=1 THEN NULL ELSE coalesce(NULLIF(?,0),parent_id) END,"
			     " is_general=CASE WHEN ?=1 THEN 1 ELSE is_general END,"
			     " organisation_id=coalesce(NULLIF(?,0),organisation_id),"
			     " leader_person_id=coalesce(NULLIF(?,0),leader_person_id),"
			     " domain=coalesce(?,domain), status=coalesce(?,status),"
			     " description=coalesce(?,description), import_job_id=?, version=version+1,"
			     " updated_at=? WHERE id=?",
			     "biiiisstiii", general == 1, parent_id, (int64_t)general, org,
			     leader, domain, status, desc.s, desc.len, c->job_id, c->o->now, existing);
		if (!rc)
			note_merged(c, existing);
	} else {
		rc = db_int(
			c->db, e, &tid,
			"INSERT INTO teams(region_id, parent_id, is_general, name, organisation_id,"
			" leader_person_id, domain, status, description, import_job_id, created_at,"
			" updated_at) VALUES(?,NULLIF(?,0),?,?,NULLIF(?,0),NULLIF(?,0),coalesce(?,'other'),"
			"coalesce(?,'active'),?,?,?,?) RETURNING id",
			"iibtiisstiii", region->id, parent_id, general == 1, name.s, name.len, org, leader,
			domain, status, desc.s, desc.len, c->job_id, c->o->now, c->o->now);
		if (rc == 1)
			rc = note_created(c, tid);
	}
	if (!rc && self)
		self->val = tid;
	if (!rc && leader)
		rc = db_exec(c->db, e,
			     "INSERT INTO team_members(team_id, person_id, role, joined_at) VALUES(?,?,'leader',?)"
			     " ON CONFLICT(team_id, person_id) DO UPDATE SET role='leader'",
			     "iii", tid, leader, c->o->now);
	return row_end(c, rc);
}

/* ---- header ---- */

/* Header text → comparable form: trimmed, a trailing * (required marker)
 * and a trailing parenthesised note removed, ASCII lower-cased. */
static size_t header_norm(const char *s, size_t n, char *out, size_t cap)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '*'))
		n--;
	if (n >= 3 && memcmp(s, "＊", 3) == 0)
		s += 3, n -= 3;
	while (n && *s == '*')
		s++, n--;
	size_t k = n < cap - 1 ? n : cap - 1;
	for (size_t i = 0; i < k; i++)
		out[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] - 'A' + 'a' : s[i]);
	out[k] = 0;
	return k;
}

static int header_field(const struct field_def *defs, int nf, const char *h, size_t hn)
{
	for (int pass = 0; pass < 2; pass++) {
		for (int f = 0; f < nf; f++) {
			const char *a = defs[f].aliases;
			while (*a) {
				const char *bar = strchr(a, '|');
				size_t an = bar ? (size_t)(bar - a) : strlen(a);
				if (an == hn && strncasecmp(a, h, an) == 0)
					return f;
				a += an + (bar ? 1 : 0);
			}
		}
		/* second pass: drop a parenthesised note: 姓名（必填） */
		const char *p = strstr(h, "（");
		const char *q = strchr(h, '(');
		const char *cut = p && (!q || p < q) ? p : q;
		if (!cut || cut == h)
			break;
		hn = (size_t)(cut - h);
		while (hn && h[hn - 1] == ' ')
			hn--;
	}
	return -1;
}

static int read_header(struct imp_ctx *c, const struct tab_record *rec)
{
	struct arena *a = &c->res->arena;
	for (int f = 0; f < MAXF; f++)
		c->colof[f] = -1;
	c->ncols = rec->nfields;
	c->header = arena_alloc(a, sizeof(char *) * (size_t)(rec->nfields + 1));
	const char **ign = arena_alloc(a, sizeof(char *) * (size_t)(rec->nfields + 1));
	for (int i = 0; i < rec->nfields; i++) {
		const char *s = rec->fields[i].s;
		size_t n = rec->fields[i].len;
		c->header[i] = arena_strndup(a, s, n);
		char norm[256];
		size_t hn = header_norm(s, n, norm, sizeof norm);
		if (!hn)
			continue;
		int f = header_field(c->defs, c->nfields, norm, hn);
		if (f < 0) {
			ign[c->res->nignored++] = c->header[i];
			continue;
		}
		if (c->colof[f] >= 0) {
			/* header texts can be long: format into the arena, never truncate */
			push_error(c->res, rec->row, c->header[i], c->defs[f].id,
				   arena_printf(a, "「%s」列与「%s」列重复", c->header[i], c->header[c->colof[f]]),
				   arena_printf(a, "the column \"%s\" repeats \"%s\"", c->header[i],
						c->header[c->colof[f]]));
			continue;
		}
		c->colof[f] = i;
	}
	c->res->ignored_columns = ign;
	for (int f = 0; f < c->nfields; f++) {
		if (!c->defs[f].required || c->colof[f] >= 0)
			continue;
		const char *col = column_name(c, f);
		push_error(c->res, rec->row, col, c->defs[f].id,
			   arena_printf(a, "缺少必需的列「%s」（可用列名：%s）", col, c->defs[f].aliases),
			   arena_printf(a, "the required column \"%s\" is missing (accepted names: %s)",
					c->defs[f].label_en, c->defs[f].aliases));
	}
	if (c->res->nerrors)
		c->res->error_rows++;
	return c->res->nerrors ? -1 : 0;
}

/* ---- jobs and audit ---- */

static int job_begin(struct imp_ctx *c)
{
	struct stmt *st = db_q(c->db, c->e,
			       "INSERT INTO import_jobs(kind, user_id, username, scope_region_id, format,"
			       " file_name, file_sha256, file_bytes, rows_total, created_count, merged_count,"
			       " duration_us, created_at, state, undo_after_id)"
			       " VALUES(?,NULLIF(?,0),?,?,?,?,?,?,0,0,0,0,?,?,?)"
			       " RETURNING id",
			       "sisisssiisi", registry_import_kind_ids[c->o->kind],
			       c->actor ? c->actor->user_id : 0,
			       c->actor && c->actor->username ? c->actor->username : "system", c->scope_id,
			       c->res->format, c->o->file_name, c->res->sha256, (int64_t)c->res->file_bytes,
			       c->o->now, c->chunked ? "writing" : "done", c->max_before);
	if (!st)
		return c->e->code;
	int rc = stmt_step(st, c->e);
	if (rc == 1)
		c->job_id = col_int(st, 0);
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

static int job_finish(struct imp_ctx *c)
{
	struct registry_import_result *res = c->res;
	int rc;
	if (c->o->kind == RIK_PEOPLE && res->created) {
		/* New rows got ids above everything stored before (one transaction
		 * under the write lock): read the range once. */
		if ((rc = db_int(c->db, c->e, &res->first_created_id,
				 "SELECT min(id) FROM people WHERE id > ? AND import_job_id=?", "ii",
				 c->max_before, c->job_id)) < 0 ||
		    (rc = db_int(c->db, c->e, &res->last_created_id,
				 "SELECT max(id) FROM people WHERE id > ? AND import_job_id=?", "ii",
				 c->max_before, c->job_id)) < 0)
			return rc;
	}
	rc = db_exec(c->db, c->e,
			 "UPDATE import_jobs SET rows_total=?, created_count=?, merged_count=?,"
			 " first_created_id=NULLIF(?,0), last_created_id=NULLIF(?,0),"
			 " first_merged_id=NULLIF(?,0), last_merged_id=NULLIF(?,0), duration_us=?,"
			 " state='done' WHERE id=?",
			 "iiiiiiiii", (int64_t)res->rows, (int64_t)res->created, (int64_t)res->merged,
			 res->first_created_id, res->last_created_id, c->merged_min, c->merged_max,
			 res->duration_us, c->job_id);
	if (rc)
		return rc;
	struct sb b = SB_INIT;
	struct jw w;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "kind", registry_import_kind_ids[c->o->kind]);
	jw_kstr(&w, "format", res->format);
	jw_kstr(&w, "file_name", c->o->file_name);
	jw_kstr(&w, "file_sha256", res->sha256);
	jw_kint(&w, "file_bytes", (int64_t)res->file_bytes);
	jw_kint(&w, "rows", res->rows);
	jw_kint(&w, "created", res->created);
	jw_kint(&w, "merged", res->merged);
	jw_key(&w, "created_ids");
	jw_obj(&w);
	jw_kint(&w, "first", res->first_created_id);
	jw_kint(&w, "last", res->last_created_id);
	jw_obj_end(&w);
	jw_key(&w, "merged_ids");
	jw_obj(&w);
	jw_kint(&w, "min", c->merged_min);
	jw_kint(&w, "max", c->merged_max);
	jw_obj_end(&w);
	jw_kint(&w, "scope_region_id", c->scope_id);
	jw_obj_end(&w);
	struct audit_actor who = {c->actor ? c->actor->user_id : 0, c->actor ? c->actor->username : NULL};
	struct audit_entry en = {.action = "import", .entity = "import_job", .entity_id = c->job_id,
				 .region_id = c->scope_id, .before = NULL, .after = sb_str(&b)};
	rc = audit_append(c->db, &who, c->o->now, &en, c->e);
	sb_free(&b);
	return rc;
}

/* ---- results ---- */

void registry_import_result_init(struct registry_import_result *res)
{
	memset(res, 0, sizeof *res);
	arena_init(&res->arena, 65536);
	res->format = "csv";
}

void registry_import_result_free(struct registry_import_result *res)
{
	free(res->errors);
	arena_free(&res->arena);
	memset(res, 0, sizeof *res);
}

static int resolve_scope(struct imp_ctx *c, struct err *e)
{
	int64_t sid = c->o->scope_region_id;
	if (!sid) {
		const struct grant *g = c->actor ? auth_primary_grant(c->actor, IMPORT_ROLES) : NULL;
		if (!g)
			return err_set(e, c->actor ? ERR_FORBIDDEN : ERR_INVALID, "region_id",
				       c->actor ? "您没有可导入数据的管理辖区" : "请指定导入的区域",
				       c->actor ? "you administer no region to import into"
						: "give the region to import into");
		sid = g->region_id;
	}
	struct stmt *st = db_q(c->db, e, "SELECT path, name FROM regions WHERE id=?", "i", sid);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		c->scope_path = arena_strdup(&c->res->arena, col_text(st, 0));
		c->res->scope_region_name = arena_strdup(&c->res->arena, col_text(st, 1));
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "region_id", "导入的区域不存在", "no such region to import into");
	if (c->actor && !auth_covers_path(c->actor, IMPORT_ROLES, c->scope_path))
		return auth_forbidden(e);
	c->scope_id = sid;
	c->res->scope_region_id = sid;
	return 0;
}

/* Bulk mode for a load at least as large as the table it goes into: the
 * rows to come are estimated (CSV: line feeds; XLSX: a counting pass of the
 * reader unless the progress pass counted them), the table's size by its
 * highest id. */
static int bulk_maybe(struct imp_ctx *c, const char *data, size_t len, enum tab_format fmt,
		      long counted, struct db_bulk **bulk)
{
	const struct registry_import_opts *o = c->o;
	long min = o->bulk_min_rows ? o->bulk_min_rows : REGISTRY_IMPORT_BULK_MIN;
	const char *table = o->kind == RIK_PEOPLE ? "people" : o->kind == RIK_ORGS ? "organisations" : NULL;
	if (min < 0 || !table)
		return 0;
	long est = counted;
	if (est < 0 && fmt == TAB_CSV) {
		est = 0;
		for (const char *p = data, *end = data + len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
			est++;
	} else if (est < 0) {
		struct err ce = {0};
		struct tab_reader *cnt = tab_reader_open(data, len, TAB_AUTO, &ce);
		struct tab_record rr;
		est = 0;
		while (cnt && tab_reader_next(cnt, &rr, &ce) != 0)
			est++;
		tab_reader_close(cnt);
		est = est > 0 ? est - 1 : 0;
	}
	if (est < min)
		return 0;
	int64_t size = 0;
	int rc = db_int(c->db, c->e, &size,
			o->kind == RIK_PEOPLE ? "SELECT coalesce(max(id),0) FROM people"
					      : "SELECT coalesce(max(id),0) FROM organisations",
			"");
	if (rc < 0)
		return rc;
	if (est < size)
		return 0;
	return db_bulk_begin(c->db, table, bulk, c->e);
}

/* ---- cancellation, chunks, undo ---- */

static atomic_int import_cancel;

void registry_import_cancel_all(void) { atomic_store(&import_cancel, 1); }

static int cancelled(struct err *e)
{
	return err_set(e, ERR_INTERNAL, "", "服务器正在停止，导入已取消，未写入任何数据",
		       "the server is stopping: the import was cancelled and nothing was written");
}

/* Chunked write pass: a chunk's transaction is open while rows are
 * written; after IMPORT_CHUNK_US it commits and the write lock is free for
 * a moment, so another writer waits at most about one chunk. */
static int chunk_open(struct imp_ctx *c)
{
	if (db_in_write(c->db))
		return 0;
	int rc = db_begin_write(c->db, c->e);
	c->chunk_t0 = wtime_mono();
	return rc;
}

static int chunk_maybe_commit(struct imp_ctx *c)
{
	int64_t limit = c->o->chunk_us > 0 ? c->o->chunk_us : IMPORT_CHUNK_US;
	if (!c->chunked || !db_in_write(c->db) || wtime_mono() - c->chunk_t0 < limit)
		return 0;
	int rc = db_commit(c->db, c->e);
	if (rc)
		return rc;
	c->res->chunks++;
	/* The write lock is first come, first served (store.h): a writer
	 * that queued during the chunk goes before the next one. */
	return chunk_open(c);
}

/* Take back a chunked people import: merged people get their stored
 * columns back (unless someone changed them since: version), created
 * people are deleted (unless changed since, or referenced), then the job
 * row goes. Each step is a short transaction; with a deadline (µs,
 * monotonic; 0 none) it may stop early and leave the job in state
 * 'writing' for registry_import_recover. The caller holds no transaction.
 * Returns 0 when the job is gone, 1 when the deadline stopped it. */
static int undo_job(struct db *db, int64_t job, int64_t after_id, int64_t deadline, struct err *e)
{
	int64_t ids[UNDO_BATCH];
	int64_t cursor = after_id;
	for (int step = 0; step < 2;) {
		if (deadline && wtime_mono() > deadline)
			return 1;
		int rc = db_begin_write(db, e);
		if (rc)
			return rc;
		struct stmt *st = step == 0
			? db_q(db, e, "SELECT person_id FROM import_undo_people WHERE job_id=?"
				      " ORDER BY person_id LIMIT ?", "ii", job, (int64_t)UNDO_BATCH)
			: db_q(db, e, "SELECT id FROM people WHERE id > ? AND import_job_id=? AND version=1"
				      " ORDER BY id LIMIT ?", "iii", cursor, job, (int64_t)UNDO_BATCH);
		int n = stmt_ids(st, ids, UNDO_BATCH, e);
		if (n < 0) {
			rc = n;
			goto fail;
		}
		for (int i = 0; i < n; i++) {
			if (step == 0) {
				rc = db_exec(db, e,
					     "UPDATE people SET region_id=u.region_id, name=u.name, gender=u.gender,"
					     " birth_date=u.birth_date, mobile=u.mobile, household=u.household,"
					     " address=u.address, is_community_worker=u.is_community_worker,"
					     " is_social_worker=u.is_social_worker, sw_level=u.sw_level,"
					     " is_volunteer=u.is_volunteer, is_building_leader=u.is_building_leader,"
					     " is_party_member=u.is_party_member, status=u.status, note=u.note,"
					     " import_job_id=u.import_job_id, version=u.version, updated_at=u.updated_at"
					     " FROM import_undo_people u WHERE u.job_id=? AND u.person_id=?"
					     " AND people.id=u.person_id AND people.import_job_id=?"
					     " AND people.version=u.version+1",
					     "iii", job, ids[i], job);
				if (!rc)
					rc = db_exec(db, e, "DELETE FROM import_undo_people WHERE job_id=? AND person_id=?",
						     "ii", job, ids[i]);
			} else {
				/* A person someone has linked to meanwhile stays (the
				 * foreign key refuses): it is then theirs. */
				rc = db_exec(db, e, "DELETE FROM people WHERE id=?", "i", ids[i]);
				if (rc == ERR_CONFLICT || rc == ERR_RULE)
					rc = 0;
				cursor = ids[i];
			}
			if (rc)
				goto fail;
		}
		if (n < UNDO_BATCH && step == 1)
			rc = db_exec(db, e, "DELETE FROM import_jobs WHERE id=?", "i", job);
		if (rc || (rc = db_commit(db, e)))
			goto fail;
		if (n < UNDO_BATCH)
			step++;
		continue;
	fail:
		db_rollback(db);
		return rc;
	}
	return 0;
}

/* After a successful chunked import: its undo rows are garbage. */
static int undo_forget(struct db *db, int64_t job, struct err *e)
{
	for (;;) {
		int rc = db_begin_write(db, e);
		if (rc)
			return rc;
		rc = db_exec(db, e,
			     "DELETE FROM import_undo_people WHERE job_id=? AND person_id IN"
			     " (SELECT person_id FROM import_undo_people WHERE job_id=? ORDER BY person_id LIMIT ?)",
			     "iii", job, job, (int64_t)UNDO_BATCH * 4);
		int64_t n = rc ? 0 : db_changes(db);
		if (rc || (rc = db_commit(db, e))) {
			db_rollback(db);
			return rc;
		}
		if (n < UNDO_BATCH * 4)
			return 0;
	}
}

int registry_import_recover(struct db *db, int *undone, struct err *e)
{
	int64_t jobs[64], after[64];
	int n = 0, rc;
	if (undone)
		*undone = 0;
	if ((rc = db_begin(db, e)))
		return rc;
	struct stmt *st = db_q(db, e,
			       "SELECT id, coalesce(undo_after_id,0) FROM import_jobs WHERE state='writing'"
			       " ORDER BY id DESC LIMIT 64", "");
	if (!st) {
		db_rollback(db);
		return e->code;
	}
	while (n < 64 && (rc = stmt_step(st, e)) == 1) {
		jobs[n] = col_int(st, 0);
		after[n++] = col_int(st, 1);
	}
	stmt_done(st);
	int64_t done_left = 0;
	if (rc >= 0)
		rc = db_int(db, e, &done_left,
			    "SELECT coalesce(min(u.job_id),0) FROM import_undo_people u"
			    " JOIN import_jobs j ON j.id=u.job_id WHERE j.state='done'", "");
	db_rollback(db);
	if (rc < 0)
		return rc;
	for (int i = 0; i < n; i++) {
		if ((rc = undo_job(db, jobs[i], after[i], 0, e)) != 0)
			return rc < 0 ? rc : ERR_INTERNAL;
		log_warn("import job %lld was interrupted: rolled back", (long long)jobs[i]);
		if (undone)
			(*undone)++;
	}
	if (done_left && (rc = undo_forget(db, done_left, e)))
		return rc;
	return 0;
}

/* ---- entry ---- */

/* One pass over the file: the check pass (c->dry) or the write pass. */
static int run_pass(struct imp_ctx *c, struct tab_reader *rd, int slot, long total)
{
	struct registry_import_result *res = c->res;
	struct tab_record rec;
	bool have_header = false;
	int rc = 0;
	for (;;) {
		struct err re = {0};
		if (atomic_load(&import_cancel))
			return cancelled(c->e);
		int k = tab_reader_next(rd, &rec, &re);
		if (k == 0)
			break;
		c->rec = &rec;
		c->row_errs = 0;
		if (k < 0) {
			/* A row the reader could not read (bad UTF-8, stray quote…). */
			const char *col = rec.err_col > 0 && rec.err_col <= c->ncols ? c->header[rec.err_col - 1] : "";
			const char *fid = "";
			for (int f = 0; have_header && f < c->nfields; f++)
				if (c->colof[f] >= 0 && c->colof[f] == rec.err_col - 1)
					fid = c->defs[f].id;
			push_error(res, rec.row, col, fid, arena_strdup(&res->arena, re.message),
				   arena_strdup(&res->arena, re.message_en));
			res->error_rows++;
			if (!have_header)
				break; /* an unreadable header: the columns are unknown */
			res->rows++;
			if (tab_reader_fatal(rd))
				break;
			continue;
		}
		if (!have_header) {
			have_header = true;
			if (read_header(c, &rec))
				break; /* a missing column makes every row meaningless */
			continue;
		}
		res->rows++;
		long fail_at = c->o->test_fail_at_row;
		if (!c->dry && fail_at && res->rows == (fail_at > 0 ? fail_at : -fail_at))
			return err_set(c->e, ERR_INTERNAL, "", "测试：在此行失败", "test: failing at this row");
		if (c->o->kind == RIK_PEOPLE)
			rc = row_people(c);
		else if (c->o->kind == RIK_ORGS)
			rc = row_org(c);
		else
			rc = row_team(c);
		if (!rc && !c->dry)
			rc = chunk_maybe_commit(c);
		if (rc)
			return rc;
		if (!c->dry && res->nerrors)
			break; /* the write pass stops at its first bad row */
		if (slot >= 0 && (res->rows & 1023) == 0)
			prog_set(slot, NULL, res->rows, total, res->error_rows);
	}
	if (!have_header && !res->nerrors)
		return err_set(c->e, ERR_INVALID, "file", "文件中没有表头和数据", "the file has no header and no rows");
	if (have_header && res->rows == 0 && !res->nerrors) {
		push_error(res, 2, "", "", "表头之后没有数据行", "there are no rows after the header");
		res->error_rows++;
	}
	return 0;
}

int registry_import_run(struct db *db, const struct principal *actor, const char *data, size_t len,
		   const struct registry_import_opts *o, struct registry_import_result *res, struct err *e)
{
	int64_t t0 = wtime_mono();
	struct imp_ctx c = {.db = db, .actor = actor, .o = o, .res = res, .e = e, .dry = true};
	struct tab_reader *rd = NULL;
	struct db_bulk *bulk = NULL;
	/* own_tx: the caller holds no write transaction (the server): check
	 * on a read snapshot, then write in transactions of our own. */
	bool own_tx = !db_in_write(db), wrote = false;
	int slot = -1, rc;
	if (o->kind < 0 || o->kind >= RIK__COUNT)
		return err_set(e, ERR_INVALID, "kind", "导入类型应为 people、organisations 或 teams",
			       "kind must be people, organisations or teams");
	if (actor && !auth_has_role(actor, IMPORT_ROLES))
		return auth_forbidden(e);
	res->kind = o->kind;
	res->dry_run = o->dry_run;
	res->file_bytes = len;
	c.defs = kind_fields(o->kind, &c.nfields);
	if (own_tx && !db_in_tx(db) && (rc = db_begin(db, e)))
		return rc;
	if ((rc = resolve_scope(&c, e)))
		goto done;
	if (!len) {
		rc = err_set(e, ERR_INVALID, "file", "文件是空的", "the file is empty");
		goto done;
	}
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)data, len);
	sodium_bin2hex(res->sha256, sizeof res->sha256, h, sizeof h);

	rd = tab_reader_open(data, len, TAB_AUTO, e);
	if (!rd) {
		rc = e->code ? e->code : ERR_INVALID;
		goto done;
	}
	res->format = tab_reader_format(rd) == TAB_XLSX ? "xlsx" : "csv";
	slot = prog_begin(o);
	long total = -1;
	if (slot >= 0) {
		/* Count the rows first so the progress bar has an end. */
		struct tab_reader *cnt = tab_reader_open(data, len, TAB_AUTO, e);
		struct tab_record rr;
		struct err ce = {0};
		total = 0;
		int k;
		while (cnt && (k = tab_reader_next(cnt, &rr, &ce)) != 0)
			total++;
		tab_reader_close(cnt);
		total = total > 0 ? total - 1 : 0;
		prog_set(slot, "checking", 0, total, 0);
	}
	if ((rc = regmap_load(&c.rm, db, actor, c.scope_path, &res->arena, e)))
		goto done;
	if (o->kind == RIK_PEOPLE &&
	    (rc = db_int(db, e, &c.max_before, "SELECT coalesce(max(id),0) FROM people", "")) < 0)
		goto done;
	/* Pass 1: check every row, write nothing. A bad row anywhere ends the
	 * run here — no write lock was taken for it (server) and nothing was
	 * written (everywhere). */
	if ((rc = run_pass(&c, rd, slot, total)) || res->nerrors || o->dry_run)
		goto done;

	/* Pass 2: the same rows again, writing. */
	tab_reader_close(rd);
	rd = tab_reader_open(data, len, TAB_AUTO, e);
	if (!rd) {
		rc = e->code ? e->code : ERR_INVALID;
		goto done;
	}
	kset_free(&c.keys);
	memset(&c.keys, 0, sizeof c.keys);
	res->rows = res->created = res->merged = 0;
	res->nignored = 0;
	c.dry = false;
	c.chunked = own_tx && o->kind == RIK_PEOPLE;
	if (own_tx) {
		db_rollback(db); /* the read snapshot */
		if ((rc = chunk_open(&c)))
			goto done;
		if (o->kind == RIK_PEOPLE &&
		    (rc = db_int(db, e, &c.max_before, "SELECT coalesce(max(id),0) FROM people", "")) < 0)
			goto done;
	}
	wrote = true;
	prog_set(slot, "importing", 0, total, 0);
	if ((rc = job_begin(&c)))
		goto done;
	if (!own_tx) {
		/* Bulk load only inside the caller's one transaction: between
		 * chunks other connections would see the table without indexes. */
		if ((rc = bulk_maybe(&c, data, len, tab_reader_format(rd), total, &bulk)))
			goto done;
		res->bulk_load = bulk != NULL;
	}
	if ((rc = run_pass(&c, rd, slot, total)))
		goto done;
	if (res->nerrors) {
		/* The data changed between the passes (another writer, between
		 * chunks): refuse; the rows written go back below. */
		rc = err_set(e, ERR_CONFLICT, "file",
			     "导入期间数据被其他操作修改，导入已撤销，请重新导入",
			     "the registry changed while the file was imported: nothing was kept, import it again");
		goto done;
	}
	if (bulk) {
		prog_set(slot, "indexing", res->rows, total < 0 ? res->rows : total, 0);
		rc = db_bulk_end(bulk, e);
		bulk = NULL;
		if (rc)
			goto done;
	}
	res->duration_us = wtime_mono() - t0;
	if (own_tx && (rc = chunk_open(&c)))
		goto done;
	/* The publish: counts, state 'done' and the audit entry, one short
	 * transaction (in chunked mode the undo journal then goes). */
	if ((rc = job_finish(&c)))
		goto done;
	if (own_tx && (rc = db_commit(db, e)))
		goto done;
	if (own_tx)
		res->chunks++;
	res->job_id = c.job_id;
	if (c.chunked) {
		struct err ig = {0};
		undo_forget(db, c.job_id, &ig); /* leftovers: registry_import_recover */
	}
	rc = 0;
done:
	if (rc && wrote) {
		/* Nothing of a failed write pass stays. One transaction: the
		 * caller's rollback (not own_tx) or ours; chunks: the undo
		 * journal, within a few seconds when the server is stopping. */
		res->created = res->merged = 0;
		res->first_created_id = res->last_created_id = 0;
		res->job_id = 0;
		res->bulk_load = false;
		if (own_tx)
			db_rollback(db);
		if (c.chunked && c.job_id && o->test_fail_at_row >= 0) {
			struct err ue = {0};
			int64_t deadline = atomic_load(&import_cancel) ? wtime_mono() + IMPORT_UNDO_STOP_US : 0;
			if (undo_job(db, c.job_id, c.max_before, deadline, &ue))
				log_warn("import job %lld: rollback unfinished (%s); the next start completes it",
					 (long long)c.job_id, ue.message_en ? ue.message_en : "deadline");
		}
	}
	if (!o->dry_run && res->nerrors)
		res->created = res->merged = 0; /* a refused import did nothing */
	if (own_tx)
		db_rollback(db); /* the read snapshot, if still open */
	db_bulk_free(bulk); /* after a rollback (which restored the indexes) */
	if (slot >= 0)
		prog_set(slot, rc || res->nerrors ? "failed" : "done", res->rows, total < 0 ? res->rows : total,
			 res->error_rows);
	res->duration_us = wtime_mono() - t0;
	tab_reader_close(rd);
	regmap_free(&c.rm);
	kset_free(&c.keys);
	free(c.new_rows);
	free(c.seen);
	return rc;
}

/* ------------------------------------------------------------ output */

void registry_import_result_json(const struct registry_import_result *res, struct jw *w)
{
	jw_obj(w);
	if (!res->dry_run && res->nerrors) {
		/* A refused import is an error answer too (422): nothing was written. */
		jw_key(w, "error");
		jw_obj(w);
		jw_kstr(w, "code", "rule");
		char zh[200], en[200];
		snprintf(zh, sizeof zh, "文件中有 %ld 行有误，未导入任何数据，请修正后重试", res->error_rows);
		snprintf(en, sizeof en, "%ld rows of the file are wrong; nothing was imported — fix them and retry",
			 res->error_rows);
		jw_kstr(w, "message", zh);
		jw_kstr(w, "message_en", en);
		jw_kstr(w, "field", "file");
		jw_obj_end(w);
	}
	jw_kstr(w, "kind", registry_import_kind_ids[res->kind]);
	jw_kbool(w, "dry_run", res->dry_run);
	jw_kbool(w, "ok", res->nerrors == 0);
	jw_kstr(w, "format", res->format);
	jw_kstr(w, "file_sha256", res->sha256);
	jw_kint(w, "file_bytes", (int64_t)res->file_bytes);
	jw_key(w, "scope");
	jw_obj(w);
	jw_kint(w, "id", res->scope_region_id);
	jw_kstr(w, "name", res->scope_region_name);
	jw_obj_end(w);
	jw_kint(w, "rows", res->rows);
	jw_kint(w, "valid_rows", res->rows - res->error_rows < 0 ? 0 : res->rows - res->error_rows);
	jw_kint(w, "error_rows", res->error_rows);
	jw_kint(w, "error_count", res->nerrors);
	jw_kint(w, "created", res->created);
	jw_kint(w, "merged", res->merged);
	if (res->job_id)
		jw_kint(w, "job_id", res->job_id);
	else
		jw_knull(w, "job_id");
	jw_kint(w, "first_created_id", res->first_created_id);
	jw_kint(w, "last_created_id", res->last_created_id);
	jw_kint(w, "duration_ms", res->duration_us / 1000);
	jw_kbool(w, "bulk_load", res->bulk_load);
	jw_key(w, "ignored_columns");
	jw_arr(w);
	for (int i = 0; i < res->nignored; i++)
		jw_str(w, res->ignored_columns[i]);
	jw_arr_end(w);
	jw_key(w, "errors");
	jw_arr(w);
	for (long i = 0; i < res->nerrors; i++) {
		const struct registry_import_error *x = &res->errors[i];
		jw_obj(w);
		jw_kint(w, "row", x->row);
		jw_kstrs(w, "column", x->column, "field", x->field, "message", x->message,
			 "message_en", x->message_en, JW_END);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

char *registry_import_result_csv(const struct registry_import_result *res, size_t *len)
{
	struct csv_writer w;
	csv_writer_init(&w, CSV_WRITE_BOM | CSV_WRITE_FORMULA_GUARD);
	static const char *const head[] = {"行号 row", "列 column", "字段 field", "原因", "reason"};
	csv_write_row(&w, head, 5);
	for (long i = 0; i < res->nerrors; i++) {
		const struct registry_import_error *x = &res->errors[i];
		csv_write_int(&w, x->row);
		csv_write_field(&w, x->column, strlen(x->column));
		csv_write_field(&w, x->field, strlen(x->field));
		csv_write_field(&w, x->message, strlen(x->message));
		csv_write_field(&w, x->message_en, strlen(x->message_en));
		csv_write_end_row(&w);
	}
	return csv_writer_take(&w, len);
}

int registry_import_template(int kind, int format, char **out, size_t *len, struct err *e)
{
	int nf;
	const struct field_def *defs = kind_fields(kind, &nf);
	struct tab_writer *w = tab_writer_new(format == TAB_XLSX ? TAB_XLSX : TAB_CSV, e);
	if (!w)
		return e->code;
	const char *cells[MAXF];
	char names[MAXF][96];
	for (int f = 0; f < nf; f++) {
		const char *a = defs[f].aliases;
		const char *bar = strchr(a, '|');
		snprintf(names[f], sizeof names[f], "%.*s", bar ? (int)(bar - a) : (int)strlen(a), a);
		cells[f] = names[f];
	}
	int rc = tab_writer_row(w, cells, nf, e);
	if (!rc)
		rc = tab_writer_finish(w, out, len, e);
	tab_writer_free(w);
	return rc;
}

void registry_import_columns_json(int kind, struct jw *w)
{
	int nf;
	const struct field_def *defs = kind_fields(kind, &nf);
	jw_arr(w);
	for (int f = 0; f < nf; f++) {
		jw_obj(w);
		jw_kstr(w, "field", defs[f].id);
		const char *a = defs[f].aliases;
		const char *bar = strchr(a, '|');
		jw_key(w, "header");
		jw_strn(w, a, bar ? (size_t)(bar - a) : strlen(a));
		jw_key(w, "aliases");
		jw_arr(w);
		while (*a) {
			bar = strchr(a, '|');
			size_t n = bar ? (size_t)(bar - a) : strlen(a);
			jw_strn(w, a, n);
			a += n + (bar ? 1 : 0);
		}
		jw_arr_end(w);
		jw_kbool(w, "required", defs[f].required);
		jw_key(w, "values");
		if (defs[f].choices) {
			jw_arr(w);
			for (const struct choice *ch = defs[f].choices; ch->text; ch++)
				if ((unsigned char)ch->text[0] >= 0x80)
					jw_str(w, ch->text);
			jw_arr_end(w);
		} else {
			jw_null(w);
		}
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

/* ------------------------------------------------------------ jobs */

#define JOB_COLS                                                                             \
	"j.id, j.kind, j.format, j.file_name, j.file_sha256, j.file_bytes, j.rows_total,"        \
	" j.created_count, j.merged_count, j.first_created_id, j.last_created_id,"               \
	" j.duration_us, j.created_at, j.username, j.scope_region_id, r.name, r.path"

static void job_row(struct jw *w, struct stmt *st)
{
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 0));
	jw_kstr(w, "kind", col_text(st, 1));
	jw_kstr(w, "format", col_text(st, 2));
	jw_kstr(w, "file_name", col_text(st, 3));
	jw_kstr(w, "file_sha256", col_text(st, 4));
	jw_kint(w, "file_bytes", col_int(st, 5));
	jw_kint(w, "rows", col_int(st, 6));
	jw_kint(w, "created", col_int(st, 7));
	jw_kint(w, "merged", col_int(st, 8));
	jw_kint(w, "first_created_id", col_int(st, 9));
	jw_kint(w, "last_created_id", col_int(st, 10));
	jw_kint(w, "duration_ms", col_int(st, 11) / 1000);
	jw_ktime(w, "created_at", col_int(st, 12));
	jw_kstr(w, "username", col_text(st, 13));
	jw_key(w, "scope");
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 14));
	jw_kstr(w, "name", col_text(st, 15));
	jw_obj_end(w);
	jw_obj_end(w);
}

int registry_import_jobs_list(struct db *db, const struct principal *p, const char *kind,
			 int64_t page, int64_t per_page, struct jw *w, struct err *e)
{
	const struct grant *g = auth_primary_grant(p, IMPORT_ROLES);
	if (!g)
		return auth_forbidden(e);
	if (kind && *kind && registry_import_kind_from_id(kind) < 0)
		return err_set(e, ERR_INVALID, "kind", "导入类型应为 people、organisations 或 teams",
			       "kind must be people, organisations or teams");
	if (kind && !*kind)
		kind = NULL;
	const char *scope = g->region_path;
	int64_t total = 0;
	int rc = db_int(db, e, &total,
			"SELECT count(*) FROM import_jobs j JOIN regions r ON r.id=j.scope_region_id"
			" WHERE r.path >= ? AND r.path < substr(?,1,length(?)-1) || '0' AND (? IS NULL OR j.kind=?)",
			"sssss", scope, scope, scope, kind, kind);
	if (rc < 0)
		return rc;
	struct stmt *st = db_q(db, e,
			       "SELECT " JOB_COLS " FROM import_jobs j JOIN regions r ON r.id=j.scope_region_id"
			       " WHERE r.path >= ? AND r.path < substr(?,1,length(?)-1) || '0'"
			       " AND (? IS NULL OR j.kind=?) ORDER BY j.id DESC LIMIT ? OFFSET ?",
			       "sssssii", scope, scope, scope, kind, kind, per_page, (page - 1) * per_page);
	if (!st)
		return e->code;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	while ((rc = stmt_step(st, e)) == 1) {
		/* a second grant elsewhere does not widen the primary scope; still check */
		if (!auth_covers_path(p, IMPORT_ROLES, col_text(st, 16)))
			continue;
		job_row(w, st);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	jw_kint(w, "total", total);
	jw_kint(w, "page", page);
	jw_kint(w, "per_page", per_page);
	jw_obj_end(w);
	return 0;
}

int registry_import_job_json(struct db *db, const struct principal *p, int64_t id, struct jw *w,
			struct err *e)
{
	struct stmt *st = db_q(db, e,
			       "SELECT " JOB_COLS " FROM import_jobs j JOIN regions r ON r.id=j.scope_region_id"
			       " WHERE j.id=?",
			       "i", id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1 && !auth_covers_path(p, IMPORT_ROLES, col_text(st, 16)))
		rc = auth_forbidden(e);
	else if (rc == 1)
		job_row(w, st);
	else if (rc == 0)
		rc = err_set(e, ERR_NOT_FOUND, "id", "没有该导入记录", "no such import");
	stmt_done(st);
	return rc < 0 ? rc : 0;
}
