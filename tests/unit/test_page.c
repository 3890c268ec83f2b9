/* test_page.c: unit tests for index.html (page.c): escaping, alt text, head links, dates, category links. */
#include "unit.h"
#include "config.h"
#include "entry.h"
#include "doc.h"
#include "render.h"
#include "xalloc.h"

#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

static void
site(struct config *c)
{
	int k;

	memset(c, 0, sizeof *c);
	c->title = xstrdup("News <&> \"Desk\"");
	c->url = xstrdup("https://example.org/");
	c->feed_base = xstrdup("https://example.org/out/");
	for (k = 0; k < FEED_NKINDS; k++)
		c->feed_url[k] = xasprintf("https://example.org/out/%s", config_feed_file((enum feed_kind)k));
	c->feeds[FEED_RSS] = c->feeds[FEED_ATOM] = 1;
	c->author.name = xstrdup("Desk");
}

static void
site_free(struct config *c)
{
	int k;

	free(c->title);
	free(c->url);
	free(c->feed_base);
	free(c->language);
	for (k = 0; k < FEED_NKINDS; k++)
		free(c->feed_url[k]);
	person_clear(&c->author);
	if (c->nhubs)
		free(c->hubs[0]);
	free(c->hubs);
}

static struct entry *
item(const char *title)
{
	struct entry *e = xcalloc(1, sizeof *e);

	e->id = xstrdup("tag:example.org,2016-10-18:a");
	e->link = xstrdup("https://example.org/a?x=1&y=2");
	e->title = xstrdup(title);
	e->date = (struct when){1476799200, 0};	/* 2016-10-18T14:00:00Z: 10:00 in New York */
	e->updated = e->date;
	e->image_length = -1;
	return e;
}

/* What page_render gives for c and v, as a string; asserts the length it reports. */
static char *
render(const struct config *c, struct entry *const *v, size_t n)
{
	struct doc d = {0};
	size_t len = 0;
	char *doc;

	d.kind = DOC_PAGE;
	d.title = c->title;
	d.v = (struct entry **)(uintptr_t)v;
	d.n = n;
	doc = render_doc(c, &d, &len);
	assert_non_null(doc);
	assert_int_equal(len, strlen(doc));
	return doc;
}

static void
test_empty_page(void **state)
{
	struct config c;
	char *doc;

	(void)state;
	site(&c);
	doc = render(&c, NULL, 0);
	assert_non_null(strstr(doc, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"));
	assert_non_null(strstr(doc, "<title>News &lt;&amp;&gt; &quot;Desk&quot;</title>"));
	assert_non_null(strstr(doc, "<h1 dir=\"auto\">News &lt;&amp;&gt; &quot;Desk&quot;</h1>"));
	assert_non_null(strstr(doc, "<p>Nothing published yet.</p>"));
	/* No hub, no self link; the feeds written, and not feed.json, which is not. */
	assert_null(strstr(doc, "rel=\"hub\""));
	assert_null(strstr(doc, "rel=\"self\""));
	assert_null(strstr(doc, "feed.json"));
	assert_null(strstr(doc, "<script"));
	free(doc);
	site_free(&c);
}

static void
test_head_links(void **state)
{
	struct config c;
	char *doc;

	(void)state;
	site(&c);
	c.language = xstrdup("fr-CA");
	c.hubs = xmalloc(sizeof *c.hubs);
	c.hubs[0] = xstrdup("https://hub.example.org/?a=1&b=2");
	c.nhubs = 1;
	doc = render(&c, NULL, 0);
	assert_non_null(strstr(doc, "<html lang=\"fr-CA\">"));
	assert_non_null(strstr(doc, "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"News "
	    "&lt;&amp;&gt; &quot;Desk&quot; (RSS)\" href=\"https://example.org/out/feed.xml\">\n"
	    "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"News &lt;&amp;&gt; "
	    "&quot;Desk&quot; (Atom)\" href=\"https://example.org/out/atom.xml\">\n"
	    "<link rel=\"hub\" href=\"https://hub.example.org/?a=1&amp;b=2\">\n"
	    "<link rel=\"self\" href=\"https://example.org/out/atom.xml\">\n"));
	free(doc);
	/* Without Atom, the self link names the RSS feed, which the hubs are told of. */
	c.feeds[FEED_ATOM] = 0;
	c.feeds[FEED_JSON] = 1;
	doc = render(&c, NULL, 0);
	assert_non_null(strstr(doc, "<link rel=\"self\" href=\"https://example.org/out/feed.xml\">"));
	assert_non_null(strstr(doc, "type=\"application/feed+json\""));
	assert_null(strstr(doc, "atom.xml"));
	free(doc);
	/* feeds: []: nothing to announce or subscribe to, so no hub either. */
	c.feeds[FEED_RSS] = c.feeds[FEED_JSON] = 0;
	doc = render(&c, NULL, 0);
	assert_null(strstr(doc, "<link"));
	assert_null(strstr(doc, "Subscribe"));
	free(doc);
	site_free(&c);
}

static void
test_entry_escaped(void **state)
{
	struct config c;
	struct entry *e = item("<script>alert('x')</script> & \"q\"");
	char *doc;

	(void)state;
	site(&c);
	e->summary = xstrdup("<img src=x onerror=alert(1)> &amp;");
	e->author.name = xstrdup("A <b>");
	e->lang = xstrdup("he");
	doc = render(&c, &e, 1);
	assert_non_null(strstr(doc, "<article lang=\"he\">\n<h2 dir=\"auto\"><a href=\"https://example.org/a?x=1&amp;y=2\">"
	    "&lt;script&gt;alert('x')&lt;/script&gt; &amp; &quot;q&quot;</a></h2>\n"));
	assert_non_null(strstr(doc, "<time datetime=\"2016-10-18T10:00:00-04:00\">18 October 2016, 10:00 EDT</time>"
	    " \xc2\xb7 <bdi>A &lt;b&gt;</bdi></p>\n"));
	assert_non_null(strstr(doc, "<p dir=\"auto\">&lt;img src=x onerror=alert(1)&gt; &amp;amp;</p>\n"));
	assert_null(strstr(doc, "<script"));
	assert_null(strstr(doc, "<img"));
	free(doc);
	entry_free(e);
	site_free(&c);
}

static void
test_alt_text(void **state)
{
	struct config c;
	struct entry *e[3] = {item("A"), item("B"), item("C")};
	char *doc;
	int i;

	(void)state;
	site(&c);
	for (i = 0; i < 3; i++)
		e[i]->image_url = xstrdup("https://example.org/i.jpg?a&b");
	e[0]->image_alt = xstrdup("Two \"people\" <talking>");
	e[0]->image_caption = xstrdup("Caption");
	e[1]->image_caption = xstrdup("Only a caption");
	e[1]->image_credit = xstrdup("Photo & co");
	doc = render(&c, e, 3);
	/* The entry's alt; beside a caption none (it describes the image); with neither, empty. */
	assert_non_null(strstr(doc, "<figure><img src=\"https://example.org/i.jpg?a&amp;b\" alt=\"Two "
	    "&quot;people&quot; &lt;talking&gt;\"><figcaption dir=\"auto\">Caption</figcaption></figure>\n"));
	assert_non_null(strstr(doc, "<figure><img src=\"https://example.org/i.jpg?a&amp;b\"><figcaption "
	    "dir=\"auto\">Only a caption \xe2\x80\x94 <small>Photo &amp; co</small></figcaption></figure>\n"));
	assert_non_null(strstr(doc, "<figure><img src=\"https://example.org/i.jpg?a&amp;b\" alt=\"\"></figure>\n"));
	free(doc);
	for (i = 0; i < 3; i++)
		entry_free(e[i]);
	site_free(&c);
}

static void
test_categories(void **state)
{
	struct config c;
	struct entry *e = item("A");
	char *doc;

	(void)state;
	site(&c);
	e->categories = xcalloc(2, sizeof *e->categories);
	e->categories[0] = xstrdup("Élections \"2016\"");
	e->categories[1] = xstrdup("R&D");
	e->ncategories = 2;
	doc = render(&c, &e, 1);
	/* Without category feeds, names only. */
	assert_non_null(strstr(doc, "<p class=\"categories\">Categories: <bdi>\xc3\x89lections "
	    "&quot;2016&quot;</bdi>, <bdi>R&amp;D</bdi></p>\n"));
	free(doc);
	/* With them, each links to its folder's feed, of the first kind written (here Atom). */
	c.category_feeds = 1;
	c.feeds[FEED_RSS] = 0;
	doc = render(&c, &e, 1);
	assert_non_null(strstr(doc, "<bdi><a href=\"https://example.org/out/categories/elections-2016/atom.xml\" "
	    "type=\"application/atom+xml\">\xc3\x89lections &quot;2016&quot;</a></bdi>, <bdi><a "
	    "href=\"https://example.org/out/categories/r-d/atom.xml\" type=\"application/atom+xml\">R&amp;D</a></bdi>"));
	free(doc);
	entry_free(e);
	site_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_page),
		cmocka_unit_test(test_head_links),
		cmocka_unit_test(test_entry_escaped),
		cmocka_unit_test(test_alt_text),
		cmocka_unit_test(test_categories),
	};

	/* The page's dates are in the site's zone, which build.c sets as TZ. */
	setenv("TZ", "America/New_York", 1);
	tzset();
	return cmocka_run_group_tests_name("page", tests, NULL, NULL);
}
