/*
 * fuzz_entry.c: libFuzzer over the whole path from an entry file's bytes to
 * written feeds, as build.c takes it. The bytes are read both as a .md and as
 * a .yaml entry. Each reading is refused with located diagnostics naming the
 * file, or gives an RSS and an Atom document that are well-formed and valid
 * against schemas/rss.rng and schemas/atom.rng, and a feed.json that is JSON
 * with JSON Feed 1.1's required members, and an index.html in which every
 * '<' opens one of the tags page.c writes: no value reaches the page as markup.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "diag.h"
#include "entry.h"
#include "fuzz.h"
#include "doc.h"
#include "render.h"
#include "schema.h"
#include "source.h"
#include "xalloc.h"

static struct config cfg;
static struct schema *sc;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fini(void)
{
	schema_free(sc);
	free(cfg.feed_url[FEED_RSS]);
	free(cfg.feed_url[FEED_ATOM]);
	free(cfg.feed_url[FEED_JSON]);
	free(cfg.feed_base);
	free(cfg.stylesheet);
	free(cfg.hubs[0]);
	free(cfg.hubs);
	free(cfg.title);
	free(cfg.subtitle);
	free(cfg.language);
	free(cfg.rights);
	free(cfg.url);
	free(cfg.icon);
	free(cfg.logo);
	free(cfg.id);
	free(cfg.host);
	free(cfg.permalink);
	free(cfg.author.name);
	free(cfg.author.email);
	free(cfg.author.uri);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *path;

	(void)argc;
	(void)argv;
	fuzz_init();
	/* A zone with daylight saving time, as the golden cases' site.yaml. */
	setenv("TZ", "America/New_York", 1);
	cfg.title = xstrdup("Fuzz");
	cfg.subtitle = xstrdup("Every field the writers know");
	cfg.language = xstrdup("en");
	cfg.rights = xstrdup("CC BY 4.0");
	cfg.url = xstrdup("https://news.example.org/");
	cfg.host = xstrdup("news.example.org");
	cfg.icon = xstrdup("https://news.example.org/icon.png");
	cfg.logo = xstrdup("https://news.example.org/logo.png");
	cfg.permalink = xstrdup("news/{year}/{month}/{slug}.html");
	cfg.author.name = xstrdup("Desk");
	cfg.author.email = xstrdup("desk@example.org");
	cfg.author.uri = xstrdup("https://news.example.org/desk/");
	cfg.id = xstrdup(cfg.url);
	cfg.feed_url[FEED_RSS] = xstrdup("https://news.example.org/feed.xml");
	cfg.feed_url[FEED_ATOM] = xstrdup("https://news.example.org/atom.xml");
	cfg.feed_url[FEED_JSON] = xstrdup("https://news.example.org/feed.json");
	cfg.hubs = xmalloc(sizeof *cfg.hubs);
	cfg.hubs[0] = xstrdup("https://hub.example.org/");
	cfg.nhubs = 1;
	cfg.limit = 50;
	/* The page links every feed and each category's; the XML feeds name an XSLT. */
	cfg.feeds[FEED_RSS] = cfg.feeds[FEED_ATOM] = cfg.feeds[FEED_JSON] = 1;
	cfg.category_feeds = 1;
	cfg.feed_base = xstrdup(cfg.url);
	cfg.stylesheet = xstrdup("https://news.example.org/feed.xsl");
	path = xasprintf("%s/entry.rng", fuzz_schemas());
	if (!(sc = schema_load(path, "entry")))
		fuzz_fail(NULL, "cannot load '%s'", path);
	free(path);
	atexit(fini);
	return 0;
}

/*
 * The file name's date must match the entry's: take it from the first
 * "date: YYYY-MM-DD" in the bytes, so seeds of any day are accepted.
 */
static void
name_for(const uint8_t *data, size_t size, const char *ext, char *out, size_t outsz)
{
	const char *day = "2016-10-18", *p = (const char *)data, *end = p + size;
	char found[11];

	for (; p + 16 <= end; p++) {
		const char *q;
		int i;

		if ((p != (const char *)data && p[-1] != '\n') || memcmp(p, "date:", 5) != 0)
			continue;
		for (q = p + 5; q < end && (*q == ' ' || *q == '"' || *q == '\''); q++)
			;
		if (end - q < 10)
			break;
		for (i = 0; i < 10; i++)
			if (i == 4 || i == 7 ? q[i] != '-' : (q[i] < '0' || q[i] > '9'))
				break;
		if (i == 10) {
			memcpy(found, q, 10);
			found[10] = '\0';
			day = found;
		}
		break;
	}
	snprintf(out, outsz, "entries/%s-fuzz.%s", day, ext);
}

/* Every '<' in page opens (or closes) a tag page.c writes; nothing else can. */
static void
check_page(const char *page, size_t len, const char *path)
{
	static const char *const tags[] = {
		"!DOCTYPE", "html", "head", "meta", "title", "link", "style", "body", "header", "h1",
		"h2", "p", "a", "main", "article", "time", "figure", "img", "figcaption", "small", "bdi",
	};
	const char *p = page, *end = page + len;
	size_t i, n;

	if (!page)
		fuzz_fail(NULL, "%s: the page writer failed", path);
	while ((p = memchr(p, '<', (size_t)(end - p)))) {
		p += 1 + (p + 1 < end && p[1] == '/');
		for (i = 0; i < sizeof tags / sizeof *tags; i++) {
			n = strlen(tags[i]);
			if ((size_t)(end - p) > n && memcmp(p, tags[i], n) == 0 && (p[n] == ' ' || p[n] == '>'))
				break;
		}
		if (i == sizeof tags / sizeof *tags)
			fuzz_fail(NULL, "%s: index.html has markup page.c does not write: '%.40s'", path, p - 1);
	}
}

static void
one(const uint8_t *data, size_t size, const char *ext)
{
	char path[64], *diags;
	struct source *src;
	struct entry *e = NULL;
	int errors;

	name_for(data, size, ext, path, sizeof path);
	if ((src = source_from(path, (const char *)data, size)))
		e = entry_parse(path, src, &cfg, sc);
	/* build.c renders every body it checks; characters a feed cannot carry are errors there. */
	if (e)
		entry_render(e, 1);
	diags = fuzz_diagnostics(&errors);
	if (!e || errors) {
		fuzz_refused(diags, path, fuzz_lines((const char *)data, size));
	} else {
		struct entry *v[1] = {e};
		enum feed_kind k;
		size_t len;
		char *doc;

		for (k = 0; k < FEED_NKINDS; k++) {
			struct doc d = {0};

			d.kind = k;
			d.self = cfg.feed_url[k];
			d.title = cfg.title;
			d.id = cfg.id;
			d.v = v;
			d.n = 1;
			doc = render_doc(&cfg, &d, &len);
			fuzz_feed(doc, len, k, path);
			free(doc);
		}
		{
			struct doc d = {0};

			d.kind = DOC_PAGE;
			d.title = cfg.title;
			d.v = v;
			d.n = 1;
			doc = render_doc(&cfg, &d, &len);
			check_page(doc, len, path);
			free(doc);
		}
	}
	free(diags);
	entry_free(e);
	source_free(src);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(data, size, "md");
	one(data, size, "yaml");
	return 0;
}
