/* output.c: atomic, write-if-changed output under an flock. */
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "xalloc.h"

#define LOCK_NAME ".feedgen.lock"
#define TMP_PREFIX ".feedgen-tmp-"

static int
mkdirs(const char *dir)
{
	char *p = xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0777) < 0 && errno != EEXIST) {
				diag_syserr(p, "cannot create the output folder");
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

int
output_lock(const char *dir, long timeout, int readonly)
{
	struct timespec nap = {0, 50 * 1000 * 1000}, t0, t;
	char *path, pid[32];
	int fd;

	if (!readonly && mkdirs(dir) < 0)
		return -1;
	path = xasprintf("%s/%s", dir, LOCK_NAME);
	fd = readonly ? open(path, O_RDONLY | O_CLOEXEC) : open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0) {
		if (readonly && (errno == ENOENT || errno == ENOTDIR)) {
			free(path);
			return -2;
		}
		diag_syserr(path, "cannot open the lock file");
		free(path);
		return -1;
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
output_read(const char *dir, const char *name, size_t *len)
{
	char *path = xasprintf("%s/%s", dir, name);
	struct buf b = {0};
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	free(path);
	if (fd < 0)
		return NULL;
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			buf_free(&b);
			return NULL;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	*len = b.len;
	return buf_steal(&b);
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

void
batch_init(struct batch *b, const char *dir)
{
	b->dir = xstrdup(dir);
	b->v = NULL;
	b->n = 0;
}

int
batch_add(struct batch *b, const char *name, const char *data, size_t len, int dry_run,
    int *changed)
{
	char *path, *tmp, *old;
	size_t oldlen;
	mode_t mask;
	int fd, differs;

	old = output_read(b->dir, name, &oldlen);
	differs = !old || oldlen != len || memcmp(old, data, len) != 0;
	free(old);
	if (changed)
		*changed = differs;
	if (!differs || dry_run)
		return 0;
	path = xasprintf("%s/%s", b->dir, name);
	tmp = xasprintf("%s/" TMP_PREFIX "%s.XXXXXX", b->dir, name);
	if ((fd = mkstemp(tmp)) < 0) {
		diag_syserr(path, "cannot create a temporary file beside");
		free(tmp);
		free(path);
		return -1;
	}
	/* mkstemp makes 0600; a feed is for the web server to read. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) < 0) {
		diag_syserr(path, "cannot set the permissions of the new version");
		goto fail;
	}
	if (write_all(fd, data, len) < 0) {
		diag_syserr(path, "cannot write");
		goto fail;
	}
	if (fsync(fd) < 0) {
		diag_syserr(path, "cannot sync");
		goto fail;
	}
	if (close(fd) < 0) {
		fd = -1;
		diag_syserr(path, "cannot write");
		goto fail;
	}
	b->v = xrealloc(b->v, (b->n + 1) * sizeof *b->v);
	b->v[b->n].tmp = tmp;
	b->v[b->n].path = path;
	b->n++;
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	free(path);
	return -1;
}

int
batch_commit(struct batch *b)
{
	size_t i;
	int dfd, rc = 0;

	if (b->n == 0)
		return 0;
	for (i = b->n; i-- > 0;) {
		if (rename(b->v[i].tmp, b->v[i].path) < 0) {
			diag_syserr(b->v[i].path, "cannot replace");
			return -1;
		}
		free(b->v[i].tmp);
		b->v[i].tmp = NULL;
	}
	/* The renames are durable only once the folder is synced. */
	if ((dfd = open(b->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		diag_syserr(b->dir, "cannot open the output folder to sync it");
		return -1;
	}
	if (fsync(dfd) < 0 && errno != EINVAL) {
		diag_syserr(b->dir, "cannot sync the output folder");
		rc = -1;
	}
	close(dfd);
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
	free(b->v);
	free(b->dir);
	b->v = NULL;
	b->dir = NULL;
	b->n = 0;
}

int
output_commit(const char *dir, const char *name, const char *data, size_t len,
    int dry_run, int *changed)
{
	struct batch b;
	int rc;

	batch_init(&b, dir);
	rc = batch_add(&b, name, data, len, dry_run, changed);
	if (rc == 0)
		rc = batch_commit(&b);
	batch_free(&b);
	return rc;
}
