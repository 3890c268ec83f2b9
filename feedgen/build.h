/* build.h: the commands: build, check, import, next, new, publish, server-config (watch: watch.h). */
#ifndef FEEDGEN_BUILD_H
#define FEEDGEN_BUILD_H

#include <stdint.h>

struct run_opts {
	const char *config;	/* path to feedgen.yaml */
	int dry_run;		/* validate and say what would change; write nothing */
	int no_publish;		/* do not notify hubs */
	int jobs;		/* -j: threads reading entries; 0: one per online processor */
	int no_cache;		/* build, next, new: read every entry; neither read nor write the cache */
	int have_now;
	int64_t now;		/* --now or SOURCE_DATE_EPOCH, else the clock */
	const char *now_text;	/* --now as given, parsed once the time zone is known */
	char **files;		/* check: only these entry files */
	int nfiles;
	char **categories;	/* new: the entry's categories */
	const char *feed;	/* import: the old site's feed, a path or a URL */
	int quiet;		/* -q */
	int ncategories;
	/* Set by build_run, for watch: when the feeds next change by the clock alone (what next prints). */
	int have_next;
	int64_t next;
};

/* Each returns the exit status (enum exit_status). */
int build_run(struct run_opts *o);
int build_check(struct run_opts *o);
int build_next(struct run_opts *o);
/* Scaffolds a new entry titled title, with o->categories. */
int build_new(struct run_opts *o, const char *title);
/* Imports the posts of a Jekyll or Hugo site at source (import.h). */
int build_import(struct run_opts *o, const char *source);
/* Sends the pending hub notifications only. */
int build_publish(struct run_opts *o);
/* Prints the web-server snippet for kind ("nginx", "apache"). */
int build_server_config(struct run_opts *o, const char *kind);

#endif
