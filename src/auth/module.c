/* module.c — accounts, roles, region scopes and sessions (auth.h). */
#include "auth/auth.h"
#include "auth/auth_http.h"
#include "core/module.h"

int auth_demo(struct db *db, int64_t now, struct err *e);
/* personal.c: the account in a person's copy and erasure; old sessions. */
int auth_pii_collect(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int auth_pii_collect_grants(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int auth_pii_collect_sessions(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int auth_pii_erase(struct ctx *c, const struct personal_subject *s, struct personal_report *r);
int auth_expire_sessions(struct ctx *c, int64_t before, int dry_run, int64_t *count);

WUSHE_MODULE(auth) = {
	.name = "auth",
	.order = 20,
	.routes = (const struct route *const[]){auth_routes, NULL},
	.demo = auth_demo,
	.enums = (const struct module_enum[]){{"role", role_ids}, {NULL, NULL}},
	.pii = (const struct module_pii[]){
		{"auth.account", "账号", "Account", auth_pii_collect, auth_pii_erase},
		{"auth.roles", "角色", "Roles", auth_pii_collect_grants, NULL},
		{"auth.sessions", "登录记录", "Sign-ins", auth_pii_collect_sessions, NULL},
		{NULL, NULL, NULL, NULL, NULL},
	},
	.retention = (const struct module_retention[]){
		{"auth.sessions", "已结束的登录会话", "ended sign-in sessions", 90, auth_expire_sessions},
		{NULL, NULL, NULL, 0, NULL},
	},
};
