/* cache.c: the entries last read, as tab-separated lines in the private folder, walked once per run. */
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "entry.h"
#include "output.h"
#include "text.h"
#include "xalloc.h"

#ifndef FEEDGEN_VERSION
#define FEEDGEN_VERSION "0"
#endif

/* "e", path, dev, ino, size, mtime s ns, ctime s ns, id, id_line, title, date t off, draft, expires: 0/1 t off. */
#define NFIELDS 18

/* A field of a line in the cache's text: not NUL-terminated. */
struct span {
	const char *p;
	size_t n;
};

/* One record as read, its strings pointing into the cache's text. */
struct rec {
	struct span rel, id, title;
	unsigned long long dev, ino;
	long long size, msec, mnsec, csec, cnsec, date_t, exp_t;
	long id_line, date_off, exp_off, draft, has_exp;
};

struct cache {
	char *path;		/* <private>/cache */
	char *text;		/* the file read, NULL when cold */
	const char *cur, *end;	/* the records not walked yet */
	struct rec rec;		/* the record at cur, parsed, when have */
	struct span line;	/* its bytes, copied as they are on a hit */
	int have;
	struct timespec mtime;	/* the file's: the time of the previous write */
	time_t recent;		/* files changed at or after this second are not recorded */
	int stale;		/* a record refused as racy: rewrite the file, so its mtime moves on */
	char key[17];
	int record;
	struct buf out;		/* this run's records */
	size_t nout;
	long long nold;		/* records in the file read */
	size_t carried;		/* of them, copied to out as they were */
	int noted;		/* a record made this run */
};

/*
 * Hashes the bytes of path, or the reason it cannot be read (that too can
 * change a verdict). Not its name: however -c is spelled, the key is the same.
 */
static uint64_t
fnv_file(uint64_t h, const char *path)
{
	char chunk[65536];
	size_t n;
	FILE *f;

	if (!(f = fopen(path, "rb")))
		return fnv1a64(h, &errno, sizeof errno);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		h = fnv1a64(h, chunk, n);
	fclose(f);
	return h;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Hashes every .rng file of the schema's folder, in name order: a grammar may include another. */
static uint64_t
fnv_schemas(uint64_t h, const char *schema)
{
	const char *slash = strrchr(schema, '/');
	char *dir = slash ? xstrndup(schema, (size_t)(slash - schema)) : xstrdup(".");
	char **names = NULL;
	size_t n = 0, i, len;
	struct dirent *de;
	DIR *d;

	h = fnv_file(h, schema);
	if ((d = opendir(dir))) {
		while ((de = readdir(d))) {
			len = strlen(de->d_name);
			if (len > 4 && strcmp(de->d_name + len - 4, ".rng") == 0) {
				names = xrealloc(names, (n + 1) * sizeof *names);
				names[n++] = xstrdup(de->d_name);
			}
		}
		closedir(d);
	}
	if (n)
		qsort(names, n, sizeof *names, by_name);
	for (i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);

		h = fnv_file(fnv1a64(h, names[i], strlen(names[i]) + 1), path);
		free(path);
		free(names[i]);
	}
	free(names);
	free(dir);
	return h;
}

/* Everything that can change a verdict, or what a valid entry gives, besides the entry itself. */
static void
make_key(const struct config *cfg, char key[17])
{
	const char *tzdir = getenv("TZDIR");
	char *schema = config_entry_schema_path(cfg), *zone;
	uint64_t h = FNV1A64_START;
	struct stat st;

	h = fnv1a64(h, FEEDGEN_VERSION, sizeof FEEDGEN_VERSION);
	/* The program itself, where the system shows it: a rebuilt feedgen may judge otherwise under one version. */
	h = fnv_file(h, "/proc/self/exe");
	h = fnv_file(h, cfg->path);
	h = fnv_schemas(h, schema);
	/* The entries folder by identity, not by spelling: records hold paths inside it. */
	if (stat(cfg->entries_dir, &st) == 0) {
		h = fnv1a64(h, &st.st_dev, sizeof st.st_dev);
		h = fnv1a64(h, &st.st_ino, sizeof st.st_ino);
	}
	/* Plain dates are midnight in the site's zone: its rules are part of each date. */
	zone = xasprintf("%s/%s", tzdir && *tzdir ? tzdir : "/usr/share/zoneinfo", cfg->timezone);
	h = fnv_file(h, zone);
	snprintf(key, 17, "%016" PRIx64, h);
	free(zone);
	free(schema);
}

/* Splits [p, p+n) at tabs into f. Returns the number of fields, NFIELDS + 1 when more. */
static size_t
split(const char *p, size_t n, struct span f[NFIELDS])
{
	const char *end = p + n, *tab;
	size_t k = 0;

	for (;;) {
		if (k == NFIELDS)
			return NFIELDS + 1;
		tab = memchr(p, '\t', (size_t)(end - p));
		f[k].p = p;
		f[k++].n = (size_t)((tab ? tab : end) - p);
		if (!tab)
			return k;
		p = tab + 1;
	}
}

/* Decimal digits filling f, at most 19 (no overflow), into *v. */
static int
unumber(struct span f, unsigned long long *v)
{
	size_t i;

	if (f.n == 0 || f.n > 19)
		return -1;
	for (*v = 0, i = 0; i < f.n; i++) {
		if (f.p[i] < '0' || f.p[i] > '9')
			return -1;
		*v = *v * 10 + (unsigned)(f.p[i] - '0');
	}
	return 0;
}

/* A decimal number filling f, within [lo, hi]. */
static int
number(struct span f, long long lo, long long hi, long long *v)
{
	int neg = f.n > 0 && f.p[0] == '-';
	struct span digits = {f.p + neg, f.n - (size_t)neg};
	unsigned long long u;

	if (unumber(digits, &u) < 0 || u > (unsigned long long)INT64_MAX)
		return -1;
	*v = neg ? -(long long)u : (long long)u;
	return *v < lo || *v > hi ? -1 : 0;
}

static int
lnumber(struct span f, long lo, long hi, long *v)
{
	long long x;

	if (number(f, lo, hi, &x) < 0)
		return -1;
	*v = (long)x;
	return 0;
}

/* Parses one record line. Returns 0, or -1 when it is not one. */
static int
rec_parse(const char *p, size_t n, struct rec *r)
{
	struct span f[NFIELDS];
	const long long big = INT64_MAX;

	if (split(p, n, f) != NFIELDS || f[0].n != 1 || f[0].p[0] != 'e' || !f[1].n || !f[9].n)
		return -1;
	r->rel = f[1];
	r->id = f[9];
	r->title = f[11];
	return unumber(f[2], &r->dev) | unumber(f[3], &r->ino) | number(f[4], 0, big, &r->size) |
	    number(f[5], -big, big, &r->msec) | number(f[6], 0, 999999999, &r->mnsec) |
	    number(f[7], -big, big, &r->csec) | number(f[8], 0, 999999999, &r->cnsec) |
	    lnumber(f[10], 0, 1L << 30, &r->id_line) | number(f[12], -big, big, &r->date_t) |
	    lnumber(f[13], -1439, 1439, &r->date_off) | lnumber(f[14], 0, 1, &r->draft) |
	    lnumber(f[15], 0, 1, &r->has_exp) | number(f[16], -big, big, &r->exp_t) |
	    lnumber(f[17], -1439, 1439, &r->exp_off);
}

/* strcmp of a span with a string; spans hold no NUL byte (checked when read). */
static int
span_cmp(struct span a, const char *s)
{
	size_t n = strlen(s);
	int d = memcmp(a.p, s, a.n < n ? a.n : n);

	return d ? d : a.n < n ? -1 : a.n > n;
}

/* The next whole line at *p (before end), without its newline. Returns 0 at the end or on a last line cut short. */
static int
next_line(const char **p, const char *end, struct span *line)
{
	const char *nl;

	if (*p >= end || !(nl = memchr(*p, '\n', (size_t)(end - *p))))
		return 0;
	line->p = *p;
	line->n = (size_t)(nl - *p);
	*p = nl + 1;
	return 1;
}

#define HEADER_TAG "feedgen-cache"

/*
 * Checks the whole text before any record is used: header, and the closing
 * count of lines and hash of their bytes (a cut or altered file is caught).
 * Records are parsed as the walk meets them; one that does not parse, or
 * out of order, is only a miss. Returns 0 with c->cur and c->end set, -2 for
 * another key (silent), or the number of the first bad line.
 */
static int
validate(struct cache *c, size_t len)
{
	const char *p = c->text, *end = c->text + len, *records;
	struct span line, f[NFIELDS];
	long long count, n = 0;
	int lineno = 2;
	char hash[17];

	if (memchr(c->text, '\0', len))
		return 1;
	if (!next_line(&p, end, &line) || line.n == 0 || line.p[0] != '#')
		return 1;
	if (!next_line(&p, end, &line) || split(line.p, line.n, f) != 3 ||
	    span_cmp(f[0], HEADER_TAG) != 0 || f[1].n != 1 || f[1].p[0] != '0' + CACHE_VERSION ||
	    f[2].n != 16)
		return 2;
	if (memcmp(f[2].p, c->key, 16) != 0)
		return -2;
	records = p;
	for (;;) {
		const char *at = p;

		lineno++;
		if (!next_line(&p, end, &line))
			return lineno;
		if (line.n > 4 && memcmp(line.p, "end\t", 4) == 0) {
			snprintf(hash, sizeof hash, "%016" PRIx64,
			    fnv1a64(FNV1A64_START, records, (size_t)(at - records)));
			if (split(line.p, line.n, f) != 3 || number(f[1], 0, INT64_MAX, &count) < 0 ||
			    count != n || span_cmp(f[2], hash) != 0 || p != end)
				return lineno;
			c->cur = records;
			c->end = at;
			c->nold = n;
			return 0;
		}
		n++;
	}
}

/* Parses the next record into c->rec, passing over any line that is none. */
static void
advance(struct cache *c)
{
	do
		c->have = c->text && next_line(&c->cur, c->end, &c->line);
	while (c->have && rec_parse(c->line.p, c->line.n, &c->rec) < 0);
}

/* Reads the file; on anything but a usable one of this key, the cache stays cold. */
static void
load(struct cache *c)
{
	struct stat st;
	size_t len;
	int bad;

	if (lstat(c->path, &st) == 0)
		c->mtime = st.st_mtim;
	else if (errno == ENOENT || errno == ENOTDIR)
		return;
	if (!(c->text = output_read(c->path, (size_t)-1 / 2, &len))) {
		if (errno != ENOENT && errno != ENOTDIR)
			diag_warn(c->path, 0, 0, "cannot read the cache file (%s); reading every entry",
			    strerror(errno));
		return;
	}
	if ((bad = validate(c, len)) == 0) {
		advance(c);
		return;
	}
	if (bad > 0)
		diag_warn(c->path, bad, 0, "cache file is corrupt or of another version (expected "
		    "feedgen cache version %d); reading every entry", CACHE_VERSION);
	free(c->text);
	c->text = NULL;
}

struct cache *
cache_open(const struct config *cfg, int record)
{
	struct cache *c = xcalloc(1, sizeof *c);
	struct timespec now;

	c->path = xasprintf("%s/%s", cfg->private_dir, CACHE_FILE);
	make_key(cfg, c->key);
	load(c);
	c->record = record;
	/* A file changed less than a second or two ago could change again within its timestamp's tick. */
	clock_gettime(CLOCK_REALTIME, &now);
	c->recent = now.tv_sec - 1;
	if (record) {
		buf_adds(&c->out, "# feedgen cache: the entries last read, so that unchanged ones are "
		    "not read again. Safe to delete.\n");
		buf_addf(&c->out, HEADER_TAG "\t%d\t%s\n", CACHE_VERSION, c->key);
	}
	return c;
}

static int
ts_before(struct timespec a, struct timespec b)
{
	return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

static char *
span_dup(struct span s)
{
	return xstrndup(s.p, s.n);
}

struct entry *
cache_find(struct cache *c, const char *rel, const char *path, const struct stat *st)
{
	const struct rec *r = &c->rec;
	struct entry *e;
	int d = 1;

	while (c->have && (d = span_cmp(r->rel, rel)) < 0)
		advance(c);
	if (!c->have || d != 0)
		return NULL;
	/*
	 * git's racy-clean rule: a file changed in the tick the cache was written
	 * may have changed again after it was recorded, with the same stamps.
	 */
	if (r->dev != (unsigned long long)st->st_dev || r->ino != (unsigned long long)st->st_ino ||
	    r->size != (long long)st->st_size || r->msec != (long long)st->st_mtim.tv_sec ||
	    r->mnsec != st->st_mtim.tv_nsec || r->csec != (long long)st->st_ctim.tv_sec ||
	    r->cnsec != st->st_ctim.tv_nsec) {
		advance(c);
		return NULL;
	}
	if (!ts_before(st->st_mtim, c->mtime) || !ts_before(st->st_ctim, c->mtime)) {
		c->stale = 1;
		advance(c);
		return NULL;
	}
	e = xcalloc(1, sizeof *e);
	e->path = xstrdup(path);
	e->id = span_dup(r->id);
	e->id_line = (int)r->id_line;
	e->title = span_dup(r->title);
	e->date = (struct when){r->date_t, (int)r->date_off};
	e->updated = e->date;
	e->draft = (int)r->draft;
	e->has_expires = (int)r->has_exp;
	e->expires = (struct when){r->exp_t, (int)r->exp_off};
	e->image_length = -1;
	if (c->record) {
		buf_add(&c->out, c->line.p, c->line.n);
		buf_addc(&c->out, '\n');
		c->nout++;
		c->carried++;
	}
	advance(c);
	return e;
}

/* Fields are not escaped: a value with a tab or a newline is simply not recorded. */
static int
plain(const char *s)
{
	return !strpbrk(s, "\t\n");
}

void
cache_note(struct cache *c, const char *rel, const struct stat *st, const struct entry *e)
{
	if (!c->record || !plain(rel) || !plain(e->id) || !plain(e->title ? e->title : "") ||
	    st->st_mtim.tv_sec >= c->recent || st->st_ctim.tv_sec >= c->recent)
		return;
	buf_addf(&c->out, "e\t%s\t%llu\t%llu\t%lld\t%lld\t%ld\t%lld\t%ld\t%s\t%d\t%s\t%" PRId64
	    "\t%d\t%d\t%d\t%" PRId64 "\t%d\n", rel, (unsigned long long)st->st_dev,
	    (unsigned long long)st->st_ino, (long long)st->st_size, (long long)st->st_mtim.tv_sec,
	    (long)st->st_mtim.tv_nsec, (long long)st->st_ctim.tv_sec, (long)st->st_ctim.tv_nsec,
	    e->id, e->id_line, e->title ? e->title : "", e->date.t, e->date.off, e->draft != 0,
	    e->has_expires != 0, e->has_expires ? e->expires.t : 0, e->has_expires ? e->expires.off : 0);
	c->nout++;
	c->noted = 1;
}

int
cache_stub(const struct entry *e)
{
	/* A loaded entry holds its parsed body until entry_render turns it into HTML. */
	return !e->md && !e->html;
}

int
cache_same(const struct entry *a, const struct entry *b)
{
	return strcmp(a->id, b->id) == 0 && strcmp(a->title ? a->title : "", b->title ? b->title : "") == 0 &&
	    a->id_line == b->id_line && a->date.t == b->date.t && a->date.off == b->date.off &&
	    !a->draft == !b->draft && !a->has_expires == !b->has_expires &&
	    (!a->has_expires || (a->expires.t == b->expires.t && a->expires.off == b->expires.off));
}

int
cache_stage(struct cache *c, struct batch *b, const struct config *cfg)
{
	size_t start;

	if (!c->record)
		return 0;
	c->record = 0;
	/* Every record carried over, none added: the file would be written byte for byte as it is. */
	if (c->text && !c->stale && !c->noted && (long long)c->carried == c->nold)
		return 0;
	/* What was read is no longer needed: batch_add reads the file again to compare. */
	free(c->text);
	c->text = NULL;
	start = (size_t)(strchr(strchr(c->out.data, '\n') + 1, '\n') + 1 - c->out.data);
	buf_addf(&c->out, "end\t%zu\t%016" PRIx64 "\n", c->nout,
	    fnv1a64(FNV1A64_START, c->out.data + start, c->out.len - start));
	/*
	 * Unchanged bytes are not rewritten, and the file's mtime would stay
	 * behind the files it refused: gone, it is written anew (always safe).
	 */
	if (c->stale)
		unlink(c->path);
	return batch_add(b, cfg->private_dir, CACHE_FILE, 0600, c->out.data, c->out.len, 0, NULL);
}

void
cache_free(struct cache *c)
{
	if (!c)
		return;
	free(c->path);
	free(c->text);
	buf_free(&c->out);
	free(c);
}
