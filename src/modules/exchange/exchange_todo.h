/* exchange_todo.h — the exchange's to-dos, notices and 催办 (exchange_todo.c). */
#ifndef WUSHE_MODULES_EXCHANGE_EXCHANGE_TODO_H
#define WUSHE_MODULES_EXCHANGE_EXCHANGE_TODO_H
#include "core/module.h"
#include "http/http.h"
#include "modules/exchange/exchange.h"

extern const struct module_todo exchange_todos[];
extern const struct route exchange_todo_routes[];
extern const struct route exchange_story_routes[]; /* exchange_story.c */
/* GET /api/v1/demands/{id}/timeline: the need's story from the audit log. */
int exchange_demand_timeline(struct ctx *c, struct jw *w, int64_t id);
/* After step a of match id (in its transaction): a notice to the person the
 * next step waits for. */
int exchange_match_notify(struct ctx *c, int64_t id, enum exchange_action a);
/* 催办 (POST /api/v1/matches/{id}/remind); *told: accounts reminded. */
int exchange_match_remind(struct ctx *c, int64_t id, int *told);
#endif
