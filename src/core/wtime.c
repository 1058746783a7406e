/* wtime.c — see wtime.h. Civil-date arithmetic after H. Hinnant's algorithms. */
#include "core/wtime.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t wtime_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * WTIME_US + ts.tv_nsec / 1000;
}

int64_t wtime_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * WTIME_US + ts.tv_nsec / 1000;
}

int64_t wtime_days_from_civil(int y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int64_t yy = (int64_t)yoe + era * 400;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (*m <= 2));
}

static int64_t floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

void wtime_format(int64_t us, char *buf, size_t cap)
{
	int64_t s = floordiv(us, WTIME_US) + WTIME_SHANGHAI_OFFSET_S;
	int64_t days = floordiv(s, 86400);
	int64_t sod = s - days * 86400;
	int y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, cap, "%04d-%02u-%02uT%02d:%02d:%02d+08:00", y, m, d, (int)(sod / 3600),
		 (int)(sod / 60 % 60), (int)(sod % 60));
}

void wtime_format_date(int64_t us, char *buf, size_t cap)
{
	int64_t s = floordiv(us, WTIME_US) + WTIME_SHANGHAI_OFFSET_S;
	int y;
	unsigned m, d;
	civil_from_days(floordiv(s, 86400), &y, &m, &d);
	snprintf(buf, cap, "%04d-%02u-%02u", y, m, d);
}

static int digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)**p))
			return -1;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	*out = v;
	return 0;
}

static int mdays(int y, int m)
{
	static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return md[m - 1];
}

int wtime_parse(const char *s, int64_t *us)
{
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, se = 0, frac_us = 0;
	if (!s || digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' ||
	    digits(&p, 2, &d))
		return -1;
	if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > mdays(y, mo))
		return -1;
	int64_t offset = WTIME_SHANGHAI_OFFSET_S;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
			return -1;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &se))
				return -1;
			if (*p == '.') {
				p++;
				int n = 0;
				while (isdigit((unsigned char)*p)) {
					if (n < 6) {
						frac_us = frac_us * 10 + (*p - '0');
						n++;
					}
					p++;
				}
				while (n++ < 6)
					frac_us *= 10;
			}
		}
		if (h > 23 || mi > 59 || se > 60)
			return -1;
		if (*p == 'Z') {
			offset = 0;
			p++;
		} else if (*p == '+' || *p == '-') {
			int sign = *p == '-' ? -1 : 1, oh, om;
			p++;
			if (digits(&p, 2, &oh))
				return -1;
			if (*p == ':')
				p++;
			if (digits(&p, 2, &om) || oh > 14 || om > 59)
				return -1;
			offset = sign * (oh * 3600 + om * 60);
		}
	}
	if (*p)
		return -1;
	int64_t secs = wtime_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 +
		       mi * 60 + se - offset;
	*us = secs * WTIME_US + frac_us;
	return 0;
}

void wtime_ym_text(int y, int m, char out[8])
{
	unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u;
	out[0] = (char)('0' + uy / 1000);
	out[1] = (char)('0' + uy / 100 % 10);
	out[2] = (char)('0' + uy / 10 % 10);
	out[3] = (char)('0' + uy % 10);
	out[4] = '-';
	out[5] = (char)('0' + um / 10);
	out[6] = (char)('0' + um % 10);
	out[7] = 0;
}

void wtime_ymd_text(int y, int m, int d, char out[11])
{
	unsigned ud = (unsigned)d % 100u;
	wtime_ym_text(y, m, out);
	out[7] = '-';
	out[8] = (char)('0' + ud / 10);
	out[9] = (char)('0' + ud % 10);
	out[10] = 0;
}

int wtime_parse_ym(const char *s, int *y, int *m)
{
	if (!s || strlen(s) != 7 || s[4] != '-')
		return -1;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return -1;
	*y = atoi(s);
	*m = atoi(s + 5);
	return *m >= 1 && *m <= 12 ? 0 : -1;
}
