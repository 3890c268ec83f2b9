/* test_slug.c: unit tests for slugs (file names of new entries, category and author folders). */
#include "unit.h"
#include "slug.h"

#include <stdlib.h>
#include <string.h>

static void
expect(const char *name, size_t max, const char *want)
{
	char *s = slug_make(name, max);

	assert_string_equal(s, want);
	free(s);
}

static void
test_ascii(void **state)
{
	(void)state;
	expect("Reports", 80, "reports");
	expect("Advisory Council", 80, "advisory-council");
	expect("  human   rights!! ", 80, "human-rights");
	expect("U.S. \"Advisory\" Council: 2016", 80, "u-s-advisory-council-2016");
}

static void
test_folded(void **state)
{
	(void)state;
	expect("Über Straße", 80, "uber-strasse");
	expect("Élections européennes", 80, "elections-europeennes");
	expect("Łódź Dvořák Œuvre", 80, "lodz-dvorak-oeuvre");
	/* Beyond Latin: nothing to fold, a separator. */
	expect("政治 news", 80, "news");
	expect("a×b", 80, "a-b");
}

static void
test_never_a_path(void **state)
{
	(void)state;
	expect("..", 80, "");
	expect("../../etc/passwd", 80, "etc-passwd");
	expect("a/b", 80, "a-b");
	expect("./", 80, "");
	expect("", 80, "");
	expect("政治", 80, "");
	expect("---", 80, "");
}

static void
test_max(void **state)
{
	(void)state;
	expect("abcdef", 3, "abc");
	expect("ab cdef", 3, "ab");
	expect("abß", 3, "abs");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_folded),
		cmocka_unit_test(test_never_a_path),
		cmocka_unit_test(test_max),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
