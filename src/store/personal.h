/*
 * personal.h — the personal information areas hold about one person,
 * gathered for the person's own copy (PIPL art. 45) and reported when it is
 * erased (art. 47). The privacy area (src/modules/privacy) walks every
 * area's `.pii` list (core/module.h); each area's collect() reads its own
 * tables and hands the rows to the sink here:
 *
 *     static const struct personal_col demand_cols[] = {
 *         {"id", "编号", "ID", COL_INT}, {"title", "标题", "Title", COL_TEXT}, …};
 *     static const struct personal_query demand_query = {
 *         PERSONAL_COLS(demand_cols), "SELECT id, title, … FROM … WHERE posted_by=?", "u"};
 *     rc = personal_collect(c, who, sink, &demand_query);
 *
 * (personal_rows() takes any statement, for a query a table cannot state.)
 *
 * The sink keeps the rows (in the request's arena) and writes them as JSON
 * (sections with their columns' labels and records) or as one spreadsheet
 * (section, record, field, value: one row per value, so any number of
 * sections fits one sheet; a coded value is written as its labels, "已解决
 * Fulfilled", when the sink was given a label lookup — the store knows no
 * labels). The person sees their own identifiers whole:
 * COL_ID_MASK and COL_MOBILE_MASK columns are written unmasked here.
 */
#ifndef WUSHE_STORE_PERSONAL_H
#define WUSHE_STORE_PERSONAL_H

#include <stdint.h>

#include "core/ctx.h"
#include "store/row.h"

struct jw;
struct stmt;
struct tab_writer;

/* Whose data: the account, and the registry person linked to it (0: none). */
struct personal_subject {
	int64_t user_id;
	int64_t person_id;
	int64_t region_id;  /* the person's region, else the account's; 0 unknown */
};

struct personal_col {
	const char *key;
	const char *zh, *en;  /* labels */
	enum col_kind kind;
	const char *enum_name;  /* the values are this enum's (GET /api/v1/enums): the UI labels them */
};

struct personal_sink;
struct personal_report;

struct personal_sink *personal_sink_new(struct arena *a);
/* Start a section (the area's module_pii entry); the rows that follow are its. */
void personal_section(struct personal_sink *s, const char *section, const char *zh, const char *en);
/* Every row of st (columns in the order of cols) as one record of the
 * current section; st is finished (stmt_done) either way. */
int personal_rows(struct personal_sink *s, const struct personal_col *cols, int ncols,
		  struct stmt *st, struct err *e);
/* {"sections": [{"section", "title_zh", "title_en", "columns": [{key, zh, en, enum}],
 *   "records": [{key: value}]}]} members into the open object. */
void personal_sink_json(const struct personal_sink *s, struct jw *w);
/* The zh and en labels of value in enum name: 1 with *zh and *en set, 0
 * when there are none. */
typedef int (*personal_label_fn)(const char *name, const char *value, const char **zh, const char **en);
/* From now on the sheet shows each value of a column with an enum_name as
 * "<zh> <en>" (one label when both are the same) by fn; a value fn does
 * not know is written as it is. NULL: codes as they are (the default). */
void personal_sink_label_enums(struct personal_sink *s, personal_label_fn fn);
/* One sheet: 类别 Section | 记录 Record | 项目 Field | 内容 Value. */
int personal_sink_sheet(const struct personal_sink *s, struct tab_writer *t, struct err *e);
int personal_sink_records(const struct personal_sink *s);

/* One section's rows as a table: its columns and the SELECT that reads
 * them, whose parameters are the subject's, one letter each in `binds`:
 * u the account, p the registry person (0 when none), U and P the same
 * with -1 for none (so that no row matches a missing link). */
struct personal_query {
	const struct personal_col *cols;
	int ncols;
	const char *sql;
	const char *binds;
};
#define PERSONAL_COLS(a) (a), (int)(sizeof(a) / sizeof((a)[0]))
/* personal_rows() over q's SELECT bound for s. */
int personal_collect(struct ctx *c, const struct personal_subject *s, struct personal_sink *k,
		     const struct personal_query *q);
/* Defines fn, an area's module_pii collect, as personal_collect() of query:
 *     PERSONAL_COLLECTOR(auth_pii_collect, account_query)                 */
#define PERSONAL_COLLECTOR(fn, query)                                                          \
	int fn(struct ctx *c, const struct personal_subject *s, struct personal_sink *k)      \
	{                                                                                      \
		return personal_collect(c, s, k, &(query));                                    \
	}

struct personal_report *personal_report_new(struct arena *a);
/* action: "anonymised", "deleted", "kept" or "none". */
void personal_report_add(struct personal_report *r, const char *section, const char *action,
			 int64_t count, const char *note_zh, const char *note_en);
/* [{"section", "action", "count", "note_zh", "note_en"}] */
void personal_report_json(const struct personal_report *r, struct jw *w);

#endif
