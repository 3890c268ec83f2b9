/* test_feed.c: unit tests for feed selection (newest N, order, ties). */
#include "unit.h"
#include "entry.h"
#include "feed.h"
#include "xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct entry *
mk(const char *id, int64_t t)
{
	struct entry *e = xcalloc(1, sizeof *e);

	e->id = xstrdup(id);
	e->date.t = t;
	return e;
}

/* xorshift64: the same "random" order on every libc. */
static uint64_t
next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void
shuffle(size_t *v, size_t n, uint64_t *seed)
{
	size_t i, j, t;

	for (i = n; i > 1; i--) {
		j = (size_t)(next_rand(seed) % i);
		t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

struct spec {
	char id[16];
	int64_t t;
};

/* Newest first, ties by id: the order feed.h promises, written out independently. */
static int
spec_newest_first(const void *a, const void *b)
{
	const struct spec *x = a, *y = b;

	if (x->t != y->t)
		return x->t > y->t ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Offers n entries in a shuffled order; checks what is kept and what leaves. */
static void
check_selection(size_t n, size_t limit, int64_t spread, uint64_t seed)
{
	struct spec *all = xcalloc(n, sizeof *all);
	size_t *order = xcalloc(n, sizeof *order);
	char *left = xcalloc(n, 1);
	struct feed f;
	size_t i, kept = n < limit ? n : limit, nout = 0;

	for (i = 0; i < n; i++) {
		/* A narrow spread of dates makes many ties for the ids to settle. */
		snprintf(all[i].id, sizeof all[i].id, "e%05zu", i);
		all[i].t = 1476763200 + (int64_t)(next_rand(&seed) % (uint64_t)spread) * 3600;
		order[i] = i;
	}
	shuffle(order, n, &seed);
	feed_init(&f, limit);
	for (i = 0; i < n; i++) {
		struct entry *e = mk(all[order[i]].id, all[order[i]].t), *out;

		if ((out = feed_offer(&f, e))) {
			size_t k = (size_t)strtoul(out->id + 1, NULL, 10);

			assert_int_equal(all[k].t, out->date.t);
			assert_false(left[k]);
			left[k] = 1;
			nout++;
			entry_free(out);
		}
		assert_int_equal(f.n, i + 1 < limit ? i + 1 : limit);
	}
	assert_int_equal(nout, n - kept);
	feed_sort(&f);
	qsort(all, n, sizeof *all, spec_newest_first);
	assert_int_equal(f.n, kept);
	for (i = 0; i < kept; i++) {
		assert_string_equal(f.v[i]->id, all[i].id);
		assert_int_equal(f.v[i]->date.t, all[i].t);
	}
	/* Every entry pushed out is one of the rest, each exactly once. */
	for (i = 0; i < n; i++) {
		size_t k = (size_t)strtoul(all[i].id + 1, NULL, 10);

		assert_int_equal(left[k], i >= kept);
	}
	feed_free(&f);
	free(left);
	free(order);
	free(all);
}

static void
test_offer_keeps_newest(void **state)
{
	(void)state;
	check_selection(1000, 50, 100000, 0x9e3779b97f4a7c15u);
	check_selection(1000, 50, 20, 0x243f6a8885a308d3u);	/* many ties */
	check_selection(5000, 7, 3, 0x13198a2e03707344u);	/* mostly ties */
	check_selection(30, 50, 10, 0xa4093822299f31d0u);	/* fewer than the limit */
	check_selection(50, 50, 10, 0x082efa98ec4e6c89u);	/* exactly the limit */
}

static void
test_offer_returns_pushed_out(void **state)
{
	struct entry *d1 = mk("d1", 100), *d3 = mk("d3", 300), *d2 = mk("d2", 200);
	struct entry *d0 = mk("d0", 0), *d5 = mk("d5", 500), *out;
	struct feed f;

	(void)state;
	feed_init(&f, 2);
	assert_null(feed_offer(&f, d1));
	assert_null(feed_offer(&f, d3));
	/* Full: a newer entry pushes the oldest out. */
	assert_ptr_equal(out = feed_offer(&f, d2), d1);
	entry_free(out);
	/* An older entry than all held comes straight back. */
	assert_ptr_equal(out = feed_offer(&f, d0), d0);
	entry_free(out);
	assert_ptr_equal(out = feed_offer(&f, d5), d2);
	entry_free(out);
	assert_int_equal(f.n, 2);
	feed_sort(&f);
	assert_ptr_equal(f.v[0], d5);
	assert_ptr_equal(f.v[1], d3);
	feed_free(&f);
	assert_int_equal(f.n, 0);
	assert_null(f.v);
}

static void
test_ties_by_id(void **state)
{
	struct entry *b = mk("tag:x,2016-10-18:b", 1476763200);
	struct entry *a = mk("tag:x,2016-10-18:a", 1476763200);
	struct entry *c = mk("tag:x,2016-10-18:c", 1476763200);
	struct entry *older = mk("tag:x,2016-10-17:z", 1476763199), *out;
	struct feed f;

	(void)state;
	/* The same instant: the smaller id counts as newer, so output is stable. */
	assert_true(feed_newer(a, b));
	assert_false(feed_newer(b, a));
	assert_false(feed_newer(a, a));
	assert_true(feed_newer(c, older));
	assert_false(feed_newer(older, a));
	feed_init(&f, 2);
	assert_null(feed_offer(&f, c));
	assert_null(feed_offer(&f, b));
	assert_ptr_equal(out = feed_offer(&f, a), c);
	entry_free(out);
	assert_ptr_equal(out = feed_offer(&f, older), older);
	entry_free(out);
	feed_sort(&f);
	assert_ptr_equal(f.v[0], a);
	assert_ptr_equal(f.v[1], b);
	feed_free(&f);
}

static void
test_sort_newest_first(void **state)
{
	static const struct {
		const char *id;
		int64_t t;
	} in[] = {
		{ "c", 300 }, { "a", 100 }, { "e", 500 }, { "b2", 200 }, { "b1", 200 },
		{ "n", -86400 }, { "d", 400 },
	};
	static const char *const want[] = { "e", "d", "c", "b1", "b2", "a", "n" };
	struct feed f;
	size_t i;

	(void)state;
	feed_init(&f, 10);
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		assert_null(feed_offer(&f, mk(in[i].id, in[i].t)));
	feed_sort(&f);
	assert_int_equal(f.n, 7);
	for (i = 0; i < f.n; i++)
		assert_string_equal(f.v[i]->id, want[i]);
	feed_free(&f);
}

static void
test_limit_one(void **state)
{
	struct entry *mid = mk("mid", 200), *old = mk("old", 100), *new = mk("new", 300), *out;
	struct feed f;

	(void)state;
	feed_init(&f, 1);
	assert_null(feed_offer(&f, mid));
	assert_ptr_equal(out = feed_offer(&f, old), old);
	entry_free(out);
	assert_ptr_equal(out = feed_offer(&f, new), mid);
	entry_free(out);
	feed_sort(&f);
	assert_int_equal(f.n, 1);
	assert_ptr_equal(f.v[0], new);
	feed_free(&f);
}

static void
test_limit_zero(void **state)
{
	struct entry *e = mk("e", 100), *out;
	struct feed f;

	(void)state;
	feed_init(&f, 0);
	assert_ptr_equal(out = feed_offer(&f, e), e);
	entry_free(out);
	assert_int_equal(f.n, 0);
	feed_sort(&f);
	feed_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offer_keeps_newest),
		cmocka_unit_test(test_offer_returns_pushed_out),
		cmocka_unit_test(test_ties_by_id),
		cmocka_unit_test(test_sort_newest_first),
		cmocka_unit_test(test_limit_one),
		cmocka_unit_test(test_limit_zero),
	};

	return cmocka_run_group_tests_name("feed", tests, NULL, NULL);
}
