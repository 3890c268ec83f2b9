/* feed.h: which entries a feed shows (the newest N), and in which order. */
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
	size_t n, cap;
};

/* limit SIZE_MAX: every entry offered (a complete feed); v grows as it fills. */
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

#endif
