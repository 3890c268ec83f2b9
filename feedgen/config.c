/* config.c: feedgen.yaml to struct config, through the same checks as entries. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "schema.h"
#include "source.h"
#include "url.h"
#include "xalloc.h"
#include "ynode.h"

#ifndef FEEDGEN_DATADIR
#define FEEDGEN_DATADIR "/usr/local/share/feedgen"
#endif

static const char *const feed_files[FEED_NKINDS] = {"feed.xml", "atom.xml"};

const char *
config_feed_file(enum feed_kind k)
{
	return feed_files[k];
}

/* The folder part of path, "." when it has none; newly allocated. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static char *
join(const char *dir, const char *name)
{
	if (*name == '/' || strcmp(dir, ".") == 0)
		return xstrdup(name);
	return xasprintf("%s/%s", dir, name);
}

static int
readable(const char *path)
{
	return access(path, R_OK) == 0;
}

char *
config_schema_path(const char *config_path, const char *name)
{
	char exe[PATH_MAX], *dir, *p;
	ssize_t n;

	/* Next to the configuration: a newsroom's own, extended schema. */
	dir = dir_of(config_path);
	p = xasprintf("%s/schemas/%s", dir, name);
	free(dir);
	if (readable(p))
		return p;
	free(p);
	/* Next to the program's folder: build/feedgen finds ./schemas in a checkout. */
	if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) > 0) {
		char *bindir, *top;

		exe[n] = '\0';
		bindir = dir_of(exe);
		top = dir_of(bindir);
		p = xasprintf("%s/schemas/%s", top, name);
		free(bindir);
		free(top);
		if (readable(p))
			return p;
		free(p);
	}
	return xasprintf("%s/schemas/%s", FEEDGEN_DATADIR, name);
}

struct schema *
config_entry_schema(const struct config *cfg)
{
	char *path = cfg->schema_dir ? xasprintf("%s/entry.rng", cfg->schema_dir)
	    : config_schema_path(cfg->path, "entry.rng");
	struct schema *sc = schema_load(path, "entry");

	free(path);
	return sc;
}

static void
person(const struct ynode *n, struct person *p)
{
	if (n->kind == YNODE_SCALAR) {
		p->name = xstrdup(n->value);
		return;
	}
	p->name = xstrdup(ynode_str(n, "name"));
	p->email = xstrdup(ynode_str(n, "email"));
	p->uri = xstrdup(ynode_str(n, "uri"));
}

static int
zone_exists(const char *tz)
{
	const char *dir = getenv("TZDIR");
	char magic[4] = {0};
	FILE *f;
	char *p;
	int ok;

	if (strcmp(tz, "UTC") == 0)
		return 1;
	if (strstr(tz, ".."))
		return 0;
	/* glibc falls back to UTC for an unknown zone without a word: a TZif file or nothing. */
	p = xasprintf("%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", tz);
	ok = (f = fopen(p, "rb")) && fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	if (f)
		fclose(f);
	free(p);
	return ok;
}

/* A base URL ends in '/', or "a.html" would resolve beside its last segment. */
static char *
with_slash(const char *s)
{
	size_t n = strlen(s);

	return n && s[n - 1] == '/' ? xstrdup(s) : xasprintf("%s/", s);
}

/* Seconds as the schema allows them ("10", "0.5") to milliseconds. */
static long
millis(const char *s, long dflt)
{
	return s ? (long)(strtod(s, NULL) * 1000.0 + 0.5) : dflt;
}

/* Semantic checks the schema cannot make, and the derived values. */
static int
fill(struct config *c, struct ynode *root)
{
	const char *path = c->path;
	const struct ynode *n;
	const char *s;
	char *dir = dir_of(path);
	int errs = 0;

	c->title = xstrdup(ynode_str(root, "title"));
	c->subtitle = xstrdup(ynode_str(root, "subtitle"));
	c->language = xstrdup(ynode_str(root, "language"));
	c->rights = xstrdup(ynode_str(root, "rights"));
	n = ynode_get(root, "url");
	s = n->value;
	c->url = with_slash(s);
	if (!(c->host = url_host(c->url))) {
		diag_error(path, n->line, n->col, "'url' has no host: '%s' (expected an absolute http(s) URL)", s);
		errs++;
	}
	s = ynode_str(root, "feed_url");
	c->feed_base = s ? with_slash(s) : xstrdup(c->url);
	c->id = xstrdup(ynode_str(root, "id"));
	if (!c->id)
		c->id = xstrdup(c->url);
	if ((s = ynode_str(root, "icon")))
		c->icon = url_resolve(c->url, s);
	if ((s = ynode_str(root, "logo")))
		c->logo = url_resolve(c->url, s);
	person(ynode_get(root, "author"), &c->author);
	if (c->author.uri) {
		char *abs = url_resolve(c->url, c->author.uri);

		free(c->author.uri);
		c->author.uri = abs;
	}
	s = ynode_str(root, "timezone");
	c->timezone = xstrdup(s ? s : "UTC");
	if (s && !zone_exists(s)) {
		n = ynode_get(root, "timezone");
		diag_error(path, n->line, n->col, "'timezone' names no known time zone: '%s' (expected an IANA name such as America/New_York, or UTC)", s);
		errs++;
	}
	s = ynode_str(root, "permalink");
	c->permalink = xstrdup(s ? s : "{slug}");
	if (s) {
		char *sample = url_resolve(c->url, s);

		if (!sample || !url_is_http(sample)) {
			n = ynode_get(root, "permalink");
			diag_error(path, n->line, n->col, "'permalink' does not make an http(s) URL with "
			    "'url': '%s' (expected a path such as {slug}/ or news/{year}/{slug}.html)", s);
			errs++;
		}
		free(sample);
	}
	s = ynode_str(root, "entries");
	c->entries_dir = join(dir, s ? s : "entries");
	s = ynode_str(root, "output");
	c->output_dir = join(dir, s ? s : "public");
	s = ynode_str(root, "schemas");
	c->schema_dir = s ? join(dir, s) : NULL;
	s = ynode_str(root, "limit");
	c->limit = s ? strtol(s, NULL, 10) : 50;
	s = ynode_str(root, "lock_timeout");
	c->lock_timeout = s ? strtol(s, NULL, 10) : 60;
	n = ynode_get(root, "websub");
	/* libcurl reads a timeout of 0 as "none": a dead hub would hold the lock forever. */
	c->websub.timeout_ms = millis(ynode_str(n, "timeout"), 10000);
	c->websub.timeout_ms += c->websub.timeout_ms == 0;
	c->websub.connect_timeout_ms = millis(ynode_str(n, "connect_timeout"), 5000);
	c->websub.connect_timeout_ms += c->websub.connect_timeout_ms == 0;
	c->websub.backoff_ms = millis(ynode_str(n, "backoff"), 1000);
	c->websub.retry_after_max_ms = millis(ynode_str(n, "retry_after_max"), 60000);
	s = ynode_str(n, "attempts");
	c->websub.attempts = s ? (int)strtol(s, NULL, 10) : 3;
	if ((n = ynode_get(root, "feeds"))) {
		const struct ynode *m;

		for (m = n->child; m; m = m->next)
			c->feeds[strcmp(m->value, "rss") == 0 ? FEED_RSS : FEED_ATOM] = 1;
	} else {
		c->feeds[FEED_RSS] = c->feeds[FEED_ATOM] = 1;
	}
	/* WebSub 4: the self URL, the notified URL and the subscribed URL are one string. */
	c->feed_url[FEED_RSS] = xasprintf("%s%s", c->feed_base, feed_files[FEED_RSS]);
	c->feed_url[FEED_ATOM] = xasprintf("%s%s", c->feed_base, feed_files[FEED_ATOM]);
	if ((n = ynode_get(root, "hubs"))) {
		const struct ynode *m;

		for (m = n->child; m; m = m->next) {
			c->hubs = xrealloc(c->hubs, (c->nhubs + 1) * sizeof *c->hubs);
			c->hubs[c->nhubs++] = xstrdup(m->value);
		}
	}
	free(dir);
	return errs;
}

struct config *
config_load(const char *path)
{
	struct config *c = NULL;
	struct source *src;
	struct schema *sc;
	struct ynode *root = NULL;
	char *spath;
	int errs;

	if (!(src = source_read(path)))
		return NULL;
	spath = config_schema_path(path, "config.rng");
	sc = schema_load(spath, "config");
	free(spath);
	if (!sc || (errs = ynode_parse(src, 0, src->len, 0, &root)) < 0)
		goto out;
	if (!root) {
		diag_error(path, 1, 1, "configuration is empty (expected at least title, url and author)");
		goto out;
	}
	/* YAML problems (a duplicate key...) left a tree: check it too, then stop. */
	if (schema_check(sc, root, path) + errs > 0)
		goto out;
	c = xcalloc(1, sizeof *c);
	c->path = xstrdup(path);
	if ((errs = fill(c, root)) > 0) {
		config_free(c);
		c = NULL;
	}
out:
	ynode_free(root);
	schema_free(sc);
	source_free(src);
	return c;
}

void
config_free(struct config *c)
{
	size_t i;

	if (!c)
		return;
	free(c->path);
	free(c->title);
	free(c->subtitle);
	free(c->language);
	free(c->rights);
	free(c->url);
	free(c->feed_base);
	free(c->icon);
	free(c->logo);
	free(c->id);
	free(c->timezone);
	free(c->host);
	free(c->permalink);
	free(c->author.name);
	free(c->author.email);
	free(c->author.uri);
	free(c->entries_dir);
	free(c->output_dir);
	free(c->schema_dir);
	for (i = 0; i < FEED_NKINDS; i++)
		free(c->feed_url[i]);
	for (i = 0; i < c->nhubs; i++)
		free(c->hubs[i]);
	free(c->hubs);
	free(c);
}
