/* feed.c: the newest N entries by a bounded heap, and their order. */
#include "feed.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entry.h"
#include "xalloc.h"

int
feed_newer(const struct entry *a, const struct entry *b)
{
	if (a->date.t != b->date.t)
		return a->date.t > b->date.t;
	/* Same instant: a fixed order by id keeps output byte-identical across runs. */
	return strcmp(a->id, b->id) < 0;
}

void
feed_init(struct feed *f, size_t limit)
{
	f->limit = limit;
	f->cap = limit < 64 ? (limit ? limit : 1) : 64;
	f->v = xcalloc(f->cap, sizeof *f->v);
	f->n = 0;
}

/* A min-heap: v[0] is the oldest held entry, the first to leave. */
static void
sift_down(struct feed *f, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		struct entry *t;

		if (l < f->n && feed_newer(f->v[m], f->v[l]))
			m = l;
		if (r < f->n && feed_newer(f->v[m], f->v[r]))
			m = r;
		if (m == i)
			return;
		t = f->v[i];
		f->v[i] = f->v[m];
		f->v[m] = t;
		i = m;
	}
}

struct entry *
feed_offer(struct feed *f, struct entry *e)
{
	struct entry *out;
	size_t i;

	if (f->n < f->limit) {
		if (f->n == f->cap) {
			f->cap = f->cap > f->limit / 2 ? f->limit : f->cap * 2;
			f->v = xrealloc(f->v, f->cap * sizeof *f->v);
		}
		for (i = f->n++; i > 0 && feed_newer(f->v[(i - 1) / 2], e); i = (i - 1) / 2)
			f->v[i] = f->v[(i - 1) / 2];
		f->v[i] = e;
		return NULL;
	}
	if (f->n == 0 || !feed_newer(e, f->v[0]))
		return e;
	out = f->v[0];
	f->v[0] = e;
	sift_down(f, 0);
	return out;
}

static int
newest_first(const void *a, const void *b)
{
	const struct entry *x = *(struct entry *const *)a, *y = *(struct entry *const *)b;

	return feed_newer(x, y) ? -1 : feed_newer(y, x) ? 1 : 0;
}

void
feed_sort(struct feed *f)
{
	qsort(f->v, f->n, sizeof *f->v, newest_first);
}

void
feed_free(struct feed *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		entry_free(f->v[i]);
	free(f->v);
	f->v = NULL;
	f->n = 0;
}
