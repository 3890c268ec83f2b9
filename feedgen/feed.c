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

/*
 * Slots of the set keyed by path and by title, in open-addressed tables; the
 * first slot in the set's order takes a key, so a match is the one a search
 * of the set in slot order would find.
 */
struct idmatch {
	const struct idslot **by_path, **by_title;
	size_t cap;
};

/* Where key (a path when by_path, else a title) is in t, or the empty place it would take. */
static size_t
place(const struct idslot *const *t, size_t cap, const char *key, int by_path)
{
	size_t i = (size_t)hash(key) & (cap - 1);

	while (t[i] && strcmp(by_path ? t[i]->path : t[i]->title, key) != 0)
		i = (i + 1) & (cap - 1);
	return i;
}

struct idmatch *
idmatch_new(const struct idset *s, const struct idset *known)
{
	struct idmatch *m = xcalloc(1, sizeof *m);
	size_t i, j;

	/* s->cap is a power of two at least twice s->n: each table stays at most half full. */
	m->cap = s->cap;
	m->by_path = xcalloc(m->cap, sizeof *m->by_path);
	m->by_title = xcalloc(m->cap, sizeof *m->by_title);
	for (i = 0; i < s->cap; i++) {
		const struct idslot *t = &s->slots[i];

		if (!t->id || idset_path(known, t->id))
			continue;
		if (!m->by_path[j = place(m->by_path, m->cap, t->path, 1)])
			m->by_path[j] = t;
		if (*t->title && !m->by_title[j = place(m->by_title, m->cap, t->title, 0)])
			m->by_title[j] = t;
	}
	return m;
}

const char *
idmatch_find(const struct idmatch *m, const char *path, const char *title, const char **match_path)
{
	const struct idslot *t = m->by_path[place(m->by_path, m->cap, path, 1)];

	if (!t && *title)
		t = m->by_title[place(m->by_title, m->cap, title, 0)];
	if (!t)
		return NULL;
	*match_path = t->path;
	return t->id;
}

void
idmatch_free(struct idmatch *m)
{
	if (!m)
		return;
	free(m->by_path);
	free(m->by_title);
	free(m);
}
