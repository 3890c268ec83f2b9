/* render.h: entries to documents; rss.c, atom.c, jsonfeed.c and page.c, one format each. */
#ifndef FEEDGEN_RENDER_H
#define FEEDGEN_RENDER_H

#include <stddef.h>

struct config;
struct doc;
struct entry;
struct when;

/*
 * Each returns the whole document d, newly allocated (the caller frees it),
 * with its length in *len; NULL when the XML (or JSON) writer failed. d's
 * entries come newest first, every one whole (rendered). Nothing depends on
 * the clock: the same input gives the same bytes.
 */
char *rss_render(const struct config *c, const struct doc *d, size_t *len);
char *atom_render(const struct config *c, const struct doc *d, size_t *len);
/* JSON Feed 1.1 (jsonfeed.org/version/1.1); UTF-8, two-space indent, a final newline. */
char *jsonfeed_render(const struct config *c, const struct doc *d, size_t *len);
/*
 * index.html (kind DOC_PAGE): d's entries as an HTML5 page for people, with
 * the site's feeds (and each category's, with category_feeds) announced;
 * page.c.
 */
char *page_render(const struct config *c, const struct doc *d, size_t *len);
/* feed.xsl (kind DOC_XSL): a copy of the XSLT built into the program from share/feed.xsl. */
char *stylesheet_render(size_t *len);
/* The renderer of kind k. */
char *render_doc(const struct config *c, const struct doc *d, size_t *len);

/* The newest 'updated' among v, or NULL when n is 0: the feed's own date. */
const struct when *render_updated(struct entry *const *v, size_t n);

#endif
