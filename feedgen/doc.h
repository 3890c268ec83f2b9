/*
 * doc.h: one document a run writes: a feed in one format (RSS, Atom, JSON
 * Feed), for the site or one view of it, with its entries, its links and
 * what decides its bytes; or, of kinds past FEED_NKINDS, the page for
 * people and the XSLT, which are no feeds. build.c makes the documents,
 * rss.c, atom.c, jsonfeed.c, page.c and stylesheet.c render them, and
 * write_docs (write.c) writes the ones whose bytes changed.
 */
#ifndef FEEDGEN_DOC_H
#define FEEDGEN_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "date.h"

struct entry;

/* RFC 6721: an entry taken back, shown as at:deleted-entry in Atom. */
struct tombstone {
	char *id;
	struct when when;	/* when it was taken back */
	char *reason;		/* one line, or NULL */
	char *where;		/* the category and author Atom files that showed it, space-separated; NULL: none */
};

struct schema;

struct doc {
	char *file;		/* inside the output folder, '/'-separated: "atom.xml", "categories/x/atom.xml" */
	enum feed_kind kind;
	char *self;		/* its URL, the WebSub topic: the output folder's URL and file */
	char *title;		/* the feed's title */
	char *id;		/* Atom's feed id */
	struct entry **v;	/* newest first; borrowed */
	size_t n;
	int complete;		/* RFC 5005 2: fh:complete, the whole history in one document */
	int archive;		/* RFC 5005 4: fh:archive, an archive page that no longer changes */
	char *current, *prev_archive, *next_archive;	/* RFC 5005 links; NULL when none */
	struct tombstone *gone;	/* the array is the doc's when own_gone, its strings borrowed */
	size_t ngone;
	int own_gone;
	/*
	 * A fingerprint of everything that decides the bytes (the entries' files'
	 * identities, the links, the configuration): when the cache holds the
	 * same for the file, and the file is there as the state says it was
	 * written, it is not rendered again. 0: always rendered and compared.
	 */
	uint64_t fp;
	/*
	 * NULL, or, for a document whose entries are read only when it is
	 * rendered (an archive page), what write_docs calls just before, maybe
	 * on a worker thread, with that thread's schema: it sets v and n
	 * (entries owned by fill_arg's module until release(fill_arg));
	 * returns 0, or -1 after reporting. fp was made without them. The
	 * documents of one fill_arg come one after another: filled, rendered
	 * and released together, on one thread.
	 */
	int (*fill)(struct doc *d, void *fill_arg, struct schema *sc);
	void (*release)(void *fill_arg);
	void *fill_arg;
};

/*
 * A document of kind k at dir/<the kind's file name> (dir "" for the output
 * folder itself), titled title (copied), with cfg's feed id and no entries.
 * The caller frees it with doc_free.
 */
struct doc *doc_new(const struct config *cfg, const char *dir, enum feed_kind k, const char *title);
void doc_free(struct doc *d);
/*
 * d's fingerprint: key (cache_key: the program, configuration, schemas and
 * zone), d's file, kind, title and links, and each entry's id and file
 * identity in order; 0 when an entry's identity is unknown.
 */
uint64_t doc_fingerprint(const struct doc *d, const char key[17]);
/*
 * The two halves of it: what d's entries give (0 when an identity is
 * unknown), and the rest with a hash of the entries (0 stays 0). A view
 * whose documents list the same entries (an archive page's RSS and Atom)
 * hashes them once; it may hash them its own way, if always the same way.
 */
uint64_t doc_fingerprint_entries(const struct doc *d);
/*
 * RFC 5005 2 and 4 in d's XML: the current, prev-archive and next-archive
 * links d has (of type type, each written by the format's own link writer,
 * Atom's link or RSS's atom:link), then fh:complete or fh:archive.
 */
struct xw;
void doc_history(struct xw *w, const struct doc *d, const char *type,
    void (*link)(struct xw *w, const char *rel, const char *href, const char *type));
uint64_t doc_fingerprint_with(const struct doc *d, const char key[17], uint64_t entries);

#endif
