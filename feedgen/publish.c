/* publish.c: WebSub bookkeeping around websub.c: owed, sent, pending, dropped. */
#include "publish.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "state.h"
#include "url.h"
#include "websub.h"
#include "xalloc.h"

#ifndef FEEDGEN_VERSION
#define FEEDGEN_VERSION "0"
#endif

/*
 * Whether topic is the URL of a file the state lists: a feed this site still
 * writes, or a category's or author's that emptied and may come back.
 */
static int
is_topic(const struct config *cfg, const struct state *st, const char *topic)
{
	size_t n = strlen(cfg->feed_base);

	return strncmp(topic, cfg->feed_base, n) == 0 &&
	    (state_written(st, topic + n) != NULL || state_removed(st, topic + n));
}

static int
is_hub(const struct config *cfg, const char *hub)
{
	size_t i;

	for (i = 0; i < cfg->nhubs; i++)
		if (strcmp(cfg->hubs[i], hub) == 0)
			return 1;
	return 0;
}

static int
owed(const struct state *st, const char *topic, const char *hub)
{
	size_t i;

	for (i = 0; i < st->npending; i++)
		if (strcmp(st->pending[i].topic, topic) == 0 && strcmp(st->pending[i].hub, hub) == 0)
			return 1;
	return 0;
}

void
publish_owe(const struct config *cfg, struct state *st, char *const *topics, size_t n)
{
	size_t i, h;

	for (i = st->npending; i-- > 0;) {
		const struct pending *p = &st->pending[i];

		if (!is_hub(cfg, p->hub) || !is_topic(cfg, st, p->topic)) {
			diag_warn(NULL, 0, 0, "dropping pending notification of %s to %s: the %s is no "
			    "longer configured", p->topic, p->hub, is_hub(cfg, p->hub) ? "feed" : "hub");
			state_remove_pending(st, i);
		}
	}
	for (i = 0; i < n; i++)
		for (h = 0; h < cfg->nhubs; h++)
			if (!owed(st, topics[i], cfg->hubs[h]))
				state_add_pending(st, topics[i], cfg->hubs[h], 0, 0, "not sent yet");
	diag_flush();
}

size_t
publish_send(const struct config *cfg, struct state *st)
{
	struct websub_opts o = {
		cfg->websub.timeout_ms, cfg->websub.connect_timeout_ms, cfg->websub.attempts,
		cfg->websub.backoff_ms, cfg->websub.retry_after_max_ms, "feedgen/" FEEDGEN_VERSION,
	};
	struct notice *v;
	size_t i, n = st->npending;

	if (n == 0)
		return 0;
	v = xcalloc(n, sizeof *v);
	for (i = 0; i < n; i++) {
		v[i].topic = st->pending[i].topic;
		v[i].hub = st->pending[i].hub;
	}
	websub_send(v, n, &o);
	for (i = 0; i < n; i++) {
		struct pending *p = &st->pending[i];

		if (v[i].ok) {
			diag_info("notified %s of %s (HTTP %ld after %d attempt%s)", p->hub, p->topic,
			    v[i].status, v[i].attempts, v[i].attempts == 1 ? "" : "s");
			continue;
		}
		if (p->first == 0)
			p->first = (int64_t)time(NULL);
		p->attempts += v[i].attempts;
		free(p->error);
		p->error = xstrdup(v[i].error);
		if (v[i].system)
			diag_system(NULL, "hub %s was not notified of %s: %s (kept pending, sent again by "
			    "the next run)", p->hub, p->topic, v[i].error);
		else
			diag_pending("hub %s was not notified of %s: %s (after %d attempt%s; kept pending, "
			    "sent again by the next run)", p->hub, p->topic, v[i].error, v[i].attempts,
			    v[i].attempts == 1 ? "" : "s");
	}
	for (i = n; i-- > 0;)
		if (v[i].ok)
			state_remove_pending(st, i);
	free(v);
	diag_flush();
	return st->npending;
}

/* The path part of an absolute URL, for nginx's location. */
static const char *
url_path(const char *url)
{
	const char *p = strstr(url, "://");

	p = p ? strchr(p + 3, '/') : NULL;
	return p ? p : "/";
}

static int
hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/*
 * nginx's location argument for a feed: the path as nginx compares it, with
 * its %XX decoded; in double quotes, '"' and '\' escaped, when a decoded
 * character is nginx syntax. NULL when one is a control character, which no
 * quoting carries. Newly allocated; the caller frees it.
 */
static char *
nginx_location(const char *url)
{
	struct buf b = {0};
	const char *p;
	char *out;
	int quote = 0;

	buf_addc(&b, '"');
	for (p = url_path(url); *p; p++) {
		int c = (unsigned char)*p;

		if (c == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			c = hexval(p[1]) * 16 + hexval(p[2]);
			p += 2;
		}
		if (c < 0x20 || c == 0x7f) {
			buf_free(&b);
			return NULL;
		}
		if (c == '"' || c == '\\')
			buf_addc(&b, '\\');
		quote |= strchr(" ;{}'\"\\$#`", c) != NULL;
		buf_addc(&b, (char)c);
	}
	buf_addc(&b, '"');
	if (quote)
		return buf_steal(&b);
	/* Nothing to quote: the bare path, as the README's example shows. */
	out = xstrndup(b.data + 1, b.len - 2);
	buf_free(&b);
	return out;
}

/*
 * A regular expression, in double quotes, matching the path of every file
 * named name in a category's or author's folder ("categories|authors" as
 * dims) under the output folder's URL, decoded as nginx and Apache compare
 * it; the dimension and slug captured (named dim and slug for Apache, $1 and
 * $2 for nginx). NULL when the decoded path holds a character no quoted
 * pattern carries safely. Newly allocated; the caller frees it.
 */
static char *
view_pattern(const char *base, const char *dims, const char *name, int named)
{
	struct buf b = {0};
	const char *p;

	buf_adds(&b, "\"^");
	for (p = url_path(base); *p; p++) {
		int c = (unsigned char)*p;

		if (c == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			c = hexval(p[1]) * 16 + hexval(p[2]);
			p += 2;
		}
		if (c < 0x20 || c == 0x7f || strchr("\"\\'`$;{}", c)) {
			buf_free(&b);
			return NULL;
		}
		if (strchr(".^$|?*+()[]", c))
			buf_addc(&b, '\\');
		buf_addc(&b, (char)c);
	}
	buf_addf(&b, named ? "(?<dim>%s)/(?<slug>[a-z0-9-]+)/" : "(%s)/([a-z0-9-]+)/", dims);
	for (p = name; *p; p++) {
		if (*p == '.')
			buf_addc(&b, '\\');
		buf_addc(&b, *p);
	}
	buf_adds(&b, "$\"");
	return buf_steal(&b);
}

/*
 * The folders of the feeds beyond the site's own that cfg switches on
 * (categories/<slug>/, authors/<slug>/, archive/<n>/: a page number is a slug
 * to the pattern), as a pattern's alternatives; NULL when none.
 */
static const char *
view_dims(const struct config *cfg)
{
	static const char *const alt[8] = {NULL, "categories", "authors", "categories|authors",
	    "archive", "categories|archive", "authors|archive", "categories|authors|archive"};

	return alt[(cfg->category_feeds ? 1 : 0) | (cfg->author_feeds ? 2 : 0) | (cfg->archive > 0 ? 4 : 0)];
}

/* mod_headers reads "%x" in a Header value as a format: "%%" is a literal '%'. */
static void
apache_value(const char *s)
{
	for (; *s; s++) {
		if (*s == '%')
			putchar('%');
		putchar(*s);
	}
}

/* config_load refuses these; checked again so no future caller can print a directive. */
static int
printable(const struct config *cfg)
{
	const char *why;
	char *loc;
	size_t h;
	int k, ok = 1;

	for (h = 0; h < cfg->nhubs; h++)
		if ((why = url_server_syntax(cfg->hubs[h]))) {
			diag_error(cfg->path, 0, 0, "hub '%s' holds %s, which the snippet would read as "
			    "syntax (expected a URL without spaces or any of ' \" ; { } \\ $ < > `)", cfg->hubs[h], why);
			ok = 0;
		}
	for (k = 0; k < FEED_NKINDS; k++) {
		if (!cfg->feeds[k])
			continue;
		if ((why = url_server_syntax(cfg->feed_url[k]))) {
			diag_error(cfg->path, 0, 0, "feed URL '%s' holds %s, which the snippet would read as "
			    "syntax (expected a URL without spaces or any of ' \" ; { } \\ $ < > `)",
			    cfg->feed_url[k], why);
			ok = 0;
		} else if (!(loc = nginx_location(cfg->feed_url[k]))) {
			diag_error(cfg->path, 0, 0, "feed URL '%s' encodes a control character, which no "
			    "web-server location can name (expected a path of printable characters)",
			    cfg->feed_url[k]);
			ok = 0;
		} else {
			free(loc);
		}
	}
	if (view_dims(cfg) && !(loc = view_pattern(cfg->feed_base, "x", "x", 0))) {
		diag_error(cfg->path, 0, 0, "feed URL '%s' holds a character no web-server pattern can "
		    "carry, for the category, author and archive feeds (expected a path of letters, digits and "
		    "/ . - _ ~ %%)", cfg->feed_base);
		ok = 0;
	} else if (view_dims(cfg)) {
		free(loc);
	}
	return ok ? 0 : -1;
}

/*
 * The headers of every category's, author's and archive page's feed of kind
 * k: one block per kind, a pattern whose captures rebuild each file's self URL.
 */
static void
view_block(const struct config *cfg, int nginx, enum feed_kind k, const char *type)
{
	const char *file = config_feed_file(k);
	char *re = view_pattern(cfg->feed_base, view_dims(cfg), file, !nginx);
	size_t h;

	if (nginx) {
		/* A regex location: it wins over prefix locations, "location =" over it. */
		printf("location ~ %s {\n    types { }\n    default_type \"%s\";\n", re, type);
		for (h = 0; h < cfg->nhubs; h++)
			printf("    add_header Link '<%s>; rel=\"hub\"' always;\n", cfg->hubs[h]);
		printf("    add_header Link '<%s$1/$2/%s>; rel=\"self\"' always;\n}\n", cfg->feed_base, file);
	} else {
		/* <Files "feed.xml"> above matches these too: Link is set again here, where it is read last. */
		printf("<LocationMatch %s>\n    ForceType \"%s\"\n    Header unset Link\n", re, type);
		for (h = 0; h < cfg->nhubs; h++) {
			fputs("    Header add Link \"<", stdout);
			apache_value(cfg->hubs[h]);
			fputs(">; rel=\\\"hub\\\"\"\n", stdout);
		}
		fputs("    Header add Link \"<", stdout);
		apache_value(cfg->feed_base);
		printf("%%{MATCH_DIM}e/%%{MATCH_SLUG}e/%s>; rel=\\\"self\\\"\"\n</LocationMatch>\n", file);
	}
	free(re);
}

/* feed.xsl as XML, which a browser requires of an XSLT (nginx's mime.types has no .xsl). */
static void
stylesheet_block(const struct config *cfg, int nginx, const char *type)
{
	char *loc;

	if (!nginx) {
		printf("<Files \"%s\">\n    ForceType \"%s\"\n</Files>\n", config_feed_file(DOC_XSL), type);
		return;
	}
	/* printable() checked feed_base for the feeds; without any feed, nothing names the XSLT. */
	if (!(loc = nginx_location(cfg->stylesheet)))
		return;
	printf("location = %s {\n    types { }\n    default_type \"%s\";\n}\n", loc, type);
	free(loc);
}

int
publish_server_config(const struct config *cfg, const char *kind)
{
	static const char *const types[FEED_NKINDS] = {
		"application/rss+xml; charset=utf-8", "application/atom+xml; charset=utf-8",
		/* JSON Feed 1.1's type; RFC 8259 11: JSON is UTF-8 and defines no charset parameter. */
		"application/feed+json",
	};
	/*
	 * With a stylesheet, the XML feeds go as application/xml: browsers show
	 * application/rss+xml and atom+xml as text or a download, never through
	 * an XSLT (Chromium 156 measured), and readers take either.
	 */
	static const char *const styled = "application/xml; charset=utf-8";
	const char *type[FEED_NKINDS];
	int nginx = strcmp(kind, "nginx") == 0, k;
	size_t h;

	if (!nginx && strcmp(kind, "apache") != 0) {
		diag_error(NULL, 0, 0, "unknown web server '%s' (expected nginx or apache)", kind);
		return -1;
	}
	if (printable(cfg) < 0)
		return -1;
	printf("# feedgen: Content-Type and WebSub discovery headers (W3C WebSub 4.1) for the feeds\n"
	    "# of %s. Subscribers read Link headers before the document: these must\n"
	    "# match the feeds' own hub and self links, so regenerate this after changing hubs.\n",
	    cfg->title);
	if (cfg->stylesheet)
		printf("# The RSS and Atom feeds name an XSLT: served as application/xml, which browsers\n"
		    "# show through it (as application/rss+xml or atom+xml they show text, or download).\n");
	for (k = 0; k < FEED_NKINDS; k++)
		type[k] = cfg->stylesheet && k != FEED_JSON ? styled : types[k];
	for (k = 0; k < FEED_NKINDS; k++) {
		if (!cfg->feeds[k])
			continue;
		if (nginx) {
			char *loc = nginx_location(cfg->feed_url[k]);

			/* nginx matches the decoded path: "/nouvelles/%C3%A9t%C3%A9/" is "/nouvelles/été/". */
			printf("location = %s {\n    types { }\n    default_type \"%s\";\n", loc, type[k]);
			free(loc);
			for (h = 0; h < cfg->nhubs; h++)
				printf("    add_header Link '<%s>; rel=\"hub\"' always;\n", cfg->hubs[h]);
			printf("    add_header Link '<%s>; rel=\"self\"' always;\n}\n", cfg->feed_url[k]);
		} else {
			printf("<Files \"%s\">\n    ForceType \"%s\"\n", config_feed_file((enum feed_kind)k), type[k]);
			for (h = 0; h < cfg->nhubs; h++) {
				fputs("    Header add Link \"<", stdout);
				apache_value(cfg->hubs[h]);
				fputs(">; rel=\\\"hub\\\"\"\n", stdout);
			}
			fputs("    Header add Link \"<", stdout);
			apache_value(cfg->feed_url[k]);
			fputs(">; rel=\\\"self\\\"\"\n</Files>\n", stdout);
		}
	}
	for (k = 0; view_dims(cfg) && k < FEED_NKINDS; k++)
		if (cfg->feeds[k])
			view_block(cfg, nginx, (enum feed_kind)k, type[k]);
	if (cfg->own_stylesheet)
		stylesheet_block(cfg, nginx, styled);
	return 0;
}
