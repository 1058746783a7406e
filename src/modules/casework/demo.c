/*
 * demo.c — the casework demo (order 73, after the cases area's 72): on
 * whatever open cases the 容桂 station has (found by query, never by id),
 * visits over the past weeks (some cases left overdue), consents, one
 * referral to a service (an exchange demand with the consented fields
 * only), one to another organisation's account `swref` waiting for its
 * answer, and one completed with an outcome. Without cases it only adds
 * the account.
 */
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "modules/cases/cases.h"
#include "modules/casework/casework.h"
#include "modules/region/region.h"
#include "store/store.h"

#define DAY (86400LL * 1000000)

static const char *const notes[] = {
	"入户了解近况，老人精神尚可，冰箱食物充足，提醒按时服药。",
	"电话回访，家属反映近期睡眠改善，约定下周再访。",
	"与监护人沟通学习情况，孩子作业基本按时完成。",
	"外展活动中见面，情绪平稳，愿意参加小组活动。",
	"到校了解在校表现，班主任反映与同学相处融洽。",
};

static int demo_org(struct ctx *c, int64_t town, int64_t *org)
{
	const char *name = "佛山市顺德区和悦社会工作服务中心";
	int rc = db_int(c->db, c->e, org, "SELECT id FROM organisations WHERE name=?", "s", name);
	if (rc)
		return rc < 0 ? rc : 0;
	return db_int(c->db, c->e, org,
		      "INSERT INTO organisations (region_id, name, org_type, domain, registration, filed_town_id, status,"
		      " contact_name, created_at, updated_at) VALUES (?,?,'social_work_agency','other','filed',?,'active',"
		      "'何社工',?,?) RETURNING id",
		      "isiii", town, name, town, c->now, c->now) < 0
		       ? c->e->code
		       : 0;
}

int cw_demo(struct db *db, int64_t now, struct err *e)
{
	int64_t town = region_find(db, "容桂街道", e);
	if (town <= 0) {
		err_clear(e);
		return 0;
	}
	int rc = auth_user_create_cli(db, "swref", "和悦社工转介专员", "Demo@2026", ROLE_SOCIAL_WORKER, town, now, e);
	if (rc)
		return rc;
	struct arena a;
	arena_init(&a, 0);
	struct ctx c = ctx_system(db, now, &a, e);
	int64_t org = 0, swref = 0;
	if ((rc = demo_org(&c, town, &org)) ||
	    (rc = db_int(db, e, &swref, "SELECT id FROM users WHERE username='swref'", "")) < 0)
		goto out;
	/* swref receives referrals for 和悦 as its case staff (casework.c org_member) */
	if ((rc = db_exec(db, e,
			  "INSERT INTO case_staff (user_id, org_id, region_id, is_supervisor, created_at, updated_at)"
			  " VALUES (?,?,?,0,?,?)",
			  "iiiii", swref, org, town, now, now)))
		goto out;
	rc = 0;
	/* The station's open cases (by the station's region). */
	int64_t ids[64];
	int n = 0;
	struct stmt *st = db_q(db, e,
			       "SELECT c.id FROM cases c JOIN case_staff s ON s.user_id=c.worker_id WHERE s.region_id=?"
			       " AND c.status<>'closed' ORDER BY c.id LIMIT 64",
			       "i", town);
	if (!st) {
		rc = e->code ? e->code : ERR_STORE;
		goto out;
	}
	while ((rc = stmt_step(st, e)) == 1 && n < 64)
		ids[n++] = col_int(st, 0);
	stmt_done(st);
	if (rc < 0)
		goto out;
	rc = 0;
	for (int i = 0; i < n; i++) {
		/* Every third case is left overdue: its last visit long ago. */
		bool overdue = i % 3 == 2;
		int visits = 1 + i % 3;
		for (int v = 0; v < visits; v++) {
			struct cw_visit_in in = {0};
			in.kind = cw_visit_kinds[(i + v) % 5];
			in.visited_at = now - (overdue ? 40 : 16) * DAY + v * 7 * DAY + (i % 5) * 3600 * 1000000LL;
			in.duration_min = 30 + 15 * ((i + v) % 4);
			in.notes = notes[(i + v) % 5];
			in.observations = v == 0 ? "居住环境整洁" : "";
			int64_t vid;
			bool dup;
			if ((rc = cw_visit_add(&c, ids[i], &in, &vid, &dup)))
				goto out;
		}
	}
	/* A consent and a referral to a service on the first case. */
	if (n >= 1) {
		int64_t term = 0;
		if ((rc = db_int(db, e, &term, "SELECT id FROM xchg_terms WHERE active=1 AND parent_id IS NOT NULL ORDER BY id LIMIT 1",
				 "")) < 0)
			goto out;
		rc = 0;
		struct cw_consent_in k = {.purpose = "service_referral", .recipient_kind = "service",
					  .fields = "gender,age,type,needs", .given_by = "subject", .method = "written"};
		int64_t kid, rid;
		if ((rc = cw_consent_add(&c, ids[0], &k, &kid)))
			goto out;
		if (term) {
			struct cw_referral_in r = {.consent_id = kid, .target = "service", .term_id = term,
						   .reason = "需要上门助餐与陪同就医服务"};
			if ((rc = cw_referral_add(&c, ids[0], &r, &rid)))
				goto out;
		}
	}
	/* To the other organisation's account: one waiting, one completed. */
	for (int i = 1; i < n && i <= 2; i++) {
		struct cw_consent_in k = {.purpose = "service_referral", .recipient_kind = "organisation",
					  .recipient_org_id = org, .fields = "name,gender,age,phone,type,needs",
					  .given_by = i == 1 ? "subject" : "guardian", .method = "written"};
		int64_t kid, rid;
		if ((rc = cw_consent_add(&c, ids[i], &k, &kid)))
			goto out;
		struct cw_referral_in r = {.consent_id = kid, .target = "organisation", .recipient_user_id = swref,
					   .reason = i == 1 ? "需要心理咨询与情绪疏导" : "需要课后托管与学业辅导"};
		if ((rc = cw_referral_add(&c, ids[i], &r, &rid)))
			goto out;
		if (i == 2 &&
		    (rc = db_exec(db, e,
				  "UPDATE case_referrals SET status='completed', outcome=?, responded_at=?, ended_at=?,"
				  " version=3 WHERE id=?",
				  "siii", "已完成 8 次课后辅导，孩子学业跟上进度，家长满意。", now - 10 * DAY, now - 2 * DAY, rid)))
			goto out;
	}
out:
	arena_free(&a);
	return rc;
}
