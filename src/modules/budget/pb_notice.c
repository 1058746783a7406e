/*
 * pb_notice.c — what the participatory budgets tell people: the
 * community's residents when a phase opens that asks something of them
 * (proposals, support, voting) or shows them something (results,
 * execution), written in the transaction of the phase's move; and the
 * home page's to-do of a voter — the budgets in voting she has not voted
 * in yet.
 */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "core/arena.h"
#include "core/module.h"
#include "modules/budget/budget.h"
#include "modules/budget/pb_internal.h"
#include "notify/notify.h"
#include "store/store.h"

int pb_notify_phase(struct ctx *c, const struct pb_head *h)
{
	static const struct {
		const char *phase, *zh, *en;
	} say[] = {
		{"proposals", "开始征集项目", "is taking proposals"},
		{"support", "进入支持阶段，请为您认可的项目投上支持", "is open for support"},
		{"voting", "开始投票，本社区已核实身份的居民均可投票", "is open for voting"},
		{"results", "已公布投票结果", "has published its results"},
		{"execution", "获资助项目开始实施，可查看进度", "has begun carrying out its projects"},
	};
	for (size_t i = 0; i < sizeof say / sizeof say[0]; i++) {
		if (strcmp(say[i].phase, h->phase))
			continue;
		char link[48];
		snprintf(link, sizeof link, "/budgets/%lld", (long long)h->id);
		char *title = arena_alloc(c->a, strlen(h->title) + strlen(say[i].zh) + 8);
		char *title_en = arena_alloc(c->a, strlen(h->title) + strlen(say[i].en) + 8);
		memcpy(title, "「", 3);
		memcpy(title + 3, h->title, strlen(h->title));
		memcpy(title + 3 + strlen(h->title), "」", 3);
		memcpy(title + 6 + strlen(h->title), say[i].zh, strlen(say[i].zh) + 1);
		memcpy(title_en, h->title, strlen(h->title));
		title_en[strlen(h->title)] = ' ';
		memcpy(title_en + strlen(h->title) + 1, say[i].en, strlen(say[i].en) + 1);
		struct notice n = {.kind = "budget.phase", .region_id = h->region_id, .title = title, .title_en = title_en,
				   .link = arena_strdup(c->a, link), .entity = "pb_budget", .entity_id = h->id};
		return notify_role(c, R(ROLE_RESIDENT), &n);
	}
	return 0;
}

/* The budgets in voting, still open, in the caller's community, where her
 * verified record has no ballot yet. */
static int todo_vote(struct ctx *c, const void *arg, int64_t *n, int *capped)
{
	(void)arg;
	*capped = 0;
	*n = 0;
	if (!c->who)
		return 0;
	int rc = db_int(c->db, c->e, n,
			"SELECT count(*) FROM people p JOIN regions pg ON pg.id=p.region_id, pb_budgets b"
			" JOIN regions g ON g.id=b.region_id"
			" WHERE p.user_id=? AND p.verified_at IS NOT NULL AND p.status='active'"
			" AND b.phase='voting' AND (b.voting_to IS NULL OR b.voting_to > ?)"
			" AND (b.voting_from IS NULL OR b.voting_from <= ?)"
			" AND substr(pg.path, 1, length(g.path)) = g.path"
			" AND NOT EXISTS (SELECT 1 FROM pb_ballots t WHERE t.budget_id=b.id AND t.person_id=p.id)",
			"iii", c->who->user_id, c->now, c->now);
	return rc < 0 ? rc : 0;
}

const struct module_todo pb_todos[] = {
	{"budget.vote", "待投票的参与式预算", "Participatory budgets to vote in", R(ROLE_RESIDENT) | R(ROLE_VOLUNTEER),
	 "/budgets", .count = todo_vote},
	{NULL, NULL, NULL, 0, NULL, NULL, 0, NULL},
};
