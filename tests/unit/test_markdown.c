/* test_markdown.c: unit tests for Markdown bodies to HTML with absolute URLs. */
#include "unit.h"
#include "diag.h"
#include "markdown.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SITE "https://2009-2017.state.gov/j/tip/"
#define PAGE SITE "rls/2016/report.htm"

/* Renders md as the body of e.md starting after line lineoff; checks HTML and stderr. */
static void
renders(const char *md, int lineoff, const char *want_html, const char *want_stderr)
{
	char *html, *err;

	diag_reset();
	html = markdown_html(md, strlen(md), SITE, PAGE, "e.md", lineoff, 1);
	err = flushed();
	assert_string_equal(html, want_html);
	assert_string_equal(err, want_stderr);
	/* Raw HTML is a warning: it never makes the run fail. */
	assert_int_equal(diag_error_count(), 0);
	free(err);
	free(html);
	diag_reset();
}

static void
test_relative_made_absolute(void **state)
{
	(void)state;
	renders("See [the report](rls/tiprpt/2016/) and ![map](images/map.png \"Map\").\n", 5,
	    "<p>See <a href=\"" SITE "rls/tiprpt/2016/\">the report</a> and <img src=\"" SITE
	    "images/map.png\" alt=\"map\" title=\"Map\" />.</p>\n", "");
	renders("[up](../x.htm) [root](/j/) [query](?page=2) [enc](a%20b.pdf)\n", 0,
	    "<p><a href=\"https://2009-2017.state.gov/j/x.htm\">up</a> "
	    "<a href=\"https://2009-2017.state.gov/j/\">root</a> "
	    "<a href=\"" SITE "?page=2\">query</a> "
	    "<a href=\"" SITE "a%20b.pdf\">enc</a></p>\n", "");
}

static void
test_reference_links(void **state)
{
	(void)state;
	renders("Read [the report][r] and ![logo][l].\n\n[r]: rls/tiprpt/2016/\n"
	    "[l]: images/logo.png\n", 0,
	    "<p>Read <a href=\"" SITE "rls/tiprpt/2016/\">the report</a> and <img src=\"" SITE
	    "images/logo.png\" alt=\"logo\" />.</p>\n", "");
}

static void
test_absolute_kept(void **state)
{
	(void)state;
	renders("[a](https://other.org/x?y=1#z) [m](mailto:tipinfo@state.gov) <https://x.org/a>\n",
	    0, "<p><a href=\"https://other.org/x?y=1#z\">a</a> <a href=\"mailto:tipinfo@state.gov"
	    "\">m</a> <a href=\"https://x.org/a\">https://x.org/a</a></p>\n", "");
	/* Scheme-relative takes the site's scheme, so readers need no base. */
	renders("![c](//cdn.example/x.png)\n", 0,
	    "<p><img src=\"https://cdn.example/x.png\" alt=\"c\" /></p>\n", "");
}

static void
test_fragment_against_page(void **state)
{
	(void)state;
	/* markdown.h: a bare "#fragment" points into the entry's own page. */
	renders("[top](#top) and [there](other.htm#sec)\n", 0,
	    "<p><a href=\"" PAGE "#top\">top</a> and <a href=\"" SITE "other.htm#sec\">there</a>"
	    "</p>\n", "");
}

static void
test_unsafe_and_empty(void **state)
{
	(void)state;
	/* cmark's safe mode drops javascript: URLs; an empty destination stays empty. */
	renders("[x](javascript:alert(1)) [y]()\n", 0,
	    "<p><a href=\"\">x</a> <a href=\"\">y</a></p>\n", "");
	renders("", 0, "", "");
}

static void
test_raw_html_block(void **state)
{
	(void)state;
	renders("Para\n\n<div>raw</div>\n", 5,
	    "<p>Para</p>\n<!-- raw HTML omitted -->\n",
	    "e.md:8:1: warning: raw HTML is left out of the feeds (write it in Markdown)\n");
	renders("<!-- comment -->\n", 2, "<!-- raw HTML omitted -->\n",
	    "e.md:3:1: warning: raw HTML is left out of the feeds (write it in Markdown)\n");
}

static void
test_raw_html_inline(void **state)
{
	(void)state;
	renders("one\n\ntext <b>bold</b> end\n", 1,
	    "<p>one</p>\n<p>text <!-- raw HTML omitted -->bold<!-- raw HTML omitted --> end</p>\n",
	    "e.md:4:6: warning: raw HTML is left out of the feeds (write it in Markdown)\n"
	    "e.md:4:13: warning: raw HTML is left out of the feeds (write it in Markdown)\n");
	/* Without an offset the body is the file (a .yaml body is located by entry.c). */
	renders("  <span>x</span>\n", 0,
	    "<p><!-- raw HTML omitted -->x<!-- raw HTML omitted --></p>\n",
	    "e.md:1:3: warning: raw HTML is left out of the feeds (write it in Markdown)\n"
	    "e.md:1:10: warning: raw HTML is left out of the feeds (write it in Markdown)\n");
}

static void
test_raw_html_quiet(void **state)
{
	(void)state;
	diag_set_quiet(1);
	renders("<div>x</div>\n", 0, "<!-- raw HTML omitted -->\n", "");
	diag_set_quiet(0);
}

static void
test_text_escaped(void **state)
{
	(void)state;
	renders("a & b < c \"q\" &amp; \\<x>\n", 0,
	    "<p>a &amp; b &lt; c &quot;q&quot; &amp; &lt;x&gt;</p>\n", "");
}

static void
escapes(const char *s, const char *want)
{
	struct buf b = {0};
	char *got;

	buf_adds(&b, "[");
	html_escape(&b, s);
	buf_adds(&b, "]");
	got = buf_steal(&b);
	assert_string_equal(got, want);
	free(got);
}

static void
test_html_escape(void **state)
{
	(void)state;
	escapes("", "[]");
	escapes("plain", "[plain]");
	escapes("a & b < c > d \"e\" 'f'", "[a &amp; b &lt; c &gt; d &quot;e&quot; 'f']");
	escapes("&amp;", "[&amp;amp;]");
	escapes("<<>>", "[&lt;&lt;&gt;&gt;]");
	escapes("caf\xc3\xa9 \xe2\x80\x94", "[caf\xc3\xa9 \xe2\x80\x94]");
}

static void
test_html_escape_appends(void **state)
{
	struct buf b = {0};

	(void)state;
	html_escape(&b, "a<");
	html_escape(&b, "&b");
	assert_string_equal(b.data, "a&lt;&amp;b");
	assert_int_equal(b.len, 11);
	buf_free(&b);
}

/* Warnings are asked for (check, -v) or not (a cron build): the HTML is the same. */
static void
test_quiet_without_warn(void **state)
{
	char *html, *err;

	(void)state;
	diag_reset();
	html = markdown_html("a <b>x</b>\n", 11, SITE, PAGE, "e.md", 0, 0);
	err = flushed();
	assert_string_equal(err, "");
	assert_string_equal(html, "<p>a <!-- raw HTML omitted -->x<!-- raw HTML omitted --></p>\n");
	free(err);
	free(html);
}

/* cmark decodes "&#7;" to U+0007: that is an error, located at its block. */
static void
test_character_reference_refused(void **state)
{
	char *html, *err;

	(void)state;
	diag_reset();
	html = markdown_html("para\n\nbell &#7;\n", 17, SITE, PAGE, "e.md", 4, 0);
	err = flushed();
	assert_string_equal(err, "e.md:7:1: error: a character reference gives what a feed cannot "
	    "carry: control character U+0007 (expected printable text; remove it)\n");
	assert_int_equal(diag_error_count(), 1);
	free(err);
	free(html);
	diag_reset();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quiet_without_warn),
		cmocka_unit_test(test_character_reference_refused),
		cmocka_unit_test(test_relative_made_absolute),
		cmocka_unit_test(test_reference_links),
		cmocka_unit_test(test_absolute_kept),
		cmocka_unit_test(test_fragment_against_page),
		cmocka_unit_test(test_unsafe_and_empty),
		cmocka_unit_test(test_raw_html_block),
		cmocka_unit_test(test_raw_html_inline),
		cmocka_unit_test(test_raw_html_quiet),
		cmocka_unit_test(test_text_escaped),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_html_escape_appends),
	};

	return cmocka_run_group_tests_name("markdown", tests, NULL, NULL);
}
