/*
 * review_todo.c — what waits for an expert on the home page: assignments
 * to score whose stage window is open now, and programmes where they have
 * not yet declared their conflicts (no assignment comes before that).
 * Recused assignments are not counted (a later conflict recuses).
 */
#include "auth/auth.h"
#include "core/module.h"
#include "store/store.h"

static int todo_score(struct ctx *c, const void *arg, int64_t *n, int *capped)
{
	(void)arg;
	*capped = 0;
	*n = 0;
	if (!c->who)
		return 0;
	int rc = db_int(c->db, c->e, n,
			"SELECT count(*) FROM prog_experts x JOIN prog_assignments s ON s.expert_id=x.id"
			" JOIN prog_stages w ON w.programme_id=x.programme_id AND w.stage=s.stage"
			" WHERE x.user_id=? AND s.status='assigned' AND w.opens_at<=? AND w.closes_at>?",
			"iii", c->who->user_id, c->now, c->now);
	return rc < 0 ? rc : 0;
}

static int todo_declare(struct ctx *c, const void *arg, int64_t *n, int *capped)
{
	(void)arg;
	*capped = 0;
	*n = 0;
	if (!c->who)
		return 0;
	int rc = db_int(c->db, c->e, n, "SELECT count(*) FROM prog_experts WHERE user_id=? AND conflicts_declared_at IS NULL",
			"i", c->who->user_id);
	return rc < 0 ? rc : 0;
}

const struct module_todo rv_todos[] = {
	{"review.score", "待评分的申报", "Applications to score", R(ROLE_EXPERT), "/review/my", .count = todo_score},
	{"review.declare", "待申报利益冲突", "Conflicts to declare", R(ROLE_EXPERT), "/review/my", .count = todo_declare},
	{NULL, NULL, NULL, 0, NULL, NULL, 0, NULL},
};
