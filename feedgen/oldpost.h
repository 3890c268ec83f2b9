/* oldpost.h: a Jekyll or Hugo site's posts, read for feedgen import. */
#ifndef FEEDGEN_OLDPOST_H
#define FEEDGEN_OLDPOST_H

#include <stddef.h>

#include "date.h"

/* One post, as its file says it. */
struct oldpost {
	char *path;		/* the old file */
	char *name;		/* its base name without the extension, for post_url and link */
	char *url_slug;		/* the slug of its old URL (Jekyll: the name's or 'slug:', as Jekyll writes it) */
	char *url_seg;		/* url_slug as a URL writes it: percent-encoded */
	char *slug;		/* the new file's slug: url_slug made one feedgen accepts */
	char *title;		/* the front matter's, else Jekyll's from the slug */
	struct when date;	/* with the site's offset (TZ), so its day is the file name's */
	int has_updated;
	struct when updated;	/* Jekyll's last_modified_at, Hugo's lastmod */
	char *author, *summary;	/* NULL when not given */
	char **cats, **tags;	/* 'categories' then 'category' (Jekyll's URL order); 'tags' */
	size_t ncats, ntags;
	int draft;		/* Jekyll's published: false, Hugo's draft: true */
	char *own_url;		/* its own URL (Jekyll's 'permalink', Hugo's 'url'), or NULL: no
				   site pattern gives its link, so import's patterns leave it out */
	char *body;		/* after the front matter, as written */
	int body_line;		/* its first line in the file */
};

/* A front matter field import does not use, and how many posts had it. */
struct oldfield {
	char *name;
	int count;
};

/* A post not imported (TOML or JSON front matter, none at all), already warned about. */
struct oldskip {
	char *slug, *path;
};

struct oldsite {
	int hugo;		/* a Hugo site; else Jekyll's */
	struct oldpost *v;	/* by path */
	size_t n;
	struct oldfield *dropped;
	size_t ndropped;
	struct oldskip *skipped;
	size_t nskipped;
};

/*
 * Reads the posts under source: a Jekyll _posts folder, or a Jekyll site
 * (it holds _posts or _config.yml) with every _posts folder in it, the
 * folders above one being its posts' first categories (YYYY-MM-DD-slug.md
 * or .markdown, recursively), else a Hugo content
 * folder or a folder holding content/ (every .md and .markdown, page
 * bundles name/index.md, _index.md skipped). A post with TOML, JSON or no
 * front matter is a warning and skipped. Plain dates are read in TZ.
 * Returns 0, or -1 after reporting (s holds what was read either way; free
 * it with oldsite_free).
 */
int oldsite_read(const char *source, struct oldsite *s);
void oldsite_free(struct oldsite *s);
/* The path of the skipped post whose slug is slug (any case), or NULL. */
const char *oldsite_skipped(const struct oldsite *s, const char *slug);
/* The post a Liquid post_url or link names ("2024-03-02-first", "_posts/x.md"), or NULL. */
const struct oldpost *oldsite_find(const struct oldsite *s, const char *ref);

#endif
