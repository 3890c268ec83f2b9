/* doc.c: a document's names and URLs, made one way for every view. */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "entry.h"
#include "text.h"

#include "render.h"
#include "xmlw.h"
#include "xalloc.h"

struct doc *
doc_new(const struct config *cfg, const char *dir, enum feed_kind k, const char *title)
{
	struct doc *d = xcalloc(1, sizeof *d);

	d->file = *dir ? xasprintf("%s/%s", dir, config_feed_file(k)) : xstrdup(config_feed_file(k));
	d->kind = k;
	/* WebSub 4: the self URL, the notified URL and the subscribed URL are one string. */
	d->self = *dir || k >= FEED_NKINDS ? xasprintf("%s%s", cfg->feed_base, d->file) :
	    xstrdup(cfg->feed_url[k]);
	d->title = xstrdup(title);
	d->id = xstrdup(cfg->id);
	return d;
}

static uint64_t
fold(uint64_t h, const char *s)
{
	/* With its NUL: "ab" then "c" differs from "a" then "bc". */
	return s ? fnv1a64(h, s, strlen(s) + 1) : fnv1a64(h, "", 0);
}

uint64_t
doc_fingerprint_entries(const struct doc *d)
{
	uint64_t h = FNV1A64_START;
	size_t i;

	for (i = 0; i < d->n; i++) {
		if (!d->v[i]->fp)
			return 0;
		/* The file by its identity, not by how -c spells its path. */
		h = fold(h, d->v[i]->id);
		h = fnv1a64(h, &d->v[i]->fp, sizeof d->v[i]->fp);
	}
	return h ? h : 1;
}

uint64_t
doc_fingerprint_with(const struct doc *d, const char key[17], uint64_t entries)
{
	uint64_t h = fnv1a64(FNV1A64_START, key, 16);
	size_t i;
	int kind = (int)d->kind;

	if (!entries)
		return 0;
	h = fold(fold(h, d->file), d->title);
	h = fnv1a64(h, &kind, sizeof kind);
	h = fnv1a64(h, &d->complete, sizeof d->complete);
	h = fnv1a64(h, &d->archive, sizeof d->archive);
	h = fold(fold(fold(h, d->current), d->prev_archive), d->next_archive);
	for (i = 0; i < d->ngone; i++) {
		h = fold(fold(h, d->gone[i].id), d->gone[i].reason);
		h = fnv1a64(h, &d->gone[i].when.t, sizeof d->gone[i].when.t);
	}
	h = fnv1a64(h, &entries, sizeof entries);
	return h ? h : 1;
}

uint64_t
doc_fingerprint(const struct doc *d, const char key[17])
{
	return doc_fingerprint_with(d, key, doc_fingerprint_entries(d));
}

void
doc_free(struct doc *d)
{
	if (!d)
		return;
	free(d->file);
	free(d->self);
	free(d->title);
	free(d->id);
	free(d->current);
	free(d->prev_archive);
	free(d->next_archive);
	if (d->own_gone)
		free(d->gone);
	free(d);
}

char *
render_doc(const struct config *c, const struct doc *d, size_t *len)
{
	switch (d->kind) {
	case FEED_RSS:
		return rss_render(c, d, len);
	case FEED_ATOM:
		return atom_render(c, d, len);
	case FEED_JSON:
		return jsonfeed_render(c, d, len);
	case DOC_PAGE:
		return page_render(c, d, len);
	case DOC_XSL:
		return stylesheet_render(len);
	default:
		return NULL;
	}
}

void
doc_history(struct xw *w, const struct doc *d, const char *type,
    void (*link)(struct xw *w, const char *rel, const char *href, const char *type))
{
	if (d->current)
		link(w, "current", d->current, type);
	if (d->prev_archive)
		link(w, "prev-archive", d->prev_archive, type);
	if (d->next_archive)
		link(w, "next-archive", d->next_archive, type);
	if (d->complete) {
		xw_start(w, "fh:complete");
		xw_end(w);
	}
	if (d->archive) {
		xw_start(w, "fh:archive");
		xw_end(w);
	}
}
