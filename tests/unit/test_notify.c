/*
 * test_notify.c — notices (src/notify): written beside the change, one
 * account's only, fanned out to a role in a region; and e-mailed through a
 * real SMTP server (Debian's python3-aiosmtpd, started here on a free port)
 * exactly once, kept across a stop of the SMTP server, retried with
 * back-off.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "testutil.h"

#include "auth/auth.h"
#include "core/arena.h"
#include "notify/notify.h"
#include "notify/notify_mail.h"

/* ---------- a local SMTP server ---------- */

struct smtpd {
	pid_t pid;
	int port;
	char log[64];
};

static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	close(fd);
	return ntohs(a.sin_port);
}

static int port_open(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
	close(fd);
	return ok;
}

/* aiosmtpd prints every message it receives to stdout (its default
 * handler), which goes to d->log. */
static void smtpd_start(struct smtpd *d, int port)
{
	d->port = port;
	if (!d->log[0]) {
		snprintf(d->log, sizeof d->log, "/tmp/wushe-smtp-XXXXXX");
		int fd = mkstemp(d->log);
		assert_true(fd >= 0);
		close(fd);
	}
	d->pid = fork();
	assert_true(d->pid >= 0);
	if (d->pid == 0) {
		char listen[32];
		snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
		/* stdout and stderr to the log: nothing of the test's own pipes is
		 * held by the child, so a failed test cannot leave a runner waiting */
		FILE *f = freopen(d->log, "a", stdout);
		FILE *g = freopen("/dev/null", "w", stderr);
		FILE *h = freopen("/dev/null", "r", stdin);
		(void)f;
		(void)g;
		(void)h;
		execl("/usr/bin/python3", "python3", "-u", "-m", "aiosmtpd", "-n", "-l", listen, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 100 && !port_open(port); i++)
		usleep(50000);
	assert_true(port_open(port));
}

static void smtpd_stop(struct smtpd *d)
{
	if (d->pid > 0) {
		kill(d->pid, SIGTERM);
		waitpid(d->pid, NULL, 0);
		d->pid = 0;
	}
}

/* How many messages the server printed, and whether text is among them. */
static int smtpd_count(const struct smtpd *d, const char *text, int *found)
{
	FILE *f = fopen(d->log, "r");
	assert_non_null(f);
	char line[4096];
	int n = 0;
	if (found)
		*found = 0;
	while (fgets(line, sizeof line, f)) {
		if (strstr(line, "MESSAGE FOLLOWS"))
			n++;
		if (found && text && strstr(line, text))
			*found = 1;
	}
	fclose(f);
	return n;
}

/* ---------- fixture: a district, a community, three accounts ---------- */

struct fx {
	struct smtpd d; /* stopped by teardown even when a test fails */
	struct tstore *t;
	struct arena a;
	struct principal staff, staff2, other;
	struct err e;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->t = tstore_new();
	arena_init(&f->a, 0);
	exec_committed(f->t->db,
		       "INSERT INTO regions(id, level, name, path, created_at, updated_at) VALUES(1,'district','顺德区','/1/',0,0)");
	exec_committed(f->t->db,
		       "INSERT INTO regions(id, parent_id, level, name, path, created_at, updated_at)"
		       " VALUES(2,1,'town','大良街道','/1/2/',0,0),(3,2,'community','北区社区','/1/2/3/',0,0),"
		       "(4,2,'community','文华社区','/1/2/4/',0,0)");
	test_user(f->t->db, &f->a, "beiqu", ROLE_COMMUNITY_STAFF, 3, &f->staff);
	test_user(f->t->db, &f->a, "daliang", ROLE_COMMUNITY_STAFF, 2, &f->staff2);
	test_user(f->t->db, &f->a, "wenhua", ROLE_COMMUNITY_STAFF, 4, &f->other);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	smtpd_stop(&f->d);
	if (f->d.log[0])
		unlink(f->d.log);
	tstore_free(f->t);
	arena_free(&f->a);
	free(f);
	return 0;
}

static struct notice sample(const char *title)
{
	struct notice n = {.kind = "test.job", .region_id = 3, .title = title, .title_en = title,
			   .link = "/exchange/provider", .entity = "xchg_match", .entity_id = 7};
	return n;
}

/* notify_user in a write transaction, as a logic step would. */
static void tell(struct fx *f, int64_t user_id, const char *title, int64_t now)
{
	struct ctx c = ctx_system(f->t->db, now, &f->a, &f->e);
	assert_int_equal(db_begin_write(f->t->db, &f->e), 0);
	struct notice n = sample(title);
	assert_int_equal(notify_user(&c, user_id, &n), 0);
	assert_int_equal(db_commit(f->t->db, &f->e), 0);
}

/* ---------- notices ---------- */

static void test_role_fans_out_to_the_region_and_above(void **state)
{
	struct fx *f = *state;
	struct ctx c = ctx_system(f->t->db, T0, &f->a, &f->e);
	assert_int_equal(db_begin_write(f->t->db, &f->e), 0);
	struct notice n = sample("有争议需要处理");
	assert_int_equal(notify_role(&c, R(ROLE_COMMUNITY_STAFF), &n), 0);
	assert_int_equal(db_commit(f->t->db, &f->e), 0);
	/* 北区 (the region) and 大良 (above it) are told; 文华, beside it, is not */
	assert_int_equal(count_rows(f->t->db, "notices WHERE title='有争议需要处理'"), 2);
	assert_int_equal(query_int(f->t->db, "SELECT count(*) FROM notices WHERE user_id=?", f->staff.user_id), 1);
	assert_int_equal(query_int(f->t->db, "SELECT count(*) FROM notices WHERE user_id=?", f->staff2.user_id), 1);
	assert_int_equal(query_int(f->t->db, "SELECT count(*) FROM notices WHERE user_id=?", f->other.user_id), 0);
}

static void test_a_rolled_back_change_leaves_no_notice(void **state)
{
	struct fx *f = *state;
	struct ctx c = ctx_system(f->t->db, T0, &f->a, &f->e);
	assert_int_equal(db_begin_write(f->t->db, &f->e), 0);
	struct notice n = sample("回滚");
	assert_int_equal(notify_user(&c, f->staff.user_id, &n), 0);
	db_rollback(f->t->db);
	assert_int_equal(count_rows(f->t->db, "notices"), 0);
}

static void test_read_is_the_owners_only(void **state)
{
	struct fx *f = *state;
	tell(f, f->staff.user_id, "新的服务请求", T0);
	int64_t id = query_int(f->t->db, "SELECT id FROM notices WHERE user_id=?", f->staff.user_id);
	struct ctx other = {f->t->db, &f->other, T0, &f->a, &f->e, NULL};
	struct ctx mine = {f->t->db, &f->staff, T0, &f->a, &f->e, NULL};
	int64_t n = -1;
	assert_int_equal(db_begin_write(f->t->db, &f->e), 0);
	assert_int_equal(notify_read(&other, id), ERR_NOT_FOUND);
	assert_int_equal(notify_unread(&mine, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(notify_read(&mine, id), 0);
	assert_int_equal(notify_unread(&mine, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(db_commit(f->t->db, &f->e), 0);
}

static void test_a_second_reminder_within_a_day_is_refused(void **state)
{
	struct fx *f = *state;
	struct ctx c = {f->t->db, &f->staff2, T0, &f->a, &f->e, NULL};
	struct notice n = sample("催办");
	n.kind = "test.remind";
	assert_int_equal(db_begin_write(f->t->db, &f->e), 0);
	assert_int_equal(notify_remind(&c, f->staff.user_id, &n), 0);
	c.now = T0 + 3600 * SEC;
	assert_int_equal(notify_remind(&c, f->staff.user_id, &n), ERR_RULE);
	c.now = T0 + 86401 * SEC;
	assert_int_equal(notify_remind(&c, f->staff.user_id, &n), 0);
	assert_int_equal(db_commit(f->t->db, &f->e), 0);
	assert_int_equal(count_rows(f->t->db, "notices WHERE kind='test.remind'"), 2);
}

/* ---------- e-mail ---------- */

static void prefs(struct fx *f, int64_t user_id, const char *email, const char *mode)
{
	struct err e = {0};
	assert_int_equal(db_begin_write(f->t->db, &e), 0);
	assert_int_equal(db_exec(f->t->db, &e,
				 "INSERT INTO notice_prefs (user_id, email, mail, updated_at) VALUES (?, ?, ?, 0)",
				 "iss", user_id, email, mode),
			 0);
	assert_int_equal(db_commit(f->t->db, &e), 0);
}

static void test_mail_is_sent_once_and_survives_an_smtp_outage(void **state)
{
	struct fx *f = *state;
	struct smtpd *d = &f->d;
	int port = free_port();
	char url[64];
	snprintf(url, sizeof url, "smtp://127.0.0.1:%d", port);
	struct notify_mail_cfg m = {url, "wushe@example.org", "https://wushe.example.org"};
	struct notify_mail_stats st;
	int found;
	prefs(f, f->staff.user_id, "beiqu@example.org", "instant");
	smtpd_start(d, port);

	tell(f, f->staff.user_id, "新的服务请求：长者陪诊", T0);
	tell(f, f->staff2.user_id, "没有选择邮件的人", T0); /* no prefs: in-app only */
	assert_int_equal(count_rows(f->t->db, "notices WHERE mail_state='pending'"), 1);
	assert_int_equal(notify_mail_run(f->t->db, &m, T0 + SEC, &st, &f->e), 0);
	assert_int_equal(st.sent, 1);
	assert_int_equal(smtpd_count(d, "To: <beiqu@example.org>", &found), 1);
	assert_true(found);
	smtpd_count(d, "Subject: =?UTF-8?B?", &found); /* the Chinese subject, encoded */
	assert_true(found);
	/* never twice: a second pass sends nothing */
	assert_int_equal(notify_mail_run(f->t->db, &m, T0 + 2 * SEC, &st, &f->e), 0);
	assert_int_equal(st.sent, 0);
	assert_int_equal(smtpd_count(d, NULL, NULL), 1);
	assert_int_equal(count_rows(f->t->db, "notices WHERE mail_state='sent'"), 1);

	/* the SMTP server is down: the notice waits, with back-off */
	smtpd_stop(d);
	tell(f, f->staff.user_id, "服务已完成，请确认", T0 + 10 * SEC);
	assert_int_equal(notify_mail_run(f->t->db, &m, T0 + 11 * SEC, &st, &f->e), 0);
	assert_int_equal(st.retrying, 1);
	assert_int_equal(count_rows(f->t->db, "notices WHERE mail_state='pending' AND mail_attempts=1"), 1);
	assert_int_equal(query_int(f->t->db, "SELECT mail_next_at FROM notices WHERE mail_attempts=? AND mail_state='pending'", 1),
			 T0 + 11 * SEC + 60 * SEC);
	/* back up, but before the back-off ends nothing is tried */
	smtpd_start(d, port);
	assert_int_equal(notify_mail_run(f->t->db, &m, T0 + 30 * SEC, &st, &f->e), 0);
	assert_int_equal(st.sent + st.retrying, 0);
	/* after it, the notice goes out, once */
	assert_int_equal(notify_mail_run(f->t->db, &m, T0 + 80 * SEC, &st, &f->e), 0);
	assert_int_equal(st.sent, 1);
	assert_int_equal(smtpd_count(d, NULL, NULL), 2);
	assert_int_equal(count_rows(f->t->db, "notices WHERE mail_state='sent'"), 2);
	smtpd_stop(d);
}

static void test_daily_digest_waits_a_day_and_gathers(void **state)
{
	struct fx *f = *state;
	struct smtpd *d = &f->d;
	int port = free_port();
	char url[64];
	snprintf(url, sizeof url, "smtp://127.0.0.1:%d", port);
	struct notify_mail_cfg m = {url, "wushe@example.org", "https://wushe.example.org"};
	struct notify_mail_stats st;
	prefs(f, f->staff.user_id, "beiqu@example.org", "daily");
	smtpd_start(d, port);
	tell(f, f->staff.user_id, "第一条", T0);
	assert_int_equal(notify_mail_run(f->t->db, &m, T0 + SEC, &st, &f->e), 0);
	assert_int_equal(st.sent, 1); /* the first digest goes at once */
	tell(f, f->staff.user_id, "第二条", T0 + 3600 * SEC);
	tell(f, f->staff.user_id, "第三条", T0 + 7200 * SEC);
	assert_int_equal(notify_mail_run(f->t->db, &m, T0 + 7300 * SEC, &st, &f->e), 0);
	assert_int_equal(st.sent, 0); /* a day has not passed */
	assert_int_equal(notify_mail_run(f->t->db, &m, T0 + 86402 * SEC, &st, &f->e), 0);
	assert_int_equal(st.sent, 1); /* one e-mail with both */
	assert_int_equal(smtpd_count(d, NULL, NULL), 2);
	assert_int_equal(count_rows(f->t->db, "notices WHERE mail_state='sent'"), 3);
	smtpd_stop(d);
}

static void test_a_crash_mid_send_is_never_resent(void **state)
{
	struct fx *f = *state;
	prefs(f, f->staff.user_id, "beiqu@example.org", "instant");
	tell(f, f->staff.user_id, "发送中断", T0);
	/* a mailer claimed it and the process died before settling */
	exec_committed(f->t->db, "UPDATE notices SET mail_state='sending'");
	assert_int_equal(notify_mail_recover(f->t->db, T0 + SEC, &f->e), 0);
	assert_int_equal(count_rows(f->t->db, "notices WHERE mail_state='failed'"), 1);
	struct notify_mail_cfg m = {"smtp://127.0.0.1:1", "wushe@example.org", "https://x"};
	struct notify_mail_stats st;
	assert_int_equal(notify_mail_run(f->t->db, &m, T0 + 100 * SEC, &st, &f->e), 0);
	assert_int_equal(st.sent + st.retrying, 0);
	/* and it is still in the message centre */
	assert_int_equal(count_rows(f->t->db, "notices WHERE read_at IS NULL"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_role_fans_out_to_the_region_and_above, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_rolled_back_change_leaves_no_notice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_is_the_owners_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_second_reminder_within_a_day_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mail_is_sent_once_and_survives_an_smtp_outage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_daily_digest_waits_a_day_and_gathers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_crash_mid_send_is_never_resent, setup, teardown),
	};
	return RUN_SUITE(tests);
}
