/*
 * cache.h: what the pipeline needs of each valid entry, kept between runs in
 * the private folder as "cache", so a run that changes nothing stats the
 * entries instead of reading them. Keyed by a hash of everything that can
 * change a verdict (feedgen's version, the configuration, the schemas, the
 * time zone, the entries folder) and, per record, by the file's identity.
 * Deleting it is always safe; a corrupt one is one warning and a cold run.
 */
#ifndef FEEDGEN_CACHE_H
#define FEEDGEN_CACHE_H

#include <sys/stat.h>

#include "config.h"

#define CACHE_FILE "cache"
#define CACHE_VERSION 1

struct batch;
struct cache;
struct entry;

/*
 * Reads cfg's cache when its key matches (another key, or no file: an empty
 * cache, silently; a corrupt file or one of another version: one warning
 * naming the line, then an empty cache). With record, the records of this
 * run are gathered for cache_stage. Never NULL; the caller frees it with
 * cache_free.
 */
struct cache *cache_open(const struct config *cfg, int record);
/*
 * The entry at path, rel inside the entries folder, when the cache holds it
 * for a file of identity st, old enough not to be racy: a stub with path, id,
 * id_line, title, date, expires and draft, no body (cache_stub says so); the
 * caller frees it with entry_free. NULL otherwise. Calls must come in strcmp
 * order of rel, as the listing gives them: the cache is walked once.
 */
struct entry *cache_find(struct cache *c, const char *rel, const char *path, const struct stat *st);
/* Records the valid entry e, just read from the file of identity st (taken before reading). */
void cache_note(struct cache *c, const char *rel, const struct stat *st, const struct entry *e);
/* 1 when e came from cache_find and has no body yet: entry_load it before writing it. */
int cache_stub(const struct entry *e);
/* 1 when a and b agree on all a stub holds (what decided where the entry goes). */
int cache_same(const struct entry *a, const struct entry *b);
/* Stages the records gathered (mode 0600) in b. Returns 0 or -1 after reporting. */
int cache_stage(struct cache *c, struct batch *b, const struct config *cfg);
void cache_free(struct cache *c);

#endif
