/* oldfeed.h: the items of the RSS 2.0 or Atom 1.0 feed an old site publishes, for import. */
#ifndef FEEDGEN_OLDFEED_H
#define FEEDGEN_OLDFEED_H

#include <stddef.h>

#include "date.h"

struct olditem {
	char *id;		/* Atom id, RSS guid (else its link) */
	char *link;		/* absolute; NULL when the item has none */
	char *title;		/* plain text on one line: HTML titles decoded, tags dropped */
	int has_published, has_updated;
	struct when published;	/* Atom published (else updated), RSS pubDate */
	struct when updated;	/* Atom updated */
	int line, col;		/* where the item starts in the feed (col 0: not known) */
};

struct oldfeed {
	int atom;		/* Atom 1.0; else RSS 2.0 */
	struct olditem *items;	/* in the document's order */
	size_t n;
};

/*
 * Parses data[0..len), the feed read from name (a path or a URL, for
 * messages and relative links), with libxml2: no network, no DTD, no
 * entities expanded. Reports XML that is not well-formed, a root that is
 * neither RSS 2.0 nor Atom 1.0, an item without an id and a date that
 * cannot be read, as errors at their line and column; returns NULL after
 * reporting. Each item has its line and column (a one-line feed too).
 * The caller frees the result with oldfeed_free.
 */
struct oldfeed *oldfeed_parse(const char *name, const char *data, size_t len);
/* oldfeed_free(NULL) does nothing. */
void oldfeed_free(struct oldfeed *f);

/*
 * HTML text as plain text on one line: tags dropped, character references
 * and the common named ones decoded, runs of white space one space, none at
 * either end. For Atom's type="html" titles. Newly allocated; the caller
 * frees it.
 */
char *oldfeed_html_text(const char *html);

#endif
