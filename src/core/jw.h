/*
 * jw.h — a streaming JSON writer into a struct sb.
 *
 * Responses are written, never built as trees: the writer tracks only
 * whether a comma is due at each nesting level. Strings are escaped per
 * RFC 8259; input is assumed to be valid UTF-8 (everything we store was
 * validated on the way in by jansson or the import readers).
 */
#ifndef WUSHE_CORE_JW_H
#define WUSHE_CORE_JW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/sb.h"

#define JW_MAX_DEPTH 64

struct jw {
	struct sb *out;
	int depth;
	bool comma[JW_MAX_DEPTH];
	bool after_key;
};

void jw_init(struct jw *w, struct sb *out);
void jw_obj(struct jw *w);
void jw_obj_end(struct jw *w);
void jw_arr(struct jw *w);
void jw_arr_end(struct jw *w);
void jw_key(struct jw *w, const char *k);
void jw_str(struct jw *w, const char *s);            /* NULL writes null */
void jw_strn(struct jw *w, const char *s, size_t n);
void jw_int(struct jw *w, int64_t v);
void jw_double(struct jw *w, double v);
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);
void jw_raw(struct jw *w, const char *json);         /* an already-serialised value; NULL writes null */
void jw_time(struct jw *w, int64_t us);              /* ISO 8601 in Asia/Shanghai; 0 writes null */

static inline void jw_kstr(struct jw *w, const char *k, const char *v) { jw_key(w, k); jw_str(w, v); }
static inline void jw_kint(struct jw *w, const char *k, int64_t v) { jw_key(w, k); jw_int(w, v); }
static inline void jw_kbool(struct jw *w, const char *k, bool v) { jw_key(w, k); jw_bool(w, v); }
static inline void jw_knull(struct jw *w, const char *k) { jw_key(w, k); jw_null(w); }
static inline void jw_ktime(struct jw *w, const char *k, int64_t us) { jw_key(w, k); jw_time(w, us); }

/* String members: key, value, key, value, …, ending with a NULL key
 * (JW_END); a NULL value writes null. */
#define JW_END ((const char *)NULL)
void jw_kstrs(struct jw *w, const char *k, ...);

/* Escape s as a JSON string (with quotes) onto out. */
void json_escape(struct sb *out, const char *s, size_t n);

#endif
