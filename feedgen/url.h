/* url.h: resolve references against the site's base URL (RFC 3986 section 5). */
#ifndef FEEDGEN_URL_H
#define FEEDGEN_URL_H

/* 1 when s is an absolute http or https URL with a host. */
int url_is_http(const char *s);
/* 1 when s starts with a URI scheme ("tag:", "urn:", "https:"...). */
int url_has_scheme(const char *s);
/*
 * Returns ref resolved against base as a newly allocated string (the caller
 * frees it), or NULL when either cannot be parsed as a URI reference.
 */
char *url_resolve(const char *base, const char *ref);
/*
 * Returns the host of an http(s) URL, newly allocated, or NULL when there is
 * none or it holds anything but letters, digits, '-', '.', '_', '~' (or an IP
 * literal in brackets): a space or an escape ("exa%20mple.org") is no host,
 * and an international name is written in punycode (xn--...).
 */
char *url_host(const char *url);
/*
 * 1 when s, a resolved URL, may be written to a feed as it is: it starts
 * with a scheme, and an http(s) URL has a host (url_is_http). Other schemes
 * (mailto:, tel:, ftp:...) are taken as they are.
 */
int url_is_absolute(const char *s);
/*
 * Checks s as an absolute http(s) URL a configuration gives: a scheme http
 * or https, an ASCII host, no user information, no fragment, and no query
 * unless query_ok. What may not stand in a URI (spaces, non-ASCII) is
 * percent-encoded, as url_resolve does. Returns the encoded URL, newly
 * allocated (the caller frees it), or NULL with *why set to a static phrase
 * ("no host") that completes "has ...".
 */
char *url_http_base(const char *s, int query_ok, const char **why);
/*
 * The first character of s that nginx or apache would read as syntax in the
 * snippets feedgen server-config prints ("a semicolon", "a space"...), as a
 * static phrase, or NULL when there is none.
 */
const char *url_server_syntax(const char *s);

/*
 * For the tests that prove the shortcuts change nothing: url_resolve and
 * url_host as libxml2 alone answers them.
 */
char *url_resolve_libxml2(const char *base, const char *ref);
char *url_host_libxml2(const char *url);

#endif
