/* personal.c — see personal.h. */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/jw.h"
#include "core/tabular.h"
#include "core/wtime.h"
#include "store/personal.h"
#include "store/store.h"

struct pvalue {
	enum col_kind kind;
	int null;
	int64_t i;
	double d;
	const char *s;
};

struct precord {
	struct pvalue *v;
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
	if (s->last)
		s->last->next = p;
	else
		s->first = p;
	s->last = p;
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
			struct pvalue *v = &r->v[i];
			v->kind = cols[i].kind;
			if (col_null(st, i)) {
				v->null = 1;
				continue;
			}
			switch (v->kind) {
			case COL_INT:
			case COL_BOOL:
			case COL_TIME: v->i = col_int(st, i); break;
			case COL_DOUBLE: v->d = col_double(st, i); break;
			default: v->s = arena_strdup(s->a, col_text(st, i)); break;
			}
		}
		if (p->last)
			p->last->next = r;
		else
			p->first = r;
		p->last = r;
		p->n++;
	}
	stmt_done(st);
	return rc < 0 ? rc : 0;
}

int personal_sink_records(const struct personal_sink *s)
{
	int n = 0;
	for (const struct psection *p = s->first; p; p = p->next)
		n += p->n;
	return n;
}

static void value_json(struct jw *w, const struct pvalue *v)
{
	if (v->null) {
		if (v->kind == COL_BOOL)
			jw_bool(w, false);
		else
			jw_null(w);
		return;
	}
	switch (v->kind) {
	case COL_INT: jw_int(w, v->i); break;
	case COL_BOOL: jw_bool(w, v->i != 0); break;
	case COL_TIME: jw_time(w, v->i); break;
	case COL_DOUBLE: jw_double(w, v->d); break;
	default: jw_str(w, v->s); break;
	}
}

void personal_sink_json(const struct personal_sink *s, struct jw *w)
{
	jw_key(w, "sections");
	jw_arr(w);
	for (const struct psection *p = s->first; p; p = p->next) {
		jw_obj(w);
		jw_kstr(w, "section", p->section);
		jw_kstr(w, "title_zh", p->zh);
		jw_kstr(w, "title_en", p->en);
		jw_key(w, "columns");
		jw_arr(w);
		for (int i = 0; i < p->ncols; i++) {
			if (p->cols[i].kind == COL_HIDDEN)
				continue;
			jw_obj(w);
			jw_kstr(w, "key", p->cols[i].key);
			jw_kstr(w, "zh", p->cols[i].zh);
			jw_kstr(w, "en", p->cols[i].en);
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
				value_json(w, &r->v[i]);
			}
			jw_obj_end(w);
		}
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

/* The value as the spreadsheet shows it (text, in the arena). */
static const char *value_text(struct arena *a, const struct pvalue *v)
{
	char buf[64];
	if (v->null)
		return v->kind == COL_BOOL ? "否 no" : "";
	switch (v->kind) {
	case COL_INT: return arena_printf(a, "%lld", (long long)v->i);
	case COL_BOOL: return v->i ? "是 yes" : "否 no";
	case COL_TIME: wtime_format(v->i, buf, sizeof buf); return arena_strdup(a, buf);
	case COL_DOUBLE: return arena_printf(a, "%.6g", v->d);
	default: return v->s;
	}
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
						      value_text(s->a, &r->v[i])};
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
	if (r->last)
		r->last->next = p;
	else
		r->first = p;
	r->last = p;
}

void personal_report_json(const struct personal_report *r, struct jw *w)
{
	jw_arr(w);
	for (const struct pentry *p = r->first; p; p = p->next) {
		jw_obj(w);
		jw_kstr(w, "section", p->section);
		jw_kstr(w, "action", p->action);
		jw_kint(w, "count", p->count);
		jw_kstr(w, "note_zh", p->zh);
		jw_kstr(w, "note_en", p->en);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}
