/*
 * notify_mail.c — notices by e-mail (notify_mail.h).
 */
#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/sb.h"
#include "core/wtime.h"
#include "core/xmem.h"
#include "notify/notify_mail.h"
#include "store/store.h"

#define BATCH_USERS 100
#define BATCH_NOTICES 50
#define MAX_ATTEMPTS 6
#define DAY_US (86400LL * WTIME_US)

/* One person's e-mail: the notices claimed for it. */
struct item {
	int64_t id, created_at;
	const char *title, *body, *link;
};
struct letter {
	int64_t user_id, max_id;
	const char *email;
	struct item *items;
	int n;
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

/* ---------- claim: pending → sending, committed before any SMTP ---------- */

static int claim(struct db *db, struct arena *a, int64_t now, struct letter **out, int *nout, struct err *e)
{
	*nout = 0;
	int rc = db_begin_write(db, e);
	if (rc)
		return rc;
	struct stmt *st = db_q(db, e,
			       "SELECT n.user_id, p.email FROM notices n JOIN notice_prefs p ON p.user_id=n.user_id"
			       " WHERE n.mail_state='pending' AND n.mail_next_at <= ? AND p.email<>''"
			       " AND (p.mail='instant' OR (p.mail='daily' AND p.last_mail_at <= ?))"
			       " GROUP BY n.user_id, p.email ORDER BY n.user_id LIMIT ?",
			       "iii", now, now - DAY_US, (int64_t)BATCH_USERS);
	if (!st) {
		db_rollback(db);
		return e->code;
	}
	struct letter *l = arena_alloc(a, sizeof *l * BATCH_USERS);
	int n = 0;
	while ((rc = stmt_step(st, e)) == 1 && n < BATCH_USERS) {
		l[n].user_id = col_int(st, 0);
		l[n].email = arena_strdup(a, col_text(st, 1));
		n++;
	}
	stmt_done(st);
	for (int i = 0; rc >= 0 && i < n; i++) {
		struct stmt *q = db_q(db, e,
				      "SELECT id, created_at, title, body, link FROM notices WHERE user_id=?"
				      " AND mail_state='pending' AND mail_next_at <= ? ORDER BY id LIMIT ?",
				      "iii", l[i].user_id, now, (int64_t)BATCH_NOTICES);
		if (!q) {
			rc = e->code;
			break;
		}
		l[i].items = arena_alloc(a, sizeof *l[i].items * BATCH_NOTICES);
		while ((rc = stmt_step(q, e)) == 1 && l[i].n < BATCH_NOTICES) {
			struct item *it = &l[i].items[l[i].n++];
			it->id = col_int(q, 0);
			it->created_at = col_int(q, 1);
			it->title = arena_strdup(a, col_text(q, 2));
			it->body = arena_strdup(a, col_text(q, 3));
			it->link = arena_strdup(a, col_text(q, 4));
			l[i].max_id = it->id;
		}
		stmt_done(q);
		if (rc >= 0)
			rc = db_exec(db, e,
				     "UPDATE notices SET mail_state='sending' WHERE user_id=? AND mail_state='pending'"
				     " AND mail_next_at <= ? AND id <= ?",
				     "iii", l[i].user_id, now, l[i].max_id);
	}
	if (rc < 0) {
		db_rollback(db);
		return rc;
	}
	if ((rc = db_commit(db, e)))
		return rc;
	*out = l;
	*nout = n;
	return 0;
}

/* ---------- the message ---------- */

static void b64(struct sb *out, const void *p, size_t n)
{
	size_t cap = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
	char *buf = xmalloc(cap);
	sodium_bin2base64(buf, cap, p, n, sodium_base64_VARIANT_ORIGINAL);
	sb_adds(out, buf);
	free(buf);
}

/* RFC 5322 headers and a base64 text/plain UTF-8 body (RFC 2045/2047). */
static void compose(struct sb *msg, const struct notify_mail_cfg *m, const struct letter *l, int64_t now)
{
	struct sb subj = SB_INIT, body = SB_INIT;
	if (l->n == 1)
		sb_addf(&subj, "%s", l->items[0].title);
	else
		sb_addf(&subj, "您有 %d 条新消息 / %d new notices", l->n, l->n);
	sb_addf(&body, "您好：\r\n\r\n五社联动社区共治平台有 %d 条新消息：\r\n\r\n", l->n);
	for (int i = 0; i < l->n; i++) {
		const struct item *it = &l->items[i];
		char at[40];
		wtime_format(it->created_at, at, sizeof at);
		at[10] = ' ';
		at[16] = 0;
		sb_addf(&body, "· %s（%s）\r\n", it->title, at);
		if (it->body && *it->body)
			sb_addf(&body, "  %s\r\n", it->body);
		if (it->link && *it->link)
			sb_addf(&body, "  %s%s\r\n", m->public_url, it->link);
		sb_adds(&body, "\r\n");
	}
	sb_addf(&body, "在“消息中心”可查看全部消息，并设置邮件提醒方式：%s/inbox\r\n"
		       "You can read every notice and choose how you are e-mailed in Messages: %s/inbox\r\n",
		m->public_url, m->public_url);
	char date[64];
	time_t t = (time_t)(now / WTIME_US);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	sb_addf(msg, "Date: %s\r\nFrom: =?UTF-8?B?", date);
	b64(msg, "五社联动", strlen("五社联动"));
	sb_addf(msg, "?= <%s>\r\nTo: <%s>\r\nSubject: =?UTF-8?B?", m->from, l->email);
	b64(msg, subj.buf, subj.len);
	/* one Message-ID per claimed batch: the user and the last notice */
	sb_addf(msg, "?=\r\nMessage-ID: <notice-%lld-%lld@wushe>\r\nMIME-Version: 1.0\r\n"
		     "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
		(long long)l->user_id, (long long)l->max_id);
	/* base64 in lines of 76 */
	struct sb enc = SB_INIT;
	b64(&enc, body.buf, body.len);
	for (size_t i = 0; i < enc.len; i += 76) {
		sb_add(msg, enc.buf + i, enc.len - i < 76 ? enc.len - i : 76);
		sb_adds(msg, "\r\n");
	}
	sb_free(&enc);
	sb_free(&subj);
	sb_free(&body);
}

struct upload {
	const char *p;
	size_t left;
};

static size_t read_cb(char *buf, size_t size, size_t nitems, void *ud)
{
	struct upload *u = ud;
	size_t n = size * nitems < u->left ? size * nitems : u->left;
	memcpy(buf, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

/* 0 sent, else the SMTP failure into err (cap bytes). */
static int smtp_send(const struct notify_mail_cfg *m, const char *to, const struct sb *msg, char *err, size_t cap)
{
	CURL *curl = curl_easy_init();
	if (!curl) {
		snprintf(err, cap, "curl_easy_init failed");
		return -1;
	}
	char from[300], rcpt[300];
	snprintf(from, sizeof from, "<%s>", m->from);
	snprintf(rcpt, sizeof rcpt, "<%s>", to);
	struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
	struct upload u = {msg->buf, msg->len};
	char ebuf[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(curl, CURLOPT_URL, m->smtp_url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(curl, CURLOPT_READDATA, &u);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, ebuf);
	CURLcode res = curl_easy_perform(curl);
	if (res != CURLE_OK)
		snprintf(err, cap, "%s", *ebuf ? ebuf : curl_easy_strerror(res));
	curl_slist_free_all(rcpts);
	curl_easy_cleanup(curl);
	return res == CURLE_OK ? 0 : -1;
}

/* ---------- settle: sending → sent, or back to pending later ---------- */

static int settle(struct db *db, const struct letter *l, int64_t now, const char *failure, struct err *e)
{
	int rc = db_begin_write(db, e);
	if (rc)
		return rc;
	if (!failure)
		rc = db_exec(db, e,
			     "UPDATE notices SET mail_state='sent', mail_sent_at=?, mail_attempts=mail_attempts+1,"
			     " mail_error=NULL WHERE user_id=? AND mail_state='sending' AND id <= ?",
			     "iii", now, l->user_id, l->max_id);
	else
		/* back-off after attempt k (1-based): 1 min, 5 min, 30 min, 2 h, 12 h */
		rc = db_exec(db, e,
			     "UPDATE notices SET mail_attempts=mail_attempts+1, mail_error=?,"
			     " mail_state=CASE WHEN mail_attempts+1 >= ? THEN 'failed' ELSE 'pending' END,"
			     " mail_next_at=? + 1000000 * CASE mail_attempts WHEN 0 THEN 60 WHEN 1 THEN 300"
			     " WHEN 2 THEN 1800 WHEN 3 THEN 7200 ELSE 43200 END"
			     " WHERE user_id=? AND mail_state='sending' AND id <= ?",
			     "siiii", failure, (int64_t)MAX_ATTEMPTS, now, l->user_id, l->max_id);
	if (!rc && !failure)
		rc = db_exec(db, e, "UPDATE notice_prefs SET last_mail_at=? WHERE user_id=?", "ii", now, l->user_id);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db, e);
}

int notify_mail_recover(struct db *db, int64_t now, struct err *e)
{
	int rc = db_begin_write(db, e);
	if (rc)
		return rc;
	if ((rc = db_exec(db, e,
			  "UPDATE notices SET mail_state='failed', mail_next_at=?, mail_error="
			  "'interrupted while sending: not sent again, so that it is never sent twice'"
			  " WHERE mail_state='sending'",
			  "i", now))) {
		db_rollback(db);
		return rc;
	}
	int64_t n = db_changes(db);
	if ((rc = db_commit(db, e)))
		return rc;
	if (n)
		log_warn("notices: %lld e-mail(s) interrupted by a stop are marked failed (in-app notices stay)",
			 (long long)n);
	return 0;
}

int notify_mail_run(struct db *db, const struct notify_mail_cfg *m, int64_t now, struct notify_mail_stats *st,
		    struct err *e)
{
	struct notify_mail_stats none;
	if (!st)
		st = &none;
	memset(st, 0, sizeof *st);
	pthread_once(&curl_once, curl_init);
	struct arena a;
	arena_init(&a, 16384);
	struct letter *l;
	int n, rc = claim(db, &a, now, &l, &n, e);
	for (int i = 0; !rc && i < n; i++) {
		struct sb msg = SB_INIT;
		char failure[512] = "";
		compose(&msg, m, &l[i], now);
		int bad = smtp_send(m, l[i].email, &msg, failure, sizeof failure);
		sb_free(&msg);
		if (bad)
			log_warn("notices: e-mail to user %lld failed: %s", (long long)l[i].user_id, failure);
		rc = settle(db, &l[i], now, bad ? failure : NULL, e);
		if (!bad)
			st->sent++;
		else
			st->retrying++;
	}
	arena_free(&a);
	return rc;
}

/* ---------- the server's mailer thread ---------- */

static struct {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int running, stop, interval_s;
	struct store *s;
	char url[512], from[256], pub[256];
} mailer = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static void *mailer_main(void *arg)
{
	(void)arg;
	struct notify_mail_cfg m = {mailer.url, mailer.from, mailer.pub};
	struct err e = {0};
	struct db *db = store_db(mailer.s, &e);
	if (!db || notify_mail_recover(db, wtime_now(), &e))
		log_error("notices: mailer cannot start: %s", e.message_en);
	pthread_mutex_lock(&mailer.mu);
	while (db && !mailer.stop) {
		pthread_mutex_unlock(&mailer.mu);
		struct notify_mail_stats st;
		err_clear(&e);
		if (notify_mail_run(db, &m, wtime_now(), &st, &e))
			log_error("notices: mail pass failed: %s", e.message_en);
		else if (st.sent || st.retrying)
			log_info("notices: %d e-mail(s) sent, %d to retry", st.sent, st.retrying);
		pthread_mutex_lock(&mailer.mu);
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += mailer.interval_s;
		while (!mailer.stop && pthread_cond_timedwait(&mailer.cv, &mailer.mu, &ts) == 0)
			;
	}
	pthread_mutex_unlock(&mailer.mu);
	store_release_thread(mailer.s);
	return NULL;
}

int notify_mailer_start(struct store *s, const struct notify_mail_cfg *m, int interval_s, struct err *e)
{
	pthread_once(&curl_once, curl_init);
	mailer.s = s;
	mailer.stop = 0;
	mailer.interval_s = interval_s > 0 ? interval_s : 60;
	snprintf(mailer.url, sizeof mailer.url, "%s", m->smtp_url);
	snprintf(mailer.from, sizeof mailer.from, "%s", m->from);
	snprintf(mailer.pub, sizeof mailer.pub, "%s", m->public_url);
	if (pthread_create(&mailer.th, NULL, mailer_main, NULL))
		return err_set(e, ERR_INTERNAL, NULL, "无法启动邮件发送线程", "cannot start the mailer thread");
	mailer.running = 1;
	return 0;
}

void notify_mailer_stop(void)
{
	if (!mailer.running)
		return;
	pthread_mutex_lock(&mailer.mu);
	mailer.stop = 1;
	pthread_cond_signal(&mailer.cv);
	pthread_mutex_unlock(&mailer.mu);
	pthread_join(mailer.th, NULL);
	mailer.running = 0;
}
