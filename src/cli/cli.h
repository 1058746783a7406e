/*
 * cli.h — shared parsing for subcommands: `--name value` or `--name=value`
 * options and positional arguments. Each cmd_*.c declares its options;
 * unknown options are an error with the usage line.
 */
#ifndef WUSHE_CLI_CLI_H
#define WUSHE_CLI_CLI_H

#include "core/config.h"
#include "core/err.h"

struct store;

#define CLI_MAX_OPTS 16
#define CLI_MAX_POS 8

struct cli_args {
	const char *names[CLI_MAX_OPTS];
	char namebuf[CLI_MAX_OPTS][32];
	const char *values[CLI_MAX_OPTS];
	int nopts;
	const char *pos[CLI_MAX_POS];
	int npos;
};

/* allowed: NULL-terminated option names without "--"; flags (no value) end in '!' */
int cli_parse(int argc, char **argv, const char *const *allowed, struct cli_args *a);
const char *cli_opt(const struct cli_args *a, const char *name);
int cli_flag(const struct cli_args *a, const char *name);
/* Config from file/env/flags (--db, --config, --bind, --port, --static, --threads, --log-level). */
int cli_config(const struct cli_args *a, struct config *c);
/* Print e to stderr in both languages and return the exit status 1. */
int cli_fail(const char *cmd, const struct err *e);
/* Open the store from config, migrating. */
int cli_open_store(const struct config *c, struct store **s, int checkpoint_thread);

/* A command that works on the store, declared once:
 *
 *     static int audit_run(struct cli_run *r) { … r->s, r->a.pos, &r->e … }
 *     int cmd_audit(int argc, char **argv)
 *     {
 *         static const struct cli_cmd cmd = {.name = "audit", .npos = 1, .sub = "verify",
 *             .usage = "usage: wushe audit verify --db PATH", .run = audit_run};
 *         return cli_main(argc, argv, &cmd);
 *     }
 */
struct cli_run {
	struct cli_args a;
	struct config c;
	struct store *s; /* open, migrated; closed after run returns */
	struct err e;
};
struct cli_cmd {
	const char *name;        /* "wushe <name>: …" in error messages */
	const char *const *opts; /* as for cli_parse; NULL: --db and --config */
	int npos;                /* positional arguments it takes; -1: any number */
	const char *sub;         /* the first positional argument must be this word (NULL: any) */
	const char *usage;       /* printed to stderr when the arguments do not fit */
	/* The work: 0 or an exit status; a negative error code (r->e filled)
	 * is printed after the store is closed and exits 1. */
	int (*run)(struct cli_run *r);
};
/* Parse argv by cmd, read the config, check the positional arguments (2
 * and the usage when they do not fit), open the store (1 when it does not
 * open), run cmd->run and close the store. Returns the exit status. */
int cli_main(int argc, char **argv, const struct cli_cmd *cmd);

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_sql(int argc, char **argv);
/* Areas' own subcommands (cmd_import, cmd_assign, …) live in their folders
 * and are listed by their module descriptors (core/module.h). */

#endif
