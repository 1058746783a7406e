/* module.c — the review of the funding programme (issue 13 items 3–4,
 * review.h, docs/programme-review.md): stage records, experts, conflicts,
 * assignments, rubric and scores, ranking, awards, publication and
 * objections. Its demo runs after the programme's (66), whose programmes
 * and applications it reviews. */
#include "core/module.h"
#include "http/http.h"
#include "modules/review/review.h"

extern const struct route review_routes[]; /* review_http.c */
int rv_demo(struct db *db, int64_t now, struct err *e); /* demo.c */
extern const struct module_todo rv_todos[];              /* review_todo.c */
/* review_personal.c: the objections a person raised, for her copy and erasure. */
int rv_pii_collect_objections(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int rv_pii_erase(struct ctx *c, const struct personal_subject *s, struct personal_report *r);

WUSHE_MODULE(review) = {
	.name = "review",
	.order = 67,
	.routes = (const struct route *const[]){review_routes, NULL},
	.demo = rv_demo,
	.todos = rv_todos,
	.enums = (const struct module_enum[]){
		{"review_result", rv_results},
		{"review_recommendation", rv_recommendations},
		{"review_tie", rv_ties},
		{"review_batch_status", rv_batch_statuses},
		{"review_award_reason", rv_award_reasons},
		{NULL, NULL},
	},
	.pii = (const struct module_pii[]){
		{"review.objections", "资助公示异议", "Objections to published awards", rv_pii_collect_objections, rv_pii_erase},
		{NULL, NULL, NULL, NULL, NULL},
	},
};
