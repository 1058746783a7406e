/*
 * ratelimit.c — see ratelimit.h. Open addressing over a power-of-two
 * table; a key is probed in PROBES consecutive slots. Keys longer than
 * the slot's key buffer are hashed into it (addresses fit: 46 bytes at
 * most for IPv6 text).
 */
#include "core/ratelimit.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROBES 8
#define KEY_CAP 64

struct rl_slot {
	char key[KEY_CAP];
	double tokens;
	int64_t at; /* µs of the last update; 0 = empty slot */
};

struct rl_table {
	pthread_mutex_t mu;
	unsigned mask;
	double burst, per_sec;
	struct rl_slot *slots;
};

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

struct rl_table *rl_new(unsigned slots, double burst, double per_sec)
{
	unsigned n = 16;
	while (n < slots)
		n <<= 1;
	struct rl_table *t = calloc(1, sizeof *t);
	if (!t)
		abort();
	t->slots = calloc(n, sizeof *t->slots);
	if (!t->slots)
		abort();
	t->mask = n - 1;
	t->burst = burst;
	t->per_sec = per_sec;
	pthread_mutex_init(&t->mu, NULL);
	return t;
}

void rl_free(struct rl_table *t)
{
	if (!t)
		return;
	pthread_mutex_destroy(&t->mu);
	free(t->slots);
	free(t);
}

void rl_set(struct rl_table *t, double burst, double per_sec)
{
	pthread_mutex_lock(&t->mu);
	t->burst = burst;
	t->per_sec = per_sec;
	pthread_mutex_unlock(&t->mu);
}

/* The slot's key: the text itself when it fits, else its hash. */
static void slot_key(const char *key, char out[KEY_CAP])
{
	if (strlen(key) < KEY_CAP) {
		memcpy(out, key, strlen(key) + 1);
		return;
	}
	snprintf(out, KEY_CAP, "#%016llx", (unsigned long long)fnv1a(key));
}

static double level(const struct rl_table *t, const struct rl_slot *s, int64_t now)
{
	if (!s->at)
		return t->burst;
	double dt = now > s->at ? (double)(now - s->at) / 1e6 : 0;
	double v = s->tokens + dt * t->per_sec;
	return v > t->burst ? t->burst : v;
}

/* Find key's slot, or claim one (an empty one, else the fullest). Called
 * with the mutex held. */
static struct rl_slot *find(struct rl_table *t, const char *k, int64_t now, bool claim)
{
	uint64_t h = fnv1a(k);
	struct rl_slot *victim = NULL;
	double victim_level = -1;
	for (unsigned i = 0; i < PROBES; i++) {
		struct rl_slot *s = &t->slots[(h + i) & t->mask];
		if (s->at && strcmp(s->key, k) == 0)
			return s;
		double lv = s->at ? level(t, s, now) : t->burst + 1;
		if (lv > victim_level) {
			victim = s;
			victim_level = lv;
		}
	}
	if (!claim)
		return NULL;
	memcpy(victim->key, k, strlen(k) + 1);
	victim->tokens = t->burst;
	victim->at = now ? now : 1;
	return victim;
}

static int wait_secs(const struct rl_table *t, double lv)
{
	if (t->per_sec <= 0)
		return 3600;
	double s = ceil((1.0 - lv) / t->per_sec);
	return s < 1 ? 1 : s > 86400 ? 86400 : (int)s;
}

bool rl_take(struct rl_table *t, const char *key, int64_t now, int *retry_after)
{
	char k[KEY_CAP];
	slot_key(key ? key : "", k);
	pthread_mutex_lock(&t->mu);
	struct rl_slot *s = find(t, k, now, true);
	double lv = level(t, s, now);
	bool ok = lv >= 1.0;
	s->tokens = ok ? lv - 1.0 : lv;
	s->at = now ? now : 1;
	if (!ok && retry_after)
		*retry_after = wait_secs(t, lv);
	pthread_mutex_unlock(&t->mu);
	return ok;
}

bool rl_peek(struct rl_table *t, const char *key, int64_t now, int *retry_after)
{
	char k[KEY_CAP];
	slot_key(key ? key : "", k);
	pthread_mutex_lock(&t->mu);
	struct rl_slot *s = find(t, k, now, false);
	double lv = s ? level(t, s, now) : t->burst;
	bool ok = lv >= 1.0;
	if (!ok && retry_after)
		*retry_after = wait_secs(t, lv);
	pthread_mutex_unlock(&t->mu);
	return ok;
}

void rl_reset(struct rl_table *t, const char *key)
{
	char k[KEY_CAP];
	slot_key(key ? key : "", k);
	pthread_mutex_lock(&t->mu);
	struct rl_slot *s = find(t, k, 0, false);
	if (s)
		s->at = 0;
	pthread_mutex_unlock(&t->mu);
}
