/*
 * config.h — settings from, in rising precedence: built-in safe defaults
 * (bind 127.0.0.1, port 8080), a config file of `key = value` lines
 * (--config PATH, $WUSHE_CONFIG, or ./wushe.conf when present), the
 * environment (WUSHE_BIND, WUSHE_PORT, WUSHE_DB, WUSHE_LOG_LEVEL,
 * WUSHE_THREADS, WUSHE_STATIC, WUSHE_HTTPS_PROXY), and command-line flags.
 *
 * https_proxy (true/false): browsers reach wushe over HTTPS through a
 * reverse proxy, so cookies are marked Secure and responses carry HSTS.
 * max_connections and read_timeout (seconds a connection may stay silent)
 * bound what slow or idle clients can hold (docs/security.md, "HTTP hardening").
 *
 * smtp_url turns on e-mail notices (src/notify/notify_mail.c): the server
 * sends people who chose e-mail their notices every mail_interval seconds
 * through that SMTP server ("smtp://host:25", "smtps://user:pass@host:465";
 * WUSHE_SMTP_URL), from smtp_from, with links to public_url.
 */
#ifndef WUSHE_CORE_CONFIG_H
#define WUSHE_CORE_CONFIG_H

#include "core/err.h"

struct config {
	char bind[64];
	int port;
	char db[1024];
	char log_level[16];
	int threads;
	int group_commit;     /* serve: batch requests' writes into one commit (default on) */
	char static_dir[1024];
	int https_proxy;
	int max_connections;
	int read_timeout;
	char smtp_url[512];
	char smtp_from[256];
	char public_url[256];
	int mail_interval;
};

void config_defaults(struct config *c);
int config_load_file(struct config *c, const char *path, int required, struct err *e);
int config_load_env(struct config *c, struct err *e);
int config_set(struct config *c, const char *key, const char *value, struct err *e);

#endif
