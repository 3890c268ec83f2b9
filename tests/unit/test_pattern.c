/*
 * test_pattern.c: pattern.c's automaton gives xmlRegexpExec's verdicts.
 *
 * Each pattern it reads is run both ways over every text of up to four
 * characters from a small alphabet of the characters the classes tell
 * apart, and over thousands of longer random texts; the patterns it must
 * not read (groups, alternatives, class escapes libxml2 reads otherwise)
 * are refused, so libxml2's engine keeps them.
 */
#include "unit.h"
#include "pattern.h"

#include <libxml/xmlregexp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XC(s) ((const xmlChar *)(s))

/* The stock schemas' patterns, then ones that probe the automaton's corners. */
static const char *const read_here[] = {
	"[ \\t]*[^\\s][^\\n\\r]*",
	"\\s*[^\\s][\\s\\S]*",
	"[A-Za-z][A-Za-z0-9+.\\-]*:[^\\s]+",
	"[^\\s@]+@[^\\s@]+",
	"[a-z]+/[A-Za-z0-9.+\\-]+",
	"[0-9]{1,15}",
	"a*a", "a?a?a", "a+a+", "a*b?a*", "[a-c]{2,4}x*", "x{3}", "x{2,}", "x{0,}", "x{0,2}b",
	".*", ".+a", "\\S+", "\\s", "[\\s\\S]", "[^\\s]*", "[^\\S]+", "[+\\-]+", "[\\n\\r\\t ]+",
	"[\\\\\\]\\[]*", "\\.\\?\\*\\+\\(\\)\\{\\}\\|\\\\\\^\\-", "[^a-c]+.", "[\\s@]*", "[a\\-c]",
	"[%-@]+", "ab:c", "", "a{1}", "[^\\n]*\\n?", "[^ab][^a][a]?",
	"[a-z]{0,3}[a-z0-9]{1,2}",
};

/* Forms pattern.c leaves to libxml2: groups, '|', other class escapes, odd '-' and '^'. */
static const char *const left_alone[] = {
	"(ab)*", "a|b", "\\d+", "\\w", "\\p{L}", "\\i\\c*", "[a-z-[aeiou]]", "[a-]", "[-a]",
	"[a^b]", "[]a]", "\xc3\xa9+", "[\xc3\xa9]", "a{0}", "a{100}", "[0-9]{65}", "^a", "a$",
	"[a-c-e]", "[\\s-a]", "[\\t-\\r]*", "[a-\\n]", "a{,2}", "a{2,1}", "x{1,2,3}", "[z-a]", "\\", "[ab",
};

/* Characters the classes above tell apart, multi-byte ones among them. */
static const char *const alphabet[] = {
	"a", "b", "c", "x", "z", "A", "0", "9", "-", ".", "+", "@", ":", "/", " ", "\t", "\n",
	"\r", "\\", "[", "]", "^", "%", "\xc3\xa9", "\xe2\x80\xa8", "\xc2\xa0", "\xf0\x9f\x98\x80",
};
#define NALPHA (sizeof alphabet / sizeof *alphabet)

static void
agree(const struct pattern *p, xmlRegexpPtr re, const char *pat, const char *text)
{
	int ours = pattern_match(p, text), theirs = xmlRegexpExec(re, XC(text));

	if (theirs < 0)
		fail_msg("xmlRegexpExec failed on /%s/ against \"%s\"", pat, text);
	if (ours != theirs)
		fail_msg("/%s/ against \"%s\": pattern_match says %d, xmlRegexpExec %d", pat, text,
		    ours, theirs);
}

/* Every text of up to len characters of the alphabet, built into buf at off. */
static void
every_text(const struct pattern *p, xmlRegexpPtr re, const char *pat, char *buf, size_t off,
    int len)
{
	size_t i;

	buf[off] = '\0';
	agree(p, re, pat, buf);
	if (len == 0)
		return;
	for (i = 0; i < NALPHA; i++) {
		strcpy(buf + off, alphabet[i]);
		every_text(p, re, pat, buf, off + strlen(alphabet[i]), len - 1);
	}
}

static void
test_same_verdicts(void **state)
{
	unsigned long seed = 12345;
	char buf[512];
	size_t i;
	int k, j, n;

	(void)state;
	for (i = 0; i < sizeof read_here / sizeof *read_here; i++) {
		const char *pat = read_here[i];
		struct pattern *p = pattern_compile(pat);
		xmlRegexpPtr re = xmlRegexpCompile(XC(pat));

		if (!re)
			fail_msg("libxml2 does not compile /%s/", pat);
		if (!p)
			fail_msg("pattern_compile refuses /%s/", pat);
		every_text(p, re, pat, buf, 0, 3);
		for (k = 0; k < 3000; k++) {
			size_t off = 0;

			seed = seed * 6364136223846793005u + 1442695040888963407u;
			n = (int)(seed >> 33) % 40;
			for (j = 0; j < n; j++) {
				seed = seed * 6364136223846793005u + 1442695040888963407u;
				/* Mostly letters, so that long matches happen too. */
				strcpy(buf + off, alphabet[(seed >> 33) % ((seed >> 20) % 3 ? 5 : NALPHA)]);
				off += strlen(buf + off);
			}
			agree(p, re, pat, buf);
		}
		pattern_free(p);
		xmlRegFreeRegexp(re);
	}
}

static void
test_exhaustive_short(void **state)
{
	char buf[64];
	size_t i;

	(void)state;
	/* Four characters deep for the stock patterns: 27^4 texts each. */
	for (i = 0; i < 6; i++) {
		struct pattern *p = pattern_compile(read_here[i]);
		xmlRegexpPtr re = xmlRegexpCompile(XC(read_here[i]));

		assert_non_null(p);
		assert_non_null(re);
		every_text(p, re, read_here[i], buf, 0, 4);
		pattern_free(p);
		xmlRegFreeRegexp(re);
	}
}

static void
test_left_to_libxml2(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof left_alone / sizeof *left_alone; i++) {
		struct pattern *p = pattern_compile(left_alone[i]);

		if (p) {
			pattern_free(p);
			fail_msg("pattern_compile reads /%s/, which it must leave to libxml2", left_alone[i]);
		}
	}
	pattern_free(NULL);
}

static void
test_long_text(void **state)
{
	struct pattern *p = pattern_compile("[ \\t]*[^\\s][^\\n\\r]*");
	size_t n = 1 << 20;
	char *s = malloc(n + 2);

	(void)state;
	assert_non_null(p);
	assert_non_null(s);
	memset(s, 'a', n);
	s[n] = '\0';
	assert_int_equal(pattern_match(p, s), 1);
	s[n / 2] = '\n';
	assert_int_equal(pattern_match(p, s), 0);
	memset(s, ' ', n);
	assert_int_equal(pattern_match(p, s), 0);
	free(s);
	pattern_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_verdicts),
		cmocka_unit_test(test_exhaustive_short),
		cmocka_unit_test(test_left_to_libxml2),
		cmocka_unit_test(test_long_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
