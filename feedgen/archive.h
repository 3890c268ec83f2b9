/*
 * archive.h: RFC 5005 archives of the site's feed. The scan notes a compact
 * record of every published entry (date, id, path, file identity); the
 * entries the feed does not show are cut, oldest first, into pages of a
 * fixed size, each an archive document per XML kind. A page's entries are
 * read only when it must be rendered, one page at a time.
 */
#ifndef FEEDGEN_ARCHIVE_H
#define FEEDGEN_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

struct doc;
struct docset;
struct entry;

struct archive;

/*
 * An empty archive of cfg's site (which must outlive it), in pages of per
 * entries, for entries published by now. The caller frees it with archive_free.
 */
struct archive *archive_new(const struct config *cfg, size_t per, int64_t now);
/* Notes e, published (not draft, held or expired), on the main thread: e is not kept. */
void archive_note(struct archive *a, const struct entry *e);
/*
 * Once every entry is noted: sorts them, oldest first, and leaves out the
 * newest nfeed (the feed shows those). Returns the number of pages.
 */
size_t archive_seal(struct archive *a, size_t nfeed);
/* The URL of page n (1 is the oldest) of kind k; newly allocated, the caller frees it. */
char *archive_url(const struct config *cfg, size_t n, enum feed_kind k);
/*
 * Adds to ds, page by page from the oldest, a document per enabled XML kind
 * (archive/<n>/feed.xml, archive/<n>/atom.xml) with its RFC 5005 links and
 * fingerprint (key: cache_key), and no entries: write_docs has them read
 * (doc.h's fill) only when it renders the page. The documents borrow a,
 * which must outlive them.
 */
void archive_docs(struct archive *a, const struct config *cfg, const char key[17], struct docset *ds);
/*
 * What the entries v[0..n) (newest first) give an archive page's
 * fingerprint (doc_fingerprint_with): a page's documents get it from the
 * compact records, the same hash; this form is for tests. 0 when an entry's
 * file identity is unknown.
 */
uint64_t archive_page_entries(const struct config *cfg, struct entry *const *v, size_t n);
void archive_free(struct archive *a);

#endif
