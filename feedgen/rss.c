/* rss.c: RSS 2.0 (rssboard.org spec) with the atom, content, dc and media extensions. */
#include "config.h"
#include "doc.h"
#include "date.h"
#include "entry.h"
#include "markdown.h"
#include "render.h"
#include "xalloc.h"
#include "xmlw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_MEDIA "http://search.yahoo.com/mrss/"
#define NS_FH "http://purl.org/syndication/history/1.0"

const struct when *
render_updated(struct entry *const *v, size_t n)
{
	const struct when *w = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if (!w || v[i]->updated.t > w->t)
			w = &v[i]->updated;
	return w;
}

static void
link_elem(struct xw *w, const char *rel, const char *href, const char *type)
{
	xw_start(w, "atom:link");
	xw_attr(w, "href", href);
	xw_attr(w, "rel", rel);
	xw_attr(w, "type", type);
	xw_end(w);
}

static void
item(struct xw *w, const struct config *c, const struct entry *e)
{
	char date[DATE_MAX], len[32];
	size_t i;

	xw_start(w, "item");
	xw_elem(w, "title", e->title);
	xw_elem(w, "link", e->link);
	/* description is HTML to readers: the summary is plain text, so escape it. */
	if (e->summary) {
		struct buf b = {0};

		html_escape(&b, e->summary);
		xw_elem(w, "description", b.data);
		buf_free(&b);
	} else {
		xw_elem(w, "description", e->html);
	}
	xw_elem(w, "content:encoded", e->html);
	xw_elem(w, "dc:creator", e->author.name ? e->author.name : c->author.name);
	for (i = 0; i < e->ncategories; i++)
		xw_elem(w, "category", e->categories[i]);
	/* Tags: categories of the site's tag taxonomy, told apart by the domain (see README). */
	if (e->ntags) {
		char *domain = xasprintf("%stags/", c->url);

		for (i = 0; i < e->ntags; i++) {
			xw_start(w, "category");
			xw_attr(w, "domain", domain);
			xw_text(w, e->tags[i]);
			xw_end(w);
		}
		free(domain);
	}
	xw_start(w, "guid");
	/* RSS 2.0: isPermaLink is true only when the guid is the item's URL. */
	xw_attr(w, "isPermaLink", e->link && strcmp(e->id, e->link) == 0 ? "true" : "false");
	xw_text(w, e->id);
	xw_end(w);
	date_rfc822(&e->date, date);
	xw_elem(w, "pubDate", date);
	if (e->image_url && e->image_type && e->image_length >= 0) {
		/* An enclosure needs url, length and type; without them Media RSS alone. */
		snprintf(len, sizeof len, "%lld", e->image_length);
		xw_start(w, "enclosure");
		xw_attr(w, "url", e->image_url);
		xw_attr(w, "length", len);
		xw_attr(w, "type", e->image_type);
		xw_end(w);
	}
	if (e->image_url) {
		xw_start(w, "media:content");
		xw_attr(w, "url", e->image_url);
		xw_attr(w, "medium", "image");
		xw_attr(w, "type", e->image_type);
		if (e->image_length >= 0) {
			snprintf(len, sizeof len, "%lld", e->image_length);
			xw_attr(w, "fileSize", len);
		}
		if (e->image_caption) {
			xw_start(w, "media:description");
			xw_attr(w, "type", "plain");
			xw_text(w, e->image_caption);
			xw_end(w);
		}
		xw_elem(w, "media:credit", e->image_credit);
		xw_end(w);
	}
	xw_end(w);
}

char *
rss_render(const struct config *c, const struct doc *d, size_t *len)
{
	const struct when *upd = render_updated(d->v, d->n);
	struct xw *w = xw_new();
	char date[DATE_MAX], *out;
	size_t i;

	/* A browser opening the feed shows it through this XSLT; readers ignore it. */
	if (c->stylesheet)
		xw_stylesheet(w, c->stylesheet);
	xw_start(w, "rss");
	xw_attr(w, "version", "2.0");
	xw_attr(w, "xmlns:atom", NS_ATOM);
	xw_attr(w, "xmlns:content", NS_CONTENT);
	xw_attr(w, "xmlns:dc", NS_DC);
	xw_attr(w, "xmlns:media", NS_MEDIA);
	if (d->archive || d->complete)
		xw_attr(w, "xmlns:fh", NS_FH);
	xw_start(w, "channel");
	xw_elem(w, "title", d->title);
	xw_elem(w, "link", c->url);
	xw_elem(w, "description", c->subtitle ? c->subtitle : d->title);
	xw_elem(w, "language", c->language);
	xw_elem(w, "copyright", c->rights);
	if (upd) {
		/* From the newest entry, never the clock: unchanged input, unchanged bytes. */
		date_rfc822(upd, date);
		xw_elem(w, "lastBuildDate", date);
	}
	xw_elem(w, "generator", "feedgen");
	xw_elem(w, "docs", "https://www.rssboard.org/rss-specification");
	if (c->logo) {
		xw_start(w, "image");
		xw_elem(w, "url", c->logo);
		xw_elem(w, "title", d->title);
		xw_elem(w, "link", c->url);
		xw_end(w);
	}
	link_elem(w, "self", d->self, "application/rss+xml");
	for (i = 0; i < c->nhubs; i++)
		link_elem(w, "hub", c->hubs[i], NULL);
	/* RFC 5005 2 and 4, in RSS as the RFC's own examples write them: atom:link and fh. */
	doc_history(w, d, "application/rss+xml", link_elem);
	for (i = 0; i < d->n; i++)
		item(w, c, d->v[i]);
	xw_end(w);
	xw_end(w);
	out = xw_finish(w, len);
	xw_free(w);
	return out;
}
