/*
 * xmlw.c: libxml2's text writer behind a small interface, so the feed writers
 * do not see libxml2. Never CDATA: escaped text is always well-formed, and the
 * input checks (source.c, ynode.c) keep out what 2.9's writer would mangle.
 */
#include "xmlw.h"

#include <libxml/xmlwriter.h>
#include <stdlib.h>

#include "xalloc.h"

#define XC(s) ((const xmlChar *)(s))

struct xw {
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	int failed;
};

static void
check(struct xw *w, int rc)
{
	if (rc < 0)
		w->failed = 1;
}

struct xw *
xw_new(void)
{
	struct xw *w = xcalloc(1, sizeof *w);

	w->buf = xmlBufferCreate();
	w->w = w->buf ? xmlNewTextWriterMemory(w->buf, 0) : NULL;
	if (!w->w) {
		w->failed = 1;
		return w;
	}
	check(w, xmlTextWriterSetIndent(w->w, 1));
	check(w, xmlTextWriterSetIndentString(w->w, XC("  ")));
	check(w, xmlTextWriterStartDocument(w->w, "1.0", "UTF-8", NULL));
	return w;
}

void
xw_stylesheet(struct xw *w, const char *href)
{
	struct buf b = {0};
	const char *p;

	if (!w->w)
		return;
	/* Pseudo-attributes take the predefined entities; '>' escaped, "?>" cannot end the PI early. */
	buf_adds(&b, "type=\"text/xsl\" href=\"");
	for (p = href; *p; p++) {
		switch (*p) {
		case '&': buf_adds(&b, "&amp;"); break;
		case '<': buf_adds(&b, "&lt;"); break;
		case '>': buf_adds(&b, "&gt;"); break;
		case '"': buf_adds(&b, "&quot;"); break;
		default: buf_addc(&b, *p); break;
		}
	}
	buf_addc(&b, '"');
	check(w, xmlTextWriterWritePI(w->w, XC("xml-stylesheet"), XC(b.data)));
	buf_free(&b);
}

void
xw_start(struct xw *w, const char *name)
{
	if (w->w)
		check(w, xmlTextWriterStartElement(w->w, XC(name)));
}

void
xw_attr(struct xw *w, const char *name, const char *value)
{
	if (w->w && value)
		check(w, xmlTextWriterWriteAttribute(w->w, XC(name), XC(value)));
}

void
xw_text(struct xw *w, const char *text)
{
	if (w->w && text)
		check(w, xmlTextWriterWriteString(w->w, XC(text)));
}

void
xw_elem(struct xw *w, const char *name, const char *text)
{
	if (w->w && text)
		check(w, xmlTextWriterWriteElement(w->w, XC(name), XC(text)));
}

void
xw_end(struct xw *w)
{
	if (w->w)
		check(w, xmlTextWriterEndElement(w->w));
}

char *
xw_finish(struct xw *w, size_t *len)
{
	char *out;

	if (!w->w)
		return NULL;
	check(w, xmlTextWriterEndDocument(w->w));
	xmlFreeTextWriter(w->w);	/* flushes into buf */
	w->w = NULL;
	if (w->failed)
		return NULL;
	*len = (size_t)xmlBufferLength(w->buf);
	out = xstrndup((const char *)xmlBufferContent(w->buf), *len);
	return out;
}

void
xw_free(struct xw *w)
{
	if (!w)
		return;
	if (w->w)
		xmlFreeTextWriter(w->w);
	if (w->buf)
		xmlBufferFree(w->buf);
	free(w);
}
