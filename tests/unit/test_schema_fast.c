/*
 * test_schema_fast.c: schema.c's shortcuts give libxml2's RelaxNG verdicts.
 *
 * Every value found in the golden cases and the fuzz corpus (each line, the
 * text after "key: ", each whole file) and generated ones (empty, blanks,
 * newlines, long, Unicode, near misses) goes through every field of each
 * grammar both ways: schema_check's check and libxml2's RelaxNG alone. Every
 * document (the same files, and generated ones) that schema_check passes
 * without the whole-document check must be one libxml2 accepts as a whole.
 */
#include "unit.h"
#include "diag.h"
#include "schema.h"
#include "source.h"
#include "ynode.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXT_RNG "tests/golden/schema-extension/schemas/entry.rng"

/* Forgets what the code under test reported: here only verdicts count. */
static void
discard(void)
{
	free(flushed());
	diag_reset();
}

struct strs {
	char **v;
	size_t n;
};

static void
push(struct strs *s, const char *text, size_t len)
{
	char *c = malloc(len + 1);

	assert_non_null(c);
	memcpy(c, text, len);
	c[len] = '\0';
	s->v = realloc(s->v, (s->n + 1) * sizeof *s->v);
	assert_non_null(s->v);
	s->v[s->n++] = c;
}

static void
push_str(struct strs *s, const char *text)
{
	push(s, text, strlen(text));
}

static void
strs_free(struct strs *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static int
by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
unique(struct strs *s)
{
	size_t i, k = 0;

	qsort(s->v, s->n, sizeof *s->v, by_text);
	for (i = 0; i < s->n; i++)
		if (k && strcmp(s->v[k - 1], s->v[i]) == 0)
			free(s->v[i]);
		else
			s->v[k++] = s->v[i];
	s->n = k;
}

/* Every regular file under dir (entry files, configurations, corpus). */
static void
files_under(const char *dir, struct strs *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[4096];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode))
			files_under(path, out);
		else if (S_ISREG(st.st_mode) && st.st_size < (1 << 20) &&
		    (strstr(e->d_name, ".md") || strstr(e->d_name, ".yaml") ||
		     strstr(path, "fuzz/corpus")))
			push_str(out, path);
	}
	closedir(d);
}

/* The files' text as a source, or NULL when source.c refuses the bytes. */
static struct source *
read_source(const char *path)
{
	struct source *src;

	src = source_read(path);
	discard();
	return src;
}

/* Each line, the part after "key: " with any quotes, and the whole file. */
static void
values_of(const struct source *src, struct strs *out)
{
	const char *p = src->data, *end = src->data + src->len;

	if (src->len < (64 << 10))
		push(out, src->data, src->len);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *colon;
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		push(out, p, len);
		colon = memchr(p, ':', len);
		if (colon && colon + 1 < p + len && colon[1] == ' ') {
			const char *v = colon + 2, *ve = p + len;

			push(out, v, (size_t)(ve - v));
			if (ve - v >= 2 && (*v == '"' || *v == '\'') && ve[-1] == *v)
				push(out, v + 1, (size_t)(ve - v - 2));
		}
		p += len + 1;
	}
}

/* Values no file holds: blanks, line ends, long, Unicode, near misses. */
static void
generated_values(struct strs *out)
{
	static const char *const fixed[] = {
		"", " ", "  ", "\t", "\n", "\r", "\r\n", " \n ", "\t \n", "a", " a", "a ", " a ",
		"\ta", "a\t", "a\n", "\na", "a\nb", "a\r\nb", "a\rb", "a  b", "a \n b",
		"true", "false", " true", "true ", " true\t", "true\n", "\ntrue\n", "tr ue", "TRUE",
		"true false", "truefalse", "europe", " asia\t", "americas\n", "Europe", "rss", "atom",
		" rss ", "rss atom", "2016-10-18", "2016-10-18T10:00:00-04:00", "2016-10-18 10:00",
		"2016-10-18T10:00:00.123Z", "2016-10-18t10:00z", "2016-1-18", "16-10-18",
		" 2016-10-18", "2016-10-18 ", "2016-10-18\n", "https://example.org/", "http://x",
		"HTTPS://EXAMPLE.ORG/a b", "ftp://example.org/", "https:/x", "tag:example.org,2016:x",
		"x:", ":x", "1x:y", "a@b", "a@b@c", "@b", "a@", " a@b", "news@example.org",
		"image/jpeg", "image/svg+xml", "Image/jpeg", "image/", "/jpeg", "0", "1", "9",
		"10", "11", "99", "123", "9999", "10000", "10001", "012", "1.5", "0.5", ".5",
		"1.", "12345", "123456", "999999999999999", "9999999999999999", "en", "en-US",
		"en-", "-en", "abcdefghi", "x-klingon-abcdefgh", "America/New_York", "UTC",
		"Etc/GMT+5", "/UTC", "a//b", "caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
		"\xc2\xa0", "\xc2\xa0x", "x\xc2\xa0", "x\xe2\x80\xa8y", "\xe3\x80\x80",
		"\xe2\x80\x83x", "\xf0\x9f\x93\xb0 news", "-", "--", "*", "[a]", "{a}",
		"a\\b", "a|b", "(", ")", ".", "item", "{slug}/", "news/{year}/{slug}.html",
	};
	static const char *const units[] = {"a", " ", "\n", "x ", "\xc3\xa9", "1", "\t"};
	size_t i, u, n;

	for (i = 0; i < sizeof fixed / sizeof *fixed; i++)
		push_str(out, fixed[i]);
	for (u = 0; u < sizeof units / sizeof *units; u++)
		for (n = 1; n <= 10000; n *= 10) {
			size_t len = strlen(units[u]), k;
			char *s = malloc(n * len + 3);

			assert_non_null(s);
			for (k = 0; k < n; k++)
				memcpy(s + k * len, units[u], len);
			s[n * len] = '\0';
			push_str(out, s);
			s[n * len] = 'z';	/* the same run, then something */
			s[n * len + 1] = '\0';
			push_str(out, s);
			free(s);
		}
}

static void
all_values(struct strs *values, struct strs *paths)
{
	size_t i;

	files_under("tests/golden", paths);
	files_under("tests/fuzz/corpus", paths);
	assert_true(paths->n > 100);
	for (i = 0; i < paths->n; i++) {
		struct source *src = read_source(paths->v[i]);

		if (src)
			values_of(src, values);
		source_free(src);
	}
	generated_values(values);
	unique(values);
}

struct grammar {
	const char *path, *root;
	const char *const *fields;	/* every field that may hold text, dotted */
	const char *const *slow;	/* those left to RelaxNG: no check of their own */
};

static const char *const entry_fields[] = {"title", "date", "updated", "expires", "id", "author",
	"author.name", "author.email", "author.uri", "summary", "categories", "categories.item",
	"link", "image.url", "image.caption", "image.credit", "image.type", "image.length", "draft",
	"lang", "body", "region", NULL};
static const char *const config_fields[] = {"title", "url", "subtitle", "feed_url", "id",
	"language", "author", "author.name", "author.email", "author.uri", "rights", "icon", "logo",
	"timezone", "permalink", "entries", "output", "private", "schemas", "limit", "lock_timeout",
	"hubs.item", "websub.timeout", "websub.connect_timeout", "websub.attempts", "websub.backoff",
	"websub.retry_after_max", "feeds.item", NULL};
/* Forms a leaf check must leave to RelaxNG, and forms it must get right. */
static const char *const tricky_fields[] = {"tok", "str", "typed", "two", "either", "nullable",
	"list", "list.item", "token_data", "excepted", "length", "group", NULL};
static const char *const tricky_slow[] = {"str", "typed", "token_data", "excepted", "length",
	"group", NULL};
static const char *const none[] = {NULL};
static const char *const opened_fields[] = {"title", "date", NULL};
static const char *const ids_fields[] = {"title", "date", "key", NULL};
static const char *const shapes_fields[] = {"title", "date", "tags.item", "pair.a", "both.x",
	"twice.z", "flat.u", "flat.v", NULL};

#define XSD "datatypeLibrary=\"http://www.w3.org/2001/XMLSchema-datatypes\""
static const char tricky_rng[] =
    "<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\" " XSD "><start>"
    "<element name=\"entry\"><interleave>"
    "<element name=\"title\"><text/></element><element name=\"date\"><text/></element>"
    "<optional><element name=\"tok\"><choice><value> a   b </value><value>c</value></choice></element></optional>"
    "<optional><element name=\"str\"><value type=\"string\"> a </value></element></optional>"
    "<optional><element name=\"typed\"><data type=\"token\"><param name=\"pattern\">a b</param></data></element></optional>"
    "<optional><element name=\"two\"><data type=\"string\"><param name=\"pattern\">[a-z ]+</param>"
    "<param name=\"pattern\">.*b.*</param></data></element></optional>"
    "<optional><element name=\"either\"><choice><ref name=\"digits\"/><element name=\"x\"><text/></element>"
    "<value>none</value></choice></element></optional>"
    "<optional><element name=\"nullable\"><choice><data type=\"string\"><param name=\"pattern\">[ ]*x</param></data>"
    "<zeroOrMore><element name=\"y\"><text/></element></zeroOrMore></choice></element></optional>"
    "<optional><element name=\"list\"><choice><ref name=\"digits\"/><zeroOrMore>"
    "<element name=\"item\"><ref name=\"digits\"/></element></zeroOrMore></choice></element></optional>"
    "<optional><element name=\"token_data\"><data type=\"string\" datatypeLibrary=\"\"/></element></optional>"
    "<optional><element name=\"excepted\"><data type=\"string\"><param name=\"pattern\">[a-z]+</param>"
    "<except><value>bad</value></except></data></element></optional>"
    "<optional><element name=\"length\"><data type=\"string\"><param name=\"maxLength\">3</param></data></element></optional>"
    "<optional><element name=\"group\"><group><ref name=\"digits\"/><empty/></group></element></optional>"
    "</interleave></element></start>"
    "<define name=\"digits\"><data type=\"string\"><param name=\"pattern\">[0-9]+</param></data></define>"
    "</grammar>";

/* Shapes of mappings and lists the walk does not model, beside one it does (flat). */
static const char shapes_rng[] =
    "<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\" " XSD "><start>"
    "<element name=\"entry\"><interleave>"
    "<element name=\"title\"><text/></element><element name=\"date\"><text/></element>"
    "<optional><element name=\"tags\"><oneOrMore><element name=\"item\"><text/></element></oneOrMore></element></optional>"
    "<optional><element name=\"pair\"><group><element name=\"a\"><text/></element>"
    "<element name=\"b\"><text/></element></group></element></optional>"
    "<optional><element name=\"both\"><optional><interleave><element name=\"x\"><text/></element>"
    "<element name=\"y\"><text/></element></interleave></optional></element></optional>"
    "<optional><element name=\"twice\"><group><ref name=\"z\"/><ref name=\"z\"/></group></element></optional>"
    "<optional><element name=\"flat\"><interleave><element name=\"u\"><text/></element>"
    "<optional><element name=\"v\"><ref name=\"digits\"/></element></optional></interleave></element></optional>"
    "</interleave></element></start>"
    "<define name=\"z\"><element name=\"z\"><text/></element></define>"
    "<define name=\"digits\"><data type=\"string\"><param name=\"pattern\">[0-9]+</param></data></define>"
    "</grammar>";

/* A member whose content has an element named by a name class: the walk leaves it to RelaxNG. */
static const char opened_rng[] =
    "<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\"><start>"
    "<element name=\"entry\"><interleave>"
    "<element name=\"title\"><text/></element><element name=\"date\"><text/></element>"
    "<optional><element name=\"named\"><element><name>q</name><text/></element></element></optional>"
    "</interleave></element></start></grammar>";

/* An XSD ID anywhere: the document is judged whole, no field by its own patterns. */
static const char ids_rng[] =
    "<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\" " XSD "><start>"
    "<element name=\"entry\"><interleave>"
    "<element name=\"title\"><data type=\"string\"><param name=\"pattern\">.+</param></data></element>"
    "<element name=\"date\"><text/></element>"
    "<optional><element name=\"key\"><data type=\"ID\"/></element></optional>"
    "</interleave></element></start></grammar>";

static struct schema *
load(const struct grammar *g, char *tmp)
{
	struct schema *s;

	diag_reset();
	if (!strchr(g->path, '/')) {
		const char *text = strcmp(g->path, "tricky") == 0 ? tricky_rng :
		    strcmp(g->path, "shapes") == 0 ? shapes_rng :
		    strcmp(g->path, "ids") == 0 ? ids_rng : opened_rng;
		int fd = mkstemp(tmp);

		assert_true(fd >= 0);
		assert_int_equal(write(fd, text, strlen(text)), (int)strlen(text));
		close(fd);
		s = schema_load(tmp, g->root);
		unlink(tmp);
	} else {
		s = schema_load(g->path, g->root);
	}
	diag_flush();
	assert_non_null(s);
	return s;
}

static const struct grammar grammars[] = {
	{"schemas/entry.rng", "entry", entry_fields, none},
	{"schemas/config.rng", "config", config_fields, none},
	{EXT_RNG, "entry", entry_fields, none},
	{"tricky", "entry", tricky_fields, tricky_slow},
	{"shapes", "entry", shapes_fields, none},
	{"opened", "entry", opened_fields, none},
	{"ids", "entry", ids_fields, ids_fields},
};

static int
listed(const char *const *list, const char *f)
{
	for (; *list; list++)
		if (strcmp(*list, f) == 0)
			return 1;
	return 0;
}

/* Every value through every field of every grammar: the same verdict both ways. */
static void
test_leaf_verdicts(void **state)
{
	struct strs values = {0}, paths = {0};
	size_t gi, i, fast = 0, checks = 0, accepted = 0;

	(void)state;
	all_values(&values, &paths);
	/* About 220 are generated; the rest come from the golden and fuzz files, which must be found. */
	if (values.n < 600)
		fail_msg("only %zu values: were tests/golden and tests/fuzz/corpus read?", values.n);
	for (gi = 0; gi < sizeof grammars / sizeof *grammars; gi++) {
		const struct grammar *g = &grammars[gi];
		char tmp[] = "/tmp/test_schema_fast_XXXXXX";
		struct schema *s = load(g, tmp);
		const char *const *f;

		for (f = g->fields; *f; f++) {
			int ours = -1, relaxng = -1, k;

			k = schema_leaf_verdicts(s, *f, "x", &ours, &relaxng);
			if (k < 0 && strcmp(*f, "region") == 0 && strcmp(g->path, EXT_RNG) != 0)
				continue;	/* only the extension has it */
			if (k < 0)
				fail_msg("%s: no field '%s'", g->path, *f);
			/* The fields meant to take the shortcut take it; the others do not. */
			if (k != !listed(g->slow, *f))
				fail_msg("%s: field '%s': check of its own %d", g->path, *f, k);
			fast += k;
			for (i = 0; i < values.n; i++) {
				schema_leaf_verdicts(s, *f, values.v[i], &ours, &relaxng);
				if (ours != relaxng)
					fail_msg("%s: field '%s', value '%.60s' (%zu bytes): ours %d, RelaxNG %d",
					    g->path, *f, values.v[i], strlen(values.v[i]), ours, relaxng);
				checks++;
				accepted += ours;
			}
		}
		schema_free(s);
	}
	/* Not vacuous: many fields on the fast path, both verdicts common. */
	assert_true(fast > 60);
	assert_true(accepted > checks / 10 && accepted < checks - checks / 10);
	strs_free(&values);
	strs_free(&paths);
	diag_reset();
}

/* The front matter of an entry file, or all of a .yaml file. */
static struct ynode *
parse_tree(const struct source *src, const char *path)
{
	struct ynode *root = NULL;
	size_t off = 0, len = src->len;
	int lineoff = 0;

	if (strstr(path, ".md")) {
		const char *end;

		if (strncmp(src->data, "---\n", 4) != 0 || !(end = strstr(src->data + 4, "\n---")))
			return NULL;
		off = 4;
		len = (size_t)(end + 1 - src->data) - off;
		lineoff = 1;
	}
	if (ynode_parse(src, off, len, lineoff, &root) != 0) {
		ynode_free(root);
		root = NULL;
	}
	discard();
	return root;
}

typedef const char *const part[6];

static part entry_parts[] = {
	{"title: A title", "title: ' '", "title: [a]", "title: {a: b}", NULL, NULL},
	{"date: 2016-10-18", "date: 2016-10-18T10:00:00-04:00", "date: soon", NULL, NULL, NULL},
	{"author: Ana", "author: {name: Ana, email: a@b}", "author: {email: a@b}",
	 "author: {name: Ana, uri: 'x y'}", "author: [Ana]", NULL},
	{"categories: [a, b]", "categories: []", "categories: a", "categories: [a, ' ']",
	 "categories: [[a]]", "categories: {a: b}"},
	{"image: {url: /a.png}", "image: {url: /a.png, caption: C, credit: D, type: image/png, length: 12}",
	 "image: {caption: C}", "image: {url: /a.png, length: x}", "image: /a.png", "image: {url: [a]}"},
	{"summary: Some text", "summary: \"\\n x\"", "summary: \" \"", NULL, NULL, NULL},
	{"draft: true", "draft: 'false '", "draft: maybe", NULL, NULL, NULL},
	{"region: europe", "region: mars", NULL, NULL, NULL, NULL},
	{"lang: en-US", "lang: english-language", NULL, NULL, NULL, NULL},
	{"body: Hello", "link: https://example.org/a", "id: tag:x,2016:a", "id: no scheme", NULL, NULL},
};
static part config_parts[] = {
	{"title: News", "title: [a]", NULL, NULL, NULL, NULL},
	{"url: https://example.org/", "url: example.org", NULL, NULL, NULL, NULL},
	{"author: Desk", "author: {name: Desk, email: d@example.org}", "author: {email: d@x}",
	 "author: {name: [a]}", NULL, NULL},
	{"hubs: [https://hub.example.org/]", "hubs: []", "hubs: x", "hubs: [x]", NULL, NULL},
	{"websub: {timeout: 1.5, attempts: 3}", "websub: {}", "websub: {attempts: 11}", "websub: 3", NULL, NULL},
	{"feeds: [rss]", "feeds: [rss, atom]", "feeds: [rdf]", "feeds: rss", NULL, NULL},
	{"limit: 10", "limit: 0", "timezone: UTC", "timezone: 'New York'", NULL, NULL},
};
static part shapes_parts[] = {
	{"title: T", NULL, NULL, NULL, NULL, NULL},
	{"date: D", NULL, NULL, NULL, NULL, NULL},
	{"tags: [a]", "tags: []", "tags: a", NULL, NULL, NULL},
	{"pair: {a: 1, b: 2}", "pair: {b: 2, a: 1}", "pair: {a: 1}", NULL, NULL, NULL},
	{"both: {x: 1, y: 2}", "both: {x: 1}", "both: {}", NULL, NULL, NULL},
	{"twice: {z: 1}", "twice: {}", "twice: {z: [1]}", NULL, NULL, NULL},
	{"flat: {u: 1, v: 2}", "flat: {u: 1}", "flat: {v: 2}", "flat: {u: 1, v: x}", NULL, NULL},
};
static part opened_parts[] = {
	{"title: T", NULL, NULL, NULL, NULL, NULL},
	{"date: D", NULL, NULL, NULL, NULL, NULL},
	{"named: text", "named: {q: 1}", "named: {q: [1]}", NULL, NULL, NULL},
};

/* YAML documents made of a grammar's fields, present or not, good or bad, text or not. */
static void
generated_documents(struct strs *docs, part *parts, size_t nparts, unsigned long r)
{
	int d;

	for (d = 0; d < 1500; d++) {
		char doc[2048] = "";
		size_t p;

		for (p = 0; p < nparts; p++) {
			const char *const *opts = parts[p];
			size_t n = 0, pick;

			while (n < 6 && opts[n])
				n++;
			r = r * 6364136223846793005UL + 1442695040888963407UL;
			pick = (r >> 33) % (n * 3 + 1);	/* the good first choice most often */
			if (pick == n * 3)
				continue;	/* absent */
			pick = pick >= n ? (pick < 2 * n ? 0 : pick % n) : pick;
			strcat(doc, opts[pick]);
			strcat(doc, "\n");
		}
		push_str(docs, doc);
	}
}

/* What schema_check passes, libxml2 accepts whole: skipping that check changes nothing. */
static void
check_documents(const struct grammar *g, struct strs *texts, int files, size_t *passed)
{
	char tmp[] = "/tmp/test_schema_fast_XXXXXX";
	struct schema *s = load(g, tmp);
	size_t i;

	for (i = 0; i < texts->n; i++) {
		struct source *src = files ? read_source(texts->v[i]) :
		    source_from("doc.yaml", texts->v[i], strlen(texts->v[i]));

		discard();
		struct ynode *tree = src ? parse_tree(src, files ? texts->v[i] : "doc.yaml") : NULL;

		if (tree && tree->kind == YNODE_MAP) {
			int errs;

			errs = schema_check(s, tree, "doc");
			discard();
			if (errs == 0 && !schema_whole_ok(s, tree))
				fail_msg("%s: passed, but libxml2 refuses it whole:\n%s", g->path,
				    files ? texts->v[i] : texts->v[i]);
			*passed += errs == 0;
		}
		ynode_free(tree);
		source_free(src);
	}
	schema_free(s);
}

static void
test_document_verdicts(void **state)
{
	struct strs paths = {0}, entries = {0}, configs = {0}, shapes = {0}, opened = {0};
	size_t gi, passed = 0;

	(void)state;
	files_under("tests/golden", &paths);
	files_under("tests/fuzz/corpus", &paths);
	generated_documents(&entries, entry_parts, sizeof entry_parts / sizeof *entry_parts, 8);
	generated_documents(&configs, config_parts, sizeof config_parts / sizeof *config_parts, 7);
	generated_documents(&shapes, shapes_parts, sizeof shapes_parts / sizeof *shapes_parts, 9);
	generated_documents(&opened, opened_parts, sizeof opened_parts / sizeof *opened_parts, 10);
	for (gi = 0; gi < sizeof grammars / sizeof *grammars; gi++) {
		const char *g = grammars[gi].path;

		check_documents(&grammars[gi], &paths, 1, &passed);
		check_documents(&grammars[gi], strcmp(g, "shapes") == 0 ? &shapes :
		    strcmp(g, "opened") == 0 ? &opened :
		    strcmp(grammars[gi].root, "config") == 0 ? &configs : &entries, 0, &passed);
	}
	if (passed < 400)
		fail_msg("only %zu documents passed", passed);
	strs_free(&paths);
	strs_free(&entries);
	strs_free(&configs);
	strs_free(&shapes);
	strs_free(&opened);
}

/* A rule across fields (one of two, not both) is not the walk's: RelaxNG still says so. */
static void
test_co_occurrence_kept(void **state)
{
	static const char rng[] =
	    "<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\"><start>"
	    "<element name=\"entry\"><interleave>"
	    "<element name=\"title\"><text/></element><element name=\"date\"><text/></element>"
	    "<choice><element name=\"a\"><text/></element><element name=\"b\"><text/></element></choice>"
	    "</interleave></element></start></grammar>";
	char tmp[] = "/tmp/test_schema_fast_XXXXXX", want[512];
	const char *yaml = "title: T\ndate: D\na: x\nb: y\n";
	struct source *src;
	struct ynode *tree = NULL;
	struct schema *s;
	int fd = mkstemp(tmp);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, rng, strlen(rng)), (int)strlen(rng));
	close(fd);
	diag_reset();
	s = schema_load(tmp, "entry");
	unlink(tmp);
	assert_non_null(s);
	src = source_from("e.yaml", yaml, strlen(yaml));
	assert_int_equal(ynode_parse(src, 0, src->len, 0, &tree), 0);
	assert_int_equal(schema_check(s, tree, "e.yaml"), 1);
	snprintf(want, sizeof want, "e.yaml:1:1: error: the fields do not match the schema together "
	    "(expected what %s allows)\n", tmp);
	assert_flushed(want);
	ynode_free(tree);
	source_free(src);
	schema_free(s);
	diag_reset();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leaf_verdicts),
		cmocka_unit_test(test_document_verdicts),
		cmocka_unit_test(test_co_occurrence_kept),
	};

	return cmocka_run_group_tests_name("schema_fast", tests, NULL, NULL);
}
