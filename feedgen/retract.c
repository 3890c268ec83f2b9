/* retract.c: retracted and removed entries to RFC 6721 tombstones, kept in the state for a while. */
#include "retract.h"

#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "ids.h"
#include "state.h"
#include "xalloc.h"

void
retractions_add(struct retractions *r, const char *id, const char *reason)
{
	r->v = xrealloc(r->v, (r->n + 1) * sizeof *r->v);
	r->v[r->n++] = (struct retraction){xstrdup(id), xstrdup(reason)};
	r->sorted = 0;
}

void
retractions_free(struct retractions *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].id);
		free(r->v[i].reason);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

static int
by_id(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The retraction of id, or NULL. */
static const struct retraction *
retracted(struct retractions *r, const char *id)
{
	const char *key = id;

	if (!r->sorted && r->n) {
		qsort(r->v, r->n, sizeof *r->v, by_id);	/* id is the first member */
		r->sorted = 1;
	}
	return r->n ? bsearch(&key, r->v, r->n, sizeof *r->v, by_id) : NULL;
}

static int
newest_first(const void *a, const void *b)
{
	const struct tombstone *x = a, *y = b;

	if (x->when.t != y->when.t)
		return x->when.t > y->when.t ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* A shown entry of a category's or author's Atom feed: where a tombstone of its id belongs too. */
struct showing {
	const char *id, *feed;
};

static int
by_id_feed(const void *a, const void *b)
{
	const struct showing *x = a, *y = b;
	int d = strcmp(x->id, y->id);

	return d ? d : strcmp(x->feed, y->feed);
}

/* The view Atom feeds that showed id (v sorted by id, then feed), space-separated; NULL when none. */
static char *
where_shown(const struct showing *v, size_t n, const char *id)
{
	struct showing key = {id, ""};
	size_t lo = 0, hi = n;
	struct buf b = {0};

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (by_id_feed(&v[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && strcmp(v[lo].id, id) == 0; lo++) {
		if (b.len && lo > 0 && strcmp(v[lo - 1].feed, v[lo].feed) == 0)
			continue;
		if (b.len)
			buf_addc(&b, ' ');
		buf_adds(&b, v[lo].feed);
	}
	return b.len ? buf_steal(&b) : NULL;
}

/* A feed in a sub-folder whose Atom document carries tombstones: a category's or author's. */
static int
view_atom(const char *feed)
{
	size_t n = strlen(feed);

	return strchr(feed, '/') && n >= 9 && strcmp(feed + n - 9, "/atom.xml") == 0 &&
	    strncmp(feed, "archive/", 8) != 0;
}

void
retract_update(struct state *st, struct retractions *r, const struct idset *ids, int64_t now,
    long days)
{
	struct showing *views = xcalloc(st->nshown + 1, sizeof *views);
	size_t nviews = 0;
	struct tombstone *old = st->gone;
	size_t nold = st->ngone, i, n = 0, nkept;
	const char **shown = xcalloc(st->nshown + 1, sizeof *shown), **kept;
	const struct retraction *why;

	st->gone = NULL;
	st->ngone = 0;
	for (i = 0; i < nold; i++) {
		/* Kept until it has been given for the whole period, or the entry is back. */
		if (days > 0 && now - old[i].when.t < (int64_t)days * 86400 &&
		    (!idset_has(ids, old[i].id) || retracted(r, old[i].id)))
			state_add_gone(st, old[i].id, old[i].when.t, old[i].reason, old[i].where);
		free(old[i].id);
		free(old[i].reason);
		free(old[i].where);
	}
	free(old);
	/* Each id the feeds showed, once, in id order; and which category and author Atom feeds showed it. */
	for (i = 0; i < st->nshown; i++) {
		shown[n++] = st->shown[i].id;
		if (view_atom(st->shown[i].feed))
			views[nviews++] = (struct showing){st->shown[i].id, st->shown[i].feed};
	}
	if (nviews)
		qsort(views, nviews, sizeof *views, by_id_feed);
	qsort(shown, n, sizeof *shown, by_id);
	nkept = st->ngone;
	kept = xcalloc(nkept + 1, sizeof *kept);
	for (i = 0; i < nkept; i++)
		kept[i] = st->gone[i].id;
	qsort(kept, nkept, sizeof *kept, by_id);
	for (i = 0; days > 0 && i < n; i++) {
		const char *id = shown[i];

		if ((i > 0 && strcmp(shown[i - 1], id) == 0) ||
		    (nkept && bsearch(&id, kept, nkept, sizeof *kept, by_id)))
			continue;
		/* Only what a feed showed gets a tombstone: a draft's or an embargoed entry's id stays private. */
		if ((why = retracted(r, id)) || !idset_has(ids, id)) {
			char *where = where_shown(views, nviews, id);

			state_add_gone(st, id, now, why ? why->reason : RETRACT_REMOVED, where);
			free(where);
		}
	}
	free(kept);
	free(shown);
	free(views);
	if (st->ngone > 1)
		qsort(st->gone, st->ngone, sizeof *st->gone, newest_first);
}

void
retract_next(const struct state *st, long days, struct when *next, int *have)
{
	size_t i;

	for (i = 0; days > 0 && i < st->ngone; i++) {
		int64_t t = st->gone[i].when.t + (int64_t)days * 86400;

		if (!*have || t < next->t) {
			*next = (struct when){t, 0};
			*have = 1;
		}
	}
}
