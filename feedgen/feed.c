/* feed.c: the newest N entries by a bounded heap, their order, and the id set. */
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
	f->v = xcalloc(limit ? limit : 1, sizeof *f->v);
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

struct idslot {
	char *id, *path, *title;
};

struct idset {
	struct idslot *slots;
	size_t cap, n;
};

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603u;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

struct idset *
idset_new(void)
{
	struct idset *s = xcalloc(1, sizeof *s);

	s->cap = 64;
	s->slots = xcalloc(s->cap, sizeof *s->slots);
	return s;
}

/* The slot holding id, or the empty slot where it would go. */
static size_t
find(const struct idslot *slots, size_t cap, const char *id)
{
	size_t i = (size_t)hash(id) & (cap - 1);

	while (slots[i].id && strcmp(slots[i].id, id) != 0)
		i = (i + 1) & (cap - 1);
	return i;
}

const char *
idset_add(struct idset *s, const char *id, const char *path, const char *title)
{
	struct idslot *slot;
	size_t i;

	if (2 * (s->n + 1) > s->cap) {
		struct idslot *old = s->slots;
		size_t oldcap = s->cap;

		s->cap *= 2;
		s->slots = xcalloc(s->cap, sizeof *s->slots);
		for (i = 0; i < oldcap; i++)
			if (old[i].id)
				s->slots[find(s->slots, s->cap, old[i].id)] = old[i];
		free(old);
	}
	slot = &s->slots[find(s->slots, s->cap, id)];
	if (slot->id)
		return slot->path;
	slot->id = xstrdup(id);
	slot->path = xstrdup(path);
	slot->title = xstrdup(title ? title : "");
	s->n++;
	return NULL;
}

const char *
idset_path(const struct idset *s, const char *id)
{
	const struct idslot *slot = &s->slots[find(s->slots, s->cap, id)];

	return slot->id ? slot->path : NULL;
}

const char *
idset_match(const struct idset *s, const char *path, const char *title,
    int (*known)(const char *id, const void *arg), const void *arg, const char **match_path)
{
	const struct idslot *by_title = NULL;
	size_t i;

	/* A linear pass: it runs only for an id that vanished, which is rare. */
	for (i = 0; i < s->cap; i++) {
		const struct idslot *t = &s->slots[i];

		if (!t->id || known(t->id, arg))
			continue;
		if (strcmp(t->path, path) == 0) {
			*match_path = t->path;
			return t->id;
		}
		if (!by_title && *title && strcmp(t->title, title) == 0)
			by_title = t;
	}
	if (by_title)
		*match_path = by_title->path;
	return by_title ? by_title->id : NULL;
}

void
idset_free(struct idset *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->cap; i++) {
		free(s->slots[i].id);
		free(s->slots[i].path);
		free(s->slots[i].title);
	}
	free(s->slots);
	free(s);
}
