/* ids.c: duplicate ids by sorted hashes, and changed ids against the feeds' last entries. */
#include "ids.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xalloc.h"

/* A hash in two halves and the entry's number: 12 bytes, no padding. */
struct idh {
	uint32_t hi, lo, entry;
};

struct idset {
	struct idh *v;
	size_t n, cap;
};

static uint64_t
hash(const char *s)
{
	return hash64(s, strlen(s));
}

struct idset *
idset_new(void)
{
	return xcalloc(1, sizeof(struct idset));
}

void
idset_add(struct idset *s, const char *id, uint32_t entry)
{
	uint64_t h = hash(id);

	if (s->n == s->cap) {
		/* Grows by half: the set is most of what a run keeps per entry. */
		s->cap = s->cap ? s->cap + s->cap / 2 : 1024;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = (struct idh){(uint32_t)(h >> 32), (uint32_t)h, entry};
}

static int
by_hash(const void *a, const void *b)
{
	const struct idh *x = a, *y = b;

	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* Byte b (0: lowest) of v's 64-bit hash. */
static unsigned
hash_byte(const struct idh *v, int b)
{
	return (unsigned)((b < 4 ? v->lo >> (8 * b) : v->hi >> (8 * (b - 4))) & 0xff);
}

void
idset_seal(struct idset *s)
{
	struct idh *tmp, *from, *to, *t;
	size_t count[256], i;
	int b;

	if (s->n < 2)
		return;
	/*
	 * In the order by_hash gives: an LSD radix sort on the hash, a byte a
	 * pass, is stable, and the set is filled in entry order, so equal
	 * hashes stay in entry order. Several times faster than qsort at
	 * 100,000 ids; a pass whose byte is the same everywhere is skipped.
	 */
	tmp = xcalloc(s->n, sizeof *tmp);
	from = s->v;
	to = tmp;
	for (b = 0; b < 8; b++) {
		size_t sum = 0;

		memset(count, 0, sizeof count);
		for (i = 0; i < s->n; i++)
			count[hash_byte(&from[i], b)]++;
		if (count[hash_byte(&from[0], b)] == s->n)
			continue;
		for (i = 0; i < 256; i++) {
			size_t c = count[i];

			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < s->n; i++)
			to[count[hash_byte(&from[i], b)]++] = from[i];
		t = from;
		from = to;
		to = t;
	}
	if (from != s->v)
		memcpy(s->v, from, s->n * sizeof *s->v);
	free(tmp);
}

int
idset_has(const struct idset *s, const char *id)
{
	uint64_t h = hash(id);
	struct idh key = {(uint32_t)(h >> 32), (uint32_t)h, 0};
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (by_hash(&s->v[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && s->v[lo].hi == key.hi && s->v[lo].lo == key.lo;
}

static int
by_later(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;

	return x[1] < y[1] ? -1 : x[1] > y[1];
}

size_t
idset_clashes(const struct idset *s, uint32_t (**pairs)[2])
{
	size_t i, first = 0, n = 0;

	*pairs = NULL;
	for (i = 1; i < s->n; i++) {
		if (s->v[i].hi != s->v[first].hi || s->v[i].lo != s->v[first].lo) {
			first = i;
			continue;
		}
		*pairs = xrealloc(*pairs, (n + 1) * sizeof **pairs);
		(*pairs)[n][0] = s->v[first].entry;
		(*pairs)[n][1] = s->v[i].entry;
		n++;
	}
	if (n)
		qsort(*pairs, n, sizeof **pairs, by_later);
	return n;
}

void
idset_free(struct idset *s)
{
	if (!s)
		return;
	free(s->v);
	free(s);
}

/* An entry shown last time, and what this run found of it. */
struct old {
	char *id, *path, *title;
	int dup;		/* an earlier old entry had this id */
	int seen;		/* its id is still given */
};

/* The first entry of this run with a given path or title and an id new to the feeds. */
struct match {
	char *id, *path;
};

struct idwatch {
	struct old *v;
	size_t n;
	struct match *by_path, *by_title;	/* per old entry */
	/* Open-addressed tables of old entry numbers + 1 (0: empty), by id, path and title. */
	size_t *ids, *paths, *titles;
	size_t cap;
};

struct idwatch *
idwatch_new(void)
{
	return xcalloc(1, sizeof(struct idwatch));
}

void
idwatch_old(struct idwatch *w, const char *id, const char *path, const char *title)
{
	w->v = xrealloc(w->v, (w->n + 1) * sizeof *w->v);
	w->v[w->n++] = (struct old){xstrdup(id), xstrdup(path), xstrdup(title ? title : ""), 0, 0};
}

enum key { BY_ID, BY_PATH, BY_TITLE };

static const char *
key_of(const struct old *o, enum key k)
{
	return k == BY_ID ? o->id : k == BY_PATH ? o->path : o->title;
}

/* The slot of table t where key is (its value then nonzero), or the empty one where it would go. */
static size_t
slot(const struct idwatch *w, const size_t *t, enum key k, const char *key)
{
	size_t i = (size_t)hash(key) & (w->cap - 1);

	while (t[i] && strcmp(key_of(&w->v[t[i] - 1], k), key) != 0)
		i = (i + 1) & (w->cap - 1);
	return i;
}

/* Builds the tables on the first entry seen: the old entries are all known by then. */
static void
index_old(struct idwatch *w)
{
	size_t i, j;

	for (w->cap = 16; w->cap < 2 * w->n; w->cap *= 2)
		;
	w->ids = xcalloc(w->cap, sizeof *w->ids);
	w->paths = xcalloc(w->cap, sizeof *w->paths);
	w->titles = xcalloc(w->cap, sizeof *w->titles);
	w->by_path = xcalloc(w->n ? w->n : 1, sizeof *w->by_path);
	w->by_title = xcalloc(w->n ? w->n : 1, sizeof *w->by_title);
	for (i = 0; i < w->n; i++) {
		if (w->ids[j = slot(w, w->ids, BY_ID, w->v[i].id)])
			w->v[i].dup = 1;
		else
			w->ids[j] = i + 1;
		if (!w->paths[j = slot(w, w->paths, BY_PATH, w->v[i].path)])
			w->paths[j] = i + 1;
		if (*w->v[i].title && !w->titles[j = slot(w, w->titles, BY_TITLE, w->v[i].title)])
			w->titles[j] = i + 1;
	}
}

void
idwatch_see(struct idwatch *w, const char *id, const char *rel, const char *path, const char *title)
{
	size_t k;
	struct match *m;

	if (!w->n)
		return;
	if (!w->ids)
		index_old(w);
	if ((k = w->ids[slot(w, w->ids, BY_ID, id)])) {
		w->v[k - 1].seen = 1;
		return;
	}
	/* An id new to the feeds: the first from an old entry's file, or with its title, is kept. */
	if ((k = w->paths[slot(w, w->paths, BY_PATH, rel)]) && !(m = &w->by_path[k - 1])->id) {
		m->id = xstrdup(id);
		m->path = xstrdup(path);
	}
	if (title && *title && (k = w->titles[slot(w, w->titles, BY_TITLE, title)]) &&
	    !(m = &w->by_title[k - 1])->id) {
		m->id = xstrdup(id);
		m->path = xstrdup(path);
	}
}

size_t
idwatch_count(const struct idwatch *w)
{
	return w->n;
}

const char *
idwatch_vanished(const struct idwatch *w, size_t i, const char **nid, const char **npath)
{
	const struct old *o = &w->v[i];
	const struct match *m = NULL;
	size_t k;

	*nid = *npath = NULL;
	if (!w->ids) {
		/* No entry at all this run: every old id has vanished, with nothing in its place. */
		size_t j;

		for (j = 0; j < i; j++)
			if (strcmp(w->v[j].id, o->id) == 0)
				return NULL;
		return o->id;
	}
	/* The first old entry with this id stands for all (a feed of each kind shows it). */
	k = w->ids[slot(w, w->ids, BY_ID, o->id)];
	if (o->dup || w->v[k - 1].seen)
		return NULL;
	if ((k = w->paths[slot(w, w->paths, BY_PATH, o->path)]) && w->by_path[k - 1].id)
		m = &w->by_path[k - 1];
	else if (*o->title && (k = w->titles[slot(w, w->titles, BY_TITLE, o->title)]) &&
	    w->by_title[k - 1].id)
		m = &w->by_title[k - 1];
	if (m) {
		*nid = m->id;
		*npath = m->path;
	}
	return o->id;
}

void
idwatch_free(struct idwatch *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->n; i++) {
		free(w->v[i].id);
		free(w->v[i].path);
		free(w->v[i].title);
		if (w->by_path) {
			free(w->by_path[i].id);
			free(w->by_path[i].path);
			free(w->by_title[i].id);
			free(w->by_title[i].path);
		}
	}
	free(w->v);
	free(w->by_path);
	free(w->by_title);
	free(w->ids);
	free(w->paths);
	free(w->titles);
	free(w);
}
