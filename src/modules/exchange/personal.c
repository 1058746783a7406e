/*
 * personal.c — the exchange's part of a person's data (store/personal.h,
 * modules/privacy): the needs they posted or that were posted for them,
 * and the services they offer as a professional.
 *
 * Erasure removes the contact details (name, telephone, address, map
 * point) from those needs and services. Titles, descriptions, statuses and
 * dates stay: they are the service record the district reports on (how
 * many needs, how fast met), and without the contact they no longer point
 * at the person. The retention kind `exchange.demand_contact` does the same
 * for every need closed longer ago than its period.
 */
#include <string.h>

#include "audit/record.h"
#include "core/arena.h"
#include "core/module.h"
#include "store/personal.h"
#include "store/store.h"

int exchange_pii_collect_demands(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int exchange_pii_collect_services(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int exchange_pii_erase(struct ctx *c, const struct personal_subject *s, struct personal_report *r);
int exchange_expire_demand_contact(struct ctx *c, int64_t before, int dry_run, int64_t *count);

static const struct personal_col demand_cols[] = {
	{"id", "编号", "ID", COL_INT},
	{"title", "标题", "Title", COL_TEXT},
	{"description", "描述", "Description", COL_TEXT},
	{"status", "状态", "Status", COL_TEXT, "demand_status"},
	{"beneficiary_name", "服务对象", "Beneficiary", COL_TEXT},
	{"beneficiary_phone", "联系电话", "Phone", COL_MOBILE_MASK},
	{"address", "地址", "Address", COL_TEXT},
	{"consent_at", "同意提供联系方式", "Consented to share contact", COL_TIME},
	{"created_at", "提交时间", "Posted", COL_TIME},
};

/* Needs the account posted, or posted for its person. */
#define MINE "(posted_by=? OR beneficiary_person_id=?)"

static const struct personal_query demand_query = {
	PERSONAL_COLS(demand_cols),
	"SELECT id, title, description, status, beneficiary_name, beneficiary_phone,"
	" address, consent_at, created_at FROM xchg_demands WHERE posted_by=?"
	" UNION SELECT id, title, description, status, beneficiary_name, beneficiary_phone,"
	" address, consent_at, created_at FROM xchg_demands WHERE beneficiary_person_id=?"
	" ORDER BY 1", "uP",
};

static const struct personal_col service_cols[] = {
	{"id", "编号", "ID", COL_INT},
	{"name", "服务名称", "Service", COL_TEXT},
	{"contact_phone", "联系电话", "Phone", COL_MOBILE_MASK},
	{"status", "状态", "Status", COL_TEXT, "service_status"},
	{"created_at", "登记时间", "Registered", COL_TIME},
};

static const struct personal_query service_query = {
	PERSONAL_COLS(service_cols),
	"SELECT id, name, contact_phone, status, created_at FROM xchg_services"
	" WHERE person_id=? ORDER BY id", "P",
};

PERSONAL_COLLECTOR(exchange_pii_collect_demands, demand_query)
PERSONAL_COLLECTOR(exchange_pii_collect_services, service_query)

static int scrub_demands(struct ctx *c, const char *where, const char *types, int64_t a, int64_t b,
			 int64_t *n)
{
	/* Each need changed gets its own audit entry (without the erased values). */
	struct stmt *st = db_q(c->db, c->e,
			       arena_printf(c->a, "SELECT id, region_id FROM xchg_demands WHERE %s", where),
			       types, a, b);
	if (!st)
		return c->e->code;
	int rc;
	int64_t cap = 64, cnt = 0;
	int64_t(*ids)[2] = arena_alloc(c->a, sizeof *ids * (size_t)cap);
	while ((rc = stmt_step(st, c->e)) == 1) {
		if (cnt == cap) {
			int64_t(*more)[2] = arena_alloc(c->a, sizeof *ids * (size_t)cap * 2);
			memcpy(more, ids, sizeof *ids * (size_t)cap);
			ids = more;
			cap *= 2;
		}
		ids[cnt][0] = col_int(st, 0);
		ids[cnt][1] = col_int(st, 1);
		cnt++;
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	for (int64_t i = 0; i < cnt; i++) {
		if ((rc = db_exec(c->db, c->e,
				  "UPDATE xchg_demands SET beneficiary_name=NULL, beneficiary_phone=NULL, address=NULL,"
				  " latitude=NULL, longitude=NULL, version=version+1, updated_at=? WHERE id=?",
				  "ii", c->now, ids[i][0])) ||
		    (rc = audit_record(c, "anonymise", "demand", ids[i][0], ids[i][1], NULL, NULL)))
			return rc;
	}
	*n = cnt;
	return 0;
}

int exchange_pii_erase(struct ctx *c, const struct personal_subject *s, struct personal_report *r)
{
	int64_t n = 0, open = 0, svc = 0;
	int rc = scrub_demands(c,
			       MINE " AND (beneficiary_name IS NOT NULL OR beneficiary_phone IS NOT NULL"
			       " OR address IS NOT NULL OR latitude IS NOT NULL)",
			       "ii", s->user_id, s->person_id ? s->person_id : -1, &n);
	if (rc)
		return rc;
	if (db_int(c->db, c->e, &open,
		   "SELECT count(*) FROM xchg_demands WHERE " MINE " AND status IN ('open','matching','in_progress')",
		   "ii", s->user_id, s->person_id ? s->person_id : -1) < 0)
		return c->e->code;
	personal_report_add(r, "exchange.demands", "anonymised", n,
			    open ? "需求中的姓名、电话、地址和位置已删除；仍有未办结的需求，已无联系方式，请工作人员关闭"
				 : "需求中的姓名、电话、地址和位置已删除；标题、内容和办理记录作为服务台账保留",
			    open ? "names, telephones, addresses and map points removed from the needs; some needs are still "
				   "open and have no contact now: staff should close them"
				 : "names, telephones, addresses and map points removed from the needs; titles, texts and "
				   "their handling stay as the service record");
	if (s->person_id) {
		if (db_int(c->db, c->e, &svc,
			   "SELECT count(*) FROM xchg_services WHERE person_id=? AND contact_phone IS NOT NULL", "i",
			   s->person_id) < 0)
			return c->e->code;
		if (svc && (rc = db_exec(c->db, c->e,
					 "UPDATE xchg_services SET contact_phone=NULL, status=CASE WHEN status='active'"
					 " THEN 'withdrawn' ELSE status END, version=version+1, updated_at=? WHERE person_id=?",
					 "ii", c->now, s->person_id)))
			return rc;
		if (svc && (rc = audit_record(c, "anonymise", "service_provider", s->person_id, 0, NULL, NULL)))
			return rc;
	}
	personal_report_add(r, "exchange.services", svc ? "anonymised" : "none", svc,
			    "本人提供的服务：联系电话已删除，服务已撤下", "services offered by the person: telephone removed, "
			    "services withdrawn");
	return 0;
}

/* Needs fulfilled, closed or cancelled and posted before `before`. */
#define EXPIRED                                                                                    \
	"status IN ('fulfilled','closed','cancelled') AND created_at<? AND (beneficiary_name IS NOT NULL" \
	" OR beneficiary_phone IS NOT NULL OR address IS NOT NULL OR latitude IS NOT NULL)"

int exchange_expire_demand_contact(struct ctx *c, int64_t before, int dry_run, int64_t *count)
{
	if (db_int(c->db, c->e, count, "SELECT count(*) FROM xchg_demands WHERE " EXPIRED, "i", before) < 0)
		return c->e->code;
	if (dry_run || !*count)
		return 0;
	return db_exec(c->db, c->e,
		       "UPDATE xchg_demands SET beneficiary_name=NULL, beneficiary_phone=NULL, address=NULL,"
		       " latitude=NULL, longitude=NULL, version=version+1, updated_at=? WHERE " EXPIRED,
		       "ii", c->now, before);
}
