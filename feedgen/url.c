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
#include <strings.h>

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

/* RFC 3986 3.2.2: a reg-name of unreserved characters, or an IP literal; no escapes. */
static int
host_ok(const char *h)
{
	int literal = *h == '[';

	if (!*h)
		return 0;
	for (; *h; h++)
		if (!(isalnum((unsigned char)*h) || strchr("-._~", *h) ||
		    (literal && strchr("[]:", *h))))
			return 0;
	return 1;
}

static int
is_http_scheme(const char *scheme)
{
	/* RFC 3986 3.1: schemes are case-insensitive. */
	return strcasecmp(scheme, "http") == 0 || strcasecmp(scheme, "https") == 0;
}

char *
url_host(const char *url)
{
	xmlURIPtr u = xmlParseURI(url);
	char *host = NULL;

	/* libxml2 gives the server unescaped: "exa%20mple.org" comes back with its space. */
	if (u && u->scheme && u->server && is_http_scheme(u->scheme) && host_ok(u->server))
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

int
url_is_absolute(const char *s)
{
	size_t n = strcspn(s, ":");

	if (!url_has_scheme(s))
		return 0;
	/* "http:foo" and "https:/path" have a scheme but no host: readers resolve them against the feed. */
	if ((n == 4 && strncasecmp(s, "http", 4) == 0) || (n == 5 && strncasecmp(s, "https", 5) == 0))
		return url_is_http(s);
	return 1;
}

/*
 * Percent-encodes what may not stand in a URI (RFC 3986 2.1): spaces, bytes
 * of non-ASCII characters (as an IRI becomes a URI, RFC 3987 3.1) and the
 * characters RFC 3986 excludes, so "images/café.jpg" works as browsers do.
 */
static char *
escape_unsafe(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = {0};

	buf_adds(&b, "");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		/* A '%' that starts no escape ("50%-off") stands for itself. */
		int lone_pct = c == '%' && !(isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2]));

		if (c <= 0x20 || c >= 0x7f || strchr("<>\"{}|\\^`", c) || lone_pct) {
			buf_addc(&b, '%');
			buf_addc(&b, hex[c >> 4]);
			buf_addc(&b, hex[c & 15]);
		} else {
			buf_addc(&b, (char)c);
		}
	}
	return buf_steal(&b);
}

char *
url_resolve(const char *base, const char *ref)
{
	char *esc = escape_unsafe(ref), *s;
	xmlChar *r;

	if (url_has_scheme(esc))
		return esc;
	r = xmlBuildURI(XC(esc), XC(base));
	free(esc);
	if (!r)
		return NULL;
	s = xstrdup((const char *)r);
	xmlFree(r);
	return s;
}
