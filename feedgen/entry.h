/* entry.h: one news item, read from entries/YYYY-MM-DD-slug.{md,markdown,yaml,yml}. */
#ifndef FEEDGEN_ENTRY_H
#define FEEDGEN_ENTRY_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "date.h"

struct schema;
struct source;

/* Where a value stands in its entry file (1-based; 0: unknown). */
struct entry_pos {
	int line, col;
};

struct entry {
	char *path;		/* as found, for messages */
	char *slug;		/* from the file name */
	char *title;
	struct when date;
	struct when updated;	/* equals date when the file gives none */
	int has_expires;
	struct when expires;
	char *id;		/* explicit, or tag:HOST,YYYY-MM-DD:SLUG */
	int id_line;		/* where an explicit id stands; 0 when derived */
	struct person author;	/* name NULL: the site's author applies */
	char *summary;
	char **categories;
	size_t ncategories;
	struct entry_pos *category_pos;	/* where each category stands; NULL in a stub */
	char **tags;		/* as written; none in a stub (only the written feeds show them) */
	size_t ntags;
	struct entry_pos author_pos;	/* where the author's name stands; 0 in a stub or without one */
	char *link;		/* absolute */
	char *image_url;	/* absolute, or NULL */
	char *image_caption, *image_credit, *image_type;
	char *image_alt;	/* what the image shows, for who cannot see it; NULL: not given */
	long long image_length;	/* -1 when unknown */
	int draft;
	char *retracted;	/* why it was taken back (leaves every feed, RFC 6721 tombstone), or NULL */
	char *lang;
	char *html;		/* the body as HTML, with the image figure first; see entry_render */
	uint64_t fp;		/* the file's identity as the run stat'ed it (0: unknown): see doc.h */
	int packed;		/* entry_pack's: one allocation, strings and all */
	unsigned refs;		/* holders besides the first (entry_share); main thread only */
	struct markdown *md;	/* the body parsed and checked, until entry_render */
};

/* 1 when name (no folder) looks like an entry file by its extension. */
int entry_is_candidate(const char *name);

/*
 * Reads, checks and converts one entry file, body included (parsed once and
 * checked whatever the front matter holds, so every problem is reported,
 * located, in one run); returns NULL after reporting. The caller frees the
 * result with entry_free.
 */
struct entry *entry_load(const char *path, const struct config *cfg, struct schema *sc);
/*
 * entry_load for a file the caller has just stat'ed and found regular (the
 * scan's workers): not stat'ed again before it is read.
 */
struct entry *entry_load_regular(const char *path, const struct config *cfg, struct schema *sc);
/* The same over a source already in memory (src->path names the file); for the fuzzer. */
struct entry *entry_parse(const char *path, const struct source *src, const struct config *cfg,
    struct schema *sc);
/*
 * Renders the body, already checked by entry_load, to e->html and drops the
 * parsed Markdown. Only entries a feed keeps need it, so a large archive is
 * parsed but not rendered. Raw HTML, left out, is a warning, given only when
 * warn.
 */
void entry_render(struct entry *e, int warn);
/*
 * A new stub with what placing e needs (path, id, id_line, title, date,
 * expires, draft, categories, the author's name, fp), as cache_hit makes
 * one: no body (cache_stub says so). For a view that keeps its own copy of
 * an entry the site's feed may also hold. The caller frees it with entry_free.
 */
struct entry *entry_copy_stub(const struct entry *e);
/* A string that need not end in NUL: p NULL stands for a NULL field. */
struct entry_str {
	const char *p;
	size_t n;
};
/*
 * A new packed stub (one allocation: the entry, the categories' array, every
 * string) with these strings and every other field zero but image_length
 * (-1); the caller fills in the numbers. entry_copy_stub and cache_hit make
 * their stubs with it.
 */
struct entry *entry_pack(struct entry_str path, struct entry_str id, struct entry_str title,
    struct entry_str author, struct entry_str retracted, const struct entry_str *cats,
    size_t ncats);
/*
 * e for one more holder, when e is a packed stub (nothing ever changes in
 * one, so the heaps of several feeds can share it); else a stub copy. Each
 * holder frees its own with entry_free. Main thread only.
 */
struct entry *entry_share(struct entry *e);
/*
 * Reports that the entry at path, read again to be written, no longer says
 * what the scan read: the run's choices were made on what it was.
 */
void entry_changed(const char *path);
/* Drops what only the written feeds need (the HTML), keeping what ids and scheduling need. */
void entry_free(struct entry *e);

#endif
