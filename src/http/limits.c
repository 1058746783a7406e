/*
 * limits.c — the limit on anonymous API requests: per client address and
 * for the whole server, token buckets in memory (core/ratelimit.h).
 *
 * An anonymous request is one that carries no valid session or token
 * (public reads, 401s, a guessed bearer token). Logged-in callers are not
 * limited here: their cost is bounded by their roles, and a stolen session
 * can be ended (sessions list, "log out everywhere"). Routes flagged
 * RT_NO_LIMIT (the health probe) are exempt. Login has its own, stricter
 * limits in auth.c. The state is per process (docs/security.md).
 */
#include <pthread.h>
#include <stdio.h>

#include "core/ratelimit.h"
#include "http/http.h"

/* Per address: bursts of 60, then 10 a second; the server: 1000, then
 * 500 a second. A browser's anonymous pages make a handful of calls. */
#define ANON_ADDR_BURST 60
#define ANON_ADDR_RATE 10
#define ANON_ALL_BURST 1000
#define ANON_ALL_RATE 500

static struct rl_table *per_addr, *all;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void)
{
	per_addr = rl_new(16384, ANON_ADDR_BURST, ANON_ADDR_RATE);
	all = rl_new(16, ANON_ALL_BURST, ANON_ALL_RATE);
}

int http_limit_anonymous(struct req *r)
{
	if (r->route && (r->route->flags & RT_NO_LIMIT))
		return 0;
	pthread_once(&once, init);
	int ra = 1;
	const char *addr = r->client_addr ? r->client_addr : "";
	if (rl_take(per_addr, addr, r->now, &ra) && rl_take(all, "*", r->now, &ra))
		return 0;
	err_set(&r->err, ERR_LIMIT, "", "匿名请求过于频繁，请稍后再试或先登录",
		"too many anonymous requests; try again later or log in");
	r->err.retry_after = ra;
	return ERR_LIMIT;
}
