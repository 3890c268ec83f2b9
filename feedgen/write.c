/* write.c: render what may have changed, stage what did, remove what is gone, commit. */
#include "write.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cache.h"
#include "diag.h"
#include "doc.h"
#include "entry.h"
#include "output.h"
#include "pool.h"
#include "progress.h"
#include "publish.h"
#include "render.h"
#include "schema.h"
#include "state.h"
#include "xalloc.h"

void
docs_add(struct docset *ds, struct doc *d)
{
	ds->v = xrealloc(ds->v, (ds->n + 1) * sizeof *ds->v);
	ds->v[ds->n++] = d;
}

void
docs_free(struct docset *ds)
{
	size_t i;

	for (i = 0; i < ds->n; i++)
		doc_free(ds->v[i]);
	for (i = 0; i < ds->nremoved; i++)
		free(ds->removed[i]);
	free(ds->v);
	free(ds->changed);
	free(ds->removed);
	memset(ds, 0, sizeof *ds);
}

/* path inside the entries folder, as the state records it. */
static const char *
inside(const struct config *cfg, const char *path)
{
	size_t n = strlen(cfg->entries_dir);

	return strncmp(path, cfg->entries_dir, n) == 0 && path[n] == '/' ? path + n + 1 : path;
}

/*
 * Reads whole each stub among d's entries (in place: the view that holds
 * them sees them whole too) and renders each body not yet rendered.
 * Returns 0, or -1 after reporting.
 */
static int
make_whole(const struct config *cfg, struct schema **sc, struct doc *d, int warn)
{
	struct entry *full;
	size_t i;
	int rc = 0;

	for (i = 0; i < d->n; i++) {
		struct entry *e = d->v[i];

		if (cache_stub(e)) {
			if (!*sc && !(*sc = config_entry_schema(cfg)))
				return -1;
			if (!(full = entry_load(e->path, cfg, *sc))) {
				rc = -1;
				continue;
			}
			if (!cache_same(e, full)) {
				entry_changed(full->path);
				entry_free(full);
				rc = -1;
				continue;
			}
			full->fp = e->fp;
			entry_free(e);
			d->v[i] = e = full;
		}
		if (!e->html)
			entry_render(e, warn);
	}
	diag_flush();
	return rc;
}

/* Turns d's whole entries back into stubs, in place, for the view that holds them. */
static void
shed(struct doc *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (!cache_stub(d->v[i])) {
			struct entry *s = entry_copy_stub(d->v[i]);

			entry_free(d->v[i]);
			d->v[i] = s;
		}
}

/*
 * Whether d's file is there as the last run left it, made from what makes d
 * now: the cache holds d's fingerprint, the state its file.
 */
static int
still_there(const struct config *cfg, const struct state *st, const struct cache *cache,
    const struct doc *d)
{
	struct stat sb;
	long long size;
	uint64_t fp;
	char *path;
	int ok;

	if (!d->fp || !cache || !state_written(st, d->file) || !cache_doc(cache, d->file, &fp, &size) ||
	    fp != d->fp)
		return 0;
	path = xasprintf("%s/%s", cfg->output_dir, d->file);
	ok = lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) && (long long)sb.st_size == size;
	free(path);
	return ok;
}

/* The folder part of file, "" for none, and its name. */
static void
split_file(const struct config *cfg, const char *file, char **dir, const char **name)
{
	const char *slash = strrchr(file, '/');

	*dir = slash ? xasprintf("%s/%.*s", cfg->output_dir, (int)(slash - file), file) :
	    xstrdup(cfg->output_dir);
	*name = slash ? slash + 1 : file;
}

/* The size the cache recorded for file (known: still_there found it). */
static long long
w_size(const struct cache *cache, const char *file)
{
	long long size = 0;
	uint64_t fp;

	cache_doc(cache, file, &fp, &size);
	return size;
}

/* d rendered with its n newest entries only; its length in *len. */
static char *
render_first(const struct config *cfg, struct doc *d, size_t n, size_t *len)
{
	size_t all = d->n;
	char *bytes;

	d->n = n;
	bytes = render_doc(cfg, d, len);
	d->n = all;
	return bytes;
}

/*
 * How many of d's newest entries fit cfg->max_bytes (all when d fits
 * whole): a binary search over the count, as bytes grow with it. An entry
 * left out that alone makes the file too large, or a file too large with
 * no entry, is an error (*over set). Returns (size_t)-1 when the writer
 * failed.
 */
static size_t
fit(const struct config *cfg, struct doc *d, int *over)
{
	size_t lo, hi, n = d->n, k, len;
	char *bytes, *path;

	*over = 0;
	if (!(bytes = render_doc(cfg, d, &len)))
		return (size_t)-1;
	free(bytes);
	if ((long long)len <= cfg->max_bytes)
		return n;
	/* The answer is in [lo, hi): hi entries are known too many; 0 is checked last. */
	for (lo = 0, hi = n; hi - lo > 1;) {
		size_t mid = lo + (hi - lo) / 2;

		if (!(bytes = render_first(cfg, d, mid, &len)))
			return (size_t)-1;
		free(bytes);
		if ((long long)len <= cfg->max_bytes)
			lo = mid;
		else
			hi = mid;
	}
	if (!(bytes = render_first(cfg, d, lo, &len)))
		return (size_t)-1;
	free(bytes);
	path = xasprintf("%s/%s", cfg->output_dir, d->file);
	if ((long long)len > cfg->max_bytes) {
		*over = 1;
		diag_error(path, 0, 0, "is %zu bytes with no entry, over max_bytes %lld (expected a "
		    "budget above the feed's own size: raise max_bytes)", len, cfg->max_bytes);
	}
	/*
	 * Every entry left out that could not be in this file even alone is a
	 * mistake to fix (when the feed alone is too large, that says it all).
	 */
	for (k = *over ? n : lo; k < n; k++) {
		struct doc alone = *d;

		alone.v = &d->v[k];
		alone.n = 1;
		if (!(bytes = render_doc(cfg, &alone, &len))) {
			free(path);
			return (size_t)-1;
		}
		free(bytes);
		if ((long long)len > cfg->max_bytes) {
			*over = 1;
			diag_error(d->v[k]->path, 0, 0, "makes %s %zu bytes on its own, over max_bytes %lld "
			    "(expected an entry that fits the feed's budget: shorten it, or raise max_bytes)",
			    path, len, cfg->max_bytes);
		}
	}
	free(path);
	return lo;
}

/* What wrote d, for the message when it failed. */
static const char *
writer(const struct doc *d)
{
	switch (d->kind) {
	case FEED_JSON:
		return "JSON";
	case DOC_PAGE:
		return "HTML";
	default:
		return "XML";
	}
}

/* One feed in several formats: the same entries (archive pages, filled when rendered, are on their own). */
static int
same_view(const struct doc *a, const struct doc *b)
{
	return !a->fill && !b->fill && a->v == b->v && a->n == b->n;
}

/*
 * With max_bytes, how many entries each document to render keeps (keep[i]):
 * the fewest that fit among the formats of its feed, so that a reader sees
 * the same items in each; a warning for each document cut. Returns 0, 1
 * after reporting entries over the budget, -1 when a writer failed.
 */
static int
budget(const struct config *cfg, struct docset *ds, const int *render, size_t *keep)
{
	size_t i, j;
	int over, bad = 0;

	for (i = 0; i < ds->n; i++) {
		/* The page is no feed file: it keeps what its feed keeps, whatever its size. */
		if (!render[i] || ds->v[i]->fill || ds->v[i]->kind >= FEED_NKINDS)
			continue;
		if ((keep[i] = fit(cfg, ds->v[i], &over)) == (size_t)-1) {
			diag_system(ds->v[i]->file, "the %s writer failed; nothing written", writer(ds->v[i]));
			return -1;
		}
		bad |= over;
	}
	for (i = 0; i < ds->n; i++)
		for (j = 0; render[i] && j < ds->n; j++)
			if (render[j] && same_view(ds->v[i], ds->v[j]) && keep[j] < keep[i])
				keep[i] = keep[j];
	for (i = 0; !bad && i < ds->n; i++) {
		char *path;

		if (!render[i] || ds->v[i]->fill || keep[i] == ds->v[i]->n || ds->v[i]->kind >= FEED_NKINDS)
			continue;
		path = xasprintf("%s/%s", cfg->output_dir, ds->v[i]->file);
		diag_warn(path, 0, 0, "the %zu oldest of its %zu entries left out, to keep every format of "
		    "the feed within max_bytes %lld", ds->v[i]->n - keep[i], ds->v[i]->n, cfg->max_bytes);
		free(path);
	}
	return bad;
}

static int
held(const struct docset *ds, const char *file)
{
	size_t i;

	for (i = 0; i < ds->n; i++)
		if (strcmp(ds->v[i]->file, file) == 0)
			return 1;
	return 0;
}

/*
 * Documents with one fill_arg (an archive page's formats), filled, rendered
 * and released on a worker; their bytes taken back on the main thread.
 */
struct group {
	size_t first, n;	/* ds->v[first .. first + n) */
	char *bytes[FEED_NKINDS];
	size_t len[FEED_NKINDS];
	struct diag_sink diags;
	int rc;			/* -1: reported in diags; -2: the writer failed on document failed */
	size_t failed;
};

struct pages {
	const struct config *cfg;
	struct docset *ds;
	struct schema **sc;	/* one per worker, made on its first page */
};

static void
render_group(void *arg, int worker, void *job)
{
	struct pages *pg = arg;
	struct group *g = job;
	struct doc *d = pg->ds->v[g->first];
	size_t k;

	diag_sink_begin(&g->diags);
	for (k = 0; k < g->n && g->rc == 0; k++) {
		d = pg->ds->v[g->first + k];
		if (!pg->sc[worker] && !(pg->sc[worker] = config_entry_schema(pg->cfg)))
			g->rc = -1;
		else if (d->fill(d, d->fill_arg, pg->sc[worker]) < 0 ||
		    make_whole(pg->cfg, &pg->sc[worker], d, 0) < 0)
			g->rc = -1;
		else if (!(g->bytes[k] = render_first(pg->cfg, d, d->n, &g->len[k]))) {
			g->rc = -2;
			g->failed = k;
		}
	}
	/* Only the bytes go back: the entries go now, and no document points to them. */
	d->release(d->fill_arg);
	for (k = 0; k < g->n; k++) {
		pg->ds->v[g->first + k]->v = NULL;
		pg->ds->v[g->first + k]->n = 0;
	}
	diag_sink_end();
}

/* The documents with a fill that are to be rendered, in runs of one fill_arg; *n of them. */
static struct group *
groups_of(const struct docset *ds, const int *render, size_t *n)
{
	struct group *g = NULL;
	size_t i;

	*n = 0;
	for (i = 0; i < ds->n; i++) {
		if (!render[i] || !ds->v[i]->fill)
			continue;
		if (*n && g[*n - 1].first + g[*n - 1].n == i && g[*n - 1].n < FEED_NKINDS &&
		    ds->v[g[*n - 1].first]->fill_arg == ds->v[i]->fill_arg) {
			g[*n - 1].n++;
			continue;
		}
		g = xrealloc(g, (*n + 1) * sizeof *g);
		memset(&g[*n], 0, sizeof *g);
		g[*n].first = i;
		g[(*n)++].n = 1;
	}
	return g;
}

int
write_docs(const struct config *cfg, struct docset *ds, struct state *st, struct cache *cache,
    int dry_run, int jobs)
{
	struct pool *pp = NULL;
	struct group *groups, *cur = NULL, *g;
	struct pages pg = {cfg, ds, NULL};
	size_t ngroups = 0, given = 0;
	int nw = jobs > 0 ? jobs : pool_cpus(), wk;
	struct schema *sc = NULL;
	char **owed = NULL;
	size_t nowed = 0, i, j;
	int *render = xcalloc(ds->n ? ds->n : 1, sizeof *render);
	size_t *keep = xcalloc(ds->n ? ds->n : 1, sizeof *keep);
	struct batch b;
	int rc = 0, bad = 0;

	batch_init(&b);
	ds->changed = xcalloc(ds->n ? ds->n : 1, sizeof *ds->changed);
	for (i = 0; i < ds->n; i++) {
		keep[i] = ds->v[i]->n;
		render[i] = !still_there(cfg, st, cache, ds->v[i]);
	}
	/* Under a budget, a feed's formats keep the same entries: rendered together. */
	for (i = 0; cfg->max_bytes && i < ds->n; i++)
		for (j = 0; render[i] && j < ds->n; j++)
			if (same_view(ds->v[i], ds->v[j]))
				render[j] = 1;
	for (i = 0; i < ds->n && rc == 0; i++)
		/* Raw HTML left out is told once, for the site's own feeds, with -v. */
		if (render[i] && make_whole(cfg, &sc, ds->v[i], diag_verbose() && !strchr(ds->v[i]->file, '/')) < 0)
			rc = -1;
	if (rc == 0 && cfg->max_bytes && (bad = budget(cfg, ds, render, keep)) < 0)
		rc = -1;
	groups = groups_of(ds, render, &ngroups);
	if (ngroups && rc == 0 && !bad) {
		pg.sc = xcalloc((size_t)nw, sizeof *pg.sc);
		/* Few pages out at once: each holds its documents' bytes. */
		pp = pool_start(nw, (size_t)nw + 1, render_group, &pg);
	}
	progress_start("writing feeds");
	for (i = 0; i < ds->n && rc == 0 && !bad; i++) {
		struct doc *d = ds->v[i];
		const struct written *w = state_written(st, d->file);
		char *bytes, hash[25], *dir;
		const char *name;
		size_t len;

		progress_count(i + 1, ds->n);
		if (!render[i]) {
			if (cache)
				cache_doc_note(cache, d->file, d->fp, (long long)w_size(cache, d->file));
			continue;
		}
		/* An archive page reads its entries now, on a worker, a few pages at a time; pages have no budget. */
		if (d->fill) {
			size_t k;

			while (given < ngroups && !pool_full(pp))
				pool_give(pp, &groups[given++]);
			if (!cur || i >= cur->first + cur->n) {
				cur = pool_take(pp);
				diag_sink_replay(&cur->diags);
				diag_flush();
				if (cur->rc == -1) {
					rc = -1;
					break;
				}
			}
			k = i - cur->first;
			bytes = cur->bytes[k];
			len = cur->len[k];
			cur->bytes[k] = NULL;
			keep[i] = 0;
		} else {
			bytes = render_first(cfg, d, keep[i], &len);
		}
		if (!bytes) {
			diag_system(d->file, "the %s writer failed; nothing written", writer(d));
			rc = -1;
			break;
		}
		d->n = keep[i];
		split_file(cfg, d->file, &dir, &name);
		rc = batch_add(&b, dir, name, 0666, bytes, len, dry_run, &ds->changed[i]);
		free(dir);
		state_hash(bytes, len, hash);
		free(bytes);
		/* The page and the XSLT are no WebSub topics: nobody subscribes to them. */
		if (d->kind < FEED_NKINDS && (!w || strcmp(w->hash, hash) != 0)) {
			owed = xrealloc(owed, (nowed + 1) * sizeof *owed);
			owed[nowed++] = d->self;
		}
		state_set_written(st, d->file, hash);
		state_set_removed(st, d->file, 0);
		if (cache)
			cache_doc_note(cache, d->file, d->fp, (long long)len);
		/* A view's entries, once its last document is rendered, go back to stubs: memory stays bounded. */
		if (!d->fill && strchr(d->file, '/') && (i + 1 == ds->n || ds->v[i + 1]->v != d->v))
			shed(d);
	}
	progress_end();
	diag_flush();
	if (pp) {
		/* Pages still out after a failure: their bytes are not written. */
		while ((g = pool_take(pp))) {
			for (j = 0; j < g->n; j++)
				free(g->bytes[j]);
			diag_sink_free(&g->diags);
		}
		pool_stop(pp);
		for (wk = 0; wk < nw; wk++)
			schema_free(pg.sc[wk]);
		free(pg.sc);
	}
	if (cur)
		for (j = 0; j < cur->n; j++)
			free(cur->bytes[j]);
	free(groups);
	if (bad)
		rc = -1;
	/* What the last run wrote and no document holds now: a view that emptied, a kind switched off. */
	for (j = st->nfiles; rc == 0 && j-- > 0;) {
		char *file = st->files[j].file, *dir;
		const char *name;

		if (held(ds, file))
			continue;
		ds->removed = xrealloc(ds->removed, (ds->nremoved + 1) * sizeof *ds->removed);
		ds->removed[ds->nremoved++] = xstrdup(file);
		if (!dry_run) {
			split_file(cfg, file, &dir, &name);
			batch_remove(&b, dir, name);
			free(dir);
		}
		/* A category's or author's feed that emptied: its topic may come back (state.h). */
		if (strchr(file, '/'))
			state_set_removed(st, file, 1);
		state_clear_shown(st, file);
		state_set_written(st, file, NULL);	/* frees file */
	}
	/*
	 * The entries each of the site's own feeds and each category's and
	 * author's Atom feed shows: what the id-change check and the tombstones
	 * compare with.
	 */
	for (i = 0; i < ds->n && rc == 0; i++) {
		const struct doc *d = ds->v[i];

		/*
		 * Not rendered: the file is as the run that rendered it left it, so
		 * are its entries, which a budget may have cut: the state says which.
		 */
		/* A category's or author's Atom feed too: its tombstones are for what it showed. */
		if ((strchr(d->file, '/') && (d->kind != FEED_ATOM || d->archive)) ||
		    (!render[i] && cfg->max_bytes) || d->kind >= FEED_NKINDS)
			continue;
		state_clear_shown(st, d->file);
		for (j = 0; j < d->n; j++)
			state_add_shown(st, d->file, d->v[j]->id, inside(cfg, d->v[j]->path), d->v[j]->title);
	}
	if (rc == 0 && !dry_run) {
		publish_owe(cfg, st, owed, nowed);
		if (cache)
			rc = cache_stage(cache, &b);
		if (rc == 0)
			rc = state_stage(&b, cfg, st);	/* staged last: renamed first */
	}
	if (rc == 0)
		rc = batch_commit(&b);
	for (i = 0; rc == 0 && !dry_run && i < ds->nremoved; i++) {
		const char *slash = strrchr(ds->removed[i], '/');

		if (slash) {
			char *sub = xstrndup(ds->removed[i], (size_t)(slash - ds->removed[i]));

			output_prune(cfg->output_dir, sub);
			free(sub);
		}
	}
	batch_free(&b);
	schema_free(sc);
	free(owed);
	free(render);
	free(keep);
	return rc;
}
