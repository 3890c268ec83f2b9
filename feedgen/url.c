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
	/* RFC 6335 6: a port is 0 to 65535; libxml2 reads any digits. */
	if (u && u->scheme && u->server && is_http_scheme(u->scheme) && host_ok(u->server) &&
	    u->port >= 0 && u->port <= 65535)
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

/* RFC 3986 3.2.2: a host name or an IP literal, in ASCII. */
static int
ascii_host(const char *h)
{
	for (; *h; h++)
		if (!isalnum((unsigned char)*h) && !strchr(".-_:[]", *h))
			return 0;
	return 1;
}

char *
url_http_base(const char *s, int query_ok, const char **why)
{
	char *esc = escape_unsafe(s), *out = NULL;
	xmlURIPtr u = xmlParseURI(esc);

	/* Checked on the encoded form: a non-ASCII path is encoded, as url_resolve does. */
	if (!u || !u->scheme || (strcasecmp(u->scheme, "http") != 0 && strcasecmp(u->scheme, "https") != 0))
		*why = "not an http(s) URL";
	else if (!u->server || !*u->server)
		*why = "no host";
	else if (!ascii_host(u->server))
		*why = "a host that is not ASCII (write an international name in its xn-- form)";
	else if (u->user)
		*why = "user information before the host, which every reader could see";
	else if (!query_ok && (u->query_raw || u->query || strchr(esc, '?')))
		*why = "a query, which every URL made from it would break";
	else if (u->fragment || strchr(esc, '#'))
		*why = "a fragment";
	else
		out = esc;
	xmlFreeURI(u);
	if (!out)
		free(esc);
	return out;
}

const char *
url_server_syntax(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= 0x20 || c == 0x7f)
			return c == ' ' ? "a space" : "a control character";
		switch (c) {
		case '\'': return "an apostrophe";
		case '"': return "a double quote";
		case ';': return "a semicolon";
		case '{': case '}': return "a brace";
		case '\\': return "a backslash";
		case '$': return "a dollar sign";
		case '<': case '>': return "an angle bracket";
		case '`': return "a backquote";
		}
	}
	return NULL;
}
