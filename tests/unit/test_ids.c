/* test_ids.c: unit tests for the id checks: duplicate candidates by hash, and the id watch. */
#include "unit.h"
#include "ids.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
test_idset_clashes(void **state)
{
	struct idset *s = idset_new();
	uint32_t (*pairs)[2];
	size_t n;

	(void)state;
	idset_add(s, "tag:x,2016-10-18:a", 0);
	idset_add(s, "tag:x,2016-10-18:b", 1);
	idset_add(s, "tag:x,2016-10-18:a", 2);
	idset_add(s, "TAG:x,2016-10-18:a", 3);	/* ids are compared exactly */
	idset_add(s, "tag:x,2016-10-18:b", 4);
	idset_add(s, "tag:x,2016-10-18:a", 5);
	idset_add(s, "", 6);
	idset_seal(s);
	n = idset_clashes(s, &pairs);
	/* Each later entry once, with the first that gave its id, by later entry. */
	assert_int_equal(n, 3);
	assert_int_equal(pairs[0][0], 0);
	assert_int_equal(pairs[0][1], 2);
	assert_int_equal(pairs[1][0], 1);
	assert_int_equal(pairs[1][1], 4);
	assert_int_equal(pairs[2][0], 0);
	assert_int_equal(pairs[2][1], 5);
	free(pairs);
	assert_true(idset_has(s, "tag:x,2016-10-18:a"));
	assert_true(idset_has(s, "TAG:x,2016-10-18:a"));
	assert_true(idset_has(s, ""));
	assert_false(idset_has(s, "tag:x,2016-10-18:c"));
	idset_free(s);
	idset_free(NULL);
}

static void
test_idset_empty(void **state)
{
	struct idset *s = idset_new();
	uint32_t (*pairs)[2];

	(void)state;
	idset_seal(s);
	assert_int_equal(idset_clashes(s, &pairs), 0);
	assert_null(pairs);
	assert_false(idset_has(s, "x"));
	idset_free(s);
}

/* A hundred thousand ids, every tenth given twice: each repeat found once, nothing else. */
static void
test_idset_many(void **state)
{
	struct idset *s = idset_new();
	uint32_t (*pairs)[2], n = 0, i;
	char id[64];
	size_t np, k;

	(void)state;
	for (i = 0; i < 100000; i++) {
		snprintf(id, sizeof id, "tag:news.example.org,2016-10-18:e%u", i);
		idset_add(s, id, n++);
		if (i % 10 == 0)
			idset_add(s, id, n++);
	}
	idset_seal(s);
	np = idset_clashes(s, &pairs);
	assert_int_equal(np, 10000);
	for (k = 0; k < np; k++) {
		assert_int_equal(pairs[k][1], pairs[k][0] + 1);
		if (k)
			assert_true(pairs[k][1] > pairs[k - 1][1]);
	}
	free(pairs);
	for (i = 0; i < 100000; i += 997) {
		snprintf(id, sizeof id, "tag:news.example.org,2016-10-18:e%u", i);
		assert_true(idset_has(s, id));
		snprintf(id, sizeof id, "tag:news.example.org,2016-10-19:e%u", i);
		assert_false(idset_has(s, id));
	}
	idset_free(s);
}

static void
test_idwatch(void **state)
{
	struct idwatch *w = idwatch_new();
	const char *nid, *npath;

	(void)state;
	/* Shown last time, as the state lists them: each id twice (RSS and Atom). */
	idwatch_old(w, "tag:x,2016-10-18:a", "2016-10-18-a.md", "Report");
	idwatch_old(w, "tag:x,2016-10-18:b", "2016-10-18-b.md", "Story");
	idwatch_old(w, "tag:x,2016-10-18:c", "2016-10-18-c.md", "Gone");
	idwatch_old(w, "tag:x,2016-10-18:d", "2016-10-18-d.md", "");
	idwatch_old(w, "tag:x,2016-10-18:a", "2016-10-18-a.md", "Report");
	assert_int_equal(idwatch_count(w), 5);
	/* This run: a's file now gives a new id; b is kept; another file takes c's title; d vanished. */
	idwatch_see(w, "tag:x,2016-10-18:a2", "2016-10-18-a.md", "entries/2016-10-18-a.md", "Report");
	idwatch_see(w, "tag:x,2016-10-18:b", "2016-10-18-b.md", "entries/2016-10-18-b.md", "Story");
	idwatch_see(w, "tag:x,2016-10-19:c", "2016-10-19-c.md", "entries/2016-10-19-c.md", "Gone");
	idwatch_see(w, "tag:x,2016-10-20:c", "2016-10-20-c.md", "entries/2016-10-20-c.md", "Gone");
	idwatch_see(w, "tag:x,2016-10-20:e", "2016-10-20-e.md", "entries/2016-10-20-e.md", "");

	assert_string_equal(idwatch_vanished(w, 0, &nid, &npath), "tag:x,2016-10-18:a");
	assert_string_equal(nid, "tag:x,2016-10-18:a2");
	assert_string_equal(npath, "entries/2016-10-18-a.md");
	assert_null(idwatch_vanished(w, 1, &nid, &npath));
	/* The first entry (in the run's order) with the title. */
	assert_string_equal(idwatch_vanished(w, 2, &nid, &npath), "tag:x,2016-10-18:c");
	assert_string_equal(nid, "tag:x,2016-10-19:c");
	assert_string_equal(npath, "entries/2016-10-19-c.md");
	/* An empty title matches nothing. */
	assert_string_equal(idwatch_vanished(w, 3, &nid, &npath), "tag:x,2016-10-18:d");
	assert_null(nid);
	assert_null(npath);
	/* The second showing of a stands with the first. */
	assert_null(idwatch_vanished(w, 4, &nid, &npath));
	idwatch_free(w);
	idwatch_free(NULL);
}

/* An id the feeds still show is no one's new id: a match must have an id new to the feeds. */
static void
test_idwatch_known_ids(void **state)
{
	struct idwatch *w = idwatch_new();
	const char *nid, *npath;

	(void)state;
	idwatch_old(w, "tag:x,2016-10-18:a", "2016-10-18-a.md", "Story");
	idwatch_old(w, "tag:x,2016-10-18:b", "2016-10-18-b.md", "Other");
	/* b's entry moved into a's file: it is b, not a's new id. */
	idwatch_see(w, "tag:x,2016-10-18:b", "2016-10-18-a.md", "entries/2016-10-18-a.md", "Story");
	assert_string_equal(idwatch_vanished(w, 0, &nid, &npath), "tag:x,2016-10-18:a");
	assert_null(nid);
	assert_null(idwatch_vanished(w, 1, &nid, &npath));
	idwatch_free(w);
}

/* No entry at all this run: every old id vanished, with nothing in its place. */
static void
test_idwatch_nothing_seen(void **state)
{
	struct idwatch *w = idwatch_new();
	const char *nid, *npath;

	(void)state;
	idwatch_old(w, "a", "a.md", "A");
	idwatch_old(w, "a", "a.md", "A");
	assert_string_equal(idwatch_vanished(w, 0, &nid, &npath), "a");
	assert_null(nid);
	assert_null(idwatch_vanished(w, 1, &nid, &npath));
	idwatch_free(w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idset_clashes),
		cmocka_unit_test(test_idset_empty),
		cmocka_unit_test(test_idset_many),
		cmocka_unit_test(test_idwatch),
		cmocka_unit_test(test_idwatch_known_ids),
		cmocka_unit_test(test_idwatch_nothing_seen),
	};

	return cmocka_run_group_tests_name("ids", tests, NULL, NULL);
}
