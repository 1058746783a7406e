/*
 * jobs.c — the periodic jobs thread (jobs.h). The jobs of all areas are
 * gathered from the module list once; each remembers when it is next due.
 * The thread sleeps on a condition variable until the earliest is due or
 * jobs_stop() wakes it, so a stop waits at most for the job then running.
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "core/log.h"
#include "core/module.h"
#include "core/wtime.h"
#include "core/xmem.h"
#include "jobs/jobs.h"
#include "store/store.h"

struct due {
	const struct module_job *job;
	int64_t next; /* µs UTC */
};

static struct {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int running, stop;
	struct store *s;
	struct due *d;
	int n;
} jobs = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static int run_one(struct db *db, const struct module_job *j, int64_t now)
{
	struct err e = {0};
	int64_t n = 0;
	if (j->run(db, now, &n, &e)) {
		log_error("job %s failed: %s", j->name, e.message_en);
		return 1;
	}
	if (n)
		log_info("job %s: %lld done", j->name, (long long)n);
	return 0;
}

int jobs_run_all(struct db *db, int64_t now)
{
	int nm = 0, failed = 0;
	const struct module *const *m = modules_all(&nm);
	for (int i = 0; i < nm; i++)
		for (const struct module_job *j = m[i]->jobs; j && j->name; j++)
			failed += run_one(db, j, now);
	return failed;
}

static void *jobs_main(void *arg)
{
	(void)arg;
	struct err e = {0};
	struct db *db = store_db(jobs.s, &e);
	if (!db)
		log_error("jobs: no store connection: %s", e.message_en);
	pthread_mutex_lock(&jobs.mu);
	while (db && !jobs.stop) {
		pthread_mutex_unlock(&jobs.mu);
		int64_t now = wtime_now(), soonest = now + (int64_t)3600 * 1000000;
		for (int i = 0; i < jobs.n; i++) {
			if (jobs.d[i].next <= now) {
				run_one(db, jobs.d[i].job, now);
				jobs.d[i].next = now + (int64_t)jobs.d[i].job->interval_s * 1000000;
			}
			if (jobs.d[i].next < soonest)
				soonest = jobs.d[i].next;
		}
		pthread_mutex_lock(&jobs.mu);
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		int64_t wait = soonest - wtime_now();
		if (wait < 1000000)
			wait = 1000000;
		ts.tv_sec += (time_t)(wait / 1000000);
		while (!jobs.stop && pthread_cond_timedwait(&jobs.cv, &jobs.mu, &ts) == 0)
			;
	}
	pthread_mutex_unlock(&jobs.mu);
	store_release_thread(jobs.s);
	return NULL;
}

int jobs_start(struct store *s, struct db *db, struct err *e)
{
	int nm = 0, n = 0;
	const struct module *const *m = modules_all(&nm);
	for (int i = 0; i < nm; i++)
		for (const struct module_job *j = m[i]->jobs; j && j->name; j++)
			n++;
	if (!n)
		return 0;
	int64_t now = wtime_now();
	jobs_run_all(db, now);
	jobs.d = xcalloc((size_t)n, sizeof *jobs.d);
	jobs.n = 0;
	for (int i = 0; i < nm; i++)
		for (const struct module_job *j = m[i]->jobs; j && j->name; j++)
			jobs.d[jobs.n++] = (struct due){j, now + (int64_t)j->interval_s * 1000000};
	jobs.s = s;
	jobs.stop = 0;
	if (pthread_create(&jobs.th, NULL, jobs_main, NULL)) {
		free(jobs.d);
		jobs.d = NULL;
		return err_set(e, ERR_INTERNAL, NULL, "无法启动定时任务线程", "cannot start the jobs thread");
	}
	jobs.running = 1;
	return 0;
}

void jobs_stop(void)
{
	if (!jobs.running)
		return;
	pthread_mutex_lock(&jobs.mu);
	jobs.stop = 1;
	pthread_cond_signal(&jobs.cv);
	pthread_mutex_unlock(&jobs.mu);
	pthread_join(jobs.th, NULL);
	jobs.running = 0;
	free(jobs.d);
	jobs.d = NULL;
}
