/* test_jsonfeed.c: unit tests for the JSON Feed 1.1 writer: members, order, escapes, same bytes. */
#include "unit.h"
#include "config.h"
#include "entry.h"
#include "doc.h"
#include "render.h"
#include "xalloc.h"

#include <stdlib.h>
#include <stdint.h>
#include <string.h>

static void
site(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->title = xstrdup("News");
	c->url = xstrdup("https://example.org/");
	c->feed_url[FEED_JSON] = xstrdup("https://example.org/feed.json");
	c->author.name = xstrdup("Desk");
	c->author.email = xstrdup("desk@example.org");
}

static void
site_free(struct config *c)
{
	free(c->title);
	free(c->subtitle);
	free(c->url);
	free(c->icon);
	free(c->logo);
	free(c->language);
	free(c->feed_url[FEED_JSON]);
	person_clear(&c->author);
	if (c->nhubs)
		free(c->hubs[0]);
	free(c->hubs);
}

static struct entry *
item(const char *id, const char *title)
{
	struct entry *e = xcalloc(1, sizeof *e);

	e->id = xstrdup(id);
	e->link = xstrdup("https://example.org/a");
	e->title = xstrdup(title);
	e->html = xstrdup("<p>Body.</p>\n");
	e->date = (struct when){1476799200, -240};	/* 2016-10-18T10:00:00-04:00 */
	e->updated = e->date;
	e->image_length = -1;
	return e;
}

/* What jsonfeed_render gives for c and v, as a string; asserts the length it reports. */
static char *
render(const struct config *c, struct entry *const *v, size_t n)
{
	struct doc d = {0};
	size_t len = 0;
	char *doc;

	d.kind = FEED_JSON;
	d.self = c->feed_url[FEED_JSON];
	d.title = c->title;
	d.id = c->id;
	d.v = (struct entry **)(uintptr_t)v;
	d.n = n;
	doc = jsonfeed_render(c, &d, &len);

	assert_non_null(doc);
	assert_int_equal(len, strlen(doc));
	return doc;
}

static void
test_empty_feed(void **state)
{
	struct config c;
	char *doc;

	(void)state;
	site(&c);
	doc = render(&c, NULL, 0);
	/* An author's email has no JSON Feed member: only the name is written. */
	assert_string_equal(doc,
	    "{\n"
	    "  \"version\": \"https://jsonfeed.org/version/1.1\",\n"
	    "  \"title\": \"News\",\n"
	    "  \"home_page_url\": \"https://example.org/\",\n"
	    "  \"feed_url\": \"https://example.org/feed.json\",\n"
	    "  \"authors\": [\n"
	    "    {\n"
	    "      \"name\": \"Desk\"\n"
	    "    }\n"
	    "  ],\n"
	    "  \"items\": []\n"
	    "}\n");
	free(doc);
	site_free(&c);
}

static void
test_top_level_members(void **state)
{
	struct config c;
	char *doc;

	(void)state;
	site(&c);
	c.subtitle = xstrdup("All of it");
	c.icon = xstrdup("https://example.org/icon.png");
	c.logo = xstrdup("https://example.org/logo.png");
	c.language = xstrdup("en-US");
	c.hubs = xmalloc(sizeof *c.hubs);
	c.hubs[0] = xstrdup("https://hub.example.net/");
	c.nhubs = 1;
	doc = render(&c, NULL, 0);
	/* icon is the favicon; the wide logo is no square JSON Feed icon. */
	assert_string_equal(doc,
	    "{\n"
	    "  \"version\": \"https://jsonfeed.org/version/1.1\",\n"
	    "  \"title\": \"News\",\n"
	    "  \"home_page_url\": \"https://example.org/\",\n"
	    "  \"feed_url\": \"https://example.org/feed.json\",\n"
	    "  \"description\": \"All of it\",\n"
	    "  \"favicon\": \"https://example.org/icon.png\",\n"
	    "  \"authors\": [\n"
	    "    {\n"
	    "      \"name\": \"Desk\"\n"
	    "    }\n"
	    "  ],\n"
	    "  \"language\": \"en-US\",\n"
	    "  \"hubs\": [\n"
	    "    {\n"
	    "      \"type\": \"WebSub\",\n"
	    "      \"url\": \"https://hub.example.net/\"\n"
	    "    }\n"
	    "  ],\n"
	    "  \"items\": []\n"
	    "}\n");
	free(doc);
	site_free(&c);
}

static void
test_item_members(void **state)
{
	struct config c;
	struct entry *e = item("tag:example.org,2016-10-18:a", "A");
	char *doc;
	const char *want =
	    "  \"items\": [\n"
	    "    {\n"
	    "      \"id\": \"tag:example.org,2016-10-18:a\",\n"
	    "      \"url\": \"https://example.org/a\",\n"
	    "      \"title\": \"A\",\n"
	    "      \"content_html\": \"<p>Body.</p>\\n\",\n"
	    "      \"summary\": \"Short.\",\n"
	    "      \"image\": \"https://example.org/i.png\",\n"
	    "      \"date_published\": \"2016-10-18T10:00:00-04:00\",\n"
	    "      \"date_modified\": \"2016-10-19T08:00:00Z\",\n"
	    "      \"authors\": [\n"
	    "        {\n"
	    "          \"name\": \"Jane\",\n"
	    "          \"url\": \"https://example.org/jane\"\n"
	    "        }\n"
	    "      ],\n"
	    "      \"tags\": [\n"
	    "        \"x\",\n"
	    "        \"y\"\n"
	    "      ],\n"
	    "      \"language\": \"fr\",\n"
	    "      \"attachments\": [\n"
	    "        {\n"
	    "          \"url\": \"https://example.org/i.png\",\n"
	    "          \"mime_type\": \"image/png\",\n"
	    "          \"size_in_bytes\": 1234\n"
	    "        }\n"
	    "      ]\n"
	    "    }\n"
	    "  ]\n"
	    "}\n";

	(void)state;
	site(&c);
	e->summary = xstrdup("Short.");
	e->image_url = xstrdup("https://example.org/i.png");
	e->image_type = xstrdup("image/png");
	e->image_length = 1234;
	/* +15:00 is beyond XML Schema's +-14:00: Atom writes the instant in UTC, and so does JSON. */
	e->updated = (struct when){1476799200 + 18 * 3600, 15 * 60};
	e->author.name = xstrdup("Jane");
	e->author.uri = xstrdup("https://example.org/jane");
	e->categories = xcalloc(2, sizeof *e->categories);
	e->categories[0] = xstrdup("x");
	e->categories[1] = xstrdup("y");
	e->ncategories = 2;
	e->lang = xstrdup("fr");
	doc = render(&c, &e, 1);
	assert_non_null(strstr(doc, want));
	assert_string_equal(strstr(doc, want), want);
	free(doc);
	/* An image without a type: the image, but no attachment (mime_type is required). */
	free(e->image_type);
	e->image_type = NULL;
	doc = render(&c, &e, 1);
	assert_non_null(strstr(doc, "\"image\": \"https://example.org/i.png\""));
	assert_null(strstr(doc, "attachments"));
	free(doc);
	entry_free(e);
	site_free(&c);
}

static void
test_items_in_order_with_authors(void **state)
{
	struct config c;
	struct entry *v[2];
	char *doc, *first, *second;

	(void)state;
	site(&c);
	v[0] = item("b", "Newer");
	v[1] = item("a", "Older");
	doc = render(&c, v, 2);
	/* Order as given (newest first); the site's author named in each item, as Atom does. */
	first = strstr(doc, "\"id\": \"b\"");
	second = strstr(doc, "\"id\": \"a\"");
	assert_non_null(first);
	assert_non_null(second);
	assert_true(first < second);
	assert_non_null(strstr(second, "\"authors\": [\n        {\n          \"name\": \"Desk\"\n"));
	free(doc);
	entry_free(v[0]);
	entry_free(v[1]);
	site_free(&c);
}

static void
test_escapes_and_utf8(void **state)
{
	struct config c;
	struct entry *e = item("urn:x", "\"q\" \\ </script> \xc3\xa9 \xf0\x9f\x98\x80 \xe2\x80\xa8 tab\tnl\n");
	char *doc;

	(void)state;
	site(&c);
	doc = render(&c, &e, 1);
	/* Only what JSON must escape is escaped: UTF-8 stays as it is, '/' is not escaped. */
	assert_non_null(strstr(doc, "\"title\": \"\\\"q\\\" \\\\ </script> \xc3\xa9 \xf0\x9f\x98\x80 "
	    "\xe2\x80\xa8 tab\\tnl\\n\","));
	assert_null(strstr(doc, "\\u"));
	free(doc);
	entry_free(e);
	site_free(&c);
}

static void
test_same_bytes(void **state)
{
	struct config c;
	struct entry *e = item("urn:x", "T");
	char *a, *b;
	int i;

	(void)state;
	site(&c);
	a = render(&c, &e, 1);
	for (i = 0; i < 20; i++) {
		b = render(&c, &e, 1);
		assert_string_equal(a, b);
		free(b);
	}
	free(a);
	entry_free(e);
	site_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_feed),
		cmocka_unit_test(test_top_level_members),
		cmocka_unit_test(test_item_members),
		cmocka_unit_test(test_items_in_order_with_authors),
		cmocka_unit_test(test_escapes_and_utf8),
		cmocka_unit_test(test_same_bytes),
	};

	return cmocka_run_group_tests_name("jsonfeed", tests, NULL, NULL);
}
