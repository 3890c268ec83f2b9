/* output.h: the output folder: a lock, and atomic writes of only what changed. */
#ifndef FEEDGEN_OUTPUT_H
#define FEEDGEN_OUTPUT_H

#include <stddef.h>

/*
 * Creates dir when missing and takes an exclusive flock on dir/.feedgen.lock,
 * waiting at most timeout seconds for another run to let go. The kernel drops
 * the lock when its holder dies, so a killed run never leaves a stale one.
 * Returns a descriptor for output_unlock, or -1 after reporting (naming the
 * holder's pid when the wait timed out).
 */
int output_lock(const char *dir, long timeout);
void output_unlock(int fd);

/* Removes temporaries a killed run left in dir (call while holding the lock). */
void output_sweep(const char *dir);

/*
 * Makes dir/name hold data[0..len): nothing happens when it already does
 * (*changed = 0; its mtime stays). Otherwise the bytes go to a temporary in
 * dir, which is fsync'd and renamed over name, and dir is fsync'd: a reader or
 * a crash sees the old file or the new one, never a mix (*changed = 1). With
 * dry_run only *changed is set. Returns 0, or -1 after reporting; the old file
 * is then intact.
 */
int output_commit(const char *dir, const char *name, const char *data, size_t len,
    int dry_run, int *changed);

/* Reads dir/name whole into a new NUL-terminated buffer; NULL when absent. */
char *output_read(const char *dir, const char *name, size_t *len);

#endif
