/* archive.c: RFC 5005 archive pages, from a compact record of each published entry. */
#include "archive.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "doc.h"
#include "entry.h"
#include "schema.h"
#include "text.h"
#include "write.h"
#include "xalloc.h"

/* Strings live in blocks that never move: a record points into one. */
#define BLOCK (256 * 1024)

/* One published entry: 24 bytes, and its id and path in a block. */
struct rec {
	int64_t date;
	uint64_t fp;	/* the file's identity (0: unknown), for the page's fingerprint */
	char *s;	/* "id\0path\0"; "\0path\0" when the id is the one derived from the path */
};

struct block {
	struct block *next;
	size_t used, cap;
	char data[];
};

/*
 * What a page's documents hand to fill: the archive, the page's number and,
 * between fill and release, its entries (each page its own, so that pages
 * are read on several threads at once).
 */
struct page {
	struct archive *a;
	size_t n;
	struct entry **e;	/* whole, newest first */
	size_t ne;
	int loaded;
};

struct archive {
	const char *host;	/* the configuration's, for derived ids */
	size_t per;		/* entries per page */
	int64_t now;
	struct rec *v;		/* every published entry; after archive_seal, oldest first */
	size_t n, cap;
	size_t narch;		/* after archive_seal: v[0 .. narch) are archived, the rest are in the feed */
	struct block *blocks;
	struct page *pages;
	size_t npages;
	const struct config *cfg;
};

struct archive *
archive_new(const struct config *cfg, size_t per, int64_t now)
{
	struct archive *a = xcalloc(1, sizeof *a);

	a->host = cfg->host;
	a->per = per ? per : 1;
	a->now = now;
	return a;
}

static char *
keep(struct archive *a, const char *id, const char *path)
{
	size_t li = strlen(id) + 1, lp = strlen(path) + 1;
	struct block *b = a->blocks;
	char *s;

	if (!b || b->cap - b->used < li + lp) {
		size_t cap = li + lp > BLOCK ? li + lp : BLOCK;

		b = xmalloc(sizeof *b + cap);
		b->next = a->blocks;
		b->used = 0;
		b->cap = cap;
		a->blocks = b;
	}
	s = b->data + b->used;
	memcpy(s, id, li);
	memcpy(s + li, path, lp);
	b->used += li + lp;
	return s;
}

/*
 * The id entry.c derives for the file at path (tag:HOST,YYYY-MM-DD:slug from
 * its name) into buf; 0, or -1 when the name has not that form or buf is short.
 * By hand, not snprintf: archive_note asks it of every published entry.
 * An undated name (dated_names: false: my-post.md, my-post/index.md) gives
 * its id from the entry's date, which the name does not hold: is_derived
 * never matches one (or matches only the very id), so its record keeps the
 * id whole, and a page's fingerprint hashes that id on both sides.
 */
static int
derived_id(const char *host, const char *path, char *buf, size_t size)
{
	const char *base = strrchr(path, '/'), *dot;
	size_t hn = strlen(host), sn;

	base = base ? base + 1 : path;
	if (strlen(base) < 12 || base[10] != '-' || !(dot = strrchr(base, '.')) || dot < base + 11)
		return -1;
	sn = (size_t)(dot - base - 11);
	if (4 + hn + 1 + 10 + 1 + sn + 1 > size)
		return -1;
	memcpy(buf, "tag:", 4);
	memcpy(buf += 4, host, hn);
	buf[hn] = ',';
	memcpy(buf += hn + 1, base, 10);
	buf[10] = ':';
	memcpy(buf += 11, base + 11, sn);
	buf[sn] = '\0';
	return 0;
}

static const char *
rec_path(const struct rec *r)
{
	return r->s + strlen(r->s) + 1;
}

/* r's id: kept, or derived again into buf (of ID_MAX bytes). */
#define ID_MAX 1024
static const char *
rec_id(const struct archive *a, const struct rec *r, char *buf)
{
	if (*r->s)
		return r->s;
	derived_id(a->host, rec_path(r), buf, ID_MAX);	/* it fitted when noted */
	return buf;
}

/* Whether id is the one derived from path (derived_id's), compared in place: no copy per entry. */
static int
is_derived(const char *host, const char *path, const char *id)
{
	const char *base = strrchr(path, '/'), *dot;
	size_t hn = strlen(host), sn;

	base = base ? base + 1 : path;
	if (strlen(base) < 12 || base[10] != '-' || !(dot = strrchr(base, '.')) || dot < base + 11)
		return 0;
	sn = (size_t)(dot - base - 11);
	if (4 + hn + 1 + 10 + 1 + sn + 1 > ID_MAX || strncmp(id, "tag:", 4) != 0)
		return 0;
	id += 4;
	if (strncmp(id, host, hn) != 0 || id[hn] != ',')
		return 0;
	id += hn + 1;
	if (strncmp(id, base, 10) != 0 || id[10] != ':')
		return 0;
	id += 11;
	return strncmp(id, base + 11, sn) == 0 && id[sn] == '\0';
}

void
archive_note(struct archive *a, const struct entry *e)
{
	struct rec *r;

	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 1024;
		a->v = xrealloc(a->v, a->cap * sizeof *a->v);
	}
	r = &a->v[a->n++];
	r->date = e->date.t;
	r->fp = e->fp;
	/* Most ids are derived from the path: kept once, as the path (issue 8: memory). */
	r->s = keep(a, is_derived(a->host, e->path, e->id) ? "" : e->id, e->path);
}

static int
by_date(const void *x, const void *y)
{
	const struct rec *a = x, *b = y;

	return a->date < b->date ? -1 : a->date > b->date;
}

/* A record with its id spelled out, to order entries of one date. */
struct tied {
	char *id;
	struct rec r;
};

/* Same instant: the reverse of feed_newer's order by id, so the cut matches the feed's. */
static int
by_id_desc(const void *x, const void *y)
{
	return -strcmp(((const struct tied *)x)->id, ((const struct tied *)y)->id);
}

static void
order_ties(struct archive *a, size_t lo, size_t hi)
{
	struct tied *t = xcalloc(hi - lo, sizeof *t);
	char buf[ID_MAX];
	size_t i;

	for (i = lo; i < hi; i++) {
		t[i - lo].r = a->v[i];
		t[i - lo].id = xstrdup(rec_id(a, &a->v[i], buf));
	}
	qsort(t, hi - lo, sizeof *t, by_id_desc);
	for (i = lo; i < hi; i++) {
		a->v[i] = t[i - lo].r;
		free(t[i - lo].id);
	}
	free(t);
}

size_t
archive_seal(struct archive *a, size_t nfeed)
{
	size_t i, j;

	/* Oldest first: the reverse of feed_newer (date, then id), ids spelled out only for ties. */
	qsort(a->v, a->n, sizeof *a->v, by_date);
	for (i = 0; i < a->n; i = j) {
		for (j = i + 1; j < a->n && a->v[j].date == a->v[i].date; j++)
			;
		if (j - i > 1)
			order_ties(a, i, j);
	}
	a->narch = a->n > nfeed ? a->n - nfeed : 0;
	a->npages = (a->narch + a->per - 1) / a->per;
	return a->npages;
}

char *
archive_url(const struct config *cfg, size_t n, enum feed_kind k)
{
	/* As doc_new makes a document's self URL: the output folder's URL and the file. */
	return xasprintf("%sarchive/%zu/%s", cfg->feed_base, n, config_feed_file(k));
}

/* Page n's records: v[*lo .. *hi). */
static void
page_span(const struct archive *a, size_t n, size_t *lo, size_t *hi)
{
	*lo = (n - 1) * a->per;
	*hi = n * a->per < a->narch ? n * a->per : a->narch;
}

/* doc.h's release: the page's entries go. */
static void
release(void *arg)
{
	struct page *p = arg;
	size_t i;

	for (i = 0; i < p->ne; i++)
		entry_free(p->e[i]);
	free(p->e);
	p->e = NULL;
	p->ne = 0;
	p->loaded = 0;
}

/* Reads page p's entries whole, newest first, with sc; 0, or -1 after reporting. */
static int
load_page(struct page *p, struct schema *sc)
{
	const struct archive *a = p->a;
	size_t lo, hi, i;
	int rc = 0;

	release(p);
	page_span(a, p->n, &lo, &hi);
	p->e = xcalloc(hi > lo ? hi - lo : 1, sizeof *p->e);
	for (i = hi; i-- > lo;) {
		const struct rec *r = &a->v[i];
		struct entry *e = entry_load(rec_path(r), a->cfg, sc);
		char buf[ID_MAX];

		if (!e) {
			rc = -1;
			continue;
		}
		/* It must still be where the scan put it: published, of that id and date. */
		if (strcmp(e->id, rec_id(a, r, buf)) != 0 || e->date.t != r->date || e->draft || e->date.t > a->now ||
		    (e->has_expires && e->expires.t <= a->now)) {
			entry_changed(e->path);
			entry_free(e);
			rc = -1;
			continue;
		}
		e->fp = r->fp;
		p->e[p->ne++] = e;
	}
	diag_flush();
	if (rc < 0)
		release(p);
	else
		p->loaded = 1;
	return rc;
}

/* doc.h's fill: the page's entries, read once for all its documents (they come one after another). */
static int
fill(struct doc *d, void *arg, struct schema *sc)
{
	struct page *p = arg;

	if (!p->loaded && load_page(p, sc) < 0)
		return -1;
	d->v = p->e;
	d->n = p->ne;
	return 0;
}

/*
 * One entry of a page, for its fingerprint: the id as kept, or "/name" (the
 * file's name it is derived from: never an id, which is absolute, and the
 * same however -c spells the folder), and the file's identity.
 */
static void
page_hash_one(struct hash64 *h, const char *kept, const char *path, uint64_t fp)
{
	const char *s = *kept ? kept : strrchr(path, '/');

	s = s ? s : path;
	hash64_add(h, s, strlen(s) + 1);
	hash64_add(h, &fp, sizeof fp);
}

/* Page n's entries for its fingerprint (archive_page_entries' hash, from the records). */
static uint64_t
page_entries(const struct archive *a, size_t n)
{
	size_t lo, hi, i;
	struct hash64 h;

	page_span(a, n, &lo, &hi);
	hash64_init(&h);
	for (i = hi; i-- > lo;) {
		if (!a->v[i].fp)
			return 0;
		page_hash_one(&h, a->v[i].s, rec_path(&a->v[i]), a->v[i].fp);
	}
	return hash64_end(&h) | 1;
}

uint64_t
archive_page_entries(const struct config *cfg, struct entry *const *v, size_t n)
{
	char buf[ID_MAX];
	struct hash64 h;
	size_t i;

	hash64_init(&h);
	for (i = 0; i < n; i++) {
		if (!v[i]->fp)
			return 0;
		page_hash_one(&h, derived_id(cfg->host, v[i]->path, buf, sizeof buf) == 0 &&
		    strcmp(buf, v[i]->id) == 0 ? "" : v[i]->id, v[i]->path, v[i]->fp);
	}
	return hash64_end(&h) | 1;
}

void
archive_docs(struct archive *a, const struct config *cfg, const char key[17], struct docset *ds)
{
	static const enum feed_kind kinds[] = {FEED_RSS, FEED_ATOM};	/* JSON Feed has no archives */
	size_t n, i;

	a->cfg = cfg;
	for (n = 0; a->pages && n < a->npages; n++)
		release(&a->pages[n]);
	free(a->pages);
	a->pages = xcalloc(a->npages ? a->npages : 1, sizeof *a->pages);
	for (n = 1; n <= a->npages; n++) {
		char *dir = xasprintf("archive/%zu", n);
		uint64_t entries = page_entries(a, n);

		a->pages[n - 1].a = a;
		a->pages[n - 1].n = n;
		for (i = 0; i < sizeof kinds / sizeof *kinds; i++) {
			enum feed_kind k = kinds[i];
			struct doc *d;

			if (!cfg->feeds[k])
				continue;
			d = doc_new(cfg, dir, k, cfg->title);
			/* RFC 5005 4: an archive document, its subscription document, its neighbours. */
			d->archive = 1;
			d->current = xstrdup(cfg->feed_url[k]);
			d->prev_archive = n > 1 ? archive_url(cfg, n - 1, k) : NULL;
			d->next_archive = n < a->npages ? archive_url(cfg, n + 1, k) : NULL;
			d->fp = doc_fingerprint_with(d, key, entries);
			d->fill = fill;
			d->release = release;
			d->fill_arg = &a->pages[n - 1];
			docs_add(ds, d);
		}
		free(dir);
	}
}

void
archive_free(struct archive *a)
{
	struct block *b, *next;
	size_t i;

	if (!a)
		return;
	for (i = 0; a->pages && i < a->npages; i++)
		release(&a->pages[i]);
	for (b = a->blocks; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a->pages);
	free(a->v);
	free(a);
}
