/* output.h: the output folder: a lock, and atomic writes of only what changed. */
#ifndef FEEDGEN_OUTPUT_H
#define FEEDGEN_OUTPUT_H

#include <stddef.h>

/*
 * Creates dir when missing and takes an exclusive flock on dir/.feedgen.lock,
 * waiting at most timeout seconds for another run to let go. The kernel drops
 * the lock when its holder dies, so a killed run never leaves a stale one.
 * With readonly (a dry run) nothing is created and the lock is shared; when
 * there is no lock file yet, there is nothing to wait for (returns -2).
 * Returns a descriptor for output_unlock, -2, or -1 after reporting (naming
 * the holder's pid when the wait timed out).
 */
int output_lock(const char *dir, long timeout, int readonly);
void output_unlock(int fd);

/* Removes temporaries a killed run left in dir (call while holding the lock). */
void output_sweep(const char *dir);

/*
 * A batch of files to replace together: each is first written to a temporary
 * in the output folder and fsync'd (staged); only when every one is staged are
 * they renamed over their targets and the folder fsync'd. A failure while
 * staging removes the temporaries, so every previous file stays; renames in
 * one folder do not fail for want of space. A file whose bytes are already
 * there is not staged, so its mtime stays.
 */
struct batch {
	char *dir;
	struct staged {
		char *tmp, *path;
	} *v;
	size_t n;
};

void batch_init(struct batch *b, const char *dir);
/*
 * Stages data[0..len) for dir/name; sets *changed (may be NULL) to whether
 * the bytes differ. With dry_run only *changed is set. Returns 0, or -1 after
 * reporting (the path and the system's reason).
 */
int batch_add(struct batch *b, const char *name, const char *data, size_t len, int dry_run,
    int *changed);
/*
 * Renames every staged file into place, the last staged first (stage the file
 * that describes the others last), and syncs the folder. Returns 0 or -1
 * after reporting.
 */
int batch_commit(struct batch *b);
/* Removes what is still staged and frees b; call after batch_commit too. */
void batch_free(struct batch *b);

/* Stages and commits one file: batch_add, batch_commit, batch_free. */
int output_commit(const char *dir, const char *name, const char *data, size_t len,
    int dry_run, int *changed);

/* Reads dir/name whole into a new NUL-terminated buffer; NULL when absent. */
char *output_read(const char *dir, const char *name, size_t *len);

#endif
