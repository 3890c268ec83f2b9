/*
 * url.c: URL resolution by libxml2's RFC 3986 code (xmlBuildURI), so no
 * hand-written URI parser; the only libxml2 use outside schema.c and xmlw.c.
 */
#include "url.h"

#include <ctype.h>
#include <libxml/uri.h>
#include <libxml/xmlmemory.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define XC(s) ((const xmlChar *)(s))

int
url_has_scheme(const char *s)
{
	const char *p = s;

	/* RFC 3986 3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
	if (!isalpha((unsigned char)*p))
		return 0;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':';
}

char *
url_host(const char *url)
{
	xmlURIPtr u = xmlParseURI(url);
	char *host = NULL;

	if (u && u->scheme && u->server && *u->server &&
	    (strcmp(u->scheme, "http") == 0 || strcmp(u->scheme, "https") == 0))
		host = xstrdup(u->server);
	xmlFreeURI(u);
	return host;
}

int
url_is_http(const char *s)
{
	char *host = url_host(s);
	int ok = host != NULL && strchr(s, ' ') == NULL;

	free(host);
	return ok;
}

char *
url_resolve(const char *base, const char *ref)
{
	xmlChar *r;
	char *s;

	if (url_has_scheme(ref))
		return xstrdup(ref);
	if (!(r = xmlBuildURI(XC(ref), XC(base))))
		return NULL;
	s = xstrdup((const char *)r);
	xmlFree(r);
	return s;
}
