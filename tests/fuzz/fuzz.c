/* fuzz.c: the fuzz targets' shared invariants and diagnostic capture. */
#include "fuzz.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "xalloc.h"

/* libxml2 takes xmlChar *; this keeps -Wcast-qual quiet without BAD_CAST. */
#define UCHARS(s) ((const xmlChar *)(s))

static char *schemas;
static xmlRelaxNGPtr grammar[FEED_NKINDS];
static FILE *capture;	/* where diag_flush writes while fuzz_diagnostics runs */

void
fuzz_fail(const char *diags, const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: invariant broken: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (diags && *diags)
		fprintf(stderr, "fuzz: the input's diagnostics:\n%s", diags);
	abort();
}

static void
collect(void *arg, xmlErrorPtr e)
{
	struct buf *b = arg;

	buf_addf(b, "  line %d: %s", e->line, e->message ? e->message : "(no message)\n");
}

static xmlRelaxNGPtr
load_grammar(const char *name)
{
	char *path = xasprintf("%s/%s", schemas, name);
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(path);
	xmlRelaxNGPtr g = pc ? xmlRelaxNGParse(pc) : NULL;

	if (!g)
		fuzz_fail(NULL, "cannot load '%s' (set FEEDGEN_TOP to the checkout)", path);
	xmlRelaxNGFreeParserCtxt(pc);
	free(path);
	return g;
}

static void
fuzz_fini(void)
{
	int k;

	for (k = 0; k < FEED_NKINDS; k++)
		xmlRelaxNGFree(grammar[k]);
	free(schemas);
	if (capture)
		fclose(capture);
}

void
fuzz_init(void)
{
	char exe[PATH_MAX], top[PATH_MAX], *p;
	const char *env = getenv("FEEDGEN_TOP");
	ssize_t n;

	if (env) {
		if (!realpath(env, top))
			fuzz_fail(NULL, "FEEDGEN_TOP '%s' does not exist", env);
	} else {
		/* build-fuzz/fuzz_entry: the checkout is the folder above the program's. */
		if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) <= 0)
			fuzz_fail(NULL, "cannot find the fuzzer's own path (set FEEDGEN_TOP)");
		exe[n] = '\0';
		if ((p = strrchr(exe, '/')))
			*p = '\0';
		if ((p = strrchr(exe, '/')))
			*p = '\0';
		if (!realpath(exe, top))
			fuzz_fail(NULL, "cannot resolve '%s' (set FEEDGEN_TOP)", exe);
	}
	schemas = xasprintf("%s/schemas", top);
	grammar[FEED_RSS] = load_grammar("rss.rng");
	grammar[FEED_ATOM] = load_grammar("atom.rng");
	if (!(capture = tmpfile()))
		fuzz_fail(NULL, "cannot create a file for the diagnostics");
	atexit(fuzz_fini);
}

const char *
fuzz_schemas(void)
{
	return schemas;
}

char *
fuzz_diagnostics(int *errors)
{
	int fd = fileno(capture), saved;
	long n;
	char *text;

	fflush(stderr);
	rewind(capture);
	if (ftruncate(fd, 0) < 0 || (saved = dup(STDERR_FILENO)) < 0 || dup2(fd, STDERR_FILENO) < 0)
		fuzz_fail(NULL, "cannot redirect stderr");
	diag_flush();
	fflush(stderr);
	if (dup2(saved, STDERR_FILENO) < 0)
		abort();
	close(saved);
	*errors = diag_error_count();
	diag_reset();
	if ((n = lseek(fd, 0, SEEK_END)) < 0)
		fuzz_fail(NULL, "cannot measure the diagnostics");
	text = xmalloc((size_t)n + 1);
	if (pread(fd, text, (size_t)n, 0) != n)
		fuzz_fail(NULL, "cannot read the diagnostics back");
	text[n] = '\0';
	return text;
}

size_t
fuzz_lines(const char *data, size_t len)
{
	size_t i, n = 0;

	/* As feedgen counts them (YAML 1.2 5.4): "\r\n", "\r" and "\n" each end a line. */
	for (i = 0; i < len; i++)
		n += data[i] == '\n' || (data[i] == '\r' && (i + 1 == len || data[i + 1] != '\n'));
	return n + (len > 0 && data[len - 1] != '\n' && data[len - 1] != '\r');
}

/* Checks one diagnostic line; returns 1 for an error, 0 for a warning. */
static int
located(const char *diags, const char *line, size_t len, const char *path, size_t nlines)
{
	size_t plen = strlen(path);
	const char *p = line + plen, *end = line + len;
	long l, c;
	char *q;

	if (len <= plen || strncmp(line, path, plen) != 0 || *p != ':')
		fuzz_fail(diags, "a diagnostic does not start with '%s:': '%.*s'", path, (int)len, line);
	p++;
	if (*p != ' ') {
		l = strtol(p, &q, 10);
		if (q == p || *q != ':' || l < 1 || (size_t)l > nlines + 1)
			fuzz_fail(diags, "a diagnostic's line is not in 1..%zu: '%.*s'", nlines + 1, (int)len, line);
		p = q + 1;
		c = strtol(p, &q, 10);
		if (q == p || *q != ':' || c < 1)
			fuzz_fail(diags, "a diagnostic's column is not 1 or more: '%.*s'", (int)len, line);
		p = q + 1;
	}
	if ((size_t)(end - p) > 9 && strncmp(p, " error: ", 8) == 0)
		return 1;
	if ((size_t)(end - p) > 11 && strncmp(p, " warning: ", 10) == 0)
		return 0;
	fuzz_fail(diags, "a diagnostic has no level and message: '%.*s'", (int)len, line);
}

/*
 * Checks a line under a message: the source line ("    3 | ..."), the caret
 * ("      |   ^") or a hint ("      = hint: ..."), holding nothing a
 * terminal would act on (tabs are expanded, controls escaped).
 */
static void
excerpt_line(const char *diags, const char *line, size_t len)
{
	size_t i = strspn(line, " ");

	if (!(i >= 1 && i <= 4 && line[i] >= '1' && line[i] <= '9') &&
	    strncmp(line, "      | ", 8) != 0 && strncmp(line, "      = hint: ", 14) != 0)
		fuzz_fail(diags, "a line under a message is no excerpt or hint: '%.*s'", (int)len, line);
	for (i = 0; i < len; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			fuzz_fail(diags, "an excerpt holds control character 0x%02x: '%.*s'",
			    (unsigned char)line[i], (int)len, line);
}

void
fuzz_refused(const char *diags, const char *path, size_t nlines)
{
	const char *line, *nl;
	int errors = 0;

	for (line = diags; *line; line = nl + 1) {
		if (!(nl = strchr(line, '\n')))
			fuzz_fail(diags, "the diagnostics do not end with a newline");
		if (*line == ' ' && line != diags)
			excerpt_line(diags, line, (size_t)(nl - line));
		else
			errors += located(diags, line, (size_t)(nl - line), path, nlines);
	}
	if (!errors)
		fuzz_fail(diags, "'%s' was refused without an error", path);
}

/* A string member of o, or NULL. */
static const char *
member(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* JSON Feed 1.1's required members and feedgen's own promises (tests/readers/check_jsonfeed.py has them all). */
static void
json_feed(const char *doc, size_t len, const char *what)
{
	json_error_t e;
	json_t *f = json_loadb(doc, len, JSON_REJECT_DUPLICATES, &e), *items, *it;
	const char *v;
	size_t i;

	if (!f)
		fuzz_fail(NULL, "%s: feedgen wrote bad JSON (line %d: %s):\n%.*s", what, e.line, e.text,
		    (int)len, doc);
	if (len == 0 || doc[len - 1] != '\n' || strlen(doc) != len)
		fuzz_fail(NULL, "%s: feed.json does not end in one newline, or holds a NUL", what);
	v = member(f, "version");
	if (!json_is_object(f) || !v || strcmp(v, "https://jsonfeed.org/version/1.1") != 0 ||
	    !member(f, "title") || !member(f, "feed_url") || !member(f, "home_page_url"))
		fuzz_fail(NULL, "%s: feed.json lacks version 1.1, title, feed_url or home_page_url:\n%.*s",
		    what, (int)len, doc);
	if (!json_is_array(items = json_object_get(f, "items")))
		fuzz_fail(NULL, "%s: feed.json has no items array", what);
	json_array_foreach(items, i, it)
		if (!member(it, "id") || !member(it, "url") || !member(it, "content_html") ||
		    !member(it, "date_published") || !member(it, "date_modified"))
			fuzz_fail(NULL, "%s: item %zu lacks id, url, content_html or a date:\n%.*s", what,
			    i + 1, (int)len, doc);
	json_decref(f);
}

void
fuzz_feed(const char *doc, size_t len, enum feed_kind k, const char *what)
{
	struct buf why = {0};
	xmlDocPtr x;
	xmlRelaxNGValidCtxtPtr vc;
	int rc;

	if (!doc)
		fuzz_fail(NULL, "%s: the writer failed", what);
	if (k == FEED_JSON) {
		json_feed(doc, len, what);
		return;
	}
	x = xmlReadMemory(doc, (int)len, config_feed_file(k), NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!x)
		fuzz_fail(NULL, "%s: feedgen wrote ill-formed XML:\n%.*s", what, (int)len, doc);
	vc = xmlRelaxNGNewValidCtxt(grammar[k]);
	buf_adds(&why, "");
	xmlRelaxNGSetValidStructuredErrors(vc, collect, &why);
	rc = xmlRelaxNGValidateDoc(vc, x);
	xmlRelaxNGFreeValidCtxt(vc);
	xmlFreeDoc(x);
	if (rc != 0)
		fuzz_fail(NULL, "%s: %s is not valid against %s/%s:\n%s%.*s", what,
		    config_feed_file(k), schemas, k == FEED_RSS ? "rss.rng" : "atom.rng",
		    why.data, (int)len, doc);
	buf_free(&why);
}
