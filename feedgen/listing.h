/*
 * listing.h: the entry files of the entries folder and its sub-folders,
 * one at a time, in strcmp order of their paths, holding in memory only the
 * names of the folders being walked (never the whole archive).
 */
#ifndef FEEDGEN_LISTING_H
#define FEEDGEN_LISTING_H

#include <stddef.h>

/* Folders nested deeper than this under the entries folder are an error. */
#define LISTING_MAX_DEPTH 32

struct listing;

/* What the walk knows of a file before anyone stats it. */
enum listed_kind {
	LISTED_FILE,	/* a regular file as the folder says: gone by the time it is opened means removed */
	LISTED_LINK	/* a symbolic link to a file, or to nothing: reading it says which */
};

/*
 * Starts a walk of dir. Hidden files and folders are skipped; symbolic links
 * to folders are not followed (no loops); a symbolic link to a file is listed
 * like the file. When warn, files that are not entries and links to folders
 * get a warning. An entry name that is not a regular file (a FIFO, a socket,
 * a device) is an error, reported without opening it. Never NULL.
 */
struct listing *listing_open(const char *dir, int warn);
/*
 * The next entry file as "dir/sub/name.md" in *path (valid until the next
 * call) and its kind. Paths come in strcmp order (the locale cannot change
 * it), every folder walked in that order, so messages come out the same on
 * every file system. Returns 1, 0 at the end, or -1 after reporting a system
 * error (a folder that cannot be read: nothing may be left out).
 */
int listing_next(struct listing *l, const char **path, enum listed_kind *kind);
void listing_close(struct listing *l);
/*
 * The folder of the path listing_next gave last, held open (NULL when its
 * descriptor could not be kept): its files can be stat'ed and opened by name
 * in it (fstatat, openat), one path component to look up instead of one per
 * folder. It outlives the walk's visit of the folder and the listing itself;
 * each holder gives it back with listing_dir_release. Main thread only (the
 * descriptor may be used on any).
 */
struct listing_dir;
struct listing_dir *listing_here(struct listing *l);
int listing_dir_fd(const struct listing_dir *h);
void listing_dir_release(struct listing_dir *h);	/* NULL: nothing */

#endif
