/* test_diag.c: unit tests for what follows a message: its source line, the caret, hints, colour. */
#include "unit.h"
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/feedgen-test-diag-XXXXXX";

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[64];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

/* Writes len bytes of text to dir/name; returns the path (static). */
static const char *
file(const char *name, const char *text, size_t len)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
	return path;
}

#define FILE_OF(name, text) file(name, text, sizeof text - 1)

/* An error at line:col of path, printed with its excerpt: everything after the message's line. */
static char *
excerpt(const char *path, int line, int col)
{
	char *all, *rest;

	diag_reset();
	diag_error(path, line, col, "x");
	all = flushed_excerpts();
	rest = strdup(strchr(all, '\n') + 1);
	free(all);
	diag_reset();
	return rest;
}

static void
assert_excerpt(const char *path, int line, int col, const char *want)
{
	char *got = excerpt(path, line, col);

	assert_string_equal(got, want);
	free(got);
}

static void
test_plain(void **state)
{
	const char *p = FILE_OF("a.md", "---\ntitle: T\ndate: 2016-13-01\n---\n");

	(void)state;
	assert_excerpt(p, 3, 7, "    3 | date: 2016-13-01\n      |       ^\n");
	/* Column 1, and just past the line's end (where a missing value would go). */
	assert_excerpt(p, 2, 1, "    2 | title: T\n      | ^\n");
	assert_excerpt(p, 2, 9, "    2 | title: T\n      |         ^\n");
	/* No column known (a line of the state or the cache): no excerpt. */
	assert_excerpt(p, 2, 0, "");
}

static void
test_no_excerpt(void **state)
{
	const char *p = FILE_OF("b.md", "a: 1\n");
	char missing[128];

	(void)state;
	/* No such line (a file's last break ends its last line), no such file, no position, a folder. */
	assert_excerpt(p, 2, 1, "");
	assert_excerpt(p, 9, 1, "");
	snprintf(missing, sizeof missing, "%s/gone.md", dir);
	assert_excerpt(missing, 1, 1, "");
	assert_excerpt(p, 0, 0, "");
	assert_excerpt(dir, 1, 1, "");
	assert_excerpt(NULL, 1, 1, "");
}

static void
test_tabs(void **state)
{
	/* A tab is one column, shown to the next stop of 8, so the caret lines up. */
	const char *p = FILE_OF("c.md", "\ta: 1\nab\tc: [\n");

	(void)state;
	assert_excerpt(p, 1, 1, "    1 |         a: 1\n      | ^\n");
	assert_excerpt(p, 1, 2, "    1 |         a: 1\n      |         ^\n");
	assert_excerpt(p, 2, 4, "    2 | ab      c: [\n      |         ^\n");
	assert_excerpt(p, 2, 3, "    2 | ab      c: [\n      |   ^\n");
}

static void
test_multibyte(void **state)
{
	/*
	 * Columns count characters: é (2 bytes) is one column and one cell; 日本
	 * (3 bytes each) one column and two cells each; e + U+0301 two columns,
	 * one cell.
	 */
	const char *p = FILE_OF("d.md", "t: caf\xc3\xa9 x\nt: \xe6\x97\xa5\xe6\x9c\xac x\nt: e\xcc\x81 x\n");

	(void)state;
	assert_excerpt(p, 1, 9, "    1 | t: caf\xc3\xa9 x\n      |         ^\n");
	assert_excerpt(p, 2, 7, "    2 | t: \xe6\x97\xa5\xe6\x9c\xac x\n      |         ^\n");
	assert_excerpt(p, 2, 5, "    2 | t: \xe6\x97\xa5\xe6\x9c\xac x\n      |      ^\n");
	assert_excerpt(p, 3, 7, "    3 | t: e\xcc\x81 x\n      |      ^\n");
}

static void
test_escaped(void **state)
{
	/* What a terminal would act on is shown escaped, and the caret counts the escape's cells. */
	const char *p = FILE_OF("e.md", "t: a\x1b[31m b\nt: \xe2\x80\xae" "cba x\nt: Caf\xe9 x\nt: \xef\xbf\xbe x\n");

	(void)state;
	assert_excerpt(p, 1, 11, "    1 | t: a\\x1b[31m b\n      |              ^\n");
	assert_excerpt(p, 2, 9, "    2 | t: \\u202ecba x\n      |              ^\n");
	assert_excerpt(p, 3, 7, "    3 | t: Caf\\xe9 x\n      |       ^\n");
	assert_excerpt(p, 4, 6, "    4 | t: \\ufffe x\n      |           ^\n");
}

static void
test_line_ends_and_bom(void **state)
{
	const char *p = FILE_OF("f.yaml", "a: 1\r\nb: [\r\nc: 3\r\n");

	(void)state;
	assert_excerpt(p, 2, 4, "    2 | b: [\n      |    ^\n");
	assert_excerpt(p, 3, 1, "    3 | c: 3\n      | ^\n");
	assert_excerpt(p, 4, 1, "");
	p = FILE_OF("g.yaml", "a: 1\rb: [\r");
	assert_excerpt(p, 2, 4, "    2 | b: [\n      |    ^\n");
	/* A byte-order mark is no column, and is not shown. */
	p = FILE_OF("h.yaml", "\xef\xbb\xbf" "date: x\n");
	assert_excerpt(p, 1, 7, "    1 | date: x\n      |       ^\n");
}

static void
test_long_line(void **state)
{
	char text[400], want[400];
	const char *p;

	(void)state;
	/* 300 characters: 'a' to 'z' over and over. */
	for (int i = 0; i < 300; i++)
		text[i] = (char)('a' + i % 26);
	text[300] = '\n';
	p = file("i.md", text, 301);
	/* Near the start: the first 100 cells, then "...". */
	snprintf(want, sizeof want, "    1 | %.100s...\n      |      ^\n", text);
	assert_excerpt(p, 1, 6, want);
	/* Far in: 50 cells each side of the caret, "..." at both cuts. */
	snprintf(want, sizeof want, "    1 | ...%.100s...\n      | %53s^\n", text + 150, "");
	assert_excerpt(p, 1, 201, want);
	/* At the end: the last 50 cells. */
	snprintf(want, sizeof want, "    1 | ...%.50s\n      | %53s^\n", text + 250, "");
	assert_excerpt(p, 1, 301, want);
}

static void
test_hints(void **state)
{
	const char *p = FILE_OF("j.md", "a: b\n");
	char *got;

	(void)state;
	diag_reset();
	diag_error(p, 1, 4, "bad");
	diag_hint("first %d", 1);
	diag_hint("second");
	diag_warn(NULL, 0, 0, "no position");
	diag_hint("a hint without an excerpt");
	got = flushed_excerpts();
	assert_non_null(strstr(got, ":1:4: error: bad\n    1 | a: b\n      |    ^\n      = hint: first 1\n"
	    "      = hint: second\nfeedgen: warning: no position\n      = hint: a hint without an excerpt\n"));
	free(got);
	/* A hint for a dropped warning (-q) is dropped too, never given to the message before. */
	diag_set_quiet(1);
	diag_error(NULL, 0, 0, "kept");
	diag_warn(NULL, 0, 0, "dropped");
	diag_hint("dropped too");
	diag_set_quiet(0);
	got = flushed_excerpts();
	assert_string_equal(got, "feedgen: error: kept\n");
	free(got);
	/* Nothing reported yet, or flushed since: nothing to add to. */
	diag_hint("to nothing");
	got = flushed_excerpts();
	assert_string_equal(got, "");
	free(got);
	/* --no-caret: the one-line messages only. */
	diag_error(p, 1, 4, "bad");
	diag_hint("not shown");
	got = flushed();
	assert_non_null(strstr(got, ":1:4: error: bad\n"));
	assert_null(strchr(strchr(got, '\n') + 1, '\n'));
	free(got);
	diag_reset();
}

static void
test_hint_in_sink(void **state)
{
	struct diag_sink s = {0};
	char *got;

	(void)state;
	diag_reset();
	diag_sink_begin(&s);
	diag_error(NULL, 0, 0, "in a sink");
	diag_hint("its hint");
	diag_sink_end();
	/* The sink is closed: the hint has no message of this queue to go to. */
	diag_hint("lost");
	diag_sink_replay(&s);
	got = flushed_excerpts();
	assert_string_equal(got, "feedgen: error: in a sink\n      = hint: its hint\n");
	free(got);
	diag_reset();
}

static void
test_colour(void **state)
{
	const char *p = FILE_OF("k.md", "a: b\n");
	char *got;

	(void)state;
	diag_reset();
	diag_set_colour(1);
	diag_error(p, 1, 4, "bad");
	diag_hint("so");
	diag_warn(NULL, 0, 0, "careful");
	got = flushed_excerpts();
	diag_set_colour(0);
	assert_non_null(strstr(got, ":1:4:\033[0m \033[1;31merror:\033[0m bad\n    1 | a: b\n"
	    "      |    \033[1;32m^\033[0m\n      \033[1m=\033[0m \033[1;36mhint:\033[0m so\n"));
	assert_non_null(strstr(got, "\033[1mfeedgen:\033[0m \033[1;35mwarning:\033[0m careful\n"));
	free(got);
	diag_reset();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_no_excerpt),
		cmocka_unit_test(test_tabs),
		cmocka_unit_test(test_multibyte),
		cmocka_unit_test(test_escaped),
		cmocka_unit_test(test_line_ends_and_bom),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_hints),
		cmocka_unit_test(test_hint_in_sink),
		cmocka_unit_test(test_colour),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
