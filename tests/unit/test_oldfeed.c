/* test_oldfeed.c: unit tests for reading an old site's feed: RFC 822 dates, HTML titles, items. */
#include "unit.h"
#include "date.h"
#include "diag.h"
#include "oldfeed.h"

#include <stdlib.h>
#include <string.h>

static void
rfc822_ok(const char *s, const char *want3339)
{
	struct when w = {0};
	char why[96] = "", out[DATE_MAX];

	if (date_parse_rfc822(s, &w, why) != 0)
		fail_msg("date_parse_rfc822(\"%s\") failed: %s", s, why);
	date_rfc3339(&w, out);
	assert_string_equal(out, want3339);
}

static void
rfc822_bad(const char *s, const char *want_why)
{
	struct when w = {12345, 7};
	char why[96] = "";

	assert_int_equal(date_parse_rfc822(s, &w, why), -1);
	assert_string_equal(why, want_why);
	/* Untouched on error. */
	assert_int_equal(w.t, 12345);
	assert_int_equal(w.off, 7);
}

static void
test_rfc822(void **state)
{
	(void)state;
	/* Hugo's pubDate. */
	rfc822_ok("Sat, 02 Mar 2024 00:00:00 +0100", "2024-03-02T00:00:00+01:00");
	rfc822_ok("Tue, 18 Oct 2016 10:00:00 -0400", "2016-10-18T10:00:00-04:00");
	rfc822_ok("18 Oct 2016 10:00 GMT", "2016-10-18T10:00:00Z");
	rfc822_ok("Tue, 18 Oct 2016 10:00:00 EST", "2016-10-18T10:00:00-05:00");
	rfc822_ok("Tue, 18 Oct 2016 10:00:00 EDT", "2016-10-18T10:00:00-04:00");
	rfc822_ok("Tue, 18 Oct 2016 10:00:00 PST", "2016-10-18T10:00:00-08:00");
	rfc822_ok("Tue, 18 Oct 2016 10:00:00 UT", "2016-10-18T10:00:00Z");
	rfc822_ok("Tue, 18 Oct 2016 10:00:00 Z", "2016-10-18T10:00:00Z");
	/* Case and spacing as found in the wild; one-digit days; two-digit years. */
	rfc822_ok("  tue,  8 oct 2019 07:05:09 gmt \n", "2019-10-08T07:05:09Z");
	rfc822_ok("Tue,18 Oct 16 10:00:00 +0530", "2016-10-18T10:00:00+05:30");
	rfc822_ok("Fri, 01 Jan 99 00:00:00 +0000", "1999-01-01T00:00:00Z");
	rfc822_ok("Thu, 29 Feb 2024 23:59:59 -1200", "2024-02-29T23:59:59-12:00");
	/* The instant: 00:00 +0100 is 23:00 the day before in UTC. */
	{
		struct when w;
		char why[96];

		assert_int_equal(date_parse_rfc822("Sat, 02 Mar 2024 00:00:00 +0100", &w, why), 0);
		assert_int_equal(w.t, 1709334000);
	}
}

static void
test_rfc822_bad(void **state)
{
	(void)state;
	rfc822_bad("", "the day is not a number of one or two digits");
	rfc822_bad("2024-03-02T00:00:00Z", "the day is not a number of one or two digits");
	rfc822_bad("Sat, 02 Mar 2024 00:00:00 XYZ",
	    "unknown zone 'xyz' (expected +HHMM, -HHMM, GMT, UT or a US zone such as EST)");
	rfc822_bad("Sat, 02 Mar 2024 00:00:00",
	    "unknown zone '' (expected +HHMM, -HHMM, GMT, UT or a US zone such as EST)");
	/* An offset of 24 hours or more: no zone has one, and feedgen's dates cannot hold it (fuzzing found it). */
	rfc822_bad("Sat, 02 Mar 2024 00:00:00 +7708",
	    "unknown zone '+7708' (expected +HHMM, -HHMM, GMT, UT or a US zone such as EST)");
	rfc822_bad("Sat, 02 Mar 2024 00:00:00 -2400",
	    "unknown zone '-2400' (expected +HHMM, -HHMM, GMT, UT or a US zone such as EST)");
	rfc822_ok("Sat, 02 Mar 2024 00:00:00 -2359", "2024-03-02T00:00:00-23:59");
	rfc822_bad("Sat, 02 Mar 2024 00:00:00 +01:00",
	    "unknown zone '+01:00' (expected +HHMM, -HHMM, GMT, UT or a US zone such as EST)");
	rfc822_bad("Sun, 02 Mar 2024 00:00:00 +0100", "'sun' is not the day of the week of that date");
	rfc822_bad("Sam, 02 Mar 2024 00:00:00 +0100", "'sam' is not a day name (expected Mon, Tue...)");
	rfc822_bad("02 Mrz 2024 00:00:00 +0100", "'mrz' is not a month name (expected Jan, Feb...)");
	rfc822_bad("30 Feb 2024 00:00:00 +0100", "a part of the date or the time is out of range");
	rfc822_bad("02 Mar 2024 24:00:00 +0100", "a part of the date or the time is out of range");
	rfc822_bad("02 Mar 2024 0:00:00 +0100", "the time is not HH:MM or HH:MM:SS");
	rfc822_bad("02 Mar 202 00:00:00 +0100", "the year is not two or four digits");
	rfc822_bad("02 Mar 2024 00:00:00 +0100 x", "'x' follows the date");
}

static void
test_html_text(void **state)
{
	char *s;

	(void)state;
	s = oldfeed_html_text("Jekyll 4.4 &#8220;released&#8221; &amp; <em>more</em>\n  here&hellip; &bogus; &#x263A;");
	assert_string_equal(s, "Jekyll 4.4 \xe2\x80\x9creleased\xe2\x80\x9d & more here\xe2\x80\xa6 &bogus; \xe2\x98\xba");
	free(s);
	s = oldfeed_html_text("  a < b  ");
	assert_string_equal(s, "a < b");
	free(s);
	s = oldfeed_html_text("&#0; &#xD800;");
	assert_string_equal(s, "\xef\xbf\xbd \xef\xbf\xbd");
	free(s);
}

/* Each item's line and column in characters: a one-line feed's items are told apart. */
static void
test_columns(void **state)
{
	/* A BOM, then 21 + 42 + 17 characters (the title's two are multibyte) before the first entry. */
	static const char doc[] =
	    "\xEF\xBB\xBF<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
	    "<title>\xC3\xA9\xE2\x80\x93</title><entry><id>a</id></entry>\n"
	    "  <entry xml:lang=\"x>\"><id>b</id></entry><entry><id>c</id></entry></feed>\n";
	struct oldfeed *f = oldfeed_parse("old.xml", doc, sizeof doc - 1);

	(void)state;
	assert_non_null(f);
	assert_int_equal(f->n, 3);
	assert_int_equal(f->items[0].line, 1);
	assert_int_equal(f->items[0].col, 81);
	/* A '>' in an attribute value does not hide where the tag starts. */
	assert_int_equal(f->items[1].line, 2);
	assert_int_equal(f->items[1].col, 3);
	assert_int_equal(f->items[2].line, 2);
	assert_int_equal(f->items[2].col, 42);
	oldfeed_free(f);
}

static void
test_atom(void **state)
{
	static const char doc[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://news.example.org/blog/\">\n"
	    "<entry><title type=\"html\">A &amp;lt;b&amp;gt; &amp;amp; &#8220;q&#8221;</title>\n"
	    "<link href=\"x/a.html\" rel=\"alternate\"/><link href=\"https://e.org/other\" rel=\"related\"/>\n"
	    "<id> https://news.example.org/blog/x/a </id>\n"
	    "<published>2025-01-29T07:45:32-05:00</published><updated>2025-01-30T00:00:00Z</updated></entry>\n"
	    "<entry><title>Only updated</title><link href=\"https://news.example.org/b\"/><id>urn:b</id>"
	    "<updated>2024-01-01T00:00:00Z</updated></entry>\n"
	    "</feed>\n";
	struct oldfeed *f = oldfeed_parse("old.xml", doc, sizeof doc - 1);
	char out[DATE_MAX];

	(void)state;
	assert_non_null(f);
	assert_true(f->atom);
	assert_int_equal(f->n, 2);
	assert_string_equal(f->items[0].id, "https://news.example.org/blog/x/a");
	assert_string_equal(f->items[0].link, "https://news.example.org/blog/x/a.html");
	assert_string_equal(f->items[0].title, "A <b> & \xe2\x80\x9cq\xe2\x80\x9d");
	assert_int_equal(f->items[0].line, 3);
	assert_int_equal(f->items[0].col, 1);
	date_rfc3339(&f->items[0].published, out);
	assert_string_equal(out, "2025-01-29T07:45:32-05:00");
	assert_true(f->items[0].has_updated);
	assert_string_equal(f->items[1].title, "Only updated");
	assert_true(f->items[1].has_published);
	date_rfc3339(&f->items[1].published, out);
	assert_string_equal(out, "2024-01-01T00:00:00Z");
	oldfeed_free(f);
}

static void
test_rss(void **state)
{
	static const char doc[] =
	    "<rss version=\"2.0\"><channel><title>x</title>\n"
	    "<item><title>First &amp;amp; post</title><link>https://news.example.org/posts/first-post/</link>"
	    "<pubDate>Sat, 02 Mar 2024 00:00:00 +0100</pubDate>"
	    "<guid>https://news.example.org/posts/first-post/</guid></item>\n"
	    "<item><title>No guid</title><link>https://news.example.org/p/2</link></item>\n"
	    "</channel></rss>";
	struct oldfeed *f = oldfeed_parse("index.xml", doc, sizeof doc - 1);

	(void)state;
	assert_non_null(f);
	assert_false(f->atom);
	assert_int_equal(f->n, 2);
	assert_string_equal(f->items[0].title, "First & post");
	assert_int_equal(f->items[0].published.t, 1709334000);
	assert_int_equal(f->items[0].published.off, 60);
	assert_string_equal(f->items[1].id, "https://news.example.org/p/2");
	assert_false(f->items[1].has_published);
	oldfeed_free(f);
}

/* A link that is no URI reference is none, with a warning, not its text as written (fuzzing found it). */
static void
test_link_not_url(void **state)
{
	static const char doc[] = "<rss version=\"2.0\"><channel>\n<item><guid>g</guid>"
	    "<link>t\nhttps://news.example.org/x/</link></item></channel></rss>";
	struct oldfeed *f;
	char *got;

	(void)state;
	diag_reset();
	f = oldfeed_parse("https://old.example.org/feed.xml", doc, sizeof doc - 1);
	assert_non_null(f);
	assert_int_equal(f->n, 1);
	assert_null(f->items[0].link);
	assert_string_equal(f->items[0].id, "g");
	got = flushed();
	assert_string_equal(got, "https://old.example.org/feed.xml:2:1: warning: <link> 't\\nhttps://news.example.org/x/' "
	    "is not a URL; the item's link is left out (expected an absolute URL or one relative to the feed)\n");
	free(got);
	oldfeed_free(f);
}

static void
test_bad(void **state)
{
	static const char notxml[] = "<rss><channel>\n<item></channel></rss>";
	static const char other[] = "<html><body/></html>";
	static const char entity[] = "<!DOCTYPE rss [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
	    "<rss version=\"2.0\"><channel><item><title>&e;</title><guid>g</guid></item></channel></rss>";
	static const char dtd[] = "<!DOCTYPE rss SYSTEM \"http://127.0.0.1:1/rss-0.91.dtd\">\n"
	    "<rss version=\"2.0\"><channel><item><title>t</title><guid>g</guid></item></channel></rss>";
	static const char baddate[] = "<rss version=\"2.0\"><channel>\n<item><guid>g</guid>"
	    "<pubDate>yesterday</pubDate></item><item><title>t</title></item></channel></rss>";
	struct oldfeed *f;
	char *got;

	(void)state;
	diag_reset();
	assert_null(oldfeed_parse("old.xml", notxml, sizeof notxml - 1));
	got = flushed();
	assert_string_equal(got, "old.xml:2:17: error: the feed is not well-formed XML: Opening and ending tag "
	    "mismatch: item line 2 and channel\n");
	free(got);
	assert_null(oldfeed_parse("old.xml", other, sizeof other - 1));
	assert_flushed("old.xml:1:1: error: the root element <html> is not an RSS 2.0 <rss> or an Atom 1.0 "
	    "<feed> (expected the feed the old site publishes)\n");
	/* No entity is read, external or not: a feed that declares any is refused. */
	assert_null(oldfeed_parse("old.xml", entity, sizeof entity - 1));
	assert_flushed("old.xml:1:1: error: the feed declares entities in its DOCTYPE, which import does not "
	    "read (expected a feed as generators write them, without entity declarations)\n");
	/* A DOCTYPE without entities (RSS 0.91's) is read, its DTD never fetched. */
	f = oldfeed_parse("old.xml", dtd, sizeof dtd - 1);
	assert_non_null(f);
	assert_string_equal(f->items[0].title, "t");
	oldfeed_free(f);
	assert_null(oldfeed_parse("old.xml", baddate, sizeof baddate - 1));
	assert_flushed("old.xml:2:21: error: <pubDate> is not a valid date: 'yesterday' (the day is not a number "
	    "of one or two digits; expected RFC 822 such as 'Sat, 02 Mar 2024 00:00:00 +0100')\n"
	    "old.xml:2:56: error: <item> has no id (expected a <guid> or a <link>)\n");
	diag_reset();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc822),
		cmocka_unit_test(test_rfc822_bad),
		cmocka_unit_test(test_html_text),
		cmocka_unit_test(test_atom),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_rss),
		cmocka_unit_test(test_link_not_url),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
