/*
 * scan.c: the listing walked on the main thread, each entry's stat, cache
 * check and reading done by pool.c's workers in chunks, and the results
 * taken back in the listing's order: placed in the feed, counted, recorded
 * in the cache and reported, each entry's messages in one piece.
 */
#include "scan.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "archive.h"
#include "cache.h"
#include "diag.h"
#include "entry.h"
#include "ids.h"
#include "listing.h"
#include "pool.h"
#include "progress.h"
#include "render.h"
#include "schema.h"
#include "source.h"
#include "views.h"
#include "xalloc.h"

/*
 * Entries per job: enough that handing jobs over costs little, few enough to
 * share the work out. Measured at 100,000 cached entries (make bench's
 * corpus, 2 cores): 32 a job woke threads 3,500 times a run and took 1.5x
 * stat; 256 wakes them a few hundred times and takes about 1.0x; 512 is
 * no better. A cold job of 256 is ~10 ms of reading.
 */
#define CHUNK 256

/* One entry file, as the listing gave it, and what a worker made of it. */
struct item {
	char *path;
	int path_owned;		/* path was allocated (it did not fit its job's block) */
	struct listing_dir *dir;	/* its folder, held open: stat'ed and opened by name in it */
	int listed;		/* from the listing (stat'ed, cache used), not named on the command line */
	enum listed_kind kind;
	struct diag_sink pre;	/* the listing's messages before this file */
	int have_rec;
	struct cache_rec rec;	/* the old cache's record of it */
	/* Filled by the worker: */
	struct diag_sink diags;
	struct entry *e;	/* a stub, or NULL after errors */
	struct stat st;
	int have_st;		/* st is a regular file's */
	int gone;		/* removed since the listing saw it: not there at all */
	int hit, racy;
	char *line;		/* the new cache record of an entry read (cache_format), or NULL */
	size_t line_len;
	int line_owned;		/* line was allocated (it did not fit its job's block) */
};

struct job {
	struct job *next;	/* in the run's list of spare jobs */
	struct item v[CHUNK];
	size_t n;
	struct diag_sink post;	/* the listing's messages after the last file (its end) */
	/* The items' paths and cache records, one after another: no malloc per entry. */
	size_t used;
	char mem[CHUNK * 384];
};

/* What workers share: read only while the pool runs. */
struct scanner {
	const struct config *cfg;
	struct schema **sc;	/* one per worker: schema_check fills caches as it goes */
	const struct cache *cache;
	int render_all;
	int64_t now;
	time_t recent;	/* files changed at or after this second get no fingerprint (racy, as in cache.c) */
};

/*
 * A loaded entry reduced to what placing it needs, as the cache gives it
 * (id, title, dates, draft, categories, author's name, retraction, fingerprint):
 * the body, rendered or not, is dropped here, on the worker, and read again
 * only for the entries a feed keeps (write.c). Every entry, even one that
 * may get into the feed: a listing in date order makes each the newest so
 * far, and keeping them whole had the main thread free a parsed body per
 * entry from the workers' heaps, which cost a cold run at 100,000 entries a
 * fifth of its time in contended malloc locks, for the sake of not reading
 * the feed's 50 entries twice.
 */
static struct entry *
stub(struct entry *e)
{
	/* One allocation, freed on the main thread: one cross-thread free, not ten. */
	struct entry *s = entry_copy_stub(e);

	entry_free(e);
	return s;
}

/* A worker's buffer for cache records, kept from one entry of a job to the next. */
static _Thread_local struct buf record;

/* Formats the cache record of it's entry, just read, into its job's block (or a block of its own). */
static void
format_record(struct scanner *x, struct job *j, struct item *it)
{
	if (cache_format(x->cache, scan_inside(x->cfg, it->path), &it->st, it->e, &record) < 0)
		return;
	it->line_len = record.len;
	/* The main thread is done with j->used until the job comes back. */
	if (record.len + 1 <= sizeof j->mem - j->used) {
		it->line = memcpy(j->mem + j->used, record.data, record.len + 1);
		j->used += record.len + 1;
	} else {
		it->line = xstrndup(record.data, record.len);
		it->line_owned = 1;
	}
}

/* An entry just read whole: its fingerprint and cache record, then a stub. */
static void
loaded(struct scanner *x, struct job *j, struct item *it)
{
	if (it->have_st && it->st.st_mtim.tv_sec < x->recent && it->st.st_ctim.tv_sec < x->recent)
		it->e->fp = cache_fp(&it->st);
	if (x->cache && it->have_st)
		format_record(x, j, it);
	if (x->render_all)
		entry_render(it->e, 1);
	it->e = stub(it->e);
}

/* Where it is: its folder's descriptor and its name in it, or the path as given. */
static int
at(const struct item *it, const char **name)
{
	if (!it->dir) {
		*name = it->path;
		return AT_FDCWD;
	}
	*name = strrchr(it->path, '/') + 1;
	return listing_dir_fd(it->dir);
}

/*
 * A file the folder calls regular, with no cache record to check: opened
 * first and stat'ed through its descriptor (what a stat first would give,
 * taken before any read), one system call fewer. Returns 1 when it is done
 * with it; 0 to go the long way (stat, then read), which says what is wrong.
 */
static int
open_first(struct scanner *x, struct schema *sc, struct job *j, struct item *it)
{
	struct source *src;
	const char *name;
	int dfd = at(it, &name), fd = openat(dfd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		/* A file removed since readdir saw it is simply not there any more. */
		return errno == ENOENT ? (it->gone = 1) : 0;
	}
	if (fstat(fd, &it->st) < 0 || !S_ISREG(it->st.st_mode)) {
		close(fd);
		return 0;
	}
	it->have_st = 1;
	if ((src = source_read_fd(it->path, fd, &it->st))) {
		if ((it->e = entry_parse(it->path, src, x->cfg, sc)))
			loaded(x, j, it);
		source_free(src);
	}
	return 1;
}

/* Stats, then takes from the cache or reads one entry; on a worker thread. */
static void
work_item(struct scanner *x, struct schema *sc, struct job *j, struct item *it)
{
	diag_sink_begin(&it->diags);
	if (it->listed && it->kind == LISTED_FILE && !it->have_rec && open_first(x, sc, j, it)) {
		diag_sink_end();
		return;
	}
	if (it->listed) {
		const char *name;
		int dfd = at(it, &name);

		if (fstatat(dfd, name, &it->st, 0) == 0) {
			if (!(it->have_st = S_ISREG(it->st.st_mode))) {
				/* A link to a device or a FIFO: reading it could block, or never end. */
				diag_error(it->path, 0, 0, "not a regular file (expected an entry file)");
				diag_sink_end();
				return;
			}
		} else if (errno == ENOENT && it->kind == LISTED_FILE) {
			/* A file removed since readdir saw it is simply not there any more. */
			it->gone = 1;
			diag_sink_end();
			return;
		} else if (errno != ENOENT) {
			diag_syserr(it->path, "cannot stat");
			diag_sink_end();
			return;
		}
		/* A link to nothing: reading it says so. */
	}
	if (it->have_rec && it->have_st && x->cache)
		it->hit = (it->e = cache_hit(x->cache, &it->rec, it->path, &it->st, &it->racy)) != NULL;
	if (!it->e && (it->e = it->have_st ? entry_load_regular(it->path, x->cfg, sc) :
	    entry_load(it->path, x->cfg, sc)))
		loaded(x, j, it);
	diag_sink_end();
}

static void
work(void *arg, int worker, void *jobp)
{
	struct scanner *x = arg;
	struct job *j = jobp;
	size_t i;

	for (i = 0; i < j->n; i++)
		work_item(x, x->sc[worker], j, &j->v[i]);
	buf_free(&record);	/* one buffer per job: none left behind when the thread ends */
}

const char *
scan_inside(const struct config *cfg, const char *path)
{
	size_t n = strlen(cfg->entries_dir);

	if (strncmp(path, cfg->entries_dir, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

static void
note_next(struct scan *s, const struct when *w)
{
	if (!s->have_next || w->t < s->next.t) {
		s->next = *w;
		s->have_next = 1;
	}
}

/* Decides whether the feed shows e now; takes e. n is the entry's number in the run. */
static void
place(struct scan *s, struct scanner *x, struct entry *e, uint32_t n)
{
	const struct config *cfg = x->cfg;

	s->read++;
	idset_add(s->ids, e->id, n);
	if (s->watch)
		idwatch_see(s->watch, e->id, scan_inside(cfg, e->path), e->path, e->title);
	if (e->retracted) {
		/* Out of every feed, whatever else it says; retract.c decides its tombstone. */
		s->retracted++;
		retractions_add(&s->retractions, e->id, e->retracted);
		entry_free(e);
	} else if (e->draft) {
		s->drafts++;
		views_see(s->views, e, n, 0);
		entry_free(e);
	} else if (e->date.t > s->now) {
		s->held++;
		note_next(s, &e->date);
		views_see(s->views, e, n, 0);
		entry_free(e);
	} else if (e->has_expires && e->expires.t <= s->now) {
		s->expired++;
		views_see(s->views, e, n, 0);
		entry_free(e);
	} else {
		if (e->has_expires)
			note_next(s, &e->expires);
		views_see(s->views, e, n, 1);
		if (s->archive)
			archive_note(s->archive, e);
		entry_free(feed_offer(&s->feed, e));
	}
}

/* The state of one scan on the main thread. */
struct run {
	struct scan *s;
	struct scanner *x;
	const struct config *cfg;
	uint32_t next_n;	/* the number of the next entry file */
	unsigned char *bad;	/* a bit per entry number: the file had errors */
	size_t badcap;
	struct job *spare;	/* jobs taken back, to be given again */
	size_t taken, total;	/* files taken back, and all there are (0 until the listing ends): progress */
};

/* An empty job: a spare one, or a new one. */
static struct job *
job_new(struct run *r)
{
	struct job *j = r->spare;

	if (j)
		r->spare = j->next;
	else
		j = xmalloc(sizeof *j);
	memset(j, 0, offsetof(struct job, mem));
	return j;
}

/* A copy of path for an item of j: in j's block when it fits. */
static void
job_path(struct job *j, struct item *it, const char *path)
{
	size_t n = strlen(path) + 1;

	if (n <= sizeof j->mem - j->used) {
		it->path = memcpy(j->mem + j->used, path, n);
		j->used += n;
	} else {
		it->path = xstrdup(path);
		it->path_owned = 1;
	}
}

static void
mark_bad(struct run *r, uint32_t n)
{
	if (n / 8 >= r->badcap) {
		size_t cap = r->badcap ? r->badcap * 2 : 1024;

		while (n / 8 >= cap)
			cap *= 2;
		r->bad = xrealloc(r->bad, cap);
		memset(r->bad + r->badcap, 0, cap - r->badcap);
		r->badcap = cap;
	}
	r->bad[n / 8] |= (unsigned char)(1u << (n % 8));
}

static int
is_bad(const struct run *r, uint32_t n)
{
	return n / 8 < r->badcap && (r->bad[n / 8] >> (n % 8)) & 1;
}

/* Reports and places what a worker made of it, in the listing's order; frees its parts. */
static void
take_item(struct run *r, struct item *it)
{
	struct scan *s = r->s;
	uint32_t n;

	diag_sink_replay(&it->pre);
	diag_flush();
	progress_count(++r->taken, r->total);
	if (it->gone) {
		diag_sink_free(&it->diags);
		goto done;
	}
	n = r->next_n++;
	s->files++;
	if (it->diags.nerrors > 0) {
		s->invalid++;
		mark_bad(r, n);
	}
	diag_sink_replay(&it->diags);
	if (s->cache && it->have_rec) {
		if (it->hit)
			cache_keep(s->cache, &it->rec);
		else if (it->racy)
			cache_racy(s->cache);
	}
	if (s->cache && it->line)
		cache_note_line(s->cache, it->line, it->line_len);
	if (it->e)
		place(s, r->x, it->e, n);
	diag_flush();
done:
	cache_rec_free(&it->rec);
	listing_dir_release(it->dir);
	if (it->path_owned)
		free(it->path);
	if (it->line_owned)
		free(it->line);
}

static void
take(struct run *r, struct job *j)
{
	size_t i;

	for (i = 0; i < j->n; i++)
		take_item(r, &j->v[i]);
	diag_sink_replay(&j->post);
	diag_flush();
	j->next = r->spare;
	r->spare = j;
}

/* An entry loaded again, for its id: what it says this time is not reported twice. */
static struct entry *
load_quietly(const char *path, const struct config *cfg, struct schema *sc)
{
	struct diag_sink quiet = {0};
	struct entry *e;

	diag_sink_begin(&quiet);
	e = entry_load(path, cfg, sc);
	diag_sink_end();
	diag_sink_free(&quiet);
	return e;
}

/* An entry number and, once found again, the entry. */
struct found {
	uint32_t n;
	struct entry *e;
};

static int
by_n(const void *a, const void *b)
{
	uint32_t x = ((const struct found *)a)->n, y = ((const struct found *)b)->n;

	return x < y ? -1 : x > y;
}

static struct entry *
found_entry(const struct found *f, size_t nf, uint32_t n)
{
	struct found key = {n, NULL};
	const struct found *hit = bsearch(&key, f, nf, sizeof *f, by_n);

	return hit ? hit->e : NULL;
}

static int
named_before(const struct run_opts *o, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (strcmp(o->files[j], o->files[i]) == 0)
			return 1;
	return 0;
}

/*
 * Reads again, quietly, the entries f names by number (nf of them, in any
 * order, repeats allowed): one more walk of the listing, or of the named
 * files. Sorts f by number, drops repeats; returns how many are left.
 */
static size_t
find_again(struct run *r, const struct run_opts *o, int all, struct schema *sc, struct found *f,
    size_t nf)
{
	uint32_t n = 0;
	size_t i, k;

	qsort(f, nf, sizeof *f, by_n);
	for (k = 0, i = 0; i < nf; i++)
		if (k == 0 || f[k - 1].n != f[i].n)
			f[k++] = f[i];
	nf = k;
	if (all) {
		struct diag_sink quiet = {0};
		struct listing *l;
		enum listed_kind kind;
		const char *path;
		struct stat st;

		diag_sink_begin(&quiet);
		l = listing_open(r->cfg->entries_dir, 0);
		/* Numbered as the scan numbered them: files gone before they were read have none. */
		for (k = 0; k < nf && listing_next(l, &path, &kind) == 1;) {
			if (stat(path, &st) < 0 && errno == ENOENT && kind == LISTED_FILE)
				continue;
			if (n++ == f[k].n)
				f[k++].e = load_quietly(path, r->cfg, sc);
		}
		listing_close(l);
		diag_sink_end();
		diag_sink_free(&quiet);
	} else {
		/* Named files are numbered in the order given, each once. */
		for (i = 0, k = 0; i < (size_t)o->nfiles && k < nf; i++) {
			if (named_before(o, i))
				continue;
			if (n++ == f[k].n)
				f[k++].e = load_quietly(o->files[i], r->cfg, sc);
		}
	}
	return nf;
}

/*
 * Duplicate ids: the id set keeps a hash per entry, so the entries whose
 * hashes clash are found again by number (one more walk of the listing, only
 * when there are any), read again, and their ids compared.
 */
static void
report_duplicates(struct run *r, const struct run_opts *o, int all, struct schema *sc)
{
	struct scan *s = r->s;
	uint32_t (*pairs)[2];
	size_t np, i, nf = 0;
	struct found *f;

	idset_seal(s->ids);
	if (!(np = idset_clashes(s->ids, &pairs)))
		return;
	f = xcalloc(2 * np, sizeof *f);
	for (i = 0; i < np; i++) {
		f[nf++].n = pairs[i][0];
		f[nf++].n = pairs[i][1];
	}
	nf = find_again(r, o, all, sc, f, nf);
	for (i = 0; i < np; i++) {
		const struct entry *first = found_entry(f, nf, pairs[i][0]);
		const struct entry *later = found_entry(f, nf, pairs[i][1]);

		if (!first || !later || strcmp(first->id, later->id) != 0)
			continue;	/* two ids with one hash, or files changed since: no duplicate to name */
		diag_error(later->path, later->id_line, 1, "duplicate id '%s', already used by %s "
		    "(expected every entry to have its own id)", later->id, first->path);
		if (!is_bad(r, pairs[i][1])) {
			s->invalid++;
			mark_bad(r, pairs[i][1]);
		}
		diag_flush();
	}
	for (i = 0; i < nf; i++)
		entry_free(f[i].e);
	free(f);
	free(pairs);
}

/* Where name stands in e, the entry that named it in dimension d (0, 0: not known). */
static struct entry_pos
name_pos(const struct entry *e, enum view_dim d, const char *name)
{
	struct entry_pos none = {0, 0};
	size_t i;

	if (!e)
		return none;
	if (d == VIEW_AUTHOR)
		return e->author_pos;
	for (i = 0; i < e->ncategories; i++)
		if (e->category_pos && strcmp(e->categories[i], name) == 0)
			return e->category_pos[i];
	return none;
}

/* "entries/x.md:3:15", or the path alone when the position is not known; newly allocated. */
static char *
where(const char *path, struct entry_pos p)
{
	return p.line ? xasprintf("%s:%d:%d", path, p.line, p.col) : xstrdup(path);
}

/* A view in error, for reporting in the order of the entries that name it. */
struct bad_view {
	uint32_t n;
	enum view_dim d;
	size_t i;
};

static int
by_entry(const void *a, const void *b)
{
	const struct bad_view *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	if (x->d != y->d)
		return x->d < y->d ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* One name's error: no slug, or another name's slug. */
static void
report_view(struct run *r, const struct views *vs, const struct bad_view *b, const struct found *f,
    size_t nf)
{
	const struct view *v = &vs->v[b->d][b->i], *o;
	const char *word = views_word(b->d);
	struct entry_pos p = name_pos(v->n == VIEW_CONFIG ? NULL : found_entry(f, nf, v->n), b->d, v->name);
	char *here, *there, *uses;

	uses = v->uses > 1 ? xasprintf(" (%zu entries name it)", v->uses) : xstrdup("");
	if (!*v->slug) {
		diag_error(v->path, p.line, p.col, "%s '%s'%s has no Latin letter or digit to name its "
		    "feed's folder (expected a name such as 'reports': %s/<slug>/ is made of its letters "
		    "and digits)", word, v->name, uses, views_folder(b->d));
	} else {
		o = &vs->v[b->d][v->clash - 1];
		here = where(o->path, name_pos(o->n == VIEW_CONFIG ? NULL : found_entry(f, nf, o->n), b->d,
		    o->name));
		there = o->n == VIEW_CONFIG ? xasprintf("the site's author in %s", here) : here;
		if (there != here)
			free(here);
		diag_error(v->path, p.line, p.col, "%s '%s'%s and %s '%s' (%s) fold to one feed, %s/%s/ "
		    "(expected one spelling for one %s, or names that differ in a letter or digit)",
		    word, v->name, uses, word, o->name, there, views_folder(b->d), v->slug, word);
		free(there);
	}
	free(uses);
	if (v->n != VIEW_CONFIG && !is_bad(r, v->n)) {
		r->s->invalid++;
		mark_bad(r, v->n);
	}
}

/*
 * Names of categories and authors that give no folder, or the folder of
 * another name: reported once every entry is read, each at the first entry
 * that names it (read again for the position), naming the other's.
 */
static void
report_views(struct run *r, const struct run_opts *o, int all, struct schema *sc)
{
	const struct views *vs = r->s->views;
	struct bad_view *bad = NULL;
	struct found *f = NULL;
	size_t nbad = 0, nf = 0, i;
	int d;

	if (!vs)
		return;
	for (d = 0; d < VIEW_NDIMS; d++)
		for (i = 0; i < vs->n[d]; i++) {
			const struct view *v = &vs->v[d][i];

			if (*v->slug && !v->clash)
				continue;
			bad = xrealloc(bad, (nbad + 1) * sizeof *bad);
			bad[nbad++] = (struct bad_view){v->n, (enum view_dim)d, i};
			f = xrealloc(f, (nf + 2) * sizeof *f);
			if (v->n != VIEW_CONFIG)
				f[nf++] = (struct found){v->n, NULL};
			if (v->clash && vs->v[d][v->clash - 1].n != VIEW_CONFIG)
				f[nf++] = (struct found){vs->v[d][v->clash - 1].n, NULL};
		}
	if (!nbad)
		return;
	nf = find_again(r, o, all, sc, f, nf);
	qsort(bad, nbad, sizeof *bad, by_entry);
	for (i = 0; i < nbad; i++) {
		report_view(r, vs, &bad[i], f, nf);
		/* One file's messages in one piece, sorted by position. */
		if (i + 1 == nbad || bad[i + 1].n != bad[i].n)
			diag_flush();
	}
	for (i = 0; i < nf; i++)
		entry_free(f[i].e);
	free(f);
	free(bad);
}

/* Gives j to the pool, taking finished jobs back first while it is full. */
static void
give(struct pool *p, struct run *r, struct job *j)
{
	while (pool_full(p))
		take(r, pool_take(p));
	pool_give(p, j);
}

int
scan_entries(const struct run_opts *o, const struct config *cfg, struct scan *s, int all,
    enum scan_mode mode, struct idwatch *watch)
{
	struct scanner x = {cfg, NULL, NULL, mode == SCAN_CHECK, o->now, time(NULL) - 1};
	struct run r = {s, &x, cfg, 0, NULL, 0, NULL, 0, 0};
	size_t given = 0;
	int nw = o->jobs > 0 ? o->jobs : pool_cpus(), w, rc = 0;
	struct job *j;
	struct pool *p;

	memset(s, 0, sizeof *s);
	s->now = o->now;
	s->watch = watch;
	feed_init(&s->feed, cfg->complete ? SIZE_MAX : (size_t)cfg->limit);
	if (mode == SCAN_BUILD && all && cfg->archive)
		s->archive = archive_new(cfg, (size_t)cfg->archive, o->now);
	s->ids = idset_new();
	s->views = views_new(cfg, mode == SCAN_BUILD);
	x.sc = xcalloc((size_t)nw, sizeof *x.sc);
	for (w = 0; w < nw; w++)
		if (!(x.sc[w] = config_entry_schema(cfg))) {
			rc = -1;
			goto out;
		}
	if (all && mode != SCAN_CHECK && !o->no_cache)
		x.cache = s->cache = cache_open(cfg, mode == SCAN_BUILD && !o->dry_run);
	diag_flush();
	p = pool_start(nw, 4 * (size_t)nw, work, &x);
	progress_start("reading entries");
	j = job_new(&r);
	if (all) {
		struct listing *l;
		enum listed_kind kind;
		const char *path;
		int got;

		/* The listing's messages go with the file after them, so they keep their place. */
		diag_sink_begin(&j->v[0].pre);
		/* Warnings that would repeat on every cron run: for check and -v only. */
		l = listing_open(cfg->entries_dir, mode == SCAN_CHECK || diag_verbose());
		while ((got = listing_next(l, &path, &kind)) == 1) {
			struct item *it = &j->v[j->n++];

			diag_sink_end();
			job_path(j, it, path);
			it->dir = listing_here(l);
			it->listed = 1;
			it->kind = kind;
			given++;
			if (s->cache && (it->have_rec = cache_lookup(s->cache, scan_inside(cfg, path),
			    &it->rec, j->mem + j->used, sizeof j->mem - j->used)) && !it->rec.owned)
				j->used += it->rec.len + 1;
			if (j->n == CHUNK) {
				give(p, &r, j);
				j = job_new(&r);
			}
			diag_sink_begin(&j->v[j->n].pre);
		}
		diag_sink_end();
		/* What the listing said after its last file comes after that file. */
		j->post = j->v[j->n].pre;
		memset(&j->v[j->n].pre, 0, sizeof j->v[j->n].pre);
		listing_close(l);
		if (got < 0)
			rc = -1;
		r.total = given;
	} else {
		size_t i;

		for (i = 0; i < (size_t)o->nfiles; i++) {
			if (named_before(o, i))	/* check F F: one file, read once */
				continue;
			job_path(j, &j->v[j->n], o->files[i]);
			j->n++;
			given++;
			if (j->n == CHUNK) {
				give(p, &r, j);
				j = job_new(&r);
			}
		}
		r.total = given;
	}
	give(p, &r, j);
	while ((j = pool_take(p)))
		take(&r, j);
	pool_stop(p);
	while ((j = r.spare)) {
		r.spare = j->next;
		free(j);
	}
	progress_end();
	if (rc == 0) {
		report_duplicates(&r, o, all, x.sc[0]);
		report_views(&r, o, all, x.sc[0]);
	} else
		idset_seal(s->ids);
out:
	for (w = 0; w < nw; w++)
		schema_free(x.sc[w]);
	free(x.sc);
	free(r.bad);
	return rc;
}

void
scan_free(struct scan *s)
{
	feed_free(&s->feed);
	retractions_free(&s->retractions);
	idset_free(s->ids);
	idwatch_free(s->watch);
	views_free(s->views);
	cache_free(s->cache);
	archive_free(s->archive);
	s->archive = NULL;
	s->ids = NULL;
	s->watch = NULL;
	s->views = NULL;
	s->cache = NULL;
}
