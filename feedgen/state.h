/*
 * state.h: what the last run published, kept in the private folder as
 * "state": a small, versioned, line-based text file, written atomically.
 * Deleting it is always safe; a corrupt one is reported and rebuilt.
 */
#ifndef FEEDGEN_STATE_H
#define FEEDGEN_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "doc.h"

#define STATE_FILE "state"
/* Where older versions kept it, in the output folder: taken over once. */
#define STATE_OLD_FILE ".feedgen-state"
#define STATE_VERSION 1

/* An entry as a feed last showed it: enough to notice its id changing. */
struct shown {
	char *feed;	/* feed file name: "feed.xml" */
	char *id, *path, *title;	/* path: inside the entries folder, "2016-10-18-x.md" */
};

/* A hub notification that has not succeeded yet. */
struct pending {
	char *topic;	/* the feed's self URL */
	char *hub;
	int64_t first;	/* first failure, seconds since the epoch */
	long attempts;
	char *error;	/* the last failure, one line */
};

/* A file the last run wrote in the output folder, and what it held. */
struct written {
	char *file;	/* inside the output folder: "atom.xml", "categories/reports/atom.xml" */
	char *hash;	/* "fnv1a64:..." of its bytes */
};

struct state {
	struct written *files;	/* sorted by file (strcmp) */
	size_t nfiles;
	/*
	 * Files of a category's or author's feed that emptied and were removed:
	 * still topics hubs may hold subscriptions to, so a pending notification
	 * for one is kept, and its return is told to the hubs.
	 */
	char **removed;
	size_t nremoved;
	struct shown *shown;
	size_t nshown;
	struct pending *pending;
	size_t npending;
	/* RFC 6721 tombstones still given (retract.c), newest first; when's offset is 0. */
	struct tombstone *gone;
	size_t ngone;
};

/*
 * Reads the private folder's state file into st (zeroed first); when it is
 * absent, the output folder's .feedgen-state of older versions. A missing
 * file gives an empty state; a corrupt one, one of another version or one
 * larger than OUTPUT_READ_MAX gives a warning and an empty state. Returns 0,
 * or -1 after reporting a read error, a symbolic link or anything but a
 * regular file in its place (system errors).
 */
int state_load(const struct config *cfg, struct state *st);
/* Writes st atomically (only when its bytes change), as state_stage. Returns 0 or -1 after reporting. */
int state_save(const struct config *cfg, const struct state *st);
struct batch;
/*
 * Stages st in b, to be committed with the feeds it describes, and the
 * removal of the state and lock files older versions left in the output
 * folder.
 */
int state_stage(struct batch *b, const struct config *cfg, const struct state *st);
/* The text state_save writes; newly allocated, the caller frees it. */
char *state_format(const struct state *st);
/*
 * Parses text (len bytes, NUL-terminated, changed in place) into st, which
 * starts zeroed. Returns 0, or the number of the first bad line (the line of
 * a NUL byte); st then holds what came before it, for state_free.
 */
int state_parse(struct state *st, char *text, size_t len);

/* The record of file, or NULL. */
const struct written *state_written(const struct state *st, const char *file);
/* Records file's hash; NULL forgets the file. */
void state_set_written(struct state *st, const char *file, const char *hash);
/*
 * 1 when file is a path a run could have written inside the output folder:
 * relative, '/'-separated, no empty, "." or ".." segment, no control character.
 */
int state_file_ok(const char *file);
/* 1 when file is among st->removed. */
int state_removed(const struct state *st, const char *file);
/* Adds file to st->removed (on) or takes it out. */
void state_set_removed(struct state *st, const char *file, int on);
void state_add_shown(struct state *st, const char *feed, const char *id, const char *path,
    const char *title);
/* Forgets every shown entry of feed. */
void state_clear_shown(struct state *st, const char *feed);
void state_add_pending(struct state *st, const char *topic, const char *hub, int64_t first,
    long attempts, const char *error);
void state_remove_pending(struct state *st, size_t i);
/* Adds a tombstone: id, taken back at when (seconds), reason (may be NULL). */
void state_add_gone(struct state *st, const char *id, int64_t when, const char *reason,
    const char *where);
/* Forgets every tombstone. */
void state_clear_gone(struct state *st);
/* "fnv1a64:<16 hex digits>" of data[0..len); out has room for 25 bytes. */
void state_hash(const char *data, size_t len, char out[25]);
void state_free(struct state *st);

#endif
