/*
 * wtime.h — time in wushe: int64 microseconds since the Unix epoch, UTC,
 * everywhere inside; shown in Asia/Shanghai (UTC+8, which has had no
 * daylight saving since 1991, so a fixed offset is exact for every date
 * the system handles).
 */
#ifndef WUSHE_CORE_WTIME_H
#define WUSHE_CORE_WTIME_H

#include <stddef.h>
#include <stdint.h>

#define WTIME_SHANGHAI_OFFSET_S (8 * 3600)
#define WTIME_US 1000000LL

int64_t wtime_now(void);        /* wall clock, µs */
int64_t wtime_mono(void);       /* monotonic, µs, for latency */
/* "2026-11-25T09:30:00+08:00" (seconds precision). */
void wtime_format(int64_t us, char *buf, size_t cap);
/* "2026-11-25" in Shanghai. */
void wtime_format_date(int64_t us, char *buf, size_t cap);
/* Parse ISO 8601: "YYYY-MM-DD" (Shanghai midnight), "YYYY-MM-DDTHH:MM[:SS[.fff]]"
 * with "Z" or "+HH:MM" (no offset = Shanghai). Returns 0 and sets *us, or -1. */
int wtime_parse(const char *s, int64_t *us);
/* Days since epoch for a civil date (proleptic Gregorian). */
int64_t wtime_days_from_civil(int y, unsigned m, unsigned d);
/* "YYYY-MM" into out[8] and "YYYY-MM-DD" into out[11] (the year modulo 10000). */
void wtime_ym_text(int y, int m, char out[8]);
void wtime_ymd_text(int y, int m, int d, char out[11]);
/* "YYYY-MM", exactly: 0 with the year and the month (1–12), or -1. */
int wtime_parse_ym(const char *s, int *y, int *m);

#endif
