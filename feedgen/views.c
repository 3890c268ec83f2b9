/* views.c: a bounded feed per category and per author, and the names' slugs checked. */
#include "views.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "entry.h"
#include "slug.h"
#include "text.h"
#include "xalloc.h"

/* Folder names: a slug is at most this long (a path segment, well under NAME_MAX). */
#define SLUG_MAX 80

const char *
views_folder(enum view_dim d)
{
	return d == VIEW_CATEGORY ? "categories" : "authors";
}

char *
views_slug(const char *name)
{
	return slug_make(name, SLUG_MAX);
}

const char *
views_word(enum view_dim d)
{
	return d == VIEW_CATEGORY ? "category" : "author";
}

static uint64_t
hash(const char *s)
{
	return fnv1a64(FNV1A64_START, s, strlen(s));
}

/* Where key is in table t (by the views' names or slugs), or the empty slot for it. */
static size_t
slot(const struct views *vs, enum view_dim d, const size_t *t, const char *key, int byslug)
{
	size_t mask = vs->tcap[d] - 1, i = (size_t)hash(key) & mask;

	while (t[i]) {
		const struct view *v = &vs->v[d][t[i] - 1];

		if (strcmp(byslug ? v->slug : v->name, key) == 0)
			break;
		i = (i + 1) & mask;
	}
	return i;
}

static void
grow(struct views *vs, enum view_dim d)
{
	size_t i, cap = vs->tcap[d] ? vs->tcap[d] * 2 : 64;

	free(vs->byname[d]);
	free(vs->byslug[d]);
	vs->tcap[d] = cap;
	vs->byname[d] = xcalloc(cap, sizeof *vs->byname[d]);
	vs->byslug[d] = xcalloc(cap, sizeof *vs->byslug[d]);
	for (i = 0; i < vs->n[d]; i++) {
		const struct view *v = &vs->v[d][i];

		vs->byname[d][slot(vs, d, vs->byname[d], v->name, 0)] = i + 1;
		if (!v->clash && *v->slug)
			vs->byslug[d][slot(vs, d, vs->byslug[d], v->slug, 1)] = i + 1;
	}
}

/* The view of name in dimension d, made when new; returns its index. */
static size_t
view_of(struct views *vs, enum view_dim d, const char *name, const char *path, uint32_t n)
{
	struct view *v;
	size_t i, s;

	if (2 * (vs->n[d] + 1) > vs->tcap[d])
		grow(vs, d);
	i = slot(vs, d, vs->byname[d], name, 0);
	if (vs->byname[d][i])
		return vs->byname[d][i] - 1;
	if (vs->n[d] == vs->cap[d]) {
		vs->cap[d] = vs->cap[d] ? 2 * vs->cap[d] : 16;
		vs->v[d] = xrealloc(vs->v[d], vs->cap[d] * sizeof *vs->v[d]);
	}
	v = &vs->v[d][vs->n[d]];
	memset(v, 0, sizeof *v);
	v->name = xstrdup(name);
	v->slug = slug_make(name, SLUG_MAX);
	v->path = xstrdup(path);
	v->n = n;
	feed_init(&v->feed, vs->keep ? vs->limit : 0);
	vs->byname[d][i] = ++vs->n[d];
	if (*v->slug) {
		s = slot(vs, d, vs->byslug[d], v->slug, 1);
		if (vs->byslug[d][s])
			v->clash = vs->byslug[d][s];	/* "Reports" after "reports": one folder, two names */
		else
			vs->byslug[d][s] = vs->n[d];
	}
	return vs->n[d] - 1;
}

struct views *
views_new(const struct config *cfg, int keep)
{
	struct views *vs;

	if (!cfg->category_feeds && !cfg->author_feeds)
		return NULL;
	vs = xcalloc(1, sizeof *vs);
	vs->on[VIEW_CATEGORY] = cfg->category_feeds;
	vs->on[VIEW_AUTHOR] = cfg->author_feeds;
	vs->keep = keep;
	vs->limit = (size_t)cfg->limit;
	vs->site_author = cfg->author.name;
	vs->config_path = cfg->path;
	/* The site's author first: an entry's author that folds onto it is named against the configuration. */
	if (vs->on[VIEW_AUTHOR])
		view_of(vs, VIEW_AUTHOR, vs->site_author, cfg->path, VIEW_CONFIG);
	return vs;
}

int
views_ok(const struct views *vs, enum view_dim d, size_t i)
{
	return *vs->v[d][i].slug && !vs->v[d][i].clash;
}

static void
offer(struct views *vs, enum view_dim d, size_t i, struct entry *e)
{
	struct view *v = &vs->v[d][i];

	if (!vs->keep || !views_ok(vs, d, i))
		return;
	/* Only when it gets in: once the heap is full most entries do not. */
	if (v->feed.n == v->feed.limit && v->feed.n > 0 && !feed_newer(e, v->feed.v[0]))
		return;
	entry_free(feed_offer(&v->feed, entry_share(e)));
}

void
views_see(struct views *vs, struct entry *e, uint32_t n, int published)
{
	size_t i, j, k;

	if (!vs)
		return;
	if (vs->on[VIEW_CATEGORY]) {
		for (i = 0; i < e->ncategories; i++) {
			/* [a, a]: one entry, one place in the feed. */
			for (j = 0; j < i && strcmp(e->categories[j], e->categories[i]) != 0; j++)
				;
			if (j < i)
				continue;
			k = view_of(vs, VIEW_CATEGORY, e->categories[i], e->path, n);
			vs->v[VIEW_CATEGORY][k].uses++;
			if (published)
				offer(vs, VIEW_CATEGORY, k, e);
		}
	}
	if (vs->on[VIEW_AUTHOR]) {
		/* An entry without its own author is the site's author's. */
		k = view_of(vs, VIEW_AUTHOR, e->author.name ? e->author.name : vs->site_author, e->path, n);
		vs->v[VIEW_AUTHOR][k].uses++;
		if (published)
			offer(vs, VIEW_AUTHOR, k, e);
	}
}

/* For qsort: slugs are unique among the views that name a feed. */
static const struct view *sort_views;

static int
by_slug(const void *a, const void *b)
{
	return strcmp(sort_views[*(const size_t *)a].slug, sort_views[*(const size_t *)b].slug);
}

size_t *
views_sorted(struct views *vs, enum view_dim d, size_t *n)
{
	size_t *ix = xcalloc(vs->n[d] ? vs->n[d] : 1, sizeof *ix), i;

	*n = 0;
	for (i = 0; i < vs->n[d]; i++)
		if (views_ok(vs, d, i)) {
			feed_sort(&vs->v[d][i].feed);
			ix[(*n)++] = i;
		}
	sort_views = vs->v[d];
	qsort(ix, *n, sizeof *ix, by_slug);
	sort_views = NULL;
	return ix;
}

void
views_free(struct views *vs)
{
	size_t i;
	int d;

	if (!vs)
		return;
	for (d = 0; d < VIEW_NDIMS; d++) {
		for (i = 0; i < vs->n[d]; i++) {
			free(vs->v[d][i].name);
			free(vs->v[d][i].slug);
			free(vs->v[d][i].path);
			feed_free(&vs->v[d][i].feed);
		}
		free(vs->v[d]);
		free(vs->byname[d]);
		free(vs->byslug[d]);
	}
	free(vs);
}
