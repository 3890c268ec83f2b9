/*
 * page.c: index.html, the site feed's entries as a page for people (issue 10):
 * plain HTML5, a little CSS, no script; every value escaped by html_escape.
 * Written by hand rather than by libxml2's text writer, an XML writer that
 * knows no void elements and would close an empty <a></a> as <a/>.
 */
#include "config.h"
#include "doc.h"
#include "date.h"
#include "entry.h"
#include "markdown.h"
#include "render.h"
#include "views.h"
#include "xalloc.h"

#include <stdlib.h>
#include <time.h>

static const char *const mime[FEED_NKINDS] = {
	"application/rss+xml", "application/atom+xml", "application/feed+json",
};
static const char *const format[FEED_NKINDS] = {"RSS", "Atom", "JSON Feed"};

static const char style[] =
    "body{font:1rem/1.5 system-ui,sans-serif;max-width:42rem;margin:0 auto;padding:1rem;"
    "color:#222;background:#fff;overflow-wrap:anywhere}\n"
    "header{border-bottom:2px solid #222;margin-bottom:1rem}\n"
    "article{border-bottom:1px solid #ccc;padding:.5rem 0 1rem}\n"
    "h2{font-size:1.3rem;margin:.5rem 0 .25rem}\n"
    ".meta,figcaption,.categories,.feeds{color:#555;font-size:.9rem}\n"
    "figure{margin:.75rem 0}\n"
    "img{max-width:100%;height:auto}\n";

/* The attribute name="value", value escaped, with a space before it. */
static void
attr(struct buf *b, const char *name, const char *value)
{
	buf_addf(b, " %s=\"", name);
	html_escape(b, value);
	buf_addc(b, '"');
}

/* <a href="url"[ type="..."]>text</a>, text escaped. */
static void
anchor(struct buf *b, const char *url, const char *type, const char *text)
{
	buf_adds(b, "<a");
	attr(b, "href", url);
	if (type)
		attr(b, "type", type);
	buf_addc(b, '>');
	html_escape(b, text);
	buf_adds(b, "</a>");
}

/*
 * "18 October 2016, 10:00 EDT" in the site's zone (TZ, set by build.c), in
 * a <time> whose datetime is the same instant in RFC 3339 with that zone's
 * offset. Month names by hand: no locale, as everywhere else.
 */
static void
date_human(struct buf *b, const struct when *w)
{
	static const char *const months[12] = {
		"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December",
	};
	time_t t = (time_t)w->t;
	struct when local = *w;
	char iso[DATE_MAX];
	struct tm tm;

	if (!localtime_r(&t, &tm)) {
		date_rfc3339(w, iso);
		buf_addf(b, "<time datetime=\"%s\">%s</time>", iso, iso);
		return;
	}
	/* A whole number of minutes, as RFC 3339 offsets are (old local mean times are not). */
	if (tm.tm_gmtoff % 60 == 0)
		local.off = (int)(tm.tm_gmtoff / 60);
	date_rfc3339(&local, iso);
	buf_addf(b, "<time datetime=\"%s\">%d %s %lld, %02d:%02d", iso, tm.tm_mday, months[tm.tm_mon],
	    (long long)tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
	if (tm.tm_zone && *tm.tm_zone) {
		buf_addc(b, ' ');
		html_escape(b, tm.tm_zone);
	}
	buf_adds(b, "</time>");
}

/* The site's feeds, in the order they are written. */
static void
head_links(struct buf *b, const struct config *c)
{
	static const enum feed_kind told[] = {FEED_ATOM, FEED_RSS, FEED_JSON};
	const char *self = NULL;
	size_t i;
	int k;

	for (k = 0; k < FEED_NKINDS; k++) {
		if (!c->feeds[k])
			continue;
		buf_adds(b, "<link rel=\"alternate\"");
		attr(b, "type", mime[k]);
		buf_adds(b, " title=\"");
		html_escape(b, c->title);
		buf_addf(b, " (%s)\"", format[k]);
		attr(b, "href", c->feed_url[k]);
		buf_adds(b, ">\n");
	}
	/*
	 * WebSub 4: the page is no topic (hubs are never told of it), so its
	 * self link names the feed they are told of: Atom, else RSS, else JSON.
	 * With no feed (feeds: []), there is nothing to subscribe to.
	 */
	for (i = 0; !self && i < sizeof told / sizeof *told; i++)
		if (c->feeds[told[i]])
			self = c->feed_url[told[i]];
	if (!c->nhubs || !self)
		return;
	for (i = 0; i < c->nhubs; i++) {
		buf_adds(b, "<link rel=\"hub\"");
		attr(b, "href", c->hubs[i]);
		buf_adds(b, ">\n");
	}
	buf_adds(b, "<link rel=\"self\"");
	attr(b, "href", self);
	buf_adds(b, ">\n");
}

/*
 * The image: its alt text when the entry gives one. Without it, a caption
 * is the image's description (the HTML standard's image "whose contents
 * are not known", in a figure with a caption):
 * alt is left out rather than repeating it; with neither, alt="", as
 * nothing can be said of it and a screen reader would read the file name.
 */
static void
figure(struct buf *b, const struct entry *e)
{
	buf_adds(b, "<figure><img");
	attr(b, "src", e->image_url);
	if (e->image_alt)
		attr(b, "alt", e->image_alt);
	else if (!e->image_caption)
		buf_adds(b, " alt=\"\"");
	buf_adds(b, ">");
	if (e->image_caption || e->image_credit) {
		buf_adds(b, "<figcaption dir=\"auto\">");
		if (e->image_caption)
			html_escape(b, e->image_caption);
		if (e->image_caption && e->image_credit)
			buf_adds(b, " \xe2\x80\x94 ");	/* em dash, as in the feeds' figure */
		if (e->image_credit) {
			buf_adds(b, "<small>");
			html_escape(b, e->image_credit);
			buf_adds(b, "</small>");
		}
		buf_adds(b, "</figcaption>");
	}
	buf_adds(b, "</figure>\n");
}

/* The categories, each linked to its own feed (the first kind written) when there is one. */
static void
categories(struct buf *b, const struct config *c, const struct entry *e)
{
	size_t i;
	int k = 0;

	if (!e->ncategories)
		return;
	while (k < FEED_NKINDS && !c->feeds[k])
		k++;
	buf_adds(b, "<p class=\"categories\">Categories: ");
	for (i = 0; i < e->ncategories; i++) {
		if (i)
			buf_adds(b, ", ");
		if (c->category_feeds && k < FEED_NKINDS) {
			char *slug = views_slug(e->categories[i]);
			char *url = xasprintf("%s%s/%s/%s", c->feed_base, views_folder(VIEW_CATEGORY), slug,
			    config_feed_file((enum feed_kind)k));

			buf_adds(b, "<bdi>");
			anchor(b, url, mime[k], e->categories[i]);
			buf_adds(b, "</bdi>");
			free(url);
			free(slug);
		} else {
			buf_adds(b, "<bdi>");
			html_escape(b, e->categories[i]);
			buf_adds(b, "</bdi>");
		}
	}
	buf_adds(b, "</p>\n");
}

static void
article(struct buf *b, const struct config *c, const struct entry *e)
{
	buf_adds(b, "<article");
	if (e->lang)
		attr(b, "lang", e->lang);
	buf_adds(b, ">\n<h2 dir=\"auto\">");
	anchor(b, e->link, NULL, e->title);
	buf_adds(b, "</h2>\n<p class=\"meta\">");
	date_human(b, &e->date);
	if (e->author.name) {
		buf_adds(b, " \xc2\xb7 <bdi>");	/* middle dot */
		html_escape(b, e->author.name);
		buf_adds(b, "</bdi>");
	}
	buf_adds(b, "</p>\n");
	if (e->image_url)
		figure(b, e);
	if (e->summary) {
		buf_adds(b, "<p dir=\"auto\">");
		html_escape(b, e->summary);
		buf_adds(b, "</p>\n");
	}
	categories(b, c, e);
	buf_adds(b, "</article>\n");
}

char *
page_render(const struct config *c, const struct doc *d, size_t *len)
{
	struct buf b = {0};
	const char *sep = "";
	size_t i;
	int k;

	buf_adds(&b, "<!DOCTYPE html>\n<html");
	if (c->language)
		attr(&b, "lang", c->language);
	buf_adds(&b, ">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_escape(&b, d->title);
	buf_adds(&b, "</title>\n");
	head_links(&b, c);
	buf_addf(&b, "<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1 dir=\"auto\">", style);
	html_escape(&b, d->title);
	buf_adds(&b, "</h1>\n");
	if (c->subtitle) {
		buf_adds(&b, "<p dir=\"auto\">");
		html_escape(&b, c->subtitle);
		buf_adds(&b, "</p>\n");
	}
	for (k = 0; k < FEED_NKINDS; k++)
		if (c->feeds[k]) {
			buf_adds(&b, *sep ? sep : "<p class=\"feeds\">Subscribe: ");
			anchor(&b, c->feed_url[k], mime[k], format[k]);
			sep = " \xc2\xb7 ";
		}
	buf_adds(&b, *sep ? "</p>\n</header>\n<main>\n" : "</header>\n<main>\n");
	for (i = 0; i < d->n; i++)
		article(&b, c, d->v[i]);
	if (!d->n)
		buf_adds(&b, "<p>Nothing published yet.</p>\n");
	buf_adds(&b, "</main>\n</body>\n</html>\n");
	*len = b.len;
	return buf_steal(&b);
}
