/*
 * stylesheet.c: feed.xsl, the XSLT that shows the feeds in a browser, built
 * into the program from share/feed.xsl (the Makefile writes its bytes to
 * feed_xsl.inc): nothing to find at run time, and a new program writes its own.
 */
#include "render.h"
#include "xalloc.h"

#include <string.h>

static const unsigned char xsl[] = {
#include "feed_xsl.inc"
};

char *
stylesheet_render(size_t *len)
{
	char *out = xmalloc(sizeof xsl + 1);

	memcpy(out, xsl, sizeof xsl);
	out[sizeof xsl] = '\0';
	*len = sizeof xsl;
	return out;
}
