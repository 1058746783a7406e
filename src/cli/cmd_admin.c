/*
 * cmd_admin.c — the small operator commands: init, migrate, backup, user,
 * audit verify, routes. Each opens the store, does one thing in one
 * transaction where it writes, and reports in Chinese and English.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "cli/cli.h"
#include "core/wtime.h"
#include "http/http.h"
#include "modules/region/region.h"
#include "routes.h"
#include "store/store.h"

static int init_run(struct cli_run *r)
{
	const char *district = cli_opt(&r->a, "district");
	if (district) {
		struct db *db = store_db(r->s, &r->e);
		struct region_in in = {.level = "district", .name = district};
		int rc = db ? db_begin_write(db, &r->e) : ERR_STORE;
		if (!rc)
			rc = region_create(db, NULL, &in, wtime_now(), NULL, &r->e);
		if (!rc)
			rc = db_commit(db, &r->e);
		if (rc) {
			if (db)
				db_rollback(db);
			return rc;
		}
	}
	int v = 0;
	struct err e2 = {0};
	store_schema_version(r->s, &v, &e2);
	printf("数据库已就绪 / database ready: %s (schema %d)\n", r->c.db, v);
	return 0;
}

int cmd_init(int argc, char **argv)
{
	static const char *const opts[] = {"db", "config", "district", NULL};
	static const struct cli_cmd cmd = {.name = "init", .opts = opts, .npos = -1, .run = init_run};
	return cli_main(argc, argv, &cmd);
}

int cmd_migrate(int argc, char **argv)
{
	static const char *const opts[] = {"db", "config", NULL};
	struct cli_args a;
	struct config c;
	if (cli_parse(argc, argv, opts, &a) || cli_config(&a, &c))
		return 2;
	struct store *s;
	struct err e = {0};
	struct store_opts o = {.no_migrate = true};
	if (store_open(c.db, &o, &s, &e))
		return cli_fail("migrate", &e);
	int n = 0, v = 0;
	if (store_migrate(s, &n, &e) || store_schema_version(s, &v, &e)) {
		store_close(s);
		return cli_fail("migrate", &e);
	}
	printf("已应用 %d 个迁移，当前版本 %d / applied %d migrations, schema version %d\n", n, v, n, v);
	store_close(s);
	return 0;
}

static int backup_run(struct cli_run *r)
{
	int rc = store_backup(r->s, r->a.pos[0], &r->e);
	if (!rc)
		printf("备份完成 / backup written: %s\n", r->a.pos[0]);
	return rc;
}

int cmd_backup(int argc, char **argv)
{
	static const struct cli_cmd cmd = {
		.name = "backup", .npos = 1, .usage = "usage: wushe backup --db PATH DEST", .run = backup_run};
	return cli_main(argc, argv, &cmd);
}

static int read_password(const char *given, char *buf, size_t cap)
{
	if (given) {
		snprintf(buf, cap, "%s", given);
		return 0;
	}
	const char *env = getenv("WUSHE_PASSWORD");
	if (env) {
		snprintf(buf, cap, "%s", env);
		return 0;
	}
	struct termios old, quiet;
	int tty = isatty(0) && tcgetattr(0, &old) == 0;
	if (tty) {
		fprintf(stderr, "密码 / password: ");
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(0, TCSANOW, &quiet);
	}
	char *ok = fgets(buf, (int)cap, stdin);
	if (tty) {
		tcsetattr(0, TCSANOW, &old);
		fputc('\n', stderr);
	}
	if (!ok)
		return -1;
	buf[strcspn(buf, "\r\n")] = 0;
	return 0;
}

int cmd_user(int argc, char **argv)
{
	static const char *const opts[] = {"db", "config", "username", "password", "role", "region",
					   "display-name", NULL};
	struct cli_args a;
	struct config c;
	if (cli_parse(argc, argv, opts, &a) || cli_config(&a, &c))
		return 2;
	const char *sub = a.npos ? a.pos[0] : "";
	const char *username = cli_opt(&a, "username");
	if ((strcmp(sub, "create") != 0 && strcmp(sub, "reset-password") != 0) || !username) {
		fprintf(stderr,
			"usage: wushe user create --db PATH --username U --role ROLE --region NAME|ID"
			" [--display-name N] [--password P]\n"
			"       wushe user reset-password --db PATH --username U [--password P]\n"
			"  (password from --password, $WUSHE_PASSWORD, or typed at the prompt)\n");
		return 2;
	}
	char pw[300];
	if (read_password(cli_opt(&a, "password"), pw, sizeof pw)) {
		fprintf(stderr, "wushe user: 未读到密码 / no password given\n");
		return 2;
	}
	struct store *s;
	if (cli_open_store(&c, &s, 0))
		return 1;
	struct err e = {0};
	struct db *db = store_db(s, &e);
	int rc = db ? db_begin_write(db, &e) : ERR_STORE;
	if (!rc && strcmp(sub, "create") == 0) {
		const char *role_s = cli_opt(&a, "role"), *region_s = cli_opt(&a, "region");
		int role = role_from_id(role_s);
		int64_t region = region_s ? region_find(db, region_s, &e) : 0;
		if (role < 0)
			rc = err_setf(&e, ERR_INVALID, "role", "未知角色：%s", "unknown role: %s",
				      role_s ? role_s : "(none)");
		else if (!region)
			rc = err_setf(&e, ERR_INVALID, "region", "区域不存在：%s", "no such region: %s",
				      region_s ? region_s : "(none)");
		else
			rc = auth_user_create_cli(db, username, cli_opt(&a, "display-name"), pw, role,
						  region, wtime_now(), &e);
	} else if (!rc) {
		rc = auth_user_reset_cli(db, username, pw, wtime_now(), &e);
	}
	if (!rc)
		rc = db_commit(db, &e);
	else if (db)
		db_rollback(db);
	sodium_memzero(pw, sizeof pw);
	store_close(s);
	if (rc)
		return cli_fail("user", &e);
	printf("%s: %s\n", strcmp(sub, "create") == 0 ? "已创建用户 / user created" : "密码已重置 / password reset",
	       username);
	return 0;
}

static int audit_run(struct cli_run *r)
{
	struct audit_verify_result v;
	struct db *db = store_db(r->s, &r->e);
	int rc = db ? audit_verify(db, &v, &r->e) : ERR_STORE;
	if (rc)
		return rc;
	if (v.ok) {
		printf("审计日志完整：已校验 %lld 条 / audit log intact: %lld entries verified\n",
		       (long long)v.checked, (long long)v.checked);
		return 0;
	}
	printf("审计日志被篡改：第 %lld 条起不一致 / audit log TAMPERED at entry %lld: %s\n",
	       (long long)v.first_bad_id, (long long)v.first_bad_id, v.reason);
	return 3;
}

int cmd_audit(int argc, char **argv)
{
	static const struct cli_cmd cmd = {.name = "audit", .npos = 1, .sub = "verify",
					   .usage = "usage: wushe audit verify --db PATH", .run = audit_run};
	return cli_main(argc, argv, &cmd);
}

static void print_route(const struct route *rt, void *ctx)
{
	(void)ctx;
	printf("%-6s %-40s ", rt->method, rt->pattern);
	if (rt->flags & RT_PUBLIC) {
		printf("public");
	} else if (rt->roles == ROLES_ANY) {
		printf("any logged-in user");
	} else {
		const char *sep = "";
		for (int i = 0; i < ROLE__COUNT; i++)
			if (rt->roles & R(i)) {
				printf("%s%s", sep, role_infos[i].id);
				sep = ",";
			}
	}
	printf("\t%s\n", rt->summary ? rt->summary : "");
}

int cmd_routes(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	routes_register_all();
	router_each(print_route, NULL);
	return 0;
}
