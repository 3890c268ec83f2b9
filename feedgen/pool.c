/* pool.c: a fixed set of POSIX threads over a ring of jobs, taken back in order. */
#include "pool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "xalloc.h"

struct slot {
	void *job;
	int done;
};

struct pool {
	pthread_mutex_t mu;
	pthread_cond_t work_cv;		/* a job to do, or stop */
	pthread_cond_t done_cv;		/* a job done */
	pthread_t *threads;
	int nthreads;
	struct slot *ring;
	size_t depth;
	size_t head;	/* the oldest job not taken back (a count: ring index is head % depth) */
	size_t next;	/* the next job for a worker */
	size_t tail;	/* the next job to be given */
	int stopping;
	pool_work *work;
	void *arg;
};

struct worker {
	struct pool *p;
	int id;
};

static void
die(const char *what, int err)
{
	fprintf(stderr, "feedgen: error: %s: error %d\n", what, err);
	exit(3);
}

static void *
run(void *v)
{
	struct worker *w = v;
	struct pool *p = w->p;
	int id = w->id;

	free(w);
	pthread_mutex_lock(&p->mu);
	for (;;) {
		size_t i;

		while (!p->stopping && p->next == p->tail)
			pthread_cond_wait(&p->work_cv, &p->mu);
		if (p->next == p->tail)
			break;
		i = p->next++ % p->depth;
		pthread_mutex_unlock(&p->mu);
		p->work(p->arg, id, p->ring[i].job);
		pthread_mutex_lock(&p->mu);
		p->ring[i].done = 1;
		if (i == p->head % p->depth)
			pthread_cond_signal(&p->done_cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct pool *
pool_start(int n, size_t depth, pool_work *work, void *arg)
{
	struct pool *p = xcalloc(1, sizeof *p);
	int i, err;

	p->depth = depth ? depth : 1;
	p->ring = xcalloc(p->depth, sizeof *p->ring);
	p->work = work;
	p->arg = arg;
	if (n <= 1)
		return p;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work_cv, NULL);
	pthread_cond_init(&p->done_cv, NULL);
	p->threads = xcalloc((size_t)n, sizeof *p->threads);
	for (i = 0; i < n; i++) {
		struct worker *w = xmalloc(sizeof *w);

		w->p = p;
		w->id = i;
		if ((err = pthread_create(&p->threads[i], NULL, run, w)) != 0)
			die("cannot start a thread", err);
		p->nthreads++;
	}
	return p;
}

int
pool_full(const struct pool *p)
{
	return p->tail - p->head == p->depth;
}

void
pool_give(struct pool *p, void *job)
{
	size_t i = p->tail % p->depth;

	if (!p->nthreads) {
		p->ring[i] = (struct slot){job, 1};
		p->tail++;
		p->work(p->arg, 0, job);
		return;
	}
	pthread_mutex_lock(&p->mu);
	p->ring[i] = (struct slot){job, 0};
	p->tail++;
	pthread_cond_signal(&p->work_cv);
	pthread_mutex_unlock(&p->mu);
}

void *
pool_take(struct pool *p)
{
	size_t i = p->head % p->depth;
	void *job;

	if (p->head == p->tail)
		return NULL;
	if (p->nthreads) {
		/* Workers signal only for the head; one done earlier is seen here, under the lock. */
		pthread_mutex_lock(&p->mu);
		while (!p->ring[i].done)
			pthread_cond_wait(&p->done_cv, &p->mu);
		job = p->ring[i].job;
		p->ring[i] = (struct slot){NULL, 0};
		p->head++;
		pthread_mutex_unlock(&p->mu);
		return job;
	}
	job = p->ring[i].job;
	p->ring[i] = (struct slot){NULL, 0};
	p->head++;
	return job;
}

void
pool_stop(struct pool *p)
{
	int i;

	if (!p)
		return;
	if (p->nthreads) {
		pthread_mutex_lock(&p->mu);
		p->stopping = 1;
		pthread_cond_broadcast(&p->work_cv);
		pthread_mutex_unlock(&p->mu);
		for (i = 0; i < p->nthreads; i++)
			pthread_join(p->threads[i], NULL);
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->work_cv);
		pthread_cond_destroy(&p->done_cv);
	}
	free(p->threads);
	free(p->ring);
	free(p);
}

int
pool_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > POOL_MAX_THREADS ? POOL_MAX_THREADS : (int)n;
}
