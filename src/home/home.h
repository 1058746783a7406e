/* home.h — the home page (工作台): the caller's to-dos from every area. */
#ifndef WUSHE_HOME_HOME_H
#define WUSHE_HOME_HOME_H
#include "core/ctx.h"
struct jw;
/* {"todos": [{key, area, title, title_en, count, capped, link, urgent}],
 *  "unread_notices": n} for c->who. */
int home_write(struct ctx *c, struct jw *w);
#endif
