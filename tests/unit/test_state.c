/* test_state.c: unit tests for the state file's parser: the bad line named, the round trip. */
#include "unit.h"
#include "state.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Parses a copy of text (len bytes); returns state_parse's answer. */
static int
parse_copy(struct state *st, const char *text, size_t len)
{
	char *copy = xmalloc(len + 1);
	int bad;

	memcpy(copy, text, len);
	copy[len] = '\0';
	bad = state_parse(st, copy, len);
	free(copy);
	return bad;
}

static void
test_nul_byte_line(void **unused)
{
	static const char text[] = "feedgen-state\t1\nfeed\tfeed.xml\tx\nshown\t\0\n";
	struct state st = {0};

	(void)unused;
	/* The warning points where the NUL is, not at line 1. */
	assert_int_equal(parse_copy(&st, text, sizeof text - 1), 3);
	state_free(&st);
}

static void
test_bad_line(void **unused)
{
	static const char text[] = "# c\nfeedgen-state\t1\nshown\tonly-two-fields\n";
	struct state st = {0};

	(void)unused;
	assert_int_equal(parse_copy(&st, text, sizeof text - 1), 3);
	state_free(&st);
	assert_int_equal(parse_copy(&st, "", 0), 1);
	state_free(&st);
	assert_int_equal(parse_copy(&st, "# only a comment\n\n", 18), 2);
	state_free(&st);
}

static void
test_round_trip(void **unused)
{
	static const char text[] =
	    "feedgen-state\t1\n"
	    "pending\thttps://n.example/feed.xml\thttps://h.example/\t-5\t2\tHTTP 503\n"
	    "shown\tfeed.xml\ta\\tb\te\\\\f\\nx\tline\\rend\\\n"
	    "feed\tatom.xml\tfnv1a64:00\n";
	static const char want[] =
	    "# feedgen state: what the last run published. Safe to delete.\n"
	    "feedgen-state\t1\n"
	    "feed\tatom.xml\tfnv1a64:00\n"
	    "shown\tfeed.xml\ta\\tb\te\\\\f\\nx\tline\\rend\\\\\n"
	    "pending\thttps://n.example/feed.xml\thttps://h.example/\t-5\t2\tHTTP 503\n";
	struct state st = {0};
	char *out;

	(void)unused;
	assert_int_equal(parse_copy(&st, text, sizeof text - 1), 0);
	assert_string_equal(st.shown[0].id, "a\tb");
	assert_string_equal(st.shown[0].path, "e\\f\nx");
	assert_string_equal(st.shown[0].title, "line\rend\\");
	out = state_format(&st);
	assert_string_equal(out, want);
	state_free(&st);
	assert_int_equal(parse_copy(&st, out, strlen(out)), 0);
	free(out);
	out = state_format(&st);
	assert_string_equal(out, want);
	free(out);
	state_free(&st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nul_byte_line),
		cmocka_unit_test(test_bad_line),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests_name("state", tests, NULL, NULL);
}
