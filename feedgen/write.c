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
				diag_error(full->path, 0, 0, "changed while this run read it (expected it to stay "
				    "unchanged during a run: run feedgen again)");
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

static int
held(const struct docset *ds, const char *file)
{
	size_t i;

	for (i = 0; i < ds->n; i++)
		if (strcmp(ds->v[i]->file, file) == 0)
			return 1;
	return 0;
}

int
write_docs(const struct config *cfg, struct docset *ds, struct state *st, struct cache *cache,
    int dry_run)
{
	struct schema *sc = NULL;
	char **owed = NULL;
	size_t nowed = 0, i, j;
	struct batch b;
	int rc = 0;

	batch_init(&b);
	ds->changed = xcalloc(ds->n ? ds->n : 1, sizeof *ds->changed);
	for (i = 0; i < ds->n && rc == 0; i++) {
		struct doc *d = ds->v[i];
		const struct written *w = state_written(st, d->file);
		char *bytes, hash[25], *dir;
		const char *name;
		size_t len;

		if (still_there(cfg, st, cache, d)) {
			if (cache)
				cache_doc_note(cache, d->file, d->fp, (long long)w_size(cache, d->file));
			continue;
		}
		if (d->fill && d->fill(d, d->fill_arg) < 0) {
			rc = -1;
			break;
		}
		/* Raw HTML left out is told once, for the site's own feeds, with -v. */
		if (make_whole(cfg, &sc, d, diag_verbose() && !strchr(d->file, '/')) < 0) {
			rc = -1;
			break;
		}
		if (!(bytes = render_doc(cfg, d, &len))) {
			diag_system(d->file, "the %s writer failed; nothing written",
			    d->kind == FEED_JSON ? "JSON" : "XML");
			rc = -1;
			break;
		}
		split_file(cfg, d->file, &dir, &name);
		rc = batch_add(&b, dir, name, 0666, bytes, len, dry_run, &ds->changed[i]);
		free(dir);
		state_hash(bytes, len, hash);
		free(bytes);
		if (!w || strcmp(w->hash, hash) != 0) {
			owed = xrealloc(owed, (nowed + 1) * sizeof *owed);
			owed[nowed++] = d->self;
		}
		state_set_written(st, d->file, hash);
		if (cache)
			cache_doc_note(cache, d->file, d->fp, (long long)len);
	}
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
		state_clear_shown(st, file);
		state_set_written(st, file, NULL);
	}
	/* The entries each of the site's own feeds shows: what the id-change check compares with. */
	for (i = 0; i < ds->n && rc == 0; i++) {
		const struct doc *d = ds->v[i];

		if (strchr(d->file, '/'))
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
	batch_free(&b);
	schema_free(sc);
	free(owed);
	return rc;
}
