/*
 * views.h: the feeds of one category or one author (issue 9), each the
 * newest `limit` published entries that name it, as stub copies in a
 * bounded heap: memory grows with the number of names, never with the
 * archive. Every entry's names are checked, drafts and scheduled ones too,
 * so that no entry can start failing by the clock alone: a name whose slug
 * is empty, and two names with one slug, are errors (scan.c reports them).
 * Main thread only.
 */
#ifndef FEEDGEN_VIEWS_H
#define FEEDGEN_VIEWS_H

#include <stddef.h>
#include <stdint.h>

#include "feed.h"

struct config;
struct entry;

/* The dimensions a site may switch on, and the folder each writes to. */
enum view_dim { VIEW_CATEGORY, VIEW_AUTHOR, VIEW_NDIMS };

/* No entry: a name that comes from the configuration (the site's author). */
#define VIEW_CONFIG UINT32_MAX

struct view {
	char *name;	/* as the entries (or the configuration) write it */
	char *slug;	/* its folder's name; "" when nothing is left: an error */
	char *path;	/* the first entry file that names it (the configuration for VIEW_CONFIG) */
	uint32_t n;	/* that entry's number in the run, or VIEW_CONFIG */
	size_t uses;	/* entries that name it */
	size_t clash;	/* 1 + the index of the earlier name with this slug; 0: none */
	struct feed feed;	/* the newest published entries naming it (stubs); empty unless kept */
};

struct views {
	int on[VIEW_NDIMS];	/* switched on in the configuration */
	int keep;		/* keep the feeds (build), or only check the names */
	struct view *v[VIEW_NDIMS];
	size_t n[VIEW_NDIMS], cap[VIEW_NDIMS];
	size_t *byname[VIEW_NDIMS], *byslug[VIEW_NDIMS];	/* open hash tables of 1 + index */
	size_t tcap[VIEW_NDIMS];
	size_t limit;
	const char *site_author;	/* cfg's, borrowed */
	const char *config_path;	/* borrowed */
};

/* The folder of a dimension's feeds inside the output folder: "categories", "authors". */
const char *views_folder(enum view_dim d);
/* name's folder inside views_folder: its slug, "" when none. Newly allocated; the caller frees it. */
char *views_slug(const char *name);
/* The word for a name of a dimension in messages: "category", "author". */
const char *views_word(enum view_dim d);
/*
 * The views cfg switches on (NULL when none), keeping feeds of cfg->limit
 * entries when keep. The caller frees it with views_free.
 */
struct views *views_new(const struct config *cfg, int keep);
/*
 * Notes e's names (entry number n in the run): each category, and its author
 * (the site's when it names none). When published (neither draft, nor
 * held, nor expired) and the views keep feeds, each view it belongs to
 * offers a stub copy of it to its feed.
 */
void views_see(struct views *vs, struct entry *e, uint32_t n, int published);
/* 1 when view i of dimension d names a feed: a slug of its own. */
int views_ok(const struct views *vs, enum view_dim d, size_t i);
/*
 * Indexes of dimension d's views in slug order, for writing; *n set to how
 * many. Newly allocated; the caller frees it. Sorts each view's feed.
 */
size_t *views_sorted(struct views *vs, enum view_dim d, size_t *n);
void views_free(struct views *vs);

#endif
