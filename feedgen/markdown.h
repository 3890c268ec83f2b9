/* markdown.h: CommonMark bodies to HTML with absolute URLs; the only cmark user. */
#ifndef FEEDGEN_MARKDOWN_H
#define FEEDGEN_MARKDOWN_H

#include <stddef.h>

struct buf;

/*
 * Renders md[0..len) as HTML. Link and image destinations are resolved
 * against base, since feed readers and RSS-to-email services ignore xml:base;
 * a bare "#fragment" against page, the entry's own URL.
 * Raw HTML is left out (cmark's safe mode). Messages are located in path, the
 * body starting at line lineoff+1: a character reference giving a character
 * XML cannot carry ("&#7;") is an error; raw HTML and a link that cannot be
 * resolved are warnings, given only when warn. Returns a newly allocated
 * string; the caller frees it.
 */
char *markdown_html(const char *md, size_t len, const char *base, const char *page,
    const char *path, int lineoff, int warn);

/* Appends s to b with &, <, >, " escaped for HTML text and attribute values. */
void html_escape(struct buf *b, const char *s);

#endif
