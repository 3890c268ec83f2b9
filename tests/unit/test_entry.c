/* test_entry.c: unit tests for one entry file to struct entry. */
#include "unit.h"
#include "config.h"
#include "diag.h"
#include "entry.h"
#include "schema.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Tests run from the top of the repository (make unit). */
#define ENTRY_RNG "schemas/entry.rng"

/* 2016-10-18T00:00:00-04:00, midnight in New York (EDT). */
#define OCT18_NY 1476763200

static char site_url[] = "https://news.example.org/";
static char site_host[] = "news.example.org";
static char slug_only[] = "{slug}";

struct fixture {
	char dir[64];
	struct config cfg;
	struct schema *sc;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);

	if (setenv("TZ", "America/New_York", 1) != 0)
		return -1;
	tzset();
	strcpy(f->dir, "/tmp/feedgen-test-entry-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	f->cfg.url = site_url;
	f->cfg.host = site_host;
	f->cfg.permalink = slug_only;
	f->cfg.timezone = NULL;
	diag_reset();
	if (!(f->sc = schema_load(ENTRY_RNG, "entry"))) {
		diag_flush();
		rmdir(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	schema_free(f->sc);
	rmdir(f->dir);
	free(f);
	diag_reset();
	return 0;
}

/*
 * Writes text to the fixture's folder as name, loads it, removes it. Sets
 * *err (newly allocated) to what was reported; the caller frees it.
 */
static struct entry *
load_with(struct fixture *f, const struct config *cfg, const char *name, const char *text,
    char **err)
{
	char *path = xasprintf("%s/%s", f->dir, name);
	FILE *fp = fopen(path, "w");
	struct entry *e;

	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
	diag_reset();
	e = entry_load(path, cfg, f->sc);
	if (e) {
		/* Unrendered until a feed keeps it; the parsed Markdown waits in e->md. */
		assert_null(e->html);
		assert_non_null(e->md);
		entry_render(e, 1);
		assert_null(e->md);
	}
	*err = flushed();
	assert_int_equal(unlink(path), 0);
	free(path);
	return e;
}

/* The entry must load with nothing reported. */
static struct entry *
load_ok(void **state, const char *name, const char *text)
{
	struct fixture *f = *state;
	char *err;
	struct entry *e = load_with(f, &f->cfg, name, text, &err);

	if (!e || *err)
		fail_msg("entry_load(\"%s\") reported:\n%s", name, err);
	free(err);
	assert_int_equal(diag_error_count(), 0);
	return e;
}

/* The entry must be refused with exactly this text, the path relative to the folder. */
static void
load_refused(void **state, const char *name, const char *text, const char *want)
{
	struct fixture *f = *state;
	char *err, *full = xasprintf("%s/%s", f->dir, want);
	struct entry *e = load_with(f, &f->cfg, name, text, &err);

	assert_null(e);
	assert_true(diag_error_count() > 0);
	assert_string_equal(err, full);
	free(full);
	free(err);
}

static const char basic[] =
    "---\n"
    "title: Some slug\n"
    "date: 2016-10-18\n"
    "---\n"
    "Body text.\n";

static void
test_default_id(void **state)
{
	struct fixture *f = *state;
	struct entry *e = load_ok(state, "2016-10-18-some-slug.md", basic);
	char *path = xasprintf("%s/2016-10-18-some-slug.md", f->dir);

	/* RFC 4151 tag URI from the host, the file name's date and the slug. */
	assert_string_equal(e->id, "tag:news.example.org,2016-10-18:some-slug");
	assert_int_equal(e->id_line, 0);
	assert_string_equal(e->slug, "some-slug");
	assert_string_equal(e->path, path);
	assert_string_equal(e->title, "Some slug");
	assert_string_equal(e->html, "<p>Body text.</p>\n");
	assert_null(e->summary);
	assert_null(e->author.name);
	assert_null(e->image_url);
	assert_int_equal(e->image_length, -1);
	assert_int_equal(e->ncategories, 0);
	assert_int_equal(e->has_expires, 0);
	assert_int_equal(e->draft, 0);
	free(path);
	entry_free(e);
}

static void
test_explicit_id(void **state)
{
	struct entry *e = load_ok(state, "2016-10-18-some-slug.md",
	    "---\ntitle: T\ndate: 2016-10-18\nid: urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a\n"
	    "---\n");

	assert_string_equal(e->id, "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a");
	assert_int_equal(e->id_line, 4);
	entry_free(e);
}

static void
test_default_link(void **state)
{
	struct entry *e = load_ok(state, "2016-10-18-some-slug.md", basic);

	assert_string_equal(e->link, "https://news.example.org/some-slug");
	entry_free(e);
}

static void
test_permalink_template(void **state)
{
	struct fixture *f = *state;
	struct config cfg = f->cfg;
	char tmpl[] = "news/{year}/{month}/{slug}.html";
	char tmpl_day[] = "{year}{month}{day}-{slug}/";
	struct entry *e;
	char *err;

	cfg.permalink = tmpl;
	e = load_with(f, &cfg, "2016-10-18-some-slug.md", basic, &err);
	assert_non_null(e);
	assert_string_equal(err, "");
	assert_string_equal(e->link, "https://news.example.org/news/2016/10/some-slug.html");
	entry_free(e);
	free(err);
	cfg.permalink = tmpl_day;
	e = load_with(f, &cfg, "2016-01-05-some-slug.md",
	    "---\ntitle: T\ndate: 2016-01-05\n---\n", &err);
	assert_non_null(e);
	assert_string_equal(err, "");
	assert_string_equal(e->link, "https://news.example.org/20160105-some-slug/");
	entry_free(e);
	free(err);
}

static void
test_undated_names(void **state)
{
	struct fixture *f = *state;
	struct config cfg = f->cfg;
	char tmpl[] = "{year}/{month}/{day}/{slug}/";
	struct entry *e;
	char *err, *dir;

	/* Refused while names are dated (the default). */
	e = load_with(f, &cfg, "my-post.md", basic, &err);
	assert_null(e);
	assert_non_null(strstr(err, "my-post.md: error: file name 'my-post.md' is not of the form "
	    "YYYY-MM-DD-slug.md"));
	free(err);
	cfg.undated_names = 1;
	cfg.permalink = tmpl;
	/* The id's and link's day: the date's in the site's zone (TZ: New York), not as written. */
	e = load_with(f, &cfg, "my-post.md", "---\ntitle: T\ndate: 2016-10-18T23:30:00-08:00\n---\n",
	    &err);
	assert_non_null(e);
	assert_string_equal(err, "");
	assert_string_equal(e->slug, "my-post");
	assert_string_equal(e->id, "tag:news.example.org,2016-10-19:my-post");
	assert_string_equal(e->link, "https://news.example.org/2016/10/19/my-post/");
	entry_free(e);
	free(err);
	/* Hugo's page bundle: the folder's name. */
	dir = xasprintf("%s/my-bundle", f->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	e = load_with(f, &cfg, "my-bundle/index.md", basic, &err);
	assert_int_equal(rmdir(dir), 0);
	free(dir);
	assert_non_null(e);
	assert_string_equal(err, "");
	assert_string_equal(e->slug, "my-bundle");
	entry_free(e);
	free(err);
	/* A dated name stays dated. */
	e = load_with(f, &cfg, "2016-10-18-some-slug.md", "---\ntitle: T\n---\n", &err);
	assert_non_null(e);
	assert_string_equal(err, "");
	assert_string_equal(e->slug, "some-slug");
	entry_free(e);
	free(err);
	e = load_with(f, &cfg, "my-post.md", "---\ntitle: T\n---\n", &err);
	assert_null(e);
	assert_non_null(strstr(err, "/my-post.md: error: no 'date', and the file name carries none "
	    "(expected a 'date' field such as 'date: 2025-01-29', as dated_names is false)\n"));
	free(err);
}

static void
test_permalink_categories(void **state)
{
	struct fixture *f = *state;
	struct config cfg = f->cfg;
	char tmpl[] = "/{categories}/{year}/{slug}.html";
	struct entry *e;
	char *err;

	cfg.permalink = tmpl;
	/* None: the token goes with the "/" after it, as Jekyll's :categories does. */
	e = load_with(f, &cfg, "2016-10-18-some-slug.md", basic, &err);
	assert_non_null(e);
	assert_string_equal(err, "");
	assert_string_equal(e->link, "https://news.example.org/2016/some-slug.html");
	entry_free(e);
	free(err);
	/* Jekyll's order ('categories', then 'category'), lower-cased, encoded, each once. */
	e = load_with(f, &cfg, "2016-10-18-some-slug.md", "---\ntitle: T\ndate: 2016-10-18\n"
	    "category: Release\ncategories: [Big News, \"\xc3\x9c" "ber\", big news, 100%, \"a?b#c\"]\n---\n",
	    &err);
	assert_non_null(e);
	assert_string_equal(err, "");
	assert_string_equal(e->link, "https://news.example.org/big%20news/%C3%BCber/100%25/a%3Fb%23c/"
	    "release/2016/some-slug.html");
	entry_free(e);
	free(err);
}

static void
test_explicit_link(void **state)
{
	struct entry *e;

	e = load_ok(state, "2016-10-18-some-slug.md",
	    "---\ntitle: T\ndate: 2016-10-18\nlink: rls/2016/x.htm\n---\n[top](#top)\n");
	assert_string_equal(e->link, "https://news.example.org/rls/2016/x.htm");
	/* A bare fragment in the body points into the entry's own page. */
	assert_string_equal(e->html,
	    "<p><a href=\"https://news.example.org/rls/2016/x.htm#top\">top</a></p>\n");
	entry_free(e);
	e = load_ok(state, "2016-10-18-some-slug.md",
	    "---\ntitle: T\ndate: 2016-10-18\nlink: https://other.example/a?b=1\n---\n");
	assert_string_equal(e->link, "https://other.example/a?b=1");
	entry_free(e);
}

static void
test_image_resolved(void **state)
{
	struct entry *e = load_ok(state, "2016-10-18-some-slug.md",
	    "---\n"
	    "title: T\n"
	    "date: 2016-10-18\n"
	    "image:\n"
	    "  url: images/x.jpg\n"
	    "  caption: A <b> \"c\"\n"
	    "  credit: State\n"
	    "  type: image/jpeg\n"
	    "  length: 123456\n"
	    "---\n"
	    "See [more](rls/).\n");

	assert_string_equal(e->image_url, "https://news.example.org/images/x.jpg");
	assert_string_equal(e->image_caption, "A <b> \"c\"");
	assert_string_equal(e->image_credit, "State");
	assert_string_equal(e->image_type, "image/jpeg");
	assert_int_equal(e->image_length, 123456);
	/* The image comes first, escaped; body links are absolute too. */
	assert_string_equal(e->html,
	    "<figure><img src=\"https://news.example.org/images/x.jpg\" alt=\"A &lt;b&gt; "
	    "&quot;c&quot;\" /><figcaption>A &lt;b&gt; &quot;c&quot; \xe2\x80\x94 State"
	    "</figcaption></figure>\n"
	    "<p>See <a href=\"https://news.example.org/rls/\">more</a>.</p>\n");
	entry_free(e);
}

static void
test_plain_date_midnight_new_york(void **state)
{
	struct entry *e = load_ok(state, "2016-10-18-some-slug.md", basic);

	assert_int_equal(e->date.t, OCT18_NY);
	assert_int_equal(e->date.off, -240);
	entry_free(e);
	/* In winter New York is five hours behind. */
	e = load_ok(state, "2016-01-15-winter.md", "---\ntitle: T\ndate: 2016-01-15\n---\n");
	assert_int_equal(e->date.t, 1452834000);
	assert_int_equal(e->date.off, -300);
	entry_free(e);
}

static void
test_date_time(void **state)
{
	struct entry *e = load_ok(state, "2016-10-18-some-slug.md",
	    "---\ntitle: T\ndate: 2016-10-18T10:00:00+05:30\n---\n");

	/* An explicit offset is kept as written, not the site's. */
	assert_int_equal(e->date.t, 1476765000);
	assert_int_equal(e->date.off, 330);
	entry_free(e);
}

static void
test_updated_defaults_to_date(void **state)
{
	struct entry *e = load_ok(state, "2016-10-18-some-slug.md", basic);

	assert_int_equal(e->updated.t, e->date.t);
	assert_int_equal(e->updated.off, e->date.off);
	entry_free(e);
	e = load_ok(state, "2016-10-18-some-slug.md",
	    "---\ntitle: T\ndate: 2016-10-18\nupdated: 2016-10-19T12:00:00Z\n---\n");
	assert_int_equal(e->date.t, OCT18_NY);
	assert_int_equal(e->updated.t, 1476878400);
	assert_int_equal(e->updated.off, 0);
	entry_free(e);
}

static void
test_updated_before_date(void **state)
{
	load_refused(state, "2016-10-18-some-slug.md",
	    "---\ntitle: T\ndate: 2016-10-18\nupdated: 2016-10-17\n---\n",
	    "2016-10-18-some-slug.md:4:10: error: 'updated' is before 'date' (expected the time "
	    "of the last change, at or after the date)\n");
}

static void
test_date_differs_from_name(void **state)
{
	load_refused(state, "2016-10-18-some-slug.md",
	    "---\ntitle: T\ndate: 2016-10-19\n---\n",
	    "2016-10-18-some-slug.md:3:7: error: 'date' is 2016-10-19 but the file name says "
	    "2016-10-18 (expected the same day; rename the file or fix the date)\n");
}

static void
test_categories(void **state)
{
	struct entry *e;

	e = load_ok(state, "2016-10-18-some-slug.md",
	    "---\ntitle: T\ndate: 2016-10-18\ncategories: reports\n---\n");
	assert_int_equal(e->ncategories, 1);
	assert_string_equal(e->categories[0], "reports");
	entry_free(e);
	e = load_ok(state, "2016-10-18-some-slug.md",
	    "---\ntitle: T\ndate: 2016-10-18\ncategories:\n  - reports\n  - grants\n"
	    "  - Human Trafficking\n---\n");
	assert_int_equal(e->ncategories, 3);
	assert_string_equal(e->categories[0], "reports");
	assert_string_equal(e->categories[1], "grants");
	assert_string_equal(e->categories[2], "Human Trafficking");
	entry_free(e);
	e = load_ok(state, "2016-10-18-some-slug.md",
	    "---\ntitle: T\ndate: 2016-10-18\ncategories: []\n---\n");
	assert_int_equal(e->ncategories, 0);
	entry_free(e);
}

static void
test_tags(void **state)
{
	struct entry *e;

	e = load_ok(state, "2016-10-18-some-slug.md",
	    "---\ntitle: T\ndate: 2016-10-18\ntags: elections\n---\n");
	assert_int_equal(e->ntags, 1);
	assert_string_equal(e->tags[0], "elections");
	assert_int_equal(e->ncategories, 0);
	entry_free(e);
	e = load_ok(state, "2016-10-18-some-slug.md",
	    "---\ntitle: T\ndate: 2016-10-18\ncategories: [reports]\ntags:\n  - budget\n"
	    "  - Parliament\n---\n");
	assert_int_equal(e->ntags, 2);
	assert_string_equal(e->tags[0], "budget");
	assert_string_equal(e->tags[1], "Parliament");
	assert_int_equal(e->ncategories, 1);
	entry_free(e);
	e = load_ok(state, "2016-10-18-some-slug.md",
	    "---\ntitle: T\ndate: 2016-10-18\ntags: []\n---\n");
	assert_int_equal(e->ntags, 0);
	entry_free(e);
}

static void
test_draft(void **state)
{
	struct entry *e;

	e = load_ok(state, "2016-10-18-some-slug.md",
	    "---\ntitle: T\ndate: 2016-10-18\ndraft: true\n---\n");
	assert_int_equal(e->draft, 1);
	entry_free(e);
	e = load_ok(state, "2016-10-18-some-slug.md",
	    "---\ntitle: T\ndate: 2016-10-18\ndraft: false\n---\n");
	assert_int_equal(e->draft, 0);
	entry_free(e);
}

static void
test_author(void **state)
{
	struct entry *e;

	e = load_ok(state, "2016-10-18-some-slug.md",
	    "---\ntitle: T\ndate: 2016-10-18\nauthor: Jane Doe\n---\n");
	assert_string_equal(e->author.name, "Jane Doe");
	assert_null(e->author.email);
	assert_null(e->author.uri);
	entry_free(e);
	e = load_ok(state, "2016-10-18-some-slug.md",
	    "---\ntitle: T\ndate: 2016-10-18\nauthor:\n  name: Jane Doe\n  email: j@example.org\n"
	    "  uri: people/jane/\n---\n");
	assert_string_equal(e->author.name, "Jane Doe");
	assert_string_equal(e->author.email, "j@example.org");
	assert_string_equal(e->author.uri, "https://news.example.org/people/jane/");
	entry_free(e);
}

static void
test_yaml_entry_with_body(void **state)
{
	struct entry *e = load_ok(state, "2016-10-18-yaml-one.yaml",
	    "title: Y\n"
	    "date: 2016-10-18T10:00:00-04:00\n"
	    "summary: Short.\n"
	    "body: |\n"
	    "  Hello [x](y.html).\n"
	    "\n"
	    "  Second *paragraph*.\n");

	assert_string_equal(e->slug, "yaml-one");
	assert_string_equal(e->title, "Y");
	assert_string_equal(e->summary, "Short.");
	assert_int_equal(e->date.t, 1476799200);
	assert_string_equal(e->id, "tag:news.example.org,2016-10-18:yaml-one");
	assert_string_equal(e->link, "https://news.example.org/yaml-one");
	assert_string_equal(e->html, "<p>Hello <a href=\"https://news.example.org/y.html\">x</a>."
	    "</p>\n<p>Second <em>paragraph</em>.</p>\n");
	entry_free(e);
}

static void
test_yaml_entry_without_body(void **state)
{
	struct entry *e = load_ok(state, "2016-10-18-no-body.yml", "title: Y\ndate: 2016-10-18\n");

	assert_string_equal(e->slug, "no-body");
	assert_string_equal(e->html, "");
	entry_free(e);
}

static void
test_md_raw_html_line(void **state)
{
	struct fixture *f = *state;
	char *err, *want;
	struct entry *e = load_with(f, &f->cfg, "2016-10-18-some-slug.md",
	    "---\ntitle: T\ndate: 2016-10-18\n---\nText.\n\n<div>x</div>\n", &err);

	/* A warning only: the entry loads, with the HTML left out. */
	assert_non_null(e);
	assert_int_equal(diag_error_count(), 0);
	want = xasprintf("%s/2016-10-18-some-slug.md:7:1: warning: raw HTML is left out of the "
	    "feeds (write it in Markdown)\n", f->dir);
	assert_string_equal(err, want);
	assert_string_equal(e->html, "<p>Text.</p>\n<!-- raw HTML omitted -->\n");
	free(want);
	free(err);
	entry_free(e);
}

static void
test_yaml_raw_html_line(void **state)
{
	struct fixture *f = *state;
	char *err, *want;
	struct entry *e = load_with(f, &f->cfg, "2016-10-18-yaml-html.yaml",
	    "title: Y\ndate: 2016-10-18\n\nbody: |\n  Hello.\n\n  <div>x</div>\n", &err);

	/* The body's third line is line 7 of the file: the block starts on line 4. */
	assert_non_null(e);
	want = xasprintf("%s/2016-10-18-yaml-html.yaml:7:", f->dir);
	assert_true(strncmp(err, want, strlen(want)) == 0);
	assert_non_null(strstr(err, ": warning: raw HTML is left out of the feeds (write it in "
	    "Markdown)\n"));
	assert_int_equal(strchr(err, '\n')[1], '\0');
	assert_string_equal(e->html, "<p>Hello.</p>\n<!-- raw HTML omitted -->\n");
	free(want);
	free(err);
	entry_free(e);
}

static void
test_body_key_in_md(void **state)
{
	load_refused(state, "2016-10-18-some-slug.md",
	    "---\ntitle: T\ndate: 2016-10-18\nbody: text\n---\n",
	    "2016-10-18-some-slug.md:4:1: error: 'body' is for .yaml entries (expected the text of "
	    "a .md entry below the closing '---')\n");
}

static void
test_candidate(void **state)
{
	(void)state;
	assert_true(entry_is_candidate("2016-10-18-a.md"));
	assert_true(entry_is_candidate("2016-10-18-a.yaml"));
	assert_true(entry_is_candidate("2016-10-18-a.yml"));
	assert_false(entry_is_candidate(".2016-10-18-a.md"));
	assert_false(entry_is_candidate("2016-10-18-a.md~"));
	assert_false(entry_is_candidate("2016-10-18-a.txt"));
	assert_false(entry_is_candidate("README"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_id),
		cmocka_unit_test(test_explicit_id),
		cmocka_unit_test(test_default_link),
		cmocka_unit_test(test_permalink_template),
		cmocka_unit_test(test_permalink_categories),
		cmocka_unit_test(test_undated_names),
		cmocka_unit_test(test_explicit_link),
		cmocka_unit_test(test_image_resolved),
		cmocka_unit_test(test_plain_date_midnight_new_york),
		cmocka_unit_test(test_date_time),
		cmocka_unit_test(test_updated_defaults_to_date),
		cmocka_unit_test(test_updated_before_date),
		cmocka_unit_test(test_date_differs_from_name),
		cmocka_unit_test(test_categories),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_draft),
		cmocka_unit_test(test_author),
		cmocka_unit_test(test_yaml_entry_with_body),
		cmocka_unit_test(test_yaml_entry_without_body),
		cmocka_unit_test(test_md_raw_html_line),
		cmocka_unit_test(test_yaml_raw_html_line),
		cmocka_unit_test(test_body_key_in_md),
		cmocka_unit_test(test_candidate),
	};

	return cmocka_run_group_tests_name("entry", tests, setup, teardown);
}
