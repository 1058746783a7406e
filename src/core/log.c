/* log.c — see log.h. */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/wtime.h"

static enum log_level level = LOG_INFO;

void log_set_level(enum log_level l) { level = l; }
enum log_level log_get_level(void) { return level; }

int log_parse_level(const char *s, enum log_level *out)
{
	static const char *names[] = {"debug", "info", "warn", "error", "off"};
	for (int i = 0; i < 5; i++)
		if (s && strcmp(s, names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	return -1;
}

void log_msg(enum log_level l, const char *fmt, ...)
{
	static const char *tags[] = {"DEBUG", "INFO", "WARN", "ERROR"};
	if (l < level || l >= LOG_OFF)
		return;
	/* Most lines fit the stack buffer; a longer one (a list query's SQL
	 * and plan, WUSHE_LIST_EXPLAIN) is written whole from the heap, never
	 * cut: a cut plan once read as a table scan. */
	char line[2048], ts[40];
	wtime_format(wtime_now(), ts, sizeof ts);
	int n = snprintf(line, sizeof line, "%s %s ", ts, tags[l]);
	va_list ap, again;
	va_start(ap, fmt);
	va_copy(again, ap);
	int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		m = 0;
	char *out = line;
	if ((size_t)n + (size_t)m + 2 > sizeof line) {
		out = malloc((size_t)n + (size_t)m + 2);
		if (out) {
			memcpy(out, line, (size_t)n);
			vsnprintf(out + n, (size_t)m + 1, fmt, again);
		} else {
			out = line;
			m = (int)(sizeof line - (size_t)n - 2);
		}
	}
	va_end(again);
	size_t len = (size_t)n + (size_t)m;
	out[len++] = '\n';
	out[len] = 0;
	fputs(out, stderr);
	if (out != line)
		free(out);
}
