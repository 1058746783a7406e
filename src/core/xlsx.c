/*
 * xlsx.c — the XLSX reader declared in core/xlsx.h: libzip for the archive,
 * expat for the XML.
 *
 * Opening reads the small parts whole, each through its own short-lived
 * expat parser: xl/workbook.xml (first sheet, date system), its
 * relationships (where the sheet, shared strings and styles live),
 * xl/styles.xml (which cell formats are dates) and xl/sharedStrings.xml
 * (every shared string, NUL-terminated, in one buffer). The sheet itself is
 * parsed by one long-lived parser fed 64 KiB at a time; the end-of-row
 * handler suspends expat (XML_StopParser(p, XML_TRUE)) so that
 * xlsx_reader_next returns exactly one row per call and resumes the parser
 * on the next.
 *
 * Invariants: r->inflated counts every byte inflated from the archive and
 * never passes r->lim.max_uncompressed without the read failing; a row's
 * cells arrive in increasing column order (a row that breaks this is
 * reported bad, not guessed at); after a fatal fault r->fatal is set and the
 * parser is never driven again.
 */
#include "core/xlsx.h"

#include <assert.h>
#include <expat.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/err.h"
#include "core/sb.h"
#include "core/xmem.h"

#define CHUNK 65536

enum { KIND_DATE = 1, KIND_TIME = 2 }; /* bits of a cell format's kind */

struct span {
	size_t off, len;
};

/* The t="" of a cell; anything unknown is kept as text. */
enum cell_type { T_NUMBER, T_SHARED, T_BOOL, T_INLINE, T_FORMULA_STR, T_OTHER };

/* Where a field's text lives until the row is handed out. */
enum cell_src { SRC_EMPTY, SRC_ROW, SRC_SST };
struct cell_pos {
	size_t off, len;
	enum cell_src src;
};

/* State every part parser starts with, so shared handlers can find it. */
struct xml_common {
	struct xlsx_reader *r;
	XML_Parser p;
	int doctype;     /* a DOCTYPE was met: parsing was aborted */
};

struct xlsx_reader {
	zip_t *zip;
	struct xlsx_limits lim;
	size_t inflated;
	int fatal;       /* a fault ended reading */
	int done;        /* end reported (after the sheet or after a fault) */
	int date1904;
	struct sb sheet_name;

	struct sb sst;   /* shared strings, each NUL-terminated */
	struct span *sst_at;
	size_t sst_n, sst_cap;

	unsigned char *xf_kind; /* per cellXfs index: KIND_* bits */
	size_t xf_n, xf_cap;

	/* The sheet stream. */
	zip_file_t *sheet;
	struct xml_common sheet_xml; /* .p is the sheet's parser */
	int suspended;   /* expat is suspended inside the current buffer */
	int fed_final;   /* the last (empty) buffer has been given to expat */
	int in_sheet_data, sheet_done;

	/* The row being parsed. */
	long row, last_row;
	int in_row, in_cell, collect, in_is, rph;
	int cur_col;     /* column of the last cell placed in this row */
	int cell_col, cell_style;
	enum cell_type cell_type;
	struct sb val;   /* text of the current cell */
	struct sb rowbuf;
	struct cell_pos *cells;
	int ncells, cells_cap;
	struct tab_field *fields;
	int fields_cap;
	int row_ready;
	int row_bad;     /* first fault in this row: err and column kept below */
	int row_bad_col;
	struct err row_err;
};

/* ---- small helpers ---- */


static const char *local_name(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

/* Attribute value by local name; prefixed says whether it must carry a
 * namespace prefix (r:id) or must not (r, t, s). */
static const char *attr(const char **atts, const char *name, int prefixed)
{
	for (int i = 0; atts[i]; i += 2) {
		const char *colon = strrchr(atts[i], ':');
		if (prefixed ? (colon && strcmp(colon + 1, name) == 0)
			     : (!colon && strcmp(atts[i], name) == 0))
			return atts[i + 1];
	}
	return NULL;
}

int xlsx_parse_ref(const char *ref, int *col, long *row)
{
	long c = 0, rw = 0;
	int letters = 0, digits = 0;
	const char *p = ref;

	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
		int v = (*p >= 'a' ? *p - 'a' : *p - 'A') + 1;
		c = c * 26 + v;
		if (++letters > 3 || c > TAB_MAX_COLS)
			return -1;
		p++;
	}
	if (*p == '$')
		return -1; /* absolute references do not occur in cell r="" */
	while (*p >= '0' && *p <= '9') {
		rw = rw * 10 + (*p - '0');
		if (++digits > 7 || rw > TAB_MAX_ROWS)
			return -1;
		p++;
	}
	if (*p || letters == 0 || (digits > 0 && rw == 0))
		return -1;
	*col = (int)c;
	*row = rw;
	return 0;
}

/* Parse a non-negative decimal attribute; -1 if absent or malformed. */
static long attr_long(const char *s)
{
	long v = 0;
	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000000L)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

static int hex4(const char *s, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		int h = hex_digit(s[i]);
		if (h < 0)
			return -1;
		v = v * 16 + (unsigned)h;
	}
	*out = v;
	return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Decode OOXML's _xHHHH_ escapes (ST_Xstring) in place; returns the new
 * length. The output never grows: 7 input bytes become at most 3 (or 14
 * become 4 for a surrogate pair). NUL is dropped — fields never hold it. */
static size_t decode_x_escapes(char *s, size_t len)
{
	if (!memmem(s, len, "_x", 2))
		return len;
	size_t i = 0, o = 0;
	while (i < len) {
		unsigned cp;
		if (s[i] == '_' && len - i >= 7 && s[i + 1] == 'x' && s[i + 6] == '_' &&
		    hex4(s + i + 2, &cp) == 0) {
			i += 7;
			if (cp >= 0xD800 && cp <= 0xDBFF && len - i >= 7 && s[i] == '_' &&
			    s[i + 1] == 'x' && s[i + 6] == '_') {
				unsigned lo;
				if (hex4(s + i + 2, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
					i += 7;
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				}
			}
			if (cp >= 0xD800 && cp <= 0xDFFF)
				cp = 0xFFFD;
			if (cp != 0)
				o += put_utf8(s + o, cp);
			continue;
		}
		s[o++] = s[i++];
	}
	s[o] = '\0';
	return o;
}

/* ---- reading parts ---- */

static int too_large(struct xlsx_reader *r, struct err *e)
{
	return err_setf(e, ERR_TOO_LARGE, "file",
			"文件解压后超过 %zu MB，无法导入；请拆分后再导入",
			"the file inflates to more than %zu MB; split it and import the parts",
			r->lim.max_uncompressed / (1024 * 1024));
}

static int corrupt(struct err *e, const char *what)
{
	return err_setf(e, ERR_INVALID, "file", "文件已损坏或不完整（读取 %s 失败）",
			"the file is damaged or incomplete (cannot read %s)", what);
}

static zip_int64_t locate(struct xlsx_reader *r, const char *name)
{
	return zip_name_locate(r->zip, name, ZIP_FL_NOCASE);
}

static zip_file_t *open_entry(struct xlsx_reader *r, zip_int64_t idx, const char *name,
			      struct err *e)
{
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(r->zip, (zip_uint64_t)idx, 0, &st) < 0) {
		corrupt(e, name);
		return NULL;
	}
	if ((st.valid & ZIP_STAT_SIZE) && st.size > r->lim.max_uncompressed - r->inflated) {
		too_large(r, e);
		return NULL;
	}
	zip_file_t *f = zip_fopen_index(r->zip, (zip_uint64_t)idx, 0);
	if (!f)
		corrupt(e, name);
	return f;
}

/* Read up to cap bytes, counting them against the limit. */
static zip_int64_t read_entry(struct xlsx_reader *r, zip_file_t *f, void *buf, size_t cap,
			      const char *name, struct err *e)
{
	zip_int64_t n = zip_fread(f, buf, cap);
	if (n < 0)
		return corrupt(e, name);
	if ((size_t)n > r->lim.max_uncompressed - r->inflated)
		return too_large(r, e);
	r->inflated += (size_t)n;
	return n;
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int has_internal_subset)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
	struct xml_common *c = ud;
	c->doctype = 1;
	XML_StopParser(c->p, XML_FALSE);
}

static int xml_refused(struct err *e, const char *name)
{
	return err_setf(e, ERR_INVALID, "file",
			"文件含有 DTD 声明（%s），出于安全原因拒绝读取",
			"%s declares a DTD, which is refused for safety", name);
}

static int xml_broken(struct err *e, XML_Parser p, const char *name)
{
	return err_setf(e, ERR_INVALID, "file",
			"文件已损坏：%s 的 XML 格式错误（第 %lu 行：%s）",
			"the file is damaged: %s is not well-formed XML (line %lu: %s)", name,
			(unsigned long)XML_GetCurrentLineNumber(p),
			XML_ErrorString(XML_GetErrorCode(p)));
}

/* A parser for c with these handlers (end and text may be NULL). */
static XML_Parser new_parser(struct xml_common *c, XML_StartElementHandler start,
			     XML_EndElementHandler end, XML_CharacterDataHandler text)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	if (!p)
		abort(); /* only fails for lack of memory */
	c->p = p;
	XML_SetUserData(p, c);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	XML_SetElementHandler(p, start, end);
	if (text)
		XML_SetCharacterDataHandler(p, text);
	return p;
}

/* Parse the whole entry `name` with the handlers already set on c->p. */
static int parse_part(struct xml_common *c, zip_int64_t idx, const char *name, struct err *e)
{
	struct xlsx_reader *r = c->r;
	zip_file_t *f = open_entry(r, idx, name, e);
	int rc = 0;
	if (!f)
		return e ? e->code : ERR_INVALID;
	for (;;) {
		void *buf = XML_GetBuffer(c->p, CHUNK);
		if (!buf)
			abort();
		zip_int64_t n = read_entry(r, f, buf, CHUNK, name, e);
		if (n < 0) {
			rc = (int)n;
			break;
		}
		if (XML_ParseBuffer(c->p, (int)n, n == 0) != XML_STATUS_OK) {
			rc = c->doctype ? xml_refused(e, name) : xml_broken(e, c->p, name);
			break;
		}
		if (n == 0)
			break;
	}
	zip_fclose(f);
	return rc;
}

/* Parse the whole entry `name` with a parser of its own for these handlers. */
static int parse_whole(struct xml_common *c, zip_int64_t idx, const char *name,
		       XML_StartElementHandler start, XML_EndElementHandler end,
		       XML_CharacterDataHandler text, struct err *e)
{
	XML_Parser p = new_parser(c, start, end, text);
	int rc = parse_part(c, idx, name, e);
	XML_ParserFree(p);
	return rc;
}

/* ---- workbook and relationships ---- */

struct wb_ctx {
	struct xml_common c;
	int have_sheet;
	struct sb rid;
};

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct wb_ctx *w = ud;
	const char *n = local_name(name);
	if (strcmp(n, "sheet") == 0 && !w->have_sheet) {
		const char *id = attr(atts, "id", 1);
		const char *nm = attr(atts, "name", 0);
		w->have_sheet = 1;
		if (id)
			sb_adds(&w->rid, id);
		if (nm)
			sb_adds(&w->c.r->sheet_name, nm);
	} else if (strcmp(n, "workbookPr") == 0) {
		const char *d = attr(atts, "date1904", 0);
		w->c.r->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
	}
}

struct rels_ctx {
	struct xml_common c;
	const char *want_id;
	struct sb sheet, sst, styles; /* targets as written */
};

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct rels_ctx *x = ud;
	if (strcmp(local_name(name), "Relationship") != 0)
		return;
	const char *id = attr(atts, "Id", 0), *type = attr(atts, "Type", 0),
		   *target = attr(atts, "Target", 0);
	if (!target || !type)
		return;
	if (id && x->want_id && strcmp(id, x->want_id) == 0 && x->sheet.len == 0)
		sb_adds(&x->sheet, target);
	else if (ends_with(type, "/sharedStrings") && x->sst.len == 0)
		sb_adds(&x->sst, target);
	else if (ends_with(type, "/styles") && x->styles.len == 0)
		sb_adds(&x->styles, target);
}

/* A relationship target is relative to xl/ unless it starts with '/'. */
static void resolve_target(const char *target, struct sb *out)
{
	sb_reset(out);
	if (target[0] == '/') {
		sb_adds(out, target + 1);
		return;
	}
	sb_adds(out, "xl/");
	while (strncmp(target, "./", 2) == 0)
		target += 2;
	if (strncmp(target, "../", 3) == 0) { /* "../xl/x.xml" seen in the wild */
		sb_reset(out);
		target += 3;
	}
	sb_adds(out, target);
}

/* ---- styles: which cell formats are dates or times ---- */

/* Built-in formats (ECMA-376 18.8.30, with the zh-CN locale's 27–58). */
static int builtin_kind(long id)
{
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 ||
	    (id >= 50 && id <= 54) || id == 57 || id == 58)
		return KIND_DATE;
	if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) || (id >= 45 && id <= 47) ||
	    id == 55 || id == 56)
		return KIND_TIME;
	if (id == 22)
		return KIND_DATE | KIND_TIME;
	return 0;
}

/* Classify a custom format code by the letters outside quotes, escapes and
 * colour brackets, in its first section: y/d make a date, h/s a time, and a
 * lone m a month (with h or s it is minutes). */
static int format_kind(const char *code)
{
	int y = 0, d = 0, m = 0, h = 0, s = 0;
	for (const char *p = code; *p && *p != ';'; p++) {
		char c = *p;
		if (c == '"') {
			p++;
			while (*p && *p != '"')
				p++;
			if (!*p)
				break;
		} else if (c == '\\' || c == '_' || c == '*') {
			if (!*++p)
				break;
		} else if (c == '[') {
			const char *q = strchr(p, ']');
			if (!q)
				break;
			/* [h] [mm] [ss] are elapsed time; [Red], [$-804] are not */
			char b = (char)(p[1] | 0x20);
			if (b == 'h' || b == 's' || (b == 'm' && (p[2] | 0x20) == 'm'))
				h = 1;
			p = q;
		} else if (strncasecmp(p, "general", 7) == 0) {
			p += 6;
		} else if ((c == 'e' || c == 'E') && (p[1] == '+' || p[1] == '-')) {
			p++; /* scientific notation, not an era */
		} else if (strncasecmp(p, "am/pm", 5) == 0) {
			h = 1;
			p += 4;
		} else if (strncasecmp(p, "a/p", 3) == 0) {
			h = 1;
			p += 2;
		} else {
			switch (c | 0x20) {
			case 'y': y = 1; break;
			case 'd': d = 1; break;
			case 'm': m = 1; break;
			case 'h': h = 1; break;
			case 's': s = 1; break;
			case 'e': y = 1; break; /* era year in CJK formats */
			default: break;
			}
		}
	}
	int kind = 0;
	if (y || d || (m && !h && !s))
		kind |= KIND_DATE;
	if (h || s)
		kind |= KIND_TIME;
	return kind;
}

struct styles_ctx {
	struct xml_common c;
	int in_cellxfs;
	struct { long id; int kind; } *fmts;
	size_t nfmts, cap;
};

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct styles_ctx *x = ud;
	struct xlsx_reader *r = x->c.r;
	const char *n = local_name(name);

	if (strcmp(n, "numFmt") == 0) {
		long id = attr_long(attr(atts, "numFmtId", 0));
		const char *code = attr(atts, "formatCode", 0);
		if (id < 0 || !code)
			return;
		if (x->nfmts == x->cap) {
			x->cap = x->cap ? x->cap * 2 : 16;
			x->fmts = xrealloc(x->fmts, x->cap * sizeof *x->fmts);
		}
		x->fmts[x->nfmts].id = id;
		x->fmts[x->nfmts].kind = format_kind(code);
		x->nfmts++;
	} else if (strcmp(n, "cellXfs") == 0) {
		x->in_cellxfs = 1;
	} else if (strcmp(n, "xf") == 0 && x->in_cellxfs) {
		long id = attr_long(attr(atts, "numFmtId", 0));
		int kind = id < 0 ? 0 : builtin_kind(id);
		for (size_t i = 0; i < x->nfmts; i++)
			if (x->fmts[i].id == id)
				kind = x->fmts[i].kind;
		if (r->xf_n == r->xf_cap) {
			r->xf_cap = r->xf_cap ? r->xf_cap * 2 : 64;
			r->xf_kind = xrealloc(r->xf_kind, r->xf_cap);
		}
		r->xf_kind[r->xf_n++] = (unsigned char)kind;
	}
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
	struct styles_ctx *x = ud;
	if (strcmp(local_name(name), "cellXfs") == 0)
		x->in_cellxfs = 0;
}

/* ---- shared strings ---- */

struct sst_ctx {
	struct xml_common c;
	int in_si, in_t, rph;
	size_t start;
};

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	(void)atts;
	struct sst_ctx *x = ud;
	const char *n = local_name(name);
	if (strcmp(n, "si") == 0) {
		x->in_si = 1;
		x->start = x->c.r->sst.len;
	} else if (strcmp(n, "rPh") == 0) {
		x->rph++;
	} else if (strcmp(n, "t") == 0 && x->in_si && x->rph == 0) {
		x->in_t = 1;
	}
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	struct sst_ctx *x = ud;
	struct xlsx_reader *r = x->c.r;
	const char *n = local_name(name);
	if (strcmp(n, "t") == 0) {
		x->in_t = 0;
	} else if (strcmp(n, "rPh") == 0) {
		if (x->rph > 0)
			x->rph--;
	} else if (strcmp(n, "si") == 0 && x->in_si) {
		size_t len = decode_x_escapes(r->sst.buf ? r->sst.buf + x->start : (char *)"",
					      r->sst.len - x->start);
		r->sst.len = x->start + len;
		sb_addc(&r->sst, '\0'); /* each string keeps its own NUL */
		if (r->sst_n == r->sst_cap) {
			r->sst_cap = r->sst_cap ? r->sst_cap * 2 : 256;
			r->sst_at = xrealloc(r->sst_at, r->sst_cap * sizeof *r->sst_at);
		}
		r->sst_at[r->sst_n].off = x->start;
		r->sst_at[r->sst_n].len = len;
		r->sst_n++;
		x->in_si = 0;
	}
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
	struct sst_ctx *x = ud;
	if (x->in_t)
		sb_add(&x->c.r->sst, s, (size_t)len);
}

/* ---- the sheet ---- */

static void row_fault(struct xlsx_reader *r, int col, int code, const char *zh, const char *en)
{
	char ref[24], zh_msg[256], en_msg[256];
	int a, b;
	if (r->row_bad)
		return;
	if (tab_cell_ref(r->row, col > 0 ? col : 1, ref, sizeof ref) < 0)
		ref[0] = '\0';
	r->row_bad = 1;
	r->row_bad_col = col;
	if (col > 0) {
		a = snprintf(zh_msg, sizeof zh_msg, "第 %ld 行第 %d 列：%s", r->row, col, zh);
		b = snprintf(en_msg, sizeof en_msg, "row %ld, column %d: %s", r->row, col, en);
	} else {
		a = snprintf(zh_msg, sizeof zh_msg, "第 %ld 行：%s", r->row, zh);
		b = snprintf(en_msg, sizeof en_msg, "row %ld: %s", r->row, en);
	}
	assert(a > 0 && (size_t)a < sizeof zh_msg && b > 0 && (size_t)b < sizeof en_msg);
	err_set(&r->row_err, code, ref, zh_msg, en_msg);
}

static void put_cell(struct xlsx_reader *r, int col, enum cell_src src, size_t off, size_t len)
{
	if (col > r->cells_cap) {
		int cap = r->cells_cap ? r->cells_cap : 32;
		while (cap < col)
			cap *= 2;
		r->cells = xrealloc(r->cells, (size_t)cap * sizeof *r->cells);
		r->cells_cap = cap;
	}
	for (int i = r->ncells; i < col - 1; i++)
		r->cells[i] = (struct cell_pos){0, 0, SRC_EMPTY};
	r->cells[col - 1] = (struct cell_pos){off, len, src};
	r->ncells = col;
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

/* An Excel serial in a date/time format, as text; 0 if out of range. */
static int format_serial(struct xlsx_reader *r, double v, int kind, struct sb *out)
{
	if (!(v >= 0 && v < 2958466)) /* through 9999-12-31 */
		return 0;
	long days = (long)floor(v);
	long secs = lround((v - (double)days) * 86400.0);
	if (secs >= 86400) {
		days++;
		secs -= 86400;
	}
	char tmp[40];
	int n = 0;
	if (kind & KIND_DATE) {
		int y, m, d;
		if (r->date1904) {
			civil_from_days(days - 24107, &y, &m, &d); /* 1904-01-01 is day 0 */
		} else if (days == 60) {
			y = 1900, m = 2, d = 29; /* Lotus's leap day, kept for the display */
		} else if (days == 0) {
			y = 1900, m = 1, d = 0;
		} else {
			/* serial 1 = 1900-01-01; past the fake 29 Feb one day less */
			civil_from_days(days - (days > 60 ? 25569 : 25568), &y, &m, &d);
		}
		n = snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
	}
	if (kind & KIND_TIME) {
		int k = snprintf(tmp + n, sizeof tmp - (size_t)n, "%s%02ld:%02ld:%02ld",
				 n ? " " : "", secs / 3600, secs / 60 % 60, secs % 60);
		if (k < 0)
			return 0;
		n += k;
	}
	if (n <= 0 || (size_t)n >= sizeof tmp)
		return 0;
	sb_add(out, tmp, (size_t)n);
	return 1;
}

/* A number as Excel shows it in a General cell. */
static void format_number(struct xlsx_reader *r, const char *v, size_t len, int style,
			  struct sb *out)
{
	size_t i = (len > 0 && v[0] == '-') ? 1 : 0;
	while (i < len && v[i] >= '0' && v[i] <= '9')
		i++;
	int kind = style >= 0 && (size_t)style < r->xf_n ? r->xf_kind[style] : 0;
	if (i == len && len > (v[0] == '-' ? 1u : 0u) && !kind) {
		sb_add(out, v, len); /* plain integer: as written */
		return;
	}
	char *endp;
	double d = strtod(v, &endp);
	if (endp != v + len || !isfinite(d)) {
		sb_add(out, v, len); /* not a number after all: keep the text */
		return;
	}
	if (kind && format_serial(r, d, kind, out))
		return;
	char tmp[40];
	int n;
	if (d == floor(d) && fabs(d) < 1e15)
		n = snprintf(tmp, sizeof tmp, "%.0f", d);
	else
		n = snprintf(tmp, sizeof tmp, "%.15g", d);
	if (n > 0 && (size_t)n < sizeof tmp)
		sb_add(out, tmp, (size_t)n);
	else
		sb_add(out, v, len);
}

static enum cell_type cell_type_of(const char *t)
{
	if (!t || strcmp(t, "n") == 0)
		return T_NUMBER;
	if (strcmp(t, "s") == 0)
		return T_SHARED;
	if (strcmp(t, "inlineStr") == 0)
		return T_INLINE;
	if (strcmp(t, "str") == 0)
		return T_FORMULA_STR;
	if (strcmp(t, "b") == 0)
		return T_BOOL;
	return T_OTHER; /* "e" (error code), "d" (ISO date) and anything new */
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xml_common *c = ud;
	struct xlsx_reader *r = c->r;
	const char *n = local_name(name);

	if (strcmp(n, "sheetData") == 0) {
		r->in_sheet_data = 1;
	} else if (strcmp(n, "row") == 0 && r->in_sheet_data) {
		const char *rs = attr(atts, "r", 0);
		long rw = rs ? attr_long(rs) : r->last_row + 1;
		r->in_row = 1;
		r->ncells = 0;
		r->cur_col = 0;
		r->row_bad = 0;
		r->row_bad_col = 0;
		sb_reset(&r->rowbuf);
		if (rw <= r->last_row || rw > TAB_MAX_ROWS || rw < 1) {
			r->row = r->last_row + 1;
			row_fault(r, 0, ERR_INVALID, "行号无效或顺序错误",
				  "row number missing, out of order or out of range");
			rw = r->row;
		}
		r->row = rw;
		r->last_row = rw;
	} else if (strcmp(n, "c") == 0 && r->in_row) {
		const char *ref = attr(atts, "r", 0), *t = attr(atts, "t", 0);
		long s = attr_long(attr(atts, "s", 0));
		int col = r->cur_col + 1;
		long ignored;
		if (ref && xlsx_parse_ref(ref, &col, &ignored) < 0) {
			row_fault(r, r->cur_col + 1, ERR_INVALID, "单元格引用无效",
				  "invalid cell reference");
			col = r->cur_col + 1;
		}
		if (col <= r->cur_col) {
			row_fault(r, col, ERR_INVALID, "单元格重复或顺序错误",
				  "cell repeated or out of order");
			col = r->cur_col + 1;
		}
		if (col > TAB_MAX_COLS) {
			row_fault(r, TAB_MAX_COLS, ERR_INVALID, "超过最大列数", "too many columns");
			col = TAB_MAX_COLS;
		}
		r->in_cell = 1;
		r->cell_col = col;
		r->cell_style = s > INT32_MAX ? -1 : (int)s;
		r->cell_type = cell_type_of(t);
		sb_reset(&r->val);
	} else if (r->in_cell) {
		if (strcmp(n, "v") == 0 && !r->in_is)
			r->collect = 1;
		else if (strcmp(n, "is") == 0)
			r->in_is = 1;
		else if (strcmp(n, "rPh") == 0)
			r->rph++;
		else if (strcmp(n, "t") == 0 && r->in_is && r->rph == 0)
			r->collect = 1;
	}
}

static void end_cell(struct xlsx_reader *r)
{
	const char *v = r->val.buf ? r->val.buf : "";
	size_t len = r->val.len;
	int col = r->cell_col;

	r->in_cell = 0;
	r->cur_col = col;
	if (len == 0)
		return;
	if (r->cell_type == T_SHARED) {
		long idx = attr_long(v);
		if (idx < 0 || (size_t)idx >= r->sst_n) {
			row_fault(r, col, ERR_INVALID, "共享字符串索引无效",
				  "shared string index out of range");
			return;
		}
		if (r->sst_at[idx].len)
			put_cell(r, col, SRC_SST, r->sst_at[idx].off, r->sst_at[idx].len);
		return;
	}
	size_t off = r->rowbuf.len;
	switch (r->cell_type) {
	case T_BOOL:
		sb_adds(&r->rowbuf, strcmp(v, "0") == 0 ? "FALSE" : "TRUE");
		break;
	case T_INLINE:
	case T_FORMULA_STR:
		sb_add(&r->rowbuf, v, len);
		r->rowbuf.len = off + decode_x_escapes(r->rowbuf.buf + off, len);
		break;
	case T_NUMBER:
		format_number(r, v, len, r->cell_style, &r->rowbuf);
		break;
	case T_SHARED:
	case T_OTHER:
		sb_add(&r->rowbuf, v, len);
		break;
	}
	len = r->rowbuf.len - off;
	sb_addc(&r->rowbuf, '\0');
	if (len)
		put_cell(r, col, SRC_ROW, off, len);
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
	struct xml_common *c = ud;
	struct xlsx_reader *r = c->r;
	const char *n = local_name(name);

	if (r->in_cell) {
		if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
			r->collect = 0;
		} else if (strcmp(n, "rPh") == 0) {
			if (r->rph > 0)
				r->rph--;
		} else if (strcmp(n, "is") == 0) {
			r->in_is = 0;
		} else if (strcmp(n, "c") == 0) {
			r->collect = 0;
			r->in_is = 0;
			r->rph = 0;
			end_cell(r);
		}
	} else if (strcmp(n, "row") == 0 && r->in_row) {
		r->in_row = 0;
		if (r->ncells > 0 || r->row_bad) {
			r->row_ready = 1;
			XML_StopParser(c->p, XML_TRUE);
		}
	} else if (strcmp(n, "sheetData") == 0) {
		r->in_sheet_data = 0;
		r->sheet_done = 1;
		XML_StopParser(c->p, XML_TRUE); /* nothing after it interests us */
	}
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
	struct xml_common *c = ud;
	if (c->r->collect)
		sb_add(&c->r->val, s, (size_t)len);
}

/* ---- open / next / free ---- */

struct xlsx_reader *xlsx_reader_open(const char *data, size_t len,
				     const struct xlsx_limits *limits, struct err *e)
{
	struct xlsx_reader *r = NULL;
	zip_error_t zerr;
	zip_source_t *src = NULL;
	struct sb path = SB_INIT;
	struct wb_ctx wb = {0};
	struct rels_ctx rels = {0};
	int rc = 0;

	if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
		err_set(e, ERR_INVALID, "file",
			"这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入",
			"this is a legacy Excel (.xls) file; save it as .xlsx and import that");
		return NULL;
	}
	if (len < 4 || memcmp(data, "PK\x03\x04", 4) != 0) {
		err_set(e, ERR_INVALID, "file", "不是 XLSX 文件（文件头不符）",
			"not an XLSX file (wrong signature)");
		return NULL;
	}
	r = calloc(1, sizeof *r);
	if (!r)
		abort();
	r->lim.max_uncompressed = limits && limits->max_uncompressed
					  ? limits->max_uncompressed
					  : XLSX_DEFAULT_MAX_UNCOMPRESSED;
	r->lim.max_entries = limits && limits->max_entries ? limits->max_entries
							   : XLSX_DEFAULT_MAX_ENTRIES;

	zip_error_init(&zerr);
	src = zip_source_buffer_create(data, len, 0, &zerr);
	if (!src)
		abort(); /* only fails for lack of memory */
	r->zip = zip_open_from_source(src, ZIP_RDONLY, &zerr);
	zip_error_fini(&zerr);
	if (!r->zip) {
		zip_source_free(src);
		rc = err_set(e, ERR_INVALID, "file", "文件已损坏或不完整，无法作为 XLSX 打开",
			     "the file is damaged or incomplete and cannot be opened as XLSX");
		goto done;
	}
	zip_int64_t nentries = zip_get_num_entries(r->zip, 0);
	if (nentries < 0 || nentries > r->lim.max_entries) {
		rc = err_setf(e, ERR_TOO_LARGE, "file", "压缩包内文件过多（超过 %ld 个）",
			      "the archive holds too many entries (more than %ld)",
			      r->lim.max_entries);
		goto done;
	}

	/* The first sheet and the other parts, by the book; else by convention. */
	zip_int64_t wb_idx = locate(r, "xl/workbook.xml");
	zip_int64_t sheet_idx = -1, sst_idx = -1, styles_idx = -1;
	if (wb_idx >= 0) {
		wb.c.r = r;
		rc = parse_whole(&wb.c, wb_idx, "xl/workbook.xml", wb_start, NULL, NULL, e);
		if (rc < 0)
			goto done;
		zip_int64_t rels_idx = locate(r, "xl/_rels/workbook.xml.rels");
		if (rels_idx >= 0) {
			rels.c.r = r;
			rels.want_id = wb.rid.len ? wb.rid.buf : NULL;
			rc = parse_whole(&rels.c, rels_idx, "xl/_rels/workbook.xml.rels", rels_start, NULL,
					 NULL, e);
			if (rc < 0)
				goto done;
			if (rels.sheet.len) {
				resolve_target(rels.sheet.buf, &path);
				sheet_idx = locate(r, path.buf);
			}
			if (rels.sst.len) {
				resolve_target(rels.sst.buf, &path);
				sst_idx = locate(r, path.buf);
			}
			if (rels.styles.len) {
				resolve_target(rels.styles.buf, &path);
				styles_idx = locate(r, path.buf);
			}
		}
	}
	if (sheet_idx < 0)
		sheet_idx = locate(r, "xl/worksheets/sheet1.xml");
	if (sst_idx < 0)
		sst_idx = locate(r, "xl/sharedStrings.xml");
	if (styles_idx < 0)
		styles_idx = locate(r, "xl/styles.xml");
	if (sheet_idx < 0) {
		rc = err_set(e, ERR_INVALID, "file", "不是 Excel 工作簿：找不到工作表",
			     "not an Excel workbook: no worksheet found");
		goto done;
	}

	if (styles_idx >= 0) {
		struct styles_ctx st = {0};
		st.c.r = r;
		rc = parse_whole(&st.c, styles_idx, "xl/styles.xml", styles_start, styles_end, NULL, e);
		free(st.fmts);
		if (rc < 0)
			goto done;
	}
	if (sst_idx >= 0) {
		struct sst_ctx ss = {0};
		ss.c.r = r;
		rc = parse_whole(&ss.c, sst_idx, "xl/sharedStrings.xml", sst_start, sst_end, sst_text, e);
		if (rc < 0)
			goto done;
	}

	r->sheet = open_entry(r, sheet_idx, "worksheet", e);
	if (!r->sheet) {
		rc = e ? e->code : ERR_INVALID;
		goto done;
	}
	r->sheet_xml.r = r;
	new_parser(&r->sheet_xml, sheet_start, sheet_end, sheet_text);

done:
	sb_free(&path);
	sb_free(&wb.rid);
	sb_free(&rels.sheet);
	sb_free(&rels.sst);
	sb_free(&rels.styles);
	if (rc < 0) {
		xlsx_reader_free(r);
		return NULL;
	}
	return r;
}

void xlsx_reader_free(struct xlsx_reader *r)
{
	if (!r)
		return;
	if (r->sheet_xml.p)
		XML_ParserFree(r->sheet_xml.p);
	if (r->sheet)
		zip_fclose(r->sheet);
	if (r->zip)
		zip_discard(r->zip); /* also frees the buffer source */
	sb_free(&r->sheet_name);
	sb_free(&r->sst);
	free(r->sst_at);
	free(r->xf_kind);
	sb_free(&r->val);
	sb_free(&r->rowbuf);
	free(r->cells);
	free(r->fields);
	free(r);
}

int xlsx_reader_fatal(const struct xlsx_reader *r)
{
	return r->fatal;
}

const char *xlsx_reader_sheet_name(const struct xlsx_reader *r)
{
	return sb_str(&r->sheet_name);
}

/* Hand out the row the parser just finished. */
static int take_row(struct xlsx_reader *r, struct tab_record *rec, struct err *e)
{
	r->row_ready = 0;
	rec->row = rec->line = r->row;
	if (r->row_bad) {
		rec->err_col = r->row_bad_col;
		if (e)
			*e = r->row_err;
		return r->row_err.code;
	}
	if (r->ncells > r->fields_cap) {
		r->fields = xrealloc(r->fields, (size_t)r->ncells * sizeof *r->fields);
		r->fields_cap = r->ncells;
	}
	for (int i = 0; i < r->ncells; i++) {
		const struct cell_pos *c = &r->cells[i];
		struct tab_field *f = &r->fields[i];
		switch (c->src) {
		case SRC_EMPTY:
			f->s = "";
			break;
		case SRC_ROW:
			f->s = r->rowbuf.buf + c->off;
			break;
		case SRC_SST:
			f->s = r->sst.buf + c->off;
			break;
		}
		f->len = c->len;
		assert(f->s[f->len] == '\0');
	}
	rec->nfields = r->ncells;
	rec->fields = r->fields;
	return 1;
}

static int fail(struct xlsx_reader *r, struct tab_record *rec)
{
	r->fatal = 1;
	r->done = 1;
	rec->row = rec->line = r->in_row ? r->row : r->last_row + 1;
	return -1;
}

int xlsx_reader_next(struct xlsx_reader *r, struct tab_record *rec, struct err *e)
{
	XML_Parser p = r->sheet_xml.p;

	memset(rec, 0, sizeof *rec);
	for (;;) {
		if (r->row_ready)
			return take_row(r, rec, e);
		if (r->done || r->sheet_done) {
			r->done = 1;
			return 0;
		}
		enum XML_Status st;
		if (r->suspended) {
			st = XML_ResumeParser(p);
		} else if (r->fed_final) {
			/* The document ended without </sheetData>. */
			r->done = 1;
			return 0;
		} else {
			void *buf = XML_GetBuffer(p, CHUNK);
			if (!buf)
				abort();
			zip_int64_t n = read_entry(r, r->sheet, buf, CHUNK, "worksheet", e);
			if (n < 0) {
				int code = e ? e->code : ERR_INVALID;
				fail(r, rec);
				return code;
			}
			r->fed_final = n == 0;
			st = XML_ParseBuffer(p, (int)n, r->fed_final);
		}
		if (st == XML_STATUS_ERROR) {
			int code = r->sheet_xml.doctype ? xml_refused(e, "worksheet")
							: xml_broken(e, p, "worksheet");
			fail(r, rec);
			return code;
		}
		r->suspended = st == XML_STATUS_SUSPENDED;
	}
}
