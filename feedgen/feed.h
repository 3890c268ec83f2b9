/* feed.h: which entries a feed shows (the newest N), in which order, and their ids. */
#ifndef FEEDGEN_FEED_H
#define FEEDGEN_FEED_H

#include <stddef.h>

struct entry;

/*
 * The newest `limit` entries seen so far, held in a heap so that memory is
 * bounded by the feed, not by the archive.
 */
struct feed {
	size_t limit;
	struct entry **v;
	size_t n;
};

void feed_init(struct feed *f, size_t limit);
/*
 * Offers e to the feed, which takes ownership. Returns the entry that no
 * longer fits (e itself, or an older one pushed out) for the caller to free,
 * or NULL.
 */
struct entry *feed_offer(struct feed *f, struct entry *e);
/* Orders the held entries newest first (ties: by id), for writing. */
void feed_sort(struct feed *f);
/* 1 when a is newer than b in feed order. */
int feed_newer(const struct entry *a, const struct entry *b);
/* Frees every held entry. */
void feed_free(struct feed *f);

/* Every id seen in a run, with the file that gave it: duplicates are errors. */
struct idset;

struct idset *idset_new(void);
/*
 * Records id for path (and its title). Returns NULL when id is new, or the
 * path (owned by the set) that gave it first.
 */
const char *idset_add(struct idset *s, const char *id, const char *path, const char *title);
/* The path that gave id, or NULL. */
const char *idset_path(const struct idset *s, const char *id);
void idset_free(struct idset *s);

/*
 * Where an id that vanished may have gone: the entries of a set whose id is
 * not among known ids (the ids the feeds showed last time), indexed once by
 * path and by title, so each look-up costs O(1).
 */
struct idmatch;

/*
 * Indexes s, which must outlive the index and stay unchanged; known is read
 * only here. The caller frees the result with idmatch_free.
 */
struct idmatch *idmatch_new(const struct idset *s, const struct idset *known);
/*
 * The id (owned by the set) of an entry with this path, else of one with this
 * (non-empty) title; its path in *match_path. NULL when there is none.
 */
const char *idmatch_find(const struct idmatch *m, const char *path, const char *title,
    const char **match_path);
void idmatch_free(struct idmatch *m);

#endif
