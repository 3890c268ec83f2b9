/*
 * fuzz_config.c: libFuzzer over feedgen.yaml. The bytes are written to a
 * private temporary folder and read by config_load, as a run reads them. A
 * refused configuration has located diagnostics naming the file. An accepted
 * one has absolute http(s) self links and URLs, takes a plain entry, and gives
 * empty and one-entry feeds of every kind that are well-formed and schema-valid
 * (feed.json: JSON with JSON Feed 1.1's required members).
 */
#include <fcntl.h>
#include <libxml/uri.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "diag.h"
#include "entry.h"
#include "fuzz.h"
#include "doc.h"
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
static char *config_path, *link_path;
static struct schema *sc;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fini(void)
{
	schema_free(sc);
	unlink(config_path);
	unlink(link_path);
	rmdir(dir);
	free(config_path);
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
	config_path = xasprintf("%s/feedgen.yaml", dir);
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
	int fd = open(config_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size || close(fd) < 0)
		fuzz_fail(NULL, "cannot write '%s'", config_path);
}

/*
 * An absolute http(s) URL with a host, as every subscriber's reader needs.
 * A base (url, feed_url) has no user information, query or fragment either,
 * and ends as given in ends: '/' for the site, the file name for a self link.
 */
static void
http_url(const char *url, const char *what, const char *diags, const char *ends)
{
	xmlURIPtr u = url ? xmlParseURI(url) : NULL;
	int ok = u && u->scheme && (strcasecmp(u->scheme, "http") == 0 || strcasecmp(u->scheme, "https") == 0)
	    && u->server && *u->server;

	if (ok && ends) {
		const char *host = strstr(url, "//"), *slash = host ? strchr(host + 2, '/') : NULL;
		size_t n = strlen(url), e = strlen(ends);

		ok = host && !strpbrk(url, "?#") && n > e && strcmp(url + n - e, ends) == 0
		    && !memchr(host, '@', slash ? (size_t)(slash - host) : strlen(host));
	}
	xmlFreeURI(u);
	if (!ok)
		fuzz_fail(diags, "an accepted configuration gives %s '%s' (expected an absolute "
		    "http(s) URL with a host%s%s)", what, url ? url : "(none)",
		    ends ? ", no user, query or fragment, ending in " : "", ends ? ends : "");
}

/* Issue 7 point 6: every URL the configuration gives the feeds is http(s). */
static void
urls(const struct config *cfg, const char *diags)
{
	size_t i;

	http_url(cfg->url, "'url'", diags, "/");
	http_url(cfg->feed_url[FEED_RSS], "the RSS self link", diags, "/feed.xml");
	http_url(cfg->feed_url[FEED_ATOM], "the Atom self link", diags, "/atom.xml");
	http_url(cfg->feed_url[FEED_JSON], "the JSON Feed's feed_url", diags, "/feed.json");
	if (cfg->icon)
		http_url(cfg->icon, "'icon'", diags, NULL);
	if (cfg->logo)
		http_url(cfg->logo, "'logo'", diags, NULL);
	if (cfg->author.uri)
		http_url(cfg->author.uri, "'author.uri'", diags, NULL);
	for (i = 0; i < cfg->nhubs; i++)
		http_url(cfg->hubs[i], "a hub", diags, NULL);
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
		struct doc d = {0};

		d.kind = k;
		d.self = cfg->feed_url[k];
		d.title = cfg->title;
		d.id = cfg->id;
		d.v = (struct entry **)(uintptr_t)v;
		d.n = n;
		doc = render_doc(cfg, &d, &len);
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

	urls(cfg, diags);
	/* build.c: plain dates are midnight in the site's zone. */
	setenv("TZ", cfg->timezone, 1);
	tzset();
	if ((src = source_from(entry_path, plain_entry, sizeof plain_entry - 1)))
		e = entry_parse(entry_path, src, cfg, sc);
	if (e)
		entry_render(e, 1);
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
	cfg = config_load(config_path);
	diags = fuzz_diagnostics(&errors);
	if (!cfg || errors)
		fuzz_refused(diags, config_path, fuzz_lines((const char *)data, size));
	else
		accepted(cfg, diags);
	free(diags);
	config_free(cfg);
	return 0;
}
