/*
 * build.c: the pipeline, one way: config, entries (each read, checked and
 * dropped unless the feed keeps it), then, only when every entry is valid,
 * the feeds, written atomically and only where their bytes changed.
 */
#include "build.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "date.h"
#include "diag.h"
#include "entry.h"
#include "feed.h"
#include "listing.h"
#include "output.h"
#include "publish.h"
#include "render.h"
#include "scaffold.h"
#include "schema.h"
#include "state.h"
#include "xalloc.h"

struct scan {
	struct feed feed;
	struct idset *ids;
	int read, drafts, held, expired;
	int render_all;		/* check: render every body, for its warnings */
	int have_next;
	struct when next;	/* the next instant the feeds will change by the clock alone */
};

static void
note_next(struct scan *s, const struct when *w)
{
	if (!s->have_next || w->t < s->next.t) {
		s->next = *w;
		s->have_next = 1;
	}
}

/* Reads one entry and decides whether the feed shows it now. */
static void
take(struct scan *s, const char *path, const struct config *cfg, struct schema *sc, int64_t now)
{
	struct entry *e = entry_load(path, cfg, sc);
	const char *first;

	if (!e) {
		diag_flush();
		return;
	}
	s->read++;
	if (s->render_all)
		entry_render(e, cfg, 1);
	if ((first = idset_add(s->ids, e->id, e->path, e->title))) {
		diag_error(e->path, e->id_line, 1, "duplicate id '%s', already used by %s "
		    "(expected every entry to have its own id)", e->id, first);
		entry_free(e);
	} else if (e->draft) {
		s->drafts++;
		entry_free(e);
	} else if (e->date.t > now) {
		s->held++;
		note_next(s, &e->date);
		entry_free(e);
	} else if (e->has_expires && e->expires.t <= now) {
		s->expired++;
		entry_free(e);
	} else {
		if (e->has_expires)
			note_next(s, &e->expires);
		entry_free(feed_offer(&s->feed, e));
	}
	diag_flush();
}

static int
set_clock(struct run_opts *o)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	struct when w;
	char why[96];

	if (o->now_text) {
		if (date_parse(o->now_text, &w, why) < 0) {
			diag_error(NULL, 0, 0, "--now '%s' is not a valid time (%s; expected YYYY-MM-DD or "
			    "an RFC 3339 date-time)", o->now_text, why);
			return -1;
		}
		o->now = w.t;
		o->have_now = 1;
	} else if (sde && *sde) {
		char *end;
		long long t;

		errno = 0;
		t = strtoll(sde, &end, 10);
		if (errno || *end || t < 0) {
			diag_error(NULL, 0, 0, "SOURCE_DATE_EPOCH '%s' is not a number of seconds", sde);
			return -1;
		}
		o->now = t;
		o->have_now = 1;
	} else {
		o->now = (int64_t)time(NULL);
	}
	return 0;
}

/* Loads the configuration, then sets the site's time zone and the clock. */
static struct config *
setup(struct run_opts *o)
{
	struct config *cfg;

	if (!(cfg = config_load(o->config)))
		return NULL;
	/* Plain dates are midnight in the site's zone: mktime then works in it. */
	setenv("TZ", cfg->timezone, 1);
	tzset();
	if (set_clock(o) < 0) {
		config_free(cfg);
		return NULL;
	}
	return cfg;
}

/* Reads every entry (all), or the named ones, into s. Returns 0 or -1 after reporting. */
static int
scan(const struct run_opts *o, const struct config *cfg, struct scan *s, int all, int render_all)
{
	struct schema *sc;
	char **paths;
	size_t n, i;

	memset(s, 0, sizeof *s);
	s->render_all = render_all;
	feed_init(&s->feed, (size_t)cfg->limit);
	s->ids = idset_new();
	if (!(sc = config_entry_schema(cfg)))
		return -1;
	if (all) {
		/* Warnings that would repeat on every cron run: for check and -v only. */
		if ((paths = listing_entries(cfg->entries_dir, &n, render_all || diag_verbose()))) {
			for (i = 0; i < n; i++)
				take(s, paths[i], cfg, sc, o->now);
			listing_free(paths, n);
		}
	} else {
		for (i = 0; i < (size_t)o->nfiles; i++)
			take(s, o->files[i], cfg, sc, o->now);
	}
	schema_free(sc);
	return 0;
}

static void
scan_free(struct scan *s)
{
	feed_free(&s->feed);
	idset_free(s->ids);
}

/* What a command printed must have reached stdout: a full disk there is an error too. */
static int
stdout_done(void)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		diag_syserr(NULL, "cannot write to standard output");
	diag_flush();
	return diag_status();
}

static int
report_invalid(void)
{
	int n = diag_error_count();

	diag_flush();
	/* A system error is one line, naming the file and the reason; input errors get a count. */
	if (n > 0)
		fprintf(stderr, "feedgen: %d error%s; no feed written, the previous feeds are unchanged\n",
		    n, n == 1 ? "" : "s");
	return diag_status();
}

static int
shown_before(const char *id, const void *arg)
{
	const struct state *st = arg;
	size_t i;

	for (i = 0; i < st->nshown; i++)
		if (strcmp(st->shown[i].id, id) == 0)
			return 1;
	return 0;
}

/*
 * An id the feeds showed last time has vanished while an entry from the same
 * file, or with the same title, appeared under a new id: readers will show the
 * item twice. Warn, naming both files.
 */
static void
check_ids(const struct state *st, const struct scan *s)
{
	size_t i, j;

	for (i = 0; i < st->nshown; i++) {
		const struct shown *old = &st->shown[i];
		const char *nid, *npath;

		for (j = 0; j < i; j++)
			if (strcmp(st->shown[j].id, old->id) == 0)
				break;
		if (j < i || idset_path(s->ids, old->id))
			continue;
		nid = idset_match(s->ids, old->path, old->title, shown_before, st, &npath);
		if (nid)
			diag_warn(npath, 0, 0, "id changed from '%s' (published from %s) to '%s': readers will "
			    "show this item twice (expected the old id: add 'id: %s' to the front matter)",
			    old->id, old->path, nid, old->id);
	}
	diag_flush();
}

/*
 * Renders each configured feed and stages it, with the state that describes
 * them, in one batch: either every changed file is replaced or, when anything
 * fails while staging, none is. What hubs are owed is decided against the
 * state's hashes, not the files on disk, and goes into that same state, which
 * is renamed first: a run that dies half-way may ping a hub twice, never zero
 * times. Returns 0 or -1 after reporting.
 */
static int
write_feeds(const struct config *cfg, struct scan *s, const struct run_opts *o,
    struct state *st, int changed[FEED_NKINDS])
{
	int owed[FEED_NKINDS] = {0}, k, rc = 0;
	struct batch b;
	size_t i;

	batch_init(&b);
	for (k = 0; k < FEED_NKINDS && rc == 0; k++) {
		const char *file = config_feed_file((enum feed_kind)k);
		char *doc, hash[25];
		size_t len;

		changed[k] = 0;
		if (!cfg->feeds[k]) {
			/* A feed no longer written has nothing to compare ids with. */
			free(st->hash[k]);
			st->hash[k] = NULL;
			state_clear_shown(st, file);
			continue;
		}
		doc = k == FEED_RSS ? rss_render(cfg, s->feed.v, s->feed.n, &len)
		    : atom_render(cfg, s->feed.v, s->feed.n, &len);
		if (!doc) {
			diag_system(file, "the XML writer failed; nothing written");
			rc = -1;
			break;
		}
		rc = batch_add(&b, cfg->output_dir, file, 0666, doc, len, o->dry_run, &changed[k]);
		state_hash(doc, len, hash);
		free(doc);
		owed[k] = !st->hash[k] || strcmp(st->hash[k], hash) != 0;
		free(st->hash[k]);
		st->hash[k] = xstrdup(hash);
		state_clear_shown(st, file);
		for (i = 0; i < s->feed.n; i++)
			state_add_shown(st, file, s->feed.v[i]->id, s->feed.v[i]->path, s->feed.v[i]->title);
	}
	if (rc == 0 && !o->dry_run) {
		publish_owe(cfg, st, owed);
		rc = state_stage(&b, cfg, st);	/* staged last: renamed first */
	}
	if (rc == 0)
		rc = batch_commit(&b);
	batch_free(&b);
	return rc;
}

static void
summary(const struct config *cfg, const struct scan *s, const struct run_opts *o,
    const int changed[FEED_NKINDS])
{
	int k;

	diag_info("%d entr%s read, %zu in the feeds, %d held back, %d expired, %d draft%s",
	    s->read, s->read == 1 ? "y" : "ies", s->feed.n, s->held, s->expired, s->drafts,
	    s->drafts == 1 ? "" : "s");
	for (k = 0; k < FEED_NKINDS; k++)
		if (cfg->feeds[k])
			diag_info("%s/%s %s%s", cfg->output_dir, config_feed_file((enum feed_kind)k),
			    o->dry_run ? "would be " : "", changed[k] ? "changed" : "unchanged");
	if (s->have_next) {
		char when[DATE_MAX];

		date_rfc3339(&s->next, when);
		diag_info("next scheduled change: %s", when);
	}
}

/* Sends what is pending, once the feeds and the state saying so are in place. */
static void
notify(const struct config *cfg, struct state *st, const struct run_opts *o)
{
	if (o->no_publish) {
		if (st->npending)
			diag_info("%zu hub notification%s pending (--no-publish)", st->npending,
			    st->npending == 1 ? "" : "s");
		return;
	}
	if (st->npending) {
		publish_send(cfg, st);
		state_save(cfg, st);
	}
}

int
build_run(struct run_opts *o)
{
	int changed[FEED_NKINDS] = {0}, lock = -1, wrote = 0;
	struct state st = {0};
	struct config *cfg;
	struct scan s = {0};
	size_t i;

	if (!(cfg = setup(o)))
		return report_invalid();
	/*
	 * Everything from reading the entries to the last write happens under the
	 * private folder's lock: two runs that overlapped could otherwise commit
	 * their views of the entries in the wrong order.
	 */
	if ((lock = output_lock(cfg->private_dir, cfg->lock_timeout, o->dry_run)) == -1)
		goto out;
	if (scan(o, cfg, &s, 1, 0) < 0 || diag_status() != EXIT_OK)
		goto out;
	feed_sort(&s.feed);
	for (i = 0; i < s.feed.n; i++)
		entry_render(s.feed.v[i], cfg, diag_verbose());
	diag_flush();
	if (diag_status() != EXIT_OK || state_load(cfg, &st) < 0)
		goto out;
	if (!o->dry_run) {
		output_sweep(cfg->output_dir);
		output_sweep(cfg->private_dir);
	}
	check_ids(&st, &s);
	if (write_feeds(cfg, &s, o, &st, changed) < 0)
		goto out;
	wrote = 1;
	summary(cfg, &s, o, changed);
	if (!o->dry_run)
		notify(cfg, &st, o);
out:
	output_unlock(lock);
	state_free(&st);
	scan_free(&s);
	config_free(cfg);
	if (!wrote)
		return report_invalid();
	diag_flush();
	return diag_status();
}

int
build_check(struct run_opts *o)
{
	struct config *cfg = setup(o);
	struct scan s = {0};

	if (cfg && scan(o, cfg, &s, o->nfiles == 0, 1) == 0)
		diag_info("%d entr%s valid", s.read, s.read == 1 ? "y" : "ies");
	scan_free(&s);
	config_free(cfg);
	return report_invalid();
}

int
build_next(struct run_opts *o)
{
	struct config *cfg;
	struct scan s = {0};
	int rc;

	if (!(cfg = setup(o)) || scan(o, cfg, &s, 1, 0) < 0 || diag_status() != EXIT_OK) {
		scan_free(&s);
		config_free(cfg);
		return report_invalid();
	}
	if (s.have_next) {
		char when[DATE_MAX];

		date_rfc3339(&s.next, when);
		printf("%s\n", when);
	} else {
		printf("none\n");
	}
	scan_free(&s);
	config_free(cfg);
	rc = stdout_done();
	return rc;
}

int
build_publish(struct run_opts *o)
{
	struct state st = {0};
	struct config *cfg;
	int lock;

	if (!(cfg = config_load(o->config)))
		return report_invalid();
	if ((lock = output_lock(cfg->private_dir, cfg->lock_timeout, 0)) >= 0 &&
	    state_load(cfg, &st) == 0) {
		publish_owe(cfg, &st, NULL);	/* drops what is no longer configured */
		if (state_save(cfg, &st) == 0)
			notify(cfg, &st, o);
	}
	output_unlock(lock);
	state_free(&st);
	config_free(cfg);
	diag_flush();
	return diag_status();
}

int
build_server_config(struct run_opts *o, const char *kind)
{
	struct config *cfg;

	if (!(cfg = config_load(o->config)))
		return report_invalid();
	publish_server_config(cfg, kind);
	config_free(cfg);
	return stdout_done();
}

int
build_new(struct run_opts *o, const char *title)
{
	struct config *cfg;
	struct schema *sc;

	if (!(cfg = setup(o)))
		return report_invalid();
	if ((sc = config_entry_schema(cfg)))
		scaffold_entry(cfg, sc, title, o->categories, (size_t)o->ncategories, o->now);
	schema_free(sc);
	config_free(cfg);
	return stdout_done();
}
