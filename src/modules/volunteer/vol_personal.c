/*
 * vol_personal.c — the volunteer area's part of a person's data
 * (store/personal.h, modules/privacy): their registration (with the
 * consent they gave) and their service records.
 *
 * Erasure keeps both: service records are the statutory record of the
 * service (Order No. 67; kept at least ten years) and certificates are
 * verified against them. The registration is suspended so that nothing new
 * is recorded, and the report says what was kept and why.
 */
#include "audit/record.h"
#include "core/module.h"
#include "modules/volunteer/volunteer.h"
#include "store/personal.h"
#include "store/store.h"

int vol_pii_collect_registration(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int vol_pii_collect_records(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int vol_pii_erase(struct ctx *c, const struct personal_subject *s, struct personal_report *r);

static const struct personal_col registration_cols[] = {
	{"number", "志愿者编号", "Volunteer number", COL_TEXT},
	{"consent_purpose", "同意的用途", "Consented purpose", COL_TEXT},
	{"consent_at", "同意时间", "Consented at", COL_TIME},
	{"skills", "技能", "Skills", COL_TEXT},
	{"languages", "语言", "Languages", COL_TEXT},
	{"status", "状态", "Status", COL_TEXT, "vol_status"},
	{"registered_at", "注册时间", "Registered", COL_TIME},
	{"total_minutes", "服务分钟", "Service minutes", COL_INT},
};

static const struct personal_query registration_query = {
	PERSONAL_COLS(registration_cols),
	"SELECT number, consent_purpose, consent_at, skills, languages, status, registered_at, total_minutes"
	" FROM vol_volunteers WHERE person_id=?", "P",
};

static const struct personal_col record_cols[] = {
	{"id", "编号", "ID", COL_INT},
	{"kind", "类别", "Kind", COL_TEXT, "vol_record_kind"},
	{"content", "服务内容", "Content", COL_TEXT},
	{"place", "地点", "Place", COL_TEXT},
	{"started_at", "开始", "Started", COL_TIME},
	{"ended_at", "结束", "Ended", COL_TIME},
	{"minutes", "服务分钟", "Minutes", COL_INT},
	{"organisation_name", "记录单位", "Recorded by", COL_TEXT},
	{"confirmer_name", "确认人", "Confirmed by", COL_TEXT},
	{"amends_id", "更正的记录", "Amends record", COL_INT},
	{"amend_reason", "更正原因", "Reason for the amendment", COL_TEXT},
};

static const struct personal_query record_query = {
	PERSONAL_COLS(record_cols),
	"SELECT r.id, r.kind, r.content, r.place, r.started_at, r.ended_at, r.minutes, r.organisation_name,"
	" r.confirmer_name, r.amends_id, r.amend_reason FROM vol_records r JOIN vol_volunteers v"
	" ON v.id=r.volunteer_id WHERE v.person_id=? ORDER BY r.started_at, r.id", "P",
};

PERSONAL_COLLECTOR(vol_pii_collect_registration, registration_query)
PERSONAL_COLLECTOR(vol_pii_collect_records, record_query)

int vol_pii_erase(struct ctx *c, const struct personal_subject *s, struct personal_report *r)
{
	int64_t vid = 0, records = 0;
	int rc;
	if (!s->person_id ||
	    (rc = db_int(c->db, c->e, &vid, "SELECT id FROM vol_volunteers WHERE person_id=?", "i", s->person_id)) == 0) {
		personal_report_add(r, "volunteer.registration", "none", 0, "没有志愿者登记", "no volunteer registration");
		return 0;
	}
	if (rc < 0 ||
	    (rc = db_int(c->db, c->e, &records, "SELECT count(*) FROM vol_records WHERE volunteer_id=?", "i", vid)) < 0)
		return rc;
	struct record rec;
	if ((rc = record_head(c, &vol_volunteer_kind, vid, &rec)) || (rc = record_begin(c, &rec, -1)) ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE vol_volunteers SET status='suspended', version=version+1, updated_at=?"
			  " WHERE id=? AND status='active'",
			  "ii", c->now, vid)) ||
	    (rc = record_commit(c, &rec, "suspend")))
		return rc;
	personal_report_add(r, "volunteer.registration", "kept", 1, "志愿者登记已暂停，不再记录新的服务",
			    "the volunteer registration is suspended: no new service is recorded");
	personal_report_add(r, "volunteer.records", "kept", records,
			    "志愿服务记录依《志愿服务记录与证明出具办法》保存（至少十年），证书据此核验，不删除",
			    "service records are kept as the rules on volunteer records require (ten years at least) "
			    "and certificates are verified against them: not deleted");
	return 0;
}
