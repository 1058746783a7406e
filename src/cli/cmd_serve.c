/*
 * cmd_serve.c — `wushe serve`: open the store (migrating), start the HTTP
 * server, wait for SIGTERM/SIGINT, then stop accepting, cancel running
 * imports, let in-flight requests finish, and close the database cleanly
 * (final checkpoint). Imports interrupted by a crash are taken back first.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

#include "cli/cli.h"
#include "core/log.h"
#include "http/http.h"
#include "modules/registry/registry_import.h"
#include "core/module.h"
#include "jobs/jobs.h"
#include "notify/notify_mail.h"
#include "routes.h"
#include "store/store.h"

int cmd_serve(int argc, char **argv)
{
	static const char *const opts[] = {"db", "config", "bind", "port", "static", "threads",
					   "log-level", "https-proxy!", NULL};
	struct cli_args a;
	struct config c;
	if (cli_parse(argc, argv, opts, &a) || cli_config(&a, &c))
		return 2;
	if (cli_flag(&a, "https-proxy"))
		c.https_proxy = 1;
	/* Block the signals before any thread starts so only sigwait sees them. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct store *s;
	if (cli_open_store(&c, &s, 1))
		return 1;
	/* An import a crash or a stop interrupted is taken back before serving. */
	struct err re = {0};
	struct db *rdb = store_db(s, &re);
	if (!rdb || registry_import_recover(rdb, NULL, &re)) {
		store_close(s);
		return cli_fail("serve", &re);
	}
	/* each area reads what it needs of the configuration (module.h .serve) */
	int nm = 0;
	const struct module *const *mods = modules_all(&nm);
	for (int i = 0; i < nm; i++)
		if (mods[i]->serve)
			mods[i]->serve(&c);
	/* The areas' periodic jobs (jobs.h): one pass now, before the server
	 * listens (a missed check-out is closed before anyone reads it), then
	 * on their thread. */
	if (jobs_start(s, rdb, &re)) {
		store_close(s);
		return cli_fail("serve", &re);
	}
	store_release_thread(s);
	routes_register_all();
	struct http_config hc = {.bind = c.bind, .port = c.port, .threads = c.threads,
				 .static_dir = c.static_dir, .max_body = 1u << 20,
				 .max_connections = (unsigned)c.max_connections,
				 .read_timeout = (unsigned)c.read_timeout, .https = c.https_proxy != 0};
	struct http_server *srv;
	struct err e = {0};
	if (http_start(&hc, s, &srv, &e)) {
		store_close(s);
		return cli_fail("serve", &e);
	}
	/* E-mail notices, when an SMTP server is configured (notify_mail.h). */
	struct notify_mail_cfg mc = {c.smtp_url, c.smtp_from, c.public_url};
	if (c.smtp_url[0] && notify_mailer_start(s, &mc, c.mail_interval, &e)) {
		http_stop(srv);
		store_close(s);
		return cli_fail("serve", &e);
	}
	log_info("wushe serving http://%s:%d/ (db %s, static %s, %d threads%s%s)", c.bind, c.port, c.db,
		 c.static_dir, c.threads, c.group_commit ? ", group commit" : "", c.smtp_url[0] ? ", e-mail notices on" : "");
	printf("wushe: listening on http://%s:%d/\n", c.bind, c.port);
	fflush(stdout);
	int sig = 0;
	sigwait(&set, &sig);
	log_info("signal %d: finishing in-flight requests", sig);
	registry_import_cancel_all(); /* a long import stops at its next row and is taken back */
	http_stop(srv);
	notify_mailer_stop(); /* after its current pass: a claimed e-mail is sent and settled */
	jobs_stop();          /* after the job then running */
	uint64_t batches = 0, writes = 0;
	store_group_stats(s, &batches, &writes);
	if (writes)
		printf("wushe: group commit: %llu writes in %llu batches\n", (unsigned long long)writes,
		       (unsigned long long)batches);
	store_close(s);
	log_info("stopped cleanly");
	return 0;
}
