/* test_schema.c: unit tests for the entry grammar's checks and their messages. */
#include "unit.h"
#include "diag.h"
#include "schema.h"
#include "source.h"
#include "ynode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Tests run from the top of the repository (make unit). */
#define ENTRY_RNG "schemas/entry.rng"

static const char fields[] = "title, date, updated, expires, id, author, summary, "
    "description, excerpt, category, categories, tags, link, image, draft, retracted, lang, body";

static int
setup(void **state)
{
	struct schema *s;

	diag_reset();
	s = schema_load(ENTRY_RNG, "entry");
	if (!s) {
		diag_flush();
		fprintf(stderr, "test_schema: cannot load %s (run from the repository top)\n",
		    ENTRY_RNG);
		return -1;
	}
	*state = s;
	return 0;
}

static int
teardown(void **state)
{
	schema_free(*state);
	diag_reset();
	return 0;
}

/* Front matter of e.md (lineoff 1), as entry.c parses it, with this many YAML problems. */
static struct ynode *
tree_with(const char *yaml, int problems)
{
	struct source *src = source_from("e.md", yaml, strlen(yaml));
	struct ynode *root = NULL;

	assert_non_null(src);
	assert_int_equal(ynode_parse(src, 0, src->len, 1, &root), problems);
	assert_non_null(root);
	source_free(src);
	return root;
}

static struct ynode *
tree(const char *yaml)
{
	return tree_with(yaml, 0);
}

/* Checks yaml and expects exactly n errors printed as want. */
static void
check(void **state, const char *yaml, int n, const char *want)
{
	struct ynode *root = tree(yaml);

	diag_reset();
	assert_int_equal(schema_check(*state, root, "e.md"), n);
	assert_int_equal(diag_error_count(), n);
	assert_flushed(want);
	ynode_free(root);
	diag_reset();
}

static void
test_valid_minimal(void **state)
{
	check(state, "title: The 2016 TIP Report\ndate: 2016-10-18\n", 0, "");
}

static void
test_valid_full(void **state)
{
	check(state,
	    "title: The 2016 TIP Report\n"
	    "date: 2016-10-18T10:00:00-04:00\n"
	    "updated: 2016-10-19\n"
	    "expires: 2017-10-18\n"
	    "id: tag:example.org,2016-10-18:report\n"
	    "author:\n"
	    "  name: Office to Monitor and Combat Trafficking in Persons\n"
	    "  email: tipinfo@example.org\n"
	    "  uri: https://2009-2017.state.gov/j/tip/\n"
	    "summary: |\n"
	    "  Two lines\n"
	    "  of summary.\n"
	    "categories: [reports, grants]\n"
	    "link: rls/tiprpt/2016/\n"
	    "image:\n"
	    "  url: images/report.jpg\n"
	    "  caption: The cover\n"
	    "  credit: State Department\n"
	    "  type: image/jpeg\n"
	    "  length: 123456\n"
	    "draft: false\n"
	    "lang: en-US\n", 0, "");
	/* The shorter forms: author as a name, one category as text. */
	check(state, "title: T\ndate: 2016-10-18\nauthor: Jane Doe\ncategories: reports\n"
	    "draft: true\n", 0, "");
}

static void
test_missing_title(void **state)
{
	check(state, "date: 2016-10-18\n", 1,
	    "e.md:2:1: error: missing required field 'title' (expected one line of text)\n");
}

static void
test_missing_both(void **state)
{
	/* Every problem is reported, not just the first. */
	check(state, "summary: s\n", 2,
	    "e.md:2:1: error: missing required field 'title' (expected one line of text)\n"
	    "e.md:2:1: error: missing required field 'date' (expected YYYY-MM-DD, an RFC 3339 date-time such as 2016-10-18T10:00:00-04:00, or Jekyll's "
	    "2016-10-18 10:00:00 -0400)\n");
}

static void
test_unknown_field(void **state)
{
	char want[512];

	snprintf(want, sizeof want, "e.md:4:1: error: unknown field 'colour' (expected one of: "
	    "%s)\n", fields);
	check(state, "title: T\ndate: 2016-10-18\ncolour: red\n", 1, want);
	/* "item" is how lists are written in XML, not a field. */
	snprintf(want, sizeof want, "e.md:4:1: error: unknown field 'item' (expected one of: "
	    "%s)\n", fields);
	check(state, "title: T\ndate: 2016-10-18\nitem: x\n", 1, want);
}

static void
test_unknown_field_near_miss(void **state)
{
	char want[512];

	check(state, "title: T\ndate: 2016-10-18\ntitel: red\n", 1,
	    "e.md:4:1: error: unknown field 'titel' (did you mean 'title'?)\n");
	snprintf(want, sizeof want,
	    "e.md:4:1: error: unknown field 'title2' (did you mean 'title'?)\n"
	    "e.md:5:1: error: unknown field 'xyz' (expected one of: %s)\n", fields);
	check(state, "title: T\ndate: 2016-10-18\ntitle2: x\nxyz: 1\n", 2, want);
}

static void
test_near_ignored_field(void **state)
{
	char layout[] = "layout", redirect[] = "redirect_from", *ignored[] = {layout, redirect}, want[1024];

	schema_ignore(*state, ignored, 2);
	snprintf(want, sizeof want,
	    "e.md:4:1: error: unknown field 'layuot' (did you mean 'layout', which ignore_fields lists?)\n"
	    "e.md:5:1: error: unknown field 'titel' (did you mean 'title'?)\n"
	    "e.md:6:1: error: unknown field 'xyz' (expected one of: %s)\n", fields);
	check(state, "title: T\ndate: 2016-10-18\nlayuot: post\ntitel: red\nxyz: 1\n", 3, want);
	/* Only at the root: the ignored names are entry fields. */
	check(state, "title: T\ndate: 2016-10-18\nimage:\n  url: a.jpg\n  layout: x\n", 1,
	    "e.md:6:3: error: unknown field 'image.layout' (expected one of: url, alt, caption, credit, "
	    "type, length)\n");
	schema_ignore(*state, NULL, 0);
}

static void
test_draft_maybe(void **state)
{
	struct ynode *root = tree("title: T\ndate: 2016-10-18\ndraft: maybe\n");

	diag_reset();
	assert_int_equal(schema_check(*state, root, "e.md"), 1);
	assert_flushed("e.md:4:8: error: 'draft' has an invalid value 'maybe' "
	    "(expected true or false)\n");
	/* The refused value is marked, and only it. */
	assert_int_equal(ynode_get(root, "draft")->bad, 1);
	assert_int_equal(ynode_get(root, "title")->bad, 0);
	assert_int_equal(root->bad, 0);
	ynode_free(root);
	diag_reset();
}

static void
test_title_list(void **state)
{
	check(state, "title: [a, b]\ndate: 2016-10-18\n", 1,
	    "e.md:2:8: error: 'title' must be text, not a list (expected one line of text)\n");
	check(state, "title:\n  x: y\ndate: 2016-10-18\n", 1,
	    "e.md:3:3: error: 'title' must be text, not a mapping (expected one line of text)\n");
}

static void
test_title_text_rules(void **state)
{
	check(state, "title: \"\"\ndate: 2016-10-18\n", 1,
	    "e.md:2:8: error: 'title' is empty (expected one line of text)\n");
	check(state, "title: \"   \"\ndate: 2016-10-18\n", 1,
	    "e.md:2:8: error: 'title' has an invalid value '   ' (expected one line of text)\n");
}

static void
test_image_as_text(void **state)
{
	check(state, "title: T\ndate: 2016-10-18\nimage: pic.jpg\n", 1,
	    "e.md:4:8: error: 'image' must be a mapping, not text (expected a mapping with url "
	    "and optional alt, caption, credit, type, length)\n");
}

static void
test_image_fields(void **state)
{
	check(state, "title: T\ndate: 2016-10-18\nimage:\n  caption: c\n", 1,
	    "e.md:4:1: error: missing required field 'image.url' (expected a URL, absolute or "
	    "relative to the site URL)\n");
	check(state, "title: T\ndate: 2016-10-18\nimage:\n  url: \"a\\nb\"\n  length: -1\n", 2,
	    "e.md:5:8: error: 'image.url' has an invalid value 'a\\nb' (expected a URL, absolute "
	    "or relative to the site URL)\n"
	    "e.md:6:11: error: 'image.length' has an invalid value '-1' (expected the file size "
	    "in bytes, a whole number)\n");
}

/* What the shape walk cannot see (a name required inside a choice) is found field by field. */
static void
test_structured_field_named(void **state)
{
	check(state, "title: T\ndate: 2016-10-18\nauthor:\n  email: a@example.org\n", 1,
	    "e.md:4:1: error: 'author' does not match the schema (expected a name, or a mapping "
	    "with name and optional email and uri)\n");
}

/* Every problem in one run: the walk's and the per-field check's together. */
static void
test_structured_field_with_other_errors(void **state)
{
	check(state, "title: [a]\ndate: 2016-10-18\nauthor:\n  email: a@example.org\n", 2,
	    "e.md:2:8: error: 'title' must be text, not a list (expected one line of text)\n"
	    "e.md:4:1: error: 'author' does not match the schema (expected a name, or a mapping "
	    "with name and optional email and uri)\n");
}

static void
test_nested_unknown(void **state)
{
	check(state, "title: T\ndate: 2016-10-18\nauthor:\n  name: A\n  phone: 555\n", 1,
	    "e.md:6:3: error: unknown field 'author.phone' (expected one of: name, email, uri)\n");
}

/* A field name longer than schema.c's buffer for it is made in full. */
static void
test_long_field_names(void **state)
{
	check(state, "title: T\ndate: 2016-10-18\nauthor:\n  name: A\n"
	    "  a_key_of_sixty_characters_that_no_schema_knows_of_0123456789: 1\n", 1,
	    "e.md:6:3: error: unknown field 'author.a_key_of_sixty_characters_that_no_schema_knows_"
	    "of_0123456789' (expected one of: name, email, uri)\n");
	check(state, "title: T\ndate: 2016-10-18\n"
	    "a_key_of_seventy_characters_that_no_schema_knows_of_0123456789abcdefgh: 1\n", 1,
	    "e.md:4:1: error: unknown field 'a_key_of_seventy_characters_that_no_schema_knows_of_"
	    "0123456789abcdefgh' (expected one of: title, date, updated, expires, id, author, "
	    "summary, description, excerpt, category, categories, tags, link, image, draft, retracted, "
	    "lang, body)\n");
}

static void
test_author_list(void **state)
{
	check(state, "title: T\ndate: 2016-10-18\nauthor: [Jane]\n", 1,
	    "e.md:4:9: error: 'author' must be a mapping, not a list (expected a name, or a "
	    "mapping with name and optional email and uri)\n");
}

static void
test_categories(void **state)
{
	check(state, "title: T\ndate: 2016-10-18\ncategories: {a: 1}\n", 1,
	    "e.md:4:13: error: 'categories' must be a list, not a mapping (expected a list of "
	    "categories such as [reports, grants])\n");
	check(state, "title: T\ndate: 2016-10-18\ncategories: [a, [b], \"\"]\n", 2,
	    "e.md:4:17: error: 'categories[2]' must be text, not a list (expected one line of "
	    "text)\n"
	    "e.md:4:22: error: 'categories[3]' is empty (expected one line of text)\n");
}

static void
test_bad_values(void **state)
{
	check(state, "title: T\ndate: 18/10/2016\n", 1,
	    "e.md:3:7: error: 'date' has an invalid value '18/10/2016' (expected YYYY-MM-DD, an RFC 3339 date-time such as 2016-10-18T10:00:00-04:00, or Jekyll's "
	    "2016-10-18 10:00:00 -0400)\n");
	check(state, "title: T\ndate: 2016-10-18\nid: no scheme\n", 1,
	    "e.md:4:5: error: 'id' has an invalid value 'no scheme' (expected a URI with a scheme "
	    "and no spaces, such as tag:example.org,2016-10-18:slug)\n");
	check(state, "title: T\ndate: 2016-10-18\nlang: english language\n", 1,
	    "e.md:4:7: error: 'lang' has an invalid value 'english language' (expected a "
	    "language tag such as en or en-US)\n");
	check(state, "title: T\ndate: 2016-10-18\nauthor:\n  name: A\n  email: nobody\n", 1,
	    "e.md:6:10: error: 'author.email' has an invalid value 'nobody' (expected an e-mail "
	    "address such as news@example.org)\n");
}

static void
test_errors_in_line_order(void **state)
{
	char want[1024];

	/* Found in check order, printed in file order. */
	snprintf(want, sizeof want,
	    "e.md:2:1: error: missing required field 'title' (expected one line of text)\n"
	    "e.md:2:8: error: 'draft' has an invalid value 'no' (expected true or false)\n"
	    "e.md:3:1: error: unknown field 'colour' (expected one of: %s)\n"
	    "e.md:4:7: error: 'date' has an invalid value 'soon' (expected YYYY-MM-DD, an RFC 3339 date-time such as 2016-10-18T10:00:00-04:00, or Jekyll's "
	    "2016-10-18 10:00:00 -0400)\n", fields);
	check(state, "draft: no\ncolour: red\ndate: soon\n", 4, want);
}

static void
test_root_not_mapping(void **state)
{
	check(state, "- a\n", 1,
	    "e.md:2:1: error: expected a mapping of 'key: value' lines, found a list\n");
	check(state, "just text\n", 1,
	    "e.md:2:1: error: expected a mapping of 'key: value' lines, found text\n");
}

static void
test_load_failures(void **state)
{
	char *text;

	(void)state;
	diag_reset();
	assert_null(schema_load(ENTRY_RNG, "config"));
	assert_int_equal(diag_error_count(), 1);
	assert_flushed("schemas/entry.rng: error: schema does not start with element "
	    "'config'\n");
	diag_reset();
	assert_null(schema_load("schemas/no-such-schema.rng", "entry"));
	/* An unreadable schema is the system's problem (exit 3), not the newsroom's. */
	assert_int_equal(diag_error_count(), 0);
	assert_int_equal(diag_status(), EXIT_SYSTEM);
	text = flushed();
	assert_string_equal(text, "schemas/no-such-schema.rng: error: cannot read the schema: "
	    "No such file or directory\n");
	free(text);
	diag_reset();
	schema_free(NULL);
}

/*
 * A value ynode_parse refused (an alias, a forbidden escape) is not named again,
 * as empty or as failing the whole grammar; the other fields are still checked.
 */
static void
test_refused_by_yaml_not_named_again(void **state)
{
	struct ynode *root = tree_with("title: *t\ndate: 2016-10-18\nsummary: \"\\a\"\n"
	    "lang: english language\n", 2);

	free(flushed());	/* ynode_parse's own two messages */
	diag_reset();
	assert_int_equal(schema_check(*state, root, "e.md"), 1);
	assert_int_equal(diag_error_count(), 1);
	assert_flushed("e.md:5:7: error: 'lang' has an invalid value 'english language' (expected a "
	    "language tag such as en or en-US)\n");
	ynode_free(root);
	diag_reset();
}

/* Writes text to a temporary grammar file and loads it; the caller frees the name. */
static struct schema *
load_text(const char *text, const char *root, char **name)
{
	char tmpl[] = "/tmp/test_schema_XXXXXX";
	int fd = mkstemp(tmpl);
	struct schema *s;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	s = schema_load(tmpl, root);
	unlink(tmpl);
	*name = strdup(tmpl);
	return s;
}

#define GRAMMAR_HEAD "<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\"><start>"
#define GRAMMAR_TAIL "</start></grammar>"

/* What the C reads without a check stays required, and stays text. */
static void
test_needs_kept(void **state)
{
	char *name, want[512];

	(void)state;
	diag_reset();
	assert_null(load_text(GRAMMAR_HEAD "<element name=\"entry\"><interleave>"
	    "<optional><element name=\"title\"><text/></element></optional>"
	    "<element name=\"date\"><element name=\"day\"><text/></element></element>"
	    "</interleave></element>" GRAMMAR_TAIL, "entry", &name));
	snprintf(want, sizeof want, "%s: error: 'date' must stay text (feedgen reads it as one value, "
	    "not a mapping or a list)\n"
	    "%s: error: 'title' must stay required (feedgen needs it in every entry)\n", name, name);
	assert_int_equal(diag_error_count(), 2);
	assert_flushed(want);
	free(name);
	diag_reset();
	/* In a choice, a field is not always there; author may be a mapping. */
	assert_null(load_text(GRAMMAR_HEAD "<element name=\"config\"><interleave>"
	    "<choice><element name=\"title\"><text/></element><element name=\"name\"><text/></element></choice>"
	    "<element name=\"url\"><text/></element>"
	    "<element name=\"author\"><element name=\"name\"><text/></element></element>"
	    "</interleave></element>" GRAMMAR_TAIL, "config", &name));
	snprintf(want, sizeof want, "%s: error: 'title' must stay required (feedgen needs it in the "
	    "configuration)\n", name);
	assert_flushed(want);
	free(name);
	diag_reset();
	assert_null(load_text(GRAMMAR_HEAD "<element name=\"config\"><interleave>"
	    "<element name=\"title\"><text/></element><element name=\"url\"><text/></element>"
	    "<element name=\"author\"><oneOrMore><element name=\"item\"><text/></element></oneOrMore></element>"
	    "</interleave></element>" GRAMMAR_TAIL, "config", &name));
	snprintf(want, sizeof want, "%s: error: 'author' must stay text or a mapping (feedgen reads "
	    "no list there)\n", name);
	assert_flushed(want);
	free(name);
	diag_reset();
}

static void
test_extension_may_add_and_tighten(void **state)
{
	struct schema *s;
	char *name;

	(void)state;
	diag_reset();
	s = load_text(GRAMMAR_HEAD "<element name=\"entry\"><interleave>"
	    "<element name=\"title\"><data type=\"string\" datatypeLibrary="
	    "\"http://www.w3.org/2001/XMLSchema-datatypes\"><param name=\"pattern\">[A-Z].*</param></data></element>"
	    "<element name=\"date\"><text/></element>"
	    "<element name=\"region\"><choice><value>us</value><value>eu</value></choice></element>"
	    "<optional><element name=\"extra\"><element name=\"x\"><text/></element></element></optional>"
	    "</interleave></element>" GRAMMAR_TAIL, "entry", &name);
	assert_non_null(s);
	assert_int_equal(diag_error_count(), 0);
	schema_free(s);
	free(name);
	diag_reset();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_minimal),
		cmocka_unit_test(test_valid_full),
		cmocka_unit_test(test_missing_title),
		cmocka_unit_test(test_missing_both),
		cmocka_unit_test(test_unknown_field),
		cmocka_unit_test(test_unknown_field_near_miss),
		cmocka_unit_test(test_near_ignored_field),
		cmocka_unit_test(test_draft_maybe),
		cmocka_unit_test(test_title_list),
		cmocka_unit_test(test_title_text_rules),
		cmocka_unit_test(test_image_as_text),
		cmocka_unit_test(test_image_fields),
		cmocka_unit_test(test_nested_unknown),
		cmocka_unit_test(test_structured_field_named),
		cmocka_unit_test(test_structured_field_with_other_errors),
		cmocka_unit_test(test_refused_by_yaml_not_named_again),
		cmocka_unit_test(test_long_field_names),
		cmocka_unit_test(test_author_list),
		cmocka_unit_test(test_categories),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_errors_in_line_order),
		cmocka_unit_test(test_root_not_mapping),
		cmocka_unit_test(test_load_failures),
		cmocka_unit_test(test_needs_kept),
		cmocka_unit_test(test_extension_may_add_and_tighten),
	};

	return cmocka_run_group_tests_name("schema", tests, setup, teardown);
}
