/*
 * ratelimit.h — token buckets kept in memory, one per key (a client
 * address), in a fixed-size table: the memory a flood of new addresses can
 * take is bounded by the table, never by the flood.
 *
 * A bucket holds up to `burst` tokens and gains `per_sec` tokens a second;
 * rl_take() spends one when there is one. A key the table has not seen is
 * a full bucket, so when the table is full the entry evicted is the one
 * closest to full (the least information lost) among a few probed slots.
 *
 * Thread-safe (one mutex per table; each call is a few hundred
 * nanoseconds). State is per process: with several servers (issue 16) each
 * keeps its own, so the limits are per server — docs/security.md says so.
 */
#ifndef WUSHE_CORE_RATELIMIT_H
#define WUSHE_CORE_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

struct rl_table;

/* slots: how many keys the table remembers (rounded up to a power of 2). */
struct rl_table *rl_new(unsigned slots, double burst, double per_sec);
void rl_free(struct rl_table *t);

/* Spend one token of key's bucket at time now (µs). Returns true when a
 * token was there; false leaves the bucket as is and, when retry_after is
 * not NULL, stores the whole seconds until a token will be there. */
bool rl_take(struct rl_table *t, const char *key, int64_t now, int *retry_after);
/* Would rl_take succeed? (spends nothing) */
bool rl_peek(struct rl_table *t, const char *key, int64_t now, int *retry_after);
/* Forget key (a full bucket again). */
void rl_reset(struct rl_table *t, const char *key);
/* Change the rates (tests; configuration at start). */
void rl_set(struct rl_table *t, double burst, double per_sec);

#endif
