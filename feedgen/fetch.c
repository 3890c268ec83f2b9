/* fetch.c: GET one document over http(s) with libcurl's easy interface. */
#include "fetch.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "xalloc.h"

struct sink {
	struct buf body;
	int too_big;
};

static size_t
on_body(char *p, size_t size, size_t nmemb, void *arg)
{
	struct sink *s = arg;
	size_t n = size * nmemb;

	if (s->body.len + n > FETCH_MAX) {
		s->too_big = 1;
		return 0;	/* libcurl stops with CURLE_WRITE_ERROR */
	}
	buf_add(&s->body, p, n);
	return n;
}

/* Each option checked: a protocol restriction that did not take must not go unnoticed. */
#define SETOPT(h, opt, val) do { \
	if ((rc = curl_easy_setopt((h), (opt), (val))) != CURLE_OK) { \
		snprintf(why, 256, "libcurl refused %s: %s", #opt, curl_easy_strerror(rc)); \
		goto out; \
	} \
} while (0)

int
fetch_url(const char *url, char **data, size_t *len, char why[256])
{
	struct sink s = {{0}, 0};
	char errbuf[CURL_ERROR_SIZE] = "";
	CURL *h;
	CURLcode rc;
	long status = 0;
	int ok = -1;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(h = curl_easy_init())) {
		snprintf(why, 256, "cannot set up an HTTP request");
		return -1;
	}
	SETOPT(h, CURLOPT_URL, url);
	SETOPT(h, CURLOPT_ERRORBUFFER, errbuf);
	SETOPT(h, CURLOPT_PROTOCOLS_STR, "http,https");
	SETOPT(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	SETOPT(h, CURLOPT_FOLLOWLOCATION, 1L);
	SETOPT(h, CURLOPT_MAXREDIRS, 5L);
	SETOPT(h, CURLOPT_TIMEOUT, 30L);
	SETOPT(h, CURLOPT_CONNECTTIMEOUT, 10L);
	SETOPT(h, CURLOPT_NOSIGNAL, 1L);
	SETOPT(h, CURLOPT_USERAGENT, "feedgen-import/" FEEDGEN_VERSION);
	SETOPT(h, CURLOPT_ACCEPT_ENCODING, "");
	SETOPT(h, CURLOPT_WRITEFUNCTION, on_body);
	SETOPT(h, CURLOPT_WRITEDATA, &s);
	if ((rc = curl_easy_perform(h)) != CURLE_OK) {
		if (s.too_big)
			snprintf(why, 256, "larger than %zu bytes", FETCH_MAX);
		else
			snprintf(why, 256, "%s", *errbuf ? errbuf : curl_easy_strerror(rc));
		goto out;
	}
	/* CURLOPT_FAILONERROR is not fail-safe: the status is checked here. */
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	if (status < 200 || status > 299) {
		snprintf(why, 256, "HTTP status %ld", status);
		goto out;
	}
	*len = s.body.len;
	*data = buf_steal(&s.body);
	ok = 0;
out:
	buf_free(&s.body);
	curl_easy_cleanup(h);
	curl_global_cleanup();
	return ok;
}
