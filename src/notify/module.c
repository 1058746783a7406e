/* module.c — notices, the message centre and e-mail notices (notify.h,
 * notify_mail.h). */
#include "core/module.h"
#include "notify/notify_http.h"
#include "store/store.h"

extern const struct route notify_prefs_routes[]; /* prefs.c */
extern const char *const notify_mail_modes[];      /* prefs.c */
int cmd_notify_mail(int argc, char **argv);        /* cmd_notify.c */

/* The areas' demos (lower orders) wrote notices as their stories' steps
 * happened; the district's people have read those older than two weeks,
 * so the demo opens with the last fortnight's unread. */
static int notify_demo(struct db *db, int64_t now, struct err *e)
{
	return db_exec(db, e, "UPDATE notices SET read_at = created_at + 3600000000 WHERE read_at IS NULL AND created_at < ?",
		       "i", now - 14 * 86400LL * 1000000LL);
}

WUSHE_MODULE(notify) = {
	.name = "notify",
	.order = 95, /* after every area that writes notices in its demo */
	.routes = (const struct route *const[]){notify_routes, notify_prefs_routes, NULL},
	.demo = notify_demo,
	.enums = (const struct module_enum[]){{"notice_mail", notify_mail_modes}, {NULL, NULL}},
	.commands = (const struct module_cmd[]){
		{"notify-mail", cmd_notify_mail, "send the e-mail notices due now, once  (--db, --smtp-url)"},
		{NULL, NULL, NULL},
	},
};
