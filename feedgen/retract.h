/*
 * retract.h: what the feeds take back: entries marked 'retracted', and
 * entries a site feed showed whose id no entry gives any more (the file
 * was deleted). Each leaves every feed and is kept in the state as an
 * RFC 6721 tombstone, for the Atom documents, for a configured number of
 * days from the run that first saw it.
 */
#ifndef FEEDGEN_RETRACT_H
#define FEEDGEN_RETRACT_H

#include <stddef.h>
#include <stdint.h>

struct idset;
struct state;
struct when;

/* The comment of a tombstone for an entry no file gives any more. */
#define RETRACT_REMOVED "removed from the site"

/* The retracted entries of a run: few, so each is kept whole (id and reason). */
struct retractions {
	struct retraction {
		char *id, *reason;
	} *v;
	size_t n;
	int sorted;
};

/* Records that the entry with id is retracted, for reason (both copied). */
void retractions_add(struct retractions *r, const char *id, const char *reason);
void retractions_free(struct retractions *r);

/*
 * Brings st's tombstones up to this run, before the shown lists are
 * replaced: drops those given days or more before now, and those whose id
 * an entry gives again, not retracted (un-retracted, or restored); adds one
 * dated now for each id a site feed showed last time that is now retracted
 * (its reason) or that no entry gives (RETRACT_REMOVED), unless one is kept
 * for it already; orders them newest first, ties by id. ids is the run's
 * sealed id set. With days 0, none is kept. Sorts r.
 */
void retract_update(struct state *st, struct retractions *r, const struct idset *ids, int64_t now,
    long days);
/*
 * When the first of st's tombstones leaves the Atom feeds (days after it
 * was first given): into *next when sooner than it, or when !*have. A
 * change by the clock alone, for 'feedgen next' and build -v.
 */
void retract_next(const struct state *st, long days, struct when *next, int *have);

#endif
