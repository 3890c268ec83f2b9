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
#include <sys/stat.h>
#include <time.h>

#include "archive.h"
#include "cache.h"
#include "config.h"
#include "date.h"
#include "diag.h"
#include "doc.h"
#include "entry.h"
#include "feed.h"
#include "ids.h"
#include "import.h"
#include "listing.h"
#include "output.h"
#include "publish.h"
#include "render.h"
#include "retract.h"
#include "scaffold.h"
#include "scan.h"
#include "schema.h"
#include "state.h"
#include "views.h"
#include "write.h"
#include "xalloc.h"

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

/*
 * Whether tzset loaded tz. glibc falls back to UTC without a word, naming the
 * zone after tz's leading letters ("Mars" for "Mars/Base"); UTC and GMT look
 * the same loaded or not, and mean the same.
 */
static int
zone_took(const char *tz)
{
	size_t n = strlen(tzname[0]);
	char after;

	if (strcmp(tz, "UTC") == 0 || strcmp(tz, "GMT") == 0)
		return 1;
	after = strlen(tz) >= n ? tz[n] : 'x';
	return !(timezone == 0 && !daylight && n > 0 && strncmp(tz, tzname[0], n) == 0 &&
	    !((after >= 'A' && after <= 'Z') || (after >= 'a' && after <= 'z')));
}

/* Loads the configuration, then sets the site's time zone and the clock. */
static struct config *
setup(struct run_opts *o)
{
	struct config *cfg;

	if (!(cfg = config_load(o->config)))
		return NULL;
	/* Plain dates are midnight in the site's zone: localtime then works in it. */
	if (setenv("TZ", cfg->timezone, 1) != 0) {
		diag_syserr(cfg->path, "cannot set the time zone '%s'", cfg->timezone);
		config_free(cfg);
		return NULL;
	}
	tzset();
	if (!zone_took(cfg->timezone)) {
		diag_system(cfg->path, "the C library could not load time zone '%s' (its file is damaged or "
		    "unreadable; plain dates would be read as UTC)", cfg->timezone);
		config_free(cfg);
		return NULL;
	}
	if (set_clock(o) < 0) {
		config_free(cfg);
		return NULL;
	}
	return cfg;
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

/* What build says after input errors; each command says what became of its own work. */
#define NO_FEED_WRITTEN "no feed written, the previous feeds are unchanged"

/*
 * "N errors", and "in M of K entries" when the scan (NULL: none) found
 * them in entries: the count every command's closing line gives.
 */
static void
print_count(int n, const struct scan *s)
{
	fprintf(stderr, "feedgen: %d error%s", n, n == 1 ? "" : "s");
	if (s && s->invalid > 0)
		fprintf(stderr, " in %d of %d entr%s", s->invalid, s->files, s->files == 1 ? "y" : "ies");
}

/*
 * Prints the run's messages, then after input errors a closing count (of
 * the entries s examined, unless NULL) and, unless NULL, what the command
 * did not do. Returns the exit status.
 */
static int
report_invalid(const struct scan *s, const char *outcome)
{
	int n = diag_error_count();

	diag_flush();
	/* A system error is one line, naming the file and the reason; input errors get a count. */
	if (n > 0) {
		print_count(n, s);
		fprintf(stderr, "%s%s\n", outcome ? "; " : "", outcome ? outcome : "");
	}
	return diag_status();
}

/*
 * An id the feeds showed last time has vanished while an entry from the same
 * file, or with the same title, appeared under a new id: readers will show the
 * item twice. Warn, naming both files as this run finds them, once per
 * vanished id, in the state's order. The scan told the watch every entry.
 */
static void
check_ids(const struct config *cfg, const struct state *st, const struct scan *s)
{
	size_t i;

	for (i = 0; s->watch && i < idwatch_count(s->watch); i++) {
		const char *oid, *nid, *npath;
		char *opath;

		if (!(oid = idwatch_vanished(s->watch, i, &nid, &npath)) || !nid)
			continue;
		opath = xasprintf("%s/%s", cfg->entries_dir, st->shown[i].path);
		diag_warn(npath, 0, 0, "id changed from '%s' (published from %s) to '%s': readers will "
		    "show this item twice (expected the old id: add 'id: %s' to the front matter)",
		    oid, opath, nid, oid);
		free(opath);
	}
	diag_flush();
}

/*
 * The tombstones an Atom document carries (their strings borrowed from st):
 * the site's feed, every one the state keeps; a category's or author's feed,
 * those of the entries it showed.
 */
static void
give_tombstones(const struct state *st, struct doc *d)
{
	size_t i, n = strlen(d->file);

	if (d->kind != FEED_ATOM)
		return;
	if (!strchr(d->file, '/')) {
		d->gone = st->gone;
		d->ngone = st->ngone;
		return;
	}
	for (i = 0; i < st->ngone; i++) {
		const char *w = st->gone[i].where, *at;

		/* where is a space-separated list of files: d's file as one whole word of it. */
		for (at = w; at && (at = strstr(at, d->file)); at += n)
			if ((at == w || at[-1] == ' ') && (at[n] == ' ' || at[n] == '\0'))
				break;
		if (!at)
			continue;
		if (!d->own_gone) {
			d->gone = xcalloc(st->ngone, sizeof *d->gone);
			d->own_gone = 1;
		}
		d->gone[d->ngone++] = st->gone[i];
	}
}

/*
 * Each enabled kind of the feed of every category (or author) with at least
 * one published entry, in slug order: categories/<slug>/feed.xml... titled
 * "<site title>: <name>", with an Atom id of its own under the site's.
 */
static void
make_view_docs(const struct config *cfg, const struct state *st, struct views *vs, enum view_dim dim,
    const char *key, struct docset *ds)
{
	size_t *ix, n, i;
	int k;

	if (!vs || !vs->on[dim])
		return;
	ix = views_sorted(vs, dim, &n);
	for (i = 0; i < n; i++) {
		struct view *v = &vs->v[dim][ix[i]];
		char *dir, *title;

		if (!v->feed.n)
			continue;
		dir = xasprintf("%s/%s", views_folder(dim), v->slug);
		title = xasprintf("%s: %s", cfg->title, v->name);
		for (k = 0; k < FEED_NKINDS; k++) {
			struct doc *d;

			if (!cfg->feeds[k])
				continue;
			d = doc_new(cfg, dir, (enum feed_kind)k, title);
			/* RFC 4287 4.2.6: one id per feed, for good: the site's, then the folder. */
			free(d->id);
			d->id = xasprintf("%s%s%s", cfg->id, cfg->id[strlen(cfg->id) - 1] == '/' ? "" : "/", dir);
			d->v = v->feed.v;
			d->n = v->feed.n;
			give_tombstones(st, d);
			d->fp = doc_fingerprint(d, key);
			docs_add(ds, d);
		}
		free(dir);
		free(title);
	}
	free(ix);
}


/*
 * The documents of this run: each enabled kind of the site's feed (its
 * Atom feed with the tombstones), its archive pages, then the feeds of each
 * category and author.
 * Each gets a fingerprint of what decides its bytes, so an unchanged one is
 * not rendered again.
 */
static void
make_docs(const struct config *cfg, const struct state *st, struct scan *s, struct docset *ds)
{
	size_t pages = s->archive ? archive_seal(s->archive, s->feed.n) : 0;
	char key[17];
	int k;

	cache_key(cfg, key);
	for (k = 0; k < FEED_NKINDS; k++) {
		struct doc *d;

		if (!cfg->feeds[k])
			continue;
		d = doc_new(cfg, "", (enum feed_kind)k, cfg->title);
		d->v = s->feed.v;
		d->n = s->feed.n;
		give_tombstones(st, d);
		/* RFC 5005 2 and 3: JSON Feed has neither marker nor archive links. */
		if (k != FEED_JSON) {
			d->complete = cfg->complete;
			d->prev_archive = pages ? archive_url(cfg, pages, (enum feed_kind)k) : NULL;
		}
		d->fp = doc_fingerprint(d, key);
		docs_add(ds, d);
	}
	/* Not feeds: the page for people shows the site feed's entries; the XSLT is the program's. */
	for (k = DOC_PAGE; k < DOC_NKINDS; k++) {
		struct doc *d;

		if (!(k == DOC_PAGE ? cfg->page : cfg->own_stylesheet))
			continue;
		d = doc_new(cfg, "", (enum feed_kind)k, cfg->title);
		if (k == DOC_PAGE) {
			d->v = s->feed.v;
			d->n = s->feed.n;
		}
		d->fp = doc_fingerprint(d, key);
		docs_add(ds, d);
	}
	if (s->archive)
		archive_docs(s->archive, cfg, key, ds);
	make_view_docs(cfg, st, s->views, VIEW_CATEGORY, key, ds);
	make_view_docs(cfg, st, s->views, VIEW_AUTHOR, key, ds);
}

static void
summary(const struct config *cfg, const struct scan *s, const struct run_opts *o,
    const struct docset *ds)
{
	char retracted[32] = "";
	size_t i;

	/* Said only when there are any: retractions are rare. */
	if (s->retracted)
		snprintf(retracted, sizeof retracted, ", %d retracted", s->retracted);
	diag_info("%d entr%s read, %zu in the feeds, %d held back, %d expired, %d draft%s%s",
	    s->read, s->read == 1 ? "y" : "ies", s->feed.n, s->held, s->expired, s->drafts,
	    s->drafts == 1 ? "" : "s", retracted);
	/* The site's own feeds always; the others when they changed. */
	for (i = 0; i < ds->n; i++)
		if (ds->changed[i] || !strchr(ds->v[i]->file, '/'))
			diag_info("%s/%s %s%s", cfg->output_dir, ds->v[i]->file,
			    o->dry_run ? "would be " : "", ds->changed[i] ? "changed" : "unchanged");
	for (i = 0; i < ds->nremoved; i++)
		diag_info("%s/%s %sremoved", cfg->output_dir, ds->removed[i], o->dry_run ? "would be " : "");
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
	int lock = -1, wrote = 0, loaded;
	struct docset ds = {0};
	struct diag_sink state_says = {0};
	struct state st = {0};
	struct idwatch *watch;
	struct config *cfg;
	struct scan s = {0};
	size_t i;

	o->have_next = 0;
	if (!(cfg = setup(o)))
		return report_invalid(NULL, NO_FEED_WRITTEN);
	/*
	 * Everything from reading the entries to the last write happens under the
	 * private folder's lock: two runs that overlapped could otherwise commit
	 * their views of the entries in the wrong order.
	 */
	if ((lock = output_lock(cfg->private_dir, cfg->lock_timeout, o->dry_run)) == -1)
		goto out;
	/* Before the scan: it writes the new cache's temporary in the private folder. */
	if (!o->dry_run) {
		output_sweep(cfg->output_dir);
		output_sweep(cfg->private_dir);
	}
	/*
	 * The state is read before the entries, so the scan can tell what became
	 * of the ids the feeds showed last time; what reading it says is told
	 * after the entries, as it matters only once they are valid.
	 */
	diag_sink_begin(&state_says);
	loaded = state_load(cfg, &st);
	diag_sink_end();
	watch = idwatch_new();
	for (i = 0; i < st.nshown; i++)
		idwatch_old(watch, st.shown[i].id, st.shown[i].path, st.shown[i].title);
	if (scan_entries(o, cfg, &s, 1, SCAN_BUILD, watch) < 0 || diag_status() != EXIT_OK)
		goto out;
	feed_sort(&s.feed);
	diag_sink_replay(&state_says);
	diag_flush();
	if (loaded < 0 || diag_status() != EXIT_OK)
		goto out;
	check_ids(cfg, &st, &s);
	/* Before write_docs replaces the shown lists: they say what readers may hold. */
	retract_update(&st, &s.retractions, s.ids, o->now, cfg->tombstone_days);
	retract_next(&st, cfg->tombstone_days, &s.next, &s.have_next);
	make_docs(cfg, &st, &s, &ds);
	if (write_docs(cfg, &ds, &st, s.cache, o->dry_run, o->jobs) < 0)
		goto out;
	wrote = 1;
	o->have_next = s.have_next;
	o->next = s.next.t;
	summary(cfg, &s, o, &ds);
	if (!o->dry_run)
		notify(cfg, &st, o);
out:
	docs_free(&ds);
	diag_sink_free(&state_says);
	output_unlock(lock);
	state_free(&st);
	scan_free(&s);
	config_free(cfg);
	if (!wrote)
		return report_invalid(&s, NO_FEED_WRITTEN);
	diag_flush();
	return diag_status();
}

int
build_check(struct run_opts *o)
{
	struct config *cfg = setup(o);
	struct scan s = {0};

	if (cfg && scan_entries(o, cfg, &s, o->nfiles == 0, SCAN_CHECK, NULL) == 0)
		diag_info("%d entr%s valid", s.read, s.read == 1 ? "y" : "ies");
	scan_free(&s);
	config_free(cfg);
	/* check writes nothing, ever: its closing line says what it found, and where. */
	return report_invalid(&s, NULL);
}

int
build_next(struct run_opts *o)
{
	struct diag_sink quiet = {0};
	struct state st = {0};
	struct config *cfg;
	struct scan s = {0};
	int rc;

	if (!(cfg = setup(o)) || scan_entries(o, cfg, &s, 1, SCAN_PEEK, NULL) < 0 || diag_status() != EXIT_OK) {
		scan_free(&s);
		config_free(cfg);
		return report_invalid(&s, NULL);
	}
	/* A tombstone leaving the Atom feeds is a change by the clock too; the state says when. */
	diag_sink_begin(&quiet);
	if (state_load(cfg, &st) == 0)
		retract_next(&st, cfg->tombstone_days, &s.next, &s.have_next);
	diag_sink_end();
	diag_sink_free(&quiet);
	state_free(&st);
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

/* publish --dry-run: what a real run would send, on stdout. */
static void
list_pending(const struct state *st)
{
	size_t i;

	for (i = 0; i < st->npending; i++)
		printf("would notify %s of %s\n", st->pending[i].hub, st->pending[i].topic);
}

int
build_publish(struct run_opts *o)
{
	struct state st = {0};
	struct config *cfg;
	int lock;

	if (!(cfg = config_load(o->config)))
		return report_invalid(NULL, "nothing sent");
	/* A dry run takes the lock shared and creates nothing: no lock file, no state. */
	if ((lock = output_lock(cfg->private_dir, cfg->lock_timeout, o->dry_run)) != -1 &&
	    state_load(cfg, &st) == 0) {
		publish_owe(cfg, &st, NULL, 0);	/* drops what is no longer configured */
		if (o->dry_run)
			list_pending(&st);
		else if (state_save(cfg, &st) == 0)
			notify(cfg, &st, o);
	}
	output_unlock(lock);
	state_free(&st);
	config_free(cfg);
	return stdout_done();
}

int
build_server_config(struct run_opts *o, const char *kind)
{
	struct config *cfg;

	if (!(cfg = config_load(o->config)))
		return report_invalid(NULL, NULL);
	publish_server_config(cfg, kind);
	config_free(cfg);
	return stdout_done();
}

int
build_import(struct run_opts *o, const char *source)
{
	struct import_opts io = {source, o->feed, o->dry_run, o->quiet};
	struct schema *sc = NULL;
	struct config *cfg;

	if (!(cfg = setup(o)))
		return report_invalid(NULL, "nothing imported");
	if ((sc = config_entry_schema(cfg)))
		import_run(cfg, sc, &io);
	schema_free(sc);
	config_free(cfg);
	stdout_done();
	return report_invalid(NULL, "nothing written");
}

int
build_new(struct run_opts *o, const char *title)
{
	struct scaffold_request rq = {title, o->categories, (size_t)o->ncategories, 0, o->dry_run};
	struct schema *sc = NULL;
	struct config *cfg;
	struct scan s = {0};

	if (scaffold_check(&rq) < 0 || !(cfg = setup(o)))
		return report_invalid(NULL, "no entry written");
	rq.now = o->now;
	/*
	 * Every entry's id, drafts and scheduled ones included: the new id must
	 * differ from each, and an entry too broken to give its id could hold it.
	 */
	if (scan_entries(o, cfg, &s, 1, SCAN_PEEK, NULL) == 0 && diag_error_count() > 0) {
		scan_free(&s);
		config_free(cfg);
		return report_invalid(&s, "no entry written (its id must differ from every entry's: fix "
		    "these first)");
	}
	if (diag_status() == EXIT_OK && (sc = config_entry_schema(cfg)))
		scaffold_entry(cfg, sc, s.ids, &rq);
	schema_free(sc);
	scan_free(&s);
	config_free(cfg);
	stdout_done();
	return report_invalid(&s, "no entry written");
}
