/*
 * scan.h: every entry of a run read, checked and placed: through the entry
 * cache, on several threads, in the listing's order. What the feeds need of
 * the entries they keep is read again afterwards, by write.c and only for a
 * document that must be rendered, so the scan holds a few small records at a
 * time, never the archive.
 */
#ifndef FEEDGEN_SCAN_H
#define FEEDGEN_SCAN_H

#include <stdint.h>

#include <stdint.h>

#include "build.h"
#include "config.h"
#include "date.h"
#include "feed.h"
#include "retract.h"

struct archive;
struct cache;
struct idset;
struct idwatch;
struct views;

struct scan {
	struct feed feed;	/* the newest entries, as stubs (path, id, title, dates) */
	struct idset *ids;	/* every id: duplicates, and new's free id */
	struct idwatch *watch;	/* NULL, or the feeds' last entries, told what became of them */
	struct views *views;	/* NULL, or the category and author feeds (views.h) */
	int read, drafts, held, expired, retracted;
	struct retractions retractions;	/* the retracted entries' ids and reasons */
	int files, invalid;	/* entry files examined, and those with errors: check's closing line */
	struct cache *cache;	/* NULL: every entry is read */
	struct archive *archive;	/* build with archives on: every published entry noted; else NULL */
	int have_next;
	struct when next;	/* the next instant the feeds will change by the clock alone */
	int64_t now;
};

/*
 * What a scan is for: check renders every body (for its warnings) and reads
 * every file; build uses and renews the cache; next and new only look (the
 * cache read, never written).
 */
enum scan_mode { SCAN_CHECK, SCAN_BUILD, SCAN_PEEK };

/*
 * Reads every entry (all), or o->files, into s (zeroed here), on o->jobs
 * threads; messages come out in the listing's order whatever the number.
 * watch (may be NULL) is s's, freed by scan_free. Duplicate ids are
 * reported once every entry is read. Returns 0, or -1 after reporting a
 * system error or a schema that cannot be loaded.
 */
int scan_entries(const struct run_opts *o, const struct config *cfg, struct scan *s, int all,
    enum scan_mode mode, struct idwatch *watch);
/* path inside the entries folder ("x.md" for "entries/x.md"), as the state and the cache record it. */
const char *scan_inside(const struct config *cfg, const char *path);
void scan_free(struct scan *s);

#endif
