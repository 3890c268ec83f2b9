/*
 * output.h: files feedgen writes: the lock in the private folder, and atomic
 * writes of only what changed, never through a symbolic link.
 */
#ifndef FEEDGEN_OUTPUT_H
#define FEEDGEN_OUTPUT_H

#include <stddef.h>
#include <sys/types.h>

/* The lock's name in the private folder. */
#define OUTPUT_LOCK "lock"
/* The lock's name in the output folder before feedgen kept a private folder. */
#define OUTPUT_OLD_LOCK ".feedgen.lock"
/* Existing files larger than this are never read whole (64 MiB). */
#define OUTPUT_READ_MAX ((size_t)64 << 20)

/*
 * Creates the private folder dir (mode 0700) when missing, tightens it to
 * 0700 (with a warning) when others may enter it, and takes an exclusive
 * flock on dir/lock, waiting at most timeout seconds for another run to let
 * go. The kernel drops the lock when its holder dies, so a killed run never
 * leaves a stale one. A symbolic link or anything but a regular file in the
 * lock's place is an error. With readonly (a dry run) nothing is created or
 * changed and the lock is shared; when there is no lock file yet, there is
 * nothing to wait for (returns -2). Returns a descriptor for output_unlock,
 * -2, or -1 after reporting (naming the holder's pid when the wait timed out).
 */
int output_lock(const char *dir, long timeout, int readonly);
void output_unlock(int fd);

/* Removes temporaries a killed run left in dir (call while holding the lock). */
void output_sweep(const char *dir);

/*
 * Reads the regular file path whole into a new NUL-terminated buffer (the
 * caller frees it), without following a symbolic link, blocking on a FIFO or
 * reading more than max bytes. Returns NULL with errno set: ENOENT when
 * absent, ELOOP for a symbolic link, EINVAL for anything but a regular file,
 * EFBIG when larger than max, or the system's reason.
 */
char *output_read(const char *path, size_t max, size_t *len);

/* Writes p[0..n) to fd, however many calls it takes. Returns 0, or -1 with errno. */
int write_all(int fd, const char *p, size_t n);

/*
 * A batch of files to replace together: each is first written to a temporary
 * beside its target and fsync'd (staged); only when every one is staged are
 * they renamed over their targets (a symbolic link there is replaced, never
 * followed), the files to remove removed, and the folders fsync'd. A failure
 * while staging removes the temporaries, so every previous file stays;
 * renames in one folder do not fail for want of space. A file whose bytes are
 * already there is not staged, so its mtime stays.
 */
struct batch {
	struct staged {
		char *tmp, *path;
	} *v;
	size_t n;
	char **gone;	/* removed after the renames */
	size_t ngone;
	char **dirs;	/* synced at the end */
	size_t ndirs;
};

void batch_init(struct batch *b);
/*
 * Stages data[0..len) for dir/name, creating dir when missing, with mode
 * (before the umask: 0666 for a feed the web server reads, 0600 for a private
 * file); sets *changed (may be NULL) to whether the bytes differ. An existing
 * file that cannot be compared (larger than len, not a regular file, a link)
 * differs. With dry_run only *changed is set. Returns 0, or -1 after
 * reporting (the path and the system's reason).
 */
int batch_add(struct batch *b, const char *dir, const char *name, mode_t mode,
    const char *data, size_t len, int dry_run, int *changed);
/*
 * A file written piece by piece, too large to build in memory first (the
 * entry cache): a temporary beside dir/name, with mode as batch_add, created
 * by outstream_open (NULL after reporting), filled by outstream_write, then
 * staged in a batch by batch_add_stream (which reports a failed write and
 * returns -1) or dropped by outstream_discard. Both free it.
 */
struct outstream;
struct outstream *outstream_open(const char *dir, const char *name, mode_t mode);
void outstream_write(struct outstream *o, const char *p, size_t n);
int batch_add_stream(struct batch *b, struct outstream *o);
void outstream_discard(struct outstream *o);
/* Removes dir/name at commit, after the renames, if it is there. */
void batch_remove(struct batch *b, const char *dir, const char *name);
/*
 * Renames every staged file into place, the last staged first (stage the file
 * that describes the others last), removes what batch_remove named, and syncs
 * the folders. Returns 0 or -1 after reporting.
 */
int batch_commit(struct batch *b);
/*
 * Removes the folder top/sub when empty, then each of its parents up to top
 * (kept) while they are empty: a view's folder once its last file is gone.
 * Never removes a folder with anything in it; a failure other than that is
 * a warning. Call after batch_commit.
 */
void output_prune(const char *top, const char *sub);
/* Removes what is still staged and frees b; call after batch_commit too. */
void batch_free(struct batch *b);

#endif
