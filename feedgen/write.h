/*
 * write.h: a run's documents written in one batch with the state and the
 * cache: each rendered only when what decides its bytes changed, replaced
 * only when its bytes changed, and files the last run wrote that no document
 * holds any more removed.
 */
#ifndef FEEDGEN_WRITE_H
#define FEEDGEN_WRITE_H

#include <stddef.h>

#include "config.h"

struct cache;
struct doc;
struct state;

/* The documents of a run, in the order they are written and reported. */
struct docset {
	struct doc **v;
	size_t n;
	int *changed;	/* per document, after write_docs: its bytes differ from the file's */
	char **removed;	/* files removed (or that would be, in a dry run) */
	size_t nremoved;
};

/* Adds d (the set takes it). */
void docs_add(struct docset *ds, struct doc *d);
void docs_free(struct docset *ds);

/*
 * Renders each document whose fingerprint or file differs from what the
 * state recorded (its entries given by its fill first, when it has one; its
 * stub entries read whole: an entry that changed since the scan is an error), stages it when its bytes changed, removes the
 * files the state lists that no document holds, records in st each file's
 * hash and fingerprint and, for documents in the output folder itself, the
 * entries shown (for the id-change check), marks hub notifications owed for
 * each document whose hash changed, then stages the cache (may be NULL) and
 * the state, last, so it is renamed first, and commits. Either every changed
 * file is replaced or, when anything fails while staging, none is. A run
 * that dies half-way may ping a hub twice, never zero times. With dry_run,
 * only ds->changed is set. Documents with a fill (archive pages) are read
 * and rendered on jobs threads (pool.h; 0: one per processor), taken back
 * in order. Returns 0 or -1 after reporting.
 */
int write_docs(const struct config *cfg, struct docset *ds, struct state *st, struct cache *cache,
    int dry_run, int jobs);

#endif
