/*
 * listing.c: walk the entries folder tree depth first, without following
 * folder links. Each folder's names are sorted with a folder's name taken as
 * "name/": a depth-first walk in that order gives the paths in strcmp order,
 * and the walk holds only the folders on its current path.
 */
#include "listing.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "entry.h"
#include "text.h"
#include "xalloc.h"

/* One name of a folder: its key ("name", or "name/" for a folder) in the folder's arena. */
struct name {
	union {
		size_t off;	/* while the folder is read */
		const char *key;	/* once its arena is complete */
	} u;
	/* The key's 16 bytes after the prefix all keys share, big-endian (NUL-padded): see sort_names. */
	uint64_t hi, lo;
	unsigned char type;	/* DT_* as the folder says, DT_UNKNOWN resolved by lstat */
};

/* A folder's descriptor, held by its frame and by whoever asked for it (listing_here). */
struct listing_dir {
	int fd;
	unsigned refs;
};

/* A folder being walked: its path and its sorted names, the next to visit at i. */
struct frame {
	char *dir;
	struct listing_dir *handle;	/* NULL when no descriptor could be kept */
	struct buf arena;	/* keys, NUL-terminated */
	struct name *v;
	size_t n, i;
};

struct listing {
	struct frame *stack;
	size_t depth;		/* frames in use */
	int warn;
	int failed;
	char *path;		/* the last path returned */
};

static int
name_cmp(const struct name *x, const struct name *y, size_t common)
{
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	/* Equal in the window, NUL padding included: both end in it (the same key), or both go on. */
	if ((x->lo & 0xff) == 0)
		return 0;
	return strcmp(x->u.key + common + 16, y->u.key + common + 16);
}

/* A stable merge sort of v[0..n) by name_cmp, tmp as long as v: no call through a pointer per comparison. */
static void
merge_sort(struct name *v, struct name *tmp, size_t n, size_t common)
{
	size_t half = n / 2, i, j, k;

	if (n <= 12) {
		for (i = 1; i < n; i++) {
			struct name t = v[i];

			for (j = i; j > 0 && name_cmp(&v[j - 1], &t, common) > 0; j--)
				v[j] = v[j - 1];
			v[j] = t;
		}
		return;
	}
	merge_sort(v, tmp, half, common);
	merge_sort(v + half, tmp, n - half, common);
	if (name_cmp(&v[half - 1], &v[half], common) <= 0)
		return;		/* already in order: a folder read back in order */
	memcpy(tmp, v, half * sizeof *v);
	for (i = 0, j = half, k = 0; i < half && j < n;)
		v[k++] = name_cmp(&v[j], &tmp[i], common) < 0 ? v[j++] : tmp[i++];
	while (i < half)
		v[k++] = tmp[i++];
}

/*
 * Sorts v in strcmp order (not strcoll: the order must not depend on the
 * locale). Names in one folder mostly share a prefix ("2025-01-"), so each
 * key's next 16 bytes are compared as two integers first, and strcmp is
 * left for the names those bytes do not tell apart: a folder of a thousand
 * dated names sorts several times faster than by strcmp alone.
 */
static void
sort_names(struct name *v, size_t n)
{
	struct name *tmp;
	size_t i, k, common;

	if (n < 2)
		return;
	common = strlen(v[0].u.key);
	for (i = 1; i < n; i++) {
		const char *a = v[0].u.key, *b = v[i].u.key;

		for (k = 0; k < common && a[k] == b[k]; k++)
			;
		common = k;
	}
	for (i = 0; i < n; i++) {
		const unsigned char *p = (const unsigned char *)v[i].u.key + common;
		uint64_t w[2] = {0, 0};

		for (k = 0; k < 16 && p[k]; k++)
			w[k / 8] |= (uint64_t)p[k] << (56 - 8 * (k % 8));
		v[i].hi = w[0];
		v[i].lo = w[1];
	}
	tmp = xcalloc(n / 2 + 1, sizeof *tmp);
	merge_sort(v, tmp, n, common);
	free(tmp);
}

/* Reads dir's names into a new frame on the stack. Returns 0, or -1 after reporting. */
static int
push(struct listing *l, char *dir)
{
	struct frame f = {dir, NULL, {0}, NULL, 0, 0};
	size_t cap = 0, i;
	int fd;
	struct dirent *de;
	DIR *d;

	if (l->depth > LISTING_MAX_DEPTH) {
		diag_error(dir, 0, 0, "folder nested too deep: more than %d levels under the entries "
		    "folder (expected a shallower tree, such as entries/YYYY/MM/)", LISTING_MAX_DEPTH);
		free(dir);
		return 0;
	}
	if (!(d = opendir(dir))) {
		diag_syserr(dir, l->depth ? "cannot open the folder" : "cannot open the entries folder");
		free(dir);
		return -1;
	}
	for (;;) {
		unsigned char type;

		/* readdir returns NULL both at the end and on an error: only errno tells. */
		errno = 0;
		if (!(de = readdir(d))) {
			if (errno) {
				diag_syserr(dir, "cannot read the folder");
				closedir(d);
				buf_free(&f.arena);
				free(f.v);
				free(dir);
				return -1;
			}
			break;
		}
		/* Hidden files and folders are editors' and version control's, not the newsroom's. */
		if (de->d_name[0] == '.')
			continue;
		type = de->d_type;
		if (type == DT_UNKNOWN) {
			char *p = xasprintf("%s/%s", dir, de->d_name);
			struct stat st;

			if (lstat(p, &st) == 0)
				type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK :
				    S_ISREG(st.st_mode) ? DT_REG : DT_FIFO;
			free(p);
			if (type == DT_UNKNOWN)
				continue;	/* removed since readdir saw it */
		}
		if (f.n == cap) {
			cap = cap ? cap * 2 : 64;
			f.v = xrealloc(f.v, cap * sizeof *f.v);
		}
		f.v[f.n].u.off = f.arena.len;
		f.v[f.n++].type = type;
		buf_adds(&f.arena, de->d_name);
		if (type == DT_DIR)
			buf_addc(&f.arena, '/');
		buf_add(&f.arena, "", 1);
	}
	/* The folder's descriptor outlives the listing of it: its files are stat'ed by name in it. */
	if ((fd = fcntl(dirfd(d), F_DUPFD_CLOEXEC, 0)) >= 0) {
		f.handle = xmalloc(sizeof *f.handle);
		f.handle->fd = fd;
		f.handle->refs = 1;
	}
	closedir(d);
	for (i = 0; i < f.n; i++)
		f.v[i].u.key = f.arena.data + f.v[i].u.off;
	sort_names(f.v, f.n);
	l->stack = xrealloc(l->stack, (l->depth + 1) * sizeof *l->stack);
	l->stack[l->depth++] = f;
	return 0;
}

static void
pop(struct listing *l)
{
	struct frame *f = &l->stack[--l->depth];

	listing_dir_release(f->handle);
	free(f->dir);
	buf_free(&f->arena);
	free(f->v);
}

struct listing_dir *
listing_here(struct listing *l)
{
	struct listing_dir *h = l->depth ? l->stack[l->depth - 1].handle : NULL;

	if (h)
		h->refs++;
	return h;
}

int
listing_dir_fd(const struct listing_dir *h)
{
	return h->fd;
}

void
listing_dir_release(struct listing_dir *h)
{
	if (h && --h->refs == 0) {
		close(h->fd);
		free(h);
	}
}

struct listing *
listing_open(const char *dir, int warn)
{
	struct listing *l = xcalloc(1, sizeof *l);

	l->warn = warn;
	if (push(l, xstrdup(dir)) < 0)
		l->failed = 1;
	return l;
}

/* dir/name (name len bytes), without printf: one per entry file of the archive. */
static char *
join(const char *dir, const char *name, size_t len)
{
	size_t d = strlen(dir);
	char *p = xmalloc(d + len + 2);

	memcpy(p, dir, d);
	p[d] = '/';
	memcpy(p + d + 1, name, len + 1);
	return p;
}

/*
 * Looks at one name; a folder is pushed. Returns 1 with l->path set for an
 * entry file, 0 to go on, -1 after reporting a system error.
 */
static int
visit(struct listing *l, struct frame *f, const struct name *nm, enum listed_kind *kind)
{
	const char *key = nm->u.key;
	size_t len = strlen(key);
	char *path;

	if (nm->type == DT_DIR)
		return push(l, xasprintf("%s/%.*s", f->dir, (int)(len - 1), key)) < 0 ? -1 : 0;
	path = join(f->dir, key, len);
	if (nm->type == DT_LNK) {
		struct stat to;

		/* A folder link could make a loop or pull in another tree: never followed. */
		if (stat(path, &to) == 0 && S_ISDIR(to.st_mode)) {
			if (l->warn)
				diag_warn(path, 0, 0, "ignored: a symbolic link to a folder is not "
				    "followed (expected a folder or an entry file)");
			free(path);
			return 0;
		}
	}
	if (!entry_is_candidate(key)) {
		if (l->warn)
			diag_warn(path, 0, 0, "ignored: not an entry file (expected a name ending in .md, .markdown, .yaml or .yml)");
		free(path);
		return 0;
	}
	if (nm->type != DT_REG && nm->type != DT_LNK) {
		/* Opening a FIFO would block the run, under the lock, forever. */
		diag_error(path, 0, 0, "not a regular file (expected an entry file)");
		free(path);
		return 0;
	}
	free(l->path);
	l->path = path;
	*kind = nm->type == DT_LNK ? LISTED_LINK : LISTED_FILE;
	return 1;
}

int
listing_next(struct listing *l, const char **path, enum listed_kind *kind)
{
	int rc;

	while (!l->failed && l->depth > 0) {
		struct frame *f = &l->stack[l->depth - 1];

		if (f->i == f->n) {
			pop(l);
			continue;
		}
		f->i++;
		/* visit may push, moving the stack: it is given the name, copied. */
		{
			struct name nm = f->v[f->i - 1];

			rc = visit(l, f, &nm, kind);
		}
		if (rc < 0)
			l->failed = 1;
		else if (rc > 0) {
			*path = l->path;
			return 1;
		}
	}
	return l->failed ? -1 : 0;
}

void
listing_close(struct listing *l)
{
	if (!l)
		return;
	while (l->depth > 0)
		pop(l);
	free(l->stack);
	free(l->path);
	free(l);
}
