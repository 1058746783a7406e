/*
 * cmd_notify.c — `wushe notify-mail --db PATH [--smtp-url URL]`: one pass of
 * the e-mail notices (notify_mail.h), for a timer when the server does not
 * run the mailer itself, and for operators checking an SMTP setting. The
 * URL, sender and link base come from the config (smtp_url, smtp_from,
 * public_url) unless --smtp-url is given. Prints what was sent.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "core/wtime.h"
#include "notify/notify_mail.h"
#include "store/store.h"

static int mail_run(struct cli_run *r)
{
	const char *url = cli_opt(&r->a, "smtp-url");
	struct notify_mail_cfg m = {url ? url : r->c.smtp_url, r->c.smtp_from, r->c.public_url};
	if (!m.smtp_url[0]) {
		fprintf(stderr, "wushe notify-mail: no SMTP server: set smtp_url (or WUSHE_SMTP_URL, --smtp-url)\n");
		return 2;
	}
	struct db *db = store_db(r->s, &r->e);
	if (!db)
		return r->e.code;
	struct notify_mail_stats st;
	int rc = notify_mail_run(db, &m, wtime_now(), &st, &r->e);
	if (!rc)
		printf("{\"sent\":%d,\"to_retry\":%d}\n", st.sent, st.retrying);
	return rc;
}

int cmd_notify_mail(int argc, char **argv)
{
	static const char *const opts[] = {"db", "config", "smtp-url", "log-level", NULL};
	static const struct cli_cmd cmd = {.name = "notify-mail", .opts = opts, .npos = 0,
					   .usage = "usage: wushe notify-mail --db PATH [--smtp-url smtp://HOST:PORT]",
					   .run = mail_run};
	return cli_main(argc, argv, &cmd);
}
