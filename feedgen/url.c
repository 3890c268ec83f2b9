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

/*
 * Shortcuts: most URLs a newsroom writes ("https://www.example.gov/x",
 * "/press/", "images/2019/a.jpg") are plain enough that how libxml2 parses
 * and resolves them is certain, and asking it costs more than the rest of a
 * link's check. Only those are read here; anything else goes to libxml2.
 * tests/unit/test_url.c holds both ways side by side.
 */

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* RFC 3986 2.3: unreserved, in ASCII whatever the locale. */
static int
unreserved(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}

/*
 * A path of unreserved characters and single slashes, no segment starting
 * with '.' (so no "." or ".." to remove); sets *end after it. 0 when not.
 */
static int
plain_path(const char *s, const char **end)
{
	const char *p;

	for (p = s; unreserved(*p) || *p == '/'; p++)
		if ((*p == '.' && (p == s || p[-1] == '/')) || (*p == '/' && p[1] == '/'))
			return 0;
	*end = p;
	return 1;
}

/* 1 when s is a query of unreserved characters, '/', '=' and '&', then a fragment of those but '=' and '&', each optional, and nothing more. */
static int
plain_tail(const char *s)
{
	if (*s == '?')
		for (s++; unreserved(*s) || *s == '/' || *s == '=' || *s == '&'; s++)
			;
	if (*s == '#')
		for (s++; unreserved(*s) || *s == '/'; s++)
			;
	return *s == '\0';
}

/*
 * The length of "http(s)://host" when s is an http(s) URL with a host name
 * starting with a letter (no IP address, port or user information) and a
 * plain path, query and fragment; 0 when not (libxml2 is asked then).
 */
static size_t
plain_http(const char *s, size_t *host)
{
	const char *p, *end;
	size_t n = 0;

	/* RFC 3986 3.1: the scheme in any case. */
	if ((s[0] | 0x20) == 'h' && (s[1] | 0x20) == 't' && (s[2] | 0x20) == 't' && (s[3] | 0x20) == 'p')
		n = s[4] == ':' ? 4 : (s[4] | 0x20) == 's' && s[5] == ':' ? 5 : 0;
	if (!n || s[n + 1] != '/' || s[n + 2] != '/')
		return 0;
	n += 3;
	if (!is_alpha(s[n]))
		return 0;
	for (p = s + n; unreserved(*p); p++)
		;
	end = p;
	if (*p == '/' && !plain_path(p, &end))
		return 0;
	*host = n;
	return plain_tail(end) ? (size_t)(p - s) : 0;
}

/* The first n bytes of a, then b, newly allocated. */
static char *
join(const char *a, size_t n, const char *b)
{
	size_t m = strlen(b);
	char *s = xmalloc(n + m + 1);

	memcpy(s, a, n);
	memcpy(s + n, b, m + 1);
	return s;
}

/*
 * ref resolved against base as xmlBuildURI would (RFC 3986 5.2), when base
 * is plain_http and ref is a plain absolute or relative path (then a plain
 * query and fragment); NULL when the shortcut does not apply.
 */
static char *
plain_resolve(const char *base, const char *ref)
{
	size_t n, host, dir;
	const char *end;

	if (!(n = plain_http(base, &host)) || !plain_path(ref, &end) || end == ref ||
	    !plain_tail(end))
		return NULL;
	if (*ref == '/')
		return join(base, n, ref);
	/* RFC 3986 5.2.3: the base's path up to its last slash, then ref. */
	if (base[n] != '/')
		return NULL;
	for (dir = n; base[dir] && base[dir] != '?' && base[dir] != '#'; dir++)
		;
	while (base[dir - 1] != '/')
		dir--;
	return join(base, dir, ref);
}

char *
url_host(const char *url)
{
	size_t n, host;

	if ((n = plain_http(url, &host)))
		return xstrndup(url + host, n - host);
	return url_host_libxml2(url);
}

char *
url_host_libxml2(const char *url)
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
	size_t n;
	char *host;
	int ok;

	if (plain_http(s, &n))
		return 1;
	host = url_host_libxml2(s);
	ok = host != NULL && strchr(s, ' ') == NULL;

	free(host);
	return ok;
}

int
url_is_absolute(const char *s)
{
	size_t n = 0;

	if (plain_http(s, &n))
		return 1;
	n = strcspn(s, ":");

	if (!url_has_scheme(s))
		return 0;
	/* "http:foo" and "https:/path" have a scheme but no host: readers resolve them against the feed. */
	if ((n == 4 && strncasecmp(s, "http", 4) == 0) || (n == 5 && strncasecmp(s, "https", 5) == 0))
		return url_is_http(s);
	return 1;
}

/* RFC 3986 2 leaves these out of URIs (RFC 2396 2.4.3 "unwise" and "delims"). */
static int
is_excluded(char c)
{
	switch (c) {
	case '<': case '>': case '"': case '{': case '}': case '|': case '\\': case '^': case '`':
		return 1;
	}
	return 0;
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
	const char *p;

	/* Most references need nothing encoded. */
	for (p = s; *p > 0x20 && *p < 0x7f && !is_excluded(*p) && *p != '%'; p++)
		;
	if (!*p)
		return xstrdup(s);
	buf_adds(&b, "");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		/* A '%' that starts no escape ("50%-off") stands for itself. */
		int lone_pct = c == '%' && !(isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2]));

		if (c <= 0x20 || c >= 0x7f || is_excluded((char)c) || lone_pct) {
			buf_addc(&b, '%');
			buf_addc(&b, hex[c >> 4]);
			buf_addc(&b, hex[c & 15]);
		} else {
			buf_addc(&b, (char)c);
		}
	}
	return buf_steal(&b);
}

/* esc, escaped already and with no scheme, resolved by libxml2; esc is freed. */
static char *
build(const char *base, char *esc)
{
	char *s;
	xmlChar *r;

	r = xmlBuildURI(XC(esc), XC(base));
	free(esc);
	if (!r)
		return NULL;
	s = xstrdup((const char *)r);
	xmlFree(r);
	return s;
}

char *
url_resolve(const char *base, const char *ref)
{
	char *esc, *s;

	/* A plain reference has nothing to encode. */
	if (!url_has_scheme(ref) && (s = plain_resolve(base, ref)))
		return s;
	esc = escape_unsafe(ref);
	return url_has_scheme(esc) ? esc : build(base, esc);
}

char *
url_resolve_libxml2(const char *base, const char *ref)
{
	char *esc = escape_unsafe(ref);

	return url_has_scheme(esc) ? esc : build(base, esc);
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
