/* output.c: atomic, write-if-changed output under an flock, never through a symbolic link. */
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "xalloc.h"

#define TMP_PREFIX ".feedgen-tmp-"

/* Whether what exists at path is a folder (or a link to one); else errno is ENOTDIR. */
static int
is_dir(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return 0;
	}
	return 1;
}

/* Creates dir and its missing parents; dir itself gets mode (before the umask). */
static int
mkdirs(const char *dir, mode_t mode, const char *what)
{
	char *p = xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, c ? 0777 : mode) < 0 && (errno != EEXIST || (!c && !is_dir(p)))) {
				diag_syserr(p, "cannot create the %s", what);
				rc = -1;
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return rc;
}

/* The private folder names drafts and embargoed entries: its owner's only. */
static void
tighten(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode) || !(st.st_mode & 077))
		return;
	if (chmod(dir, st.st_mode & 0700) < 0)
		diag_syserr(dir, "cannot make the private folder private (mode %03o)",
		    (unsigned)(st.st_mode & 0777));
	else
		diag_warn(dir, 0, 0, "private folder was open to other users (mode %03o); made it %03o "
		    "(expected only its owner to read it)", (unsigned)(st.st_mode & 0777),
		    (unsigned)(st.st_mode & 0700));
}

/*
 * Opens a file of feedgen's own without following a symbolic link or
 * blocking on a FIFO; anything but a regular file there is an error.
 * Returns a descriptor, -2 when the file is absent and flags do not create
 * it (nothing reported), or -1 after reporting.
 */
static int
open_own(const char *path, int flags, const char *what)
{
	struct stat st;
	int fd = open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);

	if (fd < 0) {
		if (errno == ELOOP)
			diag_system(path, "is a symbolic link; nothing written (expected the %s, a regular "
			    "file: remove the link)", what);
		else if ((flags & O_CREAT) || (errno != ENOENT && errno != ENOTDIR))
			diag_syserr(path, "cannot open the %s", what);
		else
			return -2;
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		diag_syserr(path, "cannot open the %s", what);
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_system(path, "is not a regular file; nothing written (expected the %s: remove "
		    "what is there)", what);
		close(fd);
		return -1;
	}
	return fd;
}

int
output_lock(const char *dir, long timeout, int readonly)
{
	struct timespec nap = {0, 50 * 1000 * 1000}, t0, t;
	char *path, pid[32];
	int fd;

	if (!readonly) {
		if (mkdirs(dir, 0700, "private folder") < 0)
			return -1;
		tighten(dir);
	}
	path = xasprintf("%s/%s", dir, OUTPUT_LOCK);
	if ((fd = open_own(path, readonly ? O_RDONLY : O_RDWR | O_CREAT, "lock file")) < 0) {
		free(path);
		return fd;	/* -2 only when readonly: no lock file, nothing to wait for */
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (flock(fd, (readonly ? LOCK_SH : LOCK_EX) | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			diag_syserr(path, "cannot lock");
			goto fail;
		}
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec + (t.tv_nsec - t0.tv_nsec) / 1e9 >= (double)timeout) {
			struct timespec blink = {0, 20 * 1000 * 1000};
			ssize_t n = 0;
			int tries;

			/* The holder writes its pid just after taking the lock: give it a moment. */
			for (tries = 0; tries < 10 && (n = pread(fd, pid, sizeof pid - 1, 0)) <= 0; tries++)
				nanosleep(&blink, NULL);
			pid[n > 0 ? n : 0] = '\0';
			pid[strcspn(pid, "\n")] = '\0';
			diag_system(path, "another feedgen run (pid %s) held the lock for over %ld s; "
			    "nothing written (expected it to finish sooner; see lock_timeout)",
			    *pid ? pid : "unknown", timeout);
			goto fail;
		}
		nanosleep(&nap, NULL);
	}
	if (readonly) {
		free(path);
		return fd;
	}
	/* The pid is for the message above only; the flock is the lock. */
	snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, strlen(pid), 0) < 0)
		pid[0] = '\0';	/* best effort: the lock holds without it */
	free(path);
	return fd;
fail:
	close(fd);
	free(path);
	return -1;
}

void
output_unlock(int fd)
{
	if (fd < 0)
		return;
	/* Forget our pid first, so no later message blames a run that has ended. */
	if (ftruncate(fd, 0) < 0) {
		/* Then the next message may name us: harmless, and nothing to report. */
	}
	close(fd);	/* releases the flock */
}

void
output_sweep(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)))
		if (strncmp(de->d_name, TMP_PREFIX, strlen(TMP_PREFIX)) == 0) {
			char *p = xasprintf("%s/%s", dir, de->d_name);

			unlink(p);
			free(p);
		}
	closedir(d);
}

char *
output_read(const char *path, size_t max, size_t *len)
{
	struct stat st;
	struct buf b = {0};
	char chunk[65536];
	ssize_t n;
	int e = 0, fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0)
		e = errno;
	else if (!S_ISREG(st.st_mode))
		e = EINVAL;
	else if ((uintmax_t)st.st_size > max)
		e = EFBIG;
	if (e) {
		close(fd);
		errno = e;
		return NULL;
	}
	/* The size is checked again as it is read: the file may grow after fstat. */
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || b.len + (size_t)n > max) {
			e = n < 0 ? errno : EFBIG;
			close(fd);
			buf_free(&b);
			errno = e;
			return NULL;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	*len = b.len;
	return buf_steal(&b);
}

int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;	/* write(2) making no progress must not loop forever */
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

void
batch_init(struct batch *b)
{
	memset(b, 0, sizeof *b);
}

static void
add_dir(struct batch *b, const char *dir)
{
	size_t i;

	for (i = 0; i < b->ndirs; i++)
		if (strcmp(b->dirs[i], dir) == 0)
			return;
	b->dirs = xrealloc(b->dirs, (b->ndirs + 1) * sizeof *b->dirs);
	b->dirs[b->ndirs++] = xstrdup(dir);
}

/* Whether path holds exactly data[0..len): anything that cannot be read so differs. */
static int
same_bytes(const char *path, const char *data, size_t len)
{
	size_t oldlen;
	char *old = output_read(path, len, &oldlen);
	int same = old && oldlen == len && memcmp(old, data, len) == 0;

	free(old);
	return same;
}

/* A file being written bit by bit: a temporary beside its target, staged by batch_add_stream. */
struct outstream {
	char *tmp, *path, *dir;
	int fd;
	int err;	/* errno of the first failed write, 0 */
	struct buf pending;	/* written in 64 KiB pieces */
};

struct outstream *
outstream_open(const char *dir, const char *name, mode_t mode)
{
	struct outstream *o;
	mode_t mask;
	char *path = xasprintf("%s/%s", dir, name), *tmp;
	int fd;

	if (mkdirs(dir, 0777, "output folder") < 0) {
		free(path);
		return NULL;
	}
	tmp = xasprintf("%s/" TMP_PREFIX "%s.XXXXXX", dir, name);
	if ((fd = mkstemp(tmp)) < 0) {
		diag_syserr(path, "cannot create a temporary file beside");
		free(tmp);
		free(path);
		return NULL;
	}
	/* mkstemp makes 0600; a feed is for the web server to read, the state is not. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, mode & ~mask) < 0) {
		diag_syserr(path, "cannot set the permissions of the new version");
		close(fd);
		unlink(tmp);
		free(tmp);
		free(path);
		return NULL;
	}
	o = xcalloc(1, sizeof *o);
	o->tmp = tmp;
	o->path = path;
	o->dir = xstrdup(dir);
	o->fd = fd;
	return o;
}

static void
drain(struct outstream *o)
{
	if (!o->err && o->pending.len && write_all(o->fd, o->pending.data, o->pending.len) < 0)
		o->err = errno ? errno : EIO;
	o->pending.len = 0;
}

void
outstream_write(struct outstream *o, const char *p, size_t n)
{
	buf_add(&o->pending, p, n);
	if (o->pending.len >= 65536)
		drain(o);
}

void
outstream_discard(struct outstream *o)
{
	if (!o)
		return;
	if (o->fd >= 0)
		close(o->fd);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	free(o->dir);
	buf_free(&o->pending);
	free(o);
}

int
batch_add_stream(struct batch *b, struct outstream *o)
{
	drain(o);
	if (o->err) {
		errno = o->err;
		diag_syserr(o->path, "cannot write");
		outstream_discard(o);
		return -1;
	}
	if (fsync(o->fd) < 0) {
		diag_syserr(o->path, "cannot sync");
		outstream_discard(o);
		return -1;
	}
	if (close(o->fd) < 0) {
		o->fd = -1;
		diag_syserr(o->path, "cannot write");
		outstream_discard(o);
		return -1;
	}
	o->fd = -1;
	b->v = xrealloc(b->v, (b->n + 1) * sizeof *b->v);
	b->v[b->n].tmp = o->tmp;
	b->v[b->n].path = o->path;
	b->n++;
	add_dir(b, o->dir);
	o->tmp = o->path = NULL;
	outstream_discard(o);
	return 0;
}

int
batch_add(struct batch *b, const char *dir, const char *name, mode_t mode,
    const char *data, size_t len, int dry_run, int *changed)
{
	struct outstream *o;
	char *path;
	int differs;

	path = xasprintf("%s/%s", dir, name);
	differs = !same_bytes(path, data, len);
	free(path);
	if (changed)
		*changed = differs;
	if (!differs || dry_run)
		return 0;
	if (!(o = outstream_open(dir, name, mode)))
		return -1;
	outstream_write(o, data, len);
	return batch_add_stream(b, o);
}

void
batch_remove(struct batch *b, const char *dir, const char *name)
{
	b->gone = xrealloc(b->gone, (b->ngone + 1) * sizeof *b->gone);
	b->gone[b->ngone++] = xasprintf("%s/%s", dir, name);
	add_dir(b, dir);
}

int
batch_commit(struct batch *b)
{
	size_t i;
	int dfd, rc = 0;

	for (i = b->n; i-- > 0;) {
		if (rename(b->v[i].tmp, b->v[i].path) < 0) {
			diag_syserr(b->v[i].path, "cannot replace");
			return -1;
		}
		free(b->v[i].tmp);
		b->v[i].tmp = NULL;
	}
	for (i = 0; i < b->ngone; i++)
		if (unlink(b->gone[i]) < 0 && errno != ENOENT) {
			diag_syserr(b->gone[i], "cannot remove");
			rc = -1;
		}
	/* The renames are durable only once the folder is synced. */
	for (i = 0; i < b->ndirs && (b->n || b->ngone); i++) {
		if ((dfd = open(b->dirs[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
			diag_syserr(b->dirs[i], "cannot open the folder to sync it");
			return -1;
		}
		if (fsync(dfd) < 0 && errno != EINVAL) {
			diag_syserr(b->dirs[i], "cannot sync the folder");
			rc = -1;
		}
		close(dfd);
	}
	return rc;
}

void
batch_free(struct batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		if (b->v[i].tmp)
			unlink(b->v[i].tmp);
		free(b->v[i].tmp);
		free(b->v[i].path);
	}
	for (i = 0; i < b->ngone; i++)
		free(b->gone[i]);
	for (i = 0; i < b->ndirs; i++)
		free(b->dirs[i]);
	free(b->v);
	free(b->gone);
	free(b->dirs);
	memset(b, 0, sizeof *b);
}

void
output_prune(const char *top, const char *sub)
{
	char *rel = xstrdup(sub), *slash, *path;

	for (;;) {
		path = xasprintf("%s/%s", top, rel);
		if (rmdir(path) < 0) {
			if (errno != ENOTEMPTY && errno != EEXIST && errno != ENOENT)
				diag_warn(path, 0, 0, "cannot remove the emptied folder: %s", strerror(errno));
			free(path);
			break;
		}
		free(path);
		if (!(slash = strrchr(rel, '/')))
			break;
		*slash = '\0';
	}
	free(rel);
}
