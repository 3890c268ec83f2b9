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

void
retract_update(struct state *st, struct retractions *r, const struct idset *ids, int64_t now,
    long days)
{
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
			state_add_gone(st, old[i].id, old[i].when.t, old[i].reason);
		free(old[i].id);
		free(old[i].reason);
	}
	free(old);
	/* Each id the site's feeds showed, once, in id order. */
	for (i = 0; i < st->nshown; i++)
		shown[n++] = st->shown[i].id;
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
		if ((why = retracted(r, id)))
			state_add_gone(st, id, now, why->reason);
		else if (!idset_has(ids, id))
			state_add_gone(st, id, now, RETRACT_REMOVED);
	}
	free(kept);
	free(shown);
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
