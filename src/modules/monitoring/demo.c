#include "modules/monitoring/monitoring.h"
int mon_demo(struct db *db, int64_t now, struct err *e);
int mon_demo(struct db *db, int64_t now, struct err *e) { (void)db; (void)now; (void)e; return 0; }
