/* source.c: read an input file whole and refuse what XML cannot carry. */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "text.h"
#include "xalloc.h"

static struct source *
source_take(const char *path, char *data, size_t len)
{
	struct source *src = xcalloc(1, sizeof *src);
	char why[64];
	size_t bad;

	src->path = xstrdup(path);
	src->data = data;
	src->len = len;
	src->map = linemap_new(data, len);
	/* libxml2 2.9's writer emits ill-formed XML for these: refuse them here. */
	if (text_check(data, len, &bad, why) < 0) {
		int line, col;

		linemap_locate(src->map, bad, &line, &col);
		/* text.c's reasons name characters ("control character U+0007", "noncharacter U+FFFE") or UTF-8 faults. */
		if (strncmp(why, "control", 7) == 0 || strncmp(why, "noncharacter", 12) == 0)
			diag_error(path, line, col, "%s is not allowed in a feed (expected printable text; remove it)", why);
		else
			diag_error(path, line, col, "invalid UTF-8: %s (expected the file saved as UTF-8, "
			    "not Latin-1 or Windows-1252)", why);
		source_free(src);
		return NULL;
	}
	return src;
}

struct source *
source_from(const char *path, const char *data, size_t len)
{
	if (len > SOURCE_MAX) {
		diag_error(path, 0, 0, "file is %zu bytes, larger than the limit of %zu bytes", len, SOURCE_MAX);
		return NULL;
	}
	return source_take(path, xstrndup(data, len), len);
}

static struct source *read_file(const char *path, int regular);

struct source *
source_read(const char *path)
{
	return read_file(path, 0);
}

struct source *
source_read_regular(const char *path)
{
	return read_file(path, 1);
}

static struct source *
read_file(const char *path, int regular)
{
	struct stat st;
	int fd;

	/*
	 * Opening a FIFO blocks until a writer comes, and opening a device may act
	 * on it: look first, then open without blocking and look again (the name
	 * may have changed hands in between).
	 */
	if (!regular && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		diag_error(path, 0, 0, "not a regular file (expected a file of text)");
		return NULL;
	}
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
		diag_syserr(path, "cannot open");
		return NULL;
	}
	if (fstat(fd, &st) < 0) {
		diag_syserr(path, "cannot stat");
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_error(path, 0, 0, "not a regular file (expected a file of text)");
		close(fd);
		return NULL;
	}
	return source_read_fd(path, fd, &st);
}

struct source *
source_read_fd(const char *path, int fd, const struct stat *st)
{
	char *data;
	size_t len = 0, cap;
	ssize_t n;

	if ((size_t)st->st_size > SOURCE_MAX) {
		diag_error(path, 0, 0, "file is %lld bytes, larger than the limit of %zu bytes",
		    (long long)st->st_size, SOURCE_MAX);
		close(fd);
		return NULL;
	}
	/*
	 * Room for what fstat says and a byte more, so a file that grew after it
	 * is noticed; the buffer grows then, up to one byte past the limit.
	 */
	cap = (size_t)st->st_size + 2;
	data = xmalloc(cap);
	while ((n = read(fd, data + len, cap - 1 - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			diag_syserr(path, "cannot read");
			free(data);
			close(fd);
			return NULL;
		}
		len += (size_t)n;
		if (len > SOURCE_MAX)
			break;
		if (len == cap - 1) {
			cap = cap - 1 > SOURCE_MAX / 2 ? SOURCE_MAX + 2 : 2 * (cap - 1) + 1;
			data = xrealloc(data, cap);
		}
	}
	close(fd);
	if (len > SOURCE_MAX) {
		diag_error(path, 0, 0, "file is larger than the limit of %zu bytes", SOURCE_MAX);
		free(data);
		return NULL;
	}
	data[len] = '\0';
	return source_take(path, data, len);
}

void
source_locate(const struct source *src, size_t off, int *line, int *col)
{
	linemap_locate(src->map, off, line, col);
}

size_t
source_offset(const struct source *src, int line, int col)
{
	return linemap_offset(src->map, line, col);
}

void
source_free(struct source *src)
{
	if (!src)
		return;
	linemap_free(src->map);
	free(src->data);
	free(src->path);
	free(src);
}
