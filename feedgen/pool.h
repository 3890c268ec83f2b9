/*
 * pool.h: work done on several threads and taken back in the order it was
 * given, so that what a run prints and writes does not depend on the number
 * of threads or their timing. The only place feedgen starts threads.
 */
#ifndef FEEDGEN_POOL_H
#define FEEDGEN_POOL_H

#include <stddef.h>

struct pool;

/* Does job on worker thread number worker (0 .. n-1); arg is pool_start's. */
typedef void pool_work(void *arg, int worker, void *job);

/*
 * Starts n worker threads that run work on the jobs given, at most depth of
 * them given and not yet taken back. With n <= 1 no thread is started: the
 * job is done by pool_give on the caller's thread. Never NULL.
 */
struct pool *pool_start(int n, size_t depth, pool_work *work, void *arg);
/* 1 when depth jobs are given and not taken: take one before giving more. */
int pool_full(const struct pool *p);
/* Gives job (the pool must not be full); the caller keeps ownership. */
void pool_give(struct pool *p, void *job);
/* The oldest job given and not yet taken, once done (waits for it); NULL when none is out. */
void *pool_take(struct pool *p);
/* Stops the threads; every job given must have been taken. */
void pool_stop(struct pool *p);
/* The online processors, at least 1 and at most POOL_MAX_THREADS: the default -j. */
int pool_cpus(void);

#define POOL_MAX_THREADS 256

#endif
