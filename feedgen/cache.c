/* cache.c: the entries last read, as tab-separated lines in the private folder, walked once per run. */
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

/*
 * "e", path, dev, ino, size, mtime s ns, ctime s ns, id, id_line, title, date
 * t off, draft, expires: 0/1 t off, categories (joined by US, 0x1f: no entry
 * value holds a control character), the author's name (empty: the site's), the
 * reason it was retracted (empty: not retracted).
 */
#define NFIELDS 21
#define US '\x1f'

/* A field of a line in the cache's text: not NUL-terminated. */
struct span {
	const char *p;
	size_t n;
};

/* One record as read, its strings pointing into its line. */
struct rec {
	struct span rel, id, title, cats, author, retracted;
	unsigned long long dev, ino;
	long long size, msec, mnsec, csec, cnsec, date_t, exp_t;
	long id_line, date_off, exp_off, draft, has_exp;
};

/* The old cache file, read a line at a time. */
struct lines {
	int fd;
	char *buf;
	size_t cap, start, end;	/* buf[start..end) holds bytes not yet returned */
	long long off;		/* the file offset of buf[start] */
	int eof;
};

/* A document's fingerprint as a run recorded it: "d", file, fp, size. */
struct docrec {
	char *file;
	uint64_t fp;
	long long size;
};

struct cache {
	char *path;		/* <private>/cache */
	struct docrec *olddocs, *newdocs;	/* the old file's, this run's, in their order */
	struct docrec **sorted;			/* the old file's by file, for cache_doc */
	size_t nold_docs, nnew_docs;
	struct lines in;	/* the old file, fd -1 when cold */
	long long records, records_end;	/* where its records start and end */
	int have;		/* the next record's line is in next */
	struct span next;	/* the next record's line (in in.buf), its rel in nextrel */
	struct span nextrel;
	long long nextoff;
	struct timespec mtime;	/* the file's: the time of the previous write */
	time_t recent;		/* files changed at or after this second are not recorded */
	int stale;		/* a record refused as racy: rewrite the file, so its mtime moves on */
	char key[17];
	int record;
	char *dir;		/* the private folder */
	/* This run's records: the same bytes as the old file's so far, until diverged. */
	struct outstream *out;	/* open once they differ */
	int failed;		/* the new file could not be started: none is written */
	long long same_until;	/* old records [records, same_until) are this run's so far */
	struct hash64 hash;	/* of the records written */
	long long nout;
};

/*
 * Adds the bytes of path, or the reason it cannot be read (that too can
 * change a verdict). Not its name: however -c is spelled, the key is the same.
 */
static void
hash_file(struct hash64 *h, const char *path)
{
	char chunk[65536];
	size_t n;
	FILE *f;

	if (!(f = fopen(path, "rb"))) {
		hash64_add(h, &errno, sizeof errno);
		return;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		hash64_add(h, chunk, n);
	fclose(f);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds every .rng file of the schema's folder, in name order: a grammar may include another. */
static void
hash_schemas(struct hash64 *h, const char *schema)
{
	const char *slash = strrchr(schema, '/');
	char *dir = slash ? xstrndup(schema, (size_t)(slash - schema)) : xstrdup(".");
	char **names = NULL;
	size_t n = 0, i, len;
	struct dirent *de;
	DIR *d;

	hash_file(h, schema);
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

		hash64_add(h, names[i], strlen(names[i]) + 1);
		hash_file(h, path);
		free(path);
		free(names[i]);
	}
	free(names);
	free(dir);
}

/* Everything that can change a verdict, or what a valid entry gives, besides the entry itself. */
void
cache_key(const struct config *cfg, char key[17])
{
	const char *tzdir = getenv("TZDIR");
	char *schema = config_entry_schema_path(cfg), *zone;
	struct hash64 h;
	struct stat st;

	hash64_init(&h);
	hash64_add(&h, FEEDGEN_VERSION, sizeof FEEDGEN_VERSION);
	/* The program itself, where the system shows it: a rebuilt feedgen may judge otherwise under one version. */
	hash_file(&h, "/proc/self/exe");
	hash_file(&h, cfg->path);
	hash_schemas(&h, schema);
	/* The entries folder by identity, not by spelling: records hold paths inside it. */
	if (stat(cfg->entries_dir, &st) == 0) {
		hash64_add(&h, &st.st_dev, sizeof st.st_dev);
		hash64_add(&h, &st.st_ino, sizeof st.st_ino);
	}
	/* Plain dates are midnight in the site's zone: its rules are part of each date. */
	zone = xasprintf("%s/%s", tzdir && *tzdir ? tzdir : "/usr/share/zoneinfo", cfg->timezone);
	hash_file(&h, zone);
	snprintf(key, 17, "%016" PRIx64, hash64_end(&h));
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
	r->cats = f[18];
	r->author = f[19];
	r->retracted = f[20];
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


static char *
span_dup(struct span sp)
{
	return xstrndup(sp.p, sp.n);
}

static int
by_file(const void *a, const void *b)
{
	return strcmp((*(struct docrec *const *)a)->file, (*(struct docrec *const *)b)->file);
}

/* Fills r's buffer with more of the file. Returns the bytes added, 0 at the end, -1 on an error. */
static ssize_t
lines_fill(struct lines *r)
{
	ssize_t n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->off += (long long)r->start;
		r->end -= r->start;
		r->start = 0;
	}
	if (r->end == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 65536;
		r->buf = xrealloc(r->buf, r->cap);
	}
	do
		n = read(r->fd, r->buf + r->end, r->cap - r->end);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		r->end += (size_t)n;
	return n;
}

/*
 * The next line (without its newline) into *line, valid until the next call,
 * its file offset in *off. Returns 1, 0 at the end, 2 for a last line cut
 * short or a NUL byte, -1 on a read error (errno set).
 */
static int
lines_next(struct lines *r, struct span *line, long long *off)
{
	size_t scanned = 0;
	char *nl;
	ssize_t n;

	for (;;) {
		/* Before the first read there is no buffer: NULL + 0 is not a pointer to scan. */
		nl = r->end > r->start + scanned ?
		    memchr(r->buf + r->start + scanned, '\n', r->end - r->start - scanned) : NULL;
		if (nl)
			break;
		scanned = r->end - r->start;
		if ((n = lines_fill(r)) < 0)
			return -1;
		if (n == 0)
			return r->end > r->start ? 2 : 0;
	}
	line->p = r->buf + r->start;
	line->n = (size_t)(nl - line->p);
	*off = r->off + (long long)r->start;
	r->start += line->n + 1;
	return memchr(line->p, '\0', line->n) ? 2 : 1;
}

/* Starts reading the file again at offset off. */
static int
lines_seek(struct lines *r, long long off)
{
	if (lseek(r->fd, (off_t)off, SEEK_SET) < 0)
		return -1;
	r->start = r->end = 0;
	r->off = off;
	return 0;
}

#define HEADER_TAG "feedgen-cache"

/*
 * Reads the whole file once before any record is used: header, and the
 * closing count of lines and hash of their bytes (a cut or altered file is
 * caught). Records are parsed as the walk meets them; one that does not
 * parse, or out of order, is only a miss. Returns 0 with the records' range
 * set, -2 for another key (silent), -3 for a read error, or the number of
 * the first bad line.
 */
static int
validate(struct cache *c)
{
	struct span line, f[NFIELDS];
	long long count, n = 0, off;
	struct hash64 h;
	int lineno = 1, rc;
	char hash[17];

	hash64_init(&h);

	if ((rc = lines_next(&c->in, &line, &off)) != 1 || line.n == 0 || line.p[0] != '#')
		return rc < 0 ? -3 : 1;
	lineno++;
	if ((rc = lines_next(&c->in, &line, &off)) != 1 || split(line.p, line.n, f) != 3 ||
	    span_cmp(f[0], HEADER_TAG) != 0 || f[1].n != 1 || f[1].p[0] != '0' + CACHE_VERSION ||
	    f[2].n != 16)
		return rc < 0 ? -3 : 2;
	if (memcmp(f[2].p, c->key, 16) != 0)
		return -2;
	c->records = off + (long long)line.n + 1;
	c->records_end = -1;
	for (;;) {
		lineno++;
		if ((rc = lines_next(&c->in, &line, &off)) != 1)
			return rc < 0 ? -3 : lineno;
		if (line.n > 4 && memcmp(line.p, "end\t", 4) == 0) {
			snprintf(hash, sizeof hash, "%016" PRIx64, hash64_end(&h));
			if (split(line.p, line.n, f) != 3 || number(f[1], 0, INT64_MAX, &count) < 0 ||
			    count != n || span_cmp(f[2], hash) != 0)
				return lineno;
			if (c->records_end < 0)
				c->records_end = off;
			if (c->nold_docs) {
				size_t i;

				c->sorted = xcalloc(c->nold_docs, sizeof *c->sorted);
				for (i = 0; i < c->nold_docs; i++)
					c->sorted[i] = &c->olddocs[i];
				qsort(c->sorted, c->nold_docs, sizeof *c->sorted, by_file);
			}
			return lines_next(&c->in, &line, &off) == 0 ? 0 : lineno + 1;
		}
		if (line.n > 2 && memcmp(line.p, "d\t", 2) == 0) {
			/* The documents' fingerprints follow the records. */
			unsigned long long fp = 0;
			long long size;
			size_t i;

			if (c->records_end < 0)
				c->records_end = off;
			if (split(line.p, line.n, f) != 4 || f[2].n != 16 || !f[1].n ||
			    number(f[3], 0, INT64_MAX, &size) < 0)
				return lineno;
			for (i = 0; i < 16; i++) {
				char ch = f[2].p[i];

				if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')))
					return lineno;
				fp = fp * 16 + (unsigned)(ch <= '9' ? ch - '0' : ch - 'a' + 10);
			}
			c->olddocs = xrealloc(c->olddocs, (c->nold_docs + 1) * sizeof *c->olddocs);
			c->olddocs[c->nold_docs++] = (struct docrec){span_dup(f[1]), fp, size};
		} else if (c->records_end >= 0) {
			return lineno;	/* a record after the documents */
		}
		hash64_add(&h, line.p, line.n);
		hash64_add(&h, "\n", 1);
		n++;
	}
}

/* The rel field of a record line: its second field, or an empty span. */
static struct span
rel_of(struct span line)
{
	const char *t1, *t2;
	struct span r = {"", 0};

	if (line.n < 2 || line.p[0] != 'e' || line.p[1] != '\t')
		return r;
	t1 = line.p + 2;
	if (!(t2 = memchr(t1, '\t', line.n - 2)))
		return r;
	r.p = t1;
	r.n = (size_t)(t2 - t1);
	return r;
}

/* Moves to the next record line, before the records' end. */
static void
advance(struct cache *c)
{
	c->have = 0;
	if (c->in.fd < 0 || c->in.off + (long long)c->in.start >= c->records_end)
		return;
	if (lines_next(&c->in, &c->next, &c->nextoff) != 1)
		return;
	c->nextrel = rel_of(c->next);
	c->have = 1;
}

/* Reads the file; on anything but a usable one of this key, the cache stays cold. */
static void
load(struct cache *c)
{
	struct stat st;
	int bad, fd;

	c->in.fd = -1;
	if ((fd = open(c->path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			diag_warn(c->path, 0, 0, "cannot read the cache file (%s); reading every entry",
			    strerror(errno));
		return;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		diag_warn(c->path, 0, 0, "cannot read the cache file (%s); reading every entry",
		    S_ISREG(st.st_mode) ? strerror(errno) : "not a regular file");
		close(fd);
		return;
	}
	c->mtime = st.st_mtim;
	c->in.fd = fd;
	if ((bad = validate(c)) == 0 && lines_seek(&c->in, c->records) == 0) {
		c->same_until = c->records;
		advance(c);
		return;
	}
	/* Nothing of a file that failed its check is used: its documents' fingerprints neither. */
	while (c->nold_docs > 0)
		free(c->olddocs[--c->nold_docs].file);
	free(c->olddocs);
	free(c->sorted);
	c->olddocs = NULL;
	c->sorted = NULL;
	if (bad == -3)
		diag_warn(c->path, 0, 0, "cannot read the cache file (%s); reading every entry",
		    strerror(errno));
	else if (bad > 0)
		diag_warn(c->path, bad, 0, "cache file is corrupt or of another version (expected "
		    "feedgen cache version %d); reading every entry", CACHE_VERSION);
	close(fd);
	c->in.fd = -1;
	/* Documents read before the file proved bad are not to be trusted (nor sorted for cache_doc). */
	while (c->nold_docs)
		free(c->olddocs[--c->nold_docs].file);
	free(c->olddocs);
	free(c->sorted);
	c->olddocs = NULL;
	c->sorted = NULL;
}

static const char header_comment[] = "# feedgen cache: the entries last read, so that unchanged "
    "ones are not read again. Safe to delete.\n";

struct cache *
cache_open(const struct config *cfg, int record)
{
	struct cache *c = xcalloc(1, sizeof *c);
	struct timespec now;

	c->path = xasprintf("%s/%s", cfg->private_dir, CACHE_FILE);
	c->dir = xstrdup(cfg->private_dir);
	cache_key(cfg, c->key);
	load(c);
	c->record = record;
	hash64_init(&c->hash);
	/* A file changed less than a second or two ago could change again within its timestamp's tick. */
	clock_gettime(CLOCK_REALTIME, &now);
	c->recent = now.tv_sec - 1;
	return c;
}

int
cache_lookup(struct cache *c, const char *rel, struct cache_rec *r, char *buf, size_t size)
{
	int d = 1;

	while (c->have && (d = span_cmp(c->nextrel, rel)) < 0)
		advance(c);
	if (!c->have || d != 0)
		return 0;
	if (c->next.n < size) {
		r->line = memcpy(buf, c->next.p, c->next.n);
		r->line[c->next.n] = '\0';
		r->owned = 0;
	} else {
		r->line = xstrndup(c->next.p, c->next.n);
		r->owned = 1;
	}
	r->len = c->next.n;
	r->off = c->nextoff;
	advance(c);
	return 1;
}

static int
ts_before(struct timespec a, struct timespec b)
{
	return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}


struct entry *
cache_hit(const struct cache *c, const struct cache_rec *cr, const char *path, const struct stat *st,
    int *racy)
{
	struct rec r;
	struct entry *e;

	*racy = 0;
	if (rec_parse(cr->line, cr->len, &r) < 0)
		return NULL;
	if (r.dev != (unsigned long long)st->st_dev || r.ino != (unsigned long long)st->st_ino ||
	    r.size != (long long)st->st_size || r.msec != (long long)st->st_mtim.tv_sec ||
	    r.mnsec != st->st_mtim.tv_nsec || r.csec != (long long)st->st_ctim.tv_sec ||
	    r.cnsec != st->st_ctim.tv_nsec)
		return NULL;
	/*
	 * git's racy-clean rule: a file changed in the tick the cache was written
	 * may have changed again after it was recorded, with the same stamps.
	 */
	if (!ts_before(st->st_mtim, c->mtime) || !ts_before(st->st_ctim, c->mtime)) {
		*racy = 1;
		return NULL;
	}
	{
		struct entry_str few[8], *cats = few, none = {NULL, 0};
		size_t ncats = 0, cap = 8;
		const char *p = r.cats.p, *end = r.cats.p + r.cats.n, *us;

		while (r.cats.n) {
			us = memchr(p, US, (size_t)(end - p));
			if (ncats == cap) {
				cap *= 2;
				cats = cats == few ? memcpy(xcalloc(cap, sizeof *cats), few, sizeof few) :
				    xrealloc(cats, cap * sizeof *cats);
			}
			cats[ncats++] = (struct entry_str){p, (size_t)((us ? us : end) - p)};
			if (!us)
				break;
			p = us + 1;
		}
		e = entry_pack((struct entry_str){path, strlen(path)}, (struct entry_str){r.id.p, r.id.n},
		    (struct entry_str){r.title.p, r.title.n},
		    r.author.n ? (struct entry_str){r.author.p, r.author.n} : none,
		    r.retracted.n ? (struct entry_str){r.retracted.p, r.retracted.n} : none, cats, ncats);
		if (cats != few)
			free(cats);
	}
	e->id_line = (int)r.id_line;
	e->date = (struct when){r.date_t, (int)r.date_off};
	e->updated = e->date;
	e->draft = (int)r.draft;
	e->has_expires = (int)r.has_exp;
	e->expires = (struct when){r.exp_t, (int)r.exp_off};
	e->fp = cache_fp(st);
	return e;
}

uint64_t
cache_fp(const struct stat *st)
{
	long long v[7] = {(long long)st->st_dev, (long long)st->st_ino, (long long)st->st_size,
	    (long long)st->st_mtim.tv_sec, (long long)st->st_mtim.tv_nsec,
	    (long long)st->st_ctim.tv_sec, (long long)st->st_ctim.tv_nsec};
	uint64_t h = hash64(v, sizeof v);

	return h ? h : 1;	/* 0 means unknown */
}

void
cache_rec_free(struct cache_rec *r)
{
	if (r->owned)
		free(r->line);
	memset(r, 0, sizeof *r);
}

/*
 * The new file differs from the old from here on: it is started, with the
 * old file's bytes up to here (its header and the records carried so far).
 */
static void
diverge(struct cache *c)
{
	char chunk[65536];
	long long at;

	if (c->out || c->failed)
		return;
	if (!(c->out = outstream_open(c->dir, CACHE_FILE, 0600))) {
		c->failed = 1;
		return;
	}
	outstream_write(c->out, header_comment, sizeof header_comment - 1);
	{
		char line[64];
		int n = snprintf(line, sizeof line, HEADER_TAG "\t%d\t%s\n", CACHE_VERSION, c->key);

		outstream_write(c->out, line, (size_t)n);
	}
	for (at = c->records; at < c->same_until;) {
		size_t want = (size_t)(c->same_until - at) < sizeof chunk ? (size_t)(c->same_until - at) : sizeof chunk;
		ssize_t n = pread(c->in.fd, chunk, want, (off_t)at);

		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			/* The old file changed under us: start from nothing (always safe). */
			outstream_discard(c->out);
			c->out = NULL;
			c->failed = 1;
			return;
		}
		outstream_write(c->out, chunk, (size_t)n);
		hash64_add(&c->hash, chunk, (size_t)n);
		at += n;
	}
}

/* Adds one record line (without its newline) to this run's records. */
static void
emit(struct cache *c, const char *p, size_t n)
{
	if (!c->out)
		return;
	outstream_write(c->out, p, n);
	outstream_write(c->out, "\n", 1);
	hash64_add(&c->hash, p, n);
	hash64_add(&c->hash, "\n", 1);
}

void
cache_keep(struct cache *c, const struct cache_rec *r)
{
	if (!c->record)
		return;
	c->nout++;
	if (!c->out && r->off == c->same_until) {
		/* The next old record, carried: the files still agree (diverge hashes them if they part). */
		c->same_until += (long long)r->len + 1;
		return;
	}
	diverge(c);
	emit(c, r->line, r->len);
}

void
cache_racy(struct cache *c)
{
	c->stale = 1;
}

/* Fields are not escaped: a value with a tab or a newline is simply not recorded. */
static int
plain(const char *s)
{
	return !strpbrk(s, "\t\n");
}

/* A tab, then v in decimal, by hand: a cold run formats a record per entry. */
static void
put_num(struct buf *b, int neg, unsigned long long v)
{
	char d[24];
	size_t n = sizeof d;

	do
		d[--n] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	if (neg)
		d[--n] = '-';
	d[--n] = '\t';
	buf_add(b, d + n, sizeof d - n);
}

static void
put_u(struct buf *b, unsigned long long v)
{
	put_num(b, 0, v);
}

static void
put_i(struct buf *b, long long v)
{
	/* -(v + 1) + 1: no overflow at the most negative value. */
	put_num(b, v < 0, v < 0 ? (unsigned long long)-(v + 1) + 1 : (unsigned long long)v);
}

static void
put_s(struct buf *b, const char *s)
{
	buf_addc(b, '\t');
	buf_adds(b, s ? s : "");
}

int
cache_format(const struct cache *c, const char *rel, const struct stat *st, const struct entry *e,
    struct buf *b)
{
	size_t i;

	b->len = 0;
	if (!c->record || !plain(rel) || !plain(e->id) || !plain(e->title ? e->title : "") ||
	    !plain(e->author.name ? e->author.name : "") || !plain(e->retracted ? e->retracted : "") ||
	    st->st_mtim.tv_sec >= c->recent || st->st_ctim.tv_sec >= c->recent)
		return -1;
	for (i = 0; i < e->ncategories; i++)
		if (!plain(e->categories[i]) || strchr(e->categories[i], US))
			return -1;
	/* e, rel, dev, ino, size, mtime s ns, ctime s ns, id, id line, title, date t off, ... */
	buf_addc(b, 'e');
	put_s(b, rel);
	put_u(b, (unsigned long long)st->st_dev);
	put_u(b, (unsigned long long)st->st_ino);
	put_i(b, (long long)st->st_size);
	put_i(b, (long long)st->st_mtim.tv_sec);
	put_i(b, (long long)st->st_mtim.tv_nsec);
	put_i(b, (long long)st->st_ctim.tv_sec);
	put_i(b, (long long)st->st_ctim.tv_nsec);
	put_s(b, e->id);
	put_i(b, e->id_line);
	put_s(b, e->title);
	put_i(b, e->date.t);
	put_i(b, e->date.off);
	put_i(b, e->draft != 0);
	put_i(b, e->has_expires != 0);
	put_i(b, e->has_expires ? e->expires.t : 0);
	put_i(b, e->has_expires ? e->expires.off : 0);
	buf_addc(b, '\t');
	for (i = 0; i < e->ncategories; i++) {
		if (i)
			buf_addc(b, US);
		buf_adds(b, e->categories[i]);
	}
	put_s(b, e->author.name);
	put_s(b, e->retracted);
	return 0;
}

void
cache_note_line(struct cache *c, const char *line, size_t len)
{
	if (!c->record)
		return;
	c->nout++;
	diverge(c);
	emit(c, line, len);
}

void
cache_note(struct cache *c, const char *rel, const struct stat *st, const struct entry *e)
{
	struct buf b = {0};

	if (cache_format(c, rel, st, e, &b) == 0)
		cache_note_line(c, b.data, b.len);
	buf_free(&b);
}

int
cache_stub(const struct entry *e)
{
	/* A loaded entry holds its parsed body until entry_render turns it into HTML. */
	return !e->md && !e->html;
}

static int
same_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

int
cache_same(const struct entry *a, const struct entry *b)
{
	size_t i;

	if (a->ncategories != b->ncategories || !same_str(a->author.name, b->author.name) ||
	    !a->retracted != !b->retracted || !same_str(a->retracted, b->retracted))
		return 0;
	for (i = 0; i < a->ncategories; i++)
		if (strcmp(a->categories[i], b->categories[i]) != 0)
			return 0;
	return strcmp(a->id, b->id) == 0 && strcmp(a->title ? a->title : "", b->title ? b->title : "") == 0 &&
	    a->id_line == b->id_line && a->date.t == b->date.t && a->date.off == b->date.off &&
	    !a->draft == !b->draft && !a->has_expires == !b->has_expires &&
	    (!a->has_expires || (a->expires.t == b->expires.t && a->expires.off == b->expires.off));
}

/* Whether this run's documents are the old file's, line for line. */
static int
same_docs(const struct cache *c)
{
	size_t i;

	if (c->nnew_docs != c->nold_docs)
		return 0;
	for (i = 0; i < c->nnew_docs; i++)
		if (strcmp(c->newdocs[i].file, c->olddocs[i].file) != 0 ||
		    c->newdocs[i].fp != c->olddocs[i].fp || c->newdocs[i].size != c->olddocs[i].size)
			return 0;
	return 1;
}

int
cache_doc(const struct cache *c, const char *file, uint64_t *fp, long long *size)
{
	struct docrec key = {(char *)(uintptr_t)file, 0, 0}, *kp = &key;
	struct docrec *const *hit = c->nold_docs ?
	    bsearch(&kp, c->sorted, c->nold_docs, sizeof *c->sorted, by_file) : NULL;
	const struct docrec *r;

	if (!hit)
		return 0;
	r = *hit;
	*fp = r->fp;
	*size = r->size;
	return 1;
}

void
cache_doc_note(struct cache *c, const char *file, uint64_t fp, long long size)
{
	if (!c->record || !fp || strpbrk(file, "\t\n"))
		return;
	c->newdocs = xrealloc(c->newdocs, (c->nnew_docs + 1) * sizeof *c->newdocs);
	c->newdocs[c->nnew_docs++] = (struct docrec){xstrdup(file), fp, size};
}

int
cache_stage(struct cache *c, struct batch *b)
{
	char end[64];
	size_t i;
	int n;

	if (!c->record)
		return 0;
	c->record = 0;
	/*
	 * Every old record carried, in order, none added: the file would be
	 * written byte for byte as it is. One refused as racy needs a newer
	 * mtime: the file is written anew.
	 */
	if (!c->out && c->in.fd >= 0 && c->same_until == c->records_end && !c->stale && same_docs(c))
		return 0;
	diverge(c);
	if (!c->out)
		return 0;	/* could not be started (reported): the next run is cold, which is safe */
	for (i = 0; i < c->nnew_docs; i++) {
		char line[64];
		struct buf b2 = {0};

		buf_adds(&b2, "d\t");
		buf_adds(&b2, c->newdocs[i].file);
		snprintf(line, sizeof line, "\t%016" PRIx64 "\t%lld", c->newdocs[i].fp, c->newdocs[i].size);
		buf_adds(&b2, line);
		emit(c, b2.data, b2.len);
		buf_free(&b2);
		c->nout++;
	}
	n = snprintf(end, sizeof end, "end\t%lld\t%016" PRIx64 "\n", c->nout, hash64_end(&c->hash));
	outstream_write(c->out, end, (size_t)n);
	n = batch_add_stream(b, c->out);
	c->out = NULL;
	return n;
}

void
cache_free(struct cache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nold_docs; i++)
		free(c->olddocs[i].file);
	for (i = 0; i < c->nnew_docs; i++)
		free(c->newdocs[i].file);
	free(c->olddocs);
	free(c->sorted);
	free(c->newdocs);
	if (c->in.fd >= 0)
		close(c->in.fd);
	free(c->in.buf);
	outstream_discard(c->out);
	free(c->path);
	free(c->dir);
	free(c);
}
