/* listing.c: walk the entries folder tree, sorted, without following folder links. */
#include "listing.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "entry.h"
#include "xalloc.h"

struct list {
	char **v;
	size_t n;
	int warn;
};

static int
by_path(const void *a, const void *b)
{
	/* strcmp, not strcoll: the order must not depend on the locale. */
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
keep(struct list *l, char *path)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = path;
}

static int walk(struct list *l, const char *dir, int depth);

/*
 * One name found in a folder: a sub-folder is walked, an entry file kept.
 * Takes path. Returns 0, or -1 after reporting a system error.
 */
static int
visit(struct list *l, char *path, const char *name, int depth)
{
	struct stat st;
	int rc = 0;

	if (lstat(path, &st) < 0) {
		/* A file removed since readdir saw it is simply not there any more. */
		if (errno == ENOENT) {
			free(path);
			return 0;
		}
		diag_syserr(path, "cannot stat");
		free(path);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = walk(l, path, depth + 1);
		free(path);
		return rc;
	}
	if (S_ISLNK(st.st_mode)) {
		struct stat to;

		if (stat(path, &to) == 0) {
			/* A folder link could make a loop or pull in another tree: never followed. */
			if (S_ISDIR(to.st_mode)) {
				if (l->warn)
					diag_warn(path, 0, 0, "ignored: a symbolic link to a folder is not "
					    "followed (expected a folder or an entry file)");
				free(path);
				return 0;
			}
			st = to;
		} else {
			st.st_mode = S_IFREG;	/* dangling: reading it reports why */
		}
	}
	if (!entry_is_candidate(name)) {
		if (l->warn)
			diag_warn(path, 0, 0, "ignored: not an entry file (expected a name ending in .md, .yaml or .yml)");
		free(path);
	} else if (!S_ISREG(st.st_mode)) {
		/* Opening a FIFO would block the run, under the lock, forever. */
		diag_error(path, 0, 0, "not a regular file (expected an entry file)");
		free(path);
	} else {
		keep(l, path);
	}
	return 0;
}

static int
walk(struct list *l, const char *dir, int depth)
{
	struct list names = {NULL, 0, 0};
	struct dirent *de;
	size_t i;
	DIR *d;
	int rc = 0;

	if (depth > LISTING_MAX_DEPTH) {
		diag_error(dir, 0, 0, "folder nested too deep: more than %d levels under the entries "
		    "folder (expected a shallower tree, such as entries/YYYY/MM/)", LISTING_MAX_DEPTH);
		return 0;
	}
	if (!(d = opendir(dir))) {
		diag_syserr(dir, depth ? "cannot open the folder" : "cannot open the entries folder");
		return -1;
	}
	for (;;) {
		/* readdir returns NULL both at the end and on an error: only errno tells. */
		errno = 0;
		if (!(de = readdir(d))) {
			if (errno) {
				diag_syserr(dir, "cannot read the folder");
				rc = -1;
			}
			break;
		}
		/* Hidden files and folders are editors' and version control's, not the newsroom's. */
		if (de->d_name[0] != '.')
			keep(&names, xstrdup(de->d_name));
	}
	closedir(d);
	/* Visited in name order, so warnings come out the same on every file system. */
	if (names.n)
		qsort(names.v, names.n, sizeof *names.v, by_path);
	for (i = 0; i < names.n && rc == 0; i++)
		rc = visit(l, xasprintf("%s/%s", dir, names.v[i]), names.v[i], depth);
	listing_free(names.v, names.n);
	return rc;
}

char **
listing_entries(const char *dir, size_t *n, int warn)
{
	struct list l = {NULL, 0, warn};

	*n = 0;
	if (walk(&l, dir, 0) < 0) {
		diag_flush();
		listing_free(l.v, l.n);
		return NULL;
	}
	diag_flush();
	if (!l.v)
		return xcalloc(1, sizeof *l.v);	/* an empty folder: qsort(NULL, ...) is undefined */
	qsort(l.v, l.n, sizeof *l.v, by_path);
	*n = l.n;
	return l.v;
}

void
listing_free(char **v, size_t n)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
