/* config.h: the site's configuration (feedgen.yaml), checked by schemas/config.rng. */
#ifndef FEEDGEN_CONFIG_H
#define FEEDGEN_CONFIG_H

#include <stddef.h>

#include "person.h"

/*
 * The kinds of feed, in the order they are written; feed.json is opt-in.
 * Past FEED_NKINDS, documents that are not feeds (no WebSub topic, no
 * max_bytes, not in 'feeds'): the page for people and the shipped XSLT.
 */
enum feed_kind { FEED_RSS, FEED_ATOM, FEED_JSON, FEED_NKINDS, DOC_PAGE = FEED_NKINDS, DOC_XSL, DOC_NKINDS };

struct config {
	char *path;		/* the configuration file */
	char *title, *subtitle, *language, *rights;
	char *url;		/* site base URL, absolute, ending in '/' */
	char *feed_base;	/* where the output folder is served; default url */
	char *icon, *logo;	/* absolute URLs or NULL */
	char *id;		/* Atom feed id; default url */
	char *timezone;		/* IANA name; plain dates are midnight there */
	char *host;		/* url's host, for tag: ids */
	char *permalink;	/* link template: {slug} {year} {month} {day} {categories} */
	int undated_names;	/* dated_names: false: slug.md read too, its date from the front matter */
	struct person author;
	char *entries_dir, *output_dir;	/* resolved against the config's folder */
	char *private_dir;	/* the lock and the state, never served; resolved likewise */
	char *schema_dir;	/* where entry.rng lives */
	long limit;
	long archive;		/* RFC 5005 archive pages of this many entries; 0: none */
	int complete;		/* RFC 5005 2: every published entry in the feeds, fh:complete */
	int feeds[FEED_NKINDS];	/* which feeds to write */
	char *feed_url[FEED_NKINDS];	/* self URL of each feed: built once, here */
	int category_feeds;	/* a feed per category, in categories/<slug>/ (views.c) */
	int author_feeds;	/* a feed per author, in authors/<slug>/ */
	int page;		/* html: true: index.html, the feed's entries for people (page.c) */
	char *stylesheet;	/* the XSLT the XML feeds name (absolute URL), or NULL */
	int own_stylesheet;	/* stylesheet: true: feedgen's own, written as feed.xsl */
	char **hubs;
	size_t nhubs;
	char **ignore_fields;	/* entry fields read as absent (an old site's layout, permalink...) */
	size_t nignore_fields;
	long lock_timeout;	/* seconds a run waits for another's lock */
	long tombstone_days;	/* how long Atom feeds carry a retracted entry's tombstone; 0: never */
	long long max_bytes;	/* most bytes of any one feed file; 0: no limit */
	struct {
		long timeout_ms, connect_timeout_ms, backoff_ms, retry_after_max_ms;
		int attempts;
	} websub;
};

/* File name in the output folder of each kind of document. */
const char *config_feed_file(enum feed_kind k);
/* The word for each kind in the 'feeds' list: "rss", "atom", "json". */
const char *config_feed_word(enum feed_kind k);

/*
 * Reads and checks path. Reports every problem; returns NULL after reporting.
 * The caller frees the result with config_free.
 */
struct config *config_load(const char *path);
/* Finds a schema file: next to the config, next to the program, or installed. */
char *config_schema_path(const char *config_path, const char *name);
/* Where this site's entry.rng is (its schemas folder, else as above); the caller frees it. */
char *config_entry_schema_path(const struct config *cfg);
struct schema;
/* Loads entry.rng for this site (its schemas folder, else as above); NULL after reporting. */
struct schema *config_entry_schema(const struct config *cfg);
void config_free(struct config *c);

#endif
