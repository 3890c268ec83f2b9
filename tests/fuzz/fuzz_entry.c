/*
 * fuzz_entry.c: libFuzzer over the whole path from an entry file's bytes to
 * written feeds: every input either is refused with a diagnostic or becomes
 * an RSS and an Atom document that libxml2 reads back as well-formed XML.
 */
#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "config.h"
#include "diag.h"
#include "entry.h"
#include "render.h"
#include "schema.h"
#include "source.h"
#include "xalloc.h"

static struct config cfg;
static struct schema *sc;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("TZ", "America/New_York", 1);
	cfg.title = xstrdup("Fuzz");
	cfg.url = xstrdup("https://news.example.org/");
	cfg.host = xstrdup("news.example.org");
	cfg.permalink = xstrdup("{slug}");
	cfg.author.name = xstrdup("Desk");
	cfg.id = xstrdup(cfg.url);
	cfg.feed_url[FEED_RSS] = xstrdup("https://news.example.org/feed.xml");
	cfg.feed_url[FEED_ATOM] = xstrdup("https://news.example.org/atom.xml");
	sc = schema_load(getenv("FUZZ_SCHEMA") ? getenv("FUZZ_SCHEMA") : "schemas/entry.rng", "entry");
	if (!sc) {
		diag_flush();
		abort();
	}
	/* Diagnostics come by the thousand: run with -close_fd_mask=2 (the Makefile does). */
	return 0;
}

static void
well_formed(const char *doc, size_t len)
{
	xmlDocPtr x;

	if (!doc)
		abort();
	if (!(x = xmlReadMemory(doc, (int)len, "feed.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)))
		abort();	/* feedgen wrote ill-formed XML */
	xmlFreeDoc(x);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct source *src = source_from("entries/2016-10-18-fuzz.md", (const char *)data, size);
	struct entry *e = src ? entry_parse("entries/2016-10-18-fuzz.md", src, &cfg, sc) : NULL;

	if (e) {
		struct entry *v[1] = {e};
		size_t len;
		char *doc;

		doc = rss_render(&cfg, v, 1, &len);
		well_formed(doc, len);
		free(doc);
		doc = atom_render(&cfg, v, 1, &len);
		well_formed(doc, len);
		free(doc);
	}
	entry_free(e);
	source_free(src);
	diag_reset();
	return 0;
}
