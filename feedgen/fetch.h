/* fetch.h: one document fetched over http(s) by libcurl (import's --feed URL). */
#ifndef FEEDGEN_FETCH_H
#define FEEDGEN_FETCH_H

#include <stddef.h>

/* The most bytes fetch_url takes (16 MiB): a feed is far smaller. */
#define FETCH_MAX ((size_t)16 << 20)

/*
 * GETs url (http or https only, at most 5 redirects, 30 s in all, 10 s to
 * connect, at most FETCH_MAX bytes). Returns 0 and the body in *data and
 * *len (newly allocated, NUL-terminated; the caller frees it), or -1 with
 * why[] saying what failed ("HTTP status 404", libcurl's reason).
 */
int fetch_url(const char *url, char **data, size_t *len, char why[256]);

#endif
