/*
 * fuzz_config.c: libFuzzer over feedgen.yaml. The bytes are written to a
 * private temporary folder and read by config_load, as a run reads them. A
 * refused configuration has located diagnostics naming the file. An accepted
 * one has absolute http(s) self links, takes a plain entry, and gives empty
 * and one-entry feeds of both kinds that are well-formed and schema-valid.
 */
#include <fcntl.h>
#include <libxml/uri.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "diag.h"
#include "entry.h"
#include "fuzz.h"
#include "render.h"
#include "schema.h"
#include "source.h"
#include "xalloc.h"

/* What a newsroom writes most: relative links and a plain date, which the site decides. */
static const char plain_entry[] =
    "---\n"
    "title: A plain entry\n"
    "date: 2016-10-18\n"
    "summary: The site's settings decide its link, id, date and author.\n"
    "categories: [reports]\n"
    "image:\n"
    "  url: img/photo.jpg\n"
    "  caption: A photo\n"
    "---\n"
    "A [relative link](about/), an [absolute](https://other.example/x), a [fragment](#top)\n"
    "and ![an image](img/inline.png).\n";
static const char entry_path[] = "entries/2016-10-18-plain-entry.md";

static char dir[] = "/tmp/feedgen-fuzz-config-XXXXXX";
static char *path, *link_path;
static struct schema *sc;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fini(void)
{
	schema_free(sc);
	unlink(path);
	unlink(link_path);
	rmdir(dir);
	free(path);
	free(link_path);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *rng;

	(void)argc;
	(void)argv;
	fuzz_init();
	if (!mkdtemp(dir))
		fuzz_fail(NULL, "cannot make a temporary folder");
	path = xasprintf("%s/feedgen.yaml", dir);
	/* config_load finds schemas/config.rng next to the configuration, as a newsroom's own. */
	link_path = xasprintf("%s/schemas", dir);
	if (symlink(fuzz_schemas(), link_path) < 0)
		fuzz_fail(NULL, "cannot link '%s' to the schemas", link_path);
	rng = xasprintf("%s/entry.rng", fuzz_schemas());
	if (!(sc = schema_load(rng, "entry")))
		fuzz_fail(NULL, "cannot load '%s'", rng);
	free(rng);
	atexit(fini);
	return 0;
}

static void
put(const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size || close(fd) < 0)
		fuzz_fail(NULL, "cannot write '%s'", path);
}

/* An absolute http(s) URL with a host, as every subscriber's reader needs. */
static void
absolute(const char *url, const char *what, const char *diags)
{
	xmlURIPtr u = url ? xmlParseURI(url) : NULL;
	int ok = u && u->scheme && (strcmp(u->scheme, "http") == 0 || strcmp(u->scheme, "https") == 0)
	    && u->server && *u->server;

	xmlFreeURI(u);
	if (!ok)
		fuzz_fail(diags, "an accepted configuration gives %s '%s' (expected an absolute "
		    "http(s) URL with a host)", what, url ? url : "(none)");
}

static void
feeds(const struct config *cfg, struct entry *const *v, size_t n)
{
	enum feed_kind k;
	size_t len;
	char *doc, what[64];

	for (k = 0; k < FEED_NKINDS; k++) {
		snprintf(what, sizeof what, "%s with %zu %s", config_feed_file(k), n,
		    n == 1 ? "entry" : "entries");
		doc = k == FEED_RSS ? rss_render(cfg, v, n, &len) : atom_render(cfg, v, n, &len);
		fuzz_feed(doc, len, k, what);
		free(doc);
	}
}

static void
accepted(const struct config *cfg, const char *diags)
{
	struct source *src;
	struct entry *e = NULL;
	char *ediags;
	int errors;

	absolute(cfg->url, "'url'", diags);
	absolute(cfg->feed_url[FEED_RSS], "the RSS self link", diags);
	absolute(cfg->feed_url[FEED_ATOM], "the Atom self link", diags);
	/* build.c: plain dates are midnight in the site's zone. */
	setenv("TZ", cfg->timezone, 1);
	tzset();
	if ((src = source_from(entry_path, plain_entry, sizeof plain_entry - 1)))
		e = entry_parse(entry_path, src, cfg, sc);
	if (e)
		entry_render(e, cfg, 1);
	ediags = fuzz_diagnostics(&errors);
	if (!e || errors)
		fuzz_fail(ediags, "an accepted configuration refuses a plain entry");
	free(ediags);
	feeds(cfg, NULL, 0);
	feeds(cfg, &e, 1);
	entry_free(e);
	source_free(src);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *cfg;
	char *diags;
	int errors;

	put(data, size);
	cfg = config_load(path);
	diags = fuzz_diagnostics(&errors);
	if (!cfg || errors)
		fuzz_refused(diags, path, fuzz_lines((const char *)data, size));
	else
		accepted(cfg, diags);
	free(diags);
	config_free(cfg);
	return 0;
}
