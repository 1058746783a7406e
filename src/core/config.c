/* config.c — see config.h. */
#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	snprintf(c->bind, sizeof c->bind, "127.0.0.1");
	c->port = 8080;
	snprintf(c->db, sizeof c->db, "data/wushe.db");
	snprintf(c->log_level, sizeof c->log_level, "info");
	c->threads = 4;
	snprintf(c->static_dir, sizeof c->static_dir, "web/dist");
	c->max_connections = 256;
	c->read_timeout = 20;
	snprintf(c->smtp_from, sizeof c->smtp_from, "wushe@localhost");
	snprintf(c->public_url, sizeof c->public_url, "http://127.0.0.1:8080");
	c->mail_interval = 60;
	c->group_commit = 1;
}

static int to_bool(const char *key, const char *v, int *out, struct err *e)
{
	static const char *const yes[] = {"1", "true", "yes", "on"}, *const no[] = {"0", "false", "no", "off"};
	for (size_t i = 0; i < 4; i++) {
		if (strcmp(v, yes[i]) == 0)
			return *out = 1, 0;
		if (strcmp(v, no[i]) == 0)
			return *out = 0, 0;
	}
	return err_setf(e, ERR_INVALID, key, "配置项 %s 应为 true 或 false", "setting %s must be true or false",
			key);
}

static int copy(char *dst, size_t cap, const char *key, const char *v, struct err *e)
{
	if (strlen(v) >= cap)
		return err_setf(e, ERR_INVALID, key, "配置项 %s 过长", "setting %s is too long", key);
	snprintf(dst, cap, "%s", v);
	return 0;
}

static int to_int(const char *key, const char *v, int min, int max, int *out, struct err *e)
{
	char *end;
	errno = 0;
	long x = strtol(v, &end, 10);
	if (!*v || *end || errno || x < min || x > max)
		return err_setf(e, ERR_INVALID, key, "配置项 %s 应为 %d 到 %d 之间的整数",
				"setting %s must be an integer from %d to %d", key, min, max);
	*out = (int)x;
	return 0;
}

/* Every setting: its key, where it lands, and what it accepts. */
#define STR(k, m) {k, 's', offsetof(struct config, m), sizeof((struct config *)0)->m, 0, 0}
#define INT(k, m, lo, hi) {k, 'i', offsetof(struct config, m), 0, lo, hi}
static const struct setting {
	const char *key;
	char type;     /* s text (bounded by size), i integer in [min, max], b boolean */
	size_t off, size;
	int min, max;
} settings[] = {
	STR("bind", bind),
	INT("port", port, 0, 65535),
	STR("db", db),
	STR("log_level", log_level),
	INT("threads", threads, 1, 256),
	STR("static_dir", static_dir),
	{"https_proxy", 'b', offsetof(struct config, https_proxy), 0, 0, 0},
	INT("max_connections", max_connections, 16, 100000),
	INT("read_timeout", read_timeout, 1, 3600),
	STR("smtp_url", smtp_url),
	STR("smtp_from", smtp_from),
	STR("public_url", public_url),
	INT("mail_interval", mail_interval, 1, 86400),
	{"group_commit", 'b', offsetof(struct config, group_commit), 0, 0, 0},
};
#undef STR
#undef INT

int config_set(struct config *c, const char *key, const char *value, struct err *e)
{
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		const struct setting *st = &settings[i];
		if (strcmp(key, st->key) != 0)
			continue;
		char *at = (char *)c + st->off;
		if (st->type == 's')
			return copy(at, st->size, key, value, e);
		if (st->type == 'i')
			return to_int(key, value, st->min, st->max, (int *)(void *)at, e);
		return to_bool(key, value, (int *)(void *)at, e);
	}
	return err_setf(e, ERR_INVALID, key, "未知配置项：%s", "unknown setting: %s", key);
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = 0;
	return s;
}

int config_load_file(struct config *c, const char *path, int required, struct err *e)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (!required)
			return 0;
		return err_setf(e, ERR_IO, "config", "无法读取配置文件 %s", "cannot read config file %s",
				path);
	}
	char line[2048];
	int lineno = 0, rc = 0;
	while (!rc && fgets(line, sizeof line, f)) {
		lineno++;
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			rc = err_setf(e, ERR_INVALID, "config", "配置文件 %s 第 %d 行缺少“=”",
				      "config file %s line %d: missing '='", path, lineno);
			break;
		}
		*eq = 0;
		rc = config_set(c, trim(s), trim(eq + 1), e);
	}
	fclose(f);
	return rc;
}

int config_load_env(struct config *c, struct err *e)
{
	static const struct {
		const char *env, *key;
	} map[] = {{"WUSHE_BIND", "bind"}, {"WUSHE_PORT", "port"}, {"WUSHE_DB", "db"},
		   {"WUSHE_LOG_LEVEL", "log_level"}, {"WUSHE_THREADS", "threads"}, {"WUSHE_GROUP_COMMIT", "group_commit"},
		   {"WUSHE_STATIC", "static_dir"}, {"WUSHE_HTTPS_PROXY", "https_proxy"},
		   {"WUSHE_SMTP_URL", "smtp_url"}, {"WUSHE_SMTP_FROM", "smtp_from"},
		   {"WUSHE_PUBLIC_URL", "public_url"}, {"WUSHE_MAIL_INTERVAL", "mail_interval"}};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		const char *v = getenv(map[i].env);
		int rc;
		if (v && *v && (rc = config_set(c, map[i].key, v, e)))
			return rc;
	}
	return 0;
}
