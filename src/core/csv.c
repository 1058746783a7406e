/*
 * csv.c — the RFC 4180 reader and writer declared in core/csv.h.
 *
 * The reader is a hand-written scanner, not a state machine per byte: an
 * unquoted field is a run of ordinary bytes found with one tight loop and
 * copied with memcpy; a quoted field is copied between quotes found with
 * memchr. Each record's fields are unescaped into one buffer that is reused
 * from record to record (fields are NUL-terminated there); field positions
 * are kept as offsets while the buffer may still move and turned into
 * pointers when the record is complete. UTF-8 is checked only for fields
 * that contain a byte >= 0x80, so ASCII data pays nothing for it.
 *
 * Invariants: r->pos never passes r->len; r->line counts the line ends
 * consumed so far (+1); r->row counts records begun, blank lines included.
 */
#include "core/csv.h"

#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/xmem.h"

/* How much of the file is checked for GBK at open. */
#define SNIFF_BYTES 65536

struct csv_reader {
	const char *data;
	size_t len;
	size_t pos;
	long row;
	long line;
	int fatal;

	char *buf; /* this record's unescaped fields, each NUL-terminated */
	size_t buf_len, buf_cap;
	struct tab_field *fields; /* .s holds the offset into buf until the record ends */
	int fields_cap;
};

/* Bytes that end a run inside an unquoted field. */
static const unsigned char special[128] = {
	[0] = 1, [','] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1,
};

/* ---- UTF-8 ---- */

/* Length of the well-formed UTF-8 sequence at p (n bytes available): > 0;
 * 0 if invalid; -1 if valid so far but cut off by the end of the bytes. */
static int utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	unsigned char lo = 0x80, hi = 0xBF;
	int need;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F; /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F; /* nothing above U+10FFFF */
	} else {
		return 0;
	}
	for (int i = 1; i <= need; i++) {
		if ((size_t)i >= n)
			return -1;
		unsigned char d = p[i];
		if (i == 1 ? (d < lo || d > hi) : (d < 0x80 || d > 0xBF))
			return 0;
	}
	return need + 1;
}

size_t csv_utf8_valid_prefix(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		/* Eight ASCII bytes at a time: the common case for most fields. */
		if (len - i >= 8) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if ((w & UINT64_C(0x8080808080808080)) == 0) {
				i += 8;
				continue;
			}
		}
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		int k = utf8_seq(p + i, len - i);
		if (k <= 0)
			return i;
		i += (size_t)k;
	}
	return len;
}

int csv_looks_like_gbk(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	long gbk = 0;

	while (i < len) {
		unsigned char c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		int k = utf8_seq(p + i, len - i);
		if (k > 0) {
			i += (size_t)k;
			continue;
		}
		if (k < 0)
			break; /* a UTF-8 sequence cut off at the end of the sample */
		if (c < 0x81 || c > 0xFE)
			return 0; /* neither UTF-8 nor GBK: junk */
		if (i + 1 >= len)
			break; /* cut off at the end of the sample */
		unsigned char d = p[i + 1];
		if (d >= 0x40 && d <= 0xFE && d != 0x7F) {
			gbk++;
			i += 2;
			continue;
		}
		if (d >= 0x30 && d <= 0x39) { /* GB18030 four-byte form */
			if (i + 3 >= len)
				break;
			if (p[i + 2] >= 0x81 && p[i + 2] <= 0xFE && p[i + 3] >= 0x30 &&
			    p[i + 3] <= 0x39) {
				gbk++;
				i += 4;
				continue;
			}
		}
		return 0;
	}
	return gbk > 0;
}

/* ---- reader ---- */

static void grow_buf(struct csv_reader *r, size_t need)
{
	size_t cap = r->buf_cap ? r->buf_cap : 256;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			xmem_fail(need);
		cap *= 2;
	}
	r->buf = xrealloc(r->buf, cap);
	r->buf_cap = cap;
}

static inline void append(struct csv_reader *r, const char *s, size_t n)
{
	if (r->buf_cap - r->buf_len < n + 1)
		grow_buf(r, r->buf_len + n + 1);
	memcpy(r->buf + r->buf_len, s, n);
	r->buf_len += n;
}

struct csv_reader *csv_reader_open(const char *data, size_t len, struct err *e)
{
	assert(data || len == 0);
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	} else {
		size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES;
		if (csv_utf8_valid_prefix(data, n) < n && csv_looks_like_gbk(data, n)) {
			err_set(e, ERR_INVALID, "file",
				"文件不是 UTF-8 编码，看起来是 GBK/GB18030。请在 Excel 中另存为"
				"“CSV UTF-8（逗号分隔）”后重新导入。",
				"The file is not UTF-8; it looks like GBK/GB18030. In Excel, "
				"save it as \"CSV UTF-8 (Comma delimited)\" and import that.");
			return NULL;
		}
	}
	struct csv_reader *r = xcalloc(1, sizeof *r);
	r->data = data;
	r->len = len;
	r->line = 1;
	return r;
}

void csv_reader_free(struct csv_reader *r)
{
	if (!r)
		return;
	free(r->buf);
	free(r->fields);
	free(r);
}

int csv_reader_fatal(const struct csv_reader *r)
{
	return r->fatal;
}

/* Step past one line end at p (CRLF, LF or CR), if there is one. */
static const char *eat_line_end(struct csv_reader *r, const char *p, const char *end)
{
	if (p < end && *p == '\r') {
		p++;
		if (p < end && *p == '\n')
			p++;
		r->line++;
	} else if (p < end && *p == '\n') {
		p++;
		r->line++;
	}
	return p;
}

static const char *skip_to_line_end(const char *p, const char *end)
{
	while (p < end && *p != '\r' && *p != '\n')
		p++;
	return p;
}

enum bad_kind { BAD_NONE, BAD_UTF8, BAD_NUL, BAD_STRAY_QUOTE, BAD_AFTER_QUOTE, BAD_TOO_WIDE };

static int report(struct err *e, struct tab_record *rec, enum bad_kind kind, int col)
{
	char ref[24];
	if (tab_cell_ref(rec->row, col > 0 ? col : 1, ref, sizeof ref) < 0)
		ref[0] = '\0';
	rec->err_col = col;
	rec->nfields = 0;
	rec->fields = NULL;
	switch (kind) {
	case BAD_UTF8:
		return err_setf(e, ERR_INVALID, ref,
				"第 %ld 行第 %d 列：含有无效的 UTF-8 字符，请将文件另存为 UTF-8 编码",
				"row %ld, column %d: invalid UTF-8; save the file as UTF-8",
				rec->row, col);
	case BAD_NUL:
		return err_setf(e, ERR_INVALID, ref, "第 %ld 行第 %d 列：含有空字符（NUL）",
				"row %ld, column %d: contains a NUL byte", rec->row, col);
	case BAD_STRAY_QUOTE:
		return err_setf(e, ERR_INVALID, ref,
				"第 %ld 行第 %d 列：未加引号的字段中出现引号；请把整个字段放进引号，"
				"其中的引号写成两个",
				"row %ld, column %d: a quote inside an unquoted field; quote the "
				"whole field and double the quotes inside it",
				rec->row, col);
	case BAD_AFTER_QUOTE:
		return err_setf(e, ERR_INVALID, ref, "第 %ld 行第 %d 列：引号闭合后还有多余字符",
				"row %ld, column %d: characters after the closing quote",
				rec->row, col);
	case BAD_TOO_WIDE:
		return err_setf(e, ERR_INVALID, ref, "第 %ld 行：超过 %d 列",
				"row %ld: more than %d columns", rec->row, col - 1);
	case BAD_NONE:
		break;
	}
	assert(0);
	return ERR_INTERNAL;
}

int csv_reader_next(struct csv_reader *r, struct tab_record *rec, struct err *e)
{
	const char *end = r->data + r->len;
	const char *p = r->data + r->pos;
	enum bad_kind bad = BAD_NONE;
	int bad_col = 0;
	int nf = 0;

	memset(rec, 0, sizeof *rec);
	/* Blank lines are rows a spreadsheet would show empty: count, skip. */
	while (p < end && (*p == '\r' || *p == '\n')) {
		r->row++;
		p = eat_line_end(r, p, end);
	}
	if (p >= end) {
		r->pos = r->len;
		return 0;
	}
	r->row++;
	rec->row = r->row;
	rec->line = r->line;
	r->buf_len = 0;

	for (;;) {
		int col = nf + 1;
		size_t start = r->buf_len;
		int high = 0, nul = 0;

		if (p < end && *p == '"') {
			long qline = r->line;
			p++;
			for (;;) {
				const char *q = memchr(p, '"', (size_t)(end - p));
				if (!q) {
					char ref[24];
					r->fatal = 1;
					r->pos = r->len;
					rec->err_col = col;
					if (tab_cell_ref(rec->row, col, ref, sizeof ref) < 0)
						ref[0] = '\0';
					return err_setf(e, ERR_INVALID, ref,
							"第 %ld 行第 %d 列（文件第 %ld 行）：引号没有闭合，"
							"此后的内容无法读取",
							"row %ld, column %d (line %ld): unterminated quote; "
							"nothing after it can be read",
							rec->row, col, qline);
				}
				for (const char *s = p; s < q; s++) {
					unsigned char c = (unsigned char)*s;
					if (c == '\n')
						r->line++;
					else if (c >= 0x80)
						high = 1;
					else if (c == 0)
						nul = 1;
				}
				append(r, p, (size_t)(q - p));
				p = q + 1;
				if (p < end && *p == '"') {
					append(r, "\"", 1);
					p++;
					continue;
				}
				break;
			}
			if (p < end && *p != ',' && *p != '\r' && *p != '\n') {
				if (!bad) {
					bad = BAD_AFTER_QUOTE;
					bad_col = col;
				}
				p = skip_to_line_end(p, end);
			}
		} else {
			const char *s = p;
			while (p < end) {
				unsigned char c = (unsigned char)*p;
				if (c >= 0x80) {
					high = 1;
				} else if (special[c]) {
					if (c != 0)
						break;
					nul = 1;
				}
				p++;
			}
			append(r, s, (size_t)(p - s));
			if (p < end && *p == '"') {
				if (!bad) {
					bad = BAD_STRAY_QUOTE;
					bad_col = col;
				}
				p = skip_to_line_end(p, end);
			}
		}

		/* Terminate the field; append reserved room for the NUL. */
		r->buf[r->buf_len++] = '\0';
		size_t flen = r->buf_len - 1 - start;
		if (!bad && high && csv_utf8_valid_prefix(r->buf + start, flen) < flen) {
			bad = BAD_UTF8;
			bad_col = col;
		}
		if (!bad && nul) {
			bad = BAD_NUL;
			bad_col = col;
		}
		if (nf < TAB_MAX_COLS) {
			if (nf == r->fields_cap) {
				r->fields_cap = r->fields_cap ? r->fields_cap * 2 : 32;
				r->fields = xrealloc(r->fields, (size_t)r->fields_cap * sizeof *r->fields);
			}
			/* An offset for now: buf may still move. */
			r->fields[nf].s = (const char *)(uintptr_t)start;
			r->fields[nf].len = flen;
		} else if (!bad) {
			bad = BAD_TOO_WIDE;
			bad_col = col;
		}
		nf++;

		if (p < end && *p == ',') {
			p++;
			continue;
		}
		p = eat_line_end(r, p, end);
		break;
	}

	r->pos = (size_t)(p - r->data);
	if (bad)
		return report(e, rec, bad, bad_col);
	for (int i = 0; i < nf; i++)
		r->fields[i].s = r->buf + (uintptr_t)r->fields[i].s;
	rec->nfields = nf;
	rec->fields = r->fields;
	return 1;
}

/* ---- writer ---- */

void csv_writer_init(struct csv_writer *w, unsigned flags)
{
	memset(w, 0, sizeof *w);
	w->flags = flags;
}

void csv_writer_release(struct csv_writer *w)
{
	sb_free(&w->out);
	memset(w, 0, sizeof *w);
}

/* Room for n more bytes after the BOM and the separator, which it writes. */
static char *begin_field(struct csv_writer *w, size_t n)
{
	sb_grow(&w->out, n + 4);
	if (!w->begun) {
		w->begun = 1;
		if (w->flags & CSV_WRITE_BOM) {
			memcpy(w->out.buf + w->out.len, "\xEF\xBB\xBF", 3);
			w->out.len += 3;
		}
	}
	if (w->ncols++ > 0)
		w->out.buf[w->out.len++] = ',';
	return w->out.buf + w->out.len;
}

/* Close a field begun with begin_field whose bytes end at o. */
static void end_field(struct csv_writer *w, char *o)
{
	w->out.len = (size_t)(o - w->out.buf);
	assert(w->out.len < w->out.cap);
	*o = '\0'; /* struct sb keeps its text NUL-terminated */
}

/* [+-]digits[.digits]: a number, never a formula. */
static int plain_number(const char *s, size_t len)
{
	size_t i = 0, d = 0;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, d++;
	if (d == 0)
		return 0;
	if (i < len && s[i] == '.') {
		size_t f = 0;
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, f++;
		if (f == 0)
			return 0;
	}
	return i == len;
}

int csv_needs_formula_guard(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	switch (s[0]) {
	case '=':
	case '@':
	case '\t':
	case '\r':
		return 1;
	case '+':
	case '-':
		return !plain_number(s, len);
	default:
		return 0;
	}
}

void csv_write_field(struct csv_writer *w, const char *s, size_t len)
{
	int guard = (w->flags & CSV_WRITE_FORMULA_GUARD) && csv_needs_formula_guard(s, len);
	int quote = len > 0 && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' ||
				s[len - 1] == '\t');
	size_t quotes = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '"')
			quotes++;
		if (c == '"' || c == ',' || c == '\r' || c == '\n')
			quote = 1;
	}
	char *o = begin_field(w, len + quotes + (size_t)guard + 2);
	if (quote)
		*o++ = '"';
	if (guard)
		*o++ = '\'';
	if (quotes == 0) {
		memcpy(o, s, len);
		o += len;
	} else {
		for (size_t i = 0; i < len; i++) {
			if (s[i] == '"')
				*o++ = '"';
			*o++ = s[i];
		}
	}
	if (quote)
		*o++ = '"';
	end_field(w, o);
}

void csv_write_number(struct csv_writer *w, double v)
{
	char tmp[40];
	int n = 0;
	if (isfinite(v)) {
		n = snprintf(tmp, sizeof tmp, "%.15g", v);
		if (n > 0 && (size_t)n < sizeof tmp && strtod(tmp, NULL) != v)
			n = snprintf(tmp, sizeof tmp, "%.17g", v);
		if (n < 0 || (size_t)n >= sizeof tmp)
			n = 0;
	}
	char *o = begin_field(w, (size_t)n);
	memcpy(o, tmp, (size_t)n);
	end_field(w, o + n);
}

void csv_write_int(struct csv_writer *w, int64_t v)
{
	char tmp[24];
	int n = snprintf(tmp, sizeof tmp, "%" PRId64, v);
	assert(n > 0 && (size_t)n < sizeof tmp);
	char *o = begin_field(w, (size_t)n);
	memcpy(o, tmp, (size_t)n);
	end_field(w, o + n);
}

void csv_write_end_row(struct csv_writer *w)
{
	if (!(w->flags & CSV_WRITE_LF))
		sb_addc(&w->out, '\r');
	sb_addc(&w->out, '\n');
	w->ncols = 0;
}

void csv_write_row(struct csv_writer *w, const char *const *cells, int n)
{
	for (int i = 0; i < n; i++) {
		const char *s = cells[i] ? cells[i] : "";
		csv_write_field(w, s, strlen(s));
	}
	csv_write_end_row(w);
}

char *csv_writer_take(struct csv_writer *w, size_t *len)
{
	char *out = sb_detach(&w->out, len);
	csv_writer_release(w);
	return out;
}
