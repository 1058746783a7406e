/* module.c — personal-information rights (privacy.h): a person's copy of
 * their data, corrections, deletion, consents, and the retention job. */
#include "core/module.h"
#include "modules/privacy/privacy.h"

#include "modules/privacy/privacy_http.h"
int privacy_collect_consents(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int privacy_collect_requests(struct ctx *c, const struct personal_subject *s, struct personal_sink *k);
int privacy_erase_own(struct ctx *c, const struct personal_subject *s, struct personal_report *r);
int privacy_expire_requests(struct ctx *c, int64_t before, int dry_run, int64_t *count);

WUSHE_MODULE(privacy) = {
	.name = "privacy",
	.order = 95,
	.routes = (const struct route *const[]){privacy_routes, NULL},
	.demo = privacy_demo,
	.enums = (const struct module_enum[]){
		{"privacy_request_kind", privacy_request_kinds},
		{"privacy_request_status", privacy_request_statuses},
		{"privacy_outcome", privacy_outcomes},
		{"consent_purpose", privacy_purposes},
		{"consent_source", privacy_consent_sources},
		{NULL, NULL},
	},
	.pii = (const struct module_pii[]){
		{"privacy.consents", "同意记录", "Consents", privacy_collect_consents, privacy_erase_own},
		{"privacy.requests", "个人信息申请", "Personal-data requests", privacy_collect_requests, NULL},
		{NULL, NULL, NULL, NULL, NULL},
	},
	.retention = (const struct module_retention[]){
		{"privacy.request_text", "已办结个人信息申请的文字内容", "text of resolved personal-data requests",
		 1095, privacy_expire_requests},
		{NULL, NULL, NULL, 0, NULL},
	},
	.commands = (const struct module_cmd[]){
		{"retention", cmd_retention, "enforce the retention periods now  (--db [--dry-run])"},
		{NULL, NULL, NULL},
	},
};
