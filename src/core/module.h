/*
 * module.h — what an area of wushe tells the core about itself.
 *
 * Each area (src/modules/<area>/, and the core areas src/auth, src/audit,
 * src/http) defines exactly one descriptor in its own module.c:
 *
 *     WUSHE_MODULE(exchange) = {
 *         .name = "exchange", .order = 50,
 *         .routes = (const struct route *const[]){exchange_routes, NULL},
 *         .demo = exchange_demo,
 *         .commands = (const struct module_cmd[]){{"assign", cmd_assign, "…"}, {0}},
 *         .enums = (const struct module_enum[]){{"urgency", exchange_urgencies}, {0}},
 *     };
 *
 * The build (scripts/gen-modules.sh) finds every WUSHE_MODULE line in the
 * src/ tree and writes the list the core walks — the router's tables, the
 * demo loaders, the CLI subcommands — so adding an area edits nothing
 * outside its own folder. `order` decides the demo order (an area's demo may
 * use what lower orders created: regions 10, accounts 20, registry 30, …,
 * the vitality index 90, which scores what the others added). Route order
 * does not matter: the router prefers the most specific pattern.
 */
#ifndef WUSHE_CORE_MODULE_H
#define WUSHE_CORE_MODULE_H

#include <stdint.h>

#include "core/err.h"

struct ctx;
struct db;
struct config;
struct route;
struct vitality_provider;
struct personal_subject;
struct personal_sink;
struct personal_report;

/* A list of values the API accepts, served to the web UI by GET
 * /api/v1/enums (http/enums.c) so that the UI never copies them. `values`
 * is the very array the area's field tables or logic check, so the list
 * served and the list accepted cannot drift apart. Names are unique across
 * all areas (modules_all() aborts on a duplicate). */
struct module_enum {
	const char *name;            /* "demand_status" */
	const char *const *values;   /* NULL-terminated, the C array the logic checks */
};

struct module_cmd {
	const char *name;            /* `wushe <name> …` */
	int (*fn)(int argc, char **argv);
	const char *help;            /* one line for `wushe help` */
};

/* Personal information the area holds about one person (PIPL; the privacy
 * area, src/modules/privacy, walks every area's list). `collect` adds the
 * person's records to the sink (store/personal.h) for the person's own
 * download; `erase` anonymises or deletes them when a deletion request is
 * carried out, and says in the report what it did and what it must keep. */
struct module_pii {
	const char *section;                  /* "registry.person", unique */
	const char *title_zh, *title_en;      /* "居民档案", "resident record" */
	int (*collect)(struct ctx *c, const struct personal_subject *who, struct personal_sink *s);
	int (*erase)(struct ctx *c, const struct personal_subject *who, struct personal_report *r);
};

/* A kind of record kept only for a limited time: the privacy area's
 * retention job calls `expire` with the cut-off (µs UTC) from the period an
 * administrator set, or `default_days`; `expire` anonymises or deletes the
 * records older than it and counts them (dry_run: counts only). */
struct module_retention {
	const char *kind;                     /* "auth.sessions", unique */
	const char *what_zh, *what_en;
	int default_days;
	int (*expire)(struct ctx *c, int64_t before, int dry_run, int64_t *count);
};

/* A job the server runs by itself (src/jobs/jobs.h): once when it starts,
 * before it listens, then every interval_s seconds on the jobs thread, each
 * with its own write transactions on that thread's connection. `run`
 * counts what it did (*n, logged when not 0). A job must be safe to run
 * at any time and more than once (the command line may run it too). */
struct module_job {
	const char *name;                     /* "volunteer.close", unique */
	int interval_s;
	int (*run)(struct db *db, int64_t now, int64_t *n, struct err *e);
};

/* A to-do an area puts on the home page (工作台, src/home): how many items
 * wait for the caller and the page that lists them. The home page shows
 * the to-dos whose roles the caller holds, in area order; a count of 0
 * still shows (nothing waiting is news too). `count` runs in the caller's
 * read transaction, scoped as the page it links to, and stops counting at
 * a cap it chooses (*capped then says "more than *n"). */
struct module_todo {
	const char *key;                      /* "exchange.overdue", unique */
	const char *title_zh, *title_en;      /* "超时事项", "Overdue steps" */
	unsigned roles;                       /* who sees it (auth.h R(ROLE_…)) */
	const char *link;                     /* the web page of the items, "/exchange/board?tab=overdue" */
	int (*count)(struct ctx *c, const void *arg, int64_t *n, int *capped);
	int urgent;                           /* items here are late: shown first, in red */
	const void *arg;                      /* handed to count: one function serves several to-dos */
};

struct module {
	const char *name;                     /* the area's one name */
	int order;                            /* demo order, lower first */
	const struct route *const *routes;    /* NULL-terminated list of route tables */
	/* Adds the area's part of `wushe demo` inside the demo's one transaction. */
	int (*demo)(struct db *db, int64_t now, struct err *e);
	const struct module_cmd *commands;    /* ends with an entry whose name is NULL */
	/* The area's components of the vitality index (modules/vitality/vitality.h),
	 * NULL-terminated; the index walks every area's list. */
	const struct vitality_provider *const *vitality;
	const struct module_enum *enums;      /* ends with an entry whose name is NULL */
	const struct module_pii *pii;         /* ends with an entry whose section is NULL */
	const struct module_retention *retention; /* ends with an entry whose kind is NULL */
	const struct module_todo *todos;      /* ends with an entry whose key is NULL */
	const struct module_job *jobs;        /* ends with an entry whose name is NULL */
	/* Called once by `wushe serve` before it listens, with its configuration
	 * (core/config.h): an area keeps what it needs (the volunteer area the
	 * public address its certificates' QR codes point to). */
	void (*serve)(const struct config *c);
};

#define WUSHE_MODULE(id) const struct module module_##id

/* Every area, sorted by order then name (generated list, sorted once). */
const struct module *const *modules_all(int *n);
/* The first enum name two entries of m[0..n) declare, or NULL (modules_all()
 * aborts on one, naming it). */
const char *modules_enum_duplicate(const struct module *const *m, int n);
/* The subcommand `name` of any area, or NULL. */
const struct module_cmd *modules_command(const char *name);
/* The i-th (0, 1, …) personal-data entry or retention kind, counting over
 * every area in order; NULL past the last. *owner (may be NULL) is set to
 * the entry's area. */
const struct module_pii *modules_pii(int i, const struct module **owner);
const struct module_retention *modules_retention(int i, const struct module **owner);
const struct module_todo *modules_todo(int i, const struct module **owner);

#endif
