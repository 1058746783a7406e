/*
 * main.c — dispatch to a subcommand (git's builtin table). Each command
 * lives in src/cli/cmd_<name>.c; only main and the commands exit.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/module.h"


static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *help;
} commands[] = {
	{"serve", cmd_serve, "serve the API and web UI  (--db --bind --port --static --threads --https-proxy)"},
	{"init", cmd_init, "create a database and apply the schema  (--db [--district NAME])"},
	{"migrate", cmd_migrate, "apply pending schema migrations  (--db)"},
	{"demo", cmd_demo, "create a database with the 顺德区 demo district  (--db)"},
	{"backup", cmd_backup, "online backup to a new file  (--db DEST)"},
	{"user", cmd_user, "user create | reset-password  (--db --username --password --role --region)"},
	{"audit", cmd_audit, "audit verify: check the hash chain  (--db)"},
	{"routes", cmd_routes, "list every API route with the roles it admits"},
	{"sql", cmd_sql, "SQL through the store: rows as JSON, --digest a hash of them, --script a write  (--db [--script|--digest] SQL…)"},
};

static void usage(FILE *f)
{
	fprintf(f, "wushe — 五社联动 community co-governance platform\n\nusage: wushe <command> [options]\n\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
	int n;
	const struct module *const *m = modules_all(&n);
	for (int i = 0; i < n; i++)
		for (const struct module_cmd *c = m[i]->commands; c && c->name; c++)
			fprintf(f, "  %-8s %s  [%s]\n", c->name, c->help, m[i]->name);
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "wushe: libsodium failed to initialise\n");
		return 1;
	}
	if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	const struct module_cmd *mc = modules_command(argv[1]);
	if (mc)
		return mc->fn(argc - 1, argv + 1);
	fprintf(stderr, "wushe: 未知命令 / unknown command: %s\n\n", argv[1]);
	usage(stderr);
	return 2;
}
