/* test_archive.c: unit tests for archive pages (the cut, the order, the links, what a new entry changes). */
#include "unit.h"
#include "archive.h"
#include "config.h"
#include "doc.h"
#include "entry.h"
#include "feed.h"
#include "write.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char key[17] = "0123456789abcdef";

static struct config *
site(void)
{
	struct config *c = xcalloc(1, sizeof *c);

	c->title = xstrdup("T");
	c->id = xstrdup("https://n.example/");
	c->host = xstrdup("n.example");
	c->feed_base = xstrdup("https://n.example/");
	c->feed_url[FEED_RSS] = xstrdup("https://n.example/feed.xml");
	c->feed_url[FEED_ATOM] = xstrdup("https://n.example/atom.xml");
	c->feeds[FEED_RSS] = c->feeds[FEED_ATOM] = 1;
	return c;
}

/*
 * Entry i of a test: day t (a few share one, so ties cross page boundaries),
 * every third with an explicit id, the others with the id derived from the
 * file name, as entry.c makes it.
 */
static struct entry *
mk(int i, int64_t t)
{
	struct entry *e = xcalloc(1, sizeof *e);
	int day = (int)(t / 86400) + 1;

	e->path = xasprintf("entries/2016-10-%02d-item-%03d.md", day, i);
	e->id = i % 3 == 0 ? xasprintf("urn:x:%03d", 500 - i) : xasprintf("tag:n.example,2016-10-%02d:item-%03d", day, i);
	e->date.t = t;
	e->fp = 1000 + (uint64_t)i;
	return e;
}

/* n entries, dates with ties: entry i on day i / 3. */
static int64_t
when(int i)
{
	return (int64_t)(i / 3) * 86400;
}

/*
 * The archive of n entries with feed limit, made into docs; and beside it, the
 * fingerprint each page must have, made independently: feed.c picks the feed,
 * the rest sorted oldest first by feed_newer, cut every per.
 */
static struct archive *
pages(const struct config *c, int n, size_t limit, size_t per, struct docset *ds, uint64_t *want, size_t *nwant)
{
	struct archive *a = archive_new(c, per, 1000000000);
	struct entry **all = xcalloc((size_t)n, sizeof *all), **rest = xcalloc((size_t)n, sizeof *rest);
	struct feed f;
	size_t nrest = 0, i, j, k;
	int x;

	feed_init(&f, limit);
	for (x = 0; x < n; x++) {
		struct entry *e = mk(x, when(x));

		all[x] = e;
		archive_note(a, e);
		feed_offer(&f, e);	/* borrowed here: all[] frees */
	}
	for (x = 0; x < n; x++) {
		for (j = 0; j < f.n && f.v[j] != all[x]; j++)
			;
		if (j == f.n)
			rest[nrest++] = all[x];
	}
	/* Oldest first: insertion by feed_newer. */
	for (i = 1; i < nrest; i++)
		for (j = i; j > 0 && feed_newer(rest[j - 1], rest[j]); j--) {
			struct entry *t = rest[j];

			rest[j] = rest[j - 1];
			rest[j - 1] = t;
		}
	assert_int_equal(archive_seal(a, f.n), (nrest + per - 1) / per);
	archive_docs(a, c, key, ds);
	*nwant = 0;
	for (i = 0; i < nrest; i += per) {
		size_t hi = i + per < nrest ? i + per : nrest, pn = i / per + 1, npages = (nrest + per - 1) / per;
		struct entry **v = xcalloc(per, sizeof *v);
		struct doc *d;
		char *dir = xasprintf("archive/%zu", pn);

		for (k = 0; k < hi - i; k++)
			v[k] = rest[hi - 1 - k];	/* newest first */
		d = doc_new(c, dir, FEED_RSS, c->title);
		d->archive = 1;
		d->current = xstrdup(c->feed_url[FEED_RSS]);
		d->prev_archive = pn > 1 ? archive_url(c, pn - 1, FEED_RSS) : NULL;
		d->next_archive = pn < npages ? archive_url(c, pn + 1, FEED_RSS) : NULL;
		d->v = v;
		d->n = hi - i;
		want[(*nwant)++] = doc_fingerprint_with(d, key, archive_page_entries(c, v, hi - i));
		doc_free(d);
		free(v);
		free(dir);
	}
	free(f.v);
	for (x = 0; x < n; x++)
		entry_free(all[x]);
	free(all);
	free(rest);
	return a;	/* the docs borrow it */
}

static void
done(struct docset *ds, struct archive *a)
{
	docs_free(ds);
	archive_free(a);
}

/* Each page's fingerprint is that of the right entries in the right order, ties and derived ids included. */
static void
test_cut_and_order(void **state)
{
	struct config *c = site();
	struct docset ds = {0};
	struct archive *a;
	uint64_t want[64];
	size_t nwant, i;

	(void)state;
	a = pages(c, 23, 5, 4, &ds, want, &nwant);
	assert_int_equal(nwant, 5);
	assert_int_equal(ds.n, 10);	/* RSS and Atom per page */
	for (i = 0; i < nwant; i++) {
		char file[64];

		snprintf(file, sizeof file, "archive/%zu/feed.xml", i + 1);
		assert_string_equal(ds.v[2 * i]->file, file);
		assert_true(ds.v[2 * i]->fp == want[i]);
		assert_int_equal(ds.v[2 * i]->n, 0);	/* entries only when rendered */
		assert_non_null(ds.v[2 * i]->fill);
	}
	done(&ds, a);
	config_free(c);
}

static void
test_links(void **state)
{
	struct config *c = site();
	struct docset ds = {0};
	struct archive *a;
	uint64_t want[64];
	size_t nwant;

	(void)state;
	a = pages(c, 10, 2, 3, &ds, want, &nwant);
	assert_int_equal(ds.n, 6);
	assert_string_equal(ds.v[0]->file, "archive/1/feed.xml");
	assert_string_equal(ds.v[1]->file, "archive/1/atom.xml");
	assert_string_equal(ds.v[1]->self, "https://n.example/archive/1/atom.xml");
	assert_true(ds.v[0]->archive && !ds.v[0]->complete);
	assert_string_equal(ds.v[0]->current, "https://n.example/feed.xml");
	assert_string_equal(ds.v[1]->current, "https://n.example/atom.xml");
	assert_null(ds.v[0]->prev_archive);
	assert_string_equal(ds.v[0]->next_archive, "https://n.example/archive/2/feed.xml");
	assert_string_equal(ds.v[2]->prev_archive, "https://n.example/archive/1/feed.xml");
	assert_string_equal(ds.v[3]->next_archive, "https://n.example/archive/3/atom.xml");
	assert_string_equal(ds.v[5]->prev_archive, "https://n.example/archive/2/atom.xml");
	assert_null(ds.v[5]->next_archive);
	done(&ds, a);
	config_free(c);
}

/* A new newest entry: full pages keep their fingerprints; the newest page's changes. */
static void
test_new_entry(void **state)
{
	struct config *c = site();
	struct docset a = {0}, b = {0};
	struct archive *aa, *ab;
	uint64_t want[64];
	size_t nwant, i;

	(void)state;
	aa = pages(c, 20, 4, 3, &a, want, &nwant);	/* 16 archived: 5 full pages and 1 of 1 */
	ab = pages(c, 21, 4, 3, &b, want, &nwant);	/* 17: the last page holds 2 */
	assert_int_equal(a.n, b.n);
	for (i = 0; i < 10; i++)
		assert_true(a.v[i]->fp == b.v[i]->fp);
	assert_true(a.v[10]->fp != b.v[10]->fp);
	assert_true(a.v[11]->fp != b.v[11]->fp);
	done(&a, aa);
	done(&b, ab);
	config_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cut_and_order),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_new_entry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
