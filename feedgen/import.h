/*
 * import.h: feedgen import: a Jekyll or Hugo site's posts as feedgen
 * entries, each keeping the id, link, title and date the old feed gave it.
 */
#ifndef FEEDGEN_IMPORT_H
#define FEEDGEN_IMPORT_H

struct config;
struct schema;

struct import_opts {
	const char *source;	/* a _posts folder, a Jekyll site, a Hugo content folder or site */
	const char *feed;	/* the old feed: a path or an http(s) URL; NULL: none */
	int dry_run;		/* print what would be written; write nothing */
	int quiet;		/* -q: no list of files, no summary */
};

/*
 * Reads every post under o->source and the old feed, matches the feed's
 * items to the posts, and writes one entry per post into the entries folder
 * (never over a file), and 'permalink' into the configuration file when one
 * pattern gives every old link and it has none. cfg must come from
 * config_load with TZ set to its zone; cfg->permalink is changed in memory.
 * Writes nothing at all when any input is bad. Prints the files written on
 * stdout and a summary on stderr. Returns 0, or -1 after reporting.
 */
int import_run(struct config *cfg, struct schema *sc, const struct import_opts *o);

#endif
