/*
 * test_casework.c — the casework area (src/modules/casework): the next
 * visit in working days (weekends skipped, the latest visit sets the
 * case's dates, a client_key never doubles a visit), the consent's fields,
 * the referral's state machine (recipient only; accept/reject from sent,
 * complete/fail from accepted; revoke by the team), and the recipient's
 * access ending on completion, revocation, withdrawal and expiry; no case
 * content in the audit log.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "testutil.h"

#include "auth/auth.h"
#include "core/arena.h"
#include "modules/cases/cases.h"
#include "modules/casework/casework.h"

#define DAY (86400 * SEC)

struct fx {
	struct tstore *t;
	struct arena a;
	struct principal worker, sup, other, recip, admin;
	struct err e;
	int64_t now;
};

static struct ctx cx(struct fx *f, const struct principal *who)
{
	err_clear(&f->e);
	struct ctx c = {f->t->db, who, f->now, &f->a, &f->e, NULL};
	return c;
}

static int tx_end(struct fx *f, int rc)
{
	struct err e = {0};
	if (rc < 0)
		db_rollback(f->t->db);
	else
		assert_int_equal(db_commit(f->t->db, &e), 0);
	return rc;
}
static void tx_begin(struct fx *f)
{
	struct err e = {0};
	assert_int_equal(db_begin_write(f->t->db, &e), 0);
}
#define IN_TX(f, call) tx_end((f), (tx_begin(f), (call)))

static int64_t q1(struct fx *f, const char *sql, int64_t arg)
{
	return query_int(f->t->db, sql, arg);
}

static enum case_access access_of(struct fx *f, const struct principal *who, int64_t case_id)
{
	struct ctx c = cx(f, who);
	struct case_grant g;
	struct err e = {0};
	db_begin(f->t->db, &e);
	int rc = case_access(&c, case_id, &g);
	db_rollback(f->t->db);
	assert_int_equal(rc, 0);
	return g.access;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->t = tstore_new();
	f->now = T0; /* Wednesday 2026-11-25 09:30 Shanghai */
	arena_init(&f->a, 0);
	struct db *db = f->t->db;
	exec_committed(db, "INSERT INTO regions(id, level, name, path, created_at, updated_at) VALUES(1,'district','顺德区','/1/',0,0)");
	exec_committed(db, "INSERT INTO regions(id, parent_id, level, name, path, created_at, updated_at)"
			   " VALUES(25,1,'town','容桂街道','/1/25/',0,0),(26,25,'community','振华社区','/1/25/26/',0,0)");
	exec_committed(db, "INSERT INTO organisations (id, region_id, name, org_type, created_at, updated_at)"
			   " VALUES (1, 25, '测试社工站', 'social_work_agency', 0, 0), (2, 25, '接收机构', 'social_work_agency', 0, 0)");
	test_user(db, &f->a, "worker1", ROLE_SOCIAL_WORKER, 25, &f->worker);
	test_user(db, &f->a, "super1", ROLE_SOCIAL_WORKER, 25, &f->sup);
	test_user(db, &f->a, "worker2", ROLE_SOCIAL_WORKER, 25, &f->other);
	test_user(db, &f->a, "recip1", ROLE_SOCIAL_WORKER, 25, &f->recip);
	test_user(db, &f->a, "admin", ROLE_DISTRICT_ADMIN, 1, &f->admin);
	char sql[1200];
	snprintf(sql, sizeof sql,
		 "INSERT INTO case_staff (user_id, org_id, region_id, supervisor_id, is_supervisor, created_at, updated_at)"
		 " VALUES (%lld,1,25,NULL,1,0,0),(%lld,1,25,%lld,0,0,0),(%lld,1,25,%lld,0,0,0),(%lld,2,25,NULL,0,0,0)",
		 (long long)f->sup.user_id, (long long)f->worker.user_id, (long long)f->sup.user_id,
		 (long long)f->other.user_id, (long long)f->sup.user_id, (long long)f->recip.user_id);
	exec_committed(db, sql);
	snprintf(sql, sizeof sql,
		 "INSERT INTO cases (id, code, type, source, region_id, org_id, worker_id, supervisor_id, subject_name,"
		 " subject_gender, subject_birth_date, subject_phone, subject_address, status, opened_at, created_at, updated_at)"
		 " VALUES (1, 'GA2026-000001', 'elderly_alone', 'walk_in', 26, 1, %lld, %lld, '林秀英', 'female', '1948-05-06',"
		 " '13912345678', '振华路 1 号', 'active', 0, 0, 0)",
		 (long long)f->worker.user_id, (long long)f->sup.user_id);
	exec_committed(db, sql);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	tstore_free(f->t);
	arena_free(&f->a);
	free(f);
	return 0;
}

static int visit(struct fx *f, const struct principal *who, int64_t at, const char *key, int64_t *id, bool *dup)
{
	struct cw_visit_in in = {.kind = "home_visit", .visited_at = at, .notes = "血压偏高，情绪低落", .client_key = key};
	struct ctx c = cx(f, who);
	return IN_TX(f, cw_visit_add(&c, 1, &in, id, dup));
}

static void test_next_visit_working_days(void **state)
{
	struct fx *f = *state;
	int64_t id, id2, id3;
	bool dup;
	/* Wednesday + 10 working days = the Wednesday two weeks on. */
	assert_int_equal(visit(f, &f->worker, T0 - 3600 * SEC, NULL, &id, &dup), 0);
	assert_false(dup);
	assert_int_equal(q1(f, "SELECT next_visit_at FROM cases WHERE id=?", 1), T0 - 3600 * SEC + 14 * DAY);
	assert_int_equal(q1(f, "SELECT last_visit_at FROM cases WHERE id=?", 1), T0 - 3600 * SEC);
	/* Friday + 1 working day = Monday. */
	struct ctx c = cx(f, NULL);
	int64_t next;
	assert_int_equal(cw_next_visit(&c, T0 + 2 * DAY, 1, &next), 0);
	assert_int_equal(next, T0 + 5 * DAY);
	/* An older visit recorded later does not move the case's dates back. */
	assert_int_equal(visit(f, &f->worker, T0 - 5 * DAY, NULL, &id2, &dup), 0);
	assert_int_equal(q1(f, "SELECT last_visit_at FROM cases WHERE id=?", 1), T0 - 3600 * SEC);
	/* The same offline visit sent twice is one visit. */
	assert_int_equal(visit(f, &f->worker, T0 - 1800 * SEC, "phone-key-0001", &id3, &dup), 0);
	assert_false(dup);
	int64_t again;
	assert_int_equal(visit(f, &f->worker, T0 - 1800 * SEC, "phone-key-0001", &again, &dup), 0);
	assert_true(dup);
	assert_int_equal(again, id3);
	assert_int_equal(count_rows(f->t->db, "case_visits"), 3);
	/* Only the worker writes; others are refused, the outsider with 404. */
	assert_int_equal(visit(f, &f->sup, T0, NULL, &id, &dup), ERR_FORBIDDEN);
	assert_int_equal(visit(f, &f->other, T0, NULL, &id, &dup), ERR_NOT_FOUND);
	assert_int_equal(visit(f, &f->admin, T0, NULL, &id, &dup), ERR_NOT_FOUND);
	/* In the future: refused. */
	assert_int_equal(visit(f, &f->worker, T0 + DAY, NULL, &id, &dup), ERR_INVALID);
	assert_string_equal(f->e.field, "visited_at");
	/* The job: a case more than 5 working days late gets one flag, once. */
	exec_committed(f->t->db, "UPDATE cases SET next_visit_at = next_visit_at - 30 * 86400000000 WHERE id=1");
	c = cx(f, NULL);
	int64_t n = 0;
	assert_int_equal(IN_TX(f, cw_missed_visits(&c, &n)), 0);
	assert_int_equal(n, 1);
	c = cx(f, NULL);
	assert_int_equal(IN_TX(f, cw_missed_visits(&c, &n)), 0);
	assert_int_equal(n, 0);
	assert_int_equal(q1(f, "SELECT count(*) FROM case_flags WHERE case_id=? AND kind='missed_visits'", 1), 1);
}

static int consent(struct fx *f, const char *kind, int64_t org, const char *fields, int64_t expires, int64_t *id)
{
	struct cw_consent_in in = {.purpose = "service_referral", .recipient_kind = kind, .recipient_org_id = org,
				   .fields = fields, .given_by = "subject", .method = "written", .expires_at = expires};
	struct ctx c = cx(f, &f->worker);
	return IN_TX(f, cw_consent_add(&c, 1, &in, id));
}

static void test_consent_fields(void **state)
{
	struct fx *f = *state;
	int64_t id;
	assert_int_equal(consent(f, "organisation", 2, "name,idcard", 0, &id), ERR_INVALID);
	assert_string_equal(f->e.field, "fields");
	assert_int_equal(consent(f, "organisation", 2, "age,age", 0, &id), ERR_INVALID);
	assert_int_equal(consent(f, "organisation", 2, "", 0, &id), ERR_INVALID);
	assert_int_equal(consent(f, "organisation", 0, "age", 0, &id), ERR_INVALID);
	assert_string_equal(f->e.field, "recipient_org_id");
	assert_int_equal(consent(f, "organisation", 2, "age", T0 - SEC, &id), ERR_INVALID);
	assert_string_equal(f->e.field, "expires_at");
	assert_int_equal(count_rows(f->t->db, "case_consents"), 0);
	assert_int_equal(consent(f, "organisation", 2, "name,age,type", 0, &id), 0);
	assert_true(case_field_allowed("name,age,type", "age"));
	assert_false(case_field_allowed("name,age,type", "phone"));
}

static int refer(struct fx *f, int64_t consent_id, int64_t *id)
{
	struct cw_referral_in in = {.consent_id = consent_id, .target = "organisation",
				    .recipient_user_id = f->recip.user_id, .reason = "需要心理疏导"};
	struct ctx c = cx(f, &f->worker);
	return IN_TX(f, cw_referral_add(&c, 1, &in, id));
}

static int act(struct fx *f, const struct principal *who, int64_t id, const char *action, const char *text)
{
	struct ctx c = cx(f, who);
	int64_t v = q1(f, "SELECT version FROM case_referrals WHERE id=?", id);
	return IN_TX(f, cw_referral_act(&c, id, action, text, NULL, v));
}

static void test_referral_states(void **state)
{
	struct fx *f = *state;
	int64_t k, r;
	assert_int_equal(consent(f, "organisation", 2, "name,age", 0, &k), 0);
	/* a recipient outside the consented organisation is refused */
	struct cw_referral_in bad = {.consent_id = k, .target = "organisation", .recipient_user_id = f->other.user_id,
				     .reason = "需要心理疏导"};
	struct ctx c = cx(f, &f->worker);
	assert_int_equal(IN_TX(f, cw_referral_add(&c, 1, &bad, &r)), ERR_INVALID);
	assert_string_equal(f->e.field, "recipient_user_id");
	assert_int_equal(refer(f, k, &r), 0);
	assert_int_equal(access_of(f, &f->recip, 1), CASE_RECIPIENT);
	assert_int_equal(act(f, &f->recip, r, "complete", "做完了"), ERR_CONFLICT); /* not accepted yet */
	assert_int_equal(act(f, &f->worker, r, "accept", NULL), ERR_FORBIDDEN);   /* the recipient's */
	assert_int_equal(act(f, &f->other, r, "accept", NULL), ERR_NOT_FOUND);
	assert_int_equal(act(f, &f->recip, r, "accept", NULL), 0);
	assert_int_equal(act(f, &f->recip, r, "accept", NULL), ERR_CONFLICT);
	assert_int_equal(act(f, &f->recip, r, "reject", "不合适"), ERR_CONFLICT);
	assert_int_equal(act(f, &f->recip, r, "complete", ""), ERR_INVALID);
	assert_int_equal(act(f, &f->recip, r, "fail", "bored"), ERR_INVALID);
	assert_int_equal(act(f, &f->recip, r, "complete", "完成 6 次辅导"), 0);
	assert_int_equal(access_of(f, &f->recip, 1), CASE_NONE); /* completion ends access */
	assert_int_equal(act(f, &f->recip, r, "fail", "other"), ERR_NOT_FOUND);
	/* revocation by the supervisor */
	assert_int_equal(refer(f, k, &r), 0);
	assert_int_equal(access_of(f, &f->recip, 1), CASE_RECIPIENT);
	assert_int_equal(act(f, &f->recip, r, "revoke", NULL), ERR_FORBIDDEN);
	assert_int_equal(act(f, &f->sup, r, "revoke", NULL), 0);
	assert_int_equal(access_of(f, &f->recip, 1), CASE_NONE);
	/* withdrawal of the consent */
	assert_int_equal(refer(f, k, &r), 0);
	assert_int_equal(act(f, &f->recip, r, "accept", NULL), 0);
	assert_int_equal(access_of(f, &f->recip, 1), CASE_RECIPIENT);
	c = cx(f, &f->worker);
	assert_int_equal(IN_TX(f, cw_consent_withdraw(&c, k, "x", 1)), ERR_INVALID);
	c = cx(f, &f->other);
	assert_int_equal(IN_TX(f, cw_consent_withdraw(&c, k, "本人撤回", 1)), ERR_NOT_FOUND);
	c = cx(f, &f->worker);
	assert_int_equal(IN_TX(f, cw_consent_withdraw(&c, k, "本人撤回", 1)), 0);
	assert_int_equal(access_of(f, &f->recip, 1), CASE_NONE);
	assert_int_equal(q1(f, "SELECT count(*) FROM case_referrals WHERE id=? AND status='revoked'", r), 1);
	assert_int_equal(refer(f, k, &r), ERR_RULE); /* a withdrawn consent refers nothing */
	/* expiry */
	int64_t k2;
	assert_int_equal(consent(f, "organisation", 2, "age", T0 + DAY, &k2), 0);
	assert_int_equal(refer(f, k2, &r), 0);
	assert_int_equal(access_of(f, &f->recip, 1), CASE_RECIPIENT);
	f->now = T0 + 2 * DAY;
	assert_int_equal(access_of(f, &f->recip, 1), CASE_NONE);
	/* the view: consented fields only */
	f->now = T0;
	int64_t k3;
	assert_int_equal(consent(f, "organisation", 2, "age,type", 0, &k3), 0);
	assert_int_equal(refer(f, k3, &r), 0);
	struct sb out = {0};
	struct jw w;
	jw_init(&w, &out);
	c = cx(f, &f->recip);
	tx_begin(f);
	assert_int_equal(cw_referral_view(&c, &w, r), 0);
	tx_end(f, 0);
	sb_addc(&out, 0);
	assert_non_null(strstr(out.buf, "\"age\":78"));
	assert_null(strstr(out.buf, "林秀英"));
	assert_null(strstr(out.buf, "13912345678"));
	assert_null(strstr(out.buf, "GA2026"));
	sb_free(&out);
	/* the audit log holds references, never the content */
	assert_int_equal(count_rows(f->t->db, "audit_log WHERE coalesce(after_json,'')||coalesce(before_json,'') LIKE '%林秀英%'"
					      " OR coalesce(after_json,'')||coalesce(before_json,'') LIKE '%本人撤回%'"
					      " OR coalesce(after_json,'')||coalesce(before_json,'') LIKE '%辅导%'"),
			 0);
	assert_true(count_rows(f->t->db, "audit_log WHERE entity='case_referral'") >= 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_next_visit_working_days, setup, teardown),
		cmocka_unit_test_setup_teardown(test_consent_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_referral_states, setup, teardown),
	};
	return RUN_SUITE(tests);
}
