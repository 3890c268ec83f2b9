/* websub.h: tell WebSub hubs a feed changed (W3C WebSub, section 7), all hubs at once. */
#ifndef FEEDGEN_WEBSUB_H
#define FEEDGEN_WEBSUB_H

#include <stddef.h>

struct websub_opts {
	long timeout_ms;		/* one attempt, connection included */
	long connect_timeout_ms;
	int attempts;			/* tries per notification in this call */
	long backoff_ms;		/* before the second try; doubles, times a jitter in [0.5, 1] */
	long retry_after_max_ms;	/* cap on a hub's Retry-After */
	const char *user_agent;
};

struct notice {
	const char *topic, *hub;	/* in: the feed's self URL, the hub's URL */
	int ok;				/* out: a 2xx came back */
	int system;			/* out: libcurl could not be set up; error names the call */
	long status;			/* out: the last HTTP status, 0 when none */
	int attempts;			/* out: tries made */
	char error[256];		/* out: the last failure, one line */
};

/*
 * POSTs hub.mode=publish&hub.url=TOPIC&hub.topic=TOPIC to each notice's hub,
 * all concurrently through libcurl's multi interface, each with its own
 * retries: connection errors, timeouts, 429 and 5xx are tried again (after
 * Retry-After when the hub gives one); other 4xx are not; 307 and 308 are
 * followed up to 3 times, other redirects are failures. http and https only,
 * certificates verified. Never prints: the caller reports from the notices.
 * A notice whose request libcurl refused to set up (an option it rejected,
 * no memory) has system set and is not tried again in this call.
 * Returns 0, or -1 when libcurl could not be set up (every notice then fails).
 */
int websub_send(struct notice *v, size_t n, const struct websub_opts *o);

#endif
