/* scaffold.h: feedgen new: a new entry file with today's date and a fresh id. */
#ifndef FEEDGEN_SCAFFOLD_H
#define FEEDGEN_SCAFFOLD_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct schema;

/* The file-name slug of a title: ASCII letters and digits, lower-cased, single hyphens,
 * at most 60 characters; "entry" when nothing is left. Newly allocated. */
char *scaffold_slug(const char *title);

/*
 * Creates ENTRIES/YYYY-MM-DD-SLUG.md (SLUG-2, -3... when taken) dated now in
 * the site's time zone, with an explicit tag: id and draft: true, then checks
 * it like any entry. Prints its path on stdout. Returns 0, or -1 after
 * reporting (and removing a file that did not pass).
 */
int scaffold_entry(const struct config *cfg, struct schema *sc, const char *title,
    char *const *categories, size_t ncategories, int64_t now);

#endif
