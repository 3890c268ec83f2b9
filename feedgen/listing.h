/* listing.h: the entry files of the entries folder and its sub-folders, sorted. */
#ifndef FEEDGEN_LISTING_H
#define FEEDGEN_LISTING_H

#include <stddef.h>
#include <sys/stat.h>

/* Folders nested deeper than this under the entries folder are an error. */
#define LISTING_MAX_DEPTH 32

/*
 * Every entry file under dir, as "dir/sub/name.md", sorted by path with
 * strcmp (the locale cannot change the order). Hidden files and folders are
 * skipped; symbolic links to folders are not followed (no loops); a symbolic
 * link to a file is listed like the file. When warn, files that are not
 * entries and links to folders get a warning. An entry name that is not a
 * regular file (a FIFO, a socket, a device) is an error, reported without
 * opening it. Sets *n. Returns a newly allocated array of newly allocated
 * paths (the caller frees them with listing_free), or NULL after reporting a
 * system error (a folder that cannot be read: nothing may be left out).
 * Unless stats is NULL, *stats gets a new array (the caller frees it) of
 * what stat said of each file as the walk found it, st_mode 0 for a link to
 * nothing: the file's identity before it is read.
 */
char **listing_entries(const char *dir, size_t *n, int warn, struct stat **stats);
void listing_free(char **v, size_t n);

#endif
