/* test_markdown.c: unit tests for Markdown bodies to HTML with absolute URLs. */
#include "unit.h"
#include "diag.h"
#include "markdown.h"
#include "text.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SITE "https://2009-2017.state.gov/j/tip/"
#define PAGE SITE "rls/2016/report.htm"

/* A body that starts after line lineoff of e.md, as a .md entry's does. */
struct at {
	struct linemap *map;
	int lineoff;
};

static void
at_locate(const void *ctx, size_t off, int *line, int *col)
{
	const struct at *a = ctx;

	linemap_locate(a->map, off, line, col);
	*line += a->lineoff;
}

/* Parses md, gives its warnings when warn, renders it; NULL when it was refused. */
static char *
render(const char *md, int lineoff, int warn)
{
	struct at a = { linemap_new(md, strlen(md)), lineoff };
	struct md_origin o = { "e.md", at_locate, &a, 0 };
	struct markdown *m;
	char *html = NULL;
	size_t bad;
	char why[64];

	/* As entry.c says: a body that passes text_check was checked with its file. */
	o.checked = text_check(md, strlen(md), &bad, why) == 0;
	m = markdown_parse(md, strlen(md), SITE, PAGE, &o);

	if (m) {
		if (warn)
			markdown_warn(m, "e.md");
		html = markdown_render(m);
	}
	markdown_free(m);
	linemap_free(a.map);
	return html;
}

/* Renders md as the body of e.md starting after line lineoff; checks HTML and stderr. */
static void
renders(const char *md, int lineoff, const char *want_html, const char *want_stderr)
{
	char *html, *err;

	diag_reset();
	html = render(md, lineoff, 1);
	err = flushed();
	assert_non_null(html);
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

/* md is refused with exactly want on stderr. */
static void
refused(const char *md, int lineoff, const char *want_stderr)
{
	char *html, *err;

	diag_reset();
	html = render(md, lineoff, 1);
	err = flushed();
	assert_null(html);
	assert_string_equal(err, want_stderr);
	assert_true(diag_error_count() > 0);
	free(err);
	diag_reset();
}

static void
test_unsafe_and_empty(void **state)
{
	(void)state;
	/* cmark's safe mode would write href="" for javascript:, a relative link: refused. */
	refused("[x](javascript:alert(1))\n", 0, "e.md:1:1: error: link 'javascript:alert(1)' is "
	    "refused: javascript:, vbscript:, file: and data: URLs are not written to feeds "
	    "(expected an http(s) URL)\n");
	refused("a ![x](data:text/html,x)\n", 0, "e.md:1:3: error: image 'data:text/html,x' is "
	    "refused: javascript:, vbscript:, file: and data: URLs are not written to feeds "
	    "(expected an http(s) URL)\n");
	/* RFC 3986 4.4: an empty destination is the entry's own page, as "#x" is. */
	renders("[y]()\n", 0, "<p><a href=\"" PAGE "\">y</a></p>\n", "");
	renders("", 0, "", "");
}

#define NOT_ABSOLUTE "is not an absolute URL (expected http(s)://host/... or a path relative " \
    "to the site)\n"

/* Every URL written is absolute: these were written relative before. */
static void
test_not_absolute_refused(void **state)
{
	(void)state;
	refused("See [a](1a:b), [b](:foo),\n[c](http:foo) and ![d](https:/path).\n", 4,
	    "e.md:5:5: error: link '1a:b' " NOT_ABSOLUTE
	    "e.md:5:16: error: link ':foo' " NOT_ABSOLUTE
	    "e.md:6:1: error: link 'http:foo' " NOT_ABSOLUTE
	    "e.md:6:19: error: image 'https:/path' " NOT_ABSOLUTE);
	refused("<http:bar>\n", 0, "e.md:1:1: error: link 'http:bar' " NOT_ABSOLUTE);
	refused("[r][x]\n\n[x]: https:///nohost\n", 0,
	    "e.md:1:1: error: link 'https:///nohost' " NOT_ABSOLUTE);
	refused("[s](<https://exa mple.org/>)\n", 0,
	    "e.md:1:1: error: link 'https://exa mple.org/' " NOT_ABSOLUTE);
	/* Other schemes are taken as they are. */
	renders("[t](tel:+15551234) [f](ftp://h.example/x)\n", 0,
	    "<p><a href=\"tel:+15551234\">t</a> <a href=\"ftp://h.example/x\">f</a></p>\n", "");
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
	html = render("a <b>x</b>\n", 0, 0);
	err = flushed();
	assert_string_equal(err, "");
	assert_string_equal(html, "<p>a <!-- raw HTML omitted -->x<!-- raw HTML omitted --></p>\n");
	free(err);
	free(html);
}

#define CANNOT "which a feed cannot carry (expected printable text; remove it)\n"

/* cmark decodes "&#7;" to U+0007: that is an error, located at the reference itself. */
static void
test_character_reference_refused(void **state)
{
	(void)state;
	refused("para\n\nbell &#7;\n", 4,
	    "e.md:7:6: error: character reference '&#7;' gives U+0007, " CANNOT);
	/* Columns count characters; every reference of a text is reported. */
	refused("caf\xc3\xa9 &#8; and &#x1F; \xe2\x80\x94 &#xffff;\n", 0,
	    "e.md:1:6: error: character reference '&#8;' gives U+0008, " CANNOT
	    "e.md:1:15: error: character reference '&#x1F;' gives U+001F, " CANNOT
	    "e.md:1:24: error: character reference '&#xffff;' gives U+FFFF, " CANNOT);
	/* Mid-paragraph, in a list, in a quote: the line and column of the reference. */
	refused("* one\n  two &#7;\n\n> a\n> b &#xFFFE;\n", 0,
	    "e.md:2:7: error: character reference '&#7;' gives U+0007, " CANNOT
	    "e.md:5:5: error: character reference '&#xFFFE;' gives U+FFFE, " CANNOT);
	/* Tab, line feed and carriage return are text. */
	renders("a&#9;b&#10;c\n", 0, "<p>a\tb\nc</p>\n", "");
}

/* Every string cmark hands back is checked: fence info, titles, URLs, link and image text. */
static void
test_every_field_checked(void **state)
{
	(void)state;
	refused("```&#7;\nx\n```\n", 0,
	    "e.md:1:4: error: character reference '&#7;' gives U+0007, " CANNOT);
	refused("~~~ python &#xFFFE;\nx\n~~~\n", 2,
	    "e.md:3:12: error: character reference '&#xFFFE;' gives U+FFFE, " CANNOT);
	refused("[a](x \"t&#7;\")\n", 0,
	    "e.md:1:9: error: character reference '&#7;' gives U+0007, " CANNOT);
	refused("![a&#7;](x.png \"t&#8;\")\n", 0,
	    "e.md:1:4: error: character reference '&#7;' gives U+0007, " CANNOT
	    "e.md:1:18: error: character reference '&#8;' gives U+0008, " CANNOT);
	refused("[a](x&#7;y)\n", 0,
	    "e.md:1:6: error: character reference '&#7;' gives U+0007, " CANNOT);
	refused("<https://a.example/&#7;>\n", 0,
	    "e.md:1:20: error: character reference '&#7;' gives U+0007, " CANNOT);
	refused("# Head &#7;\n", 0,
	    "e.md:1:8: error: character reference '&#7;' gives U+0007, " CANNOT);
	/* A reference link's title stands in its definition. */
	refused("[r]\n\n[r]: /x \"&#7;\"\n", 0,
	    "e.md:3:10: error: character reference '&#7;' gives U+0007, " CANNOT);
	/* The same character from two references: each is reported once, where it stands. */
	refused("a &#7; b\n\n<https://a.example/&#7;>\n", 0,
	    "e.md:1:3: error: character reference '&#7;' gives U+0007, " CANNOT
	    "e.md:3:20: error: character reference '&#7;' gives U+0007, " CANNOT);
	/* A code span and a code block keep references as text: nothing is decoded. */
	renders("`&#7;`\n\n    &#8;\n", 0,
	    "<p><code>&amp;#7;</code></p>\n<pre><code>&amp;#8;\n</code></pre>\n", "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quiet_without_warn),
		cmocka_unit_test(test_character_reference_refused),
		cmocka_unit_test(test_every_field_checked),
		cmocka_unit_test(test_not_absolute_refused),
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
