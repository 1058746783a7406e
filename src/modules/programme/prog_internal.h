/*
 * prog_internal.h — what the programme area's files share (programme.h is
 * the contract with the review and the monitoring; this is not).
 */
#ifndef WUSHE_MODULES_PROGRAMME_PROG_INTERNAL_H
#define WUSHE_MODULES_PROGRAMME_PROG_INTERNAL_H

#include "core/scan.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "modules/programme/programme.h"

struct db;
struct record_kind;
struct jw;

extern const struct record_kind prog_app_kind;
extern const struct record_kind prog_programme_kind;
extern const struct record_kind prog_fund_kind;

bool prog_in(const char *const *list, const char *v);
int prog_not_found(struct err *e);
/* The application's row without an access check (the caller made it). */
int prog_app_read(struct ctx *c, int64_t app_id, struct prog_app *o);

/* ---------- programmes, plates, special funds (prog_programme.c) ---------- */
struct prog_programme_in {
	const char *code, *name, *status, *award_rule;
	int64_t year, region_id;
	int64_t apply_opens_at, apply_closes_at; /* µs UTC (fields.h FT_TIME) */
	bool has_opens, has_closes, has_name, has_status, has_award_rule;
	int64_t conflict_lookback_years, award_percent, award_max_grant, objection_days;
	bool has_lookback, has_percent, has_max_grant, has_objection_days;
	int64_t award_min_score, award_threshold;
	bool has_min_score, has_threshold;
	int64_t version;
};
int prog_programme_create(struct ctx *c, const struct prog_programme_in *in, int64_t *id);
int prog_programme_update(struct ctx *c, int64_t id, const struct prog_programme_in *in);
int prog_programme_by_code(struct ctx *c, const char *code, int64_t *id);
int prog_plate_add(struct ctx *c, int64_t programme_id, const char *name, int64_t sort, int64_t *id);
struct prog_fund_in {
	const char *name, *funder, *scope;
	int64_t plate_id, budget, sort;
	bool ledger; /* create its funds-ledger fund (kind special_programme) */
};
int prog_fund_add(struct ctx *c, int64_t programme_id, const struct prog_fund_in *in, int64_t *id);
int prog_programme_write(struct ctx *c, struct jw *w, int64_t id);

/* ---------- applications (prog_app.c) ---------- */
#define PROG_MAX_LINES 100
#define PROG_MAX_INDICATORS 50
#define PROG_MAX_PARTNERS 20
struct prog_line { const char *item, *note; int64_t amount; };
struct prog_indicator { const char *name, *unit; double target; };
struct prog_partner { const char *role, *name; int64_t org_id, region_id, letter_attachment_id; };
struct prog_app_in {
	int64_t programme_id, org_id, plate_id, pfund_id, region_id, requested, version;
	const char *title, *applicant_name, *applicant_type, *domain, *region_scope, *kind, *summary, *outcomes;
	bool joint;
	bool has_title, has_org_id, has_applicant_name, has_applicant_type, has_domain, has_plate_id, has_pfund_id,
		has_region_scope, has_region_id, has_kind, has_requested, has_summary, has_outcomes, has_joint;
	int nlines, nindicators, npartners;
	bool has_lines, has_indicators, has_partners;
	struct prog_line lines[PROG_MAX_LINES];
	struct prog_indicator indicators[PROG_MAX_INDICATORS];
	struct prog_partner partners[PROG_MAX_PARTNERS];
};
int prog_app_create(struct ctx *c, const struct prog_app_in *in, int64_t *id);
int prog_app_update(struct ctx *c, int64_t id, const struct prog_app_in *in);
int prog_app_submit(struct ctx *c, int64_t id, int64_t version);
int prog_app_withdraw(struct ctx *c, int64_t id, int64_t version);
int prog_app_write_detail(struct ctx *c, struct jw *w, int64_t id);
int prog_attachment_add(struct ctx *c, int64_t app_id, const char *file_name, const void *data, size_t len,
			int64_t *id);
/* The attachment's bytes for a caller who may read its application. */
int prog_attachment_get(struct ctx *c, int64_t id, const char **mime, const char **name, const void **data,
			size_t *len);
#define PROG_ATTACH_MAX SCAN_MAX_DEFAULT

/* ---------- statistics (prog_stats.c) ---------- */
extern const char *const prog_stat_bys[]; /* region applicant_type domain joint */
/* Write {"rows":[…],"total":{…}} for programme_id by `by`, kind NULL/"" for both. */
int prog_stats_write(struct ctx *c, struct jw *w, int64_t programme_id, const char *by, const char *kind);
int prog_stats_kind(const char *in, const char **out); /* 服务类/service → service; 0 or -1 */
int prog_stats_xlsx(struct ctx *c, int64_t programme_id, const char *kind, const char *path);

/* ---------- import (prog_import.c) ---------- */
struct sb;
/* Bad rows are listed in rep ("第 N 行 / row N: …"), and then nothing is written. */
int prog_import_csv(struct ctx *c, const char *csv, size_t len, const char *code, int64_t *rows, struct sb *rep);

int prog_demo(struct db *db, int64_t now, struct err *e);
int cmd_import_applications(int argc, char **argv);
int cmd_report_programme(int argc, char **argv);

#endif
