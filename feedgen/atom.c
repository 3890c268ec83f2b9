/* atom.c: Atom 1.0 (RFC 4287). */
#include "config.h"
#include "doc.h"
#include "date.h"
#include "entry.h"
#include "render.h"
#include "xalloc.h"
#include "xmlw.h"

#include <stdio.h>
#include <stdlib.h>

static void
link_elem(struct xw *w, const char *rel, const char *href, const char *type)
{
	xw_start(w, "link");
	xw_attr(w, "rel", rel);
	xw_attr(w, "type", type);
	xw_attr(w, "href", href);
	xw_end(w);
}

static void
person(struct xw *w, const struct person *p)
{
	/* RFC 4287 3.2: a Person construct has exactly one name. */
	xw_start(w, "author");
	xw_elem(w, "name", p->name);
	xw_elem(w, "email", p->email);
	xw_elem(w, "uri", p->uri);
	xw_end(w);
}

static void
date_elem(struct xw *w, const char *name, const struct when *t)
{
	char date[DATE_MAX];

	date_rfc3339_feed(t, date);
	xw_elem(w, name, date);
}

static void
entry(struct xw *w, const struct config *c, const struct entry *e)
{
	char len[32];
	size_t i;

	xw_start(w, "entry");
	xw_attr(w, "xml:lang", e->lang);
	/* RFC 4287 4.2.6: atom:id never changes, however the entry is edited. */
	xw_elem(w, "id", e->id);
	xw_elem(w, "title", e->title);
	date_elem(w, "published", &e->date);
	date_elem(w, "updated", &e->updated);
	/* RFC 4287 4.2.1 lets entries inherit the feed's author; many readers do not. */
	person(w, e->author.name ? &e->author : &c->author);
	link_elem(w, "alternate", e->link, "text/html");
	if (e->image_url) {
		xw_start(w, "link");
		xw_attr(w, "rel", "enclosure");
		xw_attr(w, "type", e->image_type);
		xw_attr(w, "href", e->image_url);
		if (e->image_length >= 0) {
			snprintf(len, sizeof len, "%lld", e->image_length);
			xw_attr(w, "length", len);
		}
		xw_end(w);
	}
	for (i = 0; i < e->ncategories; i++) {
		xw_start(w, "category");
		xw_attr(w, "term", e->categories[i]);
		xw_end(w);
	}
	/*
	 * Tags: categories in the site's tag scheme (RFC 4287 4.2.2.2), as RSS's
	 * domain. jekyll-feed writes them as plain categories; readers that ignore
	 * the scheme show them so too, and those that read it (feedparser's tags
	 * carry it) can tell a tag from a category of the same name.
	 */
	if (e->ntags) {
		char *scheme = xasprintf("%stags/", c->url);

		for (i = 0; i < e->ntags; i++) {
			xw_start(w, "category");
			xw_attr(w, "term", e->tags[i]);
			xw_attr(w, "scheme", scheme);
			xw_end(w);
		}
		free(scheme);
	}
	xw_elem(w, "summary", e->summary);
	xw_start(w, "content");
	xw_attr(w, "type", "html");
	xw_text(w, e->html);
	xw_end(w);
	xw_end(w);
}

/* RFC 6721 3: an entry taken back, by its atom:id, and when. */
static void
tombstone(struct xw *w, const struct tombstone *t)
{
	char when[DATE_MAX];

	date_rfc3339_feed(&t->when, when);
	xw_start(w, "at:deleted-entry");
	xw_attr(w, "ref", t->id);
	xw_attr(w, "when", when);
	xw_elem(w, "at:comment", t->reason);
	xw_end(w);
}

char *
atom_render(const struct config *c, const struct doc *d, size_t *len)
{
	const struct when *upd = render_updated(d->v, d->n);
	const struct when epoch = {0, 0};
	struct xw *w = xw_new();
	char *out;
	size_t i;

	/* A browser opening the feed shows it through this XSLT; readers ignore it. */
	if (c->stylesheet)
		xw_stylesheet(w, c->stylesheet);
	xw_start(w, "feed");
	xw_attr(w, "xmlns", "http://www.w3.org/2005/Atom");
	/* Declared only when used: a feed with no tombstone keeps its bytes. */
	if (d->ngone)
		xw_attr(w, "xmlns:at", "http://purl.org/atompub/tombstones/1.0");
	if (d->archive || d->complete)
		xw_attr(w, "xmlns:fh", "http://purl.org/syndication/history/1.0");
	xw_attr(w, "xml:lang", c->language);
	xw_elem(w, "id", d->id);
	xw_elem(w, "title", d->title);
	xw_elem(w, "subtitle", c->subtitle);
	/* An empty feed still needs atom:updated; the epoch keeps it clock-free. */
	date_elem(w, "updated", upd ? upd : &epoch);
	person(w, &c->author);
	link_elem(w, "alternate", c->url, "text/html");
	link_elem(w, "self", d->self, "application/atom+xml");
	for (i = 0; i < c->nhubs; i++)
		link_elem(w, "hub", c->hubs[i], NULL);
	/* RFC 5005 2 and 4: the history's links and markers. */
	doc_history(w, d, "application/atom+xml", link_elem);
	xw_elem(w, "rights", c->rights);
	xw_elem(w, "icon", c->icon);
	xw_elem(w, "logo", c->logo);
	xw_elem(w, "generator", "feedgen");
	/* Before the entries, where RFC 4287's grammar takes extension elements. */
	for (i = 0; i < d->ngone; i++)
		tombstone(w, &d->gone[i]);
	for (i = 0; i < d->n; i++)
		entry(w, c, d->v[i]);
	xw_end(w);
	out = xw_finish(w, len);
	xw_free(w);
	return out;
}
