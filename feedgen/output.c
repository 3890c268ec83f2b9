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
output_lock(const char *dir, long timeout)
{
	struct timespec nap = {0, 50 * 1000 * 1000};
	char *path, pid[32];
	long waited_ms = 0;
	int fd;

	if (mkdirs(dir) < 0)
		return -1;
	path = xasprintf("%s/%s", dir, LOCK_NAME);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666)) < 0) {
		diag_syserr(path, "cannot open the lock file");
		free(path);
		return -1;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			diag_syserr(path, "cannot lock");
			goto fail;
		}
		if (waited_ms >= timeout * 1000) {
			ssize_t n = pread(fd, pid, sizeof pid - 1, 0);

			pid[n > 0 ? n : 0] = '\0';
			pid[strcspn(pid, "\n")] = '\0';
			diag_system(path, "another feedgen run (pid %s) held the lock for over %ld s; "
			    "nothing written (expected it to finish sooner; see lock_timeout)",
			    *pid ? pid : "unknown", timeout);
			goto fail;
		}
		nanosleep(&nap, NULL);
		waited_ms += 50;
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
	if (fd >= 0)
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

int
output_commit(const char *dir, const char *name, const char *data, size_t len,
    int dry_run, int *changed)
{
	char *path, *tmp, *old;
	size_t oldlen;
	mode_t mask;
	int fd, dfd;

	old = output_read(dir, name, &oldlen);
	*changed = !old || oldlen != len || memcmp(old, data, len) != 0;
	free(old);
	if (!*changed || dry_run)
		return 0;
	path = xasprintf("%s/%s", dir, name);
	tmp = xasprintf("%s/" TMP_PREFIX "%s.XXXXXX", dir, name);
	if ((fd = mkstemp(tmp)) < 0) {
		diag_syserr(path, "cannot create a temporary file beside");
		goto fail_free;
	}
	/* mkstemp makes 0600; a feed is for the web server to read. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) < 0 || write_all(fd, data, len) < 0) {
		diag_syserr(path, "cannot write");
		goto fail_close;
	}
	if (fsync(fd) < 0) {
		diag_syserr(path, "cannot sync");
		goto fail_close;
	}
	if (close(fd) < 0) {
		fd = -1;
		diag_syserr(path, "cannot write");
		goto fail_unlink;
	}
	if (rename(tmp, path) < 0) {
		diag_syserr(path, "cannot replace");
		fd = -1;
		goto fail_unlink;
	}
	/* The rename is durable only once the folder is synced. */
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		if (fsync(dfd) < 0 && errno != EINVAL)
			diag_syserr(dir, "cannot sync the output folder");
		close(dfd);
	}
	free(tmp);
	free(path);
	return diag_status() == EXIT_SYSTEM ? -1 : 0;
fail_close:
	close(fd);
fail_unlink:
	unlink(tmp);
fail_free:
	free(tmp);
	free(path);
	return -1;
}
