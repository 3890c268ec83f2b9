/* scaffold.h: feedgen new: a new entry file with today's date and a fresh id. */
#ifndef FEEDGEN_SCAFFOLD_H
#define FEEDGEN_SCAFFOLD_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct idset;
struct schema;

/* What feedgen new was asked for; the strings are the caller's. */
struct scaffold_request {
	const char *title;
	char *const *categories;
	size_t ncategories;
	int64_t now;		/* the entry's date */
	int dry_run;		/* print the path and the text; write nothing */
};

/* Checks the title and categories: one line of text each. Returns 0, or -1 after reporting. */
int scaffold_check(const struct scaffold_request *rq);

/*
 * Creates ENTRIES/YYYY-MM-DD-SLUG.md (SLUG-2, -3... when the file, a .yaml or
 * .yml of that day and slug, or the id is taken: ids holds every entry's id)
 * dated now in the site's time zone, SLUG from the title by slug_make (at most
 * 60 characters; "entry" when nothing is left), with an explicit tag: id and draft: true,
 * checked like any entry before it is written. Prints its path on stdout;
 * with rq->dry_run, prints the path and the text and writes nothing. Returns
 * 0, or -1 after reporting (and removing a file it created).
 */
int scaffold_entry(const struct config *cfg, struct schema *sc, const struct idset *ids,
    const struct scaffold_request *rq);

#endif
