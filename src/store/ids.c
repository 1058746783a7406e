/* ids.c — see ids.h. */
#include "store/ids.h"

#include "store/store.h"

int stmt_ids(struct stmt *st, int64_t *ids, int max, struct err *e)
{
	if (!st)
		return e->code;
	int n = 0, rc = 0;
	while (n < max && (rc = stmt_step(st, e)) == 1)
		ids[n++] = col_int(st, 0);
	stmt_done(st);
	return rc < 0 ? rc : n;
}
