/* xmlw.h: an XML document built in memory by libxml2's text writer. */
#ifndef FEEDGEN_XMLW_H
#define FEEDGEN_XMLW_H

#include <stddef.h>

struct xw;

/* A new document in memory, indented by two spaces; free with xw_free. */
struct xw *xw_new(void);
/*
 * <?xml-stylesheet type="text/xsl" href="href"?> (W3C "Associating Style
 * Sheets with XML documents"), before the root element only.
 */
void xw_stylesheet(struct xw *w, const char *href);
void xw_start(struct xw *w, const char *name);
void xw_attr(struct xw *w, const char *name, const char *value);
void xw_text(struct xw *w, const char *text);
/* <name>text</name>; nothing when text is NULL. */
void xw_elem(struct xw *w, const char *name, const char *text);
void xw_end(struct xw *w);
/*
 * Ends the document and returns it, newly allocated (the caller frees it),
 * with its length in *len; NULL when any step failed.
 */
char *xw_finish(struct xw *w, size_t *len);
void xw_free(struct xw *w);

#endif
