/* markdown.h: CommonMark bodies to HTML with absolute URLs; the only cmark user. */
#ifndef FEEDGEN_MARKDOWN_H
#define FEEDGEN_MARKDOWN_H

#include <stddef.h>

struct buf;

/* A body parsed and checked, waiting to be rendered (only if a feed keeps it): its text is kept, and parsed again then. */
struct markdown;

/* Where a body's bytes stand in its file, so messages point into the file. */
struct md_origin {
	const char *path;
	/* Sets the 1-based file line and column (in characters) of byte off of the body. */
	void (*locate)(const void *ctx, size_t off, int *line, int *col);
	const void *ctx;
	/*
	 * 1 when the body is known to pass text_check (it was checked with its
	 * file): then only a character reference can make a string cmark hands
	 * back something XML cannot carry, and a body without '&' needs no more.
	 */
	int checked;
};

/*
 * Parses md[0..len) once and checks everything the HTML will carry: every
 * string cmark hands back (text, code, fence info, link and image URL and
 * title) must be text XML can carry (a character reference such as "&#7;"
 * is an error, located at the reference), and every link and image must
 * resolve to an absolute URL (see markdown_url_ok in markdown.c). Relative
 * URLs are resolved against base, since feed readers and RSS-to-email
 * services ignore xml:base; a bare "#fragment" or an empty one against page,
 * the entry's own URL. Raw HTML is left out (cmark's safe mode) and noted
 * for markdown_warn. Errors are reported located through o; returns NULL
 * after reporting, else the parsed body, which the caller frees with
 * markdown_free.
 */
struct markdown *markdown_parse(const char *md, size_t len, const char *base, const char *page,
    const struct md_origin *o);
/* Gives the warnings noted by markdown_parse (raw HTML), located in path. */
void markdown_warn(const struct markdown *m, const char *path);
/* Returns the body as HTML, newly allocated; the caller frees it. */
char *markdown_render(const struct markdown *m);
/* markdown_free(NULL) does nothing. */
void markdown_free(struct markdown *m);

/* Appends s to b with &, <, >, " escaped for HTML text and attribute values. */
void html_escape(struct buf *b, const char *s);

#endif
