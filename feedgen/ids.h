/*
 * ids.h: the checks on entry ids across a run, in memory bounded by the
 * feeds, not the archive: duplicate ids (a 64-bit hash per entry, 12 bytes),
 * and ids that changed since the feeds last showed them.
 */
#ifndef FEEDGEN_IDS_H
#define FEEDGEN_IDS_H

#include <stddef.h>
#include <stdint.h>

/* Every id of a run, as a 64-bit hash and the number of the entry that gave it. */
struct idset;

struct idset *idset_new(void);
/* Records that entry number entry (in the run's order) has id. */
void idset_add(struct idset *s, const char *id, uint32_t entry);
/* Sorts the set: call once every id is added, before idset_has and idset_clashes. */
void idset_seal(struct idset *s);
/*
 * 1 when id was added (or an id with the same 64-bit hash: for a check that
 * an id is free, a false "taken" costs nothing).
 */
int idset_has(const struct idset *s, const char *id);
/*
 * The entries whose ids hash like an earlier entry's, as pairs {first,
 * later}, by later ascending: candidates for duplicate ids, to be confirmed
 * by comparing the ids. Returns the count; *pairs is newly allocated (NULL
 * when none).
 */
size_t idset_clashes(const struct idset *s, uint32_t (**pairs)[2]);
void idset_free(struct idset *s);

/*
 * What became of the entries the feeds showed last time: for each, whether
 * its id is still given, else the first entry (in the run's order) from the
 * same file or, failing that, with the same title, whose id is new to the
 * feeds. Holds the old entries and those matches only.
 */
struct idwatch;

struct idwatch *idwatch_new(void);
/* An entry a feed showed last time, in the state's order; path inside the entries folder. */
void idwatch_old(struct idwatch *w, const char *id, const char *path, const char *title);
/* Each entry of this run: rel inside the entries folder, path as found. */
void idwatch_see(struct idwatch *w, const char *id, const char *rel, const char *path,
    const char *title);
/*
 * Old entry i (in idwatch_old's order) when its id is no longer given and
 * no earlier old entry had that id: returns its id, with the new id and the
 * path of the entry that took its place in *nid and *npath, or NULL for
 * both when none did. NULL when i's id is still given (or was seen before).
 */
const char *idwatch_vanished(const struct idwatch *w, size_t i, const char **nid, const char **npath);
size_t idwatch_count(const struct idwatch *w);
void idwatch_free(struct idwatch *w);

#endif
