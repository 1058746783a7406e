/*
 * notify_mail.h — notices by e-mail, through a real SMTP server (libcurl's
 * SMTP). The states a notice goes through are in schema/050_notify.sql:
 * pending (written with the change, so it survives a restart) → sending
 * (claimed by one mailer, committed before the SMTP dialogue) → sent, or
 * back to pending with a later mail_next_at after a failure (back-off 1 min,
 * 5 min, 30 min, 2 h, 12 h), failed after six attempts. A notice found
 * 'sending' when a server starts was caught mid-send by a crash: it is
 * marked failed and never sent again, so nobody gets an e-mail twice.
 */
#ifndef WUSHE_NOTIFY_NOTIFY_MAIL_H
#define WUSHE_NOTIFY_NOTIFY_MAIL_H

#include <stdint.h>

#include "core/err.h"

struct db;
struct store;

struct notify_mail_cfg {
	const char *smtp_url;    /* "smtp://127.0.0.1:2525" */
	const char *from;        /* "wushe@district.gov.cn" */
	const char *public_url;  /* links in the e-mail: public_url + the notice's link */
};

struct notify_mail_stats {
	int sent, failed, retrying; /* e-mails (one per person) */
};

/* One pass: each person with notices due gets one e-mail with up to 50 of
 * them ('instant': now; 'daily': when the last e-mail is a day old). */
int notify_mail_run(struct db *db, const struct notify_mail_cfg *m, int64_t now, struct notify_mail_stats *st,
		    struct err *e);
/* Before a server's first pass: notices left 'sending' by a crash → failed. */
int notify_mail_recover(struct db *db, int64_t now, struct err *e);

/* The server's mailer thread: a pass every interval_s seconds until
 * notify_mailer_stop(). */
int notify_mailer_start(struct store *s, const struct notify_mail_cfg *m, int interval_s, struct err *e);
void notify_mailer_stop(void);

#endif
