/* config.c: feedgen.yaml to struct config, through the same checks as entries. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "person.h"
#include "schema.h"
#include "source.h"
#include "url.h"
#include "xalloc.h"
#include "ynode.h"

#ifndef FEEDGEN_DATADIR
#define FEEDGEN_DATADIR "/usr/local/share/feedgen"
#endif

static const char *const feed_files[DOC_NKINDS] = {"feed.xml", "atom.xml", "feed.json", "index.html",
    "feed.xsl"};
static const char *const feed_words[FEED_NKINDS] = {"rss", "atom", "json"};

const char *
config_feed_file(enum feed_kind k)
{
	return feed_files[k];
}

const char *
config_feed_word(enum feed_kind k)
{
	return feed_words[k];
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

char *
config_entry_schema_path(const struct config *cfg)
{
	return cfg->schema_dir ? xasprintf("%s/entry.rng", cfg->schema_dir)
	    : config_schema_path(cfg->path, "entry.rng");
}

struct schema *
config_entry_schema(const struct config *cfg)
{
	char *path = config_entry_schema_path(cfg);
	struct schema *sc = schema_load(path, "entry");

	free(path);
	/* The old site's fields, for "did you mean 'layout'" against a typo. */
	if (sc)
		schema_ignore(sc, cfg->ignore_fields, cfg->nignore_fields);
	return sc;
}

enum zone_verdict { ZONE_OK, ZONE_UNKNOWN, ZONE_LEAP };

/* Whether tz names a TZif file, and whether that file counts leap seconds. */
static enum zone_verdict
zone_check(const char *tz)
{
	const char *dir = getenv("TZDIR");
	unsigned char head[44] = {0};
	enum zone_verdict v = ZONE_UNKNOWN;
	FILE *f;
	char *p;

	if (strcmp(tz, "UTC") == 0)
		return ZONE_OK;
	if (strstr(tz, ".."))
		return ZONE_UNKNOWN;
	/* glibc falls back to UTC for an unknown zone without a word: a TZif file or nothing. */
	p = xasprintf("%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", tz);
	if ((f = fopen(p, "rb")) && fread(head, 1, sizeof head, f) == sizeof head &&
	    memcmp(head, "TZif", 4) == 0) {
		/* RFC 8536 3.1: tzh_leapcnt, big-endian at byte 28; right/ zones have some. */
		v = head[28] | head[29] | head[30] | head[31] ? ZONE_LEAP : ZONE_OK;
	}
	if (f)
		fclose(f);
	free(p);
	return v;
}

/*
 * path made absolute against the working folder, with ".", ".." and repeated
 * or trailing slashes resolved by name (links are not followed); newly allocated.
 */
static char *
lexical(const char *path)
{
	char cwd[PATH_MAX], *in, *out, *tok, *save;
	size_t n = 0, len;

	if (*path == '/' || !getcwd(cwd, sizeof cwd))
		in = xstrdup(path);
	else
		in = xasprintf("%s/%s", cwd, path);
	out = xcalloc(1, strlen(in) + 2);
	for (tok = strtok_r(in, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0) {
			while (n > 0 && out[--n] != '/')
				;
			continue;
		}
		len = strlen(tok);
		out[n++] = '/';
		memcpy(out + n, tok, len);
		n += len;
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	free(in);
	return out;
}

/* Whether path is folder or under it, however either is spelled ("public/", "./public"). */
static int
inside(const char *path, const char *folder)
{
	char *p = lexical(path), *f = lexical(folder);
	size_t n = strlen(f);
	int in = strcmp(f, "/") == 0 || (strncmp(p, f, n) == 0 && (p[n] == '\0' || p[n] == '/'));

	free(p);
	free(f);
	return in;
}

/*
 * Folder a must not be folder b or inside it: an error at the key given in
 * the configuration, the first of a and b that is. Returns 1 after
 * reporting, else 0.
 */
static int
apart(const struct config *c, const struct ynode *root, const char *a, const char *akey,
    const char *b, const char *bkey, const char *why)
{
	const struct ynode *n;

	if (!inside(a, b))
		return 0;
	if (!(n = ynode_get(root, akey)))
		n = ynode_get(root, bkey);
	diag_error(c->path, n ? n->line : 0, n ? n->col : 0, "the %s folder '%s' is the %s folder "
	    "'%s' or inside it: %s (expected folders apart: set '%s' or '%s')", akey, a, bkey, b,
	    why, akey, bkey);
	return 1;
}

/*
 * An absolute http(s) URL field (url, feed_url, a hub): checked by
 * url_http_base, and by url_server_syntax when server-config prints it.
 * Returns the URL percent-encoded, newly allocated, or NULL after reporting.
 */
static char *
http_field(const char *path, const struct ynode *n, const char *field, int query_ok,
    int printed, const char *expect)
{
	const char *why;
	char *q, *out = NULL;

	q = diag_quote(n->value);
	if (printed && (why = url_server_syntax(n->value)))
		diag_error(path, n->line, n->col, "'%s' holds %s, which feedgen server-config would "
		    "print as web-server syntax: '%s' (%s, without spaces or any of ' \" ; { } \\ $ < > `)",
		    field, why, q, expect);
	else if (!(out = url_http_base(n->value, query_ok, &why)))
		diag_error(path, n->line, n->col, "'%s' has %s: '%s' (%s)", field, why, q, expect);
	free(q);
	return out;
}

/* icon, logo: resolved against the site URL; readers fetch them, so http(s) only. */
static char *
link_field(const char *path, const struct ynode *root, const char *field, const char *base,
    int *errs)
{
	const struct ynode *n = ynode_get(root, field);
	char *abs, *q;

	if (!n)
		return NULL;
	if ((abs = url_resolve(base, n->value)) && url_is_http(abs))
		return abs;
	q = diag_quote(n->value);
	diag_error(path, n->line, n->col, "'%s' is not a usable URL: '%s' (expected an http(s) URL, "
	    "absolute or relative to the site URL)", field, q);
	free(q);
	free(abs);
	(*errs)++;
	return NULL;
}

/*
 * A base URL ends in '/', or "a.html" would resolve beside its last segment.
 * Takes s (allocated): returns it, or a new string with the '/' and frees s.
 */
static char *
with_slash(char *s)
{
	size_t n = strlen(s);
	char *r;

	if (n && s[n - 1] == '/')
		return s;
	r = xasprintf("%s/", s);
	free(s);
	return r;
}

/*
 * stylesheet: true is feedgen's own XSLT, written beside the feeds; a URL is
 * the newsroom's, relative to feed_url: a browser applies an XSLT only from
 * the feed's own origin.
 */
static int
read_stylesheet(struct config *c, const struct ynode *root)
{
	const struct ynode *n = ynode_get(root, "stylesheet");
	char *q;

	if (!n || strcmp(n->value, "false") == 0)
		return 0;
	if (strcmp(n->value, "true") == 0) {
		c->own_stylesheet = 1;
		c->stylesheet = xasprintf("%s%s", c->feed_base, feed_files[DOC_XSL]);
		return 0;
	}
	if ((c->stylesheet = url_resolve(c->feed_base, n->value)) && url_is_http(c->stylesheet))
		return 0;
	q = diag_quote(n->value);
	diag_error(c->path, n->line, n->col, "'stylesheet' is not a usable URL: '%s' (expected true, or "
	    "an http(s) URL, absolute or relative to feed_url)", q);
	free(q);
	free(c->stylesheet);
	c->stylesheet = NULL;
	return 1;
}

/*
 * ignore_fields: an old site's template fields (Jekyll's layout, permalink,
 * redirect_from) that entries may hold and feedgen reads as absent. A field
 * feedgen reads itself is refused: ignoring 'date' or 'summary' would lose
 * what the entry says, silently.
 */
static int
read_ignored(struct config *c, const struct ynode *root)
{
	static const char *const own[] = {"title", "date", "updated", "expires", "id", "author",
	    "summary", "description", "excerpt", "category", "categories", "tags", "link", "image",
	    "draft", "retracted", "lang", "body"};
	const struct ynode *n;
	size_t k;
	int errs = 0;

	for (n = (n = ynode_get(root, "ignore_fields")) ? n->child : NULL; n; n = n->next) {
		if (n->bad || n->kind != YNODE_SCALAR)
			continue;
		for (k = 0; k < sizeof own / sizeof *own && strcmp(own[k], n->value) != 0; k++)
			;
		if (k < sizeof own / sizeof *own) {
			diag_error(c->path, n->line, n->col, "'%s' cannot be ignored: feedgen reads it "
			    "(expected a field of the old site's templates, such as layout or "
			    "redirect_from)", n->value);
			errs++;
			continue;
		}
		c->ignore_fields = xrealloc(c->ignore_fields, (c->nignore_fields + 1) *
		    sizeof *c->ignore_fields);
		c->ignore_fields[c->nignore_fields++] = xstrdup(n->value);
	}
	return errs;
}

/* url, feed_url, id, icon, logo, hubs, the stylesheet, and the feeds' self URLs. */
static int
read_urls(struct config *c, const struct ynode *root)
{
	const struct ynode *url = ynode_get(root, "url"), *feed = ynode_get(root, "feed_url"), *n;
	int errs = 0, k;
	char *s;

	/* Without feed_url, url is where the feeds are served: server-config prints it. */
	if (!(s = http_field(c->path, url, "url", 0, !feed, "expected the site's absolute http(s) "
	    "URL, such as https://example.org/news/")))
		return 1;
	c->url = with_slash(s);
	c->host = url_host(c->url);
	c->feed_base = xstrdup(c->url);
	if (feed) {
		if ((s = http_field(c->path, feed, "feed_url", 0, 1, "expected the absolute http(s) "
		    "URL the output folder is served at"))) {
			free(c->feed_base);
			c->feed_base = with_slash(s);
		} else {
			errs++;
		}
	}
	c->id = xstrdup(ynode_str(root, "id"));
	if (!c->id)
		c->id = xstrdup(c->url);
	c->icon = link_field(c->path, root, "icon", c->url, &errs);
	c->logo = link_field(c->path, root, "logo", c->url, &errs);
	/* WebSub 4: the self URL, the notified URL and the subscribed URL are one string. */
	for (k = 0; k < FEED_NKINDS; k++)
		c->feed_url[k] = xasprintf("%s%s", c->feed_base, feed_files[k]);
	for (n = (n = ynode_get(root, "hubs")) ? n->child : NULL; n; n = n->next) {
		char field[32];

		snprintf(field, sizeof field, "hubs[%zu]", c->nhubs + 1);
		/* A hub may take a query; its URL is in every feed, so no user information. */
		if (!(s = http_field(c->path, n, field, 1, 1, "expected an absolute http(s) URL"))) {
			errs++;
			s = xstrdup(n->value);
		}
		c->hubs = xrealloc(c->hubs, (c->nhubs + 1) * sizeof *c->hubs);
		c->hubs[c->nhubs++] = s;
	}
	errs += read_ignored(c, root);
	return errs + read_stylesheet(c, root);
}

/* timezone: a zone glibc knows, without leap seconds. */
static int
read_zone(struct config *c, const struct ynode *root)
{
	const struct ynode *n = ynode_get(root, "timezone");

	c->timezone = xstrdup(n ? n->value : "UTC");
	if (!n)
		return 0;
	switch (zone_check(n->value)) {
	case ZONE_OK:
		return 0;
	case ZONE_UNKNOWN:
		diag_error(c->path, n->line, n->col, "'timezone' names no known time zone: '%s' (expected "
		    "an IANA name such as America/New_York, or UTC)", n->value);
		return 1;
	case ZONE_LEAP:
		/* POSIX time has no leap seconds: in a right/ zone every plain date comes out late by them. */
		if (strncmp(n->value, "right/", 6) == 0)
			diag_error(c->path, n->line, n->col, "'timezone' counts leap seconds: '%s' (expected "
			    "the same zone without 'right/': '%s')", n->value, n->value + 6);
		else
			diag_error(c->path, n->line, n->col, "'timezone' counts leap seconds: '%s' (expected "
			    "an IANA name such as America/New_York, or UTC)", n->value);
		return 1;
	}
	return 0;
}

/* permalink, and the folders, resolved against the configuration's own folder. */
static int
read_paths(struct config *c, const struct ynode *root)
{
	const struct ynode *n;
	const char *s;
	char *dir = dir_of(c->path);
	int errs = 0;

	s = ynode_str(root, "permalink");
	c->permalink = xstrdup(s ? s : "{slug}");
	if (s) {
		char *sample = url_resolve(c->url, s);

		if (!sample || !url_is_http(sample)) {
			n = ynode_get(root, "permalink");
			diag_error(c->path, n->line, n->col, "'permalink' does not make an http(s) URL with "
			    "'url': '%s' (expected a path such as {slug}/ or news/{year}/{slug}.html)", s);
			errs++;
		}
		free(sample);
	}
	s = ynode_str(root, "entries");
	c->entries_dir = join(dir, s ? s : "entries");
	s = ynode_str(root, "output");
	c->output_dir = join(dir, s ? s : "public");
	s = ynode_str(root, "private");
	c->private_dir = join(dir, s ? s : ".feedgen");
	if (inside(c->private_dir, c->output_dir)) {
		/* The web server would serve the state, which names drafts and embargoed entries. */
		n = ynode_get(root, s ? "private" : "output");
		diag_error(c->path, n->line, n->col, "the private folder '%s' is inside the output folder "
		    "'%s' (expected a folder the web server does not serve: set 'private')",
		    c->private_dir, c->output_dir);
		errs++;
	}
	/* The entries folder may hold the others in sub-folders (skipped when hidden), not the reverse. */
	errs += apart(c, root, c->entries_dir, "entries", c->output_dir, "output",
	    "the entries, drafts and embargoed ones included, would be served");
	if (inside(c->private_dir, c->entries_dir) && inside(c->entries_dir, c->private_dir))
		errs += apart(c, root, c->private_dir, "private", c->entries_dir, "entries",
		    "the lock and the state would sit among the entries");
	s = ynode_str(root, "schemas");
	c->schema_dir = s ? join(dir, s) : NULL;
	free(dir);
	return errs;
}

/* Seconds as the schema allows them ("10", "0.5") to milliseconds. */
static long
millis(const char *s, long dflt)
{
	return s ? (long)(strtod(s, NULL) * 1000.0 + 0.5) : dflt;
}

/* limit, feeds, lock_timeout, the views, websub: numbers and words the schema has already checked. */
static void
read_numbers(struct config *c, const struct ynode *root)
{
	const struct ynode *n;
	const char *s;
	int k;

	s = ynode_str(root, "limit");
	c->limit = s ? strtol(s, NULL, 10) : 50;
	s = ynode_str(root, "archive");
	c->archive = s ? strtol(s, NULL, 10) : 0;
	s = ynode_str(root, "complete");
	c->complete = s && strcmp(s, "true") == 0;
	s = ynode_str(root, "lock_timeout");
	c->lock_timeout = s ? strtol(s, NULL, 10) : 60;
	c->category_feeds = (s = ynode_str(root, "category_feeds")) && strcmp(s, "true") == 0;
	c->undated_names = (s = ynode_str(root, "dated_names")) && strcmp(s, "false") == 0;
	c->author_feeds = (s = ynode_str(root, "author_feeds")) && strcmp(s, "true") == 0;
	c->page = (s = ynode_str(root, "html")) && strcmp(s, "true") == 0;
	/* RFC 6721 sets no period; a month reaches readers that poll weekly, and then some. */
	s = ynode_str(root, "tombstone_days");
	c->tombstone_days = s ? strtol(s, NULL, 10) : 30;
	s = ynode_str(root, "max_bytes");
	c->max_bytes = s ? strtoll(s, NULL, 10) : 0;
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
			for (k = 0; k < FEED_NKINDS; k++)
				c->feeds[k] |= strcmp(m->value, feed_words[k]) == 0;
	} else {
		/* JSON Feed is opt-in (issue 9: "optional"): a site's files stay what they were. */
		c->feeds[FEED_RSS] = c->feeds[FEED_ATOM] = 1;
	}
}

/* Semantic checks the schema cannot make, and the derived values; returns the errors. */
static int
fill(struct config *c, const struct ynode *root)
{
	int errs;

	c->title = xstrdup(ynode_str(root, "title"));
	c->subtitle = xstrdup(ynode_str(root, "subtitle"));
	c->language = xstrdup(ynode_str(root, "language"));
	c->rights = xstrdup(ynode_str(root, "rights"));
	/* Everything else resolves against url: without it there is nothing more to check. */
	if ((errs = read_urls(c, root)) > 0 && !c->url)
		return errs;
	/* RFC 4287 3.2.2: the feed's author.uri is a link readers follow: http(s) only. */
	errs += person_read(ynode_get(root, "author"), c->path, c->url, 0, &c->author) < 0;
	errs += read_zone(c, root);
	errs += read_paths(c, root);
	read_numbers(c, root);
	if (c->complete && c->archive) {
		const struct ynode *n = ynode_get(root, "archive");

		/* RFC 5005: a complete feed has no archives; an archived one is not complete. */
		diag_error(c->path, n->key_line, n->key_col, "'archive' and 'complete: true' exclude each "
		    "other (expected archive pages or a complete feed, not both)");
		errs++;
	}
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
	size_t bom;
	int errs;

	if (!(src = source_read(path)))
		return NULL;
	spath = config_schema_path(path, "config.rng");
	sc = schema_load(spath, "config");
	free(spath);
	/* A byte-order mark, as Windows editors write, is not part of the YAML (nor of column 1). */
	bom = src->len >= 3 && memcmp(src->data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	if (!sc || (errs = ynode_parse(src, bom, src->len - bom, 0, &root)) < 0)
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
	free(c->stylesheet);
	free(c->id);
	free(c->timezone);
	free(c->host);
	free(c->permalink);
	person_clear(&c->author);
	free(c->entries_dir);
	free(c->output_dir);
	free(c->private_dir);
	free(c->schema_dir);
	for (i = 0; i < FEED_NKINDS; i++)
		free(c->feed_url[i]);
	for (i = 0; i < c->nhubs; i++)
		free(c->hubs[i]);
	free(c->hubs);
	for (i = 0; i < c->nignore_fields; i++)
		free(c->ignore_fields[i]);
	free(c->ignore_fields);
	free(c);
}
