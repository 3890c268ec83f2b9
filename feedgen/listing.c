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

struct item {
	char *path;
	struct stat st;
};

struct list {
	struct item *v;
	size_t n;
	int warn;
};

static int
by_path(const void *a, const void *b)
{
	/* strcmp, not strcoll: the order must not depend on the locale. */
	return strcmp(((const struct item *)a)->path, ((const struct item *)b)->path);
}

/* Keeps path, with what stat says of the file (st NULL: a name, not yet looked at). */
static void
keep(struct list *l, char *path, const struct stat *st)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n].path = path;
	if (st)
		l->v[l->n].st = *st;
	l->n++;
}

static void
list_free(struct list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].path);
	free(l->v);
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
			st.st_mode = 0;	/* dangling: no file to know; reading it reports why */
		}
	}
	if (!entry_is_candidate(name)) {
		if (l->warn)
			diag_warn(path, 0, 0, "ignored: not an entry file (expected a name ending in .md, .yaml or .yml)");
		free(path);
	} else if (st.st_mode && !S_ISREG(st.st_mode)) {
		/* Opening a FIFO would block the run, under the lock, forever. */
		diag_error(path, 0, 0, "not a regular file (expected an entry file)");
		free(path);
	} else {
		keep(l, path, &st);
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
			keep(&names, xstrdup(de->d_name), NULL);
	}
	closedir(d);
	/* Visited in name order, so warnings come out the same on every file system. */
	if (names.n)
		qsort(names.v, names.n, sizeof *names.v, by_path);
	for (i = 0; i < names.n && rc == 0; i++)
		rc = visit(l, xasprintf("%s/%s", dir, names.v[i].path), names.v[i].path, depth);
	list_free(&names);
	return rc;
}

char **
listing_entries(const char *dir, size_t *n, int warn, struct stat **stats)
{
	struct list l = {NULL, 0, warn};
	char **paths;
	size_t i;

	*n = 0;
	if (stats)
		*stats = NULL;
	if (walk(&l, dir, 0) < 0) {
		diag_flush();
		list_free(&l);
		return NULL;
	}
	diag_flush();
	/* An empty folder: qsort(NULL, ...) is undefined. */
	if (l.n)
		qsort(l.v, l.n, sizeof *l.v, by_path);
	paths = xcalloc(l.n ? l.n : 1, sizeof *paths);
	if (stats)
		*stats = xcalloc(l.n ? l.n : 1, sizeof **stats);
	for (i = 0; i < l.n; i++) {
		paths[i] = l.v[i].path;
		if (stats)
			(*stats)[i] = l.v[i].st;
	}
	free(l.v);
	*n = l.n;
	return paths;
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
