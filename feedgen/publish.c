/* publish.c: WebSub bookkeeping around websub.c: owed, sent, pending, dropped. */
#include "publish.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "state.h"
#include "websub.h"
#include "xalloc.h"

#ifndef FEEDGEN_VERSION
#define FEEDGEN_VERSION "0"
#endif

static int
is_topic(const struct config *cfg, const char *topic)
{
	int k;

	for (k = 0; k < FEED_NKINDS; k++)
		if (cfg->feeds[k] && strcmp(cfg->feed_url[k], topic) == 0)
			return 1;
	return 0;
}

static int
is_hub(const struct config *cfg, const char *hub)
{
	size_t i;

	for (i = 0; i < cfg->nhubs; i++)
		if (strcmp(cfg->hubs[i], hub) == 0)
			return 1;
	return 0;
}

static int
owed(const struct state *st, const char *topic, const char *hub)
{
	size_t i;

	for (i = 0; i < st->npending; i++)
		if (strcmp(st->pending[i].topic, topic) == 0 && strcmp(st->pending[i].hub, hub) == 0)
			return 1;
	return 0;
}

void
publish_owe(const struct config *cfg, struct state *st, const int *changed)
{
	size_t i, h;
	int k;

	for (i = st->npending; i-- > 0;) {
		const struct pending *p = &st->pending[i];

		if (!is_hub(cfg, p->hub) || !is_topic(cfg, p->topic)) {
			diag_warn(NULL, 0, 0, "dropping pending notification of %s to %s: the %s is no "
			    "longer configured", p->topic, p->hub, is_hub(cfg, p->hub) ? "feed" : "hub");
			state_remove_pending(st, i);
		}
	}
	for (k = 0; changed && k < FEED_NKINDS; k++)
		for (h = 0; changed[k] && h < cfg->nhubs; h++)
			if (!owed(st, cfg->feed_url[k], cfg->hubs[h]))
				state_add_pending(st, cfg->feed_url[k], cfg->hubs[h], 0, 0, "not sent yet");
	diag_flush();
}

size_t
publish_send(const struct config *cfg, struct state *st)
{
	struct websub_opts o = {
		cfg->websub.timeout_ms, cfg->websub.connect_timeout_ms, cfg->websub.attempts,
		cfg->websub.backoff_ms, cfg->websub.retry_after_max_ms, "feedgen/" FEEDGEN_VERSION,
	};
	struct notice *v;
	size_t i, n = st->npending;

	if (n == 0)
		return 0;
	v = xcalloc(n, sizeof *v);
	for (i = 0; i < n; i++) {
		v[i].topic = st->pending[i].topic;
		v[i].hub = st->pending[i].hub;
	}
	websub_send(v, n, &o);
	for (i = 0; i < n; i++) {
		struct pending *p = &st->pending[i];

		if (v[i].ok) {
			diag_info("notified %s of %s (HTTP %ld after %d attempt%s)", p->hub, p->topic,
			    v[i].status, v[i].attempts, v[i].attempts == 1 ? "" : "s");
			continue;
		}
		if (p->first == 0)
			p->first = (int64_t)time(NULL);
		p->attempts += v[i].attempts;
		free(p->error);
		p->error = xstrdup(v[i].error);
		diag_pending("hub %s was not notified of %s: %s (after %d attempt%s; kept pending, "
		    "sent again by the next run)", p->hub, p->topic, v[i].error, v[i].attempts,
		    v[i].attempts == 1 ? "" : "s");
	}
	for (i = n; i-- > 0;)
		if (v[i].ok)
			state_remove_pending(st, i);
	free(v);
	diag_flush();
	return st->npending;
}

/* The path part of an absolute URL, for nginx's location. */
static const char *
url_path(const char *url)
{
	const char *p = strstr(url, "://");

	p = p ? strchr(p + 3, '/') : NULL;
	return p ? p : "/";
}

int
publish_server_config(const struct config *cfg, const char *kind)
{
	static const char *const types[FEED_NKINDS] = {
		"application/rss+xml; charset=utf-8", "application/atom+xml; charset=utf-8",
	};
	int nginx = strcmp(kind, "nginx") == 0, k;
	size_t h;

	if (!nginx && strcmp(kind, "apache") != 0) {
		diag_error(NULL, 0, 0, "unknown web server '%s' (expected nginx or apache)", kind);
		return -1;
	}
	printf("# feedgen: Content-Type and WebSub discovery headers (W3C WebSub 4.1) for the feeds\n"
	    "# of %s. Subscribers read Link headers before the document: these must\n"
	    "# match the feeds' own hub and self links, so regenerate this after changing hubs.\n",
	    cfg->title);
	for (k = 0; k < FEED_NKINDS; k++) {
		if (!cfg->feeds[k])
			continue;
		if (nginx) {
			printf("location = %s {\n    types { }\n    default_type \"%s\";\n",
			    url_path(cfg->feed_url[k]), types[k]);
			for (h = 0; h < cfg->nhubs; h++)
				printf("    add_header Link '<%s>; rel=\"hub\"' always;\n", cfg->hubs[h]);
			printf("    add_header Link '<%s>; rel=\"self\"' always;\n}\n", cfg->feed_url[k]);
		} else {
			printf("<Files \"%s\">\n    ForceType \"%s\"\n", config_feed_file((enum feed_kind)k), types[k]);
			for (h = 0; h < cfg->nhubs; h++)
				printf("    Header add Link \"<%s>; rel=\\\"hub\\\"\"\n", cfg->hubs[h]);
			printf("    Header add Link \"<%s>; rel=\\\"self\\\"\"\n</Files>\n", cfg->feed_url[k]);
		}
	}
	return 0;
}
