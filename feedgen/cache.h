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

#include <stdint.h>
#include <sys/stat.h>

#include "config.h"

#define CACHE_FILE "cache"
#define CACHE_VERSION 4

struct batch;
struct cache;
struct entry;

/* A record of the old file, as cache_lookup found it: handed to a worker with its entry. */
struct cache_rec {
	char *line;	/* the record's line, without its newline, NUL-terminated */
	size_t len;
	long long off;	/* where it stands in the old file */
	int owned;	/* line was allocated (it did not fit the caller's buffer) */
};

/*
 * Opens cfg's cache when its key matches (another key, or no file: an empty
 * cache, silently; a corrupt file or one of another version: one warning
 * naming the line, then an empty cache). The file is read twice, a line at a
 * time, never whole: once to check it, then once along the listing. With
 * record, this run's records are written as they come (only from where they
 * first differ from the old file's) for cache_stage. Never NULL; the caller
 * frees it with cache_free. Everything but cache_hit is for the main thread.
 */
struct cache *cache_open(const struct config *cfg, int record);
/*
 * The old record for rel (inside the entries folder) into *r, its line copied
 * into buf when it fits in size bytes (the scan's jobs carry their records in
 * one block), else allocated; the caller frees it with cache_rec_free. Returns
 * 1, or 0 when there is none. Calls must come in strcmp order of rel, as the
 * listing gives them: the file is walked once.
 */
int cache_lookup(struct cache *c, const char *rel, struct cache_rec *r, char *buf, size_t size);
void cache_rec_free(struct cache_rec *r);
/*
 * Any thread: the entry at path as r records it, when r holds the file of
 * identity st (a stat taken before any read: a change while reading shows
 * next time) and is old enough not to be racy (else *racy is set): a stub
 * with path, id, id_line, title, date, expires, draft, categories, the
 * author's name, the retraction's reason and fp, no body (cache_stub says so); the caller frees it
 * with entry_free. NULL otherwise.
 */
struct entry *cache_hit(const struct cache *c, const struct cache_rec *r, const char *path,
    const struct stat *st, int *racy);
/* In the listing's order, this run's record of each entry: r carried as it is ... */
void cache_keep(struct cache *c, const struct cache_rec *r);
/* ... or a new one, for the valid entry e just read from the file of identity st. */
void cache_note(struct cache *c, const char *rel, const struct stat *st, const struct entry *e);
/*
 * cache_note in two steps, so that a worker formats the record and the main
 * thread only adds it: cache_format (any thread) puts e's record line in b
 * (without a newline) and returns 0, or -1 when e is not to be recorded (a
 * tab or newline in a value, a racy file, no recording); cache_note_line
 * adds it, in the listing's order.
 */
struct buf;
int cache_format(const struct cache *c, const char *rel, const struct stat *st, const struct entry *e,
    struct buf *b);
void cache_note_line(struct cache *c, const char *line, size_t len);
/* A record was refused as racy: the file is rewritten, so that its mtime moves on. */
void cache_racy(struct cache *c);
/* 1 when e came from cache_hit and has no body yet: entry_load it before writing it. */
int cache_stub(const struct entry *e);
/* 1 when a and b agree on all a stub holds (what decided where the entry goes). */
int cache_same(const struct entry *a, const struct entry *b);
/* Everything besides an entry's file that can change what it gives: a hash of the program, the configuration, the schemas, the zone and the entries folder, as 16 hex digits. */
void cache_key(const struct config *cfg, char key[17]);
/* A file's identity (device, inode, size, mtime and ctime) as 64 bits: an entry's fp. */
uint64_t cache_fp(const struct stat *st);
/*
 * The fingerprint and size the last run recorded for the document at file
 * (inside the output folder): returns 1, or 0 when none. See doc.h.
 */
int cache_doc(const struct cache *c, const char *file, uint64_t *fp, long long *size);
/* Records this run's fingerprint and size of the document at file (fp 0: none). */
void cache_doc_note(struct cache *c, const char *file, uint64_t fp, long long size);
/* Stages this run's records (mode 0600) in b, unless they are the old file's bytes. Returns 0 or -1 after reporting. */
int cache_stage(struct cache *c, struct batch *b);
void cache_free(struct cache *c);

#endif
