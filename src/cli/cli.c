/* cli.c — see cli.h. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "store/store.h"

int cli_parse(int argc, char **argv, const char *const *allowed, struct cli_args *a)
{
	memset(a, 0, sizeof *a);
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (strncmp(arg, "--", 2) != 0 || strcmp(arg, "--") == 0) {
			if (a->npos >= CLI_MAX_POS) {
				fprintf(stderr, "too many arguments / 参数过多\n");
				return -1;
			}
			a->pos[a->npos++] = arg;
			continue;
		}
		const char *name = arg + 2;
		const char *eq = strchr(name, '=');
		size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
		const char *match = NULL;
		int is_flag = 0;
		for (const char *const *p = allowed; *p; p++) {
			size_t l = strlen(*p);
			int flag = (*p)[l - 1] == '!';
			if (flag)
				l--;
			if (l == nlen && strncmp(*p, name, nlen) == 0) {
				match = *p;
				is_flag = flag;
				break;
			}
		}
		if (!match || a->nopts >= CLI_MAX_OPTS) {
			fprintf(stderr, "未知选项 / unknown option: %s\n", arg);
			return -1;
		}
		const char *val;
		if (is_flag)
			val = "1";
		else if (eq)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else {
			fprintf(stderr, "选项缺少取值 / option needs a value: %s\n", arg);
			return -1;
		}
		/* nlen equals a declared option's length, all far below 32. */
		snprintf(a->namebuf[a->nopts], sizeof a->namebuf[0], "%.*s", (int)nlen, name);
		a->names[a->nopts] = a->namebuf[a->nopts];
		a->values[a->nopts] = val;
		a->nopts++;
	}
	return 0;
}

const char *cli_opt(const struct cli_args *a, const char *name)
{
	for (int i = a->nopts - 1; i >= 0; i--)
		if (strcmp(a->names[i], name) == 0)
			return a->values[i];
	return NULL;
}

int cli_flag(const struct cli_args *a, const char *name) { return cli_opt(a, name) != NULL; }

int cli_fail(const char *cmd, const struct err *e)
{
	fprintf(stderr, "wushe %s: %s\nwushe %s: %s%s%s\n", cmd, e->message, cmd, e->message_en,
		e->field[0] ? " [" : "", e->field[0] ? e->field : "");
	if (e->field[0])
		fputs("]\n", stderr);
	return 1;
}

int cli_config(const struct cli_args *a, struct config *c)
{
	struct err e = {0};
	config_defaults(c);
	const char *file = cli_opt(a, "config");
	if (!file)
		file = getenv("WUSHE_CONFIG");
	int rc = config_load_file(c, file ? file : "wushe.conf", file != NULL, &e);
	if (!rc)
		rc = config_load_env(c, &e);
	static const struct {
		const char *opt, *key;
	} map[] = {{"db", "db"}, {"bind", "bind"}, {"port", "port"}, {"static", "static_dir"},
		   {"threads", "threads"}, {"log-level", "log_level"}};
	for (size_t i = 0; !rc && i < sizeof map / sizeof map[0]; i++) {
		const char *v = cli_opt(a, map[i].opt);
		if (v)
			rc = config_set(c, map[i].key, v, &e);
	}
	enum log_level lvl;
	if (!rc && log_parse_level(c->log_level, &lvl))
		rc = err_set(&e, ERR_INVALID, "log_level", "日志级别应为 debug/info/warn/error/off",
			     "log level must be debug, info, warn, error or off");
	if (rc)
		return cli_fail("config", &e);
	log_set_level(lvl);
	return 0;
}

int cli_main(int argc, char **argv, const struct cli_cmd *cmd)
{
	static const char *const store_opts[] = {"db", "config", NULL};
	struct cli_run r = {.e = {0}};
	if (cli_parse(argc, argv, cmd->opts ? cmd->opts : store_opts, &r.a) || cli_config(&r.a, &r.c))
		return 2;
	if ((cmd->npos >= 0 && r.a.npos != cmd->npos) ||
	    (cmd->sub && (r.a.npos < 1 || strcmp(r.a.pos[0], cmd->sub) != 0))) {
		fprintf(stderr, "%s\n", cmd->usage);
		return 2;
	}
	if (cli_open_store(&r.c, &r.s, 0))
		return 1;
	int rc = cmd->run(&r);
	store_close(r.s);
	return rc < 0 ? cli_fail(cmd->name, &r.e) : rc;
}

int cli_open_store(const struct config *c, struct store **s, int checkpoint_thread)
{
	struct err e = {0};
	struct store_opts o = {.checkpoint_thread = checkpoint_thread != 0,
				.group_commit = checkpoint_thread != 0 && c->group_commit};
	if (store_open(c->db, &o, s, &e))
		return cli_fail("store", &e);
	return 0;
}
