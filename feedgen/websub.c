/* websub.c: hub notifications over libcurl's multi interface; the only curl user. */
#include "websub.h"

#include <curl/curl.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "xalloc.h"

#define BODY_KEEP 1024
#define MAX_REDIRECTS 3

struct job {
	struct notice *n;
	CURL *h;
	char *url;		/* the hub, or where a 307/308 sent us */
	char *post;
	int redirects;
	int done;
	int64_t next_ms;	/* when the next try may start */
	long retry_after_ms;	/* -1: the hub gave none */
	struct buf body;	/* the start of the hub's answer, for messages */
	struct curl_slist *headers;
	char errbuf[CURL_ERROR_SIZE];
};

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* xorshift64: jitter needs spread between runs, not quality. */
static double
jitter(void)
{
	static uint64_t x;

	if (!x)
		x = ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid() ^ 0x9e3779b97f4a7c15u;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return 0.5 + 0.5 * (double)(x >> 11) / (double)(UINT64_C(1) << 53);
}

static size_t
on_body(char *p, size_t size, size_t nmemb, void *arg)
{
	struct job *j = arg;
	size_t n = size * nmemb;

	if (j->body.len < BODY_KEEP)
		buf_add(&j->body, p, n < BODY_KEEP - j->body.len ? n : BODY_KEEP - j->body.len);
	return n;
}

static size_t
on_header(char *p, size_t size, size_t nmemb, void *arg)
{
	struct job *j = arg;
	size_t n = size * nmemb;
	char value[128], *v = value;
	time_t t;

	if (n > 12 && n < sizeof value + 12 && strncasecmp(p, "Retry-After:", 12) == 0) {
		memcpy(value, p + 12, n - 12);
		value[n - 12] = '\0';
		while (isspace((unsigned char)*v))
			v++;
		v[strcspn(v, "\r\n")] = '\0';
		/* RFC 9110 10.2.3: delay-seconds or an HTTP-date; a day is more than any cap. */
		if (*v && strspn(v, "0123456789") == strlen(v)) {
			long long secs = strtoll(v, NULL, 10);

			j->retry_after_ms = (secs > 86400 ? 86400 : secs) * 1000L;
		} else if ((t = curl_getdate(v, NULL)) != -1) {
			/* To the millisecond: whole seconds of "now" would retry up to 1 s late. */
			struct timespec ts;
			long long ms;

			clock_gettime(CLOCK_REALTIME, &ts);
			ms = (long long)t * 1000 - ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
			j->retry_after_ms = ms <= 0 ? 0 : ms > 86400000LL ? 86400000L : (long)ms;
		}
	}
	return n;
}

/* The first line of the hub's answer, printable, for a message. */
static void
first_line(const struct job *j, char *out, size_t size)
{
	size_t i, k = 0;

	for (i = 0; i < j->body.len && k + 1 < size; i++) {
		unsigned char c = (unsigned char)j->body.data[i];

		if (c == '\n' || c == '\r')
			break;
		out[k++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
	}
	out[k] = '\0';
}

/* libcurl refused to set up a request: the notice fails as a system error. */
static int
refused(struct job *j, const char *what, const char *why)
{
	snprintf(j->n->error, sizeof j->n->error, "libcurl refused %s: %s", what, why);
	j->n->system = 1;
	curl_easy_cleanup(j->h);
	j->h = NULL;
	return -1;
}

/* Each option checked: a protocol restriction that did not take must not go unnoticed. */
#define SETOPT(h, opt, val) do { \
	CURLcode rc_ = curl_easy_setopt((h), (opt), (val)); \
	if (rc_ != CURLE_OK) \
		return refused(j, #opt, curl_easy_strerror(rc_)); \
} while (0)

static int
start(CURLM *m, struct job *j, const struct websub_opts *o)
{
	j->h = curl_easy_init();
	if (!j->h) {
		snprintf(j->n->error, sizeof j->n->error, "cannot set up an HTTP request");
		j->n->system = 1;
		return -1;
	}
	j->retry_after_ms = -1;
	j->errbuf[0] = '\0';
	buf_free(&j->body);
	SETOPT(j->h, CURLOPT_URL, j->url);
	SETOPT(j->h, CURLOPT_PRIVATE, j);
	SETOPT(j->h, CURLOPT_POSTFIELDS, j->post);
	SETOPT(j->h, CURLOPT_POSTFIELDSIZE, (long)strlen(j->post));
	SETOPT(j->h, CURLOPT_HTTPHEADER, j->headers);
	SETOPT(j->h, CURLOPT_USERAGENT, o->user_agent);
	SETOPT(j->h, CURLOPT_PROTOCOLS_STR, "http,https");
	SETOPT(j->h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	/* Redirects are ours to follow: only those that keep the POST (307, 308). */
	SETOPT(j->h, CURLOPT_FOLLOWLOCATION, 0L);
	SETOPT(j->h, CURLOPT_TIMEOUT_MS, o->timeout_ms);
	SETOPT(j->h, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
	SETOPT(j->h, CURLOPT_NOSIGNAL, 1L);
	SETOPT(j->h, CURLOPT_ERRORBUFFER, j->errbuf);
	SETOPT(j->h, CURLOPT_WRITEFUNCTION, on_body);
	SETOPT(j->h, CURLOPT_WRITEDATA, j);
	SETOPT(j->h, CURLOPT_HEADERFUNCTION, on_header);
	SETOPT(j->h, CURLOPT_HEADERDATA, j);
	if (curl_multi_add_handle(m, j->h) != CURLM_OK)
		return refused(j, "curl_multi_add_handle", "cannot start an HTTP request");
	j->n->attempts++;
	return 0;
}

static void
stop(CURLM *m, struct job *j)
{
	curl_multi_remove_handle(m, j->h);
	curl_easy_cleanup(j->h);
	j->h = NULL;
}

/* One try ended: success, retry later, follow a redirect, or give up. */
static void
finished(CURLM *m, struct job *j, CURLcode rc, const struct websub_opts *o)
{
	struct notice *n = j->n;
	char line[201], *loc = NULL;
	long status = 0, delay;
	int retry = 0;

	curl_easy_getinfo(j->h, CURLINFO_RESPONSE_CODE, &status);
	n->status = status;
	first_line(j, line, sizeof line);
	if (rc != CURLE_OK) {
		snprintf(n->error, sizeof n->error, "%s", *j->errbuf ? j->errbuf : curl_easy_strerror(rc));
		retry = 1;
	} else if (status >= 200 && status < 300) {
		n->ok = 1;
		n->error[0] = '\0';
	} else if ((status == 307 || status == 308) && j->redirects < MAX_REDIRECTS &&
	    curl_easy_getinfo(j->h, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK && loc) {
		free(j->url);
		j->url = xstrdup(loc);
		j->redirects++;
		n->attempts--;	/* the same try, at another address */
		j->next_ms = now_ms();
		stop(m, j);
		return;
	} else if (status >= 300 && status < 400) {
		snprintf(n->error, sizeof n->error, "HTTP %ld redirect not followed (expected 2xx; "
		    "only 307 and 308 keep the POST, at most %d)", status, MAX_REDIRECTS);
	} else {
		snprintf(n->error, sizeof n->error, "HTTP %ld%s%s", status, *line ? ": " : "", line);
		retry = status == 429 || status >= 500;
	}
	if (retry && j->retry_after_ms > o->retry_after_max_ms) {
		/* The hub wants longer than a run should hold the lock: the next run retries. */
		snprintf(n->error + strlen(n->error), sizeof n->error - strlen(n->error),
		    " (Retry-After %lds exceeds retry_after_max)", j->retry_after_ms / 1000);
		j->done = 1;
	} else if (retry && n->attempts < o->attempts) {
		if (j->retry_after_ms >= 0)
			delay = j->retry_after_ms;
		else
			delay = (long)((double)o->backoff_ms * (double)(1L << (n->attempts - 1 < 20 ? n->attempts - 1 : 20)) * jitter());
		j->next_ms = now_ms() + delay;
	} else {
		j->done = 1;
	}
	stop(m, j);
}

int
websub_send(struct notice *v, size_t n, const struct websub_opts *o)
{
	struct job *jobs;
	CURLM *m;
	size_t i, left = n;

	if (n == 0)
		return 0;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(m = curl_multi_init())) {
		for (i = 0; i < n; i++) {
			snprintf(v[i].error, sizeof v[i].error, "cannot set up libcurl");
			v[i].system = 1;
		}
		return -1;
	}
	jobs = xcalloc(n, sizeof *jobs);
	for (i = 0; i < n; i++) {
		char *t = curl_easy_escape(NULL, v[i].topic, 0);

		v[i].ok = 0;
		v[i].system = 0;
		v[i].attempts = 0;
		v[i].status = 0;
		jobs[i].n = &v[i];
		jobs[i].url = xstrdup(v[i].hub);
		/* Hubs disagree on the name (WebSub says hub.url, PubSubHubbub hub.topic): send both. */
		jobs[i].post = xasprintf("hub.mode=publish&hub.url=%s&hub.topic=%s", t, t);
		jobs[i].headers = curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");
		jobs[i].next_ms = now_ms();
		curl_free(t);
	}
	while (left > 0) {
		int64_t now = now_ms(), wait = 1000;
		int running = 0, queued;
		CURLMsg *msg;

		for (i = 0; i < n; i++) {
			struct job *j = &jobs[i];

			if (j->done || j->h)
				continue;
			if (j->next_ms <= now) {
				if (start(m, j, o) < 0) {
					j->done = 1;
					left--;
				}
			} else if (j->next_ms - now < wait) {
				wait = j->next_ms - now;
			}
		}
		if (curl_multi_perform(m, &running) != CURLM_OK)
			break;	/* the notices not done keep their last error: pending */
		while ((msg = curl_multi_info_read(m, &queued))) {
			struct job *j;
			char *priv;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
			j = (struct job *)(void *)priv;
			finished(m, j, msg->data.result, o);
			if (j->done)
				left--;
			wait = 0;
		}
		if (left > 0 && wait > 0)
			curl_multi_poll(m, NULL, 0, (int)wait, NULL);
	}
	for (i = 0; i < n; i++) {
		free(jobs[i].url);
		free(jobs[i].post);
		buf_free(&jobs[i].body);
		curl_slist_free_all(jobs[i].headers);
	}
	free(jobs);
	curl_multi_cleanup(m);
	curl_global_cleanup();
	return 0;
}
