/* personal.c — see personal.h. */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/jw.h"
#include "core/tabular.h"
#include "core/wtime.h"
#include "store/personal.h"
#include "store/store.h"

/* Append p to a list that keeps first and last. */
#define LIST_APPEND(list, p)                  \
	do {                                  \
		if ((list)->last)             \
			(list)->last->next = (p); \
		else                          \
			(list)->first = (p);      \
		(list)->last = (p);           \
	} while (0)

struct precord {
	struct row_value *v;
	struct precord *next;
};

struct psection {
	const char *section, *zh, *en;
	const struct personal_col *cols;
	int ncols;
	struct precord *first, *last;
	int n;
	struct psection *next;
};

struct personal_sink {
	struct arena *a;
	struct psection *first, *last;
	personal_label_fn label;  /* NULL: enum values written as codes */
};

struct pentry {
	const char *section, *action, *zh, *en;
	int64_t count;
	struct pentry *next;
};

struct personal_report {
	struct arena *a;
	struct pentry *first, *last;
};

struct personal_sink *personal_sink_new(struct arena *a)
{
	struct personal_sink *s = arena_alloc(a, sizeof *s);
	s->a = a;
	return s;
}

void personal_section(struct personal_sink *s, const char *section, const char *zh, const char *en)
{
	struct psection *p = arena_alloc(s->a, sizeof *p);
	p->section = section;
	p->zh = zh;
	p->en = en;
	LIST_APPEND(s, p);
}

int personal_rows(struct personal_sink *s, const struct personal_col *cols, int ncols,
		  struct stmt *st, struct err *e)
{
	if (!st)
		return e->code;
	struct psection *p = s->last;
	if (!p) {
		stmt_done(st);
		return err_set(e, ERR_INTERNAL, NULL, "个人信息分类缺失", "no personal-data section open");
	}
	p->cols = cols;
	p->ncols = ncols;
	int rc;
	while ((rc = stmt_step(st, e)) == 1) {
		struct precord *r = arena_alloc(s->a, sizeof *r);
		r->v = arena_alloc(s->a, sizeof *r->v * (size_t)ncols);
		for (int i = 0; i < ncols; i++) {
			r->v[i] = row_cell_value(st, i, cols[i].kind);
			if (r->v[i].s)
				r->v[i].s = arena_strdup(s->a, r->v[i].s);
		}
		LIST_APPEND(p, r);
		p->n++;
	}
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

int personal_collect(struct ctx *c, const struct personal_subject *s, struct personal_sink *k,
		     const struct personal_query *q)
{
	struct db_arg args[8];
	int n = 0;
	for (const char *b = q->binds; *b && n < 8; b++) {
		int64_t v = *b == 'u' || *b == 'U' ? s->user_id : s->person_id;
		args[n++] = (struct db_arg){.type = 'i', .i = !v && (*b == 'U' || *b == 'P') ? -1 : v};
	}
	return personal_rows(k, q->cols, q->ncols, db_qa(c->db, c->e, q->sql, args, n), c->e);
}

int personal_sink_records(const struct personal_sink *s)
{
	int n = 0;
	for (const struct psection *p = s->first; p; p = p->next)
		n += p->n;
	return n;
}

void personal_sink_json(const struct personal_sink *s, struct jw *w)
{
	jw_key(w, "sections");
	jw_arr(w);
	for (const struct psection *p = s->first; p; p = p->next) {
		jw_obj(w);
		jw_kstrs(w, "section", p->section, "title_zh", p->zh, "title_en", p->en, JW_END);
		jw_key(w, "columns");
		jw_arr(w);
		for (int i = 0; i < p->ncols; i++) {
			if (p->cols[i].kind == COL_HIDDEN)
				continue;
			jw_obj(w);
			jw_kstrs(w, "key", p->cols[i].key, "zh", p->cols[i].zh, "en", p->cols[i].en, JW_END);
			if (p->cols[i].enum_name)
				jw_kstr(w, "enum", p->cols[i].enum_name);
			jw_obj_end(w);
		}
		jw_arr_end(w);
		jw_key(w, "records");
		jw_arr(w);
		for (const struct precord *r = p->first; r; r = r->next) {
			jw_obj(w);
			for (int i = 0; i < p->ncols; i++) {
				if (p->cols[i].kind == COL_HIDDEN)
					continue;
				jw_key(w, p->cols[i].key);
				row_value_json(w, p->cols[i].kind, &r->v[i]);
			}
			jw_obj_end(w);
		}
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

/* The value as the spreadsheet shows it (text, in the arena). */
static const char *value_text(struct arena *a, enum col_kind kind, const struct row_value *v)
{
	char buf[64];
	if (v->null)
		return kind == COL_BOOL ? "否 no" : "";
	switch (kind) {
	case COL_INT: return arena_printf(a, "%lld", (long long)v->i);
	case COL_BOOL: return v->i ? "是 yes" : "否 no";
	case COL_TIME: wtime_format(v->i, buf, sizeof buf); return arena_strdup(a, buf);
	case COL_DOUBLE: return arena_printf(a, "%.6g", v->d);
	default: return v->s;
	}
}

void personal_sink_label_enums(struct personal_sink *s, personal_label_fn fn)
{
	s->label = fn;
}

/* The value of column col as the sheet shows it: an enum's value by its labels. */
static const char *cell_text(const struct personal_sink *s, const struct personal_col *col,
			     const struct row_value *v)
{
	const char *zh, *en;
	if (s->label && col->enum_name && !v->null && v->s && s->label(col->enum_name, v->s, &zh, &en))
		return strcmp(zh, en) ? arena_printf(s->a, "%s %s", zh, en) : zh;
	return value_text(s->a, col->kind, v);
}

int personal_sink_sheet(const struct personal_sink *s, struct tab_writer *t, struct err *e)
{
	static const char *const hdr[] = {"类别 Section", "记录 Record", "项目 Field", "内容 Value"};
	int rc = tab_writer_row(t, hdr, 4, e);
	for (const struct psection *p = s->first; p && !rc; p = p->next) {
		const char *title = arena_printf(s->a, "%s %s", p->zh, p->en);
		int n = 0;
		for (const struct precord *r = p->first; r && !rc; r = r->next) {
			const char *no = arena_printf(s->a, "%d", ++n);
			for (int i = 0; i < p->ncols && !rc; i++) {
				if (p->cols[i].kind == COL_HIDDEN)
					continue;
				const char *row[4] = {title, no,
						      arena_printf(s->a, "%s %s", p->cols[i].zh, p->cols[i].en),
						      cell_text(s, &p->cols[i], &r->v[i])};
				rc = tab_writer_row(t, row, 4, e);
			}
		}
	}
	return rc;
}

struct personal_report *personal_report_new(struct arena *a)
{
	struct personal_report *r = arena_alloc(a, sizeof *r);
	r->a = a;
	return r;
}

void personal_report_add(struct personal_report *r, const char *section, const char *action,
			 int64_t count, const char *note_zh, const char *note_en)
{
	struct pentry *p = arena_alloc(r->a, sizeof *p);
	p->section = section;
	p->action = action;
	p->count = count;
	p->zh = note_zh;
	p->en = note_en;
	LIST_APPEND(r, p);
}

void personal_report_json(const struct personal_report *r, struct jw *w)
{
	jw_arr(w);
	for (const struct pentry *p = r->first; p; p = p->next) {
		jw_obj(w);
		jw_kstrs(w, "section", p->section, "action", p->action, JW_END);
		jw_kint(w, "count", p->count);
		jw_kstrs(w, "note_zh", p->zh, "note_en", p->en, JW_END);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}
