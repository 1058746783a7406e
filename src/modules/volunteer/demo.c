/* demo.c — placeholder */
#include "modules/volunteer/volunteer.h"
int volunteer_demo(struct db *db, int64_t now, struct err *e)
{
	(void)db; (void)now; (void)e;
	return 0;
}
